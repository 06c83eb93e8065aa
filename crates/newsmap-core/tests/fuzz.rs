//! Issue 11: every reader survives mangled input. A seeded mutation loop (bit flips,
//! truncation, splices, repeated blocks) over files of every format the tests make: no
//! panic in newsmap's own code, a panic in a third-party reader caught and reported as the
//! file's reason, and output bounded by the input. `NEWSMAP_FUZZ_ITERS` sets the rounds per
//! file (default 300: about half a minute in a debug build; CI runs that); `NEWSMAP_FUZZ_SEED` the seed.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::sync::Mutex;

use newsmap_core::ingest::{self, IngestError};

mod make;

/// A small fast generator (xorshift64*), so runs repeat from their seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `input`, chosen by `rng`.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    match rng.below(6) {
        0 => {
            // Bit flips.
            for _ in 0..=rng.below(16) {
                let i = rng.below(v.len());
                if let Some(b) = v.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
        }
        1 => v.truncate(rng.below(v.len() + 1)),
        2 => {
            // A splice of another file.
            let at = rng.below(v.len() + 1);
            let from = rng.below(other.len() + 1);
            let len = rng.below(other.len() - from + 1);
            v.splice(at..at, other[from..from + len].iter().copied());
        }
        3 => {
            // A block repeated.
            let from = rng.below(v.len() + 1);
            let len = rng.below((v.len() - from).min(256) + 1);
            let block = v[from..from + len].to_vec();
            for _ in 0..rng.below(64) {
                v.splice(from..from, block.iter().copied());
            }
        }
        4 => {
            // Bytes overwritten with interesting values.
            for _ in 0..=rng.below(8) {
                let i = rng.below(v.len());
                let b = [0u8, 0xff, b'<', b'>', b'"', b'\\', b'\n', 0x7f, 0xc3, 0x80];
                if let Some(x) = v.get_mut(i) {
                    *x = b[rng.below(b.len())];
                }
            }
        }
        _ => {
            // A range deleted.
            let from = rng.below(v.len() + 1);
            let len = rng.below(v.len() - from + 1);
            v.drain(from..from + len);
        }
    }
    v
}

const STORY: &str = "Russian forces pushed toward Pokrovsk on Tuesday, officials in Kyiv said. \
Drones were shot down over Kharkiv and the Sumy region overnight.";

/// One file of each format the readers take, as (name, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let page = format!(
        "<!doctype html><html><head><title>Front</title><meta property=\"og:site_name\" \
         content=\"Wire\"></head><body><nav>Menu</nav><article><h1>Front</h1><p>{STORY}</p>\
         <p>More &amp; more.</p></article><footer>© Wire</footer></body></html>"
    );
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><item>\
         <title>One</title><pubDate>Tue, 19 Nov 2024 08:00:00 GMT</pubDate><description>\
         &lt;p&gt;{STORY}&lt;/p&gt;</description></item><item><title>Two</title>\
         <description>Shelling in Kherson.</description></item></channel></rss>"
    );
    let atom = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>\
         <entry><title>E</title><updated>2024-11-19T08:00:00Z</updated><content \
         type=\"html\">{STORY}</content></entry></feed>"
    );
    let json_feed = format!(
        "{{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"J\", \"items\": \
         [{{\"id\": \"1\", \"content_text\": \"{STORY}\"}}]}}"
    );
    let eml = format!(
        "From: Desk <desk@example.org>\r\nSubject: Front\r\nDate: Tue, 19 Nov 2024 08:00:00 \
         +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{STORY}\r\n--b\r\n\
         Content-Type: text/html; charset=utf-8\r\n\r\n<p>{STORY}</p>\r\n--b--\r\n"
    );
    let mbox = format!(
        "From desk@example.org Tue Nov 19 08:00:00 2024\n{eml}\n\nFrom x@y Tue Nov 19 09:00:00 2024\n{eml}"
    );
    let docx_xml = format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/\
         wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{STORY}</w:t></w:r></w:p>\
         </w:body></w:document>"
    );
    let docx = make::zip(&[
        ("[Content_Types].xml", b"<Types/>".as_slice()),
        ("word/document.xml", docx_xml.as_bytes()),
    ]);
    let odt_xml = format!(
        "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:\
         opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:\
         text:1.0\"><office:body><office:text><text:p>{STORY}</text:p></office:text>\
         </office:body></office:document-content>"
    );
    let odt = make::zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.text".as_slice(),
        ),
        ("content.xml", odt_xml.as_bytes()),
    ]);
    let json = format!(
        "[{{\"title\": \"One\", \"text\": \"{STORY}\", \"date\": \"2024-11-19\"}}, \
         {{\"headline\": \"Two\", \"body\": \"<p>Shelling in Kherson.</p>\"}}]"
    );
    let jsonl = format!("{{\"text\": \"{STORY}\"}}\n{{\"content\": \"Sumy again.\"}}\n");
    let inner = make::zip(&[("in.txt", STORY.as_bytes())]);
    let archive = make::zip(&[
        ("a/story.txt", STORY.as_bytes()),
        ("b/page.html", page.as_bytes()),
        ("c/inner.zip", inner.as_slice()),
    ]);
    let cp1251: Vec<u8> = {
        let (b, _, _) =
            encoding_rs::WINDOWS_1251.encode("Армия отступила от Покровска. Удары по Харькову.");
        b.into_owned()
    };
    let mut out: Vec<(String, Vec<u8>)> = vec![
        ("story.txt".into(), STORY.as_bytes().to_vec()),
        (
            "story.md".into(),
            format!("# Front\n\n{STORY}\n").into_bytes(),
        ),
        ("ru.txt".into(), cp1251),
        ("page.html".into(), page.into_bytes()),
        ("feed.rss".into(), rss.into_bytes()),
        ("feed.atom".into(), atom.into_bytes()),
        ("feed.json".into(), json_feed.into_bytes()),
        ("mail.eml".into(), eml.into_bytes()),
        ("mail.mbox".into(), mbox.into_bytes()),
        ("doc.docx".into(), docx),
        ("doc.odt".into(), odt),
        ("export.json".into(), json.into_bytes()),
        ("export.jsonl".into(), jsonl.into_bytes()),
        ("archive.zip".into(), archive),
        (
            "story.pdf".into(),
            make::pdf(&[STORY, "Shelling in Kherson."]),
        ),
    ];
    // The PDFs of real producers committed beside the tests.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../newsmap-ingest/tests/fixtures/pdf");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut pdfs: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        pdfs.sort();
        for p in pdfs.into_iter().take(4) {
            if let Ok(b) = std::fs::read(&p) {
                let name = p
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                out.push((name, b));
            }
        }
    }
    out
}

