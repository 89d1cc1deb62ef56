"""CoreCraftEnv: one task attempt at a time on a fresh fork of a world, for RL trainers.

The same tools (through ToolCaller, the replayer's path: the same argument validation an MCP
client gets), the same system prompt and the same grader as the server and the evaluator. An
instance is reused across episodes: `reset` closes the previous fork, so memory stays flat over
thousands of episodes in one process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydantic_core
from pydantic import BaseModel, Field

from corecraft_mcp.grading.grade import grade_episode
from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.grading.scoring import Grade, Verdict
from corecraft_mcp.rl.schemas import tool_schemas
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World, open_world


class EpisodeStateError(RuntimeError):
    """A call out of order: step or finish before reset, or after finish."""


@functools.cache
def shared_world(name: str) -> World:
    """One immutable world per process: every environment instance forks the same base image
    (a trainer makes one instance per rollout; loading a world costs far more than a fork)."""
    return open_world(name)


@functools.cache
def _all_tasks() -> tuple[Task, ...]:
    return tuple(load_tasks())


def task_messages(system_prompt: str, task: Task) -> list[dict[str, str]]:
    """The conversation a model starts from, as the evaluator starts it."""
    return [
        {"role": "system", "content": system_prompt},
        {"role": "user", "content": task.instruction},
    ]


@dataclass(frozen=True)
class Observation:
    task_id: str
    messages: list[dict[str, str]]
    tools: list[dict[str, Any]]


@dataclass(frozen=True)
class StepResult:
    """A tool call's result as an MCP client sees it: the text content, whether it is an error,
    and the structured content of a successful call."""

    text: str
    is_error: bool
    structured: Any = None


class Outcome(BaseModel):
    task_id: str
    reward: float = Field(description="weighted share of criteria (with the judge if configured)")
    deterministic_reward: float = Field(
        description="weighted share of the deterministic criteria alone"
    )
    passed: bool
    verdicts: list[Verdict]
    grade: Grade


def _deterministic_reward(verdicts: list[Verdict]) -> float:
    checked = [v for v in verdicts if v.method != "judge"]
    total = sum(v.weight for v in checked)
    earned = sum(v.weight for v in checked if v.satisfied)
    return round(earned / total, 6) if total else 0.0


def _as_step_result(record: CallRecord) -> StepResult:
    if not record.ok:
        return StepResult(text=record.error or "error", is_error=True)
    # The MCP SDK's text for a structured result (mcpserver's _convert_to_content), byte for byte.
    text = pydantic_core.to_json(record.result, indent=2).decode()
    return StepResult(text=text, is_error=False, structured=record.result)


class CoreCraftEnv:
    def __init__(self, world: str | World = "seed42", judge: Judge | None = None) -> None:
        self.world = shared_world(world) if isinstance(world, str) else world
        self.judge = judge
        self.tasks = {t.id: t for t in _all_tasks() if t.world == self.world.name}
        self.system_prompt = support_agent_prompt(self.world)
        self._caller = ToolCaller()
        self._episode: Episode | None = None
        self._task: Task | None = None
        self._calls: list[CallRecord] = []

    @property
    def task(self) -> Task | None:
        """The task of the episode in progress (None before reset and after finish)."""
        return self._task

    @property
    def calls(self) -> list[CallRecord]:
        return list(self._calls)

    async def reset(self, task_id: str) -> Observation:
        """Fork a fresh world for the task: the prompt messages and the tool schemas."""
        task = self.tasks.get(task_id)
        if task is None:
            raise KeyError(
                f"no task '{task_id}' in world {self.world.name}: "
                "see `corecraft-mcp tasks list` for the task ids"
            )
        await self.close()
        self._episode = await Episode.start(self.world)
        self._task = task
        self._calls = []
        return Observation(
            task_id=task.id, messages=task_messages(self.system_prompt, task), tools=tool_schemas()
        )

    def _require_episode(self, action: str) -> Episode:
        if self._episode is None:
            raise EpisodeStateError(f"{action} needs an episode in progress: call reset(task_id)")
        return self._episode

    async def step(self, tool: str, args: Mapping[str, Any] | None = None) -> StepResult:
        """Call one tool. Bad input never raises: the error is in the result, as a model sees
        it."""
        episode = self._require_episode("step")
        if args is not None and not isinstance(args, Mapping):
            record = CallRecord(
                tool=tool,
                ok=False,
                error=f"invalid arguments for {tool}: give a JSON object, not {type(args).__name__}",
            )
        else:
            record = await self._caller.call(episode.db, tool, args or {})
        self._calls.append(record)
        return _as_step_result(record)

    async def finish(self, response: str) -> Outcome:
        """Grade the episode with the agent's final response, and end it."""
        episode = self._require_episode("finish")
        task = self._task
        assert task is not None
        transcript = Transcript(calls=self._calls, response=response)
        try:
            graded = await grade_episode(task, self.world, episode.db.conn, transcript, self.judge)
        finally:
            await self.close()
        grade = graded.grade
        return Outcome(
            task_id=task.id,
            reward=grade.reward,
            deterministic_reward=_deterministic_reward(grade.verdicts),
            passed=grade.passed,
            verdicts=grade.verdicts,
            grade=grade,
        )

    async def close(self) -> None:
        """End the episode in progress, if any, and free its fork."""
        episode, self._episode, self._task = self._episode, None, None
        self._calls = []
        if episode is not None:
            await episode.close()
