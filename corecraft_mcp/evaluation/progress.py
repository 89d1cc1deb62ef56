"""Progress of a run on stderr: a rich bar with the pass rate so far, or plain lines."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from corecraft_mcp.evaluation.results import EpisodeResult


@contextmanager
def progress_reporter(total: int, label: str) -> Iterator[Callable[[EpisodeResult], None]]:
    counts = {"done": 0, "passed": 0, "infra": 0, "awaiting": 0}

    def tally(result: EpisodeResult) -> str:
        counts["done"] += 1
        counts["passed"] += result.outcome == "pass"
        counts["infra"] += result.outcome == "infra_error"
        counts["awaiting"] += result.outcome == "ungraded"
        graded = counts["done"] - counts["infra"]
        text = f"{counts['passed']} passed of {graded}"
        if counts["awaiting"]:
            text += f", {counts['awaiting']} awaiting judge"
        return text + (f", {counts['infra']} infra errors" if counts["infra"] else "")

    try:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )
    except ImportError:

        def plain(result: EpisodeResult) -> None:
            status = {"ungraded": "awaiting judge"}.get(result.outcome, result.outcome)
            line = f"{result.task_id}#{result.trial} {status} ({tally(result)})"
            print(
                f"[{counts['done']}/{total}] {line}",
                file=sys.stderr,
            )

        yield plain
        return

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
        transient=False,
        console=Console(stderr=True),
    ) as bar:
        job = bar.add_task(label, total=total, status="")

        def rich(result: EpisodeResult) -> None:
            bar.update(job, advance=1, status=tally(result))

        yield rich
