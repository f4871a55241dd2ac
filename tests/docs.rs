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
/// English sheet's. A command line may carry a translated note after it,
/// and the label of who runs it (`terminal 2:`) may be Chinese; a block that
/// holds Chinese is a drawing (a wire diagram with Chinese labels), whose
/// other lines are the sheet's own. A block without Chinese shows what a
/// program printed or what a reader types, and is the English one exactly.
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
            let got_commands: Vec<&str> = got.lines().filter_map(command_of).collect();
            let want_commands: Vec<&str> = want.lines().filter_map(command_of).collect();
            let same_commands = got_commands.len() == want_commands.len()
                && got_commands
                    .iter()
                    .zip(&want_commands)
                    .all(|(g, w)| same_but_the_note(g, w));
            let drawing = got.chars().any(is_cjk);
            let got_lines: Vec<&str> = got.lines().collect();
            let want_lines: Vec<&str> = want.lines().collect();
            let same = same_commands
                && (drawing
                    || got_lines.len() == want_lines.len()
                        && got_lines
                            .iter()
                            .zip(&want_lines)
                            .all(|(g, w)| same_but_the_note(g, w)));
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

/// The lines of `text` outside fenced code, numbered from 1. A fence closes
/// only on the same character repeated at least as often as it opened, and
/// nothing after it, as CommonMark has it: a ```` block can show a ``` one.
fn lines_outside_code(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (at, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        let opens = ['`', '~']
            .into_iter()
            .map(|c| (c, run(c)))
            .find(|&(_, n)| n >= 3 && indent <= 3);
        match (fence, opens) {
            (None, Some(opened)) => fence = Some(opened),
            (Some((c, n)), Some((d, m))) if c == d && m >= n && trimmed[m..].trim().is_empty() => {
                fence = None
            }
            (None, None) => found.push((at + 1, line)),
            _ => {}
        }
    }
    found
}

/// The id mdBook gives a heading whose text, markup gone, is `text`: its
/// `normalize_id`. Letters and digits of any script stay (so Chinese does),
/// as do `-` and `_`; ASCII letters are lowered (only those: mdBook uses
/// `to_ascii_lowercase`); each whitespace character becomes `-`; everything
/// else, full-width punctuation too, is dropped. Nothing is collapsed.
fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The text of an ATX heading's content as mdBook reads it from the rendered
/// page, where tags and entities are gone: a code span keeps its content, a
/// link its text, a backslash escape its character; HTML tags, entities and
/// emphasis markers go. An `_` between two letters or digits is a letter,
/// anywhere else an emphasis marker, which is CommonMark's rule for the
/// headings these books write.
fn heading_text(content: &str) -> String {
    let chars: Vec<char> = content.chars().collect();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let n = chars[i..].iter().take_while(|&&x| x == '`').count();
                let inner = i + n;
                let close = (inner..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|&&x| x == '`').count() == n && chars[j - 1] != '`'
                });
                match close {
                    Some(j) => {
                        let code: String = chars[inner..j].iter().collect();
                        let stripped = code
                            .strip_prefix(' ')
                            .and_then(|s| s.strip_suffix(' '))
                            .filter(|s| !s.trim().is_empty());
                        text.push_str(stripped.unwrap_or(&code));
                        i = j + n;
                    }
                    None => {
                        text.extend(&chars[i..inner]);
                        i = inner;
                    }
                }
                continue;
            }
            '\\' if chars.get(i + 1).is_some_and(|x| x.is_ascii_punctuation()) => {
                text.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '<' if chars
                .get(i + 1)
                .is_some_and(|x| x.is_ascii_alphabetic() || *x == '/') =>
            {
                if let Some(end) = chars[i..].iter().position(|&x| x == '>') {
                    i += end + 1;
                    continue;
                }
            }
            '&' => {
                let name = chars[i + 1..]
                    .iter()
                    .take_while(|x| x.is_ascii_alphanumeric() || **x == '#')
                    .count();
                if name > 0 && chars.get(i + 1 + name) == Some(&';') {
                    i += name + 2;
                    continue;
                }
            }
            ']' if chars.get(i + 1) == Some(&'(') => {
                // The end of a link's text: its target is not shown.
                match chars[i..].iter().position(|&x| x == ')') {
                    Some(end) => i += end + 1,
                    None => i += 1,
                }
                continue;
            }
            '_' => {
                let letter = |x: Option<&char>| x.is_some_and(|x| x.is_alphanumeric());
                if i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1)) {
                    text.push('_');
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // Emphasis markers and the brackets of a link or an image show no
        // text of their own.
        let opens_image = c == '!' && chars.get(i + 1) == Some(&'[');
        if !(c == '*' || c == '[' || opens_image) {
            text.push(c);
        }
        i += 1;
    }
    text
}

/// The content of `line` if it is an ATX heading (`#` to `######`, at most
/// three spaces in), its closing `#`s cut off. The books use no setext
/// headings (text underlined with `===` or `---`).
fn atx_heading(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    let rest = &trimmed[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    let closed = rest.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        rest
    })
}

/// The anchors a page of the built book has: one per heading, in order, a
/// repeated id numbered `-1`, `-2`… as mdBook numbers them; an `{#id}` at the
/// end of a heading replaces the id made from its text; and any `id="…"` or
/// `name="…"` of an HTML tag (`<a id="…"></a>`) written outside code.
fn page_anchors(text: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (_, line) in lines_outside_code(text) {
        if let Some(content) = atx_heading(line) {
            let custom = content
                .strip_suffix('}')
                .and_then(|c| c.rsplit_once('{'))
                .and_then(|(_, attrs)| {
                    attrs
                        .split_whitespace()
                        .find_map(|a| a.strip_prefix('#'))
                        .map(str::to_string)
                });
            if let Some(id) = custom {
                anchors.push(id);
                continue;
            }
            let id = heading_id(&heading_text(content));
            let count: &mut usize = seen.entry(id.clone()).or_default();
            anchors.push(match *count {
                0 => id,
                n => format!("{id}-{n}"),
            });
            *count += 1;
        }
        for attribute in [" id=\"", " name=\""] {
            let mut rest = line;
            while let Some(at) = rest.find(attribute) {
                let after = &rest[at + attribute.len()..];
                let Some(end) = after.find('"') else { break };
                if line.contains('<') {
                    anchors.push(after[..end].to_string());
                }
                rest = &after[end..];
            }
        }
    }
    anchors
}

