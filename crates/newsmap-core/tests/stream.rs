//! Issue 16: the core geoparses a stream of JSON Lines articles as a library: windows of
//! articles on several threads, results in input order, bad lines reported and skipped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod make;
use make::gaz;

use newsmap_core::{ArticleIn, Geoparser, LineError, StreamEvent, StreamOptions, geoparse_stream};

#[test]
fn issue_16_a_stream_keeps_its_order_across_windows_and_threads() {
    let towns = ["Kharkiv", "Odesa", "Lviv", "Poltava", "Sumy"];
    let mut input = String::new();
    for i in 0..23 {
        if i == 5 {
            input.push_str("{\"id\": \"broken\"\n");
        }
        let text = format!("Officials in {} reported damage on day {i}.", towns[i % 5]);
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
    }
    let parser = Geoparser::new(gaz());
    let mut out: Vec<u8> = Vec::new();
    let mut events = Vec::new();
    // A window of 4 on 3 threads: six windows, the last one short.
    let options = StreamOptions {
        threads: 3,
        window: 4,
        group_copies: false,
    };
    let stats = geoparse_stream(&parser, input.as_bytes(), &mut out, options, &mut |e| {
        events.push(e)
    })
    .unwrap();
    assert_eq!((stats.articles, stats.bad_lines), (23, 1));
    assert_eq!(stats.bytes, input.len() as u64);
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["id"], i.to_string());
        assert_eq!(v["mentions"][0]["place"]["name"], towns[i % 5], "{v}");
    }
    let bad: Vec<&StreamEvent> = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::BadLine { .. }))
        .collect();
    assert_eq!(bad.len(), 1);
    assert!(
        matches!(
            bad[0],
            StreamEvent::BadLine {
                line: 6,
                error: LineError::NotJson(_)
            }
        ),
        "{bad:?}"
    );
    let progress = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::Progress(_)))
        .count();
    assert_eq!(progress, 6);
}

#[test]
fn issue_16_lines_that_are_no_article_say_why() {
    assert_eq!(ArticleIn::from_line("[1, 2]"), Err(LineError::NotAnObject));
    assert_eq!(
        ArticleIn::from_line(r#"{"text": "Kyiv"}"#),
        Err(LineError::Missing("id"))
    );
    assert_eq!(
        ArticleIn::from_line(r#"{"id": "x", "text": "Kyiv", "date": 2024}"#),
        Err(LineError::WrongType {
            field: "date",
            expected: "a string"
        })
    );
    let a =
        ArticleIn::from_line(r#"{"id": 3, "text": "Kyiv", "title": null, "extra": 1}"#).unwrap();
    assert_eq!(
        (a.id.as_str(), a.text.as_str(), a.meta.title),
        ("3", "Kyiv", None)
    );
}
