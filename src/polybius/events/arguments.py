"""Who did it and to whom: walking spaCy's dependency parse from a trigger to its actors.

Actors come from the mentions the actors stage found; this module only decides which syntactic
argument of a trigger is the source and which the target, and which mention stands for that
argument (the mention on the argument's head word, or inside its noun phrase: "the Turkish and
Greek sides" → Turkish, Greek; "leaders of Romania's government" → Romania).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import DEP, HEAD, IDX
from spacy.tokens import Doc, Token

from polybius.model import Mention

PHRASE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "nummod"})
PHRASE_PREPS = frozenset({"of"})
OWNER_PREPS = frozenset({"of", "from", "by"})
PLACE_PREPS = frozenset({"in", "from", "of"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "acomp", "oprd"})
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom"})
MAX_PHRASE_DEPTH = 3
MAX_CLIMB = 8


@dataclass(frozen=True)
class Argument:
    """A resolved argument: the mentions it names, the role it was found in, and its head word."""

    mentions: tuple[Mention, ...]
    role: str
    head: Token | None = None


NO_ARGUMENT = Argument((), "")


class Tree:
    """The dependency tree of one document, each word's children read from spaCy once.

    ``Token.children`` walks the word's subtree and builds a new ``Token`` for every child on each
    call; the coder visits the same words' children for every trigger, role and phrase it tries.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._children: dict[int, list[Token]] = {}
        self._coordinated = _coordinated_words(doc)

    def children(self, token: Token) -> list[Token]:
        """The children of ``token``, in document order (as ``token.children`` yields them)."""
        found = self._children.get(token.i)
        if found is None:
            found = self._children[token.i] = list(token.children)
        return found

    def conjuncts(self, i: int) -> tuple[Token, ...]:
        """The words coordinated with word ``i`` (``Token.conjuncts``, read only for the words
        of a coordination: most words have none)."""
        return self.doc[i].conjuncts if i in self._coordinated else ()


def _coordinated_words(doc: Doc) -> frozenset[int]:
    """The words whose ``Token.conjuncts`` are not empty: each conjunct (dependency ``conj``)
    and each word with a conjunct to its right, which is where spaCy looks for them."""
    if not len(doc):
        return frozenset()
    is_conj = doc.to_array(DEP) == doc.vocab.strings["conj"]
    heads = doc.to_array(HEAD).astype(numpy.int64)  # offsets to the head, stored unsigned
    conjuncts = numpy.flatnonzero(is_conj)
    left_heads = (conjuncts + heads[conjuncts])[heads[conjuncts] < 0]
    return frozenset(conjuncts.tolist()) | frozenset(left_heads.tolist())


