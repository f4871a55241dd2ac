//! Serve and connect in separate processes, as teacher and student would,
//! plus clients written in Python, and every bad-input case.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};

use common::{python, run, stderr, stdout, sticky, Server};

#[test]
fn serve_1_echoes_a_raw_client_like_nc() {
    let server = Server::start(&["1", "--clients", "1"]);
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"ping from nc\n").unwrap();
    let mut echo = [0u8; 13];
    s.read_exact(&mut echo).unwrap();
    assert_eq!(&echo, b"ping from nc\n");
    drop(s);
    let (ok, out, _) = server.finish();
    assert!(ok);
    assert!(out.contains("ping from nc\\n"), "{out}");
}

#[test]
fn connect_1_sends_standard_input_lines() {
    let server = Server::start(&["1", "--clients", "1"]);
    let mut client = sticky()
        .args([
            "connect",
            "1",
            "--color",
            "never",
            "--to",
            &server.addr.to_string(),
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    client
        .stdin
        .take()
        .unwrap()
        .write_all(b"first\nsecond\n")
        .unwrap();
    let out = client.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("got back  first\\n") && text.contains("got back  second\\n"),
        "{text}"
    );
    assert!(server.finish().0);
}

#[test]
fn serve_2_reports_a_truncated_datagram_to_its_sender() {
    let server = Server::start(&["2", "--clients", "2"]);
    let sock = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut buf = [0u8; 100];
    sock.send_to(b"hi", server.addr).unwrap();
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"got 2 of 2 bytes\n");
    sock.send_to(&[b'y'; 1500], server.addr).unwrap();
    let (n, _) = sock.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"got 1024 of 1500 bytes\n");
    let (ok, out, _) = server.finish();
    assert!(ok);
    assert!(
        out.contains("TRUNCATED: the datagram had 1500 bytes, 476 were thrown away"),
        "{out}"
    );
}

