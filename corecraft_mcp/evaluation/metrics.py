"""A run's metrics: pass rate with a 95% interval, pass@k and pass^k, reward, breakdowns, cost."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, Field

from corecraft_mcp.evaluation.results import EpisodeResult, RunConfig
from corecraft_mcp.grading.chat import Usage

Z_95 = 1.959964


class Rate(BaseModel):
    """A proportion with its Wilson 95% interval (sound at small n and at 0% or 100%)."""

    successes: int
    n: int
    rate: float
    low: float
    high: float


def wilson(successes: int, n: int) -> Rate:
    if n == 0:
        return Rate(successes=0, n=0, rate=0.0, low=0.0, high=0.0)
    p = successes / n
    denominator = 1 + Z_95**2 / n
    centre = (p + Z_95**2 / (2 * n)) / denominator
    half = Z_95 * math.sqrt(p * (1 - p) / n + Z_95**2 / (4 * n * n)) / denominator
    return Rate(
        successes=successes, n=n, rate=p, low=max(0.0, centre - half), high=min(1.0, centre + half)
    )


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of P(at least one of k trials passes), from n trials with c passes."""
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of P(all k trials pass) (tau-bench's pass^k)."""
    return math.comb(c, k) / math.comb(n, k) if c >= k else 0.0


class PassRateBounds(BaseModel):
    """Where the pass rate must lie while episodes await a judge."""

    lower: Rate = Field(description="counting every episode awaiting a judge as failed")
    upper: Rate = Field(description="counting every episode awaiting a judge as passed")


class Group(BaseModel):
    episodes: int
    pass_rate: Rate | None = Field(description="null while any episode awaits a judge")
    pass_rate_bounds: PassRateBounds
    deterministic_pass_rate: Rate
    awaiting_judge: int
    mean_reward: float

    @property
    def known_rate(self) -> Rate:
        """The pass rate where known, else the deterministic one (what a chart can show)."""
        return self.pass_rate or self.deterministic_pass_rate


class CriterionKindStats(BaseModel):
    criteria: int
    satisfied: int
    rate: float = Field(description="satisfied over graded criteria (0 when none is graded)")
    ungraded: int


class Summary(BaseModel):
    model: str
    judge_model: str | None
    world_hash: str
    tasks: int
    trials: int
    episodes: int
    completed: int
    infra_errors: int
    missing: int = Field(description="episodes of the run not on file yet (interrupted run)")
    pass_rate: Rate | None = Field(
        description="over completed episodes: every criterion satisfied; null while any "
        "episode awaits a judge (ungraded criteria are never counted as failures)"
    )
    pass_rate_bounds: PassRateBounds
    deterministic_pass_rate: Rate = Field(description="every deterministic criterion satisfied")
    awaiting_judge: int = Field(
        description="completed episodes that failed nothing but have judged criteria ungraded"
    )
    mean_reward: float = Field(description="ungraded criteria earn nothing: a lower bound then")
    pass_at_k: dict[int, float]
    pass_hat_k: dict[int, float]
    by_category: dict[str, Group]
    by_difficulty: dict[str, Group]
    by_criterion_kind: dict[str, CriterionKindStats]
    ungraded_criteria: int
    judge_errors: int
    tool_calls: int
    mean_tool_calls: float
    hit_step_limit: int
    usage: Usage
    cost_usd: float | None
    episode_wall_s: float


def _rates(done: list[EpisodeResult]) -> tuple[Rate | None, PassRateBounds, Rate, int]:
    """(pass rate or None, its bounds, the deterministic pass rate, episodes awaiting a judge)."""
    passed = sum(e.outcome == "pass" for e in done)
    awaiting = sum(e.outcome == "ungraded" for e in done)
    lower = wilson(passed, len(done))
    bounds = PassRateBounds(lower=lower, upper=wilson(passed + awaiting, len(done)))
    deterministic = wilson(
        sum(bool(e.grade and e.grade.deterministic_passed) for e in done), len(done)
    )
    return (None if awaiting else lower), bounds, deterministic, awaiting


def _group(episodes: list[EpisodeResult]) -> Group:
    done = [e for e in episodes if e.status == "completed"]
    rate, bounds, deterministic, awaiting = _rates(done)
    return Group(
        episodes=len(done),
        pass_rate=rate,
        pass_rate_bounds=bounds,
        deterministic_pass_rate=deterministic,
        awaiting_judge=awaiting,
        mean_reward=sum(e.reward for e in done) / len(done) if done else 0.0,
    )


def _by(episodes: Iterable[EpisodeResult], key: str) -> dict[str, Group]:
    groups: dict[str, list[EpisodeResult]] = defaultdict(list)
    for e in episodes:
        groups[str(getattr(e, key))].append(e)
    return {name: _group(groups[name]) for name in sorted(groups)}


def compute_summary(config: RunConfig, episodes: list[EpisodeResult]) -> Summary:
    done = [e for e in episodes if e.status == "completed"]
    per_task: dict[str, list[bool]] = defaultdict(list)
    for e in done:
        per_task[e.task_id].append(e.passed)
    rate, bounds, deterministic, awaiting = _rates(done)
    # pass@k and pass^k are unknown, like the pass rate, while episodes await a judge.
    ks = [k for k in (1, 2, 3, 5, 8, 10) if k <= config.trials and not awaiting]
    # pass@k and pass^k average over the tasks that have at least k completed trials.
    pass_at: dict[int, float] = {}
    pass_hat: dict[int, float] = {}
    for k in ks:
        eligible = [(len(r), sum(r)) for r in per_task.values() if len(r) >= k]
        if eligible:
            pass_at[k] = sum(pass_at_k(n, c, k) for n, c in eligible) / len(eligible)
            pass_hat[k] = sum(pass_hat_k(n, c, k) for n, c in eligible) / len(eligible)
    kinds: dict[str, list[bool | None]] = defaultdict(list)
    for e in done:
        for v in e.grade.verdicts if e.grade else []:
            kinds[v.kind].append(v.satisfied)
    # Infra errors have no usage on file; the cost is unknown only if a completed episode's is.
    costs = [e.cost_usd for e in done]
    usage = sum((e.usage for e in episodes), Usage())
    tool_calls = sum(len(e.transcript.calls) for e in done)
    return Summary(
        model=config.model,
        judge_model=config.judge_model,
        world_hash=config.world_hash,
        tasks=len(config.task_ids),
        trials=config.trials,
        episodes=len(episodes),
        completed=len(done),
        infra_errors=len(episodes) - len(done),
        missing=max(0, len(config.task_ids) * config.trials - len(episodes)),
        pass_rate=rate,
        pass_rate_bounds=bounds,
        deterministic_pass_rate=deterministic,
        awaiting_judge=awaiting,
        mean_reward=sum(e.reward for e in done) / len(done) if done else 0.0,
        pass_at_k=pass_at,
        pass_hat_k=pass_hat,
        by_category=_by(episodes, "category"),
        by_difficulty=_by(episodes, "difficulty"),
        by_criterion_kind={
            kind: CriterionKindStats(
                criteria=len(values),
                satisfied=sum(v is True for v in values),
                # Over the graded criteria: an ungraded one is neither met nor failed.
                rate=sum(v is True for v in values) / max(1, sum(v is not None for v in values)),
                ungraded=sum(v is None for v in values),
            )
            for kind, values in sorted(kinds.items())
        },
        ungraded_criteria=sum(len(e.grade.ungraded) for e in done if e.grade),
        judge_errors=sum(v.judge_error for e in done if e.grade for v in e.grade.verdicts),
        tool_calls=tool_calls,
        mean_tool_calls=tool_calls / len(done) if done else 0.0,
        hit_step_limit=sum(e.hit_step_limit for e in done),
        usage=usage,
        cost_usd=None
        if any(c is None for c in costs) or not costs
        else round(sum(c or 0 for c in costs), 6),
        episode_wall_s=round(sum(e.wall_s for e in episodes), 3),
    )
