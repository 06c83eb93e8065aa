//! Projection helpers, in one place: the projector as an affine map from Web Mercator, the
//! view's extent in degrees, and circles for dashed outlines.

use eframe::egui::{self, Pos2, Rect, Vec2};
use walkers::{Projector, lon_lat};

use crate::mercator;

/// The projector as an affine map from Web Mercator (0..1) to the screen: walkers' map is
/// Web Mercator, so two points fix it, and a frame then places thousands of pins without
/// trigonometry.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    ax: f64,
    bx: f64,
    ay: f64,
    by: f64,
}

impl Screen {
    /// The map of this frame's projector.
    pub fn new(projector: &Projector) -> Self {
        let (a, b) = ((-90.0, -45.0), (90.0, 60.0));
        let (ma, mb) = (mercator(a.0, a.1), mercator(b.0, b.1));
        let (sa, sb) = (
            projector.project(lon_lat(a.0, a.1)),
            projector.project(lon_lat(b.0, b.1)),
        );
        let ax = f64::from(sb.x - sa.x) / f64::from(mb[0] - ma[0]);
        let ay = f64::from(sb.y - sa.y) / f64::from(mb[1] - ma[1]);
        Screen {
            ax,
            bx: f64::from(sa.x) - ax * f64::from(ma[0]),
            ay,
            by: f64::from(sa.y) - ay * f64::from(ma[1]),
        }
    }

    /// Web Mercator scaled by `px` pixels a unit, from the origin (for tests).
    #[cfg(test)]
    pub fn scaled(px: f64) -> Self {
        Screen {
            ax: px,
            bx: 0.0,
            ay: px,
            by: 0.0,
        }
    }

    /// The Web Mercator point at a screen position.
    pub fn unproject(&self, p: Pos2) -> [f32; 2] {
        [
            ((f64::from(p.x) - self.bx) / self.ax) as f32,
            ((f64::from(p.y) - self.by) / self.ay) as f32,
        ]
    }

    /// The screen position of a Web Mercator point.
    pub fn pos(&self, m: [f32; 2]) -> Pos2 {
        Pos2::new(
            (self.ax * f64::from(m[0]) + self.bx) as f32,
            (self.ay * f64::from(m[1]) + self.by) as f32,
        )
    }
}

/// Longitude and latitude of a Web Mercator point (x and y from 0 to 1, y down).
pub fn lon_lat_of(m: [f32; 2]) -> (f64, f64) {
    let lon = f64::from(m[0]) * 360.0 - 180.0;
    let y = std::f64::consts::PI * (1.0 - 2.0 * f64::from(m[1]));
    (lon.clamp(-180.0, 180.0), y.sinh().atan().to_degrees())
}

/// One frame of the map: its projection, rectangle, zoom, and extent in degrees.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// The projection.
    pub screen: Screen,
    /// The map on screen.
    pub rect: Rect,
    /// The zoom level.
    pub zoom: f64,
    /// West, south, east, north in degrees.
    pub bounds_deg: [f32; 4],
}

impl View {
    /// The view of this frame's projector over `rect`.
    pub fn new(projector: &Projector, zoom: f64, rect: Rect) -> Self {
        let nw = projector.unproject(rect.left_top().to_vec2());
        let se = projector.unproject(rect.right_bottom().to_vec2());
        View {
            screen: Screen::new(projector),
            rect,
            zoom,
            bounds_deg: [nw.x() as f32, se.y() as f32, se.x() as f32, nw.y() as f32],
        }
    }

    /// Whether a box (west, south, east, north in degrees) overlaps the view.
    pub fn sees(&self, [w, s, e, n]: [f32; 4]) -> bool {
        let [west, south, east, north] = self.bounds_deg;
        !(e < west || w > east || n < south || s > north)
    }

    /// The screen position of a point given in degrees.
    pub fn pos_deg(&self, lon: f64, lat: f64) -> Pos2 {
        self.screen.pos(mercator(lon, lat))
    }
}

/// The screen position of a point given in degrees, by the projector itself.
pub fn project(projector: &Projector, lon: f64, lat: f64) -> Pos2 {
    projector.project(lon_lat(lon, lat)).to_pos2()
}

/// Points around a circle, closed, for dashed outlines.
pub fn circle_points(centre: Pos2, radius: f32) -> Vec<Pos2> {
    let n = ((radius * 1.5) as usize).clamp(16, 256);
    (0..=n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            centre + Vec2::new(a.cos(), a.sin()) * radius
        })
        .collect()
}

/// Screen points per kilometre at latitude `lat_deg` and zoom level `zoom` (Web Mercator,
/// 256-point tiles).
pub fn px_per_km(zoom: f64, lat_deg: f64) -> f64 {
    256.0 * 2f64.powf(zoom) / (40_075.016_686 * lat_deg.to_radians().cos().max(0.01))
}

/// The dashed circle of an uncertain position (a relative location, a place put at its
/// unit's centre), faintly filled: `fill` is the fill's opacity, `width` the stroke's.
pub fn uncertainty_circle(
    painter: &egui::Painter,
    centre: Pos2,
    radius_px: f32,
    colour: egui::Color32,
    (fill, width): (f32, f32),
) {
    painter.circle_filled(centre, radius_px, colour.gamma_multiply(fill));
    painter.extend(egui::Shape::dashed_line(
        &circle_points(centre, radius_px),
        egui::Stroke::new(width, colour),
        5.0,
        4.0,
    ));
}
