//! Message framing: putting boundaries back into a byte stream.
//!
//! TCP delivers bytes in order but forgets where one `write` ended and the
//! next began. A framing scheme is the agreement both sides make so the
//! receiver can find the boundaries again:
//!
//! - [`FixedLength`]: every message is exactly N bytes on the wire (padded);
//! - [`LengthPrefixed`]: a 4-byte length, then that many bytes;
//! - [`Lines`]: every message ends with a newline (a delimiter);
//! - [`VarintPrefixed`]: a varint length (1 byte for short messages), then
//!   that many bytes, as protobuf's delimited messages and MQTT do.
//!
//! Each scheme is a [`Framing`] and writes two things: how to encode a
//! message, and how to decode one from the front of a buffer (or say how
//! many bytes are still missing). Both ways of reading a stream are built on
//! that one decode step, so they cannot disagree on where a frame ends:
//!
//! - [`Framing::read_frame`] reads exactly what decode says is missing, asks
//!   again, and so never reads a byte past the frame;
//! - [`Deframer`] buffers whatever arrived, in any pieces, and hands out the
//!   whole frames in it: what a server runs. [`FrameReader`] puts it on top
//!   of a `Read`.
//!
//! When the stream ends, [`decode_eof`] tells a clean end from a frame cut
//! short, for both.

mod deframer;
mod fixed;
mod length_prefix;
pub mod lines;
mod varint;

use std::io::{Read, Write};
use std::ops::Range;

use crate::error::{Error, Result};
use crate::exact::fill;

pub use deframer::{Deframer, FrameReader};
pub use fixed::FixedLength;
pub use length_prefix::{Endian, LengthPrefixed, DEFAULT_MAX_FRAME, HEADER_LEN};
pub use lines::{Lines, DEFAULT_MAX_LINE};
pub use varint::{encode_varint, VarintPrefixed};

/// What [`Framing::decode`] found at the front of a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// A whole frame: it takes `consumed` bytes of the buffer, and its
    /// message is `buf[payload]`.
    Frame {
        consumed: usize,
        payload: Range<usize>,
    },
    /// Not enough bytes yet: a normal state, not an error. `got` of the
    /// `expected` bytes of `what` are here, so `expected - got` more bytes
    /// must arrive before decode can say anything new. The counts are those
    /// of the part being waited for (the header, or the payload after it),
    /// which is what a person wants to read when the stream ends here.
    Incomplete {
        what: &'static str,
        got: usize,
        expected: usize,
    },
}

impl Decoded {
    /// How many more bytes decode needs before it can say something new:
    /// 0 for a whole frame, at least 1 otherwise.
    pub fn missing(&self) -> usize {
        match *self {
            Decoded::Frame { .. } => 0,
            // A scheme that says Incomplete with nothing missing would make a
            // reader wait for nothing forever; ask for one byte instead.
            Decoded::Incomplete { got, expected, .. } => expected.saturating_sub(got).max(1),
        }
    }
}

/// The end-of-stream step shared by both readers: what it means that the
/// stream ended with `rest` still unparsed. Nothing left is a clean end
/// (`Ok(None)`); a whole frame left is that frame; part of one is
/// [`Error::ClosedMidFrame`] with the counts decode reports.
pub fn decode_eof<F: Framing + ?Sized>(framing: &F, rest: &[u8]) -> Result<Option<Decoded>> {
    if rest.is_empty() {
        return Ok(None);
    }
    match framing.decode(rest)? {
        frame @ Decoded::Frame { .. } => Ok(Some(frame)),
        Decoded::Incomplete {
            what,
            got,
            expected,
        } => Err(Error::ClosedMidFrame {
            what,
            got: got as u64,
            expected: expected as u64,
        }),
    }
}

/// The largest step [`Framing::read_frame`] reads at once. A frame of 8 MiB
/// is read in steps of this size, so its buffer grows with the bytes that
/// have come, not with the length the peer announced.
const READ_STEP: usize = 64 * 1024;

/// One way of marking message boundaries on a byte stream.
///
/// A scheme writes `encode` and `decode`; reading from a stream is built on
/// `decode` once, here, for every scheme, so a buffered reader ([`Deframer`])
/// and an exact reader ([`Framing::read_frame`]) cannot disagree on where a
/// frame ends.
pub trait Framing {
    /// Appends the wire form of `msg` to `out`.
    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()>;

    /// Looks for one whole frame at the front of `buf`.
    ///
    /// Never allocates from a peer's claim: a length above the limit is an
    /// error before any buffer is grown for it.
    fn decode(&self, buf: &[u8]) -> Result<Decoded>;

    /// Reads exactly one frame from `r` and no byte more: the stream may
    /// carry something else right after it (demo 06 sends a file body after
    /// its header frame). `Ok(None)` means the peer closed cleanly between
    /// two frames; [`Error::ClosedMidFrame`] that it closed inside one.
    ///
    /// The loop: ask `decode` what is missing, read exactly that much (at
    /// most 64 KiB at a time, so memory follows the bytes that came, not the
    /// length announced), ask again, until it says "a frame". Schemes do not
    /// override this: it is the one exact reader they share.
    fn read_frame<R: Read + ?Sized>(&self, r: &mut R) -> Result<Option<Vec<u8>>> {
        let mut buf = Vec::new();
        // Every pass reads at least one byte or meets the end of the stream,
        // so the loop ends.
        loop {
            match self.decode(&buf)? {
                Decoded::Frame { consumed, payload } => {
                    // Only what decode asked for was read: the frame is all of it.
                    debug_assert_eq!(consumed, buf.len());
                    buf.truncate(payload.end);
                    buf.drain(..payload.start);
                    return Ok(Some(buf));
                }
                incomplete @ Decoded::Incomplete { what, .. } => {
                    let step = incomplete.missing().min(READ_STEP);
                    let at = buf.len();
                    buf.resize(at + step, 0);
                    // The context is formatted only on an error, not on every read.
                    let n = fill(r, &mut buf[at..])
                        .map_err(|e| Error::io(format!("reading {what}"))(e))?;
                    if n < step {
                        // The stream ended: a clean end before the first
                        // byte, or a frame cut short, in decode's own counts.
                        buf.truncate(at + n);
                        if decode_eof(self, &buf)?.is_none() {
                            return Ok(None);
                        }
                    }
                }
            }
        }
    }

    /// Encodes `msg` and writes it with one `write_all`, so a small frame
    /// leaves in one system call (two small writes in a row can meet Nagle's
    /// algorithm and a delayed ACK).
    fn write_frame<W: Write + ?Sized>(&self, w: &mut W, msg: &[u8]) -> Result<()> {
        let mut frame = Vec::with_capacity(msg.len() + 8);
        self.encode(msg, &mut frame)?;
        w.write_all(&frame).map_err(Error::io("writing a frame"))
    }
}
