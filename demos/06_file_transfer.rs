//! # Demo 06 — file-transfer: the lesson's protocol, done right
//!
//! The sender writes a 4-byte length, a JSON header with the file's name and
//! size, then the file body in chunks, then the file's digests in a trailer
//! (or, when it knew them before it started, in the header instead). The
//! receiver reads exactly 4 bytes, exactly the header, then exactly
//! `filesize` bytes, never one more, then the trailer the header announced,
//! and stops with an error, not an endless loop, if the sender hangs up
//! early. The file is written into `.NAME.part` and renamed into place only
//! when the last byte is in and the digest matches. Then the receiver
//! answers with a verdict, so the sender knows the file was saved rather
//! than only sent, and exits non-zero if it was not.
//!
//! ```text
//! one terminal:   sticky run 6 [--chunk 1024]
//! two terminals:  sticky serve 6 --file PATH      sticky connect 6 --out DIR
//! upload:         sticky serve 6 --upload --out DIR     sticky connect 6 --upload --file PATH
//! lesson scripts: add --little-endian on our side: their struct.pack('i', n) is little-endian on x86
//! Python receiver: sticky serve 6 --file PATH --digest sha256   (hashlib has no BLAKE3)
//! two machines:   sticky serve 6 --file PATH --bind 0.0.0.0:7878
//!                 sticky connect 6 --to TEACHER_IP:7878 --out DIR
//! ```
//!
//! Wire format, a sender that hashes as it sends (`run 6`, every upload, and
//! a served file's first client with `serve 6 --digest both`; by default
//! `serve 6` computes and lists BLAKE3 alone, `"trailer":["blake3"]`, since
//! SHA-256 costs the sender three to four times the CPU while the body goes out):
//!
//! ```text
//! sender -> receiver
//! +-- u32 header length --+-- header: UTF-8 JSON ---------------------------+-- body: filesize bytes --+
//! | \x00\x00\x00\x4a      | {"filename":"sample.bin","filesize":4194304,    | in chunks of --chunk     |
//! | '!I' ('<I' with       |  "trailer":["sha256","blake3"]}   74 bytes      | (8192 by default)        |
//! |  --little-endian)     |  unknown keys are ignored                       |                          |
//! +-----------------------+-------------------------------------------------+--------------------------+
//! +-- u32 trailer length --+-- trailer: UTF-8 JSON --------------------------------+
//! | \x00\x00\x00\x99       | {"sha256":"<64 hex>","blake3":"<64 hex>"}  153 bytes  |
//! | same struct format     |  the digests the header's "trailer" listed            |
//! +------------------------+-------------------------------------------------------+
//! Python:  raw = json.dumps(t).encode(); sock.sendall(struct.pack('!I', len(raw)) + raw)
//! ```
//!
//! With `--little-endian`, the lesson's mode, no trailer is ever sent: the
//! lesson's receiver asks `recv(8192)` even for the last few bytes and would
//! write a trailer into the file. The first client then gets the lesson's
//! header, `{"filename":...,"filesize":...}`, and no digest at all.
//!
//! A served file's later clients, while its size and modification time stay
//! the same, get the digests in the header and no trailer, as before:
//!
//! ```text
//! +-- u32 header length --+-- header: UTF-8 JSON ------------------------+-- body ---+
//! | \x00\x00\x00\xc4      | {"filename":"sample.bin","filesize":4194304, | filesize  |
//! | '!I' / '<I'           |  "sha256":"<64 hex>","blake3":"<64 hex>"}    | bytes     |
//! +-----------------------+----------------------------------------------+-----------+
//! ```
//!
//! Then, either way, the sender half-closes (shutdown SHUT_WR: "no more
//! from me"), and reads
//!
//! ```text
//! receiver -> sender
//! +-- u32 verdict length --+-- verdict: UTF-8 JSON -----------------------------+
//! | \x00\x00\x00\x2b       | {"verdict":"saved","filename":"sample.bin"}         |
//! | same struct format     | or "exists", "digest_mismatch", "too_large",        |
//! |  as the header         | "bad_header", "busy", "failed", with "detail": why  |
//! +------------------------+-----------------------------------------------------+
//! Python:  raw = json.dumps(d).encode(); sock.sendall(struct.pack('!I', len(raw)) + raw)
//! ```
//!
//! The digest used to be in the header always, so a server hashed the whole
//! file before its first header could go out, then read it again to send
//! it; with the trailer each side reads the file once. A receiver that
//! knows nothing of trailers (the lesson's) reads `filesize` bytes and
//! stops: the trailer is left unread, and closing with bytes unread makes
//! TCP reset the connection, which our sender reports as "closed without
//! confirming", as it did before.
//!
//! The lesson's scripts send no verdict and read none. Neither side hangs on
//! them: our receiver writes its verdict after the body and ignores a peer
//! that has gone; our sender reads until the receiver closes, and a close
//! with no verdict is reported as "closed without confirming".
//!
//! The protocol's pieces live in `src/file_transfer.rs`; this file opens
//! the sockets and the files and decides who sends.

