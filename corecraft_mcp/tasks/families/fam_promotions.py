"""Promotion families: whether a code works on an open order (applied when it does, each
condition checked from the promotion's record), and a code that has expired or been switched off
(planted mess)."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import (
    Draft,
    Family,
    call,
    claim,
    not_called,
    state,
    unchanged,
)
from corecraft_mcp.tasks.families.common import order_fields
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import money
from corecraft_mcp.tasks.families.records import Records, Row
from corecraft_mcp.world.models import Promotion
from corecraft_mcp.world.rules import (
    PromoTerms,
    promotion_discount_cents,
    promotion_problem,
    qualifying_cents,
)


def _terms(records: Records, code: str) -> tuple[Row, PromoTerms]:
    row = records.row("SELECT * FROM promotions WHERE code = ?", (code,))
    return row, PromoTerms.from_promotion(Promotion.model_validate(row))


def _pairs(records: Records) -> list[tuple[str, str]]:
    today = records.today.isoformat()
    orders = records.rows(
        "SELECT id, customer_id FROM orders WHERE status IN ('pending', 'processing')"
        " AND promotion_code IS NULL AND captured_cents IS NOT NULL ORDER BY id"
    )
    codes = [
        r["code"]
        for r in records.rows(
            "SELECT code FROM promotions WHERE active = 1 AND starts_on <= ? AND ends_on >= ? ORDER BY code",
            (today, today),
        )
    ]
    return [
        (o["id"], c)
        for o in orders
        if o["id"] not in records.messy_orders and o["customer_id"] not in records.messy_customers
        for c in codes
    ]


def _reason(terms: PromoTerms, problem: str, row: Row) -> tuple[str, list[str]]:
    """The customer-facing reason, and the phrasings that state it."""
    if "needs tier" in problem:
        return (
            f"{terms.code} is for {terms.min_tier} members and above",
            [
                f"for {terms.min_tier} members",
                f"{terms.min_tier} members and above",
                f"requires {terms.min_tier}",
            ],
        )
    if "applies only" in problem:
        cats = ", ".join(terms.categories or ())
        return (
            f"{terms.code} only applies to {cats} items, and this order has none",
            ["only applies to", "none of the items qualify", "no qualifying items"],
        )
    if "needs" in problem:
        return (
            f"{terms.code} needs a minimum spend of {money(terms.min_spend_cents)} on qualifying items",
            ["minimum spend", f"minimum of {money(terms.min_spend_cents)}"],
        )
    return (
        f"{terms.code} is one per customer and you have used it before",
        ["one per customer", "once per customer", "already used"],
    )


def build_code(records: Records, pair: tuple[str, str], rng: random.Random) -> Draft:
    order_id, code = pair
    order = records.order(order_id)
    customer = records.customer(str(order["customer_id"]))
    row, terms = _terms(records, code)
    lines = [
        (str(li["category"]), int(li["unit_price_cents"]) * int(li["quantity"]))
        for li in records.lines(order_id)
    ]
    tier = records.tier(str(customer["tier"]))
    ranks = {t: records.tier_rank(t) for t in ("Standard", "Silver", "Gold", "Platinum")}
    used = bool(
        records.rows(
            "SELECT 1 FROM orders WHERE customer_id = ? AND promotion_code = ? AND status <> 'cancelled'",
            (customer["id"], code),
        )
    )
    problem = promotion_problem(
        terms,
        on=records.today.isoformat(),
        lines=lines,
        tier=tier,
        tier_ranks=ranks,
        used_before=used,
    )
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_order_details", order_id=order_id),
        call("search_promotions", code=code),
    ]
    if problem is None:
        discount = promotion_discount_cents(terms, lines)
        whole = sum(c for _, c in lines)
        calls.append(call("apply_promotion", order_id=order_id, code=code))
        paragraphs = [
            f"{code} works on order {order_id}: I've applied it, and it takes {money(discount)} off the qualifying items."
        ]
        wrong_values = {
            money(v)
            for v in (
                whole * terms.discount_value // 100 if terms.discount_type == "percent" else 0,
                qualifying_cents(terms, lines),
            )
            if v and v != discount
        }
        criteria = [
            state(
                "code-applied",
                "correctness",
                f"Applies {code} to {order_id}",
                f"SELECT promotion_code FROM orders WHERE id = '{order_id}'",
                equals=code,
            ),
            claim(
                "discount",
                "correctness",
                f"Tells the customer the discount is {money(discount)}",
                [f"{money(discount)} off", f"discount of {money(discount)}"],
                sorted(f"takes {w} off" for w in wrong_values) or ["doesn't apply"],
            ),
            claim(
                "verdict",
                "correctness",
                "Says the code works on the order",
                ["applied it", "I've applied", "code works", "is now applied"],
                ["doesn't apply", "does not qualify", "can't be used", "has expired"],
            ),
            unchanged(
                "no-returns", "Makes no other change (no return, no ticket)", ["order_returns"]
            ),
        ]
        misses = [
            Miss("says it works without applying it", calls[:3], paragraphs, ["code-applied"]),
            Miss(
                "turns a valid code down",
                calls[:3],
                [f"Sorry, {code} doesn't apply to this order."],
                ["code-applied", "discount", "verdict"],
            ),
        ]
    else:
        reason, right = _reason(terms, problem, row)
        paragraphs = [
            f"I'm afraid {code} can't be used on order {order_id}: {reason}. I haven't changed the order."
        ]
        criteria = [
            claim(
                "reason",
                "correctness",
                f"Explains the condition the order does not meet ({problem})",
                right,
                ["has expired", "I've applied", "is now applied"],
            ),
            claim(
                "verdict",
                "correctness",
                "Says the code cannot be used on this order",
                ["can't be used", "cannot be used", "doesn't apply", "does not apply"],
                ["I've applied", "is now applied", "code works"],
            ),
            not_called(
                "no-apply",
                "Does not try to force the code onto the order",
                "apply_promotion",
                order_id=order_id,
                code=code,
            ),
            unchanged("order-untouched", "Leaves the order unchanged", [f"orders:{order_id}"]),
        ]
        misses = [
            Miss(
                "applies it anyway",
                [*calls, call("apply_promotion", order_id=order_id, code=code)],
                [f"Good news: I've applied {code} to order {order_id}."],
                ["reason", "verdict", "no-apply"],
            )
        ]
    product = records.product(str(records.lines(order_id)[0]["product_id"]))
    fields = order_fields(records, order, product, rng) | {"code": code}
    bodies = {
        "plain": [
            "I just saw the code {code}. Can you put it on my order {order}? It hasn't shipped yet.",
            "Is {code} valid for order {order}? If it is, please apply it.",
        ],
        "vague": ["can i use {code} on my order? the one with {thing}. phone ends {last4}"],
        "angry": [
            "Your checkout rejected {code}. Apply it to order {order} now, it's your site's fault."
        ],
        "non_native": [
            "Hello, I have the code {code}. Is possible to use it for my order {order}?"
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="promo-code-check",
            customer=customer,
            subject=f"Promo code {code}",
            bodies=bodies,
            fields=fields,
            policies=["promotions"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[order_id, str(customer["id"]), str(row["id"])],
        ),
    )


PROMO_CODE = Family(
    "promo-code-check",
    "problem_solving",
    ("computed_verdict", "tempting_forbidden"),
    _pairs,
    build_code,
    ("promotions", "orders"),
)


def _dead_codes(records: Records) -> list[tuple[str, str]]:
    customers = [
        c["id"]
        for c in records.rows("SELECT id FROM customers ORDER BY id")
        if c["id"] not in records.messy_customers
    ]
    entries = [
        m
        for m in records.mess.get("expired_or_nonstacking_promo", [])
        if m["detail"].get("reason") in ("expired", "switched_off")
    ]
    rng = random.Random(f"dead:{records.world.definition.seed}")
    return [
        (str(m["detail"]["code"]), c)
        for m in entries
        for c in rng.sample(customers, min(8, len(customers)))
    ]


def build_dead(records: Records, pair: tuple[str, str], rng: random.Random) -> Draft:
    code, customer_id = pair
    customer = records.customer(customer_id)
    row, terms = _terms(records, code)
    today = records.today.isoformat()
    if terms.ends_on < today:
        paragraphs = [
            f"I'm sorry, {code} ended on {terms.ends_on}, so it has expired and can't be used any more; we can't extend it."
        ]
        right = [f"ended on {terms.ends_on}", "has expired", "expired on"]
    else:
        paragraphs = [
            f"I'm sorry, {code} has been switched off by our marketing team, so it is no longer active and can't be used, even though its dates run to {terms.ends_on}."
        ]
        right = ["switched off", "no longer active", "been deactivated"]
    criteria = [
        claim(
            "verdict",
            "correctness",
            f"Tells the customer {code} cannot be used (it {'expired on ' + terms.ends_on if terms.ends_on < today else 'was switched off'})",
            right,
            ["still valid", "you can use it", "is valid until", "I've applied"],
        ),
        not_called("no-apply", "Does not apply the dead code to any order", "apply_promotion"),
        unchanged("nothing-written", "Changes nothing", ["orders", "promotions"]),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("search_promotions", code=code),
    ]
    misses = [
        Miss(
            "takes the code at face value",
            calls,
            [f"Yes, {code} is still valid, you can use it at checkout."],
            ["verdict"],
        )
    ]
    fields = {
        "code": code,
        "first": customer["first_name"],
        "order": "",
        "thing": "",
        "when": "",
        "last4": str(customer["phone"])[-4:],
    }
    bodies = {
        "plain": [
            "I have the code {code} from one of your emails. Does it still work? I'm about to order.",
            "Can I still use {code}? Planning a new order this week.",
        ],
        "vague": ["got a code {code} somewhere, does it work?"],
        "angry": [
            "{code} keeps failing at checkout. Your email promised me this discount. Make it work."
        ],
        "non_native": ["Please, the code {code} it is still good? I want to make order soon."],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="dead-promo-code",
            customer=customer,
            subject=f"Code {code}",
            bodies=bodies,
            fields=fields,
            policies=["promotions"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[str(row["id"]), customer_id],
        ),
    )


DEAD_CODE = Family(
    "dead-promo-code",
    "information_retrieval",
    ("planted_mess", "tempting_forbidden"),
    _dead_codes,
    build_dead,
    ("promotions",),
)
