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
use std::io::{BufRead, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;

use colored::Colorize;
use sticky::boundary::printable;

use crate::app::in_demo;
use crate::app::screen::{fit, Tally, DETAIL};
use crate::app::served::serve_clients;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::{Error, Result};

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
    say(words::listening(addr));

    // The channel only keeps the two halves' lines in a readable order.
    let (accepted_tx, accepted) = mpsc::channel();
    let server = thread::spawn(move || -> Result<()> {
        // accept() blocks until a client has completed the TCP handshake.
        let (stream, peer) = listener.accept().map_err(Error::io("accepting"))?;
        say(words::accepted(peer));
        let _ = accepted_tx.send(());
        echo(stream, peer)
    });

    let mut stream = connect_tcp(addr)?;
    let _ = accepted.recv();
    say(words::connected(addr));
    for line in LINES {
        let echoed = send_and_wait_for_echo(&mut stream, line.as_bytes())?;
        say(words::got_back(printable(&echoed).green()));
    }
    // Closing our sending half is how the server learns we are done: its
    // next read returns 0.
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    sticky::error::join(server, "the server thread")?;
    say(words::all_echoed());
    Ok(())
}

/// The server half: echoes every read back to its client, one thread per client.
pub fn serve(addr: SocketAddr, limits: Limits) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(words::serving(local));
    // A failure is worded by the command: in the run's language, with advice.
    serve_clients(&listener, limits, |stream, peer| {
        say(words::accepted(peer));
        echo(stream, peer).map_err(in_demo(1, false))
    })
}

/// The client half: sends each line typed on standard input, prints its echo.
pub fn connect(to: &[SocketAddr]) -> Result<()> {
    let mut stream = connect_any(to)?;
    let addr = stream
        .peer_addr()
        .map_err(Error::io("reading the peer's address"))?;
    say(words::type_lines(addr));
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
        say(words::got_back(shown));
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
            say(words::closed(peer));
            if tally.hidden() > 0 {
                say(words::summary(peer, tally.count, tally.bytes));
            }
            return Ok(());
        }
        if tally.add(n) {
            let shown = fit(&buf[..n], &words::read(n, peer, ""));
            say(words::read(n, peer, shown.yellow()));
        } else if tally.just_went_quiet() {
            say(words::quiet(peer, DETAIL));
        }
        // write_all loops over short writes; a bare write() may send only part.
        stream
            .write_all(&buf[..n])
            .map_err(Error::io_write(format!("writing to {peer}")))?;
    }
}

/// Sends `line`, then reads until exactly as many bytes have come back.
fn send_and_wait_for_echo(stream: &mut TcpStream, line: &[u8]) -> Result<Vec<u8>> {
    say(words::sending(printable(line).cyan()));
    stream
        .write_all(line)
        .map_err(Error::io("sending a line"))?;
    let mut echoed = vec![0u8; line.len()];
    sticky::exact::read_exactly(stream, &mut echoed, "the echo")?;
    Ok(echoed)
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use crate::app::lang::{lang, Lang};

    pub fn listening(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: bound and listening on {addr}"),
            Lang::Zh => format!("服务端：已绑定并监听 {addr}"),
        }
    }

    pub fn serving(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: listening on {addr} (Ctrl-C to stop)"),
            Lang::Zh => format!("服务端：正在监听 {addr}（按 Ctrl-C 停止）"),
        }
    }

    pub fn accepted(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: accepted a connection from {peer}"),
            Lang::Zh => format!("服务端：accept 了来自 {peer} 的连接"),
        }
    }

    pub fn connected(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("client: connected to {addr}"),
            Lang::Zh => format!("客户端：已连接到 {addr}"),
        }
    }

    pub fn type_lines(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("client: connected to {addr}; type lines, Ctrl-D to finish"),
            Lang::Zh => format!("客户端：已连接到 {addr}；请输入几行文字，按 Ctrl-D 结束"),
        }
    }

    pub fn sending(line: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sending   {line}"),
            Lang::Zh => format!("客户端：发送      {line}"),
        }
    }

    pub fn got_back(line: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: got back  {line}"),
            Lang::Zh => format!("客户端：收到回显  {line}"),
        }
    }

    pub fn read(n: usize, peer: SocketAddr, bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: read {n:>3} bytes from {peer}: {bytes}"),
            Lang::Zh => format!("服务端：从 {peer} 读到 {n:>3} 字节：{bytes}"),
        }
    }

    pub fn closed(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: {peer} closed the connection"),
            Lang::Zh => format!("服务端：{peer} 关闭了连接"),
        }
    }

    pub fn quiet(peer: SocketAddr, shown: usize) -> String {
        match lang() {
            Lang::En => format!(
                "server: {peer} sent more than {shown} reads; the rest are counted, not shown"
            ),
            Lang::Zh => format!("服务端：{peer} 已超过 {shown} 次读；之后的读只计数，不再显示"),
        }
    }

    pub fn summary(peer: SocketAddr, reads: usize, bytes: u64) -> String {
        match lang() {
            Lang::En => format!("server: {peer} sent {bytes} bytes in {reads} reads, all echoed"),
            Lang::Zh => {
                format!("服务端：{peer} 共发来 {bytes} 字节，分 {reads} 次读到，全部已回显")
            }
        }
    }

    pub fn all_echoed() -> String {
        match lang() {
            Lang::En => "done: every line came back as sent".into(),
            Lang::Zh => "完成：每一行都原样回来了".into(),
        }
    }
}
