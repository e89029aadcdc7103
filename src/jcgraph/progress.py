"""Progress on a terminal for long steps (parse, inference, validation, export, push), quiet elsewhere.

One context manager, :func:`step`: it shows a rich spinner or bar on stderr only when stderr is a
terminal, ``CI`` is unset and the step has run for :data:`SHOW_AFTER` seconds, so quick commands,
pipes and CI logs never see it. The bar is transient: it disappears when the step ends.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Seconds a step runs before its progress appears (shorter steps show nothing).
SHOW_AFTER = 2.0


def enabled(stream=None) -> bool:
    """Whether progress may be shown: ``stream`` (stderr) is a terminal and this is not CI or NO_PROGRESS."""
    stream = stream or sys.stderr
    if os.environ.get("CI") or os.environ.get("JCGRAPH_NO_PROGRESS"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Step:
    """A running step: :meth:`update` sets how much is done (and the total, once known)."""

    def __init__(self, progress=None, task=None) -> None:
        self._progress, self._task = progress, task

    def update(self, completed: int | None = None, total: int | None = None, note: str | None = None) -> None:
        """Record progress; a no-op when progress is not shown."""
        if self._progress is None:
            return
        fields = {"completed": completed, "total": total}
        kwargs = {k: v for k, v in fields.items() if v is not None}
        if note is not None:
            kwargs["note"] = note
        self._progress.update(self._task, **kwargs)


@contextmanager
def step(description: str, total: int | None = None, stream=None, show_after: float = SHOW_AFTER) -> Iterator[Step]:
    """Show ``description`` with a spinner (or a bar when ``total`` is given) while the block runs long."""
    if not enabled(stream):
        yield Step()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    columns += [TextColumn("{task.fields[note]}"), TimeElapsedColumn()]
    progress = Progress(*columns, console=Console(file=stream or sys.stderr), transient=True)
    task = progress.add_task(description, total=total, note="")
    timer = threading.Timer(show_after, progress.start)
    timer.daemon = True
    timer.start()
    try:
        yield Step(progress, task)
    finally:
        timer.cancel()
        progress.stop()
