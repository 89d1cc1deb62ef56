"""Each deterministic check kind, on a real episode of seed42."""

from __future__ import annotations

from typing import Any

import pytest

from corecraft_mcp.grading.checks import CheckError, normalise
from corecraft_mcp.grading.scoring import grade_deterministic
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.transcript import CallRecord, Transcript
from corecraft_mcp.world.episode import Episode


def _task(*checks: dict[str, Any]) -> Task:
    rubric: list[dict[str, Any]] = [
        {"id": f"c{i}", "kind": "correctness", "text": "A specific criterion", "check": check}
        for i, check in enumerate(checks)
    ]
    rubric += [
        {"id": f"pad{i}", "kind": "format", "text": "Judged: a courteous reply", "judge": True}
        for i in range(max(0, 4 - len(rubric)))
    ]
    return Task.model_validate(
        {
            "id": "grading-demo",
            "world": "seed42",
            "split": "train",
            "category": "workflow",
            "difficulty": "easy",
            "instruction": "Grading demo instruction text.",
            "rubric": rubric,
            "reference": {"response": "x"},
            "near_misses": [{"name": "none", "response": "", "fails": ["c0"]}],
        }
    )


async def _first_customer(episode: Episode) -> str:
    return str(await episode.db.scalar("SELECT id FROM customers ORDER BY id LIMIT 1"))


@pytest.mark.parametrize(
    ("text", "fact", "found"),
    [
        ("Your refund of $1,234.56 is on its way", "1234.56", True),
        ("Refund:  USD 549.99", "$549.99", True),
        ("REFUND   PROCESSED", "refund processed", True),
        ("refund of $54.99", "549.99", False),
    ],
)
def test_mentions_normalisation(text: str, fact: str, found: bool) -> None:
    assert (normalise(fact) in normalise(text)) is found


async def test_state_unchanged_and_pass(episode: Episode) -> None:
    customer_id = await _first_customer(episode)
    async with episode.db.transaction():
        await episode.db.execute(
            "UPDATE customers SET notes = 'graded' WHERE id = ?", (customer_id,)
        )
    task = _task(
        {"state": f"SELECT notes FROM customers WHERE id = '{customer_id}'", "equals": "graded"},
        {"state": "SELECT count(*) FROM customers", "gte": 600},
        {"unchanged": ["orders", "order_returns"]},
        {"unchanged": [f"customers:{customer_id}"]},
    )
    grade = grade_deterministic(task, episode.db.conn, episode.diff(), Transcript())
    assert [v.satisfied for v in grade.verdicts] == [True, True, True, False]
    assert grade.verdicts[3].evidence == f"changed: customers:{customer_id}"
    assert not grade.passed
    assert grade.reward == 0.75


async def test_called_not_called_and_mentions(episode: Episode) -> None:
    transcript = Transcript(
        calls=[
            CallRecord(
                tool="process_return", args={"order_id": "ORD-1", "kind": "Refund"}, ok=False
            ),
            CallRecord(tool="search_customers", args={"email": "A@B.com"}, ok=True),
        ],
        response="We refunded $549.99 to your card.",
    )
    task = _task(
        {"called": "search_customers", "with": {"email": "a@b.com"}},
        {"called": "process_return", "with": {"order_id": "ORD-1"}},
        {"not_called": "process_return"},
        {"mentions": ["549.99", "card"]},
        {"not_mentions": ["store credit"]},
    )
    grade = grade_deterministic(task, episode.db.conn, episode.diff(), transcript)
    satisfied = {v.criterion_id: v.satisfied for v in grade.verdicts}
    assert satisfied == {"c0": True, "c1": False, "c2": False, "c3": True, "c4": True}
    assert "1 failed attempt" in grade.verdicts[1].evidence


async def test_judged_criteria_stay_ungraded(episode: Episode) -> None:
    grade = grade_deterministic(
        _task({"mentions": ["x"]}), episode.db.conn, episode.diff(), Transcript(response="x")
    )
    assert grade.ungraded == ["pad0", "pad1", "pad2"]
    assert grade.deterministic_passed
    assert not grade.passed


async def test_a_broken_query_is_an_error_not_a_fail(episode: Episode) -> None:
    task = _task({"state": "SELECT nope FROM nowhere", "equals": 1})
    with pytest.raises(CheckError, match="nowhere"):
        grade_deterministic(task, episode.db.conn, episode.diff(), Transcript())


async def test_state_queries_cannot_write(episode: Episode) -> None:
    task = _task({"state": "WITH x AS (SELECT 1) DELETE FROM customers", "equals": 1})
    with pytest.raises(CheckError):
        grade_deterministic(task, episode.db.conn, episode.diff(), Transcript())
    assert episode.diff().is_empty
