"""The difficulty rubric, the reconcile and exceptions metadata, and what `tasks stats` shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corecraft_mcp.grading.validate import reconcile_problems, validate_task
from corecraft_mcp.tasks import difficulty
from corecraft_mcp.tasks.difficulty import assess, band_of, difficulty_stats, mismatch
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.world.world import World

README = Path(__file__).resolve().parent.parent / "README.md"


def _task(**changes: Any) -> Task:
    """A valid task (a bundled one) with some fields changed, validated again."""
    base = next(t for t in load_tasks() if t.id == "ret-silver-sealed-mouse-refund-0001")
    data = base.model_dump(by_alias=True, exclude_unset=True)
    data.update(changes)
    return Task.model_validate(data)


def _calls(*tools: str) -> dict[str, Any]:
    return {"calls": [{"tool": t, "args": {}} for t in tools], "response": "Done, thank you."}


def test_the_score_counts_each_factor() -> None:
    task = _task(
        reference=_calls(
            "search_customers",
            "search_orders",
            "search_orders",
            "get_order_details",
            "process_return",
            "process_return",
            "create_ticket",
        ),
        policies=["returns", "refunds", "restocking-fees", "warranty-claims"],
        reconcile=[
            {
                "kind": "choice",
                "records": ["ORD-100001", "ORD-100002", "ORD-100003"],
                "note": "three orders with the same mouse",
            },
        ],
        exceptions=[{"policy": "restocking-fees", "note": "Gold waives the fee on opened items"}],
    )
    found = assess(task)
    assert (found.tools, found.calls, found.writes, found.policies) == (5, 7, 3, 4)
    assert (found.reconcile, found.records_to_reconcile, found.exceptions) == (1, 3, 1)
    # 5 tools + 4 calls beyond three + 2 writes counted x2 + 3 policies counted + 3 + 1 + 3
    assert found.score == 5 + 4 + 4 + 3 + 3 + 1 + 3
    assert found.band == "hard"


def test_hard_needs_a_write_and_something_to_reconcile_or_an_exception() -> None:
    assert band_of(difficulty.EASY_MAX, writes=0, reconcile=0, exceptions=0) == "easy"
    assert band_of(difficulty.EASY_MAX + 1, writes=0, reconcile=0, exceptions=0) == "medium"
    assert band_of(30, writes=3, reconcile=0, exceptions=0) == "medium"
    assert band_of(30, writes=0, reconcile=2, exceptions=1) == "medium"
    assert band_of(difficulty.HARD_MIN - 1, writes=1, reconcile=1, exceptions=0) == "medium"
    assert band_of(difficulty.HARD_MIN, writes=1, reconcile=1, exceptions=0) == "hard"
    assert band_of(difficulty.HARD_MIN, writes=1, reconcile=0, exceptions=1) == "hard"


def test_a_wrong_declared_difficulty_names_score_and_band() -> None:
    task = _task(difficulty="hard")
    found = assess(task)
    message = mismatch(task)
    assert message is not None and found.band != "hard"
    assert f"scores it {found.score}" in message and f"band {found.band}" in message
    assert mismatch(_task(difficulty=found.band)) is None


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (
            {"kind": "conflict", "records": ["ORD-100001"], "note": "only one record here"},
            "at least 2",
        ),
        (
            {"kind": "conflict", "records": ["ORD-100001", "ORD-100001"], "note": "the same twice"},
            "repeat",
        ),
        (
            {"kind": "conflict", "records": ["order 1", "ORD-100001"], "note": "not an id at all"},
            "pattern",
        ),
        (
            {"kind": "maybe", "records": ["ORD-100001", "ORD-100002"], "note": "an unknown kind"},
            "conflict",
        ),
    ],
)
def test_a_malformed_reconcile_entry_is_rejected(entry: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        _task(reconcile=[entry])


def test_an_exception_names_a_cited_policy() -> None:
    with pytest.raises(ValueError, match="does not cite"):
        _task(exceptions=[{"policy": "price-match", "note": "matches an unlisted retailer"}])


def test_every_reconciled_record_exists_in_the_world(world: World) -> None:
    order, ticket, shipment = (
        world.base.execute(f"SELECT id FROM {table} LIMIT 1").fetchone()[0]
        for table in ("orders", "support_tickets", "shipping_records")
    )
    good = {"kind": "conflict", "records": [order, ticket, shipment], "note": "they disagree"}
    assert reconcile_problems(world, _task(reconcile=[good])) == []
    bad = {"kind": "choice", "records": [order, "ORD-999999", "ZZZ-1234"], "note": "candidates"}
    messages = [p.message for p in reconcile_problems(world, _task(reconcile=[good, bad]))]
    assert messages == [
        "reconcile entry 2: ORD-999999 does not exist in seed42",
        "reconcile entry 2: ZZZ-1234 is not an id of a world entity "
        "(accepted kinds: CUS-, ORD-, PRD-, TKT-, KB-, RMA-, BLD-, SHP-)",
    ]


async def test_validate_reports_a_declared_difficulty_the_rubric_disagrees_with(
    world: World,
) -> None:
    task = _task(difficulty="hard")
    problems = await validate_task(world, task, ToolCaller())
    assert [p.message for p in problems] == [mismatch(task)]


def test_the_readme_shows_the_rubric_table() -> None:
    assert difficulty.__doc__ is not None
    rows = [line for line in difficulty.__doc__.splitlines() if line.startswith("|")]
    assert len(rows) == 8
    readme = README.read_text(encoding="utf-8")
    for row in rows:
        assert row in readme, row


def test_stats_count_calls_writes_and_reconciliation() -> None:
    plain = _task()
    choosing = _task(
        id="a-choosing-task",
        reconcile=[
            {
                "kind": "choice",
                "records": ["ORD-100001", "ORD-100002"],
                "note": "two orders, same GPU",
            }
        ],
    )
    stats = difficulty_stats([plain, choosing])
    assert stats.tasks == 2 and stats.reconciling == 1 and stats.reconciling_share == 0.5
    assert stats.reconciling_by_kind == {"conflict": 0, "choice": 1}
    calls = len(plain.reference.calls)
    assert stats.reference_calls.mean == calls and stats.reference_calls.tasks_with == {calls: 2}
    assert sum(stats.declared.values()) == sum(stats.by_rubric.values()) == 2
    assert stats.disagreeing == [t.id for t in (plain, choosing) if mismatch(t)]


def test_tasks_stats_json_has_the_effort() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "corecraft_mcp.cli", "tasks", "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    effort = json.loads(result.stdout)["effort"]
    tasks = load_tasks()
    assert effort["tasks"] == len(tasks)
    assert effort["declared"] == effort["by_rubric"] and effort["disagreeing"] == []
    mean = sum(len(t.reference.calls) for t in tasks) / len(tasks)
    assert effort["reference_calls"]["mean"] == round(mean, 2)
    assert sum(effort["writes"]["tasks_with"].values()) == len(tasks)
