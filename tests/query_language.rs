//! Issue 4's search experience on the seed corpus: filters, query syntax, typo tolerance,
//! facets and output formats, through the real binary.

mod common;

use std::sync::OnceLock;

use common::{highlighted, query_json, reel, seed_corpus};
use predicates::str::contains;
use serde_json::Value;

/// One index of the seed corpus shared by the tests of this file.
fn seed_index() -> &'static std::path::Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| common::index_of(&seed_corpus()))
        .path()
}

fn films_of(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["film"].as_str().unwrap_or("(none)").to_string())
        .collect()
}

#[test]
fn year_range_alone_lists_exactly_its_films() {
    let (code, hits) = query_json(seed_index(), "", &["--year", "2005..2006"]);
    assert_eq!(code, 0);
    assert_eq!(
        films_of(&hits),
        vec!["Waiting…", "Beauty Shop", "Employee of the Month"]
    );
    let (_, hits) = query_json(seed_index(), "", &["--year", "2004"]);
    assert_eq!(films_of(&hits), vec!["The Terminal"]);
}

#[test]
fn open_year_ranges_and_films_without_year() {
    let (_, hits) = query_json(seed_index(), "", &["--year", "..1999", "-n", "50"]);
    assert_eq!(
        films_of(&hits),
        vec!["Clerks", "Empire Records", "Office Space"]
    );
    let (_, hits) = query_json(seed_index(), "", &["--year", "2018..", "-n", "50"]);
    assert_eq!(
        films_of(&hits),
        vec![
            "Sorry to Bother You",
            "Sorry We Missed You",
            "Boiling Point"
        ]
    );
    // Anomalisa has no year, so it never passes a year filter.
    let (_, hits) = query_json(
        seed_index(),
        "customer",
        &["--year", "1900..2100", "-n", "50"],
    );
    assert!(
        hits.iter()
            .all(|h| h["film"] != "Anomalisa" && !h["year"].is_null())
    );
}

#[test]
fn bad_year_filter_is_a_usage_error() {
    reel()
        .args(["query", "x", "--year", "soon", "--index"])
        .arg(seed_index())
        .assert()
        .code(2)
        .stderr(contains("soon"));
}

#[test]
fn film_and_source_filters_combine_with_words() {
    let (_, hits) = query_json(seed_index(), "", &["--film", "TERMINAL"]);
    assert_eq!(films_of(&hits), vec!["The Terminal"]);
    let (_, hits) = query_json(seed_index(), "customer", &["--source", "002_*", "-n", "50"]);
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|h| h["source"] == "002_6baa0dfc4bd09742.txt")
    );
    let (_, hits) = query_json(
        seed_index(),
        "customer",
        &["--source", "00[01]*", "-n", "50"],
    );
    assert!(
        hits.iter()
            .all(|h| h["source"] != "002_6baa0dfc4bd09742.txt")
    );
    let (code, _) = query_json(seed_index(), "airport", &["--film", "anomalisa"]);
    assert_eq!(code, 1);
}

#[test]
fn accents_are_folded_in_film_filter() {
    let (_, hits) = query_json(seed_index(), "", &["--film", "anómalisa", "-n", "1"]);
    assert_eq!(films_of(&hits), vec!["Anomalisa"]);
}

#[test]
fn typos_are_retried_fuzzily_with_a_notice() {
    reel()
        .args(["query", "empathie airprt", "--json", "--index"])
        .arg(seed_index())
        .assert()
        .success()
        .stderr(contains(
            "no exact match for \"airprt\", showing fuzzy matches",
        ));
    let (_, hits) = query_json(seed_index(), "empathie airprt", &[]);
    assert_eq!(hits[0]["film"], "The Terminal");
    assert!(highlighted(&hits[0]).contains(&"airport".to_string()));
}

#[test]
fn field_phrase_and_negation_syntax() {
    let (_, hits) = query_json(seed_index(), "film:terminal", &[]);
    assert_eq!(films_of(&hits), vec!["The Terminal"]);

    let (_, hits) = query_json(seed_index(), "\"human connection\"", &[]);
    assert_eq!(films_of(&hits), vec!["Up in the Air"]);
    assert_eq!(highlighted(&hits[0]), vec!["human", "connection"]);

    let (_, with) = query_json(seed_index(), "service", &["-n", "100"]);
    let (_, without) = query_json(seed_index(), "service -airport", &["-n", "100"]);
    assert!(films_of(&with).contains(&"The Terminal".to_string()));
    assert!(!films_of(&without).contains(&"The Terminal".to_string()));
    assert!(!without.is_empty() && without.len() < with.len());
}

