//! The desktop app: a thin layer over the core. The engine thread ([`worker`]) reads and
//! geoparses; the UI thread only merges its results and draws.

pub mod correct;
mod filters;
pub mod import_report;

pub mod map;
pub mod own_places_ui;
mod panels;
pub mod reader;
pub mod session;
pub mod style;
pub mod tile_sources;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::basemap::Basemap;
use crate::collection::{Collection, PlaceMentions, Progress};
use crate::gazetteer::{Gazetteer, PlaceId};

use crate::engine::{Event, Job, Worker};

/// What the user chose, kept in one serialisable struct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppState {
    /// Draw OpenStreetMap tiles under the offline basemap.
    pub online_tiles: bool,
    /// Show the places list.
    pub show_places: bool,
    /// Read demonyms ("Ukrainian") as mentions of their country in files loaded from now on.
    pub demonyms: bool,
    /// What the view is narrowed to.
    #[serde(default)]
    pub filter: crate::filter::Filter,
    /// Dark theme (else light).
    #[serde(default = "yes")]
    pub dark: bool,
    /// Where map tiles come from.
    #[serde(default)]
    pub tile_provider: tile_sources::TileProvider,
    /// Draw the legend on the map.
    #[serde(default = "yes")]
    pub show_legend: bool,
    /// Show the timeline of article dates.
    #[serde(default = "yes")]
    pub show_timeline: bool,
}

fn yes() -> bool {
    true
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            online_tiles: true,
            show_places: true,
            demonyms: false,
            filter: crate::filter::Filter::default(),
            dark: true,
            tile_provider: tile_sources::TileProvider::default(),
            show_legend: true,
            show_timeline: true,
        }
    }
}

/// The app.
pub struct NewsmapApp {
    /// User choices.
    pub state: AppState,
    /// The loaded documents.
    pub collection: Collection,
    /// Places of the collection, most mentioned first.
    pub places: Vec<PlaceMentions>,
    /// The places' ids, sorted.
    pinned_ids: Vec<PlaceId>,
    /// What the map's pins need of the places, built with them.
    pins: map::Pins,
    /// Mentions that are relative locations ("10 km south of Kurakhove").
    relatives: Vec<crate::collection::MentionRef>,
    /// The place whose excerpts are shown.
    pub selected: Option<PlaceId>,
    /// The article open in the reader.
    pub reader: Option<reader::Reader>,
    /// The import report window.
    pub import_report: import_report::ImportReport,
    /// The excerpt rows of the selected place, measured as they are drawn.
    excerpt_rows: panels::ExcerptRows,
    /// The timeline's playing state.
    pub timeline: filters::Timeline,
    /// What the filters and timeline offer, rebuilt with the places.
    choices: filters::Choices,
    /// Ctrl+F was pressed: focus the search box on this frame.
    focus_search: bool,
    /// The theme last applied.
    applied_dark: Option<bool>,
    gazetteer: Option<Arc<Gazetteer>>,
    basemap: Option<Arc<Basemap>>,
    regions: Option<Arc<crate::regions::Regions>>,
    countries: Option<Arc<crate::regions::Regions>>,
    worker: Worker,
    /// Loads queued or running.
    pending_loads: usize,
    progress: Option<Progress>,
    /// Messages for the status line (errors of the engine, the file dialog).
    pub messages: Vec<String>,
    /// What went wrong opening the workspace, in a window of its own (it does not fit the
    /// status line), with the version not opened, which the user may open instead.
    pub workspace_notice: Option<(String, Option<PathBuf>)>,
    /// The map's view.
    pub map: map::MapView,
    dialog: Option<(Receiver<Option<Vec<PathBuf>>>, std::time::Instant)>,
    /// The "Open path" window's text, while it is open.
    pub open_path: Option<String>,
    /// The "own tiles" window's text, while it is open.
    pub tile_path: Option<String>,
    /// A path asked for another purpose (workspaces, exports), while its window is open.
    pub path_prompt: Option<(PathPurpose, String)>,
    /// The user's corrections.
    pub corrections: crate::corrections::Corrections,
    /// The user's own places.
    pub own_places: Vec<crate::own_places::OwnPlace>,
    /// The correction window, while open.
    pub correcting: Option<correct::Draft>,
    /// Show the list of corrections.
    pub show_corrections: bool,
    /// The "Your places" window, while open.
    pub own_places_form: Option<own_places_ui::Form>,
    /// The workspace file and its saving.
    pub session: session::Session,
    /// Own places changed while files were loading: geoparse again when loading ends.
    regazetteer_pending: bool,
    /// A place (by stable id) to select once the places are rebuilt: the one a correction
    /// chose.
    pub select_after_rebuild: Option<String>,
    fit_after_load: bool,
    /// The view the last automatic fit set: when the map is elsewhere, the user moved it,
    /// and the load fits it no more.
    fitted_view: Option<(f64, f64, f64)>,
    /// New documents not yet counted in `places`, and when `places` was last rebuilt:
    /// during a load of thousands of files it is rebuilt a few times a second, not per file.
    places_stale: bool,
    places_built: std::time::Instant,
    /// The filter `places` was built with.
    places_filter: crate::filter::Filter,
    /// The documents or mentions changed since `places` was built.
    documents_dirty: bool,
}

