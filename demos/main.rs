//! The `sticky` command: one entry point for the numbered demos.
//!
//! Each demo lives in its own file next to this one and reads top to bottom;
//! this file parses the command line, hands each demo only the options it
//! uses, and prints an error once, on one line, with advice, if anything
//! goes wrong.

#[path = "app/mod.rs"]
mod app;
#[path = "bench_table.rs"]
mod bench_table;
#[path = "check/mod.rs"]
mod check;
#[path = "06_file_transfer.rs"]
mod file_transfer;
#[path = "04_fixed_length.rs"]
mod fixed_length;
#[path = "05_length_prefix.rs"]
mod length_prefix;
#[path = "07_lines.rs"]
mod lines;
#[path = "08_nagle.rs"]
mod nagle;
#[path = "protocols_view.rs"]
mod protocols_view;
#[path = "proxy_view.rs"]
mod proxy_view;
#[path = "03_sticky.rs"]
mod sticky_demo;
#[path = "01_tcp_echo.rs"]
mod tcp_echo;
#[path = "02_udp.rs"]
mod udp;

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use app::cli::{check_flags, what, Cli, Command, DemoOpts, DigestChoice, Mode, DEMOS};
use app::screen::say;
use app::Failure;
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser};
use colored::Colorize;
use sticky::net::{resolve, resolve_all, Limits};
use sticky::{FixedLength, LengthPrefixed, Lines};

fn main() -> ExitCode {
    restore_default_sigpipe();
    return_large_buffers_at_once();
    // Before parsing, so the help pages wrap at the same width as the demos.
    app::width::apply();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    cli.color.apply();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{}", failure.line());
            ExitCode::from(failure.code())
        }
    }
}

/// Parses the command line, then refuses demo options the chosen demo does
/// not use. A mistake is one line on stderr and exit code 2.
fn parse() -> Result<Cli, ExitCode> {
    // The language first, from --lang or the locale: the help pages and
    // clap's own errors are worded in it.
    app::lang::choice_in(std::env::args_os())
        .unwrap_or_default()
        .apply();
    // Help pages break at spaces within the width the demos use (a terminal's,
    // or COLUMNS); off a terminal, as the demos do, they are not wrapped.
    // Chinese has no spaces to break at: clap leaves it whole, and
    // `app::help::page` breaks it between characters.
    let width = match app::lang::lang() {
        app::lang::Lang::En => app::width::columns().unwrap_or(0),
        app::lang::Lang::Zh => 0,
    };
    let matches = app::help::command(Cli::command().term_width(width))
        .try_get_matches()
        .map_err(usage_error)?;
    let cli = Cli::from_arg_matches(&matches).map_err(usage_error)?;
    // Before the flags are checked, so a refusal is worded in the user's language.
    cli.lang.apply();
    let (mode, demo) = match &cli.command {
        Command::Run { demo, .. } => (Mode::Run, *demo),
        Command::Serve { demo, .. } => (Mode::Serve, *demo),
        Command::Connect { demo, .. } => (Mode::Connect, *demo),
        _ => return Ok(cli),
    };
    let sub = matches.subcommand().map(|(_, m)| m);
    if let Some(Err(message)) = sub.map(|m| check_flags(m, mode, demo)) {
        let failure = Failure::Usage(message);
        eprintln!("{}", failure.line());
        return Err(ExitCode::from(failure.code()));
    }
    Ok(cli)
}

/// Rust ignores SIGPIPE, which turns `sticky run 3 | head` into a panic
/// when `head` stops reading. Restoring the default makes the program end
/// quietly, as other command-line tools do.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL
    // is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// A server's buffers shrink back once a large frame is handed out, but
/// glibc's allocator keeps what it is given back when the block was large:
/// after the first 8 MiB block is freed it raises its threshold for giving
/// memory to the system to 8 MiB, and each thread's arena then holds on to
/// its freed frames. A fixed threshold of 256 KiB gives every larger block
/// back when it is freed. Measured with `serve 5` and 100 idle clients that
/// each sent one 8 MiB frame: 150 MiB resident without this, 21 MiB with it.
fn return_large_buffers_at_once() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called first thing in main, before any thread allocates;
    // M_MMAP_THRESHOLD takes a size in bytes.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

