"""Store speed on DuckDB and PostgreSQL: ingest rate and query latency.

For each back end (DuckDB in a temporary file; PostgreSQL in a throwaway cluster started with
``polybius.store.pgtemp``, fsync on):

- store stage alone: ``Store.add`` of synthetic coded articles (5 records each, reporting
  overlapping happenings, so merging works), in batches of 100, into an empty database;
- end to end: the sample corpus read, coded by the pipeline and stored (spaCy loaded beforehand);
- query latency on 1 million synthetic events bulk-loaded into the ``events`` table (Arrow scan
  into DuckDB, ``COPY`` into PostgreSQL): a monthly series of one busy dyad, the first filtered
  event page (actor + type + date range, 100 events), and a page 50 pages deep by cursor.
  Each query is run REPEAT times; the median is printed.

    .venv/bin/python bench/bench_store.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import sqlalchemy as sa

from polybius import ingest, nlp, pipeline
from polybius.model import Article, Event, EventActor, Location
from polybius.store import Store, schema
from polybius.store.migrations import index_ddl
from polybius.store.pgtemp import TempPostgres, create_database

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "articles"
SYNTHETIC_ARTICLES = 1_000
EVENTS = 1_000_000
REPEAT = 7
SEED = 2024

COUNTRIES = (
    "USA CHN RUS UKR FRA DEU GBR IRN ISR IND PAK TUR BRA NGA ETH SOM KEN MLI BFA SYR IRQ AFG "
    "JPN KOR PRK TWN PHL VEN COL MEX ARM AZE GEO BLR MDA POL"
).split()
SECTORS = ["", "GOV", "MIL", "REB", "OPP", "CVL"]
PLOVER = {"AGREE": (1, "057", 8.0), "CONSULT": (1, "042", 1.9), "SUPPORT": (1, "051", 3.4),
          "COOPERATE": (2, "061", 6.4), "AID": (2, "070", 7.0), "REQUEST": (1, "020", 3.0),
          "ACCUSE": (3, "112", -2.0), "REJECT": (3, "120", -4.0), "THREATEN": (3, "130", -4.4),
          "PROTEST": (3, "140", -6.5), "SANCTION": (4, "163", -8.0), "MOBILIZE": (4, "150", -7.2),
          "COERCE": (4, "170", -7.0), "ASSAULT": (4, "190", -10.0)}  # fmt: skip


def actor(code: str) -> EventActor:
    return EventActor(code, code, code, code[:3], code[3:], f"kb/{code}")


def synthetic_articles(n: int, rng: random.Random) -> list[pipeline.CodedArticle]:
    """Articles of five records each; records repeat happenings so that they merge."""
    codes = [c + s for c in COUNTRIES for s in SECTORS]
    happenings = [
        (rng.choice(list(PLOVER)), rng.choice(codes), rng.choice(codes),
         dt.date(2023, 1, 1) + dt.timedelta(rng.randrange(365)))
        for _ in range(n)
    ]  # fmt: skip
    articles = []
    for i in range(n):
        published = dt.date(2023, 1, 1) + dt.timedelta(rng.randrange(365))
        sentences = [f"Sentence {k} of synthetic article {i} {rng.random()}." for k in range(5)]
        article = Article(id=f"s{i}", text=" ".join(sentences), published=published.isoformat(),
                          url=f"https://site{rng.randrange(50)}.example/{i}")  # fmt: skip
        events = []
        for k, (plover, source, target, day) in enumerate(rng.sample(happenings, 5)):
            quad, cameo, goldstein = PLOVER[plover]
            events.append(
                Event(
                    id=f"e{i}-{k}",
                    article_id=article.id,
                    published=article.published,
                    plover=plover,
                    source=actor(source),
                    target=actor(target),
                    cameo=cameo,
                    quad_class=quad,
                    goldstein=goldstein,
                    date=day.isoformat(),
                    date_precision="day",
                    sentence_index=k,
                    sentence=sentences[k],
                    confidence=0.8,
                    location=Location(target[:3], target[:3]),
                )  # fmt: skip
            )
        articles.append(pipeline.CodedArticle(article, events))
    return articles


def event_table(n: int, seed: int) -> pa.Table:
    """``n`` rows for the ``events`` table; actors are drawn by Zipf's law (the k-th most common
    with probability ∝ 1/k), so a few dyads are busy and most are rare."""
    rng = np.random.default_rng(seed)
    codes = [c + s for c in COUNTRIES for s in SECTORS]
    code_of = {role: np.array(rng.permutation(codes)) for role in ("source", "target")}
    kinds = list(PLOVER)
    kind = rng.integers(0, len(kinds), n)
    date = np.datetime64("2015-01-01") + rng.integers(0, 3650, n).astype("timedelta64[D]")
    ids = pa.array([f"{x:016x}" for x in rng.integers(0, 2**62, n, dtype=np.int64)])
    empty = pa.array(np.full(n, ""))

    def constant(value: object) -> pa.Array:
        return pa.array(np.full(n, value))

    def pick(values: list[object]) -> pa.Array:
        return pa.array(np.array(values)[kind])

    columns: dict[str, pa.Array] = {
        "id": ids, "merge_key": ids, "root_mention": ids, "article_hash": ids,
        "plover": pick(kinds), "mode": empty, "cameo": pick([PLOVER[k][1] for k in kinds]),
        "quad_class": pick([PLOVER[k][0] for k in kinds]),
        "goldstein": pick([PLOVER[k][2] for k in kinds]),
        "date": pa.array(date, pa.date32()), "sort_date": pa.array(date, pa.date32()),
        "date_precision": constant("day"),
        "modality": constant("asserted"), "negated": pa.array(rng.random(n) < 0.03),
        "confidence": pa.array(rng.random(n)), "num_mentions": pa.array(rng.integers(1, 20, n)),
        "num_articles": pa.array(rng.integers(1, 10, n)),
        "num_sources": pa.array(rng.integers(1, 5, n)),
        "first_seen": pa.array(date, pa.date32()), "last_seen": pa.array(date, pa.date32()),
        "sentence_index": pa.array(rng.integers(0, 30, n)), "sentence": constant("Evidence."),
        "url": empty, "location_precision": constant("country"),
        "lat": pa.array(rng.uniform(-60, 60, n)), "lon": pa.array(rng.uniform(-180, 180, n)),
    }  # fmt: skip
    place = np.array(COUNTRIES)[rng.integers(0, len(COUNTRIES), n)]
    columns["location_country"] = columns["location_name"] = pa.array(place)
    weights = 1 / np.arange(1, len(codes) + 1)
    for role in ("source", "target"):
        drawn = rng.choice(code_of[role], size=n, p=weights / weights.sum())
        text = pa.array(drawn)
        columns.update({f"{role}_{name}": text for name in ("actor", "text", "code", "name")})
        columns[f"{role}_country"] = pa.array(np.array([c[:3] for c in drawn]))
        columns[f"{role}_sector"] = pa.array(np.array([c[3:] for c in drawn]))
        columns[f"{role}_kb_id"] = empty
    names = [c.name for c in schema.events.columns]
    return pa.Table.from_arrays(
        [columns.get(name, pa.nulls(n, pa.string())) for name in names], names=names
    )


def bulk_load(store: Store, table: pa.Table) -> None:
    """Load ``table`` into ``events`` as a bulk load is done: secondary indexes dropped, rows
    streamed (an Arrow scan on DuckDB, ``COPY … CSV`` on PostgreSQL), indexes rebuilt."""
    indexes = [name for name, (t, _) in schema.INDEXES.items() if t is schema.events]
    with store.engine.begin() as conn:
        for name in indexes:
            conn.execute(sa.text(f"DROP INDEX {name}"))
        _stream(conn, store.backend.name, table)
        for name in indexes:
            conn.execute(sa.text(index_ddl(conn.dialect, name)))
        if store.backend.name == "postgresql":
            conn.execute(sa.text("ANALYZE events"))


def _stream(conn: sa.Connection, backend: str, table: pa.Table) -> None:
    """Insert every row of ``table`` into ``events`` in one statement."""
    raw = conn.connection.driver_connection
    if backend == "duckdb":
        raw.register("bulk_events", table)
        conn.execute(sa.text("INSERT INTO events SELECT * FROM bulk_events"))
        raw.unregister("bulk_events")
        return
    columns = ", ".join(f'"{name}"' for name in table.column_names)
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY events ({columns}) FROM STDIN WITH (FORMAT csv)") as copy:
            for batch in table.to_batches(max_chunksize=100_000):
                buffer = io.BytesIO()
                options = pacsv.WriteOptions(include_header=False)
                pacsv.write_csv(pa.Table.from_batches([batch]), buffer, options)
                copy.write(buffer.getvalue())


def median_ms(run: Callable[[], object]) -> float:
    """Median wall time of ``run`` over REPEAT calls, in milliseconds (after one warm-up)."""
    run()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def rate(count: int, run: Callable[[], object]) -> tuple[float, float]:
    """(items per second, seconds) of one call of ``run`` handling ``count`` items."""
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    return count / elapsed, elapsed


def coded_samples() -> Iterator[pipeline.CodedArticle]:
    for result in pipeline.code_articles(ingest.read([str(SAMPLES)])):
        if isinstance(result, pipeline.CodedArticle):
            yield result


def bench_backend(name: str, new_url: Callable[[str], str], events: pa.Table) -> None:
    rng = random.Random(SEED)
    articles = synthetic_articles(SYNTHETIC_ARTICLES, rng)
    with Store(new_url("stage")) as store:
        per_s, took = rate(len(articles), lambda: store.add(articles, batch_size=100))
        merged = store.counts()["events"]
    print(f"  store stage alone     {per_s:9.1f} articles/s   ({len(articles)} articles, "
          f"{5 * len(articles)} records → {merged} events, {took:.1f} s)")  # fmt: skip
    samples = list(ingest.read([str(SAMPLES)]))
    with Store(new_url("e2e")) as store:
        per_s, took = rate(len(samples), lambda: store.add(coded_samples()))
    print(f"  end to end (samples)  {per_s:9.1f} articles/s   ({len(samples)} articles read, "
          f"coded and stored, {took:.1f} s)")  # fmt: skip
    with Store(new_url("million")) as store:
        _, took = rate(len(events), lambda: bulk_load(store, events))
        print(f"  bulk load             {len(events) / took:9.0f} events/s     "
              f"({len(events):,} events, {took:.1f} s)")  # fmt: skip
        busiest = store.top_dyads(1)[0]
        source, target = busiest.source, busiest.target
        dyad = f"{source}:{target}"
        series_ms = median_ms(lambda: store.series(dyad, by="month"))
        print(f"  dyad series, monthly  {series_ms:9.1f} ms median  ({dyad}, {busiest.events:,} "
              f"events, 120 months)")  # fmt: skip
        filters = {"actor": source, "type": "ASSAULT", "since": "2018-01-01",
                   "until": "2022-12-31"}  # fmt: skip
        page_ms = median_ms(lambda: store.events(limit=100, **filters))
        print(f"  filtered event page   {page_ms:9.1f} ms median  (actor {source}, ASSAULT, "
              f"2018-2022, 100 events)")  # fmt: skip
        cursor = None
        for _ in range(50):
            cursor = store.events(limit=100, cursor=cursor, **filters).next_cursor
        deep_ms = median_ms(lambda: store.events(limit=100, cursor=cursor, **filters))
        print(f"  same, 51st page       {deep_ms:9.1f} ms median  (keyset cursor)")
    print(f"  ({name})")


def main() -> None:
    nlp.load()
    list(pipeline.code_articles(list(ingest.read([str(SAMPLES)]))[:2]))  # warm-up
    cores, load = os.cpu_count(), os.getloadavg()[0]
    print(f"{cores} cores, load average {load:.1f} at start (other work slows every figure)")
    started = time.perf_counter()
    events = event_table(EVENTS, SEED)
    print(f"generated {len(events):,} synthetic events in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as folder:
        print("DuckDB")
        bench_backend("DuckDB file in a temporary folder",
                      lambda label: str(Path(folder) / f"{label}.duckdb"), events)  # fmt: skip
    with TempPostgres(durable=True) as server:
        print("PostgreSQL")
        bench_backend("throwaway PostgreSQL cluster on 127.0.0.1, fsync on",
                      lambda label: create_database(server.url, label), events)  # fmt: skip


if __name__ == "__main__":
    main()
