//! A slow reader: a client whose receive window is small and which reads
//! a little at a time, as a phone on classroom Wi-Fi does.
//!
//! Why it is needed: on loopback the grader empties its socket at once, so
//! the server's send buffer never fills, and `send()` always takes every
//! byte it is given. A `send()` may take only part, and then the rest is the
//! caller's to send again; `sendall()` does that, `send()` does not. In
//! Python the difference shows on a socket with a timeout (`settimeout`):
//! such a socket is non-blocking underneath, and its `send()` returns after
//! copying whatever fits. The bytes that did not fit are lost.
//!
//! To make the server's send buffer fill, this client asks for a small
//! receive buffer and small segments (`TCP_MAXSEG`, before connecting: the
//! server sizes its send buffer by the segments it may send), then reads a
//! few KiB at a time with a pause between reads. On loopback it also
//! connects from an address of its own in 127.0.0.0/8: Linux remembers what
//! it learned about each peer address (`ip tcp_metrics`), and after a busy
//! day on 127.0.0.1 it starts every connection from there with a send
//! buffer of most of a megabyte, which no 64 KiB `send()` fills. From a
//! fresh address the server starts at its defaults (about 64 KiB here), and
//! a `send()` of a whole `recv(65536)` takes only part.

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use socket2::{Domain, Protocol, Socket, Type};

use super::duties::refused;
use super::wire::{End, Reply, Sent};
use super::{Failure, Target, WORDS};
use crate::tr;

/// The receive buffer asked for (Linux doubles it).
const RECV_BUFFER: usize = 4096;
/// The segment size asked for, the smallest every system accepts.
const SEGMENT: u32 = 536;
/// Bytes per read, and the pause after each.
const READ: usize = 4096;
const PAUSE: Duration = Duration::from_millis(2);
/// Bytes per write: large, so the server's recv() returns as much as it asks for.
const WRITE: usize = 256 * 1024;
/// How long the server may take no bytes before the writer calls it
/// stalled. Only a bound: a server slower than this merely gets its reader
/// early, as every server did before.
const STALL: Duration = Duration::from_millis(100);

/// Connects through a small window, writes `bytes`, shuts down the writing
/// side, and reads slowly until the server closes: what came back, and how.
/// Each write and each read fails after `--timeout` without progress; the
/// whole exchange ends after twenty times that, whatever happens.
pub fn slow_exchange(t: &Target, bytes: &[u8]) -> Result<(Sent, Reply), Failure> {
    let stream = connect(t).map_err(|e| refused(&tr!(WORDS, "slow-sent-connection"), &e))?;
    t.connected.set(true);
    let timeout = t.timeout();
    let deadline = t.cutoff(timeout.saturating_mul(20));
    let cap = bytes.len() + 1024;
    // Dropped by the writer once the server has stopped taking bytes (or
    // all are written): the reader starts then, not before.
    let (stalled, wait_for_stall) = mpsc::channel::<()>();
    let conn = &stream;
    Ok(thread::scope(|s| {
        let writer = s.spawn(move || {
            let mut sent = Sent {
                bytes: 0,
                of: bytes.len(),
                error: None,
            };
            let mut stalled = Some(stalled);
            let mut out = conn;
            for chunk in bytes.chunks(WRITE) {
                if Instant::now() > deadline {
                    sent.error = Some(ErrorKind::TimedOut.into());
                    break;
                }
                let mut rest = chunk;
                if stalled.is_some() {
                    match write_until_stalled(conn, rest) {
                        Ok(n) => {
                            sent.bytes += n;
                            rest = &rest[n..];
                        }
                        Err(e) => {
                            sent.error = Some(e);
                            break;
                        }
                    }
                    if rest.is_empty() {
                        continue;
                    }
                    drop(stalled.take());
                }
                let result = out
                    .set_write_timeout(Some(timeout))
                    .and_then(|()| out.write_all(rest));
                if let Err(e) = result {
                    sent.error = Some(e);
                    break;
                }
                sent.bytes += rest.len();
            }
            drop(stalled);
            let _ = conn.shutdown(Shutdown::Write);
            sent
        });
        // Bounded: the writer stalls, ends or fails well before this.
        let _ = wait_for_stall.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        let reply = read_slowly(&stream, timeout, deadline, cap);
        // A writer blocked on a server that stopped reading gives up now.
        let _ = stream.shutdown(Shutdown::Both);
        let sent = writer.join().unwrap_or_else(|_| Sent {
            bytes: 0,
            of: bytes.len(),
            error: Some(std::io::Error::other(tr!(WORDS, "slow-writer-panicked"))),
        });
        (sent, reply)
    }))
}

