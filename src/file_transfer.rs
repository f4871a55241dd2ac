//! Demo 06's protocol: the lesson's file transfer, with its bugs fixed.
//!
//! ```text
//! +--- u32: header length ---+--- header: UTF-8 JSON -----------------+--- body ---------+
//! | \x00\x00\x00\x25         | {"filename":"notes.txt","filesize":5}  | h e l l o        |
//! |   Python '!I' ('<I' with |  37 bytes, counted after UTF-8         | exactly filesize |
//! |   --little-endian)       |  encoding; "sha256" may follow         | bytes            |
//! +--------------------------+----------------------------------------+------------------+
//! ```
//!
//! The header is a length-prefixed frame ([`LengthPrefixed`]) holding a JSON
//! object: `filename` (string), `filesize` (unsigned integer), and optionally
//! `sha256` (64 hex digits). Unknown keys are ignored, so the lesson's Python
//! receiver, which knows only the first two, still works. The body follows
//! with no marker at all: the receiver knows where it ends because it counts.
//!
//! What is fixed here compared with the lesson:
//! - the header is read with exact reads, so a header that arrives in pieces
//!   is not mistaken for a short one (`recv(n)` may return fewer than n);
//! - the body is read `min(chunk, remaining)` at a time, so the receiver never
//!   swallows bytes that come after the body;
//! - a read of 0 bytes before the end is "connection closed after X of Y
//!   bytes", not the lesson's endless `while filesize:` loop;
//! - the header's length is checked against a limit before it is allocated,
//!   and the file name is untrusted input (see [`safe_file_name`]).

use std::io::{Read, Write};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::framing::{Endian, Framing, LengthPrefixed};

/// The lesson's chunk size for the file body.
pub const DEFAULT_CHUNK: usize = 8192;

/// The largest header a receiver accepts unless told otherwise: 64 KiB.
pub const DEFAULT_MAX_HEADER: usize = 64 * 1024;

/// The JSON header that precedes the file body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHeader {
    /// The file's name, as the sender chose it: untrusted on the receiving side.
    pub filename: String,
    /// The body's exact length in bytes.
    pub filesize: u64,
    /// The body's SHA-256, in lowercase hex; the lesson's senders omit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// Writes the header frame: its length in 4 bytes, then the JSON.
pub fn write_header<W: Write + ?Sized>(
    w: &mut W,
    header: &FileHeader,
    endian: Endian,
) -> Result<()> {
    let json = serde_json::to_vec(header).map_err(|e| Error::BadHeader(e.to_string()))?;
    // The length counts bytes after UTF-8 encoding: "拾遗" is 2 characters, 6 bytes.
    LengthPrefixed::new(endian, u32::MAX as usize).write_frame(w, &json)
}

/// Reads and checks the header frame, returning it with the JSON bytes as
/// they arrived. `Ok(None)` when the peer closed before sending anything.
pub fn read_header<R: Read + ?Sized>(
    r: &mut R,
    endian: Endian,
    max_header: usize,
) -> Result<Option<(FileHeader, Vec<u8>)>> {
    let frame = match LengthPrefixed::new(endian, max_header).read_frame(r) {
        Ok(Some(frame)) => frame,
        Ok(None) => return Ok(None),
        Err(Error::FrameTooLarge { len, max }) => return Err(Error::HeaderTooLarge { len, max }),
        Err(e) => return Err(e),
    };
    let header: FileHeader = serde_json::from_slice(&frame)
        .map_err(|e| Error::BadHeader(format!("not the JSON expected: {e}")))?;
    if let Some(digest) = &header.sha256 {
        if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::BadHeader("sha256 must be 64 hex digits".into()));
        }
    }
    Ok(Some((header, frame)))
}

/// Reduces a file name sent by the peer to a bare name inside the output folder.
///
/// Anything up to the last `/` or `\` is dropped (a sender may send a whole
/// path, as the lesson's Windows paths show); what is left must be a real
/// name: not empty, not `.` or `..`, no control characters, at most 255 bytes.
/// Returns the name, and whether it was shortened.
pub fn safe_file_name(sent: &str) -> Result<(String, bool)> {
    let refuse = |reason| Error::UnsafeFileName {
        name: sent.to_string(),
        reason,
    };
    if sent.chars().any(char::is_control) {
        return Err(refuse("it contains control characters"));
    }
    let bare = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    // "C:name" on Windows means a drive-relative path.
    let bare = bare.rsplit(':').next().unwrap_or_default();
    match bare {
        "" => Err(refuse("it has no file name in it")),
        "." | ".." => Err(refuse("it names a folder, not a file")),
        b if b.len() > 255 => Err(refuse("it is longer than 255 bytes")),
        b => Ok((b.to_string(), b != sent)),
    }
}

