"""Product facts in ticket threads: compatibility answers, specs, stock and successors.

Answers are computed from the products' spec columns, so that what an agent told a customer in
the world agrees with what `validate_build_compatibility` and `get_product_details` return.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from corecraft_mcp.world.generate.support_facts import Facts, Order, product_specs
from corecraft_mcp.world.generate.support_fill_policy import day_text, money
from corecraft_mcp.world.models import Product

# (question, answer, verdict) about two parts
Answer = tuple[str, str, str]


def _types(text: str) -> set[str]:
    return {t.strip() for t in text.replace("/", ",").split(",") if t.strip()}


def _cpu_board(cpu: Product, board: Product) -> Answer | None:
    s1, s2 = cpu.socket, board.socket
    if not s1 or not s2:
        return None
    q = f"Will the {cpu.name} work on the {board.name}?"
    if s1 != s2:
        return (
            q,
            (
                f"No: the {cpu.name} is a {s1} processor and the {board.name} has a {s2} "
                f"socket, so it won't fit. You'd need a {s1} motherboard."
            ),
            "not compatible",
        )
    mem = board.memory_type
    if mem and cpu.memory_type and mem not in _types(cpu.memory_type):
        return (
            q,
            (
                f"Both are {s1}, but the {board.name} uses {mem} memory, which the "
                f"{cpu.name} doesn't support."
            ),
            "not compatible",
        )
    return (
        q,
        (
            f"Yes: both are socket {s1}, so the {cpu.name} fits the {board.name}. Older "
            "boards may need a BIOS update for newer CPUs."
        ),
        "compatible",
    )


def _memory_board(memory: Product, board: Product) -> Answer | None:
    t1, t2 = memory.memory_type, board.memory_type
    if not t1 or not t2:
        return None
    q = f"Does the {memory.name} work with the {board.name}?"
    if t1 not in _types(t2):
        return (
            q,
            (
                f"No: the {memory.name} is {t1} and the {board.name} takes {t2}; the "
                "slots are keyed differently."
            ),
            "not compatible",
        )
    sticks, slots = memory.memory_modules, board.memory_slots
    if sticks and slots and sticks > slots:
        return (
            q,
            (
                f"The type matches ({t1}), but the kit has {sticks} modules and the "
                f"{board.name} only has {slots} slots."
            ),
            "not compatible",
        )
    return q, f"Yes: both are {t1}, so the {memory.name} works in the {board.name}.", "compatible"


def _gpu_case(gpu: Product, case: Product) -> Answer | None:
    length, room = gpu.length_mm, case.max_gpu_length_mm
    if not length or not room:
        return None
    q = f"Will the {gpu.name} fit in the {case.name}?"
    if length > room:
        return (
            q,
            (
                f"No: the {gpu.name} is {length} mm long and the {case.name} takes cards up "
                f"to {room} mm, so it's {length - room} mm too long."
            ),
            "not compatible",
        )
    return (
        q,
        (
            f"Yes: the {gpu.name} is {length} mm long and the {case.name} takes cards up "
            f"to {room} mm, so it fits with {room - length} mm to spare."
        ),
        "compatible",
    )


def _gpu_psu(gpu: Product, psu: Product) -> Answer | None:
    need, watts = gpu.recommended_psu_watts, psu.wattage
    if not need or not watts:
        return None
    q = f"Is the {psu.name} enough for the {gpu.name}?"
    if watts < need:
        return (
            q,
            (
                f"No: the {gpu.name} calls for at least a {need} W power supply and the "
                f"{psu.name} delivers {watts} W. I'd go for {need} W or more."
            ),
            "not enough",
        )
    return (
        q,
        (
            f"Yes: the {gpu.name} calls for a {need} W power supply and the {psu.name} "
            f"delivers {watts} W."
        ),
        "compatible",
    )


def _cooler_case(cooler: Product, case: Product) -> Answer | None:
    height, room = cooler.height_mm, case.max_cooler_height_mm
    if not height or not room:
        return None
    q = f"Will the {cooler.name} fit in the {case.name}?"
    if height > room:
        return (
            q,
            (
                f"No: the {cooler.name} is {height} mm tall and the {case.name} fits "
                f"coolers up to {room} mm."
            ),
            "not compatible",
        )
    return (
        q,
        (
            f"Yes: the {cooler.name} is {height} mm tall and the {case.name} fits coolers "
            f"up to {room} mm."
        ),
        "compatible",
    )


# (part category, partner category) -> the check, with the part first
_PAIRS: dict[tuple[str, str], Callable[[Product, Product], Answer | None]] = {
    ("cpu", "motherboard"): _cpu_board,
    ("motherboard", "cpu"): lambda b, c: _cpu_board(c, b),
    ("memory", "motherboard"): _memory_board,
    ("motherboard", "memory"): lambda b, m: _memory_board(m, b),
    ("gpu", "case"): _gpu_case,
    ("case", "gpu"): lambda c, g: _gpu_case(g, c),
    ("gpu", "psu"): _gpu_psu,
    ("psu", "gpu"): lambda p, g: _gpu_psu(g, p),
    ("air_cooler", "case"): _cooler_case,
}


def compat_answer(
    rng: random.Random,
    facts: Facts,
    by_category: dict[str, list[Product]],
    part: Product | None,
    order: Order | None,
) -> tuple[Product, Product, Answer]:
    """Two parts and the answer about them: `part` (from the order) with a partner from the
    same order when there is one, else from the catalogue; a random pair when `part` is None."""
    pairs = [p for p in _PAIRS if part is None or p[0] == part.category]
    rng.shuffle(pairs)
    for first_cat, partner_cat in pairs:
        firsts = [part] if part is not None else by_category.get(first_cat, [])
        if not firsts:
            continue
        first = rng.choice(firsts)
        in_order = (
            [i.product for i in order.items if i.product.category == partner_cat] if (order) else []
        )
        partners = in_order or by_category.get(partner_cat, [])
        answers = [(p, a) for p in partners if (a := _PAIRS[(first_cat, partner_cat)](first, p))]
        if not answers:
            continue
        good = [x for x in answers if x[1][2] == "compatible"]
        # Customers mostly ask about sensible combinations; some are not.
        pool = good if good and not in_order and rng.random() < 0.6 else answers
        partner, answer = rng.choice(pool)
        return first, partner, answer
    fallback = part or rng.choice(by_category["cpu"])
    return (
        fallback,
        fallback,
        (
            f"Is the {fallback.name} a good fit for a new build?",
            f"The {fallback.name} is a solid choice; {spec_line(fallback)}",
            "general advice",
        ),
    )


_SPEC_PHRASES: dict[str, str] = {
    "socket": "socket {v}",
    "chipset": "{v} chipset",
    "form_factor": "{v} form factor",
    "memory_type": "{v} memory",
    "memory_slots": "{v} memory slots",
    "max_memory_gb": "up to {v} GB of RAM",
    "memory_modules": "{v} modules",
    "capacity_gb": "{v} GB capacity",
    "m2_slots": "{v} M.2 slots",
    "interface": "{v} interface",
    "storage_form_factor": "{v} form factor",
    "tdp_watts": "{v} W TDP",
    "wattage": "{v} W output",
    "recommended_psu_watts": "a {v} W power supply recommended",
    "length_mm": "{v} mm long",
    "max_gpu_length_mm": "graphics cards up to {v} mm",
    "height_mm": "{v} mm tall",
    "max_cooler_height_mm": "CPU coolers up to {v} mm tall",
    "radiator_mm": "{v} mm radiator",
    "max_radiator_mm": "radiators up to {v} mm",
    "supported_sockets": "sockets {v}",
    "cooler_tdp_watts": "rated for {v} W",
    "psu_form_factor": "{v} power supplies",
    "efficiency": "{v} efficiency",
}


def spec_line(product: Product) -> str:
    specs = [
        _SPEC_PHRASES[k].format(v=str(v).replace(",", ", "))
        for k, v in product_specs(product).items()
        if k in _SPEC_PHRASES
    ]
    detail = ", ".join(specs) if specs else product.description.split(". ")[0].rstrip(".")
    return f"the {product.name} is {money(product.price_cents)}: {detail}."


def stock_line(facts: Facts, product: Product) -> str:
    available, restock = facts.stock.get(product.id, (0, None))
    if available > 0:
        return (
            f"the {product.name} is in stock ({available} units across our warehouses), "
            "so it ships within one business day."
        )
    if restock:
        return (
            f"the {product.name} is out of stock at all our warehouses; the next restock "
            f"is expected on {day_text(dt.date.fromisoformat(restock))}."
        )
    return f"the {product.name} is out of stock and there's no restock date yet."


def successor_line(facts: Facts, product: Product) -> str:
    successor = facts.products.get(product.superseded_by or "")
    if successor is None:
        return (
            "There's no direct successor, but I'm happy to suggest a current model with "
            "similar specs."
        )
    return (
        f"Its successor is the {successor.name} at {money(successor.price_cents)}, which "
        "replaces it in our range."
    )
