//! Issue 6, the analyst's workflow in the core: corrections with scopes and undo, own places
//! used by the geoparser, workspaces saved and read back (also damaged, cut short, from a
//! newer version, and interrupted while writing).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::Geoparser;
use newsmap_core::OwnPlace;
use newsmap_core::Workspace;
use newsmap_core::ingest::{Document, Format, Meta};
use newsmap_core::{Action, Corrections, Scope, doc_key};
use newsmap_core::{Collection, ParsedDocument};
use newsmap_core::{Gazetteer, PlaceKind};

fn doc(path: &str, source: &str, text: &str) -> Document {
    Document::new(
        path.to_string(),
        Format::Text,
        text.to_string(),
        Meta {
            source: Some(source.to_string()),
            title: Some(format!("Report {path}")),
            date: Some("2024-11-20".into()),
            ..Meta::default()
        },
    )
}

fn parsed(g: &Gazetteer, path: &str, source: &str, text: &str) -> ParsedDocument {
    let d = doc(path, source, text);
    let mentions = Geoparser::new(g).parse(&d.text);
    ParsedDocument::new(d, mentions)
}

/// The place ids (stable ids) of a document's mentions named `surface`.
fn places_named(g: &Gazetteer, pd: &ParsedDocument, surface: &str) -> Vec<Option<String>> {
    pd.mentions
        .iter()
        .filter(|m| m.surface(&pd.doc.text) == surface)
        .map(|m| m.resolution.as_ref().map(|r| g.place(r.place).id.clone()))
        .collect()
}

const FRONT: &str = "Russian forces pressed towards Pokrovsk in the Donetsk region on Tuesday. \
     Residents of Pokrovsk said the shelling had not stopped since Sunday.";

#[test]
fn issue_6_reassign_every_mention_in_an_article_then_undo_and_redo() {
    let g = gaz();
    let mut docs = vec![parsed(g, "a.txt", "Wire", FRONT)];
    let before = places_named(g, &docs[0], "Pokrovsk");
    assert_eq!(before.len(), 2);
    let geoparser_choice = before[0]
        .clone()
        .unwrap_or_else(|| panic!("Pokrovsk resolved"));
    // Another candidate the geoparser kept.
    let m = &docs[0].mentions[docs[0]
        .mentions
        .iter()
        .position(|m| m.surface(FRONT) == "Pokrovsk")
        .unwrap_or_else(|| panic!("no Pokrovsk"))];
    let other = m
        .candidates
        .iter()
        .map(|c| g.place(c.place).id.clone())
        .find(|id| *id != geoparser_choice)
        .unwrap_or_else(|| panic!("Pokrovsk has other candidates"));

    let mut corrections = Corrections::default();
    corrections.add(
        "Pokrovsk",
        Scope::Article {
            doc: doc_key(FRONT),
        },
        Action::Assign {
            place: other.clone(),
            name: "Pokrovsk".into(),
        },
    );
    let missing = corrections.apply(g, &mut docs);
    assert!(missing.is_empty());
    assert_eq!(
        places_named(g, &docs[0], "Pokrovsk"),
        vec![Some(other.clone()), Some(other.clone())]
    );
    let m = docs[0]
        .mentions
        .iter()
        .find(|m| m.surface(FRONT) == "Pokrovsk")
        .unwrap_or_else(|| panic!("no Pokrovsk"));
    let mark = m.correction.as_ref().unwrap_or_else(|| panic!("marked"));
    assert_eq!(
        mark.original.as_ref().map(|r| g.place(r.place).id.clone()),
        Some(geoparser_choice.clone()),
        "the geoparser's answer is kept"
    );
    assert!(m.resolution.as_ref().is_some_and(|r| r.confidence == 1.0));
    // "Donetsk region" is another name: untouched.
    assert!(
        places_named(g, &docs[0], "Donetsk")
            .iter()
            .all(|p| p.is_some())
    );

    corrections.undo();
    corrections.apply(g, &mut docs);
    assert_eq!(
        places_named(g, &docs[0], "Pokrovsk"),
        vec![
            Some(geoparser_choice.clone()),
            Some(geoparser_choice.clone())
        ]
    );
    assert!(docs[0].mentions.iter().all(|m| m.correction.is_none()));

    corrections.redo();
    corrections.apply(g, &mut docs);
    assert_eq!(places_named(g, &docs[0], "Pokrovsk")[1], Some(other));
}

