//! The app's workspace: restored at launch, saved automatically (a second after a change,
//! on a background thread) and at exit, and switched with File > New, Open and Save As.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::Workspace;

use super::{AppState, NewsmapApp};

/// How long after a change the workspace is saved.
const SAVE_AFTER: Duration = Duration::from_millis(1000);
/// How often the view (filters, map position) is compared with the one last saved.
const VIEW_CHECK: Duration = Duration::from_secs(5);

/// Where the workspace lives and whether it needs saving.
#[derive(Debug, Default)]
pub struct Session {
    /// The workspace file; `None` keeps nothing on disk (tests, a failed launch).
    pub path: Option<PathBuf>,
    /// A workspace is being read: nothing is saved until it is there.
    pub restoring: Option<Restoring>,
    /// How far the reading is, shared with the thread reading it.
    pub restore_progress: Option<Arc<crate::Tally>>,
    /// The choices as they were at the first frame of the reading: when the user changed
    /// them meanwhile (a search typed while waiting), theirs are kept, not the saved ones.
    pub state_at_restore: Option<super::AppState>,
    /// Something changed at this time and is not saved yet.
    dirty_since: Option<Instant>,
    /// A save running on its thread.
    saving: Option<Receiver<(bool, Result<Saved, String>)>>,
    /// The view as last saved, and when it was last compared.
    saved_view: Option<serde_json::Value>,
    view_checked: Option<Instant>,
    /// Saves done (for tests and the status line).
    pub saves: usize,
    /// Saves that appended to the file rather than writing it in full (for tests).
    pub appends: usize,
    /// What the file holds as the last save left it: the next save appends to it.
    saved: Option<Saved>,
    /// A save runs on its thread sharing the collection (a full one, or an append of new
    /// documents): documents loaded meanwhile wait for it, and so does a change to the
    /// documents (either would copy the whole collection).
    saving_documents: bool,
    /// The geoparse fingerprint saved with the mentions, for the gazetteer (its address and
    /// size) and options it was computed for.
    fingerprint: Option<(usize, usize, crate::Options, String)>,
    /// Saved documents whose mentions changed since they were saved.
    changed_mentions: std::collections::BTreeSet<usize>,
    /// Remember the workspace in use for the next launch (the desktop app; not tests or
    /// embedders, which name their workspace themselves).
    pub remember: bool,
}

/// What a workspace file holds, as the last save left it.
#[derive(Debug, Clone, PartialEq)]
struct Saved {
    path: PathBuf,
    /// The collection it was saved from ([`super::model::AppModel::collection_epoch`]).
    epoch: u64,
    /// The documents of that collection it covers: the first ones.
    documents: usize,
    /// The document lines it holds: those documents but the ones of opened results (see
    /// [`is_kept`]).
    lines: usize,
    state: crate::WorkspaceState,
    /// State lines appended since the last full save, in bytes: past a limit the file is
    /// written in full again (compacted).
    appended_bytes: u64,
}

/// Appended state past this is compacted by a full save.
const COMPACT_AFTER_BYTES: u64 = 8 * 1024 * 1024;

/// A save to run, on the UI thread's behalf.
enum SaveJob {
    /// The whole workspace, atomically: the collection is shared with the save's thread,
    /// not copied (the app takes no loaded documents into it until the save is done); the
    /// mentions are saved under the fingerprint, when there is one.
    Full(
        PathBuf,
        std::sync::Arc<crate::Collection>,
        Option<String>,
        Saved,
    ),
    /// The documents added since the last save (from the collection, shared with the save's
    /// thread when there are any, not copied: a million opened from results took seconds to
    /// copy on the UI thread), and the state when it changed.
    Append {
        path: PathBuf,
        /// The collection's documents saved before.
        saved: usize,
        /// The file's document lines.
        lines: usize,
        documents: Option<std::sync::Arc<crate::Collection>>,
        updates: Vec<(usize, Vec<crate::Mention>)>,
        fingerprint: Option<String>,
        state: Option<crate::WorkspaceState>,
        after: Box<Saved>,
    },
}

