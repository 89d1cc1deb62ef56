"""Shipping cost, delivery estimates and promotion discounts, as the tools compute them.

The formulas themselves live once in world.rules (the generated order history
obeys them and world.invariants checks them); this module adapts them to the tools: tier terms
from db.policy, quotes with the parts an agent must explain (base rate, why it is free, heavy
surcharge, delivery dates), and a promotion's discount on priced lines. calculate_shipping,
update_order and apply_promotion all price through here, so a quote and a re-priced order can
never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from corecraft_mcp.world.definition import TIER_ORDER, Policy, ShippingService, TierName
from corecraft_mcp.world.money import cents
from corecraft_mcp.world.rules import (
    PromoTerms,
    TierRule,
    add_business_days,
    heavy_surcharge_cents,
    promotion_discount_cents,
    qualifying_cents,
    shipping_cost_cents,
)

SERVICES: tuple[ShippingService, ...] = ("standard", "expedited", "overnight")
TIER_RANKS: dict[str, int] = {name: rank for rank, name in enumerate(TIER_ORDER)}


def tier_rule(policy: Policy, tier: TierName) -> TierRule:
    """A tier's shipping and fee terms in cents, from the world's policy."""
    return TierRule.from_policy(tier, TIER_RANKS[tier], policy.tiers[tier])


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days (Mon-Fri) after `start` up to and including `end`; negative when `end` is
    before `start`. add_business_days(start, n) == end gives n for a business-day `end`."""
    if end < start:
        return -business_days_between(end, start)
    whole_weeks, rest = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


@dataclass(frozen=True)
class ShippingQuote:
    service: ShippingService
    base_rate_cents: int  # the service's list price
    base_charged_cents: int  # 0 when the tier's free-shipping rule waives it
    free_reason: str | None
    surcharge_cents: int  # heavy-item surcharge, charged even when the base rate is free
    total_cents: int
    weight_grams: int
    business_days: tuple[int, int]
    earliest: dt.date
    latest: dt.date


def free_shipping_reason(
    tier: TierRule, service: ShippingService, merchandise_cents: int
) -> str | None:
    """Why the tier's rule waives the service's base rate, or None when it does not."""
    if service == "standard":
        if tier.free_standard_over_cents == 0:
            return f"{tier.name} tier: standard shipping is always free"
        if merchandise_cents > tier.free_standard_over_cents:
            return (
                f"{tier.name} tier: standard shipping is free on orders over "
                f"${tier.free_standard_over_cents / 100:.2f} (after discounts)"
            )
    if service == "expedited" and tier.free_expedited:
        return f"{tier.name} tier: expedited shipping is free"
    return None


def quote_shipping(
    policy: Policy,
    tier: TierRule,
    service: ShippingService,
    merchandise_cents: int,
    weight_grams: int,
    ship_on: dt.date,
) -> ShippingQuote:
    """Cost and delivery window of one service. `merchandise_cents` is the order's subtotal
    after any promotion discount (what the free-standard threshold is measured on)."""
    rate = policy.shipping.rate(service)
    total = shipping_cost_cents(policy.shipping, tier, service, merchandise_cents, weight_grams)
    surcharge = heavy_surcharge_cents(policy.shipping, weight_grams)
    low, high = rate.business_days
    return ShippingQuote(
        service=service,
        base_rate_cents=cents(rate.price),
        base_charged_cents=total - surcharge,
        free_reason=free_shipping_reason(tier, service, merchandise_cents),
        surcharge_cents=surcharge,
        total_cents=total,
        weight_grams=weight_grams,
        business_days=(low, high),
        earliest=add_business_days(ship_on, low),
        latest=add_business_days(ship_on, high),
    )


@dataclass(frozen=True)
class PricedLine:
    """An order line as pricing sees it: its category and value (units x unit price)."""

    line_id: int
    category: str
    cents: int


@dataclass(frozen=True)
class DiscountCheck:
    qualifying_line_ids: tuple[int, ...]
    qualifying_cents: int
    discount_cents: int
    # None when the promotion's spend and category rules hold for these lines
    problem: str | None


def check_discount(terms: PromoTerms, lines: list[PricedLine]) -> DiscountCheck:
    """The discount a promotion gives on these lines, or why its category and minimum-spend
    rules (measured on the qualifying lines, as the generator does) are not met."""
    pairs = [(line.category, line.cents) for line in lines]
    qualifying = qualifying_cents(terms, pairs)
    ids = tuple(
        line.line_id
        for line in lines
        if line.cents > 0 and (terms.categories is None or line.category in terms.categories)
    )
    problem: str | None = None
    if qualifying == 0:
        covered = ", ".join(terms.categories or ("any category",))
        problem = (
            f"code {terms.code} applies only to items in: {covered}; none of the order's items are"
        )
    elif qualifying < terms.min_spend_cents:
        short = terms.min_spend_cents - qualifying
        scope = "qualifying items" if terms.categories else "items"
        problem = (
            f"code {terms.code} needs a minimum spend of ${terms.min_spend_cents / 100:.2f} on "
            f"{scope}; the order has ${qualifying / 100:.2f}, ${short / 100:.2f} short"
        )
    discount = 0 if problem else promotion_discount_cents(terms, pairs)
    return DiscountCheck(ids, qualifying, discount, problem)
