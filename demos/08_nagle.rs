//! # Demo 08 — nagle: the 40 ms stall of a request written in two pieces
//!
//! Framing brings the boundaries back; it does not decide how many writes a
//! message takes. Here each request is demo 05's frame, written as two
//! writes: the 4-byte length header, then the body. The client waits for
//! the server's answer before the next request. On Linux every request
//! after the first takes about 40 ms, even on loopback:
//!
//! ```text
//! client                                       server
//! write(header)  ---- 4 bytes ------------->   has a header, no body: nothing to answer yet,
//! write(body)    held back by Nagle's            so its ACK waits for the delayed-ACK timer
//!                algorithm: a small segment    (40 ms minimum on Linux)
//!                waits while data is unacked
//!                <---------------- ACK (40 ms later)
//!                ---- body --------------->    answers at once
//! ```
//!
//! Then the three fixes, measured in the same run: one write per request
//! (the whole frame built first, as `Framing::write_frame` does),
//! `TCP_NODELAY` on the client (Nagle off), and on Linux `TCP_QUICKACK` on
//! the server (ACK at once; the kernel turns it off again, so the server
//! sets it again before every read). A table of medians ends the demo.
//!
//! ```text
//! one terminal:   sticky run 8 [--requests N]
//! two terminals:  sticky serve 8                 sticky connect 8 [--requests N]
//!                 (connect 8 measures the client's fixes; TCP_QUICKACK is the server's)
//! two machines:   sticky serve 8 --bind 0.0.0.0:7878
//!                 sticky connect 8 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: demo 05's, both ways. The request body is 64 bytes; the
//! answer is the frame `ok`.
//!
//! ```text
//! +---- len: u32 ----+---- body: 64 bytes ----+     write 1: the header, write 2: the body
//! | \x00\x00\x00\x40 |  GET /item/1 ...       |
//! +------------------+------------------------+
//! answer:  \x00\x00\x00\x02 o k                       one write
//! ```

use crate::app::screen::say;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::LazyLock;
use std::thread;
use std::time::{Duration, Instant};

use crate::app::served::serve_clients;
use colored::Colorize;
use sticky::error::join;
use sticky::exact::{read_exactly, read_full, Filled};
use sticky::framing::HEADER_LEN;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::{Error, Framing, LengthPrefixed, Result};

use crate::app::i18n::Catalogue;
use crate::app::width::{label_width, pad_left};
use crate::app::{in_demo, Served};
use crate::tr;

/// What this demo says, in English and Chinese (`i18n/*/demo08.ftl`).
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo08.ftl"),
        include_str!("../i18n/zh/demo08.ftl"),
    )
});

/// Bytes in a request body: small, as most requests are.
const BODY: usize = 64;
/// The stall counts as seen when the two-write requests take at least this
/// many times as long as the slowest fix. The real gap is about a
/// thousandfold (40 ms against tens of microseconds), so 10 leaves room for
/// a busy machine without calling a mere slowdown a stall.
pub const STALL_RATIO: f64 = 10.0;

/// How a client sends each request, and whether the server helps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// Header, then body: two writes, Nagle's algorithm on (the default).
    TwoWrites,
    /// The whole frame built first, one write.
    OneWrite,
    /// Two writes, with `TCP_NODELAY` on the client.
    NoDelay,
    /// Two writes, Nagle on; the server sets `TCP_QUICKACK` before each read.
    QuickAck,
}

impl Variant {
    /// What the client can do alone, and what needs the server.
    const CLIENT_SIDE: [Variant; 3] = [Variant::TwoWrites, Variant::OneWrite, Variant::NoDelay];

    /// Its name, as the heading of its part and in the table.
    fn name(self) -> String {
        match self {
            Variant::TwoWrites => tr!(WORDS, "variant-two-writes"),
            Variant::OneWrite => tr!(WORDS, "variant-one-write"),
            Variant::NoDelay => tr!(WORDS, "variant-no-delay"),
            Variant::QuickAck => tr!(WORDS, "variant-quickack"),
        }
    }
}