/// Reserves `size` bytes for `file` on disk before the body arrives, so a
/// size the disk cannot take fails at once, not after gigabytes. Where the
/// file system cannot reserve space, nothing is reserved and that is fine.
pub fn reserve(file: &std::fs::File, size: u64, dir: &std::path::Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    if size > 0 {
        use rustix::fs::{fallocate, FallocateFlags};
        match fallocate(file, FallocateFlags::empty(), 0, size) {
            Ok(()) => {}
            Err(e) if e == rustix::io::Errno::OPNOTSUPP => {}
            Err(e) => {
                return Err(Error::NoSpace {
                    size,
                    dir: dir.display().to_string(),
                    source: e.into(),
                })
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, size, dir);
    Ok(())
}

/// SHA-256 of everything `r` yields, in lowercase hex.
pub fn sha256_hex<R: Read + ?Sized>(r: &mut R) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match r.read(&mut buf)? {
            0 => return Ok(hex(&hasher.finalize())),
            n => hasher.update(&buf[..n]),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Copies exactly `size` bytes from `src` (a file) to `dst` (the socket), in
/// reads of at most `chunk` bytes, calling `progress` with the bytes sent so far.
///
/// A file that turns out shorter than announced is an error: the receiver
/// would otherwise wait for bytes that never come.
pub fn send_body<R, W>(
    src: &mut R,
    dst: &mut W,
    size: u64,
    chunk: usize,
    progress: impl FnMut(u64),
) -> Result<()>
where
    R: Read + ?Sized,
    W: Write + ?Sized,
{
    let ends = Ends {
        reading: "reading the file",
        writing: "sending the file body",
        early: &|sent| Error::Io {
            context: "reading the file".into(),
            source: std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("it ended after {sent} of the {size} bytes announced; did it change?"),
            ),
        },
    };
    copy_exactly(src, dst, size, chunk, progress, ends)
}

/// Copies exactly `size` bytes from `src` (the socket) to `dst` (a file),
/// reading at most `min(chunk, remaining)` so nothing after the body is
/// consumed. Wrap `dst` in a [`HashingWriter`] to get the body's digest.
///
/// A read of 0 bytes before the end means the sender closed:
/// [`Error::ClosedMidFrame`] with the counts, never a loop that spins.
pub fn receive_body<R, W>(
    src: &mut R,
    dst: &mut W,
    size: u64,
    chunk: usize,
    progress: impl FnMut(u64),
) -> Result<()>
where
    R: Read + ?Sized,
    W: Write + ?Sized,
{
    let ends = Ends {
        reading: "receiving the file body",
        writing: "writing the received file",
        early: &|got| Error::ClosedMidFrame {
            what: "file body",
            got,
            expected: size,
        },
    };
    copy_exactly(src, dst, size, chunk, progress, ends)
}

/// How [`copy_exactly`] words its errors, for one direction.
struct Ends<'a> {
    reading: &'static str,
    writing: &'static str,
    /// The error for a source that ends after this many bytes, too early.
    early: &'a dyn Fn(u64) -> Error,
}

/// The loop both directions share: read at most `min(chunk, remaining)`,
/// `write_all` what came, stop at `size`; a read of 0 before then is
/// `ends.early`, never a retry.
fn copy_exactly<R, W>(
    src: &mut R,
    dst: &mut W,
    size: u64,
    chunk: usize,
    mut progress: impl FnMut(u64),
    ends: Ends<'_>,
) -> Result<()>
where
    R: Read + ?Sized,
    W: Write + ?Sized,
{
    let mut buf = vec![0u8; chunk.max(1)];
    let mut done = 0u64;
    while done < size {
        let want = buf.len().min((size - done) as usize);
        let n = match src.read(&mut buf[..want]) {
            Ok(0) => return Err((ends.early)(done)),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(ends.reading)(e)),
        };
        // write_all, not write: send() may take only part of the buffer.
        dst.write_all(&buf[..n]).map_err(Error::io(ends.writing))?;
        done += n as u64;
        progress(done);
    }
    Ok(())
}

