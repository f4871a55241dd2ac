//! `sticky proxy --lang zh`: the banner, every connection's lines, the
//! totals and `--profile list` in Chinese, with the same numbers and bytes.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::Duration;

use common::{stdout, sticky, Server};
use unicode_width::UnicodeWidthStr;

/// Three ASCII letters in a row and no Chinese: a line left in English.
fn is_english(line: &str) -> bool {
    let cjk = line.chars().any(|c| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
    });
    let word = line
        .as_bytes()
        .windows(3)
        .any(|w| w.iter().all(u8::is_ascii_alphabetic));
    word && !cjk
}

#[test]
fn a_relayed_connection_is_narrated_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("proxy.svg");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let to = listener.local_addr().unwrap();
    let mut cmd = sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &to.to_string(), "--clients", "1"])
        .args(["--cut", "1..3", "--seed", "7", "--lang", "zh", "--svg"])
        .arg(&picture);
    let mut proxy = Server::spawn(cmd);
    assert!(proxy.banner.starts_with("代理：在 "), "{}", proxy.banner);
    let mut client = TcpStream::connect(proxy.addr).unwrap();
    proxy.wait_for_line("已连接；转发到");
    let (mut server, _) = listener.accept().unwrap();
    for s in [&client, &server] {
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    }
    client.write_all(b"hello, sticky").unwrap();
    client.shutdown(Shutdown::Write).unwrap();
    let mut got = Vec::new();
    server.read_to_end(&mut got).unwrap();
    assert_eq!(got, b"hello, sticky");
    server.write_all(b"bye").unwrap();
    drop(server);
    let mut back = Vec::new();
    client.read_to_end(&mut back).unwrap();
    assert_eq!(back, b"bye");
    let (ok, out, err) = proxy.finish();
    assert!(ok, "{err}");
    let english: Vec<&str> = out.lines().filter(|l| is_english(l)).collect();
    assert!(english.is_empty(), "in English:\n{}", english.join("\n"));
    assert!(
        out.contains("#1 客户端→服务端  读入       13 B  [hello, sticky]"),
        "{out}"
    );
    assert!(out.contains("#1 客户端→服务端  写出 "), "{out}");
    assert!(
        out.contains("#1 客户端→服务端  结束：读入 1 次，")
            && out.contains("共 13 字节；客户端关闭了发送方向"),
        "{out}"
    );
    assert!(
        out.contains("#1 服务端→客户端  结束：读入 1 次，写出 "),
        "{out}"
    );
    assert!(out.contains("代理：已把 2 个方向画进 "), "{out}");
    assert!(out.ends_with("代理：共转发了 1 个连接，结束\n"), "{out}");
    // The picture speaks Chinese too.
    let svg = std::fs::read_to_string(&picture).unwrap();
    assert!(
        svg.contains("#1 客户端→服务端：上面是代理的每次读入"),
        "{svg}"
    );
    assert!(
        svg.contains("粗框：一次写出") && !svg.contains("the proxy"),
        "{svg}"
    );
}

#[test]
fn the_profiles_are_listed_in_chinese_with_the_same_figures() {
    let zh = sticky()
        .args(["proxy", "--profile", "list", "--lang", "zh"])
        .output()
        .unwrap();
    let en = sticky()
        .args(["proxy", "--profile", "list", "--lang", "en"])
        .output()
        .unwrap();
    let (zh, en) = (stdout(&zh), stdout(&en));
    assert!(zh.contains("lossy  繁忙的移动网络"), "{zh}");
    assert!(!zh.lines().any(is_english), "{zh}");
    let digits = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|s| !s.is_empty() && *s != ".")
            .map(str::to_string)
            .collect()
    };
    assert_eq!(digits(&zh), digits(&en));
}

#[test]
fn the_chinese_banner_fits_80_columns() {
    let out = sticky()
        .args(["proxy", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:1"])
        .args([
            "--clients",
            "0",
            "--profile",
            "lossy",
            "--delay-ms",
            "10..20",
        ])
        .args(["--lang", "zh", "--color", "never"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.lines().count() >= 6, "{text}");
    for line in text.lines() {
        assert!(line.width() <= 80, "{line}");
        // A continuation sits under the text after "代理：".
        assert!(
            line.starts_with("代理：") || line.starts_with("      "),
            "{line}"
        );
    }
}

#[test]
fn a_server_that_is_down_is_one_chinese_line_per_client() {
    // A port nobody listens on.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let down = listener.local_addr().unwrap();
    drop(listener);
    let mut cmd = sticky();
    cmd.args(["proxy", "--listen", "127.0.0.1:0", "--color", "never"])
        .args(["--to", &down.to_string(), "--clients", "1", "--lang", "zh"]);
    let proxy = Server::spawn(cmd);
    let mut client = TcpStream::connect(proxy.addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    // Reset by the proxy: an error, or at least no byte.
    let mut got = Vec::new();
    let _ = client.read_to_end(&mut got);
    assert!(got.is_empty());
    let (ok, _, err) = proxy.finish();
    assert!(ok, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("#1 127.0.0.1:"), "{err}");
    assert!(err.contains(&down.to_string()), "{err}");
    assert!(err.trim_end().ends_with("；已重置客户端的连接"), "{err}");
    assert!(!is_english(&err), "{err}");
}
