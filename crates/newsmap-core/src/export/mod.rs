//! Output formats: the CLI's JSON report, and exports of a selection of the collection
//! (everything, or what a [`Filter`] keeps) as GeoJSON, CSV and KML.
//!
//! Offsets in the JSON report count Unicode characters (not bytes) into the document's
//! text. Every output lists documents in load order and mentions in text order; places
//! come most mentioned first (ties by name, then id), as in [`Collection::places`].

mod csv;
mod geojson;
mod kml;

use std::path::Path;

use serde::Serialize;

use crate::collection::{Collection, MentionRef, ParsedDocument};
use crate::filter::Filter;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::geoparse::Mention;
use crate::text::CharIndex;

pub use self::csv::{CSV_COLUMNS, csv};
pub use self::geojson::{GeoJsonOptions, geojson, geojson_with};
pub use self::kml::kml;

/// A place as written in reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlaceOut {
    /// Stable id (GeoNames id where there is one).
    pub id: String,
    /// Display name.
    pub name: String,
    /// `country`, `region` or `city`.
    pub kind: &'static str,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country.
    pub country_code: Option<String>,
    /// First-level region name (for cities).
    pub region: Option<String>,
    /// Second-level unit ("Bakhmut Raion"), where the gazetteer knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// How far from its point the place may lie, in km, for a place whose point is its
    /// unit's centre (a village the register names without a trustworthy point).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<f64>,
}

impl PlaceOut {
    /// The report form of a gazetteer place.
    pub fn new(gaz: &Gazetteer, id: PlaceId) -> Self {
        let p = gaz.place(id);
        PlaceOut {
            id: p.id.clone(),
            name: gaz.display_name(p).to_string(),
            kind: p.kind.as_str(),
            lat: p.lat,
            lon: p.lon,
            country: gaz.country_name(p).map(str::to_string),
            country_code: (!p.country.is_empty()).then(|| p.country.clone()),
            region: gaz.region_name(p).map(str::to_string),
            district: (!p.admin2.is_empty()).then(|| p.admin2.clone()),
            radius_km: (p.radius_km > 0.0).then(|| round3(f64::from(p.radius_km))),
        }
    }
}

/// One mention in the JSON report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MentionOut {
    /// Character offset of the name in the text.
    pub start: usize,
    /// Character offset past the name.
    pub end: usize,
    /// The name as written.
    pub surface: String,
    /// The sentence it stands in.
    pub sentence: String,
    /// The place, or null when unresolved.
    pub place: Option<PlaceOut>,
    /// Confidence of the resolution, 0 when unresolved.
    pub confidence: f64,
    /// A relative location or a low-confidence match: the pin is approximate.
    pub approximate: bool,
    /// Where the text puts the event relative to the place ("10 km south of Kurakhove").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeOut>,
}

/// A relative location in reports.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RelativeOut {
    /// The id of the place it is relative to.
    pub anchor: String,
    /// Distance from the anchor, km.
    pub distance_km: f64,
    /// Bearing from the anchor, degrees clockwise from north.
    pub bearing_deg: f64,
    /// Uncertainty radius, km.
    pub radius_km: f64,
    /// The derived point's latitude.
    pub lat: f64,
    /// The derived point's longitude.
    pub lon: f64,
}

pub(crate) fn relative_out(gaz: &Gazetteer, m: &crate::geoparse::Mention) -> Option<RelativeOut> {
    let rel = m.relative?;
    let anchor = gaz.place(m.resolution.as_ref()?.place).id.clone();
    Some(RelativeOut {
        anchor,
        distance_km: round3(rel.distance_km),
        bearing_deg: rel.bearing_deg,
        radius_km: round3(rel.radius_km),
        lat: (rel.lat * 1e5).round() / 1e5,
        lon: (rel.lon * 1e5).round() / 1e5,
    })
}

/// One document in the JSON report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentOut {
    /// The file it came from (`#item3` for a feed item or message, `!/member` inside an
    /// archive).
    pub path: String,
    /// Site, feed or sender; the path when neither is known.
    pub source: String,
    /// Kind of file (`html`, `pdf`, `feed`...); null for a file that gave nothing.
    pub format: Option<crate::ingest::Format>,
    /// Its title.
    pub title: Option<String>,
    /// Its author.
    pub author: Option<String>,
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Its canonical address.
    pub url: Option<String>,
    /// The language of its text (`en`, `uk`, `ru`, `be`, `bg`, or an ISO 639-3 code),
    /// when it could be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The extracted text the offsets count into (with `--with-text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Character ranges of boilerplate in the text (appeals, footers), whose place names
    /// are left out of `mentions` (with `--with-text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<Vec<(usize, usize)>>,
    /// Its place names (outside boilerplate).
    pub mentions: Vec<MentionOut>,
    /// Problems met reading it.
    pub warnings: Vec<String>,
    /// The same article as this other document (its path), which is shown for both on the
    /// map; this one keeps its own mentions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// An update of this earlier report (its path): the same text with figures changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_of: Option<String>,
}

