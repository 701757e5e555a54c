"""Negation and modality of a trigger: asserted, future, hypothetical or reported.

The predicate of an event (the trigger verb, or the light verb of a nominal trigger) is read
together with its governors up the clause: auxiliaries ("will", "might"), governing verbs
("is scheduled to", "fears that", "failed to"), conditional clauses ("if", "unless") and
reporting verbs ("said that").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from polybius.events.arguments import Tree
from polybius.events.frames import Cues

GOVERNOR_DEPS = frozenset({"xcomp", "acomp", "ccomp", "acl", "pcomp", "prep", "pobj", "attr"})
REPORTED_DEPS = GOVERNOR_DEPS | {"advcl", "conj"}
MAX_CHAIN = 6


@dataclass(frozen=True)
class Reading:
    """What the grammar around a predicate says.

    negated: the act is denied ("did not", "failed to", "never").
    modality: ``asserted``, ``future`` or ``hypothetical`` (``reported`` is decided by the coder,
    which knows the speaker and the source).
    reporter: the reporting verb the act is embedded under, if any.
    obligation: the predicate or a governor carries "must"/"should".
    conditional: the act is the condition of another ("if", "unless").
    capacity: the act is a capacity ("the ability to strike"), not an act.
    has_condition: the act depends on a condition ("will withdraw unless ...").
    cue: the word that decided the modality or negation, for ``why``.
    """

    negated: bool
    modality: str
    reporter: Token | None
    obligation: bool
    conditional: bool
    capacity: bool
    has_condition: bool
    cue: str


def chain(predicate: Token, deps: frozenset[str] = GOVERNOR_DEPS) -> list[Token]:
    """The predicate and its governors up to the clause that embeds it (at most ``MAX_CHAIN``)."""
    tokens = [predicate]
    token = predicate
    while token.dep_ in deps and token.head.i != token.i and len(tokens) < MAX_CHAIN:
        token = token.head
        tokens.append(token)
    return tokens


def _reporter(predicate: Token, cues: Cues) -> Token | None:
    """The reporting verb whose content holds the act, also across adverbial clauses ("said that
    while the US is pouring weapons in, China is promoting talks")."""
    for token in chain(predicate, REPORTED_DEPS)[1:]:
        if token.lemma_.lower() in cues.reporting_verbs:
            return token
    return None


def _aux_words(children: list[Token]) -> list[str]:
    return [c.lower_ for c in children if c.dep_ in ("aux", "auxpass")]


def read(predicate: Token, cues: Cues, tree: Tree) -> Reading:
    """Negation and modality of the act whose predicate is ``predicate`` in ``tree``."""
    negated, modality, cue = False, "asserted", ""
    reporter: Token | None = None
    obligation = conditional = capacity = False
    tokens = chain(predicate)
    children = [tree.children(t) for t in tokens]
    for position, token in enumerate(tokens):
        governed = position > 0
        lemma = token.lemma_.lower()
        if lemma in cues.reporting_verbs and governed:
            reporter = token
            break
        for child in children[position]:
            if child.dep_ == "neg" or (
                child.dep_ in ("det", "advmod", "preconj") and child.lower_ in cues.negation_words
            ):
                negated, cue = not negated, child.text
        if governed and lemma in cues.capacity_governors:
            capacity = True
        if governed and lemma in cues.negating_governors:
            negated, cue = not negated, token.text
        mark = next(
            (
                c
                for c in children[position]
                if c.dep_ == "mark" and c.lower_ in cues.conditional_marks
            ),
            None,
        )
        if mark is not None:
            conditional, cue = True, mark.text
        auxes = _aux_words(children[position])
        obligation = obligation or any(w in cues.obligation_auxiliaries for w in auxes)
        if modality == "asserted":
            if any(w in cues.hypothetical_auxiliaries for w in auxes):
                modality = "hypothetical"
                cue = next(w for w in auxes if w in cues.hypothetical_auxiliaries)
            elif any(w in cues.future_auxiliaries for w in auxes):
                modality, cue = "future", next(w for w in auxes if w in cues.future_auxiliaries)
            elif governed and lemma in cues.hypothetical_governors:
                modality, cue = "hypothetical", token.text
            elif (governed or token.pos_ == "ADJ") and lemma in cues.future_governors:
                modality, cue = "future", token.text
    if reporter is None:
        reporter = _reporter(predicate, cues)
    if modality == "future" and cue in cues.past_future_auxiliaries and reporter is None:
        modality = "hypothetical"
    has_condition = any(
        c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ in cues.conditional_marks for m in tree.children(c))
        for kids in children[:2]
        for c in kids
    )
    return Reading(
        negated, modality, reporter, obligation, conditional, capacity, has_condition, cue
    )
