//! Cases for demo 07's wire format: newline-terminated lines, each answered
//! with one line.
//!
//! ```text
//! +---- line ----+-- \n --+---- line ----+-- \n --+
//! |  h e l l o   |  \x0a  |  f r o m     |  \x0a  |          client -> server
//! +--------------+--------+--------------+--------+
//! | line 1, 5 bytes: hello | \x0a | line 2, ... | \x0a |      server -> client
//! ```
//!
//! The rule every case applies: one answer line per line sent, in order;
//! answer K contains line K's text and something more (`sticky serve 7`
//! puts `line K, N bytes: ` before it). A bare echo of the line is not an
//! answer: an echo server gives one back for every line without ever
//! finding a newline, so it would show nothing about framing. Only `\n`
//! ends a line; the grader sends no `\r`. A line longer than `--max-line`
//! (newline not counted) must make the server close the connection, after
//! an answer line that starts with `error` if it likes; it must not buffer
//! on, and it must not keep the connection open. Characters that other
//! line splitters take for line ends (`\r`, `\x0b`, `\x0c`, `\x1c` to
//! `\x1e`, `\x85`, U+2028, U+2029) are bytes inside a line here.

use std::time::Duration;

use super::duties::{interactive as stays_interactive, two_clients as beside_another, Talk, Until};
use super::wire::{
    ending, nothing, seconds, seeded_pieces, show, worded, End, Heard, Link, Reply, Sent, GAP,
    MAX_CUT,
};
use super::{Case, Failure, Target, Verdict, GONE, WORDS};
use crate::tr;

pub const CASES: &[Case] = &[
    Case {
        name: "glued",
        about: "about-7-glued",
        skip: None,
        run: glued,
    },
    Case {
        name: "interactive",
        about: "about-7-interactive",
        skip: None,
        run: interactive,
    },
    Case {
        name: "cut-bytes",
        about: "about-7-cut-bytes",
        skip: None,
        run: cut_bytes,
    },
    Case {
        name: "seeded-cuts",
        about: "about-7-seeded-cuts",
        skip: None,
        run: seeded_cuts,
    },
    Case {
        name: "line-chars",
        about: "about-7-line-chars",
        skip: None,
        run: line_chars,
    },
    Case {
        name: "empty-line",
        about: "about-7-empty-line",
        skip: None,
        run: empty_line,
    },
    Case {
        name: "utf-8",
        about: "about-7-utf-8",
        skip: None,
        run: utf_8,
    },
    Case {
        name: "max-line",
        about: "about-7-max-line",
        skip: None,
        run: max_line,
    },
    Case {
        name: "over-max",
        about: "about-7-over-max",
        skip: None,
        run: over_max,
    },
    Case {
        name: "two-clients",
        about: "about-7-two-clients",
        skip: None,
        run: two_clients,
    },
    Case {
        name: "hangup",
        about: "about-7-hangup",
        skip: None,
        run: hangup,
    },
];

const NEWLINE: u8 = b'\n';

/// The lines of `texts`, each with its newline, back to back.
fn wire_of(texts: &[Vec<u8>]) -> Vec<u8> {
    let mut wire = Vec::new();
    for t in texts {
        wire.extend_from_slice(t);
        wire.push(NEWLINE);
    }
    wire
}

/// Whether `hay` holds `needle` anywhere. The answers are barely longer
/// than the lines, so the windows to compare are few.
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// How a reply differs from one right answer per line.
#[derive(Debug, PartialEq)]
enum Finding {
    /// One answer per line, each holding its line and more; nothing after.
    Same,
    /// `answered` whole answers, then `partial` bytes with no newline yet.
    Early { answered: usize, partial: usize },
    /// Answer `at` holds its line and more, and the `count - 1` answers after
    /// it are bare lines: `count` lines answered as one.
    Glued { at: usize, count: usize },
    /// Answer `at` is the line and nothing more: an echo.
    Bare { at: usize },
    /// Answer `at` does not hold line `at`.
    Missing { at: usize },
    /// Every answer, then `answers` more answer lines and `partial` bytes.
    Extra { answers: usize, partial: usize },
}

