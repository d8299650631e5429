//! Issue 6: incremental re-indexing, crash safety, concurrent use and hostile input, on
//! folders generated here.

mod common;

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use common::{corpus_of, query_json, reel};
use predicates::str::contains;

fn index_cmd(corpus: &Path, index: &Path) -> assert_cmd::Command {
    let mut cmd = reel();
    cmd.arg("index").arg(corpus).arg("--index").arg(index);
    cmd
}

fn article(i: usize) -> String {
    format!(
        "{i}. Film Number {i} ({})\nA story about service number {i} and the airport.\n\
         Key takeaways:\nBe kind to customer {i}.\n",
        1950 + i % 70
    )
}

/// A corpus of `n` generated list articles.
fn generated(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    for i in 0..n {
        let sub = dir.path().join(format!("part{}", i % 10));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("a{i:05}.txt")), article(i)).expect("write");
    }
    dir
}

/// `--rebuild` replaces an unusable index, and the corpus's airport passage is found again.
fn rebuild_finds_the_airport(corpus: &Path, index: &Path) {
    index_cmd(corpus, index).arg("--rebuild").assert().success();
    assert_eq!(query_json(index, "airport", &[]).0, 0);
}

#[test]
fn rerun_processes_only_new_changed_and_removed_files() {
    let dir = corpus_of(&[
        ("a.txt", b"The airport scene.\n"),
        ("b.txt", b"A kitchen in chaos.\n"),
        ("c.txt", b"A record store.\n"),
    ]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(dir.path(), index.path())
        .assert()
        .success()
        .stderr(contains("3 new, 0 changed, 0 removed, 0 unchanged"));
    std::fs::write(dir.path().join("b.txt"), b"A harbour at dawn.\n").expect("edit");
    std::fs::remove_file(dir.path().join("c.txt")).expect("delete");
    std::fs::write(dir.path().join("d.txt"), b"A cinema lobby.\n").expect("add");
    index_cmd(dir.path(), index.path())
        .assert()
        .success()
        .stderr(contains("1 new, 1 changed, 1 removed, 1 unchanged"));
    assert_eq!(query_json(index.path(), "kitchen", &[]).0, 1);
    assert_eq!(query_json(index.path(), "record", &[]).0, 1);
    assert_eq!(query_json(index.path(), "harbour", &[]).0, 0);
    assert_eq!(query_json(index.path(), "cinema", &[]).0, 0);
    index_cmd(dir.path(), index.path())
        .arg("--rebuild")
        .assert()
        .success()
        .stderr(contains("3 new, 0 changed, 0 removed, 0 unchanged"));
}

#[test]
fn index_of_another_schema_asks_for_rebuild() {
    let dir = corpus_of(&[("a.txt", b"The airport scene.\n")]);
    let index = tempfile::tempdir().expect("temp");
    {
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("title", tantivy::schema::TEXT);
        let idx = tantivy::Index::create_in_dir(index.path(), b.build()).expect("create");
        let mut w: tantivy::IndexWriter = idx.writer(15_000_000).expect("writer");
        w.commit().expect("commit");
    }
    reel()
        .args(["query", "airport", "--index"])
        .arg(index.path())
        .assert()
        .code(2)
        .stderr(contains("--rebuild"));
    index_cmd(dir.path(), index.path())
        .assert()
        .code(2)
        .stderr(contains("--rebuild"));
    rebuild_finds_the_airport(dir.path(), index.path());
}

#[test]
fn corrupt_or_truncated_index_gives_a_clear_error() {
    let dir = corpus_of(&[("a.txt", b"The airport scene.\n")]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(dir.path(), index.path()).assert().success();
    // Truncate every segment file.
    for entry in std::fs::read_dir(index.path()).expect("ls").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".store") || name.ends_with(".idx") || name.ends_with(".term") {
            std::fs::write(entry.path(), b"x").expect("truncate");
        }
    }
    let out = reel()
        .args(["query", "airport", "--index"])
        .arg(index.path())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--rebuild") && !stderr.contains("panicked"),
        "{stderr}"
    );
    // A garbled meta.json too.
    std::fs::write(index.path().join("meta.json"), b"{not json").expect("garble");
    reel()
        .args(["stats", "--index"])
        .arg(index.path())
        .assert()
        .code(2)
        .stderr(contains(index.path().display().to_string()))
        .stderr(contains("--rebuild"));
    rebuild_finds_the_airport(dir.path(), index.path());
}

