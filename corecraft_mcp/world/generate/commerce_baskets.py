"""What customers put in their carts: baskets of real products sold at the time, priced as they
were then, and the parts lists of custom builds (proved by the compatibility engine)."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from itertools import accumulate

from corecraft_mcp.world.compatibility import CompatibilityRule, ProductSpec, check_compatibility
from corecraft_mcp.world.generate.commerce_model import Item
from corecraft_mcp.world.models import Product

# Basket kinds and how often they occur (custom builds are chosen apart, by count).
BASKET_KINDS: tuple[tuple[str, int], ...] = (
    ("peripherals", 26),
    ("upgrade", 40),
    ("mixed", 22),
    ("prebuilt", 7),
    ("storage", 5),
)
UPGRADE_CATEGORIES: tuple[tuple[str, int], ...] = (
    ("gpu", 30),
    ("ssd", 16),
    ("memory", 12),
    ("cpu", 10),
    ("psu", 7),
    ("monitor", 8),
    ("air_cooler", 5),
    ("liquid_cooler", 4),
    ("case", 4),
    ("motherboard", 4),
)
# Discontinued products left the shelves before their successors took over; orders this close
# to today no longer include them.
DISCONTINUED_FOR_DAYS = 120
# Condition of a few lines: open-box and refurbished units sell at a discount.
CONDITION_DISCOUNT: dict[str, float] = {"open_box": 0.15, "refurbished": 0.25}
CORECARE_MARK = "CoreCare+"
ASSEMBLY_MARK = "Assembly"
_BAND = re.compile(r"\$([\d,]+(?:\.\d\d)?)-\$([\d,]+\.\d\d)")


class Shelf:
    """The catalogue as a shop sold it on a given day."""

    def __init__(self, products: Sequence[Product], today: dt.date) -> None:
        self.today = today
        # on_sale per (category, day): baskets ask for the same day and category again and again
        self._on_sale: dict[tuple[str, str], list[Product]] = {}
        self._popularity: dict[tuple[str, str], list[float]] = {}
        self.by_category: dict[str, list[Product]] = {}
        for product in products:
            self.by_category.setdefault(product.category, []).append(product)
        services = self.by_category.get("service", [])
        self.corecare = sorted(
            (p for p in services if CORECARE_MARK in p.name), key=lambda p: p.price_cents
        )
        assembly = sorted(
            (p for p in services if ASSEMBLY_MARK in p.name), key=lambda p: p.price_cents
        )
        self.assembly = assembly
        self.specs = {p.id: ProductSpec.model_validate(p.model_dump()) for p in products}

    def on_sale(self, category: str, day: dt.date) -> list[Product]:
        """The category's products on sale on the day: worked out once per category and day
        (baskets ask again and again), a fresh copy each time (builds shuffle theirs)."""
        stamp = day.isoformat()
        found = self._on_sale.get((category, stamp))
        if found is None:
            cutoff = (self.today - dt.timedelta(days=DISCONTINUED_FOR_DAYS)).isoformat()
            found = self._on_sale[(category, stamp)] = [
                p
                for p in self.by_category.get(category, [])
                if p.release_date <= stamp and not (p.discontinued and stamp > cutoff)
            ]
        return list(found)

    def pick(self, rng: random.Random, category: str, day: dt.date) -> Product | None:
        """A product of the category on sale on the day, mainstream prices likelier (the weights
        summed once per category and day)."""
        products = self.on_sale(category, day)
        if not products:
            return None
        key = (category, day.isoformat())
        cumulative = self._popularity.get(key)
        if cumulative is None:
            cumulative = self._popularity[key] = list(accumulate(_popularity(p) for p in products))
        # The same draw as choices(products, weights=...): it sums the weights to these first.
        return rng.choices(products, cum_weights=cumulative)[0]

    def builds_possible_from(self) -> str:
        """The first day every part of a custom build (and the assembly service) was on sale."""
        firsts = []
        for slot in _BUILD_ORDER:
            categories = ("air_cooler", "liquid_cooler") if slot == "cooler" else (slot,)
            dates = [p.release_date for c in categories for p in self.by_category.get(c, [])]
            firsts.append(min(dates, default="9999-12-31"))
        firsts.append(min((p.release_date for p in self.assembly), default="9999-12-31"))
        return max(firsts)

    def corecare_for(self, price_cents: int) -> Product | None:
        """The CoreCare+ plan whose price band (in its name) covers an item at this price."""
        for plan in self.corecare:
            match = _BAND.search(plan.name)
            if match:
                low = float(match.group(1).replace(",", "")) * 100
                high = float(match.group(2).replace(",", "")) * 100
                if low <= price_cents <= high:
                    return plan
        return None


def price_then(rng: random.Random, product: Product, placed: dt.datetime, now: dt.datetime) -> int:
    """The unit price when the order was placed: today's price for recent orders, drifting
    further from it (mostly higher: hardware gets cheaper) the older the order."""
    if product.category == "service":
        return product.price_cents
    age = (now - placed).days
    if age < 30 or rng.random() < 0.35:
        return product.price_cents
    drift = rng.uniform(-0.04, 0.12) * min(1.0, age / 365)
    dollars = max(1, round(product.price_cents * (1 + drift) / 100))
    return dollars * 100 - 1 if product.price_cents % 100 == 99 else dollars * 100


def _line(
    rng: random.Random, product: Product, placed: dt.datetime, now: dt.datetime, quantity: int = 1
) -> Item:
    unit = price_then(rng, product, placed, now)
    condition = "new"
    if product.category not in ("service", "prebuilt") and rng.random() < 0.05:
        condition = rng.choice(("open_box", "open_box", "refurbished"))
        unit = round(unit * (1 - CONDITION_DISCOUNT[condition]))
    # Clearance is today's state: only recent orders bought these items as final sale.
    final_sale = product.final_sale and (now - placed).days <= DISCONTINUED_FOR_DAYS
    return Item(product, quantity, unit, condition, final_sale)


def _popularity(product: Product) -> float:
    """Mainstream prices sell more than halo products."""
    return 1.0 / (1 + product.price_cents / 60_000)


def basket(
    rng: random.Random, shelf: Shelf, kind: str, placed: dt.datetime, now: dt.datetime
) -> list[Item]:
    """1 to 5 lines of products on sale on the day, by kind of shopping trip."""
    day = placed.date()
    wanted: list[str]
    if kind == "peripherals":
        wanted = rng.choices(["peripheral", "monitor"], weights=[3, 1], k=rng.randint(1, 3))
    elif kind == "upgrade":
        names = [c for c, _ in UPGRADE_CATEGORIES]
        weights = [w for _, w in UPGRADE_CATEGORIES]
        wanted = list(dict.fromkeys(rng.choices(names, weights=weights, k=rng.randint(1, 3))))
        if "cpu" in wanted and rng.random() < 0.6:
            wanted.append("motherboard")
    elif kind == "prebuilt":
        wanted = ["prebuilt", *rng.choices(["monitor", "peripheral"], k=rng.randint(0, 2))]
    elif kind == "storage":
        wanted = rng.choices(["ssd", "hdd"], weights=[2, 1], k=rng.randint(1, 2))
    else:
        names = [*(c for c, _ in UPGRADE_CATEGORIES), "peripheral", "hdd"]
        wanted = rng.sample(names, rng.randint(2, 4))
    items: list[Item] = []
    seen: set[str] = set()
    for category in wanted[:5]:
        product = shelf.pick(rng, category, day)
        if product is None or product.id in seen:
            continue
        seen.add(product.id)
        quantity = 1
        if category in ("peripheral", "hdd") and rng.random() < 0.2:
            quantity = rng.randint(2, 3)
        elif category == "memory" and rng.random() < 0.15:
            quantity = 2
        items.append(_line(rng, product, placed, now, quantity))
    _add_corecare(rng, shelf, items, placed)
    return items[:5]


def _add_corecare(rng: random.Random, shelf: Shelf, items: list[Item], placed: dt.datetime) -> None:
    """A CoreCare+ plan for the priciest item of some orders (sold per item, by price band)."""
    hardware = [i for i in items if i.product.category not in ("service",)]
    if not hardware or len(items) >= 5 or rng.random() > 0.14:
        return
    top = max(hardware, key=lambda i: i.unit_price_cents)
    plan = shelf.corecare_for(top.unit_price_cents)
    if plan is not None and plan.release_date <= placed.date().isoformat():
        items.append(Item(plan, 1, plan.price_cents))


_BUILD_ORDER = ("cpu", "motherboard", "memory", "gpu", "case", "cooler", "psu", "ssd")


def _fits(
    shelf: Shelf, part: Product, chosen: dict[str, Product], rules: list[CompatibilityRule]
) -> bool:
    specs = [shelf.specs[p.id] for p in (*chosen.values(), part)]
    return check_compatibility(specs, rules).compatible


def build_parts(
    rng: random.Random,
    shelf: Shelf,
    rules: list[CompatibilityRule],
    placed: dt.datetime,
    now: dt.datetime,
) -> list[Item] | None:
    """A compatible custom build from parts on sale on the day, plus assembly; None when the
    shelf could not complete one."""
    day = placed.date()
    chosen: dict[str, Product] = {}
    for slot in _BUILD_ORDER:
        if slot == "cooler":
            options = shelf.on_sale("air_cooler", day) + shelf.on_sale("liquid_cooler", day)
        else:
            options = shelf.on_sale(slot, day)
        rng.shuffle(options)
        part = next((p for p in options if _fits(shelf, p, chosen, rules)), None)
        if part is None:
            return None
        chosen[slot] = part
    items = [_line(rng, p, placed, now) for p in chosen.values()]
    for item in items:
        item.condition, item.final_sale, item.in_build = "new", False, True
        item.unit_price_cents = price_then(rng, item.product, placed, now)
    if rng.random() < 0.25:
        extra = shelf.pick(rng, "ssd", day)
        fits = extra is not None and _fits(shelf, extra, chosen, rules)
        if extra is not None and fits and extra.id != chosen["ssd"].id:
            items.append(Item(extra, 1, price_then(rng, extra, placed, now), in_build=True))
    services = [p for p in shelf.assembly if p.release_date <= day.isoformat()]
    if not services:
        return None
    service = services[-1] if rng.random() < 0.3 else services[0]
    items.append(Item(service, 1, service.price_cents, in_build=True))
    return items
