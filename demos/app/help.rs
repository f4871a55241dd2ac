//! The help pages and clap's usage errors in the language of the run.
//!
//! clap's derive writes the English pages from the doc comments in
//! `cli.rs`; those stay the one English source. For Chinese, the command
//! is rewritten before parsing: every `about`, every argument's help, the
//! headings, and `-h`/`-V`, from `i18n/zh/help.ftl`. `i18n/en/help.ftl`
//! holds the same English as the doc comments, beside the Chinese for a
//! translator, and a test fails when the two drift apart.
//!
//! clap breaks help text at spaces only, and Chinese has none: so a Chinese
//! page is rendered unwrapped and broken here, between characters, each
//! continuation under the text of its own line, counting a Chinese
//! character as two columns.

use std::sync::LazyLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command};

use super::i18n::Catalogue;
use super::lang::{lang, Lang};
use crate::tr;

pub static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../../i18n/en/help.ftl"),
        include_str!("../../i18n/zh/help.ftl"),
    )
});

/// The message id of an argument's help: `arg-CMD-ID` when that command's
/// argument says something of its own, else `arg-ID`, shared by every
/// command that has the argument (the demos' options, `--color`, `-h`).
fn arg_id(command: &str, arg: &str) -> String {
    let own = format!("arg-{command}-{arg}");
    if WORDS.has(&own) {
        own
    } else {
        format!("arg-{arg}")
    }
}

/// `Demos 02 to 05` → `heading-demos-02-to-05`.
fn heading_id(heading: &str) -> String {
    let slug: String = heading
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("heading-{slug}")
}

/// The command line as it is, or rewritten in Chinese for a Chinese run.
pub fn command(cmd: Command) -> Command {
    match lang() {
        Lang::En => cmd,
        Lang::Zh => in_chinese(cmd),
    }
}

/// Every word clap prints on a help page, in Chinese. Built first, so the
/// `--help`, `--version` and `help` that clap adds are there to rewrite.
fn in_chinese(mut cmd: Command) -> Command {
    cmd.build();
    rewrite(cmd, "sticky")
}

fn rewrite(cmd: Command, name: &str) -> Command {
    let about = WORDS.text_in(Lang::Zh, &format!("about-{name}"), &[]);
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        WORDS.text_in(Lang::Zh, "usage", &[])
    );
    let mut cmd = cmd
        .about(about)
        .help_template(template)
        .subcommand_help_heading(WORDS.text_in(Lang::Zh, "commands", &[]))
        .mut_args(|arg| rewrite_arg(arg, name));
    for sub in cmd.get_subcommands_mut() {
        let sub_name = sub.get_name().to_string();
        *sub = rewrite(std::mem::take(sub), &sub_name);
    }
    cmd
}

fn rewrite_arg(arg: Arg, command: &str) -> Arg {
    let id = arg_id(command, arg.get_id().as_str());
    let mut help = WORDS.text_in(Lang::Zh, &id, &[]);
    // clap's "[default: …]" and "[possible values: …]" are English: say
    // them here instead, and hide clap's.
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    let choices: Vec<String> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_string())
            .collect()
    };
    let takes_value = arg.get_action().takes_values();
    if takes_value && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        help.push_str(&tr!(WORDS, "default", value = defaults.join(" ")));
    }
    // A help that names every choice already (`--color`) needs no list.
    let named = choices.iter().all(|c| help.contains(c.as_str()));
    if takes_value && !choices.is_empty() && !named {
        help.push_str(&tr!(WORDS, "choices", values = choices.join("、")));
    }
    let heading = arg
        .get_help_heading()
        .map(|h| WORDS.text_in(Lang::Zh, &heading_id(h), &[]));
    let arg = arg
        .help(help)
        .hide_default_value(true)
        .hide_possible_values(true);
    match heading {
        Some(h) => arg.help_heading(h),
        None => arg,
    }
}

