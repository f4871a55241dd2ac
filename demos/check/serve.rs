//! `sticky check 5 --serve`: the grader turned around. A length-prefix echo
//! server that is legal but unkind to a client of your own: each connection
//! gets the next way of sending its echoes, every frame is logged with how
//! its echo went out, and when the connection ends it gets a report card:
//! PASS or FAIL per case, with what was seen and a hint.
//!
//! ```text
//! sticky check 5 --serve --bind 127.0.0.1:7878     then run your client once per case
//! sticky check 5 --serve --case glued              every connection gets the same case
//! sticky check 5 --serve --json cards.jsonl        one JSON line per connection, too
//! ```
//!
//! Wire format: demo 05's, `[u32 length][payload]`, each frame echoed.
//! What differs from `sticky serve 5` is only how the echoes are written:
//! - `cut`: one byte per write, 15 ms apart, with Nagle's algorithm off, so
//!   a client that takes one recv() for one echo gets a single byte;
//! - `glued`: held until the client has sent nothing for 100 ms, then all
//!   in one write but their last bytes, which follow 100 ms later, one per
//!   write: a client that takes one recv() for one echo gets several;
//! - `seeded`: cut at seeded random offsets (`--seed`), pieces of 1 to 7 bytes;
//! - `closed-mid-echo`: half of the first echo, then the server closes.
//!
//! A server cannot see a client's own verdict, only what it does on the
//! wire, so each case is judged by that: a client that read every echo
//! closes after the last byte (a FIN); one that gave up early, having
//! misread an echo, has closed before the rest arrived, and the rest is
//! answered by a reset, which our next write reports. A client told "closed"
//! mid-echo must stop and close too, within `--timeout`, not spin on recv()
//! returning b''. Every connection also has its frames checked: a length
//! that makes sense only in the other byte order is named as such.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::app::served::serve_clients;
use colored::Colorize;
use sticky::framing::{Endian, LengthPrefixed};
use sticky::net::{bind_tcp, resolve, Limits};
use sticky::{Error, Result};

use super::wire::{seconds, seeded_pieces, show, GAP, MAX_CUT};
use super::{Plan, WORDS};
use crate::tr;

/// `println!` for one narration line, broken to the terminal's width as
/// the demos' lines are (a client's case, its frames, its card's heading).
macro_rules! say {
    ($fmt:literal, $text:expr $(,)?) => {
        println!(
            $fmt,
            crate::app::screen::wrapped(&$text.to_string(), crate::app::width::columns())
        )
    };
}

/// The ways of echoing, given to connections in turn, each with the id of
/// its line in [`WORDS`].
pub const WAYS: &[(&str, &str)] = &[
    ("cut", "about-serve-cut"),
    ("glued", "about-serve-glued"),
    ("seeded", "about-serve-seeded"),
    ("closed-mid-echo", "about-serve-closed-mid-echo"),
];

/// How long the client must send nothing before glued echoes go out, and
/// how long their last bytes are held after that.
const PAUSE: Duration = Duration::from_millis(100);

/// The last bytes of a glued write that are held back and sent one by one.
const TAIL: usize = 3;

/// The largest piece of the `seeded` case.
const SEEDED_MAX: usize = 7;

