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

use super::rank::{N_FEATURES, PLACE_EXTRA, Ranker, feature, probability};
use super::{
    Candidate, CollectionContext, Doubt, LOW_CONFIDENCE, Mention, Resolution, Span, Weights,
};

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
    /// The ranker's features (see [`super::rank::FEATURES`]).
    x: [f64; N_FEATURES],
}

/// How many candidates of a name, best by the hand-weighted score first, the ranker scores
/// (the rest stay as alternatives for corrections).
const RANKED_CANDIDATES: usize = 20;

/// A hand-weighted score that keeps a candidate out of the running but in the list.
const OUT_OF_RUNNING: f64 = -10.0;

/// The places a span may mean, each with whether it is a first-level region that shares
/// its name with a city among the candidates, without "region" in the text (Moscow, Kyiv,
/// Kursk): the name is usually the city's, but the region stays a candidate, for the ranker
/// to weigh and for corrections to offer.
fn candidates_for(gaz: &Gazetteer, span: &Span) -> Vec<(NameHit, bool)> {
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
    if span.kind_hint == Some(PlaceKind::Region) {
        return hits.into_iter().map(|h| (h, false)).collect();
    }
    // A town that merely has the region's name as an alternate ("Minneota", also spelt
    // "Minnesota") does not shadow a region named by its own name.
    let city_regions: Vec<(&str, bool)> = hits
        .iter()
        .map(|h| (gaz.place(h.place), h.primary))
        .filter(|(p, _)| p.kind == PlaceKind::City)
        .map(|(p, primary)| (p.admin1.as_str(), primary))
        .collect();
    hits.iter()
        .map(|h| {
            let p = gaz.place(h.place);
            let shadowed = p.kind == PlaceKind::Region
                && city_regions
                    .iter()
                    .any(|&(a1, primary)| a1 == p.admin1 && (primary || !h.primary));
            (*h, shadowed)
        })
        .collect()
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
        if span.doubt.is_some() {
            // A name the rules doubt is no evidence for the others.
            continue;
        }
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
            _ => {}
        }
        // Towns, and countries as small as towns (the Vatican, Monaco): points near which
        // the text's other places lie.
        let point_like = place.kind == PlaceKind::City
            || place.kind == PlaceKind::Country && place.population < SMALL_COUNTRY;
        if point_like && p > 0.6 {
            ctx.points
                .push((span.key.clone(), Point::new(place.lon, place.lat)));
        }
    }

    ctx
}