#[test]
fn issue_6_narrower_scope_wins_and_later_documents_get_workspace_corrections() {
    let g = gaz();
    let text_b = "Pokrovsk was quiet, the mayor of Pokrovsk said.";
    let mut docs = vec![
        parsed(g, "a.txt", "Wire", FRONT),
        parsed(g, "b.txt", "Daily", text_b),
    ];
    let mut corrections = Corrections::default();
    corrections.add("Pokrovsk", Scope::Workspace, Action::NotAPlace);
    // This one mention (the second in a.txt) is a place after all: Kyiv, say.
    let second = docs[0]
        .mentions
        .iter()
        .filter(|m| m.surface(FRONT) == "Pokrovsk")
        .nth(1)
        .map(|m| (m.start, m.end))
        .unwrap_or_else(|| panic!("two mentions"));
    let kyiv = g
        .lookup("Kyiv")
        .into_iter()
        .map(|h| h.place)
        .find(|&p| g.place(p).kind == PlaceKind::City)
        .unwrap_or_else(|| panic!("Kyiv"));
    corrections.add(
        "Pokrovsk",
        Scope::Mention {
            doc: doc_key(FRONT),
            start: second.0,
            end: second.1,
        },
        Action::Assign {
            place: g.place(kyiv).id.clone(),
            name: "Kyiv".into(),
        },
    );
    corrections.apply(g, &mut docs);
    assert_eq!(
        places_named(g, &docs[0], "Pokrovsk"),
        vec![None, Some(g.place(kyiv).id.clone())]
    );
    assert_eq!(places_named(g, &docs[1], "Pokrovsk"), vec![None, None]);
    // Not-a-place mentions stay in the text, marked, but make no pin.
    assert!(docs[1].mentions.iter().any(|m| m.correction.is_some()));
    let coll = Collection::restore(docs, Vec::new());
    assert!(
        coll.places(g)
            .iter()
            .all(|pm| g.place(pm.place).name != "Pokrovsk")
    );

    // An article loaded later gets the workspace-wide correction.
    let mut later = parsed(g, "c.txt", "Other", "Drones struck Pokrovsk at night.");
    corrections.apply_one(g, &mut later);
    assert_eq!(places_named(g, &later, "Pokrovsk"), vec![None]);

    // Reverting the workspace-wide one leaves the mention's own.
    let ws_id = corrections.list[0].id;
    corrections.revert(ws_id);
    let mut docs = coll.documents;
    corrections.apply(g, &mut docs);
    assert!(
        places_named(g, &docs[1], "Pokrovsk")
            .iter()
            .all(|p| p.is_some())
    );
    assert_eq!(
        places_named(g, &docs[0], "Pokrovsk")[1],
        Some(g.place(kyiv).id.clone())
    );
}

fn tykhozavodsk(g: &Gazetteer) -> OwnPlace {
    OwnPlace::new(
        g,
        &[],
        "Tykhozavodsk",
        vec!["Тихозаводськ".into(), "Тихозаводск".into()],
        PlaceKind::City,
        (47.445, 35.835),
        "Zaporizhzhia Oblast",
    )
    .unwrap()
}

#[test]
fn issue_6_own_place_is_found_by_the_geoparser_in_every_spelling() {
    let g = gaz();
    let text = "Ukrainian troops entered Tykhozavodsk in August. \
                Российские войска обстреляли Тихозаводск.";
    let before = Geoparser::new(g).parse(text);
    assert!(
        before
            .iter()
            .filter(|m| m.surface(text) == "Tykhozavodsk")
            .all(|m| m.resolution.is_none()),
        "the bundled gazetteer lacks Tykhozavodsk (a hamlet made up for the test)"
    );
    let own = tykhozavodsk(g);
    assert_eq!(own.id, "own:tykhozavodsk");
    assert_eq!(own.country, "UA");
    assert!(own.region.starts_with("UA."), "region code {}", own.region);
    let with = newsmap_core::gazetteer_with(g, std::slice::from_ref(&own));
    assert_eq!(with.len(), g.len() + 1);
    // Bundled places keep their ids.
    assert_eq!(with.place(0).id, g.place(0).id);
    let mentions = Geoparser::new(&with).parse(text);
    let found: Vec<(&str, String)> = mentions
        .iter()
        .filter_map(|m| {
            let r = m.resolution.as_ref()?;
            Some((m.surface(text), with.place(r.place).id.clone()))
        })
        .filter(|(_, id)| id.starts_with("own:"))
        .collect();
    assert_eq!(
        found,
        vec![
            ("Tykhozavodsk", "own:tykhozavodsk".to_string()),
            ("Тихозаводск", "own:tykhozavodsk".to_string())
        ]
    );
    assert_eq!(with.find_id("own:tykhozavodsk"), Some(g.len() as u32));
    assert_eq!(
        with.search("Tykhozavodsk", 5).first(),
        with.find_id("own:tykhozavodsk").as_ref()
    );
}

