//! What a demo server prints about its clients, and how much: the library's
//! accept loop (`sticky::server`) reports events; this words them, in the
//! run's language, and keeps the projector readable.
//!
//! A class shares one screen. Each client's lines carry its number
//! (`server #3: frame 1 …`), so a teacher can tell whose frames are whose.
//! And one student's reconnect loop must not scroll everyone else away, so
//! what is shown is rationed per address, and what is not shown is summed
//! up: each address gets its first fifteen clients and three refusals in full, then
//! one more every ten seconds; the rest become one line every five seconds
//! ("412 more clients came from 10.0.0.7 in 5 s"). On top of that, at most
//! a few dozen lines a second are printed in all. Ctrl-C prints the totals.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use sticky::server::{serve, Client, Event, Limits, Refusal};

use crate::app::errors_zh::io_text;
use crate::app::i18n::Catalogue;
use crate::app::interrupt;
use crate::app::screen::{fit, line_limit};
use crate::app::Failure;
use crate::tr;

/// Clients of one address shown in full at first, at least; then one more
/// per [`REFILL`]. A class of fifty, each on their own machine, sees every
/// student's first clients, and a run of `sticky check` (at most 14
/// connections) is shown whole; a reconnect loop is not. A server that lets
/// one address have more clients at once (`--max-per-address`) shows twice
/// that many.
const CLIENTS_SHOWN: f64 = 15.0;

/// The clients shown in full per address for these limits.
fn clients_shown(limits: &Limits) -> f64 {
    if SHOW_ALL.load(Ordering::Relaxed) {
        return f64::INFINITY;
    }
    CLIENTS_SHOWN.max(2.0 * limits.max_per_address as f64)
}

/// `serve --show-all`: no ration per address.
static SHOW_ALL: AtomicBool = AtomicBool::new(false);

/// Shows every client's lines, however many (`serve --show-all`): for a
/// log, or a grader's run of many connections, rather than a projector.
pub fn show_all(on: bool) {
    SHOW_ALL.store(on, Ordering::Relaxed);
}
/// Refusals of one address shown one by one at first; then one per [`REFILL`].
const REFUSALS_SHOWN: f64 = 3.0;
/// How often an address earns one more client or refusal shown in full.
const REFILL: Duration = Duration::from_secs(10);
/// How often what was not shown is summed up, per address.
const SUMMARY_EVERY: Duration = Duration::from_secs(5);
/// Lines about clients printed at once at most, and then per second, in
/// all: a whole class connecting at once still scrolls at a readable pace.
/// (A client's failure is always printed, if the client is shown.)
const LINES_BURST: f64 = 200.0;
const LINES_PER_SECOND: f64 = 50.0;

/// A number of things that comes back with time: `tokens`, up to `max`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    max: f64,
    per_second: f64,
    at: Instant,
}

impl Bucket {
    fn new(max: f64, per_second: f64, now: Instant) -> Bucket {
        Bucket {
            tokens: max,
            max,
            per_second,
            at: now,
        }
    }

    /// Takes one, if there is one.
    fn take(&mut self, now: Instant) -> bool {
        let since = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + since * self.per_second).min(self.max);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What one address has been shown, and what it did that was not.
#[derive(Debug)]
struct Address {
    clients: Bucket,
    refusals: Bucket,
    /// Since when the counts below have been adding up.
    since: Option<Instant>,
    quiet_clients: u64,
    quiet_refusals: u64,
}

impl Address {
    fn new(shown: f64, now: Instant) -> Address {
        let refill = 1.0 / REFILL.as_secs_f64();
        Address {
            clients: Bucket::new(shown, refill, now),
            refusals: Bucket::new(REFUSALS_SHOWN, refill, now),
            since: None,
            quiet_clients: 0,
            quiet_refusals: 0,
        }
    }
}

/// Everything the server has done, for the totals.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    served: u64,
    failed: u64,
    refused: u64,
}

/// The ration of the screen, shared by the accept loop and every client thread.
#[derive(Debug)]
struct Projector {
    addresses: BTreeMap<IpAddr, Address>,
    lines: Bucket,
    /// Lines of shown clients left out by the per-second ration.
    lines_left_out: u64,
    totals: Totals,
    /// Clients shown in full per address before the ration.
    clients_shown: f64,
}

