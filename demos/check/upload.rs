//! Cases for demo 06's upload, a receiver that saves one file per
//! connection, as `sticky serve 6 --upload --out DIR` does:
//!
//! ```text
//! +-- u32: header length --+-- {"filename": "...", "filesize": N[, "sha256": "..."]} --+-- N bytes --+
//! | '!I' ('<I' with        | UTF-8 JSON, its length counted in bytes                    | the file    |
//! |  --little-endian)      |                                                            |             |
//! +------------------------+------------------------------------------------------------+-------------+
//! ```
//!
//! The protocol has no acknowledgement, so a case knows the receiver is
//! done when it closes the connection (the grader shuts down its own side
//! after the last byte), and then looks in `--dir` for what was saved.
//! Every name the grader sends carries this run's token, so a run never
//! meets a file from an earlier one; the files it finds it removes again,
//! inside `--dir` only.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sticky::file_transfer::{sha256_hex, write_header, FileHeader};

use super::wire::{ending, seconds, show, Heard, Link, Reply, Sent, GAP, MAX_CUT};
use super::{Case, Failure, Target, Verdict, GONE};

pub const CASES: &[Case] = &[
    Case {
        name: "upload",
        about: "a 100 KiB file with its sha256 is saved under its name, byte for byte",
        skip: Some(super::needs_dir),
        run: upload,
    },
    Case {
        name: "glued",
        about: "a header and a short body in one write",
        skip: Some(super::needs_dir),
        run: glued,
    },
    Case {
        name: "cut-bytes",
        about: "a header and body sent one byte per write, 15 ms apart",
        skip: Some(super::needs_dir),
        run: cut_bytes,
    },
    Case {
        name: "empty-file",
        about: "a file of 0 bytes is saved, and the connection closed",
        skip: Some(super::needs_dir),
        run: empty_file,
    },
    Case {
        name: "utf8-name",
        about: "a file named in Chinese and accented letters is saved under that exact name",
        skip: Some(super::needs_dir),
        run: utf8_name,
    },
    Case {
        name: "escape-name",
        about: "a file named \"../NAME\": nothing may appear outside --dir",
        skip: Some(super::needs_dir),
        run: escape_name,
    },
    Case {
        name: "hangup",
        about: "a sender hangs up in the middle of the header; the next upload is received",
        skip: None,
        run: hangup,
    },
    Case {
        name: "short-body",
        about: "a body shorter than announced, then a close: the receiver stops and keeps no file",
        skip: Some(super::needs_dir),
        run: short_body,
    },
];

/// The receiver's folder; cases that call this are skipped without it.
fn dir<'a>(t: &'a Target) -> &'a Path {
    t.plan.dir.as_deref().unwrap_or(Path::new("."))
}

/// A file name unique to this run.
fn name(t: &Target, what: &str) -> String {
    format!("check-{}-{what}", t.token)
}

/// The length, the JSON header, and the body, as one byte string.
fn upload_bytes(t: &Target, filename: &str, body: &[u8], announce: usize, sha: bool) -> Vec<u8> {
    let header = FileHeader {
        filename: filename.to_string(),
        filesize: announce as u64,
        sha256: sha.then(|| sha256_hex(&mut &body[..]).unwrap_or_default()),
    };
    let mut wire = Vec::new();
    // Writing into a Vec fails only for a header that cannot be JSON, and ours can.
    let _ = write_header(&mut wire, &header, t.plan.endian);
    wire.extend_from_slice(body);
    wire
}

/// Sends `pieces` (`gap` apart), shuts down our side, and waits for the
/// receiver to close.
fn send(link: &Link, pieces: &[Vec<u8>], gap: Duration) -> (Sent, Reply) {
    // The receiver owes no reply; whatever it sends is read and ignored.
    link.exchange(pieces, gap, true, 64 * 1024, |_| Heard::More)
}

