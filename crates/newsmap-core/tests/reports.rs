//! Issue 11: distinct reports stay separate, copies are kept and linked, boilerplate never
//! swallows an article, and a batch loads on all cores in input order. Every text here is
//! written for these tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use newsmap_core::Geoparser;
use newsmap_core::{Collection, Link, LoadEvent, load_paths};

mod make;
use make::{gaz, pinned};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    p
}

const ARTICLE: &str = "Russian forces pushed toward Pokrovsk on Tuesday, a logistics hub in \
the eastern Donetsk region, while fighting flared near Kurakhove. Officials in Kyiv said air \
defences shot down most of the drones launched overnight at Kharkiv.\n\
The regional governor said two people were wounded in the city and a school was damaged, \
and that power had been restored to most homes by the evening, while repair crews worked \
through the night to clear the roads.";

#[test]
fn issue_11_event_notes_that_differ_in_a_place_or_figure_are_distinct_reports() {
    let dir = tempfile::tempdir().unwrap();
    let note = |place: &str| {
        format!(
            "Interception: On 4 March 2024, according to Russian sources, Russian air defence \
             forces shot down a Ukrainian drone near {place}, Zaporizhzhia. Casualties unknown."
        )
    };
    let shelled = |n: u32| {
        format!(
            "Over the past day, Russian troops shelled the territory of the Sumy region {n} \
             times, one civilian was killed and three were wounded, the regional military \
             administration said."
        )
    };
    let files = vec![
        write(dir.path(), "a.txt", &note("Vilne")),
        write(dir.path(), "b.txt", &note("Stepnohirsk")),
        write(dir.path(), "c.txt", &shelled(41)),
        write(dir.path(), "d.txt", &shelled(56)),
        // A true copy: the same note again, differently spaced and cased.
        write(
            dir.path(),
            "e.txt",
            &note("Vilne").to_uppercase().replace(' ', "  "),
        ),
    ];
    let parser = Geoparser::new(gaz());
    let coll = Collection::load(&parser, &files);
    assert_eq!(coll.documents.len(), 5, "nothing dropped");
    assert_eq!(coll.copies(), vec![(4, 0)], "only the true copy is grouped");
    assert!(coll.documents.iter().all(|d| !d.mentions.is_empty()));
    let pins = pinned(&coll);
    for p in ["Stepnohirsk", "Vilne", "Sumy Oblast"] {
        assert!(pins.contains(&p.to_string()), "{p} missing: {pins:?}");
    }
    // The copy's mentions are not counted twice on the map.
    let vilne = coll
        .places(gaz())
        .into_iter()
        .find(|p| gaz().place(p.place).name == "Vilne")
        .map_or(0, |p| p.mentions.len());
    assert_eq!(vilne, 1);

    // --no-dedup: every document stands alone.
    let mut apart = Collection::default();
    apart.set_grouping(false);
    newsmap_core::process_paths(&parser, &files, |_, r| apart.add(r));
    assert!(apart.copies().is_empty());
}

