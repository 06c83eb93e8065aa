//! The offline basemap (Natural Earth: land, lakes, coastlines, rivers, borders), drawn
//! under the online tiles: the layer fills a slot reserved before the tiles were painted.

use eframe::egui::{self, Painter, Pos2, Response, Shape, Stroke, Ui, layers::ShapeIdx};
use walkers::{MapMemory, Plugin, Projector};

use crate::app::style::{BORDER, COAST, LAND, REGION_BORDER, RIVER, SEA};
use crate::{Basemap, FillKind, LineKind, mercator};

use super::screen::View;

/// Basemap points in Web Mercator: layers, lines, points.
pub type MercLayers = Vec<Vec<Vec<[f32; 2]>>>;

/// The basemap layer of one frame.
pub struct BasemapLayer<'a> {
    /// The basemap.
    pub basemap: &'a Basemap,
    /// Its points in Web Mercator, computed the first frame and kept.
    pub merc: &'a mut Option<MercLayers>,
    /// The painter of the map, and the slot under the tiles to fill.
    pub painter: Painter,
    /// The slot reserved under the tiles.
    pub slot: ShapeIdx,
}

impl Plugin for BasemapLayer<'_> {
    fn run(self: Box<Self>, ui: &mut Ui, _: &Response, projector: &Projector, memory: &MapMemory) {
        let BasemapLayer {
            basemap,
            merc,
            painter,
            slot,
        } = *self;
        let view = View::new(projector, memory.zoom(), ui.max_rect());
        let merc = merc.get_or_insert_with(|| merc_layers(basemap));
        painter.set(slot, Shape::Vec(basemap_shapes(basemap, merc, &view)));
    }
}

/// Web Mercator of every basemap point.
fn merc_layers(b: &Basemap) -> MercLayers {
    b.layers
        .iter()
        .map(|l| {
            l.lines
                .iter()
                .map(|line| {
                    line.points
                        .iter()
                        .map(|p| mercator(f64::from(p[0]), f64::from(p[1])))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The basemap's lines, projected and culled to the view.
fn basemap_shapes(b: &Basemap, merc: &[Vec<Vec<[f32; 2]>>], view: &View) -> Vec<Shape> {
    let (screen, zoom) = (view.screen, view.zoom);
    let mut shapes = Vec::new();
    // Land, then lakes: the simplified land far out, the detailed land close in.
    for fill in &b.fills {
        let colour = match fill.kind {
            FillKind::Land if zoom >= 6.0 => continue,
            FillKind::LandDetail if zoom < 6.0 => continue,
            FillKind::Land | FillKind::LandDetail => LAND,
            FillKind::Lake => SEA,
        };
        let mut mesh = egui::Mesh::default();
        for m in &fill.meshes {
            if !view.sees(m.bbox) {
                continue;
            }
            let base = mesh.vertices.len() as u32;
            mesh.vertices
                .extend(m.vertices.iter().map(|&p| egui::epaint::Vertex {
                    pos: screen.pos(p),
                    uv: egui::epaint::WHITE_UV,
                    color: colour,
                }));
            mesh.indices.extend(m.indices.iter().map(|&i| base + i));
        }
        if !mesh.is_empty() {
            shapes.push(Shape::mesh(mesh));
        }
    }
    for (layer, layer_merc) in b.layers.iter().zip(merc) {
        let stroke = match layer.kind {
            LineKind::River if zoom < 3.0 => continue,
            LineKind::River => Stroke::new(if zoom >= 7.0 { 1.4 } else { 0.9 }, RIVER),
            LineKind::CoastlineLow if zoom >= 5.0 => continue,
            LineKind::Coastline if zoom < 5.0 => continue,
            LineKind::CoastlineLow => Stroke::new(1.0, COAST),
            LineKind::RegionBorder if zoom < 4.0 => continue,
            LineKind::RegionBorder => Stroke::new(0.8, REGION_BORDER),
            LineKind::CountryBorder => Stroke::new(1.4, BORDER),
            LineKind::Coastline => Stroke::new(1.0, COAST),
        };
        for (line, points) in layer.lines.iter().zip(layer_merc) {
            if !view.sees(line.bbox) {
                continue;
            }
            let mut pts: Vec<Pos2> = Vec::with_capacity(points.len());
            for p in points {
                let q = screen.pos(*p);
                if pts.last().is_none_or(|l: &Pos2| l.distance_sq(q) > 2.0) {
                    pts.push(q);
                }
            }
            if pts.len() >= 2 {
                shapes.push(Shape::line(pts, stroke));
            }
        }
    }
    shapes
}
