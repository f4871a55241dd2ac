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
use super::{Case, Failure, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "upload",
        about: "a 100 KiB file with its sha256 is answered \"saved\" under its name (and saved byte for byte)",
        skip: None,
        run: upload,
    },
    Case {
        name: "glued",
        about: "a header and a short body in one write",
        skip: None,
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "a header and body sent one byte per write, 15 ms apart",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "empty-file",
        about: "a file of 0 bytes is saved, and answered",
        skip: None,
        run: empty_file,
    },
    Case {
        name: "utf8-name",
        about: "a name in Chinese, the header cut inside a UTF-8 character: saved under that exact name",
        skip: None,
        run: utf8_name,
    },
    Case {
        name: "bad-digest",
        about: "a body that does not match its sha256 is answered \"digest_mismatch\" (and not kept)",
        skip: None,
        run: bad_digest,
    },
    Case {
        name: "trailing",
        about: "bytes after the body in the same write stay out of the file (the digest still matches)",
        skip: None,
        run: trailing,
    },
    Case {
        name: "exists",
        about: "a second upload of the same name is answered \"exists\"; the first file is kept",
        skip: None,
        run: exists,
    },
    Case {
        name: "escape-name",
        about: "a file named \"../NAME\": refused, or kept as a bare name inside the folder",
        skip: None,
        run: escape_dotdot,
    },
    Case {
        name: "dots-name",
        about: "a file named \"....//NAME\" (what replace('../', '') turns into \"../NAME\")",
        skip: None,
        run: escape_dots,
    },
    Case {
        name: "absolute-name",
        about: "a file named with an absolute path: refused, or kept as a bare name",
        skip: None,
        run: escape_absolute,
    },
    Case {
        name: "backslash-name",
        about: "a file named \"..\\NAME\" (a Windows path): refused, or kept as a bare name",
        skip: None,
        run: escape_backslash,
    },
    Case {
        name: "drive-name",
        about: "a file named \"C:NAME\" (a Windows drive): refused, or kept as a bare name",
        skip: None,
        run: escape_drive,
    },
    Case {
        name: "nul-name",
        about: "a file name holding a NUL byte is refused with a verdict",
        skip: None,
        run: nul_name,
    },
    Case {
        name: "two-senders",
        about: "a second sender is answered while a first sits idle mid-header",
        skip: None,
        run: two_senders,
    },
    Case {
        name: "hangup",
        about: "a sender hangs up in the middle of the header; the next upload is saved",
        skip: None,
        run: hangup,
    },
    Case {
        name: "short-body",
        about: "a body shorter than announced, then a close: the receiver stops, answers no \"saved\", keeps no file",
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
    let note = format!(
        "{ours} in '{}', {theirs} in '{}'",
        endian.struct_format(),
        other.struct_format()
    );
    (ours, note)
}

/// Reads a verdict frame from `bytes`: 4 bytes of length, then JSON.
fn answer(endian: Endian, bytes: &[u8]) -> Answer {
    let Some(head) = bytes.first_chunk::<4>() else {
        return if bytes.is_empty() {
            Answer::Nothing
        } else {
            Answer::Garbled(format!("{} bytes, not even a length", bytes.len()))
        };
    };
    let (len, both) = lengths(endian, *head);
    if len > MAX_VERDICT {
        return Answer::Garbled(format!(
            "a length of {both}: too long for a verdict ({MAX_VERDICT} bytes at most)"
        ));
    }
    let Some(json) = bytes.get(4..4 + len) else {
        return Answer::Garbled(format!(
            "a length of {len}, then only {} bytes",
            bytes.len() - 4
        ));
    };
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(json) else {
        return Answer::Garbled(format!("a {len}-byte frame that is not a JSON object"));
    };
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_string);
    match text("verdict") {
        Some(verdict) => Answer::Said {
            verdict,
            filename: text("filename"),
            detail: text("detail").unwrap_or_default(),
        },
        None => Answer::Garbled("a JSON object with no \"verdict\" string".into()),
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
            let mut text = format!("the verdict {verdict:?}");
            if let Some(f) = filename {
                text += &format!(" for {}", show(f.as_bytes(), 50));
            }
            if !detail.is_empty() {
                text += &format!(" ({})", show(detail.as_bytes(), 60));
            }
            text
        }
        Answer::Nothing => match reply.end {
            super::wire::End::TimedOut => {
                format!(
                    "no verdict, the connection still open after {}",
                    seconds(t.timeout())
                )
            }
            _ => format!("no verdict{}", end.replacen(", then", ";", 1)),
        },
        Answer::Garbled(why) => format!("{} back: {why}{end}", show(&reply.bytes, 40)),
    }
}

