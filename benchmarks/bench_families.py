"""Task-family benchmark: generation speed (alone and with validation), diversity per N
generated tasks, and the share whose reference weighs records that disagree.

python benchmarks/bench_families.py [--world seed7] [--n 1000] [--seed 0]

Validation is `tasks validate` in full (reference, near misses, do-nothing, adversarial probes).
Generation alone is timed as the median of three runs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).parent))
from _timing import median_ms

from corecraft_mcp.grading.validate import validate_task
from corecraft_mcp.tasks.families.generate import Generated, generate
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.world.world import World, open_world


async def _validate_all(world: World, generated: list[Generated]) -> tuple[list[float], int]:
    caller = ToolCaller()
    seconds: list[float] = []
    failing = 0
    for g in generated:
        start = time.perf_counter()
        problems = await validate_task(world, g.task, caller)
        seconds.append(time.perf_counter() - start)
        failing += bool(problems)
        for problem in problems:
            print(f"FAIL {problem}")
    return seconds, failing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--world", default="seed7")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    world = open_world(args.world)

    generated = list(generate(world, args.n, seed=args.seed))
    n = len(generated)
    gen_ms = median_ms(lambda: list(generate(world, args.n, seed=args.seed)), 3)
    seconds, failing = anyio.run(_validate_all, world, generated)
    total_s = gen_ms / 1000 + sum(seconds)
    print(f"world {world.name}, {n} tasks from {len({g.family.name for g in generated})} families")
    print(f"generation alone:        {n / (gen_ms / 1000):8.1f} tasks/s (median of 3)")
    print(
        f"generation + validation: {n / total_s:8.1f} tasks/s "
        f"(validation median {statistics.median(seconds) * 1000:.0f} ms per task)"
    )
    print(f"valid: {n - failing} of {n}")

    templates = {g.draft.template for g in generated}
    family_personas = {":".join(g.draft.template.split(":")[:2]) for g in generated}
    instructions = {g.task.instruction for g in generated}
    ref_tools = {c.tool for g in generated for c in g.task.reference.calls}
    all_tools = ref_tools | {c.tool for g in generated for m in g.task.near_misses for c in m.calls}
    policies = {p for g in generated for p in g.task.policies}
    entities = {e for g in generated for e in g.draft.entities}
    kinds = Counter(e.split("-")[0] if re.match(r"^[A-Z]+-\d", e) else "new" for e in entities)
    categories = Counter(g.task.category for g in generated)
    patterns = Counter(p for g in generated for p in g.family.patterns)
    conflicting = sum(g.draft.conflicting for g in generated)
    difficulty = Counter(g.task.difficulty for g in generated)
    choices = sum(any(r.kind == "choice" for r in g.task.reconcile) for g in generated)
    exceptions = sum(bool(g.task.exceptions) for g in generated)
    scale = 1000 / n
    print(f"diversity (per {n}; x{scale:.2f} for per 1,000 where it scales):")
    print(f"  distinct instruction templates (family:persona:template): {len(templates)}")
    print(
        f"  distinct family x persona: {len(family_personas)}; distinct instructions: {len(instructions)}"
    )
    print(f"  tools in references: {len(ref_tools)}; with near misses: {len(all_tools)}")
    print(f"  policies: {len(policies)} {sorted(policies)}")
    print(f"  distinct entities: {len(entities)} {dict(sorted(kinds.items()))}")
    print(f"  categories: {dict(categories)}")
    print(f"  patterns: {dict(patterns)}")
    print(f"  difficulty (the rubric's bands): {dict(difficulty)}")
    print(f"  with a policy exception: {exceptions}; with candidates to choose among: {choices}")
    print(
        f"share whose reference weighs two or more conflicting records: "
        f"{conflicting / n:.1%} ({conflicting} of {n})"
    )
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
