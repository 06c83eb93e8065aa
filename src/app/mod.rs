//! The desktop app: a thin layer over the core. The engine thread ([`worker`]) reads and
//! geoparses; the UI thread only merges its results and draws.

pub mod command;
pub mod correct;
mod engine_results;
mod filters;
pub mod import_report;
mod input;
pub mod menu;
pub mod paths;

pub mod map;
pub mod own_places_ui;
mod panels;
pub mod reader;
pub mod session;
pub mod style;
pub mod tile_sources;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::basemap::Basemap;
use crate::collection::{Collection, PlaceMentions, Progress};
use crate::gazetteer::{Gazetteer, PlaceId};

use crate::engine::{Job, Worker};

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
    /// The windows asking for a path.
    pub prompts: paths::PathPrompts,
    /// The menu bar.
    menu: menu::MenuBar,
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
            prompts: paths::PathPrompts::default(),
            menu: menu::MenuBar,
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

    /// Selects a place and centres the map on it.
    pub fn select_place(&mut self, place: PlaceId, recentre: bool) {
        self.selected = Some(place);
        if recentre && let Some(g) = &self.gazetteer {
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
        self.handle_dropped_files(ctx);
        self.shortcuts(ctx);
        session::autosave(self);
        if self.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        // A frame to save in, when there is a workspace to save to.
        if self.session.is_dirty() && self.session.path.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(500));
        }
    }

    /// Lays out the window: panels, map and windows; what they ask for is applied at the end.
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
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

        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            let cx = menu::MenuCx {
                state: &self.state,
                workspace: self.session.path.as_deref(),
                can_undo: !self.corrections.list.is_empty(),
                can_redo: !self.corrections.undone.is_empty(),
            };
            self.menu.ui(ui, &cx, &mut commands);
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
        self.prompts.ui(&ctx, &mut commands);
        reader::reader_ui(self, &ctx);
        correct::correction_ui(self, &ctx);
        correct::corrections_list_ui(self, &ctx);
        own_places_ui::own_places_ui(self, &ctx);
        session::notice_ui(self, &ctx);
        self.import_report.ui(&ctx, &self.collection);
        for command in commands {
            self.apply(command, &ctx);
        }
        panels::drop_overlay_ui(&ctx);
        if self.places_stale && !self.is_loading() {
            // A filter changed: the places are rebuilt at the start of the next frame.
            ctx.request_repaint();
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        session::wait_for_save(self);
        if let Err(e) = session::save_now(self) {
            eprintln!("newsmap: {e}");
        }
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
