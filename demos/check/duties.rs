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

use std::time::Duration;

use super::wire::{ending, nothing, show, End, Heard, Link, Reply};
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
const ONLY_AFTER_CLOSE: &str = "the answer came only after the client closed its side: does the server \
     read until recv() returns b'' before it answers? Answer each message as soon as it is whole";
const NEVER: &str = "no answer, even after the client closed its side: does the server answer at all \
     before its buffer is full, or does it wait for something the protocol does not send?";
const CLOSED_SILENT: &str =
    "the server closed without answering: did its handler fail on the first message?";
const ONE_AT_A_TIME: &str = "the second client was answered only after the first one hung up: \
     does the server serve one client at a time? Give each connection its own thread, or use selectors or asyncio";
const SECOND_NEVER: &str = "the second client got no answer while the first sat connected, nor after \
     the first hung up: does the server accept only one connection?";
const FIRST_SILENT: &str = "the first client got no answer while connected, so a second could not be \
     tried beside it: see the interactive case";

/// Whether the judge stopped the reading: a whole answer came.
fn enough(reply: &Reply) -> bool {
    matches!(reply.end, End::Enough)
}

/// Room for an answer: the message twice over, and some words.
fn cap(talk: &Talk) -> usize {
    2 * talk.message.len() + 4096
}

/// `interactive`: a message sent with the connection left open is answered.
pub fn interactive(t: &Target, talk: &Talk) -> Verdict {
    let link = t.link(GONE)?;
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&talk.message),
        Duration::ZERO,
        false,
        cap(talk),
        talk.until.judge(),
    );
    let sent_text = format!("{} in one write, the connection left open", talk.shown);
    if let Some(mut f) = unanswered(t, &link, talk, &reply) {
        f.sent = format!("{sent_text}{}", sent.shortfall());
        return Err(f);
    }
    Ok(format!(
        "the {} was answered while the client stayed connected",
        talk.unit
    ))
}

/// Why `reply` holds no whole answer, if it does not; the probe that tells
/// the cases apart closes our side and reads once more.
fn unanswered(t: &Target, link: &Link, talk: &Talk, reply: &Reply) -> Option<Failure> {
    if enough(&reply) {
        return None;
    }
    let before = if reply.bytes.is_empty() {
        nothing(&reply.end, t.timeout())
    } else {
        format!(
            "{}{} while connected",
            show(&reply.bytes, 30),
            ending(&reply.end, t.timeout())
        )
    };
    if reply.end.closed() {
        return Some(Failure::new("", before, CLOSED_SILENT));
    }
    let (_, after) = link.exchange(&[], Duration::ZERO, true, cap(talk), talk.until.judge());
    let mut got = reply.bytes.clone();
    got.extend_from_slice(&after.bytes);
    if after.bytes.is_empty() {
        Some(Failure::new(
            "",
            format!("{before}; nothing after the client closed either"),
            NEVER,
        ))
    } else {
        Some(Failure::new(
            "",
            format!(
                "{before}; once the client closed its side: {}",
                show(&got, 30)
            ),
            ONLY_AFTER_CLOSE,
        ))
    }
}

/// `two-clients`: with a first client connected and half-way through a
/// message, a second one is answered.
pub fn two_clients(t: &Target, talk: &Talk) -> Verdict {
    let first = t.link(GONE)?;
    // The first client is answered once, so the server is known to be
    // reading its connection when the second one arrives.
    let (sent, reply) = first.exchange(
        std::slice::from_ref(&talk.message),
        Duration::ZERO,
        false,
        cap(talk),
        talk.until.judge(),
    );
    if !enough(&reply) {
        return Err(Failure::new(
            format!(
                "first client: {} in one write, the connection left open{}",
                talk.shown,
                sent.shortfall()
            ),
            if reply.bytes.is_empty() {
                nothing(&reply.end, t.timeout())
            } else {
                format!(
                    "{}{}",
                    show(&reply.bytes, 30),
                    ending(&reply.end, t.timeout())
                )
            },
            FIRST_SILENT,
        ));
    }
    let half = first.write(&talk.half);
    let sent_text = format!(
        "first client: {} answered, then {} and a pause{}; second client: {}",
        talk.shown,
        show(&talk.half, 30),
        half.shortfall(),
        talk.shown
    );
    let second = t.link(GONE).map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    let (sent, reply) = second.exchange(
        std::slice::from_ref(&talk.message),
        Duration::ZERO,
        false,
        cap(talk),
        talk.until.judge(),
    );
    let sent_text = format!("{sent_text}{}", sent.shortfall());
    if enough(&reply) {
        return Ok(format!(
            "a second client was answered while the first sat half-way through a {}",
            talk.unit
        ));
    }
    let before = if reply.bytes.is_empty() {
        nothing(&reply.end, t.timeout())
    } else {
        format!("{}{}", show(&reply.bytes, 30), ending(&reply.end, t.timeout()))
    };
    if reply.end.closed() {
        return Err(Failure::new(sent_text, before, CLOSED_SILENT));
    }
    // Hang up the first client, and give the second one more wait: a server
    // that serves one client at a time turns to it now.
    drop(first);
    let (_, after) = second.exchange(&[], Duration::ZERO, false, cap(talk), talk.until.judge());
    let mut got = reply.bytes.clone();
    got.extend_from_slice(&after.bytes);
    if enough(&after) {
        Err(Failure::new(
            sent_text,
            format!(
                "second client: {before}; once the first hung up: {}",
                show(&got, 30)
            ),
            ONE_AT_A_TIME,
        ))
    } else {
        Err(Failure::new(
            sent_text,
            format!(
                "second client: {before}; after the first hung up: {}",
                if got.is_empty() {
                    nothing(&after.end, t.timeout())
                } else {
                    format!("{}{}", show(&got, 30), ending(&after.end, t.timeout()))
                }
            ),
            SECOND_NEVER,
        ))
    }
}
