"""update_order's arguments and result: the models, and checking what the agent asked for
against the order before anything is written."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.customer_lookup import (
    valid_person_name,
    valid_postal_code,
    valid_state,
    valid_text,
)
from corecraft_mcp.tools.order_data import OrderLine
from corecraft_mcp.world.models_commerce import Order

UpdateAction = Literal["change_address", "change_shipping_method", "change_items", "cancel"]
ADDRESS_FIELDS = ("ship_name", "ship_street", "ship_city", "ship_state", "ship_postal_code")


class ItemQuantity(BaseModel):
    line_id: int = Field(ge=1, le=2**31 - 1, description="The order item's line id.")
    quantity: int = Field(ge=0, le=1000, description="The new quantity; 0 removes the line.")


class FieldChange(BaseModel):
    field: str = Field(description="An order column, or 'line N quantity' for an item line.")
    old: str | int | None
    new: str | int | None
    detail: str | None = Field(default=None, description="The product, for an item line.")


class StockMove(BaseModel):
    product_id: str
    warehouse: str
    reserved_change: int = Field(description="+ units reserved, - units released.")


class UpdateOrderResult(BaseModel):
    order_id: str
    action: UpdateAction
    status: str
    changes: list[FieldChange] = Field(description="Every order field or line that changed.")
    subtotal_usd: float
    discount_usd: float
    shipping_usd: float
    total_usd: float
    previous_total_usd: float
    promotion_code: str | None
    refund_usd: float = Field(description="Refunded to the original payment method.")
    additional_charge_usd: float = Field(description="Charged to the original payment method.")
    payment_note: str
    stock_moves: list[StockMove]
    notes: list[str]


VERBS = {
    "cancel": "cancel",
    "change_address": "change the address of",
    "change_shipping_method": "change the shipping method of",
    "change_items": "change the items of",
}
ACTION_ARGS: dict[str, tuple[str, ...]] = {
    "change_address": ADDRESS_FIELDS,
    "change_shipping_method": ("shipping_method",),
    "change_items": ("items",),
    "cancel": (),
}


def check_arguments(action: str, given: dict[str, Any]) -> None:
    stray = [name for name, value in given.items() if value is not None]
    stray = [name for name in stray if name not in ACTION_ARGS[action]]
    if stray:
        raise ToolInputError(
            f"{', '.join(stray)} cannot be used with action '{action}': "
            + "; ".join(
                f"{a} takes {', '.join(f) or 'only order_id and reason'}"
                for a, f in ACTION_ARGS.items()
            )
        )


def address_changes(order: Order, given: dict[str, str | None]) -> list[FieldChange]:
    if all(v is None for v in given.values()):
        raise ToolInputError(
            "change_address needs the new address: give any of ship_name, ship_street, "
            "ship_city, ship_state, ship_postal_code (the rest stay as they are)"
        )
    cleaned = {
        "ship_name": lambda v: valid_person_name(v, "ship_name"),
        "ship_street": lambda v: valid_text(v, "ship_street", 120),
        "ship_city": lambda v: valid_text(v, "ship_city", 80),
        "ship_state": valid_state,
        "ship_postal_code": valid_postal_code,
    }
    changes = []
    for name, value in given.items():
        if value is None:
            continue
        new = cleaned[name](value)
        old = getattr(order, name)
        if new != old:
            changes.append(FieldChange(field=name, old=old, new=new))
    if not changes:
        raise ToolInputError(f"order {order.id} already ships to that address: nothing to change")
    return changes


def new_quantities(
    order: Order, lines: list[OrderLine], items: list[ItemQuantity]
) -> dict[int, int]:
    by_id = {line.id: line for line in lines}
    seen: set[int] = set()
    wanted: dict[int, int] = {}
    for item in items:
        if item.line_id not in by_id:
            listed = "; ".join(f"{x.id} ({x.name} x{x.quantity})" for x in lines)
            raise ToolInputError(
                f"line {item.line_id} is not on order {order.id}: its lines are {listed}"
            )
        if item.line_id in seen:
            raise ToolInputError(f"line {item.line_id} is given twice: give each line once")
        seen.add(item.line_id)
        if item.quantity != by_id[item.line_id].quantity:
            wanted[item.line_id] = item.quantity
    if not wanted:
        raise ToolInputError("those are the quantities the order already has: nothing to change")
    if all(wanted.get(line.id, line.quantity) == 0 for line in lines):
        raise ToolInputError(
            f"that would remove every item of order {order.id}: change_items keeps at least "
            "one line (removing them all is action 'cancel')"
        )
    return wanted
