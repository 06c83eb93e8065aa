//! Ingest: from paths (files, folders, archives) to documents with clean text and
//! metadata.
//!
//! [`collect_files`] expands folders; [`read_file`] turns one file into documents (a feed,
//! an mbox, a JSON export or a zip holds several) and warnings, or one line saying why it
//! gave none. The format is found from the content (the extension only breaks ties):
//! plain text and Markdown, web pages, PDF, feeds, e-mail, Word and OpenDocument, JSON
//! exports, zip archives. Encodings are detected, not assumed.

mod archive;
mod boilerplate;
mod dates;
mod decode;
mod dedup;
mod email;
mod feed;
mod hash;
mod html;
mod json;
mod language;
mod lexicon;
mod office;
mod pdf;

pub use boilerplate::{covers, paragraphs, swallows_article};
pub use dedup::{
    Fingerprint, Index as CopyIndex, Relation, compare, exact_key, fingerprint, fingerprint_and_key,
};
pub use hash::{FnvHasher, key_hash};
pub use language::{Language, UNDETERMINED, detect_document_language, detect_language};
pub use lexicon::lexicon;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Largest file read, in bytes (also the largest member unpacked from an archive).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most files taken from one folder tree.
pub const MAX_FILES: usize = 200_000;
/// Longest text of one document, in bytes; the rest of a longer one is not read (and a
/// note says so).
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Most documents taken from one file (feed items, messages, JSON objects).
pub const MAX_DOCUMENTS_PER_FILE: usize = 100_000;

/// What kind of file a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// A web page.
    Html,
    /// A PDF's text layer.
    Pdf,
    /// A feed item.
    Feed,
    /// An e-mail message (or a saved .mhtml page).
    Email,
    /// A Word document.
    Docx,
    /// An OpenDocument text.
    Odt,
    /// An object of a JSON export.
    Json,
    /// An article of a batch's results (`newsmap geoparse --format parquet`): the sentences
    /// that name places, geoparsed by the batch, which also grouped its copies and learnt
    /// its boilerplate; it is never grouped or searched for boilerplate again.
    Results,
}

/// What a file says about an article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Title.
    pub title: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Canonical address.
    pub url: Option<String>,
    /// Site, feed or sender.
    pub source: Option<String>,
    /// What was not read as usual (a limit reached), one line each.
    pub notes: Vec<String>,
}

/// An article: its text and what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Where it came from: the path as given, with `#item3` for a feed item or message and
    /// `!/inner/path` for an archive member.
    pub path: String,
    /// The kind of file.
    pub format: Format,
    /// Title, when the file says.
    pub title: Option<String>,
    /// Author, when the file says.
    pub author: Option<String>,
    /// Publication date `YYYY-MM-DD`, when the file or a dateline says (never the file's
    /// modification time).
    pub date: Option<String>,
    /// Canonical address, when known.
    pub url: Option<String>,
    /// Site, feed or sender, when known.
    pub source: Option<String>,
    /// The article's text (offsets count into it).
    pub text: String,
    /// Byte ranges of boilerplate inside the text (appeals, footers, share lines): shown
    /// greyed, and their place names are not pins.
    pub boilerplate: Vec<(usize, usize)>,
    /// What was not read as usual: a limit reached and what was done instead ("too deeply
    /// nested (200,000 levels): read as plain text"), one line each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The language of the text, detected ([`Language::code`]: `en`, `uk`, `ru`, `be`,
    /// `bg`, or another language's ISO 639-3 code); `None` when too short to tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The language code of a document's text, when it can be told.
fn text_language(text: &str) -> Option<String> {
    let lang = detect_document_language(text);
    (lang != UNDETERMINED).then(|| lang.code().to_string())
}

impl Document {
    /// A document of `text` with `meta`; boilerplate is found here.
    pub fn new(path: String, format: Format, mut text: String, meta: Meta) -> Self {
        let mut notes = meta.notes;
        if text.len() > MAX_TEXT_BYTES {
            let mut cut = MAX_TEXT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            notes.push(format!(
                "text longer than {} MB: the first {} MB read",
                text.len() / (1024 * 1024),
                MAX_TEXT_BYTES / (1024 * 1024)
            ));
            text.truncate(cut);
        }
        let boilerplate = boilerplate::find(&text);
        let clean = |s: Option<String>| {
            s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        };
        Document {
            path,
            format,
            title: clean(meta.title),
            author: clean(meta.author),
            date: meta.date,
            url: clean(meta.url),
            source: clean(meta.source),
            lang: text_language(&text),
            text,
            boilerplate,
            notes,
        }
    }

