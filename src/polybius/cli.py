"""The ``polybius`` command."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from polybius import evaluate, ingest, pipeline
from polybius.evaluate import Counts, Report
from polybius.model import Article, Event, Failure

if TYPE_CHECKING:
    from polybius.store import StoredEvent

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
        ingest.article_from_text(
            r["text"],
            published=r.get("published"),
            article_id=r["id"],
            title=r.get("title") or "",
            dateline=r.get("dateline") or "",
        )
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
    workers: Annotated[int, typer.Option(help="Processes extracting pages.")] = 1,
) -> None:
    """Print each article as ingest hands it to the coder: one JSON object a line, in input
    order; failures go to stderr (exit 1)."""
    failed = False
    records = ingest.read(
        paths,
        published=validate_date(published),
        max_bytes=max_bytes,
        dedup=dedup,
        workers=workers,
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
        err.print(
            f"batch: interrupted; rerun the same command to resume into {out}", soft_wrap=True
        )
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


Db = Annotated[
    str,
    typer.Option(
        "--db", envvar="POLYBIUS_DB", help="DuckDB file or postgresql://USER@HOST:PORT/DB URL."
    ),
]
EVENT_FORMATS = ("table", "jsonl", "csv", "parquet", "gdelt", "icews")


@app.command("ingest")
def ingest_command(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Files, folders, globs or - for stdin.")
    ] = None,
    db: Db = "polybius.duckdb",
    from_parquet: Annotated[
        str | None, typer.Option(help="Also store a `polybius batch` output folder.")
    ] = None,
    published: Published = None,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.")] = 100,
    merge_window: Annotated[
        int | None, typer.Option(help="Days apart two reports may be of one event (kept).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each batch.")] = False,
    quiet: Quiet = False,
) -> None:
    """Code sources and store the events: idempotent (rerun after a crash to finish), one
    transaction per batch, the same happening merged across articles."""
    import logging

    from polybius.store import Store, StoreError

    if not sources and not from_parquet:
        raise typer.BadParameter("give SOURCE files/folders or --from-parquet DIR")
    if verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    published = validate_date(published)
    failed = False

    def coded() -> Iterator[pipeline.CodedArticle]:
        nonlocal failed
        if from_parquet:
            from polybius import scale

            yield from scale.read_output(from_parquet)
        for result in pipeline.code_sources(sources or [], published):
            if isinstance(result, Failure):
                report_failure(result)
                failed = True
            else:
                yield result

    try:
        with Store(db) as store:
            if merge_window is not None and merge_window != store.window_days:
                store.set_window(merge_window)
            total = store.add(progress(coded(), "storing", quiet), batch_size=batch_size)
            counts = store.counts()
        for failure in total.failures:
            report_failure(failure)
            failed = True
    except StoreError as exc:
        err.print(f"ingest: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    if not quiet:
        err.print(
            f"{total.articles} articles read, {total.new_articles} new, {total.new_copies} new "
            f"copies, {total.new_mentions} new event records → {counts['events']} events, "
            f"{counts['articles']} articles in {db}",
            soft_wrap=True,
        )
    raise typer.Exit(1 if failed else 0)


@app.command("events")
def events_command(
    db: Db = "polybius.duckdb",
    actor: Annotated[str | None, typer.Option(help="Actor code, as source or target.")] = None,
    dyad: Annotated[str | None, typer.Option(help="SOURCE:TARGET codes; * for any.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO3 of the source, target or location.")
    ] = None,
    include_negated: Annotated[bool, typer.Option(help="Also negated events.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many (table: 50).")] = None,
    format: Annotated[str, typer.Option("--format", help=" | ".join(EVENT_FORMATS))] = "table",
    out: Annotated[str | None, typer.Option(help="Write to this file (parquet: required).")] = None,
) -> None:
    """Merged events from the database, newest first."""
    from itertools import islice

    from polybius.store import Store, StoreError
    from polybius.store.export import write_events

    if format not in EVENT_FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(EVENT_FORMATS)}")
    if format == "parquet" and not out:
        raise typer.BadParameter("--format parquet needs --out FILE")
    filters: dict[str, Any] = {
        "actor": actor, "dyad": dyad, "type": type, "since": validate_date(since),
        "until": validate_date(until), "country": country, "include_negated": include_negated,
    }  # fmt: skip
    try:
        with Store(db, create=False) as store:
            if format == "table":
                page = store.events(limit=limit or 50, **filters)
                print_events(page.items, more=page.next_cursor is not None)
                return
            found = store.iter_events(**filters)
            written = write_events(islice(found, limit) if limit else found, format,
                                   out or sys.stdout)  # fmt: skip
    except StoreError as exc:
        err.print(f"events: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    if out:
        err.print(f"{written} events → {out}")


#: The events table: (header, width) per column; each event's evidence follows on its own line.
EVENT_COLUMNS = (("date", 10), ("type", 18), ("source → target", 24), ("where", 14), ("m/a/s", 7))


def print_events(events: Iterable[StoredEvent], more: bool) -> None:
    """Merged events on standard output: a line of fields (``m/a/s``: mentions, articles,
    sources), then the evidence sentence, both cut to the terminal's width."""

    def fit(text: str, width: int) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    def line(cells: Iterable[str]) -> str:
        parts = [f"{fit(c, w):<{w}}" for c, (_, w) in zip(cells, EVENT_COLUMNS, strict=True)]
        return fit("  ".join(parts).rstrip(), out.width)

    print(line(h for h, _ in EVENT_COLUMNS))
    for e in events:
        target = (e.target.code or e.target.name) if e.target else "·"
        kind = e.plover + (f"/{e.mode}" if e.mode else "") + (" (negated)" if e.negated else "")
        source = e.source.code or e.source.name
        place = e.location.name if e.location else ""
        counts = f"{e.num_mentions}/{e.num_articles}/{e.num_sources}"
        print(line((e.date or "?", kind, f"{source} → {target}", place, counts)))
        print(fit(" " * 12 + e.sentence, out.width))
    if more:
        print("more events: raise --limit, or use --format jsonl|csv|parquet")


