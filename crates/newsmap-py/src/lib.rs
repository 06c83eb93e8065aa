//! The `newsmap` Python package's native module (`newsmap._newsmap`): the geoparser of
//! `newsmap-core` with its bundled gazetteer, loaded once per process, and the mentions
//! table of `newsmap-arrow` handed to pyarrow as an Arrow IPC stream. The Python side
//! (`python/newsmap/__init__.py`) wraps it.
//!
//! Each document is geoparsed on its own, as `geoparse --per-document` does: no state
//! across documents, so a cluster's partitions give the same result in any order.

use std::sync::OnceLock;

use newsmap_core::{ArticleIn, ArticleMeta, Gazetteer, Options, geoparse_article};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The bundled gazetteer, read once per process (a worker loads it once, whatever the
/// number of partitions it takes).
static GAZETTEER: OnceLock<Result<Gazetteer, String>> = OnceLock::new();

fn gazetteer() -> PyResult<&'static Gazetteer> {
    GAZETTEER
        .get_or_init(|| Gazetteer::bundled().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| PyRuntimeError::new_err(format!("loading the bundled gazetteer: {e}")))
}

/// A geoparser over the bundled gazetteer.
#[pyclass(frozen, module = "newsmap._newsmap")]
struct Geoparser {
    parser: newsmap_core::Geoparser<'static>,
}

/// Optional text columns of a batch: each `None`, or one value per text.
type Column = Option<Vec<Option<String>>>;

fn column_value(column: &Column, i: usize) -> Option<String> {
    column.as_ref().and_then(|c| c.get(i).cloned().flatten())
}

#[pymethods]
impl Geoparser {
    /// `demonyms`: also read "Ukrainian", "North Korean" as mentions of their country.
    #[new]
    #[pyo3(signature = (demonyms = false))]
    fn new(demonyms: bool) -> PyResult<Self> {
        let gaz = gazetteer()?;
        Ok(Geoparser {
            parser: newsmap_core::Geoparser::new(gaz).with_options(Options {
                demonyms,
                ..Options::default()
            }),
        })
    }

    /// The mentions of one text, as the CLI's JSON writes them (a JSON array).
    fn parse_json(&self, py: Python<'_>, text: &str) -> PyResult<String> {
        let article = ArticleIn {
            id: String::new(),
            text: text.to_string(),
            meta: ArticleMeta::default(),
        };
        let out = py.detach(|| geoparse_article(&self.parser, &article));
        serde_json::to_string(&out.mentions).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The mentions table of a batch of texts as an Arrow IPC stream. `ids` and the
    /// optional columns have one value per text.
    #[pyo3(signature = (ids, texts, titles=None, dates=None, sources=None, urls=None, langs=None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per column of the batch"
    )]
    fn parse_batch_ipc<'py>(
        &self,
        py: Python<'py>,
        ids: Vec<String>,
        texts: Vec<Option<String>>,
        titles: Column,
        dates: Column,
        sources: Column,
        urls: Column,
        langs: Column,
    ) -> PyResult<Bound<'py, PyBytes>> {
        if ids.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} texts",
                ids.len(),
                texts.len()
            )));
        }
        for (name, c) in [
            ("titles", &titles),
            ("dates", &dates),
            ("sources", &sources),
            ("urls", &urls),
            ("langs", &langs),
        ] {
            if let Some(c) = c
                && c.len() != texts.len()
            {
                return Err(PyValueError::new_err(format!(
                    "{} {name} for {} texts",
                    c.len(),
                    texts.len()
                )));
            }
        }
        let bytes = py.detach(|| {
            let mut tables = newsmap_arrow::TablesBuilder::new();
            for (i, (id, text)) in ids.into_iter().zip(texts).enumerate() {
                let article = ArticleIn {
                    id,
                    // A missing text is an empty article: a row in no table but no error.
                    text: text.unwrap_or_default(),
                    meta: ArticleMeta {
                        title: column_value(&titles, i),
                        date: column_value(&dates, i),
                        source: column_value(&sources, i),
                        url: column_value(&urls, i),
                        lang: column_value(&langs, i),
                    },
                };
                let out = geoparse_article(&self.parser, &article);
                tables.push((&out).into());
            }
            let (mentions, _) = tables.finish()?;
            newsmap_arrow::to_ipc_stream(&mentions)
        });
        let bytes = bytes.map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// The mentions table's schema, as an empty Arrow IPC stream.
#[pyfunction]
fn mentions_schema_ipc(py: Python<'_>) -> PyResult<Bound<'_, PyBytes>> {
    let (mentions, _) = newsmap_arrow::TablesBuilder::new()
        .finish()
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let bytes = newsmap_arrow::to_ipc_stream(&mentions)
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &bytes))
}

#[pymodule]
fn _newsmap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Geoparser>()?;
    m.add_function(wrap_pyfunction!(mentions_schema_ipc, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
