//! What the analyst narrows the view to: a search text, a source, an article, a country, a
//! least confidence and a date range. Pure data and predicates; the app and the CLI share
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
    /// Only resolutions at least this confident, 0 to 1.
    pub min_confidence: f64,
    /// Only documents dated within this inclusive range (`YYYY-MM-DD`); undated documents
    /// are left out while a range is set.
    pub dates: Option<(String, String)>,
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

    /// Whether a resolved mention passes every filter (its document's included).
    pub fn keeps(&self, gaz: &Gazetteer, pd: &ParsedDocument, m: &Mention, query: &str) -> bool {
        let Some(r) = &m.resolution else {
            return false;
        };
        if r.confidence < self.min_confidence {
            return false;
        }
        let place = gaz.place(r.place);
        if let Some(c) = &self.country
            && place.country != *c
        {
            return false;
        }
        if !query.is_empty() {
            let hit = place.name.to_lowercase().contains(query)
                || m.sentence_text(&pd.doc.text).to_lowercase().contains(query)
                || pd
                    .doc
                    .title
                    .as_ref()
                    .is_some_and(|t| t.to_lowercase().contains(query));
            if !hit {
                return false;
            }
        }
        true
    }
}

/// Every place with the mentions the filter keeps, most mentioned first (ties by name, then
/// id); boilerplate is left out as in [`Collection::places`].
pub fn places(coll: &Collection, gaz: &Gazetteer, filter: &Filter) -> Vec<PlaceMentions> {
    if filter.is_empty() {
        return coll.places(gaz);
    }
    let query = filter.query.trim().to_lowercase();
    let mut by_place: BTreeMap<PlaceId, Vec<MentionRef>> = BTreeMap::new();
    for (d, pd) in coll.documents.iter().enumerate() {
        if !filter.keeps_document(pd) {
            continue;
        }
        for (k, m) in pd.mentions.iter().enumerate() {
            if pd.in_boilerplate(m) || !filter.keeps(gaz, pd, m, &query) {
                continue;
            }
            if let Some(r) = &m.resolution {
                by_place
                    .entry(r.place)
                    .or_default()
                    .push(MentionRef { doc: d, mention: k });
            }
        }
    }
    crate::collection::most_mentioned_first(gaz, by_place)
}

/// Documents per day, in date order (undated documents are not counted).
pub fn date_histogram(coll: &Collection) -> Vec<(String, usize)> {
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    for pd in &coll.documents {
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
