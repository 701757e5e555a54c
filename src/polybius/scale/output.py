"""Reading a batch output folder back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from polybius.model import Article, Event, Failure
from polybius.pipeline import CodedArticle
from polybius.scale.errors import BatchError
from polybius.scale.layout import OutputFolder
from polybius.scale.records import from_table


def read_output(out: str | Path) -> Iterator[CodedArticle]:
    """Every article of a batch output with its events, as ``pipeline.CodedArticle`` records.

    Contract (what ``polybius ingest --from-parquet DIR`` relies on):

    - Only shards listed in ``DIR/manifest.jsonl`` are read, so the output of a run that is
      still going or was killed can be read safely: it holds finished shards only, and a
      resumed run never duplicates them. Each article therefore comes out exactly once.
    - Articles come shard by shard (shard 0 first); within a shard, month partition by month
      partition (``unknown`` last), each in coding order.
    - ``CodedArticle.article`` is the ``model.Article`` the pipeline coded and
      ``CodedArticle.events`` its ``model.Event`` records (negated ones included, as the
      pipeline returns them) in coding order; both equal the originals field for field (Arrow
      types are derived from the dataclasses, see ``polybius.scale.records``).
    - Reading failures are not articles: ``read_failures`` gives them.

    out: the output folder. Raises ``BatchError`` if it holds no batch output.
    """
    folder = _folder(out)
    for entry in sorted(folder.finished().values(), key=lambda e: e.shard):
        events: dict[str, list[Event]] = defaultdict(list)
        for relative in entry.files:
            if relative.startswith("events/"):
                for event in from_table(folder.read_table(relative), Event):
                    events[event.article_id].append(event)
        for relative in entry.files:
            if relative.startswith("articles/"):
                for article in from_table(folder.read_table(relative), Article):
                    yield CodedArticle(article, events.pop(article.id, []))


def read_failures(out: str | Path) -> Iterator[Failure]:
    """Every ``Failure`` recorded in a batch output (inputs that could not be read or coded)."""
    folder = _folder(out)
    for entry in sorted(folder.finished().values(), key=lambda e: e.shard):
        for relative in entry.files:
            if relative.startswith("failures/"):
                yield from from_table(folder.read_table(relative), Failure)


def _folder(out: str | Path) -> OutputFolder:
    folder = OutputFolder(out)
    if folder.settings() is None:
        raise BatchError(f"{out} holds no batch output (no batch.json)")
    return folder
