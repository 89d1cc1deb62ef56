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

from corecraft_mcp.agents.builtin import BUILTIN_MODELS, NoopAgent, ReferenceAgent
from corecraft_mcp.cli_types import SEED, integer, number
from corecraft_mcp.evaluation.backends import Backend, HttpBackend, InProcessBackend, StdioBackend
from corecraft_mcp.evaluation.metrics import Summary, compute_summary
from corecraft_mcp.evaluation.options import (
    CalibrateOptions,
    EvalOptions,
    JudgeOptions,
    ModelAccess,
)
from corecraft_mcp.evaluation.progress import progress_reporter
from corecraft_mcp.evaluation.results import EpisodeResult, ResultsFolder, RunConfig
from corecraft_mcp.evaluation.runner import (
    CostFn,
    EvalPlan,
    EvalSettings,
    ModelFactory,
    Progress,
    pending_work,
    run_all,
)
from corecraft_mcp.grading.chat import ChatModel, ProviderError
from corecraft_mcp.grading.grade import judge_grade
from corecraft_mcp.grading.judge import Judge
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.world.world import World, open_world


class EvalError(Exception):
    """A usage problem to report as one line."""


def _judge_cache_dir() -> Path:
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "corecraft-mcp" / "judge"


def _remote_model(spec: str, base_url: str | None, access: ModelAccess) -> ChatModel:
    from corecraft_mcp.agents.registry import make_model

    try:
        return make_model(
            spec,
            base_url=base_url,
            api_key=None,
            timeout_s=access.request_timeout,
            max_retries=access.max_retries,
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


def model_factory(spec: str, access: ModelAccess) -> ModelFactory:
    if spec == "reference":
        return ReferenceAgent
    if spec == "noop":
        return lambda task: NoopAgent()
    # Built once here so a bad spec, a missing SDK or a missing key fails before any episode.
    _remote_model(spec, access.base_url, access)
    return lambda task: _remote_model(spec, access.base_url, access)


def make_judge(access: ModelAccess) -> Judge | None:
    if access.no_judge or not access.judge_model:
        return None
    return Judge(
        _remote_model(access.judge_model, access.judge_base_url, access),
        votes=access.judge_votes,
        cache_dir=_judge_cache_dir(),
        settings=access.judge_sampling,
    )


def _backend(options: EvalOptions, world: World) -> Backend:
    if options.server_cmd and options.server_url:
        raise EvalError("give --server-cmd or --server-url, not both")
    try:
        if options.server_cmd:
            return StdioBackend(options.server_cmd)
        if options.server_url:
            return HttpBackend(options.server_url, options.server_token, world.content_hash)
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
    return InProcessBackend(world)


def _folder_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


def default_out(options: EvalOptions) -> Path:
    """runs/MODEL-SPLIT, plus the task selection when there is one, so that a run over a subset
    never shares its folder (and its resume) with a run over every task."""
    scope: str = options.split or "all"
    if options.tasks_dir is not None:
        scope += f"-{_folder_part(options.tasks_dir.name)}"
    if options.task_patterns:
        scope += f"-{_folder_part('+'.join(options.task_patterns))}"
    return Path("runs") / f"{_folder_part(options.model)}-{scope}"


def _cost_function(prices: Path | None) -> CostFn:
    from corecraft_mcp.evaluation.pricing import load_price_table

    table = load_price_table(prices)

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
    return run_eval(EvalOptions.from_args(args))


def run_eval(options: EvalOptions) -> int:
    """`corecraft-mcp eval`: run the selected tasks, resume what is on file, summarise."""
    tasks = load_tasks(
        options.tasks_dir, split=options.split, patterns=list(options.task_patterns) or None
    )
    if options.world is not None:
        tasks = [t for t in tasks if t.world == options.world]
    if not tasks:
        raise EvalError(
            "no task matches --tasks/--world/--split/--task (see `corecraft-mcp tasks list`)"
        )
    worlds = {t.world for t in tasks}
    if len(worlds) != 1:
        raise EvalError(f"the selected tasks use several worlds ({sorted(worlds)}): select one")
    world = open_world(worlds.pop())
    make_model = model_factory(options.model, options.access)
    judge = make_judge(options.access)
    cost = _cost_function(options.prices)
    backend = _backend(options, world)
    folder = ResultsFolder(options.out or default_out(options))
    config = RunConfig(
        model=options.model,
        world=world.name,
        world_hash=world.content_hash,
        task_ids=[t.id for t in tasks],
        trials=options.trials,
        max_steps=options.max_steps,
        concurrency=options.concurrency,
        sampling=options.sampling,
        judge_model=judge.model_name if judge else None,
        judge_votes=options.access.judge_votes,
        judge_sampling=judge.settings if judge else None,
        server=backend.description,
    )
    work = pending_work(folder, config, tasks)
    previous = folder.read_config()
    if previous is not None:
        config.task_ids = sorted(set(previous.task_ids) | set(config.task_ids))
    folder.write_config(config)
    done = len(tasks) * options.trials - len(work)
    if done:
        print(
            f"resuming {folder.path}: {done} episode(s) on file, {len(work)} to run",
            file=sys.stderr,
        )
    plan = EvalPlan(
        world=world,
        backend=backend,
        make_model=make_model,
        settings=EvalSettings(
            system_prompt=support_agent_prompt(world),
            max_steps=options.max_steps,
            sampling=options.sampling,
            episode_timeout_s=options.episode_timeout_s,
        ),
        judge=judge,
        cost=cost,
        concurrency=options.concurrency,
    )
    with progress_reporter(total=len(work), label=options.model) as on_result:
        if options.ray is not None:
            _run_on_ray(options, plan, work, folder, on_result)
        else:
            anyio.run(run_all, plan, work, folder, on_result)
    summary = compute_summary(config, folder.read_episodes())
    folder.write_summary(summary)
    _print_summary(summary, folder)
    print(f"results in {folder.path}", file=sys.stderr)
    return 1 if summary.infra_errors else 0


def _run_on_ray(
    options: EvalOptions,
    plan: EvalPlan,
    work: list[tuple[Task, int]],
    folder: ResultsFolder,
    on_result: Progress,
) -> None:
    from corecraft_mcp.evaluation.ray_runner import WorkerRecipe, cluster_cpus, connect, run_all_ray

    recipe = WorkerRecipe(
        world=plan.world.name,
        make_backend=lambda world: _backend(options, world),
        make_model=plan.make_model,
        make_judge=lambda: make_judge(options.access),
        settings=plan.settings,
        cost=plan.cost,
    )
    try:
        connect(options.ray or None, options.ray_workers)
    except (RuntimeError, ConnectionError, ValueError) as exc:
        raise EvalError(f"--ray: {exc}") from exc
    workers = options.ray_workers or cluster_cpus()
    run_all_ray(recipe, work, folder, plan.concurrency, workers, on_result)


async def _rejudge(
    world: World, folder: ResultsFolder, judge: Judge, tasks: dict[str, Task]
) -> list[EpisodeResult]:
    results = folder.read_episodes()
    for result in results:
        task = tasks.get(result.task_id)
        if result.status != "completed" or result.grade is None or task is None:
            continue
        result.grade = await judge_grade(task, world, result.grade, result.transcript, judge)
        result.judge_model = judge.model_name
        result.judge_prompt_version = judge.prompt_version
    return results


def run_calibrate(options: CalibrateOptions) -> int:
    """`corecraft-mcp judge calibrate`: the judge's agreement with the labelled calibration set."""
    from corecraft_mcp.evaluation.calibrate import calibrate
    from corecraft_mcp.grading.calibration import CalibrationError, load_cases, render_report

    access = options.access
    if not access.judge_model:
        raise EvalError("give --judge-model to calibrate the judge")
    try:
        cases = load_cases()
    except CalibrationError as exc:
        raise EvalError(str(exc)) from exc
    if options.limit is not None:
        cases = cases[: max(options.limit, 0)]
    # No verdict cache: a calibration measures the model, not yesterday's answers.
    judge = Judge(
        _remote_model(access.judge_model, access.judge_base_url, access),
        votes=access.judge_votes,
        settings=access.judge_sampling,
    )
    tasks = {t.id: t for t in load_tasks()}
    try:
        report = anyio.run(calibrate, open_world("seed42"), judge, cases, tasks)
    except CalibrationError as exc:
        raise EvalError(str(exc)) from exc
    if options.out:
        options.out.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    print(render_report(report))
    return 0


FOLDER, CALIBRATE = "DIR", "calibrate"


class _AnyWord(dict[str, argparse.ArgumentParser]):
    """Choices that pass argparse's check for any first word (a folder's name)."""

    def __contains__(self, key: object) -> bool:
        return True


class _FolderOrCalibrate(argparse._SubParsersAction):  # type: ignore[type-arg]
    """`judge calibrate ...`, or `judge DIR ...` for any other first word: each form is its own
    parser, so each --help lists only the options that form takes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _AnyWord()

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        words = list(values)
        if words[:1] != [CALIBRATE]:
            words.insert(0, FOLDER)  # the folder parser then reads the first word as DIR
        super().__call__(parser, namespace, words, option_string)


def _cmd_judge(args: argparse.Namespace) -> int:
    return run_judge(JudgeOptions.from_args(args))


def _cmd_calibrate(args: argparse.Namespace) -> int:
    return run_calibrate(CalibrateOptions.from_args(args))


def run_judge(options: JudgeOptions) -> int:
    """`corecraft-mcp judge`: re-grade the judged criteria of a results folder."""
    folder = ResultsFolder(options.results_dir)
    config = folder.read_config()
    if config is None:
        raise EvalError(f"{options.results_dir} is not a results folder (no config.json)")
    judge = make_judge(options.access)
    if judge is None:
        raise EvalError("give --judge-model to re-grade the judged criteria")
    world = open_world(config.world)
    tasks = {t.id: t for t in load_tasks()}
    results = anyio.run(_rejudge, world, folder, judge, tasks)
    folder.rewrite_episodes(results)
    config.judge_model = judge.model_name
    config.judge_votes = options.access.judge_votes
    config.judge_sampling = judge.settings
    folder.write_config(config)
    summary = compute_summary(config, results)
    folder.write_summary(summary)
    _print_summary(summary, folder)
    return 0


def _model_options(parser: argparse.ArgumentParser, *, agent: bool = True) -> None:
    """Request options (for the agent's model and the judge alike) and the judge's options;
    `agent` adds the agent model's endpoint and --no-judge (for `eval`)."""
    if agent:
        parser.add_argument(
            "--base-url",
            default=None,
            help="the agent model's endpoint: an OpenAI- or Anthropic-compatible server "
            "(or OPENAI_BASE_URL / ANTHROPIC_BASE_URL)",
        )
    parser.add_argument(
        "--request-timeout",
        type=number(0, 3600, above=True),
        default=120.0,
        help="seconds per model request",
    )
    parser.add_argument(
        "--max-retries", type=integer(0, 100), default=5, help="retries on 429/5xx/timeouts"
    )
    judge = parser.add_argument_group("judge")
    judge.add_argument(
        "--judge-model",
        default=os.environ.get("CORECRAFT_JUDGE_MODEL"),
        help="model for judged criteria, e.g. openai:gpt-5.2 (or CORECRAFT_JUDGE_MODEL)",
    )
    judge.add_argument(
        "--judge-base-url", default=None, help="the judge model's endpoint, if not its provider's"
    )
    judge.add_argument(
        "--judge-votes", type=integer(1, 15), default=1, help="judge calls per episode (majority)"
    )
    judge.add_argument(
        "--judge-temperature",
        type=number(0, 2),
        help="the judge's temperature (default 0 for one vote, 0.7 for several)",
    )
    judge.add_argument("--judge-top-p", type=number(0, 1), help="the judge's nucleus sampling")
    judge.add_argument(
        "--judge-max-tokens",
        type=integer(1, 1_000_000),
        help="the judge's output limit (default 4096)",
    )
    judge.add_argument("--judge-seed", type=SEED, help="the judge's sampling seed")
    judge.add_argument(
        "--judge-extra",
        type=_json_object,
        help="provider-specific request fields for the judge, JSON",
    )
    if agent:
        judge.add_argument("--no-judge", action="store_true", help="leave judged criteria ungraded")


def add_commands(commands: Any) -> None:
    run = commands.add_parser("eval", help="run a model on the tasks through MCP and grade it")
    run.add_argument(
        "--model",
        required=True,
        help="openai:NAME (Chat Completions), openai-responses:NAME (Responses API), "
        "anthropic:NAME, reference or noop",
    )
    run.add_argument("--split", choices=["train", "heldout"], help="default: all tasks")
    run.add_argument("--task", action="append", metavar="ID_OR_GLOB", help="repeatable")
    run.add_argument(
        "--tasks", metavar="DIR", help="a folder of task files (e.g. from `tasks generate`)"
    )
    run.add_argument("--world", help="only the tasks on this world (e.g. seed7)")
    run.add_argument(
        "--trials", type=integer(1, 1000), default=1, help="attempts per task (for pass@k, pass^k)"
    )
    run.add_argument("--concurrency", type=integer(1, 256), default=4, help="episodes at once")
    run.add_argument(
        "--out",
        help="results folder (default runs/MODEL-SPLIT, plus the --task selection); re-run to resume",
    )
    run.add_argument(
        "--max-steps", type=integer(1, 10_000), default=30, help="model turns per episode"
    )
    run.add_argument(
        "--episode-timeout",
        type=number(0, 7 * 86_400, above=True),
        default=900.0,
        help="seconds per episode",
    )
    run.add_argument(
        "--temperature", type=number(0, 2), help="the agent model's (not sent to Anthropic's API)"
    )
    run.add_argument(
        "--top-p", type=number(0, 1), help="the agent model's nucleus sampling (as --temperature)"
    )
    run.add_argument(
        "--max-tokens",
        type=integer(1, 1_000_000),
        default=4096,
        help="output limit per model turn",
    )
    run.add_argument(
        "--seed", type=SEED, help="sampling seed (Chat Completions only; others take none)"
    )
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
        "--ray-workers",
        type=integer(1, 100_000),
        help="worker actors for --ray (default: the cluster's CPUs)",
    )
    _model_options(run)
    run.set_defaults(handler=_cmd_eval)

    judge = commands.add_parser(
        "judge",
        help="re-grade a run's judged criteria, or calibrate the judge",
        description="corecraft-mcp judge DIR: re-grade the judged criteria of a results folder; "
        "corecraft-mcp judge calibrate: measure a judge model against the labelled calibration "
        "set. Each has its own --help.",
    )
    forms = judge.add_subparsers(
        dest="judge_command",
        required=True,
        metavar="{DIR,calibrate}",
        action=_FolderOrCalibrate,
    )
    folder = forms.add_parser(
        FOLDER,
        prog=judge.prog,  # its usage names DIR once, as the argument it is
        help="re-grade the judged criteria of the results folder DIR (cached verdicts are free)",
    )
    folder.add_argument("dir", metavar="DIR", help="a results folder written by `eval`")
    _model_options(folder, agent=False)
    folder.set_defaults(handler=_cmd_judge)
    calibrate = forms.add_parser(
        CALIBRATE,
        help="the judge's agreement with the labelled calibration set (agreement, precision, "
        "recall, Cohen's kappa)",
    )
    calibrate.add_argument("--limit", type=integer(1, 1_000_000), help="only the first N cases")
    calibrate.add_argument("--out", help="also write the report as JSON to this file")
    _model_options(calibrate, agent=False)
    calibrate.set_defaults(handler=_cmd_calibrate)
