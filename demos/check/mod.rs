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
//! ```
//!
//! Why a grader is needed at all: on loopback, a small write usually
//! arrives whole and alone, so a server that treats each recv() as one
//! message, or reads a 4-byte header with a single recv(4), seems to work.
//! These cases make the stream do what a real network may: cut and glue.
//!
//! Exit status: 0 when every case passed (a SKIP does not fail), 1 when one
//! failed or the server cannot be reached, 2 for a bad flag or case name.
//! Nothing here can hang: every socket has a deadline, every loop an end.

mod duties;
mod echo;
mod fixed;
mod length_prefix;
mod lines;
mod serve;
mod slow;
mod upload;
mod wire;

use std::cell::Cell;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::app::cli::CheckArgs;
use colored::Colorize;
use sticky::framing::lines::DEFAULT_MAX_LINE;
use sticky::framing::{Endian, DEFAULT_MAX_FRAME};
use sticky::net::{resolve, DEFAULT_BIND};

use wire::{worded, Link};

/// The largest `--max-frame` accepted: the grader sends a frame that size.
const MAX_MAX_FRAME: usize = 256 * 1024 * 1024;
/// The largest `--size`: the grader sends a few dozen records that size.
const MAX_SIZE: usize = 1024 * 1024;
/// The largest `--max-line`, the same as demo 07's: the grader sends a line
/// that long, and one twice as long.
const MAX_MAX_LINE: usize = 16 * 1024 * 1024;

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
}

/// One thing the grader tries.
pub struct Case {
    pub name: &'static str,
    pub about: &'static str,
    /// Why the case cannot run under this plan, if it cannot.
    pub skip: Option<fn(&Plan) -> Option<String>>,
    pub run: fn(&Target) -> Verdict,
}

/// The skip rule of the cases that look into the receiver's folder.
pub fn needs_dir(plan: &Plan) -> Option<String> {
    plan.dir
        .is_none()
        .then(|| "needs --dir DIR, the folder the receiver writes into on this machine".into())
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
    /// The server refused a connection.
    pub refused: bool,
}

