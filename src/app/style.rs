//! The app's palette: every colour the map, its legend, the panels and the reader use, named
//! for what it shows. No other module writes a colour literal.

use eframe::egui::Color32;

/// Sea, and lakes on the offline basemap.
pub const SEA: Color32 = Color32::from_rgb(0xc6, 0xdc, 0xec);
/// Land on the offline basemap.
pub const LAND: Color32 = Color32::from_rgb(0xf4, 0xf1, 0xe8);
/// Rivers.
pub const RIVER: Color32 = Color32::from_rgb(0x86, 0xb1, 0xd3);
/// Coastlines.
pub const COAST: Color32 = Color32::from_rgb(0x5a, 0x7d, 0x96);
/// Country borders.
pub const BORDER: Color32 = Color32::from_rgb(0x7a, 0x5c, 0x7a);
/// First-level region borders.
pub const REGION_BORDER: Color32 = Color32::from_rgb(0xa8, 0x98, 0xa8);
/// Pins of towns and cities.
pub const PIN_CITY: Color32 = Color32::from_rgb(0xd9, 0x3f, 0x2b);
/// Pins and outlines of regions and districts.
pub const PIN_REGION: Color32 = Color32::from_rgb(0x2b, 0x6c, 0xd9);
/// Pins and outlines of countries and continents.
pub const PIN_COUNTRY: Color32 = Color32::from_rgb(0x2f, 0x8f, 0x46);
/// Pins of seas, lakes and rivers.
pub const PIN_WATER: Color32 = Color32::from_rgb(0x1f, 0x8f, 0xb8);
/// Relative locations ("10 km south of ...").
pub const PIN_RELATIVE: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);
/// The selected place, and a place pointed out.
pub const SELECTED: Color32 = Color32::from_rgb(0xff, 0xb0, 0x00);
/// Cluster bubbles.
pub const CLUSTER: Color32 = Color32::from_rgb(0x45, 0x55, 0x6b);
/// The mark on a corrected place's pin.
pub const CORRECTED: Color32 = Color32::from_rgb(0x2e, 0x9d, 0x57);
/// Names of pinned places.
pub const LABEL: Color32 = Color32::from_rgb(0x1e, 0x1e, 0x1e);
/// Names of towns on the basemap, and their dots.
pub const TOWN_LABEL: Color32 = Color32::from_gray(70);
/// A town's dot on the basemap.
pub const TOWN_DOT: Color32 = Color32::from_gray(90);
/// Names of countries and regions on the basemap.
pub const AREA_LABEL: Color32 = Color32::from_gray(120);
/// Text on the map's panels (legend, attribution).
pub const MAP_TEXT: Color32 = Color32::from_gray(30);
/// The attribution's text.
pub const CREDIT_TEXT: Color32 = Color32::from_gray(40);
/// Text and outlines drawn on a coloured symbol.
pub const ON_SYMBOL: Color32 = Color32::WHITE;
/// Text on the pointed-out place's label.
pub const ON_SELECTED: Color32 = Color32::BLACK;
/// The filling of a hollow (uncertain) pin.
pub const HOLLOW: Color32 = Color32::from_rgba_premultiplied(120, 120, 120, 120);
/// The legend's background.
pub const LEGEND_BACK: Color32 = Color32::from_rgba_premultiplied(215, 215, 215, 215);
/// The attribution's background.
pub const CREDIT_BACK: Color32 = Color32::from_rgba_premultiplied(200, 200, 200, 200);
/// Behind a highlighted name in an excerpt or the reader.
pub const HIGHLIGHT_BACK: Color32 = Color32::from_rgb(0xff, 0xe0, 0x66);
/// A highlighted name.
pub const HIGHLIGHT_TEXT: Color32 = Color32::BLACK;
/// Warnings and errors in the status line.
pub const WARNING_TEXT: Color32 = Color32::from_rgb(0xb0, 0x40, 0x20);
/// The shade over the window while files are dragged over it.
pub const DROP_SHADE: Color32 = Color32::from_rgba_premultiplied(0, 0, 0, 150);
/// The text on that shade.
pub const DROP_TEXT: Color32 = Color32::WHITE;
/// The name in focus in the reader (the mention the reader was opened at).
pub const FOCUS_BACK: Color32 = Color32::from_rgb(0xff, 0x9f, 0x1c);
/// Behind an approximate (relative) location in the reader.
pub const APPROXIMATE_BACK: Color32 = Color32::from_rgb(0xe8, 0xd5, 0xf5);
/// Behind a corrected mention in the reader.
pub const CORRECTED_BACK: Color32 = Color32::from_rgb(0xb7, 0xe4, 0xc7);
/// Underlines and strikes of unresolved and "not a place" names in the reader.
pub const MUTED_LINE: Color32 = Color32::from_gray(0x99);
/// The timeline's bars outside the chosen range.
pub const TIMELINE_OFF: Color32 = Color32::from_gray(150);
