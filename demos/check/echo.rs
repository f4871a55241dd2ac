//! Cases for demo 01's wire format, which is none: the server writes back
//! every byte it reads. Also the byte-for-byte comparison that demo 04's
//! cases share, since a fixed-length echo is the same bytes coming back.
//!
//! ```text
//! | h e l l o ... |   -> the same bytes, however they were cut on the way
//! ```

use std::time::Duration;

use super::wire::{ending, nothing, seconds, show, Heard, Link, Reply, GAP, MAX_CUT};
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
        name: "one-mib",
        about: "a 1 MiB write comes back whole",
        skip: None,
        run: one_mib,
    },
    Case {
        name: "hangup",
        about:
            "a client resets the connection while its echo is on the way; the next client is served",
        skip: None,
        run: hangup,
    },
];

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

/// The words of a case around [`expect_back`].
pub struct Words<'a> {
    /// What was sent.
    pub sent: String,
    /// The hint when the reply stopped short.
    pub silent: &'a str,
    /// The hint when the reply has other bytes.
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
    let (sent, reply) = link.exchange(
        pieces,
        gap,
        true,
        want.len() + 1024,
        judge(want.to_vec(), false),
    );
    match judged(t, want, &reply, &words) {
        Ok(()) => Ok(words.pass),
        Err((got, hint)) => Err(Failure::new(
            format!("{}{}", words.sent, sent.shortfall()),
            got,
            hint,
        )),
    }
}

/// The report card's "got" and "hint" for a reply that is not `want` followed by a close.
pub fn judged(
    t: &Target,
    want: &[u8],
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
    Err(match compare(want, got) {
        Finding::Same if reply.end.closed() => return Ok(()),
        Finding::Same => (
            format!("everything{end}"),
            "the server did not close after the client closed: does it stop when recv() returns b''?"
                .into(),
        ),
        Finding::Early { got: 0 } => (nothing(&reply.end, t.timeout()), words.silent.into()),
        Finding::Early { got } => (format!("{}{end}", count(got)), words.silent.into()),
        Finding::Changed { at } => {
            let (from, what) = match words.record {
                None => (at, format!("from byte {at}")),
                Some(size) => (at - at % size, format!("record {}", at / size + 1)),
            };
            (
                format!(
                    "{what} differs: {} where {} was sent",
                    show(&got[from..], 24),
                    show(&want[from..], 24)
                ),
                words.changed.into(),
            )
        }
        Finding::Extra { bytes } => (
            format!("everything, then {bytes} bytes more"),
            "more came back than was sent: does the server answer some bytes twice?".into(),
        ),
    })
}

/// Whether a new client still gets its bytes back.
fn still_serves(t: &Target, hint: &str) -> Result<(), Failure> {
    let want = b"are you still there?\n".to_vec();
    let link = t.link(hint)?;
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&want),
        Duration::ZERO,
        true,
        1024,
        judge(want.clone(), false),
    );
    let words = Words {
        sent: String::new(),
        silent: hint,
        changed: hint,
        pass: String::new(),
        record: None,
    };
    judged(t, &want, &reply, &words).map_err(|(got, _)| {
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

const CHANGED: &str =
    "the bytes came back changed: does the server send back exactly what each recv() returned?";

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
    let want: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: "1048576 bytes in one write".into(),
            silent: "only part of a 1 MiB write came back: does the server use send(), which may take only part, where sendall() is needed?",
            changed: CHANGED,
            pass: "1048576 bytes came back whole".into(),
            record: None,
        },
    )
}

fn hangup(t: &Target) -> Verdict {
    let out: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    let link = t.link(GONE)?;
    // Wait for the echo to start, so the reset hits a server busy with it.
    let (sent, first) = link.exchange(&[out], Duration::ZERO, false, 1024 * 1024, |got| {
        if got.is_empty() {
            Heard::More
        } else {
            Heard::Enough
        }
    });
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
