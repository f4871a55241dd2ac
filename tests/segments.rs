//! Demo 03's segment line: writes, segments (from TCP_INFO on Linux), reads.

mod common;

use common::{run, stderr, stdout};

/// (writes, segments, reads) out of "on the wire: 8 writes, 8 segments, 1 read ...".
fn counts(line: &str) -> (u64, Option<u64>, u64) {
    let nums: Vec<Option<u64>> = line
        .trim_start_matches("on the wire: ")
        .split(", ")
        .map(|part| part.split_whitespace().next().and_then(|n| n.parse().ok()))
        .collect();
    (nums[0].unwrap(), nums[1], nums[2].unwrap())
}

#[test]
fn demo_03_counts_the_segments_between_writes_and_reads() {
    let out = run(&["run", "3", "--color", "never"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("on the wire: "))
        .collect();
    assert_eq!(lines.len(), 3, "one per round:\n{text}");
    for (line, writes) in lines.iter().zip([8, 8, 1]) {
        let (w, segments, reads) = counts(line);
        assert_eq!(w, writes, "{line}");
        assert!(reads >= 1, "{line}");
        if cfg!(target_os = "linux") {
            let s = segments.unwrap_or_else(|| panic!("Linux has TCP_INFO: {line}"));
            // Part 1: eight writes take at least one segment and at most one
            // each; part 2: 256 KiB is more than any one segment carries.
            if writes == 8 {
                assert!((1..=8).contains(&s), "{line}");
            } else {
                assert!(s >= 2, "{line}");
            }
        } else {
            assert!(line.contains("segments: not available"), "{line}");
        }
    }
}

#[test]
fn with_a_seed_the_re_segmenter_stands_in_and_no_segments_are_claimed() {
    let out = run(&["run", "3", "--seed", "7", "--color", "never"]);
    assert!(out.status.success());
    assert!(!stdout(&out).contains("on the wire:"), "{}", stdout(&out));
}
