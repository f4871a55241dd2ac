//! Message framing: putting boundaries back into a byte stream.
//!
//! TCP delivers bytes in order but forgets where one `write` ended and the
//! next began. A framing scheme is the agreement both sides make so the
//! receiver can find the boundaries again:
//!
//! - [`FixedLength`]: every message is exactly N bytes on the wire (padded);
//! - [`LengthPrefixed`]: a 4-byte length, then that many bytes;
//! - [`Lines`]: every message ends with a newline (a delimiter).
//!
//! Each scheme is a [`Framing`]: it can encode a message, decode one from the
//! front of a buffer (or say it needs more bytes), and read exactly one frame
//! from any `Read` without reading past it. [`Deframer`] is the incremental
//! decoder for bytes that arrive in arbitrary pieces, and [`FrameReader`]
//! puts it on top of a `Read`.

mod deframer;
mod fixed;
mod length_prefix;
pub mod lines;

use std::io::{Read, Write};
use std::ops::Range;

use crate::error::Result;

pub use deframer::{Deframer, FrameReader};
pub use fixed::FixedLength;
pub use length_prefix::{Endian, LengthPrefixed, DEFAULT_MAX_FRAME, HEADER_LEN};
pub use lines::{Lines, DEFAULT_MAX_LINE};

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
    /// `expected` bytes of `what` are here.
    Incomplete {
        what: &'static str,
        got: usize,
        expected: usize,
    },
}

/// One way of marking message boundaries on a byte stream.
pub trait Framing {
    /// Appends the wire form of `msg` to `out`.
    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()>;

    /// Looks for one whole frame at the front of `buf`.
    ///
    /// Never allocates from a peer's claim: a length above the limit is an
    /// error before any buffer is grown for it.
    fn decode(&self, buf: &[u8]) -> Result<Decoded>;

    /// Reads exactly one frame from `r` and no byte more. `Ok(None)` means
    /// the peer closed cleanly between two frames.
    fn read_frame<R: Read + ?Sized>(&self, r: &mut R) -> Result<Option<Vec<u8>>>;

    /// Encodes `msg` and writes it with one `write_all`, so a small frame
    /// leaves in one system call (two small writes in a row can meet Nagle's
    /// algorithm and a delayed ACK).
    fn write_frame<W: Write + ?Sized>(&self, w: &mut W, msg: &[u8]) -> Result<()> {
        let mut frame = Vec::with_capacity(msg.len() + 8);
        self.encode(msg, &mut frame)?;
        w.write_all(&frame)
            .map_err(crate::Error::io("writing a frame"))
    }
}
