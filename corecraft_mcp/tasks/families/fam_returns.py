"""Return families: the window (with the no-delivery-scan rule), the restocking fee quote, and
the final-sale refusal."""

from __future__ import annotations

import datetime as dt
import random

from corecraft_mcp.tasks.families.base import (
    Draft,
    Family,
    call,
    claim,
    conflict,
    exception,
    mentions,
    not_called,
)
from corecraft_mcp.tasks.families.common import (
    clean_delivered_lines,
    distinct,
    lookup_calls,
    order_fields,
)
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso, money
from corecraft_mcp.tasks.families.records import Records, Row, day
from corecraft_mcp.tasks.models import ToolCall
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.money import dollars
from corecraft_mcp.world.rules import restocking_fee_cents

_RMA_TEXT = "Opens no return (no RMA): the customer only asked whether and until when"
_RMA_ARGS = {"kind": "refund", "reason": "changed mind", "opened": True}


def _premature_return(records: Records, order: Row, line: Row) -> ToolCall:
    """The return a hasty agent opens: a refund of the opened, working item, with the fee the
    customer's tier charges (the agent's decision, passed to the tool)."""
    tier = records.tier(str(records.customer(str(order["customer_id"]))["tier"]))
    fee = restocking_fee_cents(
        tier, int(line["unit_price_cents"]), opened=True, defective=False, doa=False
    )
    return call(
        "process_return",
        order_id=order["id"],
        order_item_id=line["line_id"],
        restocking_fee_usd=dollars(fee),
        **_RMA_ARGS,
    )


def _window_lines(records: Records) -> list[Row]:
    lines = clean_delivered_lines(records)
    lines += [  # the planted no-scan orders: the window counts from ship date + N days
        r
        for r in _all_delivered(records)
        if r["order_id"] in records.missing_scan_orders
        and not r["final_sale"]
        and r["customer_id"] not in records.messy_customers
    ]
    return [r for r in lines if _near_deadline(records, r)]


