"""What the commerce stages read from the world so far, and the drafts they build before writing.

Products are the world's row model; Customer here is the simulation's running state of a
customer (address moves, spend, credit), and Order, Item, Shipment and Return are drafts of the
rows the writer inserts, so none of them is a second shape of a world row.

Products, customers, tiers and the policy versions in force are read from the tables the
earlier stages wrote (never from their modules), so the order history is consistent with
whatever catalogue and policies the world has.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any, TypeVar

from corecraft_mcp.world.clock import parse_ts
from corecraft_mcp.world.definition import ShippingService
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.models import LoyaltyTier, Product
from corecraft_mcp.world.models import Promotion as PromotionRow
from corecraft_mcp.world.rules import PromoTerms, TierRule


@dataclass(frozen=True)
class Address:
    street: str
    city: str
    state: str
    postal_code: str


@dataclass
class Customer:
    id: str
    first_name: str
    last_name: str
    created_at: dt.datetime
    legacy_spend_cents: int
    address: Address
    # stale address plant: after this moment the customer lives at new_address
    moved_at: dt.datetime | None = None
    new_address: Address | None = None
    # running state while the history is simulated
    spend_cents: int = 0  # legacy + net of orders so far (not cancelled)
    store_credit_events: list[tuple[dt.datetime, int]] = field(default_factory=list)
    cards: list[str] = field(default_factory=list)
    used_codes: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def address_at(self, moment: dt.datetime) -> Address:
        if self.moved_at is not None and self.new_address is not None and moment >= self.moved_at:
            return self.new_address
        return self.address

    def credit_balance(self, moment: dt.datetime) -> int:
        return sum(cents for at, cents in self.store_credit_events if at < moment)


@dataclass(frozen=True)
class Promotion:
    id: str
    terms: PromoTerms
    stackable: bool
    active: bool


@dataclass(frozen=True)
class ShippingEra:
    """The shipping policy version in force from `effective` (None: before any version)."""

    effective: str
    flat_free_over_cents: int | None  # an older version: one threshold for all, no tier perks


@dataclass(frozen=True)
class ReturnsEra:
    effective: str
    flat_fee_pct: int | None  # an older version: one restocking fee for all tiers
    window_days: int | None  # an older version: one window, counted from the ship date
    doa_days: int


@dataclass
class Item:
    product: Product
    quantity: int
    unit_price_cents: int
    condition: str = "new"
    final_sale: bool = False
    in_build: bool = False
    id: int = 0  # order_items rowid, assigned when written

    @property
    def line_cents(self) -> int:
        return self.unit_price_cents * self.quantity


@dataclass
class Event:
    status: str
    at: dt.datetime
    note: str = ""


@dataclass
class Shipment:
    items: list[Item]
    warehouse: str
    carrier: str
    service: str
    shipped_at: dt.datetime
    delivered_at: dt.datetime | None  # the true delivery (None: not yet delivered)
    id: str = ""
    tracking: str = ""
    status: str = "in_transit"
    exception: str | None = None
    recorded_delivered_at: dt.datetime | None = None  # what the record says (mess may differ)
    returned_at: dt.datetime | None = None  # back at the warehouse (returned to sender)
    promised_on: dt.date | None = None
    events: list[tuple[dt.datetime, str, str, str]] = field(default_factory=list)


@dataclass
class Return:
    item: Item
    quantity: int
    kind: str
    reason: str
    doa: bool
    opened: bool
    status: str
    refund_cents: int
    fee_cents: int
    created_at: dt.datetime
    exchange_product: Product | None = None
    price_difference_cents: int = 0
    notes: str = ""
    id: str = ""


@dataclass
class Order:
    customer: Customer
    placed_at: dt.datetime
    items: list[Item] = field(default_factory=list)
    id: str = ""
    kind: str = "mixed"
    tier: TierRule | None = None
    discount_cents: int = 0
    promotion: Promotion | None = None
    method: ShippingService = "standard"
    shipping_cents: int = 0
    ship_to: Address | None = None
    payment_method: str | None = None
    card_last4: str | None = None
    captured_cents: int | None = None
    refunded_cents: int = 0
    status: str = "pending"
    history: list[Event] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    shipments: list[Shipment] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    warehouse: str = ""
    build_name: str | None = None
    build_id: str | None = None

    @property
    def subtotal_cents(self) -> int:
        return sum(i.line_cents for i in self.items)

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents + self.shipping_cents

    @property
    def weight_grams(self) -> int:
        return sum(i.product.weight_grams * i.quantity for i in self.items)

    def lines(self) -> list[tuple[str, int]]:
        return [(i.product.category, i.line_cents) for i in self.items]


Era = TypeVar("Era", ShippingEra, ReturnsEra)


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def load_products(conn: sqlite3.Connection) -> list[Product]:
    return [Product.model_validate(r) for r in _rows(conn, "SELECT * FROM products ORDER BY id")]


def load_tiers(ctx: GenContext) -> list[TierRule]:
    """The loyalty tiers as the policy tables state them (the definition if none are written)."""
    rows = _rows(ctx.conn, "SELECT * FROM loyalty_tiers ORDER BY rank")
    if rows:
        return [TierRule.from_tier(LoyaltyTier.model_validate(r)) for r in rows]
    tiers = ctx.definition.policy.tiers
    return [TierRule.from_policy(name, rank, t) for rank, (name, t) in enumerate(tiers.items())]


def load_customers(conn: sqlite3.Connection) -> list[Customer]:
    stale = {
        entity: json.loads(detail)
        for entity, detail in conn.execute(
            "SELECT entity_id, detail FROM planted_mess WHERE kind = 'stale_address' ORDER BY id"
        )
    }
    customers: list[Customer] = []
    for r in _rows(conn, "SELECT * FROM customers ORDER BY id"):
        customer = Customer(
            id=r["id"],
            first_name=r["first_name"],
            last_name=r["last_name"],
            created_at=parse_ts(r["created_at"]),
            legacy_spend_cents=r["legacy_spend_cents"],
            address=Address(r["street"], r["city"], r["state"], r["postal_code"]),
        )
        customer.spend_cents = customer.legacy_spend_cents
        moved = stale.get(r["id"])
        if moved is not None:
            new = moved["new_address"]
            customer.moved_at = dt.datetime.combine(
                dt.date.fromisoformat(moved["moved_on"]), dt.time(12, 0), tzinfo=dt.UTC
            )
            customer.new_address = Address(
                new["street"], new["city"], new["state"], new["postal_code"]
            )
        customers.append(customer)
    return customers


def duplicate_pairs(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(duplicate profile id, original profile id) as the customers stage planted them."""
    return [
        (entity, json.loads(detail)["original_id"])
        for entity, detail in conn.execute(
            "SELECT entity_id, detail FROM planted_mess WHERE kind = 'duplicate_customer' "
            "ORDER BY id"
        )
    ]


