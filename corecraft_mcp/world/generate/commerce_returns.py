"""Returns (RMAs) on delivered orders, under the returns policy version in force on the day of
the return: the window, the dead-on-arrival period and the restocking fee. Money follows the
rules the tools apply to live returns: a refund goes back to the payment (orders.refunded_cents),
store credit goes to the customer's balance, an exchange is like for like or cheaper."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from corecraft_mcp.world.generate.commerce_baskets import Shelf
from corecraft_mcp.world.generate.commerce_data import RETURN_REASONS
from corecraft_mcp.world.generate.commerce_model import (
    Event,
    Item,
    Order,
    Return,
    ReturnsEra,
    era_at,
)
from corecraft_mcp.world.rules import TierRule, restocking_fee_cents, tier_for_spend

RETURN_SHARE = 0.10
DAMAGED_RETURN_SHARE = 0.7
TWO_LINES_SHARE = 0.15
REJECTED_SHARE = 0.07
STORE_CREDIT_SHARE = 0.2
EXCHANGE_SHARE = 0.3  # of defective or wrong-model returns


def item_value_cents(order: Order, item: Item, quantity: int) -> int:
    """What the customer paid for the units: the line less its share of the order's promotion
    discount over the lines the promotion applied to (tools/refunds.item_value_cents)."""
    gross = item.unit_price_cents * quantity
    if order.discount_cents <= 0 or order.promotion is None:
        return gross
    categories = order.promotion.terms.categories
    if categories is not None and item.product.category not in categories:
        return gross
    base = sum(
        i.line_cents for i in order.items if categories is None or i.product.category in categories
    )
    if base <= 0:
        return gross
    return gross - min(gross, (gross * order.discount_cents + base // 2) // base)


def tier_at_return(tiers: Sequence[TierRule], order: Order) -> TierRule:
    """The customer's tier when they ask for a return, as the returns policy reads it (the
    current tier, not the tier at purchase): their spend counts this order, net of the refunds
    already made on it. A later order of theirs placed before the return is not counted: the
    orders are generated in time, and its own pricing counts this order's refunds."""
    return tier_for_spend(
        tiers, order.customer.spend_cents + order.total_cents - order.refunded_cents
    )


def _fee_rule(tier: TierRule, era: ReturnsEra) -> TierRule:
    """The restocking terms in force: the current tier's, or an older flat fee."""
    if era.flat_fee_pct is None:
        return tier
    return TierRule(
        tier.name,
        tier.rank,
        tier.min_spend_cents,
        era.flat_fee_pct,
        tier.free_standard_over_cents,
        tier.free_expedited,
    )


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(14, 0), tzinfo=dt.UTC) + dt.timedelta(
        minutes=rng.randint(0, 540)
    )


def _status(kind: str, created: dt.datetime, now: dt.datetime) -> str:
    age = (now - created).days
    if kind == "store_credit":
        return "refunded"  # credit is issued at once
    if age < 2:
        return "approved"
    if kind == "exchange" or age < 7:
        return "received"
    return "refunded"


def _exchange_for(
    rng: random.Random, shelf: Shelf, item: Item, defective: bool, day: dt.date
) -> Item | None:
    """A like-for-like replacement (defective), or a cheaper model of the same category."""
    if defective:
        return Item(item.product, 1, item.product.price_cents)
    cheaper = [
        p
        for p in shelf.on_sale(item.product.category, day)
        if p.price_cents <= item.unit_price_cents and p.id != item.product.id
    ]
    if not cheaper:
        return None
    product = rng.choice(cheaper)
    return Item(product, 1, product.price_cents)


