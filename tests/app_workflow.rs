//! Issue 6 in the desktop app, driven headless with egui_kittest: correct a match from the
//! excerpts (another candidate, not a place, a point on the map), undo, add a place, and
//! find everything again after a restart.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod common;

use common::{
    article, click_map, harness_with_workspace, load, loaded_with, place_names, step_until,
};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use newsmap::app::correct::describe_place;

const FRONT: &str = "Russian forces pressed towards Pokrovsk in the Donetsk region on Tuesday.\n\
     Residents of Pokrovsk said the shelling had not stopped. Kurakhove was quiet.\n";

/// Opens the correction window on the first excerpt of the place named `name`.
fn correct_first_excerpt(
    h: &mut egui_kittest::Harness<'static, newsmap::app::NewsmapApp>,
    name: &str,
) {
    h.get_by_label_contains(&format!("{name}  (")).click();
    h.step();
    h.step();
    let buttons = h.query_all_by_label("Correct...").count();
    assert!(buttons > 0, "a Correct... button beside each excerpt");
    h.query_all_by_label("Correct...")
        .next()
        .unwrap_or_else(|| panic!("Correct..."))
        .click();
    h.step();
    h.step();
    assert!(
        h.state().views.correction.draft.is_some(),
        "the correction window is open"
    );
    h.get_by_label_contains("Apply to:");
}

#[test]
fn issue_6_reassign_a_mention_to_another_candidate() {
    let (_dir, mut h) = loaded_with("front.txt", FRONT);
    correct_first_excerpt(&mut h, "Pokrovsk");
    let (target, chosen, other) = {
        let app = h.state();
        let g = app.gazetteer().unwrap_or_else(|| panic!("gazetteer"));
        let target = app
            .views
            .correction
            .draft
            .as_ref()
            .map(|d| d.target)
            .unwrap_or_default();
        let (_, m) = app
            .model
            .collection
            .mention(target)
            .unwrap_or_else(|| panic!("mention"));
        let chosen = m
            .resolution
            .as_ref()
            .map(|r| r.place)
            .unwrap_or_else(|| panic!("resolved"));
        let other = m
            .candidates
            .iter()
            .map(|c| describe_place(g, c.place))
            .find(|d| *d != describe_place(g, chosen))
            .unwrap_or_else(|| panic!("another candidate"));
        (target, chosen, other)
    };
    // The candidates are listed with kind, region, country and population (the chosen one
    // also stands under "Now:").
    let now = describe_place(h.state().gazetteer().unwrap_or_else(|| panic!()), chosen);
    assert!(h.query_all_by_label_contains(&now).count() >= 2);
    h.get_by_label_contains(&other).hover();
    h.step();
    h.get_by_label_contains(&other).click();
    h.step();
    h.step();
    let app = h.state();
    assert!(app.views.correction.draft.is_none(), "the window closes");
    let g = app.gazetteer().unwrap_or_else(|| panic!("gazetteer"));
    let (_, m) = app
        .model
        .collection
        .mention(target)
        .unwrap_or_else(|| panic!("mention"));
    let now = m.resolution.as_ref().map(|r| describe_place(g, r.place));
    assert_eq!(now.as_deref(), Some(other.as_str()));
    assert!(m.correction.is_some());
    // Only this mention: the other "Pokrovsk" keeps the geoparser's choice.
    let others: Vec<_> = app.model.collection.documents[0]
        .mentions
        .iter()
        .filter(|m| m.surface(FRONT) == "Pokrovsk" && m.correction.is_none())
        .filter_map(|m| m.resolution.as_ref().map(|r| r.place))
        .collect();
    assert_eq!(others.len(), 1);
    assert_eq!(app.model.corrections.list.len(), 1);
    assert!(!app.map.corrected.is_empty(), "the corrected pin is marked");
    // Its excerpt says so under the place it now belongs to.
    let now_place = h
        .state()
        .model
        .collection
        .mention(target)
        .and_then(|(_, m)| m.resolution.as_ref().map(|r| r.place));
    h.state_mut().model.selected = now_place;
    h.run_steps(2);
    h.get_by_label("corrected by you");
    h.state_mut().views.corrections_list.open = true;
    h.run_steps(3);
    h.get_by_label_contains("Pokrovsk -> Pokrovsk (this mention)");
}

