//! What the engine sends back, taken every frame in [`eframe::App::logic`]: the gazetteer,
//! basemap and shapes as they load, each file's documents, restored workspaces; and the
//! derivations of places, pins and filter choices started when the model changes and taken
//! when they are done; a point picked on the map, routed to the window that asked.

use std::sync::mpsc::TryRecvError;

use std::sync::Arc;

use crate::EngineEvent as Event;
use crate::{FileResult, Progress};

use super::derived::{DeriveJob, Derived};
use super::model::Edit;
use super::{NewsmapApp, session};

/// How long a frame spends taking the engine's results, at most: the window answers the
/// user while a load of thousands of files is taken in.
pub const POLL_BUDGET: std::time::Duration = std::time::Duration::from_millis(40);

impl NewsmapApp {
    /// Takes what the engine sent since the last frame.
    ///
    /// It works at most [`POLL_BUDGET`] a frame (adding thousands of documents to the
    /// collection, copies compared, takes longer): returns whether results are left for the
    /// next frame, which is then asked for at once.
    pub fn poll_engine(&mut self) -> bool {
        let mut finished = false;
        super::paths::export_ended(self, false);
        let started = std::time::Instant::now();
        let mut more = false;
        loop {
            if started.elapsed() > POLL_BUDGET {
                more = true;
                break;
            }
            // The documents are shared with a derivation under way: the engine's results
            // wait for it, so that the collection is not copied to be changed.
            if self.deriver.is_busy()
                || self.session.is_saving_documents()
                || self.exporting.is_some()
            {
                break;
            }
            // The engine's events first, then those of results being opened.
            let mut from_results = false;
            let received = match self.worker.events.try_recv() {
                Err(TryRecvError::Empty) => match &self.results_in {
                    Some(rx) => match rx.try_recv() {
                        Err(TryRecvError::Disconnected) => {
                            self.results_in = None;
                            self.results_ended();
                            self.next_results();
                            continue;
                        }
                        other => {
                            from_results = true;
                            other
                        }
                    },
                    None => Err(TryRecvError::Empty),
                },
                other => other,
            };
            match received {
                Ok(Event::GazetteerReady(g)) => self.model.gazetteer = Some(g),
                Ok(Event::BasemapReady(Ok(b))) => self.model.shapes.basemap = Some(b),
                Ok(Event::RegionsReady(Ok(r))) => self.model.shapes.regions = Some(r),
                Ok(Event::CountriesReady(Ok(c))) => self.model.shapes.countries = Some(c),
                Ok(Event::CountriesReady(Err(e))) => {
                    self.say(format!("Country outlines unavailable: {e}"));
                }
                Ok(Event::RegionsReady(Err(e))) => {
                    self.say(format!("Region outlines unavailable: {e}"));
                }
                Ok(Event::BasemapReady(Err(e))) => {
                    self.say(format!("Offline basemap unavailable: {e}"));
                }
                Ok(Event::Failed(e)) => {
                    self.say(format!("Cannot geoparse: {e}"));
                    self.pending_loads = 0;
                }
                Ok(Event::GazetteerFiles(lines)) => {
                    for line in lines {
                        self.say(line);
                    }
                }
                Ok(Event::Started) => self.progress = Some(Progress { done: 0, total: 0 }),
                Ok(Event::Progress(p)) => self.progress = Some(p),
                Ok(Event::File(p, r)) => {
                    self.progress = Some(p);
                    let gaz = self.model.gazetteer.clone();
                    let corrections = std::mem::take(&mut self.model.corrections);
                    let collection = self.model.collection_mut();
                    let before = collection.documents.len();
                    let taken = match &r {
                        FileResult::Loaded(docs, _) if from_results => docs.len(),
                        _ => 0,
                    };
                    // (Documents of a batch's results are added as they are: see
                    // `Format::Results`.)
                    collection.add(r);
                    if let Some(g) = &gaz
                        && !corrections.is_empty()
                    {
                        corrections.apply(g, &mut collection.documents[before..]);
                    }
                    self.model.corrections = corrections;
                    self.results_taken(taken);
                    self.session.touch();
                }
                Ok(Event::Grouped(token, grouping)) => {
                    // The copies among the restored documents, looked for since they were
                    // shown: grouped now (the counts then leave copies out).
                    if self.model.collection.is_ungrouped(token) {
                        self.model.collection_mut().apply_grouped(token, grouping);
                    }
                }
                Ok(Event::Restored(r)) => {
                    self.restored(*r);
                    finished = true;
                }
                Ok(Event::Regazetteered(g, docs)) => {
                    self.session.rewrite_next();
                    self.model.gazetteer = Some(g);
                    self.map.gazetteer_changed();
                    self.model.collection_mut().replace_mentions(docs);
                    self.corrections_changed();
                    self.pending_loads = self.pending_loads.saturating_sub(1);
                    if self.pending_loads == 0 {
                        self.progress = None;
                    }
                }
                Ok(Event::Finished) => {
                    self.pending_loads = self.pending_loads.saturating_sub(1);
                    if self.pending_loads == 0 {
                        self.progress = None;
                        self.progress_unit = "files";
                        finished = true;
                        self.recontext();
                    }
                }
                Ok(Event::Recontexted(changes)) => {
                    self.pending_loads = self.pending_loads.saturating_sub(1);
                    if !changes.is_empty() {
                        self.session
                            .mentions_changed(changes.iter().map(|(i, _)| *i));
                        self.settle_derivation();
                        let collection = self.model.collection_mut();
                        for (i, mentions) in changes {
                            if let Some(d) = collection.documents.get_mut(i) {
                                d.mentions = mentions;
                            }
                        }
                        self.corrections_changed();
                    }
                    if self.pending_loads == 0 {
                        finished = true;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.pending_loads > 0 {
                        self.say("The engine stopped unexpectedly.".into());
                        self.pending_loads = 0;
                    }
                    break;
                }
            }
        }
        if finished {
            self.fit_when_derived = true;
        }
        if self.regazetteer_pending && !self.is_loading() {
            self.own_places_changed();
        }
        if let Some((rx, opened)) = &self.dialog {
            let quick = opened.elapsed() < std::time::Duration::from_millis(400);
            match rx.try_recv() {
                Ok(Some(paths)) => {
                    self.dialog = None;
                    self.open(paths);
                }
                Ok(None) if quick => {
                    // No dialog appeared at all (no desktop portal): offer a path field.
                    self.dialog = None;
                    self.views.prompts.open_path = Some(String::new());
                    self.model.messages.push(
                        "No system file dialog is available: type a path, or drop files on the window."
                            .into(),
                    );
                }
                Ok(None) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.dialog = None;
                    self.views.prompts.open_path = Some(String::new());
                }
            }
        }
        more
    }