class ActorIndex:
    """The mentions of one document, looked up by token; ``tree`` is the document's ``Tree``."""

    def __init__(
        self, doc: Doc, mentions: Iterable[Mention], skip: Collection[int] = frozenset()
    ) -> None:
        self.skip = frozenset(skip)
        self.by_token: dict[int, Mention] = {}
        self.by_start: dict[int, Mention] = {}
        # a mention's tokens by its character offsets (hashing a Mention hashes all its fields)
        self.span_of: dict[tuple[int, int], range] = {}
        self.doc = doc
        self.tree = Tree(doc)
        self._phrases: dict[tuple[int, bool], tuple[Mention, ...]] = {}
        starts = doc.to_array(IDX).tolist() if len(doc) else []
        for mention in mentions:
            self.by_start.setdefault(mention.start, mention)
            first = max(0, bisect_right(starts, mention.start) - 1)
            last = bisect_left(starts, mention.end)
            if first in self.skip:
                continue  # a wire dateline ("GENEVA, March 14 (Wire) -") names no actor
            self.span_of.setdefault((mention.start, mention.end), range(first, last))
            for i in range(first, last):
                self.by_token.setdefault(i, mention)

    def at(self, token: Token) -> Mention | None:
        """The mention covering ``token``, if any."""
        return self.by_token.get(token.i)

    def starting_at(self, char: int) -> Mention | None:
        """The mention starting at character offset ``char``, if any."""
        return self.by_start.get(char)

    def phrase(self, head: Token, adjectives: bool = True) -> tuple[Mention, ...]:
        """The actors the noun phrase headed by ``head`` names, one per coordinated member.

        "Bosnia and Slovenia" → both; "Palestinian leader Yasser Arafat" → one mention; a phrase
        without a mention of its own yields the nearest mention among its modifiers. Each
        answer is kept: the coder asks for the same phrases for several triggers and roles.
        """
        key = (head.i, adjectives)
        if key not in self._phrases:
            self._phrases[key] = self._read_phrase(head, adjectives)
        return self._phrases[key]

    def _read_phrase(self, head: Token, adjectives: bool) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for member in _coordinated(self.tree, head):
            for mention in self._in_phrase(member, adjectives):
                for one in _members(mention):
                    if one not in found:
                        found.append(one)
        return tuple(found)

    def _with_coordinated(self, mention: Mention, token: Token) -> list[Mention]:
        """``mention`` and the mentions coordinated with any of its words ("A of Armenia and B
        of Azerbaijan": the conjunct hangs from "Armenia"; "A and B" parsed with B as the head)."""
        for prep in self.tree.children(token):
            if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
                continue
            for obj in children(self.tree, prep, "pobj"):
                places = [m for m in map(self.at, _coordinated(self.tree, obj)) if m is not None]
                if len(places) > 1 and places[0].actor.country == mention.actor.country:
                    return places  # "companies in Iran, China and the UAE": one per country
        found = [mention]
        for i in self.span_of.get((mention.start, mention.end), range(token.i, token.i + 1)):
            # conjuncts both ways: a parse that hangs "A and B" from B (after a dateline) still
            # gives both
            for other in self.tree.conjuncts(i):
                extra = self.at(other)
                if extra is not None and extra not in found:
                    found.append(extra)
        return found

    def _in_phrase(self, head: Token, adjectives: bool = True) -> list[Mention]:
        queue: deque[tuple[Token, int]] = deque([(head, 0)])
        while queue:
            token, depth = queue.popleft()
            mention = self.at(token)
            if mention is not None and depth == 0 and (mention.antecedent or token.tag_ == "NNS"):
                appositions = children(self.tree, token, "appos")
                named = [m for a in appositions for m in self._in_phrase(a, adjectives)]
                if named:
                    return named  # "The ministers, A of Armenia and B of Azerbaijan, ..."
            if mention is not None:
                return self._with_coordinated(mention, token)
            if depth >= MAX_PHRASE_DEPTH:
                continue
            for child in self.tree.children(token):
                if child.dep_ == "appos":
                    queue.extend((member, depth + 1) for member in _coordinated(self.tree, child))
                elif child.dep_ in PHRASE_DEPS and _names_someone(child, adjectives):
                    queue.append((child, depth + 1))
                elif child.dep_ == "prep" and child.lower_ in PHRASE_PREPS:
                    queue.extend((obj, depth + 1) for obj in children(self.tree, child, "pobj"))
        return []


def _names_someone(modifier: Token, adjectives: bool = True) -> bool:
    """Whether a modifier can name an actor: a possessive, or a proper noun or (when
    ``adjectives``) a proper adjective ("U.S. officials", "Israeli changes"), not a common word
    ("military aid", "state media")."""
    if modifier.dep_ == "poss" or modifier.pos_ in ("PROPN", "PRON"):
        return True
    if not (modifier.is_title or modifier.is_upper):
        return False
    return adjectives or modifier.pos_ != "ADJ"


def _members(mention: Mention) -> list[Mention]:
    """A mention of several actors ("the two leaders") as one mention per actor."""
    if not mention.members:
        return [mention]
    return [replace(mention, actor=actor, members=()) for actor in mention.members]


def _coordinated(tree: Tree, token: Token) -> Iterator[Token]:
    """``token`` and the tokens coordinated with it ("A, B and C")."""
    yield token
    for child in tree.children(token):
        if child.dep_ == "conj":
            yield from _coordinated(tree, child)


def is_passive(tree: Tree, verb: Token) -> bool:
    """Whether ``verb`` is in the passive voice (has a passive auxiliary or passive subject)."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tree.children(verb))


def agent(tree: Tree, verb: Token) -> Token | None:
    """The object of a passive verb's "by" phrase."""
    for child in tree.children(verb):
        if child.dep_ == "agent":
            return next(iter(children(tree, child, "pobj")), None)
    return None


