//! The re-segmenting proxy: any two programs, talking through a stream that
//! is cut and glued the way a real network cuts and glues it.
//!
//! On loopback, small writes usually arrive whole and large ones in large
//! pieces, so a reader that treats one `recv` as one message seems to work.
//! The proxy sits between a client and a server, relays each direction on its
//! own thread, and changes only how the bytes are grouped, never the bytes:
//!
//! ```text
//! client ──▶ proxy ──▶ server        each direction relayed on its own thread,
//! client ◀── proxy ◀── server        shaped the same way, with its own seeded cuts
//!
//! what the proxy's reads returned:   [hello][world]          10 bytes in 2 reads
//! seeded cuts, --cut 1..4:            he|llow|orld            pieces of 2, 4, 4 bytes
//! what the proxy writes:             [he][llo][w][orld]      each piece its own write,
//!                                                            TCP_NODELAY: not held back
//! --coalesce-ms 20:                  [helloworld]            what arrived within 20 ms,
//!                                                            released in one write
//! ```
//!
//! The cuts are positions in the stream, drawn from the seed: piece sizes
//! from MIN to MAX bytes, both included. When the bytes on hand end inside a
//! piece, as `llo` ends above, that write ends there too and the next one
//! finishes the piece: holding bytes back to complete a piece could stall a
//! protocol that waits for a reply (holding is what `--coalesce-ms` is for).
//! So the same seed cuts the same positions on every run, and a run whose
//! reads arrived alike gives the same writes.
//!
//! When one side shuts down its sending half, the proxy delivers what it
//! holds, shuts down its own sending half towards the other side, and keeps
//! relaying the other direction. A reset, a connection with no bytes either
//! way for the idle timeout, or a peer that takes no bytes for as long, ends
//! both directions. What happens is reported as [`Event`]s, which the
//! `sticky proxy` command prints.

use std::convert::Infallible;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use socket2::SockRef;

use crate::error::{Error, Result};
use crate::net::CONNECT_TIMEOUT;
use crate::netsim::{PathSender, Profile};
use crate::resegment::SplitMix64;
use crate::server::{self, Client, Limits, Refusal};

mod path;

/// Where the proxy listens unless told otherwise: next to the demos' 7878.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7879";
/// The largest `--cut` piece: 1 MiB.
pub const MAX_CUT: u64 = 1024 * 1024;
/// The longest `--delay-ms` between two writes: 10 s.
pub const MAX_DELAY_MS: u64 = 10_000;
/// The longest `--coalesce-ms` hold: 10 s.
pub const MAX_COALESCE_MS: u64 = 10_000;
/// The longest `--idle-timeout`: a day.
pub const MAX_IDLE_SECS: u64 = 24 * 60 * 60;

/// Bytes asked for by one read from a source.
const READ_BUF: usize = 64 * 1024;
/// The most bytes `--coalesce-ms` holds per direction; a faster sender
/// waits, as it would for a full receive window, until the hold is released.
const HOLD_CAP: usize = 1024 * 1024;

/// `MIN..MAX`, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The smallest value drawn.
    pub min: u64,
    /// The largest value drawn.
    pub max: u64,
}

impl Span {
    /// Parses `MIN..MAX` (both included) or a single `N` (meaning `N..N`),
    /// refusing anything outside `lowest..=highest` or with MIN above MAX.
    pub fn parse(text: &str, lowest: u64, highest: u64) -> Result<Span> {
        let bad = |problem: String| Error::BadRange {
            problem,
            shape: "MIN..MAX (both included) or N",
            lowest,
            highest,
        };
        let (min, max) = match text.trim().split_once("..") {
            Some((a, b)) => (a.trim(), b.trim().trim_start_matches('=')),
            None => (text.trim(), text.trim()),
        };
        let (Ok(min), Ok(max)) = (min.parse::<u64>(), max.parse::<u64>()) else {
            return Err(bad(format!("{text:?} is not a whole number or a range")));
        };
        if min > max {
            return Err(bad(format!("MIN ({min}) is above MAX ({max})")));
        }
        if min < lowest {
            return Err(bad(format!("MIN ({min}) is below {lowest}")));
        }
        if max > highest {
            return Err(bad(format!("MAX ({max}) is above {highest}")));
        }
        Ok(Span { min, max })
    }

