//! The geoparser: finds place names in text (recognition) and picks the place each one means
//! (resolution), keeping the alternatives with their scores.
//!
//! The pipeline is typed: [`recognize`] yields spans with an optional kind hint
//! ([`Span`]); [`Geoparser::parse`] turns them into [`Mention`]s with [`Candidate`]s and a
//! [`Resolution`] that says how sure it is and why.

pub mod inflect;
mod rank;
mod recognize;
pub mod relative;
mod resolve;
pub mod words;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::gazetteer::{Gazetteer, PlaceId, PlaceKind};

pub use rank::{FEATURES, N_FEATURES, Ranker, RankerError, probability};
pub use recognize::{Doubt, Span, recognize_with_doubts, span_at};
pub use resolve::SpanFeatures;

/// A place the text may mean, with the score the resolver gave it.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Candidate {
    /// The place.
    pub place: PlaceId,
    /// Whether the text used the place's display name (not an alternate or old one).
    pub primary_name: bool,
    /// The resolver's score (higher is better; only comparable within one mention).
    pub score: f64,
}

/// The place chosen for a mention.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Resolution {
    /// The place.
    pub place: PlaceId,
    /// How sure the resolver is, from 0 to 1.
    pub confidence: f64,
    /// What decided it, for people: "largest place of that name; region named in the text".
    /// Borrowed when it is the same for every mention (a results file's), so that ten
    /// million of them do not each hold a copy.
    #[serde(deserialize_with = "shared_reason")]
    pub reason: std::borrow::Cow<'static, str>,
}

/// The reason of every mention read from a batch's results.
pub const RESULTS_REASON: &str = "as the batch resolved it (results file)";

/// A reason read back (a restored workspace): the results' one borrowed, others owned.
fn shared_reason<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<std::borrow::Cow<'static, str>, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    Ok(if s == RESULTS_REASON {
        std::borrow::Cow::Borrowed(RESULTS_REASON)
    } else {
        std::borrow::Cow::Owned(s)
    })
}

/// A place name found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Mention {
    /// Byte offset of the name in the text.
    pub start: usize,
    /// Byte offset just past the name.
    pub end: usize,
    /// The byte range of the sentence the name stands in.
    pub sentence: (usize, usize),
    /// What the wording says the place is ("the Kursk region" is a region).
    pub kind_hint: Option<PlaceKind>,
    /// Places it may mean, best first.
    pub candidates: Vec<Candidate>,
    /// The place chosen, or `None` when no candidate is convincing.
    pub resolution: Option<Resolution>,
    /// When the text places something relative to this place ("10 km south of
    /// Kurakhove"): the derived point. The resolution stays the anchor.
    pub relative: Option<relative::Relative>,
    /// Set when a user's correction decided this mention's resolution; holds the
    /// geoparser's own answer so the correction can be undone.
    /// (Boxed: rare, and as large as the rest of the mention.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<Box<Corrected>>,
}

/// A mention's resolution set by a user's correction.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Corrected {
    /// The id of the correction that applies.
    pub id: u64,
    /// What the geoparser had chosen before the correction.
    pub original: Option<Resolution>,
    /// The relative location the geoparser had derived, if any.
    pub original_relative: Option<relative::Relative>,
}

impl Mention {
    /// Whether the mention is approximate: a relative location or a low-confidence match.
    pub fn is_approximate(&self) -> bool {
        self.relative.is_some()
            || self
                .resolution
                .as_ref()
                .is_some_and(|r| r.confidence < LOW_CONFIDENCE)
    }
}

/// Below this confidence a resolution is shown as uncertain.
pub const LOW_CONFIDENCE: f64 = 0.5;

impl Mention {
    /// The name as written.
    pub fn surface<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// The sentence the name stands in.
    pub fn sentence_text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.sentence.0..self.sentence.1]
    }
}

/// Finds and resolves place names with one gazetteer.
#[derive(Debug, Clone, Copy)]
pub struct Geoparser<'g> {
    gazetteer: &'g Gazetteer,
    options: Options,
}

/// What the geoparser reads as a place mention besides names, and how it weighs evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    /// Read demonyms and country adjectives ("Ukrainian", "North Korean", "Russians") as
    /// mentions of their country.
    pub demonyms: bool,
    /// The resolver's weights (the hand-weighted resolver's scores, and features of the
    /// learned one).
    pub weights: Weights,
    /// Which resolver decides.
    pub resolver: Resolver,
}

