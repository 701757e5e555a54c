"""Faster stand-ins for parts of the spaCy pipeline that give exactly the same annotations.

``CachedAttributeRuler`` replaces the model's ``attribute_ruler`` (the tag map and exceptions that
set POS, MORPH and some LEMMAs). spaCy's version runs a ``Matcher`` with all its patterns (179 in
``en_core_web_sm``) over every token, about a sixth of the whole parse time, and sets each match's
attributes one ``Span`` at a time. Every pattern of this model is a fixed sequence of token
patterns (one token, or two as in "gon na"), and whether a token matches a token pattern depends
only on its values of the attributes tested (TAG, LOWER, DEP, IS_SPACE). So this version asks
spaCy's own ``Matcher`` once per distinct combination of those values which token patterns match,
and remembers with the answer the attributes the single-token rules give (later rules win, as in
``AttributeRuler``, which applies matches in rule order); two-token rules are found by combining
neighbouring tokens' answers, and all attributes are then written at once with
``Doc.from_array``. A ruler with patterns the memo cannot take (operators such as ``"OP": "*"``,
extension attributes) runs as ``AttributeRuler``.

Open-vocabulary attributes (LOWER, ORTH, ...) enter the memo key only as far as the patterns can
tell words apart: the word itself if a pattern names it, else the outcome of each REGEX on it.

``LemmaMemo`` wraps the rule lemmatizer: its lemma is a function of the token's (ORTH, POS,
MORPH), the key of spaCy's own lemma cache, so the memo reads those three columns at once and asks
the lemmatizer only for combinations it has not seen.

``load_fast`` loads a pipeline with both, and with thinc's NumPy ops without blis: the matrix
products then go to NumPy's OpenBLAS, measured ~15% faster here for the same annotations. blis ran
on one thread; OpenBLAS would start one per core and, with several processes on a machine, spin
them against each other (measured: twice the CPU time), so ``load_fast`` holds the process's BLAS
to one thread (``threadpoolctl``), as spaCy was before. Scale out with worker processes. It also
gives the encoders' Maxout and LayerNorm layers faster inference passes (``polybius.nlp.layers``).
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy
import spacy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.vocab import Vocab
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from polybius.nlp.layers import speed_up_layers
from polybius.nlp.quantize import quantize_maxouts

STRING_ATTRS = frozenset({"ORTH", "TEXT", "LOWER", "NORM"})
LITERAL_PREDICATES = frozenset({"IN", "NOT_IN"})


class CachedAttributeRuler(AttributeRuler):
    """``AttributeRuler`` that decides each token from a memo (see module doc)."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._plan: _Plan | None = None
        self._planned = False  # whether _plan is up to date with the patterns

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:  # type: ignore[type-arg]
        super().add(patterns, attrs, index)
        self._planned = False

    def clear(self) -> None:
        super().clear()
        self._planned = False

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes the patterns give ``doc``'s tokens, as ``AttributeRuler`` does;
        with a pattern the memo cannot take (see ``_Plan``), by ``AttributeRuler`` itself."""
        if not self._planned:
            self._plan = _Plan.of(self.vocab, self.patterns, self.attrs, self.indices)
            self._planned = True
        if self._plan is None:
            return super().__call__(doc)
        try:
            self._plan.apply(doc)
            return doc
        except Exception as e:
            return self.get_error_handler()(self.name, self, [doc], e)


@dataclass(frozen=True)
class _Rule:
    """A pattern of fixed length: ``specs`` are the numbers of its token patterns, ``target`` the
    offset of the token it sets, ``sets`` (column of ``_Plan.columns``, value) for each attribute
    it sets, ``number`` its precedence (a later rule wins)."""

    number: int
    specs: tuple[int, ...]
    target: int
    sets: tuple[tuple[int, int], ...]


class _Plan:
    """The ruler's patterns as fixed-length rules over token patterns, decided per memo key.

    A token's memo key is its values of the attributes the token patterns test (string
    attributes by ``_word_class``); for each key seen, spaCy's ``Matcher`` says once which token
    patterns the token matches. Single-token rules are then folded per key into the final value
    of each attribute; longer rules are found by combining their tokens' answers.
    """

    def __init__(self, vocab: Vocab, specs: list[dict[str, Any]], rules: list[_Rule]) -> None:
        """specs: the token patterns; rules: the rules over them in precedence order, each
        setting (attribute ID, value) pairs."""
        self.columns = sorted({attr for rule in rules for attr, _ in rule.sets})
        rules = [
            replace(rule, sets=tuple((self.columns.index(a), v) for a, v in rule.sets))
            for rule in rules
        ]
        self.single = [rule for rule in rules if len(rule.specs) == 1]
        self.longer = [rule for rule in rules if len(rule.specs) > 1]
        self.matcher = Matcher(vocab)
        for number, spec in enumerate(specs):
            self.matcher.add(str(number), [[spec]])
        self.spec_numbers = {vocab.strings.add(str(n)): n for n in range(len(specs))}
        names = sorted({name for spec in specs for name in spec})
        self.key_ids = [IDS[name] for name in names]
        self.classify = [
            _word_class(vocab, [spec[name] for spec in specs if name in spec], name in STRING_ATTRS)
            for name in names
        ]
        self.memo: dict[tuple[int, ...], int] = {}  # memo key → row of the tables below
        self.matched: list[list[bool]] = []  # row → whether it matches each token pattern
        self.winner: list[list[int]] = []  # row → number of the rule setting each column, or -1
        self.value: list[list[int]] = []  # row → the value that rule sets
        self.tables: tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray] | None = None

    @classmethod
    def of(
        cls,
        vocab: Vocab,
        patterns: list[dict[str, Any]],
        attrs: list[dict[Any, Any]],
        indices: list[int],
    ) -> "_Plan | None":
        """The plan for an ``AttributeRuler``'s ``patterns`` with its normalised ``attrs`` and
        ``indices``, or None if a pattern has an operator, an extension attribute, an attribute
        without an ID, or an index outside it (those need the ``Matcher`` on the whole doc)."""
        specs: dict[str, int] = {}
        spec_list: list[dict[str, Any]] = []
        rules: list[_Rule] = []
        for number, entry in enumerate(patterns):
            sets = attrs[number]
            if "_" in sets:
                return None
            for pattern in entry["patterns"]:
                index = indices[number]
                if not -len(pattern) <= index < len(pattern):
                    return None
                numbers = []
                for spec in pattern:
                    spec = {name.upper(): value for name, value in spec.items()}
                    if "OP" in spec or any(name not in IDS for name in spec):
                        return None
                    text = repr(sorted(spec.items()))
                    if text not in specs:
                        specs[text] = len(spec_list)
                        spec_list.append(spec)
                    numbers.append(specs[text])
                target = index % len(pattern)
                rules.append(_Rule(number, tuple(numbers), target, tuple(sets.items())))
        return cls(vocab, spec_list, rules) if rules else None

    def apply(self, doc: Doc) -> None:
        """Set the rules' attributes on ``doc``'s tokens."""
        n = len(doc)
        if not n:
            return
        rows = self._rows(doc)
        matched, winners, values = (table[rows] for table in self._tables())
        for rule in self.longer:
            length = len(rule.specs)
            if n < length:
                continue
            hit = matched[: n - length + 1, rule.specs[0]].copy()
            for offset, spec in enumerate(rule.specs[1:], 1):
                hit &= matched[offset : n - length + 1 + offset, spec]
            for start in numpy.flatnonzero(hit).tolist():
                token = start + rule.target
                for column, set_value in rule.sets:
                    if rule.number > winners[token, column]:
                        winners[token, column] = rule.number
                        values[token, column] = set_value
        current = doc.to_array(self.columns)
        doc.from_array(self.columns, numpy.where(winners >= 0, values, current))

    def _rows(self, doc: Doc) -> numpy.ndarray:
        """The memo row of each token of ``doc`` (deciding keys not seen before)."""
        attrs = doc.to_array(self.key_ids)
        keys = numpy.empty(attrs.shape, dtype=numpy.int64)
        for column, classify in enumerate(self.classify):
            words, where = numpy.unique(attrs[:, column], return_inverse=True)
            keys[:, column] = numpy.array([classify(w) for w in words.tolist()])[where.ravel()]
        sizes = keys.max(axis=0).tolist()
        if math.prod(size + 1 for size in sizes) < 2**63:
            packed = numpy.zeros(len(doc), dtype=numpy.int64)
            for column, size in enumerate(sizes):
                packed = packed * (size + 1) + keys[:, column]
            _, firsts, where = numpy.unique(packed, return_index=True, return_inverse=True)
        else:
            _, firsts, where = numpy.unique(keys, axis=0, return_index=True, return_inverse=True)
        memo = self.memo
        found = []
        for first, key in zip(firsts.tolist(), keys[firsts].tolist(), strict=True):
            row = memo.get(tuple(key))
            if row is None:
                row = memo[tuple(key)] = self._decide(doc, first)
            found.append(row)
        return numpy.array(found)[where.ravel()]

    def _decide(self, doc: Doc, i: int) -> int:
        """Add a memo row for token ``i``: the token patterns it matches and the final value of
        each column by the single-token rules. Returns the row's number."""
        matches = self.matcher(doc[i : i + 1], allow_missing=True)
        specs = {self.spec_numbers[m] for m, _, _ in matches}
        winner = [-1] * len(self.columns)
        value = [0] * len(self.columns)
        for rule in self.single:  # in precedence order
            if rule.specs[0] in specs:
                for column, set_value in rule.sets:
                    winner[column] = rule.number
                    value[column] = set_value
        self.matched.append([number in specs for number in range(len(self.spec_numbers))])
        self.winner.append(winner)
        self.value.append(value)
        self.tables = None
        return len(self.matched) - 1

    def _tables(self) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """The memo rows as arrays: matched (bool), winner (int64) and value (uint64)."""
        if self.tables is None:
            self.tables = (
                numpy.array(self.matched, dtype=bool),
                numpy.array(self.winner, dtype=numpy.int64),
                numpy.array(self.value, dtype=numpy.uint64),
            )
        return self.tables


