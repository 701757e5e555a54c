"""The bundled sample corpus (`samples/`) is what its gold file says it is.

These tests check the corpus itself, not the pipeline: every article file has a gold row, every
gold row's clean text really is the body of its file(s), the evidence sentences and actor mentions
are verbatim, and every code, mode, modality, precision and date is from the allowed sets.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import lxml.html
import pycountry
import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ARTICLES = SAMPLES / "articles"

MODES: dict[str, set[str]] = {
    "AGREE": set(),
    "CONSULT": {"visit", "host", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": {"economic", "military", "humanitarian", "asylum"},
    "RETREAT": {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "ban", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"},
    "SANCTION": {"convict", "cancel", "expel", "withdraw", "sever"},
    "MOBILIZE": {"troops", "weapons", "police"},
    "COERCE": {
        "confiscate", "restrict", "ban", "censor", "curfew", "martial-law", "arrest", "deport",
        "withhold",
    },
    "ASSAULT": {
        "abduct", "beat", "torture", "execute", "sexual", "assassinate", "destroy", "primitive",
        "firearms", "explosives", "suicide-attack", "heavy-weapons", "aerial",
    },
}  # fmt: skip
MODALITIES = {"asserted", "future", "hypothetical", "reported"}
PRECISIONS = {"day", "month", "year", "publication"}
GROUP_CODES = {"IGO", "NGO", "IMG", "MNC", "ISM", "WST", "EUR", "AFR", "MEA", "ASA", "LAM"}
SECTORS = {
    "", "GOV", "MIL", "REB", "OPP", "CVL", "BUS", "MED", "JUD", "LEG", "COP", "PTY", "PRM", "SPY",
    "UAF", "ELI", "EDU", "LAB", "AGR", "JRN", "REF", "REL", "SOC", "CRM", "IGO", "NGO",
}  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def normalise(text: str) -> str:
    """``text`` with HTML entities decoded and every run of whitespace made one space."""
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@cache
def gold_rows() -> tuple[dict[str, Any], ...]:
    lines = (SAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


@cache
def jsonl_articles(name: str) -> dict[str, dict[str, Any]]:
    lines = (ARTICLES / name).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return {row["id"]: row for row in rows}


def file_paragraphs(path: str, row_id: str) -> list[str]:
    """The candidate body paragraphs of one article file, normalised, in document order.

    HTML: the ``<p>`` elements inside ``<article>``; text: the non-empty lines; JSON lines: the
    non-empty lines of the ``text`` of the line whose ``id`` is ``row_id``.
    """
    file = SAMPLES / path
    if file.suffix == ".html":
        article = lxml.html.fromstring(file.read_bytes()).xpath("//article")
        assert len(article) == 1, f"{path}: expected one <article>"
        return [normalise(p.text_content()) for p in article[0].iter("p")]
    if file.suffix == ".txt":
        lines = file.read_text(encoding="utf-8").splitlines()
    else:
        lines = jsonl_articles(file.name)[row_id]["text"].splitlines()
    return [normalise(line) for line in lines if line.strip()]


def gold_paragraphs(row: dict[str, Any]) -> list[str]:
    return [normalise(p) for p in row["text"].split("\n\n")]


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    rest = iter(haystack)
    return all(any(n == h for h in rest) for n in needles)


def matched_body(row: dict[str, Any], path: str) -> list[str]:
    """The paragraphs of ``path`` that are, or closely resemble, a paragraph of the gold text."""
    gold = gold_paragraphs(row)
    return [
        p
        for p in file_paragraphs(path, row["id"])
        if p in gold or max(difflib.SequenceMatcher(None, p, g).ratio() for g in gold) >= 0.8
    ]


def events() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(row, event) for row in gold_rows() for event in row["events"]]


def test_every_article_file_has_exactly_one_gold_row() -> None:
    referenced = Counter(f for row in gold_rows() for f in row["files"] if not f.endswith("jsonl"))
    on_disk = {f"articles/{p.name}" for p in ARTICLES.iterdir() if p.suffix in {".html", ".txt"}}
    assert set(referenced) == on_disk
    assert all(count == 1 for count in referenced.values())
    jsonl_ids = {row["id"] for row in gold_rows() for f in row["files"] if f.endswith(".jsonl")}
    on_disk_ids = {i for p in ARTICLES.glob("*.jsonl") for i in jsonl_articles(p.name)}
    assert jsonl_ids == on_disk_ids


def test_ids_are_unique_and_the_corpus_is_big_enough() -> None:
    ids = [row["id"] for row in gold_rows()]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 28


@pytest.mark.parametrize("row", gold_rows(), ids=lambda r: r["id"])
def test_gold_text_is_the_body_of_its_first_file(row: dict[str, Any]) -> None:
    assert is_subsequence(gold_paragraphs(row), file_paragraphs(row["files"][0], row["id"]))
    assert 150 <= len(row["text"].split()) <= 600


@pytest.mark.parametrize("row", gold_rows(), ids=lambda r: r["id"])
def test_every_copy_carries_nearly_the_same_body(row: dict[str, Any]) -> None:
    gold = gold_paragraphs(row)
    for path in row["files"]:
        body = matched_body(row, path)
        assert 150 <= len(" ".join(body).split()) <= 600, path
        assert sum(p in body for p in gold) >= len(gold) - 2, path
        assert len(body) >= len(gold) - 1, path


def test_one_story_is_syndicated_on_three_sites() -> None:
    syndicated = [row for row in gold_rows() if len(row["files"]) > 1]
    assert len(syndicated) == 1
    files = syndicated[0]["files"]
    assert len(files) == 3 and all("syndicated" in f for f in files)
    bodies = [" ".join(file_paragraphs(f, syndicated[0]["id"])) for f in files]
    assert len(set(bodies)) == 3, "the copies should differ slightly, not be identical"


@pytest.mark.parametrize("row", gold_rows(), ids=lambda r: r["id"])
def test_file_metadata_matches_gold(row: dict[str, Any]) -> None:
    published = dt.date.fromisoformat(row["published"])
    assert row["text"].startswith(row["dateline"])
    for path in row["files"]:
        file = SAMPLES / path
        if file.suffix == ".html":
            page = lxml.html.fromstring(file.read_bytes())
            meta = page.xpath('//meta[@property="article:published_time"]/@content')
            assert meta and meta[0][:10] == row["published"], path
            assert page.xpath("//link[@rel='canonical']/@href"), path
            assert page.xpath("//meta[@property='og:site_name']/@content"), path
            assert normalise(page.xpath("//article//h1")[0].text_content()) == row["title"]
        elif file.suffix == ".txt":
            text = file.read_text(encoding="utf-8")
            assert text.count(row["title"]) >= 2, path
            head = "\n".join(text.splitlines()[:16])
            renderings = {
                f"{published:%B} {published.day}, {published.year}",
                f"{published.day} {published:%B %Y}",
                f"{published:%Y-%m-%d}",
                f"{published:%a} {published.day} {published:%b %Y}",
            }
            assert any(r in head for r in renderings), f"{path}: no date line near the top"
        else:
            line = jsonl_articles(file.name)[row["id"]]
            assert line["published"][:10] == row["published"]
            assert line["title"] == row["title"] and line["url"].startswith("https://")


@pytest.mark.parametrize("row", gold_rows(), ids=lambda r: r["id"])
def test_row_has_events(row: dict[str, Any]) -> None:
    assert 2 <= len(row["events"]) <= 15


def valid_country(code: str) -> bool:
    return code in GROUP_CODES or pycountry.countries.get(alpha_3=code) is not None


@pytest.mark.parametrize(
    ("row", "event"), events(), ids=lambda x: x.get("plover", x.get("id", "")) if x else ""
)
def test_event_fields_are_from_the_allowed_sets(row: dict[str, Any], event: dict[str, Any]) -> None:
    assert event["plover"] in MODES
    assert event["mode"] == "" or event["mode"] in MODES[event["plover"]]
    assert event["modality"] in MODALITIES
    assert event["date_precision"] in PRECISIONS
    assert isinstance(event["negated"], bool)
    assert event["source"], "every event has a source actor"
    paragraphs = row["text"].split("\n\n")
    assert any(event["sentence"] in p for p in paragraphs), event["sentence"]
    for actor in event["source"] + event["target"]:
        assert actor["text"] and actor["text"] in event["sentence"], actor
        known = actor["country"] or actor not in event["target"]  # a target may be stateless
        assert not known or valid_country(actor["country"]), actor
        assert actor["sector"] in SECTORS, actor
    if event["location"] is not None:
        assert event["location"]["name"] and valid_country(event["location"]["country"])


@pytest.mark.parametrize(
    ("row", "event"), events(), ids=lambda x: x.get("plover", x.get("id", "")) if x else ""
)
def test_event_dates_are_consistent(row: dict[str, Any], event: dict[str, Any]) -> None:
    published = dt.date.fromisoformat(row["published"])
    date = dt.date.fromisoformat(event["date"])
    assert date <= published + dt.timedelta(days=366)
    precision = event["date_precision"]
    if precision == "publication":
        assert date == published and event["date_text"] == ""
        return
    assert event["date_text"] and event["date_text"] in row["text"]
    if precision == "month":
        assert date.day == 1
    if precision == "year":
        assert (date.month, date.day) == (1, 1)
    named = [day for day in WEEKDAYS if day in event["date_text"]]
    if named and precision == "day":
        assert WEEKDAYS[date.weekday()] == named[0]
    if event["modality"] == "future":
        start = {"day": published, "month": published.replace(day=1)}
        assert date >= start.get(precision, published.replace(month=1, day=1))
    elif event["modality"] in {"asserted", "reported"} and not event["negated"]:
        assert date <= published


def test_every_type_modality_and_negation_is_covered() -> None:
    pairs = events()
    assert {e["plover"] for _, e in pairs} == set(MODES)
    assert {e["modality"] for _, e in pairs} == MODALITIES
    assert {e["date_precision"] for _, e in pairs} == PRECISIONS
    assert sum(e["negated"] for _, e in pairs) >= 5
    formats = Counter(Path(f).suffix for row in gold_rows() for f in row["files"][:1])
    assert formats[".html"] >= 8 and formats[".txt"] >= 8 and formats[".jsonl"] >= 4
