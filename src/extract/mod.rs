//! Article text to passages: one per film section, or one per paragraph of prose.
//!
//! The layout is detected per document, never per file name: every line is first read on its
//! own (heading candidate, lesson marker, section break, prose), then the document decides which
//! candidates are film headings (a numbered list needs at least two items, ALL-CAPS headings at
//! least two, a title with a year stands on its own). Articles without film headings are prose
//! reviews: their film is inferred from how the text names it (see `film`).

mod boilerplate;
mod film;
mod heading;
mod lesson;
mod vocab;

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

pub use heading::Heading;

use crate::text::{self, Line};

/// Passages longer than this (bytes) are split, so one giant paragraph never becomes one hit.
pub const MAX_PASSAGE_BYTES: usize = 4000;

/// Prose paragraphs shorter than this with no sentence end ("Guest Blogger") join the next one.
const TINY_PARAGRAPH: usize = 40;

/// One searchable unit of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Path of the file relative to the corpus folder, `/`-separated.
    pub source: String,
    pub film: Option<String>,
    pub year: Option<u16>,
    pub lesson: Option<String>,
    /// Byte offsets of the passage in the source file.
    pub start: usize,
    pub end: usize,
    /// The passage text, with invisible characters and line-ending noise removed.
    pub text: String,
}

/// What one line is, before the document decides on its layout.
#[derive(Debug, Clone)]
enum Kind {
    Blank,
    Film(Heading),
    /// A heading that ends a film section without starting another ("Conclusion").
    Break,
    /// A lesson marker; the lesson starts at this byte offset within the line.
    Marker(usize),
    Prose,
}

static SECTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:in\s+)?(?:conclusion|final thoughts|closing thoughts|final words|wrapping (?:it |things )?up|wrap[- ]?up|to wrap up|summary|in summary|(?:the )?bottom line|introduction|intro|overview|honou?rable mentions?|related|(?:the )?verdict|plot|synopsis|the story|cast|background|references|sources|further reading|faq|frequently asked questions|(?:the )?takeaways?|(?:the )?lessons?|what (?:we|you) (?:learned|can learn)|conclusions?)(?-u:\b)[^.]{0,30}$",
    )
    .expect("valid regex")
});

/// A generic section heading that never names a film.
fn is_section_heading(line: &str) -> bool {
    if line.len() > 80 {
        return false;
    }
    let t = heading::clean_title(line.trim_start_matches(['#', ' ']));
    t.split_whitespace().count() <= 6 && SECTION_WORDS.is_match(&t)
}

/// Reads a heading-like line as a film heading, given how many of its kind the document has.
struct Layout {
    numbered: usize,
    caps: usize,
    markdown: usize,
}

impl Layout {
    fn of(cands: &[Option<Heading>]) -> Layout {
        let count = |f: &dyn Fn(&Heading) -> bool| cands.iter().flatten().filter(|h| f(h)).count();
        Layout {
            numbered: count(&numbered_item),
            caps: count(&|h| h.caps && h.words <= 8),
            markdown: count(&|h| h.markdown && h.words <= 8),
        }
    }

    fn is_film(&self, h: &Heading) -> bool {
        if numbered_item(h) {
            return self.numbered >= 2;
        }
        if h.number.is_some() {
            return false;
        }
        if h.year.is_some() {
            return h.words <= 10 && (h.caps || h.title_case >= 0.6);
        }
        (h.caps && self.caps >= 2 && h.words <= 8)
            || (h.markdown && self.markdown >= 2 && h.words <= 8 && h.title_case >= 0.6)
    }
}

/// A numbered line that reads like a title rather than a numbered sentence.
fn numbered_item(h: &Heading) -> bool {
    h.number.is_some() && (h.year.is_some() || h.caps || (h.words <= 8 && h.title_case >= 0.6))
}

/// A short, title-cased line that ends no sentence: a sub-heading such as "Wrapping It Up".
fn looks_like_subheading(line: &str) -> bool {
    if line.ends_with([':', '.', ',', ';', '!', '?', '…']) || line.ends_with("...") {
        return false;
    }
    heading::parse(line).is_some_and(|h| {
        h.number.is_none() && h.year.is_none() && (2..=6).contains(&h.words) && h.title_case >= 0.75
    })
}

