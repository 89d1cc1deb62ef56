"""The one grading seam: an episode's final world and transcript in, its grade out.

Every grader goes through here (the evaluation runner, the reference replayer and validator, the
`judge` command, the RL environment), so the deterministic checks, the judge and the policy
texts the judge reads are assembled in one place.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from corecraft_mcp.grading.judge import Judge, apply_judgement
from corecraft_mcp.grading.scoring import Grade, grade_deterministic
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.diff import WorldDiff, compute_diff
from corecraft_mcp.world.documents import policy_texts
from corecraft_mcp.world.world import World


@dataclass(frozen=True)
class GradedEpisode:
    grade: Grade
    diff: WorldDiff  # what the episode changed, as the checks saw it


async def grade_episode(
    task: Task,
    world: World,
    final: sqlite3.Connection,
    transcript: Transcript,
    judge: Judge | None = None,
) -> GradedEpisode:
    """Grade one episode of `task` on `world`.

    `final` is the episode's world when it ended (an Episode's `db.conn`, or a copy of a remote
    server's world); it is diffed against `world`'s base, never trusted to report its own
    changes, and only read. The deterministic checks run first; then, when a `judge` is given,
    it grades the judged criteria from the transcript and the task's policies as the agent could
    read them. Without a judge those criteria stay ungraded (`Verdict.satisfied is None`).
    """
    diff = compute_diff(final, world.base)
    grade = grade_deterministic(task, final, diff, transcript)
    return GradedEpisode(grade=await judge_grade(task, world, grade, transcript, judge), diff=diff)


async def judge_grade(
    task: Task, world: World, grade: Grade, transcript: Transcript, judge: Judge | None
) -> Grade:
    """The judged half of `grade_episode` on its own: `grade` with the judged criteria graded
    (unchanged without a judge). For re-grading a stored episode whose final world is gone."""
    if judge is None:
        return grade
    verdicts = await judge.judge(task, policy_texts(world.base, task.policies), transcript)
    return apply_judgement(grade, verdicts)
