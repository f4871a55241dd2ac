//! The grader's end of a connection: writes that may be cut into single
//! bytes, a reader on its own thread, and a wait that ends when nothing
//! moves.
//!
//! Reading on another thread while writing is what keeps a large echo from
//! deadlocking: a server that echoes as it reads fills our receive buffer,
//! and if nobody emptied it the server would block on send(), stop reading,
//! and our own write would block in turn.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::WORDS;
use crate::tr;

/// The pause between single-byte writes. A server waiting in recv() wakes
/// on the first byte and gets it alone; to get two at once it would have to
/// be kept off the CPU for a whole gap, and a 4-byte header arrives whole only
/// after three gaps (45 ms), far beyond the few milliseconds a loaded machine
/// makes a woken process wait. So a server that reads the header with one
/// recv(4) fails this every time, not by luck.
pub const GAP: Duration = Duration::from_millis(15);

/// The most single-byte writes one case makes, so a cut case stays short.
pub const MAX_CUT: usize = 96;

/// Bytes written per system call when a piece is large, so the deadline is
/// checked between them.
const WRITE_CHUNK: usize = 64 * 1024;

/// What the reader decides after each read.
pub enum Heard {
    /// Keep reading.
    More,
    /// Stop reading; the connection stays as it is.
    Enough,
    /// The reply cannot be right any more: stop, and stop the writer too.
    Wrong,
}

/// How the reading ended.
#[derive(Debug)]
pub enum End {
    /// A read returned 0: the server closed its side.
    Closed,
    /// The connection was reset: the server closed with bytes unread, or died.
    Reset,
    /// Nothing more came before the deadline.
    TimedOut,
    /// The reader had what it wanted.
    Enough,
    /// A byte that cannot be right arrived.
    Wrong,
    /// More bytes came than any right reply holds.
    TooMuch,
    /// Any other error.
    Failed(io::Error),
}

impl End {
    /// Whether the server ended the connection (cleanly or not).
    pub fn closed(&self) -> bool {
        matches!(self, End::Closed | End::Reset)
    }
}

/// What came back, and how it ended.
pub struct Reply {
    pub bytes: Vec<u8>,
    pub end: End,
}

/// What went out: `bytes` of `of`, and why the rest did not.
pub struct Sent {
    pub bytes: usize,
    pub of: usize,
    /// The error that stopped the writes, if one did. (When the reply is
    /// decided early, the grader stops writing by choice; that is no error.)
    pub error: Option<io::Error>,
}

impl Sent {
    /// " (N of M bytes went out: WHY)" when a write failed.
    pub fn shortfall(&self) -> String {
        match &self.error {
            Some(e) => tr!(
                WORDS,
                "wire-shortfall",
                sent = self.bytes,
                of = self.of,
                why = worded(e)
            ),
            None => String::new(),
        }
    }
}

/// `bytes` cut at seeded random offsets into pieces of 1 to `max` bytes,
/// one write each: the same seed gives the same cuts, so a failure replays.
/// Offsets fall anywhere, inside a header, a UTF-8 character or a record,
/// and one piece often holds the end of one message and the start of the next.
pub fn seeded_pieces(bytes: &[u8], max: usize, seed: u64) -> Vec<Vec<u8>> {
    use sticky::resegment::{piece_lengths, Pieces, Seed};
    let mut at = 0;
    piece_lengths(bytes.len(), Pieces::up_to(max.max(1)), Seed(seed))
        .into_iter()
        .map(|n| {
            let piece = bytes[at..at + n].to_vec();
            at += n;
            piece
        })
        .collect()
}

/// One connection to the server under test.
pub struct Link {
    stream: TcpStream,
    timeout: Duration,
    /// A hard end for everything on this link, whatever moves: the end of a
    /// student's time in a class run.
    limit: Option<Instant>,
}