#[test]
fn issue_6_not_a_place_everywhere_then_undo_and_redo() {
    let (_dir, mut h) = loaded_with("front.txt", FRONT);
    assert!(place_names(&h).contains(&"Pokrovsk".to_string()));
    correct_first_excerpt(&mut h, "Pokrovsk");
    h.get_by_label("everywhere").click();
    h.step();
    h.get_by_label("Not a place").click();
    h.step();
    h.step();
    assert!(
        !place_names(&h).contains(&"Pokrovsk".to_string()),
        "{:?}",
        place_names(&h)
    );
    assert!(place_names(&h).contains(&"Kurakhove".to_string()));

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.step();
    h.step();
    assert!(place_names(&h).contains(&"Pokrovsk".to_string()), "undone");
    assert!(h.state().model.corrections.list.is_empty());

    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.step();
    h.step();
    assert!(!place_names(&h).contains(&"Pokrovsk".to_string()), "redone");

    // Edit > Corrections lists it, and Revert takes it back.
    h.state_mut().views.corrections_list.open = true;
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("Pokrovsk is not a place (everywhere)")
            .count()
            >= 1
    );
    h.get_by_label("Revert").click();
    h.step();
    h.step();
    assert!(
        place_names(&h).contains(&"Pokrovsk".to_string()),
        "reverted"
    );
}

#[test]
fn issue_6_add_a_place_the_gazetteer_lacks() {
    // A hamlet no gazetteer holds (the register's villages are all bundled since issue 13).
    let text = "Ukrainian troops entered Tykhozavodsk in August, south of Orikhiv.\n";
    let (_dir, mut h) = loaded_with("robotyne.txt", text);
    step_until(&mut h, "the region shapes", |a| a.has_regions());
    assert!(!place_names(&h).contains(&"Tykhozavodsk".to_string()));
    h.get_by_label("Edit").click();
    h.run_steps(4);
    h.get_by_label("Your places...").click();
    h.step();
    h.step();
    let fields = [
        ("own_name", "Tykhozavodsk"),
        ("own_aliases", "Тихозаводськ, Тихозаводск"),
        ("own_lat", "47.445"),
        ("own_lon", "35.835"),
    ];
    for (field, value) in fields {
        let form = h
            .state_mut()
            .views
            .own_places
            .form
            .as_mut()
            .unwrap_or_else(|| panic!("form"));
        match field {
            "own_name" => form.name = value.into(),
            "own_aliases" => form.aliases = value.into(),
            "own_lat" => form.lat = value.into(),
            _ => form.lon = value.into(),
        }
    }
    h.step();
    h.get_by_label("Add place").click();
    h.step();
    step_until(&mut h, "geoparsing with the new place", |a| !a.is_loading());
    step_until(&mut h, "the places", |a| {
        a.gazetteer().is_some_and(|g| {
            a.derived
                .places
                .iter()
                .any(|pm| g.place(pm.place).name == "Tykhozavodsk")
        })
    });
    let app = h.state();
    assert_eq!(app.model.own_places.len(), 1);
    assert_eq!(
        app.model.own_places[0].country, "UA",
        "region taken from the point"
    );
    h.get_by_label_contains("1 of your places");
    h.get_by_label_contains("Tykhozavodsk · city · 47.4450°, 35.8350° · Zaporizhzhia Oblast");
}

