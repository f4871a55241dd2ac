//! A plot of MB/s against chunk size, as a standalone SVG file for slides.
//!
//! The x axis is logarithmic (each chunk size is 2 to 4 times the last), the
//! y axis linear from 0, so the heights compare as rates do. Each series is
//! a line through its medians, a dot per chunk size, and a bar from the
//! slowest to the fastest round. Written by hand: a few dozen SVG elements
//! need no library.

use std::fmt::Write as _;

use super::{size_label, Spread};

/// One line of the plot: a name for the legend, a colour, and a rate per chunk size.
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    /// Any SVG colour, e.g. `#1f77b4`.
    pub color: String,
    /// Drawn dashed, for a reference rather than a measurement of the subject.
    pub dashed: bool,
    /// (chunk size in bytes, MB/s over the rounds), in increasing chunk size.
    pub points: Vec<(usize, Spread)>,
}

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;

/// The SVG document: `title` on top, one line per series, a legend.
pub fn svg(title: &str, series: &[Series]) -> String {
    let chunks: Vec<usize> = {
        let mut c: Vec<usize> = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let (lo, hi) = match (chunks.first(), chunks.last()) {
        (Some(&lo), Some(&hi)) => (lo.max(1) as f64, hi.max(1) as f64),
        _ => (1.0, 2.0),
    };
    let top_rate = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1.max))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let (y_max, y_step) = nice_axis(top_rate);

    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |chunk: usize| {
        let span = (hi / lo).log2();
        let at = if span > 0.0 {
            (chunk.max(1) as f64 / lo).log2() / span
        } else {
            0.5
        };
        LEFT + at * plot_w
    };
    let y = |rate: f64| TOP + plot_h - (rate.clamp(0.0, y_max) / y_max) * plot_h;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        out,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="28" text-anchor="middle" font-size="16">{}</text>"#,
        WIDTH / 2.0,
        escape(title)
    );

    // Grid and y labels.
    let mut tick = 0.0;
    while tick <= y_max + y_step / 2.0 {
        let ty = y(tick);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{ty:.1}" x2="{}" y2="{ty:.1}" stroke="#ddd"/>"##,
            WIDTH - RIGHT
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{tick:.0}</text>"#,
            LEFT - 8.0,
            ty + 4.0
        );
        tick += y_step;
    }
    // x labels, one per chunk size.
    for &c in &chunks {
        let tx = x(c);
        let _ = writeln!(
            out,
            r##"<line x1="{tx:.1}" y1="{TOP}" x2="{tx:.1}" y2="{}" stroke="#eee"/>"##,
            TOP + plot_h
        );
        let _ = writeln!(
            out,
            r#"<text x="{tx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            TOP + plot_h + 18.0,
            escape(&size_label(c))
        );
    }
    let _ = writeln!(
        out,
        r#"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="black"/>"#
    );
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle">chunk size (bytes per read and write, log scale)</text>"#,
        LEFT + plot_w / 2.0,
        HEIGHT - 15.0
    );
    let _ = writeln!(
        out,
        r#"<text transform="translate(18 {}) rotate(-90)" text-anchor="middle">MB/s (median; bar: slowest to fastest round)</text>"#,
        TOP + plot_h / 2.0
    );

    for (i, s) in series.iter().enumerate() {
        let color = escape(&s.color);
        let dash = if s.dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let line: Vec<String> = s
            .points
            .iter()
            .map(|(c, r)| format!("{:.1},{:.1}", x(*c), y(r.median)))
            .collect();
        let _ = writeln!(out, r#"<g class="series" data-name="{}">"#, escape(&s.name));
        let _ = writeln!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"{dash}/>"#,
            line.join(" ")
        );
        // Each series' range bars sit a little apart, so they do not hide each other.
        let nudge = (i as f64 - (series.len() as f64 - 1.0) / 2.0) * 5.0;
        for (c, r) in &s.points {
            let px = x(*c);
            let _ = writeln!(
                out,
                r#"<line x1="{bx:.1}" y1="{:.1}" x2="{bx:.1}" y2="{:.1}" stroke="{color}" stroke-width="1.5"/>"#,
                y(r.min),
                y(r.max),
                bx = px + nudge
            );
            let _ = writeln!(
                out,
                r#"<circle class="point" cx="{px:.1}" cy="{:.1}" r="4" fill="{color}" data-chunk="{c}" data-mb-per-s="{:.1}"/>"#,
                y(r.median),
                r.median
            );
        }
        let _ = writeln!(out, "</g>");
        // Legend, top left inside the plot.
        let ly = TOP + 20.0 + 20.0 * i as f64;
        let _ = writeln!(
            out,
            r#"<line x1="{}" y1="{ly}" x2="{}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/>"#,
            LEFT + 15.0,
            LEFT + 45.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}">{}</text>"#,
            LEFT + 52.0,
            ly + 4.0,
            escape(&s.name)
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The top of the y axis and the distance between its ticks: 1, 2 or 5
/// times a power of ten, about five ticks, never below the highest value.
fn nice_axis(max: f64) -> (f64, f64) {
    if max.is_nan() || max <= 0.0 {
        return (1.0, 0.2);
    }
    let rough = max / 5.0;
    let power = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * power);
    ((max / step).ceil() * step, step)
}

/// Text for SVG: the five characters XML reserves, escaped.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(m: f64) -> Spread {
        Spread {
            median: m,
            min: m * 0.9,
            max: m * 1.1,
        }
    }

    #[test]
    fn the_svg_parses_and_has_one_point_per_row_and_series() {
        let rows = [512, 8192, 1 << 20];
        let series = [
            Series {
                name: "raw <same chunk>".into(),
                color: "#1f77b4".into(),
                dashed: false,
                points: rows.iter().map(|&c| (c, spread(c as f64))).collect(),
            },
            Series {
                name: "protocol & co".into(),
                color: "#d62728".into(),
                dashed: true,
                points: rows.iter().map(|&c| (c, spread(c as f64 / 2.0))).collect(),
            },
        ];
        let text = svg("MB/s \"by\" chunk", &series);
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let groups: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("series"))
            .collect();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].attribute("data-name"), Some("raw <same chunk>"));
        for g in groups {
            let chunks: Vec<&str> = g
                .descendants()
                .filter(|n| n.attribute("class") == Some("point"))
                .filter_map(|n| n.attribute("data-chunk"))
                .collect();
            assert_eq!(chunks, ["512", "8192", "1048576"]);
        }
        // Larger rates sit higher: a smaller y.
        let ys: Vec<f64> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("point"))
            .take(3)
            .map(|n| n.attribute("cy").unwrap().parse().unwrap())
            .collect();
        assert!(ys[0] > ys[1] && ys[1] > ys[2], "{ys:?}");
    }

    #[test]
    fn the_axis_covers_the_top_value_with_round_steps() {
        assert_eq!(nice_axis(4321.0), (5000.0, 1000.0));
        assert_eq!(nice_axis(380.0), (400.0, 100.0));
        assert_eq!(nice_axis(0.0), (1.0, 0.2));
        assert_eq!(nice_axis(2698.0), (3000.0, 1000.0));
    }
}
