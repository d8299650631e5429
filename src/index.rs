//! Passages to a tantivy index: files are read and extracted in parallel (rayon) and fed to
//! one `IndexWriter`, which commits once at the end, so an interrupted run leaves the previous
//! index as it was.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::corpus::{self, WalkOptions};
use crate::extract::Passage;
use crate::schema::{self, CommitInfo, Fields};

/// tantivy refuses less than this per indexing thread.
const MIN_MB_PER_THREAD: usize = 15;
/// tantivy uses at most this many indexing threads.
const MAX_THREADS: usize = 8;

/// How to build an index.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Indexing threads for tantivy; default: one per core, at most 8.
    pub threads: Option<usize>,
    /// Total memory budget of the writer in MB.
    pub memory_mb: usize,
    /// Show a progress bar (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Replace an index that cannot be reused (other schema, corrupt).
    pub rebuild: bool,
    pub walk: WalkOptions,
}

impl IndexOptions {
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index: index.into(),
            threads: None,
            memory_mb: 128,
            progress: false,
            rebuild: false,
            walk: WalkOptions::default(),
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct Report {
    pub files: u64,
    pub bytes: u64,
    pub passages: u64,
    pub films: u64,
    pub skipped: u64,
    pub warnings: Vec<String>,
    pub elapsed: Duration,
    /// Time summed over threads spent reading and extracting, and handing documents to tantivy.
    pub extract_time: Duration,
    pub tantivy_time: Duration,
}

impl Report {
    pub fn mb_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64().max(1e-9);
        self.bytes as f64 / 1e6 / secs
    }

    /// The one summary line printed at the end of `reel index`.
    pub fn summary(&self, index: &Path) -> String {
        let skipped = if self.skipped > 0 {
            format!(", {} skipped", self.skipped)
        } else {
            String::new()
        };
        format!(
            "indexed {} files{} into {}: {} passages, {} films in {:.2} s ({:.2} MB/s)",
            self.files,
            skipped,
            index.display(),
            self.passages,
            self.films,
            self.elapsed.as_secs_f64(),
            self.mb_per_sec()
        )
    }
}

/// Builds (or replaces the contents of) the index from every file of the corpus.
pub fn build(opts: &IndexOptions) -> Result<Report> {
    let started = Instant::now();
    let listing = corpus::walk(&opts.corpus, opts.walk)?;
    let (index, fields) = open_for_write(&opts.index, opts.rebuild)?;
    let mut writer = writer(&index, &opts.index, opts)?;
    writer
        .delete_all_documents()
        .map_err(|e| schema::writer_error(&opts.index, e))?;

    let bar = progress_bar(opts.progress, listing.bytes());
    let extract_ns = AtomicU64::new(0);
    let tantivy_ns = AtomicU64::new(0);
    let films = Mutex::new(HashSet::new());
    let files_done = AtomicU64::new(0);
    let files_total = listing.files.len();
    let writer_ref = &writer;
    let per_file: Vec<(u64, bool, Option<String>)> = listing
        .files
        .par_iter()
        .map(|file| {
            let t0 = Instant::now();
            let loaded = corpus::load(file);
            let t1 = Instant::now();
            let mut local_films = HashSet::new();
            for p in &loaded.passages {
                if let Some(f) = &p.film {
                    local_films.insert(f.clone());
                }
                // The writer only fails once it has shut down; commit reports why.
                let _ = writer_ref.add_document(to_document(&fields, p));
            }
            extract_ns.fetch_add((t1 - t0).as_nanos() as u64, Ordering::Relaxed);
            tantivy_ns.fetch_add(t1.elapsed().as_nanos() as u64, Ordering::Relaxed);
            if !local_films.is_empty() {
                films
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(local_films);
            }
            let done = files_done.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{done}/{files_total} files"));
            bar.inc(file.size);
            (loaded.passages.len() as u64, loaded.skipped, loaded.warning)
        })
        .collect();
    bar.finish_and_clear();

    let mut report = Report {
        files: listing.files.len() as u64,
        bytes: listing.bytes(),
        warnings: listing.warnings,
        ..Report::default()
    };
    for (passages, skipped, warning) in per_file {
        report.passages += passages;
        report.skipped += u64::from(skipped);
        report.warnings.extend(warning);
    }
    report.films = films.into_inner().unwrap_or_else(|e| e.into_inner()).len() as u64;

    let info = CommitInfo {
        schema_version: schema::SCHEMA_VERSION,
        corpus: opts.corpus.display().to_string(),
        indexed_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        files: report.files,
        passages: report.passages,
    };
    let t_commit = Instant::now();
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    prepared.set_payload(&serde_json::to_string(&info)?);
    prepared
        .commit()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    report.extract_time = Duration::from_nanos(extract_ns.into_inner());
    report.tantivy_time = Duration::from_nanos(tantivy_ns.into_inner()) + t_commit.elapsed();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// One passage as a tantivy document.
pub fn to_document(f: &Fields, p: &Passage) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    if let Some(film) = &p.film {
        doc.add_text(f.film, film);
        doc.add_text(f.film_exact, film);
    }
    if let Some(year) = p.year {
        doc.add_u64(f.year, u64::from(year));
    }
    if let Some(lesson) = &p.lesson {
        doc.add_text(f.lesson, lesson);
    }
    doc.add_text(f.source, &p.source);
    doc.add_text(f.body, &p.text);
    doc.add_u64(f.start, p.start as u64);
    doc.add_u64(f.end, p.end as u64);
    doc
}

fn writer(index: &Index, dir: &Path, opts: &IndexOptions) -> Result<IndexWriter> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory_mb = opts.memory_mb.max(MIN_MB_PER_THREAD);
    let threads = opts
        .threads
        .unwrap_or(cores)
        .clamp(1, MAX_THREADS)
        .min(memory_mb / MIN_MB_PER_THREAD);
    index
        .writer_with_num_threads(threads, memory_mb * 1_000_000)
        .map_err(|e| schema::writer_error(dir, e))
}

/// Opens the index to write into, creating it when the folder holds none.
fn open_for_write(dir: &Path, rebuild: bool) -> Result<(Index, Fields)> {
    if schema::exists(dir) {
        if !rebuild && !never_committed(dir) {
            return schema::open(dir);
        }
        match schema::open(dir) {
            // A compatible index is emptied by the writer; its files stay until the commit.
            Ok(opened) => return Ok(opened),
            Err(_) => clear(dir)?,
        }
    } else if dir.exists() {
        let foreign = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read index folder {}", dir.display()))?
            .filter_map(|e| e.ok())
            .any(|e| !e.file_name().to_string_lossy().starts_with('.'));
        if foreign {
            bail!(
                "{} is not empty and holds no reel index; give --index an empty or new folder",
                dir.display()
            );
        }
    }
    schema::create(dir)
}

/// An index created by a run that was stopped before its first commit.
fn never_committed(dir: &Path) -> bool {
    Index::open_in_dir(dir)
        .and_then(|i| i.load_metas())
        .is_ok_and(|m| m.segments.is_empty() && m.payload.is_none())
}

/// Removes an unusable index's files, but only after taking its writer lock, so a running
/// writer is never pulled from under.
fn clear(dir: &Path) -> Result<()> {
    let lock = dir.join(".tantivy-writer.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .with_context(|| format!("cannot open {}", lock.display()))?;
    if file.try_lock().is_err() {
        bail!(
            "index {} is being written by another reel process; wait for it to finish",
            dir.display()
        );
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let keep = name == ".gitignore" || name.starts_with(".tantivy-");
        if !keep && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn progress_bar(wanted: bool, total: u64) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(
        "{spinner} {msg} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
