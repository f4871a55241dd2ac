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

use sticky::boundary::printable;
use sticky::protocols::{
    examples, tls_record_headers, varint, websocket_length, Example, Found, TLS_MAX_PLAINTEXT,
};

/// Bytes of a field shown in hex on its line; the rest is counted.
const HEX_BYTES: usize = 12;
/// Characters of a field shown as text.
const TEXT_CHARS: usize = 28;

/// `sticky protocols [NAME]`, or `--list`.
pub fn run(name: Option<&str>, list: bool) -> Result<(), String> {
    let all = examples();
    if list {
        for e in &all {
            println!("{:<13} {}", e.name, e.title);
        }
        return Ok(());
    }
    let chosen: Vec<&Example> = match name {
        None => all.iter().collect(),
        Some(name) => match all.iter().find(|e| e.name == name) {
            Some(e) => vec![e],
            None => {
                let names: Vec<&str> = all.iter().map(|e| e.name).collect();
                return Err(format!(
                    "there is no protocol {name:?}; the names are {}",
                    names.join(", ")
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
    println!("== {} ==", e.title);
    let mut at = 0;
    for part in &e.parts {
        println!(
            "  {at:>4}  {:<hex$}  {}",
            hex(&part.bytes),
            text(&part.bytes),
            hex = HEX_BYTES * 3 + 1
        );
        println!("        {}", part.note);
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
    println!("  {} bytes on the wire.", one.len());
    match (e.decoder)(&stream, by_close) {
        Found::Message { payload, consumed } => {
            let after = if by_close {
                "then the close".to_string()
            } else {
                format!("the next message starts at byte {consumed}")
            };
            println!(
                "  decoder: a message of {} bytes, \"{}\"; it took {consumed} bytes, {after}",
                payload.len(),
                printable(&payload)
            );
        }
        Found::Incomplete => println!("  decoder: incomplete"),
        Found::Invalid(why) => println!("  decoder: invalid: {why}"),
    }
    if shorter == one.len() {
        println!(
            "  decoder, on each of the {} shorter prefixes: incomplete, read more",
            one.len()
        );
    } else {
        println!(
            "  decoder: only {shorter} of the {} shorter prefixes are incomplete",
            one.len()
        );
    }
    for line in extra(e.name) {
        println!("  {line}");
    }
}

/// What one example cannot show: the other sizes of its length field.
fn extra(name: &str) -> Vec<String> {
    match name {
        "tls" => {
            let mut lines = vec![format!(
                "20000 bytes of plaintext become records of at most {TLS_MAX_PLAINTEXT}:"
            )];
            for h in tls_record_headers(20_000) {
                let len = u16::from_be_bytes([h[3], h[4]]);
                lines.push(format!("  {}  a record of {len} bytes", hex(&h)));
            }
            lines
        }
        "websocket" => [13u64, 300, 70_000]
            .iter()
            .map(|&n| {
                format!(
                    "a masked payload of {n:>5} bytes: length field {}",
                    hex(&websocket_length(n, true))
                )
            })
            .collect(),
        "protobuf" | "mqtt" => [127u64, 128, 300, 16_384, 268_435_455]
            .iter()
            .map(|&n| format!("varint {n:>9}: {}", hex(&varint(n))))
            .collect(),
        _ => Vec::new(),
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
