"""Request and response bodies of the API (pydantic), beside the store's own records.

The store's dataclasses (``StoredEvent``, ``EventPage``, ``SeriesPoint``, ``ActorSummary``,
``DyadCount``) and ``polybius.model.Event`` are used as response models directly, so the OpenAPI
schema is the records' own; this module adds what only the HTTP interface has.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

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


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date_only(value: object) -> object:
    """Let only ``YYYY-MM-DD`` strings (or dates) through: pydantic alone would also read a
    number as a Unix time and ``20250101`` as a date, which the schema's ``format: date`` does
    not allow. Raises ValueError otherwise."""
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date in YYYY-MM-DD form")


#: A calendar date as the API takes it.
IsoDate = Annotated[dt.date, BeforeValidator(iso_date_only)]

#: A body field must hold some text, not only whitespace.
NOT_BLANK = r"\S"


class ArticleFields(BaseModel):
    """What an article may carry beside its body."""

    model_config = ConfigDict(extra="forbid")

    published: IsoDate | None = Field(None, description="Publication date (YYYY-MM-DD).")
    id: str | None = Field(None, max_length=200, description="Article id (default: text hash).")
    url: str = Field("", max_length=2048)
    title: str = Field("", max_length=1000)


class TextArticle(ArticleFields):
    """An article as clean text, used as it is."""

    text: str = Field(pattern=NOT_BLANK, description="Clean article text.")


class HtmlArticle(ArticleFields):
    """An article as an HTML page: its text is extracted and cleaned as ``polybius ingest`` does
    for HTML files."""

    html: str = Field(pattern=NOT_BLANK, description="An HTML page.")


#: One article: exactly one of ``text`` or ``html`` (a body with both, or neither, is invalid).
ArticleInput = TextArticle | HtmlArticle


class CodeOptions(BaseModel):
    """How ``POST /v1/code`` answers."""

    include_negated: bool = Field(False, description="Also return negated events.")


class CodeText(TextArticle, CodeOptions):
    """Clean text to code without storing it."""


class CodeHtml(HtmlArticle, CodeOptions):
    """An HTML page to code without storing it."""


CodeRequest = CodeText | CodeHtml


class ArticleSummary(BaseModel):
    """The article as ingest read it (its text left out)."""

    id: str
    title: str
    published: str | None
    url: str
    language: str
    characters: int


class IngestRequest(BaseModel):
    """Articles to code and store."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleInput] = Field(min_length=1, max_length=MAX_ARTICLES)


class FailureOut(BaseModel):
    """An input that could not be read: which one (``articles[N]``, or ``http-api``) and why."""

    source: str
    reason: str


class CodeResponse(BaseModel):
    """The coded article: its summary and its event records (``docs/schema.md``); or, when no
    article could be read from the input (an HTML page without article text, a language other
    than English), no article, no events and the ``failure`` saying why."""

    article: ArticleSummary | None
    events: list[Event]
    failure: FailureOut | None = None


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
