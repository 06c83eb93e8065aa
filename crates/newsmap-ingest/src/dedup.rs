//! Copies of one article: the same text saved twice, a web page and its PDF, a wire story
//! syndicated under another headline or byline. Two texts that differ in a place name, a
//! number, a date or a casualty figure are different reports, however alike the rest.
//!
//! Candidates are found quickly: a MinHash signature of each text's word 4-grams (outside
//! boilerplate) goes into a locality-sensitive hash index, so a new document is checked
//! against thousands without comparing it with each. Each candidate is then compared word
//! by word ([`compare`]): a copy shares its body word for word, and differs only in whole
//! lines at its top and bottom (headline, byline, page furniture) or in short whole lines
//! inside it (a PDF's page header); a text whose words differ *inside* a line is another
//! report. A long text that differs from an earlier one in a few words (a new death toll)
//! is an update of it: its own document, linked to the earlier one.

use std::hash::BuildHasherDefault;
use std::time::{Duration, Instant};

use crate::FnvHasher;
use std::hash::Hasher;

/// Signature length (hash functions).
const HASHES: usize = 32;
/// Bands of the LSH index (rows per band = HASHES / BANDS).
const BANDS: usize = 8;
/// Estimated Jaccard similarity of word 4-grams below which two texts are not compared.
pub const CANDIDATE_SIMILARITY: f64 = 0.5;
/// Fewer words than this: only identical texts are copies (a headline, a one-line note).
pub const SHORT_WORDS: usize = 40;
/// A copy shares at least this share of each text's words, in order.
pub const COPY_SHARED: f64 = 0.7;
/// An inserted line inside a copy (a PDF's page header) has at most this many words.
pub const FURNITURE_WORDS: usize = 12;
/// An update shares at least this share of the longer text's words, in order.
pub const UPDATE_SHARED: f64 = 0.8;
/// A word-by-word comparison gives up after this long (the texts are then not copies).
const DIFF_DEADLINE: Duration = Duration::from_millis(10);
/// At most this many candidates, the most similar first, are compared word by word with a
/// new document: a folder of bulletins from one template makes every earlier bulletin a
/// candidate, and comparing each would cost the square of the folder.
pub const MAX_COMPARED: usize = 8;

/// A document's fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fingerprint {
    /// Too short for shingles: a hash of the whole word sequence.
    Exact(u64),
    /// MinHash signature.
    MinHash(Box<[u64; HASHES]>),
    /// A document kept out of copy grouping (results opened from a batch, which grouped
    /// them itself): in no bucket of the index, similar to nothing.
    Unindexed,
}

/// One word of a text, for comparing texts.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// Hash of the lower-cased word.
    hash: u64,
    /// It begins its line.
    line_start: bool,
    /// It ends its line.
    line_end: bool,
    /// It is capitalised inside a sentence: a name.
    name: bool,
}

/// The words of `text` outside the byte ranges in `skip` (boilerplate). When every word is
/// in `skip`, the whole text's words: a fingerprint is never taken over nothing.
fn words(text: &str, skip: &[(usize, usize)]) -> Vec<Word> {
    let w = words_outside(text, skip);
    if w.is_empty() && !skip.is_empty() {
        return words_outside(text, &[]);
    }
    w
}

