"""The shipping quote family: what a product would cost to ship for this customer, worked out
from the shipping policy and the customer's tier (free thresholds, heavy surcharge)."""

from __future__ import annotations

import random

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, not_called, unchanged
from corecraft_mcp.tasks.families.common import distinct
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import iso, money, product_words
from corecraft_mcp.tasks.families.records import Records
from corecraft_mcp.world.definition import TIER_ORDER, ShippingService
from corecraft_mcp.world.money import cents
from corecraft_mcp.world.rules import heavy_surcharge_cents, promised_date, shipping_cost_cents

_SERVICES: tuple[ShippingService, ...] = ("standard", "expedited", "overnight")


def _quote_pairs(records: Records) -> list[tuple[str, str, ShippingService]]:
    products = records.rows(
        "SELECT id, weight_grams FROM products WHERE discontinued = 0 AND category NOT IN ('service') ORDER BY id"
    )
    customers = [
        c["id"]
        for c in records.rows("SELECT id FROM customers ORDER BY id")
        if c["id"] not in records.messy_customers
    ]
    rng = random.Random(f"quote:{records.world.definition.seed}")
    services: list[ShippingService] = ["standard", "expedited", "overnight"]
    return [(p["id"], rng.choice(customers), rng.choice(services)) for p in products]


def build_quote(
    records: Records, entry: tuple[str, str, ShippingService], rng: random.Random
) -> Draft:
    product_id, customer_id, service = entry
    product = records.product(product_id)
    customer = records.customer(customer_id)
    policy = records.policy.shipping
    tier = records.tier(str(customer["tier"]))
    price, weight = int(product["price_cents"]), int(product["weight_grams"])
    cost = shipping_cost_cents(policy, tier, service, price, weight)
    candidates = [
        shipping_cost_cents(policy, records.tier(t), service, price, weight) for t in TIER_ORDER
    ]
    candidates += [shipping_cost_cents(policy, tier, other, price, weight) for other in _SERVICES]
    candidates += [cents(policy.rate(service).price), cost - heavy_surcharge_cents(policy, weight)]
    right = (
        ["free shipping", "shipping is free", "no shipping charge"]
        if cost == 0
        else [
            f"comes to {money(cost)}",
            f"costs {money(cost)}",
            f"shipping is {money(cost)}",
            f"{money(cost)} for shipping",
        ]
    )
    said = "shipping is free" if cost == 0 else f"shipping comes to {money(cost)}"
    paragraphs = [
        f"For the {product['brand']} {product['model']} with {service} shipping, as a {tier.name} member, {said}."
    ]
    wrong_values = distinct(
        [money(v) for v in candidates if v != cost and v > 0], avoid=paragraphs[0]
    )
    wrong = [f"comes to {w}" for w in wrong_values] + ([] if cost == 0 else ["shipping is free"])
    criteria = [
        claim(
            "quote",
            "correctness",
            f"Quotes {money(cost) if cost else 'free shipping'} for {service} shipping at the {tier.name} tier",
            right,
            wrong,
        ),
        not_called(
            "no-order-change", "Changes no order for a question about a quote", "update_order"
        ),
        unchanged("nothing-written", "Writes nothing", ["orders", "support_tickets"]),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("search_products", query=f"{product['brand']} {product['model']}"),
        call("get_product_details", product=product_id),
        call("get_loyalty_tier", customer_id=customer_id),
    ]
    misquote = (
        f"{service.capitalize()} shipping for that comes to {wrong_values[0]}."
        if wrong_values
        else "Good news: shipping is free on that."
    )
    misses = [Miss("quotes another tier's or service's price", calls, [misquote], ["quote"])]
    fields = {
        "thing": f"the {product['brand']} {product['model']}",
        "kind": product_words(product, rng),
        "service": service,
        "first": customer["first_name"],
        "order": "",
        "last4": "",
        "when": "",
    }
    bodies = {
        "plain": [
            "How much would {service} shipping be on {thing} if I order it from you?",
            "Thinking of buying {thing}. What would {service} delivery cost me?",
        ],
        "vague": ["what does shipping cost for {thing}? {service} i guess"],
        "angry": [
            "Your checkout keeps timing out. Just tell me what {service} shipping on {thing} costs."
        ],
        "non_native": ["I want buy {thing}. How much cost the {service} shipping for me, please?"],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="shipping-quote",
            customer=customer,
            subject="Shipping cost question",
            bodies=bodies,
            fields=fields,
            policies=["shipping", "loyalty-program"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[product_id, customer_id],
        ),
    )


SHIPPING_QUOTE = Family(
    "shipping-quote",
    "information_retrieval",
    ("computed_verdict",),
    _quote_pairs,
    build_quote,
    ("shipping", "customers"),
)


