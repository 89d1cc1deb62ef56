"""The server over a real stdio subprocess and a real HTTP server on loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx2 as httpx  # the HTTP client the MCP SDK itself uses
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from corecraft_mcp.server.http import create_http_app
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.world.world import World

if TYPE_CHECKING:
    from tests.conftest import ServeOnLoopback


def _stdio(*args: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "corecraft_mcp.cli", "serve", "--world", "seed42", *args],
    )


async def test_stdio_subprocess_serves_tools(world: World) -> None:
    customer = world.base.execute("SELECT email FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    async with Client(_stdio()) as client:
        names = [t.name for t in (await client.list_tools()).tools]
        assert len(names) == 23
        result = await client.call_tool("search_customers", {"email": customer})
        assert not result.is_error, result.content
        assert result.structured_content is not None
        assert result.structured_content["total"] >= 1


async def test_stdio_db_file_keeps_changes_across_restarts(world: World, tmp_path: Path) -> None:
    customer_id = world.base.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    db = tmp_path / "explore.db"
    async with Client(_stdio("--db", str(db))) as client:
        result = await client.call_tool(
            "update_customer", {"customer_id": customer_id, "note": "prefers phone calls"}
        )
        assert not result.is_error, result.content
    async with Client(_stdio("--db", str(db))) as client:
        result = await client.call_tool("get_customer_history", {"customer_id": customer_id})
        assert "prefers phone calls" in str(result.structured_content)


@pytest.fixture
def http_server(
    world: World, world_task_ids: frozenset[str], serve_on_loopback: ServeOnLoopback
) -> Iterator[str]:
    """A real server on loopback, in its own thread and event loop, like a separate process."""
    with serve_on_loopback(
        create_http_app(
            world, task_ids=world_task_ids, max_episodes=3, idle_timeout=600, token="s3cret"
        )
    ) as url:
        yield url


AUTH = {"Authorization": "Bearer s3cret"}


def _mcp(url: str) -> Client:
    return Client(streamable_http_client(url, http_client=httpx.AsyncClient(headers=AUTH)))


async def test_http_requires_the_token(http_server: str) -> None:
    async with httpx.AsyncClient(base_url=http_server) as http:
        assert (await http.post("/episodes")).status_code == 401
        assert (
            await http.post("/episodes", headers={"Authorization": "Bearer no"})
        ).status_code == 401
        assert (await http.get("/health", headers=AUTH)).status_code == 200


async def test_http_episodes_are_isolated_and_diffed(http_server: str, world: World) -> None:
    customer_id = world.base.execute("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    async with httpx.AsyncClient(base_url=http_server, headers=AUTH) as http:
        task_id = load_tasks()[0].id
        one = (await http.post("/episodes", json={"task_id": task_id})).json()
        two = (await http.post("/episodes")).json()
        assert one["task_id"] == task_id
        async with _mcp(one["mcp_url"]) as a, _mcp(two["mcp_url"]) as b:
            await a.call_tool(
                "update_customer", {"customer_id": customer_id, "note": "only in one"}
            )
            seen_by_b = await b.call_tool("get_customer_history", {"customer_id": customer_id})
            assert "only in one" not in str(seen_by_b.structured_content)
        diff_one = (await http.get(f"/episodes/{one['episode_id']}/diff")).json()
        diff_two = (await http.get(f"/episodes/{two['episode_id']}/diff")).json()
        assert diff_one["counts"]["customers"] == {"inserted": 0, "updated": 1, "deleted": 0}
        assert diff_one["counts"]["audit_log"]["inserted"] == 1
        assert set(diff_one["counts"]) == {"customers", "audit_log"}
        assert diff_two["counts"] == {}
        assert (await http.delete(f"/episodes/{one['episode_id']}")).status_code == 204
        assert (await http.get(f"/episodes/{one['episode_id']}/diff")).status_code == 404


async def test_http_episode_cap_and_bad_requests(http_server: str) -> None:
    async with httpx.AsyncClient(base_url=http_server, headers=AUTH) as http:
        assert (await http.post("/episodes", content=b"{not json")).status_code == 400
        assert (await http.post("/episodes", json={"task_id": 5})).status_code == 400
        assert (await http.post("/episodes", json={"other": 1})).status_code == 400
        unknown = await http.post("/episodes", json={"task_id": "no-such-task"})
        assert unknown.status_code == 400 and "tasks list" in unknown.json()["error"]
        for _ in range(3):
            assert (await http.post("/episodes")).status_code == 201
        refused = await http.post("/episodes")
        assert refused.status_code == 429
        assert "--max-episodes" in refused.json()["error"]


async def test_http_unknown_episode_is_not_found(http_server: str) -> None:
    async with httpx.AsyncClient(base_url=http_server, headers=AUTH) as http:
        refused = await http.post("/episodes/ep_missing/mcp", json={})
        assert refused.status_code == 404
        assert "POST /episodes" in refused.json()["error"]
