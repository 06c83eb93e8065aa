//! The learned ranker (issue 15): a gradient-boosted model over features of a name and of
//! one place it may mean, fitted by `scripts/train_ranker.py` on what `newsmap eval
//! --dump-features` writes, and evaluated here (no Python at run time).
//!
//! Its output is the probability that a pin is right: that the name is a place here *and*
//! that this candidate lies within 161 km of the place meant. The resolver picks each name's
//! candidate by it (the same for every mention of one name in a document) and keeps a pin
//! when its probability reaches the model's threshold, chosen on data.

use std::sync::OnceLock;

use serde::Deserialize;

/// The features, in the order the model reads them. The first block describes the name as
/// written (the same for all its candidates), the second the candidate.
pub const FEATURES: &[&str] = &[
    // The name.
    "n_candidates",
    "log_max_population",
    "n_words",
    "n_letters",
    "all_caps",
    "sentence_initial",
    "hint_country",
    "hint_region",
    "hint_city",
    "hint_other",
    "mentions_of_name",
    "position_in_text",
    "line_alone",
    "after_locative",
    "after_the",
    "after_capitalized",
    "before_capitalized",
    "before_facility_word",
    "before_possessive",
    "is_container",
    "has_container",
    "in_parentheses",
    "name_in_lower_case",
    "common_word_name",
    "cyrillic",
    "surface_is_name",
    "demonym",
    "names_in_text",
    "doubt_name_follows",
    "doubt_name_before",
    "doubt_common_word",
    "doubt_surname",
    "doubt_opening",
    "doubt_facility",
    // The candidate.
    "kind_country",
    "kind_region",
    "kind_city",
    "kind_district",
    "kind_continent",
    "kind_water",
    "log_population",
    "population_rank",
    "log_population_share",
    "primary_name",
    "own_name",
    "kind_matches_hint",
    "prior",
    "country_share",
    "country_named",
    "region_named",
    "log_nearest_km",
    "collection_country",
    "collection_region",
    "collection_size",
    "in_container",
    "hand_score",
    "hand_probability",
    "hand_best",
    "own_place",
    "named_as_region_in_text",
    "region_of_capital",
    "overshadowed",
    "listed_with_same_region",
    "n_same_kind",
];

/// The number of features.
pub const N_FEATURES: usize = FEATURES.len();

/// Index of a feature by name (for the code that fills the vector).
pub(super) const fn feature(name: &str) -> usize {
    let mut i = 0;
    while i < FEATURES.len() {
        if const_eq(FEATURES[i], name) {
            return i;
        }
        i += 1;
    }
    panic!("no such feature");
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum RankerError {
    /// Not the JSON the training script writes.
    #[error("not a ranker model: {0}")]
    Json(#[from] serde_json::Error),
    /// Trained on other features than this build computes.
    #[error("the model was trained on other features than this build of newsmap computes")]
    Features,
    /// A tree refers to a node, leaf or feature that is not there.
    #[error("tree {0} of the model is malformed")]
    Tree(usize),
}

/// One regression tree: internal nodes in arrays; a child below zero is leaf `!child`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Tree {
    feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    value: Vec<f64>,
}

impl Tree {
    fn check(&self, n_features: usize) -> bool {
        let n = self.feature.len();
        let child_ok = |c: i32| {
            if c >= 0 {
                (c as usize) < n
            } else {
                ((!c) as usize) < self.value.len()
            }
        };
        self.threshold.len() == n
            && self.left.len() == n
            && self.right.len() == n
            && !self.value.is_empty()
            && self.feature.iter().all(|&f| f < n_features)
            && self.left.iter().chain(&self.right).all(|&c| child_ok(c))
            // Children come after their parent, so evaluation always ends.
            && (0..n).all(|i| {
                [self.left[i], self.right[i]]
                    .iter()
                    .all(|&c| c < 0 || c as usize > i)
            })
    }

    fn eval(&self, x: &[f64]) -> f64 {
        if self.feature.is_empty() {
            return self.value[0];
        }
        let mut node = 0usize;
        loop {
            let next = if x[self.feature[node]] <= self.threshold[node] {
                self.left[node]
            } else {
                self.right[node]
            };
            if next < 0 {
                return self.value[(!next) as usize];
            }
            node = next as usize;
        }
    }
}

/// A fitted model: the sum of its trees' outputs is the log-odds that a pin is right.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Ranker {
    /// The features it was trained on, in order (must equal [`FEATURES`]).
    pub features: Vec<String>,
    /// The least probability at which a name becomes a pin.
    pub threshold: f64,
    /// The least probability at which a name the recognition rules doubt becomes a pin
    /// (none: [`Ranker::threshold`]).
    #[serde(default)]
    pub doubt_threshold: Option<f64>,
    /// What the model was trained on and how, for people (shown by `newsmap eval`).
    #[serde(default)]
    pub trained_on: String,
    /// Texts shorter than this many characters (a note, a headline, a tag) are decided by
    /// the hand-weighted scores: the model learnt from news articles, not from such texts.
    #[serde(default)]
    pub min_text_chars: usize,
    base: f64,
    trees: Vec<Tree>,
    /// The second model: whether a name is a place here at all, whichever place it is.
    #[serde(default)]
    pub place: Option<PlaceModel>,
}

