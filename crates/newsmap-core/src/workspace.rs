//! Workspaces: everything a user has — the loaded documents (their extracted text and
//! metadata, so moved or deleted files lose nothing), the import report, corrections, own
//! places and the app's view — in one `.newsmap` file.
//!
//! The file is JSON Lines, one JSON value per line (serde_json): a header line with the
//! schema version, corrections, own places and view; one line per document; and an end line
//! with the document count. A file cut short (a killed process, a full disk) still gives
//! every document written before the cut. A full save is atomic: a temporary file is
//! written, flushed and synced, the previous version is kept as `NAME.newsmap.bak`, then the
//! new file is renamed into place. Later saves append ([`append`], issue 16): the documents
//! added since, a state line (corrections, own places, view...) when it changed, and a new
//! end line; a save cut off while appending loses nothing saved before it (what it had
//! appended in whole lines is read too), and the next save rewrites the file in full. A damaged file, or one from a newer newsmap, is read as far as it
//! can be and kept as it was under another name before anything is saved over it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corrections::Corrections;
use crate::ingest::{Document, Warning};
use crate::own_places::OwnPlace;

/// The schema version this build writes. Older versions are migrated when read.
pub const SCHEMA_VERSION: u32 = 3;

/// The extension of workspace files.
pub const EXTENSION: &str = "newsmap";

/// Everything a workspace holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    /// The documents, in load order, with their text and metadata.
    #[serde(default)]
    pub documents: Vec<Document>,
    /// The import report.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The user's corrections.
    #[serde(default)]
    pub corrections: Corrections,
    /// The user's own places.
    #[serde(default)]
    pub own_places: Vec<OwnPlace>,
    /// The app's view (filters, map centre and zoom, panels, theme); the core does not
    /// read it.
    #[serde(default)]
    pub view: serde_json::Value,
    /// Text hashes of the documents the user said are not copies of the ones they were
    /// grouped with ("Not the same").
    #[serde(default)]
    pub kept_apart: Vec<u64>,
    /// Gazetteer files the user added (GeoNames dumps, CSV or GeoJSON of places), named, not
    /// copied: they are read again when the workspace opens.
    #[serde(default)]
    pub gazetteers: Vec<PathBuf>,
    /// A batch's results opened in the app, named, not copied: opened again when the
    /// workspace opens (ten million place names are gigabytes of workspace lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<OpenedResults>,
}

/// A batch's results opened in the app (File > Open results...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedResults {
    /// The results folder, its mentions folder, or a mentions file.
    pub path: PathBuf,
    /// How many of its documents were read (an opening stopped early reads as many again).
    pub documents: usize,
}

/// The first line of a workspace file: its version, when it was written, how many document
/// lines follow, and the workspace's state as a state line holds it.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    /// The schema version.
    newsmap_workspace: u32,
    /// When it was written, seconds since 1970.
    #[serde(default)]
    saved_unix_s: u64,
    /// How many document lines follow.
    #[serde(default)]
    documents: usize,
    /// Corrections, own places, view... (the same keys as a state line's).
    #[serde(flatten)]
    state: WorkspaceState,
}

/// A document line, with its mentions as the geoparser that saved it found them.
#[derive(Debug, Serialize, Deserialize)]
struct DocumentLine {
    document: Document,
    #[serde(default)]
    mentions: Option<Vec<crate::geoparse::Mention>>,
    /// [`crate::geoparse_fingerprint`] of the geoparser and gazetteer that found them.
    #[serde(default)]
    engine: Option<String>,
}

/// A later line with new mentions for a document saved earlier (resolved again with the
/// collection's context).
#[derive(Debug, Serialize, Deserialize)]
struct MentionsLine {
    mentions_of: usize,
    mentions: Vec<crate::geoparse::Mention>,
    engine: String,
}

#[derive(Serialize)]
struct MentionsRef<'a> {
    mentions_of: usize,
    mentions: &'a [crate::geoparse::Mention],
    engine: &'a str,
}

/// New mentions for the document at `index` of those saved, found by `engine`.
#[derive(Debug, Clone, Copy)]
pub struct MentionsUpdate<'a> {
    /// The document's index in the workspace.
    pub index: usize,
    /// [`crate::geoparse_fingerprint`] of what found them.
    pub engine: &'a str,
    /// The mentions.
    pub mentions: &'a [crate::geoparse::Mention],
}