/// Which resolver decides what each name means and whether it makes a pin.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Resolver {
    /// The learned ranker bundled with newsmap (`data/ranker.json`); the hand-weighted
    /// scores if it cannot be read.
    #[default]
    Bundled,
    /// The hand-weighted scores of [`Weights`].
    Hand,
    /// Another fitted model (`newsmap eval --model`).
    Model(&'static Ranker),
}

/// The resolver's weights. The defaults were chosen with `scripts/tune_resolver.py` on LGL
/// and UCDP (TR-News and GeoVirus held out).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// The score of "none of these places": a name whose best candidate scores far below it
    /// stays unresolved.
    pub none_score: f64,
    /// Prior bonus of a first-level region named by its display name ("California"),
    /// against cities of the same name elsewhere ("Washington" is more often the capital).
    pub region_bonus: f64,
    /// Weight of a city's size (log10 of its population) in its prior.
    pub city_size: f64,
    /// Bonus for a candidate whose display name the text used (alternate names are noisy).
    pub primary_name_bonus: f64,
    /// Weight of the share of the document's other places in a candidate's country.
    pub country_focus: f64,
    /// Weight of the share of the collection's other documents' places in a candidate's
    /// country (see [`CollectionContext`]).
    pub collection_country: f64,
    /// The same for a candidate's first-level region.
    pub collection_region: f64,
    /// Evidence that a name is a place when its line holds nothing else (a headline, a
    /// tag, a dateline: "Kontarnoye", "Pisky."): such a line names a place, not a thing.
    pub name_alone: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            none_score: 1.0,
            region_bonus: 1.2,
            city_size: 0.35,
            primary_name_bonus: 1.5,
            country_focus: 3.5,
            collection_country: 0.5,
            collection_region: 2.5,
            name_alone: 1.5,
        }
    }
}

impl Weights {
    /// Sets one weight by name (`none_score`, `region_bonus`, `city_size`,
    /// `primary_name_bonus`, `country_focus`); false for an unknown name.
    pub fn set(&mut self, name: &str, value: f64) -> bool {
        let slot = match name {
            "none_score" => &mut self.none_score,
            "region_bonus" => &mut self.region_bonus,
            "city_size" => &mut self.city_size,
            "primary_name_bonus" => &mut self.primary_name_bonus,
            "country_focus" => &mut self.country_focus,
            "collection_country" => &mut self.collection_country,
            "collection_region" => &mut self.collection_region,
            "name_alone" => &mut self.name_alone,
            _ => return false,
        };
        *slot = value;
        true
    }
}

/// What a collection's documents say about where their places are: for each country and
/// first-level region, how many documents name a place there (each document counts each
/// place once, and only places resolved with some confidence). An analyst's folder of
/// Donbas reports says where its Stepanivka is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollectionContext {
    countries: BTreeMap<String, f64>,
    regions: BTreeMap<String, f64>,
    /// The places counted that lie in a first-level region (not countries): a region's
    /// share is taken among them.
    regional: f64,
    /// Per name (folded as written) and place, the documents that named the place so: a
    /// name's own guesses are taken out of its evidence (see [`CollectionContext::without`]).
    named: BTreeMap<String, BTreeMap<PlaceId, f64>>,
    total: f64,
}

/// A place counts in a collection's context when it was resolved at least this confidently.
const CONTEXT_CONFIDENCE: f64 = 0.5;

impl CollectionContext {
    /// What one document's mentions (in `text`) contribute.
    pub fn of_mentions(gaz: &Gazetteer, text: &str, mentions: &[Mention]) -> Self {
        let mut places: Vec<(PlaceId, String)> = mentions
            .iter()
            .filter_map(|m| Some((m, m.resolution.as_ref()?)))
            .filter(|(_, r)| r.confidence >= CONTEXT_CONFIDENCE)
            .map(|(m, r)| (r.place, name_key(text.get(m.start..m.end).unwrap_or(""))))
            .collect();
        places.sort_unstable();
        places.dedup();
        let mut ctx = CollectionContext::default();
        let mut last = None;
        for (id, key) in places {
            let p = gaz.place(id);
            if p.kind == PlaceKind::Continent || p.country.is_empty() {
                continue;
            }
            *ctx.named.entry(key).or_default().entry(id).or_default() += 1.0;
            // Each place once, however many names named it.
            if last == Some(id) {
                continue;
            }
            last = Some(id);
            *ctx.countries.entry(p.country.clone()).or_default() += 1.0;
            if !p.admin1.is_empty() {
                *ctx.regions.entry(p.admin1.clone()).or_default() += 1.0;
                ctx.regional += 1.0;
            }
            ctx.total += 1.0;
        }
        ctx
    }

