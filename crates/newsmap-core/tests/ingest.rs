//! Issue 4: real article files. Every fixture is written by the test itself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};

use newsmap_core::Collection;
use newsmap_core::Geoparser;
use newsmap_core::ingest::{self, Format, IngestError};

mod make;
use make::{gaz, pdf, pinned, zip};

const STORY: &str = "Russian forces pushed toward Pokrovsk on Tuesday, a logistics hub in the \
eastern Donetsk region, while fighting flared near Kurakhove. Officials in Kyiv said air \
defences shot down most of the drones launched overnight at Kharkiv.";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
    }
    std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    p
}

fn read_one(path: &Path) -> ingest::Document {
    match ingest::read_file(path) {
        Ok(mut r) if r.documents.len() == 1 => r.documents.remove(0),
        other => panic!("{}: expected one document, got {other:?}", path.display()),
    }
}

fn page() -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Front line shifts | Example News</title>
<meta property="og:title" content="Front line shifts near Pokrovsk">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-11-19T08:15:00+00:00">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://www.example-news.org/2024/11/19/front-line">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Paris Olympics</a></nav></header>
<div class="cookie-banner">We use cookies. Accept all cookies?</div>
<main><article><h1>Front line shifts near Pokrovsk</h1>
<p>{STORY}</p>
<p>The governor of the Kursk region said a power plant was hit, and residents of Sudzha were
told to shelter. Emergency crews worked through the night to restore power to the town.</p>
<p>Military analysts said the advance had slowed in recent weeks because of heavy losses and
bad weather, but warned that the pressure on the town would continue into the winter.</p>
</article></main>
<aside><h3>Related stories</h3><ul><li><a href="/a">Floods in Lisbon</a></li><li><a href="/b">Election in Santiago</a></li></ul></aside>
<footer>Copyright Example News. All rights reserved. Follow us on social media from Toronto.</footer>
</body></html>"#
    )
}

#[test]
fn html_main_text_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let doc = read_one(&write(dir.path(), "saved page.html", page().as_bytes()));
    assert_eq!(doc.format, Format::Html);
    assert!(
        doc.text.contains("Russian forces pushed toward Pokrovsk"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("residents of Sudzha"));
    for chrome in ["Paris Olympics", "Lisbon", "Toronto", "Accept all cookies"] {
        assert!(
            !doc.text.contains(chrome),
            "{chrome} is page chrome: {}",
            doc.text
        );
    }
    assert_eq!(
        doc.title.as_deref(),
        Some("Front line shifts near Pokrovsk")
    );
    assert_eq!(doc.source.as_deref(), Some("Example News"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-19"));
    assert_eq!(doc.author.as_deref(), Some("Jane Reporter"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://www.example-news.org/2024/11/19/front-line")
    );
}

#[test]
fn windows_1251_and_koi8_russian_text_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let ru = "Покровск под ударом\n\nРоссийские войска продвигаются к Покровску в Донецкой \
              области, сообщили в Генштабе. Жители города эвакуируются в Днепр.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
    let doc = read_one(&write(dir.path(), "ru-1251.txt", &bytes));
    assert_eq!(doc.text, ru);
    assert_eq!(doc.title.as_deref(), Some("Покровск под ударом"));
    let (bytes, _, _) = encoding_rs::KOI8_R.encode(ru);
    assert_eq!(read_one(&write(dir.path(), "ru-koi8.txt", &bytes)).text, ru);
    // A page that declares its charset.
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">\
         <title>Новости</title></head><body><article><p>{}</p><p>{}</p></article></body></html>",
        ru.trim(),
        ru.trim()
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    let doc = read_one(&write(dir.path(), "ru.html", &bytes));
    assert!(
        doc.text
            .contains("Российские войска продвигаются к Покровску"),
        "{}",
        doc.text
    );
}

#[test]
fn rss_items_are_documents_with_their_own_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let rss = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>War Desk</title><link>https://wardesk.example.com/</link>
<item><title>Drones over Kharkiv</title><link>https://wardesk.example.com/1</link>
<pubDate>Tue, 19 Nov 2024 07:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Kursk counteroffensive</title><link>https://wardesk.example.com/2</link>
<pubDate>Wed, 20 Nov 2024 09:30:00 GMT</pubDate>
<description>North Korean troops fought in the Kursk region, Ukrainian officials said.</description></item>
</channel></rss>"#
    );
    let r = ingest::read_file(&write(dir.path(), "feed.xml", rss.as_bytes())).unwrap();
    assert_eq!(r.documents.len(), 2);
    let (a, b) = (&r.documents[0], &r.documents[1]);
    assert_eq!(a.format, Format::Feed);
    assert_eq!(a.title.as_deref(), Some("Drones over Kharkiv"));
    assert_eq!(a.date.as_deref(), Some("2024-11-19"));
    assert_eq!(a.url.as_deref(), Some("https://wardesk.example.com/1"));
    assert_eq!(a.source.as_deref(), Some("War Desk"));
    assert!(
        a.text.starts_with("Russian forces pushed toward Pokrovsk"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("<p>"));
    assert_eq!(b.date.as_deref(), Some("2024-11-20"));
    assert!(b.text.contains("Kursk region"));
    assert!(b.path.ends_with("#item2"));
}

#[test]
fn atom_and_json_feed() {
    let dir = tempfile::tempdir().unwrap();
    let atom = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Desk</title><id>urn:x</id><updated>2024-11-21T00:00:00Z</updated>
<entry><title>Front report</title><id>urn:1</id><link href="https://atom.example.com/1"/>
<published>2024-11-21T10:00:00Z</published><updated>2024-11-21T10:00:00Z</updated>
<summary>{STORY}</summary></entry></feed>"#
    );
    let r = ingest::read_file(&write(dir.path(), "a.atom", atom.as_bytes())).unwrap();
    assert_eq!(r.documents[0].date.as_deref(), Some("2024-11-21"));
    assert_eq!(r.documents[0].source.as_deref(), Some("Atom Desk"));
    let json_feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1", "title": "JSON Desk",
        "items": [{"id": "1", "url": "https://json.example.com/1", "title": "Item one",
                   "content_text": STORY, "date_published": "2024-11-22T10:00:00Z"}]
    });
    let r = ingest::read_file(&write(
        dir.path(),
        "feed.json",
        json_feed.to_string().as_bytes(),
    ))
    .unwrap();
    assert_eq!(r.documents[0].format, Format::Feed);
    assert_eq!(r.documents[0].date.as_deref(), Some("2024-11-22"));
}

