"""Read deadlines for the HTTP server, so a slow or stalled client cannot hold a connection (and
its memory) open: request headers must arrive within HEADER_SECONDS of the first byte, a request
body within BODY_SECONDS. uvicorn has neither: it times out idle keep-alive connections only."""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import uvicorn
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 30.0
MAX_BODY_BYTES = 4 * 1024 * 1024  # MCP requests and episode requests are a few KiB
# Longer than any HTTP client's idle-connection expiry (httpx: 5 s), so the server never closes
# a pooled connection at the moment the client reuses it (the client then fails with ReadError).
KEEP_ALIVE_SECONDS = 65


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers do not arrive in
    time (a partial request line dripped a byte at a time, or nothing after connecting)."""

    header_seconds = HEADER_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_timer: asyncio.TimerHandle | None = None

    def _awaiting_headers(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        if self._header_timer is None and self._awaiting_headers():
            self._header_timer = self.loop.call_later(self.header_seconds, self._headers_late)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_late(self) -> None:
        self._header_timer = None
        if self._awaiting_headers() and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._arm()
        super().data_received(data)
        if not self._awaiting_headers():
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def timed_h11(header_seconds: float) -> type[TimedH11Protocol]:
    """The protocol class with another header deadline (tests use short ones)."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"header_seconds": header_seconds})


def server_config(
    app: ASGIApp, host: str, port: int, header_seconds: float = HEADER_SECONDS, **options: Any
) -> uvicorn.Config:
    """uvicorn's configuration for this server (also used by tests and benchmarks, so they
    run what `serve` runs): header deadline, keep-alive outliving clients' pooled connections."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=timed_h11(header_seconds),
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        **options,
    )


def _refusal(status: int, message: str) -> JSONResponse:
    # Connection: close, or a client still dripping its body would keep the connection.
    return JSONResponse({"error": message}, status_code=status, headers={"Connection": "close"})


class BodyDeadline:
    """Reads each request's body within a deadline and a size cap before the app sees it
    (pure ASGI: the MCP endpoint's SSE responses pass through unbuffered)."""

    def __init__(
        self,
        app: ASGIApp,
        seconds: float = BODY_SECONDS,
        max_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.app = app
        self.seconds = seconds
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        with anyio.move_on_after(self.seconds) as deadline:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                if len(body) > self.max_bytes:
                    await _refusal(
                        413, f"request body over {self.max_bytes} bytes: requests are small JSON"
                    )(scope, receive, send)
                    return
                if not message.get("more_body", False):
                    break
        if deadline.cancelled_caught:
            await _refusal(
                408, f"request body not received within {self.seconds:g} s: send it at once"
            )(scope, receive, send)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)
