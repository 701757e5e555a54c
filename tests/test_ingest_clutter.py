"""Clutter removal on real scraped pages: the seed page (read by path) and the sample corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from polybius import ingest
from polybius.cli import app
from polybius.ingest import clutter

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed" / "scraped_news_page.txt"
SAMPLES = ROOT / "samples"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")
WORD = re.compile(r"\w+")


def seed_blocks() -> list[str]:
    """The seed page's blank-line separated blocks, stripped."""
    return [b.strip() for b in re.split(r"\n\s*\n", SEED.read_text("utf-8")) if b.strip()]


def seed_long_blocks() -> list[str]:
    """Blocks of 25 words or more: the nine paragraphs of reporting, then the author's biography."""
    return [b for b in seed_blocks() if len(WORD.findall(b)) >= 25]


@pytest.fixture(scope="module")
def seed_output() -> dict:
    result = CliRunner().invoke(app, ["clean", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    return json.loads(lines[0])


def test_seed_page_keeps_all_nine_paragraphs_and_nothing_else(seed_output: dict) -> None:
    long_blocks = seed_long_blocks()
    assert len(long_blocks) == 10  # nine paragraphs of reporting + the author's biography
    paragraphs = seed_output["text"].split("\n\n")
    assert paragraphs == long_blocks[:9]
    assert long_blocks[9] not in seed_output["text"]


def test_seed_page_title_once_and_location_label_as_dateline(seed_output: dict) -> None:
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    repeated = [line for line in lines if lines.count(line) > 1]
    assert repeated, "the seed page repeats its title"
    assert seed_output["title"] == repeated[0]
    assert repeated[0] not in seed_output["text"]
    assert seed_output["dateline"] == lines[0]
    assert lines[0] not in seed_output["text"].split("\n\n")[0][: len(lines[0])]
    assert seed_output["id"] and seed_output["duplicates"] == []


def test_seed_page_drops_widgets_byline_author_box_and_contacts(seed_output: dict) -> None:
    text = seed_output["text"]
    raw = SEED.read_text("utf-8")
    assert EMAIL.search(raw) and PHONE.search(raw)  # the page has them ...
    assert not EMAIL.search(text) and not PHONE.search(text)  # ... the article does not
    assert not re.search(r"\b\d+\s+(?:seconds?|minutes?|hours?)\s+ago\b", text)
    assert not re.search(r"\b\d+\s+comments?\b", text, re.I)
    assert "Leave a Comment" in raw and "leave a comment" not in text.lower()
    byline = next(line for line in raw.splitlines() if line.startswith("By "))
    assert byline not in text
    last_paragraph = seed_long_blocks()[8]
    author_box = raw[raw.index(last_paragraph) + len(last_paragraph) :]
    for line in filter(str.strip, author_box.splitlines()):
        assert line.strip() not in text
    assert "address" not in text.lower()


def test_seed_page_date_falls_back_to_published_option() -> None:
    (article,) = ingest.read([str(SEED)], published="2023-02-27")
    assert article.published == "2023-02-27"
    (again,) = ingest.read([str(SEED)])
    assert again.published is None and again.id == article.id


def test_date_line_near_the_top_is_the_publication_date(tmp_path: Path) -> None:
    story = "Officials said on Tuesday that the new bridge over the river would open next spring."
    for date_line, expected in [
        ("Published March 14, 2024", "2024-03-14"),
        ("14 March 2024 | 10:32 GMT", "2024-03-14"),
        ("Updated: 2023-11-02 07:50", "2023-11-02"),
    ]:
        page = tmp_path / f"{expected}.txt"
        page.write_text(f"New bridge to open next spring\n\n{date_line}\n\n{story}\n", "utf-8")
        (article,) = ingest.read([str(page)], published="2000-01-01")
        assert article.published == expected, date_line
        assert article.title == "New bridge to open next spring"
        assert article.text == story


def test_clean_text_without_clutter_is_kept_exactly() -> None:
    rows = [json.loads(line) for line in (ROOT.parent / "shared/data/plover_gsr/dev.jsonl").open()]
    for row in rows:
        cleaned = clutter.clean(row["text"])
        assert cleaned.removed == (), (row["id"], cleaned.removed)


def test_user_rules_extend_the_table(tmp_path: Path) -> None:
    rules_file = tmp_path / "extra.yaml"
    rules_file.write_text(
        "line_rules:\n"
        "  - name: house_promo\n"
        "    pattern: '^Download our app\\b'\n"
        "    action: drop\n"
        "    seen: 'a test page'\n",
        "utf-8",
    )
    story = "The council voted on Monday to close the old library and open a new one downtown."
    text = f"{story}\n\nDownload our app for the latest news."
    assert clutter.clean(text).text == text
    assert clutter.clean(text, clutter.load_rules(str(rules_file))).text == story


def test_bad_rule_is_reported_with_its_name(tmp_path: Path) -> None:
    rules_file = tmp_path / "bad.yaml"
    rules_file.write_text("line_rules:\n  - name: broken\n    pattern: '(unclosed'\n", "utf-8")
    with pytest.raises(ValueError, match="broken"):
        clutter.load_rules(str(rules_file))


def gold_rows() -> list[dict]:
    path = SAMPLES / "gold.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def test_sample_corpus_comes_out_as_its_gold_text() -> None:
    articles = list(ingest.read([str(SAMPLES / "articles")]))
    failures = [a for a in articles if not isinstance(a, ingest.Article)]
    assert failures == []
    by_file: dict[str, list] = {}
    for article in articles:
        relative = Path(article.source.split(":")[0]).resolve().relative_to(SAMPLES)
        by_file.setdefault(str(relative), []).append(article)
    matched = set()
    for row in gold_rows():
        candidates = [a for f in row["files"] for a in by_file.get(f, [])]
        article = next((a for a in candidates if a.id == row["id"]), None) or (
            candidates[0] if len(candidates) == 1 else None
        )
        assert article is not None, f"no article for {row['id']} in {row['files']}"
        matched.add(id(article))
        assert article.text == row["text"], row["id"]
        assert article.title == row["title"], row["id"]
        assert article.dateline == row["dateline"], row["id"]
        assert article.published == row["published"], row["id"]
        assert len(article.duplicates) == len(row["files"]) - 1, row["id"]
    unmatched = [a.source for a in articles if id(a) not in matched]
    assert unmatched == [], "sample articles without a gold row"


def test_fast_html_gives_the_same_sample_articles() -> None:
    pages = sorted(str(p) for p in (SAMPLES / "articles").glob("*.html"))
    assert pages
    precise = [a.text for a in ingest.read(pages, dedup=False)]
    fast = [a.text for a in ingest.read(pages, dedup=False, fast_html=True)]
    assert fast == precise
