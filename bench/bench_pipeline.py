"""Throughput of the whole pipeline and of the spaCy stage alone, on one core.

Reads the bundled sample corpus (`samples/articles`) through ingest, repeats it to at least
ROUNDS passes, and prints articles/s and words/s for (a) spaCy parsing alone and (b) the whole
pipeline (parse, actors, events, dates, places), plus the process's peak resident memory.

    .venv/bin/python bench/bench_pipeline.py
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import resource  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from polybius import ingest, nlp, pipeline  # noqa: E402
from polybius.model import Article  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "articles"
ROUNDS = 3


def load_corpus() -> list[Article]:
    articles = [a for a in ingest.read([str(SAMPLES)]) if isinstance(a, Article)]
    if not articles:
        raise SystemExit(f"no articles under {SAMPLES}")
    return articles * ROUNDS


def timed(label: str, articles: list[Article], run: Callable[[list[Article]], object]) -> None:
    """Print wall-clock and CPU-time rates of ``run(articles)``.

    The CPU-time rate is what one dedicated core would do; the wall-clock rate is lower when
    other processes share the machine.
    """
    words = sum(len(a.text.split()) for a in articles)
    wall, cpu = time.perf_counter(), time.process_time()
    run(articles)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for clock, elapsed in (("wall", wall), ("CPU", cpu)):
        print(
            f"{label:<18} {clock:>4}: {len(articles) / elapsed:7.1f} articles/s "
            f"{words / elapsed:8.0f} words/s  ({len(articles)} articles, {words} words, "
            f"{elapsed:.2f} s)"
        )


def main() -> None:
    articles = load_corpus()
    nlp.load()
    # Warm up once so model loading and first-call costs are not counted.
    list(pipeline.code_articles(articles[:4]))
    print(f"spaCy model: {nlp.model_name()}, one process, one thread")
    timed("spaCy parse only", articles, lambda a: list(nlp.parse_many(a)))
    timed("whole pipeline", articles, lambda a: list(pipeline.code_articles(a)))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak resident memory':<26} {peak_mib:7.0f} MiB")


if __name__ == "__main__":
    main()
