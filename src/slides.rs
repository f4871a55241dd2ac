//! Slides from the demos: the boundary view as an SVG picture.
//!
//! The same data as the terminal's boundary view, the lengths of what was
//! written and of what each read returned, drawn on one byte axis so that a
//! message boundary above lines up with the same byte below:
//!
//! ```text
//!  writes  [#1 hello][#2 from][#3 the][#4 client]       one shape per message
//!            :         :        :       :               dotted: where a message ends
//!  reads   [#1 hello|#2 fr/\/\om|#3 the #4 cli/\/\ent]  thick frame: one read
//!                  glued: 2     ^ cut                   labels under the reads
//! ```
//!
//! Each message has a colour *and* a hatching pattern and a number, so the
//! picture survives a black-and-white printer; a zigzag marks where a read
//! ends inside a message (拆包), and a read that holds pieces of several
//! messages is labelled "glued" (粘包). The writer only formats: it takes
//! lengths and labels, and returns the text of an SVG document.

use std::fmt::Write as _;

use crate::boundary::printable;

/// One picture: a title, what was written, what the reads returned.
#[derive(Debug, Clone)]
pub struct Panel {
    /// The line above the picture.
    pub title: String,
    /// Each message as it was written: its bytes, for its length and label.
    pub messages: Vec<Vec<u8>>,
    /// The length of each read, in order.
    pub reads: Vec<usize>,
}

/// The words drawn in a picture, so a program that narrates in another
/// language can pass its own.
#[derive(Debug, Clone, Copy)]
pub struct SlideWords {
    /// The label of the upper row.
    pub writes: &'static str,
    /// The label of the lower row.
    pub reads: &'static str,
    /// Under a read that holds more than one message.
    pub glued: &'static str,
    /// Beside the zigzag of a read that ends inside a message.
    pub cut: &'static str,
    /// The key under the last picture.
    pub legend: &'static str,
}

impl SlideWords {
    /// The English words.
    pub const ENGLISH: SlideWords = SlideWords {
        writes: "writes",
        reads: "reads",
        glued: "glued",
        cut: "cut",
        legend: "one colour, pattern and number per message; thick frame: one read; \
                 zigzag: a message cut between reads; \"glued\": one read held several messages",
    };
}

/// Colour-blind-safe fills (Okabe and Ito), one per message in turn.
const FILLS: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#BBBBBB",
];

/// Hatching drawn over the fill, one per message in turn: what tells the
/// messages apart in black and white.
const PATTERNS: [&str; 8] = [
    "M0,8 L8,0",           // rising diagonal
    "M0,0 L8,8",           // falling diagonal
    "M0,4 L8,4",           // horizontal
    "M4,0 L4,8",           // vertical
    "M0,8 L8,0 M0,0 L8,8", // cross-hatch
    "M0,4 L8,4 M4,0 L4,8", // grid
    "M2,2 h1 M6,6 h1",     // dots
    "M0,2 L8,2 M0,6 L8,6", // dense horizontal
];

const WIDTH: f64 = 1000.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 20.0;
const ROW: f64 = 44.0;
const PANEL: f64 = 190.0;
/// Roughly the width of one character of the 13px labels.
const CHAR: f64 = 7.5;

/// The SVG document of `panels`, one below the other, with the key at the bottom.
pub fn svg(panels: &[Panel], words: &SlideWords) -> String {
    let height = PANEL * panels.len() as f64 + 50.0;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="13">"#
    );
    out.push_str("<defs>\n");
    for (i, path) in PATTERNS.iter().enumerate() {
        let _ = writeln!(
            out,
            r##"<pattern id="hatch{i}" patternUnits="userSpaceOnUse" width="8" height="8"><path d="{path}" stroke="#000" stroke-opacity="0.45" stroke-width="1.3" fill="none"/></pattern>"##
        );
    }
    out.push_str("</defs>\n");
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>"##
    );
    for (n, panel) in panels.iter().enumerate() {
        draw_panel(&mut out, panel, words, PANEL * n as f64);
    }
    let _ = writeln!(
        out,
        r#"<text x="10" y="{}" font-size="12">{}</text>"#,
        height - 20.0,
        escape(words.legend)
    );
    out.push_str("</svg>\n");
    out
}

