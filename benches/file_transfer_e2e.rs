//! Whole processes, one large file: `sticky serve 6` -> `sticky connect 6`
//! against the lesson's own protocol in Python (`benches/lesson_sender.py`
//! -> `benches/lesson_receiver.py`: struct 'i' + JSON + 8192-byte chunks).
//!
//! ```text
//! cargo bench --bench file_transfer_e2e                      512 MiB, 5 runs of each
//! cargo bench --bench file_transfer_e2e -- --mib 1024 --runs 3 --chunks 8192
//! cargo bench --bench file_transfer_e2e -- --runs 5 --chunks 8192,1048576 --digests blake3,both
//! ```
//!
//! `--digests` runs `serve 6 --digest NAME` for each name given, as further
//! configurations in the same alternation; without it, `serve 6` runs with
//! its default (BLAKE3 alone in the first client's trailer).
//!
//! Two cases, each with a fresh server process:
//!
//! - **first transfer**: the clock starts when the sender process is
//!   started, and stops when both processes have exited. This is what a
//!   teacher waits for with a freshly made file: everything the server does
//!   before the body goes out (reading the file to hash it, in sticky's
//!   case, before the digest moved to a trailer) is inside the time.
//! - **later transfer**: sticky's server serves two clients; the first is
//!   not timed, and the clock runs from starting the second receiver until
//!   both processes have exited: a served file whose digests are known. The
//!   lesson's sender serves one client and keeps nothing, so its later
//!   transfer is its first one, timed from when it is listening.
//!
//! The file goes into a fresh folder on a RAM disk (/dev/shm when present),
//! so the disk is not what is measured, and is compared with the source
//! afterwards, outside the timing. The configurations take turns run by
//! run, so a busy moment on the machine falls on all of them alike; the
//! ratios to the lesson are taken run by run, then their median.
//!
//! Printed per configuration and case: the median wall time (and the
//! range), the median of the run-by-run ratios to the lesson, the CPU each
//! side spent in the timed part (user and system, from `wait4`), and each
//! side's maximum resident memory. Linux only: it reads `/proc` and calls
//! `wait4`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const LESSON_CHUNK: usize = 8192;

fn main() {
    let opts = match Opts::parse(std::env::args().skip(1)) {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&opts) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

struct Opts {
    mib: u64,
    runs: usize,
    chunks: Vec<usize>,
    /// `serve 6 --digest` values to compare; `None`: the server's default.
    digests: Vec<Option<&'static str>>,
}

impl Opts {
    fn parse(args: impl Iterator<Item = String>) -> Result<Opts, String> {
        let mut opts = Opts {
            mib: 512,
            runs: 5,
            chunks: vec![8192, 262_144, 1 << 20],
            digests: vec![None],
        };
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            let mut value = || args.next().ok_or(format!("{arg} needs a value"));
            match arg.as_str() {
                // cargo bench passes --bench; nothing to do with it.
                "--bench" => {}
                "--mib" => opts.mib = number(&value()?, 1, 16 << 10)?,
                "--runs" => opts.runs = number(&value()?, 1, 100)? as usize,
                "--chunks" => {
                    opts.chunks = value()?
                        .split(',')
                        .map(|c| number(c, 1, 64 << 20).map(|n| n as usize))
                        .collect::<Result<_, _>>()?
                }
                "--digests" => {
                    opts.digests = value()?
                        .split(',')
                        .map(|d| match d {
                            "blake3" => Ok(Some("blake3")),
                            "sha256" => Ok(Some("sha256")),
                            "both" => Ok(Some("both")),
                            _ => Err(format!("{d:?} is not blake3, sha256 or both")),
                        })
                        .collect::<Result<_, _>>()?
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(opts)
    }
}

fn number(s: &str, min: u64, max: u64) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{s:?} is not a number from {min} to {max}")),
    }
}

/// Who sends and receives, and with what chunk.
#[derive(Clone, Copy, PartialEq)]
enum Pair {
    Lesson,
    /// The chunk, and `serve 6 --digest` (`None`: not passed).
    Sticky(usize, Option<&'static str>),
}

impl Pair {
    fn label(self) -> String {
        match self {
            Pair::Lesson => "lesson's Python, 8 KiB, no check".into(),
            Pair::Sticky(c, None) => format!("sticky, {}, verified", size_words(c)),
            Pair::Sticky(c, Some(d)) => format!("sticky, {}, --digest {d}", size_words(c)),
        }
    }
}

/// Which transfer of a served file is timed.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    /// A fresh server's first client: the clock starts with the server.
    First,
    /// A later client of a server that has sent the file once already.
    Later,
}

impl Case {
    fn title(self) -> &'static str {
        match self {
            Case::First => "first transfer (from server start)",
            Case::Later => "later transfer (served file)",
        }
    }
}

