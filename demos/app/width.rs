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

/// `text` followed by spaces up to `width` display columns (a Chinese
/// character takes two), for labels that line up in both languages, which
/// `format!("{:<9}")` does not do: it counts characters.
pub fn padded(text: &str, width: usize) -> String {
    let shown = sticky::boundary::columns(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

#[cfg(test)]
mod tests {
    use super::{padded, resolve};

    #[test]
    fn padding_counts_display_columns() {
        assert_eq!(padded("read  1", 9), "read  1  ");
        assert_eq!(padded("第 1 次读", 11), "第 1 次读  ");
        assert_eq!(padded("too wide", 3), "too wide");
    }

    #[test]
    fn columns_variable_wins_then_the_terminal_then_no_limit() {
        assert_eq!(resolve(Some("80"), Some(200)), Some(80));
        assert_eq!(resolve(Some("80"), None), Some(80));
        assert_eq!(resolve(None, Some(120)), Some(120));
        assert_eq!(resolve(None, None), None);
    }

    #[test]
    fn a_columns_variable_that_is_not_a_width_is_ignored() {
        assert_eq!(resolve(Some(""), Some(100)), Some(100));
        assert_eq!(resolve(Some("wide"), None), None);
        assert_eq!(resolve(Some("0"), None), None);
        assert_eq!(resolve(Some("-5"), Some(90)), Some(90));
    }
}
