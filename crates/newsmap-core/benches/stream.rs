//! Issue 16's stream benchmark: a stream of distinct articles made from the LGL texts
//! (sentences drawn across articles, generated as the stream is read, never held in
//! memory), geoparsed by `geoparse_stream` with one thread and with all: articles and MB per
//! second, the speed-up, and the process's peak memory.
//!
//!     cargo bench -p newsmap-core --bench stream
//!
//! `NEWSMAP_EVAL_DIR` (default `../shared/eval`) holds `lgl.jsonl`; without it a built-in
//! sample of sentences is used. `NEWSMAP_STREAM_ARTICLES` sets the length of the stream
//! (default 1,000,000).

use std::io::{BufRead, Read};
use std::time::Instant;

use newsmap_core::{Gazetteer, Geoparser, StreamOptions, geoparse_stream};

/// Sentences to draw from when the corpus is not beside the project.
const SAMPLE: &[&str] = &[
    "Russian forces shelled Tonenke, Donetsk region, on Monday.",
    "Officials in Kharkiv said repairs to the power station would take weeks.",
    "The governor of Texas visited Houston and Galveston after the storm.",
    "Farmers in Iowa and Nebraska sell much of their soybean crop to China.",
    "The council in Athens, Georgia, voted to widen the road to Winder.",
    "Flooding closed schools in Jackson County and Barrow County.",
    "Talks in Geneva ended without an agreement, diplomats said.",
    "A village 10 km south of Kurakhove came under fire overnight.",
];

fn sentences() -> Vec<String> {
    let dir = std::env::var("NEWSMAP_EVAL_DIR").unwrap_or_else(|_| "../../../shared/eval".into());
    let path = std::path::Path::new(&dir).join("lgl.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{} not found: built-in sample sentences", path.display());
        return SAMPLE.iter().map(|s| s.to_string()).collect();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let Some(t) = v["text"].as_str() else {
            continue;
        };
        for s in t.split_inclusive(". ") {
            let s = s.trim();
            if s.len() >= 20 {
                out.push(s.to_string());
            }
        }
    }
    println!("{} sentences from {}", out.len(), path.display());
    out
}

/// A JSON Lines stream of `n` articles of 3 to 10 sentences drawn at random (fixed seed),
/// generated as it is read.
struct Articles<'a> {
    sentences: &'a [String],
    n: usize,
    next: usize,
    seed: u64,
    buf: Vec<u8>,
    at: usize,
}

impl<'a> Articles<'a> {
    fn new(sentences: &'a [String], n: usize) -> Self {
        Articles {
            sentences,
            n,
            next: 0,
            seed: 0x9E37_79B9_7F4A_7C15,
            buf: Vec::new(),
            at: 0,
        }
    }

    fn rand(&mut self) -> u64 {
        // xorshift64*
        self.seed ^= self.seed >> 12;
        self.seed ^= self.seed << 25;
        self.seed ^= self.seed >> 27;
        self.seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn refill(&mut self) {
        self.buf.clear();
        self.at = 0;
        if self.next >= self.n {
            return;
        }
        let k = 3 + (self.rand() % 8) as usize;
        let mut text = String::new();
        for _ in 0..k {
            let s = (self.rand() % self.sentences.len() as u64) as usize;
            text.push_str(&self.sentences[s]);
            text.push(' ');
        }
        let line = serde_json::json!({"id": self.next, "text": text}).to_string();
        self.buf.extend_from_slice(line.as_bytes());
        self.buf.push(b'\n');
        self.next += 1;
    }
}

impl Read for Articles<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Articles<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at >= self.buf.len() {
            self.refill();
        }
        Ok(&self.buf[self.at..])
    }

    fn consume(&mut self, n: usize) {
        self.at += n;
    }
}

/// The process's peak resident memory so far, MB (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("NEWSMAP_STREAM_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let sentences = sentences();
    let Ok(gaz) = Gazetteer::bundled() else {
        eprintln!("the bundled gazetteer cannot be read");
        return;
    };
    let parser = Geoparser::new(&gaz);
    println!(
        "gazetteer loaded: peak memory {:.0} MB",
        peak_mb().unwrap_or(0.0)
    );
    let all = std::thread::available_parallelism().map_or(1, |t| t.get());
    let mut rates = Vec::new();
    for threads in [1, all] {
        let options = StreamOptions {
            threads,
            window: 64 * threads,
            group_copies: true,
        };
        let started = Instant::now();
        let mut sink = std::io::sink();
        let stats = match geoparse_stream(
            &parser,
            Articles::new(&sentences, n),
            &mut sink,
            options,
            &mut |_| {},
        ) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("stream failed: {e}");
                return;
            }
        };
        let secs = started.elapsed().as_secs_f64();
        let rate = stats.articles as f64 / secs;
        rates.push(rate);
        println!(
            "{threads} thread(s): {} articles ({:.0} MB) in {secs:.1} s: {rate:.0} articles/s, \
             {:.2} MB/s; peak memory so far {:.0} MB",
            stats.articles,
            stats.bytes as f64 / 1e6,
            stats.bytes as f64 / 1e6 / secs,
            peak_mb().unwrap_or(0.0)
        );
    }
    if let [one, many] = rates[..] {
        println!("speed-up with {all} threads: {:.2}x", many / one);
    }
}