#[test]
fn issue_11_the_copy_with_more_to_say_is_shown_and_an_update_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    // The bare text first, then the same article as a saved page with its metadata.
    let bare = write(dir.path(), "bare.txt", ARTICLE);
    let body: String = ARTICLE.lines().map(|l| format!("<p>{l}</p>")).collect();
    let page = format!(
        "<html><head><title>Drones over Kharkiv</title>\
         <meta property=\"og:site_name\" content=\"Kyiv Wire\">\
         <meta property=\"article:published_time\" content=\"2024-11-19T08:00:00Z\">\
         </head><body><article>{body}</article></body></html>"
    );
    let page = write(dir.path(), "page.html", &page);
    // A PDF-like copy with page furniture, and an update with a new toll.
    let furnished = write(
        dir.path(),
        "printed.txt",
        &format!("Page 1 of 1\n{ARTICLE}\nPrinted from the web site"),
    );
    let update = write(
        dir.path(),
        "update.txt",
        &ARTICLE.replace("two people were wounded", "five people were wounded"),
    );
    let parser = Geoparser::new(gaz());
    let coll = Collection::load(&parser, &[bare, page, furnished, update]);
    assert_eq!(coll.documents.len(), 4);
    // The page says more (title, source, date): it is shown, the others are its copies.
    assert_eq!(coll.copies(), vec![(0, 1), (2, 1)]);
    assert_eq!(coll.documents[1].link, None);
    assert_eq!(coll.documents[3].link, Some(Link::UpdateOf(1)));
    let report = newsmap_core::report(gaz(), &coll, false);
    assert_eq!(
        report.documents[0].duplicate_of.as_deref(),
        Some(coll.documents[1].doc.path.as_str())
    );
    assert!(report.documents[3].update_of.is_some());
    assert!(
        !report.documents[0].mentions.is_empty(),
        "a copy keeps its mentions"
    );

    // "Not the same": the user keeps one apart; it stays apart when restored.
    let mut coll = coll;
    coll.keep_apart(2);
    assert_eq!(coll.copies(), vec![(0, 1)]);
    let kept = coll.kept_apart();
    let docs: Vec<_> = coll.documents.to_vec();
    let mut restored = Collection::default();
    restored.set_kept_apart(kept);
    restored.restore_into(docs, Vec::new());
    assert_eq!(restored.copies(), vec![(0, 1)]);
}

#[test]
fn issue_11_boilerplate_never_swallows_an_article() {
    let dir = tempfile::tempdir().unwrap();
    // One paragraph of news that says "support" and "donate" without asking the reader.
    let news = "Volunteers in Kharkiv said they would donate generators to hospitals in \
                Izium and Kupiansk, where we saw queues for water, and that our convoy would \
                support the clinics of the Kharkiv region until the winter was over, the \
                organisers told reporters on Friday.";
    // Two documents that are nothing but appeals, worded differently.
    let appeal_a = "Please donate to support our journalism from Odesa. Subscribe to our \
                    newsletter.";
    let appeal_b = "Dear readers, your support keeps our newsroom in Lviv alive. Donate today.";
    let files = vec![
        write(dir.path(), "news.txt", news),
        write(dir.path(), "a.txt", appeal_a),
        write(dir.path(), "b.txt", appeal_b),
    ];
    let parser = Geoparser::new(gaz());
    let coll = Collection::load(&parser, &files);
    assert_eq!(coll.documents.len(), 3);
    assert!(
        coll.copies().is_empty(),
        "all-appeal documents are not one article"
    );
    let pins = pinned(&coll);
    for p in ["Izium", "Kupiansk", "Odesa", "Lviv"] {
        assert!(pins.contains(&p.to_string()), "{p} missing: {pins:?}");
    }
    // An appeal inside an article is still boilerplate.
    let text = format!(
        "{ARTICLE}\nSupport independent journalism: donate to our newsroom in Minsk today.\n"
    );
    let d = write(dir.path(), "with-appeal.txt", &text);
    let coll = Collection::load(&parser, &[d]);
    let pins = pinned(&coll);
    assert!(pins.contains(&"Pokrovsk".to_string()), "{pins:?}");
    assert!(!pins.contains(&"Minsk".to_string()), "{pins:?}");
}

