//! Loopback measurements, shared by `cargo bench` and `sticky bench`.
//!
//! Each link is one TCP connection over loopback with a receiver thread at
//! the far end. A "transfer" sends one unit of work (a file, or a batch of
//! messages) and waits for a 1-byte acknowledgement, so the time measured
//! covers the bytes arriving and being decoded, not just leaving the sender.
//! Closing the link ends the receiver thread; nothing outlives the link.
//!
//! Every link counts the `read` and `write` calls made on it, at both ends
//! ([`Link::calls`]); [`process_cpu_time`] gives the CPU time they cost.
//!
//! ## The 40 ms stall: why [`Link::wait_ack`] pushes the tail out first
//!
//! Many writes, then a read that waits for the peer's answer: this
//! *write-write-read* pattern meets two TCP mechanisms that are each sensible
//! alone.
//!
//! - **Nagle's algorithm** (RFC 896, on by default): while some bytes sent
//!   are not yet acknowledged, a segment smaller than the largest one
//!   (about 64 KiB on loopback) is held back, so that later writes can join
//!   it. Linux's version (Minshall's, `tcp_minshall_check`) holds it only
//!   while an earlier *small* segment is unacknowledged, which the previous
//!   transfer's tail, or a short write, leaves behind.
//! - **Delayed acknowledgements** (RFC 1122, 4.2.3.2): a receiver does not
//!   acknowledge at once, in the hope of carrying the ACK on its reply; Linux
//!   waits at least 40 ms.
//!
//! The last piece of a transfer is smaller than a segment, so Nagle holds it
//! until the receiver acknowledges what came before. The receiver has no
//! reply to carry that ACK (its reply waits for the very piece being held),
//! so it delays it. Both wait until the delayed-ACK timer fires. 1 MiB in
//! 40 ms is 26 MB/s: on a 2-core VM, `sticky bench --bytes 1048576` with the
//! links as they were moved 28 MB/s raw at 512 B and 85 MB/s at 8 KiB, and
//! 725 and 2,578 MB/s with the fix below. With 16 MiB transfers only some
//! transfers waited, which is worse for a benchmark: two runs a minute apart
//! printed 1,896 and 1,447 MB/s for raw at 8 KiB, and "protocol / raw" from
//! 72% to 169%, the protocol looking faster whenever only the raw link stalled.
//!
//! Two fixes were measured with `sticky bench` (16 MiB transfers, 7 rounds,
//! two runs each, medians; 512-byte writes and reads):
//!
//! | at 512 B | raw MB/s | protocol CPU ms per MiB |
//! |---|---:|---:|
//! | `TCP_NODELAY` on both ends, for the life of the link | 125, 470 | 11.0, 9.9 |
//! | Nagle kept; the tail pushed out after the last write | 705, 770 | 2.3, 2.4 |
//!
//! and `sticky-loopback` (two processes, default socket options, one
//! 512 MiB stream) moved 858-943 MB/s at 512 B in the same hour.
//!
//! `TCP_NODELAY` for the whole link ends the stall, but also most of the
//! coalescing: far more of the 512-byte writes leave as segments of their
//! own, processed as such by both ends (four times the CPU per MiB), and the
//! table would measure segments per write rather than what a program with
//! default options does. Not every write, though: `TCP_NODELAY` only stops
//! the waiting, and writes that pile up while the window is full, or while an
//! earlier segment is still queued in the host (autocorking), still leave
//! together (2,000 writes of 50 B with `TCP_NODELAY` left as 37 to 885 data
//! segments on loopback, five runs, `tcpi_data_segs_out`; without it, 21 in
//! nine runs of ten). So the links keep Nagle's algorithm for the body of a
//! transfer and, after its last write, call [`push_tail`]: setting
//! `TCP_NODELAY` "forces an explicit flush of pending output" (Linux,
//! tcp(7)), and clearing it again restores Nagle for the next transfer. Both
//! ends do this before they wait for the other.
//!
//! A program with the same pattern has the same choices: build a request in
//! one buffer and write it once, set `TCP_NODELAY` if its messages are small
//! and latency matters, or end with a close, which sends the held bytes out
//! with the FIN (demo 06 and `sticky-loopback` end that way).
//!
//! ## Where the bytes come from
//!
//! A sender that writes from a large payload reads every byte from main
//! memory; one that writes the same chunk again reads it from the CPU cache.
//! On the 2-core VM, two threads moving 256 MiB in 8 KiB writes reached
//! 3,854-4,513 MB/s from one 8 KiB buffer and 1,395-1,486 MB/s from a
//! 256 MiB buffer (three runs each): the second figure is mostly memory
//! bandwidth, and how much of a payload stays cached depends on its size, so
//! a 16 MiB and a 64 MiB payload measured different things. The raw sender
//! here writes the same chunk again ([`send_raw_repeated`]) and the file
//! body comes from [`std::io::repeat`] into the protocol's chunk buffer, as
//! the `sticky-loopback` yardstick writes one buffer again: what is timed is
//! loopback TCP and the framing, not the memory.
//!
//! ## Where the bytes go
//!
//! Where a receiving buffer starts matters as much. A `vec![0u8; n]` of
//! 128 KiB or more starts 16 bytes past a page boundary, and the kernel's
//! copy into it costs about twice the CPU of a copy into a buffer on a cache
//! line ([`AlignedBuf`] has the figures). The raw receiver used one such
//! buffer for the life of the link, while the protocol's receiver allocated
//! a fresh one per transfer, which after the first came from elsewhere
//! in the heap and ran at the aligned speed: `sticky bench` showed the protocol at 174-188% of raw at
//! 256 KiB and 1 MiB, and `sticky-loopback`, with the same kind of buffer
//! as raw, agreed with raw. Every buffer a link reads into or writes from is
//! now an [`AlignedBuf`], and so is `sticky-loopback`'s (its own few lines),
//! so the three columns start alike.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::file_transfer::{
    read_header, receive_body, send_body, write_header, AlignedBuf, FileHeader,
};
use crate::framing::{Endian, Framing};
use crate::net::{bind_tcp, connect_tcp};
use crate::FrameReader;

