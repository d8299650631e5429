//! `reel extract` on the seed corpus and on articles in each supported layout.

mod common;

use common::{corpus_of, json_lines, reel, seed_corpus};
use serde_json::Value;

fn extract_json(dir: &std::path::Path) -> Vec<Value> {
    let out = reel()
        .arg("extract")
        .arg(dir)
        .arg("--json")
        .output()
        .expect("run reel extract");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out.stdout)
}

fn of_source<'a>(passages: &'a [Value], source: &str) -> Vec<&'a Value> {
    passages.iter().filter(|p| p["source"] == source).collect()
}

#[test]
fn seed_list_article_has_twelve_films_with_heading_years_and_lessons() {
    let passages = extract_json(&seed_corpus());
    let list = of_source(&passages, "002_6baa0dfc4bd09742.txt");
    let films: Vec<(&str, u64)> = list
        .iter()
        .filter(|p| !p["film"].is_null())
        .map(|p| {
            (
                p["film"].as_str().unwrap_or(""),
                p["year"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        films,
        vec![
            ("Clerks", 1994),
            ("Empire Records", 1995),
            ("Office Space", 1999),
            ("One Hour Photo", 2002),
            ("The Terminal", 2004),
            ("Waiting…", 2005),
            ("Beauty Shop", 2005),
            ("Employee of the Month", 2006),
            ("Up in the Air", 2009),
            ("Sorry to Bother You", 2018),
            ("Sorry We Missed You", 2019),
            ("Boiling Point", 2021),
        ]
    );
    for p in list.iter().filter(|p| !p["film"].is_null()) {
        let lesson = p["lesson"].as_str().unwrap_or("");
        assert!(lesson.len() > 40, "film passage without its lesson: {p}");
        assert!(
            !lesson.contains("Key takeaways"),
            "marker leaked into lesson: {lesson}"
        );
    }
    let terminal = list
        .iter()
        .find(|p| p["film"] == "The Terminal")
        .expect("The Terminal");
    assert!(
        terminal["lesson"]
            .as_str()
            .unwrap_or("")
            .starts_with("Flexibility and empathy are key.")
    );
    let filmless: Vec<_> = list.iter().filter(|p| p["film"].is_null()).collect();
    assert!(filmless.len() >= 2, "intro and wrap-up passages expected");
    assert!(
        filmless[0]["text"]
            .as_str()
            .unwrap_or("")
            .starts_with("Customer service isn’t just a job")
    );
    assert!(
        filmless
            .last()
            .and_then(|p| p["text"].as_str())
            .unwrap_or("")
            .contains("Wrapping It Up")
    );
}

#[test]
fn seed_prose_reviews_are_about_anomalisa_with_no_year() {
    let passages = extract_json(&seed_corpus());
    for source in ["000_77ae1fac5a3ec69d.txt", "001_8bc0e34a8358f1ae.txt"] {
        let ps = of_source(&passages, source);
        assert!(ps.len() >= 3, "{source}: paragraphs expected");
        for p in ps {
            assert_eq!(p["film"], "Anomalisa", "{source}: {p}");
            assert!(
                p["year"].is_null(),
                "{source}: a year that is not the film's: {p}"
            );
        }
    }
    let first = of_source(&passages, "000_77ae1fac5a3ec69d.txt")[0];
    let lesson = first["lesson"].as_str().unwrap_or("");
    assert!(
        lesson.contains("you want consistency, but not at the expense of humanity"),
        "{lesson}"
    );
}

#[test]
fn no_passage_is_site_boilerplate() {
    for p in extract_json(&seed_corpus()) {
        let text = p["text"].as_str().unwrap_or("").to_lowercase();
        for junk in ["newsletter", "you may also like", "privacy policy"] {
            assert!(!text.contains(junk), "boilerplate in passage: {p}");
        }
    }
}

#[test]
fn offsets_point_into_the_source_file() {
    let corpus = seed_corpus();
    for p in extract_json(&corpus) {
        let src =
            std::fs::read_to_string(corpus.join(p["source"].as_str().unwrap_or(""))).expect("read");
        let (s, e) = (
            p["start"].as_u64().unwrap_or(0) as usize,
            p["end"].as_u64().unwrap_or(0) as usize,
        );
        let span = src
            .get(s..e)
            .expect("offsets on char boundaries inside the file");
        let first_word = p["text"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(span.starts_with(first_word), "span {span:?} vs text of {p}");
    }
}

#[test]
fn layouts_in_the_wild() {
    let dir = corpus_of(&[
        (
            "paren.txt",
            "Movies for retail workers.\n\n1) Clerks – 1994\nDante covers a shift.\nLesson: show up.\n\n2) Empire Records – 1995\nA record store.\nLesson: passion spreads.\n".as_bytes(),
        ),
        (
            "hash.txt",
            "#1: Office Space\nThe film was released in 1999.\nTakeaway: engage people.\n#2: Clerks\nA store.\nTakeaway: be kind.\n".as_bytes(),
        ),
        (
            "caps.txt",
            "FAST TIMES AT RIDGEMONT HIGH (1982)\nA mall.\nThe Movie Lesson: smile.\n\nOFFICE SPACE (1999)\nAn office.\nKey takeaway: listen.\n".as_bytes(),
        ),
        (
            "years.txt",
            "Office Space (1999)\nCubicles.\nThe lesson: care.\n\nThe Terminal (2004)\nAn airport.\nThe lesson: bend rules.\n".as_bytes(),
        ),
    ]);
    let got: Vec<(String, String, Value, String)> = extract_json(dir.path())
        .into_iter()
        .filter(|p| !p["film"].is_null())
        .map(|p| {
            (
                p["source"].as_str().unwrap_or("").to_string(),
                p["film"].as_str().unwrap_or("").to_string(),
                p["year"].clone(),
                p["lesson"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expect =
        |s: &str, f: &str, y: Value, l: &str| (s.to_string(), f.to_string(), y, l.to_string());
    assert_eq!(
        got,
        vec![
            expect(
                "caps.txt",
                "Fast Times at Ridgemont High",
                1982.into(),
                "smile."
            ),
            expect("caps.txt", "Office Space", 1999.into(), "listen."),
            expect("hash.txt", "Office Space", 1999.into(), "engage people."),
            expect("hash.txt", "Clerks", Value::Null, "be kind."),
            expect("paren.txt", "Clerks", 1994.into(), "show up."),
            expect(
                "paren.txt",
                "Empire Records",
                1995.into(),
                "passion spreads."
            ),
            expect("years.txt", "Office Space", 1999.into(), "care."),
            expect("years.txt", "The Terminal", 2004.into(), "bend rules."),
        ]
    );
}

#[test]
fn prose_review_with_quoted_title_and_boilerplate() {
    let dir = corpus_of(&[(
        "review.txt",
        "The new movie ‘Drive’ follows a stunt driver who barely speaks.\n\n\
         Drive was adapted from a novel published in 2005, and in 2016 it still holds up.\n\n\
         When you lead a team, you should value quiet competence over noise.\n\n\
         You may also like...\n\nSubscribe to our newsletter\n"
            .as_bytes(),
    )]);
    let ps = extract_json(dir.path());
    assert_eq!(ps.len(), 3, "{ps:?}");
    for p in &ps {
        assert_eq!(p["film"], "Drive");
        assert!(p["year"].is_null());
        assert_eq!(
            p["lesson"],
            "When you lead a team, you should value quiet competence over noise."
        );
    }
}

#[test]
fn human_view_lists_films_per_file() {
    reel()
        .arg("extract")
        .arg(seed_corpus())
        .args(["--color", "never"])
        .assert()
        .success()
        .stdout(predicates::str::contains("The Terminal (2004)"))
        .stdout(predicates::str::contains("002_6baa0dfc4bd09742.txt"));
}

#[test]
fn missing_corpus_is_an_error() {
    reel()
        .args(["extract", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
}
