"""`tasks validate`: the checks that make a task trustworthy ground truth."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable

from pydantic import BaseModel

from corecraft_mcp.grading.claims import misuse
from corecraft_mcp.grading.probes import alternative_failures, probe_task
from corecraft_mcp.grading.replay import replay
from corecraft_mcp.tasks.difficulty import mismatch
from corecraft_mcp.tasks.models import CalledCheck, NotCalledCheck, Solution, StateCheck, Task
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.world.world import World

# Ids an agent reads and types, and the table each lives in.
ID_PATTERNS: dict[str, tuple[str, str]] = {
    r"\bCUS-\d{5}\b": ("customers", "id"),
    r"\bORD-\d{6}\b": ("orders", "id"),
    r"\bPRD-\d{4}\b": ("products", "id"),
    r"\bTKT-\d{5}\b": ("support_tickets", "id"),
    r"\bKB-\d{4}\b": ("kb_articles", "id"),
    r"\bRMA-\d{5}\b": ("order_returns", "id"),
    r"\bBLD-\d{4}\b": ("builds", "id"),
    r"\bSHP-\d{6}\b": ("shipping_records", "id"),
}


class Problem(BaseModel):
    task_id: str
    criterion_id: str | None = None
    message: str

    def __str__(self) -> str:
        where = f"{self.task_id}" + (f" [{self.criterion_id}]" if self.criterion_id else "")
        return f"{where}: {self.message}"


def _planted_ids(world: World) -> set[str]:
    """Ids the world's planted mess mentions, e.g. the wrong order number a ticket cites: a
    task's instruction may quote them although no such entity exists."""
    details = " ".join(r[0] for r in world.base.execute("SELECT detail FROM planted_mess"))
    return {found for pattern in ID_PATTERNS for found in re.findall(pattern, details)}


def _missing_ids(world: World, text: str, created: set[str]) -> list[str]:
    missing = []
    for pattern, (table, column) in ID_PATTERNS.items():
        for found in sorted(set(re.findall(pattern, text))):
            if found in created:
                continue
            row = world.base.execute(
                f"SELECT 1 FROM {table} WHERE {column} = ?", (found,)
            ).fetchone()
            if row is None:
                missing.append(found)
    return missing


def reconcile_problems(world: World, task: Task) -> list[Problem]:
    """Every record a `reconcile` entry names is an entity of the world before the episode."""
    problems = []
    for number, entry in enumerate(task.reconcile, start=1):
        for record in entry.records:
            if not any(re.fullmatch(pattern, record) for pattern in ID_PATTERNS):
                kinds = ", ".join(re.findall(r"[A-Z]+-", "".join(ID_PATTERNS)))
                message = f"is not an id of a world entity (accepted kinds: {kinds})"
            elif _missing_ids(world, record, set()):
                message = f"does not exist in {world.name}"
            else:
                continue
            problems.append(
                Problem(task_id=task.id, message=f"reconcile entry {number}: {record} {message}")
            )
    return problems


async def validate_task(world: World, task: Task, caller: ToolCaller) -> list[Problem]:
    problems: list[Problem] = []

    def problem(message: str, criterion_id: str | None = None) -> None:
        problems.append(Problem(task_id=task.id, criterion_id=criterion_id, message=message))

    if task.world != world.name:
        problem(f"names world '{task.world}' but is validated against '{world.name}'")
        return problems
    slugs = {r[0] for r in world.base.execute("SELECT slug FROM company_policies")}
    for slug in task.policies:
        if slug not in slugs:
            problem(f"policy '{slug}' does not exist")
    for criterion in task.rubric:
        for message in misuse(criterion.check, task.instruction):
            problem(f"rubrics/{task.split}/{task.id}.yaml: {message}", criterion.id)
        if isinstance(criterion.check, StateCheck):
            try:
                world.base.execute(criterion.check.state).fetchall()
            except sqlite3.Error as exc:
                problem(f"state query does not run: {exc}", criterion.id)
        if isinstance(criterion.check, CalledCheck | NotCalledCheck):
            tool = (
                criterion.check.called
                if isinstance(criterion.check, CalledCheck)
                else criterion.check.not_called
            )
            if tool not in caller.names:
                problem(f"names tool '{tool}', which does not exist", criterion.id)
    problems += reconcile_problems(world, task)
    wrong_difficulty = mismatch(task)
    if wrong_difficulty:
        problem(wrong_difficulty)
    deterministic = {c.id for c in task.rubric if c.deterministic}

    reference = await replay(world, task, task.reference, caller)
    for call in reference.transcript.calls:
        if not call.ok:
            problem(f"reference call {call.tool}({call.args}) fails: {call.error}")
    for verdict in reference.grade.verdicts:
        if verdict.satisfied is False:
            problem(
                f"reference solution does not satisfy it: {verdict.evidence}", verdict.criterion_id
            )
    created = {row.key for t in reference.diff.tables.values() for row in t.inserted}
    texts = [str(c.args) for c in task.reference.calls]
    texts += [c.check.state for c in task.rubric if isinstance(c.check, StateCheck)]
    for missing in _missing_ids(world, "\n".join(texts), created):
        problem(f"names {missing}, which does not exist in {world.name}")
    for missing in _missing_ids(world, task.instruction, created | _planted_ids(world)):
        problem(f"instruction names {missing}, which is neither in {world.name} nor planted mess")

    for miss in task.near_misses:
        named = set(miss.fails) & deterministic
        if not named:
            problem(
                f"near miss '{miss.name}' names no deterministic criterion, so it cannot be checked"
            )
            continue
        result = await replay(world, task, miss, caller)
        failed = set(result.grade.failed())
        if failed != named:
            extra = sorted(failed - named)
            absent = sorted(named - failed)
            problem(
                f"near miss '{miss.name}' should fail exactly {sorted(named)}; "
                f"also fails {extra}, does not fail {absent}"
            )

    nothing = await replay(world, task, Solution(calls=[], response=""), caller)
    if nothing.grade.deterministic_passed:
        problem("a do-nothing attempt satisfies every deterministic criterion")
    for failure in [
        *await probe_task(world, task, caller),
        *await alternative_failures(world, task, caller),
    ]:
        problem(f"probe {failure.probe}: {failure.message}", failure.criterion_id)
    return problems


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def duplicate_problems(tasks: list[Task]) -> list[Problem]:
    """Two tasks that are the same task under different ids."""
    problems = []
    for label, key in (
        ("instruction", lambda t: _normalised(t.instruction)),
        ("reference solution", lambda t: t.reference.model_dump_json()),
    ):
        counts = Counter(key(t) for t in tasks)
        for task in tasks:
            if counts[key(task)] > 1:
                twins = [t.id for t in tasks if key(t) == key(task) and t.id != task.id]
                problems.append(
                    Problem(task_id=task.id, message=f"same {label} as {', '.join(twins)}")
                )
    return problems


async def validate_tasks(
    world: World, tasks: list[Task], on_task: Callable[[str], None] | None = None
) -> list[Problem]:
    """Every task's problems; `on_task` hears each task id as it is done (for progress)."""
    caller = ToolCaller()
    problems = duplicate_problems(tasks)
    for task in tasks:
        problems += await validate_task(world, task, caller)
        if on_task is not None:
            on_task(task.id)
    return problems
