"""The policy sentences of ticket threads, computed from the definition and the real rows.

An agent's reply in the world must state what the policy really gives this customer for this
order on the day the reply was written; these functions compute that sentence (fees, windows,
warranty coverage, late-delivery compensation, price match, promotions) so templates never
carry a policy number.
"""

from __future__ import annotations

import datetime as dt

from corecraft_mcp.world.definition import Policy
from corecraft_mcp.world.generate.support_facts import Facts, Order
from corecraft_mcp.world.generate.support_needs import add_months, business_days_between
from corecraft_mcp.world.models import LoyaltyTier, Promotion, PurchasedItem
from corecraft_mcp.world.money import cents
from corecraft_mcp.world.rules import (
    PromoTerms,
    TierRule,
    is_late,
    promotion_discount_cents,
    promotion_problem,
    restocking_fee_cents,
)


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


def day_text(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fee_line(tier: LoyaltyTier, item: PurchasedItem, facts: Facts) -> str:
    """What returning the item would cost the customer, stated before any RMA exists."""
    name = item.product.name
    if item.final_sale:
        return (
            f"However, the {name} was a final-sale clearance item, so it can't be "
            "returned; its warranty still covers defects."
        )
    if item.build_id and facts.builds.get(item.build_id, ("", False))[1]:
        return (
            f"However, the {name} was assembled into your custom build, and assembled "
            "builds can't be returned; each part keeps its warranty."
        )
    line = item.unit_price_cents * item.quantity
    fee = restocking_fee_cents(
        TierRule.from_tier(tier), line, opened=True, defective=False, doa=False
    )
    if fee == 0:
        return (
            f"As a {tier.name} member you pay no restocking fee, even on opened items, so "
            f"the refund would be the full {money(line)}."
        )
    return (
        f"Unopened or defective items have no fee; opened items that work carry the "
        f"{tier.name} restocking fee of {tier.restocking_fee_pct}% ({money(fee)}), so the "
        f"refund would be {money(line - fee)}."
    )


def late_line(policy: Policy, order: Order, at: dt.datetime) -> tuple[str, int]:
    """The late-delivery outcome as of `at`, and the business days late."""
    ship = order.shipment
    assert ship is not None and ship.promised is not None
    grace = policy.shipping.late_delivery_business_days
    credit = money(cents(policy.shipping.late_delivery_credit))
    arrived = ship.delivered_at.date() if ship.delivered_at and ship.delivered_at <= at else None
    late_days = business_days_between(ship.promised, arrived or at.date())
    qualifies = is_late(policy.shipping, ship.promised, arrived or at.date())
    if order.shipping_cents > 0:
        options = (
            f"your choice of {credit} in store credit or a refund of the "
            f"{money(order.shipping_cents)} shipping fee"
        )
    else:
        options = f"{credit} in store credit (shipping on this order was free)"
    if qualifies:
        return (
            f"Because it {'arrived' if arrived else 'is now'} "
            f"{plural(late_days, 'business day')} past the promised date, more than our "
            f"{plural(grace, 'business day')} grace, you're entitled to {options}.",
            late_days,
        )
    if arrived is None:
        return (
            f"If it ends up more than {plural(grace, 'business day')} past the promised "
            f"date, you'll be entitled to {options}.",
            late_days,
        )
    return (
        f"Our late-delivery compensation applies when a parcel arrives more than "
        f"{plural(grace, 'business day')} after the promised date; order {order.id} arrived "
        f"{plural(late_days, 'business day')} late, so it doesn't qualify.",
        late_days,
    )


def warranty_text(
    policy: Policy, order: Order, item: PurchasedItem, at: dt.datetime
) -> tuple[str, str]:
    """The item's warranty position on the day `at`: a sentence for the customer and a short
    status for the resolution."""
    w = policy.warranty
    product = item.product
    purchase = order.placed_at
    claims_end = add_months(purchase, w.corecraft_handles_claims_months)
    corecare = any(
        i.product.category == "service" and "corecare" in i.product.name.lower()
        for i in order.items
    )
    if item.condition == "open_box":
        provider, term = "corecraft", f"{w.open_box_months}-month open-box"
        end = add_months(purchase, w.open_box_months)
    elif item.condition == "refurbished":
        provider, term = "corecraft", f"{w.refurbished_days}-day refurbished"
        end = purchase + dt.timedelta(days=w.refurbished_days)
    else:
        years = (
            w.psu_premium
            if product.category == "psu" and product.premium_line
            else int(getattr(w, product.category, w.peripheral))
        )
        provider = "corecraft" if product.category == "prebuilt" else "manufacturer"
        term = f"{years}-year"
        end = add_months(purchase, 12 * years)
        if corecare:
            term += f" (plus {plural(w.corecare_plus_extra_years, 'year')} of CoreCare+)"
            end = add_months(end, 12 * w.corecare_plus_extra_years)
    bought = day_text(purchase.date())
    if at > end:
        return (
            f"The {product.name} was bought on {bought}, and its {term} warranty ended on "
            f"{day_text(end.date())}, so it's no longer covered. I'm sorry; the "
            f"manufacturer may offer a paid repair.",
            f"expired {end.date().isoformat()}",
        )
    manufacturer_end = add_months(end, -12 * w.corecare_plus_extra_years) if corecare else end
    if provider == "corecraft" or at <= claims_end or (corecare and at > manufacturer_end):
        return (
            f"Your {product.name} (bought {bought}) is covered by its {term} warranty "
            f"until {day_text(end.date())}, and CoreCraft handles warranty claims on it "
            "directly, repairing or replacing it.",
            f"CoreCraft claim, covered until {end.date().isoformat()}",
        )
    return (
        f"Your {product.name} is covered by {product.brand}'s {term} warranty until "
        f"{day_text(end.date())}. Since it's past the first "
        f"{plural(w.corecraft_handles_claims_months, 'month')} after purchase, the claim "
        f"goes directly to {product.brand}: contact their RMA service and use order "
        f"{order.id} as proof of purchase.",
        f"manufacturer claim, covered until {end.date().isoformat()}",
    )


def price_match_line(
    policy: Policy,
    order: Order,
    item: PurchasedItem,
    competitor: str,
    competitor_cents: int,
    promo: Promotion | None,
) -> str:
    diff = money(item.unit_price_cents - competitor_cents)
    if competitor not in policy.price_match.competitors:
        return (
            f"We only match {', '.join(policy.price_match.competitors)}, so the "
            f"{competitor} listing doesn't qualify, I'm afraid."
        )
    if item.final_sale or item.condition != "new":
        return (
            f"The {item.product.name} on order {order.id} was a clearance or open-box "
            "item, and those aren't eligible for price matching."
        )
    if promo is not None and (
        promo.categories is None
        or item.product.category in (PromoTerms.parse_categories(promo.categories) or ())
    ):
        return (
            f"Order {order.id} used promo code {promo.code} on this item, and a price "
            "match can't be combined with a promotion on the same item."
        )
    return (
        f"{competitor} is on our price-match list and you're within your price-match "
        f"window, so once the listing is confirmed in stock we'll refund the {diff} "
        "difference to your original payment method."
    )


def promo_line(
    policy: Policy, facts: Facts, order: Order, promo: Promotion, at: dt.datetime
) -> str:
    """Whether a code the customer forgot can still be applied as a price adjustment."""
    terms = PromoTerms.from_promotion(promo)
    lines = [(i.product.category, i.unit_price_cents * i.quantity) for i in order.items]
    tier = facts.tiers[facts.customers[order.customer_id].tier]
    ranks: dict[str, int] = {t.name: t.rank for t in facts.tiers.values()}
    problem = promotion_problem(
        terms,
        on=order.placed_at.date().isoformat(),
        lines=lines,
        tier=TierRule.from_tier(tier),
        tier_ranks=ranks,
        used_before=False,
    )
    days = policy.promotions.price_adjustment_days
    if problem is not None:
        return (
            f"I checked code {promo.code} against order {order.id}, but it can't be "
            f"applied: {problem}."
        )
    if at > order.placed_at + dt.timedelta(days=days):
        return (
            f"Code {promo.code} was valid for your order, but price adjustments are only "
            f"possible within {plural(days, 'day')} of purchase."
        )
    discount = promotion_discount_cents(terms, lines)
    return (
        f"Code {promo.code} was active when you placed order {order.id} and the order met "
        f"its conditions, and you're within the {plural(days, 'day')} price-adjustment "
        f"window, so you qualify for a {money(discount)} price adjustment to your original "
        "payment method."
    )
