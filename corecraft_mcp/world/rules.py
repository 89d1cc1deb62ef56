"""The commerce rules the generated history obeys, as pure functions.

The generator applies them when it writes orders, `world.invariants` checks the written world
against them, and the tools can apply the same functions to live orders, so that a rule is
stated once: loyalty tier by spend, shipping cost, business days, promotion eligibility and
discount, restocking fee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corecraft_mcp.world.definition import ShippingPolicy, ShippingService, TierPolicy
from corecraft_mcp.world.models import LoyaltyTier, Promotion
from corecraft_mcp.world.money import cents


@dataclass(frozen=True)
class TierRule:
    """One loyalty tier's numbers, in cents (as the loyalty_tiers table stores them)."""

    name: str
    rank: int
    min_spend_cents: int
    restocking_fee_pct: int
    free_standard_over_cents: int  # 0: standard shipping is always free
    free_expedited: bool

    @classmethod
    def from_tier(cls, tier: LoyaltyTier) -> TierRule:
        """A loyalty_tiers row's numbers as the rules take them."""
        return cls(
            name=tier.name,
            rank=tier.rank,
            min_spend_cents=tier.min_lifetime_spend_cents,
            restocking_fee_pct=tier.restocking_fee_pct,
            free_standard_over_cents=tier.free_standard_shipping_over_cents,
            free_expedited=tier.free_expedited_shipping,
        )

    @classmethod
    def from_policy(cls, name: str, rank: int, terms: TierPolicy) -> TierRule:
        """A tier's terms as the world definition states them (in dollars), in cents."""
        return cls(
            name=name,
            rank=rank,
            min_spend_cents=cents(terms.min_spend),
            restocking_fee_pct=terms.restocking_fee_pct,
            free_standard_over_cents=cents(terms.free_standard_over),
            free_expedited=terms.free_expedited,
        )


def tier_for_spend(tiers: Sequence[TierRule], spend_cents: int) -> TierRule:
    """The highest tier whose minimum lifetime spend the amount reaches."""
    reached = [t for t in tiers if spend_cents >= t.min_spend_cents]
    return max(reached, key=lambda t: t.rank)


def add_business_days(day: dt.date, days: int) -> dt.date:
    """`days` business days (Monday to Friday) after `day`; holidays are not modelled."""
    current = day
    added = 0
    while added < days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current


def promised_date(policy: ShippingPolicy, service: ShippingService, shipped_on: dt.date) -> dt.date:
    """The latest delivery date the service promises: its slowest business-day count."""
    return add_business_days(shipped_on, policy.rate(service).business_days[1])


def is_late(policy: ShippingPolicy, promised: dt.date, delivered_on: dt.date) -> bool:
    """Late in the policy's sense: more than the grace business days after the promised date."""
    return delivered_on > add_business_days(promised, policy.late_delivery_business_days)


def heavy_surcharge_cents(policy: ShippingPolicy, weight_grams: int) -> int:
    """The surcharge per kg over the heavy threshold, pro rata (the shipping policy's example:
    4.5 kg over at $1.50/kg is $6.75), charged even when the base rate is free."""
    over_grams = weight_grams - round(policy.heavy_threshold_kg * 1000)
    if over_grams <= 0:
        return 0
    return round(over_grams * cents(policy.heavy_surcharge_per_kg) / 1000)


def shipping_cost_cents(
    policy: ShippingPolicy,
    tier: TierRule,
    service: ShippingService,
    merchandise_cents: int,
    weight_grams: int,
) -> int:
    """Shipping charged on an order. `merchandise_cents` is the subtotal after any promotion
    discount; the tier's free-standard threshold is strict ('over $99')."""
    base = cents(policy.rate(service).price)
    if service == "standard" and (
        tier.free_standard_over_cents == 0 or merchandise_cents > tier.free_standard_over_cents
    ):
        base = 0
    if service == "expedited" and tier.free_expedited:
        base = 0
    return base + heavy_surcharge_cents(policy, weight_grams)


def restocking_fee_cents(
    tier: TierRule, line_cents: int, *, opened: bool, defective: bool, doa: bool
) -> int:
    """The fee on a returned line: the tier's percentage, only on opened, non-defective items."""
    if not opened or defective or doa:
        return 0
    return line_cents * tier.restocking_fee_pct // 100


@dataclass(frozen=True)
class PromoTerms:
    """The part of a promotion that decides eligibility and the discount."""

    code: str
    discount_type: str  # 'percent' | 'fixed'
    discount_value: int  # percent points, or cents
    max_discount_cents: int | None
    min_spend_cents: int
    starts_on: str
    ends_on: str
    categories: tuple[str, ...] | None  # None: every category
    min_tier: str | None
    one_per_customer: bool

    @classmethod
    def from_promotion(cls, promo: Promotion) -> PromoTerms:
        """The eligibility and discount terms of a promotions row."""
        return cls(
            code=promo.code,
            discount_type=promo.discount_type,
            discount_value=promo.discount_value,
            max_discount_cents=promo.max_discount_cents,
            min_spend_cents=promo.min_spend_cents,
            starts_on=promo.starts_on,
            ends_on=promo.ends_on,
            categories=cls.parse_categories(promo.categories),
            min_tier=promo.min_tier,
            one_per_customer=promo.one_per_customer,
        )

    @staticmethod
    def parse_categories(text: str | None) -> tuple[str, ...] | None:
        if not text:
            return None
        return tuple(c.strip() for c in text.split(",") if c.strip())


def qualifying_cents(promo: PromoTerms, lines: Iterable[tuple[str, int]]) -> int:
    """The value of the lines (category, line cents) the promotion applies to."""
    wanted = promo.categories
    return sum(cents for category, cents in lines if wanted is None or category in wanted)


def promotion_discount_cents(promo: PromoTerms, lines: Iterable[tuple[str, int]]) -> int:
    """The discount on qualifying lines: a percentage (capped) or a fixed amount (at most the
    qualifying value)."""
    base = qualifying_cents(promo, lines)
    if promo.discount_type == "percent":
        discount = base * promo.discount_value // 100
        if promo.max_discount_cents is not None:
            discount = min(discount, promo.max_discount_cents)
        return discount
    return min(promo.discount_value, base)


def promotion_problem(
    promo: PromoTerms,
    *,
    on: str,
    lines: Sequence[tuple[str, int]],
    tier: TierRule,
    tier_ranks: dict[str, int],
    used_before: bool,
) -> str | None:
    """Why the promotion could not apply to an order placed on date `on` ('YYYY-MM-DD'), or None
    when it could. The minimum spend is measured on the qualifying lines."""
    if on < promo.starts_on:
        return f"{promo.code} starts on {promo.starts_on}"
    if on > promo.ends_on:
        return f"{promo.code} ended on {promo.ends_on}"
    if promo.min_tier is not None and tier.rank < tier_ranks[promo.min_tier]:
        return f"{promo.code} needs tier {promo.min_tier} (customer was {tier.name})"
    base = qualifying_cents(promo, lines)
    if base == 0:
        return f"{promo.code} applies only to {', '.join(promo.categories or ())}"
    if base < promo.min_spend_cents:
        return (
            f"{promo.code} needs {promo.min_spend_cents} cents of qualifying items, "
            f"order has {base}"
        )
    if promo.one_per_customer and used_before:
        return f"{promo.code} is one per customer and was used before"
    return None
