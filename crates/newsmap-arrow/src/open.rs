//! Opening results in the app (File > Open results...): the mentions and articles tables
//! made back into documents, without the articles' texts and without geoparsing again.
//!
//! Each document's text is the sentences its mentions stand in (each once, in order, a
//! blank line between), so that excerpts, the highlighted name, the reader, search,
//! corrections and exports work as on loaded articles. A mention's place is the one the
//! batch chose (found by its id in the app's gazetteer), its only candidate.

use std::collections::HashMap;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{Array, RecordBatch};
use newsmap_core::ingest::{Document, Format};
use newsmap_core::{Candidate, Gazetteer, Mention, ParsedDocument, Resolution};

use crate::read::table_files;
use crate::{ResultsError, parquet_error};

/// How far an opening got: mention rows read of all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenProgress {
    /// Mention rows read.
    pub rows_done: usize,
    /// Mention rows in all (from the files' footers).
    pub rows_total: usize,
}

/// What an opening read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenSummary {
    /// Documents made (articles with or without mentions).
    pub documents: usize,
    /// Mentions read.
    pub mentions: usize,
    /// Mentions whose place the gazetteer does not hold (read as unresolved).
    pub unknown_places: usize,
}

#[derive(Debug, Clone, Default)]
struct ArticleInfo {
    path: Option<String>,
    source: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    lang: Option<String>,
    warnings: Vec<String>,
}

fn string_at(batch: &RecordBatch, column: &str, row: usize) -> Option<String> {
    let c = batch.column_by_name(column)?.as_string_opt::<i32>()?;
    (!c.is_null(row)).then(|| c.value(row).to_string())
}

fn f64_at(batch: &RecordBatch, column: &str, row: usize) -> Option<f64> {
    let c = batch
        .column_by_name(column)?
        .as_primitive_opt::<Float64Type>()?;
    (!c.is_null(row)).then(|| c.value(row))
}

/// A document being rebuilt from its mention rows.
struct Building {
    id: String,
    text: String,
    last_sentence: Option<(String, usize)>,
    mentions: Vec<Mention>,
    info: ArticleInfo,
}

impl Building {
    fn new(id: String, info: ArticleInfo) -> Self {
        Building {
            id,
            text: String::new(),
            last_sentence: None,
            mentions: Vec::new(),
            info,
        }
    }

    /// Adds a mention row: its sentence (once), and the name's byte range inside it.
    fn add(&mut self, gaz: &Gazetteer, batch: &RecordBatch, row: usize) -> bool {
        let sentence = string_at(batch, "sentence", row).unwrap_or_default();
        let surface = string_at(batch, "surface", row).unwrap_or_default();
        let sentence_start = match &self.last_sentence {
            Some((s, at)) if *s == sentence => *at,
            _ => {
                if !self.text.is_empty() {
                    self.text.push_str("\n\n");
                }
                let at = self.text.len();
                self.text.push_str(&sentence);
                self.last_sentence = Some((sentence.clone(), at));
                at
            }
        };
        // The name inside its sentence: the first occurrence after the previous mention of
        // the same sentence (a sentence may name a place twice).
        let from = self
            .mentions
            .last()
            .filter(|m| m.sentence.0 == sentence_start)
            .map_or(0, |m| m.end - sentence_start);
        let within = sentence
            .get(from..)
            .and_then(|rest| rest.find(&surface))
            .map(|i| i + from)
            .or_else(|| sentence.find(&surface));
        let (start, end) = match within {
            Some(i) => (sentence_start + i, sentence_start + i + surface.len()),
            None => (sentence_start, sentence_start),
        };
        let place = string_at(batch, "place_id", row);
        let resolved = place.as_deref().and_then(|id| gaz.find_id(id));
        let confidence = f64_at(batch, "confidence", row).unwrap_or(0.0);
        let relative = match (
            f64_at(batch, "relative_lat", row),
            f64_at(batch, "relative_lon", row),
        ) {
            (Some(lat), Some(lon)) => Some(newsmap_core::Relative {
                distance_km: f64_at(batch, "relative_distance_km", row).unwrap_or(0.0),
                bearing_deg: f64_at(batch, "relative_bearing_deg", row).unwrap_or(0.0),
                radius_km: f64_at(batch, "relative_radius_km", row).unwrap_or(0.0),
                lat,
                lon,
            }),
            _ => None,
        };
        self.mentions.push(Mention {
            start,
            end,
            sentence: (sentence_start, sentence_start + sentence.len()),
            kind_hint: None,
            candidates: resolved
                .map(|p| Candidate {
                    place: p,
                    primary_name: true,
                    score: 1.0,
                })
                .into_iter()
                .collect(),
            resolution: resolved.map(|p| Resolution {
                place: p,
                confidence,
                reason: newsmap_core::RESULTS_REASON.into(),
            }),
            relative: relative.filter(|_| resolved.is_some()),
            correction: None,
        });
        place.is_none() || resolved.is_some()
    }

