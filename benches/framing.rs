//! Messages per second over loopback for three framings (none, fixed-length,
//! length-prefix) at 16 B, 64 B and 1 KiB messages, each written two ways:
//! one `write` per message (10 000 per transfer), and batched: all 100 000
//! frames of a transfer encoded into one buffer and sent with one
//! `write_all`. A reference row does the same with tokio-util's
//! `LengthDelimitedCodec` (encode every frame, then one write), so batched
//! rows differ only in the codec.
//!
//! The receiver always reads with a buffered frame reader; what changes is
//! how many system calls the sender makes per message. Like every link of
//! `sticky::measure`, each end pushes out its last bytes before it waits for
//! the other (`push_tail`), so no transfer waits on a delayed ACK.
//!
//! A second group, `framing_decode`, takes the network away: the receiving
//! side alone, decoding the same 100 000 frames from memory, 64 KiB at a
//! time, with sticky's `FrameReader` and with `LengthDelimitedCodec`. Its
//! rows move far less from run to run than the loopback ones, so a change in
//! a decoder's cost per frame shows there first.
//! Run: `cargo bench --bench framing`; report: target/criterion/report/index.html

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sticky::framing::Framing;
use sticky::measure::{ack, framed_link, raw_link, send_raw_once, Link};
use sticky::{FixedLength, FrameReader, LengthPrefixed};
use tokio_util::codec::{Decoder, Encoder, LengthDelimitedCodec};

/// Messages per transfer: one write each is slow, so fewer of those; a
/// batched transfer needs many to outweigh the acknowledgement's round trip.
const COUNT_PER_MESSAGE: usize = 10_000;
const COUNT_BATCHED: usize = 100_000;
const SIZES: [usize; 3] = [16, 64, 1024];
/// Receive buffers, and the size of a naive reader's reads.
const BATCH: usize = 64 * 1024;

/// Sends `count` copies of `msg` with `framing`, one write each or batched.
fn send<F: Framing>(
    link: &mut Link,
    framing: &F,
    msg: &[u8],
    count: usize,
    batched: bool,
    buf: &mut Vec<u8>,
) {
    buf.clear();
    for _ in 0..count {
        framing.encode(msg, buf).expect("encode");
        if !batched {
            link.stream().write_all(buf).expect("write");
            buf.clear();
        }
    }
    link.stream().write_all(buf).expect("write");
    link.wait_ack().expect("ack");
}

/// No framing: the bytes alone, so the receiver only counts them.
fn send_naive(link: &mut Link, msg: &[u8], count: usize, batched: bool, all: &[u8]) {
    if batched {
        send_raw_once(link, all, all.len()).expect("raw transfer");
    } else {
        for _ in 0..count {
            link.stream().write_all(msg).expect("write");
        }
        link.wait_ack().expect("ack");
    }
}

