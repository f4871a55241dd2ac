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
use std::time::Duration;

use colored::Colorize;
use sticky::boundary::printable;
use sticky::net::{recv_datagram, Datagram};
use sticky::{Error, Result};

use crate::app::input;
use crate::app::lang::lang;

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
    say(words::bound(server_addr));

    let sent = datagrams();
    for d in &sent {
        client
            .send_to(d, server_addr)
            .map_err(Error::io("sending a datagram"))?;
        say(words::sent(d.len(), preview(d).cyan()));
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
    say(words::result(lang(), sent.len(), whole, lost, unknown, BUF));
    Ok(())
}

/// Receives datagrams and answers each with `got K of N bytes`.
pub fn serve(addr: SocketAddr, datagrams: Option<usize>) -> Result<()> {
    let socket = bind_udp(addr)?;
    let local = socket
        .local_addr()
        .map_err(Error::io("reading the bound address"))?;
    say(words::serving(local));
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
            eprintln!("{}", words::reply_failed(d.from, e));
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
        words::fixed_datagrams(addr)
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
        say(words::sent(d.len(), preview(&d).cyan()));
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
                say(words::reply(text));
                mismatch?;
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                say(words::no_reply(addr))
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

/// One received datagram: its size, its start, and whether it was cut.
fn describe(d: &Datagram, buf: &[u8]) -> String {
    let shown = preview(&buf[..d.kept]).green();
    match d.sent {
        Some(sent) if sent > d.kept => {
            let cut = words::truncated(sent, sent - d.kept).red().bold();
            words::received(d.kept, shown, cut)
        }
        Some(_) => words::received(d.kept, shown, words::whole()),
        None => {
            let filled = words::filled(lang(), d.kept).yellow().bold();
            words::received(d.kept, shown, filled)
        }
    }
}

/// Short datagrams as text; long ones summarised, so a line fits a slide.
fn preview(bytes: &[u8]) -> String {
    if bytes.len() <= 24 {
        printable(bytes)
    } else {
        words::long(printable(&bytes[..12]), bytes.len())
    }
}

/// Everything this demo prints, in one place, in each language it speaks.
mod words {
    use std::fmt::Display;
    use std::net::SocketAddr;

    use crate::app::lang::{lang, Lang};

    pub fn bound(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => {
                format!("server: bound {addr} (no listen, no accept: UDP has no connections)")
            }
            Lang::Zh => {
                format!("服务端：已绑定 {addr}（没有 listen，也没有 accept：UDP 没有连接）")
            }
        }
    }

    pub fn sent(n: usize, bytes: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: sendto   {n:>5} bytes  {bytes}"),
            Lang::Zh => format!("客户端：sendto   {n:>5} 字节  {bytes}"),
        }
    }

    pub fn received(n: usize, bytes: impl Display, verdict: impl Display) -> String {
        match lang() {
            Lang::En => format!("server: recvfrom {n:>5} bytes  {bytes}  {verdict}"),
            Lang::Zh => format!("服务端：recvfrom {n:>5} 字节  {bytes}  {verdict}"),
        }
    }

    pub fn whole() -> String {
        match lang() {
            Lang::En => "whole".into(),
            Lang::Zh => "完整".into(),
        }
    }

    pub fn truncated(had: usize, lost: usize) -> String {
        match lang() {
            Lang::En => {
                format!("TRUNCATED: the datagram had {had} bytes, {lost} were thrown away")
            }
            Lang::Zh => format!("被截断：这个数据报有 {had} 字节，其中 {lost} 字节被丢弃"),
        }
    }

    pub fn long(start: impl Display, len: usize) -> String {
        match lang() {
            Lang::En => format!("{start}... ({len} bytes)"),
            Lang::Zh => format!("{start}...（共 {len} 字节）"),
        }
    }

    /// Off Linux, a datagram that fills the buffer may have been longer:
    /// the kernel does not say, so neither does the demo. This and `result`
    /// take the language, so that a test on Linux can read both wordings.
    pub fn filled(lang: Lang, kept: usize) -> String {
        match lang {
            Lang::En => format!(
                "FILLED the buffer: anything past {kept} bytes was thrown away, \
                 and only Linux says how much (MSG_TRUNC)"
            ),
            Lang::Zh => format!(
                "填满了缓冲区：超过 {kept} 字节的部分都被丢弃了，丢了多少只有 Linux 会说（MSG_TRUNC）"
            ),
        }
    }

    /// `unknown`: datagrams that filled the buffer where their length is not
    /// reported; `lost` counts the bytes lost by the others.
    pub fn result(
        lang: Lang,
        datagrams: usize,
        whole: usize,
        lost: usize,
        unknown: usize,
        buf: usize,
    ) -> String {
        let loss = match (lang, unknown) {
            (Lang::En, 0) => format!("{lost} bytes lost to a {buf}-byte buffer"),
            (Lang::En, n) => format!(
                "{n} filled the {buf}-byte buffer and lost bytes this system does not count \
                 (Linux does)"
            ),
            (Lang::Zh, 0) => format!("{buf} 字节的缓冲区丢掉了 {lost} 字节"),
            (Lang::Zh, n) => format!(
                "有 {n} 个填满了 {buf} 字节的缓冲区，丢了多少字节，这个系统不报告（Linux 会报告）"
            ),
        };
        match lang {
            Lang::En => format!(
                "result: {datagrams} sendto, {datagrams} recvfrom: {whole} datagrams arrived whole \
                 and none glued together; {loss}"
            ),
            Lang::Zh => format!(
                "结果：{datagrams} 次 sendto，{datagrams} 次 recvfrom：{whole} 个数据报完整到达，\
                 没有任何两个粘在一起；{loss}"
            ),
        }
    }

    pub fn serving(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("server: listening on udp {addr} (Ctrl-C to stop)"),
            Lang::Zh => format!("服务端：正在监听 udp {addr}（按 Ctrl-C 停止）"),
        }
    }

    pub fn reply_failed(to: SocketAddr, e: impl Display) -> String {
        match lang() {
            Lang::En => format!("client {to}: {e}"),
            Lang::Zh => format!("客户端 {to}：{e}"),
        }
    }

    pub fn fixed_datagrams(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => {
                format!(
                    "client: sends six fixed datagrams to {addr} (--stdin sends your own lines)"
                )
            }
            Lang::Zh => {
                format!("客户端：向 {addr} 发送六个固定的数据报（加 --stdin 就发送你自己输入的行）")
            }
        }
    }

    pub fn reply(text: impl Display) -> String {
        match lang() {
            Lang::En => format!("client: reply    {text}"),
            Lang::Zh => format!("客户端：回复     {text}"),
        }
    }

    pub fn no_reply(addr: SocketAddr) -> String {
        match lang() {
            Lang::En => format!("client: no reply within 2 s (lost, or no server at {addr})"),
            Lang::Zh => format!("客户端：2 秒内没有回复（丢了，或者 {addr} 上没有服务端）"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::words;
    use crate::app::lang::Lang;

    #[test]
    fn a_full_buffer_off_linux_is_not_called_whole_and_no_loss_is_invented() {
        let en = words::filled(Lang::En, 1024);
        assert!(en.contains("past 1024 bytes was thrown away"), "{en}");
        assert!(en.contains("only Linux says how much"), "{en}");
        let zh = words::filled(Lang::Zh, 1024);
        assert!(zh.contains("超过 1024 字节的部分都被丢弃了"), "{zh}");
        assert!(zh.contains("只有 Linux"), "{zh}");
        for lang in [Lang::En, Lang::Zh] {
            // No "0 bytes lost": the loss is unknown, not nothing.
            let result = words::result(lang, 6, 5, 0, 1, 1024);
            assert!(!result.contains(" 0 "), "{result}");
            assert!(result.contains("Linux"), "{result}");
        }
    }

    #[test]
    fn where_the_length_is_known_the_result_counts_the_bytes_lost() {
        assert!(words::result(Lang::En, 6, 5, 976, 0, 1024)
            .ends_with("; 976 bytes lost to a 1024-byte buffer"));
        assert!(words::result(Lang::Zh, 6, 5, 976, 0, 1024)
            .ends_with("；1024 字节的缓冲区丢掉了 976 字节"));
    }
}
