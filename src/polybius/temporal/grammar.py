"""What the parse says about a time expression: its clause, that clause's tense, its role.

Tense comes from spaCy's Penn Treebank tags and the dependency tree: a modal such as "will" or
"could" makes a clause future; the complement of a scheduling head ("is scheduled to leave",
"is going to visit", "is due to travel") is future; present progressive ("is visiting") looks
ahead; ``VBD`` and a bare past participle are past; "has/have" + participle is ``perfect`` (an
indefinite past); ``VBZ``/``VBP`` is ``present``. An infinitive or participle without its own cue
takes the tense of the clause it depends on, and so does a participle modifying a noun ("the
summit, held in Uzbekistan last September, was ...", "will join a strike called for Friday").
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Span, Token

from polybius.temporal.rules import Lexicon

Tense = Literal["past", "perfect", "present", "future", "unknown"]

VERBAL = {"VERB", "AUX"}
CLAUSE_DEPS = {"ROOT", "relcl", "acl", "advcl", "ccomp", "csubj", "parataxis", "conj", "pcomp"}
SUBORDINATE_DEPS = {"relcl", "acl", "advcl"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl", "csubj"}
REPORTED_DEPS = {"ccomp", "conj", "parataxis", "xcomp"}
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
    subjects = [c.i for c in head.children if c.dep_ in SUBJECT_DEPS]
    if subjects and span.end <= min(subjects):
        return clause_head(head.head)
    return head


def reduced_relative_depth(clause: Token, event_clause: Token) -> int | None:
    """How many participial clauses without a subject ("nationals working for a company last
    December", "talks hosted by Turkey on Wednesday") lead down from ``event_clause`` to
    ``clause``; None when ``clause`` is not below it that way (a relative clause with its own
    subject, "who took office on Sunday", dates only itself)."""
    depth = 0
    head = clause
    for _ in range(MAX_DEPTH):
        if head.i == event_clause.i:
            return depth
        has_subject = any(c.dep_ in SUBJECT_DEPS for c in head.children)
        if head.dep_ != "acl" or has_subject or head.head.i == head.i:
            return None
        head = clause_head(head.head)
        depth += 1
    return None


def depth_below(token: Token, head: Token) -> int:
    """How many arcs lead up from ``token`` to ``head`` (an expression hung on the clause's
    verb itself is nearer than one on a complement's object)."""
    depth = 0
    for _ in range(MAX_DEPTH):
        if token.i == head.i or token.head.i == token.i:
            return depth
        token = token.head
        depth += 1
    return depth


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


def is_noun_modifier(span: Span) -> bool:
    """Whether the expression is a bare year modifying a noun ("the 2020 elections", "a 2018
    accord"): it dates that noun, not the event of the clause."""
    root = span.root
    return (
        len(span) == 1
        and root.dep_ in ("compound", "nummod", "amod", "nmod")
        and root.head.pos_ in ("NOUN", "PROPN")
    )


def introducing_preposition(span: Span, lexicon: Lexicon) -> Token | None:
    """The bounding or starting preposition that introduces the expression ("since 2015",
    "before the end of winter"), or None."""
    known = lexicon.bound_prepositions | lexicon.start_prepositions
    if span[0].lower_ in known:
        return span[0]
    head = span.root.head
    if head.i != span.root.i and head.dep_ == "prep" and head.lower_ in known:
        return head
    return None


def shares_parent_time(head: Token, lexicon: Lexicon) -> bool:
    """Whether the adverbial clause headed by ``head`` happens at its parent clause's time: a
    trailing participle without a subject ("fired on people ..., wounding two"), a clause of
    simultaneity ("as they tried to reach the capital") or one a few hours off ("hours after
    men beat a student")."""
    if head.dep_ != "advcl":
        return False
    children = list(head.children)
    if head.tag_ in ("VBG", "VBN") and not any(c.dep_ in SUBJECT_DEPS for c in children):
        return True
    if any(c.dep_ == "mark" and c.lower_ in lexicon.simultaneous_markers for c in children):
        return True
    return any(
        c.dep_ == "npadvmod" and c.lemma_ in lexicon.same_day_measures
        for c in [*children, *(g for c in children for g in c.children)]
    )


def event_clause(anchor: Token, lexicon: Lexicon) -> Token:
    """The clause whose time is the event's: the trigger's clause, or the clause above it when
    the trigger's clause shares that clause's time (``shares_parent_time``)."""
    head = clause_head(anchor)
    for _ in range(MAX_DEPTH):
        if not shares_parent_time(head, lexicon):
            return head
        head = clause_head(head.head)
    return head


def reporting_ancestors(head: Token, lexicon: Lexicon) -> list[int]:
    """Indexes of the clause heads above ``head`` through reported, coordinated or complement
    clauses ("officials said on Saturday [that Russia launched ...]") and clauses sharing their
    parent's time, nearest first; the climb stops at any other relative or adverbial clause,
    whose head's time is not its own."""
    chain = []
    for _ in range(MAX_DEPTH):
        if head.head.i == head.i:
            break
        if head.dep_ not in REPORTED_DEPS and not shares_parent_time(head, lexicon):
            break
        head = clause_head(head.head)
        chain.append(head.i)
    return chain


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
        reduced_relative = verb.dep_ == "acl" and not auxiliaries
        if verb.tag_ == "VBN" and not reduced_relative:
            return "present" if present_auxiliary else "past"
        if verb.tag_ == "VBG" and present_auxiliary:
            return "future"
        if verb.tag_ in PRESENT_TAGS or present_auxiliary:
            return "present"
        if verb.head.i == verb.i:
            return "unknown"
        verb = governing_verb(verb.head)
    return "unknown"


class Tenses:
    """``tense`` for the clauses of one doc, each clause read once: the expressions and the
    events of a sentence often share their clause's verb.

    lexicon: the rules' lexicon. Keyed by token position, so one instance serves one doc only.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._of_verb: dict[int, Tense] = {}

    def __call__(self, verb: Token | None) -> Tense:
        """The tense of the clause headed by ``verb`` ("unknown" for None)."""
        if verb is None:
            return "unknown"
        known = self._of_verb.get(verb.i)
        if known is None:
            known = self._of_verb[verb.i] = tense(verb, self.lexicon)
        return known


def looks_back(clause_tense: Tense) -> bool:
    """Whether a bare weekday or month in a clause of this tense is the last one (news reports
    the past by default), not the next one."""
    return clause_tense in ("past", "perfect", "unknown")
