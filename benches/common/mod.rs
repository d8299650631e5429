//! Fixed samples shared by the criterion benches: the seed corpus, grown by replication so
//! timings are not dominated by per-run overhead.

// Each bench uses only some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The seed corpus committed with the repository.
pub fn seed_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The seed corpus replicated `times` times in a new temporary folder, and its size in bytes.
pub fn sample(times: usize) -> (tempfile::TempDir, u64) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = reel::bench::replicate(&seed_corpus(), dir.path(), times)
        .expect("replicate the seed corpus");
    (dir, bytes)
}
