//! Cases for demo 01's wire format, which is none: the server writes back
//! every byte it reads. Also the byte-for-byte comparison that demo 04's
//! cases share, since a fixed-length echo is the same bytes coming back.
//!
//! ```text
//! | h e l l o ... |   -> the same bytes, however they were cut on the way
//! ```

use std::time::Duration;

use super::duties::{interactive as stays_interactive, two_clients as beside_another, Talk, Until};
use super::slow::slow_exchange;
use super::wire::{ending, nothing, seconds, show, End, Heard, Link, Reply, Sent, GAP, MAX_CUT};
use super::{Case, Failure, Target, Verdict, GONE, WORDS};
use crate::tr;

pub const CASES: &[Case] = &[
    Case {
        name: "cut-bytes",
        about: "about-1-cut-bytes",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "glued",
        about: "about-1-glued",
        skip: None,
        run: glued,
    },
    Case {
        name: "interactive",
        about: "about-1-interactive",
        skip: None,
        run: interactive,
    },
    Case {
        name: "one-mib",
        about: "about-1-one-mib",
        skip: None,
        run: one_mib,
    },
    Case {
        name: "two-clients",
        about: "about-1-two-clients",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "slow-reader",
        about: "about-1-slow-reader",
        skip: None,
        run: slow_reader,
    },
    Case {
        name: "hangup",
        about: "about-1-hangup",
        skip: None,
        run: hangup,
    },
];

// The hints that do not belong to one case (their words: `i18n/*/check.ftl`).
const CHANGED: &str = "echo-hint-changed";
const CLOSED_SILENT: &str = "echo-hint-closed-silent";

/// "1 byte", "2 bytes".
pub fn bytes(n: usize) -> String {
    match n {
        1 => tr!(WORDS, "bytes-one"),
        n => tr!(WORDS, "bytes", n = n),
    }
}

/// The server closed while bytes were still coming: it stopped reading.
fn stopped_early(got: usize) -> String {
    tr!(WORDS, "echo-hint-stopped-early", got = bytes(got))
}

/// Bytes are missing from the middle of the echo, and it went on after them.
fn lost(n: usize) -> String {
    tr!(WORDS, "echo-hint-lost", missing = bytes(n))
}

/// A record came back without its first bytes: they went into the record before.
fn swallowed(n: usize, record: usize) -> String {
    tr!(
        WORDS,
        "echo-hint-swallowed",
        missing = bytes(n),
        record = record
    )
}

/// How a reply differs from the bytes that should have come back.
#[derive(Debug, PartialEq)]
pub enum Finding {
    Same,
    /// Right as far as it goes, but only `got` bytes.
    Early {
        got: usize,
    },
    /// Different from byte `at` on.
    Changed {
        at: usize,
    },
    /// Every byte, then `bytes` more.
    Extra {
        bytes: usize,
    },
}

pub fn compare(want: &[u8], got: &[u8]) -> Finding {
    let n = want.len().min(got.len());
    if let Some(at) = (0..n).find(|&i| want[i] != got[i]) {
        return Finding::Changed { at };
    }
    match got.len().cmp(&want.len()) {
        std::cmp::Ordering::Less => Finding::Early { got: got.len() },
        std::cmp::Ordering::Equal => Finding::Same,
        std::cmp::Ordering::Greater => Finding::Extra {
            bytes: got.len() - want.len(),
        },
    }
}

/// When `got` from byte `from` on is `want` further on, as if `k` bytes had
/// been skipped: `Some(k)`. Up to `window` bytes are compared, at least 4.
pub fn skipped(want: &[u8], got: &[u8], from: usize, window: usize) -> Option<usize> {
    let w = got.len().saturating_sub(from).min(window);
    if w < 4 || from >= want.len() {
        return None;
    }
    let seen = &got[from..from + w];
    let last = want.len().checked_sub(from + w)?;
    (1..=last).find(|&k| &want[from + k..from + k + w] == seen)
}

/// Whether `got` starts with `record`'s text and goes on with something
/// other than its padding: the zeros were stripped.
fn unpadded(record: &[u8], got: &[u8]) -> bool {
    let text = record.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
    text < record.len()
        && got.starts_with(&record[..text])
        && got.get(text).is_some_and(|&b| b != 0)
}

