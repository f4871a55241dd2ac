//! Every help page and clap's usage errors in Chinese under `--lang zh`:
//! no narration line left in English, and every line fits 80 columns with
//! a Chinese character counted as two.

mod common;

use common::{stderr, stdout, sticky};
use unicode_width::UnicodeWidthStr;

/// The same idea of an English line as tests/lang.rs: three ASCII letters
/// in a row, and no Chinese (full-width punctuation counts as Chinese: a
/// continuation line may hold only `Ctrl-C）`).
fn is_english(line: &str) -> bool {
    let cjk = line.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    });
    let word = line
        .as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_alphabetic));
    word && !cjk
}

/// A line of a help page that is a flag's own continuation (`--profile
/// list`), the flags themselves, or a value: not narration.
fn is_flag_or_value(line: &str) -> bool {
    line.split_whitespace()
        .all(|w| w.starts_with('-') || w.starts_with('<') || w.starts_with('[') || w.ends_with('`'))
}

const PAGES: &[&[&str]] = &[
    &["--help"],
    &["help", "serve"],
    &["list", "--help"],
    &["run", "--help"],
    &["serve", "--help"],
    &["connect", "--help"],
    &["tour", "--help"],
    &["bench", "--help"],
    &["proxy", "--help"],
    &["protocols", "--help"],
    &["check", "--help"],
    &["docs", "--help"],
    &["help", "help"],
];

#[test]
fn every_help_page_is_chinese_and_fits_80_columns() {
    for page in PAGES {
        for columns in [Some("80"), None] {
            let mut cmd = sticky();
            cmd.args(["--lang", "zh", "--color", "never"]).args(*page);
            if let Some(c) = columns {
                cmd.env("COLUMNS", c);
            }
            let out = cmd.output().expect("the sticky binary runs");
            assert!(out.status.success(), "{page:?}: {}", stderr(&out));
            let text = stdout(&out);
            assert!(text.contains("用法：sticky"), "{page:?}:\n{text}");
            let english: Vec<&str> = text
                .lines()
                .filter(|l| is_english(l) && !is_flag_or_value(l))
                .collect();
            assert!(
                english.is_empty(),
                "{page:?} in English:\n{}",
                english.join("\n")
            );
            if columns.is_some() {
                for line in text.lines() {
                    assert!(
                        line.width() <= 80,
                        "{page:?}: {} columns: {line}",
                        line.width()
                    );
                }
            }
        }
    }
}

#[test]
fn a_chinese_locale_gives_chinese_help_without_the_flag() {
    let out = sticky()
        .args(["run", "--help"])
        .env("LC_ALL", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("用法：sticky run"),
        "{}",
        stdout(&out)
    );
    let out = sticky()
        .args(["run", "--help", "--lang", "en"])
        .env("LC_ALL", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("Usage: sticky run"),
        "{}",
        stdout(&out)
    );
}

/// `sticky ARGS --lang zh`: one Chinese line on stderr, exit status 2.
fn usage_error(args: &[&str]) -> String {
    let out = sticky().args(args).args(["--lang", "zh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    assert!(stdout(&out).is_empty(), "{args:?}");
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("错误："), "{args:?}: {err}");
    assert!(!is_english(&err), "{args:?}: {err}");
    err
}

#[test]
fn usage_errors_are_one_chinese_line_naming_the_argument() {
    let err = usage_error(&["run"]);
    assert!(err.contains("缺少必需的参数 <DEMO>"), "{err}");
    assert!(err.contains("（见 sticky run --help）"), "{err}");
    let err = usage_error(&["run", "9"]);
    assert!(
        err.contains("没有演示 9") && err.contains("sticky run --help"),
        "{err}"
    );
    // The proxy's ranges are the library's, said in Chinese.
    let err = usage_error(&["proxy", "--cut", "5..1"]);
    assert!(
        err.contains("应为 1..1048576 之间") && err.contains("sticky proxy --help"),
        "{err}"
    );
    assert!(err.contains("MIN（5）大于 MAX（1）"), "{err}");
    // A number clap parses itself: Rust's reason is English, so it is not shown.
    let err = usage_error(&["run", "3", "--seed", "x"]);
    assert!(err.contains("\"x\" 不是一个合法的非负整数"), "{err}");
    let err = usage_error(&["check", "5", "--timeout", "x"]);
    assert!(err.contains("\"x\" 不是一个合法的数"), "{err}");
    let err = usage_error(&["serve", "1", "--max-per-address", "0"]);
    assert!(err.contains("必须在 1 到 100000 之间"), "{err}");
    let err = usage_error(&["run", "3", "--bogus"]);
    assert!(
        err.contains("'--bogus'") && err.contains("sticky run --help"),
        "{err}"
    );
    let err = usage_error(&["run", "3", "--sed", "1"]);
    assert!(err.contains("是不是想用 '--seed'"), "{err}");
    let err = usage_error(&["run", "6", "--chunk", "0"]);
    assert!(
        err.contains("分块大小必须在 1 到 67108864 字节之间"),
        "{err}"
    );
    let err = usage_error(&["--color", "purple", "list"]);
    assert!(err.contains("'purple'") && err.contains("always"), "{err}");
    let err = usage_error(&["docs", "--write", "--check"]);
    assert!(
        err.contains("'--write'") && err.contains("'--check'"),
        "{err}"
    );
    usage_error(&["runn"]);
    let err = usage_error(&[]);
    assert!(
        err.contains("缺少要执行的命令") && err.contains("sticky --help"),
        "{err}"
    );
}

#[test]
fn english_usage_errors_are_clap_s_as_before() {
    let out = sticky().args(["run", "3", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: unexpected argument '--bogus' found"),
        "{}",
        stderr(&out)
    );
}
