//! Resolution: which place each recognised name means.
//!
//! Each candidate gets a prior (its kind, its size, whether the text used its main name),
//! then evidence from the document: the countries and regions the text names, how close the
//! candidate lies to the other places named, and an explicit container right after it
//! ("Pokrovsk, Donetsk region"). One name keeps one sense within a document. A "none of
//! these" option competes with the candidates, so a weak match stays unresolved instead of
//! becoming a wrong pin.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Distance, Haversine, Point};

use crate::gazetteer::{Gazetteer, NameHit, Place, PlaceId, PlaceKind};

use super::{Candidate, CollectionContext, Mention, Resolution, Span, Weights};

/// The least confidence a resolution may have: below it, the name stays unresolved even when
/// "none of these" is unlikely (many small places of one name, none convincing).
const MIN_CONFIDENCE: f64 = 0.0;
/// Rounds of "context from the current scores, then scores from that context".
const CONTEXT_PASSES: usize = 1;
/// How many candidates a mention keeps for corrections.
const MAX_CANDIDATES: usize = 12;

/// Prior evidence for one candidate, independent of the rest of the text.
fn prior(w: &Weights, place: &Place, primary: bool) -> f64 {
    let size = (1.0 + place.population as f64).log10();
    let kind = match place.kind {
        PlaceKind::Country => 4.0,
        // A region's bare stem ("Kursk", "Київ") is usually its capital's name: the region
        // gets its weight from its full name or from "region" in the text.
        PlaceKind::Region if primary => w.region_bonus,
        PlaceKind::Region => 0.8,
        // Continents, seas and districts are named by their full names ("Laurel County").
        PlaceKind::Continent => 3.0,
        PlaceKind::Water => 2.0,
        PlaceKind::District => 1.2,
        PlaceKind::City => 0.0,
    };
    let size_weight = match place.kind {
        PlaceKind::City => w.city_size,
        _ => 0.1,
    };
    // A place the user added is one they expect to see found.
    let own = if place.is_own() { OWN_PLACE_BONUS } else { 0.0 };
    kind + size_weight * size + if primary { w.primary_name_bonus } else { 0.0 } + own
}

/// Prior bonus of a place the user added to the gazetteer over homonyms from the bundled
/// data.
const OWN_PLACE_BONUS: f64 = 3.0;

/// What the rest of the document says.
#[derive(Debug, Default)]
struct DocContext {
    /// Country code → summed confidence of the places named there.
    country_weight: BTreeMap<String, f64>,
    total_weight: f64,
    /// The same, per name, so a name's own guess is taken out of its evidence.
    key_country_weight: BTreeMap<(String, String), f64>,
    key_weight: BTreeMap<String, f64>,
    /// Countries and regions named, with the names that named them.
    countries_named: BTreeMap<String, BTreeSet<String>>,
    regions_named: BTreeMap<String, BTreeSet<String>>,
    /// Points of confidently resolved cities, with the key they were named by.
    points: Vec<(String, Point<f64>)>,
}

struct Scored {
    place: PlaceId,
    primary: bool,
    prior: f64,
    score: f64,
    reasons: Vec<&'static str>,
}

fn candidates_for(gaz: &Gazetteer, span: &Span) -> Vec<NameHit> {
    let mut hits = span.hits.clone();
    if let Some(kind) = span.kind_hint {
        let of_kind: Vec<NameHit> = hits
            .iter()
            .copied()
            .filter(|h| gaz.place(h.place).kind == kind)
            .collect();
        if !of_kind.is_empty() {
            hits = of_kind;
        }
    }
    hits.sort_by_key(|h| (h.place, !h.primary));
    hits.dedup_by_key(|h| h.place);
    // A city and the region around it with the same name (Moscow, Kyiv, Pyongyang, and
    // Donetsk for the oblast's alias): without "region" in the text, the name is the city's.
    if span.kind_hint != Some(PlaceKind::Region) {
        // A town that merely has the region's name as an alternate ("Minneota", also
        // spelt "Minnesota") does not hide a region named by its own name.
        let city_regions: Vec<(&str, bool)> = hits
            .iter()
            .map(|h| (gaz.place(h.place), h.primary))
            .filter(|(p, _)| p.kind == PlaceKind::City)
            .map(|(p, primary)| (p.admin1.as_str(), primary))
            .collect();
        let keep: Vec<bool> = hits
            .iter()
            .map(|h| {
                let p = gaz.place(h.place);
                p.kind != PlaceKind::Region
                    || !city_regions
                        .iter()
                        .any(|&(a1, primary)| a1 == p.admin1 && (primary || !h.primary))
            })
            .collect();
        let mut k = keep.iter();
        hits.retain(|_| k.next().copied().unwrap_or(true));
    }
    hits
}

