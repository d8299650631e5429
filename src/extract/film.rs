//! Which film a prose article is about, and the film's release year, inferred from how the
//! text names it: capitalised phrases that recur, sit in quotes, or stand next to "film"/"movie";
//! people's names (a full name, then the surname alone) are told apart and left out.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::heading::SMALL_WORDS;
use super::vocab::Vocab;

/// Words that, just before a phrase, say the phrase is a film's title.
/// Every word list of this module, for the vocabulary test.
#[cfg(test)]
pub static VOCABS: [&Vocab; 5] = [
    &FILM_CUES_BEFORE,
    &FILM_CUES_AFTER,
    &PERSON_CUES_BEFORE,
    &PERSON_CUES_AFTER,
    &NEVER_TITLES,
];

static FILM_CUES_BEFORE: Vocab = Vocab::new(&[
    "film",
    "movie",
    "picture",
    "see",
    "saw",
    "seen",
    "seeing",
    "watch",
    "watched",
    "watching",
    "review",
    "reviewing",
    "documentary",
    "flick",
    "classic",
    "sequel",
]);
/// Words that, just after a phrase, say it is a film's title.
static FILM_CUES_AFTER: Vocab = Vocab::new(&[
    "film",
    "movie",
    "review",
    "documentary",
    "premiered",
    "released",
]);
/// Words that, around a phrase, say it is a person.
static PERSON_CUES_BEFORE: Vocab = Vocab::new(&[
    "director",
    "writer",
    "actor",
    "actress",
    "by",
    "star",
    "mr",
    "ms",
    "mrs",
    "dr",
    "played",
    "producer",
    "screenwriter",
    "filmmaker",
    "author",
    "critic",
]);
static PERSON_CUES_AFTER: Vocab = Vocab::new(&[
    "said",
    "says",
    "explained",
    "told",
    "wrote",
    "directed",
    "stars",
    "starred",
    "plays",
]);
/// Capitalised words that begin sentences or name things other than films.
static NEVER_TITLES: Vocab = Vocab::new(&[
    "i",
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "while",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "there",
    "here",
    "what",
    "why",
    "how",
    "who",
    "as",
    "after",
    "before",
    "since",
    "although",
    "though",
    "because",
    "to",
    "for",
    "with",
    "from",
    "by",
    "of",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "hollywood",
    "oscar",
    "oscars",
    "netflix",
    "god",
    "yes",
    "no",
    "ok",
    "mr",
    "mrs",
    "ms",
    "dr",
    "however",
    "oh",
    "wow",
    "well",
    "okay",
    "hey",
    "please",
    "thanks",
    "sorry",
    "spoiler",
    "spoilers",
    "note",
    "update",
    "edit",
    "overall",
    "plot",
    "story",
    "acting",
    "rating",
    "verdict",
    "final",
    "also",
    "still",
    "then",
    "now",
    "today",
    "yet",
    "just",
]);

/// A word of the text with its sentence context.
struct Word<'a> {
    text: &'a str,
    capital: bool,
    sentence_start: bool,
    /// Punctuation right before the word (opening quote, bracket) and after it.
    open: Option<char>,
    close: Option<char>,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut sentence_start = true;
    for raw in crate::text::words(text) {
        let (open, core, close) = split_punctuation(raw);
        let core = strip_possessive(core);
        if let Some(&first) = core.as_bytes().first() {
            out.push(Word {
                text: core,
                capital: if first.is_ascii() {
                    first.is_ascii_uppercase()
                } else {
                    core.chars().next().is_some_and(char::is_uppercase)
                },
                sentence_start,
                open,
                close,
            });
        }
        sentence_start = ends_sentence(raw) || core.is_empty() && raw.contains(['–', '—']);
    }
    out
}

/// `Kaufman's` → `Kaufman`, with a straight or a curly apostrophe.
fn strip_possessive(core: &str) -> &str {
    match core.as_bytes() {
        [.., b'\'', b's'] => &core[..core.len() - 2],
        [.., 0xE2, 0x80, 0x99, b's'] => &core[..core.len() - 4],
        _ => core,
    }
}

/// A word as written that ends a sentence: `end.`, `why?`, `so:`, `gone…`, `“quote.”`.
fn ends_sentence(raw: &str) -> bool {
    match raw.as_bytes() {
        [.., b'.' | b'!' | b'?' | b':'] => true,
        [.., b'.', b'"'] => true,
        // `.”` and `…`
        [.., b'.', 0xE2, 0x80, 0x9D] | [.., 0xE2, 0x80, 0xA6] => true,
        _ => false,
    }
}

