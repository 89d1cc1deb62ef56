"""Support-ticket tools: open a ticket with its SLA due times, and work it through its life
(status by the state machine in tickets.TRANSITIONS, priority, team, resolution, replies and
internal notes)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from corecraft_mcp.tools.base import MAX_TEXT, ToolInputError, ToolSpec
from corecraft_mcp.tools.tickets import (
    FRONT_LINE,
    Ticket,
    TicketUpdate,
    add_message,
    clean,
    due,
    find_customer,
    sla_for,
    target_status,
    ticket_view,
)
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import Priority
from corecraft_mcp.world.models_commerce import Channel, SupportTicket, Team, TicketStatus
from corecraft_mcp.world.models_commerce import TicketCategory as Category


async def create_ticket(
    db: WorldConnection,
    subject: Annotated[
        str,
        Field(description="One line saying what the case is about.", min_length=1, max_length=200),
    ],
    message: Annotated[
        str,
        Field(
            description="The customer's first message, as they wrote or said it.",
            min_length=1,
            max_length=MAX_TEXT,
        ),
    ],
    channel: Annotated[Channel, Field(description="Where the customer reached us.")],
    category: Annotated[Category, Field(description="What kind of case it is.")],
    customer_id: Annotated[
        str | None,
        Field(
            description="The customer's id; leave out for a sender who is not (yet) a customer.",
            max_length=40,
        ),
    ] = None,
    order_id: Annotated[
        str | None,
        Field(
            description="The order the case is about; it must be that customer's.", max_length=40
        ),
    ] = None,
    priority: Annotated[
        Priority, Field(description="urgent / high / normal / low: sets the SLA due times.")
    ] = "normal",
    internal_note: Annotated[
        str | None,
        Field(
            description="A note for colleagues, never shown to the customer.", max_length=MAX_TEXT
        ),
    ] = None,
) -> Ticket:
    """Open a support ticket for a customer (or an unknown sender), optionally about one of that
    customer's orders, with the customer's first message and an optional internal note. The
    ticket starts open with front-line support; its SLA (first-response and resolution due
    times) comes from the customer's loyalty tier (the lowest tier for an unknown sender) and
    the priority. Checks the customer and order exist and belong together. The category and
    priority are the agent's, recorded as given. Returns the ticket with its id and due times.
    It does not reply to the customer (update_ticket_status does)."""
    subject_text = clean(subject, "subject") or ""
    first_message = clean(message, "message") or ""
    note = clean(internal_note, "internal_note")
    async with db.transaction():
        customer = None if customer_id is None else await find_customer(db, customer_id)
        order = None
        if order_id is not None:
            order = await db.fetchone(
                "SELECT id, customer_id FROM orders WHERE id = ? COLLATE NOCASE",
                (order_id.strip(),),
            )
            if order is None:
                raise ToolInputError(
                    f"order '{order_id}' not found: give an order id as search_orders shows it, "
                    "or leave order_id out"
                )
            if customer is None or order["customer_id"] != customer.id:
                whose = (
                    "no customer was given"
                    if customer is None
                    else (f"it is not an order of customer {customer.id}")
                )
                raise ToolInputError(
                    f"cannot link order {order['id']} to this ticket: {whose}; link only an "
                    "order of the verified customer (search_orders with their customer id), "
                    "or leave order_id out"
                )
        tier, sla = await sla_for(db, None if customer is None else customer.tier, priority)
        ticket_id = await db.next_id("support_tickets", "TKT", 5)
        now = db.now_iso
        await db.execute(
            "INSERT INTO support_tickets (id, customer_id, order_id, subject, channel, status,"
            " priority, category, assigned_team, sla_id, created_at, updated_at,"
            " first_response_due, resolution_due)"
            " VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ticket_id,
                customer and customer.id,
                order and order["id"],
                subject_text,
                channel,
                priority,
                category,
                FRONT_LINE,
                sla["id"],
                now,
                now,
                due(now, sla["first_response_hours"]),
                due(now, sla["resolution_hours"]),
            ),
        )
        await add_message(db, ticket_id, "customer", first_message, internal=False)
        if note:
            await add_message(db, ticket_id, "agent", note, internal=True)
        await db.audit(
            "create_ticket",
            "support_tickets",
            ticket_id,
            "create",
            customer_id=customer and customer.id,
            order_id=order and order["id"],
            priority=priority,
            category=category,
            channel=channel,
            sla_id=sla["id"],
            tier=tier,
        )
        return await ticket_view(db, ticket_id)


async def update_ticket_status(
    db: WorldConnection,
    ticket_id: Annotated[
        str, Field(description="The ticket's id, e.g. TKT-00042.", min_length=1, max_length=40)
    ],
    status: Annotated[
        TicketStatus | None,
        Field(
            description="The new status. open -> in_progress / pending_customer / escalated / "
            "resolved; in_progress, pending_customer and escalated -> each other or resolved; "
            "resolved -> closed, or in_progress to reopen; closed is final."
        ),
    ] = None,
    priority: Annotated[
        Priority | None,
        Field(description="A new priority; the SLA due times are recomputed for it."),
    ] = None,
    assigned_team: Annotated[
        Team | None,
        Field(
            description="Hand the ticket to a team. billing, trust_safety or escalations also "
            "escalate an open or in-progress ticket."
        ),
    ] = None,
    resolution: Annotated[
        str | None,
        Field(description="What was done: required when resolving.", max_length=MAX_TEXT),
    ] = None,
    reply: Annotated[
        str | None,
        Field(
            description="A message to the customer (the first one meets the first-response SLA).",
            max_length=MAX_TEXT,
        ),
    ] = None,
    internal_note: Annotated[
        str | None,
        Field(
            description="A note for colleagues, never shown to the customer.", max_length=MAX_TEXT
        ),
    ] = None,
) -> TicketUpdate:
    """Work a ticket: change its status (by the ticket state machine: see `status`; a refused
    move says which statuses may follow), its priority (recomputing the SLA due times), its
    team (assigning billing, trust_safety or escalations escalates it; escalating needs a team
    other than support), resolve it with a resolution, reply to the customer and/or add an
    internal note, in one call. Closed tickets cannot change. Returns the ticket and what
    changed. It sends a reply only when `reply` is given: resolving alone tells the customer
    nothing. Checks the state machine and that an escalated ticket has a team; whether to
    escalate, to which team, and at what priority is the agent's decision, recorded as given."""
    reply_text = clean(reply, "reply")
    note = clean(internal_note, "internal_note")
    resolution_text = clean(resolution, "resolution")
    if not any(
        v is not None for v in (status, priority, assigned_team, resolution_text, reply_text, note)
    ):
        raise ToolInputError(
            "nothing to change: give status, priority, assigned_team, resolution, reply or "
            "internal_note"
        )
    async with db.transaction():
        row = await db.fetchone(
            "SELECT * FROM support_tickets WHERE id = ? COLLATE NOCASE", (ticket_id.strip(),)
        )
        if row is None:
            raise ToolInputError(
                f"ticket '{ticket_id}' not found: give a ticket id like TKT-00042; "
                "get_customer_history lists a customer's tickets"
            )
        ticket = SupportTicket.model_validate(row)
        tid, current = ticket.id, ticket.status
        if current == "closed":
            raise ToolInputError(
                f"ticket {tid} is closed, and a closed ticket cannot change: open a new ticket "
                f"with create_ticket (and mention {tid})"
            )
        team = None if assigned_team == ticket.assigned_team else assigned_team
        target = target_status(db, ticket, status, team)
        if target == "resolved" and resolution_text is None:
            raise ToolInputError(
                f"resolving ticket {tid} needs a resolution: say in a sentence what was done"
            )
        amending = target is None and current == "resolved"
        if resolution_text is not None and target != "resolved" and not amending:
            raise ToolInputError(
                "a resolution is recorded when the ticket is resolved: pass status='resolved' "
                "with it"
            )
        now = db.now_iso
        updates: dict[str, object] = {}
        changes: list[str] = []
        if target is not None:
            updates["status"] = target
            changes.append(f"status {current} -> {target}")
            if target == "resolved":
                updates.update(resolved_at=now, resolution=resolution_text)
            elif current == "resolved":
                updates.update(resolved_at=None, resolution=None)
                changes.append("reopened: resolution and resolved_at cleared")
        elif resolution_text is not None and resolution_text != ticket.resolution:
            updates["resolution"] = resolution_text
            changes.append("resolution updated")
        if team is not None:
            updates["assigned_team"] = team
            changes.append(f"team {ticket.assigned_team} -> {team}")
        if priority is not None and priority != ticket.priority:
            tier = (
                None
                if ticket.customer_id is None
                else await db.scalar(
                    "SELECT tier FROM customers WHERE id = ?", (ticket.customer_id,)
                )
            )
            _, sla = await sla_for(db, tier, priority)
            updates.update(priority=priority, sla_id=sla["id"])
            if ticket.first_response_at is None:
                updates["first_response_due"] = due(ticket.created_at, sla["first_response_hours"])
            if updates.get("status", current) not in ("resolved", "closed"):
                updates["resolution_due"] = due(ticket.created_at, sla["resolution_hours"])
            changes.append(f"priority {ticket.priority} -> {priority}, SLA {sla['id']}")
        if reply_text is not None:
            await add_message(db, tid, "agent", reply_text, internal=False)
            changes.append("reply sent to the customer")
            if ticket.first_response_at is None:
                updates["first_response_at"] = now
        if note is not None:
            await add_message(db, tid, "agent", note, internal=True)
            changes.append("internal note added")
        if not changes:
            raise ToolInputError(
                f"nothing changes: ticket {tid} is already {current}, priority "
                f"{ticket.priority}, team {ticket.assigned_team}"
            )
        updates["updated_at"] = now
        # Column names come from the fixed keys above, never from input.
        await db.execute(
            f"UPDATE support_tickets SET {', '.join(f'{c} = ?' for c in updates)} WHERE id = ?",
            (*updates.values(), tid),
        )
        await db.audit(
            "update_ticket_status",
            "support_tickets",
            tid,
            "update",
            changes=changes,
            status_before=current,
            status_after=updates.get("status", current),
            previous_resolution=ticket.resolution if "resolution" in updates else None,
        )
        view = await ticket_view(db, tid)
    return TicketUpdate(**view.model_dump(), changes=changes)


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(create_ticket, "write", "Open a support ticket"),
    ToolSpec(update_ticket_status, "write", "Update a support ticket"),
)
