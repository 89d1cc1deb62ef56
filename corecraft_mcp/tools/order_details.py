"""One order in full, as get_order_details reports it: items, money, payment, address,
history, returns, shipments and linked tickets."""

from __future__ import annotations

from pydantic import BaseModel, Field

from corecraft_mcp.tools.order_data import OPEN_STATUSES, load_lines
from corecraft_mcp.tools.order_money import payment_label
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models_commerce import Order, OrderStatus
from corecraft_mcp.world.money import dollars


class OrderItemDetail(BaseModel):
    line_id: int = Field(description="The order item id other tools take (order_item_id).")
    product_id: str
    name: str
    category: str
    quantity: int
    unit_price_usd: float = Field(description="Price paid per unit.")
    line_total_usd: float
    condition: str = Field(description="new, open_box or refurbished.")
    final_sale: bool = Field(
        description="The line is marked final sale (clearance): returns and exchanges refuse it."
    )
    build_id: str | None = Field(description="The custom build it was assembled into, if any.")
    returned_quantity: int = Field(description="Units already returned or exchanged.")


class PaymentDetail(BaseModel):
    record_missing: bool = Field(description="True: no payment/receipt record is on file.")
    method: str | None
    card_last4: str | None
    captured_usd: float | None
    refunded_usd: float
    note: str


class Address(BaseModel):
    name: str
    street: str
    city: str
    state: str
    postal_code: str


class StatusChange(BaseModel):
    status: str
    at: str
    note: str


class ReturnDetail(BaseModel):
    rma_id: str
    line_id: int
    product_name: str
    quantity: int
    kind: str = Field(description="refund, store_credit or exchange.")
    status: str
    reason: str
    refund_usd: float
    restocking_fee_usd: float
    exchange_product_id: str | None
    price_difference_usd: float = Field(description=">0 charged to the customer, <0 refunded.")
    created_at: str


class ShipmentSummary(BaseModel):
    shipment_id: str
    carrier: str
    service_level: str
    tracking_number: str
    status: str
    shipped_at: str | None
    promised_date: str | None
    delivered_at: str | None
    exception: str | None


class TicketRef(BaseModel):
    ticket_id: str
    subject: str
    status: str
    category: str
    created_at: str


class OrderDetails(BaseModel):
    order_id: str
    customer_id: str
    customer_name: str
    customer_tier: str
    status: OrderStatus
    can_change: bool = Field(
        description="Pending or processing: the order system accepts address, method and item "
        "changes and cancellation (update_order); otherwise it refuses them."
    )
    placed_at: str
    updated_at: str
    items: list[OrderItemDetail]
    subtotal_usd: float
    discount_usd: float
    shipping_usd: float
    total_usd: float = Field(description="subtotal - discount + shipping.")
    promotion_code: str | None
    payment: PaymentDetail
    ship_to: Address
    shipping_method: str
    status_history: list[StatusChange] = Field(description="Oldest first.")
    returns: list[ReturnDetail]
    shipments: list[ShipmentSummary]
    tickets: list[TicketRef]
    notes: str


def payment_detail(order: Order) -> PaymentDetail:
    captured, refunded = order.captured_cents, int(order.refunded_cents)
    if order.payment_method is None or captured is None:
        return PaymentDetail(
            record_missing=True,
            method=order.payment_method,
            card_last4=order.card_last4,
            captured_usd=dollars(captured),
            refunded_usd=dollars(refunded) or 0.0,
            note="The payment record for this order is missing: there is no receipt on file, so "
            "what was charged and how is unknown, and the system takes no refund or charge "
            "against it.",
        )
    method = payment_label(order)
    return PaymentDetail(
        record_missing=False,
        method=order.payment_method,
        card_last4=order.card_last4,
        captured_usd=dollars(captured),
        refunded_usd=dollars(refunded) or 0.0,
        note=f"${captured / 100:.2f} captured by {method}, ${refunded / 100:.2f} refunded.",
    )


