//! Small word lists the extractor consults for almost every word of a review; a hash set
//! with an allocation-free, ASCII case-insensitive lookup instead of scanning the list.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Lookups copy the word into a buffer of this size; longer words are in no list.
const MAX_WORD: usize = 24;

/// A list of lower-case ASCII words.
pub struct Vocab {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
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
        let mut buf = [0u8; MAX_WORD];
        let Some(lower) = buf.get_mut(..word.len()) else {
            return false;
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let set = self
            .set
            .get_or_init(|| self.words.iter().copied().collect());
        std::str::from_utf8(lower).is_ok_and(|w| set.contains(w))
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
        assert!(!V.contains(&"x".repeat(100)));
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
