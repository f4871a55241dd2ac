//! The lesson's own scripts, re-created in `docs/labs/code/`, and lab 1's
//! answer: they work where the lesson says they work (loopback, against
//! each other and against `sticky` with `--little-endian`), the kept bugs
//! show where a cut stream reaches them, and the fixed receiver survives
//! writes of 1 to 3 bytes.
//!
//! Every Python script runs under a watchdog that ends it when this test's
//! end of its stdin pipe closes, so the lesson's endless loop can never
//! outlive a test.

mod common;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use common::{run, stderr, stdout, Server};
use sticky::resegment::{Pieces, Seed, SplitMix64};
use sticky::Resegmenter;

fn code_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/labs/code")
}

/// Runs the script named by argv[1] as `__main__`, with the rest as its
/// arguments. A thread waits for stdin to close and then ends the process:
/// the test holds the other end, so a script stuck in a loop ends with it.
/// (`os.read` on the raw descriptor, not `sys.stdin`: a daemon thread that
/// holds the buffered reader's lock can abort the interpreter at exit.)
const WATCHDOG: &str = "\
import os, runpy, sys, threading
def watch():
    while os.read(0, 4096):
        pass
    os._exit(70)
threading.Thread(target=watch, daemon=True).start()
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name='__main__')
";

/// How long a script may take before the test gives up on it. A bound on
/// the wait, so a hang fails the test instead of stalling it; no speed is
/// claimed.
const PATIENCE: Duration = Duration::from_secs(120);

/// One of the scripts in `docs/labs/code/`, running under the watchdog.
struct Script {
    name: &'static str,
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    stdout: Option<BufReader<ChildStdout>>,
}

struct Finished {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Script {
    fn start(name: &'static str, args: &[&str]) -> Script {
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(WATCHDOG)
            .arg(code_dir().join(name))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().map(BufReader::new);
        Script {
            name,
            child: Some(child),
            stdin,
            stdout,
        }
    }

    /// The address from the sender's first line, `listening on HOST:PORT`.
    fn listening_on(&mut self) -> SocketAddr {
        let mut line = String::new();
        self.stdout.as_mut().unwrap().read_line(&mut line).unwrap();
        line.trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("{}: first line {line:?}", self.name))
    }