/// Reads the reply as answer lines, against the lines sent.
fn analyse(lines: &[Vec<u8>], reply: &[u8]) -> Finding {
    let mut answers: Vec<&[u8]> = reply.split(|&b| b == NEWLINE).collect();
    // What follows the last newline is an answer not finished yet.
    let partial = answers.pop().map_or(0, <[u8]>::len);
    for (at, line) in lines.iter().enumerate() {
        let Some(answer) = answers.get(at) else {
            return Finding::Early {
                answered: at,
                partial,
            };
        };
        if *answer == line.as_slice() {
            // Bare lines after a full answer: that answer carried them.
            let run = answers[at..]
                .iter()
                .zip(&lines[at..])
                .take_while(|(a, l)| **a == l.as_slice())
                .count();
            // An empty answer to an empty line, and proper answers after it,
            // is an echo of that one line, not lines glued together.
            let lone_empty = line.is_empty() && run == 1 && at + 1 < lines.len();
            if at == 0 || lone_empty {
                return Finding::Bare { at };
            }
            return Finding::Glued {
                at: at - 1,
                count: 1 + run,
            };
        }
        if !holds(answer, line) {
            return Finding::Missing { at };
        }
    }
    if answers.len() > lines.len() || partial > 0 {
        return Finding::Extra {
            answers: answers.len() - lines.len(),
            partial,
        };
    }
    Finding::Same
}

/// A judge that stops once more answers than lines have come: the reply
/// can only be wrong from there on.
fn judge(lines: usize) -> impl FnMut(&[u8]) -> Heard + Send {
    // Counted as the bytes come, so a long reply is scanned once.
    let (mut checked, mut answers) = (0, 0);
    move |got| {
        answers += got[checked..].iter().filter(|&&b| b == NEWLINE).count();
        checked = got.len();
        if answers > lines {
            Heard::Wrong
        } else {
            Heard::More
        }
    }
}

/// Room for the answers to `texts`: each line, twice over, and some words.
fn cap(texts: &[Vec<u8>]) -> usize {
    texts.iter().map(|t| 2 * t.len() + 256).sum::<usize>() + 4096
}

/// "answer 3", counting from 1; "the answer" when one line was sent (the
/// server may count an earlier one, so its numbers would not match ours).
fn nth(at: usize, of: usize) -> String {
    if of == 1 {
        tr!(WORDS, "lines-the-answer")
    } else {
        tr!(WORDS, "lines-answer-n", n = at + 1)
    }
}

/// Answer `at` of the reply, as it came.
fn answer_at(reply: &[u8], at: usize) -> &[u8] {
    reply.split(|&b| b == NEWLINE).nth(at).unwrap_or_default()
}

/// Whether any answer but answer `at` holds its own line.
fn others_hold(texts: &[Vec<u8>], reply: &[u8], at: usize) -> bool {
    reply
        .split(|&b| b == NEWLINE)
        .zip(texts)
        .enumerate()
        .any(|(i, (answer, line))| i != at && !line.is_empty() && holds(answer, line))
}

/// What a case says when its reply is wrong in a way the case knows best:
/// message ids of [`WORDS`], or words already said.
struct Hints<'a> {
    /// The reply stopped short.
    silent: &'a str,
    /// An answer does not hold its line.
    missing: &'a str,
}

const MISSING: &str = "lines-hint-missing";

/// The characters other splitters end lines at, and their names.
const LINE_LIKE: [(&str, &str); 9] = [
    ("\r", "\\r"),
    ("\x0b", "\\x0b"),
    ("\x0c", "\\x0c"),
    ("\x1c", "\\x1c"),
    ("\x1d", "\\x1d"),
    ("\x1e", "\\x1e"),
    ("\u{85}", "\\x85 (U+0085)"),
    ("\u{2028}", "U+2028"),
    ("\u{2029}", "U+2029"),
];

