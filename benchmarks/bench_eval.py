"""The harness's own overhead: `eval --model reference` over every task at concurrency 8 (target
under 20 s), and the process's memory over 500 episodes (it must stay flat, not grow with the
episodes run).

    python benchmarks/bench_eval.py [--episodes 500]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

from corecraft_mcp.agents.builtin import ReferenceAgent
from corecraft_mcp.cli import main as cli_main
from corecraft_mcp.evaluation.backends import InProcessBackend
from corecraft_mcp.evaluation.runner import EvalPlan, EvalSettings, run_episode
from corecraft_mcp.grading.chat import SamplingSettings
from corecraft_mcp.server.content import support_agent_prompt
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.world.world import open_world


def _rss_mib() -> float:
    """Current resident memory (Linux /proc), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def whole_run() -> float:
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        code = cli_main(["eval", "--model", "reference", "--concurrency", "8", "--out", out])
        elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"eval failed with exit code {code}")
    return elapsed


async def memory_over(episodes: int) -> list[float]:
    world = open_world("seed42")
    tasks = load_tasks()
    settings = EvalSettings(support_agent_prompt(world), 30, SamplingSettings(), 600)
    plan = EvalPlan(world, InProcessBackend(world), ReferenceAgent, settings)
    samples = []
    for i in range(episodes):
        task = tasks[i % len(tasks)]
        await run_episode(plan, task, 1)
        if i % 50 == 49:
            samples.append(_rss_mib())
    return samples


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = [whole_run() for _ in range(args.repeat)]
    tasks = len(load_tasks())
    median = statistics.median(times)
    print(
        f"eval --model reference, {tasks} tasks, concurrency 8: median {median:.1f} s "
        f"(target 20 s, ratio {median / 20:.2f})",
        file=sys.stderr,
    )
    samples = anyio.run(memory_over, args.episodes)
    growth = samples[-1] - samples[0]
    print(f"RSS every 50 episodes (MiB): {', '.join(f'{s:.0f}' for s in samples)}", file=sys.stderr)
    print(
        f"growth from episode 50 to {args.episodes}: {growth:+.1f} MiB "
        f"({growth / max(1, args.episodes - 50) * 1024:.1f} KiB per episode)",
        file=sys.stderr,
    )
    return 0 if median < 20 else 1


if __name__ == "__main__":
    sys.exit(main())
