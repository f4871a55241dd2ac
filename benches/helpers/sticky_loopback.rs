//! # sticky-loopback — two processes, one TCP stream, nothing else
//!
//! The yardstick for `sticky bench --check`: the plainest program that moves
//! bytes from one process to another over loopback, written with `std::net`
//! alone and sharing no code with `sticky::measure`. If the benchmark's raw
//! row and this program disagree, one of them measures something else.
//!
//! ```text
//! one terminal:  sticky-loopback recv --chunk 8192
//!                (prints "listening on 127.0.0.1:PORT", waits for one sender)
//! another:       sticky-loopback send --to 127.0.0.1:PORT --chunk 8192 --bytes 536870912
//! ```
//!
//! The sender writes `--bytes` bytes in `write` calls of `--chunk` bytes,
//! then closes its sending half. The receiver reads with a `--chunk`-byte
//! buffer until the read that returns 0, and times from its first byte to
//! that end. Default socket options on both sides: no `TCP_NODELAY`, no
//! buffer sizes; closing the sending half pushes out whatever Nagle's
//! algorithm still held, so no transfer waits on a delayed ACK.
//!
//! Wire format: the bytes alone, then the receiver's count back as a
//! big-endian u64, so the sender knows every byte arrived.
//!
//! ```text
//! sender -> receiver:  | --bytes bytes, any values | FIN |
//! receiver -> sender:  +---- count: u64, big-endian ----+
//! ```
//!
//! Both buffers start on a page boundary (`page_aligned`, below). A plain
//! `vec![0u8; n]` of 128 KiB or more starts 16 bytes past one, and the
//! kernel's copy into such a buffer costs about twice the CPU per MiB: with
//! it, this program once agreed with a benchmark that had the same flaw,
//! and both came out at about 0.6 of what loopback does at 1 MiB.
//!
//! The receiver's last line is the figure:
//! `received N bytes in R reads of at most C bytes in T s: X MB/s` (MB = 10^6 bytes).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// A receiver with no sender gives up after this long, so a failed sender
/// never leaves it running.
const DEFAULT_TIMEOUT_S: u64 = 60;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (role, rest) = args.split_first().ok_or(
        "usage: sticky-loopback recv|send [--chunk N] [--bind ADDR | --to ADDR --bytes N]",
    )?;
    let opts = Opts::parse(rest)?;
    match role.as_str() {
        "recv" => receive(&opts),
        "send" => send(&opts),
        other => Err(format!("unknown role {other:?}: expected recv or send")),
    }
}

struct Opts {
    chunk: usize,
    bytes: u64,
    bind: SocketAddr,
    to: Option<SocketAddr>,
    timeout: Duration,
}

impl Opts {
    fn parse(args: &[String]) -> Result<Opts, String> {
        let mut opts = Opts {
            chunk: 8192,
            bytes: 512 << 20,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            to: None,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_S),
        };
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let bad = |e: &dyn std::fmt::Display| format!("{flag} {value:?}: {e}");
            match flag.as_str() {
                "--chunk" => opts.chunk = value.parse().map_err(|e| bad(&e))?,
                "--bytes" => opts.bytes = value.parse().map_err(|e| bad(&e))?,
                "--bind" => opts.bind = value.parse().map_err(|e| bad(&e))?,
                "--to" => opts.to = Some(value.parse().map_err(|e| bad(&e))?),
                "--timeout" => {
                    opts.timeout = Duration::from_secs(value.parse().map_err(|e| bad(&e))?)
                }
                _ => return Err(format!("unknown option {flag}")),
            }
        }
        if opts.chunk == 0 || opts.chunk > 64 << 20 {
            return Err("--chunk must be from 1 to 67108864 bytes".into());
        }
        Ok(opts)
    }
}

/// Where a buffer starts inside its Vec: the first page boundary, 4096.
const PAGE: usize = 4096;

/// A Vec `len + PAGE` long and the offset of its first page boundary: use
/// `v[off..off + len]`. The Vec never grows, so the offset stays right.
fn page_aligned(len: usize) -> (Vec<u8>, usize) {
    let v = vec![0u8; len + PAGE];
    let off = (PAGE - v.as_ptr() as usize % PAGE) % PAGE;
    (v, off)
}

