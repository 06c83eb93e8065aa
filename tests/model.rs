//! Issue 12 §3: the app's model, what is derived from it and its windows, tested without
//! the app: edits change the model, derivation is a pure function of it (on the deriving
//! thread or not), and a window asks for changes as commands instead of making them.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::sync::{Arc, OnceLock};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsmap::Action;
use newsmap::Filter;
use newsmap::Gazetteer;
use newsmap::Geoparser;
use newsmap::app::command::Command;
use newsmap::app::derived::{DeriveJob, Derived, Deriver, derive};
use newsmap::app::model::{AppModel, Edit, Reach};
use newsmap::app::panels::PlacesPanel;
use newsmap::app::views::ViewCtx;
use newsmap::ingest::{Document, Format, Meta};
use newsmap::{Collection, MentionRef, ParsedDocument};

fn gaz() -> Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Arc::new(Gazetteer::bundled().unwrap()))
        .clone()
}

/// A collection of our own reports, geoparsed.
fn reports() -> Collection {
    let g = gaz();
    let parser = Geoparser::new(&g);
    let texts = [
        (
            "a.txt",
            "Desk A",
            "2024-11-18",
            "Russian forces shelled Kharkiv overnight. Officials in Kharkiv said two were hurt.",
        ),
        (
            "b.txt",
            "Desk B",
            "2024-11-19",
            "Drones struck the port of Odesa. Residents of Kharkiv heard explosions too.",
        ),
        (
            "c.txt",
            "Desk A",
            "2024-11-20",
            "Fighting went on near Pokrovsk in the Donetsk region, and near Kurakhove.",
        ),
    ];
    let mut coll = Collection::default();
    for (path, source, date, text) in texts {
        let meta = Meta {
            source: Some(source.into()),
            date: Some(date.into()),
            ..Meta::default()
        };
        let doc = Document::new(path.into(), Format::Text, text.into(), meta);
        let mentions = parser.parse(&doc.text);
        coll.add_document(ParsedDocument::new(doc, mentions));
    }
    coll
}

fn model() -> AppModel {
    let mut m = AppModel::default();
    m.gazetteer = Some(gaz());
    m.set_collection(reports());
    m
}

fn names(d: &Derived) -> Vec<String> {
    let g = gaz();
    d.places
        .iter()
        .map(|p| g.place(p.place).name.clone())
        .collect()
}

fn derived(m: &AppModel) -> Derived {
    derive(&m.collection, &gaz(), &m.state.filter, m.generation(), None)
}

/// The first mention of `name` in the collection.
fn mention_of(m: &AppModel, name: &str) -> MentionRef {
    for (doc, pd) in m.collection.documents.iter().enumerate() {
        for (k, mention) in pd.mentions.iter().enumerate() {
            if mention.surface(&pd.doc.text) == name {
                return MentionRef { doc, mention: k };
            }
        }
    }
    panic!("no mention of {name}");
}

#[test]
fn issue_12_derived_places_follow_the_model() {
    let mut m = model();
    let all = derived(&m);
    assert_eq!(
        names(&all)[0],
        "Kharkiv",
        "most mentioned first: {:?}",
        names(&all)
    );
    assert!(names(&all).contains(&"Pokrovsk".to_string()));
    assert_eq!(all.choices.sources, ["Desk A", "Desk B"]);

    // A filter edit narrows what is derived, not what is loaded.
    let changed = m.apply(Edit::SetFilter(Filter {
        source: Some("Desk B".into()),
        ..Filter::default()
    }));
    assert!(!changed.saved);
    let b = derived(&m);
    assert_eq!(names(&b), ["Kharkiv", "Odesa"]);
    assert!(!b.is_current(m.generation() + 1, &m.state.filter));
    assert!(b.is_current(m.generation(), &m.state.filter));
    assert!(!b.is_current(m.generation(), &Filter::default()));
}

#[test]
fn issue_12_derivation_is_the_same_refined_or_from_scratch() {
    let m = model();
    let g = gaz();
    let mut previous = derived(&m);
    // Each keystroke of a search refines what the one before kept.
    for query in ["k", "kh", "kha", "khar"] {
        let filter = Filter {
            query: query.into(),
            ..Filter::default()
        };
        let refined = derive(&m.collection, &g, &filter, m.generation(), Some(&previous));
        let scratch = derive(&m.collection, &g, &filter, m.generation(), None);
        assert_eq!(refined, scratch, "query {query:?}");
        previous = refined;
    }
    assert_eq!(names(&previous), ["Kharkiv"]);
}

#[test]
fn issue_12_a_correction_edit_changes_the_mentions_and_undo_takes_it_back() {
    let mut m = model();
    let target = mention_of(&m, "Odesa");
    let before = m.generation();
    let changed = m.apply(Edit::Correct {
        target,
        reach: Reach::Mention,
        action: Action::NotAPlace,
    });
    assert!(changed.corrections && changed.saved);
    assert!(m.generation() > before, "the documents changed");
    assert!(!names(&derived(&m)).contains(&"Odesa".to_string()));

    m.apply(Edit::Undo);
    assert!(names(&derived(&m)).contains(&"Odesa".to_string()));
    assert!(m.messages.last().is_some_and(|s| s.starts_with("Undone")));
    m.apply(Edit::Redo);
    assert!(!names(&derived(&m)).contains(&"Odesa".to_string()));
    let nothing = m.apply(Edit::Redo);
    assert!(!nothing.corrections);
    assert_eq!(
        m.messages.last().map(String::as_str),
        Some("Nothing to redo.")
    );
}

#[test]
fn issue_12_the_deriving_thread_gives_what_deriving_here_gives() {
    let m = model();
    let woken = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let w = Arc::clone(&woken);
    let mut deriver = Deriver::spawn(move || {
        w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    let filter = Filter {
        query: "kharkiv".into(),
        ..Filter::default()
    };
    assert!(deriver.start(DeriveJob {
        collection: Arc::clone(&m.collection),
        gazetteer: gaz(),
        filter: filter.clone(),
        generation: m.generation(),
        previous: Arc::default(),
    }));
    assert!(deriver.is_busy());
    let there = deriver.wait().expect("a result");
    assert!(!deriver.is_busy());
    let here = derive(&m.collection, &gaz(), &filter, m.generation(), None);
    assert_eq!(there, here);
    assert_eq!(names(&there), ["Kharkiv"]);
    // The thread let go of the documents before it answered: they are not shared.
    assert_eq!(Arc::strong_count(&m.collection), 1);
    // It woke the window (just after it answered).
    let t0 = std::time::Instant::now();
    while woken.load(std::sync::atomic::Ordering::SeqCst) == 0 && t0.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(woken.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn issue_12_the_places_panel_asks_for_a_selection_and_writes_nothing() {
    let m = model();
    let d = derived(&m);
    let commands = Arc::new(std::sync::Mutex::new(Vec::new()));
    let out = Arc::clone(&commands);
    let mut panel = PlacesPanel;
    let mut h = Harness::new_ui(move |ui| {
        let cx = ViewCtx::new(&m, &d);
        let mut got = Vec::new();
        panel.ui(ui, &cx, &mut got);
        out.lock().unwrap().extend(got);
    });
    h.run();
    h.get_by_label_contains("Pokrovsk  (1)").click();
    h.run();
    let got = commands.lock().unwrap().clone();
    let g = gaz();
    let pokrovsk = got.iter().find_map(|c| match c {
        Command::Select {
            place,
            recentre: true,
        } => Some(g.place(*place).name.clone()),
        _ => None,
    });
    assert_eq!(pokrovsk.as_deref(), Some("Pokrovsk"), "{got:?}");
}