/// CPU and memory of one process, in the timed part.
#[derive(Clone, Copy, Default)]
struct Usage {
    user: f64,
    sys: f64,
    max_rss_kib: u64,
}

struct Sample {
    wall: f64,
    sender: Usage,
    receiver: Usage,
}

fn run(opts: &Opts) -> Result<(), String> {
    let sticky = env!("CARGO_BIN_EXE_sticky");
    let benches = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches");
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let scratch = tempfile::Builder::new()
        .prefix("sticky-e2e-")
        .tempdir_in(&base)
        .map_err(|e| format!("scratch folder in {}: {e}", base.display()))?;
    let size = opts.mib << 20;
    let source = scratch.path().join("big.bin");
    write_source(&source, size)?;
    println!(
        "{} MiB from {} to a fresh folder there; {} alternated runs of each; {} cores",
        opts.mib,
        base.display(),
        opts.runs,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let mut pairs = vec![Pair::Lesson];
    for &digest in &opts.digests {
        pairs.extend(opts.chunks.iter().map(|&c| Pair::Sticky(c, digest)));
    }
    let cases = [Case::First, Case::Later];
    // samples[case][pair]: one Sample per run.
    let mut samples: Vec<Vec<Vec<Sample>>> = cases
        .iter()
        .map(|_| pairs.iter().map(|_| Vec::new()).collect())
        .collect();
    for run in 0..opts.runs {
        for (c, &case) in cases.iter().enumerate() {
            for k in 0..pairs.len() {
                // Rotate the order, so no configuration always runs first.
                let i = (k + run) % pairs.len();
                let out = scratch.path().join(format!("out-{run}-{c}-{i}"));
                std::fs::create_dir(&out).map_err(|e| e.to_string())?;
                let sample = match pairs[i] {
                    Pair::Lesson => lesson_once(&benches, &source, &out, case)?,
                    Pair::Sticky(chunk, digest) => {
                        sticky_once(sticky, &source, &out, chunk, digest, case)?
                    }
                };
                same_bytes(&source, &out.join("big.bin"))?;
                std::fs::remove_dir_all(&out).map_err(|e| e.to_string())?;
                samples[c][i].push(sample);
            }
        }
    }

    for (c, case) in cases.iter().enumerate() {
        let lesson = &samples[c][0];
        println!(
            "\n{:<38} {:>19} {:>8}  {:>21}  {:>21}",
            case.title(),
            "wall (range)",
            "/lesson",
            "sender user+sys, RSS",
            "receiver user+sys, RSS"
        );
        for (pair, s) in pairs.iter().zip(&samples[c]) {
            let wall = median(s.iter().map(|x| x.wall).collect());
            let lo = s.iter().map(|x| x.wall).fold(f64::MAX, f64::min);
            let hi = s.iter().map(|x| x.wall).fold(0.0, f64::max);
            println!(
                "{:<38} {:>5.2} s ({:.2}-{:.2}) {:>7.2}x  {}  {}",
                pair.label(),
                wall,
                lo,
                hi,
                ratio(s, lesson),
                usage_words(s.iter().map(|x| x.sender).collect()),
                usage_words(s.iter().map(|x| x.receiver).collect()),
            );
        }
    }
    let mb = size as f64 / 1e6;
    println!("\nCPU per byte, ns (median user+sys per side), first / later transfer:");
    for (i, pair) in pairs.iter().enumerate() {
        let per = |c: usize, side: fn(&Sample) -> Usage| {
            median(
                samples[c][i]
                    .iter()
                    .map(|x| side(x).user + side(x).sys)
                    .collect(),
            ) / mb
                * 1e3
        };
        println!(
            "  {:<38} sender {:.2} / {:.2}  receiver {:.2} / {:.2}",
            pair.label(),
            per(0, |x| x.sender),
            per(1, |x| x.sender),
            per(0, |x| x.receiver),
            per(1, |x| x.receiver)
        );
    }
    println!();
    for (c, case) in cases.iter().enumerate() {
        let lesson = &samples[c][0];
        for (i, pair) in pairs.iter().enumerate() {
            if matches!(pair, Pair::Sticky(LESSON_CHUNK, _)) {
                println!(
                    "{}: {} / lesson at 8 KiB: {:.2} (target: at most 0.80)",
                    case.title(),
                    pair.label(),
                    ratio(&samples[c][i], lesson)
                );
            }
        }
        let best = (1..pairs.len())
            .map(|i| (i, ratio(&samples[c][i], lesson)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, r)) = best {
            println!(
                "{}: sticky at its best here ({}) / lesson at 8 KiB: {r:.2} (target: at most 0.50)",
                case.title(),
                pairs[i].label(),
            );
        }
    }
    Ok(())
}

/// The median of the run-by-run ratios of `s`'s wall time to the lesson's:
/// each pair ran within seconds of each other, so a slow spell of the
/// machine falls on both.
fn ratio(s: &[Sample], lesson: &[Sample]) -> f64 {
    median(s.iter().zip(lesson).map(|(x, l)| x.wall / l.wall).collect())
}

fn usage_words(u: Vec<Usage>) -> String {
    let user = median(u.iter().map(|u| u.user).collect());
    let sys = median(u.iter().map(|u| u.sys).collect());
    let rss = u.iter().map(|u| u.max_rss_kib).max().unwrap_or(0);
    format!("{user:.2}+{sys:.2} s, {:>4.1} MiB", rss as f64 / 1024.0)
}

fn size_words(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn lesson_once(benches: &Path, source: &Path, out: &Path, case: Case) -> Result<Sample, String> {
    let started = Instant::now();
    let mut sender = spawn(
        Command::new("python3")
            .arg(benches.join("lesson_sender.py"))
            .arg(source),
    )?;
    let mut lines = BufReader::new(sender.stdout.take().ok_or("no stdout")?);
    let port = read_line(&mut lines)?.trim().to_string();
    let (started, before) = match case {
        Case::First => (started, Usage::default()),
        Case::Later => (Instant::now(), cpu_so_far(sender.id())?),
    };
    let receiver = spawn(
        Command::new("python3")
            .arg(benches.join("lesson_receiver.py"))
            .arg(&port)
            .arg(out),
    )?;
    finish(sender, before, receiver, started)
}

fn sticky_once(
    sticky: &str,
    source: &Path,
    out: &Path,
    chunk: usize,
    digest: Option<&str>,
    case: Case,
) -> Result<Sample, String> {
    let chunk = chunk.to_string();
    let clients = match case {
        Case::First => "1",
        Case::Later => "2",
    };
    let started = Instant::now();
    let mut sender = spawn(
        Command::new(sticky)
            .args(["serve", "6", "--bind", "127.0.0.1:0", "--clients", clients])
            .args(["--color", "never", "--chunk", &chunk])
            .args(digest.map(|d| ["--digest", d]).into_iter().flatten())
            .arg("--file")
            .arg(source),
    )?;
    let mut lines = BufReader::new(sender.stdout.take().ok_or("no stdout")?);
    let banner = read_line(&mut lines)?;
    let addr = banner
        .split_whitespace()
        .find(|w| w.starts_with("127.0.0.1:"))
        .map(|w| w.trim_end_matches([',', ';']).to_string())
        .ok_or(format!("no address in {banner:?}"))?;
    let receive = || -> Result<Child, String> {
        spawn(Command::new(sticky).args([
            "connect",
            "6",
            "--color",
            "never",
            "--chunk",
            &chunk,
            "--to",
            &addr,
            "--out",
            out.to_str().ok_or("out folder is not UTF-8")?,
        ]))
    };
    let (started, before) = match case {
        Case::First => (started, Usage::default()),
        Case::Later => {
            // The untimed first client; its file is replaced by the timed one.
            let mut first = receive()?;
            let status = first.wait().map_err(|e| e.to_string())?;
            if !status.success() {
                return Err(format!("the untimed first client failed: {status}"));
            }
            std::fs::remove_file(out.join("big.bin")).map_err(|e| e.to_string())?;
            // The server has said what it did with the first client.
            while !read_line(&mut lines)?.contains("saved big.bin") {}
            (Instant::now(), cpu_so_far(sender.id())?)
        }
    };
    // The rest of the sender's output is not needed; keep the pipe drained.
    std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
    let receiver = receive()?;
    finish(sender, before, receiver, started)
}

fn spawn(cmd: &mut Command) -> Result<Child, String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("starting {cmd:?}: {e}"))
}

