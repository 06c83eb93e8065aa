//! The desktop app, driven headless with egui_kittest: drop a file, find the place in the
//! list, click it, read the excerpt in the side panel.
#![cfg(feature = "gui")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod common;

use std::time::{Duration, Instant};

use common::{click_map, drop_files, harness, loaded_with, place_names, step_until};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsmap::app::NewsmapApp;

/// Like [`loaded_with`], for tests that show the map's own place names, which include
/// letters the default font lacks (Azerbaijani "ə"): the app draws tofu for them.
fn loaded_allowing_tofu(
    name: &str,
    text: &str,
) -> (tempfile::TempDir, Harness<'static, NewsmapApp>) {
    let (dir, path) = common::article(name, text);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        .build_eframe(|cc| {
            let mut app = NewsmapApp::new(&cc.egui_ctx, Vec::new());
            app.model.state.online_tiles = false;
            app
        });
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    drop_files(&mut h, &[path]);
    step_until(&mut h, "the load", |a| !a.is_loading());
    (dir, h)
}

#[test]
fn dropped_article_shows_places_and_excerpts() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("front-report.txt");
    std::fs::write(
        &article,
        "Russian troops shelled Kurakhove overnight, officials in the Donetsk region said.\n\
         Residents of Kurakhove were told to leave. Kyiv promised help.\n",
    )
    .unwrap();
    let junk = dir.path().join("scan.txt");
    std::fs::write(&junk, b"\0\x01\x02binary\0").unwrap();

    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    drop_files(&mut h, &[article, junk]);
    step_until(&mut h, "the load", |a| !a.is_loading());

    assert_eq!(h.state().model.collection.documents.len(), 1);
    assert_eq!(
        h.state().model.collection.warnings.len(),
        1,
        "the binary file is reported"
    );
    // The status line says so; the import report says why.
    h.get_by_label("1 file skipped");
    h.get_by_label("Import report...").click();
    h.run_steps(2);
    h.get_by_label_contains("not a text file");
    h.state_mut().views.import_report.open = false;
    h.run_steps(2);

    // The places list, most mentioned first: Kurakhove (2).
    h.get_by_label_contains("Kurakhove  (2)").click();
    h.step();
    h.step();
    let selected = h
        .state()
        .model
        .selected
        .map(|p| h.state().gazetteer().map(|g| g.place(p).name.clone()));
    assert_eq!(selected.flatten().as_deref(), Some("Kurakhove"));

    // Both sentences naming it are in the side panel, under the file name.
    h.get_by_label_contains("Russian troops shelled Kurakhove overnight");
    h.get_by_label_contains("Residents of Kurakhove were told to leave.");
    h.get_by_label("front-report.txt");
}

#[test]
fn clicking_a_pin_selects_its_place() {
    let (_dir, mut h) = loaded_with("a.txt", "Explosions were heard in Kharkiv on Tuesday.\n");
    h.get_by_label("pin Kharkiv").click();
    h.step();
    h.step();
    h.get_by_label_contains("Explosions were heard in Kharkiv on Tuesday.");
}

/// Issue 3: a relative location is drawn as an approximate marker that leads to its
/// sentence.
#[test]
fn issue_3_relative_location_is_drawn_approximate() {
    let (_dir, mut h) = loaded_with(
        "village.txt",
        "Troops took a village about 10 km south of Kurakhove on Tuesday.\n",
    );
    h.get_by_label("approximate 10 km S of Kurakhove").click();
    common::step_until_shown(&mut h, "Approximate: 10 km S of Kurakhove");
    h.get_by_label_contains("Troops took a village about 10 km south of Kurakhove");
}

