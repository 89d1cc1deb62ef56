"""How the world's costs grow with its size: seed42 at 1x, 4x and 16x (every count but the
knowledge base scaled), a table of medians. Point reads and searches must stay flat; generation
must grow linearly. Also the harness's cost per episode beyond start-up, and an in-process MCP
read tool call beside a no-op tool on the same SDK (the SDK's own floor).

    python benchmarks/bench_scaling.py [--sizes 1 4 16] [--generate]

Scaled worlds are generated once and cached (CORECRAFT_BENCH_WORLDS, default
~/.cache/corecraft-bench); --generate times generating each size afresh.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import anyio
from mcp import Client
from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).parent))
from _timing import amedian_ms, median_ms
from _worlds import scaled_world

from corecraft_mcp.server import server_for_episode
from corecraft_mcp.tools.customers import search_customers
from corecraft_mcp.tools.orders import get_order_details
from corecraft_mcp.tools.product_search import search_products
from corecraft_mcp.tools.support import create_ticket
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.stats import world_stats
from corecraft_mcp.world.world import World, build

QUERIES = ["rtx 4070", "ddr5 32gb", "nvme 2tb", "ryzen 7", "quiet 750W modular"]
TARGETS_MS = {"search_customers by name": 5.0, "search_products": 3.0}


async def tool_costs(world: World) -> dict[str, float]:
    async with await Episode.start(world) as episode:
        db, conn = episode.db, episode.db.conn
        orders = [r[0] for r in conn.execute("SELECT id FROM orders ORDER BY random() LIMIT 50")]
        names = [
            f"{first} {last}"
            for first, last in conn.execute(
                "SELECT first_name, last_name FROM customers ORDER BY random() LIMIT 50"
            )
        ]
        customer = conn.execute("SELECT min(id) FROM customers").fetchone()[0]
        o, n, q = iter(orders * 4), iter(names * 4), iter(QUERIES * 40)
        return {
            "get_order_details": await amedian_ms(
                lambda: get_order_details(db, next(o).lower()), 150
            ),
            "search_customers by name": await amedian_ms(
                lambda: search_customers(db, name=next(n)), 150
            ),
            "search_products": await amedian_ms(lambda: search_products(db, query=next(q)), 150),
            "create_ticket": await amedian_ms(
                lambda: create_ticket(
                    db,
                    "Where is my order?",
                    "It has not come.",
                    "email",
                    "order_status",
                    customer_id=customer,
                ),
                150,
            ),
        }


class Empty(BaseModel):
    ok: bool


async def mcp_read_vs_noop(world: World) -> tuple[float, float]:
    order_id = world.base.execute("SELECT min(id) FROM orders").fetchone()[0]
    noop = MCPServer(name="noop")

    @noop.tool(structured_output=True)
    async def nothing() -> Empty:
        """Does nothing."""
        return Empty(ok=True)

    async with await Episode.start(world) as episode, Client(server_for_episode(episode)) as ours:
        for _ in range(10):
            await ours.call_tool("get_order_details", {"order_id": order_id})
        read = await amedian_ms(
            lambda: ours.call_tool("get_order_details", {"order_id": order_id}), 300
        )
    async with Client(noop) as theirs:
        for _ in range(10):
            await theirs.call_tool("nothing", {})
        floor = await amedian_ms(lambda: theirs.call_tool("nothing", {}), 300)
    return read, floor


async def harness_per_episode(world: World) -> float:
    from corecraft_mcp.agents.builtin import ReferenceAgent
    from corecraft_mcp.evaluation.backends import InProcessBackend
    from corecraft_mcp.evaluation.runner import EvalPlan, EvalSettings, run_episode
    from corecraft_mcp.grading.chat import SamplingSettings
    from corecraft_mcp.server.content import support_agent_prompt
    from corecraft_mcp.tasks.loader import load_tasks

    tasks = load_tasks()
    backend = InProcessBackend(world)
    settings = EvalSettings(support_agent_prompt(world), 30, SamplingSettings(), 600)
    plan = EvalPlan(world, backend, ReferenceAgent, settings)
    await run_episode(plan, tasks[0], 1)
    samples = []
    for task in tasks:
        started = time.perf_counter()
        await run_episode(plan, task, 1)
        samples.append((time.perf_counter() - started) * 1000)
    return sorted(samples)[len(samples) // 2]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--generate", action="store_true", help="also time generation")
    args = parser.parse_args()
    rows: dict[str, list[str]] = {}
    ok = True

    def put(name: str, value: str) -> None:
        rows.setdefault(name, []).append(value)

    for factor in args.sizes:
        world = scaled_world(factor)
        stats = world_stats(world.base, world.name, world.definition.today_iso, world.content_hash)
        put("entities", f"{stats.total_entities:,}")
        if args.generate:
            started = time.perf_counter()
            build(world.definition)
            put("generation", f"{time.perf_counter() - started:.1f} s")
        put("fork (and close)", f"{median_ms(lambda w=world: w.fork().close(), 50):.2f} ms")
        costs: dict[str, Any] = anyio.run(tool_costs, world)
        for name, ms in costs.items():
            put(name, f"{ms:.2f} ms")
            if name in TARGETS_MS and factor == max(args.sizes):
                ok &= ms <= TARGETS_MS[name]
    sizes = " | ".join(f"{f}x" for f in args.sizes)
    print(f"| | {sizes} |\n|---|{'---|' * len(args.sizes)}")
    for name, values in rows.items():
        print(f"| {name} | {' | '.join(values)} |")
    base = scaled_world(1)
    read, floor = anyio.run(mcp_read_vs_noop, base)
    print(f"\nin-process MCP call: get_order_details {read:.2f} ms, no-op tool {floor:.2f} ms "
          f"(same SDK), ratio {read / floor:.1f}")  # fmt: skip
    per_episode = anyio.run(harness_per_episode, base)
    print(f"eval harness (reference model, in process): median {per_episode:.1f} ms per episode "
          "(target 15 ms)")  # fmt: skip
    return 0 if ok and per_episode <= 15 else 1


if __name__ == "__main__":
    sys.exit(main())
