//! Finding and reading the articles of a corpus folder: a recursive walk that skips hidden and
//! ignored files the way ripgrep does, and reading that turns each file into passages or into
//! a reason it was skipped.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Result, bail};

use crate::extract::{self, Passage};
use crate::text::{self, Decoded};

/// How to walk a corpus.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Include hidden files and folders.
    pub hidden: bool,
    /// Do not honour `.gitignore` / `.ignore` files.
    pub no_ignore: bool,
}

/// A file found under the corpus folder. Kept small: a corpus can list a million of them.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Where, in `path`, the part relative to the corpus folder starts.
    rel_at: usize,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 when unknown).
    pub mtime_ns: u64,
}

impl SourceFile {
    /// A file at `path` under the corpus folder `root`.
    pub fn under(root: &Path, path: PathBuf, size: u64, mtime_ns: u64) -> SourceFile {
        let rel_at = match path.strip_prefix(root) {
            Ok(rel) => path.as_os_str().len() - rel.as_os_str().len(),
            Err(_) => 0,
        };
        SourceFile {
            path,
            rel_at,
            size,
            mtime_ns,
        }
    }

    /// Path relative to the corpus folder, `/`-separated: the passage's `source`.
    pub fn rel(&self) -> Cow<'_, str> {
        use std::os::unix::ffi::OsStrExt;
        String::from_utf8_lossy(&self.path.as_os_str().as_bytes()[self.rel_at..])
    }
}

/// The files of a corpus, in path order, with what could not be walked.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<SourceFile>,
    pub warnings: Vec<String>,
}

impl Listing {
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// Lists the files under `root`, recursively, sorted by relative path.
pub fn walk(root: &Path, opts: WalkOptions) -> Result<Listing> {
    if !root.exists() {
        bail!("corpus folder {} does not exist", root.display());
    }
    if !root.is_dir() {
        bail!("corpus path {} is not a folder", root.display());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // In parallel: each file costs a `stat`, and the walk runs before any indexing starts.
    let walker = ignore::WalkBuilder::new(root)
        .hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(false)
        .parents(false)
        .require_git(false)
        .follow_links(true)
        .threads(cores)
        .build_parallel();
    let found = Mutex::new(Listing::default());
    walker.visit(&mut Collectors {
        root,
        shared: &found,
    });
    let mut listing = found.into_inner().unwrap_or_else(|e| e.into_inner());
    // Each path is decoded once, not at every comparison.
    listing.files.sort_by_cached_key(|f| f.rel().into_owned());
    listing.warnings.sort();
    Ok(listing)
}

/// Makes one `Collector` per walking thread.
struct Collectors<'s> {
    root: &'s Path,
    shared: &'s Mutex<Listing>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for Collectors<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Collector {
            root: self.root,
            shared: self.shared,
            mine: Listing::default(),
        })
    }
}

/// What one walking thread found, handed to the shared listing in batches and when the thread
/// is done (on drop).
struct Collector<'s> {
    root: &'s Path,
    shared: &'s Mutex<Listing>,
    mine: Listing,
}

impl Collector<'_> {
    fn flush(&mut self) {
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.files.append(&mut self.mine.files);
        shared.warnings.append(&mut self.mine.warnings);
    }
}

impl ignore::ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => match entry.metadata() {
                Ok(m) => {
                    let mtime_ns = crate::manifest::nanos(m.modified().ok());
                    let path = entry.into_path();
                    self.mine
                        .files
                        .push(SourceFile::under(self.root, path, m.len(), mtime_ns));
                }
                Err(err) => self
                    .mine
                    .warnings
                    .push(format!("skipped {}: {err}", entry.path().display())),
            },
            Ok(_) => {}
            Err(err) => self.mine.warnings.push(format!("skipped: {err}")),
        }
        if self.mine.files.len() >= 1024 {
            self.flush();
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}

/// How much of a file is held in memory at once: files up to `whole_file_max` are read whole,
/// larger ones are hashed and extracted in pieces of about `piece_bytes`, cut after a newline,
/// so memory stays bounded whatever the file size.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    pub whole_file_max: u64,
    pub piece_bytes: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            whole_file_max: 16 * 1024 * 1024,
            piece_bytes: 8 * 1024 * 1024,
        }
    }
}

/// How reading one file ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passages were extracted (`lossy`: invalid UTF-8 was replaced).
    Extracted { passages: usize, lossy: bool },
    /// The content hash was accepted by the caller: nothing extracted.
    Unchanged,
    /// The file is binary and was skipped.
    Binary,
    /// The file could not be read (permissions, vanished, I/O error).
    Failed(String),
}

/// What reading one file gave: its content hash (when it could be read) and the outcome.
#[derive(Debug, Clone)]
pub struct Read {
    pub hash: Option<u64>,
    pub outcome: Outcome,
}

impl Read {
    /// A warning worth printing, if any.
    pub fn warning(&self, rel: &str) -> Option<String> {
        match &self.outcome {
            Outcome::Binary => Some(format!("skipped {rel}: binary file")),
            Outcome::Failed(why) => Some(format!("skipped {rel}: {why}")),
            Outcome::Extracted { lossy: true, .. } => Some(format!(
                "{rel}: invalid UTF-8 replaced with U+FFFD (offsets count the replacements)"
            )),
            _ => None,
        }
    }
}