/// Issue 16: reports that place something at the same point ("10 km south of Kurakhove")
/// are one marker on the map, which says how many reports it stands for (an archive's
/// thousands were drawn on top of each other every frame: 200 MB of shapes a frame at a
/// million names).
#[test]
fn issue_16_one_marker_for_reports_placing_the_same_point() {
    let dir = tempfile::tempdir().unwrap();
    let days = ["Monday", "Tuesday", "Wednesday"];
    let paths: Vec<_> = days
        .iter()
        .map(|day| {
            let p = dir.path().join(format!("{day}.txt"));
            std::fs::write(
                &p,
                format!(
                    "Troops took a village about 10 km south of Kurakhove on {day}. \
                     The {day} report counted {} shells.\n",
                    day.len() * 7
                ),
            )
            .unwrap();
            p
        })
        .collect();
    let mut h = harness();
    common::load(&mut h, &paths);
    step_until(&mut h, "the places", |a| a.is_derived());
    h.run_steps(2);
    let marks = &h.state().derived.relatives;
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0].mentions, 3);
    assert_eq!(
        h.get_all_by_label("approximate 10 km S of Kurakhove")
            .count(),
        1
    );
    h.get_by_label("approximate 10 km S of Kurakhove").hover();
    common::step_until_shown(&mut h, "and 2 more reports");
}

/// Chooses `item` in the File menu and types `path` into the window it opens.
fn open_from_the_menu(h: &mut Harness<'static, NewsmapApp>, item: &str, path: &std::path::Path) {
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label(item).click();
    // The window opens once the menu's command is applied, and is laid out a frame later.
    for _ in 0..10 {
        if h.get_all_by_role(egui::accesskit::Role::TextInput).count() > 1 {
            break;
        }
        h.step();
    }
    // The path field is the last text input (the search box is the first).
    let fields: Vec<_> = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .collect();
    let Some(field) = fields.last() else {
        panic!("no path field");
    };
    field.focus();
    field.type_text(&path.display().to_string());
    h.step();
    h.get_by_label("Open").click();
    h.step();
}

/// Where no system file dialog exists, File > Open path... takes a typed path.
#[test]
fn open_path_from_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("odesa.txt");
    std::fs::write(&article, "Drones struck Odesa overnight.\n").unwrap();
    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    open_from_the_menu(&mut h, "Open path...", &article);
    step_until(&mut h, "the load", |a| {
        !a.is_loading() && !a.model.collection.documents.is_empty()
    });
    h.get_by_label_contains("Odesa  (1)");
}

/// Issue 4: a saved web page shows its title, and its source and date under it.
#[test]
fn web_page_excerpts_show_title_source_and_date() {
    let page = "<html><head><meta property=\"og:title\" content=\"Kharkiv under fire\">\
        <meta property=\"og:site_name\" content=\"Example News\">\
        <meta property=\"article:published_time\" content=\"2024-11-19T08:00:00Z\"></head>\
        <body><nav>Home World</nav><article><p>Explosions were heard in Kharkiv on Tuesday, \
        the mayor said, and air defences were active over the city for an hour.</p>\
        <p>Officials said the strikes damaged power lines and a school in the north of the city.</p>\
        </article></body></html>";
    let (_dir, mut h) = loaded_with("page.html", page);
    h.get_by_label("pin Kharkiv").click();
    common::step_until_shown(&mut h, "Kharkiv under fire");
    h.get_by_label("Kharkiv under fire");
    h.get_by_label("Example News \u{b7} 2024-11-19");
}

/// Issues 4 and 5: clicking an excerpt opens the whole article at that sentence; the
/// appeal is there, greyed, and makes no pin; clicking a name in the reader selects it.
#[test]
fn excerpt_opens_the_article_reader() {
    let text = "Explosions were heard in Kharkiv on Tuesday, the mayor said.\n\
        Officials in Kyiv said the strikes damaged power lines.\n\
        A Message from Our Newsroom:\n\
        Dear readers, we need your support to keep our bureau in Warsaw open.\n\
        Remind me later.\n";
    let (_dir, mut h) = loaded_with("story.txt", text);
    let pins: Vec<String> = h
        .state()
        .derived
        .places
        .iter()
        .filter_map(|p| h.state().gazetteer().map(|g| g.place(p.place).name.clone()))
        .collect();
    assert!(!pins.contains(&"Warsaw".to_string()), "{pins:?}");
    h.get_by_label("pin Kharkiv").click();
    h.step();
    h.step();
    h.get_by_label_contains("Explosions were heard in Kharkiv on Tuesday")
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().views.reader.open.as_ref().map(|r| r.doc), Some(0));
    // The whole article, appeal included, is in the reader.
    h.get_by_label_contains("keep our bureau in Warsaw open");
    h.get_by_label("boilerplate (no pins)");
}

