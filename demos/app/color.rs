//! When to colour the output: `--color auto|always|never`, and `NO_COLOR`.
//!
//! `auto` colours only when standard output is a terminal and `NO_COLOR` is
//! unset or empty (<https://no-color.org>), so piped output and slides get
//! plain text. The boundary view's markers carry the same information either way.

use std::io::IsTerminal;

use colored::{Color, Colorize};
use sticky::boundary::Span;

/// Twelve colours: the six basic ones, then their bright forms in another
/// order, so message `i` and message `i + 6` differ in hue, not only in
/// brightness (a projector washes brightness out). Neighbours never share
/// a colour, and the first twelve messages all differ.
const PALETTE: [Color; 12] = [
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
    Color::BrightYellow,
    Color::BrightMagenta,
    Color::BrightGreen,
    Color::BrightCyan,
    Color::BrightRed,
    Color::BrightBlue,
];

/// The colour of message `index` (cycling through twelve).
pub fn color_of(index: usize) -> Color {
    PALETTE[index % PALETTE.len()]
}

/// A line of the boundary view, each message's pieces in its colour.
pub fn paint(line: &[Span]) -> String {
    line.iter()
        .map(|s| match s.message {
            Some(m) => s.text.color(color_of(m)).bold().to_string(),
            None => s.text.clone(),
        })
        .collect()
}

/// The user's choice of colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    // Colour on a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    // Always colour, even into a pipe.
    Always,
    // Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour, given the environment's `NO_COLOR` and whether
    /// standard output is a terminal.
    pub fn resolve(self, no_color: Option<&str>, stdout_is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => no_color.is_none_or(str::is_empty) && stdout_is_terminal,
        }
    }

    /// Decides from this process's environment and sets it for every later print.
    pub fn apply(self) -> bool {
        let no_color = std::env::var("NO_COLOR").ok();
        let on = self.resolve(no_color.as_deref(), std::io::stdout().is_terminal());
        colored::control::set_override(on);
        on
    }
}

#[cfg(test)]
mod tests {
    use super::ColorChoice::*;

    #[test]
    fn auto_follows_terminal_and_no_color() {
        assert!(Auto.resolve(None, true));
        assert!(!Auto.resolve(None, false));
        assert!(!Auto.resolve(Some("1"), true));
        assert!(Auto.resolve(Some(""), true));
    }

    #[test]
    fn the_first_twelve_messages_get_twelve_colours() {
        use super::color_of;
        let first: Vec<_> = (0..12).map(color_of).collect();
        for (i, a) in first.iter().enumerate() {
            for b in &first[i + 1..] {
                assert_ne!(a, b);
            }
        }
        for i in 0..100 {
            assert_ne!(color_of(i), color_of(i + 1));
        }
    }

    #[test]
    fn explicit_choices_win() {
        assert!(Always.resolve(Some("1"), false));
        assert!(!Never.resolve(None, true));
    }
}
