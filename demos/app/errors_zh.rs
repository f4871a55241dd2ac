//! The library's errors, said in Chinese.
//!
//! The library states its errors in English, as facts; the command says
//! them in the reader's language. Each variant is rendered here with the
//! same facts (numbers, addresses, paths stay as they are). The few words
//! the library passes along (`what` was being read, the `context` of an I/O
//! error) come from a small closed set: the common ones are translated,
//! and one this table does not know is shown as the library wrote it.

use std::io;

use sticky::boundary::printable;
use sticky::{Context, Error, HeaderFault, JsonFault, JsonValue, Wanted};

use crate::app::lang::{lang, Lang};

/// The error in the language of this run.
pub fn text(e: &Error) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => zh(e),
    }
}

/// The error in Chinese.
pub fn zh(e: &Error) -> String {
    match e {
        Error::FrameTooLarge { len, max } => {
            format!("拒绝长度为 {len} 字节的帧：上限是 {max} 字节")
        }
        Error::VarintTooLong { max_bytes } => {
            format!("拒绝长度字段：varint 超过了 {max_bytes} 字节")
        }
        // A line has no announced size: what is missing is its newline.
        Error::ClosedMidFrame { what, got, .. } if *what == LINE => {
            format!("收到一行的 {got} 字节后，还没等到换行符连接就关闭了")
        }
        Error::ClosedMidFrame {
            what,
            got,
            expected,
        } => {
            format!(
                "{}应有 {expected} 字节，只收到 {got} 字节连接就关闭了",
                words(what)
            )
        }
        Error::MessageTooLong { len, size } => {
            format!("{len} 字节的消息放不进 {size} 字节的定长")
        }
        Error::LineTooLong { max } => format!("拒绝这一行：在 {max} 字节的上限内没有换行符"),
        Error::NewlineInMessage { len, at } => {
            format!("{len} 字节的消息在第 {at} 字节处有换行符：到了对端会变成两行")
        }
        Error::BadEscape { at } => {
            format!("第 {at} 字节处的转义有误：反斜杠后面只能跟 n 或另一个反斜杠")
        }
        Error::ZeroSize => "定长消息的大小至少要 1 字节".into(),
        Error::Bind { addr, source } => format!("无法绑定 {addr}：{}", io_zh(source)),
        Error::Connect { addr, source } => format!("无法连接到 {addr}：{}", io_zh(source)),
        Error::Resolve { addr, source } => format!(
            "无法解析 {addr:?}：{}（应为 主机:端口，例如 127.0.0.1:7878）",
            io_zh(source)
        ),
        Error::Silent { context } => {
            format!("{}：对端在读超时之内什么也没有发", context_zh(context))
        }
        Error::NotReading { context } => {
            format!(
                "{}：对端在写超时之内没有读走发给它的回复",
                context_zh(context)
            )
        }
        Error::TooSlow {
            what,
            got,
            secs,
            min_rate,
        } => format!(
            "{}被丢弃：{secs} 秒只到了 {got} 字节，低于每秒 {min_rate} 字节的下限",
            words(what)
        ),
        Error::NoReply { addr, sent } => {
            format!("向 {addr} 发了 {sent} 个数据报，一个回复也没有收到")
        }
        Error::Mismatch {
            what,
            number,
            at,
            expected,
            got,
        } => format!(
            "第 {number} 个{}与预期不符，从第 {at} 字节起不同：预期 [{}]，实际收到 [{}]",
            words(what),
            printable(expected),
            printable(got)
        ),
        Error::HeaderTooLarge { len, max } => {
            format!("文件报头有误：它声称有 {len} 字节，超过了上限 {max}")
        }
        Error::BadHeader(why) => format!("文件报头有误：{why}"),
        Error::BadJson(fault) => format!("文件报头有误：{}", json_zh(fault)),
        Error::HeaderFault(fault) => format!("文件报头有误：{}", header_zh(fault)),
        Error::UnsafeFileName { name, reason } => format!(
            "拒绝文件名 \"{}\"：{}",
            printable(name.as_bytes()),
            words(reason)
        ),
        Error::FileExists(path) => format!("{path} 已经存在"),
        Error::NotAFile(path) => format!("{path} 不是文件"),
        Error::NotAFolder(path) => format!("{path} 不是文件夹"),
        Error::DigestMismatch {
            digest,
            expected,
            actual,
        } => {
            format!("{digest} 不一致：发送方给出的是 {expected}，收到的内容算出来是 {actual}")
        }
        Error::FileTooLarge { size, max } => {
            format!("{size} 字节的文件超过了接收方的上限 {max} 字节")
        }
        Error::Refused {
            filename,
            outcome,
            detail,
        } => {
            let outcome = outcome_zh(outcome);
            if detail.is_empty() {
                format!("接收方没有保留 {filename}：{outcome}")
            } else {
                format!("接收方没有保留 {filename}：{outcome}（{detail}）")
            }
        }
        Error::BadVerdict(why) => format!("接收方的回执有误：{why}"),
        Error::PartialBusy(path) => format!("{path} 正在被另一个同名传输写入"),
        Error::NoSpace { size, dir, source } => {
            format!(
                "{dir} 所在的磁盘放不下 {size} 字节的文件：{}",
                io_zh(source)
            )
        }
        Error::File { path, source } => format!("{path}：{}", io_zh(source)),
        Error::Io { context, source } => format!("{}：{}", context_zh(context), io_zh(source)),
        Error::Panicked(who) => format!("{} 发生了 panic", words(who)),
        Error::BadRange {
            problem,
            shape,
            lowest,
            highest,
        } => format!(
            "{problem}；应为 {lowest}..{highest} 之间的 {}",
            words(shape)
        ),
    }
}

