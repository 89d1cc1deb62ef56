"""The run metrics: interval, unbiased pass@k / pass^k, breakdowns, infra errors apart."""

from __future__ import annotations

import math

import pytest

from corecraft_mcp.evaluation.metrics import compute_summary, pass_at_k, pass_hat_k, wilson
from corecraft_mcp.evaluation.results import EpisodeResult, RunConfig
from corecraft_mcp.grading.scoring import Verdict, summarise


def test_wilson_interval() -> None:
    rate = wilson(7, 10)
    assert rate.rate == 0.7
    assert rate.low == pytest.approx(0.3968, abs=1e-3)
    assert rate.high == pytest.approx(0.8922, abs=1e-3)
    assert wilson(0, 10).low == 0.0
    assert wilson(10, 10).high == pytest.approx(1.0)
    assert wilson(0, 0).n == 0


@pytest.mark.parametrize(("n", "c", "k"), [(5, 2, 1), (5, 2, 3), (10, 0, 3), (4, 4, 2), (6, 3, 6)])
def test_pass_at_k_matches_its_definition(n: int, c: int, k: int) -> None:
    """Against brute force: the share of k-subsets of the n trials with at least one (all) pass."""
    from itertools import combinations

    trials = [True] * c + [False] * (n - c)
    subsets = list(combinations(trials, k))
    assert pass_at_k(n, c, k) == pytest.approx(sum(any(s) for s in subsets) / len(subsets))
    assert pass_hat_k(n, c, k) == pytest.approx(sum(all(s) for s in subsets) / len(subsets))


def _episode(
    task: str, trial: int, passed: bool | None, category: str = "workflow"
) -> EpisodeResult:
    if passed is None:
        return EpisodeResult(
            task_id=task, trial=trial, split="heldout", category=category, difficulty="hard",
            model="m", status="infra_error", error="ProviderError: 503",
        )  # fmt: skip
    verdicts = [
        Verdict(criterion_id="a", kind="correctness", method="state", weight=1, satisfied=True),
        Verdict(criterion_id="b", kind="constraint", method="state", weight=1, satisfied=passed),
    ]
    return EpisodeResult(
        task_id=task, trial=trial, split="heldout", category=category, difficulty="hard",
        model="m", status="completed", grade=summarise(task, verdicts), cost_usd=0.01,
    )  # fmt: skip


def test_summary() -> None:
    config = RunConfig(
        model="m", world="seed42", world_hash="h", task_ids=["t1", "t2"], trials=3,
        max_steps=10, concurrency=1,
    )  # fmt: skip
    episodes = [
        _episode("t1", 1, True),
        _episode("t1", 2, False),
        _episode("t1", 3, True),
        _episode("t2", 1, False, "communication"),
        _episode("t2", 2, False, "communication"),
        _episode("t2", 3, None, "communication"),
    ]
    summary = compute_summary(config, episodes)
    assert summary.completed == 5
    assert summary.infra_errors == 1
    assert summary.pass_rate is not None  # nothing awaits a judge
    assert summary.pass_rate.successes == 2
    assert summary.pass_rate.n == 5
    assert summary.mean_reward == pytest.approx((1 + 0.5 + 1 + 0.5 + 0.5) / 5)
    # t1: 2 of 3 pass; t2: 0 of 2 completed
    assert summary.pass_at_k[1] == pytest.approx((2 / 3 + 0) / 2)
    assert summary.pass_at_k[2] == pytest.approx((1.0 + 0) / 2)
    assert summary.pass_hat_k[2] == pytest.approx((1 / 3 + 0) / 2)
    assert 3 in summary.pass_at_k and summary.pass_at_k[3] == pytest.approx(1.0)  # only t1 has 3
    workflow = summary.by_category["workflow"].pass_rate
    assert workflow is not None and workflow.successes == 2
    assert summary.by_criterion_kind["constraint"].satisfied == 2
    assert summary.cost_usd == pytest.approx(0.05)
    assert math.isclose(summary.by_category["communication"].mean_reward, 0.5)
