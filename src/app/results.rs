//! File > Open results...: what `newsmap geoparse --format parquet` wrote, read on a thread
//! of its own into documents (their mentions' sentences, not their texts; not geoparsed
//! again), handed to the app as the engine hands loaded files: a few thousand documents at
//! a time, with a progress bar, the user's corrections applied as they arrive. The
//! workspace names the results opened, with how many documents each gave, and opens them
//! again when it opens: it does not hold their documents.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use crate::{EngineEvent, FileResult, OpenedResults, Progress};

use super::NewsmapApp;

/// Events of an opening read ahead of the app at most (each a few thousand documents).
const RESULTS_AHEAD: usize = 8;

/// An opening of results under way: its events, taken with the engine's.
pub type ResultsEvents = Receiver<EngineEvent>;

/// The opening of results under way, as the model counts it.
#[derive(Debug, Clone, Copy)]
pub struct Opening {
    /// Its entry in [`super::model::AppModel::opened_results`].
    entry: usize,
    /// Documents taken in so far.
    read: usize,
    /// Opened again with its workspace: the entry keeps the count it had until the
    /// opening ends (a workspace saved meanwhile names as many documents as before).
    again: bool,
}

impl NewsmapApp {
    /// Opens the results at `path` (a results folder, its `mentions` folder, or a mentions
    /// file): documents stream in; what is loaded stays. After an opening under way.
    pub fn open_results(&mut self, path: PathBuf) {
        let entry = self.model.opened_results.len();
        self.model.opened_results.push(OpenedResults {
            path: path.clone(),
            documents: 0,
        });
        self.open_results_entry(path, entry, None);
    }

    /// Opens again the results a workspace names, as many documents of each as before.
    pub(super) fn open_results_again(&mut self, results: Vec<OpenedResults>) {
        for r in results.into_iter().filter(|r| r.documents > 0) {
            let entry = self.model.opened_results.len();
            self.model.opened_results.push(r.clone());
            self.open_results_entry(r.path, entry, Some(r.documents));
        }
    }

    /// Documents of the opening under way taken in: counted in its entry.
    pub(super) fn results_taken(&mut self, documents: usize) {
        if let Some(o) = &mut self.results_entry {
            o.read += documents;
            if let Some(e) = self.model.opened_results.get_mut(o.entry) {
                e.documents = if o.again {
                    e.documents.max(o.read)
                } else {
                    o.read
                };
            }
        }
    }

    /// The opening under way ended (read through, stopped or cancelled): its entry names
    /// the documents it gave; the next one waiting starts.
    pub(super) fn results_ended(&mut self) {
        if let Some(o) = self.results_entry.take()
            && let Some(e) = self.model.opened_results.get_mut(o.entry)
        {
            e.documents = o.read;
        }
    }

    /// Stops the opening of results under way (its reader sees the channel gone; what came
    /// in stays, its entry counting it) and drops those waiting. Returns whether one was
    /// under way.
    pub(super) fn stop_results(&mut self) -> bool {
        self.results_ended();
        for (_, entry, _) in std::mem::take(&mut self.results_queue) {
            if let Some(e) = self.model.opened_results.get_mut(entry) {
                e.documents = 0;
            }
        }
        if self.results_in.take().is_none() {
            return false;
        }
        self.pending_loads = self.pending_loads.saturating_sub(1);
        if self.pending_loads == 0 {
            self.progress = None;
            self.progress_unit = "files";
            self.skip_recontext = false;
        }
        true
    }

    /// Starts the next opening waiting, if none runs.
    pub(super) fn next_results(&mut self) {
        if self.results_in.is_none()
            && let Some((path, entry, most)) = self.results_queue.pop_front()
        {
            self.open_results_entry(path, entry, most);
        }
    }