/// What `sticky::framing::Lines` calls a line the stream ended inside.
const LINE: &str = "line (no newline yet)";

/// Where a header stopped being JSON, in Chinese.
fn json_zh(fault: &JsonFault) -> String {
    if fault.ended {
        "JSON 在中途就结束了".into()
    } else {
        format!(
            "第 {} 行第 {} 列起不是有效的 UTF-8 JSON",
            fault.line, fault.column
        )
    }
}

/// What is wrong with a header's keys, in Chinese; the keys and the
/// values sent stay as they were.
fn header_zh(fault: &HeaderFault) -> String {
    match fault {
        HeaderFault::NotAnObject(got) => format!(
            "它必须是一个 JSON 对象，例如 {{\"filename\": \"a.bin\", \"filesize\": 5}}，而不是{}",
            value_zh(got)
        ),
        HeaderFault::MissingKey(key) => format!("它没有 \"{key}\" 键"),
        HeaderFault::WrongValue { key, want, got } => {
            let got = value_zh(got);
            match want {
                Wanted::Text => format!("\"{key}\" 必须是字符串，而不是{got}"),
                Wanted::Size => format!("\"{key}\" 必须是不小于 0 的整数字节数，而不是{got}"),
                Wanted::HexDigest => format!("\"{key}\" 必须是 64 个十六进制数字，而不是{got}"),
            }
        }
    }
}

/// A JSON value as the header held it, in Chinese.
fn value_zh(v: &JsonValue) -> String {
    match v {
        JsonValue::Null => " null".into(),
        JsonValue::Bool(b) => format!(" {b}"),
        JsonValue::Number(n) => format!("数字 {n}"),
        JsonValue::String(s) => format!("字符串 {s}"),
        JsonValue::Array(a) => format!("数组 {a}"),
        JsonValue::Object => "一个对象".into(),
    }
}

/// What the library was doing, in Chinese.
fn context_zh(context: &Context) -> String {
    match context {
        Context::Doing(words) => self::words(words),
        Context::Reading(what) => format!("读取{}", self::words(what)),
        Context::Said(words) => self::words(words),
    }
}

/// A receiver's verdict on a file (`Outcome::words`) in Chinese; one this
/// table does not know is kept as it is.
pub fn outcome_zh(words: &str) -> &str {
    match words {
        "saved" => "已保存",
        "exists" => "同名文件已存在",
        "digest mismatch" => "摘要不一致",
        "too large" => "文件太大",
        "bad header" => "报头有误",
        "busy" => "同名文件正在被另一个传输写入",
        "failed" => "保存失败",
        other => other,
    }
}

/// An operating-system error in the language of this run.
pub fn io_text(e: &io::Error) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => io_zh(e),
    }
}

/// An operating-system error in Chinese, keeping its number so it can
/// still be looked up.
fn io_zh(e: &io::Error) -> String {
    use io::ErrorKind::*;
    let said = match e.kind() {
        ConnectionRefused => "连接被拒绝",
        ConnectionReset => "连接被对端重置",
        ConnectionAborted => "连接被中止",
        BrokenPipe => "对端已关闭连接（broken pipe）",
        AddrInUse => "地址已被占用",
        AddrNotAvailable => "这个地址不在本机上",
        PermissionDenied => "没有权限",
        NotFound => "找不到",
        AlreadyExists => "已经存在",
        TimedOut => "超时",
        UnexpectedEof => "数据没读完连接就结束了",
        InvalidInput => "输入无效",
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(n) => format!("{said}（os error {n}）"),
        None => said.into(),
    }
}