#[test]
fn issue_6_place_a_mention_by_clicking_the_map() {
    let text = "Fighting continued near Pokrovsk on Sunday, and Pokrovsk was shelled.\n";
    let (_dir, mut h) = loaded_with("click.txt", text);
    step_until(&mut h, "the region shapes", |a| a.has_regions());
    correct_first_excerpt(&mut h, "Pokrovsk");
    let target = h
        .state()
        .views
        .correction
        .draft
        .as_ref()
        .map(|d| d.target)
        .unwrap_or_default();
    if let Some(d) = h.state_mut().views.correction.draft.as_mut() {
        d.new_name = "Pokrovsk mine 3".into();
    }
    h.get_by_label("Place it on the map").click();
    h.step();
    assert!(h.state().map.picking);
    h.state_mut().map.set_view(37.2, 48.3, 9.0);
    h.step();
    h.step();
    click_map(&mut h, 37.25, 48.25);
    step_until(&mut h, "geoparsing with the new place", |a| !a.is_loading());
    h.step();
    let app = h.state();
    assert!(!app.map.picking);
    assert_eq!(app.model.own_places.len(), 1);
    let p = &app.model.own_places[0];
    assert_eq!(p.name, "Pokrovsk mine 3");
    assert!(
        (p.lat - 48.25).abs() < 0.01 && (p.lon - 37.25).abs() < 0.01,
        "{p:?}"
    );
    assert_eq!(p.country, "UA", "region taken from the point");
    assert!(!p.find_in_text);
    let g = app.gazetteer().unwrap_or_else(|| panic!("gazetteer"));
    let ids: Vec<Option<String>> = app.model.collection.documents[0]
        .mentions
        .iter()
        .filter(|m| m.surface(text) == "Pokrovsk")
        .map(|m| m.resolution.as_ref().map(|r| g.place(r.place).id.clone()))
        .collect();
    assert_eq!(ids.len(), 2);
    let this = app
        .model
        .collection
        .mention(target)
        .and_then(|(_, m)| m.resolution.as_ref().map(|r| g.place(r.place).id.clone()));
    assert_eq!(this, Some(p.id.clone()), "this mention is placed there");
    assert_eq!(
        ids.iter()
            .filter(|id| id.as_deref() == Some(p.id.as_str()))
            .count(),
        1,
        "the other mention keeps its place"
    );
}

#[test]
fn issue_6_workspace_survives_a_restart_without_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("analysis.newsmap");
    let (adir, path) = article("front.txt", FRONT);
    {
        let mut h = harness_with_workspace(Some(ws.clone()));
        load(&mut h, &[path]);
        correct_first_excerpt(&mut h, "Kurakhove");
        h.get_by_label("Not a place").click();
        h.step();
        h.state_mut().model.state.filter.query = "pokrovsk".into();
        h.state_mut().map.set_view(37.1, 48.3, 8.0);
        h.step();
        let saved = newsmap::app::session::save_now(h.state_mut());
        assert!(saved.is_ok(), "{saved:?}");
    }
    // The article's file is gone; the workspace holds its text.
    drop(adir);
    let mut h = harness_with_workspace(Some(ws.clone()));
    step_until(&mut h, "the workspace", |a| {
        a.session.restoring.is_none() && !a.model.collection.documents.is_empty()
    });
    step_until(&mut h, "the places", |a| !a.derived.places.is_empty());
    let app = h.state();
    assert_eq!(app.model.collection.documents.len(), 1);
    assert_eq!(app.model.collection.documents[0].doc.text, FRONT);
    assert_eq!(app.model.corrections.list.len(), 1);
    assert_eq!(app.model.state.filter.query, "pokrovsk");
    let view = app.map.view().unwrap_or_default();
    assert!(
        (view.0 - 37.1).abs() < 1e-6 && (view.2 - 8.0).abs() < 1e-6,
        "{view:?}"
    );
    let kurakhove = app.model.collection.documents[0]
        .mentions
        .iter()
        .find(|m| m.surface(FRONT) == "Kurakhove")
        .unwrap_or_else(|| panic!("Kurakhove"));
    assert!(kurakhove.resolution.is_none() && kurakhove.correction.is_some());
    assert_eq!(app.session.path.as_deref(), Some(ws.as_path()));
    // A workspace a test (or an embedder) names is not remembered as the user's own.
    let pointer = newsmap::data_dir().map(|d| d.join("current-workspace"));
    let remembered = pointer
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    assert!(
        !remembered.contains(&ws.display().to_string()),
        "{remembered}"
    );
}

