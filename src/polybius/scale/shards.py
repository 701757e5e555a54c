"""Input for a batch: the records to code, cut into numbered shards the same way on every run.

The inputs are read in one stream (so ingest's near-duplicate detection sees all of them) and cut
into consecutive shards of ``shard_size`` records; shard ``k`` is records ``k*size .. (k+1)*size``
of that stream, and its fingerprint is a hash of their ids, so a resumed run can check that a
finished shard still holds the same articles.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count, islice
from pathlib import Path

import pyarrow.parquet as pq

from polybius import ingest
from polybius.model import Article, Failure, stable_id

PARQUET_SUFFIX = ".parquet"


@dataclass(frozen=True)
class Shard:
    """A numbered slice of the input stream: ``records`` are articles and reading failures."""

    index: int
    records: tuple[Article | Failure, ...]

    @property
    def fingerprint(self) -> str:
        """A hash of the records' ids (a failure's source): equal shards, equal fingerprints."""
        return stable_id(*(_identity(r) for r in self.records))

    @property
    def articles(self) -> int:
        """How many of the records are articles (the rest are failures)."""
        return sum(isinstance(r, Article) for r in self.records)


def _identity(record: Article | Failure) -> str:
    return record.id if isinstance(record, Article) else f"failure\x1f{record.source}"


def plan(inputs: Sequence[str], shard_size: int, published: str | None = None) -> Iterator[Shard]:
    """The shards of ``inputs``, in order.

    inputs: what ``ingest.read`` accepts (files, folders, globs) and Parquet datasets of articles
    (a ``.parquet`` file, or a folder holding only ``.parquet`` files, such as a batch output's
    ``articles/``). published: the date for articles whose source carries none.
    """
    if shard_size < 1:
        raise ValueError(f"shard size must be at least 1, not {shard_size}")
    records = read_inputs(inputs, published)
    for index in count():
        chunk = tuple(islice(records, shard_size))
        if not chunk:
            return
        yield Shard(index, chunk)


def read_inputs(inputs: Sequence[str], published: str | None = None) -> Iterator[Article | Failure]:
    """Every record of ``inputs``: ingest's sources in one ``ingest.read`` call, then Parquet."""
    parquet = [source for source in inputs if is_parquet_dataset(source)]
    others = [source for source in inputs if source not in parquet]
    if others:
        yield from ingest.read(others, published=published)
    for source in parquet:
        yield from read_parquet_articles(source, published)


def is_parquet_dataset(source: str) -> bool:
    """True for a ``.parquet`` file or a folder whose (non-hidden) files are all ``.parquet``."""
    path = Path(source)
    if path.is_file():
        return path.suffix == PARQUET_SUFFIX
    files = _data_files(path) if path.is_dir() else []
    return bool(files) and all(f.suffix == PARQUET_SUFFIX for f in files)


def read_parquet_articles(source: str, published: str | None = None) -> Iterator[Article | Failure]:
    """The articles of a Parquet dataset (columns named like ``Article`` fields; ``text`` needed).

    These are articles already extracted, so each row becomes an ``Article`` unchanged: its ``id``
    is kept (a hash of the text when missing) and so are its ``duplicates``; unknown columns, such
    as a ``published_month`` partition key, are ignored. A row without text is a ``Failure``.
    """
    path = Path(source)
    for file in [path] if path.is_file() else _parquet_files(path):
        number = 0
        for batch in pq.ParquetFile(file).iter_batches():
            for row in batch.to_pylist():
                number += 1
                text = row.get("text")
                if not isinstance(text, str) or not text.strip():
                    yield Failure(f"{file}:{number}", "a Parquet article row needs a 'text'")
                    continue
                fields = {k: v for k, v in row.items() if v is not None}
                fields.setdefault("id", stable_id(text))
                fields.setdefault("published", published)
                fields.setdefault("source", f"{file}:{number}")
                yield Article.from_dict(fields)


def _data_files(folder: Path) -> list[Path]:
    """The files under ``folder``, sorted, leaving out hidden ones (``.x``, ``_x``)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))


def _parquet_files(folder: Path) -> list[Path]:
    return [p for p in _data_files(folder) if p.suffix == PARQUET_SUFFIX]


class ReadAhead:
    """Iterate ``shards`` from a background thread, up to ``capacity`` shards ahead.

    Reading is much faster than coding, so the thread soon knows how many articles there are:
    ``articles`` counts those read so far and ``exhausted`` says whether that count is final.
    An exception raised while reading is raised again by the iterator. ``close`` stops the
    thread early (when the run stops before the end of the input).
    """

    def __init__(self, shards: Iterable[Shard], capacity: int) -> None:
        self.articles = 0
        self.exhausted = False
        self._stop = threading.Event()
        self._queue: queue.Queue[Shard | BaseException | None] = queue.Queue(maxsize=capacity)
        self._thread = threading.Thread(target=self._fill, args=(shards,), daemon=True)
        self._thread.start()

    def _fill(self, shards: Iterable[Shard]) -> None:
        try:
            for shard in shards:
                self.articles += shard.articles
                self._put(shard)
                if self._stop.is_set():
                    return
        except BaseException as exc:  # handed to the consuming thread
            self._put(exc)
            return
        self.exhausted = True
        self._put(None)

    def _put(self, item: Shard | BaseException | None) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        """Stop reading; the thread ends within a tenth of a second or after its current record."""
        self._stop.set()

    def __iter__(self) -> Iterator[Shard]:
        while (item := self._queue.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
