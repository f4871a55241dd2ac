//! `sticky proxy --profile`: a network in a box, through the real binary.
//!
//! The shaping itself is pinned, seed by seed, in `src/netsim.rs`; here the
//! relay is checked on loopback, asserting only what no scheduling delay
//! can change: every byte arrives, a large write leaves in segments of at
//! most the MSS, and small writes within a round trip glue.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::{run, stderr, stdout, sticky, Server};

const TEST_TIMEOUT: Duration = Duration::from_secs(60);

#[test]
fn profile_list_prints_each_profile_with_its_figures() {
    let out = run(&["proxy", "--profile", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for name in ["lan", "wifi", "wan", "lossy"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{text}"
        );
    }
    assert!(text.contains("MSS 1448 B, one-way 40 ms (RTT 80 ms), 10 Mbit/s, no loss"));
}

#[test]
fn an_unknown_profile_is_refused_in_one_line() {
    let out = run(&["proxy", "--profile", "mars"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("lan, wifi, wan, lossy"), "{err}");
    let out = run(&["proxy", "--profile", "wan", "--coalesce-ms", "5"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The "end" line the proxy printed for a direction: writes out and bytes.
fn end_counts(out: &str, dir: &str) -> (u64, u64) {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("#1 {dir}  end: ")))
        .unwrap_or_else(|| panic!("no end line for {dir}:\n{out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    // "… 1 read in, 14 writes out, 20000 bytes; …"
    let number_before = |word: &str, back: usize| -> u64 {
        let at = words
            .iter()
            .position(|w| w.trim_end_matches([',', ';']) == word)
            .unwrap_or_else(|| panic!("no {word} in {line}"));
        words[at - back].parse().unwrap()
    };
    (number_before("out", 2), number_before("bytes", 1))
}

#[test]
fn through_wan_a_large_write_is_cut_and_small_writes_glue() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = listener.local_addr().unwrap();
    let mut cmd = sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &to.to_string(), "--clients", "1"])
        .args(["--profile", "wan", "--seed", "5"]);
    let mut proxy = Server::spawn(cmd);
    assert!(proxy.banner.contains("listening on"), "{}", proxy.banner);
    let mut client = TcpStream::connect(proxy.addr).unwrap();
    proxy.wait_for_line("connected; relaying to");
    let (mut server, _) = listener.accept().unwrap();
    for s in [&client, &server] {
        s.set_read_timeout(Some(TEST_TIMEOUT)).unwrap();
    }
    let big: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
    let (reads, got, span) = std::thread::scope(|s| {
        // Server → client: eight 10-byte writes, 1 ms apart.
        let small_side = s.spawn(|| {
            let started = Instant::now();
            for i in 0..8u8 {
                server.write_all(&[b'a' + i; 10]).unwrap();
                std::thread::sleep(Duration::from_millis(1));
            }
            let span = started.elapsed();
            server.shutdown(Shutdown::Write).unwrap();
            let mut got = Vec::new();
            server.read_to_end(&mut got).unwrap();
            (got, span)
        });
        // Client → server: one 20,000-byte write; read what comes back.
        client.write_all(&big).unwrap();
        client.shutdown(Shutdown::Write).unwrap();
        let mut small = Vec::new();
        let mut buf = [0u8; 4096];
        let mut reads = 0;
        loop {
            let n = client.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            reads += 1;
            small.extend_from_slice(&buf[..n]);
        }
        let (got, span) = small_side.join().unwrap();
        assert_eq!(small.len(), 80);
        assert!(small
            .chunks(10)
            .enumerate()
            .all(|(i, c)| c == [b'a' + i as u8; 10]));
        (reads, got, span)
    });
    assert_eq!(got, big, "client→server changed a byte");
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    assert!(out.contains("sends as TCP would across wan"), "{out}");
    // 20,000 bytes in segments of at most 1448: at least 14 writes,
    // however the proxy's reads grouped them.
    let (writes, bytes) = end_counts(&out, "client→server");
    assert_eq!(bytes, 20_000);
    assert!(writes >= 14, "{writes} writes:\n{out}");
    // Eight writes well within one 80 ms round trip: the first leaves at
    // once, the rest wait for its ACK and leave together.
    let (writes, bytes) = end_counts(&out, "server→client");
    assert_eq!(bytes, 80);
    assert!(reads <= writes, "{reads} reads of {writes} writes");
    if span < Duration::from_millis(40) {
        assert!(writes <= 3, "{writes} writes:\n{out}");
    } else {
        eprintln!("the eight writes took {span:?}: too slow a machine to judge the glue");
    }
}

/// `sticky proxy --profile NAME` in a child process, relaying one connection to `to`.
fn start_proxy(to: std::net::SocketAddr, profile: &str) -> Server {
    let mut cmd = sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &to.to_string(), "--clients", "1"])
        .args(["--profile", profile, "--seed", "3"]);
    Server::spawn(cmd)
}

#[test]
fn through_wan_demo_03s_naive_reader_sees_the_messages_glue() {
    let server = Server::start(&["3", "--clients", "1", "--delay-ms", "0"]);
    let proxy = start_proxy(server.addr, "wan");
    let out = run(&["connect", "3", "--to", &proxy.addr.to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    // The server reads as soon as bytes arrive, yet the eight writes, made
    // within microseconds, leave in fewer segments: Nagle held them.
    let line = text
        .lines()
        .find(|l| l.contains("sent 36 bytes, which arrived in"))
        .unwrap_or_else(|| panic!("{text}"));
    let reads: usize = line
        .split_whitespace()
        .rev()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(reads < 8, "{line}");
    assert!(proxy.finish().0);
}

#[test]
fn through_wan_and_lossy_demo_07_gets_every_line_whole() {
    for profile in ["wan", "lossy"] {
        let server = Server::start(&["7", "--clients", "1"]);
        let proxy = start_proxy(server.addr, profile);
        let out = run(&[
            "connect",
            "7",
            "--color",
            "never",
            "--to",
            &proxy.addr.to_string(),
        ]);
        assert!(out.status.success(), "{profile}: {}", stderr(&out));
        assert!(
            stdout(&out).contains("client: 8 lines sent, 8 answers"),
            "{profile}: {}",
            stdout(&out)
        );
        assert!(server.finish().0);
        assert!(proxy.finish().0);
    }
}
