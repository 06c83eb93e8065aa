//! The gazetteer: places with their names, coordinates, country and first-level region, and
//! an index from folded names to places.
//!
//! The bundled gazetteer (`data/gazetteer.bin.zst`, built by `scripts/build_data.py` from
//! GeoNames and Natural Earth, then compiled by `cargo run -p xtask -- compile-gazetteer`)
//! is compiled into the binary; [`Gazetteer::from_tsv`] reads the same format from any
//! reader, so users can bring their own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;

use serde::{Deserialize, Serialize};

use crate::gazetteer_index::{INDEXED_ID_BIT, IndexedGazetteer};
use crate::local_names::NameLanguage;
use crate::text::{fold_name_into, key_hash, neutral_key, neutral_key_hash};
use std::sync::Arc;

/// The bundled gazetteer, compiled by `cargo run -p xtask -- compile-gazetteer`: zstd frames
/// holding the places as TSV (in two halves) and a name index built ahead of time.
pub static BUNDLED_GAZETTEER: &[u8] = include_bytes!("../../../data/gazetteer.bin.zst");

/// First bytes of a compiled name index.
const INDEX_MAGIC: &[u8; 8] = b"NMIDX1\0\0";

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A sovereign country or dependent territory.
    Country,
    /// A first-level subdivision: oblast, state, province, governorate…
    Region,
    /// A populated place.
    City,
    /// A second-level subdivision: county, parish, raion, district.
    District,
    /// A continent or a world region: Africa, the Middle East, the Balkans.
    Continent,
    /// A sea, gulf, strait, lake or river.
    Water,
}

impl PlaceKind {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
            PlaceKind::District => "district",
            PlaceKind::Continent => "continent",
            PlaceKind::Water => "water",
        }
    }

    /// The kind named `s` (`city`, `region`...), as [`PlaceKind::as_str`] writes it.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "country" => Some(PlaceKind::Country),
            "region" => Some(PlaceKind::Region),
            "city" => Some(PlaceKind::City),
            "district" => Some(PlaceKind::District),
            "continent" => Some(PlaceKind::Continent),
            "water" => Some(PlaceKind::Water),
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
    /// The second-level unit it lies in, by name ("Bakhmut Raion"), empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub admin2: String,
    /// How far from its point the place may lie, in km: 0 for a known point; more for a
    /// place put at the centre of its unit (a village of the register with no trustworthy
    /// point, issue 13), drawn as an uncertainty circle.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub radius_km: f32,
    /// Population, 0 when unknown.
    pub population: u64,
}

fn is_zero(x: &f32) -> bool {
    *x == 0.0
}

