//! # Demo 04 — fixed-length: fix 1, every message is exactly N bytes
//!
//! Both sides agree on a size (32 bytes unless `--size` says otherwise). The
//! sender pads each message with zero bytes up to that size; the receiver
//! reads exactly that many bytes per message, however the stream was cut,
//! and strips the padding. The client and the timing are those of demo 03's
//! part 1 (the server reads only after everything was sent, so all records
//! arrive glued together), and now every message comes out whole.
//!
//! ```text
//! one terminal:   sticky run 4 [--size 16] [--seed 7]   (--seed also cuts the stream at random)
//! two terminals:  sticky serve 4                 sticky connect 4
//! grade your own: sticky check 4 --to 127.0.0.1:PORT    (your server must echo every record)
//! two machines:   sticky serve 4 --bind 0.0.0.0:7878
//!                 sticky connect 4 --to TEACHER_IP:7878
//! ```
//!
//! Wire format (`--size 32`):
//!
//! ```text
//! +--------------------------- 32 bytes ---------------------------+
//! | h  e  l  l  o | \0 \0 \0 \0 \0 \0 \0 \0 \0 \0 ... (27 bytes)   |   message 1
//! +----------------------------------------------------------------+
//! | f  r  o  m    | \0 \0 \0 ... (28 bytes)                        |   message 2
//! +----------------------------------------------------------------+
//! Python:  send  sock.sendall(msg.ljust(32, b'\0'))
//!          recv  loop on sock.recv until 32 bytes, then .rstrip(b'\0')
//! ```
//!
//! `serve 4` sends every record back as it came, so a client can check it
//! arrived whole; `connect 4` reads each echo before its next record.
//!
//! The cost: every message pays for the largest one (see the padding line),
//! a message cannot end in a zero byte, and one longer than N is refused.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;

use colored::Colorize;
use sticky::boundary::{color_of, printable};
use sticky::error::join;
use sticky::net::{bind_tcp, connect_any, connect_tcp, serve_clients, Limits};
use sticky::resegment::{Pieces, Seed};
use sticky::{Error, FixedLength, Framing, Resegmenter, Result};

/// Demo 03's messages, so the two outputs can be compared line by line.
const MESSAGES: [&str; 8] = [
    "hello", "from", "the", "client", "one", "write", "per", "message",
];
/// A message the fixed size cannot hold, to show the refusal.
const TOO_LONG: &str = "this message is longer than the agreed thirty-two bytes";
/// With --seed, the largest piece one read may return.
const SEED_PIECE: usize = 12;

/// Server and client in one process.
pub fn run(codec: FixedLength, seed: Option<u64>) -> Result<()> {
    let messages: Vec<Vec<u8>> = MESSAGES.iter().map(|m| m.as_bytes().to_vec()).collect();
    // Encode before connecting: a message that does not fit is refused
    // before a byte is sent.
    let records = messages
        .iter()
        .map(|m| {
            let mut record = Vec::with_capacity(codec.size());
            codec.encode(m, &mut record).map(|()| record)
        })
        .collect::<Result<Vec<_>>>()?;

    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    let (finished_tx, finished) = mpsc::channel();
    let to_send = records.clone();
    // Connect before accept (the backlog completes the handshake), so a
    // failing client can never leave accept() waiting.
    let mut stream = connect_tcp(addr)?;
    let (server_stream, _) = listener.accept().map_err(Error::io("accepting"))?;
    let client = thread::spawn(move || -> Result<()> {
        for record in &to_send {
            // Still one write per message, exactly as in demo 03.
            stream
                .write_all(record)
                .map_err(Error::io("writing a record"))?;
        }
        stream
            .shutdown(Shutdown::Write)
            .map_err(Error::io("closing the connection"))?;
        let _ = finished_tx.send(());
        Ok(())
    });

    println!(
        "client: {} writes of {} bytes each (message + zero padding)",
        records.len(),
        codec.size()
    );
    for (i, m) in messages.iter().enumerate() {
        println!(
            "  write {:<3} {:>4} bytes  {} + {} bytes of padding",
            i + 1,
            codec.size(),
            format!("[{}]", printable(m)).color(color_of(i)).bold(),
            codec.size() - m.len()
        );
    }

    // As in demo 03: the server starts reading only when every record is in
    // its receive buffer, glued together.
    let _ = finished.recv();
    match seed {
        None => println!("server: read_exact({}) until the client closed", codec.size()),
        Some(s) => println!(
            "server: read_exact({}) through the re-segmenter (seed {s}, reads of 1 to {SEED_PIECE} bytes)",
            codec.size()
        ),
    }
    let received = receive_all(&server_stream, &codec, seed)?;
    join(client, "the client thread")?;

    let whole = received
        .iter()
        .zip(&messages)
        .filter(|(r, m)| r == m)
        .count();
    println!(
        "result: {} writes, {} messages read, {}",
        messages.len(),
        received.len(),
        format!("{whole} of {} whole", messages.len())
            .green()
            .bold()
    );
    let payload: usize = messages.iter().map(Vec::len).sum();
    let wire = records.len() * codec.size();
    println!(
        "padding overhead: {payload} bytes of messages took {wire} bytes on the wire; {} bytes ({}%) are padding",
        wire - payload,
        (wire - payload) * 100 / wire.max(1)
    );
    match codec.encode(TOO_LONG.as_bytes(), &mut Vec::new()) {
        Err(e) => println!("refused before sending: {}", e.to_string().yellow()),
        Ok(()) => println!(
            "a {}-byte message fits a size of {}",
            TOO_LONG.len(),
            codec.size()
        ),
    }
    Ok(())
}

