//! The boundary view: what was sent, next to what each `read` returned.
//!
//! Writes go in the left column and reads in the right, one row each.
//! Every piece of a message is a [`Span`] that names its message, so a
//! program can give each message its own colour and keep it in the reads:
//! a glance then shows messages glued together (several colours in one
//! read) and messages cut apart (one colour over several reads). The view
//! itself draws no colour (the `sticky` command does); the markers carry the
//! same information without it, for slides and logs:
//!
//! ```text
//! [hello]     a whole message inside one read
//! [hel~       the start of a message; the rest comes in a later read
//! ~lo]        the end of a message that began in an earlier read
//! ~l~         a middle piece
//! ```
//!
//! Two layouts: side by side (writes left, reads right), and stacked (the
//! writes, then the reads), for a terminal too narrow for the first.
//! [`BoundaryView::fitted`] picks the side-by-side one when it fits in
//! [`WIDEST`] columns (or a narrower terminal), a read that holds many
//! messages going on over as many rows as it needs.

use unicode_width::UnicodeWidthStr;

/// Messages up to this many bytes are shown as text; longer ones as byte ranges.
const MAX_TEXT: usize = 40;

/// The widest [`BoundaryView::fitted`] draws, whatever the terminal: an
/// 80-column projector, and a transcript or a pipe, show the same view.
pub const WIDEST: usize = 80;

/// A piece of a drawn line: its text, and the message it shows, if any (a
/// program colours it by that message; `None` is plain text).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    pub text: String,
    pub message: Option<usize>,
}

impl Span {
    fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            message: None,
        }
    }
}

/// One line of the view, as spans.
pub type Line = Vec<Span>;

/// A line's text without any colour.
pub fn plain(line: &[Span]) -> String {
    line.iter().map(|s| s.text.as_str()).collect()
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

/// The words the view prints around the data: its two column headers, the
/// line summing up reads past the limit, and the labels of messages too long
/// to show as text. Numbers and markers are the same in every language; a
/// program that narrates in another language passes its own wording.
#[derive(Debug, Clone, Copy)]
pub struct ViewWords {
    /// The writes' header, from their count: `client: 3 writes`.
    pub writes: fn(usize) -> String,
    /// The reads' header, from their count: `server: 1 read`.
    pub reads: fn(usize) -> String,
    /// Reads past the limit, from their count and bytes: `... 2 more reads, 10 B`.
    pub more_reads: fn(usize, usize) -> String,
    /// A long message whole in one read, from its number and length:
    /// `message 1` (its length is in the row already).
    pub whole: fn(usize, usize) -> String,
    /// A piece of a long message, from its number, start, end and length:
    /// `message 1: bytes 0..60` (the whole length is in the writes' column).
    pub piece: fn(usize, usize, usize, usize) -> String,
}

impl ViewWords {
    /// The view's words in English.
    pub const ENGLISH: ViewWords = ViewWords {
        writes: |n| format!("client: {n} {}", plural(n, "write")),
        reads: |n| format!("server: {n} {}", plural(n, "read")),
        more_reads: |n, bytes| format!("... {n} more reads, {bytes} B"),
        whole: |m, _| format!("message {m}"),
        piece: |m, start, end, _| format!("message {m}: bytes {start}..{end}"),
    };
}

/// Lines up a list of sent messages with a list of read sizes.
#[derive(Debug, Clone)]
pub struct BoundaryView<'a> {
    messages: &'a [Vec<u8>],
    words: ViewWords,
}

impl<'a> BoundaryView<'a> {
    /// A view of these messages, in the order they were written.
    pub fn new(messages: &'a [Vec<u8>]) -> Self {
        BoundaryView {
            messages,
            words: ViewWords::ENGLISH,
        }
    }

