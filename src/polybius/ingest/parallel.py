"""Run the per-document work (extraction, clutter removal, language) in worker processes,
keeping input order and a bounded number of documents in flight."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Passed = TypeVar("Passed")


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item | Passed],
    workers: int,
    passes: type[Passed],
    in_flight: int = 64,
) -> Iterator[Result | Passed]:
    """``function`` applied to every item that is not a ``passes`` instance, in input order.

    workers: processes to use (1: run here, no pool). in_flight: at most this many items are
    submitted and not yet yielded, so memory stays bounded on long inputs.
    Items of type ``passes`` (failures) are yielded as they are, in their place.
    """
    if workers <= 1:
        for item in items:
            yield item if isinstance(item, passes) else function(item)  # type: ignore[arg-type]
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque[Future[Result] | Passed] = deque()
        for item in items:
            if isinstance(item, passes):
                pending.append(item)
            else:
                pending.append(pool.submit(function, item))  # type: ignore[arg-type]
            while len(pending) > in_flight or pending and not isinstance(pending[0], Future):
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())


def _result(entry: Future[Result] | Passed) -> Result | Passed:
    return entry.result() if isinstance(entry, Future) else entry
