//! When to colour the output: `--color auto|always|never`, and `NO_COLOR`.
//!
//! `auto` colours only when standard output is a terminal and `NO_COLOR` is
//! unset or empty (<https://no-color.org>), so piped output and slides get
//! plain text. The boundary view's markers carry the same information either way.

use std::io::IsTerminal;

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
    fn explicit_choices_win() {
        assert!(Always.resolve(Some("1"), false));
        assert!(!Never.resolve(None, true));
    }
}
