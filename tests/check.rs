//! `sticky check`, the autograder, through the real binary: the labs'
//! reference servers in docs/labs/code/ (right ones pass every case, each
//! buggy one fails the case made for its bug, with that bug's hint), sticky's
//! own servers, and the grader's own bad input.
//!
//! Why the failures are not luck: each buggy server fails a case on every
//! run, not only on an unlucky one.
//! - lp_server_starter.py takes one recv(1024) for one message. The `glued`
//!   case sends 20 frames in one write of 231 bytes, which crosses loopback
//!   as one segment, so the server's recv() returns all of it at once.
//! - lp_server_recv4.py reads the header with one recv(4). The `cut-bytes`
//!   case first has a whole frame echoed (so the server is back in recv(4)),
//!   then sends single bytes 15 ms apart: for recv(4) to return 4 bytes the
//!   server would have to stay off the CPU for 45 ms after being woken.
//! - lp_server_nomax.py and lp_server_dies.py fail by design, whatever the
//!   timing: one waits for a frame that never comes, the other dies on the
//!   first error, and the grader's next connection finds no one.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::thread::JoinHandle;

use common::{stderr, stdout, sticky};

// The hints the tests expect, word for word; the lab sheets quote them too.
const GLUED: &str = "20 frames came back as one: is each recv() treated as one message?";
const RECV4: &str =
    "no answer to a header cut into single bytes: is the 4-byte header read with one recv(4)?";
const HUGE: &str =
    "the server waited for a 4 GiB frame: does it check the length against a maximum before reading?";
const DIES: &str = "the server stopped answering after a client hung up mid-frame: \
                    does it catch the error per connection?";
const LITTLE: &str =
    "the server reads and writes lengths as '<I' (what the lesson's 'i' gives on x86); \
                      the protocol says '!I'; or grade it as it is with --little-endian";
const ESCAPE: &str = "the receiver trusts the sent file name: \
                      keep only its last part (os.path.basename) and refuse '..'";
const SHORT_BODY: &str = "the receiver kept waiting after the sender hung up mid-body: \
                          does `while filesize:` loop forever on recv() returning b''?";
const NO_VERDICT: &str = "no verdict came back: after the body, answer struct.pack('!I', len(raw)) + raw, \
                          with raw = json.dumps({\"verdict\": \"saved\", \"filename\": name}).encode()";

fn code_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/labs/code")
}

/// A server under test in a child process: a Python reference program or
/// `sticky serve`. Its output is drained on threads, so a chatty server can
/// never block on a full pipe; dropping it kills it, should a test fail first.
struct Peer {
    child: Child,
    addr: SocketAddr,
    /// Python servers end when this pipe closes (their watchdog reads it).
    stdin: Option<ChildStdin>,
    out: Option<JoinHandle<String>>,
    err: Option<JoinHandle<String>>,
}

impl Peer {
    /// `python3 docs/labs/code/SCRIPT 127.0.0.1 0 ARGS...`, under a watchdog
    /// thread that ends the process when the test's end of stdin closes.
    fn python(script: &str, args: &[&str]) -> Peer {
        let path = code_dir().join(script);
        let watchdog = "import runpy, sys, os, threading\n\
            threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n\
            sys.argv = sys.argv[1:]\n\
            runpy.run_path(sys.argv[0], run_name='__main__')\n";
        let mut cmd = Command::new("python3");
        cmd.arg("-c")
            .arg(watchdog)
            .arg(&path)
            .args(["127.0.0.1", "0"])
            .args(args);
        Peer::start(cmd)
    }

    /// `sticky serve ARGS --bind 127.0.0.1:0`; ARGS should hold `--clients N`
    /// so the server stops by itself.
    fn sticky(args: &[&str]) -> Peer {
        let mut cmd = sticky();
        // A grader's run makes many connections from one address: every
        // one's lines are kept, for the assertions on the server's log.
        cmd.arg("serve").args(args).args([
            "--bind",
            "127.0.0.1:0",
            "--color",
            "never",
            "--show-all",
        ]);
        Peer::start(cmd)
    }

    fn start(mut cmd: Command) -> Peer {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        lines.read_line(&mut banner).unwrap();
        let addr = banner
            .split_whitespace()
            // A Chinese banner puts a full-width comma after the address.
            .find_map(|w| {
                w.split([',', ';', '，', '；'])
                    .next()?
                    .parse::<SocketAddr>()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no address in the banner {banner:?}"));
        let out = std::thread::spawn(move || {
            let mut rest = banner;
            let _ = lines.read_to_string(&mut rest);
            rest
        });
        let mut err_pipe = child.stderr.take().unwrap();
        let err = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err_pipe.read_to_string(&mut text);
            text
        });
        Peer {
            stdin: child.stdin.take(),
            child,
            addr,
            out: Some(out),
            err: Some(err),
        }
    }

    /// `sticky check ARGS --to ADDR --color never`.
    fn check(&self, args: &[&str]) -> Output {
        sticky()
            .arg("check")
            .args(args)
            .args(["--to", &self.addr.to_string(), "--color", "never"])
            .output()
            .unwrap()
    }