/// The hint when a receiver sends no verdict at all.
const NO_VERDICT: &str =
    "no verdict came back: after the body, answer struct.pack('!I', len(raw)) + raw, \
     with raw = json.dumps({\"verdict\": \"saved\", \"filename\": name}).encode()";

/// The hint for bytes that are not a verdict frame.
const GARBLED: &str =
    "the answer is not a verdict frame: a 4-byte length in the header's byte order, \
     then that many bytes of JSON with a \"verdict\" key";

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
            format!(
                "the verdict's length is '{}': pack it as the header is, struct.pack('{fmt}', len(raw))",
                other.struct_format()
            )
        }
        _ => GARBLED.to_string(),
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
        Some(at) => format!(
            "saved with {} bytes, differing from byte {at}",
            on_disk.len()
        ),
        None => format!("saved with {} of {} bytes", on_disk.len(), body.len()),
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
            got += &format!("; in --dir: {other:?}");
        }
        Failure::new(sent_text.clone(), got, hint)
    };
    match &answer {
        Answer::Said {
            verdict,
            filename: said,
            ..
        } if verdict == "saved" => {
            if said.as_deref() != Some(filename) {
                let hint = match said {
                    None => "the verdict has no \"filename\": name the file it was saved as".to_string(),
                    Some(_) => format!(
                        "the verdict names another file than the one sent ({}): keep the name as sent, and report it",
                        show(filename.as_bytes(), 40)
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
                format!(
                    "the verdict \"saved\", and {} {how}",
                    show(filename.as_bytes(), 40)
                ),
                if on_disk.len() > body.len() && on_disk.starts_with(body) {
                    "the file holds bytes from after the body: read recv(min(8192, left)), never past filesize"
                } else {
                    "the file was not saved as sent: are exactly the body's bytes written, in order?"
                },
            )),
        },
        Some(Err(_)) => {
            let others = sweep(t);
            Err(Failure::new(
                sent_text,
                match others.first() {
                    None => format!("the verdict \"saved\", but no file {filename:?} in --dir"),
                    Some(o) => format!(
                        "the verdict \"saved\", but no file {filename:?} in --dir, only {o:?}"
                    ),
                },
                "the verdict says saved, the folder disagrees: is --dir the folder the receiver writes into?",
            ))
        }
    }
}

const NOT_ANSWERED: &str =
    "no verdict for a legal upload: is the header read until complete, then exactly filesize bytes?";

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
        &format!("a {header_len}-byte header with sha256, then 102400 bytes in 8 KiB writes"),
        exchange,
        (&filename, &data),
        (
            NO_VERDICT,
            "a legal upload was refused: is the sha256 taken over exactly the body, as hex?",
        ),
    )
    .map_err(|f| {
        if silent_close {
            f.skip_rest("the receiver answers no verdict: add one first")
        } else {
            f
        }
    })?;
    Ok(saved_words(t, "102400 bytes"))
}

/// The PASS line's ending: what was checked, with or without the folder.
fn saved_words(t: &Target, what: &str) -> String {
    match t.plan.dir {
        Some(_) => format!("{what} answered \"saved\", and saved byte for byte"),
        None => format!("{what} answered \"saved\""),
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
        &format!("header and a {}-byte body in one write of {} bytes", data.len(), wire.len()),
        exchange,
        (&filename, &data),
        (
            "a body glued to its header got no verdict: is the header read with one big recv(), swallowing the body's start?",
            "a body glued to its header was refused: is the header read with one big recv(), swallowing the body's start?",
        ),
    )?;
    Ok(saved_words(t, "a header and body in one write:"))
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
    let hint = "a header sent one byte per write was misread: are the 4-byte length and the JSON each read until complete, not with one recv()?";
    expect_saved(
        t,
        &format!(
            "{} bytes (header and body) as {} writes, {} apart",
            wire.len(),
            pieces.len(),
            seconds(GAP)
        ),
        exchange,
        (&filename, &data),
        (hint, hint),
    )?;
    Ok(saved_words(
        t,
        &format!("{} single-byte writes:", pieces.len()),
    ))
}