/// An app with several dated articles from two sources (JSON Lines).
fn newsroom() -> (tempfile::TempDir, Harness<'static, NewsmapApp>) {
    let lines = [
        r#"{"title": "Drones over Kharkiv", "source": "Desk A", "date": "2024-11-18", "text": "Explosions were heard in Kharkiv on Monday, the mayor said."}"#,
        r#"{"title": "Port struck", "source": "Desk B", "date": "2024-11-19", "text": "Russian drones struck the port of Odesa overnight, officials said."}"#,
        r#"{"title": "Front report", "source": "Desk A", "date": "2024-11-20", "text": "Fighting continued near Pokrovsk and Myrnohrad in the Donetsk region on Wednesday."}"#,
    ];
    loaded_with("desk.jsonl", &lines.join("\n"))
}

/// Issue 5: typing in the search box narrows the places as you type.
#[test]
fn issue_5_search_filters_places_as_you_type() {
    let (_dir, mut h) = newsroom();
    assert!(place_names(&h).contains(&"Kharkiv".to_string()));
    let search = h.get_by_role(egui::accesskit::Role::TextInput);
    search.focus();
    h.step();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("odesa");
    h.step();
    h.step();
    assert_eq!(place_names(&h), ["Odesa"]);
    // Ctrl+F focuses the search box; Esc clears the selection.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.step();
}

/// Issue 5: the source filter and the timeline range narrow the places.
#[test]
fn issue_5_source_filter_and_timeline_range() {
    let (_dir, mut h) = newsroom();
    h.get_by_label("Filters").click();
    h.step();
    h.get_by_label("Source").click();
    h.step();
    h.step();
    h.get_by_label("Desk B").click();
    h.step();
    h.step();
    assert_eq!(place_names(&h), ["Odesa"]);
    h.get_by_label("Clear filters").click();
    h.step();
    h.step();
    assert!(place_names(&h).len() >= 4, "{:?}", place_names(&h));
    // A click on the timeline's middle day keeps that day's article only.
    h.get_by_label("timeline of article dates").click();
    h.step();
    h.step();
    assert_eq!(
        h.state().model.state.filter.dates,
        Some(("2024-11-19".to_string(), "2024-11-19".to_string()))
    );
    assert_eq!(place_names(&h), ["Odesa"]);
}

/// Issue 5: the region filter keeps the places of one region (the oblast itself and its
/// towns); clearing the filters brings the others back.
#[test]
fn issue_5_region_filter() {
    let (_dir, mut h) = newsroom();
    assert!(place_names(&h).contains(&"Kharkiv".to_string()));
    h.get_by_label("Filters").click();
    h.step();
    h.get_by_label("Region").click();
    h.step();
    h.step();
    h.get_by_label("Donetsk Oblast, Ukraine").click();
    h.step();
    h.step();
    assert_eq!(
        h.state().model.state.filter.region.as_deref(),
        Some("UA.05")
    );
    assert_eq!(place_names(&h), ["Donetsk Oblast", "Myrnohrad", "Pokrovsk"]);
    h.get_by_label("Clear filters").click();
    h.step();
    h.step();
    assert_eq!(h.state().model.state.filter.region, None);
    assert!(place_names(&h).len() >= 5, "{:?}", place_names(&h));
}

