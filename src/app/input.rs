//! Input that is not a widget's: the system file dialog, keyboard shortcuts and files
//! dropped on the window.

use std::path::PathBuf;
use std::sync::mpsc::channel;

use eframe::egui;

use super::NewsmapApp;

impl NewsmapApp {
    pub(crate) fn pick_files(&mut self, folders: bool, ctx: &egui::Context) {
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
                .model
                .messages
                .push(format!("Cannot open a file dialog: {e}")),
        }
    }

    /// Ctrl+O opens files, Ctrl+F searches, Esc closes the reader, then the excerpts.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
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
            self.edit(super::model::Edit::Undo);
        }
        if redo {
            self.edit(super::model::Edit::Redo);
        }
        if open {
            self.pick_files(false, ctx);
        }
        if find {
            self.model.state.show_places = true;
            self.views.filters.focus_search = true;
        }
        if escape {
            let v = &mut self.views;
            if self.map.picking {
                self.map.picking = false;
                v.own_places.stop_picking();
            } else if v.correction.draft.is_some() {
                v.correction = Default::default();
                self.map.highlight = None;
            } else if v.reader.open.is_some() {
                v.reader.open = None;
            } else if v.prompts.open_path.is_some() {
                v.prompts.open_path = None;
            } else {
                self.model.selected = None;
            }
        }
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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