/// Serves until `clients` connections have been served (or for ever).
/// Returns whether every connection passed.
pub fn run(plan: &Plan, bind: &str, clients: Option<usize>) -> Result<bool> {
    let codec = LengthPrefixed::new(plan.endian, plan.max_frame);
    let listener = bind_tcp(resolve(bind)?)?;
    let local = listener
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    let turn: Vec<&str> = match &plan.case {
        Some(name) => vec![name.as_str()],
        None => WAYS.iter().map(|w| w.0).collect(),
    };
    // A new file, as `--json` always makes: a run never mixes its lines
    // into an earlier run's.
    let json_file = match &plan.json {
        Some(path) => Some(Mutex::new(
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(Error::file(path))?,
        )),
        None => None,
    };
    say!(
        "{}",
        tr!(
            WORDS,
            "srv-listening",
            addr = local,
            fmt = codec.endian().struct_format(),
            cases = match &plan.case {
                Some(name) => tr!(WORDS, "srv-one-case", name = name),
                None => tr!(
                    WORDS,
                    "srv-in-turn",
                    names = turn.join(&tr!(WORDS, "srv-then"))
                ),
            },
            seed = plan.seed
        )
    );
    let served = AtomicUsize::new(0);
    let all_passed = AtomicBool::new(true);
    let limits = Limits {
        stop_after: clients,
        ..Limits::default()
    };
    serve_clients(&listener, limits, |stream, peer| -> Result<()> {
        let n = served.fetch_add(1, Ordering::Relaxed);
        let way = turn[n % turn.len()];
        let about = WAYS
            .iter()
            .find(|w| w.0 == way)
            .map_or(String::new(), |w| WORDS.text(w.1, &[]));
        let client = n + 1;
        say!(
            "{}",
            tr!(
                WORDS,
                "srv-client-case",
                client = client,
                peer = peer,
                way = way,
                about = about
            )
        );
        let started = Instant::now();
        let mut conn = Conn::new(&stream, plan, client)?;
        let outcome = match way {
            "closed-mid-echo" => conn.close_mid_echo(),
            "glued" => conn.glued(),
            way => conn.cut(way),
        };
        let card = Card::of(&conn, way, outcome);
        if !card.passed() {
            all_passed.store(false, Ordering::Relaxed);
        }
        print!("{}", card.text(client, peer));
        let _ = std::io::stdout().flush();
        if let Some(file) = &json_file {
            let line = card.json(peer, local, started.elapsed());
            let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
            writeln!(file, "{line}").map_err(Error::io("writing a line of --json"))?;
        }
        Ok(())
    })?;
    Ok(all_passed.load(Ordering::Relaxed))
}

/// What went wrong with a client's frames, before any echo was judged.
enum Framing {
    /// A header announcing `len` bytes, over `--max-frame`; `swapped` is the
    /// same 4 bytes read in the other byte order.
    TooLong {
        head: [u8; 4],
        len: usize,
        swapped: usize,
    },
    /// The client closed inside a frame: `got` of `want` bytes.
    Cut { got: usize, want: usize },
}

/// How a connection ended, as far as the case is concerned.
enum Outcome {
    /// The client read its echoes and closed.
    Done,
    /// A write of an echo failed: the client had closed before it read it.
    HungUp { error: std::io::Error },
    /// The client's frames could not be read.
    BadFrames(Framing),
    /// The client neither sent nor closed for `--timeout`.
    Stalled,
    /// The client sent no frame at all before closing.
    NoFrames,
    /// `closed-mid-echo`: the client did not close after the server did.
    Spun,
    /// The connection failed on our side (reading or writing).
    Failed(Error),
}

/// What one read of frames gave.
enum Next {
    Frame(Vec<u8>),
    /// Nothing within the wait.
    Pause,
    /// The client closed its sending side between frames.
    Closed,
}

/// One client's connection, and what it has seen so far.
struct Conn<'a> {
    stream: &'a TcpStream,
    endian: Endian,
    max_frame: usize,
    timeout: Duration,
    seed: u64,
    client: usize,
    buf: Vec<u8>,
    frames: usize,
    /// Echo bytes written, and owed in all.
    written: usize,
    owed: usize,
    /// Whether the client had closed its sending side when a write failed.
    closed_first: bool,
}

