"""Progress of a long command on stderr (stdout stays the command's output): a live rich bar on a
terminal, one plain line per step otherwise (logs, CI, pipes), so neither fills a log with
redraws nor leaves a terminal silent."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Advance = Callable[[str], None]


def on_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    return hasattr(stream, "isatty") and stream.isatty()


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return "ETA –"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"ETA {hours}h {minutes:02d}m" if hours else f"ETA {minutes}m {secs:02d}s"


def remaining_s(started: float, done: int, total: int) -> float | None:
    """Time left at the average pace so far (None before the first step)."""
    if done == 0:
        return None
    return (time.monotonic() - started) / done * max(0, total - done)


@contextmanager
def live_bar(
    total: int, label: str, stream: TextIO, *, status: str = "", transient: bool = False
) -> Iterator[Advance | None]:
    """Yields advance(status) moving a rich bar one step on a terminal, `status` shown after
    it; None off a terminal or without rich (the caller then prints plain lines)."""
    if not on_terminal(stream):
        yield None
        return
    try:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
    except ImportError:  # the core install has no rich: plain lines then
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(bar_width=24),  # leaves room for the status on an 80-column terminal
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[status]}"),
        console=Console(file=stream),
        transient=transient,
    ) as bar:
        job = bar.add_task(label, total=total, status=status)
        yield lambda text: bar.update(job, advance=1, status=text)


@contextmanager
def steps(total: int, label: str, stream: TextIO | None = None) -> Iterator[Advance]:
    """Yields advance(what): one step of `total` done, `what` naming it."""
    stream = stream or sys.stderr
    if total <= 0:
        yield lambda what: None
        return
    with live_bar(total, label, stream, transient=True) as live:
        if live is not None:
            yield live
            return
    started = time.monotonic()
    done = 0

    def plain(what: str) -> None:
        nonlocal done
        done += 1
        eta = eta_text(remaining_s(started, done, total))
        print(f"{label} [{done}/{total}] {what} ({eta})", file=stream, flush=True)

    yield plain