fn connect(t: &Target) -> std::io::Result<TcpStream> {
    let addr = t.addr;
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_recv_buffer_size(RECV_BUFFER)?;
    small_segments(&socket);
    if let IpAddr::V4(ip) = addr.ip() {
        if ip.is_loopback() {
            // A fresh source address; a system that refuses it (not every
            // one routes all of 127.0.0.0/8) connects from the usual one.
            let _ = socket.bind(&SocketAddr::from((fresh_loopback(), 0)).into());
        }
    }
    socket.connect_timeout(&addr.into(), t.timeout())?;
    socket.set_nodelay(true)?;
    Ok(socket.into())
}

/// An address in 127.0.0.0/8 that is unlikely to have been used before.
fn fresh_loopback() -> Ipv4Addr {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let [a, b, c, ..] = sticky::resegment::SplitMix64::new(nanos ^ u64::from(std::process::id()))
        .next_u64()
        .to_le_bytes();
    // Not 127.0.0.x, and no .0 or .255 at the end.
    Ipv4Addr::new(127, a.max(1), b, c.clamp(1, 254))
}

/// Asks for small segments; a system that refuses still gets the small
/// window, which is most of the effect.
#[cfg(unix)]
fn small_segments(socket: &Socket) {
    use std::os::fd::AsRawFd;
    let mss: libc::c_int = SEGMENT as libc::c_int;
    // SAFETY: a valid socket descriptor, and a pointer to a c_int whose
    // size is passed with it.
    unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_MAXSEG,
            (&mss as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        );
    }
}

#[cfg(not(unix))]
fn small_segments(_: &Socket) {
    let _ = SEGMENT;
}

/// Writes as much of `bytes` as the server takes without a pause longer
/// than [`STALL`], and returns how much that was.
///
/// Why wait for the stall before reading at all: while the reader drains
/// the window as fast as the server fills it, a server that echoes each
/// `recv()` at once, on a busy machine, gets small `recv()`s that fit in
/// its send buffer, and its `send()` takes every byte even when it would
/// not take a large one (one run in ten, with the grader's debug build and
/// four busy loops beside it). A server that has stopped reading is
/// blocked on its own full send buffer, or has filled it: when the reader
/// then drains a little at a time, a `send()` of a whole `recv()` finds
/// only part of the room it needs.
#[cfg(unix)]
fn write_until_stalled(stream: &TcpStream, bytes: &[u8]) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let socket = socket2::SockRef::from(stream);
    let mut done = 0;
    while done < bytes.len() {
        match socket.send_with_flags(&bytes[done..], libc::MSG_DONTWAIT | NO_SIGNAL) {
            Ok(n) => done += n,
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                let mut ready = libc::pollfd {
                    fd: stream.as_raw_fd(),
                    events: libc::POLLOUT,
                    revents: 0,
                };
                let ms = STALL.as_millis() as libc::c_int;
                // SAFETY: one valid pollfd, and its count.
                let n = unsafe { libc::poll(&mut ready, 1, ms) };
                if n == 0 {
                    break;
                }
                if n < 0 {
                    let e = std::io::Error::last_os_error();
                    if e.kind() != ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// `sticky` takes SIGPIPE's default (so `sticky run 3 | head` ends
/// quietly), which would kill the grader on a write to a server that has
/// closed; std's own writes pass this flag, and so must a `send` of ours.
/// Apple's systems have no such flag: there socket2 sets `SO_NOSIGPIPE` on
/// every socket it makes.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
const NO_SIGNAL: libc::c_int = libc::MSG_NOSIGNAL;
#[cfg(all(
    unix,
    not(any(target_os = "linux", target_os = "android", target_os = "freebsd"))
))]
const NO_SIGNAL: libc::c_int = 0;

/// Elsewhere the reader starts at once, as it always did.
#[cfg(not(unix))]
fn write_until_stalled(_: &TcpStream, _: &[u8]) -> std::io::Result<usize> {
    Ok(0)
}

/// Reads at most `READ` bytes at a time, pausing after each read.
fn read_slowly(mut stream: &TcpStream, timeout: Duration, deadline: Instant, cap: usize) -> Reply {
    let mut bytes = Vec::new();
    let mut buf = vec![0u8; READ];
    let end = loop {
        if bytes.len() > cap {
            break End::TooMuch;
        }
        if Instant::now() > deadline {
            break End::TimedOut;
        }
        if let Err(e) = stream.set_read_timeout(Some(timeout)) {
            break End::Failed(e);
        }
        match stream.read(&mut buf) {
            Ok(0) => break End::Closed,
            Ok(n) => {
                bytes.extend_from_slice(&buf[..n]);
                // The slowness is the point: see the module's docs.
                thread::sleep(PAUSE);
            }
            Err(e) => match e.kind() {
                ErrorKind::Interrupted => {}
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