impl<'a> Conn<'a> {
    fn new(stream: &'a TcpStream, plan: &Plan, client: usize) -> Result<Conn<'a>> {
        stream
            .set_nodelay(true)
            .map_err(Error::io("turning Nagle's algorithm off"))?;
        stream
            .set_write_timeout(Some(plan.timeout))
            .map_err(Error::io("setting a write timeout"))?;
        Ok(Conn {
            stream,
            endian: plan.endian,
            max_frame: plan.max_frame,
            timeout: plan.timeout,
            seed: plan.seed,
            client,
            buf: Vec::new(),
            frames: 0,
            written: 0,
            owed: 0,
            closed_first: false,
        })
    }

    /// The next whole frame, waiting at most `wait` for each read.
    fn next(&mut self, wait: Duration) -> std::result::Result<Next, Outcome> {
        loop {
            if let Some(head) = self.buf.first_chunk::<4>() {
                let len = self.endian.decode(*head) as usize;
                if len > self.max_frame {
                    let other = match self.endian {
                        Endian::Big => Endian::Little,
                        Endian::Little => Endian::Big,
                    };
                    return Err(Outcome::BadFrames(Framing::TooLong {
                        head: *head,
                        len,
                        swapped: other.decode(*head) as usize,
                    }));
                }
                if self.buf.len() >= 4 + len {
                    let frame = self.buf[4..4 + len].to_vec();
                    self.buf.drain(..4 + len);
                    self.frames += 1;
                    say!(
                        "{}",
                        tr!(
                            WORDS,
                            "srv-frame",
                            client = self.client,
                            frame = self.frames,
                            len = frame.len(),
                            shown = show(&frame, 30)
                        )
                    );
                    return Ok(Next::Frame(frame));
                }
            }
            self.stream
                .set_read_timeout(Some(wait))
                .map_err(|e| Outcome::Failed(Error::io("setting a read timeout")(e)))?;
            let mut chunk = [0u8; 64 * 1024];
            match (&*self.stream).read(&mut chunk) {
                Ok(0) if self.buf.is_empty() => return Ok(Next::Closed),
                Ok(0) => {
                    let want = match self.buf.first_chunk::<4>() {
                        Some(head) => 4 + self.endian.decode(*head) as usize,
                        None => 4,
                    };
                    return Err(Outcome::BadFrames(Framing::Cut {
                        got: self.buf.len(),
                        want,
                    }));
                }
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Ok(Next::Pause)
                }
                // A reset while reading: the client is gone, and it had
                // echo bytes unread (or it died).
                Err(e) => return Err(Outcome::HungUp { error: e }),
            }
        }
    }

