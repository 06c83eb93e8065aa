//! Issue 11: PDFs as real tools write them. The corpus in `tests/fixtures/pdf` was made by
//! `scripts/pdf_corpus/make.sh` from texts of our own, one PDF per producer (groff,
//! Ghostscript, enscript, LibreOffice, cairo, Chromium, pdfTeX, hand-written operators),
//! with two columns, Cyrillic, ligatures and hyphenation among them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;

use newsmap_ingest as ingest;

#[test]
fn issue_11_every_producer_s_pdf_reads_right() {
    let corpus = make::pdf_corpus();
    assert!(corpus.len() >= 15, "the committed PDF corpus is there");
    let mut report = Vec::new();
    for (path, producer, source) in &corpus {
        let read = ingest::read_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(read.documents.len(), 1);
        let doc = &read.documents[0];
        let (right, glued) = make::words_right(source, &doc.text);
        report.push(format!("{producer}: {right:.3} right, {glued} glued"));
        // Every producer's words come back, none run together by more than a few.
        assert!(
            right >= 0.97 && glued <= 3,
            "{} ({producer}): {right:.3} of the words read\n{}",
            path.display(),
            doc.text
        );
        // The page header enscript prints is extra text, never the only text.
        assert!(doc.text.to_lowercase().contains("pokrovsk") || doc.text.contains("Покровськ"));
    }
    eprintln!("{}", report.join("\n"));
}

/// A PDF of one page per entry: (whether its font is a composite font the interpreter
/// cannot read, text). The broken font has no descendant font, so its glyphs are drawn for
/// the eye but cannot be mapped back to characters.
fn pdf_pages(pages: &[(bool, &str)]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let plain = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let broken = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Hidden", "Encoding" => "Identity-H",
    });
    let mut kids = Vec::new();
    for (hidden, text) in pages {
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => if *hidden { broken } else { plain } },
        });
        let shown = if *hidden {
            Object::String(
                text.bytes().flat_map(|b| [0, b]).collect(),
                lopdf::StringFormat::Hexadecimal,
            )
        } else {
            Object::string_literal(*text)
        };
        let ops = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec!["F1".into(), 11.into()]),
            Operation::new("Td", vec![50.into(), 760.into()]),
            Operation::new("Tj", vec![shown]),
            Operation::new("ET", vec![]),
        ];
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        kids.push(Object::from(doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources,
        })));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

#[test]
fn issue_11_a_pdf_whose_text_cannot_be_read_says_so() {
    let hidden = "Shelling was reported overnight in several villages of the region, officials \
                  said, and repair crews worked through the night to restore power to homes.";
    // Only unreadable text: a clear reason, not an empty document.
    let e = ingest::read_bytes("hidden.pdf", &pdf_pages(&[(true, hidden)]))
        .err()
        .unwrap_or_else(|| panic!("an unreadable PDF gives no document"));
    assert!(
        e.to_string().contains("text could not be read") && e.to_string().contains("glyphs"),
        "{e}"
    );
    // A readable page and a larger unreadable one: the readable text, and a note.
    let read = ingest::read_bytes(
        "part.pdf",
        &pdf_pages(&[(false, "Drones over Sumy."), (true, hidden)]),
    )
    .unwrap();
    let d = &read.documents[0];
    assert!(d.text.contains("Drones over Sumy"), "{:?}", d.text);
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("only part of the PDF's text")),
        "{:?}",
        d.notes
    );
    // A readable PDF has no such note.
    let whole =
        ingest::read_bytes("whole.pdf", &pdf_pages(&[(false, "Drones over Sumy.")])).unwrap();
    assert!(whole.documents[0].notes.is_empty());
}
