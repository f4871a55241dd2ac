//! # Demo 07 — lines: fix 3, a newline after every message
//!
//! The delimiter fix: each message ends with `\n`, and the receiver cuts the
//! stream at every newline, whatever pieces it arrived in. The server is the
//! loop every real server runs: read what came into a buffer, hand out every
//! whole line in it, keep the rest for the next read. It answers each line
//! with one line that contains it, so `nc` is a client.
//!
//! Part 1: demo 03's eight messages, sent as lines in four writes that glue
//! some lines together and cut others apart: every line comes out whole.
//! Part 2, the pitfall: a message that holds a newline comes out as two
//! lines; the codec refuses to send it; escaping the newline is one fix, a
//! length field (demo 05) the other. Part 3: a peer that never sends a
//! newline is refused once it passes the limit, before more is buffered.
//!
//! ```text
//! one terminal:   sticky run 7 [--max-line BYTES]
//! two terminals:  sticky serve 7                 sticky connect 7
//! with netcat:    sticky serve 7                 nc 127.0.0.1 7878   (type lines)
//! with Python:    sticky serve 7   then the client in docs/07
//! two machines:   sticky serve 7 --bind 0.0.0.0:7878
//!                 sticky connect 7 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: each line, then the delimiter `\n` (0x0a); the server's
//! answers are lines too.
//!
//! ```text
//! +---- line ----+-- \n --+---- line ----+-- \n --+
//! |  h e l l o   |  \x0a  |  f r o m     |  \x0a  |   client -> server
//! +--------------+--------+--------------+--------+
//! | line 1, 5 bytes: hello | \x0a |                    server -> client
//! Python:  sock.sendall(msg + b'\n')
//! ```
//!
//! A line longer than `--max-line` (64 KiB by default, newline not counted)
//! is refused: the server answers `error: ...` and closes that connection.

use crate::app::screen::say;
use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::LazyLock;
use std::thread;

use crate::app::color::color_of;
use crate::app::served::serve_clients;
use crate::app::slides::{picture, Recorded};
use colored::Colorize;
use sticky::boundary::columns;
use sticky::error::join;
use sticky::framing::lines::{escape, unescape};
use sticky::framing::Pace;
use sticky::net::{bind_tcp, connect_any, connect_tcp, Limits};
use sticky::{Deframer, Error, FrameReader, Framing, Lines, Result};

use crate::app::errors_zh::text as error_text;
use crate::app::i18n::Catalogue;
use crate::app::screen::{fit, line_limit, Tally, DETAIL};
use crate::app::width::{label_width, pad_right};
use crate::app::{in_demo, Served};
use crate::tr;

/// What this demo says, in English and Chinese (`i18n/*/demo07.ftl`).
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo07.ftl"),
        include_str!("../i18n/zh/demo07.ftl"),
    )
});

/// Demo 03's messages.
const MESSAGES: [&str; 8] = [
    "hello", "from", "the", "client", "one", "write", "per", "message",
];
/// Where the 44 bytes of lines are cut into writes: after "the\n", inside
/// "client", inside "write". Some writes carry three lines, some half of one.
const CUTS: [usize; 3] = [15, 18, 28];
/// Part 2's message, with the delimiter inside it.
const TRICKY: &str = "two\nlines";

