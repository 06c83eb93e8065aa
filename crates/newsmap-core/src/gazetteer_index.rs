//! Gazetteers the user adds, compiled once into an index file (issue 13): GeoNames' dumps
//! (`UA.txt`, `allCountries.zip`: 13 million rows) are read row by row into a file of place
//! records and a sorted name table, which lookups then read from disk. Only a table of
//! bucket starts (4 MB) and the places a text names stay in memory, so `allCountries` fits
//! the app's memory budget and a country file is indexed in seconds, once: the index is
//! reused while the dump keeps its size and modification time.
//!
//! The index lies beside the dump (`UA.txt.newsmap-index`), or in the user's cache folder
//! when the dump's folder cannot be written.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::gazetteer::{Gazetteer, NameEntry, Place, PlaceId, PlaceKind, wants_neutral_keys};
use crate::text::{fold_name_into, key_hash, neutral_key};
use crate::user_gazetteer::{FileReport, UserGazetteerError};

const MAGIC: &[u8; 8] = b"NMGZX002";
/// Bits of a name's hash that pick its bucket.
const BUCKET_BITS: u32 = 20;
const BUCKETS: usize = 1 << BUCKET_BITS;
/// Bytes of one name entry on disk: hash (8), place (4, the top bit: primary name).
const ENTRY_BYTES: usize = 12;
/// Bytes of one id entry: the id's hash (8), place (4).
const ID_BYTES: usize = 12;
/// Header: magic, source size and modification time, counts, section offsets.
const HEADER_BYTES: usize = 8 + 8 * 9;
/// Places materialised in memory are kept in chunks of this many slots.
const CHUNK: usize = 16;
/// Partitions of the name table while it is sorted (each sorted in memory on its own).
const PARTITIONS: usize = 256;
/// Names longer than this (in bytes) are not indexed.
const MAX_NAME_BYTES: usize = 200;

/// Ids of places from indexed gazetteers have this bit set; the next 7 bits number the
/// index, the low 24 the place in it.
pub const INDEXED_ID_BIT: u32 = 1 << 31;
/// Places one index may hold.
pub const MAX_INDEXED_PLACES: usize = 1 << 24;

/// A compiled gazetteer file, read on demand.
pub struct IndexedGazetteer {
    file: File,
    /// The dump it was compiled from.
    source: PathBuf,
    index_path: PathBuf,
    /// Which index this is among the gazetteer's (its ids carry it).
    slot: u32,
    places: usize,
    buckets: Vec<u32>,
    records_at: u64,
    offsets_at: u64,
    names_at: u64,
    ids_at: u64,
    ids: usize,
    report: FileReport,
    chunks: Vec<OnceLock<Box<[OnceLock<Place>]>>>,
}

impl std::fmt::Debug for IndexedGazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexedGazetteer")
            .field("source", &self.source)
            .field("index", &self.index_path)
            .field("places", &self.places)
            .finish_non_exhaustive()
    }
}

fn read_at(file: &File, at: u64, buf: &mut [u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buf, at)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            let n = file.seek_read(&mut buf[done..], at + done as u64)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
}

fn u64_at(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[i..i + 4]);
    u32::from_le_bytes(a)
}

