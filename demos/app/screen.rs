//! Output a class cannot flood: what a server prints per connection.
//!
//! A server shows the first [`DETAIL`] reads (or frames, or lines) of each
//! connection in detail, then only counts, and sums up when the client
//! leaves. A value too long for the line is cut with "… (K more bytes)".
//! So a student who sends a megabyte costs the projector a few lines.

use crate::app::lang::{lang, Lang};
use crate::app::width;

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
    let room = line_limit().saturating_sub(sticky::boundary::columns(around));
    sticky::boundary::printable_within(bytes, room, more_bytes)
}

fn more_bytes(k: usize) -> String {
    match lang() {
        Lang::En => format!("… ({k} more bytes)"),
        Lang::Zh => format!("…（还有 {k} 字节）"),
    }
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
