"""Reading sources into clean ``Article`` records.

Public entry points: ``read(sources, ...)`` (paths, folders, globs, ``-``; HTML, scraped text,
JSON lines, WARC, RSS/Atom) and ``article_from_text(text, ...)``. The modules, one job each:
``sources`` (expand and load with a size limit), ``formats`` (what a file holds), ``encoding``,
``readers`` with ``jsonl``, ``warc`` and ``feeds``, ``html`` (trafilatura), ``clutter`` (rules in
``data/clutter.yaml``), ``language``, ``dedup`` (MinHash LSH), ``articles`` (documents → articles)
and ``errors`` (every failure reason).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from polybius.ingest import dedup, parallel, readers
from polybius.ingest import sources as source_files
from polybius.ingest.articles import article_from_text, to_article
from polybius.ingest.document import Document
from polybius.ingest.errors import IngestError
from polybius.ingest.options import Options
from polybius.model import Article, Failure

__all__ = ["Options", "article_from_text", "read"]


def read(
    sources: Iterable[str] | str, published: str | None = None, **options: Any
) -> Iterator[Article | Failure]:
    """Read every source into articles, reporting each bad input once as a ``Failure``.

    sources: paths, folders (recursive), globs, or ``-`` for standard input (a single string is
        one source).
    published: ISO date given to articles whose source carries none.
    options: any field of ``Options`` (max_bytes, dedup, dedup_threshold, dedup_window,
        languages, min_language_confidence, clutter_rules, clean_json_text, fast_html, workers).
    Yields articles in input order (near-duplicates folded into the first copy when ``dedup``)
    and failures as soon as they are found.
    """
    settings = Options(published=published, **options)
    records = _articles([sources] if isinstance(sources, str) else sources, settings)
    if settings.dedup:
        records = dedup.fold(records, settings.dedup_threshold, settings.dedup_window)
    return records


def _articles(names: Iterable[str], settings: Options) -> Iterator[Article | Failure]:
    convert = functools.partial(to_article, options=settings)
    yield from parallel.ordered_map(convert, _documents(names, settings), settings.workers, Failure)


def _documents(names: Iterable[str], settings: Options) -> Iterator[Document | Failure]:
    for path in source_files.expand(names):
        if isinstance(path, Failure):
            yield path
            continue
        try:
            data = source_files.load(path, settings.max_bytes)
        except IngestError as err:
            yield err.to_failure(path)
            continue
        yield from readers.documents(path, data, settings)
