//! newsmap's results as Apache Arrow tables and GeoParquet files (issue 16).
//!
//! Two tables, one schema each, shared by the batch (`geoparse --format parquet`), the
//! Python package (`parse_batch`) and the app (File > Open results):
//! - **mentions**, one row per place name: the article's id, the name's offsets, surface and
//!   sentence, the place (id, name, kind, country, region, point, radius), the confidence,
//!   the relative point ("10 km south of ..."), a WKB `geometry` point, and the article's
//!   date, title and source, so that a row stands on its own;
//! - **articles**, one row per article, with or without mentions: id, path, source, title,
//!   date, url, language, warnings, `duplicate_of`, the number of mentions and the text's
//!   copy key.
//!
//! [`ResultsWriter`] writes them as `DIR/mentions/part-NNNNN.parquet` and
//! `DIR/articles/part-NNNNN.parquet`, a pair of files per [`ResultsWriter::articles_per_part`]
//! articles, each written under a temporary name and renamed when complete, so that a crash
//! leaves only whole files and `--resume` ([`resume_state`]) knows exactly what was written.
//! The mentions files carry GeoParquet 1.1 metadata (WKB points in OGC:CRS84).

mod open;
mod read;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use newsmap_core::{ArticleOut, ArticleSink, DocumentOut, MentionOut, StreamState};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

pub use crate::open::{OpenProgress, OpenSummary, open_results};
pub use crate::read::{ReadError, read_articles, read_mentions, table_files};

/// What can fail writing or reading results.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Arrow refused a table (a bug: the builders follow the schema).
    #[error("building a table: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// The Parquet writer or reader failed.
    #[error("{path}: {source}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// Why.
        source: parquet::errors::ParquetError,
    },
    /// The output folder already holds results and `--resume` was not asked for.
    #[error("{0} already holds results: add --resume to go on with them, or give another folder")]
    NotEmpty(PathBuf),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> ResultsError + '_ {
    move |source| ResultsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn parquet_error(path: &Path) -> impl FnOnce(parquet::errors::ParquetError) -> ResultsError + '_ {
    move |source| ResultsError::Parquet {
        path: path.to_path_buf(),
        source,
    }
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

fn f64_field(name: &str) -> Field {
    Field::new(name, DataType::Float64, true)
}

/// The mentions table's columns, in order, with the GeoParquet metadata (key `geo`).
pub fn mentions_schema() -> SchemaRef {
    let metadata = std::collections::HashMap::from([("geo".to_string(), geoparquet_metadata())]);
    Arc::new(Schema::new_with_metadata(
        vec![
            utf8("article_id", false),
            Field::new("start", DataType::Int64, false),
            Field::new("end", DataType::Int64, false),
            utf8("surface", false),
            utf8("sentence", false),
            utf8("place_id", true),
            utf8("name", true),
            utf8("kind", true),
            utf8("country", true),
            utf8("country_code", true),
            utf8("region", true),
            utf8("district", true),
            f64_field("lat"),
            f64_field("lon"),
            f64_field("radius_km"),
            Field::new("confidence", DataType::Float64, false),
            Field::new("approximate", DataType::Boolean, false),
            f64_field("relative_distance_km"),
            f64_field("relative_bearing_deg"),
            f64_field("relative_radius_km"),
            f64_field("relative_lat"),
            f64_field("relative_lon"),
            Field::new("geometry", DataType::Binary, true),
            utf8("article_date", true),
            utf8("article_title", true),
            utf8("article_source", true),
        ],
        metadata,
    ))
}

/// The articles table's columns, in order.
pub fn articles_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        utf8("id", false),
        utf8("path", true),
        utf8("source", true),
        utf8("title", true),
        utf8("date", true),
        utf8("url", true),
        utf8("lang", true),
        Field::new("mentions", DataType::Int64, false),
        Field::new(
            "warnings",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        utf8("duplicate_of", true),
        Field::new("text_key", DataType::Int64, true),
    ]))
}

