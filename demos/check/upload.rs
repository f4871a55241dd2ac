//! Cases for demo 06's upload, a receiver that saves one file per
//! connection and answers with a verdict, as `sticky serve 6 --upload --out
//! DIR` does:
//!
//! ```text
//! sender -> receiver
//! +-- u32: header length --+-- {"filename": "...", "filesize": N, "sha256": "..."} --+-- N bytes --+
//! | '!I' ('<I' with        | UTF-8 JSON, its length counted in bytes                  | the file    |
//! |  --little-endian)      | ("sha256" optional: 64 hex digits of the body)           |             |
//! +------------------------+----------------------------------------------------------+-------------+
//! then the sender half-closes, and reads:
//!
//! receiver -> sender
//! +-- u32: verdict length --+-- {"verdict": "saved", "filename": "notes.txt"} --+
//! | same byte order         | or "exists", "digest_mismatch", "bad_header", ...  |
//! +-------------------------+----------------------------------------------------+
//! ```
//!
//! The verdict is what lets a case be graded from another machine: a wrong
//! digest must be answered `digest_mismatch`, an existing name `exists`, a
//! legal upload `saved` under the bare name the file was kept as. With
//! `--dir` (the folder the receiver writes into, on this machine) every case
//! also looks at the disk: the file holds exactly the body, a refused file
//! left nothing, and no file appeared outside the folder. A case never needs
//! `--dir` to run; it only checks more with it.
//!
//! The header is built here, not by the library, so what the grader sends
//! stays the lab's format (the digest in the JSON header) whatever the demo
//! itself comes to send. Every name the grader sends carries this run's
//! token, so a run never meets a file from an earlier one; the files it
//! finds it removes again, inside `--dir` only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;
use sha2::{Digest, Sha256};
use sticky::framing::Endian;

use super::wire::{ending, seconds, show, Heard, Link, Reply, Sent, GAP, MAX_CUT};
use super::{Case, Failure, Target, Verdict, GONE, WORDS};
use crate::tr;

pub const CASES: &[Case] = &[
    Case {
        name: "upload",
        about: "about-6-upload",
        skip: None,
        run: upload,
    },
    Case {
        name: "glued",
        about: "about-6-glued",
        skip: None,
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "about-6-cut-bytes",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "empty-file",
        about: "about-6-empty-file",
        skip: None,
        run: empty_file,
    },
    Case {
        name: "utf8-name",
        about: "about-6-utf8-name",
        skip: None,
        run: utf8_name,
    },
    Case {
        name: "bad-digest",
        about: "about-6-bad-digest",
        skip: None,
        run: bad_digest,
    },
    Case {
        name: "trailing",
        about: "about-6-trailing",
        skip: None,
        run: trailing,
    },
    Case {
        name: "exists",
        about: "about-6-exists",
        skip: None,
        run: exists,
    },
    Case {
        name: "escape-name",
        about: "about-6-escape-name",
        skip: None,
        run: escape_dotdot,
    },
    Case {
        name: "dots-name",
        about: "about-6-dots-name",
        skip: None,
        run: escape_dots,
    },
    Case {
        name: "absolute-name",
        about: "about-6-absolute-name",
        skip: None,
        run: escape_absolute,
    },
    Case {
        name: "backslash-name",
        about: "about-6-backslash-name",
        skip: None,
        run: escape_backslash,
    },
    Case {
        name: "drive-name",
        about: "about-6-drive-name",
        skip: None,
        run: escape_drive,
    },
    Case {
        name: "nul-name",
        about: "about-6-nul-name",
        skip: None,
        run: nul_name,
    },
    Case {
        name: "two-senders",
        about: "about-6-two-senders",
        skip: None,
        run: two_senders,
    },
    Case {
        name: "hangup",
        about: "about-6-hangup",
        skip: None,
        run: hangup,
    },
    Case {
        name: "short-body",
        about: "about-6-short-body",
        skip: None,
        run: short_body,
    },
];

/// The most bytes a verdict may hold, the same bound as the demo's sender.
const MAX_VERDICT: usize = 4096;

// ---- what goes out ----