#[test]
fn issue_6_damaged_workspace_at_launch_is_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.newsmap");
    std::fs::write(&ws, "this is not a workspace").unwrap();
    let mut h = harness_with_workspace(Some(ws.clone()));
    step_until(&mut h, "the workspace", |a| a.session.restoring.is_none());
    let app = h.state();
    let msg = app.model.messages.join("\n");
    assert!(
        msg.contains("not a newsmap workspace") && msg.contains("kept as"),
        "{msg}"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read_to_string(kept[0].path()).unwrap_or_default(),
        "this is not a workspace"
    );
}

#[test]
fn issue_6_export_from_the_app_all_or_the_current_filter() {
    use newsmap::ExportFormat;
    use newsmap::app::{PathPurpose, run_path_purpose};
    let (dir, mut h) = loaded_with("front.txt", FRONT);
    correct_first_excerpt(&mut h, "Kurakhove");
    h.get_by_label("Not a place").click();
    h.step();
    let all = dir.path().join("all");
    run_path_purpose(
        h.state_mut(),
        PathPurpose::Export(ExportFormat::Csv, false),
        all,
    );
    // Written on a thread of its own: the window says when it is done.
    let exported = |n: usize| {
        move |a: &newsmap::app::NewsmapApp| {
            a.model
                .messages
                .iter()
                .filter(|m| m.starts_with("Exported to"))
                .count()
                == n
        }
    };
    step_until(&mut h, "the export", exported(1));
    let csv = std::fs::read_to_string(dir.path().join("all.csv")).unwrap();
    assert!(csv.starts_with("document,title,source,date,surface,sentence,place_id"));
    let kurakhove = csv
        .lines()
        .find(|l| l.contains(",Kurakhove,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        kurakhove.ends_with(",true"),
        "the correction shows: {kurakhove}"
    );

    h.state_mut().model.state.filter.query = "residents".into();
    h.run_steps(2);
    let kml = dir.path().join("filtered.kml");
    run_path_purpose(
        h.state_mut(),
        PathPurpose::Export(ExportFormat::Kml, true),
        kml.clone(),
    );
    step_until(&mut h, "the export", exported(2));
    let kml = std::fs::read_to_string(kml).unwrap();
    assert!(kml.contains("<kml") && kml.contains("Pokrovsk"));
    assert_eq!(
        kml.matches("<Placemark").count(),
        1,
        "only the place of the sentence the filter keeps: {kml}"
    );
    assert!(
        h.state()
            .model
            .messages
            .iter()
            .any(|m| m.starts_with("Exported to"))
    );
}

#[test]
fn issue_11_damaged_workspace_opens_its_complete_backup_and_offers_the_other() {
    use newsmap::ingest::{Document, Format, Meta};
    let dir = tempfile::tempdir().unwrap();
    let ws_path = dir.path().join("w.newsmap");
    let docs: Vec<Document> = ["Kharkiv", "Sumy", "Odesa"]
        .iter()
        .map(|t| {
            Document::new(
                format!("/gone/{t}.txt"),
                Format::Text,
                format!("Air raid sirens sounded in {t} overnight."),
                Meta::default(),
            )
        })
        .collect();
    let ws = newsmap::Workspace {
        documents: docs,
        ..Default::default()
    };
    for _ in 0..2 {
        newsmap::save_workspace(&ws_path, &ws).unwrap();
    }
    // Cut short after the first document, as a killed save would leave it.
    let full = std::fs::read(&ws_path).unwrap();
    let cut = full
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map_or(0, |(i, _)| i + 5);
    std::fs::write(&ws_path, &full[..cut]).unwrap();

    let mut h = harness_with_workspace(Some(ws_path.clone()));
    step_until(&mut h, "the workspace", |a| {
        a.session.restoring.is_none() && !a.model.collection.documents.is_empty()
    });
    assert_eq!(
        h.state().model.collection.documents.len(),
        3,
        "the complete backup"
    );
    let notice = h.state().workspace_notice.clone().unwrap_or_default();
    assert!(notice.0.contains("holds more"), "{notice:?}");
    // The window says it in full, and opens the damaged version on request.
    h.run_steps(2);
    h.get_by_label("Open the other version").click();
    h.step();
    step_until(&mut h, "the other version", |a| {
        a.session.restoring.is_none() && a.model.collection.documents.len() == 1
    });
    assert!(
        h.state().workspace_notice.is_none() || h.state().model.collection.documents.len() == 1
    );
}

#[test]
fn issue_11_copies_are_listed_under_the_excerpts_and_can_be_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.txt");
    std::fs::write(&bare, FRONT).unwrap();
    let page = dir.path().join("page.html");
    let body: String = FRONT.lines().map(|l| format!("<p>{l}</p>")).collect();
    std::fs::write(
        &page,
        format!(
            "<html><head><title>Front report</title><meta property=\"og:site_name\" \
             content=\"Kyiv Wire\"><meta property=\"article:published_time\" \
             content=\"2024-11-19\"></head><body><article>{body}</article></body></html>"
        ),
    )
    .unwrap();
    let mut h = common::harness();
    load(&mut h, &[bare, page]);
    step_until(&mut h, "the places", |a| !a.derived.places.is_empty());
    assert_eq!(h.state().model.collection.documents.len(), 2);
    assert_eq!(
        h.state().model.collection.copies(),
        vec![(0, 1)],
        "the page is shown"
    );
    let pokrovsk = h
        .state()
        .derived
        .places
        .iter()
        .find(|p| {
            h.state()
                .gazetteer()
                .is_some_and(|g| g.place(p.place).name == "Pokrovsk")
        })
        .map(|p| (p.place, p.mentions.len()));
    let Some((place, once)) = pokrovsk else {
        panic!("no Pokrovsk pin");
    };
    h.state_mut().select_place(place, true);
    h.run_steps(2);
    // The excerpt says where else the article was loaded.
    h.get_by_label_contains("also in: bare.txt");
    // "Not the same": the bare text is shown on its own, its places counted.
    h.get_by_label_contains("1 copy of other documents").click();
    h.run_steps(2);
    h.get_by_label("Not the same").click();
    step_until(&mut h, "the places again", |a| {
        a.model.collection.copies().is_empty()
    });
    step_until(&mut h, "the places rebuilt", |a| {
        a.derived
            .places
            .iter()
            .any(|p| p.place == place && p.mentions.len() == 2 * once)
    });
    assert_eq!(h.state().model.collection.kept_apart().len(), 1);
}

