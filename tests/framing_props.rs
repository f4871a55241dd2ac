//! Property tests: whatever the messages and however the stream is cut,
//! the decoders give back exactly the messages sent, and garbage never panics.

use std::io::Read;

use proptest::prelude::*;
use sticky::framing::{Decoded, Endian};
use sticky::resegment::{Pieces, Seed};
use sticky::{
    Deframer, Error, FixedLength, FrameReader, Framing, LengthPrefixed, Lines, Resegmenter,
};

/// Messages that fixed-length framing can carry: not ending in a zero byte
/// (the padding), at most `size` bytes.
fn fixed_messages(size: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(
        prop::collection::vec(any::<u8>(), 0..=size).prop_map(|mut m| {
            while m.last() == Some(&0) {
                m.pop();
            }
            m
        }),
        0..40,
    )
}

fn any_messages() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..600), 0..30)
}

fn wire<F: Framing>(codec: &F, messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        codec.encode(m, &mut out).unwrap();
    }
    out
}

/// Reads frames one by one with `read_frame` through the re-segmenter.
fn read_all_frames<F: Framing>(codec: &F, wire: &[u8], piece: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut r = Resegmenter::new(wire, Pieces::up_to(piece), Seed(seed));
    let mut got = Vec::new();
    while let Some(m) = codec.read_frame(&mut r).unwrap() {
        got.push(m);
    }
    got
}

/// Feeds the bytes to a Deframer in pieces from the re-segmenter.
fn deframe_all<F: Framing>(codec: F, wire: &[u8], piece: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut d = Deframer::new(codec);
    let mut r = Resegmenter::new(wire, Pieces::up_to(piece), Seed(seed));
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
    assert_eq!(d.buffered(), 0);
    got
}

proptest! {
    #[test]
    fn length_prefixed_round_trips_any_segmentation(
        messages in any_messages(),
        piece in 1usize..200,
        seed in any::<u64>(),
        little in any::<bool>(),
    ) {
        let endian = if little { Endian::Little } else { Endian::Big };
        let codec = LengthPrefixed::new(endian, 1 << 20);
        let bytes = wire(&codec, &messages);
        prop_assert_eq!(&read_all_frames(&codec, &bytes, piece, seed), &messages);
        prop_assert_eq!(&deframe_all(codec, &bytes, piece, seed), &messages);
        let mut fr = FrameReader::new(
            Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed)),
            codec,
        );
        let mut got = Vec::new();
        while let Some(f) = fr.read_frame().unwrap() {
            got.push(f.to_vec());
        }
        prop_assert_eq!(&got, &messages);
    }

    #[test]
    fn fixed_length_round_trips_any_segmentation(
        size in 1usize..64,
        seed in any::<u64>(),
        piece in 1usize..100,
        raw in fixed_messages(64),
    ) {
        let messages: Vec<Vec<u8>> = raw.into_iter().map(|mut m| { m.truncate(size); while m.last() == Some(&0) { m.pop(); } m }).collect();
        let codec = FixedLength::new(size).unwrap();
        let bytes = wire(&codec, &messages);
        prop_assert_eq!(bytes.len(), messages.len() * size);
        prop_assert_eq!(&read_all_frames(&codec, &bytes, piece, seed), &messages);
        prop_assert_eq!(&deframe_all(codec, &bytes, piece, seed), &messages);
    }

    #[test]
    fn garbage_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        piece in 1usize..64,
        seed in any::<u64>(),
    ) {
        // Any outcome but a panic is fine: frames, a clean end, or an error.
        let codec = LengthPrefixed::new(Endian::Big, 4096);
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
        let fixed = FixedLength::new(7).unwrap();
        let _ = fixed.decode(&bytes);
    }

    #[test]
    fn an_oversize_header_is_refused_before_its_payload(
        len in (4097u32..=u32::MAX),
        little in any::<bool>(),
    ) {
        let endian = if little { Endian::Little } else { Endian::Big };
        let codec = LengthPrefixed::new(endian, 4096);
        let header = endian.encode(len);
        // Only the 4 header bytes exist: if the decoder tried to allocate or
        // wait for the payload, it would not return this error.
        let is_too_large = matches!(codec.read_frame(&mut &header[..]), Err(Error::FrameTooLarge { .. }));
        prop_assert!(is_too_large);
        let is_too_large = matches!(codec.decode(&header), Err(Error::FrameTooLarge { .. }));
        prop_assert!(is_too_large);
    }

    #[test]
    fn a_stream_cut_inside_a_frame_is_an_error_not_a_frame(
        messages in any_messages().prop_filter("need bytes", |m| m.iter().any(|x| !x.is_empty())),
        cut_at in any::<prop::sample::Index>(),
    ) {
        let codec = LengthPrefixed::default();
        let bytes = wire(&codec, &messages);
        let cut = cut_at.index(bytes.len());
        // Find whether `cut` falls on a frame boundary.
        let mut boundaries = vec![0usize];
        for m in &messages { boundaries.push(boundaries.last().unwrap() + 4 + m.len()); }
        let mut r = &bytes[..cut];
        let mut outcome = Ok(());
        loop {
            match codec.read_frame(&mut r) {
                Ok(Some(_)) => continue,
                Ok(None) => break,
                Err(e) => { outcome = Err(e); break; }
            }
        }
        if boundaries.contains(&cut) {
            prop_assert!(outcome.is_ok());
        } else {
            let is_closed = matches!(outcome, Err(Error::ClosedMidFrame { .. }));
            prop_assert!(is_closed);
        }
    }
}

