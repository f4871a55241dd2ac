//! The `sticky` command line: one scheme for every demo.
//!
//! ```text
//! sticky list                                   what each demo shows
//! sticky run N [options]                        server and client in one process, on loopback
//! sticky serve N [--bind ADDR] [options]        the server half (teacher's machine)
//! sticky connect N [--to ADDR] [options]        the client half (student's machine)
//! sticky tour [--no-pause]                      every demo in order
//! sticky bench [--seconds S]                    a quick chunk-size table
//! sticky docs --check | --write                 verify or regenerate the docs' transcripts
//! sticky protocols [NAME]                       how real protocols frame a message, byte by byte
//! ```
//!
//! `--color auto|always|never` and `--lang auto|en|zh` go with every command. The demos' options
//! are one set, but each demo takes only the ones it uses: [`check_flags`]
//! refuses the rest, naming the demos a flag is for.

use std::path::PathBuf;

use clap::parser::ValueSource;
use clap::{ArgMatches, Args, Parser, Subcommand};
use sticky::file_transfer::{
    DigestKind, DEFAULT_CHUNK, DEFAULT_MAX_FILE, DEFAULT_MAX_HEADER, TRAILER_DIGESTS,
};
use sticky::framing::{Endian, DEFAULT_MAX_FRAME, DEFAULT_MAX_LINE};
use sticky::net::{
    DEFAULT_BIND, DEFAULT_CONNECT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CLIENTS,
    DEFAULT_MAX_PER_ADDRESS,
};

use super::color::ColorChoice;
use super::help::WORDS;
use super::lang::LangChoice;
use crate::tr;

/// The demos, by number, with what each one shows.
pub const DEMOS: [(u8, &str, &str); 8] = [
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
    (
        7,
        "lines",
        "fix 3: a newline after every message; the pitfall of a newline inside one",
    ),
    (
        8,
        "nagle",
        "a request in two writes stalls 40 ms: Nagle's algorithm meets a delayed ACK",
    ),
];

/// What demo `n` shows, in the language of this run: `help.ftl`'s
/// `demo-N`, whose English is [`DEMOS`]'s (a test keeps them equal).
pub fn what(n: u8) -> String {
    let i = usize::from(n).saturating_sub(1).min(DEMOS.len() - 1);
    WORDS.text(&format!("demo-{}", DEMOS[i].0), &[])
}

