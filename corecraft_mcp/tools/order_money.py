"""Changing an order's money and stock: re-pricing its totals, settling the difference with the
payment on file, and reserving or releasing inventory.

The money rule every order write follows (update_order, apply_promotion): the order's totals
always describe what the customer owes now (total = subtotal - discount + shipping, a CHECK),
and the payment columns record what actually moved: a lower total is refunded to the original
payment method (refunded_cents grows; store credit payments are credited back to the
customer's balance at once, as process_return does), a higher total on a fully paid order is
charged to it (captured_cents grows). So captured - refunded keeps matching the total, and
every cent is traceable in the audit trail. Orders without a payment record cannot be charged
or refunded by support: billing must reconstruct the receipt first.
"""

from __future__ import annotations

from dataclasses import dataclass

from corecraft_mcp.tools import pricing
from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.order_data import OrderLine, as_tier
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import ShippingService
from corecraft_mcp.world.models import Promotion
from corecraft_mcp.world.models_commerce import Order
from corecraft_mcp.world.rules import PromoTerms


def payment_missing(order: Order) -> bool:
    return order.payment_method is None or order.captured_cents is None


def captured_cents(order: Order) -> int:
    """What was captured on an order whose payment is on file (payment_missing is false)."""
    if order.captured_cents is None:
        raise ValueError(f"order {order.id} has no captured amount: check payment_missing first")
    return order.captured_cents


def no_payment_error(db: WorldConnection, order: Order, action: str) -> ToolInputError:
    return ToolInputError(
        f"cannot {action}: order {order.id} has no payment record on file (payment method and "
        "captured amount are blank), so nothing can be charged to or refunded on it"
    )


@dataclass(frozen=True)
class Totals:
    subtotal_cents: int
    discount_cents: int
    shipping_cents: int
    promotion_code: str | None

    @property
    def total_cents(self) -> int:
        return self.subtotal_cents - self.discount_cents + self.shipping_cents

    def as_dict(self) -> dict[str, int | str | None]:
        return {
            "subtotal_cents": self.subtotal_cents,
            "discount_cents": self.discount_cents,
            "shipping_cents": self.shipping_cents,
            "total_cents": self.total_cents,
            "promotion_code": self.promotion_code,
        }


def current_totals(order: Order) -> Totals:
    return Totals(
        int(order.subtotal_cents),
        int(order.discount_cents),
        int(order.shipping_cents),
        order.promotion_code,
    )


async def promotion_row(db: WorldConnection, code: str) -> Promotion | None:
    row = await db.fetchone("SELECT * FROM promotions WHERE code = ? COLLATE NOCASE", (code,))
    return None if row is None else Promotion.model_validate(row)


@dataclass(frozen=True)
class Repriced:
    totals: Totals
    quote: pricing.ShippingQuote
    promotion_note: str | None  # set when the promotion was removed or its discount changed


async def reprice(
    db: WorldConnection,
    order: Order,
    lines: list[tuple[OrderLine, int]],
    method: ShippingService,
    promotion_code: str | None,
) -> Repriced:
    """An open order's totals for these (line, quantity) pairs: the promotion's discount
    re-checked against the contents (it is removed if its category or minimum-spend rule no
    longer holds, as the order-changes policy says), and shipping re-quoted for the method with
    the customer's current tier, exactly as calculate_shipping quotes it."""
    priced = [line.priced(quantity) for line, quantity in lines if quantity > 0]
    subtotal = sum(p.cents for p in priced)
    discount, code, note = 0, promotion_code, None
    if promotion_code is not None:
        promo = await promotion_row(db, promotion_code)
        if promo is None:
            code, note = None, f"promotion {promotion_code} is no longer on file: removed"
        else:
            check = pricing.check_discount(PromoTerms.from_promotion(promo), priced)
            if check.problem:
                code, note = None, f"promotion {promo.code} removed: {check.problem}"
            else:
                discount = check.discount_cents
                if discount != int(order.discount_cents):
                    note = (
                        f"promotion {promo.code} re-checked: discount now "
                        f"${discount / 100:.2f} (was ${int(order.discount_cents) / 100:.2f})"
                    )
    customer = await db.fetchone("SELECT tier FROM customers WHERE id = ?", (order.customer_id,))
    rule = pricing.tier_rule(db.policy, as_tier(customer["tier"] if customer else "Standard"))
    grams = sum(line.weight_grams * quantity for line, quantity in lines)
    quote = pricing.quote_shipping(db.policy, rule, method, subtotal - discount, grams, db.today)
    return Repriced(Totals(subtotal, discount, quote.total_cents, code), quote, note)


async def write_totals(db: WorldConnection, order_id: str, totals: Totals) -> None:
    await db.execute(
        "UPDATE orders SET subtotal_cents = ?, discount_cents = ?, shipping_cents = ?, "
        "total_cents = ?, promotion_code = ?, updated_at = ? WHERE id = ?",
        (
            totals.subtotal_cents,
            totals.discount_cents,
            totals.shipping_cents,
            totals.total_cents,
            totals.promotion_code,
            db.now_iso,
            order_id,
        ),
    )


@dataclass(frozen=True)
class Settlement:
    refund_cents: int = 0
    charge_cents: int = 0
    note: str = "no payment change"


