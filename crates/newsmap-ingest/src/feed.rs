//! Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed): each item is a document with its own title,
//! date and link; an item with only a summary gives the summary.

use super::{Document, Format, IngestError, Meta, Warning, WarningKind, html};

/// The documents of a feed, and one warning per item that has no text.
pub fn extract(path: &str, bytes: &[u8]) -> Result<(Vec<Document>, Vec<Warning>), IngestError> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| IngestError::Malformed(format!("unreadable feed: {e}")))?;
    let feed_title = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let feed_host = feed.links.first().and_then(|l| html::host(&l.href));
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    for (i, entry) in feed.entries.iter().enumerate() {
        let item_path = format!("{path}#item{}", i + 1);
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .filter(|b| !b.trim().is_empty())
            .or_else(|| {
                entry
                    .summary
                    .as_ref()
                    .map(|s| s.content.clone())
                    .filter(|s| !s.trim().is_empty())
            });
        let title = entry
            .title
            .as_ref()
            .map(|t| html::visible_text(&t.content))
            .filter(|t| !t.is_empty());
        let Some(body) = body else {
            warnings.push(Warning {
                source: item_path,
                message: format!(
                    "feed item{} has no text",
                    title.map(|t| format!(" \"{t}\"")).unwrap_or_default()
                ),
                kind: WarningKind::NoArticle,
            });
            continue;
        };
        let text = if body.contains('<') {
            html::visible_text(&body)
        } else {
            html::tidy(&body)
        };
        if text.is_empty() {
            continue;
        }
        let url = entry.links.first().map(|l| l.href.clone());
        let meta = Meta {
            title,
            author: entry
                .authors
                .first()
                .and_then(|a| a.name.clone())
                .filter(|n| !n.is_empty()),
            date: entry
                .published
                .or(entry.updated)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            source: feed_title
                .clone()
                .or_else(|| feed_host.clone())
                .or_else(|| url.as_deref().and_then(html::host)),
            url,
            notes: Vec::new(),
        };
        docs.push(Document::new(item_path, Format::Feed, text, meta));
    }
    if docs.is_empty() && warnings.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok((docs, warnings))
}
