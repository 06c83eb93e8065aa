//! Issue 15: the classes of error a new user met on international news, each with a text
//! written for these tests (each longer than the shortest text the learned ranker decides,
//! so that the model, as users get it, is what is tested).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{Geoparser, Mention, Place};

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::new(gaz()).parse(text)
}

/// Every mention whose text is `surface`, with the place it was pinned at (if any).
fn pinned<'g>(text: &str, found: &[Mention], surface: &str) -> Vec<Option<&'g Place>> {
    let g = gaz();
    found
        .iter()
        .filter(|m| &text[m.start..m.end] == surface)
        .map(|m| m.resolution.as_ref().map(|r| g.place(r.place)))
        .collect()
}

fn describe(p: Option<&Place>) -> String {
    p.map_or("no pin".to_string(), |p| {
        format!(
            "{} ({}, {} {})",
            p.name,
            p.kind.as_str(),
            p.country,
            p.admin1
        )
    })
}

const WORLD: &str = "Oil prices rose on Monday as tensions in the Middle East grew. Tankers \
crossing the Atlantic were delayed, and shipping firms in the Gulf said insurance costs had \
doubled since the spring. France called for calm, and the Vatican's children's hospital in \
Rome said it was sending medical supplies to the region. Ports on the West Coast of the \
United States reported longer waits as cargo was rerouted around Africa. Analysts in London \
expect prices to stay high through the winter.";

/// Countries, oceans and world regions are those features, not towns or provinces of the
/// same name: "Middle East" is no town in the United States, "the Atlantic" no town in
/// Iowa, "the Gulf" no province of Papua New Guinea, "West Coast" no region of New Zealand,
/// and the Vatican's Rome is Rome, Italy.
#[test]
fn issue_15_countries_oceans_and_world_regions_are_not_towns() {
    let found = parse(WORLD);
    let one = |surface: &str| {
        let all = pinned(WORLD, &found, surface);
        assert_eq!(all.len(), 1, "{surface} is found once: {found:?}");
        all[0]
    };
    let kind = |p: Option<&Place>| p.map(|p| p.kind.as_str());
    assert_eq!(kind(one("Middle East")), Some("continent"));
    assert_eq!(kind(one("Atlantic")), Some("water"));
    let gulf = one("Gulf");
    assert!(
        gulf.is_none_or(|p| p.kind.as_str() == "water"),
        "{}",
        describe(gulf)
    );
    let france = one("France").expect("France is pinned");
    assert_eq!(
        (france.kind.as_str(), france.country.as_str()),
        ("country", "FR")
    );
    let rome = one("Rome");
    assert!(rome.is_none_or(|p| p.country == "IT"), "{}", describe(rome));
    let coast = one("West Coast");
    assert!(
        coast.is_none_or(|p| p.country == "US"),
        "{}",
        describe(coast)
    );
}

const FACILITIES: &str = "Police closed Kingsley Road in Hounslow on Tuesday after a gas \
leak, and residents were moved to a church hall nearby. Tourists on the Champs-Élysées in \
Paris were told to avoid the streets around the Rue d'Enghien while engineers worked \
through the night. The Farmers Service Centre in Kisumu handed out seed to growers, and a \
lecture at Robinson College in Cambridge was cancelled. The old Pioneer cinema in Nairobi \
reopened its doors after ten years, and staff at the British Embassy in Tokyo issued new \
travel advice for visitors.";

/// A name inside a street's, a building's or an organisation's name is no town on its own:
/// "Kingsley Road" is a street in Hounslow (shown there), not Kingsley, Australia; the
/// Champs-Élysées, the Rue d'Enghien, the Farmers Service Centre, Robinson College and the
/// Pioneer cinema make no pins at Champs-sur-Marne, Rue, a Milan or a Robinson in the
/// United States, or a Pioneer; the British Embassy is not the United Kingdom.
#[test]
fn issue_15_streets_buildings_and_organisations_are_not_towns() {
    let found = parse(FACILITIES);
    let road = pinned(FACILITIES, &found, "Kingsley Road");
    assert_eq!(road.len(), 1, "{found:?}");
    let hounslow = road[0].expect("the street is shown at its town");
    assert_eq!(
        (hounslow.name.as_str(), hounslow.country.as_str()),
        ("Hounslow", "GB")
    );
    for m in &found {
        let Some(r) = &m.resolution else { continue };
        let p = gaz().place(r.place);
        let surface = &FACILITIES[m.start..m.end];
        for wrong in [
            "Kingsley",
            "Champs-sur-Marne",
            "Rue",
            "Milan",
            "Robinson",
            "Pioneer",
        ] {
            assert_ne!(p.name, wrong, "{surface} → {}", describe(Some(p)));
        }
        assert!(
            !(p.kind.as_str() == "country" && p.country == "GB"),
            "{surface} → the United Kingdom"
        );
    }
    for town in ["Hounslow", "Paris", "Kisumu", "Nairobi", "Tokyo"] {
        assert!(
            pinned(FACILITIES, &found, town).iter().any(Option::is_some),
            "{town} is pinned"
        );
    }
}