/// A document's mentions as saved, and what found them.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMentions {
    /// The fingerprint of the geoparser and gazetteer that found them
    /// ([`crate::geoparse_fingerprint`]): they stand only where it is the same.
    pub engine: String,
    /// The mentions, without the user's corrections (applied again when read).
    pub mentions: Vec<crate::geoparse::Mention>,
}

/// A document to save, with its mentions when they are to be kept.
#[derive(Debug, Clone, Copy)]
pub struct DocumentRecord<'a> {
    /// The document.
    pub document: &'a Document,
    /// Its mentions and the fingerprint of what found them.
    pub mentions: Option<(&'a str, &'a [crate::geoparse::Mention])>,
}

impl<'a> From<&'a Document> for DocumentRecord<'a> {
    fn from(document: &'a Document) -> Self {
        DocumentRecord {
            document,
            mentions: None,
        }
    }
}

/// The last line.
#[derive(Debug, Serialize, Deserialize)]
struct EndLine {
    end: usize,
}

/// What a workspace holds besides its documents: what an appended save writes again when
/// it changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceState {
    /// The import report.
    #[serde(default)]
    pub warnings: Vec<Warning>,
    /// The user's corrections.
    #[serde(default)]
    pub corrections: Corrections,
    /// The user's own places.
    #[serde(default)]
    pub own_places: Vec<OwnPlace>,
    /// The app's view.
    #[serde(default)]
    pub view: serde_json::Value,
    /// Text hashes of documents kept apart from their copies.
    #[serde(default)]
    pub kept_apart: Vec<u64>,
    /// Gazetteer files the user added.
    #[serde(default)]
    pub gazetteers: Vec<PathBuf>,
    /// Results opened in the app.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<OpenedResults>,
}

impl Workspace {
    /// Its state, without the documents.
    pub fn state(&self) -> WorkspaceState {
        WorkspaceState {
            warnings: self.warnings.clone(),
            corrections: self.corrections.clone(),
            own_places: self.own_places.clone(),
            view: self.view.clone(),
            kept_apart: self.kept_apart.clone(),
            gazetteers: self.gazetteers.clone(),
            results: self.results.clone(),
        }
    }

    /// Takes `s` as its state (its documents stay).
    pub fn set_state(&mut self, s: WorkspaceState) {
        self.warnings = s.warnings;
        self.corrections = s.corrections;
        self.own_places = s.own_places;
        self.view = s.view;
        self.kept_apart = s.kept_apart;
        self.gazetteers = s.gazetteers;
        self.results = s.results;
    }
}

/// An appended state line.
#[derive(Debug, Serialize, Deserialize)]
struct StateLine {
    state: WorkspaceState,
}

/// What went wrong with a workspace file.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be written; the previous version is untouched.
    #[error("cannot save the workspace to {}: {source}; the previous version is untouched", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not as the last save left it (another program wrote it, a save was cut
    /// off): an append would not follow on; save it in full.
    #[error("{} changed since it was last saved: it is saved in full", path.display())]
    NotAppendable {
        /// The file.
        path: PathBuf,
    },
    /// The file is not a workspace, or too damaged to read anything from.
    #[error("{} is not a newsmap workspace, or is too damaged to read ({reason})", path.display())]
    NotWorkspace {
        /// The file.
        path: PathBuf,
        /// What was found.
        reason: String,
    },
}

