//! Transcripts in the docs: produced by the program, checked by a test.
//!
//! A chapter marks each place where the program's output is shown:
//!
//! ````text
//! <!-- transcript: run 3 --seed 7 -->
//! ```text
//! (what `sticky run 3 --seed 7 --color never` prints)
//! ```
//! <!-- /transcript -->
//! ````
//!
//! `sticky docs --write` runs every marked command and puts its output
//! between the markers; `sticky docs --check` (run by `cargo test`) fails
//! when any of them differs from what the program prints now. Output that
//! changes from run to run for reasons unrelated to the lesson is
//! normalised first: port numbers the OS picked become `PORT`, and
//! throughput figures become `N.N MB/s`.
//!
//! A run on real sockets, whose counts and times change from run to run, is
//! marked `<!-- transcript: run 3 | shape -->`: the chapter keeps the output
//! of one real run, and the check compares shapes only (see [`shape`]).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use sticky::Error;

use super::i18n::Catalogue;
use super::Failure;
use crate::tr;

/// What `sticky docs` says, in English and Chinese.
pub static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../../i18n/en/docs.ftl"),
        include_str!("../../i18n/zh/docs.ftl"),
    )
});

type Result<T> = std::result::Result<T, Failure>;

const OPEN: &str = "<!-- transcript:";
const CLOSE: &str = "<!-- /transcript -->";

/// Something that runs `sticky ARGS` and returns what it printed.
pub trait Runner {
    /// The output of `sticky ARGS --color never`, stdout then stderr, with a
    /// last line giving the exit status when it is not 0.
    fn run(&self, args: &[&str]) -> Result<String>;
}

/// Runs a program (this very binary, in practice) as a child process.
#[derive(Debug, Clone)]
pub struct ProgramRunner {
    exe: PathBuf,
}

impl ProgramRunner {
    /// A runner for the program at `exe`.
    pub fn new(exe: PathBuf) -> Self {
        ProgramRunner { exe }
    }
}

impl Runner for ProgramRunner {
    fn run(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.exe)
            .args(args)
            .args(["--color", "never"])
            .env_remove("NO_COLOR")
            // The wide layout, the same on every machine.
            .env_remove("COLUMNS")
            // English unless the transcript's own arguments say --lang zh.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C")
            .output()
            .map_err(Error::io(format!("running {}", self.exe.display())))?;
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        if let Some(code) = out.status.code().filter(|&c| c != 0) {
            text.push_str(&format!("(exit status {code})\n"));
        }
        Ok(text)
    }
}

/// What [`process_dir`] did.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per transcript: where, which command, and its state.
    pub lines: Vec<String>,
    /// Transcripts that differ from the program's output (before `--write`).
    pub stale: usize,
}

/// Checks, or with `write` regenerates, every transcript in the Markdown
/// files of `dir` (not below it).
pub fn process_dir(dir: &Path, runner: &dyn Runner, write: bool) -> Result<Report> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(Error::file(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut report = Report::default();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(Error::file(&path))?;
        let (new_text, stale) = process_text(
            &text,
            runner,
            &path.display().to_string(),
            &mut report.lines,
        )?;
        report.stale += stale;
        if write && new_text != text {
            // Write beside, then rename: a chapter is never left half-written.
            let tmp = path.with_extension("md.tmp");
            std::fs::write(&tmp, &new_text).map_err(Error::file(&tmp))?;
            std::fs::rename(&tmp, &path).map_err(Error::file(&path))?;
        }
    }
    if report.lines.is_empty() {
        return Err(Failure::Other(tr!(
            WORDS,
            "no-transcripts",
            dir = dir.display()
        )));
    }
    Ok(report)
}

