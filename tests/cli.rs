//! The command line as a user runs it: `newsmap geoparse` on files and folders.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const ARTICLE: &str = "Київ — Kyiv said on Monday that Russian forces were advancing toward \
Pokrovsk in the eastern Donetsk region.\nPresident Vladimir Putin told The Moscow Times nothing.\n";

fn run(args: &[&str]) -> (i32, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run newsmap: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    p.display().to_string()
}

#[test]
fn json_offsets_count_characters_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.txt", ARTICLE.as_bytes());
    let (code, json, _) = run(&["geoparse", "--format", "json", &path]);
    assert_eq!(code, 0);
    let doc = &json["documents"][0];
    assert_eq!(doc["source"], path.as_str());
    let chars: Vec<char> = ARTICLE.chars().collect();
    let mentions = doc["mentions"].as_array().cloned().unwrap_or_default();
    assert!(!mentions.is_empty());
    for m in &mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap_or(0) as usize,
            m["end"].as_u64().unwrap_or(0) as usize,
        );
        let surface: String = chars[s..e].iter().collect();
        assert_eq!(
            surface,
            m["surface"].as_str().unwrap_or(""),
            "offsets point into the file"
        );
    }
    let surfaces: Vec<&str> = mentions
        .iter()
        .filter_map(|m| m["surface"].as_str())
        .collect();
    assert!(surfaces.contains(&"Київ"));
    assert!(surfaces.contains(&"Pokrovsk"));
    assert!(surfaces.contains(&"Donetsk region"));
    assert!(!surfaces.contains(&"Vladimir"));
    assert!(!surfaces.contains(&"Moscow"));
    let pokrovsk = mentions
        .iter()
        .find(|m| m["surface"] == "Pokrovsk")
        .cloned()
        .unwrap_or_default();
    assert_eq!(pokrovsk["place"]["country"], "Ukraine");
    assert_eq!(pokrovsk["place"]["kind"], "city");
    assert_eq!(pokrovsk["place"]["region"], "Donetsk Oblast");
    assert!(pokrovsk["confidence"].as_f64().unwrap_or(0.0) > 0.5);
    assert!(
        pokrovsk["sentence"]
            .as_str()
            .unwrap_or("")
            .contains("Pokrovsk in the eastern")
    );
}

