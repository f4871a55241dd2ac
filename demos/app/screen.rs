//! Output a class cannot flood: what a server prints per connection.
//!
//! A server shows the first [`DETAIL`] reads (or frames, or lines) of each
//! connection in detail, then only counts, and sums up when the client
//! leaves. A value too long for the line is cut with "… (K more bytes)".
//! So a student who sends a megabyte costs the projector a few lines.

use crate::app::help::WORDS;
use crate::app::width;
use crate::tr;

/// Reads, frames or lines shown in detail per connection.
pub const DETAIL: usize = 20;

/// The width of a line when standard output is not a terminal.
const NOT_A_TERMINAL: usize = 200;

/// The widest a printed line may be: the terminal's width, or 200 columns.
pub fn line_limit() -> usize {
    width::columns().unwrap_or(NOT_A_TERMINAL)
}

/// `bytes` as text, cut so that a line whose other text is `around` fits
/// the limit. `around` is the line as printed with this value left empty.
pub fn fit(bytes: &[u8], around: &str) -> String {
    // In a client's thread the line will also carry the client's number.
    let label = crate::app::served::label_columns();
    let room = line_limit().saturating_sub(sticky::boundary::columns(around) + label);
    sticky::boundary::printable_within(bytes, room, more_bytes)
}

fn more_bytes(k: usize) -> String {
    tr!(WORDS, "more-bytes", k = k)
}

/// What one connection has delivered so far, and whether the next item is
/// still shown in detail.
#[derive(Debug, Default)]
pub struct Tally {
    /// Reads, frames or lines.
    pub count: usize,
    /// Their bytes.
    pub bytes: u64,
}

impl Tally {
    /// Counts one more item of `n` bytes; true when it is to be shown.
    pub fn add(&mut self, n: usize) -> bool {
        self.count += 1;
        self.bytes += n as u64;
        self.count <= DETAIL
    }

    /// True for the first item not shown: the moment to say so, once.
    pub fn just_went_quiet(&self) -> bool {
        self.count == DETAIL + 1
    }

