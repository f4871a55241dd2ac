//! Varint-prefixed framing: the length as a base-128 varint, then that many bytes.
//!
//! ```text
//! +-- len: varint --+---- payload: len bytes ----+
//! | \x0b            |  hello world               |    11 < 128: one byte
//! | \xac\x02        |  (300 bytes)               |    300 = 0b10_0101100: two
//! +-----------------+----------------------------+
//! each byte: 7 bits of the length, least significant first; the top bit
//! says "another byte follows".
//! ```
//!
//! This is how protobuf's `writeDelimitedTo` separates messages, and MQTT
//! writes its remaining length the same way: a short message pays one byte
//! of header instead of four. The price is a header of unknown length, so
//! the receiver reads it a byte at a time until a byte without the top bit,
//! and must stop a peer that sends continuation bytes forever: a length
//! field longer than the limit needs is refused as soon as it is.

use super::{Decoded, FrameDecoder, Framing};
use crate::error::{Error, Result};
use crate::framing::DEFAULT_MAX_FRAME;

/// `[varint length][payload]`, with a limit on the length a receiver accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarintPrefixed {
    max_frame: usize,
}

impl Default for VarintPrefixed {
    fn default() -> Self {
        VarintPrefixed::new(DEFAULT_MAX_FRAME)
    }
}

/// `n` as a varint, appended to `out`.
pub fn encode_varint(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Bytes the varint of `n` takes.
fn varint_len(n: u64) -> usize {
    let bits = 64 - n.leading_zeros() as usize;
    bits.div_ceil(7).max(1)
}

impl VarintPrefixed {
    /// A codec refusing payloads above `max_frame` bytes.
    pub fn new(max_frame: usize) -> Self {
        VarintPrefixed { max_frame }
    }

    /// The largest payload accepted, in bytes.
    pub fn max_frame(&self) -> usize {
        self.max_frame
    }

    /// The most bytes a length field may take: those of the limit's varint.
    pub fn max_header(&self) -> usize {
        varint_len(self.max_frame as u64)
    }
}

impl Framing for VarintPrefixed {
    type Decoder = VarintDecoder;

    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if msg.len() > self.max_frame {
            return Err(Error::FrameTooLarge {
                len: msg.len() as u64,
                max: self.max_frame as u64,
            });
        }
        encode_varint(msg.len() as u64, out);
        out.extend_from_slice(msg);
        Ok(())
    }

    fn decoder(&self) -> VarintDecoder {
        VarintDecoder {
            codec: *self,
            parsed: None,
        }
    }
}

/// The varint decoder: once the length field is in, it keeps the header's
/// size and the length, so neither is parsed again as the payload arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VarintDecoder {
    codec: VarintPrefixed,
    /// The header's bytes and the payload's length, once known.
    parsed: Option<(usize, usize)>,
}

impl VarintDecoder {
    /// Reads the length field at the front of `buf`: the header's size and
    /// the length, or, while the field is incomplete, what to wait for.
    fn header(&self, buf: &[u8]) -> Result<std::result::Result<(usize, usize), Decoded>> {
        let max_header = self.codec.max_header();
        let mut len = 0u64;
        let mut header = None;
        for (i, &b) in buf.iter().enumerate().take(max_header) {
            len |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                header = Some(i + 1);
                break;
            }
        }
        let Some(header) = header else {
            if buf.len() >= max_header {
                return Err(Error::VarintTooLong {
                    max_bytes: max_header,
                });
            }
            // One more byte may end the length field: ask for exactly that.
            return Ok(Err(Decoded::Incomplete {
                what: "varint length",
                got: buf.len(),
                expected: buf.len() + 1,
            }));
        };
        if len > self.codec.max_frame as u64 {
            return Err(Error::FrameTooLarge {
                len,
                max: self.codec.max_frame as u64,
            });
        }
        Ok(Ok((header, len as usize)))
    }
}

impl FrameDecoder for VarintDecoder {
    fn decode(&mut self, buf: &[u8]) -> Result<Decoded> {
        let (header, len) = match self.parsed {
            Some(parsed) => parsed,
            None => match self.header(buf)? {
                Ok(parsed) => {
                    self.parsed = Some(parsed);
                    parsed
                }
                Err(incomplete) => return Ok(incomplete),
            },
        };
        let have = buf.len() - header;
        if have < len {
            return Ok(Decoded::Incomplete {
                what: "frame payload",
                got: have,
                expected: len,
            });
        }
        // The next call starts at the next length field.
        self.parsed = None;
        Ok(Decoded::Frame {
            consumed: header + len,
            payload: header..header + len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_protobufs_varints() {
        for (n, bytes) in [
            (0u64, &[0x00][..]),
            (1, &[0x01]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (300, &[0xac, 0x02]),
        ] {
            let mut out = Vec::new();
            encode_varint(n, &mut out);
            assert_eq!(out, bytes, "{n}");
            assert_eq!(varint_len(n), bytes.len());
        }
        let mut out = Vec::new();
        VarintPrefixed::default()
            .encode(b"hello world", &mut out)
            .unwrap();
        assert_eq!(out, b"\x0bhello world");
    }

    #[test]
    fn an_endless_length_field_is_refused_at_the_limits_length() {
        // 8 MiB needs 4 bytes of varint; a fifth is never read.
        let codec = VarintPrefixed::default();
        assert_eq!(codec.max_header(), 4);
        assert!(matches!(
            codec.decode(&[0x80, 0x80, 0x80]),
            Ok(Decoded::Incomplete {
                got: 3,
                expected: 4,
                ..
            })
        ));
        assert!(matches!(
            codec.decode(&[0x80, 0x80, 0x80, 0x80]),
            Err(Error::VarintTooLong { max_bytes: 4 })
        ));
        // Within the bytes, above the limit: refused before the payload.
        assert!(matches!(
            codec.decode(&[0xff, 0xff, 0xff, 0x7f]),
            Err(Error::FrameTooLarge {
                len: 268_435_455,
                ..
            })
        ));
    }

    #[test]
    fn close_in_the_middle_is_reported_with_counts() {
        let codec = VarintPrefixed::default();
        let err = codec.read_frame(&mut &b"\xac\x02abc"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 300 bytes of frame payload"
        );
        let err = codec.read_frame(&mut &b"\xac"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 1 of 2 bytes of varint length"
        );
        assert_eq!(codec.read_frame(&mut &b"\x00"[..]).unwrap(), Some(vec![]));
    }
}
