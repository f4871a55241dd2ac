//! # Demo 06 — file-transfer: the lesson's protocol, done right
//!
//! The sender writes a 4-byte length, a JSON header with the file's name and
//! size (and its SHA-256), then the file body in chunks. The receiver reads
//! exactly 4 bytes, exactly the header, then exactly `filesize` bytes, never
//! one more, and stops with an error, not an endless loop, if the sender
//! hangs up early. The file is written into `.NAME.part` and renamed into
//! place only when the last byte is in and the digest matches. Then the
//! receiver answers with a verdict, so the sender knows the file was saved
//! rather than only sent, and exits non-zero if it was not.
//!
//! ```text
//! one terminal:   sticky run 6 [--chunk 1024]
//! two terminals:  sticky serve 6 --file PATH      sticky connect 6 --out DIR
//! upload:         sticky serve 6 --upload --out DIR     sticky connect 6 --upload --file PATH
//! lesson scripts: add --little-endian on our side: their struct.pack('i', n) is little-endian on x86
//! two machines:   sticky serve 6 --file PATH --bind 0.0.0.0:7878
//!                 sticky connect 6 --to TEACHER_IP:7878 --out DIR
//! ```
//!
//! Wire format:
//!
//! ```text
//! sender -> receiver
//! +-- u32 header length --+-- header: UTF-8 JSON ------------------------+-- body: filesize bytes --+
//! | \x00\x00\x00\xc4      | {"filename":"sample.bin","filesize":4194304, | in chunks of --chunk     |
//! | '!I' ('<I' with       |  "sha256":"<64 hex>","blake3":"<64 hex>"}    | (8192 by default)        |
//! |  --little-endian)     |  196 bytes; unknown keys are ignored         |                          |
//! +-----------------------+----------------------------------------------+--------------------------+
//! the sender half-closes (shutdown SHUT_WR: "no more from me"), then reads
//!
//! receiver -> sender
//! +-- u32 verdict length --+-- verdict: UTF-8 JSON -----------------------------+
//! | \x00\x00\x00\x2b       | {"verdict":"saved","filename":"sample.bin"}         |
//! | same struct format     | or "exists", "digest_mismatch", "too_large",        |
//! |  as the header         | "bad_header", "busy", "failed", with "detail": why  |
//! +------------------------+-----------------------------------------------------+
//! Python:  raw = json.dumps(d).encode(); sock.sendall(struct.pack('!I', len(raw)) + raw)
//! ```
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
use std::thread;
use std::time::{Duration, Instant};

use crate::app::served::serve_clients;
use colored::Colorize;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use sticky::boundary::printable_within;
use sticky::error::join;
use sticky::file_transfer::{
    abandon_partial_files, blake3_in, promise_room, read_header, read_verdict, receive_and_hash,
    safe_file_name, send_file_body, sha256_hex, write_header_with_blake3, write_verdict,
    DigestCache, DigestKind, FileHeader, Outcome, PartialFile, Verdict,
};
use sticky::framing::Endian;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits, READ_TIMEOUT};
use sticky::resegment::SplitMix64;
use sticky::{Error, Result};

use crate::app::screen::fit;
use crate::app::{in_demo, Served};

/// The sample file of `run 6`: a few MiB, the same bytes on every run.
const SAMPLE_NAME: &str = "sample.bin";
const SAMPLE_SIZE: usize = 4 * 1024 * 1024;

/// How long a downloading client waits for the header. Longer than
/// [`READ_TIMEOUT`]: a server that has just started, or whose file just
/// changed, hashes the whole file before it can send a header.
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
}