fn read_line(r: &mut impl BufRead) -> Result<String, String> {
    let mut line = String::new();
    match r.read_line(&mut line) {
        Ok(0) => Err("the sender ended before it was ready".into()),
        Ok(_) => Ok(line),
        Err(e) => Err(e.to_string()),
    }
}

/// Waits for both processes; the wall time ends when the later one exits.
fn finish(
    sender: Child,
    before: Usage,
    receiver: Child,
    started: Instant,
) -> Result<Sample, String> {
    let mut receiver = receiver;
    // The receiver prints a few lines; drain them so it never blocks on the pipe.
    if let Some(mut out) = receiver.stdout.take() {
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    }
    let got = wait_usage(&receiver)?;
    let sent = wait_usage(&sender)?;
    let wall = started.elapsed().as_secs_f64();
    Ok(Sample {
        wall,
        sender: Usage {
            user: sent.user - before.user,
            sys: sent.sys - before.sys,
            max_rss_kib: sent.max_rss_kib,
        },
        receiver: got,
    })
}

/// `wait4(2)`: the exit status and the child's own resource usage.
fn wait_usage(child: &Child) -> Result<Usage, String> {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's, not yet reaped; both pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    if pid < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        return Err(format!("process {} failed: status {status}", child.id()));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Usage {
        user: secs(ru.ru_utime),
        sys: secs(ru.ru_stime),
        max_rss_kib: ru.ru_maxrss as u64,
    })
}