/// `%XX` escapes in a link's anchor decoded, as a browser does before it
/// looks for the id.
fn percent_decoded(anchor: &str) -> String {
    let bytes = anchor.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = anchor
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How many characters must change to turn `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The three anchors of `anchors` nearest to `wanted`.
fn closest<'a>(wanted: &str, anchors: &'a [String]) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, &str)> = anchors
        .iter()
        .map(|a| (edit_distance(wanted, a), a.as_str()))
        .collect();
    ranked.sort();
    ranked.into_iter().take(3).map(|(_, a)| a).collect()
}

#[test]
fn heading_ids_are_made_as_mdbook_makes_them() {
    let id = |heading: &str| heading_id(&heading_text(atx_heading(heading).unwrap()));
    assert_eq!(
        id("## `read` returns fewer bytes than asked!"),
        "read-returns-fewer-bytes-than-asked"
    );
    assert_eq!(
        id("## Stopping at the newline: `MSG_PEEK` and *`SO_RCVLOWAT`* ##"),
        "stopping-at-the-newline-msg_peek-and-so_rcvlowat"
    );
    assert_eq!(
        id("### Demo 05: length prefix (client, `check 5 --serve`)"),
        "demo-05-length-prefix-client-check-5---serve"
    );
    assert_eq!(
        id("## [Whole processes](x.md): demo 06 against the lesson's Python"),
        "whole-processes-demo-06-against-the-lessons-python"
    );
    assert_eq!(
        id("## 演示 05：长度字段（客户端，`check 5 --serve`）"),
        "演示-05长度字段客户端check-5---serve"
    );
    assert_eq!(id("# 连不上怎么办？"), "连不上怎么办");
    // mdBook lowers ASCII letters only.
    assert_eq!(id("## Über TCP"), "Über-tcp");
    assert_eq!(
        id("## a_b and _emphasis_ \\_kept"),
        "a_b-and-emphasis-_kept"
    );
    assert_eq!(atx_heading("#hashtag"), None);
    assert_eq!(atx_heading("    # indented code"), None);

    let page = "# Python 客户端\n\
                ```python\n# Python 客户端\n```\n\
                ````md\n```\n# shown, not a heading\n```\n````\n\
                ## Python 客户端\n\
                ## python 客户端！\n\
                ## Custom {#mine}\n\
                <a id=\"kept\"></a>\n";
    assert_eq!(
        page_anchors(page),
        [
            "python-客户端",
            "python-客户端-1",
            "python-客户端-2",
            "mine",
            "kept"
        ]
    );
    assert_eq!(percent_decoded("%E4%BC%A0%E8%BE%93"), "传输");
    assert_eq!(
        closest(
            "线上格式",
            &["结论".into(), "python-客户端".into(), "传输格式".into()]
        )[0],
        "传输格式"
    );
}

