//! The `newsmap` command: the desktop app, and a command line on the same engine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use newsmap::Collection;
use newsmap::Filter;
use newsmap::Gazetteer;
use newsmap::NameLanguage;
use newsmap::{ExportFormat, GeoJsonOptions};
use newsmap::{Geoparser, Options};

/// Find the places news articles name and put them on a map.
///
/// With no subcommand, opens the desktop app with PATHs loaded.
#[derive(Debug, Parser)]
#[command(name = "newsmap", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or folders to open in the app.
    paths: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Geoparse files and folders and print the result to stdout.
    Geoparse {
        /// Output format (default: json; jsonl with `--input jsonl`).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// With `--format parquet`: the folder to write `mentions/*.parquet` and
        /// `articles/*.parquet` into.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// With `--input jsonl --format parquet`: go on with the results already in the
        /// `--output` folder after a crash or a stop, skipping the article ids it holds.
        #[arg(long)]
        resume: bool,
        /// What the PATHs hold.
        #[arg(long, value_enum, default_value_t = Input::Files)]
        input: Input,
        /// With `--input jsonl`: worker threads (default: all cores).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// With `--input jsonl`: exit 1 when a line was no article (they are reported and
        /// skipped either way).
        #[arg(long)]
        strict: bool,
        /// Geoparse each document on its own: no copies grouped, no context from the other
        /// documents (as the Python package does on a cluster).
        #[arg(long)]
        per_document: bool,
        /// Also read demonyms ("Ukrainian", "North Korean") as mentions of their country.
        #[arg(long)]
        demonyms: bool,
        /// Add each document's extracted text (the text offsets count into) and its
        /// boilerplate ranges to the JSON report.
        #[arg(long)]
        with_text: bool,
        /// With `--format geojson`: write regions and countries as their outlines
        /// (MultiPolygons) instead of points.
        #[arg(long)]
        regions_as_polygons: bool,
        /// A workspace saved by the app (.newsmap): its documents, own places and
        /// corrections come first, and the PATHs are added to them.
        #[arg(long, value_name = "FILE.newsmap")]
        workspace: Option<PathBuf>,
        /// Add the places of a gazetteer of your own: GeoNames' dump of a country or of all
        /// (UA.txt, allCountries.zip: 19 tab-separated columns), or a CSV or GeoJSON of
        /// places. Repeatable; bad rows are counted on stderr and skipped.
        #[arg(long, value_name = "FILE")]
        gazetteer: Vec<PathBuf>,
        /// Do not group copies of one article: every document stands alone (no
        /// `duplicate_of`), and each one's places are counted.
        #[arg(long)]
        no_dedup: bool,
        /// The language of place names in the output: English, Ukrainian or Russian
        /// (where a language-tagged source names the place; English otherwise). The
        /// excerpts keep the text as written.
        #[arg(long, value_enum, default_value_t = Names::En)]
        names: Names,
        /// Files or folders.
        #[arg(required_unless_present = "workspace")]
        paths: Vec<PathBuf>,
    },
    /// Score the geoparser on corpora with gold toponyms (JSON Lines).
    Eval {
        /// Resolve the gold spans instead of recognising names (as Mordecai 3 reports).
        #[arg(long)]
        gold_spans: bool,
        /// Count demonyms as mentions of their country (for corpora that annotate them,
        /// such as LGL and TR-News).
        #[arg(long)]
        demonyms: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EvalFormat::Table)]
        format: EvalFormat,
        /// Also list the N worst errors of each corpus.
        #[arg(long, value_name = "N", default_value_t = 0)]
        errors: usize,
        /// Fail (exit 1) when a figure is more than one point below its floor in this file.
        #[arg(long, value_name = "FLOORS.json")]
        check_floors: Option<PathBuf>,
        /// Record this run's figures as the floors of its corpora in this file (other
        /// corpora's floors are kept).
        #[arg(long, value_name = "FLOORS.json", conflicts_with = "check_floors")]
        write_floors: Option<PathBuf>,
        /// Override a resolver weight, e.g. `--weight none_score=1.2` (for tuning).
        #[arg(long = "weight", value_name = "NAME=VALUE")]
        weights: Vec<String>,
        /// Resolve with the hand-weighted scores instead of the learned ranker.
        #[arg(long, conflicts_with = "model")]
        hand: bool,
        /// Resolve with this fitted ranker instead of the bundled one
        /// (`scripts/train_ranker.py` writes them).
        #[arg(long, value_name = "MODEL.json")]
        model: Option<PathBuf>,
        /// Write each name's ranker features and gold labels, per corpus, as
        /// `DIR/CORPUS.csv` and `DIR/CORPUS.gold.csv` (for `scripts/train_ranker.py`),
        /// instead of scoring.
        #[arg(long, value_name = "DIR")]
        dump_features: Option<PathBuf>,
        /// Corpus files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    /// A table for people.
    Table,
    /// JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Documents with their mentions, offsets in characters.
    Json,
    /// A FeatureCollection with one point per place.
    Geojson,
    /// One row per mention.
    Csv,
    /// KML 2.2 with one placemark per place.
    Kml,
    /// One JSON document per line (with `--input jsonl`: one result per article, written
    /// as the stream goes).
    Jsonl,
    /// GeoParquet tables of mentions and articles, into the `--output` folder.
    Parquet,
}

