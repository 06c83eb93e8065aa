//! The map: online tiles when there is a network, the bundled basemap under them always,
//! and a pin for each place.

use eframe::egui::{
    self, Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, Vec2, WidgetInfo,
};
use walkers::{Map, MapMemory, Projector, Tiles, lon_lat};

use crate::basemap::{Basemap, FillKind, LineKind};
use crate::collection::{Collection, MentionRef, PlaceMentions};
use crate::export::relative_label;
use crate::gazetteer::{Gazetteer, Place, PlaceId, PlaceKind};
use crate::geoparse::LOW_CONFIDENCE;

use super::AppState;
use super::label_index::LabelIndex;

const SEA: Color32 = Color32::from_rgb(0xc6, 0xdc, 0xec);
const LAND: Color32 = Color32::from_rgb(0xf4, 0xf1, 0xe8);
const RIVER: Color32 = Color32::from_rgb(0x86, 0xb1, 0xd3);
const COAST: Color32 = Color32::from_rgb(0x5a, 0x7d, 0x96);
const BORDER: Color32 = Color32::from_rgb(0x7a, 0x5c, 0x7a);
const REGION_BORDER: Color32 = Color32::from_rgb(0xa8, 0x98, 0xa8);
const PIN_CITY: Color32 = Color32::from_rgb(0xd9, 0x3f, 0x2b);
const PIN_REGION: Color32 = Color32::from_rgb(0x2b, 0x6c, 0xd9);
const LABEL: Color32 = Color32::from_rgb(0x1e, 0x1e, 0x1e);
const PIN_RELATIVE: Color32 = Color32::from_rgb(0x8e, 0x44, 0xad);
const PIN_SELECTED: Color32 = Color32::from_rgb(0xff, 0xb0, 0x00);
const PIN_WATER: Color32 = Color32::from_rgb(0x1f, 0x8f, 0xb8);
const PIN_COUNTRY: Color32 = Color32::from_rgb(0x2f, 0x8f, 0x46);
const CLUSTER: Color32 = Color32::from_rgb(0x45, 0x55, 0x6b);

/// Basemap points in Web Mercator: layers, lines, points.
type MercLayers = Vec<Vec<Vec<[f32; 2]>>>;

/// What the map shows.
pub struct MapContent<'a> {
    /// The gazetteer, once loaded.
    pub gaz: Option<&'a Gazetteer>,
    /// The offline basemap, once loaded.
    pub basemap: Option<&'a Basemap>,
    /// Region shapes, once loaded.
    pub regions: Option<&'a crate::regions::Regions>,
    /// Country outlines, once loaded.
    pub countries: Option<&'a crate::regions::Regions>,
    /// Places with their mentions, most mentioned first.
    pub places: &'a [PlaceMentions],
    /// The documents.
    pub collection: &'a Collection,
    /// The mentions that are relative locations.
    pub relatives: &'a [MentionRef],
    /// The place whose excerpts are open.
    pub selected: Option<PlaceId>,
    /// The pinned places' ids, sorted (their names are not repeated as map labels).
    pub pinned_ids: &'a [PlaceId],
    /// What the pins need of each place, built with `places`.
    pub pins: &'a Pins,
}

/// What a frame needs of each place to draw its pin, in the order of the places: computed
/// when the places are rebuilt, so a frame reads one compact list in sequence instead of
/// looking every place up in the gazetteer and scanning its mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    items: Vec<Pin>,
}

