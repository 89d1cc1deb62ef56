"""The difficulty rubric: a task's band computed from its reference solution and its metadata.

A task's declared `difficulty` must agree with the band (`tasks validate` reports a mismatch), so
difficulty means the same thing in every task and in every breakdown by difficulty. README.md
(section "Tasks (for task authors)") shows the same table; a test holds the two together.

| factor                                           | points                  |
|--------------------------------------------------|-------------------------|
| each distinct tool in the reference solution     | 1                       |
| each reference call beyond the third             | 1                       |
| each write call (at most two count)              | 2                       |
| each policy cited (at most three count)          | 1                       |
| each `reconcile` entry                           | 3, +1 per record beyond two |
| each policy exception (`exceptions`)             | 3                       |

easy: score <= 6. hard: score >= 12, at least one write, and something to reconcile or choose
among or a policy exception: a long lookup is not hard on its length alone. medium: the rest.
"""

from __future__ import annotations

from pydantic import BaseModel

from corecraft_mcp.tasks.models import Difficulty, Task
from corecraft_mcp.tools.registry import TOOLS

TOOL_POINTS = 1
SHORT_SOLUTION_CALLS = 3  # calls up to this many score nothing beyond their tools
CALL_POINTS = 1
WRITE_POINTS = 2
WRITES_COUNTED = 2
POLICY_POINTS = 1
POLICIES_COUNTED = 3
RECONCILE_POINTS = 3
EXTRA_RECORD_POINTS = 1
EXCEPTION_POINTS = 3
EASY_MAX = 6
HARD_MIN = 12

_WRITES = frozenset(spec.name for spec in TOOLS if spec.kind == "write")


class Assessment(BaseModel):
    """One task under the rubric: the counts it scores, the score and the band."""

    task_id: str
    declared: Difficulty
    tools: int
    calls: int
    writes: int
    policies: int
    reconcile: int
    records_to_reconcile: int
    exceptions: int
    score: int
    band: Difficulty

    @property
    def agrees(self) -> bool:
        return self.declared == self.band


def band_of(score: int, writes: int, reconcile: int, exceptions: int) -> Difficulty:
    if score <= EASY_MAX:
        return "easy"
    if score >= HARD_MIN and writes >= 1 and (reconcile or exceptions):
        return "hard"
    return "medium"


def assess(task: Task) -> Assessment:
    calls = task.reference.calls
    tools = len({c.tool for c in calls})
    writes = sum(1 for c in calls if c.tool in _WRITES)
    records = sum(len(entry.records) for entry in task.reconcile)
    score = (
        TOOL_POINTS * tools
        + CALL_POINTS * max(0, len(calls) - SHORT_SOLUTION_CALLS)
        + WRITE_POINTS * min(writes, WRITES_COUNTED)
        + POLICY_POINTS * min(len(task.policies), POLICIES_COUNTED)
        + RECONCILE_POINTS * len(task.reconcile)
        + EXTRA_RECORD_POINTS * (records - 2 * len(task.reconcile))
        + EXCEPTION_POINTS * len(task.exceptions)
    )
    return Assessment(
        task_id=task.id,
        declared=task.difficulty,
        tools=tools,
        calls=len(calls),
        writes=writes,
        policies=len(task.policies),
        reconcile=len(task.reconcile),
        records_to_reconcile=records,
        exceptions=len(task.exceptions),
        score=score,
        band=band_of(score, writes, len(task.reconcile), len(task.exceptions)),
    )


def mismatch(task: Task) -> str | None:
    """Why the declared difficulty is wrong, or None where it agrees with the rubric."""
    found = assess(task)
    if found.agrees:
        return None
    return (
        f"declares difficulty {found.declared} but the difficulty rubric scores it "
        f"{found.score} ({found.tools} tools, {found.calls} calls, {found.writes} writes, "
        f"{found.policies} policies, {found.reconcile} to reconcile, "
        f"{found.exceptions} exceptions): band {found.band}"
    )


class Distribution(BaseModel):
    """A per-task count over a task set: its mean and how many tasks have each value."""

    mean: float
    tasks_with: dict[int, int]

    @classmethod
    def of(cls, values: list[int]) -> Distribution:
        counts = {v: values.count(v) for v in sorted(set(values))}
        return cls(mean=round(sum(values) / len(values), 2) if values else 0.0, tasks_with=counts)


class DifficultyStats(BaseModel):
    """`tasks stats`: difficulty declared and by the rubric, and the effort a task set asks for."""

    tasks: int
    declared: dict[Difficulty, int]
    by_rubric: dict[Difficulty, int]
    disagreeing: list[str]
    reference_calls: Distribution
    writes: Distribution
    reconciling: int
    reconciling_share: float
    reconciling_by_kind: dict[str, int]
    with_exceptions: int


def difficulty_stats(tasks: list[Task]) -> DifficultyStats:
    found = [assess(t) for t in tasks]
    bands: tuple[Difficulty, ...] = ("easy", "medium", "hard")
    reconciling = [t for t in tasks if t.reconcile]
    return DifficultyStats(
        tasks=len(tasks),
        declared={b: sum(a.declared == b for a in found) for b in bands},
        by_rubric={b: sum(a.band == b for a in found) for b in bands},
        disagreeing=[a.task_id for a in found if not a.agrees],
        reference_calls=Distribution.of([a.calls for a in found]),
        writes=Distribution.of([a.writes for a in found]),
        reconciling=len(reconciling),
        reconciling_share=round(len(reconciling) / len(tasks), 3) if tasks else 0.0,
        reconciling_by_kind={
            kind: sum(any(e.kind == kind for e in t.reconcile) for t in tasks)
            for kind in ("conflict", "choice")
        },
        with_exceptions=sum(bool(t.exceptions) for t in tasks),
    )


def render_difficulty_stats(stats: DifficultyStats) -> str:
    def spread(counts: dict[int, int]) -> str:
        return "  ".join(f"{value}:{count}" for value, count in counts.items())

    lines = ["difficulty             declared  by rubric"]
    lines += [f"  {b:<20}{stats.declared[b]:>9}{stats.by_rubric[b]:>11}" for b in stats.declared]
    if stats.disagreeing:
        lines.append(f"  declared differs from the rubric: {', '.join(stats.disagreeing)}")
    lines += [
        "",
        f"reference calls per task: mean {stats.reference_calls.mean:.2f}",
        f"  calls:tasks  {spread(stats.reference_calls.tasks_with)}",
        f"writes per task: mean {stats.writes.mean:.2f}",
        f"  writes:tasks  {spread(stats.writes.tasks_with)}",
        f"tasks reconciling records or choosing among candidates: {stats.reconciling} of "
        f"{stats.tasks} ({stats.reconciling_share:.0%}; conflicting records "
        f"{stats.reconciling_by_kind['conflict']}, candidates "
        f"{stats.reconciling_by_kind['choice']})",
        f"tasks turning on a policy exception: {stats.with_exceptions}",
    ]
    return "\n".join(lines)
