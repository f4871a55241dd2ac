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
use super::{Failure, Target, Verdict, GONE, WORDS};
use crate::tr;

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
    pub unit: String,
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
const ONLY_AFTER_CLOSE: &str = "duty-hint-only-after-close";
const NEVER: &str = "duty-hint-never";
const UNFINISHED: &str = "duty-hint-unfinished";
const CLOSED_SILENT: &str = "duty-hint-closed-silent";
const ONE_AT_A_TIME: &str = "duty-hint-one-at-a-time";
const SECOND_NEVER: &str = "duty-hint-second-never";
const FIRST_SILENT: &str = "duty-hint-first-silent";

/// Room for an answer: the message twice over, and some words.
fn cap(talk: &Talk) -> usize {
    2 * talk.message.len() + 4096
}

/// A plain connection, for waits that must not end the connection: a
/// [`Link`](super::wire::Link) closes its socket when a wait times out.
fn open(t: &Target) -> Result<TcpStream, Failure> {
    let stream = TcpStream::connect_timeout(&t.addr, t.timeout())
        .and_then(|s| s.set_nodelay(true).map(|()| s))
        .map_err(|e| refused(&tr!(WORDS, "link-sent"), &e))?;
    t.connected.set(true);
    Ok(stream)
}

/// The failure of a connection the server refused: the server is gone, and
/// the cases after this one cannot tell anything.
pub fn refused(what: &str, e: &io::Error) -> Failure {
    let why = worded(e);
    let mut f = Failure::new(
        what,
        tr!(WORDS, "link-refused-got", why = why),
        WORDS.text(GONE, &[]),
    )
    .skip_rest(tr!(WORDS, "skip-no-longer-accepts"));
    f.refused = Some(why);
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
    let sent = tr!(WORDS, "duty-sent-left-open", shown = talk.shown);
    let mut got = Vec::new();
    let end = wait(&stream, &mut got, talk.until, t, cap(talk));
    if matches!(end, End::Enough) {
        return Ok(tr!(WORDS, "duty-interactive-pass", unit = talk.unit));
    }
    let hint = |id: &str| WORDS.text(id, &[]);
    let before = heard(t, &got, &end);
    if end.closed() {
        return Err(Failure::new(sent, before, hint(CLOSED_SILENT)));
    }
    // Close our side and wait once more: was the answer waiting for that?
    let _ = stream.shutdown(Shutdown::Write);
    let had = got.len();
    let after = wait(&stream, &mut got, talk.until, t, cap(talk));
    if got.len() > had {
        Err(Failure::new(
            sent,
            tr!(
                WORDS,
                "duty-got-after-close",
                before = before,
                after = heard(t, &got, &after)
            ),
            hint(ONLY_AFTER_CLOSE),
        ))
    } else {
        Err(Failure::new(
            sent,
            tr!(WORDS, "duty-got-never", before = before),
            hint(if got.is_empty() { NEVER } else { UNFINISHED }),
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
            tr!(WORDS, "duty-sent-first-left-open", shown = talk.shown),
            heard(t, &got, &end),
            WORDS.text(FIRST_SILENT, &[]),
        ));
    }
    send(&first, &talk.half, t.timeout());
    let sent = tr!(
        WORDS,
        "duty-sent-two-clients",
        shown = talk.shown,
        half = show(&talk.half, 30)
    );
    let with_sent = |f: Failure| Failure {
        sent: tr!(WORDS, "then", first = sent, next = f.sent),
        ..f
    };
    let second = open(t).map_err(with_sent)?;
    send(&second, &talk.message, t.timeout());
    let mut got = Vec::new();
    let end = wait(&second, &mut got, talk.until, t, cap(talk));
    if matches!(end, End::Enough) {
        return Ok(tr!(WORDS, "duty-two-clients-pass", unit = talk.unit));
    }
    let hint = |id: &str| WORDS.text(id, &[]);
    let before = tr!(WORDS, "duty-got-second", heard = heard(t, &got, &end));
    if end.closed() {
        return Err(Failure::new(sent, before, hint(CLOSED_SILENT)));
    }
    // Hang up the first client, and give the second one more wait: a server
    // that serves one client at a time turns to it now.
    drop(first);
    let had = got.len();
    let after = wait(&second, &mut got, talk.until, t, cap(talk));
    if matches!(after, End::Enough) || got.len() > had {
        Err(Failure::new(
            sent,
            tr!(
                WORDS,
                "duty-got-after-hangup",
                before = before,
                after = heard(t, &got, &after)
            ),
            hint(ONE_AT_A_TIME),
        ))
    } else {
        Err(Failure::new(
            sent,
            tr!(WORDS, "duty-got-second-never", before = before),
            hint(SECOND_NEVER),
        ))
    }
}