/// Accepts one sender, reads to the end, answers with the count.
fn receive(opts: &Opts) -> Result<(), String> {
    sticky::measure::pin_to_cpu(sticky::measure::RECEIVER_CPU);
    let listener =
        TcpListener::bind(opts.bind).map_err(|e| format!("cannot bind {}: {e}", opts.bind))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("reading the bound address: {e}"))?;
    println!("listening on {addr}");
    // A parent reading this line through a pipe must see it now, not at exit.
    std::io::stdout()
        .flush()
        .map_err(|e| format!("writing to stdout: {e}"))?;

    // accept() has no timeout of its own; this thread is the bound on it.
    let timeout = opts.timeout;
    std::thread::spawn(move || {
        std::thread::sleep(timeout);
        eprintln!("error: no complete transfer within {} s", timeout.as_secs());
        std::process::exit(1);
    });

    let (mut stream, _) = listener.accept().map_err(|e| format!("accepting: {e}"))?;
    let (mut store, off) = page_aligned(opts.chunk);
    let buf = &mut store[off..off + opts.chunk];
    let mut reads = 0u64;
    let mut got = 0u64;

    // The clock starts at the first byte, so the sender's start-up is not counted.
    let n = stream.read(buf).map_err(|e| format!("reading: {e}"))?;
    reads += 1;
    got += n as u64;
    let start = Instant::now();
    let mut last = n;
    while last > 0 {
        last = stream.read(buf).map_err(|e| format!("reading: {e}"))?;
        reads += 1;
        got += last as u64;
    }
    let secs = start.elapsed().as_secs_f64();

    stream
        .write_all(&got.to_be_bytes())
        .map_err(|e| format!("answering the sender: {e}"))?;
    // The first read's bytes arrived before the clock started.
    let timed = got - n as u64;
    println!(
        "received {got} bytes in {reads} reads of at most {} bytes in {secs:.3} s: {:.1} MB/s",
        opts.chunk,
        timed as f64 / secs / 1e6
    );
    Ok(())
}

/// Connects, writes `--bytes` in `--chunk` pieces, closes, checks the count.
fn send(opts: &Opts) -> Result<(), String> {
    sticky::measure::pin_to_cpu(sticky::measure::SENDER_CPU);
    let to = opts
        .to
        .ok_or("send needs --to ADDR (the receiver's listening address)")?;
    let mut stream = TcpStream::connect(to).map_err(|e| format!("cannot connect to {to}: {e}"))?;
    stream
        .set_read_timeout(Some(opts.timeout))
        .map_err(|e| format!("setting a read timeout: {e}"))?;
    let (mut store, off) = page_aligned(opts.chunk);
    let data = &mut store[off..off + opts.chunk];
    for (i, b) in data.iter_mut().enumerate() {
        *b = (i % 251) as u8;
    }
    let mut left = opts.bytes;
    let mut writes = 0u64;
    while left > 0 {
        let piece = &data[..left.min(opts.chunk as u64) as usize];
        // write, not write_all, so that every system call is counted.
        let n = stream.write(piece).map_err(|e| format!("writing: {e}"))?;
        if n == 0 {
            return Err("the connection stopped taking bytes".into());
        }
        writes += 1;
        left -= n as u64;
    }
    // The FIN goes out with the last segment, whatever Nagle was holding.
    stream
        .shutdown(Shutdown::Write)
        .map_err(|e| format!("closing the sending half: {e}"))?;
    let mut count = [0u8; 8];
    stream
        .read_exact(&mut count)
        .map_err(|e| format!("waiting for the receiver's count: {e}"))?;
    let count = u64::from_be_bytes(count);
    if count != opts.bytes {
        return Err(format!(
            "the receiver counted {count} bytes of the {} sent",
            opts.bytes
        ));
    }
    println!(
        "sent {} bytes in {writes} writes of at most {} bytes",
        opts.bytes, opts.chunk
    );
    Ok(())
}
