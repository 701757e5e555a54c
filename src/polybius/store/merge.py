"""Cross-article merging: coded records of the same happening become one event.

Records are candidates when they share a merge key (PLOVER type, mode, negation, source and target
actor: see ``rows.merge_key``). Within a key, records are taken in date order (then id) and each
joins the earliest-opened cluster that is still open (its first date at most ``window_days``
before the record's date) and whose place is compatible; otherwise it opens a new cluster.
Two places are compatible when either is unknown, or they are in the same country and either has
no city/province or it is the same one; a cluster takes the most specific place of its members.
Records with no date at all cluster by place alone.

The result depends only on the set of records, never on the order or batches they arrived in,
which is what makes merging deterministic and re-runnable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from polybius.model import stable_id
from polybius.store.rows import ACTOR_FIELDS, Row
from polybius.store.schema import UNDATED

#: Most certain first: an event's modality is its most certain mention's.
MODALITY_RANK = {"asserted": 0, "reported": 1, "future": 2, "hypothetical": 3}
#: Finest first: an event's date precision is the finest among mentions of its date.
PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "publication": 3}
PLACE_PRECISIONS = {"city", "admin1"}

#: Copies of one article: (locator, site, url).
Copy = tuple[str, str, str]

_CODING = ("plover", "mode", "cameo", "quad_class", "goldstein", "negated")
_LOCATION = (
    "location_name",
    "location_country",
    "location_admin1",
    "location_precision",
    "location_geonames_id",
    "location_text",
    "lat",
    "lon",
)


@dataclass
class Cluster:
    """Mentions merged into one event; ``country``/``place`` is its most specific place."""

    anchor: dt.date | None
    country: str
    place: str
    members: list[Row] = field(default_factory=list)

    def accepts(self, country: str, place: str) -> bool:
        """Whether a mention at ``country``/``place`` is compatible with this cluster's place."""
        if not country or not self.country:
            return True
        if country != self.country:
            return False
        return not place or not self.place or place == self.place

    def take(self, mention: Row) -> None:
        """Add ``mention`` and refine the cluster's place with it."""
        country, place = place_of(mention)
        if country and not self.country:
            self.country = country
        if place and not self.place:
            self.place = place
        self.members.append(mention)


def place_of(mention: Row) -> tuple[str, str]:
    """(country, city/province key) of a mention, ``""`` for what is unknown."""
    country = mention["location_country"] or ""
    place = ""
    if mention["location_precision"] in PLACE_PRECISIONS:
        place = mention["location_geonames_id"] or (mention["location_name"] or "").lower()
    return country, place


def cluster(mentions: Iterable[Row], window_days: int) -> list[Cluster]:
    """Group mentions of one merge key into happenings (see the module docstring)."""
    rows = list(mentions)
    dated = sorted((m for m in rows if m["date"] is not None), key=lambda m: (m["date"], m["id"]))
    undated = sorted((m for m in rows if m["date"] is None), key=lambda m: m["id"])
    clusters: list[Cluster] = []
    open_clusters: list[Cluster] = []
    for mention in dated:
        open_clusters = [
            c for c in open_clusters if (mention["date"] - c.anchor).days <= window_days
        ]
        _place(mention, open_clusters, clusters)
    open_clusters = []
    for mention in undated:
        _place(mention, open_clusters, clusters)
    return clusters


def _place(mention: Row, open_clusters: list[Cluster], clusters: list[Cluster]) -> None:
    country, place = place_of(mention)
    home = next((c for c in open_clusters if c.accepts(country, place)), None)
    if home is None:
        home = Cluster(mention["date"], country, place)
        open_clusters.append(home)
        clusters.append(home)
    home.take(mention)


def event_id(merge_key: str, group: Cluster) -> str:
    """The event's id: its merge key and first mention (same members → same id)."""
    return stable_id("event", merge_key, group.members[0]["id"])


def root_of(group: Cluster) -> Row:
    """The cluster's evidence: its most confident mention, then the earliest, then by id."""
    return min(group.members, key=lambda m: (-m["confidence"], m["date"] or dt.date.max, m["id"]))


def summarize(
    group: Cluster,
    merge_key: str,
    copies: Mapping[str, Sequence[Copy]],
    sentences: Mapping[tuple[str, int], str],
) -> Row:
    """The ``events`` row of a cluster.

    copies: every copy of every member's article, by article hash.
    sentences: evidence sentence text by (article hash, sentence index).
    """
    members = group.members
    root = root_of(group)
    dates = Counter(m["date"] for m in members if m["date"] is not None)
    date = min(dates, key=lambda d: (-dates[d], d)) if dates else None
    precision = min(
        (m["date_precision"] for m in members if m["date"] == date),
        key=lambda p: PRECISION_RANK.get(p, len(PRECISION_RANK)),
    )
    located = next(
        (m for m in members if place_of(m) == (group.country, group.place) and group.country),
        None,
    )
    seen = [m["published"] or m["date"] for m in members if m["published"] or m["date"]]
    article_copies = {m["hash"]: copies.get(m["hash"], ()) for m in members}
    locators = {c[0] for cs in article_copies.values() for c in cs}
    root_urls = sorted(c[2] for c in article_copies[root["hash"]] if c[2])
    return {
        "id": event_id(merge_key, group),
        "merge_key": merge_key,
        **{name: root[name] for name in _CODING},
        "date": date,
        "sort_date": date or UNDATED,
        "date_precision": precision,
        "modality": min(
            (m["modality"] for m in members),
            key=lambda x: MODALITY_RANK.get(x, len(MODALITY_RANK)),
        ),
        "confidence": root["confidence"],
        **{
            f"{role}_{name}": root[f"{role}_{name}"]
            for role in ("source", "target")
            for name in ACTOR_FIELDS
        },
        **{name: (located[name] if located else None) for name in _LOCATION},
        "num_mentions": sum(max(1, len(article_copies[m["hash"]])) for m in members),
        "num_articles": max(1, len(locators)),
        "num_sources": max(1, len({c[1] for cs in article_copies.values() for c in cs})),
        "first_seen": min(seen) if seen else None,
        "last_seen": max(seen) if seen else None,
        "root_mention": root["id"],
        "article_hash": root["hash"],
        "sentence_index": root["sentence_index"],
        "sentence": sentences.get((root["hash"], root["sentence_index"]), ""),
        "url": root_urls[0] if root_urls else "",
    }
