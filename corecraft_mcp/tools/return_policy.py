"""The return, exchange and warranty facts of CoreCraft's records, computed once for every tool.

process_return, process_exchange and get_warranty_policy all use these functions, so an item can
never be accepted back by one tool and not by another. They compute dates and terms and enforce
what the system enforces (final-sale and assembled-build order lines, services, units already
sent back); the policy's judgements (the window, DOA, the fee) are the agent's. Every number
comes from the world's policy (db.policy) or its policy tables (loyalty_tiers,
warranty_policies); none is written here.

Date conventions (the same for every window): a window of N days from a start date S ends on
S + N days and includes that day, so an item delivered on 2026-02-14 with a 30-day window can be
returned until 2026-03-16 inclusive. Warranty periods in months end on the same day-of-month
(clamped to the month's end), also inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.delivery import DeliveryBasis
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import LoyaltyTier, Product, PurchasedItem, WarrantyPolicy
from corecraft_mcp.world.models_commerce import Order

# The catalogue category of services (CoreCare+, assembly): not hardware, so neither returnable
# as merchandise nor covered by a warranty of their own.
SERVICE_CATEGORY = "service"
# CoreCare+ is sold as a service line item; a line whose product name contains this extends the
# warranty of the hardware on the same order.
CORECARE_PLUS_NAME = "CoreCare+"


def add_months(start: dt.date, months: int) -> dt.date:
    year, month0 = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
    return dt.date(year, month0 + 1, day)


# ---------------------------------------------------------------------------------------------
# Orders and items


async def load_item(db: WorldConnection, order: Order, item_id: int) -> PurchasedItem:
    """An order's line item with its product."""
    row = await db.fetchone(
        "SELECT * FROM order_items WHERE id = ? AND order_id = ?", (item_id, order.id)
    )
    product = (
        None
        if row is None
        else await db.fetchone("SELECT * FROM products WHERE id = ?", (row["product_id"],))
    )
    if row is None or product is None:
        ids = await db.fetchall(
            "SELECT i.id, p.name FROM order_items i JOIN products p ON p.id = i.product_id "
            "WHERE i.order_id = ? ORDER BY i.id",
            (order.id,),
        )
        listed = "; ".join(f"{r['id']} ({r['name']})" for r in ids)
        raise ToolInputError(
            f"order item {item_id} is not on order {order.id}: its items are {listed}"
        )
    return PurchasedItem.model_validate({**row, "product": Product.model_validate(product)})


async def returned_quantity(db: WorldConnection, item_id: int) -> int:
    """Units of an order item already returned or exchanged (rejected RMAs do not count)."""
    total = await db.scalar(
        "SELECT coalesce(sum(quantity), 0) FROM order_returns "
        "WHERE order_item_id = ? AND status <> 'rejected'",
        (item_id,),
    )
    return int(total)


# ---------------------------------------------------------------------------------------------
# The return window


async def tier_terms(db: WorldConnection, tier: str) -> LoyaltyTier:
    """A loyalty tier's return terms, as the loyalty_tiers table states them."""
    row = await db.fetchone("SELECT * FROM loyalty_tiers WHERE name = ?", (tier,))
    if row is None:
        raise ToolInputError(f"loyalty tier '{tier}' has no terms on file")
    return LoyaltyTier.model_validate(row)


@dataclass(frozen=True)
class ReturnWindow:
    tier: str
    days: int
    starts_on: dt.date
    ends_on: dt.date
    doa_period_ends_on: dt.date
    basis: DeliveryBasis

    def describe(self) -> str:
        return (
            f"{self.tier} tier return window: {self.days} days from {self.starts_on} "
            f"(ends {self.ends_on})"
        )


def return_window(db: WorldConnection, basis: DeliveryBasis, terms: LoyaltyTier) -> ReturnWindow:
    start = basis.starts_on
    return ReturnWindow(
        tier=terms.name,
        days=terms.return_window_days,
        starts_on=start,
        ends_on=start + dt.timedelta(days=terms.return_window_days),
        doa_period_ends_on=start + dt.timedelta(days=db.policy.returns.doa_report_days),
        basis=basis,
    )


# ---------------------------------------------------------------------------------------------
# What may be returned


