"""A run's results folder: the config, one JSON line per episode (append-only), the summary.

DIR/config.json      what was run (model, tasks, trials, judge, sampling, world hash)
DIR/episodes.jsonl   one EpisodeResult per line, appended as each episode finishes, so a
                     killed run loses at most the episodes in flight
DIR/summary.json     the metrics, rewritten at the end of a run (and by `judge`)
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from corecraft_mcp.grading.chat import SamplingSettings, Usage
from corecraft_mcp.grading.scoring import Grade
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.diff import WorldDiff
from corecraft_mcp.world.store import atomic_write

log = logging.getLogger(__name__)

CONFIG_FILE = "config.json"

# pass: every criterion satisfied; fail: some criterion not satisfied; ungraded: nothing failed
# but some (judged) criterion awaits a judge, so the episode is neither passed nor failed yet.
Outcome = Literal["pass", "fail", "ungraded", "infra_error"]
EPISODES_FILE = "episodes.jsonl"
SUMMARY_FILE = "summary.json"


class RunConfig(BaseModel):
    model: str
    world: str
    world_hash: str
    task_ids: list[str]
    trials: int = Field(ge=1)
    max_steps: int = Field(ge=1)
    concurrency: int = Field(ge=1)
    sampling: SamplingSettings = Field(default_factory=SamplingSettings)
    judge_model: str | None = None
    judge_votes: int = 1
    judge_sampling: SamplingSettings | None = None  # what the judge was asked to sample with
    server: str = "in-process"
    version: str = ""

    def same_experiment(self, other: RunConfig) -> list[str]:
        """The settings that differ in a way that makes resuming into this folder wrong."""
        keys = ("model", "world_hash", "max_steps", "sampling", "server")
        return [k for k in keys if getattr(self, k) != getattr(other, k)]


class EpisodeResult(BaseModel):
    task_id: str
    trial: int
    split: str
    category: str
    difficulty: str
    model: str
    status: Literal["completed", "infra_error"]
    error: str | None = None
    transcript: Transcript = Field(default_factory=Transcript)
    diff: WorldDiff = Field(default_factory=WorldDiff)
    grade: Grade | None = None
    judge_model: str | None = None
    judge_prompt_version: str | None = None
    steps: int = 0
    hit_step_limit: bool = False
    usage: Usage = Field(default_factory=Usage)
    cost_usd: float | None = None
    wall_s: float = 0.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.task_id, self.trial)

    @property
    def passed(self) -> bool:
        return self.status == "completed" and self.grade is not None and self.grade.passed

    @property
    def outcome(self) -> Outcome:
        if self.status != "completed":
            return "infra_error"
        if self.grade is None:
            return "ungraded"
        if any(v.satisfied is False for v in self.grade.verdicts):
            return "fail"
        return "ungraded" if self.grade.ungraded else "pass"

    @property
    def reward(self) -> float:
        return self.grade.reward if self.status == "completed" and self.grade else 0.0


class ResultsFolder:
    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def episodes_path(self) -> Path:
        return self.path / EPISODES_FILE

    def read_config(self) -> RunConfig | None:
        file = self.path / CONFIG_FILE
        return RunConfig.model_validate_json(file.read_text()) if file.exists() else None

    def write_config(self, config: RunConfig) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path / CONFIG_FILE, config.model_dump_json(indent=2))

    def read_episodes(self) -> list[EpisodeResult]:
        """Every episode on file; for a (task, trial) written twice (a retried infrastructure
        error), the last line wins. A torn last line (the run was killed mid-write) is skipped."""
        if not self.episodes_path.exists():
            return []
        latest: dict[tuple[str, int], EpisodeResult] = {}
        with self.episodes_path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    result = EpisodeResult.model_validate_json(line)
                except ValidationError:
                    log.warning("%s line %d is incomplete; ignoring it", self.episodes_path, number)
                    continue
                latest[result.key] = result
        return list(latest.values())

    def repair(self) -> int:
        """Drop torn lines (a run killed mid-write) from the file, so that a resumed run reruns
        those episodes and the file is whole again; returns how many lines were dropped."""
        if not self.episodes_path.exists():
            return 0
        kept: list[str] = []
        torn = 0
        with self.episodes_path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if not line.strip():
                    continue
                try:
                    EpisodeResult.model_validate_json(line)
                except ValidationError:
                    torn += 1
                    continue
                kept.append(line if line.endswith("\n") else line + "\n")
        if torn:
            atomic_write(self.episodes_path, "".join(kept))
            log.warning("%s: dropped %d torn line(s); their episodes run again", self.path, torn)
        return torn

    def append(self, result: EpisodeResult) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        line = result.model_dump_json() + "\n"
        with self.episodes_path.open("a", encoding="utf-8") as out:
            # A torn line from a killed writer must not glue itself onto this one.
            if out.tell() > 0 and not _ends_with_newline(self.episodes_path):
                out.write("\n")
            out.write(line)
            out.flush()
            os.fsync(out.fileno())

    def rewrite_episodes(self, results: list[EpisodeResult]) -> None:
        """Replace every line at once (used by re-grading)."""
        body = "".join(r.model_dump_json() + "\n" for r in results)
        atomic_write(self.episodes_path, body)

    def write_summary(self, summary: BaseModel) -> None:
        atomic_write(self.path / SUMMARY_FILE, summary.model_dump_json(indent=2))

    def read_summary_json(self) -> dict[str, object] | None:
        file = self.path / SUMMARY_FILE
        return json.loads(file.read_text()) if file.exists() else None


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"
