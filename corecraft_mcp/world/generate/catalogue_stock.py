"""Stock per product and warehouse: most lines in stock, some sold out awaiting a restock,
discontinued products selling off their last units, services unlimited."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

# Services are not stocked goods; a large nominal quantity keeps them always orderable.
SERVICE_STOCK = 999
_OUT_OF_STOCK_CHANCE = 0.08
_LOW_STOCK_RESTOCK_CHANCE = 0.4


def _typical_stock(price_cents: int) -> tuple[int, int]:
    """Units a warehouse keeps of a product at this price (cheaper items move in volume)."""
    if price_cents < 10_000:
        return 15, 120
    if price_cents < 30_000:
        return 6, 60
    if price_cents < 80_000:
        return 3, 25
    return 1, 10


def inventory_rows(
    products: Sequence[dict[str, Any]],
    warehouses: Sequence[str],
    today: dt.date,
    rng: random.Random,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for product in products:
        for warehouse in warehouses:
            on_hand, restock = _stock(product, today, rng)
            reserved = 0
            if on_hand and rng.random() < 0.35:
                reserved = rng.randint(1, max(1, on_hand // 4))
            rows.append(
                {
                    "product_id": product["id"],
                    "warehouse": warehouse,
                    "on_hand": on_hand,
                    "reserved": reserved,
                    "restock_date": restock.isoformat() if restock else None,
                }
            )
    return rows


def _stock(
    product: dict[str, Any], today: dt.date, rng: random.Random
) -> tuple[int, dt.date | None]:
    if product["category"] == "service":
        return SERVICE_STOCK, None
    if product["discontinued"]:
        return rng.choice((0, 0, 0, 1, 2, 3)), None
    if product["category"] == "prebuilt":
        # Assembled to order from component stock: a few ready units per warehouse.
        return rng.randint(2, 12), None
    if rng.random() < _OUT_OF_STOCK_CHANCE:
        return 0, today + dt.timedelta(days=rng.randint(3, 45))
    low, high = _typical_stock(int(product["price_cents"]))
    on_hand = rng.randint(low, high)
    if on_hand <= 3 and rng.random() < _LOW_STOCK_RESTOCK_CHANCE:
        return on_hand, today + dt.timedelta(days=rng.randint(5, 30))
    return on_hand, None
