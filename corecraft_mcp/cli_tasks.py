"""`corecraft-mcp tasks ...`: list, show, validate and measure the task set."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import yaml

from corecraft_mcp.cli_types import SEED, integer
from corecraft_mcp.grading.validate import validate_tasks
from corecraft_mcp.progress import steps
from corecraft_mcp.tasks.coverage import coverage, render_coverage
from corecraft_mcp.tasks.difficulty import difficulty_stats, render_difficulty_stats
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.registry import TOOL_NAMES
from corecraft_mcp.world.world import open_world

CATEGORIES = ["information_retrieval", "communication", "problem_solving", "workflow"]


def _selected(args: argparse.Namespace) -> list[Task]:
    folder = getattr(args, "dir", None)
    return load_tasks(
        Path(folder) if folder else None,
        split=getattr(args, "split", None),
        category=getattr(args, "category", None),
        patterns=getattr(args, "task", None),
    )


def _cmd_list(args: argparse.Namespace) -> int:
    for task in _selected(args):
        first_line = task.instruction.strip().splitlines()[0][:70]
        print(
            f"{task.id:<44} {task.split:<8} {task.category:<22} {task.difficulty:<7} {first_line}"
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    tasks = load_tasks(patterns=[args.id])
    if not tasks:
        print(
            f"corecraft-mcp: error: no task '{args.id}' (see `corecraft-mcp tasks list`)",
            file=sys.stderr,
        )
        return 2
    data: dict[str, Any] = tasks[0].model_dump(mode="json", by_alias=True, exclude_defaults=True)
    print(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100))
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    tasks = _selected(args)
    if not tasks:
        print("corecraft-mcp: error: no tasks selected", file=sys.stderr)
        return 2
    worlds = sorted({t.world for t in tasks})
    started = time.perf_counter()
    problems = []
    with steps(len(tasks), "tasks validate") as advance:
        for name in worlds:
            world = open_world(name)
            in_world = [t for t in tasks if t.world == name]
            problems += anyio.run(validate_tasks, world, in_world, advance)
    elapsed = time.perf_counter() - started
    for problem in problems:
        print(f"FAIL {problem}")
    failing = len({p.task_id for p in problems})
    print(f"{len(tasks) - failing} of {len(tasks)} tasks valid ({elapsed:.1f} s)")
    return 1 if problems else 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from corecraft_mcp.tasks.families.generate import generate, write_task

    world = open_world(args.world)
    out = Path(args.out)
    started = time.perf_counter()
    made = []
    family_names: set[str] = set()
    with steps(args.n, "tasks generate") as advance:
        for generated in generate(world, args.n, seed=args.seed, split=args.split):
            write_task(generated.task, out)
            made.append(generated.task)
            family_names.add(generated.family.name)
            advance(generated.task.id)
    elapsed = time.perf_counter() - started
    print(
        f"{len(made)} tasks from {len(family_names)} families on {world.name} in {out} ({elapsed:.1f} s)"
    )
    if len(made) < args.n:
        print(f"only {len(made)} of {args.n}: every family ran out of entities in {world.name}")
    if not args.validate:
        return 0
    problems = anyio.run(validate_tasks, world, made)
    for problem in problems:
        print(f"FAIL {problem}")
    print(f"{len(made) - len({p.task_id for p in problems})} of {len(made)} tasks valid")
    return 1 if problems else 0


def _cmd_stats(args: argparse.Namespace) -> int:
    tasks = _selected(args)
    world = open_world("seed42")
    slugs = [
        r[0]
        for r in world.base.execute(
            "SELECT slug FROM company_policies WHERE status = 'current' ORDER BY slug"
        )
    ]
    cov = coverage(tasks, list(TOOL_NAMES), slugs)
    effort = difficulty_stats(tasks)
    if args.json:
        print(json.dumps({**cov.model_dump(), "effort": effort.model_dump(mode="json")}, indent=2))
    else:
        print(f"{render_coverage(cov)}\n\n{render_difficulty_stats(effort)}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from corecraft_mcp.rl.dataset import export_tasks

    try:
        count = export_tasks(Path(args.out), args.format, args.split)
    except (OSError, RuntimeError) as exc:
        print(f"corecraft-mcp: error: {exc}", file=sys.stderr)
        return 2
    print(f"{count} tasks written to {args.out}", file=sys.stderr)
    return 0


def add_commands(commands: Any) -> None:
    tasks = commands.add_parser("tasks", help="list, show, validate and measure the tasks")
    actions = tasks.add_subparsers(dest="tasks_command", required=True, metavar="ACTION")

    def filters(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--split", choices=["train", "heldout"], help="default: both")
        parser.add_argument("--category", choices=CATEGORIES, help="default: every category")
        parser.add_argument(
            "--task", action="append", metavar="ID_OR_GLOB", help="repeatable, e.g. 'ret-*'"
        )

    listing = actions.add_parser("list", help="one line per task")
    filters(listing)
    listing.set_defaults(handler=_cmd_list)
    show = actions.add_parser("show", help="a task in full")
    show.add_argument("id", help="a task id (see `tasks list`)")
    show.set_defaults(handler=_cmd_show)
    validate = actions.add_parser(
        "validate", help="replay references and near misses; check every task"
    )
    validate.add_argument(
        "dir", nargs="?", help="a folder of task files (train/, heldout/); default: the bundled"
    )
    filters(validate)
    validate.set_defaults(handler=_cmd_validate)
    generate = actions.add_parser(
        "generate", help="write fresh tasks from the task families on any world"
    )
    generate.add_argument("--world", required=True, help="seed42, seedN or a definition file")
    generate.add_argument("--n", type=integer(1, 1_000_000), required=True, help="how many tasks")
    generate.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    generate.add_argument("--seed", type=SEED, default=0, help="generation seed (default 0)")
    generate.add_argument("--split", choices=["train", "heldout"], default="train")
    generate.add_argument("--validate", action="store_true", help="also validate what it wrote")
    generate.set_defaults(handler=_cmd_generate)
    stats = actions.add_parser(
        "stats", help="coverage of categories, tools, policies; difficulty and effort per task"
    )
    filters(stats)
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    stats.set_defaults(handler=_cmd_stats)
    export = actions.add_parser(
        "export", help="the tasks as an RL dataset (prompt messages, task id, split, ...)"
    )
    export.add_argument(
        "--format", choices=["jsonl", "parquet"], default="jsonl", help="default: jsonl"
    )
    export.add_argument("--split", choices=["train", "heldout"], help="default: all tasks")
    export.add_argument("--out", required=True, help="the file to write")
    export.set_defaults(handler=_cmd_export)