async def order_details(db: WorldConnection, order: Order) -> OrderDetails:
    oid = order.id
    lines = await load_lines(db, oid)
    customer = await db.fetchone(
        "SELECT first_name, last_name, tier FROM customers WHERE id = ?", (order.customer_id,)
    )
    returns = await db.fetchall(
        "SELECT r.*, p.name AS product_name FROM order_returns r "
        "JOIN order_items i ON i.id = r.order_item_id JOIN products p ON p.id = i.product_id "
        "WHERE r.order_id = ? ORDER BY r.created_at, r.id",
        (oid,),
    )
    returned: dict[int, int] = {}
    for r in returns:
        if r["status"] != "rejected":
            returned[r["order_item_id"]] = returned.get(r["order_item_id"], 0) + r["quantity"]
    history = await db.fetchall(
        "SELECT status, at, note FROM order_status_history WHERE order_id = ? ORDER BY at, id",
        (oid,),
    )
    shipments = await db.fetchall(
        "SELECT * FROM shipping_records WHERE order_id = ? ORDER BY shipped_at IS NULL, "
        "shipped_at, id",
        (oid,),
    )
    tickets = await db.fetchall(
        "SELECT id, subject, status, category, created_at FROM support_tickets "
        "WHERE order_id = ? ORDER BY created_at, id",
        (oid,),
    )
    return OrderDetails(
        order_id=oid,
        customer_id=order.customer_id,
        customer_name=f"{customer['first_name']} {customer['last_name']}" if customer else "",
        customer_tier=customer["tier"] if customer else "",
        status=order.status,
        can_change=order.status in OPEN_STATUSES,
        placed_at=order.placed_at,
        updated_at=order.updated_at,
        items=[
            OrderItemDetail(
                line_id=line.id,
                product_id=line.product_id,
                name=line.name,
                category=line.category,
                quantity=line.quantity,
                unit_price_usd=dollars(line.unit_price_cents) or 0.0,
                line_total_usd=dollars(line.cents) or 0.0,
                condition=line.condition,
                final_sale=line.final_sale,
                build_id=line.build_id,
                returned_quantity=returned.get(line.id, 0),
            )
            for line in lines
        ],
        subtotal_usd=dollars(order.subtotal_cents) or 0.0,
        discount_usd=dollars(order.discount_cents) or 0.0,
        shipping_usd=dollars(order.shipping_cents) or 0.0,
        total_usd=dollars(order.total_cents) or 0.0,
        promotion_code=order.promotion_code,
        payment=payment_detail(order),
        ship_to=Address(
            name=order.ship_name,
            street=order.ship_street,
            city=order.ship_city,
            state=order.ship_state,
            postal_code=order.ship_postal_code,
        ),
        shipping_method=order.shipping_method,
        status_history=[StatusChange(**h) for h in history],
        returns=[
            ReturnDetail(
                rma_id=r["id"],
                line_id=r["order_item_id"],
                product_name=r["product_name"],
                quantity=r["quantity"],
                kind=r["kind"],
                status=r["status"],
                reason=r["reason"],
                refund_usd=dollars(r["refund_cents"]) or 0.0,
                restocking_fee_usd=dollars(r["restocking_fee_cents"]) or 0.0,
                exchange_product_id=r["exchange_product_id"],
                price_difference_usd=dollars(r["price_difference_cents"]) or 0.0,
                created_at=r["created_at"],
            )
            for r in returns
        ],
        shipments=[
            ShipmentSummary(
                shipment_id=s["id"],
                carrier=s["carrier"],
                service_level=s["service_level"],
                tracking_number=s["tracking_number"],
                status=s["status"],
                shipped_at=s["shipped_at"],
                promised_date=s["promised_date"],
                delivered_at=s["delivered_at"],
                exception=s["exception"],
            )
            for s in shipments
        ],
        tickets=[
            TicketRef(
                ticket_id=t["id"],
                subject=t["subject"],
                status=t["status"],
                category=t["category"],
                created_at=t["created_at"],
            )
            for t in tickets
        ],
        notes=order.notes,
    )
