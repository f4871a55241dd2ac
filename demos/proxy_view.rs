//! # sticky proxy — a network that cuts and glues, between any two programs
//!
//! On loopback a reader that takes one `recv` for one message seems to work:
//! small writes arrive whole. The proxy relays a client to a server and
//! regroups the bytes on the way, as a real network can, so the same reader
//! can be watched failing. It changes how the bytes are grouped, never the bytes.
//!
//! ```text
//! three terminals:  sticky serve 3 --delay-ms 0
//!                   sticky proxy --cut 1..3 --delay-ms 10..20
//!                   sticky connect 3 --to 127.0.0.1:7879
//! glue instead:     sticky proxy --coalesce-ms 200
//! any two programs: sticky proxy --listen 127.0.0.1:9001 --to 127.0.0.1:9000 --cut 1..3
//!                   (the server on 9000, its client pointed at 9001)
//! replay a run:     sticky proxy --cut 1..3 --seed 123456   (the seed the proxy printed)
//! a real path:      sticky proxy --profile wan              (--profile list: lan, wifi, wan, lossy)
//! a slide:          sticky proxy --clients 1 --svg proxy.svg (reads in above, writes out below)
//! ```
//!
//! What it prints, per connection and direction: each read that came in,
//! coloured, and each write that went out, in the colours of the reads its
//! bytes came from, with the markers of the boundary view:
//!
//! ```text
//! #1 client→server   in        5 B  [hello]
//! #1 client→server  out        2 B  [he~
//! #1 client→server  out        3 B  ~llo]
//! ```
//!
//! The engine is `src/proxy.rs`; this file turns its events into lines.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasher;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use crate::app::cli::{ProfileChoice, ProxyArgs};
use crate::app::color::color_of;
use crate::app::i18n::Catalogue;
use crate::app::lang::{lang, Lang};
use crate::app::screen::say;
use crate::tr;
use colored::Colorize;
use std::sync::atomic::{AtomicU64, Ordering};
use sticky::boundary::{printable, Segment};
use sticky::net::{bind_tcp, resolve, Limits};
use sticky::netsim::PROFILES;
use sticky::proxy::{serve, Direction, Ending, Event, Settings};
use sticky::server::Refusal;
use sticky::slides::{svg, Panel, SlideWords};
use sticky::{Error, Result};

/// What the proxy says, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/proxy.ftl"),
        include_str!("../i18n/zh/proxy.ftl"),
    )
});

/// Lines per direction shown in detail, before summaries take over.
const DETAIL_LINES: usize = 20;
/// Time between two summary lines of a direction.
const SUMMARY_EVERY: Duration = Duration::from_secs(1);
/// The widest line the detail view prints, in columns, on a terminal at
/// least this wide.
const LINE_WIDTH: usize = 100;
/// Columns kept free for "… (K more bytes)".
const ELLIPSIS_WIDTH: usize = 24;

