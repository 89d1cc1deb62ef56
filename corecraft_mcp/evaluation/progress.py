"""Live progress of an eval run on stderr: episodes done of total, outcomes so far (passes, fails,
episodes awaiting a judge, infra errors), ETA, tokens and cost. A rich bar on a terminal, one
plain line per episode otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

from corecraft_mcp.evaluation.results import EpisodeResult
from corecraft_mcp.progress import eta_text, live_bar, remaining_s

OUTCOME_WORDS = {
    "pass": "passed",
    "fail": "failed",
    "ungraded": "awaiting judge",
    "infra_error": "infra errors",
}


@dataclass
class RunTally:
    """The run so far."""

    total: int
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float | None = 0.0

    def add(self, result: EpisodeResult) -> None:
        self.done += 1
        self.outcomes[result.outcome] = self.outcomes.get(result.outcome, 0) + 1
        self.input_tokens += result.usage.input_tokens
        self.output_tokens += result.usage.output_tokens
        if result.status == "completed":
            # One episode of unknown price makes the total unknown, never an understatement.
            if result.cost_usd is None or self.cost_usd is None:
                self.cost_usd = None
            else:
                self.cost_usd += result.cost_usd

    def status(self) -> str:
        counts = ", ".join(
            f"{self.outcomes[o]} {word}"
            for o, word in OUTCOME_WORDS.items()
            if self.outcomes.get(o)
        )
        cost = "cost unknown" if self.cost_usd is None else f"${self.cost_usd:,.2f}"
        return (
            f"{counts or 'none yet'} | {self.input_tokens:,} in / {self.output_tokens:,} out "
            f"tokens | {cost}"
        )

    def eta(self) -> str:
        return eta_text(remaining_s(self.started, self.done, self.total))


def outcome_word(result: EpisodeResult) -> str:
    return {"ungraded": "awaiting judge", "infra_error": "infra error"}.get(
        result.outcome, result.outcome
    )


@contextmanager
def progress_reporter(
    total: int, label: str, stream: TextIO | None = None
) -> Iterator[Callable[[EpisodeResult], None]]:
    stream = stream or sys.stderr
    tally = RunTally(total=total)
    with live_bar(total, label, stream, status=tally.status()) as advance:
        if advance is not None:

            def live(result: EpisodeResult) -> None:
                tally.add(result)
                advance(tally.status())

            yield live
            return

    def plain(result: EpisodeResult) -> None:
        tally.add(result)
        print(
            f"[{tally.done}/{total}] {result.task_id}#{result.trial} {outcome_word(result)} "
            f"| {tally.status()} | {tally.eta()}",
            file=stream,
            flush=True,
        )

    yield plain