/// One place's pin.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pin {
    /// Web Mercator position.
    merc: [f32; 2],
    /// Longitude and latitude in degrees.
    lon: f64,
    lat: f64,
    kind: PlaceKind,
    /// Every mention is a low-confidence match: drawn hollow and dashed.
    uncertain: bool,
    /// A user's correction chose this place for one of its mentions.
    corrected: bool,
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
                    merc: crate::basemap::mercator(p.lon, p.lat),
                    lon: p.lon,
                    lat: p.lat,
                    kind: p.kind,
                    uncertain,
                    corrected,
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
    fn fits(&self, places: &[PlaceMentions]) -> bool {
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

/// Map state that lives across frames.
pub struct MapView {
    memory: MapMemory,
    tiles: Option<(super::tile_sources::TileProvider, Box<dyn Tiles>)>,
    ctx: egui::Context,
    /// Size of the map on screen at the last frame, for fitting.
    size_px: Vec2,
    /// Places to name, by position, and every place's Web Mercator position.
    labels: Option<LabelIndex>,
    /// The basemap's points in Web Mercator, once the basemap is there.
    basemap_merc: Option<MercLayers>,
    /// The last frame's projection, for tests and hit tests.
    last_screen: Option<Screen>,
    /// Waiting for a click on the map that gives a point (placing a mention or a new
    /// place).
    pub picking: bool,
    /// Where the map was clicked while picking: longitude, latitude.
    pub picked: Option<(f64, f64)>,
    /// A place to point out on this frame (a correction's candidate under the pointer).
    pub highlight: Option<PlaceId>,
    /// Places with corrected mentions, sorted: their pins get a mark.
    pub corrected: Vec<PlaceId>,
    /// A window over the map that the pointed-out place's mark keeps clear of.
    pub avoid: Option<Rect>,
    /// Buffers the pins reuse from frame to frame.
    scratch: PinScratch,
}

/// Buffers a frame's pins reuse, so ten thousand pins cost no fresh large allocation (and
/// its page faults) every frame.
#[derive(Debug, Default)]
struct PinScratch {
    /// (index into the places, screen position) of the pins in view.
    positions: Vec<(usize, Pos2)>,
    /// Screen position of each place in view, by index into the places.
    pos_of: Vec<Option<Pos2>>,
}

impl MapView {
    /// A map showing Europe.
    pub fn new(ctx: &egui::Context) -> Self {
        let mut memory = MapMemory::default();
        memory.center_at(lon_lat(30.0, 50.0));
        let _ = memory.set_zoom(4.0);
        Self {
            memory,
            tiles: None,
            ctx: ctx.clone(),
            size_px: Vec2::new(800.0, 600.0),
            labels: None,
            basemap_merc: None,
            last_screen: None,
            picking: false,
            picked: None,
            highlight: None,
            corrected: Vec::new(),
            avoid: None,
            scratch: PinScratch::default(),
        }
    }

    /// The view: centre longitude, latitude and zoom.
    pub fn view(&self) -> Option<(f64, f64, f64)> {
        self.memory
            .detached()
            .map(|p| (p.x(), p.y(), self.memory.zoom()))
    }

    /// The gazetteer changed (own places added or removed): place positions are computed
    /// again.
    pub fn gazetteer_changed(&mut self) {
        self.labels = None;
    }

    /// The zoom level.
    pub fn zoom(&self) -> f64 {
        self.memory.zoom()
    }

    /// Where a point was on screen at the last frame.
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<Pos2> {
        self.last_screen
            .map(|s| s.pos(crate::basemap::mercator(lon, lat)))
    }

    /// Centres the map at a point and zoom.
    pub fn set_view(&mut self, lon: f64, lat: f64, zoom: f64) {
        self.memory.center_at(lon_lat(lon, lat));
        let _ = self.memory.set_zoom(zoom);
    }

    /// Centres the map on a place, zooming in to suit its kind.
    pub fn centre_on(&mut self, place: &Place) {
        self.memory.center_at(lon_lat(place.lon, place.lat));
        let zoom = match place.kind {
            PlaceKind::Continent | PlaceKind::Water => 3.0,
            PlaceKind::Country => 4.5,
            PlaceKind::Region => 6.0,
            PlaceKind::District => 7.0,
            PlaceKind::City => 7.0,
        };
        let _ = self.memory.set_zoom(self.memory.zoom().max(zoom));
    }

    /// Fits the map to the places.
    pub fn fit(&mut self, gaz: &Gazetteer, places: &[PlaceMentions]) {
        if places.is_empty() {
            return;
        }
        let (mut w, mut s, mut e, mut n) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
        for pm in places {
            let p = gaz.place(pm.place);
            w = w.min(p.lon);
            e = e.max(p.lon);
            s = s.min(p.lat);
            n = n.max(p.lat);
        }
        let centre_lat = (s + n) / 2.0;
        self.memory.center_at(lon_lat((w + e) / 2.0, centre_lat));
        // Web Mercator: the world is 256 * 2^zoom pixels wide.
        // Leave a margin for the pins' labels.
        let width_px = f64::from(self.size_px.x.max(200.0)) * 0.8;
        let height_px = f64::from(self.size_px.y.max(200.0)) * 0.8;
        let lon_span = (e - w).max(0.05);
        let merc = |lat: f64| {
            (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
                .tan()
                .ln()
        };
        let y_span = (merc(n.min(85.0)) - merc(s.max(-85.0))).abs().max(0.001);
        let zoom_x = (width_px * 360.0 / (256.0 * lon_span)).log2();
        let zoom_y = (height_px * 2.0 * std::f64::consts::PI / (256.0 * y_span)).log2();
        let zoom = zoom_x.min(zoom_y).clamp(2.0, 10.0);
        let _ = self.memory.set_zoom(zoom);
    }

    /// Draws the map; returns the place whose pin was clicked.
    pub fn map_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        content: MapContent<'_>,
    ) -> Option<PlaceId> {
        let MapContent {
            gaz,
            basemap,
            regions,
            countries,
            places,
            collection,
            relatives,
            selected,
            pinned_ids,
            pins,
        } = content;
        // Pins built for other places (a caller that keeps none): build them for this frame.
        let own_pins;
        let pins = match gaz {
            Some(g) if !pins.fits(places) => {
                own_pins = Pins::of(g, collection, places);
                &own_pins
            }
            _ => pins,
        };
        let rect = ui.available_rect_before_wrap();
        self.size_px = rect.size();
        ui.painter().rect_filled(rect, 0.0, SEA);
        // Reserve a slot under the tiles for the basemap, filled once the projector is known.
        let basemap_slot = ui.painter().add(Shape::Noop);
        let online = state.online_tiles;
        let memory = &mut self.memory;
        if self
            .tiles
            .as_ref()
            .is_none_or(|(p, _)| *p != state.tile_provider)
        {
            self.tiles = None;
        }
        let tiles: Option<&mut dyn walkers::Tiles> = if online {
            let ctx = self.ctx.clone();
            let provider = state.tile_provider.clone();
            let (_, t) = self.tiles.get_or_insert_with(|| {
                let t = super::tile_sources::make_tiles(&provider, ctx);
                (provider, t)
            });
            Some(t.as_mut())
        } else {
            None
        };
        let tile_credit = if online {
            tiles.as_ref().map(|t| t.attribution().text)
        } else {
            None
        };
        let mut clicked = None;
        let painter = ui.painter().clone();
        let label_index = &mut self.labels;
        let basemap_merc = &mut self.basemap_merc;
        let last_screen = &mut self.last_screen;
        let (picking, picked) = (self.picking, &mut self.picked);
        let (highlight, corrected) = (self.highlight.take(), &self.corrected);
        let avoid = self.avoid.take();
        let scratch = &mut self.scratch;
        Map::new(tiles, memory, lon_lat(30.0, 50.0))
            .zoom_with_ctrl(false)
            .show(ui, |ui, response, projector, memory| {
                *last_screen = Some(Screen::new(projector));
                if let Some(b) = basemap {
                    // Web Mercator of every basemap point, computed once.
                    let merc = basemap_merc.get_or_insert_with(|| {
                        b.layers
                            .iter()
                            .map(|l| {
                                l.lines
                                    .iter()
                                    .map(|line| {
                                        line.points
                                            .iter()
                                            .map(|p| {
                                                super::label_index::mercator(
                                                    f64::from(p[0]),
                                                    f64::from(p[1]),
                                                )
                                            })
                                            .collect()
                                    })
                                    .collect()
                            })
                            .collect()
                    });
                    let shapes = basemap_shapes(b, merc, projector, memory.zoom(), rect);
                    painter.set(basemap_slot, Shape::Vec(shapes));
                }
                if let (Some(g), Some(r), Some(c)) = (gaz, regions, countries) {
                    let region_click = regions_ui(
                        ui,
                        g,
                        (r, c),
                        (places, pins),
                        selected,
                        projector,
                        memory.zoom(),
                        rect,
                        response,
                    );
                    clicked = region_click.map(PinAction::Place);
                }
                if let Some(g) = gaz {
                    // Built once, the first frame the gazetteer is there.
                    let index = label_index.get_or_insert_with(|| LabelIndex::new(g));
                    labels_ui(ui, g, index, pinned_ids, projector, memory.zoom(), rect);
                    marks_ui(ui, g, corrected, (highlight, avoid), projector, rect);
                    let relative =
                        relative_ui(ui, g, collection, relatives, selected, projector, rect)
                            .map(PinAction::Place);
                    clicked = pins_ui(
                        ui,
                        g,
                        (places, pins),
                        scratch,
                        selected,
                        projector,
                        memory.zoom(),
                        rect,
                    )
                    .or(relative)
                    .or(clicked);
                }
                if picking {
                    if response.clicked()
                        && let Some(pos) = response.interact_pointer_pos()
                    {
                        *picked = Some(lon_lat_of(Screen::new(projector).unproject(pos)));
                        clicked = None;
                    }
                    ui.painter().text(
                        rect.center_top() + Vec2::new(0.0, 16.0),
                        Align2::CENTER_TOP,
                        "Click the map where the place is (Esc cancels)",
                        FontId::proportional(16.0),
                        PIN_SELECTED,
                    );
                }
                if state.show_legend {
                    legend_ui(ui, rect);
                }
                attribution_ui(ui, rect, tile_credit);
            });
        match clicked {
            Some(PinAction::Place(p)) => Some(p),
            Some(PinAction::Expand(lon, lat)) => {
                self.memory.center_at(lon_lat(lon, lat));
                let zoom = (self.memory.zoom() + 2.0).min(NO_CLUSTER_ZOOM + 1.0);
                let _ = self.memory.set_zoom(zoom);
                None
            }
            None => None,
        }
    }
}

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
        let (ma, mb) = (
            super::label_index::mercator(a.0, a.1),
            super::label_index::mercator(b.0, b.1),
        );
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

/// A check mark on the pins of corrected places, and a ring around the place pointed out.
fn marks_ui(
    ui: &egui::Ui,
    gaz: &Gazetteer,
    corrected: &[PlaceId],
    (highlight, avoid): (Option<PlaceId>, Option<Rect>),
    projector: &Projector,
    rect: Rect,
) {
    let screen = Screen::new(projector);
    let painter = ui.painter();
    let pos_of = |p: PlaceId| {
        let place = gaz.places().get(p as usize)?;
        Some(screen.pos(crate::basemap::mercator(place.lon, place.lat)))
    };
    for &p in corrected {
        let Some(pos) = pos_of(p) else {
            continue;
        };
        if !rect.contains(pos) {
            continue;
        }
        let at = pos + Vec2::new(7.0, -7.0);
        painter.circle_filled(at, 5.0, Color32::from_rgb(0x2e, 0x9d, 0x57));
        painter.line(
            vec![
                at + Vec2::new(-2.5, 0.0),
                at + Vec2::new(-0.5, 2.0),
                at + Vec2::new(2.5, -2.0),
            ],
            Stroke::new(1.5, Color32::WHITE),
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
    painter.circle_stroke(pos, 12.0, Stroke::new(3.0, PIN_SELECTED));
    painter.circle_stroke(pos, 18.0, Stroke::new(1.5, PIN_SELECTED));
    let mut label = gaz.place(id).name.clone();
    if !inner.contains(at) {
        // The screen's y grows southwards.
        let d = at - pos;
        let bearing_deg = f64::from(d.x.atan2(-d.y).to_degrees());
        label.push_str(&format!(
            " (off the map, {})",
            crate::export::compass_point(bearing_deg)
        ));
    }
    let right = pos.x < rect.center().x;
    let (anchor, dx) = if right {
        (Align2::LEFT_CENTER, 22.0)
    } else {
        (Align2::RIGHT_CENTER, -22.0)
    };
    let text_pos = pos + Vec2::new(dx, 0.0);
    let galley = painter.layout_no_wrap(label, FontId::proportional(14.0), Color32::BLACK);
    let text_rect = anchor.anchor_size(text_pos, galley.size()).expand(3.0);
    painter.rect_filled(text_rect, 3.0, PIN_SELECTED);
    painter.galley(text_rect.min + Vec2::splat(3.0), galley, Color32::BLACK);
}

fn to_screen(projector: &Projector, lon: f64, lat: f64) -> Pos2 {
    projector.project(lon_lat(lon, lat)).to_pos2()
}

/// The basemap's lines, projected and culled to the view.
fn basemap_shapes(
    b: &Basemap,
    merc: &[Vec<Vec<[f32; 2]>>],
    projector: &Projector,
    zoom: f64,
    rect: Rect,
) -> Vec<Shape> {
    let screen = Screen::new(projector);
    let mut shapes = Vec::new();
    // The view's extent in degrees, to skip lines outside it.
    let nw = projector.unproject(rect.left_top().to_vec2());
    let se = projector.unproject(rect.right_bottom().to_vec2());
    let (west, east) = (nw.x() as f32, se.x() as f32);
    let (south, north) = (se.y() as f32, nw.y() as f32);
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
            let [w, s, e, n] = m.bbox;
            if e < west || w > east || n < south || s > north {
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
            let [w, s, e, n] = line.bbox;
            if e < west || w > east || n < south || s > north {
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

/// Country names at low zoom and region names closer in, so the offline map can be read.
fn labels_ui(
    ui: &egui::Ui,
    gaz: &Gazetteer,
    index: &LabelIndex,
    pinned: &[PlaceId],
    projector: &Projector,
    zoom: f64,
    rect: Rect,
) {
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
    // The view in degrees.
    let nw = projector.unproject(rect.left_top().to_vec2());
    let se = projector.unproject(rect.right_bottom().to_vec2());
    let bbox = [nw.x(), se.y(), se.x(), nw.y()];
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
        let pos = to_screen(projector, p.lon, p.lat);
        let town = p.kind == PlaceKind::City;
        let colour = if town {
            Color32::from_gray(70)
        } else {
            Color32::from_gray(120)
        };
        let galley = painter.layout_no_wrap(p.name.clone(), font.clone(), colour);
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
            painter.circle_filled(pos, 2.5, Color32::from_gray(90));
        }
        painter.galley(at, galley, colour);
    }
}

/// Radius of a pin in points, by number of mentions.
pub fn pin_radius(mentions: usize) -> f32 {
    (4.0 + 2.5 * (mentions as f32).sqrt()).min(22.0)
}

/// Pins closer than this on screen merge into a cluster.
pub const CLUSTER_PX: f32 = 34.0;
/// From this zoom on, pins never cluster.
pub const NO_CLUSTER_ZOOM: f64 = 11.0;

/// What a click on the map's symbols asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PinAction {
    /// Select this place.
    Place(PlaceId),
    /// Zoom in on a cluster centred here (longitude, latitude).
    Expand(f64, f64),
}

/// The cluster seeds in each grid cell (in the order they were made): a dense grid over
/// the cells the positions span (the view's few hundred), or a hash map when they span
/// more than a screen would.
enum SeedGrid {
    Dense {
        origin: (i32, i32),
        cols: i32,
        rows: i32,
        cells: Vec<Vec<u32>>,
    },
    Sparse(
        std::collections::HashMap<
            (i32, i32),
            Vec<u32>,
            std::hash::BuildHasherDefault<crate::text::FnvHasher>,
        >,
    ),
}

impl SeedGrid {
    /// A grid for these cells.
    fn new(cells: impl Iterator<Item = (i32, i32)>) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
        let mut n = 0usize;
        for (x, y) in cells {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
            n += 1;
        }
        let cols = i64::from(x1) - i64::from(x0) + 1;
        let rows = i64::from(y1) - i64::from(y0) + 1;
        if n > 0 && cols * rows <= 65_536 {
            // Both at most 65,536, so they fit in i32 and usize.
            SeedGrid::Dense {
                origin: (x0, y0),
                cols: cols as i32,
                rows: rows as i32,
                cells: vec![Vec::new(); (cols * rows) as usize],
            }
        } else {
            SeedGrid::Sparse(Default::default())
        }
    }

    fn slot(origin: (i32, i32), cols: i32, rows: i32, (x, y): (i32, i32)) -> Option<usize> {
        let (cx, cy) = (x.checked_sub(origin.0)?, y.checked_sub(origin.1)?);
        ((0..cols).contains(&cx) && (0..rows).contains(&cy)).then(|| (cy * cols + cx) as usize)
    }

    /// The seeds in a cell.
    fn get(&self, c: (i32, i32)) -> &[u32] {
        match self {
            SeedGrid::Dense {
                origin,
                cols,
                rows,
                cells,
            } => Self::slot(*origin, *cols, *rows, c).map_or(&[][..], |k| cells[k].as_slice()),
            SeedGrid::Sparse(map) => map.get(&c).map_or(&[][..], Vec::as_slice),
        }
    }

    /// Adds a seed to a cell.
    fn push(&mut self, c: (i32, i32), seed: u32) {
        match self {
            SeedGrid::Dense {
                origin,
                cols,
                rows,
                cells,
            } => {
                if let Some(k) = Self::slot(*origin, *cols, *rows, c) {
                    cells[k].push(seed);
                }
            }
            SeedGrid::Sparse(map) => map.entry(c).or_default().push(seed),
        }
    }
}

/// Places that stay single pins, and clusters of places that would overlap, by screen
/// position: indices into `places` (given most mentioned first). Each place joins the
/// nearest cluster seed within [`CLUSTER_PX`], else seeds a new one, so the most mentioned
/// place of a cluster is its seed. The selected place is never clustered.
pub fn cluster(
    positions: &[(usize, Pos2)],
    zoom: f64,
    selected_index: Option<usize>,
) -> (Vec<usize>, Vec<Vec<usize>>) {
    if zoom >= NO_CLUSTER_ZOOM {
        return (positions.iter().map(|(i, _)| *i).collect(), Vec::new());
    }
    let cell = |p: Pos2| {
        (
            (p.x / CLUSTER_PX).floor() as i32,
            (p.y / CLUSTER_PX).floor() as i32,
        )
    };
    let mut seeds = SeedGrid::new(positions.iter().map(|&(_, p)| cell(p)));
    // Seed position, seed, and the members once a second place joins (no allocation for
    // the places that stay single).
    let mut groups: Vec<(Pos2, usize, Vec<usize>)> = Vec::new();
    let mut singles = Vec::new();
    // Squared distances: the same order as distances, without a square root per pair.
    let reach = CLUSTER_PX * CLUSTER_PX;
    for &(i, pos) in positions {
        if Some(i) == selected_index {
            singles.push(i);
            continue;
        }
        let (cx, cy) = cell(pos);
        let mut best: Option<(f32, usize)> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &g in seeds.get((cx + dx, cy + dy)) {
                    let g = g as usize;
                    let d = groups[g].0.distance_sq(pos);
                    if d <= reach && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, g));
                    }
                }
            }
        }
        match best {
            Some((_, g)) => {
                let (_, seed, members) = &mut groups[g];
                if members.is_empty() {
                    members.push(*seed);
                }
                members.push(i);
            }
            None => {
                seeds.push((cx, cy), groups.len() as u32);
                groups.push((pos, i, Vec::new()));
            }
        }
    }
    let mut clusters = Vec::new();
    for (_, seed, members) in groups {
        if members.is_empty() {
            singles.push(seed);
        } else {
            clusters.push(members);
        }
    }
    singles.sort_unstable();
    (singles, clusters)
}