impl Link {
    /// Connects, with Nagle's algorithm off: each write leaves at once as its
    /// own segment, instead of waiting to be merged with the next one.
    /// `limit` is a hard end for the link.
    pub fn connect_within(
        addr: SocketAddr,
        timeout: Duration,
        limit: Option<Instant>,
    ) -> io::Result<Link> {
        let wait = match limit {
            Some(limit) => time_left(limit)?.min(timeout),
            None => timeout,
        };
        let stream = TcpStream::connect_timeout(&addr, wait)?;
        stream.set_nodelay(true)?;
        Ok(Link {
            stream,
            timeout,
            limit,
        })
    }

    /// Writes each piece with its own write, `gap` apart, while another thread
    /// reads the reply and asks `judge` about it after every read. With
    /// `close`, the writing half is shut down after the last piece, so a
    /// server that behaves reads 0 and closes, and the reply ends with
    /// [`End::Closed`]. `cap` bounds the bytes read.
    ///
    /// A wait ends when nothing has moved, no byte read and none written, for
    /// `timeout`: a correct server behind a slow link keeps the exchange alive
    /// as long as bytes flow. A trickle cannot keep it alive for ever: the
    /// whole exchange ends [`SLOWEST`] allows for its bytes, plus four
    /// timeouts, after it starts.
    pub fn exchange<J>(
        &self,
        pieces: &[Vec<u8>],
        gap: Duration,
        close: bool,
        cap: usize,
        judge: J,
    ) -> (Sent, Reply)
    where
        J: FnMut(&[u8]) -> Heard + Send,
    {
        let gaps = gap.saturating_mul(u32::try_from(pieces.len()).unwrap_or(u32::MAX));
        let out: usize = pieces.iter().map(Vec::len).sum();
        let clock = self.clock(gaps, out);
        let stream = &self.stream;
        let stop = AtomicBool::new(false);
        let (sent, reply) = thread::scope(|s| {
            let reader = s.spawn(|| {
                let reply = read_reply(stream, &clock, cap, judge);
                if !matches!(reply.end, End::Enough) {
                    stop.store(true, Ordering::Relaxed);
                }
                if !matches!(reply.end, End::Enough | End::Closed) {
                    // The case is decided; a writer blocked on a full buffer
                    // must not wait for its own timeout.
                    let _ = stream.shutdown(Shutdown::Both);
                }
                reply
            });
            let sent = write_pieces(stream, pieces, gap, &clock, &stop);
            if close {
                let _ = stream.shutdown(Shutdown::Write);
            }
            let reply = reader.join().unwrap_or_else(|_| Reply {
                bytes: Vec::new(),
                end: End::Failed(io::Error::other(tr!(WORDS, "wire-reader-panicked"))),
            });
            (sent, reply)
        });
        (sent, reply)
    }

    /// Hangs up abruptly: with a linger time of zero, close() sends a reset
    /// instead of a FIN, so the server's next send() or recv() fails at once
    /// rather than reading a clean end.
    pub fn reset(self) {
        let _ = socket2::SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
    }

    /// Whether the server has closed its side within `wait`: a peek, so
    /// nothing is taken from the stream. Bytes waiting, or none, mean no.
    pub fn closed_within(&self, wait: Duration) -> bool {
        let _ = self
            .stream
            .set_read_timeout(Some(wait.max(Duration::from_millis(1))));
        matches!(self.stream.peek(&mut [0u8; 1]), Ok(0))
            || matches!(self.stream.peek(&mut [0u8; 1]), Err(e) if e.kind() == ErrorKind::ConnectionReset)
    }

    /// Writes `bytes` in one piece, reading nothing; a wait ends when
    /// nothing has moved for the timeout.
    pub fn write(&self, bytes: &[u8]) -> Sent {
        let clock = self.clock(Duration::ZERO, bytes.len());
        write_pieces(
            &self.stream,
            &[bytes.to_vec()],
            Duration::ZERO,
            &clock,
            &AtomicBool::new(false),
        )
    }

    /// The clock of one exchange that sends `out` bytes with `gaps` of
    /// pauses between them.
    fn clock(&self, gaps: Duration, out: usize) -> Clock<'_> {
        let allowed = gaps
            + self.timeout.saturating_mul(4)
            + Duration::from_secs_f64((2 * out + 64 * 1024) as f64 / SLOWEST as f64);
        let ceiling = Instant::now() + allowed;
        let (end, why) = match self.limit {
            Some(limit) if limit < ceiling => (limit, Why::Limit),
            _ => (ceiling, Why::Slow(allowed)),
        };
        Clock::new(&self.stream, self.timeout, end, why)
    }
}

