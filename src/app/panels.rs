//! Side panels: the places list, the excerpts of the selected place, the status line and
//! import report, the drop overlay.

use eframe::egui::{self, FontId, RichText, TextFormat, text::LayoutJob};

use crate::{PlaceId, PlaceKind};

use super::command::Command;
use super::model::Edit;
use super::style::{
    CORRECTED, DROP_SHADE, DROP_TEXT, HIGHLIGHT_BACK, HIGHLIGHT_TEXT, PIN_RELATIVE, WARNING_TEXT,
};
use super::views::ViewCtx;

/// The places list, most mentioned first (it keeps no state of its own).
#[derive(Debug, Default)]
pub struct PlacesPanel;

impl PlacesPanel {
    /// Draws the list; a click selects the place and centres the map on it.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        ui.heading("Places");
        let Some(gaz) = cx.gazetteer() else {
            ui.label("Loading the gazetteer...");
            return;
        };
        let places = &cx.derived.places;
        let documents = cx.model.collection.documents.len();
        if places.is_empty() {
            ui.label(empty_places_hint(
                documents,
                !cx.model.state.filter.is_empty(),
            ));
            return;
        }
        ui.label(format!(
            "{} in {}",
            plural(places.len(), "place"),
            plural(documents, "document")
        ));
        ui.separator();
        // Only the rows in view are laid out: the list stays fast with 10,000 places.
        let row_h = ui.text_style_height(&egui::TextStyle::Button) + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical().show_rows(ui, row_h, places.len(), |ui, rows| {
            for pm in &places[rows] {
                let place = gaz.place(pm.place);
                let kind = match place.kind {
                    PlaceKind::City => "",
                    other => other.as_str(),
                };
                let mut text = format!("{}  ({})", gaz.display_name(place), pm.mentions.len());
                if !kind.is_empty() {
                    text.push_str(&format!(" · {kind}"));
                }
                let selected = cx.model.selected == Some(pm.place);
                let label = egui::Button::selectable(selected, text).truncate();
                if ui.add(label).clicked() {
                    out.push(Command::Select {
                        place: pm.place,
                        recentre: true,
                    });
                }
            }
        });
    }
}