/// `sticky proxy`: binds, says how it will shape the stream, and relays.
pub fn run(args: &ProxyArgs) -> Result<()> {
    let profile = match args.profile {
        Some(ProfileChoice::List) => {
            for p in PROFILES {
                // Under the name, not under the line's start, on a narrow terminal.
                let columns = crate::app::width::columns();
                let about = format!("{:<6} {}", p.name, about(&p));
                println!("{}", crate::app::screen::wrapped_under(&about, columns, 7));
                let figures = format!("       {}", figures(&p));
                println!(
                    "{}",
                    crate::app::screen::wrapped_under(&figures, columns, 7)
                );
            }
            return Ok(());
        }
        Some(ProfileChoice::Path(p)) => Some(p),
        None => None,
    };
    let listen = resolve(&args.listen)?;
    let to = resolve(&args.to)?;
    let (seed, picked) = match args.seed {
        Some(seed) => (seed, false),
        None => (random_seed(), true),
    };
    let settings = Settings {
        cut: args.cut,
        delay_ms: args.delay_ms,
        coalesce: args.coalesce_ms.map(Duration::from_millis),
        profile,
        seed,
        idle_timeout: Duration::from_secs(args.idle_timeout),
    };
    let listener = bind_tcp(listen)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "listening", local = local, to = to));
    for line in describe(&settings) {
        say(tr!(WORDS, "setting", line = line));
    }
    if picked {
        say(tr!(WORDS, "seed-picked", seed = seed));
    } else {
        say(tr!(WORDS, "seed", seed = seed));
    }
    let view = View::default();
    // One proxy serves one student, who may open many connections: the
    // cap counts them all, with no smaller share per address.
    let limits = Limits {
        stop_after: args.clients,
        max_clients: args.max_clients,
        max_per_address: args.max_clients,
        idle_timeout: settings.idle_timeout,
    };
    if args.svg.is_some() {
        *view.slides.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
    }
    let relayed = serve(&listener, to, &settings, limits, &|e| view.show(e))?;
    if let Some(path) = &args.svg {
        let slides = view
            .slides
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let panels: Vec<Panel> = slides
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.1)
            .collect();
        std::fs::write(path, svg(&panels, &SLIDE_WORDS)).map_err(Error::file(path))?;
        say(tr!(WORDS, "drew", n = panels.len(), path = path.display()));
    }
    say(tr!(WORDS, "done", n = relayed));
    Ok(())
}

/// Refusals printed one by one before the proxy only counts them.
const REFUSALS_SHOWN: u64 = 5;

/// Why a client was closed at once.
fn refused(client: std::net::SocketAddr, why: Refusal) -> String {
    match why {
        Refusal::Full { max } | Refusal::AddressFull { max } => {
            tr!(WORDS, "refused", client = client, max = max)
        }
    }
}

/// A seed small enough to read off a projector and type again.
fn random_seed() -> u64 {
    // RandomState is keyed from the operating system's randomness.
    RandomState::new().hash_one(SystemTime::now()) % 1_000_000
}

/// What the proxy will do to every stream, a line per option.
fn describe(s: &Settings) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(p) = s.profile {
        parts.push(tr!(
            WORDS,
            "sends-as",
            name = p.name,
            about = about(&p),
            figures = figures(&p)
        ));
        parts.push(tr!(WORDS, "segments"));
        if p.loss_per_mille > 0 {
            parts.push(tr!(WORDS, "loss"));
        }
    }
    if let Some(hold) = s.coalesce {
        parts.push(tr!(WORDS, "holds", ms = hold.as_millis()));
    }
    match s.cut {
        Some(cut) => parts.push(tr!(WORDS, "cuts", cut = cut)),
        None if s.coalesce.is_none() && s.profile.is_none() => parts.push(tr!(WORDS, "passes")),
        None => {}
    }
    if let Some(delay) = s.delay_ms {
        parts.push(tr!(WORDS, "waits", delay = delay));
    }
    parts.push(tr!(WORDS, "closes-idle", secs = s.idle_timeout.as_secs()));
    parts
}

/// The printing side of the proxy: one track per connection and direction.
#[derive(Default)]
struct View {
    tracks: Mutex<HashMap<(u64, Direction), Track>>,
    /// Connections closed at once because the proxy was full.
    refused: AtomicU64,
    /// With --svg: a picture per connection and direction, reads in above,
    /// writes out below, of the first [`SLIDE_READS`] reads.
    slides: Mutex<Option<Vec<Picture>>>,
}

/// The picture of one connection's direction.
type Picture = ((u64, Direction), Panel);

/// Reads drawn per direction in --svg, and directions drawn at most.
const SLIDE_READS: usize = 40;
const SLIDE_TRACKS: usize = 8;

/// The words of the proxy's pictures: what came in, and what went out, in
/// the language of the run (decided before the first picture is drawn).
static SLIDE_WORDS: LazyLock<SlideWords> = LazyLock::new(|| {
    // A picture's words are `&'static str`: made once per run.
    let said = |id: &str| -> &'static str { Box::leak(WORDS.text(id, &[]).into_boxed_str()) };
    SlideWords {
        writes: said("slide-in"),
        reads: said("slide-out"),
        glued: said("slide-glued"),
        cut: said("slide-cut"),
        legend: said("slide-legend"),
    }
});

