//! What the windows show that is derived from the model: the places the filter keeps with
//! their mentions, the pins, the relative locations, the filter choices. [`derive`] builds
//! it as a pure function of the collection, gazetteer and filter; the [`Deriver`] runs it
//! on a thread of its own, so a filter change or a load of 50,000 articles never holds the
//! window (issue 12 §5).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::Filter;
use crate::{Collection, MentionRef, PlaceMentions};
use crate::{Gazetteer, PlaceId};

use super::{filters, map};

/// What is derived from the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Derived {
    /// The places the filter keeps, most mentioned first, with their kept mentions.
    pub places: Vec<PlaceMentions>,
    /// Their ids, sorted.
    pub pinned_ids: Vec<PlaceId>,
    /// What the map's pins need of the places.
    pub pins: map::Pins,
    /// The relative locations ("10 km south of Kurakhove") among the kept mentions, one
    /// mark for each point, in load order of their first mention.
    pub relatives: Vec<RelativeMark>,
    /// What the filters and the timeline offer (from every document, whatever the filter).
    pub choices: Arc<filters::Choices>,
    /// Places with corrected mentions, sorted.
    pub corrected: Vec<PlaceId>,
    /// The filter this was derived with.
    pub filter: Filter,
    /// The model's generation this was derived at; `None` before the first derivation.
    pub generation: Option<u64>,
}

impl Derived {
    /// Whether this is what the model at `generation` with `filter` derives.
    pub fn is_current(&self, generation: u64, filter: &Filter) -> bool {
        self.generation == Some(generation) && self.filter == *filter
    }
}

/// Derives the places, pins and choices of `collection` under `filter`.
///
/// `previous`, when given, is what was derived before: a search that extends its query
/// looks among the places it kept, and the filter choices are kept when the documents are
/// the same. The result is the same with or without it.
pub fn derive(
    collection: &Collection,
    gaz: &Gazetteer,
    filter: &Filter,
    generation: u64,
    previous: Option<&Derived>,
) -> Derived {
    let same_documents = previous.is_some_and(|p| p.generation == Some(generation));
    // A keystroke that extends the search looks among the places kept (only from a
    // search that kept few mentions: reading every mention in place order is slower than
    // reading the documents in order).
    let refine_from = previous.filter(|p| {
        let kept: usize = p.places.iter().map(|pm| pm.mentions.len()).sum();
        same_documents
            && kept <= collection.documents.len().max(1000)
            && !p.filter.query.trim().is_empty()
            && filter.narrows(&p.filter)
    });
    let places = match refine_from {
        Some(p) => crate::refine_places(collection, gaz, &p.places, filter),
        None => crate::filtered_places(collection, gaz, filter),
    };
    let mut pinned_ids: Vec<PlaceId> = places.iter().map(|p| p.place).collect();
    pinned_ids.sort_unstable();
    let pins = map::Pins::of(gaz, collection, &places);
    let corrected = pins.corrected_places(&places);
    // The choices change with the documents, not with the filter.
    let choices = match previous {
        Some(p) if same_documents => Arc::clone(&p.choices),
        _ => Arc::new(filters::Choices::of(collection, gaz)),
    };
    let relatives = relative_marks(collection, &places, &pinned_ids);
    Derived {
        places,
        pinned_ids,
        pins,
        relatives,
        choices,
        corrected,
        filter: filter.clone(),
        generation: Some(generation),
    }
}

/// The relative locations among the mentions `places` keep, one mark for each anchor and
/// point, in load order of their first mention. A place's mentions are in load order, so
/// each relative location is looked up, not every mention gathered into a set (issue 12:
/// half a million mentions at 50,000 articles).
fn relative_marks(
    collection: &Collection,
    places: &[PlaceMentions],
    sorted_ids: &[PlaceId],
) -> Vec<RelativeMark> {
    // Index into `places` of each id of `sorted_ids`.
    let mut index: Vec<usize> = (0..places.len()).collect();
    index.sort_unstable_by_key(|&i| places[i].place);
    let mut at: std::collections::HashMap<(PlaceId, [u64; 3]), usize> = Default::default();
    let mut marks: Vec<RelativeMark> = Vec::new();
    for r in collection.relatives() {
        let Some((_, m)) = collection.mention(r) else {
            continue;
        };
        let (Some(rel), Some(res)) = (m.relative, m.resolution.as_ref()) else {
            continue;
        };
        let kept = sorted_ids
            .binary_search(&res.place)
            .is_ok_and(|k| places[index[k]].mentions.binary_search(&r).is_ok());
        if !kept {
            continue;
        }
        let key = (
            res.place,
            [
                rel.lat.to_bits(),
                rel.lon.to_bits(),
                rel.radius_km.to_bits(),
            ],
        );
        match at.get(&key) {
            Some(&i) => marks[i].mentions += 1,
            None => {
                at.insert(key, marks.len());
                marks.push(RelativeMark {
                    first: r,
                    mentions: 1,
                });
            }
        }
    }
    marks
}