def subject(tree: Tree, verb: Token, skip: Collection[int] = frozenset()) -> Token | None:
    """The logical subject of ``verb``, climbing through control and coordination.

    "the envoy is expected to travel" → envoy for "travel"; "forces who attacked" → forces;
    "the offer to host a summit" → offer (its owner is then the actor). Tokens in ``skip`` (a
    wire dateline the parser took for a subject) are passed over.
    """
    token = verb
    for _ in range(MAX_CLIMB):
        dateline_subject = None
        for child in tree.children(token):
            if child.i in skip:
                if child.dep_ in SUBJECT_DEPS:
                    dateline_subject = child
                continue
            if child.dep_ in SUBJECT_DEPS or (child.dep_ == "nsubjpass" and token.i != verb.i):
                if child.lower_ in RELATIVE_WORDS and token.dep_ == "relcl":
                    return token.head
                if child.pos_ == "VERB":  # "The Red Cross operating in Iraq said": misparse
                    inner = next((c for c in tree.children(child) if c.dep_ in SUBJECT_DEPS), None)
                    return inner or child
                return child
        if dateline_subject is not None:
            return _after_dateline(dateline_subject, token, skip)
        if token.dep_ in CLIMB_DEPS and token.head.i != token.i:
            token = token.head
        elif token.dep_ == "pcomp" and token.head.head.i != token.head.i:
            token = token.head.head
        elif token.dep_ in ("relcl", "acl"):
            return token.head
        else:
            return None
    return None


def _after_dateline(false_subject: Token, verb: Token, skip: Collection[int]) -> Token | None:
    """The real subject when the parser made a dateline the subject: the first noun after the
    dateline that hangs from it ("GENEVA, March 14 (Wire) - Armenia and Azerbaijan agreed")."""
    doc = verb.doc
    start = max(i for i in skip if false_subject.i <= i < verb.i + 1 or i == false_subject.i) + 1
    for token in doc[start : verb.i]:
        if token.head.i in skip and token.pos_ in ("PROPN", "NOUN", "PRON"):
            return token
    return None


def owners(tree: Tree, noun: Token) -> list[Token]:
    """The words naming who a noun belongs to: possessor, modifiers, of/from/by objects."""
    found = [
        c
        for c in tree.children(noun)
        if c.dep_ in ("poss", "compound", "amod", "nmod") and _names_someone(c)
    ]
    for child in tree.children(noun):
        if child.dep_ in ("prep", "agent") and child.lower_ in OWNER_PREPS:
            found.extend(children(tree, child, "pobj"))
    return found


def condition_subjects(
    tree: Tree, host: Token, marks: frozenset[str], skip: Collection[int] = frozenset()
) -> list[Token]:
    """Subjects of the conditions attached to ``host`` or its complements ("... unless Baghdad
    accepted")."""
    found = []
    for clause in (host, *(c for c in tree.children(host) if c.dep_ in ("xcomp", "ccomp"))):
        for child in tree.children(clause):
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in marks for m in tree.children(child)
            ):
                who = subject(tree, child, skip)
                if who is not None:
                    found.append(who)
    return found


def prep_objects(tree: Tree, host: Token, word: str) -> list[Token]:
    """Objects of the preposition ``word`` attached to ``host`` ("sanctions on Belarus"), and of
    the same preposition coordinated with it ("in the capital and in the city of Lviv")."""
    preps = [
        child
        for child in tree.children(host)
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ == word
    ]
    preps += [c for p in preps for c in tree.children(p) if c.dep_ == "conj" and c.lower_ == word]
    return [obj for prep in preps for obj in children(tree, prep, "pobj")]


def quantified(tree: Tree, noun: Token) -> list[Token]:
    """The nouns a quantity or measure noun is "of" ("10 billion euros of funds for Hungary",
    "dozens of jets around Taiwan"): their prepositions belong to the whole phrase."""
    return [
        obj
        for prep in tree.children(noun)
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for obj in children(tree, prep, "pobj")
    ]


def children(tree: Tree, host: Token, dep: str) -> list[Token]:
    """Children of ``host`` with dependency label ``dep``."""
    return [c for c in tree.children(host) if c.dep_ == dep]
