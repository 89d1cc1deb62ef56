"""Run tasks x trials against a model, concurrently, grading each episode and appending its
result as soon as it finishes; a re-run of the same command skips what is already on file."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import anyio
import httpx2
from mcp import MCPError

from corecraft_mcp.evaluation.backends import Backend
from corecraft_mcp.evaluation.loop import run_agent
from corecraft_mcp.evaluation.results import EpisodeResult, ResultsFolder, RunConfig
from corecraft_mcp.grading.chat import ChatModel, ProviderError, SamplingSettings
from corecraft_mcp.grading.grade import grade_episode
from corecraft_mcp.grading.judge import JUDGE_PROMPT_VERSION, Judge
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.world.world import World

log = logging.getLogger(__name__)

ModelFactory = Callable[[Task], ChatModel]
CostFn = Callable[[ChatModel, EpisodeResult], float | None]
Progress = Callable[[EpisodeResult], None]


class ResumeMismatchError(ValueError):
    """The results folder holds a different experiment."""


@dataclass(frozen=True)
class EvalSettings:
    system_prompt: str
    max_steps: int
    sampling: SamplingSettings
    episode_timeout_s: float


def no_cost(model: ChatModel, result: EpisodeResult) -> float | None:
    return 0.0


@dataclass(frozen=True)
class EvalPlan:
    """What every episode of a run shares: the world, where episodes run, the model, the grading
    and the limits."""

    world: World
    backend: Backend
    make_model: ModelFactory
    settings: EvalSettings
    judge: Judge | None = None
    cost: CostFn = no_cost
    concurrency: int = 4


# Failures of the model provider, the transport or the server, not of the agent: retried on resume.
INFRA_ERRORS: tuple[type[BaseException], ...] = (
    ProviderError,
    TimeoutError,
    OSError,
    RuntimeError,
    MCPError,
    anyio.BrokenResourceError,
    anyio.ClosedResourceError,
    httpx2.HTTPError,
)


def infrastructure_failure(exc: BaseException) -> BaseException | None:
    """The infrastructure error behind exc (task groups wrap errors in groups), or None when
    something else failed, which is a bug to surface, not to count."""
    if isinstance(exc, BaseExceptionGroup):
        leaves = [infrastructure_failure(e) for e in exc.exceptions]
        return leaves[0] if leaves and all(leaves) else None
    return exc if isinstance(exc, INFRA_ERRORS) else None


async def run_episode(plan: EvalPlan, task: Task, trial: int) -> EpisodeResult:
    """One attempt at a task: the agent works it through MCP, then it is graded. A failure of the
    infrastructure (provider, transport, server) is recorded as such, never as a task failure."""
    world, backend, judge, settings = plan.world, plan.backend, plan.judge, plan.settings
    started = time.perf_counter()
    model = plan.make_model(task)
    result = EpisodeResult(
        task_id=task.id,
        trial=trial,
        split=task.split,
        category=task.category,
        difficulty=task.difficulty,
        model=model.name,
        status="infra_error",
    )
    try:
        with anyio.fail_after(settings.episode_timeout_s) as deadline:
            async with backend.episode(task.id) as handle:
                outcome = await run_agent(
                    handle.client,
                    model,
                    settings.system_prompt,
                    task.instruction,
                    settings.sampling,
                    settings.max_steps,
                    handle.tools,
                )
                final = await handle.finish()
                # The timeout bounds the agent's work; the judge's own request timeouts bound it.
                deadline.deadline = math.inf
                graded = await grade_episode(task, world, final, outcome.transcript, judge)
    except BaseException as raised:
        exc = infrastructure_failure(raised)
        if exc is None:
            raise
        reason = "episode timed out" if isinstance(exc, TimeoutError) else str(exc)
        log.warning("%s trial %d: infrastructure error: %s", task.id, trial, reason)
        result.error = f"{type(exc).__name__}: {reason}"[:2000]
        result.wall_s = round(time.perf_counter() - started, 3)
        return result
    finally:
        await model.aclose()
    result = result.model_copy(
        update={
            "status": "completed",
            "transcript": outcome.transcript,
            "diff": graded.diff,
            "grade": graded.grade,
            "judge_model": judge.model_name if judge else None,
            "judge_prompt_version": JUDGE_PROMPT_VERSION if judge else None,
            "steps": outcome.steps,
            "hit_step_limit": outcome.hit_step_limit,
            "usage": outcome.usage,
            "wall_s": round(time.perf_counter() - started, 3),
        }
    )
    result.cost_usd = plan.cost(model, result)
    return result


def pending_work(
    folder: ResultsFolder, config: RunConfig, tasks: list[Task]
) -> list[tuple[Task, int]]:
    """The (task, trial) pairs still to run: never-run ones and infrastructure errors."""
    previous = folder.read_config()
    if previous is not None:
        differences = previous.same_experiment(config)
        if differences:
            raise ResumeMismatchError(
                f"{folder.path} holds a run with other settings ({', '.join(differences)}): "
                "choose another --out, or repeat the original command to resume it"
            )
    folder.repair()
    done = {e.key for e in folder.read_episodes() if e.status == "completed"}
    return [(t, k) for t in tasks for k in range(1, config.trials + 1) if (t.id, k) not in done]


async def run_all(
    plan: EvalPlan, work: list[tuple[Task, int]], folder: ResultsFolder, on_result: Progress
) -> None:
    """Run the (task, trial) pairs, `plan.concurrency` at a time, appending each result to the
    folder as soon as it is graded."""
    limiter = anyio.CapacityLimiter(plan.concurrency)

    async def one(task: Task, trial: int) -> None:
        async with limiter:
            result = await run_episode(plan, task, trial)
        folder.append(result)
        on_result(result)

    async with anyio.create_task_group() as group:
        for task, trial in work:
            group.start_soon(one, task, trial)
