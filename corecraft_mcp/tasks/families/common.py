"""Pieces several families share: picking order lines, the fields every message template may
use, and the calls that identify a customer and open an order."""

from __future__ import annotations

import random
from typing import Any

from corecraft_mcp.tasks.families.base import call
from corecraft_mcp.tasks.families.phrasing import product_words, spoken_date
from corecraft_mcp.tasks.families.records import Records, Row, day
from corecraft_mcp.tasks.models import ToolCall


def clean_delivered_lines(records: Records, *, final_sale: bool | None = False) -> list[Row]:
    """Delivered order lines on orders and customers no planted mess touches, never returned,
    not part of a build, not a service line."""
    rows = records.rows(
        "SELECT i.id AS line_id, i.order_id, i.product_id, i.quantity, i.unit_price_cents,"
        " i.condition, i.final_sale, o.customer_id, o.placed_at FROM order_items i"
        " JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id"
        " WHERE o.status = 'delivered' AND i.build_id IS NULL AND p.category <> 'service'"
        " AND NOT EXISTS (SELECT 1 FROM order_returns r WHERE r.order_id = o.id)"
        " ORDER BY i.id"
    )
    keep = []
    for r in rows:
        if r["order_id"] in records.messy_orders or r["customer_id"] in records.messy_customers:
            continue
        if final_sale is not None and bool(r["final_sale"]) != final_sale:
            continue
        keep.append(r)
    return keep


def order_fields(records: Records, order: Row, product: Row, rng: random.Random) -> dict[str, Any]:
    customer = records.customer(str(order["customer_id"]))
    placed = day(str(order["placed_at"]))
    return {
        "order": order["id"],
        "thing": product_words(product, rng),
        "when": f"back in {placed:%B}" if rng.random() < 0.5 else f"around {spoken_date(placed)}",
        "last4": str(customer["phone"])[-4:],
        "first": customer["first_name"],
    }


def lookup_calls(customer: Row, order_id: str, *, shipping: bool = False) -> list[ToolCall]:
    calls = [
        call("search_customers", email=customer["email"]),
        call("get_order_details", order_id=order_id),
    ]
    if shipping:
        calls.append(call("get_shipping_status", order_id=order_id))
    return calls


def distinct(values: list[str], *, avoid: str) -> list[str]:
    """Wrong alternatives: unique, none of them a phrase the right reply writes."""
    seen: list[str] = []
    for v in values:
        if v and v not in seen and v not in avoid:
            seen.append(v)
    return seen