    /// Writes `pieces`, `gap` apart. A failure means the client had gone.
    fn write_pieces(
        &mut self,
        pieces: &[&[u8]],
        gap: Duration,
    ) -> std::result::Result<(), Outcome> {
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 && !gap.is_zero() {
                // The pause is what makes each piece its own recv() on the client.
                thread::sleep(gap);
            }
            if let Err(error) = (&*self.stream).write_all(piece) {
                self.closed_first = self.peer_closed();
                return Err(Outcome::HungUp { error });
            }
            self.written += piece.len();
        }
        Ok(())
    }

    /// Whether the client has closed its sending side: a peek that reads 0.
    fn peer_closed(&self) -> bool {
        let _ = self.stream.set_read_timeout(Some(Duration::from_millis(1)));
        matches!(self.stream.peek(&mut [0u8; 1]), Ok(0))
    }

    fn echo_of(&self, frame: &[u8]) -> Vec<u8> {
        let mut echo = self.endian.encode(frame.len() as u32).to_vec();
        echo.extend_from_slice(frame);
        echo
    }

    /// `cut` and `seeded`: every frame echoed at once, in small pieces.
    fn cut(&mut self, way: &str) -> Outcome {
        loop {
            let frame = match self.next(self.timeout) {
                Ok(Next::Frame(frame)) => frame,
                Ok(Next::Closed) => return self.ended(),
                Ok(Next::Pause) => return Outcome::Stalled,
                Err(outcome) => return outcome,
            };
            let echo = self.echo_of(&frame);
            self.owed += echo.len();
            let pieces: Vec<Vec<u8>> = if way == "seeded" {
                let seed = self.seed ^ ((self.client as u64) << 32) ^ self.frames as u64;
                seeded_pieces(&echo, SEEDED_MAX, seed)
            } else {
                // The first MAX_CUT bytes alone; the rest of a large echo in
                // one write, so the case ends in seconds.
                let singles = echo.len().min(MAX_CUT);
                let mut p: Vec<Vec<u8>> = echo[..singles].iter().map(|&b| vec![b]).collect();
                if singles < echo.len() {
                    p.push(echo[singles..].to_vec());
                }
                p
            };
            // Logged first, so a client that hangs up mid-echo still shows here.
            say!(
                "{}",
                tr!(
                    WORDS,
                    "srv-echoed-in",
                    client = self.client,
                    frame = self.frames,
                    writes = pieces.len(),
                    gap = seconds(GAP)
                )
            );
            let refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
            if let Err(outcome) = self.write_pieces(&refs, GAP) {
                return outcome;
            }
        }
    }

    /// `glued`: echoes held while the client keeps sending, written at once
    /// when it pauses (or closes its side), their last bytes held back a little.
    fn glued(&mut self) -> Outcome {
        let mut held: Vec<u8> = Vec::new();
        let mut held_count = 0;
        loop {
            let wait = if held.is_empty() { self.timeout } else { PAUSE };
            let next = self.next(wait);
            let flush = !held.is_empty()
                && (matches!(next, Ok(Next::Pause) | Ok(Next::Closed)) || held.len() >= 64 * 1024);
            if flush {
                if let Err(outcome) = self.flush(&mut held, &mut held_count) {
                    return outcome;
                }
            }
            match next {
                Ok(Next::Frame(frame)) => {
                    let echo = self.echo_of(&frame);
                    self.owed += echo.len();
                    held.extend_from_slice(&echo);
                    held_count += 1;
                    say!(
                        "{}",
                        tr!(WORDS, "srv-held", client = self.client, frame = self.frames)
                    );
                }
                Ok(Next::Pause) if !flush => return Outcome::Stalled,
                Ok(Next::Pause) => {}
                Ok(Next::Closed) => return self.ended(),
                Err(outcome) => return outcome,
            }
        }
    }

    fn flush(
        &mut self,
        held: &mut Vec<u8>,
        held_count: &mut usize,
    ) -> std::result::Result<(), Outcome> {
        let tail = held.len().min(TAIL);
        let (body, last) = held.split_at(held.len() - tail);
        say!(
            "{}",
            tr!(
                WORDS,
                "srv-flush",
                client = self.client,
                echoes = held_count,
                len = body.len(),
                singles = last.len(),
                pause = seconds(PAUSE)
            )
        );
        let (body, last) = (body.to_vec(), last.to_vec());
        self.write_pieces(&[&body], Duration::ZERO)?;
        thread::sleep(PAUSE);
        let singles: Vec<&[u8]> = last.chunks(1).collect();
        self.write_pieces(&singles, GAP)?;
        held.clear();
        *held_count = 0;
        Ok(())
    }

    /// `closed-mid-echo`: half of the first echo, then our side closes.
    fn close_mid_echo(&mut self) -> Outcome {
        let frame = match self.next(self.timeout) {
            Ok(Next::Frame(frame)) => frame,
            Ok(Next::Closed) => return Outcome::NoFrames,
            Ok(Next::Pause) => return Outcome::Stalled,
            Err(outcome) => return outcome,
        };
        let echo = self.echo_of(&frame);
        let half = &echo[..echo.len() / 2];
        say!(
            "{}",
            tr!(
                WORDS,
                "srv-close-mid-echo",
                client = self.client,
                half = half.len(),
                len = echo.len()
            )
        );
        self.owed = echo.len();
        if let Err(outcome) = self.write_pieces(&[half], Duration::ZERO) {
            return outcome;
        }
        let _ = self.stream.shutdown(Shutdown::Write);
        // Whatever else the client sends is read and dropped; what matters
        // is that it closes.
        let deadline = Instant::now() + self.timeout;
        let mut sink = [0u8; 64 * 1024];
        loop {
            let Some(left) = deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())
            else {
                return Outcome::Spun;
            };
            let _ = self.stream.set_read_timeout(Some(left));
            match (&*self.stream).read(&mut sink) {
                Ok(0) => return Outcome::Done,
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return Outcome::Spun
                }
                Err(_) => return Outcome::Done,
            }
        }
    }

    /// The client closed between frames: done, if it sent any.
    fn ended(&self) -> Outcome {
        if self.frames == 0 {
            return Outcome::NoFrames;
        }
        // Our last write may have been answered by a reset that no write
        // has met yet: the socket's pending error says so.
        match self.stream.take_error() {
            Ok(Some(error)) => Outcome::HungUp { error },
            _ => Outcome::Done,
        }
    }
}

/// One entry of a card: a case, and how it went.
struct Entry {
    case: String,
    result: &'static str,
    what: String,
    got: String,
    hint: String,
}

/// A connection's report card.
struct Card {
    way: String,
    entries: Vec<Entry>,
}

