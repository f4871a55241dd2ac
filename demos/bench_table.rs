//! `sticky bench`: a quick chunk-size table for the classroom.
//!
//! The same measurement as `cargo bench --bench chunk_sizes`, cut short so
//! it fits in a pause between slides. Each chunk size gets a raw link and a
//! link running demo 06's protocol, opened once and warmed up with one
//! transfer each; then `--rounds` measurements of each, alternating which
//! goes first, so that a burst of noise on the machine hits both alike. The
//! table prints the median of the rounds and their range.
//!
//! Beside the rates: `read` plus `write` calls per MiB (both ends, counted
//! on the link) and CPU time per MiB (this process, every thread), which
//! show *why* larger chunks move more bytes per second; and each row's raw
//! and protocol medians as a share of the best raw median in the table,
//! which shows how close a chunk size comes to what loopback can do here.
//!
//! `--check` also times two separate processes of `sticky-loopback` (a
//! plain `std::net` program, no code shared with the links) moving
//! `--check-bytes` with the same chunk size: if the raw column and that
//! column disagree, the links measure something else than loopback TCP.
//! `--svg FILE` draws the medians and ranges against the chunk size.

use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use colored::Colorize;
use indicatif::{ProgressBar, ProgressStyle};
use sticky::file_transfer::AlignedBuf;
use sticky::measure::chart::{self, Series};
use sticky::measure::{
    file_protocol_link, pin_to_cpu, raw_link, send_file_once, send_raw_repeated, size_label,
    time_transfers, Sample, Spread, CHUNK_SIZES, SENDER_CPU,
};
use sticky::Error;

use crate::app::Failure;

type Result<T, E = Failure> = std::result::Result<T, E>;

/// The raw row and the two-process figure should agree within this share.
const CHECK_TOLERANCE: f64 = 0.20;

/// The chunk size the lesson uses, marked in the table.
const LESSON_CHUNK: usize = 8 * 1024;

/// What `sticky bench` was asked to do; plain values, so the command line
/// can be parsed anywhere.
#[derive(Debug, Clone)]
pub struct Options {
    /// Seconds per measurement; a row takes 2 x `rounds` of them.
    pub seconds: f64,
    /// Bytes per transfer on the links.
    pub bytes: usize,
    /// Measurements per link and chunk size.
    pub rounds: usize,
    /// Also time two `sticky-loopback` processes at each chunk size.
    pub check: bool,
    /// Bytes each two-process run moves.
    pub check_bytes: u64,
    /// Where to write the plot, if anywhere.
    pub svg: Option<PathBuf>,
}

/// One chunk size: every round of both links, and of the two processes.
struct Row {
    chunk: usize,
    raw: Vec<Sample>,
    protocol: Vec<Sample>,
    processes: Vec<f64>,
}

/// Measures every chunk size, prints the table and its reading, and with
/// `--svg` writes the plot.
pub fn run(opts: &Options) -> Result<()> {
    // The command line has checked every value's range.
    // The links' senders run on this thread; their receivers pin themselves
    // to the other CPU (see `sticky::measure::pin_to_cpu`).
    pin_to_cpu(SENDER_CPU);
    let helper = if opts.check {
        Some(find_helper()?)
    } else {
        None
    };
    if let Some(path) = &opts.svg {
        check_svg_folder(path)?;
    }
    let per_measurement = Duration::from_secs_f64(opts.seconds);
    let steps = if opts.check { 3 } else { 2 };
    let bar = progress_bar((CHUNK_SIZES.len() * opts.rounds * steps) as u64);

    let mut rows = Vec::new();
    for chunk in CHUNK_SIZES {
        let mut raw = raw_link(opts.bytes, chunk)?;
        let mut protocol = file_protocol_link(chunk)?;
        // The raw sender writes the same chunk every time, as the protocol's
        // sender reuses its chunk buffer: both read from the CPU cache.
        let piece = AlignedBuf::pattern(chunk);
        let bytes = opts.bytes as u64;
        send_raw_repeated(&mut raw, &piece, bytes)?;
        send_file_once(&mut protocol, bytes, chunk)?;
        let mut row = Row {
            chunk,
            raw: Vec::new(),
            protocol: Vec::new(),
            processes: Vec::new(),
        };
        for round in 0..opts.rounds {
            let label = |what: &str| {
                format!(
                    "{what}, {}, round {}/{}",
                    size_label(chunk),
                    round + 1,
                    opts.rounds
                )
            };
            // Raw first in even rounds, the protocol first in odd ones.
            for which in [round % 2, 1 - round % 2] {
                if which == 0 {
                    bar.set_message(label("raw"));
                    row.raw.push(time_transfers(
                        &mut raw,
                        per_measurement,
                        opts.bytes,
                        |l| send_raw_repeated(l, &piece, bytes),
                    )?);
                } else {
                    bar.set_message(label("protocol"));
                    row.protocol.push(time_transfers(
                        &mut protocol,
                        per_measurement,
                        opts.bytes,
                        |l| send_file_once(l, bytes, chunk),
                    )?);
                }
                bar.inc(1);
            }
            if let Some(helper) = &helper {
                bar.set_message(label("two processes"));
                row.processes
                    .push(two_processes(helper, chunk, opts.check_bytes)?);
                bar.inc(1);
            }
        }
        raw.close()?;
        protocol.close()?;
        rows.push(row);
    }
    bar.finish_and_clear();

    print_table(opts, &rows);
    println!("{}", reading(&rows));
    if opts.check {
        println!("{}", check_verdict(&rows));
    }
    if let Some(path) = &opts.svg {
        write_svg(path, opts, &rows)?;
        println!("plot written to {}", path.display());
    }
    Ok(())
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} measuring {msg} [{bar:20}] {pos}/{len}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