#[test]
fn a_second_writer_is_refused_and_queries_keep_answering() {
    let dir = corpus_of(&[("a.txt", b"The airport scene.\n")]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(dir.path(), index.path()).assert().success();
    // Hold the writer lock as a running `reel index` would.
    let held = tantivy::Index::open_in_dir(index.path()).expect("open");
    let writer: tantivy::IndexWriter = held.writer(15_000_000).expect("lock");
    index_cmd(dir.path(), index.path())
        .assert()
        .code(2)
        .stderr(contains("is being written by another reel process"));
    assert_eq!(query_json(index.path(), "airport", &[]).0, 0);
    drop(writer);
    index_cmd(dir.path(), index.path()).assert().success();
}

#[test]
fn killing_indexing_at_any_moment_leaves_the_last_commit_readable() {
    let corpus = generated(3000);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(corpus.path(), index.path())
        .arg("--quiet")
        .assert()
        .success();
    let bin = assert_cmd::cargo::cargo_bin("reel");
    for (round, delay_ms) in [5u64, 20, 40, 80, 120, 200, 300, 450, 650, 900, 1300]
        .iter()
        .enumerate()
    {
        // Change every file so the run has real work to be killed in.
        for i in (0..3000).step_by(7) {
            let path = corpus.path().join(format!("part{}/a{i:05}.txt", i % 10));
            std::fs::write(path, format!("{}round {round} harbour\n", article(i))).expect("edit");
        }
        let mut child = StdCommand::new(&bin)
            .arg("index")
            .arg(corpus.path())
            .arg("--index")
            .arg(index.path())
            .arg("--quiet")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(*delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (code, hits) = query_json(index.path(), "airport", &["-n", "1"]);
        assert_eq!(
            code, 0,
            "round {round}: the index must answer after a kill at {delay_ms} ms"
        );
        assert_eq!(hits.len(), 1);
    }
    index_cmd(corpus.path(), index.path())
        .arg("--quiet")
        .assert()
        .success();
    let (code, _) = query_json(index.path(), "harbour", &[]);
    assert_eq!(
        code, 0,
        "the run after the kills completes and sees the edits"
    );
    // Same content as a fresh build.
    let fresh = tempfile::tempdir().expect("temp");
    index_cmd(corpus.path(), fresh.path())
        .arg("--quiet")
        .assert()
        .success();
    let count = |dir: &Path| {
        let out = reel()
            .args(["stats", "--json", "--index"])
            .arg(dir)
            .output()
            .expect("run");
        common::json_lines(&out.stdout)[0]["passages"].clone()
    };
    assert_eq!(count(index.path()), count(fresh.path()));
}

#[test]
fn ctrl_c_stops_without_committing() {
    let corpus = generated(3000);
    let index = tempfile::tempdir().expect("temp");
    let bin = assert_cmd::cargo::cargo_bin("reel");
    let child = StdCommand::new(&bin)
        .arg("index")
        .arg(corpus.path())
        .arg("--index")
        .arg(index.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(300));
    let _ = StdCommand::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status();
    let out = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(2) => {
            assert!(stderr.contains("nothing new was committed"), "{stderr}");
            // A first run stopped before its commit leaves nothing to query, and a clean slate.
            index_cmd(corpus.path(), index.path())
                .arg("--quiet")
                .assert()
                .success();
        }
        Some(0) => assert!(
            stderr.contains("indexed 3000 files"),
            "finished before the signal"
        ),
        other => panic!("unexpected exit {other:?}: {stderr}"),
    }
    assert_eq!(query_json(index.path(), "airport", &["-n", "1"]).0, 0);
}

#[test]
fn hostile_files_are_handled() {
    let mut big_line = "word ".repeat(3000);
    big_line.push('\n');
    let dir = corpus_of(&[
        (
            "bom_crlf.txt",
            "\u{FEFF}1. Clerks (1994)\r\nA store.\r\n2. Office Space (1999)\r\nCubicles.\r\n"
                .as_bytes(),
        ),
        (
            "cr_only.txt",
            b"1. Clerks (1994)\rA store in the rain.\r2. Office Space (1999)\rCubicles.\r",
        ),
        (
            "tabs_zw.txt",
            "Tabs\there and zero\u{200B}width em\u{200B}pathy.\n".as_bytes(),
        ),
        ("empty.txt", b""),
        ("nul.bin", b"GIF89a\0\0\0binary"),
        ("long.txt", big_line.as_bytes()),
    ]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(dir.path(), index.path())
        .assert()
        .success()
        .stderr(contains("skipped nul.bin: binary file"));
    let (_, hits) = query_json(index.path(), "", &["--film", "clerks", "-n", "10"]);
    assert_eq!(hits.len(), 2, "CRLF and CR files both yield Clerks");
    assert!(hits.iter().all(|h| h["year"] == 1994));
    assert_eq!(
        query_json(index.path(), "empathy", &[]).0,
        0,
        "zero-width space removed"
    );
    let (_, words) = query_json(index.path(), "word", &["-n", "100"]);
    assert!(
        words.len() >= 4,
        "a 15 KB line is split into several passages"
    );
}

#[test]
fn hidden_and_ignored_files_are_skipped_unless_asked() {
    let dir = corpus_of(&[
        ("seen.txt", b"A visible airport.\n"),
        (".hidden.txt", b"A hidden harbour.\n"),
        (".secret/inside.txt", b"A secret kitchen.\n"),
        ("skip.txt", b"An ignored cinema.\n"),
        (".gitignore", b"skip.txt\n"),
    ]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(dir.path(), index.path()).assert().success();
    assert_eq!(query_json(index.path(), "airport", &[]).0, 0);
    for word in ["harbour", "kitchen", "cinema"] {
        assert_eq!(
            query_json(index.path(), word, &[]).0,
            1,
            "{word} should be skipped"
        );
    }
    index_cmd(dir.path(), index.path())
        .args(["--hidden", "--no-ignore"])
        .assert()
        .success();
    for word in ["harbour", "kitchen", "cinema"] {
        assert_eq!(
            query_json(index.path(), word, &[]).0,
            0,
            "{word} should be included"
        );
    }
}

#[test]
fn symlink_loops_and_unreadable_files_warn_and_go_on() {
    let dir = corpus_of(&[
        ("a.txt", b"The airport scene.\n"),
        ("sub/b.txt", b"A kitchen.\n"),
    ]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).expect("symlink");
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, b"A locked harbour.\n").expect("write");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000))
        .expect("chmod");
    let root_reads_anyway = std::fs::read(&locked).is_ok();
    let index = tempfile::tempdir().expect("temp");
    let assert = index_cmd(dir.path(), index.path()).assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.to_lowercase().contains("loop"), "{stderr}");
    assert!(stderr.contains("1 not walkable"), "{stderr}");
    if root_reads_anyway {
        eprintln!(
            "running as root: permissions cannot make a file unreadable, that part is skipped"
        );
    } else {
        assert!(stderr.contains("skipped locked.txt"), "{stderr}");
        assert!(stderr.contains("1 unreadable"), "{stderr}");
    }
    assert_eq!(query_json(index.path(), "kitchen", &[]).0, 0);
}

