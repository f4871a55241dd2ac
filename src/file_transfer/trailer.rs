//! The digest after the body: a trailer frame, announced by the header.
//!
//! A digest in the header has to be known before the first byte of the
//! body goes out, so a sender that has not seen the file before reads it
//! all once to hash it, then again to send it: for 512 MiB, about 0.45 s of
//! CPU before the header can leave. A trailer lets the sender hash each
//! block as it sends it, and the receiver check as it receives, so each side
//! reads the file once (HTTP/1.1 chunked trailers do the same for the same
//! reason).
//!
//! ```text
//! header:  {"filename":"a.bin","filesize":5,"trailer":["sha256","blake3"]}
//! body:    exactly filesize bytes, as before
//! trailer: +-- u32 length, the header's byte order --+-- UTF-8 JSON -------------------------------+
//!          | \x00\x00\x00\x99                        | {"sha256":"<64 hex>","blake3":"<64 hex>"}  |
//!          +-----------------------------------------+---------------------------------------------+
//! Python:  raw = json.dumps({'sha256': h.hexdigest()}).encode(); sock.sendall(struct.pack('!I', len(raw)) + raw)
//! ```
//!
//! A receiver that knows nothing of trailers (the lesson's) reads
//! `filesize` bytes and stops; the trailer is left unread, and its close
//! then resets the connection instead of closing it cleanly, which a sticky
//! sender takes as "closed without confirming", as before.

use std::io::{Read, Write};
use std::sync::mpsc::sync_channel;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{hex, is_hex_digest, AlignedBuf, DigestKind, Digests, FileHeader};
use crate::error::{Error, Result};
use crate::framing::{Endian, Framing, LengthPrefixed};

/// The largest trailer a receiver reads: two digests need 153 bytes.
pub const MAX_TRAILER: usize = 4096;

/// Every digest a sticky sender can put in its trailer, in this order: what
/// `run 6` and an upload send; `serve 6` sends those its `--digest` names.
pub const TRAILER_DIGESTS: [DigestKind; 2] = [DigestKind::Sha256, DigestKind::Blake3];

/// Writes the header frame with a `"trailer"` key listing the digests that
/// will follow the body, after the lesson's keys.
pub fn write_header_announcing_trailer<W: Write + ?Sized>(
    w: &mut W,
    header: &FileHeader,
    kinds: &[DigestKind],
    endian: Endian,
) -> Result<()> {
    let mut json = serde_json::to_vec(header).map_err(|e| Error::BadHeader(e.to_string()))?;
    // A struct serialises as an object ending in '}': the key goes before it.
    if json.pop() != Some(b'}') {
        return Err(Error::BadHeader("the header is not a JSON object".into()));
    }
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    let list = serde_json::to_string(&names).map_err(|e| Error::BadHeader(e.to_string()))?;
    json.extend_from_slice(format!(",\"trailer\":{list}}}").as_bytes());
    LengthPrefixed::new(endian, u32::MAX as usize).write_frame(w, &json)
}

/// The digests the header's `"trailer"` key announces: `None` without the
/// key; an error for a key that is not a list of digest names, or lists
/// none this receiver knows (it could check nothing).
pub fn trailer_in(json: &[u8]) -> Result<Option<Vec<DigestKind>>> {
    let value: Value = serde_json::from_slice(json).map_err(|e| Error::BadHeader(e.to_string()))?;
    let Some(list) = value.get("trailer") else {
        return Ok(None);
    };
    let bad = || {
        Error::BadHeader(format!(
            "\"trailer\" must list digests such as [\"sha256\"], not {list}"
        ))
    };
    let names = list.as_array().ok_or_else(bad)?;
    let mut kinds = Vec::new();
    for name in names {
        match name.as_str() {
            Some("sha256") => kinds.push(DigestKind::Sha256),
            Some("blake3") => kinds.push(DigestKind::Blake3),
            Some(_) => {} // a digest of the future: another may be known
            None => return Err(bad()),
        }
    }
    if kinds.is_empty() {
        return Err(bad());
    }
    Ok(Some(kinds))
}

