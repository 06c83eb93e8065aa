//! Edit > Your places: add a place the gazetteer lacks (name, spellings, kind, point typed
//! or clicked on the map, region), remove one, and import or export them as CSV or GeoJSON.

use eframe::egui::{self, RichText};

use crate::OwnPlace;
use crate::PlaceKind;

use super::command::Command;
use super::model::{AppModel, Edit};
use super::views::ViewCtx;

/// The window's form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    /// Display name.
    pub name: String,
    /// Other spellings, separated by commas.
    pub aliases: String,
    /// Kind.
    pub kind: Option<PlaceKind>,
    /// Latitude and longitude as typed.
    pub lat: String,
    /// Longitude as typed.
    pub lon: String,
    /// Region: a name or a code; empty to take it from the point.
    pub region: String,
    /// The form waits for a click on the map.
    pub picking: bool,
    /// A file to import from or export to.
    pub file: String,
}

/// The "Your places" window and its form.
#[derive(Debug, Default)]
pub struct OwnPlacesWindow {
    /// The form, while the window is open.
    pub form: Option<Form>,
}

impl OwnPlacesWindow {
    /// Opens the window (keeping what is typed in it).
    pub fn open(&mut self) {
        self.form.get_or_insert_with(Default::default);
    }

    /// Whether the form waits for a click on the map.
    pub fn is_picking(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.picking)
    }

    /// The point clicked on the map goes into the form.
    pub fn place_picked(&mut self, lon: f64, lat: f64) {
        if let Some(form) = &mut self.form {
            form.picking = false;
            form.lat = format!("{lat:.5}");
            form.lon = format!("{lon:.5}");
        }
    }

    /// Stops waiting for a click on the map.
    pub fn stop_picking(&mut self) {
        if let Some(form) = &mut self.form {
            form.picking = false;
        }
    }

    /// Draws the window while it is open.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        if form.picking && !cx.picking {
            form.picking = false;
        }
        if own_places_ui(&mut form, cx, ui.ctx(), out) {
            self.form = Some(form);
        } else if form.picking {
            out.push(Command::Pick(false));
        }
    }
}

/// The window's contents. Returns whether it stays open.
fn own_places_ui(
    form: &mut Form,
    cx: &ViewCtx<'_>,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) -> bool {
    let own_places = &cx.model.own_places;
    let mut open = true;
    let mut add = false;
    let mut remove = None;
    let mut import = false;
    let mut export = false;
    egui::Window::new("Your places")
        .id(egui::Id::unique("own_places_window"))
        .open(&mut open)
        .default_size([440.0, 460.0])
        .show(ctx, |ui| {
            ui.label(
                "Places the gazetteer lacks. newsmap finds them in every article from now on.",
            );
            egui::Grid::new("own_place_form")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Name");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.name).id(egui::Id::unique("own_name")),
                    );
                    ui.end_row();
                    ui.label("Other spellings");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.aliases)
                            .id(egui::Id::unique("own_aliases"))
                            .hint_text("Роботине, Работино"),
                    );
                    ui.end_row();
                    ui.label("Kind");
                    let kind = form.kind.unwrap_or(PlaceKind::City);
                    egui::ComboBox::from_id_salt("own_kind")
                        .selected_text(kind.as_str())
                        .show_ui(ui, |ui| {
                            for k in [
                                PlaceKind::City,
                                PlaceKind::District,
                                PlaceKind::Region,
                                PlaceKind::Water,
                            ] {
                                ui.selectable_value(&mut form.kind, Some(k), k.as_str());
                            }
                        });
                    ui.end_row();
                    ui.label("Latitude, longitude");
                    ui.horizontal(|ui| {
                        ui.add(
                            egui::TextEdit::singleline(&mut form.lat)
                                .id(egui::Id::unique("own_lat"))
                                .desired_width(80.0),
                        );
                        ui.add(
                            egui::TextEdit::singleline(&mut form.lon)
                                .id(egui::Id::unique("own_lon"))
                                .desired_width(80.0),
                        );
                        if ui.button("Pick on map").clicked() {
                            form.picking = true;
                            out.push(Command::Pick(true));
                        }
                    });
                    ui.end_row();
                    ui.label("Region");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.region)
                            .id(egui::Id::unique("own_region"))
                            .hint_text("from the point"),
                    );
                    ui.end_row();
                });
            add = ui.button("Add place").clicked();
            ui.separator();
            ui.label(RichText::new(format!("{} of your places", own_places.len())).strong());
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .id_salt("own_list")
                .show(ui, |ui| {
                    for (i, p) in own_places.iter().enumerate() {
                        ui.horizontal(|ui| {
                            if ui.small_button("Remove").clicked() {
                                remove = Some(i);
                            }
                            let mut text = format!(
                                "{} · {} · {:.4}°, {:.4}°",
                                p.name,
                                p.kind.as_str(),
                                p.lat,
                                p.lon
                            );
                            let region = cx
                                .gazetteer()
                                .and_then(|g| g.region(&p.region).map(|r| g.place(r).name.clone()));
                            if let Some(region) = region {
                                text.push_str(&format!(" · {region}"));
                            }
                            if !p.find_in_text {
                                text.push_str(" · placed on the map");
                            }
                            if !p.aliases.is_empty() {
                                text.push_str(&format!(" · {}", p.aliases.join(", ")));
                            }
                            ui.label(text);
                        });
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                ui.label("File (.csv or .geojson)");
                ui.add(egui::TextEdit::singleline(&mut form.file).desired_width(200.0));
            });
            ui.horizontal(|ui| {
                import = ui.button("Import").clicked();
                export = ui.button("Export").clicked();
            });
        });
    if add {
        add_from_form(form, cx, out);
    }
    if let Some(i) = remove {
        out.push(Command::Edit(Edit::RemoveOwnPlace(i)));
    }
    if import {
        out.push(Command::ImportOwnPlaces(form.file.trim().to_string()));
    }
    if export {
        out.push(Command::ExportOwnPlaces(form.file.trim().to_string()));
    }
    open
}

