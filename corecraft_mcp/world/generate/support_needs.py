"""When a ticket of each kind can be written: the time window an order's history opens for it.

A "where is my package" ticket only makes sense while the parcel is in transit, a DOA report in
the first days after delivery, a refund chase a week after the return: each need maps an order
(or one of its returns) to the window in which such a ticket could have been created.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from corecraft_mcp.world.definition import Policy
from corecraft_mcp.world.generate.support_facts import Facts, Order, opened_at
from corecraft_mcp.world.generate.support_scenario import Need, Scenario
from corecraft_mcp.world.models import LoyaltyTier, OrderReturn, PurchasedItem
from corecraft_mcp.world.rules import is_late

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Case:
    """An order (and possibly one of its returns) that fits a need, with the ticket's window."""

    order: Order
    start: dt.datetime
    end: dt.datetime
    ret: OrderReturn | None = None
    # when the first agent reply must be (the moment the agent created the return)
    reply_at: dt.datetime | None = None

    def contains(self, moment: dt.datetime) -> bool:
        return self.start <= moment <= self.end


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def business_days_between(start: dt.date, end: dt.date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    days, current = 0, start
    while current < end:
        current += DAY
        if current.weekday() < 5:
            days += 1
    return days


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.UTC)


Window = tuple[dt.datetime, dt.datetime] | None


class _Windows:
    """The window of each order-based need, for one world."""

    def __init__(self, facts: Facts, policy: Policy, now: dt.datetime) -> None:
        self.facts = facts
        self.policy = policy
        self.now = now

    def tier(self, order: Order) -> LoyaltyTier:
        return self.facts.tiers[self.facts.customers[order.customer_id].tier]

    def unshipped(self, o: Order) -> Window:
        if o.status == "cancelled":
            return None
        ship = o.shipment
        if ship and ship.shipped_at:
            return o.placed_at + 12 * HOUR, ship.shipped_at - HOUR
        if o.status in ("pending", "processing"):
            return o.placed_at + 12 * HOUR, self.now
        return None

    def cancelled(self, o: Order) -> Window:
        if o.status != "cancelled" or o.cancelled_at is None:
            return None
        return o.placed_at + 0.2 * HOUR, o.cancelled_at - 0.1 * HOUR

    def in_transit(self, o: Order) -> Window:
        ship = o.shipment
        if not ship or not ship.shipped_at:
            return None
        if ship.delivered_at:
            return ship.shipped_at + 6 * HOUR, ship.delivered_at - HOUR
        if ship.status in ("label_created", "in_transit", "out_for_delivery"):
            return ship.shipped_at + 6 * HOUR, self.now
        return None

    def late_transit(self, o: Order) -> Window:
        ship = o.shipment
        if not ship or not ship.shipped_at or not ship.promised:
            return None
        start = max(_end_of_day(ship.promised), ship.shipped_at)
        if ship.delivered_at:
            return start, ship.delivered_at - HOUR
        return (start, self.now) if ship.status in ("in_transit", "out_for_delivery") else None

    def _delivered_late(self, o: Order, *, beyond_grace: bool, days: int) -> Window:
        ship = o.shipment
        if not ship or not ship.delivered_at or not ship.promised:
            return None
        delivered = ship.delivered_at.date()
        if delivered <= ship.promised:
            return None
        if is_late(self.policy.shipping, ship.promised, delivered) != beyond_grace:
            return None
        return ship.delivered_at + 2 * HOUR, ship.delivered_at + days * DAY

    def late_delivered(self, o: Order) -> Window:
        return self._delivered_late(o, beyond_grace=True, days=10)

    def slightly_late(self, o: Order) -> Window:
        return self._delivered_late(o, beyond_grace=False, days=7)

    def exception(self, o: Order) -> Window:
        ship = o.shipment
        if (
            not ship
            or not ship.shipped_at
            or ship.status not in ("exception", "returned_to_sender")
        ):
            return None
        return ship.shipped_at + DAY, self.now

    def _after_delivery(
        self, o: Order, lo: dt.timedelta, hi: dt.timedelta, *, no_returns: bool = True
    ) -> Window:
        ship = o.shipment
        if not ship or not ship.delivered_at or o.status not in ("delivered", "returned"):
            return None
        if no_returns and o.returns:
            return None
        if ship.shipped_at and ship.delivered_at < ship.shipped_at:
            return None  # conflicting dates (planted): no ticket builds a story on them
        return ship.delivered_at + lo, ship.delivered_at + hi

    def just_delivered(self, o: Order) -> Window:
        return self._after_delivery(o, HOUR, 4 * DAY, no_returns=False)

    def delivered(self, o: Order) -> Window:
        return self._after_delivery(o, DAY, 40 * DAY, no_returns=False)

    def doa_window(self, o: Order) -> Window:
        return self._after_delivery(o, 2 * HOUR, self.policy.returns.doa_report_days * DAY)

    def return_window(self, o: Order) -> Window:
        days = self.tier(o).return_window_days
        return self._after_delivery(o, 2 * DAY, days * DAY)

    def outside_window(self, o: Order) -> Window:
        days = self.tier(o).return_window_days
        return self._after_delivery(o, (days + 2) * DAY, (days + 60) * DAY)

    def warranty_early(self, o: Order) -> Window:
        if not o.shipment or not o.shipment.delivered_at or o.status == "cancelled":
            return None
        months = self.policy.warranty.corecraft_handles_claims_months
        return o.placed_at + 45 * DAY, add_months(o.placed_at, months) - 5 * DAY

    def warranty_late(self, o: Order) -> Window:
        if not o.shipment or not o.shipment.delivered_at or o.status == "cancelled":
            return None
        months = self.policy.warranty.corecraft_handles_claims_months
        return add_months(o.placed_at, months) + 5 * DAY, add_months(o.placed_at, months + 18)

    def price_match(self, o: Order) -> Window:
        if o.status == "cancelled":
            return None
        return o.placed_at + DAY, o.placed_at + self.tier(o).price_match_days * DAY

    def price_match_late(self, o: Order) -> Window:
        if o.status == "cancelled":
            return None
        days = self.tier(o).price_match_days
        return o.placed_at + (days + 3) * DAY, o.placed_at + (days + 45) * DAY

    def promo_window(self, o: Order) -> Window:
        if o.status == "cancelled" or o.promotion_code or not self.facts.promotions:
            return None
        return o.placed_at + HOUR, o.placed_at + self.policy.promotions.price_adjustment_days * DAY

    def promo_applied(self, o: Order) -> Window:
        if o.status == "cancelled" or not o.promotion_code:
            return None
        return o.placed_at + HOUR, o.placed_at + 20 * DAY

    def recent_order(self, o: Order) -> Window:
        if o.status == "cancelled":
            return None
        return o.placed_at + HOUR, o.placed_at + 25 * DAY