#[allow(clippy::too_many_arguments)]
fn pins_ui(
    ui: &mut egui::Ui,
    gaz: &Gazetteer,
    (places, pins): (&[PlaceMentions], &Pins),
    scratch: &mut PinScratch,
    selected: Option<PlaceId>,
    projector: &Projector,
    zoom: f64,
    rect: Rect,
) -> Option<PinAction> {
    let mut clicked = None;
    let screen = Screen::new(projector);
    let view = rect.expand(30.0);
    let PinScratch { positions, pos_of } = scratch;
    positions.clear();
    positions.extend(pins.items.iter().enumerate().filter_map(|(i, pin)| {
        let pos = screen.pos(pin.merc);
        view.contains(pos).then_some((i, pos))
    }));
    pos_of.clear();
    pos_of.resize(places.len(), None);
    for &(i, p) in positions.iter() {
        pos_of[i] = Some(p);
    }
    let positions: &[(usize, Pos2)] = positions;
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
        let pos = to_screen(projector, lon, lat);
        let r = (11.0 + 3.0 * (n as f32).sqrt()).min(30.0);
        let painter = ui.painter();
        painter.circle(
            pos,
            r,
            CLUSTER.gamma_multiply(0.9),
            Stroke::new(2.0, Color32::WHITE),
        );
        painter.text(
            pos,
            Align2::CENTER_CENTER,
            n.to_string(),
            FontId::proportional(12.0),
            Color32::WHITE,
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
                    .map(|&i| gaz.place(places[i].place).name.as_str())
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
        let galley =
            ui.painter()
                .layout_no_wrap(place.name.clone(), FontId::proportional(12.0), LABEL);
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
        // Every mention uncertain: a hollow, dashed pin.
        if pin.uncertain {
            painter.circle_filled(pos, r, Color32::from_white_alpha(120));
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
                        Stroke::new(1.5, Color32::WHITE),
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
            painter.circle_stroke(
                pos,
                r + 4.0,
                Stroke::new(2.5, Color32::from_rgb(0xff, 0xb0, 0x00)),
            );
        }
        if n > 1 {
            painter.text(
                pos,
                Align2::CENTER_CENTER,
                n.to_string(),
                FontId::proportional(10.0),
                Color32::WHITE,
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
                ui.strong(&place.name);
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
                ui.label(super::panels::plural(n, "mention"));
            });
        response.widget_info(|| {
            WidgetInfo::labeled(egui::Role::Button, true, format!("pin {}", place.name))
        });
        if response.clicked() {
            clicked = Some(PinAction::Place(pm.place));
        }
    }
    clicked
}