    /// The same view, worded with `words`.
    pub fn with_words(self, words: ViewWords) -> Self {
        BoundaryView { words, ..self }
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
    pub fn side_by_side(&self, reads: &[usize], max_reads: usize) -> Vec<Line> {
        self.side_by_side_measured(reads, max_reads, None)
            .into_iter()
            .map(|(line, _)| line)
            .collect()
    }

    /// The writes, then the reads, each under its own header: half the
    /// width of [`side_by_side`](Self::side_by_side), for a narrow terminal.
    ///
    /// ```text
    ///   client: 3 writes
    ///   #1      5 B  [hello]
    ///   #2      4 B  [from]
    ///   #3      2 B  [me]
    ///   server: 1 read
    ///   #1     11 B  [hello][from][me]
    /// ```
    pub fn stacked(&self, reads: &[usize], max_reads: usize) -> Vec<Line> {
        self.stacked_within(reads, max_reads, None)
    }

    /// [`stacked`](Self::stacked), a read's messages going on over more
    /// rows where one row would be wider than `limit`.
    fn stacked_within(&self, reads: &[usize], max_reads: usize, limit: Option<usize>) -> Vec<Line> {
        let (head_left, left) = self.write_cells();
        let (head_right, right) = self.read_cells(reads, max_reads);
        let right = wrap_cells(right, limit.map(|l| l.saturating_sub(2)));
        let indented = |cell: Line| {
            let mut line = vec![Span::plain("  ")];
            line.extend(cell);
            line
        };
        let mut out = vec![vec![Span::plain(format!("  {head_left}"))]];
        out.extend(left.into_iter().map(|(cell, _)| indented(cell)));
        out.push(vec![Span::plain(format!("  {head_right}"))]);
        out.extend(right.into_iter().map(|(cell, _)| indented(cell)));
        out
    }

    /// Side by side when every line of it fits in `columns` (at most
    /// [`WIDEST`]), a read's messages going on over more rows where one row
    /// would not fit; stacked otherwise, so a narrow terminal never wraps a
    /// row in two. `None` (output into a file or a pipe) means [`WIDEST`].
    pub fn fitted(&self, reads: &[usize], max_reads: usize, columns: Option<usize>) -> Vec<Line> {
        let limit = columns.map_or(WIDEST, |c| c.min(WIDEST));
        let wide = self.side_by_side_measured(reads, max_reads, Some(limit));
        let widest = wide.iter().map(|(_, w)| *w).max().unwrap_or(0);
        if widest > limit {
            self.stacked_within(reads, max_reads, Some(limit))
        } else {
            wide.into_iter().map(|(line, _)| line).collect()
        }
    }

    /// Every line of the side-by-side layout, with how many columns it
    /// takes; with a `limit`, a read too wide for it goes on over more rows.
    fn side_by_side_measured(
        &self,
        reads: &[usize],
        max_reads: usize,
        limit: Option<usize>,
    ) -> Vec<(Line, usize)> {
        let (head_left, left) = self.write_cells();
        let (head_right, right) = self.read_cells(reads, max_reads);
        let width = left
            .iter()
            .map(|c| c.1)
            .chain([columns(&head_left)])
            .max()
            .unwrap_or(0);
        let right = wrap_cells(right, limit.map(|l| l.saturating_sub(2 + width + 3)));
        let head_pad = " ".repeat(width - columns(&head_left));
        let head = format!("  {head_left}{head_pad} | {head_right}");
        let head_width = columns(&head);
        let mut out = vec![(vec![Span::plain(head)], head_width)];
        for row in 0..left.len().max(right.len()) {
            let (cell, shown) = left.get(row).cloned().unwrap_or_default();
            let (r, r_shown) = right.get(row).cloned().unwrap_or_default();
            let mut line = vec![Span::plain("  ")];
            line.extend(cell);
            let pad = " ".repeat(width - shown);
            let line_width = if r_shown == 0 {
                // Nothing on the right: the line ends at the bar.
                line.push(Span::plain(format!("{pad} |")));
                2 + width + 2
            } else {
                line.push(Span::plain(format!("{pad} | ")));
                line.extend(r);
                2 + width + 3 + r_shown
            };
            out.push((line, line_width));
        }
        out
    }

    /// The header of the writes' column and one cell per write.
    fn write_cells(&self) -> (String, Vec<(Line, usize)>) {
        let cells: Vec<(Line, usize)> = self
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
        let head = (self.words.writes)(cells.len());
        (head, cells)
    }

    /// The header of the reads' column and one cell per read, at most
    /// `max_reads` of them and then one line summing up the rest.
    fn read_cells(&self, reads: &[usize], max_reads: usize) -> (String, Vec<(Line, usize)>) {
        let mut cells: Vec<(Line, usize)> = self
            .segments(reads)
            .iter()
            .zip(reads)
            .take(max_reads)
            .enumerate()
            .map(|(i, (pieces, &n))| self.cell(i, n, pieces))
            .collect();
        if reads.len() > max_reads {
            let rest = &reads[max_reads..];
            let text = (self.words.more_reads)(rest.len(), rest.iter().sum::<usize>());
            let width = columns(&text);
            cells.push((vec![Span::plain(text)], width));
        }
        let head = (self.words.reads)(reads.len());
        (head, cells)
    }

    /// `#1      5 B  [hello]`, one span per message piece, and how many
    /// columns it takes.
    fn cell(&self, index: usize, bytes: usize, pieces: &[Segment]) -> (Line, usize) {
        let head = format!("#{:<3} {:>6} B  ", index + 1, bytes);
        let mut shown = columns(&head);
        let mut line = vec![Span::plain(head)];
        for piece in pieces {
            let span = self.render(piece);
            shown += columns(&span.text);
            line.push(span);
        }
        (line, shown)
    }

    /// How many messages arrived whole in a single read.
    pub fn whole_count(&self, reads: &[usize]) -> usize {
        self.segments(reads)
            .iter()
            .flatten()
            .filter(|s| s.is_whole())
            .count()
    }

    /// A piece with its markers, naming its message.
    fn render(&self, s: &Segment) -> Span {
        let open = if s.start == 0 { "[" } else { "~" };
        let close = if s.end == s.len { "]" } else { "~" };
        let body = if s.len <= MAX_TEXT {
            printable(&self.messages[s.message][s.start..s.end])
        } else if s.is_whole() {
            (self.words.whole)(s.message + 1, s.len)
        } else {
            (self.words.piece)(s.message + 1, s.start, s.end, s.len)
        };
        Span {
            text: format!("{open}{body}{close}"),
            message: Some(s.message),
        }
    }
}

/// Cells broken into rows of at most `room` columns between two message
/// pieces, each row after a cell's first indented under its first piece:
///
/// ```text
/// #1       36 B  [hello][from][the][client][one]
///                [write][per][message]
/// ```
///
/// A piece wider than the room keeps a row to itself (and the caller sees
/// the row is too wide); a cell that fits, or `None`, is left as it is.
fn wrap_cells(cells: Vec<(Line, usize)>, room: Option<usize>) -> Vec<(Line, usize)> {
    let Some(room) = room else { return cells };
    let mut out = Vec::with_capacity(cells.len());
    for (cell, width) in cells {
        if width <= room || cell.len() < 3 {
            out.push((cell, width));
            continue;
        }
        let mut spans = cell.into_iter();
        let head = spans.next().unwrap_or_default();
        let indent = columns(&head.text);
        let (mut row, mut used) = (vec![head], indent);
        for span in spans {
            let w = columns(&span.text);
            if used > indent && used + w > room {
                out.push((std::mem::take(&mut row), used));
                row.push(Span::plain(" ".repeat(indent)));
                used = indent;
            }
            row.push(span);
            used += w;
        }
        out.push((row, used));
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// How many columns a text takes on a terminal: a Chinese character takes
/// two, a combining mark none. Colour codes must not be in `text`.
pub fn columns(text: &str) -> usize {
    text.width()
}

/// [`printable`], cut so that it takes at most `room` columns: a longer
/// text keeps its start and ends in `more(K)`, where K is the number of
/// bytes left out (`… (K more bytes)` in English). A server shows what a
/// peer sent this way, so one large message cannot flood the screen; the
/// work done is bounded by `room`, not by the message.
pub fn printable_within(bytes: &[u8], room: usize, more: impl Fn(usize) -> String) -> String {
    // The suffix for every byte left out is at least as wide as any real one.
    let budget = room.saturating_sub(columns(&more(bytes.len())));
    let mut out = String::new();
    let (mut used, mut taken) = (0usize, 0usize);
    let (mut fits_all, mut within_budget) = (true, true);
    'chunks: for chunk in bytes.utf8_chunks() {
        let pieces = chunk
            .valid()
            .chars()
            .map(|c| {
                (
                    printable(c.encode_utf8(&mut [0u8; 4]).as_bytes()),
                    c.len_utf8(),
                )
            })
            .chain(chunk.invalid().iter().map(|b| (format!("\\x{b:02x}"), 1)));
        for (text, len) in pieces {
            let w = columns(&text);
            if used + w > room {
                fits_all = false;
                break 'chunks;
            }
            within_budget &= used + w <= budget;
            if within_budget {
                taken += len;
            }
            used += w;
            out.push_str(&text);
        }
    }
    if fits_all {
        return out;
    }
    let mut kept = printable(&bytes[..taken]);
    kept.push_str(&more(bytes.len() - taken));
    kept
}

/// Bytes as text a terminal can show: valid UTF-8 as text; a newline, tab
/// or carriage return as `\n`, `\t`, `\r`; every other control byte, and
/// every byte that is not part of valid UTF-8 (half a character at the end
/// of a cut read, say), as `\x05`. One notation for all escapes, the one
/// Python's `bytes` repr and Rust's byte strings use.
///
/// Characters that are valid but move or hide text are escaped too, as
/// `\u{202e}`: the format characters (Unicode category Cf: bidirectional
/// overrides and isolates, zero-width spaces and joiners, the byte-order
/// mark) and the line and paragraph separators (Zl, Zp). Otherwise a peer
/// could send `\u{202e}gpj.exe` and have the screen show "exe.jpg", or end a
/// line where none is. Every demo prints what a peer sent through this.
pub fn printable(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => {
                    let mut utf8 = [0u8; 4];
                    for b in c.encode_utf8(&mut utf8).bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c if moves_or_hides_text(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// The format characters (Cf) and the line and paragraph separators (Zl,
/// Zp), as of Unicode 15: invisible, yet able to reorder, hide or break the
/// text around them on a terminal.
fn moves_or_hides_text(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_what_would_reorder_or_hide_text() {
        // A right-to-left override would show this name as "exe.jpg".
        assert_eq!(printable("\u{202e}gpj.exe".as_bytes()), "\\u{202e}gpj.exe");
        // An isolate, a line separator, a zero-width space, a BOM.
        assert_eq!(
            printable("a\u{2066}b\u{2028}c\u{200b}d\u{feff}".as_bytes()),
            "a\\u{2066}b\\u{2028}c\\u{200b}d\\u{feff}"
        );
        // Ordinary text, Chinese included, is left alone.
        assert_eq!(printable("粘包 ok".as_bytes()), "粘包 ok");
    }

    fn msgs(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn texts(lines: Vec<Line>) -> Vec<String> {
        lines.iter().map(|l| plain(l)).collect()
    }

    #[test]
    fn one_read_holding_three_messages_is_drawn_beside_three_writes() {
        let m = msgs(&["hello", "from", "me"]);
        let view = BoundaryView::new(&m);
        assert_eq!(
            texts(view.side_by_side(&[11], 8)),
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
    fn stacked_puts_the_reads_under_the_writes() {
        let m = msgs(&["hello", "from", "me"]);
        let view = BoundaryView::new(&m);
        assert_eq!(
            texts(view.stacked(&[11], 8)),
            vec![
                "  client: 3 writes",
                "  #1        5 B  [hello]",
                "  #2        4 B  [from]",
                "  #3        2 B  [me]",
                "  server: 1 read",
                "  #1       11 B  [hello][from][me]",
            ]
        );
    }

    #[test]
    fn fitted_stacks_only_when_side_by_side_cannot_fit_the_limit() {
        let m = msgs(&["hello", "from", "me"]);
        let view = BoundaryView::new(&m);
        let wide = view.side_by_side(&[11], 8);
        let widest = wide.iter().map(|l| plain(l).chars().count()).max().unwrap();
        assert_eq!(view.fitted(&[11], 8, None), wide);
        assert_eq!(view.fitted(&[11], 8, Some(widest)), wide);
        // One column less: the read goes on over a second row.
        let wrapped = texts(view.fitted(&[11], 8, Some(widest - 1)));
        assert_eq!(
            wrapped[1],
            "  #1        5 B  [hello] | #1       11 B  [hello][from]"
        );
        assert_eq!(wrapped[2], "  #2        4 B  [from]  |                [me]");
        // No room beside the writes even for one piece: stacked.
        assert_eq!(view.fitted(&[11], 8, Some(35)), view.stacked(&[11], 8));
        let narrow = texts(view.fitted(&[11], 8, Some(35)));
        assert!(narrow.iter().all(|l| l.chars().count() <= 35), "{narrow:?}");
    }

    #[test]
    fn a_read_too_wide_for_the_limit_goes_on_under_its_first_piece() {
        let m = msgs(&["hello", "from", "the", "client"]);
        let view = BoundaryView::new(&m);
        // Side by side the one read takes 69 columns: 56 make it go on.
        let lines = texts(view.fitted(&[18], 8, Some(56)));
        assert_eq!(
            lines,
            vec![
                "  client: 4 writes        | server: 1 read",
                "  #1        5 B  [hello]  | #1       18 B  [hello][from]",
                "  #2        4 B  [from]   |                [the][client]",
                "  #3        3 B  [the]    |",
                "  #4        6 B  [client] |",
            ]
        );
        // Too narrow for even one piece beside the writes: stacked, and
        // the read still goes on over rows.
        let lines = texts(view.fitted(&[18], 8, Some(30)));
        assert_eq!(lines[5], "  server: 1 read");
        assert_eq!(lines[6], "  #1       18 B  [hello][from]");
        assert_eq!(lines[7], "                 [the][client]");
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        // No limit given: never wider than WIDEST, the same as a wide terminal.
        assert_eq!(
            view.fitted(&[18], 8, None),
            view.fitted(&[18], 8, Some(200))
        );
    }

    #[test]
    fn measured_widths_are_the_columns_each_line_takes() {
        // The widths are those of the text, which a program may colour.
        let m = msgs(&["hello", "from", "me", "again"]);
        let view = BoundaryView::new(&m);
        for (line, width) in view.side_by_side_measured(&[3, 9, 4], 2, Some(30)) {
            assert_eq!(plain(&line).chars().count(), width, "{line:?}");
        }
    }

    #[test]
    fn every_piece_names_its_message_for_the_colour() {
        let m = msgs(&["hello", "world"]);
        let lines = BoundaryView::new(&m).side_by_side(&[7, 3], 8);
        let pieces: Vec<(String, usize)> = lines[1]
            .iter()
            .filter_map(|s| Some((s.text.clone(), s.message?)))
            .collect();
        assert_eq!(
            pieces,
            vec![
                ("[hello]".into(), 0),
                ("[hello]".into(), 0),
                ("[wo~".into(), 1)
            ]
        );
    }

    #[test]
    fn cut_messages_get_open_markers() {
        let m = msgs(&["hello", "world"]);
        let view = BoundaryView::new(&m);
        let lines = texts(view.side_by_side(&[3, 4, 3], 8));
        assert!(lines[1].ends_with("[hel~"), "{lines:?}");
        assert!(lines[2].ends_with("~lo][wo~"), "{lines:?}");
        assert!(lines[3].ends_with("~rld]"), "{lines:?}");
        assert_eq!(view.whole_count(&[3, 4, 3]), 0);
    }

    #[test]
    fn long_messages_are_shown_as_byte_ranges_and_extra_reads_summed() {
        let m = vec![vec![b'x'; 100]];
        let view = BoundaryView::new(&m);
        let lines = texts(view.side_by_side(&[60, 30, 10], 2));
        assert!(lines[1].ends_with("[message 1: bytes 0..60~"), "{lines:?}");
        assert!(lines[2].ends_with("~message 1: bytes 60..90~"), "{lines:?}");
        assert!(lines[3].ends_with("| ... 1 more reads, 10 B"), "{lines:?}");
        assert!(lines[1].contains("[message 1]"), "{lines:?}");
    }

    #[test]
    fn printable_keeps_utf8_text_and_escapes_the_rest() {
        assert_eq!(printable("你好\n".as_bytes()), "你好\\n");
        assert_eq!(printable(br#"{"a":"b\c"}"#), r#"{"a":"b\c"}"#);
        // Half of a UTF-8 character, as a cut read can leave it.
        assert_eq!(printable(&"你".as_bytes()[..2]), "\\xe4\\xbd");
        // The text before a cut character stays text.
        assert_eq!(printable(&"ab你".as_bytes()[..4]), "ab\\xe4\\xbd");
    }

    #[test]
    fn printable_uses_one_notation_for_control_bytes() {
        assert_eq!(printable(b"\x05\x00\x7f"), "\\x05\\x00\\x7f");
        assert_eq!(printable(b"a\tb\r\n"), "a\\tb\\r\\n");
        // A C1 control character, valid UTF-8: its two bytes, escaped.
        assert_eq!(printable("\u{85}".as_bytes()), "\\xc2\\x85");
        // A length prefix followed by text, as demo 05 sends it.
        assert_eq!(
            printable(b"\x00\x00\x00\x05hello"),
            "\\x00\\x00\\x00\\x05hello"
        );
    }

    fn english_more(k: usize) -> String {
        format!("… ({k} more bytes)")
    }

    #[test]
    fn a_long_value_is_cut_to_the_room_with_the_count_of_bytes_left_out() {
        let big = vec![b'x'; 64 * 1024];
        let shown = printable_within(&big, 60, english_more);
        assert!(columns(&shown) <= 60, "{shown}");
        let kept = shown.chars().take_while(|&c| c == 'x').count();
        assert_eq!(
            shown,
            format!("{}… ({} more bytes)", "x".repeat(kept), 65536 - kept)
        );
        assert!(kept > 30, "{shown}");
        // What fits is shown as printable shows it, untouched.
        assert_eq!(printable_within(b"hi\n", 60, english_more), "hi\\n");
    }

    #[test]
    fn cutting_counts_columns_not_bytes_and_never_splits_an_escape() {
        let text = "你好".repeat(50);
        let shown = printable_within(text.as_bytes(), 21, english_more);
        assert!(columns(&shown) <= 21, "{shown}");
        assert!(shown.starts_with("你"), "{shown}");
        let control = vec![0u8; 100];
        let shown = printable_within(&control, 30, english_more);
        assert!(columns(&shown) <= 30, "{shown}");
        let kept = shown.matches("\\x00").count();
        assert!(shown.starts_with(&"\\x00".repeat(kept)), "{shown}");
        assert!(
            shown.ends_with(&format!("({} more bytes)", 100 - kept)),
            "{shown}"
        );
        // A room too small even for the suffix still ends, with the suffix.
        assert!(printable_within(&control, 3, english_more).ends_with("more bytes)"));
    }

    #[test]
    fn segments_skip_empty_messages() {
        let m = msgs(&["a", "", "b"]);
        let segs = BoundaryView::new(&m).segments(&[2]);
        assert_eq!(segs[0].len(), 2);
        assert_eq!(segs[0][1].message, 2);
    }
}
