//! Reading exactly N bytes from a byte stream, and telling a clean close from a cut one.
//!
//! `read(buf)` may return anything from 1 byte to `buf.len()` bytes, and 0 only
//! when the peer has closed. Every framing fix rests on looping until the
//! agreed number of bytes is in hand (Stevens' `readn`, Rust's `read_exact`).
//! `read_exact` alone cannot tell "the peer closed between two messages",
//! which ends a conversation normally, from "the peer closed in the middle of
//! one", which is an error; [`read_full`] can.

use std::io::{ErrorKind, Read};

use crate::error::{Context, Error, Result};

/// What [`read_full`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Filled {
    /// The whole buffer was filled.
    Full,
    /// The peer closed before sending a single byte of it: a clean end.
    Eof,
}

/// Reads until `buf` is full or the stream ends, looping over short reads;
/// returns how many bytes arrived. Fewer than `buf.len()` means the peer
/// closed. Interrupted reads are retried.
pub fn fill<R: Read + ?Sized>(r: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            // A zero-byte read is the peer closing; reading again would return 0 forever.
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// Fills `buf` completely, looping over short reads.
///
/// Returns [`Filled::Eof`] when the stream ends before the first byte, and
/// [`Error::ClosedMidFrame`] (naming `what` was being read) when it ends after
/// some but not all of them.
pub fn read_full<R: Read + ?Sized>(
    r: &mut R,
    buf: &mut [u8],
    what: &'static str,
) -> Result<Filled> {
    match fill(r, buf).map_err(Error::io(Context::Reading(what)))? {
        n if n == buf.len() => Ok(Filled::Full),
        0 => Ok(Filled::Eof),
        got => Err(Error::ClosedMidFrame {
            what,
            got: got as u64,
            expected: buf.len() as u64,
        }),
    }
}

/// Fills `buf` completely; a close before the first byte is an error too.
/// For what must follow once a conversation has begun: the echo of a line
/// just sent, the body announced by a header. (Not Go's `io.ReadAll`, which
/// reads to the end of the stream: this reads exactly `buf.len()` bytes.)
pub fn read_exactly<R: Read + ?Sized>(r: &mut R, buf: &mut [u8], what: &'static str) -> Result<()> {
    match read_full(r, buf, what)? {
        Filled::Full => Ok(()),
        Filled::Eof => Err(Error::ClosedMidFrame {
            what,
            got: 0,
            expected: buf.len() as u64,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resegment::{Pieces, Resegmenter, Seed};

    #[test]
    fn fills_across_short_reads() {
        let data: Vec<u8> = (0..100).collect();
        let mut r = Resegmenter::new(&data[..], Pieces::up_to(3), Seed(42));
        let mut buf = [0u8; 100];
        assert_eq!(read_full(&mut r, &mut buf, "test").unwrap(), Filled::Full);
        assert_eq!(&buf[..], &data[..]);
    }

    #[test]
    fn fill_counts_what_arrived_before_a_close() {
        let mut buf = [0u8; 10];
        let mut r = Resegmenter::new(&b"abcdef"[..], Pieces::up_to(2), Seed(1));
        assert_eq!(fill(&mut r, &mut buf).unwrap(), 6);
        assert_eq!(&buf[..6], b"abcdef");
    }

    #[test]
    fn clean_eof_before_first_byte() {
        let mut buf = [0u8; 4];
        assert_eq!(
            read_full(&mut &b""[..], &mut buf, "header").unwrap(),
            Filled::Eof
        );
    }

    #[test]
    fn close_mid_buffer_reports_counts() {
        let mut buf = [0u8; 10];
        let err = read_full(&mut &b"abc"[..], &mut buf, "payload").unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 10 bytes of payload"
        );
    }

    #[test]
    fn read_exactly_treats_immediate_close_as_error() {
        let mut buf = [0u8; 2];
        let err = read_exactly(&mut &b""[..], &mut buf, "body").unwrap_err();
        assert!(matches!(
            err,
            Error::ClosedMidFrame {
                got: 0,
                expected: 2,
                ..
            }
        ));
    }
}
