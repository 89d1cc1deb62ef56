"""update_order: change an open order's address, shipping method or item quantities, or cancel
it, under the order-changes policy (only while pending or processing).

Every change keeps the order's totals consistent (total = subtotal - discount + shipping),
re-prices with the same rules as calculate_shipping and apply_promotion (tools.order_money),
settles any difference with the payment on file, and writes one audit row with the old and new
values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import Field

from corecraft_mcp.tools import order_money as money
from corecraft_mcp.tools.base import MAX_TEXT, ToolInputError
from corecraft_mcp.tools.customer_lookup import USState, valid_text
from corecraft_mcp.tools.order_change_args import (
    ADDRESS_FIELDS,
    VERBS,
    FieldChange,
    ItemQuantity,
    StockMove,
    UpdateAction,
    UpdateOrderResult,
    address_changes,
    check_arguments,
    new_quantities,
)
from corecraft_mcp.tools.order_data import OrderId, load_lines, load_order, require_open
from corecraft_mcp.tools.return_policy import SERVICE_CATEGORY
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import ShippingService
from corecraft_mcp.world.models_commerce import Order
from corecraft_mcp.world.money import dollars


@dataclass
class _Outcome:
    """What one action did to the order, before totals are written and money settled."""

    after: money.Totals
    changes: list[FieldChange] = field(default_factory=list)
    moves: list[StockMove] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settlement: money.Settlement = field(default_factory=money.Settlement)


def _moves(product_id: str, held: dict[str, int]) -> list[StockMove]:
    return [
        StockMove(product_id=product_id, warehouse=w, reserved_change=n) for w, n in held.items()
    ]


def _check_payment(db: WorldConnection, order: Order, repriced: money.Repriced) -> None:
    """Refuse before writing when the total would change on an order nobody can settle."""
    if repriced.totals.total_cents != int(order.total_cents) and money.payment_missing(order):
        raise money.no_payment_error(db, order, "change this order's total")


async def _change_address(
    db: WorldConnection, order: Order, address: dict[str, str | None]
) -> _Outcome:
    changes = address_changes(order, address)
    await db.execute(
        f"UPDATE orders SET {', '.join(f'{c.field} = ?' for c in changes)} WHERE id = ?",
        [*(c.new for c in changes), order.id],
    )
    return _Outcome(money.current_totals(order), changes)


async def _change_method(
    db: WorldConnection, order: Order, method: ShippingService | None
) -> _Outcome:
    if method is None:
        raise ToolInputError("change_shipping_method needs shipping_method")
    if method == order.shipping_method:
        raise ToolInputError(f"order {order.id} already ships {method}: nothing to change")
    lines = await load_lines(db, order.id)
    repriced = await money.reprice(
        db, order, [(x, x.quantity) for x in lines], method, order.promotion_code
    )
    _check_payment(db, order, repriced)
    quote = repriced.quote
    notes = [n for n in (quote.free_reason, repriced.promotion_note) if n]
    if quote.surcharge_cents:
        notes.append(f"includes a ${quote.surcharge_cents / 100:.2f} heavy-item surcharge")
    await db.execute("UPDATE orders SET shipping_method = ? WHERE id = ?", (method, order.id))
    change = FieldChange(field="shipping_method", old=order.shipping_method, new=method)
    return _Outcome(repriced.totals, [change], notes=notes)


async def _change_items(
    db: WorldConnection, order: Order, items: list[ItemQuantity] | None
) -> _Outcome:
    if not items:
        raise ToolInputError("change_items needs items: [{line_id, quantity}, ...]")
    lines = await load_lines(db, order.id)
    wanted = new_quantities(order, lines, items)
    for line in lines:
        if line.id in wanted and line.build_id:
            assembled = await db.scalar(
                "SELECT assembled FROM builds WHERE id = ?", (line.build_id,)
            )
            if assembled:
                raise ToolInputError(
                    f"cannot change line {line.id} ({line.name}): it is part of custom build "
                    f"{line.build_id}, which is already assembled; parts of a custom build can "
                    "change only before assembly"
                )
    repriced = await money.reprice(
        db,
        order,
        [(x, wanted.get(x.id, x.quantity)) for x in lines],
        order.shipping_method,
        order.promotion_code,
    )
    _check_payment(db, order, repriced)
    outcome = _Outcome(repriced.totals)
    if repriced.promotion_note:
        outcome.notes.append(repriced.promotion_note)
    for line in lines:
        if line.id not in wanted:
            continue
        new = wanted[line.id]
        outcome.changes.append(
            FieldChange(
                field=f"line {line.id} quantity",
                old=line.quantity,
                new=new,
                detail=f"{line.name} ({line.product_id})",
            )
        )
        if line.category != SERVICE_CATEGORY:  # services hold no stock
            if new > line.quantity:
                held = await money.reserve_stock(
                    db, line.product_id, line.name, new - line.quantity
                )
            else:
                held = await money.release_stock(db, line.product_id, line.quantity - new)
            outcome.moves += _moves(line.product_id, held)
        if new == 0:
            await db.execute("DELETE FROM order_items WHERE id = ?", (line.id,))
        else:
            await db.execute("UPDATE order_items SET quantity = ? WHERE id = ?", (new, line.id))
    return outcome


async def _cancel(db: WorldConnection, order: Order, reason: str) -> _Outcome:
    outcome = _Outcome(money.current_totals(order))
    for line in await load_lines(db, order.id):
        if line.category == SERVICE_CATEGORY:
            continue
        outcome.moves += _moves(
            line.product_id, await money.release_stock(db, line.product_id, line.quantity)
        )
    outcome.changes.append(FieldChange(field="status", old=order.status, new="cancelled"))
    await db.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order.id,))
    await db.execute(
        "INSERT INTO order_status_history (order_id, status, at, note) VALUES (?, ?, ?, ?)",
        (order.id, "cancelled", db.now_iso, f"cancelled by support: {reason}"),
    )
    if money.payment_missing(order):
        outcome.settlement = money.Settlement(
            note="no payment record on file (payment method and captured amount are blank), "
            "so no refund was recorded"
        )
    else:
        outcome.settlement = await money.refund(db, order, await money.refundable_cents(db, order))
    return outcome


async def update_order(
    db: WorldConnection,
    order_id: OrderId,
    action: Annotated[
        UpdateAction,
        Field(description="change_address, change_shipping_method, change_items or cancel."),
    ],
    reason: Annotated[
        str,
        Field(
            description="Why, in a sentence (kept in the audit trail).",
            min_length=1,
            max_length=MAX_TEXT,
        ),
    ],
    ship_name: Annotated[
        str | None, Field(description="change_address: recipient name.", max_length=60)
    ] = None,
    ship_street: Annotated[
        str | None, Field(description="change_address: street line.", max_length=120)
    ] = None,
    ship_city: Annotated[
        str | None, Field(description="change_address: city.", max_length=80)
    ] = None,
    ship_state: Annotated[
        USState | None, Field(description="change_address: two-letter state code.")
    ] = None,
    ship_postal_code: Annotated[
        str | None, Field(description="change_address: ZIP code.", max_length=10)
    ] = None,
    shipping_method: Annotated[
        ShippingService | None, Field(description="change_shipping_method: the new service.")
    ] = None,
    items: Annotated[
        list[ItemQuantity] | None,
        Field(
            description="change_items: new quantities by line id (0 removes a line).",
            min_length=1,
            max_length=50,
        ),
    ] = None,
) -> UpdateOrderResult:
    """Change an order that has not shipped: its ship-to address (only the fields given change),
    its shipping method (shipping re-priced by the shipping policy and the customer's tier, as
    calculate_shipping quotes it), or its item quantities (0 removes a line; stock is reserved
    or released, the totals re-computed, the promotion re-checked and removed if the order no
    longer meets its terms), or cancel it (reserved stock released, everything captured
    refunded). Checks what the order system enforces: the order is pending or processing
    (otherwise it refuses, naming the status), the arguments fit the action, stock exists for
    added units, and a change of total needs a payment record (a cancellation without one is
    recorded with no refund). A difference in total is refunded to, or charged on, the original
    payment method. Records the agent's reason in the audit trail. Leaves to the agent whether
    the change should be made (verification, the policies' limits, a refund over the
    supervisor limit): none of these is checked."""
    text = valid_text(reason, "reason", MAX_TEXT)
    address = dict(
        zip(
            ADDRESS_FIELDS,
            (ship_name, ship_street, ship_city, ship_state, ship_postal_code),
            strict=True,
        )
    )
    check_arguments(action, {**address, "shipping_method": shipping_method, "items": items})
    async with db.transaction():
        order = await load_order(db, order_id)
        require_open(order, VERBS[action])
        before = money.current_totals(order)
        if action == "change_address":
            outcome = await _change_address(db, order, address)
        elif action == "change_shipping_method":
            outcome = await _change_method(db, order, shipping_method)
        elif action == "change_items":
            outcome = await _change_items(db, order, items)
        else:
            outcome = await _cancel(db, order, text)
        after = outcome.after
        await db.execute("UPDATE orders SET updated_at = ? WHERE id = ?", (db.now_iso, order.id))
        if after != before:
            old, new = before.as_dict(), after.as_dict()
            outcome.changes += [
                FieldChange(field=k, old=old[k], new=new[k]) for k in old if old[k] != new[k]
            ]
            outcome.settlement = await money.settle(
                db, order, before.total_cents, after.total_cents
            )
            await money.write_totals(db, order.id, after)
        settled = outcome.settlement
        await db.audit(
            "update_order",
            "orders",
            order.id,
            action,
            reason=text,
            old={c.field: c.old for c in outcome.changes},
            new={c.field: c.new for c in outcome.changes},
            refund_cents=settled.refund_cents,
            charge_cents=settled.charge_cents,
            stock={f"{m.product_id}@{m.warehouse}": m.reserved_change for m in outcome.moves},
        )
    return UpdateOrderResult(
        order_id=order.id,
        action=action,
        status="cancelled" if action == "cancel" else order.status,
        changes=outcome.changes,
        subtotal_usd=dollars(after.subtotal_cents) or 0.0,
        discount_usd=dollars(after.discount_cents) or 0.0,
        shipping_usd=dollars(after.shipping_cents) or 0.0,
        total_usd=dollars(after.total_cents) or 0.0,
        previous_total_usd=dollars(before.total_cents) or 0.0,
        promotion_code=after.promotion_code,
        refund_usd=dollars(settled.refund_cents) or 0.0,
        additional_charge_usd=dollars(settled.charge_cents) or 0.0,
        payment_note=settled.note,
        stock_moves=outcome.moves,
        notes=outcome.notes,
    )
