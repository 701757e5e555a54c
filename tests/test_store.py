"""The store on real DuckDB and PostgreSQL databases: idempotent writes, merging, queries.

Coded articles are built here directly (the coder is tested elsewhere); every test runs on both
back ends through the ``store_url`` fixture (``tests/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from polybius.model import Article, Event, EventActor, Location
from polybius.pipeline import CodedArticle
from polybius.store import Store, StoreError
from polybius.store.backend import engine_url
from polybius.store.migrations import LATEST
from polybius.store.pgtemp import free_port
from polybius.store.schema import DATA_TABLES, schema_version

BLR = EventActor("Alexander Lukashenko", "Alexander Lukashenko", "BLRGOV", "BLR", "GOV", "q/luk")
CHN = EventActor("China", "China", "CHN", "CHN", "", "state/CHN")
RUS = EventActor("Moscow", "Russia", "RUS", "RUS", "", "state/RUS")
UKR = EventActor("Ukraine", "Ukraine", "UKR", "UKR", "", "state/UKR")
ARM = EventActor("Armenia", "Armenia", "ARM", "ARM", "", "state/ARM")
CROWD = EventActor("protesters", "protesters", "", "", "CVL", "")

BEIJING = Location("Beijing", "CHN", 39.9, 116.4, "city", "Beijing", "1816670", "Beijing")
CHINA = Location("China", "CHN", 35.0, 105.0, "country", "", "1814991", "")
PARIS = Location("Paris", "FRA", 48.85, 2.35, "city", "Ile-de-France", "2988507", "Paris")
LYON = Location("Lyon", "FRA", 45.75, 4.85, "city", "Auvergne-Rhone-Alpes", "2996944", "Lyon")

#: PLOVER type → (quad class, CAMEO code, Goldstein score) for the records built here.
QUADS = {"CONSULT": (1, "042", 1.9), "AGREE": (1, "057", 8.0), "AID": (2, "070", 7.0),
         "ACCUSE": (3, "112", -2.0), "ASSAULT": (4, "190", -10.0),
         "PROTEST": (3, "140", -6.5)}  # fmt: skip


def record(
    article: Article,
    sentence_index: int,
    plover: str,
    source: EventActor,
    target: EventActor | None,
    date: str | None,
    **fields: Any,
) -> Event:
    """An event coded from sentence ``sentence_index`` of ``article`` (its text is sentences
    joined by spaces)."""
    quad, cameo, goldstein = QUADS[plover]
    sentence = article.text.split(". ")[sentence_index].rstrip(".") + "."
    values: dict[str, Any] = {
        "cameo": cameo, "quad_class": quad, "goldstein": goldstein, "date": date,
        "date_precision": "day" if date else "publication", "sentence_index": sentence_index,
        "sentence": sentence, "confidence": 0.7, "spans": {"source": (0, 3), "trigger": (4, 9)},
        "why": "test",
    }  # fmt: skip
    values.update(fields)
    event_id = Event.make_id(
        article.id, sentence_index, plover, source.code, target and target.code
    )
    return Event(
        id=event_id, article_id=article.id, published=article.published, plover=plover,
        source=source, target=target, **values,
    )  # fmt: skip


def story(key: str, sentences: Sequence[str], published: str | None, url: str = "",
          **meta: Any) -> Article:  # fmt: skip
    """An article whose text is ``sentences``; ``key`` makes it distinct."""
    text = " ".join(s.rstrip(".") + "." for s in sentences)
    return Article(id=key, text=text, published=published, url=url, **meta)


def visit_copies() -> list[CodedArticle]:
    """One story as three sites wrote it: a visit and a signing, each reported by all three."""
    wording = [
        ("https://www.wire-one.example/visit", "Alexander Lukashenko visited China on Tuesday",
         "2023-02-28", CHINA, "Belarus and China signed a trade pact"),
        ("https://news.two.example/world/123", "Lukashenko arrived in Beijing for talks",
         "2023-02-28", BEIJING, "The two sides signed an agreement on trade"),
        ("https://three.example/a?id=9", "Belarusian leader Lukashenko met Xi in China a day on",
         "2023-03-01", None, "Minsk and Beijing agreed a trade deal"),
    ]  # fmt: skip
    coded = []
    for n, (url, visit, date, place, deal) in enumerate(wording):
        article = story(f"copy{n}", [f"Story {n} by wire", visit, deal], "2023-02-28", url)
        coded.append(
            CodedArticle(
                article,
                [
                    record(article, 1, "CONSULT", BLR, CHN, date, mode="visit", location=place,
                           confidence=0.6 + n / 10),
                    record(article, 2, "AGREE", BLR, CHN, "2023-02-28", location=place),
                ],
            )
        )  # fmt: skip
    return coded


def mixed_corpus() -> list[CodedArticle]:
    """Events of several dyads, types, dates and places, one negated."""
    a = story(
        "a",
        ["Russia struck Ukraine", "Ukraine accused Russia", "Protests in Paris"],
        "2024-03-04",
        "https://a.example/1",
        site="A News",
    )
    b = story(
        "b",
        [
            "Russia shelled Ukraine again",
            "Russia did not attack Armenia",
            "Protesters marched in Lyon",
        ],
        "2024-03-12",
        "https://b.example/2",
    )
    c = story(
        "c",
        ["China sent aid to Ukraine", "Lukashenko visited Moscow"],
        "2024-04-02",
        "https://c.example/3",
    )
    d = story("d", ["Russia and Ukraine traded fire"], None, "", source="notes/d.txt")
    return [
        CodedArticle(a, [
            record(a, 0, "ASSAULT", RUS, UKR, "2024-03-03", location=Location("Kyiv", "UKR")),
            record(a, 1, "ACCUSE", UKR, RUS, "2024-03-04"),
            record(a, 2, "PROTEST", CROWD, None, "2024-03-05", location=PARIS),
        ]),
        CodedArticle(b, [
            record(b, 0, "ASSAULT", RUS, UKR, "2024-03-11"),
            record(b, 1, "ASSAULT", RUS, ARM, "2024-03-12", negated=True),
            record(b, 2, "PROTEST", CROWD, None, "2024-03-12", location=LYON),
        ]),
        CodedArticle(c, [
            record(c, 0, "AID", CHN, UKR, "2024-04-01"),
            record(c, 1, "CONSULT", BLR, RUS, "2024-04-02", mode="visit"),
        ]),
        CodedArticle(d, [record(d, 0, "ASSAULT", RUS, UKR, None)]),
    ]  # fmt: skip


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two stores with equal dumps hold the same data."""
    engine = sa.create_engine(engine_url(url))
    try:
        with engine.connect() as conn:
            return {
                t.name: sorted(tuple(r) for r in conn.execute(sa.select(t)))
                for t in (schema_version, *DATA_TABLES)
            }
    finally:
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Store:
    with Store(store_url) as opened:
        yield opened


