//! Every command that is not a demo, under `--lang zh`: no narration left
//! in English, and every line within an 80-column terminal.
//!
//! Stricter than `tests/lang.rs`, which flags only lines with no Chinese at
//! all: a Chinese line that still holds two English words in a row (`客户端
//! …：line (no newline yet)应有 5 字节`) fails here too, once what is rightly
//! English has been taken out of it (see [`english_runs`]).

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::Command;
use std::time::Duration;

use common::{stderr, stdout, sticky, Server};
use unicode_width::UnicodeWidthStr;

/// The commands whose every line is checked; each runs on loopback, or
/// connects to nothing.
const COMMANDS: &[&[&str]] = &[
    &["check", "1", "--list"],
    &["check", "4", "--list"],
    &["check", "5", "--list"],
    &["check", "6", "--list"],
    &["check", "7", "--list"],
    &["check", "--help"],
    &["proxy", "--help"],
    &["proxy", "--profile", "list"],
    &["bench", "--help"],
    &["serve", "--help"],
    &["connect", "--help"],
    &["docs", "--help"],
    &["list"],
    &["protocols"],
    &[
        "bench",
        "--bytes",
        "65536",
        "--seconds",
        "0.01",
        "--rounds",
        "1",
    ],
];

/// Runs of English words that are right in a Chinese line, each for its
/// reason. `os error`: the number after it is the system's, and these words
/// are what one looks it up by (`连接被拒绝（os error 111）`).
const ALLOWED_RUNS: &[&str] = &["os error"];

/// Units a help page or a table may leave on a line of their own when it
/// breaks between a number and its unit.
const UNITS: &[&str] = &["ms", "KiB", "MiB", "GiB"];

/// What a user types, and so stays as it is: the program's name and its
/// commands, which run together in a line such as `sticky run 3`.
const NAMES: &[&str] = &[
    "sticky",
    "run",
    "serve",
    "connect",
    "check",
    "proxy",
    "bench",
    "list",
    "docs",
    "protocols",
];

/// `sticky ARGS --lang zh --color never` on an 80-column terminal, whatever
/// the machine's locale says.
fn zh(args: &[&str]) -> Command {
    let mut cmd = sticky();
    cmd.args(args)
        .args(["--lang", "zh", "--color", "never"])
        .env("COLUMNS", "80");
    cmd
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// A line of data, the same in every language: a table's row or a hex
/// dump's (they start with a number: a size, an offset), a relayed
/// connection's byte counts (`#1 …`), the boundary view (`| …`).
fn is_data(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(|c: char| c.is_ascii_digit() || c == '#' || c == '|')
}

/// `text` with its code spans blanked out, even one a help page broke over
/// two lines: a span is a command, a flag or a file name, typed as shown.
fn without_code(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in text.chars() {
        if c == '`' {
            inside = !inside;
            out.push(' ');
        } else if inside && c != '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether an ASCII piece of a line is an English word, once a run's
/// punctuation is trimmed from its ends. Not words: what holds a digit, `_`,
/// `/`, `.`, `\`, `:` or `=` (numbers with units such as `8 KiB` aside,
/// identifiers, addresses, paths, escaped bytes, `MIN..MAX`), a flag
/// (`--seed`), a name in capitals (an acronym or a metavariable: `TCP`,
/// `PATH`), the program's and its commands' names, a single letter.
fn is_word(piece: &str) -> bool {
    let w = piece.trim_matches(|c: char| "()[]<>,;:!?'\"…".contains(c) || c == '.');
    let letters = w.chars().filter(char::is_ascii_alphabetic).count();
    letters >= 2
        && !piece.starts_with('-')
        && w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'')
        && !w.chars().all(|c| !c.is_ascii_lowercase())
        && !NAMES.contains(&w)
        && !UNITS.contains(&w)
        // A byte in hex, as a dump shows it: `ff`, `0d`.
        && !(w.len() == 2 && w.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The runs of two or more English words in a row (separated by spaces
/// only) in `line`, after code spans and double-quoted text (a case's
/// data, a verdict word of the protocol: `"saved"`) are taken out. A
/// Chinese character or punctuation ends a run.
fn english_runs(line: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
            plain.push(' ');
        } else {
            plain.push(if quoted { ' ' } else { c });
        }
    }
    let mut runs = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut end = |run: &mut Vec<&str>| {
        let words = run.join(" ");
        if run.len() >= 2 && !ALLOWED_RUNS.contains(&words.as_str()) {
            runs.push(words);
        }
        run.clear();
    };
    for chunk in plain.split_whitespace() {
        // Pieces of a chunk are parted by non-ASCII characters, which end a run.
        let pieces: Vec<&str> = chunk.split(|c: char| !c.is_ascii()).collect();
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                end(&mut run);
            }
            if is_word(piece) {
                run.push(piece);
            } else if !piece.is_empty() {
                end(&mut run);
            }
        }
    }
    end(&mut run);
    runs
}

/// Every line of `text` that is left in English or wider than 80 columns,
/// each with what is wrong with it. An error is exempt from the width: it
/// is one line on stderr, whatever its length, for a script to read.
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let code_free = without_code(text);
    for (line, plain) in text.lines().zip(code_free.lines()) {
        let width = UnicodeWidthStr::width(line);
        if width > 80 && !line.starts_with("错误：") {
            found.push(format!("{width} columns: {line}"));
        }
        if is_data(line) {
            continue;
        }
        if plain.chars().any(is_cjk) {
            let runs = english_runs(plain);
            if !runs.is_empty() {
                found.push(format!("English words {runs:?} in: {line}"));
            }
        } else if plain.split_whitespace().any(is_word) {
            found.push(format!("no Chinese: {line}"));
        }
    }
    found
}

