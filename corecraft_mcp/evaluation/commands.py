"""`corecraft-mcp eval` and `corecraft-mcp judge`."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import anyio

from corecraft_mcp.agents.base import ChatModel, ProviderError, SamplingSettings
from corecraft_mcp.agents.builtin import BUILTIN_MODELS, NoopAgent, ReferenceAgent
from corecraft_mcp.evaluation.backends import Backend, HttpBackend, InProcessBackend, StdioBackend
from corecraft_mcp.evaluation.metrics import Summary, compute_summary
from corecraft_mcp.evaluation.progress import progress_reporter
from corecraft_mcp.evaluation.results import EpisodeResult, ResultsFolder, RunConfig
from corecraft_mcp.evaluation.runner import (
    CostFn,
    EvalSettings,
    pending_work,
    policy_texts,
    run_all,
)
from corecraft_mcp.grading.judge import Judge, apply_judgement
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.world.world import World, open_world


class EvalError(Exception):
    """A usage problem to report as one line."""


def _judge_cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "corecraft-mcp" / "judge"


def _remote_model(spec: str, base_url: str | None, args: argparse.Namespace) -> ChatModel:
    from corecraft_mcp.agents.registry import make_model

    try:
        return make_model(
            spec,
            base_url=base_url,
            api_key=None,
            timeout_s=args.request_timeout,
            max_retries=args.max_retries,
        )
    except (ValueError, ImportError, ProviderError) as exc:
        raise EvalError(str(exc)) from exc


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(
            'give a JSON object, e.g. \'{"reasoning_effort": "high"}\''
        )
    return value


def model_factory(args: argparse.Namespace) -> Any:
    if args.model == "reference":
        return ReferenceAgent
    if args.model == "noop":
        return lambda task: NoopAgent()
    # Built once here so a bad spec, a missing SDK or a missing key fails before any episode.
    _remote_model(args.model, args.base_url, args)
    return lambda task: _remote_model(args.model, args.base_url, args)


def make_judge(args: argparse.Namespace) -> Judge | None:
    if args.no_judge or not args.judge_model:
        return None
    return Judge(
        _remote_model(args.judge_model, args.judge_base_url, args),
        votes=args.judge_votes,
        cache_dir=_judge_cache_dir(),
    )


def _backend(args: argparse.Namespace, world: World) -> Backend:
    if args.server_cmd and args.server_url:
        raise EvalError("give --server-cmd or --server-url, not both")
    try:
        if args.server_cmd:
            return StdioBackend(args.server_cmd)
        if args.server_url:
            return HttpBackend(args.server_url, args.server_token, world.content_hash)
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
    return InProcessBackend(world)


def _default_out(args: argparse.Namespace) -> Path:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", args.model)
    return Path("runs") / f"{name}-{args.split or 'all'}"


def _cost_function(prices: str | None) -> CostFn:
    from corecraft_mcp.evaluation.pricing import load_price_table

    table = load_price_table(Path(prices) if prices else None)

    def cost(model: ChatModel, result: EpisodeResult) -> float | None:
        return 0.0 if model.name in BUILTIN_MODELS else table.cost_usd(model.name, result.usage)

    return cost


def _print_summary(summary: Summary, folder: ResultsFolder) -> None:
    try:
        from corecraft_mcp.evaluation.report_terminal import render_summary
    except ImportError:
        print(summary.model_dump_json(indent=2))
        return
    print(render_summary(summary, folder.read_episodes()))


def _cmd_eval(args: argparse.Namespace) -> int:
    tasks = load_tasks(split=args.split, patterns=args.task)
    if not tasks:
        raise EvalError("no task matches --split/--task (see `corecraft-mcp tasks list`)")
    worlds = {t.world for t in tasks}
    if len(worlds) != 1:
        raise EvalError(f"the selected tasks use several worlds ({sorted(worlds)}): select one")
    world = open_world(worlds.pop())
    make_model = model_factory(args)
    judge = make_judge(args)
    sampling = SamplingSettings(
        temperature=args.temperature,
        top_p=args.top_p,
        max_tokens=args.max_tokens,
        seed=args.seed,
        extra=args.extra or {},
    )
    cost = _cost_function(args.prices)
    backend = _backend(args, world)
    folder = ResultsFolder(Path(args.out) if args.out else _default_out(args))
    config = RunConfig(
        model=args.model,
        world=world.name,
        world_hash=world.content_hash,
        task_ids=[t.id for t in tasks],
        trials=args.trials,
        max_steps=args.max_steps,
        concurrency=args.concurrency,
        sampling=sampling,
        judge_model=judge.model_name if judge else None,
        judge_votes=args.judge_votes,
        server=backend.description,
    )
    work = pending_work(folder, config, tasks)
    previous = folder.read_config()
    if previous is not None:
        config.task_ids = sorted(set(previous.task_ids) | set(config.task_ids))
    folder.write_config(config)
    done = len(tasks) * args.trials - len(work)
    if done:
        print(
            f"resuming {folder.path}: {done} episode(s) on file, {len(work)} to run",
            file=sys.stderr,
        )
    settings = EvalSettings(
        system_prompt=support_agent_prompt(world),
        max_steps=args.max_steps,
        sampling=sampling,
        episode_timeout_s=args.episode_timeout,
    )
    with progress_reporter(total=len(work), label=args.model) as on_result:
        if args.ray is not None:
            _run_on_ray(args, world, work, folder, make_model, settings, cost, on_result)
        else:
            anyio.run(
                run_all,
                world,
                backend,
                work,
                folder,
                make_model,
                judge,
                settings,
                cost,
                args.concurrency,
                on_result,
            )
    summary = compute_summary(config, folder.read_episodes())
    folder.write_summary(summary)
    _print_summary(summary, folder)
    print(f"results in {folder.path}", file=sys.stderr)
    return 1 if summary.infra_errors else 0


def _run_on_ray(
    args: argparse.Namespace,
    world: World,
    work: list[tuple[Task, int]],
    folder: ResultsFolder,
    make_model: Any,
    settings: EvalSettings,
    cost: CostFn,
    on_result: Any,
) -> None:
    from corecraft_mcp.evaluation.ray_runner import WorkerRecipe, cluster_cpus, connect, run_all_ray

    recipe = WorkerRecipe(
        world=world.name,
        make_backend=lambda w: _backend(args, w),
        make_model=make_model,
        make_judge=lambda: make_judge(args),
        settings=settings,
        cost=cost,
    )
    try:
        connect(args.ray or None, args.ray_workers)
    except (RuntimeError, ConnectionError, ValueError) as exc:
        raise EvalError(f"--ray: {exc}") from exc
    workers = args.ray_workers or cluster_cpus()
    run_all_ray(recipe, work, folder, args.concurrency, workers, on_result)


async def _rejudge(
    world: World, folder: ResultsFolder, judge: Judge, tasks: dict[str, Task]
) -> list[EpisodeResult]:
    results = folder.read_episodes()
    for result in results:
        task = tasks.get(result.task_id)
        if result.status != "completed" or result.grade is None or task is None:
            continue
        verdicts = await judge.judge(task, policy_texts(world, task.policies), result.transcript)
        result.grade = apply_judgement(result.grade, verdicts)
        result.judge_model = judge.model_name
    return results


def _cmd_judge(args: argparse.Namespace) -> int:
    folder = ResultsFolder(Path(args.dir))
    config = folder.read_config()
    if config is None:
        raise EvalError(f"{args.dir} is not a results folder (no config.json)")
    judge = make_judge(args)
    if judge is None:
        raise EvalError("give --judge-model to re-grade the judged criteria")
    world = open_world(config.world)
    tasks = {t.id: t for t in load_tasks()}
    results = anyio.run(_rejudge, world, folder, judge, tasks)
    folder.rewrite_episodes(results)
    config.judge_model = judge.model_name
    config.judge_votes = args.judge_votes
    folder.write_config(config)
    summary = compute_summary(config, results)
    folder.write_summary(summary)
    _print_summary(summary, folder)
    return 0


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url", default=None, help="OpenAI-compatible endpoint (or OPENAI_BASE_URL)"
    )
    parser.add_argument(
        "--request-timeout", type=float, default=120.0, help="seconds per model request"
    )
    parser.add_argument("--max-retries", type=int, default=5, help="retries on 429/5xx/timeouts")
    parser.add_argument(
        "--judge-model",
        default=os.environ.get("CORECRAFT_JUDGE_MODEL"),
        help="model for judged criteria, e.g. openai:gpt-5.2 (or CORECRAFT_JUDGE_MODEL)",
    )
    parser.add_argument(
        "--judge-votes", type=int, default=1, help="judge calls per episode (majority)"
    )
    parser.add_argument("--no-judge", action="store_true", help="leave judged criteria ungraded")


def add_commands(commands: Any) -> None:
    run = commands.add_parser("eval", help="run a model on the tasks through MCP and grade it")
    run.add_argument(
        "--model", required=True, help="openai:NAME, anthropic:NAME, reference or noop"
    )
    run.add_argument("--split", choices=["train", "heldout"], help="default: all tasks")
    run.add_argument("--task", action="append", metavar="ID_OR_GLOB", help="repeatable")
    run.add_argument("--trials", type=int, default=1, help="attempts per task (for pass@k, pass^k)")
    run.add_argument("--concurrency", type=int, default=4, help="episodes at once")
    run.add_argument("--out", help="results folder (default runs/MODEL-SPLIT); re-run to resume")
    run.add_argument("--max-steps", type=int, default=30, help="model turns per episode")
    run.add_argument("--episode-timeout", type=float, default=900.0, help="seconds per episode")
    run.add_argument("--temperature", type=float)
    run.add_argument("--top-p", type=float)
    run.add_argument("--max-tokens", type=int, default=4096)
    run.add_argument("--seed", type=int)
    run.add_argument(
        "--extra",
        type=_json_object,
        help='provider-specific request fields, JSON (e.g. \'{"reasoning_effort": "none"}\')',
    )
    run.add_argument("--prices", help="JSON/TOML price overrides, USD per million tokens")
    run.add_argument("--server-cmd", help="a stdio server command; `--db FILE` is appended")
    run.add_argument("--server-url", help="an HTTP server's base URL (its episode API)")
    run.add_argument("--server-token", help="bearer token for --server-url")
    run.add_argument(
        "--ray",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="spread episodes over a Ray cluster (ADDRESS, RAY_ADDRESS, or a local one)",
    )
    run.add_argument(
        "--ray-workers", type=int, help="worker actors for --ray (default: the cluster's CPUs)"
    )
    _model_options(run)
    run.set_defaults(handler=_cmd_eval)

    judge = commands.add_parser("judge", help="re-grade a run's judged criteria")
    judge.add_argument("dir", help="a results folder")
    _model_options(judge)
    judge.set_defaults(handler=_cmd_judge)
