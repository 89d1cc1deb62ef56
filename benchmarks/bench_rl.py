"""The RL environment's own cost, and the Ray eval's speed-up.

- reset-to-reward episodes per second on one core, a scripted policy (each task's reference
  calls and response) through CoreCraftEnv: median of several rounds;
- the process's resident memory over 10,000 episodes in one CoreCraftEnv (it must stay flat);
- `eval --model reference --split heldout` run locally and over `--ray` with 2 local workers
  (the wall time of each, Ray's start-up excluded, and their ratio).

    python benchmarks/bench_rl.py [--episodes 10000] [--rounds 5] [--skip-ray]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import anyio

from corecraft_mcp.cli import main as cli_main
from corecraft_mcp.rl import CoreCraftEnv
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _episodes(env: CoreCraftEnv, tasks: list[Task], count: int) -> None:
    for i in range(count):
        task = tasks[i % len(tasks)]
        await env.reset(task.id)
        for call in task.reference.calls:
            await env.step(call.tool, call.args)
        await env.finish(task.reference.response)


async def throughput(tasks: list[Task], rounds: int) -> float:
    env = CoreCraftEnv()
    await _episodes(env, tasks, len(tasks))  # warm: schemas, caches
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        await _episodes(env, tasks, len(tasks))
        rates.append(len(tasks) / (time.perf_counter() - started))
    return statistics.median(rates)


async def memory(tasks: list[Task], episodes: int) -> list[tuple[int, float]]:
    env = CoreCraftEnv()
    marks = [(0, _rss_mib())]
    step = max(1, episodes // 10)
    done = 0
    while done < episodes:
        await _episodes(env, tasks, min(step, episodes - done))
        done += min(step, episodes - done)
        marks.append((done, _rss_mib()))
    return marks


def _eval(out: str, trials: int, *extra: str) -> float:
    args = ["eval", "--model", "reference", "--split", "heldout", "--out", out]
    args += ["--trials", str(trials), "--concurrency", "8", *extra]
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the report, not the measurement
        code = cli_main(args)
    if code != 0:
        raise SystemExit(f"eval exited {code}")
    return time.perf_counter() - started


def ray_speedup(trials: int) -> tuple[float, float]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        with tempfile.TemporaryDirectory() as local, tempfile.TemporaryDirectory() as spread:
            local_s = _eval(local, trials)
            ray_s = _eval(spread, trials, "--ray", "--ray-workers", "2")
    finally:
        ray.shutdown()
    return local_s, ray_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--skip-env", action="store_true")
    parser.add_argument("--trials", type=int, default=5, help="eval trials per held-out task")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    tasks = load_tasks()
    if not args.skip_env:
        rate = anyio.run(throughput, tasks, args.rounds)
        print(f"reset-to-reward, scripted policy, one core: median {rate:8.1f} episodes/s")
        marks = anyio.run(memory, tasks, args.episodes)
        for done, rss in marks:
            print(f"  after {done:6d} episodes: RSS {rss:7.1f} MiB")
        growth = marks[-1][1] - marks[1][1]
        print(f"memory growth from episode {marks[1][0]} to {marks[-1][0]}: {growth:+.1f} MiB")
    if not args.skip_ray:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        local_s, ray_s = ray_speedup(args.trials)
        episodes = 20 * args.trials
        print(f"eval heldout x{args.trials} ({episodes} episodes), local: {local_s:6.2f} s")
        print(
            f"eval heldout, --ray, 2 local workers: {ray_s:6.2f} s   speed-up {local_s / ray_s:4.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
