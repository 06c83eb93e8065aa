"""newsmap: find the places news articles name and resolve them against a bundled gazetteer.

The same engine as the newsmap app and command line, for Spark, Dask or Ray workers::

    import newsmap
    g = newsmap.Geoparser()          # loads the bundled gazetteer once per process
    g.parse("Russian forces shelled Tonenke, Donetsk region.")   # -> list of dicts
    g.parse_batch(["text one", "text two"])                       # -> pyarrow.Table

Each document is geoparsed on its own (no state across documents), as
``newsmap geoparse --input jsonl --per-document`` does, so partitions give the same result
in any order and on any number of workers.

Place data: GeoNames (CC BY 4.0, https://www.geonames.org), Natural Earth (public domain).
"""

from __future__ import annotations

import functools
import json
from typing import Any, Iterable, Iterator, Optional, Sequence

import pyarrow as pa

from ._newsmap import Geoparser as _Geoparser
from ._newsmap import __version__, mentions_schema_ipc

__all__ = [
    "Geoparser",
    "MENTIONS_SCHEMA",
    "ARTICLE_COLUMNS",
    "default",
    "map_arrow_batches",
    "parse_pandas",
    "spark_schema",
    "__version__",
]

#: The columns of an articles table ``parse_batch`` reads: ``id`` and ``text``, the rest
#: optional.
ARTICLE_COLUMNS = ("id", "text", "title", "date", "source", "url", "lang")

#: The mentions table's schema (the Parquet schema of ``geoparse --format parquet``).
MENTIONS_SCHEMA: pa.Schema = pa.ipc.open_stream(mentions_schema_ipc()).schema


def _strings(column: Any) -> list:
    return [None if v is None else str(v) for v in column]


class Geoparser:
    """A geoparser over the bundled gazetteer.

    ``demonyms``: also read "Ukrainian", "North Korean" as mentions of their country.
    The gazetteer is shared by every Geoparser of a process and loaded on first use.
    """

    def __init__(self, demonyms: bool = False) -> None:
        self._inner = _Geoparser(demonyms)

    def parse(self, text: str) -> list[dict]:
        """The place names of one text: offsets (in characters), surface, sentence, the
        place (id, name, kind, point, country, region), confidence and relative location,
        as the command line's JSON gives them."""
        if not isinstance(text, str):
            raise TypeError(f"parse() takes a str, not {type(text).__name__}")
        return json.loads(self._inner.parse_json(text))

    def parse_batch(
        self,
        articles: "Sequence[str] | pa.Table | pa.RecordBatch",
        ids: Optional[Sequence[Any]] = None,
    ) -> pa.Table:
        """The mentions table (``MENTIONS_SCHEMA``) of a batch of articles: a list of texts
        (ids are their positions unless ``ids`` is given), or an Arrow table with ``id`` and
        ``text`` columns and optional ``title``, ``date``, ``source``, ``url``, ``lang``.
        The work is done in Rust with the GIL released."""
        if isinstance(articles, (pa.Table, pa.RecordBatch)):
            names = set(articles.schema.names)
            if "text" not in names:
                raise ValueError("the table has no 'text' column")
            n = articles.num_rows
            if "id" in names:
                id_values = _strings(articles.column("id").to_pylist())
            else:
                id_values = [str(i) for i in range(n)]
            texts = _strings(articles.column("text").to_pylist())
            extra = {
                c: (_strings(articles.column(c).to_pylist()) if c in names else None)
                for c in ARTICLE_COLUMNS[2:]
            }
        else:
            if isinstance(articles, str):
                raise TypeError("parse_batch() takes a list of texts; use parse() for one")
            texts = _strings(articles)
            n = len(texts)
            id_values = [str(i) for i in range(n)] if ids is None else _strings(ids)
            extra = {c: None for c in ARTICLE_COLUMNS[2:]}
        if any(i is None for i in id_values):
            raise ValueError("an article has no id")
        data = self._inner.parse_batch_ipc(
            id_values,
            texts,
            extra["title"],
            extra["date"],
            extra["source"],
            extra["url"],
            extra["lang"],
        )
        return pa.ipc.open_stream(data).read_all()


@functools.lru_cache(maxsize=None)
def default(demonyms: bool = False) -> Geoparser:
    """One Geoparser per process and options: what a worker's tasks share."""
    return Geoparser(demonyms)


def map_arrow_batches(
    batches: Iterable[pa.RecordBatch], demonyms: bool = False
) -> Iterator[pa.RecordBatch]:
    """Mentions of each batch of articles, for Spark's ``DataFrame.mapInArrow``::

        df.mapInArrow(newsmap.map_arrow_batches, newsmap.spark_schema())
    """
    g = default(demonyms)
    for batch in batches:
        yield from g.parse_batch(batch).to_batches()


def spark_schema() -> str:
    """The mentions table's schema as a Spark DDL string, for ``mapInArrow``. Spark has no
    unsigned or binary-WKB geometry type: ``geometry`` is BINARY."""
    kinds = {
        pa.string(): "STRING",
        pa.int64(): "BIGINT",
        pa.float64(): "DOUBLE",
        pa.bool_(): "BOOLEAN",
        pa.binary(): "BINARY",
    }
    return ", ".join(f"`{f.name}` {kinds[f.type]}" for f in MENTIONS_SCHEMA)


def parse_pandas(df: "Any", demonyms: bool = False) -> "Any":
    """The mentions of a pandas DataFrame of articles (``id``, ``text``, ...) as a pandas
    DataFrame, for Dask's ``map_partitions``::

        ddf.map_partitions(newsmap.parse_pandas, meta=newsmap.MENTIONS_SCHEMA.empty_table().to_pandas())
    """
    columns = [c for c in ARTICLE_COLUMNS if c in df.columns]
    table = pa.Table.from_pandas(df[columns], preserve_index=False)
    return default(demonyms).parse_batch(table).to_pandas()