/// The library's words for what it was doing, in Chinese; a phrase this
/// table does not know is kept as it is. A context may end in an address
/// (`reading from 127.0.0.1:50000`), which is kept after the words.
fn words(phrase: &str) -> String {
    if let Some(zh) = phrase_zh(phrase) {
        return zh.into();
    }
    for (prefix, zh) in [
        ("reading from ", "从 {} 读取"),
        ("writing to ", "向 {} 写入"),
        ("sending to ", "向 {} 发送"),
        ("receiving from ", "从 {} 接收"),
    ] {
        if let Some(rest) = phrase.strip_prefix(prefix) {
            return zh.replace("{}", rest);
        }
    }
    phrase.into()
}

fn phrase_zh(phrase: &str) -> Option<&'static str> {
    Some(match phrase {
        // What was being read when the peer closed (ClosedMidFrame).
        "length header" => "长度字段",
        "a frame" => "一帧",
        LINE => "一行（还没有换行符）",
        "varint length" => "varint 长度字段",
        "header length" => "报头长度",
        "frame payload" => "帧的载荷",
        "fixed-size message" => "定长消息",
        "file body" => "文件内容",
        "trailer length" => "报尾长度",
        "raw transfer" => "原始传输",
        "echo" | "the echo" => "回显",
        "answer" => "回答",
        "reply" => "回复",
        "response" => "响应",
        "request body" => "请求体",
        // What was being done (Io, Silent).
        "reading the bound address" => "读取绑定的地址",
        "closing the connection" => "关闭连接",
        "accepting" | "accepting connections" => "accept 连接",
        "writing" => "写入",
        "reading" => "读取",
        "reading frames" => "读取帧",
        "reading lines" => "读取行",
        "writing lines" => "写出行",
        "writing a message" | "writing the message" => "写出消息",
        "writing a frame" => "写出帧",
        "writing an answer" => "写出回答",
        "writing a record" => "写出定长记录",
        "sending a line" => "发送一行",
        "sending the header" => "发送报头",
        "sending the trailer" => "发送报尾",
        "sending a datagram" => "发送数据报",
        "receiving a datagram" => "接收数据报",
        "setting TCP_NODELAY" => "设置 TCP_NODELAY",
        "setting a timeout" | "setting a read timeout" => "设置读超时",
        "setting a write timeout" => "设置写超时",
        "reading the peer's address" => "读取对端地址",
        "reading standard input" => "读取标准输入",
        "waiting for Enter" => "等待回车",
        "finding this program" => "查找本程序",
        "acknowledging" => "确认收到",
        "cloning" => "复制连接句柄",
        "pushing out the end of a transfer" => "把传输的末尾推出去",
        "reading a batch of frames" => "读取一批帧",
        "reading the CPU time used" => "读取用掉的 CPU 时间",
        "reading the file" => "读取文件",
        "receiving the file body" => "接收文件内容",
        "sending the file body" => "发送文件内容",
        "writing the received file" => "写入收到的文件",
        "setting up the client's connection" => "设置客户端的连接",
        "waiting for the receiver" => "等待接收方",
        "reading from the client" => "从客户端读取",
        "reading from the server" => "从服务端读取",
        "writing to the client" => "向客户端写入",
        "writing to the server" => "向服务端写入",
        "making a folder for a picture" => "为图片建一个文件夹",
        "writing a line of --json" => "写一行 --json",
        "turning Nagle's algorithm off" => "关闭 Nagle 算法",
        "the receiver thread" => "接收方线程",
        // Threads that panicked.
        "the client thread" => "客户端线程",
        "the server thread" => "服务端线程",
        "the hashing thread" => "计算摘要的线程",
        "the writing thread" => "写文件的线程",
        // Why a file name was refused.
        "it contains control characters" | "it holds a control character" => "它含有控制字符",
        "it has no file name in it" => "它里面没有文件名",
        "it names a folder, not a file" => "它指的是文件夹，不是文件",
        "it is the name of a partial file" => "这是接收方半截文件的名字",
        "it is longer than 255 bytes" => "它超过了 255 字节",
        // The shape a range must have.
        "a whole number" => "整数",
        "MIN..MAX (both included) or N" => "MIN..MAX（含两端）或 N",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_stay_and_the_words_change() {
        let e = Error::ClosedMidFrame {
            what: "frame payload",
            got: 3,
            expected: 10,
        };
        assert_eq!(zh(&e), "帧的载荷应有 10 字节，只收到 3 字节连接就关闭了");
        let e = Error::Io {
            context: "reading from 127.0.0.1:5000".into(),
            source: io::ErrorKind::ConnectionReset.into(),
        };
        assert_eq!(zh(&e), "从 127.0.0.1:5000 读取：连接被对端重置");
    }

    /// Every `.rs` file under `dir`, with its text.
    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }

    /// The words the library passes along in its errors: every literal
    /// right after one of these in `src/`, each with where it was found.
    fn library_phrases() -> Vec<(String, String)> {
        const BEFORE: [&str; 15] = [
            "Error::io(\"",
            "refuse(\"",
            "reason: \"",
            "shape: \"",
            "Panicked(\"",
            "compare(\"",
            "Error::io_write(\"",
            "Context::Reading(\"",
            "context: \"",
            "what: \"",
            "reading: \"",
            "writing: \"",
            "WHAT: &str = \"",
            "waiting: (\"",
            "waiting = (\"",
        ];
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = Vec::new();
        for (path, text) in &files {
            // A test module's contexts are samples, not what a user meets.
            let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
            for before in BEFORE {
                for (at, _) in text.match_indices(before) {
                    let rest = &text[at + before.len()..];
                    if let Some(end) = rest.find('"') {
                        found.push((rest[..end].to_string(), path.clone()));
                    }
                }
            }
            // Who panicked: `join(handle, "the client thread")`.
            for (at, _) in text.match_indices("join(") {
                let call = &text[at..];
                let call = &call[..call.find(')').unwrap_or(0)];
                let Some((handle, who)) = call["join(".len()..].split_once(", \"") else {
                    continue;
                };
                if handle.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    found.push((who.trim_end_matches('"').to_string(), path.clone()));
                }
            }
        }
        found
    }

    #[test]
    fn every_phrase_the_library_passes_along_has_chinese() {
        let found = library_phrases();
        // The scan itself must keep working: the library has dozens.
        assert!(found.len() >= 40, "only {} found", found.len());
        let missing: Vec<String> = found
            .iter()
            .filter(|(phrase, _)| phrase_zh(phrase).is_none())
            .map(|(phrase, path)| format!("{phrase:?} in {path}"))
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese for:\n{}",
            missing.join("\n")
        );
        use sticky::proxy::Direction;
        for dir in [Direction::ClientToServer, Direction::ServerToClient] {
            for phrase in [dir.reading_context(), dir.writing_context()] {
                assert!(phrase_zh(phrase).is_some(), "no Chinese for {phrase:?}");
            }
        }
    }

    #[test]
    fn a_line_cut_short_and_a_header_that_is_not_json_are_said_in_chinese() {
        let e = Error::ClosedMidFrame {
            what: LINE,
            got: 3,
            expected: 4,
        };
        assert_eq!(zh(&e), "收到一行的 3 字节后，还没等到换行符连接就关闭了");
        let Err(e) = sticky::file_transfer::parse_header(b"{x") else {
            panic!("a header that is not JSON was taken");
        };
        assert_eq!(
            zh(&e),
            "文件报头有误：第 1 行第 2 列起不是有效的 UTF-8 JSON"
        );
        let Err(e) = sticky::file_transfer::parse_header(b"{\"filename\": ") else {
            panic!("a header cut short was taken");
        };
        assert_eq!(zh(&e), "文件报头有误：JSON 在中途就结束了");
        let Err(e) = sticky::file_transfer::parse_header(br#"{"filename": "a", "filesize": -5}"#)
        else {
            panic!("a negative size was taken");
        };
        assert_eq!(
            zh(&e),
            "文件报头有误：\"filesize\" 必须是不小于 0 的整数字节数，而不是数字 -5"
        );
        let Err(e) = sticky::file_transfer::parse_header(br#"{"filesize": 5}"#) else {
            panic!("a header with no name was taken");
        };
        assert_eq!(zh(&e), "文件报头有误：它没有 \"filename\" 键");
        let e = Error::io(Context::Reading("length header"))(io::ErrorKind::ConnectionReset.into());
        assert_eq!(zh(&e), "读取长度字段：连接被对端重置");
        let e = Error::io("sending the file body")(io::ErrorKind::ConnectionReset.into());
        assert_eq!(zh(&e), "发送文件内容：连接被对端重置");
    }

    #[test]
    fn an_unknown_phrase_is_kept_as_the_library_wrote_it() {
        let e = Error::Silent {
            context: "doing something new".into(),
        };
        assert!(zh(&e).starts_with("doing something new："));
    }
}