#[test]
fn geojson_has_one_point_per_place_with_excerpts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE.as_bytes());
    write(
        dir.path(),
        "b.md",
        b"Kyiv and Kharkiv were quiet overnight.\n",
    );
    let (code, json, _) = run(&[
        "geoparse",
        "--format",
        "geojson",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(json["type"], "FeatureCollection");
    let features = json["features"].as_array().cloned().unwrap_or_default();
    let kyiv = features
        .iter()
        .find(|f| f["properties"]["name"] == "Kyiv")
        .cloned()
        .unwrap_or_default();
    assert_eq!(kyiv["geometry"]["type"], "Point");
    assert_eq!(
        kyiv["properties"]["mentions"], 3,
        "Київ and Kyiv in a.txt, Kyiv in b.md"
    );
    assert_eq!(kyiv["properties"]["kind"], "city");
    let excerpts = kyiv["properties"]["excerpts"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(excerpts.len(), 3);
    assert!(
        excerpts
            .iter()
            .any(|e| e["sentence"] == "Kyiv and Kharkiv were quiet overnight.")
    );
    let lon = kyiv["geometry"]["coordinates"][0].as_f64().unwrap_or(0.0);
    assert!((lon - 30.52).abs() < 0.2);
}

#[test]
fn bad_files_are_reported_and_good_ones_load() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", ARTICLE.as_bytes());
    let binary = write(
        dir.path(),
        "image.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    );
    let empty = write(dir.path(), "empty.txt", b"");
    let missing = dir.path().join("missing.txt").display().to_string();
    let (code, json, stderr) = run(&["geoparse", &good, &binary, &empty, &missing]);
    assert_eq!(code, 0, "some files loaded");
    let docs = json["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 4, "every file given is reported");
    let warning_of = |src: &str| -> String {
        docs.iter()
            .find(|d| d["source"] == src)
            .and_then(|d| d["warnings"][0].as_str().map(str::to_string))
            .unwrap_or_default()
    };
    assert!(warning_of(&binary).contains("not a text file"));
    assert!(warning_of(&empty).contains("empty"));
    assert!(warning_of(&missing).contains("cannot"));
    assert!(stderr.contains("3 skipped"), "{stderr}");
    // Counted by kind (issue 12: the kinds are typed, not parsed back out of the lines).
    for kind in ["1 could not be read", "1 empty", "1 not text"] {
        assert!(stderr.contains(kind), "{kind}: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

/// Issue 3: "10 km south of Kurakhove" gives a derived point, marked approximate.
#[test]
fn issue_3_relative_locations_in_json_and_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "rel.txt",
        "Russia claimed a village around 10 kilometers (six miles) south of the industrial hub of Kurakhove.\n"
            .as_bytes(),
    );
    let (_, json, _) = run(&["geoparse", &path]);
    let mentions = json["documents"][0]["mentions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let m = &mentions
        .iter()
        .find(|m| m["surface"] == "Kurakhove")
        .cloned()
        .unwrap_or_default();
    assert_eq!(m["approximate"], true);
    let rel = &m["relative"];
    assert_eq!(rel["anchor"], m["place"]["id"]);
    assert_eq!(rel["distance_km"], 10.0);
    assert_eq!(rel["bearing_deg"], 180.0);
    assert!(rel["radius_km"].as_f64().unwrap_or(0.0) >= 2.0);
    let lat = rel["lat"].as_f64().unwrap_or(0.0);
    assert!((lat - (47.985 - 0.09)).abs() < 0.02, "{lat}");

    let (_, geo, _) = run(&["geoparse", "--format", "geojson", &path]);
    let features = geo["features"].as_array().cloned().unwrap_or_default();
    let approx = features
        .iter()
        .find(|f| f["properties"]["kind"] == "relative")
        .cloned()
        .unwrap_or_default();
    assert_eq!(approx["properties"]["approximate"], true);
    assert_eq!(approx["properties"]["name"], "10 km S of Kurakhove");
}

/// Issue 4: `--with-text` gives the extracted text the offsets count into, with the title,
/// source, url and date; appeal paragraphs are boilerplate and their places are left out.
#[test]
fn issue_4_with_text_metadata_and_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<html><head><title>Drones over Kharkiv</title>\
        <meta property=\"og:site_name\" content=\"Example News\">\
        <link rel=\"canonical\" href=\"https://example-news.org/kharkiv\">\
        <meta property=\"article:published_time\" content=\"2024-11-19T08:00:00Z\"></head>\
        <body><article><p>Explosions were heard in Kharkiv on Tuesday, the mayor said, and air \
        defences were active over the city for an hour before dawn.</p>\
        <p>Officials in Kyiv said the strikes damaged power lines in the north of the city.</p>\
        <p>Dear readers, we need your support: please donate to keep our newsroom in Warsaw open.</p>\
        </article></body></html>";
    let path = write(dir.path(), "page.html", page.as_bytes());
    let (code, json, _) = run(&["geoparse", "--with-text", &path]);
    assert_eq!(code, 0);
    let doc = &json["documents"][0];
    assert_eq!(doc["title"], "Drones over Kharkiv");
    assert_eq!(doc["source"], "Example News");
    assert_eq!(doc["url"], "https://example-news.org/kharkiv");
    assert_eq!(doc["date"], "2024-11-19");
    assert_eq!(doc["format"], "html");
    let text: Vec<char> = doc["text"].as_str().unwrap_or("").chars().collect();
    let mentions = doc["mentions"].as_array().cloned().unwrap_or_default();
    let surfaces: Vec<String> = mentions
        .iter()
        .map(|m| {
            let (s, e) = (
                m["start"].as_u64().unwrap_or(0) as usize,
                m["end"].as_u64().unwrap_or(0) as usize,
            );
            text[s..e].iter().collect()
        })
        .collect();
    assert!(surfaces.contains(&"Kharkiv".to_string()), "{surfaces:?}");
    assert!(
        !surfaces.contains(&"Warsaw".to_string()),
        "the appeal is boilerplate"
    );
    let bp = doc["boilerplate"][0]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let (a, b) = (
        bp.first().and_then(|v| v.as_u64()).unwrap_or(0) as usize,
        bp.get(1).and_then(|v| v.as_u64()).unwrap_or(0) as usize,
    );
    let appeal: String = text[a..b].iter().collect();
    assert!(appeal.starts_with("Dear readers"), "{appeal}");
}

/// Runs newsmap and returns its exit code, stdout and stderr as text.
fn run_text(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run newsmap: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue 6: one CSV row per mention, with the place's columns.
#[test]
fn issue_6_csv_one_row_per_mention() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.txt", ARTICLE.as_bytes());
    let (code, csv_text, _) = run_text(&["geoparse", "--format", "csv", &path]);
    assert_eq!(code, 0);
    let (_, json, _) = run(&["geoparse", &path]);
    let mentions = json["documents"][0]["mentions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        headers.join(","),
        "document,title,source,date,surface,sentence,place_id,name,kind,country,region,lat,lon,radius_km,confidence,corrected"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), mentions.len(), "{csv_text}");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let pokrovsk = rows
        .iter()
        .find(|r| &r[col("surface")] == "Pokrovsk")
        .unwrap_or_else(|| panic!("no Pokrovsk row: {csv_text}"));
    assert_eq!(&pokrovsk[col("document")], path.as_str());
    assert_eq!(&pokrovsk[col("country")], "Ukraine");
    assert_eq!(&pokrovsk[col("region")], "Donetsk Oblast");
    assert_eq!(&pokrovsk[col("corrected")], "false");
    let lat: f64 = pokrovsk[col("lat")].parse().unwrap_or(0.0);
    assert_eq!(
        Some(lat),
        mentions
            .iter()
            .find(|m| m["surface"] == "Pokrovsk")
            .and_then(|m| m["place"]["lat"].as_f64())
    );
}

/// Issue 6: KML with one placemark per place, well-formed; GeoJSON regions as polygons.
#[test]
fn issue_6_kml_and_region_polygons() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.txt", ARTICLE.as_bytes());
    let (code, kml, _) = run_text(&["geoparse", "--format", "kml", &path]);
    assert_eq!(code, 0);
    let (_, geo, _) = run(&["geoparse", "--format", "geojson", &path]);
    let places = geo["features"].as_array().map_or(0, Vec::len);
    let mut reader = quick_xml::Reader::from_str(&kml);
    let (mut placemarks, mut names, mut in_name) = (0, Vec::new(), false);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                placemarks += usize::from(e.name().as_ref() == b"Placemark");
                in_name = e.name().as_ref() == b"name";
            }
            Ok(quick_xml::events::Event::Text(t)) if in_name => {
                names.push(t.decode().unwrap_or_default().into_owned());
            }
            Ok(quick_xml::events::Event::End(_)) => in_name = false,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed: {e}\n{kml}"),
        }
    }
    assert_eq!(placemarks, places);
    assert!(names.iter().any(|n| n == "Pokrovsk"), "{names:?}");
    assert!(kml.contains("<Point>"));

    let (code, geo, _) = run(&[
        "geoparse",
        "--format",
        "geojson",
        "--regions-as-polygons",
        &path,
    ]);
    assert_eq!(code, 0);
    let features = geo["features"].as_array().cloned().unwrap_or_default();
    let donetsk = features
        .iter()
        .find(|f| f["properties"]["name"] == "Donetsk Oblast")
        .cloned()
        .unwrap_or_default();
    assert_eq!(donetsk["geometry"]["type"], "MultiPolygon");
    let pokrovsk = features
        .iter()
        .find(|f| f["properties"]["name"] == "Pokrovsk")
        .cloned()
        .unwrap_or_default();
    assert_eq!(pokrovsk["geometry"]["type"], "Point");

    let (code, _, stderr) = run_text(&[
        "geoparse",
        "--format",
        "csv",
        "--regions-as-polygons",
        &path,
    ]);
    assert_ne!(code, 0);
    assert!(stderr.contains("--regions-as-polygons"), "{stderr}");
}

