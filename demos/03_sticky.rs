//! # Demo 03 — sticky: the naive sender, and what the reader really gets
//!
//! The client writes each message with its own `write`, and the server reads
//! with a 1024-byte buffer, as if one `write` were one `read`. It is not.
//!
//! Part 1 (粘包, messages glued): eight short messages, eight writes. The
//! server reads only after the client has finished writing, which is what a
//! busy server sees: while it was elsewhere, the kernel kept appending
//! arrivals to one receive buffer, and one `read` hands over all of it. The
//! round is played twice, with Nagle's algorithm (the default) and with
//! `TCP_NODELAY`: switching Nagle off changes when segments leave the sender,
//! not how a late reader finds them, so the messages stick either way.
//!
//! Part 2 (拆包, a message cut): one 256 KiB message, one write. The
//! server's receive buffer is set to 64 KiB (`SO_RCVBUF`), so the message
//! cannot be held at once and arrives over several reads, although the
//! server reads with a 1 MiB buffer that could take it whole.
//!
//! ```text
//! one terminal:   sticky run 3                  (real sockets; counts vary a little between runs)
//!                 sticky run 3 --seed 7         (same bytes, replayed through the seeded
//!                                                re-segmenter: identical output every run)
//!                 sticky run 3 --profile wan    (same bytes, replayed as they would arrive
//!                                                across the Internet: MSS, Nagle, delay)
//! two terminals:  sticky serve 3                 sticky connect 3
//! with Python:    sticky serve 3   then   for m in msgs: s.sendall(m)   (see docs/03)
//! two machines:   sticky serve 3 --bind 0.0.0.0:7878
//!                 sticky connect 3 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: there is none, and that is the bug.
//!
//! ```text
//! +-------+------+-----+--------+-----+-------+-----+---------+
//! | hello | from | the | client | one | write | per | message |   what the client meant
//! +-------+------+-----+--------+-----+-------+-----+---------+
//! |hellofromtheclientonewritepermessage                       |   what the bytes say
//! +-----------------------------------------------------------+
//! ```

use crate::app::screen::say;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use crate::app::served::serve_clients;
use colored::Colorize;
use socket2::{Domain, Socket, Type};
use sticky::boundary::printable;
use sticky::error::join;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::netsim::{self, Profile};
use sticky::resegment::{Pieces, Seed};
use sticky::segments::data_segments_sent;
use sticky::{BoundaryView, Error, Resegmenter, Result};

use crate::app::screen::fit;
use crate::app::{in_demo, input, Served};

/// The messages of part 1: short, as in a chat or a command protocol.
const MESSAGES: [&str; 8] = [
    "hello", "from", "the", "client", "one", "write", "per", "message",
];
/// The lesson's `recv(1024)`.
const READ_BUF: usize = 1024;
/// Part 2's message: larger than the receiver's socket buffer.
const LARGE: usize = 256 * 1024;
/// Part 2's socket receive buffer (the kernel doubles it for bookkeeping).
const SMALL_RCVBUF: usize = 64 * 1024;
/// With --seed: the largest piece the re-segmenter hands out, per part.
const SEED_PIECE_SMALL: usize = 12;
const SEED_PIECE_LARGE: usize = 64 * 1024;
/// Lines of reads shown before the rest is summed up.
const SHOW_READS: usize = 8;

/// Who decides how the bytes that arrived are grouped into reads.
#[derive(Debug, Clone, Copy)]
pub enum Replay {
    /// The kernel, on real sockets: counts vary a little between runs.
    Live,
    /// The seeded re-segmenter, replaying what arrived.
    Seed(u64),
    /// A modelled network path, replaying what arrived as a reader that
    /// keeps up would get it there: segment by segment (see `src/netsim.rs`).
    Path(Profile, u64),
}

impl Replay {
    /// From `--seed` and `--profile`; with a profile the seed picks the
    /// lost segments, and defaults to 1.
    pub fn of(seed: Option<u64>, profile: Option<Profile>) -> Replay {
        match (profile, seed) {
            (Some(p), seed) => Replay::Path(p, seed.unwrap_or(1)),
            (None, Some(seed)) => Replay::Seed(seed),
            (None, None) => Replay::Live,
        }
    }

    fn is_live(self) -> bool {
        matches!(self, Replay::Live)
    }
}

