//! The desktop app, driven headless with egui_kittest: drop a file, find the place in the
//! list, click it, read the excerpt in the side panel.
#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsmap::ui::NewsmapApp;

#[derive(Debug)]
struct TestDrop(PathBuf);

impl eframe::egui::DroppedFile for TestDrop {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn harness() -> Harness<'static, NewsmapApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(|cc| {
            let mut app = NewsmapApp::new(&cc.egui_ctx, Vec::new());
            app.state.online_tiles = false;
            app
        })
}

/// Steps frames until `done` holds (the engine works on its own thread).
fn step_until(
    h: &mut Harness<'static, NewsmapApp>,
    what: &str,
    done: impl Fn(&NewsmapApp) -> bool,
) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.step();
}

/// An app with one article of `text`, dropped and loaded.
fn loaded_with(name: &str, text: &str) -> (tempfile::TempDir, Harness<'static, NewsmapApp>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let article = dir.path().join(name);
    std::fs::write(&article, text).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    drop_files(&mut h, &[article]);
    step_until(&mut h, "the load", |a| !a.is_loading());
    h.step();
    (dir, h)
}

fn drop_files(h: &mut Harness<'static, NewsmapApp>, paths: &[PathBuf]) {
    for p in paths {
        h.input_mut()
            .dropped_files
            .push(Arc::new(TestDrop(p.clone())));
    }
    h.step();
}

#[test]
fn dropped_article_shows_places_and_excerpts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let article = dir.path().join("front-report.txt");
    std::fs::write(
        &article,
        "Russian troops shelled Kurakhove overnight, officials in the Donetsk region said.\n\
         Residents of Kurakhove were told to leave. Kyiv promised help.\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let junk = dir.path().join("scan.txt");
    std::fs::write(&junk, b"\0\x01\x02binary\0").unwrap_or_else(|e| panic!("{e}"));

    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    drop_files(&mut h, &[article, junk]);
    step_until(&mut h, "the load", |a| !a.is_loading());

    assert_eq!(h.state().collection.documents.len(), 1);
    assert_eq!(
        h.state().collection.warnings.len(),
        1,
        "the binary file is reported"
    );
    h.get_by_label_contains("not a text file");

    // The places list, most mentioned first: Kurakhove (2).
    h.get_by_label_contains("Kurakhove  (2)").click();
    h.step();
    h.step();
    let selected = h
        .state()
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
    h.step();
    h.step();
    h.get_by_label_contains("Approximate: 10 km S of Kurakhove");
    h.get_by_label_contains("Troops took a village about 10 km south of Kurakhove");
}

/// Where no system file dialog exists, File > Open path... takes a typed path.
#[test]
fn open_path_from_the_menu() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let article = dir.path().join("odesa.txt");
    std::fs::write(&article, "Drones struck Odesa overnight.\n").unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    step_until(&mut h, "the gazetteer", |a| a.gazetteer().is_some());
    h.get_by_label("File").click();
    h.run_steps(4);
    h.get_by_label("Open path...").click();
    h.step();
    h.step();
    let field = h.get_by_role(egui::accesskit::Role::TextInput);
    field.focus();
    field.type_text(&article.display().to_string());
    h.step();
    h.get_by_label("Open").click();
    h.step();
    step_until(&mut h, "the load", |a| {
        !a.is_loading() && !a.collection.documents.is_empty()
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
    h.step();
    h.step();
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
    assert_eq!(h.state().reader.as_ref().map(|r| r.doc), Some(0));
    // The whole article, appeal included, is in the reader.
    h.get_by_label_contains("keep our bureau in Warsaw open");
    h.get_by_label("boilerplate (no pins)");
}
