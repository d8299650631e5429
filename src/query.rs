//! reel's query language, parsed leniently: words, `"exact phrase"`, `AND`/`OR`/`NOT`, `-word`,
//! `+word`, `prefix*`, and fields (`film:terminal`, `lesson:empathy`, `source:002_*`,
//! `year:[2000 TO 2010]`). Nothing here fails: what cannot be understood is dropped or read as
//! plain words, and one warning says so. Turning clauses into tantivy queries is `search`'s job.

use std::fmt;

/// How a clause takes part in the match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// Optional; passages with more of these rank higher.
    Should,
    /// Required (`+word`, `a AND b`).
    Must,
    /// Excluded (`-word`, `NOT word`).
    MustNot,
}

/// The text fields a clause can be aimed at; `None` in a clause means body, film and lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Film,
    Lesson,
    Body,
}

/// What a clause matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A word (or a hyphenated run that analysis may split).
    Word(String),
    /// Words that must appear in this order.
    Phrase(String),
    /// Words starting with this text.
    Prefix(String),
    /// Release years in a range.
    Years(YearRange),
    /// Source paths matching a glob.
    Source(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub occur: Occur,
    pub field: Option<Field>,
    pub atom: Atom,
}

/// An inclusive range of years; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct YearRange {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => write!(
                f,
                "{}..{}",
                a.map(|v| v.to_string()).unwrap_or_default(),
                b.map(|v| v.to_string()).unwrap_or_default()
            ),
        }
    }
}

/// Parses `2004`, `2005..2006`, `..1999`, `2010..`, `[2000 TO 2010]`, `{2000 TO 2010}`,
/// `>=2005`, `>2005`, `<2000`, `<=2000`.
pub fn parse_years(s: &str) -> Result<YearRange, String> {
    let s = s.trim();
    let num = |t: &str| -> Result<Option<u64>, String> {
        let t = t.trim();
        if t.is_empty() || t == "*" {
            return Ok(None);
        }
        t.parse::<u64>()
            .map(Some)
            .map_err(|_| format!("{t:?} is not a year"))
    };
    let bad = || format!("cannot read {s:?} as years (try 2004, 2005..2006, ..1999, 2010..)");
    if let Some(inner) = s
        .strip_prefix(['[', '{'])
        .and_then(|r| r.strip_suffix([']', '}']))
    {
        let (a, b) = inner.split_once(" TO ").ok_or_else(bad)?;
        let (mut min, mut max) = (num(a)?, num(b)?);
        if s.starts_with('{') {
            min = min.map(|v| v + 1);
        }
        if s.ends_with('}') {
            max = max.and_then(|v| v.checked_sub(1));
        }
        return Ok(YearRange { min, max });
    }
    for (op, lo, hi) in [(">=", 0, 0), ("<=", 0, 0), (">", 1, 0), ("<", 0, 1)] {
        if let Some(v) = s.strip_prefix(op) {
            let v = num(v)?.ok_or_else(bad)?;
            return Ok(if op.starts_with('>') {
                YearRange {
                    min: Some(v + lo),
                    max: None,
                }
            } else {
                YearRange {
                    min: None,
                    max: Some(v.checked_sub(hi).ok_or_else(bad)?),
                }
            });
        }
    }
    if let Some((a, b)) = s.split_once("..") {
        let r = YearRange {
            min: num(a)?,
            max: num(b)?,
        };
        if r.min.is_none() && r.max.is_none() {
            return Err(bad());
        }
        return Ok(r);
    }
    let v = num(s)?.ok_or_else(bad)?;
    Ok(YearRange {
        min: Some(v),
        max: Some(v),
    })
}

/// The clauses of a query and one line about anything that was ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub clauses: Vec<Clause>,
    pub ignored: Vec<String>,
}

impl Parsed {
    /// One warning line, or `None` when everything was understood.
    pub fn warning(&self) -> Option<String> {
        (!self.ignored.is_empty()).then(|| format!("ignored {}", self.ignored.join("; ")))
    }
}