pub mod chart;

/// The chunk sizes both `cargo bench` and `sticky bench` compare: from
/// 512 B, where system calls dominate, to 1 MiB, where copying does.
pub const CHUNK_SIZES: [usize; 8] = [
    512,
    1024,
    4 * 1024,
    8 * 1024,
    16 * 1024,
    64 * 1024,
    256 * 1024,
    1024 * 1024,
];

/// 8192 -> "8 KiB", 1048576 -> "1 MiB", 512 -> "512 B".
pub fn size_label(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} B")
    }
}

/// Sends now whatever Nagle's algorithm is holding back on `stream`, and
/// leaves Nagle on for what follows. See the module docs: without this, a
/// transfer whose last piece is smaller than a segment can wait ~40 ms.
pub fn push_tail(stream: &TcpStream) -> Result<()> {
    // On Linux, setting TCP_NODELAY flushes pending output at once (tcp(7)).
    stream
        .set_nodelay(true)
        .and_then(|()| stream.set_nodelay(false))
        .map_err(Error::io("pushing out the end of a transfer"))
}

/// `read` and `write` calls, each one a system call on a blocking socket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calls {
    pub reads: u64,
    pub writes: u64,
}

impl Calls {
    /// Reads and writes together.
    pub fn total(self) -> u64 {
        self.reads + self.writes
    }

    /// The calls made since `earlier`.
    pub fn since(self, earlier: Calls) -> Calls {
        Calls {
            reads: self.reads - earlier.reads,
            writes: self.writes - earlier.writes,
        }
    }
}

/// Each end counts into its own, on its own cache line, so the two threads
/// never contend for one: counting must not slow what it counts.
#[derive(Debug, Default)]
#[repr(align(128))]
struct CallCounter {
    reads: AtomicU64,
    writes: AtomicU64,
}

/// A TCP stream that counts its `read` and `write` calls. `write_all` and
/// `read_exact` go through these once per system call they make, so the
/// count is what the kernel saw, not what the code asked for.
#[derive(Debug)]
pub struct CountedStream {
    stream: TcpStream,
    calls: Arc<CallCounter>,
}

impl CountedStream {
    /// A second handle on the same connection, counting into the same totals.
    pub fn try_clone(&self) -> Result<CountedStream> {
        Ok(CountedStream {
            stream: self.stream.try_clone().map_err(Error::io("cloning"))?,
            calls: Arc::clone(&self.calls),
        })
    }

    /// The socket itself, for options such as [`push_tail`].
    pub fn socket(&self) -> &TcpStream {
        &self.stream
    }
}

impl Read for CountedStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls.reads.fetch_add(1, Ordering::Relaxed);
        self.stream.read(buf)
    }
}

impl Write for CountedStream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.calls.writes.fetch_add(1, Ordering::Relaxed);
        self.stream.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // A TcpStream has no user-space buffer; push_tail is the kernel's side.
        Ok(())
    }
}

/// The CPU the receiving end of a link runs on, when pinned.
pub const RECEIVER_CPU: usize = 1;
/// The CPU the sending end runs on, when pinned.
pub const SENDER_CPU: usize = 0;

