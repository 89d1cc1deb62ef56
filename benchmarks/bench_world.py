"""World benchmarks: generate, load frozen, fork an episode, diff an episode of 10 writes.

python benchmarks/bench_world.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).parent))
from _timing import amedian_ms, median_ms, report

from corecraft_mcp.world.definition import load_definition
from corecraft_mcp.world.diff import compute_diff
from corecraft_mcp.world.stats import world_stats
from corecraft_mcp.world.world import build, open_world


def main() -> int:
    definition = load_definition("seed42")
    ok = True
    world = open_world("seed42")
    stats = world_stats(world.base, world.name, world.definition.today_iso, world.content_hash)
    print(f"seed42: {stats.total_entities:,} top-level entities over {len(stats.entities)} types")
    ok &= report("generate seed42 from its seed", median_ms(lambda: build(definition), 3), 5000)
    ok &= report(
        "load frozen seed42 (verify hash)", median_ms(lambda: open_world("seed42"), 7), 300
    )
    ok &= report("fork an episode", median_ms(world.fork, 200), 5)

    ids = [r[0] for r in world.base.execute("SELECT id FROM customers ORDER BY id LIMIT 10")]
    forks = []

    def ten_writes() -> None:
        conn = world.fork()
        with conn:
            for customer_id in ids:
                conn.execute(
                    "UPDATE customers SET notes = notes || ' x' WHERE id = ?", (customer_id,)
                )
        forks.append(conn)

    for _ in range(50):
        ten_writes()
    it = iter(forks)
    ok &= report(
        "diff an episode with 10 writes",
        median_ms(lambda: compute_diff(next(it), world.base), 50),
        10,
    )

    async def episode_round_trip() -> None:
        from corecraft_mcp.world.episode import Episode

        async with await Episode.start(world):
            pass

    ok &= report(
        "start + close an async episode",
        anyio.run(lambda: amedian_ms(episode_round_trip, 100)),
        10,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
