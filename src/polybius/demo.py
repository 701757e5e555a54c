"""`make demo`: code the bundled sample corpus and show what came out.

Prints events per PLOVER type, the top dyads and three example events with their evidence
sentence, and writes every event record to ``out/events.jsonl``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table

from polybius import pipeline
from polybius.model import Event, Failure

SAMPLES = Path("samples/articles")
OUT = Path("out")

console = Console()


def dyad(event: Event) -> str:
    target = event.target.code or event.target.name if event.target else "-"
    return f"{event.source.code or event.source.name} → {target}"


def show_counts(title: str, counts: Counter[str], n: int) -> None:
    table = Table(title=title)
    table.add_column(title.split()[-1])
    table.add_column("events", justify="right")
    for key, count in counts.most_common(n):
        table.add_row(key, str(count))
    console.print(table)


def show_example(event: Event) -> None:
    where = event.location.name if event.location else "?"
    console.print(
        f"[bold]{event.plover}[/bold] {event.mode or ''} ({event.cameo}, Goldstein "
        f"{event.goldstein:+.1f}) {dyad(event)} on {event.date} [{event.date_precision}] "
        f"in {where}, {event.modality}, confidence {event.confidence:.2f}"
    )
    console.print(f"  “{event.sentence}”", style="italic")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    events: list[Event] = []
    articles = failures = 0
    for result in pipeline.code_sources([str(SAMPLES)]):
        if isinstance(result, Failure):
            print(result, file=sys.stderr)
            failures += 1
            continue
        articles += 1
        events.extend(result.asserted())
    with (OUT / "events.jsonl").open("w", encoding="utf-8") as sink:
        for event in events:
            sink.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    console.print(
        f"coded {articles} articles into {len(events)} events "
        f"({failures} inputs failed); records in {OUT / 'events.jsonl'}"
    )
    show_counts("events per PLOVER type", Counter(e.plover for e in events), 16)
    show_counts("top dyads", Counter(dyad(e) for e in events), 10)
    examples = sorted(events, key=lambda e: -e.confidence)
    seen: set[str] = set()
    for event in examples:
        if event.plover not in seen and len(seen) < 3:
            seen.add(event.plover)
            show_example(event)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
