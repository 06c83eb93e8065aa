//! What the analyst narrows the view to: a search text, a source, an article, a country, a
//! region, a least confidence and a date range. Pure data and predicates; the app and the CLI share
//! them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::collection::{Collection, MentionRef, ParsedDocument, PlaceMentions};
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::geoparse::Mention;

/// The view's filters. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Text searched for (case-insensitive) in the place's name, the excerpt and the
    /// article's title.
    pub query: String,
    /// Only documents of this source (site, feed or sender).
    pub source: Option<String>,
    /// Only this document (its path).
    pub document: Option<String>,
    /// Only places in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only places in this first-level region (GeoNames admin-1 code, `UA.05`): the region
    /// itself, its districts and its towns.
    #[serde(default)]
    pub region: Option<String>,
    /// Only resolutions at least this confident, 0 to 1.
    pub min_confidence: f64,
    /// Only documents dated within this inclusive range (`YYYY-MM-DD`); undated documents
    /// are left out while a range is set.
    pub dates: Option<(String, String)>,
}

/// Whether a search finds a place by its name: the English one, or the one shown in the
/// chosen language ("Київ" finds Kyiv when the names are Ukrainian).
fn finds_name(gaz: &Gazetteer, id: PlaceId, query: &str) -> bool {
    let p = gaz.place(id);
    contains_folded(&p.name, query)
        || gaz.display_language() != crate::NameLanguage::En
            && contains_folded(gaz.display_name(p), query)
}

impl Filter {
    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// Whether a document passes the source, article and date filters.
    pub fn keeps_document(&self, pd: &ParsedDocument) -> bool {
        if let Some(s) = &self.source
            && pd.doc.source.as_ref() != Some(s)
        {
            return false;
        }
        if let Some(d) = &self.document
            && pd.doc.path != *d
        {
            return false;
        }
        if let Some((from, to)) = &self.dates {
            match &pd.doc.date {
                Some(d) if d.as_str() >= from.as_str() && d.as_str() <= to.as_str() => {}
                _ => return false,
            }
        }
        true
    }

    /// Whether this filter keeps only what `wider` keeps, and differs from it only in a
    /// search text that holds `wider`'s: a keystroke that extends the search. Its places
    /// are then found among `wider`'s with [`refine`], without reading every document.
    pub fn narrows(&self, wider: &Filter) -> bool {
        let query = |f: &Filter| f.query.trim().to_lowercase();
        let (mine, theirs) = (query(self), query(wider));
        mine.contains(&theirs)
            && Filter {
                query: String::new(),
                ..self.clone()
            } == Filter {
                query: String::new(),
                ..wider.clone()
            }
    }

    /// Whether a resolution passes the place filters (country, region, least confidence).
    pub fn keeps_place(&self, gaz: &Gazetteer, r: &crate::geoparse::Resolution) -> bool {
        if r.confidence < self.min_confidence {
            return false;
        }
        let place = gaz.place(r.place);
        !(self.country.as_ref().is_some_and(|c| place.country != *c)
            || self.region.as_ref().is_some_and(|a| place.admin1 != *a))
    }

    /// Whether a resolved mention passes every filter (its document's included).
    pub fn keeps(&self, gaz: &Gazetteer, pd: &ParsedDocument, m: &Mention, query: &str) -> bool {
        let Some(r) = &m.resolution else {
            return false;
        };
        self.keeps_place(gaz, r)
            && (query.is_empty()
                || finds_name(gaz, r.place, query)
                || sentence_or_title_hit(pd, m, query))
    }
}

/// Whether the search text `query` (lower case) is in the mention's sentence or its
/// document's title or source.
pub(crate) fn sentence_or_title_hit(pd: &ParsedDocument, m: &Mention, query: &str) -> bool {
    contains_folded(m.sentence_text(&pd.doc.text), query) || title_hit(pd, query)
}

/// Whether the search text `query` (lower case) is in the document's title or its source
/// ("reuters" keeps the reports of Reuters).
fn title_hit(pd: &ParsedDocument, query: &str) -> bool {
    [&pd.doc.title, &pd.doc.source]
        .into_iter()
        .flatten()
        .any(|t| contains_folded(t, query))
}