    /// Adds another's counts (`sign` -1 takes them away: a document's own evidence is
    /// taken out of the collection's before it is resolved again).
    pub fn add(&mut self, other: &CollectionContext, sign: f64) {
        for (k, v) in &other.countries {
            *self.countries.entry(k.clone()).or_default() += sign * v;
        }
        for (k, v) in &other.regions {
            *self.regions.entry(k.clone()).or_default() += sign * v;
        }
        self.regional += sign * other.regional;
        for (key, places) in &other.named {
            let mine = self.named.entry(key.clone()).or_default();
            for (id, v) in places {
                *mine.entry(*id).or_default() += sign * v;
            }
        }
        self.total += sign * other.total;
    }

    /// The context without the votes of the places named `key` (folded, as
    /// [`crate::fold_name`] gives it): what the collection says about the other names. An
    /// archive holding 138 notes "Novokaterynivka", each guessing the namesake of another
    /// oblast, must not vote for its own guess.
    pub fn without(&self, gaz: &Gazetteer, key: &str) -> ContextView<'_> {
        let mut view = ContextView {
            of: self,
            countries: Vec::new(),
            regions: Vec::new(),
            regional: self.regional,
            total: self.total,
        };
        for (id, &n) in self.named.get(key).into_iter().flatten() {
            let p = gaz.place(*id);
            bump(&mut view.countries, &p.country, n);
            if !p.admin1.is_empty() {
                bump(&mut view.regions, &p.admin1, n);
                view.regional -= n;
            }
            view.total -= n;
        }
        view
    }

    /// The share of the places counted that lie in `country`.
    pub fn country_share(&self, country: &str) -> f64 {
        self.without_nothing().country_share(country)
    }

    /// The share of the places counted in a first-level region that lie in `admin1`: a
    /// folder of Donbas reports that names Ukraine in every report and Donetsk oblast's
    /// places in half of them is about Donetsk oblast.
    pub fn region_share(&self, admin1: &str) -> f64 {
        self.without_nothing().region_share(admin1)
    }

    fn without_nothing(&self) -> ContextView<'_> {
        ContextView {
            of: self,
            countries: Vec::new(),
            regions: Vec::new(),
            regional: self.regional,
            total: self.total,
        }
    }
}

/// The key a mention's name counts under: folded, without a possessive.
fn name_key(surface: &str) -> String {
    let bare = ["'s", "\u{2019}s"]
        .iter()
        .find_map(|s| surface.strip_suffix(s))
        .unwrap_or(surface);
    crate::text::fold_name(bare)
}

fn bump(v: &mut Vec<(String, f64)>, key: &str, n: f64) {
    match v.iter_mut().find(|(k, _)| k == key) {
        Some((_, m)) => *m += n,
        None => v.push((key.to_string(), n)),
    }
}

/// A [`CollectionContext`] with some places' votes taken out (see
/// [`CollectionContext::without`]).
#[derive(Debug)]
pub struct ContextView<'a> {
    of: &'a CollectionContext,
    countries: Vec<(String, f64)>,
    regions: Vec<(String, f64)>,
    regional: f64,
    total: f64,
}

impl ContextView<'_> {
    fn count(all: &BTreeMap<String, f64>, out: &[(String, f64)], key: &str) -> f64 {
        let taken: f64 = out.iter().filter(|(k, _)| k == key).map(|(_, n)| n).sum();
        all.get(key).copied().unwrap_or(0.0) - taken
    }

    /// The share of the places counted that lie in `country`.
    pub fn country_share(&self, country: &str) -> f64 {
        if self.total < 1.0 {
            return 0.0;
        }
        (Self::count(&self.of.countries, &self.countries, country) / self.total).clamp(0.0, 1.0)
    }

    /// The share of the places counted in a first-level region that lie in `admin1`.
    pub fn region_share(&self, admin1: &str) -> f64 {
        if self.regional < 1.0 {
            return 0.0;
        }
        (Self::count(&self.of.regions, &self.regions, admin1) / self.regional).clamp(0.0, 1.0)
    }
}

