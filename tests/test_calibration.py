"""The judge's calibration set: its shape, the agreement arithmetic, bad cases reported by name,
and `corecraft-mcp judge calibrate` end to end against a local OpenAI-protocol server."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corecraft_mcp.cli import main
from corecraft_mcp.grading.calibration import (
    CalibrationError,
    check_cases,
    load_cases,
    score,
)
from corecraft_mcp.grading.judge import JUDGE_PROMPT_VERSION
from corecraft_mcp.tasks.loader import load_tasks
from tests.conftest import Post, Reply, json_server
from tests.test_judge import chat_completion

TASKS = {t.id: t for t in load_tasks()}


def test_the_shipped_set_covers_every_judged_kind_with_hard_negatives() -> None:
    cases = load_cases()
    kinds = check_cases(cases, TASKS)
    assert len(cases) >= 150
    labels = Counter((kinds[c.id], c.expected) for c in cases)
    for kind in ("completeness", "correctness", "constraint", "format"):
        assert labels[(kind, True)] and labels[(kind, False)], (kind, labels)
    negatives = [c for c in cases if not c.expected]
    assert len(negatives) >= 50
    for case in negatives:
        task = TASKS[case.task]
        assert case.replace and case.reply(task) != task.reference.response, case.id


def test_agreement_precision_recall_and_kappa() -> None:
    pairs = [(True, True)] * 40 + [(True, False)] * 10 + [(False, True)] * 5
    pairs += [(False, False)] * 45
    result = score(pairs)
    assert result.agreement == 0.85 and result.recall == 0.8
    assert result.precision == pytest.approx(0.8889)
    # chance agreement 0.5, so kappa = (0.85 - 0.5) / 0.5
    assert result.kappa == pytest.approx(0.7)
    assert score([(True, True)] * 3).kappa is None  # one class only: kappa is undefined
    assert score([]).n == 0


def test_bad_cases_are_named() -> None:
    with pytest.raises(CalibrationError, match="case x-1: field 'expected'"):
        load_cases("- {id: x-1, task: t, criterion: c}")
    with pytest.raises(CalibrationError, match="a YAML list"):
        load_cases("id: x")
    (case,) = load_cases(
        "- {id: x-2, task: tech-gpu-upgrade-custom-build-0003, criterion: explains-no-return,"
        " expected: false, replace: [[not in the reply, x]]}"
    )
    with pytest.raises(CalibrationError, match="case x-2: 'not in the reply' is not in"):
        check_cases([case], TASKS)
    (case,) = load_cases(
        "- {id: x-3, task: tech-gpu-upgrade-custom-build-0003, criterion: card-price,"
        " expected: true}"
    )
    with pytest.raises(CalibrationError, match=r"case x-3: criterion card-price .* deterministic"):
        check_cases([case], TASKS)
    (case,) = load_cases(
        "- {id: x-4, task: tech-gpu-upgrade-custom-build-0003, criterion: no-such, expected: true}"
    )
    with pytest.raises(CalibrationError, match=r"case x-4: .* has no criterion no-such .*judged"):
        check_cases([case], TASKS)
    (case,) = load_cases(
        "- {id: x-5, task: tech-gpu-upgrade-custom-build-0003, criterion: explains-no-return,"
        " expected: false}"
    )
    with pytest.raises(CalibrationError, match=r"case x-5: expected false, but .* unchanged"):
        check_cases([case], TASKS)
    (case,) = load_cases("- {id: x-6, task: no-such-task, criterion: c, expected: true}")
    with pytest.raises(CalibrationError, match="case x-6: no task no-such-task"):
        check_cases([case], TASKS)


class AgreeableJudge:
    """A judge model on a local server speaking OpenAI Chat Completions: it answers every judge
    request by recording each requested criterion as satisfied."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.url = ""

    def answer(self, post: Post) -> Reply:
        body = post.body
        self.requests.append(body)
        schema = body["tools"][0]["function"]["parameters"]
        ids = schema["properties"]["verdicts"]["items"]["properties"]["criterion_id"]
        verdicts = [
            {"criterion_id": cid, "reason": "looks right", "satisfied": True} for cid in ids["enum"]
        ]
        return Reply(200, chat_completion(tool_arguments=json.dumps({"verdicts": verdicts})))


@pytest.fixture
def agreeable_judge() -> Iterator[AgreeableJudge]:
    judge = AgreeableJudge()
    with json_server(judge.answer) as url:
        judge.url = f"{url}/v1"
        yield judge


def test_judge_calibrate_reports_agreement_through_the_wire(
    agreeable_judge: AgreeableJudge,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("openai")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    out = tmp_path / "calibration.json"
    limit = 8
    argv = ["judge", "calibrate", "--judge-model", "openai:judge", "--max-retries", "0"]
    argv += ["--judge-base-url", agreeable_judge.url, "--limit", str(limit), "--out", str(out)]
    argv += ["--judge-temperature", "0.3", "--judge-seed", "7"]
    assert main(argv) == 0

    cases = load_cases()[:limit]
    positives = sum(c.expected for c in cases)
    report = json.loads(out.read_text())
    assert report["judge_model"] == "openai:judge"
    assert report["judge_prompt_version"] == JUDGE_PROMPT_VERSION
    overall = report["overall"]
    assert overall["n"] == limit and overall["recall"] == 1.0
    assert overall["agreement"] == pytest.approx(positives / limit, abs=1e-4)
    assert overall["kappa"] == 0.0  # always "satisfied": no better than chance
    assert sorted(report["disagreements"]) == sorted(c.id for c in cases if not c.expected)
    printed = capsys.readouterr().out
    assert "kappa" in printed and JUDGE_PROMPT_VERSION in printed
    # The judge's own sampling options reach the wire, as for `judge DIR`.
    assert {(r["temperature"], r["seed"]) for r in agreeable_judge.requests} == {(0.3, 7)}
    # Cases sharing a task and a reply were judged in one request.
    assert len(agreeable_judge.requests) == len({(c.task, c.reply(TASKS[c.task])) for c in cases})