/// A file name unique to this run.
fn name(t: &Target, what: &str) -> String {
    format!("check-{}-{what}", t.token)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The length and the JSON header; `sha` is the digest to announce.
fn header_bytes(endian: Endian, filename: &str, filesize: usize, sha: Option<String>) -> Vec<u8> {
    let mut header = serde_json::Map::new();
    header.insert("filename".into(), Value::from(filename));
    header.insert("filesize".into(), Value::from(filesize));
    if let Some(sha) = sha {
        header.insert("sha256".into(), Value::from(sha));
    }
    let json = Value::Object(header).to_string().into_bytes();
    // The length counts bytes after UTF-8 encoding: "笔记" is 2 characters, 6 bytes.
    let mut wire = endian.encode(json.len() as u32).to_vec();
    wire.extend_from_slice(&json);
    wire
}

/// The length, the JSON header with the body's sha256, and the body.
fn upload_bytes(t: &Target, filename: &str, body: &[u8]) -> Vec<u8> {
    let mut wire = header_bytes(t.plan.endian, filename, body.len(), Some(sha256_hex(body)));
    wire.extend_from_slice(body);
    wire
}

/// A body of `len` bytes with a pattern that shows any shift.
fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

// ---- what comes back ----

/// The receiver's answer, read from what came back.
#[derive(Debug, PartialEq)]
enum Answer {
    /// A verdict frame: its "verdict", "filename" and "detail".
    Said {
        verdict: String,
        filename: Option<String>,
        detail: String,
    },
    /// Nothing at all came back.
    Nothing,
    /// Bytes that are not a verdict frame, and why.
    Garbled(String),
}

impl Answer {
    fn saved(&self) -> bool {
        matches!(self, Answer::Said { verdict, .. } if verdict == "saved")
    }
}

/// The length a header announces, and a reading in the other byte order
/// when that one is the plausible one.
fn lengths(endian: Endian, head: [u8; 4]) -> (usize, String) {
    let ours = endian.decode(head) as usize;
    let other = match endian {
        Endian::Big => Endian::Little,
        Endian::Little => Endian::Big,
    };
    let theirs = other.decode(head) as usize;
    let note = tr!(
        WORDS,
        "upl-lengths",
        ours = ours,
        fmt = endian.struct_format(),
        theirs = theirs,
        other_fmt = other.struct_format()
    );
    (ours, note)
}

/// Reads a verdict frame from `bytes`: 4 bytes of length, then JSON.
fn answer(endian: Endian, bytes: &[u8]) -> Answer {
    let Some(head) = bytes.first_chunk::<4>() else {
        return if bytes.is_empty() {
            Answer::Nothing
        } else {
            Answer::Garbled(tr!(WORDS, "upl-garbled-short", n = bytes.len()))
        };
    };
    let (len, both) = lengths(endian, *head);
    if len > MAX_VERDICT {
        return Answer::Garbled(tr!(
            WORDS,
            "upl-garbled-too-long",
            both = both,
            max = MAX_VERDICT
        ));
    }
    let Some(json) = bytes.get(4..4 + len) else {
        return Answer::Garbled(tr!(
            WORDS,
            "upl-garbled-then-only",
            len = len,
            n = bytes.len() - 4
        ));
    };
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(json) else {
        return Answer::Garbled(tr!(WORDS, "upl-garbled-not-json", len = len));
    };
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    match text("verdict") {
        Some(verdict) => Answer::Said {
            verdict,
            filename: text("filename"),
            detail: text("detail").unwrap_or_default(),
        },
        None => Answer::Garbled(tr!(WORDS, "upl-garbled-no-verdict")),
    }
}

/// A judge that stops reading once a whole verdict frame is in.
fn verdict_judge(endian: Endian) -> impl FnMut(&[u8]) -> Heard + Send {
    move |got| match got.first_chunk::<4>() {
        Some(head) => {
            let len = endian.decode(*head) as usize;
            if len > MAX_VERDICT {
                Heard::Wrong
            } else if got.len() >= 4 + len {
                Heard::Enough
            } else {
                Heard::More
            }
        }
        None => Heard::More,
    }
}

/// Sends `pieces` (`gap` apart), shuts down our side, and reads the verdict.
fn send(t: &Target, link: &Link, pieces: &[Vec<u8>], gap: Duration) -> (Sent, Reply, Answer) {
    let (sent, reply) = link.exchange(
        pieces,
        gap,
        true,
        MAX_VERDICT + 4,
        verdict_judge(t.plan.endian),
    );
    let answer = answer(t.plan.endian, &reply.bytes);
    (sent, reply, answer)
}

/// What came back, for a report card's "got".
fn got(t: &Target, reply: &Reply, answer: &Answer) -> String {
    let end = ending(&reply.end, t.timeout());
    match answer {
        Answer::Said {
            verdict,
            filename,
            detail,
        } => {
            let mut text = tr!(WORDS, "upl-got-verdict", verdict = format!("{verdict:?}"));
            if let Some(f) = filename {
                text += &tr!(WORDS, "upl-got-for", filename = show(f.as_bytes(), 50));
            }
            if !detail.is_empty() {
                text += &tr!(
                    WORDS,
                    "upl-got-detail",
                    detail = show(detail.as_bytes(), 60)
                );
            }
            text
        }
        Answer::Nothing => match reply.end {
            super::wire::End::TimedOut => {
                tr!(
                    WORDS,
                    "upl-got-no-verdict-open",
                    time = seconds(t.timeout())
                )
            }
            // "no verdict; then the server closed": the ending's comma
            // reads as a semicolon here (Chinese has no such comma).
            _ => tr!(
                WORDS,
                "upl-got-no-verdict",
                end = end.replacen(", then", ";", 1)
            ),
        },
        Answer::Garbled(why) => tr!(
            WORDS,
            "upl-got-garbled",
            shown = show(&reply.bytes, 40),
            why = why,
            end = end
        ),
    }
}

/// The hint when a receiver sends no verdict at all.
const NO_VERDICT: &str = "upl-hint-no-verdict";

/// The hint for bytes that are not a verdict frame.
const GARBLED: &str = "upl-hint-garbled";

/// The hint for an answer that is not a verdict frame: named by byte
/// order when the length makes sense swapped.
fn garbled_hint(t: &Target, reply: &Reply) -> String {
    let fmt = t.plan.endian.struct_format();
    let other = match t.plan.endian {
        Endian::Big => Endian::Little,
        Endian::Little => Endian::Big,
    };
    match reply.bytes.first_chunk::<4>() {
        Some(head)
            if t.plan.endian.decode(*head) as usize > MAX_VERDICT
                && (1..=MAX_VERDICT).contains(&(other.decode(*head) as usize)) =>
        {
            tr!(
                WORDS,
                "upl-hint-verdict-order",
                other_fmt = other.struct_format(),
                fmt = fmt
            )
        }
        _ => WORDS.text(GARBLED, &[]),
    }
}

/// The file under `filename` in `--dir`, if the plan has one; removed.
fn take_file(t: &Target, filename: &str) -> Option<std::io::Result<Vec<u8>>> {
    let dir = t.plan.dir.as_deref()?;
    let path = dir.join(filename);
    let on_disk = std::fs::read(&path);
    let _ = std::fs::remove_file(&path);
    Some(on_disk)
}

/// Files whose names hold this run's token, in `dir`.
fn ours_in(t: &Target, dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&t.token))
        .collect();
    names.sort();
    names
}