/// Where the index of `source` lies: beside it, or (`fallback`) in the user's cache folder.
pub fn index_path_for(source: &Path, fallback: bool) -> PathBuf {
    if !fallback {
        let mut p = source.as_os_str().to_owned();
        p.push(".newsmap-index");
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let canonical = source
        .canonicalize()
        .unwrap_or_else(|_| source.to_path_buf());
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    base.join("newsmap").join("gazetteers").join(format!(
        "{name}-{:016x}.newsmap-index",
        key_hash(&canonical.to_string_lossy())
    ))
}

/// The size and modification time (seconds) of a file, which an index records.
fn stamp(path: &Path) -> std::io::Result<(u64, u64)> {
    let m = std::fs::metadata(path)?;
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    Ok((m.len(), mtime))
}

impl IndexedGazetteer {
    /// Opens the index of the GeoNames dump `source`, compiling it first when there is none
    /// or the dump changed since. `base` is the gazetteer it adds to (its places are left
    /// out); `slot` numbers this index among the gazetteer's.
    pub fn open_or_compile(
        source: &Path,
        base: &Gazetteer,
        slot: u32,
    ) -> Result<Self, UserGazetteerError> {
        let name = source.display().to_string();
        let io = |e: std::io::Error| UserGazetteerError::Io {
            path: name.clone(),
            source: e,
        };
        let (size, mtime) = stamp(source).map_err(io)?;
        for fallback in [false, true] {
            let path = index_path_for(source, fallback);
            if let Ok(ix) = Self::open(&path, source, slot, (size, mtime)) {
                return Ok(ix);
            }
        }
        let mut last_err = None;
        for fallback in [false, true] {
            let path = index_path_for(source, fallback);
            match compile(source, &path, base, (size, mtime)) {
                Ok(()) => return Self::open(&path, source, slot, (size, mtime)),
                Err(e @ UserGazetteerError::Format { .. }) => return Err(e),
                Err(e) => last_err = Some(e),
            }
        }
        Err(last_err.unwrap_or_else(|| io(std::io::ErrorKind::Other.into())))
    }

    /// Opens a compiled index; fails when it is not one or is stale.
    fn open(
        path: &Path,
        source: &Path,
        slot: u32,
        expected: (u64, u64),
    ) -> Result<Self, UserGazetteerError> {
        let name = path.display().to_string();
        let bad = |reason: &str| UserGazetteerError::Format {
            path: name.clone(),
            reason: reason.to_string(),
        };
        let mut file = File::open(path).map_err(|e| UserGazetteerError::Io {
            path: name.clone(),
            source: e,
        })?;
        let mut head = [0u8; HEADER_BYTES];
        file.read_exact(&mut head)
            .map_err(|_| bad("truncated index"))?;
        if &head[..8] != MAGIC {
            return Err(bad("not a newsmap gazetteer index"));
        }
        let field = |i: usize| u64_at(&head, 8 + 8 * i);
        if (field(0), field(1)) != expected {
            return Err(bad("the gazetteer file changed since it was indexed"));
        }
        let places = field(2) as usize;
        let ids = field(3) as usize;
        let (records_at, offsets_at, names_at, ids_at, report_at) =
            (field(4), field(5), field(6), field(7), field(8));
        if places > MAX_INDEXED_PLACES {
            return Err(bad("too many places"));
        }
        let mut buckets_raw = vec![0u8; (BUCKETS + 1) * 4];
        read_at(&file, names_at, &mut buckets_raw).map_err(|_| bad("truncated index"))?;
        let buckets: Vec<u32> = buckets_raw.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
        if !buckets.is_sorted() {
            return Err(bad("damaged name table"));
        }
        file.seek(SeekFrom::Start(report_at))
            .map_err(|_| bad("truncated index"))?;
        let mut report_text = String::new();
        file.read_to_string(&mut report_text)
            .map_err(|_| bad("damaged report"))?;
        let stored: StoredReport =
            serde_json::from_str(&report_text).map_err(|_| bad("damaged report"))?;
        let report = FileReport {
            path: source.display().to_string(),
            places,
            skipped: stored.skipped,
            problems: stored.problems,
            index: Some(path.display().to_string()),
        };
        let chunks = (0..places.div_ceil(CHUNK))
            .map(|_| OnceLock::new())
            .collect();
        Ok(IndexedGazetteer {
            file,
            source: source.to_path_buf(),
            index_path: path.to_path_buf(),
            slot,
            places,
            buckets,
            records_at,
            offsets_at,
            names_at: names_at + ((BUCKETS + 1) * 4) as u64,
            ids_at,
            ids,
            report,
            chunks,
        })
    }

    /// What the dump gave (places, rows skipped and why), as when it was compiled.
    pub fn report(&self) -> &FileReport {
        &self.report
    }

    /// The index file.
    pub fn index_path(&self) -> &Path {
        &self.index_path
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places
    }

    /// Whether it holds no place.
    pub fn is_empty(&self) -> bool {
        self.places == 0
    }

    /// The gazetteer id of place `i` of this index.
    fn id_of(&self, i: u32) -> PlaceId {
        INDEXED_ID_BIT | (self.slot << 24) | i
    }

    /// Name entries of hash `h`, with gazetteer ids.
    pub(crate) fn lookup_hash(&self, h: u64, out: &mut Vec<NameEntry>) {
        let b = (h >> (64 - BUCKET_BITS)) as usize;
        let (Some(&start), Some(&end)) = (self.buckets.get(b), self.buckets.get(b + 1)) else {
            return;
        };
        if end <= start {
            return;
        }
        let mut raw = vec![0u8; (end - start) as usize * ENTRY_BYTES];
        if read_at(
            &self.file,
            self.names_at + u64::from(start) * ENTRY_BYTES as u64,
            &mut raw,
        )
        .is_err()
        {
            return;
        }
        for e in raw.chunks_exact(ENTRY_BYTES) {
            if u64_at(e, 0) == h {
                let p = u32_at(e, 8);
                let i = p & !(1 << 31);
                if (i as usize) < self.places {
                    out.push(NameEntry::new(h, self.id_of(i), p >> 31 == 1));
                }
            }
        }
    }

    /// The place `i` of this index, read from disk the first time it is asked for.
    pub(crate) fn place(&self, i: u32) -> Option<&Place> {
        let i = i as usize;
        if i >= self.places {
            return None;
        }
        let chunk = self.chunks.get(i / CHUNK)?.get_or_init(|| {
            (0..CHUNK)
                .map(|_| OnceLock::new())
                .collect::<Vec<_>>()
                .into_boxed_slice()
        });
        let slot = chunk.get(i % CHUNK)?;
        if let Some(p) = slot.get() {
            return Some(p);
        }
        let place = self
            .read_place(i)
            .unwrap_or_else(|| Place::placeholder(format!("unreadable:{i}"), "(unreadable place)"));
        Some(slot.get_or_init(|| place))
    }

    fn read_place(&self, i: usize) -> Option<Place> {
        let mut offs = [0u8; 16];
        read_at(&self.file, self.offsets_at + 8 * i as u64, &mut offs).ok()?;
        let (a, b) = (u64_at(&offs, 0), u64_at(&offs, 8));
        if b < a || b - a > 1 << 20 {
            return None;
        }
        let mut rec = vec![0u8; (b - a) as usize];
        read_at(&self.file, self.records_at + a, &mut rec).ok()?;
        let rec = String::from_utf8(rec).ok()?;
        let c: Vec<&str> = rec.split('\t').collect();
        let [id, kind, name, lat, lon, country, admin1, population] = c[..] else {
            return None;
        };
        Some(Place {
            id: id.to_string(),
            kind: PlaceKind::parse(kind)?,
            name: name.to_string(),
            lat: lat.parse().ok()?,
            lon: lon.parse().ok()?,
            country: country.to_string(),
            admin1: admin1.to_string(),
            admin2: String::new(),
            radius_km: 0.0,
            population: population.parse().unwrap_or(0),
        })
    }

    /// The gazetteer id of the place with stable id `id`.
    pub(crate) fn find_id(&self, id: &str) -> Option<PlaceId> {
        let h = key_hash(id);
        let (mut lo, mut hi) = (0usize, self.ids);
        let mut e = [0u8; ID_BYTES];
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            read_at(&self.file, self.ids_at + (mid * ID_BYTES) as u64, &mut e).ok()?;
            if u64_at(&e, 0) < h {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        // Hashes may collide: check each entry of that hash against the place's id.
        let mut k = lo;
        while k < self.ids {
            read_at(&self.file, self.ids_at + (k * ID_BYTES) as u64, &mut e).ok()?;
            if u64_at(&e, 0) != h {
                break;
            }
            let i = u32_at(&e, 8);
            if self.place(i).is_some_and(|p| p.id == id) {
                return Some(self.id_of(i));
            }
            k += 1;
        }
        None
    }
}

/// A working folder beside the index, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn beside(out: &Path) -> std::io::Result<Self> {
        let mut p = out.as_os_str().to_owned();
        p.push(format!(".tmp-{}", std::process::id()));
        let p = PathBuf::from(p);
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredReport {
    skipped: BTreeMap<String, usize>,
    problems: Vec<String>,
}

/// Compiles the dump `source` into the index `out` (written to a temporary file first).
fn compile(
    source: &Path,
    out: &Path,
    base: &Gazetteer,
    stamp: (u64, u64),
) -> Result<(), UserGazetteerError> {
    let name = out.display().to_string();
    let io = |e: std::io::Error| UserGazetteerError::Io {
        path: name.clone(),
        source: e,
    };
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp_dir = TempDir::beside(out).map_err(io)?;
    let records_path = tmp_dir.path().join("records");
    let mut records = BufWriter::new(File::create(&records_path).map_err(io)?);
    let mut offsets: Vec<u64> = vec![0];
    let mut ids: Vec<(u64, u32)> = Vec::new();
    let mut parts: Vec<BufWriter<File>> = (0..PARTITIONS)
        .map(|k| File::create(tmp_dir.path().join(format!("names{k}"))).map(BufWriter::new))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    let mut counts = vec![0u32; BUCKETS];
    let mut key = String::new();
    let mut write_err: Option<std::io::Error> = None;
    let mut too_many = false;
    let stored = crate::user_gazetteer::scan_gazetteer_file(source, base, |place, names| {
        if write_err.is_some() || too_many {
            return;
        }
        let i = offsets.len() - 1;
        if i >= MAX_INDEXED_PLACES {
            too_many = true;
            return;
        }
        let i = i as u32;
        let rec = format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            place.id.replace('\t', " "),
            place.kind.as_str(),
            place.name.replace('\t', " "),
            place.lat,
            place.lon,
            place.country,
            place.admin1,
            place.population
        );
        if let Err(e) = records.write_all(rec.as_bytes()) {
            write_err = Some(e);
            return;
        }
        let end = offsets.last().copied().unwrap_or(0) + rec.len() as u64;
        offsets.push(end);
        ids.push((key_hash(&place.id), i));
        let neutral = wants_neutral_keys(&place.country);
        let mut seen: Vec<u64> = Vec::new();
        for (n, name) in names.iter().enumerate() {
            if name.len() > MAX_NAME_BYTES {
                continue;
            }
            fold_name_into(name, &mut key);
            if key.is_empty() {
                continue;
            }
            let also = if neutral { neutral_key(&key) } else { None };
            for k in std::iter::once(key.as_str()).chain(also.as_deref()) {
                let h = key_hash(k);
                if seen.contains(&h) {
                    continue;
                }
                seen.push(h);
                let mut e = [0u8; ENTRY_BYTES];
                e[..8].copy_from_slice(&h.to_le_bytes());
                let p = i | if n == 0 { 1 << 31 } else { 0 };
                e[8..].copy_from_slice(&p.to_le_bytes());
                let part = (h >> (64 - 8)) as usize;
                if let Err(err) = parts[part].write_all(&e) {
                    write_err = Some(err);
                    return;
                }
                let b = (h >> (64 - BUCKET_BITS)) as usize;
                counts[b] = counts[b].saturating_add(1);
            }
        }
    })?;
    if let Some(e) = write_err {
        return Err(io(e));
    }
    if too_many {
        return Err(UserGazetteerError::Format {
            path: source.display().to_string(),
            reason: format!(
                "more than {} places: split the file",
                crate::text::thousands(MAX_INDEXED_PLACES as u64)
            ),
        });
    }
    records.flush().map_err(io)?;
    drop(records);
    for p in &mut parts {
        p.flush().map_err(io)?;
    }
    drop(parts);
    let places = offsets.len() - 1;

    // The index: header, records, offsets, buckets and names, ids, report.
    let tmp_out = tmp_dir.path().join("index");
    let mut w = BufWriter::new(File::create(&tmp_out).map_err(io)?);
    w.write_all(&[0u8; HEADER_BYTES]).map_err(io)?;
    let records_at = HEADER_BYTES as u64;
    let mut r = File::open(&records_path).map_err(io)?;
    std::io::copy(&mut r, &mut w).map_err(io)?;
    let offsets_at = records_at + offsets.last().copied().unwrap_or(0);
    for o in &offsets {
        w.write_all(&o.to_le_bytes()).map_err(io)?;
    }
    drop(offsets);
    let names_at = offsets_at + 8 * (places as u64 + 1);
    let mut start = 0u32;
    w.write_all(&start.to_le_bytes()).map_err(io)?;
    for c in &counts {
        start = start.saturating_add(*c);
        w.write_all(&start.to_le_bytes()).map_err(io)?;
    }
    let mut total = 0u64;
    for k in 0..PARTITIONS {
        let path = tmp_dir.path().join(format!("names{k}"));
        let raw = std::fs::read(&path).map_err(io)?;
        let mut entries: Vec<(u64, u32)> = raw
            .chunks_exact(ENTRY_BYTES)
            .map(|e| (u64_at(e, 0), u32_at(e, 8)))
            .collect();
        drop(raw);
        let _ = std::fs::remove_file(&path);
        entries.sort_unstable();
        for (h, p) in &entries {
            w.write_all(&h.to_le_bytes()).map_err(io)?;
            w.write_all(&p.to_le_bytes()).map_err(io)?;
        }
        total += entries.len() as u64;
    }
    let ids_at = names_at + ((BUCKETS + 1) * 4) as u64 + total * ENTRY_BYTES as u64;
    ids.sort_unstable();
    for (h, p) in &ids {
        w.write_all(&h.to_le_bytes()).map_err(io)?;
        w.write_all(&p.to_le_bytes()).map_err(io)?;
    }
    let report_at = ids_at + (ids.len() * ID_BYTES) as u64;
    let report = serde_json::to_string(&StoredReport {
        skipped: stored.skipped,
        problems: stored.problems,
    })
    .map_err(|e| io(std::io::Error::other(e)))?;
    w.write_all(report.as_bytes()).map_err(io)?;
    let mut file = w.into_inner().map_err(|e| io(e.into_error()))?;
    let mut head = Vec::with_capacity(HEADER_BYTES);
    head.extend_from_slice(MAGIC);
    for v in [
        stamp.0,
        stamp.1,
        places as u64,
        ids.len() as u64,
        records_at,
        offsets_at,
        names_at,
        ids_at,
        report_at,
    ] {
        head.extend_from_slice(&v.to_le_bytes());
    }
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    file.write_all(&head).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&tmp_out, out).map_err(io)?;
    Ok(())
}