/// Issue 5: near places cluster at low zoom and split as the cluster is clicked.
#[test]
fn issue_5_clusters_expand_on_zoom() {
    let lines = r#"{"title": "Front report", "date": "2024-11-20", "text": "Fighting continued near Pokrovsk and Myrnohrad in the Donetsk region on Wednesday."}"#;
    let (_dir, mut h) = loaded_allowing_tofu("front.jsonl", lines);
    h.state_mut().map.set_view(37.2, 48.28, 5.0);
    h.step();
    h.step();
    assert!(
        h.query_by_label("pin Myrnohrad").is_none(),
        "clustered at zoom 5"
    );
    for _ in 0..4 {
        let Some(cluster) = h.query_by_label_contains("cluster of") else {
            break;
        };
        cluster.click();
        h.step();
        h.step();
    }
    assert!(h.state().map.zoom() > 5.0);
    h.get_by_label("pin Myrnohrad");
    h.get_by_label("pin Pokrovsk");
}

/// Issue 5: Esc closes the reader, then the excerpts.
#[test]
fn issue_5_escape_closes_reader_then_excerpts() {
    let (_dir, mut h) = newsroom();
    h.get_by_label("Odesa  (1)").click();
    h.step();
    h.step();
    h.get_by_label_contains("struck the port of Odesa").click();
    h.step();
    h.step();
    assert!(h.state().views.reader.open.is_some());
    h.key_press(egui::Key::Escape);
    h.step();
    assert!(h.state().views.reader.open.is_none());
    assert!(h.state().model.selected.is_some());
    h.key_press(egui::Key::Escape);
    h.step();
    assert!(h.state().model.selected.is_none());
}

/// Issue 5: a region named in the text is drawn as its outline; a click inside it (away
/// from any pin) selects it.
#[test]
fn issue_5_region_outline_is_clickable() {
    let text = "Shelling was reported across the Donetsk region on Tuesday, officials said.\n";
    let (_dir, mut h) = loaded_allowing_tofu("region.txt", text);
    // Wait for the region shapes (loaded beside the basemap).
    let start = Instant::now();
    while !h.state().has_regions() {
        assert!(start.elapsed() < Duration::from_secs(60), "region shapes");
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.state_mut().model.selected = None;
    h.state_mut().map.set_view(37.8, 48.0, 7.0);
    h.step();
    h.step();
    // Near Kramatorsk, in the north of the oblast, far from its pin.
    click_map(&mut h, 37.5, 48.75);
    let selected = h
        .state()
        .model
        .selected
        .and_then(|p| h.state().gazetteer().map(|g| g.place(p).name.clone()));
    assert_eq!(selected.as_deref(), Some("Donetsk Oblast"));
}

#[test]
fn issue_12_a_search_that_matches_nothing_says_so_not_drop_files() {
    let (_dir, mut h) = common::loaded_with(
        "front.txt",
        "Russian forces pressed towards Pokrovsk in the Donetsk region on Tuesday.",
    );
    common::step_until(&mut h, "the places", |a| !a.derived.places.is_empty());
    h.get_by_role(egui::accesskit::Role::TextInput).focus();
    h.step();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("no such place anywhere");
    common::step_until(&mut h, "the filtered places", |a| {
        a.derived.places.is_empty()
    });
    h.run_steps(2);
    h.get_by_label_contains("No place matches the search and filters in 1 document");
    assert!(
        h.query_by_label_contains("Drop article files").is_none()
            || h.state().model.collection.documents.is_empty()
    );
}

/// Issue 12: a focused search box at idle cost 10-20% CPU, its cursor's blink repainting the
/// whole app twice a second. Once the files are loaded and the filter applied, a focused
/// search box asks for no frame; a positive control: a changed filter asks for one.
#[test]
fn issue_12_focused_search_box_at_idle_asks_for_no_frames() {
    let (_dir, mut h) = common::loaded_with(
        "front.txt",
        "Russian forces pressed towards Pokrovsk in the Donetsk region on Tuesday.",
    );
    common::step_until(&mut h, "the places", |a| {
        !a.derived.places.is_empty() && !a.is_loading()
    });
    h.get_by_role(egui::accesskit::Role::TextInput).focus();
    h.step();
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("tuesday");
    h.step();
    assert!(
        h.ctx.has_requested_repaint(),
        "a changed filter asks for the frame that rebuilds the places"
    );
    h.run_steps(3);
    assert_eq!(h.state().model.state.filter.query, "tuesday");
    assert!(
        h.ctx.memory(|m| m.focused().is_some()),
        "the search box keeps the focus"
    );
    for _ in 0..3 {
        h.step();
        assert!(
            !h.ctx.has_requested_repaint(),
            "frames asked for at idle: {:?}",
            h.ctx.repaint_causes()
        );
    }
}

/// Issue 12: the import report is a window of its own, with counts by reason, a filter and
/// a button that copies the lines kept (with thousands of entries, three lines in the status
/// bar were no report).
#[test]
fn issue_12_import_report_counts_filters_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.txt"),
        "Shelling was reported in Kharkiv overnight.",
    )
    .unwrap();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("blank{i}.txt")), "").unwrap();
    }
    std::fs::write(
        dir.path().join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let mut h = common::harness();
    common::load(&mut h, &[dir.path().to_path_buf()]);
    assert_eq!(h.state().model.collection.warnings.len(), 4);
    h.get_by_label("Import report...").click();
    h.run_steps(2);
    h.get_by_label("4 files skipped, 0 documents read another way than usual");
    h.get_by_label("empty (3)");
    h.get_by_label("not text (1)").click();
    h.run_steps(2);
    assert!(h.query_by_label_contains("blank0.txt").is_none());
    h.get_by_label_contains("image.txt");
    // Copy what is kept: the one line.
    h.get_by_label("Copy 1 line").click();
    h.step();
    let copied: Vec<String> = h
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(
        copied[0].contains("image.txt") && copied[0].contains("not a text file"),
        "{copied:?}"
    );
    // Every reason again, narrowed by the filter.
    h.get_by_label("all (4)").click();
    h.run_steps(2);
    h.get_by_label_contains("blank0.txt");
    let role = egui::accesskit::Role::TextInput;
    h.get_by_role_and_label(role, "Filter:").focus();
    h.step();
    h.get_by_role_and_label(role, "Filter:").type_text("blank2");
    h.run_steps(2);
    assert!(h.query_by_label_contains("blank0.txt").is_none());
    h.get_by_label_contains("blank2.txt");
}

