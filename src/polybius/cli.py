"""The ``polybius`` command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from polybius import evaluate, ingest, pipeline
from polybius.evaluate import Counts, Report
from polybius.model import Event, Failure

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Polybius: political event data from news: who did what to whom, when and where.",
)
err = Console(stderr=True)
out = Console()

T = TypeVar("T")

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Published = Annotated[
    str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.")
]

TSV_FIELDS = [
    "id",
    "article_id",
    "date",
    "date_precision",
    "plover",
    "mode",
    "cameo",
    "quad_class",
    "goldstein",
    "source.code",
    "source.name",
    "target.code",
    "target.name",
    "modality",
    "negated",
    "location.name",
    "location.country",
    "confidence",
    "sentence",
]


def progress(items: Iterable[T], label: str, quiet: bool, total: int | None = None) -> Iterator[T]:
    """Yield ``items`` while a rich progress bar on stderr counts them (none when ``quiet``)."""
    if quiet:
        yield from items
        return
    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


def report_failure(failure: Failure) -> None:
    """One line on stderr: ``source: reason``."""
    print(str(failure), file=sys.stderr)


def validate_date(value: str | None) -> str | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def tsv_row(event: Event) -> str:
    record = event.to_dict()
    cells = []
    for name in TSV_FIELDS:
        value: object = record
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        cells.append("" if value is None else str(value).replace("\t", " ").replace("\n", " "))
    return "\t".join(cells)


@app.command()
def code(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or - for standard input.")],
    format: Annotated[str, typer.Option("--format", help="jsonl or tsv.")] = "jsonl",
    published: Published = None,
    include_negated: Annotated[bool, typer.Option(help="Also emit negated events.")] = False,
    quiet: Quiet = False,
) -> None:
    """Code articles into event records, written to standard output."""
    if format not in {"jsonl", "tsv"}:
        raise typer.BadParameter("--format must be jsonl or tsv")
    published = validate_date(published)
    if format == "tsv":
        print("\t".join(TSV_FIELDS))
    failed = False
    for result in progress(pipeline.code_sources(paths, published), "coding", quiet):
        if isinstance(result, Failure):
            report_failure(result)
            failed = True
            continue
        for event in result.asserted(include_negated):
            print(
                json.dumps(event.to_dict(), ensure_ascii=False)
                if format == "jsonl"
                else tsv_row(event)
            )
    raise typer.Exit(1 if failed else 0)


@app.command("eval")
def evaluate_gold(
    gold: Annotated[str, typer.Argument(help="Gold JSON lines (the plover_gsr format).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    quiet: Quiet = False,
) -> None:
    """Code a gold file's texts and print precision, recall and F1 against its events."""
    try:
        rows = evaluate.read_gold(gold)
    except (OSError, ValueError) as exc:
        err.print(f"{gold}: {exc}")
        raise typer.Exit(1) from exc
    articles = (
        ingest.article_from_text(r["text"], published=r.get("published"), article_id=r["id"])
        for r in rows
    )
    predicted = {}
    for coded in progress(pipeline.code_articles(articles), "coding", quiet, total=len(rows)):
        if isinstance(coded, pipeline.CodedArticle):
            predicted[coded.article.id] = coded.events
    report = evaluate.score(rows, predicted)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    print_report(report)


def print_report(report: Report) -> None:
    """The evaluation report as two tables: the summary and the per-type scores."""
    summary = Table(title=f"{report.texts} texts")
    for column in ("measure", "P", "R", "F1", "tp", "fp", "fn"):
        summary.add_column(column, justify="right" if column != "measure" else "left")
    for name, counts in (("PLOVER type", report.type), ("type + source + target", report.dyad)):
        summary.add_row(name, *_scores(counts))
    out.print(summary)
    if report.dates_checked:
        out.print(
            f"date accuracy on matched events: {report.date_accuracy:.3f} "
            f"({report.dates_right}/{report.dates_checked})"
        )
    per_type = Table(title="per PLOVER type")
    for column in ("type", "P", "R", "F1", "tp", "fp", "fn"):
        per_type.add_column(column, justify="right" if column != "type" else "left")
    for plover, counts in sorted(report.per_type.items()):
        per_type.add_row(plover, *_scores(counts))
    out.print(per_type)


def _scores(c: Counts) -> list[str]:
    return [f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp), str(c.fp), str(c.fn)]