static PROJECTOR: Mutex<Option<Projector>> = Mutex::new(None);

/// The projector's state, made on first use.
fn with_projector<T>(f: impl FnOnce(&mut Projector, Instant) -> T) -> T {
    let now = Instant::now();
    let mut guard = PROJECTOR.lock().unwrap_or_else(PoisonError::into_inner);
    let p = guard.get_or_insert_with(|| Projector {
        addresses: BTreeMap::new(),
        lines: Bucket::new(LINES_BURST, LINES_PER_SECOND, now),
        lines_left_out: 0,
        totals: Totals::default(),
        clients_shown: CLIENTS_SHOWN,
    });
    f(p, now)
}

impl Projector {
    fn address(&mut self, ip: IpAddr, now: Instant) -> &mut Address {
        self.addresses
            .entry(ip)
            .or_insert_with(|| Address::new(self.clients_shown, now))
    }

    /// Whether a new client's narration is shown.
    fn admit(&mut self, ip: IpAddr, now: Instant) -> bool {
        self.totals.served += 1;
        let a = self.address(ip, now);
        if a.clients.take(now) {
            return true;
        }
        a.since.get_or_insert(now);
        a.quiet_clients += 1;
        false
    }

    /// Whether a refusal is shown one by one.
    fn refuse(&mut self, ip: IpAddr, now: Instant) -> bool {
        self.totals.refused += 1;
        let a = self.address(ip, now);
        if a.refusals.take(now) {
            return true;
        }
        a.since.get_or_insert(now);
        a.quiet_refusals += 1;
        false
    }

    /// The summaries due: those of addresses quiet for [`SUMMARY_EVERY`],
    /// or all of them when `all`.
    fn summaries(&mut self, now: Instant, all: bool) -> Vec<String> {
        let mut lines = Vec::new();
        for (ip, a) in &mut self.addresses {
            let Some(since) = a.since else { continue };
            let secs = now.saturating_duration_since(since);
            if !all && secs < SUMMARY_EVERY {
                continue;
            }
            let secs = secs.as_secs().max(1);
            if a.quiet_clients > 0 {
                lines.push(words::more_clients(a.quiet_clients, *ip, secs));
            }
            if a.quiet_refusals > 0 {
                lines.push(words::more_refused(a.quiet_refusals, *ip, secs));
            }
            (a.since, a.quiet_clients, a.quiet_refusals) = (None, 0, 0);
        }
        if self.lines_left_out > 0 {
            lines.push(words::lines_left_out(self.lines_left_out));
            self.lines_left_out = 0;
        }
        // Addresses with nothing to say and a full ration again are forgotten,
        // so a long class does not keep every address it ever saw.
        self.addresses.retain(|_, a| {
            a.since.is_some() || {
                let mut probe = a.clients;
                probe.take(now);
                probe.tokens + 1.0 < probe.max
            }
        });
        lines
    }
}

/// Which client the current thread is serving, and whether it is shown.
#[derive(Debug, Clone, Copy)]
struct Voice {
    id: u64,
    shown: bool,
}

thread_local! {
    static VOICE: Cell<Option<Voice>> = const { Cell::new(None) };
}

/// A line of narration as it goes to the screen: unchanged outside a
/// client's thread; inside one, labelled with the client's number, or
/// `None` when this client or this second is not shown.
pub fn voiced(line: String) -> Option<String> {
    let Some(voice) = VOICE.get() else {
        return Some(line);
    };
    if !voice.shown {
        return None;
    }
    let allowed = with_projector(|p, now| {
        let ok = p.lines.take(now);
        if !ok {
            p.lines_left_out += 1;
        }
        ok
    });
    allowed.then(|| labelled(&line, voice.id))
}

/// The columns [`voiced`] adds to a line in this thread: ` #3`, or nothing.
pub fn label_columns() -> usize {
    VOICE.get().map_or(0, |v| format!(" #{}", v.id).len())
}

