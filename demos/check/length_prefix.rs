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
use super::{Case, Failure, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "byte-order",
        about: "one small frame; its echo must be in the same byte order",
        skip: None,
        run: byte_order,
    },
    Case {
        name: "glued",
        about: "20 frames in one write come back as 20 echoes, not one",
        skip: None,
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "a frame sent one byte per write, 15 ms apart, comes back whole",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "seeded-cuts",
        about: "12 frames cut at seeded random offsets (--seed), each piece glued to the next frame's start",
        skip: None,
        run: seeded_cuts,
    },
    Case {
        name: "interactive",
        about: "a frame's echo must arrive while the client keeps the connection open",
        skip: None,
        run: interactive,
    },
    Case {
        name: "two-clients",
        about: "a second client is echoed while a first sits idle mid-frame",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "zero-length",
        about: "a frame with an empty payload, then a normal one",
        skip: None,
        run: zero_length,
    },
    Case {
        name: "one-mib",
        about: "a 1 MiB frame comes back whole",
        skip: Some(|plan| {
            (plan.max_frame < 1024 * 1024)
                .then(|| "--max-frame is below 1 MiB; max-frame covers it".to_string())
        }),
        run: one_mib,
    },
    Case {
        name: "max-frame",
        about: "a frame of exactly --max-frame bytes (8 MiB unless told) comes back whole",
        skip: None,
        run: max_frame,
    },
    Case {
        name: "over-max",
        about: "a header announcing --max-frame + 1 bytes: the server closes; the next client is served",
        skip: None,
        run: over_max,
    },
    Case {
        name: "huge-header",
        about: "a header announcing 4 GiB (0xFFFFFFFF): the server closes; the next client is served",
        skip: None,
        run: huge_header,
    },
    Case {
        name: "hangup",
        about: "a client hangs up half-way through a frame; the next client is served",
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
    format!("echo {}", at + 1)
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
            format!("every echo, whole{end}"),
            "the server did not close after the client closed: does it stop when recv() returns b''?"
                .to_string(),
        ),
        Finding::Early { whole: 0, part: 0 } => (nothing(&reply.end, t.timeout()), silent.to_string()),
        Finding::Early { whole: 1, part: 0 } if n > 1 && reply.end.closed() => (
            format!("1 of {n} echoes{end}"),
            "the server closed after one frame: does it read frames in a loop until recv() returns b''?".to_string(),
        ),
        Finding::Early { whole, part: 0 } if whole > 1 && reply.end.closed() => (
            format!("{whole} of {n} echoes{end}"),
            "the server closed mid-stream, where a frame arrived in pieces: are the 4-byte header and the payload each read until complete (recv(4) may return fewer bytes)?".to_string(),
        ),
        Finding::CountsHeader { at, len } => (
            format!(
                "{} {}",
                nth(at),
                came_back(&codec, &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..])
            ),
            format!(
                "the echo's length counts its own 4 bytes ({len} for a {}-byte payload): the length is len(payload) alone",
                len - HEADER_LEN
            ),
        ),
        Finding::Early { whole, part } => {
            let part = if part > 0 {
                format!(" and {part} bytes of echo {}", whole + 1)
            } else {
                String::new()
            };
            (format!("{whole} of {n} echoes{part}{end}"), silent.to_string())
        }
        Finding::Glued { at, len: _, count } => {
            let p = &reply.bytes[(reply.bytes.len()).min(frame_start(payloads, at))..];
            (
                format!("{} {}", nth(at), came_back(&codec, p)),
                format!("{count} frames came back as one: is each recv() treated as one message?"),
            )
        }
        Finding::Cut { len: 0, at, want } => (
            format!("{} with 0 of its {want} bytes{end}", nth(at)),
            "a frame came back empty: is each recv() treated as one message (the header's bytes included)?"
                .to_string(),
        ),
        Finding::Cut { at, len, want } => (
            format!(
                "{} with only {len} of its {want} bytes: {}",
                nth(at),
                came_back(&codec, &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..])
            ),
            "a frame came back cut short: is the payload read with one recv(n), which may return fewer bytes?"
                .to_string(),
        ),
        Finding::OtherOrder { at, len } => (
            format!(
                "{} announcing {len} bytes in '{fmt}', which is the right length in '{other_fmt}'",
                nth(at)
            ),
            format!(
                "the echo's length header is '{other_fmt}': pack it with struct.pack('{fmt}', len(payload))"
            ),
        ),
        Finding::TooLong { at, len: _ } => (
            format!(
                "{} {}",
                nth(at),
                came_back(&codec, &reply.bytes[frame_start(payloads, at).min(reply.bytes.len())..])
            ),
            format!(
                "the echo's header is not a '{fmt}' length: is it struct.pack('{fmt}', len(payload)), sent before the payload?"
            ),
        ),
        Finding::Changed { at, len: None } => (
            format!(
                "{} begins {}{end}",
                nth(at),
                show(&reply.bytes[frame_start(payloads, at)..], 40)
            ),
            "an echo came back different: does the server send back exactly the payload it read?"
                .to_string(),
        ),
        Finding::Changed { at, len: Some(_) } => {
            let p = &reply.bytes[(reply.bytes.len()).min(frame_start(payloads, at))..];
            (
                format!("{} {}", nth(at), came_back(&codec, p)),
                "an echo came back different: does the server send back exactly the payload it read?"
                    .to_string(),
            )
        }
        Finding::Extra { bytes } => (
            format!("every echo, then {bytes} bytes more"),
            "more came back than was sent: does the server answer a frame twice?".to_string(),
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
        return format!("began {}", show(bytes, 40));
    };
    let ours = codec.endian();
    let theirs = other(ours);
    format!(
        "began {} (a length of {} in '{}', {} in '{}')",
        show(&bytes[..bytes.len().min(24)], 48),
        ours.decode(*head),
        ours.struct_format(),
        theirs.decode(*head),
        theirs.struct_format()
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
            format!(
                "then \"are you still there?\" on a new connection{}",
                sent.shortfall()
            ),
            got,
            seen,
        )),
        Err((got, _)) => Err(Failure::new(
            format!(
                "then \"are you still there?\" on a new connection{}",
                sent.shortfall()
            ),
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
    let sent_text = format!(
        "the frame \"hello\", header {} ('{fmt}'){}",
        show(&codec.endian().encode(5), 20),
        sent.shortfall()
    );
    let silent =
        "no echo of a small frame: does the server read a 4-byte length, then that many bytes?";
    let Err((got, hint)) = judged(t, &payloads, &reply, silent) else {
        return Ok(format!("\"hello\" came back with a '{fmt}' header"));
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
    let (their_fmt, note, flag) = match theirs {
        Endian::Little => (
            "<I",
            " (what the lesson's 'i' gives on x86)",
            "; or grade it as it is with --little-endian",
        ),
        Endian::Big => ("!I", "", "; or grade it as it is without --little-endian"),
    };
    Err(Failure::new(
        sent_text,
        format!("{got}; with a '{their_fmt}' header it was echoed"),
        format!(
            "the server reads and writes lengths as '{their_fmt}'{note}; the protocol says '{fmt}'{flag}"
        ),
    )
    .skip_rest(format!(
        "the server speaks '{their_fmt}': fix the byte order first"
    )))
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
        format!(
            "20 frames, \"glued 1\" to \"glued 20\", in one write of {} bytes",
            wire.len()
        ),
        &sent,
        &reply,
        "frames glued in one write were not all answered: is only the first frame of each recv() read?",
        "20 frames in one write came back as 20 echoes".into(),
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
            format!("the frame \"warm-up\" in one write{}", sent.shortfall()),
            got,
            hint,
        ));
    }
    // A server that closes after one frame has closed by now: said so here,
    // before single bytes to a closed socket could look like a recv(4) crash.
    if link.closed_within(GAP) {
        return Err(Failure::new(
            "the frame \"warm-up\" in one write, echoed",
            "then the server closed the connection",
            "the server closed after one frame: does it read frames in a loop until recv() returns b''?",
        ));
    }
    let payloads = vec![b"cut into bytes".to_vec()];
    let wire = wire_of(&codec, &payloads);
    let pieces: Vec<Vec<u8>> = wire.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    let (sent, reply) = exchange(t, &link, &pieces, GAP, &payloads);
    verdict(
        t,
        &payloads,
        format!(
            "\"cut into bytes\" in {} one-byte writes, {} apart, after an echoed frame",
            pieces.len(),
            seconds(GAP)
        ),
        &sent,
        &reply,
        "no answer to a header cut into single bytes: is the 4-byte header read with one recv(4)?",
        format!(
            "{} single-byte writes came back as one whole echo",
            pieces.len()
        ),
    )
}