/// GeoParquet 1.1 metadata of the mentions files: `geometry` holds WKB points, longitude
/// and latitude in degrees (OGC:CRS84, the default when no `crs` is given).
pub fn geoparquet_metadata() -> String {
    serde_json::json!({
        "version": "1.1.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                "encoding": "WKB",
                "geometry_types": ["Point"],
            }
        }
    })
    .to_string()
}

/// A point as well-known binary (little-endian, 21 bytes).
pub fn wkb_point(lon: f64, lat: f64) -> [u8; 21] {
    let mut b = [0u8; 21];
    b[0] = 1;
    b[1..5].copy_from_slice(&1u32.to_le_bytes());
    b[5..13].copy_from_slice(&lon.to_le_bytes());
    b[13..21].copy_from_slice(&lat.to_le_bytes());
    b
}

/// One article as the tables see it: a stream's article or a file's document.
#[derive(Debug, Clone, Copy)]
pub struct ArticleRow<'a> {
    /// Its id (a file's path for documents read from files).
    pub id: &'a str,
    /// The file it came from, for documents read from files.
    pub path: Option<&'a str>,
    /// Site, feed or outlet.
    pub source: Option<&'a str>,
    /// Its title.
    pub title: Option<&'a str>,
    /// Its date.
    pub date: Option<&'a str>,
    /// Its address.
    pub url: Option<&'a str>,
    /// Its language.
    pub lang: Option<&'a str>,
    /// Problems met reading it.
    pub warnings: &'a [String],
    /// The first article with the same text.
    pub duplicate_of: Option<&'a str>,
    /// The copy key of its text, when known.
    pub text_key: Option<u64>,
    /// Its place names.
    pub mentions: &'a [MentionOut],
}

impl<'a> From<&'a ArticleOut> for ArticleRow<'a> {
    fn from(a: &'a ArticleOut) -> Self {
        ArticleRow {
            id: &a.id,
            path: None,
            source: a.meta.source.as_deref(),
            title: a.meta.title.as_deref(),
            date: a.meta.date.as_deref(),
            url: a.meta.url.as_deref(),
            lang: a.meta.lang.as_deref(),
            warnings: &a.warnings,
            duplicate_of: a.duplicate_of.as_deref(),
            text_key: Some(a.text_key),
            mentions: &a.mentions,
        }
    }
}

impl<'a> From<&'a DocumentOut> for ArticleRow<'a> {
    fn from(d: &'a DocumentOut) -> Self {
        ArticleRow {
            id: &d.path,
            path: Some(&d.path),
            source: Some(&d.source),
            title: d.title.as_deref(),
            date: d.date.as_deref(),
            url: d.url.as_deref(),
            lang: d.lang.as_deref(),
            warnings: &d.warnings,
            duplicate_of: d.duplicate_of.as_deref(),
            text_key: None,
            mentions: &d.mentions,
        }
    }
}

/// Builds the two tables, an article at a time.
#[derive(Debug)]
pub struct TablesBuilder {
    m_article: StringBuilder,
    m_start: Int64Builder,
    m_end: Int64Builder,
    m_surface: StringBuilder,
    m_sentence: StringBuilder,
    m_place: StringBuilder,
    m_name: StringBuilder,
    m_kind: StringBuilder,
    m_country: StringBuilder,
    m_country_code: StringBuilder,
    m_region: StringBuilder,
    m_district: StringBuilder,
    m_lat: Float64Builder,
    m_lon: Float64Builder,
    m_radius: Float64Builder,
    m_confidence: Float64Builder,
    m_approximate: BooleanBuilder,
    m_rel_distance: Float64Builder,
    m_rel_bearing: Float64Builder,
    m_rel_radius: Float64Builder,
    m_rel_lat: Float64Builder,
    m_rel_lon: Float64Builder,
    m_geometry: BinaryBuilder,
    m_date: StringBuilder,
    m_title: StringBuilder,
    m_source: StringBuilder,
    a_id: StringBuilder,
    a_path: StringBuilder,
    a_source: StringBuilder,
    a_title: StringBuilder,
    a_date: StringBuilder,
    a_url: StringBuilder,
    a_lang: StringBuilder,
    a_mentions: Int64Builder,
    a_warnings: ListBuilder<StringBuilder>,
    a_duplicate_of: StringBuilder,
    a_text_key: Int64Builder,
    articles: usize,
    mentions: usize,
}

