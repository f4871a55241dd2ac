//! `sticky proxy` through the real binary: it never changes a byte, passes
//! half-closes on, cuts the same way from the same seed, carries demos 03 to
//! 06 between their own server and client, and refuses bad input in one line.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

use common::{run, stderr, stdout, sticky, Server};
use sha2::{Digest, Sha256};
use sticky::proxy::{Cutter, Direction, Span};
use sticky::resegment::SplitMix64;

/// How long a test socket waits for a byte before the test fails instead of hanging.
const TEST_TIMEOUT: Duration = Duration::from_secs(60);

/// `sticky proxy` in a child process, relaying to `to`. It is started with
/// `--clients N`, so it stops by itself; dropping it kills it anyway.
fn start_proxy(to: SocketAddr, clients: usize, args: &[&str]) -> Server {
    let mut cmd = sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &to.to_string(), "--clients", &clients.to_string()])
        .args(args);
    let proxy = Server::spawn(cmd);
    assert!(
        proxy
            .banner
            .contains(&format!("listening on {}", proxy.addr)),
        "{}",
        proxy.banner
    );
    proxy
}

/// A server socket of the test's own, for the proxy to relay to.
fn test_listener() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// Connects a client through the proxy and accepts the proxy's connection
/// to the test's server. The proxy says "connected" only once its
/// connection to the server is made, so accept() cannot wait forever.
fn client_and_server(proxy: &mut Server, listener: &TcpListener) -> (TcpStream, TcpStream) {
    let client = TcpStream::connect(proxy.addr).unwrap();
    proxy.wait_for_line("connected; relaying to");
    let (server, _) = listener.accept().unwrap();
    for s in [&client, &server] {
        s.set_read_timeout(Some(TEST_TIMEOUT)).unwrap();
        s.set_write_timeout(Some(TEST_TIMEOUT)).unwrap();
    }
    (client, server)
}

fn bytes_of(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Writes `data` and shuts down the sending half, while reading everything
/// the peer sends; returns the SHA-256 of what was read.
fn send_and_hash(mut stream: TcpStream, data: &[u8]) -> Vec<u8> {
    let mut writer = stream.try_clone().unwrap();
    std::thread::scope(|s| {
        s.spawn(move || {
            writer.write_all(data).unwrap();
            writer.shutdown(Shutdown::Write).unwrap();
        });
        let mut hash = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
        }
        hash.finalize().to_vec()
    })
}

#[test]
fn four_mib_each_way_at_once_arrive_unchanged() {
    const LEN: usize = 4 * 1024 * 1024;
    let (up, down) = (bytes_of(LEN, 1), bytes_of(LEN, 2));
    let (listener, to) = test_listener();
    let mut proxy = start_proxy(to, 1, &["--cut", "1..4096", "--seed", "11"]);
    let (client, server) = client_and_server(&mut proxy, &listener);
    let (at_server, at_client) = std::thread::scope(|s| {
        let server_side = s.spawn(|| send_and_hash(server, &down));
        let at_client = send_and_hash(client, &up);
        (server_side.join().unwrap(), at_client)
    });
    assert_eq!(
        at_server,
        Sha256::digest(&up).to_vec(),
        "client→server changed"
    );
    assert_eq!(
        at_client,
        Sha256::digest(&down).to_vec(),
        "server→client changed"
    );
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    for dir in ["client→server", "server→client"] {
        let end = out
            .lines()
            .find(|l| l.starts_with(&format!("#1 {dir}  end: ")))
            .unwrap_or_else(|| panic!("no end line for {dir}:\n{out}"));
        assert!(end.contains(", 4194304 bytes; "), "{end}");
        assert!(end.ends_with("closed, end passed on"), "{end}");
    }
    // A fast stream is summed up, not printed write by write.
    assert!(out.lines().count() < 200, "{} lines", out.lines().count());
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "too long: {line}");
    }
}