#[test]
fn eml_with_html_body_and_mbox() {
    let dir = tempfile::tempdir().unwrap();
    let eml = format!(
        "From: Front Line Newsletter <news@frontline.example.com>\r\nTo: analyst@example.org\r\n\
Subject: Morning briefing: Pokrovsk\r\nDate: Thu, 21 Nov 2024 06:00:00 +0000\r\n\
MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<html><body><article><h1>Morning briefing</h1><p>{STORY}</p><p>{STORY}</p></article>\
<p>You are receiving this because you subscribed. Unsubscribe.</p></body></html>\r\n"
    );
    let doc = read_one(&write(dir.path(), "brief.eml", eml.as_bytes()));
    assert_eq!(doc.format, Format::Email);
    assert_eq!(doc.title.as_deref(), Some("Morning briefing: Pokrovsk"));
    assert_eq!(doc.source.as_deref(), Some("Front Line Newsletter"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-21"));
    assert!(
        doc.text.contains("Russian forces pushed toward Pokrovsk"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("<p>"));

    let mbox = format!(
        "From news@a.example.com Thu Nov 21 06:00:00 2024\nFrom: A <news@a.example.com>\n\
Subject: One\nDate: Thu, 21 Nov 2024 06:00:00 +0000\n\n{STORY}\n\n\
From news@b.example.com Fri Nov 22 06:00:00 2024\nFrom: B <news@b.example.com>\n\
Subject: Two\nDate: Fri, 22 Nov 2024 06:00:00 +0000\n\nNorth Korean troops in the Kursk region.\n"
    );
    let r = ingest::read_file(&write(dir.path(), "letters.mbox", mbox.as_bytes())).unwrap();
    let titles: Vec<Option<&str>> = r.documents.iter().map(|d| d.title.as_deref()).collect();
    assert_eq!(titles, [Some("One"), Some("Two")]);
    assert_eq!(r.documents[1].date.as_deref(), Some("2024-11-22"));
}

/// A one-page PDF with `lines` in Helvetica, made with lopdf.
#[test]
fn pdf_text_in_reading_order_with_hyphenation_joined() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(&[
        "Situation report",
        "",
        "Russian forces advanced toward Kura-",
        "khove and the mining city of Pokrovsk",
        "in the Donetsk region on 19 November 2024.",
    ]);
    let doc = read_one(&write(dir.path(), "report.pdf", &bytes));
    assert_eq!(doc.format, Format::Pdf);
    assert!(
        doc.text
            .contains("toward Kurakhove and the mining city of Pokrovsk in the Donetsk region"),
        "{:?}",
        doc.text
    );
    assert_eq!(doc.title.as_deref(), Some("Situation report"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-19"));
    // Truncated: a clear error, no panic.
    let cut = write(dir.path(), "cut.pdf", &bytes[..bytes.len() / 3]);
    match ingest::read_file(&cut) {
        Err(e) => assert!(
            matches!(&e, IngestError::Malformed(m) if m.starts_with("unreadable PDF")),
            "{e:?}"
        ),
        Ok(r) => assert!(
            r.documents
                .iter()
                .all(|d| !d.text.contains("Pokrovsk in the"))
        ),
    }
}

#[test]
fn docx_and_odt() {
    let dir = tempfile::tempdir().unwrap();
    let docx = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Briefing &amp; analysis</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">{} </w:t></w:r><w:r><w:t>Sudzha was shelled.</w:t></w:r></w:p>
</w:body></w:document>"#,
                STORY
            )
            .as_bytes(),
        ),
        (
            "docProps/core.xml",
            br#"<cp:coreProperties xmlns:cp="x" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Weekly briefing</dc:title><dc:creator>Desk</dc:creator><dcterms:created>2024-11-18T09:00:00Z</dcterms:created></cp:coreProperties>"#,
        ),
    ]);
    let doc = read_one(&write(dir.path(), "briefing.docx", &docx));
    assert_eq!(doc.format, Format::Docx);
    assert!(
        doc.text
            .starts_with("Briefing & analysis\n\nRussian forces"),
        "{:?}",
        doc.text
    );
    assert!(doc.text.contains("Kharkiv. Sudzha was shelled."));
    assert_eq!(doc.title.as_deref(), Some("Weekly briefing"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-18"));

    let odt = zip(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        (
            "content.xml",
            format!(
                r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:h>Heading</text:h><text:p>{STORY}</text:p></office:text></office:body></office:document-content>"#
            )
            .as_bytes(),
        ),
        (
            "meta.xml",
            br#"<office:document-meta xmlns:office="o" xmlns:dc="d" xmlns:meta="m"><office:meta><dc:title>ODT report</dc:title><meta:creation-date>2024-11-17T10:00:00</meta:creation-date></office:meta></office:document-meta>"#,
        ),
    ]);
    let doc = read_one(&write(dir.path(), "report.odt", &odt));
    assert_eq!(doc.format, Format::Odt);
    assert!(
        doc.text.starts_with("Heading\n\nRussian forces"),
        "{:?}",
        doc.text
    );
    assert_eq!(doc.title.as_deref(), Some("ODT report"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-17"));
}

#[test]
fn json_and_json_lines_exports() {
    let dir = tempfile::tempdir().unwrap();
    let arr = serde_json::json!([
        {"title": "One", "content": STORY, "date": "2024-11-19", "url": "https://www.one.example.com/x"},
        {"headline": "Two", "body": "<p>North Korean troops in the Kursk region.</p>", "source": {"name": "Wire"}},
        {"title": "No text"}
    ]);
    let r = ingest::read_file(&write(
        dir.path(),
        "export.json",
        arr.to_string().as_bytes(),
    ))
    .unwrap();
    assert_eq!(r.documents.len(), 2);
    assert_eq!(r.documents[0].source.as_deref(), Some("one.example.com"));
    assert_eq!(r.documents[1].source.as_deref(), Some("Wire"));
    assert_eq!(
        r.documents[1].text,
        "North Korean troops in the Kursk region."
    );
    assert_eq!(r.warnings.len(), 1, "the object without text is reported");
    let lines = format!(
        "{}\n{}\n",
        serde_json::json!({"text": STORY, "title": "L1"}),
        serde_json::json!({"text": "Fighting near Kupiansk.", "published_at": "2024-11-20T10:00:00Z"})
    );
    let r = ingest::read_file(&write(dir.path(), "export.jsonl", lines.as_bytes())).unwrap();
    assert_eq!(r.documents.len(), 2);
    assert_eq!(r.documents[1].date.as_deref(), Some("2024-11-20"));
}

#[test]
fn zip_with_nested_folders_and_hostile_members() {
    let dir = tempfile::tempdir().unwrap();
    let inner = zip(&[(
        "deep/c.txt",
        b"Shelling in Kherson and Zaporizhzhia overnight.",
    )]);
    let bomb = vec![0u8; 4 * 1024 * 1024];
    let archive = zip(&[
        ("reports/2024/a.txt", STORY.as_bytes()),
        ("reports/b.html", page().as_bytes()),
        ("reports/inner.zip", &inner),
        ("../escape.txt", b"Kyiv"),
        (".hidden/x.txt", b"Kyiv"),
        ("zeros.txt", &bomb),
    ]);
    let r = ingest::read_file(&write(dir.path(), "bundle.zip", &archive)).unwrap();
    let paths: Vec<&str> = r.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths.len(), 3, "{paths:?} {:?}", r.warnings);
    assert!(paths[0].ends_with("bundle.zip!/reports/2024/a.txt"));
    assert!(paths[2].ends_with("inner.zip!/deep/c.txt"));
    let warned: Vec<String> = r.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("escape.txt") && w.contains("leaves the archive")),
        "{warned:?}"
    );
    assert!(
        warned
            .iter()
            .any(|w| w.contains("zeros.txt") && w.contains("zip bomb")),
        "{warned:?}"
    );
}

