//! The engine thread: loads the gazetteer and basemap, then reads and geoparses the files it
//! is given, sending results back one file at a time. The UI thread never geoparses.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::basemap::Basemap;
use crate::collection::{FileResult, Progress, process_paths};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Options};

/// Work for the engine.
#[derive(Debug)]
pub enum Job {
    /// Read and geoparse these files and folders with these options.
    Load(Vec<PathBuf>, Options),
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
    /// One file is done.
    File(Progress, FileResult),
    /// A load finished.
    Finished,
}

/// Handle to the engine thread.
#[derive(Debug)]
pub struct Worker {
    jobs: Sender<Job>,
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
        let spawned = thread::Builder::new()
            .name("newsmap-engine".into())
            .spawn(move || engine(jobs_rx, events_tx, wake));
        if let Err(e) = spawned {
            // No thread: the UI shows the error on the first frame.
            let (tx, rx) = channel();
            let _ = tx.send(Event::Failed(format!("cannot start the engine: {e}")));
            return Worker {
                jobs: channel().0,
                events: rx,
            };
        }
        Worker {
            jobs: jobs_tx,
            events: events_rx,
        }
    }

    /// Queues a job. Returns false if the engine has stopped.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }
}

fn engine(jobs: Receiver<Job>, events: Sender<Event>, wake: impl Fn()) {
    let gaz = match Gazetteer::bundled() {
        Ok(g) => Arc::new(g),
        Err(e) => {
            let _ = events.send(Event::Failed(e.to_string()));
            wake();
            return;
        }
    };
    if events.send(Event::GazetteerReady(gaz.clone())).is_err() {
        return;
    }
    wake();
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Load(paths, options) => {
                let parser = Geoparser::new(&gaz).with_options(options);
                let _ = events.send(Event::Started);
                wake();
                process_paths(&parser, &paths, |progress, result| {
                    let _ = events.send(Event::File(progress, result));
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
