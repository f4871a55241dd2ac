//! Turning the library's facts into advice for the person at the keyboard.
//!
//! The library says what happened ("frame of 83886080 bytes refused: the
//! limit is 8388608 bytes"); only the command knows which flag changes it,
//! and which demo is running. [`advice`] adds that, once, where `main`
//! prints the error.

use std::io::ErrorKind;

use sticky::Error;

use crate::app::help::WORDS;
use crate::tr;

/// What the command was doing when the error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doing {
    /// The demo number, when a demo was running.
    pub demo: Option<u8>,
    /// The length headers were little-endian (`--little-endian`).
    pub little_endian: bool,
}

/// The words to print after the error, starting with their own separator,
/// or an empty string when there is nothing to add. The words are
/// `help.ftl`'s, so both languages give the same advice for the same cases.
pub fn advice(e: &Error, doing: Doing) -> String {
    let order = || {
        if doing.little_endian {
            tr!(WORDS, "advice-big-endian")
        } else {
            tr!(WORDS, "advice-other-order")
        }
    };
    match e {
        Error::FrameTooLarge { len, max } | Error::HeaderTooLarge { len, max }
            if byte_swapped_fits(*len, *max) =>
        {
            tr!(WORDS, "advice-byte-order", order = order())
        }
        Error::FrameTooLarge { .. } => tr!(WORDS, "advice-max-frame"),
        Error::HeaderTooLarge { .. } => tr!(WORDS, "advice-max-header", order = order()),
        Error::MessageTooLong { .. } => tr!(WORDS, "advice-size"),
        Error::LineTooLong { .. } => tr!(WORDS, "advice-max-line"),
        Error::FileTooLarge { .. } => tr!(WORDS, "advice-max-file"),
        Error::FileExists(_) => tr!(WORDS, "advice-force"),
        Error::Bind { source, .. } => match source.kind() {
            ErrorKind::AddrInUse => tr!(WORDS, "advice-addr-in-use"),
            ErrorKind::AddrNotAvailable => tr!(WORDS, "advice-addr-not-here"),
            ErrorKind::PermissionDenied => tr!(WORDS, "advice-low-port"),
            _ => String::new(),
        },
        Error::Connect { source, .. } => match source.kind() {
            ErrorKind::ConnectionRefused => match doing.demo {
                Some(n) => tr!(WORDS, "advice-start-server", demo = n),
                None => tr!(WORDS, "advice-server-running"),
            },
            ErrorKind::TimedOut => tr!(WORDS, "advice-no-answer"),
            _ => String::new(),
        },
        Error::NoReply { .. } => tr!(WORDS, "advice-udp-server"),
        // The examiner knows demos 1, 4, 5, 6 and 7 and says which case breaks the server.
        Error::Mismatch { .. } => match doing.demo {
            Some(n @ (1 | 4 | 5 | 7)) => tr!(WORDS, "advice-check", demo = n),
            _ => tr!(WORDS, "advice-same-demo"),
        },
        Error::Silent { .. } => match doing.demo {
            Some(n) => tr!(WORDS, "advice-silent", demo = n),
            None => String::new(),
        },
        _ if closed_at_once(e) => tr!(WORDS, "advice-full"),
        _ => String::new(),
    }
}

/// A close before the first byte of a reply, or a reset: what a client sees
/// when a full server accepts its connection and closes it at once.
fn closed_at_once(e: &Error) -> bool {
    match e {
        Error::ClosedMidFrame { got: 0, .. } => true,
        Error::Io { source, .. } => source.kind() == ErrorKind::ConnectionReset,
        _ => false,
    }
}

/// A length that is absurd as sent but sensible with its bytes reversed is
/// the classic sign of a peer using the other byte order.
fn byte_swapped_fits(len: u64, max: u64) -> bool {
    let swapped = u64::from((len as u32).swap_bytes());
    len > max && swapped <= max && len <= u64::from(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    const DEMO_5: Doing = Doing {
        demo: Some(5),
        little_endian: false,
    };

    #[test]
    fn an_oversize_frame_suggests_the_limit_flag() {
        let e = Error::FrameTooLarge {
            len: 4_294_967_295,
            max: 8_388_608,
        };
        assert_eq!(advice(&e, DEMO_5), " (raise it with --max-frame)");
    }

    #[test]
    fn a_byte_swapped_length_suggests_the_other_byte_order() {
        // struct.pack('<I', 5) read as '!I' is 0x05000000 = 83886080.
        let e = Error::FrameTooLarge {
            len: 83_886_080,
            max: 8_388_608,
        };
        assert_eq!(
            advice(&e, DEMO_5),
            " (is the peer using the other byte order? see --little-endian)"
        );
        let little = Doing {
            little_endian: true,
            ..DEMO_5
        };
        assert!(advice(&e, little).contains("drop --little-endian"));
    }

    #[test]
    fn a_file_over_the_limit_suggests_max_file() {
        let e = Error::FileTooLarge { size: 9, max: 8 };
        assert_eq!(advice(&e, DEMO_5), " (raise it with --max-file)");
    }

    #[test]
    fn bind_and_connect_failures_say_what_to_try() {
        let e = Error::Bind {
            addr: "127.0.0.1:7878".into(),
            source: io::ErrorKind::AddrInUse.into(),
        };
        assert!(advice(&e, DEMO_5).contains("try --bind 127.0.0.1:0"));
        let e = Error::Connect {
            addr: "127.0.0.1:7878".into(),
            source: io::ErrorKind::ConnectionRefused.into(),
        };
        assert!(advice(&e, DEMO_5).contains("start it with `sticky serve 5`"));
    }

    #[test]
    fn chinese_gives_the_same_advice_with_its_own_separators() {
        use crate::app::lang::Lang;
        let e = Error::FileTooLarge { size: 9, max: 8 };
        let zh = |id: &str| WORDS.text_in(Lang::Zh, id, &[]);
        assert_eq!(zh("advice-max-file"), "（可以用 --max-file 调高上限）");
        assert!(!advice(&e, DEMO_5).is_empty());
        let args = [("demo", "5".to_string())];
        let start = WORDS.text_in(Lang::Zh, "advice-start-server", &args);
        assert_eq!(start, "——服务端在运行吗？用 `sticky serve 5` 启动它");
    }
}
