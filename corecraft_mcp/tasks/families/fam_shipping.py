"""Shipping families: the late-delivery remedy worked out from the record, the delivery record
that contradicts itself (escalated to logistics), and the arrival estimate."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import (
    Draft,
    Family,
    call,
    claim,
    conflict,
    exception,
    mentions,
    state,
    unchanged,
)
from corecraft_mcp.tasks.families.common import distinct, order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso, money
from corecraft_mcp.tasks.families.records import Records, Row, day
from corecraft_mcp.world.definition import ShippingService
from corecraft_mcp.world.money import cents
from corecraft_mcp.world.rules import (
    add_business_days,
    is_late,
)

_SERVICES: tuple[ShippingService, ...] = ("standard", "expedited", "overnight")


def _single_parcels(records: Records, status: str) -> list[Row]:
    rows = records.rows(
        "SELECT s.*, o.customer_id, o.shipping_cents FROM shipping_records s"
        " JOIN orders o ON o.id = s.order_id WHERE s.status = ? AND s.promised_date IS NOT NULL"
        " AND (SELECT count(*) FROM shipping_records x WHERE x.order_id = s.order_id) = 1"
        " ORDER BY s.id",
        (status,),
    )
    return [
        r
        for r in rows
        if r["order_id"] not in records.messy_orders
        and r["customer_id"] not in records.messy_customers
    ]


def _late_candidates(records: Records) -> list[Row]:
    rows = [r for r in _single_parcels(records, "delivered") if r["delivered_at"] is not None]
    # Close calls are the interesting ones: delivered after the promised date.
    return [r for r in rows if day(r["delivered_at"]) > day(r["promised_date"])]


def build_late(records: Records, parcel: Row, rng: random.Random) -> Draft:
    policy = records.policy.shipping
    order = records.order(str(parcel["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    promised = day(str(parcel["promised_date"]))
    delivered = day(str(parcel["delivered_at"]))
    late = is_late(policy, promised, delivered)
    grace = policy.late_delivery_business_days
    last_ok = add_business_days(promised, grace)
    credit = money(cents(policy.late_delivery_credit))
    fee = int(order["shipping_cents"])
    facts = (
        f"The record shows it was promised for {iso(promised)} and delivered on "
        f"{iso(delivered)}. Our policy compensates a parcel delivered more than {grace} "
        f"business days after the promised date, that is after {iso(last_ok)}."
    )
    if late:
        options = (
            f"you can choose {credit} in store credit or a refund of the {money(fee)} shipping fee"
            if fee
            else f"shipping on this order was free, so the remedy is {credit} in store credit"
        )
        paragraphs = [
            facts,
            f"So your order qualifies for compensation: {options}. Tell me which you prefer.",
        ]
        right = ["qualifies for compensation", "does qualify"]
        wrong = ["does not qualify", "not late enough"]
        wrong_paragraph = "Your parcel was not late enough to qualify for compensation, I'm afraid."
    else:
        paragraphs = [
            facts,
            "So although it arrived after the promised date, it does not qualify for "
            "late-delivery compensation.",
        ]
        right = ["does not qualify", "not late enough"]
        wrong = [
            "qualifies for compensation",
            f"{credit} in store credit",
            "refund of the shipping",
        ]
        wrong_paragraph = (
            f"It arrived late, so it qualifies for compensation: {credit} in store credit."
        )
    criteria = [
        claim(
            "verdict",
            "correctness",
            f"Concludes the delivery {'qualifies' if late else 'does not qualify'} for the late-delivery remedy ({grace} business days of grace after {iso(promised)})",
            right,
            wrong,
        ),
        mentions(
            "cites-dates",
            "completeness",
            "States the promised and the delivered date from the shipping record",
            [[iso(promised)], [iso(delivered)]],
        ),
        unchanged(
            "nothing-granted",
            "Grants nothing yet (the customer has not chosen a remedy, or none is due)",
            [f"customers:{customer['id']}", f"orders:{order['id']}", "order_returns"],
        ),
    ]
    if late:
        remedy_right = [f"{credit} in store credit"] if not fee else [f"{money(fee)} shipping fee"]
        remedy_wrong = (
            [f"refund of the {money(0)} shipping"]
            if not fee
            else [f"{money(fee * 2)} shipping fee"]
        )
        criteria.append(
            claim(
                "remedy",
                "correctness",
                "Offers the remedy the policy allows for this order (store credit, or the shipping fee when one was paid)",
                remedy_right,
                remedy_wrong,
            )
        )
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_shipping_status", order_id=order["id"]),
    ]
    misses = [
        Miss(
            "reaches the opposite verdict",
            calls,
            [wrong_paragraph],
            ["verdict", "cites-dates"] + (["remedy"] if late else []),
        ),
    ]
    product = records.product(str(records.lines(str(order["id"]))[0]["product_id"]))
    fields = order_fields(records, order, product, rng) | {
        "promised": f"{promised:%B} {promised.day}"
    }
    bodies = {
        "plain": [
            "My order {order} was supposed to arrive by {promised} and it came late. What "
            "compensation do I get for that?",
            "Order {order} turned up after the date you promised ({promised}). Is there anything "
            "you do for late deliveries?",
        ],
        "vague": [
            "my stuff came late ({thing}, ordered {when}). do i get anything for that? last 4 of my phone {last4}"
        ],
        "angry": [
            "You promised {promised} for order {order}. It showed up LATE. I want compensation, "
            "and I don't want excuses.",
            "Order {order}. Late. Again. What are you going to do about it?",
        ],
        "non_native": [
            "My order {order} was arrive late, the promise was {promised}. Please tell me if I get some compensation."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="late-delivery",
            customer=customer,
            subject=f"Late delivery {order['id']}",
            bodies=bodies,
            fields=fields,
            policies=["late-delivery", "shipping"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(parcel["id"])],
            exceptions=[
                exception("late-delivery", "shipping was free, so the only remedy is store credit")
            ]
            if late and not fee
            else [],
        ),
    )


LATE_DELIVERY = Family(
    "late-delivery",
    "problem_solving",
    ("computed_verdict",),
    _late_candidates,
    build_late,
    ("shipping", "orders"),
)


def _conflicts(records: Records) -> list[Row]:
    found = []
    for m in records.mess.get("shipping_date_conflict", []):
        detail = m["detail"]
        if "recorded_delivered_at" not in detail:
            continue
        order = records.order(str(detail["order_id"]))
        if order["customer_id"] in records.messy_customers:
            continue
        found.append({"shipment": m["entity_id"], **detail})
    return found


def build_conflict(records: Records, entry: Row, rng: random.Random) -> Draft:
    order = records.order(str(entry["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    parcel = records.row("SELECT * FROM shipping_records WHERE id = ?", (entry["shipment"],))
    ticket = records.next_id("support_tickets", "TKT", 5)
    tracking = str(parcel["tracking_number"])
    shipped, recorded = day(str(parcel["shipped_at"])), day(str(parcel["delivered_at"]))
    note = (
        f"Delivery claim on {order['id']}, {parcel['carrier']} {tracking} ({parcel['id']}): the record "
        f"says delivered {iso(recorded)} but shipped {iso(shipped)}. Please confirm the real "
        "delivery date with the carrier before any compensation is decided."
    )
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_shipping_status", order_id=order["id"]),
        call(
            "create_ticket",
            subject=f"Delivery date conflict {order['id']}",
            message="Customer says the delivery was late; record dates contradict each other.",
            channel="email",
            category="shipping",
            customer_id=customer["id"],
            order_id=order["id"],
        ),
        call(
            "update_ticket_status",
            ticket_id=ticket,
            status="escalated",
            assigned_team="logistics",
            internal_note=note,
        ),
    ]
    paragraphs = [
        f"Our record for {order['id']} does not add up: it shows the parcel delivered on "
        f"{iso(recorded)}, before it shipped on {iso(shipped)}. I can't decide your claim on "
        "dates that contradict each other.",
        f"I've asked our logistics team to confirm the real delivery date with {parcel['carrier']} "
        f"(ticket {ticket}); we'll come back to you as soon as they have.",
    ]
    escalated = f"SELECT count(*) FROM support_tickets WHERE order_id = '{order['id']}' AND status = 'escalated' AND assigned_team = 'logistics'"
    criteria = [
        state(
            "escalated-to-logistics",
            "correctness",
            f"Escalates a ticket on {order['id']} to logistics to confirm the date with the carrier",
            escalated,
            gte=1,
        ),
        state(
            "names-parcel",
            "completeness",
            "The logistics ticket's internal note names the parcel (tracking number or shipment id)",
            f"SELECT count(*) FROM ticket_messages m JOIN support_tickets t ON t.id = m.ticket_id WHERE t.order_id = '{order['id']}' AND t.assigned_team = 'logistics' AND m.internal = 1 AND (m.body LIKE '%{tracking}%' OR m.body LIKE '%{parcel['id']}%')",
            gte=1,
        ),
        claim(
            "tells-logistics",
            "completeness",
            "Tells the customer logistics is confirming the date before the claim is decided",
            ["logistics team", "asked logistics", "with logistics"],
            [
                "qualifies for compensation",
                "was not late",
                "does not qualify",
                "store credit to your account",
            ],
        ),
        unchanged(
            "nothing-granted",
            "Grants nothing before logistics confirms",
            [f"customers:{customer['id']}", f"orders:{order['id']}", "order_returns"],
        ),
    ]
    misses = [
        Miss(
            "trusts the recorded date and declines",
            calls[:2],
            [
                f"Your parcel was delivered on {iso(recorded)}, so it was not late and does not qualify for compensation."
            ],
            ["escalated-to-logistics", "names-parcel", "tells-logistics"],
        ),
        Miss(
            "escalates to billing instead",
            [
                *calls[:3],
                call(
                    "update_ticket_status",
                    ticket_id=ticket,
                    status="escalated",
                    assigned_team="billing",
                    internal_note=note,
                ),
            ],
            [
                f"I've passed this to billing; your parcel qualifies for compensation (ticket {ticket})."
            ],
            ["escalated-to-logistics", "names-parcel", "tells-logistics"],
        ),
    ]
    product = records.product(str(records.lines(str(order["id"]))[0]["product_id"]))
    fields = order_fields(records, order, product, rng)
    bodies = {
        "plain": [
            "Order {order} arrived well after I was told it would. I'd like the late-delivery compensation, please.",
            "I think order {order} was late - your tracking looked odd too. Can you check and compensate me?",
        ],
        "vague": [
            "{thing} i ordered {when} came super late. what do i get for that? phone ends {last4}"
        ],
        "angry": [
            "Order {order} was LATE and your tracking page makes no sense. Sort out my compensation now."
        ],
        "non_native": [
            "My order {order} came too late, I think. Tracking is strange. Please I want the compensation for late delivery."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="delivery-conflict",
            customer=customer,
            subject=f"Late order {order['id']}",
            bodies=bodies,
            fields=fields,
            policies=["late-delivery", "escalation"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(parcel["id"])],
            reconcile=[
                conflict(
                    [str(order["id"]), str(parcel["id"])],
                    "the shipment's recorded delivery is before its ship date",
                )
            ],
        ),
    )


DELIVERY_CONFLICT = Family(
    "delivery-conflict",
    "workflow",
    ("planted_mess", "multi_step", "tempting_forbidden"),
    _conflicts,
    build_conflict,
    ("shipping", "tickets"),
)


def _in_transit(records: Records) -> list[Row]:
    return _single_parcels(records, "in_transit")


def build_eta(records: Records, parcel: Row, rng: random.Random) -> Draft:
    order = records.order(str(parcel["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    promised = day(str(parcel["promised_date"]))
    shipped = day(str(parcel["shipped_at"])) if parcel["shipped_at"] else None
    placed = day(str(order["placed_at"]))
    tracking = str(parcel["tracking_number"])
    paragraphs = [
        f"Your order {order['id']} is on its way with {parcel['carrier']} (tracking number "
        f"{tracking}). It should arrive by {iso(promised)}, the date the carrier promised.",
    ]
    wrongs = distinct([f"arrive by {iso(d)}" for d in (placed, shipped) if d], avoid=paragraphs[0])
    criteria = [
        claim(
            "arrives-by",
            "correctness",
            f"Says the parcel should arrive by {iso(promised)}",
            [
                f"arrive by {iso(promised)}",
                f"arrives by {iso(promised)}",
                f"expected by {iso(promised)}",
                f"due by {iso(promised)}",
                f"expected on {iso(promised)}",
            ],
            wrongs or ["has already been delivered"],
        ),
        claim(
            "in-transit",
            "correctness",
            "Says the parcel is on its way (not delivered, not lost)",
            ["on its way", "in transit", "on the way"],
            ["has been delivered", "was delivered", "has been lost"],
        ),
        mentions(
            "tracking",
            "completeness",
            "Gives the carrier and the tracking number",
            [[tracking], [str(parcel["carrier"])]],
        ),
        unchanged("no-changes", "Changes nothing", [f"orders:{order['id']}", "support_tickets"]),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_shipping_status", order_id=order["id"]),
    ]
    wrong_day = (shipped or placed) if rng.random() < 0.5 else placed
    misses = [
        Miss(
            "gives the wrong date",
            calls,
            [
                f"Your order is on its way with {parcel['carrier']} ({tracking}) and should arrive by {iso(wrong_day)}."
            ],
            ["arrives-by"],
        ),
        Miss(
            "says it was delivered",
            calls,
            [
                f"Tracking {tracking} with {parcel['carrier']} shows your order was delivered; it should arrive by {iso(promised)} at the latest."
            ],
            ["in-transit"],
        ),
    ]
    product = records.product(str(records.lines(str(order["id"]))[0]["product_id"]))
    fields = order_fields(records, order, product, rng)
    bodies = {
        "plain": [
            "Where is order {order}? I'd like to know when it will get here.",
            "Could you tell me when {thing} from order {order} will arrive?",
        ],
        "vague": ["hi where's {thing}?? ordered it {when}. phone ends {last4}"],
        "angry": [
            "I have been waiting for order {order} for days. WHERE is it and when will it actually arrive?"
        ],
        "non_native": [
            "Please, I want to know when arrive my order {order}. I am waiting for {thing}."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="order-eta",
            customer=customer,
            subject=f"Where is {order['id']}?",
            bodies=bodies,
            fields=fields,
            policies=["shipping"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(parcel["id"])],
        ),
    )


ORDER_ETA = Family(
    "order-eta",
    "information_retrieval",
    ("computed_verdict",),
    _in_transit,
    build_eta,
    ("shipping", "orders"),
)