    /// Waits for a server started with `--clients N` to stop by itself.
    fn finish(mut self) -> (bool, String, String) {
        let ok = self.child.wait().unwrap().success();
        let out = self.out.take().unwrap().join().unwrap();
        let err = self.err.take().unwrap().join().unwrap();
        (ok, out, err)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The report card's entry for `case`: its first line and the lines
/// indented under it.
fn entry<'a>(card: &'a str, case: &str) -> Vec<&'a str> {
    let mut lines = card.lines().skip_while(|l| {
        !(l.len() > 6 && l[6..].starts_with(case) && l[6 + case.len()..].starts_with(' '))
    });
    let Some(first) = lines.next() else {
        panic!("no entry for {case} in\n{card}")
    };
    let mut found = vec![first];
    found.extend(lines.take_while(|l| l.starts_with("      ")));
    found
}

/// "PASS", "FAIL" or "SKIP" for `case`.
fn mark<'a>(card: &'a str, case: &str) -> &'a str {
    &entry(card, case)[0][..4]
}

/// The hint of a failed case.
fn hint(card: &str, case: &str) -> String {
    entry(card, case)
        .iter()
        .find_map(|l| l.trim_start().strip_prefix("hint  "))
        .unwrap_or_else(|| panic!("{case} has no hint in\n{card}"))
        .to_string()
}

fn last_line(card: &str) -> &str {
    card.lines().last().unwrap_or("")
}

/// Every case passed, the card says so, and the exit status agrees.
fn assert_all_pass(out: &Output, cases: usize) {
    let card = stdout(out);
    assert_eq!(
        last_line(&card),
        format!("{cases} passed, 0 failed"),
        "{card}{}",
        stderr(out)
    );
    assert_eq!(out.status.code(), Some(0), "{card}");
    assert!(!card.contains("FAIL"), "{card}");
}

// ---- right servers pass every case ----

#[test]
fn the_echo_server_passes_check_1() {
    let peer = Peer::python("echo_server.py", &[]);
    assert_all_pass(&peer.check(&["1"]), 7);
}

#[test]
fn the_fixed_server_passes_check_4_at_two_sizes() {
    let peer = Peer::python("fixed_server.py", &[]);
    assert_all_pass(&peer.check(&["4"]), 9);
    let peer = Peer::python("fixed_server.py", &["7"]);
    assert_all_pass(&peer.check(&["4", "--size", "7"]), 9);
}

#[test]
fn the_length_prefix_solution_passes_check_5() {
    let peer = Peer::python("lp_server_solution.py", &[]);
    assert_all_pass(&peer.check(&["5"]), 12);
}

#[test]
fn the_file_receiver_solution_passes_check_6() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("received");
    std::fs::create_dir(&dir).unwrap();
    let peer = Peer::python("file_receiver_solution.py", &[dir.to_str().unwrap()]);
    assert_all_pass(&peer.check(&["6", "--dir", dir.to_str().unwrap()]), 17);
    // The grader removes what it uploaded; nothing landed beside --dir.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 1);
    // From another machine, without --dir, the verdicts alone pass it too.
    assert_all_pass(&peer.check(&["6"]), 17);
}

// ---- each classic bug fails its case, with its hint ----

