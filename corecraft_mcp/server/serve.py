"""`corecraft-mcp serve`: run the server on stdio (one process, one episode) or HTTP (episodes)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import anyio

from corecraft_mcp.server.app import server_for_episode
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    """How to serve a world (the `serve` command's options)."""

    transport: Literal["stdio", "http"] = "stdio"
    db: Path | None = None  # stdio: keep the episode's world in this file
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    max_episodes: int = 256
    idle_timeout: float = 1800.0
    # http: the task ids POST /episodes accepts (the tasks on the served world).
    task_ids: frozenset[str] = frozenset()


async def serve_stdio(world: World, db_file: Path | None) -> None:
    async with await Episode.start(world, db_file) as episode:
        await server_for_episode(episode).run_stdio_async()


def serve_http(world: World, options: ServeOptions) -> None:
    import uvicorn

    from corecraft_mcp.server.http import create_http_app
    from corecraft_mcp.server.http_timeouts import server_config

    if options.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("binding to %s: reachable beyond this machine", options.host)
        if not options.token:
            log.warning(
                "no --token: anyone who can reach %s:%d can use it", options.host, options.port
            )
    app = create_http_app(
        world,
        task_ids=options.task_ids,
        max_episodes=options.max_episodes,
        idle_timeout=options.idle_timeout,
        token=options.token,
        host=options.host,
    )
    uvicorn.Server(server_config(app, options.host, options.port, log_level="warning")).run()


def serve(world: World, options: ServeOptions) -> None:
    if options.transport == "stdio":
        anyio.run(serve_stdio, world, options.db)
    else:
        serve_http(world, options)