#[test]
fn boolean_operators_prefix_and_year_field() {
    let (_, hits) = query_json(seed_index(), "airport AND empathy", &["-n", "50"]);
    assert_eq!(films_of(&hits), vec!["The Terminal"]);
    let (_, hits) = query_json(seed_index(), "airport OR kitchen", &["-n", "50"]);
    let films = films_of(&hits);
    assert!(
        films.contains(&"The Terminal".to_string()) && films.contains(&"Boiling Point".to_string())
    );
    let (_, hits) = query_json(seed_index(), "customer NOT service", &["-n", "50"]);
    assert!(hits.iter().all(|h| {
        !h["snippet"]
            .as_str()
            .unwrap_or("")
            .to_lowercase()
            .contains(" service")
    }));
    let (_, hits) = query_json(seed_index(), "airpo*", &[]);
    assert_eq!(hits[0]["film"], "The Terminal");
    assert!(
        highlighted(&hits[0])
            .iter()
            .any(|w| w.starts_with("airport"))
    );
    let (_, hits) = query_json(
        seed_index(),
        "lesson:empathy year:[2000 TO 2010]",
        &["-n", "50"],
    );
    let mut films = films_of(&hits);
    films.sort();
    assert_eq!(films, vec!["The Terminal", "Up in the Air"]);
}

#[test]
fn lenient_parsing_answers_with_one_warning_line() {
    for q in [
        "\"unbalanced quote airport",
        "AND AND airport",
        "mood:happy airport",
        "(airport",
    ] {
        let out = reel()
            .args(["query", q, "--json", "--index"])
            .arg(seed_index())
            .output()
            .expect("run");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{q}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.lines().filter(|l| l.contains("ignored")).count(),
            1,
            "{q}: {stderr}"
        );
        assert!(
            !common::json_lines(&out.stdout).is_empty(),
            "{q} should still find the airport"
        );
    }
}

#[test]
fn paging_with_offset() {
    let (_, all) = query_json(seed_index(), "customer", &["-n", "6"]);
    let (_, page2) = query_json(seed_index(), "customer", &["-n", "3", "--offset", "3"]);
    assert_eq!(page2.len(), 3);
    assert_eq!(page2[0]["rank"], 4);
    assert_eq!(films_of(&page2), films_of(&all[3..]));
}

#[test]
fn films_facet_lists_thirteen_films_with_counts() {
    let out = reel()
        .args(["films", "--json", "--index"])
        .arg(seed_index())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let films = common::json_lines(&out.stdout);
    assert_eq!(films.len(), 13);
    assert_eq!(films[0]["film"], "Anomalisa");
    assert!(films[0]["passages"].as_u64().unwrap_or(0) >= 6);
    assert_eq!(films[0]["sources"].as_array().map(Vec::len), Some(2));
    let terminal = films
        .iter()
        .find(|f| f["film"] == "The Terminal")
        .expect("terminal");
    assert_eq!(terminal["years"], serde_json::json!([2004]));
    assert_eq!(terminal["passages"], 1);
    // Sorted by count, then title.
    let rest: Vec<&str> = films[1..]
        .iter()
        .filter_map(|f| f["film"].as_str())
        .collect();
    let mut sorted = rest.clone();
    sorted.sort();
    assert_eq!(rest, sorted);
}

#[test]
fn stats_describe_the_index() {
    let out = reel()
        .args(["stats", "--json", "--index"])
        .arg(seed_index())
        .output()
        .expect("run");
    let stats = &common::json_lines(&out.stdout)[0];
    assert_eq!(stats["files"], 3);
    assert_eq!(stats["films"], 13);
    assert!(stats["passages"].as_u64().unwrap_or(0) >= 28);
    assert!(stats["passages_without_year"].as_u64().unwrap_or(0) >= 16);
    assert!(stats["size_bytes"].as_u64().unwrap_or(0) > 1000);
    assert!(stats["segments"].as_u64().unwrap_or(0) >= 1);
    assert!(stats["corpus"].as_str().unwrap_or("").ends_with("corpus"));
    assert!(stats["indexed_at"].as_u64().unwrap_or(0) > 1_700_000_000);
    reel()
        .args(["stats", "--index"])
        .arg(seed_index())
        .assert()
        .success()
        .stdout(contains("passages without a year"));
}

#[test]
fn csv_has_a_header_and_quoted_fields() {
    let out = reel()
        .args(["query", "airport", "--format", "csv", "--index"])
        .arg(seed_index())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("rank,score,film,year,lesson,source,start,end,snippet")
    );
    let first = lines.next().unwrap_or("");
    assert!(first.starts_with("1,"), "{first}");
    assert!(
        first.contains(",The Terminal,2004,\"Flexibility and empathy are key."),
        "{first}"
    );
}

#[test]
fn human_view_fits_80_columns_and_hides_scores_unless_verbose() {
    let run = |extra: &[&str]| {
        let out = reel()
            .args(["query", "customer service", "--color", "never", "--index"])
            .arg(seed_index())
            .args(extra)
            .env("COLUMNS", "80")
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let plain = run(&[]);
    assert!(plain.lines().all(|l| l.chars().count() <= 80), "{plain}");
    assert!(!plain.contains("score"));
    assert!(run(&["--verbose"]).contains("score "));
    let only = run(&["--fields", "film,source"]);
    assert!(!only.contains("lesson:"));
}

#[test]
fn help_shows_examples() {
    reel()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("empathy airport"))
        .stdout(contains("--year 2005..2006"));
    reel()
        .args(["query", "--help"])
        .assert()
        .success()
        .stdout(contains("empathy airport"))
        .stdout(contains("--year 2005..2006"));
}
