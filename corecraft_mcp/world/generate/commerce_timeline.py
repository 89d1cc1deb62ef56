"""An order's life after checkout: payment capture, backorder holds, cancellation, the parcels
that leave the warehouse and when they arrive. The status on today is whatever transition last
happened before the world's clock; later ones are simply not yet history."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence

from corecraft_mcp.world.definition import ShippingPolicy, ShippingService
from corecraft_mcp.world.generate.commerce_data import (
    ADDRESS_EXCEPTIONS,
    CANCEL_REASONS,
    CARRIERS,
    DAMAGE_EXCEPTIONS,
)
from corecraft_mcp.world.generate.commerce_model import Event, Order, Shipment
from corecraft_mcp.world.generate.commerce_orders import (
    business_moment,
    handling_time,
    spread_minutes,
)
from corecraft_mcp.world.rules import add_business_days, promised_date

CANCEL_SHARE = 0.045
PAYMENT_REVIEW_SHARE = 0.02
SPLIT_SHARE = 0.06
RETURNED_TO_SENDER_SHARE = 0.005
# Deliveries after the promised date: beyond the policy's grace (compensation due), or within it.
LATE_SHARE = 0.07
SLIGHTLY_LATE_SHARE = 0.07
ADDRESS_ISSUE_SHARE = 0.02
DAMAGE_SHARE = 0.015
# Orders this recent with an item out of stock everywhere wait for the restock.
BACKORDER_DAYS = 14


def _delivery(
    rng: random.Random, policy: ShippingPolicy, service: ShippingService, shipped: dt.datetime
) -> tuple[dt.date, dt.datetime]:
    """(promised date, true delivery moment) of a parcel."""
    promised = promised_date(policy, service, shipped.date())
    low, high = policy.rate(service).business_days
    grace = policy.late_delivery_business_days
    roll = rng.random()
    if roll < LATE_SHARE:
        day = add_business_days(promised, grace + rng.randint(1, 4))
    elif roll < LATE_SHARE + SLIGHTLY_LATE_SHARE and grace > 0:
        day = add_business_days(promised, rng.randint(1, grace))
    else:
        day = add_business_days(shipped.date(), rng.randint(low, high))
    # Carriers deliver from late morning to evening, US time.
    moment = dt.datetime.combine(day, dt.time(15, 0), tzinfo=dt.UTC)
    return promised, moment + dt.timedelta(minutes=rng.randint(0, 600))


def _carrier(rng: random.Random, service: str) -> str:
    names, weights = zip(*CARRIERS[service], strict=True)
    return str(rng.choices(names, weights=weights)[0])


def _parcels(
    rng: random.Random,
    order: Order,
    ship_at: dt.datetime,
    policy: ShippingPolicy,
    warehouses: Sequence[str],
    now: dt.datetime,
) -> list[Shipment]:
    hardware = [i for i in order.items if i.product.category != "service"]
    groups = [hardware]
    if len(hardware) >= 2 and order.kind != "build" and rng.random() < SPLIT_SHARE:
        cut = rng.randint(1, len(hardware) - 1)
        groups = [hardware[:cut], hardware[cut:]]
    service = order.method
    parcels: list[Shipment] = []
    for index, group in enumerate(groups):
        shipped = ship_at
        warehouse = order.warehouse
        if index:
            # The rest of the order comes from another warehouse, a day or three later.
            shipped = business_moment(rng, ship_at + dt.timedelta(days=rng.randint(1, 3)))
            others = [w for w in warehouses if w != order.warehouse]
            warehouse = rng.choice(others) if others else warehouse
        promised, delivered = _delivery(rng, policy, service, shipped)
        parcel = Shipment(
            group,
            warehouse,
            _carrier(rng, service),
            service,
            shipped,
            delivered,
            promised_on=promised,
        )
        roll = rng.random()
        if roll < ADDRESS_ISSUE_SHARE:
            # The carrier holds the parcel until the address is sorted out.
            parcel.exception = rng.choice(ADDRESS_EXCEPTIONS)
            parcel.delivered_at = delivered + dt.timedelta(days=rng.randint(2, 5))
        elif roll < ADDRESS_ISSUE_SHARE + DAMAGE_SHARE:
            parcel.exception = rng.choice(DAMAGE_EXCEPTIONS)
        parcels.append(parcel)
    first = parcels[0]
    if (now - ship_at).days > 45 and rng.random() < RETURNED_TO_SENDER_SHARE:
        # Undeliverable: back to the warehouse, then shipped again to the same address.
        first.exception = "Returned to sender: undeliverable as addressed after 3 attempts"
        back = first.delivered_at or ship_at
        first.delivered_at = None
        first.returned_at = back + dt.timedelta(days=rng.randint(2, 4))
        first.status = "returned_to_sender"
        again = business_moment(rng, first.returned_at + dt.timedelta(days=rng.randint(1, 3)))
        promised, delivered = _delivery(rng, policy, service, again)
        parcels.append(
            Shipment(
                list(first.items),
                first.warehouse,
                first.carrier,
                service,
                again,
                delivered,
                promised_on=promised,
            )
        )
    return parcels


def _backorder(
    order: Order, now: dt.datetime, available: Mapping[str, int], restock: Mapping[str, str | None]
) -> str | None:
    """The note of an order held for stock, or None."""
    if (now - order.placed_at).days > BACKORDER_DAYS:
        return None
    for item in order.items:
        product = item.product
        if product.category != "service" and available.get(product.id, 0) < item.quantity:
            when = restock.get(product.id)
            expected = f"restock expected {when}" if when else "no restock date yet"
            return f"Backordered: {product.name} out of stock in every warehouse; {expected}."
    return None


def run_timeline(
    rng: random.Random,
    order: Order,
    now: dt.datetime,
    policy: ShippingPolicy,
    warehouses: Sequence[str],
    available: Mapping[str, int],
    restock: Mapping[str, str | None],
) -> None:
    """Fill the order's status history, parcels and status as of `now`."""
    placed = order.placed_at
    history = [Event("pending", placed, "Order placed")]
    if order.payment_method == "financing":
        # The lender approves the credit application first.
        processing = placed + dt.timedelta(hours=rng.uniform(6, 48))
        capture_note = "Financing approved; payment captured"
    elif rng.random() < PAYMENT_REVIEW_SHARE:
        processing = placed + dt.timedelta(hours=rng.uniform(18, 40))
        capture_note = "Payment captured after manual review"
    else:
        processing = placed + spread_minutes(rng, 3, 720)
        capture_note = "Payment captured"
    ship_at = handling_time(rng, order, processing)
    held = _backorder(order, now, available, restock)
    if order.kind != "build" and rng.random() < CANCEL_SHARE:
        before_shipping = (ship_at - placed).total_seconds() / 60
        cancel_at = placed + spread_minutes(rng, 10, max(11.0, before_shipping))
        if cancel_at < now:
            if processing < cancel_at:
                history.append(Event("processing", processing, capture_note))
            history.append(Event("cancelled", cancel_at, rng.choice(CANCEL_REASONS)))
            order.refunded_cents = order.captured_cents or 0
            order.history, order.status = history, "cancelled"
            return
    if processing < now:
        history.append(Event("processing", processing, capture_note))
    if held is not None:
        order.notes.append(held)
        order.history = history
        order.status = history[-1].status
        return
    order.shipments = _parcels(rng, order, ship_at, policy, warehouses, now)
    shipped = [p for p in order.shipments if p.shipped_at < now]
    if shipped:
        first = min(p.shipped_at for p in shipped)
        carriers = ", ".join(sorted({p.carrier for p in shipped}))
        history.append(Event("shipped", first, f"Shipped via {carriers}"))
    arrivals = [p.delivered_at for p in order.shipments if p.status != "returned_to_sender"]
    if shipped and all(a is not None and a < now for a in arrivals):
        last = max(a for a in arrivals if a is not None)
        history.append(Event("delivered", last, "Delivered"))
    order.history = history
    order.status = history[-1].status
