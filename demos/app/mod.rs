//! The classroom's machinery around the demos: the command line, colours,
//! advice added to the library's errors, and the docs' transcript checker.
//! None of it is the lesson; the lesson is in the numbered demos and `src/`.

pub mod advice;
pub mod cli;
pub mod color;
pub mod errors_zh;
pub mod lang;
pub mod screen;
pub mod transcript;
pub mod width;

use advice::{advice, Doing};
use lang::{lang, Lang};

/// Why the command failed, as `main` prints it.
#[derive(Debug)]
pub enum Failure {
    /// A library error, with what was being done, for the advice.
    Lib(sticky::Error, Doing),
    /// A mistake on the command line that the parser cannot see: exit 2.
    Usage(String),
    /// Anything else the command itself found wrong: exit 1.
    Other(String),
}

impl From<sticky::Error> for Failure {
    fn from(e: sticky::Error) -> Self {
        Failure::Lib(
            e,
            Doing {
                demo: None,
                little_endian: false,
            },
        )
    }
}

impl Failure {
    /// The one line printed to stderr.
    pub fn line(&self) -> String {
        match (lang(), self) {
            (Lang::En, Failure::Lib(e, doing)) => format!("error: {e}{}", advice(e, *doing)),
            (Lang::En, Failure::Usage(m)) => format!("error: {m} (see sticky --help)"),
            (Lang::En, Failure::Other(m)) => format!("error: {m}"),
            (Lang::Zh, Failure::Lib(e, doing)) => {
                format!("错误：{}{}", errors_zh::zh(e), advice(e, *doing))
            }
            (Lang::Zh, Failure::Usage(m)) => format!("错误：{m}（见 sticky --help）"),
            (Lang::Zh, Failure::Other(m)) => format!("错误：{m}"),
        }
    }

    /// The exit code: 2 for usage, 1 for everything else.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            _ => 1,
        }
    }
}