#[test]
fn issue_11_files_load_on_several_threads_in_input_order_and_cancel_stops() {
    let dir = tempfile::tempdir().unwrap();
    let towns = [
        "Kharkiv",
        "Sumy",
        "Odesa",
        "Lviv",
        "Poltava",
        "Chernihiv",
        "Kherson",
    ];
    let files: Vec<PathBuf> = (0..40)
        .map(|i| {
            let town = towns[i % towns.len()];
            write(
                dir.path(),
                &format!("{i:02}.txt"),
                &format!("Report {i}: air raid sirens sounded in {town} for {i} minutes."),
            )
        })
        .collect();
    let parser = Geoparser::new(gaz());
    let run = |threads: usize| {
        let never = AtomicBool::new(false);
        let mut paths = Vec::new();
        load_paths(&parser, &files, threads, &never, |e| {
            if let LoadEvent::File(_, newsmap_core::FileResult::Loaded(docs, _)) = e {
                paths.extend(docs.into_iter().map(|d| d.doc.path));
            }
        });
        paths
    };
    let one = run(1);
    assert_eq!(one.len(), 40);
    assert_eq!(run(2), one, "the same documents in the same order");
    assert!(one[0].ends_with("00.txt") && one[39].ends_with("39.txt"));

    // Cancelled before it starts: no file is read.
    let cancel = AtomicBool::new(true);
    let mut got = 0;
    load_paths(&parser, &files, 2, &cancel, |e| {
        if matches!(e, LoadEvent::File(..)) {
            got += 1;
        }
    });
    assert_eq!(got, 0);
}

/// The documents and notes of a load, by file name.
fn notes_of(coll: &Collection, name: &str) -> Vec<String> {
    coll.documents
        .iter()
        .filter(|d| d.doc.path.ends_with(name))
        .flat_map(|d| d.doc.notes.clone())
        .collect()
}

#[test]
fn issue_11_hostile_files_finish_with_warnings_and_the_batch_loads() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        dir.path(),
        "good.txt",
        "Shelling was reported in Nikopol overnight, officials said.",
    );
    let mut files = vec![good];
    // 200,000 nested elements, with a place at the bottom.
    let deep = format!(
        "<html><body>{}<p>Drones were shot down over Sumy.</p></body></html>",
        "<div>".repeat(200_000)
    );
    files.push(write(dir.path(), "deep.html", &deep));
    // A million empty elements.
    let many = format!(
        "<html><body><p>Air raid alert in Poltava.</p>{}</body></html>",
        "<span></span>".repeat(1_000_000)
    );
    files.push(write(dir.path(), "many.html", &many));
    // A 10 MB attribute.
    let attr = format!(
        "<html><body><div data-x=\"{}\"><p>Fighting near Toretsk continued.</p></div></body></html>",
        "x".repeat(10 * 1024 * 1024)
    );
    files.push(write(dir.path(), "attr.html", &attr));
    // A 50 MB single line.
    let mut line = String::from("Explosions were heard in Kremenchuk. ");
    while line.len() < 50 * 1024 * 1024 {
        line.push_str("and the sirens went on ");
    }
    files.push(write(dir.path(), "line.txt", &line));
    // A feed of 100,000 items.
    let mut feed =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>");
    for i in 0..100_000 {
        feed.push_str(&format!(
            "<item><title>Item {i}</title><description>Note {i} from the wire.</description></item>"
        ));
    }
    feed.push_str("</channel></rss>");
    files.push(write(dir.path(), "feed.xml", &feed));

    let parser = Geoparser::new(gaz());
    let coll = Collection::load(&parser, &files);
    assert!(coll.warnings.is_empty(), "{:?}", coll.warnings);
    let deep_notes = notes_of(&coll, "deep.html");
    assert!(
        deep_notes
            .iter()
            .any(|n| n.contains("too deeply nested (200,") && n.contains("read as plain text")),
        "{deep_notes:?}"
    );
    let many_notes = notes_of(&coll, "many.html");
    assert!(
        many_notes.iter().any(|n| n.contains("too many elements")),
        "{many_notes:?}"
    );
    let line_notes = notes_of(&coll, "line.txt");
    assert!(
        line_notes
            .iter()
            .any(|n| n.contains("the first 16 MB read")),
        "{line_notes:?}"
    );
    assert_eq!(
        coll.documents
            .iter()
            .filter(|d| d.doc.path.contains("feed.xml"))
            .count(),
        100_000
    );
    let pins = pinned(&coll);
    for p in ["Nikopol", "Sumy", "Poltava", "Toretsk", "Kremenchuk"] {
        assert!(pins.contains(&p.to_string()), "{p} missing: {pins:?}");
    }
    // The notes reach the CLI's JSON as the document's warnings.
    let report = newsmap_core::report(gaz(), &coll, false);
    assert!(
        report
            .documents
            .iter()
            .any(|d| d.path.ends_with("deep.html") && !d.warnings.is_empty())
    );
}

