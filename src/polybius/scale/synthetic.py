"""A synthetic corpus for load tests: real paragraphs recombined into articles of a set length.

Sizing a run needs many articles of a realistic length; the bundled samples are few. This makes
any number of distinct articles from them, deterministically (same sources and seed, same
corpus): each article draws paragraphs at random from the pool until it has about ``words``
words, and gets a publication date spread over ``days`` days. The text is real reporting, only
its order is new, so the pipeline does the work it would do on news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from polybius.model import Article, stable_id

FIRST_DAY = dt.date(2023, 1, 1)


def paragraphs(articles: Iterable[Article], min_words: int = 8) -> list[str]:
    """The paragraphs (blank-line separated, else lines) of ``articles`` with ≥ ``min_words``."""
    pool: list[str] = []
    for article in articles:
        for block in article.text.replace("\r\n", "\n").split("\n"):
            block = block.strip()
            if len(block.split()) >= min_words:
                pool.append(block)
    return pool


def synthesize(
    pool: list[str], count: int, words: int = 600, seed: int = 0, days: int = 730
) -> Iterator[dict[str, Any]]:
    """``count`` JSON-lines article rows (``id``, ``title``, ``published``, ``text``).

    pool: paragraphs to draw from (``paragraphs``). words: target length of each article.
    seed: the random seed; days: publication dates fall in the ``days`` days from 2023-01-01.
    """
    if not pool:
        raise ValueError("no paragraphs to build articles from")
    rng = random.Random(seed)
    for number in range(count):
        chosen: list[str] = []
        length = 0
        while length < words:
            paragraph = pool[rng.randrange(len(pool))]
            chosen.append(paragraph)
            length += len(paragraph.split())
        text = "\n\n".join(chosen)
        published = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
        yield {
            "id": f"synthetic-{number:06d}-{stable_id(text, length=8)}",
            "title": " ".join(chosen[0].split()[:8]),
            "published": published.isoformat(),
            "text": text,
        }


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | Path) -> Path:
    """Write ``rows`` as JSON lines at ``path`` (parents created); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return target
