//! newsmap's core: read news articles, find the places they name, resolve them against a
//! bundled gazetteer, and keep them as a collection of documents and places. No GUI.
//!
//! The pipeline runs one way:
//! [`ingest`] (files → documents, the `newsmap-ingest` crate) → text (tokens, sentences,
//! [`fold_name`]) → [`Gazetteer`] (places and names) → [`Geoparser`] (a [`Mention`] →
//! [`Candidate`]s → a [`Resolution`] with score and reason) → [`Collection`] (documents and
//! their places) → [`export`] (JSON, GeoJSON, CSV, KML). The [`Engine`] runs it on a thread
//! of its own for the desktop app.
//!
//! The modules are private; what is public is re-exported here, below, one group a
//! module (generic names get the module's name: [`save_workspace`], [`filtered_places`]).

mod basemap;
mod collection;
mod corrections;
mod engine;
mod eval;
mod export;
mod filter;
mod gazetteer;
mod gazetteer_index;
mod geoparse;
mod local_names;
mod own_places;
mod regions;
mod stream;
mod text;
mod user_gazetteer;
mod workspace;

pub use newsmap_ingest as ingest;

// The bundled offline basemap: coastlines, borders, lakes and rivers.
pub use crate::basemap::{
    BUNDLED_BASEMAP_GZ, Basemap, BasemapError, FillKind, FillLayer, LineKind, LineLayer, Mesh,
    Polyline, mercator,
};
// Documents and their places: loading files in parallel, copies grouped, boilerplate found.
pub use crate::collection::{
    Collection, FileResult, Grouped, Link, LoadEvent, MentionRef, ParsedDocument, PlaceMentions,
    Progress, REPEATED_IN_DOCUMENTS, contextual_mentions, default_threads, load_paths,
    process_file, process_paths, reparse, resolve_in_context,
};
// The user's corrections of matches, with their scopes and undo.
pub use crate::corrections::{Action, Correction, Corrections, Scope, doc_key};
// The engine thread the desktop app talks to: jobs in, events out.
pub use crate::engine::{
    Event as EngineEvent, Job as EngineJob, ReadWorkspace, Restored, RestoredWorkspace,
    Worker as Engine, restore_documents,
};
// Scoring on gold corpora.
pub use crate::eval::{
    ErrorCase, EvalError, Floors, GoldDoc, GoldToponym, MAX_ERROR_KM, RecognitionError, Scores,
    below_floors, dump_features, evaluate, figures as eval_figures, floors_of, read_corpus,
    table as eval_table,
};
// The JSON report; GeoJSON, CSV and KML.
pub use crate::export::{
    CSV_COLUMNS, DocumentOut, ExcerptOut, ExportError, ExportFormat, GeoJsonOptions, MentionOut,
    PlaceOut, RelativeOut, Report, compass_point, csv, export, export_to, geojson, geojson_with,
    kml, relative_label, report, selected_mentions, write_export,
};
// What a view keeps: search, source, article, country, region, dates, confidence.
pub use crate::filter::{
    Filter, RegionChoice, contains_folded, countries as country_choices, date_histogram,
    places as filtered_places, refine as refine_places, regions as region_choices,
    sources as source_choices,
};
// Places and their names.
pub use crate::gazetteer::{
    BUNDLED_GAZETTEER, Gazetteer, GazetteerError, NameEntry, NameHit, OWN_ID_PREFIX, Place,
    PlaceId, PlaceKind, wants_neutral_keys,
};
// Place names in the reader's language.
pub use crate::local_names::{BUNDLED_LOCAL_NAMES, NameLanguage, local_name};
// Mentions → candidates → resolution.
/// Where a report puts an event relative to a place ("10 km south of Kurakhove").
pub use crate::geoparse::relative::Relative;
pub use crate::geoparse::{
    Candidate, CollectionContext, ContextView, Corrected, FEATURES, Geoparser, LOW_CONFIDENCE,
    Mention, N_FEATURES, Options, RESULTS_REASON, Ranker, RankerError, Resolution, Resolver,
    SpanFeatures, Weights, fingerprint as geoparse_fingerprint, probability,
};
// Places the user adds to the gazetteer.
pub use crate::own_places::{
    CSV_HEADER as OWN_PLACES_CSV_HEADER, OwnPlace, OwnPlaceError, from_csv as own_places_from_csv,
    from_geojson as own_places_from_geojson, gazetteer_with, to_csv as own_places_to_csv,
    to_geojson as own_places_to_geojson,
};
// Country and first-level region shapes.
pub use crate::regions::{
    BUNDLED_ADMIN1_GZ, BUNDLED_COUNTRIES_GZ, LonLatPolygon, RegionShape, Regions, ShapeKey,
    lonlat_polygons,
};
// Streaming batch geoparsing of JSON Lines articles.
pub use crate::stream::{
    ArticleIn, ArticleMeta, ArticleOut, ArticleSink, JsonLines, LineError, StreamEvent,
    StreamOptions, StreamState, StreamStats, copy_key, geoparse_article, geoparse_stream,
    geoparse_stream_into,
};
// Name folding, hashing and number formatting.
pub use crate::text::{FnvHasher, fold_name, is_cyrillic, key_hash, neutral_key, thousands};
// Gazetteers the user adds: GeoNames dumps, CSV or GeoJSON of places.
pub use crate::gazetteer_index::{IndexedGazetteer, index_path_for};
pub use crate::user_gazetteer::{
    FileReport, UserGazetteerError, UserPlaces, gazetteer_with_files, geonames_kind,
    is_geonames_dump, read_gazetteer_file, read_geonames, scan_gazetteer_file,
};
// Workspace files: everything loaded and decided, saved and opened again.
pub use crate::workspace::{
    DocumentRecord, EXTENSION as WORKSPACE_EXTENSION, MentionsUpdate, Opened, OpenedResults,
    SCHEMA_VERSION as WORKSPACE_SCHEMA_VERSION, StoredMentions, Tally, Workspace, WorkspaceError,
    WorkspaceState, append as append_to_workspace, backup_path as workspace_backup_path,
    complete_count as workspace_document_count, data_dir, default_path as default_workspace_path,
    open as open_workspace, open_counting as open_workspace_counting, parse as parse_workspace,
    save as save_workspace, save_parts as save_workspace_parts,
};