use crate::app::screen::{say, wrapped};
use std::fmt::Display;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::thread;
use std::time::{Duration, Instant};

use crate::app::served::serve_clients;
use colored::Colorize;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use sticky::boundary::printable_within;
use sticky::error::join;
use sticky::file_transfer::{
    abandon_partial_files, blake3_in, digests_of, promise_room, read_header, read_trailer,
    read_verdict, receive_and_hash, safe_file_name, send_and_hash, send_file_body, trailer_in,
    write_header, write_header_announcing_trailer, write_header_with_blake3, write_trailer,
    write_verdict, DigestCache, DigestKind, Digests, FileHeader, FileStamp, Outcome, PartialFile,
    Verdict,
};
use sticky::framing::Endian;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits, READ_TIMEOUT};
use sticky::resegment::SplitMix64;
use sticky::{Error, Result};

use crate::app::errors_zh::outcome_zh;
use crate::app::i18n::Catalogue;
use crate::app::lang::{lang, Lang};
use crate::app::screen::fit;
use crate::app::width::display_width;
use crate::app::{in_demo, Served};
use crate::tr;

/// What this demo says, in English and Chinese (`i18n/*/demo06.ftl`).
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo06.ftl"),
        include_str!("../i18n/zh/demo06.ftl"),
    )
});

/// The sample file of `run 6`: a few MiB, the same bytes on every run.
const SAMPLE_NAME: &str = "sample.bin";
const SAMPLE_SIZE: usize = 4 * 1024 * 1024;

/// How long a downloading client waits for the header. Longer than
/// [`READ_TIMEOUT`]: a server may hash the whole file before it sends a
/// header (sticky servers did, before the digest moved to a trailer).
const HEADER_WAIT: Duration = Duration::from_secs(300);

/// What both sides of a transfer agree on, or choose for themselves.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// Byte order of the header's length prefix.
    pub endian: Endian,
    /// Bytes per read and write of the file body on the socket.
    pub chunk: usize,
    /// The largest JSON header a receiver accepts.
    pub max_header: usize,
    /// The largest file a receiver accepts.
    pub max_file: u64,
    /// A receiver replaces a file that already exists.
    pub force: bool,
    /// The digests a sender computes as it sends, when it does not know
    /// them yet, and puts in the trailer.
    pub digests: &'static [DigestKind],
}

/// A file opened for sending, and what announces it.
struct Outgoing {
    file: File,
    header: FileHeader,
    /// Size and modification time when it was opened.
    stamp: FileStamp,
    /// Digests known before sending (a served file's later clients): they
    /// go in the header. `None`: computed while sending, into a trailer.
    known: Option<Digests>,
}

/// What went out: the digests, and the sizes of the frames around the body.
struct Sent {
    /// `None` when the send stopped early (the receiver refused).
    digests: Option<Digests>,
    header_len: usize,
    /// The trailer's length, when the digests went after the body.
    trailer_len: Option<usize>,
}

/// How the sending side's transfer ended.
enum Ending {
    /// The receiver said what it did with the file.
    Confirmed(Verdict),
    /// The receiver closed without a verdict, as the lesson's receivers do.
    Unconfirmed,
}

