//! Evaluation against corpora with gold toponyms: recognition precision, recall and F1;
//! resolution accuracy within 161 km and 25 km, mean and median error, AUC (Gritta et al.
//! 2018); and for event corpora, the share of events with a place resolved near the coded
//! point. The engine is the one the app uses.
//!
//! Corpus format: one JSON document per line,
//! `{"id", "title", "text", "toponyms": [{"start", "end", "surface", "lat", "lon", "type"}]}`,
//! offsets in characters; `type` starting with `event` marks event rows.

use std::path::Path;

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

use crate::collection::{Collection, ParsedDocument};
use crate::gazetteer::Gazetteer;
use crate::geoparse::{Geoparser, Mention};

/// Half the Earth's circumference: the largest possible error, in km.
pub const MAX_ERROR_KM: f64 = 20_039.0;

/// A gold toponym.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldToponym {
    /// Character offset, or null for event rows whose name is not in the text verbatim.
    pub start: Option<usize>,
    /// Character offset past the end.
    pub end: Option<usize>,
    /// The name as written.
    #[serde(default)]
    pub surface: String,
    /// Gold latitude.
    pub lat: Option<f64>,
    /// Gold longitude.
    pub lon: Option<f64>,
    /// `toponym` or `event-precision-N`.
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// A gold document.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    /// Its id in the corpus.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its gold toponyms.
    pub toponyms: Vec<GoldToponym>,
    /// Character ranges `[start, end)` in which a prediction is neither a hit nor a false
    /// positive (organisation names whose places the annotators left out: "Банк России").
    #[serde(default)]
    pub not_scored: Vec<[usize; 2]>,
}

/// Errors reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a gold document.
    #[error("{path} line {line} is not a gold document")]
    Json {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// Why.
        source: serde_json::Error,
    },
}

/// Reads a corpus file (JSON Lines).
pub fn read_corpus(path: &Path) -> Result<Vec<GoldDoc>, EvalError> {
    let body = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| EvalError::Json {
                path: path.display().to_string(),
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// One resolution error, to learn from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorCase {
    /// Document id.
    pub doc: String,
    /// The gold name.
    pub surface: String,
    /// What it was resolved to (name, kind, country), or "unresolved".
    pub predicted: String,
    /// Error in km.
    pub error_km: f64,
    /// The sentence (or the text around the name).
    pub context: String,
}

/// Figures for one corpus.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Scores {
    /// Corpus name (file stem).
    pub corpus: String,
    /// Documents.
    pub documents: usize,
    /// Gold toponyms with a span.
    pub gold: usize,
    /// Predicted (resolved) mentions.
    pub predicted: usize,
    /// Recognition precision (None with gold spans).
    pub precision: Option<f64>,
    /// Recognition recall.
    pub recall: Option<f64>,
    /// Recognition F1.
    pub f1: Option<f64>,
    /// Recognised gold toponyms with coordinates (the base of the distance figures).
    pub resolved_base: usize,
    /// End to end (issue 15): precision of the predictions that overlap a gold toponym and
    /// lie within 161 km of its point (a gold toponym without a point: overlap alone).
    pub p_161km: Option<f64>,
    /// End to end: recall of the gold toponyms found so.
    pub r_161km: Option<f64>,
    /// End to end: F1 of [`Scores::p_161km`] and [`Scores::r_161km`], what a user sees as
    /// right pins.
    pub f1_161km: Option<f64>,
    /// End to end with 25 km: F1.
    pub f1_25km: Option<f64>,
    /// Share within 161 km.
    pub acc_161km: Option<f64>,
    /// Share within 25 km.
    pub acc_25km: Option<f64>,
    /// Mean error in km.
    pub mean_error_km: Option<f64>,
    /// Median error in km.
    pub median_error_km: Option<f64>,
    /// AUC of the log error curve (lower is better).
    pub auc: Option<f64>,
    /// Event rows whose place is named verbatim in the text.
    pub events: usize,
    /// Share of those rows with a mention resolved within 25 km of the coded point.
    pub events_within_25km: Option<f64>,
    /// The worst errors, largest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub worst: Vec<ErrorCase>,
    /// Recognition errors (gold names not found, and predictions not in the gold), the
    /// first of each document in order, as many as `worst` asks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recognition_errors: Vec<RecognitionError>,
}

