//! The import report, in a window of its own: every file skipped and every document read in
//! part or another way than usual, counted by reason, with a filter and a button that copies
//! the lines kept. A batch of thousands of files may skip thousands: only the rows in view
//! are laid out.

use eframe::egui::{self, RichText};

use crate::Collection;
use crate::ingest::{WarningKind, count_kinds};

use super::command::Command;
use super::panels::plural;
use super::style::WARNING_TEXT;
use super::views::ViewCtx;

/// Why a line is in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// A file (or part of one) was skipped, for this reason.
    Skipped(WarningKind),
    /// A document was read in part or another way than usual ("read as plain text").
    Noted,
}

impl Reason {
    fn label(self) -> &'static str {
        match self {
            Reason::Skipped(kind) => kind.label(),
            Reason::Noted => "read another way",
        }
    }
}

/// One line of the report: a warning, or a document with notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Warning(usize),
    Noted(usize),
}

/// The import report window and what it shows.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Whether the window is open.
    pub open: bool,
    /// Text the lines must hold (path or message), case-insensitive.
    pub filter: String,
    /// Only lines of this reason.
    pub reason: Option<Reason>,
    /// The rows kept, and what they were kept for: (filter, reason, warnings, noted).
    rows: Vec<Row>,
    kept_for: Option<(String, Option<Reason>, usize, usize)>,
}

impl ImportReport {
    /// Lines of the report of `collection`, as the window lists and copies them.
    pub fn lines(&mut self, collection: &Collection) -> Vec<String> {
        self.update_rows(collection);
        self.rows.iter().map(|&r| line(collection, r)).collect()
    }

    fn update_rows(&mut self, collection: &Collection) {
        let key = (
            self.filter.clone(),
            self.reason,
            collection.warnings.len(),
            collection.noted().len(),
        );
        if self.kept_for.as_ref() == Some(&key) {
            return;
        }
        let needle = self.filter.trim().to_lowercase();
        let wanted = |reason: Reason, text: &str| {
            self.reason.is_none_or(|r| r == reason) && crate::contains_folded(text, &needle)
        };
        let mut rows: Vec<Row> = collection
            .warnings
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                wanted(Reason::Skipped(w.kind), &w.source)
                    || wanted(Reason::Skipped(w.kind), &w.message)
            })
            .map(|(i, _)| Row::Warning(i))
            .collect();
        rows.extend(
            collection
                .noted()
                .iter()
                .filter(|&&i| {
                    collection
                        .documents
                        .get(i)
                        .is_some_and(|d| !d.doc.notes.is_empty())
                        && wanted(Reason::Noted, &line(collection, Row::Noted(i)))
                })
                .map(|&i| Row::Noted(i)),
        );
        self.rows = rows;
        self.kept_for = Some(key);
    }

    /// Draws the window while it is open.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, _out: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let collection = &cx.model.collection;
        let mut open = true;
        egui::Window::new("Import report")
            .open(&mut open)
            .default_size([640.0, 420.0])
            .show(ui.ctx(), |ui| self.contents_ui(ui, collection));
        self.open = open;
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, collection: &Collection) {
        let skipped = collection.warnings.len();
        let noted = collection.noted().len();
        ui.label(format!(
            "{} skipped, {} read another way than usual",
            plural(skipped, "file"),
            plural(noted, "document")
        ));
        // Counts by reason; a click keeps only that reason's lines.
        ui.horizontal_wrapped(|ui| {
            if ui
                .selectable_label(self.reason.is_none(), format!("all ({})", skipped + noted))
                .clicked()
            {
                self.reason = None;
            }
            let mut reasons: Vec<(Reason, usize)> = count_kinds(&collection.warnings)
                .into_iter()
                .map(|(k, n)| (Reason::Skipped(k), n))
                .collect();
            if noted > 0 {
                reasons.push((Reason::Noted, noted));
            }
            for (reason, n) in reasons {
                let on = self.reason == Some(reason);
                if ui
                    .selectable_label(
                        on,
                        format!("{} ({})", reason.label(), crate::thousands(n as u64)),
                    )
                    .clicked()
                {
                    self.reason = if on { None } else { Some(reason) };
                }
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Filter:");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("path or reason")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            self.update_rows(collection);
            let n = self.rows.len();
            if ui
                .add_enabled(
                    n > 0,
                    egui::Button::new(format!("Copy {}", plural(n, "line"))),
                )
                .on_hover_text("Copy the lines shown to the clipboard")
                .clicked()
            {
                let text = self.lines(collection).join("\n");
                ui.ctx().copy_text(text);
            }
        });
        ui.separator();
        if self.rows.is_empty() {
            ui.label(RichText::new("No line matches.").color(WARNING_TEXT));
            return;
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::both()
            .auto_shrink([false, false])
            .show_rows(ui, row_h, self.rows.len(), |ui, range| {
                for &row in &self.rows[range] {
                    ui.add(egui::Label::new(line(collection, row)).extend());
                }
            });
    }
}

/// A line of the report: "path: message".
fn line(collection: &Collection, row: Row) -> String {
    match row {
        Row::Warning(i) => collection
            .warnings
            .get(i)
            .map_or_else(String::new, |w| format!("{}: {}", w.source, w.message)),
        Row::Noted(i) => collection.documents.get(i).map_or_else(String::new, |d| {
            format!("{}: {}", d.doc.path, d.doc.notes.join("; "))
        }),
    }
}