/// Both parts, server and client in one process.
pub fn run(replay: Replay) -> Result<()> {
    let small: Vec<Vec<u8>> = MESSAGES.iter().map(|m| m.as_bytes().to_vec()).collect();
    say(words::part_1().bold());
    // Nagle's algorithm only matters on a real socket; in a replay the
    // re-segmenter or the modelled path decides the pieces, so one round
    // says it all.
    let rounds: &[bool] = if replay.is_live() {
        &[false, true]
    } else {
        &[false]
    };
    for &nodelay in rounds {
        println!("-- {} --", words::round(replay, nodelay));
        let (reads, segments) = small_round(&small, nodelay, replay)?;
        show(&small, &reads, replay, SEED_PIECE_SMALL);
        show_segments(small.len(), segments, reads.len(), replay);
    }

    println!();
    say(words::part_2().bold());
    let large: Vec<Vec<u8>> = vec![(0..LARGE).map(|i| (i % 251) as u8).collect()];
    let (reads, segments) = large_round(&large[0], replay)?;
    show(&large, &reads, replay, SEED_PIECE_LARGE);
    show_segments(1, segments, reads.len(), replay);
    Ok(())
}

/// Part 1: the client writes every message and closes its side; only then
/// does the server start reading. Returns the reads, and the data segments
/// the client sent where the OS tells.
fn small_round(
    messages: &[Vec<u8>],
    nodelay: bool,
    replay: Replay,
) -> Result<(Vec<usize>, Option<u64>)> {
    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    let (finished_tx, finished) = mpsc::channel();
    let to_send = messages.to_vec();
    // Connect before accept: the kernel completes the handshake from the
    // listen backlog, and a failure here cannot leave accept() waiting.
    let mut client_stream = connect_tcp(addr)?;
    let (mut stream, _) = listener.accept().map_err(Error::io("accepting"))?;
    let counter = SegmentCounter::start(&client_stream)?;
    let client = thread::spawn(move || -> Result<()> {
        let stream = &mut client_stream;
        stream
            .set_nodelay(nodelay)
            .map_err(Error::io("setting TCP_NODELAY"))?;
        for m in &to_send {
            // One write per message: the naive sender's whole idea of a boundary.
            stream
                .write_all(m)
                .map_err(Error::io("writing a message"))?;
        }
        stream
            .shutdown(Shutdown::Write)
            .map_err(Error::io("closing the connection"))?;
        let _ = finished_tx.send(());
        Ok(())
    });

    // The server is "busy" until the client is done: then everything the
    // client wrote sits in one receive buffer. If the client failed, the
    // sender is dropped and recv returns at once.
    let _ = finished.recv();
    let written: Vec<usize> = messages.iter().map(Vec::len).collect();
    let reads = read_until_closed(&mut stream, READ_BUF, replay, SEED_PIECE_SMALL, &written)?;
    join(client, "the client thread")?;
    Ok((reads, counter.sent()))
}

/// Part 2: a listener whose accepted sockets have a small receive buffer,
/// read while the client is still writing.
fn large_round(message: &[u8], replay: Replay) -> Result<(Vec<usize>, Option<u64>)> {
    // socket2 spells out the steps std::net::TcpListener::bind hides
    // (socket, bind, listen), so the buffer can be set before listen():
    // accepted sockets inherit it, and the window scale the handshake
    // announces depends on it.
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None).map_err(Error::io("socket()"))?;
    socket
        .set_recv_buffer_size(SMALL_RCVBUF)
        .map_err(Error::io("setting SO_RCVBUF"))?;
    socket.bind(&addr.into()).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })?;
    socket.listen(128).map_err(Error::io("listen()"))?;
    let listener: TcpListener = socket.into();
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;

    let to_send = message.to_vec();
    let mut client_stream = connect_tcp(addr)?;
    let (mut stream, _) = listener.accept().map_err(Error::io("accepting"))?;
    let counter = SegmentCounter::start(&client_stream)?;
    let client = thread::spawn(move || -> Result<()> {
        let stream = &mut client_stream;
        // One call for all 256 KiB; write_all loops if the kernel takes less.
        stream
            .write_all(&to_send)
            .map_err(Error::io("writing the message"))?;
        stream
            .shutdown(Shutdown::Write)
            .map_err(Error::io("closing the connection"))
    });
    // A buffer four times the message: size is not why it gets cut.
    let written = [message.len()];
    let reads = read_until_closed(&mut stream, 4 * LARGE, replay, SEED_PIECE_LARGE, &written)?;
    join(client, "the client thread")?;
    Ok((reads, counter.sent()))
}

/// Counts the data segments a client socket sends, from `TCP_INFO`.
struct SegmentCounter {
    /// The client's socket, shared with its thread: the count is read once
    /// the server has read everything, so every segment has been sent.
    socket: TcpStream,
    before: Option<u64>,
}

