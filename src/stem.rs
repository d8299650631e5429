//! English stemming that remembers. The Snowball stemmer was a fifth of indexing CPU, yet
//! prose repeats the same few thousand words: here each distinct word is stemmed once per
//! analyzer (tantivy clones one per indexing thread and segment) and then looked up.

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Words up to this many bytes are cached, keyed by their bytes packed into a `u128` (tokens
/// never hold a NUL byte), so a lookup is one integer hash and compare; longer words are rare
/// and stemmed every time.
const MAX_CACHED_LEN: usize = 16;
/// The English stemmer leaves words of two letters or fewer as they are.
const MAX_UNSTEMMED_LEN: usize = 2;
/// At most this many words are remembered per analyzer (a few MB).
const MAX_CACHED: usize = 100_000;

/// The English stemmer as a tantivy token filter with a cache of stems.
#[derive(Clone, Copy, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner,
            stems: FxHashMap::default(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    /// Packed word → its stem, or `None` when the stem is the word itself.
    stems: FxHashMap<u128, Option<Box<str>>>,
}

/// The bytes of a short word as one integer, zero-padded.
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    let mut buf = [0u8; MAX_CACHED_LEN];
    buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
    Some(u128::from_le_bytes(buf))
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemmerStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: Stemmer::new(Algorithm::English),
        }
    }
}

pub struct CachedStemmerStream<'a, T> {
    tail: T,
    stems: &'a mut FxHashMap<u128, Option<Box<str>>>,
    stemmer: Stemmer,
}

impl<T: TokenStream> TokenStream for CachedStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if token.text.len() <= MAX_UNSTEMMED_LEN {
            return true;
        }
        let key = pack(&token.text);
        if let Some(known) = key.and_then(|k| self.stems.get(&k)) {
            if let Some(stem) = known {
                token.text.clear();
                token.text.push_str(stem);
            }
            return true;
        }
        let stem = match self.stemmer.stem(&token.text) {
            Cow::Borrowed(_) => None,
            Cow::Owned(stem) => Some(stem),
        };
        if let Some(key) = key
            && self.stems.len() < MAX_CACHED
        {
            self.stems.insert(key, stem.as_deref().map(Box::from));
        }
        if let Some(stem) = stem {
            token.text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        Language, LowerCaser, SimpleTokenizer, Stemmer as TantivyStemmer, TextAnalyzer,
    };

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn gives_the_stems_of_tantivys_stemmer_cached_or_not() {
        let text = "Airports and airport lounges: running, runs, ran; generously generous \
                    generosity. Airports again, running again, as is a supercalifragilisticexpialidociously \
                    long word, and sixteen-letter internationally internationalised words";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(CachedStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(TantivyStemmer::new(Language::English))
            .build();
        let expected = tokens(&mut plain, text);
        assert!(expected.contains(&"airport".to_string()));
        // Twice: the second pass is served from the cache.
        assert_eq!(tokens(&mut cached, text), expected);
        assert_eq!(tokens(&mut cached, text), expected);
    }
}