/// CPU a process has used so far, from /proc/PID/stat (fields 14 and 15, in ticks).
fn cpu_so_far(pid: u32) -> Result<Usage, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // The command name may hold spaces; the fields after it do not.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // SAFETY: sysconf has no memory effects.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
            / hz
    };
    // After ")": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    Ok(Usage {
        user: tick(11),
        sys: tick(12),
        max_rss_kib: 0,
    })
}

/// Pseudo-random bytes, so nothing along the way can compress or skip them.
fn write_source(path: &Path, size: u64) -> Result<(), String> {
    let mut rng = sticky::resegment::SplitMix64::new(13);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    let mut block = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        for word in block.chunks_mut(8) {
            word.copy_from_slice(&rng.next_u64().to_le_bytes());
        }
        let n = left.min(block.len() as u64) as usize;
        w.write_all(&block[..n]).map_err(|e| e.to_string())?;
        left -= n as u64;
    }
    w.flush().map_err(|e| e.to_string())
}

/// The received file must be the source, byte for byte.
fn same_bytes(a: &Path, b: &Path) -> Result<(), String> {
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()));
    let (mut x, mut y) = (open(a)?, open(b)?);
    let (mut bx, mut by) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
    loop {
        let n = x.read(&mut bx).map_err(|e| e.to_string())?;
        let mut m = 0;
        while m < n {
            match y.read(&mut by[m..n]).map_err(|e| e.to_string())? {
                0 => return Err(format!("{} is shorter than the source", b.display())),
                k => m += k,
            }
        }
        if bx[..n] != by[..n] {
            return Err(format!("{} differs from the source", b.display()));
        }
        if n == 0 {
            let mut extra = [0u8; 1];
            return match y.read(&mut extra).map_err(|e| e.to_string())? {
                0 => Ok(()),
                _ => Err(format!("{} is longer than the source", b.display())),
            };
        }
    }
}