/// Issue 12: while files loaded with a search active, the map snapped back to the fitted view
/// after each zoom, again and again. Once the user moves the map during a load, it stays
/// where they put it, through the rest of the load and its end.
#[test]
fn issue_12_map_keeps_the_view_the_user_chose_while_loading() {
    let dir = tempfile::tempdir().unwrap();
    let towns = ["Kharkiv", "Odesa", "Kherson", "Sumy", "Poltava", "Dnipro"];
    // The app takes the engine's results a few dozen milliseconds a frame, so a load of a
    // few hundred files spans many frames.
    let body = "Officials said repairs to the power lines would take days. ".repeat(10);
    for i in 0..800 {
        let town = towns[i % towns.len()];
        std::fs::write(
            dir.path().join(format!("report{i:04}.txt")),
            format!("Report {i}: shelling was reported in {town} overnight. {body}"),
        )
        .unwrap();
    }
    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    h.state_mut().model.state.filter.query = "shelling".into();
    drop_files(&mut h, &[dir.path().to_path_buf()]);
    step_until(&mut h, "the first pins", |a| !a.derived.places.is_empty());
    if !h.state().is_loading() {
        // A machine fast enough to take in 800 files in one frame: nothing to test.
        return;
    }
    // The user zooms in on Kherson while the rest loads.
    h.state_mut().map.set_view(32.6, 46.6, 9.0);
    h.step();
    let chosen = h.state().map.view();
    step_until(&mut h, "the load", |a| !a.is_loading());
    h.run_steps(3);
    assert_eq!(
        h.state().map.view(),
        chosen,
        "the map stays where the user put it"
    );
    assert_eq!(h.state().model.collection.documents.len(), 800);
}