/// The slowest link an exchange waits for, in bytes per second, once its
/// bytes are counted: slower than any classroom network, far faster than a
/// server that trickles a byte now and then to keep the grader waiting.
pub const SLOWEST: usize = 128 * 1024;

/// When an exchange last moved a byte either way, shared by its writer and
/// its reader, and the hard end it cannot pass.
///
/// A byte that leaves our send queue moves too. After the last write
/// returns, a slow link can still hold megabytes of it in the kernel's send
/// buffer, and a server that echoes only whole frames says nothing until
/// they have crossed; the queue shrinking is the only sign they are moving.
struct Clock<'a> {
    stream: &'a TcpStream,
    start: Instant,
    /// Nanoseconds from `start` to the last byte read or written.
    last: AtomicU64,
    /// Bytes in our send queue when last looked at.
    queued: AtomicUsize,
    idle: Duration,
    ceiling: Instant,
    why: Why,
}

/// What the hard end of an exchange is.
enum Why {
    /// The time a link at [`SLOWEST`] would need, plus four timeouts.
    Slow(Duration),
    /// The end of the link itself: a student's time in a class run.
    Limit,
}

impl<'a> Clock<'a> {
    fn new(stream: &'a TcpStream, idle: Duration, ceiling: Instant, why: Why) -> Clock<'a> {
        Clock {
            stream,
            start: Instant::now(),
            last: AtomicU64::new(0),
            queued: AtomicUsize::new(0),
            idle,
            ceiling,
            why,
        }
    }

    /// A byte moved.
    fn moved(&self) {
        let nanos = u64::try_from(self.start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.last.fetch_max(nanos, Ordering::Relaxed);
    }

    /// A write returned: bytes moved, and some may still wait in the queue.
    fn wrote(&self) {
        self.moved();
        self.queued
            .store(unsent(self.stream).unwrap_or(0), Ordering::Relaxed);
    }

    /// Whether the send queue has shrunk since it was last looked at.
    fn drained(&self) -> bool {
        let Some(now) = unsent(self.stream) else {
            return false;
        };
        now < self.queued.swap(now, Ordering::Relaxed)
    }

    /// How long the next blocking call may wait: until `idle` after the last
    /// byte moved, or the ceiling, whichever is first. Past either, an error:
    /// `TimedOut` when nothing moved, another when the ceiling came first.
    fn wait(&self) -> io::Result<Duration> {
        let last = self.start + Duration::from_nanos(self.last.load(Ordering::Relaxed));
        let now = Instant::now();
        let idle_left = (last + self.idle).saturating_duration_since(now);
        let hard_left = self.ceiling.saturating_duration_since(now);
        if hard_left.is_zero() {
            return Err(io::Error::other(match self.why {
                Why::Slow(allowed) => tr!(
                    WORDS,
                    "wire-too-slow",
                    time = seconds(allowed),
                    rate = SLOWEST / 1024
                ),
                Why::Limit => tr!(WORDS, "wire-out-of-time"),
            }));
        }
        if idle_left.is_zero() {
            if self.drained() {
                self.moved();
                return Ok(self.idle.min(hard_left));
            }
            return Err(io::Error::from(ErrorKind::TimedOut));
        }
        Ok(idle_left.min(hard_left))
    }
}

/// One write call per chunk of each piece, `gap` between pieces; a chunk a
/// slow peer takes in part is finished by more calls, each one progress.
fn write_pieces(
    mut stream: &TcpStream,
    pieces: &[Vec<u8>],
    gap: Duration,
    clock: &Clock<'_>,
    stop: &AtomicBool,
) -> Sent {
    let of = pieces.iter().map(Vec::len).sum();
    let mut sent = Sent {
        bytes: 0,
        of,
        error: None,
    };
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 && !gap.is_zero() {
            // The spacing is the point of the cut cases: see GAP.
            thread::sleep(gap);
        }
        let mut rest = piece.as_slice();
        while !rest.is_empty() {
            if stop.load(Ordering::Relaxed) {
                return sent;
            }
            let chunk = &rest[..rest.len().min(WRITE_CHUNK)];
            let result = clock
                .wait()
                .and_then(|left| stream.set_write_timeout(Some(left)))
                .and_then(|()| stream.write(chunk));
            match result {
                Ok(0) => {
                    sent.error = Some(io::Error::from(ErrorKind::WriteZero));
                    return sent;
                }
                Ok(n) => {
                    clock.wrote();
                    sent.bytes += n;
                    rest = &rest[n..];
                }
                // The wait ran out, but the reader may have moved bytes
                // meanwhile: the clock decides.
                Err(e) if is_wait(&e) => {
                    if let Err(end) = clock.wait() {
                        sent.error = Some(end);
                        return sent;
                    }
                }
                Err(e) => {
                    sent.error = Some(e);
                    return sent;
                }
            }
        }
    }
    sent
}

/// Reads until the server closes, the judge decides, `cap` bytes are in, or
/// the clock runs out: a loop that always ends.
fn read_reply<J>(mut stream: &TcpStream, clock: &Clock<'_>, cap: usize, mut judge: J) -> Reply
where
    J: FnMut(&[u8]) -> Heard,
{
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let end = loop {
        if bytes.len() > cap {
            break End::TooMuch;
        }
        let left = match clock.wait() {
            Ok(left) => left,
            Err(e) if e.kind() == ErrorKind::TimedOut => break End::TimedOut,
            Err(e) => break End::Failed(e),
        };
        if let Err(e) = stream.set_read_timeout(Some(left)) {
            break End::Failed(e);
        }
        // One byte past the cap is enough to know there was too much.
        let room = buf.len().min(cap + 1 - bytes.len());
        match stream.read(&mut buf[..room]) {
            Ok(0) => break End::Closed,
            Ok(n) => {
                clock.moved();
                bytes.extend_from_slice(&buf[..n]);
                match judge(&bytes) {
                    Heard::More => {}
                    Heard::Enough => break End::Enough,
                    Heard::Wrong => break End::Wrong,
                }
            }
            // The wait ran out (or was interrupted), but the writer may have
            // moved bytes meanwhile: the clock decides on the next turn.
            Err(e) if is_wait(&e) => {}
            Err(e) => match e.kind() {
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => break End::Reset,
                _ => break End::Failed(e),
            },
        }
    };
    Reply { bytes, end }
}

/// Bytes written to `stream` that the peer has not acknowledged yet (sent
/// or not), where the system says: Linux's SIOCOUTQ.
#[cfg(target_os = "linux")]
fn unsent(stream: &TcpStream) -> Option<usize> {
    use std::os::fd::AsRawFd;
    let mut n: libc::c_int = 0;
    // SAFETY: TIOCOUTQ (SIOCOUTQ for a socket) writes one int through the
    // pointer, which points at a live c_int; the descriptor is open for as
    // long as `stream` is borrowed.
    let rc = unsafe { libc::ioctl(stream.as_raw_fd(), libc::TIOCOUTQ, &mut n) };
    (rc == 0).then(|| usize::try_from(n).unwrap_or(0))
}

/// Elsewhere the queue is not looked at: only bytes read or written count.
#[cfg(not(target_os = "linux"))]
fn unsent(_: &TcpStream) -> Option<usize> {
    None
}

/// An error that only means a blocking call returned before anything
/// happened.
fn is_wait(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut | ErrorKind::Interrupted
    )
}

/// The time until `deadline`, or a timed-out error once it has passed
/// (a zero timeout would mean "wait forever" to the socket).
fn time_left(deadline: Instant) -> io::Result<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| io::Error::from(ErrorKind::TimedOut))
}

