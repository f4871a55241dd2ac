//! The way to production: the library's length prefix is tokio-util's
//! `LengthDelimitedCodec` with default settings (4-byte big-endian length,
//! 8 MiB maximum), byte for byte. Each side encodes, the other decodes, in
//! both directions and both byte orders, through any re-segmentation.
//! The `TokioCodec` adapter itself needs `--features tokio-codec`.

use std::io::Read;

use bytes::{Bytes, BytesMut};
use proptest::prelude::*;
use sticky::framing::{Endian, DEFAULT_MAX_FRAME};
use sticky::resegment::{Pieces, Seed};
use sticky::{Error, FrameReader, Framing, LengthPrefixed, Resegmenter};
use tokio_util::codec::{Decoder, Encoder, LengthDelimitedCodec};

fn theirs(endian: Endian) -> LengthDelimitedCodec {
    let mut b = LengthDelimitedCodec::builder();
    if endian == Endian::Little {
        b.little_endian();
    }
    b.new_codec()
}

fn endian(little: bool) -> Endian {
    if little {
        Endian::Little
    } else {
        Endian::Big
    }
}

fn messages() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..400), 0..20)
}

/// Feeds `wire` to a tokio-util decoder in re-segmented pieces.
fn decode_in_pieces<D>(decoder: &mut D, wire: &[u8], piece: usize, seed: u64) -> Vec<Vec<u8>>
where
    D: Decoder<Item = BytesMut>,
    D::Error: std::fmt::Debug,
{
    let mut r = Resegmenter::new(wire, Pieces::up_to(piece), Seed(seed));
    let mut buf = BytesMut::new();
    let mut chunk = [0u8; 512];
    let mut got = Vec::new();
    loop {
        let n = r.read(&mut chunk).unwrap();
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        while let Some(frame) = decoder.decode(&mut buf).unwrap() {
            got.push(frame.to_vec());
        }
    }
    assert!(buf.is_empty());
    got
}

proptest! {
    #[test]
    fn ours_encodes_what_tokio_util_decodes(
        msgs in messages(), little in any::<bool>(), piece in 1usize..100, seed in any::<u64>(),
    ) {
        let e = endian(little);
        let ours = LengthPrefixed::new(e, DEFAULT_MAX_FRAME);
        let mut wire = Vec::new();
        for m in &msgs {
            ours.encode(m, &mut wire).unwrap();
        }
        prop_assert_eq!(decode_in_pieces(&mut theirs(e), &wire, piece, seed), msgs);
    }

    #[test]
    fn tokio_util_encodes_what_ours_decodes(
        msgs in messages(), little in any::<bool>(), piece in 1usize..100, seed in any::<u64>(),
    ) {
        let e = endian(little);
        let mut codec = theirs(e);
        let mut wire = BytesMut::new();
        for m in &msgs {
            codec.encode(Bytes::copy_from_slice(m), &mut wire).unwrap();
        }
        let ours = LengthPrefixed::new(e, DEFAULT_MAX_FRAME);
        // The exact path and the buffered path.
        let mut r = Resegmenter::new(&wire[..], Pieces::up_to(piece), Seed(seed));
        let mut got = Vec::new();
        while let Some(m) = ours.read_frame(&mut r).unwrap() {
            got.push(m);
        }
        prop_assert_eq!(&got, &msgs);
        let mut fr = FrameReader::new(Resegmenter::new(&wire[..], Pieces::up_to(piece), Seed(seed)), ours);
        let mut got = Vec::new();
        while let Some(m) = fr.read_frame().unwrap() {
            got.push(m.to_vec());
        }
        prop_assert_eq!(&got, &msgs);
    }
}

#[test]
fn both_refuse_a_frame_over_8_mib_from_its_header() {
    let header = (DEFAULT_MAX_FRAME as u32 + 1).to_be_bytes();
    let mut buf = BytesMut::from(&header[..]);
    assert!(LengthDelimitedCodec::new().decode(&mut buf).is_err());
    assert!(matches!(
        LengthPrefixed::default().decode(&header),
        Err(Error::FrameTooLarge { .. })
    ));
    // And both accept exactly 8 MiB.
    let header = (DEFAULT_MAX_FRAME as u32).to_be_bytes();
    let mut buf = BytesMut::from(&header[..]);
    assert!(LengthDelimitedCodec::new().decode(&mut buf).is_ok());
    assert!(LengthPrefixed::default().decode(&header).is_ok());
}