impl Default for TablesBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl TablesBuilder {
    /// Empty tables.
    pub fn new() -> Self {
        TablesBuilder {
            m_article: StringBuilder::new(),
            m_start: Int64Builder::new(),
            m_end: Int64Builder::new(),
            m_surface: StringBuilder::new(),
            m_sentence: StringBuilder::new(),
            m_place: StringBuilder::new(),
            m_name: StringBuilder::new(),
            m_kind: StringBuilder::new(),
            m_country: StringBuilder::new(),
            m_country_code: StringBuilder::new(),
            m_region: StringBuilder::new(),
            m_district: StringBuilder::new(),
            m_lat: Float64Builder::new(),
            m_lon: Float64Builder::new(),
            m_radius: Float64Builder::new(),
            m_confidence: Float64Builder::new(),
            m_approximate: BooleanBuilder::new(),
            m_rel_distance: Float64Builder::new(),
            m_rel_bearing: Float64Builder::new(),
            m_rel_radius: Float64Builder::new(),
            m_rel_lat: Float64Builder::new(),
            m_rel_lon: Float64Builder::new(),
            m_geometry: BinaryBuilder::new(),
            m_date: StringBuilder::new(),
            m_title: StringBuilder::new(),
            m_source: StringBuilder::new(),
            a_id: StringBuilder::new(),
            a_path: StringBuilder::new(),
            a_source: StringBuilder::new(),
            a_title: StringBuilder::new(),
            a_date: StringBuilder::new(),
            a_url: StringBuilder::new(),
            a_lang: StringBuilder::new(),
            a_mentions: Int64Builder::new(),
            a_warnings: ListBuilder::new(StringBuilder::new()),
            a_duplicate_of: StringBuilder::new(),
            a_text_key: Int64Builder::new(),
            articles: 0,
            mentions: 0,
        }
    }

    /// Articles added since the last [`finish`](Self::finish).
    pub fn articles(&self) -> usize {
        self.articles
    }

    /// Mentions added since the last [`finish`](Self::finish).
    pub fn mentions(&self) -> usize {
        self.mentions
    }

    /// Adds one article: a row of the articles table and a row per mention.
    pub fn push(&mut self, a: ArticleRow<'_>) {
        for m in a.mentions {
            self.push_mention(&a, m);
        }
        self.a_id.append_value(a.id);
        self.a_path.append_option(a.path);
        self.a_source.append_option(a.source);
        self.a_title.append_option(a.title);
        self.a_date.append_option(a.date);
        self.a_url.append_option(a.url);
        self.a_lang.append_option(a.lang);
        self.a_mentions.append_value(a.mentions.len() as i64);
        for w in a.warnings {
            self.a_warnings.values().append_value(w);
        }
        self.a_warnings.append(true);
        self.a_duplicate_of.append_option(a.duplicate_of);
        // The 64 bits as they are: Spark and Java have no unsigned integers.
        self.a_text_key
            .append_option(a.text_key.map(|k| i64::from_ne_bytes(k.to_ne_bytes())));
        self.articles += 1;
    }

