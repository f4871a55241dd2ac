//! Demo 08 measures a real kernel effect, so its test asserts a relation,
//! never a time: the request written in two pieces is at least 10 times
//! slower than every fix.
//!
//! Why this is reliable on Linux: the stall is a timer, not a race. The
//! server's delayed ACK waits at least 40 ms (the kernel's TCP_DELACK_MIN),
//! and load can only make it later; the fixed variants are loopback round
//! trips of tens of microseconds. For the relation to fail, a busy machine
//! would have to slow the median fixed request over 200 times, past 4 ms.
//! The first request of a connection is fast (a new connection acknowledges
//! at once), so with 5 requests the median is the third, always a stalled one.
//!
//! Linux has one way to switch the stall off for a whole system: the
//! `quickack` attribute of a route. If the demo reports no stall, the test
//! accepts that only when the loopback route carries that attribute.

mod common;

use std::time::Duration;

use common::{run, stderr, stdout};

/// The median column of the demo's table, by the row's variant name.
fn median_of(text: &str, variant: &str) -> Option<Duration> {
    let line = text.lines().find(|l| l.ends_with(variant))?;
    let figure = line.split_whitespace().next()?;
    let ms: f64 = figure.parse().ok()?;
    Some(Duration::from_secs_f64(ms / 1000.0))
}

/// Whether a loopback route has delayed ACKs switched off (`ip route ... quickack 1`).
fn loopback_quickack_route() -> bool {
    std::process::Command::new("ip")
        .args(["route", "show", "table", "local"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("quickack"))
        .unwrap_or(false)
}

#[test]
fn two_writes_stall_and_every_fix_is_at_least_ten_times_faster() {
    let out = run(&["run", "8", "--requests", "5", "--color", "never"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("  request ").count(), 5, "{text}");
    let stalled = median_of(&text, "header + body in two writes, Nagle on").expect("a row");
    let mut fixes = vec![
        median_of(&text, "fix 1: one write per request").expect("a row"),
        median_of(&text, "fix 2: TCP_NODELAY on the client").expect("a row"),
    ];
    if cfg!(target_os = "linux") {
        fixes.push(median_of(&text, "fix 3: TCP_QUICKACK on the server").expect("a row"));
    }
    let slowest_fix = fixes.into_iter().max().unwrap();
    let seen = stalled >= slowest_fix * 10;
    if seen {
        assert!(text.contains("result: the stall is real"), "{text}");
        return;
    }
    // No stall: the demo must say so rather than claim one...
    assert!(
        text.contains("result: no stall seen on this system"),
        "{text}"
    );
    // ...and on Linux that is only right when delayed ACKs are off by route.
    if cfg!(target_os = "linux") {
        assert!(
            loopback_quickack_route(),
            "Linux delays ACKs by at least 40 ms, but two writes took {stalled:?} against {slowest_fix:?}:\n{text}"
        );
    }
}

#[test]
fn requests_are_bounded() {
    for bad in ["0", "1001", "many"] {
        let out = run(&["run", "8", "--requests", bad]);
        assert_eq!(out.status.code(), Some(2), "--requests {bad}");
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    }
}

#[test]
fn serve_8_answers_connect_8() {
    let server = common::Server::start(&["8", "--clients", "3"]);
    let out = run(&[
        "connect",
        "8",
        "--requests",
        "3",
        "--color",
        "never",
        "--to",
        &server.addr.to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // Three client-side variants, one connection each.
    assert_eq!(
        text.matches("3 requests, the slowest took").count(),
        2,
        "{text}"
    );
    assert!(text.contains("result: "), "{text}");
    let (ok, out, _) = server.finish();
    assert!(ok);
    assert_eq!(out.matches("closed after 3 requests").count(), 3, "{out}");
}
