"""Temporal stage: date accuracy on the gold set beside three libraries used alone, and speed.

Run from the repository root: ``.venv/bin/python bench/bench_temporal.py``.

Accuracy is per gold category (``bench/data/temporal/gold.jsonl``): a row is right when the value
and precision are the gold ones. Each library is used alone, as its documentation shows, with the
publication date as its reference time; its output goes through the same interval -> (date,
precision) rule as Polybius (``polybius.temporal.intervals``):

- recognizers-text-date-time: ``DateTimeRecognizer(English)`` model; where it offers a past and a
  future reading (bare weekdays and months) the first, past one is taken (the news default);
- pyduckling-native-phihos: ``parse`` with the ``time`` dimension, its first value and grain;
- dateparser: ``search_dates`` with ``PREFER_DATES_FROM="past"`` and ``RETURN_TIME_AS_PERIOD``,
  the period from ``DateDataParser.get_date_data``.

For event-level rows (categories ``clause`` and ``carry``) a library gives the first expression
it finds in the sentence, or the publication date.

Speed: milliseconds per sentence for each system over the gold sentences, and the time Polybius
adds per article beyond parsing on the sample corpus (``samples/gold.jsonl``: ``resolve_dates``
with one event per sentence, detection included), or on the gold sentences when that is absent.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from polybius import ingest, nlp  # noqa: E402
from polybius.model import DateRef, Event, EventActor  # noqa: E402
from polybius.temporal import expressions_in, resolve_dates  # noqa: E402
from polybius.temporal import intervals as iv  # noqa: E402
from polybius.temporal.gold import (  # noqa: E402
    GoldRow,
    Prediction,
    expression_prediction,
    is_right,
    predict,
    read_gold,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "bench" / "data" / "temporal" / "gold.jsonl"
SAMPLES = ROOT / "samples" / "gold.jsonl"
REPEATS = 5

Finder = Callable[[str, dt.date], list[DateRef]]


def _ref(interval: iv.Interval, text: str, start: int) -> DateRef:
    value, precision = interval.value()
    return DateRef(value.isoformat(), precision, text, start, start + len(text))


def _grain(day: dt.date, grain: str) -> iv.Interval:
    if grain == "week":
        return iv.Interval(day, day + dt.timedelta(days=6))
    if grain == "month":
        return iv.month(day.year, day.month)
    if grain == "quarter":
        return iv.quarter(day.year, (day.month - 1) // 3 + 1)
    if grain == "year":
        return iv.year(day.year)
    return iv.Interval.day(day)


def recognizers_finder() -> Finder:
    from recognizers_date_time import DateTimeRecognizer
    from recognizers_text import Culture

    model = DateTimeRecognizer(Culture.English).get_datetime_model()

    def find(sentence: str, published: dt.date) -> list[DateRef]:
        reference = dt.datetime(published.year, published.month, published.day, 12)
        refs = []
        for result in model.parse(sentence, reference):
            values = (result.resolution or {}).get("values") or []
            interval = next((i for v in values if (i := _recognizers_interval(v))), None)
            if interval:
                text = sentence[result.start : result.end + 1]
                refs.append(_ref(interval, text, result.start))
        return refs

    return find


def _recognizers_interval(value: dict[str, str]) -> iv.Interval | None:
    kind = value.get("type", "")
    try:
        if kind in ("date", "datetime") and value.get("value", "")[:4].isdigit():
            return iv.Interval.day(dt.date.fromisoformat(value["value"][:10]))
        if kind in ("daterange", "datetimerange") and "start" in value and "end" in value:
            first = dt.date.fromisoformat(value["start"][:10])
            last = dt.date.fromisoformat(value["end"][:10]) - dt.timedelta(days=1)
            return iv.Interval(first, max(first, last))
    except ValueError:
        return None
    return None


def duckling_finder() -> Finder:
    import duckling

    zones = duckling.load_time_zones("/usr/share/zoneinfo")
    language = duckling.parse_lang("EN")
    locale = duckling.parse_locale("EN_US", duckling.default_locale_lang(language))
    dimensions = duckling.parse_dimensions(["time"])

    def find(sentence: str, published: dt.date) -> list[DateRef]:
        stamp = calendar.timegm(
            dt.datetime(published.year, published.month, published.day, 12).timetuple()
        )
        context = duckling.Context(duckling.parse_ref_time(zones, "UTC", stamp), locale)
        refs = []
        for result in duckling.parse(sentence, context, dimensions, False):
            interval = _duckling_interval(result["value"])
            if interval:
                refs.append(_ref(interval, result["body"], result["start"]))
        return refs

    return find


def _duckling_interval(value: dict) -> iv.Interval | None:
    if value.get("type") == "value":
        return _grain(dt.date.fromisoformat(value["value"][:10]), value.get("grain", "day"))
    start, end = value.get("from"), value.get("to")
    if start and end:
        first = dt.date.fromisoformat(start["value"][:10])
        last = dt.date.fromisoformat(end["value"][:10]) - dt.timedelta(days=1)
        return iv.Interval(first, max(first, last))
    one = start or end
    return (
        _grain(dt.date.fromisoformat(one["value"][:10]), one.get("grain", "day")) if one else None
    )


def dateparser_finder() -> Finder:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    def find(sentence: str, published: dt.date) -> list[DateRef]:
        settings = {
            "RELATIVE_BASE": dt.datetime(published.year, published.month, published.day, 12),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        }
        parser = DateDataParser(languages=["en"], settings=settings)
        refs, cursor = [], 0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = search_dates(sentence, languages=["en"], settings=settings) or []
            for text, when in found:
                start = sentence.find(text, cursor)
                if start < 0:
                    continue
                cursor = start + len(text)
                period = parser.get_date_data(text).period or "day"
                refs.append(_ref(_grain(when.date(), period), text, start))
        return refs

    return find


def library_prediction(row: GoldRow, refs: list[DateRef]) -> Prediction:
    """A library's answer: the overlapping expression, or for event rows the first one."""
    if not row.trigger:
        return expression_prediction(row, refs)
    if refs:
        return Prediction(refs[0].date, refs[0].precision, refs[0].text)
    return Prediction(row.published, "publication")


