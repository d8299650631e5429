//! A query to ranked hits. The parsed query (`query`) becomes tantivy queries here: BM25 over
//! body, film and lesson with field boosts; passages holding every wanted word first; prefixes
//! and typos expanded to the index's own terms, so they rank and highlight like plain words;
//! filters (years, film, source) that narrow without changing scores.

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur as TOccur, PhraseQuery,
    Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{
    DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument, Term,
};

mod exclusion;

use crate::corpus;
use crate::query::{self, Atom, Clause, Occur, YearRange};
use crate::schema::{self, Fields};
use crate::snippet::{self, Snippet};

/// A film title match counts this much more than a body match.
pub const FILM_BOOST: Score = 3.0;
/// A lesson match counts this much more than a body match.
pub const LESSON_BOOST: Score = 1.5;
/// A prefix or typo expands to at most this many index terms per field.
const MAX_EXPANSIONS: usize = 50;

/// Filters given as options rather than in the query text.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub years: Option<YearRange>,
    /// Words of the film title, any case or accents ("terminal" finds "The Terminal").
    pub film: Option<String>,
    /// Glob on the source path (`002_*`); without `/` it matches the file name.
    pub source: Option<String>,
}

impl Filters {
    fn is_empty(&self) -> bool {
        self.years.is_none() && self.film.is_none() && self.source.is_none()
    }
}

/// What to search for and how much to return.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    /// Longest snippet, in bytes.
    pub snippet_chars: usize,
}

impl Request {
    pub fn new(query: impl Into<String>) -> Request {
        Request {
            query: query.into(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            snippet_chars: 200,
        }
    }
}

/// One ranked passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub film: Option<String>,
    pub year: Option<u64>,
    pub lesson: Option<String>,
    pub source: String,
    pub snippet: String,
    /// Byte ranges of highlighted words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Byte offsets of the passage in its source file.
    pub start: u64,
    pub end: u64,
    /// The source file changed or vanished since it was indexed: no snippet.
    pub stale: bool,
}

/// Hits plus what the user should be told about the query.
#[derive(Debug, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Number of passages that match at all.
    pub total: usize,
    /// Parts of the query that were ignored (one line).
    pub warnings: Vec<String>,
    /// Things done on the user's behalf, such as fuzzy matching.
    pub notices: Vec<String>,
}

/// An open index, ready to answer many queries.
pub struct Searchable {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Where passage texts are read back from when the index does not store them.
    corpus: PathBuf,
}

/// A query compiled for tantivy.
struct Compiled {
    /// Matches passages with any wanted word.
    any: Box<dyn Query>,
    /// Matches passages with every wanted word (ranked first).
    all: Box<dyn Query>,
    /// Analysed terms to highlight in the body.
    terms: HashSet<String>,
    /// No words to rank by: list matching passages in source order.
    listing: bool,
}

