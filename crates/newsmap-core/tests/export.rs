//! Exports of a collection (or what a filter keeps) as CSV, KML and GeoJSON, read back with
//! ordinary parsers. The texts are written for these tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::Filter;
use newsmap_core::ingest::{Document, Format, Meta};
use newsmap_core::{Action, Corrections, Scope};
use newsmap_core::{CSV_COLUMNS, ExportFormat, GeoJsonOptions};
use newsmap_core::{Collection, ParsedDocument};
use newsmap_core::{Gazetteer, PlaceId, PlaceKind};
use newsmap_core::{Geoparser, Mention, Resolution};
use quick_xml::events::Event;
use serde_json::Value;

const FRONT: &str = "Officials in Kramatorsk said the \"main square, near the station\" was hit.\n\
Explosions were also reported in the Donetsk region on Friday.\n";
const COAST: &str = "Ferries left Odesa on time despite the storm.\n\
A convoy reached Kharkiv with fuel, food and water, the governor said.\n";

fn document(path: &str, source: &str, date: &str, title: &str, text: &str) -> Document {
    Document::new(
        path.to_string(),
        Format::Text,
        text.to_string(),
        Meta {
            title: Some(title.to_string()),
            date: Some(date.to_string()),
            source: Some(source.to_string()),
            url: Some(format!("https://example.org/{path}")),
            ..Meta::default()
        },
    )
}

/// Two articles from two sources, geoparsed with the bundled gazetteer.
fn collection() -> Collection {
    let parser = Geoparser::new(gaz());
    let mut coll = Collection::default();
    for doc in [
        document(
            "front.txt",
            "Kyiv Herald",
            "2024-03-01",
            "Strikes, again",
            FRONT,
        ),
        document(
            "coast.txt",
            "Black Sea Wire",
            "2024-03-02",
            "Ports open",
            COAST,
        ),
    ] {
        let mentions = parser.parse(&doc.text);
        coll.add_document(ParsedDocument::new(doc, mentions));
    }
    coll
}

fn mention<'c>(coll: &'c Collection, surface: &str) -> (&'c ParsedDocument, &'c Mention) {
    coll.documents
        .iter()
        .flat_map(|d| d.mentions.iter().map(move |m| (d, m)))
        .find(|(d, m)| m.surface(&d.doc.text) == surface)
        .unwrap_or_else(|| panic!("no mention {surface:?}"))
}

fn place_of(coll: &Collection, surface: &str) -> PlaceId {
    let (_, m) = mention(coll, surface);
    m.resolution
        .as_ref()
        .unwrap_or_else(|| panic!("{surface} unresolved"))
        .place
}

/// The largest Ukrainian city called `name`.
fn city(name: &str) -> PlaceId {
    let g = gaz();
    g.lookup(name)
        .into_iter()
        .map(|h| h.place)
        .filter(|&p| g.place(p).kind == PlaceKind::City && g.place(p).country == "UA")
        .max_by_key(|&p| g.place(p).population)
        .unwrap_or_else(|| panic!("no city {name}"))
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(headers.iter().collect::<Vec<_>>(), CSV_COLUMNS);
    r.records().map(|rec| rec.unwrap()).collect()
}

fn column(row: &csv::StringRecord, name: &str) -> String {
    let i = CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    row[i].to_string()
}

fn mentions_outside_boilerplate(coll: &Collection) -> usize {
    coll.documents
        .iter()
        .map(|d| d.mentions.iter().filter(|m| !d.in_boilerplate(m)).count())
        .sum()
}

