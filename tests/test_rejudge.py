"""`corecraft-mcp judge` re-grades a run's judged criteria and records how: the judge's model,
prompt version on each episode, and its sampling in config.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corecraft_mcp.cli import main
from corecraft_mcp.evaluation import commands
from corecraft_mcp.evaluation.options import ModelAccess
from corecraft_mcp.evaluation.results import ResultsFolder
from corecraft_mcp.grading.chat import ChatModel, Completion, Message, ToolCallRequest, ToolSchema
from corecraft_mcp.grading.judge import JUDGE_PROMPT_VERSION
from corecraft_mcp.tasks.loader import load_tasks

JUDGED = next((t for t in load_tasks() if any(c.judge for c in t.rubric)), None)


class AgreeingJudge:
    """A judge model that finds every judged criterion of the one task satisfied."""

    name = "fake:agreeing-judge"

    async def complete(
        self, messages: list[Message], tools: list[ToolSchema], settings: object
    ) -> Completion:
        assert JUDGED is not None
        items = [
            {"criterion_id": c.id, "reason": "the reply does it", "satisfied": True}
            for c in JUDGED.rubric
            if c.judge
        ]
        call = ToolCallRequest(id="c1", name="record_verdicts", arguments={"verdicts": items})
        return Completion(tool_calls=[call])

    async def aclose(self) -> None:
        return None


@pytest.mark.skipif(JUDGED is None, reason="no task with a judged criterion")
def test_judge_command_records_prompt_version_and_sampling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert JUDGED is not None
    out = tmp_path / "run"
    assert main(["eval", "--out", str(out), "--model", "reference", "--task", JUDGED.id]) == 0
    [before] = ResultsFolder(out).read_episodes()
    assert before.judge_prompt_version is None and before.outcome == "ungraded"

    def fake_remote(spec: str, base_url: str | None, access: ModelAccess) -> ChatModel:
        return AgreeingJudge()

    monkeypatch.setattr(commands, "_remote_model", fake_remote)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    argv = ["judge", str(out), "--judge-model", "fake:j", "--judge-temperature", "0.2"]
    assert main(argv) == 0
    [after] = ResultsFolder(out).read_episodes()
    assert after.judge_model == "fake:agreeing-judge"
    assert after.judge_prompt_version == JUDGE_PROMPT_VERSION
    assert after.outcome == "pass"
    config = json.loads((out / "config.json").read_text())
    assert config["judge_sampling"]["temperature"] == 0.2
    summary = json.loads((out / "summary.json").read_text())
    assert summary["pass_rate"]["rate"] == 1.0
