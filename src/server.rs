//! The accept loop every server shares: the demo servers and the proxy.
//!
//! ```text
//! loop: accept()
//!       -> failed (no file descriptors left): wait 1, 2, 4 … 32 s, try again, forever
//!       -> aborted by the client before we got to it: skip it
//!       -> this address holds its share already, or the server is full: close it at once
//!       -> otherwise: one thread for the client, with read and write timeouts
//! ```
//!
//! A class of fifty shares one server. One student's script gone wrong (a
//! reconnect loop, three hundred connections that each send a byte every
//! few seconds) must not take every place: each address gets at most
//! [`Limits::max_per_address`] of the [`Limits::max_clients`] places, so a
//! student at another address is still served. A refused client is closed
//! at once, which tells it more than a connection left waiting in the
//! backlog would.
//!
//! The loop prints nothing. It reports what happens as [`Event`]s, and the
//! program that runs it decides what to print, in which language, and how
//! much (the `sticky` command sums up a reconnect loop in one line).

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::error::Result;

/// What a server allows its clients. A class of fifty, or one student's
/// script gone wrong, must not be able to exhaust threads, file descriptors
/// or the teacher's patience.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Stop after serving this many clients (tests use it so that their
    /// servers end by themselves); `None` serves until the process is stopped.
    pub stop_after: Option<usize>,
    /// Clients served at once; one more is accepted and closed at once,
    /// reported as [`Event::Refused`], rather than given a thread.
    pub max_clients: usize,
    /// Clients served at once from one IP address: a student's runaway
    /// script takes this many places, and the rest of the class the others.
    pub max_per_address: usize,
    /// A client that sends nothing (or reads nothing of what it is sent)
    /// for this long is dropped.
    pub idle_timeout: Duration,
}

/// The default number of clients served at once.
pub const DEFAULT_MAX_CLIENTS: usize = 256;

/// The default number of clients served at once from one address: enough
/// for a student running a few clients side by side, far from the cap.
pub const DEFAULT_MAX_PER_ADDRESS: usize = 8;

/// The default time a silent client is kept.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            stop_after: None,
            max_clients: DEFAULT_MAX_CLIENTS,
            max_per_address: DEFAULT_MAX_PER_ADDRESS,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
        }
    }
}

/// A client being served: its number in the order of arrival (1, 2, 3 …:
/// short enough to tell whose frames are whose on a projector) and its
/// address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Client {
    pub id: u64,
    pub peer: SocketAddr,
}

/// Why a connection was closed as soon as it was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `max_clients` clients are being served.
    Full { max: usize },
    /// `max` clients from the same address are being served.
    AddressFull { max: usize },
}

/// What the accept loop does, as it does it (from several threads).
#[derive(Debug)]
pub enum Event<'a, E> {
    /// A client was accepted and has its thread.
    Accepted(Client),
    /// A connection was closed at once.
    Refused { peer: SocketAddr, why: Refusal },
    /// The handler for a client failed; the server serves the others on.
    Failed { client: Client, error: &'a E },
    /// A client's handler is done. `room_again`: the server was full and
    /// now has a place, so whoever was refused may try again.
    Left { client: Client, room_again: bool },
    /// A connection was accepted but its timeouts could not be set: it was closed.
    SetupFailed {
        peer: SocketAddr,
        error: &'a io::Error,
    },
    /// `accept` failed (most often: no file descriptors left); the loop
    /// tries again after `retry_in`.
    AcceptFailed {
        error: &'a io::Error,
        retry_in: Duration,
    },
}

/// The longest pause between two failed `accept` calls.
pub const MAX_BACKOFF: Duration = Duration::from_secs(32);

/// The places taken, in all and per address.
#[derive(Debug, Default)]
struct Places {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

impl Places {
    /// Takes a place for `ip`, or says why there is none.
    fn take(&mut self, ip: IpAddr, limits: &Limits) -> std::result::Result<(), Refusal> {
        let mine = self.per_address.get(&ip).copied().unwrap_or(0);
        if mine >= limits.max_per_address {
            return Err(Refusal::AddressFull {
                max: limits.max_per_address,
            });
        }
        if self.total >= limits.max_clients {
            return Err(Refusal::Full {
                max: limits.max_clients,
            });
        }
        self.total += 1;
        *self.per_address.entry(ip).or_insert(0) += 1;
        Ok(())
    }