/// The three parts, each a client thread against the server in this thread.
pub fn run(codec: Lines) -> Result<()> {
    let mut wire = Vec::new();
    for m in MESSAGES {
        codec.encode(m.as_bytes(), &mut wire)?;
    }
    let listener = bind_tcp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let addr = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;

    say(tr!(WORDS, "part-1").bold());
    let writes = cut(&wire, &CUTS);
    for (i, w) in writes.iter().enumerate() {
        say(wrote(i + 1, w));
    }
    // Each part: connect, then accept. The listen backlog completes the
    // handshake, so accept() cannot wait for a client that failed.
    let mut stream = connect_tcp(addr)?;
    let to_send = writes.clone();
    let client = thread::spawn(move || -> Result<Vec<Vec<u8>>> {
        // No Nagle: each write leaves without waiting for an ACK, usually
        // as its own segment, so the reader really meets the cuts (it may
        // still find them glued; TCP_NODELAY does not stop the kernel
        // merging writes that pile up).
        stream
            .set_nodelay(true)
            .map_err(Error::io("setting TCP_NODELAY"))?;
        for w in &to_send {
            stream.write_all(w).map_err(Error::io("writing lines"))?;
        }
        answers(stream)
    });
    let framed = serve_one(&listener, &codec)?;
    let got = join(client, "the client thread")?;
    // For --svg: the lines as they went on the wire, and the server's reads.
    let lines: Vec<Vec<u8>> = wire
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    let result = tr!(
        WORDS,
        "part-1-result",
        writes = writes.len(),
        framed = framed,
        sent = MESSAGES.len(),
        answers = got.len()
    );
    picture(&result, &lines);
    for a in &got {
        say(tr!(WORDS, "answer", line = shown(a).green()));
    }
    say(result.green().bold());

    println!();
    say(tr!(WORDS, "part-2").bold());
    let mut naive = TRICKY.as_bytes().to_vec();
    naive.push(b'\n');
    let mut escaped = Vec::new();
    codec.encode(&escape(TRICKY.as_bytes()), &mut escaped)?;
    say(tr!(WORDS, "naive", bytes = shown(&naive).cyan()));
    say(tr!(WORDS, "escaped", bytes = shown(&escaped).cyan()));
    let mut stream = connect_tcp(addr)?;
    let client = thread::spawn(move || -> Result<Vec<Vec<u8>>> {
        // The naive sender: the message, then the delimiter, as if the
        // message could not hold one.
        stream.write_all(&naive).map_err(Error::io("writing"))?;
        stream.write_all(&escaped).map_err(Error::io("writing"))?;
        answers(stream)
    });
    serve_one(&listener, &codec)?;
    let got = join(client, "the client thread")?;
    for a in &got {
        say(tr!(WORDS, "answer", line = shown(a).green()));
    }
    let extra = got.len().saturating_sub(1);
    let verdict = tr!(WORDS, "pitfall", extra = extra).red().bold();
    say(tr!(WORDS, "pitfall-result", verdict = verdict));
    if let Err(e) = codec.encode(TRICKY.as_bytes(), &mut Vec::new()) {
        say(tr!(WORDS, "codec-refuses", error = error_text(&e)));
    }
    // The last answer is the escaped line; undo the escape on what it carries.
    let carried = got
        .last()
        .and_then(|a| a.splitn(2, |&b| b == b':').nth(1))
        .map(|rest| rest.strip_prefix(b" ").unwrap_or(rest))
        .unwrap_or_default();
    let restored = unescape(carried)?;
    let verdict = if restored == TRICKY.as_bytes() {
        tr!(WORDS, "fix-as-sent")
    } else {
        tr!(WORDS, "fix-not-as-sent")
    };
    let fix = tr!(
        WORDS,
        "fix",
        carried = shown(carried),
        restored = shown(&restored),
        verdict = verdict
    );
    // The other fix goes under the text after the label, whatever its width.
    let under = " ".repeat(label_width(&fix));
    say(fix.green().bold());
    say(format!("{under}{}", tr!(WORDS, "other-fix")));

    println!();
    say(tr!(WORDS, "part-3").bold());
    let flood = vec![b'x'; codec.max_line() + 1];
    say(tr!(WORDS, "flood", n = flood.len()));
    let mut stream = connect_tcp(addr)?;
    let client = thread::spawn(move || {
        // The server may close on us before all of it is written: that is
        // the point, so a failed write is not this client's error.
        let _ = stream.write_all(&flood);
    });
    if let Err(e) = serve_one(&listener, &codec) {
        say(tr!(WORDS, "dropped", error = error_text(&e)).yellow());
    }
    client
        .join()
        .map_err(|_| Error::Panicked("the client thread"))?;
    say(tr!(WORDS, "limit", max = codec.max_line()));
    Ok(())
}

/// Bytes as Python's `repr` shows them: a newline as `\n`, a backslash as
/// `\\`, so an escaped newline and a real one never look alike.
fn shown(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

/// Splits `bytes` at the positions in `at` (those past the end are ignored).
fn cut(bytes: &[u8], at: &[usize]) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for &end in at.iter().filter(|&&e| e < bytes.len()) {
        pieces.push(bytes[start..end].to_vec());
        start = end;
    }
    pieces.push(bytes[start..].to_vec());
    pieces
}

/// The client's end of a part: says it is done sending, then collects
/// every answer line until the server closes.
fn answers(stream: TcpStream) -> Result<Vec<Vec<u8>>> {
    stream
        .shutdown(Shutdown::Write)
        .map_err(Error::io("closing the connection"))?;
    let mut reader = FrameReader::new(stream, Lines::default());
    let mut got = Vec::new();
    while let Some(line) = reader.read_frame()? {
        got.push(line.to_vec());
    }
    Ok(got)
}

/// Accepts one client and answers its lines; returns how many it framed.
fn serve_one(listener: &std::net::TcpListener, codec: &Lines) -> Result<usize> {
    let (stream, _) = listener.accept().map_err(Error::io("accepting"))?;
    answer_lines(&stream, codec)
}