impl SegmentCounter {
    fn start(client: &TcpStream) -> Result<Self> {
        let socket = client
            .try_clone()
            .map_err(Error::io("sharing the client socket"))?;
        let before = data_segments_sent(&socket);
        Ok(SegmentCounter { socket, before })
    }

    fn sent(&self) -> Option<u64> {
        Some(data_segments_sent(&self.socket)? - self.before?)
    }
}

/// Writes, segments, reads: the three counts side by side. In a replay
/// the reads were decided elsewhere, so loopback's segments have nothing to say.
fn show_segments(writes: usize, segments: Option<u64>, reads: usize, replay: Replay) {
    if !replay.is_live() {
        return;
    }
    say(words::on_the_wire(writes, segments, reads));
}

/// Reads until the peer closes and returns the size of every read.
///
/// In a replay the bytes are first read to the end and then handed out
/// again, through the seeded re-segmenter or as the modelled path would
/// deliver the client's writes, so the pieces, and the output, are the same
/// on every run.
fn read_until_closed(
    stream: &mut TcpStream,
    buf_size: usize,
    replay: Replay,
    max_piece: usize,
    written: &[usize],
) -> Result<Vec<usize>> {
    let mut source: Box<dyn Read + '_> = match replay {
        Replay::Live => Box::new(stream),
        Replay::Path(profile, seed) => {
            let mut all = Vec::new();
            stream.read_to_end(&mut all).map_err(Error::io("reading"))?;
            // The client wrote everything at once, at time 0.
            let writes: Vec<(u64, usize)> = written.iter().map(|&n| (0, n)).collect();
            return Ok(netsim::reads(profile, seed, &writes, buf_size));
        }
        Replay::Seed(seed) => {
            let mut all = Vec::new();
            stream.read_to_end(&mut all).map_err(Error::io("reading"))?;
            Box::new(Resegmenter::new(
                std::io::Cursor::new(all),
                Pieces::up_to(max_piece),
                Seed(seed),
            ))
        }
    };
    let mut buf = vec![0u8; buf_size];
    let mut reads = Vec::new();
    loop {
        match source.read(&mut buf).map_err(Error::io("reading"))? {
            // 0 bytes: the client closed. Without this check the loop would spin forever.
            0 => return Ok(reads),
            n => reads.push(n),
        }
    }
}

/// Draws the writes beside the reads, and says what happened.
fn show(messages: &[Vec<u8>], reads: &[usize], replay: Replay, max_piece: usize) {
    let view = BoundaryView::new(messages).with_words(words::view());
    say(words::how_read(replay, max_piece));
    for line in view.fitted(reads, SHOW_READS, crate::app::width::columns()) {
        println!("{}", crate::app::color::paint(&line));
    }
    let cut = messages.len() - view.whole_count(reads);
    let (w, r) = (messages.len(), reads.len());
    // What the reader saw decides the verdict: glued (fewer reads than
    // writes), cut (a message spread over reads), or, by luck, neither.
    let verdict = if r < w {
        Verdict::Glued
    } else if cut > 0 && w == 1 {
        Verdict::MessageCut
    } else if cut > 0 {
        Verdict::MessagesCut
    } else {
        Verdict::Lucky
    };
    let verdict = words::verdict(w, r, verdict);
    crate::app::slides::record(&verdict, messages, reads);
    say(words::result(verdict.red().bold()));
    if cut > 0 && messages.len() > 1 {
        say(words::cut_across(cut, messages.len()));
    }
}

/// What one round showed.
enum Verdict {
    /// Fewer reads than writes.
    Glued,
    /// The one message spread over reads.
    MessageCut,
    /// Some of the messages spread over reads.
    MessagesCut,
    /// One read per write, each whole: luck, not a guarantee.
    Lucky,
}

/// The server half: waits a moment after accepting, like a busy server,
/// then shows every read as it comes.
pub fn serve(addr: SocketAddr, limits: Limits, delay: Duration) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(words::serving(local));
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        say(words::busy(peer, delay.as_millis()));
        thread::sleep(delay);
        let mut buf = [0u8; READ_BUF];
        let (mut reads, mut total) = (0usize, 0usize);
        loop {
            let n = stream
                .read(&mut buf)
                .map_err(Error::io(format!("reading from {peer}")))
                .map_err(in_demo(3, false))?;
            if n == 0 {
                break;
            }
            reads += 1;
            total += n;
            if reads <= SHOW_READS {
                let shown = fit(&buf[..n], &words::read(reads, n, ""));
                say(words::read(reads, n, shown.yellow()));
            }
        }
        say(words::client_done(peer, total, reads));
        Ok(())
    })
}