impl Failure {
    pub fn new(sent: impl Into<String>, got: impl Into<String>, hint: impl Into<String>) -> Self {
        Failure {
            sent: sent.into(),
            got: got.into(),
            hint: hint.into(),
            skip_rest: None,
            refused: false,
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
}

impl Target<'_> {
    /// A new connection. A refusal is a failure that ends the run: the
    /// server is not (or no longer) there.
    pub fn link(&self, hint: &str) -> Result<Link, Failure> {
        match Link::connect(self.addr, self.plan.timeout) {
            Ok(link) => {
                self.connected.set(true);
                Ok(link)
            }
            Err(e) => {
                let mut f = Failure::new(
                    "a new connection",
                    format!("could not connect: {}", worded(&e)),
                    hint,
                )
                .skip_rest("the server no longer accepts connections");
                f.refused = true;
                Err(f)
            }
        }
    }

    pub fn timeout(&self) -> Duration {
        self.plan.timeout
    }
}

/// The hint when a connection fails for no reason the case knows better.
pub const GONE: &str =
    "the server stopped accepting connections during an earlier case: see the first FAIL";

/// `sticky check`: validates the flags, runs the cases, prints the report
/// card. Returns the exit status.
pub fn run(args: &CheckArgs) -> i32 {
    let status = match plan(args) {
        Err(msg) => {
            eprintln!("error: {msg} (see sticky check --help)");
            2
        }
        Ok(plan) if plan.list => {
            if plan.serve.is_some() {
                for (name, about) in serve::WAYS {
                    println!("{:<14} {about}", name.bold());
                }
            } else {
                for case in cases(plan.demo) {
                    println!("{:<14} {}", case.name.bold(), case.about);
                }
            }
            0
        }
        Ok(plan) => match &plan.serve {
            None => grade(&plan),
            Some((bind, clients)) => match serve::run(&plan, bind, *clients) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {e}");
                    1
                }
            },
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
        return Err(format!(
            "sticky check grades servers of demos 1, 4, 5, 6 and 7; demo {demo} has no server to grade"
        ));
    }
    let only = |flag: &str, demos: &[u8]| -> Result<(), String> {
        if demos.contains(&demo) {
            Ok(())
        } else {
            let list: Vec<String> = demos.iter().map(|d| d.to_string()).collect();
            Err(format!(
                "{flag} is for sticky check {}, not {demo}",
                list.join(" and ")
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
        return Err(format!(
            "--timeout {}: give a number of seconds above 0 and at most 600",
            args.timeout
        ));
    }
    let size = args.size.unwrap_or(32);
    if size == 0 || size > MAX_SIZE {
        return Err(format!("--size {size} is not between 1 and {MAX_SIZE}"));
    }
    let max_frame = args.max_frame.unwrap_or(DEFAULT_MAX_FRAME);
    if max_frame == 0 || max_frame > MAX_MAX_FRAME {
        return Err(format!(
            "--max-frame {max_frame} is not between 1 and {MAX_MAX_FRAME}"
        ));
    }
    let max_line = args.max_line.unwrap_or(DEFAULT_MAX_LINE);
    if max_line == 0 || max_line > MAX_MAX_LINE {
        return Err(format!(
            "--max-line {max_line} is not between 1 and {MAX_MAX_LINE}"
        ));
    }
    if let Some(dir) = &args.dir {
        if !dir.is_dir() {
            return Err(format!("--dir {} is not a folder", dir.display()));
        }
    }
    if args.serve {
        only("--serve", &[5])?;
    } else if args.bind.is_some() || args.clients.is_some() {
        return Err("--bind and --clients go with --serve".into());
    }
    if let Some(name) = &args.case {
        let known = if args.serve {
            serve::WAYS.iter().any(|w| w.0 == name)
        } else {
            cases(demo).iter().any(|c| c.name == name)
        };
        if !known {
            return Err(format!(
                "sticky check {demo} has no case {name:?}; `sticky check {demo}{} --list` shows them",
                if args.serve { " --serve" } else { "" }
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

/// Runs the plan's cases in order and prints one report entry per case.
fn grade(plan: &Plan) -> i32 {
    let addr = match resolve(&plan.to) {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let target = Target {
        plan,
        addr,
        connected: Cell::new(false),
        token: format!("{:x}{:05x}", std::process::id(), nanos & 0xf_ffff),
    };
    // Printed with the first entry: a server that cannot be reached at all
    // gets one line of error, not the start of a card.
    let mut header = Some(describe(plan, addr));

    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut skip_all: Option<String> = None;
    let chosen = cases(plan.demo)
        .iter()
        .filter(|c| plan.case.as_deref().is_none_or(|n| n == c.name));
    for case in chosen {
        let name = format!("{:<13}", case.name);
        let mut card_line = |line: String| {
            if let Some(h) = header.take() {
                println!("{}", h.dimmed());
            }
            println!("{line}");
        };
        let skip = skip_all
            .clone()
            .or_else(|| case.skip.and_then(|rule| rule(plan)));
        if let Some(reason) = skip {
            card_line(format!("{}  {name} {reason}", "SKIP".yellow().bold()));
            skipped += 1;
            continue;
        }
        match (case.run)(&target) {
            Ok(what) => {
                card_line(format!("{}  {name} {what}", "PASS".green().bold()));
                passed += 1;
            }
            Err(f) if f.refused && !target.connected.get() => {
                // Nothing was ever reached: not a failing server, no server.
                eprintln!(
                    "error: cannot connect to {addr}: {} — is your server running?",
                    f.got.trim_start_matches("could not connect: ")
                );
                return 1;
            }
            Err(f) => {
                let pad = " ".repeat(6 + 14);
                card_line(format!("{}  {name} sent  {}", "FAIL".red().bold(), f.sent));
                card_line(format!("{pad}got   {}", f.got));
                card_line(format!("{pad}hint  {}", f.hint.yellow()));
                failed += 1;
                if let Some(reason) = f.skip_rest {
                    skip_all = Some(reason);
                }
            }
        }
        let _ = std::io::stdout().flush();
    }
    let mut tally = format!("{passed} passed, {failed} failed");
    if skipped > 0 {
        tally += &format!(", {skipped} skipped");
    }
    println!(
        "{}",
        if failed == 0 {
            tally.green().bold()
        } else {
            tally.red().bold()
        }
    );
    i32::from(failed > 0)
}

/// The first line of the card: what is being checked, and how patiently.
fn describe(plan: &Plan, addr: SocketAddr) -> String {
    let what = match plan.demo {
        1 => "an echo server (demo 01)".to_string(),
        4 => format!(
            "a fixed-length echo server (demo 04), {}-byte records",
            plan.size
        ),
        5 => format!(
            "a length-prefix echo server (demo 05), '{}', frames up to {} bytes",
            plan.endian.struct_format(),
            plan.max_frame
        ),
        7 => format!(
            "a line server (demo 07), lines of up to {} bytes",
            plan.max_line
        ),
        _ => format!(
            "a file receiver (demo 06), '{}'{}",
            plan.endian.struct_format(),
            match &plan.dir {
                Some(d) => format!(", saving into {}", d.display()),
                None => String::new(),
            }
        ),
    };
    format!(
        "checking {addr}: {what}; up to {} per step; --seed {}",
        wire::seconds(plan.timeout),
        plan.seed
    )
}