/// Removes every file of this run left in `--dir` (hidden partial files
/// included), so one case's leftovers never decide the next.
fn sweep(t: &Target) -> Vec<String> {
    let Some(dir) = t.plan.dir.as_deref() else {
        return Vec::new();
    };
    let found = ours_in(t, dir);
    for f in &found {
        let _ = std::fs::remove_file(dir.join(f));
    }
    found
}

/// How the body on disk differs from `body`, if it does.
fn differs(on_disk: &[u8], body: &[u8]) -> Option<String> {
    if on_disk == body {
        return None;
    }
    Some(match on_disk.iter().zip(body).position(|(a, b)| a != b) {
        Some(at) => tr!(WORDS, "upl-differs-at", len = on_disk.len(), at = at),
        None => tr!(
            WORDS,
            "upl-differs-short",
            len = on_disk.len(),
            of = body.len()
        ),
    })
}

/// A legal upload: the answer must be "saved" for `filename`, and with
/// `--dir` the file must hold exactly `body`. `hints` are the case's own:
/// for no answer at all, and for a refusal.
fn expect_saved(
    t: &Target,
    sent_text: &str,
    (sent, reply, answer): (Sent, Reply, Answer),
    (filename, body): (&str, &[u8]),
    (silent, refused): (&str, &str),
) -> Result<(), Failure> {
    let sent_text = format!("{sent_text}{}", sent.shortfall());
    let fail = |hint: &str| {
        let extra = sweep(t);
        let mut got = got(t, &reply, &answer);
        if let Some(other) = extra.first() {
            got += &tr!(WORDS, "upl-got-in-dir", other = format!("{other:?}"));
        }
        Failure::new(sent_text.clone(), got, WORDS.text_or_literal(hint))
    };
    match &answer {
        Answer::Said {
            verdict,
            filename: said,
            ..
        } if verdict == "saved" => {
            if said.as_deref() != Some(filename) {
                let hint = match said {
                    None => tr!(WORDS, "upl-hint-no-filename"),
                    Some(_) => tr!(
                        WORDS,
                        "upl-hint-other-name",
                        filename = show(filename.as_bytes(), 40)
                    ),
                };
                return Err(fail(&hint));
            }
        }
        Answer::Said { .. } => return Err(fail(refused)),
        Answer::Nothing => return Err(fail(silent)),
        Answer::Garbled(_) => return Err(fail(&garbled_hint(t, &reply))),
    }
    match take_file(t, filename) {
        // Without --dir, the verdict is all there is to judge.
        None => Ok(()),
        Some(Ok(on_disk)) => match differs(&on_disk, body) {
            None => {
                sweep(t);
                Ok(())
            }
            Some(how) => Err(Failure::new(
                sent_text,
                tr!(
                    WORDS,
                    "upl-got-saved-but",
                    filename = show(filename.as_bytes(), 40),
                    how = how
                ),
                if on_disk.len() > body.len() && on_disk.starts_with(body) {
                    tr!(WORDS, "upl-hint-read-past")
                } else {
                    tr!(WORDS, "upl-hint-not-as-sent")
                },
            )),
        },
        Some(Err(_)) => {
            let others = sweep(t);
            Err(Failure::new(
                sent_text,
                match others.first() {
                    None => tr!(
                        WORDS,
                        "upl-got-saved-no-file",
                        filename = format!("{filename:?}")
                    ),
                    Some(o) => tr!(
                        WORDS,
                        "upl-got-saved-no-file-only",
                        filename = format!("{filename:?}"),
                        other = format!("{o:?}")
                    ),
                },
                tr!(WORDS, "upl-hint-folder-disagrees"),
            ))
        }
    }
}

