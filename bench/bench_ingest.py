"""Ingest benchmark: extraction quality and speed on ../shared/data/extraction (92 pages with gold
article bodies, from scrapinghub/article-extraction-benchmark), and plain-text clutter removal.

Quality uses the article-extraction-benchmark's own measure: per page, the extracted body and the
gold ``articleBody`` are cut into \\w+ tokens, then into 4-token shingles; true/false positives and
false negatives are counted over the shingle multisets and normalised per page; precision and
recall are averaged over pages and F1 is their harmonic mean. The same figures on single tokens
(bag of words) are printed beside it.

Run from the repository root: ``.venv/bin/python bench/bench_ingest.py``.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import html2text
import lxml.html
import trafilatura
from inscriptis import get_text
from readability import Document
from resiliparse.extract.html2text import extract_plain_text

from polybius import ingest
from polybius.ingest import clutter, html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "extraction"
SAMPLES = ROOT / "samples" / "articles"
TOKEN = re.compile(r"\w+")

Scores = tuple[float, float, float]


def shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text`` (one shingle for shorter texts)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def page_counts(gold: str, predicted: str, n: int) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    truth, guess = shingles(gold, n), shingles(predicted, n)
    tp = sum((truth & guess).values())
    fp, fn = sum(guess.values()) - tp, sum(truth.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(gold: dict[str, str], predicted: dict[str, str], n: int = 4) -> Scores:
    """Mean precision, mean recall and their F1 over pages (the benchmark's definition)."""
    precisions, recalls = [], []
    for key, truth in gold.items():
        tp, fp, fn = page_counts(truth, predicted.get(key, ""), n)
        if tp + fp > 0:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p, r = statistics.mean(precisions), statistics.mean(recalls)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def timed(pages: dict[str, str], extract: Callable[[str], str]) -> tuple[dict[str, str], float]:
    """Run ``extract`` on every page; returns the texts and CPU seconds per page."""
    start = time.process_time()
    out = {key: extract(page) or "" for key, page in pages.items()}
    return out, (time.process_time() - start) / len(pages)


def ingest_text(page: str, fast: bool = False) -> str:
    """What ingest hands the coder for an HTML page: trafilatura with our settings, then the
    clutter rules (the title removed)."""
    found = html.extract(page, fast=fast)
    if found is None:
        return ""
    return clutter.clean(found.text, title=found.title, trim_tail=False).text


def readability_text(page: str) -> str:
    return lxml.html.fromstring(Document(page).summary()).text_content()


def html2text_render(page: str) -> str:
    converter = html2text.HTML2Text()
    converter.ignore_links = converter.ignore_images = True
    converter.body_width = 0
    return converter.handle(page)


def line(name: str, scores: Scores, per_page: float | None = None, extra: str = "") -> str:
    speed = f"{per_page * 1000:7.1f} ms/page" if per_page is not None else " " * 15
    return f"  {name:<44} P {scores[0]:.3f}  R {scores[1]:.3f}  F1 {scores[2]:.3f}  {speed}{extra}"


def throughput(paths: list[str], repeat: int = 1, **options: object) -> tuple[int, float, float]:
    """Articles out, wall and CPU pages/s (CPU of this process only) of ``ingest.read``."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = 0
    for _ in range(repeat):
        records = ingest.read(paths, **options)
        count += sum(1 for r in records if isinstance(r, ingest.Article))
    pages = len(paths) * repeat
    return (
        count // repeat,
        pages / (time.perf_counter() - wall),
        pages / (time.process_time() - cpu),
    )


def main() -> int:
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 1
    truth = json.loads((DATA / "ground-truth.json").read_text("utf-8"))
    gold = {key: row["articleBody"] for key, row in truth.items()}
    pages = {key: (DATA / "html" / f"{key}.html").read_bytes().decode("utf-8") for key in gold}
    html.extract(next(iter(pages.values())))  # warm trafilatura's one-time loads

    print(f"== HTML extraction, {len(pages)} pages (shingles of 4 tokens; bag of words after |)")
    extractors: list[tuple[str, Callable[[str], str]]] = [
        ("trafilatura 2.3.1 defaults", trafilatura.extract),
        ("polybius ingest (trafilatura precision + rules)", ingest_text),
        ("polybius ingest, fast_html=True", lambda p: ingest_text(p, fast=True)),
        ("readability-lxml", readability_text),
        ("resiliparse main_content", lambda p: extract_plain_text(p, main_content=True)),
    ]
    for name, extract in extractors:
        texts, per_page = timed(pages, extract)
        words = score(gold, texts, n=1)
        print(line(name, score(gold, texts), per_page, f"  | F1 {words[2]:.3f}"))

    print("\n== Plain-text clean-up (whole page rendered to text, scored raw vs cleaned)")
    for name, render in (("inscriptis", get_text), ("html2text", html2text_render)):
        rendered = {key: render(page) for key, page in pages.items()}
        cleaned, per_page = timed(rendered, lambda text: clutter.clean(text).text)
        print(line(f"{name} raw page text", score(gold, rendered)))
        print(line(f"{name} + polybius clutter rules", score(gold, cleaned), per_page))

    print("\n== Throughput of ingest.read (decode, extract/clean, language, dedup)")
    html_paths = [str(DATA / "html" / f"{key}.html") for key in gold]
    size = sum(map(len, pages.values())) // len(pages) // 1000
    for label, options in (("", {}), (", fast_html", {"fast_html": True})):
        count, wall, cpu = throughput(html_paths, **options)
        print(
            f"  extraction pages (avg {size} KB{label}): {wall:6.1f} pages/s wall, "
            f"{cpu:6.1f} pages/s CPU ({count} English articles)"
        )
    count, wall, _ = throughput(html_paths, workers=2)
    print(f"  extraction pages, workers=2: {wall:6.1f} pages/s wall ({count} English articles)")
    with tempfile.TemporaryDirectory() as folder:
        text_paths = []
        for key, page in pages.items():
            path = Path(folder) / f"{key}.txt"
            path.write_text(get_text(page), "utf-8")
            text_paths.append(str(path))
        count, wall, cpu = throughput(text_paths, repeat=3)
        print(
            f"  extraction pages as plain text (inscriptis): {wall:6.1f} pages/s wall, "
            f"{cpu:6.1f} pages/s CPU ({count} English articles)"
        )
    for pattern, label in (("*.htm*", "HTML"), ("*.txt", "scraped text")):
        sample_paths = sorted(str(p) for p in SAMPLES.glob(pattern))
        if sample_paths:
            count, wall, cpu = throughput(sample_paths, repeat=5)
            print(
                f"  samples/articles {label} ({len(sample_paths)} pages): {wall:6.1f} pages/s "
                f"wall, {cpu:6.1f} pages/s CPU"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
