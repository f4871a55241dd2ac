//! # Demo 02 — udp: boundaries kept, bytes not guaranteed
//!
//! UDP sends datagrams: one `send_to` is one datagram, and one `recv_from`
//! returns exactly one datagram: never part of one with the rest kept for
//! later, never two glued together. That is why "UDP never sticks". The
//! price: a datagram longer than the receive buffer is cut, and the rest is
//! thrown away, not kept for the next call. (Across a real network datagrams can also be lost or
//! reordered; on loopback they rarely are, so this demo shows truncation.)
//!
//! ```text
//! one terminal:   sticky run 2
//! two terminals:  sticky serve 2                 sticky connect 2
//! with netcat:    sticky serve 2                 nc -u 127.0.0.1 7878   (each line is one datagram)
//! two machines:   sticky serve 2 --bind 0.0.0.0:7878
//!                 sticky connect 2 --to TEACHER_IP:7878
//! ```
//!
//! Wire format: one datagram per message, no header. The server answers each
//! datagram with one datagram of text: `got K of N bytes` (`got K of at
//! least K bytes` for one that filled the buffer off Linux, where the
//! kernel does not say how long it was).
//! Python: `s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)`,
//! `s.sendto(b'hi', ('127.0.0.1', 7878))`, `s.recvfrom(1024)`.

use crate::app::screen::say;
use std::net::{SocketAddr, UdpSocket};
use std::sync::LazyLock;
use std::time::Duration;

use colored::Colorize;
use sticky::boundary::printable;
use sticky::net::{recv_datagram, Datagram};
use sticky::{Error, Result};

use crate::app::i18n::Catalogue;
use crate::app::input;
use crate::app::lang::{lang, Lang};
use crate::app::screen::hanging;
use crate::tr;

/// The receive buffer, as in the lesson's `recvfrom(1024)`.
const BUF: usize = 1024;