/// A help page as clap rendered it, finished for this run's language: in
/// Chinese, clap's own headings translated and every line too wide for
/// `columns` broken between characters, under the text of its line.
pub fn page(text: &str, columns: Option<usize>) -> String {
    if lang() == Lang::En {
        return text.to_string();
    }
    let mut out = String::new();
    for line in text.lines() {
        let line = match line {
            "Options:" => tr!(WORDS, "options"),
            "Arguments:" => tr!(WORDS, "arguments"),
            _ => heading_colon(line),
        };
        let indent = text_column(&line);
        out.push_str(&super::screen::wrapped_under(&line, columns, indent));
        out.push('\n');
    }
    out
}

/// A heading ends in clap's ASCII colon; in Chinese it takes a full-width one.
fn heading_colon(line: &str) -> String {
    match line.strip_suffix(':') {
        Some(h) if !h.starts_with(' ') && !h.is_empty() && !h.is_ascii() => {
            format!("{h}：")
        }
        _ => line.to_string(),
    }
}

/// Where the text of a help line starts: after the flag column (the first
/// run of two spaces past the indent) on an argument's line, else at its
/// indent.
fn text_column(line: &str) -> usize {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    match rest.find("  ") {
        Some(at) => {
            let after = &rest[at..];
            let gap = after.len() - after.trim_start().len();
            sticky::boundary::columns(&line[..indent + at + gap])
        }
        None => indent,
    }
}

