//! Property tests for line framing, the same ones the other two codecs pass:
//! any re-segmentation gives back the lines sent, garbage never panics, and
//! an over-long line is refused without buffering all of it.

use std::io::Read;

use proptest::prelude::*;
use sticky::framing::lines::{escape, unescape};
use sticky::framing::{Decoded, Lines};
use sticky::resegment::{Pieces, Seed};
use sticky::{Deframer, Error, FrameReader, Framing, Resegmenter};

/// Lines a sender may send: no newline inside, at most `max` bytes.
fn lines(max: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(
        prop::collection::vec(
            any::<u8>().prop_filter("no newline", |b| *b != b'\n'),
            0..=max,
        ),
        0..30,
    )
}

fn wire(codec: &Lines, messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        codec.encode(m, &mut out).unwrap();
    }
    out
}

/// A reader that counts the bytes it hands out.
struct Counting<R> {
    inner: R,
    taken: usize,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.taken += n;
        Ok(n)
    }
}

proptest! {
    #[test]
    fn lines_round_trip_any_segmentation(
        messages in lines(300),
        piece in 1usize..200,
        seed in any::<u64>(),
    ) {
        let codec = Lines::new(300);
        let bytes = wire(&codec, &messages);

        // The exact path: one read_frame per line, never a byte past it.
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        let mut got = Vec::new();
        while let Some(m) = codec.read_frame(&mut r).unwrap() {
            got.push(m);
        }
        prop_assert_eq!(&got, &messages);

        // The buffered path, fed by hand.
        let mut d = Deframer::new(codec);
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        let mut buf = [0u8; 512];
        let mut got = Vec::new();
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 { break; }
            d.push(&buf[..n]);
            while let Some(f) = d.next_frame().unwrap() {
                got.push(f.to_vec());
            }
        }
        prop_assert_eq!(d.buffered(), 0);
        prop_assert_eq!(&got, &messages);

        // The buffered path on a Read.
        let mut fr = FrameReader::new(Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed)), codec);
        let mut got = Vec::new();
        while let Some(f) = fr.read_frame().unwrap() {
            got.push(f.to_vec());
        }
        prop_assert_eq!(&got, &messages);
    }

    #[test]
    fn garbage_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..2000),
        piece in 1usize..64,
        seed in any::<u64>(),
        max in 0usize..100,
    ) {
        // Any outcome but a panic is fine: lines, a clean end, or an error.
        let codec = Lines::new(max);
        let mut r = Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed));
        for _ in 0..bytes.len() + 1 {
            match codec.read_frame(&mut r) {
                Ok(Some(line)) => prop_assert!(line.len() <= max),
                Ok(None) | Err(_) => break,
            }
        }
        let mut fr = FrameReader::new(Resegmenter::new(&bytes[..], Pieces::up_to(piece), Seed(seed)), codec);
        for _ in 0..bytes.len() + 1 {
            match fr.read_frame() {
                Ok(Some(line)) => prop_assert!(line.len() <= max),
                Ok(None) | Err(_) => break,
            }
        }
    }

    #[test]
    fn a_stream_cut_inside_a_line_is_an_error_not_a_line(
        messages in lines(50).prop_filter("need bytes", |m| !m.is_empty()),
        cut_at in any::<prop::sample::Index>(),
    ) {
        let codec = Lines::new(50);
        let bytes = wire(&codec, &messages);
        let cut = cut_at.index(bytes.len());
        let on_boundary = cut == 0 || bytes[cut - 1] == b'\n';
        let mut r = &bytes[..cut];
        let mut outcome = Ok(());
        loop {
            match codec.read_frame(&mut r) {
                Ok(Some(_)) => continue,
                Ok(None) => break,
                Err(e) => { outcome = Err(e); break; }
            }
        }
        if on_boundary {
            prop_assert!(outcome.is_ok());
        } else {
            let is_closed = matches!(outcome, Err(Error::ClosedMidFrame { .. }));
            prop_assert!(is_closed);
        }
    }

    #[test]
    fn escaped_messages_cross_as_one_line_each(
        messages in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..100), 0..20),
    ) {
        let codec = Lines::new(200);
        let escaped: Vec<Vec<u8>> = messages.iter().map(|m| escape(m)).collect();
        let bytes = wire(&codec, &escaped);
        let mut fr = FrameReader::new(&bytes[..], codec);
        let mut got = Vec::new();
        while let Some(line) = fr.read_frame().unwrap() {
            got.push(unescape(line).unwrap());
        }
        prop_assert_eq!(&got, &messages);
    }
}

#[test]
fn an_endless_line_is_refused_after_at_most_one_read_past_the_limit() {
    let max = 1000;
    // The exact path stops at the first byte past the limit.
    let mut endless = Counting {
        inner: std::io::repeat(b'x'),
        taken: 0,
    };
    let err = Lines::new(max).read_frame(&mut endless).unwrap_err();
    assert!(matches!(err, Error::LineTooLong { max: 1000 }), "{err}");
    assert_eq!(endless.taken, max + 1);

    // The buffered path reads in large pieces, so it may take one read past
    // the limit (64 KiB), but never all a peer is willing to send.
    let mut fr = FrameReader::new(
        Counting {
            inner: std::io::repeat(b'x'),
            taken: 0,
        },
        Lines::new(max),
    );
    let err = fr.read_frame().unwrap_err();
    assert!(matches!(err, Error::LineTooLong { max: 1000 }), "{err}");
}

#[test]
fn a_buffered_reader_on_an_endless_line_stops_within_one_read_of_the_limit() {
    let max = 200_000;
    let mut counting = Counting {
        inner: std::io::repeat(b'x'),
        taken: 0,
    };
    let mut d = Deframer::new(Lines::new(max));
    let outcome = loop {
        match d.next_frame() {
            Ok(Some(_)) => panic!("an endless line has no frame"),
            Ok(None) => {}
            Err(e) => break e,
        }
        d.read_from(&mut counting).unwrap();
    };
    assert!(matches!(outcome, Error::LineTooLong { .. }), "{outcome}");
    assert!(counting.taken > max);
    assert!(
        counting.taken <= max + 64 * 1024,
        "took {} bytes for a limit of {max}",
        counting.taken
    );
}

#[test]
fn decode_asks_for_one_more_byte_until_the_newline() {
    assert_eq!(
        Lines::default().decode(b"partial").unwrap(),
        Decoded::Incomplete {
            what: "line (no newline yet)",
            got: 7,
            expected: 8
        }
    );
}

#[test]
fn a_long_line_read_byte_by_byte_is_whole() {
    // The exact path at the default limit: 64 KiB, one read call per byte.
    let codec = Lines::default();
    let line = vec![b'y'; codec.max_line()];
    let mut bytes = line.clone();
    bytes.push(b'\n');
    assert_eq!(codec.read_frame(&mut &bytes[..]).unwrap(), Some(line));
}
