//! The one error type of the library.
//!
//! Every failure a user or a peer can cause has its own variant, carrying
//! the facts that explain it: sizes, counts, addresses, paths. The messages
//! state those facts and nothing else; they never name a command-line flag,
//! because the library does not know how it is being driven. The `sticky`
//! command adds the advice (which flag to change) when it prints an error.

use std::fmt;
use std::io;
use std::thread::JoinHandle;

/// Everything that can go wrong, stated as facts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A length header announced more than the receiver accepts.
    #[error("frame of {len} bytes refused: the limit is {max} bytes")]
    FrameTooLarge { len: u64, max: u64 },

    /// The peer closed the connection part-way through a frame, header or file body.
    #[error("connection closed after {got} of {expected} bytes of {what}")]
    ClosedMidFrame {
        what: &'static str,
        got: u64,
        expected: u64,
    },

    /// A varint length field still going on past the bytes the limit needs.
    #[error("length field refused: a varint longer than {max_bytes} bytes")]
    VarintTooLong { max_bytes: usize },

    /// A message does not fit in the agreed fixed size.
    #[error("message of {len} bytes does not fit the fixed size of {size} bytes")]
    MessageTooLong { len: usize, size: usize },

    /// A line ran past the receiver's limit without its newline, or a
    /// sender was asked to send one longer than that.
    #[error("line refused: no newline within the limit of {max} bytes")]
    LineTooLong { max: u64 },

    /// A message for line framing that contains the delimiter itself.
    #[error("message of {len} bytes holds a newline at byte {at}: it would arrive as two lines")]
    NewlineInMessage { len: usize, at: usize },

    /// An escaped line with a backslash not followed by `n` or a backslash.
    #[error("bad escape at byte {at}: a backslash must be followed by n or another backslash")]
    BadEscape { at: usize },

    /// Fixed-length framing needs a size of at least one byte.
    #[error("the fixed message size must be at least 1 byte")]
    ZeroSize,

    /// `bind` failed.
    #[error("cannot bind {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// `connect` failed.
    #[error("cannot connect to {addr}: {source}")]
    Connect {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// A text that is not `HOST:PORT`, or a host name that does not resolve.
    #[error("cannot resolve {addr:?}: {source} (expected HOST:PORT, e.g. 127.0.0.1:7878)")]
    Resolve {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// The peer went quiet for longer than the connection's read timeout.
    #[error("{context}: the peer sent nothing within the read timeout")]
    Silent { context: Context },

    /// The peer took none of our bytes for longer than the write timeout:
    /// it sends, perhaps, but does not read what it is sent back.
    #[error("{context}: the peer did not read its replies within the write timeout")]
    NotReading { context: Context },

    /// A message that kept arriving, but too slowly to be worth a place:
    /// after `secs` seconds only `got` bytes of it had come.
    #[error(
        "{what} dropped: {got} bytes in {secs} s, under the minimum of {min_rate} bytes a second"
    )]
    TooSlow {
        what: &'static str,
        got: u64,
        secs: u64,
        min_rate: u64,
    },

    /// Datagrams went out and nothing came back.
    #[error("no reply from {addr} to any of {sent} datagrams")]
    NoReply { addr: String, sent: usize },

    /// The JSON header of demo 06 announced more bytes than the receiver accepts.
    #[error("bad file header: it announces {len} bytes, over the limit of {max}")]
    HeaderTooLarge { len: u64, max: u64 },

    /// The file header of demo 06 is not what the protocol allows.
    #[error("bad file header: {0}")]
    BadHeader(String),

    /// The file header of demo 06 is not JSON at all.
    #[error("bad file header: {0}")]
    BadJson(JsonFault),

    /// The file header of demo 06 is JSON, but a key the protocol needs is
    /// missing or holds the wrong kind of value.
    #[error("bad file header: {0}")]
    HeaderFault(HeaderFault),

    /// A file name sent by the peer that would escape the output folder.
    /// Shown through `printable`, so a control byte reads `\x05` here too.
    #[error("refused file name \"{}\": {reason}", crate::boundary::printable(.name.as_bytes()))]
    UnsafeFileName { name: String, reason: &'static str },

    /// The output file exists already.
    #[error("{0} already exists")]
    FileExists(String),

    /// The file announced by a header is larger than the receiver accepts.
    #[error("a file of {size} bytes is over the receiver's limit of {max} bytes")]
    FileTooLarge { size: u64, max: u64 },

    /// The receiver's verdict on a file it did not keep.
    #[error("the receiver did not keep {filename}: {outcome}{}", if .detail.is_empty() { String::new() } else { format!(" ({})", .detail) })]
    Refused {
        filename: String,
        outcome: &'static str,
        detail: String,
    },

    /// What came back is not what the client expected: an echo that is not
    /// what was sent, an answer or a reply that is not the one its message
    /// calls for. `at` is the first byte where the two differ.
    #[error(
        "{what} {number} is not what was expected, from byte {at} on: expected [{}], got [{}]",
        crate::boundary::printable(.expected),
        crate::boundary::printable(.got)
    )]
    Mismatch {
        what: &'static str,
        number: usize,
        at: usize,
        expected: Vec<u8>,
        got: Vec<u8>,
    },

    /// What came back instead of a verdict is not one.
    #[error("bad verdict from the receiver: {0}")]
    BadVerdict(String),

    /// Another transfer is writing the same partial file right now.
    #[error("{0} is being written by another transfer of the same name")]
    PartialBusy(String),

    /// A path that should be a regular file is something else.
    #[error("{0} is not a file")]
    NotAFile(String),

    /// A path that should be a folder is something else.
    #[error("{0} is not a folder")]
    NotAFolder(String),

    /// The body did not hash to the digest the sender promised, in the
    /// header or in a trailer after the body.
    #[error("{digest} mismatch: the sender promised {expected}, the body hashes to {actual}")]
    DigestMismatch {
        digest: &'static str,
        expected: String,
        actual: String,
    },

    /// The output folder's disk cannot hold the announced file.
    #[error("the disk cannot take a file of {size} bytes in {dir}: {source}")]
    NoSpace {
        size: u64,
        dir: String,
        #[source]
        source: io::Error,
    },

    /// A local file could not be read or written.
    #[error("{path}: {source}")]
    File {
        path: String,
        #[source]
        source: io::Error,
    },

    /// Any other I/O failure on an open connection, with the peer's address when known.
    #[error("{context}: {source}")]
    Io {
        context: Context,
        #[source]
        source: io::Error,
    },

    /// A thread of the program ended in a panic: a bug, not bad input.
    #[error("{0} panicked")]
    Panicked(&'static str),

    /// A number or `MIN..MAX` range outside what is allowed.
    #[error("{problem}; expected {shape} within {lowest}..{highest}")]
    BadRange {
        problem: String,
        shape: &'static str,
        lowest: u64,
        highest: u64,
    },
}

