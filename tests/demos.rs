//! Every demo through the real `sticky` binary, asserting on what it prints.

mod common;

use common::{run, stderr, stdout};

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "sticky {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out)
}

/// Numbers out of a line like "result: 8 writes arrived in 1 read: ...".
fn writes_and_reads(line: &str) -> (usize, usize) {
    let words: Vec<&str> = line.split_whitespace().collect();
    let writes = words[1].parse().unwrap();
    let at = words.iter().position(|w| *w == "in").unwrap();
    (writes, words[at + 1].parse().unwrap())
}

#[test]
fn list_names_all_six_demos() {
    let out = ok(&["list", "--color", "never"]);
    for slug in [
        "tcp-echo",
        "udp",
        "sticky",
        "fixed-length",
        "length-prefix",
        "file-transfer",
    ] {
        assert!(out.contains(slug), "{slug} missing from:\n{out}");
    }
}

#[test]
fn demo_01_echoes_every_line() {
    let out = ok(&["run", "1", "--color", "never"]);
    assert!(
        out.contains("server: read  14 bytes from 127.0.0.1:"),
        "{out}"
    );
    assert!(out.contains("client: got back  你好\\n"), "{out}");
    assert!(out.contains("done: every line came back as sent"), "{out}");
}

#[test]
fn demo_02_keeps_datagrams_whole_and_shows_truncation() {
    let out = ok(&["run", "2", "--color", "never"]);
    assert_eq!(out.matches("  whole").count(), 5, "{out}");
    assert!(
        out.contains("recvfrom  1024 bytes")
            && out.contains("TRUNCATED: the datagram had 2000 bytes, 976 were thrown away"),
        "{out}"
    );
    assert!(
        out.contains("976 bytes lost to a 1024-byte buffer"),
        "{out}"
    );
}

#[test]
fn demo_03_glues_small_writes_and_cuts_a_large_one() {
    let out = ok(&["run", "3", "--color", "never"]);
    let results: Vec<&str> = out.lines().filter(|l| l.starts_with("result:")).collect();
    assert_eq!(results.len(), 3, "{out}");
    // Part 1, with and without TCP_NODELAY: fewer reads than writes.
    for line in &results[..2] {
        let (writes, reads) = writes_and_reads(line);
        assert_eq!(writes, 8, "{line}");
        assert!(reads < writes, "{line}");
    }
    assert!(out.contains("TCP_NODELAY on"), "{out}");
    // Part 2: one write, several reads.
    let (writes, reads) = writes_and_reads(results[2]);
    assert_eq!(writes, 1, "{}", results[2]);
    assert!(reads > 1, "{}", results[2]);
    assert!(out.contains("[message 1: bytes 0.."), "{out}");
}

#[test]
fn demo_03_with_a_seed_prints_the_same_every_time() {
    let first = ok(&["run", "3", "--seed", "7", "--color", "never"]);
    let second = ok(&["run", "3", "--seed", "7", "--color", "never"]);
    assert_eq!(first, second);
    // Seed 7 cuts "client" after "clie" and glues the rest together.
    assert!(
        first.contains("  #4        6 B  [client]  | #4        4 B  [clie~\n"),
        "{first}"
    );
    assert!(first.contains("~nt][one][write][p~"), "{first}");
    let other = ok(&["run", "3", "--seed", "8", "--color", "never"]);
    assert_ne!(first, other);
}