#[test]
fn csv_round_trip() {
    let coll = collection();
    let text = newsmap_core::csv(gaz(), &coll, &Filter::default()).unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), mentions_outside_boilerplate(&coll));
    assert!(rows.len() >= 4, "{text}");

    let (d, m) = mention(&coll, "Kramatorsk");
    let row = rows
        .iter()
        .find(|r| column(r, "surface") == "Kramatorsk")
        .unwrap();
    assert_eq!(column(row, "document"), "front.txt");
    assert_eq!(column(row, "title"), "Strikes, again");
    assert_eq!(column(row, "source"), "Kyiv Herald");
    assert_eq!(column(row, "date"), "2024-03-01");
    assert_eq!(column(row, "sentence"), m.sentence_text(&d.doc.text));
    assert!(
        column(row, "sentence").contains("\"main square, near the station\""),
        "a comma and quotes survive"
    );
    let p = gaz().place(m.resolution.as_ref().unwrap().place);
    assert_eq!(column(row, "place_id"), p.id);
    assert_eq!(column(row, "name"), "Kramatorsk");
    assert_eq!(column(row, "kind"), "city");
    assert_eq!(column(row, "country"), "Ukraine");
    assert_eq!(column(row, "region"), "Donetsk Oblast");
    assert_eq!(column(row, "lat").parse::<f64>().unwrap(), p.lat);
    assert_eq!(column(row, "lon").parse::<f64>().unwrap(), p.lon);
    let conf: f64 = column(row, "confidence").parse().unwrap();
    assert!(conf > 0.5 && conf <= 1.0);
    assert_eq!(column(row, "corrected"), "false");

    // Document load order, then text order.
    let order: Vec<(String, String)> = rows
        .iter()
        .map(|r| (column(r, "document"), column(r, "surface")))
        .collect();
    let expected: Vec<(String, String)> = coll
        .documents
        .iter()
        .flat_map(|d| {
            d.mentions
                .iter()
                .filter(|m| !d.in_boilerplate(m))
                .map(|m| (d.doc.path.clone(), m.surface(&d.doc.text).to_string()))
        })
        .collect();
    assert_eq!(order, expected);
    assert_eq!(
        text,
        newsmap_core::csv(gaz(), &coll, &Filter::default()).unwrap(),
        "deterministic"
    );
}

/// Placemarks read back: (name, coordinates, description, ExtendedData).
struct Placemark {
    name: String,
    coordinates: String,
    description: String,
    data: Vec<(String, String)>,
}

fn push_text(out: &mut [Placemark], path: &[String], data_name: &str, s: &str) {
    let Some(p) = out.last_mut() else { return };
    if !path.iter().any(|t| t == "Placemark") {
        return;
    }
    match path.last().map(String::as_str) {
        Some("name") => p.name.push_str(s),
        Some("coordinates") => p.coordinates.push_str(s.trim()),
        Some("value") => match p.data.last_mut() {
            Some((k, v)) if k == data_name => v.push_str(s),
            _ => p.data.push((data_name.to_string(), s.to_string())),
        },
        _ => {}
    }
}

fn placemarks(kml: &str) -> Vec<Placemark> {
    let mut r = quick_xml::Reader::from_str(kml);
    let mut out = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut data_name = String::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                let tag = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if tag == "Placemark" {
                    out.push(Placemark {
                        name: String::new(),
                        coordinates: String::new(),
                        description: String::new(),
                        data: Vec::new(),
                    });
                }
                if tag == "Data" {
                    let a = e.try_get_attribute("name").unwrap().unwrap();
                    data_name = String::from_utf8(a.value.to_vec()).unwrap();
                }
                path.push(tag);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) => {
                let s = t.decode().unwrap().into_owned();
                push_text(&mut out, &path, &data_name, &s);
            }
            Event::GeneralRef(g) => {
                let s = match &*g.decode().unwrap() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                push_text(&mut out, &path, &data_name, s);
            }
            Event::CData(c) => {
                if path.last().map(String::as_str) == Some("description")
                    && let Some(p) = out.last_mut()
                {
                    p.description
                        .push_str(std::str::from_utf8(&c.into_inner()).unwrap());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "every element closed");
    out
}

