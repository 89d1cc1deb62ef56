"""Warranty families: coverage and who handles a claim for new items, and CoreCraft's own short
warranty on open-box and refurbished units (not the maker's)."""

from __future__ import annotations

import calendar
import datetime as dt
import random

from corecraft_mcp.tasks.families.base import (
    Draft,
    Family,
    call,
    claim,
    exception,
    mentions,
    not_called,
    unchanged,
)
from corecraft_mcp.tasks.families.common import distinct, order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso
from corecraft_mcp.tasks.families.records import Records, Row, day


def add_months(start: dt.date, months: int) -> dt.date:
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    return dt.date(year, month0 + 1, min(start.day, calendar.monthrange(year, month0 + 1)[1]))


def _lines(records: Records, condition: str) -> list[Row]:
    rows = records.rows(
        "SELECT i.id AS line_id, i.order_id, i.product_id, i.condition, o.customer_id, o.placed_at,"
        " p.category, p.premium_line FROM order_items i JOIN orders o ON o.id = i.order_id"
        " JOIN products p ON p.id = i.product_id WHERE o.status IN ('delivered', 'shipped')"
        " AND i.condition = ? AND p.category <> 'service' AND i.build_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM order_items s JOIN products q ON q.id = s.product_id"
        "   WHERE s.order_id = o.id AND q.category = 'service')"
        " AND NOT EXISTS (SELECT 1 FROM order_returns r WHERE r.order_id = o.id) ORDER BY i.id",
        (condition,),
    )
    return [
        r
        for r in rows
        if r["order_id"] not in records.messy_orders
        and r["customer_id"] not in records.messy_customers
    ]


def _new_months(records: Records, category: str, premium: bool) -> int:
    row = records.row(
        "SELECT duration_months FROM warranty_policies WHERE condition = 'new' AND category = ?"
        " ORDER BY premium_only = ? DESC, premium_only, id LIMIT 1",
        (category, int(premium)),
    )
    return int(row["duration_months"])


# A faulty unit carries no restocking fee: the fee is the agent's decision, passed explicitly.
_RMA = {"kind": "refund", "reason": "stopped working", "opened": True, "restocking_fee_usd": 0.0}


