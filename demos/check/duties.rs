//! Two duties of every server in demos 1, 4 and 7, whatever it frames:
//!
//! - it answers while the client is still connected, not once the client
//!   has closed (a server that reads until `recv()` returns `b''` and only
//!   then sends passes every case that closes first, and is useless to a
//!   client that waits for its answer before it sends the next message);
//! - it serves a second client while a first one sits connected, half-way
//!   through a message (a server that handles one client at a time looks
//!   right to one student at `nc`, and stalls a whole class).
//!
//! Each case tells what it saw apart from what it could not see: when no
//! answer comes, it closes (or hangs up the first client) and waits once
//! more, so the hint can say "only after the client closed" rather than guess.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::wire::{ending, nothing, show, worded, End, Heard};
use super::{Failure, Target, Verdict, GONE};

/// One exchange of a wire format, as the duties need it.
pub struct Talk {
    /// One whole message, sent in one write.
    pub message: Vec<u8>,
    /// Part of a message: what the first client sends before it goes quiet.
    pub half: Vec<u8>,
    /// When the reply holds a whole answer to `message`.
    pub until: Until,
    /// The message in a report line: `"hello\n"`, `a 32-byte record "hello"`.
    pub shown: String,
    /// A message of this format: "line", "record", "message".
    pub unit: &'static str,
}

/// When a reply holds a whole answer.
#[derive(Clone, Copy)]
pub enum Until {
    /// This many bytes (an echo, a record's echo).
    Bytes(usize),
    /// A newline (an answer line).
    Newline,
}

impl Until {
    fn judge(self) -> impl FnMut(&[u8]) -> Heard + Send {
        move |got| {
            let whole = match self {
                Until::Bytes(n) => got.len() >= n,
                Until::Newline => got.contains(&b'\n'),
            };
            if whole {
                Heard::Enough
            } else {
                Heard::More
            }
        }
    }
}

// The hints, in one place.
const ONLY_AFTER_CLOSE: &str =
    "the answer came only after the client closed its side: does the server \
     read until recv() returns b'' before it answers? Answer each message as soon as it is whole";
const NEVER: &str = "no answer, even after the client closed its side: does the server wait for \
     more bytes than one message, or for something the protocol does not send?";
const UNFINISHED: &str =
    "part of an answer came, and no more, even after the client closed its side: \
     the answer is shorter than the protocol says; the cases that compare answers show how";
const CLOSED_SILENT: &str =
    "the server closed without answering: did its handler fail on the first message?";
const ONE_AT_A_TIME: &str = "the second client was answered only after the first one hung up: \
     does the server serve one client at a time? Give each connection its own thread, or use selectors or asyncio";
const SECOND_NEVER: &str =
    "a second client got no answer while the first sat connected, nor after \
     the first hung up: does the server stop accepting after its first client?";
const FIRST_SILENT: &str =
    "the first client got no answer while connected, so a second could not be \
     tried beside it: see the interactive case";

/// Room for an answer: the message twice over, and some words.
fn cap(talk: &Talk) -> usize {
    2 * talk.message.len() + 4096
}

/// A plain connection, for waits that must not end the connection: a
/// [`Link`](super::wire::Link) closes its socket when a wait times out.
fn open(t: &Target) -> Result<TcpStream, Failure> {
    let stream = TcpStream::connect_timeout(&t.addr, t.timeout())
        .and_then(|s| s.set_nodelay(true).map(|()| s))
        .map_err(|e| refused("a new connection", &e))?;
    t.connected.set(true);
    Ok(stream)
}

/// The failure of a connection the server refused: the server is gone, and
/// the cases after this one cannot tell anything.
pub fn refused(what: &str, e: &io::Error) -> Failure {
    let mut f = Failure::new(what, format!("could not connect: {}", worded(e)), GONE)
        .skip_rest("the server no longer accepts connections");
    f.refused = true;
    f
}

/// Writes `bytes` in one write (a failure shows in the reply that follows).
fn send(mut stream: &TcpStream, bytes: &[u8], timeout: Duration) {
    let _ = stream
        .set_write_timeout(Some(timeout))
        .and_then(|()| stream.write_all(bytes));
}

