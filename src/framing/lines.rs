//! Delimiter framing: every message ends with a newline.
//!
//! ```text
//! +---- line: any bytes but \n ----+-- \n --+---- next line ----+-- \n --+
//! |  h e l l o                     |  \x0a  |  f r o m          |  \x0a  |
//! +--------------------------------+--------+-------------------+--------+
//! Python:  sock.sendall(msg + b'\n')
//!          buf += sock.recv(4096); line, sep, buf = buf.partition(b'\n')
//! ```
//!
//! The third fix the field knows, beside fixed length and a length field:
//! text protocols (SMTP, Redis's inline commands, JSON Lines, HTTP's header
//! block) all end their messages with a delimiter. It costs one byte per
//! message and a human can type it, which is why `nc` works as a client. Two
//! costs come with it:
//!
//! - a message must not contain the delimiter, or it arrives as two
//!   messages: the sender escapes it ([`escape`]), or sends such data with a
//!   length field instead;
//! - the receiver cannot know a line's length before its end arrives, so it
//!   must set a limit ([`DEFAULT_MAX_LINE`]) and refuse a line that passes
//!   it before buffering more, or one peer that never sends `\n` fills its
//!   memory.
//!
//! Only `\n` ends a line: a `\r` before it (telnet, Windows) stays part of
//! the line, so every message comes back exactly as it was sent.

use super::{Decoded, FrameDecoder, Framing};
use crate::error::{Error, Result};

/// The delimiter.
pub const NEWLINE: u8 = b'\n';

/// The default longest line a receiver accepts, newline not counted: 64 KiB.
pub const DEFAULT_MAX_LINE: usize = 64 * 1024;

/// What a line is called in errors about a stream that ended inside one.
const WHAT: &str = "line (no newline yet)";

/// Newline-terminated messages, with a limit on the line a receiver accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines {
    max_line: usize,
}

impl Default for Lines {
    fn default() -> Self {
        Lines::new(DEFAULT_MAX_LINE)
    }
}

impl Lines {
    /// A codec refusing lines longer than `max_line` bytes (newline not counted).
    pub fn new(max_line: usize) -> Self {
        Lines { max_line }
    }

    /// The longest line accepted, in bytes, newline not counted.
    pub fn max_line(&self) -> usize {
        self.max_line
    }

    fn too_long(&self) -> Error {
        Error::LineTooLong {
            max: self.max_line as u64,
        }
    }
}

impl Framing for Lines {
    type Decoder = LineDecoder;

    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()> {
        if let Some(at) = msg.iter().position(|&b| b == NEWLINE) {
            return Err(Error::NewlineInMessage { len: msg.len(), at });
        }
        if msg.len() > self.max_line {
            return Err(self.too_long());
        }
        out.extend_from_slice(msg);
        out.push(NEWLINE);
        Ok(())
    }

    fn decoder(&self) -> LineDecoder {
        LineDecoder {
            max_line: self.max_line,
            scanned: 0,
        }
    }
}

/// The line decoder: it remembers how far it has looked for the newline.
///
/// Bytes already scanned are not scanned again when more arrive, so a line
/// that comes in a thousand pieces costs one pass over its bytes, not a
/// thousand (a 4 MiB line in 1 KiB pieces: 4 MiB scanned instead of about
/// 8 GiB). `memchr` does the scanning, several bytes per instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineDecoder {
    max_line: usize,
    /// Bytes at the front of the buffer known to hold no newline.
    scanned: usize,
}

impl FrameDecoder for LineDecoder {
    fn decode(&mut self, buf: &[u8]) -> Result<Decoded> {
        // Look no further than a line may go: a newline past the limit
        // would end a line that has already been refused.
        let window = buf.len().min(self.max_line + 1);
        let from = self.scanned.min(window);
        if let Some(at) = memchr::memchr(NEWLINE, &buf[from..window]) {
            let end = from + at;
            // The next call starts at the next line.
            self.scanned = 0;
            return Ok(Decoded::Frame {
                consumed: end + 1,
                payload: 0..end,
            });
        }
        // The check comes before any further read: a peer that never sends
        // a newline costs at most one read past the limit, not all it sends.
        if buf.len() > self.max_line {
            return Err(Error::LineTooLong {
                max: self.max_line as u64,
            });
        }
        self.scanned = window;
        // A delimiter gives no length up front. All that is known is that
        // one more byte is needed at least, so that is what this asks for.
        Ok(Decoded::Incomplete {
            what: WHAT,
            got: buf.len(),
            expected: buf.len() + 1,
        })
    }
}

/// The backslash that starts an escape.
const ESCAPE: u8 = b'\\';

/// One fix for a message that contains the newline: write it as the two
/// bytes `\n` (and a backslash as `\\`), so the line on the wire holds no
/// newline. The receiver calls [`unescape`] on each line.
///
/// ```text
/// message:   t w o \x0a l i n e s          9 bytes, one newline inside
/// escaped:   t w o \ n l i n e s \x0a      10 bytes + the delimiter
/// ```
pub fn escape(msg: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(msg.len() + msg.len() / 8);
    for &b in msg {
        match b {
            NEWLINE => out.extend_from_slice(b"\\n"),
            ESCAPE => out.extend_from_slice(b"\\\\"),
            _ => out.push(b),
        }
    }
    out
}