/// The latencies of one variant, in the order the requests were made.
struct Measured {
    variant: Variant,
    times: Vec<Duration>,
}

/// Every variant against a server in this process, on loopback.
pub fn run(requests: usize) -> Result<()> {
    let codec = LengthPrefixed::default();
    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "setup", requests = requests, body = BODY));

    let mut variants = Variant::CLIENT_SIDE.to_vec();
    if cfg!(target_os = "linux") {
        variants.push(Variant::QuickAck);
    }
    let mut results = Vec::new();
    for variant in variants {
        println!("{}", format!("-- {} --", variant.name()).bold());
        // A fresh connection per variant, so one variant's ACK timing
        // cannot carry over into the next.
        let stream = connect_tcp(addr)?;
        let (accepted, _) = listener.accept().map_err(Error::io("accepting"))?;
        let quickack = variant == Variant::QuickAck;
        let server = thread::spawn(move || answer_requests(&accepted, &codec, quickack));
        let times = requests_over(&stream, &codec, variant, requests)?;
        // Closing the client's side ends the server's loop.
        drop(stream);
        join(server, "the server thread")?;
        show(variant, &times);
        results.push(Measured { variant, times });
    }
    if !cfg!(target_os = "linux") {
        say(tr!(WORDS, "no-quickack"));
    }
    table(&results);
    Ok(())
}

/// Sends `count` requests the `variant`'s way and times each round trip.
fn requests_over(
    stream: &TcpStream,
    codec: &LengthPrefixed,
    variant: Variant,
    count: usize,
) -> Result<Vec<Duration>> {
    stream
        .set_nodelay(variant == Variant::NoDelay)
        .map_err(Error::io("setting TCP_NODELAY"))?;
    let mut writer = stream;
    let mut reader = stream;
    let mut times = Vec::with_capacity(count);
    for i in 0..count {
        let body = request_body(i);
        let started = Instant::now();
        match variant {
            Variant::OneWrite => codec.write_frame(&mut writer, &body)?,
            _ => {
                // The header, then the body: two system calls, and, with
                // Nagle on, a body that waits for the header's ACK.
                let header = codec.header(body.len())?;
                std::io::Write::write_all(&mut writer, &header)
                    .map_err(Error::io("writing a request header"))?;
                std::io::Write::write_all(&mut writer, &body)
                    .map_err(Error::io("writing a request body"))?;
            }
        }
        let answer = codec
            .read_frame(&mut reader)?
            .ok_or(Error::ClosedMidFrame {
                what: "answer",
                got: 0,
                expected: HEADER_LEN as u64 + 2,
            })?;
        times.push(started.elapsed());
        // The server answers every request with "ok"; anything else means the
        // two ends do not agree on where a request ends.
        Error::compare("answer", i + 1, b"ok", &answer)?;
    }
    Ok(times)
}

/// A request body of exactly `BODY` bytes, numbered.
fn request_body(i: usize) -> Vec<u8> {
    let mut body = format!("GET /item/{} ", i + 1).into_bytes();
    body.resize(BODY, b'.');
    body
}

/// The server's loop: read the header, then the body, answer `ok` in one
/// write. With `quickack`, TCP_QUICKACK is set before each read: the kernel
/// clears it by itself, so setting it once is not enough.
fn answer_requests(stream: &TcpStream, codec: &LengthPrefixed, quickack: bool) -> Result<usize> {
    let (mut reader, mut writer) = (stream, stream);
    let mut count = 0;
    loop {
        if quickack {
            set_quickack(stream)?;
        }
        let mut header = [0u8; HEADER_LEN];
        if read_full(&mut reader, &mut header, "length header")? == Filled::Eof {
            return Ok(count);
        }
        let len = codec.check_len(codec.endian().decode(header))?;
        if quickack {
            // Set again now that the header has been read: this sends its
            // ACK at once, which is what releases the client's body.
            set_quickack(stream)?;
        }
        let mut body = vec![0u8; len];
        read_exactly(&mut reader, &mut body, "request body")?;
        codec.write_frame(&mut writer, b"ok")?;
        count += 1;
    }
}

