"""Event coder: throughput (excluding the spaCy parse and actor resolution) and accuracy.

Throughput: the PLOVER GSR dev sentences, the sample corpus and 300 synthetic NGEC stories are
parsed and their actors resolved once (not timed); then ``events.code`` runs over all of them
ROUNDS times on one core, and sentences/s is printed.

Accuracy: the same scores ``polybius eval`` prints (the whole pipeline, as the CLI runs it) on
``../shared/data/plover_gsr/dev.jsonl`` and ``samples/gold.jsonl``, with the per-type table.

Learned baseline: a TF-IDF + linear SVM type classifier trained on the 4,500 synthetic NGEC
stories, scored on the dev sentences as one type per sentence (the measurement behind coding types
with rules only; see docs/events.md).

    .venv/bin/python bench/bench_events.py
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import csv  # noqa: E402
import gzip  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from polybius import actors, evaluate, events, ingest, nlp, pipeline  # noqa: E402
from polybius.evaluate import Report  # noqa: E402
from polybius.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
SYNTHETIC = ROOT.parent / "shared" / "data" / "ngec_synthetic" / "stories.csv.gz"
SAMPLES_GOLD = ROOT / "samples" / "gold.jsonl"
STORIES = 300
ROUNDS = 5


def gold_articles(path: Path) -> tuple[list[dict], list[Article]]:
    rows = evaluate.read_gold(path)
    articles = [
        ingest.article_from_text(r["text"], published=r.get("published"), article_id=r["id"])
        for r in rows
    ]
    return rows, articles


def synthetic_articles() -> list[Article]:
    with gzip.open(SYNTHETIC, "rt", encoding="utf-8") as handle:
        rows = [r for _, r in zip(range(STORIES), csv.DictReader(handle), strict=False)]
    return [ingest.article_from_text(r["text"], published="2024-01-01") for r in rows]


def throughput(articles: list[Article]) -> None:
    parsed = list(nlp.parse_many(articles))
    inputs = [(p, actors.resolve(p)) for p in parsed]
    sentences = sum(len(p.sentences) for p in parsed)
    events.code(*inputs[0])  # compile the matcher before timing
    start, cpu_start = time.perf_counter(), time.process_time()
    coded = 0
    for _ in range(ROUNDS):
        for p, mentions in inputs:
            coded += len(events.code(p, mentions))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"coder throughput (events.code only, one core): {sentences * ROUNDS / cpu:,.0f} "
        f"sentences per CPU-second ({sentences * ROUNDS / elapsed:,.0f} per wall-clock second "
        "on this shared machine)"
    )
    print(
        f"  {len(parsed)} texts, {sentences} sentences x {ROUNDS} rounds in {cpu:.2f} CPU s "
        f"({elapsed:.2f} s wall); {coded // ROUNDS} events per round"
    )


def accuracy(label: str, path: Path) -> None:
    rows, articles = gold_articles(path)
    predicted = {}
    for result in pipeline.code_articles(articles):
        if isinstance(result, pipeline.CodedArticle):
            predicted[result.article.id] = result.events
    print_report(label, evaluate.score(rows, predicted))


def print_report(label: str, report: Report) -> None:
    print(f"\n{label}: {report.texts} texts")
    print(f"  {'measure':<26} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    rows = [("PLOVER type", report.type), ("type + source + target", report.dyad)]
    rows += [(f"  {k}", v) for k, v in sorted(report.per_type.items())]
    for name, c in rows:
        print(
            f"  {name:<26} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
            f"{c.tp:5d} {c.fp:5d} {c.fn:5d}"
        )


def classifier_baseline() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    with gzip.open(SYNTHETIC, "rt", encoding="utf-8") as handle:
        stories = list(csv.DictReader(handle))
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([s["text"] for s in stories])
    model = LinearSVC(C=0.5).fit(features, [s["label"] for s in stories])
    rows = evaluate.read_gold(DEV)
    guesses = model.predict(vectorizer.transform([r["text"] for r in rows]))
    gold = [{e["plover"] for e in r.get("events") or []} for r in rows]
    hits = sum(guess in types for guess, types in zip(guesses, gold, strict=True))
    precision, recall = hits / len(rows), hits / sum(map(len, gold))
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    print(
        f"\nlearned baseline (TF-IDF + linear SVM on {len(stories)} synthetic NGEC stories): "
        f"dev PLOVER type P {precision:.3f} R {recall:.3f} F1 {f1:.3f}"
    )


def main() -> None:
    nlp.load()
    print(f"spaCy model: {nlp.model_name()}, one process, one thread")
    _, dev_articles = gold_articles(DEV)
    _, sample_articles = gold_articles(SAMPLES_GOLD)
    throughput(dev_articles + sample_articles + synthetic_articles())
    accuracy(f"PLOVER GSR dev ({DEV.name})", DEV)
    accuracy("sample corpus gold (samples/gold.jsonl)", SAMPLES_GOLD)
    classifier_baseline()


if __name__ == "__main__":
    main()