    /// The title, or the file name when there is none.
    pub fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.file_name())
    }

    /// The file name of the path (or the path).
    pub fn file_name(&self) -> String {
        let base = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        if base.is_empty() {
            self.path.clone()
        } else {
            base.to_string()
        }
    }

    /// Whether it is an article of a batch's results ([`Format::Results`]): grouped with its
    /// copies and searched for boilerplate by the batch, and named by the workspace rather
    /// than kept in it.
    pub fn is_batch_result(&self) -> bool {
        self.format == Format::Results
    }

    /// The source for people: the site, feed or sender, or else the file name.
    pub fn source_label(&self) -> String {
        self.source.clone().unwrap_or_else(|| self.file_name())
    }

    /// Whether the byte range lies in boilerplate.
    pub fn in_boilerplate(&self, start: usize, end: usize) -> bool {
        boilerplate::covers(&self.boilerplate, start, end)
    }
}

/// Why a file gave no document.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Io(String),
    /// The file is empty or holds only white space.
    #[error("empty file")]
    Empty,
    /// The file is not text (binary content).
    #[error("not a text file ({0})")]
    NotText(String),
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("too large: {size_mb} MB (the limit is {limit_mb} MB)")]
    TooLarge {
        /// Its size.
        size_mb: u64,
        /// The limit.
        limit_mb: u64,
    },
    /// The file is of a known format but broken.
    #[error("{0}")]
    Malformed(String),
    /// The file is of a known format that cannot be read here (encrypted, scanned).
    #[error("{0}")]
    Unsupported(String),
    /// A reader failed on this file; the rest of the batch goes on.
    #[error("the {0} reader failed on this file")]
    Panicked(&'static str),
}

/// A problem with one path, for the import report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// The path.
    pub source: String,
    /// One line saying what went wrong.
    pub message: String,
    /// What kind of problem it is, for counting and filtering the report (reports written
    /// before kinds existed read as [`WarningKind::Other`]).
    #[serde(default)]
    pub kind: WarningKind,
}

impl Warning {
    /// A warning of `kind` about `source`.
    pub fn new(kind: WarningKind, source: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            source: source.into(),
            message: message.into(),
            kind,
        }
    }
}

/// What kind of problem a [`Warning`] reports.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    /// It could not be opened or read.
    Unreadable,
    /// It is empty.
    Empty,
    /// It is not a text file.
    NotText,
    /// It is larger than the limits.
    TooLarge,
    /// It is of a known format but broken.
    Malformed,
    /// It is of a format, or uses a feature, not read here (encrypted, scanned).
    Unsupported,
    /// It holds no article (a feed item without text, JSON without article objects).
    NoArticle,
    /// It was skipped as unsafe (a path leaving its archive, a zip bomb).
    Unsafe,
    /// Only part of it was read (a limit on members, messages or files).
    Partial,
    /// A reader failed on it.
    ReaderFailed,
    /// Anything else.
    #[default]
    Other,
}

impl WarningKind {
    /// Every kind, in the order the import report lists them.
    pub const ALL: [WarningKind; 11] = [
        WarningKind::Unreadable,
        WarningKind::Empty,
        WarningKind::NotText,
        WarningKind::TooLarge,
        WarningKind::Malformed,
        WarningKind::Unsupported,
        WarningKind::NoArticle,
        WarningKind::Unsafe,
        WarningKind::Partial,
        WarningKind::ReaderFailed,
        WarningKind::Other,
    ];

    /// What the report calls files of this kind.
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::Unreadable => "could not be read",
            WarningKind::Empty => "empty",
            WarningKind::NotText => "not text",
            WarningKind::TooLarge => "too large",
            WarningKind::Malformed => "broken",
            WarningKind::Unsupported => "not supported",
            WarningKind::NoArticle => "no article in it",
            WarningKind::Unsafe => "skipped as unsafe",
            WarningKind::Partial => "read in part",
            WarningKind::ReaderFailed => "a reader failed",
            WarningKind::Other => "other",
        }
    }
}