#[test]
fn decode_reports_how_much_of_a_payload_is_missing() {
    let codec = LengthPrefixed::default();
    assert_eq!(
        codec.decode(b"\x00\x00\x00\x05hel").unwrap(),
        Decoded::Incomplete {
            what: "frame payload",
            got: 3,
            expected: 5
        }
    );
}

/// How a reader's run over a whole stream went: the frames it gave, then
/// how it stopped (a clean end, or the error's words).
type Run = (Vec<Vec<u8>>, std::result::Result<(), String>);

/// `read_frame` again and again on the re-segmented stream, until it stops.
fn exact_run<F: Framing>(codec: &F, bytes: &[u8], pieces: Pieces, seed: Seed) -> Run {
    let mut r = Resegmenter::new(bytes, pieces, seed);
    let mut frames = Vec::new();
    // Every frame takes at least one byte, so this bound is never the reason to stop.
    for _ in 0..=bytes.len() {
        match codec.read_frame(&mut r) {
            Ok(Some(f)) => frames.push(f),
            Ok(None) => return (frames, Ok(())),
            Err(e) => return (frames, Err(e.to_string())),
        }
    }
    (frames, Err("more frames than bytes".into()))
}

/// The buffered reader on the same stream, cut by its own re-segmenter.
fn buffered_run<F: Framing>(codec: F, bytes: &[u8], pieces: Pieces, seed: Seed) -> Run {
    let mut r = FrameReader::new(Resegmenter::new(bytes, pieces, seed), codec);
    let mut frames = Vec::new();
    for _ in 0..=bytes.len() {
        match r.read_frame() {
            Ok(Some(f)) => frames.push(f.to_vec()),
            Ok(None) => return (frames, Ok(())),
            Err(e) => return (frames, Err(e.to_string())),
        }
    }
    (frames, Err("more frames than bytes".into()))
}

/// Reads `count` frames with `read_frame`, then whatever the stream still holds.
fn exact_then_rest<F: Framing>(
    codec: &F,
    bytes: &[u8],
    count: usize,
    cut: (Pieces, Seed),
) -> (Vec<Vec<u8>>, Vec<u8>) {
    let mut r = Resegmenter::new(bytes, cut.0, cut.1);
    let frames = (0..count)
        .map(|_| codec.read_frame(&mut r).unwrap().unwrap())
        .collect();
    let mut rest = Vec::new();
    r.read_to_end(&mut rest).unwrap();
    (frames, rest)
}

