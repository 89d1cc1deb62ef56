"""CoreCraft under inspect_ai: `inspect eval corecraft_mcp/corecraft --model openai/gpt-5.2`.

Registered through inspect's entry point (`[project.entry-points.inspect_ai]` in pyproject), so
inspect finds the task by package name once corecraft-mcp is installed with the `inspect` extra.

Each sample is one task, worked in its own fork of the task's world:
- the tools come from our MCP server, in process: the episode's server is reached over the MCP
  SDK's in-memory transport and each of its tools becomes an inspect tool (so the model sees
  exactly what an MCP client sees, and every call goes through the server's validation);
- the solver runs the model's turns with inspect's model and tool execution, up to `max_steps`,
  then ends the episode and grades the deterministic criteria against the final world (which
  exists only until the episode ends);
- the scorer is our grader's second half: it applies the judge (`judge_model`) to the judged
  criteria and reports every criterion's verdict in the score's metadata.

Task parameters (`-T name=value`): `split` (train or heldout), `tasks` (ids or globs, comma
separated), `judge_model` (one of our model specs, e.g. openai:gpt-5.2), `judge_votes`,
`max_steps`. Without a judge, judged criteria stay ungraded and are never counted as failures:
the score then has no `passed`, only `deterministic`, `reward` and `awaiting_judge`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from corecraft_mcp.evaluation.backends import InProcessBackend
from corecraft_mcp.evaluation.loop import _run_call, list_tool_schemas
from corecraft_mcp.grading.chat import ToolCallRequest, ToolSchema
from corecraft_mcp.grading.grade import grade_episode, judge_grade
from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.grading.scoring import Grade
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task as CoreTask
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.world import World, open_world

try:
    from inspect_ai import Task, task
    from inspect_ai.dataset import MemoryDataset, Sample
    from inspect_ai.model import ChatMessageSystem, execute_tools, get_model
    from inspect_ai.scorer import Score, Target, mean, scorer, stderr
    from inspect_ai.solver import Generate, TaskState, solver
    from inspect_ai.tool import Tool, ToolDef, ToolError, ToolParams
    from inspect_ai.util import LimitExceededError
except ImportError as missing:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "the inspect_ai task needs inspect: pip install 'corecraft-mcp[inspect]'"
    ) from missing

# Where the solver leaves its result for the scorer, in the sample's store.
EPISODE_KEY = "corecraft_episode"


class EpisodeRecord(BaseModel):
    """What the scorer needs of an episode, kept in the sample's (JSON) store."""

    transcript: Transcript
    grade: Grade
    hit_step_limit: bool


def _select(split: str | None, tasks: str | None) -> list[CoreTask]:
    if split not in (None, "train", "heldout"):
        raise ValueError(f"split {split!r} is not one of: train, heldout")
    patterns = [p.strip() for p in tasks.split(",") if p.strip()] if tasks else None
    selected = load_tasks(split=split, patterns=patterns)  # type: ignore[arg-type]
    if not selected:
        raise ValueError(
            f"no task matches split={split} tasks={tasks} (see `corecraft-mcp tasks list`)"
        )
    worlds = {t.world for t in selected}
    if len(worlds) != 1:
        raise ValueError(f"the selected tasks use several worlds ({sorted(worlds)}): select one")
    return selected


def _inspect_tool(client: Any, schema: ToolSchema, calls: list[CallRecord]) -> Tool:
    """One MCP tool as an inspect tool; every call is recorded for the grader, and an error
    result reaches the model as a tool error."""

    async def execute(**arguments: Any) -> str:
        call = ToolCallRequest(id=schema.name, name=schema.name, arguments=arguments)
        record, message = await _run_call(client, call)
        calls.append(record)
        if not record.ok:
            raise ToolError(message.content)
        return message.content

    parameters = ToolParams.model_validate(schema.input_schema)
    for name, param in parameters.properties.items():
        param.description = param.description or name
    return ToolDef(
        execute, name=schema.name, description=schema.description, parameters=parameters
    ).as_tool()


