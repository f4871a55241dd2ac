//! On an 80-column projector nothing wraps: with `COLUMNS=80`, every line
//! every demo prints, in either language, fits in 80 columns, because the
//! program breaks its own narration at spaces (or between Chinese
//! characters) and lays out the boundary view to fit.

mod common;

use unicode_width::UnicodeWidthStr;

fn widest_line(args: &[&str]) -> (usize, String) {
    let out = common::sticky()
        .args(args)
        .args(["--color", "never"])
        .env("COLUMNS", "80")
        .output()
        .expect("the sticky binary runs");
    assert!(
        out.status.success(),
        "sticky {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .map(|l| (l.width(), l.to_string()))
        .max_by_key(|(w, _)| *w)
        .unwrap_or_default()
}

#[test]
fn every_demo_fits_an_80_column_terminal_in_both_languages() {
    let runs: [&[&str]; 9] = [
        &["run", "1"],
        &["run", "2"],
        &["run", "3", "--seed", "7"],
        &["run", "3", "--profile", "lossy"],
        &["run", "4", "--seed", "7"],
        &["run", "5", "--seed", "7"],
        &["run", "6"],
        &["run", "7"],
        &["run", "8", "--requests", "3"],
    ];
    for run in runs {
        for lang in ["en", "zh"] {
            let mut args = run.to_vec();
            args.extend(["--lang", lang]);
            let (width, line) = widest_line(&args);
            assert!(width <= 80, "sticky {args:?}: {width} columns: {line}");
        }
    }
}
