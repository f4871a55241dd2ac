//! The examiner's framework through the real binary: waits that end only
//! when nothing moves (a correct server behind a slow proxy passes), exit
//! statuses, the report card wrapped at 80 columns, `--json`, and a class of
//! 30 student servers graded in one `--class` run.
//!
//! The students are of two kinds, mixed as in a real room: Python programs
//! in tests/students/class/ (right ones in three styles, and classic bugs),
//! and servers on threads of this test (a right one, and hostile ones that
//! accept and never answer, flood, or trickle). Every one of them stops by
//! itself: the Python ones when this test's end of their stdin closes, the
//! threads when told to, each connection after a bounded time.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use common::{run, stderr, stdout, sticky, Server};
use serde_json::Value;

const MAX_FRAME: usize = 8 * 1024 * 1024;

/// `python3 tests/students/class/lp_server.py 127.0.0.1 0 STYLE`; it ends
/// when `stdin` is dropped.
struct PyStudent {
    child: Child,
    addr: SocketAddr,
    stdin: Option<ChildStdin>,
}

impl PyStudent {
    fn start(style: &str) -> PyStudent {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/students/class/lp_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["127.0.0.1", "0", style])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is installed");
        let mut banner = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut banner)
            .unwrap();
        let addr = banner
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap_or_else(|| panic!("{style}: no address in {banner:?}"));
        PyStudent {
            stdin: child.stdin.take(),
            child,
            addr,
        }
    }
}

impl Drop for PyStudent {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// How a server on a thread of this test treats each connection.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A right length-prefix echo server.
    Right,
    /// Accepts, reads nothing, answers nothing.
    Silent,
    /// Sends bytes without end, reading nothing (bounded at 64 MiB).
    Flood,
    /// Echoes what it reads, one byte every 20 ms.
    Trickle,
}

/// A server on threads of this test. Each connection ends by itself within
/// 30 s; the accept loop ends when the test stops it.
struct ThreadStudent {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl ThreadStudent {
    fn start(kind: Kind) -> ThreadStudent {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let accept = thread::spawn(move || {
            for conn in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let stopped = stopped.clone();
                thread::spawn(move || serve(kind, conn, &stopped));
            }
        });
        ThreadStudent {
            addr,
            stop,
            accept: Some(accept),
        }
    }
}

impl Drop for ThreadStudent {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(kind: Kind, mut conn: TcpStream, stop: &AtomicBool) {
    let until = Instant::now() + Duration::from_secs(30);
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = conn.set_write_timeout(Some(Duration::from_secs(10)));
    match kind {
        Kind::Right => {
            let mut head = [0u8; 4];
            while conn.read_exact(&mut head).is_ok() {
                let n = u32::from_be_bytes(head) as usize;
                if n > MAX_FRAME {
                    return;
                }
                let mut payload = vec![0u8; n];
                if conn.read_exact(&mut payload).is_err()
                    || conn.write_all(&head).is_err()
                    || conn.write_all(&payload).is_err()
                {
                    return;
                }
            }
        }
        Kind::Silent => {
            // Holds the connection open, reading nothing, until the test
            // ends or 30 s pass; the grader gives up first.
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                thread::park_timeout(Duration::from_millis(200));
            }
            drop(conn);
        }
        Kind::Flood => {
            let block = vec![0xAB; 1024 * 1024];
            for _ in 0..64 {
                if conn.write_all(&block).is_err() {
                    return;
                }
            }
        }
        Kind::Trickle => {
            let mut byte = [0u8; 1];
            while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                match conn.read(&mut byte) {
                    Ok(1) => {
                        thread::sleep(Duration::from_millis(20));
                        if conn.write_all(&byte).is_err() {
                            return;
                        }
                    }
                    _ => return,
                }
            }
        }
    }
}

/// An address where nothing listens: a port taken and given back.
fn unreachable() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// The JSON Lines of a `--json` file, by student.
fn records(path: &Path) -> HashMap<String, Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            (v["student"].as_str().unwrap().to_string(), v)
        })
        .collect()
}

/// The result word ("pass", "fail", "skip") of `case` in a record.
fn result<'a>(record: &'a Value, case: &str) -> &'a str {
    record["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == case)
        .and_then(|c| c["result"].as_str())
        .unwrap_or_else(|| panic!("no case {case} in {record}"))
}

// ---- waits end when nothing moves ----

