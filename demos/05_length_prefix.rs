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
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
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
use crate::app::screen::{fit, Tally, DETAIL};
use crate::app::{in_demo, input, Served};

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

    say(words::reading(seed, SEED_PIECE));
    for peer in [Peer::Demo, Peer::Liar, Peer::Quitter] {
        let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
        say(words::accepted(words::peer(peer)));
        let outcome = echo_frames(&stream, &codec, seed);
        if let (Peer::Demo, Ok(n)) = (peer, &outcome) {
            // For --svg: the demo client's frames as they crossed the wire.
            let frames = messages
                .iter()
                .map(|m| codec.header(m.len()).map(|h| [&h[..], m].concat()))
                .collect::<Result<Vec<_>>>()?;
            picture(&words::closed_cleanly(*n), &frames);
        }
        match outcome {
            Ok(n) => say(words::closed_cleanly(n)),
            // The error ends this connection only; the loop goes on to the next.
            Err(e) => say(words::dropped(error_text(&e).yellow())),
        }
    }
    let (matched, writes) = join(client, "the client thread")?;
    for w in writes {
        w?;
    }
    let sent = messages.len();
    let whole = words::echoed_whole(matched, sent).green().bold();
    say(words::result(sent, whole, LARGE));
    say(words::overhead(
        HEADER_LEN * messages.len(),
        messages.iter().map(Vec::len).sum::<usize>(),
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
                    format!("[{}]", fit(frame, &words::frame(n, frame.len(), "[]")))
                } else {
                    format!("[{}]", words::long_frame(n, frame.len()))
                };
                let shown = shown.color(color_of(count)).bold();
                say(words::frame(n, frame.len(), shown));
            } else if tally.just_went_quiet() {
                say(words::quiet(DETAIL));
            }
            // The buffer has moved past this frame; the loop tries the next.
            codec.write_frame(&mut writer, frame)?;
            count += 1;
        }
        if closed {
            if tally.hidden() > 0 {
                say(words::summary(tally.count, tally.bytes));
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
    say(words::serving(
        local,
        codec.endian().struct_format(),
        codec.max_frame(),
    ));
    // A failure is worded by the command, with its advice: a length that
    // makes sense byte-swapped asks about the byte order.
    let fail = in_demo(5, codec.endian() == Endian::Little);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(words::accepted(peer));
        let n = echo_frames(&stream, &codec, None).map_err(fail)?;
        say(words::peer_closed(peer, n));
        Ok(())
    })
}