/// `server: …` becomes `server #3: …` (`服务端：` becomes `服务端 #3：`).
fn labelled(line: &str, id: u64) -> String {
    if let Some(rest) = line.strip_prefix("server: ") {
        format!("server #{id}: {rest}")
    } else if let Some(rest) = line.strip_prefix("服务端：") {
        format!("服务端 #{id}：{rest}")
    } else if line.starts_with("  ") {
        // A frame line, indented under the server's lines: `  #3 frame 1 …`.
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        format!("{}#{id} {rest}", &line[..indent])
    } else {
        line.to_string()
    }
}

/// A handler's failure as a server line: its words, in the run's language.
pub trait ClientFailure {
    fn words(&self) -> String;
}

impl ClientFailure for Failure {
    fn words(&self) -> String {
        self.to_string()
    }
}

impl ClientFailure for sticky::Error {
    fn words(&self) -> String {
        crate::app::errors_zh::text(self)
    }
}

/// Prints a line now, to standard output.
fn show(line: &str) {
    println!(
        "{}",
        crate::app::screen::wrapped(line, crate::app::width::columns())
    );
}

/// Serves clients with the library's accept loop, one thread each, and
/// prints what happens as the rest of the run speaks, rationed for a
/// projector. Each handler runs with its client's voice: its lines through
/// `say` carry the client's number, or are left out when the client is not
/// shown.
pub fn serve_clients<H, E>(listener: &TcpListener, limits: Limits, handle: H) -> sticky::Result<()>
where
    H: Fn(TcpStream, SocketAddr) -> Result<(), E> + Sync,
    E: ClientFailure,
{
    interrupt::on_interrupt(|| {
        let totals = with_projector(|p, now| {
            for line in p.summaries(now, true) {
                show(&line);
            }
            p.totals
        });
        show(&words::totals(totals));
    })?;
    with_projector(|p, _| p.clients_shown = clients_shown(&limits));
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|scope| {
        // Sums up what was not shown, every second or so, until the loop ends.
        scope.spawn(move || loop {
            let done = matches!(
                stopped.recv_timeout(Duration::from_secs(1)),
                Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected)
            );
            for line in with_projector(|p, now| p.summaries(now, done)) {
                show(&line);
            }
            if done {
                return;
            }
        });
        let report = |event: Event<'_, E>| report(event);
        let served = serve(
            listener,
            limits,
            |stream, client: Client| {
                let shown = with_projector(|p, now| p.admit(client.peer.ip(), now));
                VOICE.set(Some(Voice {
                    id: client.id,
                    shown,
                }));
                let outcome = handle(stream, client.peer);
                if outcome.is_err() {
                    with_projector(|p, _| p.totals.failed += 1);
                }
                outcome
            },
            &report,
        );
        drop(stop);
        served.map(|_| ())
    })
}

/// Words one event of the accept loop and prints it, if it is shown.
fn report<E: ClientFailure>(event: Event<'_, E>) {
    match event {
        // The demo's handler says it, in its own words.
        Event::Accepted(_) => {}
        Event::Refused { peer, why } => {
            if with_projector(|p, now| p.refuse(peer.ip(), now)) {
                show(&words::refused(peer, why));
            }
        }
        Event::Failed { client, error } => {
            // In the client's own thread: its voice decides, and a failure
            // of a shown client is never left out for the rate.
            if VOICE.get().is_none_or(|v| v.shown) {
                let label = words::client_label(client);
                let text = fit(error.words().as_bytes(), &label);
                eprintln!("{label}{text}");
            }
        }
        Event::Left { client, room_again } => {
            if room_again {
                if let Some(line) = voiced(words::room_again(client.peer)) {
                    show(&line);
                }
            }
        }
        Event::SetupFailed { peer, error } => eprintln!("{}", words::setup_failed(peer, error)),
        Event::AcceptFailed { error, retry_in } => {
            eprintln!("{}", words::accept_failed(error, retry_in))
        }
    }
}

/// The lines every server prints, in English and Chinese.
static WORDS: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        include_str!("../../i18n/en/serve.ftl"),
        include_str!("../../i18n/zh/serve.ftl"),
    )
});

/// Everything printed here, from `serve.ftl`.
mod words {
    use super::*;

    pub fn client_label(client: Client) -> String {
        tr!(WORDS, "client-label", id = client.id, peer = client.peer)
    }