    fn push_mention(&mut self, a: &ArticleRow<'_>, m: &MentionOut) {
        self.m_article.append_value(a.id);
        self.m_start.append_value(m.start as i64);
        self.m_end.append_value(m.end as i64);
        self.m_surface.append_value(&m.surface);
        self.m_sentence.append_value(&m.sentence);
        let p = m.place.as_ref();
        self.m_place.append_option(p.map(|p| p.id.as_str()));
        self.m_name.append_option(p.map(|p| p.name.as_str()));
        self.m_kind.append_option(p.map(|p| p.kind));
        self.m_country
            .append_option(p.and_then(|p| p.country.as_deref()));
        self.m_country_code
            .append_option(p.and_then(|p| p.country_code.as_deref()));
        self.m_region
            .append_option(p.and_then(|p| p.region.as_deref()));
        self.m_district
            .append_option(p.and_then(|p| p.district.as_deref()));
        self.m_lat.append_option(p.map(|p| p.lat));
        self.m_lon.append_option(p.map(|p| p.lon));
        self.m_radius.append_option(p.and_then(|p| p.radius_km));
        self.m_confidence.append_value(m.confidence);
        self.m_approximate.append_value(m.approximate);
        let r = m.relative.as_ref();
        self.m_rel_distance.append_option(r.map(|r| r.distance_km));
        self.m_rel_bearing.append_option(r.map(|r| r.bearing_deg));
        self.m_rel_radius.append_option(r.map(|r| r.radius_km));
        self.m_rel_lat.append_option(r.map(|r| r.lat));
        self.m_rel_lon.append_option(r.map(|r| r.lon));
        // The point the map shows: the relative point where the text gives one.
        let point = match (r, p) {
            (Some(r), _) => Some(wkb_point(r.lon, r.lat)),
            (None, Some(p)) => Some(wkb_point(p.lon, p.lat)),
            (None, None) => None,
        };
        self.m_geometry.append_option(point);
        self.m_date.append_option(a.date);
        self.m_title.append_option(a.title);
        self.m_source.append_option(a.source);
        self.mentions += 1;
    }

    /// The mentions and articles tables of the articles added, and empty builders again.
    pub fn finish(&mut self) -> Result<(RecordBatch, RecordBatch), ResultsError> {
        let mentions: Vec<ArrayRef> = vec![
            Arc::new(self.m_article.finish()),
            Arc::new(self.m_start.finish()),
            Arc::new(self.m_end.finish()),
            Arc::new(self.m_surface.finish()),
            Arc::new(self.m_sentence.finish()),
            Arc::new(self.m_place.finish()),
            Arc::new(self.m_name.finish()),
            Arc::new(self.m_kind.finish()),
            Arc::new(self.m_country.finish()),
            Arc::new(self.m_country_code.finish()),
            Arc::new(self.m_region.finish()),
            Arc::new(self.m_district.finish()),
            Arc::new(self.m_lat.finish()),
            Arc::new(self.m_lon.finish()),
            Arc::new(self.m_radius.finish()),
            Arc::new(self.m_confidence.finish()),
            Arc::new(self.m_approximate.finish()),
            Arc::new(self.m_rel_distance.finish()),
            Arc::new(self.m_rel_bearing.finish()),
            Arc::new(self.m_rel_radius.finish()),
            Arc::new(self.m_rel_lat.finish()),
            Arc::new(self.m_rel_lon.finish()),
            Arc::new(self.m_geometry.finish()),
            Arc::new(self.m_date.finish()),
            Arc::new(self.m_title.finish()),
            Arc::new(self.m_source.finish()),
        ];
        let articles: Vec<ArrayRef> = vec![
            Arc::new(self.a_id.finish()),
            Arc::new(self.a_path.finish()),
            Arc::new(self.a_source.finish()),
            Arc::new(self.a_title.finish()),
            Arc::new(self.a_date.finish()),
            Arc::new(self.a_url.finish()),
            Arc::new(self.a_lang.finish()),
            Arc::new(self.a_mentions.finish()),
            Arc::new(self.a_warnings.finish()),
            Arc::new(self.a_duplicate_of.finish()),
            Arc::new(self.a_text_key.finish()),
        ];
        self.articles = 0;
        self.mentions = 0;
        Ok((
            RecordBatch::try_new(mentions_schema(), mentions)?,
            RecordBatch::try_new(articles_schema(), articles)?,
        ))
    }
}

/// A table as an Arrow IPC stream (what `pyarrow.ipc.open_stream` reads).
pub fn to_ipc_stream(batch: &RecordBatch) -> Result<Vec<u8>, ResultsError> {
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut bytes, &batch.schema())?;
    w.write(batch)?;
    w.finish()?;
    drop(w);
    Ok(bytes)
}

