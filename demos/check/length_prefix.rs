//! Cases for demo 05's wire format, a server that echoes every frame:
//!
//! ```text
//! +---- len: u32 ----+---- payload: len bytes ----+
//! | \x00\x00\x00\x05 |  h e l l o                 |   '!I' ('<I' with --little-endian)
//! +------------------+----------------------------+
//! ```
//!
//! Every case compares the reply with the exact bytes a right echo holds,
//! then reads on until the server closes (we shut down our side after the
//! last frame, so a server that stops on recv() returning b'' closes too).
//! When the reply is wrong, [`analyse`] says how, in terms of frames.

use std::time::Duration;

use sticky::framing::{Decoded, Endian, Framing, LengthPrefixed, HEADER_LEN};

use super::wire::{ending, nothing, seconds, show, Heard, Link, Reply, Sent, GAP, MAX_CUT};
use super::{Case, Failure, Target, Verdict, GONE, WORDS};
use crate::tr;

pub const CASES: &[Case] = &[
    Case {
        name: "byte-order",
        about: "about-5-byte-order",
        skip: None,
        run: byte_order,
    },
    Case {
        name: "glued",
        about: "about-5-glued",
        skip: None,
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "about-5-cut-bytes",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "seeded-cuts",
        about: "about-5-seeded-cuts",
        skip: None,
        run: seeded_cuts,
    },
    Case {
        name: "interactive",
        about: "about-5-interactive",
        skip: None,
        run: interactive,
    },
    Case {
        name: "two-clients",
        about: "about-5-two-clients",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "zero-length",
        about: "about-5-zero-length",
        skip: None,
        run: zero_length,
    },
    Case {
        name: "one-mib",
        about: "about-5-one-mib",
        skip: Some(|plan| (plan.max_frame < 1024 * 1024).then(|| tr!(WORDS, "len-skip-one-mib"))),
        run: one_mib,
    },
    Case {
        name: "max-frame",
        about: "about-5-max-frame",
        skip: None,
        run: max_frame,
    },
    Case {
        name: "over-max",
        about: "about-5-over-max",
        skip: None,
        run: over_max,
    },
    Case {
        name: "huge-header",
        about: "about-5-huge-header",
        skip: None,
        run: huge_header,
    },
    Case {
        name: "hangup",
        about: "about-5-hangup",
        skip: None,
        run: hangup,
    },
];

/// The codec for our side's byte order, with the plan's limit.
fn codec(t: &Target) -> LengthPrefixed {
    LengthPrefixed::new(t.plan.endian, t.plan.max_frame)
}

fn other(endian: Endian) -> Endian {
    match endian {
        Endian::Big => Endian::Little,
        Endian::Little => Endian::Big,
    }
}

/// The frames of `payloads`, back to back, as one right echo holds them.
fn wire_of(codec: &LengthPrefixed, payloads: &[Vec<u8>]) -> Vec<u8> {
    let mut wire = Vec::new();
    for p in payloads {
        // Every payload here is at most the limit, by construction.
        let _ = codec.encode(p, &mut wire);
    }
    wire
}

/// A judge that stops at the first byte differing from `wire`, but only
/// once the length header it falls in is complete, so [`analyse`] can read
/// what length the server announced.
fn judge(wire: &[u8], payloads: &[Vec<u8>]) -> impl FnMut(&[u8]) -> Heard + Send {
    let wire = wire.to_vec();
    let mut starts = Vec::with_capacity(payloads.len() + 1);
    let mut at = 0;
    for p in payloads {
        starts.push(at);
        at += HEADER_LEN + p.len();
    }
    starts.push(at);
    let mut checked = 0;
    let mut differs: Option<usize> = None;
    move |got| {
        if differs.is_none() {
            let upto = got.len().min(wire.len());
            differs = (checked..upto).find(|&i| got[i] != wire[i]);
            if differs.is_none() && got.len() > wire.len() {
                differs = Some(wire.len());
            }
            checked = upto;
        }
        match differs {
            None => Heard::More,
            Some(d) => {
                let start = starts.iter().rev().find(|&&s| s <= d).copied().unwrap_or(0);
                if got.len() >= start + HEADER_LEN {
                    Heard::Wrong
                } else {
                    Heard::More
                }
            }
        }
    }
}

