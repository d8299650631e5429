//! reel: a full-text search indexer and query engine for articles and reviews about films.
//!
//! Data flows one way: files ([`corpus`], [`text`]) → passages ([`extract`]) → tantivy
//! documents ([`schema`], [`index`]) → hits ([`search`]) → output ([`render`]). [`cli`] holds the
//! arguments and [`app`] wires a command to these steps.

pub mod analysis;
pub mod app;
pub mod bench;
pub mod cli;
pub mod corpus;
pub mod extract;
pub mod index;
pub mod manifest;
pub mod overview;
pub mod query;
pub mod render;
pub mod schema;
pub mod search;
pub mod snippet;
pub mod text;