def _build(records: Records, line: Row, rng: random.Random, family: str) -> Draft:
    order = records.order(str(line["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    purchase = day(str(order["placed_at"]))
    terms = records.policy.warranty
    condition = str(line["condition"])
    maker_months = _new_months(records, str(product["category"]), bool(product["premium_line"]))
    if condition == "refurbished":
        end = purchase + dt.timedelta(days=terms.refurbished_days)
        length = f"{terms.refurbished_days}-day CoreCraft warranty for refurbished items"
        provider = "corecraft"
    elif condition == "open_box":
        end = add_months(purchase, terms.open_box_months)
        length = f"{terms.open_box_months}-month CoreCraft warranty for open-box items"
        provider = "corecraft"
    else:
        end = add_months(purchase, maker_months)
        length = f"{maker_months}-month manufacturer's warranty"
        provider = "manufacturer"
    handles_until = add_months(purchase, terms.corecraft_handles_claims_months)
    today = records.today
    delivery = records.delivery(str(order["id"]))
    from_delivery = (
        add_months(delivery.on, maker_months) if delivery and condition == "new" else None
    )
    wrong_ends = [iso(add_months(purchase, maker_months))] if condition != "new" else []
    wrong_ends += [
        iso(d)
        for d in (
            from_delivery,
            add_months(purchase, 12),
            add_months(purchase, 24),
            add_months(purchase, 36),
        )
        if d
    ]
    covered = today <= end
    if not covered:
        who = "none"
        verdict = f"Its warranty ended on {iso(end)}, so it is no longer covered; the manufacturer may offer a paid repair."
        right = ["no longer covered", "warranty has ended", "out of warranty"]
        wrong = ["still covered", "still under warranty", "claim with the manufacturer"]
    elif provider == "corecraft" or today <= handles_until:
        who = "corecraft"
        verdict = f"It is still covered until {iso(end)}, and CoreCraft handles the claim itself: we can take it from here once we've gone through the basic troubleshooting."
        right = ["we handle the claim", "we can take it from here", "handle the claim ourselves"]
        wrong = [
            "no longer covered",
            "out of warranty",
            "claim with the manufacturer",
            "contact the manufacturer",
        ]
    else:
        who = "manufacturer"
        verdict = f"It is still covered until {iso(end)}, but after the first {terms.corecraft_handles_claims_months} months the claim goes to the manufacturer: please contact {product['brand']} with your order {order['id']} as proof of purchase."
        right = [
            "claim goes to the manufacturer",
            "contact the manufacturer",
            f"contact {product['brand']}",
            "claim with the manufacturer",
        ]
        wrong = [
            "no longer covered",
            "out of warranty",
            "we handle the claim",
            "CoreCraft handles the claim",
        ]
    paragraphs = [
        f"You bought the {product['name']} on {iso(purchase)}, and it carries a {length}, counted from the purchase date.",
        verdict,
    ]
    criteria = [
        claim(
            "coverage-end",
            "correctness",
            f"Gives {iso(end)} as the end of coverage ({length} from the purchase date {iso(purchase)})",
            [iso(end)],
            distinct(wrong_ends, avoid=" ".join(paragraphs)) or [iso(end + dt.timedelta(days=1))],
        ),
        claim(
            "who-handles",
            "correctness",
            {
                "none": "Says the item is no longer covered",
                "corecraft": "Says CoreCraft handles the claim",
                "manufacturer": "Sends the claim to the manufacturer",
            }[who],
            right,
            wrong,
        ),
        mentions(
            "purchase-date",
            "completeness",
            "Counts from the purchase (order) date, and says so",
            [[iso(purchase)]],
        ),
    ]
    if who != "corecraft":
        criteria.append(
            not_called(
                "no-rma",
                "Opens no CoreCraft RMA (the claim is not CoreCraft's to handle)",
                "process_return",
            )
        )
    else:
        criteria.append(
            unchanged("order-untouched", "Changes nothing on the order", [f"orders:{order['id']}"])
        )
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_order_details", order_id=order["id"]),
        call("get_warranty_policy", order_id=order["id"], order_item_id=line["line_id"]),
    ]
    wrong_end = distinct(wrong_ends, avoid=" ".join(paragraphs))
    bad_end = wrong_end[0] if wrong_end else iso(end + dt.timedelta(days=1))
    opposite = {
        "none": "It is still under warranty, so we handle the claim.",
        "corecraft": "I'm afraid it is out of warranty now.",
        "manufacturer": "We handle the claim ourselves, so no need to contact anyone else.",
    }[who]
    misses = [
        Miss(
            "counts the warranty wrongly",
            calls,
            [paragraphs[0], verdict.replace(iso(end), bad_end)],
            ["coverage-end"],
        ),
        Miss(
            "gets who handles it wrong",
            calls,
            [paragraphs[0], f"Coverage ends {iso(end)}. {opposite}"],
            ["who-handles"],
        ),
    ]
    if who != "corecraft":
        misses.append(
            Miss(
                "opens an RMA anyway",
                [
                    *calls,
                    call(
                        "process_return",
                        order_id=order["id"],
                        order_item_id=line["line_id"],
                        **_RMA,
                    ),
                ],
                paragraphs,
                ["no-rma"],
            )
        )
    fields = order_fields(records, order, product, rng) | {"cond": condition.replace("_", "-")}
    bodies = {
        "plain": [
            "{thing} from order {order} has started acting up. Is it still under warranty, and who do I deal with?",
            "I think {thing} (order {order}) is faulty. Am I still covered, and until when?",
        ],
        "vague": ["{thing} is dying. bought it {when}. warranty?? phone ends {last4}"],
        "angry": [
            "{thing} from order {order} is already broken. I want to know exactly what warranty I have and who is going to fix it."
        ],
        "non_native": [
            "My {thing} from order {order} is not working good now. Please say me if warranty is still ok and how long."
        ],
    }
    if condition != "new":
        bodies["plain"].append(
            "I bought {thing} {cond} on order {order}. It's failing now - what warranty did that come with?"
        )
    return assemble(
        records,
        rng,
        Spec(
            family=family,
            customer=customer,
            subject=f"Warranty question {order['id']}",
            bodies=bodies,
            fields=fields,
            policies=["warranty-claims"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(product["id"])],
            exceptions=[
                exception(
                    "warranty-claims",
                    "open-box and refurbished units carry CoreCraft's own warranty, not the maker's",
                )
            ]
            if condition != "new"
            else [],
        ),
    )


def build_new(records: Records, line: Row, rng: random.Random) -> Draft:
    return _build(records, line, rng, "warranty-coverage")


def build_used(records: Records, line: Row, rng: random.Random) -> Draft:
    return _build(records, line, rng, "openbox-refurb-warranty")


WARRANTY_COVERAGE = Family(
    "warranty-coverage",
    "problem_solving",
    ("computed_verdict", "tempting_forbidden"),
    lambda r: _lines(r, "new"),
    build_new,
    ("warranty", "orders"),
)
USED_WARRANTY = Family(
    "openbox-refurb-warranty",
    "problem_solving",
    ("policy_exception", "computed_verdict"),
    lambda r: _lines(r, "open_box") + _lines(r, "refurbished"),
    build_used,
    ("warranty", "orders"),
)
