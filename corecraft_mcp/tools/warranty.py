"""get_warranty_policy: the warranty terms of a product, or of an item a customer bought, and its
dates. Whether a claim is accepted, and what the agent does about it, is left to the agent.

The coverage rules (which policy applies, CoreCare+, who handles a claim when) are computed in
return_policy, shared with the return and product tools; this module turns them into an answer.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools import return_policy as rp
from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.delivery import parse_date
from corecraft_mcp.tools.order_data import load_order
from corecraft_mcp.tools.product_lookup import get_product
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import PurchasedItem
from corecraft_mcp.world.models_commerce import Condition, Order

Handler = Literal["corecraft", "manufacturer"]


class ClaimPeriod(BaseModel):
    handler: Handler = Field(description="Who processes claims in this period, per the terms.")
    starts_on: str
    ends_on: str = Field(description="Last day of the period (inclusive).")


class WarrantyResult(BaseModel):
    product_id: str
    product_name: str
    brand: str
    category: str
    condition: Condition
    order_id: str | None
    order_item_id: int | None
    policy_id: str
    policy_name: str
    provider: Literal["manufacturer", "corecraft"] = Field(
        description="Who gives the warranty (open-box, refurbished and prebuilt: CoreCraft)."
    )
    duration: str = Field(description="The policy's length, e.g. '3 years' or '90 days'.")
    coverage: str
    claim_process: str
    corecare_plus: bool = Field(description="CoreCare+ was bought on the same order.")
    corecare_plus_extra_years: int = Field(description="Years CoreCare+ adds (0 without it).")
    purchase_date: str | None = Field(description="The order date; null when not known.")
    base_coverage_ends_on: str | None = Field(description="Last day of the policy itself.")
    coverage_ends_on: str | None = Field(description="Last covered day, CoreCare+ included.")
    days_left: int | None = Field(
        description="Days from today to coverage_ends_on (0 when that day has passed); null "
        "without a purchase date."
    )
    claim_periods: list[ClaimPeriod] = Field(
        description="Who processes claims in which period, from the purchase date to the end "
        "of coverage (CoreCraft's own warranties, the first months of a manufacturer's warranty "
        "and the CoreCare+ extension: CoreCraft; the rest: the manufacturer); empty without a "
        "purchase date."
    )
    corecraft_handles_claims_until: str | None = Field(
        description="Last day of CoreCraft's first claim period (the manufacturer's warranty "
        "or CoreCraft's own)."
    )
    summary: str = Field(description="The terms and dates in one sentence.")
    notes: list[str]


def _duration(coverage: rp.WarrantyCoverage) -> str:
    if coverage.days is not None:
        return f"{coverage.days} days"
    months = coverage.months or 0
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} months"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _summary(coverage: rp.WarrantyCoverage, periods: list[ClaimPeriod]) -> str:
    name = coverage.policy.name
    extended = " with the CoreCare+ extension" if coverage.corecare_plus else ""
    if coverage.ends_on is None:
        return f"{name}: {_duration(coverage)} from the purchase date{extended}."
    spans = "; ".join(
        f"{'CoreCraft' if p.handler == 'corecraft' else 'the manufacturer'} "
        f"{p.starts_on} to {p.ends_on}"
        for p in periods
    )
    return (
        f"{name}{extended}: from {coverage.purchase_date} to {coverage.ends_on}; "
        f"claims processed by {spans}."
    )


def _periods(coverage: rp.WarrantyCoverage) -> list[ClaimPeriod]:
    """The handler of each day from purchase to the end of coverage, as runs of days."""
    start, end = coverage.purchase_date, coverage.ends_on
    if start is None or end is None:
        return []
    bounds = sorted(
        {start, end + dt.timedelta(days=1)}
        | {
            d + dt.timedelta(days=1)
            for d in (coverage.corecraft_handles_until, coverage.base_ends_on)
            if d is not None and start <= d < end
        }
    )
    periods: list[ClaimPeriod] = []
    for first, after in pairwise(bounds):
        handler: Handler = (
            "manufacturer" if coverage.handler_on(first) == "manufacturer" else "corecraft"
        )
        last = after - dt.timedelta(days=1)
        if periods and periods[-1].handler == handler:
            periods[-1] = ClaimPeriod(
                handler=handler, starts_on=periods[-1].starts_on, ends_on=last.isoformat()
            )
        else:
            periods.append(
                ClaimPeriod(handler=handler, starts_on=first.isoformat(), ends_on=last.isoformat())
            )
    return periods


def _purchase(text: str | None, today: dt.date) -> dt.date | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ToolInputError(
            f"purchase_date '{text}' is not a date: give it as YYYY-MM-DD"
        ) from exc
    if day > today:
        raise ToolInputError(f"purchase_date {day} is after today ({today})")
    return day


async def get_warranty_policy(
    db: WorldConnection,
    order_id: Annotated[
        str | None,
        Field(
            description="The order the item was bought on (with order_item_id): answers for "
            "that unit, from its purchase date.",
            max_length=40,
        ),
    ] = None,
    order_item_id: Annotated[
        int | None,
        Field(description="The line item's id (get_order_details lists them).", ge=1, le=2**31 - 1),
    ] = None,
    product_id: Annotated[
        str | None,
        Field(description="A product id or SKU, for its policy without an order.", max_length=64),
    ] = None,
    condition: Annotated[
        Condition | None,
        Field(description="With product_id only: the unit's condition (default new)."),
    ] = None,
    purchase_date: Annotated[
        str | None,
        Field(
            description="With product_id only: when it was bought (YYYY-MM-DD), to get the "
            "coverage dates.",
            max_length=10,
        ),
    ] = None,
) -> WarrantyResult:
    """The warranty terms that apply to an item a customer bought (order_id + order_item_id),
    or to a product (product_id, optionally with condition and purchase_date): the policy by
    category (premium PSU lines longer), open-box and refurbished units under CoreCraft's own
    shorter warranties, CoreCare+ bought on the same order adding its extra years; the coverage
    dates from the purchase date and who processes claims in which period under the terms.
    Checks only its input. Leaves to the agent whether a claim is accepted (the fault, the
    exclusions, the date of the claim) and what to do about it. Changes nothing."""
    notes: list[str] = []
    order: Order | None = None
    item: PurchasedItem | None = None
    if order_id is not None or order_item_id is not None:
        if condition is not None or purchase_date is not None:
            raise ToolInputError(
                "condition and purchase_date are only for product_id: an order item's "
                "condition and purchase date come from its order"
            )
        if order_item_id is None:
            raise ToolInputError("give order_item_id too: get_order_details lists the items")
        if order_id is None:
            found = await db.scalar(
                "SELECT order_id FROM order_items WHERE id = ?", (order_item_id,)
            )
            if found is None:
                raise ToolInputError(f"order item {order_item_id} not found: give order_id too")
            order_id = str(found)
        order = await load_order(db, order_id)
        item = await rp.load_item(db, order, order_item_id)
        product = item.product
        if product_id is not None and product_id.strip().upper() != product.id.upper():
            raise ToolInputError(
                f"order item {item.id} is {product.name} ({product.id}), "
                f"not product '{product_id}' (with an order item, product_id may be left out)"
            )
        unit_condition: Condition = item.condition
    elif product_id is not None:
        product = await get_product(db, product_id)
        unit_condition = condition or "new"
    else:
        raise ToolInputError(
            "say what to look up: order_id + order_item_id for an item a customer bought, or "
            "product_id for a product's policy"
        )
    name = product.name
    if product.category == rp.SERVICE_CATEGORY:
        extra = db.policy.warranty.corecare_plus_extra_years
        raise ToolInputError(
            f"{name} is a service and has no warranty of its own"
            + (
                f"; CoreCare+ adds {extra} years to the warranty of the hardware on the same order"
                if rp.CORECARE_PLUS_NAME.lower() in name.lower()
                else ""
            )
        )
    policy = await rp.warranty_policy_row(
        db, product.category, product.premium_line, unit_condition
    )
    if order is not None and item is not None:
        corecare = await rp.has_corecare_plus(db, order.id)
        coverage = rp.warranty_coverage(db, policy, parse_date(order.placed_at), corecare)
        if corecare and not coverage.corecare_plus:
            notes.append(
                f"order {order.id} has CoreCare+, which extends the warranty of new "
                "hardware only: this unit keeps CoreCraft's own warranty for its condition"
            )
        if order.status == "cancelled":
            notes.append(f"order {order.id} was cancelled")
        returned = await rp.returned_quantity(db, item.id)
        if returned:
            notes.append(
                f"{returned} of {item.quantity} unit(s) already returned or "
                "exchanged (see get_order_details)"
            )
    else:
        coverage = rp.warranty_coverage(db, policy, _purchase(purchase_date, db.today), False)
        if coverage.purchase_date is None:
            notes.append(
                "no purchase date given: coverage counts from the purchase date, so no "
                "dates are computed"
            )
    today = db.today
    cancelled = order is not None and order.status == "cancelled"
    periods = [] if cancelled else _periods(coverage)
    return WarrantyResult(
        product_id=product.id,
        product_name=name,
        brand=product.brand,
        category=product.category,
        condition=unit_condition,
        order_id=None if order is None else order.id,
        order_item_id=None if item is None else item.id,
        policy_id=policy.id,
        policy_name=policy.name,
        provider=policy.provider,
        duration=_duration(coverage),
        coverage=policy.coverage,
        claim_process=policy.claim_process,
        corecare_plus=coverage.corecare_plus,
        corecare_plus_extra_years=(
            db.policy.warranty.corecare_plus_extra_years if coverage.corecare_plus else 0
        ),
        purchase_date=_iso(coverage.purchase_date),
        base_coverage_ends_on=_iso(coverage.base_ends_on),
        coverage_ends_on=_iso(coverage.ends_on),
        days_left=None if coverage.ends_on is None else max(0, (coverage.ends_on - today).days),
        claim_periods=periods,
        corecraft_handles_claims_until=(
            _iso(coverage.corecraft_handles_until)
            if policy.provider == "manufacturer"
            else _iso(coverage.ends_on)
        ),
        summary=(
            f"Order {order.id} was cancelled: no purchase is on record."
            if cancelled and order
            else _summary(coverage, periods)
        ),
        notes=notes,
    )
