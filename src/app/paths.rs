//! The small windows that ask for a path: a file or folder to open, one's own map tiles,
//! and a workspace file or an export's destination. They own what is typed and send what
//! is submitted as [`Command`]s.

use std::path::PathBuf;

use eframe::egui;

use super::NewsmapApp;
use super::command::Command;
use super::views::ViewCtx;

/// A window asking for a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// File > Open path.
    OpenPath,
    /// View > Map tiles > Own tiles.
    OwnTiles,
    /// A workspace or an export, starting from this text.
    Path(PathPurpose, String),
}

/// The path windows open, and what is typed in them.
#[derive(Debug, Default)]
pub struct PathPrompts {
    /// The "Open path" window's text, while it is open.
    pub open_path: Option<String>,
    /// The "Own map tiles" window's text, while it is open.
    pub tile_path: Option<String>,
    /// A path asked for a workspace or an export, while its window is open.
    pub path: Option<(PathPurpose, String)>,
}

impl PathPrompts {
    /// Opens a window.
    pub fn show(&mut self, prompt: Prompt) {
        match prompt {
            Prompt::OpenPath => self.open_path = Some(String::new()),
            Prompt::OwnTiles => self.tile_path = Some(String::new()),
            Prompt::Path(purpose, text) => self.path = Some((purpose, text)),
        }
    }

    /// Draws the windows that are open; a path submitted goes to `out`.
    pub fn ui(&mut self, ui: &mut egui::Ui, _cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let ctx = ui.ctx();
        let prompt = "A file or folder of articles:";
        if let Some(path) = path_window_ui(ctx, "Open path", prompt, "Open", &mut self.open_path) {
            out.push(Command::Open(vec![path]));
            self.open_path = None;
        }
        let prompt = "A folder of {z}/{x}/{y}.png tiles, an .mbtiles or a .pmtiles file:";
        if let Some(path) = path_window_ui(ctx, "Own map tiles", prompt, "Use", &mut self.tile_path)
        {
            out.push(Command::UseTiles(path));
        }
        if let Some((purpose, text)) = self.path.take() {
            let (title, prompt, button) = purpose.title();
            let mut field = Some(text);
            let submitted = path_window_ui(ctx, title, prompt, button, &mut field);
            match (submitted, field) {
                (Some(path), _) => out.push(Command::RunPath(purpose, path)),
                (None, Some(text)) => self.path = Some((purpose, text)),
                (None, None) => {}
            }
        }
    }
}

/// What a path typed in a [`PathPrompts`] window is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    /// File > New workspace.
    NewWorkspace,
    /// File > Open workspace.
    OpenWorkspace,
    /// File > Save workspace as.
    SaveWorkspaceAs,
    /// File > Export, in this format; `true` for the current filter only.
    Export(crate::ExportFormat, bool),
    /// File > Add gazetteer.
    AddGazetteer,
    /// File > Open results: what `geoparse --format parquet` wrote.
    OpenResults,
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
            PathPurpose::OpenResults => (
                "Open results",
                "A folder written by `newsmap geoparse --format parquet --output DIR`, or one of its mentions files:",
                "Open",
            ),
            PathPurpose::AddGazetteer => (
                "Add gazetteer",
                "GeoNames' dump (UA.txt, allCountries.zip), or a CSV or GeoJSON of places:",
                "Add",
            ),
        }
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
            super::session::new_workspace(app, with_extension(path, crate::WORKSPACE_EXTENSION))
        }
        PathPurpose::OpenWorkspace => super::session::open_workspace(app, path),
        PathPurpose::OpenResults => app.open_results(path),
        PathPurpose::SaveWorkspaceAs => {
            super::session::save_as(app, with_extension(path, crate::WORKSPACE_EXTENSION))
        }
        PathPurpose::AddGazetteer => {
            if !path.is_file() {
                app.model
                    .messages
                    .push(format!("No such file: {}", path.display()));
            } else if !app.model.gazetteer_files.contains(&path) {
                // Read on the engine thread; the documents are geoparsed again with it.
                app.model.gazetteer_files.push(path);
                app.own_places_changed();
            }
        }
        PathPurpose::Export(format, filtered) => {
            let Some(gaz) = app.model.gazetteer.clone() else {
                return;
            };
            let filter = if filtered {
                app.model.state.filter.clone()
            } else {
                Default::default()
            };
            let path = with_extension(path, format.extension());
            start_export(app, path, format, gaz, filter);
        }
    }
}

/// What an export on its thread ends with: the file, and its size or why it failed.
pub type ExportDone = (PathBuf, Result<u64, String>);

/// Writes an export on a thread of its own, sharing the documents (ten million names take
/// a minute to write): the window stays live, and documents loaded or changed meanwhile
/// wait for it, as for a save.
fn start_export(
    app: &mut NewsmapApp,
    path: PathBuf,
    format: crate::ExportFormat,
    gaz: std::sync::Arc<crate::Gazetteer>,
    filter: crate::Filter,
) {
    if app.exporting.is_some() {
        app.model
            .messages
            .push("An export is being written: export again when it is done.".into());
        return;
    }
    let collection = std::sync::Arc::clone(&app.model.collection);
    let (tx, rx) = std::sync::mpsc::channel();
    let wake = app.egui_ctx.clone();
    let to = path.clone();
    let spawned = std::thread::Builder::new()
        .name("newsmap-export".into())
        .spawn(move || {
            let written = crate::write_export(&to, format, &gaz, &collection, &filter)
                .map(|()| std::fs::metadata(&to).map_or(0, |m| m.len()))
                .map_err(|e| e.to_string());
            drop(collection);
            let _ = tx.send((to, written));
            wake.request_repaint();
        });
    match spawned {
        Ok(_) => {
            app.exporting = Some(rx);
            app.model
                .messages
                .push(format!("Exporting to {}...", path.display()));
        }
        Err(e) => app.model.messages.push(format!("Cannot export: {e}")),
    }
}

/// Takes the end of an export, if it ended (or waits for it with `wait`).
pub fn export_ended(app: &mut NewsmapApp, wait: bool) {
    let Some(rx) = &app.exporting else {
        return;
    };
    let done = if wait {
        rx.recv().ok()
    } else {
        match rx.try_recv() {
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            other => other.ok(),
        }
    };
    app.exporting = None;
    match done {
        Some((path, Ok(bytes))) => app.model.messages.push(format!(
            "Exported to {} ({:.1} MB)",
            path.display(),
            bytes as f64 / 1e6
        )),
        Some((_, Err(e))) => app.model.messages.push(format!("Cannot export: {e}")),
        None => app
            .model
            .messages
            .push("Cannot export: the export stopped unexpectedly".into()),
    }
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
            // Ready to type into as it opens (nothing else has the keyboard then).
            if ui.memory(|m| m.focused().is_none()) {
                edit.request_focus();
            }
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