    /// A value from `min` to `max`, both included.
    pub fn draw(&self, rng: &mut SplitMix64) -> u64 {
        // max - min + 1 cannot overflow: parse keeps max far below u64::MAX.
        self.min + rng.next_u64() % (self.max - self.min + 1)
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.min, self.max)
    }
}

/// `--cut MIN..MAX`: piece sizes in bytes, 1 to [`MAX_CUT`].
pub fn parse_cut(text: &str) -> Result<Span> {
    Span::parse(text, 1, MAX_CUT)
}

/// `--delay-ms MIN..MAX`: pauses between writes, 0 to [`MAX_DELAY_MS`].
pub fn parse_delay_ms(text: &str) -> Result<Span> {
    Span::parse(text, 0, MAX_DELAY_MS)
}

/// `--coalesce-ms N`: 1 to [`MAX_COALESCE_MS`].
pub fn parse_coalesce_ms(text: &str) -> Result<u64> {
    parse_number(text, 1, MAX_COALESCE_MS)
}

/// `--idle-timeout SECS`: 1 to [`MAX_IDLE_SECS`].
pub fn parse_idle_secs(text: &str) -> Result<u64> {
    parse_number(text, 1, MAX_IDLE_SECS)
}

fn parse_number(text: &str, lowest: u64, highest: u64) -> Result<u64> {
    let bad = |problem: String| Error::BadRange {
        problem,
        shape: "a whole number",
        lowest,
        highest,
    };
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|_| bad(format!("{text:?} is not a whole number")))?;
    if n < lowest {
        return Err(bad(format!("{n} is below {lowest}")));
    }
    if n > highest {
        return Err(bad(format!("{n} is above {highest}")));
    }
    Ok(n)
}

/// How the proxy shapes both directions of every connection.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Re-cut the stream into pieces of this many bytes, one write each.
    pub cut: Option<Span>,
    /// Wait this many milliseconds before each write but the first of a direction.
    pub delay_ms: Option<Span>,
    /// Hold what arrives, and release it in one write this long after the first held byte.
    pub coalesce: Option<Duration>,
    /// Send each direction as a TCP sender on this path would: segments of
    /// its MSS, paced, delayed, held by Nagle, lost and sent again.
    pub profile: Option<Profile>,
    /// Fixes every cut, every delay and every loss.
    pub seed: u64,
    /// Close a connection after this long without a byte either way.
    pub idle_timeout: Duration,
}

/// One of the two directions of a relayed connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Bytes the client sends, towards the server.
    ClientToServer,
    /// Bytes the server sends, towards the client.
    ServerToClient,
}

impl Direction {
    /// The side the bytes come from: "client" or "server".
    pub fn source(self) -> &'static str {
        match self {
            Direction::ClientToServer => "client",
            Direction::ServerToClient => "server",
        }
    }

    /// The side the bytes go to.
    pub fn destination(self) -> &'static str {
        match self {
            Direction::ClientToServer => "server",
            Direction::ServerToClient => "client",
        }
    }

    /// What a failed read on this direction was doing, for its error.
    pub fn reading_context(self) -> &'static str {
        match self {
            Direction::ClientToServer => "reading from the client",
            Direction::ServerToClient => "reading from the server",
        }
    }

    /// What a failed write on this direction was doing, for its error.
    pub fn writing_context(self) -> &'static str {
        match self {
            Direction::ClientToServer => "writing to the server",
            Direction::ServerToClient => "writing to the client",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}→{}", self.source(), self.destination())
    }
}

