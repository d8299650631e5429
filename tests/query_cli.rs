//! `reel index` and `reel query` driven through the real binary.

mod common;

use common::{corpus_of, highlighted, index_of, query_json, reel, seed_corpus};
use predicates::str::contains;

#[test]
fn empathy_airport_finds_the_terminal_first_with_both_words_highlighted() {
    let index = index_of(&seed_corpus());
    let (code, hits) = query_json(index.path(), "empathy airport", &[]);
    assert_eq!(code, 0);
    let top = &hits[0];
    assert_eq!(top["film"], "The Terminal");
    assert_eq!(top["year"], 2004);
    assert_eq!(top["source"], "002_6baa0dfc4bd09742.txt");
    assert_eq!(top["rank"], 1);
    assert!(top["lesson"].as_str().unwrap_or("").contains("empathy"));
    let words = highlighted(top);
    assert!(words.contains(&"empathy".to_string()), "{words:?}");
    assert!(words.contains(&"airport".to_string()), "{words:?}");
}

#[test]
fn json_hits_have_every_field_and_ranks_in_order() {
    let index = index_of(&seed_corpus());
    let (_, hits) = query_json(index.path(), "customer service", &["--limit", "5"]);
    assert_eq!(hits.len(), 5);
    let mut last = f64::INFINITY;
    for (i, h) in hits.iter().enumerate() {
        for key in [
            "rank",
            "score",
            "film",
            "year",
            "lesson",
            "source",
            "snippet",
            "highlights",
        ] {
            assert!(h.get(key).is_some(), "missing {key} in {h}");
        }
        assert_eq!(h["rank"], i + 1);
        let score = h["score"].as_f64().unwrap_or(f64::NAN);
        assert!(score <= last, "scores not descending");
        last = score;
    }
}

#[test]
fn passages_with_all_words_rank_above_those_with_some() {
    let dir = corpus_of(&[
        (
            "a.txt",
            b"Airport airport airport airport airport airport. Lots about airports here.\n",
        ),
        ("b.txt", b"A small note on empathy at the airport.\n"),
    ]);
    let index = index_of(dir.path());
    let (_, hits) = query_json(index.path(), "empathy airport", &[]);
    assert_eq!(hits[0]["source"], "b.txt");
    assert_eq!(hits.len(), 2);
}

#[test]
fn film_title_match_ranks_above_a_passing_mention() {
    let dir = corpus_of(&[(
        "list.txt",
        b"1. Clerks (1994)\nA store where nothing happens.\nLesson: show up.\n\
          2. Office Space (1999)\nCubicles, and a passing mention of clerks.\nLesson: engage.\n"
            .as_slice(),
    )]);
    let index = index_of(dir.path());
    let (_, hits) = query_json(index.path(), "clerks", &[]);
    assert_eq!(hits[0]["film"], "Clerks");
}

#[test]
fn stemmed_forms_are_found_and_highlighted() {
    let index = index_of(&seed_corpus());
    let (code, hits) = query_json(index.path(), "airports", &[]);
    assert_eq!(code, 0);
    assert_eq!(hits[0]["film"], "The Terminal");
    assert!(
        highlighted(&hits[0])
            .iter()
            .any(|w| w.starts_with("airport"))
    );
}

#[test]
fn no_results_exit_1() {
    let index = index_of(&seed_corpus());
    let (code, hits) = query_json(index.path(), "zzyzxq", &[]);
    assert_eq!(code, 1);
    assert!(hits.is_empty());
}

#[test]
fn missing_index_says_where_it_looked_and_what_to_run() {
    let dir = tempfile::tempdir().expect("temp");
    let missing = dir.path().join("nothing-here");
    reel()
        .args(["query", "empathy", "--index"])
        .arg(&missing)
        .assert()
        .code(2)
        .stderr(contains("nothing-here"))
        .stderr(contains("reel index"));
}

#[test]
fn empty_query_is_a_clear_error() {
    let index = index_of(&seed_corpus());
    reel()
        .args(["query", "  ", "--index"])
        .arg(index.path())
        .assert()
        .code(2)
        .stderr(contains("empty query"));
}

#[test]
fn malformed_queries_never_panic() {
    let index = index_of(&seed_corpus());
    for q in [
        "\"unbalanced",
        "AND AND",
        "film:",
        "((",
        "-",
        "*",
        "year:[2000 TO",
        ":::",
        "\\",
    ] {
        let out = reel()
            .args(["query", q, "--index"])
            .arg(index.path())
            .output()
            .expect("run");
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{q:?} gave {code:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let index = index_of(&seed_corpus());
    let run = |color: &str, no_color: bool| {
        let mut cmd = reel();
        cmd.args(["query", "airport", "--color", color, "--index"])
            .arg(index.path());
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().expect("run").stdout).into_owned()
    };
    assert!(run("always", false).contains("\x1b["));
    assert!(!run("never", false).contains("\x1b["));
    assert!(
        !run("auto", true).contains("\x1b["),
        "NO_COLOR and no terminal: plain"
    );
    let plain = run("never", false);
    assert!(plain.contains("The Terminal (2004)"));
    assert!(plain.contains("lesson:"));
}

#[test]
fn reindexing_replaces_the_previous_contents() {
    let dir = corpus_of(&[("a.txt", b"The airport was busy today.\n")]);
    let index = index_of(dir.path());
    std::fs::write(dir.path().join("a.txt"), b"The harbour was calm today.\n").expect("write");
    reel()
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(index.path())
        .arg("--quiet")
        .assert()
        .success();
    assert_eq!(query_json(index.path(), "airport", &[]).0, 1);
    assert_eq!(query_json(index.path(), "harbour", &[]).0, 0);
}

#[test]
fn bad_files_are_skipped_with_a_warning_and_the_rest_indexed() {
    let mut latin1 = b"Caf".to_vec();
    latin1.push(0xE9);
    latin1.extend_from_slice(b" scene at the airport with plenty of readable words around it.\n");
    let dir = corpus_of(&[
        ("good.txt", b"The airport scene is about empathy.\n"),
        ("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("empty.txt", b""),
        ("latin1.txt", &latin1),
    ]);
    let index = tempfile::tempdir().expect("temp");
    reel()
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(index.path())
        .assert()
        .success()
        .stderr(contains("image.png: binary file"))
        .stderr(contains("latin1.txt: invalid UTF-8"))
        .stderr(contains("indexed 4 files"))
        .stderr(contains("1 skipped: 1 binary"));
    let (_, hits) = query_json(index.path(), "airport", &[]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn index_refuses_a_folder_of_other_files() {
    let dir = corpus_of(&[("a.txt", b"The airport.\n")]);
    let not_an_index = corpus_of(&[("precious.txt", b"keep me\n")]);
    reel()
        .arg("index")
        .arg(dir.path())
        .arg("--index")
        .arg(not_an_index.path())
        .assert()
        .code(2)
        .stderr(contains("holds no reel index"));
    assert!(not_an_index.path().join("precious.txt").exists());
}

#[test]
fn index_of_a_missing_corpus_is_an_error() {
    let index = tempfile::tempdir().expect("temp");
    reel()
        .args(["index", "/definitely/not/here", "--index"])
        .arg(index.path())
        .assert()
        .code(2)
        .stderr(contains("/definitely/not/here"));
}

#[test]
fn demo_indexes_and_answers_the_sample_query() {
    let index = tempfile::tempdir().expect("temp");
    reel()
        .arg("demo")
        .arg("--corpus")
        .arg(seed_corpus())
        .arg("--index")
        .arg(index.path())
        .assert()
        .success()
        .stdout(contains("1. The Terminal (2004)"));
}
