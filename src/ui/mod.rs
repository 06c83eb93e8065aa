//! The desktop app: a thin layer over the core. The engine thread ([`worker`]) reads and
//! geoparses; the UI thread only merges its results and draws.

mod filters;
mod label_index;
pub mod map_view;
mod panels;
pub mod reader;
pub mod tile_sources;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::basemap::Basemap;
use crate::collection::{Collection, PlaceMentions, Progress};
use crate::gazetteer::{Gazetteer, PlaceId};

use worker::{Event, Job, Worker};

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
    pins: map_view::Pins,
    /// Mentions that are relative locations ("10 km south of Kurakhove").
    relatives: Vec<crate::collection::MentionRef>,
    /// The place whose excerpts are shown.
    pub selected: Option<PlaceId>,
    /// The article open in the reader.
    pub reader: Option<reader::Reader>,
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
    /// The map's view.
    pub map: map_view::MapView,
    dialog: Option<(Receiver<Option<Vec<PathBuf>>>, std::time::Instant)>,
    /// The "Open path" window's text, while it is open.
    pub open_path: Option<String>,
    /// The "own tiles" window's text, while it is open.
    pub tile_path: Option<String>,
    fit_after_load: bool,
    /// New documents not yet counted in `places`, and when `places` was last rebuilt:
    /// during a load of thousands of files it is rebuilt a few times a second, not per file.
    places_stale: bool,
    places_built: std::time::Instant,
}

impl NewsmapApp {
    /// A new app that starts loading `paths` as soon as the gazetteer is ready.
    pub fn new(ctx: &egui::Context, paths: Vec<PathBuf>) -> Self {
        let wake_ctx = ctx.clone();
        let worker = Worker::spawn(move || wake_ctx.request_repaint());
        let mut app = NewsmapApp {
            state: AppState::default(),
            collection: Collection::default(),
            places: Vec::new(),
            relatives: Vec::new(),
            pinned_ids: Vec::new(),
            pins: map_view::Pins::default(),
            selected: None,
            reader: None,
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
            map: map_view::MapView::new(ctx),
            dialog: None,
            open_path: None,
            tile_path: None,
            fit_after_load: true,
            places_stale: false,
            places_built: std::time::Instant::now(),
        };
        if !paths.is_empty() {
            app.open(paths);
        }
        app
    }

    /// Replaces the loaded documents (a restored workspace, a benchmark's collection).
    pub fn set_collection(&mut self, collection: Collection) {
        self.collection = collection;
        self.reader = None;
        self.places_stale = true;
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
        let options = crate::geoparse::Options {
            demonyms: self.state.demonyms,
            ..Default::default()
        };
        if self.worker.send(Job::Load(paths, options)) {
            self.pending_loads += 1;
            self.fit_after_load = true;
        } else {
            self.messages
                .push("The engine has stopped; restart newsmap to load files.".into());
        }
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
                Ok(Event::File(p, r)) => {
                    self.progress = Some(p);
                    self.collection.add(r);
                    changed = true;
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
        self.places_stale |= changed;
        if let Some(g) = &self.gazetteer {
            let due = self.places_built.elapsed() > std::time::Duration::from_millis(300);
            let rebuilt = self.places_stale && (due || finished || !self.is_loading());
            if rebuilt {
                self.places = crate::filter::places(&self.collection, g, &self.state.filter);
                self.pinned_ids = self.places.iter().map(|p| p.place).collect();
                self.pinned_ids.sort_unstable();
                self.pins = map_view::Pins::of(g, &self.collection, &self.places);
                // Filter choices change with the documents, not with the filter.
                if changed
                    || finished
                    || self.choices.articles.len() != self.collection.documents.len()
                {
                    self.choices = filters::Choices::of(&self.collection, g);
                }
                let kept: std::collections::BTreeSet<crate::collection::MentionRef> = self
                    .places
                    .iter()
                    .flat_map(|p| p.mentions.iter().copied())
                    .collect();
                self.relatives = self
                    .collection
                    .relatives()
                    .into_iter()
                    .filter(|r| kept.contains(r))
                    .collect();
                self.places_stale = false;
                self.places_built = std::time::Instant::now();
            }
            // Fit while the first pins arrive and once more when loading ends.
            if self.fit_after_load && (rebuilt || finished) {
                self.map.fit(g, &self.places);
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
        let (open, find, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::O),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
                i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if open {
            self.pick_files(false, ctx);
        }
        if find {
            self.state.show_places = true;
            self.focus_search = true;
        }
        if escape {
            if self.reader.is_some() {
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
            ctx.set_visuals(if self.state.dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            });
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
                    self.places_stale = true;
                }
            });
        }

        if self.state.show_places {
            egui::Panel::left("places")
                .resizable(true)
                .default_size(230.0)
                .show(ui, |ui| {
                    if filters::filters_ui(self, ui) {
                        self.places_stale = true;
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
                    map_view::MapContent {
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
                if let Some(p) = clicked {
                    self.selected = Some(p);
                }
            });
        open_path_ui(self, &ctx);
        tile_path_ui(self, &ctx);
        reader::reader_ui(self, &ctx);
        panels::drop_overlay_ui(&ctx);
        if self.is_loading() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        } else if self.places_stale {
            // A filter changed: the places are rebuilt at the start of the next frame.
            ctx.request_repaint();
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
            if ui.button("Quit").clicked() {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
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
    eframe::run_native(
        "newsmap",
        options,
        Box::new(move |cc| Ok(Box::new(NewsmapApp::new(&cc.egui_ctx, paths)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