/// The client half: the eight messages, one write each.
pub fn connect(to: &[SocketAddr], stdin: bool) -> Result<()> {
    let mut stream = connect_any(to)?;
    say(if stdin {
        input::from_stdin()
    } else {
        words::fixed_messages()
    });
    // Nothing comes back in this demo: what the server read is on its screen.
    let mut writes = 0;
    for m in input::messages(&MESSAGES, stdin) {
        let m = m?;
        stream
            .write_all(&m)
            .map_err(Error::io("writing a message"))?;
        say(words::wrote(m.len(), printable(&m).cyan()));
        writes += 1;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    say(words::writes_sent(writes));
    Ok(())
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use sticky::boundary::ViewWords;

    use super::{Replay, Verdict};
    use crate::app::lang::{lang, Lang};

    pub fn part_1() -> String {
        match lang() {
            Lang::En => "part 1: eight short messages, one write each (粘包)".into(),
            Lang::Zh => "第 1 部分：八条短消息，每条一次写（粘包）".into(),
        }
    }

    pub fn round(replay: Replay, nodelay: bool) -> String {
        match (lang(), replay, nodelay) {
            (Lang::En, Replay::Seed(_), _) => {
                "one round: the re-segmenter stands in for the network".into()
            }
            (Lang::En, Replay::Path(p, _), _) => format!(
                "one round: a modelled {} path stands in for the network, Nagle on",
                p.name
            ),
            (Lang::En, Replay::Live, false) => "Nagle's algorithm on (the default)".into(),
            (Lang::En, Replay::Live, true) => "TCP_NODELAY on: Nagle's algorithm off".into(),
            (Lang::Zh, Replay::Seed(_), _) => "只跑一轮：由重新分段器代替网络".into(),
            (Lang::Zh, Replay::Path(p, _), _) => {
                format!("只跑一轮：由模拟的 {} 线路代替网络，Nagle 开启", p.name)
            }
            (Lang::Zh, Replay::Live, false) => "Nagle 算法开启（默认）".into(),
            (Lang::Zh, Replay::Live, true) => "开启 TCP_NODELAY：关闭 Nagle 算法".into(),
        }
    }

    pub fn part_2() -> String {
        match lang() {
            Lang::En => "part 2: one message of 256 KiB, one write (拆包)".into(),
            Lang::Zh => "第 2 部分：一条 256 KiB 的消息，一次写完（拆包）".into(),
        }
    }

    pub fn how_read(replay: Replay, max_piece: usize) -> String {
        match (lang(), replay) {
            (Lang::En, Replay::Live) => "the server read() until the client closed".into(),
            (Lang::En, Replay::Seed(s)) => format!(
                "replayed through the re-segmenter: seed {s}, pieces of 1 to {max_piece} bytes"
            ),
            (Lang::En, Replay::Path(p, s)) => format!(
                "replayed across {}: {}; seed {s}; the server reads each segment as it arrives",
                p.name,
                p.figures()
            ),
            (Lang::Zh, Replay::Live) => "服务端一直 read()，直到客户端关闭连接".into(),
            (Lang::Zh, Replay::Seed(s)) => {
                format!("经重新分段器重放：种子 {s}，每块 1 到 {max_piece} 字节")
            }
            (Lang::Zh, Replay::Path(p, s)) => format!(
                "经模拟的 {} 线路重放：{}；种子 {s}；每个报文段一到，服务端就读",
                p.name,
                figures_zh(&p)
            ),
        }
    }

    /// The profile's figures, as `Profile::figures` gives them in English.
    fn figures_zh(p: &super::Profile) -> String {
        let ms = |d: std::time::Duration| {
            let us = d.as_micros();
            if us.is_multiple_of(1000) {
                format!("{} 毫秒", us / 1000)
            } else {
                format!("{} 毫秒", us as f64 / 1000.0)
            }
        };
        let loss = match p.loss_per_mille {
            0 => "不丢包".to_string(),
            n => format!("丢包 {}%，重传超时 {}", f64::from(n) / 10.0, ms(p.rto)),
        };
        format!(
            "MSS {} 字节，单程 {}（RTT {}），{} Mbit/s，{loss}",
            p.mss,
            ms(p.one_way),
            ms(p.rtt()),
            p.bits_per_second as f64 / 1e6
        )
    }

    /// The boundary view's headers and long-message labels.
    pub fn view() -> ViewWords {
        match lang() {
            Lang::En => ViewWords::ENGLISH,
            Lang::Zh => ViewWords {
                writes: |n| format!("客户端：{n} 次写"),
                reads: |n| format!("服务端：{n} 次读"),
                more_reads: |n, bytes| format!("... 另有 {n} 次读，{bytes} B"),
                whole: |m, len| format!("消息 {m}：{len} 字节"),
                piece: |m, start, end, len| format!("消息 {m}：第 {start}..{end} 字节，共 {len}"),
            },
        }
    }

    pub fn verdict(w: usize, r: usize, verdict: Verdict) -> String {
        match lang() {
            Lang::En => {
                let writes = if w == 1 { "write" } else { "writes" };
                let reads = if r == 1 { "read" } else { "reads" };
                let arrived = format!("{w} {writes} arrived in {r} {reads}");
                match verdict {
                    Verdict::Glued => {
                        format!("{arrived}: the reader cannot tell where messages end")
                    }
                    Verdict::MessageCut => format!("{arrived}: the message was cut apart"),
                    Verdict::MessagesCut => format!("{arrived}: messages were cut apart"),
                    Verdict::Lucky => {
                        format!("{arrived}, each whole this time; run again, or try --seed")
                    }
                }
            }
            Lang::Zh => {
                let arrived = format!("{w} 次写分 {r} 次读到达");
                match verdict {
                    Verdict::Glued => format!("{arrived}：读的一方分不清消息在哪里结束"),
                    Verdict::MessageCut => format!("{arrived}：这条消息被拆开了"),
                    Verdict::MessagesCut => format!("{arrived}：有消息被拆开了"),
                    Verdict::Lucky => {
                        format!("{arrived}，这次每条都完整；再运行一次，或者试试 --seed")
                    }
                }
            }
        }
    }

    pub fn result(verdict: impl Display) -> String {
        match lang() {
            Lang::En => format!("result: {verdict}"),
            Lang::Zh => format!("结果：{verdict}"),
        }
    }

    pub fn cut_across(cut: usize, of: usize) -> String {
        match lang() {
            Lang::En => format!("        and {cut} of the {of} messages were cut across reads"),
            Lang::Zh => format!("      而且 {of} 条消息中有 {cut} 条被拆到了不同的读里"),
        }
    }

    pub fn on_the_wire(writes: usize, segments: Option<u64>, reads: usize) -> String {
        match lang() {
            Lang::En => {
                let w = if writes == 1 { "write" } else { "writes" };
                let r = if reads == 1 { "read" } else { "reads" };
                match segments {
                    Some(s) => {
                        let sw = if s == 1 { "segment" } else { "segments" };
                        format!("on the wire: {writes} {w}, {s} {sw}, {reads} {r} (segments from TCP_INFO)")
                    }
                    None => {
                        format!("on the wire: {writes} {w}, segments: not available, {reads} {r}")
                    }
                }
            }
            Lang::Zh => match segments {
                Some(s) => format!(
                    "线路上：{writes} 次写，{s} 个报文段，{reads} 次读（报文段数来自 TCP_INFO）"
                ),
                None => format!("线路上：{writes} 次写，报文段数无法获取，{reads} 次读"),
            },
        }
    }

    pub fn serving(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: listening on {addr} (Ctrl-C to stop)"),
            Lang::Zh => format!("服务端：正在监听 {addr}（按 Ctrl-C 停止）"),
        }
    }

    pub fn busy(peer: SocketAddr, ms: u128) -> String {
        match lang() {
            Lang::En => format!("server: accepted {peer}; busy for {ms} ms before reading"),
            Lang::Zh => format!("服务端：accept 了 {peer}；先忙 {ms} 毫秒再开始读"),
        }
    }

    pub fn read(i: usize, n: usize, bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("  read  {i:<3} {n:>7} bytes  {bytes}"),
            Lang::Zh => {
                let nth = format!("第 {i} 次读");
                format!("  {nth:<8} {n:>7} 字节  {bytes}")
            }
        }
    }

    pub fn client_done(peer: SocketAddr, total: usize, reads: usize) -> String {
        match lang() {
            Lang::En => {
                format!("server: {peer} sent {total} bytes, which arrived in {reads} read(s)")
            }
            Lang::Zh => format!("服务端：{peer} 发来 {total} 字节，分 {reads} 次读到"),
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

    pub fn wrote(n: usize, message: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: wrote {n:>2} bytes  {message}"),
            Lang::Zh => format!("客户端：写出 {n:>2} 字节  {message}"),
        }
    }

    pub fn writes_sent(n: usize) -> String {
        match lang() {
            Lang::En => format!("client: {n} writes sent; see how many reads the server needed"),
            Lang::Zh => format!("客户端：已发出 {n} 次写；看看服务端用了几次读"),
        }
    }
}