#[test]
fn issue_6_own_places_round_trip_through_csv_and_geojson() {
    let g = gaz();
    let mut places = vec![tykhozavodsk(g)];
    places.push(
        OwnPlace::new(
            g,
            &places,
            "Tykhozavodsk",
            vec!["Hill 115, \"the ridge\"".into()],
            PlaceKind::District,
            (47.5, 35.9),
            "",
        )
        .unwrap(),
    );
    assert_eq!(places[1].id, "own:tykhozavodsk-2", "ids stay unique");

    let csv = newsmap_core::own_places_to_csv(&places).unwrap();
    let (back, problems) = newsmap_core::own_places_from_csv(g, &[], &csv).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].aliases, places[0].aliases);
    assert_eq!(back[1].aliases, vec!["Hill 115, \"the ridge\"".to_string()]);
    assert_eq!(back[1].kind, PlaceKind::District);
    assert_eq!((back[0].lat, back[0].lon), (47.445, 35.835));
    assert_eq!(back[0].region, places[0].region);

    let gj = serde_json::to_string(&newsmap_core::own_places_to_geojson(&places)).unwrap();
    let (back, problems) = newsmap_core::own_places_from_geojson(g, &[], &gj).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].name, "Tykhozavodsk");
    assert_eq!(back[0].aliases, places[0].aliases);

    // A hand-written CSV with a bad row: the rest is read, the bad row reported.
    let hand = "name,latitude,longitude,aliases\nNovoprokopivka,47.40,35.90,Новопрокопівка\n\
                Nowhere,north,35.0,\n";
    let (read, problems) = newsmap_core::own_places_from_csv(g, &[], hand).unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].aliases, vec!["Новопрокопівка".to_string()]);
    assert_eq!(problems.len(), 1);
    assert!(problems[0].to_string().contains("row 3"), "{}", problems[0]);
    assert!(newsmap_core::own_places_from_csv(g, &[], "just,a,header\n").is_err());
    assert!(newsmap_core::own_places_from_geojson(g, &[], "{\"type\": \"Point\"}").is_err());
}

fn sample_workspace() -> Workspace {
    let g = gaz();
    let mut corrections = Corrections::default();
    corrections.add("Pokrovsk", Scope::Workspace, Action::NotAPlace);
    corrections.add(
        "Kyiv",
        Scope::Source {
            source: "Daily".into(),
        },
        Action::Assign {
            place: "703448".into(),
            name: "Kyiv".into(),
        },
    );
    corrections.add(
        "Kharkiv",
        Scope::Mention {
            doc: doc_key("Kharkiv was shelled again."),
            start: 0,
            end: 7,
        },
        Action::Assign {
            place: "own:tykhozavodsk".into(),
            name: "Tykhozavodsk".into(),
        },
    );
    corrections.undo();
    Workspace {
        documents: vec![
            doc("/gone/a.txt", "Wire", FRONT),
            doc("/gone/b.txt", "Daily", "Kyiv and Київ are one city."),
            doc("/gone/c.txt", "Daily", "Kharkiv was shelled again."),
        ],
        warnings: vec![newsmap_core::ingest::Warning::new(
            newsmap_core::ingest::WarningKind::Unsupported,
            "/gone/scan.pdf",
            "this PDF has no text layer",
        )],
        corrections,
        own_places: vec![tykhozavodsk(g)],
        view: serde_json::json!({"map": [37.0, 48.0, 7.5]}),
        kept_apart: vec![42],
        // Named, not copied (issue 13): read again when the workspace opens.
        gazetteers: vec!["/data/geonames/UA.txt".into()],
        // Named, not copied (issue 16): opened again when the workspace opens.
        results: vec![newsmap_core::OpenedResults {
            path: "/data/batch/2024".into(),
            documents: 120_000,
        }],
    }
}

