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
use crate::framing::{Decoded, Framing};

/// A [`Framing`] as a tokio-util codec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokioCodec<F> {
    framing: F,
}

impl<F: Framing> TokioCodec<F> {
    /// The codec for `framing`.
    pub fn new(framing: F) -> Self {
        TokioCodec { framing }
    }

    /// The framing in use.
    pub fn framing(&self) -> &F {
        &self.framing
    }
}

impl<F: Framing> Decoder for TokioCodec<F> {
    type Item = BytesMut;
    type Error = Error;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<BytesMut>, Error> {
        match self.framing.decode(src)? {
            // decode has checked any announced length against the limit, so
            // reserving what is missing trusts nothing the peer has not
            // been allowed to claim.
            Decoded::Incomplete { got, expected, .. } => {
                src.reserve(expected.saturating_sub(got));
                Ok(None)
            }
            Decoded::Frame { consumed, payload } => {
                let mut frame = src.split_to(consumed);
                frame.truncate(payload.end);
                let _header = frame.split_to(payload.start);
                Ok(Some(frame))
            }
        }
    }

    // decode_eof is tokio-util's: bytes left at the end of the stream are
    // an error ("bytes remaining on stream"), as a close mid-frame is here.
}

impl<F: Framing, T: AsRef<[u8]>> Encoder<T> for TokioCodec<F> {
    type Error = Error;

    fn encode(&mut self, item: T, dst: &mut BytesMut) -> Result<(), Error> {
        let mut wire = Vec::new();
        self.framing.encode(item.as_ref(), &mut wire)?;
        dst.extend_from_slice(&wire);
        Ok(())
    }
}

/// tokio-util's `Framed` reports I/O failures of the stream under the codec
/// through the codec's error type.
impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io {
            context: "the stream under a tokio-util codec".into(),
            source,
        }
    }
}
