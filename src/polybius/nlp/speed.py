"""Faster stand-ins for parts of the spaCy pipeline that give exactly the same annotations.

``CachedAttributeRuler`` replaces the model's ``attribute_ruler`` (the tag map and exceptions that
set POS, MORPH and some LEMMAs). spaCy's version runs a ``Matcher`` with all its patterns (179 in
``en_core_web_sm``) over every token, about a sixth of the whole parse time. Most of those
patterns look at one token only, and whether they match depends only on that token's values of
the attributes they test (TAG, LOWER, DEP, IS_SPACE). So this version asks spaCy's own ``Matcher``
once per distinct combination of those values and remembers the answer; patterns spanning more
than one token still run through a ``Matcher`` on the whole document. Matches are then applied by
spaCy's own ``set_token_attrs``, in the same order as ``AttributeRuler`` applies them.

Open-vocabulary attributes (LOWER, ORTH, ...) enter the memo key only as far as the patterns can
tell words apart: the word itself if a pattern names it, else the outcome of each REGEX on it.

``LemmaMemo`` wraps the rule lemmatizer: its lemma is a function of the token's (ORTH, POS,
MORPH), the key of spaCy's own lemma cache, so the memo reads those three columns at once and asks
the lemmatizer only for combinations it has not seen.

``load_fast`` loads a pipeline with both, and with thinc's NumPy ops without blis: the matrix
products then go to NumPy's OpenBLAS, measured ~15% faster here for the same annotations. blis ran
on one thread; OpenBLAS would start one per core and, with several processes on a machine, spin
them against each other (measured: twice the CPU time), so ``load_fast`` holds the process's BLAS
to one thread (``threadpoolctl``), as spaCy was before. Scale out with worker processes.
"""

import re
from collections.abc import Callable
from typing import Any

import numpy
import spacy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM"})
LITERAL_PREDICATES = frozenset({"IN", "NOT_IN"})

Match = tuple[int, int, int, int]  # (pattern number, match id, start, end), as AttributeRuler has


class CachedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` whose ``match`` remembers single-token decisions (see module doc)."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._plan: _Plan | None = None

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:  # type: ignore[type-arg]
        super().add(patterns, attrs, index)
        self._plan = None

    def match(self, doc: Doc) -> list[Match]:
        if self._plan is None:
            self._plan = _Plan(self.vocab, self.patterns)
        return self._plan.match(doc)

    def set_annotations(self, doc: Doc, matches: list[Match]) -> None:
        """As ``AttributeRuler.set_annotations`` (same order, same setter), without building a
        ``Span`` per match; a bad ``index`` still raises ``IndexError``."""
        for number, _, start, end in matches:
            index = self.indices[number]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[number])


class _Plan:
    """The ruler's patterns split into memoised single-token ones and the rest."""

    def __init__(self, vocab: Vocab, patterns: list[dict[str, Any]]) -> None:
        self.vocab = vocab
        self.single = Matcher(vocab)
        self.multi = Matcher(vocab)
        specs: list[dict[str, Any]] = []
        for number, entry in enumerate(patterns):
            key = str(number)
            for pattern in entry["patterns"]:
                if len(pattern) == 1 and "OP" not in pattern[0] and "_" not in pattern[0]:
                    self.single.add(key, [pattern])
                    specs.append(pattern[0])
                else:
                    self.multi.add(key, [pattern])
        self.attrs = sorted({name for spec in specs for name in spec})
        self.attr_ids = [IDS[name] for name in self.attrs]
        self.classify: list[Callable[[int], int] | None] = [
            _word_class(vocab, [spec[name] for spec in specs if name in spec])
            if name in STRING_ATTRS
            else None
            for name in self.attrs
        ]
        self.numbers = {vocab.strings.add(str(n)): n for n in range(len(patterns))}
        self.memo: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def match(self, doc: Doc) -> list[Match]:
        found: list[Match] = []
        if self.attrs and len(doc):
            values = doc.to_array(self.attr_ids)
            for column, classify in enumerate(self.classify):
                if classify is not None:
                    words, where = numpy.unique(values[:, column], return_inverse=True)
                    values[:, column] = numpy.array([classify(w) for w in words.tolist()])[where]
            rows, firsts, where = numpy.unique(
                values, axis=0, return_index=True, return_inverse=True
            )
            decided = [
                self._decide(doc, row, first)
                for row, first in zip(rows.tolist(), firsts.tolist(), strict=True)
            ]
            for i, row in enumerate(where.ravel().tolist()):
                found.extend((number, m, i, i + 1) for number, m in decided[row])
        if len(self.multi):
            numbers = self.numbers
            found.extend((numbers[m], m, s, e) for m, s, e in self.multi(doc, allow_missing=True))
        found.sort()
        return found

    def _decide(self, doc: Doc, key: list[int], i: int) -> list[tuple[int, int]]:
        """(pattern number, match id) of the single-token patterns matching token ``i``, whose
        memo key is ``key``."""
        known = self.memo.get(tuple(key))
        if known is None:
            matched = self.single(doc[i : i + 1], allow_missing=True)
            known = self.memo[tuple(key)] = [(self.numbers[m], m) for m, _, _ in matched]
        return known


def _word_class(vocab: Vocab, values: list[Any]) -> Callable[[int], int]:
    """A function from a word (string hash) to a number for what the patterns can tell about it.

    values: what the patterns give for this attribute (a word, or ``{"IN": [...]}``,
    ``{"REGEX": ...}``, ...). If every one is a word, a word list or a regex, words the patterns
    do not name fall into classes by their regex outcomes; any other predicate keeps the word.
    """
    named: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for value in values:
        if isinstance(value, str):
            named.add(value)
            continue
        for predicate, argument in value.items():
            if predicate in LITERAL_PREDICATES:
                named.update(argument)
            elif predicate == "REGEX":
                regexes.append(re.compile(argument))
            else:
                return lambda word: word  # no classes: the word is its own
    named_ids = {vocab.strings.add(word) for word in named}
    numbers: dict[object, int] = {}  # a class (a named word, or regex outcomes) → its number
    classes: dict[int, int] = {}  # word → number of its class

    def classify(word: int) -> int:
        known = classes.get(word)
        if known is None:
            if word in named_ids:
                cls: object = word
            else:
                text = vocab.strings[word]
                cls = tuple(bool(r.search(text)) for r in regexes)
            known = classes[word] = numbers.setdefault(cls, len(numbers))
        return known

    return classify


class LemmaMemo:
    """A pipeline component: the wrapped rule ``Lemmatizer``, asked once per distinct token.

    Tokens whose lemma is already set (by the attribute ruler) keep it, as the lemmatizer does
    with ``overwrite=False``; with ``overwrite=True`` every token is lemmatised.
    """

    def __init__(self, lemmatizer: Lemmatizer | None = None) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.lemmatizer is None or not len(doc):
            return doc
        overwrite = self.lemmatizer.overwrite
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            known = self.memo.get(key)
            if known is None:
                known = self.memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = known
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


@Language.factory("cached_attribute_ruler", default_config={"validate": False})
def make_cached_attribute_ruler(nlp: Language, name: str, validate: bool) -> CachedAttributeRuler:
    """spaCy factory for ``CachedAttributeRuler`` (patterns are copied in by ``speed_up``).

    (This module has no ``from __future__ import annotations``: spaCy reads these hints.)
    """
    return CachedAttributeRuler(nlp.vocab, name, validate=validate)


@Language.factory("lemma_memo")
def make_lemma_memo(nlp: Language, name: str) -> LemmaMemo:
    """spaCy factory for ``LemmaMemo`` (the lemmatizer is handed in by ``speed_up``)."""
    return LemmaMemo()


def speed_up(nlp: Language) -> Language:
    """Swap ``nlp``'s attribute ruler and rule lemmatizer for their memoised versions.

    Returns ``nlp`` (changed in place); components it does not have are left alone.
    """
    if "attribute_ruler" in nlp.pipe_names:
        stock = nlp.get_pipe("attribute_ruler")
        if not isinstance(stock, CachedAttributeRuler):
            patterns = stock.patterns
            nlp.replace_pipe("attribute_ruler", "cached_attribute_ruler").add_patterns(patterns)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
            nlp.replace_pipe("lemmatizer", "lemma_memo").lemmatizer = lemmatizer
    return nlp


def load_fast(name: str) -> Language:
    """``spacy.load(name)`` with NumPy matrix products on one BLAS thread and the memoised
    components (see the module docstring)."""
    threadpool_limits(1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        return speed_up(spacy.load(name))
