//! Issue 13: a GeoNames dump the user adds is compiled once into an index file and read
//! from disk; its places are found by name and by id like the bundled ones, and a damaged
//! or stale index is compiled again.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{Geoparser, gazetteer_with_files};

/// A row of GeoNames' 19-column dump.
fn row(id: u32, name: &str, alt: &str, lat: f64, lon: f64, class: &str, code: &str) -> String {
    format!(
        "{id}\t{name}\t{name}\t{alt}\t{lat}\t{lon}\t{class}\t{code}\tUA\t\t14\t\t\t\t{}\t\t80\tEurope/Kyiv\t2024-01-01",
        id % 997
    )
}

#[test]
fn issue_13_an_added_dump_is_indexed_and_read_from_disk() {
    let base = gaz();
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("UA.txt");
    // Many rows, so the name table spans many buckets; two made-up hamlets to find.
    let mut rows: Vec<String> = (0..20_000)
        .map(|i| {
            row(
                98_000_000 + i,
                &format!("Khutir{i}"),
                "",
                46.0 + f64::from(i % 300) / 100.0,
                33.0 + f64::from(i % 500) / 100.0,
                "P",
                "PPL",
            )
        })
        .collect();
    rows.push(row(
        99_100_001,
        "Tykhozavodsk",
        "Тихозаводськ,Tikhozavodsk",
        47.4,
        35.9,
        "P",
        "PPL",
    ));
    rows.push(row(99_100_002, "Mohyla Hill", "", 47.41, 35.91, "T", "HLL"));
    std::fs::write(&dump, rows.join("\n")).unwrap();

    let (with, reports) = gazetteer_with_files(base, std::slice::from_ref(&dump));
    let report = reports[0].as_ref().expect("indexed");
    assert_eq!(report.places, 20_001, "{report:?}");
    assert_eq!(
        report.skipped.values().sum::<usize>(),
        1,
        "the hill: {report:?}"
    );
    let index = dir.path().join("UA.txt.newsmap-index");
    assert_eq!(report.index.as_deref(), Some(index.to_str().unwrap()));
    assert!(index.is_file());
    // Not held in memory: the places list is the bundled one.
    assert_eq!(with.places().len(), base.places().len());

    // Found by every name, in text, with its point; by id too.
    let text = "Shelling hit Tykhozavodsk overnight; Тихозаводськ was without power.";
    let mentions = Geoparser::new(&with).parse(text);
    let found: Vec<_> = mentions
        .iter()
        .filter_map(|m| m.resolution.as_ref())
        .map(|r| with.place(r.place))
        .filter(|p| p.id == "99100001")
        .collect();
    assert_eq!(found.len(), 2, "{mentions:?}");
    assert!((found[0].lat - 47.4).abs() < 1e-9 && (found[0].lon - 35.9).abs() < 1e-9);
    assert_eq!(found[0].admin1, "UA.14");
    // The collection's places list it (its id is sparse: far above the bundled ones).
    let mut coll = newsmap_core::Collection::default();
    let d = newsmap_core::ingest::Document::new(
        "a.txt".into(),
        newsmap_core::ingest::Format::Text,
        text.into(),
        newsmap_core::ingest::Meta::default(),
    );
    coll.add_document(newsmap_core::ParsedDocument::new(d, mentions.clone()));
    let places = coll.places(&with);
    assert!(
        places
            .iter()
            .any(|pm| with.place(pm.place).id == "99100001" && pm.mentions.len() == 2),
        "{places:?}"
    );
    let id = with.find_id("99100001").expect("by id");
    assert_eq!(with.place(id).name, "Tykhozavodsk");
    assert_eq!(
        with.find_id("98000123").map(|i| with.place(i).name.clone()),
        Some("Khutir123".into())
    );
    assert!(with.find_id("99100002").is_none(), "the hill is not kept");
    // Bundled places keep their ids and are still found.
    assert!(
        with.lookup("Kyiv")
            .iter()
            .any(|h| with.place(h.place).id == "703448")
    );
    assert_eq!(with.find_id("703448"), base.find_id("703448"));

    // Opened again, the index is read as it is (the report too).
    let (again, reports) = gazetteer_with_files(base, std::slice::from_ref(&dump));
    assert_eq!(reports[0].as_ref().unwrap(), report);
    assert!(again.find_id("99100001").is_some());

    // A damaged index is compiled again, not an error.
    std::fs::write(&index, b"NMGZX002 but cut short").unwrap();
    let (mended, reports) = gazetteer_with_files(base, std::slice::from_ref(&dump));
    assert_eq!(reports[0].as_ref().unwrap().places, 20_001);
    assert!(mended.find_id("99100001").is_some());
}

#[test]
fn issue_13_a_dump_that_is_not_one_is_said_so() {
    let base = gaz();
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("allCountries.zip");
    std::fs::write(&zip, b"this is not a zip archive").unwrap();
    let (with, reports) = gazetteer_with_files(base, std::slice::from_ref(&zip));
    let err = reports[0].as_ref().expect_err("not a zip");
    assert!(err.to_string().contains("not a zip archive"), "{err}");
    assert_eq!(with.places().len(), base.places().len());
    assert!(!dir.path().join("allCountries.zip.newsmap-index").exists());
}
