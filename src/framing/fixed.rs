//! Fixed-length framing: both sides agree that every message is N bytes.
//!
//! ```text
//! +---------------- N bytes (default 32) ----------------+
//! | message bytes ...          | \0 \0 \0 ... (padding)  |
//! +------------------------------------------------------+
//! ```
//!
//! The sender pads short messages with zero bytes; the receiver reads exactly
//! N bytes and strips the trailing zeros. Simple and robust, at two costs:
//! padding wastes bandwidth, and a message cannot end in a zero byte (those
//! zeros would be taken for padding). Python: `msg.ljust(n, b'\0')` to send,
//! `sock.recv` in a loop until N bytes, then `.rstrip(b'\0')`.

use super::{Decoded, FrameDecoder, Framing};
use crate::error::{Error, Result};

/// Every message is exactly `size` bytes on the wire, zero-padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedLength {
    size: usize,
}

impl FixedLength {
    /// The agreed size, in bytes; it must be at least 1.
    pub fn new(size: usize) -> Result<Self> {
        if size == 0 {
            return Err(Error::ZeroSize);
        }
        Ok(FixedLength { size })
    }

    /// The agreed size, in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    fn unpad(record: &[u8]) -> usize {
        record.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1)
    }
}

impl Framing for FixedLength {
    /// A record's size is known up front: there is no place to keep.
    type Decoder = FixedLength;

    // Once per frame, from another crate's loop: as for the length prefix.
    #[inline]
    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if msg.len() > self.size {
            return Err(Error::MessageTooLong {
                len: msg.len(),
                size: self.size,
            });
        }
        out.extend_from_slice(msg);
        out.resize(out.len() + self.size - msg.len(), 0);
        Ok(())
    }

    fn decoder(&self) -> FixedLength {
        *self
    }
}

impl FrameDecoder for FixedLength {
    #[inline]
    fn decode(&mut self, buf: &[u8]) -> Result<Decoded> {
        if buf.len() < self.size {
            return Ok(Decoded::Incomplete {
                what: "fixed-size message",
                got: buf.len(),
                expected: self.size,
            });
        }
        Ok(Decoded::Frame {
            consumed: self.size,
            payload: 0..Self::unpad(&buf[..self.size]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_agreed_size() {
        let mut out = Vec::new();
        FixedLength::new(8)
            .unwrap()
            .encode(b"hi", &mut out)
            .unwrap();
        assert_eq!(out, b"hi\0\0\0\0\0\0");
    }

    #[test]
    fn refuses_a_message_longer_than_the_size() {
        let err = FixedLength::new(4)
            .unwrap()
            .encode(b"hello", &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "message of 5 bytes does not fit the fixed size of 4 bytes"
        );
    }

    #[test]
    fn zero_size_is_refused() {
        assert!(matches!(FixedLength::new(0), Err(Error::ZeroSize)));
    }

    #[test]
    fn decode_waits_for_a_whole_record() {
        let f = FixedLength::new(4).unwrap();
        assert!(matches!(
            f.decode(b"ab").unwrap(),
            Decoded::Incomplete {
                got: 2,
                expected: 4,
                ..
            }
        ));
        assert_eq!(
            f.decode(b"ab\0\0cd").unwrap(),
            Decoded::Frame {
                consumed: 4,
                payload: 0..2
            }
        );
    }

    #[test]
    fn read_frame_reports_a_record_cut_short() {
        let f = FixedLength::new(4).unwrap();
        let err = f.read_frame(&mut &b"abc"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 4 bytes of fixed-size message"
        );
    }
}
