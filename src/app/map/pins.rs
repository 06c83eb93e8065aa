//! Pins and clusters: a pin for each place in view (its colour the kind of place, hollow
//! and dashed when every mention is uncertain, its size the number of mentions), bubbles
//! for places that would overlap, and the names of the most mentioned.

use eframe::egui::{
    self, Align2, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo,
};
use walkers::{MapMemory, Plugin, Projector};

use crate::LOW_CONFIDENCE;
use crate::app::style::{
    CLUSTER, HOLLOW, LABEL, ON_SYMBOL, PIN_CITY, PIN_COUNTRY, PIN_REGION, PIN_WATER, SELECTED,
};
use crate::mercator;
use crate::{Collection, MentionRef, PlaceMentions};
use crate::{Gazetteer, PlaceId, PlaceKind};

use super::cluster::cluster;
use super::screen::{View, circle_points, px_per_km, uncertainty_circle};

/// What a frame needs of each place to draw its pin, in the order of the places: computed
/// when the places are rebuilt, so a frame reads one compact list in sequence instead of
/// looking every place up in the gazetteer and scanning its mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    pub(super) items: Vec<Pin>,
}

/// One place's pin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Pin {
    /// Web Mercator position.
    pub(super) merc: [f32; 2],
    /// Longitude and latitude in degrees.
    pub(super) lon: f64,
    pub(super) lat: f64,
    pub(super) kind: PlaceKind,
    /// Every mention is a low-confidence match: drawn hollow and dashed.
    pub(super) uncertain: bool,
    /// A user's correction chose this place for one of its mentions.
    pub(super) corrected: bool,
    /// The place's point is its unit's centre, this far from where it may lie (km; 0 for
    /// a known point): drawn with a dashed circle of that radius.
    pub(super) radius_km: f32,
}

impl Pins {
    /// The pins of `places` (as given to the map, most mentioned first).
    pub fn of(gaz: &Gazetteer, collection: &Collection, places: &[PlaceMentions]) -> Self {
        let items = places
            .iter()
            .map(|pm| {
                let p = gaz.place(pm.place);
                let (uncertain, corrected) = scan_mentions(collection, &pm.mentions);
                Pin {
                    merc: mercator(p.lon, p.lat),
                    lon: p.lon,
                    lat: p.lat,
                    kind: p.kind,
                    uncertain,
                    corrected,
                    radius_km: p.radius_km,
                }
            })
            .collect();
        Pins { items }
    }

    /// The places (of those the pins were built for) with a corrected mention, sorted.
    pub fn corrected_places(&self, places: &[PlaceMentions]) -> Vec<PlaceId> {
        let mut v: Vec<PlaceId> = self
            .items
            .iter()
            .zip(places)
            .filter(|(pin, _)| pin.corrected)
            .map(|(_, pm)| pm.place)
            .collect();
        v.sort_unstable();
        v
    }

    /// Whether the pins were built for these places (the same number of them).
    pub(super) fn fits(&self, places: &[PlaceMentions]) -> bool {
        self.items.len() == places.len()
    }
}

/// In one pass over the mentions: whether every one is a low-confidence match, and whether
/// any was corrected by the user.
fn scan_mentions(collection: &Collection, mentions: &[MentionRef]) -> (bool, bool) {
    let (mut uncertain, mut corrected) = (true, false);
    for m in mentions
        .iter()
        .filter_map(|&r| collection.mention(r))
        .map(|(_, m)| m)
    {
        uncertain &= m
            .resolution
            .as_ref()
            .is_none_or(|res| res.confidence < LOW_CONFIDENCE);
        corrected |= m.correction.is_some();
    }
    (uncertain, corrected)
}

/// Buffers a frame's pins reuse, so ten thousand pins cost no fresh large allocation (and
/// its page faults) every frame.
#[derive(Debug, Default)]
pub struct PinScratch {
    /// (index into the places, screen position) of the pins in view.
    positions: Vec<(usize, [f32; 2])>,
    /// Screen position of each place in view, by index into the places.
    pos_of: Vec<Option<Pos2>>,
}

/// Radius of a pin in points, by number of mentions.
pub fn pin_radius(mentions: usize) -> f32 {
    (4.0 + 2.5 * (mentions as f32).sqrt()).min(22.0)
}

