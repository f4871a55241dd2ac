//! `sticky check N --class ROSTER`: a whole class graded from the teacher's
//! machine, the same cases as `--to`, one run per student.
//!
//! ```text
//! # roster.txt: one student per line, NAME HOST:PORT; a name may hold spaces
//! alice      10.0.0.11:7878
//! Li Lei     10.0.0.12:7878
//! ```
//!
//! Students are checked [`JOBS`] at a time (`--jobs`), each on its own
//! thread. One student's server cannot hold up the others: every wait ends
//! when nothing moves for `--timeout`, a trickle ends at the slowest rate the
//! grader allows, and all of one student's cases together end after
//! `--per-student` seconds, the rest of them reported SKIP.
//!
//! The projector shows one row per student, 80 columns at most: on a
//! terminal the board is redrawn in place as results arrive; into a pipe or
//! a file each row is printed once, when its student is done. Then a tally.
//! `--json FILE` gets one line per student, in the order they finish.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use colored::Colorize;
use sticky::net::resolve;
use unicode_width::UnicodeWidthChar;

use super::report::{CaseResult, Outcome, Record, Results};
use super::{cases, create_json, run_cases, token, wire, Plan, WORDS};
use crate::app::screen;
use crate::tr;

/// Students checked at once by default: enough to grade 30 in a few waves,
/// few enough that a 2-core laptop keeps every deadline.
pub const JOBS: usize = 8;

/// The default bound on one student's cases, in seconds: a correct server
/// finishes in well under a minute even behind a slow link.
pub const PER_STUDENT: u64 = 120;

/// The widest a row of the board may be, whatever the terminal.
const ROW: usize = 80;

/// Columns for a student's name on the board.
const NAME: usize = 18;

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Student {
    pub name: String,
    /// HOST:PORT, as written.
    pub to: String,
}

/// Reads the roster: one student per line, `NAME HOST:PORT`, the address
/// last, so a name may hold spaces. Blank lines and `#` comments are
/// skipped. A line that is not a student is an error naming its number.
pub fn parse_roster(text: &str) -> Result<Vec<Student>, String> {
    let mut students: Vec<Student> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((to, name)) = words.split_last().filter(|(_, name)| !name.is_empty()) else {
            return Err(tr!(
                WORDS,
                "roster-one-word",
                number = number,
                line = format!("{line:?}")
            ));
        };
        let name = name.join(" ");
        let port_ok = to
            .rsplit_once(':')
            .filter(|(host, _)| !host.is_empty())
            .and_then(|(_, port)| port.parse::<u16>().ok())
            .is_some_and(|port| port != 0);
        if !port_ok {
            return Err(tr!(
                WORDS,
                "roster-not-host-port",
                number = number,
                to = format!("{to:?}")
            ));
        }
        if let Some(first) = seen.insert(name.clone(), number) {
            return Err(tr!(
                WORDS,
                "roster-twice",
                number = number,
                name = format!("{name:?}"),
                first = first
            ));
        }
        students.push(Student {
            name,
            to: to.to_string(),
        });
    }
    if students.is_empty() {
        return Err(tr!(WORDS, "roster-empty"));
    }
    Ok(students)
}

/// What the board knows of one student.
enum State {
    Waiting,
    Running {
        current: &'static str,
        done: Vec<CaseResult>,
    },
    Done(Results),
}