/// A gold name not found, or a name found that the gold does not hold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecognitionError {
    /// Document id.
    pub doc: String,
    /// `true` for a gold name missed, `false` for a false positive.
    pub missed: bool,
    /// The name as written.
    pub surface: String,
    /// For a false positive, what it was resolved to.
    pub predicted: String,
    /// Up to 60 characters of text either side.
    pub context: String,
}

/// Up to `n` characters either side of the byte range `a..b`, the range in brackets.
fn around(text: &str, a: usize, b: usize, n: usize) -> String {
    let before: String = {
        let v: Vec<char> = text[..a].chars().rev().take(n).collect();
        v.into_iter().rev().collect()
    };
    let after: String = text[b..].chars().take(n).collect();
    format!("{before}[{}]{after}", &text[a..b]).replace('\n', " ")
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.1, a.0), Point::new(b.1, b.0)) / 1000.0
}

/// Character offset → byte offset for one text.
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// A document's gold toponyms as byte ranges of its text (`bytes`: [`byte_offsets`]).
fn gold_bytes<'d>(doc: &'d GoldDoc, bytes: &[usize]) -> Vec<(usize, usize, &'d GoldToponym)> {
    let to_byte = |c: usize| bytes.get(c).copied();
    doc.toponyms
        .iter()
        .filter_map(|t| Some((to_byte(t.start?)?, to_byte(t.end?)?, t)))
        .filter(|(a, b, _)| a < b)
        .collect()
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Evaluates the geoparser on one corpus. With `gold_spans`, recognition is skipped and the
/// gold spans are resolved. `worst` errors are kept.
pub fn evaluate(
    parser: &Geoparser<'_>,
    corpus: &str,
    docs: &[GoldDoc],
    gold_spans: bool,
    worst: usize,
) -> Scores {
    let gaz: &Gazetteer = parser.gazetteer();
    let mut s = Scores {
        corpus: corpus.to_string(),
        documents: docs.len(),
        ..Default::default()
    };
    let (mut pred_hits, mut gold_hits) = (0usize, 0usize);
    // End to end: [within 161 km, within 25 km] for predictions and for gold toponyms.
    let (mut pred_near, mut gold_near) = ([0usize; 2], [0usize; 2]);
    let mut errors: Vec<f64> = Vec::new();
    let mut cases: Vec<ErrorCase> = Vec::new();
    let mut recognition: Vec<RecognitionError> = Vec::new();
    let (mut events, mut event_hits) = (0usize, 0usize);
    let (coll, ingested) = ingest_all(parser, docs, gold_spans, true);
    for (doc, at) in docs.iter().zip(ingested) {
        let bytes = byte_offsets(&doc.text);
        let to_byte = |c: usize| bytes.get(c).copied();
        let is_event = doc.toponyms.iter().any(|t| t.kind.starts_with("event"));
        // Gold spans as byte ranges.
        let gold = gold_bytes(doc, &bytes);
        // What `geoparse` reports for the file: boilerplate left out, copies kept.
        let mentions: Vec<Mention> = at
            .and_then(|i| coll.documents.get(i))
            .map(|pd| {
                pd.mentions
                    .iter()
                    .filter(|m| !pd.in_boilerplate(m))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let resolved: Vec<&Mention> = mentions.iter().filter(|m| m.resolution.is_some()).collect();
        if is_event {
            for t in &doc.toponyms {
                // Only events whose place is named verbatim in the text can be found.
                let (Some(lat), Some(lon), Some(_)) = (t.lat, t.lon, t.start) else {
                    continue;
                };
                events += 1;
                let hit = resolved.iter().any(|m| {
                    m.resolution.as_ref().is_some_and(|r| {
                        let p = gaz.place(r.place);
                        km((p.lat, p.lon), (lat, lon)) <= 25.0
                    })
                });
                if hit {
                    event_hits += 1;
                } else {
                    cases.push(ErrorCase {
                        doc: doc.id.clone(),
                        surface: t.surface.clone(),
                        predicted: describe_all(gaz, &doc.text, &resolved),
                        error_km: nearest_km(gaz, &resolved, (lat, lon)),
                        context: doc.text.chars().take(160).collect(),
                    });
                }
            }
            continue;
        }
        s.gold += gold.len();
        if !gold_spans {
            // Predictions inside a span the corpus does not score count neither way.
            let unscored: Vec<(usize, usize)> = doc
                .not_scored
                .iter()
                .filter_map(|[a, b]| Some((to_byte(*a)?, to_byte(*b)?)))
                .collect();
            let scored: Vec<&&Mention> = resolved
                .iter()
                .filter(|m| {
                    let hit = gold.iter().any(|(a, b, _)| m.start < *b && *a < m.end);
                    hit || !unscored.iter().any(|(a, b)| m.start < *b && *a < m.end)
                })
                .collect();
            s.predicted += scored.len();
            // A prediction is right end to end when it overlaps a gold toponym and lies near
            // its point (or the toponym has none).
            let near = |m: &Mention, t: &GoldToponym, limit_km: f64| -> bool {
                match (t.lat, t.lon, m.resolution.as_ref()) {
                    (Some(lat), Some(lon), Some(r)) => {
                        let p = gaz.place(r.place);
                        km((p.lat, p.lon), (lat, lon)) <= limit_km
                    }
                    (_, _, Some(_)) => true,
                    _ => false,
                }
            };
            for (k, limit_km) in [161.0, 25.0].into_iter().enumerate() {
                pred_near[k] += scored
                    .iter()
                    .filter(|m| {
                        gold.iter()
                            .any(|(a, b, t)| m.start < *b && *a < m.end && near(m, t, limit_km))
                    })
                    .count();
                gold_near[k] += gold
                    .iter()
                    .filter(|(a, b, t)| {
                        resolved
                            .iter()
                            .any(|m| m.start < *b && *a < m.end && near(m, t, limit_km))
                    })
                    .count();
            }
            pred_hits += scored
                .iter()
                .filter(|m| gold.iter().any(|(a, b, _)| m.start < *b && *a < m.end))
                .count();
            if worst > 0 {
                for m in &scored {
                    if !gold.iter().any(|(a, b, _)| m.start < *b && *a < m.end) {
                        let predicted = m.resolution.as_ref().map_or(String::new(), |r| {
                            let p = gaz.place(r.place);
                            format!("{} ({}, {})", p.name, p.kind.as_str(), p.country)
                        });
                        recognition.push(RecognitionError {
                            doc: doc.id.clone(),
                            missed: false,
                            surface: doc.text[m.start..m.end].to_string(),
                            predicted,
                            context: around(&doc.text, m.start, m.end, 60),
                        });
                    }
                }
                for (a, b, t) in &gold {
                    if !resolved.iter().any(|m| m.start < *b && *a < m.end) {
                        recognition.push(RecognitionError {
                            doc: doc.id.clone(),
                            missed: true,
                            surface: t.surface.clone(),
                            predicted: String::new(),
                            context: around(&doc.text, *a, *b, 60),
                        });
                    }
                }
            }
        }
        for (a, b, t) in &gold {
            let found = resolved.iter().find(|m| m.start < *b && *a < m.end);
            let matched = if gold_spans {
                mentions.iter().find(|m| m.start == *a && m.end == *b)
            } else {
                found.copied()
            };
            if found.is_some() {
                gold_hits += 1;
            }
            let (Some(lat), Some(lon)) = (t.lat, t.lon) else {
                continue;
            };
            if !gold_spans && found.is_none() {
                continue;
            }
            s.resolved_base += 1;
            let (err, predicted) = match matched.and_then(|m| m.resolution.as_ref()) {
                Some(r) => {
                    let p = gaz.place(r.place);
                    (
                        km((p.lat, p.lon), (lat, lon)),
                        format!("{} ({}, {})", p.name, p.kind.as_str(), p.country),
                    )
                }
                None => (MAX_ERROR_KM, "unresolved".to_string()),
            };
            errors.push(err);
            if err > 161.0 {
                let context = matched
                    .map(|m| m.sentence_text(&doc.text).to_string())
                    .unwrap_or_default();
                cases.push(ErrorCase {
                    doc: doc.id.clone(),
                    surface: t.surface.clone(),
                    predicted,
                    error_km: err,
                    context,
                });
            }
        }
    }
    if !gold_spans && s.gold > 0 {
        s.precision = ratio(pred_hits, s.predicted);
        s.recall = ratio(gold_hits, s.gold);
        let f1 = |p: Option<f64>, r: Option<f64>| match (p, r) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        s.f1 = f1(s.precision, s.recall);
        s.p_161km = ratio(pred_near[0], s.predicted);
        s.r_161km = ratio(gold_near[0], s.gold);
        s.f1_161km = f1(s.p_161km, s.r_161km);
        s.f1_25km = f1(
            ratio(pred_near[1], s.predicted),
            ratio(gold_near[1], s.gold),
        );
    }
    if !errors.is_empty() {
        let n = errors.len();
        s.acc_161km = ratio(errors.iter().filter(|&&e| e <= 161.0).count(), n);
        s.acc_25km = ratio(errors.iter().filter(|&&e| e <= 25.0).count(), n);
        s.mean_error_km = Some(errors.iter().sum::<f64>() / n as f64);
        let mut sorted = errors.clone();
        sorted.sort_by(f64::total_cmp);
        s.median_error_km = Some(if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        });
        s.auc = Some(
            errors
                .iter()
                .map(|e| (1.0 + e).ln() / (1.0 + MAX_ERROR_KM).ln())
                .sum::<f64>()
                / n as f64,
        );
    }
    s.events = events;
    s.events_within_25km = ratio(event_hits, events);
    cases.sort_by(|a, b| b.error_km.total_cmp(&a.error_km).then(a.doc.cmp(&b.doc)));
    cases.truncate(worst);
    s.worst = cases;
    recognition.truncate(worst);
    s.recognition_errors = recognition;
    s
}

/// Reads each gold document the way `geoparse` reads a text file (format, encoding and
/// boilerplate through ingest, copies grouped in a collection but never dropped) and
/// geoparses it; with `gold_spans`, the gold spans are resolved instead. Gives the
/// collection and, for each gold document, the index of its document there (none when
/// ingest refused it, as an empty text).
fn ingest_all(
    parser: &Geoparser<'_>,
    docs: &[GoldDoc],
    gold_spans: bool,
    in_context: bool,
) -> (Collection, Vec<Option<usize>>) {
    let mut coll = Collection::default();
    let mut at = Vec::with_capacity(docs.len());
    for doc in docs {
        let is_event = doc.toponyms.iter().any(|t| t.kind.starts_with("event"));
        let path = format!("{}.txt", doc.id);
        let Ok(read) = crate::ingest::read_bytes(&path, doc.text.as_bytes()) else {
            at.push(None);
            continue;
        };
        let Some(d) = read.documents.into_iter().next() else {
            at.push(None);
            continue;
        };
        let mentions = if gold_spans && !is_event && d.text == doc.text {
            let bytes = byte_offsets(&doc.text);
            let spans: Vec<(usize, usize)> = doc
                .toponyms
                .iter()
                .filter_map(|t| Some((*bytes.get(t.start?)?, *bytes.get(t.end?)?)))
                .filter(|(a, b)| a < b)
                .collect();
            parser.resolve_spans(&d.text, &spans)
        } else {
            parser.parse(&d.text)
        };
        at.push(Some(coll.documents.len()));
        coll.add_document(ParsedDocument::new(d, mentions));
    }
    // As `geoparse` does once the files are loaded: each document's names resolved again
    // with what the others say (not for gold spans, whose names are given).
    if !gold_spans && in_context {
        coll.resolve_in_context(parser);
    }
    (coll, at)
}

/// Writes, for training the ranker, each name `geoparse` finds in the corpus's documents
/// (boilerplate left out) with each candidate it scores: one CSV row with what the gold
/// says of it and the ranker's features ([`crate::FEATURES`]), exactly as the documents are
/// parsed in the end (with the collection's context where `geoparse` uses it). `gold_out`
/// gets each document's number of gold toponyms. Event corpora (UCDP) are skipped.
pub fn dump_features(
    parser: &Geoparser<'_>,
    corpus: &str,
    docs: &[GoldDoc],
    out: &mut dyn std::io::Write,
    gold_out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let gaz = parser.gazetteer();
    let (coll, ingested) = ingest_all(parser, docs, false, false);
    let mut contexts: Vec<Option<crate::CollectionContext>> = vec![None; coll.documents.len()];
    crate::collection::for_each_reparse(parser, &coll.documents, |i, others| {
        contexts[i] = Some(others.clone());
    });
    write!(
        out,
        "corpus,doc,alone,span,group,start,end,place,gold,gold_km,near_161km,near_25km,unscored"
    )?;
    for f in crate::FEATURES {
        write!(out, ",{f}")?;
    }
    writeln!(out)?;
    writeln!(gold_out, "corpus,doc,gold")?;
    for (doc, at) in docs.iter().zip(ingested) {
        if doc.toponyms.iter().any(|t| t.kind.starts_with("event")) {
            continue;
        }
        let bytes = byte_offsets(&doc.text);
        let to_byte = |c: usize| bytes.get(c).copied();
        let gold = gold_bytes(doc, &bytes);
        let unscored: Vec<(usize, usize)> = doc
            .not_scored
            .iter()
            .filter_map(|[a, b]| Some((to_byte(*a)?, to_byte(*b)?)))
            .collect();
        let id = doc.id.replace([',', '\n', '"'], "_");
        writeln!(gold_out, "{corpus},{id},{}", gold.len())?;
        let Some(pd) = at.and_then(|i| Some((i, coll.documents.get(i)?))) else {
            continue;
        };
        let (i, pd) = pd;
        // As `geoparse` parses the document among the others and, when the collection's
        // context changes its names, as a file opened on its own (alone = 1): the model
        // learns both.
        let context = contexts.get(i).and_then(Option::as_ref);
        let mut runs = vec![(0, parser.features_in(&pd.doc.text, context))];
        if context.is_some() {
            runs.push((1, parser.features_in(&pd.doc.text, None)));
        }
        for (alone, spans) in &runs {
            for (k, sf) in spans.iter().enumerate() {
                if pd.doc.in_boilerplate(sf.start, sf.end) {
                    continue;
                }
                let g = gold
                    .iter()
                    .position(|(a, b, _)| sf.start < *b && *a < sf.end);
                let unscored =
                    g.is_none() && unscored.iter().any(|(a, b)| sf.start < *b && *a < sf.end);
                for (place, x) in &sf.candidates {
                    let p = gaz.place(*place);
                    let gold_km = g
                        .map(|g| gold[g].2)
                        .and_then(|t| Some(km((p.lat, p.lon), (t.lat?, t.lon?))));
                    let near = |limit_km: f64| match (g, gold_km) {
                        (Some(_), Some(d)) => d <= limit_km,
                        (Some(_), None) => true,
                        (None, _) => false,
                    };
                    write!(
                        out,
                        "{corpus},{id},{alone},{k},{},{},{},{},{},{:.1},{},{},{}",
                        sf.group,
                        sf.start,
                        sf.end,
                        p.id,
                        g.map_or(-1, |g| g as i64),
                        gold_km.unwrap_or(-1.0),
                        u8::from(near(161.0)),
                        u8::from(near(25.0)),
                        u8::from(unscored),
                    )?;
                    for v in x {
                        write!(out, ",{v}")?;
                    }
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(())
}

fn describe_all(gaz: &Gazetteer, text: &str, resolved: &[&Mention]) -> String {
    if resolved.is_empty() {
        return "nothing resolved".into();
    }
    resolved
        .iter()
        .filter_map(|m| {
            let r = m.resolution.as_ref()?;
            let p = gaz.place(r.place);
            // The runner-up, to see what the resolver weighed.
            let other = m
                .candidates
                .iter()
                .find(|c| c.place != r.place)
                .map(|c| {
                    let q = gaz.place(c.place);
                    format!(
                        " over {} ({} {}) {:.2}",
                        q.name, q.country, q.admin1, c.score
                    )
                })
                .unwrap_or_default();
            let score = m
                .candidates
                .iter()
                .find(|c| c.place == r.place)
                .map_or(0.0, |c| c.score);
            Some(format!(
                "{} → {} ({} {}) {score:.2}{other}",
                m.surface(text),
                p.name,
                p.country,
                p.admin1
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn nearest_km(gaz: &Gazetteer, resolved: &[&Mention], gold: (f64, f64)) -> f64 {
    resolved
        .iter()
        .filter_map(|m| m.resolution.as_ref())
        .map(|r| {
            let p = gaz.place(r.place);
            km((p.lat, p.lon), gold)
        })
        .fold(MAX_ERROR_KM, f64::min)
}

/// Floors below which CI fails: corpus → figure → value (shares, 0–1).
pub type Floors = std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>;

/// The figures of `s` by the names used in floor files.
pub fn figures(s: &Scores) -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("precision", s.precision),
        ("recall", s.recall),
        ("f1", s.f1),
        ("f1_161km", s.f1_161km),
        ("f1_25km", s.f1_25km),
        ("acc_161km", s.acc_161km),
        ("acc_25km", s.acc_25km),
        ("events_within_25km", s.events_within_25km),
    ]
}

/// This run's figures as floors (rounded down to a tenth of a point).
pub fn floors_of(scores: &[Scores]) -> Floors {
    let mut floors = Floors::new();
    for s in scores {
        let figs = floors.entry(s.corpus.clone()).or_default();
        for (name, value) in figures(s) {
            if let Some(v) = value {
                figs.insert(name.to_string(), (v * 1000.0).floor() / 1000.0);
            }
        }
    }
    floors
}

/// Figures more than `slack` below their floor, as messages.
pub fn below_floors(scores: &[Scores], floors: &Floors, slack: f64) -> Vec<String> {
    let mut out = Vec::new();
    for (corpus, figs) in floors {
        let Some(s) = scores.iter().find(|s| &s.corpus == corpus) else {
            continue;
        };
        for (name, floor) in figs {
            let value = figures(s)
                .into_iter()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v);
            match value {
                Some(v) if v + slack < *floor => out.push(format!(
                    "{corpus} {name}: {:.1}% is below the floor {:.1}%",
                    v * 100.0,
                    floor * 100.0
                )),
                None => out.push(format!("{corpus} {name}: no figure")),
                _ => {}
            }
        }
    }
    out
}

/// A plain-text table of scores.
pub fn table(scores: &[Scores]) -> String {
    let pct = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{:.1}", v * 100.0));
    let num = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.0}"));
    let mut out = format!(
        "{:<24} {:>6} {:>7} {:>6} {:>6} {:>6} {:>7} {:>7} {:>8} {:>8} {:>6} {:>9}\n",
        "corpus",
        "docs",
        "F1@161%",
        "P%",
        "R%",
        "F1%",
        "@161%",
        "@25%",
        "mean km",
        "med km",
        "AUC",
        "events@25"
    );
    for s in scores {
        out.push_str(&format!(
            "{:<24} {:>6} {:>7} {:>6} {:>6} {:>6} {:>7} {:>7} {:>8} {:>8} {:>6} {:>9}\n",
            s.corpus,
            s.documents,
            pct(s.f1_161km),
            pct(s.precision),
            pct(s.recall),
            pct(s.f1),
            pct(s.acc_161km),
            pct(s.acc_25km),
            num(s.mean_error_km),
            num(s.median_error_km),
            s.auc.map_or("—".to_string(), |v| format!("{v:.3}")),
            pct(s.events_within_25km),
        ));
    }
    out
}
