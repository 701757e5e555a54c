"""Accuracy of actor resolution against gold event records (the bench and the tests use it).

Alignment: each gold actor's ``text`` is located in its sentence (whitespace-insensitive; a
text with "..." is split and spans from its first to its last part); the article is resolved
as a whole and ``actor_for_span`` picks the mention covering the span's syntactic head (else the
first mention in the span with a country); a gold text that is a list ("The United States, South
Korea and Japan", listed once per member) matches the listed mention with the gold country.
Sectors are compared on their first three letters ("CVLalb" is CVL); gold "***" means no sector,
and the GSR's "CIV" is read as CVL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from polybius import nlp
from polybius.actors import resolve
from polybius.actors.spans import actor_for_span, mentions_in
from polybius.model import Article, Mention

SECTOR_ALIASES = {"CIV": "CVL"}
PRONOUNS = {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its"}
DESCRIPTION = re.compile(r"^(the|these|those|this|both|its|his|her|their)\b", re.I)
COORDINATION = re.compile(r",| and | or ")


@dataclass
class Score:
    """Right/total counts for countries and sectors, with the misses."""

    country_right: int = 0
    country_total: int = 0
    sector_right: int = 0
    sector_total: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self, label: str) -> str:
        c = self.country_right / self.country_total if self.country_total else 0.0
        s = self.sector_right / self.sector_total if self.sector_total else 0.0
        return (
            f"{label}: country {c:.1%} ({self.country_right}/{self.country_total}), "
            f"sector {s:.1%} ({self.sector_right}/{self.sector_total})"
        )


def gold_sector(value: str) -> str:
    """The comparable sector of a gold actor: its first three letters; "" for none or "***"."""
    code = value[:3].upper()
    return "" if code in {"", "***"} else SECTOR_ALIASES.get(code, code)


def locate(needle: str, haystack: str, offset: int = 0) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``haystack`` (from ``offset``): whole words, case- and
    whitespace-insensitive ("he" is not found inside "the")."""
    parts = [p.strip() for p in re.split(r"\.{2,}|…", needle) if p.strip()]
    spans = []
    at = offset
    for part in parts:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in part.split())
        pattern += r"\b" if part[-1].isalnum() else ""
        found = re.search(pattern, haystack[at:], flags=re.I)
        if found is None:
            return None
        spans.append((at + found.start(), at + found.end()))
        at += found.end()
    return (spans[0][0], spans[-1][1]) if spans else None


def resolved_actor(mention: Mention | None, country: str) -> tuple[str, str]:
    """Country and sector of a mention; a pair mention answers for the member in question."""
    if mention is None:
        return "", ""
    for member in mention.members:
        if member.country == country:
            return member.country, member.sector
    return mention.actor.country, mention.actor.sector


def score_actor(
    score: Score,
    doc: Doc,
    mentions: list[Mention],
    gold: dict[str, Any],
    where: tuple[int, int] | None,
    tag: str,
) -> None:
    """Count one gold actor (``{"text", "country", "sector"}``) found at ``where``."""
    country, sector = gold.get("country", ""), gold_sector(gold.get("sector", ""))
    if not country:
        return
    mention = actor_for_span(mentions, *where, doc=doc) if where else None
    if where and COORDINATION.search(gold["text"]):
        # "The United States, South Korea and Japan": the gold lists each member separately
        listed = [m for m in mentions_in(mentions, *where) if m.actor.country == country]
        mention = listed[0] if listed else mention
    got_country, got_sector = resolved_actor(mention, country)
    score.country_total += 1
    right = got_country == country
    score.country_right += right
    if sector:
        score.sector_total += 1
        score.sector_right += got_sector == sector
        right = right and got_sector == sector
    if not right:
        found = f"{mention.text!r}→{got_country}/{got_sector}" if mention else "no mention"
        where_text = "" if where else " (text not located)"
        score.misses.append(
            f"{tag}: {gold['text']!r} gold {country}/{sector or '-'}, got {found}{where_text}"
        )


def score_gold(path: Path, sentence_key: str | None = None) -> tuple[Score, Score]:
    """All actors, and the coreferent ones (pronouns and definite descriptions), of a gold file.

    sentence_key: the event field holding its sentence (gold actors are searched from there).
    """
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
    everything, coreferent = Score(), Score()
    for row, parsed in zip(rows, nlp.parse_many(articles), strict=True):
        mentions = resolve(parsed)
        text = row["text"]
        for event in row.get("events") or []:
            base = 0
            if sentence_key and event.get(sentence_key):
                where = locate(event[sentence_key], text)
                base = where[0] if where else 0
            for role in ("source", "target"):
                for gold in event.get(role) or []:
                    where = locate(gold["text"], text, base)
                    score_actor(everything, parsed.doc, mentions, gold, where, row["id"])
                    words = gold["text"].strip()
                    if words.lower() in PRONOUNS or DESCRIPTION.match(words):
                        score_actor(coreferent, parsed.doc, mentions, gold, where, row["id"])
    return everything, coreferent