/// Scores every candidate: its prior plus the evidence of the rest of the document. Also
/// fills the candidate's part of the ranker's features.
fn rescore(
    w: &Weights,
    gaz: &Gazetteer,
    text: &str,
    (spans, containers): (&[Span], &[Option<Container>]),
    cands: &mut [Vec<Scored>],
    ctx: &DocContext,
    collection: Option<&CollectionContext>,
) {
    // Each name's best town's region so far, for the names listed with it.
    let best_region: Vec<Option<&str>> = cands
        .iter()
        .map(|cs| {
            let best = cs.iter().max_by(|a, b| a.score.total_cmp(&b.score))?;
            let p = gaz.place(best.place);
            (matches!(p.kind, PlaceKind::City | PlaceKind::District) && !p.admin1.is_empty())
                .then_some(p.admin1.as_str())
        })
        .collect();
    for (idx, (span, cs)) in spans.iter().zip(cands.iter_mut()).enumerate() {
        let container = &containers[idx];
        let alone = super::recognize::line_is_name_alone(text, span.start, span.end);
        // "near Klishchiivka and Vodiane": the names listed right before and after.
        let listed: Vec<&str> = [idx.checked_sub(1), Some(idx + 1)]
            .into_iter()
            .flatten()
            .filter(|&o| o != idx && o < spans.len())
            .filter(|&o| {
                let (a, b) = if o < idx { (o, idx) } else { (idx, o) };
                text.get(spans[a].end..spans[b].start)
                    .is_some_and(|gap| matches!(gap.trim(), "and" | "," | "or" | ", and" | "&"))
            })
            .filter_map(|o| best_region[o])
            .collect();
        let collection = collection.map(|cc| cc.without(gaz, &span.key));
        for c in cs.iter_mut() {
            let place = gaz.place(c.place);
            let mut score = c.prior;
            c.reasons.clear();
            c.x[feature("listed_with_same_region")] =
                if !place.admin1.is_empty() && listed.contains(&place.admin1.as_str()) {
                    1.0
                } else {
                    0.0
                };
            let own_total = ctx.key_weight.get(&span.key).copied().unwrap_or(0.0);
            let others_total = ctx.total_weight - own_total;
            let mut share = 0.0;
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
                share = ((all - own) / others_total).clamp(0.0, 1.0);
                score += w.country_focus * share;
                if share > 0.3 {
                    c.reasons.push("in the country the text is about");
                }
            }
            c.x[feature("country_share")] = share;
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
                c.x[feature("country_named")] = 1.0;
            }
            if matches!(place.kind, PlaceKind::City | PlaceKind::District)
                && named_by_others(&ctx.regions_named, &place.admin1)
            {
                score += 2.0;
                c.reasons.push("its region is named");
                c.x[feature("region_named")] = 1.0;
            }
            let here = Point::new(place.lon, place.lat);
            let nearest_km = ctx
                .points
                .iter()
                .filter(|(k, _)| *k != span.key)
                .map(|(_, p)| Haversine.distance(here, *p) / 1000.0)
                .fold(f64::INFINITY, f64::min);
            c.x[feature("log_nearest_km")] = if nearest_km.is_finite() {
                nearest_km.ln_1p()
            } else {
                NO_DISTANCE
            };
            if place.kind == PlaceKind::City && nearest_km.is_finite() {
                let bonus = 1.5 * (-nearest_km / 150.0).exp();
                score += bonus;
                if bonus > 0.5 {
                    c.reasons.push("near other places named");
                }
            }
            if let Some(cc) = &collection {
                c.x[feature("collection_size")] = cc.total.max(0.0).ln_1p();
            }
            if let Some(cc) = &collection
                && place.kind != PlaceKind::Continent
            {
                let share = cc.country_share(&place.country);
                score += w.collection_country * share;
                c.x[feature("collection_country")] = share;
                if share > 0.5 && place.kind != PlaceKind::Country {
                    c.reasons.push(COLLECTION_COUNTRY_REASON);
                }
                if matches!(place.kind, PlaceKind::City | PlaceKind::District) {
                    let share = cc.region_share(&place.admin1);
                    score += w.collection_region * share;
                    c.x[feature("collection_region")] = share;
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
                c.x[feature("in_container")] = 1.0;
            }
            if place.kind == PlaceKind::Country && c.x[feature("own_name")] > 0.0 {
                c.reasons.push("the country named by its own name");
            }
            c.score = score;
            c.x[feature("hand_score")] = score;
        }
    }
}

/// `log_nearest_km` when no other place has a point: ln(1 + 20,000 km), as far as places
/// on Earth lie apart.
const NO_DISTANCE: f64 = 9.9;

/// The word right before `at` on its line, when only spaces stand between.
fn word_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?.trim_end_matches([' ', '\t']);
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    Some(&before[start..])
}

