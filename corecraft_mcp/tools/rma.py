"""What returns and exchanges share: their arguments, the eligibility check of an item that is to
be sent back, and how the return window is shown in their results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, Field

from corecraft_mcp.tools import return_policy as rp
from corecraft_mcp.tools.base import MAX_TEXT
from corecraft_mcp.tools.delivery import check_started, delivery_basis
from corecraft_mcp.tools.order_data import customer_of, load_order
from corecraft_mcp.tools.text import plain_text
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import LoyaltyTier, PurchasedItem
from corecraft_mcp.world.models_commerce import Customer, Order

OrderItemId = Annotated[
    int,
    Field(
        description="The line item's id on that order (get_order_details lists them).",
        ge=1,
        le=2**31 - 1,
    ),
]
Quantity = Annotated[int, Field(description="Units of the item (default 1).", ge=1, le=1000)]
Reason = Annotated[
    str,
    Field(
        description="Why the customer sends it back, in a sentence (recorded on the RMA).",
        min_length=1,
        max_length=MAX_TEXT,
    ),
]
Doa = Annotated[
    bool,
    Field(
        description="Dead on arrival: did not work out of the box, reported within the "
        "policy's DOA period after delivery (any tier, no fee, even past the tier window)."
    ),
]


class ReturnWindowInfo(BaseModel):
    tier: str = Field(description="The customer's current loyalty tier, whose window applies.")
    window_days: int
    starts_on: str = Field(description="The delivery date the window counts from.")
    from_delivery_record: bool = Field(
        description="False: no delivery record, so the window counts from the ship date plus "
        "the policy's allowance; the policy says to tell the customer so."
    )
    basis: str = Field(description="How the start date was found.")
    ends_on: str = Field(description="Last day of the window (inclusive).")
    doa_deadline: str = Field(description="Last day a dead-on-arrival report qualifies.")


def window_info(window: rp.ReturnWindow) -> ReturnWindowInfo:
    return ReturnWindowInfo(
        tier=window.tier,
        window_days=window.days,
        starts_on=window.starts_on.isoformat(),
        from_delivery_record=window.basis.from_delivery_record,
        basis=window.basis.explanation,
        ends_on=window.ends_on.isoformat(),
        doa_deadline=window.doa_deadline.isoformat(),
    )


@dataclass(frozen=True)
class Eligible:
    """An order item that may be sent back today, with what decided it."""

    order: Order
    item: PurchasedItem
    customer: Customer
    terms: LoyaltyTier
    window: rp.ReturnWindow


async def eligible(
    db: WorldConnection, order_id: str, item_id: int, quantity: int, doa: bool, action: str
) -> Eligible:
    """The checks of the returns policy, most fundamental first: the order and item exist, the
    order's goods left the warehouse (not pending, processing or cancelled), the item is
    returnable at all (not a service, not final sale, not assembled into a build) and not
    already sent back, the order was delivered, and today is inside the window."""
    order = await load_order(db, order_id)
    item = await rp.load_item(db, order, item_id)
    check_started(order, action)
    await rp.check_returnable(db, item, quantity, action)
    basis = await delivery_basis(db, order, action)
    customer = await customer_of(db, order)
    terms = await rp.tier_terms(db, customer.tier)
    window = rp.return_window(db, basis, terms)
    rp.check_window(db, window, doa, action)
    return Eligible(order, item, customer, terms, window)


def clean_text(value: str, what: str) -> str:
    return plain_text(value, what)
