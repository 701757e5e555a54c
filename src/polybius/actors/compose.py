"""Composing matched atoms into actor mentions: "Russian" + "troops" → Russia's military.

A *chain* is a run of atoms in one sentence joined only by glue (a possessive, "of", a hyphen,
or modifiers of the next atom, as the dependency parse shows). Each chain becomes one
``Candidate``: the country comes from the person, organisation or place in it, the sector from its
sector noun, title, person or organisation, and an office title with a country and a date names
the office holder ("the Belarusian leader" on 2023-02-27 is Alexander Lukashenko).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from polybius.actors.kb import Entry, KnowledgeBase
from polybius.actors.matcher import Atom
from polybius.actors.text import Text
from polybius.model import Actor

POSSESSIVE = {"'s", "'", "’s", "’"}
PEOPLE = {"person", "ner_person"}
ORGS = {"org", "ner_org"}
PLACES = {"state", "group", "group_adj", "city"}
MAX_MODIFIERS = 3
PLURAL_TAGS = {"NNS", "NNPS"}
# Country codes that are not one state: a place word before them names the national branch.
SUPRANATIONAL = {"IGO", "NGO", "IMG"}
NO_COUNTRY_SECTORS = {"NGO": "NGO"}
LOCATIVE_PREPOSITIONS = {"in", "at", "near", "across", "inside", "outside", "throughout"}
DETERMINERS = {"the", "this", "these", "those", "that", "both"}
DESCRIPTION_KINDS = {"agent", "title", "leader", "country_noun"}


@dataclass
class Candidate:
    """A chain resolved as far as it goes without the rest of the article.

    start/end: token offsets; country "" means the context must supply it.
    person_like: refers to one person (a name, or a singular title/leader noun);
    plural: refers to a group of people or several actors; definite: "the ...".
    title: the office title in the chain, if any; head: the lower-cased head words.
    """

    start: int
    end: int
    name: str = ""
    country: str = ""
    sector: str = ""
    code: str = ""
    kb_id: str = ""
    why: list[str] = field(default_factory=list)
    person_like: bool = False
    plural: bool = False
    definite: bool = False
    title: str = ""
    head: str = ""
    kinds: tuple[str, ...] = ()
    place_form: str = ""
    locative: bool = False
    refers_to: str = ""

    @property
    def has_country(self) -> bool:
        return bool(self.country)

    def actor(self) -> Actor:
        code = self.code or self.country + self.sector
        return Actor(self.name or self.head, code, self.country, self.sector, self.kb_id)


def _ethnic(doc: Text, atom: Atom, kb: KnowledgeBase) -> bool:
    return atom.start >= 1 and doc[atom.start - 1].lower_ in kb.ethnic_words


def _is_foreign(doc: Text, atom: Atom, kb: KnowledgeBase) -> bool:
    """A place written as a backer ("pro-Iranian", "Iranian-backed") or an ethnic group
    ("ethnic Albanians") does not give its country."""
    before = doc[atom.start - 2 : atom.start] if atom.start >= 2 else []
    after = doc[atom.end : atom.end + 2]
    if _ethnic(doc, atom, kb):
        return True
    if len(before) == 2 and before[1].text == "-" and before[0].lower_ in kb.foreign_before:
        return True
    return len(after) == 2 and after[0].text == "-" and after[1].lower_ in kb.foreign_after


def _glue_ok(doc: Text, prev: Atom, nxt: Atom, kb: KnowledgeBase) -> bool:
    if "country_noun" in {prev.kind, nxt.kind}:
        return False
    gap = doc[prev.end : nxt.start]
    if (
        prev.kind in PLACES
        and len(gap) == 2
        and gap[0].text == "-"
        and gap[1].lower_ in kb.foreign_after
    ):
        return nxt.kind not in PLACES  # "Iranian-backed militias"
    has_of = False
    modifiers = 0
    for i, tok in enumerate(gap):
        text, lower = tok.text, tok.lower_
        if text in POSSESSIVE or tok.tag_ == "POS":
            continue
        if lower == "of" and prev.start <= tok.head.i < prev.end:
            has_of = True
            continue
        if lower == "the" and i > 0 and gap[i - 1].lower_ == "of":
            continue
        if text == "-" and prev.kind not in PLACES and nxt.kind not in PLACES:
            continue
        if tok.pos_ in {"ADJ", "NOUN", "PROPN", "NUM"} and tok.head.i > tok.i:
            modifiers += 1
            continue
        if text == "-" and gap[i - 1 : i] and gap[i - 1].pos_ in {"ADJ", "NOUN", "ADP"}:
            continue
        return False
    if modifiers > MAX_MODIFIERS:
        return False
    return _transition_ok(doc, prev, nxt, gap, has_of)


def _transition_ok(doc: Text, prev: Atom, nxt: Atom, gap: object, has_of: bool) -> bool:
    possessive = any(t.text in POSSESSIVE or t.tag_ == "POS" for t in gap)  # type: ignore[attr-defined]
    if prev.kind in PLACES and nxt.kind in PLACES:
        forms = {p.form for a in (prev, nxt) for p in a.phrases}
        if has_of:  # "Albanians of southern Serbia"
            return prev.phrase is not None and prev.phrase.form == "people"
        return not len(gap) and forms <= {"adj", "people", ""}  # type: ignore[arg-type]
    if nxt.kind in PLACES:
        return has_of
    if prev.kind in PEOPLE:
        return possessive and nxt.kind in {"agent", "title"}
    if nxt.kind in PEOPLE and prev.kind in PEOPLE:
        return False
    if prev.kind in ORGS and nxt.kind in ORGS:
        return possessive
    return True


def chains(doc: Text, atoms: list[Atom], kb: KnowledgeBase) -> list[list[Atom]]:
    """Group consecutive atoms of one sentence that read as one actor phrase."""
    out: list[list[Atom]] = []
    for atom in atoms:
        if (
            out
            and doc.sentence_of(out[-1][-1].start) == doc.sentence_of(atom.start)
            and _glue_ok(doc, out[-1][-1], atom, kb)
        ):
            out[-1].append(atom)
        else:
            out.append([atom])
    return out


def determiner(doc: Text, start: int) -> int | None:
    """Index of the determiner before ``start`` ("the", "these two"), skipping numbers and
    adjectives; None when the phrase has none."""
    i = start - 1
    while i >= 0 and (doc[i].like_num or doc[i].pos_ == "ADJ"):
        i -= 1
    if i >= 0 and doc[i].lower_ in DETERMINERS:
        return i
    return None


def pick_person(entries: list[Entry], day: dt.date | None, title: str = "") -> Entry:
    """Among people sharing a name, the one in office on ``day`` (with ``title`` if given)."""
    if day is not None:
        for entry in entries:
            if entry.term_at(day, title or None):
                return entry
        for entry in entries:
            if entry.term_at(day):
                return entry
        started = [e for e in entries if e.terms and min(t.start for t in e.terms) <= day]
        if started:
            return max(started, key=lambda e: max(t.start for t in e.terms))
    return entries[0]


def _person_sector(entry: Entry, day: dt.date | None) -> tuple[str, str]:
    if entry.sector:
        return entry.sector, f"{entry.name}: {entry.sector} in the knowledge base"
    if not entry.terms:
        return "GOV", f"{entry.name}: official in the knowledge base"
    term = entry.term_at(day)
    if term is not None:
        return "GOV", f"{entry.name}: {term.title} on {day}"
    if day is None:
        return "GOV", f"{entry.name}: office holder (no date to check the term)"
    return "ELI", f"{entry.name}: not in office on {day} (elite)"


def resolve_chain(
    doc: Text, chain: list[Atom], kb: KnowledgeBase, day: dt.date | None
) -> Candidate:
    """Resolve one chain as far as the chain itself allows (country may stay empty)."""
    cand = Candidate(chain[0].start, chain[-1].end, kinds=tuple(a.kind for a in chain))
    det = determiner(doc, cand.start)
    cand.definite = det is not None
    if det is not None and set(cand.kinds) <= DESCRIPTION_KINDS:
        cand.start = det
    last = doc[cand.end - 1]
    cand.head = doc.span(cand.start, cand.end).lower()
    cand.locative = last.dep_ == "pobj" and last.head.lower_ in LOCATIVE_PREPOSITIONS
    if chain[0].kind == "country_noun" and chain[0].phrase:
        cand.refers_to = chain[0].phrase.ref
    places, foreign, orgs, unknown_orgs, people, titles, agents = [], [], [], [], [], [], []
    for atom in chain:
        kind = atom.kind
        if kind in PLACES:
            (foreign if _is_foreign(doc, atom, kb) else places).append(atom)
        elif kind == "org":
            orgs.append(atom)
        elif kind == "ner_org":
            unknown_orgs.append(atom)
        elif kind in PEOPLE:
            people.append(atom)
        elif kind == "title":
            titles.append(atom)
        elif kind in {"agent", "leader"}:
            agents.append(atom)
    if foreign and len(foreign) == len(chain) and not _ethnic(doc, foreign[0], kb):
        places, foreign = foreign, []  # "the US-led war": the place stands for itself
    specific = [a for a in agents if a.phrase and not a.phrase.generic]
    if foreign:
        cand.why.append(
            f"'{doc.span(foreign[0].start, foreign[0].end)}' names a backer, not the actor"
        )

    # --- who: a known person, or an office holder named by title + country + date
    person: Entry | None = None
    title_key = titles[-1].phrase.ref if titles and titles[-1].phrase else ""
    cand.title = title_key
    if people and people[0].kind == "person":
        entries = [kb.entry(p.ref) for p in people[0].phrases if p.kind == "person"]
        person = pick_person(entries, day, title_key)
        cand.why.append(f"'{doc.span(people[0].start, people[0].end)}' is {person.name}")
    elif people:
        cand.name = doc.span(people[0].start, people[0].end)
        cand.why.append(f"'{cand.name}' is a person the knowledge base does not know")

    # --- country
    org = kb.entry(orgs[-1].phrase.ref) if orgs and orgs[-1].phrase else None
    if org is not None:
        cand.why.append(f"'{doc.span(orgs[-1].start, orgs[-1].end)}' is {org.name} ({org.code})")
    place = kb.entry(places[0].phrase.ref) if places and places[0].phrase else None
    if person is not None:
        cand.country = person.country
    elif org is not None and (org.country not in SUPRANATIONAL or place is None):
        cand.country = org.country
    elif place is not None:
        residence = _residence(doc, chain, places)
        if residence is not None and residence.phrase:
            place = kb.entry(residence.phrase.ref)
            where = doc.span(residence.start, residence.end)
            cand.why.append(f"people living in '{where}' → {place.country}")
        else:
            where = doc.span(places[0].start, places[0].end)
            cand.why.append(f"'{where}' → {place.country}")
        cand.country = place.country
        cand.place_form = places[0].phrase.form if places[0].phrase else ""

    # --- sector: the part before "of" is the head ("supporters of President X" are supporters)
    head_part = _head_part(doc, chain)
    if len(head_part) < len(chain):
        head_ids = {id(a) for a in head_part}
        head_specific = [a for a in specific if id(a) in head_ids]
        head_titles = [a for a in titles if id(a) in head_ids]
        if head_specific or head_titles:
            specific, titles = head_specific, head_titles
    former = any(_is_former(doc, a, kb) for a in titles)
    if former:
        cand.sector = "ELI"
        cand.why.append("a former office holder → ELI")
    elif specific:
        cand.sector = specific[-1].phrase.ref if specific[-1].phrase else ""
        cand.why.append(
            f"'{doc.span(specific[-1].start, specific[-1].end)}' → sector {cand.sector}"
        )
    elif titles:
        cand.sector = "GOV"
        cand.why.append(f"title '{doc.span(titles[-1].start, titles[-1].end)}' → GOV")
    elif person is not None:
        cand.sector, reason = _person_sector(person, day)
        cand.why.append(reason)
    elif org is not None:
        cand.sector = org.sector
    elif unknown_orgs and unknown_orgs[-1].phrase:
        cand.sector = unknown_orgs[-1].phrase.ref
        cand.name = cand.name or doc.span(unknown_orgs[-1].start, unknown_orgs[-1].end)
        cand.why.append(f"'{cand.name}' is an organisation the knowledge base does not know")
    elif agents and agents[-1].phrase:
        cand.sector = agents[-1].phrase.ref or "GOV"
        cand.why.append(f"'{doc.span(agents[-1].start, agents[-1].end)}' → sector {cand.sector}")
    elif place is not None and place.sector:
        cand.sector = place.sector
        cand.code = place.code
    elif places and places[-1].phrase or foreign and foreign[-1].phrase:
        form = (places or foreign)[-1].phrase.form  # type: ignore[union-attr]
        if places and places[0].phrase and places[0].phrase.form == "people":
            form = "people"  # the head of "Albanians of southern Serbia"
        if form in {"capital", "seat"}:
            cand.sector = "GOV"
            cand.why.append(f"{form} stands for the government")
        elif form == "people":
            cand.sector = "CVL"
            cand.why.append("the people of a country → CVL")
        elif form == "city":
            cand.sector = "CVL"
            cand.name = doc.span((places or foreign)[-1].start, (places or foreign)[-1].end)
            cand.why.append(f"a city of {cand.country} (GeoNames) → its people, CVL")

    # --- office holder named by title or leader noun
    leader_noun = "leader" in cand.kinds
    singular = last.tag_ not in PLURAL_TAGS
    cand.plural = not singular and not people
    wants_holder = (titles or leader_noun) and not former
    if person is None and not people and singular and cand.country and wants_holder:
        wanted = title_key or kb.leader_title(cand.country)
        holders = kb.holders(cand.country, wanted, day, org.kb_id if org else "")
        if holders:
            person = holders[0]
            cand.why.append(f"{wanted} of {cand.country} on {day}: {person.name}")
    cand.person_like = bool(people) or (singular and bool(titles or leader_noun))

    if cand.sector in NO_COUNTRY_SECTORS and not cand.country:
        cand.country = NO_COUNTRY_SECTORS[cand.sector]
    _name(cand, kb, person, org, place)
    return cand


def _head_part(doc: Text, chain: list[Atom]) -> list[Atom]:
    """The atoms before the first "of" that joins two of them (the whole chain if none)."""
    for i in range(1, len(chain)):
        if any(t.lower_ == "of" for t in doc[chain[i - 1].end : chain[i].start]):
            return chain[:i]
    return chain


def _residence(doc: Text, chain: list[Atom], places: list[Atom]) -> Atom | None:
    """ "Albanians of southern Serbia": a people noun, then "of" a state, names residents."""
    head = _head_part(doc, chain)
    if len(head) == len(chain) or not all(
        a.kind == "state" and a.phrase and a.phrase.form == "people" for a in head
    ):
        return None
    tail = [a for a in places if a not in head and a.kind == "state"]
    return tail[0] if tail else None


def _is_former(doc: Text, atom: Atom, kb: KnowledgeBase) -> bool:
    """ "former President", "ex-president": a title held in the past."""
    before = [t.lower_ for t in doc[max(atom.start - 3, 0) : atom.start] if t.text != "-"]
    return bool(before) and any(w in kb.former_words for w in before[-2:])


def _name(
    cand: Candidate,
    kb: KnowledgeBase,
    person: Entry | None,
    org: Entry | None,
    place: Entry | None,
) -> None:
    """Fill name, kb_id and code from the most specific entry."""
    if person is not None:
        cand.name, cand.kb_id = person.name, person.kb_id
        cand.country = cand.country or person.country
    elif org is not None:
        cand.name = cand.name or org.name
        cand.kb_id = org.kb_id
        if cand.country == org.country and cand.sector == org.sector:
            cand.code = org.code
    elif place is not None and not cand.name:
        label = kb.sector_names.get(cand.sector, "")
        own = not cand.sector or cand.sector == place.sector
        cand.name = place.name if own else f"{place.name} {label}".strip()
        cand.kb_id = place.kb_id
    if not cand.code and cand.country:
        cand.code = cand.country + cand.sector
