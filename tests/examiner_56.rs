//! The examiner judged on student programs written apart from it, in
//! several languages and styles (tests/students/): correct servers and
//! receivers must pass every case, each buggy one must fail the case made
//! for its bug class with a hint that names it, three runs each, and
//! clients are graded by `check 5 --serve`'s report cards. A program in a
//! language whose interpreter is missing is skipped, and the skip is said
//! on stderr.
//!
//! Every program ends when its stdin closes (Python runs under a watchdog
//! that reads stdin; the Node.js and Java programs read it themselves), so
//! nothing outlives a test, even one that fails half-way.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::thread::JoinHandle;

use common::{stdout, sticky};

const RUNS: usize = 3;

fn students() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/students")
}

/// The command that runs `file`, or `None` (said on stderr) when its
/// interpreter is not installed.
fn interpreter(file: &Path) -> Option<Command> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let (program, args): (&str, Vec<String>) = match ext {
        "py" => (
            "python3",
            vec![
                "-c".into(),
                "import runpy, sys, os, threading\n\
                 threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n\
                 sys.argv = sys.argv[1:]\n\
                 runpy.run_path(sys.argv[0], run_name='__main__')\n"
                    .into(),
            ],
        ),
        "js" => ("node", Vec::new()),
        "java" => ("java", Vec::new()),
        _ => panic!("no interpreter for {}", file.display()),
    };
    let present = Command::new(program)
        .arg(if program == "java" {
            "-version"
        } else {
            "--version"
        })
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !present {
        eprintln!(
            "skipped {}: {program} is not installed",
            file.file_name().unwrap().to_string_lossy()
        );
        return None;
    }
    let mut cmd = Command::new(program);
    cmd.args(args).arg(file);
    Some(cmd)
}

/// A student's program in a child process; dropping it closes its stdin,
/// which ends it, and kills it should that not be enough.
struct Program {
    child: Child,
    stdin: Option<ChildStdin>,
    addr: SocketAddr,
    out: Option<JoinHandle<String>>,
}

impl Program {
    /// Starts a server: `FILE 127.0.0.1 0 ARGS`, then waits for its
    /// "listening on ADDR" line.
    fn server(file: &Path, args: &[&str]) -> Option<Program> {
        let mut cmd = interpreter(file)?;
        cmd.args(["127.0.0.1", "0"]).args(args);
        Some(Program::start(cmd))
    }

    fn start(mut cmd: Command) -> Program {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the program starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        lines.read_line(&mut banner).unwrap();
        let addr = banner
            .split_whitespace()
            .find_map(|w| w.trim_end_matches([',', ';']).parse::<SocketAddr>().ok())
            .unwrap_or_else(|| panic!("no address in the banner {banner:?}"));
        let out = std::thread::spawn(move || {
            let mut rest = banner;
            let _ = lines.read_to_string(&mut rest);
            rest
        });
        Program {
            stdin: child.stdin.take(),
            child,
            addr,
            out: Some(out),
        }
    }

    fn check(&self, args: &[&str]) -> Output {
        sticky()
            .arg("check")
            .args(args)
            .args(["--to", &self.addr.to_string(), "--color", "never"])
            .output()
            .unwrap()
    }

