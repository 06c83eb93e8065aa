//! Streaming batch geoparsing (issue 16): articles as JSON Lines in, one result per article
//! out as soon as its window is done, in input order, on several threads. Memory is bounded
//! by the window of articles in flight, whatever the size of the input; bad lines are
//! reported with their number and skipped.
//!
//! Each article is geoparsed on its own (no copies grouped, no boilerplate learnt from
//! repetition), as the Python package does on a cluster.

use std::io::{BufRead, Write};

use serde::Serialize;
use serde_json::Value;

use crate::export::{MentionOut, mention_out};
use crate::geoparse::Geoparser;
use crate::text::CharIndex;

/// An article's optional metadata, as the stream gives it and as its result repeats it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ArticleMeta {
    /// Its title.
    pub title: Option<String>,
    /// Its date, as given.
    pub date: Option<String>,
    /// Site, feed or outlet.
    pub source: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Its language code, as given.
    pub lang: Option<String>,
}

/// One article of a JSON Lines stream: `id` and `text`, and optional metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleIn {
    /// Its id (a string, or a number written as one).
    pub id: String,
    /// Its plain text.
    pub text: String,
    /// Its title, date, source, address and language.
    pub meta: ArticleMeta,
}

/// Why a line of the stream is no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    /// Not JSON at all.
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A required field is missing.
    #[error("no `{0}` field")]
    Missing(&'static str),
    /// A field has the wrong type.
    #[error("`{field}` is not {expected}")]
    WrongType {
        /// The field.
        field: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// The geoparser failed on it (a bug: please report the line).
    #[error("the geoparser failed on this article")]
    Failed,
}

impl ArticleIn {
    /// Reads one line of a JSON Lines stream.
    pub fn from_line(line: &str) -> Result<Self, LineError> {
        let value: Value =
            serde_json::from_str(line).map_err(|e| LineError::NotJson(e.to_string()))?;
        let Value::Object(obj) = value else {
            return Err(LineError::NotAnObject);
        };
        let id = match obj.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => {
                return Err(LineError::WrongType {
                    field: "id",
                    expected: "a string or a number",
                });
            }
            None => return Err(LineError::Missing("id")),
        };
        let text = match obj.get("text") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(LineError::WrongType {
                    field: "text",
                    expected: "a string",
                });
            }
            None => return Err(LineError::Missing("text")),
        };
        let optional = |field: &'static str| -> Result<Option<String>, LineError> {
            match obj.get(field) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(LineError::WrongType {
                    field,
                    expected: "a string",
                }),
            }
        };
        Ok(ArticleIn {
            id,
            text,
            meta: ArticleMeta {
                title: optional("title")?,
                date: optional("date")?,
                source: optional("source")?,
                url: optional("url")?,
                lang: optional("lang")?,
            },
        })
    }
}

/// One article's result, one JSON line of the output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleOut {
    /// The article's id.
    pub id: String,
    /// Its metadata, as given.
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// Its place names, offsets in characters of `text`.
    pub mentions: Vec<MentionOut>,
    /// Problems met reading it (an empty text).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The id of an earlier article of the stream with the same text (its words, whatever
    /// the spacing, punctuation or case): a copy, linked to the first one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// [`copy_key`] of its text (kept in the Parquet articles table, so that `--resume`
    /// links later copies to articles of the earlier run).
    #[serde(skip)]
    pub text_key: u64,
}

/// Where a stream's results go, one article at a time, in input order.
pub trait ArticleSink {
    /// Takes one article's result.
    fn article(&mut self, article: &ArticleOut) -> std::io::Result<()>;
    /// A window of articles is done: a point to flush.
    fn window_done(&mut self) -> std::io::Result<()> {
        Ok(())
    }
    /// The stream is over: complete what is written (a file's footer).
    fn close(&mut self) -> std::io::Result<()> {
        self.window_done()
    }
}

/// Results as JSON Lines: one object per article.
#[derive(Debug)]
pub struct JsonLines<W: Write>(pub W);

impl<W: Write> ArticleSink for JsonLines<W> {
    fn article(&mut self, article: &ArticleOut) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.0, article).map_err(std::io::Error::other)?;
        self.0.write_all(b"\n")
    }
    fn window_done(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// What a stream remembers across its inputs, and what `--resume` restores from an earlier
/// run's output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamState {
    /// Ids of articles already written (by an earlier run): skipped, not geoparsed again.
    pub done: std::collections::HashSet<String>,
    /// The first article of each text ([`copy_key`]), to link later copies to.
    pub first_of: std::collections::HashMap<u64, String>,
}

/// A hash of a text's words, lower-cased, whatever spaces and punctuation stand between:
/// copies of one article share it.
pub fn copy_key(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::text::FnvHasher::default();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut b = [0u8; 4];
            h.write(c.encode_utf8(&mut b).as_bytes());
        }
        h.write_u8(b' ');
    }
    h.finish()
}