/// The hint for an answer that does not hold its line, from what it holds;
/// `others_hold`: other answers hold their lines; `too_many`: more answers
/// came than lines were sent.
fn missing(answer: &[u8], line: &[u8], hints: &Hints, others_hold: bool, too_many: bool) -> String {
    // Cut at a character that only looks like a line end.
    for (c, name) in LINE_LIKE {
        let c = c.as_bytes();
        if let Some(at) = line.windows(c.len()).position(|w| w == c) {
            if at > 0 && answer.ends_with(&line[..at]) {
                return tr!(WORDS, "lines-hint-cut-at", name = name);
            }
        }
    }
    // Holds only the start of its line, or only the end: the longer match
    // tells which (a single byte may match either way by chance).
    let longest = |fits: &dyn Fn(usize) -> bool| (1..line.len()).rev().find(|&n| fits(n));
    let start = longest(&|n| answer.ends_with(&line[..n])).unwrap_or(0);
    let end = longest(&|n| answer.ends_with(&line[line.len() - n..])).unwrap_or(0);
    if end > start.max(1) {
        return tr!(WORDS, "lines-hint-tail-lost", end = end);
    }
    if start > 0 {
        return tr!(WORDS, "lines-hint-start-only");
    }
    if others_hold && !too_many {
        return tr!(WORDS, "lines-hint-none-of-its-line");
    }
    WORDS.text_or_literal(hints.missing)
}

/// The report card's "got" and "hint" for a reply that is not one answer
/// per line followed by a close.
fn judged(
    t: &Target,
    texts: &[Vec<u8>],
    reply: &Reply,
    hints: &Hints,
) -> Result<(), (String, String)> {
    let n = texts.len();
    let end = ending(&reply.end, t.timeout());
    let bytes = &reply.bytes;
    let silent = || WORDS.text_or_literal(hints.silent);
    Err(match analyse(texts, bytes) {
        Finding::Same if reply.end.closed() => return Ok(()),
        Finding::Same => (
            tr!(WORDS, "lines-got-every-answer", end = end),
            tr!(WORDS, "echo-hint-no-close"),
        ),
        Finding::Early {
            answered: 0,
            partial: 0,
        } => (nothing(&reply.end, t.timeout()), silent()),
        Finding::Early { answered, partial } if partial > 0 => {
            let rest = &bytes[bytes.len() - partial..];
            if holds(rest, &texts[answered]) {
                (
                    tr!(
                        WORDS,
                        "lines-got-no-newline",
                        answered = answered,
                        of = n,
                        rest = show(rest, 40),
                        end = end
                    ),
                    tr!(WORDS, "lines-hint-no-newline"),
                )
            } else {
                (
                    tr!(
                        WORDS,
                        "lines-got-part",
                        answered = answered,
                        of = n,
                        rest = show(rest, 40),
                        end = end
                    ),
                    silent(),
                )
            }
        }
        Finding::Early { answered, .. } => (
            tr!(
                WORDS,
                "lines-got-answers",
                answered = answered,
                of = n,
                end = end
            ),
            silent(),
        ),
        Finding::Glued { at, count } => (
            tr!(
                WORDS,
                "lines-got-glued",
                nth = nth(at, n),
                answer = show(answer_at(bytes, at), 40),
                bare = count - 1
            ),
            tr!(WORDS, "lines-hint-glued", count = count),
        ),
        Finding::Bare { at } => (
            tr!(
                WORDS,
                "lines-got-bare",
                nth = nth(at, n),
                answer = show(answer_at(bytes, at), 40)
            ),
            tr!(WORDS, "lines-hint-bare"),
        ),
        Finding::Missing { at } => {
            let answers = bytes.iter().filter(|&&b| b == NEWLINE).count();
            let count = if answers > n {
                tr!(WORDS, "lines-got-more-than-sent")
            } else {
                end
            };
            let answer = answer_at(bytes, at);
            (
                tr!(
                    WORDS,
                    "lines-got-without",
                    nth = nth(at, n),
                    answer = show(answer, 40),
                    line = show(&texts[at], 24),
                    count = count
                ),
                missing(
                    answer,
                    &texts[at],
                    hints,
                    others_hold(texts, bytes, at),
                    answers > n,
                ),
            )
        }
        Finding::Extra { answers, partial } => (
            tr!(
                WORDS,
                "lines-got-extra",
                answers = answers,
                partial = partial,
                end = end
            ),
            tr!(WORDS, "lines-hint-extra"),
        ),
    })
}