/// What a worker tells the board.
enum Event {
    /// A case has ended.
    Case(usize, CaseResult),
    /// A case is starting.
    Next(usize, &'static str),
    /// The student's run has ended.
    Done(usize, Results),
}

/// Grades every student of the roster; prints the board and the tally.
/// Returns the exit status: 0 all graded and passed, 1 all graded and one
/// or more not passed, 2 one or more not graded at all (or a bad roster).
pub fn run(plan: &Plan) -> i32 {
    let Some((roster, jobs, per_student)) = plan.class.clone() else {
        return 2;
    };
    let text = match std::fs::read_to_string(&roster) {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(
                    WORDS,
                    "roster-cannot-read",
                    roster = roster.display(),
                    why = e
                )
            );
            return 2;
        }
    };
    let students = match parse_roster(&text) {
        Ok(students) => students,
        Err(msg) => {
            eprintln!(
                "{}",
                tr!(WORDS, "roster-error", roster = roster.display(), msg = msg)
            );
            return 2;
        }
    };
    let mut json = match plan.json.as_deref().map(create_json).transpose() {
        Ok(json) => json,
        Err(msg) => {
            eprintln!("{}", tr!(WORDS, "error", msg = msg));
            return 2;
        }
    };
    let total = cases(plan.demo)
        .iter()
        .filter(|c| plan.case.as_deref().is_none_or(|n| n == c.name))
        .count();
    let header = tr!(
        WORDS,
        "board-header",
        students = students.len(),
        roster = roster.display(),
        demo = format!("{:02}", plan.demo),
        jobs = jobs.min(students.len()),
        seed = plan.seed,
        wait = wire::seconds(plan.timeout),
        per_student = wire::seconds(per_student),
    );
    println!("{}", screen::wrapped_under(&header, Some(ROW), 2).dimmed());
    let mut board = Board::new(&students, total);
    let (tx, rx) = mpsc::channel();
    let next = AtomicUsize::new(0);
    let mut json_error = None;
    thread::scope(|s| {
        for _ in 0..jobs.min(students.len()) {
            let tx = tx.clone();
            let (next, students) = (&next, &students);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(student) = students.get(i) else {
                    break;
                };
                let results = grade_one(plan, student, i, per_student, &tx);
                if tx.send(Event::Done(i, results)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        board.draw();
        for event in rx {
            if let Event::Done(i, results) = &event {
                if let Some(file) = json.as_mut() {
                    let student = &students[*i];
                    let record =
                        Record::new(&student.name, &student.to, plan.demo, plan.seed, results);
                    if let Err(e) = record.write_line(file) {
                        json_error.get_or_insert(e);
                    }
                }
            }
            board.update(event);
        }
    });
    board.finish();
    if let Some(e) = json_error {
        eprintln!("{}", tr!(WORDS, "json-cannot-write", why = e));
        return 2;
    }
    board.status()
}

/// One student's run, the same as `--to` with their address, within their
/// time. Each case's result goes to the board as it comes.
fn grade_one(
    plan: &Plan,
    student: &Student,
    index: usize,
    per_student: Duration,
    tx: &mpsc::Sender<Event>,
) -> Results {
    let started = Instant::now();
    let addr = match resolve(&student.to) {
        Ok(addr) => addr,
        Err(e) => {
            return Results {
                error: Some(e.to_string()),
                seconds: started.elapsed().as_secs_f64(),
                ..Results::default()
            }
        }
    };
    let limit = Instant::now() + per_student;
    // The cases in the order they run, for the board's "checking …".
    let chosen: Vec<&'static str> = cases(plan.demo)
        .iter()
        .map(|c| c.name)
        .filter(|name| plan.case.as_deref().is_none_or(|n| n == *name))
        .collect();
    if let Some(first) = chosen.first() {
        let _ = tx.send(Event::Next(index, first));
    }
    let mut results = run_cases(plan, addr, &token(index + 1), Some(limit), |result| {
        let _ = tx.send(Event::Case(index, result.clone()));
        let at = chosen.iter().position(|name| *name == result.case);
        if let Some(next) = at.and_then(|at| chosen.get(at + 1)) {
            let _ = tx.send(Event::Next(index, next));
        }
    });
    results.seconds = started.elapsed().as_secs_f64();
    results
}

/// The rows of the class, and how they are shown.
struct Board<'a> {
    students: &'a [Student],
    states: Vec<State>,
    total: usize,
    /// Redrawn in place (a terminal tall enough), or printed row by row.
    live: bool,
    /// Rows on screen, for the cursor to go back over.
    drawn: usize,
    width: usize,
}

impl<'a> Board<'a> {
    fn new(students: &'a [Student], total: usize) -> Self {
        let size = terminal_size::terminal_size_of(std::io::stdout());
        let fits =
            size.is_some_and(|(_, terminal_size::Height(h))| students.len() + 2 <= usize::from(h));
        let width = size.map_or(ROW, |(terminal_size::Width(w), _)| usize::from(w).min(ROW));
        let live = std::io::stdout().is_terminal() && fits;
        Board {
            students,
            states: students.iter().map(|_| State::Waiting).collect(),
            total,
            live,
            drawn: 0,
            width: if live { width } else { ROW },
        }
    }