/// Every link with an anchor, in both books, leads to an anchor the target
/// page has in the built book: `[x](page.md#a)`, `[x](#a)` on the same page,
/// and `href="…#a"`. mdBook is not needed: the ids are made here as mdBook
/// makes them. A renamed heading leaves its old anchor behind, and a link to
/// it then opens the page at its top, with nothing to say so.
#[test]
fn every_anchor_in_both_books_is_one_its_page_has() {
    let mut broken = Vec::new();
    let mut checked = 0;
    let mut anchors_of = std::collections::HashMap::new();
    for page in every_page() {
        let text = std::fs::read_to_string(&page).unwrap();
        let prose = without_transcripts(&text);
        for (line_no, line) in lines_outside_code(&prose) {
            for target in every_link(line) {
                let Some((path, anchor)) = target.split_once('#') else {
                    continue;
                };
                if path.contains(':') {
                    continue; // a web address: not this book's to check
                }
                let target_page = if path.is_empty() {
                    page.clone()
                } else {
                    resolve(page.parent().unwrap(), path)
                };
                if target_page.extension().is_none_or(|x| x != "md") {
                    continue;
                }
                // A missing page is the file-link tests' to report.
                let Ok(target_text) = std::fs::read_to_string(&target_page) else {
                    continue;
                };
                checked += 1;
                let anchors = anchors_of
                    .entry(target_page.clone())
                    .or_insert_with(|| page_anchors(&target_text));
                let anchor = percent_decoded(anchor);
                if !anchors.contains(&anchor) {
                    let shown = page.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
                    let near = closest(&anchor, anchors);
                    broken.push(format!(
                        "{}:{line_no}: ({target}): no #{anchor} on that page; closest: {}",
                        shown.display(),
                        if near.is_empty() {
                            "(the page has no anchors)".to_string()
                        } else {
                            near.iter()
                                .map(|a| format!("#{a}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    ));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to anchors their pages do not have (mdBook makes a heading's id \
         from its text: lowercase, punctuation dropped, spaces as -):\n{}",
        broken.join("\n")
    );
    assert!(checked > 20, "only {checked} anchored links found");
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

// ---------------------------------------------------------------------------
// Quotes that cannot go stale.
//
// A book that quotes the program in prose ("the server says `…`") goes stale
// the day the program's words change, and no transcript check sees it. So
// every quote in prose that looks like a program message is looked up in
// what the program can print.
//
// Which quotes are looked up (outside fenced blocks and HTML comments):
// - an inline code span that holds a letter and a space, or a Chinese
//   sentence (CJK with `：`, `，` or `。`), and is none of: a command line
//   (`sticky …`, `cargo …`, `python …`, `nc …` and the like, a script
//   `x.py …`, or a sticky command without its name, `connect 5`), code (a
//   call `f(`, `=`, `::`, `;`, braces, brackets, quotes, a Python or Rust
//   keyword at the start), a string literal or JSON (`"拾遗"`, `"a": 1`),
//   bytes in hex (`00 00 00 c4`), a usage line with placeholders (`HOST`,
//   `PORT`), or a flag (`-…`);
// - a quotation in “…” or "…" that holds a digit or a colon (the program's
//   messages carry figures and labels) and either two English words in a
//   row or a CJK character: quoted terms (“粘包”) and phrases are neither.
//
// Where a quote is looked up: the message templates of i18n/{en,zh}/*.ftl
// (a placeable `{ $var }` stands for any text), the string literals of
// demos/**/*.rs and src/**/*.rs (a format placeholder `{…}` stands for any
// text), the literals of the lab's scripts in docs/labs/code/, and the
// transcripts of the same page. A quote of the program holds whole clauses
// of one message: it begins at the message's start or after a colon,
// semicolon, comma or bracket of it, and ends at its end or before one; it
// may run past the message's ends into what the program prints beside it,
// as long as the message's own words make up most of it; and a placeholder
// takes a value (a number, a name, a path, a word or two), never a sentence
// (see `quote_matches`). A quote of a transcript is any part of it. A quote
// is cut where the binary joins pieces (after `error: ` and a Chinese
// line's label such as `客户端：`, before `; `, `；`, ` — `). Whitespace is
// ignored on both sides (books and the terminal wrap lines), and `…` in a
// quote stands for any text.
//
// The Chinese book quotes the program as `--lang zh` has it speak: there an
// English-only quote counts only if a transcript of its page or a lab
// script shows it, if it follows 英文 (the English of a Chinese quote just
// given), or if ZH_KEEPS_ENGLISH lists it (bytes on the wire). NOT_OURS
// lists quotes in either book that are other programs' words, with why.
// ---------------------------------------------------------------------------

/// One side of a match: literal characters, and `None` for "any text".
type Pattern = Vec<Option<char>>;

/// A quote as a pattern (see [`pattern_of`]), with whether a space came
/// before each of its characters.
fn quote_pattern(text: &str) -> (Pattern, Vec<bool>) {
    let text = text.replace("...", "…");
    let (mut pattern, mut spaced) = (Pattern::new(), Vec::new());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else if c == '…' {
            if pattern.last() != Some(&None) {
                pattern.push(None);
                spaced.push(space);
            }
            space = false;
        } else {
            pattern.push(Some(c));
            spaced.push(space);
            space = false;
        }
    }
    (pattern, spaced)
}

/// `text` without whitespace, `…` (and `...`) as "any text" if `ellipsis`.
fn pattern_of(text: &str, ellipsis: bool) -> Pattern {
    let text = if ellipsis {
        text.replace("...", "…")
    } else {
        text.to_string()
    };
    let mut out = Pattern::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if ellipsis && c == '…' {
            if out.last() != Some(&None) {
                out.push(None);
            }
        } else {
            out.push(Some(c));
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
}

/// How a quote was matched so far: how many of its characters the
/// template's words matched, how many its placeholders took (values), and
/// how many letters ran past the template's ends (what the program prints
/// next to the message; figures and signs there are values too).
#[derive(Clone, Copy, Default)]
struct Way {
    words: i32,
    values: i32,
    ends: i32,
    /// Spaces inside the values: a value is a number, a name, a path or a
    /// word or two, not a sentence.
    gaps: i32,
    /// Whether a placeholder has just begun to take characters.
    fresh: bool,
}

impl Way {
    /// The more convincing of two ways: more words, less running past.
    fn better(a: Option<Way>, b: Option<Way>) -> Option<Way> {
        let key = |w: Way| (w.words - w.ends, -w.gaps, 2 * w.words + w.values);
        match (a, b) {
            (Some(x), Some(y)) if key(y) > key(x) => b,
            (None, b) => b,
            (a, _) => a,
        }
    }
}

/// Whether `quote` is a rendering of `template`, both of which may hold
/// "any text": the template's stands for a value the program fills in, the
/// quote's for words the book leaves out (a quote that begins or ends with
/// `…` quotes part of a message). With `whole`, the quote holds whole
/// clauses of the message (it begins at the message's start or after one of
/// its colons, semicolons, commas or brackets, and ends at its end or before
/// one) and may run past the message's ends into what the program
/// prints next to it, as long as the message's own words make up most of the quote: twice
/// the letters that run past, and, with the values, half of it (or ten
/// characters), and no value the placeholders took is more than two words.
/// Without `whole`, the quote is any part of `template` (a transcript).
/// `spaced[q]`: whether a space came before `quote[q]` in the book.
fn quote_matches(quote: &Pattern, spaced: &[bool], template: &Pattern, whole: bool) -> bool {
    let n = quote.len();
    let literal = quote.iter().flatten().count() as i32;
    let template: Pattern = if whole {
        std::iter::once(None)
            .chain(template.iter().copied())
            .chain(std::iter::once(None))
            .collect()
    } else {
        template.clone()
    };
    let last = template.len().saturating_sub(1);
    let enough = |w: Way| {
        !whole
            || (w.words >= 3.min(literal)
                && w.words >= 2 * w.ends
                && w.gaps <= 1
                && (w.words * 2 + w.values >= literal || w.words >= 10))
    };
    let done = |next: &[Option<Way>]| {
        // A quote that ends in "any text" is done when all before it is.
        (0..=n)
            .filter(|&q| quote[q..].iter().all(Option::is_none))
            .filter_map(|q| next[q])
            .any(enough)
    };
    // best[q]: the best way to have matched quote[..q] up to here.
    let clause = |k: usize| {
        matches!(
            template.get(k),
            Some(Some(
                ':' | '：' | ';' | '；' | ',' | '，' | '(' | '（' | ')' | '）' | '—'
            ))
        )
    };
    let mut best: Vec<Option<Way>> = vec![None; n + 1];
    for (k, t) in template.iter().enumerate() {
        // A part of a transcript may begin anywhere, a clause after a mark.
        if !whole || k == 0 || (k >= 1 && clause(k - 1)) {
            best[0] = Way::better(best[0], Some(Way::default()));
        }
        let mut next: Vec<Option<Way>> = vec![None; n + 1];
        match t {
            None => {
                // The template's "any text" takes quote characters, or none.
                let past_end = whole && (k == 0 || k == last);
                let mut carried = None;
                for q in 0..=n {
                    let begun = best[q].map(|w| Way { fresh: true, ..w });
                    // On a tie, the placeholder that begins here: its first character
                    // follows the words before it, and no space counts.
                    carried = Way::better(begun, carried);
                    next[q] = Way::better(next[q], carried);
                    let took = quote.get(q).copied().flatten();
                    let gap = i32::from(spaced.get(q) == Some(&true));
                    carried = carried.map(|w| match past_end {
                        true => Way {
                            ends: w.ends + i32::from(took.is_some_and(char::is_alphabetic)),
                            ..w
                        },
                        false => Way {
                            values: w.values + i32::from(took.is_some()),
                            gaps: w.gaps + if w.fresh { 0 } else { gap },
                            fresh: false,
                            ..w
                        },
                    });
                }
            }
            Some(c) => {
                for q in 0..=n {
                    let Some(w) = best[q] else { continue };
                    let word = Way {
                        words: w.words + 1,
                        ..w
                    };
                    match quote.get(q) {
                        Some(Some(qc)) if qc == c => {
                            next[q + 1] = Way::better(next[q + 1], Some(word))
                        }
                        // The quote's "any text" takes this character and
                        // waits, or is done.
                        Some(None) => {
                            next[q] = Way::better(next[q], Some(w));
                            if quote.get(q + 1) == Some(&Some(*c)) {
                                next[q + 2] = Way::better(next[q + 2], Some(word));
                            }
                        }
                        _ => {}
                    }
                }
                // A quote that begins with "any text" may begin here.
                if quote.first() == Some(&None) {
                    next[1] = Way::better(next[1], Some(Way::default()));
                }
            }
        }
        for q in 0..n {
            // The quote's "any text" may also stop taking characters.
            if quote[q].is_none() {
                next[q + 1] = Way::better(next[q + 1], next[q]);
            }
        }
        if (!whole || k == last || clause(k + 1)) && done(&next) {
            return true;
        }
        best = next;
    }
    false
}

/// The string literals of a Rust source, format placeholders as "any
/// text". A test's literals count too: what a test expects the program to
/// print, the program prints, for a sentence built from several pieces.
fn rust_literals(source: &str) -> Vec<Pattern> {
    let chars: Vec<char> = source.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '\'' {
            // A char literal ('x', '\n', '"'), or a lifetime.
            if chars.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c == 'r' && matches!(chars.get(i + 1), Some('"') | Some('#')) {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest: String = chars[j + 1..].iter().collect();
            let end = rest.find(&close).unwrap_or(rest.len());
            found.push(format_pattern(&rest[..end]));
            i = j + 1 + rest[..end].chars().count() + close.chars().count();
        } else if c == '"' {
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                    match chars.get(i) {
                        Some('n') => text.push('\n'),
                        Some('t') => text.push('\t'),
                        Some('u') => {
                            let close = chars[i..].iter().position(|&c| c == '}').unwrap_or(0);
                            let hex: String = chars[i + 2..i + close].iter().collect();
                            if let Some(c) =
                                u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                            {
                                text.push(c);
                            }
                            i += close;
                        }
                        Some('\n') => {
                            while chars.get(i + 1).is_some_and(|c| c.is_whitespace()) {
                                i += 1;
                            }
                        }
                        Some(&other) => text.push(other),
                        None => {}
                    }
                } else {
                    text.push(chars[i]);
                }
                i += 1;
            }
            i += 1;
            found.push(format_pattern(&text));
        } else {
            i += 1;
        }
    }
    found
}

/// A Rust format string as a pattern: `{…}` is "any text", `{{` is `{`.
fn format_pattern(text: &str) -> Pattern {
    let mut out = Pattern::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push(Some('{'));
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push(Some('}'));
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                // Each placeholder its own: a value is counted per place.
                out.push(None);
            }
            c if c.is_whitespace() => {}
            c => out.push(Some(c)),
        }
    }
    out
}

/// The message values of a Fluent file, one pattern each: placeables (and
/// select expressions, whose variants are plain words) as "any text".
fn fluent_messages(source: &str) -> Vec<Pattern> {
    let mut values: Vec<String> = Vec::new();
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = values.last_mut() {
                last.push('\n');
                last.push_str(line.trim());
            }
        } else if let Some((_, value)) = line.split_once('=') {
            values.push(value.trim().to_string());
        }
    }
    let mut found = Vec::new();
    for value in values {
        let mut out = Pattern::new();
        let mut depth = 0;
        let mut variant = String::new();
        for c in value.chars() {
            match c {
                '{' => {
                    if depth == 0 {
                        out.push(None);
                    }
                    depth += 1;
                }
                '}' => depth -= 1,
                c if depth > 0 => variant.push(c),
                c if c.is_whitespace() => {}
                c => out.push(Some(c)),
            }
        }
        // A select expression's variants, `[one] a word *[other] words`,
        // are words the program prints too.
        for part in variant.split(['[', ']', '\n']) {
            let part = part.trim().trim_start_matches('*');
            if part.chars().any(char::is_alphabetic) && !part.contains("->") && !part.contains('$')
            {
                found.push(pattern_of(part, false));
            }
        }
        found.push(out);
    }
    found
}

/// The string literals of a Python script, one line at a time: `%d`, `%s`
/// and an f-string's `{…}` as "any text".
fn python_literals(source: &str) -> Vec<Pattern> {
    let mut found = Vec::new();
    for line in source.lines() {
        let mut rest = line;
        while let Some(open) = rest.find(['\'', '"']) {
            let mark = &rest[open..open + 1];
            let after = &rest[open + 1..];
            let Some(close) = after.find(mark) else { break };
            let text = after[..close].replace("%d", "{}").replace("%s", "{}");
            found.push(format_pattern(&text));
            rest = &after[close + 1..];
        }
    }
    found
}

/// Everything the program can print, as patterns: its catalogues and the
/// literals of its source.
fn program_words() -> Vec<Pattern> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for lang in ["en", "zh"] {
        for file in files_below(&root.join("i18n").join(lang)) {
            if file.extension().is_some_and(|x| x == "ftl") {
                found.extend(fluent_messages(&std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    for dir in ["demos", "src"] {
        for file in files_below(&root.join(dir)) {
            if file.extension().is_some_and(|x| x == "rs") {
                found.extend(rust_literals(&std::fs::read_to_string(&file).unwrap()));
            }
        }
    }
    // A template with too few literal characters would match anything.
    found.retain(|p| p.iter().flatten().count() >= 3);
    found
}

/// What the lab's scripts print: a lab sheet quotes its answer script,
/// which speaks English in either book.
fn lab_script_words() -> Vec<Pattern> {
    let mut found = Vec::new();
    for file in files_below(&docs_dir().join("labs/code")) {
        if file.extension().is_some_and(|x| x == "py") {
            found.extend(python_literals(&std::fs::read_to_string(&file).unwrap()));
        }
    }
    found.retain(|p| p.iter().flatten().count() >= 3);
    found
}

/// The bodies of the transcripts of a page.
fn transcript_bodies(text: &str) -> Vec<Pattern> {
    text.split("<!-- transcript:")
        .skip(1)
        .map(|rest| {
            let end = rest.find("<!-- /transcript -->").unwrap_or(rest.len());
            let body = &rest[rest.find("-->").map_or(0, |at| at + 3)..end];
            pattern_of(&body.replace("```text", ""), false)
        })
        .collect()
}

/// The first words of command lines a book shows, not program messages.
const COMMANDS: &[&str] = &[
    "sticky",
    "cargo",
    "python",
    "python3",
    "py",
    "nc",
    "ncat",
    "ss",
    "sudo",
    "tcpdump",
    "git",
    "mdbook",
    "cd",
    "cat",
    "ls",
    "mkdir",
    "rustup",
    "pip",
    "curl",
    "telnet",
    "netstat",
    "sysctl",
    "powershell",
    "ping",
    "kill",
    "echo",
    "printf",
    "sha256sum",
    "head",
    "dd",
    "yes",
    "ip",
    "tc",
    "wireshark",
    "tshark",
    "strace",
    "time",
    "diff",
    "cmp",
    "rm",
    "cp",
    "mv",
    "Test-NetConnection",
    "$",
    "ipconfig",
    "fc",
    "wsl",
    "/usr/bin/time",
    "ncat.exe",
    "perf",
];

/// The subcommands of `sticky`.
const SUBCOMMANDS: &[&str] = &["run", "serve", "connect", "check", "bench", "proxy", "docs"];

/// Quotes in prose that look like program messages and are not this
/// program's: what another program prints, or what a reader types.
const NOT_OURS: &[(&str, &str)] = &[
    ("address already in use", "the operating system's error"),
    ("Address already in use", "the operating system's error"),
    ("Connection refused", "the operating system's error"),
    ("No route to host", "the operating system's error"),
    (
        "message too long",
        "the operating system's error (EMSGSIZE)",
    ),
    (
        "由于目标计算机积极拒绝，无法连接。",
        "Windows' error, WinError 10061",
    ),
    ("Maximum resident set size", "a line of /usr/bin/time -v"),
    (
        "struct.error: unpack requires a buffer of 4 bytes",
        "Python's error",
    ),
    ("GET / HTTP/1.0", "a request the reader types into nc"),
    ("GET /", "the start of an HTTP request"),
    ("Content-Length: N", "an HTTP header"),
    ("Transfer-Encoding: chunked", "an HTTP header"),
    (
        "hello from the client one write per message",
        "demo 03's messages, as the reader joins them",
    ),
    ("this line is too long", "a line the reader types into nc"),
    (
        "larger than the MTU, about 1500",
        "the lesson's claim, in the book's words",
    ),
    (
        "比 MTU 大（一般 1500 左右）就会被拆开",
        "the lesson's claim, in the book's words",
    ),
    (
        "line 1, 179 chars: glued 01",
        "a sample answer of the lab's line server",
    ),
    (
        "line 2, 1 chars: c",
        "a sample answer of the lab's line server",
    ),
    (
        "line 1, 1024 chars: xxx...",
        "a sample answer of the lab's line server",
    ),
];

/// English quotes the Chinese book keeps: bytes on the wire, which are the
/// same whichever language the program speaks, and words it does not print.
const ZH_KEEPS_ENGLISH: &[(&str, &str)] = &[
    ("line 1, 5 bytes: short", "demo 07's answer on the wire"),
    (
        "error: line too long",
        "an answer a student's line server sends on the wire",
    ),
    ("from the", "a message the grader sends, as bytes"),
    ("connection refused", "the --json file's error field"),
    ("timed out", "the --json file's error field"),
];

/// Whether a quote is English words only: the Chinese book quotes the
/// program as `--lang zh` has it print, so such a quote there is stale
/// unless a transcript of the page shows it.
fn english_only(quote: &str) -> bool {
    !quote.chars().any(is_cjk)
        && quote
            .split_whitespace()
            .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic()) && w.len() >= 2)
            .count()
            >= 2
}

/// Whether a code span is a program message by the rule above.
fn span_is_message(span: &str) -> bool {
    let span = span.trim();
    let has_letter = span.chars().any(char::is_alphabetic);
    // One word is a term or a name (`提示`, `check-…-笔记.txt`), unless it
    // is a Chinese sentence, which has no spaces.
    let spaced =
        span.contains(' ') || (span.chars().any(is_cjk) && span.contains(['：', '，', '。']));
    if !has_letter || !spaced || span.starts_with('-') {
        return false;
    }
    // A string literal or JSON (`"拾遗"`, `"passed": false`).
    let literal = span.len() > 1
        && span.starts_with('"')
        && span.ends_with('"')
        && span[1..span.len() - 1].find('"').is_none();
    if literal || span.contains("\": ") {
        return false;
    }
    let words: Vec<&str> = span.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    // A command line, a script with its arguments, or a sticky command
    // named without `sticky` (`connect 5`, `check 5 --serve`).
    if COMMANDS.contains(&first)
        || first.ends_with(".py")
        || (SUBCOMMANDS.contains(&first) && words.get(1).is_some_and(|w| w.parse::<u32>().is_ok()))
    {
        return false;
    }
    // Bytes in hex (`00 00 00 c4`), or a usage line with placeholders
    // (`姓名 HOST:PORT`).
    let hex = words
        .iter()
        .all(|w| w.len() == 2 && w.chars().all(|c| c.is_ascii_hexdigit()));
    let placeholder = ["HOST", "PORT", "FILE", "OUTDIR", "ADDR"]
        .iter()
        .any(|p| span.contains(p));
    if hex || placeholder {
        return false;
    }
    let chars: Vec<char> = span.chars().collect();
    let call = chars
        .windows(2)
        .any(|w| (w[0].is_alphanumeric() || w[0] == '_') && w[1] == '(');
    let code_marks = [
        "=", "::", ";", "{", "}", "[", "->", "=>", "!I", "'", "#", "&", "|", "\\",
    ];
    let keywords = [
        "def ", "let ", "fn ", "for ", "while ", "if ", "import ", "return ", "struct ", "impl ",
        "use ", "pub ", "async ", "await ", "match ", "with ", "try ", "except ", "not ", "b'",
        "b\"", "Some(", "Ok(", "Err(", "None",
    ];
    !(call
        || code_marks.iter().any(|m| span.contains(m))
        || keywords.iter().any(|k| span.starts_with(k)))
}

/// Whether a quotation in “…” or "…" is a program message by the rule above.
fn quotation_is_message(quote: &str) -> bool {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let english = words.windows(2).any(|w| {
        w.iter()
            .all(|word| word.chars().filter(char::is_ascii_alphabetic).count() >= 2)
    });
    let figure_or_label = quote.chars().any(|c| c.is_ascii_digit()) || quote.contains([':', '：']);
    figure_or_label && (english || quote.chars().any(is_cjk))
}

/// The program messages quoted in the prose of `text`: (line, quote, and
/// whether the quote gives the English of a Chinese one, after 英文).
fn quoted_messages(text: &str) -> Vec<(usize, String, bool)> {
    // Prose: fenced blocks and comments blanked, line breaks kept so that
    // a quote wrapped across lines is still one quote with its line.
    let mut prose = String::new();
    let mut in_fence = false;
    let mut in_comment = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            prose.push('\n');
            continue;
        }
        if in_fence {
            prose.push('\n');
            continue;
        }
        let mut rest = line;
        let mut kept = String::new();
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(at) => {
                        rest = &rest[at + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(at) => {
                        kept.push_str(&rest[..at]);
                        rest = &rest[at + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        prose.push_str(&kept);
        prose.push('\n');
    }
    let line_of = |at: usize| prose[..at].matches('\n').count() + 1;
    let as_english = |at: usize| {
        let before = &prose[..at];
        let from = before.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
        before[from..].contains("英文")
    };
    let mut found = Vec::new();
    // Code spans first; their text is then blanked so that a quote mark
    // inside code starts no quotation.
    let mut blanked = prose.clone();
    let mut at = 0;
    while let Some(open) = prose[at..].find('`').map(|o| o + at) {
        let ticks = prose[open..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(ticks);
        let start = open + ticks;
        let Some(close) = prose[start..].find(&fence).map(|c| c + start) else {
            break;
        };
        let span = &prose[start..close];
        if !span.contains("\n\n") {
            if span_is_message(span) {
                found.push((
                    line_of(open),
                    span.split_whitespace().collect::<Vec<_>>().join(" "),
                    as_english(open),
                ));
            }
            blanked.replace_range(
                open..close + ticks,
                &prose[open..close + ticks]
                    .chars()
                    .map(|c| match c {
                        '\n' => "\n".to_string(),
                        c => " ".repeat(c.len_utf8()),
                    })
                    .collect::<String>(),
            );
        }
        at = close + ticks;
    }
    for (open_mark, close_mark) in [("“", "”"), ("\"", "\"")] {
        let mut at = 0;
        while let Some(open) = blanked[at..].find(open_mark).map(|o| o + at) {
            let start = open + open_mark.len();
            let Some(close) = blanked[start..].find(close_mark).map(|c| c + start) else {
                break;
            };
            let quote = &blanked[start..close];
            // A quotation stays in its paragraph; an unbalanced mark does not
            // swallow the page.
            if quote.contains("\n\n") {
                at = start;
                continue;
            }
            if quotation_is_message(quote) {
                found.push((
                    line_of(open),
                    quote.split_whitespace().collect::<Vec<_>>().join(" "),
                    as_english(open),
                ));
            }
            at = close + close_mark.len();
        }
    }
    found.sort();
    found
}

/// Every page of both books, lab sheets included.
fn every_page() -> Vec<PathBuf> {
    let mut pages = Vec::new();
    for (dir, _) in books() {
        pages.extend(chapters(&dir));
        pages.extend(chapters(&dir.join("labs")));
    }
    pages
}

/// A quote cut where the program joins what it says from several places:
/// after the `error: ` (`错误：`) the binary puts first, after the label of a
/// Chinese line (`客户端：`, which the program puts before many messages),
/// and before the advice it adds (`; pass --force …`, `；加上 --force …`,
/// ` — …`). Each piece, with whether it must be whole clauses of a message:
/// a label is only part of one.
fn pieces(quote: &str) -> Vec<(&str, bool)> {
    let quote = quote
        .strip_prefix("error: ")
        .or_else(|| quote.strip_prefix("错误："))
        .unwrap_or(quote);
    let mut found = Vec::new();
    let mut rest = quote;
    if let Some(at) = quote.find('：') {
        let label = &quote[..at];
        let after = &quote[at + '：'.len_utf8()..];
        if (1..=8).contains(&label.chars().count())
            && label.chars().all(is_cjk)
            && !after.trim().is_empty()
        {
            found.push((&quote[..at + '：'.len_utf8()], false));
            rest = after;
        }
    }
    found.extend(
        rest.split("; ")
            .flat_map(|p| p.split('；'))
            .flat_map(|p| p.split(" — "))
            .flat_map(|p| p.split("——"))
            .filter(|p| !p.trim().is_empty())
            .map(|p| (p, true)),
    );
    found
}

/// The runs of three literal characters of a pattern.
fn trigrams(pattern: &Pattern) -> Vec<[char; 3]> {
    pattern
        .windows(3)
        .filter_map(|w| Some([w[0]?, w[1]?, w[2]?]))
        .collect()
}

/// The program's words, each with its runs of three characters, so that a
/// quote is matched only against words that share one with it.
type Indexed = Vec<(Pattern, std::collections::HashSet<[char; 3]>)>;

fn indexed(words: Vec<Pattern>) -> Indexed {
    words
        .into_iter()
        .map(|p| {
            let grams = trigrams(&p).into_iter().collect();
            (p, grams)
        })
        .collect()
}

/// Whether the program can print `quote`, piece by piece.
fn printed(program: &Indexed, quote: &str) -> bool {
    pieces(quote).iter().all(|&(piece, whole)| {
        let (want, spaced) = quote_pattern(piece);
        let grams = trigrams(&want);
        program
            .iter()
            .filter(|(_, have)| grams.is_empty() || grams.iter().any(|g| have.contains(g)))
            .any(|(p, _)| quote_matches(&want, &spaced, p, whole))
    })
}

/// The lookup tells a quote the program prints from one it does not: a
/// changed word, a figure put where the program has a word, a sentence that
/// only begins like one of the program's.
#[test]
fn the_quote_lookup_tells_a_printed_message_from_a_stale_one() {
    let program = indexed(program_words());
    for quote in [
        "帧的载荷应有 10 字节，只收到 3 字节连接就关闭了",
        "line refused: no newline within the limit of 65536 bytes",
        "error: /tmp/got/Cargo.toml already exists; pass --force to replace it",
        "错误：接收方没有保留 report.txt：同名文件已存在（…）",
    ] {
        assert!(printed(&program, quote), "not found: {quote}");
    }
    for quote in [
        "帧的载荷应有 10 字节，只收到 3 个连接就关闭了",
        "line refused: no newline in 65536 bytes",
        "error: /tmp/got/Cargo.toml already exists; pass --overwrite to replace it",
        "客户端：2 秒内没有收到回复",
    ] {
        assert!(!printed(&program, quote), "found, though stale: {quote}");
    }
}

#[test]
fn every_program_message_quoted_in_prose_is_one_the_program_prints() {
    let program = indexed(program_words());
    let scripts = indexed(lab_script_words());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    let mut checked = 0;
    for page in every_page() {
        let text = std::fs::read_to_string(&page).unwrap();
        let transcripts = transcript_bodies(&text);
        let chinese_book = page.starts_with(zh_dir());
        for (line, quote, as_english) in quoted_messages(&text) {
            checked += 1;
            let kept = chinese_book && ZH_KEEPS_ENGLISH.iter().any(|(q, _)| *q == quote);
            if kept || NOT_OURS.iter().any(|(q, _)| *q == quote) {
                continue;
            }
            let chinese_book = chinese_book && !as_english;
            let (want, spaced) = quote_pattern(&quote);
            let found = transcripts
                .iter()
                .any(|t| quote_matches(&want, &spaced, t, false))
                || printed(&scripts, &quote)
                || !(chinese_book && english_only(&quote)) && printed(&program, &quote);
            if !found {
                let page = page.strip_prefix(root).unwrap();
                stale.push(format!("{}:{line}: {quote}", page.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{} quotes in prose that the program does not print (quote it as it prints it now, \
         or as the page's transcript shows it):\n{}",
        stale.len(),
        stale.join("\n")
    );
    assert!(checked > 100, "only {checked} quoted messages found");
}

/// `text` with its transcripts (what the program prints, regenerated from
/// it) blanked out, lines kept so that line numbers stay.
fn without_transcripts(text: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("<!-- transcript:") {
            inside = true;
        } else if line.starts_with("<!-- /transcript -->") {
            inside = false;
        } else if !inside {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// `line` without the targets of its `[text](target)` links.
fn without_link_targets(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at + 2]);
        let after = &rest[at + 2..];
        match after.find(')') {
            Some(end) => rest = &after[end..],
            None => {
                rest = after;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Words the glossary (docs/zh/glossary.md) replaces, with the word to use.
const BANNED_ZH: &[(&str, &str)] = &[
    ("长度报头", "长度字段"),
    ("延迟 ACK", "延迟确认"),
    ("延迟ACK", "延迟确认"),
    ("课上的协议", "原教程的协议"),
    ("线上格式", "传输格式 / 报文格式"),
    ("修复 1", "解法一（演示 08 里是 办法一）"),
    ("修复 2", "解法二（演示 08 里是 办法二）"),
    ("修复 3", "解法三（演示 08 里是 办法三）"),
    (
        "长度前缀",
        "长度字段; the glossary names 长度前缀 once, as an alias",
    ),
    ("修复1", "解法一"),
    ("修复2", "解法二"),
    ("修复3", "解法三"),
];

/// One set of terms: the Chinese book's prose and the Chinese catalogues use
/// none of the variants the glossary replaces. Transcripts are left out:
/// they are what the program prints, and this same test holds the
/// catalogues the program prints from.
#[test]
fn the_chinese_book_and_catalogues_use_the_glossarys_terms() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut pages = chapters(&zh_dir());
    pages.extend(chapters(&zh_dir().join("labs")));
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        files.push((page, without_transcripts(&text)));
    }
    for file in files_below(&root.join("i18n/zh")) {
        if file.extension().is_some_and(|x| x == "ftl") {
            let text = std::fs::read_to_string(&file).unwrap();
            files.push((file, text));
        }
    }
    let mut found = Vec::new();
    for (file, text) in &files {
        for (n, line) in text.lines().enumerate() {
            // A link's target names another page's heading as it stands;
            // the heading itself is checked on its own page.
            let line = without_link_targets(line);
            for (banned, use_instead) in BANNED_ZH {
                let alias = *banned == "长度前缀" && file.ends_with("docs/zh/glossary.md");
                if line.contains(banned) && !alias {
                    found.push(format!(
                        "{}:{}: {banned} (use {use_instead})",
                        file.strip_prefix(root).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} uses of words docs/zh/glossary.md replaces:\n{}",
        found.len(),
        found.join("\n")
    );
    assert!(files.len() > 30, "only {} files read", files.len());
}

/// The first words of the commands a reader copies from a command block.
const COMMAND_WORDS: &[&str] = &["sticky", "python", "python3", "nc", "cargo"];

/// `line` without the label of whoever runs it (`teacher:`, `terminal 2:`,
/// `教师：`) and a `$ ` prompt: the command itself, if the line holds one.
fn command_of(line: &str) -> Option<&str> {
    let mut rest = line.trim();
    for colon in [":", "："] {
        if let Some((label, after)) = rest.split_once(colon) {
            let label_words = label.split_whitespace().count();
            let is_label = (1..=2).contains(&label_words)
                && !COMMAND_WORDS.contains(&label.split_whitespace().next().unwrap_or(""))
                && after.starts_with([' ', '\t']) | (colon == "：");
            if is_label {
                rest = after.trim_start();
                break;
            }
        }
    }
    let rest = rest.strip_prefix("$ ").unwrap_or(rest);
    let first = rest.split_whitespace().next()?;
    COMMAND_WORDS.contains(&first).then_some(rest)
}

/// A command block's note after a command is a shell comment: a reader who
/// copies the line whole runs the command, not the note as arguments.
#[test]
fn notes_after_commands_are_shell_comments() {
    let mut bad = Vec::new();
    let mut seen = 0;
    for page in every_page() {
        let text = without_transcripts(&std::fs::read_to_string(&page).unwrap());
        let mut lang: Option<String> = None;
        let mut after_card = false;
        let mut card_block = false;
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(fence) = trimmed.strip_prefix("```") {
                if lang.is_some() {
                    lang = None;
                } else {
                    lang = Some(fence.trim().to_string());
                    card_block = after_card;
                }
                continue;
            }
            if lang.is_none() && !trimmed.is_empty() {
                // A card the grader prints is quoted, not typed.
                after_card = trimmed.starts_with("<!-- check card");
            }
            let Some(lang) = &lang else { continue };
            if !["sh", "text", "console", "bash", "shell"].contains(&lang.as_str()) || card_block {
                continue;
            }
            let Some(command) = command_of(line) else {
                continue;
            };
            seen += 1;
            let (_, note) = split_note(command);
            let note = if note.is_empty() || command.contains("  ") {
                note
            } else {
                ""
            };
            if !note.is_empty() && !note.starts_with('#') {
                bad.push(format!(
                    "{}:{}: {}",
                    page.strip_prefix(docs_dir()).unwrap().display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "command lines with a note that is no shell comment (start it with `# `):\n{}",
        bad.join("\n")
    );
    assert!(seen > 50, "only {seen} command lines found");
}

#[test]
fn links_to_a_readme_reach_it_in_the_built_book() {
    // mdBook's `index` preprocessor renames README.md to index.html but
    // leaves links to README.md pointing at README.html: with it on, the
    // pages that link to labs/README.md would link to nothing.
    for dir in [docs_dir(), zh_dir()] {
        let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
        let linked = chapters(&dir).iter().any(|page| {
            let text = std::fs::read_to_string(page).unwrap();
            file_links(&text).iter().any(|l| l.ends_with("README.md"))
        });
        assert!(linked, "{}: no page links to a README.md", dir.display());
        assert!(
            toml.lines()
                .any(|l| l.replace(' ', "") == "use-default-preprocessors=false"),
            "{}/book.toml: the index preprocessor must stay off",
            dir.display()
        );
    }
}
