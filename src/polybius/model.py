"""The records that flow through the pipeline.

Every record is a frozen dataclass with ``to_dict()`` and ``from_dict()`` so it can be written as
JSON and read back unchanged. Character offsets are always ``[start, end)`` into the text named in
the field's docstring.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

Precision = Literal["day", "month", "year", "publication"]
Modality = Literal["asserted", "future", "hypothetical", "reported"]
PlacePrecision = Literal["city", "admin1", "country"]

T = TypeVar("T", bound="Record")


def stable_id(*parts: object, length: int = 16) -> str:
    """Return a short hex digest of ``parts``; the same parts always give the same id."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:length]


class Record:
    """Mixin: JSON-ready ``to_dict`` and a tolerant ``from_dict`` for frozen dataclasses.

    Nested records named in ``_nested`` are converted both ways; unknown keys are ignored by
    ``from_dict`` so that older readers accept newer files.
    """

    _nested: ClassVar[dict[str, type[Record]]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, Record):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = [v.to_dict() if isinstance(v, Record) else v for v in value]
            elif isinstance(value, dict):
                value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            value = data[f.name]
            nested = cls._nested.get(f.name)
            if nested is not None and value is not None:
                value = (
                    tuple(nested.from_dict(v) for v in value)
                    if isinstance(value, list)
                    else nested.from_dict(value)
                )
            elif isinstance(value, list):
                value = tuple(value)
            elif isinstance(value, dict) and f.name == "spans":
                value = {k: tuple(v) for k, v in value.items()}
            kwargs[f.name] = value
        return cls(**kwargs)

    def replace(self: T, **changes: Any) -> T:
        """A copy of this record with the fields in ``changes`` set, as ``dataclasses.replace``
        makes it but without running ``__init__`` again (records have no ``__post_init__``),
        which costs about a third as much where every event of an article is updated.

        Raises TypeError for a name that is not a field of the record.
        """
        unknown = changes.keys() - self.__dataclass_fields__.keys()  # type: ignore[attr-defined]
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__, **changes)
        return copy


@dataclass(frozen=True)
class Article(Record):
    """One news article as ingest hands it on.

    id: the JSON line's ``id`` when given, else ``stable_id`` of the text.
    text: the clean article body (what the coder reads).
    published: ISO date ``YYYY-MM-DD`` or None when unknown.
    source: where it was read from (file path, ``path:line``, WARC record URI, ``-``).
    duplicates: URLs (or sources) of near-duplicate copies folded into this article.
    """

    id: str
    text: str
    title: str = ""
    published: str | None = None
    url: str = ""
    source: str = ""
    dateline: str = ""
    author: str = ""
    site: str = ""
    language: str = "en"
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failure(Record):
    """An input that could not be read: ``source`` names it, ``reason`` says why in one line."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Sentence(Record):
    """A sentence of an article: ``start``/``end`` are offsets into ``Article.text``."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor(Record):
    """A resolved actor.

    code: CAMEO-style actor code, country + sector (``BLRGOV``, ``IGO``, ``USAMIL``).
    country: ISO 3166-1 alpha-3, or a group code (``IGO``, ``NGO``, ``IMG``, ``WST``, ...).
    sector: a PLOVER sector (``GOV``, ``MIL``, ``REB``, ``OPP``, ``CVL``, ...) or "".
    kb_id: id of the knowledge-base entry that matched, "" for an unknown named actor.
    """

    name: str
    code: str = ""
    country: str = ""
    sector: str = ""
    kb_id: str = ""


@dataclass(frozen=True)
class Mention(Record):
    """A span of the article that refers to an actor.

    start/end: offsets into ``Article.text``; sentence_index: the sentence holding it.
    why: a short human-readable reason for the resolution (KB rule, coreference antecedent, ...).
    antecedent: for a coreferent mention (pronoun, "the ministry"), the text it was resolved to.
    members: for a mention of several earlier actors ("the two leaders"), each of them.
    """

    text: str
    start: int
    end: int
    sentence_index: int
    actor: Actor
    why: str = ""
    antecedent: str = ""
    members: tuple[Actor, ...] = ()

    _nested: ClassVar[dict[str, type[Record]]] = {"actor": Actor, "members": Actor}


@dataclass(frozen=True)
class DateRef(Record):
    """A time expression resolved against the publication date.

    date: ISO ``YYYY-MM-DD`` (first day of the month/year for coarser precisions).
    start/end: offsets into the text it was found in.
    """

    date: str
    precision: Precision
    text: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Location(Record):
    """A place resolved in the gazetteer; ``geonames_id`` is the gazetteer id ("" for none)."""

    name: str
    country: str
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = "country"
    admin1: str = ""
    geonames_id: str = ""
    text: str = ""


@dataclass(frozen=True)
class EventActor(Record):
    """An actor as it appears in an event record: the mention text plus the resolved actor."""

    text: str
    name: str
    code: str = ""
    country: str = ""
    sector: str = ""
    kb_id: str = ""

    @classmethod
    def of(cls, mention: Mention) -> EventActor:
        a = mention.actor
        return cls(mention.text, a.name, a.code, a.country, a.sector, a.kb_id)


@dataclass(frozen=True)
class Event(Record):
    """One dyadic event, the stable output record (see ``docs/schema.md`` for every field)."""

    id: str
    article_id: str
    published: str | None
    plover: str
    source: EventActor
    target: EventActor | None = None
    mode: str = ""
    cameo: str = ""
    quad_class: int = 0
    goldstein: float = 0.0
    date: str | None = None
    date_precision: Precision = "publication"
    date_text: str = ""
    modality: Modality = "asserted"
    negated: bool = False
    location: Location | None = None
    sentence_index: int = 0
    sentence: str = ""
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    confidence: float = 0.0
    why: str = ""

    _nested: ClassVar[dict[str, type[Record]]] = {
        "source": EventActor,
        "target": EventActor,
        "location": Location,
    }

    @staticmethod
    def make_id(
        article_id: str, sentence_index: int, plover: str, source: str, target: str | None
    ) -> str:
        """The stable event id: re-coding the same article gives the same ids."""
        return stable_id(article_id, sentence_index, plover, source, target or "")