def plan_returns(
    rng: random.Random,
    order: Order,
    now: dt.datetime,
    shelf: Shelf,
    windows: Mapping[str, int],
    eras: list[ReturnsEra],
    tiers: Sequence[TierRule],
) -> None:
    """Decide the returns of a delivered order and move the money they move."""
    if order.status != "delivered" or order.tier is None:
        return
    arrivals = [p.delivered_at for p in order.shipments if p.delivered_at is not None]
    if not arrivals:
        return
    arrived = max(arrivals)
    delivered = arrived.date()
    shipped = min(p.shipped_at for p in order.shipments).date()
    damaged = any((p.exception or "").startswith("Damaged") for p in order.shipments)
    if rng.random() >= (DAMAGED_RETURN_SHARE if damaged else RETURN_SHARE):
        return
    merchandise = [i for i in order.items if i.product.category != "service"]
    returnable = [i for i in merchandise if not i.final_sale and not i.in_build]
    if not returnable:
        return
    lines = rng.sample(
        returnable, 2 if len(returnable) > 1 and rng.random() < TWO_LINES_SHARE else 1
    )
    # The returns policy in force when the order was placed governs its returns.
    era = era_at(eras, order.placed_at.date().isoformat())
    if era.window_days is not None:
        start, window, basis = shipped, era.window_days, "ship date"
    else:
        tier = tier_at_return(tiers, order)
        start, window, basis = delivered, windows[tier.name], "delivery date"
    # The last day of the window, in days since delivery.
    last_day = window - (delivered - start).days
    # Days are drawn over the window of the tier at purchase and stretched to the current
    # tier's: the draws stay the same, so a tier change moves only this order's returns.
    drawn_over = last_day
    if era.window_days is None and order.tier is not None:
        drawn_over = windows[order.tier.name] - (delivered - start).days
    credited = 0
    for item in lines:
        if damaged:
            reason, defective, opened = "Arrived damaged", True, True
        else:
            reason, defective, opened = rng.choice(RETURN_REASONS)
        rejected = rng.random() < REJECTED_SHARE or last_day < 1
        if rejected:
            since = max(last_day, 0) + rng.randint(1, 12)
        elif defective and (damaged or rng.random() < 0.6):
            since = min(rng.randint(0, max(0, era.doa_days - 1)), last_day)
        else:
            since = rng.randint(1, drawn_over) if drawn_over >= 1 else 1
            if drawn_over != last_day:
                since = min(last_day, max(1, round(since * last_day / max(drawn_over, 1))))
        created = max(
            _moment(delivered + dt.timedelta(days=since), rng),
            arrived + dt.timedelta(hours=rng.uniform(1, 5)),
        )
        if created >= now:
            continue
        doa = defective and since <= era.doa_days and not reason.startswith("Perf")
        quantity = item.quantity if rng.random() < 0.8 else rng.randint(1, item.quantity)
        if rejected:
            order.returns.append(
                Return(
                    item,
                    quantity,
                    "refund",
                    reason,
                    False,
                    opened,
                    "rejected",
                    0,
                    0,
                    created,
                    notes=f"Rejected: requested {since + (delivered - start).days} days after the "
                    f"{basis}, outside the {window}-day return window.",
                )
            )
            continue
        wants_exchange = (defective or reason.startswith("Ordered the wrong")) and (
            rng.random() < EXCHANGE_SHARE
        )
        replacement = (
            _exchange_for(rng, shelf, item, defective, created.date()) if wants_exchange else None
        )
        if replacement is not None:
            # Like for like costs nothing either way; a cheaper model refunds the difference.
            difference = (
                0
                if replacement.product is item.product
                else min(0, (replacement.product.price_cents - item.unit_price_cents) * quantity)
            )
            note = f"Exchange for {replacement.product.name}."
            if doa:
                note = "Dead on arrival. " + note
            order.returns.append(
                Return(
                    item,
                    quantity,
                    "exchange",
                    reason,
                    doa,
                    opened,
                    _status("exchange", created, now),
                    0,
                    0,
                    created,
                    exchange_product=replacement.product,
                    price_difference_cents=difference,
                    notes=note,
                )
            )
            order.refunded_cents += -difference
            continue
        kind = "store_credit" if rng.random() < STORE_CREDIT_SHARE else "refund"
        line = item.unit_price_cents * quantity
        rule = _fee_rule(tier_at_return(tiers, order), era)
        fee = restocking_fee_cents(rule, line, opened=opened, defective=defective, doa=doa)
        paid = (order.captured_cents or 0) - order.refunded_cents - credited
        refund = max(0, min(item_value_cents(order, item, quantity) - fee, paid))
        notes = (
            "Dead on arrival: no restocking fee."
            if doa
            else (
                f"{rule.restocking_fee_pct}% restocking fee: opened, not defective." if fee else ""
            )
        )
        order.returns.append(
            Return(
                item,
                quantity,
                kind,
                reason,
                doa,
                opened,
                _status(kind, created, now),
                refund,
                fee,
                created,
                notes=notes,
            )
        )
        if kind == "store_credit" or order.payment_method == "store_credit":
            order.customer.store_credit_events.append((created, refund))
        if kind == "store_credit":
            credited += refund
        else:
            order.refunded_cents += refund
    _mark_returned(order)


def _mark_returned(order: Order) -> None:
    """An order whose every merchandise unit came back for money is 'returned'."""
    back: dict[int, int] = {}
    for ret in order.returns:
        if ret.status != "rejected" and ret.kind in ("refund", "store_credit"):
            back[id(ret.item)] = back.get(id(ret.item), 0) + ret.quantity
    merchandise = [i for i in order.items if i.product.category != "service"]
    if merchandise and all(back.get(id(i), 0) >= i.quantity for i in merchandise):
        last = max(r.created_at for r in order.returns if r.status != "rejected")
        order.history.append(Event("returned", last, "Every item returned"))
        order.status = "returned"