/// Sends `pieces` (`gap` apart), shuts down our side, and reads the echo.
fn exchange(
    t: &Target,
    link: &Link,
    pieces: &[Vec<u8>],
    gap: Duration,
    payloads: &[Vec<u8>],
) -> (Sent, Reply) {
    let wire = wire_of(&codec(t), payloads);
    link.exchange(pieces, gap, true, wire.len() + 1024, judge(&wire, payloads))
}

/// How a reply differs from the echo of `payloads`.
#[derive(Debug, PartialEq)]
enum Finding {
    /// Every echo, whole, and nothing more.
    Same,
    /// Right as far as it goes: `whole` echoes, then `part` bytes of the next.
    Early { whole: usize, part: usize },
    /// Echo `at` announces `len` bytes where ours had fewer, and spans `count`
    /// of our frames: several came back as one.
    Glued { at: usize, len: usize, count: usize },
    /// Echo `at` holds only the first `len` of our `want` bytes.
    Cut { at: usize, len: usize, want: usize },
    /// Echo `at` announces its payload's length plus 4: the header counted itself.
    CountsHeader { at: usize, len: usize },
    /// Echo `at`'s header is absurd in our byte order and right in the other.
    OtherOrder { at: usize, len: u64 },
    /// Echo `at`'s header announces more than any frame may hold.
    TooLong { at: usize, len: u64 },
    /// Echo `at` announces `len` bytes (unknown if the reply ended inside
    /// its header) and holds other bytes than ours.
    Changed { at: usize, len: Option<usize> },
    /// `bytes` more after the last echo.
    Extra { bytes: usize },
}

/// Reads the reply as frames, in our byte order, against the payloads sent.
fn analyse(codec: &LengthPrefixed, payloads: &[Vec<u8>], reply: &[u8]) -> Finding {
    let mut pos = 0;
    for (i, want) in payloads.iter().enumerate() {
        let rest = &reply[pos..];
        let mut ours = Vec::new();
        let _ = codec.encode(want, &mut ours);
        if rest.starts_with(&ours) {
            pos += ours.len();
            continue;
        }
        if ours.starts_with(rest) {
            return Finding::Early {
                whole: i,
                part: rest.len(),
            };
        }
        let Some(header) = rest.first_chunk::<HEADER_LEN>() else {
            return Finding::Changed { at: i, len: None };
        };
        let raw = codec.endian().decode(*header) as usize;
        let body = &rest[HEADER_LEN..];
        if raw == want.len() + HEADER_LEN
            && body[..body.len().min(want.len())] == want[..body.len().min(want.len())]
        {
            return Finding::CountsHeader { at: i, len: raw };
        }
        let len = match codec.decode(rest) {
            Ok(Decoded::Frame { payload, .. }) => payload.len(),
            Ok(Decoded::Incomplete { .. }) => codec.endian().decode(*header) as usize,
            Err(_) => {
                let len = u64::from(codec.endian().decode(*header));
                let swapped = other(codec.endian()).decode(*header) as usize;
                return if swapped == want.len() {
                    Finding::OtherOrder { at: i, len }
                } else {
                    Finding::TooLong { at: i, len }
                };
            }
        };
        let payload = &rest[HEADER_LEN..rest.len().min(HEADER_LEN + len)];
        let overlap = payload.len().min(want.len());
        if payload[..overlap] == want[..overlap] {
            if len > want.len() {
                return Finding::Glued {
                    at: i,
                    len,
                    count: frames_spanned(payloads, i, len),
                };
            }
            if len < want.len() {
                return Finding::Cut {
                    at: i,
                    len,
                    want: want.len(),
                };
            }
        }
        return Finding::Changed {
            at: i,
            len: Some(len),
        };
    }
    if reply.len() > pos {
        return Finding::Extra {
            bytes: reply.len() - pos,
        };
    }
    Finding::Same
}

/// How many of our frames, from `at` on, a payload of `len` bytes reaches
/// into when it holds frame `at`'s payload followed by the frames after it.
fn frames_spanned(payloads: &[Vec<u8>], at: usize, len: usize) -> usize {
    let mut total = payloads[at].len();
    let mut count = 1;
    for p in &payloads[at + 1..] {
        if total >= len {
            break;
        }
        total += HEADER_LEN + p.len();
        count += 1;
    }
    count
}