/// Issue 16: a restore looks for copies on all cores (fingerprints, then the comparisons
/// with earlier documents) and links them in order: the same groups, copies and updates
/// as adding the documents one by one.
#[test]
fn issue_16_a_restore_groups_copies_on_all_cores_as_one_by_one() {
    use newsmap_core::ParsedDocument;
    use newsmap_core::ingest::{Document, Format, Meta};
    let towns = ["Pokrovsk", "Kurakhove", "Toretsk", "Chasiv Yar", "Vuhledar"];
    let mut docs = Vec::new();
    for i in 0..700usize {
        let text = match i % 10 {
            // A copy of an earlier one, with a byline line on top.
            3 if i > 20 => format!("By a staff writer\n{}", docs_text(&docs, i - 13)),
            // An update of an earlier one: a new toll.
            7 if i > 20 => docs_text(&docs, i - 17).replace("were wounded", "were killed"),
            _ => ARTICLE
                .replace("Pokrovsk", towns[i % towns.len()])
                .replace("Tuesday", &format!("day {i}"))
                .replace("two people", &format!("{} people", i + 2)),
        };
        let meta = Meta {
            source: Some(format!("Wire {}", i % 3)),
            ..Meta::default()
        };
        let doc = Document::new(format!("r{i}.txt"), Format::Text, text, meta);
        docs.push(ParsedDocument::new(doc, Vec::new()));
    }
    let mut one_by_one = Collection::default();
    for d in docs.clone() {
        one_by_one.add_document(d);
    }
    let restored = Collection::restore(docs.clone(), Vec::new());
    let links = |c: &Collection| c.documents.iter().map(|d| d.link).collect::<Vec<_>>();
    assert_eq!(links(&restored), links(&one_by_one));
    // Shown first, grouped after (as the app restores): the same in the end.
    let bare = |docs: &[ParsedDocument]| -> Vec<ParsedDocument> {
        docs.iter()
            .map(|d| ParsedDocument::new(d.doc.clone(), Vec::new()))
            .collect()
    };
    let mut shown = Collection::default();
    shown.restore_ungrouped(docs.clone(), Vec::new(), 7);
    assert!(shown.awaits_grouping() && shown.copies().is_empty());
    let found = Collection::restore(bare(&docs), Vec::new()).into_grouped();
    assert!(!shown.apply_grouped(
        8,
        Collection::restore(bare(&docs), Vec::new()).into_grouped()
    ));
    assert!(shown.apply_grouped(7, found));
    assert!(!shown.awaits_grouping());
    assert_eq!(links(&shown), links(&one_by_one));
    assert_eq!(shown.copies(), one_by_one.copies());
    // A document added before the grouping came has it done first, in place.
    let mut early = Collection::default();
    early.restore_ungrouped(docs.clone(), Vec::new(), 1);
    early.add_document(docs[100].clone());
    assert_eq!(links(&early)[..700], links(&one_by_one)[..]);
    assert!(early.documents[700].copy_of().is_some());
    assert_eq!(restored.copies(), one_by_one.copies());
    assert!(
        restored.copies().len() > 50,
        "{:?}",
        restored.copies().len()
    );
    let updates = restored
        .documents
        .iter()
        .filter(|d| matches!(d.link, Some(Link::UpdateOf(_))))
        .count();
    assert!(updates > 50, "{updates} updates");
    // Added to afterwards, the restored collection finds copies of what it holds.
    let mut restored = restored;
    let again = restored.documents[100].clone();
    restored.add_document(again);
    assert_eq!(
        restored.documents[700].link,
        Some(Link::CopyOf(
            restored.documents[100].copy_of().unwrap_or(100)
        ))
    );
}