/// Sends a generated sample file over loopback and checks it arrived intact.
pub fn run(t: &Transfer) -> Result<()> {
    remove_partials_on_interrupt()?;
    let scratch = tempfile::tempdir().map_err(Error::io("creating a scratch folder"))?;
    let sample = scratch.path().join(SAMPLE_NAME);
    write_sample(&sample)?;
    let out = scratch.path().join("received");
    std::fs::create_dir(&out).map_err(Error::file(&out))?;

    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(
        WORDS,
        "will-send",
        addr = addr,
        name = SAMPLE_NAME,
        size = SAMPLE_SIZE,
        chunk = t.chunk
    ));
    let console = Console::new();
    let sender = t.clone();
    let bars = console.clone();
    // The sending thread prints nothing until it is joined, so the lines
    // of both sides come out in the same order on every run.
    let server = thread::spawn(move || -> Result<(Outgoing, Sent, Ending)> {
        let (mut stream, peer) = listener.accept().map_err(Error::io("accepting"))?;
        let mut outgoing = open_outgoing(&sample, &DigestCache::new())?;
        let (sent, ending) = send_file(&mut stream, &mut outgoing, &sender, &bars, peer)?;
        Ok((outgoing, sent, ending))
    });

    let mut stream = connect_tcp(addr)?;
    let received = receive_file(&mut stream, &out, t, &console, &tr!(WORDS, "client"))?;
    drop(stream);
    let (outgoing, sent, ending) = join(server, "the server thread")?;
    let (header, body) = (sent.header_len, outgoing.header.filesize);
    say(match sent.trailer_len {
        None => tr!(WORDS, "sent", header = header, body = body),
        Some(trailer) => tr!(
            WORDS,
            "sent-with-trailer",
            header = header,
            body = body,
            trailer = trailer
        ),
    });
    say(tr!(
        WORDS,
        "server",
        text = ending_words(&ending, SAMPLE_NAME, None)
    ));
    // Independent of the trailer: hash what landed on disk and compare with
    // what the server hashed as it sent.
    let mut landed = File::open(&received).map_err(Error::file(&received))?;
    let on_disk = digests_of(&mut landed, |_| {}).map_err(Error::file(&received))?;
    let same = sent.digests.as_ref().is_some_and(|d| {
        t.digests
            .iter()
            .all(|&k| d.of(k).is_some() && d.of(k) == on_disk.of(k))
    });
    let verdict = if same {
        tr!(WORDS, "same-bytes").green().bold()
    } else {
        tr!(WORDS, "different-bytes").red().bold()
    };
    say(tr!(WORDS, "result", verdict = verdict));
    say(tr!(WORDS, "scratch", name = SAMPLE_NAME));
    Ok(())
}

/// `serve 6 --file`: sends `file` to every client.
pub fn serve_file(addr: SocketAddr, limits: Limits, file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(
        WORDS,
        "serving-file",
        addr = local,
        file = file.display()
    ));
    // No hashing before the first client: its header goes out at once, and
    // the digests follow its body in a trailer, computed as the body goes
    // out. Later clients get them in the header, while the file is unchanged.
    let console = Console::new();
    let digests = DigestCache::new();
    let fail = in_demo(6, t.endian == Endian::Little);
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        console.line(tr!(WORDS, "accepted", peer = peer));
        let mut outgoing = open_outgoing(file, &digests).map_err(fail)?;
        let name = outgoing.header.filename.clone();
        let seen_before = digests.times_computed() > 0;
        let (sent, ending) =
            send_file(&mut stream, &mut outgoing, t, &console, peer).map_err(fail)?;
        let computed = match (&outgoing.known, &sent.digests) {
            (None, Some(d)) => digests.remember(outgoing.stamp, &outgoing.file, d),
            _ => false,
        };
        if computed {
            let size = outgoing.header.filesize;
            let digests = digest_names(t.digests);
            console.line(match (seen_before, sent.trailer_len.is_some()) {
                (true, true) => tr!(WORDS, "hashed-again-trailer", name = name),
                (true, false) => tr!(WORDS, "hashed-again", name = name),
                (false, true) => tr!(
                    WORDS,
                    "hashed-while-sending",
                    name = name,
                    digests = digests,
                    size = size
                ),
                (false, false) => tr!(
                    WORDS,
                    "hashed-while-sending-no-trailer",
                    name = name,
                    digests = digests,
                    size = size
                ),
            });
        }
        let ending = ending_words(&ending, &name, Some(peer));
        console.line(tr!(WORDS, "server", text = ending));
        Ok(())
    })
}

