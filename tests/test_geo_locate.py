"""Event locations: the sentence's place, the speaking capital, the dateline, the actors' countries.

Runs on the seed page (read by path) and the sample corpus gold, with real parses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polybius import geo, nlp
from polybius.geo.names import fold
from polybius.model import Article, Event, EventActor

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "data" / "seed" / "scraped_news_page.txt"
SAMPLES_GOLD = ROOT / "samples" / "gold.jsonl"

CHINA = EventActor("China", "China", code="CHN", country="CHN")
BELARUS = EventActor("Lukashenko", "Alexander Lukashenko", code="BLRGOV", country="BLR")
EU = EventActor("the European Union", "European Union", code="IGO", country="IGO")


@pytest.fixture(scope="module")
def seed() -> nlp.ParsedArticle:
    text = SEED.read_text(encoding="utf-8")
    return nlp.parse(Article(id="seed", text=text, dateline="New York"))


def event_at(
    parsed: nlp.ParsedArticle,
    phrase: str,
    trigger: str | None,
    source: EventActor = BELARUS,
    target: EventActor | None = CHINA,
) -> Event:
    """An event in the sentence holding ``phrase``, its trigger the word ``trigger``."""
    sentences = list(parsed.doc.sents)
    index = next(i for i, s in enumerate(sentences) if phrase in s.text)
    spans = {}
    if trigger:
        start = sentences[index].text.index(trigger)
        spans["trigger"] = (start, start + len(trigger))
    return Event(
        id=f"{index}-{trigger}",
        article_id=parsed.article.id,
        published="2023-02-27",
        plover="CONSULT",
        source=source,
        target=target,
        sentence_index=index,
        spans=spans,
    )


def located(parsed: nlp.ParsedArticle, *events: Event) -> list[tuple[str, str, str]]:
    return [
        (e.location.name, e.location.country, e.location.precision) if e.location else None
        for e in geo.locate(list(events), parsed)
    ]


def test_seed_places_resolve_right(seed):
    found = {(m.text, m.location.country, m.location.precision) for m in geo.find_places(seed.doc)}
    assert {
        ("Uzbekistan", "UZB", "country"),
        ("Kyiv", "UKR", "city"),
        ("Moscow", "RUS", "city"),
        ("China", "CHN", "country"),
    } <= found


def test_seed_events_take_the_place_their_sentence_gives(seed):
    summit = event_at(seed, "summit was held in Uzbekistan", "held", CHINA, BELARUS)
    leave = event_at(seed, "scheduled to leave for China", "leave")
    moscow = event_at(seed, "Until a visit to Moscow", "visit", BELARUS, None)
    border = event_at(seed, "north of Kyiv", "crossing")
    protests = event_at(seed, "protests in the country", "protests", BELARUS, BELARUS)
    there = event_at(seed, "held a separate meeting", "meeting", CHINA, BELARUS)
    assert located(seed, summit, there, leave, moscow, border, protests) == [
        ("Uzbekistan", "UZB", "country"),
        ("Uzbekistan", "UZB", "country"),
        ("China", "CHN", "country"),
        ("Moscow", "RUS", "city"),
        ("Kyiv", "UKR", "city"),
        ("Belarus", "BLR", "country"),
    ]


def test_a_place_in_another_clause_is_not_the_events(seed):
    # "...after allowing Russian troops to invade Ukraine by crossing the border north of Kyiv":
    # the sanctions are not located at the border
    sanctions = event_at(seed, "north of Kyiv", "imposed", EU, BELARUS)
    assert located(seed, sanctions) == [("New York City", "USA", "city")]


def test_fallbacks_dateline_then_target_then_source(seed):
    quiet = "he will meet with Chinese officials"  # a sentence that names no place
    assert located(seed, event_at(seed, quiet, "meet")) == [("New York City", "USA", "city")]
    undated = nlp.parse(Article(id="no-dateline", text=seed.article.text))
    assert located(undated, event_at(undated, quiet, "meet")) == [("China", "CHN", "country")]
    group_target = event_at(undated, quiet, "meet", BELARUS, EU)
    assert located(undated, group_target) == [("Belarus", "BLR", "country")]
    nobody = event_at(undated, quiet, "meet", EU, None)
    assert located(undated, nobody) == [None]


def test_there_points_back_to_the_summit(seed):
    putin = EventActor("Putin", "Vladimir Putin", code="RUSGOV", country="RUS")
    assert located(seed, event_at(seed, "Putin was there too", "was", putin, None)) == [
        ("Uzbekistan", "UZB", "country")
    ]


def test_a_speaking_capital_places_its_statement():
    text = "Iran rejected the sanctions. Tehran would respond to what it called terrorism."
    parsed = nlp.parse(Article(id="t", text=text, dateline="WASHINGTON"))
    tehran = EventActor("Tehran", "Iran", code="IRNGOV", country="IRN")
    usa = EventActor("the United States", "United States", code="USA", country="USA")
    event = event_at(parsed, "Tehran would respond", "respond", tehran, usa)
    assert located(parsed, event) == [("Tehran", "IRN", "city")]


def test_no_events_no_work(seed):
    assert geo.locate([], seed) == []


def sample_events() -> list[tuple[nlp.ParsedArticle, list[Event], list[dict]]]:
    """The sample gold's events that have a location, as events at their sentence (no trigger:
    the sentence root stands in), with the gold actors' countries."""
    out = []
    for line in SAMPLES_GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        article = Article(id=row["id"], text=row["text"], dateline=row.get("dateline") or "")
        parsed = nlp.parse(article)
        sentences = [s.text.strip() for s in parsed.doc.sents]
        events, golds = [], []
        for number, gold in enumerate(row["events"]):
            if not gold.get("location"):
                continue
            wanted = gold["sentence"].strip()
            index = next(
                (i for i, s in enumerate(sentences) if s[:60] in wanted or wanted[:60] in s), None
            )
            if index is None:
                continue
            actors = [
                EventActor(a["text"], a["text"], country=a.get("country", ""))
                for a in gold["source"][:1] + gold.get("target", [])[:1]
            ]
            events.append(
                Event(
                    id=str(number),
                    article_id=row["id"],
                    published=row.get("published"),
                    plover=gold["plover"],
                    source=actors[0],
                    target=actors[1] if len(actors) > 1 else None,
                    sentence_index=index,
                )
            )
            golds.append(gold["location"])
        out.append((parsed, events, golds))
    return out


def test_sample_corpus_event_locations():
    """Where the sample gold names a location, most events get its country and many its name."""
    total = right_country = right_name = 0
    for parsed, events, golds in sample_events():
        for event, gold in zip(geo.locate(events, parsed), golds, strict=True):
            total += 1
            got = event.location
            if got is None or got.country != gold["country"]:
                continue
            right_country += 1
            name, want = fold(got.name), fold(gold["name"])
            right_name += name in want or want in name
    assert total >= 100
    assert right_country / total >= 0.75
    assert right_name / total >= 0.5