impl NewsmapApp {
    /// A new app that starts loading `paths` as soon as the gazetteer is ready, keeping
    /// nothing on disk.
    pub fn new(ctx: &egui::Context, paths: Vec<PathBuf>) -> Self {
        Self::with_workspace(ctx, paths, None)
    }

    /// A new app that first restores the workspace at `workspace` (when given; it is
    /// created if missing and saved automatically), then loads `paths`.
    pub fn with_workspace(
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
        workspace: Option<PathBuf>,
    ) -> Self {
        let wake_ctx = ctx.clone();
        let worker = Worker::spawn(move || wake_ctx.request_repaint());
        let mut app = NewsmapApp {
            state: AppState::default(),
            collection: Collection::default(),
            places: Vec::new(),
            relatives: Vec::new(),
            pinned_ids: Vec::new(),
            pins: map::Pins::default(),
            selected: None,
            reader: None,
            excerpt_rows: panels::ExcerptRows::default(),
            import_report: import_report::ImportReport::default(),
            timeline: filters::Timeline::default(),
            choices: filters::Choices::default(),
            focus_search: false,
            applied_dark: None,
            gazetteer: None,
            basemap: None,
            regions: None,
            countries: None,
            worker,
            pending_loads: 0,
            progress: None,
            messages: Vec::new(),
            workspace_notice: None,
            map: map::MapView::new(ctx),
            dialog: None,
            open_path: None,
            tile_path: None,
            path_prompt: None,
            corrections: Default::default(),
            own_places: Vec::new(),
            correcting: None,
            show_corrections: false,
            own_places_form: None,
            session: session::Session::default(),
            regazetteer_pending: false,
            select_after_rebuild: None,
            fit_after_load: true,
            fitted_view: None,
            places_stale: false,
            places_built: std::time::Instant::now(),
            places_filter: crate::filter::Filter::default(),
            documents_dirty: true,
        };
        if let Some(path) = workspace {
            app.restore(path, session::Restoring::Launch);
        }
        if !paths.is_empty() {
            app.open(paths);
        }
        app
    }

    /// Reads the workspace at `path` on the engine thread; it replaces everything when it
    /// arrives.
    pub fn restore(&mut self, path: PathBuf, why: session::Restoring) {
        let options = self.options();
        if self.worker.send(Job::Restore(path, options)) {
            self.session.restoring = Some(why);
        } else {
            self.messages
                .push("The engine has stopped; restart newsmap.".into());
        }
    }