/// `serve 6 --upload`: receives one file from every client into `out`.
pub fn serve_uploads(addr: SocketAddr, limits: Limits, out: &Path, t: &Transfer) -> Result<()> {
    check_out_dir(out)?;
    remove_partials_on_interrupt()?;
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(
        WORDS,
        "serving-uploads",
        addr = local,
        dir = out.display()
    ));
    let console = Console::new();
    let fail = in_demo(6, t.endian == Endian::Little);
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        console.line(tr!(WORDS, "accepted", peer = peer));
        let who = tr!(WORDS, "server-for", peer = peer);
        match receive_file(&mut stream, out, t, &console, &who) {
            Ok(_) => Ok(()),
            // Above the other clients' bars, where the accept loop's own
            // report on stderr would tear through them.
            Err(e) if console.drawing() => {
                console.line(failed(peer, fail(e)));
                Ok(())
            }
            Err(e) => Err(fail(e)),
        }
    })
}

/// `connect 6`: receives the server's file into `out`.
pub fn download(to: &[SocketAddr], out: &Path, t: &Transfer) -> Result<()> {
    check_out_dir(out)?;
    remove_partials_on_interrupt()?;
    let mut stream = connect_any(to)?;
    stream
        .set_read_timeout(Some(HEADER_WAIT))
        .map_err(Error::io("setting a read timeout"))?;
    let who = tr!(WORDS, "client");
    receive_file(&mut stream, out, t, &Console::new(), &who).map(|_| ())
}

/// `connect 6 --upload`: sends `file` to the server; fails unless it was saved.
pub fn upload(to: &[SocketAddr], file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let console = Console::new();
    // Hashed as it is sent, into a trailer: the file is read once.
    let mut outgoing = open_outgoing(file, &DigestCache::new())?;
    let mut stream = connect_any(to)?;
    let addr = stream
        .peer_addr()
        .map_err(Error::io("reading the peer's address"))?;
    let (_, ending) = send_file(&mut stream, &mut outgoing, t, &console, addr)?;
    // A refusal is the error `main` prints, once; anything else is a line here.
    if let Ending::Confirmed(verdict) = ending {
        let saved_as = verdict.into_result()?;
        let name = &outgoing.header.filename;
        console.line(tr!(WORDS, "uploaded", name = name, saved_as = saved_as));
    } else {
        let text = ending_words(&ending, &outgoing.header.filename, None);
        console.line(tr!(
            WORDS,
            "said-by",
            who = tr!(WORDS, "client"),
            text = text
        ));
    }
    Ok(())
}

/// Fails early, before any socket is opened, on a source that is not a readable file.
fn check_source(path: &Path) -> Result<()> {
    let meta = std::fs::metadata(path).map_err(Error::file(path))?;
    if !meta.is_file() {
        return Err(Error::NotAFile(path.display().to_string()));
    }
    Ok(())
}

/// Fails early, before any socket is opened, on an output folder that is not there.
fn check_out_dir(dir: &Path) -> Result<()> {
    let meta = std::fs::metadata(dir).map_err(Error::file(dir))?;
    if !meta.is_dir() {
        return Err(Error::NotAFolder(dir.display().to_string()));
    }
    Ok(())
}

/// Opens the file to send and builds its header, with the digests that
/// `digests` already knows for it (none for a file new to it, or changed).
fn open_outgoing(path: &Path, digests: &DigestCache) -> Result<Outgoing> {
    let file = File::open(path).map_err(Error::file(path))?;
    let stamp = FileStamp::of(&file).map_err(Error::file(path))?;
    let filesize = file.metadata().map_err(Error::file(path))?.len();
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let known = digests.known(stamp);
    let header = FileHeader {
        filename: name,
        filesize,
        sha256: known.as_ref().and_then(|d| d.sha256.clone()),
    };
    Ok(Outgoing {
        file,
        header,
        stamp,
        known,
    })
}

