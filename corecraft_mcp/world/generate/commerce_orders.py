"""Orders as they were placed: when, by whom, what, at what price, with which code, shipping
and payment. Everything is decided with the customer's state at the moment of purchase (tier,
store credit, codes already used) and the shipping policy version then in force."""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from collections.abc import Sequence

from corecraft_mcp.world.compatibility import CompatibilityRule
from corecraft_mcp.world.definition import ShippingPolicy, ShippingService
from corecraft_mcp.world.generate.commerce_baskets import BASKET_KINDS, Shelf, basket, build_parts
from corecraft_mcp.world.generate.commerce_data import ORDER_NOTES, WAREHOUSES
from corecraft_mcp.world.generate.commerce_model import (
    Customer,
    Order,
    Promotion,
    ShippingEra,
    era_at,
)
from corecraft_mcp.world.rules import (
    TierRule,
    promotion_discount_cents,
    promotion_problem,
    shipping_cost_cents,
    tier_for_spend,
)

# The last days before today carry more orders than the average day (a growing shop, and the
# open orders support works on); holiday weeks too.
RECENT_DAYS = 12
RECENT_BOOST = 2.5
HOLIDAY_BOOST = 1.7
# Share of orders on which the customer entered a promotion code.
PROMO_SHARE = 0.24
ORDER_NOTE_SHARE = 0.05
# How unevenly customers buy (the sigma of a lognormal activity), and how much spend before the
# window raises activity (one more unit of weight per this many cents): a minority of regular
# buyers places most orders, which is what keeps most customers in the entry tier.
ACTIVITY_SIGMA = 1.0
LEGACY_ACTIVITY_CENTS = 150_000
# No customer buys more than this many times as often as the typical one (a business account).
MAX_ACTIVITY = 8.0


def _day_weight(day: dt.date, first: dt.date, today: dt.date) -> float:
    progress = (day - first).days / max(1, (today - first).days)
    weight = 0.75 + 0.5 * progress  # the shop grows over the window
    if (day.month == 11 and day.day >= 20) or (day.month == 12 and day.day <= 22):
        weight *= HOLIDAY_BOOST
    if (today - day).days < RECENT_DAYS:
        weight *= RECENT_BOOST
    return weight


def schedule(
    rng: random.Random, now: dt.datetime, history_days: int, count: int
) -> list[dt.datetime]:
    """Placement moments over the window, at US shopping hours (UTC), oldest first."""
    today = now.date()
    first = today - dt.timedelta(days=history_days)
    days = [first + dt.timedelta(days=d) for d in range(history_days + 1)]
    weights = [_day_weight(d, first, today) for d in days]
    # Evenings in the US (late afternoon to night UTC) see most orders.
    hours = list(range(24))
    hour_weights = [
        1,
        1,
        0.8,
        0.5,
        0.3,
        0.2,
        0.1,
        0.1,
        0.1,
        0.2,
        0.3,
        0.5,
        0.8,
        1.0,
        1.2,
        1.4,
        1.5,
        1.6,
        1.6,
        1.7,
        1.8,
        1.8,
        1.6,
        1.3,
    ]
    moments: list[dt.datetime] = []
    while len(moments) < count:
        day = rng.choices(days, weights=weights)[0]
        hour = rng.choices(hours, weights=hour_weights)[0]
        moment = dt.datetime.combine(
            day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)), tzinfo=dt.UTC
        )
        if moment < now - dt.timedelta(minutes=20):
            moments.append(moment)
    return sorted(moments)


class CustomerPicker:
    """Draws the customer of an order among those signed up by then, big spenders more often."""

    def __init__(self, rng: random.Random, customers: Sequence[Customer]) -> None:
        self.customers = sorted(customers, key=lambda c: (c.created_at, c.id))
        self.signups = [c.created_at for c in self.customers]
        total = 0.0
        self.cumulative: list[float] = []
        for customer in self.customers:
            # Activity: a lognormal spread, scaled up by what the customer spent before.
            activity = min(
                MAX_ACTIVITY,
                rng.lognormvariate(0, ACTIVITY_SIGMA)
                * (1 + customer.legacy_spend_cents / LEGACY_ACTIVITY_CENTS),
            )
            total += activity
            self.cumulative.append(total)

    def pick(self, rng: random.Random, moment: dt.datetime) -> Customer:
        eligible = bisect.bisect_left(self.signups, moment - dt.timedelta(hours=1))
        if eligible == 0:
            return self.customers[0]
        point = rng.random() * self.cumulative[eligible - 1]
        return self.customers[bisect.bisect_left(self.cumulative, point)]


def warehouse_for(rng: random.Random, warehouses: Sequence[str], state: str) -> str:
    """The warehouse serving the state first, else any (stock is spread over all of them)."""
    serving = [w for w in warehouses if w in WAREHOUSES and state in WAREHOUSES[w][1]]
    if serving and rng.random() < 0.85:
        return serving[0]
    return rng.choice(list(warehouses))