/// "echo 3", counting from 1.
fn nth(at: usize) -> String {
    tr!(WORDS, "len-echo-n", n = at + 1)
}

/// The report card's "got" and "hint" for a wrong reply. `silent` is the
/// case's hint when the reply simply stopped short.
fn judged(
    t: &Target,
    payloads: &[Vec<u8>],
    reply: &Reply,
    silent: &str,
) -> Result<(), (String, String)> {
    let codec = codec(t);
    let n = payloads.len();
    let end = ending(&reply.end, t.timeout());
    let fmt = codec.endian().struct_format();
    let other_fmt = other(codec.endian()).struct_format();
    let got_and_hint = match analyse(&codec, payloads, &reply.bytes) {
        Finding::Same if reply.end.closed() => return Ok(()),
        Finding::Same => (
            tr!(WORDS, "len-got-every-echo", end = end),
            tr!(WORDS, "len-hint-no-close"),
        ),
        Finding::Early { whole: 0, part: 0 } => {
            (nothing(&reply.end, t.timeout()), silent.to_string())
        }
        Finding::Early { whole: 1, part: 0 } if n > 1 && reply.end.closed() => (
            tr!(
                WORDS,
                "len-got-echoes",
                whole = 1,
                n = n,
                part = "",
                end = end
            ),
            tr!(WORDS, "len-hint-one-frame"),
        ),
        Finding::Early { whole, part: 0 } if whole > 1 && reply.end.closed() => (
            tr!(
                WORDS,
                "len-got-echoes",
                whole = whole,
                n = n,
                part = "",
                end = end
            ),
            tr!(WORDS, "len-hint-mid-stream"),
        ),
        Finding::CountsHeader { at, len } => (
            tr!(
                WORDS,
                "len-got-echo",
                nth = nth(at),
                came = came_back(
                    &codec,
                    &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..]
                )
            ),
            tr!(
                WORDS,
                "len-hint-counts-header",
                len = len,
                payload = len - HEADER_LEN
            ),
        ),
        Finding::Early { whole, part } => {
            let part = if part > 0 {
                tr!(WORDS, "len-got-part", part = part, next = whole + 1)
            } else {
                String::new()
            };
            (
                tr!(
                    WORDS,
                    "len-got-echoes",
                    whole = whole,
                    n = n,
                    part = part,
                    end = end
                ),
                silent.to_string(),
            )
        }
        Finding::Glued { at, len: _, count } => {
            let p = &reply.bytes[(reply.bytes.len()).min(frame_start(payloads, at))..];
            (
                tr!(
                    WORDS,
                    "len-got-echo",
                    nth = nth(at),
                    came = came_back(&codec, p)
                ),
                tr!(WORDS, "len-hint-glued", count = count),
            )
        }
        Finding::Cut { len: 0, at, want } => (
            tr!(
                WORDS,
                "len-got-empty",
                nth = nth(at),
                want = want,
                end = end
            ),
            tr!(WORDS, "len-hint-empty"),
        ),
        Finding::Cut { at, len, want } => (
            tr!(
                WORDS,
                "len-got-cut",
                nth = nth(at),
                len = len,
                want = want,
                came = came_back(
                    &codec,
                    &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..]
                )
            ),
            tr!(WORDS, "len-hint-cut"),
        ),
        Finding::OtherOrder { at, len } => (
            tr!(
                WORDS,
                "len-got-other-order",
                nth = nth(at),
                len = len,
                fmt = fmt,
                other_fmt = other_fmt
            ),
            tr!(
                WORDS,
                "len-hint-other-order",
                fmt = fmt,
                other_fmt = other_fmt
            ),
        ),
        Finding::TooLong { at, len: _ } => (
            tr!(
                WORDS,
                "len-got-echo",
                nth = nth(at),
                came = came_back(
                    &codec,
                    &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..]
                )
            ),
            tr!(WORDS, "len-hint-too-long", fmt = fmt),
        ),
        Finding::Changed { at, len: None } => (
            tr!(
                WORDS,
                "len-got-begins",
                nth = nth(at),
                shown = show(&reply.bytes[frame_start(payloads, at)..], 40),
                end = end
            ),
            tr!(WORDS, "len-hint-changed"),
        ),
        Finding::Changed { at, len: Some(_) } => {
            let p = &reply.bytes[(reply.bytes.len()).min(frame_start(payloads, at))..];
            (
                tr!(
                    WORDS,
                    "len-got-echo",
                    nth = nth(at),
                    came = came_back(&codec, p)
                ),
                tr!(WORDS, "len-hint-changed"),
            )
        }
        Finding::Extra { bytes } => (
            tr!(WORDS, "len-got-extra", bytes = bytes),
            tr!(WORDS, "len-hint-extra"),
        ),
    };
    Err(got_and_hint)
}