def test_adding_twice_adds_nothing(store: Store) -> None:
    first = store.add(mixed_corpus(), batch_size=2)
    counts = store.counts()
    again = store.add(mixed_corpus(), batch_size=3)
    assert first.new_articles == 4 and first.new_mentions == 9 and first.batches == 2
    assert (again.new_articles, again.new_copies, again.new_mentions, again.events) == (0, 0, 0, 0)
    assert store.counts() == counts
    assert counts == {"articles": 4, "article_copies": 4, "sentences": 9, "actors": 6,
                      "mentions": 9, "events": 9}  # fmt: skip


def test_three_copies_of_a_story_give_one_event_per_happening(store: Store) -> None:
    store.add(visit_copies())
    events = store.events().items
    assert sorted(e.plover for e in events) == ["AGREE", "CONSULT"]
    for event in events:
        assert (event.num_articles, event.num_sources, event.num_mentions) == (3, 3, 3)
        assert (event.source.code, event.target.code) == ("BLRGOV", "CHN")
        assert (event.first_seen, event.last_seen) == ("2023-02-28", "2023-02-28")
    visit = next(e for e in events if e.plover == "CONSULT")
    assert visit.date == "2023-02-28" and visit.mode == "visit"
    assert visit.location is not None and visit.location.name == "Beijing"  # the most specific
    assert visit.url == "https://three.example/a?id=9"  # the most confident record's copy
    detail = store.event(visit.id)
    assert detail is not None and len(detail.mentions) == 3
    assert {m.urls for m in detail.mentions} == {
        ("https://www.wire-one.example/visit",),
        ("https://news.two.example/world/123",),
        ("https://three.example/a?id=9",),
    }
    assert {m.record.sentence for m in detail.mentions} == {
        "Alexander Lukashenko visited China on Tuesday.",
        "Lukashenko arrived in Beijing for talks.",
        "Belarusian leader Lukashenko met Xi in China a day on.",
    }
    assert all(m.event_id == visit.id for m in detail.mentions)


