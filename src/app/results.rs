//! File > Open results...: what `newsmap geoparse --format parquet` wrote, read on a thread
//! of its own into documents (their mentions' sentences, not their texts; not geoparsed
//! again), handed to the app as the engine hands loaded files: a few thousand documents at
//! a time, with a progress bar, the user's corrections applied as they arrive.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use crate::{EngineEvent, FileResult, Progress};

use super::NewsmapApp;

/// Events of an opening read ahead of the app at most (each a few thousand documents).
const RESULTS_AHEAD: usize = 8;

/// An opening of results under way: its events, taken with the engine's.
pub type ResultsEvents = Receiver<EngineEvent>;

impl NewsmapApp {
    /// Opens the results at `path` (a results folder, its `mentions` folder, or a mentions
    /// file): documents stream in; what is loaded stays.
    pub fn open_results(&mut self, path: PathBuf) {
        let Some(gaz) = self.model.gazetteer.clone() else {
            self.model
                .messages
                .push("The gazetteer is still loading: open the results again in a moment.".into());
            return;
        };
        if !path.exists() {
            self.model
                .messages
                .push(format!("No such file or folder: {}", path.display()));
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
                let opened = newsmap_arrow::open_results(&path, &gaz, &mut |docs, p| {
                    let progress = Progress {
                        done: p.rows_done,
                        total: p.rows_total,
                    };
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
                    sent
                });
                let line = match opened {
                    Ok(s) => {
                        let mut line = format!(
                            "Opened {}: {} documents, {} place names",
                            path.display(),
                            crate::thousands(s.documents as u64),
                            crate::thousands(s.mentions as u64)
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
                self.progress_unit = "place names";
                // The batch's resolutions are kept as they are: no second pass with the
                // other documents' context when the opening ends.
                self.skip_recontext = true;
                self.fit_after_load = true;
            }
            Err(e) => self
                .model
                .messages
                .push(format!("Cannot open the results: {e}")),
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
