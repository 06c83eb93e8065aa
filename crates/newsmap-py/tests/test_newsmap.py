"""Issue 16: the Python package over the same core, against the command line.

Run by .ci/run after building the wheel into a fresh virtual environment; NEWSMAP_BIN is
the command line built from the same workspace (default: target/debug/newsmap).
"""

import json
import os
import random
import subprocess
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsmap

ROOT = Path(__file__).resolve().parents[3]
BIN = os.environ.get("NEWSMAP_BIN", str(ROOT / "target" / "debug" / "newsmap"))

SEED = (
    "Russia is using North Korean troops in the Kursk region, officials in Kyiv said on "
    "Tuesday. A village 10 km south of Kurakhove came under fire, and the mining city of "
    "Pokrovsk was shelled again. Russian forces shelled Tonenke, Donetsk region."
)


def cli(args, stdin):
    done = subprocess.run(
        [BIN, *args], input=stdin, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_parse_gives_what_the_command_line_gives():
    line = json.dumps({"id": "seed", "text": SEED}) + "\n"
    out = cli(["geoparse", "--input", "jsonl", "--per-document", "-"], line)
    want = json.loads(out)["mentions"]
    got = newsmap.Geoparser().parse(SEED)
    assert got == want
    names = [m["place"]["name"] for m in got if m["place"]]
    assert "Pokrovsk" in names and "Kursk Oblast" in names and "Kyiv" in names
    pokrovsk = next(m for m in got if m["surface"] == "Pokrovsk")
    assert pokrovsk["place"]["region"] == "Donetsk Oblast"
    # Offsets count characters of the text.
    for m in got:
        assert SEED[m["start"] : m["end"]] == m["surface"]


def test_parse_batch_from_a_list_and_from_a_table():
    g = newsmap.Geoparser()
    texts = [SEED, "Nothing to see here.", "Shelling was reported in Kharkiv and Sumy."]
    from_list = g.parse_batch(texts)
    assert from_list.schema.names == newsmap.MENTIONS_SCHEMA.names
    assert from_list.column("article_id").to_pylist().count("1") == 0
    assert from_list.column("surface").to_pylist()[-2:] == ["Kharkiv", "Sumy"]
    table = pa.table(
        {
            "id": ["a", "b", "c"],
            "text": texts,
            "title": ["Front", None, "Night"],
            "date": ["2024-11-02", None, None],
        }
    )
    from_table = g.parse_batch(table)
    assert from_table.num_rows == from_list.num_rows
    ids = from_table.column("article_id").to_pylist()
    assert set(ids) == {"a", "c"}
    titles = from_table.column("article_title").to_pylist()
    assert titles[ids.index("c")] == "Night"
    # The same mentions as parse(), one text at a time.
    one = g.parse(texts[2])
    rows = from_table.filter(pa.compute.equal(from_table.column("article_id"), "c"))
    assert rows.column("place_id").to_pylist() == [m["place"]["id"] for m in one]
    # GeoParquet's geometry column: WKB points.
    assert len(rows.column("geometry")[0].as_py()) == 21


def test_bad_input_is_a_clear_error():
    g = newsmap.Geoparser()
    with pytest.raises(TypeError):
        g.parse(12)
    with pytest.raises(TypeError):
        g.parse_batch("one text")
    with pytest.raises(ValueError, match="text"):
        g.parse_batch(pa.table({"id": ["a"], "body": ["Kyiv"]}))
    with pytest.raises(ValueError, match="ids"):
        g.parse_batch(["Kyiv", "Lviv"], ids=["only one"])
    # A missing text is an empty article, not an error.
    assert g.parse_batch(pa.table({"id": ["a"], "text": [None]})).num_rows == 0


def test_the_gil_is_released_while_rust_works():
    g = newsmap.Geoparser()
    texts = [SEED] * 1500
    ticks = [0]
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks[0] += 1

    t = threading.Thread(target=count)
    t.start()
    before = ticks[0]
    g.parse_batch(texts)
    during = ticks[0] - before
    stop.set()
    t.join()
    # With the GIL held for the whole call, the other thread could not count at all.
    assert during > 1000, during


TOWNS = [
    "Kharkiv", "Odesa", "Lviv", "Dnipro", "Poltava", "Sumy", "Kherson", "Pokrovsk",
    "Kurakhove", "Tonenke", "Bakhmut", "Avdiivka", "Zaporizhzhia", "Mykolaiv", "Chernihiv",
    "Kursk", "Belgorod", "Donetsk", "Berlin", "Warsaw", "Vilnius", "Tbilisi",
]
SENTENCES = [
    "Officials in {a} said on {day} that repairs would take weeks.",
    "Russian forces shelled {a}, {b} region, overnight.",
    "A village 10 km south of {a} came under fire.",
    "Aid convoys left {a} for {b} on {day}.",
    "Talks between delegations in {a} ended without a statement.",
    "Residents of {a} reported power cuts after strikes near {b}.",
    "Nothing new was reported.",
]
REGIONS = ["Donetsk", "Kharkiv", "Zaporizhzhia", "Sumy", "Kursk"]
DAYS = ["Monday", "Tuesday", "Friday"]


def articles(n, seed=16):
    rng = random.Random(seed)
    for i in range(n):
        text = " ".join(
            rng.choice(SENTENCES).format(
                a=rng.choice(TOWNS), b=rng.choice(REGIONS), day=rng.choice(DAYS)
            )
            for _ in range(rng.randint(1, 5))
        )
        yield {"id": f"n{i:05}", "text": text, "title": f"Report {i}", "source": "wire"}


def rows(table):
    cols = ["article_id", "start", "end", "surface", "place_id", "confidence"]
    data = table.select(cols).to_pylist()
    return sorted(
        (r["article_id"], r["start"], r["end"], r["surface"], r["place_id"],
         round(r["confidence"], 9))
        for r in data
    )


def cli_per_document_rows(data, tmp_path):
    """The mentions of `geoparse --input jsonl --per-document --format parquet` on the
    articles, as sorted rows."""
    jsonl = "".join(json.dumps(a) + "\n" for a in data)
    out = tmp_path / "cli"
    cli(
        ["geoparse", "--input", "jsonl", "--per-document", "--format", "parquet",
         "--output", str(out), "-"],
        jsonl,
    )
    return rows(pq.read_table(out / "mentions"))


def test_dask_cluster_of_two_workers_equals_the_command_line(tmp_path):
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    data = list(articles(10_000))
    # A Parquet dataset of articles, as an archive would be stored.
    dataset = tmp_path / "articles"
    dataset.mkdir()
    table = pa.Table.from_pylist(data)
    for k in range(8):
        part = table.slice(k * 1250, 1250)
        pq.write_table(part, dataset / f"part-{k}.parquet")
    # The command line on the same articles, each on its own.
    want = cli_per_document_rows(data, tmp_path)
    assert len(want) > 10_000
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        ddf = dd.read_parquet(str(dataset))
        assert ddf.npartitions >= 2
        meta = newsmap.MENTIONS_SCHEMA.empty_table().to_pandas()
        result = ddf.map_partitions(newsmap.parse_pandas, meta=meta).compute()
        workers = client.run(lambda: os.getpid())
        assert len(workers) == 2
    got = rows(pa.Table.from_pandas(result, preserve_index=False))
    assert got == want


def test_spark_local_mode_map_in_arrow_equals_the_command_line(tmp_path):
    """The same job on Spark (local mode), where pyspark and a Java runtime are installed
    (not in CI: the README says how to run it)."""
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    data = list(articles(2_000, seed=61))
    want = cli_per_document_rows(data, tmp_path)
    dataset = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(data), dataset)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("newsmap-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    try:
        df = spark.read.parquet(str(dataset)).repartition(4)
        schema = newsmap.spark_schema()
        mentions = df.mapInArrow(newsmap.map_arrow_batches, schema)
        result = mentions.toArrow() if hasattr(mentions, "toArrow") else pa.Table.from_pandas(
            mentions.toPandas(), preserve_index=False
        )
    finally:
        spark.stop()
    assert pyspark.__version__
    assert rows(result) == want
