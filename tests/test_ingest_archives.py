"""Web archives (WARC, WARC.gz built here with warcio's writer) and RSS/Atom feeds written here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from ingest_support import body, html_page, write_warc
from polybius import ingest
from polybius.cli import app
from polybius.model import Article, Failure

PAGES = {
    "https://harbour.example/strike": html_page("harbour", "Valletta port strike ends"),
    "https://north.example/airspace": html_page("border", "Estonia summons Russian envoy"),
}


def read_all(path: Path) -> list[Article | Failure]:
    return list(ingest.read([str(path)], dedup=False))


def test_warc_gz_response_records_become_articles(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, PAGES)
    records = read_all(archive)
    assert all(isinstance(r, Article) for r in records), records
    assert [r.url for r in records] == list(PAGES)
    assert [r.text for r in records] == [body("harbour"), body("border")]
    assert records[0].source == f"{archive}#https://harbour.example/strike"
    assert records[0].title == "Valletta port strike ends"


def test_plain_warc_is_read_too(tmp_path: Path) -> None:
    packed = tmp_path / "crawl.warc.gz"
    write_warc(packed, PAGES, extra_image=False)
    plain = tmp_path / "crawl.warc"
    plain.write_bytes(gzip.decompress(packed.read_bytes()))
    assert [r.url for r in read_all(plain)] == list(PAGES)


def test_truncated_warc_keeps_complete_records_and_fails_once(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, PAGES)
    data = whole.read_bytes()
    for cut in (0.2, 0.5, 0.8, 0.97):
        broken = tmp_path / f"cut-{cut}.warc.gz"
        broken.write_bytes(data[: int(len(data) * cut)])
        records = read_all(broken)
        failures = [r for r in records if isinstance(r, Failure)]
        assert len(failures) == 1 and "truncated or corrupt WARC" in failures[0].reason, cut
        articles = [r for r in records if isinstance(r, Article)]
        assert [a.url for a in articles] == list(PAGES)[: len(articles)]
        assert all(a.text in (body("harbour"), body("border")) for a in articles)


def test_warc_without_html_fails_clearly(tmp_path: Path) -> None:
    archive = tmp_path / "images.warc.gz"
    write_warc(archive, {}, extra_image=True)
    (failure,) = read_all(archive)
    assert isinstance(failure, Failure) and "no HTML response records" in failure.reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Times</title><link>https://harbour.example/</link>
<description>News</description>
<item><title>Valletta port strike ends</title><link>https://harbour.example/strike</link>
<pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate><author>desk@harbour.example (Desk)</author>
<description><![CDATA[{harbour}]]></description></item>
<item><title>Empty item</title><link>https://harbour.example/empty</link></item>
<item><title>Estonia summons envoy</title><link>https://harbour.example/airspace</link>
<pubDate>Mon, 06 May 2024 10:30:00 GMT</pubDate>
<description><![CDATA[{border}]]></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>North Wire</title>
<id>urn:north</id><updated>2024-05-10T00:00:00Z</updated>
<entry><title>Malawi declares drought disaster</title><id>urn:north:1</id>
<link href="https://north.example/harvest"/><updated>2024-05-10T09:00:00Z</updated>
<summary>Short summary only.</summary>
<content type="html"><![CDATA[{harvest}]]></content></entry>
</feed>"""


def paragraphs_html(name: str) -> str:
    return "".join(f"<p>{p}</p>" for p in body(name).split("\n\n"))


def test_rss_items_become_articles_and_an_empty_item_fails(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(
        RSS.format(harbour=paragraphs_html("harbour"), border=paragraphs_html("border")), "utf-8"
    )
    first, empty, second = read_all(feed)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.text == body("harbour") and second.text == body("border")
    assert (first.url, first.title, first.published, first.site) == (
        "https://harbour.example/strike",
        "Valletta port strike ends",
        "2024-05-02",
        "Harbour Times",
    )
    assert first.source == f"{feed}#1" and first.dateline == "VALLETTA"
    assert isinstance(empty, Failure) and empty.source == f"{feed}#2"
    assert "neither content nor summary" in empty.reason


def test_atom_content_wins_over_summary_and_sniffing_finds_the_feed(tmp_path: Path) -> None:
    feed = tmp_path / "north.txt"  # a feed saved under the wrong name is still a feed
    feed.write_text(ATOM.format(harvest=paragraphs_html("harvest")), "utf-8")
    (article,) = read_all(feed)
    assert isinstance(article, Article)
    assert article.text == body("harvest")
    assert (article.url, article.published, article.site) == (
        "https://north.example/harvest",
        "2024-05-10",
        "North Wire",
    )


def test_broken_and_empty_feeds_fail_once(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>x</title><item><title>unclosed", "utf-8")
    empty = tmp_path / "empty.atom"
    empty.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
        "utf-8",
    )
    (bad,) = read_all(broken)
    (none,) = read_all(empty)
    assert isinstance(bad, Failure) and "feed" in bad.reason
    assert isinstance(none, Failure) and none.reason == "feed has no items"


def test_warc_gz_on_standard_input(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, PAGES)
    result = CliRunner().invoke(app, ["clean", "-"], input=archive.read_bytes())
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in rows] == list(PAGES)