/// Sends `pieces` (`gap` apart), shuts down our side, reads until the
/// server closes, and judges the answers to `texts`.
fn exchange(link: &Link, pieces: &[Vec<u8>], gap: Duration, texts: &[Vec<u8>]) -> (Sent, Reply) {
    link.exchange(pieces, gap, true, cap(texts), judge(texts.len()))
}

/// The common tail of a case: PASS with `pass`, or FAIL with the analysis.
fn verdict(
    t: &Target,
    texts: &[Vec<u8>],
    sent_text: String,
    (sent, reply): (Sent, Reply),
    hints: &Hints,
    pass: String,
) -> Verdict {
    match judged(t, texts, &reply, hints) {
        Ok(()) => Ok(pass),
        Err((got, hint)) => Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            got,
            hint,
        )),
    }
}

/// A line answered while the connection stays open, so the server is
/// known to be back in its read when the case's own bytes arrive.
fn warm_up(t: &Target, link: &Link) -> Result<(), Failure> {
    let texts = vec![b"warm-up".to_vec()];
    let (sent, reply) = link.exchange(
        &[wire_of(&texts)],
        Duration::ZERO,
        false,
        cap(&texts),
        |got| {
            if got.contains(&NEWLINE) {
                Heard::Enough
            } else {
                Heard::More
            }
        },
    );
    let hints = Hints {
        silent: "lines-warm-up-silent",
        missing: MISSING,
    };
    let closed_ok = Reply {
        bytes: reply.bytes,
        // The answer is all that is asked here; the connection stays open.
        end: match reply.end {
            End::Enough => End::Closed,
            end => end,
        },
    };
    judged(t, &texts, &closed_ok, &hints).map_err(|(got, hint)| {
        Failure::new(
            tr!(WORDS, "lines-warm-up-sent", shortfall = sent.shortfall()),
            got,
            hint,
        )
    })
}

/// Whether a new client still gets a short line answered: the check after
/// every case that tries to knock the server over.
fn still_serves(t: &Target, hint: &str) -> Result<(), Failure> {
    let texts = vec![b"are you still there?".to_vec()];
    let link = t.link(hint)?;
    let (sent, reply) = exchange(&link, &[wire_of(&texts)], Duration::ZERO, &texts);
    let hints = Hints {
        silent: hint,
        missing: MISSING,
    };
    // The case's hint when no answer came; when a wrong one did, the hint
    // for what is wrong with it.
    judged(t, &texts, &reply, &hints).map_err(|(got, hint)| {
        Failure::new(
            tr!(WORDS, "echo-sent-still-there", shortfall = sent.shortfall()),
            got,
            hint,
        )
    })
}

fn glued(t: &Target) -> Verdict {
    // Two digits, so no line's text is inside another's ("glued 1" is in
    // "glued 10"): an answer holds its own line or none.
    let texts: Vec<Vec<u8>> = (1..=20)
        .map(|i| format!("glued {i:02}").into_bytes())
        .collect();
    let wire = wire_of(&texts);
    let link = t.link(GONE)?;
    verdict(
        t,
        &texts,
        tr!(WORDS, "lines-glued-sent", size = wire.len()),
        exchange(&link, std::slice::from_ref(&wire), Duration::ZERO, &texts),
        &Hints {
            silent: "lines-glued-silent",
            missing: MISSING,
        },
        tr!(WORDS, "lines-glued-pass"),
    )
}

fn cut_bytes(t: &Target) -> Verdict {
    let link = t.link(GONE)?;
    warm_up(t, &link)?;
    let texts = vec![b"cut into single bytes".to_vec()];
    let pieces: Vec<Vec<u8>> = wire_of(&texts)
        .iter()
        .take(MAX_CUT)
        .map(|&b| vec![b])
        .collect();
    verdict(
        t,
        &texts,
        tr!(
            WORDS,
            "lines-cut-bytes-sent",
            writes = pieces.len(),
            gap = seconds(GAP)
        ),
        exchange(&link, &pieces, GAP, &texts),
        &Hints {
            silent: "lines-cut-bytes-silent",
            missing: "lines-cut-bytes-missing",
        },
        tr!(WORDS, "lines-cut-bytes-pass", writes = pieces.len()),
    )
}

