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

use std::io::{BufRead, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;

use colored::Colorize;
use sticky::boundary::printable;
use sticky::net::{bind_tcp, connect_tcp, serve_clients};
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
    println!("server: bound and listening on {addr}");

    // The channel only keeps the two halves' lines in a readable order.
    let (accepted_tx, accepted) = mpsc::channel();
    let server = thread::spawn(move || -> Result<()> {
        // accept() blocks until a client has completed the TCP handshake.
        let (stream, peer) = listener.accept().map_err(Error::io("accepting"))?;
        println!("server: accepted a connection from {peer}");
        let _ = accepted_tx.send(());
        echo(stream, peer)
    });

    let mut stream = connect_tcp(addr)?;
    let _ = accepted.recv();
    println!("client: connected to {addr}");
    for line in LINES {
        let echoed = send_and_wait_for_echo(&mut stream, line.as_bytes())?;
        println!("client: got back  {}", printable(&echoed).green());
    }
    // Closing our sending half is how the server learns we are done: its
    // next read returns 0.
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    server
        .join()
        .unwrap_or_else(|_| Err(Error::Usage("the server thread panicked".into())))?;
    println!("done: every line came back as sent");
    Ok(())
}

/// The server half: echoes every read back to its client, one thread per client.
pub fn serve(addr: SocketAddr, clients: Option<usize>) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!("server: listening on {local} (Ctrl-C to stop)");
    serve_clients(&listener, clients, |stream, peer| {
        println!("server: accepted a connection from {peer}");
        echo(stream, peer)
    })
}

/// The client half: sends each line typed on standard input, prints its echo.
pub fn connect(addr: SocketAddr) -> Result<()> {
    let mut stream = connect_tcp(addr)?;
    println!("client: connected to {addr}; type lines, Ctrl-D to finish");
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(Error::io("reading standard input"))? + "\n";
        let echoed = send_and_wait_for_echo(&mut stream, line.as_bytes())?;
        println!("client: got back  {}", printable(&echoed).green());
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    Ok(())
}

/// Reads whatever arrives and writes it straight back, until the client closes.
fn echo(mut stream: TcpStream, peer: SocketAddr) -> Result<()> {
    let mut buf = [0u8; 1024];
    loop {
        // read() returns as soon as *some* bytes are there: 1 to 1024 of them.
        let n = stream
            .read(&mut buf)
            .map_err(Error::io(format!("reading from {peer}")))?;
        if n == 0 {
            // Zero bytes: the client closed its side. Reading again would
            // return 0 forever, so stop here.
            println!("server: {peer} closed the connection");
            return Ok(());
        }
        println!(
            "server: read {n:>3} bytes from {peer}: {}",
            printable(&buf[..n]).yellow()
        );
        // write_all loops over short writes; a bare write() may send only part.
        stream
            .write_all(&buf[..n])
            .map_err(Error::io(format!("writing to {peer}")))?;
    }
}

/// Sends `line`, then reads until exactly as many bytes have come back.
fn send_and_wait_for_echo(stream: &mut TcpStream, line: &[u8]) -> Result<Vec<u8>> {
    println!("client: sending   {}", printable(line).cyan());
    stream
        .write_all(line)
        .map_err(Error::io("sending a line"))?;
    let mut echoed = vec![0u8; line.len()];
    sticky::exact::read_exactly(stream, &mut echoed, "the echo")?;
    Ok(echoed)
}