#[test]
fn demo_03_stacks_its_view_when_columns_is_narrow() {
    let out = common::sticky()
        .args(["run", "3", "--seed", "7", "--color", "never"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // Every row of the boundary view fits: the writes, then the reads.
    for line in text.lines().filter(|l| l.starts_with("  ")) {
        assert!(line.chars().count() <= 60, "{line:?} in\n{text}");
    }
    // Part 1 fits side by side, its widest read going on over two rows;
    // part 2 (79 columns wide) is stacked.
    assert!(
        text.contains("\n  #4        6 B  [client]  | #4        4 B  [clie~\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  #5        3 B  [one]     | #5       11 B  ~nt][one][write]\n  \
             #6        5 B  [write]   |                [p~\n"
        ),
        "{text}"
    );
    assert!(text.contains("\n  client: 1 write\n"), "{text}");
    assert!(text.contains("\n  server: 11 reads\n"), "{text}");
    // Wide enough: side by side, as without COLUMNS.
    let wide = common::sticky()
        .args(["run", "3", "--seed", "7", "--color", "never"])
        .env("COLUMNS", "200")
        .output()
        .unwrap();
    assert_eq!(
        stdout(&wide),
        ok(&["run", "3", "--seed", "7", "--color", "never"])
    );
}

#[test]
fn demo_04_reads_every_message_whole() {
    for extra in [&[][..], &["--seed", "3"][..], &["--size", "8"][..]] {
        let mut args = vec!["run", "4", "--color", "never"];
        args.extend_from_slice(extra);
        let out = ok(&args);
        assert!(out.contains("8 of 8 whole"), "{args:?}: {out}");
        assert!(
            out.contains("  message 4     6 bytes  [client]  whole"),
            "{out}"
        );
    }
    let out = ok(&["run", "4", "--color", "never"]);
    assert!(
        out.contains(
            "36 bytes of messages took 256 bytes on the wire;\n                  \
             220 bytes (85%) are padding"
        ),
        "{out}"
    );
    assert!(out.contains("not sent: message of 55 bytes"), "{out}");
}

#[test]
fn demo_04_refuses_a_size_too_small_for_its_messages() {
    let out = run(&["run", "4", "--size", "4"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: message of 5 bytes does not fit the fixed size of 4 bytes (raise it with --size)\n"
    );
}

#[test]
fn demo_05_frames_everything_whole_and_survives_bad_peers() {
    for extra in [&[][..], &["--seed", "5"][..], &["--little-endian"][..]] {
        let mut args = vec!["run", "5", "--color", "never"];
        args.extend_from_slice(extra);
        let out = ok(&args);
        assert!(out.contains("9 of 9 echoed back whole"), "{args:?}: {out}");
        assert!(out.contains("frame 9    262144 bytes"), "{out}");
        assert!(
            out.contains("frame of 4294967295 bytes refused: the limit is 8388608 bytes"),
            "{out}"
        );
        assert!(
            out.contains("connection closed after 3 of 10 bytes of frame payload"),
            "{out}"
        );
    }
}

#[test]
fn demo_05_refuses_a_message_over_max_frame() {
    let out = run(&["run", "5", "--max-frame", "1000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: frame of 262144 bytes refused: the limit is 1000 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn color_is_on_only_when_asked() {
    let args = ["run", "3", "--seed", "7"];
    let always = run(&[&args[..], &["--color", "always"]].concat());
    assert!(
        stdout(&always).contains("\x1b["),
        "--color always must colour"
    );
    let never = run(&[&args[..], &["--color", "never"]].concat());
    assert!(!stdout(&never).contains('\x1b'));
    // auto into a pipe: no colour.
    let auto = run(&args);
    assert!(!stdout(&auto).contains('\x1b'));
    // NO_COLOR is honoured by auto.
    let no_color = common::sticky()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&no_color).contains('\x1b'));
    // And the plain text is the same text, markers included.
    assert_eq!(
        stdout(&never),
        String::from_utf8(strip_ansi(&always.stdout)).unwrap()
    );
}

fn strip_ansi(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == 0x1b {
            while i < bytes.len() && bytes[i] != b'm' {
                i += 1;
            }
        } else {
            out.push(bytes[i]);
        }
        i += 1;
    }
    out
}

#[test]
fn tour_runs_every_demo_without_pausing_when_piped() {
    let out = ok(&["tour", "--color", "never"]);
    for n in 1..=6 {
        assert!(
            out.contains(&format!("== demo {n:02} ")),
            "demo {n} missing:\n{out}"
        );
    }
}

#[test]
fn demo_06_sends_a_file_and_verifies_it() {
    for chunk in ["8192", "1000"] {
        let out = ok(&["run", "6", "--color", "never", "--chunk", chunk]);
        assert!(
            out.contains("\"filename\":\"sample.bin\",\"filesize\":4194304"),
            "{out}"
        );
        assert!(
            out.contains(&format!("reads of at most {chunk} bytes")),
            "{out}"
        );
        assert!(out.contains("client: blake3 verified"), "{out}");
        assert!(
            out.contains("result: the file on disk is byte for byte the file that was sent"),
            "{out}"
        );
    }
}

#[test]
fn bench_prints_a_row_per_chunk_size_and_a_reading() {
    // Tiny and short: this checks the table, not the speed.
    let out = ok(&[
        "bench",
        "--seconds",
        "0.01",
        "--bytes",
        "65536",
        "--color",
        "never",
    ]);
    for chunk in ["512 B", "1 KiB", "8 KiB", "64 KiB", "1 MiB"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(chunk)),
            "no row for {chunk}:\n{out}"
        );
    }
    assert!(out.contains("<- the lesson's choice"), "{out}");
    assert!(out.lines().any(|l| l.starts_with("reading: ")), "{out}");
}

#[test]
fn bench_refuses_nonsense_durations() {
    let out = run(&["bench", "--seconds", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--seconds must be more than 0 and at most 60"),
        "{err}"
    );
}

#[test]
fn a_flag_the_demo_does_not_use_is_refused_in_one_line() {
    for (args, says) in [
        (
            &["run", "1", "--seed", "7"][..],
            "error: --seed is for `run 3`, `run 4` and `run 5`; `run 1` does not use it (see sticky --help)\n",
        ),
        (
            &["connect", "4", "--little-endian"][..],
            "error: --little-endian is for `run 5`, `serve 5`, `connect 5`, `run 6`, `serve 6` and `connect 6`; `connect 4` does not use it (see sticky --help)\n",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), says, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} ran anyway");
    }
}

#[test]
fn a_missing_argument_is_named_with_the_help_page_to_read() {
    for (args, says) in [
        (
            &["run"][..],
            "error: the following required arguments were not provided: <DEMO> (see sticky run --help)\n",
        ),
        (
            &["connect", "--to", "127.0.0.1:1"][..],
            "error: the following required arguments were not provided: <DEMO> (see sticky connect --help)\n",
        ),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), says, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_absurd_record_size_is_refused_before_anything_is_allocated() {
    for size in ["100000000000000", "18446744073709551615", "0"] {
        let out = run(&["run", "4", "--size", size]);
        assert_eq!(out.status.code(), Some(2), "--size {size}");
        assert!(
            stderr(&out).contains("the record size must be from 1 to 1048576 bytes"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn demo_03_verdict_names_what_the_reader_saw() {
    // Seed 2: eight reads for eight writes, but five messages cut across them.
    let out = ok(&["run", "3", "--seed", "2", "--color", "never"]);
    assert!(
        out.contains("result: 8 writes arrived in 8 reads: messages were cut apart\n"),
        "{out}"
    );
    assert!(!out.contains("each whole this time"), "{out}");
    // Seed 28: more reads than writes; "the message" is said only of one message.
    let out = ok(&["run", "3", "--seed", "28", "--color", "never"]);
    assert!(
        out.contains("result: 8 writes arrived in 9 reads: messages were cut apart\n"),
        "{out}"
    );
    assert!(out.contains("result: 1 write arrived in"), "{out}");
}
