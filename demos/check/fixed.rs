//! Cases for demo 04's wire format, a server that echoes every record:
//!
//! ```text
//! +------------------------ --size bytes (32) ------------------------+
//! | r e c o r d   1 | \0 \0 \0 ... padding                            |  -> the same 32 bytes back
//! +-------------------------------------------------------------------+
//! ```
//!
//! A right echo is the records exactly as sent, padding included, so the
//! comparison is demo 01's, counted in records.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::duties::{interactive as stays_interactive, two_clients as beside_another, Talk, Until};
use super::echo::{expect_back, judge, judged, Words};
use super::wire::{seconds, seeded_pieces, show, GAP, MAX_CUT};
use super::{Case, Failure, Plan, Target, Verdict, GONE, WORDS};
use crate::tr;

pub const CASES: &[Case] = &[
    Case {
        name: "glued",
        about: "about-4-glued",
        skip: None,
        run: glued,
    },
    Case {
        name: "interactive",
        about: "about-4-interactive",
        skip: None,
        run: interactive,
    },
    Case {
        name: "cut-bytes",
        about: "about-4-cut-bytes",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "seeded-cuts",
        about: "about-4-seeded-cuts",
        skip: None,
        run: seeded_cuts,
    },
    Case {
        name: "half-record",
        about: "about-4-half-record",
        skip: Some(no_half),
        run: half_record,
    },
    Case {
        name: "empty-record",
        about: "about-4-empty-record",
        skip: None,
        run: empty_record,
    },
    Case {
        name: "full-record",
        about: "about-4-full-record",
        skip: None,
        run: full_record,
    },
    Case {
        name: "two-clients",
        about: "about-4-two-clients",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "hangup",
        about: "about-4-hangup",
        skip: None,
        run: hangup,
    },
];

// The hints of more than one case (their words: `i18n/*/check.ftl`).
const CHANGED: &str = "fixed-hint-changed";
const EARLY: &str = "fixed-hint-early";

/// How long the half-record case waits before the record's second half.
const HOLD: Duration = Duration::from_millis(500);

/// `text` as a record of `size` bytes: cut to fit, padded with zeros.
fn record(text: &str, size: usize) -> Vec<u8> {
    let mut r: Vec<u8> = text.bytes().take(size).collect();
    r.resize(size, 0);
    r
}

fn glued(t: &Target) -> Verdict {
    let size = t.plan.size;
    let want: Vec<u8> = (1..=20)
        .flat_map(|i| record(&format!("record {i}"), size))
        .collect();
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(WORDS, "fixed-glued-sent", size = size, total = want.len()),
            silent: "fixed-glued-silent",
            changed: "fixed-glued-changed",
            pass: tr!(WORDS, "fixed-glued-pass"),
            record: Some(size),
        },
    )
}

fn cut_bytes(t: &Target) -> Verdict {
    let size = t.plan.size;
    // A whole record first, echoed, so the server is known to be waiting in
    // its read loop when the first single byte arrives.
    let warm = record("warm-up", size);
    let link = t.link(GONE)?;
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&warm),
        Duration::ZERO,
        false,
        size + 1024,
        judge(warm.clone(), true),
    );
    let words = Words {
        sent: String::new(),
        silent: "fixed-warm-up-silent",
        changed: CHANGED,
        pass: String::new(),
        record: Some(size),
    };
    if reply.bytes != warm {
        let (got, hint) = judged(t, &warm, &sent, &reply, &words)
            .err()
            .unwrap_or_default();
        return Err(Failure::new(
            tr!(WORDS, "fixed-warm-up-sent", shortfall = sent.shortfall()),
            got,
            hint,
        ));
    }
    let want = record("cut into bytes", size);
    // At most MAX_CUT single bytes, then the rest of a long record at once.
    let mut pieces: Vec<Vec<u8>> = want.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    if want.len() > MAX_CUT {
        pieces.push(want[MAX_CUT..].to_vec());
    }
    let singles = want.len().min(MAX_CUT);
    expect_back(
        t,
        &link,
        &pieces,
        GAP,
        &want,
        Words {
            sent: tr!(
                WORDS,
                "fixed-cut-bytes-sent",
                writes = singles,
                gap = seconds(GAP)
            ),
            silent: "fixed-cut-bytes-silent",
            changed: "fixed-cut-bytes-changed",
            pass: tr!(WORDS, "fixed-cut-bytes-pass", writes = singles),
            record: Some(size),
        },
    )
}

fn empty_record(t: &Target) -> Verdict {
    let size = t.plan.size;
    let mut want = record("", size);
    want.extend(record("after the empty one", size));
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(WORDS, "fixed-empty-record-sent", size = size),
            silent: "fixed-empty-record-silent",
            changed: "fixed-empty-record-changed",
            pass: tr!(WORDS, "fixed-empty-record-pass"),
            record: Some(size),
        },
    )
}

fn full_record(t: &Target) -> Verdict {
    let size = t.plan.size;
    let want: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
    let link = t.link(GONE)?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(
                WORDS,
                "fixed-full-record-sent",
                shown = show(&want, 30),
                size = size
            ),
            silent: "fixed-full-record-silent",
            changed: "fixed-full-record-changed",
            pass: tr!(WORDS, "fixed-full-record-pass", size = size),
            record: Some(size),
        },
    )
}

