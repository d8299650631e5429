//! What the index holds of each file (size, modification time, content hash), so a re-run
//! reads only new and changed files. It is written after each commit and names that commit's
//! opstamp: a manifest from any other commit (a crash between commit and write) is not trusted,
//! and the run falls back to a full rebuild, so a stale manifest costs time, never correctness.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize, Serializer};

/// zstd-compressed JSON: paths and hashes of a large corpus compress about tenfold.
const FILE_NAME: &str = "reel-manifest.json.zst";

/// How long a file must have been unmodified before its size and time alone vouch for it:
/// a file written in the same clock tick as the scan could change without changing either.
const TRUST_AFTER_NS: u64 = 2_000_000_000;

/// The state of one indexed file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
    /// xxh3 of the file's bytes.
    pub hash: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The commit this manifest describes.
    pub opstamp: u64,
    /// When the run that wrote it listed the corpus, nanoseconds since the epoch.
    pub scanned_at_ns: u64,
    pub files: BTreeMap<String, FileState>,
}

impl Manifest {
    /// The manifest of the commit `opstamp`, or `None` when absent, unreadable or stale.
    pub fn load(dir: &Path, opstamp: u64) -> Option<Manifest> {
        let file = fs::File::open(dir.join(FILE_NAME)).ok()?;
        let m: Manifest = serde_json::from_reader(zstd::Decoder::new(file).ok()?).ok()?;
        (m.opstamp == opstamp).then_some(m)
    }

    /// True when size and time alone show the file is as indexed.
    pub fn unchanged_by_stat(&self, rel: &str, size: u64, mtime_ns: u64) -> bool {
        self.files.get(rel).is_some_and(|s| {
            s.size == size
                && s.mtime_ns == mtime_ns
                && mtime_ns + TRUST_AFTER_NS <= self.scanned_at_ns
        })
    }
}

/// Writes the manifest of commit `opstamp` atomically (temporary file, then rename), streaming
/// `files` through the compressor: a corpus of a million files never has a second copy of its
/// paths in memory.
pub fn save<'a>(
    dir: &Path,
    opstamp: u64,
    scanned_at_ns: u64,
    files: impl Iterator<Item = (Cow<'a, str>, FileState)>,
) -> Result<()> {
    #[derive(Serialize)]
    struct Out<F> {
        opstamp: u64,
        scanned_at_ns: u64,
        files: F,
    }
    let out = Out {
        opstamp,
        scanned_at_ns,
        files: Streamed(RefCell::new(Some(files))),
    };
    let tmp = dir.join(format!("{FILE_NAME}.tmp"));
    let write = || -> Result<()> {
        let encoder = zstd::Encoder::new(fs::File::create(&tmp)?, 1)?;
        // JSON is written in many small pieces; the compressor takes them in large blocks.
        let mut json = std::io::BufWriter::with_capacity(1 << 16, encoder);
        serde_json::to_writer(&mut json, &out)?;
        json.into_inner()
            .map_err(|e| e.into_error())?
            .finish()?
            .sync_all()?;
        Ok(())
    };
    write().with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, dir.join(FILE_NAME))
        .with_context(|| format!("cannot write the manifest in {}", dir.display()))
}

/// An iterator serialized once as a JSON object.
struct Streamed<I>(RefCell<Option<I>>);

impl<'a, I: Iterator<Item = (Cow<'a, str>, FileState)>> Serialize for Streamed<I> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(self.0.borrow_mut().take().into_iter().flatten())
    }
}

/// Nanoseconds since the epoch of a time, 0 when before it or unknown.
pub fn nanos(t: Option<SystemTime>) -> u64 {
    t.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_staleness() {
        let dir = tempfile::tempdir().expect("temp");
        let mut m = Manifest {
            opstamp: 7,
            scanned_at_ns: 10_000_000_000,
            ..Manifest::default()
        };
        m.files.insert(
            "a.txt".into(),
            FileState {
                size: 3,
                mtime_ns: 1_000_000_000,
                hash: 42,
            },
        );
        let files = m.files.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), *v));
        save(dir.path(), m.opstamp, m.scanned_at_ns, files).expect("save");
        assert!(
            Manifest::load(dir.path(), 8).is_none(),
            "other commit: stale"
        );
        let back = Manifest::load(dir.path(), 7).expect("load");
        assert_eq!(back.files, m.files);
        assert!(back.unchanged_by_stat("a.txt", 3, 1_000_000_000));
        assert!(!back.unchanged_by_stat("a.txt", 4, 1_000_000_000));
        assert!(!back.unchanged_by_stat("b.txt", 3, 1_000_000_000));
    }

    #[test]
    fn recent_files_are_not_trusted_by_stat() {
        let m = Manifest {
            opstamp: 1,
            scanned_at_ns: 10_000_000_000,
            files: BTreeMap::from([(
                "a.txt".to_string(),
                FileState {
                    size: 3,
                    mtime_ns: 9_500_000_000,
                    hash: 1,
                },
            )]),
        };
        assert!(!m.unchanged_by_stat("a.txt", 3, 9_500_000_000));
    }
}
