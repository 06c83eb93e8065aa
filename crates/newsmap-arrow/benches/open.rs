//! Issue 16: writing and opening results at scale. Makes a results folder of
//! `NEWSMAP_OPEN_MENTIONS` mentions (default 1,000,000: articles of a few sentences, each
//! geoparsed once and repeated under new ids, so that the bench measures the tables, not
//! geoparsing), then reads it back as the app's File > Open results does: rows/s, documents
//! and the process's peak memory.
//!
//!     cargo bench -p newsmap-arrow --bench open
//!
//! `NEWSMAP_OPEN_KEEP=DIR` writes the folder there and keeps it.

use std::time::Instant;

use newsmap_arrow::{ResultsWriter, open_results};
use newsmap_core::{ArticleIn, ArticleMeta, Gazetteer, Geoparser, geoparse_article};

const TEXTS: &[&str] = &[
    "Russian forces shelled Tonenke, Donetsk region, on Monday. Officials in Kyiv said two people were hurt.",
    "Officials in Kharkiv said repairs to the power station would take weeks. Sumy was quiet.",
    "A village 10 km south of Kurakhove came under fire overnight, and Pokrovsk was shelled again.",
    "The governor of Texas visited Houston and Galveston after the storm.",
    "Talks in Geneva ended without an agreement, diplomats in Berlin and Warsaw said.",
];

/// The process's peak resident memory so far, MB (Linux).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let want: usize = std::env::var("NEWSMAP_OPEN_MENTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let Ok(gaz) = Gazetteer::bundled() else {
        eprintln!("the bundled gazetteer cannot be read");
        return;
    };
    let parser = Geoparser::new(&gaz);
    let outs: Vec<_> = TEXTS
        .iter()
        .enumerate()
        .map(|(i, t)| {
            geoparse_article(
                &parser,
                &ArticleIn {
                    id: i.to_string(),
                    text: t.to_string(),
                    meta: ArticleMeta {
                        title: Some(format!("Report {i}")),
                        date: Some(format!("2024-0{}-1{i}", 1 + i % 9)),
                        source: Some("wire".into()),
                        ..ArticleMeta::default()
                    },
                },
            )
        })
        .collect();
    println!("gazetteer loaded: peak memory {:.0} MB", peak_mb());
    let Ok(tmp) = tempfile::tempdir() else {
        eprintln!("no temporary folder");
        return;
    };
    // NEWSMAP_OPEN_KEEP=DIR writes the results there and keeps them (to open in the app).
    let kept = std::env::var_os("NEWSMAP_OPEN_KEEP").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path());
    let started = Instant::now();
    let Ok(mut writer) = ResultsWriter::create(dir, false) else {
        eprintln!("cannot write into {}", dir.display());
        return;
    };
    let (mut mentions, mut articles) = (0usize, 0usize);
    while mentions < want {
        let mut a = outs[articles % outs.len()].clone();
        a.id = format!("a{articles}");
        mentions += a.mentions.len();
        articles += 1;
        if let Err(e) = writer.push((&a).into()) {
            eprintln!("writing: {e}");
            return;
        }
    }
    if let Err(e) = writer.finish() {
        eprintln!("writing: {e}");
        return;
    }
    let secs = started.elapsed().as_secs_f64();
    let bytes: u64 = walk_size(dir);
    println!(
        "wrote {articles} articles, {mentions} mentions in {secs:.1} s ({:.0} mentions/s), \
         {:.0} MB on disk; peak memory {:.0} MB",
        mentions as f64 / secs,
        bytes as f64 / 1e6,
        peak_mb()
    );
    let started = Instant::now();
    let mut docs = 0usize;
    let mut first_at = None;
    let opened = open_results(dir, &gaz, &mut |d, _| {
        docs += d.len();
        first_at.get_or_insert_with(|| started.elapsed().as_secs_f64());
        true
    });
    let secs = started.elapsed().as_secs_f64();
    match opened {
        Ok(s) => println!(
            "opened {docs} documents, {} mentions in {secs:.1} s ({:.0} mentions/s; first \
             documents after {:.2} s); peak memory {:.0} MB",
            s.mentions,
            s.mentions as f64 / secs,
            first_at.unwrap_or(0.0),
            peak_mb()
        ),
        Err(e) => eprintln!("opening: {e}"),
    }
}

fn walk_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk_size(&p)
            } else {
                e.metadata().map_or(0, |m| m.len())
            }
        })
        .sum()
}
