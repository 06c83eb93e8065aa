//! Reading results back: for `--resume`, tests, and the app's File > Open results.

use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, RecordBatch};
use newsmap_core::StreamState;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::{ResultsError, io_error, parquet_error};

/// Why a results file could not be read.
pub type ReadError = ResultsError;

/// The Parquet files of one table under `path`: the file itself, the `*.parquet` files of a
/// folder, or those of its `table` subfolder (a results folder as `--output` wrote it).
pub fn table_files(path: &Path, table: &str) -> Result<Vec<PathBuf>, ResultsError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let sub = path.join(table);
    let dir = if sub.is_dir() {
        sub
    } else {
        path.to_path_buf()
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(io_error(&dir))? {
        let p = entry.map_err(io_error(&dir))?.path();
        if p.extension().is_some_and(|e| e == "parquet") && p.is_file() {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

fn open(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<std::fs::File>, ResultsError> {
    let file = std::fs::File::open(path).map_err(io_error(path))?;
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(parquet_error(path))
}

fn read_all(path: &Path, table: &str) -> Result<Vec<RecordBatch>, ResultsError> {
    let mut batches = Vec::new();
    for file in table_files(path, table)? {
        let reader = open(&file)?.build().map_err(parquet_error(&file))?;
        for batch in reader {
            batches.push(batch?);
        }
    }
    Ok(batches)
}

/// Every row of the mentions table under `path` (a file or a results folder).
pub fn read_mentions(path: &Path) -> Result<Vec<RecordBatch>, ResultsError> {
    read_all(path, "mentions")
}

/// Every row of the articles table under `path` (a file or a results folder).
pub fn read_articles(path: &Path) -> Result<Vec<RecordBatch>, ResultsError> {
    read_all(path, "articles")
}

/// Adds the ids and first texts of one articles file to `state`.
pub(crate) fn read_resume_columns(
    path: &Path,
    state: &mut StreamState,
) -> Result<(), ResultsError> {
    let builder = open(path)?;
    let schema = builder.schema().clone();
    let wanted: Vec<usize> = ["id", "duplicate_of", "text_key"]
        .iter()
        .filter_map(|c| schema.index_of(c).ok())
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted);
    let reader = builder
        .with_projection(mask)
        .build()
        .map_err(parquet_error(path))?;
    for batch in reader {
        let batch = batch?;
        let Some(ids) = batch
            .column_by_name("id")
            .and_then(|c| c.as_string_opt::<i32>())
        else {
            continue;
        };
        let dups = batch
            .column_by_name("duplicate_of")
            .and_then(|c| c.as_string_opt::<i32>());
        let keys = batch
            .column_by_name("text_key")
            .and_then(|c| c.as_primitive_opt::<Int64Type>());
        for i in 0..batch.num_rows() {
            if ids.is_null(i) {
                continue;
            }
            let id = ids.value(i).to_string();
            let first = dups.is_none_or(|d| d.is_null(i));
            if let Some(keys) = keys
                && first
                && !keys.is_null(i)
            {
                let key = u64::from_ne_bytes(keys.value(i).to_ne_bytes());
                state.first_of.entry(key).or_insert_with(|| id.clone());
            }
            state.done.insert(id);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::parts_in;

    #[test]
    fn a_folder_lists_its_parquet_files_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("mentions")).unwrap();
        for n in [
            "part-00001.parquet",
            "part-00000.parquet",
            "x.parquet.inprogress",
        ] {
            std::fs::write(dir.path().join("mentions").join(n), b"").unwrap();
        }
        let files = table_files(dir.path(), "mentions").unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_str().unwrap().to_string())
            .collect();
        assert_eq!(names, ["part-00000.parquet", "part-00001.parquet"]);
        assert_eq!(parts_in(&dir.path().join("mentions")).unwrap().len(), 2);
    }
}