fn spread(values: impl Iterator<Item = f64>) -> Spread {
    let v: Vec<f64> = values.collect();
    Spread::of(&v).unwrap_or(Spread {
        median: f64::NAN,
        min: f64::NAN,
        max: f64::NAN,
    })
}

impl Row {
    fn raw_rate(&self) -> Spread {
        spread(self.raw.iter().map(Sample::mb_per_s))
    }
    fn protocol_rate(&self) -> Spread {
        spread(self.protocol.iter().map(Sample::mb_per_s))
    }
    fn protocol_calls(&self) -> f64 {
        spread(self.protocol.iter().map(Sample::calls_per_mib)).median
    }
    fn protocol_cpu(&self) -> f64 {
        spread(self.protocol.iter().map(Sample::cpu_ms_per_mib)).median
    }
    fn processes_rate(&self) -> Spread {
        spread(self.processes.iter().copied())
    }
    /// The protocol's rate over raw's, round by round (the two ran one
    /// after the other, so a slow spell of the machine hits both), then the
    /// median: steadier than the ratio of the two medians.
    fn protocol_share(&self) -> f64 {
        let ratios = self.protocol.iter().zip(&self.raw);
        spread(ratios.map(|(p, r)| p.mb_per_s() / r.mb_per_s())).median
    }
    /// Raw's rate over the two processes', round by round, then the median.
    fn raw_share_of_processes(&self) -> f64 {
        let ratios = self.raw.iter().zip(&self.processes);
        spread(ratios.map(|(r, p)| r.mb_per_s() / p)).median
    }
}

/// "2815 [2567-2989]": the median, then the slowest and the fastest round.
fn rate_cell(s: Spread) -> String {
    format!("{:.0} [{:.0}-{:.0}]", s.median, s.min, s.max)
}