fn hangup(t: &Target) -> Verdict {
    let size = t.plan.size;
    let half = record("half a record", size)[..size.div_ceil(2)].to_vec();
    let link = t.link(GONE)?;
    let sent = link.write(&half);
    // Hang up: the server reads part of a record, then 0.
    drop(link);
    let sent_text = tr!(
        WORDS,
        "fixed-hangup-half-sent",
        half = half.len(),
        size = size,
        shortfall = sent.shortfall()
    );
    let hint = "fixed-hangup-stopped";
    let want = record("are you still there?", size);
    let link = t.link(hint).map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = sent_text, next = f.sent),
        ..f
    })?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: tr!(WORDS, "fixed-hangup-sent", first = sent_text),
            silent: hint,
            changed: CHANGED,
            pass: tr!(WORDS, "fixed-hangup-pass"),
            record: Some(size),
        },
    )
}

/// The records of the seeded case: numbered, each with its own letters, so
/// a record that lost its first bytes is found further on, and nowhere else.
fn numbered_records(size: usize) -> Vec<u8> {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    // About 640 bytes at the default size; never fewer than 4 records.
    let count = (640 / size).clamp(4, 20);
    let text_len = (size * 3 / 4).max(1);
    (1..=count)
        .flat_map(|i| {
            let mut text = format!("{i:02} ").into_bytes();
            text.extend((0..).map(|j| LETTERS[(i * 7 + j) % 26]).take(text_len));
            text.truncate(text_len);
            let mut r = text;
            r.resize(size, 0);
            r
        })
        .collect()
}

fn seeded_cuts(t: &Target) -> Verdict {
    let size = t.plan.size;
    let want = numbered_records(size);
    // Pieces of up to one and a half records: most hold the end of one
    // record and the start of the next. At most about 60 of them.
    let max = (size + size / 2).max(2).max(want.len() / 40);
    let pieces = seeded_pieces(&want, max, t.plan.seed);
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
                "fixed-seeded-cuts-sent",
                records = want.len() / size,
                size = size,
                writes = pieces.len(),
                max = max,
                gap = seconds(GAP),
                seed = t.plan.seed
            ),
            silent: "fixed-seeded-cuts-silent",
            changed: "fixed-seeded-cuts-changed",
            pass: tr!(
                WORDS,
                "fixed-seeded-cuts-pass",
                records = want.len() / size,
                writes = pieces.len()
            ),
            record: Some(size),
        },
    )
}

/// The half-record case needs a record of two bytes at least.
fn no_half(plan: &Plan) -> Option<String> {
    (plan.size < 2).then(|| tr!(WORDS, "fixed-skip-no-half"))
}

fn half_record(t: &Target) -> Verdict {
    let size = t.plan.size;
    let link = t.link(GONE)?;
    // A whole record first, so the server is known to be in its read loop.
    let warm = record("warm-up", size);
    let (sent, reply) = link.exchange(
        std::slice::from_ref(&warm),
        Duration::ZERO,
        false,
        size + 1024,
        judge(warm.clone(), true),
    );
    if reply.bytes != warm {
        let words = Words {
            sent: String::new(),
            silent: "fixed-warm-up-silent",
            changed: CHANGED,
            pass: String::new(),
            record: Some(size),
        };
        let (got, hint) = judged(t, &warm, &sent, &reply, &words)
            .err()
            .unwrap_or_default();
        return Err(Failure::new(
            tr!(WORDS, "fixed-warm-up-sent", shortfall = sent.shortfall()),
            got,
            hint,
        ));
    }
    let want = record("in two halves", size);
    let cut = size / 2;
    let pieces = [want[..cut].to_vec(), want[cut..].to_vec()];
    let hold = HOLD.min(t.timeout());
    // The second half is written `hold` after the first, and not before:
    // whatever is read before then is an echo of half a record.
    let rest_at = Instant::now() + hold;
    let early = AtomicUsize::new(0);
    let mut whole = judge(want.clone(), false);
    let (sent, reply) = link.exchange(&pieces, hold, true, size + 1024, |got| {
        if Instant::now() < rest_at {
            early.store(got.len(), Ordering::Relaxed);
        }
        whole(got)
    });
    let sent_text = tr!(
        WORDS,
        "fixed-half-record-sent",
        cut = cut,
        rest = size - cut,
        hold = seconds(hold)
    );
    let early = early.load(Ordering::Relaxed);
    if early > 0 {
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            tr!(
                WORDS,
                "fixed-half-record-early",
                shown = show(&reply.bytes[..early], 30),
                early = early
            ),
            WORDS.text(EARLY, &[]),
        ));
    }
    let words = Words {
        sent: String::new(),
        silent: "fixed-half-record-silent",
        changed: CHANGED,
        pass: String::new(),
        record: Some(size),
    };
    judged(t, &want, &sent, &reply, &words).map_err(|(got, hint)| {
        Failure::new(format!("{sent_text}{}", sent.shortfall()), got, hint)
    })?;
    Ok(tr!(WORDS, "fixed-half-record-pass", hold = seconds(hold)))
}

/// The duties' view of a record echo.
fn talk(size: usize) -> Talk {
    let message = record("are you there?", size);
    Talk {
        until: Until::Bytes(size),
        shown: tr!(WORDS, "fixed-talk-shown", size = size),
        half: record("half a record", size)[..size / 2].to_vec(),
        message,
        unit: tr!(WORDS, "unit-record"),
    }
}

fn interactive(t: &Target) -> Verdict {
    stays_interactive(t, &talk(t.plan.size))
}

fn two_clients(t: &Target) -> Verdict {
    beside_another(t, &talk(t.plan.size))
}