    fn update(&mut self, event: Event) {
        match event {
            Event::Next(i, case) => match &mut self.states[i] {
                State::Running { current, .. } => *current = case,
                state => {
                    *state = State::Running {
                        current: case,
                        done: Vec::new(),
                    }
                }
            },
            Event::Case(i, result) => match &mut self.states[i] {
                State::Running { done, .. } => done.push(result),
                state => {
                    *state = State::Running {
                        current: result.case,
                        done: vec![result],
                    }
                }
            },
            Event::Done(i, results) => {
                self.states[i] = State::Done(results);
                if !self.live {
                    println!("{}", self.row(i));
                }
            }
        }
        self.draw();
    }

    /// On a terminal, every row again in place of the last drawing.
    fn draw(&mut self) {
        if !self.live {
            return;
        }
        let mut out = String::new();
        if self.drawn > 0 {
            out += &format!("\x1b[{}A", self.drawn);
        }
        for i in 0..self.students.len() {
            out += &format!("\r\x1b[2K{}\n", self.row(i));
        }
        self.drawn = self.students.len();
        print!("{out}");
        let _ = std::io::stdout().flush();
    }

    /// One student's row: name, passed/total, a mark, and the first case
    /// that did not pass (or what is happening now), cut to the width.
    fn row(&self, i: usize) -> String {
        let name = pad(&cut(&self.students[i].name, NAME), NAME);
        let (passed, mark, detail) = match &self.states[i] {
            State::Waiting => (
                "-".to_string(),
                "    ".normal(),
                tr!(WORDS, "board-waiting"),
            ),
            State::Running { current, done } => {
                let passed = done
                    .iter()
                    .filter(|c| matches!(c.outcome, Outcome::Pass(_)))
                    .count();
                let missed = done
                    .iter()
                    .find(|c| !matches!(c.outcome, Outcome::Pass(_)))
                    .map(|c| tr!(WORDS, "board-missed", case = c.case, result = said(c)))
                    .unwrap_or_default();
                (
                    passed.to_string(),
                    "....".normal(),
                    tr!(WORDS, "board-checking", missed = missed, current = current),
                )
            }
            State::Done(results) => match (&results.error, results.first_miss()) {
                (Some(error), _) => (
                    "-".into(),
                    "----".yellow(),
                    tr!(WORDS, "board-not-graded", why = error),
                ),
                (None, None) => (
                    results.passed().to_string(),
                    tr!(WORDS, "card-pass").green().bold(),
                    String::new(),
                ),
                (None, Some(miss)) => {
                    let why = match &miss.outcome {
                        Outcome::Fail { hint, .. } => hint,
                        Outcome::Skip { reason, .. } => reason,
                        Outcome::Pass(_) => "",
                    };
                    (
                        results.passed().to_string(),
                        tr!(WORDS, "card-fail").red().bold(),
                        tr!(
                            WORDS,
                            "board-miss",
                            case = miss.case,
                            result = said(miss),
                            why = why
                        ),
                    )
                }
            },
        };
        let count = format!("{passed:>2}/{:<2}", self.total);
        let room = self
            .width
            .saturating_sub(NAME + 1 + count.len() + 2 + 4 + 2);
        format!("{name} {count}  {mark}  {}", cut(&detail, room))
            .trim_end()
            .to_string()
    }

    /// The tally under the board.
    fn finish(&mut self) {
        let (mut passed, mut failed, mut ungraded) = (0, 0, 0);
        for state in &self.states {
            match state {
                State::Done(r) if r.error.is_some() => ungraded += 1,
                State::Done(r) if r.is_pass() => passed += 1,
                _ => failed += 1,
            }
        }
        let tally = if ungraded > 0 {
            tr!(
                WORDS,
                "board-tally-ungraded",
                passed = passed,
                failed = failed,
                ungraded = ungraded
            )
        } else {
            tr!(WORDS, "board-tally", passed = passed, failed = failed)
        };
        println!(
            "{}",
            if passed == self.students.len() {
                tally.green().bold()
            } else {
                tally.red().bold()
            }
        );
        let _ = std::io::stdout().flush();
    }

    fn status(&self) -> i32 {
        self.states
            .iter()
            .map(|s| match s {
                State::Done(r) => r.status(),
                _ => 2,
            })
            .max()
            .unwrap_or(0)
    }
}

