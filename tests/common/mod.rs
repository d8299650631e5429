//! Helpers shared by the integration tests: the real binary, the seed corpus, JSON lines.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The `reel` binary built by cargo for this test run.
pub fn reel() -> Command {
    let mut cmd = Command::cargo_bin("reel").expect("reel binary is built");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// The seed corpus committed with the repository.
pub fn seed_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// Parses one JSON object per line.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Writes `files` (relative path, content) under a new temporary folder.
pub fn corpus_of(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(path, content).expect("write article");
    }
    dir
}

/// Builds an index of `corpus` in a new temporary folder and returns that folder.
pub fn index_of(corpus: &Path) -> tempfile::TempDir {
    let index = tempfile::tempdir().expect("temp dir");
    reel()
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index.path())
        .arg("--quiet")
        .assert()
        .success();
    index
}

/// Runs `reel query QUERY --json` against `index`, returning exit code and hits.
pub fn query_json(index: &Path, query: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let out = reel()
        .args(["query", query, "--json", "--index"])
        .arg(index)
        .args(extra)
        .output()
        .expect("run reel");
    (out.status.code().unwrap_or(-1), json_lines(&out.stdout))
}

/// The highlighted words of a JSON hit, lower-cased.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = hit["snippet"].as_str().unwrap_or_default();
    hit["highlights"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let a = r[0].as_u64()? as usize;
            let b = r[1].as_u64()? as usize;
            snippet.get(a..b).map(str::to_lowercase)
        })
        .collect()
}