/// The word right after `at` on its line, when only spaces stand between.
fn word_after(text: &str, at: usize) -> Option<&str> {
    let after = text.get(at..)?.trim_start_matches([' ', '\t']);
    let end = after
        .char_indices()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    Some(&after[..end])
}

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Fills the name's part of the ranker's features (the same for all its candidates) and
/// the parts that compare a candidate with the others.
fn span_features(
    gaz: &Gazetteer,
    text: &str,
    spans: &[Span],
    idx: usize,
    cs: &mut [Scored],
    (lower_case, has_container): (bool, bool),
) {
    use super::words;
    let span = &spans[idx];
    let surface = text.get(span.start..span.end).unwrap_or("");
    let folded = crate::text::fold_name(surface);
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    let max_pop = cs
        .iter()
        .map(|c| gaz.place(c.place).population)
        .max()
        .unwrap_or(0);
    let sentence_head = text.get(span.sentence.0..span.start).unwrap_or("");
    let sentence_initial = !sentence_head.chars().any(char::is_alphanumeric);
    let before = word_before(text, span.start);
    let after = word_after(text, span.end);
    let letters: Vec<char> = surface.chars().filter(|c| c.is_alphabetic()).collect();
    let prev_char = text
        .get(..span.start)
        .and_then(|t| t.trim_end().chars().next_back());
    let same_name = spans.iter().filter(|s| s.key == span.key).count();
    let named_as_region = spans
        .iter()
        .any(|s| s.key == span.key && s.kind_hint == Some(PlaceKind::Region));
    let is_container = idx > 0
        && text
            .get(spans[idx - 1].end..span.start)
            .is_some_and(|t| t.trim() == ",");
    let hint = span.kind_hint;
    let name_features = [
        ("n_candidates", cs.len() as f64),
        ("log_max_population", (1.0 + max_pop as f64).log10()),
        ("n_words", surface.split_whitespace().count() as f64),
        ("n_letters", span.key.chars().count() as f64),
        (
            "all_caps",
            b(letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())),
        ),
        ("sentence_initial", b(sentence_initial)),
        ("hint_country", b(hint == Some(PlaceKind::Country))),
        ("hint_region", b(hint == Some(PlaceKind::Region))),
        ("hint_city", b(hint == Some(PlaceKind::City))),
        (
            "hint_other",
            b(matches!(
                hint,
                Some(PlaceKind::District | PlaceKind::Water | PlaceKind::Continent)
            )),
        ),
        ("mentions_of_name", same_name as f64),
        (
            "position_in_text",
            span.start as f64 / text.len().max(1) as f64,
        ),
        (
            "line_alone",
            b(super::recognize::line_is_name_alone(
                text, span.start, span.end,
            )),
        ),
        (
            "after_locative",
            b(before.is_some_and(|w| super::rank::locative_words().contains(&w.to_lowercase()))),
        ),
        (
            "after_the",
            b(before.is_some_and(|w| w.eq_ignore_ascii_case("the"))),
        ),
        (
            "after_capitalized",
            b(!sentence_initial && before.is_some_and(capitalized)),
        ),
        ("before_capitalized", b(after.is_some_and(capitalized))),
        (
            "before_facility_word",
            b(after.is_some_and(|w| super::rank::facility_words().contains(&w.to_lowercase()))),
        ),
        (
            "before_possessive",
            b(text
                .get(span.end..)
                .is_some_and(|t| t.starts_with("'s") || t.starts_with("\u{2019}s"))),
        ),
        ("is_container", b(is_container)),
        ("has_container", b(has_container)),
        ("in_parentheses", b(prev_char == Some('('))),
        ("name_in_lower_case", b(lower_case)),
        (
            "common_word_name",
            b(words::common_words().contains(&span.key)
                || words::common_word_names().contains(&span.key)),
        ),
        ("cyrillic", b(surface.chars().any(crate::text::is_cyrillic))),
        ("surface_is_name", b(folded == span.key)),
        ("demonym", b(words::demonym_country(&folded).is_some())),
        ("names_in_text", (spans.len() as f64).ln_1p()),
        (
            "doubt_name_follows",
            b(span.doubt == Some(Doubt::NameFollows)),
        ),
        (
            "doubt_name_before",
            b(span.doubt == Some(Doubt::NameBefore)),
        ),
        (
            "doubt_common_word",
            b(span.doubt == Some(Doubt::CommonWord)),
        ),
        ("doubt_surname", b(span.doubt == Some(Doubt::Surname))),
        ("doubt_opening", b(span.doubt == Some(Doubt::Opening))),
        ("doubt_facility", b(span.doubt == Some(Doubt::Facility))),
    ];
    let mut by_size: Vec<u64> = cs.iter().map(|c| gaz.place(c.place).population).collect();
    by_size.sort_unstable_by(|a, b| b.cmp(a));
    let kinds: Vec<PlaceKind> = cs.iter().map(|c| gaz.place(c.place).kind).collect();
    for c in cs.iter_mut() {
        for (name, v) in name_features {
            c.x[feature(name)] = v;
        }
        let place = gaz.place(c.place);
        let pop = place.population;
        c.x[feature("population_rank")] =
            by_size.iter().position(|&p| p == pop).unwrap_or(0) as f64;
        c.x[feature("log_population_share")] =
            ((1.0 + pop as f64) / (1.0 + max_pop as f64)).log10();
        c.x[feature("n_same_kind")] = kinds.iter().filter(|&&k| k == place.kind).count() as f64;
        c.x[feature("named_as_region_in_text")] = b(named_as_region);
    }
}

