//! `sticky check 1`, `4` and `7` against students' servers written for
//! these tests alone (tests/students/, not the labs' own code): right ones
//! in Python (threads, asyncio, socketserver, selectors), Node.js and Java,
//! and buggy ones with one classic bug each. Every right one passes, every
//! buggy one fails the case made for its bug with a hint that names the
//! bug, and that on each of three runs: a pass is not luck, nor a failure.
//!
//! Why each bug fails every time, not only on an unlucky run:
//! - one client at a time: the second client's bytes wait in the backlog
//!   until the first hangs up, however long the grader waits;
//! - echoing only once the client has closed: nothing can come back while
//!   the client waits with its connection open;
//! - `send()` on a socket with a timeout: the slow reader asks for small
//!   segments and a small window, from a loopback address the kernel has
//!   no memory of, so the server's send buffer starts small (about 64 KiB)
//!   and full, and a 64 KiB `send()` cannot fit. Measured on this 2-core
//!   machine, with two CPU burners and three gradings at once: it lost bytes
//!   on every run. From 127.0.0.1 itself, after a day of tests, the kernel
//!   started the server at 857 KiB and no run lost a byte;
//! - `recv(size)` where `recv(size - len(got))` is needed: 20 records in
//!   pieces of up to one and a half records, 15 ms apart, so the server is
//!   back in recv() with part of a record when a piece holding the next
//!   record's start arrives;
//! - echoing each `recv()`: half a record is held back for half a second,
//!   and its echo comes in microseconds;
//! - the line-server bugs are in what the answers hold, whatever the timing.
//!
//! Programs stop by themselves when their standard input closes (Python
//! ones under a watchdog, Node.js and Java ones by their own). A missing
//! `node` or `java` skips that language's students, saying so on stderr.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use common::{stderr, stdout, sticky};

/// Runs of the grader per student.
const RUNS: usize = 3;
/// Students graded at once, per test.
const AT_ONCE: usize = 4;
/// The grader's --timeout: only buggy servers make it wait this long.
const TIMEOUT: &str = "2";

/// What a student's program should get.
enum Expect {
    /// Every case passes.
    Pass,
    /// `case` fails, with a hint containing `hint`; no hint on the card
    /// contains `never`.
    Fail {
        case: &'static str,
        hint: &'static str,
        never: Option<&'static str>,
    },
}

struct Student {
    /// tests/students/DIR/FILE
    file: &'static str,
    /// Arguments after HOST PORT.
    args: &'static [&'static str],
    /// Arguments of `sticky check N` after the demo.
    check: &'static [&'static str],
    expect: Expect,
}

const fn right(file: &'static str) -> Student {
    Student {
        file,
        args: &[],
        check: &[],
        expect: Expect::Pass,
    }
}

const fn buggy(file: &'static str, case: &'static str, hint: &'static str) -> Student {
    Student {
        file,
        args: &[],
        check: &[],
        expect: Expect::Fail {
            case,
            hint,
            never: None,
        },
    }
}

const ONE_AT_A_TIME: &str = "the second client was answered only after the first one hung up: \
                             does the server serve one client at a time?";
const UNTIL_CLOSE: &str = "the answer came only after the client closed its side: \
                           does the server read until recv() returns b'' before it answers?";

#[test]
fn echo_students_are_graded_right() {
    grade(
        "1",
        "echo",
        &[
            right("threads.py"),
            right("asyncio_echo.py"),
            right("socketserver_echo.py"),
            right("selectors_echo.py"),
            right("echo.js"),
            right("Echo.java"),
            buggy("bug_one_at_a_time.py", "two-clients", ONE_AT_A_TIME),
            buggy("bug_until_close.py", "interactive", UNTIL_CLOSE),
            buggy(
                "bug_send_timeout.py",
                "slow-reader",
                "never came back, and the echo went on after them: does the server use send(), \
                 which may send only part when the client reads slowly, where sendall() is needed?",
            ),
            Student {
                // It answers one recv(), then hangs up: not a send() bug.
                expect: Expect::Fail {
                    case: "one-mib",
                    hint: "with more still coming: does it answer only its first recv()?",
                    never: Some("where sendall() is needed"),
                },
                ..right("bug_recv_once.py")
            },
            // Beyond the classic list: an echo that decodes what it reads.
            buggy(
                "bug_text.py",
                "one-mib",
                "the server closed the connection without sending a byte back: \
                 did its handler fail on the first recv()",
            ),
        ],
    );
}

