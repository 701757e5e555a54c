"""The actor knowledge base: states, organisations, people in office and sector nouns.

Everything is read once per process from the YAML/CSV files in ``data/`` and, when the
``POLYBIUS_ACTORS_FILE`` environment variable names a YAML file, from that user file too (its
entries add to or override the packaged ones; see ``docs/actors.md``).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("data")
USER_FILE_ENV = "POLYBIUS_ACTORS_FILE"

# Kinds of phrase a pattern stands for (the first element of a ``Phrase.kind``).
STATE_FORMS = ("name", "abbrev", "adj", "people", "capital", "seat")


class KnowledgeBaseError(ValueError):
    """A data file (packaged or the user's) is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Term:
    """One term of office: ``title`` is a key of ``titles`` in sectors.yaml.

    end: the first day out of office, None while the term runs.
    """

    title: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entry:
    """A knowledge-base entry.

    kb_id: ``state:BLR``, ``org:sco``, ``person:lukashenko``...; kind: state, org, group, person.
    country: ISO alpha-3 or a group code; sector: the entry's own sector ("" for a state).
    code: CAMEO-style code; for people it is derived at resolution time from country + sector.
    """

    kb_id: str
    kind: str
    name: str
    country: str
    sector: str = ""
    code: str = ""
    source: str = ""
    terms: tuple[Term, ...] = ()
    org: str = ""

    def term_at(self, day: dt.date | None, title: str | None = None) -> Term | None:
        """The term running on ``day`` (optionally only with ``title``), or None."""
        if day is None:
            return None
        for term in self.terms:
            if term.covers(day) and (title is None or term.title == title):
                return term
        return None


@dataclass(frozen=True)
class Phrase:
    """A text pattern and what it stands for.

    kind: ``state`` (with ``form`` one of STATE_FORMS), ``org``, ``group``, ``group_adj``,
    ``person``, ``agent`` (a sector noun), ``title`` (an office), ``leader`` (a leader noun) or
    ``country_noun`` ("the country") or ``pronoun`` (ref: person, group or thing).
    ref: the kb_id for entries, the sector for agents, the title key for titles.
    exact_case: match the text with its exact case (abbreviations such as "US").
    """

    text: str
    kind: str
    ref: str
    form: str = ""
    exact_case: bool = False
    generic: bool = False


@dataclass(eq=False)
class KnowledgeBase:
    """All entries and the phrases that name them, plus the rules that compose them."""

    entries: dict[str, Entry] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    sector_names: dict[str, str] = field(default_factory=dict)
    leader_titles: dict[str, str] = field(default_factory=dict)
    foreign_before: frozenset[str] = frozenset()
    foreign_after: frozenset[str] = frozenset()
    former_words: frozenset[str] = frozenset()
    ethnic_words: frozenset[str] = frozenset()
    pronouns: dict[str, str] = field(default_factory=dict)
    pair_words: frozenset[str] = frozenset()
    agent_adjectives: frozenset[str] = frozenset()
    foreign_words: frozenset[str] = frozenset()
    sources: list[str] = field(default_factory=list)
    alpha3: dict[str, str] = field(default_factory=dict)
    alpha2: dict[str, str] = field(default_factory=dict)
    people_by_country: dict[str, list[Entry]] = field(default_factory=dict)

    def entry(self, kb_id: str) -> Entry:
        return self.entries[kb_id]

    def state(self, country: str) -> Entry | None:
        return self.entries.get(f"state:{country}")

    def leader_title(self, country: str) -> str:
        """The title of ``country``'s principal leader (``president`` unless listed otherwise)."""
        return self.leader_titles.get(country, "president")

    def holders(self, country: str, title: str, day: dt.date | None, org: str = "") -> list[Entry]:
        """People holding office ``title`` in ``country`` (and organisation ``org``, if given)
        on ``day``; empty without a date."""
        if day is None:
            return []
        if not self.people_by_country:
            for entry in self.entries.values():
                if entry.kind == "person":
                    self.people_by_country.setdefault(entry.country, []).append(entry)
        return [
            e
            for e in self.people_by_country.get(country, [])
            if (not org or e.org == org) and e.term_at(day, title)
        ]


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read ({exc})") from exc


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeBaseError(f"{where}: {value!r} is not an ISO date") from exc


def plurals(noun: str) -> list[str]:
    """The noun and its regular English plural (last word inflected).

    Irregular plurals are listed in the data files themselves.
    """
    head, _, last = noun.rpartition(" ")
    prefix = f"{head} " if head else ""
    if not last or not last[-1].isalpha() or last.endswith("s") and not last.endswith("ss"):
        return [noun]
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return [noun, prefix + plural]


def _people_forms(adjective: str) -> list[str]:
    """Plural demonyms made from an adjective ending in -an or -i ("Belarusians", "Iraqis")."""
    if adjective.endswith(("an", "i")) and adjective[0].isupper():
        return [adjective + "s"]
    return []


def _load_states(kb: KnowledgeBase, extra: dict[str, Any]) -> None:
    with (DATA / "states.csv").open(encoding="utf-8") as handle:
        iso = {row["alpha3"]: row for row in csv.DictReader(handle)}
    hand = _read_yaml(DATA / "states.yaml")
    for code, more in (extra or {}).items():
        merged = dict(hand.get(code) or {})
        for key, values in (more or {}).items():
            merged[key] = list(merged.get(key) or []) + list(values or [])
        hand[code] = merged
    kb.sources.append(next(iter(iso.values()))["source"] if iso else "")
    kb.alpha3 = {row["alpha2"]: code for code, row in iso.items()}
    kb.alpha2 = {code: row["alpha2"] for code, row in iso.items()}
    kb.sources.append("states.yaml: hand-compiled names, demonyms, capitals and seats of power")
    for code in sorted(set(iso) | set(hand)):
        row = iso.get(code, {})
        info = hand.get(code) or {}
        names = list(info.get("names") or [])
        common = row.get("common_name") or ""
        display = (names[0] if names else "") or common or row.get("name", code)
        kb_id = f"state:{code}"
        kb.entries[kb_id] = Entry(kb_id, "state", display, code, code=code, source="states")
        iso_names = [row.get(k, "") for k in ("name", "official_name", "common_name")]
        for text in dict.fromkeys(names + [n for n in iso_names if n and "," not in n]):
            kb.phrases.append(Phrase(text, "state", kb_id, "name"))
        for text in info.get("abbrev") or []:
            kb.phrases.append(Phrase(text, "state", kb_id, "abbrev", exact_case=True))
        for adjective in info.get("adj") or []:
            kb.phrases.append(Phrase(adjective, "state", kb_id, "adj"))
            for people in _people_forms(adjective):
                kb.phrases.append(Phrase(people, "state", kb_id, "people"))
        for form, key in (("people", "people"), ("capital", "capitals"), ("seat", "seats")):
            for text in info.get(key) or []:
                kb.phrases.append(Phrase(text, "state", kb_id, form))


def _load_organizations(kb: KnowledgeBase, extra: list[dict[str, Any]]) -> None:
    data = _read_yaml(DATA / "organizations.yaml")
    kb.sources.append("organizations.yaml: " + str(data.get("source", "")))
    by_id = {o["id"]: o for o in data.get("organizations") or []}
    for item in extra or []:
        by_id[item["id"]] = {**by_id.get(item["id"], {}), **item}
    for item in by_id.values():
        try:
            kb_id, country = item["id"], item["country"]
        except KeyError as exc:
            raise KnowledgeBaseError(f"organization {item!r}: missing {exc}") from exc
        adjective = item.get("kind") == "adjective"
        kind = "group" if country not in {"IGO", "NGO"} and kb_id.startswith("grp:") else "org"
        sector = item.get("sector", "")
        code = item.get("code") or country + sector
        kb.entries[kb_id] = Entry(kb_id, kind, item.get("name", kb_id), country, sector, code)
        phrase_kind = "group_adj" if adjective else kind
        for text in item.get("names") or []:
            kb.phrases.append(Phrase(text, phrase_kind, kb_id))
        for text in item.get("adj") or []:
            kb.phrases.append(Phrase(text, "group_adj", kb_id))
        for text in item.get("abbrev") or []:
            kb.phrases.append(Phrase(text, phrase_kind, kb_id, exact_case=True))


def _load_people(kb: KnowledgeBase, extra: dict[str, Any]) -> None:
    data = _read_yaml(DATA / "people.yaml")
    kb.sources.append("people.yaml: office holders compiled from public records")
    leaders = dict(data.get("leaders") or {})
    for title, countries in {**leaders, **((extra or {}).get("leaders") or {})}.items():
        for country in countries:
            kb.leader_titles[country] = title
    by_id = {p["id"]: p for p in data.get("people") or []}
    for item in (extra or {}).get("people") or []:
        by_id[item["id"]] = {**by_id.get(item["id"], {}), **item}
    for item in by_id.values():
        kb_id = item["id"]
        terms = []
        for raw in item.get("terms") or []:
            if len(raw) != 3:
                raise KnowledgeBaseError(f"{kb_id}: a term is [title, start, end], got {raw!r}")
            start = _date(raw[1], kb_id)
            if start is None:
                raise KnowledgeBaseError(f"{kb_id}: a term needs a start date")
            terms.append(Term(str(raw[0]), start, _date(raw[2], kb_id)))
        entry = Entry(
            kb_id,
            "person",
            item["name"],
            item["country"],
            item.get("sector", ""),
            terms=tuple(terms),
            source="people",
            org=item.get("org", ""),
        )
        kb.entries[kb_id] = entry
        for text in dict.fromkeys([item["name"], *(item.get("aliases") or [])]):
            kb.phrases.append(Phrase(text, "person", kb_id))


def _load_sectors(kb: KnowledgeBase, extra: dict[str, Any]) -> None:
    data = _read_yaml(DATA / "sectors.yaml")
    kb.sources.append("sectors.yaml: PLOVER/CAMEO sector codes, hand-compiled nouns")
    kb.sector_names = dict(data.get("sector_names") or {})
    generic = {form for noun in data.get("generic") or [] for form in plurals(noun)}
    agents: dict[str, list[str]] = {k: list(v) for k, v in (data.get("agents") or {}).items()}
    for sector, nouns in ((extra or {}).get("agents") or {}).items():
        agents.setdefault(sector, []).extend(nouns)
    for sector, nouns in agents.items():
        for noun in nouns:
            for form in plurals(noun):
                kb.phrases.append(Phrase(form, "agent", sector, generic=form in generic))
    listed = {form for nouns in agents.values() for noun in nouns for form in plurals(noun)}
    for form in sorted(generic - listed):
        kb.phrases.append(Phrase(form, "agent", "GOV", generic=True))
    for noun in data.get("leader_nouns") or []:
        for form in plurals(noun):
            kb.phrases.append(Phrase(form, "leader", "", generic=True))
    for title, words in (data.get("titles") or {}).items():
        for word in words:
            for form in plurals(word):
                kb.phrases.append(Phrase(form, "title", title))
    for topic in data.get("ministry_topics") or []:
        for form in (f"{topic} ministry", f"ministry of {topic}", f"{topic} office"):
            for text in plurals(form) if form.endswith("ministry") else [form]:
                kb.phrases.append(Phrase(text, "agent", "GOV"))
        for form in (
            f"{topic} minister",
            f"minister of {topic}",
            f"minister for {topic}",
            f"{topic} secretary",
        ):
            kb.phrases.append(Phrase(form, "title", "minister"))
    for refers_to, nouns in (data.get("country_nouns") or {}).items():
        for noun in nouns:
            for form in plurals(noun):
                kb.phrases.append(Phrase(form, "country_noun", refers_to))
    kb.former_words = frozenset(data.get("former_words") or [])
    kb.ethnic_words = frozenset(data.get("ethnic_words") or [])
    for group, words in (data.get("pronouns") or {}).items():
        kb.pronouns.update({word: group for word in words})
        kb.phrases.extend(Phrase(word, "pronoun", group) for word in words)
    kb.pair_words = frozenset(data.get("pair_words") or [])
    kb.agent_adjectives = frozenset(data.get("agent_adjectives") or [])
    kb.foreign_words = frozenset(data.get("foreign_words") or [])
    affixes = data.get("foreign_affixes") or {}
    kb.foreign_before = frozenset(affixes.get("before") or [])
    kb.foreign_after = frozenset(affixes.get("after") or [])


def user_file() -> Path | None:
    """The user's extra actors file named by ``$POLYBIUS_ACTORS_FILE``, if set."""
    value = os.environ.get(USER_FILE_ENV)
    return Path(value) if value else None


@cache
def load(user_path: Path | None = None) -> KnowledgeBase:
    """The knowledge base (built once per process and user file).

    user_path: a YAML file with any of the keys ``states`` (like states.yaml), ``organizations``
    (a list like organizations.yaml's), ``people`` and ``leaders`` (like people.yaml), ``agents``
    (like sectors.yaml); entries with a known id replace the packaged ones, others are added.
    Raises ``KnowledgeBaseError`` for a malformed file.
    """
    extra = _read_yaml(user_path) if user_path is not None else {}
    if not isinstance(extra, dict):
        raise KnowledgeBaseError(f"{user_path}: the top level must be a mapping")
    kb = KnowledgeBase()
    _load_states(kb, extra.get("states") or {})
    _load_organizations(kb, extra.get("organizations") or [])
    _load_people(kb, extra)
    _load_sectors(kb, extra)
    if user_path is not None:
        kb.sources.append(f"user file {user_path}")
    return kb


def current() -> KnowledgeBase:
    """The knowledge base for this process: packaged data plus ``$POLYBIUS_ACTORS_FILE``."""
    return load(user_file())


def parse_day(value: str | dt.date | None) -> dt.date | None:
    """An ISO date (or None) as a ``date``; raises ``ValueError`` for a malformed string."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])
