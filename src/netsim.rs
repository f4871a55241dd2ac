//! A network in a box: how a TCP sender on a real path groups the bytes.
//!
//! On loopback the MSS is about 65 KB and the round trip 20 µs, so Nagle's
//! algorithm almost never holds a write and a message is almost never cut.
//! On a real path neither is true. A [`PathSender`] plays, for one direction,
//! the part of a TCP sender that decides how bytes leave, on a path given by
//! a [`Profile`] (MSS, one-way delay, bandwidth, loss):
//!
//! ```text
//! writes:     [hello][from][the][client]...            8 small writes at t = 0
//! Nagle:      [hello]   held ........ ack of [hello] comes back after one round trip
//!             |<-------- 80 ms ------->[fromtheclient...]   what queued, in one segment
//! MSS cut:    [20,000 bytes]  ->  [1448][1448]...[1176]      14 segments, paced
//! loss:       [1448][lost][1448][1448]  ..RTO..  [1448 + 1448 + 1448]  released at once
//! ```
//!
//! What the receiving program gets is one delivery per segment that arrives
//! in order, and, after a loss, one delivery of everything that waited behind
//! the hole. The model is a pure function of (arrival times, lengths, seed):
//! the same inputs always give the same deliveries, which is how the tests
//! pin it and how `sticky run 3 --profile wan` replays a demo across it.
//!
//! What it leaves out, on purpose: the congestion window and slow start (the
//! bandwidth alone paces the segments), delayed ACKs (demo 08 is about
//! those), and losses of the retransmission itself.
//!
//! Nagle's rule here is Minshall's variant, which is what Linux does: a
//! segment shorter than the MSS waits only while an earlier *short* segment
//! is unacknowledged; full segments never wait.

use std::collections::VecDeque;
use std::time::Duration;

use crate::resegment::SplitMix64;

/// A path between two machines, as a TCP sender meets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    /// The name `--profile` takes.
    pub name: &'static str,
    /// What kind of path it stands for.
    pub about: &'static str,
    /// Maximum segment size: the most payload bytes one segment carries.
    pub mss: usize,
    /// Time from a segment leaving the sender to reaching the receiver; the
    /// round trip is twice this.
    pub one_way: Duration,
    /// The bottleneck's rate, in bits per second: segments leave no faster.
    pub bits_per_second: u64,
    /// Segments lost, per thousand sent; each lost one is sent again once.
    pub loss_per_mille: u32,
    /// How long the sender waits for an acknowledgement before sending a
    /// lost segment again.
    pub rto: Duration,
}

/// The profiles `--profile` knows. MSS 1448 is Ethernet's 1500-byte MTU
/// less 20 bytes of IP header, 20 of TCP header and 12 of timestamps.
pub const PROFILES: [Profile; 4] = [
    Profile {
        name: "lan",
        about: "a wired office network",
        mss: 1448,
        one_way: Duration::from_micros(100),
        bits_per_second: 1_000_000_000,
        loss_per_mille: 0,
        rto: Duration::from_millis(200),
    },
    Profile {
        name: "wifi",
        about: "a home Wi-Fi to a nearby server",
        mss: 1448,
        one_way: Duration::from_millis(3),
        bits_per_second: 50_000_000,
        loss_per_mille: 0,
        rto: Duration::from_millis(200),
    },
    Profile {
        name: "wan",
        about: "across the Internet, to another continent",
        mss: 1448,
        one_way: Duration::from_millis(40),
        bits_per_second: 10_000_000,
        loss_per_mille: 0,
        rto: Duration::from_millis(200),
    },
    Profile {
        name: "lossy",
        about: "a busy mobile link through a VPN tunnel",
        mss: 1380,
        one_way: Duration::from_millis(50),
        bits_per_second: 5_000_000,
        loss_per_mille: 50,
        rto: Duration::from_millis(300),
    },
];

impl Profile {
    /// The profile called `name`, if there is one.
    pub fn named(name: &str) -> Option<Profile> {
        PROFILES.iter().copied().find(|p| p.name == name)
    }

    /// The round trip: there and back.
    pub fn rtt(&self) -> Duration {
        self.one_way * 2
    }

    /// Microseconds `len` bytes take to leave at the profile's bandwidth
    /// (at least 1, so two segments never leave at the same instant).
    fn send_time_us(&self, len: usize) -> u64 {
        let bits = len as u128 * 8 * 1_000_000;
        (bits / u128::from(self.bits_per_second.max(1))).max(1) as u64
    }

