"""The batch progress bar (rich, on stderr): articles done, articles/s and the time left."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn
from rich.text import Text


class RateColumn(ProgressColumn):
    """Articles coded per second in this run, since the first shard came back (so the workers'
    start-up does not count, nor do shards finished by an earlier run)."""

    def render(self, task: Task) -> Text:
        rate = task.fields.get("rate", 0.0)
        return Text(f"{rate:.1f} articles/s" if rate else "… articles/s")


class EtaColumn(ProgressColumn):
    """Time left at the current rate, once the reader knows how many articles there are."""

    def render(self, task: Task) -> Text:
        rate, final = task.fields.get("rate", 0.0), task.fields.get("final", False)
        if not rate or not final or task.total is None:
            return Text("ETA …")
        left = int((task.total - task.completed) / rate)
        return Text(f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}")


class BatchProgress:
    """Shows a batch's progress unless ``quiet``; ``console`` is where failures are printed."""

    def __init__(self, quiet: bool, console: Console) -> None:
        self.console = console
        self._first: tuple[float, int] | None = None  # time and count at the first coded shard
        self._coded = 0
        self._bar: Progress | None = None
        if not quiet:
            self._bar = Progress(
                TextColumn("coding"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} articles"),
                RateColumn(),
                EtaColumn(),
                TextColumn("{task.fields[shards]} shards"),
                console=console,
                transient=True,
            )
            self._task = self._bar.add_task("coding", total=0, rate=0.0, final=False, shards=0)

    def __enter__(self) -> BatchProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, articles: int, coded: bool, total: int, final: bool) -> None:
        """A shard of ``articles`` is done (``coded`` now, or found finished by an earlier run).

        total: articles read so far; final: whether the reader has reached the end of the input.
        """
        now = time.perf_counter()
        if coded:
            self._coded += articles
            if self._first is None:
                self._first = (now, self._coded)
        if self._bar is None:
            return
        rate = 0.0
        if self._first is not None and now > self._first[0]:
            rate = (self._coded - self._first[1]) / (now - self._first[0])
        task = self._bar.tasks[0]
        self._bar.update(
            self._task,
            advance=articles,
            total=total,
            rate=rate,
            final=final,
            shards=task.fields["shards"] + 1,
        )
