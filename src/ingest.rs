//! Ingest: from paths (files and folders) to documents with text and metadata.
//!
//! [`collect_files`] expands folders; [`read_file`] turns one file into documents (a file
//! may hold several, e.g. a feed) or a one-line reason why it cannot.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most files taken from one folder tree.
pub const MAX_FILES: usize = 200_000;

/// An article: its text and what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Where it came from: the path as given.
    pub source: String,
    /// Title, when the file says.
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, when the file says.
    pub date: Option<String>,
    /// The article's text.
    pub text: String,
}

impl Document {
    /// The title, or the file name when there is none.
    pub fn display_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| {
            Path::new(&self.source)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.source.clone())
        })
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
}

/// A problem with one path, for the import report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The path.
    pub source: String,
    /// One line saying what went wrong.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
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
            }),
        }
    }
    if files.len() > MAX_FILES {
        warnings.push(Warning {
            source: format!("{} files", files.len()),
            message: format!("only the first {MAX_FILES} files are read"),
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
pub fn read_file(path: &Path) -> Result<Vec<Document>, IngestError> {
    let meta = fs::metadata(path).map_err(|e| IngestError::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size_mb: meta.len() / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    let bytes = fs::read(path).map_err(|e| IngestError::Io(e.to_string()))?;
    let doc = read_bytes(&path.display().to_string(), &bytes)?;
    Ok(vec![doc])
}

/// Turns the bytes of a text file into a document.
pub fn read_bytes(source: &str, bytes: &[u8]) -> Result<Document, IngestError> {
    let text = decode_text(bytes)?;
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(Document {
        source: source.to_string(),
        title: None,
        date: None,
        text,
    })
}

/// Decodes text: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order mark.
/// Binary content is refused.
pub fn decode_text(bytes: &[u8]) -> Result<String, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8(rest.to_vec())
            .map_err(|_| IngestError::NotText("invalid UTF-8 after a UTF-8 mark".into()));
    }
    for (bom, little) in [([0xFFu8, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| {
                    if little {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            return String::from_utf16(&units)
                .map_err(|_| IngestError::NotText("invalid UTF-16".into()));
        }
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return Err(IngestError::NotText("binary content".into()));
    }
    match String::from_utf8(bytes.to_vec()) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            // Not UTF-8: read it as Windows-1252 when it has no control bytes, else refuse.
            let controls = bytes
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
                .count();
            if controls * 100 > bytes.len() {
                return Err(IngestError::NotText("binary content".into()));
            }
            Ok(bytes.iter().map(|&b| windows_1252(b)).collect())
        }
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '“', '”', '•', '–', '—', '˜', '™', 'š', '›',
        'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => char::from(b),
    }
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
