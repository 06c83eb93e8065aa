//! Correcting a match: the window that reassigns a mention to another candidate, to any
//! gazetteer place found by search, to a point clicked on the map, or marks it "not a
//! place", for one mention or every mention of the name in its article, its source or the
//! whole workspace; and the list of corrections, each of which can be reverted.

use eframe::egui::{self, RichText};

use crate::collection::MentionRef;
use crate::corrections::{Action, Scope, doc_key};
use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};

use super::NewsmapApp;

/// How far a correction reaches, as chosen in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// This mention only.
    #[default]
    Mention,
    /// Every mention of the name in this article.
    Article,
    /// ... in the articles of this source.
    Source,
    /// ... everywhere, now and in articles loaded later.
    Workspace,
}

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

/// "Pokrovsk · city · Donetsk Oblast · Ukraine · 60,127 people".
pub fn describe_place(gaz: &Gazetteer, id: PlaceId) -> String {
    let p = gaz.place(id);
    let mut parts = vec![p.name.clone(), p.kind.as_str().to_string()];
    if let Some(r) = gaz.region_name(p) {
        parts.push(r.to_string());
    }
    if p.kind != PlaceKind::Country
        && let Some(c) = gaz.country_name(p)
    {
        parts.push(c.to_string());
    }
    if p.population > 0 {
        parts.push(format!("{} people", crate::text::thousands(p.population)));
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
        crate::text::thousands(distance_km.round() as u64),
        crate::export::compass_point(bearing_deg)
    ))
}

/// What the user chose in the window.
enum Choice {
    Assign(PlaceId),
    NotAPlace,
    PickOnMap,
    Cancel,
}

/// The correction window, while one is open.
pub fn correction_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    if app.map.picking {
        // The window steps aside while the user clicks the map.
        return;
    }
    let Some(mut draft) = app.correcting.take() else {
        return;
    };
    let Some(gaz) = app.gazetteer.clone() else {
        return;
    };
    let Some((pd, m)) = app.collection.mention(draft.target) else {
        return;
    };
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
                    ui.label(format!("Now: {}", describe_place(&gaz, r.place)));
                    ui.label(RichText::new(&r.reason).weak().small());
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
                let mut label =
                    format!("{}  (score {:.1})", describe_place(&gaz, c.place), c.score);
                if let Some(away) = now
                    .filter(|_| !chosen)
                    .and_then(|n| away_from(&gaz, n, c.place))
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
                        let mut label = describe_place(&gaz, p);
                        if let Some(away) = now.and_then(|n| away_from(&gaz, n, p)) {
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
    app.map.highlight = hovered;
    // The pointed-out place is drawn clear of the window.
    app.map.avoid = shown.map(|s| s.response.rect);
    if !open {
        choice = Some(Choice::Cancel);
    }
    match choice {
        None => app.correcting = Some(draft),
        Some(Choice::Cancel) => {}
        Some(Choice::Assign(p)) => {
            let place = gaz.place(p);
            let action = Action::Assign {
                place: place.id.clone(),
                name: place.name.clone(),
            };
            apply(app, &draft, action);
        }
        Some(Choice::NotAPlace) => apply(app, &draft, Action::NotAPlace),
        Some(Choice::PickOnMap) => {
            app.map.picking = true;
            app.correcting = Some(draft);
        }
    }
}

/// The scope for a draft's reach.
fn scope_of(app: &NewsmapApp, draft: &Draft) -> Option<Scope> {
    let (pd, m) = app.collection.mention(draft.target)?;
    Some(match draft.reach {
        Reach::Mention => Scope::Mention {
            doc: doc_key(&pd.doc.text),
            start: m.start,
            end: m.end,
        },
        Reach::Article => Scope::Article {
            doc: doc_key(&pd.doc.text),
        },
        Reach::Source => Scope::Source {
            source: pd.doc.source_label(),
        },
        Reach::Workspace => Scope::Workspace,
    })
}

/// The name as the text writes it at a mention.
fn surface_of(app: &NewsmapApp, target: MentionRef) -> Option<String> {
    app.collection
        .mention(target)
        .map(|(pd, m)| m.surface(&pd.doc.text).to_string())
}

/// Records the correction and applies it.
pub fn apply(app: &mut NewsmapApp, draft: &Draft, action: Action) {
    let Some(scope) = scope_of(app, draft) else {
        return;
    };
    let Some(surface) = surface_of(app, draft.target) else {
        return;
    };
    if let Action::Assign { place, .. } = &action {
        app.select_after_rebuild = Some(place.clone());
    }
    app.corrections.add(&surface, scope, action);
    app.corrections_changed();
}

/// A click on the map while placing a mention: a new own place there, and the mention
/// assigned to it.
pub fn placed_on_map(app: &mut NewsmapApp, lon: f64, lat: f64) {
    app.map.picking = false;
    let Some(draft) = app.correcting.take() else {
        return;
    };
    let Some(gaz) = app.gazetteer.clone() else {
        return;
    };
    let name = if draft.new_name.trim().is_empty() {
        surface_of(app, draft.target).unwrap_or_default()
    } else {
        draft.new_name.trim().to_string()
    };
    let region = app.region_at(lon, lat).unwrap_or_default();
    match crate::own_places::OwnPlace::new(
        &gaz,
        &app.own_places,
        &name,
        Vec::new(),
        PlaceKind::City,
        (lat, lon),
        &region,
    ) {
        Ok(mut place) => {
            // Only this correction points at it: its name alone finds nothing.
            place.find_in_text = false;
            let action = Action::Assign {
                place: place.id.clone(),
                name: place.name.clone(),
            };
            app.messages.push(format!(
                "Added {} at {lat:.4}°, {lon:.4}° to your places",
                place.name
            ));
            app.own_places.push(place);
            // The correction takes effect once the gazetteer holds the new place.
            apply(app, &draft, action);
            app.own_places_changed();
        }
        Err(e) => app.messages.push(e.to_string()),
    }
}

/// Edit > Corrections: every correction in force, newest first, each with Revert.
pub fn corrections_list_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    if !app.show_corrections {
        return;
    }
    let mut open = true;
    let mut revert = None;
    let mut undo = false;
    let mut redo = false;
    egui::Window::new("Corrections")
        .id(egui::Id::unique("corrections_window"))
        .open(&mut open)
        .default_size([420.0, 320.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                undo = ui
                    .add_enabled(
                        !app.corrections.list.is_empty(),
                        egui::Button::new("Undo").shortcut_text("Ctrl+Z"),
                    )
                    .clicked();
                redo = ui
                    .add_enabled(
                        !app.corrections.undone.is_empty(),
                        egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked();
            });
            if app.corrections.list.is_empty() {
                ui.label("No corrections yet. Use Correct... beside an excerpt, or right-click a name in the article reader.");
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                for c in app.corrections.list.iter().rev() {
                    ui.horizontal(|ui| {
                        if ui.button("Revert").clicked() {
                            revert = Some(c.id);
                        }
                        ui.label(c.describe());
                    });
                }
            });
        });
    app.show_corrections = open;
    if let Some(id) = revert {
        app.corrections.revert(id);
        app.corrections_changed();
    }
    if undo {
        app.undo();
    }
    if redo {
        app.redo();
    }
}