/// What was being done when an I/O error came, as data a program can word
/// in its user's language. The library's own contexts hold only
/// `&'static str`, so making one for every call costs nothing when nothing
/// fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    /// A phrase from the library's closed set: `sending the file body`.
    Doing(&'static str),
    /// Reading the part of a message a decoder or a caller names: `length
    /// header`, `a frame`.
    Reading(&'static str),
    /// Words a program built itself, with a detail such as an address:
    /// `reading from 127.0.0.1:50000`.
    Said(String),
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Context::Doing(words) => f.write_str(words),
            Context::Reading(what) => write!(f, "reading {what}"),
            Context::Said(words) => f.write_str(words),
        }
    }
}

impl From<&'static str> for Context {
    fn from(words: &'static str) -> Self {
        Context::Doing(words)
    }
}

impl From<String> for Context {
    fn from(words: String) -> Self {
        Context::Said(words)
    }
}

/// Where a JSON parser gave up, without its jargon: the facts a program
/// words in its user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonFault {
    /// The text ended part-way through a value.
    pub ended: bool,
    /// Where the parser stopped, counting from 1.
    pub line: usize,
    /// Where the parser stopped, counting from 1.
    pub column: usize,
}

impl JsonFault {
    /// The facts of a `serde_json` error.
    pub fn of(e: &serde_json::Error) -> Self {
        JsonFault {
            ended: e.classify() == serde_json::error::Category::Eof,
            line: e.line(),
            column: e.column(),
        }
    }
}