    /// How many items were counted but not shown.
    pub fn hidden(&self) -> usize {
        self.count.saturating_sub(DETAIL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_twenty_are_shown_and_the_quiet_moment_comes_once() {
        let mut t = Tally::default();
        let shown = (0..100).filter(|_| t.add(10)).count();
        assert_eq!(shown, DETAIL);
        assert_eq!((t.count, t.bytes, t.hidden()), (100, 1000, 80));
        let mut t = Tally::default();
        let quiet = (0..100)
            .filter(|_| !t.add(1) && t.just_went_quiet())
            .count();
        assert_eq!(quiet, 1);
    }
}

/// Prints one line of narration so that the terminal never wraps it in the
/// middle of a word: on a terminal narrower than the line (or with `COLUMNS`
/// set), it is broken at spaces (and between Chinese characters), and the
/// rest is indented under the text after its label (`server: `). Off a
/// terminal it prints as it is, so transcripts are the same everywhere.
///
/// In a server's client thread the line carries the client's number, or is
/// left out when the projector's ration says so (see `served`).
pub fn say(line: impl std::fmt::Display) {
    if let Some(line) = crate::app::served::voiced(line.to_string()) {
        println!("{}", wrapped(&line, width::columns()));
    }
}

/// `text` broken into lines of at most `limit` columns where it can be;
/// unchanged without a limit. Colour codes take no columns.
pub fn wrapped(text: &str, limit: Option<usize>) -> String {
    let Some(limit) = limit else {
        return text.to_string();
    };
    text.split('\n')
        .map(|line| wrap_line(line, limit.max(20)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` broken like [`wrapped`], with every continuation line indented
/// `indent` columns: for a layout whose columns the caller knows, such as
/// a report card with its labels, or a column of descriptions, as `sticky
/// list` prints.
pub fn wrapped_under(text: &str, limit: Option<usize>, indent: usize) -> String {
    let Some(limit) = limit else {
        return text.to_string();
    };
    let limit = limit.max(20);
    let indent = indent.min(limit / 2);
    text.split('\n')
        .map(|line| {
            if visible_width(line) <= limit {
                line.to_string()
            } else {
                break_line(line, indent, limit)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A message a translator broke into lines (in its message file), with
/// every line after the first indented under the text after the first
/// line's label, where [`say`] puts a line it breaks itself: so a long
/// sentence fits 80 columns in a transcript too, where nothing is wrapped.
pub fn hanging(text: &str) -> String {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let indent = " ".repeat(continuation_indent(first));
    let mut out = first.to_string();
    for line in lines {
        out.push('\n');
        out.push_str(&indent);
        out.push_str(line);
    }
    out
}

fn wrap_line(line: &str, limit: usize) -> String {
    if visible_width(line) <= limit {
        return line.to_string();
    }
    break_line(line, continuation_indent(line), limit)
}

fn break_line(line: &str, indent: usize, limit: usize) -> String {
    let mut out = String::new();
    // Columns used on the current line, and where its text started.
    let (mut width, mut start) = (0, 0);
    for (token, spaces) in tokens(line) {
        let w = visible_width(&token);
        // A token too wide even for a fresh line stays where it is.
        if width > start && width + spaces.len() + w > limit {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            (width, start) = (indent, indent);
        } else {
            out.push_str(&spaces);
            width += spaces.len();
        }
        out.push_str(&token);
        width += w;
    }
    out
}

/// Where a continuation line starts: under the text after a short label
/// ("server: ", "客户端："), else two columns in from the line's own indent.
fn continuation_indent(line: &str) -> usize {
    let plain = strip_colour(line);
    let lead = plain.len() - plain.trim_start().len();
    let label = [": ", "："]
        .iter()
        .filter_map(|sep| plain.find(sep).map(|at| at + sep.len()))
        .min()
        .map(|end| visible_width(&plain[..end]));
    match label {
        Some(cols) if lead == 0 && cols <= 24 => cols,
        _ => lead + 2,
    }
}

/// Chinese punctuation that may not begin a line, and that may not end
/// one (the rules typesetters call 避头点 and 避尾点): each stays with the
/// character on its side.
const NO_LINE_START: &str = "，。；：、）」』”’！？》】…";
const NO_LINE_END: &str = "（「『“‘《【";

/// Words (runs without spaces) and single wide characters, each with the
/// spaces that came before it; escape sequences stay in their word, and
/// Chinese punctuation with its neighbour.
fn tokens(line: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    // A token joins the one before it, with no space between, when that
    // one ends in an opening bracket or this one starts with a closing mark.
    let push = |out: &mut Vec<(String, String)>, token: String, spaces: String| {
        let joins = spaces.is_empty()
            && out.last().is_some_and(|(last, _)| {
                last.ends_with(|c| NO_LINE_END.contains(c))
                    || token.starts_with(|c| NO_LINE_START.contains(c))
            });
        match out.last_mut() {
            Some(last) if joins => last.0.push_str(&token),
            _ => out.push((token, spaces)),
        }
    };
    let (mut current, mut spaces) = (String::new(), String::new());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            current.push(c);
            for e in chars.by_ref() {
                current.push(e);
                if e == 'm' {
                    break;
                }
            }
        } else if c == ' ' {
            if !current.is_empty() {
                push(
                    &mut out,
                    std::mem::take(&mut current),
                    std::mem::take(&mut spaces),
                );
            }
            spaces.push(' ');
        } else if visible_width(c.encode_utf8(&mut [0; 4])) == 2 {
            if !current.is_empty() {
                push(
                    &mut out,
                    std::mem::take(&mut current),
                    std::mem::take(&mut spaces),
                );
            }
            push(&mut out, c.to_string(), std::mem::take(&mut spaces));
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        push(&mut out, current, spaces);
    }
    out
}

fn strip_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for e in chars.by_ref() {
                if e == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn visible_width(text: &str) -> usize {
    sticky::boundary::columns(&strip_colour(text))
}

#[cfg(test)]
mod wrap_tests {
    use super::{visible_width, wrapped};

    #[test]
    fn a_long_line_breaks_at_spaces_under_its_label() {
        let line = "server: dropped the connection: frame of 4294967295 bytes refused: the limit is 8388608 bytes";
        let out = wrapped(line, Some(60));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines.iter().all(|l| visible_width(l) <= 60), "{out}");
        assert!(lines[1].starts_with("        ") && !lines[1].starts_with("         "));
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn chinese_breaks_between_characters_and_colour_takes_no_room() {
        let line = "服务端：这是一行很长很长的中文旁白，里面没有空格，但是终端只有四十列宽，所以必须在字与字之间断开";
        let out = wrapped(line, Some(40));
        assert!(out.lines().all(|l| visible_width(l) <= 40), "{out}");
        assert_eq!(out.replace(['\n', ' '], ""), line);
        // No line starts with a comma or a full stop, and none ends with
        // an opening bracket: each stays with the character on its side.
        let card = "服务端：回来了 \"in two\"（16 字节），另一半还没有发出。很长很长的一行话。";
        for (text, cols) in [line, card]
            .into_iter()
            .flat_map(|t| (20..40).map(move |c| (t, c)))
        {
            let out = wrapped(text, Some(cols));
            assert!(
                out.lines()
                    .skip(1)
                    .all(|l| !l.trim_start().starts_with(['，', '。', '）'])),
                "{out}"
            );
            assert!(out.lines().all(|l| !l.ends_with('（')), "{out}");
            let squeezed = |t: &str| t.split_whitespace().collect::<String>();
            assert_eq!(squeezed(&out), squeezed(text));
        }
        let red =
            "\u{1b}[31mresult: a red result that is long enough to need two lines here\u{1b}[0m";
        let out = wrapped(red, Some(40));
        assert!(out.lines().all(|l| visible_width(l) <= 40), "{out:?}");
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        let line =
            "演示 05：接收方接受的最大帧，单位字节（默认：8388608）（可选：一二三四五六七八九十）";
        for limit in 20..60 {
            let out = wrapped(line, Some(limit));
            for l in out.lines() {
                let t = l.trim_start();
                assert!(!t.starts_with(['，', '）', '：']), "{limit}: {out}");
                assert!(!t.ends_with('（'), "{limit}: {out}");
            }
            assert_eq!(out.replace(['\n', ' '], ""), line.replace(' ', ""));
        }
    }

    #[test]
    fn a_card_line_wraps_under_the_column_it_is_given() {
        let line = "FAIL  over-max      hint  the server waited for a frame of 8388609 bytes, one over --max-frame: does it check the length?";
        let out = super::wrapped_under(line, Some(80), 26);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines.len() > 1 && lines.iter().all(|l| visible_width(l) <= 80),
            "{out}"
        );
        assert!(lines[1..]
            .iter()
            .all(|l| l.starts_with(&" ".repeat(26)) && l.as_bytes()[26] != b' '));
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            line.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(super::wrapped_under(line, None, 26), line);
    }

    #[test]
    fn without_a_limit_or_when_it_fits_nothing_changes() {
        let line = "client: a line that is long, but there is no limit off a terminal";
        assert_eq!(wrapped(line, None), line);
        assert_eq!(wrapped("short", Some(80)), "short");
    }
}

#[cfg(test)]
mod hanging_tests {
    use super::hanging;

    #[test]
    fn lines_after_the_first_go_under_the_text_after_the_label() {
        assert_eq!(
            hanging("result: 6 sendto\nand none glued"),
            "result: 6 sendto\n        and none glued"
        );
        assert_eq!(
            hanging("结果：6 次\n没有粘在一起"),
            "结果：6 次\n      没有粘在一起"
        );
        // No label: two columns in, as say() indents a line it breaks.
        assert_eq!(hanging("one line"), "one line");
        assert_eq!(hanging("no label here\nmore"), "no label here\n  more");
    }
}
