//! The demos in Chinese: every narration line translated, the same numbers
//! in both languages, and the locale obeyed when no flag is given.

mod common;

use common::{run, stderr, stdout, sticky};

/// The demos run in one process, with a seed where the demo has one so the
/// output is the same every run.
const RUNS: &[&[&str]] = &[
    &["run", "1"],
    &["run", "2"],
    &["run", "3", "--seed", "7"],
    &["run", "3", "--profile", "wan"],
    &["run", "4", "--seed", "7"],
    &["run", "5", "--seed", "7"],
    &["run", "6"],
    &["run", "7"],
    &["run", "8"],
];

/// English lines that are right to print as they are in a Chinese run.
/// Keep it short: a line belongs here only if it is not narration.
const ALLOWED: &[&str] = &[];

fn has_cjk(line: &str) -> bool {
    line.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c))
}

/// Three ASCII letters in a row: the smallest piece of an English word.
fn has_a_word(line: &str) -> bool {
    line.as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_alphabetic))
}

/// Rows of the boundary view (`#1   5 B  [hello] | …`) are data: sizes and
/// the bytes sent, the same in every language. So is demo 06's JSON header,
/// shown on a line of its own as it crossed the wire.
fn is_data(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with('|') || t.starts_with('{')
}

/// The lines of `text` with an English word and no Chinese: narration left
/// untranslated, unless it is data (see [`is_data`]) or allowed.
fn english_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| has_a_word(l) && !has_cjk(l))
        .filter(|l| !is_data(l) && !ALLOWED.contains(&l.trim()))
        .collect()
}

fn zh(args: &[&str]) -> String {
    let out = sticky().args(args).args(["--lang", "zh"]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn no_narration_line_is_left_in_english() {
    for args in RUNS {
        let text = zh(args);
        let untranslated = english_lines(&text);
        assert!(
            untranslated.is_empty(),
            "{args:?} left these lines in English:\n{}",
            untranslated.join("\n")
        );
        assert!(has_cjk(&text), "{args:?}");
    }
}

#[test]
fn both_languages_show_the_same_numbers_and_the_same_view() {
    for args in [
        &["run", "3", "--seed", "7"][..],
        &["run", "4", "--seed", "7"],
        &["run", "5", "--seed", "7"],
    ] {
        let en = stdout(&run(args));
        let zh = zh(args);
        // The title aside: "fix 1" is 解法一 in Chinese, a number in words.
        let digits = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| !l.starts_with("== "))
                .collect::<Vec<_>>()
                .join("\n")
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        // The boundary view's rows are identical, markers and all.
        let rows = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        let (en_rows, zh_rows) = (rows(&en), rows(&zh));
        if args[1] == "3" {
            assert_eq!(en_rows[..8], zh_rows[..8], "{args:?}");
        }
        let (mut a, mut b) = (digits(&en), digits(&zh));
        // The same numbers, not as often: "8 of 8 whole" is 8 条全部完整.
        a.sort();
        a.dedup();
        b.sort();
        b.dedup();
        assert_eq!(a, b, "{args:?}: the numbers differ between languages");
    }
}

#[test]
fn english_is_chosen_by_flag_whatever_the_locale() {
    let plain = stdout(&run(&["run", "3", "--seed", "7"]));
    let out = sticky()
        .args(["run", "3", "--seed", "7", "--lang", "en"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), plain);
    assert!(
        plain.contains("result: 8 writes arrived in 6 reads"),
        "{plain}"
    );
}

#[test]
fn a_chinese_locale_without_a_flag_gives_chinese() {
    let out = sticky()
        .args(["run", "3", "--seed", "7"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&out), zh(&["run", "3", "--seed", "7"]));
    let list = sticky()
        .arg("list")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout(&list).contains("解法二：长度字段"),
        "{}",
        stdout(&list)
    );
}