    /// The geoparser's options for files loaded now.
    fn options(&self) -> crate::geoparse::Options {
        crate::geoparse::Options {
            demonyms: self.state.demonyms,
            ..Default::default()
        }
    }

    /// Empties the workspace: documents, corrections, own places and filters.
    pub fn clear_workspace(&mut self) {
        self.set_collection(Collection::default());
        self.corrections = Default::default();
        self.selected = None;
        self.correcting = None;
        self.state.filter = Default::default();
        if !self.own_places.is_empty() {
            self.own_places.clear();
            self.own_places_changed();
        }
    }

    /// "Not the same": document `idx` is shown on its own, not as a copy of another.
    pub fn keep_apart(&mut self, idx: usize) {
        self.collection.keep_apart(idx);
        self.documents_changed();
        self.session.touch();
    }

    /// The documents or their mentions changed: the places are found again in every
    /// document.
    fn documents_changed(&mut self) {
        self.places_stale = true;
        self.documents_dirty = true;
    }

    /// The filter changed: the places are rebuilt before the next frame is drawn.
    pub fn filter_changed(&mut self) {
        self.places_stale = true;
    }

    /// The corrections changed: applies them all again.
    pub fn corrections_changed(&mut self) {
        if let Some(g) = &self.gazetteer {
            self.corrections.apply(g, &mut self.collection.documents);
        }
        if let Some(r) = &mut self.reader {
            r.scroll_pending = false;
        }
        self.documents_changed();
        self.session.touch();
    }

    /// Undoes the latest correction.
    pub fn undo(&mut self) {
        let done = self.corrections.undo().map(|c| c.describe());
        self.history_moved("Undone", "undo", done);
    }

    /// Makes the latest undone correction again.
    pub fn redo(&mut self) {
        let done = self.corrections.redo().map(|c| c.describe());
        self.history_moved("Redone", "redo", done);
    }

    /// After undo or redo: says what changed, and applies the corrections again.
    fn history_moved(&mut self, what: &str, verb: &str, done: Option<String>) {
        match done {
            Some(d) => {
                self.messages.push(format!("{what}: {d}"));
                self.corrections_changed();
            }
            None => self.messages.push(format!("Nothing to {verb}.")),
        }
    }

    /// The own places changed: the engine builds the gazetteer with them and geoparses the
    /// documents again (after the current load, if one runs).
    pub fn own_places_changed(&mut self) {
        self.session.touch();
        if self.is_loading() {
            self.regazetteer_pending = true;
            return;
        }
        self.regazetteer_pending = false;
        let docs = self
            .collection
            .documents
            .iter()
            .map(|d| d.doc.clone())
            .collect();
        let job = Job::SetOwnPlaces(self.own_places.clone(), docs, self.options());
        if self.worker.send(job) {
            self.pending_loads += 1;
        }
    }

    /// The code of the region (admin-1) holding a point, from the region shapes.
    pub fn region_at(&self, lon: f64, lat: f64) -> Option<String> {
        self.regions
            .as_ref()?
            .containing(lon, lat)
            .map(str::to_string)
    }

    /// Replaces the loaded documents (a restored workspace, a benchmark's collection).
    pub fn set_collection(&mut self, collection: Collection) {
        self.collection = collection;
        self.reader = None;
        self.documents_changed();
    }

    /// Whether the region shapes are loaded.
    pub fn has_regions(&self) -> bool {
        self.regions.is_some() && self.countries.is_some()
    }

    /// Whether files are being read.
    pub fn is_loading(&self) -> bool {
        self.pending_loads > 0
    }

    /// The gazetteer, once loaded.
    pub fn gazetteer(&self) -> Option<&Gazetteer> {
        self.gazetteer.as_deref()
    }

