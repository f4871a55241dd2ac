//! # Demo 06 — file-transfer: the lesson's protocol, done right
//!
//! The sender writes a 4-byte length, a JSON header with the file's name and
//! size (and its SHA-256), then the file body in chunks. The receiver reads
//! exactly 4 bytes, exactly the header, then exactly `filesize` bytes, never
//! one more, and stops with an error, not an endless loop, if the sender
//! hangs up early. The file is written under a temporary name and renamed
//! into place only when the last byte is in and the digest matches.
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
//! +-- u32 header length --+-- header: UTF-8 JSON ------------------------+-- body: filesize bytes --+
//! | \x00\x00\x00\x78      | {"filename":"sample.bin","filesize":4194304, | in chunks of --chunk     |
//! | '!I' ('<I' with       |  "sha256":"<64 hex digits>"}                 | (8192 by default)        |
//! |  --little-endian)     |  120 bytes; unknown keys are ignored         |                          |
//! +-----------------------+----------------------------------------------+--------------------------+
//! Python:  hdr = json.dumps(d).encode(); sock.sendall(struct.pack('!I', len(hdr)) + hdr)
//! ```
//!
//! The protocol's pieces live in `src/file_transfer.rs`; this file opens
//! the sockets and the files and decides who sends.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Instant;

use colored::Colorize;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use sticky::boundary::printable;
use sticky::error::join;
use sticky::file_transfer::{
    read_header, receive_body, reserve, safe_file_name, send_body, sha256_hex, write_header,
    FileHeader, HashingWriter,
};
use sticky::framing::Endian;
use sticky::net::{bind_tcp, connect_any, connect_tcp, serve_clients, Limits};
use sticky::resegment::SplitMix64;
use sticky::{Error, Result};

/// The sample file of `run 6`: a few MiB, the same bytes on every run.
const SAMPLE_NAME: &str = "sample.bin";
const SAMPLE_SIZE: usize = 4 * 1024 * 1024;

/// What both sides of a transfer agree on, or choose for themselves.
#[derive(Debug, Clone)]
pub struct Transfer {
    /// Byte order of the header's length prefix.
    pub endian: Endian,
    /// Bytes per read and write of the file body.
    pub chunk: usize,
    /// The largest JSON header a receiver accepts.
    pub max_header: usize,
    /// A receiver replaces a file that already exists.
    pub force: bool,
}

/// Sends a generated sample file over loopback and checks it arrived intact.
pub fn run(t: &Transfer) -> Result<()> {
    let scratch = tempfile::tempdir().map_err(Error::io("creating a scratch folder"))?;
    let sample = scratch.path().join(SAMPLE_NAME);
    write_sample(&sample)?;
    let out = scratch.path().join("received");
    std::fs::create_dir(&out).map_err(Error::file(&out))?;

    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!(
        "server: listening on {addr}; will send {SAMPLE_NAME} ({SAMPLE_SIZE} bytes) in chunks of {} bytes",
        t.chunk
    );
    let sender = t.clone();
    // The sending thread prints nothing until it is joined, so the lines
    // of both sides come out in the same order on every run.
    let server = thread::spawn(move || -> Result<FileHeader> {
        let (mut stream, _) = listener.accept().map_err(Error::io("accepting"))?;
        let header = send_file(&mut stream, &sample, &sender, None)?;
        stream
            .shutdown(Shutdown::Write)
            .map_err(Error::io("closing the connection"))?;
        Ok(header)
    });

    let mut stream = connect_tcp(addr)?;
    let received = receive_file(&mut stream, &out, t, Some(&MultiProgress::new()))?;
    let sent = join(server, "the server thread")?;
    println!(
        "server: sent {} header bytes and {} body bytes",
        serde_json::to_vec(&sent).map_or(0, |j| j.len()) + 4,
        sent.filesize
    );
    // Independent of the header: hash what landed on disk and compare with the source.
    let mut landed = File::open(&received).map_err(Error::file(&received))?;
    let on_disk = sha256_hex(&mut landed).map_err(Error::file(&received))?;
    let same = Some(&on_disk) == sent.sha256.as_ref();
    println!(
        "result: {}",
        if same {
            "the file on disk is byte for byte the file that was sent"
                .green()
                .bold()
        } else {
            "the file on disk differs from the file that was sent"
                .red()
                .bold()
        }
    );
    println!("(both copies of {SAMPLE_NAME} are scratch files in a temporary folder, removed when the demo ends)");
    Ok(())
}

/// `serve 6 --file`: sends `file` to every client.
pub fn serve_file(addr: SocketAddr, limits: Limits, file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!(
        "server: listening on {local}; sending {} to each client (Ctrl-C to stop)",
        file.display()
    );
    let bars = MultiProgress::new();
    serve_clients(&listener, limits, |mut stream, peer| -> Result<()> {
        println!("server: accepted {peer}");
        send_file(&mut stream, file, t, Some(&bars))?;
        println!("server: sent {} to {peer}", file.display());
        Ok(())
    })
}

