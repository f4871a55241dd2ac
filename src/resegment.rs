//! The seeded re-segmenter: the same bytes, cut into pieces chosen by a seed.
//!
//! TCP promises the order of the bytes and nothing about how they are grouped
//! when `read` returns them. On a quiet loopback the grouping usually looks
//! tidy, which hides framing bugs. [`Resegmenter`] wraps a reader or a writer
//! and lets each call move at most a random number of bytes (1 up to a
//! maximum), drawn from a seeded generator, so a test or a demo can force any
//! split and any merge, and get the same ones again from the same seed.

use std::io::{self, Read, Write};

/// A tiny deterministic generator (SplitMix64): fast, seedable, good enough to
/// pick piece sizes. Not for anything that needs real randomness.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `1..=max` (`max` of 0 is taken as 1).
    pub fn piece(&mut self, max: usize) -> usize {
        let max = max.max(1) as u64;
        (self.next_u64() % max) as usize + 1
    }
}

/// The largest piece one call may move: pieces are 1 to `max` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pieces {
    max: usize,
}

impl Pieces {
    /// Pieces of 1 to `max` bytes (a `max` of 0 is taken as 1).
    pub fn up_to(max: usize) -> Self {
        Pieces { max: max.max(1) }
    }

    /// The largest piece, in bytes.
    pub fn max(self) -> usize {
        self.max
    }
}

/// The seed that fixes every piece size: the same seed, the same cuts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seed(pub u64);

/// Wraps a `Read` or a `Write` so that every call moves a seeded random
/// number of bytes, from 1 up to a maximum:
/// `Resegmenter::new(stream, Pieces::up_to(4096), Seed(7))`.
///
/// Reading: each `read` asks the inner reader for at most one piece, so a
/// message can come back cut anywhere, or glued to its neighbours.
/// Writing: each `write` passes at most one piece on, which is what a short
/// write looks like; callers that use `write_all` still deliver every byte.
#[derive(Debug)]
pub struct Resegmenter<T> {
    inner: T,
    pieces: Pieces,
    rng: SplitMix64,
}

impl<T> Resegmenter<T> {
    /// Wraps `inner`; piece sizes are drawn from `seed`.
    pub fn new(inner: T, pieces: Pieces, seed: Seed) -> Self {
        Resegmenter {
            inner,
            pieces,
            rng: SplitMix64::new(seed.0),
        }
    }

    /// The wrapped reader or writer.
    pub fn into_inner(self) -> T {
        self.inner
    }
}

impl<R: Read> Read for Resegmenter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.rng.piece(self.pieces.max()).min(buf.len());
        self.inner.read(&mut buf[..n])
    }
}

impl<W: Write> Write for Resegmenter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.rng.piece(self.pieces.max()).min(buf.len());
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Cuts `total` bytes into the pieces a [`Resegmenter`] with this seed would
/// return, as lengths: what a receiver "could have seen" from one stream.
pub fn piece_lengths(total: usize, pieces: Pieces, seed: Seed) -> Vec<usize> {
    let mut rng = SplitMix64::new(seed.0);
    let mut left = total;
    let mut out = Vec::new();
    while left > 0 {
        let n = rng.piece(pieces.max()).min(left);
        out.push(n);
        left -= n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_pieces_different_seed_different_pieces() {
        assert_eq!(
            piece_lengths(1000, Pieces::up_to(64), Seed(7)),
            piece_lengths(1000, Pieces::up_to(64), Seed(7))
        );
        assert_ne!(
            piece_lengths(1000, Pieces::up_to(64), Seed(7)),
            piece_lengths(1000, Pieces::up_to(64), Seed(8))
        );
    }

    #[test]
    fn pieces_cover_the_input_and_respect_the_maximum() {
        let p = piece_lengths(10_000, Pieces::up_to(33), Seed(1));
        assert_eq!(p.iter().sum::<usize>(), 10_000);
        assert!(p.iter().all(|&n| (1..=33).contains(&n)));
        // With a maximum of 33, some pieces must be shorter than it.
        assert!(p.iter().any(|&n| n < 33));
    }

    #[test]
    fn reader_returns_the_same_bytes_in_seeded_pieces() {
        let data: Vec<u8> = (0..=255).cycle().take(5000).collect();
        let mut r = Resegmenter::new(&data[..], Pieces::up_to(100), Seed(3));
        let mut out = Vec::new();
        let mut sizes = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            sizes.push(n);
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, data);
        assert_eq!(sizes, piece_lengths(5000, Pieces::up_to(100), Seed(3)));
    }

    #[test]
    fn writer_makes_short_writes_that_write_all_completes() {
        let mut w = Resegmenter::new(Vec::new(), Pieces::up_to(5), Seed(9));
        assert!(w.write(b"0123456789").unwrap() <= 5);
        let mut w = Resegmenter::new(Vec::new(), Pieces::up_to(5), Seed(9));
        w.write_all(b"0123456789abcdef").unwrap();
        assert_eq!(w.into_inner(), b"0123456789abcdef");
    }
}