/// The candidate's own features, known before the document's evidence.
fn candidate_features(
    place: &Place,
    span: &Span,
    primary: bool,
    prior: f64,
    region_of_capital: bool,
) -> [f64; N_FEATURES] {
    let b = |v: bool| if v { 1.0 } else { 0.0 };
    let mut x = [0.0; N_FEATURES];
    x[feature("kind_country")] = b(place.kind == PlaceKind::Country);
    x[feature("kind_region")] = b(place.kind == PlaceKind::Region);
    x[feature("kind_city")] = b(place.kind == PlaceKind::City);
    x[feature("kind_district")] = b(place.kind == PlaceKind::District);
    x[feature("kind_continent")] = b(place.kind == PlaceKind::Continent);
    x[feature("kind_water")] = b(place.kind == PlaceKind::Water);
    x[feature("log_population")] = (1.0 + place.population as f64).log10();
    x[feature("primary_name")] = b(primary);
    x[feature("own_name")] = b(crate::text::fold_name(&place.name) == span.key);
    x[feature("kind_matches_hint")] = b(span.kind_hint == Some(place.kind));
    x[feature("prior")] = prior;
    x[feature("log_nearest_km")] = NO_DISTANCE;
    x[feature("own_place")] = b(place.is_own());
    x[feature("region_of_capital")] = b(region_of_capital);
    x
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

/// One name's features, for training the ranker (`newsmap eval --dump-features`).
#[derive(Debug, Clone)]
pub struct SpanFeatures {
    /// Byte offset of the name in the text.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// Index of the first name of the document with the same name and kind hint: they
    /// share one sense.
    pub group: usize,
    /// The candidates the ranker scores, with their features (see [`super::rank::FEATURES`]).
    pub candidates: Vec<(PlaceId, [f64; N_FEATURES])>,
}

/// Who decides: the learned model (none: the hand-weighted scores), and whether the spans
/// are known to be places (gold spans, names a user marked: each gets its best candidate,
/// however unsure).
#[derive(Debug, Clone, Copy)]
pub struct Decider<'a> {
    /// The learned model.
    pub ranker: Option<&'a Ranker>,
    /// The spans are places.
    pub given: bool,
}

/// Countries with fewer people than this are about as small as a town (the Vatican, Monaco,
/// San Marino): their point counts as a town's in the document's context.
const SMALL_COUNTRY: u64 = 100_000;

/// The score of a candidate the ranker does not score (beyond [`RANKED_CANDIDATES`]).
const UNRANKED: f64 = -50.0;

