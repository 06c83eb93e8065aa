//! The bundled data loads and holds the places users look for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{Basemap, LineKind};
use newsmap_core::{Place, PlaceKind};

/// The places called `name`, as (display name, kind, country, admin1, lat, lon).
fn named(name: &str) -> Vec<&'static Place> {
    let g = gaz();
    g.lookup(name).iter().map(|h| g.place(h.place)).collect()
}

fn one(name: &str, kind: PlaceKind, country: &str) -> &'static Place {
    let found = named(name);
    match found
        .iter()
        .find(|p| p.kind == kind && p.country == country)
    {
        Some(p) => p,
        None => panic!(
            "no {kind:?} {name} in {country}: {:?}",
            found
                .iter()
                .map(|p| (&p.name, p.kind, &p.country))
                .collect::<Vec<_>>()
        ),
    }
}

fn near(p: &Place, lat: f64, lon: f64, tolerance_deg: f64) -> bool {
    (p.lat - lat).abs() < tolerance_deg && (p.lon - lon).abs() < tolerance_deg
}

#[test]
fn gazetteer_covers_the_world() {
    let g = gaz();
    assert!(g.len() > 230_000, "{} places", g.len());
    let countries = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Country)
        .count();
    let regions = g
        .places()
        .iter()
        .filter(|p| p.kind == PlaceKind::Region)
        .count();
    assert!(countries > 240, "{countries} countries");
    assert!(regions > 3_000, "{regions} regions");
}

#[test]
fn war_zone_places_with_news_spellings() {
    let kurakhove = one("Kurakhove", PlaceKind::City, "UA");
    assert!(near(kurakhove, 47.985, 37.281, 0.05));
    assert_eq!(kurakhove.admin1, "UA.05");
    let pokrovsk = one("Pokrovsk", PlaceKind::City, "UA");
    assert!(near(pokrovsk, 48.280, 37.177, 0.05));
    for (news, dated) in [
        ("Avdiivka", "Avdiyivka"),
        ("Kupiansk", "Kupyansk"),
        ("Huliaipole", "Hulyaypole"),
    ] {
        let p = one(news, PlaceKind::City, "UA");
        assert_eq!(p.name, news, "shown as news writes it");
        assert!(
            named(dated).iter().any(|q| q.id == p.id),
            "{dated} still matches"
        );
    }
    for name in [
        "Chasiv Yar",
        "Velyka Novosilka",
        "Toretsk",
        "Vuhledar",
        "Sudzha",
    ] {
        assert!(!named(name).is_empty(), "{name}");
    }
}

#[test]
fn kyiv_in_three_spellings() {
    let kyiv = one("Kyiv", PlaceKind::City, "UA");
    for spelling in ["Kiev", "Київ", "Киев"] {
        assert!(
            named(spelling).iter().any(|p| p.id == kyiv.id),
            "{spelling}"
        );
    }
}

#[test]
fn regions_and_iso_3166_borders() {
    let kursk = one("Kursk Oblast", PlaceKind::Region, "RU");
    assert!(near(kursk, 51.7, 36.2, 1.0));
    assert!(
        named("Kursk").iter().any(|p| p.id == kursk.id),
        "bare name of the oblast"
    );
    assert!(named("Курская область").iter().any(|p| p.id == kursk.id));
    let donetsk = one("Donetsk Oblast", PlaceKind::Region, "UA");
    assert_eq!(donetsk.admin1, "UA.05");
    assert!(named("Донецька область").iter().any(|p| p.id == donetsk.id));
    // ISO 3166: Crimea (UA-43) and Sevastopol (UA-40) are in Ukraine.
    one("Crimea", PlaceKind::Region, "UA");
    one("Sevastopol", PlaceKind::Region, "UA");
    for (name, iso) in [
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("Ukraine", "UA"),
    ] {
        one(name, PlaceKind::Country, iso);
    }
}

#[test]
fn basemap_has_coastlines_and_borders() {
    let b = match Basemap::bundled() {
        Ok(b) => b,
        Err(e) => panic!("bundled basemap: {e}"),
    };
    for kind in [
        LineKind::Coastline,
        LineKind::CountryBorder,
        LineKind::RegionBorder,
    ] {
        let layer = b.layers.iter().find(|l| l.kind == kind);
        let lines = layer.map_or(0, |l| l.lines.len());
        assert!(lines > 100, "{kind:?}: {lines} lines");
    }
    // A border runs through the Donbas (between Ukraine and Russia, near 48 N 40 E).
    let borders = &b
        .layers
        .iter()
        .find(|l| l.kind == LineKind::CountryBorder)
        .map(|l| l.lines.clone())
        .unwrap_or_default();
    assert!(borders.iter().any(|l| {
        l.points
            .iter()
            .any(|p| (p[0] - 40.0).abs() < 0.5 && (p[1] - 48.5).abs() < 1.0)
    }));
}

