"""Median timings for the benchmarks (they report medians, never single runs)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def amedian_ms(fn: Callable[[], Awaitable[object]], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(name: str, value_ms: float, target_ms: float) -> bool:
    ok = value_ms <= target_ms
    ratio = value_ms / target_ms
    print(
        f"{name:<44} median {value_ms:9.2f} ms   target {target_ms:7.1f} ms   "
        f"ratio {ratio:5.2f}  {'ok' if ok else 'OVER'}"
    )
    return ok
