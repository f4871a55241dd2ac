//! # sticky — TCP "sticky packets" (粘包/拆包), shown and fixed
//!
//! This crate is for learning. TCP carries a stream of bytes, not messages:
//! several small writes can come out of one read (粘包, messages glued), and
//! one large write can come out over many (拆包, a message cut). Nothing in
//! the stream says where one message ended. The fix is always the same idea,
//! **framing**: both sides agree on how a receiver finds the boundaries again.
//!
//! ```text
//! what the sender wrote:   [hello][from][the][client]
//! what read() may return:  [hellofr][omthecli][ent]        no boundaries left
//!
//! fix 1, fixed length:     [hello\0\0\0][from\0\0\0\0]...   read exactly 8, strip the padding
//! fix 2, length prefix:    [\0\0\0\x05 hello][\0\0\0\x04 from]  read 4, then exactly that many
//! fix 3, delimiter:        [hello\n][from\n]...                read up to each newline
//! ```
//!
//! A receiver that frames correctly reads in a loop: buffer what arrived, try
//! to parse one whole frame, and either read more (an incomplete frame is a
//! normal state, not an error) or hand the frame out and advance. A read of
//! 0 bytes means the peer closed: fine between frames, an error inside one.
//! And it never trusts a length it was sent further than its own limit.
//!
//! ## Crate map
//!
//! | module            | the idea                                                                    |
//! |-------------------|-----------------------------------------------------------------------------|
//! | [`exact`]         | read exactly N bytes; tell a clean close from one mid-message               |
//! | [`framing`]       | the fixes: [`FixedLength`], [`LengthPrefixed`], [`Lines`], [`VarintPrefixed`], and the buffered [`Deframer`] |
//! | [`file_transfer`] | the lesson's protocol: length, JSON header, file body in chunks; safe names  |
//! | [`resegment`]     | the seeded [`Resegmenter`]: the same bytes, cut anywhere, repeatably        |
//! | [`boundary`]      | the [`BoundaryView`]: sent messages beside received reads                   |
//! | [`measure`]       | loopback links for timing framings and chunk sizes                          |
//! | [`net`]           | addresses with clear errors; a datagram's real length                       |
//! | [`server`]        | the one accept loop of every server and the proxy: caps, shares, backoff    |
//! | [`netsim`]        | a network in a box: how a TCP sender on a real path (MSS, delay, loss) groups bytes |
//! | [`protocols`]     | how real protocols frame: HTTP/1.1, TLS, HTTP/2, WebSocket, protobuf, MQTT, SMTP, RESP |
//! | [`proxy`]         | a relay between any two programs that cuts and glues the stream like a network |
//! | [`segments`]      | the segments a socket sent, from `TCP_INFO` where the OS tells (Linux)      |
//! | [`slides`]        | the boundary view as an SVG picture for slides: writes above, reads below |
//! | [`error`]         | the one [`Error`] type: facts (sizes, counts, addresses), never advice      |
//! | `tokio_codec`     | with feature `tokio-codec`: the codecs as tokio-util `Decoder`/`Encoder`    |
//!
//! Start with `demos/03_sticky.rs` (the problem), then `demos/04_fixed_length.rs`
//! and `demos/05_length_prefix.rs` (the fixes), and [`framing`] (the fixes as a
//! library). The `sticky` command (`demos/main.rs`) runs the demos; its command
//! line, colours and advice live there, not here.

pub mod boundary;
pub mod error;
pub mod exact;
pub mod file_transfer;
pub mod framing;
pub mod measure;
pub mod net;
pub mod netsim;
pub mod protocols;
pub mod proxy;
pub mod resegment;
pub mod segments;
pub mod server;
pub mod slides;
#[cfg(feature = "tokio-codec")]
pub mod tokio_codec;

pub use boundary::BoundaryView;
pub use error::{Context, Error, HeaderFault, JsonFault, JsonValue, Result, Wanted};
pub use framing::{
    Deframer, FixedLength, FrameReader, Framing, LengthPrefixed, Lines, VarintPrefixed,
};
pub use resegment::Resegmenter;
