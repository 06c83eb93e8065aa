//! Web pages: the article's main text (a readability port, `dom_smoothie`) and its title,
//! author, date, site and canonical address from `<meta>`, OpenGraph and JSON-LD.

use dom_query::Document as Dom;
use dom_smoothie::{Config, Readability, TextMode};

use super::{Meta, dates};

/// Most elements a page may have before extraction gives up on it (a hostile page).
const MAX_ELEMENTS: usize = 300_000;

/// The main text of a page with its metadata. When no article can be found, the visible
/// text of the body without scripts, navigation, headers, footers and forms.
pub fn extract(html: &str) -> (String, Meta) {
    let dom = Dom::from(html);
    let mut meta = page_meta(&dom);
    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
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
    let dom = Dom::from(html);
    dom.select("script, style, noscript, template, nav, header, footer, aside, form, iframe, svg")
        .remove();
    for sel in [
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
    ] {
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
}