/// `serve 6 --upload`: receives one file from every client into `out`.
pub fn serve_uploads(addr: SocketAddr, limits: Limits, out: &Path, t: &Transfer) -> Result<()> {
    check_out_dir(out)?;
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!(
        "server: listening on {local}; receiving uploads into {} (Ctrl-C to stop)",
        out.display()
    );
    let bars = MultiProgress::new();
    serve_clients(&listener, limits, |mut stream, peer| -> Result<()> {
        println!("server: accepted {peer}");
        receive_file(&mut stream, out, t, Some(&bars)).map(|_| ())
    })
}

/// `connect 6`: receives the server's file into `out`.
pub fn download(to: &[SocketAddr], out: &Path, t: &Transfer) -> Result<()> {
    check_out_dir(out)?;
    let mut stream = connect_any(to)?;
    receive_file(&mut stream, out, t, Some(&MultiProgress::new())).map(|_| ())
}

/// `connect 6 --upload`: sends `file` to the server.
pub fn upload(to: &[SocketAddr], file: &Path, t: &Transfer) -> Result<()> {
    check_source(file)?;
    let mut stream = connect_any(to)?;
    send_file(&mut stream, file, t, Some(&MultiProgress::new()))?;
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    println!("client: sent {}", file.display());
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

/// Header, then body: the lesson's sender, with `write_all` and a digest.
fn send_file(
    stream: &mut TcpStream,
    path: &Path,
    t: &Transfer,
    bars: Option<&MultiProgress>,
) -> Result<FileHeader> {
    let mut file = File::open(path).map_err(Error::file(path))?;
    let filesize = file.metadata().map_err(Error::file(path))?.len();
    // One pass to hash, so the digest can travel in the header, ahead of the body.
    let sha256 =
        sha256_hex(&mut File::open(path).map_err(Error::file(path))?).map_err(Error::file(path))?;
    let header = FileHeader {
        filename: path
            .file_name()
            .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned()),
        filesize,
        sha256: Some(sha256),
    };
    write_header(stream, &header, t.endian)?;
    let bar = progress_bar(filesize, bars);
    send_body(&mut file, stream, filesize, t.chunk, |n| {
        bar.set_position(n)
    })?;
    bar.finish_and_clear();
    Ok(header)
}

/// Header, then exactly `filesize` bytes into a temporary file, then the
/// checks, then the rename. Returns where the file landed.
fn receive_file(
    stream: &mut TcpStream,
    out: &Path,
    t: &Transfer,
    bars: Option<&MultiProgress>,
) -> Result<PathBuf> {
    let (header, raw) =
        read_header(stream, t.endian, t.max_header)?.ok_or(Error::ClosedMidFrame {
            what: "header length",
            got: 0,
            expected: 4,
        })?;
    println!(
        "client: header of {} bytes (length prefix struct '{}'): {}",
        raw.len(),
        t.endian.struct_format(),
        printable(&raw).cyan()
    );

    // The name comes from the peer: keep only a bare file name, inside --out.
    let (name, reduced) = safe_file_name(&header.filename)?;
    if reduced {
        println!(
            "client: {}",
            format!(
                "the sender's name {:?} was reduced to {name:?}",
                header.filename
            )
            .yellow()
        );
    }
    let target = out.join(&name);
    if target.exists() && !t.force {
        return Err(Error::FileExists(target.display().to_string()));
    }

    // A hidden temporary file in the same folder: renaming it is atomic, and
    // if anything fails below it is deleted when `part` is dropped.
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    // A received file gets the usual permissions (0666 less the umask), as
    // with `cp`, rather than the 0600 of a private temporary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let part = builder.tempfile_in(out).map_err(Error::file(out))?;
    reserve(part.as_file(), header.filesize, out)?;

    let started = Instant::now();
    let bar = progress_bar(header.filesize, bars);
    let mut writer = HashingWriter::new(BufWriter::new(part.as_file()));
    receive_body(stream, &mut writer, header.filesize, t.chunk, |n| {
        bar.set_position(n)
    })?;
    let (digest, mut file) = writer.finish();
    file.flush().map_err(Error::file(part.path()))?;
    drop(file);
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "client: received {} bytes in reads of at most {} bytes, {:.1} MB/s",
        header.filesize,
        t.chunk,
        header.filesize as f64 / secs.max(1e-9) / 1e6
    );

    match &header.sha256 {
        Some(expected) if *expected != digest => {
            return Err(Error::DigestMismatch {
                expected: expected.clone(),
                actual: digest,
            })
        }
        Some(_) => println!("client: {}", "sha256 verified".green().bold()),
        None => println!(
            "client: no sha256 in the header (the lesson's sender sends none); size checked"
        ),
    }
    let persisted = if t.force {
        part.persist(&target)
    } else {
        // Refuses to replace a file that appeared while we were receiving.
        part.persist_noclobber(&target)
    };
    persisted.map_err(|e| Error::file(&target)(e.error))?;
    println!("client: saved as {name}, renamed into place after the last byte");
    Ok(target)
}

/// A bar with bytes, rate and time left, on a terminal; nothing otherwise.
/// Bars share one `MultiProgress`, so a server's concurrent clients each get
/// their own line instead of overwriting one another.
fn progress_bar(total: u64, bars: Option<&MultiProgress>) -> ProgressBar {
    let Some(bars) = bars.filter(|_| std::io::stderr().is_terminal()) else {
        return ProgressBar::hidden();
    };
    let bar = bars.add(ProgressBar::new(total));
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:40.cyan/blue} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
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
