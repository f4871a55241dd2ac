//! # `sticky check` — an autograder for a server of your own
//!
//! Plays a client that is legal but unkind to a server speaking the wire
//! format of demo 1, 4, 5, 6 or 7, one case at a time, each on a fresh
//! connection: bytes cut into single-byte writes, many messages glued into
//! one write, the largest frame allowed, a client that hangs up half-way, a
//! length header no server should believe, a line that never ends. Then it prints a report card:
//! PASS, or FAIL with what was sent, what came back and the likely bug.
//!
//! ```text
//! sticky check 5 --to 127.0.0.1:7878                every case, against a length-prefix echo server
//! sticky check 5 --to 127.0.0.1:7878 --case glued   one case
//! sticky check 5 --list                             the cases, one line each
//! sticky check 6 --to 127.0.0.1:7878 --dir DIR      a file receiver that saves into DIR
//! sticky check 7 --to 127.0.0.1:7878                a line server, lines of up to 64 KiB
//! sticky check 5 --serve --bind 127.0.0.1:7878      the other way round: unkind to your client
//! sticky check 5 --class roster.txt --json r.jsonl  a whole class, one NAME HOST:PORT per line
//! ```
//!
//! Why a grader is needed at all: on loopback, a small write usually
//! arrives whole and alone, so a server that treats each recv() as one
//! message, or reads a 4-byte header with a single recv(4), seems to work.
//! These cases make the stream do what a real network may: cut and glue.
//!
//! A run produces results (`report.rs`); the report card for `--to`, the
//! board for `--class` (`class.rs`) and the `--json` lines are printed from
//! them.
//!
//! Exit status: 0 when every case ran and passed; 1 when one failed, or was
//! skipped (a case not run is not a pass); 2 when nothing could be graded
//! (no server at the address, a bad roster, a bad flag or case name).
//! Nothing here can hang: a wait ends when no byte has moved for
//! `--timeout`, an exchange at the slowest rate allowed, every loop has an
//! end.

mod class;
mod duties;
mod echo;
mod fixed;
mod length_prefix;
mod lines;
mod report;
mod serve;
mod slow;
mod upload;
mod wire;

use std::cell::Cell;
use std::fs::File;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::app::cli::CheckArgs;
use crate::app::i18n::Catalogue;
use crate::app::{screen, width};
use crate::tr;
use colored::Colorize;
use sticky::framing::lines::DEFAULT_MAX_LINE;
use sticky::framing::{Endian, DEFAULT_MAX_FRAME};
use sticky::net::{resolve, DEFAULT_BIND};

use report::{CaseResult, Outcome, Record, Results};
use wire::{worded, Link};

/// The largest `--max-frame` accepted: the grader sends a frame that size.
const MAX_MAX_FRAME: usize = 256 * 1024 * 1024;
/// The largest `--size`: the grader sends a few dozen records that size.
const MAX_SIZE: usize = 1024 * 1024;
/// The largest `--max-line`, the same as demo 07's: the grader sends a line
/// that long, and one twice as long.
const MAX_MAX_LINE: usize = 16 * 1024 * 1024;

/// Every sentence `sticky check` prints, English and Chinese, in
/// `i18n/{en,zh}/check.ftl`: a teacher corrects a translation there, with
/// no Rust in the way (why Fluent: `demos/app/i18n.rs`). Case names, flags,
/// numbers and the bytes shown stay out of the files: they are the same in
/// every language.
pub static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../../i18n/en/check.ftl"),
        include_str!("../../i18n/zh/check.ftl"),
    )
});

