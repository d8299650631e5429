//! After any sequence of adds, edits, renames and deletes, the incrementally maintained index
//! holds exactly what a full rebuild of the same folder holds.

use std::path::Path;

use proptest::prelude::*;
use reel::index::{IndexOptions, build};
use reel::search::Searchable;
use tantivy::TantivyDocument;
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::schema::Value;

const CONTENTS: &[&str] = &[
    "1. Clerks (1994)\nA store.\nLesson: show up.\n2. Office Space (1999)\nCubicles.\n",
    "We went to see Drive (2011). Drive is quiet.\n\nYou should value quiet competence.\n",
    "Just some prose about an airport and empathy.\n",
    "",
    "THE TERMINAL (2004)\nAn airport.\n\nUP IN THE AIR (2009)\nFlights.\n",
    "#1: Boiling Point\nA kitchen in 2021 chaos.\n",
];

#[derive(Debug, Clone)]
enum Op {
    Write(usize, usize),
    Rename(usize, usize),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6usize, 0..CONTENTS.len()).prop_map(|(f, c)| Op::Write(f, c)),
        (0..6usize, 0..6usize).prop_map(|(a, b)| Op::Rename(a, b)),
        (0..6usize).prop_map(Op::Delete),
    ]
}

fn name(dir: &Path, f: usize) -> std::path::PathBuf {
    dir.join(format!("d{}/f{f}.txt", f % 2))
}

fn apply(dir: &Path, op: &Op) {
    match *op {
        Op::Write(f, c) => {
            let p = name(dir, f);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, CONTENTS[c]).expect("write");
        }
        Op::Rename(a, b) => {
            if name(dir, a).exists() {
                std::fs::create_dir_all(name(dir, b).parent().expect("parent")).expect("mkdir");
                std::fs::rename(name(dir, a), name(dir, b)).expect("rename");
            }
        }
        Op::Delete(f) => {
            let _ = std::fs::remove_file(name(dir, f));
        }
    }
}

/// Everything the index holds, in a comparable form.
fn contents(index: &Path) -> Vec<String> {
    let s = Searchable::open(index).expect("open");
    let searcher = s.searcher();
    let f = s.fields();
    let mut out: Vec<String> = searcher
        .search(&AllQuery, &DocSetCollector)
        .expect("search")
        .into_iter()
        .map(|addr| {
            let doc: TantivyDocument = searcher.doc(addr).expect("doc");
            let get = |field| {
                doc.get_first(field)
                    .and_then(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .or_else(|| v.as_u64().map(|n| n.to_string()))
                    })
                    .unwrap_or_default()
            };
            [f.source, f.start, f.end, f.film, f.year, f.lesson, f.body]
                .map(get)
                .join("|")
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn incremental_equals_rebuild(steps in prop::collection::vec(prop::collection::vec(op(), 1..4), 1..5)) {
        let corpus = tempfile::tempdir().expect("temp");
        let index = tempfile::tempdir().expect("temp");
        let opts = IndexOptions::new(corpus.path(), index.path());
        build(&opts).expect("first build");
        for ops in &steps {
            for op in ops {
                apply(corpus.path(), op);
            }
            build(&opts).expect("incremental build");
            let fresh = tempfile::tempdir().expect("temp");
            build(&IndexOptions::new(corpus.path(), fresh.path())).expect("fresh build");
            prop_assert_eq!(contents(index.path()), contents(fresh.path()));
        }
    }
}
