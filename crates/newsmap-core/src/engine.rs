//! The engine thread: loads the gazetteer and basemap, then reads and geoparses the files it
//! is given, sending results back one file at a time. The UI thread never geoparses.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::basemap::Basemap;
use crate::collection::{
    FileResult, LoadEvent, ParsedDocument, Progress, default_threads, load_paths, reparse,
};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Options};
use crate::ingest::Document;
use crate::own_places::OwnPlace;

/// Work for the engine.
#[derive(Debug)]
pub enum Job {
    /// Read and geoparse these files and folders with these options.
    Load(Vec<PathBuf>, Options),
    /// Take in a workspace file read by [`Worker::restore`]'s thread (whose answer comes on
    /// the receiver), with its own places, and geoparse again what must be.
    Restore(PathBuf, Options, Receiver<ReadWorkspace>),
    /// Use these own places and these gazetteer files from now on, and geoparse these
    /// documents again with them.
    SetOwnPlaces(Vec<OwnPlace>, Vec<PathBuf>, Vec<Document>, Options),
    /// Resolve the names of this collection's documents again with what the others say
    /// (after a load). The collection is the app's, shared, not copied; it is let go before
    /// the answer is sent.
    Recontext(Arc<crate::collection::Collection>, Options),
    /// The loads queued before this were cancelled; those after it run.
    Uncancel,
}

/// A workspace file as read, or why it could not be.
pub type ReadWorkspace = Result<crate::workspace::Opened, crate::workspace::WorkspaceError>;

/// A workspace read back by the engine.
#[derive(Debug)]
pub struct Restored {
    /// The file.
    pub path: PathBuf,
    /// Its contents and problems, or why it could not be read.
    pub result: Result<RestoredWorkspace, crate::workspace::WorkspaceError>,
}

/// The contents of a restored workspace, geoparsed.
#[derive(Debug)]
pub struct RestoredWorkspace {
    /// The workspace as read (its documents and import report are in `collection`).
    pub opened: crate::workspace::Opened,
    /// The gazetteer with the workspace's own places.
    pub gazetteer: Arc<Gazetteer>,
    /// The documents, geoparsed, with the import report; their copies are grouped when
    /// [`Event::Grouped`] follows.
    pub collection: crate::collection::Collection,
}

/// What the engine reports.
#[derive(Debug)]
pub enum Event {
    /// The gazetteer is loaded.
    GazetteerReady(Arc<Gazetteer>),
    /// The basemap is loaded (or could not be).
    BasemapReady(Result<Arc<Basemap>, String>),
    /// The region shapes are loaded (or could not be).
    RegionsReady(Result<Arc<crate::regions::Regions>, String>),
    /// The country outlines are loaded (or could not be).
    CountriesReady(Result<Arc<crate::regions::Regions>, String>),
    /// The gazetteer could not be loaded: nothing can be geoparsed.
    Failed(String),
    /// A load started with this many paths.
    Started,
    /// One more file is done; its result comes in order, after those before it.
    Progress(Progress),
    /// The next file's result, in input order.
    File(Progress, FileResult),
    /// A load finished.
    Finished,
    /// A workspace was read (or could not be).
    Restored(Box<Restored>),
    /// The copies among the documents of the restore with this token, looked for after
    /// they were shown ([`crate::Collection::apply_grouped`]).
    Grouped(u64, crate::collection::Grouped),
    /// The own places changed: the new gazetteer and the documents geoparsed with it.
    Regazetteered(Arc<Gazetteer>, Vec<ParsedDocument>),
    /// The documents of a [`Job::Recontext`] whose names, resolved again with the others'
    /// context, changed: (index, new mentions).
    Recontexted(Vec<(usize, Vec<crate::geoparse::Mention>)>),
    /// What the user's gazetteer files gave, a line each ("UA.txt: 12,345 places; skipped:
    /// …", or why one could not be read).
    GazetteerFiles(Vec<String>),
}