impl WorkspaceError {
    /// Whether the file does not exist (a first launch).
    pub fn is_not_found(&self) -> bool {
        matches!(self, WorkspaceError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

/// A workspace read from a file, with what could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Opened {
    /// What was read.
    pub workspace: Workspace,
    /// One line per problem, for the user ("the file ends early: 3 of 5 documents read").
    pub problems: Vec<String>,
    /// Where the file as it was is kept, when it was damaged or from a newer newsmap.
    pub kept_as: Option<PathBuf>,
    /// The version of the workspace that was not opened, kept under its own name, when the
    /// file was damaged: the damaged file when its backup was more complete, or the backup
    /// when the damaged file still held more. The user may open it instead.
    pub other: Option<PathBuf>,
    /// Whether what was read is the backup, not the file named.
    pub from_backup: bool,
    /// The mentions saved with the documents, one entry per document (`None` where none
    /// were saved): a restore takes them instead of geoparsing again when the fingerprint
    /// matches.
    pub stored: Vec<Option<StoredMentions>>,
}

/// `NAME.newsmap.bak`: the previous version, kept by [`save`].
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Where newsmap keeps its own files: `$NEWSMAP_DATA_DIR`, else `$XDG_DATA_HOME/newsmap`,
/// else `~/.local/share/newsmap`.
pub fn data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("NEWSMAP_DATA_DIR")
        .or_else(|| env("XDG_DATA_HOME").map(|d| d.join("newsmap")))
        .or_else(|| env("HOME").map(|h| h.join(".local/share/newsmap")))
}

/// The workspace used when the user has not chosen one: `workspace.newsmap` in
/// [`data_dir`].
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join(format!("workspace.{EXTENSION}")))
}

/// Writes `ws` to `path` atomically, keeping the previous version as [`backup_path`]. On
/// any failure (a full disk, no permission) the file at `path` is as it was.
pub fn save(path: &Path, ws: &Workspace) -> Result<(), WorkspaceError> {
    let documents: Vec<DocumentRecord<'_>> = ws.documents.iter().map(Into::into).collect();
    save_parts(path, &ws.state(), &documents)
}

