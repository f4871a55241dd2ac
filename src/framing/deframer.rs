//! The incremental decoder: whatever bytes arrived in, whole frames out.
//!
//! The loop at the heart of every framing fix:
//!
//! ```text
//! buffer += what read() returned
//! loop: try to parse one frame at the front of the buffer
//!       -> incomplete: go read more      (a normal state, not an error)
//!       -> a frame: hand it out, advance past it, try again
//! read() returned 0: clean end if the buffer is empty, an error otherwise
//! ```

use std::io::{ErrorKind, Read};
use std::ops::Range;

use super::{Decoded, Framing};
use crate::error::{Error, Result};

/// Each read asks for at least 64 KiB: on a busy stream of small frames, the
/// cost of a system call is spread over a thousand frames or so. Larger
/// frames grow the buffer up to what the framing allows.
const READ_CHUNK: usize = 64 * 1024;

/// Buffers bytes that arrived in any pieces and yields whole frames.
#[derive(Debug)]
pub struct Deframer<F> {
    framing: F,
    /// Storage; only `buf[start..end]` holds bytes not yet handed out.
    buf: Vec<u8>,
    start: usize,
    end: usize,
}

impl<F: Framing> Deframer<F> {
    /// An empty decoder for `framing`.
    pub fn new(framing: F) -> Self {
        Deframer {
            framing,
            buf: vec![0; READ_CHUNK],
            start: 0,
            end: 0,
        }
    }

    /// The framing in use.
    pub fn framing(&self) -> &F {
        &self.framing
    }

    /// Adds bytes as they arrived, in whatever piece.
    pub fn push(&mut self, bytes: &[u8]) {
        self.make_room(bytes.len());
        self.buf[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
    }

    /// Bytes received but not yet handed out as a frame.
    pub fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// The next whole frame, if the buffer holds one; `Ok(None)` means
    /// "feed me more bytes".
    pub fn next_frame(&mut self) -> Result<Option<&[u8]>> {
        Ok(self.next_range()?.map(|r| &self.buf[r]))
    }

    fn next_range(&mut self) -> Result<Option<Range<usize>>> {
        match self.framing.decode(&self.buf[self.start..self.end])? {
            Decoded::Incomplete { .. } => Ok(None),
            Decoded::Frame { consumed, payload } => {
                let at = self.start;
                self.start += consumed;
                Ok(Some(at + payload.start..at + payload.end))
            }
        }
    }

    /// The error for a stream that ends now: `None` if it ends between frames.
    pub fn closed_error(&self) -> Result<Option<Error>> {
        if self.buffered() == 0 {
            return Ok(None);
        }
        match self.framing.decode(&self.buf[self.start..self.end])? {
            Decoded::Incomplete {
                what,
                got,
                expected,
            } => Ok(Some(Error::ClosedMidFrame {
                what,
                got: got as u64,
                expected: expected as u64,
            })),
            // A whole frame is still buffered: not an error, the caller has
            // simply not asked for it yet.
            Decoded::Frame { .. } => Ok(None),
        }
    }

    /// Reads once from `r` straight into the buffer. Returns the byte count,
    /// 0 when the peer has closed.
    pub fn read_from<R: Read + ?Sized>(&mut self, r: &mut R) -> std::io::Result<usize> {
        // Room for at least a chunk, more when a large frame is known to be
        // coming (decode has already checked its length against the limit).
        let want = match self.framing.decode(&self.buf[self.start..self.end]) {
            Ok(Decoded::Incomplete { got, expected, .. }) => (expected - got).max(READ_CHUNK),
            _ => READ_CHUNK,
        };
        self.make_room(want);
        loop {
            match r.read(&mut self.buf[self.end..]) {
                Ok(n) => {
                    self.end += n;
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes `extra` bytes free after `end`: first by moving the unread
    /// bytes to the front (they are few: at most one partial frame), then by
    /// growing. The storage is zeroed only when it grows, not on every read.
    fn make_room(&mut self, extra: usize) {
        if self.buf.len() - self.end >= extra {
            return;
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < extra {
            self.buf.resize(self.end + extra, 0);
        }
    }
}

/// A [`Deframer`] reading from a `Read`: one call, one whole frame.
#[derive(Debug)]
pub struct FrameReader<R, F> {
    inner: R,
    deframer: Deframer<F>,
}

impl<R: Read, F: Framing> FrameReader<R, F> {
    /// Frames from `inner`, decoded with `framing`.
    pub fn new(inner: R, framing: F) -> Self {
        FrameReader {
            inner,
            deframer: Deframer::new(framing),
        }
    }

    /// The next frame; `Ok(None)` when the peer closed cleanly between frames,
    /// [`Error::ClosedMidFrame`] when it closed inside one.
    pub fn read_frame(&mut self) -> Result<Option<&[u8]>> {
        loop {
            if let Some(range) = self.deframer.next_range()? {
                return Ok(Some(&self.deframer.buf[range]));
            }
            let n = self
                .deframer
                .read_from(&mut self.inner)
                .map_err(Error::io("reading frames"))?;
            if n == 0 {
                return match self.deframer.closed_error()? {
                    Some(e) => Err(e),
                    None => Ok(None),
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::{Endian, LengthPrefixed};
    use crate::resegment::{Pieces, Resegmenter, Seed};

    #[test]
    fn yields_frames_across_arbitrary_pieces() {
        let codec = LengthPrefixed::default();
        let mut wire = Vec::new();
        for m in [&b"one"[..], b"", b"three"] {
            codec.encode(m, &mut wire).unwrap();
        }
        let mut d = Deframer::new(codec);
        let mut out = Vec::new();
        for byte in &wire {
            d.push(std::slice::from_ref(byte));
            while let Some(f) = d.next_frame().unwrap() {
                out.push(f.to_vec());
            }
        }
        assert_eq!(out, vec![b"one".to_vec(), vec![], b"three".to_vec()]);
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn frame_reader_reports_close_mid_frame() {
        let codec = LengthPrefixed::new(Endian::Big, 100);
        let wire = b"\x00\x00\x00\x02ok\x00\x00\x00\x09abc";
        let mut r = FrameReader::new(
            Resegmenter::new(&wire[..], Pieces::up_to(3), Seed(5)),
            codec,
        );
        assert_eq!(r.read_frame().unwrap(), Some(&b"ok"[..]));
        let err = r.read_frame().unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 9 bytes of frame payload"
        );
    }

    #[test]
    fn frame_reader_ends_cleanly_between_frames() {
        let wire = b"\x00\x00\x00\x01x";
        let mut r = FrameReader::new(&wire[..], LengthPrefixed::default());
        assert_eq!(r.read_frame().unwrap(), Some(&b"x"[..]));
        assert_eq!(r.read_frame().unwrap(), None);
    }
}