/// `len` bytes that look random and never repeat: any 16 of them in a row
/// say where in the stream they belong, so a gap can be measured.
pub fn noise(len: usize) -> Vec<u8> {
    let mut rng = sticky::resegment::SplitMix64::new(0x5eed);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A judge that stops at the first byte differing from `want`, or the
/// first byte too many; with `enough`, it stops reading once all are in.
pub fn judge(want: Vec<u8>, enough: bool) -> impl FnMut(&[u8]) -> Heard + Send {
    let mut checked = 0;
    move |got| {
        let n = got.len().min(want.len());
        if got[checked..n] != want[checked..n] || got.len() > want.len() {
            return Heard::Wrong;
        }
        checked = n;
        if enough && n == want.len() {
            Heard::Enough
        } else {
            Heard::More
        }
    }
}

/// A judge for a reply that may lose bytes on the way: it reads on to the
/// end, so the gap can be measured, and stops only at too many bytes.
fn judge_all(want: usize) -> impl FnMut(&[u8]) -> Heard + Send {
    move |got| {
        if got.len() > want {
            Heard::Wrong
        } else {
            Heard::More
        }
    }
}

/// The words of a case around [`expect_back`]. `silent` and `changed` are
/// message ids of [`WORDS`] or words already said.
pub struct Words<'a> {
    /// What was sent.
    pub sent: String,
    /// The hint when the reply stopped short with the connection open, or
    /// when it ended as the client closed (the case knows best why).
    pub silent: &'a str,
    /// The hint when the reply has other bytes, and none are missing.
    pub changed: &'a str,
    /// What a PASS says.
    pub pass: String,
    /// Records of this size (demo 04), to count in records rather than bytes.
    pub record: Option<usize>,
}

/// Sends `pieces` (`gap` apart), shuts down our side, reads until the
/// server closes, and compares with `want`.
pub fn expect_back(
    t: &Target,
    link: &Link,
    pieces: &[Vec<u8>],
    gap: Duration,
    want: &[u8],
    words: Words,
) -> Verdict {
    let (sent, reply) = link.exchange(pieces, gap, true, want.len() + 1024, judge_all(want.len()));
    match judged(t, want, &sent, &reply, &words) {
        Ok(()) => Ok(words.pass),
        Err((got, hint)) => Err(Failure::new(
            format!("{}{}", words.sent, sent.shortfall()),
            got,
            hint,
        )),
    }
}