CLEAN_FIELDS = ("id", "title", "published", "url", "dateline", "text", "duplicates")


@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs or - for stdin.")],
    published: Published = None,
    max_bytes: Annotated[int, typer.Option(help="Inputs larger than this fail.")] = 20_000_000,
    dedup: Annotated[bool, typer.Option(help="Fold near-duplicate copies into one.")] = True,
    all_fields: Annotated[bool, typer.Option("--all", help="Print every article field.")] = False,
) -> None:
    """Print each article as ingest hands it to the coder: one JSON object a line, in input
    order; failures go to stderr (exit 1)."""
    failed = False
    records = ingest.read(
        paths, published=validate_date(published), max_bytes=max_bytes, dedup=dedup
    )
    for record in records:
        if isinstance(record, Failure):
            report_failure(record)
            failed = True
            continue
        row = record.to_dict()
        print(
            json.dumps(row if all_fields else {k: row[k] for k in CLEAN_FIELDS}, ensure_ascii=False)
        )
    raise typer.Exit(1 if failed else 0)


@app.command()
def batch(
    inputs: Annotated[
        list[str], typer.Argument(help="Folder, glob of WARC/JSON lines files, Parquet dataset.")
    ],
    out: Annotated[str, typer.Option("--out", help="Output folder (rerun to resume).")],
    engine: Annotated[str, typer.Option(help="local (process pool) or ray.")] = "local",
    workers: Annotated[int | None, typer.Option(help="Worker processes (default: cores).")] = None,
    ray_address: Annotated[
        str | None, typer.Option(help="Existing Ray cluster, e.g. ray://head:10001 or auto.")
    ] = None,
    shard_size: Annotated[int | None, typer.Option(help="Records per shard (default 200).")] = None,
    published: Published = None,
    quiet: Quiet = False,
) -> None:
    """Code a large corpus into Parquet datasets of events, articles and failures."""
    from polybius import scale

    try:
        summary = scale.run_batch(
            inputs,
            out,
            engine=engine,
            workers=workers,
            ray_address=ray_address,
            shard_size=shard_size,
            published=validate_date(published),
            quiet=quiet,
            on_failure=report_failure,
            console=err,
        )
    except scale.BatchError as exc:
        err.print(f"batch: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    except KeyboardInterrupt:
        err.print(f"batch: interrupted; rerun the same command to resume into {out}", soft_wrap=True)
        raise typer.Exit(130) from None
    err.print(
        f"{summary.articles} articles, {summary.events} events, {summary.failures} failures in "
        f"{summary.shards} shards ({summary.coded_articles} articles coded now, "
        f"{summary.articles_per_second:.1f}/s) → {out}",
        soft_wrap=True,
    )
    raise typer.Exit(1 if summary.failures else 0)


@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="A sentence or short text to code.")],
    published: Published = None,
) -> None:
    """Show the parse, the actors, the trigger frames that fired and the resulting records."""
    from polybius import actors, events, nlp
    from polybius.events.explain import render

    article = ingest.article_from_text(sentence, published=validate_date(published))
    parsed = nlp.parse(article)
    mentions = actors.resolve(parsed)
    print(render(parsed, mentions, events.decide(parsed, mentions)))
    print("records:")
    for event in pipeline.code_parsed(parsed):
        print(json.dumps(event.to_dict(), ensure_ascii=False))


actors_app = typer.Typer(no_args_is_help=True, help="The actor knowledge base.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    phrases: Annotated[list[str], typer.Argument(help="Phrases such as 'the Belarusian leader'.")],
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) for office holders.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per phrase.")] = False,
) -> None:
    """Resolve phrases to actors and say why (exit 1 if one resolves to nothing)."""
    from polybius import actors

    date = validate_date(date)
    missing = False
    for phrase in phrases:
        found = actors.lookup(phrase, date)
        missing = missing or found is None
        record = {"text": phrase, "name": "", "code": "", "country": "", "sector": "", "kb_id": ""}
        if found is not None:
            record |= found.actor.to_dict() | {"text": found.text}
        record["why"] = found.why if found is not None else "no actor found"
        if as_json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            out.print(
                f"[bold]{phrase}[/bold] → {record['code'] or '-'} {record['name']}"
                f" (country {record['country'] or '-'}, sector {record['sector'] or '-'})\n"
                f"  why: {record['why']}",
                highlight=False,
                soft_wrap=True,
            )
    raise typer.Exit(1 if missing else 0)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
