//! `sticky bench`: a quick chunk-size table for the classroom.
//!
//! The same measurement as `cargo bench --bench chunk_sizes`, cut short: a
//! fixed time per row instead of criterion's statistics, so it fits in a
//! pause between slides. For numbers to quote, use `cargo bench`.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use colored::Colorize;
use indicatif::{ProgressBar, ProgressStyle};
use sticky::measure::{
    file_protocol_link, raw_link, send_file_once, send_raw_once, Link, CHUNK_SIZES,
};
use sticky::Result;

/// The share of the best raw rate at which a chunk size counts as "as fast as it gets".
const NEAR: f64 = 0.9;

/// Measures each chunk size for about `seconds`, moving `bytes` per transfer.
pub fn run(seconds: f64, bytes: usize) -> Result<()> {
    // The command line has checked both: seconds in (0, 60], bytes in [1, 1 GiB].
    let per_row = Duration::from_secs_f64(seconds);
    let payload: Vec<u8> = (0..bytes).map(|i| (i % 251) as u8).collect();
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(2 * CHUNK_SIZES.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} measuring {msg} [{bar:20}] {pos}/{len}")
        {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(100));
        bar
    } else {
        ProgressBar::hidden()
    };

    // (chunk, raw bytes/s, protocol bytes/s)
    let mut rows = Vec::new();
    for chunk in CHUNK_SIZES {
        bar.set_message(format!("raw, {}", human(chunk)));
        let mut link = raw_link(bytes, chunk)?;
        let raw = rate(&mut link, per_row, bytes, |l| {
            send_raw_once(l, &payload, chunk)
        })?;
        link.close()?;
        bar.inc(1);
        bar.set_message(format!("protocol, {}", human(chunk)));
        let mut link = file_protocol_link(chunk)?;
        let framed = rate(&mut link, per_row, bytes, |l| {
            send_file_once(l, &payload, chunk)
        })?;
        link.close()?;
        bar.inc(1);
        rows.push((chunk, raw, framed));
    }
    bar.finish_and_clear();
    let best_raw = rows.iter().map(|r| r.1).fold(0.0, f64::max);

    println!(
        "demo 06's protocol over loopback, {} per transfer, ~{seconds} s per measurement",
        human(bytes)
    );
    println!(
        "{:>8}  {:>9}  {:>13}  {:>14}  {:>13}",
        "chunk", "raw MB/s", "protocol MB/s", "vs raw, same", "vs best raw"
    );
    for (chunk, raw, framed) in &rows {
        let line = format!(
            "{:>8}  {:>9.0}  {:>13.0}  {:>13.0}%  {:>12.0}%",
            human(*chunk),
            raw / 1e6,
            framed / 1e6,
            framed / raw * 100.0,
            framed / best_raw * 100.0
        );
        if *chunk == 8 * 1024 {
            println!("{}  <- the lesson's choice", line.bold());
        } else {
            println!("{line}");
        }
    }
    match rows.iter().find(|r| r.2 / best_raw >= NEAR) {
        Some((chunk, ..)) => println!(
            "reading: from {} up, the protocol moves at least {:.0}% of the best raw rate: \
             the cost per system call is spread over enough bytes, and what remains is copying",
            human(*chunk),
            NEAR * 100.0
        ),
        None => println!(
            "reading: no chunk size reached {:.0}% of the best raw rate in this short run; \
             the cost per system call still shows (`cargo bench --bench chunk_sizes` measures with more care)",
            NEAR * 100.0
        ),
    }
    Ok(())
}

/// Bytes per second over as many transfers of `bytes` as fit in `per_row`
/// (at least two, after one to warm up).
fn rate(
    link: &mut Link,
    per_row: Duration,
    bytes: usize,
    mut once: impl FnMut(&mut Link) -> Result<()>,
) -> Result<f64> {
    once(link)?;
    let start = Instant::now();
    let mut transfers = 0u64;
    while transfers < 2 || start.elapsed() < per_row {
        once(link)?;
        transfers += 1;
    }
    Ok((transfers * bytes as u64) as f64 / start.elapsed().as_secs_f64())
}

/// 8192 -> "8 KiB", 1048576 -> "1 MiB", 512 -> "512 B".
fn human(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} B")
    }
}