/// [`save`] of a workspace given as its state and its documents, which are not copied (the
/// app saves from its collection on a thread of its own).
pub fn save_parts(
    path: &Path,
    state: &WorkspaceState,
    documents: &[DocumentRecord<'_>],
) -> Result<(), WorkspaceError> {
    let fail = |source| WorkspaceError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = with_suffix(path, ".tmp");
    let written = write_lines(&tmp, state, documents);
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    // The version being replaced becomes the backup, unless it holds less than the backup
    // does (a file cut short, say): a backup is never traded for a less complete one.
    let bak = backup_path(path);
    let replace_backup = path.exists()
        && match (complete_count(path), complete_count(&bak)) {
            (Some(current), Some(backup)) => current >= backup,
            (Some(_), None) => true,
            (None, _) => !bak.exists(),
        };
    if replace_backup {
        let _ = std::fs::remove_file(&bak);
        if std::fs::hard_link(path, &bak).is_err()
            && let Err(e) = std::fs::copy(path, &bak)
        {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    // The rename itself reaches the disk with the folder.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

fn write_lines(
    tmp: &Path,
    state: &WorkspaceState,
    documents: &[DocumentRecord<'_>],
) -> std::io::Result<()> {
    let file = std::fs::File::create(tmp)?;
    let mut w = std::io::BufWriter::new(file);
    let header = Header {
        newsmap_workspace: SCHEMA_VERSION,
        saved_unix_s: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        documents: documents.len(),
        state: state.clone(),
    };
    serde_json::to_writer(&mut w, &header)?;
    w.write_all(b"\n")?;
    for d in documents {
        serde_json::to_writer(&mut w, &DocumentRef::from(*d))?;
        w.write_all(b"\n")?;
    }
    serde_json::to_writer(
        &mut w,
        &EndLine {
            end: documents.len(),
        },
    )?;
    w.write_all(b"\n")?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// Appends to the complete workspace file at `path`, which holds `saved` documents (as its
/// last end line says), new mentions of documents saved before (`updates`), the
/// `documents` added since, the `state` when given (it changed), and a new end line; synced before it returns. Returns the bytes appended. When the file
/// does not end as the last save left it, nothing is written and
/// [`WorkspaceError::NotAppendable`] says to save in full. A cut-off append leaves the
/// earlier content whole: [`open`] reads it, with the whole lines appended.
pub fn append(
    path: &Path,
    saved: usize,
    documents: &[DocumentRecord<'_>],
    updates: &[MentionsUpdate<'_>],
    state: Option<&WorkspaceState>,
) -> Result<u64, WorkspaceError> {
    if complete_count(path) != Some(saved) {
        return Err(WorkspaceError::NotAppendable {
            path: path.to_path_buf(),
        });
    }
    let fail = |source| WorkspaceError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut buf: Vec<u8> = Vec::new();
    for u in updates {
        let line = MentionsRef {
            mentions_of: u.index,
            mentions: u.mentions,
            engine: u.engine,
        };
        push_line(&mut buf, &line).map_err(fail)?;
    }
    for d in documents {
        push_line(&mut buf, &DocumentRef::from(*d)).map_err(fail)?;
    }
    if let Some(state) = state {
        push_line(&mut buf, &StateRef { state }).map_err(fail)?;
    }
    push_line(
        &mut buf,
        &EndLine {
            end: saved + documents.len(),
        },
    )
    .map_err(fail)?;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(&buf).map_err(fail)?;
    file.sync_all().map_err(fail)?;
    Ok(buf.len() as u64)
}

/// Lines written by reference (an append does not copy the documents).
#[derive(Serialize)]
struct DocumentRef<'a> {
    document: &'a Document,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentions: Option<&'a [crate::geoparse::Mention]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<&'a str>,
}

impl<'a> From<DocumentRecord<'a>> for DocumentRef<'a> {
    fn from(r: DocumentRecord<'a>) -> Self {
        DocumentRef {
            document: r.document,
            mentions: r.mentions.map(|(_, m)| m),
            engine: r.mentions.map(|(e, _)| e),
        }
    }
}

#[derive(Serialize)]
struct StateRef<'a> {
    state: &'a WorkspaceState,
}

fn push_line<T: Serialize>(buf: &mut Vec<u8>, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *buf, value).map_err(std::io::Error::other)?;
    buf.push(b'\n');
    Ok(())
}

/// Reads the workspace at `path`. A file cut short or with damaged lines gives what it can,
/// with a problem line for each loss, unless its backup ([`backup_path`]) holds more: then
/// the backup is opened. A file whose header is unreadable gives its backup when there is
/// one. Either way, the version not opened is first copied aside (`NAME.newsmap.damaged-TIME`
/// or `NAME.newsmap.bak-TIME`, named in [`Opened::other`]), so saving later overwrites
/// nothing the user has not seen. Temporary files of saves that were cut off are removed.
pub fn open(path: &Path) -> Result<Opened, WorkspaceError> {
    open_counting(path, &Tally::default())
}

/// How far a long piece of work is: `done` of `total` (0 until known). Shared between the
/// thread doing it and one showing it.
#[derive(Debug, Default)]
pub struct Tally {
    /// Done so far.
    pub done: std::sync::atomic::AtomicUsize,
    /// In all.
    pub total: std::sync::atomic::AtomicUsize,
}

impl Tally {
    /// (done, total) now.
    pub fn get(&self) -> (usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        (self.done.load(Relaxed), self.total.load(Relaxed))
    }
}

/// [`open`], counting the file's lines read in `lines`.
pub fn open_counting(path: &Path, lines: &Tally) -> Result<Opened, WorkspaceError> {
    let _ = std::fs::remove_file(with_suffix(path, ".tmp"));
    let bytes = std::fs::read(path).map_err(|source| WorkspaceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let bak = backup_path(path);
    let read_backup = || {
        std::fs::read(&bak)
            .ok()
            .and_then(|b| parse(&String::from_utf8_lossy(&b)).ok())
    };
    match parse_counting(&text, lines) {
        Ok(mut opened) => {
            if opened.problems.is_empty() {
                return Ok(opened);
            }
            let newer = opened.problems.iter().any(|p| p.contains("newer newsmap"));
            if newer {
                keep_aside(path, "newer", &mut opened);
                return Ok(opened);
            }
            let found = opened.workspace.documents.len();
            match read_backup() {
                Some(mut backup) if backup.workspace.documents.len() > found => {
                    let why = opened.problems.join(", ");
                    backup.problems.insert(
                        0,
                        format!(
                            "{} is damaged ({why}); its backup {} holds more ({} documents \
                             against {found}) and was opened instead",
                            file_name(path),
                            file_name(&bak),
                            backup.workspace.documents.len()
                        ),
                    );
                    keep_aside(path, "damaged", &mut backup);
                    backup.other = backup.kept_as.clone();
                    backup.from_backup = true;
                    Ok(backup)
                }
                Some(backup) => {
                    keep_aside(path, "damaged", &mut opened);
                    // The backup holds less: it is kept as it is under a name of its own.
                    let mut aside = Opened::default();
                    keep_aside(&bak, "bak", &mut aside);
                    if let Some(p) = aside.kept_as {
                        opened.problems.push(format!(
                            "its backup holds fewer documents ({}) and is kept as {}",
                            backup.workspace.documents.len(),
                            file_name(&p)
                        ));
                        opened.other = Some(p);
                    }
                    Ok(opened)
                }
                None => {
                    keep_aside(path, "damaged", &mut opened);
                    Ok(opened)
                }
            }
        }
        Err(reason) => match read_backup() {
            Some(mut opened) => {
                opened.problems.insert(
                    0,
                    format!(
                        "{} could not be read ({reason}); its previous version ({}) was loaded",
                        path.display(),
                        bak.display()
                    ),
                );
                keep_aside(path, "damaged", &mut opened);
                opened.other = opened.kept_as.clone();
                opened.from_backup = true;
                Ok(opened)
            }
            None => Err(WorkspaceError::NotWorkspace {
                path: path.to_path_buf(),
                reason,
            }),
        },
    }
}

/// The file name of a path, for short messages.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// How many documents a workspace file holds when it is complete (its end line is there),
/// read from its last line only; `None` when it is cut short, damaged or missing.
pub fn complete_count(path: &Path) -> Option<usize> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).ok()?;
    let len = f.metadata().ok()?.len();
    let tail = len.min(4096);
    f.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf);
    let last = text.lines().rev().find(|l| !l.trim().is_empty())?;
    serde_json::from_str::<EndLine>(last).ok().map(|e| e.end)
}

/// Copies the file as it was to `NAME.newsmap.TAG-SECONDS` and says so.
fn keep_aside(path: &Path, tag: &str, opened: &mut Opened) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = with_suffix(path, &format!(".{tag}-{secs}"));
    match std::fs::copy(path, &aside) {
        Ok(_) => {
            opened
                .problems
                .push(format!("the file as it was is kept as {}", aside.display()));
            opened.kept_as = Some(aside);
        }
        Err(e) => opened.problems.push(format!(
            "could not keep a copy of the file as it was ({e}); save under another name to keep it"
        )),
    }
}

/// A line after the header, read.
enum Line {
    Document(Box<DocumentLine>),
    Mentions(MentionsLine),
    State(Box<StateLine>),
    End,
    Damaged,
}

fn classify(line: &str) -> Line {
    if let Ok(d) = serde_json::from_str::<DocumentLine>(line) {
        Line::Document(Box::new(d))
    } else if let Ok(m) = serde_json::from_str::<MentionsLine>(line) {
        Line::Mentions(m)
    } else if let Ok(st) = serde_json::from_str::<StateLine>(line) {
        Line::State(Box::new(st))
    } else if serde_json::from_str::<EndLine>(line).is_ok() {
        Line::End
    } else {
        Line::Damaged
    }
}

/// Reads a workspace from its text. `Err` when not even the header can be read.
pub fn parse(text: &str) -> Result<Opened, String> {
    parse_counting(text, &Tally::default())
}

/// [`parse`], counting the lines read in `lines`.
fn parse_counting(text: &str, lines: &Tally) -> Result<Opened, String> {
    let tally = lines;
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return Err("the file is empty".into());
    };
    let first: serde_json::Value = match serde_json::from_str(first) {
        Ok(v) => v,
        // A version-1 workspace is one JSON object, possibly over many lines.
        Err(_) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) => v,
            Err(e) => return Err(format!("its first line is not JSON: {e}")),
        },
    };
    if first.get("newsmap_workspace").is_none() && first.get("version").is_some() {
        return migrate_v1(first);
    }
    let Some(version) = first.get("newsmap_workspace").and_then(|v| v.as_u64()) else {
        return Err("no newsmap_workspace version in its first line".into());
    };
    let mut problems = Vec::new();
    if version > u64::from(SCHEMA_VERSION) {
        problems.push(format!(
            "made by a newer newsmap (workspace version {version}; this one reads up to \
             {SCHEMA_VERSION}): what this version understands was loaded"
        ));
    }
    let header: Header = match serde_json::from_value(first) {
        Ok(h) => h,
        Err(e) => return Err(format!("its header is damaged: {e}")),
    };
    let mut ws = Workspace {
        documents: Vec::with_capacity(header.documents),
        ..Workspace::default()
    };
    ws.set_state(header.state);
    let mut stored: Vec<Option<StoredMentions>> = Vec::new();
    let mut damaged = 0usize;
    let mut ended = false;
    // Lines after an end line were appended by later saves (version 3): more documents,
    // a newer state, another end line. Whole lines after the last end line are a save cut
    // off while appending: their documents are read all the same.
    let mut after_end = 0usize;
    let lines: Vec<&str> = lines.collect();
    tally
        .total
        .store(lines.len(), std::sync::atomic::Ordering::Relaxed);
    // Read on all cores: a workspace of 100,000 documents is hundreds of megabytes.
    let read = crate::collection::par_map(&lines, |l| {
        let line = classify(l);
        tally
            .done
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        line
    });
    for line in read {
        match line {
            Line::Document(d) => {
                ws.documents.push(d.document);
                stored.push(match (d.engine, d.mentions) {
                    (Some(engine), Some(mentions)) => Some(StoredMentions { engine, mentions }),
                    _ => None,
                });
                after_end += 1;
            }
            Line::Mentions(m) => {
                if let Some(slot) = stored.get_mut(m.mentions_of) {
                    *slot = Some(StoredMentions {
                        engine: m.engine,
                        mentions: m.mentions,
                    });
                }
                after_end += 1;
            }
            Line::State(st) => {
                ws.set_state(st.state);
                after_end += 1;
            }
            Line::End => {
                ended = true;
                after_end = 0;
                if version < 3 {
                    break;
                }
            }
            Line::Damaged => {
                damaged += 1;
                after_end += 1;
            }
        }
    }
    if ended && after_end > 0 {
        problems.push(
            "the last save was cut off while adding to the file: what it had written in whole \
             lines was read"
                .to_string(),
        );
    }
    if damaged > 0 {
        problems.push(format!(
            "{damaged} damaged document line{} skipped",
            if damaged == 1 { "" } else { "s" }
        ));
    }
    if !ended {
        problems.push(format!(
            "the file ends early (it may have been cut off while saving): {} of {} documents read",
            ws.documents.len(),
            header.documents
        ));
    }
    Ok(Opened {
        workspace: ws,
        problems,
        kept_as: None,
        other: None,
        from_backup: false,
        stored,
    })
}

