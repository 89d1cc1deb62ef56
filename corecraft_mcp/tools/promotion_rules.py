"""Whether a promotion code may go on an order, checked rule by rule with a specific reason for
each failure (the promotions policy, with the world's numbers from db.policy.promotions).

Two ways a code reaches an order:
- applied: the order has not shipped (pending or processing) and the code is valid today, or
  was valid the day the order was placed and today is within the price-adjustment window;
- price adjustment: the order has shipped or been delivered, the code was valid the day it
  was placed, and today is within the price-adjustment window of that day.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from corecraft_mcp.tools import pricing
from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.order_data import OPEN_STATUSES, as_tier, day_of
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.models import Promotion
from corecraft_mcp.world.models_commerce import Customer, Order

ApplyKind = Literal["applied", "price_adjustment"]


def describe_discount(promo: Row) -> str:
    """The discount of a promotions row as a listing shows it."""
    if promo["discount_type"] == "percent":
        cap = promo["max_discount_cents"]
        return f"{promo['discount_value']}% off" + (f" (at most ${cap / 100:.2f})" if cap else "")
    return f"${promo['discount_value'] / 100:.2f} off"


def in_force(active: bool, starts_on: str, ends_on: str, day: dt.date) -> bool:
    """A code is valid on a day when it is active and the day is within its dates."""
    return active and starts_on <= day.isoformat() <= ends_on


def valid_on(promo: Promotion, day: dt.date) -> bool:
    return in_force(promo.active, promo.starts_on, promo.ends_on, day)


async def find_promotion(db: WorldConnection, code: str) -> Promotion:
    wanted = code.strip()
    row = (
        await db.fetchone("SELECT * FROM promotions WHERE code = ? COLLATE NOCASE", (wanted,))
        if wanted
        else None
    )
    if row is None:
        raise ToolInputError(
            f"promotion code '{code}' does not exist: check the spelling with the customer, or "
            "use search_promotions to list the codes valid today"
        )
    return Promotion.model_validate(row)


def check_existing_code(db: WorldConnection, order: Order, promo: Promotion, replace: bool) -> None:
    """One code per order (policy.promotions.codes_per_order): codes never add up."""
    current = order.promotion_code
    if current is None:
        return
    if str(current).lower() == str(promo.code).lower():
        raise ToolInputError(f"code {promo.code} is already applied to order {order.id}")
    if not replace:
        limit = db.policy.promotions.codes_per_order
        raise ToolInputError(
            f"order {order.id} already carries code {current} "
            f"(${int(order.discount_cents) / 100:.2f} off): the promotions policy allows "
            f"{limit} code per order and codes do not stack; replacing it takes "
            "replace_existing=true"
        )


def check_dates(db: WorldConnection, order: Order, promo: Promotion) -> ApplyKind:
    """Which way the code may go on the order, or why it may not (dates and status)."""
    code, status = promo.code, order.status
    if not promo.active:
        raise ToolInputError(
            f"code {code} is inactive: marketing has switched it off, so it is not valid even "
            f"within its dates ({promo.starts_on} to {promo.ends_on})"
        )
    if status not in (*OPEN_STATUSES, "shipped", "delivered"):
        raise ToolInputError(
            f"cannot apply a code to order {order.id}: it is '{status}'; codes go only on "
            "orders that are open, or shipped or delivered ones as a price adjustment"
        )
    today, placed = db.today, day_of(order.placed_at)
    days = db.policy.promotions.price_adjustment_days
    deadline = placed + dt.timedelta(days=days)
    dates = f"valid {promo.starts_on} to {promo.ends_on}"
    adjust_ok = valid_on(promo, placed) and today <= deadline
    if status in OPEN_STATUSES:
        if valid_on(promo, today) or adjust_ok:
            return "applied"
        raise ToolInputError(
            f"code {code} is not valid today ({today}): it is {dates}"
            + (
                f"; it was active when order {order.id} was placed ({placed}), but the "
                f"{days}-day price-adjustment window ended on {deadline}"
                if valid_on(promo, placed)
                else ""
            )
        )
    if not valid_on(promo, placed):
        raise ToolInputError(
            f"order {order.id} is '{status}', so a code can only be given as a price "
            f"adjustment, which needs the code to have been active when the order was placed "
            f"({placed}); {code} is {dates}"
        )
    if today > deadline:
        raise ToolInputError(
            f"order {order.id} is '{status}': a price adjustment is possible only within "
            f"{days} days of purchase (placed {placed}, so until {deadline}); today is {today}"
        )
    return "price_adjustment"


def check_tier(promo: Promotion, customer: Customer) -> None:
    need = promo.min_tier
    tier = as_tier(customer.tier)
    if need is not None and pricing.TIER_RANKS[tier] < pricing.TIER_RANKS[str(need)]:
        raise ToolInputError(
            f"code {promo.code} is for {need} tier customers and above; customer "
            f"{customer.id} is {tier}"
        )


async def check_once_per_customer(db: WorldConnection, order: Order, promo: Promotion) -> None:
    """A one-per-customer code counts every other order of the customer, as the policy says
    (a cancelled one too: the code was used on it)."""
    if not promo.one_per_customer:
        return
    used = await db.fetchone(
        "SELECT id, placed_at, status FROM orders WHERE customer_id = ? AND id <> ? AND "
        "promotion_code = ? COLLATE NOCASE ORDER BY placed_at LIMIT 1",
        (order.customer_id, order.id, promo.code),
    )
    if used is not None:
        raise ToolInputError(
            f"code {promo.code} is one per customer and customer {order.customer_id} "
            f"already used it on order {used['id']} (placed {used['placed_at'][:10]}, now "
            f"'{used['status']}')"
        )


def spend_error(
    promo: Promotion,
    check: pricing.DiscountCheck,
    names: dict[int, str],
    categories: dict[int, str],
) -> ToolInputError:
    """Why the code's category or minimum-spend rule fails, naming the order's items."""
    if check.qualifying_cents == 0:
        have = "; ".join(f"{names[i]} ({categories[i]})" for i in names)
        return ToolInputError(
            f"code {promo.code} applies only to {str(promo.categories).replace(',', ', ')}"
            f" items, and order has none of them: its items are {have}"
        )
    which = ", ".join(names[i] for i in check.qualifying_line_ids)
    scope = f" (qualifying items: {which})" if promo.categories else ""
    return ToolInputError(f"{check.problem}{scope}")