fn softmax_best(none_score: f64, scores: &[f64]) -> (usize, f64, f64) {
    // Returns (index of best, its probability, probability of "none").
    let max = scores.iter().copied().fold(none_score, f64::max);
    let none = (none_score - max).exp();
    let exps: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
    let total: f64 = exps.iter().sum::<f64>() + none;
    let (best, best_exp) =
        exps.iter().copied().enumerate().fold(
            (0, f64::MIN),
            |acc, (i, e)| if e > acc.1 { (i, e) } else { acc },
        );
    (best, best_exp / total, none / total)
}

/// The document's evidence, from each span's best candidate under the current scores.
fn context(w: &Weights, gaz: &Gazetteer, spans: &[Span], cands: &[Vec<Scored>]) -> DocContext {
    let mut ctx = DocContext::default();
    for (span, cs) in spans.iter().zip(cands) {
        let scores: Vec<f64> = cs.iter().map(|c| c.score).collect();
        if scores.is_empty() {
            continue;
        }
        let (best, p, _) = softmax_best(w.none_score, &scores);
        let place = gaz.place(cs[best].place);
        *ctx.country_weight.entry(place.country.clone()).or_default() += p;
        ctx.total_weight += p;
        *ctx.key_country_weight
            .entry((span.key.clone(), place.country.clone()))
            .or_default() += p;
        *ctx.key_weight.entry(span.key.clone()).or_default() += p;
        match place.kind {
            PlaceKind::Country if p > 0.5 => {
                ctx.countries_named
                    .entry(place.country.clone())
                    .or_default()
                    .insert(span.key.clone());
            }
            PlaceKind::Region | PlaceKind::District if p > 0.5 => {
                ctx.regions_named
                    .entry(place.admin1.clone())
                    .or_default()
                    .insert(span.key.clone());
                ctx.countries_named
                    .entry(place.country.clone())
                    .or_default()
                    .insert(span.key.clone());
            }
            PlaceKind::City if p > 0.6 => {
                ctx.points
                    .push((span.key.clone(), Point::new(place.lon, place.lat)));
            }
            _ => {}
        }
    }

    ctx
}

/// Scores every candidate: its prior plus the evidence of the rest of the document.
fn rescore(
    w: &Weights,
    gaz: &Gazetteer,
    text: &str,
    spans: &[Span],
    cands: &mut [Vec<Scored>],
    ctx: &DocContext,
    collection: Option<&CollectionContext>,
) {
    for (idx, (span, cs)) in spans.iter().zip(cands.iter_mut()).enumerate() {
        let container = explicit_container(gaz, text, spans, idx);
        let alone = super::recognize::line_is_name_alone(text, span.start, span.end);
        let collection = collection.map(|cc| cc.without(gaz, &span.key));
        for c in cs.iter_mut() {
            let place = gaz.place(c.place);
            let mut score = c.prior;
            c.reasons.clear();
            let own_total = ctx.key_weight.get(&span.key).copied().unwrap_or(0.0);
            let others_total = ctx.total_weight - own_total;
            if others_total > 1e-9 {
                let all = ctx
                    .country_weight
                    .get(&place.country)
                    .copied()
                    .unwrap_or(0.0);
                let own = ctx
                    .key_country_weight
                    .get(&(span.key.clone(), place.country.clone()))
                    .copied()
                    .unwrap_or(0.0);
                let share = ((all - own) / others_total).clamp(0.0, 1.0);
                score += w.country_focus * share;
                if share > 0.3 {
                    c.reasons.push("in the country the text is about");
                }
            }
            let named_by_others = |named: &BTreeMap<String, BTreeSet<String>>, code: &str| {
                named
                    .get(code)
                    .is_some_and(|keys| keys.iter().any(|k| *k != span.key))
            };
            if place.kind != PlaceKind::Country
                && named_by_others(&ctx.countries_named, &place.country)
            {
                score += 1.0;
                c.reasons.push("its country is named");
            }
            if matches!(place.kind, PlaceKind::City | PlaceKind::District)
                && named_by_others(&ctx.regions_named, &place.admin1)
            {
                score += 2.0;
                c.reasons.push("its region is named");
            }
            if place.kind == PlaceKind::City {
                let here = Point::new(place.lon, place.lat);
                let nearest_km = ctx
                    .points
                    .iter()
                    .filter(|(k, _)| *k != span.key)
                    .map(|(_, p)| Haversine.distance(here, *p) / 1000.0)
                    .fold(f64::INFINITY, f64::min);
                if nearest_km.is_finite() {
                    let bonus = 1.5 * (-nearest_km / 150.0).exp();
                    score += bonus;
                    if bonus > 0.5 {
                        c.reasons.push("near other places named");
                    }
                }
            }
            if let Some(cc) = &collection
                && place.kind != PlaceKind::Continent
            {
                let share = cc.country_share(&place.country);
                score += w.collection_country * share;
                if share > 0.5 && place.kind != PlaceKind::Country {
                    c.reasons.push(COLLECTION_COUNTRY_REASON);
                }
                if matches!(place.kind, PlaceKind::City | PlaceKind::District) {
                    let share = cc.region_share(&place.admin1);
                    score += w.collection_region * share;
                    if share > 0.3 {
                        c.reasons.push(COLLECTION_REGION_REASON);
                    }
                }
            }
            if alone {
                score += w.name_alone;
                c.reasons.push("the line is the name alone");
            }
            if let Some(container) = &container
                && container.contains(place)
            {
                score += 3.0;
                c.reasons.push("its region or country follows the name");
            }
            c.score = score;
        }
    }
}