/// The warnings counted by kind, most first (ties in the order of [`WarningKind::ALL`]).
pub fn count_kinds(warnings: &[Warning]) -> Vec<(WarningKind, usize)> {
    let mut counts: Vec<(WarningKind, usize)> = WarningKind::ALL
        .iter()
        .map(|&k| (k, warnings.iter().filter(|w| w.kind == k).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    counts.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    counts
}

impl IngestError {
    /// The kind of warning this error makes.
    pub fn kind(&self) -> WarningKind {
        match self {
            IngestError::Io(_) => WarningKind::Unreadable,
            IngestError::Empty => WarningKind::Empty,
            IngestError::NotText(_) => WarningKind::NotText,
            IngestError::TooLarge { .. } => WarningKind::TooLarge,
            IngestError::Malformed(_) => WarningKind::Malformed,
            IngestError::Unsupported(_) => WarningKind::Unsupported,
            IngestError::Panicked(_) => WarningKind::ReaderFailed,
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// What one file gave: its documents, and warnings for the parts that gave none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileRead {
    /// The documents, in file order.
    pub documents: Vec<Document>,
    /// Parts skipped (a feed item without text, an archive member), one line each.
    pub warnings: Vec<Warning>,
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// Expands `paths` into the files to read: files as given, folders recursively (hidden
/// entries skipped, symbolic links not followed into folders), sorted within each folder.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Warning>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut files, &mut warnings),
            Ok(_) => files.push(path.clone()),
            Err(e) => warnings.push(Warning {
                source: path.display().to_string(),
                message: format!("cannot open: {e}"),
                kind: WarningKind::Unreadable,
            }),
        }
    }
    if files.len() > MAX_FILES {
        warnings.push(Warning {
            source: format!("{} files", files.len()),
            message: format!("only the first {MAX_FILES} files are read"),
            kind: WarningKind::Partial,
        });
        files.truncate(MAX_FILES);
    }
    (files, warnings)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, warnings: &mut Vec<Warning>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(Warning {
                    source: dir.display().to_string(),
                    message: format!("cannot list folder: {e}"),
                    kind: WarningKind::Unreadable,
                });
                continue;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut subdirs = Vec::new();
        for p in paths {
            if is_hidden(&p) {
                continue;
            }
            // symlink_metadata: a link to a folder is not followed (no loops).
            match fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => subdirs.push(p),
                Ok(m) if m.is_file() => files.push(p),
                // A link to a file is read; a link to a folder is not followed (no loops).
                Ok(m)
                    if m.file_type().is_symlink()
                        && fs::metadata(&p).is_ok_and(|t| t.is_file()) =>
                {
                    files.push(p);
                }
                _ => {}
            }
            if files.len() > MAX_FILES {
                return;
            }
        }
        // Depth first, in name order.
        stack.extend(subdirs.into_iter().rev());
    }
}

/// Reads one file into documents.
pub fn read_file(path: &Path) -> Result<FileRead, IngestError> {
    let meta = fs::metadata(path).map_err(|e| IngestError::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size_mb: meta.len() / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let bytes = fs::read(path).map_err(|e| IngestError::Io(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_bytes_at(&path.display().to_string(), &name, &bytes, 0)
}

/// Reads the bytes of one file (named by `path`) into documents.
pub fn read_bytes(path: &str, bytes: &[u8]) -> Result<FileRead, IngestError> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_string();
    read_bytes_at(path, &name, bytes, 0)
}

/// The formats told apart by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Markdown,
    Html,
    Pdf,
    Feed,
    Eml,
    Mbox,
    Office(office::Kind),
    Zip,
    Json,
}

impl Kind {
    fn reader(self) -> &'static str {
        match self {
            Kind::Text | Kind::Markdown => "text",
            Kind::Html => "web page",
            Kind::Pdf => "PDF",
            Kind::Feed => "feed",
            Kind::Eml | Kind::Mbox => "e-mail",
            Kind::Office(_) => "document",
            Kind::Zip => "zip",
            Kind::Json => "JSON",
        }
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// What the bytes are, from their first bytes (the extension breaks ties).
fn sniff(name: &str, bytes: &[u8]) -> Kind {
    let ext = extension(name);
    if bytes.starts_with(b"%PDF-") {
        return Kind::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return office::kind(bytes).map_or(Kind::Zip, Kind::Office);
    }
    let head_bytes = &bytes[..bytes.len().min(4096)];
    if email::is_mbox(head_bytes) {
        return Kind::Mbox;
    }
    if email::is_message(head_bytes) {
        return Kind::Eml;
    }
    // Look at text with any byte-order mark and leading white space dropped.
    let head = String::from_utf8_lossy(head_bytes);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let lower = head.to_ascii_lowercase();
    let markup = lower.starts_with('<');
    if markup
        && (lower.contains("<rss") || lower.contains("<rdf:rdf") || lower.contains("<feed"))
        && !lower.contains("<html")
    {
        return Kind::Feed;
    }
    if lower.starts_with('{') || lower.starts_with('[') {
        if lower.contains("jsonfeed.org/version") {
            return Kind::Feed;
        }
        return Kind::Json;
    }
    if lower.starts_with("<!doctype html")
        || lower.contains("<html")
        || (markup && (lower.contains("<body") || lower.contains("<p>") || lower.contains("<div")))
        || matches!(ext.as_str(), "html" | "htm" | "xhtml") && markup
    {
        return Kind::Html;
    }
    if markup && matches!(ext.as_str(), "rss" | "atom" | "xml") {
        return Kind::Feed;
    }
    if matches!(ext.as_str(), "md" | "markdown") {
        return Kind::Markdown;
    }
    Kind::Text
}

/// Reads one file's bytes; `depth` counts archives around it. A panic inside a reader is
/// caught and reported as this file's error.
pub(crate) fn read_bytes_at(
    path: &str,
    name: &str,
    bytes: &[u8],
    depth: usize,
) -> Result<FileRead, IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty);
    }
    let kind = sniff(name, bytes);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_kind(path, bytes, kind, depth)
    }));
    let read = result.map_err(|_| IngestError::Panicked(kind.reader()))??;
    if read.documents.is_empty() && read.warnings.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(read)
}

