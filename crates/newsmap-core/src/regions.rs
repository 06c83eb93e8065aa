//! First-level region shapes (Natural Earth admin-1, ISO 3166 view: Crimea in Ukraine) for
//! drawing a region mention as its outline: each region triangulated in Web Mercator, with
//! its rings, keyed by the GeoNames admin-1 code the gazetteer's regions carry ("UA.05").

use std::collections::BTreeMap;
use std::io::Read;

use serde::Deserialize;

use crate::basemap::{BasemapError, Mesh};

/// The bundled region polygons, gzip-compressed GeoJSON (built by `scripts/build_data.py`).
pub static BUNDLED_ADMIN1_GZ: &[u8] = include_bytes!("../../../data/admin1.geojson.gz");
/// The bundled country outlines (ISO 3166 view), keyed by ISO alpha-2.
pub static BUNDLED_COUNTRIES_GZ: &[u8] = include_bytes!("../../../data/countries.geojson.gz");

/// Which property names a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKey {
    /// `admin1`: GeoNames admin-1 code.
    Admin1,
    /// `country`: ISO 3166-1 alpha-2.
    Country,
}

/// One region's (or country's) shape.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionShape {
    /// GeoNames admin-1 code, e.g. `UA.05` (or the country's ISO alpha-2).
    pub admin1: String,
    /// Its area as triangles.
    pub mesh: Mesh,
    /// Its outline in Web Mercator: the polygons' rings, except that a ring running along
    /// the antimeridian (where the data cut the shape: no border runs there) is broken
    /// into open lines without those stretches.
    pub rings: Vec<Vec<[f32; 2]>>,
    /// Whether each of `rings` is a closed ring (else an open line).
    pub closed: Vec<bool>,
}

impl RegionShape {
    /// Whether a Web Mercator point lies inside the region.
    pub fn contains(&self, p: [f32; 2]) -> bool {
        let [w, _, e, _] = self.mesh.bbox;
        let lon = p[0] * 360.0 - 180.0;
        if lon < w - 0.01 || lon > e + 0.01 {
            return false;
        }
        self.mesh.indices.chunks_exact(3).any(|t| {
            let v = |i: u32| self.mesh.vertices[i as usize];
            in_triangle(p, v(t[0]), v(t[1]), v(t[2]))
        })
    }
}

fn in_triangle(p: [f32; 2], a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> bool {
    let d = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
        (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1])
    };
    let (d1, d2, d3) = (d(p, a, b), d(p, b, c), d(p, c, a));
    !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
}

/// A longitude on the antimeridian, within rounding.
fn on_antimeridian(lon: f64) -> bool {
    (lon.abs() - 180.0).abs() <= 0.001
}

/// A shape the data cut at the antimeridian (Russia at Chukotka and Wrangel Island, Fiji:
/// a polygon ends at 180° and another, wholly in the western hemisphere, starts at -180°)
/// has its polygons near it in the west (all of them within 15° of it: the cut halves and
/// the islands beside them) moved 360° east, beside the rest: the shape is drawn in one
/// piece, ending past the map's eastern edge, instead of leaving a sliver at its western
/// edge. Other shapes (the United States, whose Aleutians lie on both sides, and
/// Antarctica, one ring around the pole) are left as they are.
fn join_across_antimeridian(mut polygons: Vec<Vec<Vec<[f64; 2]>>>) -> Vec<Vec<Vec<[f64; 2]>>> {
    fn exterior(p: &[Vec<[f64; 2]>]) -> &[[f64; 2]] {
        p.first().map_or(&[], |r| r.as_slice())
    }
    let reaches_east = polygons.iter().any(|p| {
        exterior(p)
            .iter()
            .any(|c| on_antimeridian(c[0]) && c[0] > 0.0)
    });
    let cut_in_west = polygons.iter().any(|p| {
        let ext = exterior(p);
        ext.iter().any(|c| on_antimeridian(c[0]) && c[0] < 0.0) && ext.iter().all(|c| c[0] < 0.0)
    });
    if !(reaches_east && cut_in_west) {
        return polygons;
    }
    for p in &mut polygons {
        let ext = exterior(p);
        if !ext.is_empty() && ext.iter().all(|c| c[0] < -165.0) {
            for ring in p.iter_mut() {
                for c in ring.iter_mut() {
                    c[0] += 360.0;
                }
            }
        }
    }
    polygons
}

