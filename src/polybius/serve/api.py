"""The JSON API: events and their evidence, actors, series, dyads, places, coding and ingest.

Every route validates its input with pydantic (a clear 4xx body, see ``errors``) and reads the
store only through its query methods or ``aggregate`` (bound parameters only). Requests run in
FastAPI's thread pool; the store serialises writes, ``coding.Coder`` the coding.
"""

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Path, Query

from polybius.events import load_ontology
from polybius.model import Failure
from polybius.serve import aggregate
from polybius.serve.auth import key_checker
from polybius.serve.coding import Coder, read_article
from polybius.serve.errors import ApiError, documented
from polybius.serve.schemas import (
    ACTOR_PATTERN,
    COUNTRY_PATTERN,
    DYAD_PATTERN,
    EVENT_ID_PATTERN,
    ArticleSummary,
    CodeRequest,
    CodeResponse,
    FailureOut,
    Health,
    IngestRequest,
    IngestResponse,
    IsoDate,
    Place,
    PloverType,
    Stats,
    TypeInfo,
)
from polybius.serve.settings import ServeSettings
from polybius.store import (
    ActorSummary,
    DyadCount,
    EventFilter,
    EventPage,
    SeriesPoint,
    Store,
    StoredEvent,
)

Since = Annotated[IsoDate | None, Query(description="From this event date (YYYY-MM-DD).")]
Until = Annotated[IsoDate | None, Query(description="Up to this event date, inclusive.")]
TypeParam = Annotated[PloverType | None, Query(alias="type", description="A PLOVER event type.")]
Negated = Annotated[bool, Query(description="Also events the text says did not happen.")]
DYAD_HELP = "SOURCE:TARGET actor codes, directed; a code may end in * (RUS*), * is any."
Dyad = Annotated[str, Query(pattern=DYAD_PATTERN, max_length=64, description=DYAD_HELP)]
OptionalDyad = Annotated[
    str | None, Query(pattern=DYAD_PATTERN, max_length=64, description=DYAD_HELP)
]


def event_filter(
    actor: Annotated[
        str | None,
        Query(pattern=ACTOR_PATTERN, max_length=32, description="Actor code, source or target."),
    ] = None,
    dyad: OptionalDyad = None,
    plover_type: TypeParam = None,
    since: Since = None,
    until: Until = None,
    country: Annotated[
        str | None,
        Query(pattern=COUNTRY_PATTERN, description="ISO3 of the source, target or location."),
    ] = None,
    include_negated: Negated = False,
) -> EventFilter:
    """The filters of ``polybius events`` as query parameters (codes are upper-cased)."""
    return EventFilter(
        actor=actor.upper() if actor else None,
        dyad=dyad.upper() if dyad else None,
        type=plover_type.value if plover_type else None,
        since=since,
        until=until,
        country=country.upper() if country else None,
        include_negated=include_negated,
    )


Filters = Annotated[EventFilter, Depends(event_filter)]


