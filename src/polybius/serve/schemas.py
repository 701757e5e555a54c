"""Request and response bodies of the API (pydantic), beside the store's own records.

The store's dataclasses (``StoredEvent``, ``EventPage``, ``SeriesPoint``, ``ActorSummary``,
``DyadCount``) and ``polybius.model.Event`` are used as response models directly, so the OpenAPI
schema is the records' own; this module adds what only the HTTP interface has.
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from polybius.events import load_ontology
from polybius.model import Event

#: Articles per ``POST /v1/articles`` request.
MAX_ARTICLES = 100

#: The PLOVER event types, from the events package's ontology table.
PloverType = enum.StrEnum(  # type: ignore[misc]
    "PloverType", [(name, name) for name in load_ontology().types]
)

#: An actor code as the filters take it: letters and digits, optionally ending in ``*``
#: (prefix match), or ``*`` alone (any actor).
CODE_PATTERN = r"(\*|[A-Za-z0-9]{1,30}\*?)"
DYAD_PATTERN = rf"^{CODE_PATTERN}:{CODE_PATTERN}$"
ACTOR_PATTERN = rf"^{CODE_PATTERN}$"
COUNTRY_PATTERN = r"^[A-Za-z]{3}$"
EVENT_ID_PATTERN = r"^[0-9a-f]{1,64}$"


class ArticleInput(BaseModel):
    """One article: exactly one of ``text`` (used as it is) or ``html`` (a page whose article
    text is extracted and cleaned, as ``polybius ingest`` does for HTML files)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="Clean article text.")
    html: str | None = Field(None, description="An HTML page.")
    published: dt.date | None = Field(None, description="Publication date (YYYY-MM-DD).")
    id: str | None = Field(None, max_length=200, description="Article id (default: text hash).")
    url: str = Field("", max_length=2048)
    title: str = Field("", max_length=1000)

    @model_validator(mode="after")
    def one_body(self) -> ArticleInput:
        given = [name for name in ("text", "html") if (getattr(self, name) or "").strip()]
        if len(given) != 1:
            raise ValueError("give exactly one non-empty field of 'text' or 'html'")
        return self


class CodeRequest(ArticleInput):
    """An article to code without storing it."""

    include_negated: bool = Field(False, description="Also return negated events.")


class ArticleSummary(BaseModel):
    """The article as ingest read it (its text left out)."""

    id: str
    title: str
    published: str | None
    url: str
    language: str
    characters: int


class CodeResponse(BaseModel):
    """The coded article: its summary and its event records (``docs/schema.md``)."""

    article: ArticleSummary
    events: list[Event]


class IngestRequest(BaseModel):
    """Articles to code and store."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleInput] = Field(min_length=1, max_length=MAX_ARTICLES)


class FailureOut(BaseModel):
    """An article that could not be read: which one (``articles[N]``) and why."""

    source: str
    reason: str


class IngestResponse(BaseModel):
    """What storing the articles changed (``Store.add``'s totals) and what could not be read."""

    articles: int
    new_articles: int
    new_copies: int
    new_mentions: int
    events: int
    failures: list[FailureOut]


class Place(BaseModel):
    """A location events took place at, with how many events and mentions it has."""

    name: str
    country: str
    lat: float
    lon: float
    precision: str
    events: int
    mentions: int


class TypeInfo(BaseModel):
    """A PLOVER event type and its quad class (1 verbal and 2 material cooperation, 3 verbal
    and 4 material conflict)."""

    name: str
    quad_class: int
    definition: str


class Health(BaseModel):
    """The server is up and its database answers."""

    status: str
    database: str


class Stats(BaseModel):
    """Rows per table of the store."""

    counts: dict[str, int]
