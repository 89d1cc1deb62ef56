"""Rows of the order history, as the commerce stage writes them: orders with their items and
status history, returns, custom builds, and the stock reserved for orders still open."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from typing import Any

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.generate.commerce_model import Order
from corecraft_mcp.world.generate.context import GenContext

FIRST_RMA_NUMBER = 50_001
_BUILD_STATUS = {
    "pending": "ordered",
    "processing": "assembled",
    "shipped": "shipped",
    "delivered": "delivered",
    "returned": "delivered",
}


def order_rows(
    orders: Sequence[Order],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(order_items, orders, order_status_history) rows; numbers the items."""
    items: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    for order in orders:
        address = order.ship_to
        assert address is not None
        for item in order.items:
            item.id = len(items) + 1
            items.append(
                {
                    "id": item.id,
                    "order_id": order.id,
                    "product_id": item.product.id,
                    "quantity": item.quantity,
                    "unit_price_cents": item.unit_price_cents,
                    "condition": item.condition,
                    "final_sale": int(item.final_sale),
                    "build_id": order.build_id if item.in_build else None,
                }
            )
        rows.append(
            {
                "id": order.id,
                "customer_id": order.customer.id,
                "status": order.status,
                "placed_at": iso_ts(order.placed_at),
                "subtotal_cents": order.subtotal_cents,
                "discount_cents": order.discount_cents,
                "shipping_cents": order.shipping_cents,
                "total_cents": order.total_cents,
                "promotion_code": order.promotion.terms.code if order.promotion else None,
                "shipping_method": order.method,
                "ship_name": order.customer.name,
                "ship_street": address.street,
                "ship_city": address.city,
                "ship_state": address.state,
                "ship_postal_code": address.postal_code,
                "payment_method": order.payment_method,
                "card_last4": order.card_last4,
                "captured_cents": order.captured_cents,
                "refunded_cents": order.refunded_cents,
                "notes": " ".join(order.notes),
                "updated_at": iso_ts(max(e.at for e in order.history)),
            }
        )
        history.extend(
            {"order_id": order.id, "status": e.status, "at": iso_ts(e.at), "note": e.note}
            for e in sorted(order.history, key=lambda e: e.at)
        )
    return items, rows, history


def return_rows(orders: Sequence[Order]) -> list[dict[str, Any]]:
    """order_returns rows, numbered in the order they were opened."""
    pending = sorted(
        ((r.created_at, o.id, n, o, r) for o in orders for n, r in enumerate(o.returns)),
        key=lambda t: t[:3],
    )
    rows: list[dict[str, Any]] = []
    for number, (_, _, _, order, ret) in enumerate(pending, start=FIRST_RMA_NUMBER):
        ret.id = f"RMA-{number}"
        rows.append(
            {
                "id": ret.id,
                "order_id": order.id,
                "order_item_id": ret.item.id,
                "quantity": ret.quantity,
                "kind": ret.kind,
                "reason": ret.reason,
                "doa": int(ret.doa),
                "opened": int(ret.opened),
                "status": ret.status,
                "refund_cents": ret.refund_cents,
                "restocking_fee_cents": ret.fee_cents,
                "exchange_product_id": ret.exchange_product.id if ret.exchange_product else None,
                "price_difference_cents": ret.price_difference_cents,
                "created_at": iso_ts(ret.created_at),
                "notes": ret.notes,
            }
        )
    return rows


def _next_build_number(ctx: GenContext) -> int:
    numbers = [
        int(match.group(1))
        for (build_id,) in ctx.conn.execute("SELECT id FROM builds")
        if (match := re.fullmatch(r"BLD-(\d+)", build_id))
    ]
    return max(numbers, default=0) + 1


def build_rows(
    ctx: GenContext, rng: random.Random, orders: Sequence[Order]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Custom builds for the build orders (not cancelled): builds and build_components rows;
    sets each order's build id for its items."""
    number = _next_build_number(ctx)
    builds: list[dict[str, Any]] = []
    components: list[dict[str, Any]] = []
    for order in orders:
        if order.kind != "build" or order.status == "cancelled":
            continue
        order.build_id = f"BLD-{number:04d}"
        number += 1
        parts = [i for i in order.items if i.in_build and i.product.category != "service"]
        service = next(i for i in order.items if i.in_build and i.product.category == "service")
        by_category = {i.product.category: i.product for i in parts}
        cpu, gpu = by_category.get("cpu"), by_category.get("gpu")
        label = " / ".join(p.model for p in (cpu, gpu) if p is not None)
        drafted = max(
            order.customer.created_at, order.placed_at - dt.timedelta(hours=rng.randint(1, 240))
        )
        status = _BUILD_STATUS[order.status]
        if order.status == "processing" and ctx.now - order.placed_at < dt.timedelta(days=1):
            status = "ordered"  # assembly takes a day or more after the order is captured
        builds.append(
            {
                "id": order.build_id,
                "name": f"{order.customer.first_name}'s {label} build",
                "kind": "custom",
                "customer_id": order.customer.id,
                "product_id": None,
                "order_id": order.id,
                "assembled": 1,
                "status": status,
                "created_at": iso_ts(drafted),
                "notes": f"Assembled by CoreCraft ({service.product.name}).",
            }
        )
        components.extend(
            {"build_id": order.build_id, "product_id": i.product.id, "quantity": i.quantity}
            for i in parts
        )
    return builds, components


def reserve_stock(ctx: GenContext, orders: Sequence[Order]) -> None:
    """Reserve the units of orders not yet shipped, at the order's warehouse first; never more
    than is on hand (a unit not there is backordered)."""
    stock: dict[tuple[str, str], list[int]] = {
        (pid, wh): [row_id, on_hand, reserved]
        for row_id, pid, wh, on_hand, reserved in ctx.conn.execute(
            "SELECT id, product_id, warehouse, on_hand, reserved FROM inventory ORDER BY id"
        )
    }
    warehouses = sorted({wh for _, wh in stock})
    touched: set[tuple[str, str]] = set()
    for order in orders:
        if order.status not in ("pending", "processing"):
            continue
        for item in order.items:
            if item.product.category == "service":
                continue
            for wh in [order.warehouse, *(w for w in warehouses if w != order.warehouse)]:
                entry = stock.get((item.product.id, wh))
                if entry and entry[1] - entry[2] >= item.quantity:
                    entry[2] += item.quantity
                    touched.add((item.product.id, wh))
                    break
    ctx.conn.executemany(
        "UPDATE inventory SET reserved = ? WHERE id = ?",
        [(stock[key][2], stock[key][0]) for key in sorted(touched)],
    )