/// The collection's reasons, before they are given the place's country or region.
const COLLECTION_COUNTRY_REASON: &str = "most places in this collection are in its country";
const COLLECTION_REGION_REASON: &str = "many places in this collection are in its region";

/// A reason as people read it: the collection's reasons name the country or region
/// ("many places in this collection are in Donetsk Oblast").
fn name_the_unit(gaz: &Gazetteer, place: &Place, reason: &str) -> String {
    let unit = match reason {
        COLLECTION_COUNTRY_REASON => gaz.country_name(place),
        COLLECTION_REGION_REASON => gaz.region_name(place),
        _ => None,
    };
    match unit {
        Some(name) => reason.replace(
            if reason == COLLECTION_COUNTRY_REASON {
                "its country"
            } else {
                "its region"
            },
            name,
        ),
        None => reason.to_string(),
    }
}

/// Resolves recognised spans into mentions.
pub fn resolve(
    w: &Weights,
    gaz: &Gazetteer,
    text: &str,
    spans: Vec<Span>,
    collection: Option<&CollectionContext>,
) -> Vec<Mention> {
    let cands: Vec<Vec<Scored>> = spans
        .iter()
        .map(|span| {
            candidates_for(gaz, span)
                .into_iter()
                .map(|h| {
                    let place = gaz.place(h.place);
                    // The wording ("the Kursk region") confirms the kind.
                    let hinted = if span.kind_hint == Some(place.kind) {
                        1.0
                    } else {
                        0.0
                    };
                    let p = prior(w, place, h.primary) + hinted;
                    Scored {
                        place: h.place,
                        primary: h.primary,
                        prior: p,
                        score: p,
                        reasons: Vec::new(),
                    }
                })
                .collect()
        })
        .collect();

    // Context from the priors, then from the scores it gives, so that names resolved by
    // context (a county, a state) inform the others in turn.
    let mut cands = cands;
    for _ in 0..CONTEXT_PASSES {
        let ctx = context(w, gaz, &spans, &cands);
        rescore(w, gaz, text, &spans, &mut cands, &ctx, collection);
    }

    // One sense per name per document: mentions with the same name and kind hint share
    // their evidence.
    let mut groups: BTreeMap<(String, Option<PlaceKind>), Vec<usize>> = BTreeMap::new();
    for (idx, span) in spans.iter().enumerate() {
        groups
            .entry((span.key.clone(), span.kind_hint))
            .or_default()
            .push(idx);
    }
    let mut mentions: Vec<Option<Mention>> = vec![None; spans.len()];
    for members in groups.values() {
        let first = members[0];
        let n = cands[first].len();
        let mut total = vec![0.0; n];
        for &m in members {
            for (k, c) in cands[m].iter().enumerate() {
                total[k] += c.score;
            }
        }
        for t in &mut total {
            *t /= members.len() as f64;
        }
        let resolution = if n == 0 {
            None
        } else {
            let (best, p, p_none) = softmax_best(w.none_score, &total);
            (p_none < 0.5 && p >= MIN_CONFIDENCE).then(|| {
                let c = &cands[first][best];
                let mut reasons: Vec<&str> = Vec::new();
                for &m in members {
                    for r in &cands[m][best].reasons {
                        if !reasons.contains(r) {
                            reasons.push(r);
                        }
                    }
                }
                let lead = abbreviation_reason(gaz, &spans[first], c.place)
                    .unwrap_or_else(|| lead_reason(gaz, &cands[first], best));
                let place = gaz.place(c.place);
                Resolution {
                    place: c.place,
                    confidence: p,
                    reason: std::iter::once(lead)
                        .chain(reasons.iter().map(|&r| name_the_unit(gaz, place, r)))
                        .collect::<Vec<_>>()
                        .join("; "),
                }
            })
        };
        for &m in members {
            let span = &spans[m];
            let mut candidates: Vec<Candidate> = cands[m]
                .iter()
                .zip(&total)
                .map(|(c, &score)| Candidate {
                    place: c.place,
                    primary_name: c.primary,
                    score,
                })
                .collect();
            candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
            candidates.truncate(MAX_CANDIDATES);
            let relative = resolution.as_ref().and_then(|r| {
                let before = text.get(span.sentence.0..span.start)?;
                let place = gaz.place(r.place);
                super::relative::offset_before(before).map(|o| o.applied_at(place.lat, place.lon))
            });
            mentions[m] = Some(Mention {
                start: span.start,
                end: span.end,
                sentence: span.sentence,
                kind_hint: span.kind_hint,
                candidates,
                resolution: resolution.clone(),
                relative,
                correction: None,
            });
        }
    }
    mentions.into_iter().flatten().collect()
}

