"""The seed page's events carry the dates listed in ../shared/data/seed/README.md.

The page is read by path (its text is someone else's writing and never enters the project).
Published date: Monday 2023-02-27. The expected dates: the Belarus visit 2023-02-28 (day,
future), the SCO meeting 2022-09 (month), China's peace-talks call 2023-02-24 (day), the Moscow
visit 2023-02 (month), the trade rise 2022 (year).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from polybius import ingest, nlp, pipeline
from polybius.model import Article, Event, EventActor
from polybius.temporal import resolve_dates

SEED = Path(__file__).resolve().parents[2] / "shared" / "data" / "seed" / "scraped_news_page.txt"
PUBLISHED = "2023-02-27"

# (a word that picks the sentence, the trigger word, modality, expected date, precision)
EXPECTED = [
    ("scheduled", "visit", "future", "2023-02-28", "day"),
    ("Uzbekistan", "held", "asserted", "2022-09-01", "month"),
    ("leaders", "meeting", "asserted", "2022-09-01", "month"),
    ("peace", "called", "asserted", "2023-02-24", "day"),
    ("Moscow", "visit", "asserted", "2023-02-01", "month"),
    ("percent", "rose", "asserted", "2022-01-01", "year"),
]


@pytest.fixture(scope="module")
def seed() -> nlp.ParsedArticle:
    [article] = list(ingest.read([str(SEED)], published=PUBLISHED))
    assert isinstance(article, Article)
    return nlp.parse(article)


def event_in(parsed: nlp.ParsedArticle, word: str, trigger: str, modality: str) -> Event:
    index, sentence = next(
        (i, s) for i, s in enumerate(parsed.spans) if word in s.text and trigger in s.text
    )
    start = sentence.text.index(trigger)
    return Event(
        id=word,
        article_id=parsed.article.id,
        published=PUBLISHED,
        plover="CONSULT",
        source=EventActor("x", "x"),
        modality=modality,  # type: ignore[arg-type]
        sentence_index=index,
        spans={"trigger": (start, start + len(trigger))},
    )


@pytest.mark.parametrize(("word", "trigger", "modality", "date", "precision"), EXPECTED)
def test_seed_sentences_get_the_readme_dates(seed, word, trigger, modality, date, precision):
    [dated] = resolve_dates([event_in(seed, word, trigger, modality)], seed)
    assert (dated.date, dated.date_precision) == (date, precision)


def test_seed_page_end_to_end_through_the_pipeline():
    [coded] = list(pipeline.code_sources([str(SEED)], published=PUBLISHED))
    assert isinstance(coded, pipeline.CodedArticle)
    by_date = {(e.date, e.date_precision) for e in coded.events}
    visits = [e for e in coded.events if e.plover == "CONSULT" and e.modality == "future"]
    assert visits and all((e.date, e.date_precision) == ("2023-02-28", "day") for e in visits)
    assert {("2022-09-01", "month"), ("2023-02-24", "day"), ("2023-02-01", "month")} <= by_date
    undated = [e for e in coded.events if e.date_precision == "publication"]
    assert undated and all(e.date == PUBLISHED for e in undated)