def _near_deadline(records: Records, line: Row) -> bool:
    """Delivered, and the deadline within two months of today either way (the close calls), or
    counted from an assumed delivery date."""
    delivery = records.delivery(str(line["order_id"]))
    if delivery is None:
        return False
    tier = str(records.customer(str(line["customer_id"]))["tier"])
    deadline = delivery.on + dt.timedelta(days=records.window_days(tier))
    return delivery.assumed or abs((deadline - records.today).days) <= 60


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
        iso(delivery.on + dt.timedelta(days=records.window_days(t)))
        for t in TIER_ORDER
        if t != tier
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
        mentions(
            "delivery-date",
            "completeness",
            "States the delivery date the window counts from",
            [[iso(delivery.on)]],
        ),
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
            [how, basis, miss_text],
            ["deadline"] + ([] if wrong_open == open_now else ["verdict"]),
        ),
        Miss("states the opposite verdict", calls, [how, wrong_verdict], ["verdict", "deadline"]),
        Miss(
            "opens a return nobody asked for",
            [
                *calls,
                _premature_return(records, order, line),
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
            policies=["returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(product["id"])],
            reconcile=[
                conflict(
                    [str(order["id"]), delivery.shipment_ids[-1]],
                    "the order is delivered but its shipment has no delivery scan",
                )
            ]
            if delivery.assumed
            else [],
            exceptions=[
                exception(
                    "returns",
                    "no delivery scan: the window counts from ship date plus the policy's days",
                )
            ]
            if delivery.assumed
            else [],
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


def _in_window(records: Records, final_sale: bool) -> list[Row]:
    found = []
    for r in clean_delivered_lines(records, final_sale=final_sale):
        delivery = records.delivery(str(r["order_id"]))
        tier = str(records.customer(str(r["customer_id"]))["tier"])
        if delivery and records.today <= delivery.on + dt.timedelta(days=records.window_days(tier)):
            found.append(r)
    return found


def build_fee(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    price = int(line["unit_price_cents"])
    tier = str(customer["tier"])

    def fee_for(name: str) -> int:
        return restocking_fee_cents(
            records.tier(name), price, opened=True, defective=False, doa=False
        )

    fee = fee_for(tier)
    net = price - fee
    pct = records.tier(tier).restocking_fee_pct
    other_fees = sorted({fee_for(t) for t in TIER_ORDER if fee_for(t) != fee})
    if fee:
        fee_text = f"As a {tier} member, an opened item that works carries a {pct}% restocking fee of {money(fee)}"
        fee_right = [
            f"fee of {money(fee)}",
            f"{money(fee)} restocking fee",
            f"restocking fee is {money(fee)}",
        ]
        fee_wrong = ["no restocking fee", *(f"fee of {money(f)}" for f in other_fees if f)]
    else:
        fee_text = f"As a {tier} member you pay no restocking fee, even on an opened item"
        fee_right = ["no restocking fee", "fee is waived"]
        fee_wrong = [f"fee of {money(f)}" for f in other_fees if f] or ["restocking fee applies"]
    paragraphs = [
        f"You paid {money(price)} for the {product['name']}. {fee_text}, so your refund would be {money(net)}.",
        "If you'd like to go ahead, tell me whether you want the refund to your original payment method or store credit, and I'll set up the return.",
    ]
    net_wrong = [f"refund would be {money(price - f)}" for f in other_fees] + (
        [f"refund would be {money(price)}", f"full refund of {money(price)}"] if fee else []
    )
    criteria = [
        claim(
            "net-refund",
            "correctness",
            f"Says the refund would be {money(net)}",
            [f"refund would be {money(net)}", f"refund of {money(net)}", f"{money(net)} back"],
            net_wrong or ["refund would be $0.00"],
        ),
        claim(
            "fee",
            "correctness",
            f"States the {tier} fee ({pct}% of {money(price)})",
            fee_right,
            fee_wrong,
        ),
        not_called(
            "no-rma-yet",
            "Opens no return before the customer decides (the fee is quoted first)",
            "process_return",
        ),
    ]
    calls = lookup_calls(customer, str(order["id"]), shipping=True)
    wrong_fee = other_fees[0] if other_fees else fee + 100
    misses = [
        Miss(
            "uses another tier's fee",
            calls,
            [
                f"You paid {money(price)}. The restocking fee is {money(wrong_fee)}, so your refund would be {money(price - wrong_fee)}."
            ],
            ["net-refund", "fee"],
        ),
        Miss(
            "opens the return straight away",
            [
                *calls,
                _premature_return(records, order, line),
            ],
            paragraphs,
            ["no-rma-yet"],
        ),
    ]
    fields = order_fields(records, order, product, rng)
    bodies = {
        "plain": [
            "I opened {thing} from order {order} but it turns out I don't need it. It works fine. If I send it back, how much would I get?",
            "How much would I get back for {thing} (order {order})? Opened, works perfectly, just changed my mind.",
        ],
        "vague": [
            "if i return {thing} i opened, what do i get back? got it {when}. phone ends {last4}"
        ],
        "angry": [
            "I'm returning {thing} from order {order}. Opened, works, don't want it. And don't you dare hit me with some huge fee - what do I get back?"
        ],
        "non_native": [
            "I open the box of {thing} (order {order}) but I not need it. It is working. How much money I get back if I return?"
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="restocking-fee-quote",
            customer=customer,
            subject=f"Return cost {order['id']}",
            bodies=bodies,
            fields=fields,
            policies=["restocking-fees", "returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(product["id"])],
            exceptions=[exception("restocking-fees", f"{tier} members pay no restocking fee")]
            if not pct
            else [],
        ),
    )


RESTOCKING_FEE = Family(
    "restocking-fee-quote",
    "information_retrieval",
    ("computed_verdict", "tempting_forbidden"),
    lambda r: _in_window(r, False),
    build_fee,
    ("returns", "customers"),
)


def build_final_sale(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    paragraphs = [
        f"I checked order {order['id']}: the {product['name']} was bought as a final-sale clearance item, so it cannot be returned or exchanged, even within your return window.",
        "If it ever develops a fault, it is still covered by its warranty and we'll help you with a claim.",
    ]
    criteria = [
        claim(
            "refusal",
            "correctness",
            "Tells the customer the item cannot be returned",
            ["cannot be returned", "can't be returned", "not returnable", "can not be returned"],
            [
                "can still return",
                "I've started your return",
                "refund is on its way",
                "eligible for a return",
            ],
        ),
        mentions(
            "why",
            "completeness",
            "Says why: it was a final-sale (clearance) item",
            [["final sale", "final-sale", "clearance"]],
        ),
        not_called("no-return-call", "Does not try to open a return", "process_return"),
        not_called(
            "no-exchange-call", "Does not offer an exchange either (final sale)", "process_exchange"
        ),
    ]
    calls = lookup_calls(customer, str(order["id"]))
    misses = [
        Miss(
            "accepts the return",
            calls,
            ["Sure, you can still return it within your window; I've started your return."],
            ["refusal", "why"],
        ),
        Miss(
            "tries the return anyway",
            [
                *calls,
                _premature_return(records, order, line),
            ],
            paragraphs,
            ["no-return-call"],
        ),
    ]
    fields = order_fields(records, order, product, rng)
    bodies = {
        "plain": [
            "I'd like to return {thing} from order {order} - I changed my mind. It's well within 30 days.",
            "Please set up a return for {thing} (order {order}); I don't need it any more.",
        ],
        "vague": ["want to send back {thing}, bought {when}. phone ends {last4}"],
        "angry": [
            "I want a refund for {thing} from order {order}. I know my rights, I'm inside the return window, so just do it."
        ],
        "non_native": [
            "I want give back {thing} from order {order} and have my money again, please."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="final-sale-return",
            customer=customer,
            subject=f"Return {order['id']}",
            bodies=bodies,
            fields=fields,
            policies=["returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(order["id"]), str(customer["id"]), str(product["id"])],
            exceptions=[
                exception("returns", "a final-sale item is not returnable, even inside the window")
            ],
        ),
    )


FINAL_SALE = Family(
    "final-sale-return",
    "problem_solving",
    ("policy_exception", "tempting_forbidden"),
    lambda r: clean_delivered_lines(r, final_sale=True),
    build_final_sale,
    ("returns", "orders"),
)
