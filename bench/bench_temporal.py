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

Speed: CPU milliseconds of the measuring thread (``time.thread_time``, so that other processes
on a shared machine, and the threads the libraries' runtimes leave running, do not count): per
sentence for each system over the gold sentences, and the time Polybius adds per article beyond
parsing on the sample corpus (``samples/gold.jsonl``: ``resolve_dates``, detection included, with
one event per sentence and with the events the coder finds; the best of five passes), or on the
gold sentences when that is absent.
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

from polybius import actors, events, ingest, nlp  # noqa: E402
from polybius.model import DateRef, Event, EventActor  # noqa: E402
from polybius.temporal import expressions_in, resolve_dates  # noqa: E402
from polybius.temporal import intervals as iv  # noqa: E402
from polybius.temporal.gold import (  # noqa: E402
    GoldRow,
    Prediction,
    expression_prediction,
    is_right,
    predict_all,
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
    started = time.thread_time()
    for row in rows:
        refs = finder(row.sentence, dt.date.fromisoformat(row.published))
        by_category[row.category][0] += is_right(row, library_prediction(row, refs))
        by_category[row.category][1] += 1
    return by_category, (time.thread_time() - started) * 1000 / len(rows)


def score_polybius(rows: list[GoldRow]) -> tuple[dict[str, list[int]], float]:
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, prediction in zip(rows, predict_all(rows), strict=True):
        by_category[row.category][0] += is_right(row, prediction)
        by_category[row.category][1] += 1
        by_category[f"split:{row.split}"][0] += is_right(row, prediction)
        by_category[f"split:{row.split}"][1] += 1
    docs = list(nlp.load().pipe(r.sentence for r in rows))
    pairs = list(zip(rows, docs, strict=True))
    per_pass = _best(lambda: [expressions_in(d, r.published) for r, d in pairs])
    return by_category, per_pass * 1000 / len(rows)


def _best(work: Callable[[], object]) -> float:
    """The least CPU seconds ``work`` takes over ``REPEATS`` runs."""
    times = []
    for _ in range(REPEATS):
        started = time.thread_time()
        work()
        times.append(time.thread_time() - started)
    return min(times)


def article_timing(rows: list[GoldRow]) -> tuple[str, int, dict[str, float], float]:
    """(corpus, articles, CPU ms per article by event set, sentences per article), beyond
    parsing: ``resolve_dates`` over one synthetic event per sentence and over the events the
    coder finds (finding actors and events is not timed)."""
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
    synthetic = [_one_event_per_sentence(p) for p in parsed]
    coded = [events.code(p, actors.resolve(p)) for p in parsed]
    resolve_dates(synthetic[0], parsed[0])  # load the rules and build the matchers first
    timings = {}
    for name, article_events in (("one event per sentence", synthetic), ("coded events", coded)):
        pairs = list(zip(parsed, article_events, strict=True))
        per_pass = _best(lambda pairs=pairs: [resolve_dates(e, p) for p, e in pairs])
        count = statistics.mean(len(e) for e in article_events)
        timings[f"{name} ({count:.1f} an article)"] = per_pass * 1000 / len(parsed)
    sentences = statistics.mean(len(p.spans) for p in parsed)
    return corpus, len(parsed), timings, sentences


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


def sample_event_dates() -> tuple[int, int] | None:
    """(right, checked): gold events of ``samples/gold.jsonl`` that the pipeline codes with the
    same PLOVER type in the same sentence, and how many of those carry the gold date and
    precision (any of the coded events of that type there may); None without the file."""
    if not SAMPLES.exists():
        return None
    import json

    from polybius import pipeline

    records = [json.loads(line) for line in SAMPLES.read_text().splitlines() if line.strip()]
    articles = [
        ingest.article_from_text(r["text"], published=r.get("published"), article_id=r["id"])
        for r in records
    ]
    right = checked = 0
    for record, coded in zip(records, pipeline.code_articles(articles), strict=True):
        for gold in record["events"]:
            wanted = " ".join(gold["sentence"].split())
            same = [
                e
                for e in coded.events
                if e.plover == gold["plover"] and " ".join(e.sentence.split()) == wanted
            ]
            if same and "date" in gold:
                checked += 1
                right += any(
                    (e.date, e.date_precision) == (gold["date"], gold["date_precision"])
                    for e in same
                )
    return right, checked


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
    categories = sorted({r.category for r in rows})  # the split:* counts are printed apart
    print(f"temporal gold: {len(rows)} rows, {sum(1 for r in rows if r.text)} expressions")
    print(f"{'category':16}{'n':>5}" + "".join(f"{n:>13}" for n in names))
    for category in categories:
        total = results["polybius"][0][category][1]
        cells = "".join(f"{results[n][0][category][0] / total:>13.3f}" for n in names)
        print(f"{category:16}{total:>5}{cells}")
    overall = "".join(
        f"{sum(v[0] for k, v in results[n][0].items() if k in categories) / len(rows):>13.3f}"
        for n in names
    )
    print(f"{'overall':16}{len(rows):>5}{overall}")
    right, total = results["polybius"][0]["split:heldout"]
    print(f"polybius on the held-out rows (written after the rules were tuned): {right}/{total}")
    print(f"{'CPU ms / sentence':21}" + "".join(f"{results[n][1]:>13.2f}" for n in names))
    print("  (polybius: beyond parsing, over the already-parsed sentence; libraries: from text)")
    corpus, count, timings, sentences = article_timing(rows)
    print(
        f"polybius CPU time beyond parsing, per article ({count} articles of {corpus}, "
        f"{sentences:.1f} sentences each; best of {REPEATS} passes):"
    )
    for name, per_article in timings.items():
        print(f"  {name}: {per_article:.3f} ms")
    sample = sample_event_dates()
    if sample:
        right, checked = sample
        print(
            f"event dates on samples/gold.jsonl (gold events the coder finds, same type and "
            f"sentence): {right}/{checked} = {right / checked:.3f}"
        )


if __name__ == "__main__":
    main()
