//! Places the user adds to the gazetteer: front-line villages, hamlets and landmarks the
//! bundled data lacks, with their spellings in several scripts. They are appended to the
//! bundled gazetteer ([`gazetteer_with`]), so the geoparser finds them from then on, and they
//! are kept with the workspace and read from and written to CSV and GeoJSON.

use serde::{Deserialize, Serialize};

use crate::gazetteer::{Gazetteer, OWN_ID_PREFIX, Place, PlaceKind};

/// A place the user added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnPlace {
    /// Stable id, `own:` and a slug of the name (`own:robotyne`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings and scripts ("Роботине", "Работино").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 code of its country (may be empty).
    #[serde(default)]
    pub country: String,
    /// GeoNames first-level code of its region (`UA.26`; may be empty).
    #[serde(default)]
    pub region: String,
    /// Whether the geoparser finds it in text by its names. A place made by clicking the
    /// map for one correction is not: only that correction points at it.
    #[serde(default = "yes")]
    pub find_in_text: bool,
}

fn yes() -> bool {
    true
}

/// What is wrong with a place the user gave.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OwnPlaceError {
    /// No name.
    #[error("a place needs a name")]
    NoName,
    /// Coordinates outside the globe.
    #[error("{0}: latitude must be within ±90° and longitude within ±180°")]
    BadPoint(String),
    /// A row or feature of an imported file is malformed.
    #[error("{what} {n}: {reason}")]
    Malformed {
        /// "row" or "feature".
        what: &'static str,
        /// 1-based.
        n: usize,
        /// What is wrong.
        reason: String,
    },
    /// The file is not CSV or GeoJSON of places.
    #[error("{0}")]
    Format(String),
}

impl OwnPlace {
    /// A new place with an id not used by `existing`. The country and region are taken
    /// from `region` when it is a GeoNames first-level code (`UA.26`) or a region's name the
    /// gazetteer knows, else left empty.
    pub fn new(
        gaz: &Gazetteer,
        existing: &[OwnPlace],
        name: &str,
        aliases: Vec<String>,
        kind: PlaceKind,
        (lat, lon): (f64, f64),
        region: &str,
    ) -> Result<Self, OwnPlaceError> {
        let taken = |id: &str| existing.iter().any(|p| p.id == id);
        Self::build(gaz, &taken, name, aliases, kind, (lat, lon), region)
    }

    /// [`OwnPlace::new`] with the ids already used told by `taken`.
    fn build(
        gaz: &Gazetteer,
        taken: &dyn Fn(&str) -> bool,
        name: &str,
        aliases: Vec<String>,
        kind: PlaceKind,
        (lat, lon): (f64, f64),
        region: &str,
    ) -> Result<Self, OwnPlaceError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(OwnPlaceError::NoName);
        }
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(OwnPlaceError::BadPoint(name.to_string()));
        }
        let (country, region) = region_codes(gaz, region.trim());
        let mut aliases: Vec<String> = aliases
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty() && a != name)
            .collect();
        aliases.dedup();
        Ok(OwnPlace {
            id: unique_id(name, taken),
            name: name.to_string(),
            aliases,
            kind,
            lat,
            lon,
            country,
            region,
            find_in_text: true,
        })
    }

    /// The names the geoparser finds it by: its name and aliases, or none.
    pub fn names(&self) -> Vec<String> {
        if !self.find_in_text {
            return Vec::new();
        }
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .cloned()
            .collect()
    }

    /// The gazetteer entry for this place.
    pub fn to_place(&self) -> Place {
        Place {
            id: self.id.clone(),
            kind: self.kind,
            name: self.name.clone(),
            lat: self.lat,
            lon: self.lon,
            country: self.country.clone(),
            admin1: self.region.clone(),
            admin2: String::new(),
            radius_km: 0.0,
            population: 0,
        }
    }
}