/// "an abbreviation of Donetsk Oblast; the text names the occupation authority…" for a
/// span the abbreviation table made.
fn abbreviation_reason(gaz: &Gazetteer, span: &Span, place: PlaceId) -> Option<String> {
    let only = span.hits.len() == 1 && span.hits[0].place == place;
    let (_, note) = super::words::place_abbreviation(&span.key).filter(|_| only)?;
    let name = &gaz.place(place).name;
    Some(match note {
        Some(note) => format!("an abbreviation of {name}; {note}"),
        None => format!("an abbreviation of {name}"),
    })
}

fn lead_reason(gaz: &Gazetteer, cands: &[Scored], best: usize) -> String {
    let chosen = gaz.place(cands[best].place);
    if cands.len() == 1 {
        return "the only place of that name".to_string();
    }
    let largest = cands
        .iter()
        .map(|c| gaz.place(c.place).population)
        .max()
        .unwrap_or(0);
    match chosen.kind {
        PlaceKind::Country => "a country of that name".to_string(),
        PlaceKind::Region => "a region of that name".to_string(),
        PlaceKind::City if chosen.population == largest => {
            format!("the largest of {} places of that name", cands.len())
        }
        PlaceKind::City => format!("one of {} places of that name", cands.len()),
        PlaceKind::District => "a district of that name".to_string(),
        PlaceKind::Continent => "a continent or world region of that name".to_string(),
        PlaceKind::Water => "a sea, lake or river of that name".to_string(),
    }
}

/// A region or country named right after a name: "Pokrovsk, Donetsk region",
/// "Alexandria, Virginia".
struct Container {
    countries: Vec<String>,
    regions: Vec<String>,
}

impl Container {
    fn contains(&self, place: &Place) -> bool {
        (place.kind != PlaceKind::Country && self.countries.contains(&place.country))
            || (matches!(place.kind, PlaceKind::City | PlaceKind::District)
                && self.regions.contains(&place.admin1))
    }
}

fn explicit_container(
    gaz: &Gazetteer,
    text: &str,
    spans: &[Span],
    idx: usize,
) -> Option<Container> {
    let next = spans.get(idx + 1)?;
    let between = text.get(spans[idx].end..next.start)?;
    if between.trim() != "," {
        return None;
    }
    let mut c = Container {
        countries: Vec::new(),
        regions: Vec::new(),
    };
    for h in &next.hits {
        let p = gaz.place(h.place);
        match p.kind {
            PlaceKind::Country => c.countries.push(p.country.clone()),
            PlaceKind::Region => c.regions.push(p.admin1.clone()),
            _ => {}
        }
    }
    (!c.countries.is_empty() || !c.regions.is_empty()).then_some(c)
}