#[test]
fn a_half_close_passes_through_and_the_reply_still_comes_back() {
    for shaping in [
        &[][..],
        &["--cut", "1..100", "--seed", "5"][..],
        &["--coalesce-ms", "5", "--cut", "1..5000"][..],
    ] {
        let (listener, to) = test_listener();
        let mut proxy = start_proxy(to, 1, shaping);
        let (mut client, mut server) = client_and_server(&mut proxy, &listener);
        let request = bytes_of(100_000, 3);
        client.write_all(&request).unwrap();
        // From here the client only reads.
        client.shutdown(Shutdown::Write).unwrap();
        // The server reads to the end only if the proxy passed the close on.
        let mut got = Vec::new();
        server.read_to_end(&mut got).unwrap();
        assert!(got == request, "{shaping:?}: the request differs");
        let reply = [
            format!("got {} bytes\n", got.len()).into_bytes(),
            bytes_of(200_000, 4),
        ]
        .concat();
        server.write_all(&reply).unwrap();
        drop(server);
        let mut back = Vec::new();
        client.read_to_end(&mut back).unwrap();
        assert!(back == reply, "{shaping:?}: the reply differs");
        let (ok, out, err) = proxy.finish();
        assert!(ok, "{err}");
        assert!(
            out.contains("#1 client→server  end: ")
                && out.contains("the client closed, end passed on"),
            "{out}"
        );
    }
}

/// The sizes on the proxy's "in" or "out" lines of one direction.
fn sizes(out: &str, dir: &str, kind: &str) -> Vec<usize> {
    let head = format!("#1 {dir} {kind:>4} ");
    out.lines()
        .filter_map(|l| l.strip_prefix(&head))
        .map(|rest| rest.split_whitespace().next().unwrap().parse().unwrap())
        .collect()
}

/// One 36-byte write through a proxy cutting 1..4 bytes with `seed`; the
/// proxy's output.
fn one_write_through(seed: &str) -> String {
    let (listener, to) = test_listener();
    let mut proxy = start_proxy(to, 1, &["--cut", "1..4", "--seed", seed]);
    let (mut client, mut server) = client_and_server(&mut proxy, &listener);
    client
        .write_all(b"hellofromtheclientonewritepermessage")
        .unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    server.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"hellofromtheclientonewritepermessage");
    drop(server);
    client.read_to_end(&mut Vec::new()).unwrap();
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    out
}

#[test]
fn the_same_seed_cuts_the_same_way_on_every_run() {
    let first = one_write_through("42");
    let second = one_write_through("42");
    let dir = "client→server";
    let cuts = sizes(&first, dir, "out");
    assert_eq!(cuts.iter().sum::<usize>(), 36, "{first}");
    assert_eq!(cuts, sizes(&second, dir, "out"), "{first}\n{second}");
    // And they are the engine's cuts of what came in.
    let mut cutter =
        Cutter::for_direction(Span { min: 1, max: 4 }, 42, 1, Direction::ClientToServer);
    let expected: Vec<usize> = sizes(&first, dir, "in")
        .into_iter()
        .flat_map(|n| cutter.cut(n))
        .collect();
    assert_eq!(cuts, expected);
    assert!(first.contains("proxy: seed 42\n"), "{first}");
    let other = one_write_through("43");
    assert_ne!(cuts, sizes(&other, dir, "out"));
}

#[test]
fn without_a_seed_one_is_picked_and_printed() {
    let (listener, to) = test_listener();
    let mut proxy = start_proxy(to, 1, &["--cut", "1..4"]);
    let (client, server) = client_and_server(&mut proxy, &listener);
    drop((client, server));
    let (ok, out, _) = proxy.finish();
    assert!(ok);
    let line = out.lines().find(|l| l.starts_with("proxy: seed ")).unwrap();
    let seed: u64 = line
        .split_whitespace()
        .nth(2)
        .unwrap()
        .trim_end_matches(',')
        .parse()
        .unwrap();
    assert!(
        line.ends_with(&format!("--seed {seed} cuts the same way again")),
        "{line}"
    );
}

/// The shapings every demo must survive: three seeds of small cuts, and gluing.
const SHAPINGS: [&[&str]; 6] = [
    &["--cut", "1..12", "--seed", "1"],
    &["--cut", "1..12", "--seed", "2"],
    &["--cut", "1..12", "--seed", "3"],
    &["--coalesce-ms", "20"],
    &["--profile", "wan", "--cut", "1..12", "--seed", "4"],
    &["--profile", "lossy", "--seed", "5"],
];

