//! The boundary view: what was sent, next to what each `read` returned.
//!
//! Writes go in the left column and reads in the right, one row each.
//! Every sent message gets its own colour, and keeps it in the reads, so a
//! glance shows messages glued together (several colours in one read) and
//! messages cut apart (one colour over several reads). The markers carry the
//! same information without colour, for slides and logs:
//!
//! ```text
//! [hello]     a whole message inside one read
//! [hel~       the start of a message; the rest comes in a later read
//! ~lo]        the end of a message that began in an earlier read
//! ~l~         a middle piece
//! ```

use colored::{Color, Colorize};

/// Messages up to this many bytes are shown as text; longer ones as byte ranges.
const MAX_TEXT: usize = 40;

const PALETTE: [Color; 6] = [
    Color::Red,
    Color::Green,
    Color::Yellow,
    Color::Blue,
    Color::Magenta,
    Color::Cyan,
];

/// The colour of message `index` (cycling through six).
pub fn color_of(index: usize) -> Color {
    PALETTE[index % PALETTE.len()]
}

/// The part of one message that landed in one read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Which message (0-based, in sending order).
    pub message: usize,
    /// First byte of the message in this read.
    pub start: usize,
    /// One past the last byte of the message in this read.
    pub end: usize,
    /// The whole message's length.
    pub len: usize,
}

impl Segment {
    /// The whole message is in this read.
    pub fn is_whole(&self) -> bool {
        self.start == 0 && self.end == self.len
    }
}

/// Lines up a list of sent messages with a list of read sizes.
#[derive(Debug, Clone)]
pub struct BoundaryView<'a> {
    messages: &'a [Vec<u8>],
}

impl<'a> BoundaryView<'a> {
    /// A view of these messages, in the order they were written.
    pub fn new(messages: &'a [Vec<u8>]) -> Self {
        BoundaryView { messages }
    }

    /// Splits the reads into the message pieces each one holds. Reads past
    /// the end of the messages are ignored; empty messages hold no byte and
    /// appear in no read.
    pub fn segments(&self, reads: &[usize]) -> Vec<Vec<Segment>> {
        let mut out = Vec::with_capacity(reads.len());
        let (mut msg, mut off) = (0usize, 0usize);
        for &n in reads {
            let mut left = n;
            let mut pieces = Vec::new();
            while left > 0 && msg < self.messages.len() {
                let len = self.messages[msg].len();
                let take = (len - off).min(left);
                if take > 0 {
                    pieces.push(Segment {
                        message: msg,
                        start: off,
                        end: off + take,
                        len,
                    });
                }
                off += take;
                left -= take;
                if off == len {
                    msg += 1;
                    off = 0;
                }
            }
            out.push(pieces);
        }
        out
    }

