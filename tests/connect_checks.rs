//! Every `connect N` compares what came back with what it expected: a wrong
//! echo is shown in red, named in one error line with the byte where it
//! parts from what was sent, and the exit status is 1. With `--stdin`,
//! `connect 2` to `5` send the lines a student types instead of fixed words.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, UdpSocket};
use std::process::{Output, Stdio};
use std::thread;

use common::{stderr, stdout, sticky, Server};

/// A server that reads one frame of `len` bytes and answers `reply`, then
/// closes: a stand-in for a student's server that loses the boundaries.
fn wrong_server(len: usize, reply: &'static [u8]) -> (String, thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = vec![0u8; len];
        stream.read_exact(&mut request).unwrap();
        stream.write_all(reply).unwrap();
        // The client ends the conversation; wait for it, bounded by its close.
        let _ = stream.read_to_end(&mut Vec::new());
    });
    (addr, handle)
}

/// `sticky connect ARGS --to ADDR` with `input` on standard input.
fn connect(args: &[&str], to: &str, input: &[u8]) -> Output {
    let mut child = sticky()
        .arg("connect")
        .args(args)
        .args(["--color", "never", "--to", to])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sticky connect starts");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn connect_5_says_an_echo_differs_and_exits_1() {
    // "hello" framed is 9 bytes; the answer glues a wrong frame, as a server
    // that frames each read of a cut stream would.
    let (addr, server) = wrong_server(9, b"\x00\x00\x00\x0cwrite\x00\x00\x00\x03per");
    let out = connect(&["5"], &addr, b"");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("client: sent [hello], echo [write\\x00\\x00\\x00\\x03per]"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        stderr(&out),
        "error: echo 1 is not what was expected, from byte 0 on: expected [hello], \
         got [write\\x00\\x00\\x00\\x03per] — the server did not keep the messages apart; \
         `sticky check 5` shows where\n"
    );
}

#[test]
fn the_difference_is_said_in_chinese_too() {
    let (addr, server) = wrong_server(9, b"\x00\x00\x00\x05help!");
    let out = connect(&["5", "--lang", "zh"], &addr, b"");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "错误：第 1 个回显与预期不符，从第 3 字节起不同：预期 [hello]，实际收到 [help!]"
        ),
        "{err}"
    );
    assert!(err.contains("sticky check 5"), "{err}");
}

#[test]
fn connect_4_and_connect_1_compare_their_echoes_too() {
    // Demo 04: a 32-byte record of "hello" comes back as "HELLO".
    let mut record = b"HELLO".to_vec();
    record.resize(32, 0);
    let record: &'static [u8] = record.leak();
    let (addr, server) = wrong_server(32, record);
    let out = connect(&["4"], &addr, b"");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).starts_with("error: echo 1 is not what was expected, from byte 0 on"));

    // Demo 01: the typed line comes back with one byte changed.
    let (addr, server) = wrong_server(3, b"hI\n");
    let out = connect(&["1"], &addr, b"hi\n");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(
            "error: echo 1 is not what was expected, from byte 1 on: expected [hi\\n], got [hI\\n]"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn connect_5_with_stdin_sends_each_typed_line_as_one_frame() {
    let server = Server::start(&["5", "--clients", "1"]);
    let out = connect(
        &["5", "--stdin"],
        &server.addr.to_string(),
        "my own words\r\n你好\n\nlast".as_bytes(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "client: sent [my own words], echo [my own words]",
        "client: sent [你好], echo [你好]",
        "client: sent [], echo []",
        "client: sent [last], echo [last]",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    let (ok, served, _) = server.finish();
    assert!(ok);
    assert!(served.contains("closed cleanly after 4 frames"), "{served}");
}

#[test]
fn connect_2_3_and_4_take_typed_lines_too() {
    let server = Server::start(&["4", "--clients", "1", "--size", "8"]);
    let out = connect(
        &["4", "--size", "8", "--stdin"],
        &server.addr.to_string(),
        b"abc\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("sent [abc] in a 8-byte record, echo [abc]"),
        "{}",
        stdout(&out)
    );
    assert!(server.finish().0);

    let server = Server::start(&["3", "--clients", "1", "--delay-ms", "0"]);
    let out = connect(&["3", "--stdin"], &server.addr.to_string(), b"one\ntwo\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 writes sent"), "{}", stdout(&out));
    assert!(server.finish().0);

    let server = Server::start(&["2", "--clients", "2"]);
    let out = connect(&["2", "--stdin"], &server.addr.to_string(), b"a\nbb\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("reply    got 2 of 2 bytes\\n"),
        "{}",
        stdout(&out)
    );
    assert!(server.finish().0);
}

#[test]
fn connect_2_says_a_reply_is_not_the_one_serve_2_gives() {
    // A UDP echo server: each datagram comes back as it was.
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = socket.local_addr().unwrap().to_string();
    let server = thread::spawn(move || {
        let mut buf = [0u8; 2048];
        let (n, from) = socket.recv_from(&mut buf).unwrap();
        socket.send_to(&buf[..n], from).unwrap();
    });
    let out = connect(&["2", "--stdin"], &addr, b"hey\n");
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).starts_with(
            "error: reply 1 is not what was expected, from byte 0 on: expected [got 3 of 3 bytes\\n], got [hey]"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stdin_is_refused_where_nothing_reads_it() {
    let out = common::run(&["connect", "7", "--stdin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: --stdin is for `connect 2`"),
        "{}",
        stderr(&out)
    );
}
