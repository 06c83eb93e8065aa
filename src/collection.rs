//! A collection of geoparsed documents and the places they name.

use std::path::{Path, PathBuf};

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::geoparse::{Geoparser, Mention};
use crate::ingest::{self, Document, Warning};

/// A document with the place names found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    /// The document.
    pub doc: Document,
    /// Its place names, in text order.
    pub mentions: Vec<Mention>,
}

/// Where a mention is: document index and mention index within it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionRef {
    /// Index into [`Collection::documents`].
    pub doc: usize,
    /// Index into that document's mentions.
    pub mention: usize,
}

/// A place with every mention that resolved to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMentions {
    /// The place.
    pub place: PlaceId,
    /// Its mentions, in document then text order.
    pub mentions: Vec<MentionRef>,
}

/// Documents and the problems met loading them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collection {
    /// Documents in the order loaded.
    pub documents: Vec<ParsedDocument>,
    /// One line per file (or part of a file) that could not be loaded, and per article
    /// loaded twice.
    pub warnings: Vec<Warning>,
    /// Fingerprints of the documents, to find the same article loaded again.
    dedup: crate::dedup::Index,
    /// (source, paragraph hash) → the documents of that source holding the paragraph: text
    /// repeated across documents of one source is boilerplate.
    repeated: std::collections::BTreeMap<(String, u64), Vec<usize>>,
}

/// A paragraph found in this many documents of one source is boilerplate.
pub const REPEATED_IN_DOCUMENTS: usize = 3;
/// Shorter paragraphs are not compared across documents (datelines, "Reuters").
const REPEATED_MIN_CHARS: usize = 40;

/// Progress of a load, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Files done.
    pub done: usize,
    /// Files in all.
    pub total: usize,
}

/// What one file gave: its documents and warnings, or a warning.
#[derive(Debug, Clone, PartialEq)]
pub enum FileResult {
    /// Documents read and geoparsed, and the parts of the file that gave none.
    Loaded(Vec<ParsedDocument>, Vec<Warning>),
    /// The file gave nothing, and why.
    Skipped(Warning),
}

impl ParsedDocument {
    /// Whether a mention lies in boilerplate (an appeal, a footer), which makes no pin.
    pub fn in_boilerplate(&self, m: &Mention) -> bool {
        self.doc.in_boilerplate(m.start, m.end)
    }
}

/// Reads and geoparses one file.
pub fn process_file(parser: &Geoparser<'_>, path: &Path) -> FileResult {
    let source = path.display().to_string();
    // A panic in a parser must not take the batch down.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ingest::read_file(path).map(|read| {
            let docs = read
                .documents
                .into_iter()
                .map(|doc| {
                    let mentions = parser.parse(&doc.text);
                    ParsedDocument { doc, mentions }
                })
                .collect::<Vec<_>>();
            (docs, read.warnings)
        })
    }));
    match result {
        Ok(Ok((docs, warnings))) => FileResult::Loaded(docs, warnings),
        Ok(Err(e)) => FileResult::Skipped(Warning {
            source,
            message: e.to_string(),
        }),
        Err(_) => FileResult::Skipped(Warning {
            source,
            message: "internal error while reading this file".into(),
        }),
    }
}

/// Geoparses documents again (restored from a workspace, or after the gazetteer changed),
/// in order.
pub fn reparse(parser: &Geoparser<'_>, docs: Vec<Document>) -> Vec<ParsedDocument> {
    docs.into_iter()
        .map(|doc| {
            let mentions = parser.parse(&doc.text);
            ParsedDocument { doc, mentions }
        })
        .collect()
}

/// Reads and geoparses every file under `paths`, calling `on_file` after each file (a
/// streaming consumer can take the result there) and returning nothing else.
pub fn process_paths(
    parser: &Geoparser<'_>,
    paths: &[PathBuf],
    mut on_file: impl FnMut(Progress, FileResult),
) {
    let (files, warnings) = ingest::collect_files(paths);
    let total = files.len() + warnings.len();
    let mut done = 0;
    for w in warnings {
        done += 1;
        on_file(Progress { done, total }, FileResult::Skipped(w));
    }
    for file in files {
        let r = process_file(parser, &file);
        done += 1;
        on_file(Progress { done, total }, r);
    }
}

impl Collection {
    /// Loads every file under `paths` into a new collection.
    pub fn load(parser: &Geoparser<'_>, paths: &[PathBuf]) -> Self {
        let mut c = Collection::default();
        process_paths(parser, paths, |_, r| c.add(r));
        c
    }

    /// A collection of documents already checked for duplicates (a restored workspace),
    /// with their import report.
    pub fn restore(documents: Vec<ParsedDocument>, warnings: Vec<Warning>) -> Self {
        let mut c = Collection::default();
        for d in documents {
            c.add_document(d);
        }
        // The report as it was, then anything found now.
        let found = std::mem::replace(&mut c.warnings, warnings);
        c.warnings.extend(found);
        c
    }

