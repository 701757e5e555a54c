"""Finding time expressions in a parsed document with spaCy's ``Matcher``.

The patterns come from ``data/patterns.yaml`` (see ``rules.py``). One ``Matcher`` is built per
vocabulary and rules, and reused: matching runs over the document spaCy has already parsed, so
finding dates costs a few tens of microseconds per sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from polybius.temporal.rules import PatternGroup, Rules


@dataclass(frozen=True)
class Match:
    """One time expression: its span of the document, its kind and whether it carries."""

    span: Span
    label: str
    carry: bool


class Detector:
    """A Matcher over one vocabulary holding every pattern group of ``rules``."""

    def __init__(self, vocab: Vocab, rules: Rules) -> None:
        self.matcher = Matcher(vocab)
        self.groups: dict[int, PatternGroup] = {}
        for group in rules.groups:
            self.matcher.add(group.key, [list(p) for p in group.patterns])
            self.groups[vocab.strings[group.key]] = group

    def __call__(self, doc: Doc) -> list[Match]:
        """The expressions of ``doc``, longest first where matches overlap, in text order."""
        by_span: dict[tuple[int, int], PatternGroup] = {}
        spans = []
        for key, start, end in self.matcher(doc):
            span = doc[start:end]
            by_span.setdefault((start, end), self.groups[key])
            spans.append(span)
        return [
            Match(span, by_span[span.start, span.end].label, by_span[span.start, span.end].carry)
            for span in sorted(filter_spans(spans), key=lambda s: s.start)
        ]


_detectors: dict[tuple[int, int], tuple[Vocab, Rules, Detector]] = {}


def detector(vocab: Vocab, rules: Rules) -> Detector:
    """The cached detector for ``vocab`` and ``rules`` (built on first use)."""
    key = (id(vocab), id(rules))
    if key not in _detectors:
        _detectors[key] = (vocab, rules, Detector(vocab, rules))
    return _detectors[key][2]
