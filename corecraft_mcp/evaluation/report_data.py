"""What every report view starts from: a loaded run, neutral tables and the number formats.

The terminal and the HTML page render the same `Table`s, so a figure is computed and formatted
once and both views always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from corecraft_mcp.evaluation.metrics import Rate, Summary, compute_summary
from corecraft_mcp.evaluation.results import (
    CONFIG_FILE,
    EPISODES_FILE,
    EpisodeResult,
    ResultsFolder,
    RunConfig,
)

Align = Literal["left", "right"]


class ReportError(Exception):
    """A results folder the report cannot use: told to the user as one line."""


@dataclass(frozen=True)
class Run:
    """One results folder, read once: its config, its episodes (sorted) and fresh metrics."""

    path: Path
    config: RunConfig
    episodes: list[EpisodeResult]
    summary: Summary

    @property
    def label(self) -> str:
        return self.path.name or str(self.path)


def load_run(path: Path) -> Run:
    if not path.exists():
        raise ReportError(f"no results folder at {path}")
    if not path.is_dir():
        raise ReportError(f"{path} is not a folder: give the results folder of a run")
    folder = ResultsFolder(path)
    try:
        config = folder.read_config()
        episodes = folder.read_episodes()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise ReportError(
            f"{path / CONFIG_FILE} is not a run config: field '{where}': {first['msg']}"
        ) from exc
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read {path}: {_first_line(exc)}") from exc
    if config is None:
        raise ReportError(f"{path} has no {CONFIG_FILE}: is it the results folder of a run?")
    if not episodes:
        raise ReportError(f"{path} has no episodes yet ({EPISODES_FILE} is missing or empty)")
    episodes.sort(key=lambda e: e.key)
    # Recomputed rather than read from summary.json, which an interrupted run leaves stale.
    return Run(
        path=path, config=config, episodes=episodes, summary=compute_summary(config, episodes)
    )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


@dataclass(frozen=True)
class Column:
    name: str
    align: Align = "left"


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def rate_text(rate: Rate) -> str:
    """'42.3% (11/26)'"""
    return f"{pct(rate.rate)} ({rate.successes}/{rate.n})"


def ci_text(rate: Rate) -> str:
    return f"{pct(rate.low)} – {pct(rate.high)}" if rate.n else "–"


def points(delta: float) -> str:
    """A difference of two rates, in percentage points ('0.0 pp', never '+0.0' or '-0.0')."""
    text = f"{100 * delta:+.1f}"
    return f"{'0.0' if float(text) == 0 else text} pp"


def signed(delta: float, digits: int = 3) -> str:
    return f"{delta:+.{digits}f}"


def cost_text(cost: float | None) -> str:
    # None: at least one episode's model has no known price, so any total would understate it.
    return "unknown (no price for the model)" if cost is None else f"${cost:,.2f}"


def duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m {secs:02d}s" if hours else f"{minutes}m {secs:02d}s"


def short_hash(digest: str) -> str:
    return digest[:16]
