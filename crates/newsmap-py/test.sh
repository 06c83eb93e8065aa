#!/usr/bin/env bash
# The Python package's tests: builds the wheel with maturin into a fresh virtual
# environment (target/py-venv), installs it, and runs pytest against the command line built
# from the same workspace (a Dask cluster of two worker processes among them).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=target/py-venv
rm -rf "$venv" target/wheels
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "maturin>=1.5,<2" pytest pyarrow pandas "dask[dataframe,distributed]"
# The Spark test runs where asked (pyspark is 300 MB and wants a Java runtime).
if [[ "${NEWSMAP_TEST_SPARK:-0}" == 1 ]]; then "$venv/bin/pip" install --quiet pyspark; fi
# The debug profile: the core is optimised in it (see Cargo.toml) and shares the artifacts
# `cargo test` built; `--release` for a wheel to ship.
"$venv/bin/maturin" build --quiet -m crates/newsmap-py/Cargo.toml -o target/wheels
"$venv/bin/pip" install --quiet --no-index --find-links target/wheels newsmap
cargo build --quiet --bin newsmap
NEWSMAP_BIN="$PWD/target/debug/newsmap" "$venv/bin/python" -m pytest -q crates/newsmap-py/tests