/// Header, body, trailer when the digests were not known, half-close,
/// verdict: the lesson's sender, with `write_all`, a digest, and an ear for
/// the answer.
fn send_file(
    stream: &mut TcpStream,
    outgoing: &mut Outgoing,
    t: &Transfer,
    console: &Console,
    peer: SocketAddr,
) -> Result<(Sent, Ending)> {
    let size = outgoing.header.filesize;
    // With --little-endian, the lesson's mode, nothing follows the body: the
    // lesson's receiver asks for 8192 bytes even when fewer remain, and would
    // take a trailer for the end of the file. The digests are still computed
    // as the body goes out, for later clients' headers.
    let trailer_wanted = outgoing.known.is_none() && t.endian == Endian::Big;
    // Built first, to count its bytes; one write, as before.
    let mut header = Vec::new();
    match &outgoing.known {
        Some(Digests {
            blake3: Some(b), ..
        }) => write_header_with_blake3(&mut header, &outgoing.header, b, t.endian)?,
        None if trailer_wanted => {
            write_header_announcing_trailer(&mut header, &outgoing.header, t.digests, t.endian)?
        }
        // SHA-256 alone is in the header struct already; or no digest at all.
        _ => write_header(&mut header, &outgoing.header, t.endian)?,
    }
    stream
        .write_all(&header)
        .map_err(Error::io("sending the header"))?;
    let bar = console.bar(size, &peer.to_string());
    let progress = |n| bar.set_position(n);
    let body = match &outgoing.known {
        Some(d) => {
            send_file_body(&mut outgoing.file, stream, size, t.chunk, progress).map(|()| d.clone())
        }
        None => send_and_hash(
            &mut outgoing.file,
            stream,
            size,
            t.chunk,
            t.digests,
            progress,
        ),
    };
    bar.finish_and_clear();
    // The digests follow the body when they were computed as it went out.
    let mut trailer_len = None;
    let trailer = match &body {
        Ok(digests) if trailer_wanted => {
            let mut frame = Vec::new();
            write_trailer(&mut frame, digests, t.digests, t.endian)?;
            trailer_len = Some(frame.len());
            stream
                .write_all(&frame)
                .map_err(Error::io("sending the trailer"))
        }
        _ => Ok(()),
    };
    // "No more from me": the receiver's reads end here, and the connection
    // stays open the other way for its verdict.
    let _ = stream.shutdown(Shutdown::Write);
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(Error::io("setting a read timeout"))?;
    // A receiver that refuses early closes without reading the body, and
    // our writes then fail; its verdict, sent before, still explains why.
    // A receiver in the lesson's style reads the body and closes with the
    // trailer unread, which resets the connection: no verdict, no error.
    let (digests, ending) = match (body, trailer, read_verdict(stream, t.endian)) {
        (body, _, Ok(Some(verdict))) => (body.ok(), Ending::Confirmed(verdict)),
        (Err(e), _, _) => return Err(e),
        (Ok(d), Ok(()), Ok(None)) => (Some(d), Ending::Unconfirmed),
        (Ok(d), Err(e), _) | (Ok(d), Ok(()), Err(e)) => {
            if trailer_len.is_some() && reset_by_peer(&e) {
                (Some(d), Ending::Unconfirmed)
            } else {
                return Err(e);
            }
        }
    };
    let sent = Sent {
        digests,
        header_len: header.len(),
        trailer_len,
    };
    Ok((sent, ending))
}

/// "sha256, blake3": the digests' names, as the header spells them.
fn digest_names(kinds: &[DigestKind]) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
    names.join(&crate::app::cli::list_separator())
}

/// The peer reset the connection (or had, when we wrote): what closing with
/// bytes unread does on TCP.
fn reset_by_peer(e: &Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionReset};
    matches!(e, Error::Io { source, .. } if matches!(source.kind(), ConnectionReset | BrokenPipe))
}

