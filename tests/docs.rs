//! The docs tell the truth: every transcript is what the program prints now,
//! and every Python client shown works against the server it is shown with.
//! Both books are held to this: the English one in docs/ and the Chinese one
//! in docs/zh/.

mod common;

use std::path::{Path, PathBuf};

use common::{stderr, stdout, Server};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn zh_dir() -> PathBuf {
    docs_dir().join("zh")
}

/// Each book, with the numbered chapters it must show output for.
fn books() -> [(PathBuf, &'static [u32]); 2] {
    [
        (docs_dir(), &[0, 1, 2, 3, 4, 5, 6, 7, 8]),
        (zh_dir(), &[0, 1, 2, 3, 4, 5, 6, 7, 8]),
    ]
}

/// The Markdown files of `dir`, not below it, sorted.
fn chapters(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn transcripts_match_what_the_program_prints() {
    for (dir, numbered) in books() {
        let out = common::run(&["docs", "--check", "--dir", dir.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "a transcript in {} is out of date; regenerate with `cargo run -- docs --write --dir {}`\n{}{}",
            dir.display(),
            dir.display(),
            stdout(&out),
            stderr(&out)
        );
        let report = stdout(&out);
        for n in numbered {
            assert!(
                report.contains(&format!("/{n:02}-")),
                "{}: chapter {n:02} has no transcript:\n{report}",
                dir.display()
            );
        }
    }
}

/// The commands of the `<!-- transcript: ... -->` markers in `text`.
fn transcript_commands(text: &str) -> Vec<String> {
    text.split("<!-- transcript:")
        .skip(1)
        .map(|rest| {
            rest[..rest.find("-->").expect("marker closed")]
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn the_chinese_book_shows_the_chinese_narration() {
    let mut seen = 0;
    for path in chapters(&zh_dir()) {
        let text = std::fs::read_to_string(&path).unwrap();
        for command in transcript_commands(&text) {
            seen += 1;
            let args = command.split('|').next().unwrap();
            assert!(
                args.split_whitespace()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| w == ["--lang", "zh"]),
                "{}: transcript `{command}` lacks --lang zh",
                path.display()
            );
        }
    }
    assert!(seen >= 8, "only {seen} transcripts in docs/zh");
}

/// `[text](target)` links in `text` that lead to a file: not a web address,
/// not an anchor on the same page. The anchor of a link, if any, is cut off.
fn file_links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split('#').next().unwrap();
            if !target.is_empty() && !target.contains("://") {
                found.push(target.to_string());
            }
            rest = &after[end..];
        }
    }
    found
}

/// `here` joined with `target`, `..` resolved by hand: the target may not
/// exist (yet).
fn resolve(here: &Path, target: &str) -> PathBuf {
    let mut resolved = PathBuf::new();
    for part in here.join(target).components() {
        match part {
            std::path::Component::ParentDir => {
                resolved.pop();
            }
            other => resolved.push(other),
        }
    }
    resolved
}

#[test]
fn the_chinese_book_links_to_its_own_pages() {
    let zh = zh_dir();
    // English pages the English book itself links to: a Chinese link to one
    // that does not exist yet (a lab still being written) is not a typo.
    let mut english_targets = std::collections::HashSet::new();
    let mut english = chapters(&docs_dir());
    english.extend(chapters(&docs_dir().join("labs")));
    for page in english {
        let text = std::fs::read_to_string(&page).unwrap();
        for target in file_links(&text) {
            english_targets.insert(resolve(page.parent().unwrap(), &target));
        }
    }
    let mut pages = chapters(&zh);
    pages.extend(chapters(&zh.join("labs")));
    let mut checked = 0;
    for page in pages {
        let here = page.parent().unwrap();
        let text = std::fs::read_to_string(&page).unwrap();
        for target in file_links(&text) {
            checked += 1;
            let resolved = resolve(here, &target);
            match resolved.strip_prefix(&zh) {
                Ok(_) => assert!(
                    resolved.exists(),
                    "{}: link to {target}, which does not exist",
                    page.display()
                ),
                Err(_) => {
                    // Outside the Chinese book: code, or an English page
                    // that has no Chinese edition yet.
                    let english = resolved.strip_prefix(docs_dir()).ok();
                    if let Some(rel) = english.filter(|r| r.extension().is_some_and(|x| x == "md"))
                    {
                        assert!(
                            !zh.join(rel).exists(),
                            "{}: link to the English {target}; the Chinese edition has {}",
                            page.display(),
                            rel.display()
                        );
                        assert!(
                            resolved.exists() || english_targets.contains(&resolved),
                            "{}: link to {target}, which does not exist",
                            page.display()
                        );
                    } else {
                        assert!(
                            resolved.exists(),
                            "{}: link to {target}, which does not exist",
                            page.display()
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} links found in docs/zh");
}

/// `<!-- python-check: serve N ARGS -->` followed by a ```python block.
fn python_checks() -> Vec<(String, Vec<String>, String)> {
    let mut found = Vec::new();
    let mut files = chapters(&docs_dir());
    files.extend(chapters(&zh_dir()));
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
                path.strip_prefix(docs_dir())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
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
        checks.len() >= 11,
        "expected a Python client per demo chapter in each book, found {}",
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
fn each_book_lists_every_chapter() {
    for (dir, _) in books() {
        let summary = std::fs::read_to_string(dir.join("SUMMARY.md")).unwrap();
        let mut pages = chapters(&dir);
        pages.extend(chapters(&dir.join("labs")));
        for page in pages {
            let name = page
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if name != "SUMMARY.md" {
                assert!(
                    summary.contains(&format!("({name})")),
                    "{}/SUMMARY.md does not list {name}",
                    dir.display()
                );
            }
        }
    }
}

/// The blocks of `text` fenced as ```` ```LANG ````, in order, without
/// their fences.
fn fenced_blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&fence) {
        let body = &rest[at + fence.len()..];
        let end = body.find("```").expect("fenced block closed");
        blocks.push(&body[..end]);
        rest = &body[end..];
    }
    blocks
}

/// The names of the files in docs/labs/code/ that `blocks` quote, in order;
/// a block that is no file, changed by even one byte, is named by its sheet.
fn quoted_lab_files(sheet: &Path, blocks: &[&str]) -> Vec<String> {
    let code = docs_dir().join("labs/code");
    let files: Vec<(String, String)> = std::fs::read_dir(&code)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    blocks
        .iter()
        .enumerate()
        .map(|(i, block)| {
            let Some((name, _)) = files.iter().find(|(_, text)| text == block) else {
                panic!(
                    "{}: python block {} is not a file of docs/labs/code/ as it stands",
                    sheet.display(),
                    i + 1
                )
            };
            name.clone()
        })
        .collect()
}

#[test]
fn the_chinese_lab_sheets_quote_the_same_code_exactly() {
    let zh_labs = zh_dir().join("labs");
    let mut compared = 0;
    for english in chapters(&docs_dir().join("labs")) {
        let name = english.file_name().unwrap();
        let chinese = zh_labs.join(name);
        if !name.to_string_lossy().starts_with("lab") || !chinese.exists() {
            continue;
        }
        let english_text = std::fs::read_to_string(&english).unwrap();
        let chinese_text = std::fs::read_to_string(&chinese).unwrap();
        let want = quoted_lab_files(&english, &fenced_blocks(&english_text, "python"));
        let got = quoted_lab_files(&chinese, &fenced_blocks(&chinese_text, "python"));
        assert_eq!(
            got,
            want,
            "{} quotes other files than {}",
            chinese.display(),
            english.display()
        );
        compared += 1;
    }
    assert!(compared >= 4, "only {compared} Chinese lab sheets compared");
}

/// Whether `block`, a slice of `text`, comes right after the marker of a
/// quoted Chinese report card, `<!-- check card, --lang zh -->`.
fn follows_card_marker(text: &str, block: &str) -> bool {
    let at = block.as_ptr() as usize - text.as_ptr() as usize;
    text[..at]
        .trim_end_matches("```text\n")
        .trim_end()
        .ends_with("<!-- check card, --lang zh -->")
}

/// `line` cut at its last run of two or more spaces: a command and the
/// note after it, as in `sticky check 5 --list      what each case does`.
fn split_note(line: &str) -> (&str, &str) {
    let trimmed = line.trim_end();
    match trimmed.rfind("  ") {
        Some(at) => (trimmed[..at].trim_end(), trimmed[at..].trim_start()),
        None => (trimmed, ""),
    }
}

/// `chinese` is `english`, or the same command with its note translated
/// (the translation holds Chinese; a changed English word is no note).
fn same_but_the_note(chinese: &str, english: &str) -> bool {
    let (command, note) = split_note(chinese);
    chinese == english
        || (command == split_note(english).0
            && note.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
}

/// The commands and the grader's words a Chinese sheet shows are the
/// English sheet's: only a note at the end of a command line is translated.
#[test]
fn the_chinese_lab_sheets_show_the_same_commands_and_report_lines() {
    let zh_labs = zh_dir().join("labs");
    let mut compared = 0;
    for english in chapters(&docs_dir().join("labs")) {
        let name = english.file_name().unwrap();
        let chinese = zh_labs.join(name);
        if !name.to_string_lossy().starts_with("lab") || !chinese.exists() {
            continue;
        }
        let english_text = std::fs::read_to_string(&english).unwrap();
        let chinese_text = std::fs::read_to_string(&chinese).unwrap();
        let want = fenced_blocks(&english_text, "text");
        let got = fenced_blocks(&chinese_text, "text");
        assert_eq!(
            got.len(),
            want.len(),
            "{} has {} text blocks, {} has {}",
            chinese.display(),
            got.len(),
            english.display(),
            want.len()
        );
        for (i, (got, want)) in got.iter().zip(&want).enumerate() {
            // The grader's own words in Chinese, where the English sheet
            // quotes them in English: tests/check.rs checks them against
            // what `sticky check --lang zh` prints.
            if follows_card_marker(&chinese_text, got) {
                compared += 1;
                continue;
            }
            let got_lines: Vec<&str> = got.lines().collect();
            let want_lines: Vec<&str> = want.lines().collect();
            let same = got_lines.len() == want_lines.len()
                && got_lines
                    .iter()
                    .zip(&want_lines)
                    .all(|(g, w)| same_but_the_note(g, w));
            assert!(
                same,
                "{}: text block {} differs from the English sheet's:\n{got}\nexpected:\n{want}",
                chinese.display(),
                i + 1
            );
            compared += 1;
        }
    }
    assert!(compared >= 20, "only {compared} text blocks compared");
}

/// Every page of the English book, chapters and lab sheets, has a Chinese
/// twin at the same place under docs/zh/: a teacher who reads only Chinese
/// meets no page that exists in English alone.
#[test]
fn every_english_page_has_a_chinese_twin() {
    let zh = zh_dir();
    let mut english = chapters(&docs_dir());
    english.extend(chapters(&docs_dir().join("labs")));
    let missing: Vec<String> = english
        .iter()
        .map(|page| page.strip_prefix(docs_dir()).unwrap())
        .filter(|rel| !zh.join(rel).exists())
        .map(|rel| format!("docs/zh/{}", rel.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "English pages without a Chinese twin; write {}",
        missing.join(", ")
    );
    assert!(english.len() > 25, "only {} English pages", english.len());
}

/// The files below `dir`, at any depth, sorted; hidden files and the built
/// book (`book/`, mdbook's build-dir) left out.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(at) = todo.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if name.starts_with('.') || (at == dir && name == "book") {
                continue;
            }
            if path.is_dir() {
                todo.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every link target in `text` outside fenced code, as written: inline
/// links and images `[text](target)`, reference definitions `[name]: target`,
/// and HTML `src="target"` / `href="target"`.
fn every_link(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].trim().to_string());
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if let Some(at) = trimmed.find("]: ").filter(|_| trimmed.starts_with('[')) {
            let target = trimmed[at + 3..].split_whitespace().next().unwrap_or("");
            found.push(target.trim_matches(['<', '>']).to_string());
        }
        for attribute in ["src=\"", "href=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attribute) {
                let after = &rest[at + attribute.len()..];
                let Some(end) = after.find('"') else { break };
                found.push(after[..end].to_string());
                rest = &after[end..];
            }
        }
    }
    found
}

/// `mdbook build docs/zh` takes docs/zh/ as the whole book: a link that
/// climbs out of it (to the English book's lab code or figures) leads
/// nowhere in the built book. Web addresses are the only way out.
#[test]
fn no_link_leaves_the_chinese_book() {
    let zh = zh_dir();
    let mut leaving = Vec::new();
    let mut checked = 0;
    for page in files_below(&zh) {
        if page.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        for target in every_link(&text) {
            if target.starts_with("https://") || target.starts_with("http://") {
                continue;
            }
            let path = target.split(['#', '?']).next().unwrap();
            if path.is_empty() {
                continue; // an anchor on the same page
            }
            checked += 1;
            // Any other scheme (file:, ftp:, mailto:) or an absolute path
            // also points outside the book.
            if path.contains(':') || !resolve(page.parent().unwrap(), path).starts_with(&zh) {
                let page = page.strip_prefix(docs_dir()).unwrap();
                leaving.push(format!("docs/{}: {target}", page.display()));
            }
        }
    }
    assert!(
        leaving.is_empty(),
        "links that leave docs/zh/, which the built Chinese book cannot follow \
         (link to a Chinese page, or copy the file to the same place under docs/zh/):\n{}",
        leaving.join("\n")
    );
    assert!(checked > 20, "only {checked} links found in docs/zh");
}

/// What the Chinese book carries so that its links stay inside it (lab code,
/// figures) is a copy of the English book's file at the same place: a script
/// or a figure cannot differ between the two books.
#[test]
fn the_chinese_books_files_are_copies_of_the_english_ones() {
    let zh = zh_dir();
    let mut copies = 0;
    for copy in files_below(&zh) {
        let rel = copy.strip_prefix(&zh).unwrap();
        if copy.extension().is_some_and(|x| x == "md") || rel == Path::new("book.toml") {
            continue;
        }
        let original = docs_dir().join(rel);
        let fix = format!("cp docs/{} docs/zh/{}", rel.display(), rel.display());
        let Ok(want) = std::fs::read(&original) else {
            panic!(
                "docs/zh/{} copies no file of the English book",
                rel.display()
            )
        };
        assert!(
            std::fs::read(&copy).unwrap() == want,
            "docs/zh/{} differs from docs/{}; bring it up to date with `{fix}`",
            rel.display(),
            rel.display()
        );
        copies += 1;
    }
    assert!(copies >= 3, "only {copies} copied files in docs/zh");
}