/// A ring (Web Mercator) as outline lines: itself, closed, when no stretch of it runs
/// along the antimeridian (x = 0 or 1, or from one to the other); else the open lines
/// between such stretches.
fn without_antimeridian(ring: Vec<[f32; 2]>) -> Vec<(Vec<[f32; 2]>, bool)> {
    let seam = |p: [f32; 2]| on_antimeridian(f64::from(p[0]) * 360.0 - 180.0);
    let n = ring.len();
    let cut = |i: usize| seam(ring[i]) && seam(ring[(i + 1) % n]);
    let Some(first_cut) = (0..n).find(|&i| cut(i)) else {
        return vec![(ring, true)];
    };
    // Walk once around the ring from the end of a cut stretch, starting a new line after
    // every cut.
    let mut lines = Vec::new();
    let mut line: Vec<[f32; 2]> = Vec::new();
    for k in 1..=n {
        let i = (first_cut + k) % n;
        if line.is_empty() {
            line.push(ring[i]);
        }
        if cut(i) {
            if line.len() >= 2 {
                lines.push((std::mem::take(&mut line), false));
            }
            line.clear();
        } else {
            line.push(ring[(i + 1) % n]);
        }
    }
    if line.len() >= 2 {
        lines.push((line, false));
    }
    lines
}

/// Every region shape, by admin-1 code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Regions {
    shapes: BTreeMap<String, RegionShape>,
}

#[derive(Deserialize)]
struct RawCollection {
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    properties: RawProps,
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
struct RawProps {
    #[serde(default)]
    admin1: String,
    #[serde(default)]
    country: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum RawGeometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Regions {
    /// The code of the shape holding the point (`lon`, `lat` in degrees), if any.
    pub fn containing(&self, lon: f64, lat: f64) -> Option<&str> {
        let p = crate::basemap::mercator(lon, lat);
        self.shapes
            .values()
            .find(|s| s.contains(p))
            .map(|s| s.admin1.as_str())
    }

    /// The regions bundled with the app.
    pub fn bundled() -> Result<Self, BasemapError> {
        Self::from_geojson_gz(BUNDLED_ADMIN1_GZ, ShapeKey::Admin1)
    }

    /// The country outlines bundled with the app.
    pub fn bundled_countries() -> Result<Self, BasemapError> {
        Self::from_geojson_gz(BUNDLED_COUNTRIES_GZ, ShapeKey::Country)
    }

    /// Reads gzip-compressed GeoJSON whose features are named by the `key` property.
    pub fn from_geojson_gz(bytes: &[u8], key: ShapeKey) -> Result<Self, BasemapError> {
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut json)?;
        let raw: RawCollection = serde_json::from_slice(&json)?;
        let mut shapes = BTreeMap::new();
        for f in raw.features {
            let name = match key {
                ShapeKey::Admin1 => f.properties.admin1,
                ShapeKey::Country => f.properties.country,
            };
            if name.is_empty() {
                continue;
            }
            let polygons = match f.geometry {
                Some(RawGeometry::Polygon(p)) => vec![p],
                Some(RawGeometry::MultiPolygon(m)) => m,
                None => continue,
            };
            let mut mesh = Mesh::empty();
            let mut rings_out = Vec::new();
            let mut closed = Vec::new();
            for rings in join_across_antimeridian(polygons) {
                for ring in mesh.add_polygon(rings) {
                    for (line, is_closed) in without_antimeridian(ring) {
                        rings_out.push(line);
                        closed.push(is_closed);
                    }
                }
            }
            if !mesh.indices.is_empty() {
                let admin1 = name;
                shapes.insert(
                    admin1.clone(),
                    RegionShape {
                        admin1,
                        mesh,
                        rings: rings_out,
                        closed,
                    },
                );
            }
        }
        Ok(Regions { shapes })
    }

    /// Every shape, in order of its code.
    pub fn iter(&self) -> impl Iterator<Item = &RegionShape> {
        self.shapes.values()
    }

    /// The shape of a region by its admin-1 code.
    pub fn get(&self, admin1: &str) -> Option<&RegionShape> {
        self.shapes.get(admin1)
    }

    /// Number of regions.
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }
}

/// One polygon as rings of (lon, lat) points in degrees, exterior first, then its holes.
pub type LonLatPolygon = Vec<Vec<[f64; 2]>>;

/// The shapes of gzip-compressed GeoJSON as they are in the file, (lon, lat) in degrees,
/// polygon by polygon, keyed by the `key` property (for writing them out again; the
/// [`RegionShape`]s keep only Web Mercator rings, without saying which ring is a hole).
pub fn lonlat_polygons(
    bytes: &[u8],
    key: ShapeKey,
) -> Result<BTreeMap<String, Vec<LonLatPolygon>>, BasemapError> {
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut json)?;
    let raw: RawCollection = serde_json::from_slice(&json)?;
    let mut out = BTreeMap::new();
    for f in raw.features {
        let name = match key {
            ShapeKey::Admin1 => f.properties.admin1,
            ShapeKey::Country => f.properties.country,
        };
        let polygons = match f.geometry {
            Some(RawGeometry::Polygon(p)) => vec![p],
            Some(RawGeometry::MultiPolygon(m)) => m,
            None => continue,
        };
        if !name.is_empty() && !polygons.is_empty() {
            out.insert(name, polygons);
        }
    }
    Ok(out)
}