/// The report card's "got" and "hint" for a reply that is not `want`
/// followed by a close: the hint is chosen from what came back and how the
/// connection ended.
pub fn judged(
    t: &Target,
    want: &[u8],
    sent: &Sent,
    reply: &Reply,
    words: &Words,
) -> Result<(), (String, String)> {
    let end = ending(&reply.end, t.timeout());
    let count = |bytes: usize| match words.record {
        None => tr!(WORDS, "count-bytes", got = bytes, of = want.len()),
        Some(size) => match bytes % size {
            0 => tr!(
                WORDS,
                "count-records",
                got = bytes / size,
                of = want.len() / size
            ),
            b => tr!(
                WORDS,
                "count-records-and-part",
                got = bytes / size,
                of = want.len() / size,
                part = b
            ),
        },
    };
    let said = |hint: &str| WORDS.text_or_literal(hint);
    let got = &reply.bytes;
    // The server ended the connection before it had read everything: a
    // reset (it closed with bytes unread), or our writes failed.
    let unread = matches!(reply.end, End::Reset)
        || (reply.end.closed() && (sent.bytes < sent.of || sent.error.is_some()));
    Err(match compare(want, got) {
        Finding::Same if reply.end.closed() => return Ok(()),
        Finding::Same => (
            tr!(WORDS, "got-everything", end = end),
            tr!(WORDS, "echo-hint-no-close"),
        ),
        Finding::Early { got: 0 } if reply.end.closed() => {
            (nothing(&reply.end, t.timeout()), said(CLOSED_SILENT))
        }
        Finding::Early { got: 0 } => (nothing(&reply.end, t.timeout()), said(words.silent)),
        Finding::Early { got: n } if unread => (format!("{}{end}", count(n)), stopped_early(n)),
        Finding::Early { got: n } => (format!("{}{end}", count(n)), said(words.silent)),
        Finding::Changed { at } => {
            let (from, what) = match words.record {
                None => (at, tr!(WORDS, "from-byte", at = at)),
                Some(size) => (
                    at - at % size,
                    tr!(WORDS, "record-number", record = at / size + 1),
                ),
            };
            let differs = tr!(
                WORDS,
                "differs-where",
                got = show(&got[from..], 24),
                want = show(&want[from..], 24)
            );
            // A record is compared whole, so its own padding cannot match elsewhere.
            let window = words.record.map_or(16, |size| size.min(64));
            match (words.record, skipped(want, got, from, window)) {
                (Some(size), Some(k)) if k < size => (
                    tr!(
                        WORDS,
                        "got-lacks-first",
                        what = what,
                        missing = bytes(k),
                        differs = differs,
                        end = end
                    ),
                    swallowed(k, from / size + 1),
                ),
                (_, Some(k)) => (
                    tr!(
                        WORDS,
                        "got-gap",
                        from = from,
                        missing = k,
                        differs = differs,
                        end = end
                    ),
                    lost(k),
                ),
                (Some(size), None) if unpadded(&want[from..from + size], &got[from..]) => (
                    tr!(WORDS, "got-differs", what = what, differs = differs),
                    tr!(WORDS, "echo-hint-unpadded", record = from / size + 1),
                ),
                (_, None) => (
                    tr!(WORDS, "got-differs", what = what, differs = differs),
                    said(words.changed),
                ),
            }
        }
        Finding::Extra { bytes } => (
            tr!(WORDS, "got-extra", extra = bytes),
            tr!(WORDS, "echo-hint-too-much"),
        ),
    })
}

/// Whether a new client still gets its bytes back. When nothing comes, the
/// hint is `hint`; when something else does, the hint is about what came.
fn still_serves(t: &Target, hint: &str) -> Result<(), Failure> {
    let want = b"are you still there?\n".to_vec();
    let link = t.link(hint)?;
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&want),
        Duration::ZERO,
        true,
        1024,
        judge_all(want.len()),
    );
    let words = Words {
        sent: String::new(),
        silent: hint,
        changed: CHANGED,
        pass: String::new(),
        record: None,
    };
    judged(t, &want, &sent, &reply, &words).map_err(|(got, hint)| {
        Failure::new(
            tr!(WORDS, "echo-sent-still-there", shortfall = sent.shortfall()),
            got,
            hint,
        )
    })
}

fn cut_bytes(t: &Target) -> Verdict {
    let want = b"cut into single bytes\n".to_vec();
    let pieces: Vec<Vec<u8>> = want.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        &pieces,
        GAP,
        &want,
        Words {
            sent: tr!(
                WORDS,
                "echo-cut-bytes-sent",
                shown = show(&want, 30),
                writes = pieces.len(),
                gap = seconds(GAP)
            ),
            silent: "echo-cut-bytes-silent",
            changed: CHANGED,
            pass: tr!(WORDS, "echo-cut-bytes-pass", writes = pieces.len()),
            record: None,
        },
    )
}

fn glued(t: &Target) -> Verdict {
    let want: Vec<u8> = (1..=50)
        .flat_map(|i| format!("line {i}\n").into_bytes())
        .collect();
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(WORDS, "echo-glued-sent", size = want.len()),
            silent: "echo-glued-silent",
            changed: CHANGED,
            pass: tr!(WORDS, "echo-glued-pass"),
            record: None,
        },
    )
}

fn one_mib(t: &Target) -> Verdict {
    let want = noise(1024 * 1024);
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(WORDS, "echo-one-mib-sent"),
            silent: "echo-one-mib-silent",
            changed: CHANGED,
            pass: tr!(WORDS, "echo-one-mib-pass"),
            record: None,
        },
    )
}

/// The duties' view of an echo: any bytes come back as they are.
fn talk() -> Talk {
    let message = b"are you there?\n".to_vec();
    Talk {
        until: Until::Bytes(message.len()),
        shown: show(&message, 30),
        half: b"half-way through a mess".to_vec(),
        message,
        unit: tr!(WORDS, "unit-message"),
    }
}