/// Whether `hay` holds `needle` (given in lower case), ignoring case, as
/// `hay.to_lowercase().contains(needle)` says but without allocating: a search keystroke
/// tests every sentence of every loaded document (issue 12: 0.3-0.8 s a keystroke with
/// 50,000 articles, most of it lowering copies of the sentences).
pub fn contains_folded(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    // An ASCII needle matches only ASCII letters (the bytes of other characters are never
    // ASCII), so the bytes are compared as they are, whatever the haystack holds (the two
    // characters that lower to ASCII, the Kelvin sign and a dotted capital I, are not
    // found by an ASCII query).
    if needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        let first = n[0];
        let mut at = 0;
        while let Some(i) = memchr::memchr2(
            first.to_ascii_lowercase(),
            first.to_ascii_uppercase(),
            &h[at..],
        ) {
            let start = at + i;
            match h.get(start..start + n.len()) {
                Some(w) if w.eq_ignore_ascii_case(n) => return true,
                Some(_) => at = start + 1,
                None => return false,
            }
        }
        return false;
    }
    hay.char_indices().any(|(i, _)| {
        let mut rest = hay[i..].chars().flat_map(char::to_lowercase);
        needle.chars().all(|nc| rest.next() == Some(nc))
    })
}

/// Every place with the mentions the filter keeps, most mentioned first (ties by name, then
/// id); boilerplate is left out as in [`Collection::places`].
pub fn places(coll: &Collection, gaz: &Gazetteer, filter: &Filter) -> Vec<PlaceMentions> {
    if filter.is_empty() {
        return coll.places(gaz);
    }
    let query = filter.query.trim().to_lowercase();
    // Whether each place's name holds the query (0 not yet known, 1 no, 2 yes): a name is
    // tested once, not once per mention.
    let mut name_hit = if query.is_empty() {
        Vec::new()
    } else {
        vec![0u8; gaz.len()]
    };
    let mut refs: Vec<(PlaceId, MentionRef)> = Vec::new();
    for (d, pd) in coll.documents.iter().enumerate() {
        if pd.is_copy() || !filter.keeps_document(pd) {
            continue;
        }
        let in_title = !query.is_empty() && title_hit(pd, &query);
        // The last sentence tested, and whether it held the query (a sentence often names
        // several places).
        let mut last_sentence: Option<((usize, usize), bool)> = None;
        for (k, m) in pd.mentions.iter().enumerate() {
            let Some(r) = &m.resolution else {
                continue;
            };
            if pd.in_boilerplate(m) || !filter.keeps_place(gaz, r) {
                continue;
            }
            if !query.is_empty() && !in_title {
                let slot = name_hit.get_mut(r.place as usize);
                let name = match slot {
                    Some(0) | None => {
                        let hit = finds_name(gaz, r.place, &query);
                        if let Some(slot) = slot {
                            *slot = 1 + u8::from(hit);
                        }
                        hit
                    }
                    Some(known) => *known == 2,
                };
                let sentence = name
                    || match last_sentence {
                        Some((range, hit)) if range == m.sentence => hit,
                        _ => {
                            let hit = contains_folded(m.sentence_text(&pd.doc.text), &query);
                            last_sentence = Some((m.sentence, hit));
                            hit
                        }
                    };
                if !sentence {
                    continue;
                }
            }
            refs.push((r.place, MentionRef { doc: d, mention: k }));
        }
    }
    crate::collection::most_mentioned_first(gaz, refs)
}

/// The places `filter` keeps, found among `wider` (the places of a filter it
/// [`Filter::narrows`]): only their mentions are searched.
pub fn refine(
    coll: &Collection,
    gaz: &Gazetteer,
    wider: &[PlaceMentions],
    filter: &Filter,
) -> Vec<PlaceMentions> {
    let query = filter.query.trim().to_lowercase();
    let mut refs: Vec<(PlaceId, MentionRef)> = Vec::new();
    for pm in wider {
        let name = finds_name(gaz, pm.place, &query);
        for &r in &pm.mentions {
            let Some((pd, m)) = coll.mention(r) else {
                continue;
            };
            if name || sentence_or_title_hit(pd, m, &query) {
                refs.push((pm.place, r));
            }
        }
    }
    crate::collection::most_mentioned_first(gaz, refs)
}

/// Documents per day, in date order (undated documents and copies are not counted).
pub fn date_histogram(coll: &Collection) -> Vec<(String, usize)> {
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    for pd in coll.documents.iter().filter(|pd| !pd.is_copy()) {
        if let Some(d) = &pd.doc.date {
            *days.entry(d.clone()).or_default() += 1;
        }
    }
    days.into_iter().collect()
}

