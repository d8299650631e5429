//! Command-line arguments (clap derive). Parsing only: `app` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::query::YearRange;
use crate::render::{ColorChoice, Format, Part};

#[derive(Debug, Parser)]
#[command(
    name = "reel",
    version,
    about = "Full-text search over articles and reviews about films",
    after_help = "Examples:\n  reel index                      # read corpus/, write index/\n  reel query \"empathy airport\"    # ranked passages, matching words highlighted\n  reel query \"\" --year 2005..2006  # every passage about a film of 2005 or 2006\n  reel films                      # every film, by number of passages\n  reel extract corpus --json      # what reel sees in each article\n  reel demo                       # index corpus/ and run a sample query\n\nExit codes: 0 results found, 1 no results, 2 error."
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
        after_help = "Examples:\n  reel query \"empathy airport\"\n  reel query \"human connection\" --json --limit 3\n  reel query \"\" --year 2005..2006\n  reel query 'film:terminal'\n  reel query 'service -airport' --source '002_*'\n  reel query 'lesson:empathy year:[2000 TO 2010]' --format csv\n  reel query 'airpo*' --offset 10 --limit 10"
    )]
    Query(QueryArgs),
    /// List every film in the index with its years, passages and sources.
    #[command(after_help = "Examples:\n  reel films\n  reel films --json")]
    Films(OverviewArgs),
    /// Show what the index holds: files, passages, films, size, when and what was indexed.
    #[command(after_help = "Examples:\n  reel stats\n  reel stats --json")]
    Stats(OverviewArgs),
    /// Show the passages reel extracts from each article, without indexing.
    #[command(after_help = "Examples:\n  reel extract\n  reel extract corpus --json")]
    Extract(ExtractArgs),
    /// Measure indexing throughput, memory, index size and query latency on a corpus.
    #[command(
        after_help = "Examples:\n  reel bench\n  reel bench ../shared/corpora/aclimdb_train_10k/train --runs 20 --out results.csv\n  reel bench my-corpus --queries queries.txt --json"
    )]
    Bench(BenchArgs),
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
    #[arg(long, default_value_t = crate::index::DEFAULT_MEMORY_MB)]
    pub memory_mb: usize,
    /// Replace an index that reel cannot reuse (other version, corrupt).
    #[arg(long)]
    pub rebuild: bool,
    /// Keep a copy of every passage in the index, so results show their text even after the
    /// corpus moves or changes (the index grows by about 0.45x the corpus size). Without it,
    /// texts are read back from the corpus files.
    #[arg(long)]
    pub store_text: bool,
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
    /// What to search for. Words, "exact phrase", AND/OR/NOT, -word, prefix*, and fields:
    /// film:terminal, lesson:empathy, year:[2000 TO 2010], source:002_*. May be empty when a
    /// filter is given.
    #[arg(default_value = "")]
    pub query: String,
    /// Folder of the index.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// Only films released in these years: 2004, 2005..2006, ..1999, 2010..
    #[arg(long, value_parser = parse_years)]
    pub year: Option<YearRange>,
    /// Only passages whose film title contains these words (any case or accents).
    #[arg(long)]
    pub film: Option<String>,
    /// Only passages from sources matching this glob (e.g. '002_*').
    #[arg(long)]
    pub source: Option<String>,
    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits first (paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Longest snippet, in bytes.
    #[arg(long, default_value_t = 200)]
    pub snippet_chars: usize,
    /// Parts of each hit the human view shows.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "film,year,lesson,source,snippet"
    )]
    pub fields: Vec<Part>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Shorthand for --format json: one JSON object a line.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Show scores in the human view.
    #[arg(long, short)]
    pub verbose: bool,
    /// Colour highlighted words.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

fn parse_years(s: &str) -> Result<YearRange, String> {
    crate::query::parse_years(s)
}

#[derive(Debug, Args)]
pub struct OverviewArgs {
    /// Folder of the index.
    #[arg(long, default_value = "index")]
    pub index: PathBuf,
    /// One JSON object a line.
    #[arg(long)]
    pub json: bool,
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
pub struct BenchArgs {
    /// Folder of articles; indexed into a fresh temporary folder.
    #[arg(default_value = "corpus")]
    pub corpus: PathBuf,
    /// File of queries, one a line (default: a built-in set of 20).
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Warm runs per query, after the cold one.
    #[arg(long, default_value_t = 10)]
    pub runs: usize,
    /// Also write the results as CSV (header and one row) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the results as one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Index as `reel index --store-text` does (passage texts kept in the index).
    #[arg(long)]
    pub store_text: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
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