/// Small datagrams first, then one too large for the buffer.
fn datagrams() -> Vec<Vec<u8>> {
    let mut list: Vec<Vec<u8>> = ["one", "two two", "three three three", "4", "five!"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    list.push(vec![b'x'; 2000]);
    list
}

/// Both sides in one process: the client sends everything, then the server
/// reads. The kernel queues each datagram whole in the meantime.
pub fn run() -> Result<()> {
    let server = bind_udp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let server_addr = server
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    // A UDP client binds too (to any free port) so replies can find it.
    let client = bind_udp(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    say(tr!(WORDS, "bound", addr = server_addr));

    let sent = datagrams();
    for d in &sent {
        client
            .send_to(d, server_addr)
            .map_err(Error::io("sending a datagram"))?;
        say(sent_line(d.len(), preview(d).cyan()));
    }

    let mut buf = [0u8; BUF];
    // `unknown`: datagrams that filled the buffer on a system that does not
    // say how long they were (all but Linux).
    let (mut whole, mut lost, mut unknown) = (0, 0, 0);
    for expected in &sent {
        let d = recv_datagram(&server, &mut buf).map_err(Error::io("receiving a datagram"))?;
        say(describe(&d, &buf));
        if buf[..d.kept] == expected[..] {
            whole += 1;
        }
        match d.lost() {
            Some(n) => lost += n,
            None => unknown += 1,
        }
    }
    say(hanging(&result(
        lang(),
        sent.len(),
        whole,
        lost,
        unknown,
        BUF,
    )));
    Ok(())
}

/// Receives datagrams and answers each with `got K of N bytes`.
pub fn serve(addr: SocketAddr, datagrams: Option<usize>) -> Result<()> {
    let socket = bind_udp(addr)?;
    let local = socket
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(tr!(WORDS, "serving", addr = local));
    let mut buf = [0u8; BUF];
    let mut seen = 0usize;
    while datagrams.is_none_or(|max| seen < max) {
        let d = recv_datagram(&socket, &mut buf).map_err(Error::io("receiving a datagram"))?;
        seen += 1;
        say(describe(&d, &buf));
        // The reply is protocol, not narration: the same in every language.
        let reply = match d.sent {
            Some(sent) => format!("got {} of {sent} bytes\n", d.kept),
            None => format!("got {} of at least {} bytes\n", d.kept, d.kept),
        };
        // A failed reply concerns that one client only; keep serving.
        if let Err(e) = socket.send_to(reply.as_bytes(), d.from) {
            eprintln!("{}", tr!(WORDS, "reply-failed", to = d.from, error = e));
        }
    }
    Ok(())
}

/// Sends the demo's datagrams (or, with `stdin`, one per line typed) to a
/// server and prints its replies, each checked against the one it calls for.
pub fn connect(addr: SocketAddr, stdin: bool) -> Result<()> {
    let any = if addr.is_ipv4() {
        SocketAddr::from(([0, 0, 0, 0], 0))
    } else {
        SocketAddr::from(([0u16; 8], 0))
    };
    let socket = bind_udp(any)?;
    say(if stdin {
        input::from_stdin()
    } else {
        hanging(&tr!(WORDS, "fixed-datagrams", addr = addr))
    });
    // An unconnected socket never hears that no server is there (a connected
    // one would get ECONNREFUSED from the ICMP reply), so wait a bounded time.
    socket
        .set_read_timeout(Some(Duration::from_secs(2)))
        .map_err(Error::io("setting a timeout"))?;
    let mut buf = [0u8; BUF];
    let (mut sent, mut replies) = (0, 0);
    let fixed = datagrams();
    let fixed: Vec<&str> = fixed
        .iter()
        .map(|d| std::str::from_utf8(d).unwrap_or_default())
        .collect();
    for d in input::messages(&fixed, stdin) {
        let d = d?;
        // Two datagrams unanswered in a row from the start: nobody is there,
        // and waiting out the rest would only delay saying so.
        if sent == 2 && replies == 0 {
            return Err(Error::NoReply {
                addr: addr.to_string(),
                sent,
            });
        }
        socket
            .send_to(&d, addr)
            .map_err(Error::io(format!("sending to {addr}")))?;
        sent += 1;
        say(sent_line(d.len(), preview(&d).cyan()));
        match socket.recv_from(&mut buf) {
            Ok((n, _)) => {
                replies += 1;
                let got = &buf[..n];
                let mismatch = check_reply(sent, d.len(), got);
                let text = printable(got);
                let text = if mismatch.is_ok() {
                    text.green()
                } else {
                    text.red()
                };
                say(tr!(WORDS, "reply", text = text));
                mismatch?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                say(tr!(WORDS, "no-reply", addr = addr))
            }
            Err(e) => return Err(Error::io(format!("receiving from {addr}"))(e)),
        }
    }
    // Some replies lost is UDP being UDP; none at all means nobody is there.
    if replies == 0 && sent > 0 {
        return Err(Error::NoReply {
            addr: addr.to_string(),
            sent,
        });
    }
    Ok(())
}

/// The reply `serve 2` gives a datagram of `len` bytes: `got K of N bytes`,
/// K at most the buffer; off Linux, for one that filled the buffer, `got K
/// of at least K bytes`. Either is accepted; anything else is a mismatch.
fn check_reply(number: usize, len: usize, got: &[u8]) -> Result<()> {
    let kept = len.min(BUF);
    let off_linux = format!("got {kept} of at least {kept} bytes\n");
    if kept == BUF && got == off_linux.as_bytes() {
        return Ok(());
    }
    let expected = format!("got {kept} of {len} bytes\n");
    Error::compare("reply", number, expected.as_bytes(), got)
}

fn bind_udp(addr: SocketAddr) -> Result<UdpSocket> {
    UdpSocket::bind(addr).map_err(|source| Error::Bind {
        addr: addr.to_string(),
        source,
    })
}

/// One received datagram: its size, its start, and whether it was cut (on
/// a line of its own, so that the line fits a slide).
fn describe(d: &Datagram, buf: &[u8]) -> String {
    let shown = preview(&buf[..d.kept]).green();
    let n = format!("{:>5}", d.kept);
    let cut = |verdict: String| {
        hanging(&tr!(
            WORDS,
            "received-cut",
            n = n,
            bytes = shown,
            verdict = verdict
        ))
    };
    match d.sent {
        Some(sent) if sent > d.kept => {
            let lost = sent - d.kept;
            cut(tr!(WORDS, "truncated", had = sent, lost = lost)
                .red()
                .bold()
                .to_string())
        }
        Some(_) => tr!(
            WORDS,
            "received",
            n = n,
            bytes = shown,
            verdict = tr!(WORDS, "whole")
        ),
        None => cut(filled(lang(), d.kept).yellow().bold().to_string()),
    }
}

/// A datagram sent, and its size.
fn sent_line(n: usize, bytes: impl std::fmt::Display) -> String {
    tr!(WORDS, "sent", n = format!("{n:>5}"), bytes = bytes)
}

/// Short datagrams as text; long ones summarised, so a line fits a slide.
fn preview(bytes: &[u8]) -> String {
    if bytes.len() <= 24 {
        printable(bytes)
    } else {
        tr!(
            WORDS,
            "long",
            start = printable(&bytes[..12]),
            len = bytes.len()
        )
    }
}

/// What a datagram that filled the buffer lost, off Linux: the kernel
/// does not say, so neither does the demo. This and [`result`] take the
/// language, so that a test on Linux can read both wordings.
fn filled(lang: Lang, kept: usize) -> String {
    WORDS.text_in(lang, "filled", &[("kept", kept.to_string())])
}

/// The round's verdict. `unknown`: datagrams that filled the buffer where
/// their length is not reported; `lost` counts the bytes lost by the others.
fn result(
    lang: Lang,
    datagrams: usize,
    whole: usize,
    lost: usize,
    unknown: usize,
    buf: usize,
) -> String {
    let buf = buf.to_string();
    let loss = match unknown {
        0 => WORDS.text_in(
            lang,
            "loss-counted",
            &[("lost", lost.to_string()), ("buf", buf.clone())],
        ),
        n => WORDS.text_in(
            lang,
            "loss-uncounted",
            &[("n", n.to_string()), ("buf", buf.clone())],
        ),
    };
    let args = [
        ("datagrams", datagrams.to_string()),
        ("whole", whole.to_string()),
        ("loss", loss),
    ];
    WORDS.text_in(lang, "result", &args)
}

/// Everything this demo prints, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../i18n/en/demo02.ftl"),
        include_str!("../i18n/zh/demo02.ftl"),
    )
});