const NOT_ANSWERED: &str = "upl-hint-not-answered";

fn upload(t: &Target) -> Verdict {
    let filename = name(t, "upload.bin");
    let data = body(100 * 1024);
    let wire = upload_bytes(t, &filename, &data);
    let header_len = wire.len() - data.len();
    // As `connect 6 --upload` sends: the header in one write, the body in 8 KiB ones.
    let mut pieces = vec![wire[..header_len].to_vec()];
    pieces.extend(data.chunks(8192).map(<[u8]>::to_vec));
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &pieces, Duration::ZERO);
    // The first case says whether verdicts come at all: if not, every other
    // case would fail for that one reason, so it is said once.
    let silent_close = matches!(exchange.2, Answer::Nothing) && exchange.1.end.closed();
    expect_saved(
        t,
        &tr!(WORDS, "upl-upload-sent", header = header_len),
        exchange,
        (&filename, &data),
        (NO_VERDICT, "upl-upload-refused"),
    )
    .map_err(|f| {
        if silent_close {
            f.skip_rest(tr!(WORDS, "upl-skip-no-verdict"))
        } else {
            f
        }
    })?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-upload")))
}

/// The PASS line's ending: what was checked, with or without the folder.
fn saved_words(t: &Target, what: &str) -> String {
    match t.plan.dir {
        Some(_) => tr!(WORDS, "upl-saved-checked", what = what),
        None => tr!(WORDS, "upl-saved", what = what),
    }
}

fn glued(t: &Target) -> Verdict {
    let filename = name(t, "glued.txt");
    let data = b"this body shares a write with its header\n".to_vec();
    let wire = upload_bytes(t, &filename, &data);
    let link = t.link(GONE)?;
    let exchange = send(t, &link, std::slice::from_ref(&wire), Duration::ZERO);
    expect_saved(
        t,
        &tr!(
            WORDS,
            "upl-glued-sent",
            size = data.len(),
            total = wire.len()
        ),
        exchange,
        (&filename, &data),
        ("upl-glued-silent", "upl-glued-refused"),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-glued")))
}

fn cut_bytes(t: &Target) -> Verdict {
    let filename = name(t, "cut.txt");
    let data = b"cut into bytes\n".to_vec();
    let wire = upload_bytes(t, &filename, &data);
    let mut pieces: Vec<Vec<u8>> = wire.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    if wire.len() > MAX_CUT {
        pieces.push(wire[MAX_CUT..].to_vec());
    }
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &pieces, GAP);
    let hint = "upl-cut-bytes-hint";
    expect_saved(
        t,
        &tr!(
            WORDS,
            "upl-cut-bytes-sent",
            size = wire.len(),
            writes = pieces.len(),
            gap = seconds(GAP)
        ),
        exchange,
        (&filename, &data),
        (hint, hint),
    )?;
    Ok(saved_words(
        t,
        &tr!(WORDS, "upl-what-cut-bytes", writes = pieces.len()),
    ))
}

fn empty_file(t: &Target) -> Verdict {
    let filename = name(t, "empty.txt");
    let wire = upload_bytes(t, &filename, &[]);
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &[wire], Duration::ZERO);
    let silent = match exchange.1.end {
        super::wire::End::TimedOut => "upl-empty-timed-out",
        _ => "upl-empty-silent",
    };
    expect_saved(
        t,
        &tr!(WORDS, "upl-empty-sent"),
        exchange,
        (&filename, &[]),
        (silent, "upl-empty-refused"),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-empty")))
}