/// `setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, 1)`: acknowledge at once,
/// until the kernel decides to delay ACKs again.
#[cfg(target_os = "linux")]
fn set_quickack(stream: &TcpStream) -> Result<()> {
    use std::os::fd::AsRawFd;
    let on: libc::c_int = 1;
    // SAFETY: the descriptor is open for as long as `stream` is borrowed,
    // and the option value is a c_int of the size passed.
    let rc = unsafe {
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_QUICKACK,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc != 0 {
        return Err(Error::io("setting TCP_QUICKACK")(
            std::io::Error::last_os_error(),
        ));
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn set_quickack(_stream: &TcpStream) -> Result<()> {
    Ok(())
}

/// Every request of the stalled variant, where the pattern is the lesson
/// (the first fast, the rest not), and the slowest of each fix.
fn show(variant: Variant, times: &[Duration]) {
    if variant != Variant::TwoWrites {
        let slowest = times.iter().max().copied().unwrap_or_default();
        let n = times.len();
        say(format!(
            "  {}",
            tr!(WORDS, "slowest", n = n, took = ms(slowest))
        ));
        return;
    }
    for (i, t) in times.iter().enumerate() {
        let (i, took) = (format!("{:>3}", i + 1), pad_left(&ms(*t), 10));
        say(format!("  {}", tr!(WORDS, "request", i = i, took = took)));
    }
    // The message file breaks the lines; each next one starts under the label's text.
    let why = tr!(WORDS, "why");
    let under = format!("\n{}", " ".repeat(label_width(&why)));
    say(why.replace('\n', &under).yellow());
}

/// The medians side by side, and whether the stall showed.
fn table(results: &[Measured]) {
    println!();
    let median_heading = pad_left(&tr!(WORDS, "median"), 10);
    say(format!(
        "  {median_heading}   {}",
        tr!(WORDS, "variant-column")
    ));
    for m in results {
        // The figure first: names in Chinese are wider than they count.
        println!("  {:>10}   {}", ms(median(&m.times)), m.variant.name());
    }
    let stalled = results
        .iter()
        .find(|m| m.variant == Variant::TwoWrites)
        .map(|m| median(&m.times));
    let slowest_fix = results
        .iter()
        .filter(|m| m.variant != Variant::TwoWrites)
        .map(|m| median(&m.times))
        .max();
    match (stalled, slowest_fix) {
        (Some(s), Some(f)) if s.as_secs_f64() >= STALL_RATIO * f.as_secs_f64() => {
            say(tr!(WORDS, "stall-seen", ratio = STALL_RATIO).red().bold());
        }
        _ => say(tr!(WORDS, "no-stall", ratio = STALL_RATIO).yellow().bold()),
    }
}

/// The middle value (the upper of the two middle ones for an even count).
fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// A duration in milliseconds, to the hundredth.
fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The server half: answers every request; the client picks the variant.
pub fn serve(addr: SocketAddr, limits: Limits) -> Result<()> {
    let listener: TcpListener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "serving", addr = local));
    let codec = LengthPrefixed::default();
    serve_clients(&listener, limits, |stream, peer| -> Served {
        let n = answer_requests(&stream, &codec, false).map_err(in_demo(8, false))?;
        say(tr!(WORDS, "served", peer = peer, n = n));
        Ok(())
    })
}

/// The client half: the variants a client can choose, one connection each.
pub fn connect(to: &[SocketAddr], requests: usize) -> Result<()> {
    let codec = LengthPrefixed::default();
    say(tr!(WORDS, "setup", requests = requests, body = BODY));
    let mut results = Vec::new();
    for variant in Variant::CLIENT_SIDE {
        println!("{}", format!("-- {} --", variant.name()).bold());
        let stream = connect_any(to)?;
        let times = requests_over(&stream, &codec, variant, requests)?;
        show(variant, &times);
        results.push(Measured { variant, times });
    }
    table(&results);
    Ok(())
}
