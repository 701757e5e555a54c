"""What the store hands back: merged events, their mentions, pages, series points, summaries.

All are frozen dataclasses with ``to_dict()``/``from_dict()`` (``polybius.model.Record``), so the
HTTP API can return ``to_dict()`` as JSON unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from polybius.model import Event, EventActor, Failure, Location, Record


@dataclass(frozen=True)
class EventMention(Record):
    """One coded event record kept as evidence of a merged event.

    id: the mention's stable id (content hash of its article, sentence, type and dyad).
    event_id: the merged event it belongs to.
    article_hash: the content hash of the article text it was coded from (``articles.hash``).
    urls: every copy of that article (URL, or the file/source it was read from), sorted.
    record: the coded record itself; ``record.article_id`` is ``article_hash`` and
        ``record.sentence`` the evidence sentence.
    """

    id: str
    event_id: str
    article_hash: str
    urls: tuple[str, ...]
    record: Event

    _nested: ClassVar[dict[str, type[Record]]] = {"record": Event}


@dataclass(frozen=True)
class StoredEvent(Record):
    """One happening: every coded record of the same event, merged across articles.

    The coding fields (``plover`` … ``location``) follow ``docs/schema.md``; the actors, CAMEO
    code, Goldstein score and evidence sentence are those of the ``root_mention`` (the most
    confident record, whose article and sentence are ``article_hash`` and ``sentence_index``),
    ``date`` is the date most mentions give. ``num_mentions`` counts the records
    in every copy, ``num_articles`` the distinct copies (URLs), ``num_sources`` the distinct sites;
    ``first_seen``/``last_seen`` are the earliest/latest publication dates among them.
    ``mentions`` is filled only by ``Store.event(id)``.
    """

    id: str
    plover: str
    mode: str
    cameo: str
    quad_class: int
    goldstein: float
    source: EventActor
    target: EventActor | None
    date: str | None
    date_precision: str
    modality: str
    negated: bool
    location: Location | None
    confidence: float
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None
    last_seen: str | None
    root_mention: str
    article_hash: str
    sentence_index: int
    sentence: str
    url: str
    mentions: tuple[EventMention, ...] = ()

    _nested: ClassVar[dict[str, type[Record]]] = {
        "source": EventActor,
        "target": EventActor,
        "location": Location,
        "mentions": EventMention,
    }


@dataclass(frozen=True)
class EventPage(Record):
    """One page of ``Store.events``: pass ``next_cursor`` back as ``cursor`` for the next page
    (None on the last page)."""

    items: tuple[StoredEvent, ...]
    next_cursor: str | None

    _nested: ClassVar[dict[str, type[Record]]] = {"items": StoredEvent}


@dataclass(frozen=True)
class SeriesPoint(Record):
    """Events of one period (``period`` is its first day, ISO) by quad class, with Goldstein
    totals; periods with no event are present with zeros."""

    period: str
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float
    goldstein_mean: float | None


@dataclass(frozen=True)
class DyadCount(Record):
    """A directed source → target pair of actor codes with its event and mention counts."""

    source: str
    target: str
    events: int
    mentions: int


@dataclass(frozen=True)
class ActorSummary(Record):
    """An actor identity seen in the data and the number of events it is source or target of."""

    code: str
    name: str
    country: str
    sector: str
    kb_id: str
    events: int


@dataclass(frozen=True)
class AddResult(Record):
    """What one ``Store.add`` call (or one of its batches) changed.

    articles: coded articles read; new_articles: new article texts stored; new_copies: new copies
    (URLs) of any article; new_mentions: coded records stored; events: merged events written or
    rewritten by the re-merge; batches: transactions committed; failures: coded articles not
    stored because a record was malformed (everything else in their batch was stored).
    """

    articles: int = 0
    new_articles: int = 0
    new_copies: int = 0
    new_mentions: int = 0
    events: int = 0
    batches: int = 0
    failures: tuple[Failure, ...] = ()

    _nested: ClassVar[dict[str, type[Record]]] = {"failures": Failure}

    def __add__(self, other: AddResult) -> AddResult:
        return AddResult(
            self.articles + other.articles,
            self.new_articles + other.new_articles,
            self.new_copies + other.new_copies,
            self.new_mentions + other.new_mentions,
            self.events + other.events,
            self.batches + other.batches,
            self.failures + other.failures,
        )