/// What to check, from the command line, checked.
pub struct Plan {
    pub demo: u8,
    pub to: String,
    pub case: Option<String>,
    pub list: bool,
    pub timeout: Duration,
    pub max_frame: usize,
    pub max_line: usize,
    pub size: usize,
    pub endian: Endian,
    pub dir: Option<PathBuf>,
    /// `--serve`: where to listen, and after how many clients to stop.
    pub serve: Option<(String, Option<usize>)>,
    /// The seed of every random cut (`--seed`, or picked and printed), so a
    /// failure can be replayed byte for byte.
    pub seed: u64,
    /// `--class`: the roster, students checked at once, and the most time
    /// one student's cases may take in all.
    pub class: Option<(PathBuf, usize, Duration)>,
    /// `--json`: where the results go, one JSON object per line.
    pub json: Option<PathBuf>,
}

/// One thing the grader tries.
pub struct Case {
    pub name: &'static str,
    /// One line for `--list`: the id of a message in [`WORDS`] (words
    /// already said pass through as they are, see `text_or_literal`).
    pub about: &'static str,
    /// Why the case cannot run under this plan, if it cannot.
    pub skip: Option<fn(&Plan) -> Option<String>>,
    pub run: fn(&Target) -> Verdict,
}

/// A case's result: what passed, in a few words, or why it failed.
pub type Verdict = Result<String, Failure>;

/// A failed case, in the three parts of a report card entry.
pub struct Failure {
    pub sent: String,
    pub got: String,
    pub hint: String,
    /// The cases after this one cannot say anything useful; why.
    pub skip_rest: Option<String>,
    /// The server refused a connection: why, in a few words.
    pub refused: Option<String>,
}

impl Failure {
    pub fn new(sent: impl Into<String>, got: impl Into<String>, hint: impl Into<String>) -> Self {
        Failure {
            sent: sent.into(),
            got: got.into(),
            hint: hint.into(),
            skip_rest: None,
            refused: None,
        }
    }

    /// The cases after this one are reported SKIP, for `reason`.
    pub fn skip_rest(mut self, reason: impl Into<String>) -> Self {
        self.skip_rest = Some(reason.into());
        self
    }
}

/// The server under test, and what a case needs to know about the plan.
pub struct Target<'a> {
    pub plan: &'a Plan,
    addr: SocketAddr,
    connected: Cell<bool>,
    /// Makes this run's file names unique, so runs never collide.
    pub token: String,
    /// The end of this student's time (a class run), past which every wait
    /// on a link ends.
    limit: Option<Instant>,
}

impl Target<'_> {
    /// `from_now` from now, or the end of this student's time if that
    /// comes first: the deadline of a wait that does not go through a link.
    pub fn cutoff(&self, from_now: Duration) -> Instant {
        let d = Instant::now() + from_now;
        self.limit.map_or(d, |l| l.min(d))
    }

    /// A new connection. A refusal is a failure that ends the run: the
    /// server is not (or no longer) there.
    /// `hint` is a message id of [`WORDS`] (such as [`GONE`]) or words
    /// already said.
    pub fn link(&self, hint: &str) -> Result<Link, Failure> {
        if self.limit.is_some_and(|l| Instant::now() >= l) {
            return Err(Failure::new(
                tr!(WORDS, "link-sent"),
                tr!(WORDS, "link-out-of-time-got"),
                tr!(WORDS, "link-out-of-time-hint"),
            )
            .skip_rest(tr!(WORDS, "skip-out-of-time")));
        }
        match Link::connect_within(self.addr, self.plan.timeout, self.limit) {
            Ok(link) => {
                self.connected.set(true);
                Ok(link)
            }
            Err(e) => {
                let why = worded(&e);
                let mut f = Failure::new(
                    tr!(WORDS, "link-sent"),
                    tr!(WORDS, "link-refused-got", why = why),
                    WORDS.text_or_literal(hint),
                )
                .skip_rest(tr!(WORDS, "skip-no-longer-accepts"));
                f.refused = Some(why);
                Err(f)
            }
        }
    }

    pub fn timeout(&self) -> Duration {
        self.plan.timeout
    }
}

/// The hint when a connection fails for no reason the case knows better:
/// the id of its message in [`WORDS`].
pub const GONE: &str = "hint-gone";

