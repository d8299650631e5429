//! Finding the lesson an article draws from a film: explicit markers (`Key takeaways:`,
//! `The Movie Lesson:` …) and, without a marker, the sentence that gives the reader advice.

use std::sync::LazyLock;

use regex::Regex;

/// A lesson marker line: a short lead-in naming a lesson or takeaway, then a colon.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^[\*_\#>\s]*
          (?:[\p{L}’']+\s+){0,4}?
          (?:take[-\s]?aways?|lessons?|morals?|learnings?|what\s+(?:we|you)\s+(?:can\s+)?learn|teach(?:es)?(?:\s+us)?)
          (?:\s+(?:learned|learnt|here|for\s+[\p{L}’']+(?:\s+[\p{L}’']+)?))?
          \s*[\*_]*\s*[:–—]\s*[\*_]*\s*(.*)$",
    )
    .expect("valid regex")
});

/// If `line` is a lesson marker, returns the byte offset where the lesson text starts in it.
pub fn marker(line: &str) -> Option<usize> {
    let c = MARKER.captures(line)?;
    let rest = c.get(1)?;
    // The lead-in must be short: a marker, not a sentence that contains "lesson:".
    if rest.start() > 48 {
        return None;
    }
    Some(rest.start())
}

/// Phrases that announce the takeaway outright.
static STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:lessons?|take[-\s]?aways?|moral of|teach(?:es)? us|reminds? us|remind(?:s|ed)? (?:you|viewers|readers)|the key (?:is|to)|learn from)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Second-person or inclusive advice: "you want", "you should", "we must" …
static ADVICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:you|we)(?:’re|'re| are)?\s+(?:really\s+|still\s+|always\s+|also\s+)?(?:want|need|should|must|have to|ought to|can't afford|cannot afford|can’t afford|shouldn't|shouldn’t|never want)(?-u:\b)|^(?:always|never|remember|don't|don’t|make sure|be sure|try to)(?-u:\b)",
    )
    .expect("valid regex")
});

/// Minimum score for a sentence to count as the article's takeaway; below it the lesson is null.
const THRESHOLD: u32 = 2;
/// Sentences longer than this are narration, not a takeaway.
const MAX_WORDS: usize = 60;

fn score(sentence: &str) -> u32 {
    let s = sentence.trim();
    if s.ends_with('?') || crate::text::words(s).count() > MAX_WORDS {
        return 0;
    }
    let mut score = 0;
    if STRONG.is_match(s) {
        score += 3;
    }
    if ADVICE.is_match(s) {
        score += 2;
    }
    score
}

/// The sentence (with adjacent advice sentences) that states the takeaway, if any scores enough.
pub fn takeaway(prose: &str) -> Option<String> {
    let sentences = sentences(prose);
    let scores: Vec<u32> = sentences.iter().map(|s| score(s)).collect();
    let (best, &best_score) = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))?;
    if best_score < THRESHOLD {
        return None;
    }
    // A takeaway often spans neighbouring sentences that each give advice.
    let mut first = best;
    while first > 0 && scores[first - 1] >= THRESHOLD && best - first < 2 {
        first -= 1;
    }
    let mut last = best;
    while last + 1 < sentences.len() && scores[last + 1] >= THRESHOLD && last - first < 2 {
        last += 1;
    }
    Some(sentences[first..=last].join(" "))
}

/// Splits prose into sentences on `.`, `!`, `?` or `…` followed by white space.
pub fn sentences(prose: &str) -> Vec<String> {
    let text = crate::text::one_line(prose);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(ender) = sentence_end_len(&bytes[i..]) else {
            i += 1;
            continue;
        };
        // Closing quotes and brackets belong to the sentence they end.
        let mut end = i + ender;
        while let Some(n) = closer_len(&bytes[end..]) {
            end += n;
        }
        i = end;
        if end < bytes.len() && bytes[end] != b' ' {
            continue;
        }
        let s = text[start..end].trim();
        if !s.is_empty() {
            out.push(s.to_string());
        }
        start = end;
    }
    let tail = text[start..].trim();
    if !tail.is_empty() {
        out.push(tail.to_string());
    }
    out
}

/// Byte length of the `.`, `!`, `?` or `…` that `rest` starts with.
fn sentence_end_len(rest: &[u8]) -> Option<usize> {
    match rest {
        [b'.' | b'!' | b'?', ..] => Some(1),
        [0xE2, 0x80, 0xA6, ..] => Some(3),
        _ => None,
    }
}

/// Byte length of the closing quote or bracket that `rest` starts with: `"`, `”`, `’`, `'`, `)`.
fn closer_len(rest: &[u8]) -> Option<usize> {
    match rest {
        [b'"' | b'\'' | b')', ..] => Some(1),
        [0xE2, 0x80, 0x9D | 0x99, ..] => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_many_spellings() {
        for (line, rest) in [
            ("Key takeaways:", ""),
            ("Key takeaway: be kind", "be kind"),
            ("Lesson: listen first", "listen first"),
            ("The lesson: listen", "listen"),
            ("The Movie Lesson: patience", "patience"),
            ("Takeaway: smile", "smile"),
            ("**Lesson learned:** own mistakes", "own mistakes"),
            ("What it teaches us: patience", "patience"),
            ("Customer service lesson – listen", "listen"),
        ] {
            let at = marker(line).unwrap_or_else(|| panic!("{line:?} is a marker"));
            assert_eq!(&line[at..], rest, "{line:?}");
        }
    }

    #[test]
    fn prose_mentioning_lessons_is_not_a_marker() {
        assert!(marker("The movie offers valuable lessons about teamwork.").is_none());
        assert!(
            marker(
                "Sometimes the best thing a long-winded narrator can do is teach a lesson: be brief"
            )
            .is_none()
        );
    }

    #[test]
    fn advice_sentence_is_the_takeaway() {
        let prose = "Stone flies to Cincinnati. When you run a service, you want consistency, \
                     but not at the expense of humanity. The hotel is grey.";
        assert_eq!(
            takeaway(prose).as_deref(),
            Some(
                "When you run a service, you want consistency, but not at the expense of humanity."
            )
        );
    }

    #[test]
    fn narration_has_no_takeaway() {
        assert_eq!(
            takeaway("The play was written in 2005. How should we see it today?"),
            None
        );
    }

    #[test]
    fn sentences_keep_closing_quotes() {
        let s = sentences("He said “Hi.” Then left! Ok");
        assert_eq!(s, vec!["He said “Hi.”", "Then left!", "Ok"]);
    }

    #[test]
    fn sentences_end_only_before_a_space() {
        let s = sentences("Wait?! No… 3.5 stars (really.)’ Next\nline. e.g.x end.");
        assert_eq!(
            s,
            vec![
                "Wait?!",
                "No…",
                "3.5 stars (really.)’",
                "Next line.",
                "e.g.x end."
            ]
        );
        assert!(sentences("").is_empty() && sentences(" … ").len() == 1);
    }
}