/// Whether a name is a place here, over the features of the candidate the resolver chose
/// and [`PLACE_EXTRA`]: a name the ranker cannot place for sure (the state or the country
/// Georgia) is still a place, shown with its best candidate and a low confidence, to be
/// corrected with one click.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PlaceModel {
    /// The least probability at which a name the ranker leaves out still becomes a pin.
    pub threshold: f64,
    base: f64,
    trees: Vec<Tree>,
}

/// The place model's features after [`FEATURES`]: the sum and the largest of the ranker's
/// probabilities over the mention's candidates, and the probability of the chosen one.
pub const PLACE_EXTRA: &[&str] = &["p_sum", "p_max", "p"];

impl PlaceModel {
    /// The probability that a name is a place here: `x` holds the chosen candidate's
    /// features, then the values of [`PLACE_EXTRA`].
    pub fn probability(&self, x: &[f64]) -> f64 {
        if x.len() != N_FEATURES + PLACE_EXTRA.len() {
            return 0.0;
        }
        probability(self.base + self.trees.iter().map(|t| t.eval(x)).sum::<f64>())
    }
}

impl Ranker {
    /// Reads a model written by `scripts/train_ranker.py`.
    pub fn from_json(text: &str) -> Result<Self, RankerError> {
        let r: Ranker = serde_json::from_str(text)?;
        if r.features.len() != N_FEATURES || r.features.iter().zip(FEATURES).any(|(a, b)| a != b) {
            return Err(RankerError::Features);
        }
        if let Some(i) = r.trees.iter().position(|t| !t.check(N_FEATURES)) {
            return Err(RankerError::Tree(i));
        }
        if let Some(m) = &r.place
            && let Some(i) = m
                .trees
                .iter()
                .position(|t| !t.check(N_FEATURES + PLACE_EXTRA.len()))
        {
            return Err(RankerError::Tree(r.trees.len() + i));
        }
        Ok(r)
    }

    /// Whether the model decides for `text`: shorter texts are left to the hand-weighted
    /// scores.
    pub fn applies_to(&self, text: &str) -> bool {
        text.chars().nth(self.min_text_chars).is_some()
    }

    /// The model bundled with newsmap (`data/ranker.json`).
    pub fn bundled() -> Option<&'static Ranker> {
        static MODEL: OnceLock<Option<Ranker>> = OnceLock::new();
        MODEL
            .get_or_init(|| Ranker::from_json(BUNDLED).ok())
            .as_ref()
    }

    /// The log-odds that the pin is right, for one feature vector of [`N_FEATURES`] values.
    pub fn log_odds(&self, x: &[f64]) -> f64 {
        if x.len() != N_FEATURES {
            return f64::NEG_INFINITY;
        }
        self.base + self.trees.iter().map(|t| t.eval(x)).sum::<f64>()
    }
}

/// The logistic function: log-odds to probability.
pub fn probability(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp())
}

pub(crate) static BUNDLED: &str = include_str!("../../../../data/ranker.json");

/// Words right after a name that make the whole a street, building or organisation.
static FACILITY_WORDS: &str = include_str!("../../../../data/lexicon/facility_words.txt");
/// Words that often stand right before a place name.
static LOCATIVE_WORDS: &str = include_str!("../../../../data/lexicon/locative_words.txt");

super::words::word_set!(facility_words, FACILITY_WORDS);
super::words::word_set!(locative_words, LOCATIVE_WORDS);
