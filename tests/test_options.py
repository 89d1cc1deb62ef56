"""The command line becomes typed options at its edge: every flag lands in a typed field."""

from __future__ import annotations

from pathlib import Path

from corecraft_mcp.cli import build_parser
from corecraft_mcp.evaluation.commands import default_out
from corecraft_mcp.evaluation.options import EvalOptions, JudgeOptions


def test_eval_flags_become_eval_options() -> None:
    args = build_parser().parse_args(
        [
            "eval",
            "--model",
            "openai:m",
            "--split",
            "heldout",
            "--task",
            "a*",
            "--task",
            "b",
            "--out",
            "runs/x",
            "--temperature",
            "0.2",
            "--extra",
            '{"reasoning_effort": "low"}',
            "--judge-model",
            "anthropic:j",
            "--judge-base-url",
            "http://127.0.0.1:9/v1",
            "--judge-votes",
            "3",
            "--judge-top-p",
            "0.9",
        ]
    )
    options = EvalOptions.from_args(args)
    assert options.model == "openai:m"
    assert options.split == "heldout"
    assert options.task_patterns == ("a*", "b")
    assert options.out == Path("runs/x")
    assert options.sampling.temperature == 0.2
    assert options.sampling.extra == {"reasoning_effort": "low"}
    assert options.access.judge_model == "anthropic:j"
    assert options.access.judge_base_url == "http://127.0.0.1:9/v1"
    assert options.access.judge_votes == 3
    judge_sampling = options.access.judge_sampling
    assert judge_sampling is not None and judge_sampling.top_p == 0.9
    assert judge_sampling.temperature == 0.7  # several votes keep their spread
    assert options.episode_timeout_s == 900.0


def test_judge_flags_become_judge_options() -> None:
    args = build_parser().parse_args(
        ["judge", "runs/x", "--judge-model", "openai:j", "--judge-seed", "4", "--max-retries", "2"]
    )
    options = JudgeOptions.from_args(args)
    assert options.results_dir == Path("runs/x")
    assert options.access.judge_model == "openai:j"
    assert options.access.judge_sampling is not None
    assert options.access.judge_sampling.seed == 4
    assert options.access.max_retries == 2
    assert not options.access.no_judge and options.access.base_url is None


def test_a_task_subset_gets_its_own_default_results_folder() -> None:
    def out(*flags: str) -> Path:
        return default_out(EvalOptions.from_args(build_parser().parse_args(["eval", *flags])))

    assert out("--model", "reference") == Path("runs/reference-all")
    assert out("--model", "openai:gpt-5.2", "--split", "heldout") == Path(
        "runs/openai_gpt-5.2-heldout"
    )
    assert out("--model", "reference", "--task", "ret-*") == Path("runs/reference-all-ret-_")
    assert out("--model", "reference", "--task", "ret-*") != out("--model", "reference")
