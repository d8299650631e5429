//! Passages to a tantivy index: files are read and extracted in parallel (rayon) and fed to
//! one `IndexWriter`, which commits once at the end, so an interrupted run leaves the previous
//! index as it was.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tantivy::indexer::LogMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::corpus::{self, Outcome, ReadLimits, SourceFile, WalkOptions};
use crate::extract::Passage;
use crate::manifest::{self, FileState, Manifest};
use crate::overview;
use crate::schema::{self, CommitInfo, Fields};

/// The writer's memory budget unless asked otherwise: with two threads, 64 MB each. Half of it
/// made twice the segments to merge (16x the aclImdb slice: 16 s instead of 14 s; 1 GB: 59 s
/// instead of 50 s); twice of it was no faster and held more memory.
pub const DEFAULT_MEMORY_MB: usize = 128;
/// tantivy refuses less than this per indexing thread.
const MIN_MB_PER_THREAD: usize = 15;
/// tantivy uses at most this many indexing threads.
const MAX_THREADS: usize = 8;
/// Segments with more passages than this are not merged again.
const MAX_DOCS_MERGED: usize = 30_000;

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
    /// Keep a copy of every passage text in the index, so results do not depend on the corpus
    /// staying where it is (a larger index).
    pub store_text: bool,
    pub walk: WalkOptions,
    /// Set (by a Ctrl-C handler) to stop before committing anything.
    pub interrupt: Option<Arc<AtomicBool>>,
    pub limits: ReadLimits,
}

