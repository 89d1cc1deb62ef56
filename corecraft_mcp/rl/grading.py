"""The one place the RL environment grades an episode.

Kept to a single private function so that the evaluator's and the replayer's grading seam can be
swapped in here in one line: the RL reward must be exactly the evaluator's grade.
"""

from __future__ import annotations

import sqlite3

from corecraft_mcp.evaluation.runner import policy_texts
from corecraft_mcp.grading.judge import Judge, apply_judgement
from corecraft_mcp.grading.scoring import Grade, grade_deterministic
from corecraft_mcp.grading.transcript import Transcript
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.world.diff import compute_diff
from corecraft_mcp.world.world import World


async def _grade_episode(
    world: World,
    task: Task,
    final: sqlite3.Connection,
    transcript: Transcript,
    judge: Judge | None,
) -> Grade:
    """As the evaluator grades: the deterministic checks on the final world and transcript, then
    the judge's verdicts on the judged criteria when a judge is configured."""
    diff = compute_diff(final, world.base)
    grade = grade_deterministic(task, final, diff, transcript)
    if judge is not None:
        verdicts = await judge.judge(task, policy_texts(world, task.policies), transcript)
        grade = apply_judgement(grade, verdicts)
    return grade