/// Writes the trailer frame: `{"sha256": ..., "blake3": ...}`, the header's
/// byte order for its length.
pub fn write_trailer<W: Write + ?Sized>(
    w: &mut W,
    digests: &Digests,
    kinds: &[DigestKind],
    endian: Endian,
) -> Result<()> {
    // Written by hand, in the order of `kinds` (a JSON map would sort the
    // keys): the names and hex digits need no escaping.
    let mut pairs = Vec::new();
    for &kind in kinds {
        // The header promised it: a trailer without it would be refused.
        let hex = digests.of(kind).ok_or_else(|| {
            Error::BadHeader(format!("no {} was computed for the trailer", kind.name()))
        })?;
        pairs.push(format!("\"{}\":\"{hex}\"", kind.name()));
    }
    let json = format!("{{{}}}", pairs.join(","));
    LengthPrefixed::new(endian, MAX_TRAILER).write_frame(w, json.as_bytes())
}

/// Reads the trailer frame and returns its digest of `kind`. A sender that
/// closes before it, or a trailer without that digest, is an error: the
/// header promised one.
pub fn read_trailer<R: Read + ?Sized>(
    r: &mut R,
    endian: Endian,
    kind: DigestKind,
) -> Result<String> {
    let frame = match LengthPrefixed::new(endian, MAX_TRAILER).read_frame(r) {
        Ok(Some(frame)) => frame,
        Ok(None) => {
            return Err(Error::ClosedMidFrame {
                what: "trailer length",
                got: 0,
                expected: 4,
            })
        }
        Err(Error::FrameTooLarge { len, max }) => {
            return Err(Error::BadHeader(format!(
                "the trailer announces {len} bytes, over the limit of {max}"
            )))
        }
        Err(e) => return Err(e),
    };
    let value: Value = serde_json::from_slice(&frame).map_err(|_| {
        Error::BadHeader(format!(
            "the trailer is not JSON: {}",
            crate::boundary::printable(&frame)
        ))
    })?;
    match value.get(kind.name()) {
        Some(Value::String(d)) if is_hex_digest(d) => Ok(d.to_ascii_lowercase()),
        _ => Err(Error::BadHeader(format!(
            "the trailer has no \"{}\" of 64 hex digits",
            kind.name()
        ))),
    }
}

