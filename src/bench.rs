//! `reel bench`: build a fresh index of a corpus in a temporary folder and measure indexing
//! throughput, memory, index size and query latency (cold: the first run of each query on a
//! newly opened index; warm: the runs after it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::index::{self, IndexOptions};
use crate::search::{Request, Searchable};

/// Queries used when no `--queries` file is given: plain words, phrases, fields, prefixes.
pub const DEFAULT_QUERIES: &[&str] = &[
    "empathy airport",
    "customer service",
    "great acting",
    "worst movie ever",
    "special effects",
    "love story",
    "horror",
    "comedy",
    "plot twist",
    "\"waste of time\"",
    "director",
    "soundtrack",
    "war film",
    "family kids",
    "boring",
    "oscar performance",
    "film:terminal",
    "lesson:empathy",
    "act*",
    "documentary -boring",
];

/// Everything `reel bench` measures.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub corpus: String,
    pub files: u64,
    pub bytes: u64,
    pub passages: u64,
    pub index_secs: f64,
    pub mb_per_sec: f64,
    pub passages_per_sec: f64,
    /// Seconds summed over threads: reading and extracting, and inside tantivy.
    pub extract_cpu_secs: f64,
    pub tantivy_cpu_secs: f64,
    /// Peak resident memory, including mapped index files.
    pub peak_rss_mb: f64,
    /// Peak anonymous memory while indexing (heap and arenas; sampled every 20 ms).
    pub peak_anon_mb: f64,
    pub index_bytes: u64,
    pub index_ratio: f64,
    pub queries: usize,
    pub runs: usize,
    pub cold: Latency,
    pub warm: Latency,
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Latency {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    fn of(mut samples: Vec<f64>) -> Latency {
        if samples.is_empty() {
            return Latency::default();
        }
        samples.sort_by(f64::total_cmp);
        let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
        Latency {
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

pub struct BenchOptions {
    pub corpus: PathBuf,
    pub queries: Vec<String>,
    /// Warm runs per query.
    pub runs: usize,
    pub progress: bool,
    pub store_text: bool,
}

/// Reads a query file: one query a line, blank lines and `#` comments skipped.
pub fn read_queries(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read queries from {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

pub fn run(opts: &BenchOptions) -> Result<BenchReport> {
    let dir = tempfile::tempdir().context("cannot create a temporary index folder")?;
    let index_opts = IndexOptions {
        progress: opts.progress,
        store_text: opts.store_text,
        ..IndexOptions::new(&opts.corpus, dir.path())
    };
    // Anonymous memory is what the process holds; resident totals also count the index files
    // that tantivy maps while merging, which the kernel can drop at will. Sample it while
    // indexing, as /proc keeps no peak of it.
    let done = std::sync::atomic::AtomicBool::new(false);
    let (report, peak_anon_kb) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(status_kb("RssAnon:").unwrap_or(0));
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            peak
        });
        let report = index::build(&index_opts);
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (report, sampler.join().unwrap_or(0))
    });
    let report = report?;
    let peak_rss_mb = status_kb("VmHWM:").map_or(0.0, |kb| kb as f64 / 1024.0);
    let peak_anon_mb = peak_anon_kb as f64 / 1024.0;
    let index_bytes = dir_size(dir.path());
    let bytes = report.bytes.max(1);

    let searchable = Searchable::open(dir.path())?;
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for q in &opts.queries {
        for run in 0..=opts.runs {
            let t = Instant::now();
            // Errors (an empty query line) count as answered: the parse is the work.
            let _ = searchable.search(&Request::new(q.as_str()));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            if run == 0 { &mut cold } else { &mut warm }.push(ms);
        }
    }
    let secs = report.elapsed.as_secs_f64().max(1e-9);
    Ok(BenchReport {
        corpus: opts.corpus.display().to_string(),
        files: report.files,
        bytes: report.bytes,
        passages: report.passages,
        index_secs: secs,
        mb_per_sec: report.mb_per_sec(),
        passages_per_sec: report.passages as f64 / secs,
        extract_cpu_secs: report.extract_time.as_secs_f64(),
        tantivy_cpu_secs: report.tantivy_time.as_secs_f64(),
        peak_rss_mb,
        peak_anon_mb,
        index_bytes,
        index_ratio: index_bytes as f64 / bytes as f64,
        queries: opts.queries.len(),
        runs: opts.runs,
        cold: Latency::of(cold),
        warm: Latency::of(warm),
    })
}

/// Copies every file of `src` into `dest/copy1` … `dest/copyN`, so a corpus grows N times with
/// new names; returns the bytes written. (`bench/replicate.sh` does the same from a shell.)
pub fn replicate(src: &Path, dest: &Path, times: usize) -> Result<u64> {
    let listing = crate::corpus::walk(src, crate::corpus::WalkOptions::default())?;
    let mut bytes = 0;
    for i in 1..=times {
        for f in &listing.files {
            let target = dest.join(format!("copy{i}")).join(f.rel().as_ref());
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            bytes += std::fs::copy(&f.path, &target).with_context(|| {
                format!("cannot copy {} to {}", f.path.display(), target.display())
            })?;
        }
    }
    Ok(bytes)
}

/// A memory figure of this process from `/proc/self/status` (Linux), in KiB.
pub fn status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

impl BenchReport {
    /// The table printed by `reel bench`.
    pub fn table(&self) -> String {
        let rows = [
            ("corpus", self.corpus.clone()),
            ("input files", self.files.to_string()),
            (
                "input bytes",
                format!("{} ({:.1} MB)", self.bytes, self.bytes as f64 / 1e6),
            ),
            ("passages", self.passages.to_string()),
            ("indexing wall time", format!("{:.2} s", self.index_secs)),
            (
                "indexing throughput",
                format!(
                    "{:.2} MB/s, {:.0} passages/s",
                    self.mb_per_sec, self.passages_per_sec
                ),
            ),
            (
                "time in extraction / tantivy",
                format!(
                    "{:.2} s / {:.2} s (summed over threads)",
                    self.extract_cpu_secs, self.tantivy_cpu_secs
                ),
            ),
            (
                "peak memory",
                format!(
                    "{:.1} MB resident, {:.1} MB anonymous while indexing",
                    self.peak_rss_mb, self.peak_anon_mb
                ),
            ),
            (
                "index size",
                format!(
                    "{:.1} MB ({:.2}x the input)",
                    self.index_bytes as f64 / 1e6,
                    self.index_ratio
                ),
            ),
            (
                "queries",
                format!("{} x (1 cold + {} warm runs)", self.queries, self.runs),
            ),
            ("latency cold", latency_row(&self.cold)),
            ("latency warm", latency_row(&self.warm)),
        ];
        rows.iter()
            .map(|(k, v)| format!("{k:>29}  {v}\n"))
            .collect()
    }

    pub const CSV_HEADER: &'static str = "corpus,files,bytes,passages,index_secs,mb_per_sec,passages_per_sec,extract_cpu_secs,tantivy_cpu_secs,peak_rss_mb,peak_anon_mb,index_bytes,index_ratio,queries,runs,cold_p50_ms,cold_p95_ms,cold_p99_ms,cold_max_ms,warm_p50_ms,warm_p95_ms,warm_p99_ms,warm_max_ms";

    pub fn csv_row(&self) -> String {
        let c = &self.cold;
        let w = &self.warm;
        format!(
            "\"{}\",{},{},{},{:.3},{:.3},{:.1},{:.3},{:.3},{:.1},{:.1},{},{:.3},{},{},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3},{:.3}",
            self.corpus.replace('"', "\"\""),
            self.files,
            self.bytes,
            self.passages,
            self.index_secs,
            self.mb_per_sec,
            self.passages_per_sec,
            self.extract_cpu_secs,
            self.tantivy_cpu_secs,
            self.peak_rss_mb,
            self.peak_anon_mb,
            self.index_bytes,
            self.index_ratio,
            self.queries,
            self.runs,
            c.p50_ms,
            c.p95_ms,
            c.p99_ms,
            c.max_ms,
            w.p50_ms,
            w.p95_ms,
            w.p99_ms,
            w.max_ms
        )
    }
}

fn latency_row(l: &Latency) -> String {
    format!(
        "p50 {:.3} ms, p95 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles() {
        let l = Latency::of((1..=100).map(f64::from).collect());
        assert_eq!(
            (l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms),
            (51.0, 95.0, 99.0, 100.0)
        );
        assert_eq!(Latency::of(vec![]).max_ms, 0.0);
    }
}
