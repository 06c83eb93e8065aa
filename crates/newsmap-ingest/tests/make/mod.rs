//! Files the tests make: PDFs and zip archives written with the crates newsmap reads them
//! with, from texts of our own.
#![allow(dead_code)]

use std::io::Write;

/// A one-page PDF (Helvetica) showing `lines` with `Tj`.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 11.into()]),
        Operation::new("TL", vec![14.into()]),
        Operation::new("Td", vec![50.into(), 760.into()]),
    ];
    for l in lines {
        ops.push(Operation::new("Tj", vec![Object::string_literal(*l)]));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A zip archive of `entries` (name, bytes), deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(
            *name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// How well `read` gives back the words of `source`: the share of the source's words
/// (lower-cased, letters and digits) found in what was read, counted with repeats, and how
/// many words read are two source words run together ("inthe").
pub fn words_right(source: &str, read: &str) -> (f64, usize) {
    use std::collections::BTreeMap;
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let src = words(source);
    let got = words(read);
    let mut bag: BTreeMap<&str, usize> = BTreeMap::new();
    for w in &got {
        *bag.entry(w.as_str()).or_default() += 1;
    }
    let mut right = 0;
    for w in &src {
        if let Some(n) = bag.get_mut(w.as_str())
            && *n > 0
        {
            *n -= 1;
            right += 1;
        }
    }
    let vocab: std::collections::BTreeSet<&str> = src.iter().map(String::as_str).collect();
    let pairs: std::collections::BTreeSet<String> = src
        .windows(2)
        .map(|p| format!("{}{}", p[0], p[1]))
        .collect();
    let glued = got
        .iter()
        .filter(|w| !vocab.contains(w.as_str()) && pairs.contains(w.as_str()))
        .count();
    (right as f64 / src.len().max(1) as f64, glued)
}

/// The PDFs committed in `crates/newsmap-ingest/tests/fixtures/pdf` with their producer and source text, from
/// its MANIFEST.tsv: (file, producer, source text).
pub fn pdf_corpus() -> Vec<(std::path::PathBuf, String, String)> {
    let krate = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = krate.join("../newsmap-ingest/tests/fixtures/pdf");
    // Sources are named from the repository's root.
    let root = krate.join("../..");
    let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
        return Vec::new();
    };
    manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (file, producer, source) = (f.next()?, f.next()?, f.next()?);
            let text = std::fs::read_to_string(root.join(source)).ok()?;
            Some((dir.join(file), producer.to_string(), text))
        })
        .collect()
}