/// TCP sticky packets (粘包/拆包), shown live and fixed.
// The short doc line, not Cargo.toml's long description: clap wraps help by
// counting characters, and a Chinese character takes two columns, so a
// wrapped line with 粘包 in it would be too wide by the count of them.
#[derive(Debug, Parser)]
#[command(name = "sticky", version, propagate_version = true)]
pub struct Cli {
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Narrate in: auto (Chinese when LC_ALL/LC_MESSAGES/LANG starts with zh), en, zh.
    #[arg(long, value_enum, default_value_t = LangChoice::Auto, global = true)]
    pub lang: LangChoice,

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
        /// Stop after N clients (default: serve until Ctrl-C).
        #[arg(long, value_name = "N")]
        clients: Option<usize>,
        /// TCP demos: clients served at once; one more is refused with a line.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CLIENTS,
              value_parser = parse_max_clients)]
        max_clients: usize,
        /// TCP demos: clients served at once from one IP address.
        #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PER_ADDRESS,
              value_parser = parse_max_per_address)]
        max_per_address: usize,
        /// TCP demos: print every client's lines, unrationed.
        #[arg(long)]
        show_all: bool,
        /// TCP demos: drop a client that sends (or reads) nothing for this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = DEFAULT_IDLE_TIMEOUT.as_secs(),
              value_parser = clap::value_parser!(u64).range(1..=86_400))]
        idle_timeout: u64,
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
        #[arg(long, default_value_t = 0.1, value_name = "S", value_parser = parse_seconds)]
        seconds: f64,
        /// Bytes moved per transfer.
        #[arg(long, default_value_t = 16 * 1024 * 1024, value_name = "BYTES",
              value_parser = parse_bench_bytes)]
        bytes: usize,
        /// Measurements per link and chunk size; the table shows their median and range.
        #[arg(long, default_value_t = 7, value_name = "N",
              value_parser = parse_rounds)]
        rounds: usize,
        /// Also time two separate processes (sticky-loopback) with the same chunk size.
        #[arg(long)]
        check: bool,
        /// Bytes each two-process run of --check moves.
        #[arg(long, default_value_t = 512 * 1024 * 1024, value_name = "BYTES",
              value_parser = clap::value_parser!(u64).range(1..=1 << 34))]
        check_bytes: u64,
        /// Write a plot of MB/s against chunk size to FILE, as SVG.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
    },
    /// Relay TCP between any two programs, cutting and gluing the stream as a network does.
    Proxy(ProxyArgs),
    /// How real protocols frame a message: HTTP/1.1, TLS, HTTP/2, WebSocket, protobuf, MQTT, SMTP, RESP.
    Protocols {
        /// Only this protocol (see --list).
        #[arg(value_name = "NAME")]
        name: Option<String>,
        /// List the protocols, one line each.
        #[arg(long, conflicts_with = "name")]
        list: bool,
    },
    /// Grade a server of your own: a legal but unkind client, one case at a time.
    Check(CheckArgs),
    /// Check or regenerate the transcripts in the docs.
    Docs {
        /// Rewrite the transcripts in place.
        #[arg(long, conflicts_with = "check")]
        write: bool,
        /// Fail if a transcript differs from what the program prints now (the default).
        #[arg(long)]
        check: bool,
        /// The docs folder (default: the docs/ folder of this source tree, else ./docs).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Options of `sticky proxy`; the values are parsed and checked in [`crate::proxy`].
#[derive(Debug, Clone, Args)]
pub struct ProxyArgs {
    /// Address the proxy listens on; point the client here.
    #[arg(long, default_value = sticky::proxy::DEFAULT_LISTEN, value_name = "ADDR")]
    pub listen: String,
    /// The server every connection is relayed to.
    #[arg(long, default_value = DEFAULT_CONNECT, value_name = "ADDR")]
    pub to: String,
    /// Cut the stream into pieces of MIN to MAX bytes (both included), one write each.
    #[arg(long, value_name = "MIN..MAX", value_parser = sticky::proxy::parse_cut)]
    pub cut: Option<sticky::proxy::Span>,
    /// Wait MIN to MAX milliseconds (both included) before every write but the first.
    #[arg(long, value_name = "MIN..MAX", value_parser = sticky::proxy::parse_delay_ms)]
    pub delay_ms: Option<sticky::proxy::Span>,
    /// Hold what arrives and release it in one write N ms after the first held byte.
    #[arg(long, value_name = "N", value_parser = sticky::proxy::parse_coalesce_ms,
          conflicts_with = "profile")]
    pub coalesce_ms: Option<u64>,
    /// Send as TCP would across a real path: lan, wifi, wan or lossy; `list` shows their figures.
    #[arg(long, value_name = "NAME", value_parser = parse_profile_choice)]
    pub profile: Option<ProfileChoice>,
    /// Seed of the cuts and delays; without it one is picked at random and printed.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Stop after this many connections, once each is relayed to the end.
    #[arg(long, value_name = "N")]
    pub clients: Option<usize>,
    /// When done (needs --clients), draw what came in and went out into FILE, as SVG.
    #[arg(long, value_name = "FILE", requires = "clients")]
    pub svg: Option<PathBuf>,
    /// Close a connection after this many seconds without a byte either way.
    #[arg(long, default_value_t = 60, value_name = "SECS", value_parser = sticky::proxy::parse_idle_secs)]
    pub idle_timeout: u64,
    /// Connections relayed at once; one more is closed at once, with a line saying so.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CLIENTS,
          value_parser = parse_max_clients)]
    pub max_clients: usize,
}

/// `--profile NAME`, or `--profile list`.
#[derive(Debug, Clone, Copy)]
pub enum ProfileChoice {
    /// Print the profiles and stop.
    List,
    /// Shape every direction as a sender on this path.
    Path(sticky::netsim::Profile),
}

