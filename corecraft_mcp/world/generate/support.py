"""The support stage: support_tickets and their ticket_messages threads.

Tickets are planned against the orders, shipments and returns the earlier stages wrote
(support_plan), their texts filled from those rows and the policy (support_fill), and their
threads timed against the SLA of the customer's tier and the ticket's priority (support_thread).
Planted mess: tickets citing a wrong order number (ticket_wrong_order_number), and tickets that
carry a stale-address customer's new address.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.definition import Policy, Priority
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.generate.support_facts import Facts, load_facts
from corecraft_mcp.world.generate.support_fill import FillEnv, Subject, build_fields
from corecraft_mcp.world.generate.support_plan import Plan, Planner
from corecraft_mcp.world.generate.support_thread import ThreadSpec, build_thread
from corecraft_mcp.world.models import Product
from corecraft_mcp.world.rules import is_late

STAGE = "support"
# Tickets reach back this far (a helpdesk keeps about half a year of history in its queue).
TICKET_HISTORY_DAYS = 180
FIRST_TICKET_NUMBER = 20001
AGENTS = 14
_DIGITS = re.compile(r"\d+")


def generate_tickets(ctx: GenContext) -> None:
    definition = ctx.definition
    policy = definition.policy
    facts = load_facts(ctx.conn)
    now = ctx.now
    horizon = now - dt.timedelta(days=min(TICKET_HISTORY_DAYS, definition.history_days))
    by_category: dict[str, list[Product]] = {}
    for product in facts.products.values():
        by_category.setdefault(product.category, []).append(product)

    rng = ctx.rng(STAGE)
    planner = Planner(rng, facts, policy, now, horizon, by_category)
    plans = planner.plan(definition.sizes.support_tickets)
    plans.sort(key=lambda p: (p.created, p.scenario.key))
    ids = [f"TKT-{FIRST_TICKET_NUMBER + i}" for i in range(len(plans))]
    cited = _plant_wrong_order_numbers(ctx, rng, facts, plans, ids)

    # Texts come from their own stream, so rewording a template never changes which tickets exist.
    text_rng = ctx.rng(f"{STAGE}.threads")
    fake = ctx.faker(STAGE)
    agents = [f"{fake.first_name()} {fake.last_name()[0]}." for _ in range(AGENTS)]
    env = FillEnv(policy, facts, text_rng, fake, now, by_category)
    tickets: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for ticket_id, plan in zip(ids, plans, strict=True):
        ticket, thread_rows = _render(env, text_rng, plan, ticket_id, cited.get(ticket_id), agents)
        tickets.append(ticket)
        messages.extend(thread_rows)
    ctx.insert_many("support_tickets", tickets)
    ctx.insert_many("ticket_messages", messages)


def _render(
    env: FillEnv,
    rng: random.Random,
    plan: Plan,
    ticket_id: str,
    cited: tuple[str, str | None] | None,
    agents: list[str],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    scenario, facts, policy = plan.scenario, env.facts, env.policy
    priority = _priority(plan, policy)
    channel = rng.choices(
        [c for c, _ in scenario.channels], weights=[w for _, w in scenario.channels]
    )[0]
    tier = plan.customer.tier if plan.customer else "Standard"
    sla = facts.slas[(tier, priority)]
    if scenario.escalate and plan.group in ("escalated", "done"):
        escalation = policy.escalation
        team = {
            "billing": escalation.billing_team,
            "fraud": escalation.fraud_team,
            "legal_press": escalation.legal_press_team,
        }[scenario.escalate]
    else:
        team = "support" if plan.group == "new" else scenario.team
    fields = build_fields(
        env,
        ticket_id=ticket_id,
        created=plan.created,
        scenario=scenario,
        subject=Subject(plan.customer, plan.case, plan.item, plan.product),
        agent=rng.choice(agents),
        team=team,
        sla_first=sla.first_response_hours,
    )
    fields.update(plan.extra)
    thread = build_thread(
        rng,
        ThreadSpec(
            scenario=scenario,
            group=plan.group,
            created=plan.created,
            now=env.now,
            first_response_hours=sla.first_response_hours,
            channel=channel,
            fields=fields,
            has_order=plan.case is not None,
            identified=plan.customer is not None,
            cited=cited[0] if cited else None,
            reply_at=plan.case.reply_at if plan.case else None,
        ),
    )
    subject_fields = {**fields, "order": cited[0]} if cited else fields
    order_id = plan.case.order.id if plan.case else None
    if cited:
        order_id = cited[1]
    created = plan.created.replace(microsecond=0)
    ticket = {
        "id": ticket_id,
        "customer_id": plan.customer.id if plan.customer else None,
        "order_id": order_id,
        "subject": rng.choice(scenario.subjects).format_map(subject_fields),
        "channel": channel,
        "status": thread.status,
        "priority": priority,
        "category": scenario.category,
        "assigned_team": team,
        "sla_id": sla.id,
        "created_at": iso_ts(created),
        "updated_at": iso_ts(thread.messages[-1].at),
        "first_response_due": iso_ts(created + dt.timedelta(hours=sla.first_response_hours)),
        "resolution_due": iso_ts(created + dt.timedelta(hours=sla.resolution_hours)),
        "first_response_at": iso_ts(thread.first_response_at) if thread.first_response_at else None,
        "resolved_at": iso_ts(thread.resolved_at) if thread.resolved_at else None,
        "resolution": thread.resolution,
    }
    rows = [
        {
            "ticket_id": ticket_id,
            "author": m.author,
            "internal": int(m.internal),
            "body": m.body,
            "created_at": iso_ts(max(m.at, created)),
        }
        for m in thread.messages
    ]
    return ticket, rows


def _priority(plan: Plan, policy: Policy) -> Priority:
    """The scenario's priority; a parcel still missing more than the late-delivery grace after
    its promised date is high, as the SLA policy says."""
    ship = plan.case.order.shipment if plan.case else None
    if plan.scenario.need == "late_transit" and ship is not None and ship.promised is not None:
        late = is_late(policy.shipping, ship.promised, plan.created.date())
        return "high" if late else "normal"
    return plan.scenario.priority


def _plant_wrong_order_numbers(
    ctx: GenContext, rng: random.Random, facts: Facts, plans: list[Plan], ids: list[str]
) -> dict[str, tuple[str, str | None]]:
    """Pick the planted share of order-citing tickets and give each a wrong order number.
    Returns ticket id -> (number the customer cites, order id the system linked or None)."""
    citing = [i for i, p in enumerate(plans) if p.case is not None]
    count = round(ctx.definition.mess.ticket_wrong_order_number * len(citing))
    planted: dict[str, tuple[str, str | None]] = {}
    for index in sorted(rng.sample(citing, count)):
        case = plans[index].case
        assert case is not None
        actual = case.order.id
        variant = rng.choices(("transposed", "other_customer", "nonexistent"), weights=(5, 3, 2))[0]
        number = _wrong_number(rng, facts, actual, variant)
        if number is None:
            variant, number = "nonexistent", _nonexistent(rng, facts, actual)
        owner = facts.orders[number].customer_id if number in facts.orders else None
        # The system links the cited number when it exists (to the wrong customer's order).
        linked = number if owner is not None and rng.random() < 0.5 else None
        planted[ids[index]] = (number, linked)
        ctx.plant(
            "ticket_wrong_order_number",
            "support_tickets",
            ids[index],
            cited=number,
            actual=actual,
            variant=variant,
            linked_order_id=linked,
            cited_order_customer_id=owner,
        )
    return planted


def _digit_run(order_id: str) -> re.Match[str] | None:
    runs = list(_DIGITS.finditer(order_id))
    return runs[-1] if runs else None


def _wrong_number(rng: random.Random, facts: Facts, actual: str, variant: str) -> str | None:
    run = _digit_run(actual)
    if run is None:
        return None
    owner = facts.orders[actual].customer_id
    digits = run.group()
    if variant == "transposed":
        spots = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
        rng.shuffle(spots)
        for i in spots:
            swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
            number = actual[: run.start()] + swapped + actual[run.end() :]
            if number not in facts.orders or facts.orders[number].customer_id != owner:
                return number
        return None
    if variant == "other_customer":
        # A near-miss of the real number (one digit off) that is somebody else's order.
        near = [
            actual[: run.start()] + digits[:i] + d + digits[i + 1 :] + actual[run.end() :]
            for i in range(len(digits))
            for d in "0123456789"
            if d != digits[i]
        ]
        others = [n for n in near if n in facts.orders and facts.orders[n].customer_id != owner]
        return rng.choice(others) if others else None
    return _nonexistent(rng, facts, actual)


def _nonexistent(rng: random.Random, facts: Facts, actual: str) -> str:
    """A number no order has: the real one with a digit dropped, or a misremembered one."""
    run = _digit_run(actual)
    prefix, digits, suffix = (
        (actual[: run.start()], run.group(), actual[run.end() :])
        if run
        else (actual + "-", "10", "")
    )
    dropped = prefix + digits[:-1] + suffix
    if rng.random() < 0.5 and len(digits) > 1 and dropped not in facts.orders:
        return dropped
    while True:
        number = prefix + str(rng.randrange(10 ** (len(digits) - 1), 10 ** len(digits))) + suffix
        if number not in facts.orders:
            return number
