"""Name normalisation shared by the gazetteer build and the lookup.

Both sides must fold names the same way, so this is the only place that does it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_/,.]+")
_LATIN = re.compile(r"^[a-z ]+$")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """The lookup key of ``name``.

    Accents are dropped, apostrophes removed, hyphens, dots and commas become spaces, case is
    folded and a leading "the " is removed: "Ma'rib" → "marib", "Ivano-Frankivsk" →
    "ivano frankivsk", "The Hague" → "hague". Returns "" for a name with nothing left.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped).casefold()
    key = _SEPARATORS.sub(" ", stripped).strip()
    return key[4:] if key.startswith("the ") else key


def is_latin_key(key: str) -> bool:
    """True when a folded key holds only Latin letters and spaces (what English news writes)."""
    return bool(_LATIN.match(key))
