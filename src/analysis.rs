//! reel's text analysis in one pass: split on non-alphanumeric characters, drop tokens of 40
//! bytes or more, lower-case, fold accents, stem (English). It yields exactly the tokens of
//! tantivy's `SimpleTokenizer` + `RemoveLongFilter(40)` + `LowerCaser` + `AsciiFoldingFilter` +
//! `Stemmer` (the tests hold it to that) at a fraction of the cost, which was a third of
//! indexing: ASCII words take a byte path, and each distinct word is stemmed once per
//! analyzer (tantivy clones one per indexing thread and segment), then looked up.

use std::borrow::Cow;

use frostem::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use crate::text::{lowercase_packed, pack};

/// Tokens this long or longer (in bytes, as written) are dropped: they are never words.
const MAX_TOKEN_BYTES: usize = 40;
/// Words up to this many bytes are cached, packed into a `u128` (tokens never hold a NUL byte,
/// so the zero padding is unambiguous), so a lookup is one integer hash and compare.
const MAX_CACHED_LEN: usize = crate::text::MAX_PACKED;
/// At most this many words are remembered per analyzer (a few MB).
const MAX_CACHED: usize = 100_000;
/// The English stemmer leaves words of two letters or fewer as they are.
const MAX_UNSTEMMED_LEN: usize = 2;

/// The tokenizer behind reel's analyzer (see `schema::analyzer`).
#[derive(Clone)]
pub struct ReelTokenizer {
    token: Token,
    stems: StemCache,
    /// Lower-casing and folding of the rare non-ASCII word, by tantivy's own filters.
    fold: TextAnalyzer,
}

impl Default for ReelTokenizer {
    fn default() -> Self {
        ReelTokenizer {
            token: Token::default(),
            stems: StemCache::default(),
            fold: TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        }
    }
}

impl Tokenizer for ReelTokenizer {
    type TokenStream<'a> = ReelTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReelTokenStream<'a> {
        self.token.reset();
        ReelTokenStream {
            text,
            at: 0,
            token: &mut self.token,
            stems: &mut self.stems,
            fold: &mut self.fold,
            stemmer: Stemmer::new(Algorithm::English),
        }
    }
}

pub struct ReelTokenStream<'a> {
    text: &'a str,
    /// Byte offset where the search for the next word starts.
    at: usize,
    token: &'a mut Token,
    stems: &'a mut StemCache,
    fold: &'a mut TextAnalyzer,
    stemmer: Stemmer,
}

impl ReelTokenStream<'_> {
    /// The next run of alphanumeric characters: its byte range, and whether it is all ASCII.
    fn next_run(&mut self) -> Option<(usize, usize, bool)> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut i = self.at;
        let start = loop {
            let &b = bytes.get(i)?;
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break i;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next()?;
                if c.is_alphanumeric() {
                    break i;
                }
                i += c.len_utf8();
            }
        };
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                match text[i..].chars().next() {
                    Some(c) if c.is_alphanumeric() => {
                        ascii = false;
                        i += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        self.at = i;
        Some((start, i, ascii))
    }

    /// Replaces the token text, a word not in the cache, by its stem, and caches the stem
    /// under `key`, the packed word (when it is short enough).
    fn stem(&mut self, key: Option<u128>) {
        let text = &mut self.token.text;
        if text.len() <= MAX_UNSTEMMED_LEN {
            return;
        }
        if let Cow::Owned(stem) = self.stemmer.stem(text) {
            *text = stem;
        }
        if let Some(key) = key
            && let Some(stem) = pack(text.as_bytes())
        {
            self.stems.insert(key, stem);
        }
    }
}

impl TokenStream for ReelTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some((from, to, ascii)) = self.next_run() else {
                return false;
            };
            // Every run takes a position, even a dropped one, as in tantivy's chain.
            self.token.position = self.token.position.wrapping_add(1);
            if to - from >= MAX_TOKEN_BYTES {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            let text = &mut self.token.text;
            text.clear();
            let word = &self.text[from..to];
            let key = if ascii {
                // Packed straight from the source: a cached word is only ever written as its
                // stem.
                let key = pack(word.as_bytes()).map(lowercase_packed);
                if self.stems.get(key, word.len(), text) {
                    return true;
                }
                text.push_str(word);
                text.make_ascii_lowercase();
                key
            } else {
                let mut folded = self.fold.token_stream(word);
                if let Some(t) = folded.next() {
                    text.push_str(&t.text);
                }
                let key = pack(text.as_bytes());
                if self.stems.get(key, text.len(), text) {
                    return true;
                }
                key
            };
            self.stem(key);
            return true;
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Stems of the words seen so far, packed, so that a hit is one hash lookup with the stem in
/// the entry itself.
#[derive(Clone, Default)]
struct StemCache {
    stems: FxHashMap<u128, u128>,
}

impl StemCache {
    /// Writes the stem of the packed word `key`, of `len` bytes, to `text` if it is cached.
    fn get(&self, key: Option<u128>, len: usize, text: &mut String) -> bool {
        if len <= MAX_UNSTEMMED_LEN {
            // Its own stem: never cached.
            return false;
        }
        let Some(&stem) = key.and_then(|k| self.stems.get(&k)) else {
            return false;
        };
        let bytes = stem.to_le_bytes();
        let stem_len = MAX_CACHED_LEN - (stem.leading_zeros() / 8) as usize;
        match std::str::from_utf8(&bytes[..stem_len]) {
            Ok(stem) => {
                text.clear();
                text.push_str(stem);
                true
            }
            Err(_) => false,
        }
    }

    fn insert(&mut self, key: u128, stem: u128) {
        if self.stems.len() < MAX_CACHED {
            self.stems.insert(key, stem);
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{Language, RemoveLongFilter, SimpleTokenizer, Stemmer};

    use super::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    /// The chain of tantivy filters this tokenizer stands for.
    fn reference() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build()
    }

    fn assert_same(text: &str) {
        let mut fused = TextAnalyzer::from(ReelTokenizer::default());
        let expected = tokens(&mut reference(), text);
        // Twice: the second pass is served from the stem cache.
        assert_eq!(tokens(&mut fused, text), expected, "{text:?}");
        assert_eq!(tokens(&mut fused, text), expected, "{text:?}");
    }

    #[test]
    fn gives_the_tokens_of_tantivys_filter_chain() {
        assert_same(
            "Airports and airport lounges: running, runs, ran; generously generous generosity. \
             Airports again, as is a supercalifragilisticexpialidociouslyandthensome word, and \
             sixteen-letter internationally internationalised words; I/O 2004's R2-D2",
        );
        assert_same(
            "Amélie, CAFÉ, naïve, Ærøskøbing, straße, İstanbul, ǅemal, ﬁne, ½ x², 東京タワー",
        );
        assert_same("curly “quotes” — dashes… zero\u{200B}width, nbsp\u{A0}here, tab\tend");
        assert_same("");
        assert_same("   ...   ");
    }

    #[test]
    fn seed_articles_tokenize_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for entry in std::fs::read_dir(dir).expect("seed corpus") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
            assert_same(&text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_tokenizes_the_same(s in "\\PC{0,200}|[a-zA-Z0-9éÉß \\-']{0,200}") {
            let mut fused = TextAnalyzer::from(ReelTokenizer::default());
            proptest::prop_assert_eq!(tokens(&mut fused, &s), tokens(&mut reference(), &s));
        }
    }
}
