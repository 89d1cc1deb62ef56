"""Shipping tools: what a shipment costs and when it arrives, and where an order's parcels are.

Costs come from the shipping policy (service rates, heavy-item surcharge) and the loyalty tiers'
free-shipping rules, priced by tools.pricing exactly as update_order re-prices an order. Tracking
data is reported as stored: conflicting dates are planted on purpose, and are flagged in
data_warnings, never corrected.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from corecraft_mcp.tools import pricing
from corecraft_mcp.tools.base import ToolInputError, ToolSpec
from corecraft_mcp.tools.customer_lookup import USState, get_customer
from corecraft_mcp.tools.order_data import (
    OrderId,
    as_tier,
    customer_of,
    load_lines,
    load_order,
)
from corecraft_mcp.tools.product_lookup import get_products
from corecraft_mcp.tools.shipping_status import ShippingStatusResult, shipping_status
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.definition import ShippingService, TierName
from corecraft_mcp.world.money import cents, dollars


class ProductQuantity(BaseModel):
    product_id: str = Field(
        description="A product id or SKU (search_products finds them).", min_length=1, max_length=40
    )
    quantity: int = Field(default=1, ge=1, le=1000, description="Units of the product.")


class ServiceQuote(BaseModel):
    service: ShippingService
    base_rate_usd: float = Field(description="The service's list price.")
    base_charged_usd: float = Field(description="The base rate after the tier's free rule.")
    free_shipping_reason: str | None = Field(description="Why the base rate is waived, if it is.")
    heavy_surcharge_usd: float = Field(description="Charged even when the base rate is free.")
    cost_usd: float = Field(description="What the customer pays for shipping.")
    business_days_min: int
    business_days_max: int
    estimated_delivery_earliest: str = Field(description="If it ships today (YYYY-MM-DD).")
    estimated_delivery_latest: str = Field(description="The promised date if it ships today.")


class ShippingQuoteResult(BaseModel):
    weight_kg: float
    weight_source: str = Field(description="Where the weight came from.")
    order_value_usd: float | None = Field(
        description="Merchandise value after discounts that the free-shipping threshold is "
        "measured on; null when unknown (then only an always-free tier ships free)."
    )
    tier: TierName
    tier_source: str
    destination_state: str | None
    ship_date: str = Field(description="Today in the world: estimates count business days from it.")
    heavy_threshold_kg: float
    heavy_surcharge_per_kg_usd: float = Field(description="Per kg over the threshold (pro rata).")
    quotes: list[ServiceQuote]
    notes: list[str]


def _quote_model(quote: pricing.ShippingQuote) -> ServiceQuote:
    return ServiceQuote(
        service=quote.service,
        base_rate_usd=dollars(quote.base_rate_cents) or 0.0,
        base_charged_usd=dollars(quote.base_charged_cents) or 0.0,
        free_shipping_reason=quote.free_reason,
        heavy_surcharge_usd=dollars(quote.surcharge_cents) or 0.0,
        cost_usd=dollars(quote.total_cents) or 0.0,
        business_days_min=quote.business_days[0],
        business_days_max=quote.business_days[1],
        estimated_delivery_earliest=quote.earliest.isoformat(),
        estimated_delivery_latest=quote.latest.isoformat(),
    )


async def calculate_shipping(
    db: WorldConnection,
    service: Annotated[
        ShippingService | None,
        Field(description="standard, expedited or overnight; omit to quote all three."),
    ] = None,
    weight_kg: Annotated[
        float | None,
        Field(description="Parcel weight in kg (give this, order_id or items).", gt=0, le=2000),
    ] = None,
    order_id: Annotated[
        OrderId | None,
        Field(description="Quote for this order's items, value, customer and address."),
    ] = None,
    items: Annotated[
        list[ProductQuantity] | None,
        Field(
            description="Products and quantities whose weights and prices are summed.",
            min_length=1,
            max_length=50,
        ),
    ] = None,
    destination_state: Annotated[
        USState | None, Field(description="Two-letter US state code of the destination.")
    ] = None,
    tier: Annotated[
        TierName | None, Field(description="Loyalty tier whose free-shipping rule applies.")
    ] = None,
    customer_id: Annotated[
        str | None,
        Field(
            description="Use this customer's tier (instead of tier).", min_length=1, max_length=40
        ),
    ] = None,
    order_value_usd: Annotated[
        float | None,
        Field(
            description="Merchandise value after discounts, for the free-shipping threshold "
            "(defaults to the order's or the items' value).",
            ge=0,
            le=10_000_000,
        ),
    ] = None,
) -> ShippingQuoteResult:
    """Quote shipping cost and delivery dates for standard, expedited and overnight (or the one
    service named), applying the shipping policy: each service's rate and business days, the
    heavy-item surcharge per kg over the weight threshold (charged even when shipping
    is free), and the loyalty tier's free-shipping rules (free standard shipping over the tier's
    threshold on the order value after discounts, always free for some tiers, free expedited
    for Platinum). Give exactly one of weight_kg, order_id or items; the tier comes from tier,
    customer_id or the order's customer (Standard if none is given). Estimated delivery counts
    business days (weekends skipped) from today. Rates are the same to every US state. It
    changes nothing: to change an order's shipping method use update_order."""
    notes: list[str] = []
    if sum(x is not None for x in (weight_kg, order_id, items)) != 1:
        raise ToolInputError(
            "give exactly one of weight_kg (a weight), order_id (an order's items) or items "
            "(product ids with quantities) to weigh the shipment"
        )
    if tier is not None and customer_id is not None:
        raise ToolInputError("give tier or customer_id, not both: the tier decides free shipping")
    value_cents: int | None = None
    tier_name: TierName | None = tier
    tier_source = "as given" if tier else ""
    state: str | None = destination_state
    if order_id is not None:
        order = await load_order(db, order_id)
        lines = await load_lines(db, order.id)
        grams = sum(line.weight_grams * line.quantity for line in lines)
        source = f"order {order.id}: {sum(x.quantity for x in lines)} unit(s) weighed"
        value_cents = int(order.subtotal_cents) - int(order.discount_cents)
        state = state or order.ship_state
        if order.status not in ("pending", "processing"):
            notes.append(
                f"order {order.id} is '{order.status}': this quote is for reference only; "
                "its shipping can no longer change"
            )
        if tier_name is None and customer_id is None:
            customer = await customer_of(db, order)
            tier_name, tier_source = as_tier(customer.tier), f"customer {customer.id}"
    elif items is not None:
        products = await get_products(db, [i.product_id for i in items])
        grams = sum(p.weight_grams * i.quantity for p, i in zip(products, items, strict=True))
        value_cents = sum(p.price_cents * i.quantity for p, i in zip(products, items, strict=True))
        source = f"{len(items)} product line(s) at catalogue weights and prices"
    else:
        grams = round((weight_kg or 0.0) * 1000)
        source = "as given"
    if customer_id is not None:
        customer = await get_customer(db, customer_id)
        tier_name, tier_source = as_tier(customer.tier), f"customer {customer.id}"
        state = state or customer.state
    if tier_name is None:
        tier_name, tier_source = "Standard", "assumed (no tier, customer or order given)"
        notes.append("no tier given: quoted at Standard tier; give tier or customer_id")
    if order_value_usd is not None:
        value_cents = cents(order_value_usd)
    rule = pricing.tier_rule(db.policy, tier_name)
    if value_cents is None and rule.free_standard_over_cents > 0:
        notes.append(
            f"order value unknown: {tier_name} standard shipping is free only over "
            f"${rule.free_standard_over_cents / 100:.2f}; give order_value_usd to apply it"
        )
    services = (service,) if service else pricing.SERVICES
    quotes = [
        pricing.quote_shipping(db.policy, rule, s, value_cents or 0, grams, db.today)
        for s in services
    ]
    policy = db.policy.shipping
    if quotes[0].surcharge_cents:
        notes.append(
            f"heavy shipment: {grams / 1000:.2f} kg is over the {policy.heavy_threshold_kg:g} kg "
            f"threshold; ${policy.heavy_surcharge_per_kg:.2f} per kg over it is added to "
            "every service"
        )
    return ShippingQuoteResult(
        weight_kg=round(grams / 1000, 3),
        weight_source=source,
        order_value_usd=dollars(value_cents),
        tier=tier_name,
        tier_source=tier_source,
        destination_state=state,
        ship_date=db.today.isoformat(),
        heavy_threshold_kg=policy.heavy_threshold_kg,
        heavy_surcharge_per_kg_usd=policy.heavy_surcharge_per_kg,
        quotes=[_quote_model(q) for q in quotes],
        notes=notes,
    )


