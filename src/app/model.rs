//! The app's model: what the user loaded and decided (documents, corrections, own places,
//! filters and choices, the selected place) and the data it is read against (gazetteer and
//! shapes). It changes only through [`AppModel::apply`] and the engine's results, and it
//! knows nothing of windows: it is tested without a GUI.

use std::sync::Arc;

use crate::Basemap;
use crate::Filter;
use crate::OwnPlace;
use crate::Regions;
use crate::{Action, Corrections, Scope, doc_key};
use crate::{Collection, MentionRef};
use crate::{Gazetteer, PlaceId};

use super::AppState;

/// How far a correction reaches, as chosen in the correction window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reach {
    /// This mention only.
    #[default]
    Mention,
    /// Every mention of the name in this article.
    Article,
    /// ... in the articles of this source.
    Source,
    /// ... everywhere, now and in articles loaded later.
    Workspace,
}

/// The shapes drawn on the map, each once it is loaded.
#[derive(Debug, Clone, Default)]
pub struct Shapes {
    /// The offline basemap.
    pub basemap: Option<Arc<Basemap>>,
    /// First-level regions (oblasts, states).
    pub regions: Option<Arc<Regions>>,
    /// Country outlines.
    pub countries: Option<Arc<Regions>>,
}

/// A change to the model that a window asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Show the excerpts of this place (or of none).
    Select(Option<PlaceId>),
    /// Narrow the view to what this filter keeps.
    SetFilter(Filter),
    /// Correct the match of a mention, as far as `reach`.
    Correct {
        /// The mention.
        target: MentionRef,
        /// How far the correction reaches.
        reach: Reach,
        /// Another place, or not a place.
        action: Action,
    },
    /// Take back the correction with this id.
    Revert(u64),
    /// Undo the latest correction.
    Undo,
    /// Make the latest undone correction again.
    Redo,
    /// "Not the same": document `idx` is shown on its own, not as a copy of another.
    KeepApart(usize),
    /// Add places of the user's own.
    AddOwnPlaces(Vec<OwnPlace>),
    /// Remove the user's own place at this index.
    RemoveOwnPlace(usize),
    /// Say something on the status line.
    Message(String),
}

/// What an edit changed, for the app to follow up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    /// Something to save in the workspace.
    pub saved: bool,
    /// The own places: the gazetteer is rebuilt with them and the documents read again.
    pub own_places: bool,
    /// The corrections: the documents' mentions changed.
    pub corrections: bool,
    /// A place (by stable id) to select once the places are derived again: the one a
    /// correction chose.
    pub select: Option<String>,
}

/// Everything the app holds that is not a window's.
#[derive(Debug, Default)]
pub struct AppModel {
    /// The user's choices, the filter among them.
    pub state: AppState,
    /// The loaded documents. Shared with the thread that derives the places from them;
    /// changed through [`AppModel::collection_mut`].
    pub collection: Arc<Collection>,
    /// The user's corrections.
    pub corrections: Corrections,
    /// The user's own places.
    pub own_places: Vec<OwnPlace>,
    /// Gazetteer files the user added (File > Add gazetteer), read on the engine thread.
    pub gazetteer_files: Vec<std::path::PathBuf>,
    /// The batch results opened (File > Open results...), with how many documents each
    /// gave: the workspace names them and opens them again, rather than holding their
    /// documents.
    pub opened_results: Vec<crate::OpenedResults>,
    /// The gazetteer, once loaded.
    pub gazetteer: Option<Arc<Gazetteer>>,
    /// Map shapes, once loaded.
    pub shapes: Shapes,
    /// The place whose excerpts are shown.
    pub selected: Option<PlaceId>,
    /// Messages for the status line, the latest last.
    pub messages: Vec<String>,
    /// Counts changes to the documents and their mentions: what is derived from them is
    /// stale when it was derived at another generation.
    generation: u64,
    /// Counts the collections: documents are only added to one, never changed or removed,
    /// so a save of the same epoch appends the documents past those saved.
    collection_epoch: u64,
}

impl AppModel {
    /// The collection's epoch: it moves on when the collection is replaced.
    pub fn collection_epoch(&self) -> u64 {
        self.collection_epoch
    }

    /// The generation of the documents and mentions (see [`AppModel::collection_mut`]).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The documents, to change: the generation moves on. (When the collection is still
    /// shared with a derivation under way, it is copied first; the app waits for the
    /// derivation before it changes documents, so that copy is rare.)
    pub fn collection_mut(&mut self) -> &mut Collection {
        self.generation += 1;
        Arc::make_mut(&mut self.collection)
    }