/// Issue 13: File > Add gazetteer adds a GeoNames dump of the user's own; the loaded
/// articles are geoparsed again with it, the status line says what it gave, and the
/// workspace names the file.
#[test]
fn issue_13_add_a_gazetteer_file() {
    let (dir, mut h) = loaded_with(
        "note.txt",
        "Shelling hit Tykhozavodsk overnight, officials in Zaporizhzhia said.\n",
    );
    assert!(!place_names(&h).contains(&"Tykhozavodsk".to_string()));
    let row = [
        "99000001",
        "Tykhozavodsk",
        "Tykhozavodsk",
        "Тихозаводськ",
        "47.40",
        "35.90",
        "P",
        "PPL",
        "UA",
        "",
        "26",
        "",
        "",
        "",
        "120",
        "",
        "80",
        "Europe/Kyiv",
        "2024-01-01",
    ]
    .join("\t");
    let file = dir.path().join("UA.txt");
    std::fs::write(&file, format!("{row}\nbroken row\n")).unwrap();
    // What the File menu's path window runs when the path is submitted.
    newsmap::app::run_path_purpose(
        h.state_mut(),
        newsmap::app::PathPurpose::AddGazetteer,
        file.clone(),
    );
    step_until(&mut h, "geoparsing with the added gazetteer", |a| {
        !a.is_loading() && a.is_derived()
    });
    assert!(
        place_names(&h).contains(&"Tykhozavodsk".to_string()),
        "{:?}",
        place_names(&h)
    );
    let said = h.state().model.messages.join("\n");
    assert!(
        said.contains("UA.txt: 1 place; skipped: 1 rows with fewer than 15 columns"),
        "{said}"
    );
    assert_eq!(
        newsmap::app::session::snapshot(h.state()).gazetteers,
        vec![file]
    );
    // A file that is not there is said so; nothing changes.
    newsmap::app::run_path_purpose(
        h.state_mut(),
        newsmap::app::PathPurpose::AddGazetteer,
        dir.path().join("missing.txt"),
    );
    assert!(
        h.state()
            .model
            .messages
            .last()
            .is_some_and(|m| m.starts_with("No such file"))
    );
    assert_eq!(h.state().model.gazetteer_files.len(), 1);
}

