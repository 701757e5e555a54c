"""What a worker does, whatever runs it: load the models once, then code shards into tables.

``code_shard`` is the one shard-coding function; the local process pool calls it after
``init_local_worker`` and a Ray actor (``ShardCoder``) calls it after ``load_models``. It codes
through ``pipeline.code_articles`` and returns Arrow tables ready to be written, keyed by their
path in the output folder, so the driver only writes them.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import pyarrow as pa

from polybius import nlp, pipeline
from polybius.model import Article, Event, Failure, Record
from polybius.scale.errors import BatchError
from polybius.scale.layout import ShardEntry, month_of, part_path
from polybius.scale.records import to_table
from polybius.scale.shards import Shard

R = TypeVar("R", bound=Record)
_load_error: BatchError | None = None  # set in a pool worker whose models failed to load

WARM_UP_TEXT = (
    "GENEVA (Reuters) - The foreign ministers of Armenia and Azerbaijan met in Geneva on Monday "
    "and agreed to resume talks next week, officials said."
)


@dataclass
class ShardResult:
    """A coded shard: the manifest entry to record once ``tables`` are written.

    tables: Parquet path (relative to the output folder) → table. failures: the shard's failures
    (also in ``tables``), for the driver to report. peak_rss: the worker's peak resident memory in
    bytes so far.
    """

    entry: ShardEntry
    tables: dict[str, pa.Table] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    peak_rss: int = 0


def load_models() -> None:
    """Load spaCy and every stage's data now, by coding one short text, so shards start at once.

    A worker is one core: ``nlp.load`` holds BLAS (spaCy's matrix products) to one thread.
    """
    nlp.load()
    pipeline.code_text(WARM_UP_TEXT, published="2024-01-01")


def init_local_worker() -> None:
    """Process-pool initializer: leave Ctrl-C to the driver (it stops the pool), load models.

    An error while loading is kept and raised by ``code_shard`` as a ``BatchError`` naming it
    (an initializer that raises only breaks the pool, and the driver would not learn why).
    """
    global _load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        load_models()
    except Exception as exc:  # noqa: BLE001 - reported by code_shard
        _load_error = BatchError(f"a worker could not load the models: {type(exc).__name__}: {exc}")


class ShardCoder:
    """A worker holding the loaded models: ``ray.remote`` turns it into the Ray actor."""

    def __init__(self) -> None:
        load_models()

    def code(self, shard: Shard) -> ShardResult:
        return code_shard(shard)


def code_shard(shard: Shard) -> ShardResult:
    """Code every article of ``shard`` and lay the results out as the output folder's tables.

    An article whose coding raises becomes a ``Failure`` naming the exception; the rest of the
    shard is kept. Events are partitioned by their publication month, articles by theirs.
    """
    if _load_error is not None:
        raise _load_error
    started, cpu_started = time.perf_counter(), time.process_time()
    articles: list[Article] = []
    events: list[Event] = []
    failures: list[Failure] = []
    for result in _code_records(shard.records):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            articles.append(result.article)
            events.extend(result.events)
    tables = {
        **_by_month("articles", shard.index, articles, Article, lambda a: a.published),
        **_by_month("events", shard.index, events, Event, lambda e: e.published),
    }
    if failures:
        tables[part_path("failures", shard.index, None)] = to_table(failures, Failure)
    entry = ShardEntry(
        shard=shard.index,
        fingerprint=shard.fingerprint,
        records=len(shard.records),
        articles=len(articles),
        events=len(events),
        failures=len(failures),
        files=sorted(tables),
        worker=f"{socket.gethostname()}:{os.getpid()}",
        seconds=round(time.perf_counter() - started, 3),
        cpu_seconds=round(time.process_time() - cpu_started, 3),
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return ShardResult(entry, tables, failures, peak)


def _code_records(
    records: tuple[Article | Failure, ...],
) -> Iterator[pipeline.CodedArticle | Failure]:
    """``pipeline.code_articles`` over the shard; if it raises, again article by article."""
    try:
        yield from list(pipeline.code_articles(records))
        return
    except Exception:  # noqa: BLE001 - one bad article must not lose the shard
        pass
    for record in records:
        try:
            yield from list(pipeline.code_articles([record]))
        except Exception as exc:  # noqa: BLE001 - reported as the article's Failure
            where = record.source or f"article {record.id}"  # type: ignore[union-attr]
            yield Failure(where, f"coding failed: {type(exc).__name__}: {exc}")


def _by_month(
    dataset: str,
    shard: int,
    records: Iterable[R],
    cls: type[R],
    published: Callable[[R], str | None],
) -> dict[str, pa.Table]:
    """One table per publication month of ``records``, keyed by its path in ``dataset``."""
    groups: dict[str, list[R]] = defaultdict(list)
    for record in records:
        groups[month_of(published(record))].append(record)
    return {part_path(dataset, shard, month): to_table(rows, cls) for month, rows in groups.items()}
