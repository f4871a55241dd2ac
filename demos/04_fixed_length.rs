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
use std::sync::mpsc;
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
use crate::app::screen::{fit, Tally, DETAIL};
use crate::app::{in_demo, input, Served};

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

    say(words::writes(records.len(), codec.size()));
    for (i, m) in messages.iter().enumerate() {
        let shown = format!("[{}]", printable(m)).color(color_of(i)).bold();
        say(words::write(
            i + 1,
            codec.size(),
            shown,
            codec.size() - m.len(),
        ));
    }

    // As in demo 03: the server starts reading only when every record is in
    // its receive buffer, glued together.
    let _ = finished.recv();
    say(words::reading(codec.size(), seed, SEED_PIECE));
    let received = receive_all(&server_stream, &codec, seed)?;
    join(client, "the client thread")?;

    let whole = received
        .iter()
        .zip(&messages)
        .filter(|(r, m)| r == m)
        .count();
    let verdict = words::whole(whole, messages.len());
    picture(
        &words::result(messages.len(), received.len(), &verdict),
        &records,
    );
    say(words::result(
        messages.len(),
        received.len(),
        verdict.green().bold(),
    ));
    let payload: usize = messages.iter().map(Vec::len).sum();
    let wire = records.len() * codec.size();
    say(words::padding(
        payload,
        wire,
        (wire - payload) * 100 / wire.max(1),
    ));
    match codec.encode(TOO_LONG.as_bytes(), &mut Vec::new()) {
        Err(e) => say(words::refused(error_text(&e).yellow())),
        Ok(()) => say(words::fits(TOO_LONG.len(), codec.size())),
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
            say(words::reads(&reads));
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
    let shown = fit(message, &words::message(i + 1, message.len(), "[]"));
    let shown = format!("[{shown}]").color(color_of(i)).bold();
    say(words::message(i + 1, message.len(), shown));
}

