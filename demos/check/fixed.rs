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

use std::time::Duration;

use super::echo::{expect_back, judge, judged, Words};
use super::wire::{seconds, show, GAP, MAX_CUT};
use super::{Case, Failure, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "glued",
        about: "20 records in one write come back as 20 records",
        skip: None,
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "a record sent one byte per write, 15 ms apart, comes back whole",
        skip: None,
        run: cut_bytes,
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
        name: "hangup",
        about: "a client hangs up half-way through a record; the next client is served",
        skip: None,
        run: hangup,
    },
];

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
        changed:
            "a record came back changed: does the server send back exactly the record it read?",
        pass: String::new(),
        record: Some(size),
    };
    if reply.bytes != warm {
        let (got, hint) = judged(t, &warm, &reply, &words).err().unwrap_or_default();
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
            changed: hint,
            pass: "a client hung up mid-record; the next one was served".into(),
            record: Some(size),
        },
    )
}
