//! A collection of geoparsed documents and the places they name.

use std::path::{Path, PathBuf};

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::geoparse::{CollectionContext, Geoparser, Mention};
use crate::ingest::{self, Document, Warning};

/// A document with the place names found in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    /// The document.
    pub doc: Document,
    /// Its place names, in text order.
    pub mentions: Vec<Mention>,
    /// How it stands to an earlier document: a copy of it (listed with it, not shown on
    /// its own) or an update of it (shown, and linked).
    pub link: Option<Link>,
}

/// How a document stands to another of the collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The same article as document `n` of the collection, which is shown for both: it has
    /// its own mentions, but its excerpts are listed under the other's.
    CopyOf(usize),
    /// The same report as document `n` with some figures changed (a new toll): shown as a
    /// document of its own.
    UpdateOf(usize),
}

impl ParsedDocument {
    /// A document with its mentions and no link to another.
    pub fn new(doc: Document, mentions: Vec<Mention>) -> Self {
        ParsedDocument {
            doc,
            mentions,
            link: None,
        }
    }

    /// The document this one is a copy of, if any.
    pub fn copy_of(&self) -> Option<usize> {
        match self.link {
            Some(Link::CopyOf(n)) => Some(n),
            _ => None,
        }
    }

    /// Whether it is a copy of another document (listed with it, no pins of its own).
    pub fn is_copy(&self) -> bool {
        self.copy_of().is_some()
    }
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
    dedup: crate::ingest::CopyIndex,
    /// Whether copies are grouped at all (`--no-dedup` turns it off).
    no_grouping: bool,
    /// Text hashes of the documents the user said are not copies ("Not the same").
    kept_apart: std::collections::BTreeSet<u64>,
    /// The document shown for a group of copies → its copies, in load order.
    groups: std::collections::BTreeMap<usize, Vec<usize>>,
    /// Documents read in part or another way (a limit reached), in load order.
    noted: Vec<usize>,
    /// Hash of a document's words → the first document with those words: exact copies
    /// are found without comparing texts.
    exact: std::collections::BTreeMap<u64, usize>,
    /// (source, paragraph hash) → the documents of that source holding the paragraph: text
    /// repeated across documents of one source is boilerplate.
    repeated: std::collections::BTreeMap<(String, u64), Vec<usize>>,
    /// Set (to the restore's token) while restored documents wait for their copies to be
    /// looked for ([`Collection::restore_ungrouped`]).
    ungrouped: Option<u64>,
}

/// The costly part of grouping copies, done on all cores before the documents are added
/// in order: each document's fingerprint and exact key, and the earlier document it copies
/// or else updates.
#[derive(Debug, Default)]
struct Grouping {
    /// Each document's exact key (its fingerprint is in `index`).
    keys: Vec<u64>,
    /// The earlier document each copies or updates.
    found: Vec<Option<(usize, crate::ingest::Relation)>>,
    /// The fingerprints of all.
    index: crate::ingest::CopyIndex,
}

impl Grouping {
    /// The grouping of `documents` in this order, on all cores.
    fn of(documents: &[ParsedDocument]) -> Grouping {
        let printed = par_map(documents, |d| printed(&d.doc));
        let mut index = crate::ingest::CopyIndex::default();
        let mut keys = Vec::with_capacity(printed.len());
        for (fp, key) in printed {
            index.push(fp);
            keys.push(key);
        }
        let order: Vec<usize> = (0..documents.len()).collect();
        let found = par_map(&order, |&i| {
            let fp = index.fingerprint(i)?;
            let candidates = index.candidates_before(fp, i);
            first_relation(
                &candidates,
                |c| documents.get(c).map(text_of),
                text_of(&documents[i]),
            )
        });
        Grouping { keys, found, index }
    }
}

/// A document's fingerprint and exact key for copy grouping: none for an article of a
/// batch's results (the batch grouped them).
fn printed(doc: &Document) -> (crate::ingest::Fingerprint, u64) {
    if doc.is_batch_result() {
        (crate::ingest::Fingerprint::Unindexed, 0)
    } else {
        crate::ingest::fingerprint_and_key(&doc.text, &doc.boilerplate)
    }
}