#[test]
fn hostile_and_broken_files_get_one_line_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (write(dir.path(), "empty.txt", b""), "empty"),
        (
            write(
                dir.path(),
                "binary.txt",
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
            ),
            "not a text file",
        ),
        (write(dir.path(), "broken.zip", b"PK\x03\x04garbage"), "zip"),
        (
            write(dir.path(), "not.pdf", b"%PDF-1.7\n%garbage without objects"),
            "PDF",
        ),
    ];
    for (path, want) in &cases {
        match ingest::read_file(path) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains(want), "{}: {msg}", path.display());
                assert!(!msg.contains('\n'));
            }
            Ok(r) => panic!("{}: expected an error, got {r:?}", path.display()),
        }
    }
    // Malformed HTML still gives its text.
    let doc = read_one(&write(
        dir.path(),
        "bad.html",
        b"<html><body><p>Shelling hit <b>Kherson <div>overnight, officials said",
    ));
    assert!(doc.text.contains("Kherson"));
    // An entity-expansion bomb neither hangs nor expands.
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title><item><title>&lol4;</title><description>&lol4; Kyiv</description></item></channel></rss>"#;
    match ingest::read_file(&write(dir.path(), "bomb.xml", bomb.as_bytes())) {
        Ok(r) => assert!(r.documents.iter().all(|d| d.text.len() < 10_000)),
        Err(e) => assert!(matches!(e, IngestError::Malformed(_)), "{e:?}"),
    }
    assert!(matches!(
        ingest::read_bytes("x.txt", b"   \n"),
        Err(IngestError::Empty)
    ));
}

