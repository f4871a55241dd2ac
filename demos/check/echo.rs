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
use super::{Case, Failure, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "cut-bytes",
        about: "bytes sent one per write, 15 ms apart, come back as sent",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "glued",
        about: "50 lines in one write come back as sent",
        skip: None,
        run: glued,
    },
    Case {
        name: "interactive",
        about: "bytes sent with the connection left open come back before the client closes",
        skip: None,
        run: interactive,
    },
    Case {
        name: "one-mib",
        about: "a 1 MiB write comes back whole",
        skip: None,
        run: one_mib,
    },
    Case {
        name: "two-clients",
        about:
            "a second client is served while a first one sits connected, half-way through a message",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "slow-reader",
        about: "256 KiB come back whole to a client with a small receive window that reads slowly",
        skip: None,
        run: slow_reader,
    },
    Case {
        name: "hangup",
        about:
            "a client resets the connection while its echo is on the way; the next client is served",
        skip: None,
        run: hangup,
    },
];

// The hints that do not belong to one case, in one place.
const CHANGED: &str =
    "the bytes came back changed: does the server send back exactly what each recv() returned?";
const NO_CLOSE: &str =
    "the server did not close after the client closed: does it stop when recv() returns b''?";
const CLOSED_SILENT: &str = "the server closed the connection without sending a byte back: \
     did its handler fail on the first recv() (an exception ends the connection)?";
const TOO_MUCH: &str = "more came back than was sent: does the server answer some bytes twice?";

/// "1 byte", "2 bytes".
pub fn bytes(n: usize) -> String {
    match n {
        1 => "1 byte".into(),
        n => format!("{n} bytes"),
    }
}

/// The server closed while bytes were still coming: it stopped reading.
fn stopped_early(got: usize) -> String {
    let got = bytes(got);
    format!(
        "the server closed the connection after sending back {got}, with more still coming: \
         does it answer only its first recv()? Loop until recv() returns b''"
    )
}

/// Bytes are missing from the middle of the echo, and it went on after them.
fn lost(n: usize) -> String {
    format!(
        "{} never came back, and the echo went on after them: does the server use send(), \
         which may send only part when the client reads slowly, where sendall() is needed?",
        bytes(n)
    )
}

