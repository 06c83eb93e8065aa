//! The map: online tiles when there is a network, the bundled basemap under them always,
//! and the layers over them as walkers plugins, each in a file of its own: region and
//! country outlines, labels, correction marks, relative locations, pins and clusters.
//! Clicks come back through the plugins' `&mut` fields.

mod basemap;
mod cluster;
mod label_index;
mod labels;
mod legend;
mod marks;
mod pins;
mod regions;
mod relative;
mod screen;

use eframe::egui::{self, Align2, FontId, Pos2, Rect, Shape, Vec2};
use walkers::{Map, MapMemory, Plugin, Tiles, lon_lat};

use crate::app::AppState;
use crate::app::derived::RelativeMark;
use crate::app::style::{SEA, SELECTED};
use crate::app::tile_sources::{TileProvider, make_tiles};
use crate::{Basemap, mercator};
use crate::{Collection, PlaceMentions};
use crate::{Gazetteer, Place, PlaceId, PlaceKind};

use basemap::{BasemapLayer, MercLayers};
pub use cluster::{CLUSTER_PX, NO_CLUSTER_ZOOM, cluster};
use label_index::LabelIndex;
use labels::LabelsLayer;
use legend::{attribution_ui, legend_ui};
use marks::MarksLayer;
pub use pins::{PinAction, Pins, pin_radius};
use pins::{PinScratch, PinsLayer};
use regions::RegionsLayer;
use relative::RelativeLayer;
pub use screen::{Screen, lon_lat_of};

/// A layer that may have nothing to draw yet (its data still loading): a plugin either way,
/// so every layer keeps its place among the plugins.
struct Layer<P>(Option<P>);

impl<P: Plugin> Plugin for Layer<P> {
    fn run(
        self: Box<Self>,
        ui: &mut egui::Ui,
        response: &egui::Response,
        projector: &walkers::Projector,
        memory: &MapMemory,
    ) {
        if let Some(p) = self.0 {
            Box::new(p).run(ui, response, projector, memory);
        }
    }
}

/// What the map shows.
pub struct MapContent<'a> {
    /// The gazetteer, once loaded.
    pub gaz: Option<&'a Gazetteer>,
    /// The offline basemap, once loaded.
    pub basemap: Option<&'a Basemap>,
    /// Region shapes, once loaded.
    pub regions: Option<&'a crate::Regions>,
    /// Country outlines, once loaded.
    pub countries: Option<&'a crate::Regions>,
    /// Places with their mentions, most mentioned first.
    pub places: &'a [PlaceMentions],
    /// The documents.
    pub collection: &'a Collection,
    /// The relative locations, one mark for each point.
    pub relatives: &'a [RelativeMark],
    /// The place whose excerpts are open.
    pub selected: Option<PlaceId>,
    /// The pinned places' ids, sorted (their names are not repeated as map labels).
    pub pinned_ids: &'a [PlaceId],
    /// What the pins need of each place, built with `places`.
    pub pins: &'a Pins,
}

/// Map state that lives across frames.
pub struct MapView {
    memory: MapMemory,
    tiles: Option<(TileProvider, Box<dyn Tiles>)>,
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
        self.last_screen.map(|s| s.pos(mercator(lon, lat)))
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
        if self
            .tiles
            .as_ref()
            .is_none_or(|(p, _)| *p != state.tile_provider)
        {
            self.tiles = None;
        }
        let tiles: Option<&mut dyn Tiles> = if online {
            let ctx = self.ctx.clone();
            let provider = state.tile_provider.clone();
            let (_, t) = self.tiles.get_or_insert_with(|| {
                let t = make_tiles(&provider, ctx);
                (provider, t)
            });
            Some(t.as_mut())
        } else {
            None
        };
        let tile_credit = tiles.as_ref().map(|t| t.attribution().text);
        let (mut region_click, mut relative_click, mut pin_click) = (None, None, None);
        // Every layer is added every frame, in the same order, whether its data is there or
        // not: walkers salts each plugin's ids with its position, so a layer added late
        // (the region shapes load last) would change the pins' ids and lose a click.
        let basemap_layer = basemap.map(|b| BasemapLayer {
            basemap: b,
            merc: &mut self.basemap_merc,
            painter: ui.painter().clone(),
            slot: basemap_slot,
        });
        let regions_layer = match (gaz, regions, countries) {
            (Some(g), Some(r), Some(c)) => Some(RegionsLayer {
                gaz: g,
                regions: r,
                countries: c,
                places,
                pins,
                selected,
                clicked: &mut region_click,
            }),
            _ => None,
        };
        let labels_layer = gaz.map(|g| LabelsLayer {
            gaz: g,
            index: &mut self.labels,
            pinned: pinned_ids,
        });
        let marks_layer = gaz.map(|g| MarksLayer {
            gaz: g,
            corrected: &self.corrected,
            highlight: self.highlight.take(),
            avoid: self.avoid.take(),
        });
        let relative_layer = gaz.map(|g| RelativeLayer {
            gaz: g,
            collection,
            relatives,
            selected,
            clicked: &mut relative_click,
        });
        let pins_layer = gaz.map(|g| PinsLayer {
            gaz: g,
            places,
            pins,
            scratch: &mut self.scratch,
            selected,
            clicked: &mut pin_click,
        });
        let map = Map::new(tiles, &mut self.memory, lon_lat(30.0, 50.0))
            .zoom_with_ctrl(false)
            .with_plugin(Layer(basemap_layer))
            .with_plugin(Layer(regions_layer))
            .with_plugin(Layer(labels_layer))
            .with_plugin(Layer(marks_layer))
            .with_plugin(Layer(relative_layer))
            .with_plugin(Layer(pins_layer));
        let last_screen = &mut self.last_screen;
        let (picking, picked) = (self.picking, &mut self.picked);
        let show_legend = state.show_legend;
        let picked_now = map
            .show(ui, |ui, response, projector, _| {
                *last_screen = Some(Screen::new(projector));
                let mut picked_now = false;
                if picking {
                    if response.clicked()
                        && let Some(pos) = response.interact_pointer_pos()
                    {
                        *picked = Some(lon_lat_of(Screen::new(projector).unproject(pos)));
                        picked_now = true;
                    }
                    ui.painter().text(
                        rect.center_top() + Vec2::new(0.0, 16.0),
                        Align2::CENTER_TOP,
                        "Click the map where the place is (Esc cancels)",
                        FontId::proportional(16.0),
                        SELECTED,
                    );
                }
                if show_legend {
                    legend_ui(ui, rect);
                }
                attribution_ui(ui, rect, tile_credit);
                picked_now
            })
            .inner;
        if picked_now {
            return None;
        }
        let region_or_relative = relative_click.or(region_click).map(PinAction::Place);
        match pin_click.or(region_or_relative) {
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