/// Chinese, French and an emoji: characters of 2, 3 and 4 bytes.
const UTF8_LINE: &str = "粘包 and 拆包, ça va 👍";

fn utf_8(t: &Target) -> Verdict {
    let link = t.link(GONE)?;
    warm_up(t, &link)?;
    let texts = vec![UTF8_LINE.as_bytes().to_vec()];
    let wire = wire_of(&texts);
    // Inside 包, the second character: its first byte in one write, its
    // other two in the next.
    let cut = "粘".len() + 1;
    let pieces = [wire[..cut].to_vec(), wire[cut..].to_vec()];
    verdict(
        t,
        &texts,
        tr!(
            WORDS,
            "lines-utf-8-sent",
            line = UTF8_LINE,
            size = wire.len(),
            gap = seconds(GAP)
        ),
        exchange(&link, &pieces, GAP, &texts),
        &Hints {
            silent: "lines-utf-8-silent",
            missing: "lines-utf-8-missing",
        },
        tr!(WORDS, "lines-utf-8-pass"),
    )
}

/// A line of `len` bytes of text that never repeats within 36 bytes, so a
/// shifted or doubled piece cannot pass for it.
fn long_line(len: usize) -> Vec<u8> {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|i| ALPHABET[i % ALPHABET.len()]).collect()
}

fn max_line(t: &Target) -> Verdict {
    let len = t.plan.max_line;
    let texts = vec![long_line(len)];
    let link = t.link(GONE)?;
    let sent_text = tr!(WORDS, "lines-max-line-sent", len = len);
    let (sent, reply) = exchange(&link, &[wire_of(&texts)], Duration::ZERO, &texts);
    let first = answer_at(&reply.bytes, 0);
    if refuses(first) && first.len() < len {
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            tr!(WORDS, "lines-max-line-got", answer = show(first, 60)),
            tr!(WORDS, "lines-max-line-refused", len = len),
        ));
    }
    let silent = tr!(WORDS, "lines-max-line-silent", len = len);
    verdict(
        t,
        &texts,
        sent_text,
        (sent, reply),
        &Hints {
            silent: &silent,
            missing: "lines-max-line-missing",
        },
        tr!(WORDS, "lines-max-line-pass", len = len),
    )
}

/// Whether an answer line refuses: it starts with "error", in any case.
fn refuses(answer: &[u8]) -> bool {
    answer
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"error"))
}

fn over_max(t: &Target) -> Verdict {
    let max = t.plan.max_line;
    // One byte over the limit, then as much again (up to 1 MiB more): a
    // server that caps its buffer has stopped before the second piece.
    let more = max.min(1024 * 1024);
    let pieces = [vec![b'x'; max + 1], vec![b'x'; more]];
    let sent_text = tr!(WORDS, "lines-over-max-sent", over = max + 1, more = more);
    let link = t.link(GONE)?;
    // Our side stays open: a close from us would end any server's wait. The
    // reading goes on to the server's close, past an "error" line.
    let (sent, reply) = link.exchange(&pieces, Duration::ZERO, false, 4096, |_| Heard::More);
    let first = answer_at(&reply.bytes, 0);
    let refused = refuses(first) && reply.bytes.contains(&NEWLINE);
    if !reply.end.closed() {
        // Past the cap the grader stops reading: the server sent on.
        let shown = show(&reply.bytes, 40);
        let answered = match (reply.bytes.is_empty(), &reply.end) {
            (true, _) => String::new(),
            (false, End::TooMuch) => tr!(WORDS, "lines-over-max-back-and-more", shown = shown),
            (false, _) => tr!(WORDS, "lines-over-max-back", shown = shown),
        };
        let still = match &reply.end {
            End::TimedOut => tr!(
                WORDS,
                "lines-over-max-still-open-after",
                time = seconds(t.timeout())
            ),
            End::TooMuch => tr!(WORDS, "lines-over-max-still-open"),
            End::Failed(e) => worded(e),
            // A close is not this branch; the grader stopped on its own.
            End::Closed | End::Reset | End::Enough | End::Wrong => String::new(),
        };
        let hint = if refused && !matches!(reply.end, End::TooMuch) {
            tr!(WORDS, "lines-over-max-kept-open")
        } else {
            tr!(WORDS, "lines-over-max-kept-reading")
        };
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            format!("{answered}{still}"),
            hint,
        ));
    }
    let how = if refused {
        tr!(
            WORDS,
            "lines-over-max-refused-with",
            shown = show(first, 40)
        )
    } else {
        tr!(WORDS, "lines-over-max-refused-closed")
    };
    drop(link);
    still_serves(t, "lines-over-max-stopped").map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = sent_text, next = f.sent),
        ..f
    })?;
    Ok(tr!(WORDS, "lines-over-max-pass", max = max, how = how))
}

