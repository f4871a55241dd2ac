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
use super::{Case, Failure, Plan, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "glued",
        about: "20 records in one write come back as 20 records",
        skip: None,
        run: glued,
    },
    Case {
        name: "interactive",
        about: "a record sent with the connection left open comes back before the client closes",
        skip: None,
        run: interactive,
    },
    Case {
        name: "cut-bytes",
        about: "a record sent one byte per write, 15 ms apart, comes back whole",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "seeded-cuts",
        about: "records cut at seeded random offsets, a piece often ending one record and starting the next, come back as sent",
        skip: None,
        run: seeded_cuts,
    },
    Case {
        name: "half-record",
        about: "half a record, then a pause: nothing comes back until the record is whole",
        skip: Some(no_half),
        run: half_record,
    },
    Case {
        name: "empty-record",
        about: "a record of padding only (an empty message), then a normal one",
        skip: None,
        run: empty_record,
    },
    Case {
        name: "full-record",
        about: "a record with no padding at all comes back whole",
        skip: None,
        run: full_record,
    },
    Case {
        name: "two-clients",
        about: "a second client is served while a first one sits connected, half-way through a record",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "hangup",
        about: "a client hangs up half-way through a record; the next client is served",
        skip: None,
        run: hangup,
    },
];

// The hints of more than one case, in one place.
const CHANGED: &str =
    "a record came back changed: does the server send back exactly the record it read?";
const EARLY: &str = "part of a record came back before the record was whole: does the server echo \
     each recv() as it comes? Collect --size bytes, then send the record back";

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
            sent: format!("20 records of {size} bytes in one write of {} bytes", want.len()),
            silent: "records glued in one write were not all answered: is only the first record of each recv() read?",
            changed: "records came back changed: is each recv() treated as one record?",
            pass: "20 records in one write came back as 20".into(),
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
        silent:
            "no echo of a whole record: does the server read --size bytes, then send them back?",
        changed: CHANGED,
        pass: String::new(),
        record: Some(size),
    };
    if reply.bytes != warm {
        let (got, hint) = judged(t, &warm, &sent, &reply, &words)
            .err()
            .unwrap_or_default();
        return Err(Failure::new(
            format!("the record \"warm-up\" in one write{}", sent.shortfall()),
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
            sent: format!(
                "\"cut into bytes\" in {singles} one-byte writes, {} apart, after an echoed record",
                seconds(GAP)
            ),
            silent: "no answer to a record cut into single bytes: is the record read with one recv(size)?",
            changed: "a record sent one byte per write came back changed: is each recv() treated as one record?",
            pass: format!("a record sent as {singles} single-byte writes came back whole"),
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
            sent: format!("{size} zero bytes, then \"after the empty one\", in one write"),
            silent: "an all-padding record got no answer: is an empty message taken for the end of the conversation?",
            changed: "an all-padding record came back changed: does the server send back the record it read, padding included?",
            pass: "an empty record and the next one came back".into(),
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
            sent: format!("{} ({size} bytes, no padding) in one write", show(&want, 30)),
            silent: "no answer to a record without padding: does the server wait for a zero byte to end a record?",
            changed: "a record without padding came back changed: does the server cut or pad a full record?",
            pass: format!("a record of {size} letters came back whole"),
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
    let sent_text = format!(
        "{} of a {size}-byte record, then a close{}",
        half.len(),
        sent.shortfall()
    );
    let hint = "the server stopped answering after a client hung up mid-record: does it catch the error per connection?";
    let want = record("are you still there?", size);
    let link = t.link(hint).map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    expect_back(
        t,
        &link,
        std::slice::from_ref(&want),
        Duration::ZERO,
        &want,
        Words {
            sent: format!("{sent_text}; then a record on a new connection"),
            silent: hint,
            changed: CHANGED,
            pass: "a client hung up mid-record; the next one was served".into(),
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
            sent: format!(
                "{} records of {size} bytes in {} writes of 1 to {max} bytes, {} apart, cut at offsets from --seed {}",
                want.len() / size,
                pieces.len(),
                seconds(GAP),
                t.plan.seed
            ),
            silent: "records cut at random offsets were not all answered: does the server wait for more than one record's bytes?",
            changed: "records cut at random offsets came back changed: is each recv() treated as one record?",
            pass: format!(
                "{} records in {} seeded pieces came back as sent",
                want.len() / size,
                pieces.len()
            ),
            record: Some(size),
        },
    )
}

/// The half-record case needs a record of two bytes at least.
fn no_half(plan: &Plan) -> Option<String> {
    (plan.size < 2).then(|| "a record of 1 byte has no half".into())
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
            silent:
                "no echo of a whole record: does the server read --size bytes, then send them back?",
            changed: CHANGED,
            pass: String::new(),
            record: Some(size),
        };
        let (got, hint) = judged(t, &warm, &sent, &reply, &words)
            .err()
            .unwrap_or_default();
        return Err(Failure::new(
            format!("the record \"warm-up\" in one write{}", sent.shortfall()),
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
    let sent_text = format!(
        "after an echoed record, {cut} bytes of \"in two halves\", then the other {} {} later",
        size - cut,
        seconds(hold)
    );
    let early = early.load(Ordering::Relaxed);
    if early > 0 {
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            format!(
                "{} ({early} bytes) came back before the other half was sent",
                show(&reply.bytes[..early], 30)
            ),
            EARLY,
        ));
    }
    let words = Words {
        sent: String::new(),
        silent: "no echo of a record sent in two halves: is the record read with one recv(size)?",
        changed: CHANGED,
        pass: String::new(),
        record: Some(size),
    };
    judged(t, &want, &sent, &reply, &words).map_err(|(got, hint)| {
        Failure::new(format!("{sent_text}{}", sent.shortfall()), got, hint)
    })?;
    Ok(format!(
        "nothing came back for {} while the record was half there; then all of it",
        seconds(hold)
    ))
}

/// The duties' view of a record echo.
fn talk(size: usize) -> Talk {
    let message = record("are you there?", size);
    Talk {
        until: Until::Bytes(size),
        shown: format!("a {size}-byte record \"are you there?\""),
        half: record("half a record", size)[..size / 2].to_vec(),
        message,
        unit: "record",
    }
}

fn interactive(t: &Target) -> Verdict {
    stays_interactive(t, &talk(t.plan.size))
}

fn two_clients(t: &Target) -> Verdict {
    beside_another(t, &talk(t.plan.size))
}