#[test]
fn issue_13_the_correction_window_tells_namesakes_apart_by_raion() {
    // A one-line note naming a village with namesakes in three oblasts: the correction
    // window lists each with its raion and oblast, and says which are approximate.
    let (_dir, mut h) = loaded_with("note.txt", "Novokaterynivka\n");
    correct_first_excerpt(&mut h, "Novokaterynivka");
    let app = h.state();
    let g = app.gazetteer().unwrap_or_else(|| panic!("gazetteer"));
    let m = &app.model.collection.documents[0].mentions[0];
    let lines: Vec<String> = m
        .candidates
        .iter()
        .map(|c| describe_place(g, c.place))
        .collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Kalmiuske Raion · Donetsk Oblast")
                && l.contains("approximate, within")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Mykolaiv Oblast")),
        "{lines:?}"
    );
    for line in &lines {
        assert!(
            h.query_all_by_label_contains(line).count() >= 1,
            "{line} is offered"
        );
    }
}

/// Issue 16: after the first save, saving appends what changed (the documents added, the
/// state when it changed) instead of rewriting the whole workspace, and a restart gives
/// everything back.
#[test]
fn issue_16_saves_append_what_changed_and_a_restart_gives_everything_back() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("analysis.newsmap");
    let (_adir, first) = article("front.txt", FRONT);
    let (_bdir, second) = article("odesa.txt", "Drones struck Odesa overnight.\n");
    let (_cdir, third) = article("lviv.txt", "Sirens sounded in Lviv at dawn.\n");
    {
        let mut h = harness_with_workspace(Some(ws.clone()));
        step_until(&mut h, "the workspace", |a| a.session.restoring.is_none());
        load(&mut h, &[first]);
        newsmap::app::session::save_now(h.state_mut()).unwrap();
        let appends = h.state().session.appends;
        let first_save = std::fs::read(&ws).unwrap();
        load(&mut h, &[second]);
        newsmap::app::session::save_now(h.state_mut()).unwrap();
        assert_eq!(
            h.state().session.appends,
            appends + 1,
            "appended, not rewritten"
        );
        let now = std::fs::read(&ws).unwrap();
        assert!(
            now.starts_with(&first_save),
            "the first save's bytes are untouched"
        );
        let added = String::from_utf8_lossy(&now[first_save.len()..]).into_owned();
        assert!(added.contains("Drones struck Odesa"), "{added}");
        assert!(
            !added.contains("Kurakhove"),
            "the first document is not written again"
        );
        // A change of state only: a state line.
        h.state_mut().model.state.filter.query = "odesa".into();
        newsmap::app::session::save_now(h.state_mut()).unwrap();
        assert_eq!(h.state().session.appends, appends + 2);
        load(&mut h, &[third]);
        newsmap::app::session::save_now(h.state_mut()).unwrap();
        assert_eq!(h.state().session.appends, appends + 3);
    }
    let mut h = harness_with_workspace(Some(ws.clone()));
    step_until(&mut h, "the workspace", |a| {
        a.session.restoring.is_none() && a.model.collection.documents.len() == 3
    });
    assert_eq!(h.state().model.state.filter.query, "odesa");
    let texts: Vec<&str> = h
        .state()
        .model
        .collection
        .documents
        .iter()
        .map(|d| d.doc.text.as_str())
        .collect();
    assert_eq!(texts[0], FRONT);
    assert!(texts[2].contains("Lviv"));
    // Restored whole: the next save appends to the file as it is.
    let appends = h.state().session.appends;
    h.state_mut().model.state.filter.query = "lviv".into();
    newsmap::app::session::save_now(h.state_mut()).unwrap();
    assert_eq!(h.state().session.appends, appends + 1);
}