    fn finish(mut self, from: &str) -> ParsedDocument {
        // Held for as long as the app runs: no room to spare.
        self.mentions.shrink_to_fit();
        self.text.shrink_to_fit();
        let info = self.info;
        let doc = Document {
            path: info.path.unwrap_or_else(|| format!("{from}#{}", self.id)),
            format: Format::Results,
            title: info.title,
            author: None,
            date: info.date,
            url: info.url,
            source: info.source,
            lang: info.lang,
            text: self.text,
            boilerplate: Vec::new(),
            notes: info.warnings,
        };
        ParsedDocument::new(doc, self.mentions)
    }
}

/// The articles files under a results folder (none for one file or a mentions folder).
fn articles_files(path: &Path) -> Result<Vec<std::path::PathBuf>, ResultsError> {
    if path.is_file() || !path.join("articles").is_dir() {
        return Ok(Vec::new());
    }
    table_files(path, "articles")
}

/// The articles of one articles file: their ids in order, and what is known of each.
fn read_articles_info(
    file: &Path,
) -> Result<(Vec<String>, HashMap<String, ArticleInfo>), ResultsError> {
    let mut order = Vec::new();
    let mut info = HashMap::new();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
        std::fs::File::open(file).map_err(crate::io_error(file))?,
    )
    .and_then(|b| b.build())
    .map_err(parquet_error(file))?;
    for batch in reader {
        let batch = batch?;
        let warnings = batch
            .column_by_name("warnings")
            .and_then(|c| c.as_list_opt::<i32>().cloned());
        for row in 0..batch.num_rows() {
            let Some(id) = string_at(&batch, "id", row) else {
                continue;
            };
            let warnings = warnings
                .as_ref()
                .filter(|w| !w.is_null(row))
                .map(|w| {
                    let v = w.value(row);
                    v.as_string_opt::<i32>()
                        .map(|s| s.iter().flatten().map(str::to_string).collect())
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            let a = ArticleInfo {
                path: string_at(&batch, "path", row),
                source: string_at(&batch, "source", row),
                title: string_at(&batch, "title", row),
                date: string_at(&batch, "date", row),
                url: string_at(&batch, "url", row),
                lang: string_at(&batch, "lang", row),
                warnings,
            };
            if info.insert(id.clone(), a).is_none() {
                order.push(id);
            }
        }
    }
    Ok((order, info))
}

/// Reads the results at `path` (a results folder, a `mentions` folder, or one mentions
/// file) into documents, handing them to `on_documents` a few thousand at a time with the
/// progress so far; it returns whether to go on (`false` stops the reading: what was handed
/// over stands). Mentions of one article are expected together, as the batch writes them;
/// articles without mentions come after each part's.
pub fn open_results(
    path: &Path,
    gaz: &Gazetteer,
    on_documents: &mut dyn FnMut(Vec<ParsedDocument>, OpenProgress) -> bool,
) -> Result<OpenSummary, ResultsError> {
    const CHUNK: usize = 2_000;
    let files = table_files(path, "mentions")?;
    // Each mentions part file has its articles part of the same name (the batch writes
    // them in pairs): read a part's articles just before its mentions, so the first
    // documents come at once and only one part's articles are held at a time.
    let mut unpaired = articles_files(path)?;
    if files.is_empty() && unpaired.is_empty() {
        return Err(ResultsError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no results here: a folder written by `newsmap geoparse --format parquet`, \
                 its mentions folder, or a mentions .parquet file",
            ),
        });
    }
    let partners: Vec<Option<std::path::PathBuf>> = files
        .iter()
        .map(|m| {
            let at = unpaired
                .iter()
                .position(|a| a.file_name() == m.file_name())?;
            Some(unpaired.remove(at))
        })
        .collect();
    // Ids seen among the mentions, by hash: needed only when some articles file has no
    // mentions partner (its articles without mentions are added at the end).
    let mut seen: Option<std::collections::HashSet<u64>> =
        (!unpaired.is_empty()).then(Default::default);
    let mut progress = OpenProgress::default();
    let mut readers = Vec::new();
    for file in &files {
        let f = std::fs::File::open(file).map_err(crate::io_error(file))?;
        let builder = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .map_err(parquet_error(file))?;
        progress.rows_total +=
            usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
        readers.push((file, builder));
    }
    let from = path.display().to_string();
    let mut summary = OpenSummary::default();
    let mut out: Vec<ParsedDocument> = Vec::new();
    let mut current: Option<Building> = None;
    for ((file, builder), partner) in readers.into_iter().zip(partners) {
        let (order, mut info) = match &partner {
            Some(a) => read_articles_info(a)?,
            None => Default::default(),
        };
        let reader = builder.build().map_err(parquet_error(file))?;
        for batch in reader {
            let batch = batch?;
            for row in 0..batch.num_rows() {
                let Some(id) = string_at(&batch, "article_id", row) else {
                    continue;
                };
                if current.as_ref().is_none_or(|c| c.id != id) {
                    if let Some(done) = current.take() {
                        out.push(done.finish(&from));
                    }
                    if let Some(seen) = seen.as_mut() {
                        seen.insert(newsmap_core::key_hash(&id));
                    }
                    let a = info.remove(&id).unwrap_or_else(|| ArticleInfo {
                        title: string_at(&batch, "article_title", row),
                        date: string_at(&batch, "article_date", row),
                        source: string_at(&batch, "article_source", row),
                        ..ArticleInfo::default()
                    });
                    current = Some(Building::new(id, a));
                }
                if let Some(c) = current.as_mut()
                    && !c.add(gaz, &batch, row)
                {
                    summary.unknown_places += 1;
                }
                summary.mentions += 1;
            }
            progress.rows_done += batch.num_rows();
            if out.len() >= CHUNK {
                summary.documents += out.len();
                if !on_documents(std::mem::take(&mut out), progress) {
                    return Ok(summary);
                }
            }
        }
        if let Some(done) = current.take() {
            out.push(done.finish(&from));
        }
        // The part's articles that named no place, in their order.
        for id in order {
            if let Some(a) = info.remove(&id) {
                out.push(Building::new(id, a).finish(&from));
            }
        }
    }
    // Articles files without a mentions partner: their articles not met among the mentions.
    for a in unpaired {
        let (order, mut info) = read_articles_info(&a)?;
        for id in order {
            let met = seen
                .as_ref()
                .is_some_and(|s| s.contains(&newsmap_core::key_hash(&id)));
            if let Some(a) = info.remove(&id).filter(|_| !met) {
                out.push(Building::new(id, a).finish(&from));
            }
        }
    }
    summary.documents += out.len();
    on_documents(out, progress);
    Ok(summary)
}
