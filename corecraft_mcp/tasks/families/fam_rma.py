"""Families that open an RMA with the agent's decisions as inputs: a refund of a returned item
with the restocking fee the customer's current tier charges (none for a dead item reported in
the DOA period), and an exchange for another model with its price difference. The fee, the
refund and the difference come from the order's records and the world's policy numbers."""

from __future__ import annotations

import datetime as dt
import random

from corecraft_mcp.tasks.families.base import (
    Draft,
    Family,
    call,
    claim,
    exception,
    not_called,
    state,
)
from corecraft_mcp.tasks.families.common import clean_delivered_lines, lookup_calls, order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import money
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.tasks.models import ToolCall
from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.money import cents, dollars
from corecraft_mcp.world.rules import restocking_fee_cents


def _refundable_lines(records: Records) -> list[Row]:
    """Clean delivered lines inside the customer's return window, on orders paid by card or
    PayPal with nothing refunded yet and no promotion (so the line's price is what comes back),
    worth less than the refund a supervisor must approve."""
    limit = cents(records.policy.escalation.refund_supervisor_over)
    found = []
    for line in clean_delivered_lines(records):
        order = records.order(str(line["order_id"]))
        if (
            order["payment_method"] not in ("card", "paypal")
            or order["captured_cents"] is None
            or int(order["refunded_cents"])
            or int(order["discount_cents"])
            or int(line["unit_price_cents"]) > limit
        ):
            continue
        delivery = records.delivery(str(order["id"]))
        tier = str(records.customer(str(order["customer_id"]))["tier"])
        if delivery is None or delivery.assumed:
            continue
        if records.today <= delivery.on + dt.timedelta(days=records.window_days(tier)):
            found.append(line)
    return found


def _in_doa_period(records: Records, line: Row) -> bool:
    delivery = records.delivery(str(line["order_id"]))
    days = records.policy.returns.doa_report_days
    return delivery is not None and records.today <= delivery.on + dt.timedelta(days=days)


def _refund_claim(net: int) -> list[str]:
    return [f"refund is {money(net)}", f"refund of {money(net)}", f"{money(net)} back"]