impl Searchable {
    pub fn open(dir: &Path) -> Result<Searchable> {
        let (index, fields, info) = schema::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| schema::corrupt(dir, &e))?;
        let corpus = PathBuf::from(info.corpus);
        Ok(Searchable {
            index,
            reader,
            fields,
            corpus,
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a query. Parts of the query that cannot be understood are ignored and reported.
    pub fn search(&self, req: &Request) -> Result<Results> {
        let parsed = query::parse(&req.query);
        if parsed.clauses.is_empty() && parsed.ignored.is_empty() && req.filters.is_empty() {
            bail!(
                "empty query: give some words, e.g. reel query \"empathy airport\", or a filter such as --year 2004"
            );
        }
        let mut results = Results {
            warnings: parsed.warning().into_iter().collect(),
            ..Results::default()
        };
        let searcher = self.searcher();
        let compiled = self.compile(
            &searcher,
            &parsed.clauses,
            &req.filters,
            &mut results.notices,
        )?;
        results.total = searcher.search(&*compiled.any, &Count)?;
        let wanted = req.offset + req.limit;
        let ranked = if compiled.listing {
            self.in_source_order(&searcher, &*compiled.any, wanted)?
        } else {
            tiered(&searcher, &*compiled.all, &*compiled.any, wanted)?
        };
        let mut analyzer = schema::analyzer();
        for (i, (score, addr)) in ranked.into_iter().enumerate().skip(req.offset) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let hit = self.hit(i + 1, score, &doc, |body| {
                snippet::build(body, &compiled.terms, &mut analyzer, req.snippet_chars)
            });
            results.hits.push(hit);
        }
        let stale = results.hits.iter().filter(|h| h.stale).count();
        if stale > 0 {
            results.notices.push(format!(
                "{stale} result(s) without text: their source files changed or moved since indexing; run `reel index` to refresh (or index with --store-text to keep texts in the index)"
            ));
        }
        Ok(results)
    }

    fn compile(
        &self,
        searcher: &Searcher,
        clauses: &[Clause],
        filters: &Filters,
        notices: &mut Vec<String>,
    ) -> Result<Compiled> {
        let mut terms = HashSet::new();
        // Words that may match (at least one must), words that must, and what narrows or excludes.
        let mut should: Vec<Box<dyn Query>> = Vec::new();
        let mut must: Vec<Box<dyn Query>> = Vec::new();
        let mut narrow: Vec<Box<dyn Query>> = self.filters(filters)?;
        let mut exclude: Vec<Box<dyn Query>> = Vec::new();
        let mut had_words = false;
        let mut impossible = false;
        for clause in clauses {
            let words = matches!(
                clause.atom,
                Atom::Word(_) | Atom::Phrase(_) | Atom::Prefix(_)
            );
            let positive = clause.occur != Occur::MustNot;
            had_words |= words && positive;
            let q = self.clause(searcher, clause, positive.then_some(&mut terms), notices)?;
            match (clause.occur, words, q) {
                (Occur::MustNot, _, Some(q)) => exclude.push(Box::new(exclusion::Excluded(q))),
                (Occur::MustNot, _, None) | (Occur::Should, true, None) => {}
                (_, _, None) => impossible = true,
                // Years and sources narrow the results; they do not rank them.
                (_, false, Some(q)) => narrow.push(Box::new(ConstScoreQuery::new(q, 0.0))),
                (Occur::Must, true, Some(q)) => must.push(q),
                (Occur::Should, true, Some(q)) => should.push(q),
            }
        }
        let positive = !should.is_empty() || !must.is_empty();
        if impossible || (had_words && !positive) {
            return Ok(Compiled {
                any: Box::new(EmptyQuery),
                all: Box::new(EmptyQuery),
                terms,
                listing: false,
            });
        }
        let clone_all = |qs: &[Box<dyn Query>], occur: TOccur| -> Vec<(TOccur, Box<dyn Query>)> {
            qs.iter().map(|q| (occur, q.box_clone())).collect()
        };
        let mut common = clone_all(&narrow, TOccur::Must);
        common.extend(clone_all(&exclude, TOccur::MustNot));
        if !positive {
            // Only filters or exclusions: everything that passes them, in source order.
            common.push((TOccur::Must, Box::new(AllQuery)));
            return Ok(Compiled {
                any: Box::new(BooleanQuery::new(
                    common.iter().map(|(o, q)| (*o, q.box_clone())).collect(),
                )),
                all: Box::new(BooleanQuery::new(common)),
                terms,
                listing: true,
            });
        }
        let mut any = clone_all(&must, TOccur::Must);
        any.extend(common.iter().map(|(o, q)| (*o, q.box_clone())));
        if !should.is_empty() {
            // Optional words rank; when nothing else is required, one of them must match.
            let group: Box<dyn Query> =
                Box::new(BooleanQuery::new(clone_all(&should, TOccur::Should)));
            any.push((
                if must.is_empty() {
                    TOccur::Must
                } else {
                    TOccur::Should
                },
                group,
            ));
        }
        let mut all = clone_all(&must, TOccur::Must);
        all.extend(clone_all(&should, TOccur::Must));
        all.extend(common);
        Ok(Compiled {
            any: Box::new(BooleanQuery::new(any)),
            all: Box::new(BooleanQuery::new(all)),
            terms,
            listing: false,
        })
    }

    /// The fields a clause searches, with their boosts.
    fn targets(&self, field: Option<query::Field>) -> Vec<(Field, Score)> {
        let f = &self.fields;
        match field {
            None => vec![
                (f.body, 1.0),
                (f.film, FILM_BOOST),
                (f.lesson, LESSON_BOOST),
            ],
            Some(query::Field::Body) => vec![(f.body, 1.0)],
            Some(query::Field::Film) => vec![(f.film, 1.0)],
            Some(query::Field::Lesson) => vec![(f.lesson, 1.0)],
        }
    }

    /// One clause as a query, or `None` when it can match nothing.
    fn clause(
        &self,
        searcher: &Searcher,
        clause: &Clause,
        mut highlight: Option<&mut HashSet<String>>,
        notices: &mut Vec<String>,
    ) -> Result<Option<Box<dyn Query>>> {
        let targets = self.targets(clause.field);
        let highlights_body = targets.iter().any(|(f, _)| *f == self.fields.body);
        let note = |terms: &[String], h: &mut Option<&mut HashSet<String>>| {
            if highlights_body && let Some(h) = h.as_deref_mut() {
                h.extend(terms.iter().cloned());
            }
        };
        match &clause.atom {
            Atom::Word(w) | Atom::Phrase(w) => {
                let tokens = analyze(&mut schema::analyzer(), w);
                if tokens.len() > 1 {
                    note(&tokens, &mut highlight);
                    let body = self.fields.body;
                    return Ok(Some(per_field(&targets, |f| {
                        if f == body {
                            let terms =
                                tokens.iter().map(|t| Term::from_field_text(f, t)).collect();
                            Box::new(PhraseQuery::new(terms))
                        } else {
                            // Titles and lessons are short and keep no positions: all the words.
                            Box::new(BooleanQuery::new(
                                tokens
                                    .iter()
                                    .map(|t| (TOccur::Must, term_query(f, t)))
                                    .collect(),
                            ))
                        }
                    })));
                }
                let Some(token) = tokens.into_iter().next() else {
                    return Ok(None);
                };
                let exact: u64 = targets
                    .iter()
                    .map(|(f, _)| {
                        searcher
                            .doc_freq(&Term::from_field_text(*f, &token))
                            .unwrap_or(0)
                    })
                    .sum();
                let letters = w.chars().filter(|c| c.is_alphanumeric()).count();
                let distance = match letters {
                    0..=4 => 0,
                    5..=8 => 1,
                    _ => 2,
                };
                if exact > 0 || distance == 0 || matches!(clause.atom, Atom::Phrase(_)) {
                    note(std::slice::from_ref(&token), &mut highlight);
                    return Ok(Some(per_field(&targets, |f| term_query(f, &token))));
                }
                let expansions =
                    self.expand(searcher, &targets, |t| within(&token, t, distance))?;
                if expansions.is_empty() {
                    return Ok(None);
                }
                notices.push(format!("no exact match for {w:?}, showing fuzzy matches"));
                Ok(Some(self.expanded(&targets, &expansions, &mut |t| {
                    note(t, &mut highlight)
                })))
            }
            Atom::Prefix(p) => {
                let mut prefixes = analyze(&mut folding(), p);
                let stemmed = analyze(&mut schema::analyzer(), p);
                prefixes.extend(stemmed);
                prefixes.dedup();
                let expansions = self.expand(searcher, &targets, |t| {
                    prefixes.iter().any(|p| t.starts_with(p.as_str()))
                })?;
                if expansions.is_empty() {
                    return Ok(None);
                }
                Ok(Some(self.expanded(&targets, &expansions, &mut |t| {
                    note(t, &mut highlight)
                })))
            }
            Atom::Years(r) => Ok(Some(self.years(*r))),
            Atom::Source(glob) => Ok(Some(self.source(glob)?)),
        }
    }

    /// Index terms of each target field accepted by `keep`, most frequent first.
    fn expand(
        &self,
        searcher: &Searcher,
        targets: &[(Field, Score)],
        keep: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<Field, Vec<String>>> {
        let mut out = BTreeMap::new();
        for &(field, _) in targets {
            let mut found: HashSet<String> = HashSet::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    if let Ok(t) = std::str::from_utf8(stream.key())
                        && keep(t)
                    {
                        found.insert(t.to_string());
                    }
                }
            }
            let mut ranked: Vec<(u64, String)> = found
                .into_iter()
                .map(|t| {
                    (
                        searcher
                            .doc_freq(&Term::from_field_text(field, &t))
                            .unwrap_or(0),
                        t,
                    )
                })
                .collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            ranked.truncate(MAX_EXPANSIONS);
            if !ranked.is_empty() {
                out.insert(field, ranked.into_iter().map(|(_, t)| t).collect());
            }
        }
        Ok(out)
    }

