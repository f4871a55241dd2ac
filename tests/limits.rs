//! A class of fifty cannot break a server: a silent client is dropped, the
//! number of clients at once is capped, and running out of file descriptors
//! makes the accept loop wait instead of flooding the screen.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::Server;

/// Reads until the server closes; the timeout only keeps a broken server
/// from hanging the test.
fn read_until_closed(s: &mut TcpStream) -> Vec<u8> {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut got = Vec::new();
    match s.read_to_end(&mut got) {
        Ok(_) => got,
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => got,
        Err(e) => panic!("the server did not close the connection: {e}"),
    }
}

fn echo_once(s: &mut TcpStream, word: &[u8]) {
    s.write_all(word).unwrap();
    let mut back = vec![0u8; word.len()];
    s.read_exact(&mut back).unwrap();
    assert_eq!(back, word);
}

#[test]
fn an_idle_client_is_dropped_after_the_idle_timeout() {
    let server = Server::start(&["1", "--clients", "1", "--idle-timeout", "1"]);
    let mut silent = TcpStream::connect(server.addr).unwrap();
    // It sends nothing; the server must close on its own.
    assert!(read_until_closed(&mut silent).is_empty());
    let (ok, _, err) = server.finish();
    assert!(ok, "{err}");
    assert!(
        err.contains("the peer sent nothing within the read timeout"),
        "{err}"
    );
}

#[test]
fn max_clients_refuses_one_too_many_and_serves_the_next_after_one_leaves() {
    let mut server = Server::start(&["1", "--clients", "3", "--max-clients", "2"]);
    let mut first = TcpStream::connect(server.addr).unwrap();
    let mut second = TcpStream::connect(server.addr).unwrap();
    // An echo from each proves both are being served.
    echo_once(&mut first, b"one");
    echo_once(&mut second, b"two");
    let mut third = TcpStream::connect(server.addr).unwrap();
    assert!(
        read_until_closed(&mut third).is_empty(),
        "the third was served"
    );
    assert!(server
        .wait_for_line("server: refused")
        .contains("the most allowed"));
    drop(first);
    // The server says when the first one has left and its place is free.
    server.wait_for_line("there is room for one more client");
    let mut fourth = TcpStream::connect(server.addr).unwrap();
    echo_once(&mut fourth, b"four");
    drop(second);
    drop(fourth);
    let (ok, out, err) = server.finish();
    assert!(ok, "{err}");
    assert_eq!(out.matches("server: refused").count(), 1, "{out}");
}

#[cfg(unix)]
#[test]
fn running_out_of_file_descriptors_backs_off_instead_of_spinning() {
    // 16 descriptors: stdin, stdout, stderr, the listener, and about a dozen
    // for clients. Sixteen idle clients exhaust them; the idle timeout frees
    // them again, so the server gets through all sixteen and ends.
    let mut cmd = std::process::Command::new("sh");
    cmd.args([
        "-c",
        "ulimit -n 16 && exec \"$0\" serve 1 --bind 127.0.0.1:0 --clients 16 --max-per-address 16 --idle-timeout 1 --color never",
        env!("CARGO_BIN_EXE_sticky"),
    ]);
    cmd.env_remove("LC_ALL").env("LANG", "C");
    let server = Server::spawn(cmd);
    let mut clients: Vec<TcpStream> = (0..16)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    for c in &mut clients {
        read_until_closed(c);
    }
    let (ok, _, err) = server.finish();
    assert!(ok, "{err}");
    let failures = err.matches("accept failed").count();
    assert!(failures >= 1, "the limit was never reached:\n{err}");
    assert!(failures <= 6, "{failures} lines of accept failures:\n{err}");
    assert!(err.contains("trying again in 1 s"), "{err}");
}

#[test]
fn a_full_proxy_closes_the_next_client_at_once_and_says_so() {
    let server = Server::start(&["1", "--clients", "2"]);
    let mut cmd = common::sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &server.addr.to_string()])
        .args(["--clients", "2", "--max-clients", "1"]);
    let mut proxy = Server::spawn(cmd);
    let mut first = TcpStream::connect(proxy.addr).unwrap();
    echo_once(&mut first, b"one");
    // The proxy relays one connection at most: the second is closed at once
    // (not left waiting in the backlog), and a line says why.
    let mut second = TcpStream::connect(proxy.addr).unwrap();
    assert!(read_until_closed(&mut second).is_empty());
    assert!(proxy
        .wait_for_line("proxy: refused")
        .contains("the most allowed (see --max-clients)"));
    // Once the first has gone, the proxy says there is room, and the next
    // is relayed.
    drop(first);
    proxy.wait_for_line("there is room for one more connection");
    let mut next = TcpStream::connect(proxy.addr).unwrap();
    echo_once(&mut next, b"two");
    drop(next);
    let (ok, _, err) = proxy.finish();
    assert!(ok, "{err}");
    let (ok, _, err) = server.finish();
    assert!(ok, "{err}");
}

#[test]
fn a_client_refused_by_a_full_server_is_told_it_may_be_full() {
    let mut server = Server::start(&["5", "--clients", "2", "--max-clients", "1"]);
    let mut first = TcpStream::connect(server.addr).unwrap();
    // A frame and its echo: the first client holds the only place.
    first.write_all(b"\x00\x00\x00\x01x").unwrap();
    let mut echo = [0u8; 5];
    first.read_exact(&mut echo).unwrap();
    let out = common::run(&["connect", "5", "--to", &server.addr.to_string()]);
    assert!(!out.status.success());
    let err = common::stderr(&out);
    assert!(err.contains("it may be full"), "{err}");
    assert!(err.contains("--max-clients"), "{err}");
    server.wait_for_line("server: refused");
    drop(first);
    server.wait_for_line("there is room for one more client");
    let mut second = TcpStream::connect(server.addr).unwrap();
    second.write_all(b"\x00\x00\x00\x01y").unwrap();
    second.read_exact(&mut echo).unwrap();
    drop(second);
    let (ok, _, err) = server.finish();
    assert!(ok, "{err}");
}