def build_return_fee(records: Records, line: Row, rng: random.Random) -> Draft:
    order = records.order(str(line["order_id"]))
    oid = str(order["id"])
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    price = int(line["unit_price_cents"])
    tier = str(customer["tier"])
    doa = _in_doa_period(records, line) and rng.random() < 0.5

    def fee_for(name: str, *, dead: bool) -> int:
        return restocking_fee_cents(
            records.tier(name), price, opened=True, defective=False, doa=dead
        )

    fee = fee_for(tier, dead=doa)
    net = price - fee
    pct = records.tier(tier).restocking_fee_pct
    rma = records.next_id("order_returns", "RMA", 5)
    doa_days = records.policy.returns.doa_report_days
    if doa:
        why = (
            f"An item that arrives dead and is reported within {doa_days} days of delivery "
            "carries no restocking fee"
        )
        reason = "dead on arrival"
    elif fee:
        why = f"As a {tier} member, an opened item that works carries a {pct}% restocking fee of {money(fee)}"
        reason = "changed mind"
    else:
        why = f"As a {tier} member you pay no restocking fee, even on an opened item"
        reason = "changed mind"

    def return_call(charged: int, *, dead: bool) -> ToolCall:
        return call(
            "process_return",
            order_id=oid,
            order_item_id=line["line_id"],
            kind="refund",
            reason=reason if dead == doa else "changed mind",
            opened=True,
            restocking_fee_usd=dollars(charged),
            doa=dead or None,
        )

    calls = [*lookup_calls(customer, oid, shipping=True), return_call(fee, dead=doa)]
    paragraphs = [
        f"I've opened return {rma} for the {product['name']}. {why}, so your refund is {money(net)}.",
        f"It goes back to your original payment method within {records.policy.returns.refund_business_days} business days after the warehouse receives the item.",
    ]
    other_nets = sorted(
        ({price - fee_for(t, dead=False) for t in TIER_ORDER} | {price}) - {net}, reverse=True
    )
    wrong_refund = [p for n in other_nets for p in _refund_claim(n)]
    line_q = f"FROM order_returns WHERE order_item_id = {int(line['line_id'])}"
    criteria = [
        state(
            "refund-rma",
            "correctness",
            f"Opens a refund return on {oid} for the {product['name']}",
            f"SELECT count(*) {line_q} AND kind = 'refund'",
            gte=1,
        ),
        state(
            "fee-recorded",
            "correctness",
            f"Records a restocking fee of {money(fee)} on the return ({'DOA: none' if doa else f'{tier}: {pct}%'})",
            f"SELECT restocking_fee_cents {line_q} ORDER BY id DESC LIMIT 1",
            equals=fee,
        ),
        claim(
            "refund-amount",
            "correctness",
            f"Tells the customer the refund is {money(net)}",
            _refund_claim(net),
            wrong_refund or [f"refund is {money(net + 100)}"],
        ),
    ]
    if doa:
        criteria.append(
            state(
                "doa-recorded",
                "completeness",
                "Records the item as dead on arrival",
                f"SELECT doa {line_q} ORDER BY id DESC LIMIT 1",
                equals=1,
            )
        )
    tier_fee = fee_for(tier, dead=False)
    highest = max(fee_for(t, dead=False) for t in TIER_ORDER)
    misses: list[Miss] = []
    if fee:
        misses.append(
            Miss(
                "waives the fee",
                [*calls[:-1], return_call(0, dead=doa)],
                [
                    f"I've opened return {rma} for the {product['name']}; your refund is {money(price)}."
                ],
                ["fee-recorded", "refund-amount"],
            )
        )
    overcharge = highest if highest != fee else 0
    if doa and tier_fee:
        misses.append(
            Miss(
                "treats the dead item as a change of mind",
                [*calls[:-1], return_call(tier_fee, dead=False)],
                [
                    f"I've opened return {rma}. There is a {pct}% restocking fee of {money(tier_fee)}, so your refund is {money(price - tier_fee)}."
                ],
                ["fee-recorded", "refund-amount", "doa-recorded"],
            )
        )
    elif overcharge:
        misses.append(
            Miss(
                "charges another tier's fee",
                [*calls[:-1], return_call(overcharge, dead=doa)],
                [
                    f"I've opened return {rma}. The restocking fee is {money(overcharge)}, so your refund is {money(price - overcharge)}."
                ],
                ["fee-recorded", "refund-amount"],
            )
        )
    misses.append(
        Miss(
            "quotes the refund but opens no return",
            calls[:-1],
            [f"{why}, so your refund is {money(net)}. Let me know if you want to go ahead."],
            ["refund-rma", "fee-recorded", *(["doa-recorded"] if doa else [])],
        )
    )
    fields = order_fields(records, order, product, rng)
    if doa:
        bodies = {
            "plain": [
                "{thing} from order {order} arrived dead - it won't power on at all. I don't want a replacement, please refund it to my card.",
                "Order {order}: {thing} is dead out of the box. Please process a refund and tell me how much I get back.",
            ],
            "vague": ["{thing} i got {when} is dead. just want my money back. phone ends {last4}"],
            "angry": [
                "{thing} from order {order} is DEAD on arrival. I want a full refund, not excuses. How much are you sending back?"
            ],
            "non_native": [
                "Hello, {thing} from order {order} is not working from first day, it is dead. Please I want my money back, how much I get?"
            ],
        }
    else:
        bodies = {
            "plain": [
                "I opened {thing} from order {order} but I don't need it after all. It works fine. Please return it for a refund to my original payment and tell me what I'll get.",
                "Please start a return for {thing} on order {order}: opened, works, just not what I need. Refund to my card please - how much comes back?",
            ],
            "vague": [
                "want to send back {thing} i got {when}, opened it but dont need it. refund pls. phone ends {last4}"
            ],
            "angry": [
                "Return {thing} from order {order}. Yes I opened it, it works, I don't want it. Process the refund now and tell me exactly what I get back."
            ],
            "non_native": [
                "I open the box of {thing} (order {order}) but I not need it, it is working. Please make the return and the money back to my card. How much I get?"
            ],
        }
    exceptions = []
    if doa and tier_fee:
        exceptions.append(exception("restocking-fees", "no fee on a dead item reported in time"))
    elif not fee:
        exceptions.append(exception("restocking-fees", f"{tier} members pay no restocking fee"))
    return assemble(
        records,
        rng,
        Spec(
            family="return-refund-fee",
            customer=customer,
            subject=f"Return {oid}",
            bodies=bodies,
            fields=fields,
            policies=["restocking-fees", "returns"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[oid, str(customer["id"]), str(product["id"])],
            exceptions=exceptions,
        ),
    )


RETURN_FEE = Family(
    "return-refund-fee",
    "workflow",
    ("multi_step", "computed_verdict", "policy_exception"),
    _refundable_lines,
    build_return_fee,
    ("returns", "customers"),
)


_SWAPPABLE = ("cpu", "gpu", "memory", "ssd", "hdd", "psu", "case", "air_cooler", "monitor")


def _exchange_pairs(records: Records) -> list[tuple[Row, str]]:
    """Lines the customer may still exchange, each with another in-stock model of the same kind
    at a different price (so the exchange has a difference to settle)."""
    stock = {
        str(r["product_id"]): int(r["free"])
        for r in records.rows(
            "SELECT product_id, sum(on_hand - reserved) AS free FROM inventory GROUP BY product_id"
        )
    }
    products = records.rows(
        "SELECT id, category, price_cents FROM products WHERE discontinued = 0 ORDER BY id"
    )
    found = []
    for line in _refundable_lines(records):
        product = records.product(str(line["product_id"]))
        if product["category"] not in _SWAPPABLE or int(line["quantity"]) != 1:
            continue
        paid = int(line["unit_price_cents"])
        options = [
            str(p["id"])
            for p in products
            if p["category"] == product["category"]
            and p["id"] != product["id"]
            and stock.get(str(p["id"]), 0) >= 1
            and int(p["price_cents"]) != paid
            and abs(int(p["price_cents"]) - paid) <= paid // 2
        ]
        if options:
            pick = random.Random(f"exchange:{line['line_id']}").choice(options)
            found.append((line, pick))
    return found


def _settle_words(difference: int) -> tuple[str, list[str], list[str]]:
    """The reply's sentence on the difference, the phrases that state it, those that state the
    opposite direction."""
    amount = money(abs(difference))
    if difference > 0:
        return (
            f"we charge you the difference of {amount} on your original payment method",
            [f"charge you the difference of {amount}", f"you pay the difference of {amount}"],
            [f"refund you the difference of {amount}", f"refund of {amount}", f"{amount} back"],
        )
    return (
        f"we refund you the difference of {amount} to your original payment method",
        [f"refund you the difference of {amount}", f"refund of {amount}", f"{amount} back"],
        [f"charge you the difference of {amount}", f"you pay the difference of {amount}"],
    )


def build_exchange(records: Records, entry: tuple[Row, str], rng: random.Random) -> Draft:
    line, new_id = entry
    order = records.order(str(line["order_id"]))
    oid = str(order["id"])
    customer = records.customer(str(order["customer_id"]))
    product = records.product(str(line["product_id"]))
    new = records.product(new_id)
    paid, price = int(line["unit_price_cents"]), int(new["price_cents"])
    difference = price - paid
    rma = records.next_id("order_returns", "RMA", 5)
    sentence, right, opposite = _settle_words(difference)
    calls = [
        *lookup_calls(customer, oid, shipping=True),
        call("get_product_details", product=new_id),
        call(
            "process_exchange",
            order_id=oid,
            order_item_id=line["line_id"],
            new_product_id=new_id,
            reason="wants a different model",
        ),
    ]
    paragraphs = [
        f"I've set up exchange {rma}: your {product['name']} for the {new['name']}.",
        f"The {new['name']} costs {money(price)} and you paid {money(paid)} for the {product['name']}, so {sentence}.",
    ]
    current = int(product["price_cents"])
    wrong = [*opposite, "even exchange", "no difference to pay"]
    if current != paid and price - current != difference and price != current:
        wrong += _settle_words(price - current)[1]
    line_q = f"FROM order_returns WHERE order_item_id = {int(line['line_id'])}"
    criteria = [
        state(
            "exchange-rma",
            "correctness",
            f"Books an exchange of the {product['name']} for the {new['name']}",
            f"SELECT count(*) {line_q} AND kind = 'exchange' AND exchange_product_id = '{new_id}'",
            gte=1,
        ),
        state(
            "difference-recorded",
            "completeness",
            f"The exchange settles a price difference of {money(difference)}",
            f"SELECT price_difference_cents {line_q} ORDER BY id DESC LIMIT 1",
            equals=difference,
        ),
        claim(
            "difference",
            "correctness",
            f"Tells the customer {'they pay' if difference > 0 else 'they get back'} the difference of {money(abs(difference))}",
            right,
            [w for w in wrong if w not in right],
        ),
        not_called(
            "no-refund-return",
            "Does not turn the exchange into a refund return",
            "process_return",
        ),
    ]
    tier = records.tier(str(customer["tier"]))
    fee = restocking_fee_cents(tier, paid, opened=True, defective=False, doa=False)
    refund_call = call(
        "process_return",
        order_id=oid,
        order_item_id=line["line_id"],
        kind="refund",
        reason="wants a different model",
        opened=True,
        restocking_fee_usd=dollars(fee),
    )
    misses = [
        Miss(
            "refunds the item instead of exchanging it",
            [*calls[:-1], refund_call],
            [
                f"I've opened a return for the {product['name']}; once it's back you can order the {new['name']} separately."
            ],
            ["exchange-rma", "difference-recorded", "difference", "no-refund-return"],
        ),
        Miss(
            "gets the difference backwards",
            calls,
            [paragraphs[0], f"So {_settle_words(-difference)[0]}."],
            ["difference"],
        ),
        Miss(
            "quotes the difference but books nothing",
            calls[:-1],
            [f"The {new['name']} costs {money(price)}, so {sentence}. Shall I go ahead?"],
            ["exchange-rma", "difference-recorded"],
        ),
    ]
    fields = order_fields(records, order, product, rng) | {"new": new["name"]}
    bodies = {
        "plain": [
            "I'd like to exchange {thing} from order {order} for the {new}. How does the price difference work?",
            "Can you swap {thing} on order {order} for the {new}? Please set it up and tell me what I pay or get back.",
        ],
        "vague": [
            "can i swap {thing} i got {when} for the {new}? what's the difference in price. phone ends {last4}"
        ],
        "angry": [
            "I want {thing} from order {order} exchanged for the {new}. Just do it, and don't surprise me with charges - what's the difference?"
        ],
        "non_native": [
            "Hello, I want to change {thing} of order {order} with the {new}. Please do the exchange and say me the money difference."
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="exchange-price-difference",
            customer=customer,
            subject=f"Exchange on {oid}",
            bodies=bodies,
            fields=fields,
            policies=["returns", "refunds"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[oid, str(customer["id"]), str(product["id"]), new_id],
        ),
    )


EXCHANGE = Family(
    "exchange-price-difference",
    "workflow",
    ("multi_step", "computed_verdict", "tempting_forbidden"),
    _exchange_pairs,
    build_exchange,
    ("returns", "orders"),
)