/// Geoparses one article on its own.
pub fn geoparse_article(parser: &Geoparser<'_>, article: &ArticleIn) -> ArticleOut {
    let text = &article.text;
    let mut idx = CharIndex::new(text);
    let mentions = parser
        .parse(text)
        .iter()
        .map(|m| mention_out(parser.gazetteer(), text, &mut idx, m))
        .collect();
    let mut warnings = Vec::new();
    if text.trim().is_empty() {
        warnings.push("empty text: nothing to geoparse".to_string());
    }
    ArticleOut {
        id: article.id.clone(),
        meta: article.meta.clone(),
        mentions,
        warnings,
        duplicate_of: None,
        text_key: copy_key(text),
    }
}

/// What a stream reports as it goes.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// A line that is no article, skipped.
    BadLine {
        /// Its number, from 1.
        line: usize,
        /// Why.
        error: LineError,
    },
    /// A window was written: the totals so far.
    Progress(StreamStats),
}

/// Totals of a stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Articles geoparsed and written.
    pub articles: usize,
    /// Lines skipped as no article.
    pub bad_lines: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Articles skipped as already written by an earlier run (`--resume`).
    pub resumed: usize,
}

/// How a stream runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamOptions {
    /// Worker threads (at least one).
    pub threads: usize,
    /// Articles in flight at most: read, geoparsed on the threads, then written in order.
    pub window: usize,
    /// Link each copy to the first article with the same text (`duplicate_of`): the only
    /// state that grows with the input, 8 bytes and an id per distinct text. Off: every
    /// article stands alone (`--per-document`, `--no-dedup`).
    pub group_copies: bool,
}

impl Default for StreamOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        StreamOptions {
            threads,
            window: 64 * threads,
            group_copies: true,
        }
    }
}

/// Geoparses the JSON Lines articles of `input`, writing one JSON line per article to
/// `output` in input order. Empty lines are skipped silently; bad lines are reported to
/// `on_event` and skipped. Fails only when reading or writing fails.
pub fn geoparse_stream<R: BufRead, W: Write>(
    parser: &Geoparser<'_>,
    input: R,
    output: &mut W,
    options: StreamOptions,
    on_event: &mut dyn FnMut(StreamEvent),
) -> std::io::Result<StreamStats> {
    let mut sink = JsonLines(output);
    let mut state = StreamState::default();
    geoparse_stream_into(parser, input, &mut sink, options, &mut state, on_event)
}

/// Geoparses the JSON Lines articles of `input` into `sink`, in input order, skipping the
/// articles `state` has as done and linking copies to the first article of `state`'s texts
/// (which it then remembers: one state over several inputs links copies across them).
/// Empty lines are skipped silently; bad lines are reported to `on_event` and skipped.
/// Fails only when reading or writing fails.
pub fn geoparse_stream_into<R: BufRead>(
    parser: &Geoparser<'_>,
    mut input: R,
    sink: &mut dyn ArticleSink,
    options: StreamOptions,
    state: &mut StreamState,
    on_event: &mut dyn FnMut(StreamEvent),
) -> std::io::Result<StreamStats> {
    let threads = options.threads.max(1);
    let group_copies = options.group_copies;
    let window = options.window.max(threads);
    let mut stats = StreamStats::default();
    let mut line_no = 0usize;
    let mut buf = String::new();
    loop {
        // A window of lines.
        let mut lines: Vec<(usize, String)> = Vec::with_capacity(window);
        while lines.len() < window {
            buf.clear();
            let n = input.read_line(&mut buf)?;
            if n == 0 {
                break;
            }
            line_no += 1;
            stats.bytes += n as u64;
            let line = buf.trim_end_matches(['\n', '\r']);
            if !line.trim().is_empty() {
                lines.push((line_no, line.to_string()));
            }
        }
        if lines.is_empty() {
            break;
        }
        // Geoparsed on the threads, each taking the next line not taken yet (articles differ
        // in length: a fixed share would leave a thread idle).
        let next = std::sync::atomic::AtomicUsize::new(0);
        let done = &state.done;
        let results: Vec<Result<Option<ArticleOut>, LineError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    let (lines, next) = (&lines, &next);
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((_, line)) = lines.get(k) else {
                                break;
                            };
                            let result = ArticleIn::from_line(line).map(|a| {
                                (!done.contains(&a.id)).then(|| geoparse_article(parser, &a))
                            });
                            out.push((k, result));
                        }
                        out
                    })
                })
                .collect();
            let mut slots: Vec<Result<Option<ArticleOut>, LineError>> =
                (0..lines.len()).map(|_| Err(LineError::Failed)).collect();
            for h in handles {
                // A worker that panicked loses its articles (reported), not the stream.
                if let Ok(part) = h.join() {
                    for (k, r) in part {
                        slots[k] = r;
                    }
                }
            }
            slots
        });
        for ((line, _), result) in lines.iter().zip(results) {
            match result {
                Ok(Some(mut article)) => {
                    if group_copies {
                        match state.first_of.get(&article.text_key) {
                            Some(first) => article.duplicate_of = Some(first.clone()),
                            None => {
                                state.first_of.insert(article.text_key, article.id.clone());
                            }
                        }
                    }
                    sink.article(&article)?;
                    stats.articles += 1;
                }
                Ok(None) => stats.resumed += 1,
                Err(error) => {
                    stats.bad_lines += 1;
                    on_event(StreamEvent::BadLine { line: *line, error });
                }
            }
        }
        sink.window_done()?;
        on_event(StreamEvent::Progress(stats));
    }
    Ok(stats)
}