impl Card {
    /// The card for a connection that ended in `outcome`: a `frames` entry
    /// for what the client sent, and one for the way its echoes were cut.
    fn of(conn: &Conn, way: &str, outcome: Outcome) -> Card {
        let fmt = conn.endian.struct_format();
        let other_fmt = match conn.endian {
            Endian::Big => "<I",
            Endian::Little => "!I",
        };
        let mut frames = Entry {
            case: "frames".into(),
            result: "pass",
            what: tr!(
                WORDS,
                "srv-frames-what",
                frames = match conn.frames {
                    1 => tr!(WORDS, "srv-frames-one"),
                    n => tr!(WORDS, "srv-frames", n = n),
                },
                fmt = fmt
            ),
            got: String::new(),
            hint: String::new(),
        };
        let mut echo = Entry {
            case: way.into(),
            result: "pass",
            what: String::new(),
            got: String::new(),
            hint: String::new(),
        };
        let progress = tr!(
            WORDS,
            "srv-progress",
            written = conn.written,
            owed = conn.owed
        );
        match outcome {
            Outcome::BadFrames(Framing::TooLong { head, len, swapped }) => {
                frames.result = "fail";
                frames.got = tr!(
                    WORDS,
                    "srv-too-long-got",
                    header = show(&head, 20),
                    len = len,
                    fmt = fmt,
                    max = conn.max_frame
                );
                frames.hint = if swapped <= conn.max_frame && swapped < 1 << 20 {
                    tr!(
                        WORDS,
                        "srv-hint-other-order",
                        other_fmt = other_fmt,
                        swapped = swapped,
                        fmt = fmt
                    )
                } else {
                    tr!(WORDS, "srv-hint-not-a-length")
                };
                echo.result = "skip";
                echo.hint = tr!(WORDS, "srv-skip-unreadable");
            }
            Outcome::BadFrames(Framing::Cut { got, want }) => {
                frames.result = "fail";
                frames.got = tr!(WORDS, "srv-cut-got", got = got, want = want);
                frames.hint = tr!(WORDS, "srv-hint-cut");
                echo.result = "skip";
                echo.hint = tr!(WORDS, "srv-skip-unreadable");
            }
            Outcome::NoFrames => {
                frames.result = "fail";
                frames.got = tr!(WORDS, "srv-no-frames-got");
                frames.hint = tr!(WORDS, "srv-hint-no-frames");
                echo.result = "skip";
                echo.hint = tr!(WORDS, "srv-skip-no-frame");
            }
            Outcome::Stalled if conn.frames == 0 => {
                frames.result = "fail";
                frames.got = tr!(WORDS, "srv-nothing-in", time = seconds(conn.timeout));
                frames.hint = tr!(WORDS, "srv-hint-no-whole-frame");
                echo.result = "skip";
                echo.hint = tr!(WORDS, "srv-skip-no-frame");
            }
            Outcome::Stalled => {
                echo.result = "fail";
                echo.got = tr!(
                    WORDS,
                    "srv-stalled-got",
                    progress = &progress,
                    time = seconds(conn.timeout)
                );
                echo.hint = tr!(WORDS, "srv-hint-stalled");
            }
            Outcome::HungUp { error } => {
                echo.result = "fail";
                let how = match error.kind() {
                    ErrorKind::BrokenPipe | ErrorKind::ConnectionReset => {
                        tr!(WORDS, "srv-reset")
                    }
                    _ => super::wire::worded(&error),
                };
                echo.got = if conn.closed_first {
                    tr!(WORDS, "srv-had-closed-got", progress = &progress, how = how)
                } else {
                    tr!(WORDS, "srv-was-gone-got", progress = &progress, how = how)
                };
                echo.hint = match way {
                    "glued" => tr!(WORDS, "srv-hint-glued"),
                    "closed-mid-echo" => tr!(WORDS, "srv-hint-hung-up"),
                    _ => tr!(WORDS, "srv-hint-stopped-reading"),
                };
            }
            Outcome::Spun => {
                echo.result = "fail";
                echo.got = tr!(
                    WORDS,
                    "srv-spun-got",
                    progress = &progress,
                    time = seconds(conn.timeout)
                );
                echo.hint = tr!(WORDS, "srv-hint-spun");
            }
            Outcome::Failed(e) => {
                echo.result = "fail";
                echo.got = e.to_string();
                echo.hint = tr!(WORDS, "srv-hint-failed");
            }
            Outcome::Done => {
                echo.what = match way {
                    "closed-mid-echo" => tr!(WORDS, "srv-pass-closed"),
                    _ => tr!(WORDS, "srv-pass", echoes = conn.frames, bytes = conn.owed),
                };
            }
        }
        Card {
            way: way.into(),
            entries: vec![frames, echo],
        }
    }

