//! A command's words in message files a translator can edit without Rust.
//!
//! Each command that speaks through this module keeps its sentences in
//! `i18n/en/COMMAND.ftl` and `i18n/zh/COMMAND.ftl`, in Project Fluent's
//! syntax, one message a line:
//!
//! ```text
//! card-summary = { $passed } passed, { $failed } failed
//! card-summary = 通过 { $passed } 项，失败 { $failed } 项
//! ```
//!
//! Why Fluent and not a Rust `match` per language (what the demos' `mod
//! words` do): a teacher can correct a Chinese sentence in a text file,
//! with the variables visible by name and no Rust to compile in their head,
//! and word order is free per language. The files are embedded with
//! `include_str!`, so the single binary still carries every language. What
//! a `match` gave for free — a missing translation does not build — is kept
//! by tests: [`check_catalogue`] finds a message missing in one language,
//! or using other variables, and a scan of the sources finds every id the
//! code asks for (see `demos/check/mod.rs`'s tests).
//!
//! The price: `fluent-bundle` and `unic-langid` bring 17 small crates
//! (about a minute of a cold build on a busy 2-core machine, nothing on a
//! warm one), and a message id misspelt in the code is found by a test, not
//! by the compiler. Fluent's plural and number formatting is not used.
//!
//! Arguments are passed as text (`Display`), so numbers print exactly as
//! Rust prints them, with no locale's grouping. Bidi isolation marks are
//! off: they would reach the terminal as invisible characters.

#[cfg(test)]
use std::collections::BTreeMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::lang::{lang, Lang};

/// One command's messages, English and Chinese, parsed once.
pub struct Catalogue {
    en: FluentBundle<FluentResource>,
    zh: FluentBundle<FluentResource>,
}

/// The text of one language's message file, and that language's tag.
fn bundle(source: &'static str, tag: &str) -> FluentBundle<FluentResource> {
    // A parse error leaves the faulty entry out; `check_catalogue` (run by
    // the tests) names it, so a broken file cannot ship.
    let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
    let id = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    // Only duplicate ids fail here, and the tests refuse those too.
    let _ = bundle.add_resource(resource);
    bundle
}

impl Catalogue {
    /// Parses the two message files of a command.
    pub fn new(en: &'static str, zh: &'static str) -> Self {
        Catalogue {
            en: bundle(en, "en"),
            zh: bundle(zh, "zh-CN"),
        }
    }

    /// Message `id` in the language of this run, with `args` filled in.
    pub fn text(&self, id: &str, args: &[(&str, String)]) -> String {
        self.text_in(lang(), id, args)
    }

    /// Whether `id` names a message (English is the reference language).
    pub fn has(&self, id: &str) -> bool {
        self.en.has_message(id)
    }

    /// Message `id` when it names one, else `text` as it is: for the
    /// places that take either an id or words already said (a sentence
    /// has spaces, an id never does).
    pub fn text_or_literal(&self, text: &str) -> String {
        if self.has(text) {
            self.text(text, &[])
        } else {
            text.to_string()
        }
    }

    /// Message `id` in `lang`. An unknown id prints as itself, so a slip
    /// shows on screen instead of stopping a lesson; the tests make sure
    /// none ships.
    pub fn text_in(&self, lang: Lang, id: &str, args: &[(&str, String)]) -> String {
        let bundle = match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        text.into_owned()
    }
}

/// Message `id` of a catalogue, with named arguments of any `Display` type:
/// `tr!(WORDS, "card-summary", passed = 3, failed = 0)`.
#[macro_export]
macro_rules! tr {
    ($catalogue:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $catalogue.text($id, &[$((stringify!($name), ($value).to_string())),*])
    };
}

/// The ids of a message file, each with the variables it uses, sorted.
#[cfg(test)]
fn messages(source: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if starts_entry {
            if let Some((id, _)) = line.split_once('=') {
                let id = id.trim().to_string();
                out.entry(id.clone()).or_default();
                current = Some(id);
            }
        } else if line.starts_with('#') || line.trim().is_empty() {
            if line.starts_with('#') {
                current = None;
            }
            continue;
        }
        let Some(id) = &current else { continue };
        let vars = out.entry(id.clone()).or_default();
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !vars.contains(&name) {
                vars.push(name);
            }
        }
    }
    for vars in out.values_mut() {
        vars.sort();
    }
    out
}

