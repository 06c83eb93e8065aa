//! newsmap's core: read news articles, find the places they name, resolve them against a
//! bundled gazetteer, and keep them as a collection of documents and places. No GUI.
//!
//! The pipeline runs one way:
//! [`ingest`] (files → documents, the `newsmap-ingest` crate) → [`text`] (tokens, sentences,
//! name folding) → [`gazetteer`] (places and names) → [`geoparse`] (mentions → candidates →
//! resolution) → [`collection`] (documents and their places) → [`export`] (JSON, GeoJSON,
//! CSV, KML). The [`engine`] runs it on a thread of its own for the desktop app.

pub mod basemap;
pub mod collection;
pub mod corrections;
pub mod engine;
pub mod eval;
pub mod export;
pub mod filter;
pub mod gazetteer;
pub mod geoparse;
pub mod own_places;
pub mod regions;
pub mod text;
pub mod workspace;

pub use newsmap_ingest as ingest;
