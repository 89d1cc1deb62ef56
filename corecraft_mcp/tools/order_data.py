"""Reading orders for the order, shipping and promotion tools: the order, its lines, its
customer's tier, and the argument types those tools share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.pricing import PricedLine
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import TIER_ORDER, TierName
from corecraft_mcp.world.models_commerce import Customer, Order, OrderStatus

# The statuses in which the order-changes policy lets an order be changed or cancelled.
OPEN_STATUSES: tuple[OrderStatus, ...] = ("pending", "processing")

OrderId = Annotated[
    str,
    Field(
        description="The order's id, as search_orders and get_order_details show it "
        "(e.g. ORD-100123); case does not matter.",
        min_length=1,
        max_length=40,
    ),
]
DateText = Annotated[
    str,
    Field(description="A date, YYYY-MM-DD.", pattern=r"^\d{4}-\d{2}-\d{2}$", max_length=10),
]


def parse_day(text: str, field: str) -> dt.date:
    """A 'YYYY-MM-DD' argument as a date, or an error naming the field."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ToolInputError(
            f"{field} '{text}' is not a date: give a real calendar date as YYYY-MM-DD "
            "(e.g. 2026-03-16)"
        ) from None


def day_of(stamp: str) -> dt.date:
    """The date of a stored timestamp ('2026-03-16T14:05:00Z') or date."""
    return dt.date.fromisoformat(stamp[:10])


async def example_order_id(db: WorldConnection) -> str:
    return str(await db.scalar("SELECT min(id) FROM orders") or "ORD-100001")


async def load_order(db: WorldConnection, order_id: str) -> Order:
    """The order (any case of its id), or an error saying how to find one."""
    wanted = order_id.strip()
    row = (
        await db.fetchone("SELECT * FROM orders WHERE id = ? COLLATE NOCASE", (wanted,))
        if wanted
        else None
    )
    if row is None:
        example = await example_order_id(db)
        raise ToolInputError(
            f"order '{order_id}' not found: give an order id like {example}; use search_orders "
            "to find a customer's orders (by customer id, product or date)"
        )
    return Order.model_validate(row)


def require_open(order: Order, change: str) -> None:
    """The order-changes policy: only pending or processing orders may change."""
    if order.status not in OPEN_STATUSES:
        raise ToolInputError(
            f"cannot {change} order {order.id}: it is '{order.status}'; changes and "
            "cancellations are accepted only while an order is pending or processing"
        )


@dataclass(frozen=True)
class OrderLine:
    id: int
    product_id: str
    name: str
    category: str
    quantity: int
    unit_price_cents: int
    weight_grams: int
    condition: str
    final_sale: bool
    build_id: str | None

    @property
    def cents(self) -> int:
        return self.quantity * self.unit_price_cents

    def priced(self, quantity: int | None = None) -> PricedLine:
        units = self.quantity if quantity is None else quantity
        return PricedLine(self.id, self.category, units * self.unit_price_cents)


async def load_lines(db: WorldConnection, order_id: str) -> list[OrderLine]:
    rows = await db.fetchall(
        "SELECT i.id, i.product_id, p.name, p.category, i.quantity, i.unit_price_cents, "
        "p.weight_grams, i.condition, i.final_sale, i.build_id "
        "FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? ORDER BY i.id",
        (order_id,),
    )
    return [
        OrderLine(
            id=r["id"],
            product_id=r["product_id"],
            name=r["name"],
            category=r["category"],
            quantity=r["quantity"],
            unit_price_cents=r["unit_price_cents"],
            weight_grams=r["weight_grams"],
            condition=r["condition"],
            final_sale=bool(r["final_sale"]),
            build_id=r["build_id"],
        )
        for r in rows
    ]


async def returned_units(db: WorldConnection, order_id: str) -> dict[int, int]:
    """Units of each line already sent back (returned or exchanged; rejected RMAs excluded)."""
    rows = await db.fetchall(
        "SELECT order_item_id, sum(quantity) AS units FROM order_returns "
        "WHERE order_id = ? AND status <> 'rejected' GROUP BY order_item_id",
        (order_id,),
    )
    return {r["order_item_id"]: int(r["units"]) for r in rows}


def as_tier(name: object) -> TierName:
    """A stored tier name (the schema's foreign key guarantees it is one of the four)."""
    text = str(name)
    return text if text in TIER_ORDER else "Standard"


async def customer_of(db: WorldConnection, order: Order) -> Customer:
    customer = await db.fetchone("SELECT * FROM customers WHERE id = ?", (order.customer_id,))
    if customer is None:
        raise ToolInputError(
            f"order {order.id} names customer {order.customer_id}, who is not on file"
        )
    return Customer.model_validate(customer)