/// clap's usage error in one Chinese line, naming the argument, for `--lang
/// zh`; `None` for a kind this function does not word (the caller keeps
/// clap's).
pub fn error_line(e: &clap::Error, command: &str) -> Option<String> {
    if lang() == Lang::En {
        return None;
    }
    let arg = || text_of(e.get(ContextKind::InvalidArg));
    let value = || text_of(e.get(ContextKind::InvalidValue));
    let suggested = text_of(e.get(ContextKind::SuggestedArg))
        .or_else(|| text_of(e.get(ContextKind::SuggestedSubcommand)))
        .or_else(|| text_of(e.get(ContextKind::SuggestedValue)));
    let mut line = match e.kind() {
        ErrorKind::UnknownArgument => tr!(WORDS, "error-unknown-argument", arg = arg()?),
        ErrorKind::InvalidSubcommand => {
            let sub = text_of(e.get(ContextKind::InvalidSubcommand))?;
            tr!(WORDS, "error-unknown-command", command = sub)
        }
        ErrorKind::MissingRequiredArgument => {
            tr!(WORDS, "error-missing-argument", arg = arg()?)
        }
        ErrorKind::InvalidValue => {
            let valid = text_of(e.get(ContextKind::ValidValue)).unwrap_or_default();
            let value = value().unwrap_or_default();
            if value.is_empty() {
                tr!(WORDS, "error-no-value", arg = arg()?)
            } else {
                tr!(
                    WORDS,
                    "error-invalid-choice",
                    value = value,
                    arg = arg()?,
                    valid = valid
                )
            }
        }
        ErrorKind::ValueValidation => {
            // A library error (the proxy's ranges) has its Chinese wording.
            let why = match std::error::Error::source(e) {
                Some(s) => match s.downcast_ref::<sticky::Error>() {
                    Some(lib) => super::errors_zh::zh(lib),
                    None => s.to_string(),
                },
                None => String::new(),
            };
            tr!(
                WORDS,
                "error-bad-value",
                value = value()?,
                arg = arg()?,
                why = why
            )
        }
        ErrorKind::ArgumentConflict => {
            let other = text_of(e.get(ContextKind::PriorArg))?;
            tr!(WORDS, "error-conflict", arg = arg()?, other = other)
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => tr!(WORDS, "error-wrong-values", arg = arg()?),
        ErrorKind::InvalidUtf8 => tr!(WORDS, "error-not-utf8"),
        ErrorKind::MissingSubcommand => tr!(WORDS, "error-missing-command"),
        _ => return None,
    };
    if let Some(s) = suggested {
        line.push_str(&tr!(WORDS, "error-did-you-mean", suggested = s));
    }
    Some(tr!(WORDS, "error-line", msg = line, command = command))
}

/// A context value as one piece of text; a list joined with 、.
fn text_of(value: Option<&ContextValue>) -> Option<String> {
    match value? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) if !v.is_empty() => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) if !v.is_empty() => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `main.rs` up to its `mod words`: what it asks other catalogues (the
/// docs'), since a scan of ids cannot tell catalogues apart.
#[cfg(test)]
pub fn before_words(main: &str) -> &str {
    main.split_once("\nmod words {")
        .map_or(main, |(before, _)| before)
}

/// `main.rs`'s `mod words`, which asks this catalogue.
#[cfg(test)]
fn after_words(main: &str) -> &str {
    main.split_once("\nmod words {")
        .map_or("", |(_, after)| after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cli::Cli;
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};
    use clap::CommandFactory;

    const EN: &str = include_str!("../../i18n/en/help.ftl");
    const ZH: &str = include_str!("../../i18n/zh/help.ftl");

    #[test]
    fn the_two_message_files_are_whole() {
        let gaps = check_catalogue(EN, ZH);
        assert!(gaps.is_empty(), "{gaps:#?}");
    }

    #[test]
    fn every_id_the_code_asks_for_is_defined() {
        let defined = ids_defined(EN);
        let sources = [
            include_str!("help.rs"),
            include_str!("cli.rs"),
            after_words(include_str!("../main.rs")),
            include_str!("mod.rs"),
            include_str!("input.rs"),
            include_str!("screen.rs"),
            include_str!("advice.rs"),
        ];
        for source in sources {
            for id in ids_used(source) {
                assert!(defined.contains(&id), "{id} is not in help.ftl");
            }
        }
    }

    /// Every command and argument clap shows, with the id of its words and
    /// clap's English for it.
    fn shown() -> Vec<(String, String)> {
        let mut cmd = Cli::command();
        cmd.build();
        let mut out = Vec::new();
        fn walk(cmd: &Command, name: &str, out: &mut Vec<(String, String)>) {
            let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
            out.push((format!("about-{name}"), about));
            for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                out.push((arg_id(name, arg.get_id().as_str()), help));
                if let Some(h) = arg.get_help_heading() {
                    out.push((heading_id(h), h.to_string()));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, sub.get_name(), out);
            }
        }
        walk(&cmd, "sticky", &mut out);
        out
    }

    #[test]
    fn every_demo_is_described_in_both_languages_and_the_english_is_the_list_s() {
        for (n, _, english) in crate::app::cli::DEMOS {
            let id = format!("demo-{n}");
            assert_eq!(WORDS.text_in(Lang::En, &id, &[]), english);
            let chinese = WORDS.text_in(Lang::Zh, &id, &[]);
            assert!(chinese != id && chinese != english, "{id}: {chinese}");
        }
    }

    #[test]
    fn the_english_file_says_what_the_doc_comments_say() {
        let mut wrong = Vec::new();
        for (id, english) in shown() {
            let said = WORDS.text_in(Lang::En, &id, &[]);
            if said != english {
                wrong.push(format!("{id} = {english}"));
            }
        }
        assert!(wrong.is_empty(), "help.ftl differs:\n{}", wrong.join("\n"));
    }

    #[test]
    fn every_message_in_the_file_is_shown_or_used() {
        let shown: Vec<String> = shown().into_iter().map(|(id, _)| id).collect();
        let used = ids_used(include_str!("help.rs"));
        let used_by_cli = ids_used(include_str!("cli.rs"));
        let used_by_main: Vec<String> = [
            after_words(include_str!("../main.rs")),
            include_str!("mod.rs"),
            include_str!("input.rs"),
            include_str!("screen.rs"),
            include_str!("advice.rs"),
        ]
        .into_iter()
        .flat_map(ids_used)
        .collect();
        for id in ids_defined(EN) {
            // `demo-N` is asked for by number, in `cli::what`.
            let fixed = ["usage", "commands"].contains(&id.as_str()) || id.starts_with("demo-");
            let used =
                used.contains(&id) || used_by_cli.contains(&id) || used_by_main.contains(&id);
            assert!(
                fixed || shown.contains(&id) || used,
                "{id} is in help.ftl but nothing says it"
            );
        }
    }

    #[test]
    fn a_help_line_breaks_under_its_own_text() {
        assert_eq!(text_column("  -h, --help  显示帮助"), 14);
        assert_eq!(text_column("用法：sticky"), 0);
        assert_eq!(heading_colon("选项:"), "选项：");
        assert_eq!(heading_colon("Options:"), "Options:");
    }
}