/// "the receiver closed" is the only sign a receiver is done; without it a
/// case fails, whatever is in the folder.
fn closed_or(
    t: &Target,
    reply: &Reply,
    sent_text: &str,
    sent: &Sent,
    hint: &str,
) -> Result<(), Failure> {
    if reply.end.closed() {
        return Ok(());
    }
    Err(Failure::new(
        format!("{sent_text}{}", sent.shortfall()),
        format!(
            "the connection still open after {} ({})",
            seconds(t.timeout()),
            ending(&reply.end, t.timeout()).trim_start_matches(", then ")
        ),
        hint,
    ))
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

/// Whether `dir/filename` holds exactly `body`; removes it either way.
fn saved(t: &Target, filename: &str, body: &[u8]) -> Result<(), String> {
    let path = dir(t).join(filename);
    let on_disk = std::fs::read(&path);
    let _ = std::fs::remove_file(&path);
    match on_disk {
        Ok(bytes) if bytes == body => Ok(()),
        Ok(bytes) => {
            let at = bytes.iter().zip(body).position(|(a, b)| a != b);
            Err(match at {
                Some(at) => format!(
                    "{filename:?} saved with {} bytes, differing from byte {at}",
                    bytes.len()
                ),
                None => format!(
                    "{filename:?} saved with {} of {} bytes",
                    bytes.len(),
                    body.len()
                ),
            })
        }
        Err(_) => {
            let others = ours_in(t, dir(t));
            for o in &others {
                let _ = std::fs::remove_file(dir(t).join(o));
            }
            Err(match others.first() {
                None => format!("no file {filename:?} in --dir"),
                Some(other) => format!("no file {filename:?} in --dir, but {other:?}"),
            })
        }
    }
}

/// Uploads `body` as `filename` in `pieces` and checks the saved file.
fn check_upload(
    t: &Target,
    link: &Link,
    pieces: &[Vec<u8>],
    gap: Duration,
    (filename, body): (&str, &[u8]),
    sent_text: &str,
    hints: (&str, &str),
) -> Result<(), Failure> {
    let (sent, reply) = send(link, pieces, gap);
    let (unsaved, not_closed) = hints;
    closed_or(t, &reply, sent_text, &sent, not_closed)?;
    saved(t, filename, body)
        .map_err(|got| Failure::new(format!("{sent_text}{}", sent.shortfall()), got, unsaved))
}

/// A body of `len` bytes with a pattern that shows any shift.
fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

const NOT_CLOSED: &str = "the receiver did not close after the last byte: does it read exactly filesize bytes, then close?";

fn upload(t: &Target) -> Verdict {
    let filename = name(t, "upload.bin");
    let data = body(100 * 1024);
    let wire = upload_bytes(t, &filename, &data, data.len(), true);
    let header_len = wire.len() - data.len();
    // As `connect 6 --upload` sends: the header in one write, the body in 8 KiB ones.
    let mut pieces = vec![wire[..header_len].to_vec()];
    pieces.extend(data.chunks(8192).map(<[u8]>::to_vec));
    let link = t.link(GONE)?;
    check_upload(
        t,
        &link,
        &pieces,
        Duration::ZERO,
        (&filename, &data),
        &format!("a {header_len}-byte header with sha256, then 102400 bytes in 8 KiB writes"),
        (
            "the file was not saved as sent: is it written under the sent name, with exactly the bytes received?",
            NOT_CLOSED,
        ),
    )?;
    Ok("102400 bytes saved under the sent name, byte for byte".into())
}

fn glued(t: &Target) -> Verdict {
    let filename = name(t, "glued.txt");
    let data = b"this body shares a write with its header\n".to_vec();
    let wire = upload_bytes(t, &filename, &data, data.len(), false);
    let link = t.link(GONE)?;
    check_upload(
        t,
        &link,
        std::slice::from_ref(&wire),
        Duration::ZERO,
        (&filename, &data),
        &format!("header and a {}-byte body in one write of {} bytes", data.len(), wire.len()),
        (
            "a body glued to its header was lost or mangled: is the header read with one big recv(), swallowing the body's start?",
            NOT_CLOSED,
        ),
    )?;
    Ok("a header and body in one write: saved whole".into())
}

fn cut_bytes(t: &Target) -> Verdict {
    let filename = name(t, "cut.txt");
    let data = b"cut into bytes\n".to_vec();
    let wire = upload_bytes(t, &filename, &data, data.len(), false);
    let mut pieces: Vec<Vec<u8>> = wire.iter().take(MAX_CUT).map(|&b| vec![b]).collect();
    if wire.len() > MAX_CUT {
        pieces.push(wire[MAX_CUT..].to_vec());
    }
    let link = t.link(GONE)?;
    check_upload(
        t,
        &link,
        &pieces,
        GAP,
        (&filename, &data),
        &format!(
            "{} bytes (header and body) as {} writes, {} apart",
            wire.len(),
            pieces.len(),
            seconds(GAP)
        ),
        (
            "a header sent one byte per write was misread: are the 4-byte length and the JSON each read until complete, not with one recv()?",
            NOT_CLOSED,
        ),
    )?;
    Ok(format!("{} single-byte writes: saved whole", pieces.len()))
}

fn empty_file(t: &Target) -> Verdict {
    let filename = name(t, "empty.txt");
    let wire = upload_bytes(t, &filename, &[], 0, false);
    let link = t.link(GONE)?;
    check_upload(
        t,
        &link,
        &[wire],
        Duration::ZERO,
        (&filename, &[]),
        "a header announcing 0 bytes, and no body",
        (
            "no empty file was saved: is a file of 0 bytes created before (or without) the first recv()?",
            "the receiver waited after a 0-byte file: does it call recv() before checking that filesize is 0?",
        ),
    )?;
    Ok("an empty file was saved".into())
}

fn utf8_name(t: &Target) -> Verdict {
    let filename = name(t, "笔记-ünïcode.txt");
    let data = "拾遗 — UTF-8 in the body too\n".as_bytes().to_vec();
    let wire = upload_bytes(t, &filename, &data, data.len(), false);
    let link = t.link(GONE)?;
    check_upload(
        t,
        &link,
        &[wire],
        Duration::ZERO,
        (&filename, &data),
        &format!("a file named {}", show(filename.as_bytes(), 40)),
        (
            "the name was not kept: is the JSON decoded as UTF-8, and its length counted in bytes, not characters?",
            NOT_CLOSED,
        ),
    )?;
    Ok("saved under its UTF-8 name, byte for byte".into())
}

fn escape_name(t: &Target) -> Verdict {
    let bare = name(t, "escape.txt");
    let sent_name = format!("../{bare}");
    let data = b"this file must stay inside --dir\n".to_vec();
    let wire = upload_bytes(t, &sent_name, &data, data.len(), false);
    // The folder that holds --dir, found by its real path ("." has no "..").
    let outside: Option<PathBuf> = dir(t)
        .canonicalize()
        .ok()
        .and_then(|d| d.parent().map(|p| p.join(&bare)));
    let link = t.link(GONE)?;
    let (sent, reply) = send(&link, &[wire], Duration::ZERO);
    let sent_text = format!("a file named {sent_name:?}");
    // Judge the folder before the close: a file outside is the worse news.
    if let Some(outside) = outside.filter(|o| o.exists()) {
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            format!("a file appeared outside --dir: {}", outside.display()),
            "the receiver trusts the sent file name: keep only its last part (os.path.basename) and refuse '..'",
        ));
    }
    closed_or(t, &reply, &sent_text, &sent, NOT_CLOSED)?;
    let kept = dir(t).join(&bare).exists();
    let _ = std::fs::remove_file(dir(t).join(&bare));
    Ok(if kept {
        format!("saved inside --dir as {bare:?}")
    } else {
        "refused; nothing appeared outside --dir".into()
    })
}

