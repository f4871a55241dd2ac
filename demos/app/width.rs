//! How wide the output may be: the boundary view of demo 03 is stacked
//! instead of side by side when it would not fit.
//!
//! `COLUMNS`, when set to a number, decides (so `COLUMNS=80 sticky run 3 |
//! less` can be tried without a narrow window); otherwise a terminal's own
//! width decides; otherwise (a pipe, a file, the docs' transcripts) there is
//! no limit and the layout is the wide one, the same on every machine.

use std::sync::atomic::{AtomicUsize, Ordering};

/// 0: no limit.
static COLUMNS: AtomicUsize = AtomicUsize::new(0);

/// The width limit, from the `COLUMNS` variable and the terminal's width
/// (`None` when standard output is not a terminal).
pub fn resolve(columns_var: Option<&str>, terminal: Option<usize>) -> Option<usize> {
    columns_var
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or(terminal.filter(|&n| n > 0))
}

/// Decides from this process's environment and keeps it for every later print.
pub fn apply() -> Option<usize> {
    let var = std::env::var("COLUMNS").ok();
    let terminal = terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w));
    let limit = resolve(var.as_deref(), terminal);
    COLUMNS.store(limit.unwrap_or(0), Ordering::Relaxed);
    limit
}

/// The width limit chosen for this run; `None` means no limit.
pub fn columns() -> Option<usize> {
    match COLUMNS.load(Ordering::Relaxed) {
        0 => None,
        n => Some(n),
    }
}

/// Columns `text` takes on a terminal: a Chinese character counts two.
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` followed by spaces up to `width` columns: `format!("{:<N}")`
/// counts characters, so a Chinese label would come out too wide.
pub fn pad_right(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(text));
    format!("{text}{}", " ".repeat(pad))
}

/// `text` after spaces up to `width` columns, for a right-aligned column.
pub fn pad_left(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(display_width(text));
    format!("{}{text}", " ".repeat(pad))
}

/// Columns of a line's label (`fix: `, `办法：`), separator included, so
/// that the next line can start under the text after it; 0 without one.
pub fn label_width(line: &str) -> usize {
    [": ", "："]
        .iter()
        .filter_map(|sep| line.find(sep).map(|at| at + sep.len()))
        .min()
        .map_or(0, |end| display_width(&line[..end]))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn columns_variable_wins_then_the_terminal_then_no_limit() {
        assert_eq!(resolve(Some("80"), Some(200)), Some(80));
        assert_eq!(resolve(Some("80"), None), Some(80));
        assert_eq!(resolve(None, Some(120)), Some(120));
        assert_eq!(resolve(None, None), None);
    }

    #[test]
    fn padding_and_labels_count_chinese_characters_as_two_columns() {
        use super::{label_width, pad_left, pad_right};
        assert_eq!(pad_right("第 1 帧", 9), "第 1 帧  ");
        assert_eq!(pad_right("frame 1", 9), "frame 1  ");
        assert_eq!(pad_left("中位数", 10), "    中位数");
        assert_eq!(pad_right("too long", 3), "too long");
        assert_eq!(label_width("fix: escaped"), 5);
        assert_eq!(label_width("办法：转义后"), 6);
        assert_eq!(label_width("no label"), 0);
    }

    #[test]
    fn a_columns_variable_that_is_not_a_width_is_ignored() {
        assert_eq!(resolve(Some(""), Some(100)), Some(100));
        assert_eq!(resolve(Some("wide"), None), None);
        assert_eq!(resolve(Some("0"), None), None);
        assert_eq!(resolve(Some("-5"), Some(90)), Some(90));
    }
}
