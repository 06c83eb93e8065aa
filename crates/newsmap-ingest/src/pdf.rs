//! PDF: the text layer in reading order, lines joined into paragraphs, hyphenation at line
//! ends undone.
//!
//! Text comes from `pdf-extract`'s content interpreter, chosen by measurement on PDFs of ten
//! producers (groff, Ghostscript, enscript, LibreOffice, cairo, Chromium, pdfTeX,
//! hand-written operators; the README's table) against `pdf_oxide` and others: with three
//! repairs it reads them best, and builds in a fraction of the time. The repairs, each
//! general rather than for one producer:
//! - the `'` and `"` operators (next line, then show), which it skips, are rewritten as
//!   `T*` and `Tj` before it runs (enscript's and Ghostscript's lines were lost);
//! - a space goes wherever the next glyph starts clearly past the end of the last one,
//!   inside a shown string too, so words placed by positioning alone are not glued;
//! - ligature characters (U+FB00–FB06) are spelled out.
//!
//! Lost text is found in general: the glyphs the pages' text operators draw are counted
//! and set against the characters read; a PDF that draws text that could not be read says
//! so instead of giving an empty document, and one read in part gets a note.

use lopdf::content::Operation;
use lopdf::{Document as Pdf, Object};

use super::{IngestError, Meta, dates};

/// Share of the drawn glyphs that must come back as characters for the text to count as
/// read whole; below it a note says how much was lost.
const READ_WHOLE: f64 = 0.6;
/// A gap before a glyph wider than this share of the font size is a space (at a word's
/// start, where the producer may have moved the pen for the space).
const WORD_GAP_EM: f64 = 0.1;
/// The same inside one shown string, where kerning and letter spacing also move the pen.
const INNER_GAP_EM: f64 = 0.2;

/// The text of a PDF with its metadata (title and creation date from the document
/// information, when set).
pub fn extract(bytes: &[u8]) -> Result<(String, Meta), IngestError> {
    let mut pdf = Pdf::load_mem(bytes).map_err(|e| pdf_error(&e.to_string()))?;
    if pdf.is_encrypted() && pdf.decrypt("").is_err() {
        return Err(IngestError::Unsupported(
            "encrypted PDF (no password)".into(),
        ));
    }
    let glyphs = prepare(&mut pdf);
    let page_numbers: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(page_numbers.len());
    for n in page_numbers {
        let mut out = GapText::default();
        // A page that cannot be read (an error, or a panic in the interpreter on a font it
        // does not understand) costs that page, not the rest of the document; the glyph
        // count then tells the user text was lost.
        let page = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = pdf_extract::output_doc_page(&pdf, &mut out, n);
            out.text
        }));
        if let Ok(text) = page {
            pages.push(spell_ligatures(&text));
        }
    }
    let text = pages
        .iter()
        .map(|p| join_lines(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let read = text.chars().filter(|c| !c.is_whitespace()).count();
    if text.trim().is_empty() {
        return Err(IngestError::Unsupported(if glyphs > 0 {
            format!(
                "PDF whose text could not be read: its pages draw {glyphs} glyphs, but their \
                 fonts do not say which characters they are"
            )
        } else {
            "PDF without a text layer (scanned pages need OCR)".into()
        }));
    }
    let mut meta = info(&pdf);
    if glyphs > 0 && (read as f64) < READ_WHOLE * glyphs as f64 {
        meta.notes.push(format!(
            "only part of the PDF's text could be read ({read} characters for {glyphs} glyphs \
             drawn)"
        ));
    }
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

fn pdf_error(msg: &str) -> IngestError {
    if msg.to_ascii_lowercase().contains("encrypt") || msg.contains("password") {
        IngestError::Unsupported("encrypted PDF (no password)".into())
    } else {
        IngestError::Malformed(format!("unreadable PDF: {}", first_line(msg)))
    }
}

/// Counts the glyphs the pages' text operators (`Tj`, `TJ`, `'`, `"`) draw, spaces left out
/// (two bytes a glyph in composite fonts), and rewrites `'` and `"` as the operators they
/// stand for, so the interpreter shows their text.
fn prepare(pdf: &mut Pdf) -> usize {
    fn count(o: &Object, width: usize) -> usize {
        match o {
            Object::String(s, _) if width == 1 => s.iter().filter(|&&b| b != b' ').count(),
            Object::String(s, _) => s.len() / width,
            Object::Array(a) => a.iter().map(|o| count(o, width)).sum(),
            _ => 0,
        }
    }
    let mut glyphs = 0;
    let pages: Vec<lopdf::ObjectId> = pdf.get_pages().values().copied().collect();
    for page in pages {
        let composite: std::collections::BTreeMap<Vec<u8>, bool> = pdf
            .get_page_fonts(page)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, font)| {
                let t0 = font
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"Type0");
                (name, t0)
            })
            .collect();
        let Ok(mut content) = pdf.get_and_decode_page_content(page) else {
            continue;
        };
        let mut width = 1;
        let mut rewritten = false;
        let mut ops = Vec::with_capacity(content.operations.len());
        for op in std::mem::take(&mut content.operations) {
            match op.operator.as_str() {
                "Tf" => {
                    width = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| composite.get(n))
                        .map_or(1, |&t0| if t0 { 2 } else { 1 });
                    ops.push(op);
                }
                "Tj" | "TJ" => {
                    glyphs += op.operands.iter().map(|o| count(o, width)).sum::<usize>();
                    ops.push(op);
                }
                "'" => {
                    glyphs += op.operands.iter().map(|o| count(o, width)).sum::<usize>();
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", op.operands));
                    rewritten = true;
                }
                "\"" if op.operands.len() == 3 => {
                    let mut it = op.operands.into_iter();
                    let (aw, ac, text) = (it.next(), it.next(), it.next());
                    if let (Some(aw), Some(ac), Some(text)) = (aw, ac, text) {
                        glyphs += count(&text, width);
                        ops.push(Operation::new("Tw", vec![aw]));
                        ops.push(Operation::new("Tc", vec![ac]));
                        ops.push(Operation::new("T*", vec![]));
                        ops.push(Operation::new("Tj", vec![text]));
                    }
                    rewritten = true;
                }
                _ => ops.push(op),
            }
        }
        content.operations = ops;
        if rewritten && let Ok(encoded) = content.encode() {
            let _ = pdf.change_page_content(page, encoded);
        }
    }
    glyphs
}