fn parse_profile_choice(s: &str) -> Result<ProfileChoice, String> {
    if s == "list" {
        return Ok(ProfileChoice::List);
    }
    parse_profile(s).map(ProfileChoice::Path)
}

/// A profile by name, or a refusal that names them all.
fn parse_profile(s: &str) -> Result<sticky::netsim::Profile, String> {
    sticky::netsim::Profile::named(s).ok_or_else(|| {
        let names: Vec<&str> = sticky::netsim::PROFILES.iter().map(|p| p.name).collect();
        tr!(
            WORDS,
            "value-no-profile",
            name = format!("{s:?}"),
            names = names.join(&list_separator())
        )
    })
}

/// ", " between the names of a list; "、" in Chinese.
pub fn list_separator() -> String {
    tr!(WORDS, "words-separator")
}

/// The flags of `sticky check`; what they mean is decided in `demos/check/`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The wire format the server speaks: demo 1, 4, 5, 6 or 7.
    #[arg(value_parser = parse_demo)]
    pub demo: u8,
    /// The server to check.
    #[arg(long, default_value = DEFAULT_CONNECT, value_name = "ADDR")]
    pub to: String,
    /// Run only this case (see --list).
    #[arg(long, value_name = "NAME")]
    pub case: Option<String>,
    /// List the cases, one line each, and connect to nothing.
    #[arg(long, conflicts_with = "case")]
    pub list: bool,
    /// Seconds with no byte moving either way before a wait gives up.
    #[arg(long, default_value_t = 3.0, value_name = "SECS")]
    pub timeout: f64,
    /// Demo 05: the largest frame the server must accept (default 8 MiB).
    #[arg(long, value_name = "BYTES")]
    pub max_frame: Option<usize>,
    /// Demo 07: the longest line the server must accept, newline not counted (default 65536).
    #[arg(long, value_name = "BYTES")]
    pub max_line: Option<usize>,
    /// Demo 04: the size of every record (default 32).
    #[arg(long, value_name = "BYTES")]
    pub size: Option<usize>,
    /// Demos 05 and 06: the length header is '<I', not '!I'.
    #[arg(long)]
    pub little_endian: bool,
    /// Demo 06: the folder the receiver writes into, on this machine.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Demo 05: be the server instead, unkind to a client of your own.
    #[arg(long, conflicts_with = "to")]
    pub serve: bool,
    /// With --serve: the address to listen on (default 127.0.0.1:7878).
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// With --serve: stop after this many clients.
    #[arg(long, value_name = "N")]
    pub clients: Option<usize>,
    /// Seed of the cases that cut at random offsets; without it one is picked and printed.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Grade a class: ROSTER has one student per line, `NAME HOST:PORT`.
    #[arg(long, value_name = "ROSTER", conflicts_with_all = ["to", "serve", "list"])]
    pub class: Option<PathBuf>,
    /// With --class: students checked at once (default 8).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=64))]
    pub jobs: Option<u64>,
    /// With --class: the most seconds one student's cases may take in all (default 120).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub per_student: Option<u64>,
    /// Write the results to FILE as JSON Lines, one object per student, or per client connection with --serve (a new file).
    #[arg(long, value_name = "FILE", conflicts_with = "list")]
    pub json: Option<PathBuf>,
}

/// Options of the demos. Each demo uses some of them; [`check_flags`]
/// refuses a flag given to a demo that does not use it.
#[derive(Debug, Clone, Args)]
pub struct DemoOpts {
    /// connect 2 to 5: send each line of standard input as one message, not the fixed ones.
    #[arg(help_heading = "Demos 02 to 05", long)]
    pub stdin: bool,

    /// run 3, 4, 5: replay the received bytes through the seeded re-segmenter,
    /// for output that is the same on every run.
    #[arg(help_heading = "Demos 03 to 05", long, value_name = "SEED")]
    pub seed: Option<u64>,

    /// run 3: replay the received bytes as they would arrive across a network
    /// path: lan, wifi, wan or lossy (see `sticky proxy --profile list`).
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<sticky::netsim::Profile>,