/// Countries whose names are also indexed under their romanisation-neutral key
/// ([`crate::text::neutral_key`]): their names are written in many Latin spellings.
pub fn wants_neutral_keys(country: &str) -> bool {
    matches!(country, "UA" | "RU" | "BY")
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

/// Checks the header; returns what the last column holds, whether the columns `admin2`
/// and `radius_km` are there, and the rows after the header.
fn split_header(text: &str) -> Result<(NamesColumn, bool, &str), GazetteerError> {
    let (header, body) = text.split_once('\n').unwrap_or((text, ""));
    let header = header.trim_end_matches('\r');
    for (layout, wide) in [(HEADER, false), (HEADER_WIDE, true)] {
        match header.strip_prefix(layout) {
            Some("names") => return Ok((NamesColumn::Raw, wide, body)),
            Some("keys") => return Ok((NamesColumn::Folded, wide, body)),
            None if header == layout.trim_end_matches('\t') => {
                return Ok((NamesColumn::Indexed, wide, body));
            }
            _ => {}
        }
    }
    Err(GazetteerError::Header {
        found: header.chars().take(120).collect(),
        expected: "id kind name lat lon country admin1 [admin2 radius_km] population names|keys",
    })
}

fn parse_rows(
    text: &str,
    first_line: usize,
    column: NamesColumn,
    wide: bool,
) -> Result<Part, GazetteerError> {
    let rows = text.bytes().filter(|&b| b == b'\n').count();
    let mut part = Part {
        places: Vec::with_capacity(rows + 1),
        names: Vec::with_capacity(if column == NamesColumn::Indexed {
            0
        } else {
            rows * 3 + 16
        }),
        global_ids: false,
    };
    let mut key = String::new();
    let mut seen: Vec<u64> = Vec::new();
    for (n, row) in text.lines().enumerate() {
        let line_no = first_line + n;
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
        let kind = PlaceKind::parse(next("kind")?).ok_or_else(|| bad("unknown kind"))?;
        let name = next("name")?;
        let lat: f64 = next("lat")?.parse().map_err(|_| bad("bad latitude"))?;
        let lon: f64 = next("lon")?.parse().map_err(|_| bad("bad longitude"))?;
        let country = next("country")?;
        let admin1 = next("admin1")?;
        let (admin2, radius_km) = if wide {
            let admin2 = next("admin2")?;
            let r = next("radius_km")?;
            let radius_km: f32 = if r.is_empty() {
                0.0
            } else {
                r.parse().map_err(|_| bad("bad radius_km"))?
            };
            if !(0.0..=20_000.0).contains(&radius_km) {
                return Err(bad("radius_km out of range"));
            }
            (admin2, radius_km)
        } else {
            ("", 0.0)
        };
        let population: u64 = next("population")?.parse().unwrap_or(0);
        let names = match column {
            NamesColumn::Indexed => "",
            _ => next("names").unwrap_or(""),
        };
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(bad("coordinates out of range"));
        }
        let place_id = part.places.len() as PlaceId;
        seen.clear();
        if column != NamesColumn::Indexed {
            fold_name_into(name, &mut key);
        }
        let neutral = wants_neutral_keys(country);
        let mut add = |key: &str, primary: bool, seen: &mut Vec<u64>| {
            if key.is_empty() {
                return;
            }
            let also = if neutral { neutral_key(key) } else { None };
            // The neutral spelling of the display name is the display name's.
            let spellings =
                std::iter::once((key, primary)).chain(also.as_deref().map(|k| (k, primary)));
            for (k, primary) in spellings {
                let hash = key_hash(k);
                if !seen.contains(&hash) {
                    seen.push(hash);
                    part.names.push(NameEntry {
                        hash,
                        place: place_id,
                        primary,
                    });
                }
            }
        };
        match column {
            // The compiled index holds the names.
            NamesColumn::Indexed => {}
            NamesColumn::Folded => {
                add(&key, true, &mut seen);
                for alt in names.split('|') {
                    add(alt, false, &mut seen);
                }
            }
            NamesColumn::Raw => {
                add(&key, true, &mut seen);
                for alt in names.split('|') {
                    fold_name_into(alt, &mut key);
                    add(&key, false, &mut seen);
                }
            }
        }
        part.places.push(Place {
            id: id.to_string(),
            kind,
            name: name.to_string(),
            lat,
            lon,
            country: country.to_string(),
            admin1: admin1.to_string(),
            admin2: admin2.to_string(),
            radius_km,
            population,
        });
    }
    part.names.sort_unstable();
    Ok(part)
}

/// Decompresses one zstd frame, in one allocation when the frame says its size.
fn decompress_frame(frame: &[u8]) -> Result<Vec<u8>, GazetteerError> {
    let size = zstd::zstd_safe::get_frame_content_size(frame)
        .ok()
        .flatten()
        .filter(|&n| n <= 1 << 31);
    let data = match size {
        Some(n) => zstd::bulk::decompress(frame, n as usize)?,
        None => zstd::stream::decode_all(frame)?,
    };
    Ok(data)
}

/// Reads a compiled name index: magic, u64 count, then (u64 hash, u32 place, u32 flags)
/// records, little-endian, sorted.
fn parse_index(data: &[u8]) -> Result<Part, GazetteerError> {
    let bad = |reason: &str| GazetteerError::Row {
        line: 0,
        reason: format!("name index: {reason}"),
    };
    let count_bytes: [u8; 8] = data
        .get(8..16)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| bad("truncated header"))?;
    let count = u64::from_le_bytes(count_bytes) as usize;
    let records = &data[16..];
    if records.len() != count.saturating_mul(16) {
        return Err(bad("length does not match its count"));
    }
    let mut names = Vec::with_capacity(count);
    for r in records.chunks_exact(16) {
        let mut hash = [0u8; 8];
        hash.copy_from_slice(&r[..8]);
        let mut place = [0u8; 4];
        place.copy_from_slice(&r[8..12]);
        names.push(NameEntry {
            hash: u64::from_le_bytes(hash),
            place: u32::from_le_bytes(place),
            primary: r[12] & 1 == 1,
        });
    }
    if !names.is_sorted() {
        return Err(bad("not sorted"));
    }
    Ok(Part {
        places: Vec::new(),
        names,
        global_ids: true,
    })
}

