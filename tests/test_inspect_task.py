"""The inspect_ai task, run by inspect itself with its built-in mockllm model scripted to make
the reference solution's tool calls: found through the entry point, tools from our MCP server,
verdicts from our grader in the score's metadata."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

inspect_ai = pytest.importorskip("inspect_ai", reason="the `inspect` extra (in dev) is needed")

from corecraft_mcp.evaluation.inspect_task import _score, corecraft  # noqa: E402
from corecraft_mcp.grading.scoring import Verdict, summarise  # noqa: E402
from corecraft_mcp.tasks.loader import load_tasks  # noqa: E402

TASK_IDS = ["acct-email-change-verified-0017", "acct-duplicate-profile-lookup-0003"]

# Run as its own process away from the checkout, as `inspect eval` would be: inside it, inspect
# reads 'corecraft_mcp/corecraft' as a path, and the checkout's egg-info hides the editable
# install that inspect's registry names packages by.
SCRIPT = f"""
from inspect_ai import eval
from inspect_ai.model import (
    ChatMessageAssistant, ChatMessageUser, ModelOutput, ModelUsage, get_model,
)
from corecraft_mcp.tasks.loader import load_tasks

IDS = {TASK_IDS!r}
TASKS = {{t.instruction: t for t in load_tasks(patterns=IDS)}}


def answer(messages, *_):
    # The reference agent through mockllm: the reference calls one per turn, then the response.
    instruction = next(m.text for m in messages if isinstance(m, ChatMessageUser))
    reference = TASKS[instruction].reference
    made = sum(len(m.tool_calls or []) for m in messages if isinstance(m, ChatMessageAssistant))
    if made < len(reference.calls):
        call = reference.calls[made]
        output = ModelOutput.for_tool_call("mockllm", call.tool, dict(call.args))
    else:
        output = ModelOutput.from_content("mockllm", reference.response)
    output.usage = ModelUsage(input_tokens=100, output_tokens=10, total_tokens=110)
    return output


(log,) = eval(
    "corecraft_mcp/corecraft",
    task_args={{"tasks": ",".join(IDS), "max_steps": 12}},
    model=get_model("mockllm/model", custom_outputs=answer),
    log_dir="logs",
    display="none",
)
print(log.location)
"""


def test_the_task_is_registered_through_the_entry_point() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="inspect_ai")}
    assert found.get("corecraft_mcp") == "corecraft_mcp.evaluation.inspect_task"


def test_inspect_runs_the_tasks_through_mcp_and_our_grader(tmp_path: Path) -> None:
    from inspect_ai.log import read_eval_log

    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    log = read_eval_log(done.stdout.strip().splitlines()[-1])
    assert log.status == "success", log.error
    assert log.samples is not None and sorted(str(s.id) for s in log.samples) == sorted(TASK_IDS)
    for sample in log.samples:
        task = load_tasks(patterns=[str(sample.id)])[0]
        # The model's calls went through our MCP server and came back as tool results.
        tools = [m for m in sample.messages if m.role == "tool"]
        assert [m.function for m in tools] == [c.tool for c in task.reference.calls]
        assert all(m.error is None for m in tools)
        assert sample.messages[0].role == "system" and "CoreCraft" in sample.messages[0].text
        assert sample.scores is not None
        (score,) = sample.scores.values()
        assert score.metadata is not None
        verdicts = score.metadata["verdicts"]
        assert [v["criterion_id"] for v in verdicts] == [c.id for c in task.rubric]
        # The reference passes every deterministic criterion; with no judge, the judged ones
        # await it and the episode is not a failure.
        assert isinstance(score.value, dict) and score.value["deterministic"] == 1.0
        assert "passed" not in score.value
        judged = any(v["method"] == "judge" for v in verdicts)
        assert score.metadata["outcome"] == ("awaiting judge" if judged else "pass")
        assert score.value["awaiting_judge"] == float(judged)
    assert log.results is not None
    metrics = {
        (result.name, name): metric.value
        for result in log.results.scores
        for name, metric in result.metrics.items()
    }
    assert metrics[("deterministic", "mean")] == 1.0


def test_score_values_are_honest_about_ungraded_criteria() -> None:
    def verdict(cid: str, method: Any, satisfied: bool | None) -> Verdict:
        return Verdict(
            criterion_id=cid, kind="correctness", method=method, weight=1.0, satisfied=satisfied
        )

    waiting = summarise("t", [verdict("a", "state", True), verdict("b", "judge", None)])
    score = _score(waiting, judged=False)
    assert score.value == {"deterministic": 1.0, "reward": 0.5, "awaiting_judge": 1.0}
    assert score.answer == "awaiting judge"
    failed = summarise("t", [verdict("a", "state", False), verdict("b", "judge", None)])
    assert _score(failed, judged=False).answer == "fail"
    failed_value = _score(failed, judged=False).value
    assert isinstance(failed_value, dict) and failed_value["awaiting_judge"] == 0.0
    passed = summarise("t", [verdict("a", "state", True), verdict("b", "judge", True)])
    assert _score(passed, judged=True).value == {"deterministic": 1.0, "reward": 1.0, "passed": 1.0}


def test_bad_parameters_say_what_is_accepted() -> None:
    with pytest.raises(ValueError, match="train, heldout"):
        corecraft(split="test")
    with pytest.raises(ValueError, match="no task matches"):
        corecraft(tasks="no-such-task-*")
