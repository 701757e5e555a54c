"""Finding knowledge-base phrases in a parsed doc with spaCy's PhraseMatcher.

Two matchers are built once per vocabulary: one on ``LOWER`` for names and nouns, one on
``ORTH`` for abbreviations whose case matters ("US" is not "us"). Overlapping matches are reduced
to the longest, and named-entity spans of people the knowledge base does not know are added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token

from polybius.actors import cities
from polybius.actors.kb import KnowledgeBase, Phrase
from polybius.actors.text import Text

# When two phrases cover exactly the same tokens, the lower number wins.
KIND_PRIORITY = {
    "person": 0,
    "org": 1,
    "state": 2,
    "group": 3,
    "group_adj": 3,
    "title": 4,
    "leader": 5,
    "agent": 6,
    "country_noun": 7,
    "ner_person": 8,
    "pronoun": 9,
    "city": 10,
    "ner_org": 11,
}
NAMED_KINDS = {"person", "org", "state", "group", "group_adj"}
PLACE_LABELS = {"GPE", "LOC"}
REGION_WORDS = {"State", "Province", "Region", "Governorate", "Oblast", "Prefecture"}


class Atom(NamedTuple):
    """A matched phrase: tokens ``[start, end)`` of the doc and every phrase with that text
    (a named tuple: a few hundred are made per article)."""

    start: int
    end: int
    kind: str
    phrases: tuple[Phrase, ...]

    @property
    def phrase(self) -> Phrase | None:
        return self.phrases[0] if self.phrases else None


@dataclass(frozen=True)
class Matchers:
    """The two PhraseMatchers and the phrases behind each match key."""

    lower: PhraseMatcher
    exact: PhraseMatcher
    by_key: dict[int, tuple[Phrase, ...]]
    uncapitalised: dict[int, tuple[Phrase, ...]]


def _needs_capital(phrase: Phrase) -> bool:
    return phrase.kind in NAMED_KINDS and any(c.isupper() for c in phrase.text)


@cache
def _build(nlp: Language, kb: KnowledgeBase) -> Matchers:
    # Phrases are grouped by their matched form; the pattern is tokenized from the phrase as
    # written, since tokenizer exceptions are case-sensitive ("U.N." is one token, "u.n." two).
    groups: dict[tuple[str, bool], list[Phrase]] = defaultdict(list)
    for phrase in kb.phrases:
        text = phrase.text if phrase.exact_case else phrase.text.lower()
        groups[(text, phrase.exact_case)].append(phrase)
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_key: dict[int, tuple[Phrase, ...]] = {}
    uncapitalised: dict[int, tuple[Phrase, ...]] = {}
    keys = list(groups)
    docs = nlp.tokenizer.pipe(groups[key][0].text for key in keys)
    for (text, exact_case), doc in zip(keys, docs, strict=True):
        label = f"actor:{int(exact_case)}:{text}"
        key = nlp.vocab.strings.add(label)
        phrases = sorted(groups[(text, exact_case)], key=lambda p: KIND_PRIORITY[p.kind])
        by_key[key] = tuple(phrases)
        uncapitalised[key] = tuple(p for p in phrases if not _needs_capital(p))
        (exact if exact_case else lower).add(label, [doc])
    return Matchers(lower, exact, by_key, uncapitalised)


def matchers(nlp: Language, kb: KnowledgeBase) -> Matchers:
    """The matchers for ``nlp``'s vocabulary and ``kb`` (built once, then cached)."""
    return _build(nlp, kb)


def _candidates(doc: Text, found: Matchers) -> list[Atom]:
    atoms = []
    for matcher in (found.lower, found.exact):
        for key, start, end in matcher(doc.doc):
            usable = found.by_key[key]
            if len(found.uncapitalised[key]) < len(usable) and not any(
                t.text[:1].isupper() for t in doc[start:end]
            ):
                usable = found.uncapitalised[key]
            if usable:
                atoms.append(Atom(start, end, usable[0].kind, usable))
    return atoms


def _not_regions(doc: Text, atoms: list[Atom]) -> list[Atom]:
    """Drop state names that open the name of a region inside another state ("Niger State" and
    "Kaduna State" are Nigerian states, not Niger)."""
    return [
        a
        for a in atoms
        if not (
            a.kind == "state"
            and a.end < len(doc)
            and doc[a.end].text in REGION_WORDS
            and all(p.form == "name" for p in a.phrases)
        )
    ]


def _longest(atoms: list[Atom]) -> list[Atom]:
    """Greedy longest-first selection of non-overlapping atoms, in text order."""
    ranked = sorted(atoms, key=lambda a: (-(a.end - a.start), KIND_PRIORITY[a.kind], a.start))
    taken: list[Atom] = []
    used: set[int] = set()
    for atom in ranked:
        span = set(range(atom.start, atom.end))
        if span & used:
            continue
        used |= span
        taken.append(atom)
    return sorted(taken, key=lambda a: a.start)


