//! `--profile`: one direction relayed as a TCP sender on a real path would
//! send it (see [`crate::netsim`]).
//!
//! Two threads per direction: one reads the source and stamps each read
//! with the moment it returned; the other feeds those moments to the
//! [`PathSender`] and writes every delivery at its time. A socket's read
//! timeout is counted in the kernel's ticks (up to 4 ms), too coarse to pace
//! 1448-byte segments 1.2 ms apart; a channel's timeout is not.

use std::collections::VecDeque;
use std::io::{self, Read};
use std::net::{Shutdown, TcpStream};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::thread;
use std::time::{Duration, Instant};

use super::{Ending, Event, Link, Shaper, HOLD_CAP, READ_BUF};
use crate::error::Error;
use crate::netsim::PathSender;

/// Reads in flight between the two threads; with [`HOLD_CAP`] on the bytes
/// held, a sender faster than the path waits, as for a full window.
const QUEUE: usize = 16;

/// What the reading thread saw.
enum Arrival {
    Bytes(Instant, Vec<u8>),
    Closed,
    Aborted,
    Idle,
    Failed(Error),
}

/// Relays `src` to `out` through `sender`'s path, until the direction ends.
pub(super) fn pump(
    src: &TcpStream,
    out: &mut Shaper<'_>,
    sender: PathSender,
    link: &Link,
) -> Ending {
    let start = Instant::now();
    let (tx, rx) = sync_channel(QUEUE);
    thread::scope(|scope| {
        let context = out.dir.reading_context();
        scope.spawn(|| read_side(src, tx, link, context));
        let ending = deliver_side(rx, out, sender, link, start);
        if !matches!(ending, Ending::HalfClosed | Ending::ClosedWithOther) {
            // Wake the reading thread, which may wait for a byte that never comes.
            let _ = src.shutdown(Shutdown::Read);
        }
        ending
    })
}

/// Reads until the source closes, fails or goes idle, passing every read on.
fn read_side(mut src: &TcpStream, tx: SyncSender<Arrival>, link: &Link, context: &'static str) {
    let mut buf = vec![0u8; READ_BUF];
    let last = loop {
        let wait = link.idle_left();
        if wait.is_zero() {
            break Arrival::Idle;
        }
        if let Err(e) = src.set_read_timeout(Some(wait.max(Duration::from_millis(1)))) {
            break Arrival::Failed(Error::io("setting a read timeout")(e));
        }
        match src.read(&mut buf) {
            Ok(0) if link.is_aborted() => break Arrival::Aborted,
            Ok(0) => break Arrival::Closed,
            Ok(n) => {
                link.touch();
                if tx
                    .send(Arrival::Bytes(Instant::now(), buf[..n].to_vec()))
                    .is_err()
                {
                    return;
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) if link.is_aborted() => break Arrival::Aborted,
            Err(e) => break Arrival::Failed(Error::io(context)(e)),
        }
    };
    let _ = tx.send(last);
}

/// Writes each delivery when it is due; returns how the direction ended.
fn deliver_side(
    rx: Receiver<Arrival>,
    out: &mut Shaper<'_>,
    mut sender: PathSender,
    link: &Link,
    start: Instant,
) -> Ending {
    let micros = |at: Instant| at.saturating_duration_since(start).as_micros() as u64;
    let mut held: VecDeque<u8> = VecDeque::new();
    loop {
        if let Err(ending) = deliver(&mut sender, &mut held, out, micros(Instant::now())) {
            return ending;
        }
        let next = sender
            .next_event()
            .map(|at| start + Duration::from_micros(at));
        if let Some(when) = next {
            link.busy_until(when);
        }
        // A full hold takes no more until the path has carried some away.
        let arrival = match next {
            Some(when) if held.len() >= HOLD_CAP => {
                thread::sleep(when.saturating_duration_since(Instant::now()));
                continue;
            }
            Some(when) => match rx.recv_timeout(when.saturating_duration_since(Instant::now())) {
                Ok(arrival) => arrival,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => Arrival::Aborted,
            },
            None => rx.recv().unwrap_or(Arrival::Aborted),
        };
        match arrival {
            Arrival::Bytes(at, bytes) => {
                out.totals.reads_in += 1;
                (out.report)(Event::In {
                    conn: out.conn,
                    dir: out.dir,
                    bytes: &bytes,
                });
                sender.write(micros(at), bytes.len());
                held.extend(bytes);
            }
            // The source's end travels behind its last bytes.
            Arrival::Closed => {
                while let Some(at) = sender.next_event() {
                    let when = start + Duration::from_micros(at);
                    link.busy_until(when);
                    thread::sleep(when.saturating_duration_since(Instant::now()));
                    if let Err(ending) = deliver(&mut sender, &mut held, out, at) {
                        return ending;
                    }
                }
                return Ending::HalfClosed;
            }
            Arrival::Aborted => return Ending::ClosedWithOther,
            Arrival::Idle => return Ending::Idle(link.idle_timeout),
            Arrival::Failed(error) => {
                // The bytes that did arrive before the failure still go on.
                let rest: Vec<u8> = held.drain(..).collect();
                let _ = out.send(&rest);
                return Ending::Failed(error);
            }
        }
    }
}

/// Writes every delivery due by `now_us`, each its own batch.
fn deliver(
    sender: &mut PathSender,
    held: &mut VecDeque<u8>,
    out: &mut Shaper<'_>,
    now_us: u64,
) -> std::result::Result<(), Ending> {
    for len in sender.due(now_us) {
        out.send(&held.make_contiguous()[..len])?;
        held.drain(..len);
    }
    Ok(())
}
