//! The incremental decoder: whatever bytes arrived in, whole frames out.
//!
//! The loop at the heart of every framing fix:
//!
//! ```text
//! buffer += what read() returned
//! loop: try to parse one frame at the front of the buffer
//!       -> incomplete: go read more      (a normal state, not an error)
//!       -> a frame: hand it out, advance past it, try again
//! read() returned 0: clean end if the buffer is empty, an error otherwise
//! ```

use std::io::{ErrorKind, Read};
use std::ops::Range;
use std::time::{Duration, Instant};

use super::{decode_eof, Decoded, FrameDecoder, Framing};
use crate::error::{Context, Error, Result};

/// Each read has room for at least 64 KiB: on a busy stream of small frames,
/// the cost of a system call is spread over a thousand frames or so. It is
/// also the most the buffer grows by before bytes arrive to fill it, however
/// large a frame the peer announces.
const READ_CHUNK: usize = 64 * 1024;

/// What a buffer keeps between messages: once what is buffered fits in
/// this, storage above it is given back. An idle connection therefore holds
/// at most this much, whatever the largest frame it ever carried.
pub const IDLE_CAPACITY: usize = 2 * READ_CHUNK;

/// The least progress a message must make once it has begun: a server's
/// defence against a peer that holds its place by trickling a byte every few
/// seconds (each byte restarts the idle timeout, so that alone never fires).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// How long any message may take, however slow.
    pub grace: Duration,
    /// Past the grace, a message must have averaged at least this many
    /// bytes a second since its first byte, or it is dropped.
    pub min_rate: u64,
}

impl Pace {
    /// A classroom's default: 10 seconds for anything, then 1 KiB a second.
    /// A human at `nc` sends a line when Enter is pressed, and an 8 MiB
    /// frame on a slow Wi-Fi still arrives; one byte every 5 s does not.
    pub const CLASSROOM: Pace = Pace {
        grace: Duration::from_secs(10),
        min_rate: 1024,
    };

    /// Whether a message of which `got` bytes came in `elapsed` is too slow.
    pub fn too_slow(&self, got: usize, elapsed: Duration) -> bool {
        elapsed > self.grace && (got as f64) < self.min_rate as f64 * elapsed.as_secs_f64()
    }
}

/// Buffers bytes that arrived in any pieces and yields whole frames.
///
/// Memory follows the bytes, not the peer's word: a header announcing 8 MiB
/// is checked against the framing's limit and then costs nothing until the
/// payload comes. Each read gets room for 64 KiB past what is
/// buffered, and the storage grows (doubling, as a `Vec` does) only as reads
/// fill it. A server with a thousand clients that each send one such header
/// holds a thousand buffers of a read chunk or two each, not 8 GiB.
///
/// And memory goes back: once the frames are handed out and what is left
/// fits in [`IDLE_CAPACITY`] (128 KiB), the next read or push gives the
/// rest of a large buffer back. The bound per idle connection is
/// therefore `IDLE_CAPACITY`, not the largest frame it ever carried: a
/// hundred idle clients that each sent one 8 MiB frame hold 12.5 MiB of
/// buffers between them, not 800 MiB.
#[derive(Debug)]
pub struct Deframer<F: Framing> {
    framing: F,
    /// The scheme's decoder, with its place in the frame at `start`.
    decoder: F::Decoder,
    /// `buf[start..end]` holds the bytes not yet handed out; `buf[end..]` is
    /// room already zeroed for the next read. Zeroing happens only when the
    /// storage grows, so no read pays for more than the bytes before it.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// What the decoder last said it is waiting for, and how many bytes of
    /// it are missing: the exact reader reads no more than that. `None`
    /// between frames; `began` is only ever set while this is `Some`.
    waiting: Option<(&'static str, usize)>,
    /// The least progress a message must make, when one is asked for, and
    /// when the message now at the front began.
    pace: Option<Pace>,
    began: Option<Instant>,
}

impl<F: Framing> Deframer<F> {
    /// An empty decoder for `framing`; it allocates on the first bytes.
    pub fn new(framing: F) -> Self {
        Deframer {
            decoder: framing.decoder(),
            framing,
            buf: Vec::new(),
            start: 0,
            end: 0,
            waiting: None,
            pace: None,
            began: None,
        }
    }