def test_near_duplicate_copies_count_as_articles(store: Store) -> None:
    article = story("syndicated", ["Filler", "Armenia accused Russia"], "2024-03-04",
                    "https://origin.example/x",
                    duplicates=("https://mirror.example/x",
                                "https://www.origin.example/copy"))  # fmt: skip
    store.add([CodedArticle(article, [record(article, 1, "ACCUSE", ARM, RUS, "2024-03-04")])])
    (event,) = store.events().items
    assert (event.num_articles, event.num_sources, event.num_mentions) == (3, 2, 3)
    again = store.add([CodedArticle(article, [])])
    assert (again.new_articles, again.new_copies) == (0, 0)
    moved = story("syndicated", ["Filler", "Armenia accused Russia"], "2024-03-04",
                  "https://third.example/y")  # fmt: skip
    result = store.add([CodedArticle(moved, [record(moved, 1, "ACCUSE", ARM, RUS, "2024-03-04")])])
    assert (result.new_articles, result.new_copies, result.new_mentions) == (0, 1, 0)
    (event,) = store.events().items
    assert (event.num_articles, event.num_sources, event.num_mentions) == (4, 3, 4)
    assert store.counts()["mentions"] == 1


def test_merge_window_is_configurable_and_reversible(store: Store) -> None:
    first = story("w1", ["Ukraine accused Russia"], "2024-03-01", "https://w.example/1")
    later = story("w2", ["Ukraine again accused Russia"], "2024-03-03", "https://w.example/2")
    store.add([
        CodedArticle(first, [record(first, 0, "ACCUSE", UKR, RUS, "2024-03-01")]),
        CodedArticle(later, [record(later, 0, "ACCUSE", UKR, RUS, "2024-03-03")]),
    ])  # fmt: skip
    assert store.window_days == 1
    apart = sorted(e.id for e in store.events().items)
    assert len(apart) == 2
    assert store.set_window(2) == 1
    (merged,) = store.events().items
    assert (merged.num_articles, merged.first_seen, merged.last_seen) == (
        2, "2024-03-01", "2024-03-03")  # fmt: skip
    with Store(store.url) as reopened:
        assert reopened.window_days == 2
    store.set_window(1)
    assert sorted(e.id for e in store.events().items) == apart


