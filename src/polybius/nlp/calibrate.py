"""Calibrate the 8-bit encoders' input ranges (``polybius.nlp.quantize``) on a corpus.

    python -m polybius.nlp.calibrate [FOLDER]

parses the articles under FOLDER (default ``samples/articles``) with the float32 pipeline, records
the smallest and largest input of each Maxout layer, and writes them into
``polybius/nlp/data/int8_ranges.json`` under the model's key, keeping other models' ranges.
Rerun it after changing the spaCy model.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from functools import partial

import numpy
from spacy.language import Language
from thinc.api import Model
from thinc.types import Floats2d

from polybius import ingest, nlp
from polybius.model import Article
from polybius.nlp.quantize import RANGES_PATH, Range, maxout_layers, model_key


def calibrate(nlp: Language, texts: Iterable[str]) -> list[Range]:
    """The smallest and largest input each Maxout layer of the float32 pipeline ``nlp`` sees
    while parsing ``texts``, in ``maxout_layers`` order."""
    layers = list(maxout_layers(nlp))
    seen: list[Range] = [(numpy.inf, -numpy.inf)] * len(layers)
    forwards = [layer._func for layer in layers]

    def recording(
        index: int, model: Model, X: Floats2d, is_train: bool
    ) -> tuple[Floats2d, Callable[[Floats2d], Floats2d]]:
        if X.size:
            low, high = seen[index]
            seen[index] = (min(low, float(X.min())), max(high, float(X.max())))
        return forwards[index](model, X, is_train)

    for index, layer in enumerate(layers):
        layer._func = partial(recording, index)
    try:
        for _ in nlp.pipe(texts):
            pass
    finally:
        for layer, forward in zip(layers, forwards, strict=True):
            layer._func = forward
    return seen


def main(argv: list[str]) -> None:
    folder = argv[0] if argv else "samples/articles"
    texts = [r.text for r in ingest.read([folder]) if isinstance(r, Article)]
    if not texts:
        raise SystemExit(f"no articles under {folder}")
    pipeline = nlp.load(precision="fp32")
    ranges = calibrate(pipeline, texts)
    stored = json.loads(RANGES_PATH.read_text(encoding="utf-8")) if RANGES_PATH.exists() else {}
    stored[model_key(pipeline)] = [[round(low, 4), round(high, 4)] for low, high in ranges]
    RANGES_PATH.parent.mkdir(parents=True, exist_ok=True)
    RANGES_PATH.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    print(f"{model_key(pipeline)}: ranges of {len(ranges)} layers from {len(texts)} articles")


if __name__ == "__main__":
    main(sys.argv[1:])
