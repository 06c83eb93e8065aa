//! The offline basemap: coastlines and country and region borders from Natural Earth, as
//! polylines in degrees. Drawing is the app's business; this module only holds the data.

use std::io::Read;

use serde::Deserialize;

/// The bundled basemap, gzip-compressed JSON (built by `scripts/build_data.py`).
pub static BUNDLED_BASEMAP_GZ: &[u8] = include_bytes!("../data/basemap.json.gz");

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LineKind {
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

/// All basemap lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basemap {
    /// Layers in drawing order (region borders first, coastlines last).
    pub layers: Vec<LineLayer>,
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
}

#[derive(Deserialize)]
struct RawLayers {
    #[serde(default)]
    coastline: Vec<Vec<f32>>,
    #[serde(default)]
    country_border: Vec<Vec<f32>>,
    #[serde(default)]
    region_border: Vec<Vec<f32>>,
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
                    kind: LineKind::RegionBorder,
                    lines: polylines(raw.layers.region_border),
                },
                LineLayer {
                    kind: LineKind::CountryBorder,
                    lines: polylines(raw.layers.country_border),
                },
                LineLayer {
                    kind: LineKind::Coastline,
                    lines: polylines(raw.layers.coastline),
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