    /// A load ended: the engine resolves the documents' ambiguous names again with what the
    /// others say (the collection's regions), and sends them back.
    fn recontext(&mut self) {
        if std::mem::take(&mut self.skip_recontext) {
            return;
        }
        if self.model.collection.documents.len() < 2 {
            return;
        }
        // Shared with the engine, not copied (the engine lets go before it answers).
        let collection = Arc::clone(&self.model.collection);
        if self
            .worker
            .send(crate::EngineJob::Recontext(collection, self.options()))
        {
            self.pending_loads += 1;
        }
    }

    fn say(&mut self, message: String) {
        self.model.messages.push(message);
    }

    /// Starts deriving the places when the model changed since they were derived (during
    /// a load, a few times a second), and takes the result when it is there.
    pub(super) fn derive(&mut self) {
        if let Some(d) = self.deriver.try_take() {
            self.derived_arrived(d);
        }
        if self.deriver.is_busy() || self.is_derived() {
            return;
        }
        let Some(gazetteer) = self.model.gazetteer.clone() else {
            return;
        };
        // During a load, a few times a second; when a derivation takes long (millions of
        // names), the load gets three times its time between two (the documents wait while
        // one runs: with a fixed pause, the load crawled as the collection grew).
        let pause = (self.derive_took * 4).max(std::time::Duration::from_millis(300));
        let due = self.derive_started.elapsed() > pause;
        let filter_only = self.derived.generation == Some(self.model.generation());
        if !(due || filter_only || !self.is_loading()) {
            return;
        }
        self.derive_started = std::time::Instant::now();
        let mentions: usize = (self.model.collection.documents.iter())
            .map(|d| d.mentions.len())
            .sum();
        if mentions <= self.derive_here_below {
            // Small: derived at once, shown in this very frame.
            let d = super::derived::derive(
                &self.model.collection,
                &gazetteer,
                &self.model.state.filter,
                self.model.generation(),
                Some(&self.derived),
            );
            self.derived_arrived(d);
            return;
        }
        self.deriver.start(DeriveJob {
            collection: Arc::clone(&self.model.collection),
            gazetteer,
            filter: self.model.state.filter.clone(),
            generation: self.model.generation(),
            previous: Arc::clone(&self.derived),
        });
        // (Without a thread the result is there at once.)
        if let Some(d) = self.deriver.try_take() {
            self.derived_arrived(d);
        }
    }