/// One direction of one connection, as printed so far.
#[derive(Default)]
struct Track {
    /// Detail lines printed; past [`DETAIL_LINES`], only summaries.
    lines: usize,
    /// Reads not yet wholly written out, with their bytes, while in detail.
    pending: VecDeque<Piece>,
    /// Bytes of the first pending read already written out.
    offset: usize,
    reads_in: u64,
    writes_out: u64,
    bytes_out: u64,
    next_summary: Option<Instant>,
}

/// One read that came in: its number (for its colour) and its bytes.
struct Piece {
    index: usize,
    bytes: Vec<u8>,
}

impl View {
    /// Adds a read in, or a write out, to the picture of its direction.
    fn draw(&self, conn: u64, dir: Direction, read_in: Option<&[u8]>, out_len: usize) {
        let mut slides = self.slides.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(slides) = slides.as_mut() else {
            return;
        };
        let at = match slides.iter().position(|(key, _)| *key == (conn, dir)) {
            Some(at) => at,
            None if slides.len() < SLIDE_TRACKS => {
                let title = tr!(WORDS, "slide-title", conn = conn, dir = direction(dir));
                slides.push((
                    (conn, dir),
                    Panel {
                        title,
                        messages: Vec::new(),
                        reads: Vec::new(),
                    },
                ));
                slides.len() - 1
            }
            None => return,
        };
        let panel = &mut slides[at].1;
        match read_in {
            Some(bytes) if panel.messages.len() < SLIDE_READS => {
                panel.messages.push(bytes.to_vec())
            }
            Some(_) => {}
            // Writes past the last read drawn are left out with it.
            None => {
                let drawn: usize = panel.messages.iter().map(Vec::len).sum();
                if panel.reads.iter().sum::<usize>() < drawn {
                    panel.reads.push(out_len);
                }
            }
        }
    }

    fn show(&self, event: Event<'_>) {
        match event {
            Event::In { conn, dir, bytes } => self.draw(conn, dir, Some(bytes), 0),
            Event::Out { conn, dir, len } => self.draw(conn, dir, None, len),
            _ => {}
        }
        let mut tracks = self.tracks.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            Event::Connected {
                conn,
                client,
                server,
            } => say(tr!(
                WORDS,
                "connected",
                conn = conn,
                client = client,
                server = server
            )),
            Event::ConnectFailed {
                conn,
                client,
                error,
            } => eprintln!(
                "{}",
                tr!(
                    WORDS,
                    "connect-failed",
                    conn = conn,
                    client = client,
                    error = error_text(error)
                )
            ),
            Event::Refused { client, why } => {
                // The first refusals one by one, then one line per hundred,
                // so a client retrying in a loop cannot flood the screen.
                let n = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
                if n <= REFUSALS_SHOWN {
                    println!("{}", refused(client, why));
                } else if n.is_multiple_of(100) {
                    println!("{}", tr!(WORDS, "refused-so-far", n = n));
                }
            }
            Event::RoomAgain { conn } => {
                println!("{}", tr!(WORDS, "room-again", conn = conn))
            }
            Event::AcceptFailed { error, retry_in } => eprintln!(
                "{}",
                tr!(
                    WORDS,
                    "accept-failed",
                    error = error,
                    secs = retry_in.as_secs()
                )
            ),
            Event::In { conn, dir, bytes } => {
                let track = tracks.entry((conn, dir)).or_default();
                let index = track.reads_in as usize;
                track.reads_in += 1;
                if track.detail(conn, dir) {
                    let whole = Segment {
                        message: index,
                        start: 0,
                        end: bytes.len(),
                        len: bytes.len(),
                    };
                    let prefix = column(conn, dir, &tr!(WORDS, "in"), bytes.len());
                    println!("{prefix}{}", render(&prefix, &[(whole, bytes)]));
                    track.pending.push_back(Piece {
                        index,
                        bytes: bytes.to_vec(),
                    });
                } else {
                    track.summary(conn, dir);
                }
            }
            Event::Out { conn, dir, len } => {
                let track = tracks.entry((conn, dir)).or_default();
                track.writes_out += 1;
                track.bytes_out += len as u64;
                if track.detail(conn, dir) {
                    let prefix = column(conn, dir, &tr!(WORDS, "out"), len);
                    println!("{prefix}{}", render(&prefix, &track.take(len)));
                    track.advance(len);
                } else {
                    track.summary(conn, dir);
                }
            }
            Event::Ended {
                conn,
                dir,
                totals,
                ending,
            } => {
                tracks.remove(&(conn, dir));
                say(tr!(
                    WORDS,
                    "end",
                    conn = conn,
                    dir = direction(dir),
                    reads = reads_in(totals.reads_in),
                    writes = writes_out(totals.writes_out),
                    bytes = totals.bytes,
                    how = how(dir, ending)
                ));
            }
        }
    }
}

