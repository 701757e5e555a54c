"""The 8-bit encoders against float32: parse time and how closely the annotations agree.

Run from the repository root: ``.venv/bin/python bench/bench_precision.py``.

- Parse time: CPU milliseconds per article for ``nlp.parse_many`` over 100 synthetic articles of
  about 600 words (``polybius.scale.synthetic``, as ``bench_scale.py`` makes them), best of 3
  passes, each pipeline warmed on 20 other articles first; the two precisions alternate so that
  both see the same machine.
- Agreement of int8 with fp32 (``polybius.nlp.agreement``) on the sample corpus, the GSR dev
  sentences and those 100 synthetic articles.
Event scores in each precision: ``POLYBIUS_PRECISION=fp32 polybius eval samples/gold.jsonl``.
"""

from __future__ import annotations

import time
from pathlib import Path

from spacy.language import Language

from polybius import ingest, nlp
from polybius.model import Article
from polybius.nlp.agreement import agreement
from polybius.scale.synthetic import paragraphs, synthesize

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
GOLD = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
ARTICLES = 100
PASSES = 3


def parse_ms(pipeline: Language, texts: list[str]) -> float:
    """CPU milliseconds per text of one ``pipe`` pass."""
    start = time.process_time()
    for _ in pipeline.pipe(texts, batch_size=nlp.BATCH_SIZE):
        pass
    return (time.process_time() - start) / len(texts) * 1000


def main() -> None:
    sources = [r for r in ingest.read([str(SAMPLES)]) if isinstance(r, Article)]
    rows = list(synthesize(paragraphs(sources), ARTICLES + 20, words=600, seed=0))
    texts, warm_up = [r["text"] for r in rows[:ARTICLES]], [r["text"] for r in rows[ARTICLES:]]
    pipelines = {precision: nlp.load(precision=precision) for precision in nlp.PRECISIONS}
    best = dict.fromkeys(pipelines, float("inf"))
    for pipeline in pipelines.values():
        parse_ms(pipeline, warm_up)
    for _ in range(PASSES):
        for precision, pipeline in pipelines.items():
            best[precision] = min(best[precision], parse_ms(pipeline, texts))
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"parse, {ARTICLES} synthetic articles of {words:.0f} words, best of {PASSES}:")
    for precision, ms in best.items():
        print(f"  {precision}: {ms:5.1f} ms per article ({1000 / ms:4.1f} articles/s)")
    print(f"  int8 saves {best['fp32'] - best['int8']:.1f} ms per article")

    records = ingest.read([str(SAMPLES), str(GOLD)])
    corpus = [r.text for r in records if isinstance(r, Article)] + texts
    scores = agreement(pipelines["fp32"], pipelines["int8"], corpus)
    print(
        f"int8 against fp32 on {scores.texts} texts ({scores.tokens} tokens; samples, GSR dev, "
        "synthetic):"
    )
    print(f"  same tag {scores.tag:.4f}, same head {scores.head:.4f}, same label {scores.dep:.4f}")
    print(f"  entities: precision {scores.entity_precision:.4f}, recall {scores.entity_recall:.4f}")
    print(f"  texts with the same sentence bounds: {scores.sentences:.4f}")


if __name__ == "__main__":
    main()