fn draw_panel(out: &mut String, panel: &Panel, words: &SlideWords, top: f64) {
    let total: usize = panel.messages.iter().map(Vec::len).sum();
    let scale = (WIDTH - LEFT - RIGHT) / total.max(1) as f64;
    let x_of = |byte: usize| LEFT + byte as f64 * scale;
    let (writes_y, reads_y) = (top + 40.0, top + 120.0);
    let _ = writeln!(
        out,
        r#"<g class="panel"><text x="10" y="{}" font-size="15" font-weight="bold">{}</text>"#,
        top + 24.0,
        escape(&panel.title)
    );
    for (y, label) in [(writes_y, words.writes), (reads_y, words.reads)] {
        let _ = writeln!(
            out,
            r#"<text x="10" y="{}" font-weight="bold">{}</text>"#,
            y + ROW / 2.0 + 5.0,
            escape(label)
        );
    }

    // The writes: one shape per message, and a dotted line down from its end.
    let mut at = 0;
    for (i, message) in panel.messages.iter().enumerate() {
        let (x, w) = (x_of(at), message.len() as f64 * scale);
        piece(out, "message", i, x, writes_y, w);
        let label = if message.len() <= 24 {
            format!("#{} {}", i + 1, printable(message))
        } else {
            format!("#{} {} B", i + 1, message.len())
        };
        label_in(out, &label, x, writes_y, w);
        at += message.len();
        let _ = writeln!(
            out,
            r##"<line x1="{end:.2}" y1="{}" x2="{end:.2}" y2="{reads_y}" stroke="#555" stroke-dasharray="2,3"/>"##,
            writes_y + ROW,
            end = x_of(at)
        );
    }

    // The reads: the pieces of messages each one returned, in a thick frame.
    let mut pos = 0;
    let ends: Vec<usize> = panel
        .messages
        .iter()
        .scan(0, |s, m| {
            *s += m.len();
            Some(*s)
        })
        .collect();
    for &len in &panel.reads {
        let len = len.min(total - pos);
        if len == 0 {
            continue;
        }
        let (start, end) = (pos, pos + len);
        // The messages this read holds a piece of.
        let first = ends.partition_point(|&e| e <= start);
        let mut held = 0;
        let mut from = start;
        for (i, &msg_end) in ends.iter().enumerate().skip(first) {
            if from >= end {
                break;
            }
            let to = msg_end.min(end);
            if to > from {
                let (x, w) = (x_of(from), (to - from) as f64 * scale);
                piece(out, "piece", i, x, reads_y, w);
                label_in(out, &format!("#{}", i + 1), x, reads_y, w);
                held += 1;
            }
            from = to;
        }
        let (x, w) = (x_of(start), len as f64 * scale);
        // Reads a few pixels wide (a large message in MSS-sized pieces)
        // get a thin frame and no zigzag, or they would merge into black.
        let narrow = w < 12.0;
        let stroke = if narrow { 0.8 } else { 2.5 };
        let _ = writeln!(
            out,
            r##"<rect class="read" x="{x:.2}" y="{reads_y}" width="{w:.2}" height="{ROW}" fill="none" stroke="#000" stroke-width="{stroke}"/>"##
        );
        // A read that ends inside a message: the zigzag of a cut.
        if !ends.contains(&end) && !narrow {
            // The word only where there is room for it between two cuts.
            let word = if w >= 30.0 { words.cut } else { "" };
            zigzag(out, x_of(end), reads_y, word);
        }
        if held > 1 && w >= words.glued.chars().count() as f64 * CHAR {
            let _ = writeln!(
                out,
                r#"<text class="glued" x="{:.2}" y="{}" text-anchor="middle" font-style="italic">{}</text>"#,
                x + w / 2.0,
                reads_y + ROW + 16.0,
                escape(words.glued)
            );
        }
        pos = end;
    }
    out.push_str("</g>\n");
}

/// One message's shape (or a piece of it): its fill, then its hatching.
fn piece(out: &mut String, class: &str, message: usize, x: f64, y: f64, w: f64) {
    let fill = FILLS[message % FILLS.len()];
    let hatch = message % PATTERNS.len();
    let _ = writeln!(
        out,
        r##"<g class="{class}" data-message="{}"><rect x="{x:.2}" y="{y}" width="{w:.2}" height="{ROW}" fill="{fill}" stroke="#000" stroke-width="0.8"/><rect x="{x:.2}" y="{y}" width="{w:.2}" height="{ROW}" fill="url(#hatch{hatch})"/></g>"##,
        message + 1
    );
}