fn interactive(t: &Target) -> Verdict {
    stays_interactive(t, &talk())
}

fn two_clients(t: &Target) -> Verdict {
    beside_another(t, &talk())
}

fn slow_reader(t: &Target) -> Verdict {
    // Sixteen or more recv()/send() rounds of up to 64 KiB each: with the
    // reader this slow the server's send buffer is full for nearly all of
    // them, so a send() that takes only part shows even on a busy machine.
    let want = noise(1024 * 1024);
    let (sent, reply) = slow_exchange(t, &want)?;
    let words = Words {
        sent: String::new(),
        silent: "echo-slow-reader-silent",
        changed: CHANGED,
        pass: String::new(),
        record: None,
    };
    judged(t, &want, &sent, &reply, &words).map_err(|(got, hint)| {
        Failure::new(
            tr!(WORDS, "echo-slow-reader-sent", shortfall = sent.shortfall()),
            got,
            hint,
        )
    })?;
    Ok(tr!(WORDS, "echo-slow-reader-pass"))
}

fn hangup(t: &Target) -> Verdict {
    let out = noise(64 * 1024);
    let link = t.link(GONE)?;
    // Wait for the echo to start, so the reset hits a server busy with it.
    let (sent, first) = link.exchange(&[out], Duration::ZERO, false, 1024 * 1024, |got| {
        if got.is_empty() {
            Heard::More
        } else {
            Heard::Enough
        }
    });
    if first.bytes.is_empty() {
        // Nothing to hang up on: the case cannot pass by not trying.
        return Err(Failure::new(
            tr!(WORDS, "echo-hangup-sent", shortfall = sent.shortfall()),
            nothing(&first.end, t.timeout()),
            WORDS.text_or_literal(if first.end.closed() {
                CLOSED_SILENT
            } else {
                "echo-hangup-no-echo"
            }),
        ));
    }
    link.reset();
    let sent_text = tr!(
        WORDS,
        "echo-hangup-reset-sent",
        echoed = first.bytes.len(),
        shortfall = sent.shortfall()
    );
    still_serves(t, "echo-hangup-stopped").map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = sent_text, next = f.sent),
        ..f
    })?;
    Ok(tr!(WORDS, "echo-hangup-pass"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_names_the_first_difference() {
        assert_eq!(compare(b"abc", b"abc"), Finding::Same);
        assert_eq!(compare(b"abc", b"ab"), Finding::Early { got: 2 });
        assert_eq!(compare(b"abc", b"axc"), Finding::Changed { at: 1 });
        assert_eq!(compare(b"abc", b"abcd"), Finding::Extra { bytes: 1 });
    }

    #[test]
    fn a_gap_is_measured() {
        let want = noise(100);
        let mut got = want[..40].to_vec();
        got.extend_from_slice(&want[47..]);
        assert_eq!(compare(&want, &got), Finding::Changed { at: 40 });
        assert_eq!(skipped(&want, &got, 40, 16), Some(7));
        assert_eq!(skipped(&want, &want[..40], 40, 16), None);
        let mut other = want.clone();
        other[40] ^= 1;
        assert_eq!(skipped(&want, &other, 40, 16), None);
    }

    #[test]
    fn a_record_without_its_padding_is_named() {
        assert!(unpadded(b"ab\0\0", b"abcd\0\0"));
        assert!(!unpadded(b"ab\0\0", b"ab\0\0"));
        assert!(!unpadded(b"abcd", b"abce"));
        assert!(unpadded(b"\0\0", b"x\0"));
    }

    #[test]
    fn the_judge_stops_at_a_wrong_byte_and_at_one_too_many() {
        let mut j = judge(b"abc".to_vec(), false);
        assert!(matches!(j(b"ab"), Heard::More));
        assert!(matches!(j(b"abc"), Heard::More));
        assert!(matches!(j(b"abcd"), Heard::Wrong));
        let mut j = judge(b"abc".to_vec(), true);
        assert!(matches!(j(b"ax"), Heard::Wrong));
        let mut j = judge(b"abc".to_vec(), true);
        assert!(matches!(j(b"abc"), Heard::Enough));
    }
}