/// A raw piece of the query before operators are applied.
#[derive(Debug)]
enum Token {
    Op(&'static str),
    Term {
        sign: Option<char>,
        text: String,
        quoted: bool,
    },
}

fn tokens(input: &str, ignored: &mut Vec<String>) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut parens = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '(' || c == ')' {
            parens = true;
            i += 1;
            continue;
        }
        let sign = (matches!(c, '-' | '+') && chars.get(i + 1).is_some_and(|n| !n.is_whitespace()))
            .then_some(c);
        if sign.is_some() {
            i += 1;
        }
        let start = i;
        let mut text = String::new();
        let mut quoted = false;
        // A field prefix such as `film:` may come before a quote or a bracketed range.
        while i < chars.len() && !chars[i].is_whitespace() && !matches!(chars[i], '"' | '(' | ')') {
            text.push(chars[i]);
            i += 1;
            if text.ends_with(':') && matches!(chars.get(i), Some('[' | '{')) {
                while i < chars.len() {
                    text.push(chars[i]);
                    i += 1;
                    if matches!(chars[i - 1], ']' | '}') {
                        break;
                    }
                }
            }
        }
        if chars.get(i) == Some(&'"') {
            match chars[i + 1..].iter().position(|&c| c == '"') {
                Some(len) => {
                    text.extend(&chars[i + 1..i + 1 + len]);
                    quoted = true;
                    i += len + 2;
                }
                None => {
                    ignored.push("an unbalanced quote (searched the words after it)".into());
                    i += 1;
                }
            }
        }
        if text.is_empty() && !quoted {
            // A sign before a parenthesis ("-(") leaves the parenthesis to be noted above.
            if i == start && !matches!(chars.get(i), Some('(' | ')')) {
                i += 1;
            }
            continue;
        }
        let op = match (text.as_str(), sign, quoted) {
            ("AND", None, false) => Some("AND"),
            ("OR", None, false) => Some("OR"),
            ("NOT", None, false) => Some("NOT"),
            _ => None,
        };
        out.push(match op {
            Some(op) => Token::Op(op),
            None => Token::Term { sign, text, quoted },
        });
    }
    if parens {
        ignored.push("parentheses (grouping is not supported)".into());
    }
    out
}

/// Parses a query; never fails.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let toks = tokens(input, &mut parsed.ignored);
    let mut pending_not = false;
    let mut pending_and = false;
    let stray = |op: &str, ignored: &mut Vec<String>| {
        let note = format!("a stray {op}");
        if !ignored.contains(&note) {
            ignored.push(note);
        }
    };
    for (k, tok) in toks.iter().enumerate() {
        match tok {
            Token::Op(op) => {
                let next_is_term = matches!(toks.get(k + 1), Some(Token::Term { .. }));
                let after_term =
                    matches!(k.checked_sub(1).map(|j| &toks[j]), Some(Token::Term { .. }));
                match *op {
                    "NOT" if next_is_term => pending_not = true,
                    "AND" if next_is_term && after_term => pending_and = true,
                    "OR" if next_is_term && after_term => {}
                    _ => stray(op, &mut parsed.ignored),
                }
            }
            Token::Term { sign, text, quoted } => {
                let before = parsed.clauses.len();
                term(text, *quoted, &mut parsed);
                let occur = match (sign, pending_not) {
                    (Some('-'), _) | (_, true) => Occur::MustNot,
                    (Some('+'), _) => Occur::Must,
                    _ if pending_and => Occur::Must,
                    _ => Occur::Should,
                };
                for c in &mut parsed.clauses[before..] {
                    c.occur = occur;
                }
                // `a AND b`: the left side is required too.
                if pending_and
                    && occur == Occur::Must
                    && let Some(prev) = before.checked_sub(1)
                    && parsed.clauses[prev].occur == Occur::Should
                {
                    parsed.clauses[prev].occur = Occur::Must;
                }
                pending_not = false;
                pending_and = false;
            }
        }
    }
    parsed
}

/// Reads one term (`film:"the terminal"`, `year:[2000 TO 2010]`, `airp*`, `word`).
fn term(text: &str, quoted: bool, parsed: &mut Parsed) {
    let mut push = |field, atom| {
        parsed.clauses.push(Clause {
            occur: Occur::Should,
            field,
            atom,
        })
    };
    if let Some((name, value)) = text.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic())
    {
        let field = match name.to_ascii_lowercase().as_str() {
            "film" | "title" => Some(Some(Field::Film)),
            "lesson" => Some(Some(Field::Lesson)),
            "body" | "text" => Some(Some(Field::Body)),
            "year" | "source" => Some(None),
            _ => None,
        };
        let value = value.trim();
        match (name.to_ascii_lowercase().as_str(), field) {
            (_, _) if value.is_empty() => {
                parsed.ignored.push(format!("the empty field {name}:"));
            }
            ("year", _) => match parse_years(value) {
                Ok(r) => push(None, Atom::Years(r)),
                Err(e) => parsed.ignored.push(e),
            },
            ("source", _) => push(None, Atom::Source(value.to_string())),
            (_, Some(field)) => push(field, word_atom(value, quoted)),
            (_, None) => {
                parsed.ignored.push(format!(
                    "the unknown field {name}: (fields are film, lesson, body, year, source; searched the words)"
                ));
                for w in [name, value] {
                    push(None, word_atom(w, false));
                }
            }
        }
        return;
    }
    match word_atom(text, quoted) {
        Atom::Prefix(p) if p.chars().filter(|c| c.is_alphanumeric()).count() < 2 => {
            parsed
                .ignored
                .push(format!("{text:?} (a prefix needs at least two letters)"));
        }
        atom => push(None, atom),
    }
}

