//! One student cannot flood the projector: a server prints a bounded number
//! of lines per connection, and no line wider than 200 columns when its
//! output is not a terminal (standard output and standard error alike).

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::thread;

use common::Server;

const MEGABYTE: usize = 1_000_000;

/// Sends `bytes` while reading everything the server sends back (it echoes,
/// so a client that only wrote would fill both buffers and stall), then
/// closes its side and reads to the end.
fn send_and_drain(addr: std::net::SocketAddr, bytes: Vec<u8>) -> usize {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut reader = stream.try_clone().unwrap();
    let drain = thread::spawn(move || {
        let mut back = Vec::new();
        reader.read_to_end(&mut back).unwrap();
        back.len()
    });
    stream.write_all(&bytes).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    drain.join().unwrap()
}

/// The lines the server printed after its banner, all of which concern the
/// one connection the test made.
fn lines_after_banner(server: Server) -> Vec<String> {
    let (ok, out, err) = server.finish();
    assert!(ok, "{err}");
    out.lines().map(str::to_string).collect()
}

fn assert_narrow(lines: &[String]) {
    for l in lines {
        assert!(
            l.chars().count() <= 200,
            "{} columns: {l:.120}…",
            l.chars().count()
        );
    }
}

#[test]
fn a_megabyte_of_raw_bytes_to_serve_1_prints_a_few_lines() {
    let server = Server::start(&["1", "--clients", "1"]);
    let echoed = send_and_drain(server.addr, vec![b'x'; MEGABYTE]);
    assert_eq!(echoed, MEGABYTE);
    let lines = lines_after_banner(server);
    assert!(lines.len() <= 30, "{} lines", lines.len());
    assert_narrow(&lines);
    // The reads past the first 20 are counted, not lost.
    let summary = lines.last().unwrap();
    assert!(
        summary.contains(&format!("sent {MEGABYTE} bytes in")),
        "{summary}"
    );
    // A 1024-byte read is cut, saying how much was left out.
    assert!(lines.iter().any(|l| l.contains("more bytes)")), "{lines:?}");
}

#[test]
fn a_megabyte_of_small_frames_to_serve_5_prints_a_few_lines() {
    let server = Server::start(&["5", "--clients", "1"]);
    let mut wire = Vec::new();
    let mut payload = 0;
    while wire.len() < MEGABYTE {
        let msg = format!("message {}", wire.len());
        wire.extend_from_slice(&(msg.len() as u32).to_be_bytes());
        wire.extend_from_slice(msg.as_bytes());
        payload += msg.len();
    }
    let echoed = send_and_drain(server.addr, wire.clone());
    assert_eq!(echoed, wire.len());
    let lines = lines_after_banner(server);
    assert!(lines.len() <= 30, "{} lines", lines.len());
    assert_narrow(&lines);
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{payload} bytes of payload in all"))),
        "{lines:?}"
    );
}

#[test]
fn a_64_kib_frame_or_line_is_shown_on_one_short_line() {
    let server = Server::start(&["5", "--clients", "1"]);
    let big = vec![0u8; 64 * 1024];
    let mut wire = (big.len() as u32).to_be_bytes().to_vec();
    wire.extend_from_slice(&big);
    send_and_drain(server.addr, wire);
    let lines = lines_after_banner(server);
    assert_narrow(&lines);
    assert!(lines.iter().any(|l| l.contains("65536 bytes")), "{lines:?}");

    // A line of 64 KiB to demo 07: shown, cut, on one line.
    let server = Server::start(&["7", "--clients", "1"]);
    let mut wire = vec![b'x'; 64 * 1024];
    wire.push(b'\n');
    send_and_drain(server.addr, wire);
    let lines = lines_after_banner(server);
    assert_narrow(&lines);
    let shown = lines.iter().find(|l| l.contains("65536 bytes")).unwrap();
    assert!(shown.contains("more bytes)"), "{shown}");
}

#[test]
fn a_megabyte_of_records_to_serve_4_prints_a_few_lines() {
    let server = Server::start(&["4", "--clients", "1"]);
    let echoed = send_and_drain(server.addr, vec![b'x'; MEGABYTE]);
    assert_eq!(echoed, MEGABYTE);
    let lines = lines_after_banner(server);
    assert!(lines.len() <= 30, "{} lines", lines.len());
    assert_narrow(&lines);
    // The first 20 records in detail, then one line to say the rest are
    // counted, then the count itself.
    let shown = lines.iter().filter(|l| l.contains("  whole")).count();
    assert_eq!(shown, 20, "{lines:?}");
    let records = MEGABYTE / 32;
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("{records} messages, {MEGABYTE} bytes"))),
        "{lines:?}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with(&format!("closed after {records} messages")),
        "{lines:?}"
    );
}

