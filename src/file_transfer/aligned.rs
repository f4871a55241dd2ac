//! A byte buffer that starts on a page boundary.
//!
//! Where a buffer starts decides how fast the kernel copies into it. A
//! `vec![0u8; n]` of 128 KiB or more is its own `mmap` in glibc's allocator,
//! and starts 16 bytes past a page boundary (the allocator's bookkeeping
//! sits in front): not on a 64-byte cache line. On the 2-core AMD EPYC VM
//! these benchmarks were written on, a thread reading loopback TCP into such
//! a buffer spent 0.64-0.81 ms of CPU per MiB at 256 KiB and 1 MiB reads,
//! and 0.28-0.47 ms reading into the same buffer 64 or 4096 bytes further
//! on (`perf`: `_copy_to_iter`, the kernel's copy to the reader, went from
//! 25% to 65% of the samples). Smaller buffers come from the heap and start
//! wherever the last allocation left off, so a benchmark that allocates
//! once per link and one that allocates once per transfer could differ by
//! 2x for no reason of their own. Every buffer that a socket reads into or
//! writes from on the file transfer's path, and in the benchmarks, is one of
//! these, so they all start alike.

use std::ops::{Deref, DerefMut};

/// Where every [`AlignedBuf`] starts: a page, which is also a cache line.
pub const ALIGN: usize = 4096;

/// `len` zeroed bytes starting at a multiple of [`ALIGN`]. Safe code: a
/// `Vec` one page longer than asked, used from its first page boundary.
pub struct AlignedBuf {
    store: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBuf {
    /// `len` zeroed bytes, page-aligned.
    pub fn zeroed(len: usize) -> AlignedBuf {
        let store = vec![0u8; len + ALIGN];
        // The Vec never grows, so its address, and this offset, stay put.
        let start = (ALIGN - store.as_ptr() as usize % ALIGN) % ALIGN;
        AlignedBuf { store, start, len }
    }

    /// `len` bytes of a repeating pattern (0, 1, ... 250, 0, ...), page-aligned:
    /// what the benchmarks' senders write.
    pub fn pattern(len: usize) -> AlignedBuf {
        let mut buf = AlignedBuf::zeroed(len);
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (i % 251) as u8;
        }
        buf
    }
}

impl Deref for AlignedBuf {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.store[self.start..self.start + self.len]
    }
}

impl DerefMut for AlignedBuf {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.store[self.start..self.start + self.len]
    }
}

impl std::fmt::Debug for AlignedBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AlignedBuf({} bytes)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_starts_on_a_page_and_has_its_length() {
        // Both sides of glibc's 128 KiB mmap threshold.
        for len in [0, 1, 8192, 128 * 1024, 1 << 20] {
            let mut b = AlignedBuf::zeroed(len);
            assert_eq!(b.as_ptr() as usize % ALIGN, 0, "{len}");
            assert_eq!(b.len(), len);
            assert!(b.iter().all(|&x| x == 0));
            if len > 0 {
                b[len - 1] = 7;
                assert_eq!(b[len - 1], 7);
            }
        }
        let p = AlignedBuf::pattern(300);
        assert_eq!((p[0], p[250], p[251], p[299]), (0, 250, 0, 48));
    }
}