fn classify(lines: &[Line<'_>]) -> Vec<Kind> {
    let markers: Vec<Option<usize>> = lines.iter().map(|l| lesson::marker(l.trimmed())).collect();
    let cands: Vec<Option<Heading>> = lines
        .iter()
        .zip(&markers)
        .map(|(l, m)| {
            let t = l.trimmed();
            (!t.is_empty() && m.is_none())
                .then(|| heading::parse(t))
                .flatten()
        })
        .collect();
    let layout = Layout::of(&cands);
    let mut kinds: Vec<Kind> = lines
        .iter()
        .zip(cands)
        .zip(markers)
        .map(|((l, cand), marker)| {
            let t = l.trimmed();
            if t.is_empty() {
                return Kind::Blank;
            }
            if let Some(at) = marker {
                // Offset relative to the untrimmed line.
                let lead = t.as_ptr() as usize - l.text.as_ptr() as usize;
                return Kind::Marker(lead + at);
            }
            if is_section_heading(t) {
                return Kind::Break;
            }
            match cand {
                Some(h) if layout.is_film(&h) => Kind::Film(h),
                _ => Kind::Prose,
            }
        })
        .collect();
    // After the last film, a sub-heading closes the film's section ("Wrapping It Up").
    if let Some(last) = kinds.iter().rposition(|k| matches!(k, Kind::Film(_))) {
        let mut body_lines = 0;
        for i in last + 1..kinds.len() {
            match kinds[i] {
                Kind::Prose if body_lines >= 2 && looks_like_subheading(lines[i].trimmed()) => {
                    kinds[i] = Kind::Break;
                    break;
                }
                Kind::Prose | Kind::Marker(_) => body_lines += 1,
                Kind::Break => break,
                _ => {}
            }
        }
    }
    kinds
}

/// A run of lines: a film's section or a stretch of prose.
struct Block {
    film: Option<Heading>,
    first: usize,
    /// One past the last line.
    last: usize,
    /// The first lesson marker in the block: line index and offset in that line.
    marker: Option<(usize, usize)>,
}

fn blocks(kinds: &[Kind]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let open = |film, first| Block {
        film,
        first,
        last: first + 1,
        marker: None,
    };
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            Kind::Film(h) => out.push(open(Some(h.clone()), i)),
            Kind::Break => out.push(open(None, i)),
            _ => {
                let Some(b) = out.last_mut() else {
                    out.push(open(None, i));
                    if let Kind::Marker(at) = kind {
                        out[0].marker = Some((i, *at));
                    }
                    continue;
                };
                b.last = i + 1;
                if let (Kind::Marker(at), None) = (kind, b.marker) {
                    b.marker = Some((i, *at));
                }
            }
        }
    }
    out
}

/// Extracts the passages of one article. `source` is recorded on each passage.
pub fn extract(src: &str, source: &str) -> Vec<Passage> {
    let all = text::lines(src);
    let lines = &all[..boilerplate::tail_start(&all)];
    let kinds = classify(lines);
    let blocks = blocks(&kinds);
    let films = blocks.iter().filter(|b| b.film.is_some()).count();
    let first_content = kinds.iter().position(|k| !matches!(k, Kind::Blank));
    let span_of = |b: &Block| Span::of_lines(&lines[b.first..b.last]);

    // A single title heading at the top, or none at all: a review of one film.
    let single = match films {
        0 => true,
        1 => blocks
            .iter()
            .find(|b| b.film.is_some())
            .is_some_and(|b| Some(b.first) == first_content),
        _ => false,
    };
    let mut out = Vec::new();
    if single {
        let whole = lines
            .first()
            .zip(lines.last())
            .map_or("", |(a, z)| &src[a.start..z.end]);
        let heading = blocks.iter().find_map(|b| b.film.as_ref());
        let film = heading
            .map(|h| h.title.clone())
            .or_else(|| film::infer_title(whole));
        let year = heading
            .and_then(|h| h.year)
            .or_else(|| film.as_deref().and_then(|t| film::year_for(whole, t)));
        let lesson = film.as_ref().and_then(|_| {
            blocks
                .iter()
                .find_map(|b| marker_lesson(src, lines, b))
                .or_else(|| lesson::takeaway(whole))
        });
        let meta = Meta {
            film,
            year,
            lesson,
            source,
        };
        for b in &blocks {
            for p in paragraphs(src, lines, b) {
                push_split(&mut out, src, p, &meta);
            }
        }
        return out;
    }
    for b in &blocks {
        match &b.film {
            Some(h) => {
                let span = span_of(b);
                let section = &src[span.start..span.end];
                let lesson = marker_lesson(src, lines, b).or_else(|| lesson::takeaway(section));
                let year = h.year.or_else(|| film::year_for(section, &h.title));
                let meta = Meta {
                    film: Some(h.title.clone()),
                    year,
                    lesson,
                    source,
                };
                push_split(&mut out, src, span, &meta);
            }
            None => {
                let meta = Meta {
                    film: None,
                    year: None,
                    lesson: None,
                    source,
                };
                for p in paragraphs(src, lines, b) {
                    push_split(&mut out, src, p, &meta);
                }
            }
        }
    }
    out
}

