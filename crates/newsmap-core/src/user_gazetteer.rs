//! Gazetteers the user adds (issue 13): GeoNames' own dumps (`UA.txt`, `RU.txt`,
//! `allCountries.txt` or `.zip`: 19 tab-separated columns) read as they are, their feature
//! codes mapped to newsmap's kinds, or a CSV or GeoJSON of places (the "Your places"
//! format). Bad rows are counted and reported, never fatal; places the bundled gazetteer
//! has already (the same GeoNames id) are left out.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use crate::gazetteer::{Gazetteer, Place, PlaceKind};
use crate::gazetteer_index::IndexedGazetteer;

/// A gazetteer file that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum UserGazetteerError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a gazetteer newsmap reads.
    #[error("{path}: {reason}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// What a gazetteer file gave.
#[derive(Debug, Default)]
pub struct UserPlaces {
    /// The places, each with the names to index (its display name first).
    pub places: Vec<(Place, Vec<String>)>,
    /// Rows left out, by reason ("a feature newsmap does not map": mountains, buildings…;
    /// "already in the bundled gazetteer"; "bad coordinates").
    pub skipped: BTreeMap<String, usize>,
    /// The first rows that could not be read, with their line numbers.
    pub problems: Vec<String>,
}

/// What one gazetteer file added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file.
    pub path: String,
    /// How many places it added.
    pub places: usize,
    /// Rows left out, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// The first rows that could not be read.
    pub problems: Vec<String>,
    /// The index file a GeoNames dump was compiled into (see [`IndexedGazetteer`]).
    pub index: Option<String>,
}

impl FileReport {
    /// "UA.txt: 12,345 places; skipped: 3 bad coordinates, 40 features newsmap does not map".
    pub fn summary(&self) -> String {
        let noun = if self.places == 1 { "place" } else { "places" };
        let mut s = format!(
            "{}: {} {noun}",
            self.path,
            crate::text::thousands(self.places as u64)
        );
        if !self.skipped.is_empty() {
            let parts: Vec<String> = self
                .skipped
                .iter()
                .map(|(why, n)| format!("{} {why}", crate::text::thousands(*n as u64)))
                .collect();
            s.push_str(&format!("; skipped: {}", parts.join(", ")));
        }
        if let Some(ix) = &self.index {
            s.push_str(&format!(" (read from its index {ix})"));
        }
        s
    }
}

impl UserPlaces {
    fn skip(&mut self, why: &str, line: usize, detail: Option<&str>) {
        *self.skipped.entry(why.to_string()).or_default() += 1;
        if let Some(d) = detail
            && self.problems.len() < MAX_PROBLEMS
        {
            self.problems.push(format!("line {line}: {d}"));
        }
    }
}

/// Problems kept word for word (the rest are counted).
const MAX_PROBLEMS: usize = 20;

/// The kind a GeoNames feature class and code map to, if newsmap keeps such features.
pub fn geonames_kind(class: &str, code: &str) -> Option<PlaceKind> {
    match (class, code) {
        ("P", _) => Some(PlaceKind::City),
        ("A", c) if c.starts_with("PCL") => Some(PlaceKind::Country),
        ("A", "ADM1") => Some(PlaceKind::Region),
        ("A", "ADM2" | "ADM3") => Some(PlaceKind::District),
        ("L", "CONT" | "RGN") => Some(PlaceKind::Continent),
        ("H", "SEA" | "GULF" | "BAY" | "STRT" | "LK" | "LKS" | "STM" | "RSV") => {
            Some(PlaceKind::Water)
        }
        _ => None,
    }
}

/// Whether `path` names a GeoNames dump (`.txt`, or a `.zip` holding one) rather than a
/// CSV or GeoJSON of places.
pub fn is_geonames_dump(path: &Path) -> bool {
    let lower = path.display().to_string().to_lowercase();
    !(lower.ends_with(".csv") || lower.ends_with(".geojson") || lower.ends_with(".json"))
}