#[test]
fn kml_round_trip() {
    let coll = collection();
    let kml = newsmap_core::kml(gaz(), &coll, &Filter::default()).unwrap();
    assert!(kml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(kml.contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">"));
    let marks = placemarks(&kml);
    let places = newsmap_core::filtered_places(&coll, gaz(), &Filter::default());
    assert!(coll.relatives().is_empty());
    assert_eq!(marks.len(), places.len());

    let kramatorsk = gaz().place(place_of(&coll, "Kramatorsk"));
    let mark = marks.iter().find(|p| p.name == "Kramatorsk").unwrap();
    assert_eq!(
        mark.coordinates,
        format!("{},{}", kramatorsk.lon, kramatorsk.lat)
    );
    let plain =
        quick_xml::escape::unescape(&mark.description.replace("<b>", "").replace("</b>", ""))
            .unwrap()
            .into_owned();
    let (d, m) = mention(&coll, "Kramatorsk");
    assert!(plain.contains(m.sentence_text(&d.doc.text)), "{plain}");
    assert!(mark.description.contains("<b>Kramatorsk</b>"));
    assert!(mark.description.contains("Strikes, again"));
    assert!(mark.description.contains("Kyiv Herald"));
    assert!(mark.description.contains("2024-03-01"));
    let data: std::collections::BTreeMap<&str, &str> = mark
        .data
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(data.get("id"), Some(&kramatorsk.id.as_str()));
    assert_eq!(data.get("kind"), Some(&"city"));
    assert_eq!(data.get("country"), Some(&"Ukraine"));
    assert_eq!(data.get("region"), Some(&"Donetsk Oblast"));
    assert_eq!(data.get("mentions"), Some(&"1"));
}

/// A place whose name holds XML's special characters, and texts with `]]>` in them, in a
/// gazetteer of two places and mentions set by hand.
#[test]
fn kml_and_csv_escape_names_and_cdata() {
    let tsv = "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tnames\n\
        t1\tcity\tSmith & Sons <Landing>\t10.5\t20.25\tXX\t\t100\t\n\
        t2\tcity\tQuote \"Town\"\t-5\t-6.5\tXX\t\t50\t\n";
    let g = Gazetteer::from_tsv_str(tsv).unwrap();
    let text = "Boats reached Smith & Sons <Landing>, a ]]> marker said.\nThen Quote \"Town\".\n";
    let start = text.find("Smith").unwrap();
    let end = start + "Smith & Sons <Landing>".len();
    let s_end = text.find('\n').unwrap();
    let q_start = text.find("Quote").unwrap();
    let q_end = q_start + "Quote \"Town\"".len();
    let m = |start, end, sentence, place| Mention {
        start,
        end,
        sentence,
        kind_hint: None,
        candidates: Vec::new(),
        resolution: Some(Resolution {
            place,
            confidence: 0.9,
            reason: "by hand".into(),
        }),
        relative: None,
        correction: None,
    };
    let mut coll = Collection::default();
    coll.add_document(ParsedDocument {
        doc: document(
            "odd.txt",
            "A & B <News>",
            "2024-01-02",
            "Title ]]> here",
            text,
        ),
        mentions: vec![
            m(start, end, (0, s_end), 0),
            m(q_start, q_end, (s_end + 1, text.len() - 1), 1),
        ],
        link: None,
    });

    let kml = newsmap_core::kml(&g, &coll, &Filter::default()).unwrap();
    assert!(
        kml.contains("<name>Smith &amp; Sons &lt;Landing&gt;</name>"),
        "{kml}"
    );
    let marks = placemarks(&kml);
    assert_eq!(marks.len(), 2);
    let smith = marks
        .iter()
        .find(|p| p.name == "Smith & Sons <Landing>")
        .unwrap();
    assert_eq!(smith.coordinates, "20.25,10.5");
    assert!(
        smith.description.contains(
            "Boats reached <b>Smith &amp; Sons &lt;Landing&gt;</b>, a ]]&gt; marker said."
        ),
        "{}",
        smith.description
    );
    assert!(smith.description.contains("Title ]]&gt; here"));
    assert!(smith.description.contains("A &amp; B &lt;News&gt;"));
    assert!(marks.iter().any(|p| p.name == "Quote \"Town\""));

    let rows = csv_rows(&newsmap_core::csv(&g, &coll, &Filter::default()).unwrap());
    assert_eq!(rows.len(), 2);
    assert_eq!(column(&rows[0], "name"), "Smith & Sons <Landing>");
    assert_eq!(column(&rows[1], "surface"), "Quote \"Town\"");
    assert_eq!(column(&rows[0], "source"), "A & B <News>");
}