/// What is wrong with a pair of message files: a syntax error, a message
/// only one language has, or one whose variables differ between them.
/// Empty when the pair is whole.
#[cfg(test)]
pub fn check_catalogue(en: &str, zh: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, source) in [("en", en), ("zh", zh)] {
        if let Err((_, errors)) = FluentResource::try_new(source.to_string()) {
            for e in errors {
                problems.push(format!("{name}: syntax error {e:?}"));
            }
        }
    }
    let (en, zh) = (messages(en), messages(zh));
    for (id, vars) in &en {
        match zh.get(id) {
            None => problems.push(format!("{id}: no Chinese")),
            Some(z) if z != vars => problems.push(format!(
                "{id}: variables {vars:?} in English, {z:?} in Chinese"
            )),
            Some(_) => {}
        }
    }
    for id in zh.keys().filter(|id| !en.contains_key(*id)) {
        problems.push(format!("{id}: no English"));
    }
    problems
}

/// The ids a source file asks a catalogue for: every `"id"` right after
/// `tr!(NAME, `.
#[cfg(test)]
pub fn ids_used(source: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("tr!(") {
        // `include_str!(` ends in `tr!(` too.
        let inside_a_name = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        rest = &rest[at + 4..];
        if inside_a_name {
            continue;
        }
        let Some(quote) = rest.find('"') else { break };
        let after = &rest[quote + 1..];
        if let Some(end) = after.find('"') {
            ids.push(after[..end].to_string());
        }
    }
    ids
}

/// Everything wrong with a command's pair of message files and the source
/// that speaks from them: gaps between the languages, words the glossary
/// replaced, and ids the source (or `more_ids`, for ids it builds at run
/// time) asks for that the files do not have. Empty when all is well.
#[cfg(test)]
pub fn catalogue_faults(en: &str, zh: &str, source: &str, more_ids: &[&str]) -> Vec<String> {
    let mut faults = check_catalogue(en, zh);
    faults.extend(glossary_slips(zh));
    let defined = ids_defined(en);
    let asked = ids_used(source)
        .into_iter()
        .chain(more_ids.iter().map(|id| id.to_string()));
    for id in asked {
        if !defined.contains(&id) {
            faults.push(format!("{id}: asked for, and in neither file"));
        }
    }
    faults
}

/// The ids a message file defines.
#[cfg(test)]
pub fn ids_defined(source: &str) -> Vec<String> {
    messages(source).into_keys().collect()
}

