//! Hits, passages, films and stats to output: a readable terminal view (aligned, wrapped on
//! word boundaries, highlighted in colour), one JSON object a line, or CSV.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;

use crate::extract::Passage;
use crate::overview::{FilmEntry, Stats, utc};
use crate::search::Hit;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Decides once, from the choice, the environment and whether stdout is a terminal.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stdout().is_terminal()
            }
        }
    }
}

/// How hits are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Csv,
}

/// The parts of a hit the human view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    Film,
    Year,
    Lesson,
    Source,
    Snippet,
}

/// Options of the human view.
#[derive(Debug, Clone)]
pub struct HumanView {
    pub color: bool,
    pub parts: Vec<Part>,
    pub verbose: bool,
    /// Columns to wrap to.
    pub width: usize,
}

impl HumanView {
    pub fn new(color: bool) -> HumanView {
        HumanView {
            color,
            parts: vec![
                Part::Film,
                Part::Year,
                Part::Lesson,
                Part::Source,
                Part::Snippet,
            ],
            verbose: false,
            width: terminal_width(),
        }
    }

    fn has(&self, p: Part) -> bool {
        self.parts.contains(&p)
    }
}

/// `COLUMNS` when set to something sensible, else 80.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&c: &usize| c >= 40)
        .unwrap_or(80)
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;31m";
const FILM: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

struct Paint(bool);

impl Paint {
    fn wrap(&self, style: &str, s: &str) -> String {
        if self.0 && !s.is_empty() {
            format!("{style}{s}{RESET}")
        } else {
            s.to_string()
        }
    }
}

/// `The Terminal (2004)`, `The Terminal`, or `(no film)`.
pub fn film_label(film: Option<&str>, year: Option<u64>) -> String {
    match (film, year) {
        (Some(f), Some(y)) => format!("{f} ({y})"),
        (Some(f), None) => f.to_string(),
        (None, Some(y)) => format!("({y})"),
        (None, None) => "(no film)".to_string(),
    }
}

/// A word to lay out: what is printed, and how many columns it takes.
struct Word {
    shown: String,
    width: usize,
}

