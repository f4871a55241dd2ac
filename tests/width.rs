//! On an 80-column projector nothing wraps: with `COLUMNS=80`, every line
//! every demo prints, in either language, fits in 80 columns, because the
//! program breaks its own narration at spaces (or between Chinese
//! characters) and lays out the boundary view to fit.

mod common;

use unicode_width::UnicodeWidthStr;

fn widest_line(args: &[&str]) -> (usize, String) {
    let out = common::sticky()
        .args(args)
        .args(["--color", "never"])
        .env("COLUMNS", "80")
        .output()
        .expect("the sticky binary runs");
    assert!(
        out.status.success(),
        "sticky {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .map(|l| (l.width(), l.to_string()))
        .max_by_key(|(w, _)| *w)
        .unwrap_or_default()
}

#[test]
fn every_demo_fits_an_80_column_terminal_in_both_languages() {
    let runs: [&[&str]; 9] = [
        &["run", "1"],
        &["run", "2"],
        &["run", "3", "--seed", "7"],
        &["run", "3", "--profile", "lossy"],
        &["run", "4", "--seed", "7"],
        &["run", "5", "--seed", "7"],
        &["run", "6"],
        &["run", "7"],
        &["run", "8", "--requests", "3"],
    ];
    for run in runs {
        for lang in ["en", "zh"] {
            let mut args = run.to_vec();
            args.extend(["--lang", lang]);
            let (width, line) = widest_line(&args);
            assert!(width <= 80, "sticky {args:?}: {width} columns: {line}");
        }
    }
}

/// Runs `sticky ARGS` with and without `COLUMNS=80`; returns the narrow
/// output, after checking that it fits and holds the same words as the wide
/// one (so every break fell between two words, never inside one).
fn fits_80_with_the_same_words(args: &[&str]) -> String {
    let output = |columns: Option<&str>| {
        let mut cmd = common::sticky();
        cmd.args(["--color", "never"]).args(args);
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = cmd.output().expect("the sticky binary runs");
        assert!(out.status.success(), "sticky {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (narrow, wide) = (output(Some("80")), output(None));
    for line in narrow.lines() {
        assert!(line.width() <= 80, "sticky {args:?}: {line}");
    }
    // Chinese breaks between characters, with no space: compare characters.
    let words = |text: &str| -> Vec<String> {
        if args.contains(&"zh") {
            vec![text.split_whitespace().collect()]
        } else {
            text.split_whitespace().map(String::from).collect()
        }
    };
    assert_eq!(words(&narrow), words(&wide), "sticky {args:?}");
    narrow
}

#[test]
fn the_list_breaks_under_its_descriptions_in_both_languages() {
    for lang in ["en", "zh"] {
        let out = fits_80_with_the_same_words(&["list", "--lang", lang]);
        // The longest description (demo 07's) goes on a second line, under itself.
        let second = out
            .lines()
            .nth(out.lines().position(|l| l.starts_with("07")).unwrap() + 1);
        assert!(
            second
                .is_some_and(|l| l.starts_with(&" ".repeat(19)) && !l.starts_with(&" ".repeat(20))),
            "{out}"
        );
    }
}

#[test]
fn every_help_page_breaks_at_spaces() {
    let pages: [&[&str]; 11] = [
        &["--color", "never", "help", "serve"],
        &["--help"],
        &["list", "--help"],
        &["run", "--help"],
        &["serve", "--help"],
        &["connect", "--help"],
        &["tour", "--help"],
        &["bench", "--help"],
        &["proxy", "--help"],
        &["check", "--help"],
        &["docs", "--help"],
    ];
    for page in pages {
        let out = fits_80_with_the_same_words(page);
        assert!(out.contains("Usage: sticky"), "{page:?}: {out}");
    }
}

#[test]
fn serve_help_groups_the_demo_options_and_stays_short() {
    let out = fits_80_with_the_same_words(&["serve", "--help"]);
    for heading in ["Demo 03:", "Demo 05:", "Demo 06:", "Demo 07:"] {
        assert!(out.lines().any(|l| l == heading), "{heading} in {out}");
    }
    let lines = out.lines().count();
    assert!(lines <= 80, "serve --help is {lines} lines:\n{out}");
}

#[test]
fn the_proxy_banner_breaks_at_spaces() {
    // Relays no connection, so it prints its banner and its last line, and stops.
    let args = [
        "proxy",
        "--listen",
        "127.0.0.1:0",
        "--to",
        "127.0.0.1:1",
        "--clients",
        "0",
        "--seed",
        "1234567890123",
        "--cut",
        "1..3",
        "--delay-ms",
        "10..20",
        "--coalesce-ms",
        "200",
    ];
    let mut cmd = common::sticky();
    cmd.args(args).env("COLUMNS", "60");
    let out = cmd.output().expect("the sticky binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.lines().count() >= 6, "{text}");
    for line in text.lines() {
        assert!(line.width() <= 60, "{line}");
        // A continuation sits under the text after "proxy: ".
        assert!(
            line.starts_with("proxy: ") || line.starts_with("       "),
            "{line}"
        );
    }
}

#[test]
fn the_graders_case_lists_fit_an_80_column_terminal_in_both_languages() {
    for demo in ["1", "4", "5", "6", "7"] {
        for lang in ["en", "zh"] {
            fits_80_with_the_same_words(&["check", demo, "--list", "--lang", lang]);
        }
    }
    for lang in ["en", "zh"] {
        fits_80_with_the_same_words(&["check", "5", "--serve", "--list", "--lang", lang]);
    }
}

/// The lines of `out` wider than 80 columns, but for the demo's title
/// (`== demo 01 … ==`, the words of `sticky list`, worded and checked with
/// them).
fn too_wide(out: &str) -> Vec<String> {
    out.lines()
        .filter(|l| !l.starts_with("== "))
        .filter(|l| l.width() > 80)
        .map(|l| format!("{} columns: {l}", l.width()))
        .collect()
}

/// Demos 01 to 04 as a transcript, a pipe or a log file shows them, where
/// nothing breaks a line (no `COLUMNS`, not a terminal): every line fits
/// 80 columns as the program writes it, in both languages, the runs and the
/// two halves of each demo alike.
#[test]
fn demos_01_to_04_fit_80_columns_without_being_broken() {
    let runs: [&[&str]; 7] = [
        &["run", "1"],
        &["run", "2"],
        &["run", "3"],
        &["run", "3", "--seed", "7"],
        &["run", "3", "--profile", "wan"],
        &["run", "4"],
        &["run", "4", "--seed", "7"],
    ];
    for lang in ["en", "zh"] {
        for run in runs {
            let out = common::sticky()
                .args(run)
                .args(["--color", "never", "--lang", lang])
                .output()
                .expect("the sticky binary runs");
            assert!(out.status.success(), "{run:?} --lang {lang}: {out:?}");
            let wide = too_wide(&String::from_utf8_lossy(&out.stdout));
            assert!(
                wide.is_empty(),
                "{run:?} --lang {lang}:\n{}",
                wide.join("\n")
            );
        }
        // serve N for one client (six datagrams for demo 02), connect N.
        for (demo, clients) in [("1", "1"), ("2", "6"), ("3", "1"), ("4", "1")] {
            let mut serve = vec![demo, "--clients", clients, "--lang", lang];
            if demo == "3" {
                serve.extend(["--delay-ms", "50"]);
            }
            let server = common::Server::start(&serve);
            let to = server.addr.to_string();
            let mut client = common::sticky()
                .args([
                    "connect", demo, "--to", &to, "--color", "never", "--lang", lang,
                ])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("the client starts");
            // Demo 01's client echoes what is typed; the others ignore it.
            let typed = "hello, server\n你好\n".as_bytes();
            if let Some(mut stdin) = client.stdin.take() {
                std::io::Write::write_all(&mut stdin, typed).expect("typed");
            }
            let out = client.wait_with_output().expect("the client ends");
            assert!(
                out.status.success(),
                "connect {demo} --lang {lang}: {out:?}"
            );
            let banner = server.banner.clone();
            let (ok, served, err) = server.finish();
            assert!(ok, "serve {demo} --lang {lang}: {err}");
            for (who, text) in [
                ("connect", String::from_utf8_lossy(&out.stdout).into_owned()),
                ("serve", banner + &served),
            ] {
                assert!(text.lines().count() > 1, "{who} {demo}: {text}");
                let wide = too_wide(&text);
                assert!(
                    wide.is_empty(),
                    "{who} {demo} --lang {lang}:\n{}",
                    wide.join("\n")
                );
            }
        }
    }
}
