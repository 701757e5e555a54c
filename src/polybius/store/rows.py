"""Coded articles → table rows, every key derived from content.

An article is keyed by ``content_hash`` (its text and publication date: the two inputs the coder's
output depends on), a copy by that hash and its locator (URL, else the source it was read from),
a mention by the article hash and the record's sentence, type and dyad, an actor by all its
fields. Re-reading anything therefore produces the same keys, which is what makes ``Store.add``
idempotent.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from polybius.model import Article, Event, EventActor, Location, stable_id
from polybius.store.errors import StoreError

HASH_LENGTH = 24
#: The ``<role>_…`` actor columns of mentions and events: the actor's key, then EventActor fields.
ACTOR_FIELDS = ("actor", "text", "code", "name", "country", "sector", "kb_id")
Row = dict[str, Any]


class Coded(Protocol):
    """What ``Store.add`` reads: ``pipeline.CodedArticle`` or anything shaped like it."""

    @property
    def article(self) -> Article: ...

    @property
    def events(self) -> Sequence[Event]: ...


def content_hash(article: Article) -> str:
    """The article's key: a hash of its text and publication date (raises StoreError for a
    malformed date)."""
    published = as_date(article.published, "publication date")
    return stable_id("article", article.text, published or "", length=HASH_LENGTH)


def site_of(locator: str) -> str:
    """The host of a URL without ``www.`` (``""`` for a file path or other non-URL)."""
    parts = urlsplit(locator)
    if not parts.scheme or not parts.netloc:
        return ""
    host = (parts.hostname or "").lower()
    return host.removeprefix("www.")


def as_date(value: str | None, what: str = "date") -> dt.date | None:
    """An ISO date (or date-time: its date) as a ``date``; None and "" stay None.

    Raises StoreError naming ``what`` for anything else.
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise StoreError(f"{what} {value!r} is not a YYYY-MM-DD date") from exc


def actor_key(code: str | None, name: str | None) -> str:
    """What two records must share to be the same actor when merging: the code, else the name."""
    if code:
        return code
    return "name:" + (name or "").strip().lower() if name else ""


def merge_key(row: Row) -> str:
    """Records with the same key may be one happening (subject to date and place)."""
    return stable_id(
        row["plover"],
        row["mode"],
        row["negated"],
        actor_key(row["source_code"], row["source_name"]),
        actor_key(row["target_code"], row["target_name"]),
    )


@dataclass
class BatchRows:
    """The rows of a batch of coded articles, each key once (first occurrence wins)."""

    articles: dict[str, Row] = field(default_factory=dict)
    copies: dict[tuple[str, str], Row] = field(default_factory=dict)
    sentences: dict[tuple[str, int], Row] = field(default_factory=dict)
    actors: dict[str, Row] = field(default_factory=dict)
    mentions: dict[str, Row] = field(default_factory=dict)

    def add(self, coded: Coded) -> None:
        """Add the rows of one coded article; on a StoreError (a malformed date) add nothing."""
        article = coded.article
        key = content_hash(article)
        copies = copy_rows(article, key)
        seen: set[str] = set()
        mentions = [] if key in self.articles else [
            mention_row(key, article, event, seen) for event in coded.events
        ]  # fmt: skip
        for copy in copies:
            self.copies[(key, copy["locator"])] = _merge_copy(copy, self.copies)
        if key in self.articles:
            return
        self.articles[key] = {
            "hash": key,
            "published": as_date(article.published),
            "language": article.language,
            "text": article.text,
        }
        for event, mention in zip(coded.events, mentions, strict=True):
            self.mentions[mention["id"]] = mention
            self.sentences.setdefault(
                (key, event.sentence_index), sentence_row(key, article.text, event)
            )
            for role in ("source", "target"):
                actor = getattr(event, role)
                if actor is not None:
                    row = actor_row(actor)
                    self.actors.setdefault(row["id"], row)


def _merge_copy(copy: Row, copies: dict[tuple[str, str], Row]) -> Row:
    previous = copies.get((copy["hash"], copy["locator"]))
    if previous is None:
        return copy
    return {name: max(value, previous[name]) for name, value in copy.items()}


