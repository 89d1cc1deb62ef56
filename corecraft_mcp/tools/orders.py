"""Order tools: find orders, read one in full, and change or cancel an open one.

update_order lives in order_changes (it is long); it is registered here, with the others, in the
order of the design.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import (
    MAX_QUERY,
    Page,
    PageInfo,
    PageSize,
    ToolInputError,
    ToolSpec,
    like_pattern,
    offset,
    page_info,
)
from corecraft_mcp.tools.customer_lookup import get_customer
from corecraft_mcp.tools.order_changes import update_order
from corecraft_mcp.tools.order_data import (
    DateText,
    OrderId,
    load_order,
    parse_day,
)
from corecraft_mcp.tools.order_details import OrderDetails, order_details
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models_commerce import OrderStatus
from corecraft_mcp.world.money import dollars


class OrderSummary(BaseModel):
    order_id: str
    customer_id: str
    customer_name: str
    placed_at: str
    status: OrderStatus
    total_usd: float
    item_count: int = Field(description="Units over all lines.")
    line_count: int


class OrderSearchResult(PageInfo):
    orders: list[OrderSummary] = Field(description="Newest first.")


def _product_filter(text: str) -> tuple[str, list[Any]]:
    """Orders with an item whose product id or SKU is `text`, or whose name contains every word
    of it (any order, any case)."""
    words = text.split()
    name_match = " AND ".join("p.name LIKE ? ESCAPE '\\'" for _ in words)
    sql = (
        "EXISTS (SELECT 1 FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = o.id AND (p.id = ? COLLATE NOCASE OR p.sku = ? COLLATE NOCASE "
        f"OR ({name_match})))"
    )
    return sql, [text, text, *(like_pattern(w) for w in words)]


async def search_orders(
    db: WorldConnection,
    customer_id: Annotated[
        str | None,
        Field(
            description="Only this customer's orders (e.g. from search_customers).",
            min_length=1,
            max_length=40,
        ),
    ] = None,
    status: Annotated[OrderStatus | None, Field(description="Only orders in this status.")] = None,
    placed_from: Annotated[
        DateText | None, Field(description="Placed on or after this date (YYYY-MM-DD).")
    ] = None,
    placed_to: Annotated[
        DateText | None, Field(description="Placed on or before this date (YYYY-MM-DD).")
    ] = None,
    product: Annotated[
        str | None,
        Field(
            description="Orders containing a product: its id, its SKU, or words of its name "
            "(e.g. 'RTX 4070').",
            min_length=1,
            max_length=MAX_QUERY,
        ),
    ] = None,
    order_id_prefix: Annotated[
        str | None,
        Field(
            description="Orders whose id starts with this (e.g. a partly remembered number "
            "'ORD-1004').",
            min_length=1,
            max_length=40,
        ),
    ] = None,
    page: Page = 1,
    page_size: PageSize = 10,
) -> OrderSearchResult:
    """Find orders by customer, status, placed-date range, product (id, SKU or name words) or the
    start of an order id; filters combine. Returns one page of orders, newest first, each with
    its customer, placed time, status, total and item count, plus total and has_more. Use
    get_order_details for an order's items, payment, shipping and returns. It changes nothing."""
    where: list[str] = []
    params: list[Any] = []
    if customer_id is not None:
        customer = await get_customer(db, customer_id)
        where.append("o.customer_id = ?")
        params.append(customer.id)
    if status is not None:
        where.append("o.status = ?")
        params.append(status)
    start = parse_day(placed_from, "placed_from") if placed_from is not None else None
    end = parse_day(placed_to, "placed_to") if placed_to is not None else None
    if start and end and start > end:
        raise ToolInputError(
            f"placed_from {start} is after placed_to {end}: give a range whose start is on or "
            "before its end"
        )
    if start is not None:
        where.append("substr(o.placed_at, 1, 10) >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("substr(o.placed_at, 1, 10) <= ?")
        params.append(end.isoformat())
    if product is not None:
        text = " ".join(product.split())
        if not text:
            raise ToolInputError("product is empty: give a product id, SKU or words of its name")
        sql, values = _product_filter(text)
        where.append(sql)
        params += values
    if order_id_prefix is not None:
        prefix = order_id_prefix.strip()
        if not prefix:
            raise ToolInputError("order_id_prefix is empty: give the start of an order id")
        where.append("o.id LIKE ? ESCAPE '\\'")
        params.append(like_pattern(prefix)[1:])
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = int(await db.scalar(f"SELECT count(*) FROM orders o {clause}", params) or 0)
    rows = await db.fetchall(
        "SELECT o.id, o.customer_id, c.first_name, c.last_name, o.placed_at, o.status, "
        "o.total_cents, (SELECT coalesce(sum(quantity), 0) FROM order_items WHERE order_id = o.id)"
        " AS units, (SELECT count(*) FROM order_items WHERE order_id = o.id) AS lines "
        f"FROM orders o JOIN customers c ON c.id = o.customer_id {clause} "
        "ORDER BY o.placed_at DESC, o.id DESC LIMIT ? OFFSET ?",
        [*params, page_size, offset(page, page_size)],
    )
    return OrderSearchResult(
        **page_info(page, page_size, total).model_dump(),
        orders=[
            OrderSummary(
                order_id=r["id"],
                customer_id=r["customer_id"],
                customer_name=f"{r['first_name']} {r['last_name']}",
                placed_at=r["placed_at"],
                status=r["status"],
                total_usd=dollars(r["total_cents"]) or 0.0,
                item_count=r["units"],
                line_count=r["lines"],
            )
            for r in rows
        ],
    )


async def get_order_details(db: WorldConnection, order_id: OrderId) -> OrderDetails:
    """Everything about one order: its items (line id, product, category, quantity, unit price,
    condition, final-sale flag, custom build), subtotal, discount, shipping and total, the
    promotion code, the payment (method, card last four, captured and refunded amounts; it says
    plainly when the payment record is missing), the ship-to address and shipping method, the
    status history, returns and exchanges on it (RMA, item, kind, status, refund, restocking
    fee), a summary of each shipment (carrier, tracking, shipped, promised, delivered) and the
    support tickets linked to it. It also says whether the order can still be changed
    (pending or processing). It changes nothing."""
    order = await load_order(db, order_id)
    return await order_details(db, order)


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(search_orders, "read", "Search orders"),
    ToolSpec(get_order_details, "read", "Get order details"),
    ToolSpec(update_order, "write", "Update or cancel an order", destructive=True),
)