#[test]
fn one_recv_per_message_fails_glued() {
    let peer = Peer::python("lp_server_starter.py", &[]);
    let out = peer.check(&["5", "--timeout", "1"]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert_eq!(mark(&card, "glued"), "FAIL", "{card}");
    assert_eq!(hint(&card, "glued"), GLUED);
    assert!(
        entry(&card, "glued")[1]
            .contains("echo 1 began \"\\x00\\x00\\x00\\xe3glued 1\\x00\\x00\\x00\\x07glued 2…\" (a length of 227 in '!I', 3808428032 in '<I')"),
        "{card}"
    );
}

#[test]
fn a_header_read_with_one_recv4_fails_cut_bytes() {
    let peer = Peer::python("lp_server_recv4.py", &[]);
    let out = peer.check(&["5"]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    // Glued frames arrive whole, so this server passes them: the bug hides.
    assert_eq!(mark(&card, "glued"), "PASS", "{card}");
    assert_eq!(mark(&card, "cut-bytes"), "FAIL", "{card}");
    assert_eq!(hint(&card, "cut-bytes"), RECV4);
}

#[test]
fn no_maximum_fails_both_oversize_headers() {
    let peer = Peer::python("lp_server_nomax.py", &[]);
    // The server never closes; a short timeout only makes the wait shorter.
    let out = peer.check(&["5", "--timeout", "1"]);
    let card = stdout(&out);
    assert_eq!(mark(&card, "over-max"), "FAIL", "{card}");
    assert_eq!(
        hint(&card, "over-max"),
        "the server waited for a frame of 8388609 bytes, one over --max-frame: \
         does it check the length against a maximum before reading?"
    );
    assert_eq!(hint(&card, "huge-header"), HUGE);
    assert!(
        entry(&card, "huge-header")[0]
            .contains("a header \"\\xff\\xff\\xff\\xff\" announcing 4294967295 bytes"),
        "{card}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_server_that_dies_with_its_client_fails_hangup() {
    // It serves one client at a time, too: two-clients says so first, and
    // the idle client's hang-up then ends it.
    let peer = Peer::python("lp_server_dies.py", &[]);
    let out = peer.check(&["5", "--timeout", "1"]);
    let card = stdout(&out);
    assert_eq!(mark(&card, "two-clients"), "FAIL", "{card}");
    assert!(hint(&card, "two-clients").contains("own thread"), "{card}");
    assert_eq!(out.status.code(), Some(1));
    let peer = Peer::python("lp_server_dies.py", &[]);
    let out = peer.check(&["5", "--case", "hangup"]);
    let card = stdout(&out);
    assert_eq!(last_line(&card), "0 passed, 1 failed", "{card}");
    assert_eq!(hint(&card, "hangup"), DIES);
}

#[test]
fn the_other_byte_order_is_named_and_the_rest_skipped() {
    let peer = Peer::python("lp_server_little.py", &[]);
    let out = peer.check(&["5"]);
    let card = stdout(&out);
    assert_eq!(last_line(&card), "0 passed, 1 failed, 11 skipped", "{card}");
    assert_eq!(hint(&card, "byte-order"), LITTLE);
    assert_eq!(mark(&card, "hangup"), "SKIP");
    assert_eq!(out.status.code(), Some(1));
    // Graded in its own byte order, it is the solution.
    assert_all_pass(&peer.check(&["5", "--little-endian"]), 12);
}

#[test]
fn the_lab_3_starter_answers_no_verdict_and_is_told_so_once() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("received");
    std::fs::create_dir(&dir).unwrap();
    let peer = Peer::python("file_receiver_starter.py", &[dir.to_str().unwrap()]);
    for args in [
        &["6", "--timeout", "1"][..],
        &["6", "--timeout", "1", "--dir", dir.to_str().unwrap()],
    ] {
        let out = peer.check(args);
        let card = stdout(&out);
        assert_eq!(out.status.code(), Some(1), "{card}");
        assert_eq!(hint(&card, "upload"), NO_VERDICT, "{card}");
        // One reason, said once: the other cases would all fail for it.
        assert_eq!(mark(&card, "short-body"), "SKIP", "{card}");
        assert_eq!(last_line(&card), "0 passed, 1 failed, 16 skipped");
    }
}

// ---- sticky's own servers pass ----

#[test]
fn sticky_serve_1_passes_check_1() {
    // Connections: one per case, and one more for `two-clients` and `hangup`.
    let peer = Peer::sticky(&["1", "--clients", "9"]);
    assert_all_pass(&peer.check(&["1"]), 7);
    assert!(peer.finish().0);
}

#[test]
fn sticky_serve_4_echoes_every_record_and_passes_check_4() {
    // Connections: one per case, and one more for `two-clients` and `hangup`.
    let peer = Peer::sticky(&["4", "--clients", "11", "--size", "16"]);
    assert_all_pass(&peer.check(&["4", "--size", "16"]), 9);
    let (ok, out, _) = peer.finish();
    assert!(ok);
    assert!(out.contains("[record 20]  whole"), "{out}");
}

#[test]
fn sticky_serve_5_passes_check_5_in_either_byte_order() {
    // One connection per case, and one more for two-clients and after each
    // of the last three.
    let peer = Peer::sticky(&["5", "--clients", "16"]);
    assert_all_pass(&peer.check(&["5"]), 12);
    assert!(peer.finish().0);
    let peer = Peer::sticky(&["5", "--clients", "16", "--little-endian"]);
    assert_all_pass(&peer.check(&["5", "--little-endian"]), 12);
    assert!(peer.finish().0);
}

#[test]
fn a_smaller_max_frame_is_checked_and_the_1_mib_case_skipped() {
    // One-mib is skipped, so one connection fewer than above.
    let peer = Peer::sticky(&["5", "--clients", "15", "--max-frame", "1000"]);
    let out = peer.check(&["5", "--max-frame", "1000"]);
    let card = stdout(&out);
    assert_eq!(
        last_line(&card),
        "11 passed, 0 failed, 1 skipped: not graded in full",
        "{card}"
    );
    assert_eq!(
        entry(&card, "one-mib")[0],
        "SKIP  one-mib       --max-frame is below 1 MiB; max-frame covers it"
    );
    assert!(
        entry(&card, "over-max")[0].contains("announcing 1001 bytes was refused"),
        "{card}"
    );
    // A case not run is not a pass: the run is graded, but not in full.
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert!(peer.finish().0);
}

#[test]
fn sticky_serve_6_upload_passes_check_6() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    // One connection per case, and one more for exists, two-senders and hangup.
    let peer = Peer::sticky(&["6", "--upload", "--out", out_dir, "--clients", "20"]);
    assert_all_pass(&peer.check(&["6", "--dir", out_dir]), 17);
    let (ok, out, err) = peer.finish();
    assert!(ok);
    assert!(out.contains("was reduced to \"check-"), "{out}");
    assert!(
        err.contains("connection closed after 600 of 1000 bytes of file body"),
        "{err}"
    );
}

// ---- --serve: unkind to a client of your own ----

/// `python3 docs/labs/code/SCRIPT 127.0.0.1 PORT`, a client that ends by
/// itself (its socket has a 10 s timeout).
fn python_client(script: &str, addr: SocketAddr) -> Output {
    Command::new("python3")
        .arg(code_dir().join(script))
        .args(["127.0.0.1", &addr.port().to_string()])
        .output()
        .unwrap()
}

#[test]
fn serve_cuts_then_glues_echoes_and_gives_each_client_a_card() {
    let mut cmd = sticky();
    cmd.args(["check", "5", "--serve", "--bind", "127.0.0.1:0"])
        .args(["--clients", "4", "--color", "never", "--seed", "7"]);
    let server = Peer::start(cmd);
    // Connections take the cases in turn: cut, glued, seeded, closed-mid-echo.
    // One recv() is one echo for the starter, so it gets a single byte from
    // `cut` (the next comes 15 ms later) and all three echoes but their last
    // bytes from `glued` (one write, after the client has sent all three
    // frames and paused).
    let cut = python_client("lp_client_starter.py", server.addr);
    assert!(!cut.status.success());
    assert!(
        stderr(&cut).contains("echo differs: sent b'hello', got back b''"),
        "{}",
        stderr(&cut)
    );
    let glued = python_client("lp_client_starter.py", server.addr);
    assert!(
        stderr(&glued).contains("got back b'hello\\x00\\x00\\x00\\x08from the"),
        "{}",
        stderr(&glued)
    );
    let seeded = python_client("lp_client_solution.py", server.addr);
    assert!(seeded.status.success(), "{}", stderr(&seeded));
    assert!(stdout(&seeded).ends_with("every echo came back\n"));
    // Half an echo, then a close: the solution stops with an error.
    let closed = python_client("lp_client_solution.py", server.addr);
    assert!(!closed.status.success());
    assert!(
        stderr(&closed).contains("ConnectionError: closed after"),
        "{}",
        stderr(&closed)
    );
    let (ok, log, _) = server.finish();
    assert!(!ok, "two clients failed: the exit status says so\n{log}");
    for line in [
        "client 1 127.0.0.1:",
        "client 1: frame 1, 5 bytes \"hello\"",
        "client 1: frame 1 -> echoed in 9 writes, 15 ms apart",
        "FAIL  cut           got   ",
        "client 2: frame 3 -> held",
        "client 2: 3 echoes -> one write of 28 bytes, then 3 one-byte writes 0.1 s later",
        "FAIL  glued         got   ",
        "PASS  seeded        3 echoes read, 31 bytes, then a clean close",
        "client 4: frame 1 -> 4 of its 9 echo bytes, then the server closes",
        "PASS  closed-mid-echo the client stopped when the server closed mid-echo",
        "client 4: 2 passed, 0 failed",
    ] {
        assert!(log.contains(line), "{line:?} not in\n{log}");
    }
}

#[test]
fn serve_flags_go_together() {
    let out = common::run(&["check", "5", "--serve", "--list"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 4, "{}", stdout(&out));
    for (args, says) in [
        (
            &["check", "4", "--serve"][..],
            "--serve is for sticky check 5, not 4",
        ),
        (
            &["check", "5", "--clients", "2"][..],
            "--bind and --clients go with --serve",
        ),
        (
            &["check", "5", "--serve", "--case", "glued-ish"][..],
            "`sticky check 5 --serve --list` shows them",
        ),
    ] {
        let out = common::run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

// ---- the grader itself ----

#[test]
fn list_names_every_case_and_connects_to_nothing() {
    let out = common::run(&["check", "5", "--list", "--to", "127.0.0.1:1"]);
    assert!(out.status.success());
    let names: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "byte-order",
            "glued",
            "cut-bytes",
            "seeded-cuts",
            "interactive",
            "two-clients",
            "zero-length",
            "one-mib",
            "max-frame",
            "over-max",
            "huge-header",
            "hangup"
        ]
    );
    for demo in ["1", "4", "6"] {
        let out = common::run(&["check", demo, "--list"]);
        assert!(out.status.success());
        assert!(stdout(&out).lines().count() >= 4, "{}", stdout(&out));
    }
}

#[test]
fn case_runs_one_case() {
    let peer = Peer::python("lp_server_starter.py", &[]);
    let out = peer.check(&["5", "--case", "byte-order"]);
    let card = stdout(&out);
    assert_eq!(card.lines().count(), 3, "{card}");
    assert_eq!(last_line(&card), "1 passed, 0 failed");
    assert!(out.status.success());
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for (args, says) in [
        (
            &["check", "5", "--case", "nope"][..],
            "sticky check 5 has no case \"nope\"; `sticky check 5 --list` shows them",
        ),
        (&["check", "2"][..], "demo 2 has no server to grade"),
        (
            &["check", "5", "--dir", "."][..],
            "--dir is for sticky check 6, not 5",
        ),
        (
            &["check", "5", "--timeout", "0"][..],
            "--timeout 0: give a number of seconds above 0 and at most 600",
        ),
        (
            &["check", "6", "--dir", "/no/such/dir"][..],
            "--dir /no/such/dir is not a folder",
        ),
    ] {
        let out = common::run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn connection_refused_at_the_start_is_one_line_and_exit_2() {
    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .to_string();
    let out = common::run(&["check", "5", "--to", &addr]);
    // Not graded at all: 2, not the 1 of a server that failed.
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "error: cannot connect to {addr}: connection refused"
        )),
        "{err}"
    );
    assert!(err.contains("is your server running?"), "{err}");
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn a_server_that_never_answers_is_a_fail_not_a_hang() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (done_tx, done) = std::sync::mpsc::channel::<()>();
    // Accepts the one connection of the case and holds it, reading nothing,
    // until the grader has finished.
    let holder = std::thread::spawn(move || {
        let (conn, _) = listener.accept().unwrap();
        let _ = done.recv();
        drop(conn);
    });
    let out = common::run(&[
        "check",
        "5",
        "--case",
        "glued",
        "--timeout",
        "0.5",
        "--to",
        &addr,
    ]);
    done_tx.send(()).unwrap();
    holder.join().unwrap();
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert_eq!(
        entry(&card, "glued")[1].trim(),
        "got   nothing in 0.5 s (timed out)",
        "{card}"
    );
}

#[test]
fn colour_only_when_asked() {
    let peer = Peer::python("echo_server.py", &[]);
    let plain = peer.check(&["1", "--case", "glued"]);
    assert!(!stdout(&plain).contains('\u{1b}'));
    let out = sticky()
        .args(["check", "1", "--case", "glued", "--color", "always"])
        .args(["--to", &peer.addr.to_string()])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("\u{1b}[1;32mPASS"),
        "{}",
        stdout(&out)
    );
}