#[test]
fn demo_04_reads_every_record_whole_through_the_proxy() {
    for shaping in SHAPINGS {
        let server = Server::start(&["4", "--clients", "1"]);
        let proxy = start_proxy(server.addr, 1, shaping);
        let out = run(&["connect", "4", "--to", &proxy.addr.to_string()]);
        assert!(out.status.success(), "{shaping:?}: {}", stderr(&out));
        let (ok, text, err) = server.finish();
        assert!(ok, "{err}");
        assert_eq!(text.matches("  whole").count(), 8, "{shaping:?}: {text}");
        assert!(text.contains("closed after 8 messages"), "{text}");
        assert!(proxy.finish().0);
    }
}

#[test]
fn demo_05_echoes_every_frame_whole_through_the_proxy() {
    for shaping in SHAPINGS {
        let server = Server::start(&["5", "--clients", "1"]);
        let proxy = start_proxy(server.addr, 1, shaping);
        let out = run(&[
            "connect",
            "5",
            "--color",
            "never",
            "--to",
            &proxy.addr.to_string(),
        ]);
        assert!(out.status.success(), "{shaping:?}: {}", stderr(&out));
        let echoes = stdout(&out);
        for word in [
            "hello", "from", "the", "client", "one", "write", "per", "message",
        ] {
            assert!(
                echoes.contains(&format!("client: sent [{word}], echo [{word}]\n")),
                "{shaping:?}: {echoes}"
            );
        }
        let (ok, text, err) = server.finish();
        assert!(ok, "{err}");
        assert!(text.contains("closed cleanly after 8 frames"), "{text}");
        assert!(proxy.finish().0);
    }
}

fn source_file(data: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lesson.bin");
    std::fs::write(&path, data).unwrap();
    (dir, path)
}