    /// run 3, 4, 5, 7: also draw the writes and the reads into FILE, as SVG, for slides.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,

    /// serve 3: milliseconds to wait before the first read, as a busy server would.
    #[arg(help_heading = "Demo 03", long, default_value_t = 500, value_name = "MS",
          value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub delay_ms: u64,

    /// Demo 04: the agreed size of every message, in bytes.
    #[arg(help_heading = "Demo 04", long, default_value_t = 32, value_name = "BYTES", value_parser = parse_size)]
    pub size: usize,

    /// Demo 05: the largest frame a receiver accepts, in bytes.
    #[arg(help_heading = "Demo 05", long, default_value_t = DEFAULT_MAX_FRAME, value_name = "BYTES",
          value_parser = parse_max_frame)]
    pub max_frame: usize,

    /// Demos 05 and 06: little-endian length header, as the lesson's struct.pack('i', n) on x86.
    #[arg(help_heading = "Demos 05 and 06", long)]
    pub little_endian: bool,

    /// serve 6, connect 6 --upload: the file to send.
    #[arg(help_heading = "Demo 06", long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// connect 6, serve 6 --upload: the folder where a received file is written.
    #[arg(
        help_heading = "Demo 06",
        long,
        default_value = ".",
        value_name = "DIR"
    )]
    pub out: PathBuf,

    /// Demo 06: bytes per read and write of the file body.
    #[arg(help_heading = "Demo 06", long, default_value_t = DEFAULT_CHUNK, value_parser = parse_chunk, value_name = "BYTES")]
    pub chunk: usize,

    /// connect 6, serve 6 --upload: replace a file that already exists under --out.
    #[arg(help_heading = "Demo 06", long)]
    pub force: bool,

    /// Demo 06: the largest JSON header a receiver accepts, in bytes.
    #[arg(help_heading = "Demo 06", long, default_value_t = DEFAULT_MAX_HEADER, value_name = "BYTES",
          value_parser = parse_max_frame)]
    pub max_header: usize,

    /// connect 6, serve 6 --upload, run 6: the largest file a receiver accepts, in bytes,
    /// checked against the header before writing.
    #[arg(help_heading = "Demo 06", long, default_value_t = DEFAULT_MAX_FILE, value_name = "BYTES")]
    pub max_file: u64,

    /// serve 6, connect 6: upload instead: `connect 6 --file` sends, `serve 6 --out` receives.
    #[arg(help_heading = "Demo 06", long)]
    pub upload: bool,

    /// serve 6: digest in the first client's trailer: blake3 (default), sha256 (Python's
    /// hashlib), both.
    #[arg(help_heading = "Demo 06", long, value_name = "NAME", value_parser = parse_digest)]
    pub digest: Option<DigestChoice>,

    /// Demo 07: the longest line a receiver accepts, in bytes, newline not counted.
    #[arg(help_heading = "Demo 07", long, default_value_t = DEFAULT_MAX_LINE, value_name = "BYTES",
          value_parser = parse_max_line)]
    pub max_line: usize,

    /// run 8, connect 8: requests per variant.
    #[arg(help_heading = "Demo 08", long, default_value_t = 10, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub requests: u64,
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

/// Which half of a demo a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Run,
    Serve,
    Connect,
}

impl Mode {
    fn word(self) -> &'static str {
        match self {
            Mode::Run => "run",
            Mode::Serve => "serve",
            Mode::Connect => "connect",
        }
    }
}