def load_promotions(conn: sqlite3.Connection) -> list[Promotion]:
    return [
        Promotion(
            id=r["id"],
            terms=PromoTerms.from_promotion(PromotionRow.model_validate(r)),
            stackable=bool(r["stackable"]),
            active=bool(r["active"]),
        )
        for r in _rows(conn, "SELECT * FROM promotions ORDER BY starts_on, id")
    ]


def _versions(conn: sqlite3.Connection, slug: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (r["effective_date"], json.loads(r["parameters"]))
        for r in _rows(
            conn,
            "SELECT effective_date, parameters FROM company_policies "
            f"WHERE slug = '{slug}' ORDER BY effective_date",
        )
    ]


def load_shipping_eras(conn: sqlite3.Connection) -> list[ShippingEra]:
    """The shipping policy's versions, oldest first; an older version with one free-shipping
    threshold for everyone governed the orders placed while it was in force."""
    eras = []
    for effective, params in _versions(conn, "shipping"):
        free = params.get("free_standard_over_cents")
        eras.append(ShippingEra(effective, free if isinstance(free, int) else None))
    return eras or [ShippingEra("0000-00-00", None)]


def load_returns_eras(ctx: GenContext) -> list[ReturnsEra]:
    current_doa = ctx.definition.policy.returns.doa_report_days
    eras = []
    for effective, params in _versions(ctx.conn, "returns"):
        fee, window = params.get("restocking_fee_pct"), params.get("return_window_days")
        eras.append(
            ReturnsEra(
                effective,
                fee if isinstance(fee, int) else None,
                window if isinstance(window, int) else None,
                int(params.get("doa_report_days", current_doa)),
            )
        )
    return eras or [ReturnsEra("0000-00-00", None, None, current_doa)]


def era_at(eras: list[Era], day: str) -> Era:
    """The version in force on `day`; before the first version, the first one."""
    in_force = [e for e in eras if e.effective <= day]
    return in_force[-1] if in_force else eras[0]
