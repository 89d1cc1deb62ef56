"""Promotion tools: look codes up with all their rules, and apply one to an order.

How money moves when a code is applied (the one approach of tools.order_money):
- on an order that has not shipped, the discount goes on the order, shipping is re-priced (the
  free-standard threshold is measured after discounts), the total falls, and what the customer
  paid beyond the new total is refunded to the original payment method at once;
- on a shipped or delivered order (a price adjustment), the discount goes on the order's
  remaining items (net of returns), shipping stays as charged, and the discount is refunded to
  the original payment method (refunded_cents grows by it; never beyond what is left of the
  payment captured).
Either way total = subtotal - discount + shipping and captured - refunded = what was paid.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools import order_money as money
from corecraft_mcp.tools import pricing
from corecraft_mcp.tools import promotion_rules as rules
from corecraft_mcp.tools.base import (
    MAX_TEXT,
    Page,
    PageInfo,
    PageSize,
    ToolInputError,
    ToolSpec,
    offset,
    page_info,
)
from corecraft_mcp.tools.customer_lookup import valid_text
from corecraft_mcp.tools.order_data import (
    DateText,
    OrderId,
    customer_of,
    load_lines,
    load_order,
    parse_day,
    returned_units,
)
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.definition import TierName
from corecraft_mcp.world.models import ProductCategory
from corecraft_mcp.world.money import dollars
from corecraft_mcp.world.rules import PromoTerms

PromoCode = Annotated[
    str, Field(description="A promotion code, any case.", min_length=1, max_length=40)
]


class Promotion(BaseModel):
    id: str
    code: str
    description: str
    discount: str = Field(description="In words, e.g. '10% off (at most $50.00)'.")
    discount_type: Literal["percent", "fixed"]
    percent_off: int | None
    amount_off_usd: float | None
    max_discount_usd: float | None
    min_spend_usd: float = Field(description="Measured on the qualifying items' subtotal.")
    starts_on: str
    ends_on: str
    categories: list[str] | None = Field(description="Null: every category.")
    min_tier: str | None
    stackable: bool
    one_per_customer: bool
    active: bool = Field(description="False: switched off by marketing, whatever the dates.")
    valid_today: bool
    valid_on_date: bool = Field(description="Valid on the date searched (valid_on).")
    state: Literal["valid", "expired", "not_started", "inactive"] = Field(
        description="On the date searched."
    )


class PromotionSearchResult(PageInfo):
    date: str = Field(description="The date validity was judged on.")
    promotions: list[Promotion]
    notes: list[str]


def _promotion(row: Row, day: dt.date, today: dt.date) -> Promotion:
    """One promotions row of a search listing (kept a plain row: validating every listed row
    would cost more than the rest of the search)."""
    iso = day.isoformat()
    state: Literal["valid", "expired", "not_started", "inactive"] = (
        "inactive"
        if not row["active"]
        else "not_started"
        if iso < row["starts_on"]
        else "expired"
        if iso > row["ends_on"]
        else "valid"
    )
    percent = row["discount_type"] == "percent"
    return Promotion(
        id=row["id"],
        code=row["code"],
        description=row["description"],
        discount=rules.describe_discount(row),
        discount_type=row["discount_type"],
        percent_off=row["discount_value"] if percent else None,
        amount_off_usd=None if percent else dollars(row["discount_value"]),
        max_discount_usd=dollars(row["max_discount_cents"]),
        min_spend_usd=dollars(row["min_spend_cents"]) or 0.0,
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        categories=list(PromoTerms.parse_categories(row["categories"]) or ()) or None,
        min_tier=row["min_tier"],
        stackable=bool(row["stackable"]),
        one_per_customer=bool(row["one_per_customer"]),
        active=bool(row["active"]),
        valid_today=rules.in_force(bool(row["active"]), row["starts_on"], row["ends_on"], today),
        valid_on_date=state == "valid",
        state=state,
    )


async def search_promotions(
    db: WorldConnection,
    code: Annotated[
        PromoCode | None,
        Field(description="Exact code (any case); shown whatever its dates, with its state."),
    ] = None,
    category: Annotated[
        ProductCategory | None,
        Field(description="Only codes that apply to this product category (or to all)."),
    ] = None,
    tier: Annotated[
        TierName | None, Field(description="Only codes a customer of this tier may use.")
    ] = None,
    valid_on: Annotated[
        DateText | None, Field(description="Judge validity on this date (default: today).")
    ] = None,
    include_expired: Annotated[
        bool,
        Field(
            description="Also list codes not valid on the date: expired, not started yet or "
            "switched off."
        ),
    ] = False,
    page: Page = 1,
    page_size: PageSize = 10,
) -> PromotionSearchResult:
    """Look up promotion codes with all their rules: discount (percent with its cap, or a fixed
    amount), minimum spend (on the qualifying items), dates, categories, minimum loyalty tier,
    stackable, one per customer, the active flag, and whether each is valid today. By default
    lists only codes valid on the date (today unless valid_on is given); include_expired lists
    the others too. A code searched by name is always shown, whatever its dates, with the rule
    that keeps it from working. Filter by category and tier. It changes nothing:
    apply_promotion puts a code on an order."""
    day = parse_day(valid_on, "valid_on") if valid_on is not None else db.today
    where: list[str] = []
    params: list[Any] = []
    notes: list[str] = []
    if code is not None:
        wanted = code.strip()
        if not wanted:
            raise ToolInputError("code is empty: give a promotion code, or leave it out")
        where.append("p.code = ? COLLATE NOCASE")
        params.append(wanted)
    elif not include_expired:
        where.append("p.active = 1 AND p.starts_on <= ? AND p.ends_on >= ?")
        params += [day.isoformat(), day.isoformat()]
    if category is not None:
        where.append(
            "(p.categories IS NULL OR p.categories = '' OR "
            "(',' || replace(p.categories, ' ', '') || ',') LIKE ?)"
        )
        params.append(f"%,{category},%")
    if tier is not None:
        where.append(
            "(p.min_tier IS NULL OR (SELECT rank FROM loyalty_tiers WHERE name = "
            "p.min_tier) <= (SELECT rank FROM loyalty_tiers WHERE name = ?))"
        )
        params.append(tier)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = int(await db.scalar(f"SELECT count(*) FROM promotions p {clause}", params) or 0)
    rows = await db.fetchall(
        f"SELECT p.* FROM promotions p {clause} ORDER BY p.ends_on DESC, p.code LIMIT ? OFFSET ?",
        [*params, page_size, offset(page, page_size)],
    )
    if code is not None and total == 0:
        notes.append(f"no promotion has the code '{code}': it does not exist")
    return PromotionSearchResult(
        **page_info(page, page_size, total).model_dump(),
        date=day.isoformat(),
        promotions=[_promotion(r, day, db.today) for r in rows],
        notes=notes,
    )


class QualifyingItem(BaseModel):
    line_id: int
    name: str
    category: str
    units: int = Field(description="Units the discount is on (returned units excluded).")
    value_usd: float


class ApplyPromotionResult(BaseModel):
    order_id: str
    code: str
    kind: rules.ApplyKind = Field(
        description="applied: on an order not yet shipped; price_adjustment: refunded on a "
        "shipped or delivered order."
    )
    replaced_code: str | None
    discount_usd: float = Field(description="This code's discount on the order.")
    qualifying_items: list[QualifyingItem]
    subtotal_usd: float
    discount_total_usd: float = Field(description="The order's discount after the change.")
    shipping_usd: float
    previous_total_usd: float
    total_usd: float
    refund_usd: float = Field(description="Refunded to the original payment method.")
    additional_charge_usd: float
    payment_note: str
    notes: list[str]


async def apply_promotion(
    db: WorldConnection,
    order_id: OrderId,
    code: PromoCode,
    replace_existing: Annotated[
        bool,
        Field(
            description="The order already has a code and the customer agrees to give it up "
            "for this one (one code per order)."
        ),
    ] = False,
    note: Annotated[
        str | None, Field(description="Why, for the audit trail.", max_length=MAX_TEXT)
    ] = None,
) -> ApplyPromotionResult:
    """Apply a promotion code to an order after checking every rule of the code and of the
    promotions policy, each failure with its own reason: unknown code, switched off, outside
    its dates, minimum spend not met (with the shortfall), no items in its categories, customer
    tier below its minimum, the order already carrying a code (one per order; pass
    replace_existing to switch), a one-per-customer code used on another order. On an order
    not yet shipped the code must be valid today (or have been valid when the order was placed,
    within the price-adjustment window): the discount goes on the order, shipping is re-priced
    and any overpayment is refunded. On a shipped or delivered order it is a price adjustment,
    allowed only if the code was valid on the day the order was placed and today is within the
    policy's price-adjustment days of that: the discount is refunded to the original payment
    method. Percent codes take that share of the qualifying items (capped); fixed codes take
    their amount, at most the qualifying items' value. Records an audit row."""
    reason = valid_text(note, "note", MAX_TEXT) if note is not None else ""
    async with db.transaction():
        order = await load_order(db, order_id)
        promo = await rules.find_promotion(db, code)
        kind = rules.check_dates(db, order, promo)
        rules.check_existing_code(db, order, promo, replace_existing)
        customer = await customer_of(db, order)
        rules.check_tier(promo, customer)
        lines = await load_lines(db, order.id)
        returned = await returned_units(db, order.id) if kind == "price_adjustment" else {}
        units = {x.id: x.quantity - returned.get(x.id, 0) for x in lines}
        priced = [x.priced(units[x.id]) for x in lines if units[x.id] > 0]
        check = pricing.check_discount(PromoTerms.from_promotion(promo), priced)
        if check.problem:
            raise rules.spend_error(
                promo,
                check,
                {x.id: x.name for x in lines if units[x.id] > 0},
                {x.id: x.category for x in lines},
            )
        await rules.check_once_per_customer(db, order, promo)
        if kind == "price_adjustment" and money.payment_missing(order):
            raise money.no_payment_error(db, order, "refund a price adjustment")
        before = money.current_totals(order)
        notes: list[str] = []
        if kind == "applied":
            repriced = await money.reprice(
                db,
                order,
                [(x, x.quantity) for x in lines],
                order.shipping_method,
                promo.code,
            )
            after = repriced.totals
            if after.shipping_cents != before.shipping_cents:
                notes.append(
                    f"shipping re-priced from ${before.shipping_cents / 100:.2f} to "
                    f"${after.shipping_cents / 100:.2f}: the free-shipping threshold is measured "
                    "after discounts"
                )
            if after.total_cents != before.total_cents and money.payment_missing(order):
                raise money.no_payment_error(db, order, "change this order's total")
            if not rules.valid_on(promo, db.today):
                notes.append(
                    f"{promo.code} is no longer valid today, but was when the order was placed "
                    "and the price-adjustment window is still open"
                )
            await money.write_totals(db, order.id, after)
            settlement = await money.settle(db, order, before.total_cents, after.total_cents)
        else:
            replaced = before.discount_cents if replace_existing and before.promotion_code else 0
            gain = check.discount_cents - replaced
            if gain <= 0:
                raise ToolInputError(
                    f"code {promo.code} gives ${check.discount_cents / 100:.2f} on order "
                    f"{order.id}, not more than the ${replaced / 100:.2f} of "
                    f"{before.promotion_code} already on it: nothing to adjust"
                )
            left = await money.refundable_cents(db, order)
            if left <= 0:
                raise ToolInputError(
                    f"order {order.id} has nothing left to refund: everything captured was "
                    "already refunded or credited"
                )
            if gain > left:
                notes.append(f"refund capped at ${left / 100:.2f}, what is left of the payment")
                gain = left
            # gain is the new code's discount beyond the one it replaces, so the order's
            # discount grows by exactly what is refunded (captured - refunded = total holds).
            after = money.Totals(
                before.subtotal_cents,
                before.discount_cents + gain,
                before.shipping_cents,
                promo.code,
            )
            await money.write_totals(db, order.id, after)
            settlement = await money.refund(db, order, gain)
        if before.promotion_code and replace_existing:
            notes.append(f"code {before.promotion_code} was removed (one code per order)")
        await db.audit(
            "apply_promotion",
            "orders",
            order.id,
            kind,
            code=promo.code,
            replaced_code=before.promotion_code if replace_existing else None,
            discount_cents=check.discount_cents,
            old=before.as_dict(),
            new=after.as_dict(),
            refund_cents=settlement.refund_cents,
            charge_cents=settlement.charge_cents,
            note=reason,
        )
    names = {x.id: x for x in lines}
    return ApplyPromotionResult(
        order_id=order.id,
        code=promo.code,
        kind=kind,
        replaced_code=before.promotion_code if replace_existing else None,
        discount_usd=dollars(check.discount_cents) or 0.0,
        qualifying_items=[
            QualifyingItem(
                line_id=i,
                name=names[i].name,
                category=names[i].category,
                units=units[i],
                value_usd=dollars(units[i] * names[i].unit_price_cents) or 0.0,
            )
            for i in check.qualifying_line_ids
        ],
        subtotal_usd=dollars(after.subtotal_cents) or 0.0,
        discount_total_usd=dollars(after.discount_cents) or 0.0,
        shipping_usd=dollars(after.shipping_cents) or 0.0,
        previous_total_usd=dollars(before.total_cents) or 0.0,
        total_usd=dollars(after.total_cents) or 0.0,
        refund_usd=dollars(settlement.refund_cents) or 0.0,
        additional_charge_usd=dollars(settlement.charge_cents) or 0.0,
        payment_note=settlement.note,
        notes=notes,
    )


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(search_promotions, "read", "Search promotions"),
    ToolSpec(apply_promotion, "write", "Apply a promotion code", destructive=True),
)
