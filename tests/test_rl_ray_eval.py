"""`corecraft-mcp eval --ray` over a local Ray instance: the same results folder, resume and
summary as a local run."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray")

from corecraft_mcp.cli import main  # noqa: E402
from corecraft_mcp.evaluation.results import ResultsFolder  # noqa: E402
from corecraft_mcp.tasks.loader import load_tasks  # noqa: E402

TASKS = [t.id for t in load_tasks()][::10]  # 8 tasks over every category
# Timing and the host differ between runs, not the outcome.
VARIES = {"episode_wall_s"}


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _eval(out: Path, tasks: list[str], *extra: str) -> int:
    args = ["eval", "--model", "reference", "--out", str(out), "--concurrency", "4"]
    for task_id in tasks:
        args += ["--task", task_id]
    return main([*args, *extra])


def _summary(folder: Path) -> dict[str, Any]:
    data = json.loads((folder / "summary.json").read_text())
    return {k: v for k, v in data.items() if k not in VARIES}


def _same(a: Any, b: Any) -> None:
    """Equal, up to float rounding (episodes arrive in another order, so sums add in another
    order)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _same(a[key], b[key])
    elif isinstance(a, float):
        assert a == pytest.approx(b, abs=1e-9)
    else:
        assert a == b


def test_ray_eval_matches_a_local_run_and_resumes(tmp_path: Path, local_ray: None) -> None:
    local, spread = tmp_path / "local", tmp_path / "ray"
    assert _eval(local, TASKS) == 0
    # Half locally, then the rest over Ray into the same folder: a resume.
    assert _eval(spread, TASKS[:3]) == 0
    assert _eval(spread, TASKS, "--ray", "--ray-workers", "2") == 0
    episodes = ResultsFolder(spread).read_episodes()
    assert sorted(e.task_id for e in episodes) == sorted(TASKS)
    assert all(e.status == "completed" for e in episodes)
    _same(_summary(spread), _summary(local))
    # A finished run has nothing left to run, over Ray as locally.
    lines = (spread / "episodes.jsonl").read_text().splitlines()
    assert _eval(spread, TASKS, "--ray") == 0
    assert (spread / "episodes.jsonl").read_text().splitlines() == lines
