"""A parsed doc with its tokens materialised once.

spaCy builds a new ``Token`` object on every ``doc[i]`` and a ``Span`` on every slice; the
resolver looks at the same tokens many times, so it reads them through this view instead.
"""

from __future__ import annotations

from typing import overload

import numpy
from spacy.attrs import IDX, LENGTH, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token


class Text:
    """``doc`` with ``tokens`` listed once; ``view[i]`` is a token, ``view[a:b]`` a token list."""

    def __init__(self, doc: Doc, string: str | None = None) -> None:
        """string: ``doc.text`` when the caller already holds it (joining tokens is not free)."""
        self.doc = doc
        self.string = doc.text if string is None else string
        self.tokens: list[Token] = list(doc)
        self.ents: list[Span] = list(doc.ents)
        offsets = doc.to_array([IDX, LENGTH])
        self.starts: list[int] = offsets[:, 0].tolist()
        self.ends: list[int] = (offsets[:, 0] + offsets[:, 1]).tolist()
        is_start = doc.to_array("SENT_START") == 1
        is_start[:1] = True
        self.sentences: list[int] = (numpy.cumsum(is_start) - 1).tolist()
        self._lemmas: dict[int, str] = {}

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        return self.tokens[index]

    def __len__(self) -> int:
        return len(self.tokens)

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens ``[start, end)``."""
        return self.starts[start], self.ends[end - 1]

    def span(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)``."""
        first, last = self.chars(start, end)
        return self.string[first:last]

    def proper_nouns(self) -> list[Token]:
        """The tokens tagged ``PROPN``, in text order."""
        found = numpy.flatnonzero(self.doc.to_array(POS) == PROPN).tolist()
        return [self.tokens[i] for i in found]

    def lemma(self, index: int) -> str:
        """The lower-cased lemma of token ``index`` (read from spaCy once)."""
        if index not in self._lemmas:
            self._lemmas[index] = self.tokens[index].lemma_.lower()
        return self._lemmas[index]

    def sentence_of(self, index: int) -> int:
        """Index of the sentence holding token ``index``."""
        return self.sentences[index]
