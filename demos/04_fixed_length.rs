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

use crate::app::screen::say;
use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::{mpsc, LazyLock};
use std::thread;

use crate::app::color::color_of;
use crate::app::served::serve_clients;
use crate::app::slides::{picture, Recorded};
use colored::Colorize;
use sticky::boundary::printable;
use sticky::error::join;
use sticky::framing::Pace;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::resegment::{Pieces, Seed};
use sticky::{Error, FixedLength, FrameReader, Framing, Resegmenter, Result};

use crate::app::errors_zh::text as error_text;
use crate::app::i18n::Catalogue;
use crate::app::screen::{fit, hanging, Tally, DETAIL};
use crate::app::width::{display_width, pad_right};
use crate::app::{in_demo, input, Served};
use crate::tr;

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

    say(tr!(WORDS, "writes", n = records.len(), size = codec.size()));
    for (i, m) in messages.iter().enumerate() {
        let shown = format!("[{}]", printable(m)).color(color_of(i)).bold();
        say(write_line(i, codec.size(), &shown, codec.size() - m.len()));
    }

    // As in demo 03: the server starts reading only when every record is in
    // its receive buffer, glued together.
    let _ = finished.recv();
    say(match seed {
        None => tr!(WORDS, "reading", size = codec.size()),
        Some(s) => hanging(&tr!(
            WORDS,
            "reading-seed",
            size = codec.size(),
            seed = s,
            piece = SEED_PIECE
        )),
    });
    let received = receive_all(&server_stream, &codec, seed)?;
    join(client, "the client thread")?;

    let whole = received
        .iter()
        .zip(&messages)
        .filter(|(r, m)| r == m)
        .count();
    let sent = messages.len();
    let verdict = if whole == sent {
        tr!(WORDS, "whole-all", sent = sent)
    } else {
        tr!(WORDS, "whole-some", whole = whole, sent = sent)
    };
    let result = |whole: &dyn std::fmt::Display| {
        tr!(
            WORDS,
            "result",
            writes = sent,
            read = received.len(),
            whole = whole
        )
    };
    picture(&result(&verdict), &records);
    say(result(&verdict.green().bold()));
    let payload: usize = messages.iter().map(Vec::len).sum();
    let wire = records.len() * codec.size();
    say(hanging(&tr!(
        WORDS,
        "padding",
        payload = payload,
        wire = wire,
        padding = wire - payload,
        percent = (wire - payload) * 100 / wire.max(1)
    )));
    match codec.encode(TOO_LONG.as_bytes(), &mut Vec::new()) {
        Err(e) => say(tr!(WORDS, "refused", error = error_text(&e).yellow())),
        Ok(()) => say(tr!(
            WORDS,
            "fits",
            len = TOO_LONG.len(),
            size = codec.size()
        )),
    }
    Ok(())
}

/// Reads whole records until the peer closes, printing each message; with
/// a seed, also the reads each record took.
fn receive_all(stream: &TcpStream, codec: &FixedLength, seed: Option<u64>) -> Result<Vec<Vec<u8>>> {
    let reader: Box<dyn std::io::Read + '_> = match seed {
        None => Box::new(stream),
        Some(seed) => Box::new(Resegmenter::new(
            stream,
            Pieces::up_to(SEED_PIECE),
            Seed(seed),
        )),
    };
    // For --svg: notes how long each read was; and, for the narration, the
    // reads of the record being filled.
    let mut reader = ReadSizes {
        inner: Recorded(reader),
        sizes: Vec::new(),
    };
    let mut received = Vec::new();
    // read_frame loops until exactly codec.size() bytes are in; None means
    // the client closed cleanly between two records.
    while let Some(message) = codec.read_frame(&mut reader)? {
        let reads = std::mem::take(&mut reader.sizes);
        print_message(received.len(), &message);
        // With a seed the reads are the same on every run: show them, since
        // they are the point (never one record per read).
        if seed.is_some() {
            let sum = reads.iter().map(usize::to_string).collect::<Vec<_>>();
            say(tr!(WORDS, "reads", n = reads.len(), sum = sum.join(" + ")));
        }
        received.push(message);
    }
    Ok(received)
}