#[test]
fn issue_11_a_damaged_workspace_never_costs_the_complete_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    let ws = sample_workspace();
    // Saved twice: the file and a complete backup beside it.
    newsmap_core::save_workspace(&path, &ws).unwrap();
    newsmap_core::save_workspace(&path, &ws).unwrap();
    let bak = newsmap_core::workspace_backup_path(&path);
    assert_eq!(newsmap_core::workspace_document_count(&bak), Some(3));
    // The file is cut short after its first document; a save was interrupted, too.
    let full = std::fs::read(&path).unwrap();
    let second_line_end = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map_or(0, |(i, _)| i);
    std::fs::write(&path, &full[..second_line_end + 10]).unwrap();
    let tmp = dir.path().join("w.newsmap.tmp");
    std::fs::write(&tmp, b"half a save").unwrap();

    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert!(!tmp.exists(), "a stale temporary file is removed");
    assert_eq!(
        opened.workspace.documents.len(),
        3,
        "the more complete backup"
    );
    assert!(opened.from_backup);
    assert_eq!(opened.workspace.kept_apart, vec![42]);
    assert!(
        opened.problems[0].contains("holds more (3 documents against 1)"),
        "{:?}",
        opened.problems
    );
    // The damaged file is kept under its own name, and can be opened instead.
    let other = opened
        .other
        .clone()
        .unwrap_or_else(|| panic!("no other version"));
    let damaged = newsmap_core::open_workspace(&other).unwrap();
    assert_eq!(damaged.workspace.documents.len(), 1);

    // Two autosaves later the backup still holds every document.
    newsmap_core::save_workspace(&path, &opened.workspace).unwrap();
    newsmap_core::save_workspace(&path, &opened.workspace).unwrap();
    assert_eq!(newsmap_core::workspace_document_count(&bak), Some(3));
    assert_eq!(newsmap_core::workspace_document_count(&path), Some(3));

    // A damaged file can no longer take the backup's place either.
    std::fs::write(&path, &full[..second_line_end + 10]).unwrap();
    let smaller = Workspace {
        documents: opened.workspace.documents[..1].to_vec(),
        ..opened.workspace.clone()
    };
    newsmap_core::save_workspace(&path, &smaller).unwrap();
    assert_eq!(newsmap_core::workspace_document_count(&bak), Some(3));
}

#[test]
fn issue_6_workspace_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("war.newsmap");
    let ws = sample_workspace();
    newsmap_core::save_workspace(&path, &ws).unwrap();
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.workspace, ws);
    assert!(!newsmap_core::workspace_backup_path(&path).exists());
    // Saving again keeps the previous version as the backup.
    let mut ws2 = ws.clone();
    ws2.documents.pop();
    newsmap_core::save_workspace(&path, &ws2).unwrap();
    let bak = newsmap_core::open_workspace(&newsmap_core::workspace_backup_path(&path)).unwrap();
    assert_eq!(bak.workspace.documents.len(), 3);
    assert_eq!(
        newsmap_core::open_workspace(&path)
            .unwrap()
            .workspace
            .documents
            .len(),
        2
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with("{\"newsmap_workspace\":3"),
        "{}",
        &text[..40]
    );
}

#[test]
fn issue_6_truncated_workspace_gives_what_it_can_and_is_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    newsmap_core::save_workspace(&path, &sample_workspace()).unwrap();
    let full = std::fs::read(&path).unwrap();
    // Cut in the middle of the third document's line: a killed process, a full disk.
    let lines: Vec<usize> = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let cut = (lines[2] + lines[3]) / 2;
    std::fs::write(&path, &full[..cut]).unwrap();
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert_eq!(opened.workspace.documents.len(), 2);
    assert_eq!(opened.workspace.own_places.len(), 1);
    assert_eq!(opened.workspace.corrections.list.len(), 2);
    assert_eq!(
        opened.workspace.corrections.undone.len(),
        1,
        "the undo history is kept"
    );
    assert!(
        opened
            .problems
            .iter()
            .any(|p| p.contains("ends early") && p.contains("2 of 3")),
        "{:?}",
        opened.problems
    );
    let kept = opened.kept_as.unwrap_or_else(|| panic!("kept aside"));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        &full[..cut],
        "the damaged file is kept as it was"
    );
}

