//! GeoJSON (RFC 7946): one Feature per place, one per relative location.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::{ExcerptOut, ExportError, PlaceOut, relative_label, relative_out, selected_relatives};
use crate::collection::{Collection, PlaceMentions};
use crate::filter::Filter;
use crate::gazetteer::{Gazetteer, PlaceKind};
use crate::regions::{self, LonLatPolygon, ShapeKey};

/// How places are written in GeoJSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeoJsonOptions {
    /// Write a region (with a first-level code) or a country as its outline, a
    /// MultiPolygon from the bundled Natural Earth shapes, instead of a Point; places
    /// without a shape stay Points.
    pub regions_as_polygons: bool,
}

/// A GeoJSON FeatureCollection of the whole collection with one Point per resolved place
/// (and per relative location).
pub fn geojson(gaz: &Gazetteer, coll: &Collection) -> Value {
    let places = coll.places(gaz);
    collection(gaz, coll, &Filter::default(), &places, |_| None)
}

/// A GeoJSON FeatureCollection of what `filter` keeps: one Feature per place with its
/// mentions, excerpts, sources and dates, and one Point per relative location. Fails only
/// when polygons are asked for and the bundled shapes cannot be read.
pub fn geojson_with(
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
    options: &GeoJsonOptions,
) -> Result<Value, ExportError> {
    let places = crate::filter::places(coll, gaz, filter);
    if !options.regions_as_polygons {
        return Ok(collection(gaz, coll, filter, &places, |_| None));
    }
    let shapes = shapes()?;
    Ok(collection(gaz, coll, filter, &places, |pm| {
        let p = gaz.place(pm.place);
        let polygons = match p.kind {
            PlaceKind::Region if !p.admin1.is_empty() => shapes.admin1.get(&p.admin1),
            PlaceKind::Country if !p.country.is_empty() => shapes.countries.get(&p.country),
            _ => None,
        }?;
        multipolygon(polygons)
    }))
}

fn collection(
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
    places: &[PlaceMentions],
    polygon_of: impl Fn(&PlaceMentions) -> Option<Value>,
) -> Value {
    let mut features: Vec<Value> = places
        .iter()
        .map(|pm| {
            let p = PlaceOut::new(gaz, pm.place);
            let excerpts: Vec<ExcerptOut> = pm
                .mentions
                .iter()
                .filter_map(|&r| coll.mention(r))
                .map(|(d, m)| ExcerptOut::new(d, m))
                .collect();
            let sources: BTreeSet<&str> = excerpts.iter().map(|e| e.source.as_str()).collect();
            let dates: BTreeSet<&str> = excerpts.iter().filter_map(|e| e.date.as_deref()).collect();
            let geometry = polygon_of(pm)
                .unwrap_or_else(|| json!({"type": "Point", "coordinates": [p.lon, p.lat]}));
            let mut feature = json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "country_code": p.country_code,
                    "region": p.region,
                    "lat": p.lat,
                    "lon": p.lon,
                    "mentions": pm.mentions.len(),
                    "sources": sources,
                    "dates": dates,
                    "excerpts": excerpts,
                }
            });
            // An approximate place (its unit's centre): its uncertainty, as for relative
            // locations.
            if let Some(props) = feature["properties"].as_object_mut() {
                if let Some(r) = p.radius_km {
                    props.insert("radius_km".into(), json!(r));
                    props.insert("approximate".into(), json!(true));
                }
                if let Some(d) = &p.district {
                    props.insert("district".into(), json!(d));
                }
            }
            feature
        })
        .collect();
    // Relative locations: one approximate point each, with its uncertainty.
    for r in selected_relatives(gaz, coll, filter) {
        let Some((d, m)) = coll.mention(r) else {
            continue;
        };
        let Some(rel) = relative_out(gaz, m) else {
            continue;
        };
        let anchor = m
            .resolution
            .as_ref()
            .map(|r| gaz.display_name(gaz.place(r.place)).to_string())
            .unwrap_or_default();
        let excerpt = ExcerptOut::new(d, m);
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [rel.lon, rel.lat]},
            "properties": {
                "id": format!("{}+{}km@{}", rel.anchor, rel.distance_km, rel.bearing_deg),
                "name": relative_label(rel.distance_km, rel.bearing_deg, &anchor),
                "kind": "relative",
                "approximate": true,
                "relative": rel,
                "mentions": 1,
                "sources": [excerpt.source],
                "dates": excerpt.date.iter().collect::<Vec<_>>(),
                "excerpts": [excerpt],
            }
        }));
    }
    json!({"type": "FeatureCollection", "features": features})
}

