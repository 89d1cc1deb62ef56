"""The grading seam: grade_episode runs the checks, then the judge, which reads the policies as the
agent could read them through MCP."""

from __future__ import annotations

from pathlib import Path

from mcp import Client

from corecraft_mcp.grading.chat import (
    Completion,
    Message,
    SamplingSettings,
    ToolCallRequest,
    ToolSchema,
)
from corecraft_mcp.grading.grade import grade_episode, judge_grade
from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.server import server_for_episode
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World
from tests.conftest import text_of


class ApprovingJudgeModel:
    """A judge model that satisfies every criterion it is asked about and keeps the prompts."""

    name = "fake:judge"

    def __init__(self, task: Task) -> None:
        self.criteria = [c.id for c in task.rubric if c.judge]
        self.prompts: list[str] = []

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: SamplingSettings
    ) -> Completion:
        self.prompts.append(messages[-1].content)
        verdicts = [{"criterion_id": i, "reason": "fine", "satisfied": True} for i in self.criteria]
        call = ToolCallRequest(id="v", name="record_verdicts", arguments={"verdicts": verdicts})
        return Completion(tool_calls=[call])

    async def aclose(self) -> None:
        return None


def _judged_task(world: World) -> Task:
    """A task with judged criteria that names policies."""
    return next(
        t
        for t in load_tasks()
        if t.world == world.name and t.policies and any(c.judge for c in t.rubric)
    )


async def _reference_transcript(episode: Episode, task: Task) -> Transcript:
    caller = ToolCaller()
    calls = [await caller.call(episode.db, c.tool, c.args) for c in task.reference.calls]
    return Transcript(calls=calls, response=task.reference.response)


async def test_without_a_judge_the_judged_criteria_stay_ungraded(
    world: World, episode: Episode
) -> None:
    task = _judged_task(world)
    transcript = await _reference_transcript(episode, task)
    graded = await grade_episode(task, world, episode.db.conn, transcript)
    assert graded.grade.deterministic_passed
    assert graded.diff == episode.diff()
    judged = {c.id for c in task.rubric if c.judge}
    assert {v.criterion_id for v in graded.grade.verdicts if v.satisfied is None} == judged


async def test_the_judge_reads_the_policies_the_agent_could_read(
    world: World, episode: Episode, tmp_path: Path
) -> None:
    task = _judged_task(world)
    async with Client(server_for_episode(episode)) as client:
        readable = {
            slug: text_of((await client.read_resource(f"corecraft://policies/{slug}")).contents[0])
            for slug in task.policies
        }
    transcript = await _reference_transcript(episode, task)
    model = ApprovingJudgeModel(task)
    graded = await grade_episode(
        task, world, episode.db.conn, transcript, Judge(model, cache_dir=tmp_path)
    )

    assert len(model.prompts) == 1
    for slug, text in readable.items():
        # The judge's section for the policy is the resource's text, whole and unchanged.
        assert f"### Policy `{slug}`\n\n{text.strip()}\n" in model.prompts[0] + "\n"
    assert all(v.satisfied for v in graded.grade.verdicts)

    # Re-grading a stored episode goes through the same judge half and reads the same texts.
    again = ApprovingJudgeModel(task)
    regraded = await judge_grade(
        task, world, graded.grade, transcript, Judge(again, cache_dir=tmp_path / "fresh")
    )
    assert again.prompts == model.prompts
    assert regraded.verdicts == graded.grade.verdicts