/// Issue 12 §5: a collection too large to derive within a frame is derived on a thread of
/// its own; the window keeps drawing the places it had until the new ones are there, and
/// the filter's result is the same as when it is derived in the frame.
#[test]
fn issue_12_large_collections_are_derived_off_the_ui_thread() {
    let (_dir, mut h) = newsroom();
    let here = place_names(&h);
    // Every collection counts as large from now on.
    h.state_mut().derive_here_below = 0;
    h.state_mut().model.state.filter.query = "odesa".into();
    h.step();
    common::step_until(&mut h, "the places derived on the thread", |a| {
        a.is_derived()
    });
    assert_eq!(place_names(&h), ["Odesa"]);
    h.get_by_label_contains("Odesa  (1)");
    h.state_mut().model.state.filter.query.clear();
    common::step_until(&mut h, "every place again", |a| a.is_derived());
    assert_eq!(place_names(&h), here);
}

/// Issue 13: a village of the register with no trustworthy point sits at its community's
/// centre; its excerpts say it is approximate, and how far it may lie.
#[test]
fn issue_13_an_approximate_village_says_so() {
    let (_dir, mut h) = common::loaded_with(
        "note.txt",
        "Russian forces shelled Tonenke, Donetsk region.\n",
    );
    h.get_by_label_contains("Tonenke  (1)").click();
    h.run_steps(2);
    h.get_by_label_contains("Approximate: the centre of its community, within");
    h.get_by_label_contains("Pokrovsk Raion");
    // Positive control: a town with its own point says nothing of the kind.
    let (_dir, mut h) = common::loaded_with("town.txt", "Shelling hit Kurakhove overnight.\n");
    h.get_by_label_contains("Kurakhove  (1)").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("Approximate: the centre of its community")
            .is_none()
    );
}

/// Issue 13: dropped together, the other reports say which Pavlivka a one-line note means
/// (the engine resolves it again once the load is done).
#[test]
fn issue_13_a_dropped_folder_says_where_its_namesake_is() {
    let dir = tempfile::tempdir().unwrap();
    let reports = [
        "Fighting went on near Pokrovsk and Myrnohrad, in the Donetsk region.",
        "Kramatorsk and Sloviansk came under missile fire overnight.",
        "Civilians were evacuated from Selydove and Kurakhove.",
        "Russian forces attacked Chasiv Yar and Toretsk.",
        "Shelling reported in Pavlivka.",
    ];
    for (i, text) in reports.iter().enumerate() {
        std::fs::write(dir.path().join(format!("r{i}.txt")), text).unwrap();
    }
    let mut h = harness();
    common::load(&mut h, &[dir.path().to_path_buf()]);
    common::step_until(&mut h, "the places derived", |a| a.is_derived());
    let app = h.state();
    let g = app.gazetteer().unwrap();
    let (_, m) = app
        .model
        .collection
        .documents
        .iter()
        .flat_map(|d| d.mentions.iter().map(move |m| (d, m)))
        .find(|(d, m)| m.surface(&d.doc.text) == "Pavlivka")
        .expect("the note's mention");
    let r = m.resolution.as_ref().expect("resolved");
    assert_eq!(g.place(r.place).admin1, "UA.05", "{}", r.reason);
    assert!(r.reason.contains("in this collection"), "{}", r.reason);
}

/// Issue 14: View > Place names > Українська shows the places' Ukrainian names in the
/// places list and the side panel; the excerpts keep the text as written; the choice is
/// part of the saved state.
#[test]
fn issue_14_place_names_in_the_chosen_language() {
    let (_dir, mut h) = loaded_with(
        "zvit.txt",
        "Російські війська обстріляли Покровськ на Донеччині. У Києві оголосили тривогу.\n",
    );
    h.get_by_label_contains("Kyiv  (1)");
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Place names").click();
    h.run_steps(2);
    h.get_by_label("Українська").click();
    h.run_steps(2);
    assert_eq!(h.state().model.state.names, newsmap::NameLanguage::Uk);
    step_until(&mut h, "the places in Ukrainian", |a| {
        a.is_derived()
            && a.gazetteer().map(|g| g.display_language()) == Some(newsmap::NameLanguage::Uk)
    });
    h.run_steps(2);
    h.get_by_label_contains("Київ  (1)").click();
    h.run_steps(3);
    h.get_by_label_contains("Донецька область");
    h.get_by_label_contains("У Києві оголосили тривогу.");
    let state = serde_json::to_value(&h.state().model.state).unwrap();
    assert_eq!(state["names"], "uk");
}