#[cfg(test)]
mod tests {
    use super::{filled, result};
    use crate::app::lang::Lang;

    #[test]
    fn a_full_buffer_off_linux_is_not_called_whole_and_no_loss_is_invented() {
        let en = filled(Lang::En, 1024);
        assert!(en.contains("past 1024 bytes was thrown away"), "{en}");
        assert!(en.contains("only Linux says how much"), "{en}");
        let zh = filled(Lang::Zh, 1024);
        assert!(zh.contains("超过 1024 字节的部分都被丢弃了"), "{zh}");
        assert!(zh.contains("只有 Linux"), "{zh}");
        for lang in [Lang::En, Lang::Zh] {
            // No "0 bytes lost": the loss is unknown, not nothing.
            let result = result(lang, 6, 5, 0, 1, 1024);
            assert!(!result.contains(" 0 "), "{result}");
            assert!(result.contains("Linux"), "{result}");
        }
    }

    #[test]
    fn where_the_length_is_known_the_result_counts_the_bytes_lost() {
        assert!(result(Lang::En, 6, 5, 976, 0, 1024)
            .ends_with("; 976 bytes lost to a 1024-byte buffer"));
        assert!(
            result(Lang::Zh, 6, 5, 976, 0, 1024).ends_with("；1024 字节的缓冲区丢掉了 976 字节")
        );
    }
}