/// Like [`judged`] for a reply read while the connection stays open.
fn judged_open(t: &Target, payloads: &[Vec<u8>], reply: &Reply) -> Result<(), (String, String)> {
    if analyse(&codec(t), payloads, &reply.bytes) == Finding::Same {
        return Ok(());
    }
    judged(t, payloads, reply, WAITS_FOR_CLOSE)
}

/// The hint for no echo while the connection stays open: a correct server
/// answers each frame as soon as it is whole.
const WAITS_FOR_CLOSE: &str = "no echo while the client kept the connection open: does the server wait for recv() to return b'' before answering? Echo each frame as soon as it is whole";

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
        format!(
            "12 frames, {} bytes, in {} writes of 1 to 11 bytes cut at seeded offsets, {} apart",
            wire.len(),
            pieces.len(),
            seconds(GAP)
        ),
        &sent,
        &reply,
        "frames cut at random offsets were not all answered: are the header and the payload each read until complete, and the bytes after a frame kept for the next?",
        format!("12 frames in {} seeded pieces came back as 12 echoes", pieces.len()),
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
        Ok(()) => Ok("the echo came while the connection stayed open".into()),
        Err((got, hint)) => Err(Failure::new(
            format!(
                "the frame \"answer me now\" in one write, the connection left open{}",
                sent.shortfall()
            ),
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
        super::wire::End::TimedOut => "the second client got no echo while the first sat idle mid-frame: is each connection served on its own thread (or by a selector)?",
        _ => "the second client was not echoed while the first sat idle mid-frame: can the server hold two connections at once?",
    };
    verdict(
        t,
        &payloads,
        format!(
            "a header and 5 of its 20 bytes on one connection{}, left idle; then a frame on a second",
            sent_idle.shortfall()
        ),
        &sent,
        &reply,
        silent,
        "with a first client idle mid-frame, a second was echoed".into(),
    )
}