/// `newsmap geoparse --format csv --workspace` on `ws`, saved into `dir`: its standard output.
fn csv_of_workspace(dir: &std::path::Path, ws: &newsmap::Workspace) -> String {
    let path = dir.join("w.newsmap");
    newsmap::save_workspace(&path, ws).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args(["geoparse", "--format", "csv", "--workspace"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Issue 6: `--workspace` exports what the app saved, with its own places and corrections.
#[test]
fn issue_6_geoparse_a_workspace_with_its_corrections_and_own_places() {
    use newsmap::ingest::{Document, Format, Meta};
    use newsmap::{Action, Corrections, Scope};
    let dir = tempfile::tempdir().unwrap();
    let gaz = newsmap::Gazetteer::bundled().unwrap();
    // A hamlet no gazetteer holds (the register's villages are all bundled since issue 13).
    let text = "Troops entered Tykhozavodsk. Shelling hit Kupiansk and Pokrovsk.";
    let mut corrections = Corrections::default();
    corrections.add("Kupiansk", Scope::Workspace, Action::NotAPlace);
    let robotyne = newsmap::OwnPlace::new(
        &gaz,
        &[],
        "Tykhozavodsk",
        Vec::new(),
        newsmap::PlaceKind::City,
        (47.445, 35.835),
        "",
    )
    .unwrap();
    let ws = newsmap::Workspace {
        documents: vec![Document::new(
            "/moved/away.txt".into(),
            Format::Text,
            text.into(),
            Meta::default(),
        )],
        corrections,
        own_places: vec![robotyne],
        ..Default::default()
    };
    let csv = csv_of_workspace(dir.path(), &ws);
    let row = |name: &str| {
        csv.lines()
            .find(|l| l.contains(&format!(",{name},")))
            .unwrap_or_else(|| panic!("no {name} row in {csv}"))
            .to_string()
    };
    assert!(row("Tykhozavodsk").contains("own:tykhozavodsk"), "{csv}");
    assert!(row("Kupiansk").ends_with(",true"), "{csv}");
    assert!(row("Pokrovsk").ends_with(",false"), "{csv}");
}

/// Issue 16: `--workspace` reads the batch results the app opened in it, from where they
/// are, as many documents as the app had.
#[test]
fn issue_16_geoparse_a_workspace_with_the_results_it_opened() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    let gaz = newsmap::Gazetteer::bundled().unwrap();
    let parser = newsmap::Geoparser::new(&gaz);
    let mut writer = newsmap_arrow::ResultsWriter::create(&results, false).unwrap();
    for i in 0..3 {
        let a = newsmap::geoparse_article(
            &parser,
            &newsmap::ArticleIn {
                id: format!("a{i}"),
                text: format!("Drones struck Kharkiv overnight, report {i} said."),
                meta: newsmap::ArticleMeta::default(),
            },
        );
        writer.push((&a).into()).unwrap();
    }
    writer.finish().unwrap();
    let ws = newsmap::Workspace {
        results: vec![newsmap::OpenedResults {
            path: results,
            documents: 2,
        }],
        ..Default::default()
    };
    let csv = csv_of_workspace(dir.path(), &ws);
    assert_eq!(
        csv.lines().filter(|l| l.contains(",Kharkiv,")).count(),
        2,
        "{csv}"
    );
}

#[test]
fn issue_11_copies_are_kept_linked_and_no_dedup_turns_grouping_off() {
    let dir = tempfile::tempdir().unwrap();
    let note = |place: &str| {
        format!(
            "Interception: On 4 March 2024, Russian air defence forces shot down a Ukrainian \
             drone near {place}, Zaporizhzhia. Casualties unknown."
        )
    };
    let a = write(dir.path(), "a.txt", note("Vilne").as_bytes());
    let b = write(dir.path(), "b.txt", note("Stepnohirsk").as_bytes());
    let c = write(dir.path(), "c.txt", note("Vilne").as_bytes());
    let (code, v, err) = run(&["geoparse", &a, &b, &c]);
    assert_eq!(code, 0, "{err}");
    let docs = v["documents"].as_array().cloned().unwrap_or_default();
    assert_eq!(docs.len(), 3, "nothing dropped: {v}");
    assert_eq!(docs[2]["duplicate_of"].as_str(), Some(a.as_str()));
    assert!(
        docs[1].get("duplicate_of").is_none(),
        "another place, another report"
    );
    assert!(
        !docs[2]["mentions"].as_array().is_none_or(Vec::is_empty),
        "a copy keeps its mentions"
    );
    assert!(err.contains("1 is a copy of other documents"), "{err}");
    let (_, v, _) = run(&["geoparse", "--no-dedup", &a, &b, &c]);
    let docs = v["documents"].as_array().cloned().unwrap_or_default();
    assert!(docs.iter().all(|d| d.get("duplicate_of").is_none()));
}

#[test]
fn issue_12_geoparse_into_a_closed_pipe_exits_quietly() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let text = "Shelling was reported in Kherson overnight, officials said.\n".repeat(2000);
    let a = write(dir.path(), "a.txt", text.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args(["geoparse", &a])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read a little, then close the pipe, as `| head -c 100` does.
    let mut first = [0u8; 100];
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read(&mut first);
    }
    let status = child.wait().unwrap();
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "exit {status:?}: {err}");
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// Issue 13: `--gazetteer FILE` adds a GeoNames dump of the user's own (19 tab-separated
/// columns, as geonames.org serves `UA.txt`); rows it cannot use are counted, not fatal.
#[test]
fn issue_13_a_gazetteer_of_your_own() {
    let dir = tempfile::tempdir().unwrap();
    let cols = |id: &str, name: &str, alt: &str, lat: &str, lon: &str, class: &str, code: &str| {
        [
            id,
            name,
            name,
            alt,
            lat,
            lon,
            class,
            code,
            "UA",
            "",
            "26",
            "",
            "",
            "",
            "120",
            "",
            "80",
            "Europe/Kyiv",
            "2024-01-01",
        ]
        .join("\t")
    };
    let dump = [
        // A hamlet the bundled data lacks, with its Ukrainian name.
        cols(
            "99000001",
            "Tykhozavodsk",
            "Тихозаводськ",
            "47.40",
            "35.90",
            "P",
            "PPL",
        ),
        // A hill: not a feature newsmap keeps.
        cols("99000002", "Mohyla Hill", "", "47.41", "35.91", "T", "HLL"),
        // Coordinates that cannot be.
        cols("99000003", "Nowhere", "", "147.0", "35.9", "P", "PPL"),
        // Kyiv, already bundled under the same GeoNames id.
        cols("703448", "Kyiv", "", "50.45", "30.52", "P", "PPLC"),
        "not\ta\tgeonames\trow".to_string(),
    ]
    .join("\n");
    let gaz = write(dir.path(), "UA.txt", dump.as_bytes());
    let article = write(
        dir.path(),
        "report.txt",
        "Shelling hit Tykhozavodsk overnight. Residents of Тихозаводськ left for Kyiv.".as_bytes(),
    );
    let (code, json, stderr) = run(&["geoparse", "--gazetteer", &gaz, &article]);
    assert_eq!(code, 0, "{stderr}");
    let places: Vec<String> = json["documents"][0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["place"]["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        places.iter().filter(|p| *p == "99000001").count(),
        2,
        "both spellings find the added place: {places:?}"
    );
    assert!(places.contains(&"703448".to_string()), "{places:?}");
    assert!(stderr.contains("UA.txt: 1 place;"), "{stderr}");
    assert!(stderr.contains("1 bad coordinates"), "{stderr}");
    assert!(
        stderr.contains("1 already in the bundled gazetteer"),
        "{stderr}"
    );
    assert!(stderr.contains("features newsmap does not map"), "{stderr}");
    assert!(stderr.contains("fewer than 15 columns"), "{stderr}");
    // The dump is compiled once into an index beside it, read from disk; a second run
    // reads the index as it is, and a changed dump is compiled again.
    let index = std::path::Path::new(&gaz).with_file_name("UA.txt.newsmap-index");
    assert!(index.is_file(), "{stderr}");
    assert!(stderr.contains("read from its index"), "{stderr}");
    let built = std::fs::metadata(&index).unwrap().modified().unwrap();
    let (code, json_again, stderr_again) = run(&["geoparse", "--gazetteer", &gaz, &article]);
    assert_eq!(code, 0, "{stderr_again}");
    assert_eq!(json_again["documents"], json["documents"]);
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        built,
        "the index is reused"
    );
    let grown = format!(
        "{dump}\n{}",
        cols(
            "99000004",
            "Verkhnozavodsk",
            "",
            "47.50",
            "35.95",
            "P",
            "PPL"
        )
    );
    // A later modification time, whatever the file system's clock resolution.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&gaz, grown).unwrap();
    let text = write(dir.path(), "later.txt", b"Shelling hit Verkhnozavodsk.");
    let (code, json, stderr) = run(&["geoparse", "--gazetteer", &gaz, &text]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("UA.txt: 2 places;"), "{stderr}");
    assert_eq!(
        json["documents"][0]["mentions"][0]["place"]["id"], "99000004",
        "{json}"
    );
    // A file that is not there is said so, and the rest goes on.
    let (code, _, stderr) = run(&["geoparse", "--gazetteer", "/no/such/UA.txt", &article]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("gazetteer not added: cannot read /no/such/UA.txt"),
        "{stderr}"
    );
}

/// Issue 14: `--names uk|ru` gives the places' names in Ukrainian or Russian (English where
/// no language-tagged source names a place), in JSON and CSV; the excerpts keep the text;
/// each document says its language.
#[test]
fn issue_14_names_in_the_readers_language_and_document_language() {
    let dir = tempfile::tempdir().unwrap();
    let uk = write(
        dir.path(),
        "zvit.txt",
        "Російські війська обстріляли Покровськ на Донеччині. У Києві оголосили тривогу, \
         а в Бразилії провели переговори."
            .as_bytes(),
    );
    let names = |json: &Value| -> Vec<(String, String)> {
        json["documents"][0]["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| !m["place"].is_null())
            .map(|m| {
                (
                    m["surface"].as_str().unwrap().to_string(),
                    m["place"]["name"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let (code, en, _) = run(&["geoparse", &uk]);
    assert_eq!(code, 0);
    assert_eq!(en["documents"][0]["lang"], "uk");
    let en = names(&en);
    assert!(en.contains(&("Києві".into(), "Kyiv".into())), "{en:?}");
    let (_, json, _) = run(&["geoparse", "--names", "uk", &uk]);
    let got = names(&json);
    for want in [
        ("Покровськ", "Покровськ"),
        ("Донеччині", "Донецька область"),
        ("Києві", "Київ"),
        ("Бразилії", "Бразилія"),
    ] {
        assert!(
            got.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {got:?}"
        );
    }
    let m = &json["documents"][0]["mentions"][0];
    assert_eq!(m["place"]["country"], "Україна");
    assert_eq!(m["place"]["region"], "Донецька область");
    assert!(m["sentence"].as_str().unwrap().starts_with("Російські"));
    let (_, json, _) = run(&["geoparse", "--names", "ru", &uk]);
    let got = names(&json);
    assert!(got.contains(&("Києві".into(), "Киев".into())), "{got:?}");
    let (code, csv, _) = run_text(&["geoparse", "--names", "ru", "--format", "csv", &uk]);
    assert_eq!(code, 0);
    assert!(
        csv.contains(",Покровск,city,Украина,Донецкая область,"),
        "{csv}"
    );
    let (code, _, err) = run_text(&["geoparse", "--names", "de", &uk]);
    assert_ne!(code, 0);
    assert!(err.contains("--names"), "{err}");
}

/// Runs newsmap with `stdin` as its standard input; returns the exit code, stdout, stderr.
fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run newsmap: {e}"));
    let mut input = child.stdin.take().unwrap();
    let owned = stdin.to_string();
    let feeder = std::thread::spawn(move || input.write_all(owned.as_bytes()));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Issue 16: `geoparse --input jsonl -` streams articles from stdin, one JSON line per
/// article in input order; bad lines are reported with their number and skipped, and
/// `--strict` makes them an error.
#[test]
fn issue_16_jsonl_stream_in_input_order_with_bad_lines_skipped() {
    let lines = [
        serde_json::json!({"id": "a1", "text": ARTICLE, "title": "Front", "date": "2024-11-02",
            "source": "wire", "url": "https://example.org/a1", "lang": "en"})
        .to_string(),
        "this is not json".to_string(),
        serde_json::json!({"id": 7, "title": "no text"}).to_string(),
        String::new(),
        serde_json::json!({"id": "a3", "text": "Nothing to see here, only words."}).to_string(),
        serde_json::json!({"id": "a4", "text": 12}).to_string(),
        serde_json::json!({"id": "a5", "text": "Shelling was reported in Kharkiv and Sumy."})
            .to_string(),
    ];
    let input = lines.join("\n") + "\n";
    let (code, out, err) = run_stdin(&["geoparse", "--input", "jsonl", "-"], &input);
    assert_eq!(code, 0, "{err}");
    let results: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let ids: Vec<&str> = results.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a3", "a5"]);
    assert_eq!(results[0]["title"], "Front");
    assert_eq!(results[0]["source"], "wire");
    let places = |r: &Value| -> Vec<String> {
        r["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["place"]["name"].as_str().map(String::from))
            .collect()
    };
    assert!(
        places(&results[0]).contains(&"Pokrovsk".to_string()),
        "{out}"
    );
    assert!(places(&results[1]).is_empty());
    assert_eq!(places(&results[2]), ["Kharkiv", "Sumy"]);
    // Offsets count characters of the article's text.
    let chars: Vec<char> = ARTICLE.chars().collect();
    for m in results[0]["mentions"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars[s..e].iter().collect::<String>(), m["surface"]);
    }
    for (line, why) in [
        (2, "not JSON"),
        (3, "no `text`"),
        (6, "`text` is not a string"),
    ] {
        assert!(err.contains(&format!("line {line}: {why}")), "{err}");
    }
    assert!(
        err.contains("3 articles geoparsed, 3 lines skipped"),
        "{err}"
    );
    let (code, out, _) = run_stdin(&["geoparse", "--input", "jsonl", "--strict", "-"], &input);
    assert_eq!(code, 1);
    assert_eq!(
        out.lines().count(),
        3,
        "the good articles are still written"
    );
}

/// Issue 16: the result does not depend on the number of threads, and every article keeps
/// its place in the output.
#[test]
fn issue_16_jsonl_threads_give_the_same_output_in_the_same_order() {
    let towns = [
        "Kharkiv", "Odesa", "Lviv", "Dnipro", "Poltava", "Sumy", "Kherson",
    ];
    let input: String = (0..150)
        .map(|i| {
            let text = format!(
                "Report {i}. Officials in {} said on Monday that repairs in {} would take weeks.",
                towns[i % towns.len()],
                towns[(i * 3 + 1) % towns.len()]
            );
            serde_json::json!({"id": format!("n{i}"), "text": text}).to_string() + "\n"
        })
        .collect();
    let (c1, one, _) = run_stdin(
        &["geoparse", "--input", "jsonl", "--threads", "1", "-"],
        &input,
    );
    let (c2, two, _) = run_stdin(
        &["geoparse", "--input", "jsonl", "--threads", "2", "-"],
        &input,
    );
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(one.lines().count(), 150);
    assert_eq!(one, two);
    for (i, line) in one.lines().enumerate() {
        let v: Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], format!("n{i}"));
    }
    // Files-only options are refused with a reason.
    let (code, _, err) = run_stdin(&["geoparse", "--input", "jsonl", "--with-text", "-"], "");
    assert_ne!(code, 0);
    assert!(err.contains("not --input jsonl"), "{err}");
}

/// Issue 16: `--format jsonl` on files writes one JSON document per line.
#[test]
fn issue_16_files_as_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let b = write(
        dir.path(),
        "b.txt",
        b"Shelling was reported in Kharkiv and Sumy.\n",
    );
    let (code, out, _) = run_text(&["geoparse", "--format", "jsonl", &a, &b]);
    assert_eq!(code, 0);
    let docs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["path"], a.as_str());
    assert_eq!(docs[1]["path"], b.as_str());
}

/// Issue 16: copies in a stream are linked to the first one (same words, whatever the
/// spacing, punctuation or case), not reordered; `--per-document` links nothing, and gives
/// the same mentions as `geoparse --per-document` on the same text in a file.
#[test]
fn issue_16_copies_in_a_stream_and_per_document_parity() {
    let text = "Shelling was reported in Kharkiv and Sumy on Monday.";
    let input = [
        serde_json::json!({"id": "x1", "text": text}),
        serde_json::json!({"id": "x2", "text": "Shelling  was reported in KHARKIV and Sumy on Monday!"}),
        serde_json::json!({"id": "x3", "text": "Odesa was quiet."}),
        serde_json::json!({"id": "x4", "text": text}),
    ]
    .iter()
    .map(|v| v.to_string() + "\n")
    .collect::<String>();
    let links = |out: &str| -> Vec<(String, Option<String>)> {
        out.lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["id"].as_str().unwrap().to_string(),
                    v["duplicate_of"].as_str().map(String::from),
                )
            })
            .collect()
    };
    let (_, out, _) = run_stdin(&["geoparse", "--input", "jsonl", "-"], &input);
    let x1 = Some("x1".to_string());
    assert_eq!(
        links(&out),
        [
            ("x1".into(), None),
            ("x2".into(), x1.clone()),
            ("x3".into(), None),
            ("x4".into(), x1)
        ]
    );
    let (_, out, _) = run_stdin(
        &["geoparse", "--input", "jsonl", "--per-document", "-"],
        &input,
    );
    assert!(links(&out).iter().all(|(_, d)| d.is_none()), "{out}");

    // The same text through a file and through a stream, each on its own.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "report.txt", ARTICLE.as_bytes());
    let (_, file_out, _) = run_text(&["geoparse", "--per-document", "--format", "jsonl", &path]);
    let line = serde_json::json!({"id": "r", "text": ARTICLE}).to_string() + "\n";
    let (_, stream_out, _) = run_stdin(
        &["geoparse", "--input", "jsonl", "--per-document", "-"],
        &line,
    );
    let mentions = |out: &str| -> Value {
        let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        v["mentions"].clone()
    };
    assert_eq!(mentions(&file_out), mentions(&stream_out));
    assert!(
        mentions(&file_out)
            .as_array()
            .is_some_and(|m| !m.is_empty())
    );
}

