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
use std::sync::LazyLock;
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

use crate::app::errors_zh::io_text;
use crate::app::i18n::Catalogue;
use crate::app::Failure;
use crate::tr;

/// What `sticky bench` says, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/bench.ftl"),
        include_str!("../i18n/zh/bench.ftl"),
    )
});

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
            let label = |id: &str| {
                let args = [
                    ("chunk", size_label(chunk)),
                    ("round", (round + 1).to_string()),
                    ("rounds", opts.rounds.to_string()),
                ];
                WORDS.text(id, &args)
            };
            // Raw first in even rounds, the protocol first in odd ones.
            for which in [round % 2, 1 - round % 2] {
                if which == 0 {
                    bar.set_message(label("step-raw"));
                    row.raw.push(time_transfers(
                        &mut raw,
                        per_measurement,
                        opts.bytes,
                        |l| send_raw_repeated(l, &piece, bytes),
                    )?);
                } else {
                    bar.set_message(label("step-protocol"));
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
                bar.set_message(label("step-processes"));
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

    print_tables(opts, &rows);
    println!("{}", fitted(&reading(&rows)));
    if opts.check {
        println!("{}", fitted(&check_verdict(&rows)));
    }
    if let Some(path) = &opts.svg {
        write_svg(path, opts, &rows)?;
        println!("{}", tr!(WORDS, "plot-written", path = path.display()));
    }
    Ok(())
}

fn progress_bar(len: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let template = format!(
        "{{spinner}} {} {{msg}} [{{bar:20}}] {{pos}}/{{len}}",
        tr!(WORDS, "measuring")
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
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

/// The widest a line of the tables and the reading may be, as a projected
/// terminal shows it; a narrower terminal narrows the reading.
const WIDTH: usize = 80;

/// `text` right-aligned in `width` display columns (a Chinese character
/// takes two).
fn right(text: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(w)))
}

/// A row of cells, each right-aligned in its width, two spaces apart.
fn cells(cells: &[(String, usize)]) -> String {
    let cells: Vec<String> = cells.iter().map(|(t, w)| right(t, *w)).collect();
    cells.join("  ")
}

/// The two heading lines of a table whose columns are `ids` with widths.
fn headings(columns: &[(&str, usize)]) -> [String; 2] {
    ["head", "sub"].map(|line| {
        let row: Vec<(String, usize)> = columns
            .iter()
            .map(|(id, w)| {
                (
                    WORDS.text(&format!("{line}-{id}"), &[]).trim().to_string(),
                    *w,
                )
            })
            .collect();
        cells(&row)
    })
}

/// A paragraph broken within [`WIDTH`] (or a narrower terminal), the lines
/// after the first under the text after its label.
fn fitted(text: &str) -> String {
    let limit = crate::app::width::columns().map_or(WIDTH, |c| c.min(WIDTH));
    crate::app::screen::wrapped(text, Some(limit))
}

/// Two tables, so that each fits [`WIDTH`]: the rates (and, with --check,
/// the two processes' rate beside raw), then what the protocol spends per
/// MiB and how each median compares with the best raw one.
fn print_tables(opts: &Options, rows: &[Row]) {
    let title = tr!(
        WORDS,
        "title",
        bytes = size_label(opts.bytes),
        rounds = opts.rounds,
        seconds = opts.seconds
    );
    println!("{}", fitted(&title));
    println!("{}", fitted(&tr!(WORDS, "rates-legend")));
    let mut columns = vec![("chunk", 8), ("raw", 18), ("protocol", 18), ("share", 8)];
    if opts.check {
        columns.push(("processes", 18));
    }
    for line in headings(&columns) {
        println!("{}", line.trim_end());
    }
    for row in rows {
        let mut line = vec![
            (size_label(row.chunk), 8),
            (rate_cell(row.raw_rate()), 18),
            (rate_cell(row.protocol_rate()), 18),
            (format!("{:.0}%", row.protocol_share() * 100.0), 8),
        ];
        if opts.check {
            line.push((rate_cell(row.processes_rate()), 18));
        }
        print_row(row, cells(&line), false);
    }

    println!();
    println!("{}", fitted(&tr!(WORDS, "costs-legend")));
    let best = best_raw(rows).map_or(f64::NAN, |(_, m)| m);
    let columns = [
        ("chunk", 8),
        ("calls", 10),
        ("cpu", 12),
        ("raw-best", 8),
        ("protocol-best", 8),
    ];
    for line in headings(&columns) {
        println!("{}", line.trim_end());
    }
    for row in rows {
        let line = [
            (size_label(row.chunk), 8),
            (format!("{:.0}", row.protocol_calls()), 10),
            (format!("{:.2}", row.protocol_cpu()), 12),
            (format!("{:.0}%", row.raw_rate().median / best * 100.0), 8),
            (
                format!("{:.0}%", row.protocol_rate().median / best * 100.0),
                8,
            ),
        ];
        print_row(row, cells(&line), true);
    }
}

/// A table's row, in bold and (`mark`) pointed at when its chunk size is
/// the lesson's.
fn print_row(row: &Row, line: String, mark: bool) {
    if row.chunk != LESSON_CHUNK {
        println!("{line}");
    } else if mark {
        println!("{}  {}", line.bold(), tr!(WORDS, "lesson-mark"));
    } else {
        println!("{}", line.bold());
    }
}

/// Above this share of raw, a protocol row says more about the raw link than
/// about framing: the protocol makes the same calls, plus a header.
const PROTOCOL_NOISE: f64 = 1.15;
/// Below this share of raw, "framing costs little" is not what a row says.
const PROTOCOL_SLOWER: f64 = 0.8;

/// One line that reads the table: what changes from the smallest chunk to
/// the largest, what the framing costs, and how close the lesson's chunk
/// comes to the best raw figure. Built from medians and ratios, so a noisy
/// round moves its numbers, not its meaning.
fn reading(rows: &[Row]) -> String {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return tr!(WORDS, "reading-nothing");
    };
    let shares: Vec<(usize, f64)> = rows.iter().map(|r| (r.chunk, r.protocol_share())).collect();
    let lo = shares.iter().map(|s| s.1).fold(f64::INFINITY, f64::min);
    let hi = shares.iter().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
    let mut text = tr!(
        WORDS,
        "reading-calls",
        first = size_label(first.chunk),
        last = size_label(last.chunk),
        calls = format!("{:.0}", first.protocol_calls() / last.protocol_calls()),
        cpu = format!("{:.1}", first.protocol_cpu() / last.protocol_cpu()),
        rate = format!(
            "{:.1}",
            last.protocol_rate().median / first.protocol_rate().median
        ),
    );
    let above: Vec<String> = shares
        .iter()
        .filter(|(_, s)| *s > PROTOCOL_NOISE)
        .map(|(c, s)| format!("{} ({:.0}%)", size_label(*c), s * 100.0))
        .collect();
    let below: Vec<String> = shares
        .iter()
        .filter(|(_, s)| *s < PROTOCOL_SLOWER)
        .map(|(c, s)| format!("{} ({:.0}%)", size_label(*c), s * 100.0))
        .collect();
    if above.is_empty() && !below.is_empty() {
        text += &tr!(
            WORDS,
            "reading-below",
            lo = format!("{:.0}", lo * 100.0),
            hi = format!("{:.0}", hi * 100.0),
            limit = format!("{:.0}", PROTOCOL_SLOWER * 100.0),
            chunks = below.join(", ")
        );
    } else if above.is_empty() {
        text += &tr!(
            WORDS,
            "reading-share",
            lo = format!("{:.0}", lo * 100.0),
            hi = format!("{:.0}", hi * 100.0)
        );
    } else {
        text += &tr!(
            WORDS,
            "reading-above",
            limit = format!("{:.0}", PROTOCOL_NOISE * 100.0),
            chunks = above.join(", ")
        );
    }
    if let (Some((best_chunk, best)), Some(lesson)) = (
        best_raw(rows),
        rows.iter().find(|r| r.chunk == LESSON_CHUNK),
    ) {
        text += &tr!(
            WORDS,
            "reading-best",
            best = format!("{best:.0}"),
            chunk = size_label(best_chunk),
            lesson = size_label(LESSON_CHUNK),
            share = format!("{:.0}", lesson.protocol_rate().median / best * 100.0)
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
    let tolerance = format!("{:.0}", CHECK_TOLERANCE * 100.0);
    if off.is_empty() {
        tr!(
            WORDS,
            "check-within",
            tolerance = tolerance,
            lo = format!("{:+.0}", lo * 100.0),
            hi = format!("{:+.0}", hi * 100.0)
        )
    } else {
        tr!(
            WORDS,
            "check-off",
            tolerance = tolerance,
            chunks = off.join(", ")
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
        Err(Failure::Other(tr!(
            WORDS,
            "no-helper",
            path = helper.display()
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

/// The two-process check went wrong on one side: `side` is the words for
/// it, `what` says what happened.
fn helper_failed(side: String, what: String) -> Failure {
    Failure::Other(tr!(WORDS, "helper-failed", side = side, what = what))
}

/// The first line a failed helper wrote to its stderr.
fn first_line(text: &str) -> String {
    text.trim().lines().next().unwrap_or("").to_string()
}

/// Runs `sticky-loopback recv` and `sticky-loopback send` as two processes
/// moving `bytes` in `chunk`-byte writes and reads; returns the receiver's MB/s.
fn two_processes(helper: &Path, chunk: usize, bytes: u64) -> Result<f64> {
    let receiver_side = || tr!(WORDS, "side-receiver");
    let no_start = |e: std::io::Error| tr!(WORDS, "helper-no-start", error = io_text(&e));
    let unreadable = |e: std::io::Error| tr!(WORDS, "helper-read-failed", error = io_text(&e));
    let said = |text: &str| tr!(WORDS, "helper-said", text = format!("{text:?}"));
    let chunk_arg = chunk.to_string();
    let mut receiver = KillOnDrop(
        Command::new(helper)
            .args(["recv", "--chunk", &chunk_arg, "--timeout", "120"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| helper_failed(receiver_side(), no_start(e)))?,
    );
    let stdout = receiver
        .0
        .stdout
        .take()
        .ok_or_else(|| helper_failed(receiver_side(), tr!(WORDS, "helper-no-output")))?;
    let mut lines = BufReader::new(stdout);
    let mut first = String::new();
    lines
        .read_line(&mut first)
        .map_err(|e| helper_failed(receiver_side(), unreadable(e)))?;
    let addr = first
        .strip_prefix("listening on ")
        .map(str::trim)
        .ok_or_else(|| helper_failed(receiver_side(), said(&first)))?
        .to_string();

    let sender = Command::new(helper)
        .args(["send", "--to", &addr, "--chunk", &chunk_arg])
        .args(["--bytes", &bytes.to_string()])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| helper_failed(tr!(WORDS, "side-sender"), no_start(e)))?;
    if !sender.status.success() {
        let text = first_line(&String::from_utf8_lossy(&sender.stderr));
        return Err(helper_failed(tr!(WORDS, "side-sender"), said(&text)));
    }
    let mut rest = String::new();
    lines
        .read_to_string(&mut rest)
        .map_err(|e| helper_failed(receiver_side(), unreadable(e)))?;
    let status = receiver
        .0
        .wait()
        .map_err(|e| helper_failed(receiver_side(), unreadable(e)))?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = receiver.0.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(helper_failed(receiver_side(), said(&first_line(&err))));
    }
    parse_rate(&rest).ok_or_else(|| helper_failed(receiver_side(), said(&rest)))
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
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(Failure::Other(tr!(
            WORDS,
            "no-folder",
            path = path.display(),
            dir = dir.display()
        ))),
        _ => Ok(()),
    }
}

fn write_svg(path: &Path, opts: &Options, rows: &[Row]) -> Result<()> {
    let mut series = vec![
        Series {
            name: tr!(WORDS, "svg-raw"),
            color: "#1f77b4".into(),
            dashed: false,
            points: rows.iter().map(|r| (r.chunk, r.raw_rate())).collect(),
        },
        Series {
            name: tr!(WORDS, "svg-protocol"),
            color: "#d62728".into(),
            dashed: false,
            points: rows.iter().map(|r| (r.chunk, r.protocol_rate())).collect(),
        },
    ];
    if opts.check {
        series.push(Series {
            name: tr!(WORDS, "svg-processes"),
            color: "#7f7f7f".into(),
            dashed: true,
            points: rows.iter().map(|r| (r.chunk, r.processes_rate())).collect(),
        });
    }
    let title = tr!(
        WORDS,
        "svg-title",
        bytes = size_label(opts.bytes),
        rounds = opts.rounds
    );
    std::fs::write(path, chart::svg(&title, &series)).map_err(Error::file(path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};

    const EN: &str = include_str!("../i18n/en/bench.ftl");
    const ZH: &str = include_str!("../i18n/zh/bench.ftl");

    #[test]
    fn the_two_message_files_are_whole_and_hold_every_id_asked_for() {
        let gaps = check_catalogue(EN, ZH);
        assert!(gaps.is_empty(), "{gaps:#?}");
        let defined = ids_defined(EN);
        let source = include_str!("bench_table.rs");
        let used = ids_used(source);
        assert!(used.len() >= 20, "{used:?}");
        for id in used {
            assert!(defined.contains(&id), "{id} is not in bench.ftl");
        }
        // The ids made up from a column's name and its line.
        for line in ["head", "sub"] {
            let columns = [
                "chunk",
                "raw",
                "protocol",
                "share",
                "processes",
                "calls",
                "cpu",
                "raw-best",
                "protocol-best",
            ];
            for column in columns {
                let id = format!("{line}-{column}");
                assert!(defined.contains(&id), "{id} is not in bench.ftl");
            }
        }
        for id in ["step-raw", "step-protocol", "step-processes"] {
            assert!(source.contains(&format!("label(\"{id}\")")), "{id}");
            assert!(
                defined.contains(&id.to_string()),
                "{id} is not in bench.ftl"
            );
        }
    }

    /// A row whose rounds moved `raw` and `protocol` MB in one second each.
    fn row(chunk: usize, raw: f64, protocol: f64) -> Row {
        let sample = |mb: f64| Sample {
            bytes: (mb * 1e6) as u64,
            elapsed: Duration::from_secs(1),
            calls: sticky::measure::Calls {
                reads: 10,
                writes: 10,
            },
            cpu: Duration::from_millis(100),
        };
        Row {
            chunk,
            raw: vec![sample(raw); 3],
            protocol: vec![sample(protocol); 3],
            processes: Vec::new(),
        }
    }

    #[test]
    fn the_reading_says_little_cost_only_when_every_row_is_near_raw() {
        let near = reading(&[row(8192, 1000.0, 950.0), row(1 << 20, 4000.0, 3600.0)]);
        assert!(near.contains("framing costs little"), "{near}");
        let slower = reading(&[row(8192, 1000.0, 950.0), row(1 << 20, 4000.0, 2600.0)]);
        assert!(!slower.contains("framing costs little"), "{slower}");
        assert!(slower.contains("less than 80% at 1 MiB (65%)"), "{slower}");
        let faster = reading(&[row(8192, 1000.0, 1300.0), row(1 << 20, 4000.0, 2600.0)]);
        assert!(
            faster.contains("more than 115% of raw at 8 KiB (130%)"),
            "{faster}"
        );
    }

    #[test]
    fn a_heading_in_chinese_is_aligned_by_display_width() {
        assert_eq!(right("块大小", 8), "  块大小");
        assert_eq!(right("chunk", 8), "   chunk");
        assert_eq!(right("toolongforit", 4), "toolongforit");
    }

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
