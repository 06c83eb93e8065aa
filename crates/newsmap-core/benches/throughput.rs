//! `cargo bench`: prints how fast the gazetteer loads and how fast text is geoparsed.
//!
//! Corpora: every `*.jsonl` in `$NEWSMAP_EVAL_DIR` (one JSON document per line with a
//! `text` field), by default `../shared/eval` beside the project when it exists; otherwise
//! a built-in sample text.
//!
//! Then the path users take: each text of the first corpus (LGL when present) written as a
//! file, and the folder read and geoparsed (ingest, boilerplate, copies) with 1 and 2
//! threads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use newsmap_core::Gazetteer;
use newsmap_core::Geoparser;

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn corpora() -> Vec<(String, Vec<String>)> {
    let dir = std::env::var_os("NEWSMAP_EVAL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval"));
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        files.sort();
        for f in files {
            let Ok(body) = std::fs::read_to_string(&f) else {
                continue;
            };
            let texts: Vec<String> = body
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["text"].as_str().map(str::to_string))
                .collect();
            let name = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, texts));
        }
    }
    if out.is_empty() {
        let sample = "Russian forces pressed toward Pokrovsk in the eastern Donetsk region, \
            while Kyiv said drones struck the Kursk region. President Vladimir Putin met \
            officials in Moscow. North Korea and South Korea traded accusations.";
        out.push(("sample".into(), vec![sample.to_string(); 500]));
    }
    out
}

fn main() {
    let rss_before = rss_mb();
    let t = Instant::now();
    let gaz = match Gazetteer::bundled() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("cannot load the gazetteer: {e}");
            std::process::exit(1);
        }
    };
    let hits = gaz.lookup("Kurakhove");
    let first_lookup_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "gazetteer: {} places, {} names; loaded and first lookup ({} hits) in {:.0} ms",
        gaz.len(),
        gaz.name_count(),
        hits.len(),
        first_lookup_ms
    );
    if let (Some(a), Some(b)) = (rss_before, rss_mb()) {
        println!(
            "memory: {b:.0} MB resident with the gazetteer loaded ({:.0} MB for it)",
            b - a
        );
    }
    let parser = Geoparser::new(&gaz);
    println!(
        "{:<32} {:>8} {:>10} {:>12} {:>10}",
        "corpus", "docs", "docs/s", "MB/s", "mentions"
    );
    for (name, texts) in corpora() {
        let bytes: usize = texts.iter().map(String::len).sum();
        // Repeat small corpora so the timing covers at least ~1 s.
        let rounds = (20_000_000 / bytes.max(1)).clamp(1, 50);
        let t = Instant::now();
        let mut mentions = 0;
        for _ in 0..rounds {
            for text in &texts {
                mentions += parser.parse(text).len();
            }
        }
        let s = t.elapsed().as_secs_f64();
        let docs = (texts.len() * rounds) as f64;
        println!(
            "{:<32} {:>8} {:>10.0} {:>12.2} {:>10}",
            name,
            texts.len(),
            docs / s,
            (bytes * rounds) as f64 / s / 1e6,
            mentions / rounds
        );
    }
    files_bench(&parser);
    hostile_bench(&parser);
    let first = corpora()
        .into_iter()
        .find(|(n, _)| n == "lgl")
        .map(|(_, t)| t)
        .unwrap_or_default();
    indexed_bench(&gaz, &first);
}