    /// Expanded terms as one query: any of them, in each field, with the field's boost.
    fn expanded(
        &self,
        targets: &[(Field, Score)],
        expansions: &BTreeMap<Field, Vec<String>>,
        note: &mut dyn FnMut(&[String]),
    ) -> Box<dyn Query> {
        let mut should: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        for &(field, boost) in targets {
            let Some(terms) = expansions.get(&field) else {
                continue;
            };
            if field == self.fields.body {
                note(terms);
            }
            for t in terms {
                should.push((TOccur::Should, boosted(term_query(field, t), boost)));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    fn years(&self, r: YearRange) -> Box<dyn Query> {
        let f = self.fields.year;
        let lower = Bound::Included(Term::from_field_u64(f, r.min.unwrap_or(0)));
        let upper = r.max.map_or(Bound::Unbounded, |v| {
            Bound::Included(Term::from_field_u64(f, v))
        });
        Box::new(RangeQuery::new(lower, upper))
    }

    fn source(&self, glob: &str) -> Result<Box<dyn Query>> {
        Ok(Box::new(RegexQuery::from_pattern(
            &glob_to_regex(glob),
            self.fields.source,
        )?))
    }

    /// The option filters as required, non-scoring queries.
    fn filters(&self, filters: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        let mut push = |q: Box<dyn Query>| out.push(Box::new(ConstScoreQuery::new(q, 0.0)));
        if let Some(r) = filters.years {
            push(self.years(r));
        }
        if let Some(film) = &filters.film {
            let words = analyze(&mut schema::analyzer(), film);
            let musts: Vec<(TOccur, Box<dyn Query>)> = words
                .iter()
                .map(|w| (TOccur::Must, term_query(self.fields.film, w)))
                .collect();
            if musts.is_empty() {
                push(Box::new(EmptyQuery));
            } else {
                push(Box::new(BooleanQuery::new(musts)));
            }
        }
        if let Some(glob) = &filters.source {
            push(self.source(glob)?);
        }
        Ok(out)
    }

    /// All matches in (source, position) order, for listings without words to rank by.
    fn in_source_order(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        n: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let docs = searcher.search(query, &DocSetCollector)?;
        let mut keyed: Vec<(String, u64, DocAddress)> = Vec::with_capacity(docs.len());
        let mut name = String::new();
        for addr in docs {
            let segment = searcher.segment_reader(addr.segment_ord);
            let fast = segment.fast_fields();
            let start = fast.u64("start")?.first(addr.doc_id).unwrap_or(0);
            name.clear();
            if let Some(col) = fast.str("source")?
                && let Some(ord) = col.term_ords(addr.doc_id).next()
            {
                col.ord_to_str(ord, &mut name)?;
            }
            keyed.push((name.clone(), start, addr));
        }
        keyed.sort();
        Ok(keyed
            .into_iter()
            .take(n)
            .map(|(_, _, a)| (1.0, a))
            .collect())
    }

    fn hit(
        &self,
        rank: usize,
        score: Score,
        doc: &TantivyDocument,
        snippet_of: impl FnOnce(&str) -> Snippet,
    ) -> Hit {
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64());
        let source = text(f.source).unwrap_or_default();
        let (start, end) = (number(f.start).unwrap_or(0), number(f.end).unwrap_or(0));
        let body = text(f.text).or_else(|| {
            let digest = number(f.digest)?;
            corpus::read_passage(&self.corpus, &source, start, end, digest)
        });
        let stale = body.is_none();
        let body = body.unwrap_or_default();
        let Snippet {
            text: snippet,
            highlights,
        } = snippet_of(&body);
        Hit {
            rank,
            score,
            film: text(f.film),
            year: number(f.year),
            lesson: text(f.lesson),
            source,
            snippet,
            highlights,
            start,
            end,
            stale,
        }
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(q: Box<dyn Query>, boost: Score) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// The same query built for each target field, any of them matching, each with its boost.
fn per_field(
    targets: &[(Field, Score)],
    build: impl Fn(Field) -> Box<dyn Query>,
) -> Box<dyn Query> {
    if let [(field, boost)] = targets {
        return boosted(build(*field), *boost);
    }
    Box::new(BooleanQuery::new(
        targets
            .iter()
            .map(|&(f, b)| (TOccur::Should, boosted(build(f), b)))
            .collect(),
    ))
}

/// Lower-casing and accent folding without stemming: how a prefix is compared to terms.
fn folding() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(tok) = stream.next() {
        out.push(tok.text.clone());
    }
    out
}

/// True when `a` and `b` are within `max` edits (insert, delete, substitute, swap).
fn within(a: &str, b: &str, max: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        let mut row_min = usize::MAX;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return false;
        }
    }
    d[n][m] <= max
}

/// `002_*` to a regular expression on the whole source path; without `/` the glob matches the
/// file name in any folder.
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::new();
    if !glob.contains('/') {
        re.push_str("(.*/)?");
    }
    let chars: Vec<char> = glob.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                re.push_str(".*");
                i += 1;
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(c.encode_utf8(&mut [0; 4]))),
        }
        i += 1;
    }
    re
}

