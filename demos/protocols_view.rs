//! # sticky protocols — how real protocols frame their messages
//!
//! Every protocol on TCP solves demo 03's problem. This command encodes one
//! sample message ("hello, sticky") in each, prints it field by field with
//! its bytes, and runs the protocol's decoder over that message followed by
//! the next, to show where the decoder finds the end:
//!
//! ```text
//! sticky protocols             every protocol, one after the other
//! sticky protocols tls         one of them (the names: sticky protocols --list)
//! ```
//!
//! The encoders and decoders are `src/protocols.rs`; this file prints.

use std::sync::LazyLock;

use crate::app::i18n::Catalogue;
use crate::app::screen::say;
use crate::tr;
use sticky::boundary::printable;
use sticky::protocols::{
    examples, tls_record_headers, varint, websocket_length, Example, Found, TLS_MAX_PLAINTEXT,
};

/// What this command says, in English and Chinese. The titles and notes
/// are the library's, in English; the Chinese file translates them.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/protocols.ftl"),
        include_str!("../i18n/zh/protocols.ftl"),
    )
});

/// Bytes of a field shown in hex on its line; the rest is counted.
const HEX_BYTES: usize = 12;
/// Characters of a field shown as text.
const TEXT_CHARS: usize = 28;

/// `sticky protocols [NAME]`, or `--list`.
pub fn run(name: Option<&str>, list: bool) -> Result<(), String> {
    let all = examples();
    if list {
        for e in &all {
            println!("{:<13} {}", e.name, title(e));
        }
        return Ok(());
    }
    let chosen: Vec<&Example> = match name {
        None => all.iter().collect(),
        Some(name) => match all.iter().find(|e| e.name == name) {
            Some(e) => vec![e],
            None => {
                let names: Vec<&str> = all.iter().map(|e| e.name).collect();
                // The separator of a list, as the command line's errors use it.
                let comma = crate::app::help::WORDS.text("words-separator", &[]);
                return Err(tr!(
                    WORDS,
                    "no-protocol",
                    name = format!("{name:?}"),
                    names = names.join(&comma)
                ));
            }
        },
    };
    for (i, e) in chosen.iter().enumerate() {
        if i > 0 {
            println!();
        }
        show(e);
    }
    Ok(())
}

/// One message, field by field, then what its decoder makes of it.
fn show(e: &Example) {
    println!("== {} ==", title(e));
    let mut at = 0;
    for (i, part) in e.parts.iter().enumerate() {
        println!(
            "  {at:>4}  {:<hex$}  {}",
            hex(&part.bytes),
            text(&part.bytes),
            hex = HEX_BYTES * 3 + 1
        );
        println!("        {}", note(e, i, &part.note));
        at += part.bytes.len();
    }
    let one = e.bytes();
    // The decoder meets the message with the next one behind it, as on a
    // connection; the end-by-close example instead meets the close.
    let by_close = e.name == "http-close";
    let stream = if by_close {
        one.clone()
    } else {
        [one.clone(), one.clone()].concat()
    };
    let shorter = (0..one.len())
        .filter(|&k| (e.decoder)(&one[..k], false) == Found::Incomplete)
        .count();
    println!("  {}", tr!(WORDS, "on-wire", n = one.len()));
    let found = match (e.decoder)(&stream, by_close) {
        Found::Message { payload, consumed } => {
            let after = if by_close {
                tr!(WORDS, "after-close")
            } else {
                tr!(WORDS, "after-next", consumed = consumed)
            };
            tr!(
                WORDS,
                "decoder-message",
                len = payload.len(),
                text = printable(&payload),
                consumed = consumed,
                after = after
            )
        }
        Found::Incomplete => tr!(WORDS, "decoder-incomplete"),
        Found::Invalid(why) => tr!(WORDS, "decoder-invalid", why = why),
    };
    // The decoder's lines are the longest: broken at the terminal's width.
    say(format!("  {found}"));
    let prefixes = if shorter == one.len() {
        tr!(WORDS, "prefixes-all", n = one.len())
    } else {
        tr!(WORDS, "prefixes-some", shorter = shorter, n = one.len())
    };
    say(format!("  {prefixes}"));
    for line in extra(e.name) {
        println!("  {line}");
    }
}

