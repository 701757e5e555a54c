"""What the parse says about a time expression: its clause, that clause's tense, its role.

Tense comes from spaCy's Penn Treebank tags and the dependency tree: a modal such as "will" or
"could" makes a clause future; the complement of a scheduling head ("is scheduled to leave",
"is going to visit", "is due to travel") is future; present progressive ("is visiting") looks
ahead; ``VBD`` and a bare past participle are past; "has/have" + participle is ``perfect`` (an
indefinite past); ``VBZ``/``VBP`` is ``present``. An infinitive or participle without its own cue
takes the tense of the clause it depends on.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Span, Token

from polybius.temporal.rules import Lexicon

Tense = Literal["past", "perfect", "present", "future", "unknown"]

VERBAL = {"VERB", "AUX"}
CLAUSE_DEPS = {"ROOT", "relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "conj", "pcomp"}
SUBORDINATE_DEPS = {"relcl", "acl", "advcl"}
PRESENT_TAGS = {"VBZ", "VBP"}
MAX_DEPTH = 64


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the tree, or None for a verbless fragment."""
    for _ in range(MAX_DEPTH):
        if token.pos_ in VERBAL:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def clause_head(token: Token) -> Token:
    """The verb heading the clause that holds ``token`` (an ``xcomp`` stays in its parent's
    clause); the sentence root when there is no verb above it."""
    for _ in range(MAX_DEPTH):
        if token.head.i == token.i or (token.pos_ in VERBAL and token.dep_ in CLAUSE_DEPS):
            return token
        token = token.head
    return token


def expression_clause(span: Span) -> Token:
    """The clause a time expression belongs to.

    Like ``clause_head`` of its root, except that an expression the parser hung on a reported
    clause while it stands before that clause's subject ("said on Monday it would strike") is
    given back to the reporting verb, where the words place it.
    """
    head = clause_head(span.root)
    if head.dep_ != "ccomp" or span.start <= head.head.i:
        return head
    subjects = [c.i for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if subjects and span.end <= min(subjects):
        return clause_head(head.head)
    return head


def clause_ancestors(head: Token) -> list[Token]:
    """The clause heads above the clause headed by ``head``, nearest first."""
    chain = []
    token = head
    for _ in range(MAX_DEPTH):
        if token.head.i == token.i:
            break
        token = clause_head(token.head)
        chain.append(token)
    return chain


def conjoined(first: Token, second: Token) -> bool:
    """Whether two clause heads are coordinated ("will hand over ... and will return ...")."""
    return (
        (first.dep_ == "conj" and first.head.i == second.i)
        or (second.dep_ == "conj" and second.head.i == first.i)
        or (first.dep_ == "conj" and second.dep_ == "conj" and first.head.i == second.head.i)
    )


def in_main_clause(token: Token) -> bool:
    """False when ``token`` sits in a relative, adjectival or adverbial clause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in SUBORDINATE_DEPS:
            return False
    return True


def is_bound(span: Span, lexicon: Lexicon) -> bool:
    """Whether the expression is introduced by a bounding preposition ("since 2015",
    "before the end of winter", "until Friday"): a limit of the event, not its time."""
    if span[0].lower_ in lexicon.bound_prepositions:
        return True
    head = span.root.head
    return (
        head.i != span.root.i and head.dep_ == "prep" and head.lower_ in lexicon.bound_prepositions
    )


def tense(verb: Token | None, lexicon: Lexicon) -> Tense:
    """The tense of the clause headed by ``verb`` (see the module docstring)."""
    for _ in range(MAX_DEPTH):
        if verb is None:
            return "unknown"
        auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.tag_ == "MD" and a.lower_ in lexicon.future_auxiliaries for a in auxiliaries):
            return "future"
        if verb.dep_ == "xcomp" and verb.head.lemma_ in lexicon.future_heads:
            return "future"
        if verb.lemma_ in lexicon.future_heads and verb.tag_ in ("VBN", "JJ"):
            return "future"
        if any(a.lemma_ == "have" and a.tag_ in PRESENT_TAGS for a in auxiliaries):
            return "perfect"
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries):
            return "past"
        present_auxiliary = any(a.tag_ in PRESENT_TAGS for a in auxiliaries)
        if verb.tag_ == "VBN":
            return "present" if present_auxiliary else "past"
        if verb.tag_ == "VBG" and present_auxiliary:
            return "future"
        if verb.tag_ in PRESENT_TAGS or present_auxiliary:
            return "present"
        if verb.head.i == verb.i:
            return "unknown"
        verb = governing_verb(verb.head)
    return "unknown"


def looks_back(clause_tense: Tense) -> bool:
    """Whether a bare weekday or month in a clause of this tense is the last one (news reports
    the past by default), not the next one."""
    return clause_tense in ("past", "perfect", "unknown")