/// Where frame `at` starts in a right echo.
fn frame_start(payloads: &[Vec<u8>], at: usize) -> usize {
    payloads[..at].iter().map(|p| HEADER_LEN + p.len()).sum()
}

/// What came back from a frame's start: its first bytes, escaped, and the
/// length its first 4 bytes announce in both byte orders, so a header read
/// the wrong way round, or one that is text, shows for what it is.
fn came_back(codec: &LengthPrefixed, bytes: &[u8]) -> String {
    let Some(head) = bytes.first_chunk::<HEADER_LEN>() else {
        return tr!(WORDS, "len-began", shown = show(bytes, 40));
    };
    let ours = codec.endian();
    let theirs = other(ours);
    tr!(
        WORDS,
        "len-began-lengths",
        shown = show(&bytes[..bytes.len().min(24)], 48),
        ours = ours.decode(*head),
        fmt = ours.struct_format(),
        theirs = theirs.decode(*head),
        other_fmt = theirs.struct_format()
    )
}

/// The common tail of a case: PASS with `pass`, or FAIL with the analysis.
fn verdict(
    t: &Target,
    payloads: &[Vec<u8>],
    sent_text: String,
    sent: &Sent,
    reply: &Reply,
    silent: &str,
    pass: String,
) -> Verdict {
    match judged(t, payloads, reply, silent) {
        Ok(()) => Ok(pass),
        Err((got, hint)) => Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            got,
            hint,
        )),
    }
}

/// Whether a new client still gets a small frame echoed: the check after
/// every case that tries to knock the server over.
fn still_serves(t: &Target, hint: &str) -> Result<(), Failure> {
    let payloads = vec![b"are you still there?".to_vec()];
    let link = t.link(hint)?;
    let wire = wire_of(&codec(t), &payloads);
    let (sent, reply) = exchange(t, &link, &[wire], Duration::ZERO, &payloads);
    match judged(t, &payloads, &reply, hint) {
        Ok(()) => Ok(()),
        // It answered, but wrongly: that answer names the fault, not the
        // case before it.
        Err((got, seen)) if !reply.bytes.is_empty() => Err(Failure::new(
            tr!(WORDS, "len-sent-still-there", shortfall = sent.shortfall()),
            got,
            seen,
        )),
        Err((got, _)) => Err(Failure::new(
            tr!(WORDS, "len-sent-still-there", shortfall = sent.shortfall()),
            got,
            hint,
        )),
    }
}

fn byte_order(t: &Target) -> Verdict {
    let payloads = vec![b"hello".to_vec()];
    let codec = codec(t);
    let fmt = codec.endian().struct_format();
    let link = t.link(GONE)?;
    let wire = wire_of(&codec, &payloads);
    let (sent, reply) = exchange(t, &link, &[wire], Duration::ZERO, &payloads);
    let sent_text = tr!(
        WORDS,
        "len-byte-order-sent",
        header = show(&codec.endian().encode(5), 20),
        fmt = fmt,
        shortfall = sent.shortfall()
    );
    let silent = tr!(WORDS, "len-byte-order-silent");
    let Err((got, hint)) = judged(t, &payloads, &reply, &silent) else {
        return Ok(tr!(WORDS, "len-byte-order-pass", fmt = fmt));
    };
    if !reply.bytes.is_empty() {
        return Err(Failure::new(sent_text, got, hint));
    }
    // No echo at all: does the server answer the other byte order?
    let theirs = other(codec.endian());
    let their_codec = LengthPrefixed::new(theirs, t.plan.max_frame);
    let probe = t.link(GONE)?;
    let (_, answer) = probe.exchange(
        &[wire_of(&their_codec, &payloads)],
        Duration::ZERO,
        true,
        1024,
        |_| Heard::More,
    );
    if analyse(&their_codec, &payloads, &answer.bytes) != Finding::Same {
        return Err(Failure::new(sent_text, got, hint));
    }
    let their_fmt = theirs.struct_format();
    let hint = match theirs {
        Endian::Little => tr!(
            WORDS,
            "len-hint-their-order-little",
            their_fmt = their_fmt,
            fmt = fmt
        ),
        Endian::Big => tr!(
            WORDS,
            "len-hint-their-order-big",
            their_fmt = their_fmt,
            fmt = fmt
        ),
    };
    Err(Failure::new(
        sent_text,
        tr!(
            WORDS,
            "len-got-their-order",
            got = got,
            their_fmt = their_fmt
        ),
        hint,
    )
    .skip_rest(tr!(WORDS, "len-skip-their-order", their_fmt = their_fmt)))
}