/// Regions named in the texts, drawn as their outlines and shaded by how often they are
/// named. Returns the region clicked (a click on the map inside one, not on a pin).
#[allow(clippy::too_many_arguments)]
fn regions_ui(
    ui: &mut egui::Ui,
    gaz: &Gazetteer,
    (regions, countries): (&crate::regions::Regions, &crate::regions::Regions),
    (places, pins): (&[PlaceMentions], &Pins),
    selected: Option<PlaceId>,
    projector: &Projector,
    zoom: f64,
    rect: Rect,
    map_response: &egui::Response,
) -> Option<PlaceId> {
    if zoom < 3.0 {
        return None;
    }
    let screen = Screen::new(projector);
    let nw = projector.unproject(rect.left_top().to_vec2());
    let se = projector.unproject(rect.right_bottom().to_vec2());
    let (west, east) = (nw.x() as f32, se.x() as f32);
    let (south, north) = (se.y() as f32, nw.y() as f32);
    let shown: Vec<(&PlaceMentions, &crate::regions::RegionShape)> = places
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
        .filter(|(_, shape)| {
            let [w, s, e, n] = shape.mesh.bbox;
            !(e < west || w > east || n < south || s > north)
        })
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
            Stroke::new(2.5, PIN_SELECTED)
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
                let area = |s: &crate::regions::RegionShape| {
                    let [w, s_, e, n] = s.mesh.bbox;
                    (e - w) * (n - s_)
                };
                area(a.1).total_cmp(&area(b.1))
            })
            .map(|(pm, _)| pm.place);
    }
    None
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