#[test]
fn the_detector_catches_what_it_should_and_passes_what_it_should() {
    // What the old Chinese error looked like.
    assert!(!english_runs("客户端 #1 127.0.0.1:5000：line (no newline yet)应有 5 字节").is_empty());
    assert!(!english_runs("sending the file body：连接被对端重置").is_empty());
    assert!(!problems("reading: nothing was measured\n").is_empty());
    // What is rightly English in a Chinese line.
    for line in [
        "用 `sticky run N` 运行其中一个；serve/connect 的用法见 `sticky --help`",
        "      --little-endian  演示 05 和 06：长度字段用小端字节序，就像课上的",
        "                       struct.pack('i', n) 在 x86 上那样",
        "upload         100 KiB 的文件连同 sha256 摘要，以原名得到 \"saved\" 裁决",
        "      --color <COLOR>  彩色输出：auto（在终端上，且没有设置 NO_COLOR 时）、",
        "                       always、never（默认：auto）",
        "   512 B        119 [59-178]         90 [55-125]       81%",
        "== HTTP/1.1 chunked：每块之前一个长度，最后是长度为 0 的块 ==",
        "代理：#1 已结束，又可以再转发一个连接",
    ] {
        assert!(problems(line).is_empty(), "{line}: {:?}", problems(line));
    }
    // A code span a help page broke over two lines.
    let broken = "lan、wifi、wan 或 lossy（见 `sticky proxy\n--profile list`）\n";
    assert!(problems(broken).is_empty(), "{:?}", problems(broken));
    assert!(!problems(&format!("{}\n", "宽".repeat(41))).is_empty());
}

#[test]
fn every_command_speaks_chinese_within_80_columns() {
    let mut found = Vec::new();
    for args in COMMANDS {
        let out = zh(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let text = stdout(&out) + &stderr(&out);
        assert!(text.chars().any(is_cjk), "{args:?}:\n{text}");
        for p in problems(&text) {
            found.push(format!("{args:?}: {p}"));
        }
    }
    assert!(found.is_empty(), "\n{}", found.join("\n"));
}

#[test]
fn errors_on_the_command_line_and_from_a_peer_are_said_in_chinese() {
    // A port nothing listens on: bound, then let go.
    let free = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let to = free.to_string();
    let runs: [&[&str]; 8] = [
        &["run"],
        &["check", "9"],
        &["bench", "--seconds", "0"],
        &["connect", "5", "--to", &to],
        // Numbers clap parses itself, and ranges the library refuses.
        &["run", "3", "--seed", "x"],
        &["check", "5", "--timeout", "x"],
        &["proxy", "--cut", "5..1"],
        &["proxy", "--coalesce-ms", "x"],
    ];
    for args in runs {
        let out = zh(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("错误："), "{args:?}: {err}");
        let p = problems(&err);
        assert!(p.is_empty(), "{args:?}: {p:?}");
    }
}

#[test]
fn a_relayed_connection_and_a_refused_one_are_narrated_in_chinese() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = listener.local_addr().unwrap().to_string();
    let mut cmd = zh(&["proxy", "--listen", "127.0.0.1:0", "--to", &to]);
    // A refused connection does not count: the second one relayed ends it.
    cmd.args(["--clients", "2", "--max-clients", "1", "--seed", "7"]);
    let mut proxy = Server::spawn(cmd);
    let mut seen = proxy.banner.clone();
    let mut client = TcpStream::connect(proxy.addr).unwrap();
    seen += &proxy.wait_for_line("已连接");
    let (mut server, _) = listener.accept().unwrap();
    // One more than --max-clients: closed at once, with a line that says so.
    let second = TcpStream::connect(proxy.addr).unwrap();
    seen += &proxy.wait_for_line("拒绝了");
    drop(second);
    for s in [&client, &server] {
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    }
    // Too long for one line: the read is shown cut, with what is left out.
    let message = b"hello, sticky. ".repeat(12);
    client.write_all(&message).unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    server.read_to_end(&mut got).unwrap();
    assert_eq!(got, message);
    drop(server);
    client.read_to_end(&mut Vec::new()).unwrap();
    seen += &proxy.wait_for_line("又可以再转发一个连接");
    let third = TcpStream::connect(proxy.addr).unwrap();
    let (server, _) = listener.accept().unwrap();
    drop(third);
    drop(server);
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    let text = seen + &out + &err;
    let p = problems(&text);
    assert!(p.is_empty(), "\n{}\n{text}", p.join("\n"));
    assert!(text.contains("字节）"), "no cut read in\n{text}");
}
