//! Near-duplicate documents: the same article saved twice, or as a web page and as a PDF,
//! is one document. Texts are compared by MinHash signatures of their word 4-grams (outside
//! boilerplate), found through locality-sensitive hashing, so a new document is checked
//! against thousands without comparing it with each.

use std::collections::BTreeMap;

use crate::text::FnvHasher;
use std::hash::Hasher;

/// Signature length (hash functions).
const HASHES: usize = 32;
/// Bands of the LSH index (rows per band = HASHES / BANDS).
const BANDS: usize = 8;
/// Estimated Jaccard similarity above which two texts are the same article.
pub const SAME_ARTICLE: f64 = 0.75;
/// Fewer words than this: only identical texts are the same.
const MIN_WORDS: usize = 12;

/// A document's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    /// Too short for shingles: a hash of the whole word sequence.
    Exact(u64),
    /// MinHash signature.
    MinHash(Box<[u64; HASHES]>),
}

fn words(text: &str, skip: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut pos = 0;
    for piece in text.split(|c: char| !c.is_alphanumeric()) {
        let start = pos;
        pos += piece.len() + 1;
        if piece.is_empty() || skip.iter().any(|&(a, b)| a <= start && start < b) {
            continue;
        }
        out.push(piece.to_lowercase());
    }
    out
}

fn hash_str(parts: &[String]) -> u64 {
    let mut h = FnvHasher::default();
    for p in parts {
        h.write(p.as_bytes());
        h.write_u8(0);
    }
    h.finish()
}

fn mix(mut x: u64) -> u64 {
    // splitmix64
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The fingerprint of a text, leaving out the byte ranges in `skip` (boilerplate).
pub fn fingerprint(text: &str, skip: &[(usize, usize)]) -> Fingerprint {
    let w = words(text, skip);
    if w.len() < MIN_WORDS {
        return Fingerprint::Exact(hash_str(&w));
    }
    let mut sig = [u64::MAX; HASHES];
    for shingle in w.windows(4) {
        let h = hash_str(shingle);
        for (i, slot) in sig.iter_mut().enumerate() {
            let v = mix(h ^ (i as u64).wrapping_mul(0x5851_F42D_4C95_7F2D));
            if v < *slot {
                *slot = v;
            }
        }
    }
    Fingerprint::MinHash(Box::new(sig))
}

/// Estimated similarity of two fingerprints, 0 to 1.
pub fn similarity(a: &Fingerprint, b: &Fingerprint) -> f64 {
    match (a, b) {
        (Fingerprint::Exact(x), Fingerprint::Exact(y)) => f64::from(u8::from(x == y)),
        (Fingerprint::MinHash(x), Fingerprint::MinHash(y)) => {
            x.iter().zip(y.iter()).filter(|(p, q)| p == q).count() as f64 / HASHES as f64
        }
        _ => 0.0,
    }
}

/// An index of fingerprints that finds the earlier document a new one duplicates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    fingerprints: Vec<Fingerprint>,
    buckets: BTreeMap<(usize, u64), Vec<usize>>,
}

impl Index {
    fn keys(fp: &Fingerprint) -> Vec<(usize, u64)> {
        match fp {
            Fingerprint::Exact(h) => vec![(usize::MAX, *h)],
            Fingerprint::MinHash(sig) => sig
                .chunks(HASHES / BANDS)
                .enumerate()
                .map(|(band, rows)| {
                    let mut h = FnvHasher::default();
                    for r in rows {
                        h.write_u64(*r);
                    }
                    (band, h.finish())
                })
                .collect(),
        }
    }

    /// The number of the earlier document `fp` duplicates, if any; otherwise records it
    /// as document number `len()` and returns `None`.
    pub fn insert(&mut self, fp: Fingerprint) -> Option<usize> {
        let keys = Self::keys(&fp);
        let mut candidates: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.buckets.get(k))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if let Some(&dup) = candidates
            .iter()
            .find(|&&c| similarity(&self.fingerprints[c], &fp) >= SAME_ARTICLE)
        {
            return Some(dup);
        }
        let id = self.fingerprints.len();
        for k in keys {
            self.buckets.entry(k).or_default().push(id);
        }
        self.fingerprints.push(fp);
        None
    }

    /// Documents recorded.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// Whether none is recorded.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "Russian forces pushed toward Pokrovsk on Tuesday, a logistics hub in \
        the eastern Donetsk region, while fighting flared near Kurakhove and Vuhledar. Officials \
        in Kyiv said air defences shot down most of the drones launched overnight at Kharkiv.";

    #[test]
    fn same_article_with_page_furniture_is_a_duplicate() {
        let pdf = format!("Page 1 of 1\n{ARTICLE}\nPrinted from the web site");
        let mut idx = Index::default();
        assert_eq!(idx.insert(fingerprint(ARTICLE, &[])), None);
        assert_eq!(idx.insert(fingerprint(&pdf, &[])), Some(0));
        let other = "Floods closed roads across the north of England on Sunday as rivers \
            burst their banks in Yorkshire and Cumbria, and forecasters warned of more rain.";
        assert_eq!(idx.insert(fingerprint(other, &[])), None);
        assert_eq!(idx.len(), 2);
    }

    #[test]
    fn bulletins_from_one_template_are_not_the_same_article() {
        let bulletin = |places: &[&str]| {
            places
                .iter()
                .map(|p| format!("Shelling was reported in {p} overnight, officials said."))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let a = bulletin(&["Kherson", "Nikopol", "Marhanets", "Beryslav", "Kupiansk"]);
        let b = bulletin(&["Sumy", "Okhtyrka", "Shostka", "Konotop", "Romny"]);
        let mut idx = Index::default();
        assert_eq!(idx.insert(fingerprint(&a, &[])), None);
        assert_eq!(
            idx.insert(fingerprint(&b, &[])),
            None,
            "different places, different news"
        );
    }
}