/// Top `n` documents: those matching every word (`all`) first, then the rest of `any`.
/// Scores stay plain BM25 of `any`, which equals that of `all` where both match.
fn tiered(
    searcher: &Searcher,
    all: &dyn Query,
    any: &dyn Query,
    n: usize,
) -> Result<Vec<(Score, DocAddress)>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let first = searcher.search(all, &TopDocs::with_limit(n).order_by_score())?;
    let seen: HashSet<DocAddress> = first.iter().map(|(_, a)| *a).collect();
    let mut out = first;
    if out.len() < n {
        let rest = searcher.search(any, &TopDocs::with_limit(n).order_by_score())?;
        out.extend(rest.into_iter().filter(|(_, a)| !seen.contains(a)));
        out.truncate(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_bounds() {
        assert!(within("airprt", "airport", 1));
        assert!(within("teh", "the", 1));
        assert!(!within("airprt", "airplane", 1));
        assert!(within("empathie", "empathy", 2));
    }

    #[test]
    fn globs_match_file_names_or_paths() {
        let re = |g| regex::Regex::new(&format!("^(?:{})$", glob_to_regex(g))).expect("valid");
        assert!(re("002_*").is_match("002_6baa.txt"));
        assert!(re("002_*").is_match("sub/002_6baa.txt"));
        assert!(!re("002_*").is_match("001_x.txt"));
        assert!(re("sub/*.txt").is_match("sub/a.txt"));
        assert!(!re("sub/*.txt").is_match("sub/deeper/a.txt"));
        assert!(re("**/a.txt").is_match("x/y/a.txt"));
    }
}
