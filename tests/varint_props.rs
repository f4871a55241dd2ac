//! Property tests of the fourth scheme, [`VarintPrefixed`]: whatever the
//! messages and however the stream is cut, the exact and the buffered reader
//! give back exactly the messages sent; garbage never panics; a stream cut
//! inside a frame is an error, never a frame.

use std::io::Read;

use proptest::prelude::*;
use sticky::resegment::{Pieces, Seed};
use sticky::{Deframer, Error, Framing, Resegmenter, VarintPrefixed};

/// Messages across the one-, two- and three-byte lengths (127, 16,383).
fn any_messages() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..130),
            prop::collection::vec(any::<u8>(), 16_380..16_390),
        ],
        0..12,
    )
}

fn wire(codec: &VarintPrefixed, messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        codec.encode(m, &mut out).unwrap();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn varint_prefixed_round_trips_any_segmentation(
        messages in any_messages(),
        piece in 1usize..300,
        seed in any::<u64>(),
    ) {
        let codec = VarintPrefixed::new(1 << 20);
        let bytes = wire(&codec, &messages);
        // The exact reader, a frame at a time.
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        let mut got = Vec::new();
        while let Some(m) = codec.read_frame(&mut r).unwrap() {
            got.push(m);
        }
        prop_assert_eq!(&got, &messages);
        // The buffered reader, fed whatever the pieces are.
        let mut d = Deframer::new(codec);
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        let mut buf = vec![0u8; 1024];
        let mut got = Vec::new();
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            d.push(&buf[..n]);
            while let Some(f) = d.next_frame().unwrap() {
                got.push(f.to_vec());
            }
        }
        prop_assert_eq!(d.buffered(), 0);
        prop_assert_eq!(&got, &messages);
    }

    #[test]
    fn varint_garbage_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        piece in 1usize..64,
        seed in any::<u64>(),
    ) {
        let codec = VarintPrefixed::new(4096);
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        for _ in 0..bytes.len() + 1 {
            match codec.read_frame(&mut r) {
                Ok(Some(_)) => continue,
                Ok(None) | Err(_) => break,
            }
        }
        let mut d = Deframer::new(codec);
        d.push(&bytes);
        for _ in 0..bytes.len() + 1 {
            match d.next_frame() {
                Ok(Some(_)) => continue,
                Ok(None) | Err(_) => break,
            }
        }
    }

    #[test]
    fn a_varint_stream_cut_inside_a_frame_is_an_error_not_a_frame(
        messages in any_messages(),
        cut_back in 1usize..200,
    ) {
        let codec = VarintPrefixed::new(1 << 20);
        let bytes = wire(&codec, &messages);
        prop_assume!(!messages.is_empty());
        let last = {
            let mut one = Vec::new();
            codec.encode(messages.last().unwrap(), &mut one).unwrap();
            one.len()
        };
        // Cut inside the last frame: at least one of its bytes kept, one lost.
        prop_assume!(last >= 2);
        let cut = bytes.len() - (1 + cut_back % (last - 1));
        let mut r = &bytes[..cut];
        let mut whole = 0;
        let outcome = loop {
            match codec.read_frame(&mut r) {
                Ok(Some(_)) => whole += 1,
                other => break other,
            }
        };
        prop_assert_eq!(whole, messages.len() - 1);
        prop_assert!(matches!(outcome, Err(Error::ClosedMidFrame { .. })), "{:?}", outcome);
    }
}
