"""Returns (RMAs for a refund or store credit), with exchanges and warranty look-ups, the returns
domain's tools.

What the system enforces (what is accepted back, what may be paid back) lives in return_policy,
rma and refunds, shared with process_exchange (exchanges) and get_warranty_policy (warranty).
The policy's decisions are the agent's and are recorded as given: whether the request is inside
the window or the DOA period, the restocking fee (the tier's fee, or none), the reason, and
whether a refund over the supervisor limit should be escalated instead of processed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools import refunds, rma
from corecraft_mcp.tools import return_policy as rp
from corecraft_mcp.tools.base import ToolInputError, ToolSpec
from corecraft_mcp.tools.exchanges import process_exchange
from corecraft_mcp.tools.order_data import OrderId
from corecraft_mcp.tools.order_money import payment_label, refund
from corecraft_mcp.tools.warranty import get_warranty_policy
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models_commerce import Order
from corecraft_mcp.world.money import cents, dollars

ReturnKind = Literal["refund", "store_credit"]


class ReturnResult(BaseModel):
    rma_id: str
    status: Literal["approved", "refunded"] = Field(
        description="approved: the refund is booked and paid once the item is received; "
        "refunded: the money (store credit) is already on the customer's account."
    )
    order_id: str
    order_item_id: int
    product_id: str
    product_name: str
    quantity: int
    kind: ReturnKind
    customer_id: str
    item_value_usd: float = Field(
        description="What the customer paid for these units: the order-line price less their "
        "share of any order-level promotion discount."
    )
    restocking_fee_usd: float = Field(description="The fee the agent set, as recorded.")
    restocking_fee_pct_of_line: float = Field(
        description="The recorded fee as a percentage of the units' order-line price."
    )
    refund_usd: float = Field(
        description="What the customer gets back: item value less the fee, at most what is "
        "left of the payment."
    )
    refund_to: str = Field(description="Where the money goes.")
    money_arrives: str
    store_credit_balance_usd: float = Field(description="The customer's balance after this RMA.")
    window: rma.ReturnWindowInfo
    order_status: str
    paid_back_on_order_now_usd: float = Field(
        description="Everything paid back on this order in this conversation, this RMA "
        "included (refunds, store credit, refunded exchange differences)."
    )
    notes: list[str]


async def _mark_returned_if_complete(db: WorldConnection, order: Order) -> str:
    """Mark the order returned once every merchandise unit on it came back for money
    (exchanged units were replaced, so they do not count; services cannot be returned)."""
    left = await db.scalar(
        "SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? AND p.category <> ? AND i.quantity > ("
        " SELECT coalesce(sum(r.quantity), 0) FROM order_returns r WHERE r.order_item_id = i.id"
        " AND r.status <> 'rejected' AND r.kind IN ('refund', 'store_credit'))",
        (order.id, rp.SERVICE_CATEGORY),
    )
    if left or order.status == "returned":
        return str(order.status)
    await db.execute(
        "UPDATE orders SET status = 'returned', updated_at = ? WHERE id = ?",
        (db.now_iso, order.id),
    )
    await db.execute(
        "INSERT INTO order_status_history (order_id, status, at, note) VALUES (?, ?, ?, ?)",
        (order.id, "returned", db.now_iso, "every item returned"),
    )
    return "returned"


def _rma_note(fee: int, *, doa: bool) -> str:
    """The RMA's note: what the agent recorded, in the world's wording."""
    head = "Dead on arrival: " if doa else ""
    return head + (f"${fee / 100:,.2f} restocking fee." if fee else "no restocking fee.")


def _arrival(db: WorldConnection, order: Order, kind: ReturnKind) -> tuple[str, str]:
    if kind == "store_credit":
        return "store credit", "at once: the store credit is already on the customer's account"
    if order.payment_method == "store_credit":
        return (
            "store credit (the original payment method)",
            "at once: an order paid with store credit is refunded as store credit",
        )
    label = payment_label(order)
    days = db.policy.returns.refund_business_days
    return (
        label,
        f"within {days} business days after the warehouse receives the item, to the {label}",
    )


async def process_return(
    db: WorldConnection,
    order_id: OrderId,
    order_item_id: rma.OrderItemId,
    kind: Annotated[
        ReturnKind,
        Field(
            description="refund: to the original payment method, paid after the item is "
            "received; store_credit: credited to the customer's balance at once."
        ),
    ],
    reason: rma.Reason,
    opened: Annotated[
        bool,
        Field(description="The item was opened (seal broken or packaging opened): recorded."),
    ],
    restocking_fee_usd: Annotated[
        float,
        Field(
            description="The restocking fee to charge, in dollars, as the agent decides it "
            "under the restocking-fee policy (0 for none); recorded on the RMA and taken off "
            "the refund. At most the units' value.",
            ge=0,
            le=1_000_000,
        ),
    ],
    quantity: rma.Quantity = 1,
    doa: rma.Doa = False,
) -> ReturnResult:
    """Open a return (RMA) for units of a delivered order's item, for a refund or store credit,
    and record the agent's decisions on it: the reason, opened, dead on arrival and the
    restocking fee. Checks what the order system enforces: the order was delivered (not
    pending, processing, cancelled or still in transit), the item is merchandise, its order line
    is not marked final sale and it is not part of an assembled custom build (the returns
    policy allows no exception for either, so the order records block them), the units were not
    already sent back, the fee is at most the units' value, and the refund is at most what is
    left of the payment captured (an order without a payment record takes store credit only, up
    to its total). Leaves to the agent every policy decision: whether the request is inside the
    tier's return window or the DOA period, which fee applies (tier, opened, defective, DOA),
    and whether a refund over the supervisor limit is processed or escalated; none of these is
    checked. Returns the RMA number, the refund, the fee as recorded, the window's dates as
    facts and when the money arrives."""
    reason = rma.clean_text(reason, "reason")
    notes: list[str] = []
    async with db.transaction():
        ok = await rma.sendable(db, order_id, order_item_id, quantity, "return")
        order, item = ok.order, ok.item
        available = await refunds.refundable_cents(
            db, order, "refund this return", store_credit=kind == "store_credit"
        )
        value = await refunds.item_value_cents(db, order, item, quantity)
        line = int(item.unit_price_cents) * quantity
        fee = cents(restocking_fee_usd)
        if abs(restocking_fee_usd * 100 - fee) > 1e-6:
            raise ToolInputError(
                f"restocking_fee_usd {restocking_fee_usd} has fractions of a cent: give dollars "
                "and cents (at most two decimals)"
            )
        if fee > value:
            raise ToolInputError(
                f"restocking_fee_usd {restocking_fee_usd:.2f} is more than the "
                f"${dollars(value):.2f} these units are worth"
            )
        amount = value - fee
        if value < line:
            notes.append(
                f"the order's promotion discount takes ${dollars(line - value):.2f} off "
                "these units' value"
            )
        if amount > available:
            notes.append(
                f"refund capped at ${dollars(available):.2f}, what is left of the payment "
                f"on order {order.id} after earlier refunds and credits"
            )
            amount = available
        if not ok.window.basis.from_delivery_record:
            notes.append(ok.window.basis.explanation)
        paid_now = kind == "store_credit" or order.payment_method == "store_credit"
        status: Literal["approved", "refunded"] = "refunded" if paid_now else "approved"
        rma_id = await db.next_id("order_returns", "RMA", 5)
        await db.execute(
            "INSERT INTO order_returns (id, order_id, order_item_id, quantity, kind, reason, doa,"
            " opened, status, refund_cents, restocking_fee_cents, created_at, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rma_id, order.id, item.id, quantity, kind, reason, int(doa), int(opened),
             status, amount, fee, db.now_iso, _rma_note(fee, doa=doa)),
        )  # fmt: skip
        if kind == "refund":
            await refund(db, order, amount, item_coming_back=True)
        else:
            await db.execute(
                "UPDATE customers SET store_credit_cents = store_credit_cents + ?, updated_at = ?"
                " WHERE id = ?",
                (amount, db.now_iso, order.customer_id),
            )
        order_status = await _mark_returned_if_complete(db, order)
        balance = await db.scalar(
            "SELECT store_credit_cents FROM customers WHERE id = ?", (order.customer_id,)
        )
        request = await refunds.request_total_cents(db, order.id)
        await db.audit(
            "process_return", "order_returns", rma_id, "create", order_id=order.id,
            order_item_id=item.id, quantity=quantity, kind=kind, opened=opened, doa=doa,
            refund_cents=amount, restocking_fee_cents=fee,
            window_ends_on=ok.window.ends_on.isoformat(),
        )  # fmt: skip
    refund_to, arrives = _arrival(db, order, kind)
    return ReturnResult(
        rma_id=rma_id, status=status, order_id=order.id, order_item_id=item.id,
        product_id=item.product_id, product_name=item.product.name, quantity=quantity,
        kind=kind, customer_id=order.customer_id, item_value_usd=dollars(value) or 0.0,
        restocking_fee_usd=dollars(fee) or 0.0,
        restocking_fee_pct_of_line=round(100 * fee / line, 2) if line else 0.0,
        refund_usd=dollars(amount) or 0.0, refund_to=refund_to, money_arrives=arrives,
        store_credit_balance_usd=dollars(int(balance or 0)) or 0.0,
        window=rma.window_info(ok.window), order_status=order_status,
        paid_back_on_order_now_usd=dollars(request) or 0.0, notes=notes,
    )  # fmt: skip


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(process_return, "write", "Process a return (RMA)", destructive=True),
    ToolSpec(process_exchange, "write", "Process an exchange", destructive=True),
    ToolSpec(get_warranty_policy, "read", "Look up warranty coverage"),
)
