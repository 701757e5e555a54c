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

    def applies(
        self, text: str, words: int, in_head: bool, body_seen: bool
    ) -> re.Match[str] | None:
        """The match of this rule on ``text`` (of ``words`` words) when its scope and length
        limit allow, else None."""
        if self.where == "head" and not in_head or self.where == "after_body" and not body_seen:
            return None
        if self.max_words is not None and words > self.max_words:
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
    tail_max_reporting_after: float


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
        tail_max_reporting_after=table["tail"]["max_reporting_after"],
    )


def clean(
    text: str, rules: Rules | None = None, title: str = "", trim_tail: bool = True
) -> Cleaned:
    """Remove a page's clutter from ``text`` and collect the metadata it carried.

    text: plain text as scraped (title lines, widgets, bylines, author box, comment prompt...).
    rules: the rule table (default ``load_rules()``).
    title: the title when already known (from the page's metadata); lines repeating it go.
    trim_tail: drop the lines after the last reporting paragraph that do not end a sentence
        (False for text an HTML extractor already cut out of its page, where such lines are
        lists and table rows of the article).
    Returns the cleaned paragraphs and metadata; ``text`` is "" when nothing of the article is left.
    """
    rules = rules or load_rules()
    blocks = split_blocks(text)
    words = [_reporting_words(block, rules) for block in blocks]
    first_body = next((i for i, count in enumerate(words) if count), len(blocks))
    title = title or _repeated_line([line for b in blocks[:first_body] for line in b], rules)
    state = _Pass(rules, {"title": title} if title else {}, has_body=first_body < len(blocks))
    words_after = sum(words)
    kept: list[list[str]] = []
    for index, block in enumerate(blocks):
        words_after -= words[index]
        state.in_head = index < first_body
        state.at_tail = words_after <= rules.tail_max_reporting_after * state.body_words
        if _is_navigation(block, rules) or state.match(" ".join(block), rules.block_rules):
            state.removed.extend(block)
            continue
        lines, stop = state.clean_lines(block)
        if lines:
            kept.append(lines)
            state.body_words += words[index]
        if stop:
            state.removed.extend(line for later in blocks[index + 1 :] for line in later)
            break
    if trim_tail:
        kept = _trim_tail(kept, rules, state.removed)
    _inline_dateline(kept, rules, state.meta)
    meta = state.meta
    return Cleaned(
        text="\n\n".join(_paragraphs(lines) for lines in kept),
        title=meta.get("title", ""),
        dateline=meta.get("dateline", ""),
        published=iso_date(meta.get("published")),
        author=meta.get("author", ""),
        site=meta.get("site", ""),
        removed=tuple(state.removed),
    )


@dataclass
class _Pass:
    """The state of one pass over a text: metadata found, lines removed, and where we are.

    has_body: the text has a reporting block (else no head line is taken for a title).
    in_head: before the first reporting block. body_words: reporting words kept so far.
    at_tail: little reporting text is left after the current block (``stop`` rules may fire).
    """

    rules: Rules
    meta: dict[str, str]
    removed: list[str] = field(default_factory=list)
    has_body: bool = True
    in_head: bool = True
    body_words: int = 0
    at_tail: bool = False

    def match(self, text: str, candidates: tuple[Rule, ...]) -> tuple[Rule, re.Match[str]] | None:
        """The first rule of ``candidates`` matching ``text`` here, with its match, or None."""
        words = _words(text)
        for rule in candidates:
            found = rule.applies(text, words, self.in_head, self.body_words > 0)
            if found:
                return rule, found
        return None

    def clean_lines(self, block: list[str]) -> tuple[list[str], bool]:
        """The lines of ``block`` that survive the line rules, and whether to stop here."""
        kept: list[str] = []
        for position, line in enumerate(block):
            if _key(line) == _key(self.meta.get("title", "")) or self.is_widget_line(line):
                self.removed.append(line)
                continue
            hit = self.match(line, self.rules.line_rules)
            if hit is None:
                if self.has_body and self.in_head and _is_headline(line, self.rules):
                    self.meta.setdefault("title", line)
                    self.removed.append(line)
                else:
                    kept.append(line)
                continue
            rule, found = hit
            self.removed.append(line)
            if rule.action in METADATA_ACTIONS:
                value = (found.groupdict().get(rule.action) or found.group(0)).strip()
                if rule.keep == "last" or rule.action not in self.meta:
                    self.meta[rule.action] = value
            elif rule.action == "drop_block" or rule.action == "stop" and self.at_tail:
                self.removed.extend(block[position + 1 :])
                return kept, rule.action == "stop"
        return kept, False

    def is_widget_line(self, line: str) -> bool:
        """True for a line of several widget segments, each clutter, or a one-line menu."""
        if line.startswith("|") and line.endswith("|"):
            return False  # a table row, not a menu
        segments = [part.strip() for part in self.rules.widget_separator.split(line)]
        segments = [part for part in segments if part]
        if len(segments) < 2:
            return False
        if len(segments) >= self.rules.menu_min_segments and all(
            _words(part) <= self.rules.menu_max_words and not _SENTENCE_END.search(part)
            for part in segments
        ):
            return True
        hits = [self.match(part, self.rules.line_rules) for part in segments]
        return all(hit is not None and hit[0].action not in METADATA_ACTIONS for hit in hits)


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


def _reporting_words(block: list[str], rules: Rules) -> int:
    """The words of ``block`` when it is reporting (a line of enough words ending a sentence)."""
    if any(
        _words(line) >= rules.reporting_min_words and _SENTENCE_END.search(line) for line in block
    ):
        return sum(_words(line) for line in block)
    return 0


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


def _trim_tail(kept: list[list[str]], rules: Rules, removed: list[str]) -> list[list[str]]:
    """``kept`` without the lines after the last reporting block that do not end a sentence
    (link lists, labels and buttons that follow a story)."""
    last = max((i for i, block in enumerate(kept) if _reporting_words(block, rules)), default=-1)
    if last < 0:
        return kept
    tail = []
    for block in kept[last + 1 :]:
        sentences = [line for line in block if _SENTENCE_END.search(line)]
        removed.extend(line for line in block if not _SENTENCE_END.search(line))
        if sentences:
            tail.append(sentences)
    return kept[: last + 1] + tail


def _inline_dateline(kept: list[list[str]], rules: Rules, meta: dict[str, str]) -> None:
    """A dateline opening the first reporting paragraph wins over a location label line."""
    first = next((block for block in kept if _reporting_words(block, rules)), None)
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