    /// The same, dropping a message that arrives slower than `pace`: then
    /// [`Deframer::next_frame`] fails with [`Error::TooSlow`].
    pub fn with_pace(framing: F, pace: Pace) -> Self {
        Deframer {
            pace: Some(pace),
            ..Deframer::new(framing)
        }
    }

    /// The framing in use.
    pub fn framing(&self) -> &F {
        &self.framing
    }

    /// Adds bytes as they arrived, in whatever piece.
    pub fn push(&mut self, bytes: &[u8]) {
        self.make_room(bytes.len());
        self.buf[self.end..self.end + bytes.len()].copy_from_slice(bytes);
        self.end += bytes.len();
    }

    /// Bytes received but not yet handed out as a frame.
    pub fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// The bytes received but not yet handed out as a frame: the start of
    /// the next frame, or whatever else the stream carries after the last.
    pub fn unparsed(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// Bytes of memory the buffer holds: what arrived, plus room for the
    /// next read; never what a header merely announced.
    pub fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// The next whole frame, if the buffer holds one; `Ok(None)` means
    /// "feed me more bytes".
    pub fn next_frame(&mut self) -> Result<Option<&[u8]>> {
        Ok(self.next_range()?.map(|r| &self.buf[r]))
    }

    /// The end-of-stream step, for after a read of 0 bytes: a whole frame
    /// still buffered comes out as usual, `Ok(None)` means the stream ended
    /// cleanly between frames, and bytes left over that are not a whole
    /// frame are [`Error::ClosedMidFrame`], with their counts.
    pub fn next_frame_at_eof(&mut self) -> Result<Option<&[u8]>> {
        Ok(self.next_range_at_eof()?.map(|r| &self.buf[r]))
    }

    // Runs once per frame when a read brought many, so it is kept small
    // enough to inline into a reader's loop: as a call, with the pace check
    // inside it, it took 9-10 ns a frame for 64-byte frames decoded from
    // memory, against 5-6 ns inlined.
    #[inline]
    fn next_range(&mut self) -> Result<Option<Range<usize>>> {
        match self.decoder.decode(&self.buf[self.start..self.end])? {
            Decoded::Frame { consumed, payload } => Ok(Some(self.advance(consumed, payload))),
            incomplete => self.wait_for(incomplete),
        }
    }

    /// The front of the buffer is not yet a whole frame: notes what is
    /// missing and, with a pace set, whether the message is arriving fast
    /// enough. Once per read rather than once per frame, so out of line.
    #[cold]
    #[inline(never)]
    fn wait_for(&mut self, incomplete: Decoded) -> Result<Option<Range<usize>>> {
        self.note(&incomplete);
        self.check_pace()?;
        Ok(None)
    }

    /// With a pace set: notes when a message began, and refuses one that
    /// has been arriving too slowly. Only called while a message is
    /// incomplete, so a client quiet between messages is the idle
    /// timeout's business, not this.
    fn check_pace(&mut self) -> Result<()> {
        let Some(pace) = self.pace else {
            return Ok(());
        };
        let got = self.buffered();
        if got == 0 {
            self.began = None;
            return Ok(());
        }
        let now = Instant::now();
        let began = *self.began.get_or_insert(now);
        let elapsed = now.duration_since(began);
        if pace.too_slow(got, elapsed) {
            return Err(Error::TooSlow {
                what: self.waiting().0,
                got: got as u64,
                secs: elapsed.as_secs(),
                min_rate: pace.min_rate,
            });
        }
        Ok(())
    }

    fn next_range_at_eof(&mut self) -> Result<Option<Range<usize>>> {
        match decode_eof(&mut self.decoder, &self.buf[self.start..self.end])? {
            Some(Decoded::Frame { consumed, payload }) => Ok(Some(self.advance(consumed, payload))),
            Some(incomplete) => {
                self.note(&incomplete);
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// Moves past a decoded frame; returns where its message lies in `buf`.
    #[inline]
    fn advance(&mut self, consumed: usize, payload: Range<usize>) -> Range<usize> {
        let at = self.start;
        self.start += consumed;
        // What was waited for, and since when, belonged to this frame. Most
        // frames of a busy stream arrive whole and leave nothing to forget,
        // so they pay a test, not a store.
        if self.waiting.is_some() {
            self.waiting = None;
            // The next message begins with its first byte, not now.
            self.began = None;
        }
        at + payload.start..at + payload.end
    }

    /// Remembers what the decoder is waiting for, and how many bytes of it
    /// are missing.
    fn note(&mut self, incomplete: &Decoded) {
        if let Decoded::Incomplete { what, .. } = *incomplete {
            self.waiting = Some((what, incomplete.missing()));
        }
    }

    /// What the decoder is waiting for and how many bytes of it are
    /// missing; between frames, one byte of the next frame.
    fn waiting(&self) -> (&'static str, usize) {
        self.waiting.unwrap_or(("a frame", 1))
    }

    /// Reads once from `r` straight into the buffer. Returns the byte count,
    /// 0 when the peer has closed.
    pub fn read_from<R: Read + ?Sized>(&mut self, r: &mut R) -> std::io::Result<usize> {
        // One chunk of room, whatever length a header announced: a frame of
        // 8 MiB arrives over many reads and the buffer grows as they land.
        self.make_room(READ_CHUNK);
        let end = self.buf.len();
        self.read_into(r, end)
    }

    /// Reads once from `r`, at most the bytes the decoder said are missing
    /// (and at most a read chunk): never a byte past the frame being read.
    /// Returns the byte count, 0 when the peer has closed.
    pub fn read_missing<R: Read + ?Sized>(&mut self, r: &mut R) -> std::io::Result<usize> {
        let step = self.waiting().1.clamp(1, READ_CHUNK);
        self.make_room(step);
        self.read_into(r, self.end + step)
    }

    fn read_into<R: Read + ?Sized>(&mut self, r: &mut R, to: usize) -> std::io::Result<usize> {
        loop {
            match r.read(&mut self.buf[self.end..to]) {
                Ok(n) => {
                    self.end += n;
                    return Ok(n);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The exact reader behind [`Framing::read_frame`]: one frame, read with
    /// [`Deframer::read_missing`] so that nothing past it is taken.
    pub(super) fn read_exact_frame<R: Read + ?Sized>(
        mut self,
        r: &mut R,
    ) -> Result<Option<Vec<u8>>> {
        // Every pass reads at least one byte or meets the end of the stream,
        // so the loop ends.
        let range = loop {
            if let Some(range) = self.next_range()? {
                break range;
            }
            let reading = Context::Reading(self.waiting().0);
            let n = self.read_missing(r).map_err(Error::io(reading))?;
            if n == 0 {
                match self.next_range_at_eof()? {
                    Some(range) => break range,
                    None => return Ok(None),
                }
            }
        };
        // Only what the decoder asked for was read: the frame is all of the
        // buffer, and the buffer becomes the message without a copy.
        debug_assert_eq!(self.start, self.end);
        let mut frame = self.buf;
        frame.truncate(range.end);
        frame.drain(..range.start);
        Ok(Some(frame))
    }

    /// Makes `extra` bytes free after `end`: first by moving the unread
    /// bytes to the front (they are few: at most one partial frame), then by
    /// growing. `resize` zeroes only the new bytes, and `Vec` doubles its
    /// allocation when it must, so growth costs in proportion to the bytes
    /// that arrived. A buffer left large by an earlier frame shrinks back to
    /// [`IDLE_CAPACITY`] once what it holds fits there.
    fn make_room(&mut self, extra: usize) {
        let unread = self.end - self.start;
        if self.buf.len() > IDLE_CAPACITY && unread + extra <= IDLE_CAPACITY {
            self.buf.copy_within(self.start..self.end, 0);
            self.start = 0;
            self.end = unread;
            self.buf.truncate(IDLE_CAPACITY);
            self.buf.shrink_to(IDLE_CAPACITY);
        }
        if self.buf.len() - self.end >= extra {
            return;
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() - self.end < extra {
            self.buf.resize(self.end + extra, 0);
        }
    }
}

/// A [`Deframer`] reading from a `Read`: one call, one whole frame.
#[derive(Debug)]
pub struct FrameReader<R, F: Framing> {
    inner: R,
    deframer: Deframer<F>,
}

impl<R: Read, F: Framing> FrameReader<R, F> {
    /// Frames from `inner`, decoded with `framing`.
    pub fn new(inner: R, framing: F) -> Self {
        FrameReader {
            inner,
            deframer: Deframer::new(framing),
        }
    }

    /// Frames from `inner`, dropping a message that arrives slower than `pace`.
    pub fn with_pace(inner: R, framing: F, pace: Pace) -> Self {
        FrameReader {
            inner,
            deframer: Deframer::with_pace(framing, pace),
        }
    }

    /// The next frame; `Ok(None)` when the peer closed cleanly between frames,
    /// [`Error::ClosedMidFrame`] when it closed inside one.
    // In two parts: one read fills the buffer with many small frames, and
    // handing out one already buffered is a few instructions, inlined into
    // the caller's loop; reading, once per buffer, is a call.
    #[inline]
    pub fn read_frame(&mut self) -> Result<Option<&[u8]>> {
        let range = match self.deframer.next_range()? {
            Some(range) => Some(range),
            None => self.read_until_frame()?,
        };
        Ok(range.map(|r| &self.deframer.buf[r]))
    }

    /// Reads until the buffer holds a whole frame, or the stream ends.
    #[inline(never)]
    fn read_until_frame(&mut self) -> Result<Option<Range<usize>>> {
        loop {
            let n = self
                .deframer
                .read_from(&mut self.inner)
                .map_err(Error::io("reading frames"))?;
            if n == 0 {
                return self.deframer.next_range_at_eof();
            }
            if let Some(range) = self.deframer.next_range()? {
                return Ok(Some(range));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::{Endian, LengthPrefixed, HEADER_LEN};
    use crate::resegment::{Pieces, Resegmenter, Seed};

    #[test]
    fn yields_frames_across_arbitrary_pieces() {
        let codec = LengthPrefixed::default();
        let mut wire = Vec::new();
        for m in [&b"one"[..], b"", b"three"] {
            codec.encode(m, &mut wire).unwrap();
        }
        let mut d = Deframer::new(codec);
        let mut out = Vec::new();
        for byte in &wire {
            d.push(std::slice::from_ref(byte));
            while let Some(f) = d.next_frame().unwrap() {
                out.push(f.to_vec());
            }
        }
        assert_eq!(out, vec![b"one".to_vec(), vec![], b"three".to_vec()]);
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn a_header_alone_allocates_nothing_for_its_payload() {
        let codec = LengthPrefixed::default();
        let header = codec.header(codec.max_frame()).unwrap();
        let mut pushed = Deframer::new(codec);
        pushed.push(&header);
        assert_eq!(pushed.next_frame().unwrap(), None);
        assert!(pushed.capacity() < 1024, "{}", pushed.capacity());
        let mut read = Deframer::new(codec);
        assert_eq!(read.read_from(&mut &header[..]).unwrap(), HEADER_LEN);
        assert_eq!(read.next_frame().unwrap(), None);
        // The next read, with the 8 MiB length known, makes room for a chunk only.
        assert_eq!(read.read_from(&mut &b""[..]).unwrap(), 0);
        assert!(read.capacity() <= 2 * READ_CHUNK, "{}", read.capacity());
    }

    #[test]
    fn a_large_frame_grows_the_buffer_as_its_bytes_land() {
        let codec = LengthPrefixed::default();
        let payload: Vec<u8> = (0..1 << 20).map(|i| (i % 251) as u8).collect();
        let mut wire = Vec::new();
        codec.encode(&payload, &mut wire).unwrap();
        let mut r = Resegmenter::new(&wire[..], Pieces::up_to(5000), Seed(1));
        let mut d = Deframer::new(codec);
        for _ in 0..wire.len() {
            if d.read_from(&mut r).unwrap() == 0 {
                break;
            }
            // Never more than twice what arrived plus one chunk: Vec doubling.
            assert!(d.capacity() <= 2 * (d.buffered() + READ_CHUNK));
        }
        assert_eq!(d.next_frame().unwrap(), Some(&payload[..]));
        assert_eq!(d.next_frame_at_eof().unwrap(), None);
    }

    #[test]
    fn the_buffer_shrinks_back_once_a_large_frame_is_handed_out() {
        let codec = LengthPrefixed::default();
        let payload = vec![7u8; 8 << 20];
        let mut wire = Vec::new();
        codec.encode(&payload, &mut wire).unwrap();
        wire.extend_from_slice(b"\x00\x00");
        let mut d = Deframer::new(codec);
        let mut r = &wire[..];
        while d.next_frame().unwrap().is_none() {
            assert_ne!(d.read_from(&mut r).unwrap(), 0);
        }
        assert!(d.capacity() >= 8 << 20);
        // The frame is out; what is left (half a header) fits the idle
        // bound, so the next read gives the rest back before it waits.
        assert_eq!(d.next_frame().unwrap(), None);
        assert_eq!(d.read_from(&mut r).unwrap(), 0);
        assert!(d.capacity() <= IDLE_CAPACITY, "{}", d.capacity());
        assert_eq!(d.unparsed(), b"\x00\x00");
        // And a small frame after it still comes out whole.
        d.push(b"\x00\x01z");
        assert_eq!(d.next_frame().unwrap(), Some(&b"z"[..]));
    }

    #[test]
    fn a_message_too_slow_for_the_pace_is_dropped_after_the_grace() {
        let pace = Pace {
            grace: Duration::from_secs(10),
            min_rate: 1024,
        };
        // Anything goes within the grace.
        assert!(!pace.too_slow(1, Duration::from_secs(10)));
        // Past it, the average since the first byte counts.
        assert!(pace.too_slow(3, Duration::from_secs(15)));
        assert!(!pace.too_slow(20 * 1024, Duration::from_secs(15)));
        // A deframer with no grace at all and an impossible rate drops an
        // incomplete message as soon as any time has passed.
        let strict = Pace {
            grace: Duration::ZERO,
            min_rate: u64::MAX,
        };
        let mut d = Deframer::with_pace(LengthPrefixed::default(), strict);
        d.push(b"\x00\x00\x00\x05he");
        let mut outcome = d.next_frame().map(|_| ());
        // The first call notes when the message began; the clock moves on.
        for _ in 0..1000 {
            if outcome.is_err() {
                break;
            }
            std::thread::yield_now();
            outcome = d.next_frame().map(|_| ());
        }
        let err = outcome.unwrap_err();
        assert!(
            err.to_string()
                .starts_with("frame payload dropped: 6 bytes in 0 s"),
            "{err}"
        );
        // A whole frame is never dropped: it is handed out.
        let mut d = Deframer::with_pace(LengthPrefixed::default(), strict);
        d.push(b"\x00\x00\x00\x01x");
        assert_eq!(d.next_frame().unwrap(), Some(&b"x"[..]));
    }

    #[test]
    fn once_a_frame_is_out_the_exact_reader_asks_for_one_byte_again() {
        let mut d = Deframer::new(LengthPrefixed::default());
        d.push(b"\x00\x00\x00\x05he");
        assert_eq!(d.next_frame().unwrap(), None);
        let mut rest = &b"lloXYZ"[..];
        assert_eq!(d.read_missing(&mut rest).unwrap(), 3);
        assert_eq!(d.next_frame().unwrap(), Some(&b"hello"[..]));
        // Nothing is known of the next frame yet: what the last one lacked
        // no longer counts, or the read would take bytes past a boundary.
        assert_eq!(d.read_missing(&mut rest).unwrap(), 1);
        assert_eq!(rest, b"YZ");
    }

    #[test]
    fn the_end_of_stream_step_hands_out_frames_then_reports_leftovers() {
        let mut d = Deframer::new(LengthPrefixed::default());
        d.push(b"\x00\x00\x00\x01x\x00\x00");
        assert_eq!(d.next_frame_at_eof().unwrap(), Some(&b"x"[..]));
        assert_eq!(d.unparsed(), b"\x00\x00");
        assert_eq!(
            d.next_frame_at_eof().unwrap_err().to_string(),
            "connection closed after 2 of 4 bytes of length header"
        );
    }

    #[test]
    fn frame_reader_reports_close_mid_frame() {
        let codec = LengthPrefixed::new(Endian::Big, 100);
        let wire = b"\x00\x00\x00\x02ok\x00\x00\x00\x09abc";
        let mut r = FrameReader::new(
            Resegmenter::new(&wire[..], Pieces::up_to(3), Seed(5)),
            codec,
        );
        assert_eq!(r.read_frame().unwrap(), Some(&b"ok"[..]));
        let err = r.read_frame().unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 9 bytes of frame payload"
        );
    }

    #[test]
    fn frame_reader_ends_cleanly_between_frames() {
        let wire = b"\x00\x00\x00\x01x";
        let mut r = FrameReader::new(&wire[..], LengthPrefixed::default());
        assert_eq!(r.read_frame().unwrap(), Some(&b"x"[..]));
        assert_eq!(r.read_frame().unwrap(), None);
    }
}