    /// Gives a place back; true when the server was full before.
    fn give_back(&mut self, ip: IpAddr, limits: &Limits) -> bool {
        let was_full = self.total >= limits.max_clients;
        self.total -= 1;
        if let Some(n) = self.per_address.get_mut(&ip) {
            *n -= 1;
            if *n == 0 {
                // The map holds only addresses with a client connected.
                self.per_address.remove(&ip);
            }
        }
        was_full
    }
}

/// Accepts clients on `listener` and runs `handle` for each on its own
/// thread, within `limits`, reporting every step to `report`; when
/// `limits.stop_after` is set, waits for the handlers and returns the
/// number served.
///
/// A handler's error ends only its own connection ([`Event::Failed`]): the
/// server keeps serving. When `accept` itself fails, the loop waits 1, 2,
/// 4 … up to 32 seconds before trying again, reporting each wait, and never
/// gives up: a server that runs out of file descriptors serves again once
/// clients leave. A connection the client aborted before it was accepted
/// is skipped without a word.
pub fn serve<H, E>(
    listener: &TcpListener,
    limits: Limits,
    handle: H,
    report: &(dyn Fn(Event<'_, E>) + Sync),
) -> Result<u64>
where
    H: Fn(TcpStream, Client) -> std::result::Result<(), E> + Sync,
{
    let places = Mutex::new(Places::default());
    let lock = || places.lock().unwrap_or_else(PoisonError::into_inner);
    let mut served = 0u64;
    std::thread::scope(|scope| {
        let mut backoff = Duration::from_secs(1);
        while limits.stop_after.is_none_or(|max| served < max as u64) {
            let (stream, peer) = match listener.accept() {
                Ok(pair) => {
                    backoff = Duration::from_secs(1);
                    pair
                }
                // A client that gave up between SYN and accept is not a failure.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted
                    ) =>
                {
                    continue
                }
                Err(e) => {
                    report(Event::AcceptFailed {
                        error: &e,
                        retry_in: backoff,
                    });
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    continue;
                }
            };
            if let Err(why) = lock().take(peer.ip(), &limits) {
                // Closing at once tells the client more than a connection
                // left waiting in the backlog would.
                drop(stream);
                report(Event::Refused { peer, why });
                continue;
            }
            // A client that goes silent is dropped, and one that stops
            // reading cannot block our writes forever either.
            let timeouts = stream
                .set_read_timeout(Some(limits.idle_timeout))
                .and_then(|()| stream.set_write_timeout(Some(limits.idle_timeout)));
            if let Err(error) = timeouts {
                lock().give_back(peer.ip(), &limits);
                report(Event::SetupFailed {
                    peer,
                    error: &error,
                });
                continue;
            }
            served += 1;
            let client = Client { id: served, peer };
            report(Event::Accepted(client));
            let (handle, lock) = (&handle, &lock);
            scope.spawn(move || {
                if let Err(error) = handle(stream, client) {
                    report(Event::Failed {
                        client,
                        error: &error,
                    });
                }
                let room_again = lock().give_back(peer.ip(), &limits);
                report(Event::Left { client, room_again });
            });
        }
    });
    Ok(served)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::Shutdown;

    fn limits(max_clients: usize, max_per_address: usize) -> Limits {
        Limits {
            max_clients,
            max_per_address,
            ..Limits::default()
        }
    }

    #[test]
    fn an_address_gets_its_share_and_another_address_the_rest() {
        let l = limits(4, 2);
        let mut p = Places::default();
        let a: IpAddr = "127.0.0.2".parse().unwrap();
        let b: IpAddr = "127.0.0.3".parse().unwrap();
        assert_eq!(p.take(a, &l), Ok(()));
        assert_eq!(p.take(a, &l), Ok(()));
        assert_eq!(p.take(a, &l), Err(Refusal::AddressFull { max: 2 }));
        assert_eq!(p.take(b, &l), Ok(()));
        assert_eq!(p.take(b, &l), Ok(()));
        let c: IpAddr = "127.0.0.4".parse().unwrap();
        assert_eq!(p.take(c, &l), Err(Refusal::Full { max: 4 }));
        assert!(p.give_back(a, &l), "it was full");
        assert!(!p.give_back(a, &l));
        assert_eq!(p.per_address.get(&a), None, "no entry for an empty address");
        assert_eq!(p.take(c, &l), Ok(()));
    }

    #[test]
    fn serve_survives_a_failing_handler_and_reports_each_step() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut replies = Vec::new();
            for word in ["fail", "ok"] {
                let mut s = TcpStream::connect(addr).unwrap();
                s.write_all(word.as_bytes()).unwrap();
                s.shutdown(Shutdown::Write).unwrap();
                let mut reply = String::new();
                s.read_to_string(&mut reply).unwrap();
                replies.push(reply);
            }
            replies
        });
        let events = Mutex::new(Vec::new());
        let limits = Limits {
            stop_after: Some(2),
            ..Limits::default()
        };
        let served = serve(
            &listener,
            limits,
            |mut s, _| {
                let mut word = String::new();
                s.read_to_string(&mut word).map_err(|e| e.to_string())?;
                if word == "fail" {
                    return Err("handler failed".to_string());
                }
                s.write_all(b"served").map_err(|e| e.to_string())
            },
            &|e: Event<'_, String>| {
                let line = match e {
                    Event::Accepted(c) => format!("accepted {}", c.id),
                    Event::Failed { client, error } => format!("{} failed: {error}", client.id),
                    Event::Left { client, .. } => format!("{} left", client.id),
                    other => format!("{other:?}"),
                };
                events.lock().unwrap().push(line);
            },
        )
        .unwrap();
        assert_eq!(served, 2);
        assert_eq!(
            client.join().unwrap(),
            vec!["".to_string(), "served".to_string()]
        );
        let events = events.into_inner().unwrap();
        assert!(
            events.contains(&"1 failed: handler failed".to_string()),
            "{events:?}"
        );
        assert_eq!(events.iter().filter(|e| e.ends_with("left")).count(), 2);
    }
}
