"""create_ticket and update_ticket_status against the seed42 world: SLA due times from the tier
and priority tables, the ticket state machine, escalation, replies and notes, and every refused
call leaving the world as it was."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from corecraft_mcp.tools.support import TOOLS, create_ticket, update_ticket_status
from corecraft_mcp.tools.tickets import TRANSITIONS
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.models_commerce import Team, TicketStatus
from tests.conftest import arrange, refused

STATUSES: tuple[TicketStatus, ...] = (
    "open",
    "pending_customer",
    "in_progress",
    "escalated",
    "resolved",
    "closed",
)


def ts(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


async def customer(db: WorldConnection, tier: str) -> Row:
    row = await db.fetchone(
        "SELECT * FROM customers c WHERE tier = ? AND EXISTS "
        "(SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY id LIMIT 1",
        (tier,),
    )
    assert row is not None, f"seed42 has a {tier} customer with an order"
    return row


async def sla(db: WorldConnection, tier: str, priority: str) -> Row:
    row = await db.fetchone("SELECT * FROM slas WHERE tier = ? AND priority = ?", (tier, priority))
    assert row is not None
    return row


async def new_ticket(db: WorldConnection, **overrides: Any) -> str:
    args: dict[str, Any] = {
        "subject": "Where is my order?",
        "message": "Hi, my order has not arrived yet.",
        "channel": "email",
        "category": "order_status",
    }
    args.update(overrides)
    return (await create_ticket(db, **args)).id


async def ticket_in(db: WorldConnection, status: TicketStatus) -> str:
    """A fresh ticket put into `status` (resolved ones with a resolution)."""
    cust = await customer(db, "Silver")
    tid = await new_ticket(db, customer_id=cust["id"])
    team = "billing" if status == "escalated" else "support"
    resolved = status in ("resolved", "closed")
    await arrange(
        db,
        "UPDATE support_tickets SET status = ?, assigned_team = ?, resolved_at = ?, "
        "resolution = ? WHERE id = ?",
        (status, team, db.now_iso if resolved else None, "done" if resolved else None, tid),
    )
    return tid


async def audit_rows(db: WorldConnection, tool: str, entity_id: str) -> list[Row]:
    return await db.fetchall(
        "SELECT * FROM audit_log WHERE tool = ? AND entity_id = ? ORDER BY id", (tool, entity_id)
    )


def test_tools_registered_in_design_order() -> None:
    assert [(s.name, s.kind) for s in TOOLS] == [
        ("create_ticket", "write"),
        ("update_ticket_status", "write"),
    ]
    assert all(s.description for s in TOOLS)


# ------------------------------------------------------------------------------ create_ticket


@pytest.mark.parametrize("tier", ["Standard", "Silver", "Gold", "Platinum"])
@pytest.mark.parametrize("priority", ["urgent", "low"])
async def test_create_ticket_sla_from_tier_and_priority(
    db: WorldConnection, tier: str, priority: str
) -> None:
    cust = await customer(db, tier)
    target = await sla(db, tier, priority)
    ticket = await create_ticket(
        db,
        subject="GPU fans spin but no display",
        message="My new card shows nothing on screen.",
        channel="chat",
        category="technical",
        customer_id=cust["id"].lower(),  # ids are matched in any case
        priority=priority,  # type: ignore[arg-type]
    )
    assert ticket.customer_id == cust["id"]
    assert (ticket.status, ticket.assigned_team, ticket.sla_id) == ("open", "support", target["id"])
    assert ticket.sla_tier == tier
    assert ticket.created_at == ticket.updated_at == db.now_iso
    assert ts(ticket.first_response_due) - db.now == dt.timedelta(
        hours=target["first_response_hours"]
    )
    assert ts(ticket.resolution_due) - db.now == dt.timedelta(hours=target["resolution_hours"])
    # The policy's numbers: the tables agree with the world definition.
    first, resolution = db.policy.sla.hours(tier, priority)  # type: ignore[arg-type]
    assert (target["first_response_hours"], target["resolution_hours"]) == (first, resolution)
    assert ticket.first_response_at is None and ticket.resolved_at is None


async def test_create_ticket_writes_ticket_messages_and_audit(
    db: WorldConnection, episode: Episode
) -> None:
    cust = await customer(db, "Gold")
    order = await db.fetchone(
        "SELECT id FROM orders WHERE customer_id = ? ORDER BY id LIMIT 1", (cust["id"],)
    )
    assert order is not None
    highest = await db.scalar("SELECT max(id) FROM support_tickets")
    ticket = await create_ticket(
        db,
        subject="  Return request  ",
        message="I want to return my monitor.",
        channel="web_form",
        category="return",
        customer_id=cust["id"],
        order_id=order["id"],
        priority="high",
        internal_note="Verified by email and phone last four.",
    )
    assert ticket.id > str(highest) and ticket.id.startswith("TKT-") and len(ticket.id) == 9
    assert ticket.subject == "Return request"
    assert ticket.order_id == order["id"]
    assert [(m.author, m.internal, m.body) for m in ticket.messages] == [
        ("customer", False, "I want to return my monitor."),
        ("agent", True, "Verified by email and phone last four."),
    ]
    diff = episode.diff()
    assert diff.counts() == {
        "support_tickets": {"inserted": 1, "updated": 0, "deleted": 0},
        "ticket_messages": {"inserted": 2, "updated": 0, "deleted": 0},
        "audit_log": {"inserted": 1, "updated": 0, "deleted": 0},
    }
    (audit,) = await audit_rows(db, "create_ticket", ticket.id)
    assert (audit["entity_type"], audit["action"], audit["at"]) == (
        "support_tickets",
        "create",
        db.now_iso,
    )
    details = json.loads(audit["details"])
    assert details["sla_id"] == ticket.sla_id and details["tier"] == "Gold"


async def test_create_ticket_unknown_sender_gets_lowest_tier_sla(db: WorldConnection) -> None:
    ticket = await create_ticket(
        db,
        subject="Do you ship to Alaska?",
        message="Hello, do you ship to Anchorage?",
        channel="social",
        category="shipping",
    )
    lowest = await db.scalar("SELECT name FROM loyalty_tiers ORDER BY rank LIMIT 1")
    assert lowest == "Standard"
    assert ticket.customer_id is None and ticket.sla_tier == lowest
    assert ticket.sla_id == (await sla(db, lowest, "normal"))["id"]


async def test_create_ticket_refusals_change_nothing(db: WorldConnection, episode: Episode) -> None:
    cust = await customer(db, "Silver")
    other = await db.fetchone(
        "SELECT id FROM orders WHERE customer_id <> ? ORDER BY id LIMIT 1", (cust["id"],)
    )
    assert other is not None
    base: dict[str, Any] = {
        "subject": "Help",
        "message": "Help me",
        "channel": "email",
        "category": "billing",
    }
    message = await refused(
        episode, create_ticket(db, **base, customer_id=cust["id"], order_id=other["id"])
    )
    assert other["id"] in message and cust["id"] in message
    assert "no customer" in await refused(episode, create_ticket(db, **base, order_id=other["id"]))
    assert "search_customers" in await refused(
        episode, create_ticket(db, **base, customer_id="CUS-99999")
    )
    assert "search_orders" in await refused(
        episode, create_ticket(db, **base, customer_id=cust["id"], order_id="ORD-0")
    )
    assert "message is empty" in await refused(
        episode,
        create_ticket(db, subject="Help", message="   ", channel="email", category="billing"),
    )
    assert "internal_note is empty" in await refused(
        episode, create_ticket(db, **base, internal_note=" \n ")
    )
    assert await refused(
        episode, create_ticket(db, **base, customer_id="'; DROP TABLE customers; --")
    )
    assert episode.diff().is_empty


# ------------------------------------------------------------------------ update_ticket_status


@pytest.mark.parametrize("start", STATUSES)
async def test_state_machine_allows_exactly_the_listed_moves(
    db: WorldConnection, episode: Episode, start: TicketStatus
) -> None:
    for target in STATUSES:
        if target == start:
            continue
        tid = await ticket_in(db, start)
        args: dict[str, Any] = {"status": target}
        if target == "resolved":
            args["resolution"] = "Refund processed."
        if target == "escalated":
            args["assigned_team"] = "trust_safety"
        if target in TRANSITIONS[start]:
            result = await update_ticket_status(db, tid, **args)
            assert result.status == target
            assert result.next_statuses == list(TRANSITIONS[target])
        else:
            message = await refused(episode, update_ticket_status(db, tid, **args))
            if start == "closed":
                assert "closed" in message and "create_ticket" in message
            else:
                assert f"from '{start}' it can move to" in message
                assert all(s in message for s in TRANSITIONS[start])
    assert TRANSITIONS["closed"] == ()


async def test_reply_sets_first_response_once_and_audits(
    db: WorldConnection, episode: Episode
) -> None:
    tid = await ticket_in(db, "open")
    first = await update_ticket_status(
        db, tid, status="pending_customer", reply="Could you send a photo of the label?"
    )
    assert first.first_response_at == db.now_iso and first.updated_at == db.now_iso
    assert first.messages[-1].author == "agent" and not first.messages[-1].internal
    assert first.changes == ["status open -> pending_customer", "reply sent to the customer"]
    await arrange(
        db,
        "UPDATE support_tickets SET first_response_at = '2026-03-15T10:00:00Z' WHERE id = ?",
        (tid,),
    )
    second = await update_ticket_status(db, tid, reply="Any news?", internal_note="Chased.")
    assert second.first_response_at == "2026-03-15T10:00:00Z"
    assert [(m.author, m.internal) for m in second.messages[-2:]] == [
        ("agent", False),
        ("agent", True),
    ]
    audits = await audit_rows(db, "update_ticket_status", tid)
    assert len(audits) == 2 and all(a["action"] == "update" for a in audits)
    assert json.loads(audits[0]["details"])["status_after"] == "pending_customer"


async def test_resolve_needs_resolution_then_close_is_final(
    db: WorldConnection, episode: Episode
) -> None:
    tid = await ticket_in(db, "in_progress")
    assert "needs a resolution" in await refused(
        episode, update_ticket_status(db, tid, status="resolved")
    )
    assert "pass status='resolved'" in await refused(
        episode, update_ticket_status(db, tid, resolution="Sent a replacement.")
    )
    done = await update_ticket_status(
        db, tid, status="resolved", resolution="Sent a replacement.", reply="All sorted!"
    )
    assert (done.status, done.resolution, done.resolved_at) == (
        "resolved",
        "Sent a replacement.",
        db.now_iso,
    )
    amended = await update_ticket_status(db, tid, resolution="Sent a replacement unit.")
    assert amended.resolution == "Sent a replacement unit." and amended.status == "resolved"
    closed = await update_ticket_status(db, tid, status="closed")
    assert closed.status == "closed" and closed.next_statuses == []
    updates: list[dict[str, Any]] = [
        {"reply": "hello"},
        {"internal_note": "x"},
        {"priority": "high"},
    ]
    for args in updates:
        assert "closed" in await refused(episode, update_ticket_status(db, tid, **args))


async def test_reopen_clears_resolution(db: WorldConnection) -> None:
    tid = await ticket_in(db, "resolved")
    reopened = await update_ticket_status(db, tid, status="in_progress", reply="Reopening.")
    assert reopened.status == "in_progress"
    assert reopened.resolved_at is None and reopened.resolution is None
    (audit,) = await audit_rows(db, "update_ticket_status", tid)
    assert json.loads(audit["details"])["previous_resolution"] == "done"


@pytest.mark.parametrize("team", ["billing", "trust_safety", "escalations"])
async def test_assigning_an_escalation_team_escalates(db: WorldConnection, team: Team) -> None:
    assert team in (
        db.policy.escalation.billing_team,
        db.policy.escalation.fraud_team,
        db.policy.escalation.legal_press_team,
    )
    tid = await ticket_in(db, "in_progress")
    result = await update_ticket_status(
        db,
        tid,
        assigned_team=team,
        internal_note="Refund of $1,250 needs approval.",
    )
    assert (result.status, result.assigned_team) == ("escalated", team)


async def test_specialist_team_does_not_escalate(db: WorldConnection) -> None:
    tid = await ticket_in(db, "open")
    result = await update_ticket_status(db, tid, assigned_team="logistics")
    assert (result.status, result.assigned_team) == ("open", "logistics")
    assert result.changes == ["team support -> logistics"]


async def test_escalation_needs_a_team(db: WorldConnection, episode: Episode) -> None:
    tid = await ticket_in(db, "open")
    message = await refused(episode, update_ticket_status(db, tid, status="escalated"))
    assert "billing" in message and "trust_safety" in message and "escalations" in message
    escalated = await ticket_in(db, "escalated")
    assert "hand it back" in await refused(
        episode, update_ticket_status(db, escalated, assigned_team="support")
    )
    back = await update_ticket_status(db, escalated, status="in_progress", assigned_team="support")
    assert (back.status, back.assigned_team) == ("in_progress", "support")


async def test_priority_change_recomputes_due_times_from_creation(db: WorldConnection) -> None:
    cust = await customer(db, "Platinum")
    tid = await new_ticket(db, customer_id=cust["id"], priority="low")
    created = "2026-03-14T12:00:00Z"
    await arrange(db, "UPDATE support_tickets SET created_at = ? WHERE id = ?", (created, tid))
    urgent = await sla(db, "Platinum", "urgent")
    result = await update_ticket_status(db, tid, priority="urgent")
    assert (result.priority, result.sla_id) == ("urgent", urgent["id"])
    start = ts(created)
    assert ts(result.first_response_due) == start + dt.timedelta(
        hours=urgent["first_response_hours"]
    )
    assert ts(result.resolution_due) == start + dt.timedelta(hours=urgent["resolution_hours"])
    # Once answered, the first-response target is history and stays.
    await update_ticket_status(db, tid, reply="On it.")
    answered = await update_ticket_status(db, tid, priority="normal")
    assert answered.first_response_due == result.first_response_due
    normal = await sla(db, "Platinum", "normal")
    assert ts(answered.resolution_due) == start + dt.timedelta(hours=normal["resolution_hours"])


async def test_update_refusals_change_nothing(db: WorldConnection, episode: Episode) -> None:
    tid = await ticket_in(db, "open")
    assert "nothing to change" in await refused(episode, update_ticket_status(db, tid))
    assert "nothing changes" in await refused(
        episode, update_ticket_status(db, tid, status="open", assigned_team="support")
    )
    assert "reply is empty" in await refused(episode, update_ticket_status(db, tid, reply="  "))
    assert "TKT-" in await refused(episode, update_ticket_status(db, "TKT-99999", status="closed"))
    assert await refused(episode, update_ticket_status(db, "' OR 1=1 --", reply="hi"))


async def test_existing_tickets_can_be_worked(db: WorldConnection) -> None:
    """Tickets the generator wrote (not only ones a tool created) move by the same rules."""
    rows = await db.fetchall(
        "SELECT id, status FROM support_tickets WHERE status IN ('open', 'in_progress', "
        "'pending_customer') ORDER BY id LIMIT 5"
    )
    assert rows, "seed42 has tickets still being worked"
    for row in rows:
        result = await update_ticket_status(
            db, row["id"], status="resolved", resolution="Answered.", reply="Done, thanks!"
        )
        assert result.status == "resolved" and result.resolved_at == db.now_iso