// ---- the lab sheets show the files the tests run ----

/// Every `<!-- code: NAME -->` in a lab sheet is followed by a python block
/// equal to docs/labs/code/NAME.
#[test]
fn lab_sheets_quote_their_code_exactly() {
    let labs = code_dir().parent().unwrap().to_path_buf();
    let mut quoted = Vec::new();
    for entry in std::fs::read_dir(&labs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("<!-- code: ") {
            let after = &rest[at + "<!-- code: ".len()..];
            let name = after[..after.find(" -->").unwrap()].trim();
            let start = after.find("```python\n").expect("a python block follows") + 10;
            let len = after[start..].find("\n```").expect("the block ends") + 1;
            let file = std::fs::read_to_string(code_dir().join(name)).unwrap();
            assert_eq!(
                &after[start..start + len],
                file,
                "{}: the block for {name} differs from the file",
                path.display()
            );
            quoted.push(name.to_string());
            rest = &after[start + len..];
        }
    }
    for name in [
        "lp_server_starter.py",
        "file_receiver_starter.py",
        "lp_client_starter.py",
    ] {
        assert!(
            quoted.iter().any(|q| q == name),
            "no lab sheet quotes {name}"
        );
    }
}

/// The report card lines the sheets quote are the ones the tests above see.
#[test]
fn lab_sheets_quote_the_hints_the_grader_prints() {
    let labs = code_dir().parent().unwrap().to_path_buf();
    let lab2 = std::fs::read_to_string(labs.join("lab2-length-prefix-server.md")).unwrap();
    assert!(lab2.contains(&format!("\nhint  {GLUED}\n")));
    assert!(lab2.contains("\n12 passed, 0 failed\n"));
    for hint in [RECV4, HUGE, DIES, LITTLE] {
        assert!(
            lab2.contains(&format!("\n{hint}\n")),
            "lab 2 lacks {hint:?}"
        );
    }
    let lab3 = std::fs::read_to_string(labs.join("lab3-file-receiver.md")).unwrap();
    assert!(lab3.contains("\n17 passed, 0 failed\n"));
    for hint in [ESCAPE, SHORT_BODY, NO_VERDICT] {
        assert!(
            lab3.contains(&format!("\n{hint}\n")),
            "lab 3 lacks {hint:?}"
        );
    }
}