    /// Waits for a program that stops by itself, and returns its output.
    /// Waits for the program to end by itself. A bound, not a clock to
    /// race: it ends in well under a second when the test is right, and a
    /// client that died before connecting would leave `check --serve`
    /// waiting for it forever, so after two minutes it is killed and the
    /// test fails saying so.
    fn finish(mut self) -> (bool, String) {
        let (done, waited) = std::sync::mpsc::channel::<()>();
        let pid = self.child.id().to_string();
        let watchdog = std::thread::spawn(move || {
            let late = waited
                .recv_timeout(std::time::Duration::from_secs(120))
                .is_err();
            if late {
                let _ = Command::new("kill").args(["-9", &pid]).status();
            }
            late
        });
        let status = self.child.wait().unwrap();
        let _ = done.send(());
        let killed = watchdog.join().unwrap();
        let out = self.out.take().unwrap().join().unwrap();
        assert!(
            !killed,
            "the program did not end by itself; it printed:\n{out}"
        );
        (status.success(), out)
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of the card entry for `case`.
fn entry(card: &str, case: &str) -> String {
    let mut lines = card.lines().skip_while(|l| {
        !(l.len() > 6 && l[6..].starts_with(case) && l[6 + case.len()..].starts_with(' '))
    });
    let Some(first) = lines.next() else {
        panic!("no entry for {case} in\n{card}")
    };
    let mut found = vec![first];
    found.extend(lines.take_while(|l| l.starts_with("      ")));
    found.join("\n")
}

/// Runs `each` on every item at once, each on its own thread, and
/// gathers the failures into one panic.
fn all_at_once<T: Sync>(items: &[T], each: impl Fn(&T) -> Result<(), String> + Sync) {
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = items.iter().map(|item| s.spawn(|| each(item))).collect();
        handles
            .into_iter()
            .filter_map(|h| match h.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e),
                Err(_) => Some("a thread panicked".into()),
            })
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A buggy program, the case its bug fails, and words the hint must hold.
struct Bug {
    file: &'static str,
    case: &'static str,
    hint: &'static str,
}

/// Every case passed, and the exit status says so.
fn passes(name: &str, out: &Output, cases: usize) -> Result<(), String> {
    let card = stdout(out);
    let last = card.lines().last().unwrap_or("");
    if out.status.code() == Some(0) && last == format!("{cases} passed, 0 failed") {
        Ok(())
    } else {
        Err(format!("{name}: a false fail\n{card}"))
    }
}

/// The run failed, on `bug.case`, with a hint that names the fault.
fn fails(bug: &Bug, out: &Output) -> Result<(), String> {
    let card = stdout(out);
    let e = entry(&card, bug.case);
    if out.status.code() != Some(1) || !e.starts_with("FAIL") {
        return Err(format!(
            "{}: a false pass of {}\n{card}",
            bug.file, bug.case
        ));
    }
    if !e.contains(bug.hint) {
        return Err(format!(
            "{}: the hint for {} does not say {:?}\n{card}",
            bug.file, bug.case, bug.hint
        ));
    }
    Ok(())
}

// ---- demo 5: length-prefix echo servers ----

const LP_CASES: usize = 12;

#[test]
fn correct_length_prefix_servers_pass_three_times() {
    let files = [
        "good_threads.py",
        "good_asyncio.py",
        "good_selectors.py",
        "good_socketserver.py",
        "good_node.js",
        "GoodJava.java",
    ];
    all_at_once(&files, |file| {
        let Some(server) = Program::server(&students().join("lp").join(file), &[]) else {
            return Ok(());
        };
        // A patient --timeout: six servers echo 8 MiB at once on a machine
        // that may be busy, and a right server never makes the grader wait
        // it out, so it costs nothing when all is well.
        (0..RUNS).try_for_each(|_| passes(file, &server.check(&["5", "--timeout", "30"]), LP_CASES))
    });
}

#[test]
fn buggy_length_prefix_servers_fail_with_the_right_hint_three_times() {
    let bugs = [
        Bug {
            file: "counts_header.py",
            case: "byte-order",
            hint: "the echo's length counts its own 4 bytes (9 for a 5-byte payload)",
        },
        Bug {
            file: "one_frame.py",
            case: "glued",
            hint: "the server closed after one frame",
        },
        Bug {
            file: "one_frame.py",
            case: "cut-bytes",
            hint: "the server closed after one frame",
        },
        Bug {
            file: "at_eof.py",
            case: "interactive",
            hint: "does the server wait for recv() to return b'' before answering?",
        },
        Bug {
            file: "one_at_a_time.py",
            case: "two-clients",
            hint: "is each connection served on its own thread",
        },
        Bug {
            file: "recv_once_asyncio.py",
            case: "glued",
            hint: "20 frames came back as one: is each recv() treated as one message?",
        },
        Bug {
            file: "recv4_socketserver.py",
            case: "cut-bytes",
            hint: "is the 4-byte header read with one recv(4)?",
        },
        Bug {
            file: "little_node.js",
            case: "byte-order",
            hint: "the server reads and writes lengths as '<I'",
        },
    ];
    all_at_once(&bugs, |bug| {
        let Some(server) = Program::server(&students().join("lp").join(bug.file), &[]) else {
            return Ok(());
        };
        (0..RUNS).try_for_each(|_| fails(bug, &server.check(&["5", "--timeout", "1"])))
    });
}

#[test]
fn a_length_that_counts_its_header_shows_both_byte_orders() {
    let Some(server) = Program::server(&students().join("lp/counts_header.py"), &[]) else {
        return;
    };
    let out = server.check(&["5", "--case", "byte-order"]);
    let card = stdout(&out);
    assert!(
        entry(&card, "byte-order").contains(
            r#"got   echo 1 began "\x00\x00\x00\thello" (a length of 9 in '!I', 150994944 in '<I')"#
        ),
        "{card}"
    );
}

// ---- demo 6: file receivers, with and without --dir ----

const FILE_CASES: usize = 17;

/// A receiver writing into a fresh folder inside a fresh parent (where a
/// name that climbs out lands).
struct Receiver {
    program: Program,
    _parent: tempfile::TempDir,
    dir: PathBuf,
}

impl Receiver {
    fn start(file: &str) -> Option<Receiver> {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("received");
        std::fs::create_dir(&dir).unwrap();
        let program = Program::server(
            &students().join("files").join(file),
            &[dir.to_str().unwrap()],
        )?;
        Some(Receiver {
            program,
            _parent: parent,
            dir,
        })
    }

