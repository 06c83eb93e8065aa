//! Correcting a match: the window that reassigns a mention to another candidate, to any
//! gazetteer place found by search, to a point clicked on the map, or marks it "not a
//! place", for one mention or every mention of the name in its article, its source or the
//! whole workspace; and the list of corrections, each of which can be reverted.

use eframe::egui::{self, RichText};

use crate::Action;
use crate::MentionRef;
use crate::{Gazetteer, PlaceId, PlaceKind};

use super::command::Command;
use super::model::Edit;
use super::views::ViewCtx;

pub use super::model::Reach;

/// The correction window's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// The mention being corrected.
    pub target: MentionRef,
    /// How far the correction reaches.
    pub reach: Reach,
    /// The search box's text, and the places it found.
    pub search: String,
    searched: String,
    found: Vec<PlaceId>,
    /// The name a place clicked on the map gets.
    pub new_name: String,
}

impl Draft {
    /// A draft for the mention `target`, named `surface` in the text.
    pub fn new(target: MentionRef, surface: &str) -> Self {
        Draft {
            target,
            new_name: surface.to_string(),
            ..Default::default()
        }
    }
}

/// "Pokrovsk · city · Pokrovsk Raion · Donetsk Oblast · Ukraine · 60,127 people"; an
/// approximate village says so ("within 8 km"), so namesakes can be told apart.
pub fn describe_place(gaz: &Gazetteer, id: PlaceId) -> String {
    let p = gaz.place(id);
    let mut parts = vec![gaz.display_name(p).to_string(), p.kind.as_str().to_string()];
    if p.kind == PlaceKind::City && !p.admin2.is_empty() {
        parts.push(p.admin2.clone());
    }
    if let Some(r) = gaz.region_name(p) {
        parts.push(r.to_string());
    }
    if p.kind != PlaceKind::Country
        && let Some(c) = gaz.country_name(p)
    {
        parts.push(c.to_string());
    }
    if p.population > 0 {
        parts.push(format!("{} people", crate::thousands(p.population)));
    }
    if p.radius_km > 0.0 {
        parts.push(format!("approximate, within {:.0} km", p.radius_km));
    }
    if p.is_own() {
        parts.push("your place".into());
    }
    parts.join(" · ")
}

/// "1,730 km NE": how far a place lies from the one chosen now, or `None` when it is the
/// same place.
fn away_from(gaz: &Gazetteer, from: PlaceId, to: PlaceId) -> Option<String> {
    use geo::{Bearing, Distance, Haversine, Point};
    if from == to {
        return None;
    }
    let (a, b) = (gaz.place(from), gaz.place(to));
    let (pa, pb) = (Point::new(a.lon, a.lat), Point::new(b.lon, b.lat));
    let distance_km = Haversine.distance(pa, pb) / 1000.0;
    let bearing_deg = Haversine.bearing(pa, pb);
    if distance_km < 1.0 {
        return Some("here".into());
    }
    // "5,542 km NE" (of the place chosen now).
    Some(format!(
        "{} km {}",
        crate::thousands(distance_km.round() as u64),
        crate::compass_point(bearing_deg)
    ))
}

/// What the user chose in the window.
enum Choice {
    Assign(PlaceId),
    NotAPlace,
    PickOnMap,
    Cancel,
}

/// The correction window and the draft it edits.
#[derive(Debug, Default)]
pub struct CorrectionWindow {
    /// The draft, while the window is open.
    pub draft: Option<Draft>,
    /// The window waits for a click on the map that places the mention.
    pub picking: bool,
}

impl CorrectionWindow {
    /// Opens the window on a draft.
    pub fn open(&mut self, draft: Draft) {
        self.draft = Some(draft);
        self.picking = false;
    }

    /// The draft waiting for a point on the map, taken (the window closes).
    pub fn take_picked(&mut self) -> Option<Draft> {
        if !self.picking {
            return None;
        }
        self.picking = false;
        self.draft.take()
    }

    /// Draws the window while a draft is open (not while the user clicks the map).
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        if self.picking && !cx.picking {
            // The map was given back without a point (Esc).
            self.picking = false;
        }
        if self.picking {
            // The window steps aside while the user clicks the map.
            return;
        }
        let Some(mut draft) = self.draft.take() else {
            return;
        };
        let Some(gaz) = cx.gazetteer() else {
            return;
        };
        let Some((pd, m)) = cx.model.collection.mention(draft.target) else {
            return;
        };
        let ctx = ui.ctx().clone();
        let (choice, hovered, rect) = correction_ui(&mut draft, gaz, (pd, m), &ctx);
        out.push(Command::PointOut {
            place: hovered,
            avoid: rect,
        });
        let assign = |p: PlaceId| {
            let place = gaz.place(p);
            Action::Assign {
                place: place.id.clone(),
                name: place.name.clone(),
            }
        };
        let edit = |action| {
            Command::Edit(Edit::Correct {
                target: draft.target,
                reach: draft.reach,
                action,
            })
        };
        match choice {
            None => self.draft = Some(draft),
            Some(Choice::Cancel) => out.push(Command::PointOut {
                place: None,
                avoid: None,
            }),
            Some(Choice::Assign(p)) => out.push(edit(assign(p))),
            Some(Choice::NotAPlace) => out.push(edit(Action::NotAPlace)),
            Some(Choice::PickOnMap) => {
                self.picking = true;
                out.push(Command::Pick(true));
                self.draft = Some(draft);
            }
        }
    }
}