/// Where each bucket of a sorted name index starts, plus its end.
fn bucket_starts(names: &[NameEntry]) -> Vec<u32> {
    let n = 1usize << BUCKET_BITS;
    let mut starts = Vec::with_capacity(n + 1);
    let mut i = 0usize;
    for b in 0..n {
        while i < names.len() && ((names[i].hash >> (64 - BUCKET_BITS)) as usize) < b {
            i += 1;
        }
        starts.push(i as u32);
    }
    starts.push(names.len() as u32);
    starts
}

/// Merges sorted runs into one sorted vector.
fn merge_sorted(mut runs: Vec<Vec<NameEntry>>, total: usize) -> Vec<NameEntry> {
    runs.retain(|r| !r.is_empty());
    if runs.len() <= 1 {
        // The compiled index comes as one sorted run.
        return runs.pop().unwrap_or_default();
    }
    let mut out = Vec::with_capacity(total);
    let mut heads = vec![0usize; runs.len()];
    loop {
        let mut best: Option<(usize, NameEntry)> = None;
        for (r, run) in runs.iter().enumerate() {
            if let Some(&e) = run.get(heads[r])
                && best.is_none_or(|(_, b)| e < b)
            {
                best = Some((r, e));
            }
        }
        let Some((r, e)) = best else {
            break;
        };
        heads[r] += 1;
        out.push(e);
    }
    out
}

/// An entry of the name index: a folded name's hash and the place it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NameEntry {
    hash: u64,
    place: PlaceId,
    primary: bool,
}

/// Bits of the hash that pick a bucket of the name index.
const BUCKET_BITS: u32 = 20;

/// The columns every gazetteer TSV starts with.
const HEADER: &str = "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tpopulation\t";
/// The same with the second-level unit and the uncertainty radius (the bundled data).
const HEADER_WIDE: &str =
    "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tadmin2\tradius_km\tpopulation\t";

/// What the last column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamesColumn {
    /// `names`: names as written, folded while loading (user gazetteers).
    Raw,
    /// `keys`: names already folded with [`crate::text::fold_name`].
    Folded,
    /// No names column: the names come in a compiled index (the bundled data).
    Indexed,
}

/// Places and name entries parsed from part of a file, with place ids local to the part.
#[derive(Debug, Default)]
struct Part {
    places: Vec<Place>,
    names: Vec<NameEntry>,
    /// Whether `names` already use ids over the whole gazetteer (a compiled index).
    global_ids: bool,
}

/// Places and a name index over them.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    /// Shared between copies (a copy that only adds indexed files costs nothing).
    places: Arc<Vec<Place>>,
    /// Sorted by hash.
    names: Arc<Vec<NameEntry>>,
    /// For each value of a hash's top [`BUCKET_BITS`] bits, where its entries start in
    /// `names` (one more at the end): a lookup touches two cache lines, not twenty.
    buckets: Arc<Vec<u32>>,
    by_admin1: HashMap<String, PlaceId>,
    by_country: HashMap<String, PlaceId>,
    /// Stable id → place, built on first use.
    by_id: std::sync::OnceLock<HashMap<String, PlaceId>>,
    /// Gazetteer files compiled to an index and read from disk (their places' ids have
    /// [`INDEXED_ID_BIT`] set).
    indexed: Vec<Arc<IndexedGazetteer>>,
    /// The language of the names it shows ([`Gazetteer::display_name`]).
    display: NameLanguage,
}

/// Ids of places the user added (see [`crate::OwnPlace`]) start with this.
pub const OWN_ID_PREFIX: &str = "own:";

impl Place {
    /// Whether the user added this place (it is not from the bundled data).
    pub fn is_own(&self) -> bool {
        self.id.starts_with(OWN_ID_PREFIX)
    }
}

impl Gazetteer {
    /// The gazetteer bundled with the app.
    pub fn bundled() -> Result<Self, GazetteerError> {
        Self::from_bytes(BUNDLED_GAZETTEER)
    }

