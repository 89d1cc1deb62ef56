"""The HTTP server as the protocol and hostile clients see it: error codes, auth challenge,
episode-bound sessions, read deadlines, and many concurrent episodes without errors."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2 as httpx
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.server.http import create_http_app
from corecraft_mcp.server.http_timeouts import server_config
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World
from tests.conftest import free_port, running

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HEADER_SECONDS = 1.0
BODY_SECONDS = 1.0
MCP_HEADERS = {**AUTH, "Accept": "application/json, text/event-stream"}
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-11-25",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"},
    },
}


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[tuple[str, int]]:
    port = free_port()
    app = create_http_app(
        world,
        task_ids=(),
        max_episodes=40,
        idle_timeout=600,
        token=TOKEN,
        body_seconds=BODY_SECONDS,
    )
    with running(server_config(app, "127.0.0.1", port, HEADER_SECONDS, log_level="warning")):
        yield f"http://127.0.0.1:{port}", port


def _mcp(url: str) -> Client:
    return Client(streamable_http_client(url, http_client=httpx.AsyncClient(headers=AUTH)))


# ---- error codes (in process: the same server class serves every transport) ----------------


async def test_unknown_resource_is_resource_not_found(episode: Episode) -> None:
    async with Client(server_for_episode(episode), mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        for uri in ("corecraft://policies/nope", "corecraft://kb/KB-0", "corecraft://nothing"):
            with pytest.raises(MCPError) as refused:
                await client.read_resource(uri)
            assert refused.value.code == -32002, uri


async def test_unknown_prompt_and_tool_are_invalid_params(episode: Episode) -> None:
    async with Client(server_for_episode(episode)) as client:
        with pytest.raises(MCPError) as refused:
            await client.get_prompt("nope")
        assert refused.value.code == -32602 and "support_agent" in refused.value.message
        with pytest.raises(MCPError) as refused:
            await client.call_tool("nope", {})
        assert refused.value.code == -32602 and "search_customers" in refused.value.message
        # Newer protocol versions retire -32002: not found is invalid params there.
        with pytest.raises(MCPError) as refused:
            await client.read_resource("corecraft://policies/nope")
        assert refused.value.code in (-32002, -32602)


# ---- HTTP --------------------------------------------------------------------------------------


async def test_401_is_a_bearer_challenge_with_a_json_body(server: tuple[str, int]) -> None:
    base, _ = server
    async with httpx.AsyncClient(base_url=base) as http:
        missing = await http.post("/episodes")
        wrong = await http.post("/episodes", headers={"Authorization": "Bearer no"})
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    assert "bearer token" in missing.json()["error"]


async def test_initialize_on_an_unknown_or_deleted_episode_is_404(server: tuple[str, int]) -> None:
    base, _ = server
    async with httpx.AsyncClient(base_url=base, headers=MCP_HEADERS) as http:
        assert (await http.post("/episodes/ep_none/mcp", json=INITIALIZE)).status_code == 404
        episode = (await http.post("/episodes")).json()
        assert (await http.delete(f"/episodes/{episode['episode_id']}")).status_code == 204
        gone = await http.post(f"/episodes/{episode['episode_id']}/mcp", json=INITIALIZE)
        assert gone.status_code == 404 and "POST /episodes" in gone.json()["error"]


async def test_a_session_is_bound_to_its_episode(server: tuple[str, int]) -> None:
    base, _ = server
    listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    async with httpx.AsyncClient(base_url=base, headers=MCP_HEADERS) as http:
        one = (await http.post("/episodes")).json()
        two = (await http.post("/episodes")).json()
        opened = await http.post(f"/episodes/{one['episode_id']}/mcp", json=INITIALIZE)
        assert opened.status_code == 200
        session = {
            "mcp-session-id": opened.headers["mcp-session-id"],
            "mcp-protocol-version": "2025-11-25",
        }
        elsewhere = await http.post(
            f"/episodes/{two['episode_id']}/mcp", json=listing, headers=session
        )
        assert elsewhere.status_code == 404 and "another episode" in elsewhere.json()["error"]
        home = await http.post(f"/episodes/{one['episode_id']}/mcp", json=listing, headers=session)
        assert home.status_code == 200
        # Deleting the episode ends its sessions.
        await http.delete(f"/episodes/{one['episode_id']}")
        await http.delete(f"/episodes/{two['episode_id']}")
        after = await http.post(f"/episodes/{two['episode_id']}/mcp", json=listing, headers=session)
        assert after.status_code == 404


def _slow_client(port: int, chunks: list[bytes], pause: float, limit: float) -> tuple[bytes, float]:
    """Send `chunks` `pause` seconds apart, then read until the server closes (at most `limit`
    seconds). Returns what the server sent and when it closed."""
    started = time.monotonic()
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        try:
            for chunk in chunks:
                sock.sendall(chunk)
                time.sleep(pause)
        except OSError:
            pass  # closed on us while sending: what is being tested
        try:
            while time.monotonic() - started < limit:
                data = sock.recv(65536)
                if not data:
                    break
                received += data
        except OSError:
            pass
    return received, time.monotonic() - started


async def test_partial_headers_are_cut_off(server: tuple[str, int]) -> None:
    _, port = server
    request = b"POST /episodes HTTP/1.1\r\nHost: x\r\nAuthoriz"
    chunks = [request[i : i + 1] for i in range(len(request))]
    _, elapsed = await anyio.to_thread.run_sync(_slow_client, port, chunks, 0.1, 8.0)
    assert elapsed < HEADER_SECONDS + 2.0


async def test_a_body_dripped_a_byte_at_a_time_is_refused(server: tuple[str, int]) -> None:
    _, port = server
    head = (
        f"POST /episodes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n"
    ).encode()
    chunks = [head, *[b" "] * 39]
    received, elapsed = await anyio.to_thread.run_sync(_slow_client, port, chunks, 0.1, 8.0)
    assert received.startswith(b"HTTP/1.1 408"), received[:80]
    assert elapsed < BODY_SECONDS + 2.5


async def test_concurrent_episodes_make_their_calls_without_errors(
    server: tuple[str, int], world: World
) -> None:
    """benchmarks/bench_server.py's pattern (episodes at once, each a session of calls, then
    deleted) at a small scale."""
    base, _ = server
    order_id = world.base.execute("SELECT id FROM orders ORDER BY id LIMIT 1").fetchone()[0]
    errors: list[Any] = []

    async def one(http: httpx.AsyncClient) -> None:
        try:
            created = (await http.post("/episodes")).json()
            async with _mcp(created["mcp_url"]) as client:
                for _ in range(8):
                    result = await client.call_tool("get_order_details", {"order_id": order_id})
                    if result.is_error:
                        errors.append(result.content)
            assert (await http.delete(f"/episodes/{created['episode_id']}")).status_code == 204
        except Exception as exc:  # every failure is counted, not only the first
            errors.append(repr(exc))

    with anyio.fail_after(120):
        async with httpx.AsyncClient(base_url=base, headers=AUTH, timeout=60) as http:
            for _ in range(2):
                async with anyio.create_task_group() as crowd:
                    for _ in range(12):
                        crowd.start_soon(one, http)
    assert errors == []
