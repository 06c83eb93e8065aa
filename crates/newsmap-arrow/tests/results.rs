//! Issue 16: results as GeoParquet tables, written in parts that a crash cannot leave
//! half-done, and a run resumed from what an earlier one wrote.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use newsmap_arrow::{ResultsWriter, read_articles, read_mentions, resume_state};
use newsmap_core::{Gazetteer, Geoparser, StreamOptions, StreamState, geoparse_stream_into};
use parquet::file::reader::FileReader;

fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let c = b.column_by_name(column).unwrap().as_string::<i32>().clone();
            (0..c.len())
                .map(move |i| (!c.is_null(i)).then(|| c.value(i).to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn article(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "text": text, "title": format!("Title {id}"),
        "date": "2024-05-01", "source": "wire"})
    .to_string()
        + "\n"
}

const TOWNS: [&str; 5] = ["Kharkiv", "Odesa", "Lviv", "Poltava", "Sumy"];

fn stream(n: usize) -> String {
    (0..n)
        .map(|i| {
            article(
                &format!("n{i}"),
                &format!("Officials in {} reported damage on day {i}.", TOWNS[i % 5]),
            )
        })
        .collect()
}

fn run(
    parser: &Geoparser<'_>,
    input: &str,
    dir: &std::path::Path,
    resume: bool,
) -> newsmap_core::StreamStats {
    let mut state = if resume {
        resume_state(dir).unwrap()
    } else {
        StreamState::default()
    };
    let mut writer = ResultsWriter::create(dir, resume).unwrap();
    writer.articles_per_part = 4;
    let options = StreamOptions {
        threads: 2,
        window: 3,
        group_copies: true,
    };
    let stats = geoparse_stream_into(
        parser,
        input.as_bytes(),
        &mut writer,
        options,
        &mut state,
        &mut |_| {},
    )
    .unwrap();
    writer.finish().unwrap();
    stats
}

#[test]
fn issue_16_parquet_tables_hold_every_article_and_mention_with_geoparquet_points() {
    let gaz = Gazetteer::bundled().unwrap();
    let parser = Geoparser::new(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let mut input = stream(10);
    input.push_str(&article("empty", ""));
    input.push_str(&article(
        "rel",
        "A village 10 km south of Kurakhove came under fire.",
    ));
    let stats = run(&parser, &input, dir.path(), false);
    assert_eq!(stats.articles, 12);
    // Parts of 4 articles: three pairs of files, none left under a temporary name.
    for table in ["mentions", "articles"] {
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join(table))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "part-00000.parquet",
                "part-00001.parquet",
                "part-00002.parquet"
            ]
        );
    }
    let articles = read_articles(dir.path()).unwrap();
    let ids = strings(&articles, "id");
    let mut want: Vec<Option<String>> = (0..10).map(|i| Some(format!("n{i}"))).collect();
    want.push(Some("empty".into()));
    want.push(Some("rel".into()));
    assert_eq!(ids, want);
    let counts: Vec<i64> = articles
        .iter()
        .flat_map(|b| {
            b.column_by_name("mentions")
                .unwrap()
                .as_primitive::<Int64Type>()
                .values()
                .to_vec()
        })
        .collect();
    assert_eq!(counts[..10], [1; 10]);
    assert_eq!(
        counts[10], 0,
        "an article without mentions still has its row"
    );
    let warnings = articles
        .last()
        .unwrap()
        .column_by_name("warnings")
        .unwrap()
        .as_list::<i32>()
        .clone();
    assert_eq!(
        warnings.value(2).len(),
        1,
        "the empty article is warned about"
    );

    let mentions = read_mentions(dir.path()).unwrap();
    let names = strings(&mentions, "name");
    let places: Vec<&str> = names.iter().map(|n| n.as_deref().unwrap()).collect();
    let mut want: Vec<&str> = (0..10).map(|i| TOWNS[i % 5]).collect();
    want.push("Kurakhove");
    assert_eq!(places, want);
    assert_eq!(
        strings(&mentions, "article_title")[0].as_deref(),
        Some("Title n0")
    );
    assert_eq!(strings(&mentions, "kind")[0].as_deref(), Some("city"));
    // The geometry is a WKB point at the relative location where the text gives one.
    let last = mentions.last().unwrap();
    let row = last.num_rows() - 1;
    let wkb = last
        .column_by_name("geometry")
        .unwrap()
        .as_binary::<i32>()
        .value(row)
        .to_vec();
    assert_eq!(wkb.len(), 21);
    assert_eq!(&wkb[..5], &[1, 1, 0, 0, 0]);
    let lon = f64::from_le_bytes(wkb[5..13].try_into().unwrap());
    let lat = f64::from_le_bytes(wkb[13..21].try_into().unwrap());
    let column = |name: &str| {
        last.column_by_name(name)
            .unwrap()
            .as_primitive::<Float64Type>()
            .value(row)
    };
    assert_eq!(lat, column("relative_lat"));
    assert!(
        (column("lat") - lat - 10.0 / 111.2).abs() < 0.01,
        "10 km south: {} {lat}",
        column("lat")
    );
    assert!((37.0..37.6).contains(&lon));
    // GeoParquet metadata, in the file's key-value metadata (GDAL, DuckDB) and in the Arrow
    // schema (pyarrow, geopandas).
    let file = std::fs::File::open(dir.path().join("mentions/part-00000.parquet")).unwrap();
    let builder =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file).unwrap();
    let geo = builder.schema().metadata().get("geo").cloned().unwrap();
    let geo: serde_json::Value = serde_json::from_str(&geo).unwrap();
    assert_eq!(geo["primary_column"], "geometry");
    assert_eq!(geo["columns"]["geometry"]["encoding"], "WKB");
    let file = std::fs::File::open(dir.path().join("mentions/part-00000.parquet")).unwrap();
    let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
    let kv = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .clone();
    assert!(kv.iter().any(|k| k.key == "geo"));
}