/// Undoes [`escape`]. A backslash followed by anything but `n` or `\`, or
/// by nothing, is refused with its position.
pub fn unescape(line: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(line.len());
    let mut bytes = line.iter().enumerate();
    while let Some((at, &b)) = bytes.next() {
        if b != ESCAPE {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some((_, b'n')) => out.push(NEWLINE),
            Some((_, &ESCAPE)) => out.push(ESCAPE),
            _ => return Err(Error::BadEscape { at }),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_the_message_and_a_newline() {
        let mut out = Vec::new();
        Lines::default().encode(b"hello", &mut out).unwrap();
        assert_eq!(out, b"hello\n");
    }

    #[test]
    fn decode_finds_the_first_newline_only() {
        assert_eq!(
            Lines::default().decode(b"two\nlines\n").unwrap(),
            Decoded::Frame {
                consumed: 4,
                payload: 0..3
            }
        );
        assert_eq!(
            Lines::default().decode(b"\n").unwrap(),
            Decoded::Frame {
                consumed: 1,
                payload: 0..0
            }
        );
    }

    #[test]
    fn without_a_newline_one_more_byte_is_asked_for() {
        assert_eq!(
            Lines::default().decode(b"hel").unwrap(),
            Decoded::Incomplete {
                what: WHAT,
                got: 3,
                expected: 4
            }
        );
    }

    #[test]
    fn the_sender_refuses_a_message_holding_a_newline() {
        let err = Lines::default()
            .encode(b"two\nlines", &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "message of 9 bytes holds a newline at byte 3: it would arrive as two lines"
        );
    }

    #[test]
    fn a_line_at_the_limit_passes_and_one_byte_more_is_refused() {
        let codec = Lines::new(4);
        assert!(matches!(
            codec.decode(b"abcd\n").unwrap(),
            Decoded::Frame { consumed: 5, .. }
        ));
        assert!(matches!(
            codec.decode(b"abcd").unwrap(),
            Decoded::Incomplete { .. }
        ));
        let err = codec.decode(b"abcde").unwrap_err();
        assert_eq!(
            err.to_string(),
            "line refused: no newline within the limit of 4 bytes"
        );
        // A newline just past the limit does not rescue the line.
        assert!(codec.decode(b"abcde\n").is_err());
        assert!(codec.encode(b"abcde", &mut Vec::new()).is_err());
    }

    #[test]
    fn read_frame_stops_at_the_newline() {
        let mut r = &b"one\ntwo\nrest"[..];
        let codec = Lines::default();
        assert_eq!(codec.read_frame(&mut r).unwrap(), Some(b"one".to_vec()));
        // Not a byte of the next line was taken.
        assert_eq!(r, b"two\nrest");
    }

    #[test]
    fn read_frame_reports_a_line_cut_short_and_a_clean_end() {
        let codec = Lines::default();
        let err = codec.read_frame(&mut &b"abc"[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 4 bytes of line (no newline yet)"
        );
        assert_eq!(codec.read_frame(&mut &b""[..]).unwrap(), None);
    }

    #[test]
    fn read_frame_refuses_an_endless_line_after_the_limit() {
        let codec = Lines::new(100);
        let mut endless = std::io::repeat(b'x');
        assert!(matches!(
            codec.read_frame(&mut endless),
            Err(Error::LineTooLong { max: 100 })
        ));
    }

    #[test]
    fn the_decoder_scans_each_byte_once() {
        // Fed the same buffer growing by one byte, the decoder looks only at
        // the new byte each time: its place is where the last call stopped.
        let mut d = Lines::default().decoder();
        let bytes = b"abcdef\nrest";
        for len in 1..=6 {
            assert!(matches!(
                d.decode(&bytes[..len]).unwrap(),
                Decoded::Incomplete { .. }
            ));
            assert_eq!(d.scanned, len);
        }
        assert_eq!(
            d.decode(&bytes[..7]).unwrap(),
            Decoded::Frame {
                consumed: 7,
                payload: 0..6
            }
        );
        // After a frame it starts again at the next line.
        assert_eq!(d.scanned, 0);
    }

    #[test]
    fn escaping_keeps_newlines_off_the_wire_and_comes_back() {
        let msg = b"two\nlines \\ and a backslash";
        let escaped = escape(msg);
        assert!(!escaped.contains(&NEWLINE));
        assert_eq!(escape(b"two\nlines"), b"two\\nlines");
        assert_eq!(unescape(&escaped).unwrap(), msg);
    }

    #[test]
    fn a_bad_escape_is_refused_with_its_position() {
        assert!(matches!(
            unescape(b"ab\\x"),
            Err(Error::BadEscape { at: 2 })
        ));
        assert!(matches!(
            unescape(b"end\\"),
            Err(Error::BadEscape { at: 3 })
        ));
    }
}