impl Track {
    /// Whether the next line is shown in detail. The first line past the
    /// detail says that summaries follow, and the detail state is dropped.
    fn detail(&mut self, conn: u64, dir: Direction) -> bool {
        if self.lines < DETAIL_LINES {
            self.lines += 1;
            return true;
        }
        if self.next_summary.is_none() {
            say(tr!(WORDS, "more", conn = conn, dir = direction(dir)));
            self.next_summary = Some(Instant::now() + SUMMARY_EVERY);
            self.pending.clear();
        }
        false
    }

    /// A summary line when a second has passed since the last.
    fn summary(&mut self, conn: u64, dir: Direction) {
        let now = Instant::now();
        if self.next_summary.is_some_and(|due| now >= due) {
            say(tr!(
                WORDS,
                "so-far",
                conn = conn,
                dir = direction(dir),
                reads = reads_in(self.reads_in),
                writes = writes_out(self.writes_out),
                bytes = self.bytes_out
            ));
            self.next_summary = Some(now + SUMMARY_EVERY);
        }
    }

    /// The parts of the pending reads that the next `len` bytes written
    /// hold, each with its bytes.
    fn take(&self, len: usize) -> Vec<(Segment, &[u8])> {
        let mut out = Vec::new();
        let (mut left, mut offset) = (len, self.offset);
        for piece in &self.pending {
            if left == 0 {
                break;
            }
            let take = (piece.bytes.len() - offset).min(left);
            let segment = Segment {
                message: piece.index,
                start: offset,
                end: offset + take,
                len: piece.bytes.len(),
            };
            out.push((segment, &piece.bytes[offset..offset + take]));
            left -= take;
            offset = 0;
        }
        out
    }

    /// Moves past `len` bytes written out, dropping the reads they finish.
    fn advance(&mut self, len: usize) {
        let mut left = len;
        while let Some(front) = self.pending.front() {
            if left == 0 {
                break;
            }
            let take = (front.bytes.len() - self.offset).min(left);
            left -= take;
            self.offset += take;
            if self.offset == front.bytes.len() {
                self.pending.pop_front();
                self.offset = 0;
            }
        }
    }
}

/// `1 read in`, `2 reads in`.
fn reads_in(n: u64) -> String {
    match n {
        1 => tr!(WORDS, "reads-in-one", n = n),
        _ => tr!(WORDS, "reads-in-many", n = n),
    }
}

/// `1 write out`, `2 writes out`.
fn writes_out(n: u64) -> String {
    match n {
        1 => tr!(WORDS, "writes-out-one", n = n),
        _ => tr!(WORDS, "writes-out-many", n = n),
    }
}

/// How a direction ended, in a few words.
fn how(dir: Direction, ending: &Ending) -> String {
    match ending {
        Ending::HalfClosed => tr!(WORDS, "half-closed", side = side(dir.source())),
        Ending::Idle(t) => tr!(WORDS, "idle", secs = t.as_secs()),
        Ending::Stalled(t) => tr!(
            WORDS,
            "stalled",
            side = side(dir.destination()),
            secs = t.as_secs()
        ),
        Ending::Failed(e) => tr!(WORDS, "failed", error = error_text(e)),
        Ending::ClosedWithOther => tr!(WORDS, "closed-with-other"),
    }
}