def _with_people(doc: Text, atoms: list[Atom]) -> list[Atom]:
    """Add the PERSON entities the knowledge base does not know.

    An entity made only of knowledge-base phrases is a tagging slip ("Yerevan", "Bosnian Serbs")
    and is ignored. Otherwise names inside it give way ("Michael Jordan" is not Jordan), as do
    titles that do not open it ("Tom King"); a title that opens it stays ("President Dos Santos").
    """
    by_token = {i: a for a in atoms for i in range(a.start, a.end)}
    dropped: set[int] = set()
    added = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        overlapping = {
            id(by_token[i]): by_token[i] for i in range(ent.start, ent.end) if i in by_token
        }
        people = [a for a in overlapping.values() if a.kind == "person"]
        if people and not _surname_in_longer_name(people, ent, overlapping.values()):
            continue
        words = [i for i in range(ent.start, ent.end) if not _is_clitic(doc[i])]
        if all(i in by_token for i in words) and all(
            a.kind in NAMED_KINDS for a in overlapping.values()
        ):
            continue
        covered = set()
        for a in overlapping.values():
            inside = a.start >= ent.start and a.end <= ent.end
            if inside and (a.kind in NAMED_KINDS or a.kind == "person" or a.start > ent.start):
                dropped.add(id(a))
            else:
                covered.update(range(a.start, a.end))
        free = [i for i in range(ent.start, ent.end) if i not in covered]
        if free and free == list(range(free[0], free[-1] + 1)):
            added.append(Atom(free[0], free[-1] + 1, "ner_person", ()))
    added.extend(_repeated_names(doc, by_token, added))
    kept = [a for a in atoms if id(a) not in dropped]
    return sorted(kept + added, key=lambda a: a.start)


def _repeated_names(doc: Text, by_token: dict[int, Atom], people: list[Atom]) -> list[Atom]:
    """Later proper nouns that repeat an unknown person's surname ("Gershkovich denied"), which
    the tagger no longer marks as a person."""
    names = {doc[a.end - 1].text: a.end for a in people if a.end - a.start > 1}
    if not names:
        return []
    taken = {i for a in people for i in range(a.start, a.end)}
    return [
        Atom(tok.i, tok.i + 1, "ner_person", ())
        for tok in doc.proper_nouns()
        if tok.i not in by_token and tok.i not in taken and names.get(tok.text, len(doc)) <= tok.i
    ]


def _is_clitic(token: Token) -> bool:
    """A possessive or punctuation token that a tagger may fold into a name ("Faso's")."""
    return token.tag_ == "POS" or token.is_punct


def _surname_in_longer_name(people: list[Atom], ent: Span, atoms: Iterable[Atom]) -> bool:
    """A one-word known name inside a longer unknown name ("Khan" in "Aftab Ahmad Khan
    Sherpao"): the longer name is someone else."""
    if len(people) != 1 or people[0].end - people[0].start > 1:
        return False
    titled = {i for a in atoms if a.kind == "title" for i in range(a.start, a.end)}
    rest = [i for i in range(ent.start, ent.end) if i not in titled and i != people[0].start]
    return bool(rest)


def _with_cities(doc: Text, atoms: list[Atom], kb: KnowledgeBase) -> list[Atom]:
    """Add place entities the knowledge base does not know but the city list does, and
    one-word "people" that are cities of a state the article names (a tagging slip: "Cizre")."""
    taken = {i for a in atoms for i in range(a.start, a.end)}
    named = {
        kb.alpha2.get(p.ref.removeprefix("state:"), "")
        for a in atoms
        if a.kind == "state"
        for p in a.phrases[:1]
    }
    spans = [
        (ent.start, ent.end, doc.span(ent.start, ent.end), False)
        for ent in doc.ents
        if ent.label_ in PLACE_LABELS and not any(i in taken for i in range(ent.start, ent.end))
    ]
    spans += [
        (a.start, a.end, doc.span(a.start, a.end), True)
        for a in atoms
        if a.kind == "ner_person" and a.end - a.start == 1
    ]
    people = {
        w
        for a in atoms
        if a.kind in {"person", "ner_person"} and a.end - a.start > 1
        for w in doc.span(a.start, a.end).split()
    }
    replaced: set[int] = set()
    added = []
    for start, end, name, slip in spans:
        if name in people:  # "Lai" after "Lai Ching-te" is the person
            continue
        city = cities.find(name, named)
        if city is None or slip and city.country not in named:
            continue
        country = kb.alpha3.get(city.country, "")
        if kb.state(country) is not None:
            phrase = Phrase(name, "city", f"state:{country}", form="city")
            added.append(Atom(start, end, "city", (phrase,)))
            replaced.add(start)
    if not added:
        return atoms
    kept = [a for a in atoms if not (a.kind == "ner_person" and a.start in replaced)]
    return sorted(kept + added, key=lambda a: a.start)


def _with_organisations(doc: Text, atoms: list[Atom]) -> list[Atom]:
    """Organisation entities the knowledge base does not know become one atom each; its sector
    is that of the last specific sector noun inside ("Homeland Union (Conservatives)" → PTY)."""
    by_token = {i: a for a in atoms for i in range(a.start, a.end)}
    dropped: set[int] = set()
    added = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        inside = {id(by_token[i]): by_token[i] for i in range(ent.start, ent.end) if i in by_token}
        if any(a.start < ent.start or a.end > ent.end for a in inside.values()):
            continue
        if any(a.kind not in {"agent", "title", "leader"} for a in inside.values()):
            continue
        words = [i for i in range(ent.start, ent.end) if not _is_clitic(doc[i])]
        if all(i in by_token for i in words):
            continue
        nouns = [a.phrase for a in inside.values() if a.phrase and not a.phrase.generic]
        sector = nouns[-1].ref if nouns and nouns[-1].kind == "agent" else ""
        dropped.update(inside)
        phrase = Phrase(doc.span(ent.start, ent.end), "ner_org", sector)
        added.append(Atom(ent.start, ent.end, "ner_org", (phrase,)))
    if not added:
        return atoms
    kept = [a for a in atoms if id(a) not in dropped]
    return sorted(kept + added, key=lambda a: a.start)


def find_atoms(doc: Text, nlp: Language, kb: KnowledgeBase) -> list[Atom]:
    """The knowledge-base phrases, unknown people and organisations, and known cities of
    ``doc``, non-overlapping, in text order."""
    atoms = _with_people(doc, _not_regions(doc, _longest(_candidates(doc, matchers(nlp, kb)))))
    return _with_organisations(doc, _with_cities(doc, atoms, kb))