/// Help and version go to stdout as usual; a usage mistake is one line on stderr.
fn usage_error(e: clap::Error) -> ExitCode {
    let page = || app::help::page(&e.to_string(), app::width::columns());
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{}", page());
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{}", page());
            ExitCode::from(2)
        }
        _ => {
            let text = e.to_string();
            let command = help_command(&text);
            let line =
                app::help::error_line(&e, &command).unwrap_or_else(|| usage_line(&text, &command));
            eprintln!("{line}");
            ExitCode::from(2)
        }
    }
}

/// clap's usage error in one line: its first line, with the lines that name
/// what is missing (clap puts them on the lines below, indented) joined on,
/// and the help page of the command that was typed.
fn usage_line(text: &str, command: &str) -> String {
    let mut lines = text.lines();
    let mut line = lines.next().unwrap_or("error: bad arguments").to_string();
    if line.ends_with(':') {
        let named: Vec<&str> = lines
            .clone()
            .take_while(|l| l.starts_with("  "))
            .map(str::trim)
            .collect();
        line = format!("{line} {}", named.join(", "));
    }
    format!("{line} (see {command} --help)")
}

/// The command that was typed, from clap's usage line:
/// "Usage: sticky run [OPTIONS] <DEMO>" → "sticky run". A bad value comes
/// without one: then the first word on the command line that names a
/// command.
fn help_command(text: &str) -> String {
    let from_usage: Option<Vec<&str>> =
        text.lines()
            .find_map(|l| l.strip_prefix("Usage: "))
            .map(|usage| {
                usage
                    .split_whitespace()
                    .take_while(|w| !w.starts_with(['[', '<', '-']))
                    .collect()
            });
    if let Some(words) = from_usage {
        return words.join(" ");
    }
    let cli = Cli::command();
    let typed = std::env::args()
        .skip(1)
        .find(|a| cli.get_subcommands().any(|s| s.get_name() == a));
    match typed {
        Some(sub) => format!("sticky {sub}"),
        None => "sticky".to_string(),
    }
}

fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::List => {
            // "01  tcp-echo       " is 19 columns; a description too long for
            // the line goes on under itself, not under the number.
            for (n, slug, _) in DEMOS {
                let line = format!("{}  {:<14} {}", format!("{n:02}").bold(), slug, what(n));
                println!(
                    "{}",
                    app::screen::wrapped_under(&line, Some(line_limit()), 19)
                );
            }
            println!();
            say(words::run_one());
            Ok(())
        }
        Command::Run { demo, opts } => {
            if opts.svg.is_some() {
                app::slides::start();
            }
            run_demo(demo, &opts).map_err(in_demo(demo, &opts))?;
            match &opts.svg {
                Some(path) => app::slides::write(path).map_err(in_demo(demo, &opts)),
                None => Ok(()),
            }
        }
        Command::Serve {
            demo,
            bind,
            clients,
            max_clients,
            max_per_address,
            show_all,
            idle_timeout,
            opts,
        } => {
            app::served::show_all(show_all);
            let limits = Limits {
                stop_after: clients,
                max_clients,
                max_per_address,
                idle_timeout: Duration::from_secs(idle_timeout),
            };
            serve(demo, &bind, limits, &opts)
        }
        Command::Connect { demo, to, opts } => connect(demo, &to, &opts),
        Command::Tour { no_pause } => tour(no_pause),
        Command::Bench {
            seconds,
            bytes,
            rounds,
            check,
            check_bytes,
            svg,
        } => bench_table::run(&bench_table::Options {
            seconds,
            bytes,
            rounds,
            check,
            check_bytes,
            svg,
        }),
        Command::Docs {
            write,
            check: _,
            dir,
        } => docs(write, dir),
        Command::Proxy(args) => proxy_view::run(&args).map_err(Failure::from),
        Command::Protocols { name, list } => {
            protocols_view::run(name.as_deref(), list).map_err(Failure::Usage)
        }
        // The grader's exit status is its verdict (0: every case passed), so it
        // prints its own errors and ends the process itself.
        Command::Check(args) => std::process::exit(check::run(&args)),
    }
}