/// Words `docs/zh/glossary.md` replaces, found in the messages (not the
/// comments) of a Chinese file: each with the line it is on.
#[cfg(test)]
pub fn glossary_slips(zh: &str) -> Vec<String> {
    const REPLACED: [&str; 9] = [
        "accept 了",
        "修复",
        "长度报头",
        "长度前缀",
        "延迟 ACK",
        "读者",
        "课上",
        "线上格式",
        "削减",
    ];
    zh.lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(|line| {
            REPLACED
                .iter()
                .filter(|word| line.contains(*word))
                .map(move |word| format!("{word}: {line}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "hello = Hello, { $name }!\nbye = Bye\n    for now\n";
    const ZH: &str = "hello = 你好，{ $name }！\nbye = 再见\n";

    #[test]
    fn a_message_is_filled_in_without_isolation_marks() {
        let c = Catalogue::new(EN, ZH);
        let args = [("name", "李雷".to_string())];
        assert_eq!(c.text_in(Lang::En, "hello", &args), "Hello, 李雷!");
        assert_eq!(c.text_in(Lang::Zh, "hello", &args), "你好，李雷！");
        assert_eq!(c.text_in(Lang::En, "nope", &[]), "nope");
    }

    #[test]
    fn a_pair_of_files_is_whole_or_its_gaps_are_named() {
        assert!(check_catalogue(EN, ZH).is_empty());
        let gaps = check_catalogue(EN, "hello = 你好\nextra = 多余\n");
        assert!(gaps.iter().any(|g| g.starts_with("hello: variables")));
        assert!(gaps.iter().any(|g| g == "bye: no Chinese"));
        assert!(gaps.iter().any(|g| g == "extra: no English"));
        assert!(!check_catalogue("oops = {", ZH).is_empty());
    }

    #[test]
    fn a_word_the_glossary_replaces_is_found_in_a_message_not_in_a_comment() {
        let slips = glossary_slips("# 不叫“修复”\nfix = 修复 2：长度字段\nok = 解法二\n");
        assert_eq!(slips, ["修复: fix = 修复 2：长度字段"]);
    }

    /// Each demo's files and its source: `(name, English, Chinese, source,
    /// ids it asks for by a name built at run time)`.
    const DEMOS: [(&str, &str, &str, &str, &[&str]); 8] = [
        (
            "demo01",
            include_str!("../../i18n/en/demo01.ftl"),
            include_str!("../../i18n/zh/demo01.ftl"),
            include_str!("../01_tcp_echo.rs"),
            &[],
        ),
        (
            "demo02",
            include_str!("../../i18n/en/demo02.ftl"),
            include_str!("../../i18n/zh/demo02.ftl"),
            include_str!("../02_udp.rs"),
            // `filled` and `result` ask by language.
            &["filled", "result", "loss-counted", "loss-uncounted"],
        ),
        (
            "demo03",
            include_str!("../../i18n/en/demo03.ftl"),
            include_str!("../../i18n/zh/demo03.ftl"),
            include_str!("../03_sticky.rs"),
            &[],
        ),
        (
            "demo04",
            include_str!("../../i18n/en/demo04.ftl"),
            include_str!("../../i18n/zh/demo04.ftl"),
            include_str!("../04_fixed_length.rs"),
            &[],
        ),
        (
            "demo05",
            include_str!("../../i18n/en/demo05.ftl"),
            include_str!("../../i18n/zh/demo05.ftl"),
            include_str!("../05_length_prefix.rs"),
            &[],
        ),
        (
            "demo06",
            include_str!("../../i18n/en/demo06.ftl"),
            include_str!("../../i18n/zh/demo06.ftl"),
            include_str!("../06_file_transfer.rs"),
            &[],
        ),
        (
            "demo07",
            include_str!("../../i18n/en/demo07.ftl"),
            include_str!("../../i18n/zh/demo07.ftl"),
            include_str!("../07_lines.rs"),
            &[],
        ),
        (
            "demo08",
            include_str!("../../i18n/en/demo08.ftl"),
            include_str!("../../i18n/zh/demo08.ftl"),
            include_str!("../08_nagle.rs"),
            &[],
        ),
    ];

    #[test]
    fn every_demos_message_files_are_whole_in_the_glossarys_words_and_hold_every_id_asked_for() {
        for (name, en, zh, source, more) in DEMOS {
            let faults = catalogue_faults(en, zh, source, more);
            assert!(faults.is_empty(), "{name}.ftl: {faults:#?}");
        }
    }

    #[test]
    fn a_missing_id_or_a_replaced_word_is_a_fault() {
        let faults = catalogue_faults(
            EN,
            "hello = 修复 2 { $name }\nbye = 再见\n",
            "tr!(W, \"gone\")",
            &["bye"],
        );
        assert!(faults.iter().any(|f| f.starts_with("修复")), "{faults:?}");
        assert!(faults.iter().any(|f| f.starts_with("gone:")), "{faults:?}");
        assert_eq!(faults.len(), 2, "{faults:?}");
    }

    #[test]
    fn the_ids_a_source_asks_for_are_found() {
        let src = r#"let a = tr!(W, "card-one", n = 1); include_str!("x"); tr!(W, "two")"#;
        assert_eq!(ids_used(src), ["card-one", "two"]);
    }
}
