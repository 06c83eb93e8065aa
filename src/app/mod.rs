//! The desktop app: a thin layer over the core. The engine thread ([`worker`]) reads and
//! geoparses; the UI thread only merges its results and draws.

pub mod command;
pub mod correct;
pub mod derived;
mod engine_results;
mod filters;
pub mod import_report;
mod input;
pub mod menu;
pub mod model;
pub mod paths;

pub mod map;
pub mod own_places_ui;
pub mod panels;
pub mod reader;
mod results;
pub mod session;
pub mod style;
pub mod tile_sources;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::{Collection, Progress};
use crate::{Gazetteer, PlaceId};

use crate::{Engine as Worker, EngineJob as Job};

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
    pub filter: crate::Filter,
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
    /// The language of place names on the map, in the lists and in exports (issue 14).
    #[serde(default)]
    pub names: crate::NameLanguage,
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
            filter: crate::Filter::default(),
            dark: true,
            tile_provider: tile_sources::TileProvider::default(),
            show_legend: true,
            show_timeline: true,
            names: crate::NameLanguage::En,
        }
    }
}

/// The app: the model, what is derived from it, the windows, and the threads that work
/// for it.
pub struct NewsmapApp {
    /// What the user loaded and decided.
    pub model: model::AppModel,
    /// What the windows show of the model, derived on the [`derived::Deriver`]'s thread.
    pub derived: Arc<derived::Derived>,
    /// The windows and panels.
    pub views: views::Views,
    /// The map's view.
    pub map: map::MapView,
    /// The workspace file and its saving.
    pub session: session::Session,
    /// What went wrong opening the workspace, in a window of its own (it does not fit the
    /// status line), with the version not opened, which the user may open instead.
    pub workspace_notice: Option<(String, Option<PathBuf>)>,
    worker: Worker,
    deriver: derived::Deriver,
    /// When the last derivation was started: during a load of thousands of files the
    /// places are derived a few times a second, not per file.
    derive_started: std::time::Instant,
    /// How long the last derivation took, from its start until it was taken.
    derive_took: std::time::Duration,
    /// Loads queued or running.
    pending_loads: usize,
    progress: Option<Progress>,
    /// What the progress counts: "files", or "place names" while results are opened.
    progress_unit: &'static str,
    /// An opening of results under way (File > Open results): its events.
    results_in: Option<results::ResultsEvents>,
    /// Its entry in the model's opened results, and the documents it gave so far.
    results_entry: Option<results::Opening>,
    /// An export being written on its thread (sharing the documents).
    exporting: Option<Receiver<paths::ExportDone>>,
    /// Openings of results waiting for the one under way: path, entry, documents at most.
    results_queue: std::collections::VecDeque<(PathBuf, usize, Option<usize>)>,
    /// The load that ends next opened results: their resolutions stay as the batch made
    /// them (no second pass with the other documents' context).
    skip_recontext: bool,
    /// The resident memory (MB) at which an opening of results stops; `None`: 60% of the
    /// machine's memory.
    pub results_memory_mb: Option<u64>,
    /// To wake the window from the threads that work for it.
    egui_ctx: egui::Context,
    dialog: Option<(Receiver<Option<Vec<PathBuf>>>, std::time::Instant)>,
    /// The theme last applied.
    applied_dark: Option<bool>,
    /// Own places changed while files were loading: geoparse again when loading ends.
    regazetteer_pending: bool,
    /// A place (by stable id) to select once the places are derived again: the one a
    /// correction chose.
    select_after_rebuild: Option<String>,
    fit_after_load: bool,
    /// The view the last automatic fit set: when the map is elsewhere, the user moved it,
    /// and the load fits it no more.
    fitted_view: Option<(f64, f64, f64)>,
    /// A load ended since the places were last derived: fit the map once more.
    fit_when_derived: bool,
    /// Collections with at most this many mentions are derived on the UI thread, in the
    /// frame they change (a few milliseconds); larger ones on the deriving thread.
    pub derive_here_below: usize,
}

