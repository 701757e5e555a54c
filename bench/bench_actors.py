"""Benchmark of actor resolution: accuracy on the PLOVER gold records, coreference on the sample
corpus, and the time to resolve every actor of a ~600-word article.

Run from the repository root: ``.venv/bin/python bench/bench_actors.py [--misses N]``.

How gold actors are aligned with mentions: see ``polybius.actors.accuracy``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from polybius import actors, nlp
from polybius.actors.accuracy import Score, score_gold
from polybius.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "gold.jsonl"
TIMING_RUNS = 200


def bench_timing() -> tuple[int, float, float, float, float, int]:
    """Words; median, 95th-percentile and best wall-clock milliseconds; median CPU milliseconds
    (this process only) of ``resolve`` on a ~600-word parsed article; and its mention count.
    The machine is shared, so the best run (as ``timeit`` advises) shows the cost itself."""
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line]
    longest = max(rows, key=lambda r: len(r["text"].split()))
    text = longest["text"]
    while len(text.split()) < 600:
        text += "\n\n" + rows[0]["text"]
    words = text.split()[:600]
    article = Article(id="timing", text=" ".join(words), published=longest.get("published"))
    parsed = nlp.parse(article)
    count = len(actors.resolve(parsed))
    times, cpu = [], []
    for _ in range(TIMING_RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        actors.resolve(parsed)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return len(words), statistics.median(times), p95, times[0], statistics.median(cpu), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=40, help="How many misses to print.")
    args = parser.parse_args()
    start = time.perf_counter()
    nlp.load()
    dev, _ = score_gold(DEV, None)
    samples, coref = score_gold(SAMPLES, "sentence") if SAMPLES.exists() else (Score(), Score())
    words, median, p95, best, cpu, count = bench_timing()
    print("== actors")
    print(dev.line(f"PLOVER GSR dev ({DEV.name})"))
    print(samples.line("sample corpus, all gold actors"))
    print(coref.line("sample corpus, coreference (pronouns and definite descriptions)"))
    print(
        f"resolve() on a {words}-word parsed article ({count} mentions): "
        f"best {best:.2f} ms, median {median:.2f} ms wall (p95 {p95:.2f}), "
        f"median {cpu:.2f} ms CPU, "
        f"over {TIMING_RUNS} runs (parse excluded)"
    )
    for label, score in (("dev", dev), ("samples", samples), ("coreference", coref)):
        print(f"-- {label} misses ({len(score.misses)}):")
        for miss in score.misses[: args.misses]:
            print("  " + miss)
    print(f"total bench time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