    /// A derivation is done: the windows show it from the next frame.
    pub(super) fn derived_arrived(&mut self, d: Derived) {
        self.derive_took = self.derive_started.elapsed();
        self.map.corrected = d.corrected.clone();
        self.derived = Arc::new(d);
        if let Some(g) = self.model.gazetteer.clone() {
            if let Some(id) = &self.select_after_rebuild
                && let Some(p) = g.find_id(id)
            {
                self.model.selected = Some(p);
                self.select_after_rebuild = None;
            }
            // Fit while the first pins arrive and once more when loading ends, unless the
            // user has moved the map meanwhile: then it stays where they put it.
            if self.fit_after_load {
                let moved = self.fitted_view.is_some_and(|v| self.map.view() != Some(v));
                if moved {
                    self.fit_after_load = false;
                } else if !self.derived.places.is_empty() {
                    self.map.fit(&g, &self.derived.places);
                    self.fitted_view = self.map.view();
                }
            }
        }
        if std::mem::take(&mut self.fit_when_derived) && !self.is_loading() {
            self.fit_after_load = false;
        }
    }

    /// The map was clicked while a window waited for a point.
    pub(super) fn point_picked(&mut self, lon: f64, lat: f64) {
        self.map.picking = false;
        if self.views.own_places.is_picking() {
            self.views.own_places.place_picked(lon, lat);
        } else if let Some(draft) = self.views.correction.take_picked() {
            self.placed_on_map(&draft, lon, lat);
        }
    }

    /// A mention placed on the map: a new own place there, and the mention assigned to it.
    fn placed_on_map(&mut self, draft: &super::correct::Draft, lon: f64, lat: f64) {
        self.map.highlight = None;
        let Some(gaz) = self.model.gazetteer.clone() else {
            return;
        };
        let name = if draft.new_name.trim().is_empty() {
            self.model.surface_of(draft.target).unwrap_or_default()
        } else {
            draft.new_name.trim().to_string()
        };
        let region = self.model.region_at(lon, lat).unwrap_or_default();
        let place = crate::OwnPlace::new(
            &gaz,
            &self.model.own_places,
            &name,
            Vec::new(),
            crate::PlaceKind::City,
            (lat, lon),
            &region,
        );
        match place {
            Ok(mut place) => {
                // Only this correction points at it: its name alone finds nothing.
                place.find_in_text = false;
                let action = crate::Action::Assign {
                    place: place.id.clone(),
                    name: place.name.clone(),
                };
                self.say(format!(
                    "Added {} at {lat:.4}°, {lon:.4}° to your places",
                    place.name
                ));
                // The correction takes effect once the gazetteer holds the new place.
                self.edit(Edit::Correct {
                    target: draft.target,
                    reach: draft.reach,
                    action,
                });
                self.edit(Edit::AddOwnPlaces(vec![place]));
            }
            Err(e) => self.say(e.to_string()),
        }
    }

    /// A workspace arrived from the engine.
    fn restored(&mut self, r: crate::Restored) {
        let why = self
            .session
            .restoring
            .take()
            .unwrap_or(session::Restoring::Open);
        if self.session.restore_progress.take().is_some() {
            self.progress = None;
        }
        let before = self.session.state_at_restore.take();
        match r.result {
            Ok(rw) => {
                self.model.gazetteer = Some(rw.gazetteer);
                self.map.gazetteer_changed();
                let mut ws = rw.opened.workspace;
                let results = std::mem::take(&mut ws.results);
                self.set_collection(rw.collection);
                self.model.corrections = ws.corrections;
                self.model.own_places = ws.own_places;
                self.model.gazetteer_files = ws.gazetteers;
                self.model.selected = None;
                self.views.correction = Default::default();
                if before.is_none_or(|b| b == self.model.state) {
                    session::apply_view(self, &ws.view);
                } else {
                    // The user chose meanwhile (a search typed while it was read): theirs
                    // stand (and are saved with the next save), the map goes where it was.
                    let mine = self.model.state.clone();
                    session::apply_view(self, &ws.view);
                    self.model.state = mine;
                }
                let missing = self.model.reapply_corrections();
                let mut problems = rw.opened.problems;
                if !missing.is_empty() {
                    problems.push(format!(
                        "{} corrections name places no longer in the gazetteer",
                        missing.len()
                    ));
                }
                session::opened(self, r.path, &problems, rw.opened.other);
                // The results it named, opened again (their documents are not in the file).
                self.open_results_again(results);
            }
            Err(e) if e.is_not_found() && why == session::Restoring::Launch => {
                // A first launch: the workspace starts here.
                self.session.path = Some(r.path);
            }
            Err(e) => session::not_opened(self, r.path, why, e.to_string()),
        }
    }
}