/// The sending side's last line.
/// `peer`: the receiver's address, when it is to be named.
fn ending_words(ending: &Ending, name: &str, peer: Option<SocketAddr>) -> String {
    match (ending, peer) {
        (Ending::Confirmed(v), None) if v.verdict == Outcome::Saved => {
            tr!(
                WORDS,
                "saved-by-receiver",
                name = name,
                saved_as = v.filename
            )
        }
        (Ending::Confirmed(v), Some(peer)) if v.verdict == Outcome::Saved => tr!(
            WORDS,
            "saved-by-peer",
            peer = peer,
            name = name,
            saved_as = v.filename
        ),
        // The detail is the receiver's own text, of any length: cut to the line.
        (Ending::Confirmed(v), peer) => {
            let outcome = match lang() {
                Lang::En => v.verdict.words(),
                Lang::Zh => outcome_zh(v.verdict.words()),
            };
            let not_kept = |detail: &str| match peer {
                None => tr!(
                    WORDS,
                    "not-kept-by-receiver",
                    name = name,
                    outcome = outcome,
                    detail = detail
                ),
                Some(peer) => tr!(
                    WORDS,
                    "not-kept-by-peer",
                    peer = peer,
                    name = name,
                    outcome = outcome,
                    detail = detail
                ),
            };
            let around = tr!(WORDS, "server", text = not_kept(""));
            not_kept(&fit(v.detail.as_bytes(), &around))
        }
        (Ending::Unconfirmed, None) => tr!(WORDS, "unconfirmed-by-receiver", name = name),
        (Ending::Unconfirmed, Some(peer)) => {
            tr!(WORDS, "unconfirmed-by-peer", peer = peer, name = name)
        }
    }
}

/// A client's failure, above the bars, as the accept loop would word it,
/// cut to the line.
fn failed(peer: SocketAddr, f: crate::app::Failure) -> String {
    let around = tr!(WORDS, "failed", peer = peer, error = "");
    let text = fit(f.to_string().as_bytes(), &around);
    tr!(WORDS, "failed", peer = peer, error = text)
}

/// Receives one file, then tells the sender what became of it.
fn receive_file(
    stream: &mut TcpStream,
    out: &Path,
    t: &Transfer,
    console: &Console,
    who: &str,
) -> Result<PathBuf> {
    let mut name = String::new();
    let received = receive_into(stream, out, t, console, who, &mut name);
    // The verdict goes back whatever happened. A sender in the lesson's
    // style may have gone already; a write that fails then changes nothing.
    let verdict = Verdict::of(&received, &name);
    if write_verdict(stream, &verdict, t.endian).is_ok() {
        let json = serde_json::to_string(&verdict).unwrap_or_default();
        let json = fit(
            json.as_bytes(),
            &tr!(WORDS, "verdict-sent", who = who, json = ""),
        );
        console.line(tr!(WORDS, "verdict-sent", who = who, json = json.cyan()));
    }
    received
}