/// A sentence with the range `name` (byte offsets into `sentence`) highlighted.
pub fn highlighted(sentence: &str, name: std::ops::Range<usize>, ui: &egui::Ui) -> LayoutJob {
    let mut job = LayoutJob::default();
    let body = TextFormat {
        font_id: FontId::proportional(14.0),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let mark = TextFormat {
        background: HIGHLIGHT_BACK,
        color: HIGHLIGHT_TEXT,
        ..body.clone()
    };
    let start = name.start.min(sentence.len());
    let end = name.end.clamp(start, sentence.len());
    job.append(&sentence[..start], 0.0, body.clone());
    job.append(&sentence[start..end], 0.0, mark);
    job.append(&sentence[end..], 0.0, body);
    job.wrap.max_width = ui.available_width();
    job
}

/// Every excerpt naming the selected place, with its article's title.
#[derive(Debug, Default)]
pub struct ExcerptsPanel {
    /// The excerpt rows of the selected place, measured as they are drawn.
    rows: ExcerptRows,
}

impl ExcerptsPanel {
    /// Draws the excerpts of the selected place.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let Some(selected) = cx.model.selected else {
            return;
        };
        let Some(gaz) = cx.gazetteer() else {
            return;
        };
        let collection = &cx.model.collection;
        let place = gaz.place(selected);
        ui.horizontal(|ui| {
            ui.heading(gaz.display_name(place));
            if ui.button("Close").clicked() {
                out.push(Command::Edit(Edit::Select(None)));
            }
        });
        let mut about = place.kind.as_str().to_string();
        if let Some(region) = gaz.region_name(place) {
            about.push_str(&format!(" in {region}"));
        }
        if place.kind != PlaceKind::Country
            && let Some(country) = gaz.country_name(place)
        {
            about.push_str(&format!(", {country}"));
        }
        if !place.admin2.is_empty() {
            about.push_str(&format!(" ({})", place.admin2));
        }
        ui.label(format!("{about} · {:.3}°, {:.3}°", place.lat, place.lon));
        if place.radius_km > 0.0 {
            ui.label(
                RichText::new(format!(
                    "Approximate: the centre of its community, within {:.0} km",
                    place.radius_km
                ))
                .italics()
                .color(PIN_RELATIVE),
            );
        }
        let Some(pm) = cx.derived.places.iter().find(|p| p.place == selected) else {
            ui.label("No mentions.");
            return;
        };
        ui.label(plural(pm.mentions.len(), "mention"));
        ui.separator();
        // Only the excerpts in view are laid out (a place named 20,000 times at 50,000
        // articles took half a second a frame): each row's height is measured when it is
        // drawn and estimated until then.
        let mentions = &pm.mentions;
        let rows = &mut self.rows;
        rows.fit(selected, mentions.len());
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_viewport(ui, |ui, viewport| {
                let origin = ui.max_rect().min;
                let width = ui.available_width();
                ui.set_height(rows.total());
                let first = rows.first_at(viewport.min.y);
                for i in first..mentions.len() {
                    let top = rows.top(i);
                    if top > viewport.max.y {
                        break;
                    }
                    let r = mentions[i];
                    let Some((doc, m)) = collection.mention(r) else {
                        continue;
                    };
                    let rect = egui::Rect::from_min_size(
                        origin + egui::vec2(0.0, top),
                        egui::vec2(width, f32::INFINITY),
                    );
                    let header = i == 0 || mentions[i - 1].doc != r.doc;
                    let drawn = ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
                        excerpt_ui(ui, collection, (doc, m), r, header, gaz.display_name(place))
                    });
                    rows.measured(i, drawn.response.rect.height());
                    match drawn.inner {
                        Some(ExcerptAction::Read) => out.push(Command::OpenReader(
                            super::reader::Reader::at(r.doc, Some((m.start, m.end))),
                        )),
                        Some(ExcerptAction::Correct) => out.push(Command::Correct(
                            super::correct::Draft::new(r, m.surface(&doc.doc.text)),
                        )),
                        None => {}
                    }
                }
            });
    }
}

/// What a click on an excerpt asks for.
enum ExcerptAction {
    /// Open the whole article at the mention.
    Read,
    /// Correct the mention.
    Correct,
}

/// The heights of the excerpt rows of the selected place: measured as rows are drawn,
/// estimated for the others, so the list lays out only the rows in view.
#[derive(Debug, Default)]
pub struct ExcerptRows {
    place: Option<PlaceId>,
    heights: Vec<f32>,
    /// Where each row starts, and at the end the height of them all; rebuilt only when a
    /// row's measured height changes.
    offsets: Vec<f32>,
    offsets_stale: bool,
}

impl ExcerptRows {
    /// An excerpt not yet drawn is taken to be this tall.
    const ESTIMATE: f32 = 64.0;

    /// Rows for `count` mentions of `place` (measurements are kept while they are the same).
    pub fn fit(&mut self, place: PlaceId, count: usize) {
        if self.place != Some(place) || self.heights.len() != count {
            self.place = Some(place);
            self.heights = vec![Self::ESTIMATE; count];
            self.offsets_stale = true;
        }
        if self.offsets_stale {
            self.offsets.clear();
            self.offsets.reserve(self.heights.len() + 1);
            let mut y = 0.0;
            self.offsets.push(y);
            for h in &self.heights {
                y += h;
                self.offsets.push(y);
            }
            self.offsets_stale = false;
        }
    }

    /// Where row `i` starts (as of the last [`ExcerptRows::fit`]).
    pub fn top(&self, i: usize) -> f32 {
        self.offsets.get(i).copied().unwrap_or(0.0)
    }

