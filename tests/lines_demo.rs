//! Demo 07 through the real binary: the one-process run, and `serve 7`
//! against a Python client that glues lines together and cuts them apart.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;

use common::{python, run, stderr, stdout, Server};

#[test]
fn run_7_frames_every_line_and_shows_the_pitfall_and_the_limit() {
    let out = run(&["run", "7", "--color", "never"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("result: 4 writes, 8 lines framed, 8 answers for 8 lines sent"),
        "{text}"
    );
    assert!(
        text.contains("client: answer  line 4, 6 bytes: client\n"),
        "{text}"
    );
    // The pitfall: one message, two lines; escaped, one line again.
    assert!(text.contains("came out as 2 lines"), "{text}");
    assert!(
        text.contains("unescapes to [two\\nlines], the message as sent"),
        "{text}"
    );
    assert!(
        text.contains("line refused: no newline within the limit of 65536 bytes"),
        "{text}"
    );
}

#[test]
fn run_7_with_a_limit_below_its_messages_is_one_clear_error() {
    let out = run(&["run", "7", "--max-line", "4"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: line refused: no newline within the limit of 4 bytes (raise it with --max-line)\n"
    );
}

/// Sends lines glued into one `sendall` and cut across several, the last
/// line in single bytes, then reads one answer per line until the server closes.
const PY_CLIENT: &str = r#"
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s.sendall(b'one\ntwo\nthr')          # two lines and a half, glued
s.sendall(b'ee\n')                    # the rest of the third
for b in b'four\n':                   # the fourth, one byte per send
    s.sendall(bytes([b]))
s.sendall('五\n'.encode())            # UTF-8 is bytes like any other
s.shutdown(socket.SHUT_WR)
data = b''
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode())
"#;

#[test]
fn serve_7_answers_a_python_client_one_line_per_line_however_cut() {
    let server = Server::start(&["7", "--clients", "1"]);
    assert!(server.banner.contains("lines of up to 65536 bytes"));
    let out = python(PY_CLIENT, &[&server.addr.port().to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "line 1, 3 bytes: one\nline 2, 3 bytes: two\nline 3, 5 bytes: three\nline 4, 4 bytes: four\nline 5, 3 bytes: 五\n"
    );
    let (ok, out, _) = server.finish();
    assert!(ok);
    assert!(out.contains("closed cleanly after 5 lines"), "{out}");
}

#[test]
fn serve_7_refuses_an_over_long_line_and_says_why_to_the_client() {
    let server = Server::start(&["7", "--clients", "1", "--max-line", "10"]);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"short\n0123456789abc").unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert_eq!(
        answer,
        "line 1, 5 bytes: short\nerror: line refused: no newline within the limit of 10 bytes\n"
    );
    let (ok, _, err) = server.finish();
    assert!(ok, "one bad client does not stop the server");
    assert!(
        err.contains("line refused: no newline within the limit of 10 bytes"),
        "{err}"
    );
}

#[test]
fn serve_7_reports_a_client_that_leaves_mid_line() {
    let server = Server::start(&["7", "--clients", "1"]);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"no end").unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert_eq!(
        answer,
        "error: connection closed after 6 of 7 bytes of line (no newline yet)\n"
    );
    let (ok, _, err) = server.finish();
    assert!(ok);
    assert!(
        err.contains("connection closed after 6 of 7 bytes"),
        "{err}"
    );
}

#[test]
fn connect_7_sends_the_cut_lines_and_counts_the_answers() {
    let server = Server::start(&["7", "--clients", "1"]);
    let out = run(&[
        "connect",
        "7",
        "--color",
        "never",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("client: 8 lines sent, 8 answers"),
        "{}",
        stdout(&out)
    );
    assert!(server.finish().0);
}

#[test]
fn max_line_is_for_demo_7_only() {
    let out = run(&["run", "5", "--max-line", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: --max-line is for `run 7`, `serve 7` and `connect 7`"),
        "{}",
        stderr(&out)
    );
}