/// A GeoNames dump of the user's (generated: `NEWSMAP_BENCH_DUMP_ROWS` rows, 1,000,000 by
/// default) compiled to an index, opened again, and the first corpus geoparsed with it.
fn indexed_bench(gaz: &Gazetteer, texts: &[String]) {
    let rows: usize = std::env::var("NEWSMAP_BENCH_DUMP_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let dump = dir.path().join("allCountries.txt");
    {
        use std::io::Write;
        let Ok(f) = std::fs::File::create(&dump) else {
            return;
        };
        let mut w = std::io::BufWriter::new(f);
        let syl = [
            "ka", "lo", "vi", "na", "ro", "te", "mi", "sha", "ko", "ber", "dan", "zel",
        ];
        let mut x: u64 = 7;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for i in 0..rows {
            let r = next();
            let name: String = (0..2 + r % 3)
                .map(|k| syl[((r >> (8 * k)) % syl.len() as u64) as usize])
                .collect();
            let class = if r % 10 < 6 {
                ("P", "PPL")
            } else {
                ("T", "HLL")
            };
            let lat = (r % 12_000) as f64 / 100.0 - 60.0;
            let lon = ((r >> 20) % 36_000) as f64 / 100.0 - 180.0;
            let _ = writeln!(
                w,
                "{}\t{name}\t{name}\t\t{lat}\t{lon}\t{}\t{}\tUS\t\t01\t\t\t\t{}\t\t100\tEtc/UTC\t2024-01-01",
                30_000_000 + i,
                class.0,
                class.1,
                r % 5000
            );
        }
    }
    let before = rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let (with, reports) = newsmap_core::gazetteer_with_files(gaz, std::slice::from_ref(&dump));
    let compile_s = t.elapsed().as_secs_f64();
    let places = reports
        .first()
        .and_then(|r| r.as_ref().ok())
        .map_or(0, |r| r.places);
    drop(with);
    let t = Instant::now();
    let (with, _) = newsmap_core::gazetteer_with_files(gaz, std::slice::from_ref(&dump));
    let open_s = t.elapsed().as_secs_f64();
    let parser = Geoparser::new(&with);
    let t = Instant::now();
    let mut mentions = 0;
    for text in texts {
        mentions += parser.parse(text).len();
    }
    let parse_s = t.elapsed().as_secs_f64();
    println!(
        "{:<32} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "gazetteer file of your own", "rows", "places", "compile s", "open s", "+MB"
    );
    println!(
        "{:<32} {:>10} {:>10} {:>10.1} {:>10.2} {:>10.0}",
        "generated GeoNames dump",
        rows,
        places,
        compile_s,
        open_s,
        rss_mb().unwrap_or(0.0) - before
    );
    println!(
        "{:<32} {:>10} docs/s with it ({mentions} mentions)",
        "first corpus",
        (texts.len() as f64 / parse_s.max(1e-9)).round()
    );
}

/// How long each hostile file takes to read and geoparse (the tests check their warnings).
fn hostile_bench(parser: &Geoparser<'_>) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let mut line = String::from("Explosions were heard in Kremenchuk. ");
    while line.len() < 50 * 1024 * 1024 {
        line.push_str("and the sirens went on ");
    }
    let mut feed =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>");
    for i in 0..100_000 {
        feed.push_str(&format!(
            "<item><title>Item {i}</title><description>Note {i}.</description></item>"
        ));
    }
    feed.push_str("</channel></rss>");
    let files: Vec<(&str, String)> = vec![
        (
            "200,000 nested <div>",
            format!("<html><body>{}Sumy</body></html>", "<div>".repeat(200_000)),
        ),
        (
            "1,000,000 empty elements",
            format!(
                "<html><body><p>Poltava</p>{}</body></html>",
                "<span></span>".repeat(1_000_000)
            ),
        ),
        (
            "10 MB attribute",
            format!(
                "<html><body><div data-x=\"{}\">Toretsk</div></body></html>",
                "x".repeat(10 << 20)
            ),
        ),
        ("50 MB single line", line),
        ("feed of 100,000 items", feed),
    ];
    println!("{:<32} {:>10} {:>10}", "hostile file", "MB", "seconds");
    for (i, (name, body)) in files.iter().enumerate() {
        let path = dir.path().join(format!("h{i}.html"));
        if std::fs::write(&path, body).is_err() {
            return;
        }
        let t = Instant::now();
        let r = newsmap_core::process_file(parser, &path);
        let s = t.elapsed().as_secs_f64();
        let ok = matches!(r, newsmap_core::FileResult::Loaded(..));
        println!(
            "{:<32} {:>10.1} {:>10.2}{}",
            name,
            body.len() as f64 / 1e6,
            s,
            if ok { "" } else { "  (skipped)" }
        );
    }
}

/// Files on disk through `load_paths`, as `geoparse` and the app read them.
fn files_bench(parser: &Geoparser<'_>) {
    let all = corpora();
    let Some((name, texts)) = all.iter().find(|(n, _)| n == "lgl").or_else(|| all.first()) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("no temporary folder for the files bench");
        return;
    };
    let mut bytes = 0;
    for (i, t) in texts.iter().enumerate() {
        bytes += t.len();
        if std::fs::write(dir.path().join(format!("{i:05}.txt")), t).is_err() {
            eprintln!("cannot write the files bench's files");
            return;
        }
    }
    println!(
        "{:<32} {:>8} {:>10} {:>12} {:>10}",
        "files (ingest included)", "files", "files/s", "MB/s", "threads"
    );
    let paths = vec![dir.path().to_path_buf()];
    for threads in [1, 2] {
        let never = std::sync::atomic::AtomicBool::new(false);
        let rounds = (20_000_000 / bytes.max(1)).clamp(1, 20);
        let t = Instant::now();
        let mut docs = 0usize;
        for _ in 0..rounds {
            let mut coll = newsmap_core::Collection::default();
            newsmap_core::load_paths(parser, &paths, threads, &never, |e| {
                if let newsmap_core::LoadEvent::File(_, r) = e {
                    coll.add(r);
                }
            });
            docs += coll.documents.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "{:<32} {:>8} {:>10.0} {:>12.2} {:>10}",
            name,
            docs / rounds,
            docs as f64 / s,
            (bytes * rounds) as f64 / s / 1e6,
            threads
        );
    }
}