/// Where panics happened (file of the panicking code), gathered by a hook.
static PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn issue_11_every_reader_survives_mangled_input() {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map_or_else(|| "?".to_string(), |l| format!("{}:{}", l.file(), l.line()));
        if let Ok(mut p) = PANICS.lock() {
            p.push(at);
        }
    }));
    let iters = env_number("NEWSMAP_FUZZ_ITERS", 300);
    let mut rng = Rng(env_number("NEWSMAP_FUZZ_SEED", 0x5EED_1111).max(1));
    let seeds = seeds();
    let mut cases = 0usize;
    let mut third_party = 0usize;
    for (k, (name, bytes)) in seeds.iter().enumerate() {
        let other = &seeds[(k + 1) % seeds.len()].1;
        for _ in 0..iters {
            let input = mutate(&mut rng, bytes, other);
            cases += 1;
            let result = std::panic::catch_unwind(|| ingest::read_bytes(name, &input));
            let Ok(result) = result else {
                panic!("read_bytes itself panicked on a mutation of {name}");
            };
            match result {
                Ok(read) => {
                    let out: usize = read.documents.iter().map(|d| d.text.len()).sum();
                    assert!(
                        out <= 64 * input.len() + (1 << 20),
                        "{name}: {out} bytes of text from {} bytes",
                        input.len()
                    );
                    for d in &read.documents {
                        assert!(d.text.len() <= ingest::MAX_TEXT_BYTES);
                        assert!(d.boilerplate.iter().all(|&(a, b)| a <= b
                            && b <= d.text.len()
                            && d.text.is_char_boundary(a)
                            && d.text.is_char_boundary(b)));
                    }
                }
                Err(IngestError::Panicked(_)) => third_party += 1,
                Err(e) => assert!(!e.to_string().is_empty()),
            }
        }
        // Workspace files too.
        let ws = newsmap_core::Workspace {
            documents: vec![newsmap_core::ingest::Document::new(
                name.clone(),
                newsmap_core::ingest::Format::Text,
                STORY.into(),
                newsmap_core::ingest::Meta::default(),
            )],
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.newsmap");
        newsmap_core::save_workspace(&path, &ws).unwrap();
        let good = std::fs::read(&path).unwrap();
        for _ in 0..iters / 4 {
            let input = mutate(&mut rng, &good, bytes);
            let r = std::panic::catch_unwind(|| {
                newsmap_core::parse_workspace(&String::from_utf8_lossy(&input))
                    .map(|o| o.workspace.documents.len())
            });
            assert!(r.is_ok(), "the workspace reader panicked");
        }
    }
    let _ = std::panic::take_hook();
    let panics = PANICS.lock().map(|p| p.clone()).unwrap_or_default();
    let ours: Vec<&String> = panics
        .iter()
        .filter(|at| at.starts_with("src/") || at.contains("/newsmap/src/"))
        .collect();
    assert!(ours.is_empty(), "panics in newsmap's own code: {ours:?}");
    let mut at: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for p in &panics {
        *at.entry(p.as_str()).or_default() += 1;
    }
    eprintln!(
        "fuzz: {cases} cases over {} files, {third_party} third-party panics caught: {at:?}",
        seeds.len()
    );
}
