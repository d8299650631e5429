//! A query to ranked hits: BM25 over body, film and lesson with field boosts, passages holding
//! every query word first, and a highlighted snippet per hit.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Result, bail};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, QueryParser};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Score, Searcher, TantivyDocument};

use crate::schema::{self, Fields};
use crate::snippet::{self, Snippet};

/// A film title match counts this much more than a body match.
pub const FILM_BOOST: Score = 3.0;
/// A lesson match counts this much more than a body match.
pub const LESSON_BOOST: Score = 1.5;

/// What to search for and how much to return.
#[derive(Debug, Clone)]
pub struct Request {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Longest snippet, in bytes.
    pub snippet_chars: usize,
}

impl Request {
    pub fn new(query: impl Into<String>) -> Request {
        Request {
            query: query.into(),
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
}

/// Hits plus what the user should be told about the query.
#[derive(Debug, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Number of passages that match at all.
    pub total: usize,
    pub warnings: Vec<String>,
}

/// An open index, ready to answer many queries.
pub struct Searchable {
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl Searchable {
    pub fn open(dir: &Path) -> Result<Searchable> {
        let (index, fields) = schema::open(dir)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| schema::corrupt(dir, &e))?;
        Ok(Searchable {
            index,
            reader,
            fields,
        })
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    fn parser(&self, all_words: bool) -> QueryParser {
        let f = &self.fields;
        let mut p = QueryParser::for_index(&self.index, vec![f.body, f.film, f.lesson]);
        p.set_field_boost(f.film, FILM_BOOST);
        p.set_field_boost(f.lesson, LESSON_BOOST);
        if all_words {
            p.set_conjunction_by_default();
        }
        p
    }

    /// Runs a query. Parts of the query that cannot be parsed are ignored and reported.
    pub fn search(&self, req: &Request) -> Result<Results> {
        if req.query.trim().is_empty() {
            bail!("empty query: give some words, e.g. reel query \"empathy airport\"");
        }
        let (any, errors) = self.parser(false).parse_query_lenient(&req.query);
        let (all, _) = self.parser(true).parse_query_lenient(&req.query);
        let mut results = Results::default();
        if !errors.is_empty() {
            let reasons: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            results
                .warnings
                .push(format!("ignored part of the query: {}", reasons.join("; ")));
        }
        let searcher = self.searcher();
        let wanted = req.offset + req.limit;
        results.total = searcher.search(&*any, &Count)?;
        let ranked = tiered(&searcher, &*all, &*any, wanted)?;

        let terms = self.body_terms(&*any);
        let mut analyzer = schema::analyzer();
        for (i, (score, addr)) in ranked.into_iter().enumerate().skip(req.offset) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let hit = self.hit(i + 1, score, &doc, |body| {
                snippet::build(body, &terms, &mut analyzer, req.snippet_chars)
            });
            results.hits.push(hit);
        }
        Ok(results)
    }

    /// The analysed words of the query that can appear in a passage's body.
    fn body_terms(&self, query: &dyn Query) -> HashSet<String> {
        let mut terms = HashSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.body
                && let Some(t) = term.value().as_str()
            {
                terms.insert(t.to_string());
            }
        });
        terms
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
        let body = text(f.body).unwrap_or_default();
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
            source: text(f.source).unwrap_or_default(),
            snippet,
            highlights,
            start: number(f.start).unwrap_or(0),
            end: number(f.end).unwrap_or(0),
        }
    }
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