_RETURN_NEEDS: dict[Need, Callable[[OrderReturn], bool]] = {
    "return_open": lambda r: r.kind in ("refund", "store_credit") and not r.doa,
    "return_doa": lambda r: r.doa,
    "return_exchange": lambda r: r.kind == "exchange",
    "refund_wait": lambda r: r.kind in ("refund", "store_credit") and r.status != "rejected",
    "return_fee": lambda r: r.restocking_fee_cents > 0,
}


def order_cases(need: Need, facts: Facts, policy: Policy, now: dt.datetime) -> list[Case]:
    """Every order (or return) that fits an order-based need, with the ticket's window."""
    cases: list[Case] = []
    windows = _Windows(facts, policy, now)
    for order in facts.orders.values():
        if need in _RETURN_NEEDS:
            cases.extend(_return_cases(need, order, now))
            continue
        window: Window = getattr(windows, need)(order)
        if window and window[0] < min(window[1], now):
            cases.append(Case(order, window[0], min(window[1], now)))
    return cases


def _return_cases(need: Need, order: Order, now: dt.datetime) -> list[Case]:
    cases = []
    floor = (
        order.shipment.delivered_at
        if order.shipment and order.shipment.delivered_at
        else (order.placed_at)
    )
    for ret in order.returns:
        if not _RETURN_NEEDS[need](ret):
            continue
        opened = opened_at(ret)
        if need in ("return_open", "return_doa", "return_exchange"):
            # The ticket that led to the return: the agent created it in the first reply.
            start = max(opened - 3 * DAY, floor + HOUR)
            end = opened - 0.5 * HOUR
            reply_at: dt.datetime | None = opened
        elif need == "refund_wait":
            start, end, reply_at = opened + 6 * DAY, opened + 15 * DAY, None
        else:
            start, end, reply_at = opened + 5 * DAY, opened + 25 * DAY, None
        end = min(end, now)
        if start < end:
            cases.append(Case(order, start, end, ret, reply_at))
    return cases


def passes_filters(scenario: Scenario, order: Order, facts: Facts, threshold_cents: int) -> bool:
    checks: dict[str, Callable[[], bool]] = {
        # what a full return refunds: the items as paid, never the shipping
        "big_refund": lambda: order.subtotal_cents - order.discount_cents > threshold_cents,
        "final_sale_item": lambda: any(i.final_sale for i in order.items),
        "assembled_build": lambda: any(
            i.build_id and facts.builds.get(i.build_id, ("", False))[1] for i in order.items
        ),
        "has_promo": lambda: order.promotion_code is not None,
        "no_promo": lambda: order.promotion_code is None,
        "missing_payment": lambda: order.payment_method is None or order.captured_cents is None,
        "card_payment": lambda: order.payment_method == "card" and bool(order.card_last4),
        "condition_used": lambda: any(i.condition != "new" for i in order.items),
        "multi_item": lambda: len(order.items) >= 2,
    }
    return all(checks[f]() for f in scenario.filters)


def question_items(scenario: Scenario, case: Case, facts: Facts) -> list[PurchasedItem]:
    """The items the ticket can be about: the returned one, or those the scenario's
    categories and filters point at."""
    order = case.order
    if case.ret is not None:
        item = order.item(case.ret.order_item_id)
        items = [item] if item else []
    else:
        items = [i for i in order.items if i.product.category != "service"] or list(order.items)
        if "final_sale_item" in scenario.filters:
            items = [i for i in items if i.final_sale]
        if "condition_used" in scenario.filters:
            items = [i for i in items if i.condition != "new"]
        if "assembled_build" in scenario.filters:
            items = [i for i in items if i.build_id]
    if scenario.item_categories:
        items = [i for i in items if i.product.category in scenario.item_categories]
    return items
