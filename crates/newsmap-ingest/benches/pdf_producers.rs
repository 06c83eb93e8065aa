//! `cargo bench --bench pdf_producers`: how the PDF reader does on each producer's PDF in
//! `tests/fixtures/pdf` (made by `scripts/pdf_corpus/make.sh` from texts of our own):
//! words right, words lost, words run together, and time per page, through ingest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::time::Instant;

#[path = "../tests/make/mod.rs"]
mod make;

fn main() {
    let corpus = make::pdf_corpus();
    if corpus.is_empty() {
        eprintln!("no PDF corpus in tests/fixtures/pdf");
        return;
    }
    println!(
        "| {:<22} | {:<52} | {:>11} | {:>9} | {:>6} | {:>8} |",
        "file", "producer", "words right", "text lost", "glued", "ms/page"
    );
    println!(
        "|{}|{}|{}|{}|{}|{}|",
        "-".repeat(24),
        "-".repeat(54),
        "-".repeat(13),
        "-".repeat(11),
        "-".repeat(8),
        "-".repeat(10)
    );
    for (path, producer, source) in corpus {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let pages = lopdf::Document::load_mem(&bytes).map_or(1, |d| d.get_pages().len().max(1));
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let rounds = 20;
        let t = Instant::now();
        let mut text = String::new();
        let mut failed = None;
        for _ in 0..rounds {
            match newsmap_ingest::read_bytes(&name, &bytes) {
                Ok(r) => {
                    text = r
                        .documents
                        .into_iter()
                        .map(|d| d.text)
                        .collect::<Vec<_>>()
                        .join("\n")
                }
                Err(e) => failed = Some(e.to_string()),
            }
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds) / pages as f64;
        let (right, glued) = make::words_right(&source, &text);
        let producer: String = producer.replace('|', "\\|").chars().take(52).collect();
        match failed {
            Some(e) => println!("| {name:<22} | {producer:<52} | failed: {e} |"),
            None => println!(
                "| {name:<22} | {producer:<52} | {:>10.1}% | {:>8.1}% | {glued:>6} | {ms:>8.1} |",
                right * 100.0,
                (1.0 - right) * 100.0
            ),
        }
    }
}