/// Text from the interpreter's glyphs: a line break where the pen moves to another line, a
/// space where it jumps ahead (see [`WORD_GAP_EM`], [`INNER_GAP_EM`]).
#[derive(Debug, Default)]
struct GapText {
    text: String,
    started: bool,
    word_start: bool,
    last_end: f64,
    last_y: f64,
}

impl pdf_extract::OutputDev for GapText {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &pdf_extract::MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.started = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.text.push('\n');
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        // Along and across the line of text, whatever its rotation (landscape pages, text
        // set sideways), with "across" growing downwards; the font size as the side of the
        // square of the same area as its transformed box.
        let norm = trm.m11.hypot(trm.m12);
        let (ux, uy) = if norm > 0.0 {
            (trm.m11 / norm, trm.m12 / norm)
        } else {
            (1.0, 0.0)
        };
        let x = trm.m31 * ux + trm.m32 * uy;
        let y = trm.m31 * uy - trm.m32 * ux;
        let size = ((font_size * (trm.m11 + trm.m21)) * (font_size * (trm.m12 + trm.m22)))
            .abs()
            .sqrt();
        if self.started {
            let dy = (y - self.last_y).abs();
            // A jump of more than a line and a half, then a move back to the left margin:
            // each is a line break, so together they leave a blank line (a paragraph).
            let far = dy > size * 1.5;
            let next_line = x < self.last_end && dy > size * 0.5;
            if far {
                self.text.push('\n');
            }
            if next_line {
                self.text.push('\n');
            }
            if !far && !next_line {
                let gap = if self.word_start {
                    WORD_GAP_EM
                } else {
                    INNER_GAP_EM
                };
                if x > self.last_end + size * gap
                    && !self.text.ends_with([' ', '\n'])
                    && !ch.starts_with(' ')
                {
                    self.text.push(' ');
                }
            }
        }
        self.text.push_str(ch);
        self.started = true;
        self.word_start = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.word_start = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// "ﬁ" → "fi": the ligature characters spelled out.
fn spell_ligatures(s: &str) -> String {
    if !s.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{FB00}' => out.push_str("ff"),
            '\u{FB01}' => out.push_str("fi"),
            '\u{FB02}' => out.push_str("fl"),
            '\u{FB03}' => out.push_str("ffi"),
            '\u{FB04}' => out.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
            c => out.push(c),
        }
    }
    out
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Title and creation date from the PDF's document information dictionary.
fn info(doc: &Pdf) -> Meta {
    let mut meta = Meta::default();
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