fn features(v: &Value) -> Vec<Value> {
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().cloned().unwrap()
}

fn feature(v: &Value, name: &str) -> Value {
    features(v)
        .into_iter()
        .find(|f| f["properties"]["name"] == name)
        .unwrap_or_else(|| panic!("no feature {name}"))
}

#[test]
fn geojson_points_and_region_polygons() {
    let coll = collection();
    let points =
        newsmap_core::geojson_with(gaz(), &coll, &Filter::default(), &GeoJsonOptions::default())
            .unwrap();
    let v: Value = serde_json::from_str(&serde_json::to_string(&points).unwrap()).unwrap();
    assert_eq!(
        features(&v).len(),
        newsmap_core::filtered_places(&coll, gaz(), &Filter::default()).len()
    );
    assert_eq!(
        v,
        newsmap_core::geojson(gaz(), &coll),
        "the old form is the same"
    );
    let donetsk = feature(&v, "Donetsk Oblast");
    assert_eq!(donetsk["geometry"]["type"], "Point");
    assert_eq!(donetsk["properties"]["kind"], "region");
    let kramatorsk = feature(&v, "Kramatorsk");
    let props = &kramatorsk["properties"];
    assert_eq!(props["mentions"], 1);
    assert_eq!(props["sources"], serde_json::json!(["Kyiv Herald"]));
    assert_eq!(props["dates"], serde_json::json!(["2024-03-01"]));
    let e = &props["excerpts"][0];
    assert_eq!(e["source"], "Kyiv Herald");
    assert_eq!(e["title"], "Strikes, again");
    assert_eq!(e["date"], "2024-03-01");
    assert_eq!(e["url"], "https://example.org/front.txt");
    assert_eq!(e["surface"], "Kramatorsk");
    assert_eq!(e["corrected"], false);
    assert!(
        e["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Officials in Kramatorsk")
    );

    let text = newsmap_core::export(
        ExportFormat::GeoJson(GeoJsonOptions {
            regions_as_polygons: true,
        }),
        gaz(),
        &coll,
        &Filter::default(),
    )
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let donetsk = feature(&v, "Donetsk Oblast");
    assert_eq!(donetsk["geometry"]["type"], "MultiPolygon");
    let polygons: Vec<Vec<Vec<[f64; 2]>>> =
        serde_json::from_value(donetsk["geometry"]["coordinates"].clone()).unwrap();
    assert!(!polygons.is_empty());
    let mut n = 0;
    for polygon in &polygons {
        for (i, ring) in polygon.iter().enumerate() {
            assert!(ring.len() >= 4);
            assert_eq!(ring.first(), ring.last(), "rings are closed");
            let area: f64 = ring
                .windows(2)
                .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
                .sum();
            assert_eq!(
                area > 0.0,
                i == 0,
                "exterior counter-clockwise, holes clockwise"
            );
            for &[lon, lat] in ring {
                // Donetsk Oblast reaches 39.06°E and 49.23°N.
                assert!((36.0..39.5).contains(&lon), "lon {lon}");
                assert!((46.0..49.5).contains(&lat), "lat {lat}");
                n += 1;
            }
        }
    }
    assert!(n > 50, "an outline, not a box: {n} points");
    assert_eq!(feature(&v, "Kramatorsk")["geometry"]["type"], "Point");
}