fn glued(t: &Target) -> Verdict {
    let payloads: Vec<Vec<u8>> = (1..=20)
        .map(|i| format!("glued {i}").into_bytes())
        .collect();
    let wire = wire_of(&codec(t), &payloads);
    let link = t.link(GONE)?;
    let (sent, reply) = exchange(
        t,
        &link,
        std::slice::from_ref(&wire),
        Duration::ZERO,
        &payloads,
    );
    verdict(
        t,
        &payloads,
        tr!(WORDS, "len-glued-sent", size = wire.len()),
        &sent,
        &reply,
        &tr!(WORDS, "len-glued-silent"),
        tr!(WORDS, "len-glued-pass"),
    )
}

fn cut_bytes(t: &Target) -> Verdict {
    let codec = codec(t);
    // A whole frame first, echoed, so the server is known to be waiting in
    // its read loop when the first single byte arrives.
    let warm = vec![b"warm-up".to_vec()];
    let link = t.link(GONE)?;
    let (sent, reply) = link.exchange(
        &[wire_of(&codec, &warm)],
        Duration::ZERO,
        false,
        1024,
        super::echo::judge(wire_of(&codec, &warm), true),
    );
    if let Err((got, hint)) = judged_open(t, &warm, &reply) {
        return Err(Failure::new(
            tr!(WORDS, "len-warm-up-sent", shortfall = sent.shortfall()),
            got,
            hint,
        ));
    }
    // A server that closes after one frame has closed by now: said so here,
    // before single bytes to a closed socket could look like a recv(4) crash.
    if link.closed_within(GAP) {
        return Err(Failure::new(
            tr!(WORDS, "len-warm-up-echoed"),
            tr!(WORDS, "len-then-closed"),
            tr!(WORDS, "len-hint-one-frame"),
        ));
    }
    let payloads = vec![b"cut into bytes".to_vec()];
    let wire = wire_of(&codec, &payloads);
    let pieces: Vec<Vec<u8>> = wire.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    let (sent, reply) = exchange(t, &link, &pieces, GAP, &payloads);
    verdict(
        t,
        &payloads,
        tr!(
            WORDS,
            "len-cut-bytes-sent",
            writes = pieces.len(),
            gap = seconds(GAP)
        ),
        &sent,
        &reply,
        &tr!(WORDS, "len-cut-bytes-silent"),
        tr!(WORDS, "len-cut-bytes-pass", writes = pieces.len()),
    )
}

/// Like [`judged`] for a reply read while the connection stays open.
fn judged_open(t: &Target, payloads: &[Vec<u8>], reply: &Reply) -> Result<(), (String, String)> {
    if analyse(&codec(t), payloads, &reply.bytes) == Finding::Same {
        return Ok(());
    }
    // No echo while the connection stays open: a correct server answers
    // each frame as soon as it is whole.
    judged(t, payloads, reply, &tr!(WORDS, "len-hint-waits-for-close"))
}

fn seeded_cuts(t: &Target) -> Verdict {
    let codec = codec(t);
    // Lengths from the seed too, so a replay sends the same frames.
    let mut rng = sticky::resegment::SplitMix64::new(t.plan.seed);
    let payloads: Vec<Vec<u8>> = (1..=12)
        .map(|i| {
            let len = (rng.next_u64() % 40) as usize;
            let mut p = format!("seeded {i}:").into_bytes();
            p.extend((0..len).map(|j| b'a' + ((i + j) % 26) as u8));
            p
        })
        .collect();
    let wire = wire_of(&codec, &payloads);
    let pieces = super::wire::seeded_pieces(&wire, 11, t.plan.seed);
    let link = t.link(GONE)?;
    let (sent, reply) = exchange(t, &link, &pieces, GAP, &payloads);
    verdict(
        t,
        &payloads,
        tr!(
            WORDS,
            "len-seeded-cuts-sent",
            size = wire.len(),
            writes = pieces.len(),
            gap = seconds(GAP)
        ),
        &sent,
        &reply,
        &tr!(WORDS, "len-seeded-cuts-silent"),
        tr!(WORDS, "len-seeded-cuts-pass", writes = pieces.len()),
    )
}