/// A record came back without its first bytes: they went into the record before.
fn swallowed(n: usize, record: usize) -> String {
    format!(
        "the first {} of record {record} never came back: were they read into the record \
         before it by recv(size), where recv(size - len(got)) is needed, and thrown away?",
        bytes(n)
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

/// The words of a case around [`expect_back`].
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
        None => format!("{bytes} of {} bytes", want.len()),
        Some(size) => {
            let part = match bytes % size {
                0 => String::new(),
                b => format!(" and {b} bytes of the next"),
            };
            format!("{} of {} records{part}", bytes / size, want.len() / size)
        }
    };
    let got = &reply.bytes;
    // The server ended the connection before it had read everything: a
    // reset (it closed with bytes unread), or our writes failed.
    let unread = matches!(reply.end, End::Reset)
        || (reply.end.closed() && (sent.bytes < sent.of || sent.error.is_some()));
    Err(match compare(want, got) {
        Finding::Same if reply.end.closed() => return Ok(()),
        Finding::Same => (format!("everything{end}"), NO_CLOSE.into()),
        Finding::Early { got: 0 } if reply.end.closed() => {
            (nothing(&reply.end, t.timeout()), CLOSED_SILENT.into())
        }
        Finding::Early { got: 0 } => (nothing(&reply.end, t.timeout()), words.silent.into()),
        Finding::Early { got: n } if unread => (format!("{}{end}", count(n)), stopped_early(n)),
        Finding::Early { got: n } => (format!("{}{end}", count(n)), words.silent.into()),
        Finding::Changed { at } => {
            let (from, what) = match words.record {
                None => (at, format!("from byte {at}")),
                Some(size) => (at - at % size, format!("record {}", at / size + 1)),
            };
            let differs = format!(
                "{} where {} was sent",
                show(&got[from..], 24),
                show(&want[from..], 24)
            );
            // A record is compared whole, so its own padding cannot match elsewhere.
            let window = words.record.map_or(16, |size| size.min(64));
            match (words.record, skipped(want, got, from, window)) {
                (Some(size), Some(k)) if k < size => (
                    format!("{what} lacks its first {}: {differs}{end}", bytes(k)),
                    swallowed(k, from / size + 1),
                ),
                (_, Some(k)) => (
                    format!(
                        "{} bytes as sent, then {k} missing, then the rest: {differs}{end}",
                        from
                    ),
                    lost(k),
                ),
                (Some(size), None) if unpadded(&want[from..from + size], &got[from..]) => (
                    format!("{what} differs: {differs}"),
                    format!(
                        "record {} came back without its padding: does the server strip the zero bytes \
                         (rstrip(b'\\0')) before it sends the record back? Send it back as it came",
                        from / size + 1
                    ),
                ),
                (_, None) => (format!("{what} differs: {differs}"), words.changed.into()),
            }
        }
        Finding::Extra { bytes } => (
            format!("everything, then {bytes} bytes more"),
            TOO_MUCH.into(),
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
            format!(
                "then \"are you still there?\\n\" on a new connection{}",
                sent.shortfall()
            ),
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
            sent: format!(
                "{} in {} one-byte writes, {} apart",
                show(&want, 30),
                pieces.len(),
                seconds(GAP)
            ),
            silent: "no echo of bytes sent one per write: does the server wait for a full buffer or a whole line?",
            changed: CHANGED,
            pass: format!("{} single-byte writes came back as sent", pieces.len()),
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
            sent: format!(
                "50 lines, \"line 1\\n\" to \"line 50\\n\", in one write of {} bytes",
                want.len()
            ),
            silent:
                "only part of one write came back: does the server answer only its first recv()?",
            changed: CHANGED,
            pass: "50 lines in one write came back as sent".into(),
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
            sent: "1048576 bytes in one write".into(),
            silent: "only the start of a 1 MiB write came back: does the server send back only its first recv()? \
                     Loop: recv(), then sendall() what it returned, until recv() returns b''",
            changed: CHANGED,
            pass: "1048576 bytes came back whole".into(),
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
        unit: "message",
    }
}

fn interactive(t: &Target) -> Verdict {
    stays_interactive(t, &talk())
}

fn two_clients(t: &Target) -> Verdict {
    beside_another(t, &talk())
}

fn slow_reader(t: &Target) -> Verdict {
    let want = noise(256 * 1024);
    let (sent, reply) = slow_exchange(t, &want)?;
    let words = Words {
        sent: String::new(),
        silent: "the echo stopped for a client that reads slowly: does the server give up on a send() that \
                 has to wait (a socket timeout too short), or stop reading?",
        changed: CHANGED,
        pass: String::new(),
        record: None,
    };
    judged(t, &want, &sent, &reply, &words).map_err(|(got, hint)| {
        Failure::new(
            format!(
                "262144 bytes through a small receive window, read 4 KiB at a time{}",
                sent.shortfall()
            ),
            got,
            hint,
        )
    })?;
    Ok("262144 bytes came back whole to a slow reader".into())
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
            format!(
                "65536 bytes in one write, the connection left open{}",
                sent.shortfall()
            ),
            nothing(&first.end, t.timeout()),
            if first.end.closed() {
                CLOSED_SILENT
            } else {
                "no echo came while the client stayed connected, so it could not hang up mid-echo: \
                 does the server wait for the client to close before it sends anything back?"
            },
        ));
    }
    link.reset();
    let sent_text = format!(
        "65536 bytes; after {} bytes of echo, a reset{}",
        first.bytes.len(),
        sent.shortfall()
    );
    still_serves(
        t,
        "the server stopped answering after a client hung up mid-echo: does it catch the error per connection?",
    )
    .map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    Ok("a client reset the connection mid-echo; the next one was served".into())
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
