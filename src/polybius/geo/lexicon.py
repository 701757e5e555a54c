"""The word lists and Matcher patterns of ``data/lexicon.yaml``, loaded once."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LEXICON_YAML = Path(__file__).parent / "data" / "lexicon.yaml"
LEXICON_ENV = "POLYBIUS_GEO_LEXICON"


@dataclass(frozen=True)
class Lexicon:
    """What ties a place to an event, as sets of lower-case words and entity labels
    (see ``lexicon.yaml``)."""

    locative_prepositions: frozenset[str]
    destination_prepositions: frozenset[str]
    motion_lemmas: frozenset[str]
    direction_words: frozenset[str]
    territory_nouns: frozenset[str]
    direction_modifiers: frozenset[str]
    city_words: frozenset[str]
    region_words: frozenset[str]
    place_labels: frozenset[str]
    maybe_place_labels: frozenset[str]
    not_places: frozenset[str]
    country_anaphors: frozenset[str]
    place_anaphors: frozenset[str]
    candidate_patterns: tuple[str, ...]  # Matcher patterns, JSON-encoded (hashable)


@cache
def load(path: Path | None = None) -> Lexicon:
    """The lexicon read from ``path``, else from ``$POLYBIUS_GEO_LEXICON``, else the packaged
    ``lexicon.yaml`` (a user copy replaces it whole). Raises ValueError on a malformed list."""
    path = path or Path(os.environ.get(LEXICON_ENV) or LEXICON_YAML)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = tuple(json.dumps(p, sort_keys=True) for p in data.pop("candidate_patterns"))
    words = {}
    for key, value in data.items():
        if not all(isinstance(w, str) for w in value):
            raise ValueError(f"{path}: {key} holds a non-string (quote yes/no/on/off in YAML)")
        words[key] = frozenset(w.lower() for w in value)
    return Lexicon(candidate_patterns=patterns, **words)
