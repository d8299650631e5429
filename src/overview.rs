//! What an index holds, read from fast fields without loading passages: the films facet
//! (`reel films`) and index statistics (`reel stats`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use tantivy::Searcher;

use crate::schema;
use crate::search::Searchable;

/// One film of the index.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FilmEntry {
    pub film: String,
    pub years: Vec<u64>,
    pub passages: u64,
    pub sources: Vec<String>,
}

/// Every film with its years, passage count and sources, by count then title.
pub fn films(searcher: &Searcher) -> Result<Vec<FilmEntry>> {
    #[derive(Default)]
    struct Acc {
        years: BTreeSet<u64>,
        passages: u64,
        sources: BTreeSet<String>,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    let mut film = String::new();
    let mut source = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(films), sources) = (fast.str("film_exact")?, fast.str("source")?) else {
            continue;
        };
        let years = fast.u64("year")?;
        for doc in segment.doc_ids_alive() {
            let Some(ord) = films.term_ords(doc).next() else {
                continue;
            };
            film.clear();
            films.ord_to_str(ord, &mut film)?;
            let entry = acc.entry(film.clone()).or_default();
            entry.passages += 1;
            entry.years.extend(years.first(doc));
            if let Some(col) = &sources
                && let Some(o) = col.term_ords(doc).next()
            {
                source.clear();
                col.ord_to_str(o, &mut source)?;
                entry.sources.insert(source.clone());
            }
        }
    }
    let mut out: Vec<FilmEntry> = acc
        .into_iter()
        .map(|(film, a)| FilmEntry {
            film,
            years: a.years.into_iter().collect(),
            passages: a.passages,
            sources: a.sources.into_iter().collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.passages
            .cmp(&a.passages)
            .then_with(|| a.film.cmp(&b.film))
    });
    Ok(out)
}

/// Facts about an index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub index: String,
    pub files: u64,
    pub passages: u64,
    pub films: u64,
    pub passages_without_year: u64,
    pub size_bytes: u64,
    pub segments: usize,
    /// Seconds since the Unix epoch of the last indexing run.
    pub indexed_at: Option<u64>,
    pub corpus: Option<String>,
}

pub fn stats(dir: &Path, s: &Searchable) -> Result<Stats> {
    let searcher = s.searcher();
    let mut without_year = 0;
    for segment in searcher.segment_readers() {
        let years = segment.fast_fields().u64("year")?;
        without_year += segment
            .doc_ids_alive()
            .filter(|&doc| years.first(doc).is_none())
            .count() as u64;
    }
    let sources = distinct(&searcher, "source")?;
    let info = schema::commit_info(s.index())?;
    let size_bytes = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    Ok(Stats {
        index: dir.display().to_string(),
        files: info.as_ref().map_or(sources.len() as u64, |i| i.files),
        passages: searcher.num_docs(),
        films: distinct(&searcher, "film_exact")?.len() as u64,
        passages_without_year: without_year,
        size_bytes,
        segments: searcher.segment_readers().len(),
        indexed_at: info.as_ref().map(|i| i.indexed_at),
        corpus: info.map(|i| i.corpus),
    })
}

/// The distinct values of a string fast field among live passages. Values are gathered as
/// ordinals per segment and turned into strings once each, so it stays cheap on large indexes.
pub fn distinct(searcher: &Searcher, field: &str) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let Some(col) = segment.fast_fields().str(field)? else {
            continue;
        };
        let ords: BTreeSet<u64> = segment
            .doc_ids_alive()
            .filter_map(|doc| col.term_ords(doc).next())
            .collect();
        let ords: Vec<u64> = ords.into_iter().collect();
        // In one sorted pass: looked up one by one, every ordinal decompressed its block again.
        col.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            if let Ok(term) = std::str::from_utf8(term)
                && !out.contains(term)
            {
                out.insert(term.to_string());
            }
        })?;
    }
    Ok(out)
}

/// Seconds since the epoch as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_795_430_096), "2026-11-23 10:34:56 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00 UTC");
    }
}
