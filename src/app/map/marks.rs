//! Marks over the pins: a check mark on the places a correction chose, and a ring around
//! the place pointed out (a correction's candidate under the pointer), pointed at from the
//! map's edge when it is off the map.

use eframe::egui::{Align2, FontId, Pos2, Rect, Response, Stroke, Ui, Vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::app::style::{CORRECTED, ON_SELECTED, ON_SYMBOL, SELECTED};
use crate::{Gazetteer, PlaceId};

use super::screen::View;

/// The marks layer of one frame.
pub struct MarksLayer<'a> {
    /// The gazetteer.
    pub gaz: &'a Gazetteer,
    /// Places with corrected mentions.
    pub corrected: &'a [PlaceId],
    /// The place to point out on this frame.
    pub highlight: Option<PlaceId>,
    /// A window over the map that the pointed-out place's mark keeps clear of.
    pub avoid: Option<Rect>,
}

impl Plugin for MarksLayer<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, memory: &MapMemory) {
        let view = View::new(projector, memory.zoom(), ui.max_rect());
        marks_ui(
            ui,
            self.gaz,
            self.corrected,
            (self.highlight, self.avoid),
            &view,
        );
    }
}

/// A check mark on the pins of corrected places, and a ring around the place pointed out.
fn marks_ui(
    ui: &Ui,
    gaz: &Gazetteer,
    corrected: &[PlaceId],
    (highlight, avoid): (Option<PlaceId>, Option<Rect>),
    view: &View,
) {
    let (screen, rect) = (view.screen, view.rect);
    let painter = ui.painter();
    let pos_of = |p: PlaceId| {
        let place = gaz.get(p)?;
        Some(screen.pos(crate::mercator(place.lon, place.lat)))
    };
    for &p in corrected {
        let Some(pos) = pos_of(p) else {
            continue;
        };
        if !rect.contains(pos) {
            continue;
        }
        let at = pos + Vec2::new(7.0, -7.0);
        painter.circle_filled(at, 5.0, CORRECTED);
        painter.line(
            vec![
                at + Vec2::new(-2.5, 0.0),
                at + Vec2::new(-0.5, 2.0),
                at + Vec2::new(2.5, -2.0),
            ],
            Stroke::new(1.5, ON_SYMBOL),
        );
    }
    let Some(id) = highlight else {
        return;
    };
    let Some(at) = pos_of(id) else {
        return;
    };
    // A place off the map is pointed at from the edge, with its direction.
    let inner = rect.shrink(24.0);
    let mut pos = Pos2::new(
        at.x.clamp(inner.left(), inner.right()),
        at.y.clamp(inner.top(), inner.bottom()),
    );
    // Under a window (the correction window): beside it instead, on the map's side.
    if let Some(w) = avoid.map(|w| w.expand(24.0))
        && w.contains(pos)
    {
        if w.left() > inner.left() {
            pos.x = w.left();
        } else if w.bottom() < inner.bottom() {
            pos.y = w.bottom();
        }
    }
    painter.circle_stroke(pos, 12.0, Stroke::new(3.0, SELECTED));
    painter.circle_stroke(pos, 18.0, Stroke::new(1.5, SELECTED));
    let mut label = gaz.display_name(gaz.place(id)).to_string();
    if !inner.contains(at) {
        // The screen's y grows southwards.
        let d = at - pos;
        let bearing_deg = f64::from(d.x.atan2(-d.y).to_degrees());
        label.push_str(&format!(
            " (off the map, {})",
            crate::compass_point(bearing_deg)
        ));
    }
    let right = pos.x < rect.center().x;
    let (anchor, dx) = if right {
        (Align2::LEFT_CENTER, 22.0)
    } else {
        (Align2::RIGHT_CENTER, -22.0)
    };
    let text_pos = pos + Vec2::new(dx, 0.0);
    let galley = painter.layout_no_wrap(label, FontId::proportional(14.0), ON_SELECTED);
    let text_rect = anchor.anchor_size(text_pos, galley.size()).expand(3.0);
    painter.rect_filled(text_rect, 3.0, SELECTED);
    painter.galley(text_rect.min + Vec2::splat(3.0), galley, ON_SELECTED);
}
