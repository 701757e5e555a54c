"""Near-duplicate articles (the same wire story on many sites) folded into one, with datasketch's
MinHash LSH over word 3-shingles.

The first copy in input order is kept; each later copy adds its URL (or source, when it has no
URL) to the kept article's ``duplicates``. Articles are held back until ``window`` newer ones have
arrived (or the input ends), so copies further apart than that are not folded.
"""

from __future__ import annotations

import dataclasses
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from datasketch import MinHash, MinHashLSH

from polybius.model import Article, Failure

NUM_PERM = 128
SHINGLE = 3
SEED = 1
_WORD = re.compile(r"\w+")


def signature(text: str) -> MinHash:
    """The MinHash of ``text``'s lower-cased word 3-shingles (deterministic: fixed seed)."""
    words = _WORD.findall(text.casefold())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def fold(
    records: Iterable[Article | Failure], threshold: float = 0.7, window: int = 2000
) -> Iterator[Article | Failure]:
    """Pass ``records`` through, folding each near-duplicate article into its first copy.

    threshold: estimated Jaccard similarity at which two articles are copies.
    window: articles held back at most; the oldest is released when more arrive.
    Failures pass straight through; articles come out in input order.
    """
    index = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    held: OrderedDict[str, tuple[Article, MinHash, list[str]]] = OrderedDict()
    for number, record in enumerate(records):
        if isinstance(record, Failure):
            yield record
            continue
        minhash = signature(record.text)
        original = _original(index, held, minhash, threshold)
        if original is not None:
            held[original][2].append(record.url or record.source)
            continue
        key = str(number)
        index.insert(key, minhash)
        held[key] = (record, minhash, [])
        if len(held) > window:
            yield _release(index, held)
    while held:
        yield _release(index, held)


def _original(
    index: MinHashLSH,
    held: OrderedDict[str, tuple[Article, MinHash, list[str]]],
    minhash: MinHash,
    threshold: float,
) -> str | None:
    """The key of the earliest held article that ``minhash`` is a copy of, or None."""
    candidates = [key for key in index.query(minhash) if key in held]
    matches = [k for k in candidates if held[k][1].jaccard(minhash) >= threshold]
    return min(matches, key=int) if matches else None


def _release(
    index: MinHashLSH, held: OrderedDict[str, tuple[Article, MinHash, list[str]]]
) -> Article:
    key, (article, _, copies) = held.popitem(last=False)
    index.remove(key)
    if not copies:
        return article
    return dataclasses.replace(article, duplicates=(*article.duplicates, *copies))