/// "pass", "fail" or "skip" on the board, in the language of the run (the
/// JSON keeps the English word).
fn said(case: &CaseResult) -> String {
    match case.outcome {
        Outcome::Pass(_) => tr!(WORDS, "board-pass"),
        Outcome::Fail { .. } => tr!(WORDS, "board-fail"),
        Outcome::Skip { .. } => tr!(WORDS, "board-skip"),
    }
}

/// `text` cut to `cols` terminal columns (a Chinese character takes two),
/// ending in "…" when cut.
fn cut(text: &str, cols: usize) -> String {
    let text = text.replace(['\n', '\r', '\t'], " ");
    if width(&text) <= cols {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cols {
            break;
        }
        out.push(c);
        used += w;
    }
    if cols > 0 {
        out.push('…');
    }
    out
}

/// `text` padded with spaces to `cols` columns.
fn pad(text: &str, cols: usize) -> String {
    format!("{text}{}", " ".repeat(cols.saturating_sub(width(text))))
}

fn width(text: &str) -> usize {
    sticky::boundary::columns(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_skips_comments_and_keeps_names_with_spaces() {
        let text = "# lab 2, room 101\n\nalice 10.0.0.11:7878\n  Li Lei   10.0.0.12:7878  # row 2\n李雷 [::1]:7878\n";
        let students = parse_roster(text).unwrap();
        let names: Vec<&str> = students.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["alice", "Li Lei", "李雷"]);
        assert_eq!(students[2].to, "[::1]:7878");
    }

    #[test]
    fn a_bad_roster_line_is_named_by_its_number() {
        let cases = [
            ("alice 10.0.0.1:7878\nbob\n", "line 2: \"bob\" is one word"),
            ("alice 10.0.0.1\n", "line 1: \"10.0.0.1\" is not HOST:PORT"),
            (
                "alice 10.0.0.1:99999\n",
                "line 1: \"10.0.0.1:99999\" is not HOST:PORT",
            ),
            (
                "a h:1\n\n# x\na h:2\n",
                "line 4: \"a\" is on line 1 already",
            ),
            ("# nobody\n", "no students in it"),
        ];
        for (text, says) in cases {
            let err = parse_roster(text).unwrap_err();
            assert!(err.starts_with(says), "{text:?}: {err}");
        }
    }

    /// `text` without colour codes.
    fn plain(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|&e| e == 'm');
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn every_row_fits_80_columns_whatever_the_name_and_hint() {
        let students = [
            Student {
                name: "王小明同学的服务端程序在这里".into(),
                to: "10.0.0.1:7878".into(),
            },
            Student {
                name: "alice".into(),
                to: "10.0.0.2:7878".into(),
            },
            Student {
                name: "bob".into(),
                to: "10.0.0.3:7878".into(),
            },
        ];
        let mut board = Board::new(&students, 9);
        let fail = Results {
            cases: vec![CaseResult {
                case: "glued",
                outcome: Outcome::Fail {
                    sent: "20 frames".into(),
                    got: "one".into(),
                    hint: "二十个帧 came back as one: is each recv() treated as one message? "
                        .repeat(4),
                },
            }],
            ..Results::default()
        };
        board.update(Event::Done(0, fail));
        board.update(Event::Next(1, "cut-bytes"));
        let unreached = Results {
            error: Some("connection refused".into()),
            ..Results::default()
        };
        board.update(Event::Done(2, unreached));
        let rows: Vec<String> = (0..3).map(|i| plain(&board.row(i))).collect();
        for row in &rows {
            assert!(width(row) <= ROW, "{row}");
        }
        assert!(rows[0].starts_with("王小明同学的服务… "), "{}", rows[0]);
        assert!(rows[0].contains(" 0/9 ") && rows[0].contains("FAIL  glued fail: 二十个帧"));
        assert!(rows[1].ends_with("checking cut-bytes"), "{}", rows[1]);
        assert!(
            rows[2].contains("not graded: connection refused"),
            "{}",
            rows[2]
        );
        assert_eq!(board.status(), 2);
    }

    #[test]
    fn a_cut_counts_chinese_as_two_columns() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("李雷韩梅梅", 5), "李雷…");
        assert_eq!(width(&cut("李雷韩梅梅", 5)), 5);
        assert_eq!(pad("李雷", 6), "李雷  ");
        assert_eq!(cut("short", 10), "short");
    }
}
