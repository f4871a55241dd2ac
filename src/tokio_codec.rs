//! The library's codecs as tokio-util `Decoder`s and `Encoder`s (feature
//! `tokio-codec`, off by default).
//!
//! The demos read and write with plain `std::net`, so every call is in
//! view. Production servers are usually async, and there framing is a
//! `Decoder` (bytes in a `BytesMut` to whole frames) and an `Encoder`
//! (frames to bytes), driven by `tokio_util::codec::Framed`. The decode step
//! is the same one [`Deframer`](crate::Deframer) runs, so a [`Framing`]
//! becomes a tokio-util codec with a small adapter:
//!
//! ```ignore
//! let framed = Framed::new(tcp_stream, TokioCodec::new(LengthPrefixed::default()));
//! ```
//!
//! With its defaults, `TokioCodec<LengthPrefixed>` puts the same bytes on
//! the wire as tokio-util's own `LengthDelimitedCodec::new()` (4-byte
//! big-endian length, 8 MiB maximum); `tests/tokio_interop.rs` runs the two
//! against each other.

use bytes::BytesMut;
use tokio_util::codec::{Decoder, Encoder};

use crate::error::Error;
use crate::framing::{decode_eof, Decoded, FrameDecoder, Framing};

/// A [`Framing`] as a tokio-util codec: a thin pass-through to the scheme's
/// own [`FrameDecoder`], which keeps its place between calls as it does in
/// the [`Deframer`](crate::Deframer).
///
/// It reserves nothing for a length the peer announced: `Framed` grows its
/// buffer as bytes arrive, so memory follows the bytes here too (tokio-util's
/// own `LengthDelimitedCodec` reserves the announced length, up to its limit).
#[derive(Debug, Clone)]
pub struct TokioCodec<F: Framing> {
    framing: F,
    decoder: F::Decoder,
}

impl<F: Framing> TokioCodec<F> {
    /// The codec for `framing`.
    pub fn new(framing: F) -> Self {
        TokioCodec {
            decoder: framing.decoder(),
            framing,
        }
    }

    /// The framing in use.
    pub fn framing(&self) -> &F {
        &self.framing
    }
}

/// Takes a decoded frame off the front of `src`: its message.
fn split(src: &mut BytesMut, decoded: Decoded) -> Option<BytesMut> {
    match decoded {
        Decoded::Incomplete { .. } => None,
        Decoded::Frame { consumed, payload } => {
            let mut frame = src.split_to(consumed);
            frame.truncate(payload.end);
            let _header = frame.split_to(payload.start);
            Some(frame)
        }
    }
}

impl<F: Framing> Decoder for TokioCodec<F> {
    type Item = BytesMut;
    type Error = CodecError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, CodecError> {
        let decoded = self.decoder.decode(src)?;
        Ok(split(src, decoded))
    }

    /// The library's end-of-stream step, not tokio-util's generic "bytes
    /// remaining on stream": a close inside a frame says how far it got.
    fn decode_eof(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, CodecError> {
        let decoded = decode_eof(&mut self.decoder, src)?;
        Ok(decoded.and_then(|d| split(src, d)))
    }
}

impl<F: Framing, T: AsRef<[u8]>> Encoder<T> for TokioCodec<F> {
    type Error = CodecError;

    fn encode(&mut self, item: T, dst: &mut BytesMut) -> Result<(), CodecError> {
        let mut wire = Vec::new();
        self.framing.encode(item.as_ref(), &mut wire)?;
        dst.extend_from_slice(&wire);
        Ok(())
    }
}

/// What a [`TokioCodec`] fails with: the library's own [`Error`] about the
/// frames, or an I/O failure of the stream under `Framed`, which tokio-util
/// hands to the codec's error type. A type of its own, so that the
/// conversion from `io::Error` it needs changes nothing elsewhere in the crate.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    /// The frames broke the scheme's rules, or the stream ended inside one.
    #[error(transparent)]
    Frame(#[from] Error),
    /// The stream under the codec failed.
    #[error("the stream under a tokio-util codec: {0}")]
    Io(#[from] std::io::Error),
}