impl SaveJob {
    /// Runs it: what the file then holds, or why not.
    fn run(self) -> Result<Saved, String> {
        match self {
            SaveJob::Full(path, collection, fingerprint, mut after) => {
                let documents: Vec<crate::DocumentRecord<'_>> = collection
                    .documents
                    .iter()
                    .filter(|d| is_kept(d))
                    .map(|d| crate::DocumentRecord {
                        document: &d.doc,
                        mentions: fingerprint.as_deref().map(|f| (f, d.mentions.as_slice())),
                    })
                    .collect();
                after.lines = documents.len();
                crate::save_workspace_parts(&path, &after.state, &documents)
                    .map(|()| after)
                    .map_err(|e| e.to_string())
            }
            SaveJob::Append {
                path,
                saved,
                lines,
                documents,
                updates,
                fingerprint,
                state,
                mut after,
            } => {
                let updates: Vec<crate::MentionsUpdate<'_>> = match fingerprint.as_deref() {
                    Some(f) => updates
                        .iter()
                        .map(|(index, mentions)| crate::MentionsUpdate {
                            index: *index,
                            engine: f,
                            mentions,
                        })
                        .collect(),
                    None => Vec::new(),
                };
                let new = documents
                    .as_ref()
                    .and_then(|c| c.documents.get(saved..after.documents))
                    .unwrap_or_default();
                let records: Vec<crate::DocumentRecord<'_>> = new
                    .iter()
                    .filter(|d| is_kept(d))
                    .map(|d| crate::DocumentRecord {
                        document: &d.doc,
                        mentions: fingerprint.as_deref().map(|f| (f, d.mentions.as_slice())),
                    })
                    .collect();
                let bytes =
                    crate::append_to_workspace(&path, lines, &records, &updates, state.as_ref())
                        .map_err(|e| e.to_string())?;
                after.lines = lines + records.len();
                if state.is_some() {
                    after.appended_bytes += bytes;
                }
                Ok(*after)
            }
        }
    }
}

/// Why a workspace is being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Restoring {
    /// At launch: a file that cannot be read is set aside and a new workspace starts there.
    Launch,
    /// File > Open: a file that cannot be read leaves the current workspace as it is.
    Open,
}

/// The view kept with the workspace: the app's choices and the map's position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Filters, panels, theme, tiles.
    pub state: AppState,
    /// Map centre longitude, latitude and zoom.
    pub map: Option<(f64, f64, f64)>,
}

impl Session {
    /// The mentions of saved documents changed (resolved again with the collection's
    /// context, or with new own places): the next save writes the file in full.
    pub fn rewrite_next(&mut self) {
        self.saved = None;
    }

    /// These documents' mentions changed (resolved again with the collection's context):
    /// the next save appends their new mentions.
    pub fn mentions_changed(&mut self, documents: impl IntoIterator<Item = usize>) {
        self.changed_mentions.extend(documents);
    }

    /// Whether a save shares the collection now: loaded documents, and changes to them,
    /// wait for it.
    pub fn is_saving_documents(&self) -> bool {
        self.saving_documents
    }

    /// Notes a change to save soon.
    pub fn touch(&mut self) {
        if self.dirty_since.is_none() {
            self.dirty_since = Some(Instant::now());
        }
    }

    /// Whether changes wait to be saved.
    pub fn is_dirty(&self) -> bool {
        self.dirty_since.is_some()
    }
}

/// The file remembering which workspace was open last.
fn current_pointer() -> Option<PathBuf> {
    crate::data_dir().map(|d| d.join("current-workspace"))
}

/// The workspace to open at launch: the one open last, else the default one.
pub fn launch_path() -> Option<PathBuf> {
    let remembered = current_pointer()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|s| PathBuf::from(s.trim()))
        .filter(|p| !p.as_os_str().is_empty());
    remembered.or_else(crate::default_workspace_path)
}

/// Remembers `path` as the workspace to open next time, when the app does that.
fn remember(app: &NewsmapApp, path: &Path) {
    if !app.session.remember {
        return;
    }
    if let Some(pointer) = current_pointer() {
        if let Some(dir) = pointer.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(pointer, path.display().to_string());
    }
}

/// Everything the app holds, as a workspace.
pub fn snapshot(app: &NewsmapApp) -> Workspace {
    let mut ws = Workspace {
        documents: app
            .model
            .collection
            .documents
            .iter()
            .map(|d| d.doc.clone())
            .collect(),
        ..Workspace::default()
    };
    ws.set_state(current_state(app));
    ws
}

