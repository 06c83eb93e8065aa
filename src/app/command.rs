//! What windows and panels ask the app to do: each frame they push [`Command`]s, and the
//! app applies them once its windows are drawn (egui_demo_app's `Command`, rerun's
//! `SystemCommand`), so no window writes another's state.

use std::path::PathBuf;

use eframe::egui;

use crate::PlaceId;

use super::correct::Draft;
use super::model::Edit;
use super::paths::{PathPurpose, Prompt, run_path_purpose};
use super::reader::Reader;
use super::{AppState, NewsmapApp, tile_sources};

/// Something a window asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Read and geoparse these files and folders.
    Open(Vec<PathBuf>),
    /// Ask the system's file dialog for files (or folders).
    PickFiles {
        /// Folders instead of files.
        folders: bool,
    },
    /// Open a window asking for a path.
    Prompt(Prompt),
    /// Do with a path what it was asked for.
    RunPath(PathPurpose, PathBuf),
    /// Draw the map with the user's own tiles from this folder or file.
    UseTiles(PathBuf),
    /// Change the model.
    Edit(Edit),
    /// Select a place and, with `recentre`, centre the map on it.
    Select {
        /// The place.
        place: PlaceId,
        /// Centre the map on it.
        recentre: bool,
    },
    /// Open the article reader.
    OpenReader(Reader),
    /// Open the correction window on a mention.
    Correct(Draft),
    /// Point a place out on the map (a correction's candidate under the pointer), its
    /// mark kept clear of the window at `avoid`.
    PointOut {
        /// The place.
        place: Option<PlaceId>,
        /// The window's rectangle.
        avoid: Option<egui::Rect>,
    },
    /// Wait for a click on the map that gives a point (or stop waiting).
    Pick(bool),
    /// Add the places of a CSV or GeoJSON file to the user's own.
    ImportOwnPlaces(String),
    /// Write the user's own places to a CSV or GeoJSON file.
    ExportOwnPlaces(String),
    /// Stop the loads under way.
    CancelLoad,
    /// Open the import report.
    ShowImportReport,
    /// Undo the latest correction.
    Undo,
    /// Make the latest undone correction again.
    Redo,
    /// Show the list of corrections.
    ShowCorrections,
    /// Open the "Your places" window.
    ShowOwnPlaces,
    /// Fit the map to the places.
    FitMap,
    /// Close the app.
    Quit,
    /// The user changed their choices (panels, tiles, theme).
    SetState(Box<AppState>),
}

impl NewsmapApp {
    /// Does what a command asks.
    pub fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Open(paths) => self.open(paths),
            Command::PickFiles { folders } => self.pick_files(folders, ctx),
            Command::Prompt(p) => self.views.prompts.show(p),
            Command::RunPath(purpose, path) => run_path_purpose(self, purpose, path),
            Command::UseTiles(path) => {
                if path.exists() {
                    let state = &mut self.model.state;
                    state.tile_provider = tile_sources::TileProvider::local(&path);
                    state.online_tiles = true;
                    self.views.prompts.tile_path = None;
                } else {
                    self.model
                        .messages
                        .push(format!("No such folder or file: {}", path.display()));
                }
            }
            Command::Edit(edit) => self.edit(edit),
            Command::Select { place, recentre } => self.select_place(place, recentre),
            Command::OpenReader(reader) => self.views.reader.open = Some(reader),
            Command::Correct(draft) => self.views.correction.open(draft),
            Command::PointOut { place, avoid } => {
                self.map.highlight = place;
                self.map.avoid = avoid;
            }
            Command::Pick(on) => self.map.picking = on,
            Command::ImportOwnPlaces(path) => {
                if super::own_places_ui::import_file(&mut self.model, &path) {
                    self.own_places_changed();
                }
            }
            Command::ExportOwnPlaces(path) => {
                super::own_places_ui::export_file(&mut self.model, &path);
            }
            Command::CancelLoad => self.cancel_load(),
            Command::ShowImportReport => self.views.import_report.open = true,
            Command::Undo => self.edit(Edit::Undo),
            Command::Redo => self.edit(Edit::Redo),
            Command::ShowCorrections => self.views.corrections_list.open = true,
            Command::ShowOwnPlaces => self.views.own_places.open(),
            Command::FitMap => {
                if let Some(g) = &self.model.gazetteer {
                    self.map.fit(g, &self.derived.places);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SetState(state) => self.model.state = *state,
        }
    }
}
