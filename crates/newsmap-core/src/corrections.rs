//! The user's corrections of the geoparser: a mention reassigned to another place or marked
//! "not a place", for that mention alone or for every mention of the same name in its
//! article, its source or the whole workspace.
//!
//! Corrections are kept as a list in the order made and applied over the geoparser's answers
//! ([`Corrections::apply`]); each corrected mention keeps the geoparser's own answer, so a
//! correction can be undone, redone or reverted at any time, and documents loaded later get
//! the corrections made before. Places are named by their stable ids, so corrections outlive
//! a restart and a rebuilt gazetteer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::collection::ParsedDocument;
use crate::gazetteer::{Gazetteer, PlaceId};
use crate::geoparse::{Corrected, Mention, Resolution, relative::Offset};

/// Which mentions a correction applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum Scope {
    /// One mention: its document and byte range.
    Mention {
        /// The document's key ([`doc_key`]).
        doc: String,
        /// Byte offset of the name.
        start: usize,
        /// Byte offset past the name.
        end: usize,
    },
    /// Every mention of the name in one document.
    Article {
        /// The document's key ([`doc_key`]).
        doc: String,
    },
    /// Every mention of the name in the documents of one source.
    Source {
        /// The source ([`crate::ingest::Document::source_label`]).
        source: String,
    },
    /// Every mention of the name anywhere, in documents loaded now and later.
    Workspace,
}

impl Scope {
    /// More specific scopes win: a mention's own correction over its article's, and so on.
    fn rank(&self) -> u8 {
        match self {
            Scope::Mention { .. } => 3,
            Scope::Article { .. } => 2,
            Scope::Source { .. } => 1,
            Scope::Workspace => 0,
        }
    }

    /// "this mention", "this article", "The Moscow Times", "everywhere".
    pub fn label(&self) -> String {
        match self {
            Scope::Mention { .. } => "this mention".into(),
            Scope::Article { .. } => "this article".into(),
            Scope::Source { source } => format!("source {source}"),
            Scope::Workspace => "everywhere".into(),
        }
    }
}

/// What a correction does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The mention means this place.
    Assign {
        /// The place's stable id (GeoNames id, `own:...`).
        place: String,
        /// Its name when the correction was made, to show if the place is gone.
        #[serde(rename = "place_name")]
        name: String,
    },
    /// The name is not a place here.
    NotAPlace,
}

/// One correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// Unique within the workspace, increasing.
    pub id: u64,
    /// The name as written where the correction was made.
    pub name: String,
    /// The name folded ([`crate::text::fold_name`]): mentions with the same key match.
    pub key: String,
    /// Which mentions it applies to.
    #[serde(flatten)]
    pub scope: Scope,
    /// What it does.
    #[serde(flatten)]
    pub action: Action,
}

impl Correction {
    /// "Pokrovsk -> Pokrovsk (this article)".
    pub fn describe(&self) -> String {
        let what = match &self.action {
            Action::Assign { name, .. } => format!("{} -> {name}", self.name),
            Action::NotAPlace => format!("{} is not a place", self.name),
        };
        format!("{what} ({})", self.scope.label())
    }
}

/// The corrections of a workspace, with undo and redo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corrections {
    /// In force, in the order made.
    pub list: Vec<Correction>,
    /// Undone, most recent last (redo takes them back).
    #[serde(default)]
    pub undone: Vec<Correction>,
}

/// A document's key for corrections: a hash of its text, so a correction follows the article
/// whatever its file is called or wherever it is moved.
pub fn doc_key(text: &str) -> String {
    // FNV-1a, 64 bits: stable across builds and platforms (unlike std's hasher).
    format!("{:016x}", crate::text::key_hash(text))
}

impl Corrections {
    /// Records a correction of the mentions named `name` (as written) and returns its id.
    /// Redo is no longer possible after a new correction.
    pub fn add(&mut self, name: &str, scope: Scope, action: Action) -> u64 {
        let id = self
            .list
            .iter()
            .chain(&self.undone)
            .map(|c| c.id)
            .max()
            .unwrap_or(0)
            + 1;
        self.list.push(Correction {
            id,
            name: name.to_string(),
            key: crate::text::fold_name(name),
            scope,
            action,
        });
        self.undone.clear();
        id
    }

    /// Undoes the latest correction; returns it.
    pub fn undo(&mut self) -> Option<&Correction> {
        let c = self.list.pop()?;
        self.undone.push(c);
        self.undone.last()
    }

    /// Makes the latest undone correction again; returns it.
    pub fn redo(&mut self) -> Option<&Correction> {
        let c = self.undone.pop()?;
        self.list.push(c);
        self.list.last()
    }

    /// Removes the correction `id` (from the list in force or the undone ones).
    pub fn revert(&mut self, id: u64) -> Option<Correction> {
        if let Some(i) = self.list.iter().position(|c| c.id == id) {
            return Some(self.list.remove(i));
        }
        let i = self.undone.iter().position(|c| c.id == id)?;
        Some(self.undone.remove(i))
    }

