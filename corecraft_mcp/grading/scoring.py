"""Grade an episode: one verdict per criterion; pass = every criterion, reward = weighted share."""

from __future__ import annotations

import sqlite3
from typing import Literal

from pydantic import BaseModel, Field

from corecraft_mcp.grading.checks import evaluate
from corecraft_mcp.tasks.models import (
    CalledCheck,
    Check,
    ClaimCheck,
    CriterionKind,
    MentionsCheck,
    NotCalledCheck,
    NotMentionsCheck,
    StateCheck,
    Task,
    UnchangedCheck,
)
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.diff import WorldDiff

Method = Literal[
    "state", "unchanged", "called", "not_called", "mentions", "not_mentions", "claim", "judge"
]


class Verdict(BaseModel):
    criterion_id: str
    kind: CriterionKind
    method: Method
    weight: float
    # None: not graded yet (a judged criterion before the judge ran, or with --no-judge).
    satisfied: bool | None
    evidence: str = ""
    judge_error: bool = False


class Grade(BaseModel):
    task_id: str
    verdicts: list[Verdict]
    passed: bool = Field(description="every criterion satisfied (ungraded ones count as not)")
    reward: float = Field(description="weighted share of criteria satisfied")
    deterministic_passed: bool = Field(description="every deterministic criterion satisfied")
    ungraded: list[str] = Field(default_factory=list)

    def failed(self) -> list[str]:
        return [v.criterion_id for v in self.verdicts if v.satisfied is False]


METHODS: dict[type[Check], Method] = {
    StateCheck: "state",
    UnchangedCheck: "unchanged",
    CalledCheck: "called",
    NotCalledCheck: "not_called",
    MentionsCheck: "mentions",
    NotMentionsCheck: "not_mentions",
    ClaimCheck: "claim",
}


def summarise(task_id: str, verdicts: list[Verdict]) -> Grade:
    total = sum(v.weight for v in verdicts)
    earned = sum(v.weight for v in verdicts if v.satisfied)
    deterministic = [v for v in verdicts if v.method != "judge"]
    return Grade(
        task_id=task_id,
        verdicts=verdicts,
        passed=all(v.satisfied for v in verdicts),
        reward=round(earned / total, 6) if total else 0.0,
        deterministic_passed=all(v.satisfied for v in deterministic),
        ungraded=[v.criterion_id for v in verdicts if v.satisfied is None],
    )


def grade_deterministic(
    task: Task, conn: sqlite3.Connection, diff: WorldDiff, transcript: Transcript
) -> Grade:
    """Every deterministic check; judged criteria are left ungraded for the judge."""
    verdicts: list[Verdict] = []
    for criterion in task.rubric:
        if criterion.check is None:
            verdicts.append(
                Verdict(
                    criterion_id=criterion.id,
                    kind=criterion.kind,
                    method="judge",
                    weight=criterion.weight,
                    satisfied=None,
                    evidence="awaiting the judge",
                )
            )
            continue
        outcome = evaluate(criterion.check, conn, diff, transcript)
        verdicts.append(
            Verdict(
                criterion_id=criterion.id,
                kind=criterion.kind,
                method=METHODS[type(criterion.check)],
                weight=criterion.weight,
                satisfied=outcome.satisfied,
                evidence=outcome.evidence,
            )
        )
    return summarise(task.id, verdicts)