/// Rows per Parquet row group.
const ROW_GROUP_ROWS: usize = 65_536;
/// The suffix of a part file while it is written.
const IN_PROGRESS: &str = ".inprogress";

/// Snappy-compressed row groups. The schema's metadata (`geo`) goes into the file's
/// key-value metadata too: the Arrow writer keeps it only inside its encoded schema, which
/// pyarrow reads but GDAL and DuckDB do not.
fn writer_properties(schema: &Schema) -> WriterProperties {
    let mut metadata: Vec<KeyValue> = schema
        .metadata()
        .iter()
        .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
        .collect();
    metadata.sort_by(|a, b| a.key.cmp(&b.key));
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("newsmap {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata((!metadata.is_empty()).then_some(metadata))
        .build()
}

struct Part {
    number: usize,
    mentions: ArrowWriter<std::fs::File>,
    articles: ArrowWriter<std::fs::File>,
}

/// Writes results into a folder as GeoParquet: `mentions/part-NNNNN.parquet` and
/// `articles/part-NNNNN.parquet`.
pub struct ResultsWriter {
    dir: PathBuf,
    builder: TablesBuilder,
    part: Option<Part>,
    next_part: usize,
    in_part: usize,
    /// Articles per pair of part files: what a crash can lose, at most.
    pub articles_per_part: usize,
    /// Articles added, in all.
    pub written: usize,
}

impl std::fmt::Debug for ResultsWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultsWriter")
            .field("dir", &self.dir)
            .field("next_part", &self.next_part)
            .field("written", &self.written)
            .finish()
    }
}

fn part_name(number: usize) -> String {
    format!("part-{number:05}.parquet")
}

/// The part numbers of the complete `*.parquet` files of a folder, sorted.
fn parts_in(dir: &Path) -> Result<Vec<(usize, PathBuf)>, ResultsError> {
    let mut parts = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(parts),
        Err(e) => return Err(io_error(dir)(e)),
    };
    for entry in entries {
        let path = entry.map_err(io_error(dir))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(n) = name
            .strip_prefix("part-")
            .and_then(|n| n.strip_suffix(".parquet"))
            .and_then(|n| n.parse::<usize>().ok())
        {
            parts.push((n, path));
        }
    }
    parts.sort();
    Ok(parts)
}

/// Removes what a crash left half-written: files still under their temporary name, and a
/// mentions part whose articles part was never completed (the articles part is renamed
/// last).
fn clean_up(dir: &Path) -> Result<(), ResultsError> {
    for table in ["mentions", "articles"] {
        let sub = dir.join(table);
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        for entry in entries {
            let path = entry.map_err(io_error(&sub))?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(IN_PROGRESS))
            {
                std::fs::remove_file(&path).map_err(io_error(&path))?;
            }
        }
    }
    let articles: std::collections::BTreeSet<usize> = parts_in(&dir.join("articles"))?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for (n, path) in parts_in(&dir.join("mentions"))? {
        if !articles.contains(&n) {
            std::fs::remove_file(&path).map_err(io_error(&path))?;
        }
    }
    Ok(())
}

/// What an earlier run wrote into `dir`, for `--resume`: the ids of its articles (skipped)
/// and the first article of each text (later copies link to it). Removes half-written
/// files first.
pub fn resume_state(dir: &Path) -> Result<StreamState, ResultsError> {
    clean_up(dir)?;
    let mut state = StreamState::default();
    for (_, path) in parts_in(&dir.join("articles"))? {
        read::read_resume_columns(&path, &mut state)?;
    }
    Ok(state)
}