/// The copies found among restored documents by another thread
/// ([`Collection::into_grouped`]), to apply to the documents shown
/// ([`Collection::apply_grouped`]).
#[derive(Debug)]
pub struct Grouped {
    links: Vec<Option<Link>>,
    boilerplate: Vec<Vec<(usize, usize)>>,
    index: Box<Collection>,
}

/// A document's text and its boilerplate's byte ranges: what copies are told by.
type TextRanges<'a> = (&'a str, &'a [(usize, usize)]);

fn text_of(d: &ParsedDocument) -> TextRanges<'_> {
    (d.doc.text.as_str(), d.doc.boilerplate.as_slice())
}

/// The first of `candidates` (most similar first) that `doc` copies, else the first it
/// updates.
fn first_relation<'a>(
    candidates: &[usize],
    document: impl Fn(usize) -> Option<TextRanges<'a>>,
    (text, boilerplate): TextRanges<'_>,
) -> Option<(usize, crate::ingest::Relation)> {
    let mut update = None;
    for &c in candidates {
        let Some((other, other_boilerplate)) = document(c) else {
            continue;
        };
        let rel = crate::ingest::compare(other, other_boilerplate, text, boilerplate);
        match rel {
            crate::ingest::Relation::Copy => return Some((c, rel)),
            crate::ingest::Relation::Update if update.is_none() => update = Some((c, rel)),
            _ => {}
        }
    }
    update
}

/// How many of `n` items each core takes, or `None` when they are too few to share out
/// (at least 256 a core).
fn run_len(n: usize) -> Option<usize> {
    let threads = default_threads().min(n / 256).max(1);
    (threads > 1).then(|| n.div_ceil(threads))
}

/// `f` of each item, in order, computed on all cores (in as many runs of items; a few
/// items on this thread).
pub(crate) fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    let Some(chunk) = run_len(items.len()) else {
        return items.iter().map(&f).collect();
    };
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (h, part) in handles.into_iter().zip(items.chunks(chunk)) {
            // A run whose thread panicked is done again here (and panics here if it must).
            out.extend(h.join().unwrap_or_else(|_| part.iter().map(f).collect()));
        }
        out
    })
}

/// Runs `f` on parts of `items`, one part per core (a few items on this thread).
pub(crate) fn par_chunks_mut<T: Send>(items: &mut [T], f: impl Fn(&mut [T]) + Sync) {
    let Some(chunk) = run_len(items.len()) else {
        f(items);
        return;
    };
    let f = &f;
    std::thread::scope(|s| {
        for part in items.chunks_mut(chunk) {
            s.spawn(move || f(part));
        }
    });
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
                    ParsedDocument::new(doc, mentions)
                })
                .collect::<Vec<_>>();
            (docs, read.warnings)
        })
    }));
    match result {
        Ok(Ok((docs, warnings))) => FileResult::Loaded(docs, warnings),
        Ok(Err(e)) => FileResult::Skipped(Warning::new(e.kind(), source, e.to_string())),
        Err(_) => FileResult::Skipped(Warning::new(
            crate::ingest::WarningKind::ReaderFailed,
            source,
            "internal error while reading this file",
        )),
    }
}

/// Geoparses documents again (restored from a workspace, or after the gazetteer changed),
/// in order, each with what the others say ([`resolve_in_context`]).
pub fn reparse(parser: &Geoparser<'_>, docs: Vec<Document>) -> Vec<ParsedDocument> {
    let mut parsed: Vec<ParsedDocument> = docs
        .into_iter()
        .map(|doc| {
            let mentions = parser.parse(&doc.text);
            ParsedDocument::new(doc, mentions)
        })
        .collect();
    resolve_in_context(parser, &mut parsed);
    parsed
}

impl Collection {
    /// Resolves the documents' names again with what the other documents say (issue 13):
    /// the countries and first-level regions the collection's places are in become evidence
    /// for each document's ambiguous names (a folder of Donbas reports says where its
    /// Stepanivka is). Each document's own places are left out of its evidence. Only
    /// documents with a name of several candidates, or an unresolved one, are parsed again.
    /// Returns how many documents changed.
    pub fn resolve_in_context(&mut self, parser: &Geoparser<'_>) -> usize {
        resolve_in_context(parser, &mut self.documents)
    }
}

