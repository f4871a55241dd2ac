//! The language the demos narrate in: `--lang en|zh|auto`.
//!
//! Each demo keeps its printed words in a `words` module at the bottom of
//! its file, one function per line it prints, so its logic never mixes with
//! its wording and a translation touches one place. Numbers, addresses and
//! wire bytes are the same in every language, so the same tests read both.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language the program speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Chinese (simplified).
    Zh,
}

/// The user's choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LangChoice {
    // Chinese when LC_ALL, LC_MESSAGES or LANG starts with "zh", else English.
    #[default]
    Auto,
    // English.
    En,
    // Chinese (simplified).
    Zh,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

impl LangChoice {
    /// The language, given the locale variables in the order POSIX reads them.
    pub fn resolve(self, locale: &[Option<&str>]) -> Lang {
        match self {
            LangChoice::En => Lang::En,
            LangChoice::Zh => Lang::Zh,
            LangChoice::Auto => {
                // The first variable that is set and not empty decides.
                match locale.iter().flatten().find(|v| !v.is_empty()) {
                    Some(v) if v.starts_with("zh") => Lang::Zh,
                    _ => Lang::En,
                }
            }
        }
    }

    /// Decides from this process's environment and sets it for every later print.
    pub fn apply(self) -> Lang {
        let vars: Vec<Option<String>> = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .map(|v| std::env::var(v).ok())
            .collect();
        let refs: Vec<Option<&str>> = vars.iter().map(|v| v.as_deref()).collect();
        let lang = self.resolve(&refs);
        CURRENT.store(lang as u8, Ordering::Relaxed);
        lang
    }
}

/// The `--lang` typed on a command line (the last one, as clap takes it),
/// read before clap parses it, so the help pages and clap's own errors are
/// worded in it too. Nothing after `--` counts; a value that is not a
/// language counts as no flag, and clap refuses it afterwards.
pub fn choice_in<I, S>(args: I) -> Option<LangChoice>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    use clap::ValueEnum;
    let mut choice = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.as_ref().to_string_lossy().into_owned();
        let value = match arg.as_str() {
            "--" => break,
            "--lang" => args
                .next()
                .map(|v| v.as_ref().to_string_lossy().into_owned()),
            _ => arg.strip_prefix("--lang=").map(str::to_string),
        };
        if let Some(value) = value {
            choice = LangChoice::from_str(&value, false).ok().or(choice);
        }
    }
    choice
}

/// The language chosen for this run.
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_first_locale_variable_that_is_set() {
        assert_eq!(
            LangChoice::Auto.resolve(&[None, None, Some("zh_CN.UTF-8")]),
            Lang::Zh
        );
        assert_eq!(
            LangChoice::Auto.resolve(&[Some("C"), None, Some("zh_CN.UTF-8")]),
            Lang::En
        );
        assert_eq!(
            LangChoice::Auto.resolve(&[Some(""), None, Some("zh_TW")]),
            Lang::Zh
        );
        assert_eq!(LangChoice::Auto.resolve(&[None, None, None]), Lang::En);
        assert_eq!(LangChoice::En.resolve(&[Some("zh_CN")]), Lang::En);
        assert_eq!(LangChoice::Zh.resolve(&[]), Lang::Zh);
    }

    #[test]
    fn the_lang_flag_is_found_before_parsing() {
        let found = |args: &[&str]| choice_in(args.iter());
        assert_eq!(
            found(&["sticky", "run", "3", "--lang", "zh"]),
            Some(LangChoice::Zh)
        );
        assert_eq!(
            found(&["sticky", "--lang=zh", "list"]),
            Some(LangChoice::Zh)
        );
        assert_eq!(
            found(&["sticky", "--lang", "zh", "--lang", "en"]),
            Some(LangChoice::En)
        );
        assert_eq!(found(&["sticky", "--lang", "xx"]), None);
        assert_eq!(found(&["sticky", "--", "--lang", "zh"]), None);
        assert_eq!(found(&["sticky", "run", "3"]), None);
    }
}