#[cfg(feature = "tokio-codec")]
mod adapter {
    use super::*;
    use sticky::tokio_codec::{CodecError, TokioCodec};
    use sticky::Lines;

    proptest! {
        #[test]
        fn the_adapter_writes_the_same_bytes_as_tokio_util(
            msgs in messages(), little in any::<bool>(), piece in 1usize..100, seed in any::<u64>(),
        ) {
            let e = endian(little);
            let mut ours = TokioCodec::new(LengthPrefixed::new(e, DEFAULT_MAX_FRAME));
            let mut tok = theirs(e);
            let (mut a, mut b) = (BytesMut::new(), BytesMut::new());
            for m in &msgs {
                ours.encode(&m[..], &mut a).unwrap();
                tok.encode(Bytes::copy_from_slice(m), &mut b).unwrap();
            }
            prop_assert_eq!(&a, &b);
            // And each decodes the other's bytes, cut anywhere.
            prop_assert_eq!(&decode_in_pieces(&mut ours, &b, piece, seed), &msgs);
            prop_assert_eq!(&decode_in_pieces(&mut tok, &a, piece, seed), &msgs);
        }
    }

    #[test]
    fn the_adapter_refuses_an_oversize_header_without_reserving_for_it() {
        let mut codec = TokioCodec::new(LengthPrefixed::default());
        let mut buf = BytesMut::from(&u32::MAX.to_be_bytes()[..]);
        assert!(matches!(
            codec.decode(&mut buf),
            Err(CodecError::Frame(Error::FrameTooLarge { .. }))
        ));
        assert!(buf.capacity() < 1024, "reserved {}", buf.capacity());
    }

    #[test]
    fn the_adapter_reserves_nothing_for_an_announced_length() {
        // A header announcing 8 MiB, and three bytes of its payload: the
        // buffer stays the size of what came.
        let mut codec = TokioCodec::new(LengthPrefixed::default());
        let mut buf = BytesMut::from(&(DEFAULT_MAX_FRAME as u32).to_be_bytes()[..]);
        buf.extend_from_slice(b"abc");
        assert!(codec.decode(&mut buf).unwrap().is_none());
        assert!(buf.capacity() < 1024, "reserved {}", buf.capacity());
    }

    #[test]
    fn a_close_inside_a_frame_is_reported_with_its_counts() {
        let mut codec = TokioCodec::new(LengthPrefixed::default());
        let mut cut = BytesMut::from(&b"\x00\x00\x00\x0ahel"[..]);
        assert_eq!(
            codec.decode_eof(&mut cut).unwrap_err().to_string(),
            "connection closed after 3 of 10 bytes of frame payload"
        );
        let mut lines = TokioCodec::new(Lines::default());
        let mut whole = BytesMut::from("one\n");
        assert_eq!(lines.decode_eof(&mut whole).unwrap().unwrap(), "one");
        assert_eq!(lines.decode_eof(&mut whole).unwrap(), None);
    }

    #[test]
    fn lines_work_as_a_tokio_util_codec_too() {
        let mut codec = TokioCodec::new(Lines::default());
        let mut buf = BytesMut::new();
        codec.encode("hello", &mut buf).unwrap();
        codec.encode("", &mut buf).unwrap();
        assert_eq!(&buf[..], b"hello\n\n");
        assert_eq!(codec.decode(&mut buf).unwrap().unwrap(), "hello");
        assert_eq!(codec.decode(&mut buf).unwrap().unwrap(), "");
        assert_eq!(codec.decode(&mut buf).unwrap(), None);
        // The end-of-stream step: a cut line is an error, not a frame.
        let mut cut = BytesMut::from("no newline");
        assert!(codec.decode_eof(&mut cut).is_err());
    }
}