    /// Whether there are no corrections in force.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The correction `id`, if in force.
    pub fn get(&self, id: u64) -> Option<&Correction> {
        self.list.iter().find(|c| c.id == id)
    }

    /// Applies the corrections in force to every document: mentions first get back the
    /// geoparser's answer, then the most specific matching correction (the latest among
    /// equals) decides. Corrections whose place the gazetteer no longer holds are skipped
    /// and returned.
    ///
    /// The documents are shared out among the cores (a correction applied to ten million
    /// names held the window over a second on one).
    pub fn apply(&self, gaz: &Gazetteer, docs: &mut [ParsedDocument]) -> Vec<u64> {
        let (by_key, missing) = self.prepare(gaz);
        crate::collection::par_chunks_mut(docs, |part| {
            for pd in part {
                apply_doc(&by_key, gaz, pd);
            }
        });
        missing
    }

    /// Applies the corrections in force to one document (one just loaded).
    pub fn apply_one(&self, gaz: &Gazetteer, pd: &mut ParsedDocument) {
        let (by_key, _) = self.prepare(gaz);
        apply_doc(&by_key, gaz, pd);
    }

    /// The corrections by folded name, with their places looked up.
    fn prepare<'c>(&'c self, gaz: &Gazetteer) -> (Prepared<'c>, Vec<u64>) {
        let mut by_key: Prepared<'c> = BTreeMap::new();
        let mut missing = Vec::new();
        for c in &self.list {
            let place = match &c.action {
                Action::Assign { place, .. } => match gaz.find_id(place) {
                    Some(p) => Some(p),
                    None => {
                        missing.push(c.id);
                        continue;
                    }
                },
                Action::NotAPlace => None,
            };
            by_key.entry(c.key.as_str()).or_default().push((c, place));
        }
        (by_key, missing)
    }
}

/// Corrections by folded name, each with its place (`None` for "not a place").
type Prepared<'c> = BTreeMap<&'c str, Vec<(&'c Correction, Option<PlaceId>)>>;

fn apply_doc(by_key: &Prepared<'_>, gaz: &Gazetteer, pd: &mut ParsedDocument) {
    let mut key = String::new();
    let mut doc = None;
    // Made only for a document a correction may reach (most are reached by none).
    let mut source = None;
    for m in &mut pd.mentions {
        restore(m);
        if by_key.is_empty() {
            continue;
        }
        crate::text::fold_name_into(&pd.doc.text[m.start..m.end], &mut key);
        let Some(cands) = by_key.get(key.as_str()) else {
            continue;
        };
        let doc = doc.get_or_insert_with(|| doc_key(&pd.doc.text));
        let best = cands
            .iter()
            .filter(|(c, _)| match &c.scope {
                Scope::Mention { doc: d, start, end } => {
                    d == doc && *start == m.start && *end == m.end
                }
                Scope::Article { doc: d } => d == doc,
                Scope::Source { source: s } => {
                    *s == *source.get_or_insert_with(|| pd.doc.source_label())
                }
                Scope::Workspace => true,
            })
            .max_by_key(|(c, _)| (c.scope.rank(), c.id));
        if let Some((c, place)) = best {
            correct(m, gaz, c, *place);
        }
    }
}

/// Gives a mention back the geoparser's answer.
fn restore(m: &mut Mention) {
    if let Some(c) = m.correction.take() {
        m.resolution = c.original;
        m.relative = c.original_relative;
    }
}

fn correct(m: &mut Mention, gaz: &Gazetteer, c: &Correction, place: Option<PlaceId>) {
    let original = m.resolution.take();
    let original_relative = m.relative.take();
    m.resolution = place.map(|p| Resolution {
        place: p,
        confidence: 1.0,
        // Borrowed where it is one of a few (a correction everywhere reaches millions).
        reason: match &c.scope {
            Scope::Mention { .. } => "corrected by you (this mention)".into(),
            Scope::Article { .. } => "corrected by you (this article)".into(),
            Scope::Workspace => "corrected by you (everywhere)".into(),
            Scope::Source { .. } => format!("corrected by you ({})", c.scope.label()).into(),
        },
    });
    // "10 km south of X": the same offset from the place the user chose.
    m.relative = match (place, original_relative) {
        (Some(p), Some(rel)) => {
            let anchor = gaz.place(p);
            Some(
                Offset {
                    distance_km: rel.distance_km,
                    bearing_deg: rel.bearing_deg,
                    radius_km: rel.radius_km,
                }
                .applied_at(anchor.lat, anchor.lon),
            )
        }
        _ => None,
    };
    m.correction = Some(Box::new(Corrected {
        id: c.id,
        original,
        original_relative,
    }));
}
