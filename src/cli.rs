//! The `sticky` command line: one scheme for every demo.
//!
//! ```text
//! sticky list                                   what each demo shows
//! sticky run N [options]                        server and client in one process, on loopback
//! sticky serve N [--bind ADDR] [options]        the server half (teacher's machine)
//! sticky connect N [--to ADDR] [options]        the client half (student's machine)
//! sticky tour [--no-pause]                      every demo in order
//! sticky bench [--check] [--svg FILE]          a quick chunk-size table
//! sticky docs --check | --write                 verify or regenerate the docs' transcripts
//! ```
//!
//! `--color auto|always|never` goes with every command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::color::ColorChoice;
use crate::framing::{Endian, DEFAULT_MAX_FRAME};
use crate::net::{DEFAULT_BIND, DEFAULT_CONNECT};

/// The demos, by number, with what each one shows.
pub const DEMOS: [(u8, &str, &str); 6] = [
    (
        1,
        "tcp-echo",
        "bind/listen/accept/connect: a TCP echo server and its client",
    ),
    (
        2,
        "udp",
        "sendto/recvfrom: datagrams keep their boundaries, but can be truncated",
    ),
    (
        3,
        "sticky",
        "the naive sender: small writes glue together, a large one is cut apart",
    ),
    (
        4,
        "fixed-length",
        "fix 1: every message is exactly N bytes, read with read_exact",
    ),
    (
        5,
        "length-prefix",
        "fix 2: a 4-byte length header, then the payload",
    ),
    (
        6,
        "file-transfer",
        "the lesson's protocol: length, JSON header, file body in chunks",
    ),
];

/// TCP sticky packets (粘包/拆包), shown live and fixed.
#[derive(Debug, Parser)]
#[command(name = "sticky", version, about, propagate_version = true)]
pub struct Cli {
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the demos.
    List,
    /// Run a demo: server and client in one process, on loopback.
    Run {
        /// Demo number (see `sticky list`).
        #[arg(value_parser = parse_demo)]
        demo: u8,
        #[command(flatten)]
        opts: DemoOpts,
    },
    /// Run a demo's server half.
    Serve {
        /// Demo number (see `sticky list`).
        #[arg(value_parser = parse_demo)]
        demo: u8,
        /// Address to listen on; 0.0.0.0:7878 lets other machines connect.
        #[arg(long, default_value = DEFAULT_BIND, value_name = "ADDR")]
        bind: String,
        /// Stop after this many clients (default: serve until Ctrl-C).
        #[arg(long, value_name = "N")]
        clients: Option<usize>,
        #[command(flatten)]
        opts: DemoOpts,
    },
    /// Run a demo's client half.
    Connect {
        /// Demo number (see `sticky list`).
        #[arg(value_parser = parse_demo)]
        demo: u8,
        /// The server's address.
        #[arg(long, default_value = DEFAULT_CONNECT, value_name = "ADDR")]
        to: String,
        #[command(flatten)]
        opts: DemoOpts,
    },
    /// Run every demo in order, pausing for Enter between them on a terminal.
    Tour {
        /// Do not wait for Enter between demos.
        #[arg(long)]
        no_pause: bool,
    },
    /// Measure the file protocol of demo 06 at several chunk sizes, briefly.
    Bench {
        /// Seconds per measurement; each row of the table takes 2 x --rounds of them.
        #[arg(long, default_value_t = 0.1, value_name = "S")]
        seconds: f64,
        /// Bytes moved per transfer.
        #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES")]
        bytes: usize,
        /// Measurements per link and chunk size; the table shows their median and range.
        #[arg(long, default_value_t = 7, value_name = "N")]
        rounds: usize,
        /// Also time two separate processes (sticky-loopback) with the same chunk size.
        #[arg(long)]
        check: bool,
        /// Bytes each two-process run of --check moves.
        #[arg(long, default_value_t = 512 * 1024 * 1024, value_name = "BYTES")]
        check_bytes: u64,
        /// Write a plot of MB/s against chunk size to FILE, as SVG.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
    /// Check or regenerate the transcripts in the docs.
    Docs {
        /// Rewrite the transcripts in place.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Fail if a transcript differs from what the program prints now (the default).
        #[arg(long)]
        check: bool,
        /// The docs folder.
        #[arg(long, default_value = "docs", value_name = "DIR")]
        dir: PathBuf,
    },
}

/// Options of the demos; each demo uses the ones its help line names.
#[derive(Debug, Clone, Args)]
pub struct DemoOpts {
    /// Demo 03: replay the received bytes through the seeded re-segmenter,
    /// for output that is the same on every run.
    #[arg(long, value_name = "SEED")]
    pub seed: Option<u64>,

    /// Demo 03 serve: milliseconds to wait before the first read, as a busy server would.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    pub delay_ms: u64,

    /// Demo 04: the agreed size of every message, in bytes.
    #[arg(long, default_value_t = 32, value_name = "BYTES")]
    pub size: usize,

    /// Demos 05 and 06: little-endian length header, as the lesson's struct.pack('i', n) on x86.
    #[arg(long)]
    pub little_endian: bool,

    /// Demo 05: the largest frame a receiver accepts, in bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FRAME, value_name = "BYTES")]
    pub max_frame: usize,

    /// Demo 06: the file to send.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Demo 06: the folder where a received file is written.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub out: PathBuf,

    /// Demo 06: bytes per read and write of the file body.
    #[arg(long, default_value_t = 8192, value_parser = parse_chunk, value_name = "BYTES")]
    pub chunk: usize,

    /// Demo 06: replace a file that already exists under --out.
    #[arg(long)]
    pub force: bool,

    /// Demo 06: the largest JSON header a receiver accepts, in bytes.
    #[arg(long, default_value_t = 64 * 1024, value_name = "BYTES")]
    pub max_header: usize,

    /// Demo 06: upload instead: `connect 6 --file` sends, `serve 6 --out` receives.
    #[arg(long)]
    pub upload: bool,
}

impl DemoOpts {
    /// The byte order chosen for length headers.
    pub fn endian(&self) -> Endian {
        if self.little_endian {
            Endian::Little
        } else {
            Endian::Big
        }
    }
}

fn parse_demo(s: &str) -> Result<u8, String> {
    let known = || format!("`sticky list` shows demos 1 to {}", DEMOS.len());
    let n: u8 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a demo number; {}", known()))?;
    if DEMOS.iter().any(|d| d.0 == n) {
        Ok(n)
    } else {
        Err(format!("there is no demo {n}; {}", known()))
    }
}

fn parse_chunk(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("a chunk must be at least 1 byte".into()),
        Ok(n) if n > 64 * 1024 * 1024 => Err("a chunk may be at most 64 MiB".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{s:?}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_numbers_are_checked() {
        assert_eq!(parse_demo("3"), Ok(3));
        assert!(parse_demo("9").unwrap_err().contains("there is no demo 9"));
        assert!(parse_demo("x").unwrap_err().contains("not a demo number"));
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