/// A file opened for sending, and what announces it.
struct Outgoing {
    file: File,
    header: FileHeader,
    /// Sent beside `sha256`: a sticky receiver checks this one, for less CPU.
    blake3: String,
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
    say(words::will_send(addr, SAMPLE_NAME, SAMPLE_SIZE, t.chunk));
    let console = Console::new();
    let sender = t.clone();
    let bars = console.clone();
    // The sending thread prints nothing until it is joined, so the lines
    // of both sides come out in the same order on every run.
    let server = thread::spawn(move || -> Result<(Outgoing, Ending)> {
        let (mut stream, peer) = listener.accept().map_err(Error::io("accepting"))?;
        let (mut outgoing, _) = open_and_hash(&sample, &DigestCache::new(), &bars)?;
        let ending = send_file(&mut stream, &mut outgoing, &sender, &bars, peer)?;
        Ok((outgoing, ending))
    });

    let mut stream = connect_tcp(addr)?;
    let received = receive_file(&mut stream, &out, t, &console, &words::client())?;
    drop(stream);
    let (sent, ending) = join(server, "the server thread")?;
    let mut header_bytes = Vec::new();
    write_header_with_blake3(&mut header_bytes, &sent.header, &sent.blake3, t.endian)?;
    say(words::sent(header_bytes.len(), sent.header.filesize));
    say(words::server(ending_words(&ending, SAMPLE_NAME, None)));
    // Independent of the header: hash what landed on disk and compare with the source.
    let mut landed = File::open(&received).map_err(Error::file(&received))?;
    let on_disk = sha256_hex(&mut landed).map_err(Error::file(&received))?;
    let same = Some(&on_disk) == sent.header.sha256.as_ref();
    let verdict = if same {
        words::same_bytes().green().bold()
    } else {
        words::different_bytes().red().bold()
    };
    say(words::result(verdict));
    say(words::scratch(SAMPLE_NAME));
    Ok(())
}

