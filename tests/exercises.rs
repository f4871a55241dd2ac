//! The exercises and their answers stay in step: every question has an
//! answer with its number, no answer lacks a question, and the English and
//! Chinese books ask the same number of questions. The answers' program
//! output is checked with the other transcripts (tests/docs.rs).

use std::path::{Path, PathBuf};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// The lines of `text` outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            lines.push(line);
        }
    }
    lines
}

/// The numbers of the questions: list items at the left margin, `N. `
/// (sub-questions are indented, and so are not counted).
fn question_numbers(text: &str) -> Vec<u32> {
    prose_lines(text)
        .into_iter()
        .filter_map(|line| {
            let (number, _) = line.split_once(". ")?;
            number.parse().ok()
        })
        .collect()
}

/// The numbers of the answers: paragraphs that open with `**N.**`.
fn answer_numbers(text: &str) -> Vec<u32> {
    prose_lines(text)
        .into_iter()
        .filter_map(|line| line.strip_prefix("**")?.split_once(".**")?.0.parse().ok())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Questions and answers of one book: 1, 2, 3, … in order on both pages.
fn numbered_alike(dir: &Path) -> usize {
    let questions = question_numbers(&read(&dir.join("exercises.md")));
    let answers = answer_numbers(&read(&dir.join("exercises-answers.md")));
    let expected: Vec<u32> = (1..=questions.len() as u32).collect();
    assert_eq!(
        questions,
        expected,
        "{}/exercises.md: questions are not numbered 1, 2, 3, … in order",
        dir.display()
    );
    assert_eq!(
        answers,
        expected,
        "{}/exercises-answers.md: the answers are not those of the {} questions, in order",
        dir.display(),
        questions.len()
    );
    questions.len()
}

#[test]
fn every_question_has_its_answer_in_both_books() {
    let english = numbered_alike(&docs_dir());
    let chinese = numbered_alike(&docs_dir().join("zh"));
    assert!(english >= 20, "only {english} exercises");
    assert_eq!(
        chinese, english,
        "the Chinese book has {chinese} exercises, the English one {english}"
    );
}

#[test]
fn numbers_are_found_where_the_pages_put_them() {
    let questions =
        "# Ex\n\n1. One?\n   1. a sub-question\n2. Two?\n\n```python\n3. not a question\n```\n";
    assert_eq!(question_numbers(questions), vec![1, 2]);
    let answers = "**1.** Yes.\n\n1. a list inside\n\n**2.**\n\n```text\n**3.** in code\n```\n";
    assert_eq!(answer_numbers(answers), vec![1, 2]);
}