/// Issue 16: File > Open results... reads what `geoparse --format parquet` wrote: pins and
/// excerpts from the stored sentences, with the articles' titles; nothing geoparsed again.
#[test]
fn issue_16_open_results_from_the_menu() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    let lines = [
        serde_json::json!({"id": "r1", "title": "Night strikes", "date": "2024-06-01",
            "text": "Drones struck Kharkiv overnight. Officials in Sumy reported damage."}),
        serde_json::json!({"id": "r2", "title": "Morning report",
            "text": "Kharkiv was quiet in the morning."}),
    ];
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsmap"))
        .args([
            "geoparse", "--input", "jsonl", "--format", "parquet", "--output",
        ])
        .arg(&out)
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for l in &lines {
        writeln!(stdin, "{l}").unwrap();
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());

    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    open_from_the_menu(&mut h, "Open results...", &out);
    step_until(&mut h, "the results", |a| {
        !a.is_loading() && a.model.collection.documents.len() == 2
    });
    let docs = &h.state().model.collection.documents;
    assert_eq!(docs[0].doc.title.as_deref(), Some("Night strikes"));
    assert_eq!(
        docs[0].doc.text,
        "Drones struck Kharkiv overnight.\n\nOfficials in Sumy reported damage."
    );
    assert_said(&h, |m| m.contains("2 documents, 3 place names"));
    common::step_until_shown(&mut h, "Kharkiv  (2)");
    h.get_by_label_contains("Kharkiv  (2)").click();
    h.run_steps(3);
    h.get_by_label_contains("Night strikes");
    h.get_by_label_contains("Morning report");
}

/// Issue 16: Cancel stops an opening of results: the reader stops, the progress bar goes,
/// what came in stays, and nothing more arrives.
#[test]
fn issue_16_cancel_stops_opening_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    write_results(&out, 60_000);
    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    open_from_the_menu(&mut h, "Open results...", &out);
    step_until(&mut h, "the first documents", |a| {
        !a.model.collection.documents.is_empty()
    });
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    let kept = h.state().model.collection.documents.len();
    assert!(!h.state().is_loading());
    assert!(kept < 60_000, "{kept}");
    assert_said(&h, |m| m.contains("Stopped opening the results"));
    std::thread::sleep(Duration::from_millis(300));
    h.run_steps(5);
    assert_eq!(h.state().model.collection.documents.len(), kept);
}

/// Issue 16: an opening of results stops near the machine's memory (here a limit of 1 MB)
/// with what it has, and says so, rather than the system stopping the app.
#[test]
fn issue_16_opening_results_stops_near_the_memory_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    write_results(&out, 20_000);
    let mut h = harness();
    h.state_mut().results_memory_mb = Some(1);
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    open_from_the_menu(&mut h, "Open results...", &out);
    step_until(&mut h, "the opening to stop", |a| !a.is_loading());
    let kept = h.state().model.collection.documents.len();
    assert!(kept > 0 && kept < 20_000, "{kept}");
    assert_said(&h, |m| {
        m.contains("stopped at") && m.contains("near this machine's memory")
    });
}

