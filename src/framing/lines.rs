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

use std::io::Read;

use super::{Decoded, Framing};
use crate::error::{Error, Result};
use crate::exact::{read_full, Filled};

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

    fn decode(&self, buf: &[u8]) -> Result<Decoded> {
        // Look no further than a line may go: a newline past the limit
        // would end a line that has already been refused.
        let window = &buf[..buf.len().min(self.max_line + 1)];
        if let Some(end) = window.iter().position(|&b| b == NEWLINE) {
            return Ok(Decoded::Frame {
                consumed: end + 1,
                payload: 0..end,
            });
        }
        // The check comes before any further read: a peer that never sends
        // a newline costs at most one read past the limit, not all it sends.
        if buf.len() > self.max_line {
            return Err(self.too_long());
        }
        // A delimiter gives no length up front. All that is known is that
        // one more byte is needed at least, so that is what this asks for.
        Ok(Decoded::Incomplete {
            what: WHAT,
            got: buf.len(),
            expected: buf.len() + 1,
        })
    }

    /// Reads one line, one byte per `read` call.
    ///
    /// Slow, and on purpose: the contract is "no byte more than the frame",
    /// and the only way to stop exactly at a newline without knowing where
    /// it is, is to look at every byte as it comes. `decode` asks for one
    /// more byte at a time, and only the byte just read can change its
    /// answer, so it is asked again only when that byte is the newline or
    /// takes the line past the limit (asking after every byte would scan
    /// the line again each time). A real server reads lines through the
    /// buffered [`Deframer`](super::Deframer) instead, which reads many
    /// bytes at once and keeps what follows the newline for the next line.
    fn read_frame<R: Read + ?Sized>(&self, r: &mut R) -> Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        loop {
            let mut byte = [0u8; 1];
            match read_full(r, &mut byte, WHAT)? {
                Filled::Full => line.push(byte[0]),
                Filled::Eof if line.is_empty() => return Ok(None),
                Filled::Eof => {
                    return Err(Error::ClosedMidFrame {
                        what: WHAT,
                        got: line.len() as u64,
                        expected: line.len() as u64 + 1,
                    })
                }
            }
            if byte[0] == NEWLINE || line.len() > self.max_line {
                if let Decoded::Frame { payload, .. } = self.decode(&line)? {
                    line.truncate(payload.end);
                    return Ok(Some(line));
                }
            }
        }
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