    /// One line of figures: `MSS 1448 B, one-way 40 ms (RTT 80 ms), 10 Mbit/s, no loss`.
    pub fn figures(&self) -> String {
        let loss = match self.loss_per_mille {
            0 => "no loss".to_string(),
            n => format!(
                "{}% loss, RTO {}",
                f64::from(n) / 10.0,
                millis(self.rto.as_micros() as u64)
            ),
        };
        format!(
            "MSS {} B, one-way {} (RTT {}), {}, {loss}",
            self.mss,
            millis(self.one_way.as_micros() as u64),
            millis(self.rtt().as_micros() as u64),
            rate(self.bits_per_second),
        )
    }
}

/// `40 ms`, `0.1 ms`.
fn millis(us: u64) -> String {
    if us.is_multiple_of(1000) {
        format!("{} ms", us / 1000)
    } else {
        format!("{} ms", us as f64 / 1000.0)
    }
}

/// `10 Mbit/s`, `1 Gbit/s`.
fn rate(bps: u64) -> String {
    if bps >= 1_000_000_000 && bps.is_multiple_of(1_000_000_000) {
        format!("{} Gbit/s", bps / 1_000_000_000)
    } else {
        format!("{} Mbit/s", bps as f64 / 1e6)
    }
}

/// One segment's payload on its way to the receiving program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    /// Microseconds after the start when the receiving program can read it.
    pub at_us: u64,
    /// Bytes it holds.
    pub len: usize,
}

/// One direction's sender on a path: give it the bytes as they are written,
/// ask it which deliveries are due. Times are microseconds from any fixed
/// start, and must not go backwards.
#[derive(Debug, Clone)]
pub struct PathSender {
    profile: Profile,
    loss: SplitMix64,
    /// Written, not yet sent.
    unsent: usize,
    /// The last instant the sender acted at.
    clock: u64,
    /// When the link is free for the next segment.
    link_free: u64,
    /// When the acknowledgement of the last short segment comes back.
    short_acked: u64,
    /// Sent, not yet handed to the receiving program, in stream order.
    deliveries: VecDeque<Delivery>,
    /// Segments lost and sent again, so far.
    lost: u64,
}

impl PathSender {
    /// A sender on `profile`'s path; `seed` decides which segments are lost.
    pub fn new(profile: Profile, seed: u64) -> PathSender {
        PathSender {
            profile,
            loss: SplitMix64::new(seed),
            unsent: 0,
            clock: 0,
            link_free: 0,
            short_acked: 0,
            deliveries: VecDeque::new(),
            lost: 0,
        }
    }

    /// The path this sender is on.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Segments lost so far (each was sent again and got through).
    pub fn lost(&self) -> u64 {
        self.lost
    }

    /// `len` bytes were written at `at_us`.
    pub fn write(&mut self, at_us: u64, len: usize) {
        self.advance(at_us);
        self.clock = self.clock.max(at_us);
        self.unsent += len;
        self.advance(at_us);
    }

    /// Bytes written but not yet handed to the receiving program.
    pub fn in_transit(&self) -> usize {
        self.unsent + self.deliveries.iter().map(|d| d.len).sum::<usize>()
    }