/// A writer that hashes everything written through it with SHA-256.
#[derive(Debug)]
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    /// Hashes what is written to `inner`.
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The digest of everything written, in lowercase hex, and the inner writer.
    pub fn finish(self) -> (String, W) {
        (hex(&self.hasher.finalize()), self.inner)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resegment::{Pieces, Resegmenter, Seed};

    fn header(name: &str, size: u64) -> FileHeader {
        FileHeader {
            filename: name.into(),
            filesize: size,
            sha256: None,
        }
    }

    #[test]
    fn header_length_counts_utf8_bytes_not_characters() {
        let mut wire = Vec::new();
        write_header(&mut wire, &header("拾遗.mp4", 3), Endian::Big).unwrap();
        let json = "{\"filename\":\"拾遗.mp4\",\"filesize\":3}";
        assert_eq!(&wire[4..], json.as_bytes());
        let len = u32::from_be_bytes(wire[..4].try_into().unwrap()) as usize;
        assert_eq!(len, json.len());
        // Two Chinese characters are 6 bytes: counting characters would be 4 short.
        assert_eq!(len, json.chars().count() + 4);
    }

    #[test]
    fn the_module_diagram_is_what_goes_on_the_wire() {
        let mut wire = Vec::new();
        write_header(&mut wire, &header("notes.txt", 5), Endian::Big).unwrap();
        assert_eq!(&wire[..4], b"\x00\x00\x00\x25");
        assert_eq!(&wire[4..], br#"{"filename":"notes.txt","filesize":5}"#);
    }

    #[test]
    fn header_round_trips_through_any_segmentation() {
        let h = FileHeader {
            filename: "数据.bin".into(),
            filesize: 12345,
            sha256: Some("ab".repeat(32)),
        };
        for endian in [Endian::Big, Endian::Little] {
            let mut wire = Vec::new();
            write_header(&mut wire, &h, endian).unwrap();
            for seed in 0..20 {
                let mut r = Resegmenter::new(&wire[..], Pieces::up_to(5), Seed(seed));
                assert_eq!(read_header(&mut r, endian, 1024).unwrap().unwrap().0, h);
            }
        }
    }

    #[test]
    fn unknown_keys_are_ignored_and_bad_headers_are_refused() {
        let frame = |json: &str| {
            let mut w = (json.len() as u32).to_be_bytes().to_vec();
            w.extend_from_slice(json.as_bytes());
            w
        };
        let ok = frame(r#"{"filename":"a","filesize":1,"mtime":5}"#);
        let (h, raw) = read_header(&mut &ok[..], Endian::Big, 100)
            .unwrap()
            .unwrap();
        assert_eq!(h, header("a", 1));
        assert_eq!(raw, &ok[4..]);
        for (json, says) in [
            (
                r#"{"filename":"a","filesize":-1}"#,
                "invalid value: integer `-1`",
            ),
            (r#"{"filename":"a"}"#, "missing field `filesize`"),
            (r#"{"filename":"a","#, "EOF while parsing"),
            (
                r#"{"filename":"a","filesize":1,"sha256":"xyz"}"#,
                "64 hex digits",
            ),
        ] {
            let err = read_header(&mut &frame(json)[..], Endian::Big, 100).unwrap_err();
            assert!(err.to_string().contains(says), "{json}: {err}");
        }
        let err = read_header(&mut &frame(&"x".repeat(101))[..], Endian::Big, 100).unwrap_err();
        assert!(
            err.to_string()
                .contains("announces 101 bytes, over the limit of 100"),
            "{err}"
        );
    }

    #[test]
    fn file_names_are_reduced_to_a_bare_name() {
        assert_eq!(
            safe_file_name("notes.txt").unwrap(),
            ("notes.txt".into(), false)
        );
        assert_eq!(
            safe_file_name("../../etc/passwd").unwrap(),
            ("passwd".into(), true)
        );
        assert_eq!(safe_file_name("/abs/x").unwrap(), ("x".into(), true));
        assert_eq!(
            safe_file_name(r"D:\python_file\视频\02 tcp拾遗.mp4").unwrap(),
            ("02 tcp拾遗.mp4".into(), true)
        );
        assert_eq!(safe_file_name("C:x").unwrap(), ("x".into(), true));
        for bad in [
            "",
            ".",
            "..",
            "a/..",
            "dir/",
            "a\nb",
            "bell\u{7}",
            &"n".repeat(256),
        ] {
            assert!(
                matches!(safe_file_name(bad), Err(Error::UnsafeFileName { .. })),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn body_stops_at_its_size_and_leaves_what_follows() {
        let wire = b"0123456789NEXT".to_vec();
        let mut src = Resegmenter::new(&wire[..], Pieces::up_to(3), Seed(1));
        let mut out = HashingWriter::new(Vec::new());
        receive_body(&mut src, &mut out, 10, 4, |_| {}).unwrap();
        let (digest, out) = out.finish();
        assert_eq!(out, b"0123456789");
        assert_eq!(digest, sha256_hex(&mut &b"0123456789"[..]).unwrap());
        let mut rest = Vec::new();
        src.read_to_end(&mut rest).unwrap();
        assert_eq!(rest, b"NEXT");
    }

    #[test]
    fn body_cut_short_is_an_error_with_counts() {
        let err = receive_body(&mut &b"abc"[..], &mut Vec::new(), 10, 8192, |_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            "connection closed after 3 of 10 bytes of file body"
        );
    }

    #[test]
    fn sending_a_file_shorter_than_announced_is_an_error() {
        let err = send_body(&mut &b"abc"[..], &mut Vec::new(), 10, 2, |_| {}).unwrap_err();
        assert!(
            err.to_string().contains("ended after 3 of the 10 bytes"),
            "{err}"
        );
    }

    #[test]
    fn a_size_no_disk_can_take_is_refused_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let file = tempfile::tempfile_in(dir.path()).unwrap();
        let err = reserve(&file, 1 << 62, dir.path()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the disk cannot take a file of 4611686018427387904 bytes in "),
            "{err}"
        );
        reserve(&file, 4096, dir.path()).unwrap();
    }

    #[test]
    fn sha256_of_hello() {
        assert_eq!(
            sha256_hex(&mut &b"hello"[..]).unwrap(),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }
}
