//! The `newsmap` command: the desktop app, and a command line on the same engine.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use newsmap::collection::Collection;
use newsmap::export;
use newsmap::gazetteer::Gazetteer;
use newsmap::geoparse::Geoparser;

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
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Documents with their mentions, offsets in characters.
    Json,
    /// A FeatureCollection with one point per place.
    Geojson,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Geoparse { format, paths }) => geoparse(format, &paths),
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

fn geoparse(format: Format, paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let gaz = Gazetteer::bundled().context("loading the bundled gazetteer")?;
    let parser = Geoparser::new(&gaz);
    let coll = Collection::load(&parser, paths);
    let value = match format {
        Format::Json => serde_json::to_value(export::report(&gaz, &coll))?,
        Format::Geojson => export::geojson(&gaz, &coll),
    };
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &value)?;
    writeln!(out)?;
    if !coll.warnings.is_empty() {
        let reasons: Vec<String> = coll.warnings.iter().map(|w| w.to_string()).collect();
        eprintln!(
            "newsmap: skipped {} of {} files: {}",
            coll.warnings.len(),
            coll.warnings.len() + coll.documents.len(),
            reasons.join("; ")
        );
    }
    Ok(if coll.documents.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(feature = "gui")]
fn run_app(paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    newsmap::ui::run(paths)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn run_app(_paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build has no desktop app (built without the `gui` feature); use `newsmap geoparse`"
    )
}
