"""The settings of one ingest run, and the loader for ingest's data tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Options:
    """How ``ingest.read`` treats its sources.

    published: ISO date given to articles whose source carries none.
    max_bytes: inputs (files, decompressed files, WARC records, JSON lines) larger than this fail.
    dedup: fold near-duplicate articles into the first copy (``Article.duplicates``).
    dedup_threshold: estimated Jaccard similarity of word 3-shingles at which two texts are copies.
    dedup_window: how many articles are held back waiting for copies before being released.
    languages: ISO 639-1 codes accepted; other languages fail with the language named.
    min_language_confidence: a text is refused only when the detector is at least this sure.
    clutter_rules: a user YAML file whose rules extend ``data/clutter.yaml``.
    clean_json_text: run clutter removal on the ``text`` field of JSON lines too (wire credits,
        datelines); False keeps that text exactly as given.
    fast_html: skip trafilatura's fallback extractors (faster on large pages, slightly less
        precise; see docs/ingest.md).
    workers: processes that extract and clean documents (1: none; reading, dedup and output
        order stay in the calling process).
    """

    published: str | None = None
    max_bytes: int = 20_000_000
    dedup: bool = True
    dedup_threshold: float = 0.7
    dedup_window: int = 2000
    languages: frozenset[str] = frozenset({"en"})
    min_language_confidence: float = 0.5
    clutter_rules: str | None = None
    clean_json_text: bool = True
    fast_html: bool = False
    workers: int = 1


@cache
def load_table(path: str | Path) -> Any:
    """The parsed YAML file ``path`` (a name inside ``data/`` or a filesystem path), read once."""
    path = Path(path)
    if not path.is_absolute() and not path.exists():
        path = DATA / path
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
