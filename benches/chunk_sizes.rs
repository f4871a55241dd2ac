//! Demo 06's file protocol over loopback TCP at chunk sizes from 512 B to
//! 1 MiB, beside raw loopback with no framing at all (the same bytes, in
//! writes and reads of the same size), as bytes per second. `raw/1048576`
//! is the ceiling: the largest buffer, no framing.
//!
//! The sender's bytes come from a buffer that stays in the CPU cache (the
//! same chunk again, or `std::io::repeat` for the file body) and the
//! receiver discards them, so neither disk nor memory bandwidth is
//! measured: what is left is system calls per byte and copying.
//! Each transfer ends with its tail pushed out before the wait for the
//! receiver's acknowledgement (`sticky::measure::push_tail`); without that,
//! transfers below 64 KiB chunks could wait ~40 ms on a delayed ACK, and
//! those rows measured the timer, not the chunk size.
//! Run: `cargo bench --bench chunk_sizes`; report: target/criterion/report/index.html

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sticky::file_transfer::AlignedBuf;
use sticky::measure::{
    file_protocol_link, raw_link, send_file_once, send_raw_repeated, CHUNK_SIZES,
};

/// 64 MiB per transfer: large enough that the header and the acknowledgement
/// are noise, small enough for many samples.
const PAYLOAD: usize = 64 * 1024 * 1024;

fn chunk_sizes(c: &mut Criterion) {
    // Senders on one CPU, receivers on the other, as `sticky bench` runs them.
    sticky::measure::pin_to_cpu(sticky::measure::SENDER_CPU);
    let mut group = c.benchmark_group("chunk_sizes");
    group
        .throughput(Throughput::Bytes(PAYLOAD as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));

    for chunk in CHUNK_SIZES {
        // No framing: the same bytes in the same size of writes and reads,
        // so each protocol row reads as a share of what loopback TCP does.
        let piece = AlignedBuf::pattern(chunk);
        let mut link = raw_link(PAYLOAD, chunk).expect("loopback link");
        group.bench_with_input(BenchmarkId::new("raw", chunk), &chunk, |b, _| {
            b.iter(|| send_raw_repeated(&mut link, &piece, PAYLOAD as u64).expect("raw transfer"))
        });
        link.close().expect("receiver ends cleanly");
    }

    for chunk in CHUNK_SIZES {
        let mut link = file_protocol_link(chunk).expect("loopback link");
        group.bench_with_input(
            BenchmarkId::new("file_protocol", chunk),
            &chunk,
            |b, &chunk| {
                b.iter(|| send_file_once(&mut link, PAYLOAD as u64, chunk).expect("file transfer"))
            },
        );
        link.close().expect("receiver ends cleanly");
    }
    group.finish();
}

criterion_group!(benches, chunk_sizes);
criterion_main!(benches);