/// What the symbols mean, in the map's bottom-left corner.
fn legend_ui(ui: &egui::Ui, rect: Rect) {
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    let rows: [(&str, u8); 8] = [
        ("town or city", 0),
        ("region or district", 1),
        ("region named: its outline", 7),
        ("country or continent", 2),
        ("sea, lake or river", 3),
        ("low confidence", 4),
        ("approximate (relative)", 5),
        ("cluster: click to zoom in", 6),
    ];
    let row_h = 16.0;
    let size = Vec2::new(170.0, rows.len() as f32 * row_h + 8.0);
    let min = rect.left_bottom() + Vec2::new(8.0, -size.y - 8.0);
    painter.rect_filled(
        Rect::from_min_size(min, size),
        4.0,
        Color32::from_white_alpha(215),
    );
    for (k, (text, symbol)) in rows.iter().enumerate() {
        let y = min.y + 4.0 + k as f32 * row_h + row_h / 2.0;
        let c = egui::pos2(min.x + 12.0, y);
        match symbol {
            0 => {
                painter.circle(c, 5.0, PIN_CITY, Stroke::new(1.0, Color32::WHITE));
            }
            1 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_REGION.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_REGION),
                );
            }
            2 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_COUNTRY.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_COUNTRY),
                );
            }
            3 => {
                painter.circle(
                    c,
                    5.0,
                    PIN_WATER.gamma_multiply(0.25),
                    Stroke::new(2.0, PIN_WATER),
                );
            }
            4 => painter.extend(Shape::dashed_line(
                &circle_points(c, 5.5),
                Stroke::new(1.5, PIN_CITY),
                2.0,
                2.0,
            )),
            5 => painter.extend(Shape::dashed_line(
                &circle_points(c, 5.5),
                Stroke::new(1.5, PIN_RELATIVE),
                2.0,
                2.0,
            )),
            7 => {
                painter.rect(
                    Rect::from_center_size(c, Vec2::new(12.0, 9.0)),
                    1.0,
                    PIN_REGION.gamma_multiply(0.3),
                    Stroke::new(1.5, PIN_REGION),
                    egui::StrokeKind::Inside,
                );
            }
            _ => {
                painter.circle(c, 6.0, CLUSTER, Stroke::new(1.0, Color32::WHITE));
            }
        }
        painter.text(
            egui::pos2(min.x + 24.0, y),
            Align2::LEFT_CENTER,
            *text,
            font.clone(),
            Color32::from_gray(30),
        );
    }
}

