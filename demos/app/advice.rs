//! Turning the library's facts into advice for the person at the keyboard.
//!
//! The library says what happened ("frame of 83886080 bytes refused: the
//! limit is 8388608 bytes"); only the command knows which flag changes it,
//! and which demo is running. [`advice`] adds that, once, where `main`
//! prints the error.

use std::io::ErrorKind;

use sticky::Error;

use crate::app::lang::{lang, Lang};

/// What the command was doing when the error happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doing {
    /// The demo number, when a demo was running.
    pub demo: Option<u8>,
    /// The length headers were little-endian (`--little-endian`).
    pub little_endian: bool,
}

/// The words to print after the error, starting with their own separator,
/// or an empty string when there is nothing to add.
pub fn advice(e: &Error, doing: Doing) -> String {
    match lang() {
        Lang::En => advice_en(e, doing),
        Lang::Zh => advice_zh(e, doing),
    }
}

fn advice_en(e: &Error, doing: Doing) -> String {
    let other_order = if doing.little_endian {
        "is the peer using big-endian '!I'? drop --little-endian"
    } else {
        "is the peer using the other byte order? see --little-endian"
    };
    match e {
        Error::FrameTooLarge { len, max } if byte_swapped_fits(*len, *max) => {
            format!(" ({other_order})")
        }
        Error::FrameTooLarge { .. } => " (raise it with --max-frame)".into(),
        Error::HeaderTooLarge { len, max } if byte_swapped_fits(*len, *max) => {
            format!(" ({other_order})")
        }
        Error::HeaderTooLarge { .. } => {
            format!(" (raise it with --max-header; or {other_order})")
        }
        Error::MessageTooLong { .. } => " (raise it with --size)".into(),
        Error::LineTooLong { .. } => " (raise it with --max-line)".into(),
        Error::FileTooLarge { .. } => " (raise it with --max-file)".into(),
        Error::FileExists(_) => "; pass --force to replace it".into(),
        Error::Bind { source, .. } => match source.kind() {
            ErrorKind::AddrInUse => {
                " — is another demo still running? try --bind 127.0.0.1:0 for a free port".into()
            }
            ErrorKind::AddrNotAvailable => {
                " — that address is not on this machine; try 127.0.0.1 or 0.0.0.0".into()
            }
            ErrorKind::PermissionDenied => " — ports below 1024 need privileges; try 7878".into(),
            _ => String::new(),
        },
        Error::Connect { source, .. } => match source.kind() {
            ErrorKind::ConnectionRefused => match doing.demo {
                Some(n) => format!(" — is the server running? start it with `sticky serve {n}`"),
                None => " — is the server running?".into(),
            },
            ErrorKind::TimedOut => " — no answer; check the address and any firewall".into(),
            _ => String::new(),
        },
        Error::NoReply { .. } => " — is `sticky serve 2` running there?".into(),
        // The examiner knows demos 1, 4, 5, 6 and 7 and says which case breaks the server.
        Error::Mismatch { .. } => match doing.demo {
            Some(n @ (1 | 4 | 5 | 7)) => format!(
                " — the server did not keep the messages apart; `sticky check {n}` shows where"
            ),
            _ => " — is the server running the same demo?".into(),
        },
        Error::Silent { .. } => match doing.demo {
            Some(n) => format!("; is it running demo {n} too?"),
            None => String::new(),
        },
        _ if closed_at_once(e) => {
            " — the server closed the connection at once: it may be full (its --max-clients, or --max-per-address for one machine)".into()
        }
        _ => String::new(),
    }
}

/// The same advice in Chinese: the same cases, the same flags.
fn advice_zh(e: &Error, doing: Doing) -> String {
    let other_order = if doing.little_endian {
        "对端用的是不是大端 '!I'？那就去掉 --little-endian"
    } else {
        "对端用的是不是另一种字节序？见 --little-endian"
    };
    match e {
        Error::FrameTooLarge { len, max } if byte_swapped_fits(*len, *max) => {
            format!("（{other_order}）")
        }
        Error::FrameTooLarge { .. } => "（可以用 --max-frame 调高上限）".into(),
        Error::HeaderTooLarge { len, max } if byte_swapped_fits(*len, *max) => {
            format!("（{other_order}）")
        }
        Error::HeaderTooLarge { .. } => {
            format!("（可以用 --max-header 调高上限；或者：{other_order}）")
        }
        Error::MessageTooLong { .. } => "（可以用 --size 调大定长）".into(),
        Error::LineTooLong { .. } => "（可以用 --max-line 调高上限）".into(),
        Error::FileExists(_) => "；加上 --force 可以覆盖它".into(),
        Error::Bind { source, .. } => match source.kind() {
            ErrorKind::AddrInUse => {
                "——是不是还有别的演示在运行？试试 --bind 127.0.0.1:0，让系统挑一个空闲端口".into()
            }
            ErrorKind::AddrNotAvailable => "——这个地址不在本机上；试试 127.0.0.1 或 0.0.0.0".into(),
            ErrorKind::PermissionDenied => "——1024 以下的端口需要特权；试试 7878".into(),
            _ => String::new(),
        },
        Error::Connect { source, .. } => match source.kind() {
            ErrorKind::ConnectionRefused => match doing.demo {
                Some(n) => format!("——服务端在运行吗？用 `sticky serve {n}` 启动它"),
                None => "——服务端在运行吗？".into(),
            },
            ErrorKind::TimedOut => "——没有应答；检查一下地址和防火墙".into(),
            _ => String::new(),
        },
        Error::NoReply { .. } => "——那边在运行 `sticky serve 2` 吗？".into(),
        Error::Mismatch { .. } => match doing.demo {
            Some(n @ (1 | 4 | 5 | 7)) => {
                format!("——服务端没能把消息一条条分开；用 `sticky check {n}` 可以看出问题在哪")
            }
            _ => "——服务端运行的也是同一个演示吗？".into(),
        },
        Error::Silent { .. } => match doing.demo {
            Some(n) => format!("；对端运行的也是演示 {n} 吗？"),
            None => String::new(),
        },
        _ if closed_at_once(e) => {
            "——服务端一连上就关闭了连接：它可能已经满了（见它的 --max-clients，同一台机器还有 --max-per-address）".into()
        }
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
}
