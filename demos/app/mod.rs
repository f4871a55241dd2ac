//! The classroom's machinery around the demos: the command line, colours,
//! advice added to the library's errors, and the docs' transcript checker.
//! None of it is the lesson; the lesson is in the numbered demos and `src/`.

pub mod advice;
pub mod cli;
pub mod color;
pub mod errors_zh;
pub mod figures;
pub mod help;
pub mod i18n;
pub mod input;
pub mod interrupt;
pub mod lang;
pub mod screen;
pub mod served;
pub mod slides;
pub mod transcript;
pub mod width;

use std::fmt;

use crate::tr;
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
        tr!(help::WORDS, "error-prefix", message = self)
    }

    /// The exit code: 2 for usage, 1 for everything else.
    pub fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// The message in the language of this run, with its advice, and without
/// the "error: " that [`Failure::line`] puts before it.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (lang(), self) {
            (Lang::En, Failure::Lib(e, doing)) => write!(f, "{e}{}", advice(e, *doing)),
            (_, Failure::Usage(m)) => write!(f, "{}", tr!(help::WORDS, "see-help", message = m)),
            (Lang::En, Failure::Other(m)) => write!(f, "{m}"),
            (Lang::Zh, Failure::Lib(e, doing)) => {
                write!(f, "{}{}", errors_zh::zh(e), advice(e, *doing))
            }
            (Lang::Zh, Failure::Other(m)) => write!(f, "{m}"),
        }
    }
}

/// What a demo server's handler returns: a failure the command words.
pub type Served = Result<(), Failure>;

/// What a demo's server hands [`served::serve_clients`]: its library error, with
/// what the advice needs to know.
pub fn in_demo(demo: u8, little_endian: bool) -> impl Fn(sticky::Error) -> Failure + Copy {
    let doing = Doing {
        demo: Some(demo),
        little_endian,
    };
    move |e| Failure::Lib(e, doing)
}