fn interactive(t: &Target) -> Verdict {
    let codec = codec(t);
    let payloads = vec![b"answer me now".to_vec()];
    let wire = wire_of(&codec, &payloads);
    let link = t.link(GONE)?;
    // Our side stays open: the echo must come while the client waits for it.
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&wire),
        Duration::ZERO,
        false,
        1024,
        super::echo::judge(wire.clone(), true),
    );
    match judged_open(t, &payloads, &reply) {
        Ok(()) => Ok(tr!(WORDS, "len-interactive-pass")),
        Err((got, hint)) => Err(Failure::new(
            tr!(WORDS, "len-interactive-sent", shortfall = sent.shortfall()),
            got,
            hint,
        )),
    }
}

fn two_clients(t: &Target) -> Verdict {
    let codec = codec(t);
    let first = t.link(GONE)?;
    // A header announcing 20 bytes and 5 of them: a server that serves one
    // client at a time is stuck reading the rest.
    let mut idle = t.plan.endian.encode(20).to_vec();
    idle.extend_from_slice(b"idle-");
    let sent_idle = first.write(&idle);
    let payloads = vec![b"the second client".to_vec()];
    let wire = wire_of(&codec, &payloads);
    let second = t.link(GONE)?;
    let (sent, reply) = exchange(t, &second, &[wire], Duration::ZERO, &payloads);
    drop(first);
    let silent = match reply.end {
        super::wire::End::TimedOut => tr!(WORDS, "len-two-clients-timed-out"),
        _ => tr!(WORDS, "len-two-clients-silent"),
    };
    verdict(
        t,
        &payloads,
        tr!(
            WORDS,
            "len-two-clients-sent",
            shortfall = sent_idle.shortfall()
        ),
        &sent,
        &reply,
        &silent,
        tr!(WORDS, "len-two-clients-pass"),
    )
}

fn zero_length(t: &Target) -> Verdict {
    let payloads = vec![Vec::new(), b"after the empty one".to_vec()];
    let wire = wire_of(&codec(t), &payloads);
    let link = t.link(GONE)?;
    let (sent, reply) = exchange(t, &link, &[wire], Duration::ZERO, &payloads);
    let silent = match reply.end {
        super::wire::End::Closed | super::wire::End::Reset => tr!(WORDS, "len-zero-length-closed"),
        _ => tr!(WORDS, "len-zero-length-silent"),
    };
    verdict(
        t,
        &payloads,
        tr!(WORDS, "len-zero-length-sent"),
        &sent,
        &reply,
        &silent,
        tr!(WORDS, "len-zero-length-pass"),
    )
}

/// A payload of `len` bytes that no two positions near each other share,
/// so a shifted or repeated piece cannot match by accident.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn large(t: &Target, len: usize, what: &str) -> Verdict {
    let payloads = vec![pattern(len)];
    let wire = wire_of(&codec(t), &payloads);
    let link = t.link(GONE)?;
    let (sent, reply) = exchange(t, &link, &[wire], Duration::ZERO, &payloads);
    let silent = if sent.error.is_some() {
        tr!(WORDS, "len-large-stopped", what = what, len = len)
    } else {
        tr!(WORDS, "len-large-silent", what = what, len = len)
    };
    verdict(
        t,
        &payloads,
        tr!(WORDS, "len-large-sent", len = len),
        &sent,
        &reply,
        &silent,
        tr!(WORDS, "len-large-pass", len = len),
    )
}

fn one_mib(t: &Target) -> Verdict {
    large(t, 1024 * 1024, "1 MiB")
}

fn max_frame(t: &Target) -> Verdict {
    large(t, t.plan.max_frame, "--max-frame")
}

