"""Run a scripted solution (a task's reference or a near miss) through the tools and grade it."""

from __future__ import annotations

from dataclasses import dataclass

from corecraft_mcp.grading.grade import grade_episode
from corecraft_mcp.grading.scoring import Grade
from corecraft_mcp.tasks.models import Solution, Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.diff import WorldDiff
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World


@dataclass(frozen=True)
class Replay:
    transcript: Transcript
    diff: WorldDiff
    grade: Grade


async def replay(world: World, task: Task, solution: Solution, caller: ToolCaller) -> Replay:
    async with await Episode.start(world) as episode:
        calls = [await caller.call(episode.db, c.tool, c.args) for c in solution.calls]
        transcript = Transcript(calls=calls, response=solution.response)
        graded = await grade_episode(task, world, episode.db.conn, transcript)
    return Replay(transcript=transcript, diff=graded.diff, grade=graded.grade)