/// Collections with more mentions than this are derived on a thread of their own (at
/// 20,000 mentions a derivation takes about 10 ms).
pub const DERIVE_HERE_BELOW: usize = 20_000;

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
        let wake_ctx = ctx.clone();
        let deriver = derived::Deriver::spawn(move || wake_ctx.request_repaint());
        let mut app = NewsmapApp {
            model: model::AppModel::default(),
            derived: Arc::default(),
            views: views::Views::default(),
            map: map::MapView::new(ctx),
            session: session::Session::default(),
            workspace_notice: None,
            worker,
            deriver,
            derive_started: std::time::Instant::now(),
            derive_took: std::time::Duration::ZERO,
            pending_loads: 0,
            progress: None,
            progress_unit: "files",
            results_in: None,
            results_entry: None,
            exporting: None,
            results_queue: Default::default(),
            skip_recontext: false,
            results_memory_mb: None,
            egui_ctx: ctx.clone(),
            dialog: None,
            applied_dark: None,
            regazetteer_pending: false,
            select_after_rebuild: None,
            fit_after_load: true,
            fitted_view: None,
            fit_when_derived: false,
            derive_here_below: DERIVE_HERE_BELOW,
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
        if let Some(progress) = self.worker.restore(path, options) {
            self.session.restoring = Some(why);
            self.session.restore_progress = Some(progress);
            // Taken at the first frame: what an embedder sets before it is no user's choice.
            self.session.state_at_restore = None;
        } else {
            self.model
                .messages
                .push("The engine has stopped; restart newsmap.".into());
        }
    }

    /// The geoparser's options for files loaded now.
    pub(crate) fn options(&self) -> crate::Options {
        crate::Options {
            demonyms: self.model.state.demonyms,
            ..Default::default()
        }
    }

    /// Empties the workspace: documents, corrections, own places and filters.
    pub fn clear_workspace(&mut self) {
        self.set_collection(Collection::default());
        self.model.corrections = Default::default();
        self.model.selected = None;
        self.views.correction = Default::default();
        self.model.state.filter = Default::default();
        if !self.model.own_places.is_empty() || !self.model.gazetteer_files.is_empty() {
            self.model.own_places.clear();
            self.model.gazetteer_files.clear();
            self.own_places_changed();
        }
    }

    /// Applies a change to the model, and follows it up: the workspace is saved, the
    /// gazetteer rebuilt with the own places.
    pub fn edit(&mut self, edit: model::Edit) {
        let touches_documents = matches!(
            edit,
            model::Edit::Correct { .. }
                | model::Edit::Revert(_)
                | model::Edit::Undo
                | model::Edit::Redo
                | model::Edit::KeepApart(_)
        );
        if touches_documents {
            self.settle_derivation();
        }
        let changed = self.model.apply(edit);
        if changed.corrections {
            self.corrections_changed_views();
        }
        if let Some(id) = changed.select {
            self.select_after_rebuild = Some(id);
        }
        if changed.own_places {
            self.own_places_changed();
        }
        if changed.saved {
            self.session.touch();
        }
    }

    /// The corrections changed: the reader stays where it is.
    fn corrections_changed_views(&mut self) {
        if let Some(r) = &mut self.views.reader.open {
            r.scroll_pending = false;
        }
    }

    /// The corrections or the gazetteer changed: applies every correction again.
    pub fn corrections_changed(&mut self) {
        self.settle_derivation();
        self.model.reapply_corrections();
        self.corrections_changed_views();
        self.session.touch();
    }

    /// Waits for the derivation under way, and for a save that shares the documents, so
    /// that the documents are not shared while they change (the derivation's result is
    /// taken).
    fn settle_derivation(&mut self) {
        if let Some(d) = self.deriver.wait() {
            self.derived_arrived(d);
        }
        if self.session.is_saving_documents() {
            session::wait_for_save(self);
        }
        paths::export_ended(self, true);
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
            .model
            .collection
            .documents
            .iter()
            .map(|d| d.doc.clone())
            .collect();
        let job = Job::SetOwnPlaces(
            self.model.own_places.clone(),
            self.model.gazetteer_files.clone(),
            docs,
            self.options(),
        );
        if self.worker.send(job) {
            self.pending_loads += 1;
        }
    }

    /// Replaces the loaded documents (a restored workspace, a benchmark's collection).
    pub fn set_collection(&mut self, collection: Collection) {
        self.settle_derivation();
        // An opening of results under way or waiting would add to the new documents.
        self.stop_results();
        self.model.set_collection(collection);
        self.views.reader.open = None;
    }

    /// Whether the region shapes are loaded.
    pub fn has_regions(&self) -> bool {
        self.model.shapes.regions.is_some() && self.model.shapes.countries.is_some()
    }

    /// Whether files are being read.
    pub fn is_loading(&self) -> bool {
        self.pending_loads > 0
    }

    /// Whether what the windows show is derived from the model as it is now.
    pub fn is_derived(&self) -> bool {
        self.derived
            .is_current(self.model.generation(), &self.model.state.filter)
    }

    /// The gazetteer, once loaded.
    pub fn gazetteer(&self) -> Option<&Gazetteer> {
        self.model.gazetteer.as_deref()
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
            self.model
                .messages
                .push("The engine has stopped; restart newsmap to load files.".into());
        }
    }

    /// Stops the loads under way: no new file is started, the files done stay loaded.
    pub fn cancel_load(&mut self) {
        self.worker.cancel();
        // An opening of results stops too (its reader sees the channel gone); what came
        // in stays, and the openings waiting are dropped.
        if self.stop_results() {
            self.model.messages.push(format!(
                "Stopped opening the results: {} documents kept",
                crate::thousands(self.model.collection.documents.len() as u64)
            ));
        }
    }

    /// Selects a place and centres the map on it.
    pub fn select_place(&mut self, place: PlaceId, recentre: bool) {
        self.model.selected = Some(place);
        if recentre && let Some(g) = &self.model.gazetteer {
            self.map.centre_on(g.place(place));
        }
    }
}

