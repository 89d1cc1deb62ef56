"""Parts bought together fit each other: the compatibility engine vets every basket.

A basket whose parts do not fit (an AM4 CPU with an AM5 board, DDR4 memory for a DDR5 board)
takes, for one of its parts, the fitting product of the same category on sale that day whose
price is closest to what the line was charged (within a quarter of it, else half, else as much
again), as a shopper who checked would have; the smallest change of money wins. This runs once the order's money, timeline and returns are drawn: a swap keeps the
line's price, so it never reshuffles the rest of the history. Parts a record names (a backorder
note, an exchange) stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from corecraft_mcp.world.basket_rules import PART_CATEGORIES, basket_rules
from corecraft_mcp.world.compatibility import CompatibilityRule, check_compatibility
from corecraft_mcp.world.generate.commerce_baskets import Shelf
from corecraft_mcp.world.generate.commerce_model import Item, Order
from corecraft_mcp.world.models import Product

# How far the replacement's price may be from the line's: the nearest band that has one.
PRICE_SLACKS = (0.25, 0.5, 1.0)


def basket_parts(order: Order) -> list[Item]:
    return [i for i in order.items if i.product.category in PART_CATEGORIES]


def fits(shelf: Shelf, products: Sequence[Product], rules: Sequence[CompatibilityRule]) -> bool:
    return check_compatibility([shelf.specs[p.id] for p in products], rules).compatible


def fit_baskets(
    orders: Sequence[Order], shelf: Shelf, rules: Sequence[CompatibilityRule]
) -> list[Order]:
    """Make every basket's parts fit; returns the orders that still do not (rare: no fitting
    part near the price was on sale that day), for the generator to plant as such."""
    rules = basket_rules(rules)
    left = []
    for order in orders:
        if order.kind == "build":
            continue  # proved part by part when drafted
        parts = basket_parts(order)
        if len(parts) < 2 or fits(shelf, [i.product for i in parts], rules):
            continue
        for _ in parts:  # one swap per round, until the parts fit
            if not _refit(order, parts, shelf, rules):
                left.append(order)
                break
            if fits(shelf, [i.product for i in parts], rules):
                break
        else:
            left.append(order)
    return left


def _clear(
    shelf: Shelf, part: Product, others: list[Product], rules: Sequence[CompatibilityRule]
) -> bool:
    """Whether a part fits the others (errors among the others alone are theirs to clear)."""
    report = check_compatibility([shelf.specs[p.id] for p in (*others, part)], rules)
    return all(part.id not in issue.product_ids for issue in report.errors)


def _named(order: Order, item: Item) -> bool:
    """Whether a record already names the item's product (a note, an exchange)."""
    name = item.product.name
    return any(name in e.note for e in order.history) or any(
        r.item is item and r.kind == "exchange" for r in order.returns
    )


def _refit(
    order: Order, parts: list[Item], shelf: Shelf, rules: Sequence[CompatibilityRule]
) -> bool:
    day = order.placed_at.date()
    report = check_compatibility([shelf.specs[i.product.id] for i in parts], rules)
    involved = {pid for issue in report.errors for pid in issue.product_ids}
    for slack in PRICE_SLACKS:
        best: tuple[int, int, str, Item, Product] | None = None
        for index, item in enumerate(parts):
            if item.product.id not in involved or _named(order, item):
                continue
            others = [p.product for p in parts if p is not item]
            price = item.unit_price_cents
            for option in shelf.on_sale(item.product.category, day):
                gap = abs(option.price_cents - price)
                if (
                    option.final_sale == item.product.final_sale
                    and gap <= slack * price
                    and _clear(shelf, option, others, rules)
                ):
                    # The smallest change of money wins; on a tie, the later pick gives way.
                    candidate = (gap, -index, option.id, item, option)
                    if best is None or candidate[:3] < best[:3]:
                        best = candidate
        if best is not None:
            best[3].product = best[4]
            return True
    return False