    /// Queues files and folders for reading.
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let options = self.options();
        if self.worker.send(Job::Load(paths, options)) {
            self.pending_loads += 1;
            self.fit_after_load = true;
            self.fitted_view = None;
        } else {
            self.messages
                .push("The engine has stopped; restart newsmap to load files.".into());
        }
    }

    /// Stops the loads under way: no new file is started, the files done stay loaded.
    pub fn cancel_load(&mut self) {
        self.worker.cancel();
    }

    /// Takes what the engine sent since the last frame.
    pub fn poll_engine(&mut self) {
        let mut changed = false;
        let mut finished = false;
        loop {
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
                    self.open_path = Some(String::new());
                    self.messages.push(
                        "No system file dialog is available: type a path, or drop files on the window."
                            .into(),
                    );
                }
                Ok(None) => self.dialog = None,
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.dialog = None;
                    self.open_path = Some(String::new());
                }
            }
        }
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

    /// Selects a place and centres the map on it.
    pub fn select_place(&mut self, place: PlaceId, recentre: bool) {
        self.selected = Some(place);
        if recentre && let Some(g) = &self.gazetteer {
            self.map.centre_on(g.place(place));
        }
    }

    fn pick_files(&mut self, folders: bool, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("newsmap-dialog".into())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().set_title("Open articles");
                let picked = if folders {
                    dialog.pick_folders()
                } else {
                    dialog.pick_files()
                };
                let _ = tx.send(picked);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.dialog = Some((rx, std::time::Instant::now())),
            Err(e) => self
                .messages
                .push(format!("Cannot open a file dialog: {e}")),
        }
    }

    /// Ctrl+O opens files, Ctrl+F searches, Esc closes the reader, then the excerpts.
    fn shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let (open, find, escape, undo, redo) = ctx.input_mut(|i| {
            let redo = !typing
                && i.consume_key(
                    egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                    egui::Key::Z,
                );
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::O),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
                !typing && i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z),
                redo,
            )
        });
        if undo {
            self.undo();
        }
        if redo {
            self.redo();
        }
        if open {
            self.pick_files(false, ctx);
        }
        if find {
            self.state.show_places = true;
            self.focus_search = true;
        }
        if escape {
            if self.map.picking {
                self.map.picking = false;
                if let Some(f) = &mut self.own_places_form {
                    f.picking = false;
                }
            } else if self.correcting.is_some() {
                self.correcting = None;
            } else if self.reader.is_some() {
                self.reader = None;
            } else if self.open_path.is_some() {
                self.open_path = None;
            } else {
                self.selected = None;
            }
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        self.open(dropped);
    }
}