#[test]
fn corrections_show_in_csv_and_geojson() {
    let mut coll = collection();
    let lviv = city("Lviv");
    let kharkiv = place_of(&coll, "Kharkiv");
    assert_ne!(lviv, kharkiv);
    // Kharkiv moved to Lviv and Odesa marked "not a place", everywhere, as the app does.
    let mut corrections = Corrections::default();
    corrections.add(
        "Kharkiv",
        Scope::Workspace,
        Action::Assign {
            place: gaz().place(lviv).id.clone(),
            name: "Lviv".into(),
        },
    );
    corrections.add("Odesa", Scope::Workspace, Action::NotAPlace);
    assert!(corrections.apply(gaz(), &mut coll.documents).is_empty());

    let rows = csv_rows(&newsmap_core::csv(gaz(), &coll, &Filter::default()).unwrap());
    assert_eq!(rows.len(), mentions_outside_boilerplate(&coll));
    let row = rows
        .iter()
        .find(|r| column(r, "surface") == "Kharkiv")
        .unwrap();
    assert_eq!(column(row, "corrected"), "true");
    assert_eq!(column(row, "name"), "Lviv");
    assert_eq!(column(row, "place_id"), gaz().place(lviv).id);
    assert_eq!(
        column(row, "lat").parse::<f64>().unwrap(),
        gaz().place(lviv).lat
    );
    let not_a_place = rows
        .iter()
        .find(|r| column(r, "surface") == "Odesa")
        .unwrap();
    assert_eq!(column(not_a_place, "corrected"), "true");
    for c in [
        "place_id",
        "name",
        "kind",
        "country",
        "lat",
        "lon",
        "confidence",
    ] {
        assert_eq!(column(not_a_place, c), "", "{c} is empty");
    }
    assert!(
        rows.iter()
            .filter(|r| !matches!(column(r, "surface").as_str(), "Kharkiv" | "Odesa"))
            .all(|r| column(r, "corrected") == "false")
    );

    let v =
        newsmap_core::geojson_with(gaz(), &coll, &Filter::default(), &GeoJsonOptions::default())
            .unwrap();
    let lviv_f = feature(&v, "Lviv");
    let e = &lviv_f["properties"]["excerpts"][0];
    assert_eq!(e["surface"], "Kharkiv");
    assert_eq!(e["corrected"], true);
    let names: Vec<String> = features(&v)
        .iter()
        .map(|f| f["properties"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!names.contains(&"Kharkiv".to_string()), "{names:?}");
    assert!(!names.contains(&"Odesa".to_string()), "{names:?}");

    let kml = newsmap_core::kml(gaz(), &coll, &Filter::default()).unwrap();
    let mark = placemarks(&kml)
        .into_iter()
        .find(|p| p.name == "Lviv")
        .unwrap();
    assert!(mark.description.contains("<b>Kharkiv</b>"));
}

#[test]
fn a_filtered_export_holds_only_what_the_filter_keeps() {
    let coll = collection();
    let only = Filter {
        source: Some("Black Sea Wire".into()),
        ..Filter::default()
    };
    let rows = csv_rows(&newsmap_core::csv(gaz(), &coll, &only).unwrap());
    let coast = coll
        .documents
        .iter()
        .find(|d| d.doc.path == "coast.txt")
        .unwrap();
    assert_eq!(
        rows.len(),
        coast
            .mentions
            .iter()
            .filter(|m| !coast.in_boilerplate(m))
            .count()
    );
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| column(r, "source") == "Black Sea Wire"));
    assert!(rows.iter().all(|r| column(r, "document") == "coast.txt"));

    let v = newsmap_core::geojson_with(gaz(), &coll, &only, &GeoJsonOptions::default()).unwrap();
    let fs = features(&v);
    assert_eq!(
        fs.len(),
        newsmap_core::filtered_places(&coll, gaz(), &only).len()
    );
    assert!(!fs.is_empty());
    for f in &fs {
        assert_eq!(
            f["properties"]["sources"],
            serde_json::json!(["Black Sea Wire"])
        );
    }
    assert!(fs.iter().all(|f| f["properties"]["name"] != "Kramatorsk"));

    let marks = placemarks(&newsmap_core::kml(gaz(), &coll, &only).unwrap());
    assert_eq!(marks.len(), fs.len());
    assert!(marks.iter().any(|p| p.name == "Odesa"));

    // A search for the place name keeps its rows only.
    let search = Filter {
        query: "odesa".into(),
        ..Filter::default()
    };
    let rows = csv_rows(&newsmap_core::csv(gaz(), &coll, &search).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!(column(&rows[0], "surface"), "Odesa");

    // A region filter keeps that region's places, and no unresolved names.
    let odesa = gaz().place(place_of(&coll, "Odesa"));
    let region = Filter {
        region: Some(odesa.admin1.clone()),
        ..Filter::default()
    };
    let rows = csv_rows(&newsmap_core::csv(gaz(), &coll, &region).unwrap());
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(
            |r| column(r, "region") == gaz().region_name(odesa).unwrap_or_default()
                || column(r, "name") == gaz().place(gaz().region(&odesa.admin1).unwrap()).name
        ),
        "{rows:?}"
    );
}