const ABBREVIATIONS: &str = "Iron ore exports from WA rose again this quarter, the chamber \
of minerals in Perth said on Thursday, while grain growers in SA blamed a dry winter for a \
poor harvest around Adelaide. In France, doctors at the CHU in Bordeaux said the hospital \
had treated more patients with flu than last year, and the CHU of Toulouse opened a new \
ward. Officials in Canberra said federal help for farmers in SA and WA would be announced \
next month.";

/// Abbreviations resolve by the country the text is about: in a text about Australia, "WA"
/// is Western Australia (not Wa, Ghana) and "SA" South Australia (not Siá, Cyprus); "CHU",
/// a French hospital, is not Chũ, Vietnam.
#[test]
fn issue_15_abbreviations_resolve_by_the_country_of_the_text() {
    let found = parse(ABBREVIATIONS);
    for (abbreviation, region) in [("WA", "Western Australia"), ("SA", "South Australia")] {
        let all = pinned(ABBREVIATIONS, &found, abbreviation);
        assert_eq!(all.len(), 2, "{abbreviation}: {found:?}");
        for p in all {
            let p = p.expect("pinned");
            assert_eq!((p.name.as_str(), p.country.as_str()), (region, "AU"));
        }
    }
    for p in pinned(ABBREVIATIONS, &found, "CHU") {
        assert!(p.is_none(), "CHU → {}", describe(p));
    }
    // The same abbreviation in a text about the United States is Washington state.
    let us = "Wildfires burned across eastern WA on Saturday, and crews from Spokane, \
Seattle and Portland were sent to help. The governor of Washington asked for federal aid, \
and roads near Yakima and Wenatchee stayed closed while the smoke drifted toward Idaho and \
Montana, officials said in a statement late in the evening.";
    let found = parse(us);
    let wa = pinned(us, &found, "WA");
    assert_eq!(wa.len(), 1, "{found:?}");
    let p = wa[0].expect("pinned");
    assert_eq!((p.country.as_str(), p.admin1.as_str()), ("US", "US.WA"));
}

const COUNTIES: &str = "Heavy rain flooded roads in Jackson and Barrow counties on Wednesday, \
the Georgia Emergency Management Agency said. Schools in Jackson County closed early, and \
crews in Barrow County cleared fallen trees near Winder. Forecasters in Atlanta warned that \
more storms could reach Athens and Gainesville overnight, and asked drivers to stay off \
rural roads until the water went down.";

/// Coordinated names: "Jackson and Barrow counties" are Jackson County and Barrow County,
/// Georgia, not Barrow (Utqiagvik), Alaska.
#[test]
fn issue_15_coordinated_county_names_are_the_counties() {
    let found = parse(COUNTIES);
    let jackson = pinned(COUNTIES, &found, "Jackson");
    assert_eq!(jackson.len(), 1, "{found:?}");
    let barrow = pinned(COUNTIES, &found, "Barrow counties");
    assert_eq!(barrow.len(), 1, "{found:?}");
    for (p, name) in [(jackson[0], "Jackson County"), (barrow[0], "Barrow County")] {
        let p = p.expect("pinned");
        assert_eq!(
            (p.name.as_str(), p.kind.as_str(), p.admin1.as_str()),
            (name, "district", "US.GA")
        );
    }
    for m in &found {
        if let Some(r) = &m.resolution {
            assert_ne!(gaz().place(r.place).admin1, "US.AK", "{m:?}");
        }
    }
}

const PEOPLE: &str = "The driver, Tina Morales, told reporters that she had seen the smoke \
from the road. Driver safety has improved, the minister said. Al Gore spoke at the \
conference in Denver on Friday, and George Bush sent a message. Gore said the climate talks \
in Geneva were the last chance; Bush agreed. The Assads have ruled Syria for decades, and \
Tina said she hoped that would end. Bush fires burned near Sydney.";

/// People and common words are not towns: "Driver", "Tina", "Gore", "Bush" and "the
/// Assads" make no pins; the places of the same text do.
#[test]
fn issue_15_people_and_common_words_are_not_towns() {
    let found = parse(PEOPLE);
    for name in ["Driver", "Tina", "Gore", "Bush", "Assads"] {
        for p in pinned(PEOPLE, &found, name) {
            assert!(p.is_none(), "{name} → {}", describe(p));
        }
    }
    for place in ["Denver", "Syria", "Sydney"] {
        assert!(
            pinned(PEOPLE, &found, place).iter().any(Option::is_some),
            "{place} is pinned"
        );
    }
}
