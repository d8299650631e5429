//! The index keeps where each passage is and a hash of its text; results read the text back
//! from the corpus file, or from the index with `--store-text`. A file that changed since
//! indexing is reported, never shown with the wrong text.

mod common;

use common::{corpus_of, highlighted, index_of, json_lines, query_json, reel};

const ARTICLE: &str = "Lessons from the silver screen\n\n\
    1. The Terminal (2004)\n\n\
    Viktor is stranded in an airport for months and wins over the staff.\n\n\
    Key takeaways: empathy turns strangers into allies.\n\n\
    2. Office Space (1999)\n\n\
    A cubicle comedy about managers who never listen.\n";

#[test]
fn snippets_are_read_from_the_corpus_whatever_the_working_folder() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(root.path().join("articles")).expect("mkdir");
    std::fs::write(root.path().join("articles/lessons.txt"), ARTICLE).expect("write");
    let index = tempfile::tempdir().expect("temp dir");
    reel()
        .current_dir(root.path())
        .args(["index", "articles", "--quiet", "--index"])
        .arg(index.path())
        .assert()
        .success();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = reel()
        .current_dir(elsewhere.path())
        .args(["query", "airport", "--json", "--index"])
        .arg(index.path())
        .output()
        .expect("run reel");
    assert_eq!(out.status.code(), Some(0));
    let hits = json_lines(&out.stdout);
    assert_eq!(hits[0]["film"], "The Terminal");
    assert!(highlighted(&hits[0]).contains(&"airport".to_string()));
    assert!(hits[0].get("stale").is_none(), "{}", hits[0]);
}

#[test]
fn a_file_changed_since_indexing_is_reported_not_misquoted() {
    let corpus = corpus_of(&[("lessons.txt", ARTICLE.as_bytes())]);
    let index = index_of(corpus.path());
    let edited = ARTICLE.replace("Viktor is stranded", "Somebody else was stuck");
    std::fs::write(corpus.path().join("lessons.txt"), edited).expect("edit");

    let out = reel()
        .args(["query", "airport", "--json", "--index"])
        .arg(index.path())
        .output()
        .expect("run reel");
    assert_eq!(out.status.code(), Some(0), "the passage is still a match");
    let hits = json_lines(&out.stdout);
    assert_eq!(hits[0]["stale"], true);
    assert_eq!(hits[0]["snippet"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("changed or moved since indexing"),
        "{stderr}"
    );

    let human = reel()
        .args(["query", "airport", "--color", "never", "--index"])
        .arg(index.path())
        .output()
        .expect("run reel");
    assert!(String::from_utf8_lossy(&human.stdout).contains("(no text: the source file changed"));

    // The other passage of the file is untouched and still reads back.
    let (_, hits) = query_json(index.path(), "cubicle", &[]);
    assert!(hits[0].get("stale").is_none());
    assert!(highlighted(&hits[0]).contains(&"cubicle".to_string()));

    // Re-indexing brings the text back.
    reel()
        .arg("index")
        .arg(corpus.path())
        .args(["--quiet", "--index"])
        .arg(index.path())
        .assert()
        .success();
    let (code, hits) = query_json(index.path(), "stuck airport", &[]);
    assert_eq!(code, 0);
    assert!(highlighted(&hits[0]).contains(&"stuck".to_string()));
}

#[test]
fn store_text_keeps_results_readable_without_the_corpus() {
    let corpus = corpus_of(&[("lessons.txt", ARTICLE.as_bytes())]);
    let index = index_of(corpus.path());
    // Switching the mode re-indexes every file, not only changed ones.
    let out = reel()
        .arg("index")
        .arg(corpus.path())
        .args(["--store-text", "--index"])
        .arg(index.path())
        .output()
        .expect("run reel");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 new"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(corpus);

    let (code, hits) = query_json(index.path(), "airport", &[]);
    assert_eq!(code, 0);
    assert!(hits[0].get("stale").is_none());
    assert!(highlighted(&hits[0]).contains(&"airport".to_string()));
}

#[test]
fn passages_after_invalid_utf8_read_back_whole() {
    // The replacement character is longer than the byte it replaces, so offsets in the
    // decoded text run ahead of the file's bytes.
    let mut bytes = b"Caf\xe9 notes \xff\xfe from the festival\n\n".to_vec();
    bytes.extend_from_slice(ARTICLE.as_bytes());
    let corpus = corpus_of(&[("lossy.txt", &bytes)]);
    let index = index_of(corpus.path());
    let (code, hits) = query_json(index.path(), "cubicle", &[]);
    assert_eq!(code, 0);
    assert!(hits[0].get("stale").is_none(), "{}", hits[0]);
    assert!(highlighted(&hits[0]).contains(&"cubicle".to_string()));
}