#[test]
fn a_wide_record_to_serve_4_is_cut_to_the_line() {
    let server = Server::start(&["4", "--clients", "1", "--size", "65536"]);
    send_and_drain(server.addr, vec![b'x'; 65536]);
    let lines = lines_after_banner(server);
    assert_narrow(&lines);
    let shown = lines.iter().find(|l| l.contains("65536 bytes")).unwrap();
    assert!(shown.contains("more bytes)"), "{shown}");
}

/// A demo 06 upload: a length prefix, the JSON header, the body; then the
/// server's verdict, read to the end.
fn upload(addr: std::net::SocketAddr, header: &str, body: &[u8]) {
    let mut wire = (header.len() as u32).to_be_bytes().to_vec();
    wire.extend_from_slice(header.as_bytes());
    wire.extend_from_slice(body);
    let mut stream = TcpStream::connect(addr).unwrap();
    // The server may refuse before the body and close: that is its answer.
    let _ = stream.write_all(&wire);
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.read_to_end(&mut Vec::new());
}

#[test]
fn a_64_kib_file_header_is_not_a_65000_column_line() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let server = Server::start(&["6", "--upload", "--out", dir, "--clients", "1"]);
    // Unknown keys are ignored: a header padded to 64 KiB is still valid.
    let pad = "p".repeat(65_000);
    let header = format!(r#"{{"filename":"wide.bin","filesize":3,"pad":"{pad}"}}"#);
    upload(server.addr, &header, b"abc");
    let (ok, out_text, err) = server.finish();
    assert!(ok, "{err}");
    let lines: Vec<String> = out_text.lines().map(str::to_string).collect();
    assert_narrow(&lines);
    let shown = lines
        .iter()
        // Indented under the server's lines, after the client's number.
        .find(|l| l.trim_start().starts_with(r#"#1 {"filename":"wide.bin""#))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(shown.ends_with("more bytes)"), "{shown}");
    // Cut on the screen only: the file itself was received whole.
    assert!(
        lines.iter().any(|l| l.contains("saved as wide.bin")),
        "{lines:?}"
    );
    assert_eq!(std::fs::read(out.path().join("wide.bin")).unwrap(), b"abc");
}

#[test]
fn a_file_name_as_long_as_a_header_is_cut_wherever_it_is_printed() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let server = Server::start(&["6", "--upload", "--out", dir, "--clients", "1"]);
    // Refused (longer than 255 bytes), and quoted in the refusal.
    let name = "n".repeat(60_000);
    let header = format!(r#"{{"filename":"{name}","filesize":3}}"#);
    upload(server.addr, &header, b"abc");
    let (ok, out_text, err) = server.finish();
    assert!(ok, "{err}");
    let lines: Vec<String> = out_text
        .lines()
        .chain(err.lines())
        .map(str::to_string)
        .collect();
    assert_narrow(&lines);
    let refusal = lines
        .iter()
        .find(|l| l.starts_with("client #1 127.0.0.1:"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(refusal.contains("refused file name"), "{refusal}");
    assert!(refusal.ends_with("more bytes)"), "{refusal}");
}

#[test]
fn a_thousand_reconnects_print_at_most_sixty_lines() {
    // A student's script that connects, sends a frame and hangs up, a
    // thousand times: each connection is new, so a limit per connection
    // does not help; the projector's ration per address does.
    let server = Server::start(&["5", "--clients", "1000"]);
    for _ in 0..1000 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(b"\x00\x00\x00\x02hi").unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut echo = Vec::new();
        s.read_to_end(&mut echo).unwrap();
        assert_eq!(echo, b"\x00\x00\x00\x02hi");
    }
    let (ok, out, err) = server.finish();
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().chain(err.lines()).collect();
    assert!(lines.len() <= 60, "{} lines:\n{out}{err}", lines.len());
    // The first clients are shown, by number; the rest are summed up.
    assert!(out.contains("server #1: accepted"), "{out}");
    assert!(out.contains("more clients came from 127.0.0.1 in"), "{out}");
}