/// Reads and extracts one file, handing passages to `sink` as they are made (one piece at a
/// time for large files). `unchanged` sees the content hash first; when it says yes, nothing is
/// extracted. Never fails: problems become the outcome.
pub fn read(
    file: &SourceFile,
    limits: ReadLimits,
    unchanged: impl Fn(u64) -> bool,
    mut sink: impl FnMut(Vec<Passage>),
) -> Read {
    let failed = |e: std::io::Error| Read {
        hash: None,
        outcome: Outcome::Failed(e.to_string()),
    };
    if file.size > limits.whole_file_max {
        let hash = match hash_file(&file.path) {
            Ok(h) => h,
            Err(e) => return failed(e),
        };
        if unchanged(hash) {
            return Read {
                hash: Some(hash),
                outcome: Outcome::Unchanged,
            };
        }
        let outcome = match read_pieces(file, limits.piece_bytes, &mut sink) {
            Ok(o) => o,
            Err(e) => Outcome::Failed(e.to_string()),
        };
        return Read {
            hash: Some(hash),
            outcome,
        };
    }
    let bytes = match read_whole(file) {
        Ok(b) => b,
        Err(e) => return failed(e),
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    if unchanged(hash) {
        return Read {
            hash: Some(hash),
            outcome: Outcome::Unchanged,
        };
    }
    let outcome = match text::decode(bytes) {
        Decoded::Binary => Outcome::Binary,
        Decoded::Text { text, lossy } => {
            let passages = extract::extract(&text, &file.rel());
            let n = passages.len();
            sink(passages);
            Outcome::Extracted { passages: n, lossy }
        }
    };
    Read {
        hash: Some(hash),
        outcome,
    }
}

/// Reads and extracts a whole file into memory: for `reel extract` and tests.
pub fn load(file: &SourceFile) -> (Vec<Passage>, Read) {
    let mut all = Vec::new();
    let r = read(file, ReadLimits::default(), |_| false, |p| all.extend(p));
    (all, r)
}

/// The hash that ties a stored passage to the text it was made from.
pub fn digest(passage_text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(passage_text.as_bytes())
}

/// Reads a passage back from its source file: bytes `start..end` of `root/rel`, cleaned the
/// way extraction cleaned them, checked against the hash taken at indexing. When the file was
/// edited around the passage (its offsets moved) or holds invalid UTF-8 (offsets count the
/// replacement characters), the file is extracted again and the passage found by its hash.
/// `None` when the file is gone or no longer holds that text.
pub fn read_passage(root: &Path, rel: &str, start: u64, end: u64, digest: u64) -> Option<String> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let path = root.join(rel);
    let mut f = fs::File::open(&path).ok()?;
    if let Ok(len) = usize::try_from(end.saturating_sub(start)) {
        let mut bytes = vec![0u8; len];
        if f.seek(SeekFrom::Start(start)).is_ok() && f.read_exact(&mut bytes).is_ok() {
            let text = text::clean(&String::from_utf8_lossy(&bytes));
            if self::digest(&text) == digest {
                return Some(text);
            }
        }
    }
    if f.metadata().ok()?.len() > ReadLimits::default().whole_file_max {
        return None;
    }
    let Decoded::Text { text, .. } = text::decode(fs::read(&path).ok()?) else {
        return None;
    };
    extract::extract(&text, rel)
        .into_iter()
        .find(|p| self::digest(&p.text) == digest)
        .map(|p| p.text)
}

/// A file's bytes, read into a buffer sized from the walk: `fs::read` would ask the file system
/// for the size again (a syscall per file, on corpora of many small files).
fn read_whole(file: &SourceFile) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let f = fs::File::open(&file.path)?;
    let expected = usize::try_from(file.size).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    // Without the size hint of `File::read_to_end`; a file that grew since the walk is still
    // read to its end.
    f.take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn hash_file(path: &Path) -> std::io::Result<u64> {
    use std::io::Read as _;
    let mut f = fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            return Ok(hasher.digest());
        }
        hasher.update(&buf[..n]);
    }
}

/// Extracts a large file piece by piece; offsets stay relative to the whole file.
fn read_pieces(
    file: &SourceFile,
    piece_bytes: usize,
    sink: &mut impl FnMut(Vec<Passage>),
) -> std::io::Result<Outcome> {
    use std::io::Read as _;
    let mut f = fs::File::open(&file.path)?;
    let mut buf: Vec<u8> = Vec::with_capacity(piece_bytes + (1 << 20));
    let mut base = 0usize;
    let mut total = 0;
    let mut lossy = false;
    let mut first = true;
    let mut chunk = vec![0u8; piece_bytes.clamp(1, 1 << 20)];
    loop {
        let n = f.read(&mut chunk)?;
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() < piece_bytes && n > 0 {
            continue;
        }
        let cut = if n == 0 { buf.len() } else { piece_end(&buf) };
        let rest = buf.split_off(cut);
        let piece = std::mem::replace(&mut buf, rest);
        if first && piece[..piece.len().min(8192)].contains(&0) {
            return Ok(Outcome::Binary);
        }
        first = false;
        let len = piece.len();
        if let Decoded::Text { text, lossy: l } = text::decode(piece) {
            lossy |= l;
            let mut passages = extract::extract(&text, &file.rel());
            for p in &mut passages {
                p.start += base;
                p.end += base;
            }
            total += passages.len();
            sink(passages);
        }
        base += len;
        if n == 0 && buf.is_empty() {
            return Ok(Outcome::Extracted {
                passages: total,
                lossy,
            });
        }
    }
}

/// Where to end a piece: after its last newline, else before a UTF-8 character start.
fn piece_end(buf: &[u8]) -> usize {
    if let Some(nl) = buf.iter().rposition(|&b| b == b'\n') {
        return nl + 1;
    }
    let mut end = buf.len();
    while end > 0 && (buf[end - 1] & 0xC0) == 0x80 {
        end -= 1;
    }
    // `end - 1` starts a character that may be cut; leave it for the next piece.
    end.saturating_sub(1).max(1)
}
