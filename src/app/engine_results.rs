//! What the engine sends back, taken every frame in [`eframe::App::logic`]: the gazetteer,
//! basemap and shapes as they load, each file's documents, restored workspaces; and the
//! places, pins and filter choices derived from the collection when it or the filter
//! changes.

use std::sync::mpsc::TryRecvError;

use crate::collection::{Collection, PlaceMentions, Progress};
use crate::engine::Event;
use crate::gazetteer::PlaceId;

use super::{NewsmapApp, filters, map, session};

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
        let mut changed = false;
        let mut finished = false;
        let started = std::time::Instant::now();
        let mut more = false;
        loop {
            if started.elapsed() > POLL_BUDGET {
                more = true;
                break;
            }
            match self.worker.events.try_recv() {
                Ok(Event::GazetteerReady(g)) => self.gazetteer = Some(g),
                Ok(Event::BasemapReady(Ok(b))) => self.basemap = Some(b),
                Ok(Event::RegionsReady(Ok(r))) => self.regions = Some(r),
                Ok(Event::CountriesReady(Ok(c))) => self.countries = Some(c),
                Ok(Event::CountriesReady(Err(e))) => {
                    self.messages
                        .push(format!("Country outlines unavailable: {e}"));
                }
                Ok(Event::RegionsReady(Err(e))) => {
                    self.messages
                        .push(format!("Region outlines unavailable: {e}"));
                }
                Ok(Event::BasemapReady(Err(e))) => {
                    self.messages
                        .push(format!("Offline basemap unavailable: {e}"));
                }
                Ok(Event::Failed(e)) => {
                    self.messages.push(format!("Cannot geoparse: {e}"));
                    self.pending_loads = 0;
                }
                Ok(Event::Started) => self.progress = Some(Progress { done: 0, total: 0 }),
                Ok(Event::Progress(p)) => self.progress = Some(p),
                Ok(Event::File(p, r)) => {
                    self.progress = Some(p);
                    let before = self.collection.documents.len();
                    self.collection.add(r);
                    if let Some(g) = &self.gazetteer
                        && !self.corrections.is_empty()
                    {
                        let added = &mut self.collection.documents[before..];
                        self.corrections.apply(g, added);
                    }
                    changed = true;
                    self.session.touch();
                }
                Ok(Event::Restored(r)) => {
                    self.restored(*r);
                    changed = true;
                    finished = true;
                }
                Ok(Event::Regazetteered(g, docs)) => {
                    self.gazetteer = Some(g);
                    self.map.gazetteer_changed();
                    self.collection.replace_mentions(docs);
                    self.corrections_changed();
                    self.pending_loads = self.pending_loads.saturating_sub(1);
                    changed = true;
                    if self.pending_loads == 0 {
                        self.progress = None;
                    }
                }
                Ok(Event::Finished) => {
                    self.pending_loads = self.pending_loads.saturating_sub(1);
                    if self.pending_loads == 0 {
                        self.progress = None;
                        finished = true;
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if self.pending_loads > 0 {
                        self.messages
                            .push("The engine stopped unexpectedly.".into());
                        self.pending_loads = 0;
                    }
                    break;
                }
            }
        }
        if changed {
            self.documents_changed();
        }
        if self.regazetteer_pending && !self.is_loading() {
            self.own_places_changed();
        }
        if let Some(g) = &self.gazetteer {
            let due = self.places_built.elapsed() > std::time::Duration::from_millis(300);
            let rebuilt = self.places_stale && (due || finished || !self.is_loading());
            if rebuilt {
                // A keystroke that extends the search looks among the places kept.
                let filter = &self.state.filter;
                // (Only from a search that kept few mentions: reading every mention in
                // place order is slower than reading the documents in order.)
                let kept: usize = self.places.iter().map(|p| p.mentions.len()).sum();
                let few = kept <= self.collection.documents.len().max(1000);
                let refine = !self.documents_dirty
                    && few
                    && !self.places_filter.query.trim().is_empty()
                    && filter.narrows(&self.places_filter);
                self.places = if refine {
                    crate::filter::refine(&self.collection, g, &self.places, filter)
                } else {
                    crate::filter::places(&self.collection, g, filter)
                };
                self.places_filter = filter.clone();
                self.documents_dirty = false;
                self.pinned_ids = self.places.iter().map(|p| p.place).collect();
                self.pinned_ids.sort_unstable();
                self.pins = map::Pins::of(g, &self.collection, &self.places);
                self.map.corrected = self.pins.corrected_places(&self.places);
                // Filter choices change with the documents, not with the filter.
                if changed
                    || finished
                    || self.choices.articles.len() != self.collection.documents.len()
                {
                    self.choices = filters::Choices::of(&self.collection, g);
                }
                self.relatives = kept_relatives(&self.collection, &self.places, &self.pinned_ids);
                self.places_stale = false;
                self.places_built = std::time::Instant::now();
                if let Some(id) = &self.select_after_rebuild
                    && let Some(p) = g.find_id(id)
                {
                    self.selected = Some(p);
                    self.select_after_rebuild = None;
                }
            }
            // Fit while the first pins arrive and once more when loading ends, unless the
            // user has moved the map meanwhile: then it stays where they put it.
            if self.fit_after_load && (rebuilt || finished) {
                let moved = self.fitted_view.is_some_and(|v| self.map.view() != Some(v));
                if moved {
                    self.fit_after_load = false;
                } else if !self.places.is_empty() {
                    self.map.fit(g, &self.places);
                    self.fitted_view = self.map.view();
                }
            }
            if finished {
                self.fit_after_load = false;
            }
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
                    self.prompts.open_path = Some(String::new());
                    self.messages.push(
                        "No system file dialog is available: type a path, or drop files on the window."
                            .into(),
                    );
                }
                Ok(None) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.dialog = None;
                    self.prompts.open_path = Some(String::new());
                }
            }
        }
        more
    }

    /// A workspace arrived from the engine.
    fn restored(&mut self, r: crate::engine::Restored) {
        let why = self
            .session
            .restoring
            .take()
            .unwrap_or(session::Restoring::Open);
        match r.result {
            Ok(rw) => {
                self.gazetteer = Some(rw.gazetteer);
                self.map.gazetteer_changed();
                let ws = rw.opened.workspace;
                let mut collection = Collection::default();
                collection.set_kept_apart(ws.kept_apart.iter().copied());
                collection.restore_into(rw.documents, ws.warnings);
                self.collection = collection;
                self.corrections = ws.corrections;
                self.own_places = ws.own_places;
                self.reader = None;
                self.selected = None;
                self.correcting = None;
                session::apply_view(self, &ws.view);
                let missing = match &self.gazetteer {
                    Some(g) => self.corrections.apply(g, &mut self.collection.documents),
                    None => Vec::new(),
                };
                let mut problems = rw.opened.problems;
                if !missing.is_empty() {
                    problems.push(format!(
                        "{} corrections name places no longer in the gazetteer",
                        missing.len()
                    ));
                }
                session::opened(self, r.path, &problems, rw.opened.other);
                self.documents_changed();
            }
            Err(e) if e.is_not_found() && why == session::Restoring::Launch => {
                // A first launch: the workspace starts here.
                self.session.path = Some(r.path);
            }
            Err(e) => session::not_opened(self, r.path, why, e.to_string()),
        }
    }
}

/// The relative locations among the mentions `places` keep. A place's mentions are in
/// load order, so each relative location is looked up, not every mention gathered into a
/// set (issue 12: half a million mentions at 50,000 articles).
fn kept_relatives(
    collection: &Collection,
    places: &[PlaceMentions],
    sorted_ids: &[PlaceId],
) -> Vec<crate::collection::MentionRef> {
    // Index into `places` of each id of `sorted_ids`.
    let mut index: Vec<usize> = (0..places.len()).collect();
    index.sort_unstable_by_key(|&i| places[i].place);
    collection
        .relatives()
        .into_iter()
        .filter(|&r| {
            let Some(place) = collection
                .mention(r)
                .and_then(|(_, m)| m.resolution.as_ref())
                .map(|res| res.place)
            else {
                return false;
            };
            sorted_ids
                .binary_search(&place)
                .is_ok_and(|k| places[index[k]].mentions.binary_search(&r).is_ok())
        })
        .collect()
}