/// Sends only a header announcing `len` and waits for the server to close.
fn refused(t: &Target, len: u32, what: &str) -> Verdict {
    let header = t.plan.endian.encode(len);
    let link = t.link(GONE)?;
    // Our side stays open: a close from us would end any server's wait.
    let (sent, reply) = link.exchange(&[header.to_vec()], Duration::ZERO, false, 4096, |_| {
        Heard::More
    });
    let sent_text = tr!(
        WORDS,
        "len-refused-sent",
        header = show(&header, 20),
        len = len
    );
    if !reply.end.closed() {
        let answered = if reply.bytes.is_empty() {
            String::new()
        } else {
            tr!(WORDS, "len-bytes-back", n = reply.bytes.len())
        };
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            tr!(
                WORDS,
                "len-still-open",
                answered = answered,
                time = seconds(t.timeout())
            ),
            tr!(WORDS, "len-hint-waited", what = what),
        ));
    }
    drop(link);
    still_serves(t, &tr!(WORDS, "len-hint-stopped-after-refusing")).map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = &sent_text, next = &f.sent),
        ..f
    })?;
    Ok(tr!(WORDS, "len-refused-pass", len = len))
}

fn over_max(t: &Target) -> Verdict {
    let len = u32::try_from(t.plan.max_frame + 1).unwrap_or(u32::MAX);
    refused(t, len, &tr!(WORDS, "len-what-over-max", len = len))
}

fn huge_header(t: &Target) -> Verdict {
    refused(t, u32::MAX, &tr!(WORDS, "len-what-huge"))
}

fn hangup(t: &Target) -> Verdict {
    let mut half = t.plan.endian.encode(10).to_vec();
    half.extend_from_slice(b"abc");
    let link = t.link(GONE)?;
    let sent = link.write(&half);
    // Hang up: the server reads 3 of the 10 bytes it was promised, then 0.
    drop(link);
    let sent_text = tr!(WORDS, "len-hangup-sent", shortfall = sent.shortfall());
    still_serves(t, &tr!(WORDS, "len-hint-hangup-stopped")).map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = &sent_text, next = &f.sent),
        ..f
    })?;
    Ok(tr!(WORDS, "len-hangup-pass"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn a_reply_glued_from_a_whole_recv_is_named_as_such() {
        let codec = LengthPrefixed::default();
        let sent = frames(&["one", "two", "three"]);
        let wire = wire_of(&codec, &sent);
        // What a server that takes one recv() for one message sends back:
        // everything after the first header, framed as one.
        let glued = wire_of(&codec, &[wire[4..].to_vec()]);
        assert_eq!(
            analyse(&codec, &sent, &glued),
            Finding::Glued {
                at: 0,
                len: wire.len() - 4,
                count: 3
            }
        );
    }

    #[test]
    fn findings_for_short_swapped_and_extra_replies() {
        let codec = LengthPrefixed::default();
        let sent = frames(&["hello", "world"]);
        let wire = wire_of(&codec, &sent);
        assert_eq!(analyse(&codec, &sent, &wire), Finding::Same);
        assert_eq!(
            analyse(&codec, &sent, &wire[..11]),
            Finding::Early { whole: 1, part: 2 }
        );
        let cut = wire_of(&codec, &frames(&["hel"]));
        assert_eq!(
            analyse(&codec, &sent, &cut),
            Finding::Cut {
                at: 0,
                len: 3,
                want: 5
            }
        );
        let little = wire_of(&LengthPrefixed::new(Endian::Little, 100), &sent);
        assert_eq!(
            analyse(&codec, &sent, &little),
            Finding::OtherOrder {
                at: 0,
                len: 5 << 24
            }
        );
        let mut extra = wire.clone();
        extra.push(0);
        assert_eq!(analyse(&codec, &sent, &extra), Finding::Extra { bytes: 1 });
    }

    #[test]
    fn the_judge_waits_for_a_whole_header_before_giving_up() {
        let codec = LengthPrefixed::default();
        let sent = frames(&["hello"]);
        let wire = wire_of(&codec, &sent);
        let mut j = judge(&wire, &sent);
        // The first header byte already differs, but the length is not known yet.
        assert!(matches!(j(&[1]), Heard::More));
        assert!(matches!(j(&[1, 0, 0, 0]), Heard::Wrong));
        let mut j = judge(&wire, &sent);
        assert!(matches!(j(&wire), Heard::More));
    }
}
