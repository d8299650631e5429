//! Hits and passages to output: a readable, coloured terminal view or one JSON object a line.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;

use crate::extract::Passage;
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

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;31m";
const FILM: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

struct Paint(bool);

impl Paint {
    fn wrap(&self, style: &str, s: &str) -> String {
        if self.0 {
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
        (None, _) => "(no film)".to_string(),
    }
}

/// The snippet on one line, with highlighted ranges coloured (or marked when colour is off).
fn highlight(snippet: &str, ranges: &[[usize; 2]], paint: &Paint) -> String {
    let mut out = String::with_capacity(snippet.len() + ranges.len() * 12);
    let mut at = 0;
    for &[s, e] in ranges {
        if s < at
            || e > snippet.len()
            || !snippet.is_char_boundary(s)
            || !snippet.is_char_boundary(e)
        {
            continue;
        }
        out.push_str(&snippet[at..s]);
        if paint.0 {
            out.push_str(&paint.wrap(MATCH, &snippet[s..e]));
        } else {
            out.push_str(&snippet[s..e]);
        }
        at = e;
    }
    out.push_str(&snippet[at..]);
    crate::text::one_line(&out)
}

/// The human view: one block per hit.
pub fn hits_human(out: &mut dyn Write, hits: &[Hit], color: bool) -> io::Result<()> {
    let paint = Paint(color);
    for hit in hits {
        let label = film_label(hit.film.as_deref(), hit.year);
        writeln!(
            out,
            "{}. {}  {}",
            hit.rank,
            paint.wrap(FILM, &label),
            paint.wrap(DIM, &hit.source)
        )?;
        if let Some(lesson) = &hit.lesson {
            writeln!(out, "   {} {}", paint.wrap(BOLD, "lesson:"), lesson)?;
        }
        writeln!(
            out,
            "   {}",
            highlight(&hit.snippet, &hit.highlights, &paint)
        )?;
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
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
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

/// The first `chars` characters of `s` on one line, with an ellipsis when cut.
fn preview(s: &str, chars: usize) -> String {
    let flat = crate::text::one_line(s);
    match flat.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &flat[..i]),
        None => flat,
    }
}
