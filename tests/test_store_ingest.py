"""`polybius ingest`, `events` and `series` end to end, as a user runs them: subprocesses storing
the sample corpus into DuckDB and PostgreSQL, coded by the pipeline or read from a `polybius
batch` output, and killed with SIGKILL midway."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner, Result

from polybius.cli import app
from polybius.store import Store, schema
from test_store import dump

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


def polybius(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polybius.cli", *args], capture_output=True, text=True, timeout=900
    )


@pytest.fixture(scope="module")
def coded_samples(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus coded once by ``polybius batch`` (a folder for ``--from-parquet``)."""
    out = tmp_path_factory.mktemp("batch") / "out"
    run = polybius("batch", str(SAMPLES), "--out", str(out), "--workers", "1", "--quiet")
    assert run.returncode == 0, run.stderr
    return str(out)


def ingest_args(url: str, coded: str | None = None) -> list[str]:
    """``polybius ingest`` of the samples into ``url``, one article per transaction: coded by
    the pipeline, or read from the batch output ``coded``."""
    source = ["--from-parquet", coded] if coded else [str(SAMPLES)]
    return ["ingest", *source, "--db", url, "--batch-size", "1", "--quiet"]


def test_ingesting_the_samples_twice_changes_nothing(
    new_store_url: Callable[[], str], coded_samples: str
) -> None:
    url = new_store_url()
    first = polybius(*ingest_args(url))
    assert first.returncode == 0, first.stderr
    once = dump(url)
    assert len(once["articles"]) >= 8
    assert once["events"] and once["mentions"], "the sample corpus yields events"
    second = polybius(*ingest_args(url))
    assert second.returncode == 0, second.stderr
    assert dump(url) == once
    with Store(url) as store:
        counted = store.counts()
        events = list(store.iter_events(include_negated=True))
    assert counted == {name: len(rows) for name, rows in once.items() if name in counted}
    assert sum(e.num_mentions for e in events) >= len(once["mentions"]) == counted["mentions"]
    # The same corpus coded by a batch run and read back from its Parquet output: same rows.
    from_batch = new_store_url()
    assert polybius(*ingest_args(from_batch, coded_samples)).returncode == 0
    assert dump(from_batch) == once


def kill_after(url: str, coded: str, batches: int, delay: float) -> None:
    """Run ingest and SIGKILL it ``delay`` seconds after its ``batches``-th commit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "polybius.cli", *ingest_args(url, coded), "--verbose"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    committed = 0
    for line in process.stderr:
        if "committed batch" in line:
            committed += 1
            if committed == batches:
                time.sleep(delay)
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"


def test_killed_mid_ingest_then_rerun_ends_with_the_same_rows(
    new_store_url: Callable[[], str], coded_samples: str
) -> None:
    reference, crashed = new_store_url(), new_store_url()
    clean = polybius(*ingest_args(reference, coded_samples))
    assert clean.returncode == 0, clean.stderr
    expected = dump(reference)
    total = len(expected["articles"])  # one transaction per article
    hash_at, event_at = (schema.mentions.c.keys().index(n) for n in ("hash", "event_id"))
    for batches, delay in ((1, 0.0), (total // 3, 0.01), (2 * total // 3, 0.03)):
        kill_after(crashed, coded_samples, batches, delay)
        partial = dump(crashed)
        assert batches <= len(partial["articles"]) < total
        # A batch is all or nothing: articles come with their records, every record merged.
        stored = {row[0] for row in partial["articles"]}
        assert {row[hash_at] for row in partial["mentions"]} <= stored
        assert all(row[event_at] is not None for row in partial["mentions"])
    rerun = polybius(*ingest_args(crashed, coded_samples))
    assert rerun.returncode == 0, rerun.stderr
    assert dump(crashed) == expected


def test_events_and_series_commands(tmp_path: Path, coded_samples: str) -> None:
    """The query commands, run in-process (Typer's runner) on a store the real ingest wrote."""
    db = str(tmp_path / "cli.duckdb")
    assert polybius(*ingest_args(db, coded_samples)).returncode == 0
    with Store(db) as store:
        stored = list(store.iter_events())
        (top,) = store.top_dyads(1)
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, list(args))

    jsonl = run("events", "--db", db, "--format", "jsonl")
    assert jsonl.exit_code == 0, jsonl.stderr
    assert [json.loads(line)["id"] for line in jsonl.stdout.splitlines()] == [e.id for e in stored]
    dyad = f"{top.source}:{top.target}"
    by_dyad = run("events", "--db", db, "--dyad", dyad, "--format", "csv", "--limit", "1")
    rows = list(csv.DictReader(io.StringIO(by_dyad.stdout)))
    assert len(rows) == 1 and (rows[0]["source_code"], rows[0]["target_code"]) == (
        top.source, top.target)  # fmt: skip
    out = tmp_path / "events.parquet"
    parquet = run("events", "--db", db, "--format", "parquet", "--out", str(out))
    assert parquet.exit_code == 0 and pq.read_table(out).num_rows == len(stored)
    assert run("events", "--db", db, "--format", "parquet").exit_code == 2  # needs --out
    table = run("events", "--db", db, "--limit", "3")
    assert table.exit_code == 0 and table.stdout.startswith("date")
    assert len(table.stdout.splitlines()) == 1 + 2 * 3 + 1  # header, 3 events, "more events"
    series = run("series", "--db", db, "--dyad", dyad, "--by", "month", "--format", "jsonl")
    points = [json.loads(line) for line in series.stdout.splitlines()]
    assert sum(p["events"] for p in points) == top.events
    missing = run("events", "--db", str(tmp_path / "nothing.duckdb"))
    assert missing.exit_code == 2 and "no database" in missing.stderr
    assert not (tmp_path / "nothing.duckdb").exists()
    bad = run("series", "--db", db, "--dyad", "USA")
    assert bad.exit_code == 2 and "SOURCE:TARGET" in bad.stderr
