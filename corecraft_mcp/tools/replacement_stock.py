"""Replacement stock for exchanges: the product a customer swaps to, and holding its units."""

from __future__ import annotations

from dataclasses import dataclass, field

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.product_lookup import get_product
from corecraft_mcp.tools.return_policy import SERVICE_CATEGORY
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import Product
from corecraft_mcp.world.models_commerce import Order


async def replacement_product(db: WorldConnection, key: str) -> Product:
    """The product (by id or SKU) an item is exchanged for: any merchandise, not a service."""
    product = await get_product(db, key)
    if product.category == SERVICE_CATEGORY:
        raise ToolInputError(
            f"cannot exchange for {product.name} ({product.id}): it is a service, not "
            "merchandise; choose a hardware product"
        )
    return product


@dataclass(frozen=True)
class Reservation:
    reserved: dict[str, int]  # units held per warehouse
    backordered: bool = False
    restock_date: str | None = None
    notes: list[str] = field(default_factory=list)


async def reserve(
    db: WorldConnection, order: Order, product: Product, quantity: int, *, backorder: bool
) -> Reservation:
    """Hold the replacement units: first in a warehouse the order shipped from, then where most
    are free. When there are not enough free units, the exchange is refused unless backorder is
    set; with it, the exchange is booked without holding stock (unless no restock can ever
    come). What to offer the customer instead is the agent's decision."""
    rows = await db.fetchall(
        "SELECT id, warehouse, on_hand - reserved AS free, restock_date FROM inventory "
        "WHERE product_id = ? ORDER BY warehouse",
        (product.id,),
    )
    origin = {
        r["warehouse"]
        for r in await db.fetchall(
            "SELECT warehouse FROM shipping_records WHERE order_id = ?", (order.id,)
        )
    }
    free = sum(max(0, int(r["free"])) for r in rows)
    if free >= quantity:
        reserved: dict[str, int] = {}
        need = quantity
        for row in sorted(rows, key=lambda r: (r["warehouse"] not in origin, -r["free"], r["id"])):
            take = min(need, max(0, int(row["free"])))
            if take:
                await db.execute(
                    "UPDATE inventory SET reserved = reserved + ? WHERE id = ?", (take, row["id"])
                )
                reserved[row["warehouse"]] = take
                need -= take
            if need == 0:
                break
        return Reservation(reserved)
    today = db.today.isoformat()
    dates = sorted(
        r["restock_date"] for r in rows if r["restock_date"] and r["restock_date"] >= today
    )
    restock = dates[0] if dates else None
    name = f"{product.name} ({product.id})"
    stock = "out of stock in every warehouse" if free == 0 else f"has only {free} unit(s) free"
    successor = (
        f"; it is discontinued, succeeded by {product.superseded_by}"
        if product.superseded_by
        else ""
    )
    when = f"restock expected {restock}" if restock else "no restock date on file"
    if not backorder:
        raise ToolInputError(
            f"cannot exchange for {name}: it is {stock} ({when}){successor}; an exchange "
            "without free stock is accepted only as a backorder (backorder=true)"
        )
    if product.discontinued and restock is None:
        raise ToolInputError(
            f"cannot backorder {name}: it is discontinued and no restock is scheduled{successor}"
        )
    return Reservation(
        {}, True, restock, [f"backordered: {name} is {stock}; it ships when stock arrives ({when})"]
    )