@solver
def corecraft_agent(world_name: str, max_steps: int = 30) -> Any:
    """The model works the sample's task through our MCP server until it answers or runs out of
    steps; the episode is then graded deterministically."""
    world = open_world(world_name)
    backend = InProcessBackend(world)
    tasks = {t.id: t for t in load_tasks()}
    prompt = support_agent_prompt(world)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        core = tasks[str(state.sample_id)]
        calls: list[CallRecord] = []
        hit_limit = True
        async with backend.episode(core.id) as handle:
            schemas = await list_tool_schemas(handle.client)
            tools = [_inspect_tool(handle.client, s, calls) for s in schemas]
            state.tools = tools
            state.messages.insert(0, ChatMessageSystem(content=prompt))
            model = get_model()
            try:
                for _ in range(max_steps):
                    state.output = await model.generate(state.messages, tools)
                    state.messages.append(state.output.message)
                    if not state.output.message.tool_calls:
                        hit_limit = False
                        break
                    executed = await execute_tools(state.messages, tools)
                    state.messages.extend(executed.messages)
            except LimitExceededError:
                pass  # inspect's own limits (tokens, time): graded as it stands, like a step limit
            final = await handle.finish()
            transcript = Transcript(
                calls=calls,
                response="" if hit_limit else state.output.completion,
                messages=[m.model_dump(mode="json", exclude_none=True) for m in state.messages],
            )
            # Deterministic only: the final world exists until the episode ends, while the
            # judged criteria are the scorer's (from the transcript).
            grade = (await grade_episode(core, world, final, transcript)).grade
        record = EpisodeRecord(transcript=transcript, grade=grade, hit_step_limit=hit_limit)
        state.store.set(EPISODE_KEY, record.model_dump(mode="json"))
        return state

    return solve


def _judge(judge_model: str | None, votes: int) -> Judge | None:
    if not judge_model:
        return None
    from corecraft_mcp.agents.registry import make_model

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Judge(make_model(judge_model), votes=votes, cache_dir=root / "corecraft-mcp" / "judge")


def _score(grade: Grade, judged: bool) -> Score:
    failed = any(v.satisfied is False for v in grade.verdicts)
    value: dict[str, float] = {
        "deterministic": float(grade.deterministic_passed),
        "reward": grade.reward,
    }
    if judged:
        value["passed"] = float(grade.passed)
    else:  # an ungraded criterion is never a failure: the pass is unknown, not 0
        value["awaiting_judge"] = float(bool(grade.ungraded) and not failed)
    outcome = "pass" if grade.passed else "fail" if failed else "awaiting judge"
    return Score(
        value=value,
        answer=outcome,
        explanation=f"{outcome}; not satisfied: {', '.join(grade.failed()) or 'none'}"
        + (f"; ungraded: {', '.join(grade.ungraded)}" if grade.ungraded else ""),
        metadata={
            "outcome": outcome,
            "verdicts": [v.model_dump(mode="json") for v in grade.verdicts],
        },
    )


def corecraft_grader(world: World, judge_model: str | None, judge_votes: int = 1) -> Any:
    judge = _judge(judge_model, judge_votes)
    tasks = {t.id: t for t in load_tasks()}
    keys = ["passed", "deterministic", "reward"] if judge else ["deterministic", "reward"]
    metrics: dict[str, Any] = {key: [mean(), stderr()] for key in keys}
    if judge is None:
        metrics["awaiting_judge"] = [mean()]

    @scorer(metrics=metrics, name="corecraft_grader")
    def grader() -> Any:
        async def score(state: TaskState, target: Target) -> Score:
            record = EpisodeRecord.model_validate(state.store.get(EPISODE_KEY))
            grade = record.grade
            if judge is not None:
                core = tasks[str(state.sample_id)]
                grade = await judge_grade(core, world, grade, record.transcript, judge)
            return _score(grade, judged=judge is not None)

        return score

    return grader()


@task
def corecraft(
    split: str | None = None,
    tasks: str | None = None,
    judge_model: str | None = None,
    judge_votes: int = 1,
    max_steps: int = 30,
) -> Task:
    """CoreCraft's customer-support tasks, through its MCP server, graded by its rubrics."""
    selected = _select(split, tasks)
    world = open_world(selected[0].world)
    dataset = MemoryDataset(
        [
            Sample(
                id=t.id,
                input=t.instruction,
                metadata={
                    "category": t.category,
                    "difficulty": t.difficulty,
                    "split": t.split,
                    "world": t.world,
                },
            )
            for t in selected
        ],
        name="corecraft",
    )
    return Task(
        dataset=dataset,
        solver=corecraft_agent(world.name, max_steps=int(max_steps)),
        scorer=corecraft_grader(world, judge_model, int(judge_votes)),
        name="corecraft",
    )
