//! What the clients of demos 02 to 05 send: the demo's fixed messages, or,
//! with `--stdin`, one message per line of standard input, so a class can
//! send its own words (typed, or piped in from a file).

use std::io::BufRead;

use sticky::{Error, Result};

use crate::app::help::WORDS;
use crate::tr;

/// The messages to send, one at a time, as they come: a typed line goes out
/// as soon as Enter is pressed, so its echo appears under it. The newline
/// ends a message and is not part of it (nor a `\r` before it, from Windows).
/// Lines are bytes: text in any encoding, even none, goes as it was typed.
pub fn messages<'a>(
    fixed: &'a [&'a str],
    stdin: bool,
) -> Box<dyn Iterator<Item = Result<Vec<u8>>> + 'a> {
    if !stdin {
        return Box::new(fixed.iter().map(|m| Ok(m.as_bytes().to_vec())));
    }
    Box::new(std::io::stdin().lock().split(b'\n').map(|line| {
        let mut line = line.map_err(Error::io("reading standard input"))?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(line)
    }))
}

/// The client's first line with `--stdin`.
pub fn from_stdin() -> String {
    tr!(WORDS, "from-stdin")
}