/// The demos (and halves) that use each demo option, by clap's argument id.
/// One table, so the help lines, the check and the error agree.
const USED_BY: [(&str, &[(Mode, u8)]); 18] = [
    (
        "svg",
        &[
            (Mode::Run, 3),
            (Mode::Run, 4),
            (Mode::Run, 5),
            (Mode::Run, 7),
        ],
    ),
    ("seed", &[(Mode::Run, 3), (Mode::Run, 4), (Mode::Run, 5)]),
    ("profile", &[(Mode::Run, 3)]),
    ("delay_ms", &[(Mode::Serve, 3)]),
    (
        "size",
        &[(Mode::Run, 4), (Mode::Serve, 4), (Mode::Connect, 4)],
    ),
    ("little_endian", ALL_5_AND_6),
    (
        "max_frame",
        &[(Mode::Run, 5), (Mode::Serve, 5), (Mode::Connect, 5)],
    ),
    ("file", &[(Mode::Serve, 6), (Mode::Connect, 6)]),
    ("out", &[(Mode::Serve, 6), (Mode::Connect, 6)]),
    ("chunk", ALL_6),
    ("force", &[(Mode::Serve, 6), (Mode::Connect, 6)]),
    ("max_header", ALL_6),
    ("upload", &[(Mode::Serve, 6), (Mode::Connect, 6)]),
    ("digest", &[(Mode::Serve, 6)]),
    (
        "max_line",
        &[(Mode::Run, 7), (Mode::Serve, 7), (Mode::Connect, 7)],
    ),
    ("requests", &[(Mode::Run, 8), (Mode::Connect, 8)]),
    ("max_file", ALL_6),
    (
        "stdin",
        &[
            (Mode::Connect, 2),
            (Mode::Connect, 3),
            (Mode::Connect, 4),
            (Mode::Connect, 5),
        ],
    ),
];
const ALL_6: &[(Mode, u8)] = &[(Mode::Run, 6), (Mode::Serve, 6), (Mode::Connect, 6)];
const ALL_5_AND_6: &[(Mode, u8)] = &[
    (Mode::Run, 5),
    (Mode::Serve, 5),
    (Mode::Connect, 5),
    (Mode::Run, 6),
    (Mode::Serve, 6),
    (Mode::Connect, 6),
];

/// Refuses a demo option that was typed on the command line for a demo that
/// does not use it, so a typo'd demo number or a misplaced flag is never
/// silently ignored. `matches` are the subcommand's own matches.
pub fn check_flags(matches: &ArgMatches, mode: Mode, demo: u8) -> Result<(), String> {
    for (id, users) in USED_BY {
        let typed = matches.value_source(id) == Some(ValueSource::CommandLine);
        if typed && !users.contains(&(mode, demo)) {
            let flag = format!("--{}", id.replace('_', "-"));
            let names: Vec<String> = users
                .iter()
                .map(|(m, d)| format!("`{} {d}`", m.word()))
                .collect();
            return Err(refusal::not_for(&flag, &names, mode.word(), demo));
        }
    }
    // UDP has no connections to limit.
    if mode == Mode::Serve && demo == 2 {
        for id in ["max_clients", "max_per_address", "show_all", "idle_timeout"] {
            if matches.value_source(id) == Some(ValueSource::CommandLine) {
                return Err(refusal::not_for_udp(&id.replace('_', "-")));
            }
        }
    }
    // Demo 06's direction decides which of --file and --out means anything.
    if demo == 6 && mode != Mode::Run {
        let typed = |id| matches.value_source(id) == Some(ValueSource::CommandLine);
        let upload = typed("upload");
        let sends = (mode == Mode::Serve) != upload;
        if sends && (typed("out") || typed("force") || typed("max_file")) {
            let flag = if typed("out") {
                "--out"
            } else if typed("force") {
                "--force"
            } else {
                "--max-file"
            };
            let command = format!("{} 6{}", mode.word(), if upload { " --upload" } else { "" });
            return Err(refusal::receiving_only(flag, &command));
        }
        if !sends && (typed("file") || typed("digest")) {
            let flag = if typed("file") { "--file" } else { "--digest" };
            let command = format!("{} 6{}", mode.word(), if upload { " --upload" } else { "" });
            return Err(refusal::sending_only(flag, &command));
        }
    }
    Ok(())
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[String]) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let init = init.join(&tr!(WORDS, "words-separator"));
            tr!(WORDS, "words-last", init = init, last = last)
        }
    }
}

/// The refusals of [`check_flags`], from `help.ftl`.
mod refusal {
    use super::{join_words, WORDS};
    use crate::tr;

    pub fn not_for(flag: &str, users: &[String], mode: &str, demo: u8) -> String {
        let users = join_words(users);
        tr!(
            WORDS,
            "refusal-not-for",
            flag = flag,
            users = users,
            mode = mode,
            demo = demo
        )
    }