/// An I/O error in a few words, the way a report card line needs it.
pub fn worded(e: &io::Error) -> String {
    match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => tr!(WORDS, "io-timed-out"),
        ErrorKind::ConnectionReset => tr!(WORDS, "io-reset"),
        ErrorKind::BrokenPipe => tr!(WORDS, "io-closed"),
        ErrorKind::ConnectionRefused => tr!(WORDS, "io-refused"),
        _ => e.to_string(),
    }
}

/// How a "got" line says that a wait ended with nothing moving. A case
/// that expects the wait (a server must not answer, or must close) words it
/// its own way; with these words the report adds that `--timeout` is the
/// knob for a slow network.
pub fn timed_out() -> String {
    tr!(WORDS, "wire-timed-out")
}

/// How a reply stopped, as ", then …" for a report line; empty when the
/// grader stopped it.
pub fn ending(end: &End, timeout: Duration) -> String {
    match end {
        End::Closed => tr!(WORDS, "end-closed"),
        End::Reset => tr!(WORDS, "end-reset"),
        End::TimedOut => tr!(
            WORDS,
            "end-timed-out",
            time = seconds(timeout),
            timed_out = timed_out()
        ),
        End::Enough | End::Wrong => String::new(),
        End::TooMuch => tr!(WORDS, "end-more"),
        End::Failed(e) => tr!(WORDS, "end-failed", why = worded(e)),
    }
}