impl eframe::App for NewsmapApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_engine();
        self.handle_dropped_files(&ctx);
        self.shortcuts(&ctx);
        // Only when it changes: setting the style every frame costs a re-layout.
        if self.applied_dark != Some(self.state.dark) {
            let mut visuals = if self.state.dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            };
            // A blinking cursor repaints the whole app twice a second while a text field
            // has the focus (10-20% CPU at idle with a large collection): it stays lit.
            visuals.text_cursor.blink = false;
            ctx.set_visuals(visuals);
            self.applied_dark = Some(self.state.dark);
        }

        egui::Panel::top("menu").show(ui, |ui| {
            menu_bar_ui(self, ui);
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            panels::status_ui(self, ui);
        });
        if self.state.show_timeline && !self.collection.documents.is_empty() {
            egui::Panel::bottom("timeline").show(ui, |ui| {
                if filters::timeline_ui(self, ui) {
                    self.filter_changed();
                }
            });
        }

        if self.state.show_places {
            egui::Panel::left("places")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| {
                    if filters::filters_ui(self, ui) {
                        self.filter_changed();
                    }
                    if std::mem::take(&mut self.focus_search) {
                        ui.memory_mut(|m| m.request_focus(filters::search_id()));
                    }
                    ui.separator();
                    if let Some(p) = panels::places_ui(self, ui) {
                        self.select_place(p, true);
                    }
                });
        }
        if self.selected.is_some() {
            egui::Panel::right("excerpts")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    panels::excerpts_ui(self, ui);
                });
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let clicked = self.map.map_ui(
                    ui,
                    &self.state,
                    map::MapContent {
                        gaz: self.gazetteer.as_deref(),
                        basemap: self.basemap.as_deref(),
                        regions: self.regions.as_deref(),
                        countries: self.countries.as_deref(),
                        places: &self.places,
                        collection: &self.collection,
                        relatives: &self.relatives,
                        selected: self.selected,
                        pinned_ids: &self.pinned_ids,
                        pins: &self.pins,
                    },
                );
                if let Some(p) = clicked
                    && !self.map.picking
                {
                    self.selected = Some(p);
                }
            });
        let form_picking = self.own_places_form.as_ref().is_some_and(|f| f.picking);
        if !form_picking
            && self.correcting.is_some()
            && let Some((lon, lat)) = self.map.picked.take()
        {
            correct::placed_on_map(self, lon, lat);
        }
        open_path_ui(self, &ctx);
        tile_path_ui(self, &ctx);
        path_prompt_ui(self, &ctx);
        reader::reader_ui(self, &ctx);
        correct::correction_ui(self, &ctx);
        correct::corrections_list_ui(self, &ctx);
        own_places_ui::own_places_ui(self, &ctx);
        session::notice_ui(self, &ctx);
        self.import_report.ui(&ctx, &self.collection);
        session::autosave(self);
        panels::drop_overlay_ui(&ctx);
        if self.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        } else if self.places_stale {
            // A filter changed: the places are rebuilt at the start of the next frame.
            ctx.request_repaint();
        }
        // A frame to save in, when there is a workspace to save to.
        if self.session.is_dirty() && self.session.path.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        session::wait_for_save(self);
        if let Err(e) = session::save_now(self) {
            eprintln!("newsmap: {e}");
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

/// What a path typed in [`path_prompt_ui`] is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// File > New workspace.
    NewWorkspace,
    /// File > Open workspace.
    OpenWorkspace,
    /// File > Save workspace as.
    SaveWorkspaceAs,
    /// File > Export, in this format; `true` for the current filter only.
    Export(crate::export::ExportFormat, bool),
}

impl PathPurpose {
    fn title(self) -> (&'static str, &'static str, &'static str) {
        match self {
            PathPurpose::NewWorkspace => (
                "New workspace",
                "A new workspace file (.newsmap); the current one is saved first:",
                "Create",
            ),
            PathPurpose::OpenWorkspace => (
                "Open workspace",
                "A workspace file (.newsmap); the current one is saved first:",
                "Open",
            ),
            PathPurpose::SaveWorkspaceAs => (
                "Save workspace as",
                "Save everything to this file (.newsmap) and keep working there:",
                "Save",
            ),
            PathPurpose::Export(_, _) => ("Export", "Write the export to this file:", "Export"),
        }
    }
}

/// The window asking for a path for a workspace or an export.
fn path_prompt_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    let Some((purpose, text)) = app.path_prompt.take() else {
        return;
    };
    let (title, prompt, button) = purpose.title();
    let mut field = Some(text);
    let submitted = path_window_ui(ctx, title, prompt, button, &mut field);
    match (submitted, field) {
        (Some(path), _) => run_path_purpose(app, purpose, path),
        (None, Some(text)) => app.path_prompt = Some((purpose, text)),
        (None, None) => {}
    }
}

fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(ext)
    }
}

