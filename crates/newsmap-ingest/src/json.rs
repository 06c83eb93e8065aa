//! JSON and JSON Lines exports of scraped articles: objects with `text`, `content` or
//! `body`, and optional title, date, url and source fields (also inside a top-level array or
//! an `articles`, `items`, `data` or `results` list).

use serde_json::Value;

use super::{Document, Format, IngestError, Meta, Warning, WarningKind, dates, html};

const TEXT_KEYS: [&str; 8] = [
    "text",
    "content",
    "body",
    "article",
    "full_text",
    "fulltext",
    "maintext",
    "description",
];
const TITLE_KEYS: [&str; 3] = ["title", "headline", "name"];
const DATE_KEYS: [&str; 9] = [
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datePublished",
    "date_publish",
    "created_at",
    "time",
];
const URL_KEYS: [&str; 4] = ["url", "link", "canonical_url", "source_url"];
const SOURCE_KEYS: [&str; 6] = ["source", "site", "site_name", "publisher", "domain", "feed"];

fn string_at(obj: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        // {"source": {"name": "Reuters"}}
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn article(path: String, obj: &serde_json::Map<String, Value>) -> Result<Document, IngestError> {
    let body = string_at(obj, &TEXT_KEYS).ok_or_else(|| {
        IngestError::Malformed("a JSON object without text, content or body".into())
    })?;
    let text = if body.contains("</") || body.contains("<p") {
        html::visible_text(&body)
    } else {
        html::tidy(&body)
    };
    if text.is_empty() {
        return Err(IngestError::Empty);
    }
    let url = string_at(obj, &URL_KEYS).filter(|u| u.contains("://"));
    let meta = Meta {
        title: string_at(obj, &TITLE_KEYS),
        author: string_at(obj, &["author", "byline"]),
        date: string_at(obj, &DATE_KEYS).and_then(|d| dates::normalize(&d)),
        source: string_at(obj, &SOURCE_KEYS).or_else(|| url.as_deref().and_then(html::host)),
        url,
        notes: Vec::new(),
    };
    Ok(Document::new(path, Format::Json, text, meta))
}

fn articles_in(path: &str, v: &Value, docs: &mut Vec<Document>, warnings: &mut Vec<Warning>) {
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let item_path = format!("{path}#{}", i + 1);
                match item {
                    Value::Object(o) => match article(item_path.clone(), o) {
                        Ok(d) => docs.push(d),
                        Err(e) => warnings.push(Warning {
                            source: item_path,
                            message: e.to_string(),
                            kind: e.kind(),
                        }),
                    },
                    _ => warnings.push(Warning {
                        source: item_path,
                        message: "not an article object".into(),
                        kind: WarningKind::NoArticle,
                    }),
                }
                if docs.len() >= super::MAX_DOCUMENTS_PER_FILE {
                    break;
                }
            }
        }
        Value::Object(o) => {
            for key in ["articles", "items", "data", "results", "documents", "posts"] {
                if let Some(list @ Value::Array(_)) = o.get(key) {
                    return articles_in(path, list, docs, warnings);
                }
            }
            match article(path.to_string(), o) {
                Ok(d) => docs.push(d),
                Err(e) => warnings.push(Warning {
                    source: path.to_string(),
                    message: e.to_string(),
                    kind: e.kind(),
                }),
            }
        }
        _ => warnings.push(Warning {
            source: path.to_string(),
            message: "JSON that holds no article objects".into(),
            kind: WarningKind::NoArticle,
        }),
    }
}

/// The articles of a JSON document or of JSON Lines.
pub fn extract(path: &str, text: &str) -> Result<(Vec<Document>, Vec<Warning>), IngestError> {
    let mut docs = Vec::new();
    let mut warnings = Vec::new();
    match serde_json::from_str::<Value>(text) {
        Ok(v) => articles_in(path, &v, &mut docs, &mut warnings),
        Err(whole_err) => {
            // JSON Lines: one object per line.
            let mut any = false;
            for (i, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                let line_path = format!("{path}#line{}", i + 1);
                match serde_json::from_str::<Value>(line) {
                    Ok(Value::Object(o)) => {
                        any = true;
                        match article(line_path.clone(), &o) {
                            Ok(d) => docs.push(d),
                            Err(e) => warnings.push(Warning {
                                source: line_path,
                                message: e.to_string(),
                                kind: e.kind(),
                            }),
                        }
                    }
                    _ if !any => {
                        return Err(IngestError::Malformed(format!(
                            "malformed JSON: {whole_err}"
                        )));
                    }
                    _ => warnings.push(Warning {
                        source: line_path,
                        message: "malformed JSON line".into(),
                        kind: WarningKind::Malformed,
                    }),
                }
                if docs.len() >= super::MAX_DOCUMENTS_PER_FILE {
                    break;
                }
            }
        }
    }
    if docs.is_empty() && warnings.is_empty() {
        return Err(IngestError::Empty);
    }
    if docs.is_empty() {
        return Err(IngestError::Malformed(
            warnings
                .first()
                .map(|w| w.message.clone())
                .unwrap_or_default(),
        ));
    }
    Ok((docs, warnings))
}