    /// The height of every row.
    pub fn total(&self) -> f32 {
        self.offsets.last().copied().unwrap_or(0.0)
    }

    /// The row at height `y`.
    pub fn first_at(&self, y: f32) -> usize {
        self.offsets.partition_point(|&o| o <= y).saturating_sub(1)
    }

    /// Row `i` was drawn this tall.
    pub fn measured(&mut self, i: usize, height: f32) {
        if let Some(h) = self.heights.get_mut(i) {
            let height = height.max(1.0);
            if (*h - height).abs() > 0.25 {
                *h = height;
                self.offsets_stale = true;
            }
        }
    }
}

/// One excerpt: its article's title, source and date above the first excerpt of each
/// article, the sentence with the name highlighted, and its buttons.
fn excerpt_ui(
    ui: &mut egui::Ui,
    collection: &crate::Collection,
    (doc, m): (&crate::ParsedDocument, &crate::Mention),
    r: crate::MentionRef,
    header: bool,
    place_name: &str,
) -> Option<ExcerptAction> {
    let mut action = None;
    if header {
        ui.add_space(6.0);
        let title = ui.label(RichText::new(doc.doc.display_title()).strong());
        if let Some(url) = &doc.doc.url {
            title.on_hover_text(url);
        }
        // Source and date under the title: "The Moscow Times · 2024-11-24".
        let about: Vec<&str> = [doc.doc.source.as_deref(), doc.doc.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !about.is_empty() {
            ui.label(RichText::new(about.join(" \u{b7} ")).weak());
        }
        // The same article elsewhere: "also in: Kyiv Independent, 2024-11-19".
        let copies = collection.copies_of(r.doc);
        if !copies.is_empty() {
            ui.label(RichText::new(also_in(collection, copies)).weak().small());
        }
    }
    if let Some(rel) = m.relative {
        let label = crate::relative_label(rel.distance_km, rel.bearing_deg, place_name);
        ui.label(
            RichText::new(format!("Approximate: {label} (± {:.0} km)", rel.radius_km))
                .italics()
                .color(PIN_RELATIVE),
        );
    }
    let text = &doc.doc.text;
    let sentence = m.sentence_text(text);
    let name = (m.start - m.sentence.0)..(m.end - m.sentence.0);
    let job = highlighted(sentence, name, ui);
    let response = ui
        .add(egui::Label::new(job).sense(egui::Sense::click()))
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text("Open the whole article here");
    if response.clicked() {
        action = Some(ExcerptAction::Read);
    }
    ui.horizontal(|ui| {
        if m.correction.is_some() {
            ui.label(RichText::new("corrected by you").small().color(CORRECTED));
        }
        let b = ui
            .small_button("Correct...")
            .on_hover_text("Another place, a new place, or not a place");
        if b.clicked() {
            action = Some(ExcerptAction::Correct);
        }
    });
    if let Some(res) = &m.resolution
        && res.confidence < 0.5
    {
        response.on_hover_text(format!(
            "Low confidence ({:.0}%): {}",
            res.confidence * 100.0,
            res.reason
        ));
    }
    ui.add_space(4.0);
    action
}

/// The status line: progress, counts, the latest message, the import report's button and
/// the copies found (it keeps no state of its own).
#[derive(Debug, Default)]
pub struct StatusBar;

impl StatusBar {
    /// Draws the status line.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let collection = &cx.model.collection;
        ui.horizontal(|ui| {
            if let Some(p) = cx.progress {
                let fraction = if p.total == 0 {
                    0.0
                } else {
                    p.done as f32 / p.total as f32
                };
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(340.0)
                        .text(format!(
                            "Reading {} of {} {}",
                            crate::thousands(p.done as u64),
                            crate::thousands(p.total as u64),
                            cx.progress_unit
                        )),
                );
                // A workspace being restored is not cancelled: it is what the window holds.
                if cx.cancellable
                    && ui
                        .small_button("Cancel")
                        .on_hover_text("Stop reading; the files done stay loaded")
                        .clicked()
                {
                    out.push(Command::CancelLoad);
                }
            } else if cx.gazetteer().is_none() {
                ui.spinner();
                ui.label("Loading the gazetteer...");
            } else {
                ui.label(format!(
                    "{} · {}",
                    plural(collection.documents.len(), "document"),
                    plural(cx.derived.places.len(), "place")
                ));
            }
            let (skipped, noted) = (collection.warnings.len(), collection.noted().len());
            if skipped + noted > 0 {
                ui.separator();
                let text = if skipped > 0 {
                    format!("{} skipped", plural(skipped, "file"))
                } else {
                    format!("{} read another way", plural(noted, "document"))
                };
                ui.label(RichText::new(text).color(WARNING_TEXT));
                if ui
                    .small_button("Import report...")
                    .on_hover_text("Every file skipped, counted by reason, with a filter and copy")
                    .clicked()
                {
                    out.push(Command::ShowImportReport);
                }
            }
            if let Some(m) = cx.model.messages.last() {
                ui.separator();
                ui.label(RichText::new(m).color(WARNING_TEXT));
            }
        });
        let copies = collection.copy_count();
        if copies > 0 {
            let mut apart = None;
            egui::CollapsingHeader::new(format!(
                "{} of other documents (grouped)",
                plural_copies(copies)
            ))
            .id_salt("copies_report")
            .default_open(false)
            .show(ui, |ui| {
                let list = collection.copies();
                let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
                egui::ScrollArea::vertical()
                    .id_salt("copies_rows")
                    .max_height(90.0)
                    .show_rows(ui, row_h, list.len(), |ui, rows| {
                        for &(copy, shown) in &list[rows] {
                            let (Some(c), Some(s)) = (
                                collection.documents.get(copy),
                                collection.documents.get(shown),
                            ) else {
                                continue;
                            };
                            ui.horizontal(|ui| {
                                if ui
                                    .small_button("Not the same")
                                    .on_hover_text("Show this document on its own")
                                    .clicked()
                                {
                                    apart = Some(copy);
                                }
                                ui.add(
                                    egui::Label::new(format!(
                                        "{}: the same article as {}",
                                        c.doc.path, s.doc.path
                                    ))
                                    .truncate(),
                                );
                            });
                        }
                    });
            });
            if let Some(c) = apart {
                out.push(Command::Edit(Edit::KeepApart(c)));
            }
        }
    }
}

