//! The gazetteer: places with their names, coordinates, country and first-level region, and
//! an index from folded names to places.
//!
//! The bundled gazetteer (`data/gazetteer.tsv.gz`, built by `scripts/build_data.py` from
//! GeoNames and Natural Earth) is compiled into the binary; [`Gazetteer::from_tsv`] reads the
//! same format from any reader, so users can bring their own.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use serde::Serialize;

use crate::text::{fold_name_into, key_hash};

/// The bundled gazetteer, gzip-compressed TSV.
pub static BUNDLED_GAZETTEER_GZ: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A sovereign country or dependent territory.
    Country,
    /// A first-level subdivision: oblast, state, province, governorate…
    Region,
    /// A populated place.
    City,
}

impl PlaceKind {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "country" => Some(PlaceKind::Country),
            "region" => Some(PlaceKind::Region),
            "city" => Some(PlaceKind::City),
            _ => None,
        }
    }
}

/// Index of a place in its [`Gazetteer`].
pub type PlaceId = u32;

/// One place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    /// Stable identifier (the GeoNames id where there is one).
    pub id: String,
    /// What kind of place it is.
    pub kind: PlaceKind,
    /// Display name.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 code of the country it lies in.
    pub country: String,
    /// GeoNames first-level code (`UA.05`), empty for countries.
    pub admin1: String,
    /// Population, 0 when unknown.
    pub population: u64,
}

/// Errors reading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The data could not be read or decompressed.
    #[error("cannot read the gazetteer: {0}")]
    Io(#[from] std::io::Error),
    /// The header is not the expected one.
    #[error("the gazetteer's header is {found:?}, expected it to start with {expected:?}")]
    Header {
        /// The header found.
        found: String,
        /// The header expected.
        expected: &'static str,
    },
    /// A row is malformed.
    #[error("gazetteer line {line}: {reason}")]
    Row {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

/// A name of a place as found by [`Gazetteer::lookup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameHit {
    /// The place.
    pub place: PlaceId,
    /// Whether the name is the place's display name (not an alternate or old name).
    pub primary: bool,
}

/// An entry of the name index: a folded name's hash and the place it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameEntry {
    hash: u64,
    place: PlaceId,
    primary: bool,
}

const HEADER: &str = "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tnames";

/// Places and a name index over them.
#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    names: Vec<NameEntry>,
    by_admin1: HashMap<String, PlaceId>,
    by_country: HashMap<String, PlaceId>,
}

impl Gazetteer {
    /// The gazetteer bundled with the app.
    pub fn bundled() -> Result<Self, GazetteerError> {
        Self::from_tsv_gz(BUNDLED_GAZETTEER_GZ)
    }

    /// Reads a gzip-compressed gazetteer TSV.
    pub fn from_tsv_gz(bytes: &[u8]) -> Result<Self, GazetteerError> {
        Self::from_tsv(flate2::read::GzDecoder::new(bytes))
    }