    /// Run `run` of three: the first and last without --dir (from another
    /// machine, as far as the grader knows), the middle one with it.
    fn check(&self, run: usize, with_dir: bool, args: &[&str]) -> Output {
        let mut all = vec!["6"];
        all.extend_from_slice(args);
        let dir = self.dir.to_str().unwrap();
        if with_dir || run == 1 {
            all.extend(["--dir", dir]);
        }
        self.program.check(&all)
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        // Without --dir, an absolute name goes to /tmp: a receiver that
        // trusts it leaves its file there.
        if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with("check-") && n.ends_with("-absolute.txt") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

#[test]
fn correct_file_receivers_pass_with_and_without_dir() {
    let files = ["good_threads.py", "good_asyncio.py", "good_node.js"];
    all_at_once(&files, |file| {
        let Some(r) = Receiver::start(file) else {
            return Ok(());
        };
        (0..RUNS).try_for_each(|run| {
            passes(file, &r.check(run, false, &["--timeout", "30"]), FILE_CASES)
        })
    });
}

#[test]
fn buggy_file_receivers_fail_with_the_right_hint_three_times() {
    let bugs = [
        Bug {
            file: "no_digest.py",
            case: "bad-digest",
            hint: "a body that does not match its sha256 was answered \"saved\"",
        },
        Bug {
            file: "overread.py",
            case: "trailing",
            hint: "read recv(min(8192, left)), never past filesize",
        },
        Bug {
            file: "decode_each.py",
            case: "utf8-name",
            hint: "is each recv() decoded on its own?",
        },
        Bug {
            file: "replace_dots.py",
            case: "dots-name",
            hint: "removing '../' once leaves '../' behind",
        },
        Bug {
            file: "overwrite.py",
            case: "exists",
            hint: "a file of the same name was replaced",
        },
        Bug {
            file: "one_at_a_time.py",
            case: "two-senders",
            hint: "is each connection served on its own thread",
        },
        Bug {
            file: "no_verdict.py",
            case: "upload",
            hint: "no verdict came back",
        },
    ];
    all_at_once(&bugs, |bug| {
        let Some(r) = Receiver::start(bug.file) else {
            return Ok(());
        };
        (0..RUNS).try_for_each(|run| fails(bug, &r.check(run, false, &["--timeout", "1"])))
    });
}

#[test]
fn a_receiver_that_leaves_a_cut_upload_behind_fails_only_with_dir() {
    let bug = Bug {
        file: "keeps_partial.py",
        case: "short-body",
        hint: "a body cut short left a file behind",
    };
    let Some(r) = Receiver::start(bug.file) else {
        return;
    };
    // From another machine the grader sees only the verdicts, and they are right.
    passes(bug.file, &r.check(0, false, &[]), FILE_CASES).unwrap();
    for run in 0..RUNS {
        fails(&bug, &r.check(run, true, &[])).unwrap();
    }
}

#[test]
fn a_name_that_climbs_out_is_found_where_it_landed() {
    let Some(r) = Receiver::start("replace_dots.py") else {
        return;
    };
    let out = r.check(1, true, &["--case", "dots-name"]);
    let card = stdout(&out);
    let e = entry(&card, "dots-name");
    assert!(
        e.contains("got   a file appeared outside --dir: "),
        "{card}"
    );
    let parent = r.dir.parent().unwrap();
    let outside: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-dots.txt"))
        .collect();
    assert_eq!(outside.len(), 1, "{card}");
    assert!(e.contains(&outside[0]), "{card}");
}

// ---- check 5 --serve: clients ----

/// `sticky check 5 --serve` for `clients` connections, each client program
/// run in turn, `extra` flags added; returns the server's log and the JSON
/// lines it wrote.
fn serve(
    clients: &[&str],
    extra: &[&str],
    at_once: bool,
) -> Option<(bool, String, Vec<serde_json::Value>)> {
    let commands: Vec<Command> = clients
        .iter()
        .map(|c| interpreter(&students().join("clients").join(c)))
        .collect::<Option<_>>()?;
    let scratch = tempfile::tempdir().unwrap();
    let json = scratch.path().join("cards.jsonl");
    let mut cmd = sticky();
    cmd.args([
        "check",
        "5",
        "--serve",
        "--bind",
        "127.0.0.1:0",
        "--color",
        "never",
    ])
    .args(["--clients", &clients.len().to_string()])
    .args(["--json", json.to_str().unwrap()])
    .args(extra);
    let server = Program::start(cmd);
    let port = server.addr.port().to_string();
    let mut running = Vec::new();
    for mut client in commands {
        client
            .args(["127.0.0.1", &port])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = client.spawn().expect("the client starts");
        if at_once {
            running.push(child);
        } else {
            // Connections take the cases in turn: one client at a time.
            // Held open while it runs: wait() would close it first, and
            // the watchdog takes a closed stdin for "stop now".
            let stdin = child.stdin.take();
            let _ = child.wait();
            drop(stdin);
        }
    }
    // The server stops by itself after the last card; a client still
    // running then (one that spins) ends when its stdin closes.
    let (ok, log) = server.finish();
    for mut child in running {
        drop(child.stdin.take());
        let _ = child.kill();
        let _ = child.wait();
    }
    let lines = std::fs::read_to_string(&json)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    Some((ok, log, lines))
}

/// The result of `case` in a JSON card.
fn result<'a>(card: &'a serde_json::Value, case: &str) -> (&'a str, &'a str) {
    let c = card["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["case"] == case)
        .unwrap_or_else(|| panic!("no {case} in {card}"));
    (c["result"].as_str().unwrap(), c["hint"].as_str().unwrap())
}

#[test]
fn correct_clients_pass_every_way_three_times() {
    // Four ways in turn, three rounds: twelve connections. The last way
    // closes mid-echo, which a correct client answers by stopping.
    for file in ["good_threads.py", "good_node.js"] {
        let Some((ok, log, cards)) = serve(&[file; 12], &[], false) else {
            continue;
        };
        assert!(ok, "{file}: exit status\n{log}");
        assert_eq!(cards.len(), 12, "{log}");
        for card in &cards {
            assert_eq!(card["passed"], true, "{file}: {card}\n{log}");
            assert_eq!(card["demo"], 5);
            assert!(card["student"].as_str().unwrap().starts_with("127.0.0.1:"));
        }
        assert!(
            log.contains("PASS  closed-mid-echo the client stopped"),
            "{log}"
        );
    }
}

#[test]
fn one_recv_per_reply_fails_the_cut_ways() {
    let Some((ok, log, cards)) = serve(&["one_recv.py"; 9], &["--timeout", "1"], false) else {
        return;
    };
    assert!(!ok, "a failing client makes the exit status 1\n{log}");
    for card in &cards {
        let way = card["cases"][1]["case"].as_str().unwrap();
        if way == "closed-mid-echo" {
            continue;
        }
        let (mark, hint) = result(card, way);
        assert_eq!(mark, "fail", "{card}\n{log}");
        assert!(
            hint.contains("is one recv() taken for one reply?"),
            "{card}"
        );
    }
    assert!(log.contains("FAIL  cut"), "{log}");
}

#[test]
fn a_client_that_spins_on_a_close_fails_closed_mid_echo() {
    let Some((_, log, cards)) = serve(
        &["spins.py"; 3],
        &["--case", "closed-mid-echo", "--timeout", "1"],
        true,
    ) else {
        return;
    };
    assert_eq!(cards.len(), 3, "{log}");
    for card in &cards {
        let (mark, hint) = result(card, "closed-mid-echo");
        assert_eq!(mark, "fail", "{card}\n{log}");
        assert!(
            hint.contains("does it loop on recv() returning b''?"),
            "{card}"
        );
    }
}

#[test]
fn a_little_endian_client_is_told_its_byte_order() {
    let Some((_, log, cards)) = serve(&["little.py"; 3], &["--timeout", "1"], false) else {
        return;
    };
    for card in &cards {
        let (mark, hint) = result(card, "frames");
        assert_eq!(mark, "fail", "{card}\n{log}");
        assert!(
            hint.starts_with("read in '<I' it is 5: the client packs lengths as '<I'"),
            "{card}"
        );
        assert_eq!(card["cases"][1]["result"], "skip");
    }
}
