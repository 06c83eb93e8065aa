//! Relative locations ("10 km south of Kurakhove"): a dashed circle of their uncertainty
//! around the derived point, a dotted line from the anchor, and a hollow marker; a click on
//! the marker selects the anchor.

use eframe::egui::{
    self, Align2, FontId, Rect, Response, Sense, Shape, Stroke, Ui, Vec2, WidgetInfo,
};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use crate::Collection;
use crate::app::derived::RelativeMark;
use crate::app::style::{ON_SYMBOL, PIN_RELATIVE, SELECTED};
use crate::relative_label;
use crate::{Gazetteer, PlaceId};

use super::screen::{project, uncertainty_circle};

/// The relative locations layer of one frame.
pub struct RelativeLayer<'a> {
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
    /// The documents.
    pub collection: &'a Collection,
    /// The relative locations, one mark for each point.
    pub relatives: &'a [RelativeMark],
    /// The place whose excerpts are open.
    pub selected: Option<PlaceId>,
    /// Set to the anchor of the marker clicked.
    pub clicked: &'a mut Option<PlaceId>,
}

impl Plugin for RelativeLayer<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, _: &MapMemory) {
        let clicked = relative_ui(ui, &self, projector);
        *self.clicked = clicked;
    }
}

/// Relative locations ("10 km south of Kurakhove"): a dashed circle of their uncertainty
/// around the derived point, a dotted line from the anchor, and a hollow marker. Returns
/// the anchor place when a marker is clicked.
fn relative_ui(ui: &mut Ui, layer: &RelativeLayer<'_>, projector: &Projector) -> Option<PlaceId> {
    let RelativeLayer {
        gaz,
        collection,
        relatives,
        selected,
        ..
    } = *layer;
    let rect = ui.max_rect();
    let mut clicked = None;
    for mark in relatives {
        let r = mark.first;
        let Some((doc, m)) = collection.mention(r) else {
            continue;
        };
        let (d, k) = (r.doc, r.mention);
        let (Some(rel), Some(res)) = (m.relative, m.resolution.as_ref()) else {
            continue;
        };
        let anchor = gaz.place(res.place);
        let at = project(projector, rel.lon, rel.lat);
        if !rect.expand(200.0).contains(at) {
            continue;
        }
        let from = project(projector, anchor.lon, anchor.lat);
        let px_per_km = projector.scale_pixel_per_meter(lon_lat(rel.lon, rel.lat)) * 1000.0;
        let radius_px = (rel.radius_km as f32 * px_per_km).max(6.0);
        let highlight = selected == Some(res.place);
        let colour = if highlight { SELECTED } else { PIN_RELATIVE };
        let painter = ui.painter();
        uncertainty_circle(painter, at, radius_px, colour, (0.12, 1.5));
        if rel.distance_km > 0.0 {
            painter.extend(Shape::dashed_line(
                &[from, at],
                Stroke::new(1.0, colour),
                2.0,
                3.0,
            ));
        }
        painter.circle(at, 5.0, ON_SYMBOL, Stroke::new(2.0, colour));
        let label = relative_label(rel.distance_km, rel.bearing_deg, gaz.display_name(anchor));
        // Only close in, where it does not cover the pins' names.
        if projector.zoom() >= 7.0 {
            painter.text(
                at + Vec2::new(8.0, 0.0),
                Align2::LEFT_CENTER,
                format!("~ {label}"),
                FontId::proportional(11.0),
                colour,
            );
        }
        let id = ui.scope_id().with(("relative", d, k));
        let response = ui
            .interact(
                Rect::from_center_size(at, Vec2::splat(16.0)),
                id,
                Sense::click(),
            )
            .on_hover_text(match mark.mentions {
                1 => format!(
                    "Approximate: {label} (± {:.0} km)\n{}",
                    rel.radius_km,
                    doc.doc.display_title()
                ),
                n => format!(
                    "Approximate: {label} (± {:.0} km)\n{} and {} more reports",
                    rel.radius_km,
                    doc.doc.display_title(),
                    crate::thousands(n as u64 - 1)
                ),
            });
        let text = format!("approximate {label}");
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, text.clone()));
        if response.clicked() {
            clicked = Some(res.place);
        }
    }
    clicked
}