/// Resolves recognised spans into mentions: with `ranker`, by the learned model; without,
/// by the hand-weighted scores. With `dump`, each span's features are pushed there.
pub fn resolve(
    w: &Weights,
    gaz: &Gazetteer,
    text: &str,
    mut spans: Vec<Span>,
    collection: Option<&CollectionContext>,
    Decider { ranker, given }: Decider<'_>,
    mut dump: Option<&mut Vec<SpanFeatures>>,
) -> Vec<Mention> {
    let ranker = ranker.filter(|r| r.applies_to(text));
    if ranker.is_none() && dump.is_none() {
        // Only the model weighs the names the rules doubt.
        spans.retain(|s| s.doubt.is_none());
    }
    let mut cands: Vec<Vec<Scored>> = spans
        .iter()
        .map(|span| {
            candidates_for(gaz, span)
                .into_iter()
                .map(|(h, region_of_capital)| {
                    let place = gaz.place(h.place);
                    // The wording ("the Kursk region") confirms the kind.
                    let hinted = if span.kind_hint == Some(place.kind) {
                        1.0
                    } else {
                        0.0
                    };
                    let mut p = prior(w, place, h.primary) + hinted;
                    let x = candidate_features(place, span, h.primary, p, region_of_capital);
                    if region_of_capital {
                        p += OUT_OF_RUNNING;
                    }
                    Scored {
                        place: h.place,
                        primary: h.primary,
                        prior: p,
                        score: p,
                        reasons: Vec::new(),
                        x,
                    }
                })
                .collect()
        })
        .collect();

    // Context from the priors, then from the scores it gives, so that names resolved by
    // context (a county, a state) inform the others in turn.
    // The region or country named right after each name ("Tonenke, Donetsk region"), once.
    let containers: Vec<Option<Container>> = (0..spans.len())
        .map(|idx| explicit_container(gaz, text, &spans, idx))
        .collect();
    rule_out_candidates(gaz, text, (&spans, &containers), &mut cands);

    for _ in 0..CONTEXT_PASSES {
        let ctx = context(w, gaz, &spans, &cands);
        rescore(
            w,
            gaz,
            text,
            (&spans, &containers),
            &mut cands,
            &ctx,
            collection,
        );
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
    let mut group_of = vec![0usize; spans.len()];
    for members in groups.values() {
        for &m in members {
            group_of[m] = members[0];
        }
    }

    // The ranker's features and scores.
    let mut in_lower_case: BTreeMap<&str, bool> = BTreeMap::new();
    for idx in 0..spans.len() {
        let cs = &mut cands[idx];
        if cs.is_empty() {
            continue;
        }
        let scores: Vec<f64> = cs.iter().map(|c| c.score).collect();
        let max = scores.iter().copied().fold(w.none_score, f64::max);
        let total: f64 =
            scores.iter().map(|s| (s - max).exp()).sum::<f64>() + (w.none_score - max).exp();
        let (best, _, _) = softmax_best(w.none_score, &scores);
        for (k, c) in cs.iter_mut().enumerate() {
            c.x[feature("hand_probability")] = (c.score - max).exp() / total;
            c.x[feature("hand_best")] = if k == best { 1.0 } else { 0.0 };
        }
        // Whether the name occurs in lower case: one scan of the text per name, not per
        // mention.
        let key = spans[idx].key.as_str();
        let lower_case = *in_lower_case
            .entry(key)
            .or_insert_with(|| super::recognize::occurs_in_lower_case(text, key));
        let has_container = containers[idx].is_some();
        span_features(gaz, text, &spans, idx, cs, (lower_case, has_container));
        let mut order: Vec<usize> = (0..cs.len()).collect();
        order.sort_by(|&a, &b| {
            cs[b]
                .score
                .total_cmp(&cs[a].score)
                .then(cs[a].place.cmp(&cs[b].place))
        });
        order.truncate(RANKED_CANDIDATES);
        if let Some(out) = dump.as_deref_mut() {
            out.push(SpanFeatures {
                start: spans[idx].start,
                end: spans[idx].end,
                group: group_of[idx],
                candidates: order.iter().map(|&k| (cs[k].place, cs[k].x)).collect(),
            });
        }
        if let Some(r) = ranker {
            let mut ranked = vec![false; cs.len()];
            for &k in &order {
                ranked[k] = true;
            }
            // The region of a capital is not the model's to choose: "Moscow" is the city
            // unless the text is about the region (see `region_named_more`).
            for (c, ranked) in cs.iter_mut().zip(ranked) {
                c.score = if ranked
                    && c.x[feature("region_of_capital")] == 0.0
                    && c.x[feature("overshadowed")] == 0.0
                {
                    r.log_odds(&c.x)
                } else {
                    UNRANKED
                };
            }
        }
    }

    let mut mentions: Vec<Option<Mention>> = vec![None; spans.len()];
    for ((key, hint), members) in &groups {
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
        // Which candidate the name means, and each mention's confidence in it (none: the
        // mention makes no pin).
        // An abbreviation of several places ("WA", "SA") is the one in the country the
        // rest of the text is about, whatever the model prefers.
        let by_country = is_shared_abbreviation(&spans[first]).then(|| {
            cands[first]
                .iter()
                .enumerate()
                .fold((0, f64::MIN), |acc, (k, c)| {
                    let share = c.x[feature("country_share")];
                    if share > acc.1 { (k, share) } else { acc }
                })
                .0
        });
        let (best, confidences): (usize, Vec<Option<f64>>) = if n == 0 {
            (0, vec![None; members.len()])
        } else if let Some(r) = ranker {
            // Names listed together lie together: "near Klishchiivka and Vodiane" is the
            // Vodiane in Klishchiivka's oblast, when there is one.
            let listed = |k: usize| {
                members
                    .iter()
                    .any(|&m| cands[m][k].x[feature("listed_with_same_region")] > 0.0)
            };
            let any_listed = (0..n).any(listed);
            let best = by_country.unwrap_or_else(|| {
                total
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| !any_listed || listed(k))
                    .fold(
                        (0, f64::MIN),
                        |acc, (i, &t)| if t > acc.1 { (i, t) } else { acc },
                    )
                    .0
            });
            let confidences = members
                .iter()
                .map(|&m| {
                    let c = &cands[m][best];
                    let p = probability(c.score);
                    // A candidate out of the running (the text rules it out) is no pin; a
                    // name the rules doubt needs the model's own word for it.
                    let kept = if c.score <= UNRANKED {
                        false
                    } else if spans[m].doubt.is_some() {
                        p >= r.doubt_threshold.unwrap_or(r.threshold)
                    } else {
                        p >= r.threshold
                            || placed_by_the_text(text, &spans[m], c)
                            || is_a_place(r, &cands[m], best)
                    };
                    (given || kept).then_some(p)
                })
                .collect();
            (best, confidences)
        } else {
            let (best, p, p_none) = softmax_best(w.none_score, &total);
            let keep = p_none < 0.5 && p >= MIN_CONFIDENCE;
            (
                by_country.unwrap_or(best),
                vec![keep.then_some(p); members.len()],
            )
        };
        // One sense across "Kursk" and "the Kursk region": a bare name whose region the
        // text names more often than the name alone is the region.
        let (best, about_region) = match region_named_more(&groups, key, *hint, members.len())
            .then(|| {
                cands[first]
                    .iter()
                    .position(|c| c.x[feature("region_of_capital")] > 0.0)
            })
            .flatten()
        {
            Some(k) if n > 0 => (k, true),
            _ => (best, false),
        };
        let confidences: Vec<Option<f64>> = if about_region {
            vec![Some(1.0 - LOW_CONFIDENCE / 2.0); members.len()]
        } else {
            confidences
        };
        for (&m, confidence) in members.iter().zip(confidences) {
            let span = &spans[m];
            if span.doubt.is_some() && (confidence.is_none() || ranker.is_none()) {
                // A doubted name the model does not take for a place is no mention at all.
                continue;
            }
            let resolution = confidence.map(|p| {
                let c = &cands[first][best];
                let mut reasons: Vec<&str> = Vec::new();
                if about_region {
                    reasons.push("the text is about the region of that name");
                }
                for &o in members {
                    for r in &cands[o][best].reasons {
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
                        .join("; ")
                        .into(),
                }
            });
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
            // The region of a capital stays on offer for corrections.
            if let Some(c) = cands[m]
                .iter()
                .zip(&total)
                .find(|(c, _)| c.x[feature("region_of_capital")] > 0.0)
                && !candidates.iter().any(|k| k.place == c.0.place)
            {
                candidates.push(Candidate {
                    place: c.0.place,
                    primary_name: c.0.primary,
                    score: *c.1,
                });
            }
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
                resolution,
                relative,
                correction: None,
            });
        }
    }
    // A street is shown at the town the text names around it ("Kingsley Road in
    // Hounslow"): a pin near the right spot, not at a namesake town far away.
    for m in 0..spans.len() {
        if !spans[m].street {
            continue;
        }
        let Some((town, confidence)) = town_around(gaz, &spans, &mentions, m) else {
            continue;
        };
        if let Some(Some(mention)) = mentions.get_mut(m) {
            let name = &gaz.place(town).name;
            mention.candidates = vec![Candidate {
                place: town,
                primary_name: true,
                score: 0.0,
            }];
            mention.resolution = Some(Resolution {
                place: town,
                // A street somewhere in the town: never a sure pin.
                confidence: confidence.min(LOW_CONFIDENCE),
                reason: format!("a street; shown at {name}, the town the text names around it")
                    .into(),
            });
        }
    }
    mentions.into_iter().flatten().collect()
}

