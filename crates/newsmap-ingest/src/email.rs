//! E-mail: an .eml message or each message of an .mbox (newsletters). HTML parts go through
//! the web-page path; the sender, subject and date are kept.

use mail_parser::{MessageParser, PartType};

use super::{Document, Format, IngestError, Meta, Warning, WarningKind, dates, html, tidy_text};

/// Whether the text starts like an mbox file ("From sender date" then headers).
pub fn is_mbox(head: &[u8]) -> bool {
    head.starts_with(b"From ") && head.windows(2).any(|w| w == b":\n" || w == b": ")
}

/// Whether the bytes start like a message: header lines, with at least two of the headers
/// messages carry.
pub fn is_message(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_ascii_lowercase();
    let mut known = 0;
    for line in head.lines().take(60) {
        if line.is_empty() {
            break;
        }
        if line.starts_with(' ') || line.starts_with('\t') {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || name.contains(' ') {
            return false;
        }
        if matches!(
            name,
            "from"
                | "to"
                | "subject"
                | "date"
                | "message-id"
                | "mime-version"
                | "received"
                | "content-type"
                | "return-path"
                | "snapshot-content-location"
        ) {
            known += 1;
        }
    }
    known >= 2
}

/// One message as a document.
pub fn message(path: &str, raw: &[u8]) -> Result<Document, IngestError> {
    let msg = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| IngestError::Malformed("unreadable e-mail message".into()))?;
    let mut meta = Meta::default();
    let html_part = msg
        .html_body
        .iter()
        .find_map(|&i| match &msg.parts.get(i as usize)?.body {
            PartType::Html(h) => Some(h.to_string()),
            _ => None,
        });
    let text_part = msg
        .text_body
        .iter()
        .find_map(|&i| match &msg.parts.get(i as usize)?.body {
            PartType::Text(t) => Some(t.to_string()),
            _ => None,
        });
    let text = if let Some(h) = html_part {
        let (text, page) = html::extract(&h);
        meta = page;
        if text.trim().is_empty() {
            text_part.map(|t| tidy_text(&t)).unwrap_or_default()
        } else {
            text
        }
    } else {
        text_part.map(|t| tidy_text(&t)).unwrap_or_default()
    };
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some(subject) = msg.subject().map(str::trim).filter(|s| !s.is_empty()) {
        meta.title = Some(subject.to_string());
    }
    if let Some(from) = msg.from().and_then(|a| a.first()) {
        // A saved page's "From: <Saved by Blink>" is no sender.
        let sender = from
            .address()
            .filter(|a| a.contains('@'))
            .map(|a| from.name().unwrap_or(a).to_string());
        // A saved web page (.mhtml) has no sender: its site stays.
        if sender.is_some() {
            meta.source = sender;
        }
    }
    if let Some(d) = msg.date() {
        meta.date = dates::normalize(&d.to_rfc3339()).or(meta.date);
    }
    if meta.url.is_none() {
        meta.url = msg
            .header_raw("Snapshot-Content-Location")
            .map(|s| s.trim().to_string());
    }
    Ok(Document::new(path.to_string(), Format::Email, text, meta))
}

/// Every message of an mbox file.
pub fn mbox(path: &str, bytes: &[u8]) -> Result<(Vec<Document>, Vec<Warning>), IngestError> {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    let iter = mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(bytes));
    for (i, m) in iter.enumerate() {
        let item = format!("{path}#message{}", i + 1);
        match m {
            Ok(m) => match message(&item, m.contents()) {
                Ok(d) => docs.push(d),
                Err(e) => warnings.push(Warning {
                    source: item,
                    message: e.to_string(),
                    kind: e.kind(),
                }),
            },
            Err(e) => warnings.push(Warning {
                source: item,
                message: format!("cannot read: {e}"),
                kind: WarningKind::Unreadable,
            }),
        }
        if docs.len() >= super::MAX_DOCUMENTS_PER_FILE {
            warnings.push(Warning {
                source: path.to_string(),
                message: format!(
                    "only the first {} messages are read",
                    super::MAX_DOCUMENTS_PER_FILE
                ),
                kind: WarningKind::Partial,
            });
            break;
        }
    }
    if docs.is_empty() && warnings.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok((docs, warnings))
}