/// A reader that notes the size of every read it passes on.
struct ReadSizes<R> {
    inner: R,
    sizes: Vec<usize>,
}

impl<R: std::io::Read> std::io::Read for ReadSizes<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.sizes.push(n);
        }
        Ok(n)
    }
}

/// One line per message received, in the colour of its write, cut to the
/// line's width (a `--size 65536` record must not print a 65,000-column line).
fn print_message(i: usize, message: &[u8]) {
    let label = tr!(WORDS, "message-label", n = i + 1);
    let widest = tr!(WORDS, "message-label", n = 100);
    let label = pad_right(&label, display_width(&widest));
    let line = |shown: &dyn std::fmt::Display| {
        let len = format!("{:>3}", message.len());
        tr!(WORDS, "message", label = label, len = len, shown = shown)
    };
    let shown = fit(message, &line(&"[]"));
    say(line(&format!("[{shown}]").color(color_of(i)).bold()));
}

/// The server half: prints every record it receives and sends it back.
pub fn serve(addr: SocketAddr, limits: Limits, codec: FixedLength) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "serving", addr = local, size = codec.size()));
    let fail = in_demo(4, false);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(tr!(WORDS, "accepted", peer = peer));
        let mut count = 0;
        // Past the first records only counts are kept: one client's
        // megabyte must not scroll the whole class's screen away.
        let mut tally = Tally::default();
        // A record that trickles in (a byte every few seconds, each one
        // restarting the idle timeout) is dropped once it falls below the
        // classroom's pace, so it cannot hold a place for ever.
        let mut records = FrameReader::with_pace(&stream, codec, Pace::CLASSROOM);
        // Each record goes back as it came (an echo), so a client, or
        // `sticky check 4`, can see it arrived whole.
        while let Some(message) = records.read_frame().map_err(fail)? {
            if tally.add(message.len()) {
                print_message(count, message);
            } else if tally.just_went_quiet() {
                say(tr!(WORDS, "quiet", shown = DETAIL));
            }
            codec.write_frame(&mut &stream, message).map_err(fail)?;
            count += 1;
        }
        if tally.hidden() > 0 {
            say(tr!(
                WORDS,
                "summary",
                messages = tally.count,
                bytes = tally.bytes
            ));
        }
        say(tr!(WORDS, "peer-closed", peer = peer, n = count));
        Ok(())
    })
}

/// The client half: the demo's messages as fixed-size records.
pub fn connect(to: &[SocketAddr], codec: FixedLength, stdin: bool) -> Result<()> {
    // Refuse a fixed message that does not fit before connecting, not half-way
    // through; a typed line that does not fit is refused when it is typed.
    for m in MESSAGES {
        codec.encode(m.as_bytes(), &mut Vec::new())?;
    }
    let mut stream = connect_any(to)?;
    say(if stdin {
        input::from_stdin()
    } else {
        tr!(WORDS, "fixed-messages")
    });
    for (i, m) in input::messages(&MESSAGES, stdin).enumerate() {
        let m = m?;
        codec.write_frame(&mut stream, &m)?;
        // The server sends every record back; read it before the next.
        let echo = codec
            .read_frame(&mut stream)?
            .ok_or(Error::ClosedMidFrame {
                what: "echo",
                got: 0,
                expected: codec.size() as u64,
            })?;
        // An echo that is not what was sent is shown in red and ends the run.
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
            size = codec.size(),
            echo = shown
        ));
        mismatch?;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}

/// `  write 1     32 bytes  [hello] + 27 bytes of padding`, the label
/// padded so that the sizes line up in either language.
fn write_line(i: usize, size: usize, shown: &dyn std::fmt::Display, padding: usize) -> String {
    let label = tr!(WORDS, "write-label", i = i + 1);
    let widest = tr!(WORDS, "write-label", i = 100);
    let label = pad_right(&label, display_width(&widest));
    let size = format!("{size:>4}");
    tr!(
        WORDS,
        "write",
        label = label,
        size = size,
        shown = shown,
        padding = padding
    )
}

/// Everything this demo prints, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo04.ftl"),
        include_str!("../i18n/zh/demo04.ftl"),
    )
});
