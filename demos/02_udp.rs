//! # Demo 02 — udp: boundaries kept, bytes not guaranteed
//!
//! UDP sends datagrams: one `send_to` is one datagram, and one `recv_from`
//! returns exactly one datagram: never part of one with the rest kept for
//! later, never two glued together. That is why "UDP never sticks". The
//! price: a datagram longer than the receive buffer is cut, and the rest is
//! thrown away, not kept for the next call. (Across a real network datagrams can also be lost or
//! reordered; on loopback they rarely are, so this demo shows truncation.)
//!
//! ```text
//! one terminal:   sticky run 2
//! two terminals:  sticky serve 2                 sticky connect 2
//! with netcat:    sticky serve 2                 nc -u 127.0.0.1 7878   (each line is one datagram)
//! two machines:   sticky serve 2 --bind 0.0.0.0:7878
//!                 sticky connect 2 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: one datagram per message, no header. The server answers each
//! datagram with one datagram of text: `got K of N bytes`.
//! Python: `s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)`,
//! `s.sendto(b'hi', ('127.0.0.1', 7878))`, `s.recvfrom(1024)`.

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use colored::Colorize;
use sticky::boundary::printable;
use sticky::net::{recv_datagram, Datagram};
use sticky::{Error, Result};

/// The receive buffer, as in the lesson's `recvfrom(1024)`.
const BUF: usize = 1024;

/// Small datagrams first, then one too large for the buffer.
fn datagrams() -> Vec<Vec<u8>> {
    let mut list: Vec<Vec<u8>> = ["one", "two two", "three three three", "4", "five!"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    list.push(vec![b'x'; 2000]);
    list
}

/// Both sides in one process: the client sends everything, then the server
/// reads. The kernel queues each datagram whole in the meantime.
pub fn run() -> Result<()> {
    let server = bind_udp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let server_addr = server
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    // A UDP client binds too (to any free port) so replies can find it.
    let client = bind_udp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    println!("server: bound {server_addr} (no listen, no accept: UDP has no connections)");

    let sent = datagrams();
    for d in &sent {
        client
            .send_to(d, server_addr)
            .map_err(Error::io("sending a datagram"))?;
        println!(
            "client: sendto   {:>5} bytes  {}",
            d.len(),
            preview(d).cyan()
        );
    }

    let mut buf = [0u8; BUF];
    let (mut whole, mut lost) = (0, 0);
    for expected in &sent {
        let d = recv_datagram(&server, &mut buf).map_err(Error::io("receiving a datagram"))?;
        println!("server: {}", describe(&d, &buf));
        if buf[..d.kept] == expected[..] {
            whole += 1;
        }
        lost += d.sent - d.kept;
    }
    println!(
        "result: {} sendto, {} recvfrom: {whole} datagrams arrived whole and none glued together; \
         {lost} bytes lost to a {BUF}-byte buffer",
        sent.len(),
        sent.len(),
    );
    Ok(())
}

/// Receives datagrams and answers each with `got K of N bytes`.
pub fn serve(addr: SocketAddr, datagrams: Option<usize>) -> Result<()> {
    let socket = bind_udp(addr)?;
    let local = socket
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!("server: listening on udp {local} (Ctrl-C to stop)");
    let mut buf = [0u8; BUF];
    let mut seen = 0usize;
    while datagrams.is_none_or(|max| seen < max) {
        let d = recv_datagram(&socket, &mut buf).map_err(Error::io("receiving a datagram"))?;
        seen += 1;
        println!("server: {}", describe(&d, &buf));
        let reply = format!("got {} of {} bytes\n", d.kept, d.sent);
        // A failed reply concerns that one client only; keep serving.
        if let Err(e) = socket.send_to(reply.as_bytes(), d.from) {
            eprintln!("client {}: {e}", d.from);
        }
    }
    Ok(())
}

/// Sends the demo's datagrams to a server and prints its replies.
pub fn connect(addr: SocketAddr) -> Result<()> {
    let any = if addr.is_ipv4() {
        SocketAddr::from(([0, 0, 0, 0], 0))
    } else {
        SocketAddr::from(([0u16; 8], 0))
    };
    let socket = bind_udp(any)?;
    println!("client: sends six fixed datagrams to {addr}; typed input is not read");
    // An unconnected socket never hears that no server is there (a connected
    // one would get ECONNREFUSED from the ICMP reply), so wait a bounded time.
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .map_err(Error::io("setting a timeout"))?;
    let mut buf = [0u8; BUF];
    let mut replies = 0;
    let sent = datagrams();
    for (i, d) in sent.iter().enumerate() {
        // Two datagrams unanswered in a row from the start: nobody is there,
        // and waiting out the rest would only delay saying so.
        if i == 2 && replies == 0 {
            return Err(Error::NoReply {
                addr: addr.to_string(),
                sent: i,
            });
        }
        socket
            .send_to(d, addr)
            .map_err(Error::io(format!("sending to {addr}")))?;
        println!(
            "client: sendto   {:>5} bytes  {}",
            d.len(),
            preview(d).cyan()
        );
        match socket.recv_from(&mut buf) {
            Ok((n, _)) => {
                replies += 1;
                println!("client: reply    {}", printable(&buf[..n]).green())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                println!("client: no reply within 2 s (lost, or no server at {addr})")
            }
            Err(e) => return Err(Error::io(format!("receiving from {addr}"))(e)),
        }
    }
    // Some replies lost is UDP being UDP; none at all means nobody is there.
    if replies == 0 {
        return Err(Error::NoReply {
            addr: addr.to_string(),
            sent: sent.len(),
        });
    }
    Ok(())
}

fn bind_udp(addr: SocketAddr) -> Result<UdpSocket> {
    UdpSocket::bind(addr).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })
}

fn describe(d: &Datagram, buf: &[u8]) -> String {
    let head = format!(
        "recvfrom {:>5} bytes  {}",
        d.kept,
        preview(&buf[..d.kept]).green()
    );
    if d.sent > d.kept {
        format!(
            "{head}  {}",
            format!(
                "TRUNCATED: the datagram had {} bytes, {} were thrown away",
                d.sent,
                d.sent - d.kept
            )
            .red()
            .bold()
        )
    } else {
        format!("{head}  whole")
    }
}

/// Short datagrams as text; long ones summarised, so a line fits a slide.
fn preview(bytes: &[u8]) -> String {
    if bytes.len() <= 24 {
        printable(bytes)
    } else {
        format!("{}... ({} bytes)", printable(&bytes[..12]), bytes.len())
    }
}