/// `sticky check`: validates the flags, runs the cases, prints the report
/// card. Returns the exit status.
pub fn run(args: &CheckArgs) -> i32 {
    let status = match plan(args) {
        Err(msg) => {
            eprintln!("{}", tr!(WORDS, "error-usage", msg = msg));
            2
        }
        Ok(plan) if plan.list => {
            if plan.serve.is_some() {
                for (name, about) in serve::WAYS {
                    let about = WORDS.text_or_literal(about);
                    let line = format!("{:<14} {about}", name.bold());
                    println!("{}", screen::wrapped_under(&line, width::columns(), 15));
                }
            } else {
                // Wrapped under the text, past the names, on a terminal.
                for case in cases(plan.demo) {
                    let about = WORDS.text_or_literal(case.about);
                    let line = format!("{:<14} {about}", case.name.bold());
                    println!("{}", screen::wrapped_under(&line, width::columns(), 15));
                }
            }
            0
        }
        Ok(plan) => match (&plan.serve, &plan.class) {
            (Some((bind, clients)), _) => match serve::run(&plan, bind, *clients) {
                Ok(all_passed) => i32::from(!all_passed),
                Err(e) => {
                    eprintln!("{}", tr!(WORDS, "error", msg = e));
                    1
                }
            },
            (None, Some(_)) => class::run(&plan),
            (None, None) => grade(&plan),
        },
    };
    let _ = std::io::stdout().flush();
    status
}

/// The cases for a demo's wire format, in the order they run.
fn cases(demo: u8) -> &'static [Case] {
    match demo {
        1 => echo::CASES,
        4 => fixed::CASES,
        5 => length_prefix::CASES,
        7 => lines::CASES,
        _ => upload::CASES,
    }
}

/// Turns the flags into a plan, or says in one line what is wrong.
fn plan(args: &CheckArgs) -> Result<Plan, String> {
    let demo = args.demo;
    if ![1, 4, 5, 6, 7].contains(&demo) {
        return Err(tr!(WORDS, "flag-no-server", demo = demo));
    }
    let only = |flag: &str, demos: &[u8]| -> Result<(), String> {
        if demos.contains(&demo) {
            Ok(())
        } else {
            let list: Vec<String> = demos.iter().map(|d| d.to_string()).collect();
            Err(tr!(
                WORDS,
                "flag-not-for",
                flag = flag,
                demos = list.join(&tr!(WORDS, "flag-and")),
                demo = demo
            ))
        }
    };
    if args.size.is_some() {
        only("--size", &[4])?;
    }
    if args.max_frame.is_some() {
        only("--max-frame", &[5])?;
    }
    if args.max_line.is_some() {
        only("--max-line", &[7])?;
    }
    if args.little_endian {
        only("--little-endian", &[5, 6])?;
    }
    if args.dir.is_some() {
        only("--dir", &[6])?;
    }
    if !(args.timeout > 0.0 && args.timeout <= 600.0) {
        return Err(tr!(WORDS, "flag-timeout", timeout = args.timeout));
    }
    let size = args.size.unwrap_or(32);
    if size == 0 || size > MAX_SIZE {
        return Err(tr!(
            WORDS,
            "flag-range",
            flag = "--size",
            value = size,
            max = MAX_SIZE
        ));
    }
    let max_frame = args.max_frame.unwrap_or(DEFAULT_MAX_FRAME);
    if max_frame == 0 || max_frame > MAX_MAX_FRAME {
        return Err(tr!(
            WORDS,
            "flag-range",
            flag = "--max-frame",
            value = max_frame,
            max = MAX_MAX_FRAME
        ));
    }
    let max_line = args.max_line.unwrap_or(DEFAULT_MAX_LINE);
    if max_line == 0 || max_line > MAX_MAX_LINE {
        return Err(tr!(
            WORDS,
            "flag-range",
            flag = "--max-line",
            value = max_line,
            max = MAX_MAX_LINE
        ));
    }
    if let Some(dir) = &args.dir {
        if !dir.is_dir() {
            return Err(tr!(WORDS, "flag-dir-not-folder", dir = dir.display()));
        }
    }
    if args.serve {
        only("--serve", &[5])?;
    } else if args.bind.is_some() || args.clients.is_some() {
        return Err(tr!(WORDS, "flag-bind-clients"));
    }
    if args.class.is_none() {
        if args.jobs.is_some() {
            return Err(tr!(
                WORDS,
                "flag-goes-with",
                flags = "--jobs",
                with = "--class"
            ));
        }
        if args.per_student.is_some() {
            return Err(tr!(
                WORDS,
                "flag-goes-with",
                flags = "--per-student",
                with = "--class"
            ));
        }
    }
    if let Some(json) = &args.json {
        json_file_is_new(json)?;
    }
    if let Some(name) = &args.case {
        let known = if args.serve {
            serve::WAYS.iter().any(|w| w.0 == name)
        } else {
            cases(demo).iter().any(|c| c.name == name)
        };
        if !known {
            return Err(tr!(
                WORDS,
                "flag-no-case",
                demo = demo,
                name = format!("{name:?}"),
                serve = if args.serve { " --serve" } else { "" }
            ));
        }
    }
    Ok(Plan {
        demo,
        to: args.to.clone(),
        case: args.case.clone(),
        list: args.list,
        timeout: Duration::from_secs_f64(args.timeout),
        max_frame,
        max_line,
        size,
        endian: if args.little_endian {
            Endian::Little
        } else {
            Endian::Big
        },
        dir: args.dir.clone(),
        seed: args.seed.unwrap_or_else(random_seed),
        class: args.class.as_ref().map(|roster| {
            (
                roster.clone(),
                args.jobs.map_or(class::JOBS, |j| j as usize),
                Duration::from_secs(args.per_student.unwrap_or(class::PER_STUDENT)),
            )
        }),
        json: args.json.clone(),
        serve: args.serve.then(|| {
            (
                args.bind
                    .clone()
                    .unwrap_or_else(|| DEFAULT_BIND.to_string()),
                args.clients,
            )
        }),
    })
}