#[cfg(unix)]
#[test]
fn folders_skip_hidden_files_and_symlink_loops() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/one.txt", STORY.as_bytes());
    write(dir.path(), "a/.secret.txt", b"Kyiv");
    std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("a/loop")).unwrap();
    let (files, warnings) = ingest::collect_files(&[dir.path().to_path_buf()]);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(warnings.is_empty());
}

#[test]
fn appeal_and_repeated_footer_make_no_pins_and_duplicates_load_once() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{STORY}\nA Message from Our Newsroom:\nDear readers,\nWe are under pressure in \
         Belarus and our work is at risk. Please support independent journalism from Minsk.\n\
         Remind me later.\n"
    );
    let a = write(dir.path(), "a.txt", text.as_bytes());
    // The same article as a web page: one document.
    let html = format!("<html><body><article><p>{STORY}</p></article></body></html>");
    let b = write(dir.path(), "b.html", html.as_bytes());
    let parser = Geoparser::new(gaz());
    let coll = Collection::load(&parser, &[a, b]);
    // The copy is kept, with its own mentions, and grouped with the first.
    assert_eq!(coll.documents.len(), 2, "{:?}", coll.warnings);
    assert_eq!(coll.copies(), vec![(1, 0)]);
    assert!(!coll.documents[1].mentions.is_empty());
    assert!(coll.warnings.is_empty(), "{:?}", coll.warnings);
    let pins = pinned(&coll);
    assert!(pins.contains(&"Pokrovsk".to_string()), "{pins:?}");
    assert!(
        !pins.contains(&"Minsk".to_string()),
        "the appeal's places are not pins: {pins:?}"
    );
    assert!(!pins.contains(&"Belarus".to_string()));
    // The appeal is kept in the text (greyed in the reader), not deleted.
    assert!(coll.documents[0].doc.text.contains("Minsk"));

    // A footer repeated in every article of one source is boilerplate.
    let feed_dir = tempfile::tempdir().unwrap();
    let footer = "Our partners at the Vienna bureau contributed reporting to this story today.";
    let stories = [
        "Shelling hit Kherson overnight, the regional governor said on Monday morning.",
        "Drones struck an oil depot near Belgorod, Russian officials reported on Tuesday.",
        "Fighting continued around Chasiv Yar as troops rotated out of the line on Wednesday.",
    ];
    let items: String = stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            format!("{{\"title\": \"T{i}\", \"source\": \"Wire\", \"text\": \"{s}\\n{footer}\"}}\n")
        })
        .collect();
    let f = write(feed_dir.path(), "wire.jsonl", items.as_bytes());
    let coll = Collection::load(&parser, &[f]);
    assert_eq!(coll.documents.len(), 3);
    let pins = pinned(&coll);
    assert!(pins.contains(&"Kherson".to_string()), "{pins:?}");
    assert!(
        !pins.contains(&"Vienna".to_string()),
        "a repeated footer is boilerplate: {pins:?}"
    );
}