/// Keeps the calling thread on one CPU (Linux; elsewhere, or on a machine
/// with a single CPU, it does nothing and returns false). On two cores the
/// scheduler otherwise moves a link's two ends between them from run to
/// run: both on one core halves the rate of small chunks, and the same row
/// swings by a factor of two between rounds. Pinned apart, the ends stay
/// where a two-process transfer usually runs them.
pub fn pin_to_cpu(cpu: usize) -> bool {
    #[cfg(target_os = "linux")]
    {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        if cpus < 2 || cpu >= cpus {
            return false;
        }
        // SAFETY: a zeroed cpu_set_t is a valid empty set; CPU_SET writes
        // inside it, and sched_setaffinity(0, ...) only reads it.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = cpu;
        false
    }
}

/// A loopback connection whose far end runs on its own thread.
#[derive(Debug)]
pub struct Link {
    stream: CountedStream,
    far_calls: Arc<CallCounter>,
    receiver: Option<JoinHandle<Result<()>>>,
}

impl Link {
    /// Connects to a fresh listener on 127.0.0.1 and runs `receiver` on the
    /// accepted stream. The receiver must end when the stream closes. Both
    /// ends count into [`Link::calls`].
    pub fn start<F>(receiver: F) -> Result<Link>
    where
        F: FnOnce(CountedStream) -> Result<()> + Send + 'static,
    {
        let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = listener
            .local_addr()
            .map_err(Error::io("reading the bound address"))?;
        let far_calls = Arc::new(CallCounter::default());
        let calls = Arc::clone(&far_calls);
        let handle = std::thread::spawn(move || {
            pin_to_cpu(RECEIVER_CPU);
            let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
            receiver(CountedStream { stream, calls })
        });
        let stream = connect_tcp(addr)?;
        Ok(Link {
            stream: CountedStream {
                stream,
                calls: Arc::new(CallCounter::default()),
            },
            far_calls,
            receiver: Some(handle),
        })
    }

    /// The near end, for writing.
    pub fn stream(&mut self) -> &mut CountedStream {
        &mut self.stream
    }

    /// The `read` and `write` calls made so far at both ends.
    pub fn calls(&self) -> Calls {
        let (near, far) = (&self.stream.calls, &self.far_calls);
        Calls {
            reads: near.reads.load(Ordering::Relaxed) + far.reads.load(Ordering::Relaxed),
            writes: near.writes.load(Ordering::Relaxed) + far.writes.load(Ordering::Relaxed),
        }
    }

    /// Pushes out the end of the transfer, then waits for the receiver's
    /// 1-byte acknowledgement of it.
    pub fn wait_ack(&mut self) -> Result<()> {
        push_tail(self.stream.socket())?;
        let mut ack = [0u8; 1];
        self.stream
            .read_exact(&mut ack)
            .map_err(Error::io("waiting for the receiver"))
    }

    /// Closes the link and returns the receiver's result.
    pub fn close(mut self) -> Result<()> {
        self.shutdown_and_join()
    }

    fn shutdown_and_join(&mut self) -> Result<()> {
        let _ = self.stream.socket().shutdown(Shutdown::Write);
        match self.receiver.take() {
            Some(h) => crate::error::join(h, "the receiver thread"),
            None => Ok(()),
        }
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self.shutdown_and_join();
    }
}

/// The receiver's side of a transfer's end: one byte, pushed out at once.
pub fn ack(stream: &mut CountedStream) -> Result<()> {
    stream.write_all(&[1]).map_err(Error::io("acknowledging"))?;
    push_tail(stream.socket())
}

/// Demo 06's protocol: each transfer is a header and `payload` as the body,
/// sent and received in pieces of `chunk` bytes. The receiver discards the
/// body, so the disk is not measured.
pub fn file_protocol_link(chunk: usize) -> Result<Link> {
    Link::start(move |mut s| {
        let mut reader = s.try_clone()?;
        while let Some((header, _)) = read_header(&mut reader, Endian::Big, 64 * 1024)? {
            receive_body(
                &mut reader,
                &mut std::io::sink(),
                header.filesize,
                chunk,
                |_| {},
            )?;
            ack(&mut s)?;
        }
        Ok(())
    })
}

/// Sends one file of `bytes` bytes over a [`file_protocol_link`], in pieces
/// of `chunk`, and waits for it to arrive. The file's bytes come from
/// [`std::io::repeat`]: see the module docs on where the bytes come from.
pub fn send_file_once(link: &mut Link, bytes: u64, chunk: usize) -> Result<()> {
    let header = FileHeader {
        filename: "bench.bin".into(),
        filesize: bytes,
        sha256: None,
    };
    write_header(link.stream(), &header, Endian::Big)?;
    send_body(
        &mut std::io::repeat(0x5a).take(bytes),
        link.stream(),
        bytes,
        chunk,
        |_| {},
    )?;
    link.wait_ack()
}

