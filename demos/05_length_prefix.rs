//! # Demo 05 — length-prefix: fix 2, a 4-byte length before every message
//!
//! The lesson's "send a header first": each message goes out as its length
//! in 4 bytes, then its bytes. The client reads each echo the simple way:
//! exactly 4 bytes, then exactly as many as they announce. The server reads
//! the way a real server does: whatever arrived goes into a buffer, every
//! whole frame at its front comes out, and an incomplete one waits for the
//! next read. Any size from 0 bytes to the limit works, with 4 bytes of
//! overhead; the 256 KiB message of demo 03 comes out whole, in one frame.
//! The server echoes every frame.
//!
//! Then two misbehaving peers, against the same server: one announces a
//! frame of 4 GiB (refused from the header alone, nothing allocated), one
//! closes half-way through a frame (reported with the byte counts, no hang).
//! The server carries on with the next client after each.
//!
//! ```text
//! one terminal:   sticky run 5 [--seed 7] [--little-endian]
//! two terminals:  sticky serve 5                 sticky connect 5
//! with Python:    sticky serve 5   then the client in docs/05 (struct.pack('!I', n))
//! lesson's 'i':   sticky serve 5 --little-endian   for clients using struct.pack('i', n) on x86
//! two machines:   sticky serve 5 --bind 0.0.0.0:7878
//!                 sticky connect 5 --to TEACHER_IP:7878
//! ```
//!
//! Wire format (default: big-endian, Python `'!I'`):
//!
//! ```text
//! +---- len: u32 ----+---- payload: len bytes ----+
//! | \x00\x00\x00\x05 |  h e l l o                 |
//! +------------------+----------------------------+
//! --little-endian:  \x05\x00\x00\x00, Python '<I' (and 'i' on x86/ARM)
//! Python:  sock.sendall(struct.pack('!I', len(data)) + data)
//!          n, = struct.unpack('!I', recv_exactly(sock, 4)); data = recv_exactly(sock, n)
//! ```
//!
//! A length above `--max-frame` (8 MiB by default) is refused before any
//! buffer is allocated: the length is the peer's claim, not a fact.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;

use colored::Colorize;
use sticky::boundary::{color_of, printable};
use sticky::error::join;
use sticky::framing::HEADER_LEN;
use sticky::net::{bind_tcp, connect_any, connect_tcp, serve_clients, Limits};
use sticky::resegment::{Pieces, Seed};
use sticky::{Deframer, Error, Framing, LengthPrefixed, Resegmenter, Result};

/// Demo 03's messages, and its large one.
const MESSAGES: [&str; 8] = [
    "hello", "from", "the", "client", "one", "write", "per", "message",
];
const LARGE: usize = 256 * 1024;
/// With --seed, the largest piece one read may return.
const SEED_PIECE: usize = 4096;

/// The well-behaved client, then two that are not, against one server.
pub fn run(codec: LengthPrefixed, seed: Option<u64>) -> Result<()> {
    let mut messages: Vec<Vec<u8>> = MESSAGES.iter().map(|m| m.as_bytes().to_vec()).collect();
    messages.push((0..LARGE).map(|i| (i % 251) as u8).collect());
    for m in &messages {
        codec.header(m.len())?;
    }

    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    let header = codec.endian().encode(u32::MAX);
    let to_send = messages.clone();
    // The client thread prints nothing; its findings are printed after
    // join(), so the output reads the same on every run.
    // All three clients connect first; the listen backlog completes their
    // handshakes in this order, and accept() below takes them in it. A client
    // that fails later only closes its connection, so no accept() can hang.
    let mut stream = connect_tcp(addr)?;
    let mut liar = connect_tcp(addr)?;
    let mut quitter = connect_tcp(addr)?;
    let client = thread::spawn(move || -> Result<(usize, Vec<Result<()>>)> {
        for m in &to_send {
            codec.write_frame(&mut stream, m)?;
        }
        stream
            .shutdown(Shutdown::Write)
            .map_err(Error::io("closing the connection"))?;
        let mut matched = 0;
        for m in &to_send {
            if codec.read_frame(&mut stream)?.as_deref() == Some(&m[..]) {
                matched += 1;
            }
        }

        // Misbehaving peer 1: a header claiming 4 GiB - 1 bytes, and nothing more.
        let lie = liar.write_all(&header).map_err(Error::io("writing"));
        // Misbehaving peer 2: announces 10 bytes, sends 3, and hangs up.
        let mut cut = codec.header(10)?.to_vec();
        cut.extend_from_slice(b"abc");
        let quit = quitter.write_all(&cut).map_err(Error::io("writing"));
        Ok((matched, vec![lie, quit]))
    });

    match seed {
        None => println!("server: reading frames, echoing each one"),
        Some(s) => println!(
            "server: reading frames through the re-segmenter (seed {s}, reads of 1 to {SEED_PIECE} bytes), echoing each one"
        ),
    }
    let peers = [
        "the demo client",
        "a peer announcing 4 GiB",
        "a peer that hangs up mid-frame",
    ];
    for peer in peers {
        let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
        println!("server: accepted {peer}");
        match echo_frames(&stream, &codec, seed) {
            Ok(n) => println!("server: the client closed cleanly after {n} frames"),
            // The error ends this connection only; the loop goes on to the next.
            Err(e) => println!(
                "server: {}",
                format!("dropped the connection: {e}").yellow()
            ),
        }
    }
    let (matched, writes) = join(client, "the client thread")?;
    for w in writes {
        w?;
    }
    println!(
        "result: {} messages sent, {}, including the {LARGE}-byte one in a single frame",
        messages.len(),
        format!("{matched} of {} echoed back whole", messages.len())
            .green()
            .bold()
    );
    println!(
        "overhead: {} header bytes for {} bytes of messages",
        HEADER_LEN * messages.len(),
        messages.iter().map(Vec::len).sum::<usize>()
    );
    Ok(())
}

