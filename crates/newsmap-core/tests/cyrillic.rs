//! Issue 14: Ukrainian and Russian reports. Texts written for these tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{Geoparser, PlaceKind};

/// (surface, place name, kind) of each resolved mention.
fn resolved(text: &str) -> Vec<(String, String, PlaceKind)> {
    let g = gaz();
    Geoparser::new(g)
        .parse(text)
        .iter()
        .filter_map(|m| {
            let r = m.resolution.as_ref()?;
            let p = g.place(r.place);
            Some((m.surface(text).to_string(), p.name.clone(), p.kind))
        })
        .collect()
}

#[test]
fn issue_14_every_abbreviation_of_the_table_resolves() {
    let g = gaz();
    let table = include_str!("../../../data/lexicon/place_abbreviations.tsv");
    let mut n = 0;
    for line in table
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let mut cols = line.split('\t');
        let (abbr, code) = (
            cols.next().unwrap(),
            cols.next().expect("abbreviation<TAB>code"),
        );
        let place = if code.contains('.') {
            g.region(code)
        } else {
            g.country(code)
        };
        assert!(place.is_some(), "{abbr}: no place {code}");
        n += 1;
    }
    assert!(n >= 15, "{n}");
}

#[test]
fn issue_14_abbreviations_in_russian_and_ukrainian_reports() {
    let found = resolved("США и КНР обсудили санкции против РФ, сообщили в Брюсселе.");
    for (abbr, name) in [("США", "United States"), ("КНР", "China"), ("РФ", "Russia")] {
        assert!(
            found.iter().any(|f| f.0 == abbr && f.1 == name),
            "{abbr} in {found:?}"
        );
    }
    let found = resolved("Обстріли тривають на території так званої ДНР і в АР Крим.");
    assert!(
        found
            .iter()
            .any(|f| f.0 == "ДНР" && f.1 == "Donetsk Oblast"),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.0 == "АР Крим" && f.1 == "Crimea"),
        "{found:?}"
    );
    // The reason says what ДНР is.
    let text = "Обстріли тривають на території так званої ДНР.";
    let g = gaz();
    let m = Geoparser::new(g).parse(text);
    let r = m
        .iter()
        .find(|m| m.surface(text) == "ДНР")
        .and_then(|m| m.resolution.as_ref())
        .expect("ДНР resolved");
    assert!(
        r.reason.contains("abbreviation of Donetsk Oblast")
            && r.reason.contains("occupation authority"),
        "{}",
        r.reason
    );
    // A word in capitals that is no abbreviation of the table stays what it was.
    let found = resolved("ЗСУ відбили атаку, повідомили в ОВА.");
    assert!(
        found.iter().all(|f| f.0 != "ЗСУ" && f.0 != "ОВА"),
        "{found:?}"
    );
}
