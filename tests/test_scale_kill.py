"""A batch killed with SIGKILL midway and run again: every article comes out exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from polybius import ingest
from polybius.model import Article
from polybius.scale import read_output
from polybius.scale.layout import OutputFolder
from polybius.scale.synthetic import paragraphs, synthesize, write_jsonl

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover_gsr" / "dev.jsonl"
SHARDS = 30
SHARD_SIZE = 8


def batch_command(corpus: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "polybius.cli",
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        "1",
        "--shard-size",
        str(SHARD_SIZE),
        "--quiet",
    ]


def make_corpus(folder: Path, shards: int) -> tuple[Path, list[str]]:
    """A corpus of ``shards`` shards' worth of articles, and the ids ingest reads from it."""
    pool = paragraphs(r for r in ingest.read([str(GOLD)]) if isinstance(r, Article))
    rows = synthesize(pool, shards * SHARD_SIZE, words=150, seed=3)
    corpus = write_jsonl(rows, folder / "c.jsonl")
    return corpus, sorted(r.id for r in ingest.read([str(corpus)]) if isinstance(r, Article))


def start_and_wait(corpus: Path, out: Path, shards: int) -> subprocess.Popen[str]:
    """Start a batch in its own process group; return once ``shards`` shards are finished."""
    run = subprocess.Popen(
        batch_command(corpus, out), start_new_session=True, stderr=subprocess.PIPE, text=True
    )
    folder = OutputFolder(out)
    deadline = time.monotonic() + 120
    while len(folder.finished()) < shards and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return run


def test_killed_batch_resumes_with_every_article_exactly_once(tmp_path: Path) -> None:
    corpus, wanted = make_corpus(tmp_path, SHARDS)
    out = tmp_path / "out"
    folder = OutputFolder(out)

    run = start_and_wait(corpus, out, 3)
    os.killpg(run.pid, signal.SIGKILL)  # the driver, its forkserver and its worker
    run.communicate()
    finished_when_killed = folder.finished()
    assert run.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    assert 3 <= len(finished_when_killed) < SHARDS, sorted(finished_when_killed)

    rerun = subprocess.run(batch_command(corpus, out), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    left = len(wanted) - sum(entry.articles for entry in finished_when_killed.values())
    assert f"{left} articles coded now" in rerun.stderr, rerun.stderr
    got = [c.article.id for c in read_output(out)]
    assert sorted(got) == wanted
    assert sorted(folder.finished()) == list(range(SHARDS))
    # No file outside the manifest survives (no half-written or orphaned shard output).
    listed = {out / f for entry in folder.finished().values() for f in entry.files}
    on_disk = {
        p for d in ("events", "articles", "failures") for p in (out / d).rglob("*") if p.is_file()
    }
    assert on_disk == listed


def test_interrupted_batch_stops_cleanly_and_resumes(tmp_path: Path) -> None:
    corpus, wanted = make_corpus(tmp_path, 10)
    out = tmp_path / "out"

    run = start_and_wait(corpus, out, 2)
    os.killpg(run.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert "interrupted; rerun the same command to resume" in stderr
    assert "Traceback" not in stderr

    rerun = subprocess.run(batch_command(corpus, out), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(c.article.id for c in read_output(out)) == wanted