SERIES_HEADERS = {"verbal_cooperation": "q1", "material_cooperation": "q2",
                  "verbal_conflict": "q3", "material_conflict": "q4",
                  "goldstein_sum": "G.sum", "goldstein_mean": "G.mean"}  # fmt: skip


@app.command("series")
def series_command(
    dyad: Annotated[str, typer.Option(help="SOURCE:TARGET codes; * for any.")],
    by: Annotated[str, typer.Option(help="day, week or month.")] = "day",
    db: Db = "polybius.duckdb",
    since: Annotated[str | None, typer.Option(help="From this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """Events of a dyad per period: counts per quad class, summed and mean Goldstein score."""
    import csv

    from polybius.store import SeriesPoint, Store, StoreError

    if format not in {"table", "jsonl", "csv"}:
        raise typer.BadParameter("--format must be table, jsonl or csv")
    try:
        with Store(db, create=False) as store:
            points = store.series(dyad, by=by, since=validate_date(since),
                                  until=validate_date(until), type=type)  # fmt: skip
    except StoreError as exc:
        err.print(f"series: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    fields = [f.name for f in dataclasses.fields(SeriesPoint)]
    if format == "jsonl":
        for point in points:
            print(json.dumps(point.to_dict()))
    elif format == "csv":
        writer = csv.DictWriter(sys.stdout, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(point.to_dict() for point in points)
    else:
        table = Table(title=f"{dyad} by {by}", box=box.SIMPLE_HEAD, pad_edge=False)
        for name in fields:
            justify = "left" if name == "period" else "right"
            table.add_column(SERIES_HEADERS.get(name, name), justify=justify, no_wrap=True)
        for point in points:
            row = point.to_dict()
            mean = row["goldstein_mean"]
            row["goldstein_mean"] = "" if mean is None else f"{mean:.2f}"
            row["goldstein_sum"] = f"{row['goldstein_sum']:.1f}"
            table.add_row(*(str(row[name]) for name in fields))
        out.print(table)


@app.command("serve")
def serve_command(
    db: Db = "polybius.duckdb",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    api_keys: Annotated[
        str | None,
        typer.Option(help="File of POST /v1/articles keys, one a line (or $POLYBIUS_API_KEYS)."),
    ] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body, in bytes.")] = 1_048_576,
    max_page: Annotated[int, typer.Option(help="Most events per /v1/events page.")] = 500,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="Let browser pages from this origin call the API.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the dashboard over a database."""
    from polybius.serve import ConfigError, ServeSettings, load_api_keys, run
    from polybius.store import StoreError

    try:
        keys = load_api_keys(api_keys)
    except ConfigError as exc:
        err.print(f"serve: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc
    settings = ServeSettings(
        api_keys=keys, max_body_bytes=max_body, max_page=max_page,
        cors_origins=tuple(cors_origin or ()),
    )  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    err.print(
        f"Polybius on {db}: dashboard http://{shown}:{port}/ , API docs http://{shown}:{port}/docs"
        f" ({len(keys)} ingest key(s))",
        soft_wrap=True,
    )
    try:
        run(db, host, port, settings, log_level)
    except StoreError as exc:
        err.print(f"serve: {exc}", soft_wrap=True)
        raise typer.Exit(2) from exc


INPUT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".jsonl", ".json", ".warc", ".gz", ".xml"})


def text_or_path(
    source: str,
    published: str | None,
    *,
    command: str,
    verb: str,
    file_suffixes: frozenset[str] | None = None,
) -> tuple[Iterable[Article | Failure], bool]:
    """The articles a ``TEXT|PATH`` argument stands for, and whether it was a path.

    An existing path (or ``-``) is read with ingest; anything else is one article of that text,
    unless it looks like a file name that does not exist (no space, and a ``/`` or a suffix —
    any suffix, or one of ``file_suffixes`` when given): then ``command`` stops with exit 1,
    asking to quote a text to ``verb`` it.
    """
    is_path = source == "-" or Path(source).exists()
    suffix = Path(source).suffix
    names_a_file = suffix in file_suffixes if file_suffixes is not None else bool(suffix)
    if not is_path and " " not in source and ("/" in source or names_a_file):
        err.print(f"{command}: {source}: no such file (quote a text to {verb} it)", soft_wrap=True)
        raise typer.Exit(1)
    if is_path:
        return ingest.read([source], published=published), True
    return [ingest.article_from_text(source, published=published)], False


@app.command("where")
def where_command(
    source: Annotated[str, typer.Argument(help="Text, or a file/folder path, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array of mentions.")] = False,
) -> None:
    """List every place mention with its span, resolved name, country and coordinates."""
    from polybius import geo

    articles, is_path = text_or_path(
        source, None, command="where", verb="place", file_suffixes=INPUT_SUFFIXES
    )
    rows: list[dict[str, Any]] = []
    failed = False
    for article in articles:
        if isinstance(article, Failure):
            report_failure(article)
            failed = True
            continue
        for mention in geo.article_places(article):
            rows.append({**mention.to_dict(), **({"article_id": article.id} if is_path else {})})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:  # tab-separated: readable, and never squeezed by a narrow terminal
        print("span\ttext\tname\tcountry\tadmin1\tlat\tlon\tprecision")
        for r in rows:
            print(
                f"{r['start']}-{r['end']}\t{r['text']}\t{r['name']}\t{r['country']}\t"
                f"{r['admin1']}\t{r['lat']:.4f}\t{r['lon']:.4f}\t{r['precision']}"
            )
    raise typer.Exit(1 if failed else 0)


@app.command("when")
def when_command(
    source: Annotated[str, typer.Argument(help="Text, or a file/folder path, or - for stdin.")],
    published: Published = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array of expressions.")] = False,
) -> None:
    """List every time expression with its span, date and precision (dates resolved against
    the publication date; spans index the article's clean text)."""
    from polybius import temporal

    published = validate_date(published)
    articles, is_path = text_or_path(source, published, command="when", verb="date")
    rows: list[dict[str, Any]] = []
    failed = False
    for article in articles:
        if isinstance(article, Failure):
            report_failure(article)
            failed = True
            continue
        if not article.published:
            err.print(
                f"when: {article.source or 'text'}: no publication date (--published); "
                "only expressions naming their year are resolved",
                soft_wrap=True,
            )
        for ref in temporal.find_dates(article.text, article.published):
            rows.append({**ref.to_dict(), **({"article_id": article.id} if is_path else {})})
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        print("span\ttext\tdate\tprecision")
        for r in rows:
            print(f"{r['start']}-{r['end']}\t{r['text']}\t{r['date']}\t{r['precision']}")
    raise typer.Exit(1 if failed else 0)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