/// Issue 16: `--format parquet --output DIR` writes the mentions and articles tables, with
/// the same mentions as the JSON Lines output; a second run into the folder needs
/// `--resume`, which skips what is there; files and folders go to Parquet too.
#[test]
fn issue_16_parquet_output_matches_json_lines_and_resumes() {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("results");
    let out_arg = out_dir.to_str().unwrap();
    let articles = [
        serde_json::json!({"id": "a1", "text": ARTICLE, "title": "Front", "date": "2024-11-02"}),
        serde_json::json!({"id": "a2", "text": "Shelling was reported in Kharkiv and Sumy."}),
    ];
    let input: String = articles.iter().map(|v| v.to_string() + "\n").collect();
    let (code, jsonl, _) = run_stdin(&["geoparse", "--input", "jsonl", "-"], &input);
    assert_eq!(code, 0);
    let (code, stdout, err) = run_stdin(
        &[
            "geoparse", "--input", "jsonl", "--format", "parquet", "--output", out_arg, "-",
        ],
        &input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    // Every mention of the JSON Lines output, in order, with its place.
    let mut want: Vec<(String, String, Option<String>)> = Vec::new();
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        for m in v["mentions"].as_array().unwrap() {
            want.push((
                v["id"].as_str().unwrap().to_string(),
                m["surface"].as_str().unwrap().to_string(),
                m["place"]["id"].as_str().map(String::from),
            ));
        }
    }
    let rows = |dir: &Path| -> Vec<(String, String, Option<String>)> {
        let mut rows = Vec::new();
        for b in newsmap_arrow::read_mentions(dir).unwrap() {
            let col = |n: &str| b.column_by_name(n).unwrap().as_string::<i32>().clone();
            let (id, surface, place) = (col("article_id"), col("surface"), col("place_id"));
            for i in 0..b.num_rows() {
                rows.push((
                    id.value(i).to_string(),
                    surface.value(i).to_string(),
                    (!place.is_null(i)).then(|| place.value(i).to_string()),
                ));
            }
        }
        rows
    };
    assert!(want.len() >= 4, "{jsonl}");
    assert_eq!(rows(&out_dir), want);
    // The same folder again: refused without --resume; with it, nothing is done twice.
    let parquet = ["geoparse", "--input", "jsonl", "--format", "parquet"];
    let (code, _, err) = run_stdin(
        &[&parquet[..], &["--output", out_arg, "-"]].concat(),
        &input,
    );
    assert_ne!(code, 0);
    assert!(err.contains("--resume"), "{err}");
    let more = input.clone()
        + &serde_json::json!({"id": "a3", "text": "Odesa was quiet."}).to_string()
        + "\n";
    let (code, _, err) = run_stdin(
        &[&parquet[..], &["--output", out_arg, "--resume", "-"]].concat(),
        &more,
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 articles geoparsed, 2 skipped"), "{err}");
    let after = rows(&out_dir);
    assert_eq!(after[..want.len()], want[..]);
    assert_eq!(after.len(), want.len() + 1);
    // Clear messages for what does not go together.
    let (code, _, err) = run_stdin(
        &["geoparse", "--input", "jsonl", "--format", "parquet", "-"],
        "",
    );
    assert_ne!(code, 0);
    assert!(err.contains("--output DIR"), "{err}");
    // Files and folders, as today, into Parquet.
    let a = write(dir.path(), "a.txt", ARTICLE.as_bytes());
    let files_dir = dir.path().join("files");
    let (code, _, err) = run_text(&[
        "geoparse",
        "--format",
        "parquet",
        "--output",
        files_dir.to_str().unwrap(),
        &a,
    ]);
    assert_eq!(code, 0, "{err}");
    let docs = newsmap_arrow::read_articles(&files_dir).unwrap();
    let path = docs[0]
        .column_by_name("path")
        .unwrap()
        .as_string::<i32>()
        .value(0)
        .to_string();
    assert_eq!(path, a);
    assert!(!rows(&files_dir).is_empty());
}