/// Does what the path was asked for.
pub fn run_path_purpose(app: &mut NewsmapApp, purpose: PathPurpose, path: PathBuf) {
    match purpose {
        PathPurpose::NewWorkspace => {
            session::new_workspace(app, with_extension(path, crate::workspace::EXTENSION))
        }
        PathPurpose::OpenWorkspace => session::open_workspace(app, path),
        PathPurpose::SaveWorkspaceAs => {
            session::save_as(app, with_extension(path, crate::workspace::EXTENSION))
        }
        PathPurpose::Export(format, filtered) => {
            let Some(gaz) = app.gazetteer.clone() else {
                return;
            };
            let filter = if filtered {
                app.state.filter.clone()
            } else {
                Default::default()
            };
            let path = with_extension(path, format.extension());
            match crate::export::write_export(&path, format, &gaz, &app.collection, &filter) {
                Ok(()) => app.messages.push(format!("Exported to {}", path.display())),
                Err(e) => app.messages.push(format!("Cannot export: {e}")),
            }
        }
    }
}

fn menu_bar_ui(app: &mut NewsmapApp, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open files...").shortcut_text("Ctrl+O"))
                .clicked()
            {
                app.pick_files(false, &ctx);
            }
            if ui.button("Open folder...").clicked() {
                app.pick_files(true, &ctx);
            }
            if ui.button("Open path...").clicked() {
                app.open_path = Some(String::new());
            }
            ui.separator();
            let here = app
                .session
                .path
                .as_ref()
                .and_then(|p| p.parent())
                .map(|d| d.display().to_string() + "/")
                .unwrap_or_default();
            if ui.button("New workspace...").clicked() {
                app.path_prompt = Some((PathPurpose::NewWorkspace, here.clone()));
            }
            if ui.button("Open workspace...").clicked() {
                app.path_prompt = Some((PathPurpose::OpenWorkspace, here.clone()));
            }
            if ui.button("Save workspace as...").clicked() {
                app.path_prompt = Some((PathPurpose::SaveWorkspaceAs, here.clone()));
            }
            if let Some(p) = &app.session.path {
                ui.label(
                    egui::RichText::new(format!("Workspace: {}", p.display()))
                        .weak()
                        .small(),
                );
            }
            ui.separator();
            ui.menu_button("Export", |ui| {
                use crate::export::{ExportFormat as F, GeoJsonOptions};
                let outlines = GeoJsonOptions {
                    regions_as_polygons: true,
                };
                for (format, name) in [
                    (F::GeoJson(GeoJsonOptions::default()), "GeoJSON"),
                    (F::GeoJson(outlines), "GeoJSON with region outlines"),
                    (F::Csv, "CSV"),
                    (F::Kml, "KML"),
                ] {
                    if ui.button(format!("{name}, everything...")).clicked() {
                        app.path_prompt = Some((PathPurpose::Export(format, false), here.clone()));
                    }
                    if ui
                        .add_enabled(
                            !app.state.filter.is_empty(),
                            egui::Button::new(format!("{name}, current filter...")),
                        )
                        .clicked()
                    {
                        app.path_prompt = Some((PathPurpose::Export(format, true), here.clone()));
                    }
                }
            });
            ui.separator();
            if ui.button("Quit").clicked() {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("Edit", |ui| {
            if ui
                .add_enabled(
                    !app.corrections.list.is_empty(),
                    egui::Button::new("Undo correction").shortcut_text("Ctrl+Z"),
                )
                .clicked()
            {
                app.undo();
            }
            if ui
                .add_enabled(
                    !app.corrections.undone.is_empty(),
                    egui::Button::new("Redo correction").shortcut_text("Ctrl+Shift+Z"),
                )
                .clicked()
            {
                app.redo();
            }
            if ui.button("Corrections...").clicked() {
                app.show_corrections = true;
            }
            if ui.button("Your places...").clicked() {
                app.own_places_form.get_or_insert_with(Default::default);
            }
        });
        ui.menu_button("View", |ui| {
            ui.menu_button("Map tiles", |ui| {
                ui.checkbox(&mut app.state.online_tiles, "Show map tiles");
                use tile_sources::TileProvider as T;
                for p in [T::OpenStreetMap, T::OpenTopoMap, T::Humanitarian] {
                    let label = p.label();
                    ui.radio_value(&mut app.state.tile_provider, p, label);
                }
                if !app.state.tile_provider.is_online() {
                    ui.label(app.state.tile_provider.label());
                }
                if ui
                    .button("Own tiles: a {z}/{x}/{y} folder, an MBTiles or a PMTiles file...")
                    .clicked()
                {
                    app.tile_path = Some(String::new());
                }
                ui.label("Online tiles are cached on disk (at most 500 MB).");
            });
            ui.checkbox(&mut app.state.show_places, "Places list and filters");
            ui.checkbox(&mut app.state.show_timeline, "Timeline of article dates");
            ui.checkbox(&mut app.state.show_legend, "Legend");
            ui.checkbox(&mut app.state.dark, "Dark theme");
            ui.checkbox(
                &mut app.state.demonyms,
                "Count demonyms as their country (\"Ukrainian\" -> Ukraine) in files loaded next",
            );
            if ui.button("Fit map to places").clicked()
                && let Some(g) = &app.gazetteer
            {
                app.map.fit(g, &app.places);
            }
        });
        ui.menu_button("Help", |ui| {
            ui.label("Drop article files or folders on the window, or use File > Open.");
            ui.label("Click a pin or a place in the list to read the excerpts naming it.");
            ui.separator();
            ui.label("Places: GeoNames (CC BY 4.0), geonames.org");
            ui.label("Borders and coastlines: Natural Earth (public domain)");
            ui.label("Online tiles: © OpenStreetMap contributors");
        });
    });
}

