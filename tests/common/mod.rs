//! Helpers shared by the integration tests: run the real `sticky` binary,
//! start a demo server on a free loopback port, and stop it for sure.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, Output, Stdio};

/// The `sticky` binary, without colour and without NO_COLOR from outside.
pub fn sticky() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sticky"));
    // English, no colour and the wide layout unless a test asks otherwise,
    // whatever the machine's locale, NO_COLOR and COLUMNS say.
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    cmd
}

/// Runs `sticky ARGS` to the end and returns its output.
pub fn run(args: &[&str]) -> Output {
    sticky()
        .args(args)
        .output()
        .expect("the sticky binary runs")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A demo server in a child process. It is started with `--clients N`, so it
/// stops by itself; dropping it kills it anyway, should a test fail first.
pub struct Server {
    child: Child,
    lines: BufReader<ChildStdout>,
    pub addr: SocketAddr,
    pub banner: String,
    /// Everything read from its standard output so far, banner included.
    seen: String,
}

impl Server {
    /// Starts `sticky serve ARGS --bind 127.0.0.1:0` and waits for its
    /// "listening on ADDR" line (which it prints once bound).
    pub fn start(args: &[&str]) -> Server {
        let mut cmd = sticky();
        cmd.arg("serve")
            .args(args)
            .args(["--bind", "127.0.0.1:0", "--color", "never"]);
        Server::spawn(cmd)
    }

    /// Starts any command that prints a banner with the address it listens
    /// on as its first line (a wrapper around `sticky serve`, a proxy …).
    pub fn spawn(mut cmd: Command) -> Server {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut banner = String::new();
        lines
            .read_line(&mut banner)
            .expect("the server prints a banner");
        let addr = banner
            .split_whitespace()
            // A Chinese banner puts a full-width comma or bracket after the address.
            .find_map(|w| w.split([',', ';', '，', '；', '（']).next()?.parse().ok())
            .unwrap_or_else(|| panic!("no address in the banner {banner:?}"));
        Server {
            child,
            lines,
            addr,
            seen: banner.clone(),
            banner,
        }
    }

    /// Reads the server's output up to and including the first line that
    /// contains `needle`, and returns that line: a way to wait for the server
    /// to reach a point, without sleeping. Panics if the server ends first.
    pub fn wait_for_line(&mut self, needle: &str) -> String {
        loop {
            let mut line = String::new();
            let n = self.lines.read_line(&mut line).expect("server stdout");
            assert!(
                n > 0,
                "the server ended before printing {needle:?}:\n{}",
                self.seen
            );
            self.seen.push_str(&line);
            if line.contains(needle) {
                return line;
            }
        }
    }

    /// The server's process id, to look at it in /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the server to stop by itself and returns (success, stdout
    /// after the banner, stderr).
    pub fn finish(mut self) -> (bool, String, String) {
        let mut out = self.seen.split_off(self.banner.len());
        self.lines.read_to_string(&mut out).expect("server stdout");
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            e.read_to_string(&mut err).expect("server stderr");
        }
        let status = self.child.wait().expect("the server exits");
        (status.success(), out, err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a Python 3 script with arguments; returns its output.
pub fn python(script: &str, args: &[&str]) -> Output {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is installed")
}