/// Everything the app holds but its documents.
fn current_state(app: &NewsmapApp) -> crate::WorkspaceState {
    crate::WorkspaceState {
        warnings: app.model.collection.warnings.clone(),
        corrections: app.model.corrections.clone(),
        own_places: app.model.own_places.clone(),
        view: view_of(app),
        kept_apart: app.model.collection.kept_apart(),
        gazetteers: app.model.gazetteer_files.clone(),
        results: (app.model.opened_results.iter())
            .filter(|r| r.documents > 0)
            .cloned()
            .collect(),
    }
}

/// The save to run now: an append of what changed when the file is as the last save left
/// it (the same file, the same collection, not too much appended), else the whole
/// workspace. Only the documents added since are copied on this thread.
fn plan(app: &mut NewsmapApp, path: PathBuf) -> SaveJob {
    let fingerprint = fingerprint(app);
    let epoch = app.model.collection_epoch();
    let documents = &app.model.collection.documents;
    let state = current_state(app);
    if let Some(s) = &app.session.saved
        && s.path == path
        && s.epoch == epoch
        && s.documents <= documents.len()
        && s.appended_bytes < COMPACT_AFTER_BYTES
    {
        let new =
            (documents.len() > s.documents).then(|| std::sync::Arc::clone(&app.model.collection));
        let changed = (state != s.state).then(|| state.clone());
        let saved_documents = s.documents;
        // Saved documents whose mentions changed, by their line in the file (documents of
        // opened results have none).
        let mut updates = Vec::new();
        let (mut at, mut not_kept) = (0, 0);
        for i in std::mem::take(&mut app.session.changed_mentions) {
            let Some(d) = documents.get(i).filter(|_| i < saved_documents) else {
                break;
            };
            not_kept += documents[at..i].iter().filter(|d| !is_kept(d)).count();
            at = i;
            if is_kept(d) {
                updates.push((i - not_kept, d.mentions.clone()));
            }
        }
        let after = Saved {
            documents: documents.len(),
            state,
            ..s.clone()
        };
        return SaveJob::Append {
            path,
            saved: s.documents,
            lines: s.lines,
            documents: new,
            updates,
            fingerprint,
            state: changed,
            after: Box::new(after),
        };
    }
    let after = Saved {
        path: path.clone(),
        epoch,
        documents: documents.len(),
        lines: 0,
        state,
        appended_bytes: 0,
    };
    app.session.changed_mentions.clear();
    SaveJob::Full(
        path,
        std::sync::Arc::clone(&app.model.collection),
        fingerprint,
        after,
    )
}

/// Whether a document is kept in the workspace file: all but those of a batch's results,
/// which the workspace names and opens again (see [`crate::OpenedResults`]).
fn is_kept(d: &crate::ParsedDocument) -> bool {
    !d.doc.is_batch_result()
}

/// The fingerprint the mentions are saved under: of the gazetteer and options in use,
/// computed once for each (it reads every place's id).
fn fingerprint(app: &mut NewsmapApp) -> Option<String> {
    let gaz = app.model.gazetteer.clone()?;
    let key = (
        std::sync::Arc::as_ptr(&gaz) as usize,
        gaz.len(),
        app.options(),
    );
    if let Some((a, n, o, f)) = &app.session.fingerprint
        && (*a, *n, *o) == key
    {
        return Some(f.clone());
    }
    let f = crate::geoparse_fingerprint(&gaz, &key.2);
    app.session.fingerprint = Some((key.0, key.1, key.2, f.clone()));
    Some(f)
}

/// A save ended: what the file holds now, or why it failed (the next save is then full).
fn saved(
    app: &mut NewsmapApp,
    appended: bool,
    result: Result<Saved, String>,
) -> Result<(), String> {
    app.session.saves += 1;
    match result {
        Ok(s) => {
            if appended {
                app.session.appends += 1;
            }
            app.session.saved = Some(s);
            Ok(())
        }
        Err(e) => {
            app.session.saved = None;
            Err(e)
        }
    }
}

fn view_of(app: &NewsmapApp) -> serde_json::Value {
    let view = View {
        state: app.model.state.clone(),
        map: app.map.view(),
    };
    serde_json::to_value(view).unwrap_or_default()
}

/// Puts a saved view back.
pub fn apply_view(app: &mut NewsmapApp, view: &serde_json::Value) {
    if let Ok(v) = serde_json::from_value::<View>(view.clone()) {
        app.model.state = v.state;
        if let Some((lon, lat, zoom)) = v.map {
            app.map.set_view(lon, lat, zoom);
            // Files named on the command line still get the map fitted to them.
            if !app.is_loading() {
                app.fit_after_load = false;
            }
        }
    }
    app.session.saved_view = Some(view.clone());
}

