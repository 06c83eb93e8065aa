//! The offline basemap from Natural Earth: coastlines (detailed, and simplified for the
//! world view), country and region borders and rivers as polylines in degrees, and land and
//! lakes as polygons triangulated once, in Web Mercator, ready to fill. Drawing is the app's
//! business; this module only holds the data.

use std::io::Read;

use serde::Deserialize;

/// The bundled basemap, gzip-compressed JSON (built by `scripts/build_data.py`).
pub static BUNDLED_BASEMAP_GZ: &[u8] = include_bytes!("../../../data/basemap.json.gz");

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineKind {
    /// A major river (1:50m).
    River,
    /// Land meets sea, simplified (1:50m), for the world view.
    CoastlineLow,
    /// Land meets sea.
    Coastline,
    /// A border between countries.
    CountryBorder,
    /// A border between first-level regions.
    RegionBorder,
}

/// A polyline with its bounding box.
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    /// Points as (longitude, latitude) in degrees.
    pub points: Vec<[f32; 2]>,
    /// West, south, east, north in degrees.
    pub bbox: [f32; 4],
}

/// Lines of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayer {
    /// What they are.
    pub kind: LineKind,
    /// The lines.
    pub lines: Vec<Polyline>,
}

/// What a filled area is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FillKind {
    /// Land, simplified (1:50m), for the world view.
    Land,
    /// Land in detail (1:10m), for zoom 6 and closer.
    LandDetail,
    /// Lakes.
    Lake,
}

/// One polygon as triangles: vertices in Web Mercator (x, y from 0 to 1, y down).
#[derive(Debug, Clone, PartialEq)]
pub struct Mesh {
    /// Vertex positions.
    pub vertices: Vec<[f32; 2]>,
    /// Triangles, three vertex indices each.
    pub indices: Vec<u32>,
    /// West, south, east, north in degrees.
    pub bbox: [f32; 4],
}

/// Filled areas of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct FillLayer {
    /// What they are.
    pub kind: FillKind,
    /// The polygons, triangulated.
    pub meshes: Vec<Mesh>,
}

/// All basemap lines and fills.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basemap {
    /// Line layers in drawing order (rivers and region borders first, coastlines last).
    pub layers: Vec<LineLayer>,
    /// Fill layers in drawing order (land, then lakes).
    pub fills: Vec<FillLayer>,
}

/// Web Mercator position of a point: x and y from 0 to 1, y down.
pub fn mercator(lon: f64, lat: f64) -> [f32; 2] {
    let lat = lat.clamp(-85.05, 85.05).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    [x as f32, y as f32]
}

impl Mesh {
    /// A mesh with no triangles yet.
    pub fn empty() -> Self {
        Mesh {
            vertices: Vec::new(),
            indices: Vec::new(),
            bbox: [f32::MAX, f32::MAX, f32::MIN, f32::MIN],
        }
    }

    /// Adds one polygon, given as rings of (lon, lat) points in degrees (exterior first),
    /// triangulated in Web Mercator. Returns its rings in Web Mercator (for outlines).
    pub fn add_polygon<R, P>(&mut self, rings: R) -> Vec<Vec<[f32; 2]>>
    where
        R: IntoIterator<Item = P>,
        P: IntoIterator<Item = [f64; 2]>,
    {
        use geo::TriangulateEarcut;
        let mut merc_rings = Vec::new();
        let mut ls: Vec<geo::LineString<f64>> = Vec::new();
        for ring in rings {
            let pts: Vec<geo::Coord<f64>> = ring
                .into_iter()
                .filter(|c| c[0].is_finite() && c[1].is_finite())
                .map(|c| {
                    self.bbox[0] = self.bbox[0].min(c[0] as f32);
                    self.bbox[1] = self.bbox[1].min(c[1] as f32);
                    self.bbox[2] = self.bbox[2].max(c[0] as f32);
                    self.bbox[3] = self.bbox[3].max(c[1] as f32);
                    let m = mercator(c[0], c[1]);
                    geo::coord! { x: f64::from(m[0]), y: f64::from(m[1]) }
                })
                .collect();
            if pts.len() >= 4 {
                merc_rings.push(pts.iter().map(|c| [c.x as f32, c.y as f32]).collect());
                ls.push(geo::LineString::new(pts));
            }
        }
        let mut it = ls.into_iter();
        let Some(exterior) = it.next() else {
            return merc_rings;
        };
        let tri = geo::Polygon::new(exterior, it.collect()).earcut_triangles_raw();
        let base = self.vertices.len() as u32;
        self.vertices
            .extend(tri.vertices.iter().map(|c| [c[0] as f32, c[1] as f32]));
        self.indices.extend(
            tri.triangle_indices
                .iter()
                .filter_map(|&i| u32::try_from(i).ok())
                .map(|i| base + i),
        );
        merc_rings
    }
}