/// A word as written, split into its opening punctuation character (if any), its core without
/// leading or trailing punctuation, and its closing punctuation character. Most words are
/// ASCII and take the byte path.
fn split_punctuation(raw: &str) -> (Option<char>, &str, Option<char>) {
    let b = raw.as_bytes();
    if let (Some(first), Some(last)) = (b.first(), b.last())
        && first.is_ascii_alphanumeric()
        && last.is_ascii_alphanumeric()
    {
        // Nothing to split off (most words).
        return (None, raw, None);
    }
    if !raw.is_ascii() {
        let open = raw.chars().next().filter(|c| !c.is_alphanumeric());
        let close = raw.chars().last().filter(|c| !c.is_alphanumeric());
        return (
            open,
            raw.trim_matches(|c: char| !c.is_alphanumeric()),
            close,
        );
    }
    let punct = |i: usize| {
        b.get(i)
            .filter(|c| !c.is_ascii_alphanumeric())
            .map(|&c| char::from(c))
    };
    let start = b
        .iter()
        .position(u8::is_ascii_alphanumeric)
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(u8::is_ascii_alphanumeric)
        .map_or(start, |i| i + 1);
    (punct(0), &raw[start..end], punct(b.len().wrapping_sub(1)))
}

/// One run of capitalised words, e.g. `Eternal Sunshine of the Spotless Mind`.
struct Phrase {
    key: String,
    start: usize,
    end: usize,
    quoted: bool,
}

fn is_quote_open(c: Option<char>) -> bool {
    matches!(c, Some('"' | '“' | '‘' | '\'' | '*' | '_'))
}
fn is_quote_close(c: Option<char>) -> bool {
    matches!(c, Some('"' | '”' | '’' | '\'' | '*' | '_'))
}
fn breaks_after(c: Option<char>) -> bool {
    matches!(
        c,
        Some(',' | '.' | ';' | ':' | '!' | '?' | ')' | '(' | '…' | '”' | '"' | '’')
    )
}

/// Capitalised phrases, with sentence-initial function words dropped.
fn phrases(ws: &[Word<'_>], lowercase_seen: &HashSet<&str>) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !ws[i].capital {
            i += 1;
            continue;
        }
        let mut start = i;
        let mut end = i + 1;
        // Extend over capitalised words and inner small words ("of the").
        while end < ws.len() && !breaks_after(ws[end - 1].close) {
            let w = &ws[end];
            if w.capital {
                end += 1;
            } else {
                // Up to two small words ("of the") may sit between capitalised ones.
                let small = ws[end..]
                    .iter()
                    .take(2)
                    .take_while(|w| {
                        !w.capital && !breaks_after(w.close) && SMALL_WORDS.contains(w.text)
                    })
                    .count();
                if small > 0 && ws.get(end + small).is_some_and(|n| n.capital) {
                    end += small + 1;
                } else {
                    break;
                }
            }
        }
        // A sentence-initial word that the text also uses in lower case is not a name.
        while start < end {
            // "I've" is as common as "I".
            let head = ws[start].text.split(['\'', '’']).next().unwrap_or("");
            let common = NEVER_TITLES.contains(head)
                || (ws[start].sentence_start
                    && lowercase_seen.contains(ws[start].text.to_lowercase().as_str()));
            if common {
                start += 1;
            } else {
                break;
            }
        }
        while end > start && SMALL_WORDS.contains(ws[end - 1].text) {
            end -= 1;
        }
        if start < end {
            let key = ws[start..end]
                .iter()
                .map(|w| w.text)
                .collect::<Vec<_>>()
                .join(" ");
            let quoted = is_quote_open(ws[start].open) && is_quote_close(ws[end - 1].close);
            let acronym =
                end - start == 1 && key.len() <= 4 && key.chars().all(|c| !c.is_lowercase());
            if !acronym {
                out.push(Phrase {
                    key,
                    start,
                    end,
                    quoted,
                });
            }
        }
        i = end.max(i + 1);
    }
    out
}