#[test]
fn issue_6_garbage_workspace_is_refused_or_replaced_by_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    for garbage in [
        &b""[..],
        b"\x00\x01\x02garbage",
        b"{\"documents\": [",
        b"[1, 2, 3]\n",
    ] {
        std::fs::write(&path, garbage).unwrap();
        let err = newsmap_core::open_workspace(&path)
            .err()
            .unwrap_or_else(|| panic!("refused"));
        assert!(err.to_string().contains("not a newsmap workspace"), "{err}");
        assert_eq!(
            std::fs::read(&path).unwrap_or_default(),
            garbage,
            "left as it is"
        );
    }
    // With a backup beside it, the backup is loaded and the garbage kept.
    newsmap_core::save_workspace(&path, &sample_workspace()).unwrap();
    newsmap_core::save_workspace(&path, &sample_workspace()).unwrap();
    std::fs::write(&path, b"garbage").unwrap();
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert_eq!(opened.workspace.documents.len(), 3);
    assert!(
        opened.problems[0].contains("previous version"),
        "{:?}",
        opened.problems
    );
    let kept = opened.kept_as.unwrap_or_else(|| panic!("kept"));
    assert_eq!(std::fs::read(kept).unwrap_or_default(), b"garbage");
    assert!(
        newsmap_core::open_workspace(&dir.path().join("none.newsmap"))
            .err()
            .is_some_and(|e| e.is_not_found())
    );
}

#[test]
fn issue_6_workspace_from_a_newer_version_loads_what_it_can() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    newsmap_core::save_workspace(&path, &sample_workspace()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let newer = text.replacen(
        "{\"newsmap_workspace\":3,",
        "{\"newsmap_workspace\":9,\"timeline_bookmarks\":[1,2],",
        1,
    );
    std::fs::write(&path, &newer).unwrap();
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert_eq!(opened.workspace.documents.len(), 3);
    assert!(
        opened.problems[0].contains("newer newsmap"),
        "{:?}",
        opened.problems
    );
    let kept = opened.kept_as.unwrap_or_else(|| panic!("kept"));
    assert_eq!(std::fs::read_to_string(kept).unwrap_or_default(), newer);
}

#[test]
fn issue_6_version_1_workspace_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.newsmap");
    let d = doc("a.txt", "Wire", FRONT);
    let v1 = serde_json::json!({
        "version": 1,
        "documents": [d],
        "corrections": [{"id": 4, "name": "Pokrovsk", "key": "pokrovsk", "scope": "workspace", "action": "not_a_place"}],
        "own_places": [tykhozavodsk(gaz())],
    });
    std::fs::write(&path, serde_json::to_string_pretty(&v1).unwrap_or_default()).unwrap();
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.workspace.documents, vec![d]);
    assert_eq!(opened.workspace.corrections.list[0].id, 4);
    assert_eq!(opened.workspace.own_places[0].name, "Tykhozavodsk");
    // Saved again, it is version 2.
    newsmap_core::save_workspace(&path, &opened.workspace).unwrap();
    let again = newsmap_core::open_workspace(&path).unwrap();
    assert_eq!(again.workspace, opened.workspace);
}

#[test]
fn issue_6_interrupted_write_leaves_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    let ws = sample_workspace();
    newsmap_core::save_workspace(&path, &ws).unwrap();
    // A process killed while writing leaves a partial temporary file: never read.
    let tmp = dir.path().join("w.newsmap.tmp");
    std::fs::write(&tmp, b"{\"newsmap_workspace\":2,\"docu").unwrap();
    assert_eq!(newsmap_core::open_workspace(&path).unwrap().workspace, ws);
    assert!(!tmp.exists(), "opening removes the stale temporary file");
    // A write that fails (here the temporary file cannot be created) changes nothing.
    std::fs::create_dir(&tmp).unwrap();
    let mut smaller = ws.clone();
    smaller.documents.clear();
    let err = newsmap_core::save_workspace(&path, &smaller)
        .err()
        .unwrap_or_else(|| panic!("fails"));
    assert!(
        err.to_string().contains("previous version is untouched"),
        "{err}"
    );
    assert_eq!(newsmap_core::open_workspace(&path).unwrap().workspace, ws);
}

