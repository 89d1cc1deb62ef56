"""The `corecraft-mcp` command line."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from corecraft_mcp.cli_tasks import add_commands as add_task_commands
from corecraft_mcp.cli_types import PORT, SEED, OneLineParser, integer, number
from corecraft_mcp.evaluation.commands import EvalError
from corecraft_mcp.evaluation.commands import add_commands as add_eval_commands
from corecraft_mcp.evaluation.report_terminal import add_report_command
from corecraft_mcp.evaluation.runner import ResumeMismatchError
from corecraft_mcp.progress import steps
from corecraft_mcp.tasks.loader import TaskFileError, load_tasks
from corecraft_mcp.world.definition import WorldDefinitionError, load_definition
from corecraft_mcp.world.stats import WorldStats, render_stats, world_stats
from corecraft_mcp.world.store import FrozenWorldError, freeze
from corecraft_mcp.world.world import World, build, build_stage_count, open_world

log = logging.getLogger("corecraft_mcp")


class CommandError(Exception):
    """A failure to report to the user as one line."""


# Errors a user can cause and fix: reported as one line, never a traceback.
USER_ERRORS: tuple[type[Exception], ...] = (
    CommandError,
    WorldDefinitionError,
    FrozenWorldError,
    TaskFileError,
    EvalError,
    ResumeMismatchError,
    OSError,
)


def _cmd_world_build(args: argparse.Namespace) -> int:
    from corecraft_mcp.world.invariants import check_invariants

    definition = load_definition(args.definition)
    if args.seed is not None:
        definition = definition.with_seed(args.seed)
    with steps(build_stage_count() + 1, f"world build {definition.name}") as advance:
        world = build(definition, advance)
        problems = check_invariants(world.base)
        advance("invariants")
    if problems:
        raise CommandError(
            f"world {definition.name} breaks {len(problems)} invariant(s): {problems[0]}"
        )
    if args.out:
        out = Path(args.out)
        if out.exists():
            raise CommandError(f"{out} exists: choose another --out or remove it")
        target = sqlite3.connect(out)
        world.base.backup(target)
        target.close()
        print(f"wrote {out}", file=sys.stderr)
    print(render_stats(_stats(world)))
    return 0


def _stats(world: World) -> WorldStats:
    return world_stats(world.base, world.name, world.definition.today_iso, world.content_hash)


def _cmd_world_stats(args: argparse.Namespace) -> int:
    stats = _stats(open_world(args.world))
    print(stats.model_dump_json(indent=2) if args.json else render_stats(stats))
    return 0


def _cmd_world_hash(args: argparse.Namespace) -> int:
    print(open_world(args.world).content_hash)
    return 0


def _cmd_world_freeze(args: argparse.Namespace) -> int:
    definition = load_definition(args.definition)
    world = build(definition)
    path = Path(args.definition)
    directory = path.parent if path.suffix == ".toml" else Path(args.dir)
    digest = freeze(world.base, directory, definition.name)
    print(f"froze {definition.name} into {directory}: {digest}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from corecraft_mcp.server.serve import ServeOptions, serve

    if args.db and args.transport != "stdio":
        raise CommandError("--db is for the stdio transport; HTTP episodes live in memory")
    world = open_world(args.world)
    # Only the HTTP episode API takes task ids; a stdio server starts without reading the tasks.
    task_ids = (
        frozenset(t.id for t in load_tasks() if t.world == world.name)
        if args.transport == "http"
        else frozenset()
    )
    options = ServeOptions(
        transport=args.transport,
        db=Path(args.db) if args.db else None,
        host=args.host,
        port=args.port,
        token=args.token,
        max_episodes=args.max_episodes,
        idle_timeout=args.idle_timeout,
        task_ids=task_ids,
    )
    serve(world, options)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="corecraft-mcp",
        description="CoreCraft: a customer-support company simulated as an MCP server, "
        "with tasks, grading and evaluation.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging (stderr)")
    commands: Any = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    world = commands.add_parser("world", help="build, inspect and freeze worlds")
    world_cmds = world.add_subparsers(dest="world_command", required=True, metavar="ACTION")
    b = world_cmds.add_parser("build", help="generate a world from a seed")
    b.add_argument("--seed", type=SEED, help="seed (default: the definition's own)")
    b.add_argument("--definition", default="seed42", help="bundled world name or .toml path")
    b.add_argument("--out", help="write the world to this SQLite file")
    b.set_defaults(handler=_cmd_world_build)
    s = world_cmds.add_parser("stats", help="entity counts and planted mess of a world")
    s.add_argument("--world", default="seed42", help="bundled world name or .toml path")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    s.set_defaults(handler=_cmd_world_stats)
    h = world_cmds.add_parser("hash", help="a world's content hash")
    h.add_argument("--world", default="seed42", help="bundled world name or .toml path")
    h.set_defaults(handler=_cmd_world_hash)
    f = world_cmds.add_parser("freeze", help="regenerate a world's frozen files (maintainers)")
    f.add_argument("definition", nargs="?", default="seed42", help="world name or .toml path")
    f.add_argument(
        "--dir",
        default="worlds",
        help="where bundled worlds live (default: worlds); a .toml is frozen beside itself",
    )
    f.set_defaults(handler=_cmd_world_freeze)

    serve = commands.add_parser("serve", help="run the MCP server (stdio or streamable HTTP)")
    serve.add_argument("--world", default="seed42", help="bundled world name or .toml path")
    serve.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    serve.add_argument("--db", help="stdio: keep the episode's world in this SQLite file")
    serve.add_argument("--host", default="127.0.0.1", help="http: address to bind (loopback)")
    serve.add_argument("--port", type=PORT, default=8765, help="http: port")
    serve.add_argument("--token", help="http: require this bearer token")
    serve.add_argument(
        "--max-episodes", type=integer(1, 100_000), default=256, help="http: live episode cap"
    )
    serve.add_argument(
        "--idle-timeout",
        type=number(0, 30 * 86_400, above=True),
        default=1800,
        help="http: seconds before an idle episode expires",
    )
    serve.set_defaults(handler=_cmd_serve)
    add_task_commands(commands)
    add_eval_commands(commands)
    add_report_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # stdout belongs to the stdio protocol and to command output: logs go to stderr.
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # inside the try: a closed pipe fails here, not at exit
        return status
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error worth a line. Point stdout at
        # devnull so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except USER_ERRORS as exc:
        print(f"corecraft-mcp: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
