"""The judge's own options on `eval` and `judge`: endpoint and sampling, apart from the agent's;
and the command line's help names only what exists."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from corecraft_mcp.evaluation.commands import add_commands, make_judge
from corecraft_mcp.evaluation.options import ModelAccess
from corecraft_mcp.grading.judge import Judge


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="corecraft-mcp")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(list(argv))


def _judge(*argv: str) -> Judge | None:
    """The judge the command line asks for, read through the typed options as the commands do."""
    return make_judge(ModelAccess.from_args(_parse(*argv)))


def test_the_judge_has_its_own_endpoint_and_sampling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    judge = _judge(
        "eval", "--model", "reference", "--temperature", "1.0",
        "--judge-model", "openai:judge-model", "--judge-base-url", "http://127.0.0.1:9/v1",
        "--judge-temperature", "0.3", "--judge-max-tokens", "777", "--judge-seed", "5",
        "--judge-extra", '{"reasoning_effort": "low"}',
    )  # fmt: skip
    assert judge is not None and judge.model_name == "openai:judge-model"
    assert judge.model.base_url == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]
    settings = judge.settings
    assert (settings.temperature, settings.max_tokens, settings.seed) == (0.3, 777, 5)
    assert settings.extra == {"reasoning_effort": "low"}  # the agent's 1.0 is not the judge's


def test_unset_judge_options_keep_the_judges_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    plain = _judge("judge", "runs/x", "--judge-model", "openai:j", "--judge-votes", "3")
    assert plain is not None and plain.settings.temperature == 0.7  # spread for votes
    only_tokens = _judge(
        "judge", "runs/x", "--judge-model", "openai:j", "--judge-max-tokens", "900"
    )
    assert only_tokens is not None
    assert (only_tokens.settings.temperature, only_tokens.settings.max_tokens) == (0.0, 900)
    assert _judge("eval", "--model", "noop", "--no-judge") is None


def test_judge_takes_no_agent_options() -> None:
    with pytest.raises(SystemExit):
        _parse("judge", "runs/x", "--base-url", "http://x")
    with pytest.raises(SystemExit):
        _parse("judge", "runs/x", "--no-judge")


def test_help_promises_nothing_that_does_not_exist() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "corecraft_mcp.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert "training" not in done.stdout.lower() and "evaluation" in done.stdout