/// Adds what the advice needs to know to a demo's error.
fn in_demo(demo: u8, opts: &DemoOpts) -> impl Fn(sticky::Error) -> Failure + Copy {
    app::in_demo(demo, opts.little_endian)
}

/// The widest line `list` and a demo's title print: a terminal's width
/// when it is narrower, else 80 columns, which is what a projected terminal
/// and the docs' transcripts are read at even when nothing limits them.
fn line_limit() -> usize {
    app::width::columns().map_or(80, |c| c.min(80))
}

/// `== demo 07 lines: ... ==` within [`line_limit`], a description too long
/// for one line going on under itself (counted in display columns, a
/// Chinese character taking two), and the closing `==` kept with its last
/// word rather than left alone on a line.
fn title(n: u8, slug: &str) -> String {
    let lead = words::title_lead(n, slug);
    let indent = unicode_width::UnicodeWidthStr::width(lead.as_str());
    let body = app::screen::wrapped_under(
        &format!("{lead}{}", what(n)),
        Some(line_limit().saturating_sub(3)),
        indent,
    );
    format!("{body} ==")
}

/// Each demo gets exactly the options it uses, so its signature says what
/// it depends on.
fn run_demo(demo: u8, opts: &DemoOpts) -> sticky::Result<()> {
    let (n, slug, _) = DEMOS[usize::from(demo) - 1];
    say(title(n, slug).bold());
    match demo {
        1 => tcp_echo::run(),
        2 => udp::run(),
        3 => sticky_demo::run(sticky_demo::Replay::of(opts.seed, opts.profile)),
        4 => fixed_length::run(FixedLength::new(opts.size)?, opts.seed),
        5 => length_prefix::run(frame_codec(opts), opts.seed),
        7 => lines::run(Lines::new(opts.max_line)),
        8 => nagle::run(opts.requests as usize),
        _ => file_transfer::run(&transfer(opts)),
    }
}

fn serve(demo: u8, bind: &str, limits: Limits, opts: &DemoOpts) -> Result<(), Failure> {
    let fail = in_demo(demo, opts);
    let addr = resolve(bind).map_err(fail)?;
    let done = match demo {
        1 => tcp_echo::serve(addr, limits),
        // UDP has no connections: --clients counts datagrams.
        2 => udp::serve(addr, limits.stop_after),
        3 => sticky_demo::serve(addr, limits, Duration::from_millis(opts.delay_ms)),
        4 => FixedLength::new(opts.size).and_then(|codec| fixed_length::serve(addr, limits, codec)),
        5 => length_prefix::serve(addr, limits, frame_codec(opts)),
        _ if opts.upload => file_transfer::serve_uploads(addr, limits, &opts.out, &transfer(opts)),
        7 => lines::serve(addr, limits, Lines::new(opts.max_line)),
        8 => nagle::serve(addr, limits),
        _ => match &opts.file {
            Some(file) => {
                // BLAKE3 alone by default: the first client's transfer is
                // the one a class waits for, and SHA-256 would cost the
                // sender three to four times BLAKE3's CPU on the way.
                let digests = opts.digest.unwrap_or(DigestChoice::Blake3).kinds();
                let t = file_transfer::Transfer {
                    digests,
                    ..transfer(opts)
                };
                file_transfer::serve_file(addr, limits, file, &t)
            }
            None => return Err(Failure::Usage(words::serve_6_needs_a_file())),
        },
    };
    done.map_err(fail)
}