/// What a seeded generator of a direction is for; each gets its own, so
/// adding `--delay-ms` does not move the cuts.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
enum Purpose {
    Cut = 0,
    Delay = 1,
    // Shifted clear of the bits above, which are taken by `conn` and `dir`.
    Loss = 1 << 40,
}

/// The generator of connection `conn` (numbered from 1), direction `dir`:
/// distinct for every connection, direction and purpose, and the same on
/// every run with the same seed.
fn stream_rng(seed: u64, conn: u64, dir: Direction, purpose: Purpose) -> SplitMix64 {
    SplitMix64::new(seed ^ (conn << 2) ^ ((dir as u64) << 1) ^ purpose as u64)
}

/// Where the seeded cuts fall in one direction's stream.
///
/// The piece sizes are drawn from the seed, one after the other, and lay the
/// cuts at fixed positions in the stream. Bytes arrive in batches; a batch
/// that ends inside a piece ends that write there, and the next batch
/// finishes the piece, so the seeded positions stay where they are.
#[derive(Debug, Clone)]
pub struct Cutter {
    span: Span,
    rng: SplitMix64,
    left_in_piece: u64,
}

impl Cutter {
    /// The cutter of connection `conn` (numbered from 1) in direction `dir`.
    pub fn for_direction(span: Span, seed: u64, conn: u64, dir: Direction) -> Cutter {
        let mut rng = stream_rng(seed, conn, dir, Purpose::Cut);
        let left_in_piece = span.draw(&mut rng);
        Cutter {
            span,
            rng,
            left_in_piece,
        }
    }

    /// The length of the next write, out of `available` bytes on hand (at least 1).
    pub fn next_piece(&mut self, available: usize) -> usize {
        let take = self.left_in_piece.min(available as u64);
        self.left_in_piece -= take;
        if self.left_in_piece == 0 {
            self.left_in_piece = self.span.draw(&mut self.rng);
        }
        take as usize
    }

    /// The writes a batch of `len` bytes becomes, as lengths.
    pub fn cut(&mut self, len: usize) -> Vec<usize> {
        let mut pieces = Vec::new();
        let mut left = len;
        while left > 0 {
            let n = self.next_piece(left);
            pieces.push(n);
            left -= n;
        }
        pieces
    }
}

/// Counts of one direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Reads from the source that returned bytes.
    pub reads_in: u64,
    /// Writes to the destination.
    pub writes_out: u64,
    /// Bytes written to the destination (all that was read, unless it failed).
    pub bytes: u64,
}

/// How a direction ended.
#[derive(Debug)]
pub enum Ending {
    /// The source shut down its sending half; the proxy delivered what it held
    /// and shut down its own sending half towards the destination.
    HalfClosed,
    /// No byte moved either way for this long; both sides were closed.
    Idle(Duration),
    /// The destination took no bytes for this long; both sides were closed.
    Stalled(Duration),
    /// Reading or writing failed (usually a reset); both sides were closed.
    Failed(Error),
    /// The other direction failed or went idle, and closed this one with it.
    ClosedWithOther,
}

/// What the proxy does, as it does it.
#[derive(Debug)]
pub enum Event<'a> {
    /// A client connected, and the proxy connected to the server for it.
    Connected {
        conn: u64,
        client: SocketAddr,
        server: SocketAddr,
    },
    /// The server could not be reached; the client's connection was reset.
    ConnectFailed {
        conn: u64,
        client: SocketAddr,
        error: &'a Error,
    },
    /// A client was closed at once: the proxy relays as many connections
    /// as it may already.
    Refused { client: SocketAddr, why: Refusal },
    /// Connection `conn` is over and the proxy, full until now, has room
    /// for one more: whoever was refused may try again.
    RoomAgain { conn: u64 },
    /// `accept` failed; the proxy tries again after `retry_in`.
    AcceptFailed {
        error: &'a io::Error,
        retry_in: Duration,
    },
    /// One read from the source returned these bytes.
    In {
        conn: u64,
        dir: Direction,
        bytes: &'a [u8],
    },
    /// One write of `len` bytes went to the destination.
    Out {
        conn: u64,
        dir: Direction,
        len: usize,
    },
    /// A direction is over.
    Ended {
        conn: u64,
        dir: Direction,
        totals: Totals,
        ending: &'a Ending,
    },
}

