//! Query latency on a prebuilt index of the seed corpus replicated 30 times: plain words,
//! a phrase, a field, a prefix, a typo (fuzzy retry) and a filter-only listing.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use reel::index::{IndexOptions, build};
use reel::query::parse_years;
use reel::search::{Filters, Request, Searchable};

mod common;

fn queries(c: &mut Criterion) {
    let (corpus, _) = common::sample(30);
    let index = tempfile::tempdir().expect("temporary index folder");
    build(&IndexOptions::new(corpus.path(), index.path())).expect("index");
    let searchable = Searchable::open(index.path()).expect("open");
    let mut group = c.benchmark_group("query");
    for q in [
        "empathy airport",
        "\"human connection\"",
        "film:terminal",
        "airpo*",
        "empathie airprt",
    ] {
        let req = Request::new(q);
        group.bench_function(q, |b| {
            b.iter(|| black_box(searchable.search(&req).expect("search")))
        });
    }
    let listing = Request {
        filters: Filters {
            years: parse_years("2005..2006").ok(),
            ..Filters::default()
        },
        ..Request::new("")
    };
    group.bench_function("--year 2005..2006", |b| {
        b.iter(|| black_box(searchable.search(&listing).expect("search")))
    });
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