/// `client→server`, in the language of the run.
fn direction(dir: Direction) -> String {
    match dir {
        Direction::ClientToServer => tr!(WORDS, "client-to-server"),
        Direction::ServerToClient => tr!(WORDS, "server-to-client"),
    }
}

/// `client` or `server`, as [`Direction::source`] names them.
fn side(name: &str) -> String {
    match name {
        "client" => tr!(WORDS, "side-client"),
        _ => tr!(WORDS, "side-server"),
    }
}

/// The start of a detail line: `#1 client→server   in        5 B  `, the
/// word right-aligned in five columns, with two spaces before it at least,
/// whatever its language.
fn column(conn: u64, dir: Direction, word: &str, len: usize) -> String {
    let pad = 5usize.saturating_sub(width(word)).max(2);
    let dir = direction(dir);
    format!("#{conn} {dir}{}{word} {len:>8} B  ", " ".repeat(pad))
}

/// A library error as the rest of the run is said.
fn error_text(e: &Error) -> String {
    match lang() {
        Lang::En => e.to_string(),
        Lang::Zh => crate::app::errors_zh::zh(e),
    }
}

/// What kind of path a profile stands for.
fn about(p: &sticky::netsim::Profile) -> String {
    let id = format!("profile-{}", p.name);
    if WORDS.has(&id) {
        WORDS.text(&id, &[])
    } else {
        p.about.to_string()
    }
}

/// A profile's figures: the library's line in English; in Chinese, the
/// same numbers in Chinese words.
pub fn figures(p: &sticky::netsim::Profile) -> String {
    if lang() == Lang::En {
        return p.figures();
    }
    // `40 ms`, `0.1 ms`, as the library writes them.
    let ms = |d: Duration| {
        let us = d.as_micros();
        if us.is_multiple_of(1000) {
            format!("{} ms", us / 1000)
        } else {
            format!("{} ms", us as f64 / 1000.0)
        }
    };
    let rate = match p.bits_per_second {
        b if b >= 1_000_000_000 && b.is_multiple_of(1_000_000_000) => {
            format!("{} Gbit/s", b / 1_000_000_000)
        }
        b => format!("{} Mbit/s", b as f64 / 1e6),
    };
    let loss = match p.loss_per_mille {
        0 => tr!(WORDS, "no-loss"),
        n => tr!(
            WORDS,
            "some-loss",
            percent = f64::from(n) / 10.0,
            rto = ms(p.rto)
        ),
    };
    tr!(
        WORDS,
        "figures",
        mss = p.mss,
        one_way = ms(p.one_way),
        rtt = ms(p.rtt()),
        rate = rate,
        loss = loss
    )
}

/// The pieces of one line, coloured per read, with the boundary view's
/// markers, cut with "… (K more bytes)" to fit the line after `prefix`.
fn render(prefix: &str, pieces: &[(Segment, &[u8])]) -> String {
    // A narrower terminal (or COLUMNS) narrows it, so no line wraps mid-byte.
    let widest = crate::app::width::columns().map_or(LINE_WIDTH, |c| c.min(LINE_WIDTH));
    let budget = widest.saturating_sub(width(prefix) + ELLIPSIS_WIDTH);
    let mut out = String::new();
    let mut used = 0;
    let mut hidden = 0usize;
    for (seg, bytes) in pieces {
        if hidden > 0 {
            hidden += bytes.len();
            continue;
        }
        let open = if seg.start == 0 { "[" } else { "~" };
        let close = if seg.end == seg.len { "]" } else { "~" };
        let (text, shown) = fit(bytes, budget.saturating_sub(used + 2));
        let drawn = if shown == bytes.len() {
            format!("{open}{text}{close}")
        } else {
            hidden = bytes.len() - shown;
            if shown == 0 {
                continue;
            }
            format!("{open}{text}")
        };
        used += width(&drawn);
        out.push_str(&drawn.color(color_of(seg.message)).bold().to_string());
    }
    if hidden > 0 {
        out.push_str(&tr!(WORDS, "hidden-bytes", k = hidden).dimmed().to_string());
    }
    out
}

