"""Near-duplicates: the same story on several sites comes out once, with its copies recorded."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_support import body, html_page, scraped_text
from polybius import ingest
from polybius.ingest import dedup
from polybius.model import Article


def write_three_copies(folder: Path) -> None:
    """The harbour story on three sites (HTML, scraped text, JSON line) plus two other stories."""
    folder.mkdir()
    (folder / "a-site.html").write_text(html_page("harbour", "Valletta port strike ends"), "utf-8")
    (folder / "b-other.txt").write_text(body("border"), "utf-8")
    copy = scraped_text("harbour", "Port strike over in Valletta", site="islandnews.net")
    (folder / "c-copy.txt").write_text(copy.replace("VALLETTA (Wire)", "VALLETTA (Island News)"))
    row = {"id": "wire-1", "url": "https://wire.example/harbour", "text": body("harbour")}
    (folder / "d-wire.jsonl").write_text(json.dumps(row) + "\n", "utf-8")
    (folder / "e-third.txt").write_text(body("harvest"), "utf-8")


def test_same_story_three_times_is_one_article_with_two_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_three_copies(folder)
    articles = list(ingest.read([str(folder)]))
    assert all(isinstance(a, Article) for a in articles)
    assert [Path(a.source.split(":")[0]).name for a in articles] == [
        "a-site.html",
        "b-other.txt",
        "e-third.txt",
    ]
    first = articles[0]
    assert first.duplicates == (str(folder / "c-copy.txt"), "https://wire.example/harbour")
    assert articles[1].duplicates == () and articles[2].duplicates == ()
    again = list(ingest.read([str(folder)]))
    assert again == articles  # re-reading gives the same articles, ids and duplicates


def test_dedup_can_be_turned_off(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_three_copies(folder)
    assert len(list(ingest.read([str(folder)], dedup=False))) == 5


def test_window_limits_how_far_apart_copies_are_folded() -> None:
    copies = [Article(id=str(i), text=body("harbour"), source=f"s{i}") for i in range(3)]
    other = Article(id="x", text=body("border"), source="other")
    stream = [copies[0], other, copies[1], other, copies[2]]
    folded = list(dedup.fold(stream, window=1))
    # with a window of one held article no copy meets its original
    assert [(a.id, a.duplicates) for a in folded] == [(i, ()) for i in ("0", "x", "1", "x", "2")]
    wide = list(dedup.fold(stream, window=10))
    assert [(a.id, a.duplicates) for a in wide] == [("0", ("s1", "s2")), ("x", ("other",))]


def test_signatures_are_deterministic_and_similar_texts_score_high() -> None:
    one, two = dedup.signature(body("harbour")), dedup.signature(body("harbour"))
    assert (one.hashvalues == two.hashvalues).all()
    edited = body("harbour").replace("Thursday", "Friday").replace("forty", "fifty")
    assert dedup.signature(edited).jaccard(one) > 0.7
    assert dedup.signature(body("border")).jaccard(one) < 0.2
