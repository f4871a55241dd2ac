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

use crate::app::screen::say;
use std::fmt::Display;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::LazyLock;
use std::thread;

use crate::app::color::color_of;
use crate::app::served::serve_clients;
use crate::app::slides::{picture, Recorded};
use colored::Colorize;
use sticky::boundary::printable;
use sticky::error::join;
use sticky::framing::{Endian, Pace, HEADER_LEN};
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::resegment::{Pieces, Seed};
use sticky::{Deframer, Error, Framing, LengthPrefixed, Resegmenter, Result};

use crate::app::errors_zh::text as error_text;
use crate::app::i18n::Catalogue;
use crate::app::screen::{fit, Tally, DETAIL};
use crate::app::width::pad_right;
use crate::app::{in_demo, input, Served};
use crate::tr;

/// What this demo says, in English and Chinese (`i18n/*/demo05.ftl`).
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo05.ftl"),
        include_str!("../i18n/zh/demo05.ftl"),
    )
});

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

    say(match seed {
        None => tr!(WORDS, "reading"),
        Some(seed) => tr!(WORDS, "reading-seeded", seed = seed, piece = SEED_PIECE),
    });
    for peer in [Peer::Demo, Peer::Liar, Peer::Quitter] {
        let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
        let who = match peer {
            Peer::Demo => tr!(WORDS, "peer-demo"),
            Peer::Liar => tr!(WORDS, "peer-liar"),
            Peer::Quitter => tr!(WORDS, "peer-quitter"),
        };
        say(tr!(WORDS, "accepted-peer", peer = who));
        let outcome = echo_frames(&stream, &codec, seed);
        if let (Peer::Demo, Ok(n)) = (peer, &outcome) {
            // For --svg: the demo client's frames as they crossed the wire.
            let frames = messages
                .iter()
                .map(|m| codec.header(m.len()).map(|h| [&h[..], m].concat()))
                .collect::<Result<Vec<_>>>()?;
            picture(&tr!(WORDS, "closed-cleanly", n = n), &frames);
        }
        match outcome {
            Ok(n) => say(tr!(WORDS, "closed-cleanly", n = n)),
            // The error ends this connection only; the loop goes on to the next.
            Err(e) => say(tr!(WORDS, "dropped", error = error_text(&e).yellow())),
        }
    }
    let (matched, writes) = join(client, "the client thread")?;
    for w in writes {
        w?;
    }
    let sent = messages.len();
    // Chinese says "all of them" where English keeps the count.
    let whole = if matched == sent {
        tr!(WORDS, "echoed-all", sent = sent)
    } else {
        tr!(WORDS, "echoed-whole", matched = matched, sent = sent)
    };
    let whole = whole.green().bold();
    say(tr!(
        WORDS,
        "result",
        sent = sent,
        whole = whole,
        large = LARGE
    ));
    say(tr!(
        WORDS,
        "overhead",
        header = HEADER_LEN * messages.len(),
        payload = messages.iter().map(Vec::len).sum::<usize>()
    ));
    Ok(())
}

/// The three clients of `run`, in the order they connect.
#[derive(Clone, Copy)]
enum Peer {
    /// Sends every message as a frame and reads the echoes.
    Demo,
    /// Sends a header claiming 4 GiB, and nothing more.
    Liar,
    /// Announces 10 bytes, sends 3, and hangs up.
    Quitter,
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
    let reader: Box<dyn Read + '_> = match seed {
        None => Box::new(stream),
        Some(seed) => Box::new(Resegmenter::new(
            stream,
            Pieces::up_to(SEED_PIECE),
            Seed(seed),
        )),
    };
    // For --svg: notes how long each read was.
    let mut reader = Recorded(reader);
    let mut writer = stream;
    // The buffer grows with the bytes that arrive, never with the length a
    // header announces (that length is checked against --max-frame first).
    // A frame that trickles in is dropped once it falls below the
    // classroom's pace (see `Pace`): one byte every few seconds would
    // otherwise hold this client's place for ever.
    let mut buffer = Deframer::with_pace(*codec, Pace::CLASSROOM);
    let mut count = 0;
    // Past the first frames only counts are kept: one client's megabyte of
    // small frames must not scroll the whole class's screen away.
    let mut tally = Tally::default();
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
            if tally.add(frame.len()) {
                let n = count + 1;
                let shown = if frame.len() <= 40 {
                    format!("[{}]", fit(frame, &frame_line(n, frame.len(), "[]")))
                } else {
                    format!("[{}]", tr!(WORDS, "long-frame", n = n, len = frame.len()))
                };
                let shown = shown.color(color_of(count)).bold();
                say(frame_line(n, frame.len(), shown));
            } else if tally.just_went_quiet() {
                say(format!("  {}", tr!(WORDS, "quiet", shown = DETAIL)));
            }
            // The buffer has moved past this frame; the loop tries the next.
            codec.write_frame(&mut writer, frame)?;
            count += 1;
        }
        if closed {
            if tally.hidden() > 0 {
                let (frames, bytes) = (tally.count, tally.bytes);
                say(format!(
                    "  {}",
                    tr!(WORDS, "summary", frames = frames, bytes = bytes)
                ));
            }
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
    say(tr!(
        WORDS,
        "serving",
        addr = local,
        format = codec.endian().struct_format(),
        max = codec.max_frame()
    ));
    // A failure is worded by the command, with its advice: a length that
    // makes sense byte-swapped asks about the byte order.
    let fail = in_demo(5, codec.endian() == Endian::Little);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(tr!(WORDS, "accepted", peer = peer));
        let n = echo_frames(&stream, &codec, None).map_err(fail)?;
        say(tr!(WORDS, "peer-closed", peer = peer, n = n));
        Ok(())
    })
}

/// The client half: sends the demo's short messages as frames and prints the echoes.
pub fn connect(to: &[SocketAddr], codec: LengthPrefixed, stdin: bool) -> Result<()> {
    let mut stream = connect_any(to)?;
    say(if stdin {
        input::from_stdin()
    } else {
        tr!(WORDS, "fixed-messages")
    });
    for (i, m) in input::messages(&MESSAGES, stdin).enumerate() {
        let m = m?;
        codec.write_frame(&mut stream, &m)?;
        let echo = codec
            .read_frame(&mut stream)?
            .ok_or(Error::ClosedMidFrame {
                what: "echo",
                got: 0,
                expected: (HEADER_LEN + m.len()) as u64,
            })?;
        // An echo that is not what was sent is shown in red and ends the run:
        // a server that loses the boundaries must not pass in green.
        let mismatch = Error::compare("echo", i + 1, &m, &echo);
        let shown = printable(&echo);
        let shown = if mismatch.is_ok() {
            shown.green()
        } else {
            shown.red()
        };
        say(tr!(
            WORDS,
            "echo",
            sent = printable(&m).cyan(),
            echo = shown
        ));
        mismatch?;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}

/// One frame's line: its number and length in columns, then the frame.
fn frame_line(n: usize, len: usize, shown: impl Display) -> String {
    let nth = pad_right(&tr!(WORDS, "frame-nth", n = n), 9);
    let len = format!("{len:>7}");
    format!(
        "  {}",
        tr!(WORDS, "frame", nth = nth, len = len, shown = shown)
    )
}