/// The documents of a workspace read back (taken out of `opened`): with the mentions saved
/// with them where the geoparser and gazetteer are the same as when they were saved (no
/// geoparsing), geoparsed again where not (and then all resolved again with each other's
/// context).
pub fn restore_documents(
    parser: &Geoparser<'_>,
    gaz: &Gazetteer,
    options: Options,
    opened: &mut crate::workspace::Opened,
) -> Vec<ParsedDocument> {
    let fingerprint = crate::geoparse::fingerprint(gaz, &options);
    let mut parsed_again = 0usize;
    let mut stored = std::mem::take(&mut opened.stored).into_iter();
    let mut documents: Vec<ParsedDocument> = std::mem::take(&mut opened.workspace.documents)
        .into_iter()
        .map(|doc| match stored.next().flatten() {
            Some(s) if s.engine == fingerprint => {
                // Saved as the user saw them: the corrections are taken back here and
                // applied again by the app.
                let mentions = s
                    .mentions
                    .into_iter()
                    .map(|mut m| {
                        if let Some(c) = m.correction.take() {
                            m.resolution = c.original;
                            m.relative = c.original_relative;
                        }
                        m
                    })
                    .collect();
                ParsedDocument::new(doc, mentions)
            }
            _ => {
                parsed_again += 1;
                let mentions = parser.parse(&doc.text);
                ParsedDocument::new(doc, mentions)
            }
        })
        .collect();
    if parsed_again > 0 {
        crate::collection::resolve_in_context(parser, &mut documents);
    }
    documents
}

/// Handle to the engine thread.
#[derive(Debug)]
pub struct Worker {
    jobs: Sender<Job>,
    /// Set to stop the loads under way (and those queued).
    cancel: Arc<AtomicBool>,
    /// Events from the engine, in order.
    pub events: Receiver<Event>,
}

impl Worker {
    /// Starts the engine; `wake` is called after each event (to repaint the UI).
    pub fn spawn(wake: impl Fn() + Send + Clone + 'static) -> Self {
        let (jobs_tx, jobs_rx) = channel::<Job>();
        let (events_tx, events_rx) = channel::<Event>();
        {
            let events = events_tx.clone();
            let wake = wake.clone();
            thread::Builder::new()
                .name("newsmap-basemap".into())
                .spawn(move || {
                    let b = Basemap::bundled().map(Arc::new).map_err(|e| e.to_string());
                    let _ = events.send(Event::BasemapReady(b));
                    wake();
                    let r = crate::regions::Regions::bundled()
                        .map(Arc::new)
                        .map_err(|e| e.to_string());
                    let _ = events.send(Event::RegionsReady(r));
                    wake();
                    let c = crate::regions::Regions::bundled_countries()
                        .map(Arc::new)
                        .map_err(|e| e.to_string());
                    let _ = events.send(Event::CountriesReady(c));
                    wake();
                })
                .ok();
        }
        let cancel = Arc::new(AtomicBool::new(false));
        let engine_cancel = cancel.clone();
        let spawned = thread::Builder::new()
            .name("newsmap-engine".into())
            .spawn(move || engine(jobs_rx, events_tx, &engine_cancel, wake));
        if let Err(e) = spawned {
            // No thread: the UI shows the error on the first frame.
            let (tx, rx) = channel();
            let _ = tx.send(Event::Failed(format!("cannot start the engine: {e}")));
            return Worker {
                jobs: channel().0,
                cancel,
                events: rx,
            };
        }
        Worker {
            jobs: jobs_tx,
            cancel,
            events: events_rx,
        }
    }

    /// Stops the load under way and those queued: no new file is started, and the files
    /// done are still delivered.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        // Marks the end of what is cancelled: loads queued after this run.
        let _ = self.jobs.send(Job::Uncancel);
    }

    /// Queues a job. Returns false if the engine has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// Restores the workspace at `path`: it is read on a thread of its own at once (while
    /// the gazetteer may still be loading), then taken in by the engine, which answers with
    /// [`Event::Restored`], and with [`Event::Grouped`] once the copies among the documents
    /// are found. The progress (the file's lines read) is shared; `None` when the engine
    /// has stopped.
    pub fn restore(&self, path: PathBuf, options: Options) -> Option<Arc<crate::workspace::Tally>> {
        let progress = Arc::new(crate::workspace::Tally::default());
        let (tx, rx) = channel::<ReadWorkspace>();
        let reading = progress.clone();
        let file = path.clone();
        let spawned = thread::Builder::new()
            .name("newsmap-restore".into())
            .spawn(move || {
                let _ = tx.send(crate::workspace::open_counting(&file, &reading));
            });
        // Without the thread the sender is gone: the engine reports the file unread.
        drop(spawned);
        self.send(Job::Restore(path, options, rx))
            .then_some(progress)
    }
}