def test_what_is_not_the_same_happening_stays_apart(store: Store) -> None:
    one = story("p1", ["Protest in Paris", "Protest in Lyon", "Protest in France", "Visit"],
                "2024-03-04", "https://p.example/1")  # fmt: skip
    store.add([CodedArticle(one, [
        record(one, 0, "PROTEST", CROWD, None, "2024-03-04", location=PARIS),
        record(one, 1, "PROTEST", CROWD, None, "2024-03-04", location=LYON),
        record(one, 2, "PROTEST", CROWD, None, "2024-03-04",
               location=Location("France", "FRA", precision="country")),
        record(one, 3, "CONSULT", BLR, CHN, "2024-03-04", mode="visit"),
        record(one, 3, "CONSULT", BLR, CHN, "2024-03-04", mode="host"),
        record(one, 3, "CONSULT", BLR, RUS, "2024-03-04", mode="visit"),
        record(one, 3, "CONSULT", BLR, RUS, "2024-03-04", mode="visit", negated=True),
    ])])  # fmt: skip
    protests = store.events(type="PROTEST").items
    assert sorted(e.location.name for e in protests if e.location) == ["Lyon", "Paris"]
    assert sorted(e.num_mentions for e in protests) == [1, 2]  # France joined one city
    visits = store.events(type="consult", include_negated=True).items
    assert sorted((e.target.code, e.mode, e.negated) for e in visits if e.target) == [
        ("CHN", "host", False), ("CHN", "visit", False),
        ("RUS", "visit", False), ("RUS", "visit", True)]  # fmt: skip


def random_corpus(seed: int, size: int) -> list[CodedArticle]:
    """Articles reporting overlapping happenings with jittered dates, places and copies."""
    rng = random.Random(seed)
    actors = [BLR, CHN, RUS, UKR, ARM]
    places = [None, CHINA, BEIJING, PARIS, LYON]
    happenings = [
        (rng.choice(list(QUADS)), rng.sample(actors, 2),
         dt.date(2024, 3, 1) + dt.timedelta(rng.randrange(20)))
        for _ in range(12)
    ]  # fmt: skip
    corpus = []
    for n in range(size):
        picked = rng.sample(happenings, rng.randint(1, 3))
        published = max(day for _, _, day in picked).isoformat()
        article = story(f"r{n}", [f"Report {n} {rng.random()}", *(f"Line {k}" for k in range(3))],
                        published, f"https://site{rng.randrange(6)}.example/{n}",
                        duplicates=tuple(f"https://copy{rng.randrange(4)}.example/{n}"
                                         for _ in range(rng.randrange(3))))  # fmt: skip
        events = [
            record(article, k + 1, plover, source, target,
                   (day + dt.timedelta(rng.choice([0, 0, 1, 2]))).isoformat(),
                   location=rng.choice(places), confidence=rng.choice([0.5, 0.7, 0.9]),
                   negated=rng.random() < 0.1)
            for k, (plover, (source, target), day) in enumerate(picked)
        ]  # fmt: skip
        corpus.append(CodedArticle(article, events))
        if rng.random() < 0.2:  # the same text again under another URL
            copy = Article(**{**article.__dict__, "url": f"https://again.example/{n}"})
            corpus.append(CodedArticle(copy, events))
    return corpus


def test_result_does_not_depend_on_order_or_batches(new_store_url: Callable[[], str]) -> None:
    corpus = random_corpus(seed=7, size=40)
    shuffled = corpus[:]
    random.Random(3).shuffle(shuffled)
    in_order, reordered = new_store_url(), new_store_url()
    with Store(in_order) as store:
        store.add(corpus, batch_size=7)
    with Store(reordered) as store:
        store.add(shuffled[:13], batch_size=1)
        store.add(shuffled[13:], batch_size=50)
        store.add(corpus[:5])
        merged = store.counts()["events"]
    assert dump(in_order) == dump(reordered)
    assert 0 < merged < len({(c.article.text, e.sentence_index) for c in corpus for e in c.events})


def test_concurrent_writers_take_turns(new_store_url: Callable[[], str]) -> None:
    corpus = random_corpus(seed=5, size=30)
    sequential, concurrent = new_store_url(), new_store_url()
    with Store(sequential) as store:
        store.add(corpus)
    with Store(concurrent) as store:
        halves = [corpus[::2], corpus[1::2]]
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda part: store.add(part, batch_size=3), halves))
    assert sum(r.articles for r in results) == len(corpus)
    assert dump(concurrent) == dump(sequential)


