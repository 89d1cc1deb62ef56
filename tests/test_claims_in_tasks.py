"""The review's findings, as regressions on the bundled tasks: verdicts are graded, hedging and
wrong conclusions fail, and right answers pass in other wordings."""

from __future__ import annotations

import pytest

from corecraft_mcp.grading.checks import evaluate
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tools.transcript import Transcript
from corecraft_mcp.world.episode import Episode

TASKS = {t.id: t for t in load_tasks()}


def _satisfied(episode: Episode, task_id: str, criterion_id: str, reply: str) -> bool:
    check = TASKS[task_id].criterion(criterion_id).check
    assert check is not None
    return evaluate(check, episode.db.conn, episode.diff(), Transcript(response=reply)).satisfied


@pytest.mark.parametrize(
    ("task_id", "criterion_id", "reply", "satisfied"),
    [
        # The facts without the verdict, or with the wrong verdict, fail.
        (
            "tech-gpu-upgrade-custom-build-0003",
            "psu-too-small",
            "Your CX650 is 650 W and the card needs 850 W, so your supply is enough.",
            False,
        ),
        (
            "tech-gpu-upgrade-custom-build-0003",
            "psu-too-small",
            "Your 650W CX650 isn't enough for it: plan for an 850-watt supply.",
            True,
        ),
        # The right deadline among wrong candidates fails.
        (
            "acct-wrong-order-numbers-0005",
            "headset-return-deadline",
            "The last day is 2026-03-27, or possibly 2026-03-14 if counted from the order date.",
            False,
        ),
        (
            "acct-wrong-order-numbers-0005",
            "headset-return-deadline",
            "He can still request the headset return until March 27, 2026.",
            True,
        ),
        # A correct refusal that quotes the customer's $40 passes; a promise fails.
        (
            "ord-price-match-promo-item-0014",
            "no-difference-promised",
            "I'm sorry, we can't price-match the mice, so I can't refund the $40 difference.",
            True,
        ),
        (
            "ord-price-match-promo-item-0014",
            "no-difference-promised",
            "Good news: the $40.00 difference is approved and will be refunded to your card.",
            False,
        ),
        # Wording: hyphens, spacing and percent.
        (
            "ret-final-sale-cooler-exchange-0006",
            "says-final-sale",
            "It was a final-sale item.",
            True,
        ),
        (
            "tech-gpu-coil-whine-after-window-0009",
            "identifies-coil-whine",
            "That is coil-whine.",
            True,
        ),
        (
            "tech-gpu-coil-whine-after-window-0009",
            "mitigation-tips",
            "Set a frame-rate limit in the driver.",
            True,
        ),
        (
            "acct-loyalty-progress-silver-0001",
            "states-silver-benefits",
            "Silver gives a thirty-day return window and a 10 percent restocking fee.",
            True,
        ),
    ],
)
def test_review_findings(
    episode: Episode, task_id: str, criterion_id: str, reply: str, satisfied: bool
) -> None:
    assert _satisfied(episode, task_id, criterion_id, reply) is satisfied
