//! A server's line about a client that failed is worded by the command: in
//! the chosen language, with the same advice `main` gives for its own errors.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};

use common::Server;

/// `struct.pack('<I', 5) + b'hello'`: a little-endian header, which a
/// big-endian server reads as 83886080.
const LITTLE_ENDIAN_HELLO: &[u8] = b"\x05\x00\x00\x00hello";

/// Sends `bytes`, closes its side, and waits for the server to close.
fn send_and_wait(addr: std::net::SocketAddr, bytes: &[u8]) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.write_all(bytes).unwrap();
    stream.shutdown(Shutdown::Write).unwrap();
    // The server closes after its refusal; whatever it sent is not the point.
    let _ = stream.read_to_end(&mut Vec::new());
}

/// The stderr line about the one client, which `finish` collects.
fn client_line(server: Server) -> String {
    let (ok, _, err) = server.finish();
    // A client's failure ends its connection, not the server.
    assert!(ok, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    lines[0].to_string()
}

#[test]
fn serve_5_asks_a_little_endian_client_about_the_byte_order() {
    let server = Server::start(&["5", "--clients", "1"]);
    send_and_wait(server.addr, LITTLE_ENDIAN_HELLO);
    let line = client_line(server);
    assert!(line.starts_with("client #1 127.0.0.1:"), "{line}");
    assert!(
        line.ends_with(
            "frame of 83886080 bytes refused: the limit is 8388608 bytes \
             (is the peer using the other byte order? see --little-endian)"
        ),
        "{line}"
    );
}

#[test]
fn the_byte_order_hint_is_said_in_chinese_too() {
    let server = Server::start(&["5", "--clients", "1", "--lang", "zh"]);
    send_and_wait(server.addr, LITTLE_ENDIAN_HELLO);
    let line = client_line(server);
    assert!(line.starts_with("客户端 #1 127.0.0.1:"), "{line}");
    assert!(
        line.ends_with("（对端用的是不是另一种字节序？见 --little-endian）"),
        "{line}"
    );
}

#[test]
fn a_little_endian_server_asks_a_big_endian_client_to_drop_the_flag() {
    let server = Server::start(&["5", "--clients", "1", "--little-endian"]);
    // struct.pack('!I', 5): read as '<I' it is 83886080 again.
    send_and_wait(server.addr, b"\x00\x00\x00\x05hello");
    let line = client_line(server);
    assert!(line.contains("drop --little-endian"), "{line}");
}

#[test]
fn a_truncated_record_to_serve_4_is_reported_with_its_counts() {
    let server = Server::start(&["4", "--clients", "1"]);
    send_and_wait(server.addr, b"hello");
    let line = client_line(server);
    assert!(line.starts_with("client #1 127.0.0.1:"), "{line}");
    assert!(line.contains("5 of 32 bytes"), "{line}");
}
