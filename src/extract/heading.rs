//! Reading one line as a possible section heading: numbered items (`5. The Terminal (2004)`,
//! `1) Clerks – 1994`, `#3: Office Space`), titles with a year, ALL-CAPS and Markdown headings.
//! Whether a candidate really is a film heading is decided per document in `mod.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::vocab::Vocab;

/// What a heading-like line says about itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// The cleaned title, in display case.
    pub title: String,
    pub year: Option<u16>,
    /// The list number, when the line starts with one.
    pub number: Option<u32>,
    /// The line was written in capitals.
    pub caps: bool,
    /// The line was a Markdown heading (`## ...`).
    pub markdown: bool,
    /// Share of the title's significant words that are capitalised (0..=1).
    pub title_case: f32,
    /// Number of words in the title.
    pub words: usize,
}

/// Longest line (in characters) still considered a heading.
const MAX_HEADING_CHARS: usize = 110;

/// Words that stay lower case inside a title.
pub static SMALL_WORDS: Vocab = Vocab::new(&[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "the", "to", "vs", "via", "with", "is", "it", "be",
]);

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:movie|film|pick|no\.?|number)\s*)?(?:#\s*(\d{1,3})\s*[.):\]–—-]?|(\d{1,3})\s*(?:[.):\]]|\s[–—-]))\s*(\S.*)$",
    )
        .expect("valid regex")
});
static YEAR_PARENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)[\s,]*[(\[]\s*((?:18|19|20)\d{2})\s*[)\]]\s*(.*)$").expect("valid regex")
});
static YEAR_DASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(?:[–—-]|,)\s*((?:18|19|20)\d{2})\s*$").expect("valid regex")
});
static MARKDOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#{1,6}\s+(.*)$").expect("valid regex"));

/// Parses a trimmed line as a heading candidate, or `None` when it reads like prose.
pub fn parse(line: &str) -> Option<Heading> {
    if line.is_empty() || line.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    let mut rest = line;
    let mut markdown = false;
    if let Some(c) = MARKDOWN.captures(rest) {
        markdown = true;
        rest = c.get(1).map_or("", |m| m.as_str());
    }
    let rest = strip_emphasis(rest);
    let mut number = None;
    let mut body = rest;
    if let Some(c) = NUMBERED.captures(rest) {
        let n = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str());
        number = n.and_then(|n| n.parse().ok());
        body = c.get(3).map_or("", |m| m.as_str());
    }
    let body = strip_emphasis(body);
    let (title_part, year) = split_year(body);
    let title = clean_title(strip_review_label(title_part));
    if title.is_empty() || !title.chars().any(char::is_alphabetic) {
        return None;
    }
    if ends_like_sentence(&title) {
        return None;
    }
    let words = title.split_whitespace().count();
    let caps = is_caps(&title);
    let title_case = title_case_ratio(&title);
    let display = if caps { to_title_case(&title) } else { title };
    Some(Heading {
        title: display,
        year,
        number,
        caps,
        markdown,
        title_case,
        words,
    })
}

/// Splits `Title (2004) trailing`, `Title – 2004` or `Title, 2004` into title and year.
fn split_year(s: &str) -> (&str, Option<u16>) {
    if let Some(c) = YEAR_PARENS.captures(s) {
        let trailing = c.get(3).map_or("", |m| m.as_str()).trim();
        // Text after the year must be set apart ("– dir. Spielberg"), or the line is a sentence.
        if trailing.is_empty() || trailing.starts_with([':', '–', '—', '-', '|', '/']) {
            let title = c.get(1).map_or("", |m| m.as_str());
            return (title, c.get(2).and_then(|m| m.as_str().parse().ok()));
        }
    }
    if let Some(c) = YEAR_DASH.captures(s) {
        let title = c.get(1).map_or("", |m| m.as_str());
        return (title, c.get(2).and_then(|m| m.as_str().parse().ok()));
    }
    (s, None)
}

/// `Movie Review: The Terminal` or `Film: Clerks` names the film after the label.
fn strip_review_label(s: &str) -> &str {
    let Some((label, rest)) = s.split_once(':') else {
        return s;
    };
    let label = label.to_ascii_lowercase();
    let labelled = label.split_whitespace().count() <= 3
        && ["review", "movie", "film", "title"]
            .iter()
            .any(|w| label.contains(w))
        && !rest.trim().is_empty();
    if labelled { rest } else { s }
}