impl IndexOptions {
    pub fn new(corpus: impl Into<PathBuf>, index: impl Into<PathBuf>) -> IndexOptions {
        IndexOptions {
            corpus: corpus.into(),
            index: index.into(),
            threads: None,
            memory_mb: DEFAULT_MEMORY_MB,
            progress: false,
            rebuild: false,
            store_text: false,
            walk: WalkOptions::default(),
            interrupt: None,
            limits: ReadLimits::default(),
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files found in the corpus.
    pub files: u64,
    pub new: u64,
    pub changed: u64,
    pub removed: u64,
    pub unchanged: u64,
    /// Files skipped, by reason ("binary", "unreadable").
    pub skipped: BTreeMap<&'static str, u64>,
    /// Bytes of the files that were read and extracted.
    pub bytes: u64,
    /// Passages added by this run.
    pub added: u64,
    /// Passages and distinct films in the index after the run.
    pub passages: u64,
    pub films: u64,
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
        let skipped = if self.skipped.is_empty() {
            String::new()
        } else {
            let why: Vec<String> = self
                .skipped
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            format!(
                "; {} skipped: {}",
                self.skipped.values().sum::<u64>(),
                why.join(", ")
            )
        };
        format!(
            "indexed {} files into {} ({} new, {} changed, {} removed, {} unchanged{skipped}): \
             {} passages, {} films in {:.2} s ({:.2} MB/s)",
            self.files,
            index.display(),
            self.new,
            self.changed,
            self.removed,
            self.unchanged,
            self.passages,
            self.films,
            self.elapsed.as_secs_f64(),
            self.mb_per_sec()
        )
    }
}

/// What happened to one file.
enum Change {
    New,
    Changed,
    Unchanged,
    /// Could not be read: its previous passages (if any) are kept.
    Unreadable,
    Binary,
}

/// What one file left behind: kept to a few bytes, as a corpus can hold a million files.
struct FileResult {
    change: Change,
    state: Option<FileState>,
}

/// Totals the parallel workers add to.
#[derive(Default)]
struct Tally {
    added: AtomicU64,
    bytes: AtomicU64,
    extract_ns: AtomicU64,
    tantivy_ns: AtomicU64,
    warnings: Mutex<Vec<String>>,
}

/// Brings the index in line with the corpus: new and changed files are extracted and indexed,
/// removed files' passages deleted, unchanged files left alone. One commit at the end.
pub fn build(opts: &IndexOptions) -> Result<Report> {
    let started = Instant::now();
    let scanned_at_ns = manifest::nanos(Some(SystemTime::now()));
    let listing = corpus::walk(&opts.corpus, opts.walk)?;
    let corpus_root = std::fs::canonicalize(&opts.corpus)
        .with_context(|| format!("cannot resolve corpus folder {}", opts.corpus.display()))?;
    let (index, fields) = open_for_write(&opts.index, opts.rebuild)?;
    let previous = if opts.rebuild {
        None
    } else {
        let metas = index
            .load_metas()
            .map_err(|e| schema::corrupt(&opts.index, &e))?;
        // Switching --store-text on or off applies to every passage, so it rebuilds.
        let same_mode =
            schema::commit_info_in(&metas).is_none_or(|i| i.text_stored == opts.store_text);
        if same_mode {
            Manifest::load(&opts.index, metas.opstamp)
        } else {
            None
        }
    };
    let mut writer = writer(&index, &opts.index, opts)?;
    if previous.is_none() {
        // Without a trustworthy record of what is indexed, start from nothing.
        writer
            .delete_all_documents()
            .map_err(|e| schema::writer_error(&opts.index, e))?;
    }
    let previous = previous.unwrap_or_default();

    let bar = progress_bar(opts.progress, listing.bytes());
    let tally = Tally::default();
    let files_done = AtomicU64::new(0);
    let files_total = listing.files.len();
    let writer_ref = &writer;
    let interrupted = || {
        opts.interrupt
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    };
    // One small result per file, in listing order (no copies of paths: corpora can hold
    // hundreds of thousands of files).
    let results: Vec<Option<FileResult>> = listing
        .files
        .par_iter()
        .map(|file| {
            if interrupted() {
                return None;
            }
            let result = index_file(file, opts, &previous, &fields, writer_ref, &tally);
            let done = files_done.fetch_add(1, Ordering::Relaxed) + 1;
            if !bar.is_hidden() {
                bar.set_message(format!("{done}/{files_total} files"));
            }
            bar.inc(file.size);
            Some(result)
        })
        .collect();
    bar.finish_and_clear();
    if interrupted() {
        drop(writer);
        bail!(
            "interrupted: nothing new was committed; the index in {} is as it was",
            opts.index.display()
        );
    }

    let mut report = Report {
        files: listing.files.len() as u64,
        ..Report::default()
    };
    if !listing.warnings.is_empty() {
        // Paths the walk could not enter: loops, unreadable folders.
        report
            .skipped
            .insert("not walkable", listing.warnings.len() as u64);
        report.warnings = listing.warnings;
    }
    for r in results.iter().flatten() {
        match r.change {
            Change::New => report.new += 1,
            Change::Changed => report.changed += 1,
            Change::Unchanged => report.unchanged += 1,
            Change::Unreadable => *report.skipped.entry("unreadable").or_default() += 1,
            Change::Binary => *report.skipped.entry("binary").or_default() += 1,
        }
    }
    report.added = tally.added.into_inner();
    report.bytes = tally.bytes.into_inner();
    report.warnings.extend(
        tally
            .warnings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
    );
    // The listing is sorted by relative path: what `previous` holds beyond it was removed.
    for rel in previous.files.keys() {
        let listed = listing
            .files
            .binary_search_by(|f| f.rel().as_ref().cmp(rel.as_str()))
            .is_ok();
        if !listed {
            writer.delete_term(Term::from_field_text(fields.source, rel));
            report.removed += 1;
        }
    }

    let info = CommitInfo {
        schema_version: schema::SCHEMA_VERSION,
        corpus: corpus_root.display().to_string(),
        text_stored: opts.store_text,
        indexed_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        files: report.files,
        passages: 0,
    };
    let t_commit = Instant::now();
    let mut prepared = writer
        .prepare_commit()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    prepared.set_payload(&serde_json::to_string(&info)?);
    let opstamp = prepared
        .commit()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| schema::writer_error(&opts.index, e))?;
    // Written once the writer's memory is gone, straight from the listing: every listed file
    // with a state; an unreadable one keeps its previous state (and passages).
    let states = listing
        .files
        .iter()
        .zip(results.iter().flatten())
        .filter_map(|(file, r)| {
            let rel = file.rel();
            let state = r
                .state
                .or_else(|| previous.files.get(rel.as_ref()).copied())?;
            Some((rel, state))
        });
    manifest::save(&opts.index, opstamp, scanned_at_ns, states)?;
    drop(results);
    drop(previous);
    report.extract_time = Duration::from_nanos(tally.extract_ns.into_inner());
    report.tantivy_time = Duration::from_nanos(tally.tantivy_ns.into_inner()) + t_commit.elapsed();