def api_router(store: Store, settings: ServeSettings) -> APIRouter:
    """The API's routes over ``store``, with the limits and keys of ``settings``."""
    router = APIRouter()
    coder = Coder()
    require_key = key_checker(settings.api_keys)

    @router.get("/healthz", response_model=Health, tags=["server"])
    def healthz() -> Health:
        """Whether the server is up and its database answers."""
        aggregate.ping(store)
        return Health(status="ok", database=store.backend.name)

    @router.get("/v1/stats", response_model=Stats, tags=["server"])
    def stats() -> Stats:
        """Rows per table of the store."""
        return Stats(counts=store.counts())

    @router.get("/v1/types", response_model=list[TypeInfo], tags=["events"])
    def types() -> list[TypeInfo]:
        """The PLOVER event types the ``type`` filters accept."""
        return [
            TypeInfo(name=t.name, quad_class=t.quad_class, definition=t.definition)
            for t in load_ontology().types.values()
        ]

    @router.get(
        "/v1/events",
        response_model=EventPage,
        tags=["events"],
        responses=documented("bad_query", "invalid_request"),
    )
    def list_events(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=settings.max_page, description="Page size.")] = 50,
        cursor: Annotated[
            str | None, Query(max_length=256, description="A previous page's next_cursor.")
        ] = None,
    ) -> EventPage:
        """One page of merged events, newest first; pass ``next_cursor`` back for the next."""
        return store.events(**dataclasses.asdict(filters), limit=limit, cursor=cursor)

    @router.get(
        "/v1/events/{event_id}",
        response_model=StoredEvent,
        tags=["events"],
        responses=documented("not_found", "invalid_request"),
    )
    def get_event(
        event_id: Annotated[str, Path(pattern=EVENT_ID_PATTERN, description="An event id.")],
    ) -> StoredEvent:
        """One event with every mention: its coded record, sentence, spans and URLs."""
        found = store.event(event_id)
        if found is None:
            raise ApiError("not_found", what="event", name=event_id)
        return found

    @router.get(
        "/v1/actors",
        response_model=list[ActorSummary],
        tags=["actors"],
        responses=documented("invalid_request"),
    )
    def actors(
        q: Annotated[str, Query(max_length=100, description="Part of a code or name.")] = "",
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> list[ActorSummary]:
        """Actors whose code or name contains ``q`` (any case), most events first."""
        return store.actors(q, limit=limit)

    @router.get(
        "/v1/series",
        response_model=list[SeriesPoint],
        tags=["events"],
        responses=documented("bad_query", "invalid_request"),
    )
    def series(
        dyad: Dyad,
        by: Annotated[Literal["day", "week", "month"], Query(description="Period.")] = "week",
        since: Since = None,
        until: Until = None,
        plover_type: TypeParam = None,
        include_negated: Negated = False,
    ) -> list[SeriesPoint]:
        """A dyad's events per period: counts per quad class, summed and mean Goldstein."""
        return store.series(
            dyad.upper(),
            by=by,
            since=since,
            until=until,
            type=plover_type.value if plover_type else None,
            include_negated=include_negated,
        )

    @router.get(
        "/v1/dyads",
        response_model=list[DyadCount],
        tags=["actors"],
        responses=documented("invalid_request"),
    )
    def dyads(
        n: Annotated[int, Query(ge=1, le=500, description="How many pairs.")] = 50,
        since: Since = None,
        until: Until = None,
    ) -> list[DyadCount]:
        """The directed source → target pairs with most events (the actor network's edges)."""
        return store.top_dyads(n, since=since, until=until)

    @router.get(
        "/v1/places",
        response_model=list[Place],
        tags=["events"],
        responses=documented("invalid_request"),
    )
    def places(filters: Filters, limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> list[Place]:
        """Where the matching events took place, most events first (for the map)."""
        return aggregate.places(store, filters, limit)

    @router.post(
        "/v1/code",
        response_model=CodeResponse,
        tags=["coding"],
        responses=documented("malformed_json", "too_large", "invalid_request"),
    )
    def code(request: Annotated[CodeRequest, Body()]) -> CodeResponse:
        """Code one article (text or HTML) into event records; nothing is stored. An input
        with no readable article gets no events and the failure saying why."""
        article = read_article(request)
        if isinstance(article, Failure):
            failure = FailureOut(source=article.source, reason=article.reason)
            return CodeResponse(article=None, events=[], failure=failure)
        (coded,) = coder.code([article])
        return CodeResponse(
            article=ArticleSummary(
                id=article.id,
                title=article.title,
                published=article.published,
                url=article.url,
                language=article.language,
                characters=len(article.text),
            ),
            events=coded.asserted(request.include_negated),
        )

    @router.post(
        "/v1/articles",
        response_model=IngestResponse,
        tags=["coding"],
        dependencies=[Depends(require_key)],
        responses=documented(
            "missing_key",
            "wrong_key",
            "ingest_disabled",
            "malformed_json",
            "too_large",
            "invalid_request",
        ),
    )
    def ingest(request: IngestRequest) -> IngestResponse:
        """Code articles and store their events (API key required). Idempotent: posting the
        same article again adds nothing; an unreadable article is reported, the rest stored."""
        read = [read_article(item) for item in request.articles]
        failures = [
            FailureOut(source=f"articles[{i}]", reason=r.reason)
            for i, r in enumerate(read)
            if isinstance(r, Failure)
        ]
        coded = coder.code(r for r in read if not isinstance(r, Failure))
        result = store.add(coded)  # the store serialises its writers itself
        failures += [FailureOut(source=f.source, reason=f.reason) for f in result.failures]
        return IngestResponse(
            articles=result.articles,
            new_articles=result.new_articles,
            new_copies=result.new_copies,
            new_mentions=result.new_mentions,
            events=result.events,
            failures=failures,
        )

    return router
