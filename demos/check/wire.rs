//! The grader's end of a connection: writes that may be cut into single
//! bytes, a reader on its own thread, and a deadline on every wait.
//!
//! Reading on another thread while writing is what keeps a large echo from
//! deadlocking: a server that echoes as it reads fills our receive buffer,
//! and if nobody emptied it the server would block on send(), stop reading,
//! and our own write would block in turn.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

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
            Some(e) => format!(
                " ({} of {} bytes went out: {})",
                self.bytes,
                self.of,
                worded(e)
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
}

impl Link {
    /// Connects, with Nagle's algorithm off: each write leaves at once as its
    /// own segment, instead of waiting to be merged with the next one.
    pub fn connect(addr: SocketAddr, timeout: Duration) -> io::Result<Link> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        stream.set_nodelay(true)?;
        Ok(Link { stream, timeout })
    }

    /// Writes each piece with its own write, `gap` apart, while another thread
    /// reads the reply and asks `judge` about it after every read. With
    /// `close`, the writing half is shut down after the last piece, so a
    /// server that behaves reads 0 and closes, and the reply ends with
    /// [`End::Closed`]. `cap` bounds the bytes read; every wait ends
    /// `timeout` after the last piece is due.
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
        let deadline = Instant::now() + self.timeout + gaps;
        let stream = &self.stream;
        let stop = AtomicBool::new(false);
        thread::scope(|s| {
            let reader = s.spawn(|| {
                let reply = read_reply(stream, deadline, cap, judge);
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
            let sent = write_pieces(stream, pieces, gap, deadline, &stop);
            if close {
                let _ = stream.shutdown(Shutdown::Write);
            }
            let reply = reader.join().unwrap_or_else(|_| Reply {
                bytes: Vec::new(),
                end: End::Failed(io::Error::other("the reading thread panicked")),
            });
            (sent, reply)
        })
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

    /// Writes `bytes` in one piece, reading nothing.
    pub fn write(&self, bytes: &[u8]) -> Sent {
        let deadline = Instant::now() + self.timeout;
        write_pieces(
            &self.stream,
            &[bytes.to_vec()],
            Duration::ZERO,
            deadline,
            &AtomicBool::new(false),
        )
    }
}

/// One write per piece (large pieces in chunks), `gap` between pieces.
fn write_pieces(
    mut stream: &TcpStream,
    pieces: &[Vec<u8>],
    gap: Duration,
    deadline: Instant,
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
        for chunk in piece.chunks(WRITE_CHUNK) {
            if stop.load(Ordering::Relaxed) {
                return sent;
            }
            let result = time_left(deadline)
                .and_then(|left| stream.set_write_timeout(Some(left)))
                .and_then(|()| stream.write_all(chunk));
            if let Err(e) = result {
                sent.error = Some(e);
                return sent;
            }
            sent.bytes += chunk.len();
        }
    }
    sent
}

/// Reads until the server closes, the judge decides, `cap` bytes are in, or
/// the deadline passes: a loop that always ends.
fn read_reply<J>(mut stream: &TcpStream, deadline: Instant, cap: usize, mut judge: J) -> Reply
where
    J: FnMut(&[u8]) -> Heard,
{
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let end = loop {
        if bytes.len() > cap {
            break End::TooMuch;
        }
        let left = match time_left(deadline) {
            Ok(left) => left,
            Err(_) => break End::TimedOut,
        };
        if let Err(e) = stream.set_read_timeout(Some(left)) {
            break End::Failed(e);
        }
        // One byte past the cap is enough to know there was too much.
        let room = buf.len().min(cap + 1 - bytes.len());
        match stream.read(&mut buf[..room]) {
            Ok(0) => break End::Closed,
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                match judge(&bytes) {
                    Heard::More => {}
                    Heard::Enough => break End::Enough,
                    Heard::Wrong => break End::Wrong,
                }
            }
            Err(e) => match e.kind() {
                ErrorKind::Interrupted => continue,
                ErrorKind::WouldBlock | ErrorKind::TimedOut => break End::TimedOut,
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => break End::Reset,
                _ => break End::Failed(e),
            },
        }
    };
    Reply { bytes, end }
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
        ErrorKind::WouldBlock | ErrorKind::TimedOut => "timed out".into(),
        ErrorKind::ConnectionReset => "the connection was reset".into(),
        ErrorKind::BrokenPipe => "the server had closed the connection".into(),
        ErrorKind::ConnectionRefused => "connection refused".into(),
        _ => e.to_string(),
    }
}

/// How a reply stopped, as ", then …" for a report line; empty when the
/// grader stopped it.
pub fn ending(end: &End, timeout: Duration) -> String {
    match end {
        End::Closed => ", then the server closed the connection".into(),
        End::Reset => ", then the connection was reset".into(),
        End::TimedOut => format!(", then nothing for {}", seconds(timeout)),
        End::Enough | End::Wrong => String::new(),
        End::TooMuch => ", and more".into(),
        End::Failed(e) => format!(", then {}", worded(e)),
    }
}

/// An empty reply, and how it ended.
pub fn nothing(end: &End, timeout: Duration) -> String {
    match end {
        End::TimedOut => format!("nothing in {}", seconds(timeout)),
        end => format!("nothing{}", ending(end, timeout).replacen(", then", ";", 1)),
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