    fn passed(&self) -> bool {
        self.entries.iter().all(|e| e.result == "pass")
    }

    /// The card as printed, in the layout of `sticky check`'s.
    fn text(&self, client: usize, peer: SocketAddr) -> String {
        let mut out = tr!(
            WORDS,
            "srv-card",
            client = client,
            peer = peer,
            way = &self.way
        ) + "\n";
        let pad = " ".repeat(6 + 14);
        // Each label padded to 6 columns, a Chinese character counted as
        // two, as on `sticky check`'s card.
        let label = |id: &str| {
            let word = WORDS.text(id, &[]);
            let pad = 6usize.saturating_sub(unicode_width::UnicodeWidthStr::width(word.as_str()));
            (word, " ".repeat(pad))
        };
        for e in &self.entries {
            let name = format!("{:<13}", e.case);
            match e.result {
                "pass" => {
                    let (word, p) = label("card-pass");
                    out += &format!("{}{p}{name} {}\n", word.green().bold(), e.what);
                }
                "skip" => {
                    let (word, p) = label("card-skip");
                    out += &format!("{}{p}{name} {}\n", word.yellow().bold(), e.hint);
                }
                _ => {
                    let (word, p) = label("card-fail");
                    let (got, got_pad) = label("card-got");
                    let (hint, hint_pad) = label("card-hint");
                    out += &format!("{}{p}{name} {got}{got_pad}{}\n", word.red().bold(), e.got);
                    out += &format!("{pad}{hint}{hint_pad}{}\n", e.hint.yellow());
                }
            }
        }
        let passed = self.entries.iter().filter(|e| e.result == "pass").count();
        let failed = self.entries.iter().filter(|e| e.result == "fail").count();
        let tally = tr!(
            WORDS,
            "srv-tally",
            client = client,
            passed = passed,
            failed = failed
        );
        out += &format!(
            "{}\n",
            if failed == 0 {
                tally.green().bold()
            } else {
                tally.red().bold()
            }
        );
        out
    }

    /// The card as one line of JSON, keyed by the client's address.
    fn json(&self, peer: SocketAddr, local: SocketAddr, took: Duration) -> String {
        let cases: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                serde_json::json!({
                    "case": e.case,
                    "result": e.result,
                    "hint": e.hint,
                })
            })
            .collect();
        serde_json::json!({
            "student": peer.to_string(),
            "to": local.to_string(),
            "demo": 5,
            "passed": self.passed(),
            "cases": cases,
            "seconds": (took.as_secs_f64() * 1000.0).round() / 1000.0,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_one_json_line_keyed_by_the_client() {
        let card = Card {
            way: "cut".into(),
            entries: vec![
                Entry {
                    case: "frames".into(),
                    result: "pass",
                    what: "3 frames".into(),
                    got: String::new(),
                    hint: String::new(),
                },
                Entry {
                    case: "cut".into(),
                    result: "fail",
                    what: String::new(),
                    got: "2 of 9 echo bytes written".into(),
                    hint: "is one recv() taken for one reply?".into(),
                },
            ],
        };
        assert!(!card.passed());
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let local: SocketAddr = "127.0.0.1:7878".parse().unwrap();
        let line = card.json(peer, local, Duration::from_millis(1234));
        assert!(!line.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["student"], "127.0.0.1:5000");
        assert_eq!(v["to"], "127.0.0.1:7878");
        assert_eq!(v["demo"], 5);
        assert_eq!(v["passed"], false);
        assert_eq!(v["seconds"], 1.234);
        assert_eq!(v["cases"][1]["case"], "cut");
        assert_eq!(v["cases"][1]["result"], "fail");
        assert_eq!(v["cases"][1]["hint"], "is one recv() taken for one reply?");
        let text = card.text(1, peer);
        assert!(text.starts_with("card for client 1 (127.0.0.1:5000), case cut:\n"));
        assert!(text.contains("client 1: 1 passed, 1 failed"), "{text}");
        assert!(
            text.contains("is one recv() taken for one reply?"),
            "{text}"
        );
    }
}
