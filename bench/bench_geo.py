"""Place benchmark: accuracy on the project's place gold set, gazetteer load time, time per article.

Run from the repo root: ``.venv/bin/python bench/bench_geo.py`` (add ``--misses`` to list the
mentions it gets wrong). Prints accuracy at country level and within 161 km (100 miles) over every
gold place mention (a mention the system does not find counts as wrong), by precision, the count
of demonyms and names wrongly placed, the gazetteer load time (cold, in a fresh process) and the
time per article of ``geo.locate`` beyond parsing, on the seed page and the gold texts.
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from polybius import geo, nlp
from polybius.geo import gazetteer
from polybius.model import Article, Event, EventActor

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "data" / "geo" / "gold.yaml"
SEED = ROOT.parent / "shared" / "data" / "seed" / "scraped_news_page.txt"
WITHIN_KM = 161.0
TIMING_ROUNDS = 20


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def mention_start(text: str, mention: str) -> int:
    """Offset of ``mention`` ("Kyiv", or "Kyiv#2" for the second occurrence) in ``text``."""
    word, _, nth = mention.partition("#")
    start = -1
    for _ in range(int(nth or 1)):
        start = text.index(word, start + 1)
    return start


def cold_load_seconds() -> float:
    """Gazetteer load time in a fresh interpreter (imports excluded)."""
    code = (
        "import time; from polybius.geo import gazetteer as g; t = time.perf_counter(); g.load();"
        " print(time.perf_counter() - t)"
    )
    return float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


def score(items: list[dict], show_misses: bool) -> None:
    total = Counter()
    right_country = Counter()
    right_km = Counter()
    wrongly_placed = 0
    not_placed_total = 0
    for item in items:
        text = item["text"]
        context = item.get("context", {})
        found = geo.find_places(text, context.get("countries", []), context.get("dateline", ""))
        by_start = {m.start: m for m in found}
        for mention, name, country, precision, lat, lon in item["places"]:
            start = mention_start(text, mention)
            got = by_start.get(start)
            total[precision] += 1
            ok_country = got is not None and got.location.country == country
            ok_km = ok_country and km(lat, lon, got.location.lat, got.location.lon) <= WITHIN_KM
            right_country[precision] += ok_country
            right_km[precision] += ok_km
            if show_misses and not ok_km:
                where = (
                    "not found"
                    if got is None
                    else f"{got.location.name} {got.location.country} {got.location.precision} "
                    f"{got.location.lat},{got.location.lon} "
                    f"({km(lat, lon, got.location.lat, got.location.lon):.0f} km)"
                )
                print(f"  MISS {item['id']}: {mention!r} → {where}; gold {name} {country}")
        for word in item.get("not_places", []):
            not_placed_total += 1
            start = text.find(word)
            if any(m.start < start + len(word) and start < m.end for m in found):
                wrongly_placed += 1
                if show_misses:
                    print(f"  PLACED {item['id']}: {word!r} should not be a place")
    n = sum(total.values())
    print(f"gold: {len(items)} texts, {n} place mentions ({GOLD.relative_to(ROOT)})")
    print(f"  country level      {sum(right_country.values()) / n:.3f}")
    print(f"  within {WITHIN_KM:.0f} km      {sum(right_km.values()) / n:.3f}")
    for precision in ("city", "admin1", "country"):
        t = total[precision]
        print(
            f"    {precision:<8} n={t:<4} country {right_country[precision] / t:.3f}"
            f"  161 km {right_km[precision] / t:.3f}"
        )
    print(f"  demonyms/names wrongly placed: {wrongly_placed} of {not_placed_total}")


def time_locate(items: list[dict]) -> None:
    """Mean time of ``geo.locate`` per article (parse excluded), one event per sentence."""
    texts = [SEED.read_text(encoding="utf-8")] + [i["text"] for i in items]
    parsed = list(nlp.parse_many(Article(id=str(i), text=t) for i, t in enumerate(texts)))
    actor = EventActor("x", "x", country="UKR")
    batches = []
    for p in parsed:
        events = [
            Event(
                id=f"{p.article.id}-{i}",
                article_id=p.article.id,
                published=None,
                plover="CONSULT",
                source=actor,
                sentence_index=i,
                spans={"trigger": (0, max(1, min(5, len(s.text))))},
            )
            for i, s in enumerate(p.doc.sents)
        ]
        batches.append((events, p))
    for events, p in batches:  # warm-up: gazetteer and matcher built once
        geo.locate(events, p)
    start = time.perf_counter()
    for _ in range(TIMING_ROUNDS):
        for events, p in batches:
            geo.locate(events, p)
    per_article = (time.perf_counter() - start) / (TIMING_ROUNDS * len(batches))
    seed_start = time.perf_counter()
    for _ in range(TIMING_ROUNDS):
        geo.locate(*batches[0])
    seed = (time.perf_counter() - seed_start) / TIMING_ROUNDS
    print(
        f"locate per article, parse excluded: {per_article * 1000:.2f} ms mean over "
        f"{len(batches)} articles; seed page {seed * 1000:.2f} ms"
    )


def main() -> None:
    items = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["items"]
    print("== geo: place gold set, gazetteer, speed")
    print(f"gazetteer load (cold process): {cold_load_seconds():.3f} s")
    warm = time.perf_counter()
    gazetteer.load()
    print(f"gazetteer load (this process): {time.perf_counter() - warm:.3f} s")
    nlp.load()
    score(items, "--misses" in sys.argv)
    time_locate(items)


if __name__ == "__main__":
    main()
