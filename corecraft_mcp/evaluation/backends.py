"""Where an episode's world lives while an agent works on it, and how the grader gets it back.

- in process (default): a fork in this process, served by an in-memory MCP server;
- a stdio server command (`--server-cmd`): the command gets `--db FILE` appended and keeps its
  world there; the grader opens FILE when the process has exited;
- an HTTP server (`--server-url`): an episode created through its episode API; the grader
  downloads the final world from GET /episodes/{id}/snapshot.

In every case the grader reads the final world and diffs it against its own copy of the base, so
grading never trusts the server's own account of what changed.
"""

from __future__ import annotations

import shlex
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from corecraft_mcp.evaluation.tool_cache import SharedTools
from corecraft_mcp.grading.chat import ToolSchema
from corecraft_mcp.server import ServerFactory
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

Finish = Callable[[], Awaitable[sqlite3.Connection]]


@dataclass
class EpisodeHandle:
    """The agent's MCP client, and `finish()`: end the agent's session and get the final world."""

    client: Client
    finish: Finish
    tools: list[ToolSchema]


class Backend(Protocol):
    description: str

    def episode(self, task_id: str) -> AbstractAsyncContextManager[EpisodeHandle]: ...


class InProcessBackend:
    description = "in-process"

    def __init__(self, world: World) -> None:
        self.world = world
        self.servers = ServerFactory(world)
        self.tools = SharedTools()

    @asynccontextmanager
    async def episode(self, task_id: str) -> AsyncIterator[EpisodeHandle]:
        async with await Episode.start(self.world) as episode, AsyncExitStack() as session:
            server = self.servers.for_episode(episode)
            client = await session.enter_async_context(Client(server))

            async def finish() -> sqlite3.Connection:
                await session.aclose()
                return episode.db.conn

            tools = await self.tools.attach(client)
            yield EpisodeHandle(client=client, finish=finish, tools=tools)


class StdioBackend:
    def __init__(self, command: str) -> None:
        self.argv = shlex.split(command)
        if not self.argv:
            raise ValueError(
                "--server-cmd is empty: give a command such as 'corecraft-mcp serve --world seed42'"
            )
        self.description = f"stdio: {command}"
        self.tools = SharedTools()

    @asynccontextmanager
    async def episode(self, task_id: str) -> AsyncIterator[EpisodeHandle]:
        with tempfile.TemporaryDirectory(prefix="corecraft-episode-") as folder:
            db = Path(folder) / "world.db"
            params = StdioServerParameters(
                command=self.argv[0], args=[*self.argv[1:], "--db", str(db)]
            )
            async with AsyncExitStack() as session:
                client = await session.enter_async_context(Client(params))

                async def finish() -> sqlite3.Connection:
                    await session.aclose()  # the server process exits and its file is complete
                    if not db.exists():
                        raise RuntimeError(
                            f"the server command wrote no world file at {db}: does it accept --db?"
                        )
                    return _load_file(db)

                tools = await self.tools.attach(client)
                yield EpisodeHandle(client=client, finish=finish, tools=tools)


class HttpBackend:
    def __init__(self, base_url: str, token: str | None, world_hash: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.description = f"http: {self.base_url}"
        self.world_hash = world_hash
        self.tools = SharedTools()

    @asynccontextmanager
    async def episode(self, task_id: str) -> AsyncIterator[EpisodeHandle]:
        async with httpx2.AsyncClient(
            base_url=self.base_url, headers=self.headers, timeout=60
        ) as http:
            health = (await http.get("/health")).json()
            if health.get("world_hash") != self.world_hash:
                # Grading diffs the final world against our base: both must be the same world.
                raise RuntimeError(
                    f"{self.base_url} serves world {health.get('world')} "
                    f"({str(health.get('world_hash'))[:12]}), not the tasks' world "
                    f"({self.world_hash[:12]})"
                )
            created = await http.post("/episodes", json={"task_id": task_id})
            if created.status_code != 201:
                raise RuntimeError(
                    f"creating an episode failed: {created.status_code} {created.text[:200]}"
                )
            info = created.json()
            try:
                async with AsyncExitStack() as session:
                    transport = streamable_http_client(
                        info["mcp_url"],
                        http_client=httpx2.AsyncClient(headers=self.headers, timeout=60),
                    )
                    client = await session.enter_async_context(Client(transport))

                    async def finish() -> sqlite3.Connection:
                        await session.aclose()
                        snapshot = await http.get(f"/episodes/{info['episode_id']}/snapshot")
                        snapshot.raise_for_status()
                        conn = sqlite3.connect(":memory:", check_same_thread=False)
                        conn.deserialize(snapshot.content)
                        return conn

                    tools = await self.tools.attach(client)
                    yield EpisodeHandle(client=client, finish=finish, tools=tools)
            finally:
                await http.delete(f"/episodes/{info['episode_id']}")


def _load_file(path: Path) -> sqlite3.Connection:
    """An in-memory copy of a world file (so the temporary file can go)."""
    source = sqlite3.connect(path)
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source.backup(copy)
    source.close()
    return copy