#[test]
fn serve_3_receives_what_connect_3_writes() {
    let server = Server::start(&["3", "--clients", "1", "--delay-ms", "300"]);
    let out = run(&[
        "connect",
        "3",
        "--color",
        "never",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("8 writes sent"));
    let (ok, text, _) = server.finish();
    assert!(ok);
    // How many reads that took depends on timing between two processes,
    // so only the byte count is checked here; `run 3` checks the reads.
    assert!(text.contains("sent 36 bytes, which arrived in"), "{text}");
}

#[test]
fn serve_4_and_connect_4_agree_on_a_size() {
    let server = Server::start(&["4", "--clients", "1", "--size", "10"]);
    let out = run(&[
        "connect",
        "4",
        "--size",
        "10",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, text, _) = server.finish();
    assert!(ok);
    assert!(text.contains("[message]  whole"), "{text}");
    assert!(text.contains("closed after 8 messages"), "{text}");
}

const PY_FRAMES: &str = r#"
import socket, struct, sys
fmt, port = sys.argv[1], int(sys.argv[2])

def recv_exactly(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise SystemExit('closed early')
        data += chunk
    return data

s = socket.create_connection(('127.0.0.1', port))
msgs = [b'hello', 'ni hao \u4f60\u597d'.encode(), b'', b'x' * 100000]
for m in msgs:
    s.sendall(struct.pack(fmt, len(m)) + m)
for m in msgs:
    n, = struct.unpack(fmt, recv_exactly(s, 4))
    assert recv_exactly(s, n) == m, 'echo differs'
s.close()
print('python: %d echoes ok' % len(msgs))
"#;

#[test]
fn python_client_with_network_order_talks_to_serve_5() {
    let server = Server::start(&["5", "--clients", "1"]);
    let out = python(PY_FRAMES, &["!I", &server.addr.port().to_string()]);
    assert!(out.status.success(), "python: {}", stderr(&out));
    assert_eq!(stdout(&out), "python: 4 echoes ok\n");
    let (ok, text, _) = server.finish();
    assert!(ok);
    assert!(text.contains("closed cleanly after 4 frames"), "{text}");
}

#[test]
fn lesson_style_struct_i_client_talks_to_serve_5_little_endian() {
    let server = Server::start(&["5", "--clients", "1", "--little-endian"]);
    assert!(server.banner.contains("struct '<I'"), "{}", server.banner);
    // 'i' is native order and signed: little-endian on the machines this runs on.
    let out = python(PY_FRAMES, &["i", &server.addr.port().to_string()]);
    assert!(out.status.success(), "python: {}", stderr(&out));
    assert!(server.finish().0);
}

#[test]
fn serve_5_keeps_serving_after_a_client_misbehaves() {
    let server = Server::start(&["5", "--clients", "2"]);
    // A client that announces 4 GiB: refused from the header alone.
    let mut bad = TcpStream::connect(server.addr).unwrap();
    bad.write_all(b"\xff\xff\xff\xff").unwrap();
    let mut rest = Vec::new();
    // The server drops the connection: we read EOF, not a hang.
    let _ = bad.read_to_end(&mut rest);
    // Then a good one is still served.
    let mut good = TcpStream::connect(server.addr).unwrap();
    good.write_all(b"\x00\x00\x00\x02ok").unwrap();
    good.shutdown(Shutdown::Write).unwrap();
    let mut echo = Vec::new();
    good.read_to_end(&mut echo).unwrap();
    assert_eq!(echo, b"\x00\x00\x00\x02ok");
    let (ok, _, err) = server.finish();
    assert!(ok);
    assert!(
        err.contains("frame of 4294967295 bytes refused: the limit is 8388608 bytes"),
        "{err}"
    );
}

#[test]
fn connect_5_against_serve_5() {
    let server = Server::start(&["5", "--clients", "1"]);
    let out = run(&[
        "connect",
        "5",
        "--color",
        "never",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("client: sent [message], echo [message]"));
    assert!(server.finish().0);
}

// ---- bad input: one line on stderr, a non-zero exit, no panic ----

fn one_line_error(out: &std::process::Output) -> String {
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "expected one line, got {err:?}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn unknown_demo_number() {
    let out = run(&["run", "9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = one_line_error(&out);
    assert!(
        err.contains("there is no demo 9; `sticky list` shows demos 1 to 8"),
        "{err}"
    );
}

#[test]
fn bad_flag_and_bad_color() {
    for args in [
        &["run", "3", "--bogus"][..],
        &["run", "3", "--color", "purple"][..],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = one_line_error(&out);
        assert!(err.starts_with("error: "), "{err}");
    }
}

#[test]
fn port_in_use() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = run(&["serve", "1", "--bind", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(
        err.starts_with(&format!("error: cannot bind {addr}: ")),
        "{err}"
    );
    assert!(
        err.contains("is another demo still running? try --bind 127.0.0.1:0"),
        "{err}"
    );
}

#[test]
fn connection_refused() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let out = run(&["connect", "5", "--to", &addr]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(
        err.starts_with(&format!("error: cannot connect to {addr}: ")),
        "{err}"
    );
    assert!(err.contains("is the server running?"), "{err}");
}

#[test]
fn address_without_port() {
    let out = run(&["connect", "3", "--to", "127.0.0.1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("expected HOST:PORT"), "{err}");
}

#[test]
fn connect_2_gets_a_reply_per_datagram_from_serve_2() {
    let server = Server::start(&["2", "--clients", "6"]);
    let out = run(&[
        "connect",
        "2",
        "--color",
        "never",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("client: reply").count(), 6, "{text}");
    assert!(
        text.contains("client: reply    got 1024 of 2000 bytes\\n"),
        "{text}"
    );
    assert!(server.finish().0);
}

#[test]
fn connect_2_with_nobody_answering_fails_in_one_line() {
    // A socket that takes the datagrams and never answers, like a wrong port.
    let mute = UdpSocket::bind("127.0.0.1:0").unwrap();
    let addr = mute.local_addr().unwrap().to_string();
    let out = run(&["connect", "2", "--to", &addr, "--color", "never"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("error: no reply from {addr} to any of 2 datagrams — is `sticky serve 2` running there?\n")
    );
}

#[test]
fn localhost_reaches_a_server_on_127_0_0_1_whatever_it_resolves_to_first() {
    let server = Server::start(&["1", "--clients", "1"]);
    let to = format!("localhost:{}", server.addr.port());
    let mut client = sticky()
        .args(["connect", "1", "--color", "never", "--to", &to])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    client.stdin.take().unwrap().write_all(b"hi\n").unwrap();
    let out = client.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("got back  hi\\n"));
    assert!(server.finish().0);
}

// ---- one student cannot take the server from the class ----

/// A connection from `from` (any 127.x.y.z: all of 127.0.0.0/8 is this
/// machine on Linux) to the server.
#[cfg(target_os = "linux")]
fn connect_from(from: &str, to: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    let local: std::net::SocketAddr = format!("{from}:0").parse().unwrap();
    socket.bind(&local.into())?;
    socket.connect(&to.into())?;
    Ok(socket.into())
}

/// A student at 127.0.0.3 sends one frame and gets its echo.
#[cfg(target_os = "linux")]
fn student_is_answered(to: std::net::SocketAddr) {
    let mut s = connect_from("127.0.0.3", to).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    s.write_all(b"\x00\x00\x00\x05hello").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut echo = Vec::new();
    s.read_to_end(&mut echo).unwrap();
    assert_eq!(echo, b"\x00\x00\x00\x05hello");
}

/// The server's threads, as the kernel counts them.
#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn three_hundred_trickling_connections_from_one_address_leave_room_for_a_student() {
    // Each of the 300 sends a byte of a frame header, then another later:
    // every byte would restart an idle timeout, so only a share per address
    // keeps them from holding every place. 8 of them are served (the
    // default share), the student twice: 10 clients, then the server stops.
    let mut server = Server::start(&["5", "--clients", "10"]);
    let mut trickle: Vec<TcpStream> = (0..300)
        .filter_map(|_| connect_from("127.0.0.2", server.addr).ok())
        .collect();
    for s in &mut trickle {
        // A refused connection may already be closed: its write can fail.
        let _ = s.write_all(b"\x00");
    }
    // The server has refused past the share before the student comes.
    server.wait_for_line("the most allowed from one address");
    student_is_answered(server.addr);
    // The trickle goes on: one more byte each, and the student comes again.
    for s in &mut trickle {
        let _ = s.write_all(b"\x00");
    }
    student_is_answered(server.addr);
    let threads = threads_of(server.pid());
    assert!(threads < 64, "{threads} threads");
    drop(trickle);
    let (ok, out, err) = server.finish();
    assert!(ok, "{err}");
    // 292 refusals, but a few lines on the screen: the rest summed up.
    let refusals = out.lines().filter(|l| l.contains("refused")).count();
    assert!(refusals <= 10, "{refusals} lines of refusals:\n{out}");
    assert!(out.contains("more from 127.0.0.2 in"), "{out}");
}