/// Reads `count` frames with a `Deframer` fed by `read_from`, then what it
/// had buffered past them and whatever the stream still holds.
fn buffered_then_rest<F: Framing>(
    codec: F,
    bytes: &[u8],
    count: usize,
    cut: (Pieces, Seed),
) -> (Vec<Vec<u8>>, Vec<u8>) {
    let mut r = Resegmenter::new(bytes, cut.0, cut.1);
    let mut d = Deframer::new(codec);
    let mut frames = Vec::new();
    for _ in 0..=bytes.len() {
        while frames.len() < count {
            match d.next_frame().unwrap() {
                Some(f) => frames.push(f.to_vec()),
                None => break,
            }
        }
        if frames.len() == count {
            break;
        }
        assert_ne!(
            d.read_from(&mut r).unwrap(),
            0,
            "the stream ended before {count} frames"
        );
    }
    let mut rest = d.unparsed().to_vec();
    r.read_to_end(&mut rest).unwrap();
    (frames, rest)
}

proptest! {
    #[test]
    fn exact_and_buffered_readers_agree_on_any_stream(
        messages in any_messages(),
        tail in prop::collection::vec(any::<u8>(), 0..300),
        piece in (1usize..700, 1usize..700),
        seed in (any::<u64>(), any::<u64>()),
        little in any::<bool>(),
        size in 1usize..64,
    ) {
        // Whole frames, then anything: more frames, a frame cut short, a
        // length over the limit. Both readers must see the same frames and
        // stop the same way, with the same words.
        let endian = if little { Endian::Little } else { Endian::Big };
        let codec = LengthPrefixed::new(endian, 4096);
        let mut bytes = wire(&codec, &messages);
        bytes.extend_from_slice(&tail);
        let a = (Pieces::up_to(piece.0), Seed(seed.0));
        let b = (Pieces::up_to(piece.1), Seed(seed.1));
        prop_assert_eq!(exact_run(&codec, &bytes, a.0, a.1), buffered_run(codec, &bytes, b.0, b.1));

        let fixed = FixedLength::new(size).unwrap();
        prop_assert_eq!(exact_run(&fixed, &bytes, a.0, a.1), buffered_run(fixed, &bytes, b.0, b.1));

        // Lines, on the same bytes: wherever the newlines fall, and with a
        // limit small enough that some lines pass it. The line decoder keeps
        // its place between reads; both readers must still agree.
        let lines = Lines::new(size * 8);
        prop_assert_eq!(exact_run(&lines, &bytes, a.0, a.1), buffered_run(lines, &bytes, b.0, b.1));
    }

    #[test]
    fn both_readers_leave_the_same_unread_bytes(
        messages in any_messages(),
        tail in prop::collection::vec(any::<u8>(), 0..3000),
        piece in (1usize..700, 1usize..700),
        seed in (any::<u64>(), any::<u64>()),
    ) {
        // What follows the frames may be anything (demo 06 sends a file body
        // after its header frame): read_frame must not have touched it, and
        // the Deframer must hold what it read past the frames.
        let codec = LengthPrefixed::new(Endian::Big, 1 << 20);
        let mut bytes = wire(&codec, &messages);
        bytes.extend_from_slice(&tail);
        let a = (Pieces::up_to(piece.0), Seed(seed.0));
        let b = (Pieces::up_to(piece.1), Seed(seed.1));
        let exact = exact_then_rest(&codec, &bytes, messages.len(), a);
        let buffered = buffered_then_rest(codec, &bytes, messages.len(), b);
        prop_assert_eq!(&exact.0, &messages);
        prop_assert_eq!(&exact.1, &tail);
        prop_assert_eq!(exact, buffered);

        // The same for lines: messages without a newline, then anything.
        let lines = Lines::new(1 << 20);
        let texts: Vec<Vec<u8>> = messages.iter().map(|m| m.iter().map(|&b| if b == b'\n' { b' ' } else { b }).collect()).collect();
        let mut bytes = wire(&lines, &texts);
        bytes.extend_from_slice(&tail);
        let exact = exact_then_rest(&lines, &bytes, texts.len(), a);
        let buffered = buffered_then_rest(lines, &bytes, texts.len(), b);
        prop_assert_eq!(&exact.0, &texts);
        prop_assert_eq!(&exact.1, &tail);
        prop_assert_eq!(exact, buffered);
    }
}
