"""What a family is, and the draft it returns for one qualifying entity.

A family has a name, a category, the hard patterns it exercises, a `find` that lists the
entities of a world it can build a task on, and a `build` that turns one of them into a draft.
Families compute every verdict themselves from the world's records and its policy numbers
(world.rules, the definition's policy), never from a tool's verdict field, and pass the agent's
decisions to the write tools explicitly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from corecraft_mcp.tasks.families.records import Records
from corecraft_mcp.tasks.models import (
    Category,
    Criterion,
    CriterionKind,
    NearMiss,
    PolicyException,
    Reconcile,
    Solution,
    ToolCall,
)

PATTERNS = (
    "planted_mess",
    "policy_exception",
    "tempting_forbidden",
    "multi_step",
    "computed_verdict",
)


@dataclass(frozen=True)
class Draft:
    """One task before it gets its id, world and split."""

    instruction: str
    policies: list[str]
    rubric: list[Criterion]
    reference: Solution
    near_misses: list[NearMiss]
    template: str  # which instruction template and persona, for diversity measures
    entities: list[str]  # the ids the task is about
    reconcile: list[Reconcile] = field(default_factory=list)
    exceptions: list[PolicyException] = field(default_factory=list)
    paste_judged_only: str | None = None

    @property
    def conflicting(self) -> bool:
        """The reference weighs two or more records that disagree."""
        return any(r.kind == "conflict" for r in self.reconcile)


@dataclass(frozen=True)
class Family:
    name: str
    category: Category
    patterns: tuple[str, ...]
    find: Callable[[Records], Sequence[Any]]
    build: Callable[[Records, Any, random.Random], Draft]
    areas: tuple[str, ...] = field(default=())  # customers, orders, shipping, returns, ...


def call(tool: str, **args: Any) -> ToolCall:
    return ToolCall(tool=tool, args={k: v for k, v in args.items() if v is not None})


def claim(
    cid: str, kind: CriterionKind, text: str, right: list[str], wrong: list[str]
) -> Criterion:
    """A criterion on a conclusion: one of `right` stated, none of `wrong`."""
    return Criterion.model_validate(
        {"id": cid, "kind": kind, "text": text, "check": {"claim": right, "wrong": wrong}}
    )


def mentions(cid: str, kind: CriterionKind, text: str, facts: list[list[str]]) -> Criterion:
    return Criterion.model_validate(
        {"id": cid, "kind": kind, "text": text, "check": {"mentions": facts}}
    )


def state(cid: str, kind: CriterionKind, text: str, query: str, **expect: Any) -> Criterion:
    key = {"in_": "in"}
    check = {"state": " ".join(query.split())} | {key.get(k, k): v for k, v in expect.items()}
    return Criterion.model_validate({"id": cid, "kind": kind, "text": text, "check": check})


def unchanged(cid: str, text: str, targets: list[str]) -> Criterion:
    return Criterion.model_validate(
        {"id": cid, "kind": "constraint", "text": text, "check": {"unchanged": targets}}
    )


def not_called(cid: str, text: str, tool: str, **with_: Any) -> Criterion:
    return Criterion.model_validate(
        {
            "id": cid,
            "kind": "constraint",
            "text": text,
            "check": {"not_called": tool, "with": with_},
        }
    )


def judged(cid: str, kind: CriterionKind, text: str) -> Criterion:
    return Criterion(id=cid, kind=kind, text=text, judge=True)


def miss(name: str, calls: list[ToolCall], response: str, fails: list[str]) -> NearMiss:
    return NearMiss(name=name, calls=calls, response=response, fails=fails)


def conflict(records: list[str], note: str) -> Reconcile:
    return Reconcile(kind="conflict", records=records, note=note)


def exception(policy: str, note: str) -> PolicyException:
    return PolicyException(policy=policy, note=note)