/// The server's loop: buffer what arrived, answer every whole line in the
/// buffer, read again. Returns the number of lines when the client closes.
fn answer_lines(stream: &TcpStream, codec: &Lines) -> Result<usize> {
    // Recorded notes each read's length, for --svg.
    let (mut reader, mut writer) = (Recorded(stream), stream);
    // A line that trickles in is dropped once it falls below the
    // classroom's pace: each byte would restart the idle timeout.
    let mut deframer = Deframer::with_pace(*codec, Pace::CLASSROOM);
    let mut count = 0;
    // Past the first lines only counts are kept: a client that sends a
    // megabyte of lines must not scroll the whole class's screen away.
    let mut tally = Tally::default();
    let outcome = loop {
        // Every whole line already here first: one read may have brought many.
        // next_frame also refuses a line that has passed the limit, before
        // the next read can add to it.
        match deframer.next_frame() {
            Ok(Some(line)) => {
                count += 1;
                if tally.add(line.len()) {
                    let around = framed(count, line.len(), "");
                    let mut text = shown(line);
                    if columns(&around) + columns(&text) > line_limit() {
                        text = fit(line, &around);
                    }
                    let text = text.color(color_of(count - 1));
                    say(framed(count, line.len(), text));
                } else if tally.just_went_quiet() {
                    say(tr!(WORDS, "quiet", shown = DETAIL));
                }
                let mut answer = answer_prefix(count, line.len()).into_bytes();
                answer.extend_from_slice(line);
                answer.push(b'\n');
                writer
                    .write_all(&answer)
                    .map_err(Error::io_write("writing an answer"))?;
                continue;
            }
            Ok(None) => {}
            Err(e) => break Err(e),
        }
        match deframer.read_from(&mut reader) {
            // 0 bytes: the client closed; fine between lines, an error inside one.
            Ok(0) => match deframer.next_frame_at_eof() {
                // Every whole line was answered above; only a partial one can be left.
                Ok(_) => break Ok(count),
                Err(e) => break Err(e),
            },
            Ok(_) => {}
            Err(e) => break Err(Error::io("reading lines")(e)),
        }
    };
    if tally.hidden() > 0 {
        let (lines, bytes) = (tally.count, tally.bytes);
        say(tr!(WORDS, "summary", lines = lines, bytes = bytes));
    }
    if let Err(e) = &outcome {
        // Tell a human at nc why the line went unanswered; the connection
        // ends anyway, so a failure to say it changes nothing.
        let _ = writer.write_all(format!("error: {e}\n").as_bytes());
    }
    outcome
}

/// The server half: answers every line, one thread per client.
pub fn serve(addr: SocketAddr, limits: Limits, codec: Lines) -> Result<()> {
    let listener = bind_tcp(addr)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "serving", addr = local, max = codec.max_line()));
    let fail = in_demo(7, false);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(tr!(WORDS, "accepted", peer = peer));
        let n = answer_lines(&stream, &codec).map_err(fail)?;
        say(tr!(WORDS, "closed", peer = peer, n = n));
        Ok(())
    })
}

/// The client half: part 1's writes, glued and cut, then every answer.
pub fn connect(to: &[SocketAddr], codec: Lines) -> Result<()> {
    let mut wire = Vec::new();
    for m in MESSAGES {
        codec.encode(m.as_bytes(), &mut wire)?;
    }
    let mut stream = connect_any(to)?;
    stream
        .set_nodelay(true)
        .map_err(Error::io("setting TCP_NODELAY"))?;
    for (i, w) in cut(&wire, &CUTS).iter().enumerate() {
        stream.write_all(w).map_err(Error::io("writing lines"))?;
        say(wrote(i + 1, w));
    }
    let got = answers(stream)?;
    // Each line calls for one answer, in order: the server's words, then the line.
    for (i, m) in MESSAGES.iter().enumerate() {
        let mut expected = answer_prefix(i + 1, m.len()).into_bytes();
        expected.extend_from_slice(m.as_bytes());
        let Some(a) = got.get(i) else { break };
        let mismatch = Error::compare("answer", i + 1, &expected, a);
        let text = if mismatch.is_ok() {
            shown(a).green()
        } else {
            shown(a).red()
        };
        say(tr!(WORDS, "answer", line = text));
        mismatch?;
    }
    let (sent, answers) = (MESSAGES.len(), got.len());
    say(tr!(WORDS, "connect-result", sent = sent, answers = answers));
    // Fewer answers than lines: the server lost some; more: it split some.
    if got.len() != MESSAGES.len() {
        let extra = got.get(MESSAGES.len()).cloned().unwrap_or_default();
        let mut expected = Vec::new();
        if got.len() < MESSAGES.len() {
            let m = MESSAGES[got.len()];
            expected = answer_prefix(got.len() + 1, m.len()).into_bytes();
            expected.extend_from_slice(m.as_bytes());
        } else {
            say(tr!(WORDS, "answer", line = shown(&extra).red()));
        }
        let number = got.len().min(MESSAGES.len()) + 1;
        Error::compare("answer", number, &expected, &extra)?;
    }
    Ok(())
}

/// What the server puts before each line it answers; the same in every
/// language, since it is protocol, not narration.
fn answer_prefix(count: usize, len: usize) -> String {
    format!("line {count}, {len} bytes: ")
}

/// The client's line for one write: its number, its length in a column, its bytes.
fn wrote(i: usize, bytes: &[u8]) -> String {
    let n = format!("{:>2}", bytes.len());
    tr!(WORDS, "wrote", i = i, n = n, bytes = shown(bytes).cyan())
}

/// The server's line for one whole line: its number and length in columns.
fn framed(count: usize, len: usize, line: impl std::fmt::Display) -> String {
    let nth = pad_right(&tr!(WORDS, "framed-nth", n = count), 7);
    let len = format!("{len:>3}");
    tr!(WORDS, "framed", nth = nth, len = len, line = line)
}