/// Removes Markdown emphasis and surrounding quotes or separators.
fn strip_emphasis(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#'))
}

/// Cleans a raw title: quotes, emphasis, trailing separators.
pub fn clean_title(s: &str) -> String {
    let t = s.trim_matches(|c: char| {
        c.is_whitespace()
            || crate::text::is_invisible(c)
            || matches!(
                c,
                '*' | '_'
                    | '"'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '\''
                    | ':'
                    | '–'
                    | '—'
                    | '-'
                    | ','
                    | '|'
            )
    });
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title that ends like a sentence is prose, except for `…`, `!` and `?` that titles use.
fn ends_like_sentence(title: &str) -> bool {
    let last = title.chars().last().unwrap_or(' ');
    if matches!(last, '.' | ';' | ',') {
        // "Waiting..." is a title; "Be patient." is a sentence.
        return !title.ends_with("...");
    }
    false
}

/// True when every letter is upper case and there are enough letters to tell.
pub fn is_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| !c.is_lowercase())
}

/// Share of significant words (not small words) that start with a capital or a digit.
pub fn title_case_ratio(s: &str) -> f32 {
    let mut total = 0;
    let mut capital = 0;
    for (i, w) in s.split_whitespace().enumerate() {
        let bare: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if bare.is_empty() {
            continue;
        }
        if i > 0 && SMALL_WORDS.contains(&bare) {
            continue;
        }
        total += 1;
        if bare
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        {
            capital += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        capital as f32 / total as f32
    }
}

/// `FAST TIMES AT RIDGEMONT HIGH` -> `Fast Times at Ridgemont High`.
pub fn to_title_case(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let last = words.len().saturating_sub(1);
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            let bare: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
            if i != 0 && i != last && SMALL_WORDS.contains(&bare) {
                lower
            } else {
                capitalise(&lower)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut done = false;
    for c in w.chars() {
        if !done && c.is_alphanumeric() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Heading {
        parse(line).unwrap_or_else(|| panic!("{line:?} should parse as a heading"))
    }

    #[test]
    fn numbered_with_year_in_parentheses() {
        let x = h("5. The Terminal (2004)");
        assert_eq!(
            (x.title.as_str(), x.year, x.number),
            ("The Terminal", Some(2004), Some(5))
        );
    }

    #[test]
    fn parenthesis_number_and_dash_year() {
        let x = h("1) Clerks – 1994");
        assert_eq!(
            (x.title.as_str(), x.year, x.number),
            ("Clerks", Some(1994), Some(1))
        );
    }

    #[test]
    fn hash_number_without_year() {
        let x = h("#3: Office Space");
        assert_eq!(
            (x.title.as_str(), x.year, x.number),
            ("Office Space", None, Some(3))
        );
    }

    #[test]
    fn caps_heading_is_title_cased() {
        let x = h("FAST TIMES AT RIDGEMONT HIGH (1982)");
        assert!(x.caps);
        assert_eq!(x.title, "Fast Times at Ridgemont High");
        assert_eq!(x.year, Some(1982));
    }

    #[test]
    fn ellipsis_title_is_kept() {
        assert_eq!(h("6. Waiting… (2005)").title, "Waiting…");
        assert_eq!(h("6. Waiting... (2005)").title, "Waiting...");
    }

    #[test]
    fn markdown_and_quotes_are_stripped() {
        let x = h("## 2. \"Empire Records\" (1995)");
        assert!(x.markdown);
        assert_eq!(x.title, "Empire Records");
    }

    #[test]
    fn labels_before_numbers_and_titles() {
        let x = h("Movie #4: One Hour Photo (2002)");
        assert_eq!((x.title.as_str(), x.number), ("One Hour Photo", Some(4)));
        let x = h("Film Review: The Devil Wears Prada (2006)");
        assert_eq!(
            (x.title.as_str(), x.year),
            ("The Devil Wears Prada", Some(2006))
        );
        assert_eq!(
            h("Star Wars: A New Hope (1977)").title,
            "Star Wars: A New Hope"
        );
    }

    #[test]
    fn sentences_are_not_headings() {
        assert!(parse("1. Be patient with people.").is_none());
        assert!(parse(&"word ".repeat(40)).is_none());
        assert!(parse("(2004)").is_none());
    }
}
