//! Site furniture that is not part of the article: "You may also like...", newsletter
//! sign-ups, privacy notices. Only a trailing run of it is cut, so a stray word mid-article
//! never loses text.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::Line;

static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:you (?:may|might) also (?:like|enjoy)|related (?:posts?|articles?|stories|reading|content)|more (?:from|stories|articles)|subscribe|newsletter|privacy (?:policy|notice)|cookie(?:s| policy)|all rights reserved|copyright|share (?:this|on)|follow us|sign up|log ?in|leave a (?:reply|comment)|\d+ comments?|about the author|click here|advertisement|sponsored|terms (?:of|and) (?:use|service|conditions)|filed under|posted in|tags:|read (?:more|next)|unsubscribe|inbox)(?-u:\b)|©",
    )
    .expect("valid regex")
});

/// True when a line reads like site furniture rather than article text.
pub fn is_boilerplate(line: &str) -> bool {
    BOILERPLATE.is_match(line)
}

/// Lines of a trailing run that are not themselves boilerplate may be at most this long
/// (e.g. "Get the latest industry news direct to your inbox").
const MAX_FILLER_WORDS: usize = 25;

/// Index of the first line of the trailing boilerplate, or `lines.len()` when there is none.
pub fn tail_start(lines: &[Line<'_>]) -> usize {
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
    for (k, &i) in content.iter().enumerate() {
        // The article itself must come first.
        if k == 0 || !is_boilerplate(lines[i].trimmed()) {
            continue;
        }
        let rest = &content[k..];
        let all_furniture = rest.iter().all(|&j| {
            let t = lines[j].trimmed();
            is_boilerplate(t) || t.split_whitespace().count() <= MAX_FILLER_WORDS
        });
        let furniture = rest
            .iter()
            .filter(|&&j| is_boilerplate(lines[j].trimmed()))
            .count();
        if all_furniture && furniture * 2 >= rest.len() {
            return i;
        }
    }
    lines.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    #[test]
    fn trailing_newsletter_block_is_cut() {
        let text = "A review of a film.\n\nIt was good.\n\nYou may also like...\n\n\
                    Subscribe To Our Email Newsletter\n\nGet news direct to you.\n\n\
                    We use data as our Privacy Policy says";
        let ls = lines(text);
        assert_eq!(ls[tail_start(&ls)].text, "You may also like...");
    }

    #[test]
    fn mid_article_mention_is_kept() {
        let text = "Intro.\n\nSubscribe to the idea that service matters.\n\n\
                    This paragraph goes on at length about customer service and films, far longer \
                    than any sign-up blurb would, with many words in it to show it is prose.";
        let ls = lines(text);
        assert_eq!(tail_start(&ls), ls.len());
    }
}