/// (country code, admin1 code) for what the user typed as a region: a code (`UA.26`) or a
/// region's name ("Zaporizhzhia Oblast", "Zaporizhzhia").
fn region_codes(gaz: &Gazetteer, region: &str) -> (String, String) {
    if region.is_empty() {
        return (String::new(), String::new());
    }
    let by_code = gaz.region(region);
    let by_name = || {
        let key = region
            .trim_end_matches(" region")
            .trim_end_matches(" Region")
            .trim_end_matches(" oblast")
            .to_string();
        [region, key.as_str()].into_iter().find_map(|n| {
            gaz.lookup(n)
                .into_iter()
                .map(|h| h.place)
                .find(|&p| gaz.place(p).kind == PlaceKind::Region)
        })
    };
    match by_code.or_else(by_name) {
        Some(r) => {
            let p = gaz.place(r);
            (p.country.clone(), p.admin1.clone())
        }
        None => (String::new(), String::new()),
    }
}

/// `own:` and a slug of the name, with a number when that is taken.
fn unique_id(name: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let slug: String = crate::text::fold_name(name)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "place" } else { slug };
    let base = format!("{OWN_ID_PREFIX}{slug}");
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The bundled gazetteer with the user's places appended (ids of bundled places unchanged).
pub fn gazetteer_with(base: &Gazetteer, own: &[OwnPlace]) -> Gazetteer {
    let extra: Vec<(Place, Vec<String>)> = own.iter().map(|p| (p.to_place(), p.names())).collect();
    base.with_extra_places(&extra)
}

/// The columns of the CSV form.
pub const CSV_HEADER: [&str; 8] = [
    "id", "name", "aliases", "kind", "lat", "lon", "country", "region",
];

/// The places as CSV (aliases separated by `|`).
pub fn to_csv(places: &[OwnPlace]) -> Result<String, OwnPlaceError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| OwnPlaceError::Format(format!("cannot write CSV: {e}"));
    w.write_record(CSV_HEADER).map_err(fail)?;
    for p in places {
        w.write_record([
            p.id.as_str(),
            &p.name,
            &p.aliases.join("|"),
            p.kind.as_str(),
            &p.lat.to_string(),
            &p.lon.to_string(),
            &p.country,
            &p.region,
        ])
        .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| OwnPlaceError::Format(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| OwnPlaceError::Format(e.to_string()))
}

/// Places read from CSV with a header naming at least `name`, `lat` and `lon` (also
/// `latitude`/`longitude`), and optionally `aliases` (separated by `|` or `;`), `kind`,
/// `region` (a code or a name) and `id`. Rows that cannot be read are reported and skipped.
pub fn from_csv(
    gaz: &Gazetteer,
    existing: &[OwnPlace],
    text: &str,
) -> Result<(Vec<OwnPlace>, Vec<OwnPlaceError>), OwnPlaceError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| OwnPlaceError::Format(format!("not a CSV file: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(OwnPlaceError::Format("the CSV file is empty".into()));
    }
    let mut rows: Vec<Result<Vec<String>, String>> = Vec::new();
    for r in reader.records() {
        rows.push(
            r.map(|r| r.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string()),
        );
    }
    let body = &rows;
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
    };
    let (Some(name_c), Some(lat_c), Some(lon_c)) = (
        col(&["name"]),
        col(&["lat", "latitude"]),
        col(&["lon", "lng", "longitude"]),
    ) else {
        return Err(OwnPlaceError::Format(
            "the CSV header needs name, lat and lon columns".into(),
        ));
    };
    let (aliases_c, kind_c, region_c) = (
        col(&["aliases", "names"]),
        col(&["kind"]),
        col(&["region", "admin1"]),
    );
    let mut out: Vec<OwnPlace> = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let bad = |reason: String| OwnPlaceError::Malformed {
            what: "row",
            n: i + 2,
            reason,
        };
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                problems.push(bad(e.clone()));
                continue;
            }
        };
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map_or("", |s| s.trim());
        let lat = cell(Some(lat_c)).parse::<f64>();
        let lon = cell(Some(lon_c)).parse::<f64>();
        let (Ok(lat), Ok(lon)) = (lat, lon) else {
            problems.push(bad("lat and lon must be numbers".into()));
            continue;
        };
        let kind = match cell(kind_c) {
            "" => PlaceKind::City,
            k => match PlaceKind::parse(&k.to_lowercase()) {
                Some(k) => k,
                None => {
                    problems.push(bad(format!("unknown kind {k:?}")));
                    continue;
                }
            },
        };
        let aliases = cell(aliases_c)
            .split(['|', ';'])
            .map(str::to_string)
            .collect();
        let taken = |id: &str| existing.iter().chain(&out).any(|p| p.id == id);
        let built = OwnPlace::build(
            gaz,
            &taken,
            cell(Some(name_c)),
            aliases,
            kind,
            (lat, lon),
            cell(region_c),
        );
        match built {
            Ok(p) => out.push(p),
            Err(e) => problems.push(bad(e.to_string())),
        }
    }
    Ok((out, problems))
}