/// A small window with one path field. Returns the path when the user submits it; `text`
/// becomes `None` when the window is closed.
fn path_window_ui(
    ctx: &egui::Context,
    title: &str,
    prompt: &str,
    button: &str,
    text: &mut Option<String>,
) -> Option<PathBuf> {
    let mut current = text.take()?;
    let mut keep = true;
    let mut submit = false;
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label(prompt);
            let edit = ui.add(egui::TextEdit::singleline(&mut current).desired_width(420.0));
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                submit = ui.button(button).clicked() || entered;
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
        });
    let path = current.trim().to_string();
    if keep {
        *text = Some(current);
    }
    (submit && !path.is_empty()).then(|| PathBuf::from(path))
}

/// A small window to type or paste a file or folder path.
fn open_path_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    let prompt = "A file or folder of articles:";
    if let Some(path) = path_window_ui(ctx, "Open path", prompt, "Open", &mut app.open_path) {
        app.open(vec![path]);
        app.open_path = None;
    }
}

/// A small window to give a folder of `{z}/{x}/{y}` tiles, an MBTiles or a PMTiles file.
fn tile_path_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    let prompt = "A folder of {z}/{x}/{y}.png tiles, an .mbtiles or a .pmtiles file:";
    let Some(path) = path_window_ui(ctx, "Own map tiles", prompt, "Use", &mut app.tile_path) else {
        return;
    };
    if path.exists() {
        app.state.tile_provider = tile_sources::TileProvider::local(&path);
        app.state.online_tiles = true;
        app.tile_path = None;
    } else {
        app.messages
            .push(format!("No such folder or file: {}", path.display()));
    }
}

/// Starts the desktop app with `paths` loaded.
pub fn run(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("newsmap")
            .with_inner_size([1280.0, 800.0])
            .with_drag_and_drop(true),
        // Wayland's winit backend delivers no dropped files: use X11 (XWayland there).
        event_loop_builder: Some(Box::new(|builder| {
            use winit::platform::x11::EventLoopBuilderExtX11;
            builder.with_x11();
        })),
        ..Default::default()
    };
    let workspace = session::launch_path();
    eframe::run_native(
        "newsmap",
        options,
        Box::new(move |cc| {
            let mut app = NewsmapApp::with_workspace(&cc.egui_ctx, paths, workspace);
            app.session.remember = true;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