/// `serve 6 --file`: sends `file` to every client.
pub fn serve_file(addr: SocketAddr, limits: Limits, file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(words::serving_file(local, file.display()));
    // Hash once, now, rather than once per client: a client that connects
    // meanwhile waits in the listen queue, and later ones get the header at once.
    let console = Console::new();
    let digests = DigestCache::new();
    let (first, _) = open_and_hash(file, &digests, &console)?;
    console.line(words::hashed_once(
        &first.header.filename,
        first.header.filesize,
    ));
    drop(first);
    let fail = in_demo(6, t.endian == Endian::Little);
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        console.line(words::accepted(peer));
        let (mut outgoing, computed) = open_and_hash(file, &digests, &console).map_err(fail)?;
        let name = outgoing.header.filename.clone();
        if computed {
            console.line(words::hashed_again(&name));
        }
        let ending = send_file(&mut stream, &mut outgoing, t, &console, peer).map_err(fail)?;
        console.line(words::server(ending_words(&ending, &name, Some(peer))));
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
    say(words::serving_uploads(local, out.display()));
    let console = Console::new();
    let fail = in_demo(6, t.endian == Endian::Little);
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        console.line(words::accepted(peer));
        let who = words::server_for(peer);
        match receive_file(&mut stream, out, t, &console, &who) {
            Ok(_) => Ok(()),
            // Above the other clients' bars, where the accept loop's own
            // report on stderr would tear through them.
            Err(e) if console.drawing() => {
                console.line(words::failed(peer, fail(e)));
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
    receive_file(&mut stream, out, t, &Console::new(), &words::client()).map(|_| ())
}

/// `connect 6 --upload`: sends `file` to the server; fails unless it was saved.
pub fn upload(to: &[SocketAddr], file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let console = Console::new();
    // Hashed before connecting, so the server never waits on our disk.
    let (mut outgoing, _) = open_and_hash(file, &DigestCache::new(), &console)?;
    let mut stream = connect_any(to)?;
    let addr = stream
        .peer_addr()
        .map_err(Error::io("reading the peer's address"))?;
    let ending = send_file(&mut stream, &mut outgoing, t, &console, addr)?;
    // A refusal is the error `main` prints, once; anything else is a line here.
    if let Ending::Confirmed(verdict) = ending {
        let saved_as = verdict.into_result()?;
        console.line(words::uploaded(&outgoing.header.filename, &saved_as));
    } else {
        console.line(words::client_says(ending_words(
            &ending,
            &outgoing.header.filename,
            None,
        )));
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

/// Opens the file to send and builds its header, taking the digests from
/// `digests`. Also says whether they had to be computed (the file is new to
/// `digests`, or changed).
fn open_and_hash(
    path: &Path,
    digests: &DigestCache,
    console: &Console,
) -> Result<(Outgoing, bool)> {
    let mut file = File::open(path).map_err(Error::file(path))?;
    let filesize = file.metadata().map_err(Error::file(path))?.len();
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let bar = console.bar(filesize, &format!("sha256 {name}"));
    let (both, computed) = digests
        .digest(&mut file, |n| bar.set_position(n))
        .map_err(Error::file(path))?;
    bar.finish_and_clear();
    let header = FileHeader {
        filename: name,
        filesize,
        sha256: Some(both.sha256),
    };
    let outgoing = Outgoing {
        file,
        header,
        blake3: both.blake3,
    };
    Ok((outgoing, computed))
}

/// Header, body, half-close, verdict: the lesson's sender, with
/// `write_all`, a digest, and an ear for the answer.
fn send_file(
    stream: &mut TcpStream,
    outgoing: &mut Outgoing,
    t: &Transfer,
    console: &Console,
    peer: SocketAddr,
) -> Result<Ending> {
    let size = outgoing.header.filesize;
    write_header_with_blake3(stream, &outgoing.header, &outgoing.blake3, t.endian)?;
    let bar = console.bar(size, &peer.to_string());
    let sent = send_file_body(&mut outgoing.file, stream, size, t.chunk, |n| {
        bar.set_position(n)
    });
    bar.finish_and_clear();
    // "No more from me": the receiver's reads end here, and the connection
    // stays open the other way for its verdict.
    let _ = stream.shutdown(Shutdown::Write);
    stream
        .set_read_timeout(Some(READ_TIMEOUT))
        .map_err(Error::io("setting a read timeout"))?;
    // A receiver that refuses early closes without reading the body, and
    // our writes then fail; its verdict, sent before, still explains why.
    match (sent, read_verdict(stream, t.endian)) {
        (_, Ok(Some(verdict))) => Ok(Ending::Confirmed(verdict)),
        (Err(e), _) => Err(e),
        (Ok(()), Ok(None)) => Ok(Ending::Unconfirmed),
        (Ok(()), Err(e)) => Err(e),
    }
}

/// The sending side's last line.
fn ending_words(ending: &Ending, name: &str, peer: Option<SocketAddr>) -> String {
    let who = peer.map_or_else(words::the_receiver, |p| p.to_string());
    match ending {
        Ending::Confirmed(v) if v.verdict == Outcome::Saved => {
            words::saved_by(&who, name, &v.filename)
        }
        // The detail is the receiver's own text, of any length: cut to the line.
        Ending::Confirmed(v) => {
            let around = words::not_kept(&who, name, v.verdict.words(), "");
            let detail = fit(v.detail.as_bytes(), &words::server(&around));
            words::not_kept(&who, name, v.verdict.words(), &detail)
        }
        Ending::Unconfirmed => words::unconfirmed(&who, name),
    }
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
        let json = fit(json.as_bytes(), &words::verdict_sent(who, ""));
        console.line(words::verdict_sent(who, json.cyan()));
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
    if waiting == Some(HEADER_WAIT) {
        stream
            .set_read_timeout(Some(READ_TIMEOUT))
            .map_err(Error::io("setting a read timeout"))?;
    }
    // The header comes from the peer, at up to --max-header bytes: shown on
    // a line of its own, cut to the width of the screen.
    console.line(words::header(who, raw.len(), t.endian.struct_format()));
    console.line(format!("  {}", fit(&raw, "  ").cyan()));

    // The name comes from the peer: keep only a bare file name, inside --out.
    let (bare, reduced) = safe_file_name(&header.filename)?;
    *name = bare.clone();
    if reduced {
        // The sender's name may be as long as the header: cut to the line.
        let around = words::said_by(who, words::reduced("", &bare));
        let sent = fit(header.filename.as_bytes(), &around);
        console.line(words::said_by(who, words::reduced(&sent, &bare).yellow()));
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
    console.line(words::writing_into(who, &part_name, stale));
    let started = Instant::now();
    let label = stream
        .peer_addr()
        .map_or_else(|_| bare.clone(), |a| a.to_string());
    let bar = console.bar(header.filesize, &label);
    // Check the cheapest digest on offer: BLAKE3 from a sticky sender,
    // SHA-256 from a Python one, nothing (but the size) from the lesson's.
    let promised = match (blake3_in(&raw), &header.sha256) {
        (Some(b), _) => Some((DigestKind::Blake3, b)),
        (None, Some(s)) => Some((DigestKind::Sha256, s.clone())),
        (None, None) => None,
    };
    let kind = promised.as_ref().map(|(k, _)| *k);
    let (digest, _) = receive_and_hash(stream, part.file(), header.filesize, t.chunk, kind, |n| {
        bar.set_position(n)
    })?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    console.line(words::received(
        who,
        header.filesize,
        t.chunk,
        header.filesize as f64 / secs.max(1e-9) / 1e6,
    ));

    match (promised, digest) {
        (Some((kind, expected)), Some(actual)) if expected != actual => {
            return Err(Error::DigestMismatch {
                digest: kind.name(),
                expected,
                actual,
            })
        }
        (Some((kind, _)), _) => console.line(words::said_by(
            who,
            words::verified(kind.name()).green().bold(),
        )),
        (None, _) => console.line(words::no_digest(who)),
    }
    // Without --force, refuses to replace a file that appeared while we were receiving.
    part.persist(&target, t.force)?;
    console.line(words::saved_as(who, &bare));
    Ok(target)
}

/// On Ctrl-C (SIGINT) or SIGTERM, removes the partial files being written,
/// then exits as an interrupted program does. Without it the process would
/// die with `.NAME.part` files on disk: destructors do not run on a signal.
fn remove_partials_on_interrupt() -> Result<()> {
    crate::app::interrupt::on_interrupt(|| {
        for path in abandon_partial_files() {
            eprintln!("{}", words::interrupted(path.display()));
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
        if let Ok(style) = ProgressStyle::with_template(
            "{prefix:>21} {bar:30.cyan/blue} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}",
        ) {
            bar.set_style(style);
        }
        // A name from the peer may be long; the bar keeps to one line.
        bar.set_prefix(printable_within(label.as_bytes(), LABEL, |_| "…".into()));
        bar
    }
}

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

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use crate::app::errors_zh::outcome_zh;
    use crate::app::lang::{lang, Lang};

    pub fn will_send(addr: SocketAddr, name: &str, size: usize, chunk: usize) -> String {
        match lang() {
            Lang::En => format!(
                "server: listening on {addr}; will send {name} ({size} bytes) in chunks of {chunk} bytes"
            ),
            Lang::Zh => format!(
                "服务端：正在监听 {addr}；将以每块 {chunk} 字节发送 {name}（{size} 字节）"
            ),
        }
    }

    /// The label of the receiving side's lines in `run 6` and `connect 6`.
    pub fn client() -> String {
        match lang() {
            Lang::En => "client".into(),
            Lang::Zh => "客户端".into(),
        }
    }

    /// The label of an upload server's lines about one client.
    pub fn server_for(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server [{peer}]"),
            Lang::Zh => format!("服务端 [{peer}]"),
        }
    }

    /// A client's failure, above the bars, as the accept loop would word it.
    pub fn failed(peer: SocketAddr, f: crate::app::Failure) -> String {
        let label = match lang() {
            Lang::En => format!("client {peer}: "),
            Lang::Zh => format!("客户端 {peer}："),
        };
        let text = crate::app::screen::fit(f.to_string().as_bytes(), &label);
        format!("{label}{text}")
    }

    /// A line said by `who` (one of the labels above).
    pub fn said_by(who: &str, text: impl Display) -> String {
        match lang() {
            Lang::En => format!("{who}: {text}"),
            Lang::Zh => format!("{who}：{text}"),
        }
    }

    pub fn server(text: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: {text}"),
            Lang::Zh => format!("服务端：{text}"),
        }
    }

    pub fn client_says(text: impl Display) -> String {
        said_by(&client(), text)
    }

    pub fn sent(header: usize, body: u64) -> String {
        match lang() {
            Lang::En => format!("server: sent {header} header bytes and {body} body bytes"),
            Lang::Zh => format!("服务端：发出报头 {header} 字节、文件内容 {body} 字节"),
        }
    }

    pub fn same_bytes() -> String {
        match lang() {
            Lang::En => "the file on disk is byte for byte the file that was sent".into(),
            Lang::Zh => "磁盘上的文件与发出的文件逐字节相同".into(),
        }
    }

    pub fn different_bytes() -> String {
        match lang() {
            Lang::En => "the file on disk differs from the file that was sent".into(),
            Lang::Zh => "磁盘上的文件与发出的文件不同".into(),
        }
    }

    pub fn result(verdict: impl Display) -> String {
        match lang() {
            Lang::En => format!("result: {verdict}"),
            Lang::Zh => format!("结果：{verdict}"),
        }
    }

    pub fn scratch(name: &str) -> String {
        match lang() {
            Lang::En => format!(
                "(both copies of {name} are scratch files in a temporary folder, removed when the demo ends)"
            ),
            Lang::Zh => {
                format!("（{name} 的两份副本都是临时文件夹里的草稿文件，演示结束时一并删除）")
            }
        }
    }

    pub fn serving_file(addr: SocketAddr, file: impl Display) -> String {
        match lang() {
            Lang::En => format!(
                "server: listening on {addr}; sending {file} to each client (Ctrl-C to stop)"
            ),
            Lang::Zh => {
                format!("服务端：正在监听 {addr}；向每个客户端发送 {file}（按 Ctrl-C 停止）")
            }
        }
    }

    pub fn hashed_once(name: &str, size: u64) -> String {
        match lang() {
            Lang::En => format!(
                "server: digests of {name} (sha256, blake3) computed once ({size} bytes), reused \
                 for every client while its size and modification time stay the same"
            ),
            Lang::Zh => format!(
                "服务端：{name} 的摘要（sha256、blake3）只算了一次（{size} 字节）；\
                 只要文件大小和修改时间不变，每个客户端都沿用这个结果"
            ),
        }
    }

    pub fn accepted(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: accepted {peer}"),
            Lang::Zh => format!("服务端：accept 了 {peer}"),
        }
    }

    pub fn hashed_again(name: &str) -> String {
        match lang() {
            Lang::En => {
                format!(
                    "server: {name} changed (size or modification time); digests computed again"
                )
            }
            Lang::Zh => format!("服务端：{name} 变了（大小或修改时间）；重新计算了摘要"),
        }
    }

    pub fn serving_uploads(addr: SocketAddr, dir: impl Display) -> String {
        match lang() {
            Lang::En => format!(
                "server: listening on {addr}; receiving uploads into {dir} (Ctrl-C to stop)"
            ),
            Lang::Zh => {
                format!("服务端：正在监听 {addr}；上传的文件收进 {dir}（按 Ctrl-C 停止）")
            }
        }
    }

    pub fn uploaded(name: &str, saved_as: &str) -> String {
        match lang() {
            Lang::En => format!("client: the receiver saved {name} as {saved_as}"),
            Lang::Zh => format!("客户端：接收方已把 {name} 保存为 {saved_as}"),
        }
    }

    pub fn the_receiver() -> String {
        match lang() {
            Lang::En => "the receiver".into(),
            Lang::Zh => "接收方".into(),
        }
    }

    pub fn saved_by(who: &str, name: &str, saved_as: &str) -> String {
        match lang() {
            Lang::En => format!("{who} saved {name} as {saved_as}"),
            Lang::Zh => format!("{}已把 {name} 保存为 {saved_as}", spaced(who)),
        }
    }

    /// `outcome` is the verdict's own words (`Outcome::words`).
    pub fn not_kept(who: &str, name: &str, outcome: &str, detail: &str) -> String {
        match lang() {
            Lang::En => format!("{who} did not keep {name}: {outcome} ({detail})"),
            Lang::Zh => format!(
                "{}没有保留 {name}：{}（{detail}）",
                spaced(who),
                outcome_zh(outcome)
            ),
        }
    }

    /// `who` before Chinese words: an address needs a space after it, 接收方 none.
    fn spaced(who: &str) -> String {
        if who.ends_with(|c: char| c.is_ascii()) {
            format!("{who} ")
        } else {
            who.to_string()
        }
    }

    pub fn unconfirmed(who: &str, name: &str) -> String {
        match lang() {
            Lang::En => format!(
                "sent {name}; {who} closed without confirming (a receiver in the lesson's style sends no verdict)"
            ),
            Lang::Zh => format!(
                "{name} 已发出；{}没有确认就关闭了连接（课上那种写法的接收方不发回执）",
                spaced(who)
            ),
        }
    }

    pub fn verdict_sent(who: &str, json: impl Display) -> String {
        match lang() {
            Lang::En => format!("{who}: verdict sent back: {json}"),
            Lang::Zh => format!("{who}：回执已发回：{json}"),
        }
    }

    /// Said before the header itself, which follows on a line of its own.
    pub fn header(who: &str, len: usize, format: &str) -> String {
        match lang() {
            Lang::En => format!("{who}: header of {len} bytes (length prefix struct '{format}'):"),
            Lang::Zh => format!("{who}：报头 {len} 字节（长度前缀 struct '{format}'）："),
        }
    }

    pub fn reduced(sent: &str, bare: &str) -> String {
        match lang() {
            Lang::En => format!("the sender's name \"{sent}\" was reduced to \"{bare}\""),
            Lang::Zh => format!("发送方给的文件名 \"{sent}\" 被削减为 \"{bare}\""),
        }
    }

    pub fn writing_into(who: &str, part: &str, stale: bool) -> String {
        match (lang(), stale) {
            (Lang::En, false) => format!("{who}: writing into {part} until the last byte is in"),
            (Lang::En, true) => format!(
                "{who}: writing into {part} until the last byte is in \
                 (a stale one from an interrupted run was found and is reused)"
            ),
            (Lang::Zh, false) => format!("{who}：写入 {part}，直到最后一个字节到达"),
            (Lang::Zh, true) => format!(
                "{who}：写入 {part}，直到最后一个字节到达（发现上次中断时留下的同名文件，接着用它）"
            ),
        }
    }

    pub fn received(who: &str, size: u64, chunk: usize, rate: f64) -> String {
        match lang() {
            Lang::En => format!(
                "{who}: received {size} bytes in reads of at most {chunk} bytes, {rate:.1} MB/s"
            ),
            Lang::Zh => {
                format!("{who}：收到 {size} 字节，每次最多读 {chunk} 字节，{rate:.1} MB/s")
            }
        }
    }

    pub fn verified(digest: &str) -> String {
        match lang() {
            Lang::En => format!("{digest} verified"),
            Lang::Zh => format!("{digest} 校验通过"),
        }
    }

    pub fn no_digest(who: &str) -> String {
        match lang() {
            Lang::En => format!(
                "{who}: no digest in the header (the lesson's sender sends none); size checked"
            ),
            Lang::Zh => {
                format!("{who}：报头里没有摘要（课上的发送方不发摘要）；只核对了大小")
            }
        }
    }

    pub fn saved_as(who: &str, bare: &str) -> String {
        match lang() {
            Lang::En => format!("{who}: saved as {bare}, renamed into place after the last byte"),
            Lang::Zh => format!("{who}：已保存为 {bare}，最后一个字节到齐后才改名就位"),
        }
    }

    pub fn interrupted(path: impl Display) -> String {
        match lang() {
            Lang::En => format!("interrupted: removed {path}"),
            Lang::Zh => format!("已中断：删除了 {path}"),
        }
    }
}