impl fmt::Display for JsonFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ended {
            f.write_str("the JSON ends part-way through")
        } else {
            let (line, column) = (self.line, self.column);
            write!(f, "not valid UTF-8 JSON at line {line}, column {column}")
        }
    }
}

/// What is wrong with a file header that is JSON, as facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderFault {
    /// The header is some other JSON value than an object.
    NotAnObject(JsonValue),
    /// A key the protocol needs is not there.
    MissingKey(&'static str),
    /// A key holds the wrong kind of value.
    WrongValue {
        key: &'static str,
        want: Wanted,
        got: JsonValue,
    },
}

/// What a header's key must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// A JSON string.
    Text,
    /// A whole number, 0 or more.
    Size,
    /// 64 hex digits.
    HexDigest,
}

/// A JSON value as the header held it, with its text where a person needs
/// it to see what was sent (at most 40 characters of it are kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonValue {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    /// The string, quoted and escaped as Rust's `{:?}` does.
    String(String),
    /// The array as JSON.
    Array(String),
    Object,
}

/// `text` cut to `max` characters, with "…" when something was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() > max {
        format!("{}…", text.chars().take(max).collect::<String>())
    } else {
        text.to_string()
    }
}

impl JsonValue {
    /// The longest text a value keeps: more than any message shows.
    const KEPT: usize = 40;

    /// The facts of a `serde_json` value.
    pub fn of(v: &serde_json::Value) -> Self {
        use serde_json::Value;
        match v {
            Value::Null => JsonValue::Null,
            Value::Bool(b) => JsonValue::Bool(*b),
            Value::Number(n) => JsonValue::Number(n.to_string()),
            Value::String(s) => JsonValue::String(cut(&format!("{s:?}"), Self::KEPT)),
            Value::Array(_) => JsonValue::Array(cut(&v.to_string(), Self::KEPT)),
            Value::Object(_) => JsonValue::Object,
        }
    }
}

/// As a person would name it: "an array [1,2]", "the number -5".
impl fmt::Display for JsonValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let said = match self {
            JsonValue::Null => "null".to_string(),
            JsonValue::Bool(b) => b.to_string(),
            JsonValue::Number(n) => format!("the number {n}"),
            JsonValue::String(s) => cut(&format!("the string {s}"), Self::KEPT),
            JsonValue::Array(a) => cut(&format!("an array {a}"), Self::KEPT),
            JsonValue::Object => "an object".to_string(),
        };
        f.write_str(&said)
    }
}

impl fmt::Display for Wanted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Wanted::Text => "a string",
            Wanted::Size => "a whole number of bytes, 0 or more",
            Wanted::HexDigest => "64 hex digits",
        })
    }
}

impl fmt::Display for HeaderFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderFault::NotAnObject(got) => write!(
                f,
                "it must be a JSON object such as {{\"filename\": \"a.bin\", \"filesize\": 5}}, not {got}"
            ),
            HeaderFault::MissingKey(key) => write!(f, "it has no \"{key}\" key"),
            HeaderFault::WrongValue { key, want, got } => {
                write!(f, "\"{key}\" must be {want}, not {got}")
            }
        }
    }
}

impl Error {
    /// Wraps an I/O error with a few words on what was being done. A read
    /// timeout becomes [`Error::Silent`], since that is what it means.
    pub fn io(context: impl Into<Context>) -> impl FnOnce(io::Error) -> Error {
        let context = context.into();
        move |source| match source.kind() {
            // A read timeout shows up as WouldBlock on Unix, TimedOut elsewhere.
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::Silent { context },
            _ => Error::Io { context, source },
        }
    }