def draft_orders(
    rng: random.Random,
    now: dt.datetime,
    history_days: int,
    count: int,
    builds: int,
    customers: Sequence[Customer],
    shelf: Shelf,
    rules: list[CompatibilityRule],
    warehouses: Sequence[str],
) -> list[Order]:
    """`count` orders with customers and items, `builds` of them custom builds."""
    moments = schedule(rng, now, history_days, count)
    picker = CustomerPicker(rng, customers)
    # Build orders are spread over the window; a build the shelf could not complete on its
    # date (an early date, few parts) is owed to a later order.
    possible = shelf.builds_possible_from()
    slots = [n for n, moment in enumerate(moments) if moment.date().isoformat() >= possible]
    build_slots = set(rng.sample(slots, min(len(slots), builds)))
    owed = 0
    orders: list[Order] = []
    kinds, weights = zip(*BASKET_KINDS, strict=True)
    for index, placed in enumerate(moments):
        customer = picker.pick(rng, placed)
        order = Order(customer=customer, placed_at=placed)
        if index in build_slots or owed:
            parts = build_parts(rng, shelf, rules, placed, now)
            if parts is None:
                owed += index in build_slots
            else:
                owed -= index not in build_slots
                order.items, order.kind = parts, "build"
        while not order.items:
            order.kind = rng.choices(kinds, weights=weights)[0]
            order.items = basket(rng, shelf, order.kind, placed, now)
        order.ship_to = customer.address_at(placed)
        order.warehouse = warehouse_for(rng, warehouses, order.ship_to.state)
        if rng.random() < ORDER_NOTE_SHARE:
            order.notes.append(rng.choice(ORDER_NOTES))
        orders.append(order)
    for number, order in enumerate(orders, start=100_001):
        order.id = f"ORD-{number}"
    return orders


def rule_in_force(tier: TierRule, era: ShippingEra) -> TierRule:
    """The tier's shipping terms under the policy version of the day: an older version had one
    free-shipping threshold for everyone and no tier perks."""
    if era.flat_free_over_cents is None:
        return tier
    return TierRule(
        tier.name,
        tier.rank,
        tier.min_spend_cents,
        tier.restocking_fee_pct,
        era.flat_free_over_cents,
        False,
    )


def _method(rng: random.Random, order: Order, rule: TierRule) -> ShippingService:
    if order.kind in ("build", "prebuilt") or order.weight_grams > 15_000:
        return "standard" if rng.random() < 0.8 else "expedited"
    weights = [0.70, 0.21, 0.09] if not rule.free_expedited else [0.45, 0.5, 0.05]
    method: ShippingService = rng.choices(("standard", "expedited", "overnight"), weights)[0]
    return method


def price_order(
    rng: random.Random,
    order: Order,
    tiers: Sequence[TierRule],
    promotions: Sequence[Promotion],
    shipping: ShippingPolicy,
    eras: list[ShippingEra],
) -> None:
    """Tier, promotion, shipping method and cost, as at the moment of purchase."""
    customer, day = order.customer, order.placed_at.date().isoformat()
    order.tier = tier_for_spend(tiers, customer.spend_cents)
    rule = rule_in_force(order.tier, era_at(eras, day))
    order.method = _method(rng, order, rule)
    subtotal, weight = order.subtotal_cents, order.weight_grams
    if rng.random() < PROMO_SHARE:
        ranks = {t.name: t.rank for t in tiers}
        lines = order.lines()
        usable = [
            p
            for p in promotions
            # the dates first: most promotions run for weeks of a two-year history
            if p.terms.starts_on <= day <= p.terms.ends_on
            and promotion_problem(
                p.terms,
                on=day,
                lines=lines,
                tier=order.tier,
                tier_ranks=ranks,
                used_before=p.terms.code in customer.used_codes,
            )
            is None
        ]
        if usable:
            promo = rng.choice(usable)
            discount = promotion_discount_cents(promo.terms, order.lines())
            # Keep the history readable under either reading of "orders over $X" (before or
            # after the discount): skip a code that would tip the free-shipping decision.
            before = shipping_cost_cents(shipping, rule, order.method, subtotal, weight)
            after = shipping_cost_cents(shipping, rule, order.method, subtotal - discount, weight)
            if discount > 0 and before == after:
                order.promotion, order.discount_cents = promo, discount
                customer.used_codes.add(promo.terms.code)
    order.shipping_cents = shipping_cost_cents(
        shipping, rule, order.method, subtotal - order.discount_cents, weight
    )


def pay(rng: random.Random, order: Order) -> None:
    """Payment captured in full: store credit when the balance covers it, else card, PayPal or
    financing (large orders)."""
    customer, total = order.customer, order.total_cents
    balance = customer.credit_balance(order.placed_at)
    if 0 < total <= balance and rng.random() < 0.6:
        order.payment_method = "store_credit"
        customer.store_credit_events.append((order.placed_at, -total))
    elif total >= 60_000 and rng.random() < 0.2:
        order.payment_method = "financing"
    elif rng.random() < 0.2:
        order.payment_method = "paypal"
    else:
        if not customer.cards or (len(customer.cards) < 2 and rng.random() < 0.15):
            customer.cards.append(f"{rng.randint(0, 9999):04d}")
        order.payment_method = "card"
        order.card_last4 = rng.choice(customer.cards)
    order.captured_cents = total


def business_moment(rng: random.Random, moment: dt.datetime) -> dt.datetime:
    """The next warehouse working moment at or after `moment` (weekdays, 13:00-23:00 UTC)."""
    current = moment
    while current.weekday() >= 5 or not 13 <= current.hour < 23:
        if current.weekday() >= 5 or current.hour >= 23:
            current = (current + dt.timedelta(days=1)).replace(hour=13, minute=0, second=0)
        else:
            current = current.replace(hour=13, minute=0, second=0)
    return current + dt.timedelta(minutes=rng.randint(0, 300))


def handling_time(rng: random.Random, order: Order, processing: dt.datetime) -> dt.datetime:
    """When the order leaves the warehouse: next working block; builds are assembled first."""
    ready = processing + dt.timedelta(hours=rng.uniform(2, 30))
    if order.kind == "build":
        ready += dt.timedelta(days=rng.randint(2, 4))
    return business_moment(rng, ready)


def spread_minutes(rng: random.Random, low: float, high: float) -> dt.timedelta:
    """A log-uniform delay: most short, some long."""
    return dt.timedelta(minutes=math.exp(rng.uniform(math.log(low), math.log(high))))
