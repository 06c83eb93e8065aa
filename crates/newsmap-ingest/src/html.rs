//! Web pages: the article's main text (a readability port, `dom_smoothie`) and its title,
//! author, date, site and canonical address from `<meta>`, OpenGraph and JSON-LD.

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};

use super::{Meta, dates};

/// Most elements a page may have to be parsed as a page; past it, its tags are stripped
/// (real pages have a few thousand; a hostile one millions).
pub const MAX_ELEMENTS: usize = 200_000;
/// Deepest nesting of elements a page may have to be parsed as a page (real pages nest a
/// few dozen deep; the HTML parser's time grows with depth times elements).
pub const MAX_DEPTH: usize = 512;

/// Why a page is read as plain text rather than parsed, if it is: too many elements or
/// too deep a nesting, found by one pass over the markup before any parser sees it.
pub fn over_limits(html: &str) -> Option<String> {
    let shape = shape(html);
    if shape.depth > MAX_DEPTH {
        Some(format!(
            "too deeply nested ({} levels; the limit is {MAX_DEPTH})",
            crate::thousands(shape.depth as u64)
        ))
    } else if shape.elements > MAX_ELEMENTS {
        Some(format!(
            "too many elements ({}; the limit is {})",
            crate::thousands(shape.elements as u64),
            crate::thousands(MAX_ELEMENTS as u64)
        ))
    } else {
        None
    }
}

/// Elements and the deepest nesting of a page's markup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Start tags.
    pub elements: usize,
    /// Deepest nesting of elements that must be closed.
    pub depth: usize,
}

/// Elements whose end tag may be left out, or that have none: they do not nest.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "colgroup", "dd", "dt", "embed", "hr", "img", "input", "li",
    "link", "meta", "option", "optgroup", "p", "param", "rp", "rt", "source", "tbody", "td",
    "tfoot", "th", "thead", "tr", "track", "wbr", "!doctype",
];

/// One pass over the markup: start tags, and how deep elements nest (end tags close them;
/// void and self-closed elements, and those whose end tag is optional, do not count).
pub fn shape(html: &str) -> Shape {
    let b = html.as_bytes();
    let mut shape = Shape::default();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + off + 1;
        let Some(len) = b[start..].iter().position(|&c| c == b'>') else {
            break;
        };
        let tag = &html[start..start + len];
        i = start + len + 1;
        if tag.starts_with("!--") {
            // A comment runs to "-->".
            if !tag.ends_with("--")
                && let Some(end) = html[start..].find("-->")
            {
                i = start + end + 3;
            }
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() {
            continue;
        }
        let flat = FLAT.contains(&name.as_str()) || tag.ends_with('/');
        if closing {
            if !flat {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        shape.elements += 1;
        if !flat {
            depth += 1;
            shape.depth = shape.depth.max(depth);
        }
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            // Raw text up to its end tag.
            let close = format!("</{name}");
            match find_ascii_ci(&html[i..], &close) {
                Some(end) => i += end,
                None => break,
            }
        }
    }
    shape
}

/// Where `needle` (ASCII, lower case) first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&k| h[k..k + n.len()].eq_ignore_ascii_case(n))
}

/// Elements that start a new line when tags are stripped.
const BLOCK: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "article",
    "section",
    "td",
    "th",
    "dd",
    "dt",
    "hr",
    "pre",
    "table",
    "ul",
    "ol",
];

