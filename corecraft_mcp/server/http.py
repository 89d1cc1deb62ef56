"""The streamable-HTTP server: an episode API around one MCP endpoint per episode.

POST   /episodes              {"task_id": optional}  -> 201 {"episode_id", "mcp_url", ...}
GET    /episodes                                      -> the live episodes
GET    /episodes/{id}                                 -> one episode
GET    /episodes/{id}/diff                            -> its world diff against the base
DELETE /episodes/{id}                                 -> 204
*      /episodes/{id}/mcp                             -> that episode's MCP endpoint
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
from collections.abc import AsyncIterator, Collection

import anyio
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from corecraft_mcp.server.app import build_server
from corecraft_mcp.server.episode_gate import EpisodeGate
from corecraft_mcp.server.episodes import EpisodeLimitError, EpisodeRegistry, LiveEpisode
from corecraft_mcp.server.http_timeouts import BODY_SECONDS, BodyDeadline
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.memory import map_large_blocks, trim
from corecraft_mcp.world.world import World

log = logging.getLogger(__name__)

MAX_TASK_ID = 200
TRIM_EVERY = 16  # deleted episodes between returns of freed memory to the system


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _describe(live: LiveEpisode, base_url: str) -> dict[str, object]:
    return {
        "episode_id": live.id,
        "task_id": live.task_id,
        "mcp_url": f"{base_url}/episodes/{live.id}/mcp",
        "diff_url": f"{base_url}/episodes/{live.id}/diff",
    }


class BearerToken:
    """Pure ASGI (not BaseHTTPMiddleware, which would buffer the MCP endpoint's SSE streams)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not hmac.compare_digest(given, self._expected):
                # RFC 6750: the challenge tells clients (MCP Inspector among them) to send a
                # bearer token, not to start an OAuth flow.
                challenge = 'Bearer realm="corecraft"'
                if given:
                    challenge += ', error="invalid_token"'
                response = _error(
                    401, "missing or wrong bearer token: send 'Authorization: Bearer <token>'"
                )
                response.headers["WWW-Authenticate"] = challenge
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_http_app(
    world: World,
    *,
    task_ids: Collection[str],
    max_episodes: int = 256,
    idle_timeout: float = 1800.0,
    token: str | None = None,
    host: str = "127.0.0.1",
    body_seconds: float = BODY_SECONDS,
) -> Starlette:
    """The episode API and its MCP endpoint. `task_ids` are the ids POST /episodes accepts (the
    tasks on this world: the caller loads them, the server knows no tasks)."""
    registry = EpisodeRegistry(world, max_episodes=max_episodes, idle_timeout=idle_timeout)
    task_ids = frozenset(task_ids)

    async def resolve(ctx: Context) -> Episode:
        request = ctx.request_context.request
        episode_id = getattr(request, "path_params", {}).get("episode_id", "")
        live = registry.get(episode_id)
        if live is None:
            raise ToolError(
                f"episode '{episode_id}' does not exist or has expired: create one with "
                "POST /episodes and use the mcp_url it returns"
            )
        return live.episode

    mcp_server = build_server(world, resolve)
    mcp_app = mcp_server.streamable_http_app(
        streamable_http_path="/mcp", host=host, session_idle_timeout=idle_timeout
    )
    gate = EpisodeGate(mcp_app, lambda i: registry.get(i) is not None, mcp_server.session_manager)
    map_large_blocks()
    untrimmed = 0

    async def episode_deleted(episode_id: str) -> None:
        nonlocal untrimmed
        await gate.end_sessions(episode_id)
        untrimmed += 1
        # A trim takes 2-15 ms: once per batch of deletions, and when the last one goes.
        if untrimmed >= TRIM_EVERY or len(registry) == 0:
            untrimmed = 0
            trim()

    registry.on_delete = episode_deleted

    def base_url(request: Request) -> str:
        return str(request.base_url).rstrip("/")

    async def create_episode(request: Request) -> Response:
        task_id: str | None = None
        body = await request.body()
        if body.strip():
            try:
                payload = json.loads(body)
            except ValueError:
                return _error(400, 'body must be JSON: {} or {"task_id": "..."}')
            if not isinstance(payload, dict) or set(payload) - {"task_id"}:
                return _error(400, 'body must be a JSON object with at most "task_id"')
            task_id = payload.get("task_id")
            if task_id is not None and (not isinstance(task_id, str) or len(task_id) > MAX_TASK_ID):
                return _error(400, f"task_id must be a string of at most {MAX_TASK_ID} characters")
            if task_id is not None and task_id not in task_ids:
                return _error(
                    400,
                    f"no task '{task_id}' on world {world.name}: "
                    "see `corecraft-mcp tasks list` for the ids",
                )
        try:
            live = await registry.create(task_id)
        except EpisodeLimitError as exc:
            return _error(429, str(exc))
        return JSONResponse(_describe(live, base_url(request)), status_code=201)

    def lookup(request: Request) -> LiveEpisode | JSONResponse:
        episode_id = request.path_params["episode_id"]
        live = registry.get(episode_id)
        if live is None:
            return _error(
                404, f"no live episode '{episode_id}' (deleted, expired, or never created)"
            )
        return live

    async def list_episodes(request: Request) -> Response:
        return JSONResponse([_describe(live, base_url(request)) for live in registry.all()])

    async def get_episode(request: Request) -> Response:
        found = lookup(request)
        if isinstance(found, JSONResponse):
            return found
        return JSONResponse(_describe(found, base_url(request)))

    async def episode_diff(request: Request) -> Response:
        found = lookup(request)
        if isinstance(found, JSONResponse):
            return found
        diff = await found.episode.current_diff()
        return JSONResponse(
            {"episode_id": found.id, "counts": diff.counts(), **diff.model_dump(mode="json")}
        )

    async def episode_snapshot(request: Request) -> Response:
        """The episode's whole world as a SQLite database image, for graders that need to query
        the final state (not only its diff)."""
        found = lookup(request)
        if isinstance(found, JSONResponse):
            return found
        async with found.episode.db.write_lock:
            image = found.episode.db.conn.serialize()
        return Response(image, media_type="application/vnd.sqlite3")

    async def delete_episode(request: Request) -> Response:
        if await registry.delete(request.path_params["episode_id"]):
            return Response(status_code=204)
        return _error(404, f"no live episode '{request.path_params['episode_id']}'")

    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "world": world.name,
                "world_hash": world.content_hash,
                "live_episodes": len(registry),
            }
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with mcp_server.session_manager.run(), anyio.create_task_group() as tasks:

            async def reap() -> None:
                while True:
                    await anyio.sleep(min(60.0, max(idle_timeout / 4, 0.05)))
                    expired = await registry.expire_idle()
                    if expired:
                        log.info("expired %d idle episode(s)", expired)

            tasks.start_soon(reap)
            try:
                yield
            finally:
                # Close the episodes before cancelling: awaits inside a cancelled scope never run.
                with anyio.CancelScope(shield=True):
                    await registry.close()
                tasks.cancel_scope.cancel()

    routes = [
        Route("/health", health, methods=["GET"]),
        Route("/episodes", create_episode, methods=["POST"]),
        Route("/episodes", list_episodes, methods=["GET"]),
        Route("/episodes/{episode_id}", get_episode, methods=["GET"]),
        Route("/episodes/{episode_id}", delete_episode, methods=["DELETE"]),
        Route("/episodes/{episode_id}/diff", episode_diff, methods=["GET"]),
        Route("/episodes/{episode_id}/snapshot", episode_snapshot, methods=["GET"]),
        Mount("/episodes/{episode_id}", app=gate),
    ]
    middleware = [Middleware(BodyDeadline, seconds=body_seconds)]
    if token:
        middleware.append(Middleware(BearerToken, token=token))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.registry = registry
    return app