/// `--input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Input {
    /// Files, folders and archives of articles.
    Files,
    /// JSON Lines of articles (`id`, `text`; optional `title`, `date`, `source`, `url`,
    /// `lang`), from files or `-` for stdin, streamed: each article geoparsed on its own.
    Jsonl,
}

/// `--names`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Names {
    /// English.
    En,
    /// Українська.
    Uk,
    /// Русский.
    Ru,
}

impl From<Names> for NameLanguage {
    fn from(n: Names) -> Self {
        match n {
            Names::En => NameLanguage::En,
            Names::Uk => NameLanguage::Uk,
            Names::Ru => NameLanguage::Ru,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Geoparse {
            format,
            output,
            resume,
            input: Input::Jsonl,
            threads,
            strict,
            per_document,
            demonyms,
            with_text,
            regions_as_polygons,
            workspace,
            gazetteer,
            no_dedup,
            names,
            paths,
        }) => {
            let files_only = with_text || regions_as_polygons || workspace.is_some();
            geoparse_jsonl(
                (files_only, format, output.as_deref(), resume),
                names.into(),
                &gazetteer,
                Options {
                    demonyms,
                    ..Options::default()
                },
                (threads, strict, !(per_document || no_dedup)),
                &paths,
            )
        }
        Some(Command::Geoparse {
            format,
            output,
            resume,
            input: Input::Files,
            threads: _,
            strict: _,
            per_document,
            demonyms,
            with_text,
            regions_as_polygons,
            workspace,
            gazetteer,
            no_dedup,
            names,
            paths,
        }) => geoparse(
            (format.unwrap_or(Format::Json), names.into()),
            (output.as_deref(), resume),
            (with_text, regions_as_polygons),
            (no_dedup, per_document),
            (workspace.as_deref(), &gazetteer),
            Options {
                demonyms,
                ..Options::default()
            },
            &paths,
        ),
        Some(Command::Eval {
            gold_spans,
            demonyms,
            format,
            errors,
            check_floors,
            write_floors,
            weights,
            hand,
            model,
            dump_features,
            files,
        }) => eval(
            gold_spans,
            match eval_options(demonyms, &weights, hand, model.as_deref()) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("newsmap: {e:#}");
                    return ExitCode::FAILURE;
                }
            },
            format,
            errors,
            (check_floors.as_deref(), write_floors.as_deref()),
            dump_features.as_deref(),
            &files,
        ),
        None => run_app(cli.paths),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsmap: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The bundled gazetteer with the user's gazetteer files added (what each added, and why
