//! # Demo 01 — tcp-echo: the socket calls, one by one
//!
//! A TCP server binds an address, listens, and accepts one connection per
//! client; the client connects; both then read and write bytes. The server
//! here writes back whatever each `read` returned (an echo).
//!
//! ```text
//! one terminal:   sticky run 1
//! two terminals:  sticky serve 1                 sticky connect 1   (type lines, Ctrl-D to end)
//! with netcat:    sticky serve 1                 nc 127.0.0.1 7878
//! two machines:   sticky serve 1 --bind 0.0.0.0:7878
//!                 sticky connect 1 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: none. Bytes go out as typed; the echo comes back byte for byte.
//! A client that wants its line back waits for exactly as many bytes as it
//! sent, since nothing marks where an echo ends.

use crate::app::screen::say;
use std::fmt::Display;
use std::io::{BufRead, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{mpsc, LazyLock};
use std::thread;

use colored::Colorize;
use sticky::boundary::printable;

use crate::app::i18n::Catalogue;
use crate::app::in_demo;
use crate::app::screen::{fit, Tally, DETAIL};
use crate::app::served::serve_clients;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::{Error, Result};

use crate::tr;

/// What the one-process run sends: ASCII, Chinese (UTF-8 is bytes too), and a goodbye.
const LINES: [&str; 3] = ["hello, server\n", "你好\n", "goodbye\n"];

/// Server and client in one process, on a port the OS picks.
pub fn run() -> Result<()> {
    // Port 0: the OS picks a free port, so this never collides with a server
    // already running on 7878.
    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "listening", addr = addr));

    // The channel only keeps the two halves' lines in a readable order.
    let (accepted_tx, accepted) = mpsc::channel();
    let server = thread::spawn(move || -> Result<()> {
        // accept() blocks until a client has completed the TCP handshake.
        let (stream, peer) = listener.accept().map_err(Error::io("accepting"))?;
        say(tr!(WORDS, "accepted", peer = peer));
        let _ = accepted_tx.send(());
        echo(stream, peer)
    });

    let mut stream = connect_tcp(addr)?;
    let _ = accepted.recv();
    say(tr!(WORDS, "connected", addr = addr));
    for line in LINES {
        let echoed = send_and_wait_for_echo(&mut stream, line.as_bytes())?;
        say(tr!(WORDS, "got-back", line = printable(&echoed).green()));
    }
    // Closing our sending half is how the server learns we are done: its
    // next read returns 0.
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    sticky::error::join(server, "the server thread")?;
    say(tr!(WORDS, "all-echoed"));
    Ok(())
}

/// The server half: echoes every read back to its client, one thread per client.
pub fn serve(addr: SocketAddr, limits: Limits) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "serving", addr = local));
    // A failure is worded by the command: in the run's language, with advice.
    serve_clients(&listener, limits, |stream, peer| {
        say(tr!(WORDS, "accepted", peer = peer));
        echo(stream, peer).map_err(in_demo(1, false))
    })
}

/// The client half: sends each line typed on standard input, prints its echo.
pub fn connect(to: &[SocketAddr]) -> Result<()> {
    let mut stream = connect_any(to)?;
    let addr = stream
        .peer_addr()
        .map_err(Error::io("reading the peer's address"))?;
    say(tr!(WORDS, "type-lines", addr = addr));
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.map_err(Error::io("reading standard input"))? + "\n";
        let echoed = send_and_wait_for_echo(&mut stream, line.as_bytes())?;
        // An echo that is not the line sent is shown in red and ends the run.
        let mismatch = Error::compare("echo", i + 1, line.as_bytes(), &echoed);
        let shown = printable(&echoed);
        let shown = if mismatch.is_ok() {
            shown.green()
        } else {
            shown.red()
        };
        say(tr!(WORDS, "got-back", line = shown));
        mismatch?;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    Ok(())
}

/// Reads whatever arrives and writes it straight back, until the client closes.
fn echo(mut stream: TcpStream, peer: SocketAddr) -> Result<()> {
    let mut buf = [0u8; 1024];
    // Past the first reads only counts are kept: a client that sends a
    // megabyte must not scroll the whole class's screen away.
    let mut tally = Tally::default();
    loop {
        // read() returns as soon as *some* bytes are there: 1 to 1024 of them.
        let n = stream
            .read(&mut buf)
            .map_err(Error::io(format!("reading from {peer}")))?;
        if n == 0 {
            // Zero bytes: the client closed its side. Reading again would
            // return 0 forever, so stop here.
            say(tr!(WORDS, "closed", peer = peer));
            if tally.hidden() > 0 {
                say(tr!(
                    WORDS,
                    "summary",
                    peer = peer,
                    reads = tally.count,
                    bytes = tally.bytes
                ));
            }
            return Ok(());
        }
        if tally.add(n) {
            let shown = fit(&buf[..n], &read_line(n, peer, &""));
            say(read_line(n, peer, &shown.yellow()));
        } else if tally.just_went_quiet() {
            say(tr!(WORDS, "quiet", peer = peer, shown = DETAIL));
        }
        // write_all loops over short writes; a bare write() may send only part.
        stream
            .write_all(&buf[..n])
            .map_err(Error::io_write(format!("writing to {peer}")))?;
    }
}

/// Sends `line`, then reads until exactly as many bytes have come back.
fn send_and_wait_for_echo(stream: &mut TcpStream, line: &[u8]) -> Result<Vec<u8>> {
    say(tr!(WORDS, "sending", line = printable(line).cyan()));
    stream
        .write_all(line)
        .map_err(Error::io("sending a line"))?;
    let mut echoed = vec![0u8; line.len()];
    sticky::exact::read_exactly(stream, &mut echoed, "the echo")?;
    Ok(echoed)
}

/// `server: read  14 bytes from ADDR: …`, the sizes lined up.
fn read_line(n: usize, peer: SocketAddr, bytes: &dyn Display) -> String {
    tr!(
        WORDS,
        "read",
        n = format!("{n:>3}"),
        peer = peer,
        bytes = bytes
    )
}

/// Everything this demo prints, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo01.ftl"),
        include_str!("../i18n/zh/demo01.ftl"),
    )
});