/// Reads frames until the peer closes and writes each one back.
///
/// A real server reads this way rather than "read exactly 4, then exactly
/// len". One read system call can carry many frames (demo 03's sticky
/// packets), and all of them come out of the buffer without another call.
/// And the server never blocks inside half a frame waiting for the rest, so
/// the same loop serves many clients on non-blocking sockets: whatever
/// arrived goes in, whole frames come out, a partial frame waits its turn.
fn echo_frames(stream: &TcpStream, codec: &LengthPrefixed, seed: Option<u64>) -> Result<usize> {
    let mut reader: Box<dyn Read + '_> = match seed {
        None => Box::new(stream),
        Some(seed) => Box::new(Resegmenter::new(
            stream,
            Pieces::up_to(SEED_PIECE),
            Seed(seed),
        )),
    };
    let mut writer = stream;
    // The buffer grows with the bytes that arrive, never with the length a
    // header announces (that length is checked against --max-frame first).
    let mut buffer = Deframer::new(*codec);
    let mut count = 0;
    loop {
        // Read what arrived, however much: part of a frame, or several.
        let n = buffer
            .read_from(&mut reader)
            .map_err(Error::io("reading frames"))?;
        let closed = n == 0;
        loop {
            // Try to parse a frame at the front of the buffer. Incomplete
            // (None) means: go and read more. At the close, the end-of-stream
            // step says None for an empty buffer and errs, with the byte
            // counts, when part of a frame is left.
            let parsed = if closed {
                buffer.next_frame_at_eof()?
            } else {
                buffer.next_frame()?
            };
            let Some(frame) = parsed else { break };
            let shown = if frame.len() <= 40 {
                format!("[{}]", printable(frame))
            } else {
                format!("[message {}: {} bytes]", count + 1, frame.len())
            };
            println!(
                "  frame {:<3} {:>7} bytes  {}  whole",
                count + 1,
                frame.len(),
                shown.color(color_of(count)).bold()
            );
            // The buffer has moved past this frame; the loop tries the next.
            codec.write_frame(&mut writer, frame)?;
            count += 1;
        }
        if closed {
            return Ok(count);
        }
    }
}

/// The server half: echoes every frame; one thread per client.
pub fn serve(addr: SocketAddr, limits: Limits, codec: LengthPrefixed) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    println!(
        "server: listening on {local}, length header struct '{}', frames up to {} bytes (Ctrl-C to stop)",
        codec.endian().struct_format(),
        codec.max_frame()
    );
    serve_clients(&listener, limits, |stream, peer| -> Result<()> {
        println!("server: accepted {peer}");
        let n = echo_frames(&stream, &codec, None)?;
        println!("server: {peer} closed cleanly after {n} frames");
        Ok(())
    })
}

/// The client half: sends the demo's short messages as frames and prints the echoes.
pub fn connect(to: &[SocketAddr], codec: LengthPrefixed) -> Result<()> {
    let mut stream = connect_any(to)?;
    println!("client: sends the demo's eight fixed messages; typed input is not read");
    for m in MESSAGES {
        codec.write_frame(&mut stream, m.as_bytes())?;
        let echo = codec
            .read_frame(&mut stream)?
            .ok_or(Error::ClosedMidFrame {
                what: "echo",
                got: 0,
                expected: (HEADER_LEN + m.len()) as u64,
            })?;
        println!(
            "client: sent [{}], echo [{}]",
            m.cyan(),
            printable(&echo).green()
        );
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}