/// No framing at all: the receiver reads `len` bytes with a `buf`-byte
/// buffer and acknowledges. The baseline every framing is compared with.
pub fn raw_link(len: usize, buf: usize) -> Result<Link> {
    let buf = buf.max(1);
    Link::start(move |mut s| {
        // Page-aligned, as the protocol's receiver reads: see the module docs.
        let mut b = AlignedBuf::zeroed(buf);
        loop {
            let mut left = len;
            while left > 0 {
                let n = s
                    .read(&mut b[..buf.min(left)])
                    .map_err(Error::io("reading"))?;
                if n == 0 {
                    // A close between transfers ends the link; inside one is an error.
                    return if left == len {
                        Ok(())
                    } else {
                        Err(Error::ClosedMidFrame {
                            what: "raw transfer",
                            got: (len - left) as u64,
                            expected: len as u64,
                        })
                    };
                }
                left -= n;
            }
            ack(&mut s)?;
        }
    })
}

/// Sends `payload` once over a [`raw_link`], `chunk` bytes per `write_all`.
pub fn send_raw_once(link: &mut Link, payload: &[u8], chunk: usize) -> Result<()> {
    for piece in payload.chunks(chunk.max(1)) {
        link.stream()
            .write_all(piece)
            .map_err(Error::io("writing"))?;
    }
    link.wait_ack()
}

/// Sends `bytes` bytes over a [`raw_link`] as `write_all` calls of `piece`
/// (the last one cut short): the same system calls as the file protocol at
/// that chunk size, without its header and its fill of a chunk buffer. The
/// same few bytes every time, so they stay in the CPU cache; pass an
/// [`AlignedBuf`] (see the module docs on where the bytes go).
pub fn send_raw_repeated(link: &mut Link, piece: &[u8], bytes: u64) -> Result<()> {
    let mut left = bytes;
    while left > 0 {
        let n = left.min(piece.len().max(1) as u64) as usize;
        link.stream()
            .write_all(&piece[..n])
            .map_err(Error::io("writing"))?;
        left -= n as u64;
    }
    link.wait_ack()
}

/// A link whose receiver decodes `count` frames with `framing` per transfer.
pub fn framed_link<F>(framing: F, count: usize) -> Result<Link>
where
    F: Framing + Send + 'static,
{
    Link::start(move |mut s| {
        let reader = s.try_clone()?;
        let mut frames = FrameReader::new(reader, framing);
        loop {
            for i in 0..count {
                match frames.read_frame()? {
                    Some(_) => {}
                    None if i == 0 => return Ok(()),
                    None => {
                        return Err(Error::Io {
                            context: "reading a batch of frames".into(),
                            source: std::io::Error::new(
                                std::io::ErrorKind::UnexpectedEof,
                                format!("the sender closed after {i} of {count} frames"),
                            ),
                        })
                    }
                }
            }
            ack(&mut s)?;
        }
    })
}

/// What one measurement saw: bytes moved, the time, the system calls at
/// both ends of the link, and the CPU time of the whole process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub bytes: u64,
    pub elapsed: Duration,
    pub calls: Calls,
    pub cpu: Duration,
}

const MB: f64 = 1e6;
const MIB: f64 = 1024.0 * 1024.0;

impl Sample {
    /// Megabytes (10^6 bytes) per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / self.elapsed.as_secs_f64() / MB
    }

    /// `read` plus `write` calls per MiB moved, both ends.
    pub fn calls_per_mib(&self) -> f64 {
        self.calls.total() as f64 / (self.bytes as f64 / MIB)
    }

    /// Milliseconds of CPU (user + system, every thread) per MiB moved.
    pub fn cpu_ms_per_mib(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e3 / (self.bytes as f64 / MIB)
    }
}

/// Runs `once` (one transfer of `bytes` over `link`) at least twice and
/// until `min_time` has passed, and reports what it took.
pub fn time_transfers(
    link: &mut Link,
    min_time: Duration,
    bytes: usize,
    mut once: impl FnMut(&mut Link) -> Result<()>,
) -> Result<Sample> {
    let calls = link.calls();
    let cpu = process_cpu_time()?;
    let start = Instant::now();
    let mut transfers = 0u64;
    while transfers < 2 || start.elapsed() < min_time {
        once(link)?;
        transfers += 1;
    }
    let elapsed = start.elapsed();
    Ok(Sample {
        bytes: transfers * bytes as u64,
        elapsed,
        calls: link.calls().since(calls),
        cpu: process_cpu_time()?.saturating_sub(cpu),
    })
}