/// Issue 16: a save appends what changed (the new documents, the state when it changed)
/// instead of writing the whole workspace again; a save cut off while appending loses
/// nothing saved before it, wherever it is cut.
#[test]
fn issue_16_saves_append_and_a_cut_off_append_loses_nothing_saved_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    let mut ws = sample_workspace();
    newsmap_core::save_workspace(&path, &ws).unwrap();
    let full_len = std::fs::metadata(&path).unwrap().len();
    let saved = ws.documents.len();
    // Documents added, the view changed.
    let added: Vec<Document> = (0..50)
        .map(|i| {
            doc(
                &format!("new{i}.txt"),
                "wire",
                &format!("Shelling near Kharkiv, day {i}."),
            )
        })
        .collect();
    ws.documents.extend(added.iter().cloned());
    ws.view = serde_json::json!({"zoom": 7});
    let bytes =
        newsmap_core::append_to_workspace(&path, saved, &records(&added), &[], Some(&ws.state()))
            .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        full_len + bytes,
        "only what changed was written"
    );
    // Nothing new: an end line only, a few bytes.
    let small =
        newsmap_core::append_to_workspace(&path, ws.documents.len(), &[], &[], None).unwrap();
    assert!(small < 20, "{small}");
    let opened = newsmap_core::open_workspace(&path).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.workspace, ws);
    // An append to a file not as the last save left it is refused: save in full.
    let stale =
        newsmap_core::append_to_workspace(&path, saved, &records(&added), &[], None).unwrap_err();
    assert!(matches!(
        stale,
        newsmap_core::WorkspaceError::NotAppendable { .. }
    ));

    // A save killed while appending, cut at every byte of what it appended: every
    // document of the earlier saves is read, with the state they left, whatever the cut.
    let before = std::fs::read(&path).unwrap();
    let more: Vec<Document> = (0..3)
        .map(|i| {
            doc(
                &format!("late{i}.txt"),
                "wire",
                &format!("Odesa, late report {i}."),
            )
        })
        .collect();
    let mut later = ws.clone();
    later.documents.extend(more.iter().cloned());
    later.corrections = Corrections::default();
    newsmap_core::append_to_workspace(
        &path,
        ws.documents.len(),
        &records(&more),
        &[],
        Some(&later.state()),
    )
    .unwrap();
    let after = std::fs::read(&path).unwrap();
    let cut_path = dir.path().join("cut.newsmap");
    for cut in (before.len()..after.len()).step_by(7) {
        std::fs::write(&cut_path, &after[..cut]).unwrap();
        let _ = std::fs::remove_file(newsmap_core::workspace_backup_path(&cut_path));
        let o = newsmap_core::parse_workspace(&String::from_utf8_lossy(&after[..cut])).unwrap();
        assert!(
            o.workspace.documents.len() >= ws.documents.len(),
            "cut at {cut}: {} documents",
            o.workspace.documents.len()
        );
        assert_eq!(
            o.workspace.documents[..ws.documents.len()],
            ws.documents[..]
        );
        if cut > before.len() {
            assert!(!o.problems.is_empty(), "a cut-off save is reported");
        }
        // The next save of the app would find the file not appendable and write it whole.
        assert!(
            newsmap_core::append_to_workspace(&cut_path, later.documents.len(), &[], &[], None)
                .is_err()
        );
    }
    let whole = newsmap_core::open_workspace(&path).unwrap();
    assert_eq!(whole.workspace, later);
}

/// `n` documents, made as a reader makes them but without reading them again for
/// boilerplate and language (which would take the test minutes).
fn records(docs: &[Document]) -> Vec<newsmap_core::DocumentRecord<'_>> {
    docs.iter().map(Into::into).collect()
}

fn many_documents(n: usize, tag: &str) -> Vec<Document> {
    let model = doc("model.txt", "wire", "Shelling near Kharkiv and Sumy.");
    (0..n)
        .map(|i| Document {
            path: format!("{tag}{i}.txt"),
            text: format!("Report {tag}{i}: shelling near Kharkiv and Sumy, officials said."),
            ..model.clone()
        })
        .collect()
}

/// The child of [`issue_16_a_kill_during_a_save_at_100000_documents_loses_nothing`]: saves
/// the workspace it is given again and again, in full and by appending, until killed.
#[test]
#[ignore = "run as a child process by the kill test"]
fn issue_16_kill_test_child_saves_until_killed() {
    let Ok(path) = std::env::var("NEWSMAP_KILL_TEST_WORKSPACE") else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    let mut ws = newsmap_core::open_workspace(&path).unwrap().workspace;
    for round in 0.. {
        let saved = ws.documents.len();
        let more = many_documents(2_000, &format!("r{round}-"));
        ws.documents.extend(more.iter().cloned());
        if round % 3 == 2 {
            newsmap_core::save_workspace(&path, &ws).unwrap();
        } else {
            let records: Vec<newsmap_core::DocumentRecord<'_>> =
                more.iter().map(Into::into).collect();
            newsmap_core::append_to_workspace(&path, saved, &records, &[], Some(&ws.state()))
                .unwrap();
        }
    }
}