const UTF8_CUT: &str = "upl-hint-utf8-cut";

fn utf8_name(t: &Target) -> Verdict {
    let filename = name(t, "笔记-ünïcode.txt");
    let data = "拾遗 — UTF-8 in the body too\n".as_bytes().to_vec();
    let wire = upload_bytes(t, &filename, &data);
    // Cut after the first byte of each of the name's two Chinese characters,
    // so each recv() of the header ends inside one, and seeded elsewhere.
    let at = wire
        .windows(3)
        .position(|w| w == "笔".as_bytes())
        .unwrap_or(4);
    let cuts = [at + 1, at + 4, at + 5];
    let mut pieces = Vec::new();
    let mut from = 0;
    for &cut in &cuts {
        pieces.push(wire[from..cut].to_vec());
        from = cut;
    }
    pieces.extend(super::wire::seeded_pieces(
        &wire[from..],
        wire.len(),
        t.plan.seed,
    ));
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &pieces, GAP);
    expect_saved(
        t,
        &tr!(
            WORDS,
            "upl-utf8-sent",
            filename = show(filename.as_bytes(), 40),
            writes = pieces.len(),
            gap = seconds(GAP)
        ),
        exchange,
        (&filename, &data),
        (UTF8_CUT, UTF8_CUT),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-utf8")))
}

/// An upload the receiver must refuse with `want`: anything but that
/// verdict fails, and with `--dir` no file may be left under `filename`.
fn expect_refused(
    t: &Target,
    sent_text: &str,
    (sent, reply, answer): (Sent, Reply, Answer),
    filename: &str,
    want: &str,
    hints: (&str, &str),
) -> Result<String, Failure> {
    let (saved_hint, silent) = hints;
    let sent_text = format!("{sent_text}{}", sent.shortfall());
    let left = take_file(t, filename).and_then(Result::ok);
    sweep(t);
    let hint = match &answer {
        Answer::Said { verdict, .. } if verdict == want => None,
        Answer::Said { verdict, .. } if verdict == "saved" => {
            Some(WORDS.text_or_literal(saved_hint))
        }
        Answer::Said { .. } => Some(tr!(
            WORDS,
            "upl-hint-other-verdict",
            want = format!("{want:?}")
        )),
        Answer::Nothing => Some(WORDS.text_or_literal(silent)),
        Answer::Garbled(_) => Some(garbled_hint(t, &reply)),
    };
    if let Some(hint) = hint {
        return Err(Failure::new(sent_text, got(t, &reply, &answer), hint));
    }
    if let Some(bytes) = left {
        return Err(Failure::new(
            sent_text,
            tr!(
                WORDS,
                "upl-got-refused-kept",
                want = format!("{want:?}"),
                filename = format!("{filename:?}"),
                len = bytes.len()
            ),
            tr!(WORDS, "upl-hint-refused-kept"),
        ));
    }
    let want = format!("{want:?}");
    Ok(if t.plan.dir.is_some() {
        tr!(WORDS, "upl-answered-nothing-kept", want = want)
    } else {
        tr!(WORDS, "upl-answered", want = want)
    })
}

fn bad_digest(t: &Target) -> Verdict {
    let filename = name(t, "bad-digest.bin");
    let data = body(5000);
    let mut wire = header_bytes(
        t.plan.endian,
        &filename,
        data.len(),
        Some(sha256_hex(b"some other bytes")),
    );
    wire.extend_from_slice(&data);
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &[wire], Duration::ZERO);
    let pass = expect_refused(
        t,
        &tr!(WORDS, "upl-bad-digest-sent"),
        exchange,
        &filename,
        "digest_mismatch",
        ("upl-bad-digest-saved", "upl-bad-digest-silent"),
    )?;
    Ok(tr!(WORDS, "upl-bad-digest-pass", pass = pass))
}

