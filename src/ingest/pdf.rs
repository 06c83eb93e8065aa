//! PDF: the text layer in reading order, lines joined into paragraphs, hyphenation at line
//! ends undone.

use super::{IngestError, Meta, dates};

/// The text of a PDF with its metadata (title and creation date from the document
/// information, when set).
pub fn extract(bytes: &[u8]) -> Result<(String, Meta), IngestError> {
    let pages = pdf_extract::extract_text_from_mem_by_pages(bytes).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("encrypt") || msg.contains("password") {
            IngestError::Unsupported("encrypted PDF (no password)".into())
        } else {
            IngestError::Malformed(format!("unreadable PDF: {}", first_line(&msg)))
        }
    })?;
    let text = pages
        .iter()
        .map(|p| join_lines(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.trim().is_empty() {
        return Err(IngestError::Unsupported(
            "PDF without a text layer (scanned pages need OCR)".into(),
        ));
    }
    let mut meta = info(bytes);
    if meta.title.is_none() {
        // The first short line is usually the headline.
        meta.title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .filter(|l| l.chars().count() <= 160)
            .map(str::to_string);
    }
    if meta.date.is_none() {
        meta.date = dates::dateline(&text);
    }
    Ok((text, meta))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Title and creation date from the PDF's document information dictionary.
fn info(bytes: &[u8]) -> Meta {
    let mut meta = Meta::default();
    let Ok(doc) = lopdf::Document::load_mem(bytes) else {
        return meta;
    };
    let Ok(info) = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|r| doc.get_dictionary(r))
    else {
        return meta;
    };
    let text = |key: &[u8]| -> Option<String> {
        let o = info.get(key).ok()?;
        let bytes = o.as_str().ok()?;
        let s = if bytes.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = bytes[2..]
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            bytes.iter().map(|&b| char::from(b)).collect()
        };
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    // Titles that are only a file name ("Microsoft Word - report.docx") say nothing.
    meta.title = text(b"Title").filter(|t| {
        let lower = t.to_ascii_lowercase();
        !(lower.ends_with(".doc") || lower.ends_with(".docx") || lower.starts_with("microsoft"))
    });
    meta.author = text(b"Author");
    meta.date = text(b"CreationDate").and_then(|d| dates::normalize(&d));
    meta
}

/// Joins a page's lines into paragraphs: a blank line ends a paragraph; a line ending in a
/// hyphen after a letter joins the next line's lower-case word ("Kurak-\nhove").
pub fn join_lines(page: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in page.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !cur.is_empty() {
                paragraphs.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.is_empty() {
            cur = line;
            continue;
        }
        let hyphenated = cur.ends_with('-')
            && cur[..cur.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if hyphenated {
            cur.pop();
        } else {
            cur.push(' ');
        }
        cur.push_str(&line);
    }
    if !cur.is_empty() {
        paragraphs.push(cur);
    }
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_lines_and_hyphenation() {
        let page = "Russian forces advanced on Kura-\nkhove and the mining\ncity of Pokrovsk.\n\nA second para-\ngraph. North-\nKorean";
        assert_eq!(
            join_lines(page),
            "Russian forces advanced on Kurakhove and the mining city of Pokrovsk.\n\nA second paragraph. North- Korean"
        );
    }
}