/// Regenerates the transcripts in one Markdown text. Returns the new text
/// and how many transcripts differed; appends a report line per transcript.
pub fn process_text(
    text: &str,
    runner: &dyn Runner,
    name: &str,
    lines: &mut Vec<String>,
) -> Result<(String, usize)> {
    let mut out = String::with_capacity(text.len());
    let mut stale = 0;
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let (before, from_open) = rest.split_at(at);
        out.push_str(before);
        let header_end = from_open.find("-->").ok_or_else(|| {
            Failure::Other(format!(
                "{name}: a transcript marker is not closed with -->"
            ))
        })?;
        let marker = from_open[OPEN.len()..header_end].trim();
        let (command, by_shape) = match marker.split_once('|') {
            Some((command, "shape")) | Some((command, " shape")) => (command.trim(), true),
            Some((_, mode)) => {
                return Err(Failure::Other(format!(
                    "{name}: transcript `{marker}`: unknown mode {:?} (the one mode is `shape`)",
                    mode.trim()
                )))
            }
            None => (marker, false),
        };
        let after_header = &from_open[header_end + 3..];
        let close = after_header.find(CLOSE).ok_or_else(|| {
            Failure::Other(format!("{name}: transcript `{command}` has no {CLOSE}"))
        })?;
        let old_body = &after_header[..close];
        let args: Vec<&str> = command.split_whitespace().collect();
        let output = normalise(&runner.run(&args)?);
        let mut new_body = format!("\n```text\n{output}```\n");
        if by_shape && shape(old_body) == shape(&new_body) {
            // Same shape: keep the run the chapter shows, so it does not churn.
            new_body = old_body.to_string();
        }
        if old_body != new_body {
            stale += 1;
            lines.push(tr!(
                WORDS,
                "differs",
                name = name,
                command = command,
                difference = first_difference(old_body, &new_body)
            ));
        } else {
            lines.push(tr!(WORDS, "up-to-date", name = name, command = command));
        }
        out.push_str(&from_open[..header_end + 3]);
        out.push_str(&new_body);
        out.push_str(CLOSE);
        rest = &after_header[close + CLOSE.len()..];
    }
    out.push_str(rest);
    Ok((out, stale))
}

fn first_difference(old: &str, new: &str) -> String {
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    for n in 0.. {
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (a, b) => {
                let nothing = tr!(WORDS, "nothing");
                return tr!(
                    WORDS,
                    "difference",
                    n = n,
                    docs = format!("{:?}", a.unwrap_or(&nothing)),
                    program = format!("{:?}", b.unwrap_or(&nothing))
                );
            }
        }
    }
    unreachable!("the loop returns at the first difference")
}

/// Replaces what changes between runs: OS-chosen ports and throughput.
pub fn normalise(text: &str) -> String {
    let text = replace_after(text, "127.0.0.1:", |digits| {
        if digits == "7878" {
            digits.to_string()
        } else {
            "PORT".to_string()
        }
    });
    replace_before_mb_s(&text)
}

/// What a run on real sockets keeps from one run to the next: the text with
/// every number as `N`, spacing collapsed, a plural after a number made
/// singular ("N reads" is "N read"), and the rows of boundary views (lines
/// with `|`) left out, since how many reads there are is what varies.
pub fn shape(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| !line.contains('|'))
        .map(|line| {
            let mut masked = String::with_capacity(line.len());
            let mut in_number = false;
            for c in line.chars() {
                if c.is_ascii_digit() || (in_number && c == '.') {
                    if !in_number {
                        masked.push('N');
                    }
                    in_number = true;
                } else {
                    in_number = false;
                    masked.push(c);
                }
            }
            let words: Vec<&str> = masked.split_whitespace().collect();
            let mut out: Vec<String> = Vec::with_capacity(words.len());
            for (i, w) in words.iter().enumerate() {
                let after_number = i > 0 && words[i - 1] == "N";
                // "reads," is "read," after a number: the plural sits before any punctuation.
                let core = w.trim_end_matches(|c: char| c.is_ascii_punctuation());
                let tail = &w[core.len()..];
                out.push(match core.strip_suffix('s') {
                    Some(singular) if after_number && !singular.is_empty() => {
                        format!("{singular}{tail}")
                    }
                    _ => w.to_string(),
                });
            }
            out.join(" ")
        })
        .collect()
}