def _word_class(vocab: Vocab, values: list[Any], is_string: bool) -> Callable[[int], int]:
    """A function from an attribute value (an ID or string hash) to a small number for what the
    patterns can tell about it: values with the same number match the same patterns.

    values: what the patterns give for this attribute (a word, or ``{"IN": [...]}``,
    ``{"REGEX": ...}``, ...). For a string attribute where every one is a word, a word list or a
    regex, words the patterns do not name fall into classes by their regex outcomes; otherwise
    each value is its own class.
    """
    named: set[str] = set()
    regexes: list[re.Pattern[str]] = []
    for value in values:
        if not is_string:
            break
        if isinstance(value, str):
            named.add(value)
            continue
        for predicate, argument in value.items():
            if predicate in LITERAL_PREDICATES:
                named.update(argument)
            elif predicate == "REGEX":
                regexes.append(re.compile(argument))
            else:
                is_string = False
    named_ids = {vocab.strings.add(word) for word in named}
    numbers: dict[object, int] = {}  # a class (a value, or regex outcomes) → its number
    classes: dict[int, int] = {}  # value → number of its class

    def classify(word: int) -> int:
        known = classes.get(word)
        if known is None:
            if not is_string or word in named_ids:
                cls: object = word
            else:
                cls = tuple(bool(r.search(vocab.strings[word])) for r in regexes)
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


def load_fast(name: str, int8: bool = False) -> Language:
    """``spacy.load(name)`` with NumPy matrix products on one BLAS thread, the memoised
    components (see the module docstring) and the faster layer forwards (``layers``); with
    ``int8``, the Maxout layers' matrix products in 8 bits (``quantize``)."""
    threadpool_limits(1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = speed_up(spacy.load(name))
    speed_up_layers(nlp)
    if int8:
        quantize_maxouts(nlp)
    return nlp