fn zero_length(t: &Target) -> Verdict {
    let payloads = vec![Vec::new(), b"after the empty one".to_vec()];
    let wire = wire_of(&codec(t), &payloads);
    let link = t.link(GONE)?;
    let (sent, reply) = exchange(t, &link, &[wire], Duration::ZERO, &payloads);
    let silent = match reply.end {
        super::wire::End::Closed | super::wire::End::Reset => {
            "a zero-length frame ended the conversation: is an empty payload taken for a closed connection?"
        }
        _ => "no answer to a zero-length frame: does the server wait for at least one payload byte?",
    };
    verdict(
        t,
        &payloads,
        "an empty frame (header only), then \"after the empty one\", in one write".into(),
        &sent,
        &reply,
        silent,
        "an empty frame and the next one came back".into(),
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
        format!("the server stopped reading a {what} frame: does it read the whole frame before it echoes, and is its limit at least {len} bytes?")
    } else {
        format!("no whole echo of a {what} frame: is its limit at least {len} bytes, and is the payload read until complete?")
    };
    verdict(
        t,
        &payloads,
        format!("a frame of {len} bytes in one write"),
        &sent,
        &reply,
        &silent,
        format!("{len} bytes came back in one frame"),
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
    let sent_text = format!(
        "a header {} announcing {len} bytes, and nothing more",
        show(&header, 20)
    );
    if !reply.end.closed() {
        let answered = if reply.bytes.is_empty() {
            String::new()
        } else {
            format!("{} bytes back, ", reply.bytes.len())
        };
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            format!(
                "{answered}the connection still open after {}",
                seconds(t.timeout())
            ),
            format!(
                "the server waited for a {what}: does it check the length against a maximum before reading?"
            ),
        ));
    }
    drop(link);
    still_serves(
        t,
        "the server stopped answering after refusing a frame: does it catch the error per connection?",
    )
    .map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    Ok(format!(
        "a header announcing {len} bytes was refused; the next client was served"
    ))
}

fn over_max(t: &Target) -> Verdict {
    let len = u32::try_from(t.plan.max_frame + 1).unwrap_or(u32::MAX);
    refused(
        t,
        len,
        &format!("frame of {len} bytes, one over --max-frame"),
    )
}

fn huge_header(t: &Target) -> Verdict {
    refused(t, u32::MAX, "4 GiB frame")
}

fn hangup(t: &Target) -> Verdict {
    let mut half = t.plan.endian.encode(10).to_vec();
    half.extend_from_slice(b"abc");
    let link = t.link(GONE)?;
    let sent = link.write(&half);
    // Hang up: the server reads 3 of the 10 bytes it was promised, then 0.
    drop(link);
    let sent_text = format!(
        "a header announcing 10 bytes, \"abc\", then a close{}",
        sent.shortfall()
    );
    still_serves(
        t,
        "the server stopped answering after a client hung up mid-frame: does it catch the error per connection?",
    )
    .map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    Ok("a client hung up mid-frame; the next one was served".into())
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