/// A seed for a run without `--seed`: the clock's nanoseconds, mixed.
fn random_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    sticky::resegment::SplitMix64::new(nanos ^ u64::from(std::process::id())).next_u64() % 1_000_000
}

/// `--json FILE` must name a file that does not exist yet, in a folder
/// that does: results are never written over something the user had.
fn json_file_is_new(path: &Path) -> Result<(), String> {
    if path.exists() {
        return Err(tr!(WORDS, "flag-json-exists", path = path.display()));
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if parent.is_some_and(|p| !p.is_dir()) {
        return Err(tr!(WORDS, "flag-json-no-folder", path = path.display()));
    }
    Ok(())
}

/// Creates the `--json` file, or says in one line why it cannot.
fn create_json(path: &Path) -> Result<File, String> {
    File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| tr!(WORDS, "json-cannot-create", path = path.display(), why = e))
}

/// A token that makes a run's file names unique: this process, the clock,
/// and the student's place in the roster.
fn token(index: usize) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let token = format!("{:x}{:05x}", std::process::id(), nanos & 0xf_ffff);
    if index == 0 {
        token
    } else {
        format!("{token}s{index}")
    }
}

/// Grades one server (`--to`): runs the cases, prints the report card entry
/// by entry as they finish, and the tally. Returns the exit status.
fn grade(plan: &Plan) -> i32 {
    let addr = match resolve(&plan.to) {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("{}", tr!(WORDS, "error", msg = e));
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
    // Printed with the first entry: a server that cannot be reached at all
    // gets one line of error, not the start of a card.
    let mut header = Some(describe(plan, addr));
    let limit = width::columns();
    let results = run_cases(plan, addr, &token(0), None, |result| {
        if let Some(h) = header.take() {
            println!("{}", screen::wrapped(&h, limit).dimmed());
        }
        print!("{}", card_entry(result, limit));
        let _ = std::io::stdout().flush();
    });
    if let Some(file) = json.as_mut() {
        let to = addr.to_string();
        let record = Record::new(&plan.to, &to, plan.demo, plan.seed, &results);
        if let Err(e) = record.write_line(file) {
            eprintln!("{}", tr!(WORDS, "json-cannot-write", why = e));
            return 2;
        }
    }
    if let Some(error) = &results.error {
        // Nothing was ever reached: not a failing server, no server.
        eprintln!(
            "{}",
            tr!(WORDS, "error-no-server", addr = addr, why = error)
        );
        return 2;
    }
    let tally = tally(&results);
    println!(
        "{}",
        if results.is_pass() {
            tally.green().bold()
        } else {
            tally.red().bold()
        }
    );
    results.status()
}

/// "8 passed, 0 failed, 1 skipped", and why that is not a pass.
fn tally(results: &Results) -> String {
    let (passed, failed, skipped) = (results.passed(), results.failed(), results.skipped());
    match (skipped, failed) {
        (0, _) => tr!(WORDS, "tally", passed = passed, failed = failed),
        (_, 0) => tr!(
            WORDS,
            "tally-not-in-full",
            passed = passed,
            failed = failed,
            skipped = skipped
        ),
        _ => tr!(
            WORDS,
            "tally-skipped",
            passed = passed,
            failed = failed,
            skipped = skipped
        ),
    }
}

/// Runs the plan's cases against `addr`, in order, and hands each result to
/// `seen` as it comes. `limit` ends every wait of every case (a class run's
/// time per student); the cases it leaves unrun are skipped.
fn run_cases(
    plan: &Plan,
    addr: SocketAddr,
    token: &str,
    limit: Option<Instant>,
    mut seen: impl FnMut(&CaseResult),
) -> Results {
    let started = Instant::now();
    let target = Target {
        plan,
        addr,
        connected: Cell::new(false),
        token: token.to_string(),
        limit,
    };
    let mut results = Results::default();
    let mut skip_all: Option<String> = None;
    let chosen = cases(plan.demo)
        .iter()
        .filter(|c| plan.case.as_deref().is_none_or(|n| n == c.name));
    for case in chosen {
        if skip_all.is_none() && limit.is_some_and(|l| Instant::now() >= l) {
            skip_all = Some(tr!(
                WORDS,
                "skip-out-of-time-after",
                time = wire::seconds(plan.class.as_ref().map_or(Duration::ZERO, |c| c.2))
            ));
        }
        let skip = match (&skip_all, case.skip.and_then(|rule| rule(plan))) {
            (Some(reason), _) => Some(Outcome::Skip {
                reason: reason.clone(),
            }),
            (None, Some(reason)) => Some(Outcome::Skip { reason }),
            (None, None) => None,
        };
        let outcome = match skip {
            Some(skip) => skip,
            None => {
                match (case.run)(&target) {
                    Ok(what) => Outcome::Pass(what),
                    Err(f) if f.refused.is_some() && !target.connected.get() => {
                        results.error = f.refused;
                        results.cases.clear();
                        break;
                    }
                    Err(f) => {
                        if let Some(reason) = f.skip_rest {
                            skip_all = Some(reason);
                        }
                        let mut hint = f.hint;
                        // A wait that ended with nothing moving may be a slow
                        // network, not a silent server: say which knob waits
                        // longer.
                        if f.got.contains(&wire::timed_out()) && !hint.contains("--timeout") {
                            hint += &tr!(
                                WORDS,
                                "hint-slow-network",
                                time = wire::seconds(plan.timeout)
                            );
                        }
                        Outcome::Fail {
                            sent: f.sent,
                            got: f.got,
                            hint,
                        }
                    }
                }
            }
        };
        let result = CaseResult {
            case: case.name,
            outcome,
        };
        seen(&result);
        results.cases.push(result);
    }
    results.seconds = started.elapsed().as_secs_f64();
    results
}

/// One case's entry on the report card: a line, or three for a failure,
/// each wrapped at spaces under its own text when a width is set.
fn card_entry(result: &CaseResult, limit: Option<usize>) -> String {
    let name = format!("{:<13}", result.case);
    // Each label padded to 6 columns, counting a Chinese character as two:
    // "PASS  ", "通过  ", "sent  ", "发送  ".
    let label = |id: &str| {
        let word = WORDS.text(id, &[]);
        let pad = 6usize.saturating_sub(unicode_width::UnicodeWidthStr::width(word.as_str()));
        (word, " ".repeat(pad))
    };
    // Where the text after "PASS  name          " starts, and after "sent  ".
    let (text_at, detail_at) = (6 + 14, 6 + 14 + 6);
    let line = |text: String, at: usize| screen::wrapped_under(&text, limit, at) + "\n";
    match &result.outcome {
        Outcome::Pass(what) => {
            let (word, pad) = label("card-pass");
            line(
                format!("{}{pad}{name} {what}", word.green().bold()),
                text_at,
            )
        }
        Outcome::Skip { reason, .. } => {
            let (word, pad) = label("card-skip");
            line(
                format!("{}{pad}{name} {reason}", word.yellow().bold()),
                text_at,
            )
        }
        Outcome::Fail { sent, got, hint } => {
            let indent = " ".repeat(text_at);
            let (fail, fail_pad) = label("card-fail");
            let (sent_word, sent_pad) = label("card-sent");
            let (got_word, got_pad) = label("card-got");
            let (hint_word, hint_pad) = label("card-hint");
            line(
                format!(
                    "{}{fail_pad}{name} {sent_word}{sent_pad}{sent}",
                    fail.red().bold()
                ),
                detail_at,
            ) + &line(format!("{indent}{got_word}{got_pad}{got}"), detail_at)
                + &line(
                    format!("{indent}{hint_word}{hint_pad}{}", hint.yellow()),
                    detail_at,
                )
        }
    }
}

/// The first line of the card: what is being checked, and how patiently.
fn describe(plan: &Plan, addr: SocketAddr) -> String {
    let format = plan.endian.struct_format();
    let what = match plan.demo {
        1 => tr!(WORDS, "describe-echo"),
        4 => tr!(WORDS, "describe-fixed", size = plan.size),
        5 => tr!(
            WORDS,
            "describe-length-prefix",
            format = format,
            max = plan.max_frame
        ),
        7 => tr!(WORDS, "describe-lines", max = plan.max_line),
        _ => match &plan.dir {
            Some(d) => tr!(
                WORDS,
                "describe-upload-into",
                format = format,
                dir = d.display()
            ),
            None => tr!(WORDS, "describe-upload", format = format),
        },
    };
    tr!(
        WORDS,
        "describe",
        addr = addr,
        what = what,
        wait = wire::seconds(plan.timeout),
        seed = plan.seed
    )
}

#[cfg(test)]
mod words {
    use super::*;
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};
    use crate::app::lang::Lang;

    const EN: &str = include_str!("../../i18n/en/check.ftl");
    const ZH: &str = include_str!("../../i18n/zh/check.ftl");

    /// The files whose words live in the catalogue: every one that prints.
    const SOURCES: [(&str, &str); 11] = [
        ("mod.rs", include_str!("mod.rs")),
        ("wire.rs", include_str!("wire.rs")),
        ("echo.rs", include_str!("echo.rs")),
        ("fixed.rs", include_str!("fixed.rs")),
        ("lines.rs", include_str!("lines.rs")),
        ("length_prefix.rs", include_str!("length_prefix.rs")),
        ("upload.rs", include_str!("upload.rs")),
        ("serve.rs", include_str!("serve.rs")),
        ("duties.rs", include_str!("duties.rs")),
        ("slow.rs", include_str!("slow.rs")),
        ("class.rs", include_str!("class.rs")),
    ];

    #[test]
    fn every_message_is_in_both_languages_with_the_same_variables() {
        let problems = check_catalogue(EN, ZH);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_id_the_code_asks_for_is_in_the_catalogue() {
        let defined = ids_defined(EN);
        for (file, source) in SOURCES {
            for id in ids_used(source) {
                assert!(defined.contains(&id), "{file} asks for {id:?}");
            }
        }
        // The ids handed around as constants and fields, not through tr!
        // (hints, `about`): every quoted word shaped like an id, with the
        // first part of one, is one.
        let prefixes: Vec<&str> = defined
            .iter()
            .filter_map(|id| id.split('-').next())
            .collect();
        let case_names: Vec<&str> = [1, 4, 5, 6, 7]
            .iter()
            .flat_map(|&d| cases(d))
            .map(|c| c.name)
            .collect();
        for (file, source) in SOURCES {
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            for quoted in code.split('"').skip(1).step_by(2) {
                let id_like = quoted.contains('-')
                    && quoted
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && prefixes.contains(&quoted.split('-').next().unwrap_or(""))
                    && !case_names.contains(&quoted);
                if id_like {
                    assert!(defined.iter().any(|d| d == quoted), "{file}: {quoted:?}");
                }
            }
        }
        let quoted: Vec<&str> = SOURCES
            .iter()
            .flat_map(|(_, s)| s.split('"').skip(1).step_by(2))
            .collect();
        for id in &defined {
            assert!(
                quoted.contains(&id.as_str()),
                "{id} is in the catalogue but no code uses it"
            );
        }
    }

    #[test]
    fn every_case_has_its_line_in_both_languages() {
        for demo in [1, 4, 5, 6, 7] {
            for case in cases(demo) {
                assert!(WORDS.has(case.about), "{demo} {}", case.name);
                let zh = WORDS.text_in(Lang::Zh, case.about, &[]);
                assert!(!zh.is_empty() && zh != case.about, "{}", case.name);
            }
        }
        for (name, about) in serve::WAYS {
            let zh = WORDS.text_in(Lang::Zh, about, &[]);
            assert!(WORDS.has(about) && zh != *about, "--serve {name}");
        }
        for id in [GONE, "duty-hint-closed-silent", "fixed-hint-early"] {
            assert!(WORDS.has(id), "{id}");
        }
    }

    #[test]
    fn the_card_keeps_its_columns_in_chinese() {
        let fail = CaseResult {
            case: "glued",
            outcome: Outcome::Fail {
                sent: "20 帧".into(),
                got: "一个".into(),
                hint: "提示".into(),
            },
        };
        // Colour codes, if any, take no columns: drop them.
        let plain = |s: &str| -> String {
            let mut out = String::new();
            let mut in_code = false;
            for c in s.chars() {
                match c {
                    '\x1b' => in_code = true,
                    'm' if in_code => in_code = false,
                    c if !in_code => out.push(c),
                    _ => {}
                }
            }
            out
        };
        let en = plain(&card_entry(&fail, None));
        let lines: Vec<&str> = en.lines().collect();
        assert!(
            lines[0].starts_with("FAIL  glued         sent  20 帧"),
            "{en}"
        );
        assert!(
            lines[1].starts_with(&format!("{}got   ", " ".repeat(20))),
            "{en}"
        );
        // Every label leaves two columns before what follows it, in both
        // languages, so the card's columns line up in Chinese too.
        for id in [
            "card-pass",
            "card-fail",
            "card-skip",
            "card-sent",
            "card-got",
            "card-hint",
        ] {
            for lang in [Lang::En, Lang::Zh] {
                let word = WORDS.text_in(lang, id, &[]);
                assert!(
                    unicode_width::UnicodeWidthStr::width(word.as_str()) <= 4,
                    "{word}"
                );
            }
        }
    }
}
