"""Families where the customer's message disagrees with the records: a return asked for on the
strength of a delivery date later than the carrier's delivery scan. The scan decides; the
window and its end come from the tier's policy days."""

from __future__ import annotations

import datetime as dt
import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, conflict, not_called
from corecraft_mcp.tasks.families.common import clean_delivered_lines, lookup_calls, order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso, spoken_date
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.world.money import dollars
from corecraft_mcp.world.rules import restocking_fee_cents


def _just_closed(records: Records) -> list[Row]:
    """Lines whose window closed in the last three weeks by the delivery scan: a customer who
    remembers a later delivery date would still be inside it."""
    found = []
    for line in clean_delivered_lines(records):
        delivery = records.delivery(str(line["order_id"]))
        if delivery is None or delivery.assumed:
            continue
        tier = str(records.customer(str(line["customer_id"]))["tier"])
        deadline = delivery.on + dt.timedelta(days=records.window_days(tier))
        if 1 <= (records.today - deadline).days <= 21:
            found.append(line)
    return found


def build_claimed_date(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    oid = str(order["id"])
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    delivery = records.delivery(oid)
    assert delivery is not None
    tier = str(customer["tier"])
    window = records.window_days(tier)
    deadline = delivery.on + dt.timedelta(days=window)
    late = (records.today - deadline).days
    claimed = delivery.on + dt.timedelta(days=late + rng.randint(2, 6))
    claimed_end = claimed + dt.timedelta(days=window)
    shipment = delivery.shipment_ids[-1]
    calls = lookup_calls(customer, oid, shipping=True)
    paragraphs = [
        f"I checked the carrier's tracking for order {oid}: the parcel was scanned as delivered on {iso(delivery.on)}, not {spoken_date(claimed)}.",
        f"Your {tier} return window is {window} days from delivery, so it closed on {iso(deadline)}, and I can't accept a return of the {product['name']} now.",
        "If it has developed a fault, a warranty claim is the route, and I'm happy to check its coverage for you.",
    ]
    criteria = [
        claim(
            "scan-date",
            "correctness",
            f"Gives the delivery date from the carrier's scan, {iso(delivery.on)}",
            [iso(delivery.on), spoken_date(delivery.on)],
            [f"delivered on {iso(claimed)}", f"delivered on {spoken_date(claimed)}"],
        ),
        claim(
            "window-closed",
            "correctness",
            f"Says the return window closed on {iso(deadline)}",
            [f"closed on {iso(deadline)}", f"ended on {iso(deadline)}"],
            [
                iso(claimed_end),
                "still within your return window",
                "still inside the window",
                "I've opened a return",
            ],
        ),
        not_called(
            "no-rma",
            "Opens no return: the window by the carrier's scan has closed",
            "process_return",
        ),
    ]
    fee = restocking_fee_cents(
        records.tier(tier), int(line["unit_price_cents"]), opened=True, defective=False, doa=False
    )
    misses = [
        Miss(
            "takes the customer's date and opens the return",
            [
                *calls,
                call(
                    "process_return",
                    order_id=oid,
                    order_item_id=line["line_id"],
                    kind="refund",
                    reason="changed mind",
                    opened=True,
                    restocking_fee_usd=dollars(fee),
                ),
            ],
            [
                f"Since it arrived on {spoken_date(claimed)}, you're still within your return window (it runs to {iso(claimed_end)}), so I've opened a return."
            ],
            ["scan-date", "window-closed", "no-rma"],
        ),
        Miss(
            "counts the window from the customer's date",
            calls,
            [
                f"Counting {window} days from {iso(claimed)}, your window runs to {iso(claimed_end)}; reply to confirm and I'll start the return."
            ],
            ["scan-date", "window-closed"],
        ),
    ]
    fields = order_fields(records, order, product, rng) | {
        "claimed": spoken_date(claimed),
        "days": window,
    }
    bodies = {
        "plain": [
            "I'd like to return {thing} from order {order}. It arrived on {claimed}, so I'm still inside the return window. How do I send it back?",
            "{thing} from order {order} was delivered {claimed} and I've decided not to keep it. Please start a return.",
        ],
        "vague": [
            "want to return {thing}, it came {claimed} so should be fine for the window right? phone ends {last4}"
        ],
        "angry": [
            "Don't tell me I'm too late: order {order} arrived on {claimed}, I counted the days. I want to return {thing}. Start it."
        ],
        "non_native": [
            "Hello, I receive {thing} (order {order}) on {claimed}, so I think I can still return. Please what I must do?"
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="claimed-delivery-date",
            customer=customer,
            subject=f"Return {oid}",
            bodies=bodies,
            fields=fields,
            policies=["returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[oid, str(customer["id"]), str(product["id"]), shipment],
            reconcile=[
                conflict(
                    [oid, shipment],
                    f"the customer says the order arrived {iso(claimed)}; the carrier's "
                    f"delivery scan on {shipment} says {iso(delivery.on)}",
                )
            ],
        ),
    )


CLAIMED_DATE = Family(
    "claimed-delivery-date",
    "problem_solving",
    ("tempting_forbidden", "computed_verdict"),
    _just_closed,
    build_claimed_date,
    ("returns", "shipping"),
)