def copy_rows(article: Article, key: str) -> list[Row]:
    """The article's own copy (its URL, else its source) and one per near-duplicate it folded."""
    own = article.url or article.source
    rows = [
        {
            "hash": key,
            "locator": own,
            "url": article.url,
            "site": article.site or site_of(article.url),
            "source": article.source,
            "article_id": article.id,
            "title": article.title,
            "author": article.author,
            "dateline": article.dateline,
        }
    ]
    for duplicate in article.duplicates:
        if duplicate == own:
            continue
        is_url = bool(site_of(duplicate))
        rows.append(
            {
                "hash": key,
                "locator": duplicate,
                "url": duplicate if is_url else "",
                "site": site_of(duplicate),
                "source": "" if is_url else duplicate,
                "article_id": "",
                "title": "",
                "author": "",
                "dateline": "",
            }
        )
    return rows


def sentence_row(key: str, text: str, event: Event) -> Row:
    """The evidence sentence; offsets into the article text, -1 when it cannot be found."""
    start = text.find(event.sentence) if event.sentence else -1
    return {
        "hash": key,
        "sentence_index": event.sentence_index,
        "start_char": start,
        "end_char": start + len(event.sentence) if start >= 0 else -1,
        "text": event.sentence,
    }


def actor_id(actor: EventActor) -> str:
    """The actor's key: its resolved identity (the mention text is not part of it)."""
    return stable_id("actor", actor.code, actor.name, actor.country, actor.sector, actor.kb_id)


def actor_row(actor: EventActor) -> Row:
    """An ``actors`` row."""
    return {
        "id": actor_id(actor),
        "code": actor.code,
        "name": actor.name,
        "country": actor.country,
        "sector": actor.sector,
        "kb_id": actor.kb_id,
    }


def actor_columns(role: str, actor: EventActor | None) -> Row:
    """The ``<role>_…`` columns of a mention or event (all None when there is no actor)."""
    if actor is None:
        return {f"{role}_{name}": None for name in ACTOR_FIELDS}
    return {
        f"{role}_actor": actor_id(actor),
        **{f"{role}_{name}": getattr(actor, name) for name in ACTOR_FIELDS[1:]},
    }


def location_columns(location: Location | None) -> Row:
    """The ``location_…``, ``lat`` and ``lon`` columns (all None without a location)."""
    if location is None:
        names = ("name", "country", "admin1", "precision", "geonames_id", "text")
        return {"lat": None, "lon": None, **{f"location_{n}": None for n in names}}
    return {
        "location_name": location.name,
        "location_country": location.country,
        "location_admin1": location.admin1,
        "location_precision": location.precision,
        "location_geonames_id": location.geonames_id,
        "location_text": location.text,
        "lat": location.lat,
        "lon": location.lon,
    }


def mention_row(key: str, article: Article, event: Event, seen: set[str]) -> Row:
    """A ``mentions`` row; ``seen`` holds the ids already used in this article."""
    source = event.source.code or event.source.name
    target = (event.target.code or event.target.name) if event.target else ""
    base = stable_id(key, event.sentence_index, event.plover, event.mode, source, target)
    mention_id, n = base, 1
    while mention_id in seen:
        mention_id, n = stable_id(base, n), n + 1
    seen.add(mention_id)
    row: Row = {
        "id": mention_id,
        "hash": key,
        "sentence_index": event.sentence_index,
        "event_id": None,
        "plover": event.plover,
        "mode": event.mode,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": float(event.goldstein),
        "date": as_date(event.date, "event date") or as_date(article.published),
        "date_precision": event.date_precision,
        "modality": event.modality,
        "negated": bool(event.negated),
        "confidence": float(event.confidence),
        "published": as_date(article.published),
        "date_text": event.date_text,
        **actor_columns("source", event.source),
        **actor_columns("target", event.target),
        **location_columns(event.location),
        "spans": json.dumps({k: list(v) for k, v in sorted(event.spans.items())}),
        "why": event.why,
    }
    row["merge_key"] = merge_key(row)
    return row
