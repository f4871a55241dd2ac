//! `sticky bench` and its yardstick `sticky-loopback`, through the real
//! binaries. Tiny transfers and short rounds: these check the table, the
//! plot and the errors, never the speed.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use common::{run, stderr, stdout};

const CHUNKS: [&str; 8] = [
    "512 B", "1 KiB", "4 KiB", "8 KiB", "16 KiB", "64 KiB", "256 KiB", "1 MiB",
];

/// The rows of both tables that start with `chunk`, as one line: the
/// chunk size, the rates, then the costs and shares of the best.
fn row(out: &str, chunk: &str) -> String {
    let rows: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(chunk))
        .collect();
    assert_eq!(rows.len(), 2, "no row for {chunk} in each table:\n{out}");
    format!("{chunk} {}", rows.join(" "))
}

/// The paragraph that starts with `label`, its lines joined.
fn paragraph(out: &str, label: &str) -> String {
    let mut lines = out.lines().skip_while(|l| !l.starts_with(label));
    let first = lines.next().unwrap_or_else(|| panic!("no {label}:\n{out}"));
    let rest = lines.take_while(|l| l.starts_with(' ') && !l.trim().is_empty());
    std::iter::once(first)
        .chain(rest.map(str::trim))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The numbers in a line, in order, brackets and % signs aside.
fn numbers(line: &str) -> Vec<f64> {
    line.split(|c: char| c.is_whitespace() || "[]-%".contains(c))
        .filter_map(|w| w.parse().ok())
        .collect()
}

#[test]
fn the_quick_table_has_every_row_its_columns_and_a_reading() {
    let out = run(&[
        "bench",
        "--seconds",
        "0.05",
        "--bytes",
        "1048576",
        "--rounds",
        "3",
        "--color",
        "never",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("3 rounds"), "{text}");
    assert!(
        text.contains("calls/MiB") && text.contains("CPU ms/MiB"),
        "{text}"
    );
    assert!(!text.contains("two processes"), "{text}");
    for chunk in CHUNKS {
        let line = &row(&text, chunk);
        // The chunk's own number, raw median/min/max, protocol median/min/max,
        // protocol/raw, calls per MiB, CPU per MiB, raw and protocol / best raw.
        let n = numbers(line);
        assert_eq!(n.len(), 12, "{line}");
        assert!(n[10] > 0.0 && n[10] <= 100.0, "{line}");
        let (raw, protocol) = ((n[1], n[2], n[3]), (n[4], n[5], n[6]));
        for (median, min, max) in [raw, protocol] {
            assert!(min <= median && median <= max && min > 0.0, "{line}");
        }
        // At least one write and one read of at most `chunk` bytes per chunk.
        let bytes = if chunk.ends_with("MiB") {
            n[0] * 1048576.0
        } else if chunk.ends_with("KiB") {
            n[0] * 1024.0
        } else {
            n[0]
        };
        assert!(n[8] >= 2.0 * 1048576.0 / bytes, "{line}");
        assert!(n[9] > 0.0, "{line}");
    }
    // One raw row is the best, and every row is read against it.
    let best: Vec<f64> = CHUNKS.iter().map(|c| numbers(&row(&text, c))[10]).collect();
    assert!(best.contains(&100.0), "{text}");
    // Fewer calls per MiB with larger chunks: the count, not the clock.
    let calls = |chunk| numbers(&row(&text, chunk))[8];
    assert!(calls("512 B") > 100.0 * calls("1 MiB"), "{text}");
    let reading = paragraph(&text, "reading: ");
    assert!(
        reading.starts_with("reading: from 512 B to 1 MiB chunks"),
        "{reading}"
    );
    assert!(reading.contains("The best raw figure is "), "{reading}");
    // Both tables and the reading fit a projected terminal.
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line}");
    }
}

