"""`corecraft-mcp serve`: run the server on stdio (one process, one episode) or HTTP (episodes)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import anyio

from corecraft_mcp.server.app import server_for_episode
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World, open_world

log = logging.getLogger(__name__)


async def serve_stdio(world: World, db_file: Path | None) -> None:
    async with await Episode.start(world, db_file) as episode:
        await server_for_episode(episode).run_stdio_async()


def serve_http(world: World, args: argparse.Namespace) -> None:
    import uvicorn

    from corecraft_mcp.server.http import create_http_app
    from corecraft_mcp.server.http_timeouts import server_config

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("binding to %s: reachable beyond this machine", args.host)
        if not args.token:
            log.warning("no --token: anyone who can reach %s:%d can use it", args.host, args.port)
    app = create_http_app(
        world,
        max_episodes=args.max_episodes,
        idle_timeout=args.idle_timeout,
        token=args.token,
        host=args.host,
    )
    uvicorn.Server(server_config(app, args.host, args.port, log_level="warning")).run()


def serve(args: argparse.Namespace) -> None:
    world = open_world(args.world)
    if args.transport == "stdio":
        anyio.run(serve_stdio, world, Path(args.db) if args.db else None)
    else:
        serve_http(world, args)
