//! What the app tests share: a headless app, dropping files on it, stepping frames until the
//! engine is done, clicking the map.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use eframe::egui;
use egui_kittest::Harness;
use newsmap::app::NewsmapApp;

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

/// The app with no workspace file, online tiles off.
pub fn harness() -> Harness<'static, NewsmapApp> {
    harness_with_workspace(None)
}

/// The app keeping its workspace at `workspace` (when given).
pub fn harness_with_workspace(workspace: Option<PathBuf>) -> Harness<'static, NewsmapApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| {
            let mut app = NewsmapApp::with_workspace(&cc.egui_ctx, Vec::new(), workspace.clone());
            app.model.state.online_tiles = false;
            app
        })
}

/// Steps frames until `done` holds (the engine works on its own thread).
pub fn step_until(
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

/// Drops files on the window.
pub fn drop_files(h: &mut Harness<'static, NewsmapApp>, paths: &[PathBuf]) {
    for p in paths {
        h.input_mut()
            .dropped_files
            .push(Arc::new(TestDrop(p.clone())));
    }
    h.step();
}

/// Writes an article of `text` to a new folder.
pub fn article(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Drops `paths` and waits until they are loaded.
pub fn load(h: &mut Harness<'static, NewsmapApp>, paths: &[PathBuf]) {
    step_until(h, "the gazetteer", |a| a.gazetteer().is_some());
    drop_files(h, paths);
    step_until(h, "the load", |a| !a.is_loading());
    h.step();
}

/// An app with one article of `text`, dropped and loaded.
pub fn loaded_with(name: &str, text: &str) -> (tempfile::TempDir, Harness<'static, NewsmapApp>) {
    let (dir, path) = article(name, text);
    let mut h = harness();
    load(&mut h, &[path]);
    (dir, h)
}

/// A primary click on the map at a point.
pub fn click_map(h: &mut Harness<'static, NewsmapApp>, lon: f64, lat: f64) {
    let Some(pos) = h.state().map.screen_pos(lon, lat) else {
        panic!("no projection yet");
    };
    let press = |pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.input_mut().events.push(egui::Event::PointerMoved(pos));
    h.step();
    h.input_mut().events.push(egui::Event::PointerMoved(pos));
    h.input_mut().events.push(press(true));
    h.step();
    h.input_mut().events.push(press(false));
    h.step();
    h.step();
}

/// The names in the places list, sorted.
pub fn place_names(h: &Harness<'static, NewsmapApp>) -> Vec<String> {
    let app = h.state();
    let Some(g) = app.gazetteer() else {
        return Vec::new();
    };
    let mut v: Vec<String> = app
        .derived
        .places
        .iter()
        .map(|pm| g.place(pm.place).name.clone())
        .collect();
    v.sort();
    v
}

/// Steps frames (at most ten) until a node whose label holds `label` is on screen.
pub fn step_until_shown(h: &mut Harness<'static, NewsmapApp>, label: &str) {
    use egui_kittest::kittest::Queryable;
    for _ in 0..10 {
        if h.query_by_label_contains(label).is_some() {
            return;
        }
        h.step();
    }
    eprintln!(
        "DEBUG selected={:?} places={:?}",
        h.state().model.selected,
        h.state()
            .derived
            .places
            .iter()
            .map(|p| (p.place, p.mentions.len()))
            .collect::<Vec<_>>()
    );
    h.get_by_label_contains(label);
}
