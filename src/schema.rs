//! The one place that defines reel's tantivy schema and text analysis, and the only way to
//! open an index (the custom analyzer is not stored in the index and must be registered on
//! every open).

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};
use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexBuilder, IndexMeta, IndexSettings, TantivyError};

/// Bumped whenever fields or analysis change; an index with another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 2;

/// English analysis: split on non-alphanumerics, drop giant tokens, lowercase, fold accents
/// ("amélie" finds "Amelie"), stem ("empathetic" and "empathy" share little, but "airports"
/// finds "airport"). One fused tokenizer does it all, see `analysis`.
pub const ANALYZER: &str = "reel_en";

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(crate::analysis::ReelTokenizer::default())
}

/// Handles to every field, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Film title, analysed for search.
    pub film: Field,
    /// Film title as written, for exact filters and facets.
    pub film_exact: Field,
    pub year: Field,
    pub lesson: Field,
    pub source: Field,
    /// The passage text, indexed but not stored: results read it back from the source file.
    pub body: Field,
    /// A stored copy of the passage text, only with `reel index --store-text`.
    pub text: Field,
    /// Hash of the passage text, to tell whether the source file still holds it.
    pub digest: Field,
    pub start: Field,
    pub end: Field,
}

pub fn schema() -> Schema {
    let text = |option: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(option),
        )
    };
    let mut b = Schema::builder();
    // Positions only where phrases are worth their space: the passage text.
    b.add_text_field("film", text(IndexRecordOption::WithFreqs).set_stored());
    b.add_text_field("film_exact", STRING | FAST);
    b.add_u64_field("year", INDEXED | STORED | FAST);
    b.add_text_field("lesson", text(IndexRecordOption::WithFreqs).set_stored());
    b.add_text_field("source", STRING | STORED | FAST);
    // The passage text is most of the input: storing it would make the index larger than
    // the corpus. It is read back from the source file (checked against `digest`), unless
    // the user asks for a self-contained index.
    b.add_text_field("body", text(IndexRecordOption::WithFreqsAndPositions));
    b.add_text_field("text", STORED);
    b.add_u64_field("digest", STORED);
    b.add_u64_field("start", STORED | FAST);
    b.add_u64_field("end", STORED);
    b.build()
}

impl Fields {
    pub fn of(schema: &Schema) -> Result<Fields> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow!("the index has no field `{name}`"))
        };
        Ok(Fields {
            film: f("film")?,
            film_exact: f("film_exact")?,
            year: f("year")?,
            lesson: f("lesson")?,
            source: f("source")?,
            body: f("body")?,
            text: f("text")?,
            digest: f("digest")?,
            start: f("start")?,
            end: f("end")?,
        })
    }
}

/// What reel records with every commit (tantivy's commit payload), so `stats` and version
/// checks read it atomically with the data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommitInfo {
    pub schema_version: u32,
    /// Absolute path of the corpus folder: where passage texts are read back from.
    pub corpus: String,
    /// Passage texts are stored in the index (`--store-text`).
    #[serde(default)]
    pub text_stored: bool,
    /// Seconds since the Unix epoch.
    pub indexed_at: u64,
    pub files: u64,
    pub passages: u64,
}

/// True when `dir` holds a tantivy index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, registers the analyzer and checks that reel wrote it; returns
/// what its last commit recorded too.
pub fn open(dir: &Path) -> Result<(Index, Fields, CommitInfo)> {
    if !exists(dir) {
        bail!(
            "no index in {}: run `reel index` first (or pass --index DIR)",
            dir.display()
        );
    }
    let index = Index::open_in_dir(dir).map_err(|e| corrupt(dir, &e))?;
    index.tokenizers().register(ANALYZER, analyzer());
    let info = commit_info(&index).map_err(|e| corrupt(dir, &e))?;
    let info = match info {
        Some(info) if info.schema_version == SCHEMA_VERSION && index.schema() == schema() => info,
        Some(_) => bail!(
            "the index in {} was built by another version of reel; run `reel index --rebuild`",
            dir.display()
        ),
        None => bail!(
            "{} holds a search index that reel did not write; run `reel index --rebuild` to replace it",
            dir.display()
        ),
    };
    let fields = Fields::of(&index.schema())?;
    Ok((index, fields, info))
}

/// Reads the payload of the last commit.
pub fn commit_info(index: &Index) -> Result<Option<CommitInfo>> {
    Ok(commit_info_in(&index.load_metas()?))
}

/// The payload of the commit whose metadata is `metas` (`None` without one reel can read).
pub fn commit_info_in(metas: &IndexMeta) -> Option<CommitInfo> {
    serde_json::from_str(metas.payload.as_deref()?).ok()
}

/// A readable error for an index that cannot be opened.
pub fn corrupt(dir: &Path, err: &dyn std::fmt::Display) -> anyhow::Error {
    anyhow!(
        "the index in {} cannot be read ({err}); run `reel index --rebuild` to rebuild it",
        dir.display()
    )
}

/// Maps tantivy's writer-lock error to the message a user can act on.
pub fn writer_error(dir: &Path, err: TantivyError) -> anyhow::Error {
    match err {
        TantivyError::LockFailure(LockError::LockBusy, _) => anyhow!(
            "index {} is being written by another reel process; wait for it to finish",
            dir.display()
        ),
        TantivyError::OpenDirectoryError(OpenDirectoryError::DoesNotExist(p)) => {
            anyhow!("index folder {} does not exist", p.display())
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(p)) => {
            corrupt(dir, &format!("missing file {}", p.display()))
        }
        other => anyhow::Error::new(other).context(format!("cannot write index {}", dir.display())),
    }
}

/// Creates a fresh index in `dir` (which must hold no index yet).
pub fn create(dir: &Path) -> Result<(Index, Fields)> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create index folder {}", dir.display()))?;
    // zstd and larger blocks: stored passages are prose that compresses well, and a smaller
    // index stays in the page cache.
    let settings = IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(1),
        }),
        docstore_blocksize: 32 * 1024,
        ..IndexSettings::default()
    };
    let index = IndexBuilder::new()
        .schema(schema())
        .settings(settings)
        .create_in_dir(dir)
        .with_context(|| format!("cannot create an index in {}", dir.display()))?;
    index.tokenizers().register(ANALYZER, analyzer());
    let fields = Fields::of(&index.schema())?;
    Ok((index, fields))
}