/// The bundled name index (compiled by the xtask with the core's folding) finds names
/// spelled with or without diacritics, apostrophes, hyphens and Cyrillic letters.
#[test]
fn bundled_index_finds_names_however_spelled() {
    for (spelling, expected) in [
        ("Kraków", "Kraków"),
        ("Krakow", "Kraków"),
        ("Zurich", "Zürich"),
        ("Oryol", "Orël"),
        ("Ивано-Франковск", "Ivano-Frankivsk"),
        ("Kam'yanets Podilskyi", "Kamyanets-Podilskyi"),
        ("Орёл", "Orël"),
        ("São Paulo", "São Paulo"),
        ("St. Petersburg", "Saint Petersburg"),
    ] {
        let found = named(spelling);
        assert!(
            found.iter().any(|p| p.name == expected),
            "{spelling}: {:?}",
            found.iter().map(|p| &p.name).collect::<Vec<_>>()
        );
    }
}

/// Counties, raions, continents and seas are in the gazetteer under their full names; a
/// county's bare stem stays the town's.
#[test]
fn districts_continents_and_water() {
    let laurel = one("Laurel County", PlaceKind::District, "US");
    assert_eq!(laurel.admin1, "US.KY");
    assert!(near(laurel, 37.13, -84.08, 0.3));
    assert!(
        named("Laurel")
            .iter()
            .all(|p| p.kind != PlaceKind::District)
    );
    let raion = one("Pokrovsk Raion", PlaceKind::District, "UA");
    assert_eq!(raion.admin1, "UA.05");
    let g = gaz();
    for (name, kind) in [
        ("Black Sea", PlaceKind::Water),
        ("Africa", PlaceKind::Continent),
    ] {
        assert!(
            g.lookup(name).iter().any(|h| g.place(h.place).kind == kind),
            "{name}"
        );
    }
}

/// Issue 5: the offline basemap fills land and lakes: the triangles cover the polygons
/// (Eurasia, the largest, included).
#[test]
fn issue_5_basemap_land_is_triangulated() {
    use newsmap_core::FillKind;
    let b = match Basemap::bundled() {
        Ok(b) => b,
        Err(e) => panic!("bundled basemap: {e}"),
    };
    for kind in [FillKind::Land, FillKind::LandDetail, FillKind::Lake] {
        let Some(layer) = b.fills.iter().find(|f| f.kind == kind) else {
            panic!("no {kind:?} layer");
        };
        assert!(!layer.meshes.is_empty(), "{kind:?}");
    }
    // A point inside Ukraine (Poltava) lies in a land triangle, in both land layers.
    let p = newsmap_core::mercator(34.55, 49.59);
    let inside = |a: [f32; 2], b: [f32; 2], c: [f32; 2]| {
        let d = |p: [f32; 2], q: [f32; 2], r: [f32; 2]| {
            (p[0] - r[0]) * (q[1] - r[1]) - (q[0] - r[0]) * (p[1] - r[1])
        };
        let (d1, d2, d3) = (d(p, a, b), d(p, b, c), d(p, c, a));
        !((d1 < 0.0 || d2 < 0.0 || d3 < 0.0) && (d1 > 0.0 || d2 > 0.0 || d3 > 0.0))
    };
    for kind in [FillKind::Land, FillKind::LandDetail] {
        let layer = b.fills.iter().find(|f| f.kind == kind);
        let hit = layer.is_some_and(|l| {
            l.meshes.iter().any(|m| {
                m.indices.chunks_exact(3).any(|t| {
                    inside(
                        m.vertices[t[0] as usize],
                        m.vertices[t[1] as usize],
                        m.vertices[t[2] as usize],
                    )
                })
            })
        });
        assert!(hit, "Poltava is on land in {kind:?}");
    }
}

/// Twice the signed area of a ring (shoelace), in Web Mercator.
fn ring_area2(ring: &[[f32; 2]]) -> f64 {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1]))
        .sum()
}

