"""Reading sources: files, folders, globs, stdin, JSON lines, encodings, languages, and a folder
mixing every kind of bad input with good articles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from ingest_support import GERMAN_STORY, body, html_page, scraped_text, write_warc
from polybius import ingest
from polybius.cli import app
from polybius.ingest import encoding, language
from polybius.ingest.errors import IngestError
from polybius.model import Article, Failure, stable_id


def split(records: object) -> tuple[list[Article], list[Failure]]:
    items = list(records)  # type: ignore[call-overload]
    return [r for r in items if isinstance(r, Article)], [
        r for r in items if isinstance(r, Failure)
    ]


def build_mixed_folder(folder: Path) -> None:
    """Good articles of every format beside every kind of bad input, in ``folder``."""
    (folder / "nested").mkdir(parents=True)
    good = {
        "page.html": html_page("harbour", "Valletta port strike ends"),
        "nested/scraped.txt": scraped_text("border", "Estonia summons Russian envoy"),
    }
    for name, text in good.items():
        (folder / name).write_text(text, "utf-8")
    legacy = body("harvest").replace("Malawi's", "Malawi’s") + "\n\nThe café’s owner said “enough”."
    (folder / "legacy-cp1252.txt").write_bytes(legacy.encode("cp1252"))
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": body("harvest"), "published": "2024-01-05"})
        + "\n{not json at all\n\n"
        + json.dumps({"id": "j3", "title": "no body"})
        + "\n",
        "utf-8",
    )
    write_warc(folder / "crawl.warc.gz", {"https://example.org/a": html_page("border", "Airspace")})
    whole = (folder / "crawl.warc.gz").read_bytes()
    (folder / "cut.warc.gz").write_bytes(whole[: len(whole) // 2])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.html").write_bytes(b"   \n\n")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "data.bin").write_bytes(bytes(range(256)) * 4)
    page_gz = gzip.compress(html_page("harbour", "Valletta port strike ends").encode())
    (folder / "cut.html.gz").write_bytes(page_gz[: len(page_gz) // 2])
    damaged = (
        body("border").encode("utf-8").replace(b"d'affaires", "d’affaires".encode()) + b"\xc3("
    )
    (folder / "damaged.txt").write_bytes(damaged)
    (folder / "huge.html").write_text("<html><body>" + "<p>word word word</p>" * 20000, "utf-8")
    (folder / "no-text.html").write_text(
        "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
        "utf-8",
    )
    (folder / "german.txt").write_text("\n\n".join(GERMAN_STORY), "utf-8")
    (folder / ".hidden.txt").write_text(body("harbour"), "utf-8")


def test_mixed_folder_every_good_article_out_every_bad_input_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    build_mixed_folder(folder)
    articles, failures = split(ingest.read([str(folder)], max_bytes=200_000, dedup=False))

    sources = sorted(Path(a.source.split("#")[0].split(":")[0]).name for a in articles)
    assert sources == sorted(
        ["page.html", "scraped.txt", "legacy-cp1252.txt", "feed.jsonl", "crawl.warc.gz"]
    )
    reasons = {f.source.replace(str(folder) + "/", ""): f.reason for f in failures}
    assert len(reasons) == len(failures), "each bad input reported once"
    expected = {
        "feed.jsonl:2": "malformed JSON",
        "feed.jsonl:4": "'text' or 'html'",
        "cut.warc.gz": "truncated or corrupt WARC",
        "empty.txt": "empty",
        "blank.html": "empty",
        "image.html": "PNG image",
        "data.bin": "binary data",
        "cut.html.gz": "truncated or corrupt gzip",
        "damaged.txt": "invalid UTF-8",
        "huge.html": "200,000-byte limit",
        "no-text.html": "no article text",
        "german.txt": "German",
    }
    assert set(reasons) == set(expected)
    for source, fragment in expected.items():
        assert fragment in reasons[source], (source, reasons[source])
    legacy_article = next(a for a in articles if a.source.endswith("legacy-cp1252.txt"))
    assert "Malawi’s" in legacy_article.text and "café’s owner said “enough”" in legacy_article.text


def test_worker_processes_give_the_same_records_in_the_same_order(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    build_mixed_folder(folder)
    serial = list(ingest.read([str(folder)], max_bytes=200_000))
    pooled = list(ingest.read([str(folder)], max_bytes=200_000, workers=2))
    assert pooled == serial


def test_size_limit_is_configurable_and_reports_the_size(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text(
        html_page("harbour", "Port strike") + "<!--" + "x" * 50_000_000 + "-->", "utf-8"
    )
    (failure,) = ingest.read([str(page)])
    assert isinstance(failure, Failure)
    assert "over" not in failure.reason and "20,000,000-byte limit" in failure.reason
    assert "50,00" in failure.reason  # the actual size is named
    (article,) = ingest.read([str(page)], max_bytes=60_000_000)
    assert isinstance(article, Article) and article.text.startswith("VALLETTA")


def test_missing_paths_and_empty_globs_fail_clearly(tmp_path: Path) -> None:
    _, failures = split(ingest.read([str(tmp_path / "nope.txt"), str(tmp_path / "*.html")]))
    assert [f.reason for f in failures] == [
        "no such file or directory",
        "no file matches this pattern",
    ]


def test_glob_reads_matches_in_order(tmp_path: Path) -> None:
    for name in ("b", "a", "c"):
        (tmp_path / f"{name}.txt").write_text(
            body({"a": "harbour", "b": "border", "c": "harvest"}[name])
        )
    (tmp_path / "skip.html").write_text(html_page("harbour", "Port strike"))
    articles, failures = split(ingest.read([str(tmp_path / "*.txt")]))
    assert failures == []
    assert [Path(a.source).name for a in articles] == ["a.txt", "b.txt", "c.txt"]


def test_stdin_text_is_cleaned_and_keeps_its_metadata() -> None:
    page = scraped_text("harbour", "Valletta port strike ends after four days")
    result = CliRunner().invoke(app, ["clean", "-", "--published", "2024-05-02"], input=page)
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert row["text"] == body("harbour")
    assert row["title"] == "Valletta port strike ends after four days"
    assert row["published"] == "2024-05-02"
    assert row["dateline"] == "VALLETTA"
    assert set(row) == {"id", "title", "published", "url", "dateline", "text", "duplicates"}


def test_cli_reports_failures_on_stderr_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(body("border"), "utf-8")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    result = CliRunner().invoke(app, ["clean", str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.txt: empty input" in result.stderr
    assert json.loads(result.stdout)["text"] == body("border")


def test_ids_are_stable_and_json_ids_win(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(scraped_text("harvest", "Malawi declares drought disaster"), "utf-8")
    first = list(ingest.read([str(page)]))
    second = list(ingest.read([str(page)]))
    assert first == second
    assert first[0].id == stable_id(body("harvest"))
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"id": "mine-1", "text": body("harvest")}) + "\n", "utf-8")
    (article,) = ingest.read([str(lines)])
    assert article.id == "mine-1" and article.source == f"{lines}:1"


def test_json_lines_carry_metadata_and_html(tmp_path: Path) -> None:
    lines = tmp_path / "mixed.jsonl"
    rows = [
        {
            "id": "t",
            "text": body("border"),
            "published": "2024-03-05T10:00:00Z",
            "url": "https://example.org/t",
            "title": "Estonia protests",
        },
        {
            "id": "h",
            "html": html_page("harbour", "Port strike ends"),
            "url": "https://example.org/h",
        },
    ]
    lines.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    text_article, html_article = ingest.read([str(lines)])
    assert (text_article.published, text_article.url, text_article.title) == (
        "2024-03-05",
        "https://example.org/t",
        "Estonia protests",
    )
    assert text_article.text == body("border")
    assert html_article.id == "h" and html_article.text == body("harbour")
    assert html_article.title == "Port strike ends" and html_article.published == "2024-05-02"
    assert html_article.site == "The Harbour Times" and html_article.dateline == "VALLETTA"


def test_encoding_decisions() -> None:
    text = "The minister’s “résumé” was naïve, officials in Zürich said on Monday. " * 3
    assert encoding.decode(text.encode("cp1252")) == text
    assert encoding.decode(text.encode("utf-8")) == text
    assert encoding.decode(text.encode("utf-16")) == text
    cyrillic = "Москва заявила, что переговоры продолжатся на следующей неделе в Женеве."
    assert encoding.decode(cyrillic.encode("cp1251")) == cyrillic
    declared = b'<html><head><meta charset="iso-8859-15"></head><body>' + "€ 5".encode(
        "iso-8859-15"
    )
    assert "€ 5" in encoding.decode(declared)
    for bad, reason in [
        (text.encode("utf-8") + b"\xe2\x80", "damaged_utf8"),
        (bytes(range(128, 256)) * 3, "unknown_encoding"),
    ]:
        try:
            encoding.decode(bad)
        except IngestError as err:
            assert err.reason == reason
        else:
            raise AssertionError(f"{bad[:20]!r} should not decode")


def test_language_detection_is_offline_and_deterministic() -> None:
    german = "\n\n".join(GERMAN_STORY)
    results = {language.detect(german) for _ in range(3)}
    assert len(results) == 1
    (found,) = results
    assert found is not None and (found.code, found.name) == ("de", "German") and found.score > 0.9
    english = language.detect(body("harbour"))
    assert english is not None and english.code == "en"
    assert language.detect("Too short.") is None


def test_other_languages_can_be_accepted(tmp_path: Path) -> None:
    page = tmp_path / "de.txt"
    page.write_text("\n\n".join(GERMAN_STORY), "utf-8")
    (failure,) = ingest.read([str(page)])
    assert isinstance(failure, Failure) and "German (de" in failure.reason
    (article,) = ingest.read([str(page)], languages=frozenset({"en", "de"}))
    assert isinstance(article, Article) and article.language == "de"


def test_cli_max_bytes_option(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page("harbour", "Port strike"), "utf-8")
    small = CliRunner().invoke(app, ["clean", str(page), "--max-bytes", "1000"])
    assert small.exit_code == 1 and "1,000-byte limit" in small.stderr
    enough = CliRunner().invoke(app, ["clean", str(page), "--max-bytes", "100000", "--all"])
    assert enough.exit_code == 0
    row = json.loads(enough.stdout)
    assert row["site"] == "The Harbour Times" and row["language"] == "en"


def test_a_short_clean_text_is_not_mistaken_for_a_title() -> None:
    line = "Protesters clashed with police in the capital on Saturday"
    result = CliRunner().invoke(app, ["clean", "-"], input=line)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == line