/// Splits text into words, colouring the bytes that fall in `ranges`.
fn words(text: &str, ranges: &[[usize; 2]], paint: &Paint) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes_end = text.len();
    let flush = |from: usize, to: usize, out: &mut Vec<Word>| {
        let mut shown = String::new();
        let mut at = from;
        for &[s, e] in ranges {
            let (s, e) = (s.max(from), e.min(to));
            if s >= e || s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            shown.push_str(&text[at..s]);
            shown.push_str(&paint.wrap(MATCH, &text[s..e]));
            at = e;
        }
        shown.push_str(&text[at..to]);
        out.push(Word {
            shown,
            width: text[from..to].chars().count(),
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                flush(s, i, &mut out);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        flush(s, bytes_end, &mut out);
    }
    out
}

/// Lays words out in lines of at most `width` columns; lines after the first get `indent`.
fn wrap(words: &[Word], first: usize, indent: usize, width: usize) -> String {
    let mut out = String::new();
    let mut col = first;
    let mut line_empty = true;
    for w in words {
        if !line_empty && col + 1 + w.width > width {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
            line_empty = true;
        }
        if !line_empty {
            out.push(' ');
            col += 1;
        }
        out.push_str(&w.shown);
        col += w.width;
        line_empty = false;
    }
    out
}

/// The human view: one block per hit, aligned under the rank, wrapped to the width.
pub fn hits_human(out: &mut dyn Write, hits: &[Hit], view: &HumanView) -> io::Result<()> {
    let paint = Paint(view.color);
    let rank_width = hits.last().map_or(1, |h| h.rank.to_string().len());
    let indent = rank_width + 2;
    let pad = " ".repeat(indent);
    for hit in hits {
        let film = view
            .has(Part::Film)
            .then_some(hit.film.as_deref())
            .flatten();
        let year = view.has(Part::Year).then_some(hit.year).flatten();
        let mut header = format!("{:>rank_width$}. ", hit.rank);
        let mut cols = indent;
        if view.has(Part::Film) || view.has(Part::Year) {
            let label = if view.has(Part::Film) {
                film_label(film, year)
            } else {
                year.map(|y| y.to_string()).unwrap_or_default()
            };
            cols += label.chars().count();
            header.push_str(&paint.wrap(FILM, &label));
        }
        if view.has(Part::Source) {
            let n = hit.source.chars().count();
            // The source sits at the right edge when it fits, else on its own line.
            if cols + 2 + n <= view.width {
                header.push_str(&" ".repeat(view.width - cols - n));
            } else {
                header.push('\n');
                header.push_str(&pad);
            }
            header.push_str(&paint.wrap(DIM, &hit.source));
        }
        writeln!(out, "{}", header.trim_end())?;
        if view.verbose {
            writeln!(out, "{pad}score {:.3}", hit.score)?;
        }
        if view.has(Part::Lesson)
            && let Some(lesson) = &hit.lesson
        {
            let label = "lesson: ";
            let ws = words(lesson, &[], &paint);
            let body = wrap(&ws, indent + label.len(), indent + label.len(), view.width);
            writeln!(out, "{pad}{}{body}", paint.wrap(BOLD, label))?;
        }
        if view.has(Part::Snippet) && hit.stale {
            let note = "(no text: the source file changed or moved since indexing)";
            writeln!(out, "{pad}{}", paint.wrap(DIM, note))?;
        } else if view.has(Part::Snippet) {
            let ws = words(&hit.snippet, &hit.highlights, &paint);
            writeln!(out, "{pad}{}", wrap(&ws, indent, indent, view.width))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// One JSON object a line per hit.
pub fn hits_json(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        rank: usize,
        score: f32,
        film: &'a Option<String>,
        year: Option<u64>,
        lesson: &'a Option<String>,
        source: &'a str,
        snippet: &'a str,
        highlights: &'a [[usize; 2]],
        /// Present (true) only when the source file no longer holds the passage.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        stale: bool,
    }
    for h in hits {
        let line = Line {
            rank: h.rank,
            score: h.score,
            film: &h.film,
            year: h.year,
            lesson: &h.lesson,
            source: &h.source,
            snippet: &h.snippet,
            highlights: &h.highlights,
            stale: h.stale,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// CSV with a header row.
pub fn hits_csv(out: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    writeln!(out, "rank,score,film,year,lesson,source,start,end,snippet")?;
    for h in hits {
        let fields = [
            h.rank.to_string(),
            format!("{:.4}", h.score),
            h.film.clone().unwrap_or_default(),
            h.year.map(|y| y.to_string()).unwrap_or_default(),
            h.lesson.clone().unwrap_or_default(),
            h.source.clone(),
            h.start.to_string(),
            h.end.to_string(),
            h.snippet.clone(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", row.join(","))?;
    }
    Ok(())
}

/// `reel extract --json`: one passage a line.
pub fn passages_json(out: &mut dyn Write, passages: &[Passage]) -> io::Result<()> {
    for p in passages {
        serde_json::to_writer(&mut *out, p)?;
        writeln!(out)?;
    }
    Ok(())
}

/// `reel extract`: per passage, its place, film, lesson and the start of its text.
pub fn passages_human(out: &mut dyn Write, passages: &[Passage], color: bool) -> io::Result<()> {
    let paint = Paint(color);
    let mut current: Option<&str> = None;
    for p in passages {
        if current != Some(p.source.as_str()) {
            writeln!(out, "{}", paint.wrap(BOLD, &p.source))?;
            current = Some(&p.source);
        }
        let label = film_label(p.film.as_deref(), p.year.map(u64::from));
        writeln!(
            out,
            "  {:>6}..{:<6} {}",
            p.start,
            p.end,
            paint.wrap(FILM, &label)
        )?;
        if let Some(lesson) = &p.lesson {
            writeln!(out, "                 lesson: {}", preview(lesson, 100))?;
        }
        writeln!(out, "                 {}", preview(&p.text, 100))?;
    }
    Ok(())
}

/// `reel films`: one line per film.
pub fn films_human(out: &mut dyn Write, films: &[FilmEntry], color: bool) -> io::Result<()> {
    let paint = Paint(color);
    let width = films
        .iter()
        .map(|f| f.passages.to_string().len())
        .max()
        .unwrap_or(1);
    for f in films {
        let years: Vec<String> = f.years.iter().map(u64::to_string).collect();
        let label = if years.is_empty() {
            f.film.clone()
        } else {
            format!("{} ({})", f.film, years.join(", "))
        };
        let sources = if f.sources.len() == 1 {
            f.sources[0].clone()
        } else {
            format!("{} sources", f.sources.len())
        };
        writeln!(
            out,
            "{:>width$} {}  {}  {}",
            f.passages,
            if f.passages == 1 {
                "passage "
            } else {
                "passages"
            },
            paint.wrap(FILM, &label),
            paint.wrap(DIM, &sources)
        )?;
    }
    Ok(())
}

pub fn films_json(out: &mut dyn Write, films: &[FilmEntry]) -> io::Result<()> {
    for f in films {
        serde_json::to_writer(&mut *out, f)?;
        writeln!(out)?;
    }
    Ok(())
}

/// `reel stats`: one fact a line.
pub fn stats_human(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    let rows = [
        ("index", s.index.clone()),
        (
            "corpus",
            s.corpus.clone().unwrap_or_else(|| "unknown".into()),
        ),
        (
            "last indexed",
            s.indexed_at.map_or_else(|| "unknown".into(), utc),
        ),
        ("files", s.files.to_string()),
        ("passages", s.passages.to_string()),
        ("films", s.films.to_string()),
        (
            "passages without a year",
            s.passages_without_year.to_string(),
        ),
        ("size on disk", human_bytes(s.size_bytes)),
        ("segments", s.segments.to_string()),
    ];
    for (k, v) in rows {
        writeln!(out, "{k:>24}  {v}")?;
    }
    Ok(())
}

pub fn stats_json(out: &mut dyn Write, s: &Stats) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s)?;
    writeln!(out)
}

/// `1536` -> `1.5 KiB`.
pub fn human_bytes(n: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", units[u])
    }
}

/// The first `chars` characters of `s` on one line, with an ellipsis when cut.
fn preview(s: &str, chars: usize) -> String {
    let flat = crate::text::one_line(s);
    match flat.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_width_and_indent() {
        let ws = words(&"word ".repeat(30), &[], &Paint(false));
        let text = wrap(&ws, 4, 4, 40);
        for line in text.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert!(text.lines().skip(1).all(|l| l.starts_with("    word")));
    }

    #[test]
    fn highlights_inside_a_word_are_coloured() {
        let ws = words("JFK Airport.", &[[4, 11]], &Paint(true));
        assert_eq!(ws[1].shown, format!("{MATCH}Airport{RESET}."));
        assert_eq!(ws[1].width, 8);
    }

    #[test]
    fn csv_quotes_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
    }

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
    }
}