/// The text of markup with its tags stripped in one pass (no tree is built): scripts and
/// styles left out, a line break at block elements, the common entities decoded. For pages
/// past the parser's limits.
pub fn strip_tags(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    while i < b.len() {
        let Some(off) = b[i..].iter().position(|&c| c == b'<') else {
            out.push_str(&decode_entities(&html[i..]));
            break;
        };
        out.push_str(&decode_entities(&html[i..i + off]));
        let start = i + off + 1;
        let Some(len) = b[start..].iter().position(|&c| c == b'>') else {
            break;
        };
        let tag = &html[start..start + len];
        i = start + len + 1;
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if matches!(
            name.as_str(),
            "script" | "style" | "noscript" | "template" | "svg"
        ) && !tag.starts_with('/')
        {
            let close = format!("</{name}");
            match find_ascii_ci(&html[i..], &close) {
                Some(end) => i += end,
                None => break,
            }
        } else if BLOCK.contains(&name.as_str()) {
            out.push('\n');
        } else {
            out.push(' ');
        }
    }
    tidy(&out)
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, n)) => {
                out.push(c);
                rest = &rest[n..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The `<title>` of markup, found without parsing it.
fn raw_title(html: &str) -> Option<String> {
    let start = find_ascii_ci(html, "<title")?;
    let open_end = html[start..].find('>')? + start + 1;
    let end = find_ascii_ci(&html[open_end..], "</title")? + open_end;
    let t = tidy(&decode_entities(&html[open_end..end]));
    (!t.is_empty()).then_some(t)
}

/// The main text of a page with its metadata. When no article can be found, the visible
/// text of the body without scripts, navigation, headers, footers and forms. A page past
/// the parser's limits ([`over_limits`]) is read with its tags stripped, and a note says
/// why.
pub fn extract(html: &str) -> (String, Meta) {
    if let Some(why) = over_limits(html) {
        let meta = Meta {
            title: raw_title(html),
            notes: vec![format!("{why}: read as plain text")],
            ..Meta::default()
        };
        let text = strip_tags(html);
        let date = dates::dateline(&text);
        return (text, Meta { date, ..meta });
    }
    let dom = Dom::from(html);
    let mut meta = page_meta(&dom);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS + 1,
        ..Default::default()
    };
    let article = Readability::with_document(dom, None, Some(cfg)).and_then(|mut r| r.parse());
    let text = match article {
        Ok(a) => {
            if meta.title.is_none() && !a.title.trim().is_empty() {
                meta.title = Some(a.title.trim().to_string());
            }
            meta.author = meta.author.or(a.byline.filter(|b| !b.trim().is_empty()));
            meta.source = meta.source.or(a.site_name.filter(|s| !s.trim().is_empty()));
            meta.date = meta
                .date
                .or_else(|| a.published_time.as_deref().and_then(dates::normalize));
            meta.url = meta.url.or(a.url);
            tidy(&a.text_content)
        }
        Err(_) => visible_text(html),
    };
    if meta.source.is_none() {
        meta.source = meta.url.as_deref().and_then(host);
    }
    if meta.date.is_none() {
        meta.date = dates::dateline(&text);
    }
    (text, meta)
}

/// The visible text of a page, for pages with no article (and HTML fragments in feeds and
/// JSON exports).
pub fn visible_text(html: &str) -> String {
    if over_limits(html).is_some() {
        return strip_tags(html);
    }
    let dom = Dom::from(html);
    dom.select("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg")
        .remove();
    for sel in BLOCK {
        for node in dom.select(sel).iter() {
            node.append_html("\n\n");
        }
    }
    let body = dom.select("body");
    let text = if body.exists() {
        body.text()
    } else {
        dom.root().text()
    };
    tidy(&text)
}

fn page_meta(dom: &Dom) -> Meta {
    let meta_content = |sels: &[&str]| -> Option<String> {
        sels.iter().find_map(|sel| {
            let s = dom.select(sel).first();
            let v = s.attr("content").or_else(|| s.attr("datetime"))?;
            let v = v.trim();
            (!v.is_empty()).then(|| v.to_string())
        })
    };
    let title = meta_content(&[
        r#"meta[property="og:title"]"#,
        r#"meta[name="twitter:title"]"#,
        r#"meta[name="title"]"#,
    ])
    .or_else(|| {
        let t = dom.select("title").first().text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_string())
    });
    let url = dom
        .select(r#"link[rel="canonical"]"#)
        .first()
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"))
        .or_else(|| meta_content(&[r#"meta[property="og:url"]"#]));
    let date = meta_content(&[
        r#"meta[property="article:published_time"]"#,
        r#"meta[name="article:published_time"]"#,
        r#"meta[itemprop="datePublished"]"#,
        r#"meta[name="pubdate"]"#,
        r#"meta[name="publish-date"]"#,
        r#"meta[name="date"]"#,
        r#"meta[name="dc.date"]"#,
        r#"meta[name="DC.date.issued"]"#,
        "time[datetime]",
    ])
    .and_then(|d| dates::normalize(&d));
    let source = meta_content(&[
        r#"meta[property="og:site_name"]"#,
        r#"meta[name="application-name"]"#,
    ]);
    let author = meta_content(&[
        r#"meta[name="author"]"#,
        r#"meta[property="article:author"]"#,
    ])
    .filter(|a| !a.starts_with("http"));
    Meta {
        title,
        author,
        date,
        url,
        source,
        notes: Vec::new(),
    }
}

/// The host of an address, without `www.`: the site when a page does not name itself.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#', ':']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// Trims lines, collapses runs of spaces and of blank lines.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_url() {
        assert_eq!(
            host("https://www.themoscowtimes.com/2024/11/24/x").as_deref(),
            Some("themoscowtimes.com")
        );
        assert_eq!(host("not a url"), None);
    }

    #[test]
    fn shape_counts_nesting_and_elements() {
        let deep = "<div>".repeat(1000);
        assert_eq!(shape(&deep).depth, 1000);
        let flat = "<p>one<p>two<br><img src=x /><div>three</div>".to_string();
        let s = shape(&flat);
        assert_eq!((s.elements, s.depth), (5, 1));
        assert!(over_limits(&deep).is_some_and(|w| w.contains("1,000 levels")));
        let script = "<script>if (a<b) { x = '<div>'; }</script><p>Kyiv</p>";
        assert_eq!(shape(script).depth, 1);
    }

    #[test]
    fn strip_tags_keeps_text_and_lines() {
        let html = "<html><head><title>T &amp; U</title><style>p{}</style></head>\
                    <body><p>Shelling in <b>Kharkiv</b>&nbsp;today.<p>Drones over Sumy &#8212; \
                    again.<script>var x='<p>no';</script></body></html>";
        assert_eq!(
            strip_tags(html),
            "T & U\nShelling in Kharkiv today.\nDrones over Sumy \u{2014} again."
        );
        assert_eq!(raw_title(html).as_deref(), Some("T & U"));
    }
}