def build_by_date(
    records: Records, entry: tuple[str, str, ShippingService], rng: random.Random
) -> Draft:
    """The cheapest service that still arrives by the customer's date: the agent's choice among
    the services' promised dates (business days from today) and its tier's prices."""
    product_id, customer_id, _ = entry
    product = records.product(product_id)
    customer = records.customer(customer_id)
    policy = records.policy.shipping
    tier = records.tier(str(customer["tier"]))
    price, weight = int(product["price_cents"]), int(product["weight_grams"])
    cost = {s: shipping_cost_cents(policy, tier, s, price, weight) for s in _SERVICES}
    latest = {s: promised_date(policy, s, records.today) for s in _SERVICES}
    need = latest["expedited"]
    fits = [s for s in _SERVICES if latest[s] <= need]
    best = min(fits, key=lambda s: (cost[s], latest[s]))
    assert "standard" not in fits and len({cost[s] for s in fits}) == len(fits)
    name = f"{product['brand']} {product['model']}"
    paragraphs = [
        f"To have the {name} by {iso(need)}, go with {best} shipping: it arrives by {iso(latest[best])} and costs {money(cost[best])} for you as a {tier.name} member.",
        f"Standard would only promise {iso(latest['standard'])}, which is too late.",
    ]
    others = [s for s in _SERVICES if s != best]
    criteria = [
        claim(
            "service",
            "correctness",
            f"Recommends {best}, the cheapest service promising delivery by {iso(need)}",
            [f"go with {best}", f"choose {best}", f"{best} is the cheapest"],
            [p for s in others for p in (f"go with {s}", f"choose {s}")],
        ),
        claim(
            "cost",
            "correctness",
            f"Quotes {money(cost[best])} for {best} at the {tier.name} tier",
            [f"costs {money(cost[best])}", f"{money(cost[best])} for {best}"],
            [f"costs {money(cost[s])}" for s in others if cost[s] != cost[best]]
            or [f"costs {money(cost[best] + 500)}"],
        ),
        not_called(
            "no-order-change", "Changes no order for a question about a quote", "update_order"
        ),
        unchanged("nothing-written", "Writes nothing", ["orders", "support_tickets"]),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("search_products", query=name),
        call(
            "calculate_shipping",
            items=[{"product_id": product_id, "quantity": 1}],
            customer_id=customer_id,
        ),
    ]

    def pick(service: ShippingService, why: str) -> Miss:
        fails = ["service"] + (["cost"] if cost[service] != cost[best] else [])
        return Miss(
            why,
            calls,
            [f"Go with {service} shipping: it costs {money(cost[service])}."],
            fails,
        )

    misses = [pick("standard", "picks the cheapest service, which arrives too late")]
    if best != "overnight":
        misses.append(pick("overnight", "picks the fastest service, paying more than needed"))
    fields = {
        "thing": f"the {name}",
        "kind": product_words(product, rng),
        "need": f"{need:%A} {need:%B} {need.day}",
        "first": customer["first_name"],
        "order": "",
        "last4": "",
        "when": "",
    }
    bodies = {
        "plain": [
            "I want to order {thing}, but I need it by {need}. Which shipping option gets it to me in time for the least money, and what would it cost?",
            "If I order {thing} today, what's the cheapest way to have it here by {need}? Please tell me the price too.",
        ],
        "vague": ["need {thing} by {need}. cheapest shipping that makes it? how much"],
        "angry": [
            "Last time your 'standard' shipping took forever. I need {thing} by {need}, no later. What's the cheapest option that actually gets it here, and what does it cost?"
        ],
        "non_native": [
            "Hello, I want buy {thing} and I need it until {need}. Which shipping is cheapest but still arrive in time, and how much it cost?"
        ],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="shipping-by-date",
            customer=customer,
            subject="Shipping in time",
            bodies=bodies,
            fields=fields,
            policies=["shipping", "loyalty-program"],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[product_id, customer_id],
        ),
    )


def _by_date_pairs(records: Records) -> list[tuple[str, str, ShippingService]]:
    """Quote pairs where the choice is one: standard misses the date, and the services that
    make it cost different amounts."""
    policy = records.policy.shipping
    latest = {s: promised_date(policy, s, records.today) for s in _SERVICES}
    if latest["standard"] <= latest["expedited"]:
        return []
    found = []
    for product_id, customer_id, service in _quote_pairs(records)[::3]:
        product = records.product(product_id)
        tier = records.tier(str(records.customer(customer_id)["tier"]))
        price, weight = int(product["price_cents"]), int(product["weight_grams"])
        fits = [s for s in _SERVICES if latest[s] <= latest["expedited"]]
        costs = {shipping_cost_cents(policy, tier, s, price, weight) for s in fits}
        if len(costs) == len(fits):
            found.append((product_id, customer_id, service))
    return found


SHIPPING_BY_DATE = Family(
    "shipping-by-date",
    "problem_solving",
    ("computed_verdict",),
    _by_date_pairs,
    build_by_date,
    ("shipping", "customers"),
)