fn docs_text(docs: &[newsmap_core::ParsedDocument], i: usize) -> String {
    docs[i].doc.text.clone()
}

/// Issue 16: a paragraph repeated across one source is marked in every document that holds
/// it, past the threshold too, by marking only the newcomer (marking them all again on each
/// document made opening a source's results crawl).
#[test]
fn issue_16_a_sources_repeated_paragraph_is_marked_in_each_newcomer() {
    use newsmap_core::ParsedDocument;
    use newsmap_core::ingest::{Document, Format, Meta};
    const FOOTER: &str = "Subscribe to our newsletter for daily reports from the front line, \
                          sent every morning to your inbox.";
    let mut coll = Collection::default();
    for i in 0..8usize {
        let text = format!(
            "{}\n\n{FOOTER}",
            ARTICLE.replace("two people", &format!("{} people", i + 2))
        );
        let meta = Meta {
            source: Some("Kyiv Wire".into()),
            ..Meta::default()
        };
        let doc = Document::new(format!("w{i}.txt"), Format::Text, text, meta);
        coll.add_document(ParsedDocument::new(doc, Vec::new()));
    }
    for d in &coll.documents {
        let at = d.doc.text.find(FOOTER).unwrap();
        assert!(
            d.doc
                .boilerplate
                .iter()
                .any(|&(a, b)| a <= at && at + FOOTER.len() <= b),
            "{}: {:?}",
            d.doc.path,
            d.doc.boilerplate
        );
    }
}

/// Issue 16: articles of a batch's results are added as they are, at once and after a
/// restart: the same sentences under several ids are not grouped as copies, a sentence
/// repeated across a source is not marked as boilerplate (the batch decided both), and no
/// loaded file is taken for their copy; loaded files are still grouped among themselves.
#[test]
fn issue_16_opened_results_are_added_as_they_are() {
    use newsmap_core::ParsedDocument;
    use newsmap_core::ingest::{Document, Format, Meta};
    let opened = || -> Vec<ParsedDocument> {
        (0..8)
            .map(|i| {
                let meta = Meta {
                    source: Some("Kyiv Wire".into()),
                    ..Meta::default()
                };
                let doc = Document::new(
                    format!("results#a{i}"),
                    Format::Results,
                    ARTICLE.into(),
                    meta,
                );
                ParsedDocument::new(doc, Vec::new())
            })
            .collect()
    };
    let file = |i: usize| {
        let doc = Document::new(
            format!("f{i}.txt"),
            Format::Text,
            ARTICLE.into(),
            Meta::default(),
        );
        ParsedDocument::new(doc, Vec::new())
    };
    let mut coll = Collection::default();
    for d in opened() {
        coll.add_document(d);
    }
    coll.add_document(file(0));
    coll.add_document(file(1));
    let check = |coll: &Collection| {
        assert_eq!(coll.documents.len(), 10);
        assert_eq!(coll.copies(), vec![(9, 8)]);
        assert!(coll.documents.iter().all(|d| d.doc.boilerplate.is_empty()));
    };
    check(&coll);
    // Restored: grouped on all cores, as one by one.
    let restored: Vec<ParsedDocument> = coll.documents.clone();
    check(&Collection::restore(restored, Vec::new()));
}

/// Issue 16: a mention stays small (ten million are held when a batch's results are
/// opened): the rare correction is boxed and a shared reason is not copied.
#[test]
fn issue_16_a_mention_is_small() {
    let size = std::mem::size_of::<newsmap_core::Mention>();
    assert!(size <= 160, "{size} bytes");
}
