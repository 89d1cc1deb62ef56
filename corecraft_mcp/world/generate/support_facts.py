"""The rows the support stage reads from the world the earlier stages wrote (SELECTs only).

Entities are the world's own row models (corecraft_mcp.world.models); the only shapes defined
here are the support stage's views of an order (the order with its items, first shipment and
returns, times parsed) and the Facts that bundle what the stage reads.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corecraft_mcp.world.clock import parse_ts
from corecraft_mcp.world.generate.catalogue_items import SPEC_COLUMNS
from corecraft_mcp.world.models import (
    Customer,
    LoyaltyTier,
    OrderReturn,
    Product,
    Promotion,
    PurchasedItem,
    Sla,
)


@dataclass(frozen=True)
class Shipment:
    carrier: str
    service_level: str
    tracking: str
    status: str
    shipped_at: dt.datetime | None
    promised: dt.date | None
    delivered_at: dt.datetime | None
    exception: str | None


@dataclass
class Order:
    id: str
    customer_id: str
    status: str
    placed_at: dt.datetime
    subtotal_cents: int
    discount_cents: int
    shipping_cents: int
    total_cents: int
    promotion_code: str | None
    shipping_method: str
    ship_address: str
    ship_state: str
    payment_method: str | None
    card_last4: str | None
    captured_cents: int | None
    cancelled_at: dt.datetime | None = None
    items: list[PurchasedItem] = field(default_factory=list)
    shipment: Shipment | None = None
    returns: list[OrderReturn] = field(default_factory=list)

    def item(self, item_id: int) -> PurchasedItem | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass
class Facts:
    customers: dict[str, Customer]
    products: dict[str, Product]
    orders: dict[str, Order]
    promotions: list[Promotion]
    tiers: dict[str, LoyaltyTier]
    slas: dict[tuple[str, str], Sla]
    # product id -> (units available across warehouses, earliest restock date)
    stock: dict[str, tuple[int, str | None]]
    # build id -> (name, assembled)
    builds: dict[str, tuple[str, bool]]
    # customer id -> detail of its planted stale address
    stale_addresses: dict[str, dict[str, Any]]
    # (duplicate profile id, original profile id)
    duplicates: list[tuple[str, str]]


def _ts(text: str | None) -> dt.datetime | None:
    return parse_ts(text) if text else None


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cur = conn.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def joined_at(customer: Customer) -> dt.datetime:
    return parse_ts(customer.created_at)


def opened_at(ret: OrderReturn) -> dt.datetime:
    """When the return (RMA) was opened."""
    return parse_ts(ret.created_at)


def product_specs(product: Product, spec_columns: Sequence[str] = SPEC_COLUMNS) -> dict[str, Any]:
    """The spec columns a product fills (the others are None for its category)."""
    values = product.model_dump(include=set(spec_columns))
    return {c: values[c] for c in spec_columns if values[c] is not None}


def load_facts(conn: sqlite3.Connection) -> Facts:
    customers = {
        r["id"]: Customer.model_validate(r)
        for r in _rows(conn, "SELECT * FROM customers ORDER BY id")
    }
    products = {
        r["id"]: Product.model_validate(r)
        for r in _rows(conn, "SELECT * FROM products ORDER BY id")
    }
    orders: dict[str, Order] = {}
    for r in _rows(conn, "SELECT * FROM orders ORDER BY id"):
        orders[r["id"]] = Order(
            id=r["id"],
            customer_id=r["customer_id"],
            status=r["status"],
            placed_at=parse_ts(r["placed_at"]),
            subtotal_cents=r["subtotal_cents"],
            discount_cents=r["discount_cents"],
            shipping_cents=r["shipping_cents"],
            total_cents=r["total_cents"],
            promotion_code=r["promotion_code"],
            shipping_method=r["shipping_method"],
            ship_address=(
                f"{r['ship_street']}, {r['ship_city']}, {r['ship_state']} {r['ship_postal_code']}"
            ),
            ship_state=r["ship_state"],
            payment_method=r["payment_method"],
            card_last4=r["card_last4"],
            captured_cents=r["captured_cents"],
        )
    for r in _rows(conn, "SELECT * FROM order_items ORDER BY id"):
        orders[r["order_id"]].items.append(
            PurchasedItem.model_validate({**r, "product": products[r["product_id"]]})
        )
    for r in _rows(
        conn, "SELECT * FROM shipping_records ORDER BY order_id, shipped_at IS NULL, shipped_at, id"
    ):
        if orders[r["order_id"]].shipment is not None:
            continue  # an order shipped in several parcels is described by its first one
        orders[r["order_id"]].shipment = Shipment(
            carrier=r["carrier"],
            service_level=r["service_level"],
            tracking=r["tracking_number"],
            status=r["status"],
            shipped_at=_ts(r["shipped_at"]),
            promised=dt.date.fromisoformat(r["promised_date"]) if r["promised_date"] else None,
            delivered_at=_ts(r["delivered_at"]),
            exception=r["exception"],
        )
    for r in _rows(
        conn,
        "SELECT order_id, MIN(at) AS at FROM order_status_history "
        "WHERE status = 'cancelled' GROUP BY order_id ORDER BY order_id",
    ):
        orders[r["order_id"]].cancelled_at = parse_ts(r["at"])
    for r in _rows(conn, "SELECT * FROM order_returns ORDER BY created_at, id"):
        orders[r["order_id"]].returns.append(OrderReturn.model_validate(r))
    return Facts(
        customers=customers,
        products=products,
        orders=orders,
        promotions=[
            Promotion.model_validate(r)
            for r in _rows(conn, "SELECT * FROM promotions ORDER BY code")
        ],
        tiers={
            r["name"]: LoyaltyTier.model_validate(r)
            for r in _rows(conn, "SELECT * FROM loyalty_tiers ORDER BY rank")
        },
        slas={
            (r["tier"], r["priority"]): Sla.model_validate(r)
            for r in _rows(conn, "SELECT * FROM slas ORDER BY id")
        },
        stock={
            r["product_id"]: (r["available"], r["restock"])
            for r in _rows(
                conn,
                "SELECT product_id, SUM(on_hand - reserved) AS available, "
                "MIN(restock_date) AS restock FROM inventory "
                "GROUP BY product_id ORDER BY product_id",
            )
        },
        builds={
            r["id"]: (r["name"], bool(r["assembled"]))
            for r in _rows(conn, "SELECT id, name, assembled FROM builds ORDER BY id")
        },
        stale_addresses=_planted(conn, "stale_address"),
        duplicates=[
            (entity_id, str(detail.get("original_id", "")))
            for entity_id, detail in _planted(conn, "duplicate_customer").items()
        ],
    )


def _planted(conn: sqlite3.Connection, kind: str) -> dict[str, dict[str, Any]]:
    return {
        entity_id: json.loads(detail)
        for entity_id, detail in conn.execute(
            "SELECT entity_id, detail FROM planted_mess WHERE kind = ? ORDER BY id", (kind,)
        )
    }
