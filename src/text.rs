//! Raw file bytes to text the extractor can trust: binary sniffing, lossy decoding,
//! and line splitting that keeps byte offsets into the original file.

/// How much of a file is inspected for NUL bytes, the same rule of thumb as ripgrep.
const SNIFF_BYTES: usize = 8 * 1024;

/// The result of decoding a file's bytes.
#[derive(Debug)]
pub enum Decoded {
    /// Text; `lossy` is true when invalid UTF-8 sequences were replaced.
    Text { text: String, lossy: bool },
    /// The file looks binary (a NUL byte near its start) and should be skipped.
    Binary,
}

/// Decodes file bytes, refusing binary content and replacing invalid UTF-8.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    if bytes[..bytes.len().min(SNIFF_BYTES)].contains(&0) {
        return Decoded::Binary;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text { text, lossy: false },
        Err(err) => {
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            // Mostly garbage after decoding means it was never text.
            if replaced * 10 > text.chars().count() {
                Decoded::Binary
            } else {
                Decoded::Text { text, lossy: true }
            }
        }
    }
}

/// One line of a file: `start..end` are byte offsets of its content (terminator excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// The line without surrounding white space, BOM or zero-width characters.
    pub fn trimmed(&self) -> &'a str {
        trim(self.text)
    }

    pub fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }
}

/// Characters that render as nothing but break words and matching.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}'
    )
}

/// Trims white space and invisible characters from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Splits text into lines on `\n`, `\r\n` or a lone `\r`, keeping byte offsets.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        out.push(Line {
            start,
            end: i,
            text: &text[start..i],
        });
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    if start < bytes.len() {
        out.push(Line {
            start,
            end: bytes.len(),
            text: &text[start..],
        });
    }
    out
}

/// The words of `text` between white space: the same pieces as `str::split_whitespace`, found
/// byte by byte instead of decoding every character (the extractor splits every review).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let len = text.len();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= len {
                return None;
            }
            match space_len(text, i) {
                0 => break,
                n => i += n,
            }
        }
        let start = i;
        while let Some(&b) = bytes.get(i) {
            // Printable ASCII first; continuation bytes of a multi-byte character are never
            // white space.
            if (b > b' ' && b < 0x80) || space_len(text, i) == 0 {
                i += 1;
            } else {
                break;
            }
        }
        Some(&text[start..i])
    })
}

/// Byte length of the white-space character starting at byte `i`, else 0.
#[inline]
fn space_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return usize::from(matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'));
    }
    // Only these lead bytes start non-ASCII white space (U+0085, U+00A0, U+1680, U+2000…).
    if !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        return 0;
    }
    text[i..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// Cleans a span of source text for storage: invisible characters dropped, line endings
/// unified, runs of blank lines collapsed, so indexed words are never split by junk.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in lines(s) {
        let t = line.text.trim_end();
        if trim(t).is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        push_visible(&mut out, t);
    }
    out
}

/// Appends `s` without its invisible characters; text without any (nearly all) is copied whole.
fn push_visible(out: &mut String, s: &str) {
    // Every invisible character is encoded with one of these lead bytes.
    if s.bytes().any(|b| matches!(b, 0xC2 | 0xE2 | 0xEF)) {
        out.extend(s.chars().filter(|c| !is_invisible(*c)));
    } else {
        out.push_str(s);
    }
}

/// Joins the lines of a span into one line of prose, for short fields like `lesson`.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in words(s) {
        let before = out.len();
        if before > 0 {
            out.push(' ');
        }
        push_visible(&mut out, word);
        if out.len() == before + usize::from(before > 0) {
            // The word was only invisible characters: take back its space.
            out.truncate(before);
        }
    }
    out
}

/// Words up to this many bytes fit in a `u128` (see `pack`).
pub const MAX_PACKED: usize = 16;

/// The bytes of a short word as one little-endian integer, zero-padded, or `None` when it is
/// longer than `MAX_PACKED`: word lists and caches compare one integer instead of strings.
/// Read with a few overlapping loads (writing the bytes one by one and reading them back as
/// one integer stalls the CPU).
pub fn pack(word: &[u8]) -> Option<u128> {
    match word.len() {
        0..=8 => Some(u128::from(load(word))),
        9..=MAX_PACKED => {
            let (low, high) = word.split_at(8);
            Some(u128::from(load(low)) | u128::from(load(high)) << 64)
        }
        _ => None,
    }
}