/// The longest start of `bytes` whose printable text fits in `room`
/// columns: the text, and how many bytes it shows.
fn fit(bytes: &[u8], room: usize) -> (String, usize) {
    let mut n = bytes.len().min(room);
    loop {
        let text = printable(&bytes[..n]);
        let w = width(&text);
        if w <= room {
            return (text, n);
        }
        // Escapes take up to four columns a byte: shrink in proportion.
        n = (n * room / w).min(n - 1);
    }
}

/// Columns a text takes on a terminal, counting East Asian characters as two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if c as u32 >= 0x1100 { 2 } else { 1 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track_of(reads: &[&str]) -> Track {
        let mut track = Track::default();
        for (index, r) in reads.iter().enumerate() {
            track.pending.push_back(Piece {
                index,
                bytes: r.as_bytes().to_vec(),
            });
        }
        track
    }

    #[test]
    fn writes_are_drawn_in_the_pieces_of_the_reads_they_hold() {
        colored::control::set_override(false);
        let mut track = track_of(&["hello", "world"]);
        let mut lines = Vec::new();
        for len in [3, 4, 3] {
            lines.push(render("", &track.take(len)));
            track.advance(len);
        }
        assert_eq!(lines, ["[hel~", "~lo][wo~", "~rld]"]);
        assert!(track.pending.is_empty());
    }

    #[test]
    fn a_long_piece_is_cut_to_the_line_with_a_count_of_the_rest() {
        colored::control::set_override(false);
        let bytes = vec![b'x'; 1 << 20];
        let whole = Segment {
            message: 0,
            start: 0,
            end: bytes.len(),
            len: bytes.len(),
        };
        let prefix = "#1 client→server   in  1048576 B  ";
        let line = format!("{prefix}{}", render(prefix, &[(whole, &bytes)]));
        assert!(width(&line) <= LINE_WIDTH, "{line}");
        let shown = line.matches('x').count();
        assert!(
            line.ends_with(&format!("… ({} more bytes)", (1 << 20) - shown)),
            "{line}"
        );
        // Escaped bytes take four columns each and still fit.
        let (text, n) = fit(&[0xff; 100], 20);
        assert_eq!((text.as_str(), n), ("\\xff\\xff\\xff\\xff\\xff", 5));
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;
    use crate::app::i18n::{check_catalogue, ids_defined, ids_used};

    const EN: &str = include_str!("../i18n/en/proxy.ftl");
    const ZH: &str = include_str!("../i18n/zh/proxy.ftl");

    #[test]
    fn the_two_message_files_are_whole() {
        let gaps = check_catalogue(EN, ZH);
        assert!(gaps.is_empty(), "{gaps:#?}");
    }

    #[test]
    fn every_id_the_proxy_asks_for_is_defined() {
        let defined = ids_defined(EN);
        for id in ids_used(include_str!("proxy_view.rs")) {
            assert!(defined.contains(&id), "{id} is not in proxy.ftl");
        }
        for p in PROFILES {
            let id = format!("profile-{}", p.name);
            assert!(defined.contains(&id), "{id} is not in proxy.ftl");
            assert_eq!(WORDS.text_in(Lang::En, &id, &[]), p.about);
        }
    }

    #[test]
    fn the_english_figures_are_the_library_s() {
        // The English message is the model of the Chinese one: it must say
        // what the library says.
        for p in PROFILES {
            let loss = match p.loss_per_mille {
                0 => WORDS.text_in(Lang::En, "no-loss", &[]),
                n => WORDS.text_in(
                    Lang::En,
                    "some-loss",
                    &[
                        ("percent", (f64::from(n) / 10.0).to_string()),
                        ("rto", format!("{} ms", p.rto.as_millis())),
                    ],
                ),
            };
            let line = p.figures();
            assert!(line.ends_with(&loss), "{line} / {loss}");
            assert!(
                line.starts_with(&format!("MSS {} B, one-way ", p.mss)),
                "{line}"
            );
        }
    }
}