/// The town a street at span `m` is in, as the text says: the nearest town resolved in its
/// sentence, else the last one before it. With that town's confidence.
fn town_around(
    gaz: &Gazetteer,
    spans: &[Span],
    mentions: &[Option<Mention>],
    m: usize,
) -> Option<(PlaceId, f64)> {
    let towns: Vec<(usize, PlaceId, f64)> = mentions
        .iter()
        .enumerate()
        .filter(|&(o, _)| o != m && !spans[o].street)
        .filter_map(|(o, mention)| {
            let r = mention.as_ref()?.resolution.as_ref()?;
            matches!(
                gaz.place(r.place).kind,
                PlaceKind::City | PlaceKind::District
            )
            .then_some((o, r.place, r.confidence))
        })
        .collect();
    let here = &spans[m];
    towns
        .iter()
        .filter(|(o, _, _)| spans[*o].sentence == here.sentence)
        .min_by_key(|(o, _, _)| spans[*o].start.abs_diff(here.start))
        .or_else(|| towns.iter().rev().find(|(o, _, _)| *o < m))
        .map(|&(_, place, confidence)| (place, confidence))
}

/// "China", "the Atlantic", "Middle East": a country, an ocean or sea, or a world region
/// named by one of its own names is that feature, not a town of the same name (nor, for a
/// sea or a world region, a province: "the Gulf" is no Gulf Province), unless the text
/// makes the name a town somewhere ("China, Maine"; "the city of Rome"). The others stay
/// candidates, for corrections, out of the running (issue 15). A country does not shadow
/// a region: "Georgia" may be the US state. After "of" ("the West Coast of the United
/// States"), only the candidates inside the country or region named stay in the running.
/// The ranker's feature `overshadowed` marks the candidates ruled out.
fn rule_out_candidates(
    gaz: &Gazetteer,
    text: &str,
    (spans, containers): (&[Span], &[Option<Container>]),
    cands: &mut [Vec<Scored>],
) {
    let kinds = |cs: &[Scored]| -> (bool, bool) {
        let has = |k: PlaceKind| cs.iter().any(|c| gaz.place(c.place).kind == k);
        (
            has(PlaceKind::Country),
            has(PlaceKind::Continent) || has(PlaceKind::Water),
        )
    };
    // Names the text makes a town in some mention: one sense per document.
    let towns: BTreeSet<&str> = spans
        .iter()
        .enumerate()
        .filter(|(idx, span)| span.kind_hint == Some(PlaceKind::City) || containers[*idx].is_some())
        .map(|(_, span)| span.key.as_str())
        .collect();
    for (span, cs) in spans.iter().zip(cands.iter_mut()) {
        let (country, world) = kinds(cs);
        if towns.contains(span.key.as_str()) || !(country || world) {
            continue;
        }
        let shadowed = |p: &Place| match p.kind {
            PlaceKind::City | PlaceKind::District => true,
            PlaceKind::Region => world,
            _ => false,
        };
        for c in cs.iter_mut().filter(|c| shadowed(gaz.place(c.place))) {
            c.x[feature("overshadowed")] = 1.0;
            c.prior += OUT_OF_RUNNING;
            c.score = c.prior;
        }
    }
    // "the West Coast of the United States": only a candidate in that country or region,
    // and none at all (no pin) when no candidate lies there.
    for (idx, cs) in cands.iter_mut().enumerate() {
        let Some(container) = of_container(gaz, text, spans, idx) else {
            continue;
        };
        for c in cs
            .iter_mut()
            .filter(|c| !container.contains(gaz.place(c.place)))
        {
            c.x[feature("overshadowed")] = 1.0;
            c.prior += OUT_OF_RUNNING;
            c.score = c.prior;
        }
    }
}

