//! Snippets that show every query word a passage holds. tantivy's `SnippetGenerator` returns
//! one fragment, so a passage matching "empathy" in its lesson and "airport" in its plot shows
//! only one of them; here up to three fragments are joined with " … ".

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use tantivy::tokenizer::TextAnalyzer;

/// At most this many fragments per snippet.
const MAX_FRAGMENTS: usize = 3;
/// Shown between two fragments.
const GAP: &str = " … ";

/// A piece of a passage with the byte ranges of its highlighted words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// A word of the text that matches a query term.
#[derive(Debug, Clone, Copy)]
struct Match {
    from: usize,
    to: usize,
    term: usize,
}

/// Builds a snippet of about `max` bytes from `text`, highlighting tokens whose analysed
/// form is in `terms` (the analysed query terms).
pub fn build(
    text: &str,
    terms: &HashSet<String>,
    analyzer: &mut TextAnalyzer,
    max: usize,
) -> Snippet {
    let max = max.max(20);
    let term_ids: Vec<&String> = terms.iter().collect();
    let mut matches = Vec::new();
    if !terms.is_empty() {
        let mut stream = analyzer.token_stream(text);
        while let Some(tok) = stream.next() {
            if let Some(id) = term_ids.iter().position(|t| **t == tok.text) {
                matches.push(Match {
                    from: tok.offset_from,
                    to: tok.offset_to,
                    term: id,
                });
            }
        }
    }
    if matches.is_empty() {
        return assemble(text, &[(0, floor(text, max))], &[]);
    }
    let windows = choose_windows(text, &matches, max);
    assemble(text, &windows, &matches)
}

/// Picks fragments: first the window holding the most distinct terms, then windows around
/// terms not yet shown, until every term is shown or the fragments run out.
fn choose_windows(text: &str, matches: &[Match], max: usize) -> Vec<(usize, usize)> {
    let distinct: BTreeSet<usize> = matches.iter().map(|m| m.term).collect();
    let best_window = |len: usize, pool: &[Match]| -> (usize, usize) {
        let mut best = (0, 0, 0);
        for (i, m) in pool.iter().enumerate() {
            let end = m.from + len;
            let covered: BTreeSet<usize> = pool[i..]
                .iter()
                .take_while(|n| n.to <= end)
                .map(|n| n.term)
                .collect();
            if covered.len() > best.0 {
                best = (covered.len(), m.from, end);
            }
        }
        (best.1, best.2)
    };
    // One window if it can hold every term; otherwise share the budget.
    let (s, e) = best_window(max, matches);
    let in_first: BTreeSet<usize> = matches
        .iter()
        .filter(|m| m.from >= s && m.to <= e)
        .map(|m| m.term)
        .collect();
    if in_first.len() == distinct.len() {
        return vec![frame(text, s, max)];
    }
    let parts = distinct.len().min(MAX_FRAGMENTS);
    let len = (max - GAP.len() * (parts - 1)) / parts;
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut shown: BTreeSet<usize> = BTreeSet::new();
    while windows.len() < parts && shown.len() < distinct.len() {
        let pool: Vec<Match> = matches
            .iter()
            .copied()
            .filter(|m| !shown.contains(&m.term))
            .collect();
        let (s, _) = best_window(len, &pool);
        let w = frame(text, s, len);
        shown.extend(
            matches
                .iter()
                .filter(|m| m.from >= w.0 && m.to <= w.1)
                .map(|m| m.term),
        );
        windows.push(w);
    }
    windows.sort_unstable();
    windows.dedup();
    windows
}

/// A window of about `len` bytes that starts a little before `at`, on word boundaries.
fn frame(text: &str, at: usize, len: usize) -> (usize, usize) {
    let lead = (len / 5).min(at);
    let mut start = floor(text, at - lead);
    if start > 0 {
        // Start after the nearest white space so no word is cut.
        if let Some(ws) = text[start..at].find(char::is_whitespace) {
            start += ws + 1;
            start = ceil(text, start);
        }
    }
    let mut end = floor(text, (start + len).min(text.len()));
    if end < text.len()
        && let Some(ws) = text[start..end].rfind(char::is_whitespace)
        && ws > 0
    {
        end = start + ws;
    }
    (start, end.max(start))
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Joins the windows with `GAP`, folding white space, and maps match offsets into the result.
fn assemble(text: &str, windows: &[(usize, usize)], matches: &[Match]) -> Snippet {
    let mut out = Snippet::default();
    for (k, &(s, e)) in windows.iter().enumerate() {
        if k > 0 {
            out.text.truncate(out.text.trim_end().len());
            out.text.push_str(GAP);
        }
        let mut pos = s;
        for m in matches.iter().filter(|m| m.from >= s && m.to <= e) {
            push_folded(&mut out.text, &text[pos..m.from]);
            let start = out.text.len();
            push_folded(&mut out.text, &text[m.from..m.to]);
            out.highlights.push([start, out.text.len()]);
            pos = m.to;
        }
        push_folded(&mut out.text, &text[pos..e]);
    }
    out.text.truncate(out.text.trim_end().len());
    out
}

/// Appends `s` with runs of white space folded to one space and invisible characters dropped.
fn push_folded(out: &mut String, s: &str) {
    for c in s.chars() {
        if crate::text::is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snip(text: &str, words: &[&str], max: usize) -> Snippet {
        let terms = words.iter().map(|w| w.to_string()).collect();
        build(text, &terms, &mut crate::schema::analyzer(), max)
    }

    fn highlighted(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&[a, b]| &s.text[a..b]).collect()
    }

    #[test]
    fn far_apart_words_both_show() {
        let text = format!(
            "Stranded at the Airport. {} Key: empathy matters.",
            "filler words ".repeat(40)
        );
        let s = snip(&text, &["airport", "empathi"], 120);
        assert_eq!(highlighted(&s), vec!["Airport", "empathy"]);
        assert!(s.text.contains(" … "));
        assert!(s.text.len() <= 120 + 10);
    }

    #[test]
    fn stemmed_forms_highlight() {
        let s = snip("Two airports and one airport.", &["airport"], 100);
        assert_eq!(highlighted(&s), vec!["airports", "airport"]);
    }

    #[test]
    fn no_match_gives_the_start() {
        let s = snip("Plain\n\ntext here", &["zzz"], 100);
        assert_eq!(s.text, "Plain text here");
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn multibyte_text_never_splits_characters() {
        let text = "é".repeat(300) + " airport " + &"ü".repeat(300);
        let s = snip(&text, &["airport"], 50);
        assert_eq!(highlighted(&s), vec!["airport"]);
    }
}