    /// Reads a gazetteer TSV, plain or compressed with zstd or gzip (told by its first bytes).
    /// A zstd file of several frames, each a TSV with its own header (as the bundled one is),
    /// is decompressed and parsed one frame per thread.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, GazetteerError> {
        if bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
            let mut frames = Vec::new();
            let mut rest = bytes;
            while !rest.is_empty() {
                let n = zstd::zstd_safe::find_frame_compressed_size(rest).map_err(|code| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("bad zstd frame: {}", zstd::zstd_safe::get_error_name(code)),
                    )
                })?;
                if n == 0 || n > rest.len() {
                    break;
                }
                frames.push(&rest[..n]);
                rest = &rest[n..];
            }
            let parts: Vec<Result<Part, GazetteerError>> = std::thread::scope(|scope| {
                let handles: Vec<_> = frames
                    .iter()
                    .map(|frame| {
                        scope.spawn(move || {
                            let data = decompress_frame(frame)?;
                            if data.starts_with(INDEX_MAGIC) {
                                return parse_index(&data);
                            }
                            let text = String::from_utf8(data).map_err(|e| {
                                std::io::Error::new(std::io::ErrorKind::InvalidData, e)
                            })?;
                            let (column, wide, body) = split_header(&text)?;
                            parse_rows(body, 2, column, wide)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(GazetteerError::Row {
                                line: 0,
                                reason: "parser thread failed".into(),
                            })
                        })
                    })
                    .collect()
            });
            return Self::from_parts(parts.into_iter().collect::<Result<Vec<_>, _>>()?);
        }
        let mut text = String::new();
        if bytes.starts_with(&[0x1F, 0x8B]) {
            flate2::read::GzDecoder::new(bytes).read_to_string(&mut text)?;
        } else {
            text = String::from_utf8(bytes.to_vec())
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        }
        Self::from_tsv_str(&text)
    }

    /// Reads a gazetteer TSV from a reader (see [`Gazetteer::from_tsv_str`]).
    pub fn from_tsv(mut reader: impl Read) -> Result<Self, GazetteerError> {
        let mut text = String::new();
        reader.read_to_string(&mut text)?;
        Self::from_tsv_str(&text)
    }

    /// Reads a gazetteer TSV with the columns
    /// `id kind name lat lon country admin1 population names`, where `names` holds the other
    /// names separated by `|` (or `keys`: the same, already folded). The rows are parsed on
    /// two threads.
    pub fn from_tsv_str(text: &str) -> Result<Self, GazetteerError> {
        let (column, wide, body) = split_header(text)?;
        // Split the rows in two at a line break and parse the halves side by side.
        let mid = body.len() / 2;
        let cut = body[mid..].find('\n').map_or(body.len(), |i| mid + i + 1);
        let (first, second) = body.split_at(cut);
        let first_lines = first.bytes().filter(|&b| b == b'\n').count();
        let (a, b) = std::thread::scope(|scope| {
            let second = scope.spawn(move || parse_rows(second, 2 + first_lines, column, wide));
            let a = parse_rows(first, 2, column, wide);
            let b = second.join().unwrap_or_else(|_| {
                Err(GazetteerError::Row {
                    line: 2 + first_lines,
                    reason: "parser thread failed".into(),
                })
            });
            (a, b)
        });
        Self::from_parts(vec![a?, b?])
    }

    /// Joins parts parsed separately, in order, and builds the index.
    /// Each part's names are sorted already (by [`parse_rows`], on its own thread).
    fn from_parts(parts: Vec<Part>) -> Result<Self, GazetteerError> {
        let mut gaz = Gazetteer::default();
        let total_names: usize = parts.iter().map(|p| p.names.len()).sum();
        let mut sorted_runs: Vec<Vec<NameEntry>> = Vec::with_capacity(parts.len());
        for part in parts {
            let offset = gaz.places.len() as PlaceId;
            let global = part.global_ids;
            Arc::make_mut(&mut gaz.places).extend(part.places);
            let mut names = part.names;
            if offset > 0 && !global {
                // Shifting every id by the same amount keeps the run sorted.
                for e in &mut names {
                    e.place += offset;
                }
            }
            sorted_runs.push(names);
        }
        gaz.names = Arc::new(merge_sorted(sorted_runs, total_names));
        if let Some(bad) = gaz
            .names
            .iter()
            .find(|e| e.place as usize >= gaz.places.len())
        {
            return Err(GazetteerError::Row {
                line: 0,
                reason: format!(
                    "the name index points at place {} of {}",
                    bad.place,
                    gaz.places.len()
                ),
            });
        }
        gaz.buckets = Arc::new(bucket_starts(&gaz.names));
        for (i, p) in gaz.places.iter().enumerate() {
            match p.kind {
                PlaceKind::Region if !p.admin1.is_empty() => {
                    gaz.by_admin1.insert(p.admin1.clone(), i as PlaceId);
                }
                PlaceKind::Country if !p.country.is_empty() => {
                    gaz.by_country.insert(p.country.clone(), i as PlaceId);
                }
                _ => {}
            }
        }
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
        match self.get(id) {
            Some(p) => p,
            None => missing_place(),
        }
    }

    /// The place with index `id`, if there is one.
    pub fn get(&self, id: PlaceId) -> Option<&Place> {
        if id & INDEXED_ID_BIT == 0 {
            return self.places.get(id as usize);
        }
        let slot = ((id >> 24) & 0x7F) as usize;
        self.indexed.get(slot)?.place(id & 0x00FF_FFFF)
    }

    /// The places held in memory (the bundled ones and those added as CSV, GeoJSON or the
    /// user's own), in file order; places of indexed gazetteer files are read from disk
    /// when a name finds them and are not listed.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The gazetteer files compiled to an index that this gazetteer reads.
    pub fn indexed(&self) -> &[Arc<IndexedGazetteer>] {
        &self.indexed
    }

    /// A copy that also reads the places of `indexed` (see [`IndexedGazetteer`]).
    pub fn with_indexed(&self, indexed: Vec<Arc<IndexedGazetteer>>) -> Gazetteer {
        let mut gaz = self.clone();
        gaz.indexed = indexed;
        gaz.by_id = std::sync::OnceLock::new();
        gaz
    }

    /// Places named `key`, which must already be folded with [`crate::text::fold_name`];
    /// when no name is spelt so, the Ukrainian, Russian and Belarusian places whose
    /// romanisation-neutral key ([`crate::text::neutral_key`]) it has ("Kremianoe" finds
    /// Kremyanoye).
    pub fn lookup_folded(&self, key: &str) -> Cow<'_, [NameEntry]> {
        let h = key_hash(key);
        let exact = self.lookup_all(h);
        if !exact.is_empty() {
            return exact;
        }
        match neutral_key_hash(key) {
            Some(h) => self.lookup_all(h),
            None => exact,
        }
    }

    /// Entries of hash `h` in memory and in the indexed files.
    fn lookup_all(&self, h: u64) -> Cow<'_, [NameEntry]> {
        let here = self.lookup_hash(h);
        if self.indexed.is_empty() {
            return Cow::Borrowed(here);
        }
        let mut all = here.to_vec();
        for ix in &self.indexed {
            ix.lookup_hash(h, &mut all);
        }
        Cow::Owned(all)
    }

    /// Places with a name of hash `h`.
    fn lookup_hash(&self, h: u64) -> &[NameEntry] {
        let b = (h >> (64 - BUCKET_BITS)) as usize;
        let (Some(&start), Some(&end)) = (self.buckets.get(b), self.buckets.get(b + 1)) else {
            return &[];
        };
        let bucket = &self.names[start as usize..end as usize];
        let lo = bucket.partition_point(|e| e.hash < h);
        let hi = lo + bucket[lo..].partition_point(|e| e.hash == h);
        &bucket[lo..hi]
    }

    /// Places named `name` (any spelling the gazetteer knows), primary names first.
    pub fn lookup(&self, name: &str) -> Vec<NameHit> {
        let key = crate::text::fold_name(name);
        let mut hits: Vec<NameHit> = self.lookup_folded(&key).iter().map(|e| e.hit()).collect();
        hits.sort_by_key(|h| (!h.primary, h.place));
        hits
    }

    /// A copy with `extra` places appended after the existing ones (whose ids stay as they
    /// are), each with the names to index for lookup (the first is its primary name; none
    /// makes a place that is never found in text, only chosen by id).
    pub fn with_extra_places(&self, extra: &[(Place, Vec<String>)]) -> Gazetteer {
        if extra.is_empty() {
            return self.clone();
        }
        let mut gaz = Gazetteer {
            places: self.places.clone(),
            names: Arc::default(),
            buckets: Arc::default(),
            by_admin1: self.by_admin1.clone(),
            by_country: self.by_country.clone(),
            by_id: std::sync::OnceLock::new(),
            indexed: self.indexed.clone(),
            display: self.display,
        };
        let mut added = Vec::new();
        let mut key = String::new();
        for (place, names) in extra {
            let id = gaz.places.len() as PlaceId;
            let mut seen: Vec<u64> = Vec::new();
            for (i, name) in names.iter().enumerate() {
                fold_name_into(name, &mut key);
                if key.is_empty() {
                    continue;
                }
                let hash = key_hash(&key);
                if !seen.contains(&hash) {
                    seen.push(hash);
                    added.push(NameEntry {
                        hash,
                        place: id,
                        primary: i == 0,
                    });
                }
            }
            Arc::make_mut(&mut gaz.places).push(place.clone());
        }
        added.sort_unstable();
        let total = self.names.len() + added.len();
        gaz.names = Arc::new(merge_sorted(vec![self.names.to_vec(), added], total));
        gaz.buckets = Arc::new(bucket_starts(&gaz.names));
        gaz
    }

    /// The place with stable id `id` (a GeoNames id, `own:...`).
    pub fn find_id(&self, id: &str) -> Option<PlaceId> {
        self.by_id
            .get_or_init(|| {
                self.places
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p.id.clone(), i as PlaceId))
                    .collect()
            })
            .get(id)
            .copied()
            .or_else(|| self.indexed.iter().find_map(|ix| ix.find_id(id)))
    }

    /// Places for a search box: every place with `query` as one of its names (any spelling),
    /// then places whose display name starts with it (case-insensitive); each group largest
    /// first (user-added places, then countries and regions, then by population). At most
    /// `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<PlaceId> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let rank = |id: &PlaceId| {
            let p = self.place(*id);
            let kind = match p.kind {
                PlaceKind::Country => 0,
                PlaceKind::Region => 1,
                _ => 2,
            };
            (!p.is_own(), kind, std::cmp::Reverse(p.population), *id)
        };
        let mut exact: Vec<PlaceId> = self.lookup(query).iter().map(|h| h.place).collect();
        exact.sort_by_key(rank);
        exact.dedup();
        let lower: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
        let mut prefix: Vec<PlaceId> = self
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let mut name = p.name.chars().flat_map(char::to_lowercase);
                lower.iter().all(|c| name.next() == Some(*c))
            })
            .map(|(i, _)| i as PlaceId)
            .filter(|id| !exact.contains(id))
            .collect();
        prefix.sort_by_key(rank);
        exact.extend(prefix);
        exact.truncate(limit);
        exact
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
        if !matches!(place.kind, PlaceKind::City | PlaceKind::District) {
            return None;
        }
        self.region(&place.admin1)
            .map(|r| self.display_name(self.place(r)))
    }

    /// The display name of a place's country.
    pub fn country_name(&self, place: &Place) -> Option<&str> {
        self.country(&place.country)
            .map(|c| self.display_name(self.place(c)))
    }

    /// The language of the names shown ([`Gazetteer::display_name`]); English unless set.
    pub fn display_language(&self) -> NameLanguage {
        self.display
    }

    /// Shows names in `lang` from now on (a copy of a gazetteer keeps its language).
    pub fn set_display_language(&mut self, lang: NameLanguage) {
        self.display = lang;
    }

    /// The place's name in the display language ([`crate::local_name`]), or its English
    /// display name where no language-tagged source names it so.
    pub fn display_name<'a>(&self, place: &'a Place) -> &'a str {
        crate::local_names::local_name(&place.id, self.display).unwrap_or(&place.name)
    }
}

/// What [`Gazetteer::place`] gives for an id it does not hold (a place of an index file
/// that can no longer be read).
fn missing_place() -> &'static Place {
    static MISSING: std::sync::OnceLock<Place> = std::sync::OnceLock::new();
    MISSING.get_or_init(|| Place::placeholder("missing".into(), "(unknown place)"))
}

impl Place {
    /// A place standing for one that cannot be read (at 0°, 0°, of no country).
    pub(crate) fn placeholder(id: String, name: &str) -> Place {
        Place {
            id,
            kind: PlaceKind::City,
            name: name.to_string(),
            lat: 0.0,
            lon: 0.0,
            country: String::new(),
            admin1: String::new(),
            admin2: String::new(),
            radius_km: 0.0,
            population: 0,
        }
    }
}

impl NameEntry {
    /// An entry for place `place`, named by a name of hash `hash`.
    pub(crate) fn new(hash: u64, place: PlaceId, primary: bool) -> Self {
        NameEntry {
            hash,
            place,
            primary,
        }
    }

    /// The hit this entry stands for.
    pub fn hit(&self) -> NameHit {
        NameHit {
            place: self.place,
            primary: self.primary,
        }
    }
}