/// An empty reply, and how it ended.
pub fn nothing(end: &End, timeout: Duration) -> String {
    match end {
        End::TimedOut => tr!(
            WORDS,
            "nothing-timed-out",
            time = seconds(timeout),
            timed_out = timed_out()
        ),
        End::Closed => tr!(WORDS, "nothing-closed"),
        End::Reset => tr!(WORDS, "nothing-reset"),
        End::Failed(e) => tr!(WORDS, "nothing-failed", why = worded(e)),
        end => tr!(WORDS, "nothing-then", end = ending(end, timeout)),
    }
}

/// "3 s", "0.5 s", "15 ms".
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 0.1 {
        format!("{} ms", d.as_millis())
    } else if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// Bytes as short, escaped text in quotes, about `max` columns wide:
/// UTF-8 shows as text, anything else as Python would write it (`\x07`).
pub fn show(bytes: &[u8], max: usize) -> String {
    let mut text = String::new();
    let mut width = 0;
    let mut cut = false;
    'all: for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid().chars().map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            '\\' => "\\\\".to_string(),
            '"' => "\\\"".to_string(),
            c if c.is_control() && (c as u32) < 0x100 => format!("\\x{:02x}", c as u32),
            c => c.to_string(),
        });
        let invalid = chunk.invalid().iter().map(|b| format!("\\x{b:02x}"));
        for piece in valid.chain(invalid) {
            // Wide characters (CJK) take two columns on a terminal.
            let w: usize = piece
                .chars()
                .map(|c| if c >= '\u{1100}' { 2 } else { 1 })
                .sum();
            if width + w > max {
                cut = true;
                break 'all;
            }
            text.push_str(&piece);
            width += w;
        }
    }
    if cut {
        text.push('…');
    }
    format!("\"{text}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_pieces_replay_and_keep_every_byte() {
        let bytes: Vec<u8> = (0..=255).collect();
        let a = seeded_pieces(&bytes, 7, 42);
        assert_eq!(a, seeded_pieces(&bytes, 7, 42));
        assert_ne!(a, seeded_pieces(&bytes, 7, 43));
        assert!(a.iter().all(|p| (1..=7).contains(&p.len())));
        assert_eq!(a.concat(), bytes);
    }

    #[test]
    fn show_escapes_and_cuts() {
        assert_eq!(show(b"ab\0\x07\n", 20), r#""ab\x00\x07\n""#);
        assert_eq!(show(b"abcdef", 3), r#""abc…""#);
        // The budget is in columns: an escape costs its four.
        assert_eq!(show(b"\0\0\0", 9), r#""\x00\x00…""#);
        assert_eq!(show("笔记".as_bytes(), 4), r#""笔记""#);
        assert_eq!(show("笔记".as_bytes(), 3), r#""笔…""#);
        assert_eq!(show(b"\xff\xfeok", 10), r#""\xff\xfeok""#);
        // A cut inside the second character: the first still shows as text.
        assert_eq!(show(&"笔记".as_bytes()[..4], 10), r#""笔\xe8""#);
    }
}
