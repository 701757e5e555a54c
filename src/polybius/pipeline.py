"""The one place that wires the stages: ingest → nlp → actors → events → time/place.

Every entry point of the project (CLI, HTTP API, batch runs) codes articles through
``code_articles``, so that they all produce the same records.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from polybius import actors, events, geo, ingest, nlp, temporal
from polybius.model import Article, Event, Failure


@dataclass(frozen=True)
class CodedArticle:
    """An article and the events coded from it (negated events included; see ``asserted``)."""

    article: Article
    events: list[Event] = field(default_factory=list)

    def asserted(self, include_negated: bool = False) -> list[Event]:
        """The events for output: negated ones only when ``include_negated``."""
        return [e for e in self.events if include_negated or not e.negated]


def code_parsed(parsed: nlp.ParsedArticle) -> list[Event]:
    """Run every stage after the parse on one parsed article."""
    mentions = actors.resolve(parsed)
    coded = events.code(parsed, mentions)
    coded = temporal.resolve_dates(coded, parsed)
    return geo.locate(coded, parsed)


def code_articles(
    records: Iterable[Article | Failure], batch_size: int = nlp.BATCH_SIZE
) -> Iterator[CodedArticle | Failure]:
    """Code a stream of articles (failures pass straight through), parsing in batches.

    Order is preserved for articles; a failure is yielded as soon as it is seen.
    """
    pending: list[Article] = []
    for record in records:
        if isinstance(record, Failure):
            yield record
            continue
        pending.append(record)
        if len(pending) >= batch_size:
            yield from _code_batch(pending, batch_size)
            pending = []
    if pending:
        yield from _code_batch(pending, batch_size)


def _code_batch(articles: list[Article], batch_size: int) -> Iterator[CodedArticle]:
    for parsed in nlp.parse_many(articles, batch_size=batch_size):
        yield CodedArticle(parsed.article, code_parsed(parsed))


def code_sources(
    sources: Iterable[str], published: str | None = None
) -> Iterator[CodedArticle | Failure]:
    """Read ``sources`` (paths, globs or ``-``) with ingest and code every article."""
    return code_articles(ingest.read(sources, published=published))


def code_text(
    text: str, published: str | None = None, article_id: str | None = None
) -> CodedArticle:
    """Code one text held in memory (the HTTP API and ``polybius explain`` use this)."""
    article = ingest.article_from_text(text, published=published, article_id=article_id)
    return CodedArticle(article, code_parsed(nlp.parse(article)))
