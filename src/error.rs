//! The one error type of the crate.
//!
//! Every failure a user or a peer can cause has its own variant, with the
//! numbers and the address that explain it, so that `main` can print it once,
//! on one line, and exit non-zero. Nothing here panics on bad input.

use std::io;

/// Everything that can go wrong in a demo, worded for the person at the keyboard.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A length header announced more than the receiver is willing to allocate.
    #[error("frame of {len} bytes refused: the limit is {max} bytes (raise it with --max-frame)")]
    FrameTooLarge { len: u64, max: u64 },

    /// The peer closed the connection part-way through a frame, header or file body.
    #[error("connection closed after {got} of {expected} bytes of {what}")]
    ClosedMidFrame {
        what: &'static str,
        got: u64,
        expected: u64,
    },

    /// A message does not fit in the agreed fixed size.
    #[error(
        "message of {len} bytes does not fit the fixed size of {size} bytes (raise it with --size)"
    )]
    MessageTooLong { len: usize, size: usize },

    /// Fixed-length framing needs a size of at least one byte.
    #[error("the fixed message size must be at least 1 byte")]
    ZeroSize,

    /// `bind` failed; the hint says what to try instead.
    #[error("cannot bind {addr}: {source}{hint}", hint = bind_hint(source))]
    Bind {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// `connect` failed; the hint says what to check.
    #[error("cannot connect to {addr}: {source}{hint}", hint = connect_hint(source))]
    Connect {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// An address on the command line that is not `HOST:PORT`.
    #[error("cannot resolve {addr:?}: {source} (expected HOST:PORT, e.g. 127.0.0.1:7878)")]
    Resolve {
        addr: String,
        #[source]
        source: io::Error,
    },

    /// The file header of demo 06 is not what the protocol allows.
    #[error("bad file header: {0}")]
    BadHeader(String),

    /// A file name sent by the peer that would escape the output folder.
    #[error("refused file name {name:?}: {reason}")]
    UnsafeFileName { name: String, reason: &'static str },

    /// The output file exists and `--force` was not given.
    #[error("{0} already exists; pass --force to replace it")]
    FileExists(String),

    /// The body did not hash to the digest the header promised.
    #[error("sha256 mismatch: the header promised {expected}, the body hashes to {actual}")]
    DigestMismatch { expected: String, actual: String },

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
        context: String,
        #[source]
        source: io::Error,
    },

    /// A number or `MIN..MAX` range on the command line outside what is allowed.
    #[error("{problem}; expected {shape} within {lowest}..{highest}")]
    BadRange {
        problem: String,
        shape: &'static str,
        lowest: u64,
        highest: u64,
    },

    /// A usage mistake the argument parser cannot see (a flag that needs another).
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Wraps an I/O error with a few words on what was being done.
    pub fn io(context: impl Into<String>) -> impl FnOnce(io::Error) -> Error {
        let context = context.into();
        move |source| {
            // A read timeout shows up as WouldBlock on Unix; say what it means.
            let source = match source.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the peer sent nothing for too long; is it running the same demo?",
                ),
                _ => source,
            };
            Error::Io { context, source }
        }
    }

    /// Wraps a file error with the path it concerns.
    pub fn file(path: impl AsRef<std::path::Path>) -> impl FnOnce(io::Error) -> Error {
        let path = path.as_ref().display().to_string();
        move |source| Error::File { path, source }
    }
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn bind_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::AddrInUse => {
            " — is another demo still running? try --bind 127.0.0.1:0 for a free port"
        }
        io::ErrorKind::AddrNotAvailable => {
            " — that address is not on this machine; try 127.0.0.1 or 0.0.0.0"
        }
        io::ErrorKind::PermissionDenied => " — ports below 1024 need privileges; try 7878",
        _ => "",
    }
}

fn connect_hint(e: &io::Error) -> &'static str {
    match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            " — is the server running? start it with `sticky serve N`"
        }
        io::ErrorKind::TimedOut => " — no answer; check the address and any firewall",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_timeout_is_worded_for_people() {
        let e = Error::io("reading frames")(io::Error::from(io::ErrorKind::WouldBlock));
        assert_eq!(
            e.to_string(),
            "reading frames: the peer sent nothing for too long; is it running the same demo?"
        );
        let e = Error::io("reading")(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(e.to_string().starts_with("reading: "));
    }
}
