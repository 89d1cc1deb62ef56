"""The `eval` and `judge` commands' options as typed values: the command line is parsed into these
at its edge, and nothing below it reads an argparse Namespace."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from corecraft_mcp.grading.chat import SamplingSettings
from corecraft_mcp.grading.judge import VOTE_TEMPERATURE
from corecraft_mcp.tasks.models import Split


@dataclass(frozen=True)
class ModelAccess:
    """How to reach remote models, the agent's and the judge's (options both commands take)."""

    base_url: str | None = None
    request_timeout: float = 120.0
    max_retries: int = 5
    judge_model: str | None = None
    judge_base_url: str | None = None
    judge_votes: int = 1
    # The judge's own sampling; None: the judge's defaults (see judge_sampling).
    judge_sampling: SamplingSettings | None = None
    no_judge: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> ModelAccess:
        # `judge` takes neither the agent's endpoint nor --no-judge.
        return cls(
            base_url=getattr(args, "base_url", None),
            request_timeout=args.request_timeout,
            max_retries=args.max_retries,
            judge_model=args.judge_model,
            judge_base_url=args.judge_base_url,
            judge_votes=args.judge_votes,
            judge_sampling=judge_sampling(args),
            no_judge=getattr(args, "no_judge", False),
        )


def judge_sampling(args: argparse.Namespace) -> SamplingSettings | None:
    """The judge's own sampling options, or None for the judge's defaults. An option left out
    keeps its default (the temperature: 0 for one vote, VOTE_TEMPERATURE for several)."""
    given = {
        "temperature": args.judge_temperature,
        "top_p": args.judge_top_p,
        "max_tokens": args.judge_max_tokens,
        "seed": args.judge_seed,
        "extra": args.judge_extra,
    }
    chosen = {name: value for name, value in given.items() if value is not None}
    if not chosen:
        return None
    chosen.setdefault("temperature", 0.0 if args.judge_votes == 1 else VOTE_TEMPERATURE)
    return SamplingSettings(**chosen)


@dataclass(frozen=True)
class EvalOptions:
    model: str  # openai:NAME, anthropic:NAME, reference or noop
    access: ModelAccess = field(default_factory=ModelAccess)
    split: Split | None = None
    task_patterns: tuple[str, ...] = ()  # ids or globs; none: every task of the split
    tasks_dir: Path | None = None  # a folder of task files (train/, heldout/); default: bundled
    world: str | None = None  # only the tasks on this world
    trials: int = 1
    concurrency: int = 4
    out: Path | None = None  # default runs/MODEL-SPLIT
    max_steps: int = 30
    episode_timeout_s: float = 900.0
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    prices: Path | None = None
    server_cmd: str | None = None
    server_url: str | None = None
    server_token: str | None = None
    ray: str | None = None  # None: run locally; "": a local Ray or RAY_ADDRESS; else an address
    ray_workers: int | None = None  # None: one per CPU of the cluster

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> EvalOptions:
        return cls(
            model=args.model,
            access=ModelAccess.from_args(args),
            split=args.split,
            task_patterns=tuple(args.task or ()),
            tasks_dir=Path(args.tasks) if getattr(args, "tasks", None) else None,
            world=getattr(args, "world", None),
            trials=args.trials,
            concurrency=args.concurrency,
            out=Path(args.out) if args.out else None,
            max_steps=args.max_steps,
            episode_timeout_s=args.episode_timeout,
            sampling=SamplingSettings(
                temperature=args.temperature,
                top_p=args.top_p,
                max_tokens=args.max_tokens,
                seed=args.seed,
                extra=args.extra or {},
            ),
            prices=Path(args.prices) if args.prices else None,
            server_cmd=args.server_cmd,
            server_url=args.server_url,
            server_token=args.server_token,
            ray=args.ray,
            ray_workers=args.ray_workers,
        )


@dataclass(frozen=True)
class JudgeOptions:
    results_dir: Path
    access: ModelAccess = field(default_factory=ModelAccess)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> JudgeOptions:
        return cls(results_dir=Path(args.dir), access=ModelAccess.from_args(args))


@dataclass(frozen=True)
class CalibrateOptions:
    """`judge calibrate`: the judge to measure, and optionally fewer cases and a JSON report."""

    access: ModelAccess = field(default_factory=ModelAccess)
    limit: int | None = None  # only the first N cases
    out: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CalibrateOptions:
        return cls(
            access=ModelAccess.from_args(args),
            limit=args.limit,
            out=Path(args.out) if args.out else None,
        )