/// Up to eight bytes as a little-endian integer.
fn load(b: &[u8]) -> u64 {
    let n = b.len();
    let read = |at: usize, width: usize| -> u64 {
        let mut buf = [0u8; 8];
        buf[..width].copy_from_slice(&b[at..at + width]);
        u64::from_le_bytes(buf)
    };
    match n {
        8.. => read(0, 8),
        // Two overlapping reads: the bytes they share are the same, so OR joins them.
        4..=7 => read(0, 4) | read(n - 4, 4) << (8 * (n - 4)),
        2..=3 => read(0, 2) | read(n - 2, 2) << (8 * (n - 2)),
        1 => u64::from(b[0]),
        0 => 0,
    }
}

/// A packed word with its ASCII capitals lower-cased, all bytes at once (other bytes, padding
/// included, are left as they are).
pub fn lowercase_packed(x: u128) -> u128 {
    const ONES: u128 = u128::MAX / 0xFF;
    let ascii = !x & (ONES * 0x80);
    let low7 = x & (ONES * 0x7F);
    // The high bit of each byte says whether its low seven bits are >= 'A', and > 'Z'.
    let from_a = low7 + ONES * u128::from(0x80 - b'A');
    let past_z = low7 + ONES * u128::from(0x7F - b'Z');
    let upper = ascii & from_a & !past_z;
    x | upper >> 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_line_endings_with_offsets() {
        let text = "a\r\nbb\rccc\nd";
        let ls = lines(text);
        let got: Vec<_> = ls.iter().map(|l| (l.start, l.end, l.text)).collect();
        assert_eq!(
            got,
            vec![(0, 1, "a"), (3, 5, "bb"), (6, 9, "ccc"), (10, 11, "d")]
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(decode(b"abc\0def".to_vec()), Decoded::Binary));
    }

    #[test]
    fn invalid_utf8_is_decoded_lossily() {
        let mut bytes = b"Caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b" au lait, a long enough line of text");
        match decode(bytes) {
            Decoded::Text { text, lossy } => {
                assert!(lossy);
                assert!(text.starts_with("Caf\u{FFFD}"));
            }
            Decoded::Binary => panic!("text taken for binary"),
        }
    }

    #[test]
    fn trim_drops_bom_and_zero_width() {
        assert_eq!(trim("\u{FEFF} Title\u{200B} "), "Title");
    }

    #[test]
    fn packing_keeps_every_byte_and_lowercases_only_ascii_capitals() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "Abcd",
            "aBcDe",
            "ÉtÉ",
            "x-Y_z@[`{",
            "0123456789ABCDEF",
        ];
        for w in words {
            let packed = pack(w.as_bytes()).expect("short word");
            let mut bytes = packed.to_le_bytes().to_vec();
            bytes.truncate(w.len());
            assert_eq!(bytes, w.as_bytes());
            assert!(packed.to_le_bytes()[w.len()..].iter().all(|&b| b == 0));
            let lower = lowercase_packed(packed).to_le_bytes();
            assert_eq!(&lower[..w.len()], w.to_ascii_lowercase().as_bytes(), "{w}");
        }
        assert_eq!(pack(&[b'a'; MAX_PACKED + 1]), None);
    }

    #[test]
    fn words_are_split_as_the_standard_library_does() {
        let samples = [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tnew\nline\r\nvt\u{0B}ff\u{0C}end",
            "nbsp\u{A0}em\u{2003}ideo\u{3000}ogham\u{1680}nel\u{85}x",
            "curly “quotes” — dashes… café\u{2028}para\u{2029}",
            "\u{200B}zero-width is not space\u{FEFF}",
        ];
        for s in samples {
            assert_eq!(
                words(s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn words_match_split_whitespace_on_any_text(s in "\\PC*|[ a\u{A0}\u{2000}-\u{200B}\u{3000}é\t\n]*") {
            proptest::prop_assert_eq!(
                words(&s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>()
            );
        }

        #[test]
        fn packing_matches_the_bytes_on_any_input(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..=MAX_PACKED)) {
            let mut padded = [0u8; MAX_PACKED];
            padded[..bytes.len()].copy_from_slice(&bytes);
            let packed = pack(&bytes);
            proptest::prop_assert_eq!(packed, Some(u128::from_le_bytes(padded)));
            padded.make_ascii_lowercase();
            proptest::prop_assert_eq!(packed.map(lowercase_packed), Some(u128::from_le_bytes(padded)));
        }
    }

    #[test]
    fn clean_unifies_endings_and_drops_invisible() {
        assert_eq!(
            clean("em\u{200B}pathy\r\n\r\n\r\nairport\r"),
            "empathy\n\nairport"
        );
    }
}
