"""The record passed between ingest's readers and its extractors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["html", "page_text", "text"]


@dataclass(frozen=True)
class Document:
    """One item read from a source, before extraction.

    source: where it came from (path, ``path:line``, WARC record URI, ``-``).
    body: the decoded content.
    kind: ``html`` (a page to extract), ``page_text`` (text still carrying a page's clutter) or
        ``text`` (clean article text, used as it is).
    meta: fields the source itself gave (``id``, ``url``, ``title``, ``published``, ``author``,
        ``site``); they win over what extraction finds.
    """

    source: str
    body: str
    kind: Kind
    meta: dict[str, str] = field(default_factory=dict)
