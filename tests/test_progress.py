"""Progress on stderr: plain lines off a terminal, a live rich bar on one; outcomes so far,
tokens, cost and ETA for eval; steps for world build and tasks validate."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from corecraft_mcp.evaluation.progress import progress_reporter
from corecraft_mcp.evaluation.results import EpisodeResult
from corecraft_mcp.grading.chat import Usage
from corecraft_mcp.grading.scoring import Verdict, summarise
from corecraft_mcp.progress import steps


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _result(task: str, outcome: str, cost: float | None = 0.5) -> EpisodeResult:
    satisfied = {"pass": True, "fail": False, "ungraded": None}.get(outcome)
    verdicts = [
        Verdict(criterion_id="a", kind="correctness", method="state", weight=1, satisfied=True),
        Verdict(
            criterion_id="b",
            kind="correctness",
            method="judge" if outcome == "ungraded" else "state",
            weight=1,
            satisfied=satisfied,
        ),
    ]
    return EpisodeResult(
        task_id=task,
        trial=1,
        split="train",
        category="workflow",
        difficulty="easy",
        model="m",
        status="infra_error" if outcome == "infra_error" else "completed",
        grade=None if outcome == "infra_error" else summarise(task, verdicts),
        usage=Usage(input_tokens=1000, output_tokens=100),
        cost_usd=cost,
    )


def test_plain_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    with progress_reporter(total=4, label="m", stream=stream) as report:
        report(_result("t1", "pass"))
        report(_result("t2", "ungraded"))
        report(_result("t3", "fail"))
        report(_result("t4", "infra_error", cost=None))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 4 and "\x1b" not in stream.getvalue()
    assert lines[0].startswith("[1/4] t1#1 pass | 1 passed | 1,000 in / 100 out tokens | $0.50")
    assert "ETA" in lines[0]
    assert lines[1].startswith("[2/4] t2#1 awaiting judge | 1 passed, 1 awaiting judge |")
    assert lines[3].startswith(
        "[4/4] t4#1 infra error | 1 passed, 1 failed, 1 awaiting judge, 1 infra errors | "
        "4,000 in / 400 out tokens | $1.50"
    )


def test_unknown_price_makes_the_cost_unknown() -> None:
    stream = io.StringIO()
    with progress_reporter(total=2, label="m", stream=stream) as report:
        report(_result("t1", "pass", cost=None))
        report(_result("t2", "pass"))
    assert stream.getvalue().splitlines()[-1].count("cost unknown") == 1


def test_a_live_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rich")
    monkeypatch.setenv("COLUMNS", "160")
    stream = Terminal()
    with progress_reporter(total=2, label="openai:m", stream=stream) as report:
        report(_result("t1", "pass"))
        report(_result("t2", "fail"))
    text = stream.getvalue()
    assert "\x1b[" in text  # drawn live, not line by line
    assert "openai:m" in text and "2/2" in text and "1 passed, 1 failed" in text
    assert "$1.00" in text


def test_steps_off_a_terminal() -> None:
    stream = io.StringIO()
    with steps(2, "tasks validate", stream=stream) as advance:
        advance("a")
        advance("b")
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("tasks validate [1/2] a (ETA")
    assert lines[1].startswith("tasks validate [2/2] b (ETA 0m 00s)")


def test_tasks_validate_reports_progress_on_stderr() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "corecraft_mcp.cli",
            "tasks",
            "validate",
            "--task",
            "acct-email-change-verified-0017",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "tasks validate [1/1] acct-email-change-verified-0017" in done.stderr
    assert "tasks validate [" not in done.stdout