/// Reads whole records until the peer closes, printing each message.
fn receive_all(stream: &TcpStream, codec: &FixedLength, seed: Option<u64>) -> Result<Vec<Vec<u8>>> {
    let mut reader: Box<dyn std::io::Read + '_> = match seed {
        None => Box::new(stream),
        Some(seed) => Box::new(Resegmenter::new(
            stream,
            Pieces::up_to(SEED_PIECE),
            Seed(seed),
        )),
    };
    let mut received = Vec::new();
    // read_frame loops until exactly codec.size() bytes are in; None means
    // the client closed cleanly between two records.
    while let Some(message) = codec.read_frame(&mut reader)? {
        print_message(received.len(), &message);
        received.push(message);
    }
    Ok(received)
}

/// One line per message received, in the colour of its write.
fn print_message(i: usize, message: &[u8]) {
    println!(
        "  message {:<3} {:>3} bytes  {}  whole",
        i + 1,
        message.len(),
        format!("[{}]", printable(message))
            .color(color_of(i))
            .bold()
    );
}

/// The server half: prints every record it receives and sends it back.
pub fn serve(addr: SocketAddr, limits: Limits, codec: FixedLength) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!(
        "server: listening on {local}, {}-byte records (Ctrl-C to stop)",
        codec.size()
    );
    serve_clients(&listener, limits, |stream, peer| -> Result<()> {
        println!("server: accepted {peer}");
        let mut count = 0;
        // Each record goes back as it came (an echo), so a client, or
        // `sticky check 4`, can see it arrived whole.
        while let Some(message) = codec.read_frame(&mut &stream)? {
            print_message(count, &message);
            codec.write_frame(&mut &stream, &message)?;
            count += 1;
        }
        println!("server: {peer} closed after {count} messages");
        Ok(())
    })
}

/// The client half: the demo's messages as fixed-size records.
pub fn connect(to: &[SocketAddr], codec: FixedLength) -> Result<()> {
    // Refuse a message that does not fit before connecting, not half-way through.
    for m in MESSAGES {
        codec.encode(m.as_bytes(), &mut Vec::new())?;
    }
    let mut stream = connect_any(to)?;
    println!("client: sends the demo's eight fixed messages; typed input is not read");
    for m in MESSAGES {
        codec.write_frame(&mut stream, m.as_bytes())?;
        // The server sends every record back; read it before the next.
        let echo = codec
            .read_frame(&mut stream)?
            .ok_or(Error::ClosedMidFrame {
                what: "echo",
                got: 0,
                expected: codec.size() as u64,
            })?;
        println!(
            "client: sent [{}] in a {}-byte record, echo [{}]",
            m.cyan(),
            codec.size(),
            printable(&echo).green()
        );
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}
