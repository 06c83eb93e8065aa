//! What windows and panels ask the app to do: each frame they push [`Command`]s, and the
//! app applies them once its windows are drawn (egui_demo_app's `Command`, rerun's
//! `SystemCommand`), so no window writes another's state.

use std::path::PathBuf;

use eframe::egui;

use super::paths::{PathPurpose, Prompt, run_path_purpose};
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
            Command::Prompt(p) => self.prompts.show(p),
            Command::RunPath(purpose, path) => run_path_purpose(self, purpose, path),
            Command::UseTiles(path) => {
                if path.exists() {
                    self.state.tile_provider = tile_sources::TileProvider::local(&path);
                    self.state.online_tiles = true;
                    self.prompts.tile_path = None;
                } else {
                    self.messages
                        .push(format!("No such folder or file: {}", path.display()));
                }
            }
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::ShowCorrections => self.show_corrections = true,
            Command::ShowOwnPlaces => {
                self.own_places_form.get_or_insert_with(Default::default);
            }
            Command::FitMap => {
                if let Some(g) = &self.gazetteer {
                    self.map.fit(g, &self.places);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SetState(state) => self.state = *state,
        }
    }
}
