"""In front of every episode's MCP endpoint: the episode must be live, and an MCP session stays
on the episode whose URL created it.

The SDK keeps one session table for the whole endpoint mount, so without this a session id
opened on one episode's URL would be accepted on another's, and its calls would land there."""

from __future__ import annotations

from collections.abc import Callable

from mcp.server.streamable_http import MCP_SESSION_ID_HEADER
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_SESSION_HEADER = MCP_SESSION_ID_HEADER.encode()


def _not_found(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=404)


class EpisodeGate:
    """Pure ASGI (the MCP endpoint streams SSE, which BaseHTTPMiddleware would buffer)."""

    def __init__(
        self,
        app: ASGIApp,
        is_live: Callable[[str], bool],
        sessions: StreamableHTTPSessionManager,
    ) -> None:
        self.app = app
        self._is_live = is_live
        self._sessions = sessions
        self._episode_of: dict[str, str] = {}  # MCP session id -> episode id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        episode_id = str(scope.get("path_params", {}).get("episode_id", ""))
        if not self._is_live(episode_id):
            response = _not_found(
                f"no live episode '{episode_id[:80]}' (deleted, expired, or never created): "
                "create one with POST /episodes and use the mcp_url it returns"
            )
            await response(scope, receive, send)
            return
        session = dict(scope["headers"]).get(_SESSION_HEADER)
        if session is not None:
            bound = self._episode_of.get(session.decode("latin-1"))
            if bound is not None and bound != episode_id:
                # Answered as the protocol answers any session unknown here: 404.
                await _not_found(
                    "this MCP session belongs to another episode: use that episode's mcp_url, "
                    "or open a new session on this one"
                )(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return

        async def bind(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                for key, value in message.get("headers", []):
                    if key.lower() == _SESSION_HEADER:
                        self._forget_ended()
                        self._episode_of[value.decode("latin-1")] = episode_id
            await send(message)

        await self.app(scope, receive, bind)

    def _forget_ended(self) -> None:
        live = self._sessions._server_instances  # the SDK has no public view of its sessions
        for session in [s for s in self._episode_of if s not in live]:
            del self._episode_of[session]

    async def end_sessions(self, episode_id: str) -> None:
        """End the MCP sessions of a deleted episode now, rather than at their idle timeout:
        each holds its server task and streams until then."""
        for session in [s for s, e in self._episode_of.items() if e == episode_id]:
            del self._episode_of[session]
            transport = self._sessions._server_instances.get(session)
            if transport is not None:
                await self._sessions._discard_session(session, transport)
