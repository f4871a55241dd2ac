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
//! message, and a [`FrameDecoder`] that finds one frame at the front of a
//! buffer (or says how many bytes are still missing). The decoder keeps its
//! place between calls, as tokio-util's codecs and csv-core's parser do:
//! the line decoder remembers how far it has scanned for the newline, the
//! length decoder the length it has already parsed. A line arriving in a
//! thousand pieces is scanned once, not a thousand times over.
//!
//! Both ways of reading a stream are one [`Deframer`] running that decoder,
//! so they cannot disagree on where a frame ends:
//!
//! - [`Framing::read_frame`] is a `Deframer` that reads at most what the
//!   decoder says is missing, and so never reads a byte past the frame;
//! - a [`Deframer`] fed whole reads buffers whatever arrived, in any pieces,
//!   and hands out the whole frames in it: what a server runs. [`FrameReader`]
//!   puts it on top of a `Read`.
//!
//! When the stream ends, [`decode_eof`] tells a clean end from a frame cut
//! short, for both.
//!
//! Memory follows the bytes both ways: a buffer grows only as bytes arrive
//! (never on a length the peer announced), and once its frames are handed
//! out it shrinks back, so an idle connection holds at most
//! [`IDLE_CAPACITY`] (128 KiB), whatever the largest frame it carried.

mod deframer;
mod fixed;
mod length_prefix;
pub mod lines;
mod varint;

use std::io::{Read, Write};
use std::ops::Range;

use crate::error::{Error, Result};

pub use deframer::{Deframer, FrameReader, Pace, IDLE_CAPACITY};
pub use fixed::FixedLength;
pub use length_prefix::{Endian, LengthDecoder, LengthPrefixed, DEFAULT_MAX_FRAME, HEADER_LEN};
pub use lines::{LineDecoder, Lines, DEFAULT_MAX_LINE};
pub use varint::{encode_varint, VarintDecoder, VarintPrefixed};

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

/// The end-of-stream step shared by every reader: what it means that the
/// stream ended with `rest` still unparsed. Nothing left is a clean end
/// (`Ok(None)`); a whole frame left is that frame; part of one is
/// [`Error::ClosedMidFrame`] with the counts the decoder reports.
pub fn decode_eof<D: FrameDecoder + ?Sized>(
    decoder: &mut D,
    rest: &[u8],
) -> Result<Option<Decoded>> {
    if rest.is_empty() {
        return Ok(None);
    }
    match decoder.decode(rest)? {
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

/// Finds frames at the front of a buffer, remembering where it stopped.
///
/// The contract with its caller (the [`Deframer`], or tokio-util's
/// `Framed`): between two calls the buffer keeps the bytes it had and
/// perhaps gains more after them; once a call returns a frame, the caller
/// advances past it and the next call starts at the next frame. A decoder
/// may then skip the work it has done already. After an error, the stream
/// is not to be decoded further.
pub trait FrameDecoder {
    /// Looks for one whole frame at the front of `buf`.
    ///
    /// Never allocates from a peer's claim: a length above the limit is an
    /// error before any buffer is grown for it.
    fn decode(&mut self, buf: &[u8]) -> Result<Decoded>;
}

/// One way of marking message boundaries on a byte stream.
///
/// A scheme writes `encode` and hands out a [`FrameDecoder`]; reading from a
/// stream is built on that decoder once, in the [`Deframer`], for every
/// scheme, so a buffered reader and an exact reader
/// ([`Framing::read_frame`]) cannot disagree on where a frame ends.
pub trait Framing {
    /// The decoder of this scheme, with its place in the stream.
    type Decoder: FrameDecoder + std::fmt::Debug;

    /// Appends the wire form of `msg` to `out`.
    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()>;

    /// A decoder at the start of a stream.
    fn decoder(&self) -> Self::Decoder;

    /// Looks for one whole frame at the front of `buf`, from scratch: a
    /// fresh decoder's first call. For a one-off look at some bytes; a
    /// reader keeps one decoder instead, so it does not scan twice.
    fn decode(&self, buf: &[u8]) -> Result<Decoded> {
        self.decoder().decode(buf)
    }

    /// Reads exactly one frame from `r` and no byte more: the stream may
    /// carry something else right after it (demo 06 sends a file body after
    /// its header frame). `Ok(None)` means the peer closed cleanly between
    /// two frames; [`Error::ClosedMidFrame`] that it closed inside one.
    ///
    /// It is a [`Deframer`] whose reads ask for at most what the decoder
    /// says is missing (and at most 64 KiB at a time, so memory follows the
    /// bytes that came, not the length announced): for a length prefix that
    /// is the header, then the payload; for a line, one byte at a time, since
    /// only a byte that has been read can be seen to be the newline.
    fn read_frame<R: Read + ?Sized>(&self, r: &mut R) -> Result<Option<Vec<u8>>> {
        Deframer::new(self).read_exact_frame(r)
    }

    /// Encodes `msg` and writes it with one `write_all`, so a small frame
    /// leaves in one system call (two small writes in a row can meet Nagle's
    /// algorithm and a delayed ACK).
    fn write_frame<W: Write + ?Sized>(&self, w: &mut W, msg: &[u8]) -> Result<()> {
        let mut frame = Vec::with_capacity(msg.len() + 8);
        self.encode(msg, &mut frame)?;
        w.write_all(&frame)
            .map_err(Error::io_write("writing a frame"))
    }
}

/// A borrowed scheme is the scheme: this lets [`Framing::read_frame`] run a
/// [`Deframer`] on `&self` without copying it.
impl<F: Framing + ?Sized> Framing for &F {
    type Decoder = F::Decoder;

    fn encode(&self, msg: &[u8], out: &mut Vec<u8>) -> Result<()> {
        (**self).encode(msg, out)
    }

    fn decoder(&self) -> Self::Decoder {
        (**self).decoder()
    }
}
