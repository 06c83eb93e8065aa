//! GeoJSON (RFC 7946): one Feature per place, one per relative location.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::OnceLock;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
    geojson_with(gaz, coll, &Filter::default(), &GeoJsonOptions::default()).unwrap_or_default()
}

/// A GeoJSON FeatureCollection of what `filter` keeps: one Feature per place with its
/// mentions, excerpts, sources and dates, and one Point per relative location. Fails only
/// when polygons are asked for and the bundled shapes cannot be read. (As a value: an
/// export of millions of names is written with [`write_geojson`], which holds none.)
pub fn geojson_with(
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
    options: &GeoJsonOptions,
) -> Result<Value, ExportError> {
    let bytes = write_geojson(Vec::new(), gaz, coll, filter, options)?;
    Ok(serde_json::from_slice(&bytes).map_err(std::io::Error::from)?)
}

/// Writes the GeoJSON FeatureCollection of what `filter` keeps (see [`geojson_with`]) to
/// `out`, pretty-printed, a feature at a time and each place's excerpts as they are read:
/// ten million names are never held as JSON values.
pub(super) fn write_geojson<W: Write>(
    out: W,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
    options: &GeoJsonOptions,
) -> Result<W, ExportError> {
    let places = crate::filter::places(coll, gaz, filter);
    let shapes = if options.regions_as_polygons {
        Some(shapes()?)
    } else {
        None
    };
    let relatives = selected_relatives(gaz, coll, filter);
    let features = Features {
        gaz,
        coll,
        places: &places,
        relatives: &relatives,
        shapes,
    };
    let mut ser =
        serde_json::Serializer::with_formatter(out, serde_json::ser::PrettyFormatter::new());
    let collection = (("type", "FeatureCollection"), ("features", &features));
    serialize_pairs(&mut ser, &collection).map_err(std::io::Error::from)?;
    let mut out = ser.into_inner();
    out.write_all(b"\n")?;
    Ok(out)
}

/// Writes a JSON object of two entries, in this order.
fn serialize_pairs<S: Serializer, A: Serialize, B: Serialize>(
    s: S,
    ((ka, a), (kb, b)): &((&str, A), (&str, B)),
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(2))?;
    map.serialize_entry(ka, a)?;
    map.serialize_entry(kb, b)?;
    map.end()
}

/// The features of an export: the places, then the relative locations.
struct Features<'a> {
    gaz: &'a Gazetteer,
    coll: &'a Collection,
    places: &'a [PlaceMentions],
    relatives: &'a [crate::collection::MentionRef],
    shapes: Option<&'static Shapes>,
}

impl Serialize for Features<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for pm in self.places {
            seq.serialize_element(&PlaceFeature {
                gaz: self.gaz,
                coll: self.coll,
                pm,
                shapes: self.shapes,
            })?;
        }
        // Relative locations: one approximate point each, with its uncertainty.
        for &r in self.relatives {
            if let Some(f) = relative_feature(self.gaz, self.coll, r) {
                seq.serialize_element(&f)?;
            }
        }
        seq.end()
    }
}

/// One place's Feature: its point (or outline), what it is, and its excerpts.
struct PlaceFeature<'a> {
    gaz: &'a Gazetteer,
    coll: &'a Collection,
    pm: &'a PlaceMentions,
    shapes: Option<&'static Shapes>,
}

impl Serialize for PlaceFeature<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (gaz, coll, pm) = (self.gaz, self.coll, self.pm);
        let p = PlaceOut::new(gaz, pm.place);
        let place = gaz.place(pm.place);
        let polygons = self.shapes.and_then(|shapes| match place.kind {
            PlaceKind::Region if !place.admin1.is_empty() => shapes.admin1.get(&place.admin1),
            PlaceKind::Country if !place.country.is_empty() => shapes.countries.get(&place.country),
            _ => None,
        });
        let geometry = polygons
            .and_then(|polygons| multipolygon(polygons))
            .unwrap_or_else(|| json!({"type": "Point", "coordinates": [p.lon, p.lat]}));
        let mut sources: BTreeSet<String> = BTreeSet::new();
        let mut dates: BTreeSet<&str> = BTreeSet::new();
        let mut last_doc = None;
        for &r in &pm.mentions {
            // A place's mentions are in load order: each document's once.
            if last_doc == Some(r.doc) {
                continue;
            }
            last_doc = Some(r.doc);
            if let Some((d, _)) = coll.mention(r) {
                sources.insert(d.doc.source_label());
                dates.extend(d.doc.date.as_deref());
            }
        }
        let props = PlaceProps {
            p: &p,
            dates: &dates,
            sources: &sources,
            excerpts: Excerpts { coll, pm },
            mentions: pm.mentions.len(),
        };
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("type", "Feature")?;
        map.serialize_entry("geometry", &geometry)?;
        map.serialize_entry("properties", &props)?;
        map.end()
    }
}

/// A place Feature's properties, by name.
struct PlaceProps<'a> {
    p: &'a PlaceOut,
    dates: &'a BTreeSet<&'a str>,
    sources: &'a BTreeSet<String>,
    excerpts: Excerpts<'a>,
    mentions: usize,
}

impl Serialize for PlaceProps<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.p;
        let mut map = s.serialize_map(None)?;
        // An approximate place (its unit's centre): its uncertainty, as for relative
        // locations.
        if p.radius_km.is_some() {
            map.serialize_entry("approximate", &true)?;
        }
        map.serialize_entry("country", &p.country)?;
        map.serialize_entry("country_code", &p.country_code)?;
        map.serialize_entry("dates", self.dates)?;
        if let Some(d) = &p.district {
            map.serialize_entry("district", d)?;
        }
        map.serialize_entry("excerpts", &self.excerpts)?;
        map.serialize_entry("id", &p.id)?;
        map.serialize_entry("kind", &p.kind)?;
        map.serialize_entry("lat", &p.lat)?;
        map.serialize_entry("lon", &p.lon)?;
        map.serialize_entry("mentions", &self.mentions)?;
        map.serialize_entry("name", &p.name)?;
        if let Some(r) = &p.radius_km {
            map.serialize_entry("radius_km", r)?;
        }
        map.serialize_entry("region", &p.region)?;
        map.serialize_entry("sources", self.sources)?;
        map.end()
    }
}

/// A place's excerpts, made one at a time as they are written.
struct Excerpts<'a> {
    coll: &'a Collection,
    pm: &'a PlaceMentions,
}

impl Serialize for Excerpts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            (self.pm.mentions.iter())
                .filter_map(|&r| self.coll.mention(r))
                .map(|(d, m)| ExcerptOut::new(d, m)),
        )
    }
}

/// The Feature of one relative location: an approximate point with its uncertainty.
fn relative_feature(
    gaz: &Gazetteer,
    coll: &Collection,
    r: crate::collection::MentionRef,
) -> Option<Value> {
    let (d, m) = coll.mention(r)?;
    let rel = relative_out(gaz, m)?;
    let anchor = m
        .resolution
        .as_ref()
        .map(|r| gaz.display_name(gaz.place(r.place)).to_string())
        .unwrap_or_default();
    let excerpt = ExcerptOut::new(d, m);
    Some(json!({
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
    }))
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