/// While a workspace is read: its progress in the status line ("Reading 60,000 of 100,000
/// saved lines"), a frame every 100 ms.
pub(crate) fn show_progress(app: &mut NewsmapApp, ctx: &egui::Context) {
    let (Some(_), Some(p)) = (&app.session.restoring, &app.session.restore_progress) else {
        return;
    };
    if app.session.state_at_restore.is_none() {
        app.session.state_at_restore = Some(app.model.state.clone());
    }
    let (done, total) = p.get();
    app.progress = Some(crate::Progress { done, total });
    app.progress_unit = "saved lines";
    ctx.request_repaint_after(std::time::Duration::from_millis(100));
}

/// Saves now, on this thread (at exit, and for tests). Returns the error, if any.
pub fn save_now(app: &mut NewsmapApp) -> Result<(), String> {
    // A save on its thread first: two saves at once would write the same temporary file.
    wait_for_save(app);
    let Some(path) = app.session.path.clone() else {
        return Ok(());
    };
    if app.session.restoring.is_some() {
        return Ok(());
    }
    let job = plan(app, path);
    let appended = matches!(job, SaveJob::Append { .. });
    app.session.saved_view = Some(view_of(app));
    let result = match job.run() {
        // Not as the last save left it: in full, at once.
        Err(_) if appended => {
            app.session.saved = None;
            let Some(path) = app.session.path.clone() else {
                return Ok(());
            };
            plan(app, path).run()
        }
        other => other,
    };
    saved(app, appended && app.session.saved.is_some(), result)?;
    app.session.dirty_since = None;
    Ok(())
}

/// Saves in the background a second after a change; takes the result of the last save.
pub fn autosave(app: &mut NewsmapApp) {
    if let Some(rx) = &app.session.saving {
        match rx.try_recv() {
            Ok((appended, result)) => {
                app.session.saving = None;
                app.session.saving_documents = false;
                let failed_append = appended && result.is_err();
                if let Err(e) = saved(app, appended, result) {
                    if failed_append {
                        // The file is not as the last save left it: in full, at once.
                        app.session.touch();
                    } else {
                        app.model.messages.push(e);
                        // Try again later rather than every frame.
                        app.session.dirty_since = Some(Instant::now() + Duration::from_secs(10));
                    }
                }
            }
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                app.session.saving = None;
                app.session.saving_documents = false;
            }
        }
    }
    let Some(path) = app.session.path.clone() else {
        return;
    };
    if app.session.restoring.is_some() {
        return;
    }
    let check_view = app
        .session
        .view_checked
        .is_none_or(|t| t.elapsed() > VIEW_CHECK);
    if check_view {
        app.session.view_checked = Some(Instant::now());
        let view = view_of(app);
        if app.session.saved_view.as_ref() != Some(&view) {
            app.session.touch();
        }
    }
    let due = app
        .session
        .dirty_since
        .is_some_and(|t| Instant::now() >= t + SAVE_AFTER);
    if !due || app.is_loading() {
        return;
    }
    let job = plan(app, path);
    let appended = matches!(job, SaveJob::Append { .. });
    let shares = matches!(
        job,
        SaveJob::Full(..)
            | SaveJob::Append {
                documents: Some(_),
                ..
            }
    );
    app.session.saved_view = Some(view_of(app));
    app.session.dirty_since = None;
    let (tx, rx) = channel();
    let spawned = std::thread::Builder::new()
        .name("newsmap-save".into())
        .spawn(move || {
            let _ = tx.send((appended, job.run()));
        });
    match spawned {
        Ok(_) => {
            app.session.saving = Some(rx);
            app.session.saving_documents = shares;
        }
        Err(e) => app
            .model
            .messages
            .push(format!("Cannot save the workspace: {e}")),
    }
}

/// Waits for a background save to finish (before switching workspaces or quitting).
pub fn wait_for_save(app: &mut NewsmapApp) {
    if let Some(rx) = app.session.saving.take() {
        app.session.saving_documents = false;
        if let Ok((appended, result)) = rx.recv()
            && let Err(e) = saved(app, appended, result)
        {
            if appended {
                // Not as the last save left it: the next save writes it in full.
                app.session.touch();
            } else {
                app.model.messages.push(e);
            }
        }
    }
}

