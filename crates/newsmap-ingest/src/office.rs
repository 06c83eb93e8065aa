//! Word (.docx) and OpenDocument (.odt) text documents: paragraphs from the document XML,
//! title, author and date from the document properties.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{IngestError, MAX_FILE_BYTES, Meta, dates};

/// Which kind of office document a zip holds, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Word.
    Docx,
    /// OpenDocument text.
    Odt,
}

/// The kind of office document in these zip bytes, if it is one.
pub fn kind(bytes: &[u8]) -> Option<Kind> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    if names.iter().any(|n| n == "word/document.xml") {
        Some(Kind::Docx)
    } else if names.iter().any(|n| n == "content.xml") && names.iter().any(|n| n == "mimetype") {
        Some(Kind::Odt)
    } else {
        None
    }
}

fn member(bytes: &[u8], name: &str) -> Result<Option<String>, IngestError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| IngestError::Malformed(format!("unreadable document: {e}")))?;
    let Ok(file) = archive.by_name(name) else {
        return Ok(None);
    };
    let mut out = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| IngestError::Malformed(format!("unreadable document part {name}: {e}")))?;
    if out.len() as u64 > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size_mb: out.len() as u64 / (1024 * 1024),
            limit_mb: MAX_FILE_BYTES / (1024 * 1024),
        });
    }
    Ok(Some(String::from_utf8_lossy(&out).into_owned()))
}

/// The text and metadata of a .docx or .odt.
pub fn extract(bytes: &[u8], kind: Kind) -> Result<(String, Meta), IngestError> {
    let (body, props) = match kind {
        Kind::Docx => ("word/document.xml", "docProps/core.xml"),
        Kind::Odt => ("content.xml", "meta.xml"),
    };
    let xml = member(bytes, body)?
        .ok_or_else(|| IngestError::Malformed(format!("document without {body}")))?;
    let text = body_text(&xml, kind)?;
    let meta = member(bytes, props)?
        .map(|x| properties(&x))
        .unwrap_or_default();
    Ok((text, meta))
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

fn body_text(xml: &str, kind: Kind) -> Result<String, IngestError> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    let mut in_text = kind == Kind::Odt;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match (kind, local(e.name().as_ref())) {
                (Kind::Docx, b"t") => in_text = true,
                (Kind::Odt, b"note-citation") => in_text = false,
                _ => {}
            },
            Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"tab" => out.push('\t'),
                b"br" | b"line-break" => out.push('\n'),
                b"s" if kind == Kind::Odt => out.push(' '),
                _ => {}
            },
            Ok(Event::End(e)) => match (kind, local(e.name().as_ref())) {
                (Kind::Docx, b"t") => in_text = false,
                (Kind::Odt, b"note-citation") => in_text = true,
                (_, b"p" | b"h") => out.push_str("\n\n"),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let s = t
                    .html_content()
                    .map_err(|e| IngestError::Malformed(format!("malformed document XML: {e}")))?;
                out.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                let name = String::from_utf8_lossy(&r);
                let ch = match name.as_ref() {
                    "amp" => Some("&"),
                    "lt" => Some("<"),
                    "gt" => Some(">"),
                    "quot" => Some("\""),
                    "apos" => Some("'"),
                    _ => None,
                };
                if let Some(c) = ch {
                    out.push_str(c);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                return Err(IngestError::Malformed(format!(
                    "malformed document XML: {e}"
                )));
            }
            _ => {}
        }
    }
    Ok(super::html::tidy(&out))
}

fn properties(xml: &str) -> Meta {
    let mut reader = Reader::from_str(xml);
    let mut meta = Meta::default();
    let mut field: Option<Vec<u8>> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => field = Some(local(e.name().as_ref()).to_vec()),
            Ok(Event::End(_)) => field = None,
            Ok(Event::Text(t)) => {
                let Ok(s) = t.html_content() else { continue };
                let s = s.trim().to_string();
                if s.is_empty() {
                    continue;
                }
                match field.as_deref() {
                    Some(b"title") => meta.title = Some(s),
                    Some(b"creator" | b"initial-creator") if meta.author.is_none() => {
                        meta.author = Some(s)
                    }
                    Some(b"created" | b"creation-date" | b"date") if meta.date.is_none() => {
                        meta.date = dates::normalize(&s)
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    meta
}