async def check_returnable(
    db: WorldConnection, item: PurchasedItem, quantity: int, action: str
) -> int:
    """Raise if the system does not accept the item back in this quantity; return the units
    already returned. Final-sale order lines and parts assembled into a custom build are
    flagged non-returnable in the order records, as the returns policy states without
    exception; services are not merchandise; a unit goes back once."""
    label = f"order item {item.id} ({item.product.name})"
    if item.product.category == SERVICE_CATEGORY:
        raise ToolInputError(
            f"cannot {action} {label}: it is a service, not merchandise; returns and "
            "exchanges accept merchandise only"
        )
    if item.final_sale:
        raise ToolInputError(
            f"cannot {action} {label}: its order line is marked final sale; returns and "
            "exchanges do not accept final-sale lines"
        )
    if item.build_id:
        build = await db.fetchone("SELECT assembled FROM builds WHERE id = ?", (item.build_id,))
        if build is not None and build["assembled"]:
            raise ToolInputError(
                f"cannot {action} {label}: it was assembled into custom build "
                f"{item.build_id}; returns and exchanges do not accept parts of an assembled "
                "build"
            )
    already = await returned_quantity(db, item.id)
    left = item.quantity - already
    if left <= 0:
        raise ToolInputError(
            f"cannot {action} {label}: all {item.quantity} unit(s) were already returned or "
            "exchanged (their RMAs are on the order)"
        )
    if quantity > left:
        raise ToolInputError(
            f"cannot {action} {quantity} unit(s) of {label}: the order has {item.quantity}, "
            f"{already} already returned or exchanged, so at most {left} can be"
        )
    return already


# ---------------------------------------------------------------------------------------------
# Warranty


@dataclass(frozen=True)
class WarrantyCoverage:
    policy: WarrantyPolicy
    months: int | None  # the policy's length in months (None when counted in days)
    days: int | None  # the policy's length in days (refurbished items)
    corecare_plus: bool
    purchase_date: dt.date | None
    base_ends_on: dt.date | None
    ends_on: dt.date | None
    corecraft_handles_until: dt.date | None

    def handler_on(self, day: dt.date) -> str | None:
        """Who takes a claim on `day`: CoreCraft for its own warranties, for the first months of
        any warranty and for the CoreCare+ extension; the manufacturer in between; nobody once
        coverage has ended."""
        if self.ends_on is None or self.base_ends_on is None or day > self.ends_on:
            return None
        if self.policy.provider == "corecraft":
            return "corecraft"
        if self.corecraft_handles_until is not None and day <= self.corecraft_handles_until:
            return "corecraft"
        return "manufacturer" if day <= self.base_ends_on else "corecraft"


async def warranty_policy_row(
    db: WorldConnection, category: str, premium: bool, condition: str
) -> WarrantyPolicy:
    """The warranty_policies row for a product category and condition: open-box and refurbished
    items have CoreCraft's own policies whatever their category; new items their category's
    manufacturer policy (the premium line's where the product belongs to one)."""
    if category == SERVICE_CATEGORY:
        raise ToolInputError(
            "services (such as CoreCare+) carry no warranty of their own; CoreCare+ extends the "
            "warranty of the hardware on the same order"
        )
    if condition == "new":
        row = await db.fetchone(
            "SELECT * FROM warranty_policies WHERE condition = 'new' AND category = ? "
            "ORDER BY premium_only = ? DESC, premium_only, id LIMIT 1",
            (category, int(premium)),
        )
    else:
        row = await db.fetchone(
            "SELECT * FROM warranty_policies WHERE condition = ? "
            "AND (category = ? OR category IS NULL) "
            "ORDER BY category IS NULL, id LIMIT 1",
            (condition, category),
        )
    if row is None:
        raise ToolInputError(
            f"no warranty policy on file for {condition.replace('_', '-')} {category} items"
        )
    return WarrantyPolicy.model_validate(row)


async def has_corecare_plus(db: WorldConnection, order_id: str) -> bool:
    found = await db.scalar(
        "SELECT 1 FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? AND p.category = ? AND instr(lower(p.name), lower(?)) > 0 "
        "LIMIT 1",
        (order_id, SERVICE_CATEGORY, CORECARE_PLUS_NAME),
    )
    return found is not None


def warranty_coverage(
    db: WorldConnection, policy: WarrantyPolicy, purchase: dt.date | None, corecare_plus: bool
) -> WarrantyCoverage:
    """Coverage dates of a policy for an item bought on `purchase` (None: not yet bought).
    Refurbished warranties are counted in days (the policy's refurbished_days: 90 days is not
    3 months); every other policy in its months. CoreCare+ extends the warranty of new hardware
    (it "adds years after the manufacturer's warranty ends"); open-box and refurbished units
    carry CoreCraft's own short warranty instead, which it does not extend, as the world's
    ticket history also treats them."""
    terms = db.policy.warranty
    corecare_plus = corecare_plus and policy.condition == "new"
    days = terms.refurbished_days if policy.condition == "refurbished" else None
    months = None if days is not None else policy.duration_months
    if purchase is None:
        return WarrantyCoverage(policy, months, days, corecare_plus, None, None, None, None)
    if days is not None:
        base_end = purchase + dt.timedelta(days=days)
    else:
        base_end = add_months(purchase, months or 0)
    end = add_months(base_end, 12 * terms.corecare_plus_extra_years) if corecare_plus else base_end
    handles_until = add_months(purchase, terms.corecraft_handles_claims_months)
    return WarrantyCoverage(
        policy, months, days, corecare_plus, purchase, base_end, end, handles_until
    )