/// tokio-util's codec, used synchronously: encode into a BytesMut, write
/// it in one go; the receiver decodes from a BytesMut it reads into.
fn tokio_util_link(count: usize) -> Link {
    Link::start(move |mut s| {
        let mut codec = LengthDelimitedCodec::new();
        let mut buf = BytesMut::with_capacity(BATCH);
        let mut chunk = vec![0u8; BATCH];
        let mut seen = 0;
        loop {
            while let Some(_frame) = codec.decode(&mut buf).expect("decode") {
                seen += 1;
                if seen == count {
                    ack(&mut s).expect("ack");
                    seen = 0;
                }
            }
            let n = s.read(&mut chunk).expect("read");
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    })
    .expect("loopback link")
}

fn framing(c: &mut Criterion) {
    // Senders on one CPU, receivers on the other, as `sticky bench` runs them.
    sticky::measure::pin_to_cpu(sticky::measure::SENDER_CPU);
    let mut group = c.benchmark_group("framing");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let mut buf = Vec::new();

    for size in SIZES {
        // No zero at the end, so fixed-length padding never eats a byte.
        let msg = vec![b'm'; size];
        let fixed = FixedLength::new(size).expect("size > 0");
        let prefixed = LengthPrefixed::default();
        for batched in [false, true] {
            let how = if batched {
                "batched"
            } else {
                "write_per_message"
            };
            let count = if batched {
                COUNT_BATCHED
            } else {
                COUNT_PER_MESSAGE
            };
            let all = msg.repeat(count);
            group.throughput(Throughput::Elements(count as u64));

            let mut link = raw_link(all.len(), BATCH).expect("link");
            group.bench_with_input(
                BenchmarkId::new(format!("naive/{how}"), size),
                &size,
                |b, _| b.iter(|| send_naive(&mut link, &msg, count, batched, &all)),
            );
            link.close().expect("receiver ends cleanly");

            let mut link = framed_link(fixed, count).expect("link");
            group.bench_with_input(
                BenchmarkId::new(format!("fixed_length/{how}"), size),
                &size,
                |b, _| b.iter(|| send(&mut link, &fixed, &msg, count, batched, &mut buf)),
            );
            link.close().expect("receiver ends cleanly");

            let mut link = framed_link(prefixed, count).expect("link");
            group.bench_with_input(
                BenchmarkId::new(format!("length_prefix/{how}"), size),
                &size,
                |b, _| b.iter(|| send(&mut link, &prefixed, &msg, count, batched, &mut buf)),
            );
            link.close().expect("receiver ends cleanly");
        }

        // Reference: tokio-util, every frame encoded (fed), then one flush.
        let mut link = tokio_util_link(COUNT_BATCHED);
        let payload = Bytes::from(msg.clone());
        let mut out = BytesMut::with_capacity(COUNT_BATCHED * (size + 4));
        group.throughput(Throughput::Elements(COUNT_BATCHED as u64));
        group.bench_with_input(
            BenchmarkId::new("tokio_util_length_delimited/batched", size),
            &size,
            |b, _| {
                b.iter(|| {
                    let mut codec = LengthDelimitedCodec::new();
                    out.clear();
                    for _ in 0..COUNT_BATCHED {
                        codec.encode(payload.clone(), &mut out).expect("encode");
                    }
                    link.stream().write_all(&out).expect("write");
                    link.wait_ack().expect("ack");
                })
            },
        );
        link.close().expect("receiver ends cleanly");
    }
    group.finish();
}

/// The receiving side alone: `count` frames of `size` bytes decoded from
/// memory, read 64 KiB at a time as a socket would hand them over.
fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("framing_decode");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let count = COUNT_BATCHED;
    for size in SIZES {
        let msg = vec![b'm'; size];
        let prefixed = LengthPrefixed::default();
        let mut wire = Vec::new();
        for _ in 0..count {
            prefixed.encode(&msg, &mut wire).expect("encode");
        }
        group.throughput(Throughput::Elements(count as u64));

        group.bench_with_input(BenchmarkId::new("length_prefix", size), &size, |b, _| {
            b.iter(|| {
                let mut frames = FrameReader::new(&wire[..], prefixed);
                let mut seen = 0;
                while let Some(frame) = frames.read_frame().expect("decode") {
                    seen += black_box(frame).len();
                }
                assert_eq!(seen, count * size);
            })
        });

        group.bench_with_input(
            BenchmarkId::new("tokio_util_length_delimited", size),
            &size,
            |b, _| {
                b.iter(|| {
                    let mut codec = LengthDelimitedCodec::new();
                    let mut buf = BytesMut::with_capacity(BATCH);
                    let mut seen = 0;
                    for chunk in wire.chunks(BATCH) {
                        buf.extend_from_slice(chunk);
                        while let Some(frame) = codec.decode(&mut buf).expect("decode") {
                            seen += black_box(frame).len();
                        }
                    }
                    assert_eq!(seen, count * size);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, framing, decode);
criterion_main!(benches);