/// Header, then exactly `filesize` bytes into `.NAME.part`, then the checks,
/// then the rename. Returns where the file landed; `name` is the bare name
/// as soon as it is known, for the verdict.
fn receive_into(
    stream: &mut TcpStream,
    out: &Path,
    t: &Transfer,
    console: &Console,
    who: &str,
    name: &mut String,
) -> Result<PathBuf> {
    // A downloading client waits long for the header (the server may be
    // hashing a large file), then as long as usual for the body.
    let waiting = stream.read_timeout().ok().flatten();
    let (header, raw) =
        read_header(stream, t.endian, t.max_header)?.ok_or(Error::ClosedMidFrame {
            what: "header length",
            got: 0,
            expected: 4,
        })?;
    // A trailer the header announces: checked now, before anything is written.
    let announced = trailer_in(&raw)?;
    if waiting == Some(HEADER_WAIT) {
        stream
            .set_read_timeout(Some(READ_TIMEOUT))
            .map_err(Error::io("setting a read timeout"))?;
    }
    // The header comes from the peer, at up to --max-header bytes: shown on
    // a line of its own, cut to the width of the screen.
    let format = t.endian.struct_format();
    console.line(tr!(
        WORDS,
        "header",
        who = who,
        len = raw.len(),
        format = format
    ));
    console.line(format!("  {}", fit(&raw, "  ").cyan()));

    // The name comes from the peer: keep only a bare file name, inside --out.
    let (bare, reduced) = safe_file_name(&header.filename)?;
    *name = bare.clone();
    if reduced {
        // The sender's name may be as long as the header: cut to the line.
        let around = tr!(WORDS, "reduced", sent = "", bare = bare);
        let around = tr!(WORDS, "said-by", who = who, text = around);
        let sent = fit(header.filename.as_bytes(), &around);
        let reduced = tr!(WORDS, "reduced", sent = sent, bare = bare).yellow();
        console.line(tr!(WORDS, "said-by", who = who, text = reduced));
    }
    // The size is the peer's claim, not a fact: check it before writing a byte.
    if header.filesize > t.max_file {
        return Err(Error::FileTooLarge {
            size: header.filesize,
            max: t.max_file,
        });
    }
    // Counted with the sizes other clients have promised and not yet sent:
    // held until this transfer ends, however it ends.
    let _room = promise_room(out, header.filesize)?;
    let target = out.join(&bare);
    if target.exists() && !t.force {
        return Err(Error::FileExists(target.display().to_string()));
    }

    // Dropping `part` on any error below removes it; so does Ctrl-C.
    let (part, stale) = PartialFile::open(out, &bare)?;
    let part_name = part
        .path()
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    console.line(if stale {
        tr!(WORDS, "writing-into-stale", who = who, part = part_name)
    } else {
        tr!(WORDS, "writing-into", who = who, part = part_name)
    });
    let started = Instant::now();
    let label = stream
        .peer_addr()
        .map_or_else(|_| bare.clone(), |a| a.to_string());
    let bar = console.bar(header.filesize, &label);
    // Check the cheapest digest on offer: BLAKE3 from a sticky sender,
    // SHA-256 from a Python one, nothing (but the size) from the lesson's.
    // In the header, or (None here) in a trailer after the body.
    let promised = match (blake3_in(&raw), &header.sha256, announced) {
        (Some(b), _, _) => Some((DigestKind::Blake3, Some(b))),
        (None, Some(s), _) => Some((DigestKind::Sha256, Some(s.clone()))),
        (None, None, Some(kinds)) if kinds.contains(&DigestKind::Blake3) => {
            Some((DigestKind::Blake3, None))
        }
        (None, None, Some(_)) => Some((DigestKind::Sha256, None)),
        (None, None, None) => None,
    };
    let kind = promised.as_ref().map(|(k, _)| *k);
    let (digest, _) = receive_and_hash(stream, part.file(), header.filesize, t.chunk, kind, |n| {
        bar.set_position(n)
    })?;
    // The trailer comes right after the body; until it is read and matches,
    // the file stays in its partial file.
    let promised = match promised {
        Some((kind, None)) => Some((kind, read_trailer(stream, t.endian, kind)?, true)),
        Some((kind, Some(expected))) => Some((kind, expected, false)),
        None => None,
    };
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let rate = format!("{:.1}", header.filesize as f64 / secs.max(1e-9) / 1e6);
    console.line(tr!(
        WORDS,
        "received",
        who = who,
        size = header.filesize,
        chunk = t.chunk,
        rate = rate
    ));

    match (promised, digest) {
        (Some((kind, expected, _)), Some(actual)) if expected != actual => {
            return Err(Error::DigestMismatch {
                digest: kind.name(),
                expected,
                actual,
            })
        }
        (Some((kind, _, by_trailer)), _) => {
            let text = if by_trailer {
                tr!(WORDS, "verified-by-trailer", digest = kind.name())
            } else {
                tr!(WORDS, "verified", digest = kind.name())
            };
            console.line(tr!(WORDS, "said-by", who = who, text = text.green().bold()));
        }
        (None, _) => console.line(tr!(WORDS, "no-digest", who = who)),
    }
    // Without --force, refuses to replace a file that appeared while we were receiving.
    part.persist(&target, t.force)?;
    console.line(tr!(WORDS, "saved-as", who = who, bare = bare));
    Ok(target)
}