    /// Waits, at most PATIENCE, for the script to end by itself.
    fn finish(mut self) -> Finished {
        let mut child = self.child.take().unwrap();
        let mut out = self.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        // Two readers, so a full stderr pipe cannot block the script while
        // stdout is being read, and the other way round.
        let err_reader = thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            let status = child.wait().expect("python3 exits");
            let _ = tx.send((status, text, err_reader.join().unwrap_or_default()));
        });
        match rx.recv_timeout(PATIENCE) {
            Ok((status, stdout, stderr)) => Finished {
                status,
                stdout,
                stderr,
            },
            // Dropping self closes stdin, and the watchdog ends the script.
            Err(_) => panic!("{} still running after {PATIENCE:?}", self.name),
        }
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        drop(self.stdin.take());
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn bytes_of(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = SplitMix64::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// A file named `name` holding `data`, in a folder that lives as long as the guard.
fn source_file(name: &str, data: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap();
    (dir, path)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A few MiB, and not a multiple of the lesson's 8192-byte pieces.
const FEW_MIB: usize = 3 * 1024 * 1024 + 5;

// ---- the kind case: loopback, where the lesson's code works ----

#[test]
fn the_lessons_sender_and_receiver_move_a_file_on_loopback() {
    let data = bytes_of(FEW_MIB, 1);
    let (_src_dir, src) = source_file("lecture.mp4", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let mut sender = Script::start(
        "lesson_sender.py",
        &["127.0.0.1", "0", src.to_str().unwrap()],
    );
    let addr = sender.listening_on();
    let receiver = Script::start(
        "lesson_receiver.py",
        &[
            "127.0.0.1",
            &addr.port().to_string(),
            out_dir.path().to_str().unwrap(),
        ],
    );
    let got = receiver.finish();
    assert!(got.status.success(), "receiver: {}", got.stderr);
    let saved = out_dir.path().join("lecture.mp4");
    assert_eq!(
        got.stdout,
        format!("saved {} ({FEW_MIB} bytes)\n", saved.display())
    );
    let sent = sender.finish();
    assert!(sent.status.success(), "sender: {}", sent.stderr);
    assert_eq!(files_in(out_dir.path()), vec!["lecture.mp4"]);
    assert!(std::fs::read(saved).unwrap() == data, "the bytes differ");
}

#[test]
fn serve_6_little_endian_feeds_the_lessons_receiver() {
    let data = bytes_of(FEW_MIB, 2);
    let (_src_dir, src) = source_file("视频.mp4", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&[
        "6",
        "--file",
        src.to_str().unwrap(),
        "--little-endian",
        "--clients",
        "1",
    ]);
    let got = Script::start(
        "lesson_receiver.py",
        &[
            "127.0.0.1",
            &server.addr.port().to_string(),
            out_dir.path().to_str().unwrap(),
        ],
    )
    .finish();
    assert!(got.status.success(), "receiver: {}", got.stderr);
    let (ok, _, err) = server.finish();
    assert!(ok, "server: {err}");
    // In the lesson's byte order nothing follows the body: this receiver's
    // recv(8192) would take a trailer into the file.
    assert_eq!(files_in(out_dir.path()), vec!["视频.mp4"]);
    assert!(std::fs::read(out_dir.path().join("视频.mp4")).unwrap() == data);
}

#[test]
fn the_lessons_sender_feeds_connect_6_little_endian() {
    let data = bytes_of(FEW_MIB, 3);
    let (_src_dir, src) = source_file("lecture.mp4", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let mut sender = Script::start(
        "lesson_sender.py",
        &["127.0.0.1", "0", src.to_str().unwrap()],
    );
    let addr = sender.listening_on().to_string();
    let out = run(&[
        "connect",
        "6",
        "--little-endian",
        "--color",
        "never",
        "--to",
        &addr,
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "connect 6: {}", stderr(&out));
    assert!(
        stdout(&out).contains("no digest in the header"),
        "{}",
        stdout(&out)
    );
    let sent = sender.finish();
    assert!(sent.status.success(), "sender: {}", sent.stderr);
    assert_eq!(files_in(out_dir.path()), vec!["lecture.mp4"]);
    assert!(std::fs::read(out_dir.path().join("lecture.mp4")).unwrap() == data);
}

// ---- lab 1's answer ----

#[test]
fn the_fixed_receiver_gets_the_file_from_serve_6() {
    let data = bytes_of(FEW_MIB, 4);
    let (_src_dir, src) = source_file("视频.mp4", &data);
    let out_dir = tempfile::tempdir().unwrap();
    let server = Server::start(&["6", "--file", src.to_str().unwrap(), "--clients", "1"]);
    let got = Script::start(
        "lesson_receiver_fixed.py",
        &[
            "127.0.0.1",
            &server.addr.port().to_string(),
            out_dir.path().to_str().unwrap(),
        ],
    )
    .finish();
    assert!(got.status.success(), "receiver: {}", got.stderr);
    assert!(server.finish().0);
    assert_eq!(files_in(out_dir.path()), vec!["视频.mp4"]);
    assert!(std::fs::read(out_dir.path().join("视频.mp4")).unwrap() == data);
}

/// Passes what `upstream` sends on to the one client that connects, in
/// writes of 1 to 3 bytes chosen by `seed`, each sent at once (TCP_NODELAY):
/// the cut `sticky proxy --cut 1..3` makes, in a few lines. Returns the
/// relay's address and the number of bytes it passed on.
fn cutting_relay(upstream: SocketAddr, seed: u64) -> (SocketAddr, JoinHandle<io::Result<u64>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let relay = thread::spawn(move || {
        let (client, _) = listener.accept()?;
        client.set_nodelay(true)?;
        let mut server = TcpStream::connect(upstream)?;
        let mut cut = Resegmenter::new(client, Pieces::up_to(3), Seed(seed));
        let moved = io::copy(&mut server, &mut cut)?;
        cut.into_inner().shutdown(Shutdown::Write)?;
        Ok(moved)
    });
    (addr, relay)
}

#[test]
fn the_fixed_receiver_survives_writes_of_1_to_3_bytes() {
    // Small: every byte is its own write, or nearly.
    let data = bytes_of(50_000, 5);
    let (_src_dir, src) = source_file("notes.txt", &data);
    for seed in [1, 2] {
        let out_dir = tempfile::tempdir().unwrap();
        let server = Server::start(&["6", "--file", src.to_str().unwrap(), "--clients", "1"]);
        let (relay_addr, relay) = cutting_relay(server.addr, seed);
        let got = Script::start(
            "lesson_receiver_fixed.py",
            &[
                "127.0.0.1",
                &relay_addr.port().to_string(),
                out_dir.path().to_str().unwrap(),
            ],
        )
        .finish();
        assert!(got.status.success(), "seed {seed}: {}", got.stderr);
        match relay.join().unwrap() {
            Ok(moved) => assert!(
                moved > data.len() as u64,
                "the header went through the relay too"
            ),
            // The receiver closes after `filesize` bytes; the trailer with
            // the digests, which it does not read, may then meet a reset on
            // its way through the relay.
            Err(e) => assert!(
                matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe
                ),
                "seed {seed}: {e}"
            ),
        }
        assert!(server.finish().0);
        assert!(
            std::fs::read(out_dir.path().join("notes.txt")).unwrap() == data,
            "seed {seed}"
        );
    }
}

// ---- the kept bugs, where a peer's close makes them certain ----
//
// Which read a cut lands in depends on timing, except when the sender
// closes: then `recv` returns what was sent and nothing more, on every run.

/// Accepts one connection, writes `wire`, and closes.
fn sends_and_closes(wire: Vec<u8>) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sender = thread::spawn(move || {
        let (mut conn, _) = listener.accept().unwrap();
        conn.write_all(&wire).unwrap();
    });
    (addr, sender)
}

/// Runs `script` against a sender of `wire` and returns how it ended.
fn receive(script: &'static str, wire: Vec<u8>, out_dir: &Path) -> Finished {
    let (addr, sender) = sends_and_closes(wire);
    let got = Script::start(
        script,
        &[
            "127.0.0.1",
            &addr.port().to_string(),
            out_dir.to_str().unwrap(),
        ],
    )
    .finish();
    sender.join().unwrap();
    got
}

/// The lesson's format: a length in the machine's own byte order (its
/// struct 'i'), or in network order for the fixed receiver.
fn framed(json: &str, lesson: bool) -> Vec<u8> {
    let len = json.len() as u32;
    let mut wire = if lesson {
        (len as i32).to_ne_bytes().to_vec()
    } else {
        len.to_be_bytes().to_vec()
    };
    wire.extend_from_slice(json.as_bytes());
    wire
}

#[test]
fn a_length_cut_short_breaks_the_lessons_receiver_not_the_fixed_one() {
    let dir = tempfile::tempdir().unwrap();
    let got = receive("lesson_receiver.py", vec![0x2a, 0], dir.path());
    assert_eq!(got.status.code(), Some(1));
    assert!(
        got.stderr
            .contains("struct.error: unpack requires a buffer of 4 bytes"),
        "{}",
        got.stderr
    );
    let got = receive("lesson_receiver_fixed.py", vec![0, 0], dir.path());
    assert_eq!(got.status.code(), Some(1));
    assert_eq!(got.stderr, "connection closed after 2 of 4 bytes\n");
}

#[test]
fn a_header_cut_short_breaks_the_lessons_receiver_not_the_fixed_one() {
    let json = r#"{"filename": "a.txt", "filesize": 5}"#;
    let dir = tempfile::tempdir().unwrap();
    let mut wire = framed(json, true);
    wire.truncate(4 + 10);
    let got = receive("lesson_receiver.py", wire, dir.path());
    assert_eq!(got.status.code(), Some(1));
    assert!(
        got.stderr.contains("json.decoder.JSONDecodeError"),
        "{}",
        got.stderr
    );
    let mut wire = framed(json, false);
    wire.truncate(4 + 10);
    let got = receive("lesson_receiver_fixed.py", wire, dir.path());
    assert_eq!(got.status.code(), Some(1));
    assert_eq!(
        got.stderr,
        format!("connection closed after 10 of {} bytes\n", json.len())
    );
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn the_fixed_receiver_reports_a_body_cut_short_and_keeps_nothing() {
    // The lesson's receiver would spin here forever; only the fix is run.
    let dir = tempfile::tempdir().unwrap();
    let mut wire = framed(r#"{"filename": "a.txt", "filesize": 20000}"#, false);
    wire.extend_from_slice(&[7; 12345]);
    let got = receive("lesson_receiver_fixed.py", wire, dir.path());
    assert_eq!(got.status.code(), Some(1));
    assert_eq!(
        got.stderr,
        "connection closed after 12345 of 20000 bytes of the file\n"
    );
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn the_lessons_receiver_writes_where_the_header_says_the_fixed_one_does_not() {
    let json = r#"{"filename": "../escaped.txt", "filesize": 5}"#;
    for (script, lesson, lands_in) in [
        ("lesson_receiver.py", true, ""),
        ("lesson_receiver_fixed.py", false, "out"),
    ] {
        let parent = tempfile::tempdir().unwrap();
        let out_dir = parent.path().join("out");
        std::fs::create_dir(&out_dir).unwrap();
        let mut wire = framed(json, lesson);
        wire.extend_from_slice(b"hello");
        let got = receive(script, wire, &out_dir);
        assert!(got.status.success(), "{script}: {}", got.stderr);
        let landed = parent.path().join(lands_in).join("escaped.txt");
        assert_eq!(std::fs::read(&landed).unwrap(), b"hello", "{script}");
    }
}

#[test]
fn the_fixed_receiver_names_a_byte_order_mismatch() {
    // What the fix meets when the server still runs with --little-endian.
    let dir = tempfile::tempdir().unwrap();
    let got = receive(
        "lesson_receiver_fixed.py",
        framed(r#"{"filename": "a.txt", "filesize": 5}"#, true),
        dir.path(),
    );
    assert_eq!(got.status.code(), Some(1));
    assert!(
        got.stderr
            .contains("do both sides use the same byte order?"),
        "{}",
        got.stderr
    );
}

#[test]
fn bad_command_lines_get_one_line_errors() {
    for (script, args, says) in [
        (
            "lesson_sender.py",
            &["127.0.0.1"][..],
            "usage: python3 lesson_sender.py HOST PORT FILE (expected 3 arguments, got 1)\n",
        ),
        (
            "lesson_sender.py",
            &["127.0.0.1", "http", "x"][..],
            "usage: python3 lesson_sender.py HOST PORT FILE (PORT must be a number from 0 to 65535, not 'http')\n",
        ),
        (
            "lesson_receiver.py",
            &["127.0.0.1", "7878", "/no/such/folder"][..],
            "usage: python3 lesson_receiver.py HOST PORT OUTDIR (/no/such/folder is not a folder)\n",
        ),
        (
            "lesson_receiver_fixed.py",
            &["127.0.0.1", "0", "."][..],
            "PORT must be a number from 1 to 65535, not '0'\n",
        ),
    ] {
        let got = Script::start(script, args).finish();
        assert_eq!(got.status.code(), Some(1), "{script} {args:?}");
        assert_eq!(got.stderr, says, "{script} {args:?}");
    }
}

#[test]
fn a_receiver_with_no_server_says_so_in_one_line() {
    // A port that is bound but not listening refuses every connection.
    let closed = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
    closed
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .unwrap();
    let port = closed
        .local_addr()
        .unwrap()
        .as_socket()
        .unwrap()
        .port()
        .to_string();
    let got = Script::start("lesson_receiver.py", &["127.0.0.1", &port, "."]).finish();
    assert_eq!(got.status.code(), Some(1));
    assert_eq!(
        got.stderr,
        format!(
            "lesson_receiver.py: cannot connect to 127.0.0.1 port {port}: Connection refused\n"
        )
    );
}

// ---- the lab sheet shows the files as they are ----

#[test]
fn lab_1_shows_the_scripts_it_names() {
    let sheet = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/labs/lab1-the-lessons-receiver.md"),
    )
    .unwrap();
    for name in ["lesson_receiver.py", "lesson_receiver_fixed.py"] {
        let code = std::fs::read_to_string(code_dir().join(name)).unwrap();
        assert!(
            sheet.contains(&format!("```python\n{code}```\n")),
            "the sheet's copy of {name} differs from docs/labs/code/{name}"
        );
    }
}