impl<'g> Geoparser<'g> {
    /// A geoparser over `gazetteer`.
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Self {
            gazetteer,
            options: Options::default(),
        }
    }

    /// The same geoparser with other options.
    pub fn with_options(self, options: Options) -> Self {
        Self { options, ..self }
    }

    /// The gazetteer it resolves against.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gazetteer
    }

    /// The learned model that decides, if any.
    pub fn ranker(&self) -> Option<&'g Ranker> {
        match self.options.resolver {
            Resolver::Bundled => Ranker::bundled(),
            Resolver::Hand => None,
            Resolver::Model(r) => Some(r),
        }
    }

    fn decider(&self, given: bool) -> resolve::Decider<'g> {
        resolve::Decider {
            ranker: self.ranker(),
            given,
        }
    }

    /// Each name's features as the ranker sees them when `text` is parsed with
    /// `collection` (for `newsmap eval --dump-features`), in text order.
    pub fn features_in(
        &self,
        text: &str,
        collection: Option<&CollectionContext>,
    ) -> Vec<SpanFeatures> {
        let mut out = Vec::new();
        self.parse_with(text, collection, Some(&mut out));
        out
    }

    /// Finds the place names in `text` and resolves each one, using the whole text as
    /// context. Mentions come in text order.
    pub fn parse(&self, text: &str) -> Vec<Mention> {
        self.parse_in(text, None)
    }

    /// [`Geoparser::parse`], with what the other documents of the collection say as more
    /// context (the countries and regions their places are in).
    pub fn parse_in(&self, text: &str, collection: Option<&CollectionContext>) -> Vec<Mention> {
        self.parse_with(text, collection, None)
    }

    fn parse_with(
        &self,
        text: &str,
        collection: Option<&CollectionContext>,
        dump: Option<&mut Vec<SpanFeatures>>,
    ) -> Vec<Mention> {
        // Names the rules doubt go to the ranker when it decides (or its features are dumped).
        let doubts = dump.is_some() || self.ranker().is_some_and(|r| r.applies_to(text));
        let spans = recognize_with_doubts(self.gazetteer, text, self.options, doubts);
        resolve::resolve(
            &self.options.weights,
            self.gazetteer,
            text,
            spans,
            collection,
            self.decider(false),
            dump,
        )
    }

    /// Resolves names whose byte ranges in `text` are given (skipping recognition), using
    /// the whole text as context. Mentions come in text order.
    pub fn resolve_spans(&self, text: &str, spans: &[(usize, usize)]) -> Vec<Mention> {
        let mut sorted = spans.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let spans: Vec<Span> = sorted
            .iter()
            .filter(|(a, b)| {
                a < b && *b <= text.len() && text.is_char_boundary(*a) && text.is_char_boundary(*b)
            })
            .map(|&(a, b)| span_at(self.gazetteer, text, a, b))
            .collect();
        resolve::resolve(
            &self.options.weights,
            self.gazetteer,
            text,
            spans,
            None,
            self.decider(true),
            None,
        )
    }
}

/// What decides a geoparse's mentions besides the text, as a short hex string: this
/// newsmap's version, its bundled ranker, the options, and the gazetteer's places in order
/// (their ids, the user's own and added ones among them; indexed gazetteer files by path
/// and size). Mentions saved under one fingerprint stand for another run only where it is
/// the same: their place ids are indexes into that gazetteer.
pub fn fingerprint(gaz: &Gazetteer, options: &Options) -> String {
    use std::hash::Hasher;
    let mut h = crate::text::FnvHasher::default();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write(rank::BUNDLED.as_bytes());
    h.write(format!("{options:?}").as_bytes());
    for p in gaz.places() {
        h.write(p.id.as_bytes());
        h.write_u8(0);
    }
    for ix in gaz.indexed() {
        h.write(ix.index_path().as_os_str().as_encoded_bytes());
        h.write_u64(ix.len() as u64);
    }
    format!("{:016x}", h.finish())
}