#[test]
fn issue_16_resume_after_a_crash_skips_what_was_written_and_redoes_the_rest() {
    let gaz = Gazetteer::bundled().unwrap();
    let parser = Geoparser::new(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let all = stream(10);
    let first: String = all.lines().take(6).map(|l| format!("{l}\n")).collect();
    run(&parser, &first, dir.path(), false);
    // What a crash leaves: a part still under its temporary name, and a mentions part whose
    // articles part was never completed.
    std::fs::write(
        dir.path().join("mentions/part-00007.parquet.inprogress"),
        b"PAR1 half",
    )
    .unwrap();
    std::fs::copy(
        dir.path().join("mentions/part-00000.parquet"),
        dir.path().join("mentions/part-00008.parquet"),
    )
    .unwrap();
    // Without --resume the folder is refused.
    let refused = ResultsWriter::create(dir.path(), false).unwrap_err();
    assert!(refused.to_string().contains("--resume"), "{refused}");
    // A copy of an article of the first run, in the second.
    let mut second = all.clone();
    second.push_str(&article(
        "copy",
        "Officials in  Kharkiv reported damage on day 0 .",
    ));
    let stats = run(&parser, &second, dir.path(), true);
    assert_eq!((stats.resumed, stats.articles), (6, 5));
    assert!(
        !dir.path()
            .join("mentions/part-00007.parquet.inprogress")
            .exists()
    );
    assert!(!dir.path().join("mentions/part-00008.parquet").exists());
    let articles = read_articles(dir.path()).unwrap();
    let mut ids: Vec<String> = strings(&articles, "id").into_iter().flatten().collect();
    ids.sort();
    let mut want: Vec<String> = (0..10).map(|i| format!("n{i}")).collect();
    want.push("copy".into());
    want.sort();
    assert_eq!(ids, want, "every article once");
    let copy_at = strings(&articles, "id")
        .iter()
        .position(|i| i.as_deref() == Some("copy"))
        .unwrap();
    assert_eq!(
        strings(&articles, "duplicate_of")[copy_at].as_deref(),
        Some("n0"),
        "linked across the runs"
    );
    let rows: usize = read_mentions(dir.path())
        .unwrap()
        .iter()
        .map(RecordBatch::num_rows)
        .sum();
    assert_eq!(rows, 11);
}

#[test]
fn issue_16_results_open_as_documents_without_texts_or_geoparsing_again() {
    let gaz = Gazetteer::bundled().unwrap();
    let parser = Geoparser::new(&gaz);
    let dir = tempfile::tempdir().unwrap();
    let mut input = stream(9);
    input.push_str(&article(
        "two",
        "Kharkiv was shelled. Officials in Kharkiv and Sumy said a village 10 km south of \
         Kurakhove came under fire.",
    ));
    input.push_str(&article("none", "Nothing to see here."));
    run(&parser, &input, dir.path(), false);
    let mut docs = Vec::new();
    let mut steps = Vec::new();
    let summary = newsmap_arrow::open_results(dir.path(), &gaz, &mut |d, p| {
        docs.extend(d);
        steps.push(p);
        true
    })
    .unwrap();
    assert_eq!(summary.documents, 11);
    assert_eq!(docs.len(), 11);
    assert_eq!(summary.unknown_places, 0);
    let last = steps.last().unwrap();
    assert_eq!(last.rows_done, last.rows_total);
    assert_eq!(summary.mentions, last.rows_total);
    // Each document keeps its title, date and source; its text is its mentions' sentences.
    let d0 = &docs[0];
    assert_eq!(d0.doc.title.as_deref(), Some("Title n0"));
    assert_eq!(d0.doc.date.as_deref(), Some("2024-05-01"));
    assert_eq!(d0.doc.source.as_deref(), Some("wire"));
    assert_eq!(
        d0.doc.text,
        "Officials in Kharkiv reported damage on day 0."
    );
    let two = docs.iter().find(|d| d.doc.path.ends_with("#two")).unwrap();
    assert_eq!(
        two.doc.text,
        "Kharkiv was shelled.\n\nOfficials in Kharkiv and Sumy said a village 10 km south of \
         Kurakhove came under fire."
    );
    let names: Vec<&str> = two
        .mentions
        .iter()
        .map(|m| &two.doc.text[m.start..m.end])
        .collect();
    assert_eq!(names, ["Kharkiv", "Kharkiv", "Sumy", "Kurakhove"]);
    // The second Kharkiv is the one in the second sentence.
    assert!(two.mentions[1].start > two.mentions[0].end);
    for m in &two.mentions {
        let r = m.resolution.as_ref().unwrap();
        assert_eq!(m.candidates.len(), 1);
        assert_eq!(
            gaz.place(r.place).name,
            two.doc.text[m.start..m.end].to_string()
        );
        assert_eq!(
            &two.doc.text[m.sentence.0..m.sentence.1],
            two.doc.text[m.sentence.0..].split("\n\n").next().unwrap()
        );
    }
    let rel = two.mentions[3].relative.unwrap();
    assert_eq!(rel.bearing_deg, 180.0);
    assert!(docs.last().unwrap().doc.path.ends_with("#none"));
    assert!(docs.last().unwrap().mentions.is_empty());
    // One mentions file alone opens too (metadata from its own columns).
    let file = dir.path().join("mentions/part-00000.parquet");
    let mut alone = Vec::new();
    newsmap_arrow::open_results(&file, &gaz, &mut |d, _| {
        alone.extend(d);
        true
    })
    .unwrap();
    assert_eq!(alone[0].doc.title.as_deref(), Some("Title n0"));
    // A folder with no results is a clear error.
    let empty = tempfile::tempdir().unwrap();
    let err = newsmap_arrow::open_results(empty.path(), &gaz, &mut |_, _| true).unwrap_err();
    assert!(err.to_string().contains("no results here"), "{err}");
}
