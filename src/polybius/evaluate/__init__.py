"""Gold formats and metrics: precision, recall and F1 of coded events against gold events.

A gold file is JSON lines, one text per line: ``{"id", "text", "published", "events": [{"plover",
"mode", "source": [{"text", "country", "sector"}], "target": [...], "date"?}]}``. A gold event with
several sources or targets stands for one dyadic record per (source, target) pair, as the coder
emits them. Gold events marked ``"negated": true`` are left out on both sides, as default output
leaves them out.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polybius.model import Event

Key = tuple[str, ...]


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter[Key], predicted: Counter[Key]) -> None:
        hit = sum((gold & predicted).values())
        self.tp += hit
        self.fp += sum(predicted.values()) - hit
        self.fn += sum(gold.values()) - hit

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    """Scores of one evaluation run.

    type: PLOVER type per text (a set per text, so one type counts once per text).
    dyad: type + source country + target country, one key per dyadic record.
    date: of the dyad matches whose gold event has a ``date``, how many carry that date.
    per_type: the ``type`` counts split by PLOVER type.
    """

    texts: int = 0
    type: Counts = field(default_factory=Counts)
    dyad: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    dates_checked: int = 0
    dates_right: int = 0

    @property
    def date_accuracy(self) -> float:
        return self.dates_right / self.dates_checked if self.dates_checked else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "texts": self.texts,
            "type": self.type.to_dict(),
            "type_source_target": self.dyad.to_dict(),
            "date_accuracy": round(self.date_accuracy, 4),
            "dates_checked": self.dates_checked,
            "per_type": {k: v.to_dict() for k, v in sorted(self.per_type.items())},
        }


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The rows of a gold JSON-lines file; raises ``ValueError`` naming a malformed line."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}:{number}: malformed JSON ({err.msg})") from err
        if "id" not in row or "text" not in row:
            raise ValueError(f"{path}:{number}: a gold row needs 'id' and 'text'")
        rows.append(row)
    return rows


def gold_dyads(event: Mapping[str, Any]) -> list[tuple[Key, str | None]]:
    """The (type, source country, target country) keys of one gold event, with its gold date."""
    sources = [s.get("country", "") for s in event.get("source") or []] or [""]
    targets = [t.get("country", "") for t in event.get("target") or []] or [""]
    return [((event["plover"], s, t), event.get("date")) for s in sources for t in targets]


def predicted_dyad(event: Event) -> Key:
    """The (type, source country, target country) key of one coded event."""
    return (event.plover, event.source.country, event.target.country if event.target else "")


def score(gold: Iterable[Mapping[str, Any]], predicted: Mapping[str, list[Event]]) -> Report:
    """Score ``predicted`` (events by gold row id) against ``gold``; negated events, gold or
    predicted, are ignored (they are not in the default output)."""
    report = Report()
    for row in gold:
        report.texts += 1
        events = [e for e in predicted.get(row["id"], []) if not e.negated]
        gold_events = [e for e in row.get("events") or [] if not e.get("negated")]

        gold_types = Counter({e["plover"]: 1 for e in gold_events})
        pred_types = Counter({e.plover: 1 for e in events})
        report.type.add(gold_types, pred_types)
        for plover in set(gold_types) | set(pred_types):
            report.per_type.setdefault(plover, Counts()).add(
                Counter({plover: gold_types[plover]}), Counter({plover: pred_types[plover]})
            )

        gold_keys = [pair for e in gold_events for pair in gold_dyads(e)]
        report.dyad.add(Counter(k for k, _ in gold_keys), Counter(map(predicted_dyad, events)))
        dates_by_key = {}
        for e in events:
            dates_by_key.setdefault(predicted_dyad(e), set()).add(e.date)
        for key, date in gold_keys:
            if date and key in dates_by_key:
                report.dates_checked += 1
                report.dates_right += date in dates_by_key[key]
    return report