/// Whether a span is an abbreviation the table gives several places for ("WA").
fn is_shared_abbreviation(span: &Span) -> bool {
    span.hits.len() > 1
        && super::words::place_abbreviation(&span.key)
            .is_some_and(|(codes, _)| codes.split('|').count() == span.hits.len())
}

/// Whether the place model takes a mention for a place here, whichever of its candidates
/// it is (`best` is the one chosen).
fn is_a_place(r: &Ranker, cs: &[Scored], best: usize) -> bool {
    let Some(model) = &r.place else {
        return false;
    };
    let Some(c) = cs.get(best) else {
        return false;
    };
    let ps = cs.iter().map(|c| probability(c.score));
    let p_sum: f64 = ps.clone().sum();
    let p_max = ps.fold(0.0, f64::max);
    let mut x = [0.0; N_FEATURES + PLACE_EXTRA.len()];
    x[..N_FEATURES].copy_from_slice(&c.x);
    x[N_FEATURES..].copy_from_slice(&[p_sum, p_max, probability(c.score)]);
    model.probability(&x) >= model.threshold
}

/// Whether the text itself says a name is a place, however sure the model is of which: the
/// name is its line alone (a tag, a dateline, an event note's place), its region or country
/// follows it ("Tonenke, Donetsk region"), a generic word of the candidate's kind goes with
/// it ("Yesaulivka village", "Donetsk Obl."; not a demonym's country), or something lies a distance from it ("10 km
/// south of Kurakhove"). The corpora the model learnt from hold few such names.
fn placed_by_the_text(text: &str, span: &Span, c: &Scored) -> bool {
    c.x[feature("line_alone")] > 0.0
        || c.x[feature("in_container")] > 0.0
        || (span.kind_hint.is_some_and(|k| k != PlaceKind::Country)
            && c.x[feature("kind_matches_hint")] > 0.0)
        || text
            .get(span.sentence.0..span.start)
            .and_then(super::relative::offset_before)
            .is_some()
}