/// Reads onto `got` until it holds a whole answer, the server closes, or
/// nothing comes for `timeout`; a server that trickles bytes is cut off
/// after twenty times that. The connection stays as it is.
fn wait(mut stream: &TcpStream, got: &mut Vec<u8>, until: Until, t: &Target, cap: usize) -> End {
    let mut buf = [0u8; 4096];
    let mut judge = until.judge();
    let timeout = t.timeout();
    // A class run's limit per student ends this wait too.
    let deadline = t.cutoff(timeout.saturating_mul(20));
    loop {
        if got.len() > cap {
            return End::TooMuch;
        }
        if Instant::now() > deadline {
            return End::TimedOut;
        }
        if let Err(e) = stream.set_read_timeout(Some(timeout)) {
            return End::Failed(e);
        }
        match stream.read(&mut buf) {
            Ok(0) => return End::Closed,
            Ok(n) => {
                got.extend_from_slice(&buf[..n]);
                if matches!(judge(got), Heard::Enough) {
                    return End::Enough;
                }
            }
            Err(e) => match e.kind() {
                ErrorKind::Interrupted => {}
                ErrorKind::WouldBlock | ErrorKind::TimedOut => return End::TimedOut,
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => return End::Reset,
                _ => return End::Failed(e),
            },
        }
    }
}

/// What came back, for a report line.
fn heard(t: &Target, got: &[u8], end: &End) -> String {
    if got.is_empty() {
        nothing(end, t.timeout())
    } else {
        format!("{}{}", show(got, 30), ending(end, t.timeout()))
    }
}

/// `interactive`: a message sent with the connection left open is answered.
pub fn interactive(t: &Target, talk: &Talk) -> Verdict {
    let stream = open(t)?;
    send(&stream, &talk.message, t.timeout());
    let sent = format!("{} in one write, the connection left open", talk.shown);
    let mut got = Vec::new();
    let end = wait(&stream, &mut got, talk.until, t, cap(talk));
    if matches!(end, End::Enough) {
        return Ok(format!(
            "the {} was answered while the client stayed connected",
            talk.unit
        ));
    }
    let before = heard(t, &got, &end);
    if end.closed() {
        return Err(Failure::new(sent, before, CLOSED_SILENT));
    }
    // Close our side and wait once more: was the answer waiting for that?
    let _ = stream.shutdown(Shutdown::Write);
    let had = got.len();
    let after = wait(&stream, &mut got, talk.until, t, cap(talk));
    if got.len() > had {
        Err(Failure::new(
            sent,
            format!(
                "{before} while connected; once the client closed its side: {}",
                heard(t, &got, &after)
            ),
            ONLY_AFTER_CLOSE,
        ))
    } else {
        Err(Failure::new(
            sent,
            format!("{before} while connected; nothing after the client closed its side either"),
            if got.is_empty() { NEVER } else { UNFINISHED },
        ))
    }
}

/// `two-clients`: with a first client connected and half-way through a
/// message, a second one is answered.
pub fn two_clients(t: &Target, talk: &Talk) -> Verdict {
    let first = open(t)?;
    // The first client is answered once, so the server is known to be
    // reading its connection when the second one arrives.
    send(&first, &talk.message, t.timeout());
    let mut got = Vec::new();
    let end = wait(&first, &mut got, talk.until, t, cap(talk));
    if !matches!(end, End::Enough) {
        return Err(Failure::new(
            format!(
                "first client: {} in one write, the connection left open",
                talk.shown
            ),
            heard(t, &got, &end),
            FIRST_SILENT,
        ));
    }
    send(&first, &talk.half, t.timeout());
    let sent = format!(
        "first client: {} answered, then {} and a pause; second client: {}",
        talk.shown,
        show(&talk.half, 30),
        talk.shown
    );
    let with_sent = |f: Failure| Failure {
        sent: format!("{sent}; {}", f.sent),
        ..f
    };
    let second = open(t).map_err(with_sent)?;
    send(&second, &talk.message, t.timeout());
    let mut got = Vec::new();
    let end = wait(&second, &mut got, talk.until, t, cap(talk));
    if matches!(end, End::Enough) {
        return Ok(format!(
            "a second client was answered while the first sat half-way through a {}",
            talk.unit
        ));
    }
    let before = format!("second client: {}", heard(t, &got, &end));
    if end.closed() {
        return Err(Failure::new(sent, before, CLOSED_SILENT));
    }
    // Hang up the first client, and give the second one more wait: a server
    // that serves one client at a time turns to it now.
    drop(first);
    let had = got.len();
    let after = wait(&second, &mut got, talk.until, t, cap(talk));
    if matches!(after, End::Enough) || got.len() > had {
        Err(Failure::new(
            sent,
            format!(
                "{before}; once the first hung up: {}",
                heard(t, &got, &after)
            ),
            ONE_AT_A_TIME,
        ))
    } else {
        Err(Failure::new(
            sent,
            format!("{before}; nothing more after the first hung up"),
            SECOND_NEVER,
        ))
    }
}