/// The server half: prints every record it receives and sends it back.
pub fn serve(addr: SocketAddr, limits: Limits, codec: FixedLength) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(words::serving(local, codec.size()));
    let fail = in_demo(4, false);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(words::accepted(peer));
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
                say(words::quiet(DETAIL));
            }
            codec.write_frame(&mut &stream, message).map_err(fail)?;
            count += 1;
        }
        if tally.hidden() > 0 {
            say(words::summary(tally.count, tally.bytes));
        }
        say(words::peer_closed(peer, count));
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
        words::fixed_messages()
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
        say(words::echo(printable(&m).cyan(), codec.size(), shown));
        mismatch?;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use crate::app::lang::{lang, Lang};

    pub fn writes(n: usize, size: usize) -> String {
        match lang() {
            Lang::En => format!("client: {n} writes of {size} bytes each (message + zero padding)"),
            Lang::Zh => format!("客户端：{n} 次写，每次 {size} 字节（消息 + 补齐用的零字节）"),
        }
    }

    pub fn write(i: usize, size: usize, shown: impl Display, padding: usize) -> String {
        match lang() {
            Lang::En => {
                format!("  write {i:<3} {size:>4} bytes  {shown} + {padding} bytes of padding")
            }
            Lang::Zh => {
                let nth = format!("第 {i} 次写");
                format!("  {nth:<7} {size:>4} 字节  {shown} + {padding} 字节填充")
            }
        }
    }

    pub fn reading(size: usize, seed: Option<u64>, piece: usize) -> String {
        match (lang(), seed) {
            (Lang::En, None) => format!("server: read_exact({size}) until the client closed"),
            (Lang::En, Some(s)) => format!(
                "server: read_exact({size}) through the re-segmenter (seed {s}, reads of 1 to {piece} bytes)"
            ),
            (Lang::Zh, None) => format!("服务端：反复 read_exact({size})，直到客户端关闭连接"),
            (Lang::Zh, Some(s)) => format!(
                "服务端：经重新分段器 read_exact({size})（种子 {s}，每次读 1 到 {piece} 字节）"
            ),
        }
    }

    pub fn message(n: usize, len: usize, shown: impl Display) -> String {
        match lang() {
            Lang::En => format!("  message {n:<3} {len:>3} bytes  {shown}  whole"),
            Lang::Zh => {
                let nth = format!("第 {n} 条消息");
                format!("  {nth:<9} {len:>3} 字节  {shown}  完整")
            }
        }
    }

    pub fn reads(sizes: &[usize]) -> String {
        let sum = sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" + ");
        match lang() {
            Lang::En => format!("      read_exact took {} reads: {sum}", sizes.len()),
            Lang::Zh => format!("      read_exact 读了 {} 次：{sum}", sizes.len()),
        }
    }

    pub fn whole(whole: usize, sent: usize) -> String {
        match lang() {
            Lang::En => format!("{whole} of {sent} whole"),
            Lang::Zh => format!("{sent} 条中有 {whole} 条完整"),
        }
    }

    pub fn result(writes: usize, read: usize, whole: impl Display) -> String {
        match lang() {
            Lang::En => format!("result: {writes} writes, {read} messages read, {whole}"),
            Lang::Zh => format!("结果：{writes} 次写，读出 {read} 条消息，{whole}"),
        }
    }

    pub fn padding(payload: usize, wire: usize, percent: usize) -> String {
        let padding = wire - payload;
        match lang() {
            Lang::En => format!(
                "padding overhead: {payload} bytes of messages took {wire} bytes on the wire; {padding} bytes ({percent}%) are padding"
            ),
            Lang::Zh => format!(
                "填充开销：{payload} 字节的消息在线路上占了 {wire} 字节，其中 {padding} 字节（{percent}%）是填充"
            ),
        }
    }

    pub fn refused(e: impl Display) -> String {
        match lang() {
            Lang::En => format!("refused before sending: {e}"),
            Lang::Zh => format!("还没发送就被拒绝：{e}"),
        }
    }

    pub fn fits(len: usize, size: usize) -> String {
        match lang() {
            Lang::En => format!("a {len}-byte message fits a size of {size}"),
            Lang::Zh => format!("{len} 字节的消息放得进 {size} 字节的定长"),
        }
    }

    pub fn serving(addr: SocketAddr, size: usize) -> String {
        match lang() {
            Lang::En => {
                format!("server: listening on {addr}, {size}-byte records (Ctrl-C to stop)")
            }
            Lang::Zh => {
                format!("服务端：正在监听 {addr}，每条记录定长 {size} 字节（按 Ctrl-C 停止）")
            }
        }
    }

    pub fn accepted(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: accepted {peer}"),
            Lang::Zh => format!("服务端：accept 了 {peer}"),
        }
    }

    pub fn quiet(shown: usize) -> String {
        match lang() {
            Lang::En => format!(
                "  … more than {shown} messages: the rest are echoed and counted, not shown"
            ),
            Lang::Zh => format!("  … 已超过 {shown} 条消息：之后的消息照常回显并计数，不再显示"),
        }
    }

    pub fn summary(messages: usize, bytes: u64) -> String {
        match lang() {
            Lang::En => {
                format!("  … {messages} messages, {bytes} bytes without their padding, in all")
            }
            Lang::Zh => format!("  … 共 {messages} 条消息，去掉填充后 {bytes} 字节"),
        }
    }

    pub fn peer_closed(peer: SocketAddr, n: usize) -> String {
        match lang() {
            Lang::En => format!("server: {peer} closed after {n} messages"),
            Lang::Zh => format!("服务端：{peer} 在 {n} 条消息之后关闭了连接"),
        }
    }

    pub fn fixed_messages() -> String {
        match lang() {
            Lang::En => {
                "client: sends the demo's eight fixed messages (--stdin sends your own lines)"
                    .into()
            }
            Lang::Zh => {
                "客户端：发送本演示固定的八条消息（加 --stdin 就发送你自己输入的行）".into()
            }
        }
    }

    pub fn echo(sent: impl Display, size: usize, echo: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sent [{sent}] in a {size}-byte record, echo [{echo}]"),
            Lang::Zh => format!("客户端：发送 [{sent}]，装在 {size} 字节的记录里，回显 [{echo}]"),
        }
    }
}
