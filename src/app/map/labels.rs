//! Country names at low zoom, region names closer in, and towns as the map zooms in, so
//! the offline map can be read; a label that would overlap one placed is skipped.

use eframe::egui::{FontId, Rect, Response, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::app::style::{AREA_LABEL, TOWN_DOT, TOWN_LABEL};
use crate::{Gazetteer, Place, PlaceId, PlaceKind};

use super::label_index::LabelIndex;
use super::screen::View;

/// The labels layer of one frame.
pub struct LabelsLayer<'a> {
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
    /// The places to name by position, built the first frame the gazetteer is there.
    pub index: &'a mut Option<LabelIndex>,
    /// The pinned places' ids, sorted: their names are not repeated.
    pub pinned: &'a [PlaceId],
}

impl Plugin for LabelsLayer<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, memory: &MapMemory) {
        let LabelsLayer { gaz, index, pinned } = *self;
        let view = View::new(projector, memory.zoom(), ui.max_rect());
        let index = index.get_or_insert_with(|| LabelIndex::new(gaz));
        labels_ui(ui, gaz, index, pinned, &view);
    }
}

/// Country names at low zoom and region names closer in, so the offline map can be read.
fn labels_ui(ui: &Ui, gaz: &Gazetteer, index: &LabelIndex, pinned: &[PlaceId], view: &View) {
    let zoom = view.zoom;
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    // Towns appear as the map zooms in: the larger first.
    let min_town_population = match zoom {
        z if z < 6.5 => u64::MAX,
        z if z < 7.5 => 100_000,
        z if z < 8.5 => 30_000,
        z if z < 9.5 => 10_000,
        z if z < 10.5 => 3_000,
        _ => 0,
    };
    let show = |p: &Place| match p.kind {
        PlaceKind::Country => zoom <= 7.0 && (zoom >= 3.5 || p.population >= 20_000_000),
        PlaceKind::Region => (5.0..=10.0).contains(&zoom),
        PlaceKind::City => p.population >= min_town_population,
        _ => false,
    };
    let bbox = view.bounds_deg.map(f64::from);
    let areas = index.areas(gaz, bbox);
    let towns = index.towns(gaz, bbox, min_town_population);
    let mut candidates: Vec<&Place> = areas
        .chain(towns)
        .filter(|id| pinned.binary_search(id).is_err())
        .map(|id| gaz.place(id))
        .filter(|p| show(p))
        .collect();
    // Areas first, then towns by size; a label that would overlap one placed is skipped.
    candidates.sort_by_key(|p| (p.kind == PlaceKind::City, std::cmp::Reverse(p.population)));
    let mut taken: Vec<Rect> = Vec::new();
    for p in candidates.into_iter().take(400) {
        let pos = view.pos_deg(p.lon, p.lat);
        let town = p.kind == PlaceKind::City;
        let colour = if town { TOWN_LABEL } else { AREA_LABEL };
        let galley = painter.layout_no_wrap(gaz.display_name(p).to_string(), font.clone(), colour);
        let at = if town {
            pos + Vec2::new(5.0, -galley.size().y / 2.0)
        } else {
            pos - galley.size() / 2.0
        };
        let label = Rect::from_min_size(at, galley.size());
        if taken.iter().any(|t| t.intersects(label)) {
            continue;
        }
        taken.push(label);
        if town {
            painter.circle_filled(pos, 2.5, TOWN_DOT);
        }
        painter.galley(at, galley, colour);
    }
}