/// The raw row with the highest median: what loopback does on this machine
/// at its best chunk size, which every row is also read against.
fn best_raw(rows: &[Row]) -> Option<(usize, f64)> {
    rows.iter()
        .map(|r| (r.chunk, r.raw_rate().median))
        .filter(|(_, m)| m.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn print_table(opts: &Options, rows: &[Row]) {
    println!(
        "demo 06's protocol and raw loopback, {} per transfer, {} rounds of ~{} s; \
         MB/s: median [slowest-fastest round]",
        size_label(opts.bytes),
        opts.rounds,
        opts.seconds
    );
    let best = best_raw(rows).map_or(f64::NAN, |(_, m)| m);
    let mut head = format!(
        "{:>8}  {:>18}  {:>18}  {:>8}  {:>10}  {:>10}  {:>8}  {:>8}",
        "", "raw", "protocol", "protocol", "protocol", "protocol", "raw", "protocol"
    );
    let mut sub = format!(
        "{:>8}  {:>18}  {:>18}  {:>8}  {:>10}  {:>10}  {:>8}  {:>8}",
        "chunk", "MB/s", "MB/s", "/ raw", "calls/MiB", "CPU ms/MiB", "/ best", "/ best"
    );
    if opts.check {
        head += &format!("  {:>18}", "two processes");
        sub += &format!("  {:>18}", "MB/s");
    }
    println!("{head}");
    println!("{sub}");
    for row in rows {
        let raw = row.raw_rate();
        let protocol = row.protocol_rate();
        let mut line = format!(
            "{:>8}  {:>18}  {:>18}  {:>7.0}%  {:>10.0}  {:>10.2}  {:>7.0}%  {:>7.0}%",
            size_label(row.chunk),
            rate_cell(raw),
            rate_cell(protocol),
            row.protocol_share() * 100.0,
            row.protocol_calls(),
            row.protocol_cpu(),
            raw.median / best * 100.0,
            protocol.median / best * 100.0,
        );
        if opts.check {
            line += &format!("  {:>18}", rate_cell(row.processes_rate()));
        }
        if row.chunk == LESSON_CHUNK {
            println!("{}  <- the lesson's choice", line.bold());
        } else {
            println!("{line}");
        }
    }
}

/// Above this share of raw, a protocol row says more about the raw link than
/// about framing: the protocol makes the same calls, plus a header.
const PROTOCOL_NOISE: f64 = 1.15;

/// One line that reads the table: what changes from the smallest chunk to
/// the largest, what the framing costs, and how close the lesson's chunk
/// comes to the best raw figure. Built from medians and ratios, so a noisy
/// round moves its numbers, not its meaning.
fn reading(rows: &[Row]) -> String {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return "reading: nothing was measured".into();
    };
    let shares: Vec<(usize, f64)> = rows.iter().map(|r| (r.chunk, r.protocol_share())).collect();
    let lo = shares.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let hi = shares.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    let mut text = format!(
        "reading: from {} to {} chunks, the protocol makes {:.0}x fewer system calls per MiB \
         and spends {:.1}x less CPU per MiB, and its rate rises {:.1}x: each call costs the same \
         whatever it carries. ",
        size_label(first.chunk),
        size_label(last.chunk),
        first.protocol_calls() / last.protocol_calls(),
        first.protocol_cpu() / last.protocol_cpu(),
        last.protocol_rate().median / first.protocol_rate().median,
    );
    let above: Vec<String> = shares
        .iter()
        .filter(|(_, s)| *s > PROTOCOL_NOISE)
        .map(|(c, s)| format!("{} ({:.0}%)", size_label(*c), s * 100.0))
        .collect();
    if above.is_empty() {
        text += &format!(
            "The protocol moves {:.0}-{:.0}% of raw at the same chunk size: \
             framing costs little, and above 100% is noise between rounds.",
            lo * 100.0,
            hi * 100.0
        );
    } else {
        text += &format!(
            "The protocol moves more than {:.0}% of raw at {}: framing cannot make bytes \
             faster, so this is the machine's noise or a raw row that is not a baseline; \
             run again, or with --check.",
            PROTOCOL_NOISE * 100.0,
            above.join(", ")
        );
    }
    if let (Some((best_chunk, best)), Some(lesson)) = (
        best_raw(rows),
        rows.iter().find(|r| r.chunk == LESSON_CHUNK),
    ) {
        text += &format!(
            " The best raw figure is {best:.0} MB/s at {}; the protocol at the lesson's {} \
             reaches {:.0}% of it.",
            size_label(best_chunk),
            size_label(LESSON_CHUNK),
            lesson.protocol_rate().median / best * 100.0
        );
    }
    text
}

/// Whether raw is within [`CHECK_TOLERANCE`] of the two processes at each
/// chunk size, as the median of their round-by-round ratios.
fn check_verdict(rows: &[Row]) -> String {
    let gaps: Vec<(usize, f64)> = rows
        .iter()
        .map(|r| (r.chunk, r.raw_share_of_processes() - 1.0))
        .collect();
    let off: Vec<String> = gaps
        .iter()
        .filter(|(_, g)| g.is_nan() || g.abs() > CHECK_TOLERANCE)
        .map(|(c, g)| format!("{} ({:+.0}%)", size_label(*c), g * 100.0))
        .collect();
    let lo = gaps.iter().map(|g| g.1).fold(f64::INFINITY, f64::min);
    let hi = gaps.iter().map(|g| g.1).fold(f64::NEG_INFINITY, f64::max);
    if off.is_empty() {
        format!(
            "check: at every chunk size raw is within {:.0}% of two processes \
             ({:+.0}% to {:+.0}%, medians of the rounds' ratios)",
            CHECK_TOLERANCE * 100.0,
            lo * 100.0,
            hi * 100.0
        )
    } else {
        format!(
            "check: raw is more than {:.0}% away from two processes at {} \
             (medians of the rounds' ratios); on a busy machine, run again",
            CHECK_TOLERANCE * 100.0,
            off.join(", ")
        )
    }
}

/// `sticky-loopback`, built beside this program by `cargo build --bins`.
fn find_helper() -> Result<PathBuf> {
    let exe = std::env::current_exe().map_err(Error::io("finding this program"))?;
    let helper = exe.with_file_name(format!("sticky-loopback{}", std::env::consts::EXE_SUFFIX));
    if helper.is_file() {
        Ok(helper)
    } else {
        Err(Failure::Other(format!(
            "--check runs {}, which is not there; build it with `cargo build --release --bins`",
            helper.display()
        )))
    }
}

/// A child process that is killed if it is still running when dropped, so
/// an error on our side never leaves a receiver behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn helper_error(what: &str, detail: &str) -> Error {
    Error::Io {
        context: format!("the two-process check ({what})"),
        source: std::io::Error::other(detail.trim().lines().next().unwrap_or("failed").to_string()),
    }
}