#[test]
fn mhtml_saved_page_goes_through_the_page_path() {
    let dir = tempfile::tempdir().unwrap();
    let html = page();
    let mhtml = format!(
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.example-news.org/2024/11/19/front-line\r\n\
Subject: Front line shifts | Example News\r\nDate: Tue, 19 Nov 2024 10:00:00 -0000\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n\r\n------B\r\n\
Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: 8bit\r\n\
Content-Location: https://www.example-news.org/2024/11/19/front-line\r\n\r\n{html}\r\n------B--\r\n"
    );
    let doc = read_one(&write(dir.path(), "page.mhtml", mhtml.as_bytes()));
    assert!(
        doc.text.contains("Russian forces pushed toward Pokrovsk"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("Paris Olympics"));
    assert_eq!(doc.source.as_deref(), Some("Example News"));
    assert_eq!(doc.date.as_deref(), Some("2024-11-19"));
}

/// Issue 12: warnings carry a kind, for counting and filtering the import report (not a
/// line of text parsed back).
#[test]
fn issue_12_warnings_have_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let archive = make::zip(&[
        (
            "good.txt",
            b"Shelling was reported in Kharkiv overnight.".as_slice(),
        ),
        ("empty.txt", b"".as_slice()),
        ("../escape.txt", b"Kyiv".as_slice()),
    ]);
    let read = ingest::read_file(&write(dir.path(), "batch.zip", &archive)).unwrap();
    assert_eq!(read.documents.len(), 1);
    let mut kinds: Vec<(ingest::WarningKind, bool)> = read
        .warnings
        .iter()
        .map(|w| (w.kind, w.source.ends_with(".txt")))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            (ingest::WarningKind::Empty, true),
            (ingest::WarningKind::Unsafe, true)
        ]
    );
    let counted = ingest::count_kinds(&read.warnings);
    assert_eq!(counted.len(), 2);
    // A file that is not there, and one that is not text.
    let (files, warnings) = ingest::collect_files(&[dir.path().join("missing.txt")]);
    assert!(files.is_empty());
    assert_eq!(warnings[0].kind, ingest::WarningKind::Unreadable);
    let err = ingest::read_file(&write(
        dir.path(),
        "x.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    ))
    .unwrap_err();
    assert_eq!(err.kind(), ingest::WarningKind::NotText);
}