/// Issue 16: a process killed while it saves a workspace of 100,000 documents (in full or
/// appending) loses none of them: the file, or its backup, opens with every one.
#[test]
fn issue_16_a_kill_during_a_save_at_100000_documents_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.newsmap");
    let ws = Workspace {
        documents: many_documents(100_000, "d"),
        ..sample_workspace()
    };
    newsmap_core::save_workspace(&path, &ws).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut most = 0;
    for delay_ms in [150u64, 400, 900, 1500] {
        let mut child = std::process::Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "issue_16_kill_test_child_saves_until_killed",
            ])
            .env("NEWSMAP_KILL_TEST_WORKSPACE", &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap();
        child.wait().unwrap();
        let opened = newsmap_core::open_workspace(&path).unwrap();
        let docs = &opened.workspace.documents;
        assert!(docs.len() >= 100_000, "after {delay_ms} ms: {}", docs.len());
        assert_eq!(docs[..100_000], ws.documents[..], "after {delay_ms} ms");
        assert_eq!(opened.workspace.own_places, ws.own_places);
        most = most.max(docs.len());
        // What the next run would do: save what it opened, in full.
        newsmap_core::save_workspace(&path, &opened.workspace).unwrap();
    }
    assert!(most > 100_000, "the child saved before it was killed");
}

/// Issue 16: a workspace saved with its mentions is restored without geoparsing again while
/// the geoparser and gazetteer are the same (their fingerprint), and geoparsed again when
/// they are not; corrections saved in the mentions are taken back, to be applied again.
#[test]
fn issue_16_restore_takes_the_saved_mentions_while_the_fingerprint_holds() {
    let g = gaz();
    let parser = Geoparser::new(g);
    let options = newsmap_core::Options::default();
    let text = "Shelling was reported in Kharkiv overnight.";
    let d = doc("a.txt", "wire", text);
    let mut mentions = parser.parse(text);
    assert_eq!(mentions.len(), 1);
    // A mention the geoparser would never find ("Shelling"), to tell saved from parsed.
    let mut odd = mentions[0].clone();
    odd.start = 0;
    odd.end = "Shelling".len();
    mentions.insert(0, odd);
    let fingerprint = newsmap_core::geoparse_fingerprint(g, &options);
    assert_eq!(fingerprint, newsmap_core::geoparse_fingerprint(g, &options));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.newsmap");
    let save = |engine: &str| {
        let record = newsmap_core::DocumentRecord {
            document: &d,
            mentions: Some((engine, mentions.as_slice())),
        };
        newsmap_core::save_workspace_parts(&path, &Workspace::default().state(), &[record])
            .unwrap();
        newsmap_core::open_workspace(&path).unwrap()
    };
    let mut opened = save(&fingerprint);
    let restored = newsmap_core::restore_documents(&parser, g, options, &mut opened);
    assert_eq!(restored[0].mentions, mentions, "taken as saved");
    // Mentions found again later (with the collection's context) are appended and win.
    let one = &mentions[1..];
    let update = newsmap_core::MentionsUpdate {
        index: 0,
        engine: &fingerprint,
        mentions: one,
    };
    newsmap_core::append_to_workspace(&path, 1, &[], &[update], None).unwrap();
    let mut opened = newsmap_core::open_workspace(&path).unwrap();
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    let restored = newsmap_core::restore_documents(&parser, g, options, &mut opened);
    assert_eq!(restored[0].mentions, one, "the update wins");
    let mut opened = save("another engine");
    let restored = newsmap_core::restore_documents(&parser, g, options, &mut opened);
    assert_eq!(restored[0].mentions.len(), 1, "geoparsed again");
    assert_eq!(
        &text[restored[0].mentions[0].start..restored[0].mentions[0].end],
        "Kharkiv"
    );
    // Another option, another fingerprint.
    let demonyms = newsmap_core::Options {
        demonyms: true,
        ..options
    };
    assert_ne!(
        newsmap_core::geoparse_fingerprint(g, &demonyms),
        fingerprint
    );
}