fn attribution_ui(ui: &egui::Ui, rect: Rect, tiles: Option<&str>) {
    let text = match tiles {
        Some(t) if t.starts_with('©') => format!("{t} · GeoNames (CC BY 4.0) · Natural Earth"),
        Some(t) => format!("© {t} · GeoNames (CC BY 4.0) · Natural Earth"),
        None => "Offline basemap: Natural Earth · places: GeoNames (CC BY 4.0)".to_string(),
    };
    let painter = ui.painter();
    let font = FontId::proportional(11.0);
    let galley = painter.layout_no_wrap(text.to_string(), font, Color32::from_gray(40));
    let pos = rect.right_bottom() - galley.size() - Vec2::new(6.0, 4.0);
    painter.rect_filled(
        Rect::from_min_size(pos - Vec2::splat(3.0), galley.size() + Vec2::splat(6.0)),
        3.0,
        Color32::from_white_alpha(200),
    );
    painter.galley(pos, galley, Color32::from_gray(40));
}

/// Points around a circle, closed, for dashed outlines.
fn circle_points(centre: Pos2, radius: f32) -> Vec<Pos2> {
    let n = ((radius * 1.5) as usize).clamp(16, 256);
    (0..=n)
        .map(|i| {
            let a = i as f32 / n as f32 * std::f32::consts::TAU;
            centre + Vec2::new(a.cos(), a.sin()) * radius
        })
        .collect()
}

