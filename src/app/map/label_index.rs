//! Which gazetteer places to name on the map, found without scanning all of them each
//! frame: areas (countries, regions) in one list, towns in one-degree cells, each list
//! largest first so a frame stops at the smallest town its zoom shows.

use crate::{Gazetteer, PlaceId, PlaceKind};

/// Cells per degree of longitude and latitude.
const CELLS_PER_DEGREE: f64 = 1.0;
const COLUMNS: usize = 360;
const ROWS: usize = 180;

/// Places to label, indexed by position.
#[derive(Debug)]
pub struct LabelIndex {
    /// Countries and regions, largest first.
    areas: Vec<PlaceId>,
    /// Towns per cell (row-major from the south-west), largest first.
    cells: Vec<Vec<PlaceId>>,
}

fn cell(lon: f64, lat: f64) -> (usize, usize) {
    let col = ((lon + 180.0) * CELLS_PER_DEGREE)
        .floor()
        .clamp(0.0, (COLUMNS - 1) as f64) as usize;
    let row = ((lat + 90.0) * CELLS_PER_DEGREE)
        .floor()
        .clamp(0.0, (ROWS - 1) as f64) as usize;
    (col, row)
}

impl LabelIndex {
    /// Indexes every country, region and town of `gaz`.
    pub fn new(gaz: &Gazetteer) -> Self {
        let mut areas = Vec::new();
        let mut cells = vec![Vec::new(); COLUMNS * ROWS];
        for (i, p) in gaz.places().iter().enumerate() {
            let id = i as PlaceId;
            match p.kind {
                PlaceKind::Country | PlaceKind::Region => areas.push(id),
                PlaceKind::City => {
                    let (col, row) = cell(p.lon, p.lat);
                    cells[row * COLUMNS + col].push(id);
                }
                _ => {}
            }
        }
        let by_size = |ids: &mut Vec<PlaceId>| {
            ids.sort_by_key(|&id| (std::cmp::Reverse(gaz.place(id).population), id));
        };
        by_size(&mut areas);
        cells.iter_mut().for_each(by_size);
        LabelIndex { areas, cells }
    }

    /// Areas inside the box (west, south, east, north in degrees), largest first.
    pub fn areas<'a>(
        &'a self,
        gaz: &'a Gazetteer,
        bbox: [f64; 4],
    ) -> impl Iterator<Item = PlaceId> + 'a {
        let [w, s, e, n] = bbox;
        self.areas.iter().copied().filter(move |&id| {
            let p = gaz.place(id);
            p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n
        })
    }

    /// Towns inside the box with at least `min_population` people.
    pub fn towns(&self, gaz: &Gazetteer, bbox: [f64; 4], min_population: u64) -> Vec<PlaceId> {
        let [w, s, e, n] = bbox;
        if min_population == u64::MAX || w > e || s > n {
            return Vec::new();
        }
        let (c0, r0) = cell(w, s);
        let (c1, r1) = cell(e, n);
        let mut out = Vec::new();
        for row in r0..=r1 {
            for col in c0..=c1 {
                for &id in &self.cells[row * COLUMNS + col] {
                    let p = gaz.place(id);
                    if p.population < min_population {
                        break;
                    }
                    if p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n {
                        out.push(id);
                    }
                }
            }
        }
        out
    }
}