/// The correction window's contents. Returns what was chosen, the place pointed at, and
/// where the window is.
fn correction_ui(
    draft: &mut Draft,
    gaz: &Gazetteer,
    (pd, m): (&crate::ParsedDocument, &crate::Mention),
    ctx: &egui::Context,
) -> (Option<Choice>, Option<PlaceId>, Option<egui::Rect>) {
    let text = &pd.doc.text;
    let surface = m.surface(text).to_string();
    let mut choice = None;
    let mut hovered = None;
    let mut open = true;
    let shown = egui::Window::new("Correct a match")
        .id(egui::Id::unique("correct_window"))
        // Above the article reader it is often opened from.
        .order(egui::Order::Foreground)
        .open(&mut open)
        .default_size([500.0, 520.0])
        // Over the excerpts, beside the map it points at.
        .default_pos([(ctx.content_rect().right() - 520.0).max(0.0), 40.0])
        .show(ctx, |ui| {
            ui.label(RichText::new(pd.doc.display_title()).strong());
            let sentence = m.sentence_text(text);
            let name = (m.start - m.sentence.0)..(m.end - m.sentence.0);
            ui.label(super::panels::highlighted(sentence, name, ui));
            ui.separator();
            match &m.resolution {
                Some(r) => {
                    ui.label(format!("Now: {}", describe_place(gaz, r.place)));
                    ui.label(RichText::new(&*r.reason).weak().small());
                }
                None if m.correction.is_some() => {
                    ui.label("Now: not a place (your correction)");
                }
                None => {
                    ui.label("Now: no place chosen");
                }
            }
            ui.separator();
            ui.label("Apply to:");
            ui.horizontal_wrapped(|ui| {
                ui.radio_value(&mut draft.reach, Reach::Mention, "this mention");
                ui.radio_value(
                    &mut draft.reach,
                    Reach::Article,
                    format!("every \"{surface}\" in this article"),
                );
                ui.radio_value(
                    &mut draft.reach,
                    Reach::Source,
                    format!("in {}", pd.doc.source_label()),
                );
                ui.radio_value(&mut draft.reach, Reach::Workspace, "everywhere");
            });
            ui.separator();
            ui.label(RichText::new("Candidates").strong());
            if m.candidates.is_empty() {
                ui.label("The gazetteer has no other place of this name.");
            }
            let now = m.resolution.as_ref().map(|r| r.place);
            for c in &m.candidates {
                let chosen = now == Some(c.place);
                let mut label = format!("{}  (score {:.1})", describe_place(gaz, c.place), c.score);
                if let Some(away) = now
                    .filter(|_| !chosen)
                    .and_then(|n| away_from(gaz, n, c.place))
                {
                    label.push_str(&format!(" · {away}"));
                }
                let row = ui.add(egui::Button::selectable(chosen, label).truncate());
                if row.hovered() {
                    hovered = Some(c.place);
                }
                if row.clicked() {
                    choice = Some(Choice::Assign(c.place));
                }
            }
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Find a place:");
                ui.add(
                    egui::TextEdit::singleline(&mut draft.search)
                        .id(egui::Id::unique("correct_search"))
                        .hint_text("name in any spelling"),
                );
            });
            if draft.search != draft.searched {
                draft.found = gaz.search(&draft.search, 30);
                draft.searched = draft.search.clone();
            }
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .id_salt("correct_found")
                .show(ui, |ui| {
                    for &p in &draft.found {
                        let mut label = describe_place(gaz, p);
                        if let Some(away) = now.and_then(|n| away_from(gaz, n, p)) {
                            label.push_str(&format!(" · {away}"));
                        }
                        let row = ui.add(egui::Button::selectable(false, label).truncate());
                        if row.hovered() {
                            hovered = Some(p);
                        }
                        if row.clicked() {
                            choice = Some(Choice::Assign(p));
                        }
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("Or a new place named");
                ui.add(egui::TextEdit::singleline(&mut draft.new_name).desired_width(140.0));
                if ui.button("Place it on the map").clicked() {
                    choice = Some(Choice::PickOnMap);
                }
            });
            ui.horizontal(|ui| {
                if ui.button("Not a place").clicked() {
                    choice = Some(Choice::NotAPlace);
                }
                if ui.button("Cancel").clicked() {
                    choice = Some(Choice::Cancel);
                }
            });
        });
    if !open {
        choice = Some(Choice::Cancel);
    }
    (choice, hovered, shown.map(|s| s.response.rect))
}

/// Edit > Corrections: every correction in force, newest first, each with Revert.
#[derive(Debug, Default)]
pub struct CorrectionsList {
    /// Whether the window is open.
    pub open: bool,
}

impl CorrectionsList {
    /// Draws the window while it is open.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let corrections = &cx.model.corrections;
        egui::Window::new("Corrections")
            .id(egui::Id::unique("corrections_window"))
            .open(&mut self.open)
            .default_size([420.0, 320.0])
            .show(ui.ctx(), |ui| {
                ui.horizontal(|ui| {
                    let undo = ui.add_enabled(
                        !corrections.list.is_empty(),
                        egui::Button::new("Undo").shortcut_text("Ctrl+Z"),
                    );
                    if undo.clicked() {
                        out.push(Command::Undo);
                    }
                    let redo = ui.add_enabled(
                        !corrections.undone.is_empty(),
                        egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"),
                    );
                    if redo.clicked() {
                        out.push(Command::Redo);
                    }
                });
                if corrections.list.is_empty() {
                    ui.label("No corrections yet. Use Correct... beside an excerpt, or right-click a name in the article reader.");
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for c in corrections.list.iter().rev() {
                        ui.horizontal(|ui| {
                            if ui.button("Revert").clicked() {
                                out.push(Command::Edit(Edit::Revert(c.id)));
                            }
                            ui.label(c.describe());
                        });
                    }
                });
            });
    }
}