fn empty_file(t: &Target) -> Verdict {
    let filename = name(t, "empty.txt");
    let wire = upload_bytes(t, &filename, &[]);
    let link = t.link(GONE)?;
    let exchange = send(t, &link, &[wire], Duration::ZERO);
    let silent = match exchange.1.end {
        super::wire::End::TimedOut => "the receiver waited after a 0-byte file: does it call recv() before checking that filesize is 0?",
        _ => "no verdict for a 0-byte file: is b'' from recv() taken for a cut body even when nothing was owed?",
    };
    expect_saved(
        t,
        "a header announcing 0 bytes, and no body",
        exchange,
        (&filename, &[]),
        (
            silent,
            "an empty file was refused: is the sha256 of b'' checked like any other?",
        ),
    )?;
    Ok(saved_words(t, "an empty file"))
}

const UTF8_CUT: &str = "a header cut inside a UTF-8 character was not taken: is each recv() decoded on its own? Join all header_len bytes, then decode once";

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
        &format!(
            "a file named {}, in {} writes {} apart, cut inside '笔' and '记'",
            show(filename.as_bytes(), 40),
            pieces.len(),
            seconds(GAP)
        ),
        exchange,
        (&filename, &data),
        (UTF8_CUT, UTF8_CUT),
    )?;
    Ok(saved_words(t, "a UTF-8 name cut mid-character:"))
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
        Answer::Said { verdict, .. } if verdict == "saved" => Some(saved_hint.to_string()),
        Answer::Said { .. } => Some(format!(
            "refused, but with another verdict: the protocol answers this one {want:?}"
        )),
        Answer::Nothing => Some(silent.to_string()),
        Answer::Garbled(_) => Some(garbled_hint(t, &reply)),
    };
    if let Some(hint) = hint {
        return Err(Failure::new(sent_text, got(t, &reply, &answer), hint));
    }
    if let Some(bytes) = left {
        return Err(Failure::new(
            sent_text,
            format!(
                "the verdict {want:?}, but {filename:?} in --dir with {} bytes",
                bytes.len()
            ),
            "a refused file was kept: write to a temporary name, rename it only once the digest matches",
        ));
    }
    Ok(format!(
        "answered {want:?}{}",
        if t.plan.dir.is_some() {
            ", and nothing kept"
        } else {
            ""
        }
    ))
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
        "5000 bytes with the sha256 of other bytes in the header",
        exchange,
        &filename,
        "digest_mismatch",
        (
            "a body that does not match its sha256 was answered \"saved\": compare hashlib.sha256(body).hexdigest() with the header's",
            "no verdict for a body that does not match its sha256: answer {\"verdict\": \"digest_mismatch\"}",
        ),
    )?;
    Ok(format!("a wrong sha256 was {pass}"))
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
        super::wire::End::TimedOut => "no verdict when bytes followed the body: does `while left:` go below 0 when recv(8192) takes more than is left?",
        _ => "no verdict when bytes followed the body: does the receiver read past filesize and fail on what it found?",
    };
    expect_saved(
        t,
        &format!(
            "3000 bytes with their sha256, and {} bytes of the next upload in the same write",
            next.len() - 50
        ),
        exchange,
        (&filename, &data),
        (
            silent,
            "bytes after the body were read into the file, so its digest no longer matched: read recv(min(8192, left)), never past filesize",
        ),
    )?;
    Ok(saved_words(t, "the body, with bytes after it,"))
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
    let sent_first = "an upload";
    // The first one must be saved; the folder is looked at after the second.
    if !exchange.2.saved() {
        sweep(t);
        return Err(Failure::new(
            format!("{sent_first}{}", exchange.0.shortfall()),
            got(t, &exchange.1, &exchange.2),
            NOT_ANSWERED,
        ));
    }
    let link = t.link(GONE)?;
    let (sent, reply, answer) = send(
        t,
        &link,
        &[upload_bytes(t, &filename, &second)],
        Duration::ZERO,
    );
    let sent_text = format!(
        "{sent_first}, then another file under the same name{}",
        sent.shortfall()
    );
    let kept = take_file(t, &filename);
    sweep(t);
    let hint = match &answer {
        Answer::Said { verdict, .. } if verdict == "exists" => None,
        Answer::Said { verdict, .. } if verdict == "saved" => Some(
            "a file of the same name was replaced: the first sender's file is lost; refuse with {\"verdict\": \"exists\"}".to_string(),
        ),
        Answer::Said { .. } => Some(
            "refused, but with another verdict: the protocol answers an existing name \"exists\"".to_string(),
        ),
        Answer::Nothing => Some(
            "no verdict for a name that exists: answer {\"verdict\": \"exists\"}".to_string(),
        ),
        Answer::Garbled(_) => Some(garbled_hint(t, &reply)),
    };
    if let Some(hint) = hint {
        return Err(Failure::new(sent_text, got(t, &reply, &answer), hint));
    }
    match kept {
        Some(Ok(bytes)) if bytes != first => Err(Failure::new(
            sent_text,
            format!("the verdict \"exists\", but {filename:?} {}", differs(&bytes, &first).unwrap_or_default()),
            "the verdict says exists, yet the first file changed: check for the name before opening it for writing",
        )),
        Some(Err(_)) => Err(Failure::new(
            sent_text,
            format!("the verdict \"exists\", but no {filename:?} in --dir"),
            "the first file is gone: is the name checked before the file is opened (open() with 'wb' empties it)?",
        )),
        _ => Ok(format!(
            "a second file of the same name was answered \"exists\"{}",
            if t.plan.dir.is_some() { "; the first was kept" } else { "" }
        )),
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
    let data = b"this file must stay inside the receiver's folder\n".to_vec();
    let wire = upload_bytes(t, sent_name, &data);
    let link = t.link(GONE)?;
    let (sent, reply, answer) = send(t, &link, &[wire], Duration::ZERO);
    let sent_text = format!(
        "a file named {}{}",
        show(sent_name.as_bytes(), 60),
        sent.shortfall()
    );
    // A file outside the folder is the worst news: judged first, and left
    // where it is (the grader removes files inside --dir only).
    if t.plan.dir.is_some() {
        if let Some(out) = outside.iter().find(|o| o.exists()) {
            sweep(t);
            return Err(Failure::new(
                sent_text,
                format!("a file appeared outside --dir: {}", out.display()),
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
                    format!("the verdict \"saved\" as {kept:?}, but no such file in --dir"),
                    hint,
                ));
            }
            Ok(format!(
                "kept as the bare name {}",
                show(kept.as_bytes(), 50)
            ))
        }
        Answer::Said { verdict, .. } if verdict == "saved" => {
            sweep(t);
            Err(Failure::new(
                sent_text,
                got(t, &reply, &answer),
                "the verdict has no \"filename\": name the file it was saved as",
            ))
        }
        Answer::Said { verdict, .. } => {
            sweep(t);
            Ok(format!("refused with the verdict {verdict:?}"))
        }
        Answer::Nothing => {
            sweep(t);
            Err(Failure::new(
                sent_text,
                got(t, &reply, &answer),
                format!("no verdict for a name to refuse: answer {{\"verdict\": \"bad_header\"}}, or {}", hint_tail(hint)),
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

/// The advice part of a hint, after its colon.
fn hint_tail(hint: &str) -> &str {
    hint.split_once(": ").map_or(hint, |(_, tail)| tail)
}

/// The folder that holds `--dir` (by its real path: "." has no ".."), where
/// a name with ".." in it lands.
fn above(t: &Target) -> Option<PathBuf> {
    let dir = t.plan.dir.as_deref()?.canonicalize().ok()?;
    dir.parent().map(Path::to_path_buf)
}

const ESCAPE: &str = "the receiver trusts the sent file name: keep only its last part (os.path.basename) and refuse '..'";

fn escape_dotdot(t: &Target) -> Verdict {
    let bare_name = name(t, "escape.txt");
    let outside: Vec<PathBuf> = above(t).map(|a| a.join(&bare_name)).into_iter().collect();
    escape(t, &format!("../{bare_name}"), &outside, ESCAPE)
}

fn escape_dots(t: &Target) -> Verdict {
    let bare_name = name(t, "dots.txt");
    let outside: Vec<PathBuf> = above(t).map(|a| a.join(&bare_name)).into_iter().collect();
    escape(
        t,
        &format!("....//{bare_name}"),
        &outside,
        "removing '../' once leaves '../' behind ('....//' becomes '../'): keep only the name's last part instead",
    )
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
        "os.path.join(folder, '/abs/name') is '/abs/name': the folder is dropped; keep only the name's last part",
    )
}

fn escape_backslash(t: &Target) -> Verdict {
    let bare_name = name(t, "backslash.txt");
    escape(
        t,
        &format!("..\\{bare_name}"),
        &[],
        "'\\' separates folders on Windows: split the name on '\\' as well as '/' and keep the last part",
    )
}

fn escape_drive(t: &Target) -> Verdict {
    let bare_name = name(t, "drive.txt");
    escape(
        t,
        &format!("C:{bare_name}"),
        &[],
        "'C:name' is a path on drive C: on Windows: keep only what follows the last ':', or refuse the name",
    )
}

fn nul_name(t: &Target) -> Verdict {
    let sent = format!("{}\0.txt", name(t, "nul"));
    escape(
        t,
        &sent,
        &[],
        "a name holding a NUL byte stopped the receiver: refuse names with control characters (answer \"bad_header\")",
    )
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
        &format!(
            "10 bytes of a header on one connection{}, left idle; then a whole upload on a second",
            sent_idle.shortfall()
        ),
        exchange,
        (&filename, &data),
        (
            "the second sender got no verdict while the first sat idle: is each connection served on its own thread (or by a selector)?",
            "the second sender was refused while the first sat idle: can the receiver take two uploads at once?",
        ),
    )?;
    Ok(saved_words(
        t,
        "with a first sender idle mid-header, a second's upload",
    ))
}

fn hangup(t: &Target) -> Verdict {
    let filename = name(t, "after-hangup.txt");
    let first = upload_bytes(t, &name(t, "never.txt"), b"never sent");
    // The 4-byte length and half of the JSON it announces.
    let half = &first[..4 + (first.len() - 4 - 10) / 2];
    let link = t.link(GONE)?;
    let sent = link.write(half);
    drop(link);
    let sent_text = format!(
        "{} of a {}-byte header, then a close{}",
        half.len(),
        first.len() - 10,
        sent.shortfall()
    );
    let hint = "the receiver stopped taking uploads after a sender hung up mid-header: does it catch the error per connection?";
    let data = b"sent after a hang-up\n".to_vec();
    let link = t.link(hint).map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
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
        &format!("{sent_text}; then a whole upload"),
        exchange,
        (&filename, &data),
        (hint, hint),
    )?;
    Ok(saved_words(
        t,
        "after a sender hung up mid-header, the next upload",
    ))
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
    let sent_text = "a header announcing 1000 bytes, 600 of them, then a close";
    let left = take_file(t, &filename).and_then(Result::ok);
    let partial = sweep(t);
    let mut got_parts = Vec::new();
    let mut hint = None;
    if answer.saved() {
        got_parts.push(got(t, &reply, &answer));
        hint = Some("a body cut short was answered \"saved\": count the bytes received, and stop with an error when recv() returns b'' before filesize");
    } else if matches!(answer, Answer::Nothing) && !reply.end.closed() {
        got_parts.push(format!(
            "the connection still open after {}",
            seconds(t.timeout())
        ));
        hint = Some("the receiver kept waiting after the sender hung up mid-body: does `while filesize:` loop forever on recv() returning b''?");
    }
    if let Some(bytes) = left {
        got_parts.push(format!(
            "{filename:?} left in --dir with {} bytes",
            bytes.len()
        ));
        hint = hint.or(Some("a body cut short left a file behind: write to a temporary name, rename it when the last byte is in"));
    } else if let Some(p) = partial.first() {
        got_parts.push(format!("{p:?} left in --dir"));
        hint = hint.or(Some("a body cut short left a partial file behind: remove the temporary file when the upload fails"));
    }
    match hint {
        None => Ok(match answer {
            Answer::Said { verdict, .. } => {
                format!("the receiver stopped and answered {verdict:?}")
            }
            _ => "the receiver stopped".to_string(),
        } + if t.plan.dir.is_some() {
            ", and kept no file"
        } else {
            ""
        }),
        Some(hint) => Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            got_parts.join("; "),
            hint,
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