def test_filters(store: Store) -> None:
    store.add(mixed_corpus())

    def plovers(**filters: Any) -> list[str]:
        return [e.plover for e in store.events(**filters).items]

    assert plovers() == ["CONSULT", "AID", "PROTEST", "ASSAULT", "PROTEST", "ACCUSE", "ASSAULT",
                         "ASSAULT"]  # fmt: skip
    assert store.events().items[-1].date is None  # undated last
    assert plovers(actor="UKR") == ["AID", "ASSAULT", "ACCUSE", "ASSAULT", "ASSAULT"]
    assert plovers(dyad="RUS:UKR") == ["ASSAULT", "ASSAULT", "ASSAULT"]
    assert plovers(dyad="*:RUS") == ["CONSULT", "ACCUSE"]
    assert plovers(dyad="RUS:*", include_negated=True) == ["ASSAULT", "ASSAULT", "ASSAULT",
                                                           "ASSAULT"]  # fmt: skip
    assert plovers(type="protest") == ["PROTEST", "PROTEST"]
    assert plovers(since="2024-03-04", until="2024-03-31") == ["PROTEST", "ASSAULT", "PROTEST",
                                                               "ACCUSE"]  # fmt: skip
    assert plovers(since=dt.date(2024, 4, 1)) == ["CONSULT", "AID"]
    assert plovers(country="FRA") == ["PROTEST", "PROTEST"]
    assert plovers(country="BLR") == ["CONSULT"]
    assert plovers(actor="RUS", type="ASSAULT", since="2024-03-05") == ["ASSAULT"]
    assert plovers(actor="BLR") == [] and plovers(actor="BLR*") == ["CONSULT"]
    assert plovers(dyad="BLR*:R*") == ["CONSULT"] and plovers(dyad="C*:*") == ["AID"]


def test_pagination_is_stable_while_events_arrive(store: Store) -> None:
    store.add(random_corpus(seed=11, size=30))
    everything = [e.id for e in store.events(limit=10_000, include_negated=True).items]
    seen: list[str] = []
    page = store.events(limit=4, include_negated=True)
    seen += [e.id for e in page.items]
    newer = story("new", ["Armenia accused Russia"], "2030-01-01", "https://n.example")
    undated = story("undated", ["Armenia accused China"], None, "https://u.example")
    store.add([CodedArticle(newer, [record(newer, 0, "ACCUSE", ARM, RUS, "2030-01-01")]),
               CodedArticle(undated, [record(undated, 0, "ACCUSE", ARM, CHN, None)])])  # fmt: skip
    while page.next_cursor:
        page = store.events(limit=4, cursor=page.next_cursor, include_negated=True)
        seen += [e.id for e in page.items]
    old_ids = set(everything)
    assert [i for i in seen if i in old_ids] == everything
    assert len(seen) == len(set(seen)) == len(everything) + 1  # the undated newcomer sorts last
    assert list(e.id for e in store.iter_events(page_size=3, include_negated=True))[1:-1] == (
        everything
    )


def test_series_by_day_week_month(store: Store) -> None:
    store.add(mixed_corpus())
    by_week = store.series("RUS:UKR", by="week")
    assert [(p.period, p.events, p.material_conflict) for p in by_week] == [
        ("2024-02-26", 1, 1), ("2024-03-04", 0, 0), ("2024-03-11", 1, 1)]  # fmt: skip
    assert by_week[0].goldstein_sum == -10.0 and by_week[1].goldstein_mean is None
    by_day = store.series("*:UKR", by="day", since="2024-03-31", until="2024-04-02")
    assert [(p.period, p.events, p.material_cooperation, p.goldstein_mean) for p in by_day] == [
        ("2024-03-31", 0, 0, None), ("2024-04-01", 1, 1, 7.0),
        ("2024-04-02", 0, 0, None)]  # fmt: skip
    by_month = store.series("*:*", by="month")
    assert [(p.period, p.events) for p in by_month] == [("2024-03-01", 5), ("2024-04-01", 2)]
    march = by_month[0]
    assert (march.verbal_conflict, march.material_conflict) == (3, 2)
    assert march.goldstein_sum == pytest.approx(-10 - 2 - 6.5 - 10 - 6.5)
    assert store.series("ARM:RUS", by="month") == []