    /// The next instant something happens (a segment leaves or one is
    /// due), or `None` when everything written has been delivered.
    pub fn next_event(&self) -> Option<u64> {
        let send = self.next_send();
        let due = self.deliveries.front().map(|d| d.at_us);
        match (send, due) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The deliveries due by `now_us`, oldest first, as lengths.
    pub fn due(&mut self, now_us: u64) -> Vec<usize> {
        self.advance(now_us);
        let mut out = Vec::new();
        while let Some(d) = self.deliveries.front() {
            if d.at_us > now_us {
                break;
            }
            out.push(d.len);
            self.deliveries.pop_front();
        }
        out
    }

    /// When the next segment can leave, if anything is waiting to.
    fn next_send(&self) -> Option<u64> {
        if self.unsent == 0 {
            return None;
        }
        let ready = if self.unsent >= self.profile.mss {
            self.link_free
        } else {
            // Nagle (Minshall): a short segment waits for the last one's ACK.
            self.link_free.max(self.short_acked)
        };
        Some(ready.max(self.clock))
    }

    /// Sends every segment whose time has come by `now_us`, at its own time.
    fn advance(&mut self, now_us: u64) {
        while let Some(at) = self.next_send().filter(|&at| at <= now_us) {
            self.clock = at;
            let len = self.unsent.min(self.profile.mss);
            self.unsent -= len;
            self.send_segment(at, len);
        }
    }

    fn send_segment(&mut self, at: u64, len: usize) {
        let p = self.profile;
        let one_way = p.one_way.as_micros() as u64;
        self.link_free = at + p.send_time_us(len);
        let mut arrives = self.link_free + one_way;
        if p.loss_per_mille > 0 && self.loss.next_u64() % 1000 < u64::from(p.loss_per_mille) {
            // No ACK comes back; the copy sent after the RTO gets through.
            self.lost += 1;
            arrives += p.rto.as_micros() as u64;
        }
        if len < p.mss {
            self.short_acked = arrives + one_way;
        }
        // TCP hands bytes over in order: a segment that arrives behind a
        // hole waits for it, and then goes up with it in one piece.
        match self.deliveries.back_mut() {
            Some(last) if last.at_us > arrives => last.len += len,
            _ => self.deliveries.push_back(Delivery {
                at_us: arrives,
                len,
            }),
        }
    }
}

/// The whole model in one call: writes `(time µs, length)` in, deliveries
/// out, for the tests and for replaying a demo across a path.
pub fn deliveries(profile: Profile, seed: u64, writes: &[(u64, usize)]) -> Vec<Delivery> {
    let mut sender = PathSender::new(profile, seed);
    let mut out = Vec::new();
    for &(at, len) in writes {
        drain(&mut sender, at, &mut out);
        sender.write(at, len);
    }
    drain(&mut sender, u64::MAX, &mut out);
    out
}

/// The reads of a receiver that keeps up, with a buffer of `buf` bytes:
/// each delivery as it comes, in pieces of at most `buf`.
pub fn reads(profile: Profile, seed: u64, writes: &[(u64, usize)], buf: usize) -> Vec<usize> {
    let buf = buf.max(1);
    let mut out = Vec::new();
    for d in deliveries(profile, seed, writes) {
        let mut left = d.len;
        while left > 0 {
            out.push(left.min(buf));
            left -= left.min(buf);
        }
    }
    out
}

/// Collects what `sender` delivers up to `until`, each at its own time.
fn drain(sender: &mut PathSender, until: u64, out: &mut Vec<Delivery>) {
    while let Some(at) = sender.next_event().filter(|&at| at <= until) {
        for len in sender.due(at) {
            out.push(Delivery { at_us: at, len });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wan() -> Profile {
        Profile::named("wan").unwrap()
    }

    fn lens(d: &[Delivery]) -> Vec<usize> {
        d.iter().map(|d| d.len).collect()
    }

    #[test]
    fn a_large_write_is_cut_at_the_mss_and_paced() {
        let out = deliveries(wan(), 1, &[(0, 20_000)]);
        let mut expected = vec![1448; 13];
        expected.push(20_000 - 13 * 1448);
        assert_eq!(lens(&out), expected);
        // 1448 bytes at 10 Mbit/s take 1158 µs; the first arrives 40 ms later.
        assert_eq!(out[0].at_us, 1158 + 40_000);
        assert_eq!(out[1].at_us - out[0].at_us, 1158);
    }

    #[test]
    fn small_writes_within_a_round_trip_glue_behind_the_first() {
        // Eight 10-byte writes, 1 ms apart: the first leaves at once, the
        // rest wait for its ACK (80 ms later) and leave as one segment.
        let writes: Vec<(u64, usize)> = (0..8).map(|i| (i * 1000, 10)).collect();
        let out = deliveries(wan(), 1, &writes);
        assert_eq!(lens(&out), [10, 70]);
        assert_eq!(out[0].at_us, 8 + 40_000);
        assert_eq!(out[1].at_us, 8 + 80_000 + 56 + 40_000);
    }

    #[test]
    fn small_writes_a_round_trip_apart_stay_apart() {
        let writes: Vec<(u64, usize)> = (0..4).map(|i| (i * 100_000, 10)).collect();
        assert_eq!(lens(&deliveries(wan(), 1, &writes)), [10; 4]);
    }

    #[test]
    fn a_full_segment_does_not_wait_for_nagle() {
        // A short segment is unacknowledged, yet a full one may leave.
        let out = deliveries(wan(), 1, &[(0, 10), (1000, 3000)]);
        assert_eq!(lens(&out), [10, 1448, 1448, 104]);
        assert!(out[1].at_us < 80_000, "{out:?}");
        // The short tail waits for the first short segment's ACK.
        assert!(out[3].at_us > 80_000 + 40_000, "{out:?}");
    }

    #[test]
    fn on_lan_the_same_writes_hardly_wait() {
        let lan = Profile::named("lan").unwrap();
        let writes: Vec<(u64, usize)> = (0..8).map(|i| (i * 1000, 10)).collect();
        // The ACK is back in 0.2 ms, long before the next write.
        assert_eq!(lens(&deliveries(lan, 1, &writes)), [10; 8]);
    }

    #[test]
    fn a_lost_segment_holds_back_what_follows_and_releases_it_at_once() {
        let lossy = Profile::named("lossy").unwrap();
        let mut glued = 0;
        for seed in 0..20 {
            let out = deliveries(lossy, seed, &[(0, 40 * 1380)]);
            assert_eq!(out.iter().map(|d| d.len).sum::<usize>(), 40 * 1380);
            assert!(out.windows(2).all(|w| w[0].at_us < w[1].at_us));
            // The same seed loses the same segments.
            assert_eq!(out, deliveries(lossy, seed, &[(0, 40 * 1380)]));
            let mut sender = PathSender::new(lossy, seed);
            sender.write(0, 40 * 1380);
            while let Some(at) = sender.next_event() {
                sender.due(at);
            }
            // A loss can only glue segments, never cut one.
            assert!(out.len() <= 40);
            if sender.lost() == 0 {
                assert_eq!(out.len(), 40);
            }
            if out.iter().any(|d| d.len > 1380) {
                assert!(sender.lost() > 0);
                glued += 1;
            }
        }
        // 5% of 40 segments: some seeds glue after a loss, some lose nothing.
        assert!((1..20).contains(&glued), "{glued} of 20 seeds glued");
    }

    #[test]
    fn lossy_seeds_pin_which_segments_are_lost() {
        let lossy = Profile::named("lossy").unwrap();
        let run = |seed| -> Vec<(u64, usize)> {
            deliveries(lossy, seed, &[(0, 10 * 1380)])
                .iter()
                .map(|d| (d.at_us, d.len))
                .collect()
        };
        // 1380 bytes take 2208 µs at 5 Mbit/s; one way is 50 ms.
        let on_time: Vec<(u64, usize)> = (1..=10).map(|k| (k * 2208 + 50_000, 1380)).collect();
        assert_eq!(run(0), on_time);
        // Seed 4 loses the 5th segment: the 6th to 10th wait behind it, and
        // all six arrive together one RTO (300 ms) late.
        assert_eq!(&run(4)[..4], &on_time[..4]);
        assert_eq!(run(4)[4..], [(5 * 2208 + 50_000 + 300_000, 6 * 1380)]);
        // Seed 1 loses the 6th and the 7th: each hole releases what it can.
        assert_eq!(
            run(1)[5..],
            [(6 * 2208 + 350_000, 1380), (7 * 2208 + 350_000, 4 * 1380)]
        );
    }

    #[test]
    fn deliveries_never_add_or_drop_a_byte() {
        for p in PROFILES {
            let writes: Vec<(u64, usize)> =
                (0..50).map(|i| (i * 700, 1 + i as usize * 97)).collect();
            let total: usize = writes.iter().map(|w| w.1).sum();
            let out = deliveries(p, 9, &writes);
            assert_eq!(
                out.iter().map(|d| d.len).sum::<usize>(),
                total,
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn a_reader_with_a_small_buffer_takes_a_segment_in_pieces() {
        assert_eq!(
            reads(wan(), 1, &[(0, 3000)], 1024),
            [1024, 424, 1024, 424, 104]
        );
    }

    #[test]
    fn profiles_print_their_figures() {
        assert_eq!(
            wan().figures(),
            "MSS 1448 B, one-way 40 ms (RTT 80 ms), 10 Mbit/s, no loss"
        );
        assert_eq!(
            Profile::named("lossy").unwrap().figures(),
            "MSS 1380 B, one-way 50 ms (RTT 100 ms), 5 Mbit/s, 5% loss, RTO 300 ms"
        );
        assert!(Profile::named("mars").is_none());
    }
}