/// The JSON report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    /// Documents in load order; files that gave no document appear with their warnings.
    pub documents: Vec<DocumentOut>,
}

/// The JSON report of a collection; `with_text` adds each document's text.
pub fn report(gaz: &Gazetteer, coll: &Collection, with_text: bool) -> Report {
    let mut documents: Vec<DocumentOut> = coll
        .documents
        .iter()
        .map(|pd| {
            let text = &pd.doc.text;
            let mut idx = CharIndex::new(text);
            let mentions = pd
                .mentions
                .iter()
                .filter(|m| !pd.in_boilerplate(m))
                .map(|m| mention_out(gaz, text, &mut idx, m))
                .collect();
            let boilerplate = with_text.then(|| {
                let mut idx = CharIndex::new(text);
                pd.doc
                    .boilerplate
                    .iter()
                    .map(|&(a, b)| (idx.chars_at(a), idx.chars_at(b)))
                    .collect()
            });
            DocumentOut {
                path: pd.doc.path.clone(),
                source: pd.doc.source.clone().unwrap_or_else(|| pd.doc.path.clone()),
                format: Some(pd.doc.format),
                title: pd.doc.title.clone(),
                author: pd.doc.author.clone(),
                date: pd.doc.date.clone(),
                url: pd.doc.url.clone(),
                lang: pd.doc.lang.clone(),
                text: with_text.then(|| text.clone()),
                boilerplate,
                mentions,
                warnings: pd.doc.notes.clone(),
                duplicate_of: linked(coll, pd, true),
                update_of: linked(coll, pd, false),
            }
        })
        .collect();
    documents.extend(coll.warnings.iter().map(|w| DocumentOut {
        path: w.source.clone(),
        source: w.source.clone(),
        format: None,
        title: None,
        author: None,
        date: None,
        url: None,
        lang: None,
        text: None,
        boilerplate: None,
        mentions: Vec::new(),
        warnings: vec![w.message.clone()],
        duplicate_of: None,
        update_of: None,
    }));
    Report { documents }
}

/// One mention as the JSON report writes it: offsets in characters of `text`, through
/// `idx` (mentions in text order).
pub(crate) fn mention_out(
    gaz: &Gazetteer,
    text: &str,
    idx: &mut CharIndex<'_>,
    m: &crate::geoparse::Mention,
) -> MentionOut {
    MentionOut {
        start: idx.chars_at(m.start),
        end: idx.chars_at(m.end),
        surface: m.surface(text).to_string(),
        sentence: m.sentence_text(text).to_string(),
        place: m.resolution.as_ref().map(|r| PlaceOut::new(gaz, r.place)),
        confidence: m.resolution.as_ref().map_or(0.0, |r| round3(r.confidence)),
        approximate: m.is_approximate(),
        relative: relative_out(gaz, m),
    }
}

/// The path of the document `pd` copies (`copy`) or updates.
fn linked(coll: &Collection, pd: &ParsedDocument, copy: bool) -> Option<String> {
    let n = match (pd.link?, copy) {
        (crate::collection::Link::CopyOf(n), true)
        | (crate::collection::Link::UpdateOf(n), false) => n,
        _ => return None,
    };
    coll.documents.get(n).map(|d| d.doc.path.clone())
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// An excerpt in GeoJSON properties.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExcerptOut {
    /// The document's source (site, feed or sender; else its file name).
    pub source: String,
    /// The document's title.
    pub title: Option<String>,
    /// The document's date.
    pub date: Option<String>,
    /// The document's address.
    pub url: Option<String>,
    /// The name as written.
    pub surface: String,
    /// The sentence.
    pub sentence: String,
    /// Whether a user's correction decided the mention's place.
    pub corrected: bool,
}

impl ExcerptOut {
    /// The excerpt of one mention.
    pub fn new(d: &crate::collection::ParsedDocument, m: &crate::geoparse::Mention) -> Self {
        ExcerptOut {
            source: d.doc.source_label(),
            title: d.doc.title.clone(),
            date: d.doc.date.clone(),
            url: d.doc.url.clone(),
            surface: m.surface(&d.doc.text).to_string(),
            sentence: m.sentence_text(&d.doc.text).to_string(),
            corrected: m.correction.is_some(),
        }
    }
}

/// "10 km S of Kurakhove", "outskirts of Bakhmut".
pub fn relative_label(distance_km: f64, bearing_deg: f64, anchor: &str) -> String {
    if distance_km <= 0.0 {
        return format!("outskirts of {anchor}");
    }
    format!(
        "{distance_km:.0} km {} of {anchor}",
        compass_point(bearing_deg)
    )
}