/// Accepts clients on `listener` and relays each to `to`, shaped by
/// `settings`, reporting every step to `report` (from several threads).
///
/// The accept loop is the one every server shares ([`crate::server`]): at
/// most `limits.max_clients` connections at once (one more is closed at
/// once and reported as [`Event::Refused`]), a wait that doubles up to 32 s
/// when `accept` fails, and no giving up. Stops accepting after
/// `limits.stop_after` connections when given, and returns when all of
/// them are relayed to the end. A server that cannot be reached costs only
/// that client's connection.
pub fn serve(
    listener: &TcpListener,
    to: SocketAddr,
    settings: &Settings,
    limits: Limits,
    report: &(dyn Fn(Event<'_>) + Sync),
) -> Result<u64> {
    crate::server::serve(
        listener,
        limits,
        |client, at: Client| -> std::result::Result<(), Infallible> {
            relay_connection(at.id, client, at.peer, to, settings, report);
            Ok(())
        },
        &|event| match event {
            server::Event::Refused { peer, why } => report(Event::Refused { client: peer, why }),
            server::Event::AcceptFailed { error, retry_in } => {
                report(Event::AcceptFailed { error, retry_in })
            }
            server::Event::SetupFailed { peer, error } => report(Event::ConnectFailed {
                conn: 0,
                client: peer,
                error: &Error::io("setting up the client's connection")(io::Error::new(
                    error.kind(),
                    error.to_string(),
                )),
            }),
            server::Event::Left {
                client,
                room_again: true,
            } => report(Event::RoomAgain { conn: client.id }),
            // The relay reports its own start and end.
            server::Event::Accepted(_)
            | server::Event::Failed { .. }
            | server::Event::Left { .. } => {}
        },
    )
}

/// Connects to the server for one client and relays both directions until both end.
fn relay_connection(
    conn: u64,
    client: TcpStream,
    peer: SocketAddr,
    to: SocketAddr,
    settings: &Settings,
    report: &(dyn Fn(Event<'_>) + Sync),
) {
    let server = match connect_to_server(to, &client, settings.idle_timeout) {
        Ok(server) => server,
        Err(error) => {
            // A reset, not a clean close: a clean close would tell the client
            // that the server answered with nothing.
            let _ = SockRef::from(&client).set_linger(Some(Duration::ZERO));
            report(Event::ConnectFailed {
                conn,
                client: peer,
                error: &error,
            });
            return;
        }
    };
    report(Event::Connected {
        conn,
        client: peer,
        server: to,
    });
    let link = Link::new(settings.idle_timeout);
    thread::scope(|scope| {
        scope.spawn(|| {
            relay(
                &client,
                &server,
                conn,
                Direction::ClientToServer,
                settings,
                &link,
                report,
            )
        });
        relay(
            &server,
            &client,
            conn,
            Direction::ServerToClient,
            settings,
            &link,
            report,
        );
    });
}

/// The connection to the server, with both sockets set up for relaying.
fn connect_to_server(to: SocketAddr, client: &TcpStream, idle: Duration) -> Result<TcpStream> {
    let server =
        TcpStream::connect_timeout(&to, CONNECT_TIMEOUT).map_err(|source| Error::Connect {
            addr: to.to_string(),
            source,
        })?;
    for stream in [client, &server] {
        // Without TCP_NODELAY, Nagle's algorithm would glue the pieces
        // again before they leave, and undo --cut.
        stream
            .set_nodelay(true)
            .map_err(Error::io("setting TCP_NODELAY"))?;
        // A peer that takes no bytes for this long is taken for dead.
        stream
            .set_write_timeout(Some(idle))
            .map_err(Error::io("setting a write timeout"))?;
    }
    Ok(server)
}

/// What the two directions of a connection share.
struct Link {
    started: Instant,
    /// Milliseconds after `started` until which the link counts as busy.
    busy_until_ms: AtomicU64,
    aborted: AtomicBool,
    idle_timeout: Duration,
}

impl Link {
    fn new(idle_timeout: Duration) -> Link {
        Link {
            started: Instant::now(),
            busy_until_ms: AtomicU64::new(0),
            aborted: AtomicBool::new(false),
            idle_timeout,
        }
    }

    /// Bytes moved now.
    fn touch(&self) {
        self.busy_until(Instant::now());
    }

    /// Bytes are held or a write is waiting until `when`: the link is not idle before.
    fn busy_until(&self, when: Instant) {
        let ms = when.duration_since(self.started).as_millis() as u64;
        self.busy_until_ms.fetch_max(ms, Ordering::SeqCst);
    }

    /// How much longer the link may stay quiet before it counts as idle.
    fn idle_left(&self) -> Duration {
        let now = self.started.elapsed().as_millis() as u64;
        let quiet = now.saturating_sub(self.busy_until_ms.load(Ordering::SeqCst));
        self.idle_timeout
            .saturating_sub(Duration::from_millis(quiet))
    }

    fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::SeqCst)
    }

    /// Closes both sockets with a reset, which also wakes the other
    /// direction's thread from its read. True for the first caller only.
    fn abort(&self, a: &TcpStream, b: &TcpStream) -> bool {
        let first = !self.aborted.swap(true, Ordering::SeqCst);
        for stream in [a, b] {
            let _ = SockRef::from(stream).set_linger(Some(Duration::ZERO));
            let _ = stream.shutdown(Shutdown::Both);
        }
        first
    }
}

/// One direction: read from `src`, shape, write to `dst`, until it ends.
fn relay(
    src: &TcpStream,
    dst: &TcpStream,
    conn: u64,
    dir: Direction,
    settings: &Settings,
    link: &Link,
    report: &(dyn Fn(Event<'_>) + Sync),
) {
    let mut out = Shaper {
        dst,
        conn,
        dir,
        cutter: settings
            .cut
            .map(|span| Cutter::for_direction(span, settings.seed, conn, dir)),
        delay: settings
            .delay_ms
            .map(|span| (span, stream_rng(settings.seed, conn, dir, Purpose::Delay))),
        totals: Totals::default(),
        link,
        report,
    };
    let pumped = match settings.profile {
        Some(profile) => {
            let mut rng = stream_rng(settings.seed, conn, dir, Purpose::Loss);
            let sender = PathSender::new(profile, rng.next_u64());
            path::pump(src, &mut out, sender, link)
        }
        None => pump(src, &mut out, settings.coalesce, link),
    };
    let ending = match pumped {
        Ending::HalfClosed => {
            // If the destination has gone already, there is no one left to tell.
            let _ = dst.shutdown(Shutdown::Write);
            Ending::HalfClosed
        }
        Ending::ClosedWithOther => Ending::ClosedWithOther,
        // If the other direction closed the sockets first, whatever failed
        // here followed from that, and it reports the reason.
        other if link.abort(src, dst) => other,
        _ => Ending::ClosedWithOther,
    };
    report(Event::Ended {
        conn,
        dir,
        totals: out.totals,
        ending: &ending,
    });
}

/// Reads from `src` and passes what arrives to `out`, at once or, with a
/// hold time, in one batch after the first held byte has waited that long.
fn pump(mut src: &TcpStream, out: &mut Shaper<'_>, hold: Option<Duration>, link: &Link) -> Ending {
    let mut buf = vec![0u8; READ_BUF];
    let mut held: Vec<u8> = Vec::new();
    let mut due: Option<Instant> = None;
    loop {
        // Release the held bytes when their time has come; a full hold waits
        // for it without reading, which makes the sender wait too.
        if let Some(when) = due {
            let now = Instant::now();
            if now >= when || held.len() >= HOLD_CAP {
                thread::sleep(when.saturating_duration_since(now));
                if let Err(ending) = out.send(&held) {
                    return ending;
                }
                held.clear();
                due = None;
                continue;
            }
        }
        let wait = match due {
            Some(when) => when.saturating_duration_since(Instant::now()),
            None => link.idle_left(),
        };
        if wait.is_zero() {
            match due {
                Some(_) => continue,
                None => return Ending::Idle(link.idle_timeout),
            }
        }
        // A timeout of zero means "none" to the socket: round up to 1 ms.
        if let Err(e) = src.set_read_timeout(Some(wait.max(Duration::from_millis(1)))) {
            return Ending::Failed(Error::io("setting a read timeout")(e));
        }
        let room = READ_BUF.min(HOLD_CAP - held.len());
        match src.read(&mut buf[..room]) {
            // shutdown() by the other direction's thread wakes this read with 0.
            Ok(0) if link.is_aborted() => return Ending::ClosedWithOther,
            Ok(0) => {
                // The source closed its sending half: deliver what is held first.
                return match out.send(&held) {
                    Ok(()) => Ending::HalfClosed,
                    Err(ending) => ending,
                };
            }
            Ok(n) => {
                let bytes = &buf[..n];
                out.totals.reads_in += 1;
                link.touch();
                (out.report)(Event::In {
                    conn: out.conn,
                    dir: out.dir,
                    bytes,
                });
                match hold {
                    None => {
                        if let Err(ending) = out.send(bytes) {
                            return ending;
                        }
                    }
                    Some(hold) => {
                        if due.is_none() {
                            let when = Instant::now() + hold;
                            link.busy_until(when);
                            due = Some(when);
                        }
                        held.extend_from_slice(bytes);
                    }
                }
            }
            // The timeout: either the held bytes are due or the link may be
            // idle; the top of the loop tells which.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                // The bytes that did arrive before the failure still go on.
                let _ = out.send(&held);
                return Ending::Failed(Error::io(out.dir.reading_context())(e));
            }
        }
    }
}

/// Writes one direction's batches to the destination, cut and spaced as asked.
struct Shaper<'a> {
    dst: &'a TcpStream,
    conn: u64,
    dir: Direction,
    cutter: Option<Cutter>,
    delay: Option<(Span, SplitMix64)>,
    totals: Totals,
    link: &'a Link,
    report: &'a (dyn Fn(Event<'_>) + Sync),
}