    /// [`Error::io`] for a write: a write timeout becomes
    /// [`Error::NotReading`], since the peer is not reading.
    pub fn io_write(context: impl Into<Context>) -> impl FnOnce(io::Error) -> Error {
        let context = context.into();
        move |source| match source.kind() {
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => Error::NotReading { context },
            _ => Error::Io { context, source },
        }
    }

    /// `Err(Error::Mismatch)` when `got` differs from `expected`, with the
    /// first byte where they part; `Ok` when they are equal. `number` counts
    /// from 1, as a reader counts messages.
    pub fn compare(what: &'static str, number: usize, expected: &[u8], got: &[u8]) -> Result<()> {
        if expected == got {
            return Ok(());
        }
        let at = expected.iter().zip(got).take_while(|(a, b)| a == b).count();
        Err(Error::Mismatch {
            what,
            number,
            at,
            expected: expected.to_vec(),
            got: got.to_vec(),
        })
    }

    /// Wraps a file error with the path it concerns.
    pub fn file(path: impl AsRef<std::path::Path>) -> impl FnOnce(io::Error) -> Error {
        let path = path.as_ref().display().to_string();
        move |source| Error::File { path, source }
    }
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Waits for a thread and returns its result; a panic in it becomes
/// [`Error::Panicked`] naming `who`, so it is reported once, like any error.
pub fn join<T>(handle: JoinHandle<Result<T>>, who: &'static str) -> Result<T> {
    handle.join().unwrap_or(Err(Error::Panicked(who)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_timeout_says_the_peer_went_silent() {
        let e = Error::io("reading frames")(io::Error::from(io::ErrorKind::WouldBlock));
        assert_eq!(
            e.to_string(),
            "reading frames: the peer sent nothing within the read timeout"
        );
        let e = Error::io("reading")(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(e.to_string().starts_with("reading: "));
        let e = Error::io(Context::Reading("a frame"))(io::ErrorKind::BrokenPipe.into());
        assert!(e.to_string().starts_with("reading a frame: "), "{e}");
    }

    #[test]
    fn no_message_names_a_flag() {
        let samples = [
            Error::FrameTooLarge { len: 9, max: 8 },
            Error::MessageTooLong { len: 9, size: 8 },
            Error::HeaderTooLarge { len: 9, max: 8 },
            Error::FileExists("x".into()),
            Error::Bind {
                addr: "a".into(),
                source: io::ErrorKind::AddrInUse.into(),
            },
            Error::Connect {
                addr: "a".into(),
                source: io::ErrorKind::ConnectionRefused.into(),
            },
        ];
        for e in samples {
            assert!(!e.to_string().contains("--"), "{e}");
        }
    }

    #[test]
    fn a_refused_file_name_escapes_control_bytes_as_the_boundary_view_does() {
        let e = Error::UnsafeFileName {
            name: "bell\u{7}".into(),
            reason: "it holds a control character",
        };
        assert_eq!(
            e.to_string(),
            "refused file name \"bell\\x07\": it holds a control character"
        );
    }

    #[test]
    fn a_mismatch_names_the_first_byte_where_they_part() {
        assert!(Error::compare("echo", 1, b"per", b"per").is_ok());
        let e = Error::compare("echo", 3, b"per", b"write\0\0\0\x03per").unwrap_err();
        assert_eq!(
            e.to_string(),
            "echo 3 is not what was expected, from byte 0 on: expected [per], got [write\\x00\\x00\\x00\\x03per]"
        );
        // A short echo parts where it ends.
        let e = Error::compare("echo", 1, b"hello", b"hel").unwrap_err();
        assert!(matches!(e, Error::Mismatch { at: 3, .. }), "{e}");
    }

    #[test]
    fn a_panicked_thread_is_an_error_not_a_crash() {
        let h = std::thread::spawn(|| -> Result<()> { panic!("boom") });
        assert_eq!(
            join(h, "the client thread").unwrap_err().to_string(),
            "the client thread panicked"
        );
    }
}