    let searcher = index.reader()?.searcher();
    report.passages = searcher.num_docs();
    report.films = overview::distinct(&searcher, "film_exact")?.len() as u64;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Reads one file if it is new or changed, replaces its passages in the index, and says what
/// it found.
fn index_file(
    file: &SourceFile,
    opts: &IndexOptions,
    previous: &Manifest,
    fields: &Fields,
    writer: &IndexWriter,
    tally: &Tally,
) -> FileResult {
    let rel = file.rel();
    let before = previous.files.get(rel.as_ref());
    if previous.unchanged_by_stat(&rel, file.size, file.mtime_ns) {
        return FileResult {
            change: Change::Unchanged,
            state: before.copied(),
        };
    }
    let delete_old = || writer.delete_term(Term::from_field_text(fields.source, &rel));
    let t0 = Instant::now();
    let mut in_tantivy = Duration::ZERO;
    let mut deleted = false;
    let read = corpus::read(
        file,
        opts.limits,
        |hash| before.is_some_and(|b| b.hash == hash),
        |passages| {
            let t = Instant::now();
            if before.is_some() && !deleted {
                delete_old();
                deleted = true;
            }
            for p in &passages {
                // The writer only fails once it has shut down; commit reports why.
                let _ = writer.add_document(to_document(fields, p, opts.store_text));
            }
            tally
                .added
                .fetch_add(passages.len() as u64, Ordering::Relaxed);
            in_tantivy += t.elapsed();
        },
    );
    let total = t0.elapsed();
    tally
        .extract_ns
        .fetch_add((total - in_tantivy).as_nanos() as u64, Ordering::Relaxed);
    tally
        .tantivy_ns
        .fetch_add(in_tantivy.as_nanos() as u64, Ordering::Relaxed);
    if let Some(w) = read.warning(&rel) {
        tally
            .warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(w);
    }
    let state = read.hash.map(|hash| FileState {
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash,
    });
    let change = match read.outcome {
        Outcome::Unchanged => Change::Unchanged,
        Outcome::Failed(_) => Change::Unreadable,
        // A file that turned binary, or empty, no longer has passages.
        Outcome::Binary | Outcome::Extracted { .. } if before.is_some() && !deleted => {
            delete_old();
            if matches!(read.outcome, Outcome::Binary) {
                Change::Binary
            } else {
                Change::Changed
            }
        }
        Outcome::Binary => Change::Binary,
        Outcome::Extracted { .. } if before.is_some() => Change::Changed,
        Outcome::Extracted { .. } => Change::New,
    };
    if !matches!(change, Change::Unchanged) {
        tally.bytes.fetch_add(file.size, Ordering::Relaxed);
    }
    FileResult { change, state }
}

/// One passage as a tantivy document; its text is stored only when `store_text`.
pub fn to_document(f: &Fields, p: &Passage, store_text: bool) -> TantivyDocument {
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
    doc.add_u64(f.digest, corpus::digest(&p.text));
    if store_text {
        doc.add_text(f.text, &p.text);
    }
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
    let writer = index
        .writer_with_num_threads(threads, memory_mb * 1_000_000)
        .map_err(|e| schema::writer_error(dir, e))?;
    // Merging maps every input segment; capping the size of segments that are merged again
    // caps that memory (a few large segments remain, which search just as fast).
    let mut policy = LogMergePolicy::default();
    policy.set_max_docs_before_merge(MAX_DOCS_MERGED);
    writer.set_merge_policy(Box::new(policy));
    Ok(writer)
}

/// Opens the index to write into, creating it when the folder holds none.
fn open_for_write(dir: &Path, rebuild: bool) -> Result<(Index, Fields)> {
    if schema::exists(dir) {
        if !rebuild && !never_committed(dir) {
            return schema::open(dir).map(|(index, fields, _)| (index, fields));
        }
        match schema::open(dir) {
            // A compatible index is emptied by the writer; its files stay until the commit.
            Ok((index, fields, _)) => return Ok((index, fields)),
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

/// An index reel created in a run that was stopped before its first commit.
fn never_committed(dir: &Path) -> bool {
    Index::open_in_dir(dir)
        .and_then(|i| i.load_metas())
        .is_ok_and(|m| m.segments.is_empty() && m.payload.is_none() && m.schema == schema::schema())
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
