//! Edit > Your places: add a place the gazetteer lacks (name, spellings, kind, point typed
//! or clicked on the map, region), remove one, and import or export them as CSV or GeoJSON.

use eframe::egui::{self, RichText};

use crate::gazetteer::PlaceKind;
use crate::own_places::{self, OwnPlace};

use super::NewsmapApp;

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

/// The "Your places" window, while open.
pub fn own_places_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    let Some(mut form) = app.own_places_form.take() else {
        return;
    };
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
                            app.map.picking = true;
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
            ui.label(RichText::new(format!("{} of your places", app.own_places.len())).strong());
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .id_salt("own_list")
                .show(ui, |ui| {
                    for (i, p) in app.own_places.iter().enumerate() {
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
                            let region = app
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
    if form.picking
        && let Some((lon, lat)) = app.map.picked.take()
    {
        form.picking = false;
        app.map.picking = false;
        form.lat = format!("{lat:.5}");
        form.lon = format!("{lon:.5}");
    }
    if add {
        add_from_form(app, &mut form);
    }
    if let Some(i) = remove {
        let p = app.own_places.remove(i);
        app.messages
            .push(format!("Removed {} from your places", p.name));
        app.own_places_changed();
    }
    if import {
        import_file(app, form.file.trim());
    }
    if export {
        export_file(app, form.file.trim());
    }
    if open {
        app.own_places_form = Some(form);
    } else if form.picking {
        app.map.picking = false;
    }
}

fn add_from_form(app: &mut NewsmapApp, form: &mut Form) {
    let Some(gaz) = app.gazetteer.clone() else {
        return;
    };
    let (Ok(lat), Ok(lon)) = (
        form.lat.trim().replace(',', ".").parse::<f64>(),
        form.lon.trim().replace(',', ".").parse::<f64>(),
    ) else {
        app.messages.push(
            "Give the place's latitude and longitude as numbers, or pick it on the map.".into(),
        );
        return;
    };
    let region = if form.region.trim().is_empty() {
        app.region_at(lon, lat).unwrap_or_default()
    } else {
        form.region.clone()
    };
    let aliases = form
        .aliases
        .split([',', ';', '|'])
        .map(str::to_string)
        .collect();
    match OwnPlace::new(
        &gaz,
        &app.own_places,
        &form.name,
        aliases,
        form.kind.unwrap_or(PlaceKind::City),
        (lat, lon),
        &region,
    ) {
        Ok(p) => {
            app.messages
                .push(format!("Added {} to your places", p.name));
            app.own_places.push(p);
            app.own_places_changed();
            *form = Form {
                file: std::mem::take(&mut form.file),
                ..Form::default()
            };
        }
        Err(e) => app.messages.push(e.to_string()),
    }
}

fn is_geojson(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.ends_with(".geojson") || lower.ends_with(".json")
}

/// Adds the places of a CSV or GeoJSON file.
pub fn import_file(app: &mut NewsmapApp, path: &str) {
    let Some(gaz) = app.gazetteer.clone() else {
        return;
    };
    if path.is_empty() {
        app.messages
            .push("Type the path of a .csv or .geojson file.".into());
        return;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            app.messages.push(format!("Cannot read {path}: {e}"));
            return;
        }
    };
    let read = if is_geojson(path) {
        own_places::from_geojson(&gaz, &app.own_places, &text)
    } else {
        own_places::from_csv(&gaz, &app.own_places, &text)
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
            app.messages.push(msg);
            if !places.is_empty() {
                app.own_places.extend(places);
                app.own_places_changed();
            }
        }
        Err(e) => app.messages.push(format!("Cannot import {path}: {e}")),
    }
}

/// Writes the places to a CSV or GeoJSON file.
pub fn export_file(app: &mut NewsmapApp, path: &str) {
    if path.is_empty() {
        app.messages
            .push("Type the path of a .csv or .geojson file.".into());
        return;
    }
    let text = if is_geojson(path) {
        serde_json::to_string_pretty(&own_places::to_geojson(&app.own_places))
            .map_err(|e| e.to_string())
    } else {
        own_places::to_csv(&app.own_places).map_err(|e| e.to_string())
    };
    let written = text.and_then(|t| std::fs::write(path, t).map_err(|e| e.to_string()));
    match written {
        Ok(()) => app
            .messages
            .push(format!("Wrote {} places to {path}", app.own_places.len())),
        Err(e) => app.messages.push(format!("Cannot write {path}: {e}")),
    }
}