/// The places as a GeoJSON FeatureCollection of points.
pub fn to_geojson(places: &[OwnPlace]) -> serde_json::Value {
    let features: Vec<serde_json::Value> = places
        .iter()
        .map(|p| {
            serde_json::json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "aliases": p.aliases,
                    "kind": p.kind.as_str(),
                    "country": p.country,
                    "region": p.region,
                }
            })
        })
        .collect();
    serde_json::json!({"type": "FeatureCollection", "features": features})
}

/// Places read from a GeoJSON FeatureCollection of points with a `name` property (and
/// optionally `aliases`, `kind`, `region`). Features that cannot be read are reported and
/// skipped.
pub fn from_geojson(
    gaz: &Gazetteer,
    existing: &[OwnPlace],
    text: &str,
) -> Result<(Vec<OwnPlace>, Vec<OwnPlaceError>), OwnPlaceError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| OwnPlaceError::Format(format!("not valid JSON: {e}")))?;
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return Err(OwnPlaceError::Format(
            "not a GeoJSON FeatureCollection".into(),
        ));
    };
    let mut out: Vec<OwnPlace> = Vec::new();
    let mut problems = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let bad = |reason: &str| OwnPlaceError::Malformed {
            what: "feature",
            n: i + 1,
            reason: reason.to_string(),
        };
        let coords = f
            .pointer("/geometry/coordinates")
            .and_then(|c| c.as_array())
            .filter(|_| f.pointer("/geometry/type").and_then(|t| t.as_str()) == Some("Point"));
        let point = coords.and_then(|c| Some((c.get(1)?.as_f64()?, c.first()?.as_f64()?)));
        let Some(point) = point else {
            problems.push(bad("not a point"));
            continue;
        };
        let prop = |k: &str| f.pointer(&format!("/properties/{k}"));
        let text_prop = |k: &str| prop(k).and_then(|v| v.as_str()).unwrap_or("");
        let aliases: Vec<String> = match prop("aliases") {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(serde_json::Value::String(s)) => s.split(['|', ';']).map(str::to_string).collect(),
            _ => Vec::new(),
        };
        let kind = match text_prop("kind") {
            "" => PlaceKind::City,
            k => match PlaceKind::parse(k) {
                Some(k) => k,
                None => {
                    problems.push(bad(&format!("unknown kind {k:?}")));
                    continue;
                }
            },
        };
        let taken = |id: &str| existing.iter().chain(&out).any(|p| p.id == id);
        let built = OwnPlace::build(
            gaz,
            &taken,
            text_prop("name"),
            aliases,
            kind,
            point,
            text_prop("region"),
        );
        match built {
            Ok(p) => out.push(p),
            Err(e) => problems.push(bad(&e.to_string())),
        }
    }
    Ok((out, problems))
}
