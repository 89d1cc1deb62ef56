"""The rows the support stage reads from the world the earlier stages wrote (SELECTs only)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from corecraft_mcp.world.clock import parse_ts
from corecraft_mcp.world.generate.catalogue_items import SPEC_COLUMNS


@dataclass(frozen=True)
class Customer:
    id: str
    first: str
    last: str
    email: str
    alt_email: str | None
    phone: str
    street: str
    city: str
    state: str
    postal_code: str
    tier: str
    created_at: dt.datetime

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    brand: str
    category: str
    price_cents: int
    discontinued: bool
    superseded_by: str | None
    premium_line: bool
    description: str
    specs: dict[str, Any]


@dataclass(frozen=True)
class Item:
    id: int
    product: Product
    quantity: int
    unit_price_cents: int
    condition: str
    final_sale: bool
    build_id: str | None


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


@dataclass(frozen=True)
class Return:
    id: str
    item_id: int
    quantity: int
    kind: str
    reason: str
    doa: bool
    status: str
    refund_cents: int
    restocking_fee_cents: int
    exchange_product_id: str | None
    price_difference_cents: int
    created_at: dt.datetime


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
    items: list[Item] = field(default_factory=list)
    shipment: Shipment | None = None
    returns: list[Return] = field(default_factory=list)

    def item(self, item_id: int) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Promotion:
    code: str
    description: str
    discount_type: str
    discount_value: int
    max_discount_cents: int | None
    min_spend_cents: int
    starts_on: str
    ends_on: str
    categories: str | None
    min_tier: str | None
    one_per_customer: bool


@dataclass(frozen=True)
class Tier:
    name: str
    rank: int
    return_window_days: int
    restocking_fee_pct: int
    price_match_days: int
    free_standard_over_cents: int
    free_expedited: bool
    min_spend_cents: int


@dataclass(frozen=True)
class Sla:
    id: str
    first_response_hours: int
    resolution_hours: int


@dataclass
class Facts:
    customers: dict[str, Customer]
    products: dict[str, Product]
    orders: dict[str, Order]
    promotions: list[Promotion]
    tiers: dict[str, Tier]
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


def _product(row: dict[str, Any], spec_columns: Sequence[str]) -> Product:
    return Product(
        id=row["id"],
        name=row["name"],
        brand=row["brand"],
        category=row["category"],
        price_cents=row["price_cents"],
        discontinued=bool(row["discontinued"]),
        superseded_by=row["superseded_by"],
        premium_line=bool(row["premium_line"]),
        description=row["description"],
        specs={c: row[c] for c in spec_columns if row[c] is not None},
    )


def load_facts(conn: sqlite3.Connection) -> Facts:
    customers = {
        r["id"]: Customer(
            id=r["id"],
            first=r["first_name"],
            last=r["last_name"],
            email=r["email"],
            alt_email=r["alt_email"],
            phone=r["phone"],
            street=r["street"],
            city=r["city"],
            state=r["state"],
            postal_code=r["postal_code"],
            tier=r["tier"],
            created_at=parse_ts(r["created_at"]),
        )
        for r in _rows(conn, "SELECT * FROM customers ORDER BY id")
    }
    products = {
        r["id"]: _product(r, SPEC_COLUMNS)
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
            Item(
                id=r["id"],
                product=products[r["product_id"]],
                quantity=r["quantity"],
                unit_price_cents=r["unit_price_cents"],
                condition=r["condition"],
                final_sale=bool(r["final_sale"]),
                build_id=r["build_id"],
            )
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
        orders[r["order_id"]].returns.append(
            Return(
                id=r["id"],
                item_id=r["order_item_id"],
                quantity=r["quantity"],
                kind=r["kind"],
                reason=r["reason"],
                doa=bool(r["doa"]),
                status=r["status"],
                refund_cents=r["refund_cents"],
                restocking_fee_cents=r["restocking_fee_cents"],
                exchange_product_id=r["exchange_product_id"],
                price_difference_cents=r["price_difference_cents"],
                created_at=parse_ts(r["created_at"]),
            )
        )
    return Facts(
        customers=customers,
        products=products,
        orders=orders,
        promotions=[
            Promotion(
                code=r["code"],
                description=r["description"],
                discount_type=r["discount_type"],
                discount_value=r["discount_value"],
                max_discount_cents=r["max_discount_cents"],
                min_spend_cents=r["min_spend_cents"],
                starts_on=r["starts_on"],
                ends_on=r["ends_on"],
                categories=r["categories"],
                min_tier=r["min_tier"],
                one_per_customer=bool(r["one_per_customer"]),
            )
            for r in _rows(conn, "SELECT * FROM promotions ORDER BY code")
        ],
        tiers={
            r["name"]: Tier(
                name=r["name"],
                rank=r["rank"],
                return_window_days=r["return_window_days"],
                restocking_fee_pct=r["restocking_fee_pct"],
                price_match_days=r["price_match_days"],
                free_standard_over_cents=r["free_standard_shipping_over_cents"],
                free_expedited=bool(r["free_expedited_shipping"]),
                min_spend_cents=r["min_lifetime_spend_cents"],
            )
            for r in _rows(conn, "SELECT * FROM loyalty_tiers ORDER BY rank")
        },
        slas={
            (r["tier"], r["priority"]): Sla(
                r["id"], r["first_response_hours"], r["resolution_hours"]
            )
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
