"""The batch driver: read the input into shards, hand them to an engine, write what comes back.

The driver is the only writer of the output folder, so workers (local processes or Ray actors on
other machines) need no access to it: they receive shards and return Arrow tables.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from polybius.model import Failure
from polybius.scale.engines import make_engine
from polybius.scale.errors import BatchError
from polybius.scale.layout import OutputFolder, ShardEntry
from polybius.scale.progress import BatchProgress
from polybius.scale.shards import ReadAhead, Shard, plan
from polybius.scale.work import ShardResult

DEFAULT_SHARD_SIZE = 200
READ_AHEAD_ARTICLES = 10_000


@dataclass
class BatchSummary:
    """What a batch run did.

    shards/articles/events/failures: totals of the whole output (finished earlier or now);
    coded_shards/coded_articles: the part coded by this run; seconds: this run's wall time;
    worker_seconds / worker_cpu_seconds: wall / CPU time the workers spent coding this run's
    shards; peak_rss: peak resident memory in bytes of each worker (``host:pid``) of this run.
    """

    out: str
    engine: str
    workers: int
    shards: int = 0
    articles: int = 0
    events: int = 0
    failures: int = 0
    coded_shards: int = 0
    coded_articles: int = 0
    seconds: float = 0.0
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    peak_rss: dict[str, int] = field(default_factory=dict)

    def add(self, entry: ShardEntry, coded: bool) -> None:
        self.shards += 1
        self.articles += entry.articles
        self.events += entry.events
        self.failures += entry.failures
        if coded:
            self.coded_shards += 1
            self.coded_articles += entry.articles
            self.worker_seconds += entry.seconds
            self.worker_cpu_seconds += entry.cpu_seconds

    @property
    def articles_per_second(self) -> float:
        """Articles coded by this run per second of wall time."""
        return self.coded_articles / self.seconds if self.seconds else 0.0

    @property
    def articles_per_cpu_second(self) -> float:
        """Articles coded by this run per CPU second of a worker: the throughput of one core."""
        return self.coded_articles / self.worker_cpu_seconds if self.worker_cpu_seconds else 0.0


def run_batch(
    inputs: Sequence[str] | str,
    out: str | Path,
    engine: str = "local",
    workers: int | None = None,
    ray_address: str | None = None,
    shard_size: int | None = None,
    published: str | None = None,
    quiet: bool = False,
    on_failure: Callable[[Failure], None] | None = None,
    console: Console | None = None,
) -> BatchSummary:
    """Code ``inputs`` into the output folder ``out``; rerun with the same inputs to resume.

    inputs: files, folders or globs that ``ingest.read`` accepts, and Parquet datasets of
    articles. out: the output folder (see ``polybius.scale.layout``); a folder a batch wrote
    before is resumed: its finished shards are checked against the input and skipped.
    engine: ``local`` (process pool) or ``ray``. workers: worker processes / Ray actors (default:
    the cores). ray_address: an existing Ray cluster. shard_size: records per shard (default 200,
    or the size the folder was started with). published: date for articles that carry none.
    quiet: no progress bar. on_failure: called with each failure coded by this run.
    console: where the progress bar goes (default: stderr).
    Returns a ``BatchSummary``; raises ``BatchError`` when the run cannot start or continue.
    """
    started = time.perf_counter()
    sources = [inputs] if isinstance(inputs, str) else list(inputs)
    folder = OutputFolder(out)
    saved = folder.settings() or {}
    size = shard_size or saved.get("shard_size") or DEFAULT_SHARD_SIZE
    done = folder.open({"shard_size": size, "inputs": sources, "published": published})
    executor = make_engine(engine, workers, ray_address)
    summary = BatchSummary(str(out), engine, executor.workers)
    window = 2 * executor.workers
    reader = ReadAhead(plan(sources, size, published), max(window, READ_AHEAD_ARTICLES // size))
    seen = 0

    def finish(result: ShardResult, bar: BatchProgress) -> None:
        for relative, table in result.tables.items():
            folder.write_table(relative, table)
        folder.record(result.entry)
        summary.add(result.entry, coded=True)
        summary.peak_rss[result.entry.worker] = result.peak_rss
        for failure in result.failures:
            if on_failure is not None:
                on_failure(failure)
        bar.advance(result.entry.articles, True, reader.articles, reader.exhausted)

    with BatchProgress(quiet, console or Console(stderr=True)) as bar:
        running = 0
        try:
            for shard in reader:
                seen += 1
                entry = done.get(shard.index)
                if entry is not None:
                    _check_unchanged(entry, shard, folder)
                    summary.add(entry, coded=False)
                    bar.advance(entry.articles, False, reader.articles, reader.exhausted)
                    continue
                executor.submit(shard)
                running += 1
                while running >= window:
                    finish(executor.next_result(), bar)
                    running -= 1
            while running:
                finish(executor.next_result(), bar)
                running -= 1
        except BaseException:
            executor.close(abort=True)
            raise
        finally:
            reader.close()
        executor.close()
    stale = sorted(index for index in done if index >= seen)
    if stale:
        raise BatchError(
            f"{out} holds shards {stale[:5]} beyond the end of this input: it was written from "
            "a different input; use a new output folder"
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _check_unchanged(entry: ShardEntry, shard: Shard, folder: OutputFolder) -> None:
    if entry.fingerprint != shard.fingerprint:
        raise BatchError(
            f"shard {shard.index} in {folder.root} was coded from other articles than the input "
            "now gives; resume only with the same input, or use a new output folder"
        )
