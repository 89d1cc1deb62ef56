"""Server benchmarks: a read tool call in process and over streamable HTTP on loopback, and 100
concurrent HTTP episodes making 20 calls each.

    python benchmarks/bench_server.py
"""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import anyio
import httpx2
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).parent))
from _timing import amedian_ms, report

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.server.http import create_http_app
from corecraft_mcp.server.http_timeouts import server_config
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World, open_world


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def read_calls(world: World, order_id: str) -> list[tuple[str, dict[str, object]]]:
    first = world.base.execute
    customer = first("SELECT id FROM customers ORDER BY id LIMIT 1").fetchone()[0]
    product = first("SELECT id FROM products ORDER BY id LIMIT 1").fetchone()[0]
    article = first("SELECT id FROM kb_articles ORDER BY id LIMIT 1").fetchone()[0]
    return [
        ("get_order_details", {"order_id": order_id}),
        ("get_customer_history", {"customer_id": customer}),
        ("get_product_details", {"product": product}),
        ("check_inventory", {"product_ids": [product]}),
        ("get_shipping_status", {"order_id": order_id}),
        ("get_loyalty_tier", {"customer_id": customer}),
        ("get_knowledgebase_article", {"article": article}),
        ("search_products", {"query": "rtx 4070"}),
        ("search_knowledgebase", {"query": "no display after building"}),
        ("search_orders", {"customer_id": customer}),
    ]


async def in_process(world: World, order_id: str) -> bool:
    """Per read tool, and the median over all of them. The SDK's client re-validates every
    structured result against the tool's output schema (jsonschema): big results pay for it."""
    medians = []
    async with await Episode.start(world) as episode, Client(server_for_episode(episode)) as client:
        for name, args in read_calls(world, order_id):
            for _ in range(10):
                result = await client.call_tool(name, args)
                assert not result.is_error, (name, result.content)
            ms = await amedian_ms(lambda n=name, a=args: client.call_tool(n, a), 100)
            medians.append(ms)
            print(f"  {name:<40} median {ms:6.2f} ms")
    return report("read tool call, in-process MCP client", sorted(medians)[len(medians) // 2], 2)


async def over_http(world: World, order_id: str) -> bool:
    port = _free_port()
    app = create_http_app(world, task_ids=(), max_episodes=200)
    # The server's own configuration (read deadlines, keep-alive outliving the client's pool:
    # with uvicorn's default 5 s, equal to httpx's pool expiry, a pooled connection idle for 5 s
    # could be closed by the server as the client reused it: ReadError / ClientDisconnect).
    server = uvicorn.Server(server_config(app, "127.0.0.1", port, log_level="error"))
    ok = True
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(server.serve)
        while not server.started:
            await anyio.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        async with httpx2.AsyncClient(base_url=base, timeout=60) as http:
            url = (await http.post("/episodes")).json()["mcp_url"]
            async with Client(streamable_http_client(url)) as client:
                for _ in range(20):
                    await client.call_tool("get_order_details", {"order_id": order_id})
                ms = await amedian_ms(
                    lambda: client.call_tool("get_order_details", {"order_id": order_id}), 200
                )
                ok &= report("read tool call, streamable HTTP on loopback", ms, 10)

            errors: list[str] = []

            async def one_episode() -> None:
                created = await http.post("/episodes")
                if created.status_code != 201:
                    errors.append(created.text)
                    return
                body = created.json()
                async with Client(streamable_http_client(body["mcp_url"])) as client:
                    for _ in range(20):
                        result = await client.call_tool("get_order_details", {"order_id": order_id})
                        if result.is_error:
                            errors.append(str(result.content))
                await http.delete(f"/episodes/{body['episode_id']}")

            started = time.perf_counter()
            async with anyio.create_task_group() as crowd:
                for _ in range(100):
                    crowd.start_soon(one_episode)
            elapsed = time.perf_counter() - started
            print(f"100 concurrent HTTP episodes x 20 calls: {elapsed:.1f} s, {len(errors)} errors")
            ok &= not errors
        server.should_exit = True
    return ok


def main() -> int:
    world = open_world("seed42")
    order_id = world.base.execute("SELECT id FROM orders ORDER BY id LIMIT 1").fetchone()[0]
    ok = anyio.run(in_process, world, order_id)
    ok &= anyio.run(over_http, world, order_id)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
