"""`make demo`: code the bundled sample corpus, store it, and show what came out.

Prints events per PLOVER type and three example events with their evidence sentence, writes
every event record to ``out/events.jsonl``, stores the coded articles in a fresh DuckDB file
(``out/polybius.duckdb``, ingested twice to show that re-ingesting adds nothing), prints the top
dyads and a monthly series of the busiest one from the store, and says how to browse it.
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
from polybius.store import Store

SAMPLES = Path("samples/articles")
OUT = Path("out")
DB = OUT / "polybius.duckdb"

console = Console(width=110)


def dyad(event: Event) -> str:
    target = event.target.code or event.target.name if event.target else "-"
    return f"{event.source.code or event.source.name} → {target}"


def show_types(events: list[Event]) -> None:
    table = Table(title="events per PLOVER type")
    table.add_column("type")
    table.add_column("events", justify="right")
    for plover, count in Counter(e.plover for e in events).most_common():
        table.add_row(plover, str(count))
    console.print(table)


def show_example(event: Event) -> None:
    where = event.location.name if event.location else "?"
    console.print(
        f"[bold]{event.plover}[/bold] {event.mode or ''} ({event.cameo}, Goldstein "
        f"{event.goldstein:+.1f}) {dyad(event)} on {event.date} [{event.date_precision}] "
        f"in {where}, {event.modality}, confidence {event.confidence:.2f}"
    )
    console.print(f"  “{event.sentence.strip()}”", style="italic")


def store_and_query(coded: list[pipeline.CodedArticle]) -> None:
    """Ingest ``coded`` into a fresh DuckDB file twice, then print top dyads and a series."""
    for stale in (DB, DB.with_name(DB.name + ".wal")):
        stale.unlink(missing_ok=True)
    with Store(str(DB)) as store:
        first = store.add(coded)
        again = store.add(coded)
        counts = store.counts()
        console.print(
            f"stored {first.new_articles} articles, {first.new_copies} copies, "
            f"{first.new_mentions} event mentions in {DB}; re-ingesting added "
            f"{again.new_articles} articles and {again.new_mentions} mentions"
        )
        console.print("rows: " + ", ".join(f"{table} {n}" for table, n in counts.items()))
        dyads = store.top_dyads(10)
        table = Table(title="top dyads (merged events in the store)")
        for column in ("source", "target", "events", "mentions"):
            table.add_column(column, justify="left" if column in ("source", "target") else "right")
        for d in dyads:
            table.add_row(d.source, d.target, str(d.events), str(d.mentions))
        console.print(table)
        if not dyads:
            return
        busiest = f"{dyads[0].source}:{dyads[0].target}"
        series = Table(title=f"monthly series of {busiest}")
        for column in (
            "month",
            "events",
            "verb. coop",
            "mat. coop",
            "verb. confl",
            "mat. confl",
            "Goldstein sum",
            "mean",
        ):
            series.add_column(column, justify="right")
        for p in store.series(busiest, by="month"):
            mean = "" if p.goldstein_mean is None else f"{p.goldstein_mean:+.2f}"
            series.add_row(
                p.period[:7],
                str(p.events),
                str(p.verbal_cooperation),
                str(p.material_cooperation),
                str(p.verbal_conflict),
                str(p.material_conflict),
                f"{p.goldstein_sum:+.1f}",
                mean,
            )
        console.print(series)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    events: list[Event] = []
    coded: list[pipeline.CodedArticle] = []
    failures = 0
    for result in pipeline.code_sources([str(SAMPLES)]):
        if isinstance(result, Failure):
            print(result, file=sys.stderr)
            failures += 1
            continue
        coded.append(result)
        events.extend(result.asserted())
    with (OUT / "events.jsonl").open("w", encoding="utf-8") as sink:
        for event in events:
            sink.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
    console.print(
        f"coded {len(coded)} articles into {len(events)} events "
        f"({failures} inputs failed); records in {OUT / 'events.jsonl'}"
    )
    show_types(events)
    examples = sorted(
        events,
        key=lambda e: (e.target is None, e.date_precision == "publication", -e.confidence),
    )
    seen: set[str] = set()
    for event in examples:
        if event.plover not in seen and len(seen) < 3:
            seen.add(event.plover)
            show_example(event)
    store_and_query(coded)
    console.print(f"browse it: [bold]make serve[/bold] (serves {DB} on http://127.0.0.1:8000/)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