/// Replaces every run of digits that directly follows `marker`.
fn replace_after(text: &str, marker: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let end = at + marker.len();
        out.push_str(&rest[..end]);
        let tail = &rest[end..];
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push_str(&with(&tail[..digits]));
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// "123.4 MB/s" -> "N.N MB/s".
fn replace_before_mb_s(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            let Some(at) = line.find(" MB/s") else {
                return line.to_string();
            };
            // Where the figure starts, whatever the (possibly multi-byte,
            // as in "，683.0 MB/s") character before it.
            let start = line[..at]
                .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
                .len();
            if start == at {
                line.to_string()
            } else {
                format!("{}N.N{}", &line[..start], &line[at..])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    struct Fake {
        output: String,
        calls: Cell<usize>,
    }

    impl Runner for Fake {
        fn run(&self, args: &[&str]) -> Result<String> {
            self.calls.set(self.calls.get() + 1);
            Ok(format!("args {}\n{}", args.join(" "), self.output))
        }
    }

    fn fake(output: &str) -> Fake {
        Fake {
            output: output.into(),
            calls: Cell::new(0),
        }
    }

    const DOC: &str = "# Title\n\n<!-- transcript: run 9 --x -->\n```text\nold\n```\n<!-- /transcript -->\n\nafter\n";

    #[test]
    fn a_stale_transcript_is_reported_and_rewritten() {
        let runner = fake("new line\n");
        let mut lines = Vec::new();
        let (text, stale) = process_text(DOC, &runner, "ch.md", &mut lines).unwrap();
        assert_eq!(stale, 1);
        assert!(
            lines[0].starts_with("ch.md: `sticky run 9 --x` differs: line 2 of the block"),
            "{lines:?}"
        );
        assert_eq!(
            text,
            "# Title\n\n<!-- transcript: run 9 --x -->\n```text\nargs run 9 --x\nnew line\n```\n<!-- /transcript -->\n\nafter\n"
        );
        // Once rewritten, it is up to date.
        let mut lines = Vec::new();
        let (again, stale) = process_text(&text, &runner, "ch.md", &mut lines).unwrap();
        assert_eq!((again, stale), (text, 0));
        assert_eq!(runner.calls.get(), 2);
    }

    #[test]
    fn an_unclosed_marker_is_an_error() {
        let doc = "<!-- transcript: run 1 -->\n```text\n```\n";
        let err = process_text(doc, &fake(""), "ch.md", &mut Vec::new()).unwrap_err();
        assert!(
            err.line().contains("has no <!-- /transcript -->"),
            "{err:?}"
        );
    }

    #[test]
    fn a_shape_transcript_ignores_counts_and_times_but_not_words() {
        let doc = "<!-- transcript: run 8 | shape -->\n```text\nrequest 1 0.08 ms\n1 write, 7 segments\n  #1 5 B | #1 4 B\n```\n<!-- /transcript -->\n";
        // Other numbers, another plural, more table rows: the same shape.
        let same =
            fake("request 2   43.99 ms\n1 write, 1 segment\n  #1 5 B | #1 4 B\n  | #2 1 B\n");
        let mut lines = Vec::new();
        let (text, stale) = process_text(doc, &same, "ch.md", &mut lines).unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(stale, 1, "the fake adds an `args` line: {lines:?}");
        let (again, stale) = process_text(&text, &same, "ch.md", &mut Vec::new()).unwrap();
        assert_eq!(stale, 0);
        assert_eq!(again, text, "an unchanged shape keeps the run shown");
        // A changed word is a changed shape.
        let other = fake("request 2 43.99 ms\n1 write, 1 packet\n");
        let (_, stale) = process_text(&text, &other, "ch.md", &mut Vec::new()).unwrap();
        assert_eq!(stale, 1);
        assert_eq!(
            shape("8 writes, 8 segments, 1 read\n"),
            vec!["N write, N segment, N read"]
        );
    }

    #[test]
    fn an_unknown_transcript_mode_is_an_error() {
        let doc = "<!-- transcript: run 1 | fuzzy -->\n```text\n```\n<!-- /transcript -->\n";
        let err = process_text(doc, &fake(""), "ch.md", &mut Vec::new()).unwrap_err();
        assert!(err.line().contains("unknown mode \"fuzzy\""), "{err:?}");
    }

    #[test]
    fn ports_and_rates_are_normalised() {
        assert_eq!(
            normalise("on 127.0.0.1:45965 from 127.0.0.1:7878, 31.2 MB/s\nx\n"),
            "on 127.0.0.1:PORT from 127.0.0.1:7878, N.N MB/s\nx\n"
        );
        assert_eq!(normalise("no numbers MB/s"), "no numbers MB/s");
        // A full-width comma (three bytes) right before the figure.
        assert_eq!(normalise("字节，683.0 MB/s\n"), "字节，N.N MB/s\n");
    }
}

#[cfg(test)]
mod words_tests {
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};

    #[test]
    fn the_docs_message_files_are_whole_and_hold_every_id_asked_for() {
        let en = include_str!("../../i18n/en/docs.ftl");
        let gaps = check_catalogue(en, include_str!("../../i18n/zh/docs.ftl"));
        assert!(gaps.is_empty(), "{gaps:#?}");
        let defined = ids_defined(en);
        for source in [
            include_str!("transcript.rs"),
            include_str!("figures.rs"),
            // main.rs's own `mod words` asks help.ftl.
            crate::app::help::before_words(include_str!("../main.rs")),
        ] {
            for id in ids_used(source) {
                assert!(defined.contains(&id), "{id} is not in docs.ftl");
            }
        }
    }
}
