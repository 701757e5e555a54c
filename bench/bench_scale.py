"""Benchmark of batch coding: throughput on one core, with 2 local workers and with Ray at 2.

Run from the repository root: ``.venv/bin/python bench/bench_scale.py [--articles N]``.

The corpus is synthetic and deterministic: the paragraphs of the sample corpus
(``samples/articles``) recombined into ``N`` (default 2,000) articles of about 600 words with dates
over two years (``polybius.scale.synthetic``), written to ``out/bench_scale/corpus.jsonl``.

Figures:
- one core, in process: the pipeline over the first 200 articles (after a warm-up on 50 others),
  CPU time of this process, split into the parse and each later stage (the profile of the whole
  pipeline); three passes, the best reported (this virtual machine's speed drifts by 15-30%
  within minutes, and the least disturbed pass is the closest to the code's own cost).
- ``polybius batch`` with the local engine at 1 and 2 workers and the Ray engine at 2 workers:
  articles per second of wall time for the whole run (start-up, reading and writing included) and
  per CPU second of a worker (the throughput of one core, whatever else the machine runs), the
  scaling efficiency (wall rate with 2 workers / twice the 1-worker wall rate) and the peak
  resident memory of each worker.
The machine is shared (see the load average printed): wall-clock figures move with other work.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from collections import Counter
from pathlib import Path

from polybius import actors, events, geo, ingest, nlp, pipeline, temporal
from polybius.model import Article
from polybius.scale import BatchSummary, run_batch
from polybius.scale.synthetic import paragraphs, synthesize, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
WORK = ROOT / "out" / "bench_scale"
PROFILED = 200
WARM_UP = 50
PASSES = 3
WORDS = 600
SHARD_SIZE = 50


def make_corpus(count: int) -> tuple[Path, int, float]:
    """Write the synthetic corpus; returns its path, the number of source articles, mean words."""
    sources = [r for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    rows = list(synthesize(paragraphs(sources), count, words=WORDS, seed=0))
    path = write_jsonl(rows, WORK / "corpus.jsonl")
    return path, len(sources), sum(len(r["text"].split()) for r in rows) / len(rows)


def profile_in_process(corpus: Path) -> list[tuple[float, dict[str, float]]]:
    """``PASSES`` passes of the whole pipeline in this process over the same articles: for each,
    articles/s of CPU time and ms/article per stage."""
    articles = [r for r in ingest.read([str(corpus)]) if isinstance(r, Article)]
    records = articles[:PROFILED]
    # Load every stage's data and warm the parse memos on other articles, as a batch worker is
    # after its first shard.
    list(pipeline.code_articles(articles[PROFILED : PROFILED + WARM_UP]))
    return [profile_pass(records) for _ in range(PASSES)]


def profile_pass(records: list[Article]) -> tuple[float, dict[str, float]]:
    """One pass of the pipeline over ``records`` as ``pipeline.code_articles`` runs it (a batch is
    parsed, its articles go through the stages, and their documents are freed before the next
    batch): articles/s of CPU time and ms/article per stage."""
    spent: Counter[str] = Counter()
    clock = time.process_time
    parsed_articles = nlp.parse_many(records)
    while True:
        start = clock()
        article = next(parsed_articles, None)
        spent["parse"] += clock() - start
        if article is None:
            break
        start = clock()
        mentions = actors.resolve(article)
        spent["actors"] += clock() - start
        start = clock()
        coded = events.code(article, mentions)
        spent["events"] += clock() - start
        start = clock()
        coded = temporal.resolve_dates(coded, article)
        spent["temporal"] += clock() - start
        start = clock()
        geo.locate(coded, article)
        spent["geo"] += clock() - start
    total = sum(spent.values())
    return len(records) / total, {k: v / len(records) * 1000 for k, v in spent.items()}


def batch(corpus: Path, engine: str, workers: int) -> BatchSummary:
    out = WORK / f"run-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    return run_batch(
        [str(corpus)], out, engine=engine, workers=workers, shard_size=SHARD_SIZE, quiet=True
    )


def memory(summary: BatchSummary) -> str:
    return ", ".join(f"{rss / 2**20:.0f}" for rss in sorted(summary.peak_rss.values())) + " MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size (default 2000)")
    options = parser.parse_args()

    corpus, sources, words = make_corpus(options.articles)
    print(
        f"corpus: {options.articles} synthetic articles, {words:.0f} words on average, "
        f"recombined from {sources} sample articles ({corpus.relative_to(ROOT)})"
    )
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print(f"encoders: {nlp.configured_precision()} (${nlp.PRECISION_ENV})")

    passes = profile_in_process(corpus)
    rate, stages = max(passes, key=lambda p: p[0])
    breakdown = ", ".join(f"{name} {ms:.1f}" for name, ms in stages.items())
    rates = ", ".join(f"{r:.1f}" for r, _ in passes)
    print(
        f"one core, in process ({PROFILED} articles, best of {PASSES} passes: {rates}): "
        f"{rate:.1f} articles/s of CPU time"
    )
    print(f"  ms per article in the best pass: {breakdown}")

    runs = {
        "local, 1 worker": batch(corpus, "local", 1),
        "local, 2 workers": batch(corpus, "local", 2),
        "ray, 2 workers": batch(corpus, "ray", 2),
    }
    one = runs["local, 1 worker"].articles_per_second
    print(f"polybius batch ({options.articles} articles, shards of {SHARD_SIZE}):")
    for name, summary in runs.items():
        efficiency = summary.articles_per_second / (summary.workers * one) if one else 0.0
        print(
            f"  {name:17s} {summary.articles_per_second:6.1f} articles/s wall "
            f"({summary.seconds:5.1f} s), {summary.articles_per_cpu_second:5.1f}/s per worker "
            "CPU second, "
            f"scaling efficiency {efficiency:4.0%}, peak RSS per worker {memory(summary)}"
        )
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process (driver + in-process profile) peak RSS: {driver:.0f} MB")
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
