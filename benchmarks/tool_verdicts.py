"""Count policy verdicts and next-step advice in tool outputs over every task's reference calls.

    python benchmarks/tool_verdicts.py [--list] [--near-misses]

Replays each task's reference solution (and, with --near-misses, its near misses) in a fresh
episode and scans every call's result and refusal with corecraft_mcp.grading.verdicts (the
maintained lists of forbidden field names and phrases; KB tools exempt). Prints the totals per
tool and kind; --list prints each finding. tests/test_tool_verdicts.py asserts the total is 0."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import anyio

from corecraft_mcp.grading.verdicts import Finding, findings
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import open_world


async def measure(near_misses: bool) -> tuple[int, list[Finding]]:
    world = open_world("seed42")
    caller = ToolCaller()
    calls = 0
    found: list[Finding] = []
    for task in load_tasks():
        solutions = [task.reference] + (list(task.near_misses) if near_misses else [])
        for solution in solutions:
            async with await Episode.start(world) as episode:
                records = [await caller.call(episode.db, c.tool, c.args) for c in solution.calls]
            calls += len(records)
            found += findings(records)
    return calls, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every finding")
    parser.add_argument("--near-misses", action="store_true", help="also replay near misses")
    options = parser.parse_args()
    calls, found = anyio.run(measure, options.near_misses)
    if options.list:
        for finding in found:
            print(finding)
    by_tool = Counter((f.tool, f.kind) for f in found)
    for (tool, kind), count in sorted(by_tool.items()):
        print(f"{tool:32} {kind:7} {count}")
    fields = sum(1 for f in found if f.kind == "field")
    print(
        f"calls scanned: {calls}; verdict fields: {fields}; next-step phrases: {len(found) - fields}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