fn word_atom(text: &str, quoted: bool) -> Atom {
    if quoted {
        Atom::Phrase(text.to_string())
    } else if let Some(p) = text.strip_suffix('*') {
        Atom::Prefix(p.trim_end_matches('*').to_string())
    } else {
        Atom::Word(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(q: &str) -> Vec<(Occur, Option<Field>, Atom)> {
        parse(q)
            .clauses
            .into_iter()
            .map(|c| (c.occur, c.field, c.atom))
            .collect()
    }

    fn word(w: &str) -> Atom {
        Atom::Word(w.into())
    }

    #[test]
    fn words_phrases_and_signs() {
        assert_eq!(
            clauses("service -airport +\"human connection\""),
            vec![
                (Occur::Should, None, word("service")),
                (Occur::MustNot, None, word("airport")),
                (Occur::Must, None, Atom::Phrase("human connection".into())),
            ]
        );
    }

    #[test]
    fn boolean_operators() {
        assert_eq!(
            clauses("a AND b OR c NOT d"),
            vec![
                (Occur::Must, None, word("a")),
                (Occur::Must, None, word("b")),
                (Occur::Should, None, word("c")),
                (Occur::MustNot, None, word("d")),
            ]
        );
    }

    #[test]
    fn fields_prefix_and_years() {
        assert_eq!(
            clauses("film:terminal lesson:\"be kind\" empath* year:[2000 TO 2010] source:002_*"),
            vec![
                (Occur::Should, Some(Field::Film), word("terminal")),
                (
                    Occur::Should,
                    Some(Field::Lesson),
                    Atom::Phrase("be kind".into())
                ),
                (Occur::Should, None, Atom::Prefix("empath".into())),
                (
                    Occur::Should,
                    None,
                    Atom::Years(YearRange {
                        min: Some(2000),
                        max: Some(2010)
                    })
                ),
                (Occur::Should, None, Atom::Source("002_*".into())),
            ]
        );
    }

    #[test]
    fn lenient_about_mistakes() {
        let p = parse("AND AND empathy \"airport");
        assert_eq!(p.clauses.len(), 2);
        let w = p.warning().unwrap_or_default();
        assert!(
            w.contains("stray AND") && w.contains("unbalanced quote"),
            "{w}"
        );
        let p = parse("mood:happy");
        assert!(
            p.warning()
                .unwrap_or_default()
                .contains("unknown field mood:")
        );
        assert_eq!(p.clauses.len(), 2);
        assert!(
            parse("(a OR b)")
                .warning()
                .unwrap_or_default()
                .contains("parentheses")
        );
        assert_eq!(parse("empathy").warning(), None);
        // A sign right before a parenthesis must not swallow it unnoticed.
        for q in ["-(", "+)", "-(airport)"] {
            assert!(
                parse(q)
                    .warning()
                    .unwrap_or_default()
                    .contains("parentheses"),
                "{q}"
            );
        }
    }

    #[test]
    fn year_ranges() {
        let r = |s| parse_years(s).map(|y| (y.min, y.max));
        assert_eq!(r("2004"), Ok((Some(2004), Some(2004))));
        assert_eq!(r("2005..2006"), Ok((Some(2005), Some(2006))));
        assert_eq!(r("..1999"), Ok((None, Some(1999))));
        assert_eq!(r("2010.."), Ok((Some(2010), None)));
        assert_eq!(r(">=2005"), Ok((Some(2005), None)));
        assert_eq!(r("<2000"), Ok((None, Some(1999))));
        assert_eq!(r("{2000 TO 2010}"), Ok((Some(2001), Some(2009))));
        assert!(r("..").is_err());
        assert!(r("soon").is_err());
    }
}