impl eframe::App for NewsmapApp {
    /// What runs every frame, drawn or not (eframe calls this while the window is hidden or
    /// minimised too): the engine's results are taken, dropped files and shortcuts handled,
    /// the workspace saved, and the next frame asked for while work goes on.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if self.poll_engine() {
            ctx.request_repaint();
        }
        self.derive();
        self.handle_dropped_files(ctx);
        self.shortcuts(ctx);
        session::autosave(self);
        if self.deriver.is_busy() || !self.is_derived() {
            // The deriver wakes the window when it is done; a stale model waits for it.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if self.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        session::show_progress(self, ctx);
        // A frame to save in, when there is a workspace to save to.
        if self.session.is_dirty() && self.session.path.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    /// Lays out the window: panels, map and windows; what they ask for is applied at the end.
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // Only when it changes: setting the style every frame costs a re-layout.
        let dark = self.model.state.dark;
        if self.applied_dark != Some(dark) {
            let mut visuals = if dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            };
            // A blinking cursor repaints the whole app twice a second while a text field
            // has the focus (10-20% CPU at idle with a large collection): it stays lit.
            visuals.text_cursor.blink = false;
            ctx.set_visuals(visuals);
            self.applied_dark = Some(dark);
        }

        self.model.sync_names();
        let mut commands = Vec::new();
        let cx = views::ViewCtx::of_app(
            &self.model,
            &self.derived,
            self.session.path.as_deref(),
            (
                self.progress,
                self.progress_unit,
                self.session.restoring.is_none(),
            ),
            self.map.picking,
        );
        let v = &mut self.views;
        egui::Panel::top("menu").show(ui, |ui| v.menu.ui(ui, &cx, &mut commands));
        egui::Panel::bottom("status").show(ui, |ui| v.status.ui(ui, &cx, &mut commands));
        if cx.model.state.show_timeline && !cx.model.collection.documents.is_empty() {
            egui::Panel::bottom("timeline").show(ui, |ui| v.timeline.ui(ui, &cx, &mut commands));
        }
        if cx.model.state.show_places {
            egui::Panel::left("places")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| {
                    v.filters.ui(ui, &cx, &mut commands);
                    ui.separator();
                    v.places.ui(ui, &cx, &mut commands);
                });
        }
        if cx.model.selected.is_some() {
            egui::Panel::right("excerpts")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| v.excerpts.ui(ui, &cx, &mut commands));
        }
        let map = &mut self.map;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let shapes = &cx.model.shapes;
                let clicked = map.map_ui(
                    ui,
                    &cx.model.state,
                    map::MapContent {
                        gaz: cx.gazetteer(),
                        basemap: shapes.basemap.as_deref(),
                        regions: shapes.regions.as_deref(),
                        countries: shapes.countries.as_deref(),
                        places: &cx.derived.places,
                        collection: &cx.model.collection,
                        relatives: &cx.derived.relatives,
                        selected: cx.model.selected,
                        pinned_ids: &cx.derived.pinned_ids,
                        pins: &cx.derived.pins,
                    },
                );
                if let Some(p) = clicked
                    && !map.picking
                {
                    commands.push(command::Command::Edit(model::Edit::Select(Some(p))));
                }
            });
        // What the panels asked for is applied before the windows are drawn: a window
        // they open shows in this frame.
        for command in std::mem::take(&mut commands) {
            self.apply(command, &ctx);
        }
        let cx = views::ViewCtx::of_app(
            &self.model,
            &self.derived,
            self.session.path.as_deref(),
            (
                self.progress,
                self.progress_unit,
                self.session.restoring.is_none(),
            ),
            self.map.picking,
        );
        let v = &mut self.views;
        v.prompts.ui(ui, &cx, &mut commands);
        v.reader.ui(ui, &cx, &mut commands);
        v.correction.ui(ui, &cx, &mut commands);
        v.corrections_list.ui(ui, &cx, &mut commands);
        v.own_places.ui(ui, &cx, &mut commands);
        v.import_report.ui(ui, &cx, &mut commands);
        session::notice_ui(self, &ctx);
        if let Some((lon, lat)) = self.map.picked.take() {
            self.point_picked(lon, lat);
        }
        for command in commands {
            self.apply(command, &ctx);
        }
        panels::drop_overlay_ui(&ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // An export being written is finished first.
        paths::export_ended(self, true);
        session::wait_for_save(self);
        if let Err(e) = session::save_now(self) {
            eprintln!("newsmap: {e}");
        }
        // Saved: the process ends, and the system takes the documents back at once
        // (freeing ten million names one by one held the closed window up for 5 s).
        std::mem::forget(std::mem::take(&mut self.model.collection));
        std::mem::forget(std::mem::take(&mut self.derived));
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

pub use paths::{PathPurpose, run_path_purpose};