#[test]
fn the_lab_2_starter_seems_to_work_on_one_small_frame() {
    // Which is why a grader is needed: by hand, on loopback, it looks right.
    let peer = Peer::python("lp_server_starter.py", &[]);
    let mut s = std::net::TcpStream::connect(peer.addr).unwrap();
    s.write_all(b"\x00\x00\x00\x02hi").unwrap();
    let mut echo = [0u8; 6];
    s.read_exact(&mut echo).unwrap();
    assert_eq!(&echo, b"\x00\x00\x00\x02hi");
}

// ---- check 7: a line server ----

const LINES_GLUED: &str = "20 lines came back as one answer: is each recv() treated as one line?";
const LINE_CUT: &str = "an answer holds only the start of its line: \
                        does the server answer each recv() instead of each newline?";
const NO_LINE_LIMIT: &str = "the server kept reading a line with no newline past the limit: \
                             does it cap the buffer before reading more?";
const SPLIT_CHAR: &str = "no answer to a line with a character cut between two writes: \
                          does the server decode each recv() as UTF-8? \
                          Find the newline in bytes, then decode the whole line";
const LINES_GLUED_GOT: &str = "answer 1 \"line 1, 179 chars: glued 01\", then 19 bare lines";
const ECHO_NO_ANSWER: &str = "an echo is not an answer (it comes back whether or not the server \
                              finds the newline): answer each line with more, \
                              e.g. b'line 1, 5 bytes: ' + line + b'\\n'";

