"""`corecraft-mcp eval` end to end with the built-in agents: the reference passes every
deterministic criterion, noop passes nothing, and a killed run resumes without losing or
duplicating an episode."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corecraft_mcp.cli import main
from corecraft_mcp.evaluation.results import ResultsFolder
from corecraft_mcp.tasks.loader import load_tasks

TASKS = load_tasks()
SOME = [t.id for t in TASKS[:: max(1, len(TASKS) // 6)]][:6]


def _eval(out: Path, *extra: str) -> int:
    args = ["eval", "--out", str(out), "--concurrency", "3"]
    for task_id in SOME:
        args += ["--task", task_id]
    return main([*args, *extra])


pytestmark = pytest.mark.skipif(not TASKS, reason="no tasks in rubrics/")


def test_reference_satisfies_every_deterministic_criterion(tmp_path: Path) -> None:
    """Every task's reference, through the MCP client: so every tool's happy path too."""
    assert main(["eval", "--out", str(tmp_path), "--model", "reference", "--concurrency", "4"]) == 0
    results = ResultsFolder(tmp_path).read_episodes()
    assert sorted(r.task_id for r in results) == sorted(t.id for t in TASKS)
    for result in results:
        assert result.status == "completed"
        assert result.grade is not None
        assert result.grade.deterministic_passed, (result.task_id, result.grade.failed())
        assert result.transcript.calls, "the reference went through MCP"
        assert all(call.ok for call in result.transcript.calls)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["deterministic_pass_rate"]["rate"] == 1.0
    assert summary["infra_errors"] == 0


def test_noop_passes_nothing(tmp_path: Path) -> None:
    assert _eval(tmp_path, "--model", "noop") == 0
    results = ResultsFolder(tmp_path).read_episodes()
    assert len(results) == len(SOME)
    assert not any(r.passed or (r.grade and r.grade.deterministic_passed) for r in results)


def test_rerunning_a_finished_run_runs_nothing(tmp_path: Path) -> None:
    assert _eval(tmp_path, "--model", "reference") == 0
    lines = (tmp_path / "episodes.jsonl").read_text().splitlines()
    assert _eval(tmp_path, "--model", "reference") == 0
    assert (tmp_path / "episodes.jsonl").read_text().splitlines() == lines


def test_a_different_experiment_is_refused(tmp_path: Path) -> None:
    assert _eval(tmp_path, "--model", "reference") == 0
    assert _eval(tmp_path, "--model", "noop") == 2


def test_a_torn_last_line_is_ignored_and_redone(tmp_path: Path) -> None:
    assert _eval(tmp_path, "--model", "reference") == 0
    path = tmp_path / "episodes.jsonl"
    lines = path.read_text().splitlines()
    # A run killed while writing leaves half a line; that episode must be run again.
    path.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][: len(lines[-1]) // 2])
    assert _eval(tmp_path, "--model", "reference") == 0
    results = ResultsFolder(tmp_path).read_episodes()
    assert sorted(r.task_id for r in results) == sorted(SOME)
    # Repaired on resume: every line whole, so nothing is warned about again.
    repaired = path.read_text().splitlines()
    assert len(repaired) == len(lines)
    assert ResultsFolder(tmp_path).repair() == 0


def test_a_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    tasks = [t.id for t in TASKS][:10]
    command = [sys.executable, "-m", "corecraft_mcp.cli", "eval", "--model", "reference",
               "--out", str(tmp_path), "--concurrency", "1"]  # fmt: skip
    for task_id in tasks:
        command += ["--task", task_id]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    episodes = tmp_path / "episodes.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if episodes.exists() and len(episodes.read_text().splitlines()) >= 2:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = len(ResultsFolder(tmp_path).read_episodes())
    assert 2 <= before < len(tasks), "the kill should land mid-run"
    finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert f"{before} episode(s) on file" in finished.stderr
    keys = [
        (json.loads(line)["task_id"], json.loads(line)["trial"])
        for line in episodes.read_text().splitlines()
        if line.strip().endswith("}")
    ]
    completed = ResultsFolder(tmp_path).read_episodes()
    assert sorted(r.task_id for r in completed) == sorted(tasks)
    assert len(keys) == len(set(keys)), "no episode was written twice"
