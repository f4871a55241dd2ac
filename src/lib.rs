//! # sticky — TCP "sticky packets" (粘包/拆包), shown and fixed
//!
//! This crate is for learning. TCP carries a stream of bytes, not messages:
//! several small writes can come out of one read, and one large write can
//! come out over many. The numbered demos in `demos/` show it happen and fix
//! it; this library holds what several demos share.
//!
//! ## Crate map
//!
//! | module          | the idea                                                              |
//! |-----------------|-----------------------------------------------------------------------|
//! | [`exact`]       | read exactly N bytes; tell a clean close from one mid-message         |
//! | [`framing`]     | [`FixedLength`] and [`LengthPrefixed`] codecs, the incremental [`Deframer`] |
//! | [`file_transfer`] | demo 06: length, JSON header, file body in chunks; safe file names |
//! | [`resegment`]   | the seeded [`Resegmenter`]: the same bytes, cut anywhere, repeatably  |
//! | [`boundary`]    | the [`BoundaryView`]: sent messages beside received reads, in colour  |
//! | [`measure`]     | loopback links timed by `cargo bench` and `sticky bench`              |
//! | [`net`]         | addresses with clear errors; the accept loop of the demo servers      |
//! | [`proxy`]       | `sticky proxy`: relays any two programs, cutting and gluing the stream |
//! | [`color`]       | `--color auto/always/never` and `NO_COLOR`                            |
//! | [`cli`]         | the `sticky` command line                                             |
//! | [`transcript`]  | the docs' transcripts: produced by the program, checked by a test     |
//! | [`error`]       | the one [`Error`] type, worded for the person at the keyboard         |
//!
//! Start with `demos/03_sticky.rs` (the problem), then `demos/04_fixed_length.rs`
//! and `demos/05_length_prefix.rs` (the fixes) and [`framing`] (the fixes as a library).

pub mod boundary;
pub mod cli;
pub mod color;
pub mod error;
pub mod exact;
pub mod file_transfer;
pub mod framing;
pub mod measure;
pub mod net;
pub mod proxy;
pub mod resegment;
pub mod transcript;

pub use boundary::BoundaryView;
pub use error::{Error, Result};
pub use framing::{Deframer, FixedLength, FrameReader, Framing, LengthPrefixed};
pub use resegment::Resegmenter;
