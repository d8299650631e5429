//! Command-line arguments (clap derive). Parsing only: `app` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "reel",
    version,
    about = "Full-text search over articles and reviews about films",
    after_help = "Examples:\n  reel index                      # read corpus/, write index/\n  reel query \"empathy airport\"    # ranked passages, matching words highlighted\n  reel extract corpus --json      # what reel sees in each article\n  reel demo                       # index corpus/ and run a sample query\n\nExit codes: 0 results found, 1 no results, 2 error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every text file under CORPUS, split articles into passages and build the index.
    #[command(
        after_help = "Examples:\n  reel index\n  reel index ~/articles --index /tmp/reel-index --quiet"
    )]
    Index(IndexArgs),
    /// Search the index: ranked passages with the matching words highlighted.
    #[command(
        after_help = "Examples:\n  reel query \"empathy airport\"\n  reel query \"human connection\" --json --limit 3"
    )]
    Query(QueryArgs),
    /// Show the passages reel extracts from each article, without indexing.
    #[command(after_help = "Examples:\n  reel extract\n  reel extract corpus --json")]
    Extract(ExtractArgs),
    /// Index the corpus/ folder and run a sample query: the whole product in one command.
    Demo(DemoArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folder of articles, searched recursively.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder the index is written to.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Indexing threads (default: one per core, at most 8).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Memory budget of the index writer, in MB (at least 15 per thread).
    #[arg(long, default_value_t = 128)]
    pub memory_mb: usize,
    /// Replace an index that reel cannot reuse (other version, corrupt).
    #[arg(long)]
    pub rebuild: bool,
    /// Include hidden files and folders.
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore and .ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// No progress bar and no warnings; errors and the summary line only.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Words to search for, e.g. "empathy airport".
    pub query: String,
    /// Folder of the index.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Longest snippet, in bytes.
    #[arg(long, default_value_t = 200)]
    pub snippet_chars: usize,
    /// One JSON object a line: rank, score, film, year, lesson, source, snippet, highlights.
    #[arg(long)]
    pub json: bool,
    /// Colour highlighted words.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Folder of articles, searched recursively.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// One JSON object a line per passage.
    #[arg(long)]
    pub json: bool,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder of articles to index.
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
    /// Folder the index is written to.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// The sample query.
    #[arg(long, default_value = "empathy airport")]
    pub query: String,
}