    /// Reads a gazetteer TSV with the columns
    /// `id kind name lat lon country admin1 population names` (names separated by `|`).
    pub fn from_tsv(reader: impl Read) -> Result<Self, GazetteerError> {
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let header = line.trim_end_matches(['\r', '\n']);
        if !header.starts_with(HEADER) {
            return Err(GazetteerError::Header {
                found: header.chars().take(120).collect(),
                expected: HEADER,
            });
        }
        let mut gaz = Gazetteer::default();
        let mut key = String::new();
        let mut primary_key = String::new();
        let mut seen: Vec<u64> = Vec::new();
        let mut line_no = 1;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                break;
            }
            line_no += 1;
            let row = line.trim_end_matches(['\r', '\n']);
            if row.is_empty() {
                continue;
            }
            let bad = |reason: &str| GazetteerError::Row {
                line: line_no,
                reason: reason.to_string(),
            };
            let mut cols = row.split('\t');
            let mut next = |what: &str| cols.next().ok_or_else(|| bad(&format!("no {what}")));
            let id = next("id")?;
            let kind = next("kind")?;
            let kind = PlaceKind::parse(kind).ok_or_else(|| bad("unknown kind"))?;
            let name = next("name")?;
            let lat: f64 = next("lat")?.parse().map_err(|_| bad("bad latitude"))?;
            let lon: f64 = next("lon")?.parse().map_err(|_| bad("bad longitude"))?;
            let country = next("country")?;
            let admin1 = next("admin1")?;
            let population: u64 = next("population")?.parse().unwrap_or(0);
            let names = next("names").unwrap_or("");
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad("coordinates out of range"));
            }
            let place_id = gaz.places.len() as PlaceId;
            fold_name_into(name, &mut primary_key);
            let primary_hash = key_hash(&primary_key);
            seen.clear();
            if !primary_key.is_empty() {
                seen.push(primary_hash);
                gaz.names.push(NameEntry {
                    hash: primary_hash,
                    place: place_id,
                    primary: true,
                });
            }
            for alt in names.split('|') {
                fold_name_into(alt, &mut key);
                if key.is_empty() {
                    continue;
                }
                let h = key_hash(&key);
                if seen.contains(&h) {
                    continue;
                }
                seen.push(h);
                gaz.names.push(NameEntry {
                    hash: h,
                    place: place_id,
                    primary: false,
                });
            }
            match kind {
                PlaceKind::Region if !admin1.is_empty() => {
                    gaz.by_admin1.insert(admin1.to_string(), place_id);
                }
                PlaceKind::Country if !country.is_empty() => {
                    gaz.by_country.insert(country.to_string(), place_id);
                }
                _ => {}
            }
            gaz.places.push(Place {
                id: id.to_string(),
                kind,
                name: name.to_string(),
                lat,
                lon,
                country: country.to_string(),
                admin1: admin1.to_string(),
                population,
            });
        }
        gaz.names.sort_unstable();
        Ok(gaz)
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of (place, name) pairs in the index.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// The place with index `id`.
    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id as usize]
    }

    /// All places, in file order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Places named `key`, which must already be folded with [`crate::text::fold_name`].
    pub fn lookup_folded(&self, key: &str) -> &[NameEntry] {
        let h = key_hash(key);
        let lo = self.names.partition_point(|e| e.hash < h);
        let hi = lo + self.names[lo..].partition_point(|e| e.hash == h);
        &self.names[lo..hi]
    }

    /// Places named `name` (any spelling the gazetteer knows), primary names first.
    pub fn lookup(&self, name: &str) -> Vec<NameHit> {
        let key = crate::text::fold_name(name);
        let mut hits: Vec<NameHit> = self
            .lookup_folded(&key)
            .iter()
            .map(|e| e.hit())
            .collect();
        hits.sort_by_key(|h| (!h.primary, h.place));
        hits
    }

    /// The region with GeoNames first-level code `admin1` (`UA.05`).
    pub fn region(&self, admin1: &str) -> Option<PlaceId> {
        self.by_admin1.get(admin1).copied()
    }

    /// The country with ISO 3166-1 alpha-2 code `iso2`.
    pub fn country(&self, iso2: &str) -> Option<PlaceId> {
        self.by_country.get(iso2).copied()
    }

    /// The display name of a place's region, if it has one in the gazetteer.
    pub fn region_name(&self, place: &Place) -> Option<&str> {
        if place.kind != PlaceKind::City {
            return None;
        }
        self.region(&place.admin1)
            .map(|r| self.place(r).name.as_str())
    }

    /// The display name of a place's country.
    pub fn country_name(&self, place: &Place) -> Option<&str> {
        self.country(&place.country)
            .map(|c| self.place(c).name.as_str())
    }
}

impl NameEntry {
    /// The hit this entry stands for.
    pub fn hit(&self) -> NameHit {
        NameHit {
            place: self.place,
            primary: self.primary,
        }
    }
}