/// The place the form describes, added (or what is wrong with it, said).
fn add_from_form(form: &mut Form, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
    let Some(gaz) = cx.gazetteer() else {
        return;
    };
    let say = |m: String| Command::Edit(Edit::Message(m));
    let (Ok(lat), Ok(lon)) = (
        form.lat.trim().replace(',', ".").parse::<f64>(),
        form.lon.trim().replace(',', ".").parse::<f64>(),
    ) else {
        out.push(say(
            "Give the place's latitude and longitude as numbers, or pick it on the map.".into(),
        ));
        return;
    };
    let region = if form.region.trim().is_empty() {
        cx.model.region_at(lon, lat).unwrap_or_default()
    } else {
        form.region.clone()
    };
    let aliases = form
        .aliases
        .split([',', ';', '|'])
        .map(str::to_string)
        .collect();
    match OwnPlace::new(
        gaz,
        &cx.model.own_places,
        &form.name,
        aliases,
        form.kind.unwrap_or(PlaceKind::City),
        (lat, lon),
        &region,
    ) {
        Ok(p) => {
            out.push(say(format!("Added {} to your places", p.name)));
            out.push(Command::Edit(Edit::AddOwnPlaces(vec![p])));
            *form = Form {
                file: std::mem::take(&mut form.file),
                ..Form::default()
            };
        }
        Err(e) => out.push(say(e.to_string())),
    }
}

fn is_geojson(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".geojson") || lower.ends_with(".json")
}

/// Adds the places of a CSV or GeoJSON file. Returns whether places were added.
pub fn import_file(model: &mut AppModel, path: &str) -> bool {
    let Some(gaz) = model.gazetteer.clone() else {
        return false;
    };
    if path.is_empty() {
        model
            .messages
            .push("Type the path of a .csv or .geojson file.".into());
        return false;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            model.messages.push(format!("Cannot read {path}: {e}"));
            return false;
        }
    };
    let read = if is_geojson(path) {
        crate::own_places_from_geojson(&gaz, &model.own_places, &text)
    } else {
        crate::own_places_from_csv(&gaz, &model.own_places, &text)
    };
    match read {
        Ok((places, problems)) => {
            let mut msg = format!("Imported {} places from {path}", places.len());
            if !problems.is_empty() {
                let shown: Vec<String> = problems.iter().take(3).map(|p| p.to_string()).collect();
                msg.push_str(&format!(
                    "; {} skipped: {}",
                    problems.len(),
                    shown.join("; ")
                ));
            }
            model.messages.push(msg);
            model.apply(Edit::AddOwnPlaces(places)).own_places
        }
        Err(e) => {
            model.messages.push(format!("Cannot import {path}: {e}"));
            false
        }
    }
}

/// Writes the places to a CSV or GeoJSON file.
pub fn export_file(model: &mut AppModel, path: &str) {
    if path.is_empty() {
        model
            .messages
            .push("Type the path of a .csv or .geojson file.".into());
        return;
    }
    let text = if is_geojson(path) {
        serde_json::to_string_pretty(&crate::own_places_to_geojson(&model.own_places))
            .map_err(|e| e.to_string())
    } else {
        crate::own_places_to_csv(&model.own_places).map_err(|e| e.to_string())
    };
    let written = text.and_then(|t| std::fs::write(path, t).map_err(|e| e.to_string()));
    match written {
        Ok(()) => {
            let n = model.own_places.len();
            model.messages.push(format!("Wrote {n} places to {path}"));
        }
        Err(e) => model.messages.push(format!("Cannot write {path}: {e}")),
    }
}