/// File > Open: saves the current workspace, then reads `path` (on the engine thread).
pub fn open_workspace(app: &mut NewsmapApp, path: PathBuf) {
    wait_for_save(app);
    if let Err(e) = save_now(app) {
        app.model.messages.push(e);
        return;
    }
    app.restore(path, Restoring::Open);
}

/// File > New: saves the current workspace, then starts an empty one at `path`.
pub fn new_workspace(app: &mut NewsmapApp, path: PathBuf) {
    wait_for_save(app);
    if let Err(e) = save_now(app) {
        app.model.messages.push(e);
        return;
    }
    app.clear_workspace();
    switch_to(app, path);
}

/// File > Save As: writes everything to `path` and keeps working there.
pub fn save_as(app: &mut NewsmapApp, path: PathBuf) {
    wait_for_save(app);
    let old = app.session.path.replace(path.clone());
    match save_now(app) {
        Ok(()) => {
            remember(app, &path);
            app.model
                .messages
                .push(format!("Workspace saved as {}", path.display()));
        }
        Err(e) => {
            app.session.path = old;
            app.model.messages.push(e);
        }
    }
}

/// Makes `path` the workspace file and saves there now.
pub fn switch_to(app: &mut NewsmapApp, path: PathBuf) {
    app.session.path = Some(path.clone());
    remember(app, &path);
    app.session.touch();
    if let Err(e) = save_now(app) {
        app.model.messages.push(e);
    }
}

/// After File > Open or a launch read `path` successfully.
pub fn opened(app: &mut NewsmapApp, path: PathBuf, problems: &[String], other: Option<PathBuf>) {
    app.session.path = Some(path.clone());
    remember(app, &path);
    app.session.dirty_since = None;
    // Read whole: the next save appends to it. Read with problems: it is written in full.
    app.session.saved = problems.is_empty().then(|| Saved {
        path: path.clone(),
        epoch: app.model.collection_epoch(),
        documents: app.model.collection.documents.len(),
        // What was read is what the file holds (the results it names come after).
        lines: app.model.collection.documents.len(),
        state: current_state(app),
        appended_bytes: 0,
    });
    if !problems.is_empty() {
        app.model.messages.push(format!(
            "Workspace {}: {}",
            path.display(),
            problems.join("; ")
        ));
        // In full, a line each, in a window: the status line cuts long messages off.
        let text = std::iter::once(format!("Workspace {}:", path.display()))
            .chain(problems.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n");
        app.workspace_notice = Some((text, other));
    }
}

/// The window that says what was wrong with the workspace opened, with a button to open
/// the other version instead.
pub fn notice_ui(app: &mut NewsmapApp, ctx: &egui::Context) {
    let Some((text, other)) = app.workspace_notice.clone() else {
        return;
    };
    let mut close = false;
    let mut open_other = None;
    egui::Window::new("Workspace")
        .collapsible(false)
        .resizable(true)
        .default_width(460.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
        .show(ctx, |ui| {
            for line in text.lines() {
                ui.label(line);
            }
            ui.horizontal(|ui| {
                if let Some(o) = &other
                    && ui
                        .button("Open the other version")
                        .on_hover_text(o.display().to_string())
                        .clicked()
                {
                    open_other = Some(o.clone());
                }
                if ui.button("OK").clicked() {
                    close = true;
                }
            });
        });
    if let Some(o) = open_other {
        app.restore(o, Restoring::Open);
        close = true;
    }
    if close {
        app.workspace_notice = None;
    }
}

/// After a workspace could not be read.
pub fn not_opened(app: &mut NewsmapApp, path: PathBuf, why: Restoring, error: String) {
    match why {
        Restoring::Launch => {
            // Keep the unreadable file; the new workspace starts beside it.
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let mut aside = path.as_os_str().to_os_string();
            aside.push(format!(".damaged-{secs}"));
            let aside = PathBuf::from(aside);
            match std::fs::rename(&path, &aside) {
                Ok(()) => {
                    app.model.messages.push(format!(
                        "{error}. It is kept as {}; a new workspace starts.",
                        aside.display()
                    ));
                    app.session.path = Some(path);
                }
                Err(e) => {
                    app.model.messages.push(format!(
                        "{error}. It could not be set aside ({e}), so nothing will be saved over it: use File > Save workspace as."
                    ));
                    app.session.path = None;
                }
            }
        }
        Restoring::Open => app.model.messages.push(error),
    }
}