fn connect(demo: u8, to: &str, opts: &DemoOpts) -> Result<(), Failure> {
    let fail = in_demo(demo, opts);
    let addrs = resolve_all(to).map_err(fail)?;
    let done = match demo {
        1 => tcp_echo::connect(&addrs),
        // UDP connects nothing: the datagrams go to the first address.
        2 => udp::connect(addrs[0], opts.stdin),
        3 => sticky_demo::connect(&addrs, opts.stdin),
        4 => FixedLength::new(opts.size)
            .and_then(|codec| fixed_length::connect(&addrs, codec, opts.stdin)),
        5 => length_prefix::connect(&addrs, frame_codec(opts), opts.stdin),
        7 => lines::connect(&addrs, Lines::new(opts.max_line)),
        8 => nagle::connect(&addrs, opts.requests as usize),
        _ if opts.upload => match &opts.file {
            Some(file) => file_transfer::upload(&addrs, file, &transfer(opts)),
            None => return Err(Failure::Usage(words::upload_needs_a_file())),
        },
        _ => file_transfer::download(&addrs, &opts.out, &transfer(opts)),
    };
    done.map_err(fail)
}

fn frame_codec(opts: &DemoOpts) -> LengthPrefixed {
    LengthPrefixed::new(opts.endian(), opts.max_frame)
}

fn transfer(opts: &DemoOpts) -> file_transfer::Transfer {
    file_transfer::Transfer {
        endian: opts.endian(),
        chunk: opts.chunk,
        max_header: opts.max_header,
        max_file: opts.max_file,
        force: opts.force,
        // serve 6 --file has the flag; run 6 and an upload send both, for a
        // receiver of either kind.
        digests: opts.digest.unwrap_or(DigestChoice::Both).kinds(),
    }
}

/// Every demo in order. On a terminal it waits for Enter between demos, so
/// the teacher sets the pace; piped or with --no-pause it runs straight through.
fn tour(no_pause: bool) -> Result<(), Failure> {
    let pause = !no_pause && std::io::stdin().is_terminal();
    let defaults = Cli::try_parse_from(["sticky", "run", "1"])
        .map_err(|e| Failure::Other(format!("the default options do not parse: {e}")))?;
    let Command::Run { opts, .. } = defaults.command else {
        return Err(Failure::Other("`run 1` did not parse as a run".into()));
    };
    for (i, (n, ..)) in DEMOS.iter().enumerate() {
        if i > 0 {
            println!();
            if pause {
                say(words::press_enter().dimmed());
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(sticky::Error::io("waiting for Enter"))?;
            }
        }
        run_demo(*n, &opts).map_err(in_demo(*n, &opts))?;
    }
    Ok(())
}

/// Regenerates (`--write`) or checks the transcripts in the docs by running
/// this very program with each transcript's arguments.
fn docs(write: bool, dir: Option<PathBuf>) -> Result<(), Failure> {
    // The source tree's docs/ when run from anywhere with `cargo run`; else ./docs.
    let dir = dir.unwrap_or_else(|| {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        if here.is_dir() {
            here
        } else {
            PathBuf::from("docs")
        }
    });
    let exe = std::env::current_exe().map_err(sticky::Error::io("finding this program"))?;
    let runner = app::transcript::ProgramRunner::new(exe.clone());
    let mut report = app::transcript::process_dir(&dir, &runner, write)?;
    let (pictures, stale_pictures) = app::figures::process_dir(&dir, &exe, write)?;
    report.lines.extend(pictures);
    report.stale += stale_pictures;
    for line in &report.lines {
        println!("{line}");
    }
    let words = &app::transcript::WORDS;
    if write {
        println!("{}", tr!(words, "rewritten", n = report.stale));
    }
    if !write && report.stale > 0 {
        return Err(Failure::Other(tr!(
            words,
            "out-of-date",
            n = report.stale,
            dir = dir.display()
        )));
    }
    Ok(())
}

/// Everything this file prints, from `help.ftl`.
mod words {
    use crate::app::help::WORDS;
    use crate::tr;

    pub fn run_one() -> String {
        tr!(WORDS, "list-run-one")
    }

    /// A demo's title up to its description: `== demo 07 lines: `.
    pub fn title_lead(n: u8, slug: &str) -> String {
        tr!(WORDS, "title-lead", n = format!("{n:02}"), slug = slug)
    }

    pub fn press_enter() -> String {
        tr!(WORDS, "press-enter")
    }

    pub fn serve_6_needs_a_file() -> String {
        tr!(WORDS, "serve-6-needs-a-file")
    }

    pub fn upload_needs_a_file() -> String {
        tr!(WORDS, "upload-needs-a-file")
    }
}