/// A relative location on the map: one mark for every kept mention that derives the same
/// point from the same anchor (an archive's thousand reports of "10 km south of Kurakhove"
/// are one mark, not a thousand drawn on top of each other every frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelativeMark {
    /// The first of its mentions, in load order.
    pub first: MentionRef,
    /// How many kept mentions it stands for.
    pub mentions: usize,
}

/// One derivation to run.
pub struct DeriveJob {
    /// The documents (shared, not copied).
    pub collection: Arc<Collection>,
    /// The gazetteer.
    pub gazetteer: Arc<Gazetteer>,
    /// The filter.
    pub filter: Filter,
    /// The model's generation.
    pub generation: u64,
    /// What was derived before.
    pub previous: Arc<Derived>,
}

impl DeriveJob {
    fn run(self) -> Derived {
        derive(
            &self.collection,
            &self.gazetteer,
            &self.filter,
            self.generation,
            Some(&self.previous),
        )
        // `self` is dropped here, before the result is sent: the collection is no longer
        // shared once the app has the result.
    }
}

/// Runs derivations on a thread of its own, one at a time.
pub struct Deriver {
    /// `None` when no thread could be started: derivations run on the caller's thread.
    thread: Option<(Sender<DeriveJob>, Receiver<Derived>)>,
    /// A derivation is under way.
    busy: bool,
    /// The result of a derivation run on the caller's thread.
    done: Option<Derived>,
}

impl Deriver {
    /// Starts the thread; `wake` is called when a result is ready.
    pub fn spawn(wake: impl Fn() + Send + 'static) -> Self {
        let (jobs_tx, jobs_rx) = channel::<DeriveJob>();
        let (results_tx, results_rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("newsmap-derive".into())
            .spawn(move || {
                while let Ok(job) = jobs_rx.recv() {
                    let derived = job.run();
                    if results_tx.send(derived).is_err() {
                        break;
                    }
                    wake();
                }
            });
        Deriver {
            thread: spawned.ok().map(|_| (jobs_tx, results_rx)),
            busy: false,
            done: None,
        }
    }

    /// Whether a derivation is under way.
    pub fn is_busy(&self) -> bool {
        self.busy
    }

    /// Starts a derivation (when none is under way; returns whether it started).
    pub fn start(&mut self, job: DeriveJob) -> bool {
        if self.busy {
            return false;
        }
        let job = match &self.thread {
            Some((tx, _)) => match tx.send(job) {
                Ok(()) => {
                    self.busy = true;
                    return true;
                }
                Err(e) => e.0,
            },
            None => job,
        };
        // No thread: derive here.
        self.thread = None;
        self.done = Some(job.run());
        self.busy = true;
        true
    }

    /// The result of the derivation under way, if it is done.
    pub fn try_take(&mut self) -> Option<Derived> {
        if !self.busy {
            return None;
        }
        if let Some(d) = self.done.take() {
            self.busy = false;
            return Some(d);
        }
        let result = match &self.thread {
            Some((_, rx)) => rx.try_recv(),
            None => Err(TryRecvError::Disconnected),
        };
        match result {
            Ok(d) => {
                self.busy = false;
                Some(d)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.busy = false;
                self.thread = None;
                None
            }
        }
    }

    /// Waits for the derivation under way and returns its result (before the documents
    /// are changed, so they are not shared while they change).
    pub fn wait(&mut self) -> Option<Derived> {
        if !self.busy {
            return None;
        }
        self.busy = false;
        if let Some(d) = self.done.take() {
            return Some(d);
        }
        let got = self.thread.as_ref().map(|(_, rx)| rx.recv());
        match got {
            Some(Ok(d)) => Some(d),
            _ => {
                self.thread = None;
                None
            }
        }
    }
}