/// What a click on the map's symbols asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PinAction {
    /// Select this place.
    Place(PlaceId),
    /// Zoom in on a cluster centred here (longitude, latitude).
    Expand(f64, f64),
}

/// The pins layer of one frame.
pub struct PinsLayer<'a> {
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
    /// The places, most mentioned first.
    pub places: &'a [PlaceMentions],
    /// What the pins need of each place.
    pub pins: &'a Pins,
    /// Buffers kept from frame to frame.
    pub scratch: &'a mut PinScratch,
    /// The place whose excerpts are open.
    pub selected: Option<PlaceId>,
    /// Set to what a click on a pin or cluster asks for.
    pub clicked: &'a mut Option<PinAction>,
}

impl Plugin for PinsLayer<'_> {
    fn run(
        mut self: Box<Self>,
        ui: &mut Ui,
        _: &Response,
        projector: &Projector,
        memory: &MapMemory,
    ) {
        let view = View::new(projector, memory.zoom(), ui.max_rect());
        let clicked = pins_ui(ui, &mut self, &view);
        *self.clicked = clicked;
    }
}

/// Draws the clusters and pins in view; returns what a click on one asks for.
fn pins_ui(ui: &mut Ui, layer: &mut PinsLayer<'_>, view: &View) -> Option<PinAction> {
    let PinsLayer {
        gaz,
        places,
        pins,
        selected,
        ..
    } = *layer;
    let scratch = &mut *layer.scratch;
    let (screen, rect, zoom) = (view.screen, view.rect, view.zoom);
    let mut clicked = None;
    let reach = rect.expand(30.0);
    let PinScratch { positions, pos_of } = scratch;
    positions.clear();
    positions.extend(pins.items.iter().enumerate().filter_map(|(i, pin)| {
        let pos = screen.pos(pin.merc);
        reach.contains(pos).then_some((i, [pos.x, pos.y]))
    }));
    pos_of.clear();
    pos_of.resize(places.len(), None);
    for &(i, [x, y]) in positions.iter() {
        pos_of[i] = Some(Pos2::new(x, y));
    }
    let positions: &[(usize, [f32; 2])] = positions;
    let pos_of: &[Option<Pos2>] = pos_of;
    let selected_index = selected.and_then(|s| places.iter().position(|p| p.place == s));
    let (singles, clusters) = cluster(positions, zoom, selected_index);

    // Clusters: a bubble with the number of places; a click zooms in.
    for members in &clusters {
        let n = members.len();
        let mentions: usize = members.iter().map(|&i| places[i].mentions.len()).sum();
        let (mut lon, mut lat) = (0.0, 0.0);
        for &i in members {
            lon += pins.items[i].lon;
            lat += pins.items[i].lat;
        }
        let (lon, lat) = (lon / n as f64, lat / n as f64);
        let pos = view.pos_deg(lon, lat);
        let r = (11.0 + 3.0 * (n as f32).sqrt()).min(30.0);
        let painter = ui.painter();
        painter.circle(
            pos,
            r,
            CLUSTER.gamma_multiply(0.9),
            Stroke::new(2.0, ON_SYMBOL),
        );
        painter.text(
            pos,
            Align2::CENTER_CENTER,
            n.to_string(),
            FontId::proportional(12.0),
            ON_SYMBOL,
        );
        let id = ui.scope_id().with(("cluster", members[0]));
        let response = ui
            .interact(
                Rect::from_center_size(pos, Vec2::splat(2.0 * r)),
                id,
                Sense::click(),
            )
            .on_hover_ui(|ui| {
                let names: Vec<&str> = members
                    .iter()
                    .take(6)
                    .map(|&i| gaz.display_name(gaz.place(places[i].place)))
                    .collect();
                ui.label(format!(
                    "{n} places, {mentions} mentions: {}{}",
                    names.join(", "),
                    if n > names.len() { ", ..." } else { "" }
                ));
                ui.label("Click to zoom in");
            });
        response.widget_info(|| {
            WidgetInfo::labeled(egui::Role::Button, true, format!("cluster of {n} places"))
        });
        if response.clicked() {
            clicked = Some(PinAction::Expand(lon, lat));
        }
    }

    // Labels, most mentioned (and the selected place) first, each only where it overlaps no
    // label already placed.
    let mut labels = std::collections::BTreeMap::new();
    let mut taken: Vec<Rect> = Vec::new();
    let order = selected_index.into_iter().chain(
        singles
            .iter()
            .copied()
            .filter(|&i| Some(i) != selected_index),
    );
    for i in order {
        let pm = &places[i];
        let Some(pos) = pos_of[i] else {
            continue;
        };
        if !rect.contains(pos) {
            continue;
        }
        let place = gaz.place(pm.place);
        let r = pin_radius(pm.mentions.len());
        let galley = ui.painter().layout_no_wrap(
            gaz.display_name(place).to_string(),
            FontId::proportional(12.0),
            LABEL,
        );
        let at = pos + Vec2::new(r + 3.0, -galley.size().y / 2.0);
        let label = Rect::from_min_size(at, galley.size());
        if taken.iter().any(|t| t.intersects(label)) {
            continue;
        }
        taken.push(label);
        labels.insert(pm.place, (at, galley));
    }
    // Least mentioned first, so big pins are drawn on top.
    for &i in singles.iter().rev() {
        let pm = &places[i];
        let place = gaz.place(pm.place);
        let Some(pos) = pos_of[i] else {
            continue;
        };
        let n = pm.mentions.len();
        let r = pin_radius(n);
        let pin = pins.items[i];
        let colour = match pin.kind {
            PlaceKind::City => PIN_CITY,
            PlaceKind::Region | PlaceKind::District => PIN_REGION,
            PlaceKind::Country | PlaceKind::Continent => PIN_COUNTRY,
            PlaceKind::Water => PIN_WATER,
        };
        let is_selected = selected == Some(pm.place);
        let painter = ui.painter();
        // A place put at its unit's centre: the circle it may lie in, as for relative
        // locations.
        if pin.radius_km > 0.0 {
            let radius_px = (f64::from(pin.radius_km) * px_per_km(view.zoom, pin.lat)) as f32;
            uncertainty_circle(painter, pos, radius_px.max(r + 3.0), colour, (0.08, 1.2));
        }
        // Every mention uncertain: a hollow, dashed pin.
        if pin.uncertain {
            painter.circle_filled(pos, r, HOLLOW);
            painter.extend(Shape::dashed_line(
                &circle_points(pos, r),
                Stroke::new(2.0, colour),
                4.0,
                3.0,
            ));
        } else {
            match place.kind {
                PlaceKind::City => {
                    painter.circle(
                        pos,
                        r,
                        colour.gamma_multiply(0.85),
                        Stroke::new(1.5, ON_SYMBOL),
                    );
                }
                // Areas: a ring, so the places inside stay visible.
                _ => {
                    painter.circle(
                        pos,
                        r,
                        colour.gamma_multiply(0.25),
                        Stroke::new(2.5, colour),
                    );
                }
            }
        }
        if is_selected {
            painter.circle_stroke(pos, r + 4.0, Stroke::new(2.5, SELECTED));
        }
        if n > 1 {
            painter.text(
                pos,
                Align2::CENTER_CENTER,
                n.to_string(),
                FontId::proportional(10.0),
                ON_SYMBOL,
            );
        }
        if let Some((at, galley)) = labels.remove(&pm.place) {
            painter.galley(at, galley, LABEL);
        }
        let id = ui.scope_id().with(("pin", pm.place));
        let response = ui
            .interact(
                Rect::from_center_size(pos, Vec2::splat(2.0 * r.max(8.0))),
                id,
                Sense::click(),
            )
            .on_hover_ui(|ui| {
                ui.strong(gaz.display_name(place));
                let mut line = place.kind.as_str().to_string();
                if let Some(region) = gaz.region_name(place) {
                    line.push_str(&format!(", {region}"));
                }
                if let Some(country) = gaz
                    .country_name(place)
                    .filter(|_| place.kind != PlaceKind::Country)
                {
                    line.push_str(&format!(", {country}"));
                }
                ui.label(line);
                ui.label(crate::app::panels::plural(n, "mention"));
            });
        response.widget_info(|| {
            WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("pin {}", gaz.display_name(place)),
            )
        });
        if response.clicked() {
            clicked = Some(PinAction::Place(pm.place));
        }
    }
    clicked
}