    /// Writes on the left, reads on the right, one row each, under a header:
    ///
    /// ```text
    ///   client: 3 writes      | server: 1 read
    ///   #1      5 B  [hello]  | #1     11 B  [hello][from][me]
    ///   #2      4 B  [from]   |
    ///   #3      2 B  [me]     |
    /// ```
    ///
    /// At most `max_reads` reads get a row; the rest are summed up in one.
    pub fn side_by_side(&self, reads: &[usize], max_reads: usize) -> Vec<String> {
        let left: Vec<(String, usize)> = self
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let whole = Segment {
                    message: i,
                    start: 0,
                    end: m.len(),
                    len: m.len(),
                };
                self.cell(i, m.len(), &[whole])
            })
            .collect();
        let mut right: Vec<String> = self
            .segments(reads)
            .iter()
            .zip(reads)
            .take(max_reads)
            .enumerate()
            .map(|(i, (pieces, &n))| self.cell(i, n, pieces).0)
            .collect();
        if reads.len() > max_reads {
            let rest = &reads[max_reads..];
            right.push(format!(
                "... {} more reads, {} B",
                rest.len(),
                rest.iter().sum::<usize>()
            ));
        }
        let head_left = format!("client: {} {}", left.len(), plural(left.len(), "write"));
        let head_right = format!("server: {} {}", reads.len(), plural(reads.len(), "read"));
        let width = left
            .iter()
            .map(|c| c.1)
            .chain([head_left.chars().count()])
            .max()
            .unwrap_or(0);
        let mut out = vec![format!("  {head_left:<width$} | {head_right}")];
        for row in 0..left.len().max(right.len()) {
            let (text, shown) = left.get(row).cloned().unwrap_or_default();
            let pad = " ".repeat(width - shown);
            let r = right.get(row).map_or("", String::as_str);
            out.push(format!("  {text}{pad} | {r}").trim_end().to_string());
        }
        out
    }

    /// `#1      5 B  [hello]`, coloured, and how many columns it takes.
    fn cell(&self, index: usize, bytes: usize, pieces: &[Segment]) -> (String, usize) {
        let mut text = format!("#{:<3} {:>6} B  ", index + 1, bytes);
        let mut shown = text.chars().count();
        for piece in pieces {
            let (coloured, width) = self.render(piece);
            text.push_str(&coloured);
            shown += width;
        }
        (text, shown)
    }

    /// How many messages arrived whole in a single read.
    pub fn whole_count(&self, reads: &[usize]) -> usize {
        self.segments(reads)
            .iter()
            .flatten()
            .filter(|s| s.is_whole())
            .count()
    }

    /// A piece with its markers, coloured, and its width in columns.
    fn render(&self, s: &Segment) -> (String, usize) {
        let open = if s.start == 0 { "[" } else { "~" };
        let close = if s.end == s.len { "]" } else { "~" };
        let body = if s.len <= MAX_TEXT {
            printable(&self.messages[s.message][s.start..s.end])
        } else if s.is_whole() {
            format!("message {}: {} bytes", s.message + 1, s.len)
        } else {
            format!(
                "message {}: bytes {}..{} of {}",
                s.message + 1,
                s.start,
                s.end,
                s.len
            )
        };
        let plain = format!("{open}{body}{close}");
        let width = plain.chars().count();
        (plain.color(color_of(s.message)).bold().to_string(), width)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// Bytes as text a terminal can show: valid UTF-8 as text with control
/// characters escaped (`\n`), anything else byte by byte (`\xe4`).
pub fn printable(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_debug().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
        Err(_) => bytes.escape_ascii().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msgs(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn one_read_holding_three_messages_is_drawn_beside_three_writes() {
        // Only ever switched off in tests: the setting is global, and tests
        // run in parallel. `tests/demos.rs` checks the coloured layout.
        colored::control::set_override(false);
        let m = msgs(&["hello", "from", "me"]);
        let view = BoundaryView::new(&m);
        assert_eq!(
            view.side_by_side(&[11], 8),
            vec![
                "  client: 3 writes       | server: 1 read",
                "  #1        5 B  [hello] | #1       11 B  [hello][from][me]",
                "  #2        4 B  [from]  |",
                "  #3        2 B  [me]    |",
            ]
        );
        assert_eq!(view.whole_count(&[11]), 3);
    }

    #[test]
    fn cut_messages_get_open_markers() {
        colored::control::set_override(false);
        let m = msgs(&["hello", "world"]);
        let view = BoundaryView::new(&m);
        let lines = view.side_by_side(&[3, 4, 3], 8);
        assert!(lines[1].ends_with("[hel~"), "{lines:?}");
        assert!(lines[2].ends_with("~lo][wo~"), "{lines:?}");
        assert!(lines[3].ends_with("~rld]"), "{lines:?}");
        assert_eq!(view.whole_count(&[3, 4, 3]), 0);
    }

    #[test]
    fn long_messages_are_shown_as_byte_ranges_and_extra_reads_summed() {
        colored::control::set_override(false);
        let m = vec![vec![b'x'; 100]];
        let view = BoundaryView::new(&m);
        let lines = view.side_by_side(&[60, 30, 10], 2);
        assert!(
            lines[1].ends_with("[message 1: bytes 0..60 of 100~"),
            "{lines:?}"
        );
        assert!(
            lines[2].ends_with("~message 1: bytes 60..90 of 100~"),
            "{lines:?}"
        );
        assert!(lines[3].ends_with("| ... 1 more reads, 10 B"), "{lines:?}");
        assert!(lines[1].contains("[message 1: 100 bytes]"), "{lines:?}");
    }

    #[test]
    fn printable_keeps_utf8_text_and_escapes_the_rest() {
        assert_eq!(printable("你好\n".as_bytes()), "你好\\n");
        assert_eq!(printable(br#"{"a":"b\c"}"#), r#"{"a":"b\c"}"#);
        // Half of a UTF-8 character, as a cut read can leave it.
        assert_eq!(printable(&"你".as_bytes()[..2]), "\\xe4\\xbd");
    }

    #[test]
    fn segments_skip_empty_messages() {
        let m = msgs(&["a", "", "b"]);
        let segs = BoundaryView::new(&m).segments(&[2]);
        assert_eq!(segs[0].len(), 2);
        assert_eq!(segs[0][1].message, 2);
    }
}
