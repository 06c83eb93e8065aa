//! Regions and countries named in the texts, drawn as their outlines and shaded by how
//! often they are named; a click inside one (not on a pin) selects it.

use eframe::egui::{self, Pos2, Response, Shape, Stroke, Ui};
use walkers::{MapMemory, Plugin, Projector};

use crate::PlaceMentions;
use crate::app::style::{PIN_COUNTRY, PIN_REGION, SELECTED};
use crate::{Gazetteer, PlaceId, PlaceKind};
use crate::{RegionShape, Regions};

use super::pins::Pins;
use super::screen::{Screen, View};

/// The regions layer of one frame.
pub struct RegionsLayer<'a> {
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
    /// First-level region shapes.
    pub regions: &'a Regions,
    /// Country outlines.
    pub countries: &'a Regions,
    /// The places shown, most mentioned first, and their pins.
    pub places: &'a [PlaceMentions],
    /// What the pins need of each place.
    pub pins: &'a Pins,
    /// The place whose excerpts are open.
    pub selected: Option<PlaceId>,
    /// Set to the region clicked.
    pub clicked: &'a mut Option<PlaceId>,
}

impl Plugin for RegionsLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        memory: &MapMemory,
    ) {
        let view = View::new(projector, memory.zoom(), ui.max_rect());
        let clicked = self.draw(ui, response, &view);
        *self.clicked = clicked;
    }
}

impl RegionsLayer<'_> {
    /// Draws the shapes in view; returns the region clicked.
    fn draw(&self, ui: &Ui, map_response: &Response, view: &View) -> Option<PlaceId> {
        let RegionsLayer {
            gaz,
            regions,
            countries,
            places,
            pins,
            selected,
            ..
        } = *self;
        let zoom = view.zoom;
        if zoom < 3.0 {
            return None;
        }
        let screen = view.screen;
        let shown: Vec<(&PlaceMentions, &RegionShape)> = places
            .iter()
            .zip(&pins.items)
            // Only regions and countries have shapes: skip the towns without looking them up.
            .filter(|(_, pin)| matches!(pin.kind, PlaceKind::Region | PlaceKind::Country))
            .filter_map(|(pm, _)| {
                let p = gaz.place(pm.place);
                let shape = match p.kind {
                    PlaceKind::Region => regions.get(&p.admin1),
                    // Countries at the world and continent views only.
                    PlaceKind::Country if zoom < 6.0 => countries.get(&p.country),
                    _ => None,
                };
                shape.map(|shape| (pm, shape))
            })
            .filter(|(_, shape)| view.sees(shape.mesh.bbox))
            .collect();
        // Countries under regions.
        let mut shown = shown;
        shown.sort_by_key(|(pm, _)| gaz.place(pm.place).kind != PlaceKind::Country);
        let most = shown
            .iter()
            .map(|(pm, _)| pm.mentions.len())
            .max()
            .unwrap_or(1)
            .max(1) as f32;
        let painter = ui.painter();
        for (pm, shape) in &shown {
            let share = pm.mentions.len() as f32 / most;
            let colour = if gaz.place(pm.place).kind == PlaceKind::Country {
                PIN_COUNTRY
            } else {
                PIN_REGION
            };
            let fill = colour.gamma_multiply(0.08 + 0.22 * share);
            let mut mesh = egui::Mesh::default();
            mesh.vertices
                .extend(shape.mesh.vertices.iter().map(|&p| egui::epaint::Vertex {
                    pos: screen.pos(p),
                    uv: egui::epaint::WHITE_UV,
                    color: fill,
                }));
            mesh.indices.extend_from_slice(&shape.mesh.indices);
            painter.add(Shape::mesh(mesh));
            let stroke = if selected == Some(pm.place) {
                Stroke::new(2.5, SELECTED)
            } else {
                Stroke::new(1.5, colour)
            };
            for (ring, &closed) in shape.rings.iter().zip(&shape.closed) {
                painter.add(outline(ring, closed, &screen, stroke));
            }
        }
        // A click inside a region (pins answer their own clicks first).
        if map_response.clicked()
            && let Some(pos) = map_response.interact_pointer_pos()
        {
            let m = screen.unproject(pos);
            // The smallest region under the pointer wins (a district inside a country).
            return shown
                .iter()
                .filter(|(_, shape)| shape.contains(m))
                .min_by(|a, b| {
                    let area = |s: &RegionShape| {
                        let [w, s_, e, n] = s.mesh.bbox;
                        (e - w) * (n - s_)
                    };
                    area(a.1).total_cmp(&area(b.1))
                })
                .map(|(pm, _)| pm.place);
        }
        None
    }
}

/// A ring (or open line) of a shape's outline as a stroke. A closed ring is drawn as an open
/// path that ends where it began: egui mitres the corners of a closed path without a limit,
/// so a spike in a border (a ring that doubles back, as Egypt's does at the Sudan border)
/// drew a straight line thousands of pixels long across the map; an open path cuts its
/// sharp corners off (issue 12).
fn outline(ring: &[[f32; 2]], closed: bool, screen: &Screen, stroke: Stroke) -> Shape {
    let mut pts: Vec<Pos2> = ring.iter().map(|&p| screen.pos(p)).collect();
    if closed
        && pts.len() > 2
        && let Some(&first) = pts.first()
        && pts.last() != Some(&first)
    {
        pts.push(first);
    }
    Shape::line(pts, stroke)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 12: selecting Egypt drew long straight lines from its outline across the map
    /// (to Libya, the Caucasus, Arabia; across the Atlantic while zooming). Every country
    /// and region outline, tessellated as the map draws it at the zooms it is shown at,
    /// stays within its own bounding box plus the stroke.
    #[test]
    fn issue_12_outlines_stay_within_their_shape() {
        let countries = crate::Regions::bundled_countries().unwrap();
        let regions = crate::Regions::bundled().unwrap();
        let stroke = Stroke::new(2.5, SELECTED);
        let mut checked = 0;
        for (zoom, set) in [(3.0, &countries), (5.0, &countries), (7.0, &regions)] {
            let scale = 256.0 * 2f64.powf(zoom);
            let screen = Screen::scaled(scale);
            for shape in set.iter() {
                let mut tess = egui::epaint::Tessellator::new(
                    1.0,
                    egui::epaint::TessellationOptions::default(),
                    [1, 1],
                    Vec::new(),
                );
                for (ring, &closed) in shape.rings.iter().zip(&shape.closed) {
                    let pts: Vec<Pos2> = ring.iter().map(|&p| screen.pos(p)).collect();
                    let (lo, hi) = pts.iter().fold(
                        (Pos2::new(f32::MAX, f32::MAX), Pos2::new(f32::MIN, f32::MIN)),
                        |(lo, hi), p| (lo.min(*p), hi.max(*p)),
                    );
                    let margin = 4.0 * stroke.width + 2.0;
                    let mut mesh = egui::epaint::Mesh::default();
                    tess.tessellate_shape(outline(ring, closed, &screen, stroke), &mut mesh);
                    for v in &mesh.vertices {
                        assert!(
                            v.pos.x >= lo.x - margin
                                && v.pos.x <= hi.x + margin
                                && v.pos.y >= lo.y - margin
                                && v.pos.y <= hi.y + margin,
                            "{} at zoom {zoom}: a vertex at {:?}, the ring spans {lo:?}..{hi:?}",
                            shape.admin1,
                            v.pos
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 5_000, "{checked} rings");
    }
}
