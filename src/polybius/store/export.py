"""Writing merged events out: JSON lines, CSV, Parquet, and GDELT- and ICEWS-style tables.

``docs/exports.md`` documents every column of every layout. ``write_events`` streams: it holds at
most ``PARQUET_ROWS`` events in memory whatever the size of the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
import pycountry

from polybius.store.errors import StoreError
from polybius.store.records import StoredEvent
from polybius.store.rows import site_of

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "icews")
PARQUET_ROWS = 10_000

Getter = Callable[[StoredEvent], Any]


def _actor(role: str, name: str) -> Getter:
    def get(event: StoredEvent) -> Any:
        actor = getattr(event, role)
        return getattr(actor, name) if actor is not None else None

    return get


def _place(name: str) -> Getter:
    def get(event: StoredEvent) -> Any:
        return getattr(event.location, name) if event.location is not None else None

    return get


def _field(name: str) -> Getter:
    return lambda event: getattr(event, name)


def _date(name: str) -> Getter:
    return lambda event: dt.date.fromisoformat(v) if (v := getattr(event, name)) else None


#: The flat layout of CSV and Parquet: column → (Arrow type, value of an event).
FLAT: dict[str, tuple[pa.DataType, Getter]] = {
    "id": (pa.string(), _field("id")),
    "date": (pa.date32(), _date("date")),
    "date_precision": (pa.string(), _field("date_precision")),
    "plover": (pa.string(), _field("plover")),
    "mode": (pa.string(), _field("mode")),
    "cameo": (pa.string(), _field("cameo")),
    "quad_class": (pa.int64(), _field("quad_class")),
    "goldstein": (pa.float64(), _field("goldstein")),
    **{
        f"{role}_{name}": (pa.string(), _actor(role, name))
        for role in ("source", "target")
        for name in ("code", "name", "country", "sector", "kb_id")
    },
    "modality": (pa.string(), _field("modality")),
    "negated": (pa.bool_(), _field("negated")),
    "location_name": (pa.string(), _place("name")),
    "location_country": (pa.string(), _place("country")),
    "location_admin1": (pa.string(), _place("admin1")),
    "location_precision": (pa.string(), _place("precision")),
    "location_geonames_id": (pa.string(), _place("geonames_id")),
    "lat": (pa.float64(), _place("lat")),
    "lon": (pa.float64(), _place("lon")),
    "num_mentions": (pa.int64(), _field("num_mentions")),
    "num_articles": (pa.int64(), _field("num_articles")),
    "num_sources": (pa.int64(), _field("num_sources")),
    "first_seen": (pa.date32(), _date("first_seen")),
    "last_seen": (pa.date32(), _date("last_seen")),
    "confidence": (pa.float64(), _field("confidence")),
    "root_mention": (pa.string(), _field("root_mention")),
    "article_hash": (pa.string(), _field("article_hash")),
    "sentence_index": (pa.int64(), _field("sentence_index")),
    "sentence": (pa.string(), _field("sentence")),
    "url": (pa.string(), _field("url")),
}
FLAT_SCHEMA = pa.schema([(name, kind) for name, (kind, _) in FLAT.items()])


def flat_row(event: StoredEvent) -> dict[str, Any]:
    """The event in the flat layout (dates as ``date``, missing values None)."""
    return {name: get(event) for name, (_, get) in FLAT.items()}


# ------------------------------------------------------------------ GDELT 2.0 event table

GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
               "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in GDELT_ACTOR), *(f"Actor2{c}" for c in GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in GDELT_GEO), *(f"Actor2Geo_{c}" for c in GDELT_GEO),
    *(f"ActionGeo_{c}" for c in GDELT_GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
#: GDELT geographic resolution codes: (precision, is the United States) → type.
GDELT_GEO_TYPES = {("country", False): 1, ("country", True): 1, ("admin1", True): 2,
                   ("city", True): 3, ("city", False): 4, ("admin1", False): 5}  # fmt: skip
#: CAMEO group codes GDELT reports as KnownGroupCode rather than as a country.
KNOWN_GROUPS = {"IGO", "NGO", "IMG"}


def _gdelt_actor(event: StoredEvent, role: str) -> dict[str, Any]:
    actor = getattr(event, role)
    number = "1" if role == "source" else "2"
    cells: dict[str, Any] = {f"Actor{number}{c}": "" for c in GDELT_ACTOR}
    if actor is None:
        return cells
    group = actor.country if actor.country in KNOWN_GROUPS else ""
    cells.update(
        {
            f"Actor{number}Code": actor.code,
            f"Actor{number}Name": actor.name.upper(),
            f"Actor{number}CountryCode": "" if group else actor.country,
            f"Actor{number}KnownGroupCode": group,
            f"Actor{number}Type1Code": actor.sector,
        }
    )
    return cells


def _gdelt_geo(event: StoredEvent) -> dict[str, Any]:
    cells: dict[str, Any] = {f"{p}Geo_{c}": "" for p in ("Actor1", "Actor2", "Action")
                             for c in GDELT_GEO}  # fmt: skip
    place = event.location
    if place is None:
        return cells
    kind = GDELT_GEO_TYPES.get((place.precision, place.country == "USA"), 1)
    cells.update(
        {
            "ActionGeo_Type": kind,
            "ActionGeo_FullName": place.name,
            "ActionGeo_CountryCode": place.country,
            "ActionGeo_Lat": "" if place.lat is None else place.lat,
            "ActionGeo_Long": "" if place.lon is None else place.lon,
            "ActionGeo_FeatureID": place.geonames_id,
        }
    )
    return cells


def gdelt_row(event: StoredEvent) -> list[Any]:
    """The event as a GDELT 2.0 event-table row (``GDELT_COLUMNS``, see ``docs/exports.md``)."""
    day = dt.date.fromisoformat(event.date) if event.date else None
    seen = event.first_seen or event.date
    cells: dict[str, Any] = {
        "GLOBALEVENTID": event.id,
        "SQLDATE": day.strftime("%Y%m%d") if day else "",
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": day.year if day else "",
        "FractionDate": f"{day.year + day.timetuple().tm_yday / 365:.4f}" if day else "",
        **_gdelt_actor(event, "source"),
        **_gdelt_actor(event, "target"),
        "IsRootEvent": 1 if event.sentence_index == 0 else 0,
        "EventCode": event.cameo,
        "EventBaseCode": event.cameo[:3],
        "EventRootCode": event.cameo[:2],
        "QuadClass": event.quad_class,
        "GoldsteinScale": event.goldstein,
        "NumMentions": event.num_mentions,
        "NumSources": event.num_sources,
        "NumArticles": event.num_articles,
        "AvgTone": "",
        **_gdelt_geo(event),
        "DATEADDED": seen.replace("-", "") + "000000" if seen else "",
        "SOURCEURL": event.url,
    }
    return [cells[name] for name in GDELT_COLUMNS]


# ------------------------------------------------------------------ ICEWS coded event data

ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
)  # fmt: skip


def country_name(code: str) -> str:
    """ISO 3166 name of an alpha-3 code (ICEWS names countries); other codes are kept."""
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return country.name if country is not None else code


def icews_row(event: StoredEvent) -> list[Any]:
    """The event as an ICEWS coded-event row (``ICEWS_COLUMNS``, see ``docs/exports.md``)."""
    source, target, place = event.source, event.target, event.location
    city = place.name if place is not None and place.precision == "city" else ""
    province = place.admin1 if place is not None else ""
    if place is not None and place.precision == "admin1" and not province:
        province = place.name
    return [
        event.id,
        event.date or "",
        source.name,
        source.sector,
        country_name(source.country),
        event.plover.title() + (f" ({event.mode})" if event.mode else ""),
        event.cameo,
        event.goldstein,
        target.name if target else "",
        target.sector if target else "",
        country_name(target.country) if target else "",
        event.article_hash,
        event.sentence_index + 1,
        site_of(event.url),
        city,
        "",
        province,
        country_name(place.country) if place is not None else "",
        "" if place is None or place.lat is None else place.lat,
        "" if place is None or place.lon is None else place.lon,
    ]


# ------------------------------------------------------------------ writing


@contextmanager
def _text_out(destination: str | Path | IO[str]) -> Iterator[IO[str]]:
    if isinstance(destination, str | Path):
        with open(destination, "w", encoding="utf-8", newline="") as handle:
            yield handle
    else:
        yield destination


def write_events(
    events: Iterable[StoredEvent], format: str, destination: str | Path | IO[Any]
) -> int:
    """Write ``events`` to ``destination`` (a path, or an open text stream for the text
    formats, a binary one for Parquet) in ``format``; return the number written.

    Raises StoreError for an unknown format.
    """
    if format not in FORMATS:
        raise StoreError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "parquet":
        return _write_parquet(events, destination)
    lines = 0
    with _text_out(destination) as handle:
        for line in _lines(events, format):
            handle.write(line)
            lines += 1
    return lines - 1  # the first line is the header


def _lines(events: Iterable[StoredEvent], format: str) -> Iterator[str]:
    """A header line (empty for the headerless formats), then one line per event."""
    if format == "jsonl":
        yield ""
        for event in events:
            yield json.dumps(event.to_dict(), ensure_ascii=False) + "\n"
    elif format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        rows = ([("" if v is None else v) for v in flat_row(e).values()] for e in events)
        for row in itertools.chain([list(FLAT)], rows):
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    else:
        yield "\t".join(ICEWS_COLUMNS) + "\n" if format == "icews" else ""
        layout = gdelt_row if format == "gdelt" else icews_row
        for event in events:
            yield "\t".join(_cell(v) for v in layout(event)) + "\n"


def _cell(value: Any) -> str:
    """A tab-separated cell: these layouts have no quoting, so tabs and newlines become spaces."""
    text = "" if value is None else str(value)
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _write_parquet(events: Iterable[StoredEvent], destination: str | Path | IO[Any]) -> int:
    count = 0
    with pq.ParquetWriter(destination, FLAT_SCHEMA) as writer:
        batch: list[dict[str, Any]] = []
        for event in events:
            batch.append(flat_row(event))
            count += 1
            if len(batch) >= PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=FLAT_SCHEMA))
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=FLAT_SCHEMA))
    return count