/// Issue 16: the workspace names the results opened, not their documents, and opens them
/// again at the next launch as they were opened: the same sentence under twenty ids is
/// twenty reports, not one report and its copies (a relaunch on a million opened names
/// grouped them for two minutes; ten million made a 3.5 GB workspace). A file loaded beside
/// them is kept in the file as before; results moved away are said to be gone.
#[test]
fn issue_16_opened_results_come_back_after_a_restart_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    write_results(&out, 20);
    let ws = dir.path().join("ws.newsmap");
    let mut h = common::harness_with_workspace(Some(ws.clone()));
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    open_from_the_menu(&mut h, "Open results...", &out);
    step_until(&mut h, "the opening", |a| {
        !a.is_loading() && a.model.collection.documents.len() == 20
    });
    let file = dir.path().join("odesa.txt");
    std::fs::write(&file, "The port of Odesa was struck overnight.\n").unwrap();
    common::load(&mut h, &[file]);
    step_until(&mut h, "the places", |a| a.is_derived());
    let mentions_of = |h: &Harness<'static, NewsmapApp>, name: &str| {
        let app = h.state();
        let gaz = app.gazetteer().unwrap();
        app.derived
            .places
            .iter()
            .find(|p| gaz.place(p.place).name == name)
            .map_or(0, |p| p.mentions.len())
    };
    assert_eq!(mentions_of(&h, "Kharkiv"), 20);
    assert_eq!(mentions_of(&h, "Odesa"), 1);
    assert_eq!(h.state().model.collection.copy_count(), 0);
    // Where the user left the map.
    h.state_mut().map.set_view(30.52, 50.45, 7.0);
    h.run_steps(2);
    newsmap::app::session::save_now(h.state_mut()).unwrap();
    drop(h);
    // The file holds the loaded file's document; the results are named.
    assert_eq!(newsmap::workspace_document_count(&ws), Some(1));
    let opened = newsmap::open_workspace(&ws).unwrap();
    assert_eq!(opened.workspace.results.len(), 1);
    assert_eq!(opened.workspace.results[0].documents, 20);

    let mut again = common::harness_with_workspace(Some(ws.clone()));
    step_until(&mut again, "the restore", |a| {
        a.model.collection.documents.len() == 21 && !a.is_loading()
    });
    step_until(&mut again, "the places", |a| {
        a.is_derived() && !a.derived.places.is_empty()
    });
    assert_eq!(again.state().model.collection.copy_count(), 0);
    assert_eq!(mentions_of(&again, "Kharkiv"), 20);
    assert_eq!(mentions_of(&again, "Odesa"), 1);
    // The results opened again leave the map where it was (it is not fitted to them).
    let (lon, lat, zoom) = again.state().map.view().unwrap();
    assert!(
        (lon - 30.52).abs() < 0.01 && (lat - 50.45).abs() < 0.01 && (zoom - 7.0).abs() < 0.01,
        "{lon} {lat} {zoom}"
    );
    // Saved again: still named, not copied.
    newsmap::app::session::save_now(again.state_mut()).unwrap();
    drop(again);
    assert_eq!(newsmap::workspace_document_count(&ws), Some(1));

    // Moved away: the next launch says so, and keeps the rest.
    std::fs::rename(&out, dir.path().join("elsewhere")).unwrap();
    let mut moved = common::harness_with_workspace(Some(ws));
    step_until(&mut moved, "the restore", |a| {
        a.model.collection.documents.len() == 1 && !a.is_loading()
    });
    assert_said(&moved, |m| m.contains("are no longer at"));
}

/// A results folder of `n` one-name articles, written by the batch's writer.
fn write_results(out: &std::path::Path, n: usize) {
    let gaz = newsmap::Gazetteer::bundled().unwrap();
    let parser = newsmap::Geoparser::new(&gaz);
    let one = newsmap::geoparse_article(
        &parser,
        &newsmap::ArticleIn {
            id: "a".into(),
            text: "Drones struck Kharkiv overnight.".into(),
            meta: newsmap::ArticleMeta::default(),
        },
    );
    let mut writer = newsmap_arrow::ResultsWriter::create(out, false).unwrap();
    for i in 0..n {
        let mut a = one.clone();
        a.id = format!("a{i}");
        writer.push((&a).into()).unwrap();
    }
    writer.finish().unwrap();
}

/// Asserts that a message on the status line matches.
fn assert_said(h: &Harness<'static, NewsmapApp>, matches: impl Fn(&String) -> bool) {
    let messages = &h.state().model.messages;
    assert!(messages.iter().any(matches), "{messages:?}");
}