#[test]
fn fixed_length_students_are_graded_right() {
    grade(
        "4",
        "fixed",
        &[
            right("threads.py"),
            Student {
                args: &["7"],
                check: &["--size", "7"],
                ..right("threads.py")
            },
            right("asyncio_fixed.py"),
            right("socketserver_fixed.py"),
            right("selectors_fixed.py"),
            right("fixed.js"),
            right("Fixed.java"),
            buggy(
                "bug_recv_size.py",
                "seeded-cuts",
                "never came back: were they read into the record before it by recv(size), \
                 where recv(size - len(got)) is needed, and thrown away?",
            ),
            buggy(
                "bug_echo_each_recv.py",
                "half-record",
                "part of a record came back before the record was whole: \
                 does the server echo each recv() as it comes?",
            ),
            buggy("bug_one_at_a_time.py", "two-clients", ONE_AT_A_TIME),
            buggy("bug_until_close.py", "interactive", UNTIL_CLOSE),
            buggy(
                "bug_strips_padding.py",
                "glued",
                "record 1 came back without its padding: does the server strip the zero bytes",
            ),
        ],
    );
}

#[test]
fn line_students_are_graded_right() {
    grade(
        "7",
        "lines",
        &[
            right("threads.py"),
            right("asyncio_lines.py"),
            right("socketserver_lines.py"),
            right("selectors_lines.py"),
            right("lines.js"),
            right("Lines.java"),
            buggy(
                "bug_error_keeps_reading.py",
                "over-max",
                "the server answered \"error\" but kept the connection open",
            ),
            buggy(
                "bug_splitlines.py",
                "line-chars",
                "the line was cut at \\r, which does not end a line here: \
                 does the server split lines with something that also ends them there (str.splitlines()",
            ),
            buggy("bug_one_at_a_time.py", "two-clients", ONE_AT_A_TIME),
            buggy(
                "bug_drops_tail.py",
                "seeded-cuts",
                "does the server throw away what follows the last newline of a recv(), \
                 instead of keeping it for the next?",
            ),
            buggy(
                "bug_skips_empty.py",
                "empty-line",
                "the empty line got no answer: does the server skip empty lines?",
            ),
            buggy("bug_until_close.py", "interactive", UNTIL_CLOSE),
        ],
    );
}

#[test]
fn a_seed_replays_the_same_cuts() {
    let dir = students_dir().join("fixed");
    let program = Program::start(&dir, &right("threads.py"));
    let pieces = |seed: &str| {
        let out = program.check("4", &["--case", "seeded-cuts", "--seed", seed]);
        let card = stdout(&out);
        assert!(out.status.success(), "{card}");
        assert!(
            card.lines()
                .next()
                .unwrap()
                .ends_with(&format!("--seed {seed}")),
            "{card}"
        );
        // "20 records in N seeded pieces came back as sent"
        let line = entry(&card, "seeded-cuts").unwrap()[0].to_string();
        line.split(" in ").nth(1).unwrap().to_string()
    };
    assert_eq!(pieces("7"), pieces("7"));
    let differ = ["8", "9", "10"].iter().any(|s| pieces(s) != pieces("7"));
    assert!(
        differ,
        "three other seeds cut the same number of pieces as 7"
    );
}

/// Grades every student of `dir` with `sticky check DEMO`, RUNS times each,
/// AT_ONCE students at a time, and fails with every wrong grade at once.
fn grade(demo: &str, dir: &str, students: &[Student]) {
    let have_node = runs("node", "--version");
    let have_java = runs("java", "-version");
    let next = AtomicUsize::new(0);
    let wrong = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..AT_ONCE {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(student) = students.get(i) else {
                    break;
                };
                let name = format!("{dir}/{}", student.file);
                let missing = match Path::new(student.file).extension() {
                    Some(x) if x == "js" && !have_node => Some("node"),
                    Some(x) if x == "java" && !have_java => Some("java"),
                    _ => None,
                };
                if let Some(tool) = missing {
                    eprintln!("skipping {name}: {tool} is not installed");
                    continue;
                }
                let program = Program::start(&students_dir().join(dir), student);
                for run in 1..=RUNS {
                    let out = program.check(demo, student.check);
                    if let Err(why) = assess(&out, &student.expect) {
                        wrong.lock().unwrap().push(format!(
                            "{name}, run {run}: {why}\n{}{}",
                            stdout(&out),
                            stderr(&out)
                        ));
                    }
                }
            });
        }
    });
    let wrong = wrong.into_inner().unwrap();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Whether a card is the grade `expect` asks for; why not, if not.