/// Version 1 was one JSON object: `{"version": 1, "documents": [...], "corrections": [...],
/// "own_places": [...], "view": {...}}`, with corrections as a plain list (no undo history).
/// It is still accepted, as scripts may write it.
fn migrate_v1(v: serde_json::Value) -> Result<Opened, String> {
    let version = v.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    if version != 1 {
        return Err(format!("unknown workspace version {version}"));
    }
    let mut problems = Vec::new();
    let field = |k: &str| v.get(k).cloned().unwrap_or(serde_json::Value::Null);
    let list_of = |k: &str, problems: &mut Vec<String>| -> Vec<serde_json::Value> {
        match field(k) {
            serde_json::Value::Array(a) => a,
            serde_json::Value::Null => Vec::new(),
            _ => {
                problems.push(format!("{k} is not a list; skipped"));
                Vec::new()
            }
        }
    };
    let mut ws = Workspace {
        view: field("view"),
        ..Workspace::default()
    };
    let mut skipped = 0;
    for d in list_of("documents", &mut problems) {
        match serde_json::from_value(d) {
            Ok(d) => ws.documents.push(d),
            Err(_) => skipped += 1,
        }
    }
    for c in list_of("corrections", &mut problems) {
        match serde_json::from_value(c) {
            Ok(c) => ws.corrections.list.push(c),
            Err(_) => skipped += 1,
        }
    }
    for p in list_of("own_places", &mut problems) {
        match serde_json::from_value(p) {
            Ok(p) => ws.own_places.push(p),
            Err(_) => skipped += 1,
        }
    }
    for w in list_of("warnings", &mut problems) {
        if let Ok(w) = serde_json::from_value(w) {
            ws.warnings.push(w);
        }
    }
    if skipped > 0 {
        problems.push(format!("{skipped} damaged entries skipped"));
    }
    Ok(Opened {
        workspace: ws,
        problems,
        kept_as: None,
        other: None,
        from_backup: false,
        stored: Vec::new(),
    })
}
