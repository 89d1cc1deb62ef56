"""Return families: the window (with the no-delivery-scan rule), the restocking fee quote, and
the final-sale refusal."""

from __future__ import annotations

import datetime as dt
import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, not_called, unchanged
from corecraft_mcp.tasks.families.common import (
    clean_delivered_lines,
    distinct,
    lookup_calls,
    order_fields,
)
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso, money
from corecraft_mcp.tasks.families.records import Records, Row, day
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.rules import restocking_fee_cents

_RMA_TEXT = "Opens no return (no RMA): the customer only asked whether and until when"
_RMA_ARGS = {"kind": "refund", "reason": "changed mind", "opened": True}


def _window_lines(records: Records) -> list[Row]:
    lines = clean_delivered_lines(records)
    lines += [  # the planted no-scan orders: the window counts from ship date + N days
        r
        for r in _all_delivered(records)
        if r["order_id"] in records.missing_scan_orders and not r["final_sale"]
    ]
    return [r for r in lines if records.delivery(str(r["order_id"])) is not None]


def _all_delivered(records: Records) -> list[Row]:
    return records.rows(
        "SELECT i.id AS line_id, i.order_id, i.product_id, i.quantity, i.unit_price_cents,"
        " i.final_sale, o.customer_id FROM order_items i JOIN orders o ON o.id = i.order_id"
        " JOIN products p ON p.id = i.product_id WHERE o.status = 'delivered'"
        " AND i.build_id IS NULL AND p.category <> 'service'"
        " AND NOT EXISTS (SELECT 1 FROM order_returns r WHERE r.order_id = o.id)"
    )


def build_window(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    delivery = records.delivery(str(order["id"]))
    assert delivery is not None
    tier = str(customer["tier"])
    window = records.window_days(tier)
    deadline = delivery.on + dt.timedelta(days=window)
    open_now = records.today <= deadline
    others = [
        iso(delivery.on + dt.timedelta(days=records.window_days(t))) for t in TIER_ORDER if t != tier
    ]
    from_order = iso(day(str(order["placed_at"])) + dt.timedelta(days=window))
    from_ship = iso(delivery.shipped + dt.timedelta(days=window))
    how = (
        f"Our carrier has no delivery scan for this parcel, so we count your return window from "
        f"{records.policy.returns.no_delivery_record_ship_plus_days} days after it shipped, "
        f"which is {iso(delivery.on)}."
        if delivery.assumed
        else f"It was delivered on {iso(delivery.on)}."
    )
    name = product["name"]
    if open_now:
        verdict = f"You can still return the {name}: the last day is {iso(deadline)}."
        wrong_verdict = f"I'm afraid the return window has closed for the {name}."
    else:
        verdict = (
            f"The return window closed on {iso(deadline)}, so we can no longer accept the "
            f"{name} as a return. If it develops a fault, its warranty still covers it."
        )
        wrong_verdict = f"Good news: you can still return the {name}."
    basis = f"As a {tier} member you have a {window}-day return window from delivery."
    paragraphs = [f"{how} {basis}", verdict]
    wrong_dates = distinct([from_ship, from_order, *others], avoid=" ".join(paragraphs))
    right_verdict = (
        ["can still return", "still within the return window", "still within your return window"]
        if open_now
        else ["window closed", "window has closed", "can no longer accept", "too late to return"]
    )
    wrong_phrases = (
        ["window has closed", "window closed", "too late to return", "can no longer"]
        if open_now
        else ["can still return", "still within the return window", "still within your"]
    )
    criteria = [
        claim(
            "verdict",
            "correctness",
            f"Tells the customer the return window is {'still open' if open_now else 'closed'}",
            right_verdict,
            wrong_phrases,
        ),
        claim(
            "deadline",
            "correctness",
            f"Gives {iso(deadline)} as the last day (delivery {iso(delivery.on)}"
            f"{' assumed from the ship date' if delivery.assumed else ''} + {window} days)",
            [iso(deadline)],
            wrong_dates or [iso(deadline + dt.timedelta(days=1))],
        ),
        not_called("no-rma", _RMA_TEXT, "process_return"),
        unchanged("no-writes", "Changes nothing in the order or its returns", ["order_returns", f"orders:{order['id']}"]),
    ]
    wrong_date = (wrong_dates or [iso(deadline + dt.timedelta(days=1))])[0]
    wrong_open = records.today <= dt.date.fromisoformat(wrong_date)
    miss_text = (
        f"You can still return the {name} until {wrong_date}."
        if wrong_open
        else f"The return window closed on {wrong_date}, so it is too late to return the {name}."
    )
    calls = lookup_calls(customer, str(order["id"]), shipping=True)
    misses = [
        Miss(
            "counts the window from the wrong date",
            calls,
            [basis, miss_text],
            ["deadline"] + ([] if wrong_open == open_now else ["verdict"]),
        ),
        Miss("states the opposite verdict", calls, [how, wrong_verdict], ["verdict", "deadline"]),
        Miss(
            "opens a return nobody asked for",
            [
                *calls,
                call("process_return", order_id=order["id"], order_item_id=line["line_id"], **_RMA_ARGS),
            ],
            paragraphs,
            ["no-rma"],
        ),
    ]
    fields = order_fields(records, order, product, rng)
    bodies = {
        "plain": [
            "I bought {thing} on order {order} and I'm having second thoughts. Can I still send "
            "it back, and what's the last day I can do that?",
            "Quick question about order {order}: is {thing} still returnable? I haven't decided "
            "yet, I just want to know my deadline.",
            "Before I decide anything - until when can I return {thing} from order {order}?",
        ],
        "vague": [
            "i got {thing} from you {when}, not sure i still want it. can i still return it?? "
            "phone on the account ends {last4}",
            "Is it too late to send back {thing}? Ordered it {when}. My number ends in {last4}.",
        ],
        "angry": [
            "Your site is useless for this. I want to know, today, whether I can still return "
            "{thing} from order {order} and by WHEN. Don't send me a form link.",
            "Third time asking. Order {order}, {thing}. Can it go back or not, and what's the "
            "deadline? Just a straight answer.",
        ],
        "non_native": [
            "I have order {order} with {thing}. Please tell me if is still possible to return "
            "it and which is the last day for this.",
            "Excuse me, I want know the return deadline for {thing} in my order {order}. I not "
            "decided yet if I return.",
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="return-window",
            customer=customer,
            subject=f"Return question - {order['id']}",
            bodies=bodies,
            fields=fields,
            difficulty="hard" if delivery.assumed else "medium",
            policies=["returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(product["id"])],
            conflicting=delivery.assumed,
        ),
    )


RETURN_WINDOW = Family(
    name="return-window",
    category="problem_solving",
    patterns=("computed_verdict", "planted_mess", "tempting_forbidden"),
    find=_window_lines,
    build=build_window,
    areas=("returns", "orders", "shipping", "customers"),
)