def score_library(rows: list[GoldRow], finder: Finder) -> tuple[dict[str, list[int]], float]:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    started = time.perf_counter()
    for row in rows:
        refs = finder(row.sentence, dt.date.fromisoformat(row.published))
        by_category[row.category][0] += is_right(row, library_prediction(row, refs))
        by_category[row.category][1] += 1
    return by_category, (time.perf_counter() - started) * 1000 / len(rows)


def score_polybius(rows: list[GoldRow]) -> tuple[dict[str, list[int]], float]:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        by_category[row.category][0] += is_right(row, predict(row))
        by_category[row.category][1] += 1
    docs = list(nlp.load().pipe(r.sentence for r in rows))
    started = time.perf_counter()
    for _ in range(REPEATS):
        for row, doc in zip(rows, docs, strict=True):
            expressions_in(doc, row.published)
    per_sentence = (time.perf_counter() - started) * 1000 / (REPEATS * len(rows))
    return by_category, per_sentence


def article_timing(rows: list[GoldRow]) -> tuple[str, int, float, float]:
    """(corpus, articles, mean ms per article, mean sentences per article) beyond parsing."""
    if SAMPLES.exists():
        import json

        records = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
        articles = [
            ingest.article_from_text(r["text"], published=r.get("published"), article_id=r["id"])
            for r in records
        ]
        corpus = "samples/gold.jsonl"
    else:
        articles = [
            ingest.article_from_text(r.sentence, published=r.published, article_id=r.id)
            for r in rows
        ]
        corpus = "gold sentences (samples/ absent)"
    parsed = list(nlp.parse_many(articles))
    events = [_one_event_per_sentence(p) for p in parsed]
    started = time.perf_counter()
    for _ in range(REPEATS):
        for article, article_events in zip(parsed, events, strict=True):
            resolve_dates(article_events, article)
    per_article = (time.perf_counter() - started) * 1000 / (REPEATS * len(parsed))
    sentences = statistics.mean(len(p.spans) for p in parsed)
    return corpus, len(parsed), per_article, sentences


def _one_event_per_sentence(parsed: nlp.ParsedArticle) -> list[Event]:
    out = []
    for index, sentence in enumerate(parsed.spans):
        offset = sentence.root.idx - sentence.start_char
        out.append(
            Event(
                id=f"{parsed.article.id}-{index}",
                article_id=parsed.article.id,
                published=parsed.article.published,
                plover="",
                source=EventActor("", ""),
                sentence_index=index,
                spans={"trigger": (offset, offset + len(sentence.root))},
            )
        )
    return out


def main() -> None:
    rows = read_gold(GOLD)
    nlp.load()
    results = {"polybius": score_polybius(rows)}
    libraries = {
        "recognizers": recognizers_finder,
        "duckling": duckling_finder,
        "dateparser": dateparser_finder,
    }
    for name, make in libraries.items():
        results[name] = score_library(rows, make())
    names = list(results)
    categories = sorted({r.category for r in rows})
    print(f"temporal gold: {len(rows)} rows, {sum(1 for r in rows if r.text)} expressions")
    print(f"{'category':16}{'n':>5}" + "".join(f"{n:>13}" for n in names))
    for category in categories:
        total = results["polybius"][0][category][1]
        cells = "".join(f"{results[n][0][category][0] / total:>13.3f}" for n in names)
        print(f"{category:16}{total:>5}{cells}")
    overall = "".join(
        f"{sum(v[0] for v in results[n][0].values()) / len(rows):>13.3f}" for n in names
    )
    print(f"{'overall':16}{len(rows):>5}{overall}")
    print(f"{'ms / sentence':21}" + "".join(f"{results[n][1]:>13.2f}" for n in names))
    print("  (polybius: beyond parsing, over the already-parsed sentence; libraries: from text)")
    corpus, count, per_article, sentences = article_timing(rows)
    print(
        f"polybius time beyond parsing: {per_article:.3f} ms per article "
        f"({count} articles of {corpus}, {sentences:.1f} sentences each, one event per sentence)"
    )


if __name__ == "__main__":
    main()
