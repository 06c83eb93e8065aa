//! Output formats: the CLI's JSON report and GeoJSON.
//!
//! Offsets in the output count Unicode characters (not bytes) into the document's text.

use serde::Serialize;

use crate::collection::Collection;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::text::CharIndex;

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
}

impl PlaceOut {
    /// The report form of a gazetteer place.
    pub fn new(gaz: &Gazetteer, id: PlaceId) -> Self {
        let p = gaz.place(id);
        PlaceOut {
            id: p.id.clone(),
            name: p.name.clone(),
            kind: p.kind.as_str(),
            lat: p.lat,
            lon: p.lon,
            country: gaz.country_name(p).map(str::to_string),
            country_code: (!p.country.is_empty()).then(|| p.country.clone()),
            region: gaz.region_name(p).map(str::to_string),
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

fn relative_out(gaz: &Gazetteer, m: &crate::geoparse::Mention) -> Option<RelativeOut> {
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
                .map(|m| {
                    let start = idx.chars_at(m.start);
                    let end = idx.chars_at(m.end);
                    MentionOut {
                        start,
                        end,
                        surface: m.surface(text).to_string(),
                        sentence: m.sentence_text(text).to_string(),
                        place: m.resolution.as_ref().map(|r| PlaceOut::new(gaz, r.place)),
                        confidence: m.resolution.as_ref().map_or(0.0, |r| round3(r.confidence)),
                        approximate: m.is_approximate(),
                        relative: relative_out(gaz, m),
                    }
                })
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
                text: with_text.then(|| text.clone()),
                boilerplate,
                mentions,
                warnings: Vec::new(),
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
        text: None,
        boilerplate: None,
        mentions: Vec::new(),
        warnings: vec![w.message.clone()],
    }));
    Report { documents }
}

fn round3(x: f64) -> f64 {
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
        }
    }
}

/// A GeoJSON FeatureCollection with one Point per resolved place.
pub fn geojson(gaz: &Gazetteer, coll: &Collection) -> serde_json::Value {
    let features: Vec<serde_json::Value> = coll
        .places(gaz)
        .iter()
        .map(|pm| {
            let p = PlaceOut::new(gaz, pm.place);
            let excerpts: Vec<ExcerptOut> = pm
                .mentions
                .iter()
                .filter_map(|&r| coll.mention(r))
                .map(|(d, m)| ExcerptOut::new(d, m))
                .collect();
            serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "country_code": p.country_code,
                    "region": p.region,
                    "mentions": pm.mentions.len(),
                    "excerpts": excerpts,
                }
            })
        })
        .collect();
    // Relative locations: one approximate point each, with its uncertainty.
    let mut features = features;
    for d in &coll.documents {
        for m in d.mentions.iter().filter(|m| !d.in_boilerplate(m)) {
            let Some(rel) = relative_out(gaz, m) else {
                continue;
            };
            let anchor = m
                .resolution
                .as_ref()
                .map(|r| gaz.place(r.place).name.clone());
            features.push(serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [rel.lon, rel.lat]},
                "properties": {
                    "id": format!("{}+{}km@{}", rel.anchor, rel.distance_km, rel.bearing_deg),
                    "name": relative_label(rel.distance_km, rel.bearing_deg, anchor.as_deref().unwrap_or("")),
                    "kind": "relative",
                    "approximate": true,
                    "relative": rel,
                    "mentions": 1,
                    "excerpts": [ExcerptOut::new(d, m)],
                }
            }));
        }
    }
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

/// "10 km S of Kurakhove", "outskirts of Bakhmut".
pub fn relative_label(distance_km: f64, bearing_deg: f64, anchor: &str) -> String {
    if distance_km <= 0.0 {
        return format!("outskirts of {anchor}");
    }
    const POINTS: [&str; 8] = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    let i = ((bearing_deg.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8;
    format!("{distance_km:.0} km {} of {anchor}", POINTS[i])
}

/// A file format for exports from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GeoJSON FeatureCollection.
    GeoJson,
    /// CSV, a row per mention.
    Csv,
    /// KML placemarks.
    Kml,
}

impl ExportFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::GeoJson => "geojson",
            ExportFormat::Csv => "csv",
            ExportFormat::Kml => "kml",
        }
    }
}

/// Writes an export of what `filter` keeps to `path`.
pub fn write_export(
    path: &std::path::Path,
    format: ExportFormat,
    gaz: &Gazetteer,
    coll: &Collection,
    _filter: &crate::filter::Filter,
) -> std::io::Result<()> {
    let text = match format {
        ExportFormat::GeoJson => serde_json::to_string_pretty(&geojson(gaz, coll))?,
        _ => return Err(std::io::Error::other("not yet")),
    };
    std::fs::write(path, text)
}