#[test]
fn corpus_that_is_a_file_is_an_error() {
    let dir = corpus_of(&[("a.txt", b"x\n")]);
    let index = tempfile::tempdir().expect("temp");
    index_cmd(&dir.path().join("a.txt"), index.path())
        .assert()
        .code(2)
        .stderr(contains("is not a folder"));
}

#[test]
fn large_files_are_read_in_bounded_pieces_with_file_offsets() {
    use reel::corpus::{ReadLimits, SourceFile, read};
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("big.txt");
    let mut text = String::new();
    let mut i = 0;
    while text.len() < 600_000 {
        text.push_str(&format!(
            "{}. Film {} (19{:02})\nService ünd airport line {i}.\n",
            i % 900 + 1,
            i,
            i % 100
        ));
        i += 1;
    }
    std::fs::write(&path, &text).expect("write");
    let file = SourceFile::under(dir.path(), path, text.len() as u64, 0);
    let limits = ReadLimits {
        whole_file_max: 64 * 1024,
        piece_bytes: 32 * 1024,
    };
    let mut largest_batch = 0;
    let mut passages = Vec::new();
    let r = read(
        &file,
        limits,
        |_| false,
        |batch| {
            largest_batch = largest_batch.max(batch.iter().map(|p| p.text.len()).sum::<usize>());
            passages.extend(batch);
        },
    );
    assert!(r.hash.is_some());
    assert!(
        largest_batch <= 64 * 1024,
        "one piece at a time, not the whole file"
    );
    assert!(passages.len() > 1000);
    for p in &passages {
        let span = text
            .get(p.start..p.end)
            .expect("offsets into the whole file");
        let first = p.text.split_whitespace().next().unwrap_or("");
        assert!(span.starts_with(first), "{p:?}");
    }
}

#[test]
fn a_file_that_vanishes_after_listing_is_skipped_with_a_warning() {
    use reel::corpus::{Outcome, ReadLimits, read, walk};
    let dir = corpus_of(&[
        ("a.txt", b"The airport scene.\n"),
        ("b.txt", b"A kitchen.\n"),
    ]);
    let listing = walk(dir.path(), Default::default()).expect("walk");
    std::fs::remove_file(dir.path().join("b.txt")).expect("vanish");
    let gone = listing
        .files
        .iter()
        .find(|f| f.rel() == "b.txt")
        .expect("listed");
    let r = read(
        gone,
        ReadLimits::default(),
        |_| false,
        |_| panic!("nothing to extract"),
    );
    assert!(matches!(r.outcome, Outcome::Failed(_)));
    assert!(
        r.warning("b.txt")
            .is_some_and(|w| w.starts_with("skipped b.txt"))
    );
}
