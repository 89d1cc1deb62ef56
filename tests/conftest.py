"""Shared fixtures: seed42 is loaded once per test session; each test gets its own episode."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import uvicorn
from starlette.types import ASGIApp

from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.invariants import CHECKS, check_lifetime_spend
from corecraft_mcp.world.world import World, open_world

# A running server on loopback for an ASGI app, as a context manager yielding its base URL.
ServeOnLoopback = Callable[[ASGIApp], AbstractContextManager[str]]


@pytest.fixture(scope="session")
def world() -> World:
    return open_world("seed42")


@pytest.fixture
async def episode(world: World) -> AsyncIterator[Episode]:
    async with await Episode.start(world) as ep:
        yield ep


@pytest.fixture
def db(episode: Episode) -> WorldConnection:
    """The episode's world as a tool sees it."""
    return episode.db


@pytest.fixture(scope="session")
def world_task_ids(world: World) -> frozenset[str]:
    """The ids of the tasks on seed42 (what an HTTP server's episode API accepts)."""
    return frozenset(t.id for t in load_tasks() if t.world == world.name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(config: uvicorn.Config) -> Iterator[None]:
    """A uvicorn server in its own thread and event loop, like a separate process."""
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "HTTP server did not start"
        time.sleep(0.02)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def _serve_on_loopback(app: ASGIApp) -> Iterator[str]:
    """A real server on loopback for an ASGI app."""
    port = free_port()
    with running(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def serve_on_loopback() -> ServeOnLoopback:
    return _serve_on_loopback


@dataclass(frozen=True)
class Post:
    """A JSON request a local provider received."""

    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@contextmanager
def json_server(answer: Callable[[Post], Reply]) -> Iterator[str]:
    """A local HTTP server speaking a model provider's wire protocol: each JSON POST is answered
    with answer(post), one call at a time (so a script may keep state). Yields the base URL."""
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the SDKs use it

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            post = Post(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw))
            with lock:
                reply = answer(post)
            data = json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def text_of(block: object) -> str:
    """The text of an MCP content block or resource contents; fails the test if it has none (an
    image, a blob)."""
    text = getattr(block, "text", None)
    assert isinstance(text, str), f"{type(block).__name__} carries no text"
    return text


async def one(db: WorldConnection, sql: str, params: tuple[Any, ...] = ()) -> Row:
    """The first row a query finds in the episode's world (seed42 must hold one)."""
    row = await db.fetchone(sql, params)
    assert row is not None, f"seed42 has a row for: {sql}"
    return row


async def arrange(db: WorldConnection, sql: str, params: tuple[Any, ...] = ()) -> None:
    """Put the episode's world into the state a test needs (not a tool call)."""
    async with db.transaction():
        await db.execute(sql, params)


async def refused(episode: Episode, call: Awaitable[Any]) -> str:
    """The error of a call that must fail, after checking it changed nothing."""
    before = episode.diff()
    with pytest.raises(ToolInputError) as caught:
        await call
    assert episode.diff() == before
    return str(caught.value)


def invariants_hold(episode: Episode) -> None:
    """The world's business invariants still hold after the writes (lifetime spend aside: it is
    settled by the generator, and no tool re-computes it)."""
    problems = [
        p for check in CHECKS if check is not check_lifetime_spend for p in check(episode.db.conn)
    ]
    assert problems == []
