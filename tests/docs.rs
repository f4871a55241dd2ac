//! The docs tell the truth: every transcript is what the program prints now,
//! and every Python client shown works against the server it is shown with.

mod common;

use std::path::{Path, PathBuf};

use common::{stderr, stdout, Server};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

#[test]
fn transcripts_match_what_the_program_prints() {
    let dir = docs_dir();
    let out = common::run(&["docs", "--check", "--dir", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "a docs transcript is out of date; regenerate with `cargo run -- docs --write`\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    // Every numbered chapter has at least one transcript.
    let report = stdout(&out);
    for n in 0..=6 {
        assert!(
            report.contains(&format!("/{n:02}-")),
            "chapter {n:02} has no transcript:\n{report}"
        );
    }
}

/// `<!-- python-check: serve N ARGS -->` followed by a ```python block.
fn python_checks() -> Vec<(String, Vec<String>, String)> {
    let mut found = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(docs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut rest = text.as_str();
        while let Some(at) = rest.find("<!-- python-check:") {
            let after = &rest[at + "<!-- python-check:".len()..];
            let end = after.find("-->").expect("marker closed");
            let args: Vec<String> = after[..end].split_whitespace().map(String::from).collect();
            let body = &after[end..];
            let start = body
                .find("```python\n")
                .expect("a python block follows the marker")
                + 10;
            let stop = body[start..].find("```").expect("python block closed") + start;
            found.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                args,
                body[start..stop].to_string(),
            ));
            rest = &body[stop..];
        }
    }
    found
}

#[test]
fn python_clients_in_the_docs_work_against_their_servers() {
    let checks = python_checks();
    assert!(
        checks.len() >= 6,
        "expected a Python client per demo chapter, found {}",
        checks.len()
    );
    for (chapter, args, code) in checks {
        assert_eq!(
            args[0], "serve",
            "{chapter}: python-check must start a server"
        );
        let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
        let server = Server::start(&args);
        let cwd = tempfile::tempdir().unwrap();
        let out = std::process::Command::new("python3")
            .arg("-c")
            .arg(&code)
            .arg(server.addr.ip().to_string())
            .arg(server.addr.port().to_string())
            .current_dir(cwd.path())
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{chapter}: the Python client failed:\n{}",
            stderr(&out)
        );
        let (ok, text, err) = server.finish();
        assert!(ok, "{chapter}: server failed: {err}\n{text}");
    }
}

#[test]
fn the_book_lists_every_chapter() {
    let summary = std::fs::read_to_string(docs_dir().join("SUMMARY.md")).unwrap();
    for entry in std::fs::read_dir(docs_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "SUMMARY.md" {
            assert!(
                summary.contains(&format!("({name})")),
                "docs/SUMMARY.md does not list {name}"
            );
        }
    }
}
