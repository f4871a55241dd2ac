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
use crate::app::screen::{fit, line_limit, Tally, DETAIL};
use crate::app::{in_demo, Served};

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

    say(words::part_1().bold());
    let writes = cut(&wire, &CUTS);
    for (i, w) in writes.iter().enumerate() {
        say(words::wrote(i + 1, w.len(), shown(w).cyan()));
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
    picture(
        &words::part_1_result(writes.len(), framed, MESSAGES.len(), got.len()),
        &lines,
    );
    for a in &got {
        say(words::answer(shown(a).green()));
    }
    say(
        words::part_1_result(writes.len(), framed, MESSAGES.len(), got.len())
            .green()
            .bold(),
    );

    println!();
    say(words::part_2().bold());
    let mut naive = TRICKY.as_bytes().to_vec();
    naive.push(b'\n');
    let mut escaped = Vec::new();
    codec.encode(&escape(TRICKY.as_bytes()), &mut escaped)?;
    say(words::naive(shown(&naive).cyan()));
    say(words::escaped(shown(&escaped).cyan()));
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
        say(words::answer(shown(a).green()));
    }
    say(words::pitfall_result(
        words::pitfall(got.len().saturating_sub(1)).red().bold(),
    ));
    if let Err(e) = codec.encode(TRICKY.as_bytes(), &mut Vec::new()) {
        say(words::codec_refuses(error_text(&e)));
    }
    // The last answer is the escaped line; undo the escape on what it carries.
    let carried = got
        .last()
        .and_then(|a| a.splitn(2, |&b| b == b':').nth(1))
        .map(|rest| rest.strip_prefix(b" ").unwrap_or(rest))
        .unwrap_or_default();
    let restored = unescape(carried)?;
    say(words::fix(
        shown(carried),
        restored == TRICKY.as_bytes(),
        shown(&restored),
    )
    .green()
    .bold());
    say(words::other_fix());

    println!();
    say(words::part_3().bold());
    let flood = vec![b'x'; codec.max_line() + 1];
    say(words::flood(flood.len()));
    let mut stream = connect_tcp(addr)?;
    let client = thread::spawn(move || {
        // The server may close on us before all of it is written: that is
        // the point, so a failed write is not this client's error.
        let _ = stream.write_all(&flood);
    });
    if let Err(e) = serve_one(&listener, &codec) {
        say(words::dropped(error_text(&e)).yellow());
    }
    client
        .join()
        .map_err(|_| Error::Panicked("the client thread"))?;
    say(words::limit(codec.max_line()));
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
                    let around = words::framed(count, line.len(), "");
                    let mut text = shown(line);
                    if columns(&around) + columns(&text) > line_limit() {
                        text = fit(line, &around);
                    }
                    let text = text.color(color_of(count - 1));
                    say(words::framed(count, line.len(), text));
                } else if tally.just_went_quiet() {
                    say(words::quiet(DETAIL));
                }
                let mut answer = words::answer_prefix(count, line.len()).into_bytes();
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
        say(words::summary(tally.count, tally.bytes));
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
    say(words::serving(local, codec.max_line()));
    let fail = in_demo(7, false);
    serve_clients(&listener, limits, |stream, peer| -> Served {
        say(words::accepted(peer));
        let n = answer_lines(&stream, &codec).map_err(fail)?;
        say(words::closed(peer, n));
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
        say(words::wrote(i + 1, w.len(), shown(w).cyan()));
    }
    let got = answers(stream)?;
    // Each line calls for one answer, in order: the server's words, then the line.
    for (i, m) in MESSAGES.iter().enumerate() {
        let mut expected = words::answer_prefix(i + 1, m.len()).into_bytes();
        expected.extend_from_slice(m.as_bytes());
        let Some(a) = got.get(i) else { break };
        let mismatch = Error::compare("answer", i + 1, &expected, a);
        let text = if mismatch.is_ok() {
            shown(a).green()
        } else {
            shown(a).red()
        };
        say(words::answer(text));
        mismatch?;
    }
    say(words::connect_result(MESSAGES.len(), got.len()));
    // Fewer answers than lines: the server lost some; more: it split some.
    if got.len() != MESSAGES.len() {
        let extra = got.get(MESSAGES.len()).cloned().unwrap_or_default();
        let mut expected = Vec::new();
        if got.len() < MESSAGES.len() {
            let m = MESSAGES[got.len()];
            expected = words::answer_prefix(got.len() + 1, m.len()).into_bytes();
            expected.extend_from_slice(m.as_bytes());
        } else {
            say(words::answer(shown(&extra).red()));
        }
        let number = got.len().min(MESSAGES.len()) + 1;
        Error::compare("answer", number, &expected, &extra)?;
    }
    Ok(())
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use crate::app::lang::{lang, Lang};

    pub fn part_1() -> String {
        match lang() {
            Lang::En => "part 1: eight lines in four writes, some glued, some cut".into(),
            Lang::Zh => "第 1 部分：八行分四次写出，有的粘在一起，有的被拆开".into(),
        }
    }

    pub fn wrote(i: usize, n: usize, bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: write {i}  {n:>2} bytes  {bytes}"),
            Lang::Zh => format!("客户端：第 {i} 次写  {n:>2} 字节  {bytes}"),
        }
    }

    /// What the server puts before each line it answers; the same in every
    /// language, since it is protocol, not narration.
    pub fn answer_prefix(count: usize, len: usize) -> String {
        format!("line {count}, {len} bytes: ")
    }

    pub fn framed(count: usize, len: usize, line: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: line {count:<2} {len:>3} bytes  [{line}]  whole"),
            Lang::Zh => format!("服务端：第 {count:<2} 行 {len:>3} 字节  [{line}]  完整"),
        }
    }

    pub fn quiet(shown: usize) -> String {
        match lang() {
            Lang::En => format!(
                "server: more than {shown} lines: the rest are answered and counted, not shown"
            ),
            Lang::Zh => format!("服务端：已超过 {shown} 行：之后的行照常回答并计数，不再显示"),
        }
    }

    pub fn summary(lines: usize, bytes: u64) -> String {
        match lang() {
            Lang::En => format!("server: {lines} lines, {bytes} bytes in all"),
            Lang::Zh => format!("服务端：共 {lines} 行，{bytes} 字节"),
        }
    }

    pub fn answer(line: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: answer  {line}"),
            Lang::Zh => format!("客户端：回答    {line}"),
        }
    }

    pub fn part_1_result(writes: usize, framed: usize, sent: usize, answers: usize) -> String {
        match lang() {
            Lang::En => format!(
                "result: {writes} writes, {framed} lines framed, {answers} answers for {sent} lines sent: the newline found every boundary"
            ),
            Lang::Zh => format!(
                "结果：{writes} 次写，分出 {framed} 行，发出 {sent} 行收到 {answers} 个回答：换行符找回了每一个边界"
            ),
        }
    }

    pub fn part_2() -> String {
        match lang() {
            Lang::En => "part 2: the pitfall: a message that holds the delimiter".into(),
            Lang::Zh => "第 2 部分：陷阱：消息里本身就有分隔符".into(),
        }
    }

    pub fn naive(bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sends as is   {bytes}"),
            Lang::Zh => format!("客户端：原样发送      {bytes}"),
        }
    }

    pub fn escaped(bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sends escaped {bytes}"),
            Lang::Zh => format!("客户端：转义后发送    {bytes}"),
        }
    }

    pub fn pitfall_result(verdict: impl Display) -> String {
        match lang() {
            Lang::En => format!("result: {verdict}"),
            Lang::Zh => format!("结果：{verdict}"),
        }
    }

    pub fn pitfall(extra: usize) -> String {
        match lang() {
            Lang::En => format!(
                "one message sent as is came out as {extra} lines: the newline inside it ended the first"
            ),
            Lang::Zh => {
                format!("原样发送的一条消息变成了 {extra} 行：它里面的换行符提前结束了第一行")
            }
        }
    }

    pub fn codec_refuses(e: impl Display) -> String {
        match lang() {
            Lang::En => format!("the Lines codec refuses to send it: {e}"),
            Lang::Zh => format!("Lines 编解码器拒绝发送它：{e}"),
        }
    }

    pub fn fix(carried: impl Display, same: bool, restored: impl Display) -> String {
        let verdict = match (lang(), same) {
            (Lang::En, true) => "the message as sent",
            (Lang::En, false) => "NOT the message sent",
            (Lang::Zh, true) => "正是发出的那条消息",
            (Lang::Zh, false) => "不是发出的那条消息",
        };
        match lang() {
            Lang::En => format!(
                "fix: escaped, it crossed as one line [{carried}] and unescapes to [{restored}], {verdict}"
            ),
            Lang::Zh => format!(
                "修复：转义后它作为一行 [{carried}] 传过去，反转义得到 [{restored}]，{verdict}"
            ),
        }
    }

    pub fn other_fix() -> String {
        match lang() {
            Lang::En => {
                "     or send data that may hold a newline with a length field (demo 05)".into()
            }
            Lang::Zh => "     或者，可能含换行符的数据改用长度字段发送（演示 05）".into(),
        }
    }

    pub fn part_3() -> String {
        match lang() {
            Lang::En => "part 3: a peer that never sends a newline".into(),
            Lang::Zh => "第 3 部分：一个从不发送换行符的对端".into(),
        }
    }

    pub fn flood(n: usize) -> String {
        match lang() {
            Lang::En => format!("client: sends {n} bytes of 'x' and no newline"),
            Lang::Zh => format!("客户端：发送 {n} 个字节的 'x'，没有换行符"),
        }
    }

    pub fn dropped(e: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: dropped the connection: {e}"),
            Lang::Zh => format!("服务端：断开了这个连接：{e}"),
        }
    }

    pub fn limit(max: usize) -> String {
        match lang() {
            Lang::En => format!(
                "the limit is checked before every read: a line without its newline never grows past {max} bytes and one read"
            ),
            Lang::Zh => format!(
                "每次读之前都先检查上限：没有换行符的一行，缓冲区最多只会是 {max} 字节再加一次读"
            ),
        }
    }

    pub fn serving(addr: SocketAddr, max: usize) -> String {
        match lang() {
            Lang::En => {
                format!("server: listening on {addr}, lines of up to {max} bytes (Ctrl-C to stop)")
            }
            Lang::Zh => format!("服务端：正在监听 {addr}，每行最多 {max} 字节（按 Ctrl-C 停止）"),
        }
    }

    pub fn accepted(peer: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: accepted {peer}"),
            Lang::Zh => format!("服务端：accept 了 {peer}"),
        }
    }

    pub fn closed(peer: SocketAddr, n: usize) -> String {
        match lang() {
            Lang::En => format!("server: {peer} closed cleanly after {n} lines"),
            Lang::Zh => format!("服务端：{peer} 在 {n} 行之后正常关闭了连接"),
        }
    }

    pub fn connect_result(sent: usize, answers: usize) -> String {
        match lang() {
            Lang::En => format!("client: {sent} lines sent, {answers} answers"),
            Lang::Zh => format!("客户端：发出 {sent} 行，收到 {answers} 个回答"),
        }
    }
}