/// What one example cannot show: the other sizes of its length field.
fn extra(name: &str) -> Vec<String> {
    match name {
        "tls" => {
            let mut lines = vec![tr!(WORDS, "tls-records", max = TLS_MAX_PLAINTEXT)];
            for h in tls_record_headers(20_000) {
                let len = u16::from_be_bytes([h[3], h[4]]);
                let record = tr!(WORDS, "tls-record", header = hex(&h), len = len);
                lines.push(format!("  {record}"));
            }
            lines
        }
        "websocket" => [13u64, 300, 70_000]
            .iter()
            .map(|&n| {
                tr!(
                    WORDS,
                    "ws-length",
                    n = format!("{n:>5}"),
                    hex = hex(&websocket_length(n, true))
                )
            })
            .collect(),
        "protobuf" | "mqtt" => [127u64, 128, 300, 16_384, 268_435_455]
            .iter()
            .map(|&n| {
                tr!(
                    WORDS,
                    "varint",
                    n = format!("{n:>9}"),
                    hex = hex(&varint(n))
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A protocol's title, in the language of the run.
fn title(e: &Example) -> String {
    said(&format!("title-{}", e.name), e.title)
}

/// The note under field `i` (from 0) of a protocol.
fn note(e: &Example, i: usize, english: &str) -> String {
    said(&format!("note-{}-{}", e.name, i + 1), english)
}

/// The message `id`, or the library's English when the files lack it (a
/// test makes sure they do not).
fn said(id: &str, english: &str) -> String {
    if WORDS.has(id) {
        WORDS.text(id, &[])
    } else {
        english.to_string()
    }
}

/// `50 4f 53 54 …` for the first bytes of a field.
fn hex(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes
        .iter()
        .take(HEX_BYTES)
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut out = shown.join(" ");
    if bytes.len() > HEX_BYTES {
        out.push_str(" …");
    }
    out
}

/// The field as text, escapes for what is not printable, cut to a width.
fn text(bytes: &[u8]) -> String {
    let t = printable(bytes);
    if t.chars().count() > TEXT_CHARS {
        let cut: String = t.chars().take(TEXT_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};
    use crate::app::lang::Lang;

    const EN: &str = include_str!("../i18n/en/protocols.ftl");
    const ZH: &str = include_str!("../i18n/zh/protocols.ftl");

    #[test]
    fn the_two_message_files_are_whole() {
        let gaps = check_catalogue(EN, ZH);
        assert!(gaps.is_empty(), "{gaps:#?}");
        let defined = ids_defined(EN);
        for id in ids_used(include_str!("protocols_view.rs")) {
            assert!(defined.contains(&id), "{id} is not in protocols.ftl");
        }
    }

    /// The numbers in a text, in order: the same in both languages.
    fn numbers(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn every_title_and_note_is_the_library_s_and_translated_with_its_numbers() {
        for e in examples() {
            let mut said = vec![(format!("title-{}", e.name), e.title.to_string())];
            for (i, part) in e.parts.iter().enumerate() {
                said.push((format!("note-{}-{}", e.name, i + 1), part.note.clone()));
            }
            for (id, english) in said {
                assert_eq!(WORDS.text_in(Lang::En, &id, &[]), english, "{id}");
                let chinese = WORDS.text_in(Lang::Zh, &id, &[]);
                assert_ne!(chinese, id, "{id} has no Chinese");
                let (mut a, mut b) = (numbers(&english), numbers(&chinese));
                a.sort();
                b.sort();
                assert_eq!(a, b, "{id}: {english} / {chinese}");
            }
        }
    }
}