/// User plus system CPU time of this process so far, all threads together
/// (`getrusage(RUSAGE_SELF)`): a link's sender and its receiver thread.
#[cfg(unix)]
pub fn process_cpu_time() -> Result<Duration> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given
    // and reports failure through its return value, checked before reading.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return Err(Error::io("reading the CPU time used")(
                std::io::Error::last_os_error(),
            ));
        }
        usage.assume_init()
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Ok(time(usage.ru_utime) + time(usage.ru_stime))
}

/// CPU time is read with `getrusage`, which only Unix has.
#[cfg(not(unix))]
pub fn process_cpu_time() -> Result<Duration> {
    Err(Error::Usage("CPU time is measured on Unix only".into()))
}

/// The median and the range of repeated measurements: the median says what
/// is typical, the range how far one run can be from it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    /// `None` for no values; the median of an even count is the mean of the middle two.
    pub fn of(values: &[f64]) -> Option<Spread> {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = match n {
            0 => return None,
            _ if n % 2 == 1 => v[n / 2],
            _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        };
        Some(Spread {
            median,
            min: v[0],
            max: v[n - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framing::LengthPrefixed;

    #[test]
    fn every_link_delivers_and_closes() {
        let mut link = file_protocol_link(4096).unwrap();
        send_file_once(&mut link, 100_000, 4096).unwrap();
        send_file_once(&mut link, 10, 4096).unwrap();
        link.close().unwrap();

        let payload = vec![7u8; 100_000];
        let mut link = raw_link(payload.len(), 1 << 20).unwrap();
        send_raw_once(&mut link, &payload, 1000).unwrap();
        send_raw_repeated(&mut link, &payload[..999], 100_000).unwrap();
        link.close().unwrap();

        let codec = LengthPrefixed::default();
        let mut link = framed_link(codec, 3).unwrap();
        let mut batch = Vec::new();
        for m in [&b"a"[..], b"bb", b""] {
            codec.encode(m, &mut batch).unwrap();
        }
        link.stream().write_all(&batch).unwrap();
        link.wait_ack().unwrap();
        link.close().unwrap();
    }

    #[test]
    fn a_link_counts_the_calls_of_both_ends() {
        let mut link = raw_link(10_000, 1000).unwrap();
        let before = link.calls();
        send_raw_repeated(&mut link, &[7u8; 1000], 10_000).unwrap();
        let calls = link.calls().since(before);
        // 10 writes of 1000 bytes and the ack's 1. Reads: at least 10 of at
        // most 1000 bytes (one may have started before `before`) and the ack's.
        assert_eq!(calls.writes, 11);
        assert!(calls.reads >= 10, "{calls:?}");
        link.close().unwrap();
    }

    #[test]
    fn a_sample_counts_every_transfer() {
        let piece = [1u8; 4096];
        let mut link = raw_link(4096, 4096).unwrap();
        let sample = time_transfers(&mut link, Duration::ZERO, 4096, |l| {
            send_raw_repeated(l, &piece, 4096)
        })
        .unwrap();
        // At least two transfers, whatever the clock says.
        assert_eq!(sample.bytes, 2 * 4096);
        assert_eq!(sample.calls.writes, 2 * 2);
        assert!(sample.mb_per_s() > 0.0);
        link.close().unwrap();
    }

    #[test]
    fn spread_reports_median_and_range() {
        assert_eq!(Spread::of(&[]), None);
        let s = Spread::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 5.0));
        let s = Spread::of(&[4.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (3.0, 1.0, 10.0));
    }

    #[test]
    fn cpu_time_moves_forward() {
        let before = process_cpu_time().unwrap();
        // Work that cannot be optimised away, until the clock ticks (it
        // ticks every few milliseconds at worst; the bound is far beyond).
        let mut x = 0u64;
        for _ in 0..100_000_000 {
            if process_cpu_time().unwrap() != before {
                break;
            }
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        assert!(process_cpu_time().unwrap() > before);
    }

    #[test]
    fn a_link_closed_mid_batch_reports_it() {
        let codec = LengthPrefixed::default();
        let mut link = framed_link(codec, 2).unwrap();
        codec.write_frame(link.stream(), b"only one").unwrap();
        let err = link.close().unwrap_err();
        assert_eq!(
            err.to_string(),
            "reading a batch of frames: the sender closed after 1 of 2 frames"
        );
    }
}