/// Issue 16: while a workspace is read, the status line shows how far it is, and a search
/// typed meanwhile stands when the documents arrive (the saved one does not replace it).
#[test]
fn issue_16_a_search_typed_while_restoring_stands() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("typed.newsmap");
    let (_adir, path) = article("front.txt", FRONT);
    {
        let mut h = harness_with_workspace(Some(ws.clone()));
        load(&mut h, &[path]);
        h.state_mut().model.state.filter.query = "pokrovsk".into();
        h.step();
        let saved = newsmap::app::session::save_now(h.state_mut());
        assert!(saved.is_ok(), "{saved:?}");
    }
    let mut h = harness_with_workspace(Some(ws.clone()));
    assert!(h.state().session.restoring.is_some());
    assert!(h.state().session.restore_progress.is_some());
    h.step();
    // The engine is still loading the gazetteer: the workspace is not in yet; the status
    // line says how far the reading is, with no Cancel (the workspace is the window's).
    assert!(h.state().session.restoring.is_some());
    assert!(h.state().model.collection.documents.is_empty());
    h.step();
    h.get_by_label_contains("Reading");
    assert!(h.query_by_label("Cancel").is_none());
    h.state_mut().model.state.filter.query = "kurakhove".into();
    step_until(&mut h, "the workspace", |a| {
        a.session.restoring.is_none() && !a.model.collection.documents.is_empty()
    });
    let app = h.state();
    assert_eq!(
        app.model.state.filter.query, "kurakhove",
        "the typed search"
    );
    assert!(app.session.restore_progress.is_none());
    // Untouched, the saved search comes back.
    drop(h);
    let mut h = harness_with_workspace(Some(ws));
    step_until(&mut h, "the workspace", |a| {
        a.session.restoring.is_none() && !a.model.collection.documents.is_empty()
    });
    assert_eq!(h.state().model.state.filter.query, "pokrovsk");
}

/// Issue 16: a restart shows the documents first and groups their copies right after (on
/// the engine's thread): the copies come back as they were saved.
#[test]
fn issue_16_copies_are_grouped_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("copies.newsmap");
    let bare = dir.path().join("bare.txt");
    std::fs::write(&bare, FRONT).unwrap();
    let copy = dir.path().join("copy.txt");
    std::fs::write(&copy, FRONT).unwrap();
    {
        let mut h = harness_with_workspace(Some(ws.clone()));
        load(&mut h, &[bare, copy]);
        assert_eq!(h.state().model.collection.copies(), vec![(1, 0)]);
        let saved = newsmap::app::session::save_now(h.state_mut());
        assert!(saved.is_ok(), "{saved:?}");
    }
    let mut h = harness_with_workspace(Some(ws));
    step_until(&mut h, "the copies grouped", |a| {
        a.session.restoring.is_none()
            && a.model.collection.documents.len() == 2
            && !a.model.collection.awaits_grouping()
    });
    assert_eq!(h.state().model.collection.copies(), vec![(1, 0)]);
    step_until(&mut h, "the places", |a| !a.derived.places.is_empty());
}