#[test]
fn errors_and_their_advice_are_said_in_chinese() {
    // A library error, with the flag that changes it.
    let out = run(&["run", "5", "--max-frame", "1000", "--lang", "zh"]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim_end(),
        "错误：拒绝长度为 262144 字节的帧：上限是 1000 字节（可以用 --max-frame 调高上限）"
    );
    // A flag given to a demo that does not use it.
    let out = run(&["run", "1", "--seed", "3", "--lang", "zh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("错误：--seed 只用于 `run 3`"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // The same in English, unchanged.
    let out = run(&["run", "5", "--max-frame", "1000"]);
    assert!(stderr(&out).starts_with("error: frame of 262144 bytes refused"));
}

/// A Python server on a free loopback port, which ends when its standard
/// input closes (so a failing test cannot leave it running).
struct PythonServer {
    child: std::process::Child,
    addr: String,
}

impl PythonServer {
    fn start(script: &str) -> PythonServer {
        use std::io::BufRead;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(script);
        let watchdog = "import runpy, sys, os, threading\n\
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n\
            sys.argv = sys.argv[1:]\n\
            runpy.run_path(sys.argv[0], run_name='__main__')\n";
        let mut child = std::process::Command::new("python3")
            .args(["-c", watchdog])
            .arg(&path)
            .args(["127.0.0.1", "0"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 runs");
        // The banner, "listening on HOST:PORT", says where.
        let mut banner = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut banner)
            .unwrap();
        let addr = banner
            .split_whitespace()
            .find(|w| w.parse::<std::net::SocketAddr>().is_ok())
            .unwrap_or_else(|| panic!("no address in {banner:?}"))
            .to_string();
        PythonServer { child, addr }
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

#[test]
fn check_lists_its_cases_and_grades_in_chinese() {
    for demo in ["1", "4", "7"] {
        let text = zh(&["check", demo, "--list"]);
        let untranslated = english_lines(&text);
        assert!(
            untranslated.is_empty(),
            "check {demo} --list left these lines in English:\n{}",
            untranslated.join("\n")
        );
        assert!(text.lines().all(has_cjk), "{text}");
    }
    // A right echo server passes, a buggy one fails: both cards in Chinese,
    // with the case names as they are.
    for (script, status, says) in [
        ("docs/labs/code/echo_server.py", 0, "通过 7 项，失败 0 项"),
        (
            "tests/students/echo/bug_recv_once.py",
            1,
            "它是否只回显第一次 recv() 收到的内容",
        ),
    ] {
        let server = PythonServer::start(script);
        let check = |columns: &str| {
            sticky()
                .args(["check", "1", "--to", &server.addr, "--seed", "5"])
                .args(["--lang", "zh", "--color", "never"])
                .env("COLUMNS", columns)
                .output()
                .unwrap()
        };
        // On an 80-column projector the card wraps under its labels, a
        // Chinese character counted as two columns.
        let narrow = stdout(&check("80"));
        for line in narrow.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= 80, "{width} columns: {line}");
        }
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("results.jsonl");
        let out = sticky()
            .args(["check", "1", "--to", &server.addr, "--seed", "5"])
            .args(["--lang", "zh", "--color", "never", "--json"])
            .arg(&json)
            .output()
            .unwrap();
        drop(server);
        // The JSON keeps its English keys, case names and results; its
        // hints are in the language of the run.
        let record: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        for case in record["cases"].as_array().unwrap() {
            let result = case["result"].as_str().unwrap();
            assert!(["pass", "fail"].contains(&result), "{case}");
            let hint = case["hint"].as_str().unwrap();
            assert_eq!(result == "fail", has_cjk(hint), "{case}");
        }
        let card = stdout(&out);
        assert_eq!(out.status.code(), Some(status), "{script}: {card}");
        assert!(card.contains(says), "{script}: {card}");
        assert!(card.contains("glued"), "{card}");
        let untranslated = english_lines(&card);
        assert!(
            untranslated.is_empty(),
            "{script}: these lines are in English:\n{}",
            untranslated.join("\n")
        );
    }
}

/// `sticky check 5` and `check 6` (the length prefix and the upload) and
/// `check 5 --serve` speak Chinese too: their lists, a real card against
/// `sticky serve 5`, and the server side's banner, narration and card.
#[test]
fn check_5_6_and_serve_list_and_grade_in_chinese() {
    for args in [
        &["check", "5", "--list"][..],
        &["check", "6", "--list"],
        &["check", "5", "--serve", "--list"],
    ] {
        let text = zh(args);
        let untranslated = english_lines(&text);
        assert!(
            untranslated.is_empty(),
            "{args:?} left these lines in English:\n{}",
            untranslated.join("\n")
        );
        assert!(text.lines().all(has_cjk), "{text}");
    }
    // One connection per case, and one more for two-clients and after each
    // of the last three (as tests/check.rs counts them).
    let server = common::Server::start(&["5", "--clients", "16"]);
    let out = sticky()
        .args([
            "check",
            "5",
            "--to",
            &server.addr.to_string(),
            "--seed",
            "5",
        ])
        .args(["--lang", "zh", "--color", "never"])
        .output()
        .unwrap();
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{card}");
    assert!(card.contains("通过 12 项，失败 0 项"), "{card}");
    assert!(card.contains("huge-header"), "{card}");
    let untranslated = english_lines(&card);
    assert!(
        untranslated.is_empty(),
        "check 5 left these lines in English:\n{}",
        untranslated.join("\n")
    );
    assert!(server.finish().0);

    // The other way round: the lab's solution client against `--serve`.
    let mut cmd = sticky();
    cmd.args(["check", "5", "--serve", "--bind", "127.0.0.1:0"])
        .args(["--case", "seeded", "--clients", "1", "--seed", "7"])
        .args(["--lang", "zh", "--color", "never"]);
    let server = common::Server::spawn(cmd);
    assert!(has_cjk(&server.banner), "{}", server.banner);
    let client = std::process::Command::new("python3")
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs/labs/code/lp_client_solution.py"),
        )
        .args(["127.0.0.1", &server.addr.port().to_string()])
        .output()
        .unwrap();
    assert!(client.status.success(), "{}", stderr(&client));
    let (ok, log, _) = server.finish();
    assert!(ok, "{log}");
    assert!(log.contains("客户端 1：通过 2 项，失败 0 项"), "{log}");
    let untranslated = english_lines(&log);
    assert!(
        untranslated.is_empty(),
        "check 5 --serve left these lines in English:\n{}",
        untranslated.join("\n")
    );
}
