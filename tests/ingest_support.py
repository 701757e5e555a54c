"""Inputs written for the ingest tests: short invented news stories and ways to wrap them in the
clutter of real sites (HTML templates, scraped text, feeds, WARC records)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STORIES: dict[str, list[str]] = {
    "harbour": [
        "VALLETTA (Wire) - Port workers in Valletta ended a four-day strike on Thursday after the "
        "transport ministry agreed to review night-shift pay, union officials said.",
        "The walkout had left more than forty container ships waiting offshore, and shipping "
        "agents said it would take at least a week to clear the backlog at the main terminal.",
        "Transport Minister Carla Mifsud told reporters the review would be finished by the end "
        "of next month and that no worker would be disciplined for joining the strike.",
        "The General Workers' Union said it would call a new stoppage if the review did not "
        "lead to a pay offer, and opposition lawmakers accused the government of acting too late.",
    ],
    "border": [
        "TALLINN (Wire) - Estonia summoned Russia's charge d'affaires on Monday after a military "
        "helicopter crossed into its airspace near the island of Vaindloo for about two minutes.",
        "The foreign ministry said the incursion was a serious breach and that it had handed the "
        "diplomat a protest note demanding an explanation from Moscow.",
        "Defence officials said NATO fighter jets based at Amari were scrambled but did not need "
        "to intercept the helicopter, which turned back before they arrived.",
        "Russia's embassy declined to comment, and the Kremlin has not said whether the aircraft "
        "belonged to its border guard service or to the air force.",
    ],
    "harvest": [
        "LILONGWE (Wire) - Malawi's government declared a state of disaster in eight districts on "
        "Friday after weeks of drought destroyed much of the maize harvest.",
        "President Lazarus Chakwera appealed for international food aid, saying more than two "
        "million people would need help before the next harvest in April.",
        "The World Food Programme said it was moving grain stocks from warehouses in the south "
        "and would begin distributions in the worst-hit districts within days.",
        "Farmers' groups urged the government to subsidise seed and fertiliser for the coming "
        "season, warning that many families had already eaten their seed stock.",
    ],
}

GERMAN_STORY = [
    "BERLIN - Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung von "
    "Solaranlagen auf öffentlichen Gebäuden beschlossen, teilte das Wirtschaftsministerium mit.",
    "Nach Angaben des Ministeriums sollen bis zum Jahr 2030 auf allen geeigneten Dächern von "
    "Schulen, Rathäusern und Krankenhäusern Anlagen installiert werden.",
    "Vertreter der Kommunen begrüßten die Pläne, forderten aber mehr Geld vom Bund, weil viele "
    "Städte die Kosten für die Installation nicht allein tragen könnten.",
]


def body(name: str) -> str:
    """The story ``name`` as clean text, paragraphs separated by blank lines."""
    return "\n\n".join(STORIES[name])


def html_page(
    name: str, title: str, site: str = "The Harbour Times", date: str = "2024-05-02"
) -> str:
    """The story in a news-site template: cookie banner, menu, share bar, related links."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in STORIES[name])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body>
<div class="cookies"><p>We use cookies. <button>Accept all</button></p></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
<div class="share"><a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
<div class="body">{paragraphs}</div></article>
<aside><h2>Most read</h2><ul><li><a href="/a">Celebrity chef opens a new bistro</a></li>
<li><a href="/b">Ten tips for a greener garden this spring</a></li></ul></aside></main>
<footer><p>&copy; 2024 {site}. All rights reserved.</p></footer></body></html>"""


def scraped_text(name: str, title: str, site: str = "harbourtimes.com") -> str:
    """The story as a scraper leaves it: site name, repeated title, widgets, byline, author box."""
    return "\n\n".join(
        [
            site,
            title,
            title,
            "  • 3 hours ago\n  • 2 comments",
            f"By {site}",
            body(name),
            "About the author\nDesk Editor\nThe desk covers regional news.\n"
            f"Email: desk@{site}\nPhone: +1 202 555 0100",
            "Leave a Comment",
        ]
    )


def write_warc(path: Path, pages: dict[str, str], extra_image: bool = True) -> None:
    """A gzipped WARC at ``path`` with one HTTP response record per ``url -> html`` page (and a
    request record before each, and one image response when ``extra_image``)."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, html in pages.items():
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
            )
            writer.write_record(record)
        if extra_image:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"
            )
            image = writer.create_warc_record(
                "https://example.org/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(64)),
                http_headers=headers,
            )
            writer.write_record(image)