/// On Ctrl-C (SIGINT) or SIGTERM, removes the partial files being written,
/// then exits as an interrupted program does. Without it the process would
/// die with `.NAME.part` files on disk: destructors do not run on a signal.
fn remove_partials_on_interrupt() -> Result<()> {
    crate::app::interrupt::on_interrupt(|| {
        for path in abandon_partial_files() {
            eprintln!("{}", tr!(WORDS, "interrupted", path = path.display()));
        }
    })
}

/// The columns of a progress bar's label, as in its template.
const LABEL: usize = 21;

/// Where one side's lines go: above its progress bars while they are drawn
/// (a plain print would be overwritten by the next redraw), else to stdout.
#[derive(Clone)]
struct Console {
    bars: MultiProgress,
}

impl Console {
    fn new() -> Self {
        Console {
            bars: MultiProgress::new(),
        }
    }

    /// Bars are drawn only on a terminal.
    fn drawing(&self) -> bool {
        std::io::stderr().is_terminal() && !self.bars.is_hidden()
    }

    fn line(&self, text: impl Display) {
        // A client's line carries its number, or is left out when the
        // projector's ration says so, as with `say`.
        let Some(text) = crate::app::served::voiced(text.to_string()) else {
            return;
        };
        let text = wrapped(&text, crate::app::width::columns());
        if !self.drawing() || self.bars.println(&text).is_err() {
            println!("{text}");
        }
    }

    /// A bar labelled with whom (or what) it is for, with bytes, rate and
    /// time left; one line per client on a server. Hidden off a terminal.
    fn bar(&self, total: u64, label: &str) -> ProgressBar {
        if !self.drawing() {
            return ProgressBar::hidden();
        }
        let bar = self.bars.add(ProgressBar::new(total));
        if let Ok(style) = ProgressStyle::with_template(&bar_template()) {
            bar.set_style(style);
        }
        // A name from the peer may be long; the bar keeps to one line.
        bar.set_prefix(printable_within(label.as_bytes(), LABEL, |_| "…".into()));
        bar
    }
}

/// A progress bar's line within 80 columns, or the terminal's width when it
/// is narrower: the bar gets what the other fields leave at their widest
/// ("1023.99 MiB/1023.99 MiB", "1023.99 MiB/s", "89m"). On a terminal too
/// narrow for a bar of [`SHORTEST_BAR`] beside them, the rate and the time
/// left go.
fn bar_template() -> String {
    let terminal = terminal_size::terminal_size_of(std::io::stderr())
        .map(|(terminal_size::Width(w), _)| usize::from(w));
    let room = [Some(80), crate::app::width::columns(), terminal]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(80);
    let eta = tr!(WORDS, "bar-eta");
    let (sizes, rate, time_left) = (23, 13, 4);
    let full = LABEL + sizes + rate + display_width(&eta) + time_left + 5;
    if room >= full + SHORTEST_BAR {
        let length = room - full;
        format!(
            "{{prefix:>{LABEL}}} {{bar:{length}.cyan/blue}} {{bytes}}/{{total_bytes}} \
             {{bytes_per_sec}} {eta} {{eta}}"
        )
    } else {
        let length = room.saturating_sub(LABEL + sizes + 2).max(1);
        format!("{{prefix:>{LABEL}}} {{bar:{length}.cyan/blue}} {{bytes}}/{{total_bytes}}")
    }
}

/// Columns below which a bar stops showing progress at a glance.
const SHORTEST_BAR: usize = 8;

/// Writes the sample file: pseudo-random bytes from a fixed seed, so its
/// digest is the same on every run.
fn write_sample(path: &Path) -> Result<()> {
    let mut rng = SplitMix64::new(6);
    let mut w = BufWriter::new(File::create(path).map_err(Error::file(path))?);
    for _ in 0..SAMPLE_SIZE / 8 {
        w.write_all(&rng.next_u64().to_le_bytes())
            .map_err(Error::file(path))?;
    }
    w.flush().map_err(Error::file(path))
}