/// [`Collection::resolve_in_context`] on documents held elsewhere.
pub fn resolve_in_context(parser: &Geoparser<'_>, documents: &mut [ParsedDocument]) -> usize {
    let changes = contextual_mentions(parser, documents);
    let changed = changes.len();
    for (i, mentions) in changes {
        if let Some(d) = documents.get_mut(i) {
            d.mentions = mentions;
        }
    }
    changed
}

/// The documents whose mentions change when their ambiguous names are resolved again with
/// what the others say (see [`Collection::resolve_in_context`]): (index, new mentions), in
/// order. The documents are only read (the engine reads the app's collection, shared).
pub fn contextual_mentions(
    parser: &Geoparser<'_>,
    documents: &[ParsedDocument],
) -> Vec<(usize, Vec<Mention>)> {
    let mut changes = Vec::new();
    for_each_reparse(parser, documents, |i, others| {
        let d = &documents[i];
        let mentions = parser.parse_in(&d.doc.text, Some(others));
        if mentions != d.mentions {
            changes.push((i, mentions));
        }
    });
    changes
}

/// Calls `reparse` with each document that has an ambiguous name (several candidates, or
/// candidates but no resolution) and what the other documents say: the documents
/// [`contextual_mentions`] parses again.
pub fn for_each_reparse(
    parser: &Geoparser<'_>,
    documents: &[ParsedDocument],
    mut reparse: impl FnMut(usize, &CollectionContext),
) {
    let gaz = parser.gazetteer();
    let own: Vec<CollectionContext> = documents
        .iter()
        .map(|d| CollectionContext::of_mentions(gaz, &d.doc.text, &d.mentions))
        .collect();
    let mut all = CollectionContext::default();
    for c in &own {
        all.add(c, 1.0);
    }
    for (i, (d, mine)) in documents.iter().zip(&own).enumerate() {
        let ambiguous = d.mentions.iter().any(|m| {
            m.candidates.len() > 1 || (m.resolution.is_none() && !m.candidates.is_empty())
        });
        if !ambiguous {
            continue;
        }
        let mut others = all.clone();
        others.add(mine, -1.0);
        reparse(i, &others);
    }
}

/// What a load reports as it goes.
#[derive(Debug)]
pub enum LoadEvent {
    /// One more file is done (results are delivered in input order, so this may run ahead
    /// of them while a slow file is read).
    Progress(Progress),
    /// The next file's result, in input order.
    File(Progress, FileResult),
}

/// How many files may be done ahead of the first one not yet delivered: a slow file holds
/// up no one until this many others wait behind it.
const WINDOW_FILES: usize = 4096;

/// The threads a load uses by default: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Reads and geoparses every file under `paths` on `threads` threads, calling `on_file`
/// with each file's result in input order (a streaming consumer can take the result
/// there). A file that takes long costs its own time: the others go on meanwhile.
pub fn process_paths(
    parser: &Geoparser<'_>,
    paths: &[PathBuf],
    mut on_file: impl FnMut(Progress, FileResult),
) {
    let never = std::sync::atomic::AtomicBool::new(false);
    load_paths(parser, paths, default_threads(), &never, |e| {
        if let LoadEvent::File(p, r) = e {
            on_file(p, r);
        }
    });
}