/// Relative locations ("10 km south of Kurakhove"): a dashed circle of their uncertainty
/// around the derived point, a dotted line from the anchor, and a hollow marker. Returns
/// the anchor place when a marker is clicked.
fn relative_ui(
    ui: &mut egui::Ui,
    gaz: &Gazetteer,
    collection: &Collection,
    relatives: &[MentionRef],
    selected: Option<PlaceId>,
    projector: &Projector,
    rect: Rect,
) -> Option<PlaceId> {
    let mut clicked = None;
    for r in relatives {
        let Some((doc, m)) = collection.mention(*r) else {
            continue;
        };
        let (d, k) = (r.doc, r.mention);
        let (Some(rel), Some(res)) = (m.relative, m.resolution.as_ref()) else {
            continue;
        };
        let anchor = gaz.place(res.place);
        let at = to_screen(projector, rel.lon, rel.lat);
        if !rect.expand(200.0).contains(at) {
            continue;
        }
        let from = to_screen(projector, anchor.lon, anchor.lat);
        let px_per_km = projector.scale_pixel_per_meter(lon_lat(rel.lon, rel.lat)) * 1000.0;
        let radius_px = (rel.radius_km as f32 * px_per_km).max(6.0);
        let highlight = selected == Some(res.place);
        let colour = if highlight {
            PIN_SELECTED
        } else {
            PIN_RELATIVE
        };
        let painter = ui.painter();
        painter.circle_filled(at, radius_px, colour.gamma_multiply(0.12));
        painter.extend(Shape::dashed_line(
            &circle_points(at, radius_px),
            Stroke::new(1.5, colour),
            5.0,
            4.0,
        ));
        if rel.distance_km > 0.0 {
            painter.extend(Shape::dashed_line(
                &[from, at],
                Stroke::new(1.0, colour),
                2.0,
                3.0,
            ));
        }
        painter.circle(at, 5.0, Color32::WHITE, Stroke::new(2.0, colour));
        let label = relative_label(rel.distance_km, rel.bearing_deg, &anchor.name);
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
            .on_hover_text(format!(
                "Approximate: {label} (± {:.0} km)\n{}",
                rel.radius_km,
                doc.doc.display_title()
            ));
        let text = format!("approximate {label}");
        response.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, text.clone()));
        if response.clicked() {
            clicked = Some(res.place);
        }
    }
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clustering by brute force: each place joins the nearest seed within
    /// [`CLUSTER_PX`], else seeds a cluster.
    fn brute_force(positions: &[(usize, Pos2)]) -> (Vec<usize>, Vec<Vec<usize>>) {
        let mut groups: Vec<(Pos2, Vec<usize>)> = Vec::new();
        for &(i, pos) in positions {
            let best = groups
                .iter()
                .enumerate()
                .map(|(g, (seed, _))| (seed.distance(pos), g))
                .filter(|(d, _)| *d <= CLUSTER_PX)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((_, g)) => groups[g].1.push(i),
                None => groups.push((pos, vec![i])),
            }
        }
        let mut singles = Vec::new();
        let mut clusters = Vec::new();
        for (_, members) in groups {
            if members.len() == 1 {
                singles.push(members[0]);
            } else {
                clusters.push(members);
            }
        }
        singles.sort_unstable();
        (singles, clusters)
    }

    /// Pseudo-random positions in a `w` by `h` box.
    fn scatter(n: usize, w: f32, h: f32) -> Vec<(usize, Pos2)> {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 40) as f32 / (1u64 << 24) as f32
        };
        (0..n)
            .map(|i| (i, Pos2::new(next() * w, next() * h)))
            .collect()
    }

    /// Issue 12: selecting Egypt drew long straight lines from its outline across the map
    /// (to Libya, the Caucasus, Arabia; across the Atlantic while zooming). Every country
    /// and region outline, tessellated as the map draws it at the zooms it is shown at,
    /// stays within its own bounding box plus the stroke.
    #[test]
    fn issue_12_outlines_stay_within_their_shape() {
        let countries = crate::regions::Regions::bundled_countries().unwrap();
        let regions = crate::regions::Regions::bundled().unwrap();
        let stroke = Stroke::new(2.5, PIN_SELECTED);
        let mut checked = 0;
        for (zoom, set) in [(3.0, &countries), (5.0, &countries), (7.0, &regions)] {
            let scale = 256.0 * 2f64.powf(zoom);
            let screen = Screen {
                ax: scale,
                bx: 0.0,
                ay: scale,
                by: 0.0,
            };
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

    #[test]
    fn clustering_on_the_grid_matches_brute_force() {
        // A screen's worth of pins (the dense grid), and pins spread far wider (the hash map).
        for positions in [
            scatter(3000, 1280.0, 800.0),
            scatter(6000, 12_000.0, 9_000.0),
        ] {
            let got = cluster(&positions, 4.0, None);
            assert!(!got.1.is_empty());
            assert_eq!(got, brute_force(&positions));
        }
        let positions = scatter(500, 1280.0, 800.0);
        let (singles, clusters) = cluster(&positions, 4.0, Some(7));
        assert!(
            singles.contains(&7),
            "the selected place is never clustered"
        );
        assert!(!clusters.is_empty());
        let (singles, clusters) = cluster(&positions, NO_CLUSTER_ZOOM, None);
        assert_eq!((singles.len(), clusters.len()), (500, 0));
    }
}
