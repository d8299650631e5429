//! No input to `reel query` makes it panic: random strings, including the query language's own
//! punctuation, go through parsing and search on a real index.

use std::sync::OnceLock;

use proptest::prelude::*;
use reel::index::{IndexOptions, build};
use reel::search::{Request, Searchable};

fn searchable() -> &'static Searchable {
    static INDEX: OnceLock<(tempfile::TempDir, Searchable)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            build(&IndexOptions::new(corpus, dir.path())).expect("index the seed corpus");
            let s = Searchable::open(dir.path()).expect("open");
            (dir, s)
        })
        .1
}

fn query_chars() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("AND ".to_string()),
        Just("OR ".to_string()),
        Just("NOT ".to_string()),
        Just("\"".to_string()),
        Just("*".to_string()),
        Just("-".to_string()),
        Just("+".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(":".to_string()),
        Just("year:[".to_string()),
        Just(" TO ".to_string()),
        Just("]".to_string()),
        Just("film:".to_string()),
        Just("source:".to_string()),
        Just("airport".to_string()),
        Just("empathie".to_string()),
        "[a-z]{1,12}",
        "\\PC{0,6}",
        Just(" ".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_query_string_answers_or_fails_cleanly(q in query_chars()) {
        let result = searchable().search(&Request::new(q.clone()));
        if let Ok(r) = result {
            for h in r.hits {
                for [a, b] in h.highlights {
                    prop_assert!(a <= b && b <= h.snippet.len());
                    prop_assert!(h.snippet.is_char_boundary(a) && h.snippet.is_char_boundary(b));
                }
            }
        } else {
            // Only the truly empty query is refused.
            prop_assert!(q.trim().is_empty(), "{q:?} was refused");
        }
    }

    #[test]
    fn parsing_never_panics(q in "\\PC{0,80}") {
        let _ = reel::query::parse(&q);
    }
}