    /// Opens the results at `path` for the model's entry `entry`, `most` documents at most.
    fn open_results_entry(&mut self, path: PathBuf, entry: usize, most: Option<usize>) {
        if self.results_in.is_some() {
            self.results_queue.push_back((path, entry, most));
            return;
        }
        let Some(gaz) = self.model.gazetteer.clone() else {
            self.model
                .messages
                .push("The gazetteer is still loading: open the results again in a moment.".into());
            return;
        };
        if !path.exists() {
            self.model.messages.push(match most {
                Some(n) => format!(
                    "The results this workspace opened ({} documents) are no longer at {}: \
                     open them again with File > Open results...",
                    crate::thousands(n as u64),
                    path.display()
                ),
                None => format!("No such file or folder: {}", path.display()),
            });
            if let Some(e) = self.model.opened_results.get_mut(entry) {
                e.documents = 0;
            }
            self.session.touch();
            self.next_results();
            return;
        }
        // Bounded: the reader waits for the app to take what it read (ten million names
        // read ahead would fill memory; with an unbounded channel, 7 GB in 30 s).
        let (tx, rx) = std::sync::mpsc::sync_channel(RESULTS_AHEAD);
        let wake = self.egui_ctx.clone();
        let limit_mb = self.results_memory_mb.or_else(memory_limit_mb);
        let spawned = std::thread::Builder::new()
            .name("newsmap-results".into())
            .spawn(move || {
                // False once the app let go of the opening (Cancel).
                let send = |e: EngineEvent| {
                    let sent = tx.send(e).is_ok();
                    wake.request_repaint();
                    sent
                };
                let _ = send(EngineEvent::Started);
                let mut stopped = None;
                let (mut documents, mut names) = (0usize, 0usize);
                let opened = newsmap_arrow::open_results(&path, &gaz, &mut |mut docs, p| {
                    let progress = Progress {
                        done: p.rows_done,
                        total: p.rows_total,
                    };
                    if let Some(most) = most {
                        docs.truncate(most.saturating_sub(documents));
                    }
                    documents += docs.len();
                    names += docs.iter().map(|d| d.mentions.len()).sum::<usize>();
                    let sent = send(EngineEvent::File(
                        progress,
                        FileResult::Loaded(docs, Vec::new()),
                    ));
                    // Near the machine's memory the opening stops with what it has, rather
                    // than the system stopping the app (and the workspace with it).
                    let resident = resident_mb();
                    if limit_mb.zip(resident).is_some_and(|(l, r)| r > l) {
                        stopped = Some((p.rows_done, p.rows_total, resident.unwrap_or(0)));
                        return false;
                    }
                    sent && most.is_none_or(|m| documents < m)
                });
                let line = match opened {
                    Ok(s) => {
                        let mut line = format!(
                            "Opened {}: {} documents, {} place names",
                            path.display(),
                            crate::thousands(documents as u64),
                            crate::thousands(names as u64)
                        );
                        if let Some((done, total, mb)) = stopped {
                            line.push_str(&format!(
                                " (stopped at {} of {} place names: the app holds {mb} MB, near \
                                 this machine's memory; open the results in parts, e.g. a \
                                 period or a source selected with DuckDB)",
                                crate::thousands(done as u64),
                                crate::thousands(total as u64),
                            ));
                        }
                        if s.unknown_places > 0 {
                            line.push_str(&format!(
                                "; {} name places this gazetteer does not hold (unresolved)",
                                crate::thousands(s.unknown_places as u64)
                            ));
                        }
                        line
                    }
                    Err(e) => format!("Cannot open the results: {e}"),
                };
                let _ = send(EngineEvent::GazetteerFiles(vec![line]));
                let _ = send(EngineEvent::Finished);
            });
        match spawned {
            Ok(_) => {
                self.pending_loads += 1;
                self.results_in = Some(rx);
                self.results_entry = Some(Opening {
                    entry,
                    read: 0,
                    again: most.is_some(),
                });
                self.progress_unit = "place names";
                // The batch's resolutions are kept as they are: no second pass with the
                // other documents' context when the opening ends.
                self.skip_recontext = true;
                // Opened again with the workspace: the map stays where it was saved.
                if most.is_none() {
                    self.fit_after_load = true;
                }
            }
            Err(e) => {
                self.model
                    .messages
                    .push(format!("Cannot open the results: {e}"));
                self.next_results();
            }
        }
    }
}

/// The resident memory at which an opening of results stops, MB: 60% of the machine's
/// memory; `None` where it cannot be read (not Linux).
fn memory_limit_mb() -> Option<u64> {
    Some(proc_kb("/proc/meminfo", "MemTotal:")? / 1024 * 6 / 10)
}

/// This process's resident memory, MB (Linux).
fn resident_mb() -> Option<u64> {
    Some(proc_kb("/proc/self/status", "VmRSS:")? / 1024)
}

/// The kB figure of the line starting with `key` in a /proc file.
fn proc_kb(file: &str, key: &str) -> Option<u64> {
    std::fs::read_to_string(file)
        .ok()?
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