fn assess(out: &Output, expect: &Expect) -> Result<(), String> {
    let card = stdout(out);
    match expect {
        Expect::Pass => {
            let last = card.lines().last().unwrap_or("");
            if out.status.code() != Some(0) || card.contains("FAIL") || !last.ends_with(" 0 failed")
            {
                return Err("a false FAIL".into());
            }
        }
        Expect::Fail { case, hint, never } => {
            if out.status.code() != Some(1) {
                return Err(format!("exit status {:?}, not 1", out.status.code()));
            }
            let entry = entry(&card, case).ok_or(format!("no entry for {case}"))?;
            if !entry[0].starts_with("FAIL") {
                return Err(format!("a false PASS of {case}"));
            }
            let said = entry
                .iter()
                .find_map(|l| l.trim_start().strip_prefix("hint  "))
                .unwrap_or("");
            if !said.contains(hint) {
                return Err(format!("the hint of {case} does not contain {hint:?}"));
            }
            if let Some(never) = never {
                let hints = card
                    .lines()
                    .filter(|l| l.trim_start().starts_with("hint  "));
                if let Some(h) = hints.into_iter().find(|h| h.contains(never)) {
                    return Err(format!("a hint names the wrong bug: {h}"));
                }
            }
        }
    }
    Ok(())
}

/// The report card's entry for `case`: its first line and the lines under it.
fn entry<'a>(card: &'a str, case: &str) -> Option<Vec<&'a str>> {
    let mut lines = card.lines().skip_while(|l| {
        !(l.len() > 6 && l[6..].starts_with(case) && l[6 + case.len()..].starts_with(' '))
    });
    let first = lines.next()?;
    let mut found = vec![first];
    found.extend(lines.take_while(|l| l.starts_with("      ")));
    Some(found)
}

fn students_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/students")
}

/// Whether `tool ARG` runs at all.
fn runs(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A student's server in a child process, on a free loopback port.
struct Program {
    child: Child,
    addr: SocketAddr,
}

impl Program {
    fn start(dir: &Path, student: &Student) -> Program {
        let path = dir.join(student.file);
        let mut cmd = match path.extension().and_then(|x| x.to_str()) {
            Some("py") => {
                // Ends the program when the test's end of stdin closes.
                let watchdog = "import runpy, sys, os, threading\n\
                    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n\
                    sys.argv = sys.argv[1:]\n\
                    runpy.run_path(sys.argv[0], run_name='__main__')\n";
                let mut c = Command::new("python3");
                c.arg("-c").arg(watchdog).arg(&path);
                c
            }
            Some("js") => {
                let mut c = Command::new("node");
                c.arg(&path);
                c
            }
            _ => {
                // Java 11 and later run a single source file as it is.
                let mut c = Command::new("java");
                c.arg(&path);
                c
            }
        };
        let mut child = cmd
            .args(["127.0.0.1", "0"])
            .args(student.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the student's program starts");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        out.read_line(&mut banner).unwrap();
        let addr = banner
            .split_whitespace()
            .find_map(|w| w.parse::<SocketAddr>().ok())
            .unwrap_or_else(|| panic!("{}: no address in {banner:?}", path.display()));
        // Drained, so a chatty program never blocks on a full pipe.
        std::thread::spawn(move || {
            let _ = out.read_to_end(&mut Vec::new());
        });
        Program { child, addr }
    }

    /// `sticky check DEMO ARGS --to ADDR --timeout TIMEOUT --color never`.
    fn check(&self, demo: &str, args: &[&str]) -> Output {
        sticky()
            .args(["check", demo])
            .args(args)
            .args(["--to", &self.addr.to_string(), "--timeout", TIMEOUT])
            .args(["--color", "never"])
            .output()
            .unwrap()
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        // Closing stdin ends it; the kill is for one that does not listen.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