#[test]
fn a_right_server_behind_a_slow_link_passes_max_frame() {
    // 16000-byte pieces 10 ms apart: about 1.6 MB/s, so the 8 MiB frame
    // takes seconds each way, far beyond one --timeout; bytes keep moving.
    let server = Server::start(&["5", "--clients", "1"]);
    let mut proxy = sticky();
    proxy.args([
        "proxy",
        "--listen",
        "127.0.0.1:0",
        "--to",
        &server.addr.to_string(),
        "--cut",
        "16000..16000",
        "--delay-ms",
        "10..10",
        "--clients",
        "1",
        "--color",
        "never",
    ]);
    let proxy = Server::spawn(proxy);
    let out = run(&[
        "check",
        "5",
        "--case",
        "max-frame",
        "--to",
        &proxy.addr.to_string(),
        "--color",
        "never",
    ]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{card}{}", stderr(&out));
    assert!(card.contains("PASS  max-frame"), "{card}");
    assert!(proxy.finish().0);
    assert!(server.finish().0);
}

#[test]
fn a_wait_that_times_out_says_so_and_names_the_flag() {
    let silent = ThreadStudent::start(Kind::Silent);
    let out = run(&[
        "check",
        "5",
        "--case",
        "glued",
        "--timeout",
        "0.5",
        "--to",
        &silent.addr.to_string(),
        "--color",
        "never",
    ]);
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{card}");
    let got = card
        .lines()
        .find(|l| l.trim_start().starts_with("got "))
        .unwrap();
    assert!(got.contains("(timed out)"), "{card}");
    let hint = card
        .lines()
        .find(|l| l.trim_start().starts_with("hint "))
        .unwrap();
    assert!(hint.contains("--timeout"), "{card}");
}

// ---- exit status ----

#[test]
fn exit_status_is_0_passed_1_failed_2_not_graded() {
    let right = ThreadStudent::start(Kind::Right);
    let out = run(&[
        "check",
        "5",
        "--case",
        "glued",
        "--to",
        &right.addr.to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    let silent = ThreadStudent::start(Kind::Silent);
    let out = run(&[
        "check",
        "5",
        "--case",
        "glued",
        "--timeout",
        "0.3",
        "--to",
        &silent.addr.to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));

    let out = run(&["check", "5", "--to", &unreachable().to_string()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    for args in [
        &["check", "5", "--jobs", "4"][..],
        &["check", "5", "--per-student", "9"],
        &["check", "5", "--class", "r.txt", "--to", "127.0.0.1:1"],
        &["check", "5", "--class", "/nonexistent/roster.txt"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn a_bad_roster_is_one_line_naming_the_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "# room 101\nalice 127.0.0.1:7878\nbob\n",
            "line 3: \"bob\" is one word",
        ),
        (
            "alice 127.0.0.1\n",
            "line 1: \"127.0.0.1\" is not HOST:PORT",
        ),
        (
            "alice 127.0.0.1:1\n\nalice 127.0.0.1:2\n",
            "line 3: \"alice\" is on line 1 already",
        ),
        ("\n# nobody yet\n", "no students in it"),
    ];
    for (i, (text, says)) in cases.iter().enumerate() {
        let roster = dir.path().join(format!("roster{i}.txt"));
        std::fs::write(&roster, text).unwrap();
        let out = run(&["check", "5", "--class", roster.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{text:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(says), "{text:?}: {err}");
        assert!(err.contains(&format!("roster{i}.txt")), "{err}");
        assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    }
}

// ---- the report card and --json for one server ----

#[test]
fn the_card_wraps_at_80_columns_under_its_labels() {
    let silent = ThreadStudent::start(Kind::Silent);
    let out = sticky()
        .env("COLUMNS", "80")
        .args([
            "check",
            "5",
            "--case",
            "over-max",
            "--timeout",
            "0.3",
            "--to",
            &silent.addr.to_string(),
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let card = stdout(&out);
    assert!(card.lines().all(|l| l.chars().count() <= 80), "{card}");
    let entry: Vec<&str> = card
        .lines()
        .skip_while(|l| !l.starts_with("FAIL"))
        .collect();
    let hint_at = entry
        .iter()
        .position(|l| l.trim_start().starts_with("hint"))
        .unwrap();
    // The hint is long: its next line is a continuation, under its text.
    let next = entry[hint_at + 1];
    assert!(
        next.starts_with(&" ".repeat(26)) && !next.starts_with(&" ".repeat(27)),
        "{card}"
    );
    // Nothing is lost or broken inside a word.
    let words = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    let wide = run(&[
        "check",
        "5",
        "--case",
        "over-max",
        "--timeout",
        "0.3",
        "--seed",
        "1",
        "--to",
        &silent.addr.to_string(),
    ]);
    let narrow_hint: Vec<String> = entry[hint_at..]
        .iter()
        .take_while(|l| !l.contains(" passed, "))
        .flat_map(|l| words(l))
        .collect();
    let wide_hint = stdout(&wide)
        .lines()
        .find(|l| l.trim_start().starts_with("hint"))
        .map(words)
        .unwrap();
    assert_eq!(narrow_hint, wide_hint);
}

#[test]
fn json_for_one_server_is_one_object_keyed_by_its_address() {
    let dir = tempfile::tempdir().unwrap();
    let right = ThreadStudent::start(Kind::Right);
    let to = right.addr.to_string();
    let path = dir.path().join("one.jsonl");
    let out = run(&[
        "check",
        "5",
        "--case",
        "glued",
        "--seed",
        "7",
        "--to",
        &to,
        "--json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let all = records(&path);
    assert_eq!(all.len(), 1);
    let r = &all[&to];
    assert_eq!(r["to"], to.as_str());
    assert_eq!(r["demo"], 5);
    assert_eq!(r["passed"], true);
    assert_eq!(r["seed"], 7);
    assert!(r["seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(r["cases"].as_array().unwrap().len(), 1);
    assert_eq!(r["cases"][0]["case"], "glued");
    assert_eq!(r["cases"][0]["result"], "pass");
    assert_eq!(r["cases"][0]["hint"], "");

    // An existing file is never written over.
    let again = run(&["check", "5", "--to", &to, "--json", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(records(&path).len(), 1);

    // Nothing reached: a record still, with the reason.
    let gone = unreachable().to_string();
    let path = dir.path().join("gone.jsonl");
    let out = run(&[
        "check",
        "5",
        "--to",
        &gone,
        "--json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let r = &records(&path)[&gone];
    assert_eq!(r["passed"], false);
    assert!(r["error"].as_str().unwrap().contains("refused"), "{r}");
    assert_eq!(r["cases"].as_array().unwrap().len(), 0);
}

// ---- a class ----

/// What a student is, and what its record must say.
enum Expect {
    Pass,
    /// Not passed, with this case failed.
    Fails(&'static str),
    /// Not passed, whatever the cases say.
    NotPassed,
    /// Could not be graded: an "error" and no cases.
    Unreached,
}

#[test]
fn a_class_of_30_is_graded_in_one_run_with_the_json_right_for_each() {
    let mut py = Vec::new();
    let mut threads = Vec::new();
    let mut roster = String::from("# lab 2, a class of 30\n\n");
    let mut expect: Vec<(String, Expect)> = Vec::new();
    let python_styles: [(&str, usize, Expect); 7] = [
        ("threads", 5, Expect::Pass),
        ("socketserver", 3, Expect::Pass),
        ("asyncio", 3, Expect::Pass),
        ("one-recv", 3, Expect::Fails("glued")),
        ("recv4", 3, Expect::Fails("cut-bytes")),
        ("nomax", 2, Expect::Fails("over-max")),
        ("little", 2, Expect::Fails("byte-order")),
    ];
    for (style, count, want) in python_styles {
        for k in 0..count {
            let student = PyStudent::start(style);
            let name = format!("py-{style}-{k}");
            roster += &format!("{name} {}\n", student.addr);
            expect.push((
                name,
                match want {
                    Expect::Pass => Expect::Pass,
                    Expect::Fails(c) => Expect::Fails(c),
                    _ => Expect::NotPassed,
                },
            ));
            py.push(student);
        }
    }
    let thread_kinds = [
        (Kind::Right, 4, "rust-right"),
        (Kind::Silent, 2, "rust-silent"),
        (Kind::Flood, 1, "rust-flood"),
        (Kind::Trickle, 1, "rust-trickle"),
    ];
    for (kind, count, label) in thread_kinds {
        for k in 0..count {
            let student = ThreadStudent::start(kind);
            let name = format!("{label}-{k}");
            roster += &format!("{name}   {}   # {kind:?}\n", student.addr);
            let want = match kind {
                Kind::Right => Expect::Pass,
                _ => Expect::NotPassed,
            };
            expect.push((name, want));
            threads.push(student);
        }
    }
    // One student with a long Chinese name, not at their desk.
    roster += &format!("王小明同学的服务端程序在这里 {}\n", unreachable());
    expect.push(("王小明同学的服务端程序在这里".into(), Expect::Unreached));
    assert_eq!(expect.len(), 30);

    let dir = tempfile::tempdir().unwrap();
    let roster_path = dir.path().join("roster.txt");
    std::fs::write(&roster_path, &roster).unwrap();
    let json = dir.path().join("results.jsonl");
    let started = Instant::now();
    let out = run(&[
        "check",
        "5",
        "--class",
        roster_path.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--per-student",
        "40",
        "--color",
        "never",
    ]);
    let wall = started.elapsed();
    // A measurement for the record, not a limit.
    eprintln!("30 students graded in {:.1} s", wall.as_secs_f64());
    let board = stdout(&out);
    drop(py);
    drop(threads);

    // Unreachable beats failed beats passed.
    assert_eq!(out.status.code(), Some(2), "{board}{}", stderr(&out));
    let lines: Vec<&str> = board.lines().collect();
    // A header, a row per student once (not a terminal), the tally.
    assert!(lines[0].starts_with("grading 30 students"), "{board}");
    assert_eq!(
        lines.last(),
        Some(&"15 passed, 14 failed, 1 could not be graded"),
        "{board}"
    );
    assert!(
        lines.iter().all(|l| sticky::boundary::columns(l) <= 80),
        "{board}"
    );

    let all = records(&json);
    assert_eq!(all.len(), 30, "{all:?}");
    for (name, want) in &expect {
        let r = all
            .get(name)
            .unwrap_or_else(|| panic!("no record for {name}"));
        assert_eq!(r["demo"], 5);
        assert!(r["seconds"].as_f64().is_some(), "{r}");
        // A row starts with the name, cut to 18 columns when longer.
        let key = if sticky::boundary::columns(name) <= 18 {
            format!("{name} ")
        } else {
            name.chars().take(8).collect()
        };
        let rows: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&key)).collect();
        assert_eq!(rows.len(), 1, "{name}:\n{board}");
        let row = rows[0];
        match want {
            Expect::Pass => {
                assert_eq!(r["passed"], true, "{name}: {r}");
                let cases = r["cases"].as_array().unwrap();
                assert!(cases.iter().all(|c| c["result"] == "pass"), "{name}: {r}");
                assert!(row.contains("PASS"), "{row}");
            }
            Expect::Fails(case) => {
                assert_eq!(r["passed"], false, "{name}: {r}");
                assert_eq!(result(r, case), "fail", "{name}: {r}");
                assert!(row.contains("FAIL"), "{row}");
            }
            Expect::NotPassed => {
                assert_eq!(r["passed"], false, "{name}: {r}");
                assert!(r.get("error").is_none(), "{name}: {r}");
                assert!(row.contains("FAIL"), "{row}");
            }
            Expect::Unreached => {
                assert_eq!(r["passed"], false, "{name}: {r}");
                assert!(r["error"].as_str().unwrap().contains("refused"), "{r}");
                assert_eq!(r["cases"].as_array().unwrap().len(), 0);
                assert!(row.contains("not graded"), "{row}");
            }
        }
    }
}

#[test]
fn a_student_whose_time_runs_out_is_stopped_and_not_passed() {
    // A wait would last --timeout (5 s); the student's time (1 s) ends first.
    let silent = ThreadStudent::start(Kind::Silent);
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.txt");
    std::fs::write(&roster, format!("slow {}\n", silent.addr)).unwrap();
    let json = dir.path().join("r.jsonl");
    let out = run(&[
        "check",
        "5",
        "--class",
        roster.to_str().unwrap(),
        "--per-student",
        "1",
        "--timeout",
        "5",
        "--json",
        json.to_str().unwrap(),
        "--color",
        "never",
    ]);
    let board = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{board}{}", stderr(&out));
    assert_eq!(board.lines().last(), Some("0 passed, 1 failed"), "{board}");
    let r = &records(&json)["slow"];
    assert_eq!(r["passed"], false);
    let cases = r["cases"].as_array().unwrap();
    assert_eq!(cases[0]["result"], "fail", "{r}");
    assert!(
        cases[0]["got"].as_str().unwrap().contains("time ran out"),
        "{r}"
    );
    assert!(cases[1..].iter().all(|c| c["result"] == "skip"), "{r}");
    assert!(
        cases[1]["hint"].as_str().unwrap().contains("--per-student"),
        "{r}"
    );
}
