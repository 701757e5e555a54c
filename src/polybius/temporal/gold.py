"""The temporal gold set: reading it and scoring Polybius on it.

The gold file (``bench/data/temporal/gold.jsonl``, described in its README) holds one JSON object
a line: ``id``, ``category``, ``published``, ``sentence``, ``text`` (the expression, "" when the
sentence has none), ``value`` (ISO date) and ``precision``. A row with a ``trigger`` is scored at
the event level: an event on that word of the sentence (with the row's ``modality``), after the
optional ``context`` sentences, is dated by ``resolve_dates`` (``negated`` marks an event the text
says did not happen). Other rows are scored at the
expression level: the expression found in the sentence (as ``find_dates`` finds it) overlapping
``text`` must have the value and
precision; for a row without an expression, nothing may be found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polybius.model import Article, DateRef, Event, EventActor
from polybius.nlp import ParsedArticle, parse_many
from polybius.temporal import expressions_in, resolve_dates

REQUIRED = ("id", "category", "published", "sentence", "text", "value", "precision")


@dataclass(frozen=True)
class GoldRow:
    """One gold expression (or one event, when ``trigger`` is set)."""

    id: str
    category: str
    published: str
    sentence: str
    text: str
    value: str
    precision: str
    trigger: str = ""
    modality: str = "asserted"
    negated: bool = False
    context: str = ""
    split: str = ""

    @property
    def span(self) -> tuple[int, int]:
        """Offsets of ``text`` in ``sentence`` ((-1, -1) when there is no expression)."""
        start = self.sentence.find(self.text) if self.text else -1
        return (start, start + len(self.text)) if start >= 0 else (-1, -1)


@dataclass(frozen=True)
class Prediction:
    """What a system said for one row: a date and precision (``publication`` when none)."""

    date: str | None
    precision: str
    text: str = ""


def read_gold(path: str | Path) -> list[GoldRow]:
    """The rows of a gold file; raises ValueError naming the line of a malformed row."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data: dict[str, Any] = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: malformed JSON ({exc.msg})") from exc
        missing = [k for k in REQUIRED if k not in data]
        if missing:
            raise ValueError(f"{path}:{number}: missing {', '.join(missing)}")
        rows.append(GoldRow(**{k: v for k, v in data.items() if k in GoldRow.__annotations__}))
    return rows


def is_right(row: GoldRow, predicted: Prediction) -> bool:
    """Whether the prediction has the gold value and precision."""
    return (predicted.date, predicted.precision) == (row.value, row.precision)


def overlapping(refs: list[DateRef], span: tuple[int, int]) -> DateRef | None:
    """The first reference overlapping ``span`` (None when ``span`` is empty or none does)."""
    start, end = span
    if start < 0:
        return None
    return next((r for r in refs if r.start < end and start < r.end), None)


def expression_prediction(row: GoldRow, refs: list[DateRef]) -> Prediction:
    """Score-ready prediction for an expression row from a system's references."""
    if not row.text:
        return (
            Prediction(row.published, "publication")
            if not refs
            else Prediction(refs[0].date, refs[0].precision, refs[0].text)
        )
    found = overlapping(refs, row.span)
    return Prediction(found.date, found.precision, found.text) if found else Prediction(None, "")


def predict_all(rows: list[GoldRow]) -> list[Prediction]:
    """Polybius's answer for each row (the texts are parsed together, in one ``nlp.pipe``)."""
    articles = [
        Article(id=row.id, text=row.context + row.sentence, published=row.published) for row in rows
    ]
    return [
        _event_prediction(row, parsed)
        if row.trigger
        else expression_prediction(
            row, [found.ref for found in expressions_in(parsed.doc, row.published)]
        )
        for row, parsed in zip(rows, parse_many(articles), strict=True)
    ]


def _event_prediction(row: GoldRow, parsed: ParsedArticle) -> Prediction:
    trigger_start = len(row.context) + row.sentence.index(row.trigger)
    index = parsed.sentence_index(trigger_start)
    sentence = parsed.spans[index]
    offset = trigger_start - sentence.start_char
    event = Event(
        id=row.id,
        article_id=row.id,
        published=row.published,
        plover="",
        source=EventActor("", ""),
        modality=row.modality,  # type: ignore[arg-type]
        negated=row.negated,
        sentence_index=index,
        sentence=sentence.text,
        spans={"trigger": (offset, offset + len(row.trigger))},
    )
    [dated] = resolve_dates([event], parsed)
    return Prediction(dated.date, dated.date_precision, dated.date_text)
