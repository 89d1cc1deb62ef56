"""Compatibility families: will a part the customer is eyeing work with one they bought from us
(graphics card in their case, graphics card on their power supply, cooler on their CPU), and a
discontinued product's successor (planted mess)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from corecraft_mcp.tasks.families.base import Draft, Family, call, claim, mentions, unchanged
from corecraft_mcp.tasks.families.draft import Miss, Spec, assemble
from corecraft_mcp.tasks.families.phrasing import product_words
from corecraft_mcp.tasks.families.records import Records, Row


@dataclass(frozen=True)
class Pairing:
    """What a compatibility family compares: a part the customer owns and one they consider."""

    family: str
    owned: tuple[str, ...]
    wanted: tuple[str, ...]
    works: Callable[[Row, Row], bool]
    facts: Callable[
        [Row, Row], list[str]
    ]  # the numbers or specs that decide, as the reply says them
    yes: list[str]
    no: list[str]
    question: str
    yes_line: str
    no_line: str
    explain: Callable[[Row, Row], str]  # the deciding numbers in a sentence


def _fits_case(case: Row, gpu: Row) -> bool:
    return int(gpu["length_mm"]) <= int(case["max_gpu_length_mm"])


def _psu_enough(psu: Row, gpu: Row) -> bool:
    return int(psu["wattage"]) >= int(gpu["recommended_psu_watts"])


def _socket_ok(cpu: Row, cooler: Row) -> bool:
    return str(cpu["socket"]) in [s.strip() for s in str(cooler["supported_sockets"]).split(",")]


PAIRINGS = (
    Pairing(
        "gpu-case-fit",
        ("case",),
        ("gpu",),
        _fits_case,
        lambda c, g: [f"{g['length_mm']} mm long", f"{c['max_gpu_length_mm']} mm"],
        ["will fit", "it fits", "does fit"],
        ["will not fit", "won't fit", "doesn't fit", "does not fit"],
        "Will {wanted} fit in {owned} I bought from you?",
        "Yes: the {wanted} will fit in your {owned}.",
        "No: the {wanted} will not fit in your {owned}.",
        lambda c, g: (
            f"The card is {g['length_mm']} mm long, and the case takes graphics cards "
            f"up to {c['max_gpu_length_mm']} mm."
        ),
    ),
    Pairing(
        "psu-gpu-power",
        ("psu",),
        ("gpu",),
        _psu_enough,
        lambda p, g: [f"{g['recommended_psu_watts']} W", f"{p['wattage']} W"],
        ["is enough", "powerful enough", "can power"],
        ["not enough", "need a bigger power supply", "underpowered"],
        "Can {owned} I got from you run {wanted}?",
        "Yes: your {owned} is powerful enough for the {wanted}.",
        "No: your {owned} is not enough for the {wanted}; you would need a bigger power supply.",
        lambda p, g: (
            f"The card calls for a {g['recommended_psu_watts']} W power supply, and "
            f"yours delivers {p['wattage']} W."
        ),
    ),
    Pairing(
        "cooler-cpu-socket",
        ("cpu",),
        ("air_cooler", "liquid_cooler"),
        _socket_ok,
        lambda c, k: [str(c["socket"])],
        ["will mount", "supports your", "fits your socket"],
        ["will not mount", "won't mount", "doesn't support your"],
        "Would {wanted} work on {owned} from my order?",
        "Yes: the {wanted} will mount on your {owned}.",
        "No: the {wanted} will not mount on your {owned}.",
        lambda c, k: (
            f"Your processor uses the {c['socket']} socket; the cooler's mounting kit "
            f"covers {', '.join(s.strip() for s in str(k['supported_sockets']).split(','))}."
        ),
    ),
)


def _owned_lines(records: Records, categories: tuple[str, ...]) -> list[Row]:
    marks = ",".join("?" * len(categories))
    rows = records.rows(
        "SELECT i.order_id, i.product_id, o.customer_id FROM order_items i JOIN orders o ON o.id = i.order_id"
        f" JOIN products p ON p.id = i.product_id WHERE p.category IN ({marks})"
        " AND o.status = 'delivered' ORDER BY i.id",
        categories,
    )
    return [
        r
        for r in rows
        if r["customer_id"] not in records.messy_customers
        and r["order_id"] not in records.messy_orders
    ]


def _finder(pairing: Pairing) -> Callable[[Records], list[tuple[str, str, str]]]:
    def find(records: Records) -> list[tuple[str, str, str]]:
        marks = ",".join("?" * len(pairing.wanted))
        wanted = records.rows(
            f"SELECT * FROM products WHERE category IN ({marks}) AND discontinued = 0 ORDER BY id",
            pairing.wanted,
        )
        rng = random.Random(f"{pairing.family}:{records.world.definition.seed}")
        found = []
        for line in _owned_lines(records, pairing.owned):
            owned = records.product(str(line["product_id"]))
            good = [w for w in wanted if pairing.works(owned, w)]
            bad = [w for w in wanted if not pairing.works(owned, w)]
            for pool in (good, bad):
                if pool:
                    found.append(
                        (str(line["order_id"]), str(owned["id"]), str(rng.choice(pool)["id"]))
                    )
        return found

    return find


def _builder(pairing: Pairing) -> Callable[[Records, tuple[str, str, str], random.Random], Draft]:
    def build(records: Records, entry: tuple[str, str, str], rng: random.Random) -> Draft:
        order_id, owned_id, wanted_id = entry
        order = records.order(order_id)
        customer = records.customer(str(order["customer_id"]))
        owned, wanted = records.product(owned_id), records.product(wanted_id)
        ok = pairing.works(owned, wanted)
        facts = pairing.facts(owned, wanted)
        wanted_name = f"{wanted['brand']} {wanted['model']}"
        names = {"wanted": wanted_name, "owned": owned["name"]}
        yes, no = pairing.yes_line.format(**names), pairing.no_line.format(**names)
        verdict, wrong_line = (yes, no) if ok else (no, yes)
        paragraphs = [verdict, pairing.explain(owned, wanted)]
        criteria = [
            claim(
                "verdict",
                "correctness",
                f"Says the {wanted_name} {'works' if ok else 'does not work'} with the customer's {owned['name']}",
                pairing.yes if ok else pairing.no,
                pairing.no if ok else pairing.yes,
            ),
            mentions(
                "deciding-specs",
                "completeness",
                "States the specs that decide it",
                [[f] for f in facts],
            ),
            unchanged(
                "no-orders",
                "Places or changes no order while answering a question",
                ["orders", "order_items"],
            ),
        ]
        calls = [
            call("search_customers", email=customer["email"]),
            call("get_order_details", order_id=order_id),
            call("search_products", query=wanted_name),
            call(
                "validate_build_compatibility",
                items=[{"product_id": owned_id}, {"product_id": wanted_id}],
            ),
        ]
        misses = [
            Miss("gets the verdict backwards", calls, [wrong_line, paragraphs[1]], ["verdict"])
        ]
        fields = {
            "wanted": f"the {wanted_name}",
            "owned": product_words(owned, rng).replace("my ", "the "),
            "order": order_id,
            "first": customer["first_name"],
            "thing": "",
            "when": "",
            "last4": str(customer["phone"])[-4:],
        }
        q = pairing.question
        bodies = {
            "plain": [
                q + " Order was {order}.",
                "I'm looking at {wanted}. " + q.replace("{wanted}", "it") + " (order {order})",
            ],
            "vague": [
                "thinking of getting {wanted}... would that work with {owned} i bought from you? phone ends {last4}"
            ],
            "angry": [
                "Last time your site sold me parts that didn't work together. So: "
                + q
                + " Order {order}. Check properly."
            ],
            "non_native": ["Please I need help. " + q + " My order is {order}."],
        }
        return assemble(
            records,
            rng,
            Spec(
                family=pairing.family,
                customer=customer,
                subject="Compatibility question",
                bodies=bodies,
                fields=fields,
                policies=[],
                criteria=criteria,
                calls=calls,
                paragraphs=paragraphs,
                misses=misses,
                entities=[order_id, owned_id, wanted_id, str(customer["id"])],
            ),
        )

    return build


COMPAT_FAMILIES = tuple(
    Family(
        p.family,
        "information_retrieval" if p.family != "psu-gpu-power" else "problem_solving",
        ("computed_verdict",),
        _finder(p),
        _builder(p),
        ("compatibility", "orders"),
    )
    for p in PAIRINGS
)


def _discontinued(records: Records) -> list[tuple[str, str]]:
    customers = [
        c["id"]
        for c in records.rows("SELECT id FROM customers ORDER BY id")
        if c["id"] not in records.messy_customers
    ]
    rng = random.Random(f"successor:{records.world.definition.seed}")
    return [
        (m["entity_id"], c)
        for m in records.mess.get("discontinued_with_successor", [])
        for c in rng.sample(customers, min(6, len(customers)))
    ]


def build_successor(records: Records, entry: tuple[str, str], rng: random.Random) -> Draft:
    product_id, customer_id = entry
    old = records.product(product_id)
    new = records.product(str(old["superseded_by"]))
    customer = records.customer(customer_id)
    stock = records.row(
        "SELECT coalesce(sum(on_hand - reserved), 0) AS n FROM inventory WHERE product_id = ?",
        (new["id"],),
    )["n"]
    stocked = int(stock) > 0
    paragraphs = [
        f"The {old['brand']} {old['model']} has been discontinued, so we can't sell it any more.",
        f"Its successor is the {new['name']}, and I'd recommend the {new['model']} instead. "
        + ("It is in stock right now." if stocked else "It is out of stock at the moment."),
    ]
    criteria = [
        claim(
            "successor",
            "correctness",
            f"Recommends the successor {new['name']}",
            [
                f"recommend the {new['model']}",
                f"{new['model']} instead",
                f"successor is the {new['name']}",
            ],
            [f"recommend the {old['model']}", "still available", "can still order it"],
        ),
        claim(
            "stock",
            "correctness",
            f"Says the successor is {'in' if stocked else 'out of'} stock",
            ["is in stock", "in stock right now", "available now"]
            if stocked
            else ["out of stock", "not in stock", "none available"],
            ["out of stock", "not in stock"] if stocked else ["is in stock", "in stock right now"],
        ),
        unchanged("no-orders", "Places no order (the customer only asked)", ["orders"]),
    ]
    calls = [
        call("search_customers", email=customer["email"]),
        call("search_products", query=f"{old['brand']} {old['model']}"),
        call("get_product_details", product=product_id),
        call("check_inventory", product_ids=[new["id"]]),
    ]
    misses = [
        Miss(
            "sells the discontinued model",
            calls[:3],
            [
                f"Yes, you can still order the {old['model']}; I'd recommend the {old['model']} again."
            ],
            ["successor", "stock"],
        ),
        Miss(
            "gets the stock wrong",
            calls,
            [
                paragraphs[0],
                f"Its successor is the {new['name']}, and I'd recommend the {new['model']} instead. "
                + ("It is out of stock at the moment." if stocked else "It is in stock right now."),
            ],
            ["stock"],
        ),
    ]
    fields = {
        "thing": f"the {old['brand']} {old['model']}",
        "kind": product_words(old, rng),
        "first": customer["first_name"],
        "order": "",
        "when": "",
        "last4": str(customer["phone"])[-4:],
    }
    bodies = {
        "plain": [
            "I'd like to buy {thing} again, same as my last one. Can I still get it?",
            "Do you still sell {thing}? I need a second one.",
        ],
        "vague": ["{thing} i had before, u still have it?"],
        "angry": [
            "I can't find {thing} on your site any more. Is it gone? What am I supposed to buy instead?"
        ],
        "non_native": ["Hello, I want order again {thing}. Is it possible still?"],
    }
    return assemble(
        records,
        rng,
        Spec(
            family="discontinued-successor",
            customer=customer,
            subject="Product question",
            bodies=bodies,
            fields=fields,
            policies=[],
            criteria=criteria,
            calls=calls,
            paragraphs=paragraphs,
            misses=misses,
            entities=[product_id, str(new["id"]), customer_id],
        ),
    )


SUCCESSOR = Family(
    "discontinued-successor",
    "information_retrieval",
    ("planted_mess",),
    _discontinued,
    build_successor,
    ("compatibility", "products"),
)