#[test]
fn write_export_picks_the_format_by_extension() {
    let coll = collection();
    let dir = tempfile::tempdir().unwrap();
    for (name, check) in [
        ("places.csv", "document,title,source"),
        ("places.kml", "<Placemark>"),
        ("places.geojson", "\"FeatureCollection\""),
    ] {
        let path = dir.path().join(name);
        let format = ExportFormat::from_path(&path).unwrap();
        assert_eq!(format.extension(), name.rsplit('.').next().unwrap());
        newsmap_core::write_export(&path, format, gaz(), &coll, &Filter::default()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(check), "{name}: {text}");
    }
    assert!(ExportFormat::from_path(std::path::Path::new("x.txt")).is_none());
    let bad = dir.path().join("no/such/dir/x.csv");
    let err = newsmap_core::write_export(&bad, ExportFormat::Csv, gaz(), &coll, &Filter::default())
        .unwrap_err();
    assert!(err.to_string().contains("x.csv"), "{err}");
}

/// Issue 16: an export is written as it goes (ten million names were built as one JSON
/// value, then one string, on the UI thread): the same bytes as the export made in memory,
/// into a temporary file renamed when complete; a writer that fails midway gives an error,
/// and the file already there stays as it was.
#[test]
fn issue_16_an_export_is_written_as_it_goes() {
    struct FailsAfter(usize);
    impl std::io::Write for FailsAfter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.0 {
                return Err(std::io::Error::other("disk full"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let coll = collection();
    let dir = tempfile::tempdir().unwrap();
    for format in [
        ExportFormat::GeoJson(GeoJsonOptions::default()),
        ExportFormat::Csv,
        ExportFormat::Kml,
    ] {
        let path = dir.path().join(format!("out.{}", format.extension()));
        std::fs::write(&path, "before").unwrap();
        let in_memory = newsmap_core::export(format, gaz(), &coll, &Filter::default()).unwrap();
        let failed =
            newsmap_core::export_to(FailsAfter(200), format, gaz(), &coll, &Filter::default());
        assert!(failed.is_err(), "{format:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
        newsmap_core::write_export(&path, format, gaz(), &coll, &Filter::default()).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            in_memory,
            "{format:?}"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".part")), "{names:?}");
    }
}

#[test]
fn issue_12_one_compass_formatter_for_every_direction() {
    use newsmap_core::{compass_point, relative_label};
    let cases = [
        (0.0, "N"),
        (30.0, "NE"),
        (90.0, "E"),
        (135.0, "SE"),
        (180.0, "S"),
        (250.0, "W"),
        (-90.0, "W"),
        (337.6, "N"),
        (315.0, "NW"),
    ];
    for (deg, want) in cases {
        assert_eq!(compass_point(deg), want, "{deg}°");
    }
    assert_eq!(
        relative_label(10.0, 180.0, "Kurakhove"),
        "10 km S of Kurakhove"
    );
}