    pub fn not_for_udp(flag: &str) -> String {
        tr!(WORDS, "refusal-not-for-udp", flag = flag)
    }

    pub fn receiving_only(flag: &str, command: &str) -> String {
        tr!(
            WORDS,
            "refusal-receiving-only",
            flag = flag,
            command = command
        )
    }

    pub fn sending_only(flag: &str, command: &str) -> String {
        tr!(
            WORDS,
            "refusal-sending-only",
            flag = flag,
            command = command
        )
    }
}

fn parse_demo(s: &str) -> Result<u8, String> {
    let last = DEMOS.len();
    let n: u8 = s.parse().map_err(|_| {
        tr!(
            WORDS,
            "value-not-a-demo",
            value = format!("{s:?}"),
            last = last
        )
    })?;
    if DEMOS.iter().any(|d| d.0 == n) {
        Ok(n)
    } else {
        Err(tr!(WORDS, "value-no-such-demo", demo = n, last = last))
    }
}

/// A whole number of bytes from `min` to `max`.
fn parse_bytes(s: &str, min: usize, max: usize, what: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(_) => Err(tr!(
            WORDS,
            "value-bytes-range",
            what = what,
            min = min,
            max = max
        )),
        Err(e) => Err(not_a_number(s, e)),
    }
}

/// A value that is not a number: Rust's reason in English, a plain one in Chinese.
fn not_a_number(s: &str, e: impl std::fmt::Display) -> String {
    tr!(
        WORDS,
        "value-not-a-number",
        value = format!("{s:?}"),
        why = e
    )
}

/// Which digests `serve 6` computes as it sends a file it has not hashed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestChoice {
    Blake3,
    Sha256,
    Both,
}

impl DigestChoice {
    /// The digests, in the order the trailer lists them.
    pub fn kinds(self) -> &'static [DigestKind] {
        match self {
            DigestChoice::Blake3 => &[DigestKind::Blake3],
            DigestChoice::Sha256 => &[DigestKind::Sha256],
            DigestChoice::Both => &TRAILER_DIGESTS,
        }
    }
}

fn parse_digest(s: &str) -> Result<DigestChoice, String> {
    match s {
        "blake3" => Ok(DigestChoice::Blake3),
        "sha256" => Ok(DigestChoice::Sha256),
        "both" => Ok(DigestChoice::Both),
        _ => Err(tr!(WORDS, "value-digest", value = format!("{s:?}"))),
    }
}

fn parse_chunk(s: &str) -> Result<usize, String> {
    parse_bytes(s, 1, 64 * 1024 * 1024, &tr!(WORDS, "value-what-chunk"))
}

/// Demo 04 allocates one record of this size per message: keep it sane.
fn parse_size(s: &str) -> Result<usize, String> {
    parse_bytes(s, 1, 1024 * 1024, &tr!(WORDS, "value-what-record"))
}

/// A length header is 4 bytes: no limit above u32::MAX means anything.
fn parse_max_frame(s: &str) -> Result<usize, String> {
    parse_bytes(s, 0, u32::MAX as usize, &tr!(WORDS, "value-what-limit"))
}

fn parse_max_clients(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        Ok(_) => Err(tr!(
            WORDS,
            "value-range",
            what = "--max-clients",
            min = 1,
            max = 100_000
        )),
        Err(e) => Err(not_a_number(s, e)),
    }
}

fn parse_max_per_address(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        Ok(_) => Err(tr!(
            WORDS,
            "value-range",
            what = "--max-per-address",
            min = 1,
            max = 100_000
        )),
        Err(e) => Err(not_a_number(s, e)),
    }
}

/// Demo 07 sends a line one byte over the limit: keep it to 16 MiB.
fn parse_max_line(s: &str) -> Result<usize, String> {
    parse_bytes(s, 1, 16 * 1024 * 1024, &tr!(WORDS, "value-what-line-limit"))
}