/// The bundled region and country outlines in degrees, read once.
struct Shapes {
    admin1: BTreeMap<String, Vec<LonLatPolygon>>,
    countries: BTreeMap<String, Vec<LonLatPolygon>>,
}

fn shapes() -> Result<&'static Shapes, ExportError> {
    static SHAPES: OnceLock<Result<Shapes, String>> = OnceLock::new();
    SHAPES
        .get_or_init(|| {
            let admin1 = regions::lonlat_polygons(regions::BUNDLED_ADMIN1_GZ, ShapeKey::Admin1)
                .map_err(|e| e.to_string())?;
            let countries =
                regions::lonlat_polygons(regions::BUNDLED_COUNTRIES_GZ, ShapeKey::Country)
                    .map_err(|e| e.to_string())?;
            Ok(Shapes { admin1, countries })
        })
        .as_ref()
        .map_err(|e| ExportError::Shapes(e.clone()))
}

/// A MultiPolygon geometry as RFC 7946 wants it: rings closed, exterior rings
/// counter-clockwise, holes clockwise; degenerate rings and polygons left out.
fn multipolygon(polygons: &[LonLatPolygon]) -> Option<Value> {
    let mut out: Vec<Vec<Vec<[f64; 2]>>> = Vec::new();
    for polygon in polygons {
        let mut rings_out = Vec::new();
        for (i, ring) in polygon.iter().enumerate() {
            let Some(ring) = closed_ring(ring) else {
                if i == 0 {
                    break;
                }
                continue;
            };
            let exterior = i == 0;
            let ccw = signed_area(&ring) > 0.0;
            rings_out.push(if ccw == exterior {
                ring
            } else {
                ring.into_iter().rev().collect()
            });
        }
        if !rings_out.is_empty() {
            out.push(rings_out);
        }
    }
    (!out.is_empty()).then(|| json!({"type": "MultiPolygon", "coordinates": out}))
}

/// The ring with its last point equal to its first, at least four points; `None` for a
/// ring with fewer than three distinct points or a non-finite coordinate.
fn closed_ring(ring: &[[f64; 2]]) -> Option<Vec<[f64; 2]>> {
    if ring.iter().any(|c| !c[0].is_finite() || !c[1].is_finite()) {
        return None;
    }
    let mut r = ring.to_vec();
    r.dedup();
    if r.len() >= 2 && r.first() == r.last() {
        r.pop();
    }
    if r.len() < 3 {
        return None;
    }
    r.push(r[0]);
    Some(r)
}

/// Twice the signed area (shoelace), positive for a counter-clockwise ring in lon/lat.
fn signed_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_closed_and_wound_as_rfc_7946_says() {
        // A clockwise square with a counter-clockwise hole, not closed.
        let outer = vec![[0.0, 0.0], [0.0, 2.0], [2.0, 2.0], [2.0, 0.0]];
        let hole = vec![[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5]];
        let g = multipolygon(&[vec![outer, hole]]).unwrap_or_else(|| panic!("no polygon"));
        let rings: Vec<Vec<[f64; 2]>> =
            serde_json::from_value(g["coordinates"][0].clone()).unwrap();
        assert_eq!(rings.len(), 2);
        for r in &rings {
            assert_eq!(r.first(), r.last());
            assert_eq!(r.len(), 5);
        }
        assert!(signed_area(&rings[0]) > 0.0, "exterior counter-clockwise");
        assert!(signed_area(&rings[1]) < 0.0, "hole clockwise");
        assert!(multipolygon(&[vec![vec![[0.0, 0.0], [1.0, 1.0]]]]).is_none());
    }
}
