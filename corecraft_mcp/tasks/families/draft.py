"""Assembling a draft: the family's criteria plus the persona's (the side question's fact, a
judged tone criterion), the reference reply and the near misses in the same frame."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from corecraft_mcp.tasks.families.base import Draft, call, judged, mentions, miss
from corecraft_mcp.tasks.families.phrasing import frame, reply, tone_text
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.tasks.models import Criterion, PolicyException, Reconcile, Solution, ToolCall


@dataclass(frozen=True)
class Miss:
    """A near miss: its calls, its reply paragraphs and the criteria it fails."""

    name: str
    calls: list[ToolCall]
    paragraphs: list[str]
    fails: list[str]


@dataclass
class Spec:
    """Everything a family decides for one task."""

    family: str
    customer: Row
    subject: str
    bodies: dict[str, list[str]]
    fields: dict[str, Any]
    policies: list[str]
    criteria: list[Criterion]
    calls: list[ToolCall]
    paragraphs: list[str]
    misses: list[Miss]
    entities: list[str]
    reconcile: list[Reconcile] = field(default_factory=list)
    exceptions: list[PolicyException] = field(default_factory=list)
    paste_judged_only: str | None = None
    sender: tuple[str, str] | None = None  # an internal sender (a team lead), not the customer
    extra: dict[str, Any] = field(default_factory=dict)


def assemble(records: Records, rng: random.Random, spec: Spec) -> Draft:
    framed, index = frame(
        records, rng, spec.customer, spec.subject, spec.bodies, spec.fields, spec.sender
    )
    colleague = None if spec.sender is None else spec.sender[1]
    first = colleague or str(spec.customer["first_name"])
    rubric = list(spec.criteria)
    if framed.side is not None:
        rubric.append(
            mentions(
                "answers-second-question",
                "completeness",
                "Answers the customer's second question from the policy",
                framed.side.facts,
            )
        )
    calls = list(spec.calls)
    choice: list[Reconcile] = []
    order = str(spec.fields.get("order") or "")
    named = not order or order in framed.instruction
    tone = tone_text(framed.persona, first, colleague=colleague is not None, named=named)
    rubric.append(judged("tone", "format", tone))
    if not named and calls and spec.sender is None:
        # The message gives no order number: the reference finds it among the customer's orders.
        calls.insert(1, call("search_orders", customer_id=spec.customer["id"]))
        choice = _order_choice(records, str(spec.customer["id"]), order)
    reference = Solution(
        calls=calls,
        response=reply(
            spec.customer, framed.persona, spec.paragraphs, framed.side, colleague, named
        ),
    )
    near = [
        miss(
            m.name,
            m.calls,
            reply(spec.customer, framed.persona, m.paragraphs, framed.side, colleague, named),
            m.fails,
        )
        for m in spec.misses
    ]
    return Draft(
        instruction=framed.instruction,
        policies=spec.policies,
        rubric=rubric,
        reference=reference,
        near_misses=near,
        template=f"{spec.family}:{framed.persona}:{index}",
        entities=spec.entities,
        reconcile=[*spec.reconcile, *choice],
        exceptions=spec.exceptions,
        paste_judged_only=spec.paste_judged_only,
    )


def _order_choice(records: Records, customer_id: str, order_id: str) -> list[Reconcile]:
    """The customer's orders the message could mean, when it names none: a choice to make."""
    others = [
        str(r["id"])
        for r in records.rows(
            "SELECT id FROM orders WHERE customer_id = ? AND id <> ? ORDER BY placed_at DESC LIMIT 2",
            (customer_id, order_id),
        )
    ]
    if not others:
        return []
    note = f"the message names no order: {order_id} is the one its description fits"
    return [Reconcile(kind="choice", records=[order_id, *others], note=note)]
