"""Exports of stored events: JSON lines, CSV, Parquet, GDELT- and ICEWS-style tables."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from polybius.store import Store, StoredEvent, StoreError
from polybius.store.export import FLAT, GDELT_COLUMNS, ICEWS_COLUMNS, write_events
from test_store import mixed_corpus, visit_copies


@pytest.fixture
def stored(store_url: str) -> list[StoredEvent]:
    with Store(store_url) as store:
        store.add([*mixed_corpus(), *visit_copies()])
        return list(store.iter_events(include_negated=True))


def visit(events: list[StoredEvent]) -> StoredEvent:
    return next(e for e in events if e.plover == "CONSULT" and e.target.code == "CHN")


def test_jsonl_round_trips(stored: list[StoredEvent]) -> None:
    out = io.StringIO()
    assert write_events(stored, "jsonl", out) == len(stored) == 11
    back = [StoredEvent.from_dict(json.loads(line)) for line in out.getvalue().splitlines()]
    assert back == stored


def test_csv_and_parquet_hold_the_flat_layout(stored: list[StoredEvent], tmp_path: Path) -> None:
    out = io.StringIO()
    write_events(stored, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(FLAT) and len(rows) == len(stored)
    row = next(r for r in rows if r["id"] == visit(stored).id)
    assert row["source_code"] == "BLRGOV" and row["num_articles"] == "3"
    assert row["location_name"] == "Beijing" and row["date"] == "2023-02-28"
    undated = next(r for r in rows if r["date"] == "")
    assert undated["location_name"] == "" and undated["first_seen"] == ""

    path = tmp_path / "events.parquet"
    assert write_events(stored, "parquet", path) == len(stored)
    table = pq.read_table(path)
    assert table.column_names == list(FLAT) and table.num_rows == len(stored)
    assert str(table.schema.field("date").type) == "date32[day]"
    assert str(table.schema.field("num_mentions").type) == "int64"
    records = {r["id"]: r for r in table.to_pylist()}
    assert records[visit(stored).id]["lat"] == 39.9
    assert write_events([], "parquet", tmp_path / "empty.parquet") == 0
    assert pq.read_table(tmp_path / "empty.parquet").column_names == list(FLAT)


def test_gdelt_layout(stored: list[StoredEvent]) -> None:
    out = io.StringIO()
    write_events(stored, "gdelt", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(stored)  # GDELT files have no header
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert len(GDELT_COLUMNS) == 61
    row = next(r for r in rows if r["GLOBALEVENTID"] == visit(stored).id)
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == (
        "20230228", "202302", "2023", "2023.1616")  # fmt: skip
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"]) == (
        "BLRGOV", "ALEXANDER LUKASHENKO", "BLR")  # fmt: skip
    assert (row["Actor1Type1Code"], row["Actor2Code"], row["Actor2CountryCode"]) == (
        "GOV", "CHN", "CHN")  # fmt: skip
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("042", "042", "04")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("1", "1.9")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("3", "3", "3")
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_Lat"]) == (
        "4", "Beijing", "39.9")  # fmt: skip
    assert row["DATEADDED"] == "20230228000000"
    assert row["SOURCEURL"] == "https://three.example/a?id=9"
    assert row["IsRootEvent"] == "0"  # the visit is in the story's second sentence
    protest = next(r for r in rows if r["EventCode"] == "140")
    assert protest["Actor2Code"] == "" and protest["Actor1Type1Code"] == "CVL"


def test_icews_layout(stored: list[StoredEvent], tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    write_events(stored, "icews", path)
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    assert list(rows[0]) == list(ICEWS_COLUMNS) and len(rows) == len(stored)
    row = next(r for r in rows if r["Event ID"] == visit(stored).id)
    assert (row["Event Date"], row["Source Name"], row["Source Sectors"]) == (
        "2023-02-28", "Alexander Lukashenko", "GOV")  # fmt: skip
    assert (row["Source Country"], row["Target Country"]) == ("Belarus", "China")
    assert (row["Event Text"], row["CAMEO Code"], row["Intensity"]) == ("Consult (visit)", "042",
                                                                        "1.9")  # fmt: skip
    assert (row["City"], row["Province"], row["Country"]) == ("Beijing", "Beijing", "China")
    assert row["Publisher"] == "three.example" and row["Sentence Number"] == "2"
    assert row["Story ID"] == visit(stored).article_hash


def test_unknown_format(stored: list[StoredEvent]) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        write_events(stored, "xml", io.StringIO())