#[test]
fn sticky_serve_7_passes_check_7() {
    // One connection per case, and one more for over-max, two-clients and hangup.
    let peer = Peer::sticky(&["7", "--clients", "14"]);
    let out = peer.check(&["7"]);
    assert_all_pass(&out, 11);
    let card = stdout(&out);
    // sticky's server refuses with a line before it closes.
    assert!(
        entry(&card, "over-max")[0].contains("was refused with \"error: line refused"),
        "{card}"
    );
    let (ok, log, err) = peer.finish();
    assert!(ok);
    // The line cut into single bytes and the one cut inside a character
    // were framed whole.
    assert!(log.contains("[cut into single bytes]  whole"), "{log}");
    assert!(
        err.contains("line refused: no newline within the limit of 65536 bytes"),
        "{err}"
    );
}

#[test]
fn the_line_solution_passes_check_7() {
    let peer = Peer::python("line_server_solution.py", &[]);
    assert_all_pass(&peer.check(&["7"]), 11);
}

#[test]
fn a_smaller_max_line_is_checked_on_both_sides() {
    let peer = Peer::sticky(&["7", "--clients", "15", "--max-line", "100"]);
    let out = peer.check(&["7", "--max-line", "100"]);
    assert_all_pass(&out, 11);
    let card = stdout(&out);
    assert!(
        entry(&card, "max-line")[0].contains("a line of 100 bytes got one answer"),
        "{card}"
    );
    // Graded against the default, the same server refuses the 64 KiB line:
    // the grader says the limits disagree.
    let out = peer.check(&["7", "--case", "max-line"]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert!(
        hint(&card, "max-line")
            .starts_with("the server refused a line of exactly --max-line bytes"),
        "{card}"
    );
    assert!(peer.finish().0);
}

#[test]
fn one_recv_per_line_fails_glued_and_cut_bytes() {
    let peer = Peer::python("line_server_starter.py", &[]);
    let out = peer.check(&["7", "--timeout", "1"]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert_eq!(mark(&card, "glued"), "FAIL", "{card}");
    assert_eq!(hint(&card, "glued"), LINES_GLUED);
    // One recv() took all 20 lines: the first answer carries them, and the
    // other 19 come back bare, with no words of the server's around them.
    assert!(entry(&card, "glued")[1].contains(LINES_GLUED_GOT), "{card}");
    assert_eq!(mark(&card, "cut-bytes"), "FAIL", "{card}");
    assert_eq!(hint(&card, "cut-bytes"), LINE_CUT);
    assert!(
        entry(&card, "cut-bytes")[1].contains("the answer \"line 2, 1 chars: c\""),
        "{card}"
    );
}

#[test]
fn no_line_limit_fails_over_max_only() {
    let peer = Peer::python("line_server_nomax.py", &[]);
    // The server never closes; a short timeout only makes the wait shorter.
    let out = peer.check(&["7", "--timeout", "1"]);
    let card = stdout(&out);
    assert_eq!(last_line(&card), "10 passed, 1 failed", "{card}");
    assert_eq!(hint(&card, "over-max"), NO_LINE_LIMIT);
    assert!(
        entry(&card, "over-max")[1].contains("the connection still open after 1 s"),
        "{card}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn decoding_each_recv_fails_utf_8_only() {
    let peer = Peer::python("line_server_decode.py", &[]);
    let out = peer.check(&["7"]);
    let card = stdout(&out);
    assert_eq!(last_line(&card), "10 passed, 1 failed", "{card}");
    assert_eq!(hint(&card, "utf-8"), SPLIT_CHAR);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn an_echo_server_is_no_line_server() {
    // It answers every line of glued, but it would whether it framed them
    // or not: the grader needs an answer, not the line back.
    let peer = Peer::python("echo_server.py", &[]);
    let out = peer.check(&["7", "--case", "glued"]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    assert_eq!(hint(&card, "glued"), ECHO_NO_ANSWER);
}

#[test]
fn check_7_lists_its_cases_and_refuses_flags_of_others() {
    let out = common::run(&["check", "7", "--list"]);
    assert!(out.status.success());
    let names: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "glued",
            "interactive",
            "cut-bytes",
            "seeded-cuts",
            "line-chars",
            "empty-line",
            "utf-8",
            "max-line",
            "over-max",
            "two-clients",
            "hangup"
        ]
    );
    for (args, says) in [
        (
            &["check", "5", "--max-line", "10"][..],
            "--max-line is for sticky check 7, not 5",
        ),
        (
            &["check", "7", "--max-frame", "10"][..],
            "--max-frame is for sticky check 5, not 7",
        ),
        (
            &["check", "7", "--max-line", "0"][..],
            "--max-line 0 is not between 1 and 16777216",
        ),
        (
            &["check", "7", "--serve"][..],
            "--serve is for sticky check 5, not 7",
        ),
        (&["check", "8"][..], "demo 8 has no server to grade"),
    ] {
        let out = common::run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn lab_5_quotes_the_card_and_its_code() {
    let labs = code_dir().parent().unwrap().to_path_buf();
    let lab5 = std::fs::read_to_string(labs.join("lab5-line-server.md")).unwrap();
    // The code blocks themselves are compared by lab_sheets_quote_their_code_exactly.
    for name in ["line_server_starter.py", "line_server_solution.py"] {
        assert!(lab5.contains(&format!("<!-- code: {name} -->")), "{name}");
    }
    assert!(lab5.contains(&format!("\ngot   {LINES_GLUED_GOT}\n")));
    assert!(lab5.contains(&format!("\nhint  {LINES_GLUED}\n")));
    assert!(lab5.contains(&format!("\nhint  {LINE_CUT}\n")));
    assert!(lab5.contains("\n11 passed, 0 failed\n"));
    for hint in [NO_LINE_LIMIT, SPLIT_CHAR, ECHO_NO_ANSWER] {
        assert!(
            lab5.contains(&format!("\n{hint}\n")),
            "lab 5 lacks {hint:?}"
        );
    }
    let summary = std::fs::read_to_string(labs.parent().unwrap().join("SUMMARY.md")).unwrap();
    assert!(summary.contains("(labs/lab5-line-server.md)"));
}

/// The Chinese lab 5 quotes the card as `sticky check 7 --lang zh` prints
/// it: every line of a block marked `<!-- check card, --lang zh -->` is a
/// line of a real run against the lab's servers (or the text after its
/// label), so a change of wording cannot leave the sheet behind.
#[test]
fn the_chinese_lab_5_quotes_the_chinese_card() {
    let labs = code_dir().parent().unwrap().join("../zh/labs");
    let sheet = std::fs::read_to_string(labs.join("lab5-line-server.md")).unwrap();
    let marker = "<!-- check card, --lang zh -->\n```text\n";
    let quoted: Vec<&str> = sheet
        .split(marker)
        .skip(1)
        .flat_map(|rest| rest[..rest.find("```").unwrap()].lines())
        .collect();
    assert!(quoted.len() >= 6, "{quoted:?}");
    let mut printed: Vec<String> = Vec::new();
    for script in [
        "line_server_starter.py",
        "line_server_solution.py",
        "line_server_nomax.py",
        "line_server_decode.py",
        "echo_server.py",
    ] {
        let peer = Peer::python(script, &[]);
        let out = peer.check(&["7", "--timeout", "1", "--lang", "zh"]);
        for line in stdout(&out).lines() {
            let line = line.trim_start();
            printed.push(line.to_string());
            // A hint quoted alone, without its label and case name.
            if let Some((_, text)) = line.split_once("提示  ") {
                printed.push(text.to_string());
            }
        }
    }
    for line in quoted {
        assert!(
            printed.iter().any(|p| p == line),
            "docs/zh/labs/lab5-line-server.md quotes a line the grader does not print:\n{line}"
        );
    }
}

/// The lines of every block marked `<!-- check card, --lang zh -->` in a
/// Chinese lab sheet, with a loopback port made `PORT` (it changes per run).
fn quoted_zh_card_lines(sheet: &str) -> Vec<String> {
    let marker = "<!-- check card, --lang zh -->\n```text\n";
    sheet
        .split(marker)
        .skip(1)
        .flat_map(|rest| rest[..rest.find("```").unwrap()].lines())
        .map(without_port)
        .collect()
}

/// `line` with the port after `127.0.0.1:` replaced by `PORT`.
fn without_port(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("127.0.0.1:") {
        let after = &rest[at + "127.0.0.1:".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..at]);
        out.push_str("127.0.0.1:PORT");
        rest = &after[digits..];
    }
    out + rest
}

/// The lines of a Chinese card as a sheet may quote them: whole (less the
/// indent), and a hint alone, without its label.
fn printed_zh_lines(text: &str, into: &mut Vec<String>) {
    for line in text.lines() {
        let line = without_port(line.trim_start());
        if let Some((_, hint)) = line.split_once("提示  ") {
            into.push(hint.to_string());
        }
        into.push(line);
    }
}

/// The Chinese labs 2, 3 and 4 quote the cards of `sticky check 5`,
/// `check 6` and `check 5 --serve` as `--lang zh` prints them: every quoted
/// line is printed by a real run against the lab's programs. Two hints of
/// lab 3 come from a receiver the sheet asks the student to write (the
/// starter with a verdict added), which no program here is: those must be
/// whole messages of `i18n/zh/check.ftl`, the words the grader prints.
#[test]
fn the_chinese_labs_2_3_and_4_quote_the_chinese_cards() {
    let labs = code_dir().parent().unwrap().join("../zh/labs");
    let sheet = |name: &str| std::fs::read_to_string(labs.join(name)).unwrap();
    let zh = ["--lang", "zh"];

    let mut printed = Vec::new();
    for (script, args) in [
        ("lp_server_starter.py", &["5", "--timeout", "1"][..]),
        ("lp_server_solution.py", &["5"]),
        ("lp_server_recv4.py", &["5", "--case", "cut-bytes"]),
        (
            "lp_server_nomax.py",
            &["5", "--timeout", "1", "--case", "huge-header"],
        ),
        ("lp_server_dies.py", &["5", "--case", "hangup"]),
        ("lp_server_little.py", &["5"]),
    ] {
        let peer = Peer::python(script, &[]);
        printed_zh_lines(&stdout(&peer.check(&[args, &zh].concat())), &mut printed);
    }
    let quoted = quoted_zh_card_lines(&sheet("lab2-length-prefix-server.md"));
    assert!(quoted.len() >= 7, "{quoted:?}");
    for line in &quoted {
        assert!(
            printed.contains(line),
            "docs/zh/labs/lab2-length-prefix-server.md quotes a line the grader does not print:\n{line}"
        );
    }

    let mut printed = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path().to_str().unwrap();
    for (script, args) in [
        ("file_receiver_starter.py", &["6", "--timeout", "1"][..]),
        ("file_receiver_solution.py", &["6", "--dir", dir]),
    ] {
        let peer = Peer::python(script, &[dir]);
        printed_zh_lines(&stdout(&peer.check(&[args, &zh].concat())), &mut printed);
    }
    let catalogue =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n/zh/check.ftl"))
            .unwrap();
    let whole_messages: Vec<&str> = catalogue
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(_, text)| text))
        .filter(|text| !text.contains('{'))
        .collect();
    let quoted = quoted_zh_card_lines(&sheet("lab3-file-receiver.md"));
    assert!(quoted.len() >= 5, "{quoted:?}");
    for line in &quoted {
        assert!(
            printed.contains(line) || whole_messages.contains(&line.as_str()),
            "docs/zh/labs/lab3-file-receiver.md quotes a line the grader does not print:\n{line}"
        );
    }

    let mut cmd = sticky();
    cmd.args(["check", "5", "--serve", "--bind", "127.0.0.1:0"])
        .args(["--case", "cut", "--clients", "1", "--color", "never"])
        .args(zh);
    let server = Peer::start(cmd);
    let client = python_client("lp_client_starter.py", server.addr);
    assert!(!client.status.success());
    let (_, log, _) = server.finish();
    let mut printed = Vec::new();
    printed_zh_lines(&log, &mut printed);
    let quoted = quoted_zh_card_lines(&sheet("lab4-length-prefix-client.md"));
    assert!(quoted.len() >= 4, "{quoted:?}");
    for line in &quoted {
        assert!(
            printed.contains(line),
            "docs/zh/labs/lab4-length-prefix-client.md quotes a line the server does not print:\n{line}\n{log}"
        );
    }
}

/// The Chinese lab README quotes the class board as `--class --lang zh`
/// prints it, for a class of three: the lab 2 solution, its starter, and a
/// server that is not running.
#[test]
fn the_chinese_lab_readme_quotes_the_chinese_board() {
    let solution = Peer::python("lp_server_solution.py", &[]);
    let starter = Peer::python("lp_server_starter.py", &[]);
    // A port nothing listens on: bound, then let go.
    let gone = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.txt");
    std::fs::write(
        &roster,
        format!(
            "py-threads-1 {}\npy-one-recv-0 {}\n王小明同学的服务端程序 {gone}\n",
            solution.addr, starter.addr
        ),
    )
    .unwrap();
    let out = sticky()
        .args(["check", "5", "--class"])
        .arg(&roster)
        .args([
            "--timeout",
            "1",
            "--seed",
            "5",
            "--lang",
            "zh",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let board = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{board}");
    let readme = std::fs::read_to_string(code_dir().join("../../zh/labs/README.md")).unwrap();
    let quoted = quoted_zh_card_lines(&readme);
    assert_eq!(quoted.len(), 3, "{quoted:?}");
    for line in &quoted {
        assert!(
            board.lines().any(|l| l == line),
            "docs/zh/labs/README.md quotes a board line the grader does not print:\n{line}\n{board}"
        );
    }
}

#[test]
fn a_server_that_hangs_up_at_once_fails_the_slow_reader_without_killing_the_grader() {
    // The slow reader writes without waiting, by a call of its own; a write
    // to a closed connection must come back as an error, not as SIGPIPE,
    // which `sticky` does not ignore.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let server = std::thread::spawn(move || {
        for conn in listener.incoming() {
            if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            // Hung up unread: the client's next writes meet a reset.
            drop(conn);
        }
    });
    let out = sticky()
        .args(["check", "1", "--case", "slow-reader", "--color", "never"])
        .args(["--to", &addr.to_string(), "--timeout", "2"])
        .output()
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    // Wakes the accept loop so that it sees the stop.
    let _ = std::net::TcpStream::connect(addr);
    server.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed case, not a signal: {:?}\n{}{}",
        out.status,
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("FAIL  slow-reader"),
        "{}",
        stdout(&out)
    );
}