    pub fn refused(peer: SocketAddr, why: Refusal) -> String {
        match why {
            Refusal::Full { max } => tr!(WORDS, "refused-full", peer = peer, max = max),
            Refusal::AddressFull { max } => tr!(
                WORDS,
                "refused-address-full",
                peer = peer,
                max = max,
                ip = peer.ip()
            ),
        }
    }

    pub fn room_again(peer: SocketAddr) -> String {
        tr!(WORDS, "room-again", peer = peer)
    }

    pub fn more_clients(n: u64, ip: IpAddr, secs: u64) -> String {
        tr!(WORDS, "more-clients", n = n, ip = ip, secs = secs)
    }

    pub fn more_refused(n: u64, ip: IpAddr, secs: u64) -> String {
        tr!(WORDS, "more-refused", n = n, ip = ip, secs = secs)
    }

    pub fn lines_left_out(n: u64) -> String {
        tr!(WORDS, "lines-left-out", n = n)
    }

    pub(super) fn totals(t: Totals) -> String {
        tr!(
            WORDS,
            "totals",
            served = t.served,
            failed = t.failed,
            refused = t.refused
        )
    }

    pub fn setup_failed(peer: SocketAddr, e: &std::io::Error) -> String {
        tr!(WORDS, "setup-failed", peer = peer, error = io_text(e))
    }

    pub fn accept_failed(e: &std::io::Error, retry_in: Duration) -> String {
        let line = tr!(
            WORDS,
            "accept-failed",
            error = io_text(e),
            secs = retry_in.as_secs()
        );
        // An OS message can be long; the line stays within the screen.
        let limit = line_limit();
        if line.chars().count() > limit {
            line.chars().take(limit).collect()
        } else {
            line
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_message_files_are_whole_and_every_id_asked_for_is_defined() {
        use crate::app::i18n::{check_catalogue, ids_defined, ids_used};
        const EN: &str = include_str!("../../i18n/en/serve.ftl");
        const ZH: &str = include_str!("../../i18n/zh/serve.ftl");
        let gaps = check_catalogue(EN, ZH);
        assert!(gaps.is_empty(), "{gaps:#?}");
        let defined = ids_defined(EN);
        let used = ids_used(include_str!("served.rs"));
        assert!(used.len() >= 10, "{used:?}");
        for id in used {
            assert!(defined.contains(&id), "{id} is not in serve.ftl");
        }
    }

    #[test]
    fn a_client_line_carries_its_number() {
        assert_eq!(labelled("server: frame 1", 3), "server #3: frame 1");
        assert_eq!(labelled("服务端：第 1 帧", 3), "服务端 #3：第 1 帧");
        assert_eq!(labelled("  frame 1  2 bytes", 3), "  #3 frame 1  2 bytes");
        assert_eq!(labelled("client: x", 3), "client: x");
    }

    #[test]
    fn an_address_is_shown_its_first_clients_then_summed_up() {
        let now = Instant::now();
        let mut p = Projector {
            addresses: BTreeMap::new(),
            lines: Bucket::new(LINES_BURST, LINES_PER_SECOND, now),
            lines_left_out: 0,
            totals: Totals::default(),
            clients_shown: CLIENTS_SHOWN,
        };
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let shown = (0..1000).filter(|_| p.admit(ip, now)).count();
        assert_eq!(shown, CLIENTS_SHOWN as usize);
        // Not yet: the summary waits for its five seconds …
        assert!(p.summaries(now, false).is_empty());
        // … and then says it once.
        let later = now + SUMMARY_EVERY;
        let lines = p.summaries(later, false);
        assert_eq!(lines.len(), 1, "{lines:?}");
        let more = format!(
            "{} more clients came from 10.0.0.7",
            1000 - CLIENTS_SHOWN as usize
        );
        assert!(lines[0].contains(&more), "{lines:?}");
        assert!(p.summaries(later, false).is_empty());
        // Ten seconds later one more is shown in full.
        assert!(p.admit(ip, later + REFILL));
        // Another address has its own ration.
        assert!(p.admit("10.0.0.8".parse().unwrap(), now));
    }
}