fn words_outside(text: &str, skip: &[(usize, usize)]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    let mut new_line = true;
    let push = |out: &mut Vec<Word>, a: usize, b: usize, new_line: &mut bool| {
        if skip.iter().any(|&(s, e)| s <= a && a < e) {
            return;
        }
        let mut h = FnvHasher::default();
        let word = &text[a..b];
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        let before = text[..a].trim_end_matches([' ', '\t', '"', '\'', '«', '“', '(']);
        let sentence_start =
            *new_line || before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n']);
        let name = capital && !sentence_start;
        if word.is_ascii() {
            // The same bytes as below, without decoding (most words of most texts).
            for b in word.bytes() {
                h.write(&[b.to_ascii_lowercase()]);
            }
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                let mut buf = [0u8; 4];
                h.write(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        out.push(Word {
            hash: h.finish(),
            line_start: *new_line,
            line_end: false,
            name,
        });
        *new_line = false;
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(a) = start.take() {
            push(&mut out, a, i, &mut new_line);
        }
        if c == '\n' {
            if let Some(last) = out.last_mut() {
                last.line_end = true;
            }
            new_line = true;
        }
    }
    if let Some(a) = start {
        push(&mut out, a, text.len(), &mut new_line);
    }
    if let Some(last) = out.last_mut() {
        last.line_end = true;
    }
    out
}

fn hash_words(parts: &[Word]) -> u64 {
    let mut h = FnvHasher::default();
    for p in parts {
        h.write_u64(p.hash);
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

/// The fingerprint of a text, leaving out the byte ranges in `skip` (boilerplate) unless
/// nothing else is left.
pub fn fingerprint(text: &str, skip: &[(usize, usize)]) -> Fingerprint {
    fingerprint_of(&words(text, skip))
}

/// [`fingerprint`] and [`exact_key`] of a text at once (its words are read once).
pub fn fingerprint_and_key(text: &str, skip: &[(usize, usize)]) -> (Fingerprint, u64) {
    let w = words(text, skip);
    (fingerprint_of(&w), hash_words(&w))
}

fn fingerprint_of(w: &[Word]) -> Fingerprint {
    if w.len() < SHORT_WORDS {
        return Fingerprint::Exact(hash_words(w));
    }
    let mut sig = [u64::MAX; HASHES];
    for shingle in w.windows(4) {
        // The HASHES hash functions from two (Kirsch and Mitzenmacher's double hashing):
        // two mixes a shingle instead of one per function.
        let h = hash_words(shingle);
        let h1 = mix(h);
        let h2 = mix(h ^ 0x5851_F42D_4C95_7F2D) | 1;
        let mut v = h1;
        for slot in sig.iter_mut() {
            if v < *slot {
                *slot = v;
            }
            v = v.wrapping_add(h2);
        }
    }
    Fingerprint::MinHash(Box::new(sig))
}

/// A hash of a text's words (outside boilerplate, lower-cased, in order): equal for texts
/// that are the same up to spacing, case and punctuation, so such copies are found at once.
pub fn exact_key(text: &str, skip: &[(usize, usize)]) -> u64 {
    hash_words(&words(text, skip))
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

/// How a text stands to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// Another report.
    Distinct,
    /// The same report with a few words changed (a new toll): its own document, linked.
    Update,
    /// The same article: one is shown, the other listed with it.
    Copy,
}

/// Compares two texts (each with its boilerplate ranges) word by word.
pub fn compare(a: &str, a_skip: &[(usize, usize)], b: &str, b_skip: &[(usize, usize)]) -> Relation {
    let wa = words(a, a_skip);
    let wb = words(b, b_skip);
    compare_words(&wa, &wb)
}

fn compare_words(a: &[Word], b: &[Word]) -> Relation {
    let ha: Vec<u64> = a.iter().map(|w| w.hash).collect();
    let hb: Vec<u64> = b.iter().map(|w| w.hash).collect();
    if ha == hb {
        return Relation::Copy;
    }
    if a.len().min(b.len()) < SHORT_WORDS {
        return Relation::Distinct;
    }
    let ops = similar::capture_diff_slices_deadline(
        similar::Algorithm::Myers,
        &ha,
        &hb,
        Some(Instant::now() + DIFF_DEADLINE),
    );
    // Runs of changes between equal stretches, as (old range, new range).
    let mut changes: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut shared = 0usize;
    let mut open: Option<((usize, usize), (usize, usize))> = None;
    for op in &ops {
        let (_, old, new) = op.as_tag_tuple();
        if matches!(op, similar::DiffOp::Equal { .. }) {
            shared += old.len();
            if let Some(c) = open.take() {
                changes.push(c);
            }
            continue;
        }
        let c = open.get_or_insert(((old.start, old.start), (new.start, new.start)));
        c.0.1 = old.end;
        c.1.1 = new.end;
    }
    if let Some(c) = open.take() {
        changes.push(c);
    }
    let whole_lines =
        |w: &[Word], (s, e): (usize, usize)| s == e || (w[s].line_start && w[e - 1].line_end);
    let shares = |n: usize| shared as f64 >= COPY_SHARED * n as f64;
    let copy = shares(a.len())
        && shares(b.len())
        && changes.iter().all(|&(old, new)| {
            let edge = old.0 == 0 && new.0 == 0 || old.1 == a.len() && new.1 == b.len();
            let furniture = (old.0 == old.1 || new.0 == new.1)
                && (old.1 - old.0).max(new.1 - new.0) <= FURNITURE_WORDS;
            whole_lines(a, old) && whole_lines(b, new) && (edge || furniture)
        });
    // An update changes figures (a toll, a date) or adds whole lines; a changed name
    // makes another report.
    let figures_or_lines = changes.iter().all(|&(old, new)| {
        let names = a[old.0..old.1]
            .iter()
            .chain(&b[new.0..new.1])
            .any(|w| w.name);
        !names || (old.0 == old.1 && whole_lines(b, new)) || (new.0 == new.1 && whole_lines(a, old))
    });
    if copy {
        Relation::Copy
    } else if figures_or_lines && shared as f64 >= UPDATE_SHARED * a.len().max(b.len()) as f64 {
        Relation::Update
    } else {
        Relation::Distinct
    }
}

/// An index of fingerprints that finds the earlier documents a new one may copy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    fingerprints: Vec<Fingerprint>,
    /// (band, hash of the band's rows) → the documents with it. Looked up, never walked
    /// in order: a hash map (a B-tree of a million keys cost a microsecond a lookup).
    buckets: std::collections::HashMap<(usize, u64), Vec<usize>, BuildHasherDefault<FnvHasher>>,
}

impl Index {
    fn keys(fp: &Fingerprint) -> Vec<(usize, u64)> {
        match fp {
            Fingerprint::Unindexed => Vec::new(),
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

    /// The numbers of the earlier documents `fp` may copy, at most [`MAX_COMPARED`], most
    /// similar first (ties: the latest first, as a template's bulletins come in runs):
    /// each is to be checked with [`compare`].
    pub fn candidates(&self, fp: &Fingerprint) -> Vec<usize> {
        self.candidates_before(fp, usize::MAX)
    }

    /// [`Index::candidates`] among the documents numbered below `before` (a document
    /// recorded already is checked against those recorded before it).
    pub fn candidates_before(&self, fp: &Fingerprint, before: usize) -> Vec<usize> {
        let mut found: Vec<usize> = Self::keys(fp)
            .iter()
            .filter_map(|k| self.buckets.get(k))
            .flatten()
            .copied()
            .filter(|&c| c < before)
            .collect();
        found.sort_unstable();
        found.dedup();
        let mut scored: Vec<(f64, usize)> = found
            .into_iter()
            .map(|c| (similarity(&self.fingerprints[c], fp), c))
            .filter(|&(s, _)| s >= CANDIDATE_SIMILARITY)
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(y.1.cmp(&x.1)));
        scored.truncate(MAX_COMPARED);
        scored.into_iter().map(|(_, c)| c).collect()
    }

    /// Records `fp` as document number `len()`.
    pub fn push(&mut self, fp: Fingerprint) {
        let id = self.fingerprints.len();
        for k in Self::keys(&fp) {
            self.buckets.entry(k).or_default().push(id);
        }
        self.fingerprints.push(fp);
    }

    /// The fingerprint of document number `i`.
    pub fn fingerprint(&self, i: usize) -> Option<&Fingerprint> {
        self.fingerprints.get(i)
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
        in Kyiv said air defences shot down most of the drones launched overnight at Kharkiv.\n\
        The regional governor said two people were wounded in the city and a school was \
        damaged, and that power had been restored to most homes by the evening.";

    fn rel(a: &str, b: &str) -> Relation {
        compare(a, &[], b, &[])
    }

    #[test]
    fn same_article_with_page_furniture_is_a_copy() {
        let pdf = format!("Page 1 of 1\n{ARTICLE}\nPrinted from the web site");
        assert_eq!(rel(ARTICLE, &pdf), Relation::Copy);
        let fa = fingerprint(ARTICLE, &[]);
        let fb = fingerprint(&pdf, &[]);
        let mut idx = Index::default();
        idx.push(fa);
        assert_eq!(idx.candidates(&fb), vec![0]);
        // Another headline and byline: the same wire story.
        let wire = format!("Drones over Kharkiv\nBy A. Writer\n{ARTICLE}");
        assert_eq!(rel(&pdf, &wire), Relation::Copy);
        // Case, spacing and punctuation.
        assert_eq!(
            rel(ARTICLE, &ARTICLE.to_uppercase().replace(' ', "  ")),
            Relation::Copy
        );
    }

    #[test]
    fn a_changed_figure_or_place_is_another_report() {
        let changed = ARTICLE.replace("two people", "five people");
        assert_eq!(rel(ARTICLE, &changed), Relation::Update);
        let place = ARTICLE.replace("Vuhledar", "Selydove");
        assert_eq!(rel(ARTICLE, &place), Relation::Distinct);
        let a = "Interception: On 4 March 2024, according to Russian sources, Russian air \
                 defence forces shot down a Ukrainian drone near Vilne, Zaporizhzhia.";
        let b = a.replace("Vilne", "Stepnohirsk");
        assert_eq!(rel(a, &b), Relation::Distinct);
        assert_eq!(rel(a, a), Relation::Copy);
    }

    #[test]
    fn bulletins_from_one_template_are_not_copies() {
        let bulletin = |places: &[&str]| {
            places
                .iter()
                .map(|p| format!("Shelling was reported in {p} overnight, officials said."))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let a = bulletin(&["Kherson", "Nikopol", "Marhanets", "Beryslav", "Kupiansk"]);
        let b = bulletin(&["Sumy", "Okhtyrka", "Shostka", "Konotop", "Romny"]);
        assert_eq!(rel(&a, &b), Relation::Distinct);
    }

    #[test]
    fn bulletins_of_one_template_compare_with_a_few_candidates_only() {
        // Every earlier bulletin is a candidate of the next; only the most similar few are
        // compared word by word, so a folder of them does not cost its square.
        let long = " Residents sheltered in the metro until morning, officials said.".repeat(30);
        let mut idx = Index::default();
        for i in 0..50 {
            idx.push(fingerprint(&format!("Report {i} from Sumy.{long}"), &[]));
        }
        let next = fingerprint(&format!("Report 50 from Sumy.{long}"), &[]);
        let found = idx.candidates(&next);
        assert!(
            !found.is_empty() && found.len() <= MAX_COMPARED,
            "{found:?}"
        );
        assert_eq!(exact_key("Kyiv,  KYIV!", &[]), exact_key("kyiv kyiv", &[]));
    }

    #[test]
    fn all_boilerplate_text_is_fingerprinted_whole() {
        let a = "Please donate to support our journalism.";
        let b = "Subscribe to our newsletter for more news.";
        let fa = fingerprint(a, &[(0, a.len())]);
        let fb = fingerprint(b, &[(0, b.len())]);
        assert_ne!(fa, fb, "a fingerprint is never taken over nothing");
    }
}