impl ResultsWriter {
    /// Opens `dir` for results, making it and its two subfolders. A folder that already
    /// holds results is refused unless `resume`, in which case new parts are numbered after
    /// the existing ones (call [`resume_state`] first, which also removes half-written
    /// files).
    pub fn create(dir: &Path, resume: bool) -> Result<Self, ResultsError> {
        for table in ["mentions", "articles"] {
            let sub = dir.join(table);
            std::fs::create_dir_all(&sub).map_err(io_error(&sub))?;
        }
        let existing = parts_in(&dir.join("articles"))?;
        let mentions = parts_in(&dir.join("mentions"))?;
        if !resume && (!existing.is_empty() || !mentions.is_empty()) {
            return Err(ResultsError::NotEmpty(dir.to_path_buf()));
        }
        let next_part = existing
            .iter()
            .chain(&mentions)
            .map(|(n, _)| n + 1)
            .max()
            .unwrap_or(0);
        Ok(ResultsWriter {
            dir: dir.to_path_buf(),
            builder: TablesBuilder::new(),
            part: None,
            next_part,
            in_part: 0,
            articles_per_part: 100_000,
            written: 0,
        })
    }

    /// The folder written to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Adds one article; written out at the next [`flush`](Self::flush).
    pub fn push(&mut self, article: ArticleRow<'_>) -> Result<(), ResultsError> {
        self.builder.push(article);
        self.written += 1;
        self.in_part += 1;
        if self.builder.mentions() >= ROW_GROUP_ROWS || self.builder.articles() >= ROW_GROUP_ROWS {
            self.flush()?;
        }
        if self.in_part >= self.articles_per_part.max(1) {
            self.close_part()?;
        }
        Ok(())
    }

    /// Hands the articles added so far to the Parquet writers (which write a row group
    /// when one is full).
    pub fn flush(&mut self) -> Result<(), ResultsError> {
        if self.builder.articles() == 0 {
            return Ok(());
        }
        let (mentions, articles) = self.builder.finish()?;
        if self.part.is_none() {
            self.part = Some(self.open_part()?);
        }
        let dir = self.dir.clone();
        if let Some(part) = self.part.as_mut() {
            part.mentions
                .write(&mentions)
                .map_err(parquet_error(&dir.join("mentions")))?;
            part.articles
                .write(&articles)
                .map_err(parquet_error(&dir.join("articles")))?;
        }
        Ok(())
    }

    fn temp_path(&self, table: &str, number: usize) -> PathBuf {
        self.dir
            .join(table)
            .join(format!("{}{IN_PROGRESS}", part_name(number)))
    }

    fn open_part(&mut self) -> Result<Part, ResultsError> {
        let number = self.next_part;
        self.next_part += 1;
        let open = |table: &str, schema: SchemaRef| {
            let path = self.temp_path(table, number);
            let file = std::fs::File::create(&path).map_err(io_error(&path))?;
            let properties = writer_properties(&schema);
            ArrowWriter::try_new(file, schema, Some(properties)).map_err(parquet_error(&path))
        };
        Ok(Part {
            number,
            mentions: open("mentions", mentions_schema())?,
            articles: open("articles", articles_schema())?,
        })
    }

    /// Completes the current pair of part files: writes their footers and renames them
    /// (the mentions first, the articles last: [`resume_state`] trusts a part only once its
    /// articles file exists).
    fn close_part(&mut self) -> Result<(), ResultsError> {
        self.flush()?;
        self.in_part = 0;
        let Some(part) = self.part.take() else {
            return Ok(());
        };
        for (table, writer) in [("mentions", part.mentions), ("articles", part.articles)] {
            let temp = self.temp_path(table, part.number);
            let file = writer.into_inner().map_err(parquet_error(&temp))?;
            file.sync_all().map_err(io_error(&temp))?;
            let done = self.dir.join(table).join(part_name(part.number));
            std::fs::rename(&temp, &done).map_err(io_error(&done))?;
        }
        Ok(())
    }

    /// Writes what is left and completes the files; the writer may go on with new parts.
    pub fn close(&mut self) -> Result<(), ResultsError> {
        self.close_part()
    }

    /// Writes what is left and completes the files.
    pub fn finish(mut self) -> Result<usize, ResultsError> {
        self.close_part()?;
        Ok(self.written)
    }
}

impl ArticleSink for ResultsWriter {
    fn article(&mut self, article: &ArticleOut) -> std::io::Result<()> {
        self.push(article.into()).map_err(std::io::Error::other)
    }
    fn close(&mut self) -> std::io::Result<()> {
        self.close_part().map_err(std::io::Error::other)
    }
}