fn near(ws: &[Word<'_>], from: usize, to: usize, vocab: &Vocab) -> bool {
    ws[from.min(ws.len())..to.min(ws.len())]
        .iter()
        .any(|w| vocab.contains(w.text))
}

/// The title of the film the prose is about, or `None` when no phrase is clearly a film.
pub fn infer_title(text: &str) -> Option<String> {
    let ws = words(text);
    // Which sentence-initial capitalised words the text also uses in lower case: only those
    // few are looked up, rather than a set of every lower-case word.
    let initial: HashSet<String> = ws
        .iter()
        .filter(|w| w.capital && w.sentence_start)
        .map(|w| w.text.to_lowercase())
        .collect();
    // Their lengths and first bytes, which rule out nearly every word before it is hashed.
    let mut lengths = 0u64;
    let mut firsts = [0u64; 4];
    for w in &initial {
        lengths |= 1 << w.len().min(63);
        if let Some(&b) = w.as_bytes().first() {
            firsts[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }
    let maybe_initial = |text: &str| {
        let Some(&b) = text.as_bytes().first() else {
            return false;
        };
        lengths & 1 << text.len().min(63) != 0
            && firsts[usize::from(b >> 6)] & 1 << (b & 63) != 0
            && initial.contains(text)
    };
    let lowercase_seen: HashSet<&str> = ws
        .iter()
        .filter(|w| !w.capital && maybe_initial(w.text))
        .map(|w| w.text)
        .collect();
    let mut found = phrases(&ws, &lowercase_seen);
    // "Later Anomalisa": a sentence-initial word before a name seen elsewhere is not part of it.
    let mid_sentence: HashSet<String> = found
        .iter()
        .filter(|p| !ws[p.start].sentence_start)
        .map(|p| p.key.clone())
        .collect();
    for p in &mut found {
        if ws[p.start].sentence_start
            && p.end - p.start > 1
            && let Some((_, rest)) = p.key.split_once(' ')
            && mid_sentence.contains(rest)
        {
            p.key = rest.to_string();
            p.start += 1;
        }
    }

    #[derive(Default)]
    struct Tally {
        count: u32,
        quoted: u32,
        film_cue: u32,
        person: bool,
        first: usize,
    }
    let mut tally: HashMap<&str, Tally> = HashMap::default();
    for (n, p) in found.iter().enumerate() {
        let t = tally.entry(p.key.as_str()).or_insert_with(|| Tally {
            first: n,
            ..Tally::default()
        });
        t.count += 1;
        t.quoted += u32::from(p.quoted);
        let before = near(&ws, p.start.saturating_sub(3), p.start, &FILM_CUES_BEFORE);
        // A later "film" names this one only in apposition or as its subject ("Anomalisa, a
        // stop-motion film", "Evening is a chick flick"); "Japanese movies" only describes.
        let set_apart = breaks_after(ws[p.end - 1].close)
            || ws
                .get(p.end)
                .is_some_and(|w| matches!(w.text, "is" | "was" | "remains" | "becomes"));
        // "Anomalisa review" (a headline) names the film right before the word.
        let review_of = ws
            .get(p.end)
            .is_some_and(|w| w.text.eq_ignore_ascii_case("review"));
        let after = review_of || (set_apart && near(&ws, p.end, p.end + 5, &FILM_CUES_AFTER));
        let year_after = ws
            .get(p.end)
            .is_some_and(|w| w.open == Some('(') && is_year(w.text));
        t.film_cue += u32::from(before || after || year_after);
        if near(&ws, p.start.saturating_sub(2), p.start, &PERSON_CUES_BEFORE)
            || near(&ws, p.end, p.end + 1, &PERSON_CUES_AFTER)
        {
            t.person = true;
        }
    }
    // "Charlie Kaufman" … "Kaufman": a full name followed by the surname alone is a person.
    let keys: Vec<&str> = tally.keys().copied().collect();
    let mut people = HashSet::default();
    for &long in &keys {
        let parts: Vec<&str> = long.split(' ').collect();
        if parts.len() < 2 || parts.len() > 3 {
            continue;
        }
        let surname = parts[parts.len() - 1];
        if surname.chars().next().is_some_and(char::is_uppercase) && tally.contains_key(surname) {
            people.insert(long);
            people.insert(surname);
        }
    }
    let mut best: Vec<(u32, usize, &str)> = tally
        .iter()
        .filter(|(k, t)| !t.person && !people.contains(*k))
        .filter(|(_, t)| {
            (t.count >= 2 && t.quoted + t.film_cue >= 1) || (t.quoted >= 1 && t.film_cue >= 1)
        })
        .map(|(k, t)| (t.count + 2 * t.quoted + 2 * t.film_cue.min(2), t.first, *k))
        .collect();
    best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match best.as_slice() {
        [] => None,
        [only] => Some(only.2.to_string()),
        [top, second, ..] => {
            // Two films discussed about equally: the article is about neither alone.
            (top.0 * 2 > second.0 * 3).then(|| top.2.to_string())
        }
    }
}

fn is_year(s: &str) -> bool {
    s.len() == 4
        && s.chars().all(|c| c.is_ascii_digit())
        && (s.starts_with("18") || s.starts_with("19") || s.starts_with("20"))
}

/// `Title (2004)`, `Title [2004]` or `2004's Title`, wherever the title appears.
fn direct_year(text: &str, title: &str) -> Option<u16> {
    for (at, _) in text.match_indices(title) {
        let after = text[at + title.len()..]
            .trim_start_matches(['’', '\''])
            .trim_start();
        if let Some(rest) = after.strip_prefix(['(', '['])
            && let Some(y) = leading_year(rest)
            && rest[4..].starts_with([')', ']'])
        {
            return Some(y);
        }
        let before = text[..at].trim_end();
        if let Some(head) = before
            .strip_suffix("’s")
            .or_else(|| before.strip_suffix("'s"))
            && head.len() >= 4
            && head.is_char_boundary(head.len() - 4)
            && let Some(y) = leading_year(&head[head.len() - 4..])
            && !head[..head.len() - 4].ends_with(|c: char| c.is_alphanumeric())
        {
            return Some(y);
        }
    }
    None
}

/// A plausible release year (1800–2099) at the start of `s`.
fn leading_year(s: &str) -> Option<u16> {
    let digits = s.get(..4)?;
    if !is_year(digits) || s[4..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

static RELEASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:released|premiered|came out|opened|debuted|hit (?:theaters|theatres|cinemas))\s+(?:in\s+|on\s+)?(?:[\p{L}]+\s+){0,2}?((?:18|19|20)\d{2})(?-u:\b)",
    )
    .expect("valid regex")
});
static YEAR_FILM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:the|this|a|an|his|her|their|\p{L}+[’']s)\s+((?:18|19|20)\d{2})\s+(?:[\p{L}-]+\s+){0,2}?(?:film|movie|picture|feature|documentary|comedy|drama|thriller)(?-u:\b)",
    )
    .expect("valid regex")
});