/// For a bare name (no kind hint) mentioned `bare` times: whether the text names the
/// region of the same name ("the Kursk region") more often.
fn region_named_more(
    groups: &BTreeMap<(String, Option<PlaceKind>), Vec<usize>>,
    key: &str,
    hint: Option<PlaceKind>,
    bare: usize,
) -> bool {
    if hint.is_some() {
        return false;
    }
    let regional = groups
        .get(&(key.to_string(), Some(PlaceKind::Region)))
        .map_or(0, Vec::len);
    regional > bare
}

/// "an abbreviation of Donetsk Oblast; the text names the occupation authority…" for a
/// span the abbreviation table made.
fn abbreviation_reason(gaz: &Gazetteer, span: &Span, place: PlaceId) -> Option<String> {
    let (codes, note) = super::words::place_abbreviation(&span.key)?;
    // The span the table made: its places are the table's.
    let only =
        span.hits.len() == codes.split('|').count() && span.hits.iter().any(|h| h.place == place);
    if !only {
        return None;
    }
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
    container_after(gaz, text, spans, idx, &[","])
}

/// The country or region named after "of" ("the West Coast of the United States").
fn of_container(gaz: &Gazetteer, text: &str, spans: &[Span], idx: usize) -> Option<Container> {
    container_after(gaz, text, spans, idx, &["of", "of the"])
}

/// The country or region named right after span `idx`, with one of `between` only between.
fn container_after(
    gaz: &Gazetteer,
    text: &str,
    spans: &[Span],
    idx: usize,
    between: &[&str],
) -> Option<Container> {
    let next = spans.get(idx + 1)?;
    let gap = text.get(spans[idx].end..next.start)?;
    if !between.contains(&gap.trim()) {
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
