"""Tools report records and facts, never the agent's policy decisions or its next step
(DESIGN.md section 4): no verdict field and no next-step sentence in any output or refusal of a
tool other than the knowledge base's, over every task's reference and near-miss calls and over
the refusals the tasks do not reach. The forbidden names and phrases are maintained in
corecraft_mcp.grading.verdicts; benchmarks/tool_verdicts.py prints the same count."""

from __future__ import annotations

from typing import Any

import pytest

from corecraft_mcp.grading.verdicts import findings, findings_in
from corecraft_mcp.tasks.loader import load_tasks
from corecraft_mcp.tools.invoke import ToolCaller
from corecraft_mcp.tools.transcript import CallRecord
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World


def _record(tool: str, result: Any = None, error: str | None = None) -> CallRecord:
    return CallRecord(tool=tool, args={}, ok=error is None, result=result, error=error)


def test_scanner_finds_verdict_fields_and_next_steps() -> None:
    old_shipping = _record(
        "get_shipping_status",
        {
            "shipments": [
                {
                    "lateness": {
                        "business_days_late": 4,
                        "qualifies_for_late_delivery_remedy": True,
                        "remedy_deadline": "2026-01-01",
                        "remedy": "$15 store credit",
                    }
                }
            ],
            "summary": "the records disagree: tell the customer and escalate to logistics",
        },
    )
    found = {(f.kind, f.match) for f in findings_in(old_shipping)}
    assert found == {
        ("field", "qualifies_for_late_delivery_remedy"),
        ("field", "remedy_deadline"),
        ("field", "remedy"),
        ("phrase", "tell the customer"),
        ("phrase", "escalate"),
    }
    refusal = _record("update_order", error="cannot change it: escalate the ticket to billing")
    assert [f.where for f in findings_in(refusal)] == ["error"]
    warranty = _record("get_warranty_policy", {"claim_handler_today": "corecraft"})
    assert [f.match for f in findings_in(warranty)] == ["claim_handler_today"]


def test_scanner_leaves_records_and_the_knowledge_base_alone() -> None:
    history = _record(
        "get_customer_history",
        {
            "tickets": [{"messages": [{"body": "Please escalate, you should refund me"}]}],
            "notes": "Customer asked us to contact the carrier",
            "business_days_late": 4,
        },
    )
    spec = _record("get_product_details", {"specs": {"recommended_psu_watts": 750}})
    article = _record("get_knowledgebase_article", {"body": "Tell the customer to reseat it."})
    assert findings([history, spec, article]) == []
    tool_notes = _record("process_return", {"notes": ["tell the customer it is assumed"]})
    assert [f.match for f in findings_in(tool_notes)] == ["tell the customer"]


async def test_no_verdicts_in_any_task_call(world: World) -> None:
    caller = ToolCaller()
    calls: list[CallRecord] = []
    for task in load_tasks():
        for solution in [task.reference, *task.near_misses]:
            async with await Episode.start(world) as episode:
                calls += [await caller.call(episode.db, c.tool, c.args) for c in solution.calls]
    assert len(calls) > 500
    assert [str(f) for f in findings(calls)] == []


# Refusals no task reaches, one per rule the tools enforce (the ids are seed42's).
REFUSALS: list[tuple[str, dict[str, Any]]] = [
    ("update_order", {"order_id": "ORD-100957", "action": "cancel", "reason": "asked"}),
    (
        "update_order",
        {
            "order_id": "ORD-100997",
            "action": "change_shipping_method",
            "reason": "asked",
            "shipping_method": "standard",
        },
    ),
    (
        "process_return",
        {
            "order_id": "ORD-100793",
            "order_item_id": 2145,
            "kind": "refund",
            "reason": "r",
            "opened": True,
            "restocking_fee_usd": 0,
        },
    ),
    (
        "process_return",
        {
            "order_id": "ORD-100001",
            "order_item_id": 4,
            "kind": "refund",
            "reason": "r",
            "opened": False,
            "restocking_fee_usd": 0,
        },
    ),
    (
        "process_return",
        {
            "order_id": "ORD-100004",
            "order_item_id": 10,
            "kind": "refund",
            "reason": "r",
            "opened": True,
            "restocking_fee_usd": 0,
        },
    ),
    (
        "process_return",
        {
            "order_id": "ORD-100007",
            "order_item_id": 24,
            "kind": "refund",
            "reason": "r",
            "opened": True,
            "restocking_fee_usd": 0,
        },
    ),
    (
        "process_return",
        {
            "order_id": "ORD-100957",
            "order_item_id": 2625,
            "kind": "refund",
            "reason": "r",
            "opened": True,
            "restocking_fee_usd": 0,
        },
    ),
    (
        "process_exchange",
        {"order_id": "ORD-100001", "order_item_id": 4, "new_product_id": "PRD-0148", "reason": "r"},
    ),
    (
        "process_exchange",
        {"order_id": "ORD-100001", "order_item_id": 1, "new_product_id": "PRD-0267", "reason": "r"},
    ),
    ("get_warranty_policy", {"product_id": "PRD-0148"}),
    ("get_shipping_status", {"tracking_number": "NOSUCHNUMBER"}),
]


@pytest.mark.parametrize(("tool", "args"), REFUSALS, ids=[f"{t}-{i}" for i, (t, _) in
                                                            enumerate(REFUSALS)])  # fmt: skip
async def test_refusals_state_the_fact_only(
    episode: Episode, tool: str, args: dict[str, Any]
) -> None:
    call = await ToolCaller().call(episode.db, tool, args)
    assert not call.ok and call.error
    assert [str(f) for f in findings_in(call)] == []