async def get_shipping_status(
    db: WorldConnection,
    order_id: Annotated[
        OrderId | None, Field(description="The order whose shipments to show.")
    ] = None,
    tracking_number: Annotated[
        str | None,
        Field(
            description="A carrier tracking number (any case, spaces ignored).",
            min_length=1,
            max_length=60,
        ),
    ] = None,
) -> ShippingStatusResult:
    """Shipping records of an order (an order may ship in more than one parcel), found by order
    id or tracking number: carrier, service, tracking number, status, ship date, promised and
    delivered dates, exceptions and the tracking events in time order. Computes, per parcel, the
    business days between the promised date and the recorded delivery (or today while on its
    way); when a parcel of a delivered order has no delivery record, the ship date plus the
    returns policy's allowance. Conflicting or impossible stored dates are reported as stored
    and listed in data_warnings, never corrected. Checks only its input. Leaves to the agent
    whether a delivery is late enough for compensation (the late-delivery policy), what is
    offered, and what to do about conflicting records. Give exactly one of order_id or
    tracking_number."""
    if (order_id is None) == (tracking_number is None):
        raise ToolInputError("give exactly one of order_id or tracking_number")
    if tracking_number is not None:
        wanted = "".join(tracking_number.split())
        found = await db.fetchone(
            "SELECT order_id, tracking_number FROM shipping_records "
            "WHERE tracking_number = ? COLLATE NOCASE",
            (wanted,),
        )
        if found is None or not wanted:
            raise ToolInputError(
                f"no shipment has tracking number '{tracking_number}' (an order_id is also "
                "accepted; get_order_details lists an order's tracking numbers)"
            )
        order = await load_order(db, found["order_id"])
        return await shipping_status(db, order, found["tracking_number"])
    order = await load_order(db, order_id or "")
    return await shipping_status(db, order, None)


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(calculate_shipping, "read", "Calculate shipping"),
    ToolSpec(get_shipping_status, "read", "Get shipping status"),
)
