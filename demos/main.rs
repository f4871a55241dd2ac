//! The `sticky` command: one entry point for the numbered demos.
//!
//! Each demo lives in its own file next to this one and reads top to bottom;
//! this file only parses the command line, picks the demo, and prints an
//! error once, on one line, if anything goes wrong.

#[path = "bench_table.rs"]
mod bench_table;
#[path = "06_file_transfer.rs"]
mod file_transfer;
#[path = "04_fixed_length.rs"]
mod fixed_length;
#[path = "05_length_prefix.rs"]
mod length_prefix;
#[path = "03_sticky.rs"]
mod sticky_demo;
#[path = "01_tcp_echo.rs"]
mod tcp_echo;
#[path = "02_udp.rs"]
mod udp;

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;
use colored::Colorize;
use sticky::cli::{Cli, Command, DemoOpts, DEMOS};
use sticky::net::resolve;
use sticky::Result;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    cli.color.apply();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
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

/// Help and version go to stdout as usual; a usage mistake is one line on stderr.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{e}");
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{e}");
            ExitCode::from(2)
        }
        _ => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("error: bad arguments");
            eprintln!("{first} (see sticky --help)");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::List => {
            for (n, slug, what) in DEMOS {
                println!("{}  {:<14} {what}", format!("{n:02}").bold(), slug);
            }
            println!("\nrun one with `sticky run N`; see `sticky --help` for serve/connect");
            Ok(())
        }
        Command::Run { demo, opts } => run_demo(demo, &opts),
        Command::Serve {
            demo,
            bind,
            clients,
            opts,
        } => {
            let addr = resolve(&bind)?;
            match demo {
                1 => tcp_echo::serve(addr, clients),
                2 => udp::serve(addr, clients),
                3 => sticky_demo::serve(addr, clients, &opts),
                4 => fixed_length::serve(addr, clients, &opts),
                5 => length_prefix::serve(addr, clients, &opts),
                _ => file_transfer::serve(addr, clients, &opts),
            }
        }
        Command::Connect { demo, to, opts } => {
            let addr = resolve(&to)?;
            match demo {
                1 => tcp_echo::connect(addr),
                2 => udp::connect(addr),
                3 => sticky_demo::connect(addr),
                4 => fixed_length::connect(addr, &opts),
                5 => length_prefix::connect(addr, &opts),
                _ => file_transfer::connect(addr, &opts),
            }
        }
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
        } => docs(write, &dir),
    }
}

fn run_demo(demo: u8, opts: &DemoOpts) -> Result<()> {
    let (n, slug, what) = DEMOS[usize::from(demo) - 1];
    println!("{}", format!("== demo {n:02} {slug}: {what} ==").bold());
    match demo {
        1 => tcp_echo::run(),
        2 => udp::run(),
        3 => sticky_demo::run(opts),
        4 => fixed_length::run(opts),
        5 => length_prefix::run(opts),
        _ => file_transfer::run(opts),
    }
}

/// Every demo in order. On a terminal it waits for Enter between demos, so
/// the teacher sets the pace; piped or with --no-pause it runs straight through.
fn tour(no_pause: bool) -> Result<()> {
    use clap::Parser as _;
    let pause = !no_pause && std::io::stdin().is_terminal();
    let defaults = Cli::parse_from(["sticky", "run", "1"]);
    let Command::Run { opts, .. } = defaults.command else {
        unreachable!("parsing a fixed `run 1` yields Command::Run")
    };
    for (i, (n, ..)) in DEMOS.iter().enumerate() {
        if i > 0 {
            println!();
            if pause {
                println!("{}", "press Enter for the next demo".dimmed());
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(sticky::Error::io("waiting for Enter"))?;
            }
        }
        run_demo(*n, &opts)?;
    }
    Ok(())
}

/// Regenerates (`--write`) or checks the transcripts in the docs by running
/// this very program with each transcript's arguments.
fn docs(write: bool, dir: &std::path::Path) -> Result<()> {
    let exe = std::env::current_exe().map_err(sticky::Error::io("finding this program"))?;
    let runner = sticky::transcript::ProgramRunner::new(exe);
    let report = sticky::transcript::process_dir(dir, &runner, write)?;
    for line in &report.lines {
        println!("{line}");
    }
    if write {
        println!("{} transcript(s) rewritten", report.stale);
    }
    if !write && report.stale > 0 {
        return Err(sticky::Error::Usage(format!(
            "{} transcript(s) out of date; regenerate with `cargo run -- docs --write`",
            report.stale
        )));
    }
    Ok(())
}
