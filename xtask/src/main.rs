//! Build chores, run with `cargo run -p xtask -- <task>`:
//!
//! - `compile-gazetteer [IN.tsv.gz] [OUT.bin.zst]`: the gazetteer the app bundles. IN is what
//!   `scripts/build_data.py` writes (columns id kind name lat lon country admin1 population
//!   names); OUT is three zstd frames: the places as TSV without the names, in two halves
//!   that the app parses on two threads, then the name index (the magic `NMIDX1\0\0`, a u64
//!   count, and that many little-endian records: u64 hash of the folded name, u32 place
//!   number, u32 1 if it is the place's display name), sorted. With the index built here the
//!   app does not fold and sort 700,000 names at start-up. Names are folded and hashed by
//!   the core's own [`newsmap_core::fold_name`] and [`newsmap_core::key_hash`],
//!   so the index and the app's lookups cannot disagree.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use newsmap_core::{fold_name, key_hash, neutral_key, wants_neutral_keys};

/// The first bytes of the name index frame (the app checks them).
const INDEX_MAGIC: &[u8; 8] = b"NMIDX1\0\0";
/// zstd level: the bundle is compressed once and read at every start.
const LEVEL: i32 = 19;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    match args.first().map(String::as_str) {
        Some("compile-gazetteer") => {
            let src = args
                .get(1)
                .map_or_else(|| root.join("data/gazetteer.tsv.gz"), PathBuf::from);
            let dst = args
                .get(2)
                .map_or_else(|| root.join("data/gazetteer.bin.zst"), PathBuf::from);
            compile_gazetteer(&src, &dst)
        }
        _ => bail!("usage: cargo run -p xtask -- compile-gazetteer [IN.tsv.gz] [OUT.bin.zst]"),
    }
}

/// Compiles `src` (the gazetteer TSV, gzipped) into the bundle at `dst`.
fn compile_gazetteer(src: &Path, dst: &Path) -> Result<()> {
    let mut tsv = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(src).with_context(|| format!("{}", src.display()))?,
    )
    .read_to_string(&mut tsv)
    .with_context(|| format!("{}: not a gzipped UTF-8 TSV", src.display()))?;
    let (out, places, names) = compile(&tsv).with_context(|| format!("{}", src.display()))?;
    std::fs::write(dst, &out).with_context(|| format!("{}", dst.display()))?;
    println!(
        "{}: {places} places, {names} names, {:.1} MB in 3 zstd frames",
        dst.display(),
        out.len() as f64 / 1e6
    );
    Ok(())
}

/// The bundle for the gazetteer `tsv`, with its number of places and of indexed names.
fn compile(tsv: &str) -> Result<(Vec<u8>, usize, usize)> {
    let mut lines = tsv.split('\n');
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if header.last() != Some(&"names") || header.len() < 9 {
        bail!("the last column must be `names` (found {header:?})");
    }
    // Every column but the names goes into the rows; the names into the index.
    let kept = header.len() - 1;
    let country_col = header.iter().position(|c| *c == "country").unwrap_or(5);
    let mut rows: Vec<String> = Vec::new();
    let mut entries: Vec<(u64, u32, u32)> = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < kept {
            bail!("row {} has {} columns", rows.len() + 2, cols.len());
        }
        let place = u32::try_from(rows.len())?;
        rows.push(cols[..kept].join("\t"));
        let others = cols.get(kept).map(|n| n.split('|')).into_iter().flatten();
        let neutral = wants_neutral_keys(cols.get(country_col).copied().unwrap_or(""));
        let mut seen = BTreeSet::new();
        for (i, name) in std::iter::once(cols[2]).chain(others).enumerate() {
            let key = fold_name(name);
            if key.is_empty() {
                continue;
            }
            let also = if neutral { neutral_key(&key) } else { None };
            for (k, primary) in
                std::iter::once((key.as_str(), i == 0)).chain(also.as_deref().map(|k| (k, i == 0)))
            {
                let h = key_hash(k);
                if seen.insert(h) {
                    entries.push((h, place, u32::from(primary)));
                }
            }
        }
    }
    entries.sort_unstable();
    let head = header[..kept].join("\t");
    let half = rows.len() / 2;
    let mut out = Vec::new();
    for part in [&rows[..half], &rows[half..]] {
        let mut text = head.clone();
        for row in part {
            text.push('\n');
            text.push_str(row);
        }
        text.push('\n');
        out.extend(zstd::bulk::compress(text.as_bytes(), LEVEL)?);
    }
    let mut index = Vec::with_capacity(16 + entries.len() * 16);
    index.extend_from_slice(INDEX_MAGIC);
    index.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (h, place, primary) in &entries {
        index.extend_from_slice(&h.to_le_bytes());
        index.extend_from_slice(&place.to_le_bytes());
        index.extend_from_slice(&primary.to_le_bytes());
    }
    out.extend(zstd::bulk::compress(&index, LEVEL)?);
    Ok((out, rows.len(), entries.len()))
}

#[cfg(test)]
mod tests {
    use newsmap_core::Gazetteer;

    const TSV: &str = "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tnames
1\tcity\tKraków\t50.06\t19.94\tPL\tPL.77\t779115\tKrakow|Cracow|Краків
2\tcity\tOrël\t52.97\t36.06\tRU\tRU.56\t317854\tOryol|Орёл
3\tcity\tKamyanets-Podilskyi\t48.68\t26.58\tUA\tUA.09\t99610\tKam'yanets Podilskyi|Кам’янець-Подільський
4\tcity\tSaint Petersburg\t59.94\t30.31\tRU\tRU.66\t5351935\tSt. Petersburg|Санкт-Петербург
";

    fn names(g: &Gazetteer, spelling: &str) -> Vec<String> {
        let mut v: Vec<String> = g
            .lookup(spelling)
            .iter()
            .map(|h| g.place(h.place).name.clone())
            .collect();
        v.sort();
        v
    }

    /// What the task compiles, the core reads, and every spelling finds the same places
    /// through the compiled index as through the core's own indexing of the TSV.
    #[test]
    fn compiled_index_agrees_with_the_core() {
        let (bundle, places, indexed) = super::compile(TSV).unwrap();
        assert_eq!(places, 4);
        assert!(indexed >= 11, "{indexed}");
        let compiled = Gazetteer::from_bytes(&bundle).unwrap();
        let direct = Gazetteer::from_tsv_str(TSV).unwrap();
        assert_eq!(compiled.len(), 4);
        for (spelling, expected) in [
            ("Krakow", "Kraków"),
            ("KRAKÓW", "Kraków"),
            ("Краків", "Kraków"),
            ("Орел", "Orël"),
            ("Oryol", "Orël"),
            ("Kamyanets Podilskyi", "Kamyanets-Podilskyi"),
            ("Кам'янець-Подільський", "Kamyanets-Podilskyi"),
            ("St Petersburg", "Saint Petersburg"),
        ] {
            assert_eq!(
                names(&compiled, spelling),
                vec![expected.to_string()],
                "{spelling}"
            );
            assert_eq!(
                names(&compiled, spelling),
                names(&direct, spelling),
                "{spelling}"
            );
        }
        assert!(names(&compiled, "Warsaw").is_empty());
    }

    #[test]
    fn a_tsv_without_names_is_refused() {
        let err = super::compile("id\tkind\tname\n1\tcity\tX\n").unwrap_err();
        assert!(err.to_string().contains("names"), "{err}");
    }
}