/// Issue 5: every country's fill covers its polygons exactly: for each polygon, the
/// triangles' area is the exterior's less the holes' (no triangle reaching out of it, none
/// missing).
#[test]
fn issue_5_country_fills_cover_their_polygons_exactly() {
    use std::io::Read;
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(newsmap_core::BUNDLED_COUNTRIES_GZ)
        .read_to_end(&mut json)
        .unwrap();
    let raw: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let Some(features) = raw["features"].as_array() else {
        panic!("no features");
    };
    let mut checked = 0;
    for f in features {
        let country = f["properties"]["country"].as_str().unwrap_or("?");
        let coords = &f["geometry"]["coordinates"];
        let polygons: Vec<&serde_json::Value> = match f["geometry"]["type"].as_str() {
            Some("Polygon") => vec![coords],
            Some("MultiPolygon") => coords.as_array().into_iter().flatten().collect(),
            _ => continue,
        };
        for (k, poly) in polygons.into_iter().enumerate() {
            let rings: Vec<Vec<[f64; 2]>> = poly
                .as_array()
                .into_iter()
                .flatten()
                .map(|ring| {
                    ring.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|c| Some([c[0].as_f64()?, c[1].as_f64()?]))
                        .collect()
                })
                .collect();
            let mut mesh = newsmap_core::Mesh::empty();
            let merc_rings = mesh.add_polygon(rings);
            let Some((exterior, holes)) = merc_rings.split_first() else {
                continue;
            };
            let want =
                ring_area2(exterior).abs() - holes.iter().map(|h| ring_area2(h).abs()).sum::<f64>();
            let got: f64 = mesh
                .indices
                .chunks_exact(3)
                .map(|t| {
                    let v = |i: u32| mesh.vertices[i as usize];
                    let (a, b, c) = (v(t[0]), v(t[1]), v(t[2]));
                    ring_area2(&[a, b, c]).abs()
                })
                .sum();
            // Tiny islets are left to rounding; anything a pixel wide at zoom 6 is not.
            let tolerance = (want.abs() * 0.001).max(1e-10);
            assert!(
                (got - want).abs() <= tolerance,
                "{country} polygon {k}: triangles cover {got:e}, the polygon {want:e}"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} polygons");
}

/// Issue 5: Russia, cut by the data at the antimeridian, is drawn in one piece: Chukotka's
/// eastern end and Wrangel Island's eastern half sit beside the rest, past the map's eastern
/// edge, not as a sliver at its western edge, and no outline runs along the cut. Shapes the
/// data did not cut (the United States, whose Aleutians lie on both sides) stay as they are.
#[test]
fn issue_5_russia_is_one_piece_across_the_antimeridian() {
    use newsmap_core::mercator;
    let countries = match newsmap_core::Regions::bundled_countries() {
        Ok(c) => c,
        Err(e) => panic!("country outlines: {e}"),
    };
    let Some(ru) = countries.get("RU") else {
        panic!("no Russia");
    };
    let [w, _, e, _] = ru.mesh.bbox;
    assert!(w > 0.0, "nothing of Russia left at the western edge: {w}");
    assert!(
        e > 190.0 && e < 192.0,
        "Big Diomede, Russia's easternmost island at 169 W, drawn at {e}"
    );
    // Chukotka east of 180 (175 W), beside the rest; nothing at its old place, nor in Alaska.
    assert!(ru.contains(mercator(185.0, 67.0)));
    assert!(ru.contains(mercator(178.0, 67.0)));
    assert!(!ru.contains(mercator(-175.0, 67.0)));
    assert!(!ru.contains(mercator(200.0, 66.0)));
    // No outline stretch along the cut (x = 1 is 180 degrees).
    assert_eq!(ru.rings.len(), ru.closed.len());
    for ring in &ru.rings {
        for pair in ring.windows(2) {
            let seam = |p: [f32; 2]| (p[0] - 1.0).abs() < 1e-6;
            assert!(
                !(seam(pair[0]) && seam(pair[1])),
                "an outline along the antimeridian: {pair:?}"
            );
        }
    }
    assert!(ru.closed.iter().any(|c| !c), "the cut rings are open lines");
    assert!(
        ru.closed.iter().filter(|c| **c).count() > 100,
        "islands stay closed"
    );
    // The United States were not cut: unchanged, the Aleutians on both sides.
    let Some(us) = countries.get("US") else {
        panic!("no United States");
    };
    let [w, _, e, _] = us.mesh.bbox;
    assert!(w < -179.0 && e < 180.0, "{w} {e}");
    assert!(us.closed.iter().all(|c| *c));
}

/// Issue 12: the word lists are data files under `data/lexicon/`, one entry a line: each
/// sorted, unique and folded as the recogniser folds names (the appeal cues, matched against
/// lower-cased text, keep their apostrophes: lower case only).
#[test]
fn issue_12_lexicons_are_folded_sorted_and_unique() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/lexicon");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 17, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let entries: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').next().unwrap_or(l))
            .collect();
        assert!(!entries.is_empty(), "{name} is empty");
        for pair in entries.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{name}: {:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
        let lower_only = matches!(
            name.as_str(),
            "appeal_cues.txt" | "appeal_words.txt" | "second_person.txt"
        );
        for e in entries {
            assert_eq!(e, e.trim(), "{name}: {e:?}");
            if lower_only {
                assert_eq!(e, e.to_lowercase(), "{name}: {e:?}");
            } else {
                assert_eq!(e, newsmap_core::fold_name(e), "{name}: {e:?} is not folded");
            }
        }
    }
}
