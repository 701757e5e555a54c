"""Benchmark of actor resolution: accuracy on the PLOVER gold records, coreference on the sample
corpus, and the time to resolve every actor of a ~600-word article.

Run from the repository root: ``.venv/bin/python bench/bench_actors.py [--misses N]``.

Alignment: each gold actor's ``text`` is located in its sentence (whitespace-insensitive; a
text with "..." is split and spans from its first to its last part); the article is resolved
as a whole and ``actors.actor_for_span`` picks the mention covering the span's syntactic head
(else the first mention in the span with a country); a gold text that is a list ("The United
States, South Korea and Japan", listed once per member) matches the listed mention with the gold
country. Sectors are compared on their first three
letters ("CVLalb" is CVL); gold "***" means no sector, and the GSR's "CIV" is read as CVL.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from polybius import actors, nlp
from polybius.model import Article, Mention

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "gold.jsonl"
SECTOR_ALIASES = {"CIV": "CVL"}
PRONOUNS = {"he", "she", "him", "her", "his", "they", "them", "their", "it", "its"}
DESCRIPTION = re.compile(r"^(the|these|those|this|both|its|his|her|their)\b", re.I)
TIMING_RUNS = 200
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
    code = value[:3].upper()
    return "" if code in {"", "***"} else SECTOR_ALIASES.get(code, code)


def locate(needle: str, haystack: str, offset: int = 0) -> tuple[int, int] | None:
    """Character span of ``needle`` in ``haystack`` (from ``offset``), whitespace-insensitive."""
    parts = [p.strip() for p in re.split(r"\.{2,}|…", needle) if p.strip()]
    spans = []
    at = offset
    for part in parts:
        pattern = r"\s+".join(re.escape(w) for w in part.split())
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
    score: Score, doc, mentions: list[Mention], gold: dict, where: tuple[int, int] | None, tag: str
) -> None:
    country, sector = gold.get("country", ""), gold_sector(gold.get("sector", ""))
    if not country:
        return
    mention = actors.actor_for_span(mentions, *where, doc=doc) if where else None
    if where and COORDINATION.search(gold["text"]):
        # "The United States, South Korea and Japan": the gold lists each member separately
        listed = [m for m in actors.mentions_in(mentions, *where) if m.actor.country == country]
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


def bench_gold(path: Path, sentence_key: str | None) -> tuple[Score, Score]:
    """All actors, and the coreferent ones (pronouns and definite descriptions), of a gold file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    articles = [Article(id=r["id"], text=r["text"], published=r.get("published")) for r in rows]
    everything, coreferent = Score(), Score()
    for row, parsed in zip(rows, nlp.parse_many(articles), strict=True):
        mentions = actors.resolve(parsed)
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


def bench_timing() -> tuple[int, float, float, float, int]:
    """Words, median wall-clock and 95th-percentile milliseconds, median CPU milliseconds (this
    process only, so other load on the machine does not count) of ``resolve`` on a ~600-word
    parsed article, and its number of mentions."""
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line]
    longest = max(rows, key=lambda r: len(r["text"].split()))
    text = longest["text"]
    while len(text.split()) < 600:
        text += "\n\n" + rows[0]["text"]
    words = text.split()[:600]
    article = Article(id="timing", text=" ".join(words), published=longest.get("published"))
    parsed = nlp.parse(article)
    count = len(actors.resolve(parsed))
    times, cpu = [], []
    for _ in range(TIMING_RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        actors.resolve(parsed)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return len(words), statistics.median(times), p95, statistics.median(cpu), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=40, help="How many misses to print.")
    args = parser.parse_args()
    start = time.perf_counter()
    nlp.load()
    dev, _ = bench_gold(DEV, None)
    samples, coref = bench_gold(SAMPLES, "sentence") if SAMPLES.exists() else (Score(), Score())
    words, median, p95, cpu, count = bench_timing()
    print("== actors")
    print(dev.line(f"PLOVER GSR dev ({DEV.name})"))
    print(samples.line("sample corpus, all gold actors"))
    print(coref.line("sample corpus, coreference (pronouns and definite descriptions)"))
    print(
        f"resolve() on a {words}-word parsed article ({count} mentions): "
        f"median {median:.2f} ms wall (p95 {p95:.2f}), median {cpu:.2f} ms CPU, "
        f"over {TIMING_RUNS} runs (parse excluded)"
    )
    for label, score in (("dev", dev), ("samples", samples), ("coreference", coref)):
        print(f"-- {label} misses ({len(score.misses)}):")
        for miss in score.misses[: args.misses]:
            print("  " + miss)
    print(f"total bench time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