/// Runs `sticky-loopback recv` and `sticky-loopback send` as two processes
/// moving `bytes` in `chunk`-byte writes and reads; returns the receiver's MB/s.
fn two_processes(helper: &Path, chunk: usize, bytes: u64) -> Result<f64, Error> {
    let chunk_arg = chunk.to_string();
    let mut receiver = KillOnDrop(
        Command::new(helper)
            .args(["recv", "--chunk", &chunk_arg, "--timeout", "120"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(Error::io(format!("starting {}", helper.display())))?,
    );
    let stdout = receiver
        .0
        .stdout
        .take()
        .ok_or_else(|| helper_error("receiver", "no standard output"))?;
    let mut lines = BufReader::new(stdout);
    let mut first = String::new();
    lines
        .read_line(&mut first)
        .map_err(Error::io("reading the receiver's address"))?;
    let addr = first
        .strip_prefix("listening on ")
        .map(str::trim)
        .ok_or_else(|| helper_error("receiver", &format!("said {first:?}")))?
        .to_string();

    let sender = Command::new(helper)
        .args(["send", "--to", &addr, "--chunk", &chunk_arg])
        .args(["--bytes", &bytes.to_string()])
        .stdin(Stdio::null())
        .output()
        .map_err(Error::io(format!("starting {}", helper.display())))?;
    if !sender.status.success() {
        return Err(helper_error(
            "sender",
            &String::from_utf8_lossy(&sender.stderr),
        ));
    }
    let mut rest = String::new();
    lines
        .read_to_string(&mut rest)
        .map_err(Error::io("reading the receiver's result"))?;
    let status = receiver
        .0
        .wait()
        .map_err(Error::io("waiting for the receiver"))?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = receiver.0.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(helper_error("receiver", &err));
    }
    parse_rate(&rest).ok_or_else(|| helper_error("receiver", &format!("said {rest:?}")))
}

/// The MB/s at the end of `received ... in T s: X MB/s`.
fn parse_rate(text: &str) -> Option<f64> {
    let line = text.lines().rev().find(|l| l.starts_with("received "))?;
    line.rsplit_once(": ")?
        .1
        .strip_suffix(" MB/s")?
        .parse()
        .ok()
}

/// Refuses a plot path in a folder that does not exist before anything is
/// measured, rather than after.
fn check_svg_folder(path: &Path) -> Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Failure::Other(format!(
            "cannot write {}: there is no folder {}",
            path.display(),
            dir.display()
        ))),
        _ => Ok(()),
    }
}

fn write_svg(path: &Path, opts: &Options, rows: &[Row]) -> Result<()> {
    let mut series = vec![
        Series {
            name: "raw loopback, same chunk".into(),
            color: "#1f77b4".into(),
            dashed: false,
            points: rows.iter().map(|r| (r.chunk, r.raw_rate())).collect(),
        },
        Series {
            name: "demo 06's protocol".into(),
            color: "#d62728".into(),
            dashed: false,
            points: rows.iter().map(|r| (r.chunk, r.protocol_rate())).collect(),
        },
    ];
    if opts.check {
        series.push(Series {
            name: "two processes (sticky-loopback)".into(),
            color: "#7f7f7f".into(),
            dashed: true,
            points: rows.iter().map(|r| (r.chunk, r.processes_rate())).collect(),
        });
    }
    let title = format!(
        "Loopback TCP, MB/s against chunk size ({} per transfer, {} rounds)",
        size_label(opts.bytes),
        opts.rounds
    );
    std::fs::write(path, chart::svg(&title, &series)).map_err(Error::file(path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_read_from_the_receivers_last_line() {
        let out = "received 536870912 bytes in 65548 reads of at most 8192 bytes in 0.213 s: 2518.6 MB/s\n";
        assert_eq!(parse_rate(out), Some(2518.6));
        assert_eq!(parse_rate("listening on 127.0.0.1:1\n"), None);
        assert_eq!(parse_rate("received 1 bytes in 1 reads: fast\n"), None);
    }

    #[test]
    fn a_plot_in_a_missing_folder_is_refused_before_measuring() {
        let err = check_svg_folder(Path::new("/no/such/folder/plot.svg")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot write /no/such/folder/plot.svg: there is no folder /no/such/folder"
        );
        assert!(check_svg_folder(Path::new("plot.svg")).is_ok());
    }
}
