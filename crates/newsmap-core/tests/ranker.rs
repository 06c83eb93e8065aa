//! Issue 15: a ranker learned from data decides what each name means and whether it makes
//! a pin. Texts written for these tests; each is longer than the shortest texts the model
//! decides (shorter notes are left to the hand-weighted scores).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{FEATURES, Geoparser, Mention, Options, Ranker, Resolver};

const TARIFFS: &str = "Washington raised tariffs on goods from China again on Friday, and \
Beijing answered within hours. Farmers in Iowa and Nebraska, who sell much of their soybean \
crop to China, said the dispute was costing them dearly. Officials in China said talks would \
go on, while exporters in France and Germany watched nervously. Shipping slowed as buyers \
waited for news from China.";

const KURSK: &str = "Ukrainian forces pressed on in the Kursk region on Sunday, according to \
officials in Kyiv. Fighting in the Kursk region has gone on for months, and North Korean \
troops are now deployed to the Kursk region, Western officials say. Thirty North Korean \
soldiers were killed in Kursk over the weekend, a Ukrainian commander said, adding that \
Russian losses were heavy as well.";

fn parse(text: &str) -> Vec<Mention> {
    Geoparser::new(gaz()).parse(text)
}

fn surface<'a>(text: &'a str, m: &Mention) -> &'a str {
    &text[m.start..m.end]
}

#[test]
fn issue_15_the_bundled_ranker_is_read_and_decides() {
    let r = Ranker::bundled().expect("data/ranker.json is read");
    assert_eq!(r.features.len(), FEATURES.len());
    assert!(r.threshold > 0.0 && r.threshold < 1.0, "{}", r.threshold);
    assert!(r.trained_on.contains("LGL"), "{}", r.trained_on);
    // The geoparser uses it by default: its confidences are the model's probabilities, not
    // the hand-weighted softmax (which differs for the same text).
    let parser = Geoparser::new(gaz());
    assert!(parser.ranker().is_some());
    let hand = Geoparser::new(gaz()).with_options(Options {
        resolver: Resolver::Hand,
        ..Options::default()
    });
    assert!(hand.ranker().is_none());
    let conf = |p: &Geoparser<'_>| -> Vec<f64> {
        p.parse(TARIFFS)
            .iter()
            .filter_map(|m| m.resolution.as_ref().map(|r| r.confidence))
            .collect()
    };
    assert_ne!(conf(&parser), conf(&hand));
}

#[test]
fn issue_15_a_malformed_model_is_refused_with_a_reason() {
    assert!(Ranker::from_json("{}").is_err());
    assert!(Ranker::from_json("not json").is_err());
    let bundled = include_str!("../../../data/ranker.json");
    let mut v: serde_json::Value = serde_json::from_str(bundled).unwrap();
    v["features"][0] = serde_json::json!("something_else");
    let e = Ranker::from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("other features"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(bundled).unwrap();
    v["trees"][0]["left"][0] = serde_json::json!(100_000);
    let e = Ranker::from_json(&v.to_string()).unwrap_err();
    assert!(e.to_string().contains("malformed"), "{e}");
}

/// Issue 15: "China" eleven times in an article on tariffs is the country, not a town of
/// that name in the United States; so is France.
#[test]
fn issue_15_a_country_named_by_its_own_name_is_the_country() {
    let g = gaz();
    let found = parse(TARIFFS);
    let china: Vec<&Mention> = found
        .iter()
        .filter(|m| surface(TARIFFS, m) == "China")
        .collect();
    assert_eq!(china.len(), 4);
    for m in china {
        let r = m.resolution.as_ref().expect("China is pinned");
        let p = g.place(r.place);
        assert_eq!((p.kind.as_str(), p.country.as_str()), ("country", "CN"));
        assert!(r.reason.contains("country"), "{}", r.reason);
    }
    let france = found
        .iter()
        .find(|m| surface(TARIFFS, m) == "France")
        .and_then(|m| m.resolution.as_ref())
        .expect("France is pinned");
    assert_eq!(g.place(france.place).country, "FR");
    assert_eq!(g.place(france.place).kind.as_str(), "country");
}

/// Issue 15: after three mentions of "the Kursk region", "Kursk" is the region; the
/// region is always among the candidates, so a correction is one click.
#[test]
fn issue_15_kursk_in_a_text_about_the_kursk_region_is_the_region() {
    let g = gaz();
    let found = parse(KURSK);
    let kursk = found
        .iter()
        .find(|m| surface(KURSK, m) == "Kursk")
        .expect("Kursk is found");
    let r = kursk.resolution.as_ref().expect("Kursk is pinned");
    assert_eq!(g.place(r.place).kind.as_str(), "region", "{}", r.reason);
    assert!(r.reason.contains("about the region"), "{}", r.reason);
    // A text about the city: the city, with the region still on offer.
    let city = "Kursk is a city of about 440,000 people on the Seym river, and its \
station, its market and its old churches draw visitors all year round. The mayor of Kursk \
said on Monday that new trams would run from the spring, and that the airport would reopen \
to flights from Moscow once repairs were finished.";
    let m = parse(city)
        .into_iter()
        .find(|m| surface(city, m) == "Kursk")
        .expect("Kursk is found");
    let r = m.resolution.as_ref().expect("Kursk is pinned");
    assert_eq!(g.place(r.place).kind.as_str(), "city", "{}", r.reason);
    assert!(
        m.candidates
            .iter()
            .any(|c| g.place(c.place).kind.as_str() == "region"
                && g.place(c.place).country == "RU"),
        "the region is a candidate"
    );
}

/// Issue 15: `eval --dump-features` writes one row per name and candidate, with the
/// features in the order the model reads them and the gold labels.
#[test]
fn issue_15_features_are_dumped_with_their_labels() {
    let doc = newsmap_core::GoldDoc {
        id: "k".into(),
        text: KURSK.into(),
        toponyms: vec![newsmap_core::GoldToponym {
            start: Some(KURSK.find("Kyiv").unwrap()),
            end: Some(KURSK.find("Kyiv").unwrap() + 4),
            surface: "Kyiv".into(),
            lat: Some(50.45),
            lon: Some(30.52),
            kind: String::new(),
        }],
        not_scored: Vec::new(),
    };
    let parser = Geoparser::new(gaz());
    let (mut rows, mut gold) = (Vec::new(), Vec::new());
    newsmap_core::dump_features(&parser, "mine", &[doc], &mut rows, &mut gold).unwrap();
    let rows = String::from_utf8(rows).unwrap();
    let mut lines = rows.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[header.len() - FEATURES.len()..], FEATURES);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // Kyiv's capital is the gold place, within 161 km; no other name is a gold toponym.
    let kyiv: Vec<&Vec<&str>> = rows.iter().filter(|r| r[col("gold")] == "0").collect();
    assert!(kyiv.iter().any(|r| r[col("near_161km")] == "1"));
    assert!(
        rows.iter()
            .filter(|r| r[col("gold")] == "-1")
            .all(|r| r[col("near_161km")] == "0")
    );
    assert_eq!(
        String::from_utf8(gold).unwrap(),
        "corpus,doc,gold\nmine,k,1\n"
    );
}