fn trailing(t: &Target) -> Verdict {
    let filename = name(t, "trailing.bin");
    let data = body(3000);
    let mut wire = upload_bytes(t, &filename, &data);
    // What follows is the start of a second upload, as a sender that pipelines
    // would send it: a receiver that reads recv(8192) takes it into the file.
    let next = upload_bytes(t, &name(t, "next.bin"), &body(100));
    wire.extend_from_slice(&next[..next.len() - 50]);
    let link = t.link(GONE)?;
    let exchange = send(t, &link, std::slice::from_ref(&wire), Duration::ZERO);
    let silent = match exchange.1.end {
        super::wire::End::TimedOut => "upl-trailing-timed-out",
        _ => "upl-trailing-silent",
    };
    expect_saved(
        t,
        &tr!(WORDS, "upl-trailing-sent", n = next.len() - 50),
        exchange,
        (&filename, &data),
        (silent, "upl-trailing-refused"),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-trailing")))
}

fn exists(t: &Target) -> Verdict {
    let filename = name(t, "exists.txt");
    let first = b"the first sender's file\n".to_vec();
    let second = b"the second sender's file, which must not replace it\n".to_vec();
    let link = t.link(GONE)?;
    let exchange = send(
        t,
        &link,
        &[upload_bytes(t, &filename, &first)],
        Duration::ZERO,
    );
    // The first one must be saved; the folder is looked at after the second.
    if !exchange.2.saved() {
        sweep(t);
        return Err(Failure::new(
            tr!(
                WORDS,
                "upl-exists-first-sent",
                shortfall = exchange.0.shortfall()
            ),
            got(t, &exchange.1, &exchange.2),
            WORDS.text(NOT_ANSWERED, &[]),
        ));
    }
    let link = t.link(GONE)?;
    let (sent, reply, answer) = send(
        t,
        &link,
        &[upload_bytes(t, &filename, &second)],
        Duration::ZERO,
    );
    let sent_text = tr!(WORDS, "upl-exists-sent", shortfall = sent.shortfall());
    let kept = take_file(t, &filename);
    sweep(t);
    let hint = match &answer {
        Answer::Said { verdict, .. } if verdict == "exists" => None,
        Answer::Said { verdict, .. } if verdict == "saved" => {
            Some(tr!(WORDS, "upl-exists-replaced"))
        }
        Answer::Said { .. } => Some(tr!(WORDS, "upl-exists-other-verdict")),
        Answer::Nothing => Some(tr!(WORDS, "upl-exists-silent")),
        Answer::Garbled(_) => Some(garbled_hint(t, &reply)),
    };
    if let Some(hint) = hint {
        return Err(Failure::new(sent_text, got(t, &reply, &answer), hint));
    }
    match kept {
        Some(Ok(bytes)) if bytes != first => Err(Failure::new(
            sent_text,
            tr!(
                WORDS,
                "upl-exists-changed-got",
                filename = format!("{filename:?}"),
                how = differs(&bytes, &first).unwrap_or_default()
            ),
            tr!(WORDS, "upl-exists-changed"),
        )),
        Some(Err(_)) => Err(Failure::new(
            sent_text,
            tr!(
                WORDS,
                "upl-exists-gone-got",
                filename = format!("{filename:?}")
            ),
            tr!(WORDS, "upl-exists-gone"),
        )),
        _ if t.plan.dir.is_some() => Ok(tr!(WORDS, "upl-exists-pass-kept")),
        _ => Ok(tr!(WORDS, "upl-exists-pass")),
    }
}

/// Whether a name a receiver kept is bare: no folder, no drive, no control
/// characters, not `.` or `..`.
fn bare(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !name.chars().any(char::is_control)
}

/// A name that tries to leave the folder: refused (any verdict but
/// "saved"), or saved under a bare name inside `--dir`, and nothing
/// outside it. `outside` are the places a wrong receiver writes to.
fn escape(t: &Target, sent_name: &str, outside: &[PathBuf], hint: &str) -> Verdict {
    let hint = &WORDS.text_or_literal(hint);
    let data = b"this file must stay inside the receiver's folder\n".to_vec();
    let wire = upload_bytes(t, sent_name, &data);
    let link = t.link(GONE)?;
    let (sent, reply, answer) = send(t, &link, &[wire], Duration::ZERO);
    let sent_text = tr!(
        WORDS,
        "upl-escape-sent",
        filename = show(sent_name.as_bytes(), 60),
        shortfall = sent.shortfall()
    );
    // A file outside the folder is the worst news: judged first, and left
    // where it is (the grader removes files inside --dir only).
    if t.plan.dir.is_some() {
        if let Some(out) = outside.iter().find(|o| o.exists()) {
            sweep(t);
            return Err(Failure::new(
                sent_text,
                tr!(WORDS, "upl-escape-outside", path = out.display()),
                hint,
            ));
        }
    }
    match &answer {
        Answer::Said {
            verdict,
            filename: Some(kept),
            ..
        } if verdict == "saved" => {
            if !bare(kept) {
                sweep(t);
                return Err(Failure::new(sent_text, got(t, &reply, &answer), hint));
            }
            let on_disk = take_file(t, kept);
            sweep(t);
            if let Some(Err(_)) = on_disk {
                return Err(Failure::new(
                    sent_text,
                    tr!(WORDS, "upl-escape-no-such-file", kept = format!("{kept:?}")),
                    hint,
                ));
            }
            Ok(tr!(
                WORDS,
                "upl-escape-kept-bare",
                kept = show(kept.as_bytes(), 50)
            ))
        }
        Answer::Said { verdict, .. } if verdict == "saved" => {
            sweep(t);
            Err(Failure::new(
                sent_text,
                got(t, &reply, &answer),
                tr!(WORDS, "upl-hint-no-filename"),
            ))
        }
        Answer::Said { verdict, .. } => {
            sweep(t);
            Ok(tr!(
                WORDS,
                "upl-escape-refused",
                verdict = format!("{verdict:?}")
            ))
        }
        Answer::Nothing => {
            sweep(t);
            Err(Failure::new(
                sent_text,
                got(t, &reply, &answer),
                tr!(WORDS, "upl-escape-silent", tail = hint_tail(hint)),
            ))
        }
        Answer::Garbled(_) => {
            sweep(t);
            Err(Failure::new(
                sent_text,
                got(t, &reply, &answer),
                garbled_hint(t, &reply),
            ))
        }
    }
}

/// The advice part of a hint, after its colon (an English or a Chinese one).
fn hint_tail(hint: &str) -> &str {
    hint.split_once(": ")
        .or_else(|| hint.split_once('：'))
        .map_or(hint, |(_, tail)| tail)
}

/// The folder that holds `--dir` (by its real path: "." has no ".."), where
/// a name with ".." in it lands.
fn above(t: &Target) -> Option<PathBuf> {
    let dir = t.plan.dir.as_deref()?.canonicalize().ok()?;
    dir.parent().map(Path::to_path_buf)
}

const ESCAPE: &str = "upl-hint-escape";

fn escape_dotdot(t: &Target) -> Verdict {
    let bare_name = name(t, "escape.txt");
    let outside: Vec<PathBuf> = above(t).map(|a| a.join(&bare_name)).into_iter().collect();
    escape(t, &format!("../{bare_name}"), &outside, ESCAPE)
}

fn escape_dots(t: &Target) -> Verdict {
    let bare_name = name(t, "dots.txt");
    let outside: Vec<PathBuf> = above(t).map(|a| a.join(&bare_name)).into_iter().collect();
    escape(t, &format!("....//{bare_name}"), &outside, "upl-hint-dots")
}

fn escape_absolute(t: &Target) -> Verdict {
    let bare_name = name(t, "absolute.txt");
    // With --dir, an absolute path beside it; without, one any machine has.
    let folder = above(t).unwrap_or_else(|| PathBuf::from("/tmp"));
    let sent = folder.join(&bare_name);
    escape(
        t,
        &sent.to_string_lossy(),
        std::slice::from_ref(&sent),
        "upl-hint-absolute",
    )
}

fn escape_backslash(t: &Target) -> Verdict {
    let bare_name = name(t, "backslash.txt");
    escape(t, &format!("..\\{bare_name}"), &[], "upl-hint-backslash")
}

fn escape_drive(t: &Target) -> Verdict {
    let bare_name = name(t, "drive.txt");
    escape(t, &format!("C:{bare_name}"), &[], "upl-hint-drive")
}

fn nul_name(t: &Target) -> Verdict {
    let sent = format!("{}\0.txt", name(t, "nul"));
    escape(t, &sent, &[], "upl-hint-nul")
}

fn two_senders(t: &Target) -> Verdict {
    let idle = upload_bytes(t, &name(t, "idle.txt"), b"the first sender's body");
    let first = t.link(GONE)?;
    // The length and a few bytes of the JSON, then nothing: a receiver that
    // serves one sender at a time is stuck reading this header.
    let sent_idle = first.write(&idle[..10]);
    let filename = name(t, "second.txt");
    let data = b"the second sender's file\n".to_vec();
    let second = t.link(GONE)?;
    let exchange = send(
        t,
        &second,
        &[upload_bytes(t, &filename, &data)],
        Duration::ZERO,
    );
    drop(first);
    expect_saved(
        t,
        &tr!(
            WORDS,
            "upl-two-senders-sent",
            shortfall = sent_idle.shortfall()
        ),
        exchange,
        (&filename, &data),
        ("upl-two-senders-silent", "upl-two-senders-refused"),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-two-senders")))
}

fn hangup(t: &Target) -> Verdict {
    let filename = name(t, "after-hangup.txt");
    let first = upload_bytes(t, &name(t, "never.txt"), b"never sent");
    // The 4-byte length and half of the JSON it announces.
    let half = &first[..4 + (first.len() - 4 - 10) / 2];
    let link = t.link(GONE)?;
    let sent = link.write(half);
    drop(link);
    let sent_text = tr!(
        WORDS,
        "upl-hangup-sent",
        half = half.len(),
        header = first.len() - 10,
        shortfall = sent.shortfall()
    );
    let hint = "upl-hangup-hint";
    let data = b"sent after a hang-up\n".to_vec();
    let link = t.link(hint).map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = &sent_text, next = &f.sent),
        ..f
    })?;
    let exchange = send(
        t,
        &link,
        &[upload_bytes(t, &filename, &data)],
        Duration::ZERO,
    );
    expect_saved(
        t,
        &tr!(WORDS, "upl-hangup-then", first = &sent_text),
        exchange,
        (&filename, &data),
        (hint, hint),
    )?;
    Ok(saved_words(t, &tr!(WORDS, "upl-what-hangup")))
}

