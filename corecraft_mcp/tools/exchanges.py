"""process_exchange: swap units of a delivered order's item for another product (or a fresh unit
of the same one), under the exchanges policy.

What the system accepts back is rma.sendable's (the policy's window and DOA period are the
agent's decision). The money: the new product's current price
less the unit price paid on the order line, per unit; a difference the customer owes is charged
to the payment on file (captured grows), one owed to the customer is refunded to it like any
refund. A like-for-like replacement costs nothing either way. No restocking fee on exchanges.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from corecraft_mcp.tools import refunds, rma
from corecraft_mcp.tools.order_data import OrderId
from corecraft_mcp.tools.order_money import no_payment_error, payment_label, payment_missing, refund
from corecraft_mcp.tools.replacement_stock import Reservation, replacement_product, reserve
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.money import dollars


class ExchangeResult(BaseModel):
    rma_id: str
    status: str = Field(description="approved: awaiting the returned item.")
    order_id: str
    order_item_id: int
    quantity: int
    returned_product_id: str
    returned_product_name: str
    paid_unit_price_usd: float
    new_product_id: str
    new_product_name: str
    new_unit_price_usd: float = Field(description="The new product's current price.")
    price_difference_usd: float = Field(
        description="Positive: charged to the customer; negative: refunded; 0: even swap."
    )
    settlement: str = Field(description="How the difference is settled, in words.")
    reserved_from: dict[str, int] = Field(description="Units reserved per warehouse.")
    backordered: bool = Field(description="No stock: the replacement ships when stock arrives.")
    restock_date: str | None
    window: rma.ReturnWindowInfo
    paid_back_on_order_now_usd: float = Field(
        description="Everything paid back on this order in this conversation, this RMA "
        "included (refunds, store credit, refunded exchange differences)."
    )
    notes: list[str]


def _settlement(db: WorldConnection, difference: int, label: str) -> str:
    if difference > 0:
        return f"${dollars(difference):.2f} charged to the {label} before the replacement ships"
    if difference < 0:
        days = db.policy.returns.refund_business_days
        when = (
            "at once"
            if label == "store credit"
            else f"within {days} business days after the warehouse receives the returned item"
        )
        return f"${dollars(-difference):.2f} refunded to the {label} {when}"
    return "even exchange: nothing to charge or refund"


async def process_exchange(
    db: WorldConnection,
    order_id: OrderId,
    order_item_id: rma.OrderItemId,
    new_product_id: Annotated[
        str,
        Field(
            description="The replacement product's id or SKU (the same product for a "
            "like-for-like replacement).",
            min_length=1,
            max_length=64,
        ),
    ],
    reason: rma.Reason,
    quantity: rma.Quantity = 1,
    doa: rma.Doa = False,
    backorder: Annotated[
        bool,
        Field(
            description="The customer accepts a backorder if the replacement is out of stock "
            "(it ships when stock arrives). Without it, an out-of-stock replacement is refused."
        ),
    ] = False,
) -> ExchangeResult:
    """Exchange units of a delivered order's item for another product, or for a fresh unit of
    the same one, recording the agent's reason and DOA finding. Checks what the system
    enforces, as process_return does: the order was delivered, the item is merchandise, its
    order line is not marked final sale, it is not part of an assembled custom build, the units
    were not already sent back; the replacement exists and is in stock (reserved in a warehouse
    that has it), unless backorder=true books it against incoming stock; a price difference
    needs a payment record. The price difference is the new product's current price minus the
    unit price paid, times the quantity (0 for the same product): positive is charged to the
    payment on file, negative refunded to it. Charges no restocking fee. Leaves to the agent
    whether the request is inside the return window or the DOA period, whether a backorder or
    a refund suits the customer, and whether a refunded difference over the supervisor limit
    is processed or escalated; none of these is checked."""
    reason = rma.clean_text(reason, "reason")
    notes: list[str] = []
    async with db.transaction():
        ok = await rma.sendable(db, order_id, order_item_id, quantity, "exchange")
        order, item = ok.order, ok.item
        product = await replacement_product(db, new_product_id)
        same = product.id == item.product_id
        per_unit = 0 if same else product.price_cents - int(item.unit_price_cents)
        difference = per_unit * quantity
        if difference and payment_missing(order):
            raise no_payment_error(db, order, "settle this exchange's price difference")
        if difference < 0:
            available = await refunds.refundable_cents(
                db, order, "refund the price difference", store_credit=False
            )
            if -difference > available:
                notes.append(
                    f"refund of the difference capped at ${dollars(available):.2f}, what "
                    f"is left of the payment on order {order.id}"
                )
                difference = -available
        stock: Reservation = await reserve(db, order, product, quantity, backorder=backorder)
        notes.extend(stock.notes)
        if not ok.window.basis.from_delivery_record:
            notes.append(ok.window.basis.explanation)
        # The RMA's note, worded as the world's own exchange RMAs are.
        note_parts = [*(["Dead on arrival."] if doa else []), f"Exchange for {product.name}."]
        if stock.backordered:
            when = stock.restock_date or "no restock date yet"
            note_parts.append(f"Backordered: ships when stock arrives ({when}).")
        rma_id = await db.next_id("order_returns", "RMA", 5)
        await db.execute(
            "INSERT INTO order_returns (id, order_id, order_item_id, quantity, kind, reason, doa,"
            " status, exchange_product_id, price_difference_cents, created_at, notes)"
            " VALUES (?, ?, ?, ?, 'exchange', ?, ?, 'approved', ?, ?, ?, ?)",
            (rma_id, order.id, item.id, quantity, reason, int(doa), product.id,
             difference, db.now_iso, " ".join(note_parts)),
        )  # fmt: skip
        if difference < 0:
            await refund(db, order, -difference, item_coming_back=True)
        elif difference > 0:
            await refunds.charge(db, order, difference)
        request = await refunds.request_total_cents(db, order.id)
        await db.audit(
            "process_exchange", "order_returns", rma_id, "create", order_id=order.id,
            order_item_id=item.id, quantity=quantity, doa=doa,
            exchange_product_id=product.id, price_difference_cents=difference,
            reserved=stock.reserved, backordered=stock.backordered,
        )  # fmt: skip
    label = "payment on file" if not difference else payment_label(order)
    return ExchangeResult(
        rma_id=rma_id, status="approved", order_id=order.id, order_item_id=item.id,
        quantity=quantity, returned_product_id=item.product_id,
        returned_product_name=item.product.name,
        paid_unit_price_usd=dollars(item.unit_price_cents) or 0.0,
        new_product_id=product.id, new_product_name=product.name,
        new_unit_price_usd=dollars(product.price_cents) or 0.0,
        price_difference_usd=dollars(difference) or 0.0,
        settlement=_settlement(db, difference, label), reserved_from=stock.reserved,
        backordered=stock.backordered, restock_date=stock.restock_date,
        window=rma.window_info(ok.window), paid_back_on_order_now_usd=dollars(request) or 0.0,
        notes=notes,
    )  # fmt: skip