    /// Gives the gazetteer the names language of the state (View > Place names), once it
    /// differs: a copy with the other language (its data is shared), and the places are
    /// derived again, their names with them. Returns whether it changed.
    pub fn sync_names(&mut self) -> bool {
        let lang = self.state.names;
        match &self.gazetteer {
            Some(g) if g.display_language() != lang => {
                let mut g = Gazetteer::clone(g);
                g.set_display_language(lang);
                self.gazetteer = Some(Arc::new(g));
                self.generation += 1;
                true
            }
            _ => false,
        }
    }

    /// Replaces the documents.
    pub fn set_collection(&mut self, collection: Collection) {
        self.generation += 1;
        self.collection_epoch += 1;
        self.collection = Arc::new(collection);
        // Their documents are gone with the collection's.
        self.opened_results.clear();
    }

    /// Applies every correction again to every document (after corrections or the
    /// gazetteer changed). Returns the ids of corrections naming places the gazetteer
    /// lacks.
    pub fn reapply_corrections(&mut self) -> Vec<u64> {
        let Some(g) = self.gazetteer.clone() else {
            return Vec::new();
        };
        let corrections = std::mem::take(&mut self.corrections);
        let missing = corrections.apply(&g, &mut self.collection_mut().documents);
        self.corrections = corrections;
        missing
    }

    /// The code of the region (admin-1) holding a point, from the region shapes.
    pub fn region_at(&self, lon: f64, lat: f64) -> Option<String> {
        self.shapes
            .regions
            .as_ref()?
            .containing(lon, lat)
            .map(str::to_string)
    }

    /// The name as the text writes it at a mention.
    pub fn surface_of(&self, target: MentionRef) -> Option<String> {
        self.collection
            .mention(target)
            .map(|(pd, m)| m.surface(&pd.doc.text).to_string())
    }

    /// The scope a correction of `target` reaching as far as `reach` has.
    pub fn scope_of(&self, target: MentionRef, reach: Reach) -> Option<Scope> {
        let (pd, m) = self.collection.mention(target)?;
        Some(match reach {
            Reach::Mention => Scope::Mention {
                doc: doc_key(&pd.doc.text),
                start: m.start,
                end: m.end,
            },
            Reach::Article => Scope::Article {
                doc: doc_key(&pd.doc.text),
            },
            Reach::Source => Scope::Source {
                source: pd.doc.source_label(),
            },
            Reach::Workspace => Scope::Workspace,
        })
    }

    /// Does what an edit asks; says what changed.
    pub fn apply(&mut self, edit: Edit) -> Changed {
        let mut changed = Changed::default();
        match edit {
            Edit::Select(place) => self.selected = place,
            Edit::SetFilter(filter) => self.state.filter = filter,
            Edit::Correct {
                target,
                reach,
                action,
            } => {
                let (Some(scope), Some(surface)) =
                    (self.scope_of(target, reach), self.surface_of(target))
                else {
                    self.messages
                        .push("That mention is no longer loaded.".into());
                    return changed;
                };
                if let Action::Assign { place, .. } = &action {
                    changed.select = Some(place.clone());
                }
                self.corrections.add(&surface, scope, action);
                changed.corrections = true;
            }
            Edit::Revert(id) => {
                changed.corrections = self.corrections.revert(id).is_some();
            }
            Edit::Undo => {
                let done = self.corrections.undo().map(|c| c.describe());
                changed.corrections = self.history_moved("Undone", "undo", done);
            }
            Edit::Redo => {
                let done = self.corrections.redo().map(|c| c.describe());
                changed.corrections = self.history_moved("Redone", "redo", done);
            }
            Edit::KeepApart(idx) => {
                self.collection_mut().keep_apart(idx);
                changed.saved = true;
            }
            Edit::AddOwnPlaces(places) => {
                if !places.is_empty() {
                    self.own_places.extend(places);
                    changed.own_places = true;
                }
            }
            Edit::RemoveOwnPlace(i) => {
                if i < self.own_places.len() {
                    let p = self.own_places.remove(i);
                    self.messages
                        .push(format!("Removed {} from your places", p.name));
                    changed.own_places = true;
                }
            }
            Edit::Message(m) => self.messages.push(m),
        }
        if changed.corrections {
            self.reapply_corrections();
        }
        changed.saved |= changed.corrections || changed.own_places;
        changed
    }

    /// After undo or redo: says what changed. Returns whether anything did.
    fn history_moved(&mut self, what: &str, verb: &str, done: Option<String>) -> bool {
        match done {
            Some(d) => {
                self.messages.push(format!("{what}: {d}"));
                true
            }
            None => {
                self.messages.push(format!("Nothing to {verb}."));
                false
            }
        }
    }
}