fn short_body(t: &Target) -> Verdict {
    let filename = name(t, "short.bin");
    let data = body(600);
    let mut wire = header_bytes(
        t.plan.endian,
        &filename,
        1000,
        Some(sha256_hex(&body(1000))),
    );
    wire.extend_from_slice(&data);
    let link = t.link(GONE)?;
    let (sent, reply, answer) = send(t, &link, &[wire], Duration::ZERO);
    let sent_text = tr!(WORDS, "upl-short-sent");
    let left = take_file(t, &filename).and_then(Result::ok);
    let partial = sweep(t);
    let mut got_parts = Vec::new();
    let mut hint = None;
    if answer.saved() {
        got_parts.push(got(t, &reply, &answer));
        hint = Some("upl-short-saved");
    } else if matches!(answer, Answer::Nothing) && !reply.end.closed() {
        got_parts.push(tr!(WORDS, "upl-still-open", time = seconds(t.timeout())));
        hint = Some("upl-short-waiting");
    }
    if let Some(bytes) = left {
        got_parts.push(tr!(
            WORDS,
            "upl-left-with",
            filename = format!("{filename:?}"),
            len = bytes.len()
        ));
        hint = hint.or(Some("upl-short-left"));
    } else if let Some(p) = partial.first() {
        got_parts.push(tr!(WORDS, "upl-left", filename = format!("{p:?}")));
        hint = hint.or(Some("upl-short-partial"));
    }
    let kept_none = t.plan.dir.is_some();
    match hint {
        None => Ok(match answer {
            Answer::Said { verdict, .. } if kept_none => tr!(
                WORDS,
                "upl-stopped-answered-kept-none",
                verdict = format!("{verdict:?}")
            ),
            Answer::Said { verdict, .. } => tr!(
                WORDS,
                "upl-stopped-answered",
                verdict = format!("{verdict:?}")
            ),
            _ if kept_none => tr!(WORDS, "upl-stopped-kept-none"),
            _ => tr!(WORDS, "upl-stopped"),
        }),
        Some(hint) => Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            got_parts
                .into_iter()
                .reduce(|first, next| tr!(WORDS, "then", first = first, next = next))
                .unwrap_or_default(),
            WORDS.text(hint, &[]),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_frame_is_read_in_either_shape() {
        let json = br#"{"verdict":"saved","filename":"a.txt"}"#;
        let mut frame = Endian::Big.encode(json.len() as u32).to_vec();
        frame.extend_from_slice(json);
        assert_eq!(
            answer(Endian::Big, &frame),
            Answer::Said {
                verdict: "saved".into(),
                filename: Some("a.txt".into()),
                detail: String::new()
            }
        );
        assert_eq!(answer(Endian::Big, b""), Answer::Nothing);
        assert!(matches!(answer(Endian::Little, &frame), Answer::Garbled(_)));
        assert!(matches!(
            answer(Endian::Big, &frame[..10]),
            Answer::Garbled(_)
        ));
        assert!(matches!(
            answer(Endian::Big, b"saved\n"),
            Answer::Garbled(_)
        ));
    }

    #[test]
    fn the_header_counts_bytes_and_puts_the_digest_in_the_json() {
        let wire = header_bytes(Endian::Big, "笔.txt", 3, Some("ab".into()));
        let json = &wire[4..];
        assert_eq!(
            Endian::Big.decode(wire[..4].try_into().unwrap()) as usize,
            json.len()
        );
        assert_eq!(
            std::str::from_utf8(json).unwrap(),
            r#"{"filename":"笔.txt","filesize":3,"sha256":"ab"}"#
        );
    }

    #[test]
    fn bare_names_have_no_folder_drive_or_control() {
        assert!(bare("notes.txt"));
        for name in ["", ".", "..", "a/b", "..\\b", "C:b", "a\0b"] {
            assert!(!bare(name), "{name:?}");
        }
    }
}
