//! .zip archives: every member read as if it were a file, with limits against zip bombs
//! and members whose paths leave the archive.

use std::io::{Cursor, Read};

use super::{Document, IngestError, MAX_FILE_BYTES, Warning, WarningKind};

/// Most members read from one archive.
pub const MAX_ENTRIES: usize = 20_000;
/// Most bytes unpacked from one archive, all members together.
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest ratio of unpacked to packed size accepted for a member over 1 MB.
pub const MAX_RATIO: u64 = 200;
/// Archives inside archives are opened this deep.
pub const MAX_DEPTH: usize = 3;

/// The documents of every member, and a warning per member skipped.
pub fn extract(
    path: &str,
    bytes: &[u8],
    depth: usize,
) -> Result<(Vec<Document>, Vec<Warning>), IngestError> {
    if depth >= MAX_DEPTH {
        return Err(IngestError::Unsupported(format!(
            "archive nested more than {MAX_DEPTH} deep"
        )));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| IngestError::Malformed(format!("unreadable zip archive: {e}")))?;
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let mut total: u64 = 0;
    let n = archive.len();
    if n > MAX_ENTRIES {
        warnings.push(Warning {
            source: path.to_string(),
            message: format!("{n} members; only the first {MAX_ENTRIES} are read"),
            kind: WarningKind::Partial,
        });
    }
    for i in 0..n.min(MAX_ENTRIES) {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                warnings.push(Warning {
                    source: format!("{path}!{i}"),
                    message: format!("unreadable member: {e}"),
                    kind: WarningKind::Unreadable,
                });
                continue;
            }
        };
        let raw_name = file
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("member {i}"));
        let member_path = format!("{path}!/{raw_name}");
        if file.is_dir() {
            continue;
        }
        let Some(name) = file.enclosed_name() else {
            warnings.push(Warning {
                source: member_path,
                message: "member path leaves the archive; skipped".into(),
                kind: WarningKind::Unsafe,
            });
            continue;
        };
        let hidden = name.components().any(|c| {
            let s = c.as_os_str().to_string_lossy();
            s.starts_with('.') || s == "__MACOSX"
        });
        if hidden {
            continue;
        }
        if file.encrypted() {
            warnings.push(Warning {
                source: member_path,
                message: "encrypted member (no password); skipped".into(),
                kind: WarningKind::Unsupported,
            });
            continue;
        }
        let size = file.size();
        let packed = file.compressed_size().max(1);
        if size > MAX_FILE_BYTES {
            warnings.push(Warning {
                source: member_path,
                message: format!(
                    "too large: {} MB unpacked (the limit is {} MB)",
                    size / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                kind: WarningKind::TooLarge,
            });
            continue;
        }
        if size > 1024 * 1024 && size / packed > MAX_RATIO {
            warnings.push(Warning {
                source: member_path,
                message: format!(
                    "compressed {}:1, more than {MAX_RATIO}:1 (a zip bomb?); skipped",
                    size / packed
                ),
                kind: WarningKind::Unsafe,
            });
            continue;
        }
        if total + size > MAX_TOTAL_BYTES {
            warnings.push(Warning {
                source: path.to_string(),
                message: format!(
                    "more than {} MB unpacked; the rest is skipped",
                    MAX_TOTAL_BYTES / (1024 * 1024)
                ),
                kind: WarningKind::Partial,
            });
            break;
        }
        // The header's size may lie: never read more than the limit.
        let mut data = Vec::new();
        if let Err(e) = (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(&mut data) {
            warnings.push(Warning {
                source: member_path,
                message: format!("unreadable member: {e}"),
                kind: WarningKind::Unreadable,
            });
            continue;
        }
        if data.len() as u64 > MAX_FILE_BYTES {
            warnings.push(Warning {
                source: member_path,
                message: "larger than its header says; skipped".into(),
                kind: WarningKind::Malformed,
            });
            continue;
        }
        total += data.len() as u64;
        let file_name = name
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        match super::read_bytes_at(&member_path, &file_name, &data, depth + 1) {
            Ok(read) => {
                docs.extend(read.documents);
                warnings.extend(read.warnings);
            }
            Err(e) => warnings.push(Warning {
                source: member_path,
                message: e.to_string(),
                kind: e.kind(),
            }),
        }
    }
    if docs.is_empty() && warnings.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok((docs, warnings))
}