/// one was not, on stderr).
fn load_gazetteer(gazetteers: &[PathBuf]) -> anyhow::Result<Gazetteer> {
    let gaz = Gazetteer::bundled().context("loading the bundled gazetteer")?;
    if gazetteers.is_empty() {
        return Ok(gaz);
    }
    let (with, reports) = newsmap::gazetteer_with_files(&gaz, gazetteers);
    for r in &reports {
        match r {
            Ok(report) => {
                eprintln!("newsmap: gazetteer {}", report.summary());
                for p in &report.problems {
                    eprintln!("newsmap:   {p}");
                }
            }
            Err(e) => eprintln!("newsmap: gazetteer not added: {e}"),
        }
    }
    Ok(with)
}

/// `geoparse --input jsonl`: streams each input (a file, or `-` for stdin) through the
/// geoparser, one JSON line per article on stdout, in input order; bad lines reported on
/// stderr with their number and skipped; a progress line when stderr is a terminal.
fn geoparse_jsonl(
    (files_only, format, output, resume): (bool, Option<Format>, Option<&std::path::Path>, bool),
    names: NameLanguage,
    gazetteers: &[PathBuf],
    options: Options,
    (threads, strict, group_copies): (Option<usize>, bool, bool),
    paths: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if files_only {
        anyhow::bail!(
            "--with-text, --regions-as-polygons and --workspace are for files, not --input jsonl"
        );
    }
    if format.is_some_and(|f| f != Format::Jsonl && f != Format::Parquet) {
        anyhow::bail!("--input jsonl writes --format jsonl or --format parquet");
    }
    let parquet_dir = parquet_output(format.unwrap_or(Format::Jsonl), output)?;
    if resume && parquet_dir.is_none() {
        anyhow::bail!("--resume goes on with a --format parquet --output DIR");
    }
    let mut state = match parquet_dir {
        Some(dir) if resume => newsmap_arrow::resume_state(dir)?,
        _ => newsmap::StreamState::default(),
    };
    if resume {
        eprintln!(
            "newsmap: resuming: {} articles already in {}",
            state.done.len(),
            parquet_dir
                .map(|d| d.display().to_string())
                .unwrap_or_default()
        );
    }
    let mut gaz = load_gazetteer(gazetteers)?;
    gaz.set_display_language(names);
    let parser = Geoparser::new(&gaz).with_options(options);
    let mut stream_options = newsmap::StreamOptions {
        group_copies,
        ..newsmap::StreamOptions::default()
    };
    if let Some(n) = threads {
        stream_options.threads = n.max(1);
        stream_options.window = 64 * stream_options.threads;
    }
    let progress = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let mut sink: Box<dyn newsmap::ArticleSink> = match parquet_dir {
        Some(dir) => Box::new(newsmap_arrow::ResultsWriter::create(dir, resume)?),
        None => Box::new(newsmap::JsonLines(std::io::BufWriter::new(
            std::io::stdout().lock(),
        ))),
    };
    // The bytes to read, for the progress line's ETA (unknown for stdin).
    let input_bytes: Option<u64> = paths
        .iter()
        .map(|p| std::fs::metadata(p).ok().map(|m| m.len()))
        .sum();
    let mut total = newsmap::StreamStats::default();
    let mut unreadable = 0usize;
    for path in paths {
        let name = path.display().to_string();
        let input: Box<dyn std::io::BufRead> = if name == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(path) {
                Ok(f) => Box::new(std::io::BufReader::new(f)),
                Err(e) => {
                    eprintln!("newsmap: {name}: {e}");
                    unreadable += 1;
                    continue;
                }
            }
        };
        let before = total;
        let mut on_event = |event: newsmap::StreamEvent| match event {
            newsmap::StreamEvent::BadLine { line, error } => {
                eprintln!("newsmap: {name} line {line}: {error}; skipped");
            }
            newsmap::StreamEvent::Progress(s) if progress => {
                let secs = started.elapsed().as_secs_f64().max(1e-3);
                let done = before.bytes + s.bytes;
                let rate = done as f64 / secs;
                let eta = match input_bytes {
                    Some(all) if rate > 0.0 => {
                        let left = all.saturating_sub(done) as f64 / rate;
                        format!(", ETA {}:{:02}", (left / 60.0) as u64, (left % 60.0) as u64)
                    }
                    _ => String::new(),
                };
                eprint!(
                    "\rnewsmap: {} articles, {:.1} MB/s{eta} ",
                    before.articles + s.articles + s.resumed,
                    rate / 1e6
                );
            }
            newsmap::StreamEvent::Progress(_) => {}
        };
        let result = newsmap::geoparse_stream_into(
            &parser,
            input,
            sink.as_mut(),
            stream_options,
            &mut state,
            &mut on_event,
        );
        match result {
            Ok(s) => {
                total.articles += s.articles;
                total.bad_lines += s.bad_lines;
                total.bytes += s.bytes;
                total.resumed += s.resumed;
            }
            // `newsmap geoparse ... | head`: the reader has what it wanted; exit quietly.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
            Err(e) => return Err(anyhow::Error::new(e).context(format!("reading {name}"))),
        }
    }
    sink.close().context("completing the output")?;
    if progress {
        eprintln!();
    }
    let mut summary = format!("newsmap: {} articles geoparsed", total.articles);
    if total.resumed > 0 {
        summary.push_str(&format!(
            ", {} skipped as already in the output",
            total.resumed
        ));
    }
    if total.bad_lines > 0 {
        summary.push_str(&format!(
            ", {} lines skipped (not an article)",
            total.bad_lines
        ));
    }
    if unreadable > 0 {
        summary.push_str(&format!(", {unreadable} inputs not read"));
    }
    eprintln!("{summary}");
    if unreadable > 0 && total.articles == 0 {
        return Ok(ExitCode::FAILURE);
    }
    Ok(if strict && (total.bad_lines > 0 || unreadable > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn geoparse(
    (format, names): (Format, NameLanguage),
    (output, resume): (Option<&std::path::Path>, bool),
    (with_text, regions_as_polygons): (bool, bool),
    (no_dedup, per_document): (bool, bool),
    (workspace, gazetteers): (Option<&std::path::Path>, &[PathBuf]),
    options: Options,
    paths: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    if regions_as_polygons && format != Format::Geojson {
        anyhow::bail!("--regions-as-polygons is for --format geojson");
    }
    if resume {
        anyhow::bail!("--resume is for --input jsonl (files are read whole, in one run)");
    }
    let parquet_dir = parquet_output(format, output)?;
    let mut gaz = load_gazetteer(gazetteers)?;
    let opened = match workspace {
        Some(path) => {
            let opened = newsmap::open_workspace(path)?;
            for p in &opened.problems {
                eprintln!("newsmap: {}: {p}", path.display());
            }
            if !opened.problems.is_empty() {
                eprintln!(
                    "newsmap: read {} documents from {}",
                    opened.workspace.documents.len(),
                    if opened.from_backup {
                        newsmap::workspace_backup_path(path).display().to_string()
                    } else {
                        path.display().to_string()
                    }
                );
            }
            if !opened.workspace.own_places.is_empty() {
                gaz = newsmap::gazetteer_with(&gaz, &opened.workspace.own_places);
            }
            Some(opened.workspace)
        }
        None => None,
    };
    gaz.set_display_language(names);
    let parser = Geoparser::new(&gaz).with_options(options);
    // A reader that panics on a hostile file is reported as that file's warning; the
    // default hook's backtrace would break the one-line summary on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    let mut coll = Collection::default();
    coll.set_grouping(!(no_dedup || per_document));
    if let Some(ws) = &opened {
        coll.set_kept_apart(ws.kept_apart.iter().copied());
        coll.restore_into(
            newsmap::reparse(&parser, ws.documents.clone()),
            ws.warnings.clone(),
        );
        // The batch results the workspace opened: named in it, read again from where they
        // are (as many documents as the app had).
        for r in &ws.results {
            let mut left = r.documents;
            let read = newsmap_arrow::open_results(&r.path, &gaz, &mut |mut docs, _| {
                docs.truncate(left);
                left -= docs.len();
                coll.add(newsmap::FileResult::Loaded(docs, Vec::new()));
                left > 0
            });
            if let Err(e) = read {
                eprintln!(
                    "newsmap: the results {} named by the workspace cannot be read: {e}",
                    r.path.display()
                );
            }
        }
    }
    newsmap::process_paths(&parser, paths, |_, r| coll.add(r));
    // The names of each document resolved again with what the others say (not with
    // `--per-document`: each document on its own).
    if !per_document {
        coll.resolve_in_context(&parser);
    }
    // Reading is over: a panic from here on (in export, say) is a bug to report, with the
    // default hook's message.
    let _ = std::panic::take_hook();
    if let Some(ws) = &opened {
        let missing = ws.corrections.apply(&gaz, &mut coll.documents);
        if !missing.is_empty() {
            eprintln!(
                "newsmap: {} corrections name places the gazetteer no longer holds",
                missing.len()
            );
        }
    }
    let all = Filter::default();
    if let Some(dir) = parquet_dir {
        let mut writer = newsmap_arrow::ResultsWriter::create(dir, false)?;
        for d in &newsmap::report(&gaz, &coll, false).documents {
            writer.push(d.into())?;
        }
        let n = writer.finish()?;
        eprintln!("newsmap: {n} documents written to {}", dir.display());
    }
    let text = match format {
        Format::Parquet => String::new(),
        Format::Json => {
            serde_json::to_string_pretty(&newsmap::report(&gaz, &coll, with_text))? + "\n"
        }
        Format::Geojson => newsmap::export(
            ExportFormat::GeoJson(GeoJsonOptions {
                regions_as_polygons,
            }),
            &gaz,
            &coll,
            &all,
        )?,
        Format::Csv => newsmap::csv(&gaz, &coll, &all)?,
        Format::Kml => newsmap::kml(&gaz, &coll, &all)?,
        Format::Jsonl => {
            let mut lines = String::new();
            for d in newsmap::report(&gaz, &coll, with_text).documents {
                lines.push_str(&serde_json::to_string(&d)?);
                lines.push('\n');
            }
            lines
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // `newsmap geoparse ... | head`: the reader has what it wanted; exit quietly.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e.into());
    }
    let copies = coll.copy_count();
    if !coll.warnings.is_empty() || copies > 0 {
        let mut line = format!("newsmap: {} documents loaded", coll.documents.len());
        if copies > 0 {
            line.push_str(&format!(
                " ({copies} {} of other documents, grouped with them)",
                if copies == 1 {
                    "is a copy"
                } else {
                    "are copies"
                }
            ));
        }
        if !coll.warnings.is_empty() {
            line.push_str(&format!(
                "; {} skipped: {}",
                coll.warnings.len(),
                skip_reasons(&coll.warnings)
            ));
        }
        eprintln!("{line}");
    }
    for &i in coll.noted() {
        if let Some(d) = coll.documents.get(i) {
            for n in &d.doc.notes {
                eprintln!("newsmap: {}: {n}", d.doc.path);
            }
        }
    }
    Ok(if coll.documents.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The folder `--format parquet` writes into; an error when one is given without the other.
fn parquet_output(
    format: Format,
    output: Option<&std::path::Path>,
) -> anyhow::Result<Option<&std::path::Path>> {
    match (format, output) {
        (Format::Parquet, Some(dir)) => Ok(Some(dir)),
        (Format::Parquet, None) => {
            anyhow::bail!("--format parquet writes into a folder: add --output DIR")
        }
        (_, Some(_)) => anyhow::bail!("--output DIR is for --format parquet"),
        (_, None) => Ok(None),
    }
}

/// "2 empty, 1 not text": the warnings counted by kind.
fn skip_reasons(warnings: &[newsmap::ingest::Warning]) -> String {
    newsmap::ingest::count_kinds(warnings)
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn eval_options(
    demonyms: bool,
    weights: &[String],
    hand: bool,
    model: Option<&std::path::Path>,
) -> anyhow::Result<Options> {
    let mut options = Options {
        demonyms,
        ..Options::default()
    };
    if hand {
        options.resolver = newsmap::Resolver::Hand;
    }
    if let Some(path) = model {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let ranker = newsmap::Ranker::from_json(&text)
            .with_context(|| format!("reading {}", path.display()))?;
        // One model for the life of the process.
        options.resolver = newsmap::Resolver::Model(Box::leak(Box::new(ranker)));
    } else if !hand && newsmap::Ranker::bundled().is_none() {
        eprintln!("newsmap eval: the bundled ranker cannot be read; hand-weighted scores decide");
    }
    for w in weights {
        let (name, value) = w
            .split_once('=')
            .with_context(|| format!("--weight {w}: expected NAME=VALUE"))?;
        let value: f64 = value
            .parse()
            .with_context(|| format!("--weight {w}: {value} is not a number"))?;
        if !options.weights.set(name, value) {
            anyhow::bail!("--weight {w}: no weight called {name}");
        }
    }
    Ok(options)
}

/// A corpus file's name (its stem) and documents.
fn read_corpus(file: &std::path::Path) -> anyhow::Result<(String, Vec<newsmap::GoldDoc>)> {
    let docs = newsmap::read_corpus(file)?;
    let name = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, docs))
}

fn eval(
    gold_spans: bool,
    options: Options,
    format: EvalFormat,
    errors: usize,
    (check_floors, write_floors): (Option<&std::path::Path>, Option<&std::path::Path>),
    dump_features: Option<&std::path::Path>,
    files: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    let gaz = Gazetteer::bundled().context("loading the bundled gazetteer")?;
    let parser = Geoparser::new(&gaz).with_options(options);
    if let Some(dir) = dump_features {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        for file in files {
            let (name, docs) = read_corpus(file)?;
            let path = dir.join(format!("{name}.csv"));
            let gold_path = dir.join(format!("{name}.gold.csv"));
            let mut out = std::io::BufWriter::new(
                std::fs::File::create(&path)
                    .with_context(|| format!("creating {}", path.display()))?,
            );
            let mut gold = std::io::BufWriter::new(
                std::fs::File::create(&gold_path)
                    .with_context(|| format!("creating {}", gold_path.display()))?,
            );
            newsmap::dump_features(&parser, &name, &docs, &mut out, &mut gold)
                .and_then(|()| std::io::Write::flush(&mut out))
                .and_then(|()| std::io::Write::flush(&mut gold))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "newsmap eval: features of {name} written to {}",
                path.display()
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut scores = Vec::new();
    for file in files {
        let (name, docs) = read_corpus(file)?;
        scores.push(newsmap::evaluate(&parser, &name, &docs, gold_spans, errors));
    }
    match format {
        EvalFormat::Json => println!("{}", serde_json::to_string_pretty(&scores)?),
        EvalFormat::Table => {
            print!("{}", newsmap::eval_table(&scores));
            for s in scores.iter().filter(|s| !s.worst.is_empty()) {
                println!("\nworst errors in {}:", s.corpus);
                for e in &s.worst {
                    println!(
                        "  {:>7.0} km  {:<20} → {}   [{}] {}",
                        e.error_km, e.surface, e.predicted, e.doc, e.context
                    );
                }
            }
            for s in scores.iter().filter(|s| !s.recognition_errors.is_empty()) {
                println!(
                    "\nrecognition errors in {} (- missed, + not in the gold):",
                    s.corpus
                );
                for e in &s.recognition_errors {
                    let sign = if e.missed { '-' } else { '+' };
                    println!(
                        "  {sign} {:<24} {:<32} [{}] {}",
                        e.surface, e.predicted, e.doc, e.context
                    );
                }
            }
        }
    }
    if let Some(path) = write_floors {
        let mut floors: newsmap::Floors = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        floors.extend(newsmap::floors_of(&scores));
        std::fs::write(path, serde_json::to_string_pretty(&floors)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("newsmap eval: floors written to {}", path.display());
    }
    if let Some(path) = check_floors {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let floors: newsmap::Floors =
            serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
        let below = newsmap::below_floors(&scores, &floors, 0.01);
        if !below.is_empty() {
            for b in &below {
                eprintln!("newsmap eval: {b}");
            }
            return Ok(ExitCode::FAILURE);
        }
        eprintln!(
            "newsmap eval: every figure is at or above its floor ({})",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "gui")]
fn run_app(paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    newsmap::app::run(paths)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn run_app(_paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no desktop app (built without the `gui` feature); use `newsmap geoparse`"
    )
}