/// True when `text` has four digits in a row starting with 18, 19 or 20.
fn might_hold_year(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        matches!(&w[..2], b"18" | b"19" | b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

/// The film's release year, only when the text ties a year to the film itself:
/// `Title (2004)`, `2004's Title`, "the 2004 film", "released in 2004" in a sentence naming it.
/// A year the text gives for anything else (a play, "today") is not taken: null beats wrong.
pub fn year_for(text: &str, title: &str) -> Option<u16> {
    if let Some(y) = direct_year(text, title) {
        return Some(y);
    }
    // Sentences are only worth splitting when a release cue can be in them at all: both cues
    // hold a year.
    if !might_hold_year(text) {
        return None;
    }
    for sentence in super::lesson::sentences(text) {
        let names_it = sentence.contains(title);
        let refers = names_it || sentence.contains("film") || sentence.contains("movie");
        if !refers {
            continue;
        }
        // "released in" may stand in a sentence that says "the film"; "the 2004 film" must name it,
        // or another film's year would be taken.
        let cue = RELEASE
            .captures(&sentence)
            .or_else(|| names_it.then(|| YEAR_FILM.captures(&sentence)).flatten());
        if let Some(y) = cue.and_then(|c| c.get(1)) {
            return y.as_str().parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_title_near_film_word_wins_over_people() {
        let text = "We went to see Anomalisa, a stop-motion film from Charlie Kaufman. \
                    Anomalisa is about Michael Stone. Kaufman wrote it. Stone travels. \
                    In Anomalisa, Stone speaks. Kaufman knows service.";
        assert_eq!(infer_title(text).as_deref(), Some("Anomalisa"));
    }

    #[test]
    fn quoted_title_after_movie() {
        let text = "The new movie ‘Anomalisa’ is based on a play. Later Anomalisa became famous.";
        assert_eq!(infer_title(text).as_deref(), Some("Anomalisa"));
    }

    #[test]
    fn headline_review_names_the_film() {
        let text = "Anomalisa review – a lonely puppet show\n\nAnomalisa follows a speaker.";
        assert_eq!(infer_title(text).as_deref(), Some("Anomalisa"));
    }

    #[test]
    fn lowercase_text_has_no_title() {
        assert_eq!(
            infer_title("this film is a mess . the plot is thin ."),
            None
        );
    }

    #[test]
    fn multiword_titles_keep_inner_small_words() {
        let text = "I watched Eternal Sunshine of the Spotless Mind again. \
                    Eternal Sunshine of the Spotless Mind still hurts.";
        assert_eq!(
            infer_title(text).as_deref(),
            Some("Eternal Sunshine of the Spotless Mind")
        );
    }

    #[test]
    fn year_only_when_tied_to_the_film() {
        let play = "The movie Anomalisa is based on a play written in 2005. In 2016 things differ.";
        assert_eq!(year_for(play, "Anomalisa"), None);
        assert_eq!(
            year_for("Office Space (1999) is great.", "Office Space"),
            Some(1999)
        );
        assert_eq!(
            year_for("The film was released in 1999.", "Office Space"),
            Some(1999)
        );
        assert_eq!(
            year_for("Kevin Smith's 1994 film Clerks.", "Clerks"),
            Some(1994)
        );
        assert_eq!(year_for("2011's Drive is a thriller.", "Drive"), Some(2011));
    }
}
