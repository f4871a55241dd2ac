//! `sticky protocols --lang zh`: every title, note and decoder line in
//! Chinese; the bytes and numbers as in English.

mod common;

use common::{stdout, sticky};
use unicode_width::UnicodeWidthStr;

fn has_cjk(line: &str) -> bool {
    line.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    })
}

fn has_a_word(line: &str) -> bool {
    line.as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_alphabetic))
}

/// A field's line, `  {offset:>4}  {hex}  {text}`: data, the same in
/// every language.
fn is_field(line: &str) -> bool {
    let offset = line.get(..6).map(str::trim_start);
    offset.is_some_and(|o| !o.is_empty() && o.chars().all(|c| c.is_ascii_digit()))
        && line.get(6..8) == Some("  ")
}

fn protocols(args: &[&str], columns: Option<&str>) -> String {
    let mut cmd = sticky();
    cmd.arg("protocols").args(args).args(["--color", "never"]);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    stdout(&out)
}

#[test]
fn every_protocol_is_told_in_chinese_with_the_same_numbers() {
    let zh = protocols(&["--lang", "zh"], None);
    let english: Vec<&str> = zh
        .lines()
        .filter(|l| has_a_word(l) && !has_cjk(l) && !is_field(l))
        .collect();
    assert!(english.is_empty(), "in English:\n{}", english.join("\n"));
    let en = protocols(&["--lang", "en"], None);
    let digits = |t: &str| -> Vec<String> {
        let mut d: Vec<String> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        d.sort();
        d
    };
    assert_eq!(digits(&zh), digits(&en));
    // The fields' lines are the same bytes in both.
    let fields = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| is_field(l))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(fields(&zh), fields(&en));
    let list = protocols(&["--list", "--lang", "zh"], None);
    assert!(list.lines().all(has_cjk), "{list}");
}

#[test]
fn the_decoder_lines_fit_80_columns_in_chinese() {
    let zh = protocols(&["--lang", "zh"], Some("80"));
    for line in zh.lines().filter(|l| !is_field(l)) {
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }
}
