//! Wires each command to the library: index, query, films, stats, extract, bench, demo. Messages for people go
//! to stderr, results to stdout.

use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};

use crate::bench::{self, BenchOptions, BenchReport};
use crate::cli::{
    BenchArgs, Cli, Command, DemoArgs, ExtractArgs, IndexArgs, OverviewArgs, QueryArgs,
};
use crate::corpus::{self, WalkOptions};
use crate::index::{self, IndexOptions};
use crate::overview;
use crate::render::{self, ColorChoice, Format, HumanView};
use crate::search::{Filters, Request, Searchable};

/// How a successful command ended, for the exit code: grep's 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NotFound,
}

impl Outcome {
    /// `Found` when the command had something to show.
    fn of(found: bool) -> Outcome {
        if found {
            Outcome::Found
        } else {
            Outcome::NotFound
        }
    }
}

pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Index(args) => run_index(&args),
        Command::Query(args) => run_query(&args),
        Command::Films(args) => run_films(&args),
        Command::Stats(args) => run_stats(&args),
        Command::Extract(args) => run_extract(&args),
        Command::Bench(args) => run_bench(&args),
        Command::Demo(args) => run_demo(&args),
    }
}

fn run_index(args: &IndexArgs) -> Result<Outcome> {
    let opts = IndexOptions {
        threads: args.threads,
        memory_mb: args.memory_mb,
        progress: !args.quiet,
        rebuild: args.rebuild,
        store_text: args.store_text,
        walk: WalkOptions {
            hidden: args.hidden,
            no_ignore: args.no_ignore,
        },
        interrupt: Some(interrupt_flag()),
        ..IndexOptions::new(&args.corpus, &args.index)
    };
    let report = index::build(&opts)?;
    if !args.quiet {
        for w in &report.warnings {
            eprintln!("reel: warning: {w}");
        }
    }
    eprintln!("{}", report.summary(&args.index));
    Ok(Outcome::of(report.passages > 0))
}

fn run_query(args: &QueryArgs) -> Result<Outcome> {
    let searchable = Searchable::open(&args.index)?;
    let req = Request {
        filters: Filters {
            years: args.year,
            film: args.film.clone(),
            source: args.source.clone(),
        },
        limit: args.limit,
        offset: args.offset,
        snippet_chars: args.snippet_chars,
        ..Request::new(&args.query)
    };
    let format = if args.json { Format::Json } else { args.format };
    let view = HumanView {
        parts: args.fields.clone(),
        verbose: args.verbose,
        ..HumanView::new(args.color.enabled())
    };
    show_hits(&searchable, &req, format, &view)
}

/// Runs a search, tells stderr what was ignored or retried, and prints the hits.
fn show_hits(
    searchable: &Searchable,
    req: &Request,
    format: Format,
    view: &HumanView,
) -> Result<Outcome> {
    let results = searchable.search(req)?;
    for w in results.warnings.iter().chain(&results.notices) {
        eprintln!("reel: {w}");
    }
    write_stdout(|out| match format {
        Format::Human => render::hits_human(out, &results.hits, view),
        Format::Json => render::hits_json(out, &results.hits),
        Format::Csv => render::hits_csv(out, &results.hits),
    })?;
    Ok(Outcome::of(!results.hits.is_empty()))
}

fn run_films(args: &OverviewArgs) -> Result<Outcome> {
    let searchable = Searchable::open(&args.index)?;
    let films = overview::films(&searchable.searcher())?;
    let color = args.color.enabled();
    write_stdout(|out| {
        if args.json {
            render::films_json(out, &films)
        } else {
            render::films_human(out, &films, color)
        }
    })?;
    Ok(Outcome::of(!films.is_empty()))
}

fn run_stats(args: &OverviewArgs) -> Result<Outcome> {
    let searchable = Searchable::open(&args.index)?;
    let stats = overview::stats(&args.index, &searchable)?;
    write_stdout(|out| {
        if args.json {
            render::stats_json(out, &stats)
        } else {
            render::stats_human(out, &stats)
        }
    })?;
    Ok(Outcome::Found)
}

fn run_extract(args: &ExtractArgs) -> Result<Outcome> {
    let listing = corpus::walk(&args.corpus, WalkOptions::default())?;
    let mut passages = Vec::new();
    for file in &listing.files {
        let (found, read) = corpus::load(file);
        if let Some(w) = read.warning(&file.rel()) {
            eprintln!("reel: warning: {w}");
        }
        passages.extend(found);
    }
    for w in &listing.warnings {
        eprintln!("reel: warning: {w}");
    }
    let color = args.color.enabled();
    write_stdout(|out| {
        if args.json {
            render::passages_json(out, &passages)
        } else {
            render::passages_human(out, &passages, color)
        }
    })?;
    Ok(Outcome::of(!passages.is_empty()))
}

fn run_bench(args: &BenchArgs) -> Result<Outcome> {
    let queries = match &args.queries {
        Some(path) => bench::read_queries(path)?,
        None => bench::DEFAULT_QUERIES
            .iter()
            .map(|q| q.to_string())
            .collect(),
    };
    let report = bench::run(&BenchOptions {
        corpus: args.corpus.clone(),
        queries,
        runs: args.runs,
        progress: !args.quiet,
        store_text: args.store_text,
    })?;
    if let Some(path) = &args.out {
        let csv = format!("{}\n{}\n", BenchReport::CSV_HEADER, report.csv_row());
        std::fs::write(path, csv).with_context(|| format!("cannot write {}", path.display()))?;
    }
    write_stdout(|out| {
        if args.json {
            serde_json::to_writer(&mut *out, &report)?;
            writeln!(out)
        } else {
            write!(out, "{}", report.table())
        }
    })?;
    Ok(Outcome::Found)
}

fn run_demo(args: &DemoArgs) -> Result<Outcome> {
    eprintln!(
        "reel demo: indexing {} into {}",
        args.corpus.display(),
        args.index.display()
    );
    run_index(&IndexArgs {
        corpus: args.corpus.clone(),
        index: args.index.clone(),
        threads: None,
        memory_mb: index::DEFAULT_MEMORY_MB,
        // The demo always works, even over an index an older reel left in the folder.
        rebuild: true,
        store_text: false,
        hidden: false,
        no_ignore: false,
        quiet: false,
    })?;
    eprintln!("reel demo: reel query {:?}\n", args.query);
    let req = Request {
        limit: 3,
        ..Request::new(&args.query)
    };
    let view = HumanView::new(ColorChoice::Auto.enabled());
    show_hits(&Searchable::open(&args.index)?, &req, Format::Human, &view)
}

/// A flag raised by Ctrl-C, so indexing stops before committing anything. A second Ctrl-C
/// exits at once: the last commit is intact either way.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    // Should installing fail, Ctrl-C kills the process, which the commit protocol survives too.
    let _ = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nreel: stopping; nothing new will be committed");
    });
    flag
}

/// Writes to a buffered stdout; a closed pipe (`reel query … | head`) is not an error.
fn write_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
