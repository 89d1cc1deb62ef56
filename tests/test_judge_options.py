"""The judge's own options on `eval` and `judge`: endpoint and sampling, apart from the agent's;
and the command line's help names only what exists."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from corecraft_mcp.evaluation.commands import _cmd_calibrate, _cmd_judge, add_commands, make_judge
from corecraft_mcp.evaluation.options import CalibrateOptions, JudgeOptions, ModelAccess
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


def _help(*argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        _parse(*argv, "--help")
    return capsys.readouterr().out


def test_each_judge_form_lists_only_its_own_options(capsys: pytest.CaptureFixture[str]) -> None:
    rejudge = _help("judge", "runs/x", capsys=capsys)
    assert "--judge-model" in rejudge and "DIR" in rejudge
    assert "--limit" not in rejudge and "--out" not in rejudge
    calibrate = _help("judge", "calibrate", capsys=capsys)
    assert "--judge-model" in calibrate and "--limit" in calibrate and "--out" in calibrate
    assert "DIR" not in calibrate
    both = _help("judge", capsys=capsys)
    assert "calibrate" in both and "DIR" in both and "--limit" not in both


def test_judge_reads_a_folder_or_calibrates() -> None:
    folder = _parse("judge", "calibrated-run", "--judge-model", "openai:j")
    assert JudgeOptions.from_args(folder).results_dir == Path("calibrated-run")
    assert folder.handler is _cmd_judge
    calibrate = _parse("judge", "calibrate", "--judge-model", "openai:j", "--limit", "3")
    options = CalibrateOptions.from_args(calibrate)
    assert (options.limit, options.access.judge_model) == (3, "openai:j")
    assert calibrate.handler is _cmd_calibrate
    with pytest.raises(SystemExit):  # calibrate's options are not the re-grade's
        _parse("judge", "runs/x", "--limit", "3")
