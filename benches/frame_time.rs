//! `cargo bench --bench frame_time`: CPU time of one UI frame of the desktop app with 10,000
//! places and 50,000 mentions loaded, at four zoom levels (headless, egui_kittest; the GPU's
//! share is not counted, and the accessibility tree, which the harness always builds and the
//! app builds only for a screen reader, is). The goal is under 8 ms per frame. It measures
//! once the gazetteer, the basemap and the region shapes are loaded.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use newsmap::PlaceKind;
use newsmap::app::NewsmapApp;
use newsmap::ingest::{Document, Format, Meta};
use newsmap::{Collection, ParsedDocument};
use newsmap::{Mention, Resolution};

const PLACES: usize = 10_000;
const MENTIONS_PER_PLACE: usize = 5;
const MENTIONS_PER_DOC: usize = 25;

/// Process CPU time (user + system, all threads), from /proc.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn main() {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        .build_eframe(|cc| {
            let mut app = NewsmapApp::new(&cc.egui_ctx, Vec::new());
            app.model.state.online_tiles = false;
            app
        });
    // The gazetteer, the basemap and the region and country shapes (loaded last, on their
    // own thread): measured before they are all there, a frame would draw no basemap, and
    // the loading thread's CPU time would be counted in the frames.
    let start = Instant::now();
    while h.state().gazetteer().is_none() || !h.state().has_regions() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "gazetteer and basemap"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    // FRAME_TIME_RESULTS=DIR: only the opening of that results folder is measured.
    if let Some(dir) = std::env::var_os("FRAME_TIME_RESULTS") {
        open_results(&mut h, dir.into());
        return;
    }
    let Some(gaz) = h.state().gazetteer() else {
        return;
    };
    // The 10,000 largest towns between Poland and the Urals.
    let mut ids: Vec<_> = gaz
        .places()
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind == PlaceKind::City
                && (20.0..50.0).contains(&p.lon)
                && (43.0..58.0).contains(&p.lat)
        })
        .map(|(i, p)| (p.population, i))
        .collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.truncate(PLACES);
    let places: Vec<_> = ids.iter().map(|&(_, i)| i as newsmap::PlaceId).collect();
    let coll = reports(
        gaz,
        &places,
        places.len() * MENTIONS_PER_PLACE,
        MENTIONS_PER_DOC,
        false,
    );
    let total = places.len() * MENTIONS_PER_PLACE;
    let n_docs = coll.documents.len();
    assert!(
        coll.warnings.is_empty(),
        "{} reports taken for duplicates",
        coll.warnings.len()
    );
    h.state_mut().set_collection(coll);
    h.step();
    h.step();
    println!(
        "frame time with {} places, {} mentions in {} documents:",
        h.state().derived.places.len(),
        total,
        n_docs
    );
    if std::env::var_os("FRAME_TIME_BARE").is_some() {
        h.state_mut().model.state.show_places = false;
        h.state_mut().model.state.show_timeline = false;
        println!("  (places list and timeline hidden)");
    }
    for zoom in [4.0, 6.0, 8.0, 11.0] {
        h.state_mut().map.set_view(36.0, 49.0, zoom);
        for _ in 0..3 {
            h.step();
        }
        let frames = 100;
        let cpu0 = cpu_time();
        let t0 = Instant::now();
        for f in 0..frames {
            // The view moves every frame, as when the user pans (a few pixels).
            let lon = 36.0 + 0.1 * f64::from(f % 3 + 1) * 2f64.powf(4.0 - zoom);
            h.state_mut().map.set_view(lon, 49.0, zoom);
            h.step();
        }
        let wall_ms = t0.elapsed().as_secs_f64() * 1000.0 / f64::from(frames);
        let cpu_ms = match (cpu0, cpu_time()) {
            (Some(a), Some(b)) => {
                format!("{:.1}", (b - a).as_secs_f64() * 1000.0 / f64::from(frames))
            }
            _ => "?".into(),
        };
        println!("  zoom {zoom:>4}: {wall_ms:6.2} ms wall, {cpu_ms} ms CPU per frame");
    }
    large(&mut h, &places);
    workspace_budgets(&mut h);
}

