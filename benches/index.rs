//! Indexing throughput (bytes per second, extraction included) on a fixed sample: the seed
//! corpus replicated 30 times (about 530 KB in 90 files).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use reel::index::{IndexOptions, build};

mod common;

fn indexing(c: &mut Criterion) {
    let (corpus, bytes) = common::sample(30);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("seed_x30", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temporary index folder"),
            |index| {
                build(&IndexOptions::new(corpus.path(), index.path())).expect("index");
                index
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, indexing);
criterion_main!(benches);