/// The sources of the documents, sorted.
pub fn sources(coll: &Collection) -> Vec<String> {
    let mut v: Vec<String> = coll
        .documents
        .iter()
        .filter_map(|pd| pd.doc.source.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The countries of the resolved places, as (code, name), sorted by name.
pub fn countries(places: &[PlaceMentions], gaz: &Gazetteer) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = places
        .iter()
        .map(|pm| gaz.place(pm.place))
        .filter(|p| !p.country.is_empty())
        .map(|p| {
            (
                p.country.clone(),
                gaz.country_name(p).unwrap_or(&p.country).to_string(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    v.dedup();
    v
}

/// A first-level region offered by the region filter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RegionChoice {
    /// GeoNames admin-1 code (`UA.05`).
    pub code: String,
    /// The region's name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code of its country.
    pub country: String,
    /// Its country's name (the code when the gazetteer has no name for it).
    pub country_name: String,
}

impl RegionChoice {
    /// What the filter shows: "Donetsk Oblast, Ukraine".
    pub fn label(&self) -> String {
        format!("{}, {}", self.name, self.country_name)
    }
}

/// The first-level regions of the resolved places (the regions named, and those of the
/// districts and towns named), sorted by name, then country; regions the gazetteer does not
/// hold are left out.
pub fn regions(places: &[PlaceMentions], gaz: &Gazetteer) -> Vec<RegionChoice> {
    let mut codes: Vec<&str> = places
        .iter()
        .map(|pm| gaz.place(pm.place).admin1.as_str())
        .filter(|a| !a.is_empty())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut v: Vec<RegionChoice> = codes
        .into_iter()
        .filter_map(|code| {
            let region = gaz.place(gaz.region(code)?);
            Some(RegionChoice {
                code: code.to_string(),
                name: region.name.clone(),
                country: region.country.clone(),
                country_name: gaz
                    .country_name(region)
                    .unwrap_or(&region.country)
                    .to_string(),
            })
        })
        .collect();
    v.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.country_name.cmp(&b.country_name))
            .then(a.code.cmp(&b.code))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geoparse::Resolution;
    use crate::ingest::{Document, Format, Meta};

    const GAZ: &str = "id\tkind\tname\tlat\tlon\tcountry\tadmin1\tpopulation\tnames\n\
        1\tcountry\tUkraine\t49\t32\tUA\t\t0\t\n\
        2\tregion\tDonetsk Oblast\t48\t37.8\tUA\tUA.05\t0\t\n\
        3\tcity\tPokrovsk\t48.28\t37.18\tUA\tUA.05\t60000\t\n\
        4\tregion\tKharkiv Oblast\t49.5\t36.5\tUA\tUA.07\t0\t\n\
        5\tcity\tKharkiv\t50\t36.25\tUA\tUA.07\t1400000\t\n\
        6\tcountry\tPoland\t52\t19\tPL\t\t0\t\n\
        7\tregion\tMasovia\t52.3\t21\tPL\tPL.78\t0\t\n\
        8\tcity\tWarsaw\t52.23\t21\tPL\tPL.78\t1700000\t\n";

    /// A collection of one document naming every place of [`GAZ`] once.
    fn one_document(gaz: &Gazetteer) -> Collection {
        let mut text = String::new();
        let mut mentions = Vec::new();
        for (id, p) in gaz.places().iter().enumerate() {
            let s0 = text.len();
            text.push_str("Fighting in ");
            let start = text.len();
            text.push_str(&p.name);
            let end = text.len();
            text.push_str(". ");
            mentions.push(Mention {
                start,
                end,
                sentence: (s0, text.len() - 1),
                kind_hint: None,
                candidates: Vec::new(),
                resolution: Some(Resolution {
                    place: id as PlaceId,
                    confidence: 0.9,
                    reason: "test".into(),
                }),
                relative: None,
                correction: None,
            });
        }
        let doc = Document::new("a.txt".into(), Format::Text, text, Meta::default());
        let mut coll = Collection::default();
        coll.add_document(ParsedDocument::new(doc, mentions));
        coll
    }

    fn names(gaz: &Gazetteer, places: &[PlaceMentions]) -> Vec<String> {
        let mut v: Vec<String> = places
            .iter()
            .map(|pm| gaz.place(pm.place).name.clone())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn region_filter_keeps_the_region_its_districts_and_towns() {
        let gaz = Gazetteer::from_tsv_str(GAZ).unwrap();
        let coll = one_document(&gaz);
        let filter = Filter {
            region: Some("UA.05".into()),
            ..Filter::default()
        };
        assert!(!filter.is_empty());
        assert_eq!(
            names(&gaz, &places(&coll, &gaz, &filter)),
            ["Donetsk Oblast", "Pokrovsk"]
        );
        // With a country too: both must hold.
        let both = Filter {
            country: Some("PL".into()),
            ..filter.clone()
        };
        assert!(places(&coll, &gaz, &both).is_empty());
        // A saved filter from before regions existed still reads.
        let old: Filter = serde_json::from_str(
            r#"{"query":"","source":null,"document":null,"country":"UA","min_confidence":0.0,"dates":null}"#,
        )
        .unwrap();
        assert_eq!(old.region, None);
    }

    #[test]
    fn region_choices_are_named_with_their_country_sorted_by_name() {
        let gaz = Gazetteer::from_tsv_str(GAZ).unwrap();
        let coll = one_document(&gaz);
        let choices = regions(&coll.places(&gaz), &gaz);
        let labels: Vec<String> = choices.iter().map(RegionChoice::label).collect();
        assert_eq!(
            labels,
            [
                "Donetsk Oblast, Ukraine",
                "Kharkiv Oblast, Ukraine",
                "Masovia, Poland"
            ]
        );
        assert_eq!(choices[2].code, "PL.78");
        assert_eq!(choices[2].country, "PL");
    }

    /// Issue 16: the search finds reports by their source as by their title (an archive's
    /// "Reuters", "Ukrinform"), in the full search and in a refined one.
    #[test]
    fn issue_16_search_finds_reports_by_their_source() {
        let gaz = Gazetteer::from_tsv_str(GAZ).unwrap();
        let mut coll = one_document(&gaz);
        let mut other = coll.documents[0].clone();
        other.doc.path = "b.txt".into();
        other.doc.text.push(' ');
        other.doc.source = Some("Kyiv Wire Service".into());
        other.mentions.truncate(3);
        coll.add_document(other);
        let filter = Filter {
            query: "wire".into(),
            ..Filter::default()
        };
        let kept = places(&coll, &gaz, &filter);
        assert_eq!(
            names(&gaz, &kept),
            ["Donetsk Oblast", "Pokrovsk", "Ukraine"]
        );
        assert!(kept.iter().all(|pm| pm.mentions.iter().all(|r| r.doc == 1)));
        let narrower = Filter {
            query: "wire serv".into(),
            ..Filter::default()
        };
        assert_eq!(
            refine(&coll, &gaz, &kept, &narrower),
            places(&coll, &gaz, &narrower)
        );
    }

    /// Issue 12: the search matches as lowering the text would, in Latin and Cyrillic,
    /// without allocating a lowered copy.
    #[test]
    fn issue_12_search_ignores_case_without_lowering_copies() {
        for (hay, needle, expected) in [
            ("Shelling near POKROVSK overnight", "pokrovsk", true),
            ("Shelling near Pokrovsk", "pokrovsk overnight", false),
            ("Удари по КИЄВУ та Києві", "києві", true),
            ("Удари по Київу", "києві", false),
            ("Zürich and Kraków", "kraków", true),
            ("Zürich and Krakow", "kraków", false),
            ("abc", "", true),
            ("", "a", false),
            ("Ёлки", "ёл", true),
        ] {
            assert_eq!(contains_folded(hay, needle), expected, "{hay} / {needle}");
            assert_eq!(
                hay.to_lowercase().contains(needle),
                expected,
                "{hay} / {needle}"
            );
        }
    }

    /// Issue 12: a keystroke that extends the search finds among the places already kept
    /// exactly what a search of every document finds.
    #[test]
    fn issue_12_refining_a_search_equals_searching_again() {
        let gaz = crate::gazetteer::Gazetteer::bundled().unwrap();
        let parser = crate::geoparse::Geoparser::new(&gaz);
        let mut coll = Collection::default();
        for (i, text) in [
            "Shelling hit Kharkiv and Kherson overnight. Kyiv was quiet.",
            "Kherson residents left for Mykolaiv. Odesa's port reopened.",
            "Drones struck Kharkiv again; Sumy reported power cuts.",
        ]
        .iter()
        .enumerate()
        {
            let doc = crate::ingest::Document::new(
                format!("{i}.txt"),
                crate::ingest::Format::Text,
                text.to_string(),
                crate::ingest::Meta::default(),
            );
            let mentions = parser.parse(&doc.text);
            coll.add_document(crate::collection::ParsedDocument::new(doc, mentions));
        }
        let wide = Filter {
            query: "kh".into(),
            ..Filter::default()
        };
        let narrow = Filter {
            query: "kher".into(),
            ..Filter::default()
        };
        assert!(narrow.narrows(&wide));
        assert!(!wide.narrows(&narrow));
        assert!(
            !Filter {
                country: Some("UA".into()),
                ..narrow.clone()
            }
            .narrows(&wide)
        );
        let kept = places(&coll, &gaz, &wide);
        assert!(kept.len() >= 3, "{kept:?}");
        let refined = refine(&coll, &gaz, &kept, &narrow);
        assert_eq!(refined, places(&coll, &gaz, &narrow));
        assert!(!refined.is_empty() && refined.len() < kept.len());
    }
}
