"""`corecraft-mcp eval --ray [ADDRESS]`: the same episodes, spread over a Ray cluster.

Each worker is an async Ray actor that loads the world, builds the backend, the model factory and
the judge itself (a world is a SQLite image, not something to ship per call) and runs the episodes
it is handed, several at once, with the same `run_episode` as a local run. The driver keeps every
worker fed from one queue and appends each result to the results folder as it arrives, so resume,
the summary and the reports are exactly a local run's. Episodes are I/O bound: Ray is here to use
more machines, not more cores of one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from corecraft_mcp.evaluation.backends import Backend
from corecraft_mcp.evaluation.results import EpisodeResult, ResultsFolder
from corecraft_mcp.evaluation.runner import (
    CostFn,
    EvalPlan,
    EvalSettings,
    ModelFactory,
    Progress,
    run_episode,
)
from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.world.world import World, open_world

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerRecipe:
    """What a worker needs to run episodes, as picklable factories (Ray pickles them with
    cloudpickle): a world, its backend, the model and the judge are built on the worker."""

    world: str
    make_backend: Callable[[World], Backend]
    make_model: ModelFactory
    make_judge: Callable[[], Judge | None]
    settings: EvalSettings
    cost: CostFn


class EpisodeWorker:
    def __init__(self, recipe: WorkerRecipe) -> None:
        world = open_world(recipe.world)
        self.plan = EvalPlan(
            world=world,
            backend=recipe.make_backend(world),
            make_model=recipe.make_model,
            settings=recipe.settings,
            judge=recipe.make_judge(),
            cost=recipe.cost,
        )
        self.tasks = {t.id: t for t in load_tasks() if t.world == recipe.world}

    async def run(self, task_id: str, trial: int) -> str:
        result = await run_episode(self.plan, self.tasks[task_id], trial)
        return result.model_dump_json()


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise RuntimeError("--ray needs Ray: pip install 'corecraft-mcp[ray]'") from exc
    return ray


def connect(address: str | None, workers: int | None) -> None:
    """Join the cluster at address (or RAY_ADDRESS), or start a local one."""
    ray = _ray()
    if ray.is_initialized():
        return
    options: dict[str, Any] = {"log_to_driver": False, "configure_logging": False}
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, **options)


def cluster_cpus() -> int:
    return max(1, int(_ray().cluster_resources().get("CPU", 1)))


def run_all_ray(
    recipe: WorkerRecipe,
    work: list[tuple[Task, int]],
    folder: ResultsFolder,
    concurrency: int,
    workers: int,
    on_result: Progress,
) -> None:
    """Run the work over `workers` actors, `concurrency` episodes in flight in all."""
    if not work:
        return
    ray = _ray()
    actor = ray.remote(num_cpus=1)(EpisodeWorker)
    count = max(1, min(workers, len(work)))
    per_actor = max(1, -(-concurrency // count))
    pool = [actor.options(max_concurrency=per_actor).remote(recipe) for _ in range(count)]
    queue = list(reversed(work))
    in_flight: dict[Any, int] = {}
    load = [0] * count
    try:
        while queue or in_flight:
            while queue and len(in_flight) < concurrency:
                index = min(range(count), key=load.__getitem__)
                task, trial = queue.pop()
                in_flight[pool[index].run.remote(task.id, trial)] = index
                load[index] += 1
            [done], _ = ray.wait(list(in_flight), num_returns=1)
            load[in_flight.pop(done)] -= 1
            result = EpisodeResult.model_validate_json(ray.get(done))
            folder.append(result)
            on_result(result)
    finally:
        for handle in pool:
            ray.kill(handle)
