//! Finding and reading the articles of a corpus folder: a recursive walk that skips hidden and
//! ignored files the way ripgrep does, and reading that turns each file into passages or into
//! a reason it was skipped.

use std::fs;
use std::path::{Path, PathBuf};

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

/// A file found under the corpus folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path relative to the corpus folder, `/`-separated: the passage's `source`.
    pub rel: String,
    pub size: u64,
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
    let mut listing = Listing::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        .git_global(false)
        .parents(false)
        .require_git(false)
        .follow_links(true)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                listing.warnings.push(format!("skipped: {err}"));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path().to_path_buf();
        let size = match entry.metadata() {
            Ok(m) => m.len(),
            Err(err) => {
                listing
                    .warnings
                    .push(format!("skipped {}: {err}", path.display()));
                continue;
            }
        };
        let rel = relative(root, &path);
        listing.files.push(SourceFile { path, rel, size });
    }
    listing.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(listing)
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What reading one file gave.
#[derive(Debug)]
pub struct Loaded {
    pub passages: Vec<Passage>,
    /// Set when the file was skipped or read with a problem worth telling.
    pub warning: Option<String>,
    /// True when the file contributed nothing because it was unreadable or binary.
    pub skipped: bool,
}

/// Reads and extracts one file. Never fails: problems become warnings.
pub fn load(file: &SourceFile) -> Loaded {
    let bytes = match fs::read(&file.path) {
        Ok(b) => b,
        Err(err) => {
            return Loaded {
                passages: Vec::new(),
                warning: Some(format!("skipped {}: {err}", file.rel)),
                skipped: true,
            };
        }
    };
    match text::decode(bytes) {
        Decoded::Binary => Loaded {
            passages: Vec::new(),
            warning: Some(format!("skipped {}: binary file", file.rel)),
            skipped: true,
        },
        Decoded::Text { text, lossy } => Loaded {
            passages: extract::extract(&text, &file.rel),
            warning: lossy.then(|| {
                format!(
                    "{}: invalid UTF-8 replaced with U+FFFD (offsets count the replacements)",
                    file.rel
                )
            }),
            skipped: false,
        },
    }
}