/// Sends exactly `size` bytes of `file` to `socket` in writes of at most
/// `chunk` bytes, and returns the digests of `kinds` of what was sent (the
/// others are `None`: SHA-256 costs the sender three to four times BLAKE3's CPU,
/// on cores the receiver may need too).
///
/// The file is read in blocks of about 256 KiB, as [`super::send_file_body`]
/// does; each block, once written to the socket, goes to a second thread
/// that hashes it while this one reads and sends the next. Three blocks
/// circulate, so memory stays under 1 MiB whatever the file's size.
pub fn send_and_hash<R, W>(
    file: &mut R,
    socket: &mut W,
    size: u64,
    chunk: usize,
    kinds: &[DigestKind],
    mut progress: impl FnMut(u64),
) -> Result<Digests>
where
    R: Read + ?Sized,
    W: Write + ?Sized,
{
    const BLOCKS: usize = 3;
    let chunk = chunk.max(1);
    let block = chunk.max(256 * 1024);
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = sync_channel::<(AlignedBuf, usize)>(BLOCKS);
        let (empty_tx, empty_rx) = sync_channel::<AlignedBuf>(BLOCKS);
        for _ in 0..BLOCKS {
            let _ = empty_tx.send(AlignedBuf::zeroed(block));
        }
        let (want_sha256, want_blake3) = (
            kinds.contains(&DigestKind::Sha256),
            kinds.contains(&DigestKind::Blake3),
        );
        let hasher = scope.spawn(move || {
            let mut sha256 = want_sha256.then(Sha256::new);
            let mut blake3 = want_blake3.then(blake3::Hasher::new);
            for (buf, n) in full_rx {
                if let Some(h) = &mut sha256 {
                    h.update(&buf[..n]);
                }
                if let Some(h) = &mut blake3 {
                    h.update(&buf[..n]);
                }
                // The sender may have stopped already; then nobody needs it back.
                let _ = empty_tx.send(buf);
            }
            Digests {
                sha256: sha256.map(|h| hex(&h.finalize())),
                blake3: blake3.map(|h| h.finalize().to_hex().to_string()),
            }
        });

        let sent = (|| -> Result<()> {
            let mut done = 0u64;
            while done < size {
                let Ok(mut buf) = empty_rx.recv() else {
                    return Err(Error::Panicked("the hashing thread"));
                };
                let want = block.min((size - done) as usize);
                let n = match file.read(&mut buf[..want]) {
                    Ok(0) => return Err(super::file_ended_early(done, size)),
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                        let _ = full_tx.send((buf, 0));
                        continue;
                    }
                    Err(e) => return Err(Error::io("reading the file")(e)),
                };
                for piece in buf[..n].chunks(chunk) {
                    // write_all, not write: send() may take only part of the buffer.
                    socket
                        .write_all(piece)
                        .map_err(Error::io("sending the file body"))?;
                    done += piece.len() as u64;
                    progress(done);
                }
                if full_tx.send((buf, n)).is_err() {
                    return Err(Error::Panicked("the hashing thread"));
                }
            }
            Ok(())
        })();
        drop(full_tx);
        let digests = hasher
            .join()
            .map_err(|_| Error::Panicked("the hashing thread"))?;
        sent.map(|()| digests)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_transfer::{digests_of, read_header};
    use crate::resegment::{Pieces, Resegmenter, Seed};

    #[test]
    fn header_body_and_trailer_read_back_through_any_segmentation() {
        let body: Vec<u8> = (0..600_000u32).map(|i| (i * 7 % 256) as u8).collect();
        let header = FileHeader {
            filename: "数据.bin".into(),
            filesize: body.len() as u64,
            sha256: None,
        };
        for endian in [Endian::Big, Endian::Little] {
            let mut wire = Vec::new();
            write_header_announcing_trailer(&mut wire, &header, &TRAILER_DIGESTS, endian).unwrap();
            let digests = send_and_hash(
                &mut &body[..],
                &mut wire,
                body.len() as u64,
                8192,
                &TRAILER_DIGESTS,
                |_| {},
            )
            .unwrap();
            assert_eq!(digests, digests_of(&mut &body[..], |_| {}).unwrap());
            write_trailer(&mut wire, &digests, &TRAILER_DIGESTS, endian).unwrap();

            let mut r = Resegmenter::new(&wire[..], Pieces::up_to(1000), Seed(3));
            let (got, json) = read_header(&mut r, endian, 1024).unwrap().unwrap();
            assert_eq!(got, header);
            assert_eq!(trailer_in(&json).unwrap(), Some(TRAILER_DIGESTS.to_vec()));
            let mut landed = vec![0u8; body.len()];
            r.read_exact(&mut landed).unwrap();
            assert!(landed == body);
            for kind in TRAILER_DIGESTS {
                let mut r2 = Resegmenter::new(&wire[..], Pieces::up_to(7), Seed(4));
                read_header(&mut r2, endian, 1024).unwrap();
                std::io::copy(&mut (&mut r2).take(body.len() as u64), &mut std::io::sink())
                    .unwrap();
                let want = digests.of(kind).unwrap();
                assert_eq!(read_trailer(&mut r2, endian, kind).unwrap(), want);
            }
        }
    }

    #[test]
    fn the_header_lists_the_trailer_after_the_lessons_keys() {
        let header = FileHeader {
            filename: "a.bin".into(),
            filesize: 5,
            sha256: None,
        };
        let mut wire = Vec::new();
        write_header_announcing_trailer(&mut wire, &header, &TRAILER_DIGESTS, Endian::Big).unwrap();
        assert_eq!(
            &wire[4..],
            br#"{"filename":"a.bin","filesize":5,"trailer":["sha256","blake3"]}"#
        );
    }

    #[test]
    fn the_diagrams_sizes_are_what_goes_on_the_wire() {
        let header = FileHeader {
            filename: "sample.bin".into(),
            filesize: 4194304,
            sha256: None,
        };
        let mut wire = Vec::new();
        write_header_announcing_trailer(&mut wire, &header, &TRAILER_DIGESTS, Endian::Big).unwrap();
        assert_eq!(&wire[..4], b"\x00\x00\x00\x4a");
        assert_eq!(wire.len(), 4 + 74);
        let digests = Digests {
            sha256: Some("ab".repeat(32)),
            blake3: Some("cd".repeat(32)),
        };
        let mut trailer = Vec::new();
        write_trailer(&mut trailer, &digests, &TRAILER_DIGESTS, Endian::Little).unwrap();
        assert_eq!(&trailer[..4], b"\x99\x00\x00\x00");
        assert_eq!(trailer.len(), 4 + 153);
        assert!(trailer[4..].starts_with(br#"{"sha256":"abab"#));
    }

    #[test]
    fn a_bad_trailer_key_or_frame_is_refused_in_words() {
        assert_eq!(
            trailer_in(br#"{"filename":"a","filesize":1}"#).unwrap(),
            None
        );
        assert_eq!(
            trailer_in(br#"{"trailer":["md5","sha256"]}"#).unwrap(),
            Some(vec![DigestKind::Sha256])
        );
        for bad in [
            &br#"{"trailer":"sha256"}"#[..],
            br#"{"trailer":["md5"]}"#,
            br#"{"trailer":[1]}"#,
        ] {
            let err = trailer_in(bad).unwrap_err().to_string();
            assert!(err.contains("\"trailer\" must list digests"), "{err}");
        }
        // The sender closed where the trailer should be.
        let err = read_trailer(&mut &b""[..], Endian::Big, DigestKind::Sha256).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 0 of 4 bytes of trailer length"
        );
        let mut wire = Vec::new();
        LengthPrefixed::default()
            .write_frame(&mut wire, br#"{"blake3":"00"}"#)
            .unwrap();
        let err = read_trailer(&mut &wire[..], Endian::Big, DigestKind::Blake3).unwrap_err();
        assert!(
            err.to_string().contains("no \"blake3\" of 64 hex digits"),
            "{err}"
        );
    }

    #[test]
    fn a_sender_asked_for_blake3_alone_computes_and_sends_nothing_else() {
        let body: Vec<u8> = (0..300_000u32).map(|i| (i * 13 % 256) as u8).collect();
        let only = [DigestKind::Blake3];
        let mut wire = Vec::new();
        let digests = send_and_hash(
            &mut &body[..],
            &mut wire,
            body.len() as u64,
            8192,
            &only,
            |_| {},
        )
        .unwrap();
        let both = digests_of(&mut &body[..], |_| {}).unwrap();
        assert_eq!(digests.sha256, None);
        assert_eq!(digests.blake3, both.blake3);
        assert!(wire == body);
        let mut trailer = Vec::new();
        write_trailer(&mut trailer, &digests, &only, Endian::Big).unwrap();
        let json = format!(r#"{{"blake3":"{}"}}"#, both.blake3.unwrap());
        assert_eq!(&trailer[4..], json.as_bytes());
        // A trailer promising a digest that was not computed is not written.
        let err =
            write_trailer(&mut Vec::new(), &digests, &TRAILER_DIGESTS, Endian::Big).unwrap_err();
        assert!(err.to_string().contains("no sha256 was computed"), "{err}");
    }

    #[test]
    fn a_file_shorter_than_announced_stops_the_send() {
        let body = [1u8; 1000];
        let err = send_and_hash(
            &mut &body[..],
            &mut Vec::new(),
            2000,
            100,
            &TRAILER_DIGESTS,
            |_| {},
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("it ended after 1000 of the 2000 bytes"),
            "{err}"
        );
    }
}
