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


def test_killed_batch_resumes_with_every_article_exactly_once(tmp_path: Path) -> None:
    pool = paragraphs(r for r in ingest.read([str(GOLD)]) if isinstance(r, Article))
    corpus = write_jsonl(
        synthesize(pool, SHARDS * SHARD_SIZE, words=150, seed=3), tmp_path / "c.jsonl"
    )
    wanted = sorted(r.id for r in ingest.read([str(corpus)]) if isinstance(r, Article))
    out = tmp_path / "out"

    run = subprocess.Popen(batch_command(corpus, out), start_new_session=True)
    folder = OutputFolder(out)
    deadline = time.monotonic() + 120
    while len(folder.finished()) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)  # the driver, its forkserver and its worker
    run.wait()
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
