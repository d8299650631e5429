//! Extraction throughput (bytes per second) on the seed corpus, and on a slice of a real review
//! corpus when `../shared/corpora` is present.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

mod common;

fn articles(dir: &Path, max: usize) -> Vec<(String, String)> {
    let listing = reel::corpus::walk(dir, Default::default()).expect("corpus folder");
    listing
        .files
        .iter()
        .take(max)
        .filter_map(|f| Some((f.rel().into_owned(), std::fs::read_to_string(&f.path).ok()?)))
        .collect()
}

fn bench_set(c: &mut Criterion, name: &str, set: &[(String, String)]) {
    let bytes: usize = set.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(name, |b| {
        b.iter(|| {
            for (name, text) in set {
                black_box(reel::extract::extract(black_box(text), name));
            }
        })
    });
    group.finish();
}

fn extraction(c: &mut Criterion) {
    bench_set(
        c,
        "seed_corpus",
        &articles(&common::seed_corpus(), usize::MAX),
    );
    let real =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/aclimdb_train_10k/train/pos");
    if real.is_dir() {
        bench_set(c, "aclimdb_pos_1000", &articles(&real, 1000));
    } else {
        eprintln!(
            "extract bench: {} not found, real-corpus sample skipped",
            real.display()
        );
    }
}

criterion_group!(benches, extraction);
criterion_main!(benches);
