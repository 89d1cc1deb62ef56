"""Every bundled task is trustworthy ground truth: `tasks validate` holds for each one (its
reference satisfies every deterministic criterion, every near miss is caught failing exactly
the criteria it names, doing nothing fails, the adversarial probes fail or pass as they should,
every id exists), and the set has the promised shape."""

from __future__ import annotations

from collections import Counter

import pytest

from corecraft_mcp.grading.validate import duplicate_problems, validate_task
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tasks.models import Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.registry import TOOL_NAMES
from corecraft_mcp.world.world import World

TASKS = load_tasks()


@pytest.fixture(scope="module")
def caller() -> ToolCaller:
    return ToolCaller()


@pytest.mark.parametrize("task", TASKS, ids=[t.id for t in TASKS])
async def test_task_is_valid(task: Task, world: World, caller: ToolCaller) -> None:
    problems = await validate_task(world, task, caller)
    assert not problems, "\n".join(str(p) for p in problems)


def test_no_two_tasks_are_the_same() -> None:
    assert not duplicate_problems(TASKS)


def test_the_task_set_has_its_promised_shape(world: World) -> None:
    assert len(TASKS) >= 200
    splits = Counter(t.split for t in TASKS)
    assert splits["train"] >= 150 and splits["heldout"] >= 50, splits
    categories = Counter(t.category for t in TASKS)
    assert min(categories.values()) >= 20 and len(categories) == 4, categories
    # Declared difficulty follows the rubric (tasks/difficulty.py, checked by validate_task);
    # hard needs declared reconciliation or a policy exception.
    difficulties = Counter(t.difficulty for t in TASKS)
    for level in ("easy", "medium", "hard"):
        assert difficulties[level] >= len(TASKS) // 5, difficulties
    # Most tasks make the agent reconcile disagreeing records or choose among candidates.
    reconciling = sum(1 for t in TASKS if t.reconcile)
    assert reconciling * 2 >= len(TASKS), f"{reconciling} of {len(TASKS)} reconcile"
    used = {call.tool for t in TASKS for call in t.reference.calls}
    assert used == set(TOOL_NAMES), f"tools no reference uses: {set(TOOL_NAMES) - used}"
    slugs = {
        r[0]
        for r in world.base.execute("SELECT slug FROM company_policies WHERE status = 'current'")
    }
    cited = {slug for t in TASKS for slug in t.policies}
    assert cited == slugs, f"policies no task cites: {slugs - cited}"
    for task in TASKS:
        assert 4 <= len(task.rubric) <= 12
        if task.difficulty == "hard":
            assert task.reconcile or task.exceptions, f"{task.id}: hard, nothing to reconcile"