impl Shaper<'_> {
    /// Writes `batch` as pieces, each its own `write_all`.
    fn send(&mut self, batch: &[u8]) -> std::result::Result<(), Ending> {
        let mut at = 0;
        while at < batch.len() {
            let n = match &mut self.cutter {
                Some(cutter) => cutter.next_piece(batch.len() - at),
                None => batch.len() - at,
            };
            if let Some((span, rng)) = &mut self.delay {
                if self.totals.writes_out > 0 {
                    let pause = Duration::from_millis(span.draw(rng));
                    self.link.busy_until(Instant::now() + pause);
                    thread::sleep(pause);
                }
            }
            match self.dst.write_all(&batch[at..at + n]) {
                Ok(()) => {}
                // The write timeout: the destination took nothing for that long.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(Ending::Stalled(self.link.idle_timeout))
                }
                Err(e) => {
                    let context = self.dir.writing_context();
                    return Err(Ending::Failed(Error::io(context)(e)));
                }
            }
            self.totals.writes_out += 1;
            self.totals.bytes += n as u64;
            self.link.touch();
            (self.report)(Event::Out {
                conn: self.conn,
                dir: self.dir,
                len: n,
            });
            at += n;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_with_both_ends_included() {
        assert_eq!(parse_cut("1..3").unwrap(), Span { min: 1, max: 3 });
        assert_eq!(parse_cut("1..=3").unwrap(), Span { min: 1, max: 3 });
        assert_eq!(parse_cut("7").unwrap(), Span { min: 7, max: 7 });
        assert_eq!(parse_delay_ms("0..5").unwrap(), Span { min: 0, max: 5 });
        let mut rng = SplitMix64::new(1);
        let span = Span { min: 2, max: 4 };
        let drawn: Vec<u64> = (0..1000).map(|_| span.draw(&mut rng)).collect();
        for v in 2..=4 {
            assert!(drawn.contains(&v), "{v} never drawn");
        }
        assert!(drawn.iter().all(|v| (2..=4).contains(v)));
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        let err = |text: &str| parse_cut(text).unwrap_err().to_string();
        assert_eq!(
            err("5..2"),
            "MIN (5) is above MAX (2); expected MIN..MAX (both included) or N within 1..1048576"
        );
        assert!(
            err("0..3").starts_with("MIN (0) is below 1;"),
            "{}",
            err("0..3")
        );
        assert!(err("x").starts_with("\"x\" is not a whole number or a range;"));
        assert!(err("1..").contains("is not a whole number"));
        assert!(err("-1..3").contains("is not a whole number"));
        assert!(err("1..2000000").starts_with("MAX (2000000) is above 1048576;"));
        assert!(parse_delay_ms("0..10001").is_err());
        assert!(parse_coalesce_ms("0").is_err());
        assert!(parse_coalesce_ms("10001").is_err());
        assert!(parse_coalesce_ms("1..2").is_err());
        assert_eq!(parse_coalesce_ms("20").unwrap(), 20);
        assert!(parse_idle_secs("0").is_err());
    }

    #[test]
    fn the_same_seed_cuts_the_same_pieces() {
        let span = Span { min: 1, max: 12 };
        let dir = Direction::ClientToServer;
        let a = Cutter::for_direction(span, 42, 1, dir).cut(1000);
        assert_eq!(a, Cutter::for_direction(span, 42, 1, dir).cut(1000));
        assert_eq!(a.iter().sum::<usize>(), 1000);
        assert!(a.iter().all(|&n| (1..=12).contains(&n)));
        // Another seed, connection or direction: other cuts.
        assert_ne!(a, Cutter::for_direction(span, 43, 1, dir).cut(1000));
        assert_ne!(a, Cutter::for_direction(span, 42, 2, dir).cut(1000));
        let back = Direction::ServerToClient;
        assert_ne!(a, Cutter::for_direction(span, 42, 1, back).cut(1000));
    }

    /// Stream positions where a list of piece lengths puts a cut.
    fn cut_positions(pieces: &[usize]) -> Vec<usize> {
        pieces
            .iter()
            .scan(0, |at, n| {
                *at += n;
                Some(*at)
            })
            .collect()
    }

    #[test]
    fn batches_add_cuts_but_never_move_the_seeded_ones() {
        let span = Span { min: 3, max: 9 };
        let dir = Direction::ServerToClient;
        let whole = Cutter::for_direction(span, 7, 1, dir).cut(500);
        let mut cutter = Cutter::for_direction(span, 7, 1, dir);
        let mut batched = Vec::new();
        for batch in [1, 4, 100, 2, 393] {
            batched.extend(cutter.cut(batch));
        }
        let seeded = cut_positions(&whole);
        let actual = cut_positions(&batched);
        assert!(seeded.iter().all(|p| actual.contains(p)));
        // The extra cuts are exactly the batch ends.
        let extra: Vec<usize> = actual
            .iter()
            .copied()
            .filter(|p| !seeded.contains(p))
            .collect();
        assert!(
            extra.iter().all(|p| [1, 5, 105, 107].contains(p)),
            "{extra:?}"
        );
    }
}
