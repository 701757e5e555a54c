"""Plain text that still carries a web page's clutter → the article's paragraphs and metadata.

The rules are data (``data/clutter.yaml``, extensible with a user file); this module only applies
them. See that file's header for what each action and scope means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from polybius.ingest.dates import iso_date
from polybius.ingest.options import load_table

METADATA_ACTIONS = ("title", "dateline", "published", "author", "site")
ACTIONS = ("drop", "drop_block", "stop", *METADATA_ACTIONS)
SCOPES = ("any", "head", "after_body")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_WORD = re.compile(r"\w+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@dataclass(frozen=True)
class Rule:
    """One row of the rule table: lines (or blocks) matching ``pattern`` get ``action``."""

    name: str
    pattern: re.Pattern[str]
    action: str = "drop"
    where: str = "any"
    max_words: int | None = None
    keep: str = "first"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Rule:
        """A rule from a YAML row; raises ValueError naming the rule when a field is wrong."""
        name = row.get("name", "?")
        action, where = row.get("action", "drop"), row.get("where", "any")
        keep = row.get("keep", "first")
        if action not in ACTIONS or where not in SCOPES or keep not in ("first", "last"):
            raise ValueError(
                f"clutter rule {name!r}: action must be one of {ACTIONS}, where one of {SCOPES},"
                " keep first or last"
            )
        try:
            pattern = re.compile(row["pattern"])
        except (KeyError, re.error) as err:
            raise ValueError(f"clutter rule {name!r}: bad or missing pattern ({err})") from err
        return cls(name, pattern, action, where, row.get("max_words"), keep)

    def applies(self, text: str, in_head: bool, body_seen: bool) -> re.Match[str] | None:
        """The match of this rule on ``text`` when its scope and length limit allow, else None."""
        if self.where == "head" and not in_head or self.where == "after_body" and not body_seen:
            return None
        if self.max_words is not None and _words(text) > self.max_words:
            return None
        return self.pattern.search(text)


@dataclass(frozen=True)
class Rules:
    """The whole rule table (see ``data/clutter.yaml``)."""

    line_rules: tuple[Rule, ...]
    block_rules: tuple[Rule, ...]
    inline_dateline: re.Pattern[str]
    reporting_min_words: int
    headline_min_words: int
    headline_max_words: int
    navigation_min_lines: int
    navigation_max_words: int
    widget_separator: re.Pattern[str]
    menu_min_segments: int
    menu_max_words: int


@dataclass(frozen=True)
class Cleaned:
    """The article left after clutter removal: its paragraphs (blank-line separated) and the
    metadata the clutter carried. Fields are empty (``published`` None) when not found."""

    text: str
    title: str = ""
    dateline: str = ""
    published: str | None = None
    author: str = ""
    site: str = ""
    removed: tuple[str, ...] = field(default=(), compare=False)


@cache
def load_rules(extra: str | None = None) -> Rules:
    """The rule table from ``data/clutter.yaml``, plus the rules of the YAML file ``extra``.

    Returns the compiled rules (cached per ``extra``); raises ValueError on a malformed rule.
    """
    table = load_table("clutter.yaml")
    lines = [Rule.from_row(r) for r in table["line_rules"]]
    blocks = [Rule.from_row(r) for r in table["block_rules"]]
    if extra:
        user = load_table(extra) or {}
        lines += [Rule.from_row(r) for r in user.get("line_rules", [])]
        blocks += [Rule.from_row(r) for r in user.get("block_rules", [])]
    return Rules(
        line_rules=tuple(lines),
        block_rules=tuple(blocks),
        inline_dateline=re.compile(table["inline_dateline"]["pattern"]),
        reporting_min_words=table["reporting"]["min_words"],
        headline_min_words=table["headline"]["min_words"],
        headline_max_words=table["headline"]["max_words"],
        navigation_min_lines=table["navigation"]["min_lines"],
        navigation_max_words=table["navigation"]["max_words"],
        widget_separator=re.compile(table["widget_lines"]["separator"]),
        menu_min_segments=table["widget_lines"]["menu_min_segments"],
        menu_max_words=table["widget_lines"]["menu_max_words"],
    )


def clean(text: str, rules: Rules | None = None, title: str = "") -> Cleaned:
    """Remove a page's clutter from ``text`` and collect the metadata it carried.

    text: plain text as scraped (title lines, widgets, bylines, author box, comment prompt...).
    rules: the rule table (default ``load_rules()``).
    title: the title when already known (from the page's metadata); lines repeating it go.
    Returns the cleaned paragraphs and metadata; ``text`` is "" when nothing of the article is left.
    """
    rules = rules or load_rules()
    blocks = split_blocks(text)
    reporting = [_is_reporting(block, rules) for block in blocks]
    first_body = reporting.index(True) if True in reporting else len(blocks)
    title = title or _repeated_line(
        [line for block in blocks[:first_body] for line in block], rules
    )
    meta: dict[str, str] = {"title": title} if title else {}
    kept: list[list[str]] = []
    removed: list[str] = []
    body_seen = False
    for index, block in enumerate(blocks):
        in_head = index < first_body
        if _is_navigation(block, rules) or _block_rule(block, rules, in_head, body_seen):
            removed.extend(block)
            continue
        lines, stop = _clean_lines(block, rules, meta, in_head, body_seen, removed)
        if lines:
            kept.append(lines)
            body_seen = body_seen or reporting[index]
        if stop:
            removed.extend(line for later in blocks[index + 1 :] for line in later)
            break
    _inline_dateline(kept, rules, meta)
    return Cleaned(
        text="\n\n".join(_paragraphs(lines) for lines in kept),
        title=meta.get("title", ""),
        dateline=meta.get("dateline", ""),
        published=iso_date(meta.get("published")),
        author=meta.get("author", ""),
        site=meta.get("site", ""),
        removed=tuple(removed),
    )


def split_blocks(text: str) -> list[list[str]]:
    """``text`` as blocks of non-empty, stripped lines (inner spacing kept: it separates widgets).

    Blocks are separated by blank lines; a text with no blank line at all has one block per line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw_blocks = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    blocks = []
    for raw in raw_blocks:
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    return blocks


def _clean_lines(
    block: list[str],
    rules: Rules,
    meta: dict[str, str],
    in_head: bool,
    body_seen: bool,
    removed: list[str],
) -> tuple[list[str], bool]:
    """The lines of ``block`` that survive the line rules, and whether a ``stop`` rule fired."""
    kept: list[str] = []
    for position, line in enumerate(block):
        if _key(line) == _key(meta.get("title", "")) or _is_widget_line(
            line, rules, in_head, body_seen
        ):
            removed.append(line)
            continue
        rule, found = _first_rule(line, rules.line_rules, in_head, body_seen)
        if rule is None or found is None:
            if in_head and _is_headline(line, rules):
                meta.setdefault("title", line)
                removed.append(line)
            else:
                kept.append(line)
            continue
        removed.append(line)
        if rule.action in METADATA_ACTIONS:
            value = (found.groupdict().get(rule.action) or found.group(0)).strip()
            if rule.keep == "last" or rule.action not in meta:
                meta[rule.action] = value
        elif rule.action == "drop_block":
            removed.extend(block[position + 1 :])
            break
        elif rule.action == "stop":
            removed.extend(block[position + 1 :])
            return kept, True
    return kept, False


def _is_widget_line(line: str, rules: Rules, in_head: bool, body_seen: bool) -> bool:
    """True for a line of several widget segments, each clutter, or a one-line menu."""
    segments = [part for part in rules.widget_separator.split(line) if part and part.strip()]
    if len(segments) < 2:
        return False
    if len(segments) >= rules.menu_min_segments and all(
        _words(part) <= rules.menu_max_words and not _SENTENCE_END.search(part) for part in segments
    ):
        return True
    for part in segments:
        rule, _ = _first_rule(part.strip(), rules.line_rules, in_head, body_seen)
        if rule is None or rule.action in METADATA_ACTIONS:
            return False
    return True


def _first_rule(
    text: str, candidates: tuple[Rule, ...], in_head: bool, body_seen: bool
) -> tuple[Rule | None, re.Match[str] | None]:
    for rule in candidates:
        found = rule.applies(text, in_head, body_seen)
        if found:
            return rule, found
    return None, None


def _block_rule(block: list[str], rules: Rules, in_head: bool, body_seen: bool) -> bool:
    rule, _ = _first_rule(" ".join(block), rules.block_rules, in_head, body_seen)
    return rule is not None


def _is_reporting(block: list[str], rules: Rules) -> bool:
    return any(
        _words(line) >= rules.reporting_min_words and _SENTENCE_END.search(line) for line in block
    )


def _is_navigation(block: list[str], rules: Rules) -> bool:
    return len(block) >= rules.navigation_min_lines and all(
        _words(line) <= rules.navigation_max_words and not _SENTENCE_END.search(line)
        for line in block
    )


def _is_headline(line: str, rules: Rules) -> bool:
    words = _words(line)
    return (
        rules.headline_min_words <= words <= rules.headline_max_words
        and not line.endswith((".", ",", ";", ":"))
        and line[:1].isupper()
    )


def _repeated_line(lines: list[str], rules: Rules) -> str:
    """The first head line that appears more than once and looks like a headline, else ""."""
    counts: dict[str, int] = {}
    for line in lines:
        counts[_key(line)] = counts.get(_key(line), 0) + 1
    for line in lines:
        if counts[_key(line)] > 1 and _is_headline(line, rules):
            return line
    return ""


def _inline_dateline(kept: list[list[str]], rules: Rules, meta: dict[str, str]) -> None:
    """A dateline opening the first reporting paragraph wins over a location label line."""
    first = next((block for block in kept if _is_reporting(block, rules)), None)
    found = rules.inline_dateline.search(first[0]) if first else None
    if found:
        meta["dateline"] = found.group("dateline").strip()


def _paragraphs(lines: list[str]) -> str:
    """A block's lines as paragraphs: a line that does not end a sentence and is followed by one
    starting in lower case is a hard wrap (joined with a space); other lines are paragraphs."""
    out = _SPACES.sub(" ", lines[0])
    for previous, line in zip(lines, lines[1:], strict=False):
        wrapped = not _SENTENCE_END.search(previous) and line[:1].islower()
        out += (" " if wrapped else "\n\n") + _SPACES.sub(" ", line)
    return out


def _key(line: str) -> str:
    return " ".join(_WORD.findall(line.casefold()))


def _words(text: str) -> int:
    return len(_WORD.findall(text))