def test_actors_and_top_dyads(store: Store) -> None:
    store.add(mixed_corpus())
    store.add(visit_copies())
    found = store.actors("lukash")
    assert [(a.code, a.name, a.events) for a in found] == [("BLRGOV", "Alexander Lukashenko", 3)]
    assert [a.code for a in store.actors("U")] == ["RUS", "UKR", "BLRGOV"]  # most events first
    assert store.actors("100%_") == []
    dyads = store.top_dyads(3)
    assert [(d.source, d.target, d.events) for d in dyads] == [
        ("RUS", "UKR", 3), ("BLRGOV", "CHN", 2), ("BLRGOV", "RUS", 1)]  # fmt: skip
    assert dyads[1].mentions == 6


def test_bad_requests_raise_store_errors(store: Store) -> None:
    for call in (
        lambda: store.events(dyad="RUS"),
        lambda: store.events(since="March"),
        lambda: store.events(cursor="not-a-cursor"),
        lambda: store.events(limit=0),
        lambda: store.series("RUS:UKR", by="year"),
        lambda: store.add([], batch_size=0),
        lambda: store.set_window(-1),
    ):
        with pytest.raises(StoreError):
            call()
    assert store.event("no-such-event") is None


def test_a_malformed_record_fails_alone(store: Store) -> None:
    good = story("good", ["Armenia accused Russia"], "2023-12-15T06:45:00Z", "https://g.example")
    bad_date = story("bad", ["Ukraine accused Russia"], "last Tuesday", "https://b.example/1")
    bad_event = story("bad2", ["China accused Russia"], "2024-01-02", "https://b.example/2")
    result = store.add([
        CodedArticle(good, [record(good, 0, "ACCUSE", ARM, RUS, None)]),
        CodedArticle(bad_date, [record(bad_date, 0, "ACCUSE", UKR, RUS, None)]),
        CodedArticle(bad_event, [record(bad_event, 0, "ACCUSE", CHN, RUS, "soon")]),
    ])  # fmt: skip
    assert [(f.source, f.reason) for f in result.failures] == [
        ("https://b.example/1", "publication date 'last Tuesday' is not a YYYY-MM-DD date"),
        ("https://b.example/2", "event date 'soon' is not a YYYY-MM-DD date"),
    ]
    assert (result.articles, result.new_articles, result.new_mentions) == (3, 1, 1)
    (event,) = store.events().items
    assert (event.date, event.first_seen) == ("2023-12-15", "2023-12-15")
    same_day = story("good", ["Armenia accused Russia"], "2023-12-15", "https://g.example")
    assert store.add([CodedArticle(same_day, [])]).new_articles == 0  # the same article


def test_unsupported_url() -> None:
    with pytest.raises(StoreError, match="unsupported database URL"):
        Store("sqlite:///x.db")


def test_unreachable_or_locked_databases_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open postgresql.*Connection refused"):
        Store(f"postgresql://nobody@127.0.0.1:{free_port()}/none")
    path = tmp_path / "held.duckdb"
    with Store(path) as holder, holder.engine.connect():
        other = subprocess.run(
            [sys.executable, "-c", f"from polybius.store import Store; Store({str(path)!r})"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert "StoreError: cannot open" in other.stderr and "one process at a time" in other.stderr


def test_migrations_are_versioned(store_url: str) -> None:
    Store(store_url).close()
    Store(store_url).close()
    rows = dump(store_url)["schema_version"]
    assert [v for v, _ in rows] == list(range(1, LATEST + 1))
    engine = sa.create_engine(engine_url(store_url))
    with engine.begin() as conn:
        conn.execute(sa.insert(schema_version).values(version=LATEST + 1, description="future"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this Polybius"):
        Store(store_url)