def payment_label(order: Order) -> str:
    method = order.payment_method
    if method == "card" and order.card_last4:
        return f"card ending {order.card_last4}"
    return {"paypal": "PayPal", "store_credit": "store credit", "financing": "financing"}.get(
        str(method), str(method)
    )


async def _store_credit(db: WorldConnection, order: Order, delta_cents: int) -> None:
    await db.execute(
        "UPDATE customers SET store_credit_cents = store_credit_cents + ?, updated_at = ? "
        "WHERE id = ?",
        (delta_cents, db.now_iso, order.customer_id),
    )


async def refundable_cents(db: WorldConnection, order: Order) -> int:
    """What is left of the payment captured: less refunds and store credit issued for returns."""
    credited = await db.scalar(
        "SELECT coalesce(sum(refund_cents), 0) FROM order_returns "
        "WHERE order_id = ? AND kind = 'store_credit' AND status <> 'rejected'",
        (order.id,),
    )
    captured = int(order.captured_cents or 0)
    return max(0, captured - int(order.refunded_cents) - int(credited or 0))


async def refund(
    db: WorldConnection, order: Order, amount_cents: int, *, item_coming_back: bool = False
) -> Settlement:
    """Refund to the original payment method (store credit: back on the balance at once). The
    refunds policy times it: after a return, once the warehouse has the item; when nothing has
    to come back (a cancellation, a price adjustment), at once."""
    if amount_cents <= 0:
        return Settlement()
    await db.execute(
        "UPDATE orders SET refunded_cents = refunded_cents + ?, updated_at = ? WHERE id = ?",
        (amount_cents, db.now_iso, order.id),
    )
    label = payment_label(order)
    if order.payment_method == "store_credit":
        await _store_credit(db, order, amount_cents)
        when = "credited back to the customer's store credit at once"
    elif item_coming_back:
        days = db.policy.returns.refund_business_days
        when = f"refunded to the {label} within {days} business days after the warehouse receives the item"
    else:
        when = f"refunded to the {label} now (the bank may take a few days to show it)"
    return Settlement(refund_cents=amount_cents, note=f"${amount_cents / 100:.2f} {when}")


async def settle(db: WorldConnection, order: Order, old_total: int, new_total: int) -> Settlement:
    """Move money so that what was paid matches the new total of an open order."""
    if new_total == old_total:
        return Settlement()
    if payment_missing(order):
        raise no_payment_error(db, order, "change this order's total")
    paid = captured_cents(order) - order.refunded_cents
    if paid > new_total:
        return await refund(db, order, paid - new_total)
    if paid < old_total:
        # Not captured in full yet: the new total is what will be charged at capture.
        return Settlement(note="the payment is not captured in full yet: the new total will be")
    extra = new_total - paid
    if order.payment_method == "store_credit":
        balance = int(
            await db.scalar(
                "SELECT store_credit_cents FROM customers WHERE id = ?", (order.customer_id,)
            )
            or 0
        )
        if balance < extra:
            raise ToolInputError(
                f"cannot raise the total of order {order.id} by ${extra / 100:.2f}: it was "
                f"paid with store credit and the customer's balance is ${balance / 100:.2f}"
            )
        await _store_credit(db, order, -extra)
    await db.execute(
        "UPDATE orders SET captured_cents = captured_cents + ?, updated_at = ? WHERE id = ?",
        (extra, db.now_iso, order.id),
    )
    return Settlement(
        charge_cents=extra, note=f"${extra / 100:.2f} more charged to the {payment_label(order)}"
    )


async def release_stock(db: WorldConnection, product_id: str, units: int) -> dict[str, int]:
    """Release units held for an order: from the warehouses holding the most reservations
    (orders do not record which warehouse holds theirs). Never below zero."""
    rows = await db.fetchall(
        "SELECT id, warehouse, reserved FROM inventory WHERE product_id = ? AND reserved > 0 "
        "ORDER BY reserved DESC, warehouse",
        (product_id,),
    )
    moved: dict[str, int] = {}
    for row in rows:
        take = min(units, int(row["reserved"]))
        if take <= 0:
            break
        await db.execute(
            "UPDATE inventory SET reserved = reserved - ? WHERE id = ?", (take, row["id"])
        )
        moved[row["warehouse"]] = -take
        units -= take
    return moved


async def reserve_stock(
    db: WorldConnection, product_id: str, name: str, units: int
) -> dict[str, int]:
    """Hold units for an order where most are free, or an error naming the stock on hand."""
    rows = await db.fetchall(
        "SELECT id, warehouse, on_hand - reserved AS free, restock_date FROM inventory "
        "WHERE product_id = ? ORDER BY on_hand - reserved DESC, warehouse",
        (product_id,),
    )
    free = sum(max(0, int(r["free"])) for r in rows)
    if free < units:
        today = db.today.isoformat()
        dates = sorted(r["restock_date"] for r in rows if (r["restock_date"] or "") >= today)
        restock = f"; restock expected {dates[0]}" if dates else ""
        raise ToolInputError(
            f"cannot add {units} unit(s) of {name} ({product_id}): only {free} available over "
            f"all warehouses{restock}; check_inventory shows stock per warehouse"
        )
    moved: dict[str, int] = {}
    for row in rows:
        take = min(units, max(0, int(row["free"])))
        if take <= 0:
            break
        await db.execute(
            "UPDATE inventory SET reserved = reserved + ? WHERE id = ?", (take, row["id"])
        )
        moved[row["warehouse"]] = take
        units -= take
    return moved
