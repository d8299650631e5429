//! Small word lists the extractor consults for almost every word of a review; a hash set
//! of packed words with an allocation-free, ASCII case-insensitive lookup instead of scanning
//! the list.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::text::{MAX_PACKED, lowercase_packed, pack};

/// Words longer than this are in no list: the top byte of a key holds the word's length.
const MAX_WORD: usize = MAX_PACKED - 1;

/// A list of lower-case ASCII words.
pub struct Vocab {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<u128>>,
}

/// A word's packed bytes, lower-cased, with its length in the top byte: zero padding alone
/// would let a word with a trailing NUL byte pass for the word without it.
fn key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_WORD {
        return None;
    }
    Some(lowercase_packed(pack(bytes)?) | (bytes.len() as u128) << 120)
}

impl Vocab {
    pub const fn new(words: &'static [&'static str]) -> Vocab {
        Vocab {
            words,
            set: OnceLock::new(),
        }
    }

    /// True when `word` is in the list, ignoring ASCII case.
    pub fn contains(&self, word: &str) -> bool {
        let Some(wanted) = key(word) else {
            return false;
        };
        let set = self
            .set
            .get_or_init(|| self.words.iter().filter_map(|w| key(w)).collect());
        set.contains(&wanted)
    }

    #[cfg(test)]
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static V: Vocab = Vocab::new(&["the", "of", "film"]);

    #[test]
    fn matches_any_ascii_case_and_nothing_else() {
        assert!(V.contains("The") && V.contains("FILM") && V.contains("of"));
        assert!(!V.contains("films") && !V.contains("") && !V.contains("thé"));
        assert!(!V.contains(&"x".repeat(100)) && !V.contains("of\0") && !V.contains("fil"));
    }

    #[test]
    fn every_list_fits_the_lookup_buffer() {
        use crate::extract::{film, heading};
        for vocab in film::VOCABS.into_iter().chain([&heading::SMALL_WORDS]) {
            for w in vocab.words() {
                assert!(
                    w.len() <= MAX_WORD && w.is_ascii() && *w == w.to_lowercase(),
                    "{w}"
                );
            }
        }
    }
}