/// Reads and geoparses every file under `paths` on `threads` threads (at least one),
/// reporting progress as files finish and results in input order. When `cancel` is set,
/// no new file is started; the files already done are still delivered (in order, with
/// gaps where a file was not read), so what finished stays loaded.
pub fn load_paths(
    parser: &Geoparser<'_>,
    paths: &[PathBuf],
    threads: usize,
    cancel: &std::sync::atomic::AtomicBool,
    mut on: impl FnMut(LoadEvent),
) {
    use std::sync::atomic::Ordering;
    let (files, warnings) = ingest::collect_files(paths);
    let total = files.len() + warnings.len();
    let mut done = 0;
    for w in warnings {
        done += 1;
        on(LoadEvent::File(
            Progress { done, total },
            FileResult::Skipped(w),
        ));
    }
    if files.is_empty() {
        return;
    }
    let threads = threads.max(1);
    if threads == 1 {
        for file in &files {
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            let r = process_file(parser, file);
            done += 1;
            on(LoadEvent::File(Progress { done, total }, r));
        }
        return;
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("newsmap-read-{i}"))
        .build()
    {
        Ok(p) => p,
        Err(_) => return load_paths(parser, paths, 1, cancel, on),
    };
    let (tx, rx) = std::sync::mpsc::channel::<(usize, FileResult)>();
    pool.in_place_scope(|scope| {
        let mut next = 0usize;
        let mut delivered = 0usize;
        let mut in_flight = 0usize;
        let mut ready: std::collections::BTreeMap<usize, FileResult> = Default::default();
        loop {
            let cancelled = cancel.load(Ordering::Relaxed);
            while !cancelled && next < files.len() && next < delivered + WINDOW_FILES {
                let tx = tx.clone();
                let file = &files[next];
                let i = next;
                scope.spawn(move |_| {
                    let _ = tx.send((i, process_file(parser, file)));
                });
                next += 1;
                in_flight += 1;
            }
            if in_flight == 0 {
                break;
            }
            let Ok((i, r)) = rx.recv() else {
                break;
            };
            in_flight -= 1;
            done += 1;
            ready.insert(i, r);
            let mut delivered_any = false;
            while let Some(r) = ready.remove(&delivered) {
                delivered += 1;
                delivered_any = true;
                on(LoadEvent::File(Progress { done, total }, r));
            }
            if !delivered_any {
                on(LoadEvent::Progress(Progress { done, total }));
            }
            if cancel.load(Ordering::Relaxed) && in_flight == 0 {
                break;
            }
        }
        // Cancelled: what finished is delivered, in order.
        for (_, r) in std::mem::take(&mut ready) {
            on(LoadEvent::File(Progress { done, total }, r));
        }
    });
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
        c.restore_into(documents, warnings);
        c
    }

    /// Adds restored documents with their import report to this collection (whose
    /// grouping settings and kept-apart documents apply).
    pub fn restore_into(&mut self, documents: Vec<ParsedDocument>, warnings: Vec<Warning>) {
        if self.no_grouping || !self.documents.is_empty() {
            // Checked against what is loaded (or not at all), one by one.
            for d in documents {
                self.add_document(d);
            }
        } else {
            // The fingerprints and the comparisons with earlier documents, the costly
            // parts, on all cores; the links in order.
            let Grouping { keys, found, index } = Grouping::of(&documents);
            for ((d, key), found) in documents.into_iter().zip(keys).zip(found) {
                self.add_printed(d, None, key, found);
            }
            self.dedup = index;
        }
        // The report as it was (without the lines older versions wrote for copies), then
        // anything found now.
        let found = std::mem::take(&mut self.warnings);
        self.warnings = warnings
            .into_iter()
            .filter(|w| !w.message.starts_with("the same article as "))
            .collect();
        self.warnings.extend(found);
    }

    /// Restored documents shown at once, their copies not yet looked for: what another
    /// thread finds among the same documents meanwhile ([`Collection::into_grouped`]) is
    /// applied later with [`Collection::apply_grouped`] and this `token`. A document added
    /// before that has them looked for here first.
    pub fn restore_ungrouped(
        &mut self,
        documents: Vec<ParsedDocument>,
        warnings: Vec<Warning>,
        token: u64,
    ) {
        if !self.documents.is_empty() {
            self.restore_into(documents, warnings);
            return;
        }
        self.documents = documents;
        for (i, d) in self.documents.iter_mut().enumerate() {
            d.link = None;
            if !d.doc.notes.is_empty() {
                self.noted.push(i);
            }
        }
        self.warnings = warnings;
        self.ungrouped = Some(token);
    }

    /// Whether restored documents wait for their copies to be looked for.
    pub fn awaits_grouping(&self) -> bool {
        self.ungrouped.is_some()
    }

    /// Whether the documents restored with `token` wait for their grouping.
    pub fn is_ungrouped(&self, token: u64) -> bool {
        self.ungrouped == Some(token)
    }

    /// What grouping these documents found, to hand to the collection that shows the same
    /// documents ([`Collection::apply_grouped`]): the documents' links and boilerplate, and
    /// the indexes (this collection, its documents taken out).
    pub fn into_grouped(mut self) -> Grouped {
        let documents = std::mem::take(&mut self.documents);
        let links = documents.iter().map(|d| d.link).collect();
        let boilerplate = documents.into_iter().map(|d| d.doc.boilerplate).collect();
        Grouped {
            links,
            boilerplate,
            index: Box::new(self),
        }
    }

    /// Takes the copies found among documents restored by
    /// [`Collection::restore_ungrouped`] with `token` (found by another thread on a copy of
    /// them). Returns whether it applied (not when the collection is another by now). Cheap:
    /// links, boilerplate and indexes are moved in.
    pub fn apply_grouped(&mut self, token: u64, grouped: Grouped) -> bool {
        let Grouped {
            links,
            boilerplate,
            index,
        } = grouped;
        if self.ungrouped != Some(token) || links.len() != self.documents.len() {
            return false;
        }
        self.ungrouped = None;
        for ((d, link), b) in self.documents.iter_mut().zip(links).zip(boilerplate) {
            d.link = link;
            d.doc.boilerplate = b;
        }
        let index = *index;
        self.dedup = index.dedup;
        self.groups = index.groups;
        self.noted = index.noted;
        self.exact = index.exact;
        self.repeated = index.repeated;
        self.warnings = index.warnings;
        // "Not the same" said meanwhile stands.
        if self.kept_apart != index.kept_apart {
            for i in 0..self.documents.len() {
                let copy = self.documents[i].copy_of().is_some();
                if copy
                    && self
                        .kept_apart
                        .contains(&crate::text::key_hash(&self.documents[i].doc.text))
                {
                    self.keep_apart(i);
                }
            }
        }
        true
    }

    /// Looks for the copies of restored documents now, when their grouping has not come.
    fn group_now(&mut self) {
        if self.ungrouped.take().is_some() {
            self.noted.clear();
            let documents = std::mem::take(&mut self.documents);
            let warnings = std::mem::take(&mut self.warnings);
            self.restore_into(documents, warnings);
        }
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

    /// Adds what one file gave (see [`Collection::add_document`]).
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

    /// Turns the grouping of copies off (every document stands alone) or on, for the
    /// documents added from now on.
    pub fn set_grouping(&mut self, on: bool) {
        self.no_grouping = !on;
    }

    /// The text hashes of the documents the user keeps apart from their copies.
    pub fn kept_apart(&self) -> Vec<u64> {
        self.kept_apart.iter().copied().collect()
    }

    /// Documents with these text hashes are never grouped as copies (a restored workspace).
    pub fn set_kept_apart(&mut self, hashes: impl IntoIterator<Item = u64>) {
        self.kept_apart.extend(hashes);
    }

    /// "Not the same": document `idx` is not a copy of the one it was grouped with, and
    /// is shown on its own from now on (and after a restart, through the workspace).
    pub fn keep_apart(&mut self, idx: usize) {
        let Some(d) = self.documents.get(idx) else {
            return;
        };
        self.kept_apart.insert(crate::text::key_hash(&d.doc.text));
        // A copy is linked to the document shown for its group, never to another copy,
        // so nothing else points at it.
        if let Some(p) = d.copy_of() {
            self.documents[idx].link = None;
            if let Some(g) = self.groups.get_mut(&p) {
                g.retain(|&c| c != idx);
                if g.is_empty() {
                    self.groups.remove(&p);
                }
            }
        }
    }

    /// Every copy with the document shown for it, in load order of the copies.
    pub fn copies(&self) -> Vec<(usize, usize)> {
        let mut v: Vec<(usize, usize)> = self
            .groups
            .iter()
            .flat_map(|(&p, cs)| cs.iter().map(move |&c| (c, p)))
            .collect();
        v.sort_unstable();
        v
    }

    /// The documents read in part or another way than usual (see `Document::notes`), in
    /// load order.
    pub fn noted(&self) -> &[usize] {
        &self.noted
    }

    /// How many documents are copies of others.
    pub fn copy_count(&self) -> usize {
        self.groups.values().map(Vec::len).sum()
    }

    /// The copies of document `idx`, in load order.
    pub fn copies_of(&self, idx: usize) -> &[usize] {
        self.groups.get(&idx).map_or(&[], Vec::as_slice)
    }

    /// Adds one document. A copy of an article already loaded (the same text up to
    /// spacing, case and boilerplate, or the same article with another headline, byline
    /// or page furniture) is kept, with its mentions, and linked to the document shown for
    /// both: whichever of them says more about itself (title, date, source, author,
    /// address). An update of an earlier report is linked to it.
    pub fn add_document(&mut self, d: ParsedDocument) {
        self.group_now();
        let (fp, key) = printed(&d.doc);
        let found = if self.is_apart(&d.doc) {
            None
        } else {
            self.find_link(&fp, &d.doc)
        };
        self.add_printed(d, Some(fp), key, found);
    }

    /// Whether `doc` is kept out of copy grouping (grouping off, or the user said "Not
    /// the same").
    fn is_apart(&self, doc: &Document) -> bool {
        self.no_grouping
            || doc.is_batch_result()
            || (!self.kept_apart.is_empty()
                && self.kept_apart.contains(&crate::text::key_hash(&doc.text)))
    }

    /// [`Collection::add_document`] with the document's fingerprint (to record, unless it
    /// is in the copy index already), its exact key and the earlier document it copies or
    /// updates, if any.
    fn add_printed(
        &mut self,
        mut d: ParsedDocument,
        fp: Option<crate::ingest::Fingerprint>,
        key: u64,
        found: Option<(usize, crate::ingest::Relation)>,
    ) {
        let idx = self.documents.len();
        if !d.doc.notes.is_empty() {
            self.noted.push(idx);
        }
        d.link = None;
        let apart = self.is_apart(&d.doc);
        if !apart {
            d.link = match self.exact.get(&key) {
                Some(&first) => Some(Link::CopyOf(
                    self.documents[first].copy_of().unwrap_or(first),
                )),
                // Linked to the document shown for the earlier one's group.
                None => found.map(|(c, rel)| {
                    let shown = self.documents[c].copy_of().unwrap_or(c);
                    match rel {
                        crate::ingest::Relation::Copy => Link::CopyOf(shown),
                        _ => Link::UpdateOf(shown),
                    }
                }),
            };
        }
        if !apart {
            self.exact.entry(key).or_insert(idx);
        }
        if let Some(fp) = fp {
            self.dedup.push(fp);
        }
        let primary = match d.link {
            Some(Link::CopyOf(p)) => Some(p),
            _ => None,
        };
        self.documents.push(d);
        match primary {
            Some(p) if richness(&self.documents[idx].doc) > richness(&self.documents[p].doc) => {
                // The newcomer says more: it is shown, the group's documents are its copies.
                let mut group = self.groups.remove(&p).unwrap_or_default();
                group.push(p);
                group.sort_unstable();
                for &c in &group {
                    self.documents[c].link = Some(Link::CopyOf(idx));
                }
                self.documents[idx].link = None;
                self.groups.insert(idx, group);
            }
            Some(p) => self.groups.entry(p).or_default().push(idx),
            None => self.mark_repeated(idx),
        }
    }

    /// The document `doc` copies or updates, among those loaded.
    fn find_link(
        &self,
        fp: &crate::ingest::Fingerprint,
        doc: &Document,
    ) -> Option<(usize, crate::ingest::Relation)> {
        let candidates = self.dedup.candidates(fp);
        first_relation(
            &candidates,
            |c| self.documents.get(c).map(text_of),
            (&doc.text, &doc.boilerplate),
        )
    }

    /// Records the paragraphs of document `idx` under its source, and marks paragraphs that
    /// have now been seen in [`REPEATED_IN_DOCUMENTS`] documents of that source as
    /// boilerplate in all of them.
    fn mark_repeated(&mut self, idx: usize) {
        let doc = &self.documents[idx].doc;
        // A batch's results hold sentences, not paragraphs, and the batch learnt its
        // boilerplate itself.
        if doc.is_batch_result() {
            return;
        }
        let Some(source) = doc.source.clone() else {
            return;
        };
        let paras: Vec<(u64, usize, usize)> = {
            let doc = &self.documents[idx].doc;
            ingest::paragraphs(&doc.text)
                .into_iter()
                .filter(|&(a, b)| doc.text[a..b].chars().count() >= REPEATED_MIN_CHARS)
                .map(|(a, b)| (crate::text::key_hash(&doc.text[a..b]), a, b))
                .collect()
        };
        for (hash, _, _) in paras {
            let docs = self.repeated.entry((source.clone(), hash)).or_default();
            // Up to the threshold the documents are listed; when it is reached all are
            // marked, and after it only the newcomer (those before are marked already:
            // marking them all again made each document cost the source's size).
            let to_mark = if docs.len() >= REPEATED_IN_DOCUMENTS {
                vec![idx]
            } else {
                if docs.last() != Some(&idx) {
                    docs.push(idx);
                }
                if docs.len() < REPEATED_IN_DOCUMENTS {
                    continue;
                }
                docs.clone()
            };
            for d in to_mark {
                let doc = &mut self.documents[d].doc;
                let ranges: Vec<(usize, usize)> = ingest::paragraphs(&doc.text)
                    .into_iter()
                    .filter(|&(a, b)| crate::text::key_hash(&doc.text[a..b]) == hash)
                    .collect();
                let mut marked = doc.boilerplate.clone();
                for r in ranges {
                    if !marked.contains(&r) && !ingest::covers(&marked, r.0, r.1) {
                        marked.push(r);
                    }
                }
                marked.sort_unstable();
                // Text repeated across a source never swallows an article.
                if !ingest::swallows_article(&doc.text, &marked) {
                    doc.boilerplate = marked;
                }
            }
        }
    }

    /// Every resolved place with its mentions, most mentioned first (ties by name, then id).
    /// Copies are left out: their excerpts are listed under the document shown for them.
    pub fn places(&self, gaz: &Gazetteer) -> Vec<PlaceMentions> {
        let mut refs: Vec<(PlaceId, MentionRef)> = Vec::new();
        for (d, pd) in self.documents.iter().enumerate() {
            if pd.is_copy() {
                continue;
            }
            for (m, mention) in pd.mentions.iter().enumerate() {
                if pd.in_boilerplate(mention) {
                    continue;
                }
                if let Some(r) = &mention.resolution {
                    refs.push((r.place, MentionRef { doc: d, mention: m }));
                }
            }
        }
        most_mentioned_first(gaz, refs)
    }

    /// The mentions that are relative locations ("10 km south of Kurakhove"), in document
    /// then text order.
    pub fn relatives(&self) -> Vec<MentionRef> {
        let mut out = Vec::new();
        for (d, pd) in self.documents.iter().enumerate() {
            if pd.is_copy() {
                continue;
            }
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

/// Places with their mentions (given as (place, mention) pairs, each place's in load
/// order), most mentioned first (ties by name, then id), each place's mentions in load
/// order. A counting sort by place groups half a million pairs in two passes, with no map
/// entry per mention; places of an indexed gazetteer file, whose ids are sparse and large,
/// are grouped apart.
pub(crate) fn most_mentioned_first(
    gaz: &Gazetteer,
    refs: Vec<(PlaceId, MentionRef)>,
) -> Vec<PlaceMentions> {
    let (refs, sparse): (Vec<_>, Vec<_>) = refs
        .into_iter()
        .partition(|(p, _)| p & crate::gazetteer_index::INDEXED_ID_BIT == 0);
    let mut grouped: std::collections::BTreeMap<PlaceId, Vec<MentionRef>> = Default::default();
    for (p, r) in sparse {
        grouped.entry(p).or_default().push(r);
    }
    let slots = refs.iter().map(|(p, _)| *p as usize + 1).max().unwrap_or(0);
    let mut count = vec![0usize; slots];
    for (p, _) in &refs {
        count[*p as usize] += 1;
    }
    let mut out: Vec<PlaceMentions> = Vec::new();
    // Index into `out` of each place with mentions.
    let mut slot = vec![usize::MAX; slots];
    for (p, &n) in count.iter().enumerate() {
        if n > 0 {
            slot[p] = out.len();
            out.push(PlaceMentions {
                place: p as PlaceId,
                mentions: Vec::with_capacity(n),
            });
        }
    }
    for (p, r) in refs {
        out[slot[p as usize]].mentions.push(r);
    }
    out.extend(
        grouped
            .into_iter()
            .map(|(place, mentions)| PlaceMentions { place, mentions }),
    );
    out.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| gaz.place(a.place).name.cmp(&gaz.place(b.place).name))
            .then(a.place.cmp(&b.place))
    });
    out
}

/// How much a document says about itself: how many of title, date, source, author and
/// address it has. Of two copies, the one with more is shown (the earlier on a tie).
fn richness(doc: &Document) -> usize {
    [&doc.title, &doc.date, &doc.source, &doc.author, &doc.url]
        .iter()
        .filter(|f| f.is_some())
        .count()
}