fn one(doc: Document) -> Result<FileRead, IngestError> {
    if doc.text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(FileRead {
        documents: vec![doc],
        warnings: Vec::new(),
    })
}

fn many((documents, warnings): (Vec<Document>, Vec<Warning>)) -> Result<FileRead, IngestError> {
    Ok(FileRead {
        documents,
        warnings,
    })
}

fn read_kind(path: &str, bytes: &[u8], kind: Kind, depth: usize) -> Result<FileRead, IngestError> {
    let path_s = path.to_string();
    match kind {
        Kind::Pdf => {
            let (text, meta) = pdf::extract(bytes)?;
            one(Document::new(path_s, Format::Pdf, text, meta))
        }
        Kind::Office(k) => {
            let (text, meta) = office::extract(bytes, k)?;
            let format = match k {
                office::Kind::Docx => Format::Docx,
                office::Kind::Odt => Format::Odt,
            };
            let mut meta = meta;
            if meta.date.is_none() {
                meta.date = dates::dateline(&text);
            }
            one(Document::new(path_s, format, text, meta))
        }
        Kind::Zip => many(archive::extract(path, bytes, depth)?),
        Kind::Eml => one(email::message(path, bytes)?),
        Kind::Mbox => many(email::mbox(path, bytes)?),
        Kind::Feed => many(feed::extract(path, bytes)?),
        Kind::Json => {
            let text = decode::decode(bytes, None)?;
            many(json::extract(path, &text)?)
        }
        Kind::Html => {
            let text = decode::decode(bytes, decode::declared_charset(bytes))?;
            let (body, meta) = html::extract(&text);
            one(Document::new(path_s, Format::Html, body, meta))
        }
        Kind::Text | Kind::Markdown => {
            let text = tidy_text(&decode::decode(bytes, None)?);
            if text.trim().is_empty() {
                return Err(IngestError::Empty);
            }
            let meta = Meta {
                title: text_title(&text, kind == Kind::Markdown),
                date: dates::dateline(&text),
                ..Meta::default()
            };
            let format = if kind == Kind::Markdown {
                Format::Markdown
            } else {
                Format::Text
            };
            one(Document::new(path_s, format, text, meta))
        }
    }
}

/// Line ends made `\n`; nothing else is changed, so offsets match what the user sees.
pub fn tidy_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// A plain text's title: a Markdown heading, or a short first line set apart as a headline
/// (no closing full stop, followed by more text).
fn text_title(text: &str, markdown: bool) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if markdown && let Some(h) = first.strip_prefix('#') {
        return Some(h.trim_start_matches('#').trim().to_string()).filter(|h| !h.is_empty());
    }
    let second = lines.next()?;
    let short = first.chars().count() <= 140 && first.split_whitespace().count() >= 2;
    let headline = !first.ends_with(['.', ',', ';', ':']) && !second.is_empty();
    (short && headline).then(|| first.trim_start_matches('#').trim().to_string())
}

/// Decodes text: byte-order marks, UTF-8, else a detected single-byte encoding
/// (Windows-1251, KOI8-R, ISO-8859-x, Windows-1252). Binary content is refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    decode::decode(bytes, None)
}

/// A count with thousands separators: "200,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_bom_and_utf16() {
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFKyiv").ok().as_deref(),
            Some("Kyiv")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Київ".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16).ok().as_deref(), Some("Київ"));
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert!(matches!(
            decode_text(b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(IngestError::NotText(_))
        ));
        assert!(matches!(read_bytes("x", b"  \n"), Err(IngestError::Empty)));
    }
}