fn engine(jobs: Receiver<Job>, events: Sender<Event>, cancel: &AtomicBool, wake: impl Fn()) {
    let base = match Gazetteer::bundled() {
        Ok(g) => Arc::new(g),
        Err(e) => {
            let _ = events.send(Event::Failed(e.to_string()));
            wake();
            return;
        }
    };
    if events.send(Event::GazetteerReady(base.clone())).is_err() {
        return;
    }
    wake();
    // The bundled gazetteer with the user's own places.
    let mut gaz = base.clone();
    // Restores so far: each one's token ties its grouping to its documents.
    let mut restores = 0u64;
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Uncancel => cancel.store(false, Ordering::Relaxed),
            Job::Restore(path, options, read) => {
                let read = read.recv().unwrap_or_else(|_| {
                    Err(crate::workspace::WorkspaceError::Read {
                        path: path.clone(),
                        source: std::io::Error::other("the thread reading it stopped"),
                    })
                });
                restores += 1;
                let token = restores;
                // The documents without their mentions, with the workspace's report and
                // kept-apart documents: the copies are looked for among them once the
                // documents are shown.
                let mut shadow = None;
                let result = read.map(|mut opened| {
                    gaz = with_users_places(
                        &base,
                        &opened.workspace.gazetteers,
                        &opened.workspace.own_places,
                        &events,
                    );
                    let parser = Geoparser::new(&gaz).with_options(options);
                    let documents = restore_documents(&parser, &gaz, options, &mut opened);
                    let mut collection = crate::collection::Collection::default();
                    collection.set_kept_apart(opened.workspace.kept_apart.iter().copied());
                    let warnings = std::mem::take(&mut opened.workspace.warnings);
                    let bare: Vec<ParsedDocument> = documents
                        .iter()
                        .map(|d| ParsedDocument::new(d.doc.clone(), Vec::new()))
                        .collect();
                    shadow = Some((bare, opened.workspace.kept_apart.clone(), warnings.clone()));
                    collection.restore_ungrouped(documents, warnings, token);
                    RestoredWorkspace {
                        opened,
                        gazetteer: gaz.clone(),
                        collection,
                    }
                });
                if events
                    .send(Event::Restored(Box::new(Restored { path, result })))
                    .is_err()
                {
                    return;
                }
                wake();
                if let Some((bare, kept_apart, warnings)) = shadow {
                    let mut grouped = crate::collection::Collection::default();
                    grouped.set_kept_apart(kept_apart);
                    grouped.restore_into(bare, warnings);
                    if events
                        .send(Event::Grouped(token, grouped.into_grouped()))
                        .is_err()
                    {
                        return;
                    }
                    wake();
                }
            }
            Job::SetOwnPlaces(own, files, docs, options) => {
                gaz = with_users_places(&base, &files, &own, &events);
                let parser = Geoparser::new(&gaz).with_options(options);
                let parsed = reparse(&parser, docs);
                if events
                    .send(Event::Regazetteered(gaz.clone(), parsed))
                    .is_err()
                {
                    return;
                }
                wake();
            }
            Job::Recontext(collection, options) => {
                let parser = Geoparser::new(&gaz).with_options(options);
                let changes =
                    crate::collection::contextual_mentions(&parser, &collection.documents);
                drop(collection);
                if events.send(Event::Recontexted(changes)).is_err() {
                    return;
                }
                wake();
            }
            Job::Load(paths, options) => {
                let parser = Geoparser::new(&gaz).with_options(options);
                let _ = events.send(Event::Started);
                wake();
                load_paths(&parser, &paths, default_threads(), cancel, |e| {
                    let _ = events.send(match e {
                        LoadEvent::Progress(p) => Event::Progress(p),
                        LoadEvent::File(p, r) => Event::File(p, r),
                    });
                    wake();
                });
                if events.send(Event::Finished).is_err() {
                    return;
                }
                wake();
            }
        }
    }
}

/// The bundled gazetteer with the user's gazetteer files and own places (what each file
/// gave is reported as an event).
fn with_users_places(
    base: &Arc<Gazetteer>,
    files: &[PathBuf],
    own: &[OwnPlace],
    events: &Sender<Event>,
) -> Arc<Gazetteer> {
    let mut gaz = base.clone();
    if !files.is_empty() {
        let (with, reports) = crate::user_gazetteer::gazetteer_with_files(base, files);
        let lines = reports
            .iter()
            .map(|r| match r {
                Ok(report) => format!("Gazetteer {}", report.summary()),
                Err(e) => format!("Gazetteer not added: {e}"),
            })
            .collect();
        let _ = events.send(Event::GazetteerFiles(lines));
        gaz = Arc::new(with);
    }
    if !own.is_empty() {
        gaz = Arc::new(crate::own_places::gazetteer_with(&gaz, own));
    }
    gaz
}