fn seeded_cuts(t: &Target) -> Verdict {
    // Lines of 10 to 40 bytes, each with its number, so no line's text is
    // inside another's; cut into pieces of 1 to 48 bytes.
    const FILL: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    let texts: Vec<Vec<u8>> = (1..=20)
        .map(|i| format!("seeded {i:02} {}", &FILL[..(i * 7) % 31]).into_bytes())
        .collect();
    let wire = wire_of(&texts);
    let pieces = seeded_pieces(&wire, 48, t.plan.seed);
    let link = t.link(GONE)?;
    verdict(
        t,
        &texts,
        tr!(
            WORDS,
            "lines-seeded-cuts-sent",
            writes = pieces.len(),
            gap = seconds(GAP),
            seed = t.plan.seed
        ),
        exchange(&link, &pieces, GAP, &texts),
        &Hints {
            silent: "lines-seeded-cuts-silent",
            missing: MISSING,
        },
        tr!(WORDS, "lines-seeded-cuts-pass", writes = pieces.len()),
    )
}

fn line_chars(t: &Target) -> Verdict {
    let texts: Vec<Vec<u8>> = LINE_LIKE
        .iter()
        .enumerate()
        .map(|(i, (c, _))| format!("{:02} left{c}right", i + 1).into_bytes())
        .collect();
    let wire = wire_of(&texts);
    let link = t.link(GONE)?;
    verdict(
        t,
        &texts,
        tr!(WORDS, "lines-line-chars-sent"),
        exchange(&link, std::slice::from_ref(&wire), Duration::ZERO, &texts),
        &Hints {
            silent: "lines-line-chars-silent",
            missing: MISSING,
        },
        tr!(WORDS, "lines-line-chars-pass"),
    )
}

fn empty_line(t: &Target) -> Verdict {
    let texts = vec![
        b"before the empty line".to_vec(),
        Vec::new(),
        b"after the empty line".to_vec(),
    ];
    let wire = wire_of(&texts);
    let link = t.link(GONE)?;
    let sent_text = tr!(WORDS, "lines-empty-line-sent");
    let (sent, reply) = exchange(&link, std::slice::from_ref(&wire), Duration::ZERO, &texts);
    // Two answers, the second for the line after the empty one: skipped.
    let answers: Vec<&[u8]> = reply.bytes.split(|&b| b == NEWLINE).collect();
    if answers.len() == 3 && holds(answers[1], &texts[2]) && holds(answers[0], &texts[0]) {
        return Err(Failure::new(
            format!("{sent_text}{}", sent.shortfall()),
            tr!(
                WORDS,
                "lines-empty-line-got",
                second = show(answers[1], 40),
                end = ending(&reply.end, t.timeout())
            ),
            tr!(WORDS, "lines-empty-line-skipped"),
        ));
    }
    verdict(
        t,
        &texts,
        sent_text,
        (sent, reply),
        &Hints {
            silent: "lines-empty-line-silent",
            missing: MISSING,
        },
        tr!(WORDS, "lines-empty-line-pass"),
    )
}

/// The duties' view of a line server.
fn talk() -> Talk {
    Talk {
        message: b"are you there?\n".to_vec(),
        half: b"half a li".to_vec(),
        until: Until::Newline,
        shown: "\"are you there?\\n\"".into(),
        unit: tr!(WORDS, "unit-line"),
    }
}

fn interactive(t: &Target) -> Verdict {
    stays_interactive(t, &talk())
}

fn two_clients(t: &Target) -> Verdict {
    beside_another(t, &talk())
}