/// The process's peak resident memory so far, MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Issue 16: File > Open results... on the folder at `dir`, as the app does it (with a
/// workspace to save into): the time until the first pins, until every name is read (or
/// the opening stops), the names read a second, the process's peak memory, and what the
/// app said. `FRAME_TIME_RESULTS_SECS` bounds the wait (default 900 s).
fn open_results(h: &mut Harness<'_, NewsmapApp>, dir: std::path::PathBuf) {
    let Ok(ws) = tempfile::tempdir() else {
        return;
    };
    h.state_mut().session.path = Some(ws.path().join("results.newsmap"));
    let limit = std::env::var("FRAME_TIME_RESULTS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(900), Duration::from_secs);
    println!(
        "opening the results in {} (peak memory so far {:.0} MB):",
        dir.display(),
        peak_mb()
    );
    let said = h.state().model.messages.len();
    let t0 = Instant::now();
    h.state_mut().open_results(dir);
    let mut pins_s = None;
    let mut longest_ms = 0f64;
    let mut report = t0;
    while h.state().is_loading() && t0.elapsed() < limit {
        let f0 = Instant::now();
        h.step();
        longest_ms = longest_ms.max(f0.elapsed().as_secs_f64() * 1000.0);
        if pins_s.is_none() && !h.state().derived.places.is_empty() {
            pins_s = Some(t0.elapsed().as_secs_f64());
        }
        if report.elapsed() > Duration::from_secs(10) {
            report = Instant::now();
            let app = h.state();
            let names = names_in(app);
            println!(
                "  after {:>4.0} s: {} documents, {names} names ({:.0} names/s), {} places pinned; peak {:.0} MB",
                t0.elapsed().as_secs_f64(),
                app.model.collection.documents.len(),
                names as f64 / t0.elapsed().as_secs_f64(),
                app.derived.places.len(),
                peak_mb()
            );
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let read_s = t0.elapsed().as_secs_f64();
    let app = h.state();
    let names = names_in(app);
    println!(
        "  first pins after {:.1} s; {} after {read_s:.1} s: {} documents, {names} names ({:.0} names/s); the longest frame {longest_ms:.0} ms; peak memory {:.0} MB",
        pins_s.unwrap_or(f64::NAN),
        if app.is_loading() {
            "still reading"
        } else {
            "done"
        },
        app.model.collection.documents.len(),
        names as f64 / read_s,
        peak_mb()
    );
    for m in &app.model.messages[said..] {
        println!("  said: {m}");
    }
    let (derive_ms, _) = until_derived(h);
    let t0 = Instant::now();
    let frames = 20;
    for _ in 0..frames {
        h.step();
    }
    println!(
        "  then every place derived after {derive_ms:.0} ms ({} places pinned); a frame {:.1} ms",
        h.state().derived.places.len(),
        t0.elapsed().as_secs_f64() * 1000.0 / f64::from(frames)
    );
    // A search over the opened documents (the sentences, titles and sources).
    for query in ["kharkiv", "wire", ""] {
        h.state_mut().model.state.filter.query = query.to_string();
        let (ms, frame_ms) = until_derived(h);
        println!(
            "  search {query:?}: {ms:.0} ms to {} places, the longest frame meanwhile {frame_ms:.0} ms",
            h.state().derived.places.len()
        );
    }
    // A correction of the most mentioned place, everywhere ("not a place"), then undone.
    if let Some(first) = h
        .state()
        .derived
        .places
        .first()
        .and_then(|p| p.mentions.first())
    {
        let target = *first;
        for (what, edit) in [
            (
                "a correction everywhere",
                newsmap::app::model::Edit::Correct {
                    target,
                    reach: newsmap::app::model::Reach::Workspace,
                    action: newsmap::Action::NotAPlace,
                },
            ),
            ("its undo", newsmap::app::model::Edit::Undo),
        ] {
            let t0 = Instant::now();
            h.state_mut().edit(edit);
            let ui_ms = t0.elapsed().as_secs_f64() * 1000.0;
            let (derive_ms, frame_ms) = until_derived(h);
            println!(
                "  {what}: {ui_ms:.0} ms on the UI thread, then {derive_ms:.0} ms to the places ({}), the longest frame meanwhile {frame_ms:.0} ms",
                h.state().derived.places.len()
            );
        }
    }
    // Exports of everything, written on their thread.
    for (name, format) in [
        (
            "geojson",
            newsmap::ExportFormat::GeoJson(Default::default()),
        ),
        ("csv", newsmap::ExportFormat::Csv),
    ] {
        let out = ws.path().join(format!("all.{name}"));
        let said = h.state().model.messages.len();
        let t0 = Instant::now();
        newsmap::app::run_path_purpose(
            h.state_mut(),
            newsmap::app::PathPurpose::Export(format, false),
            out.clone(),
        );
        let ui_ms = t0.elapsed().as_secs_f64() * 1000.0;
        let longest_ms = steps_while(h, Duration::from_secs(900), 20, |a| {
            !a.model.messages[said..]
                .iter()
                .any(|m| m.starts_with("Exported") || m.starts_with("Cannot export"))
        });
        println!(
            "  export {name}: {:.1} s ({ui_ms:.0} ms on the UI thread, the longest frame meanwhile {longest_ms:.0} ms), {:.0} MB; peak memory {:.0} MB",
            t0.elapsed().as_secs_f64(),
            std::fs::metadata(&out).map_or(0, |m| m.len()) as f64 / 1e6,
            peak_mb()
        );
        let _ = std::fs::remove_file(&out);
    }
    // The workspace save that follows (the results are named in the workspace).
    let Some(path) = h.state().session.path.clone() else {
        return;
    };
    let before = h.state().session.saves;
    let t0 = Instant::now();
    h.state_mut().session.touch();
    let mut ui_ms = 0f64;
    while h.state().session.saves == before && t0.elapsed() < Duration::from_secs(900) {
        std::thread::sleep(Duration::from_millis(20));
        let a0 = Instant::now();
        newsmap::app::session::autosave(h.state_mut());
        ui_ms = ui_ms.max(a0.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "  saved into the workspace after {:.1} s ({ui_ms:.0} ms on the UI thread): {:.0} MB; peak memory {:.0} MB",
        t0.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map_or(0, |m| m.len()) as f64 / 1e6,
        peak_mb()
    );
    let docs = h.state().model.collection.documents.len();
    relaunch(h, &path, docs);
}

/// Issue 16's workspace budgets with the large collection loaded: the UI thread's share of
/// an automatic save (a full one, then appends after a document is added and after a filter
/// changes), the save's own time on its thread, the file's size, and a relaunch until the
/// pins are back.
fn workspace_budgets(h: &mut Harness<'_, NewsmapApp>) {
    use newsmap::app::session;
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let path = dir.path().join("budget.newsmap");
    h.state_mut().session.path = Some(path.clone());
    let docs = h.state().model.collection.documents.len();
    println!(
        "workspace with {docs} documents (peak memory so far {:.0} MB):",
        peak_mb()
    );
    let save = |h: &mut Harness<'_, NewsmapApp>, what: &str| {
        h.state_mut().session.touch();
        std::thread::sleep(Duration::from_millis(1100));
        let before = h.state().session.saves;
        let appends = h.state().session.appends;
        let size0 = std::fs::metadata(&path).map_or(0, |m| m.len());
        let t0 = Instant::now();
        session::autosave(h.state_mut());
        let ui_ms = t0.elapsed().as_secs_f64() * 1000.0;
        while h.state().session.saves == before && t0.elapsed() < Duration::from_secs(120) {
            std::thread::sleep(Duration::from_millis(5));
            session::autosave(h.state_mut());
        }
        let size1 = std::fs::metadata(&path).map_or(0, |m| m.len());
        let appended = h.state().session.appends > appends;
        let written = if appended { size1 - size0 } else { size1 };
        println!(
            "  {what}: {ui_ms:.1} ms on the UI thread, {:.0} ms in all; {} ({written} bytes written), file {:.1} MB",
            t0.elapsed().as_secs_f64() * 1000.0,
            if appended { "appended" } else { "in full" },
            size1 as f64 / 1e6
        );
    };
    save(h, "first save");
    let extra = h.state().model.collection.documents[0].clone();
    h.state_mut().model.collection_mut().add_document(extra);
    save(h, "a document added");
    h.state_mut().model.state.filter.query = "kh".into();
    save(h, "a filter changed");
    stages(&path);
    // FRAME_TIME_KEEP=FILE keeps the workspace (to relaunch the app on it by hand).
    if let Some(keep) = std::env::var_os("FRAME_TIME_KEEP") {
        let _ = std::fs::copy(&path, keep);
    }
    relaunch(h, &path, docs);
}

/// A relaunch on the workspace at `path` (of `docs` documents) until the pins are back,
/// the copies grouped, and the app idle; `h`, the first app, lets its documents go first.
fn relaunch(h: &mut Harness<'_, NewsmapApp>, path: &std::path::Path, docs: usize) {
    let path = path.to_path_buf();
    // The first app lets its documents go, and the peak is counted afresh (Linux:
    // clear_refs 5 resets VmHWM): the relaunch's peak is one app's.
    h.state_mut().set_collection(Collection::default());
    h.step();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let t0 = Instant::now();
    let mut again = Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        .build_eframe(|cc| {
            let mut app = NewsmapApp::with_workspace(&cc.egui_ctx, Vec::new(), Some(path.clone()));
            app.model.state.online_tiles = false;
            app
        });
    let (mut gazetteer_s, mut documents_s, mut pins_s) = (None, None, None);
    while (again.state().model.collection.documents.len() < docs
        || again.state().derived.places.is_empty())
        && t0.elapsed() < Duration::from_secs(600)
    {
        again.step();
        if pins_s.is_none() && !again.state().derived.places.is_empty() {
            pins_s = Some(t0.elapsed().as_secs_f64());
        }
        if gazetteer_s.is_none() && again.state().gazetteer().is_some() {
            gazetteer_s = Some(t0.elapsed().as_secs_f64());
        }
        if documents_s.is_none() && again.state().model.collection.documents.len() >= docs {
            documents_s = Some(t0.elapsed().as_secs_f64());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    println!(
        "  relaunch until every document is pinned: {:.1} s (gazetteer after {:.1} s, first pins after {:.1} s, every document after {:.1} s; {} documents); peak memory {:.0} MB",
        t0.elapsed().as_secs_f64(),
        gazetteer_s.unwrap_or(f64::NAN),
        pins_s.unwrap_or(f64::NAN),
        documents_s.unwrap_or(f64::NAN),
        again.state().model.collection.documents.len(),
        peak_mb()
    );
    // The copies among them, looked for once they are shown.
    let longest_ms = steps_while(&mut again, Duration::from_secs(600), 5, |a| {
        a.model.collection.awaits_grouping()
    });
    println!(
        "  copies grouped after {:.1} s ({} copies); the longest frame meanwhile {longest_ms:.0} ms",
        t0.elapsed().as_secs_f64(),
        again.state().model.collection.copies().len()
    );
    // Idle: once everything is derived, does the app ask for frames of its own?
    let settle = Instant::now();
    while again.ctx.has_requested_repaint() && settle.elapsed() < Duration::from_secs(30) {
        again.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    let idle = !again.ctx.has_requested_repaint();
    let cpu0 = cpu_time();
    std::thread::sleep(Duration::from_secs(2));
    let idle_cpu = match (cpu0, cpu_time()) {
        (Some(a), Some(b)) => (b - a).as_secs_f64() / 2.0 * 100.0,
        _ => f64::NAN,
    };
    println!(
        "  idle: {} a frame of its own after {:.1} s; process CPU over 2 s idle {idle_cpu:.1}%",
        if idle {
            "no longer asks for"
        } else {
            "still asks for"
        },
        settle.elapsed().as_secs_f64()
    );
}

/// The stages of a restore, on their own: reading the file, taking the stored mentions
/// back, building the collection.
fn stages(path: &std::path::Path) {
    let t0 = Instant::now();
    let Ok(mut opened) = newsmap::open_workspace(path) else {
        return;
    };
    let read_s = t0.elapsed().as_secs_f64();
    let Ok(gaz) = newsmap::Gazetteer::bundled() else {
        return;
    };
    let options = newsmap::Options::default();
    let parser = newsmap::Geoparser::new(&gaz).with_options(options);
    let t1 = Instant::now();
    let documents = newsmap::restore_documents(&parser, &gaz, options, &mut opened);
    let restore_s = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let mut c = Collection::default();
    c.restore_into(documents, Vec::new());
    println!(
        "  restore stages: read {read_s:.2} s, stored mentions {restore_s:.2} s, collection {:.2} s",
        t2.elapsed().as_secs_f64()
    );
}

/// Reports of sentences naming `places` in turn, `per_doc` mentions each, `total` in all;
/// no two the same article. With `hub`, the first sentence of every report names the first
/// place (as most reports of a war name its capital).
fn reports(
    gaz: &newsmap::Gazetteer,
    places: &[newsmap::PlaceId],
    total: usize,
    per_doc: usize,
    hub: bool,
) -> Collection {
    let mut coll = Collection::default();
    let mut docs = Vec::new();
    let mut k = 0;
    while k < total {
        let mut text = String::new();
        let mut mentions = Vec::new();
        for j in 0..per_doc.min(total - k) {
            let id = if hub && j == 0 {
                places[0]
            } else {
                places[k % places.len()]
            };
            let name = &gaz.place(id).name;
            let s0 = text.len();
            // Sentences that differ, so no two reports are the same article.
            text.push_str(&format!("Report {k}: shelling was reported in "));
            let start = text.len();
            text.push_str(name);
            let end = text.len();
            text.push_str(" overnight. ");
            mentions.push(Mention {
                start,
                end,
                sentence: (s0, text.len() - 1),
                kind_hint: None,
                candidates: Vec::new(),
                resolution: Some(Resolution {
                    place: id,
                    confidence: 0.9,
                    reason: "benchmark".into(),
                }),
                relative: None,
                correction: None,
            });
            k += 1;
        }
        let day = 1 + docs.len() % 28;
        let meta = Meta {
            title: Some(format!("Report {}", docs.len())),
            date: Some(format!("2024-11-{day:02}")),
            source: Some(format!("Source {}", docs.len() % 7)),
            ..Meta::default()
        };
        let doc = Document::new(
            format!("report-{}.txt", docs.len()),
            Format::Text,
            text,
            meta,
        );
        docs.push(ParsedDocument::new(doc, mentions));
    }
    for d in docs {
        coll.add_document(d);
    }
    coll
}

/// Issue 12: with 50,000 articles loaded (ten mentions each, over the same places, the
/// first naming one place in every report), the
/// time from a click on the most mentioned place to its excerpts on screen, and from a
/// search keystroke to the places narrowed, each over the frames it takes.
fn large(h: &mut Harness<'_, NewsmapApp>, places: &[newsmap::PlaceId]) {
    let docs: usize = std::env::var("FRAME_TIME_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let t0 = Instant::now();
    let Some(coll) = h
        .state()
        .gazetteer()
        .map(|gaz| reports(gaz, places, docs * 10, 10, true))
    else {
        return;
    };
    println!(
        "with {} documents, {} mentions (built in {:.1} s):",
        coll.documents.len(),
        docs * 10,
        t0.elapsed().as_secs_f64()
    );
    h.state_mut().model.state.show_places = true;
    h.state_mut().set_collection(coll);
    let (total_ms, frame_ms) = until_derived(h);
    println!(
        "  places derived: {total_ms:.0} ms on the deriving thread ({} places), the longest frame meanwhile {frame_ms:.0} ms",
        h.state().derived.places.len()
    );
    let top = h.state().derived.places[0].place;
    let n = h.state().derived.places[0].mentions.len();
    for round in 0..3 {
        let t0 = Instant::now();
        h.state_mut().select_place(top, true);
        h.step();
        h.step();
        let click_ms = t0.elapsed().as_secs_f64() * 1000.0;
        let t0 = Instant::now();
        for _ in 0..10 {
            h.step();
        }
        let frame_ms = t0.elapsed().as_secs_f64() * 100.0;
        println!(
            "  click on the most mentioned place ({n} mentions), round {round}: {click_ms:.0} ms to its excerpts, then {frame_ms:.1} ms a frame"
        );
        h.state_mut().model.selected = None;
        h.step();
    }
    for query in ["k", "kh", "khe", "kh", "zz", ""] {
        h.state_mut().model.state.filter.query = query.to_string();
        let (frames_ms, frame_ms) = until_derived(h);
        let t0 = Instant::now();
        let app = h.state();
        let kept = app.gazetteer().map_or(0, |g| {
            newsmap::filtered_places(&app.model.collection, g, &app.model.state.filter).len()
        });
        println!(
            "  search {query:>3}: {frames_ms:.0} ms to {} places, the longest frame {frame_ms:.0} ms (the filter alone {:.0} ms)",
            kept,
            t0.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// The place names the app holds.
fn names_in(app: &NewsmapApp) -> usize {
    (app.model.collection.documents.iter())
        .map(|d| d.mentions.len())
        .sum()
}

/// Steps frames (`pause_ms` apart) while `go_on` holds, `limit` at most. Returns the
/// longest frame meanwhile, in milliseconds.
fn steps_while(
    h: &mut Harness<'_, NewsmapApp>,
    limit: Duration,
    pause_ms: u64,
    go_on: impl Fn(&NewsmapApp) -> bool,
) -> f64 {
    let t0 = Instant::now();
    let mut longest_ms = 0f64;
    while go_on(h.state()) && t0.elapsed() < limit {
        let f0 = Instant::now();
        h.step();
        longest_ms = longest_ms.max(f0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(pause_ms));
    }
    longest_ms
}

/// Steps frames until the places are derived from the model as it is. Returns the time
/// that took and the longest frame meanwhile, in milliseconds.
fn until_derived(h: &mut Harness<'_, NewsmapApp>) -> (f64, f64) {
    let t0 = Instant::now();
    let mut longest = 0.0f64;
    loop {
        let f0 = Instant::now();
        h.step();
        longest = longest.max(f0.elapsed().as_secs_f64() * 1000.0);
        if h.state().is_derived() || t0.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    (t0.elapsed().as_secs_f64() * 1000.0, longest)
}