#[test]
fn check_adds_the_two_process_column_and_a_verdict() {
    let out = run(&[
        "bench",
        "--seconds",
        "0.01",
        "--bytes",
        "65536",
        "--rounds",
        "1",
        "--check",
        "--check-bytes",
        "1048576",
        "--color",
        "never",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("two processes"), "{text}");
    for chunk in CHUNKS {
        let line = row(&text, chunk);
        assert_eq!(numbers(&line).len(), 15, "{line}");
    }
    assert!(
        paragraph(&text, "check: ").contains("two processes"),
        "{text}"
    );
}

#[test]
fn svg_writes_a_plot_with_one_point_per_row_and_series() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rates.svg");
    let out = run(&[
        "bench",
        "--seconds",
        "0.01",
        "--bytes",
        "65536",
        "--rounds",
        "2",
        "--svg",
        path.to_str().unwrap(),
        "--color",
        "never",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("plot written to"), "{}", stdout(&out));
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the plot is well-formed XML");
    let series: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("series"))
        .collect();
    let names: Vec<_> = series
        .iter()
        .filter_map(|g| g.attribute("data-name"))
        .collect();
    assert_eq!(
        names,
        ["raw loopback, same chunk", "demo 06's protocol"],
        "{text}"
    );
    for g in series {
        let chunks: Vec<usize> = g
            .descendants()
            .filter(|n| n.attribute("class") == Some("point"))
            .map(|n| n.attribute("data-chunk").unwrap().parse().unwrap())
            .collect();
        assert_eq!(chunks, sticky::measure::CHUNK_SIZES);
    }
}

#[test]
fn svg_into_a_missing_folder_is_one_line_and_exit_1() {
    let out = run(&["bench", "--svg", "/no/such/folder/rates.svg"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot write /no/such/folder/rates.svg: there is no folder /no/such/folder\n"
    );
}

#[test]
fn svg_onto_a_folder_is_one_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "bench",
        "--seconds",
        "0.01",
        "--bytes",
        "4096",
        "--rounds",
        "1",
        "--svg",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("error: {}: ", dir.path().display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn bench_refuses_nonsense_rounds() {
    let out = run(&["bench", "--rounds", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--rounds must be from 1 to 100"), "{err}");
}

fn loopback() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sticky-loopback"))
}

#[test]
fn two_loopback_processes_move_every_byte_and_count_their_calls() {
    let mut receiver = loopback()
        .args(["recv", "--chunk", "1000", "--timeout", "60"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(receiver.stdout.take().unwrap());
    let mut first = String::new();
    lines.read_line(&mut first).unwrap();
    let addr = first.strip_prefix("listening on ").unwrap().trim();
    let sender = loopback()
        .args(["send", "--to", addr, "--chunk", "1000", "--bytes", "123456"])
        .output()
        .unwrap();
    assert!(sender.status.success(), "{}", stderr(&sender));
    // 123 writes of 1000 bytes and one of 456.
    assert_eq!(
        stdout(&sender),
        "sent 123456 bytes in 124 writes of at most 1000 bytes\n"
    );
    let mut rest = String::new();
    lines.read_to_string(&mut rest).unwrap();
    assert!(receiver.wait().unwrap().success());
    assert!(
        rest.starts_with("received 123456 bytes in ") && rest.ends_with(" MB/s\n"),
        "{rest}"
    );
    // At least 124 reads of at most 1000 bytes, and the one that returns 0.
    let reads: u64 = rest.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!(reads >= 125, "{rest}");
}

#[test]
fn the_loopback_receiver_gives_up_by_itself() {
    let out = loopback()
        .args(["recv", "--timeout", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: no complete transfer within 1 s\n");
}

#[test]
fn the_loopback_program_refuses_bad_arguments_in_one_line() {
    for (args, expected) in [
        (
            &["send"][..],
            "error: send needs --to ADDR (the receiver's listening address)\n",
        ),
        (
            &["recv", "--chunk", "0"],
            "error: --chunk must be from 1 to 67108864 bytes\n",
        ),
        (
            &["fly"],
            "error: unknown role \"fly\": expected recv or send\n",
        ),
        (&["recv", "--chunk"], "error: --chunk needs a value\n"),
    ] {
        let out = loopback().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&out), expected, "{args:?}");
    }
}
