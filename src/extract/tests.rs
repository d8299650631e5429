//! Extraction edge cases on small articles written here, one per layout.

use super::*;

fn films(src: &str) -> Vec<(Option<String>, Option<u16>)> {
    extract(src, "t.txt")
        .into_iter()
        .map(|p| (p.film, p.year))
        .collect()
}