/// The client half: sends the demo's short messages as frames and prints the echoes.
pub fn connect(to: &[SocketAddr], codec: LengthPrefixed, stdin: bool) -> Result<()> {
    let mut stream = connect_any(to)?;
    say(if stdin {
        input::from_stdin()
    } else {
        words::fixed_messages()
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
        say(words::echo(printable(&m).cyan(), shown));
        mismatch?;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;

    use super::Peer;
    use crate::app::lang::{lang, Lang};

    pub fn reading(seed: Option<u64>, piece: usize) -> String {
        match (lang(), seed) {
            (Lang::En, None) => "server: reading frames, echoing each one".into(),
            (Lang::En, Some(s)) => format!(
                "server: reading frames through the re-segmenter (seed {s}, reads of 1 to {piece} bytes), echoing each one"
            ),
            (Lang::Zh, None) => "服务端：逐帧读取，每一帧原样回显".into(),
            (Lang::Zh, Some(s)) => format!(
                "服务端：经重新分段器读取帧（种子 {s}，每次读 1 到 {piece} 字节），每一帧原样回显"
            ),
        }
    }

    pub fn peer(peer: Peer) -> &'static str {
        match (lang(), peer) {
            (Lang::En, Peer::Demo) => "the demo client",
            (Lang::En, Peer::Liar) => "a peer announcing 4 GiB",
            (Lang::En, Peer::Quitter) => "a peer that hangs up mid-frame",
            (Lang::Zh, Peer::Demo) => "演示客户端",
            (Lang::Zh, Peer::Liar) => "一个声称要发 4 GiB 的对端",
            (Lang::Zh, Peer::Quitter) => "一个帧发到一半就挂断的对端",
        }
    }

    pub fn accepted(peer: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: accepted {peer}"),
            Lang::Zh => format!("服务端：accept 了 {peer}"),
        }
    }

    pub fn closed_cleanly(n: usize) -> String {
        match lang() {
            Lang::En => format!("server: the client closed cleanly after {n} frames"),
            Lang::Zh => format!("服务端：客户端在 {n} 帧之后正常关闭了连接"),
        }
    }

    pub fn dropped(e: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: {}", format_args!("dropped the connection: {e}")),
            Lang::Zh => format!("服务端：断开了这个连接：{e}"),
        }
    }

    pub fn echoed_whole(matched: usize, sent: usize) -> String {
        match lang() {
            Lang::En => format!("{matched} of {sent} echoed back whole"),
            Lang::Zh => format!("{sent} 条中有 {matched} 条完整回显"),
        }
    }

    pub fn result(sent: usize, whole: impl Display, large: usize) -> String {
        match lang() {
            Lang::En => format!(
                "result: {sent} messages sent, {whole}, including the {large}-byte one in a single frame"
            ),
            Lang::Zh => format!(
                "结果：发出 {sent} 条消息，{whole}，其中 {large} 字节的那条也装在一个帧里"
            ),
        }
    }

    pub fn overhead(header: usize, payload: usize) -> String {
        match lang() {
            Lang::En => format!("overhead: {header} header bytes for {payload} bytes of messages"),
            Lang::Zh => format!("开销：{payload} 字节的消息，报头共 {header} 字节"),
        }
    }

    pub fn frame(n: usize, len: usize, shown: impl Display) -> String {
        match lang() {
            Lang::En => format!("  frame {n:<3} {len:>7} bytes  {shown}  whole"),
            Lang::Zh => {
                let nth = format!("第 {n} 帧");
                format!("  {nth:<7} {len:>7} 字节  {shown}  完整")
            }
        }
    }

    pub fn long_frame(n: usize, len: usize) -> String {
        match lang() {
            Lang::En => format!("message {n}: {len} bytes"),
            Lang::Zh => format!("消息 {n}：{len} 字节"),
        }
    }

    pub fn quiet(shown: usize) -> String {
        match lang() {
            Lang::En => {
                format!("  … more than {shown} frames: the rest are echoed and counted, not shown")
            }
            Lang::Zh => format!("  … 已超过 {shown} 帧：之后的帧照常回显并计数，不再显示"),
        }
    }

    pub fn summary(frames: usize, bytes: u64) -> String {
        match lang() {
            Lang::En => format!("  … {frames} frames, {bytes} bytes of payload in all"),
            Lang::Zh => format!("  … 共 {frames} 帧，载荷 {bytes} 字节"),
        }
    }

    pub fn serving(addr: impl Display, format: impl Display, max: usize) -> String {
        match lang() {
            Lang::En => format!(
                "server: listening on {addr}, length header struct '{format}', frames up to {max} bytes (Ctrl-C to stop)"
            ),
            Lang::Zh => format!(
                "服务端：正在监听 {addr}，长度报头 struct '{format}'，每帧最多 {max} 字节（按 Ctrl-C 停止）"
            ),
        }
    }

    pub fn peer_closed(peer: impl Display, n: usize) -> String {
        match lang() {
            Lang::En => format!("server: {peer} closed cleanly after {n} frames"),
            Lang::Zh => format!("服务端：{peer} 在 {n} 帧之后正常关闭了连接"),
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

    pub fn echo(sent: impl Display, echo: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sent [{sent}], echo [{echo}]"),
            Lang::Zh => format!("客户端：发送 [{sent}]，回显 [{echo}]"),
        }
    }
}
