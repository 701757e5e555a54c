"""How closely two spaCy pipelines agree on the same texts (used to check the 8-bit encoders)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language


@dataclass(frozen=True)
class Agreement:
    """Shares of agreement of a candidate pipeline with a reference one.

    ``tag``, ``head`` and ``dep``: share of tokens with the same fine tag, head and dependency
    label; ``entity_precision`` and ``entity_recall``: the candidate's entities (start, end,
    label) against the reference's; ``sentences``: share of texts with the same sentence starts.
    """

    texts: int
    tokens: int
    tag: float
    head: float
    dep: float
    entity_precision: float
    entity_recall: float
    sentences: float


def agreement(reference: Language, candidate: Language, texts: Sequence[str]) -> Agreement:
    """Parse ``texts`` with both pipelines and measure how often ``candidate`` agrees with
    ``reference``. The two must tokenise alike (the same model in two precisions does)."""
    tag = head = dep = tokens = both = expected_count = got_count = same_sentences = 0
    for expected, got in zip(reference.pipe(texts), candidate.pipe(texts), strict=True):
        for a, b in zip(expected, got, strict=True):
            tokens += 1
            tag += a.tag_ == b.tag_
            head += a.head.i == b.head.i
            dep += a.dep_ == b.dep_
        expected_entities = {(e.start, e.end, e.label_) for e in expected.ents}
        got_entities = {(e.start, e.end, e.label_) for e in got.ents}
        both += len(expected_entities & got_entities)
        expected_count += len(expected_entities)
        got_count += len(got_entities)
        same_sentences += [s.start for s in expected.sents] == [s.start for s in got.sents]
    return Agreement(
        texts=len(texts),
        tokens=tokens,
        tag=tag / max(tokens, 1),
        head=head / max(tokens, 1),
        dep=dep / max(tokens, 1),
        entity_precision=both / max(got_count, 1),
        entity_recall=both / max(expected_count, 1),
        sentences=same_sentences / max(len(texts), 1),
    )
