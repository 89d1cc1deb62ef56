"""Money back on an order's returned items: what they cost, what may still be paid back, and the
supervisor limit. Shared by process_return and process_exchange.

Where money goes (the refunds policy): a refund goes to the original payment method and grows
orders.refunded_cents (order_money.refund, as every order tool refunds); store credit goes to the
customer's balance at once and is recorded on its RMA (kind store_credit), not as a refund of
the payment. What may still be paid back on an order is what was captured less both. An order
without a payment record cannot be refunded or charged; the refunds policy allows store credit
on it instead, up to the order total.
"""

from __future__ import annotations

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.order_money import captured_cents, no_payment_error, payment_missing
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import PurchasedItem
from corecraft_mcp.world.models_commerce import Order
from corecraft_mcp.world.money import cents
from corecraft_mcp.world.rules import PromoTerms


def threshold_cents(db: WorldConnection) -> int:
    """Refunds above this need a supervisor's approval (policy.escalation)."""
    return cents(db.policy.escalation.refund_supervisor_over)


async def store_credit_issued(db: WorldConnection, order_id: str) -> int:
    total = await db.scalar(
        "SELECT coalesce(sum(refund_cents), 0) FROM order_returns "
        "WHERE order_id = ? AND kind = 'store_credit' AND status <> 'rejected'",
        (order_id,),
    )
    return int(total)


async def refundable_cents(
    db: WorldConnection, order: Order, action: str, *, store_credit: bool
) -> int:
    """What may still go back to the customer on an order: captured (for store credit without a
    payment record: the order total), less refunds and store credit already issued for it."""
    if payment_missing(order):
        if not store_credit:
            raise no_payment_error(db, order, action)
        paid = int(order.total_cents)
    else:
        paid = captured_cents(order)
    given = int(order.refunded_cents) + await store_credit_issued(db, order.id)
    left = paid - given
    if left <= 0:
        raise ToolInputError(
            f"cannot {action}: the ${paid / 100:,.2f} paid on order {order.id} has already "
            "been refunded or credited in full"
        )
    return left


async def item_value_cents(
    db: WorldConnection, order: Order, item: PurchasedItem, quantity: int
) -> int:
    """What the customer paid for `quantity` units of an item: the order-line price less the
    units' share of the order's promotion discount (the refunds policy: "its share of the
    discounted total"). The discount is shared over the lines the promotion applied to (its
    categories; every line when it had none), in proportion to their value."""
    gross = int(item.unit_price_cents) * quantity
    discount = int(order.discount_cents or 0)
    if discount <= 0:
        return gross
    categories = None
    if order.promotion_code:
        text = await db.scalar(
            "SELECT categories FROM promotions WHERE code = ? COLLATE NOCASE",
            (order.promotion_code,),
        )
        categories = PromoTerms.parse_categories(text)
    if categories is not None and item.product.category not in categories:
        return gross
    lines = await db.fetchall(
        "SELECT i.quantity * i.unit_price_cents AS cents, p.category FROM order_items i "
        "JOIN products p ON p.id = i.product_id WHERE i.order_id = ?",
        (order.id,),
    )
    base = sum(int(r["cents"]) for r in lines if categories is None or r["category"] in categories)
    if base <= 0:
        return gross
    return gross - min(gross, (gross * discount + base // 2) // base)


async def request_total_cents(db: WorldConnection, order_id: str) -> int:
    """The money going back in the current request, once its RMA is written: what this and
    earlier calls of the same episode paid back on the order (refunds, store credit, refunded
    exchange differences). The world clock stands still within an episode, so those are the
    order's RMAs stamped now; the escalation policy counts them together toward the supervisor
    limit ("counting all items refunded together in one request")."""
    total = await db.scalar(
        "SELECT coalesce(sum(CASE WHEN kind = 'exchange' THEN max(0, -price_difference_cents) "
        "ELSE refund_cents END), 0) FROM order_returns "
        "WHERE order_id = ? AND created_at = ? AND status <> 'rejected'",
        (order_id, db.now_iso),
    )
    return int(total)


async def charge(db: WorldConnection, order: Order, amount: int) -> None:
    """Charge an amount to the order's payment on file (store credit: from the balance)."""
    if order.payment_method == "store_credit":
        balance = int(
            await db.scalar(
                "SELECT store_credit_cents FROM customers WHERE id = ?", (order.customer_id,)
            )
            or 0
        )
        if balance < amount:
            raise ToolInputError(
                f"cannot charge ${amount / 100:,.2f} to order {order.id}: it was paid with "
                f"store credit and the customer's balance is ${balance / 100:,.2f}"
            )
        await db.execute(
            "UPDATE customers SET store_credit_cents = store_credit_cents - ?, updated_at = ? "
            "WHERE id = ?",
            (amount, db.now_iso, order.customer_id),
        )
    await db.execute(
        "UPDATE orders SET captured_cents = captured_cents + ?, updated_at = ? WHERE id = ?",
        (amount, db.now_iso, order.id),
    )