/// Reads a gazetteer file: GeoNames' dump (`.txt`, or a `.zip` holding one), or a CSV or
/// GeoJSON of places. `base` is the gazetteer it adds to (places it holds are left out).
/// The places are all held in memory: [`gazetteer_with_files`] compiles dumps into an index
/// instead.
pub fn read_gazetteer_file(
    path: &Path,
    base: &Gazetteer,
) -> Result<UserPlaces, UserGazetteerError> {
    let name = path.display().to_string();
    if is_geonames_dump(path) {
        let mut places = Vec::new();
        let mut out = scan_gazetteer_file(path, base, |p, n| places.push((p, n)))?;
        out.places = places;
        return Ok(out);
    }
    let lower = name.to_lowercase();
    let text = std::fs::read_to_string(path).map_err(|source| UserGazetteerError::Io {
        path: name.clone(),
        source,
    })?;
    let read = if lower.ends_with(".csv") {
        crate::own_places::from_csv(base, &[], &text)
    } else {
        crate::own_places::from_geojson(base, &[], &text)
    };
    let (own, problems) = read.map_err(|e| UserGazetteerError::Format {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    let mut out = UserPlaces::default();
    for p in own {
        let mut place = p.to_place();
        // Not the user's own: a gazetteer they brought.
        place.id = format!("user:{}", place.id.trim_start_matches("own:"));
        out.places.push((place, p.names()));
    }
    for p in problems {
        out.skip("unreadable rows", 0, Some(&p.to_string()));
    }
    Ok(out)
}

/// Reads a GeoNames dump (`.txt`, or a `.zip` holding one) row by row, giving each place
/// and its names to `sink`; returns what was skipped (its `places` stay empty).
pub fn scan_gazetteer_file(
    path: &Path,
    base: &Gazetteer,
    sink: impl FnMut(Place, Vec<String>),
) -> Result<UserPlaces, UserGazetteerError> {
    let name = path.display().to_string();
    let io = |source| UserGazetteerError::Io {
        path: name.clone(),
        source,
    };
    if name.to_lowercase().ends_with(".zip") {
        let file = std::fs::File::open(path).map_err(io)?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| UserGazetteerError::Format {
            path: name.clone(),
            reason: format!("not a zip archive: {e}"),
        })?;
        let member = (0..archive.len())
            .find(|&i| {
                archive
                    .by_index(i)
                    .is_ok_and(|f| f.name().is_ok_and(|n| n.to_lowercase().ends_with(".txt")))
            })
            .ok_or_else(|| UserGazetteerError::Format {
                path: name.clone(),
                reason: "the archive holds no .txt GeoNames dump".into(),
            })?;
        let entry = archive
            .by_index(member)
            .map_err(|e| UserGazetteerError::Format {
                path: name.clone(),
                reason: e.to_string(),
            })?;
        return Ok(scan_geonames(BufReader::new(entry), base, sink));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    Ok(scan_geonames(BufReader::new(file), base, sink))
}

/// Reads GeoNames' 19-column dump (geonameid, name, asciiname, alternatenames, latitude,
/// longitude, feature class, feature code, country code, cc2, admin1, admin2, admin3,
/// admin4, population, elevation, dem, timezone, modification date).
pub fn read_geonames(reader: impl BufRead, base: &Gazetteer) -> UserPlaces {
    let mut places = Vec::new();
    let mut out = scan_geonames(reader, base, |p, n| places.push((p, n)));
    out.places = places;
    out
}

/// [`read_geonames`], giving each place to `sink` instead of keeping it.
fn scan_geonames(
    reader: impl BufRead,
    base: &Gazetteer,
    mut sink: impl FnMut(Place, Vec<String>),
) -> UserPlaces {
    let mut out = UserPlaces::default();
    let mut line = String::new();
    let mut reader = reader;
    let mut n = 0;
    loop {
        line.clear();
        match reader.by_ref().take(1 << 20).read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                out.skip("unreadable rows", n + 1, Some(&e.to_string()));
                break;
            }
        }
        n += 1;
        let row = line.trim_end_matches(['\n', '\r']);
        if row.is_empty() || row.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 15 {
            out.skip(
                "rows with fewer than 15 columns",
                n,
                Some(&format!("{} columns", cols.len())),
            );
            continue;
        }
        let Some(kind) = geonames_kind(cols[6], cols[7]) else {
            out.skip(
                "features newsmap does not map (mountains, buildings…)",
                n,
                None,
            );
            continue;
        };
        let (Ok(lat), Ok(lon)) = (cols[4].parse::<f64>(), cols[5].parse::<f64>()) else {
            out.skip(
                "bad coordinates",
                n,
                Some(&format!("{:?} {:?}", cols[4], cols[5])),
            );
            continue;
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            out.skip("bad coordinates", n, Some(&format!("{lat}, {lon}")));
            continue;
        }
        let id = cols[0].trim();
        if id.is_empty() || cols[1].trim().is_empty() {
            out.skip("rows without an id or a name", n, None);
            continue;
        }
        if base.find_id(id).is_some() {
            out.skip("already in the bundled gazetteer", n, None);
            continue;
        }
        let country = cols[8].trim().to_string();
        let admin1 = match (country.is_empty(), cols[10].trim()) {
            (false, a1) if !a1.is_empty() && kind != PlaceKind::Country => {
                format!("{country}.{a1}")
            }
            _ => String::new(),
        };
        let place = Place {
            id: id.to_string(),
            kind,
            name: cols[1].trim().to_string(),
            lat,
            lon,
            country,
            admin1,
            admin2: String::new(),
            radius_km: 0.0,
            population: cols[14].trim().parse().unwrap_or(0),
        };
        let mut names = vec![place.name.clone()];
        for alt in std::iter::once(cols[2]).chain(cols[3].split(',')) {
            let alt = alt.trim();
            if !alt.is_empty() && !names.iter().any(|n| n == alt) {
                names.push(alt.to_string());
            }
        }
        sink(place, names);
    }
    out
}