/// Triangulates polygons given as rings of flat (lon, lat) coordinates, exterior first.
fn meshes(raw: Vec<Vec<Vec<f32>>>) -> Vec<Mesh> {
    raw.into_iter()
        .filter_map(|rings| {
            let mut mesh = Mesh::empty();
            mesh.add_polygon(rings.iter().map(|flat| {
                flat.chunks_exact(2)
                    .map(|c| [f64::from(c[0]), f64::from(c[1])])
            }));
            (!mesh.indices.is_empty() && mesh.indices.len().is_multiple_of(3)).then_some(mesh)
        })
        .collect()
}

/// Errors reading a basemap.
#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    /// Not readable or not gzip.
    #[error("cannot read the basemap: {0}")]
    Io(#[from] std::io::Error),
    /// Not the expected JSON.
    #[error("the basemap is not valid: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Deserialize)]
struct RawBasemap {
    layers: RawLayers,
    #[serde(default)]
    polygons: RawPolygons,
}

#[derive(Deserialize, Default)]
struct RawPolygons {
    #[serde(default)]
    land: Vec<Vec<Vec<f32>>>,
    #[serde(default)]
    land_detail: Vec<Vec<Vec<f32>>>,
    #[serde(default)]
    lakes: Vec<Vec<Vec<f32>>>,
}

#[derive(Deserialize)]
struct RawLayers {
    #[serde(default)]
    coastline: Vec<Vec<f32>>,
    #[serde(default)]
    country_border: Vec<Vec<f32>>,
    #[serde(default)]
    region_border: Vec<Vec<f32>>,
    #[serde(default)]
    coastline_low: Vec<Vec<f32>>,
    #[serde(default)]
    river: Vec<Vec<f32>>,
}

fn polylines(raw: Vec<Vec<f32>>) -> Vec<Polyline> {
    raw.into_iter()
        .filter_map(|flat| {
            let points: Vec<[f32; 2]> = flat
                .chunks_exact(2)
                .map(|c| [c[0], c[1]])
                .filter(|p| p[0].is_finite() && p[1].is_finite())
                .collect();
            if points.len() < 2 {
                return None;
            }
            let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for p in &points {
                bbox[0] = bbox[0].min(p[0]);
                bbox[1] = bbox[1].min(p[1]);
                bbox[2] = bbox[2].max(p[0]);
                bbox[3] = bbox[3].max(p[1]);
            }
            Some(Polyline { points, bbox })
        })
        .collect()
}

impl Basemap {
    /// The basemap bundled with the app.
    pub fn bundled() -> Result<Self, BasemapError> {
        Self::from_json_gz(BUNDLED_BASEMAP_GZ)
    }

    /// Reads a gzip-compressed basemap JSON.
    pub fn from_json_gz(bytes: &[u8]) -> Result<Self, BasemapError> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut json)?;
        let raw: RawBasemap = serde_json::from_slice(&json)?;
        Ok(Basemap {
            layers: vec![
                LineLayer {
                    kind: LineKind::River,
                    lines: polylines(raw.layers.river),
                },
                LineLayer {
                    kind: LineKind::RegionBorder,
                    lines: polylines(raw.layers.region_border),
                },
                LineLayer {
                    kind: LineKind::CountryBorder,
                    lines: polylines(raw.layers.country_border),
                },
                LineLayer {
                    kind: LineKind::CoastlineLow,
                    lines: polylines(raw.layers.coastline_low),
                },
                LineLayer {
                    kind: LineKind::Coastline,
                    lines: polylines(raw.layers.coastline),
                },
            ],
            fills: vec![
                FillLayer {
                    kind: FillKind::Land,
                    meshes: meshes(raw.polygons.land),
                },
                FillLayer {
                    kind: FillKind::LandDetail,
                    meshes: meshes(raw.polygons.land_detail),
                },
                FillLayer {
                    kind: FillKind::Lake,
                    meshes: meshes(raw.polygons.lakes),
                },
            ],
        })
    }

    /// Number of points in all layers.
    pub fn point_count(&self) -> usize {
        self.layers
            .iter()
            .flat_map(|l| &l.lines)
            .map(|l| l.points.len())
            .sum()
    }
}