fn hangup(t: &Target) -> Verdict {
    let filename = name(t, "after-hangup.txt");
    let first = upload_bytes(t, &name(t, "never.txt"), b"never sent", 10, false);
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
    let wire = upload_bytes(t, &filename, &data, data.len(), false);
    let link = t.link(hint).map_err(|f| Failure {
        sent: format!("{sent_text}; {}", f.sent),
        ..f
    })?;
    let (sent, reply) = send(&link, &[wire], Duration::ZERO);
    let then = format!("{sent_text}; then a whole upload");
    closed_or(t, &reply, &then, &sent, hint)?;
    if t.plan.dir.is_some() {
        saved(t, &filename, &data).map_err(|got| Failure::new(then.clone(), got, hint))?;
        return Ok("a sender hung up mid-header; the next upload was saved".into());
    }
    Ok("a sender hung up mid-header; the next upload was read to its end".into())
}

fn short_body(t: &Target) -> Verdict {
    let filename = name(t, "short.bin");
    let data = body(600);
    let wire = upload_bytes(t, &filename, &data, 1000, false);
    let link = t.link(GONE)?;
    let (sent, reply) = send(&link, &[wire], Duration::ZERO);
    let sent_text = "a header announcing 1000 bytes, 600 of them, then a close";
    let left = dir(t).join(&filename);
    let partial = std::fs::metadata(&left).ok().map(|m| m.len());
    let _ = std::fs::remove_file(&left);
    let mut got = Vec::new();
    let mut hint = None;
    if !reply.end.closed() {
        got.push(format!(
            "the connection still open after {}",
            seconds(t.timeout())
        ));
        hint = Some("the receiver kept waiting after the sender hung up mid-body: does `while filesize:` loop forever on recv() returning b''?");
    }
    if let Some(len) = partial {
        got.push(format!("{filename:?} left in --dir with {len} bytes"));
        hint = hint.or(Some("a body cut short left a file behind: write to a temporary name, rename it when the last byte is in"));
    }
    match hint {
        None => Ok("the receiver stopped, and kept no file".into()),
        Some(hint) => Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            got.join("; "),
            hint,
        )),
    }
}
