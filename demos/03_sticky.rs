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
use std::sync::{mpsc, LazyLock};
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

use crate::app::i18n::Catalogue;
use crate::app::screen::{fit, hanging};
use crate::app::width::{display_width, pad_right};
use crate::app::{in_demo, input, Served};
use crate::tr;
use sticky::boundary::ViewWords;

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
    say(tr!(WORDS, "part-1").bold());
    // Nagle's algorithm only matters on a real socket; in a replay the
    // re-segmenter or the modelled path decides the pieces, so one round
    // says it all.
    let rounds: &[bool] = if replay.is_live() {
        &[false, true]
    } else {
        &[false]
    };
    for &nodelay in rounds {
        println!("-- {} --", round(replay, nodelay));
        let (reads, segments) = small_round(&small, nodelay, replay)?;
        show(&small, &reads, replay, SEED_PIECE_SMALL);
        show_segments(small.len(), segments, reads.len(), replay);
    }

    println!();
    say(tr!(WORDS, "part-2").bold());
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
    let (writes, reads) = (count_writes(writes), count_reads(reads));
    say(match segments {
        Some(1) => tr!(
            WORDS,
            "on-the-wire",
            writes = writes,
            segments = tr!(WORDS, "segments-one"),
            reads = reads
        ),
        Some(n) => tr!(
            WORDS,
            "on-the-wire",
            writes = writes,
            segments = tr!(WORDS, "segments", n = n),
            reads = reads
        ),
        None => tr!(
            WORDS,
            "on-the-wire-no-segments",
            writes = writes,
            reads = reads
        ),
    });
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
    let view = BoundaryView::new(messages).with_words(VIEW_WORDS);
    say(how_read(replay, max_piece));
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
    let verdict = verdict.words(w, r);
    crate::app::slides::record(&verdict, messages, reads);
    let mut result = tr!(WORDS, "result", verdict = verdict.red().bold());
    if cut > 0 && messages.len() > 1 {
        result.push('\n');
        result.push_str(&tr!(WORDS, "cut-across", cut = cut, of = messages.len()));
    }
    say(hanging(&result));
}

/// What one round showed.
#[derive(Clone, Copy)]
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
    say(tr!(WORDS, "serving", addr = local));
    serve_clients(&listener, limits, |mut stream, peer| -> Served {
        say(tr!(WORDS, "busy", peer = peer, ms = delay.as_millis()));
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
                let shown = fit(&buf[..n], &read_line(reads, n, &""));
                say(read_line(reads, n, &shown.yellow()));
            }
        }
        say(tr!(
            WORDS,
            "client-done",
            peer = peer,
            total = total,
            reads = reads
        ));
        Ok(())
    })
}

/// The client half: the eight messages, one write each.
pub fn connect(to: &[SocketAddr], stdin: bool) -> Result<()> {
    let mut stream = connect_any(to)?;
    say(if stdin {
        input::from_stdin()
    } else {
        tr!(WORDS, "fixed-messages")
    });
    // Nothing comes back in this demo: what the server read is on its screen.
    let mut writes = 0;
    for m in input::messages(&MESSAGES, stdin) {
        let m = m?;
        stream
            .write_all(&m)
            .map_err(Error::io("writing a message"))?;
        say(tr!(
            WORDS,
            "wrote",
            n = format!("{:>2}", m.len()),
            message = printable(&m).cyan()
        ));
        writes += 1;
    }
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    say(tr!(WORDS, "writes-sent", n = writes));
    Ok(())
}

impl Verdict {
    /// The verdict for `w` writes that arrived in `r` reads.
    fn words(self, w: usize, r: usize) -> String {
        let arrived = match (w, r) {
            (1, 1) => tr!(WORDS, "arrived-one-each"),
            (1, r) => tr!(WORDS, "arrived-one-write", r = r),
            (w, 1) => tr!(WORDS, "arrived-one-read", w = w),
            (w, r) => tr!(WORDS, "arrived", w = w, r = r),
        };
        match self {
            Verdict::Glued => tr!(WORDS, "glued", arrived = arrived),
            Verdict::MessageCut => tr!(WORDS, "message-cut", arrived = arrived),
            Verdict::MessagesCut => tr!(WORDS, "messages-cut", arrived = arrived),
            Verdict::Lucky => tr!(WORDS, "lucky", arrived = arrived),
        }
    }
}

/// The heading of a round of part 1.
fn round(replay: Replay, nodelay: bool) -> String {
    match (replay, nodelay) {
        (Replay::Seed(_), _) => tr!(WORDS, "round-seed"),
        (Replay::Path(p, _), _) => tr!(WORDS, "round-path", name = p.name),
        (Replay::Live, false) => tr!(WORDS, "round-nagle"),
        (Replay::Live, true) => tr!(WORDS, "round-nodelay"),
    }
}

/// Who decided how the bytes that arrived were grouped into reads.
fn how_read(replay: Replay, max_piece: usize) -> String {
    match replay {
        Replay::Live => tr!(WORDS, "how-live"),
        Replay::Seed(s) => tr!(WORDS, "how-seed", seed = s, piece = max_piece),
        Replay::Path(p, s) => tr!(
            WORDS,
            "how-path",
            name = p.name,
            seed = s,
            figures = crate::proxy_view::figures(&p)
        ),
    }
}

fn count_writes(n: usize) -> String {
    match n {
        1 => tr!(WORDS, "writes-one"),
        n => tr!(WORDS, "writes", n = n),
    }
}

fn count_reads(n: usize) -> String {
    match n {
        1 => tr!(WORDS, "reads-one"),
        n => tr!(WORDS, "reads", n = n),
    }
}

/// `  read  3        12 bytes  …`, the label padded so that the sizes line
/// up in either language.
fn read_line(i: usize, n: usize, bytes: &dyn std::fmt::Display) -> String {
    let label = tr!(WORDS, "read-label", i = i);
    let widest = tr!(WORDS, "read-label", i = 100);
    let label = pad_right(&label, display_width(&widest));
    tr!(
        WORDS,
        "read",
        label = label,
        n = format!("{n:>7}"),
        bytes = bytes
    )
}

/// The boundary view's headers and long-message labels, from the catalogue.
const VIEW_WORDS: ViewWords = ViewWords {
    writes: |n| match n {
        1 => tr!(WORDS, "view-writes-one"),
        n => tr!(WORDS, "view-writes", n = n),
    },
    reads: |n| match n {
        1 => tr!(WORDS, "view-reads-one"),
        n => tr!(WORDS, "view-reads", n = n),
    },
    more_reads: |n, bytes| tr!(WORDS, "view-more-reads", n = n, bytes = bytes),
    whole: |m, _| tr!(WORDS, "view-whole", m = m),
    piece: |m, start, end, _| tr!(WORDS, "view-piece", m = m, start = start, end = end),
};

/// Everything this demo prints, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo03.ftl"),
        include_str!("../i18n/zh/demo03.ftl"),
    )
});