/// `base` with the places of `files` added; what each file gave, or why it could not be
/// read. A GeoNames dump is compiled once into an index file (see [`IndexedGazetteer`]) and
/// read from disk; a CSV or GeoJSON of places is held in memory.
pub fn gazetteer_with_files(
    base: &Gazetteer,
    files: &[std::path::PathBuf],
) -> (Gazetteer, Vec<Result<FileReport, UserGazetteerError>>) {
    let mut extra = Vec::new();
    let mut indexed = Vec::new();
    let mut reports = Vec::new();
    for f in files {
        if is_geonames_dump(f) {
            let slot = indexed.len() as u32;
            if slot >= MAX_INDEXES {
                reports.push(Err(UserGazetteerError::Format {
                    path: f.display().to_string(),
                    reason: format!("at most {MAX_INDEXES} GeoNames files can be added"),
                }));
                continue;
            }
            match IndexedGazetteer::open_or_compile(f, base, slot) {
                Ok(ix) => {
                    reports.push(Ok(ix.report().clone()));
                    indexed.push(std::sync::Arc::new(ix));
                }
                Err(e) => reports.push(Err(e)),
            }
            continue;
        }
        match read_gazetteer_file(f, base) {
            Ok(read) => {
                reports.push(Ok(FileReport {
                    path: f.display().to_string(),
                    places: read.places.len(),
                    skipped: read.skipped,
                    problems: read.problems,
                    index: None,
                }));
                extra.extend(read.places);
            }
            Err(e) => reports.push(Err(e)),
        }
    }
    let with = if indexed.is_empty() {
        base.clone()
    } else {
        base.with_indexed(indexed)
    };
    (with.with_extra_places(&extra), reports)
}

/// GeoNames files one gazetteer may index (their place ids carry the file's number).
const MAX_INDEXES: u32 = 127;
