"""Support tickets as the ticket tools read and write them: the closed value sets, the ticket
state machine, SLA due times, messages and the ticket as a tool returns it.

Two decisions beyond the design's text, both what helpdesks do and what the SLA and escalation
policies say:
- A priority change re-applies the SLA ("the targets follow the new priority"): the due times
  are recomputed from the ticket's creation with the new priority's targets (the first-response
  due time only while no agent has answered, the resolution due time only while unresolved).
- Assigning an escalation team (billing, trust_safety, escalations, as the escalation policy
  names them) to a ticket still being worked escalates it ("set the status to escalated and
  assign it to the team"), and an escalated ticket must have a team other than support.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.text import plain_text
from corecraft_mcp.world.clock import iso_ts, parse_ts
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.definition import Priority

# The schema's value sets are defined once, with the world's models.
from corecraft_mcp.world.models_commerce import (
    Channel,
    Customer,
    MessageAuthor,
    SupportTicket,
    Team,
    TicketStatus,
)
from corecraft_mcp.world.models_commerce import TicketCategory as Category

FRONT_LINE: Team = "support"

# The ticket state machine: the statuses each status may move to. A resolved ticket is closed,
# or reopened (back to in_progress) when the customer comes back; closed is final.
TRANSITIONS: dict[str, tuple[TicketStatus, ...]] = {
    "open": ("in_progress", "pending_customer", "escalated", "resolved"),
    "in_progress": ("pending_customer", "escalated", "resolved"),
    "pending_customer": ("in_progress", "escalated", "resolved"),
    "escalated": ("in_progress", "pending_customer", "resolved"),
    "resolved": ("closed", "in_progress"),
    "closed": (),
}


class TicketMessage(BaseModel):
    author: MessageAuthor
    internal: bool = Field(description="An internal note, never shown to the customer.")
    body: str
    created_at: str


class Ticket(BaseModel):
    id: str
    customer_id: str | None
    order_id: str | None
    subject: str
    channel: Channel
    status: TicketStatus
    priority: Priority
    category: Category
    assigned_team: Team
    sla_id: str | None
    sla_tier: str = Field(description="The loyalty tier whose SLA targets apply.")
    first_response_due: str
    resolution_due: str
    first_response_at: str | None
    resolved_at: str | None
    resolution: str | None
    created_at: str
    updated_at: str
    next_statuses: list[TicketStatus] = Field(description="Statuses this ticket may move to.")
    messages: list[TicketMessage]


class TicketUpdate(Ticket):
    changes: list[str] = Field(description="What this call changed.")


def clean(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    return plain_text(value, what)


def due(start: str, hours: int) -> str:
    return iso_ts(parse_ts(start) + dt.timedelta(hours=hours))


async def sla_for(db: WorldConnection, tier: str | None, priority: str) -> tuple[str, Row]:
    """The SLA row for a customer's tier (None: an unknown sender, who gets the lowest tier) and
    priority."""
    if tier is None:
        tier = await db.scalar("SELECT name FROM loyalty_tiers ORDER BY rank LIMIT 1")
    row = await db.fetchone(
        "SELECT id, first_response_hours, resolution_hours FROM slas "
        "WHERE tier = ? AND priority = ?",
        (tier, priority),
    )
    if row is None:
        raise ToolInputError(f"no SLA on file for tier {tier} and priority {priority}")
    return str(tier), row


async def find_customer(db: WorldConnection, customer_id: str) -> Customer:
    row = await db.fetchone(
        "SELECT * FROM customers WHERE id = ? COLLATE NOCASE", (customer_id.strip(),)
    )
    if row is None:
        raise ToolInputError(
            f"customer '{customer_id}' not found: give a customer id like CUS-00042; use "
            "search_customers to find one by name, email or phone, or leave customer_id out "
            "for a sender who is not a customer"
        )
    return Customer.model_validate(row)


async def ticket_view(db: WorldConnection, ticket_id: str) -> Ticket:
    row = await db.fetchone("SELECT * FROM support_tickets WHERE id = ?", (ticket_id,))
    assert row is not None  # read back inside the call that found or wrote it
    tier = await db.scalar("SELECT tier FROM slas WHERE id = ?", (row["sla_id"],))
    messages = await db.fetchall(
        "SELECT author, internal, body, created_at FROM ticket_messages WHERE ticket_id = ? "
        "ORDER BY created_at, id",
        (ticket_id,),
    )
    return Ticket(
        **{k: row[k] for k in Ticket.model_fields if k in row},
        sla_tier=str(tier or ""),
        next_statuses=list(TRANSITIONS[row["status"]]),
        messages=[TicketMessage(**{**m, "internal": bool(m["internal"])}) for m in messages],
    )


async def add_message(
    db: WorldConnection, ticket_id: str, author: str, body: str, internal: bool
) -> None:
    await db.execute(
        "INSERT INTO ticket_messages (ticket_id, author, internal, body, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        (ticket_id, author, int(internal), body, db.now_iso),
    )


def escalation_teams(db: WorldConnection) -> tuple[str, ...]:
    terms = db.policy.escalation
    return (terms.billing_team, terms.fraud_team, terms.legal_press_team)


def target_status(
    db: WorldConnection, ticket: SupportTicket, status: TicketStatus | None, team: Team | None
) -> TicketStatus | None:
    """The status this call moves the ticket to (None: it stays), or why it may not."""
    current = ticket.status
    target = None if status == current else status
    if (
        target is None
        and status is None
        and team in escalation_teams(db)
        and ("escalated" in TRANSITIONS[current])
    ):
        target = "escalated"
    if target is not None and target not in TRANSITIONS[current]:
        allowed = ", ".join(TRANSITIONS[current])
        raise ToolInputError(
            f"cannot move ticket {ticket.id} from '{current}' to '{target}': from "
            f"'{current}' it can move to {allowed}"
            + ("; reopen it (in_progress) first" if current == "resolved" else "")
        )
    moving = target is not None or team is not None
    if (
        moving
        and (target or current) == "escalated"
        and (team or ticket.assigned_team) == FRONT_LINE
    ):
        if target is None:
            raise ToolInputError(
                f"ticket {ticket.id} is escalated: to hand it back to {FRONT_LINE}, also move "
                "it to in_progress (or pending_customer)"
            )
        terms = db.policy.escalation
        raise ToolInputError(
            f"escalating ticket {ticket.id} needs the team that takes it: give "
            f"assigned_team {terms.billing_team} (payments; refunds above "
            f"${terms.refund_supervisor_over:,.2f} need supervisor approval), "
            f"{terms.fraud_team} (suspected fraud), {terms.legal_press_team} (legal threats or "
            "press), technical or logistics"
        )
    return target
