//! newsmap: read news articles, find the places they name, resolve them against a bundled
//! gazetteer, and put them on a map.
//!
//! The core is a one-way pipeline with no GUI dependency:
//! [`ingest`] (files → documents) → [`text`] (tokens, sentences, name folding) →
//! [`gazetteer`] (places and names) → [`geoparse`] (mentions → candidates → resolution) →
//! [`collection`] (documents and their places) → [`export`] (JSON, GeoJSON, CSV, KML).
//! The desktop app ([`ui`], feature `gui`) and the command line are thin layers over it.

pub mod basemap;
pub mod collection;
pub mod corrections;
pub mod dedup;
pub mod eval;
pub mod export;
pub mod filter;
pub mod gazetteer;
pub mod geoparse;
pub mod ingest;
pub mod own_places;
pub mod regions;
pub mod text;
pub mod workspace;

#[cfg(feature = "gui")]
pub mod ui;
