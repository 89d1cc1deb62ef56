"""What returns and exchanges share: their arguments, the system's checks of an item that is to
be sent back (integrity and state, not the policy's window), and the return window's dates as
facts in their results."""

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
        description="Record the unit as dead on arrival (the agent's finding; the tool does "
        "not judge the DOA period)."
    ),
]


class ReturnWindowInfo(BaseModel):
    tier: str = Field(description="The customer's current loyalty tier.")
    window_days: int
    starts_on: str = Field(description="The delivery date (or computed date) counted from.")
    from_delivery_record: bool = Field(
        description="False: no delivery record; starts_on is the ship date plus the returns "
        "policy's no-delivery-record allowance."
    )
    basis: str = Field(description="How the start date was found.")
    ends_on: str = Field(description="starts_on + the tier's window days (inclusive).")
    doa_period_ends_on: str = Field(description="starts_on + the policy's DOA days (inclusive).")


def window_info(window: rp.ReturnWindow) -> ReturnWindowInfo:
    return ReturnWindowInfo(
        tier=window.tier,
        window_days=window.days,
        starts_on=window.starts_on.isoformat(),
        from_delivery_record=window.basis.from_delivery_record,
        basis=window.basis.explanation,
        ends_on=window.ends_on.isoformat(),
        doa_period_ends_on=window.doa_period_ends_on.isoformat(),
    )


@dataclass(frozen=True)
class Sendable:
    """An order item the system accepts back, with its order, customer, tier and window dates."""

    order: Order
    item: PurchasedItem
    customer: Customer
    terms: LoyaltyTier
    window: rp.ReturnWindow


async def sendable(
    db: WorldConnection, order_id: str, item_id: int, quantity: int, action: str
) -> Sendable:
    """The system's checks, most fundamental first: the order and item exist, the order was
    delivered (not pending, processing, cancelled or still on its way), the item is returnable
    merchandise at all (not a service, not flagged final sale on its order line, not assembled
    into a build) and these units were not already sent back. Whether the request is inside
    the return window or the DOA period is the agent's decision, not checked here."""
    order = await load_order(db, order_id)
    item = await rp.load_item(db, order, item_id)
    check_started(order, action)
    await rp.check_returnable(db, item, quantity, action)
    basis = await delivery_basis(db, order, action)
    customer = await customer_of(db, order)
    terms = await rp.tier_terms(db, customer.tier)
    window = rp.return_window(db, basis, terms)
    return Sendable(order, item, customer, terms, window)


def clean_text(value: str, what: str) -> str:
    return plain_text(value, what)