/// The nearest of the eight compass points to a bearing (degrees clockwise from north):
/// "N", "NE", ... "NW". The one formatter of directions, for labels, the correction window
/// and the map.
pub fn compass_point(bearing_deg: f64) -> &'static str {
    const POINTS: [&str; 8] = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    POINTS[((bearing_deg.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8]
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing a CSV row failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] ::csv::Error),
    /// The bundled region or country shapes could not be read.
    #[error("cannot read the bundled region shapes: {0}")]
    Shapes(String),
    /// Writing the file failed.
    #[error("cannot write {path}: {source}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A format the collection (or a filtered part of it) can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GeoJSON FeatureCollection ([`geojson_with`]).
    GeoJson(GeoJsonOptions),
    /// One row per mention ([`csv()`]).
    Csv,
    /// KML 2.2 placemarks ([`kml()`]).
    Kml,
}

impl ExportFormat {
    /// The usual file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::GeoJson(_) => "geojson",
            ExportFormat::Csv => "csv",
            ExportFormat::Kml => "kml",
        }
    }

    /// The format a file name's extension names (`.geojson` or `.json`, `.csv`, `.kml`;
    /// any case), GeoJSON with default options.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "geojson" | "json" => Some(ExportFormat::GeoJson(GeoJsonOptions::default())),
            "csv" => Some(ExportFormat::Csv),
            "kml" => Some(ExportFormat::Kml),
            _ => None,
        }
    }
}

/// The export of what `filter` keeps (everything with `Filter::default()`) as text.
pub fn export(
    format: ExportFormat,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
) -> Result<String, ExportError> {
    let bytes = export_to(Vec::new(), format, gaz, coll, filter)?;
    String::from_utf8(bytes)
        .map_err(|e| ExportError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// Writes the export of what `filter` keeps to `out` as it goes (a feature, placemark or
/// row at a time: an export of ten million names holds none of it in memory), and gives
/// `out` back.
pub fn export_to<W: std::io::Write>(
    out: W,
    format: ExportFormat,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
) -> Result<W, ExportError> {
    match format {
        ExportFormat::GeoJson(options) => geojson::write_geojson(out, gaz, coll, filter, &options),
        ExportFormat::Csv => csv::write_csv(out, gaz, coll, filter),
        ExportFormat::Kml => kml::write_kml(out, gaz, coll, filter),
    }
}

/// Writes the export of what `filter` keeps to a file, in UTF-8: into a temporary file
/// beside it, renamed into place when complete (a failed export leaves the file as it was).
pub fn write_export(
    path: &Path,
    format: ExportFormat,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
) -> Result<(), ExportError> {
    let fail = |source| ExportError::File {
        path: path.display().to_string(),
        source,
    };
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(".part");
    let tmp = std::path::PathBuf::from(tmp);
    let written = std::fs::File::create(&tmp)
        .map_err(fail)
        .and_then(|f| export_to(std::io::BufWriter::new(f), format, gaz, coll, filter))
        .and_then(|w| w.into_inner().map_err(|e| fail(e.into_error())))
        .and_then(|f| f.sync_all().map_err(fail));
    match written {
        Ok(()) => std::fs::rename(&tmp, path).map_err(fail),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// The mentions an export of `filter` holds, in document load order then text order,
/// boilerplate and copies of other documents left out. A resolved mention is kept as [`Filter::keeps`] says; an
/// unresolved one (or one a correction marked "not a place") is kept while its document
/// passes [`Filter::keeps_document`], the filter asks nothing of the place (no country, no
/// region, no least confidence) and the search text, if any, is in its sentence or its document's title or source.
pub fn selected_mentions(gaz: &Gazetteer, coll: &Collection, filter: &Filter) -> Vec<MentionRef> {
    let query = filter.query.trim().to_lowercase();
    let mut out = Vec::new();
    for (d, pd) in coll.documents.iter().enumerate() {
        if pd.is_copy() || !filter.keeps_document(pd) {
            continue;
        }
        for (k, m) in pd.mentions.iter().enumerate() {
            if pd.in_boilerplate(m) {
                continue;
            }
            let keep = if m.resolution.is_some() {
                filter.keeps(gaz, pd, m, &query)
            } else {
                keeps_unresolved(filter, pd, m, &query)
            };
            if keep {
                out.push(MentionRef { doc: d, mention: k });
            }
        }
    }
    out
}

fn keeps_unresolved(filter: &Filter, pd: &ParsedDocument, m: &Mention, query: &str) -> bool {
    if filter.country.is_some() || filter.region.is_some() || filter.min_confidence > 0.0 {
        return false;
    }
    query.is_empty() || crate::filter::sentence_or_title_hit(pd, m, query)
}

/// The relative locations an export of `filter` holds, in document then text order.
fn selected_relatives(gaz: &Gazetteer, coll: &Collection, filter: &Filter) -> Vec<MentionRef> {
    selected_mentions(gaz, coll, filter)
        .into_iter()
        .filter(|&r| coll.mention(r).is_some_and(|(_, m)| m.relative.is_some()))
        .collect()
}