    /// Puts documents geoparsed again in place of the ones at the same positions (the same
    /// documents, with other mentions).
    pub fn replace_mentions(&mut self, documents: Vec<ParsedDocument>) {
        for (old, new) in self.documents.iter_mut().zip(documents) {
            if old.doc.text == new.doc.text {
                old.mentions = new.mentions;
            }
        }
    }

    /// Adds what one file gave. The same article already in the collection (loaded twice,
    /// or as a page and as a PDF) is not added again; a warning says so.
    pub fn add(&mut self, result: FileResult) {
        match result {
            FileResult::Loaded(docs, warnings) => {
                self.warnings.extend(warnings);
                for d in docs {
                    self.add_document(d);
                }
            }
            FileResult::Skipped(w) => self.warnings.push(w),
        }
    }

    /// Adds one document unless it is an article already loaded.
    pub fn add_document(&mut self, d: ParsedDocument) {
        let fp = crate::dedup::fingerprint(&d.doc.text, &d.doc.boilerplate);
        if let Some(first) = self.dedup.insert(fp) {
            let earlier = self
                .documents
                .get(first)
                .map(|e| e.doc.path.clone())
                .unwrap_or_default();
            self.warnings.push(Warning {
                source: d.doc.path.clone(),
                message: format!("the same article as {earlier}; kept once"),
            });
            return;
        }
        let idx = self.documents.len();
        self.documents.push(d);
        self.mark_repeated(idx);
    }

    /// Records the paragraphs of document `idx` under its source, and marks paragraphs that
    /// have now been seen in [`REPEATED_IN_DOCUMENTS`] documents of that source as
    /// boilerplate in all of them.
    fn mark_repeated(&mut self, idx: usize) {
        let Some(source) = self.documents[idx].doc.source.clone() else {
            return;
        };
        let paras: Vec<(u64, usize, usize)> = {
            let doc = &self.documents[idx].doc;
            ingest::boilerplate::paragraphs(&doc.text)
                .into_iter()
                .filter(|&(a, b)| doc.text[a..b].chars().count() >= REPEATED_MIN_CHARS)
                .map(|(a, b)| (crate::text::key_hash(&doc.text[a..b]), a, b))
                .collect()
        };
        for (hash, _, _) in paras {
            let docs = self.repeated.entry((source.clone(), hash)).or_default();
            if docs.last() != Some(&idx) {
                docs.push(idx);
            }
            if docs.len() >= REPEATED_IN_DOCUMENTS {
                let docs = docs.clone();
                for d in docs {
                    let doc = &mut self.documents[d].doc;
                    let ranges: Vec<(usize, usize)> = ingest::boilerplate::paragraphs(&doc.text)
                        .into_iter()
                        .filter(|&(a, b)| crate::text::key_hash(&doc.text[a..b]) == hash)
                        .collect();
                    for r in ranges {
                        if !doc.boilerplate.contains(&r) && !doc.in_boilerplate(r.0, r.1) {
                            doc.boilerplate.push(r);
                            doc.boilerplate.sort_unstable();
                        }
                    }
                }
            }
        }
    }

    /// Every resolved place with its mentions, most mentioned first (ties by name, then id).
    pub fn places(&self, gaz: &Gazetteer) -> Vec<PlaceMentions> {
        let mut by_place: std::collections::BTreeMap<PlaceId, Vec<MentionRef>> =
            std::collections::BTreeMap::new();
        for (d, pd) in self.documents.iter().enumerate() {
            for (m, mention) in pd.mentions.iter().enumerate() {
                if pd.in_boilerplate(mention) {
                    continue;
                }
                if let Some(r) = &mention.resolution {
                    by_place
                        .entry(r.place)
                        .or_default()
                        .push(MentionRef { doc: d, mention: m });
                }
            }
        }
        most_mentioned_first(gaz, by_place)
    }

    /// The mentions that are relative locations ("10 km south of Kurakhove"), in document
    /// then text order.
    pub fn relatives(&self) -> Vec<MentionRef> {
        let mut out = Vec::new();
        for (d, pd) in self.documents.iter().enumerate() {
            for (m, mention) in pd.mentions.iter().enumerate() {
                if mention.relative.is_some()
                    && mention.resolution.is_some()
                    && !pd.in_boilerplate(mention)
                {
                    out.push(MentionRef { doc: d, mention: m });
                }
            }
        }
        out
    }

    /// The mention behind a reference.
    pub fn mention(&self, r: MentionRef) -> Option<(&ParsedDocument, &Mention)> {
        let d = self.documents.get(r.doc)?;
        Some((d, d.mentions.get(r.mention)?))
    }
}

/// Places with their mentions, most mentioned first (ties by name, then id).
pub(crate) fn most_mentioned_first(
    gaz: &Gazetteer,
    by_place: std::collections::BTreeMap<PlaceId, Vec<MentionRef>>,
) -> Vec<PlaceMentions> {
    let mut out: Vec<PlaceMentions> = by_place
        .into_iter()
        .map(|(place, mentions)| PlaceMentions { place, mentions })
        .collect();
    out.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| gaz.place(a.place).name.cmp(&gaz.place(b.place).name))
            .then(a.place.cmp(&b.place))
    });
    out
}