/// A veil over the window while files are dragged over it.
pub fn drop_overlay_ui(ctx: &egui::Context) {
    let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop_overlay"),
    ));
    painter.rect_filled(screen, 0.0, DROP_SHADE);
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop articles to map their places",
        FontId::proportional(28.0),
        DROP_TEXT,
    );
}

/// What the places list says when it is empty: how to load articles when none is loaded;
/// that the filters keep nothing when they do; that no place was found otherwise.
pub fn empty_places_hint(documents: usize, filtered: bool) -> String {
    if documents == 0 {
        "Drop article files or folders on the window, or use File > Open files....".into()
    } else if filtered {
        format!(
            "No place matches the search and filters in {}. Clear them to see every place.",
            plural(documents, "document")
        )
    } else {
        format!("No place found in {}.", plural(documents, "document"))
    }
}

/// "1 copy", "3 copies".
fn plural_copies(n: usize) -> String {
    if n == 1 {
        "1 copy".into()
    } else {
        format!("{n} copies")
    }
}

/// "also in: Kyiv Independent, 2024-11-19; copy.pdf": where else an article was loaded.
pub fn also_in(coll: &crate::Collection, copies: &[usize]) -> String {
    let places: Vec<String> = copies
        .iter()
        .filter_map(|&c| coll.documents.get(c))
        .map(|d| match &d.doc.date {
            Some(date) => format!("{}, {date}", d.doc.source_label()),
            None => d.doc.source_label(),
        })
        .collect();
    format!("also in: {}", places.join("; "))
}

/// "1 place", "3 places".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