/// A label centred in a box, if it fits; shortened to the number if not.
fn label_in(out: &mut String, label: &str, x: f64, y: f64, w: f64) {
    let fits = |t: &str| t.chars().count() as f64 * CHAR + 6.0 <= w;
    let text = if fits(label) {
        label
    } else {
        match label.split_once(' ') {
            Some((number, _)) if fits(number) => number,
            _ => return,
        }
    };
    let _ = writeln!(
        out,
        r##"<text x="{:.2}" y="{}" text-anchor="middle" font-weight="bold" stroke="#FFF" stroke-width="3" paint-order="stroke">{}</text>"##,
        x + w / 2.0,
        y + ROW / 2.0 + 5.0,
        escape(text)
    );
}

/// The mark of a cut at `x`: a zigzag through the row, and a word above it.
fn zigzag(out: &mut String, x: f64, y: f64, word: &str) {
    let mut points = String::new();
    for k in 0..=8 {
        let dx = if k % 2 == 0 { -4.0 } else { 4.0 };
        let _ = write!(
            points,
            "{:.2},{:.2} ",
            x + dx,
            y - 6.0 + k as f64 * (ROW + 12.0) / 8.0
        );
    }
    let _ = writeln!(
        out,
        r##"<polyline class="cut" points="{}" fill="none" stroke="#000" stroke-width="2"/>"##,
        points.trim_end()
    );
    if !word.is_empty() {
        let _ = writeln!(
            out,
            r#"<text x="{x:.2}" y="{}" text-anchor="middle" font-size="11">{}</text>"#,
            y - 10.0,
            escape(word)
        );
    }
}

/// Text made safe for XML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(messages: &[&str], reads: &[usize]) -> Panel {
        Panel {
            title: "a <test>".into(),
            messages: messages.iter().map(|m| m.as_bytes().to_vec()).collect(),
            reads: reads.to_vec(),
        }
    }

    /// The elements of `doc` whose class is `class`.
    fn count(doc: &roxmltree::Document<'_>, class: &str) -> usize {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .count()
    }

    #[test]
    fn a_picture_is_valid_svg_with_one_shape_per_message_and_its_marks() {
        // [hello][from][the] read as "hellofr" + "omthe": one glue, one cut.
        let text = svg(
            &[panel(&["hello", "from", "the"], &[7, 5])],
            &SlideWords::ENGLISH,
        );
        let doc = roxmltree::Document::parse(&text).expect("valid XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_eq!(count(&doc, "message"), 3);
        assert_eq!(count(&doc, "read"), 2);
        assert_eq!(count(&doc, "piece"), 4);
        assert_eq!(count(&doc, "cut"), 1);
        assert_eq!(count(&doc, "glued"), 2);
        assert!(text.contains("a &lt;test&gt;"));
        // Black and white: each message has its own hatching and number.
        let hatches: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("fill"))
            .filter(|f| f.starts_with("url(#hatch"))
            .collect();
        assert!(hatches.contains(&"url(#hatch0)") && hatches.contains(&"url(#hatch2)"));
        assert!(text.contains(">#2 from<"));
    }

    #[test]
    fn whole_reads_have_no_marks() {
        let text = svg(&[panel(&["ab", "cd"], &[2, 2])], &SlideWords::ENGLISH);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!((count(&doc, "cut"), count(&doc, "glued")), (0, 0));
        assert_eq!(count(&doc, "panel"), 1);
    }

    #[test]
    fn reads_too_narrow_for_a_zigzag_get_a_thin_frame() {
        let text = svg(&[panel(&["x"; 1], &[])], &SlideWords::ENGLISH);
        assert!(roxmltree::Document::parse(&text).is_ok());
        let big = "y".repeat(200);
        let text = svg(&[panel(&[big.as_str()], &[1; 200])], &SlideWords::ENGLISH);
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(count(&doc, "read"), 200);
        assert_eq!(count(&doc, "cut"), 0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