/// The lesson after a block's marker, up to the block's end.
fn marker_lesson(src: &str, lines: &[Line<'_>], b: &Block) -> Option<String> {
    let (line, at) = b.marker?;
    let start = lines[line].start + at;
    let end = lines[b.last - 1].end.max(start);
    let lesson = text::one_line(&src[start..end]);
    (!lesson.is_empty()).then_some(lesson)
}

/// A byte range of the source.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The range from the first to the last non-blank line.
    fn of_lines(lines: &[Line<'_>]) -> Span {
        let mut content = lines.iter().filter(|l| !l.is_blank());
        let first = content.next();
        let last = content.next_back().or(first);
        match (first, last) {
            (Some(a), Some(z)) => Span {
                start: a.start,
                end: z.end,
            },
            _ => Span { start: 0, end: 0 },
        }
    }
}

/// The blank-line separated paragraphs of a block; tiny ones ("Guest Blogger") join a neighbour.
fn paragraphs(src: &str, lines: &[Line<'_>], b: &Block) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut run: Option<Span> = None;
    for l in &lines[b.first..b.last] {
        if l.is_blank() {
            spans.extend(run.take());
        } else {
            run.get_or_insert(Span {
                start: l.start,
                end: l.end,
            })
            .end = l.end;
        }
    }
    spans.extend(run);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    let mut pending: Option<Span> = None;
    // A film heading standing alone above the first paragraph belongs to it.
    let heading_end = b.film.as_ref().map(|_| lines[b.first].end);
    for s in spans {
        let span = Span {
            start: pending.take().map_or(s.start, |p| p.start),
            end: s.end,
        };
        let t = text::trim(&src[s.start..s.end]);
        let tiny = (t.len() < TINY_PARAGRAPH && !t.ends_with(['.', '!', '?', '"', '”']))
            || Some(s.end) == heading_end;
        if tiny {
            pending = Some(span);
        } else {
            merged.push(span);
        }
    }
    if let Some(p) = pending {
        match merged.last_mut() {
            Some(prev) => prev.end = p.end,
            None => merged.push(p),
        }
    }
    merged
}

/// What every passage of a block shares.
struct Meta<'a> {
    film: Option<String>,
    year: Option<u16>,
    lesson: Option<String>,
    source: &'a str,
}

/// Pushes a span as one passage, or several when it is longer than `MAX_PASSAGE_BYTES`.
fn push_split(out: &mut Vec<Passage>, src: &str, span: Span, meta: &Meta<'_>) {
    for (start, end) in split_span(src, span.start, span.end, MAX_PASSAGE_BYTES) {
        let text = text::clean(&src[start..end]);
        if text.is_empty() {
            continue;
        }
        out.push(Passage {
            source: meta.source.to_string(),
            film: meta.film.clone(),
            year: meta.year,
            lesson: meta.lesson.clone(),
            start,
            end,
            text,
        });
    }
}

/// Cuts `start..end` into pieces of at most `max` bytes, preferring line, then sentence,
/// then word boundaries, and always cutting on a character boundary.
pub fn split_span(src: &str, start: usize, end: usize, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = start;
    while end - from > max {
        let mut limit = from + max;
        while !src.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &src[from..limit];
        let mut half = window.len() / 2;
        while !window.is_char_boundary(half) {
            half -= 1;
        }
        let cut = window[half..]
            .rfind('\n')
            .or_else(|| window[half..].rfind(". ").map(|i| i + 1))
            .or_else(|| window[half..].rfind(char::is_whitespace))
            .map(|i| from + half + i)
            .filter(|&c| c > from)
            .unwrap_or(limit);
        out.push((from, cut));
        from = cut;
        // Pieces start on their first visible character.
        while from < end {
            let c = src[from..].chars().next().unwrap_or('x');
            if c.is_whitespace() {
                from += c.len_utf8();
            } else {
                break;
            }
        }
    }
    if from < end {
        out.push((from, end));
    }
    out
}

#[cfg(test)]
mod tests;