#[test]
fn demo_06_downloads_a_file_through_the_proxy() {
    let data = bytes_of(100_000, 6);
    let (_src_dir, src) = source_file(&data);
    for shaping in SHAPINGS {
        let out_dir = tempfile::tempdir().unwrap();
        let server = Server::start(&["6", "--clients", "1", "--file", src.to_str().unwrap()]);
        let proxy = start_proxy(server.addr, 1, shaping);
        let out = run(&[
            "connect",
            "6",
            "--to",
            &proxy.addr.to_string(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{shaping:?}: {}", stderr(&out));
        assert!(stdout(&out).contains("blake3 verified"), "{}", stdout(&out));
        assert!(server.finish().0);
        assert!(proxy.finish().0);
        let got = std::fs::read(out_dir.path().join("lesson.bin")).unwrap();
        assert!(got == data, "{shaping:?}: the file differs");
    }
}

#[test]
fn demo_06_uploads_a_file_through_the_proxy() {
    let data = bytes_of(100_000, 7);
    let (_src_dir, src) = source_file(&data);
    for shaping in SHAPINGS {
        let out_dir = tempfile::tempdir().unwrap();
        let server = Server::start(&[
            "6",
            "--upload",
            "--clients",
            "1",
            "--out",
            out_dir.path().to_str().unwrap(),
        ]);
        let proxy = start_proxy(server.addr, 1, shaping);
        let out = run(&[
            "connect",
            "6",
            "--upload",
            "--to",
            &proxy.addr.to_string(),
            "--file",
            src.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{shaping:?}: {}", stderr(&out));
        let (ok, text, err) = server.finish();
        assert!(ok, "{err}");
        assert!(text.contains("blake3 verified"), "{text}");
        assert!(proxy.finish().0);
        let got = std::fs::read(out_dir.path().join("lesson.bin")).unwrap();
        assert!(got == data, "{shaping:?}: the file differs");
    }
}

#[test]
fn demo_03_naive_reader_sees_the_messages_cut() {
    const WORDS: [&str; 8] = [
        "hello", "from", "the", "client", "one", "write", "per", "message",
    ];
    let server = Server::start(&["3", "--clients", "1", "--delay-ms", "0"]);
    let proxy = start_proxy(
        server.addr,
        1,
        &["--cut", "1..3", "--seed", "7", "--delay-ms", "5..10"],
    );
    let out = run(&["connect", "3", "--to", &proxy.addr.to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (ok, text, err) = server.finish();
    assert!(ok, "{err}");
    assert!(text.contains("sent 36 bytes, which arrived in"), "{text}");
    let reads: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  read "))
        .map(|l| l.split_once(" bytes  ").unwrap().1)
        .collect();
    // The server's reads glue the proxy's pieces as they happen to arrive;
    // for them to be the eight words again, every word would have to be
    // glued back exactly from its pieces of 1 to 3 bytes.
    assert_ne!(reads, WORDS, "{text}");
    let (ok, shown, _) = proxy.finish();
    assert!(ok);
    // Every piece the proxy wrote is at most 3 bytes: each word of more is cut.
    let outs = sizes(&shown, "client→server", "out");
    assert!(!outs.is_empty() && outs.iter().all(|&n| n <= 3), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("#1 client→server  out ") && l.ends_with('~')),
        "no piece drawn as cut:\n{shown}"
    );
}

fn one_line_error(out: &std::process::Output) -> String {
    let err = stderr(out);
    assert_eq!(err.lines().count(), 1, "expected one line, got {err:?}");
    assert!(
        err.starts_with("error: ") && !err.contains("panicked"),
        "{err}"
    );
    err
}

#[test]
fn bad_ranges_are_one_line_and_exit_2() {
    for (flag, value, says) in [
        ("--cut", "5..2", "MIN (5) is above MAX (2)"),
        ("--cut", "0..3", "MIN (0) is below 1"),
        ("--cut", "x", "\"x\" is not a whole number or a range"),
        ("--cut", "1..2000000", "MAX (2000000) is above 1048576"),
        ("--delay-ms", "20..10", "MIN (20) is above MAX (10)"),
        ("--delay-ms", "0..60000", "MAX (60000) is above 10000"),
        ("--coalesce-ms", "0", "0 is below 1"),
        ("--idle-timeout", "0", "0 is below 1"),
    ] {
        let out = run(&["proxy", flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = one_line_error(&out);
        assert!(err.contains(says), "{flag} {value}: {err}");
    }
}

#[test]
fn a_bad_listen_address_is_one_line_and_exit_1() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = taken.local_addr().unwrap().to_string();
    for (listen, says) in [
        ("127.0.0.1", "expected HOST:PORT"),
        (taken.as_str(), "cannot bind"),
    ] {
        let out = run(&["proxy", "--listen", listen]);
        assert_eq!(out.status.code(), Some(1), "{listen}");
        let err = one_line_error(&out);
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn a_server_that_is_down_costs_each_client_one_line() {
    // A port nobody listens on.
    let (listener, down) = test_listener();
    drop(listener);
    let proxy = start_proxy(down, 2, &[]);
    for _ in 0..2 {
        let mut client = TcpStream::connect(proxy.addr).unwrap();
        client.set_read_timeout(Some(TEST_TIMEOUT)).unwrap();
        // Reset by the proxy: an error, or at least no byte.
        let mut got = Vec::new();
        let _ = client.read_to_end(&mut got);
        assert!(got.is_empty());
    }
    let (ok, _, err) = proxy.finish();
    assert!(ok, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    for line in lines {
        assert!(
            line.contains(&format!("cannot connect to {down}")),
            "{line}"
        );
        assert!(
            line.ends_with("the client's connection was reset"),
            "{line}"
        );
    }
}

#[test]
fn an_idle_connection_is_closed_with_one_line() {
    let (listener, to) = test_listener();
    let mut proxy = start_proxy(to, 1, &["--idle-timeout", "1"]);
    let (mut client, mut server) = client_and_server(&mut proxy, &listener);
    // Nobody sends; the proxy closes both sides after a second of silence.
    let _ = client.read_to_end(&mut Vec::new());
    let _ = server.read_to_end(&mut Vec::new());
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    let idle = out
        .lines()
        .filter(|l| l.contains("no byte for 1 s, both sides closed"))
        .count();
    let other = out
        .lines()
        .filter(|l| l.ends_with("closed with the other direction"))
        .count();
    assert_eq!((idle, other), (1, 1), "{out}");
}