fn hangup(t: &Target) -> Verdict {
    let half = b"half a line, and no newl";
    let link = t.link(GONE)?;
    let sent = link.write(half);
    // Hang up: the server reads part of a line, then 0.
    drop(link);
    let sent_text = tr!(
        WORDS,
        "lines-hangup-sent",
        shown = show(half, 40),
        shortfall = sent.shortfall()
    );
    still_serves(t, "lines-hangup-stopped").map_err(|f| Failure {
        sent: tr!(WORDS, "then", first = sent_text, next = f.sent),
        ..f
    })?;
    Ok(tr!(WORDS, "lines-hangup-pass"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    #[test]
    fn answers_that_hold_their_lines_pass() {
        let sent = lines(&["one", "two"]);
        assert_eq!(
            analyse(&sent, b"line 1, 3 bytes: one\nline 2, 3 bytes: two\n"),
            Finding::Same
        );
        assert_eq!(
            analyse(&sent, b"you said one\n"),
            Finding::Early {
                answered: 1,
                partial: 0
            }
        );
        assert_eq!(
            analyse(&sent, b"you said one\nyou said tw"),
            Finding::Early {
                answered: 1,
                partial: 11
            }
        );
        assert_eq!(
            analyse(&sent, b"A one\nA two\nA two\n"),
            Finding::Extra {
                answers: 1,
                partial: 0
            }
        );
        assert_eq!(
            analyse(&sent, b"A two\nA one\n"),
            Finding::Missing { at: 0 }
        );
    }

    #[test]
    fn one_answer_for_a_whole_recv_is_named_as_glued() {
        let sent = lines(&["glued 01", "glued 02", "glued 03"]);
        // What a server that takes one recv() for one line sends back: its
        // words, then the three lines, newlines and all.
        let reply = b"line 1, 26 chars: glued 01\nglued 02\nglued 03\n";
        assert_eq!(analyse(&sent, reply), Finding::Glued { at: 0, count: 3 });
        // An echo server: the bare line from the first answer on.
        assert_eq!(
            analyse(&sent, b"glued 01\nglued 02\nglued 03\n"),
            Finding::Bare { at: 0 }
        );
    }

    #[test]
    fn a_missing_line_is_named_from_what_its_answer_holds() {
        let hints = Hints {
            silent: "silent",
            missing: "missing",
        };
        let line = b"01 left\rright";
        // Cut at the \r: str.splitlines().
        assert!(missing(b"1: 01 left", line, &hints, false, true).contains("cut at \\r"));
        // Only the end: the start was thrown away with a recv()'s tail.
        assert!(missing(b"1: t\rright", line, &hints, true, false).contains("last 7 bytes"));
        // Only the start: each recv() answered.
        assert!(missing(b"1: 01 le", line, &hints, false, true).contains("answer each recv()"));
        // Nothing of it, while other answers hold theirs: thrown away.
        assert!(missing(b"1: ", line, &hints, true, false).contains("holds none of its line"));
        // Nothing of it, and nothing to go by: the case's own hint.
        assert_eq!(missing(b"ok", line, &hints, false, false), "missing");
    }

    #[test]
    fn an_empty_answer_to_an_empty_line_is_an_echo_not_glue() {
        let sent = lines(&["before", "", "after"]);
        assert_eq!(
            analyse(&sent, b"1: before\n\n3: after\n"),
            Finding::Bare { at: 1 }
        );
        // One recv() answered as one line: the empty line and the next come back bare.
        assert_eq!(
            analyse(&sent, b"1: before\n\nafter\n"),
            Finding::Glued { at: 0, count: 3 }
        );
    }

    #[test]
    fn the_judge_stops_at_one_answer_too_many() {
        let mut j = judge(1);
        assert!(matches!(j(b"a\n"), Heard::More));
        assert!(matches!(j(b"a\nb\n"), Heard::Wrong));
    }

    #[test]
    fn an_error_line_refuses_in_any_case() {
        assert!(refuses(b"error: line too long"));
        assert!(refuses(b"ERROR"));
        assert!(!refuses(b"line 1, 5 bytes: error"));
        assert!(!refuses(b"err"));
    }
}
