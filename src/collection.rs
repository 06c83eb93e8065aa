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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// One line per file that could not be loaded.
    pub warnings: Vec<Warning>,
    /// (source, hash of text) of every document, so a document loaded twice is kept once
    /// without comparing it with all the others.
    seen: std::collections::BTreeSet<(String, u64)>,
}

/// Progress of a load, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Files done.
    pub done: usize,
    /// Files in all.
    pub total: usize,
}

/// What one file gave: its documents or a warning.
#[derive(Debug, Clone, PartialEq)]
pub enum FileResult {
    /// Documents read and geoparsed.
    Loaded(Vec<ParsedDocument>),
    /// The file gave nothing, and why.
    Skipped(Warning),
}

/// Reads and geoparses one file.
pub fn process_file(parser: &Geoparser<'_>, path: &Path) -> FileResult {
    let source = path.display().to_string();
    // A panic in a parser must not take the batch down.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ingest::read_file(path).map(|docs| {
            docs.into_iter()
                .map(|doc| {
                    let mentions = parser.parse(&doc.text);
                    ParsedDocument { doc, mentions }
                })
                .collect::<Vec<_>>()
        })
    }));
    match result {
        Ok(Ok(docs)) => FileResult::Loaded(docs),
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

    /// Adds what one file gave. A document already in the collection (same source and text)
    /// is not added twice.
    pub fn add(&mut self, result: FileResult) {
        match result {
            FileResult::Loaded(docs) => {
                for d in docs {
                    let key = (d.doc.source.clone(), crate::text::key_hash(&d.doc.text));
                    if self.seen.insert(key) {
                        self.documents.push(d);
                    }
                }
            }
            FileResult::Skipped(w) => self.warnings.push(w),
        }
    }

    /// Every resolved place with its mentions, most mentioned first (ties by name, then id).
    pub fn places(&self, gaz: &Gazetteer) -> Vec<PlaceMentions> {
        let mut by_place: std::collections::BTreeMap<PlaceId, Vec<MentionRef>> =
            std::collections::BTreeMap::new();
        for (d, pd) in self.documents.iter().enumerate() {
            for (m, mention) in pd.mentions.iter().enumerate() {
                if let Some(r) = &mention.resolution {
                    by_place
                        .entry(r.place)
                        .or_default()
                        .push(MentionRef { doc: d, mention: m });
                }
            }
        }
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

    /// The mentions that are relative locations ("10 km south of Kurakhove"), in document
    /// then text order.
    pub fn relatives(&self) -> Vec<MentionRef> {
        let mut out = Vec::new();
        for (d, pd) in self.documents.iter().enumerate() {
            for (m, mention) in pd.mentions.iter().enumerate() {
                if mention.relative.is_some() {
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