fn parse_rounds(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=100).contains(&n) => Ok(n),
        Ok(_) => Err(tr!(
            WORDS,
            "value-range",
            what = "--rounds",
            min = 1,
            max = 100
        )),
        Err(e) => Err(not_a_number(s, e)),
    }
}

fn parse_bench_bytes(s: &str) -> Result<usize, String> {
    parse_bytes(s, 1, 1 << 30, "--bytes")
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x <= 60.0 => Ok(x),
        Ok(_) => Err(tr!(WORDS, "value-seconds")),
        Err(e) => Err(not_a_number(s, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    #[test]
    fn demo_numbers_are_checked() {
        assert_eq!(parse_demo("3"), Ok(3));
        assert!(parse_demo("9").unwrap_err().contains("there is no demo 9"));
        assert!(parse_demo("x").unwrap_err().contains("not a demo number"));
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_demo_option_is_in_the_table() {
        let cmd = Cli::command();
        let run = cmd.find_subcommand("run").unwrap();
        for arg in run.get_arguments() {
            let id = arg.get_id().as_str();
            if ["demo", "color"].contains(&id) {
                continue;
            }
            assert!(
                USED_BY.iter().any(|(u, _)| *u == id),
                "{id} is not in USED_BY"
            );
        }
    }

    fn check(args: &[&str]) -> Result<(), String> {
        let matches = Cli::command().try_get_matches_from(args).unwrap();
        let cli = Cli::from_arg_matches(&matches).unwrap();
        let (name, sub) = matches.subcommand().unwrap();
        let mode = match name {
            "run" => Mode::Run,
            "serve" => Mode::Serve,
            _ => Mode::Connect,
        };
        let demo = match cli.command {
            Command::Run { demo, .. }
            | Command::Serve { demo, .. }
            | Command::Connect { demo, .. } => demo,
            _ => unreachable!(),
        };
        check_flags(sub, mode, demo)
    }

    #[test]
    fn a_flag_for_another_demo_is_refused_with_the_demos_it_is_for() {
        assert_eq!(
            check(&["sticky", "run", "1", "--seed", "7"]).unwrap_err(),
            "--seed is for `run 3`, `run 4` and `run 5`; `run 1` does not use it"
        );
        assert!(check(&["sticky", "connect", "4", "--little-endian"])
            .unwrap_err()
            .starts_with("--little-endian is for `run 5`"));
        assert!(check(&["sticky", "run", "3", "--seed", "7"]).is_ok());
        assert!(check(&["sticky", "run", "5", "--little-endian", "--max-frame", "9"]).is_ok());
        // Defaults never count as typed.
        assert!(check(&["sticky", "run", "1"]).is_ok());
    }

    #[test]
    fn connection_limits_are_refused_for_udp() {
        assert!(check(&["sticky", "serve", "1", "--max-clients", "2"]).is_ok());
        assert_eq!(
            check(&["sticky", "serve", "2", "--idle-timeout", "5"]).unwrap_err(),
            "--idle-timeout is for the TCP demos; UDP (`serve 2`) has no connections"
        );
    }

    #[test]
    fn demo_06_flags_follow_the_direction() {
        assert!(check(&["sticky", "serve", "6", "--file", "x"]).is_ok());
        assert!(check(&["sticky", "connect", "6", "--out", "d", "--force"]).is_ok());
        assert!(check(&["sticky", "connect", "6", "--upload", "--file", "x"]).is_ok());
        assert!(check(&["sticky", "serve", "6", "--upload", "--out", "d"]).is_ok());
        assert_eq!(
            check(&["sticky", "connect", "6", "--file", "x"]).unwrap_err(),
            "--file is for the sending side; `connect 6` receives into --out"
        );
        assert_eq!(
            check(&["sticky", "serve", "6", "--file", "x", "--out", "d"]).unwrap_err(),
            "--out is for the receiving side; `serve 6` sends a file"
        );
        assert!(check(&["sticky", "serve", "6", "--upload", "--max-file", "9"]).is_ok());
        assert_eq!(
            check(&["sticky", "connect", "6", "--upload", "--max-file", "9"]).unwrap_err(),
            "--max-file is for the receiving side; `connect 6 --upload` sends a file"
        );
    }
}
