"""Shipping records and their tracking events, as the carriers scanned them, and the planted
mess of the shipping data: dates that conflict, and deliveries with no delivery record."""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Sequence
from typing import Any

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.generate.commerce_data import HUBS, WAREHOUSES
from corecraft_mcp.world.generate.commerce_model import Order, Shipment

FIRST_SHIPMENT_NUMBER = 300_001
_UPS_SERVICE = {"standard": "03", "expedited": "02", "overnight": "01"}
_DELIVERED_AT = (
    "Delivered, front door",
    "Delivered, left at front porch",
    "Delivered, handed to resident",
    "Delivered, left at reception / mailroom",
    "Delivered, garage or side door",
)


def tracking_number(rng: random.Random, carrier: str, service: str, taken: set[str]) -> str:
    """A tracking number in the carrier's real format."""
    while True:
        if carrier == "UPS":
            account = "".join(rng.choices(string.ascii_uppercase + string.digits, k=6))
            number = f"1Z{account}{_UPS_SERVICE[service]}{rng.randint(0, 10**8 - 1):08d}"
        elif carrier == "FedEx":
            number = f"{rng.randint(10**11, 10**12 - 1)}"
        elif carrier == "USPS":
            number = f"9400{rng.choice(('1', '5'))}{rng.randint(0, 10**17 - 1):017d}"
        else:
            number = f"{rng.randint(10**9, 10**10 - 1)}"
        if number not in taken:
            taken.add(number)
            return number


def _origin(warehouse: str) -> str:
    known = WAREHOUSES.get(warehouse)
    return known[0] if known else f"{warehouse} fulfillment center"


Scan = tuple[dt.datetime, str, str, str]


def _events(rng: random.Random, order: Order, parcel: Shipment) -> list[Scan]:
    """(at, status, location, description) of every scan, true times, oldest first."""
    assert order.ship_to is not None
    origin = _origin(parcel.warehouse)
    destination = f"{order.ship_to.city}, {order.ship_to.state}"
    carrier, shipped = parcel.carrier, parcel.shipped_at
    events = [
        (
            shipped - dt.timedelta(hours=rng.uniform(1, 6)),
            "label_created",
            origin,
            f"Shipping label created, {carrier} awaiting item",
        ),
        (shipped, "in_transit", origin, f"Picked up by {carrier}"),
    ]
    end = parcel.delivered_at or parcel.returned_at or shipped + dt.timedelta(days=4)
    # A parcel coming back made its delivery attempts over the three days before.
    transit_end = end - dt.timedelta(days=3) if parcel.returned_at else end
    hubs = rng.sample(HUBS[carrier], 1 if parcel.service != "standard" else rng.randint(1, 2))
    span = (transit_end - shipped) / (len(hubs) * 2 + 2)
    for n, hub in enumerate(hubs):
        arrive = shipped + span * (2 * n + 1)
        events.append((arrive, "in_transit", hub, f"Arrived at {carrier} facility"))
        events.append((arrive + span * 0.5, "in_transit", hub, f"Departed {carrier} facility"))
    if parcel.status == "returned_to_sender" and parcel.returned_at is not None:
        for attempt in range(3):
            at = end - dt.timedelta(days=3 - attempt, hours=-2)
            events.append(
                (
                    at,
                    "exception",
                    destination,
                    f"Delivery attempt {attempt + 1} failed: undeliverable as addressed",
                )
            )
        events.append((parcel.returned_at, "returned_to_sender", origin, "Returned to sender"))
        return sorted(events)
    if parcel.delivered_at is None:
        return sorted(events)
    if parcel.exception and parcel.exception.startswith("Address issue"):
        held = parcel.delivered_at - dt.timedelta(days=rng.randint(1, 2), hours=3)
        events.append((held, "exception", destination, parcel.exception))
    delivered = parcel.delivered_at
    events.append(
        (
            delivered - dt.timedelta(hours=rng.uniform(2, 6)),
            "out_for_delivery",
            destination,
            "Out for delivery",
        )
    )
    damaged = bool(parcel.exception and parcel.exception.startswith("Damaged"))
    events.append(
        (
            delivered,
            "delivered",
            destination,
            "Delivered - package damaged" if damaged else rng.choice(_DELIVERED_AT),
        )
    )
    return sorted(events)


def finish_shipments(rng: random.Random, orders: Sequence[Order], now: dt.datetime) -> None:
    """Number the parcels that have left the warehouse, give them tracking numbers and their
    scans up to now, and set each record's status and delivery date as of now."""
    parcels = [(o, p) for o in orders for p in o.shipments if p.shipped_at < now]
    parcels.sort(key=lambda pair: (pair[1].shipped_at, pair[0].id))
    taken: set[str] = set()
    for number, (order, parcel) in enumerate(parcels, start=FIRST_SHIPMENT_NUMBER):
        parcel.id = f"SHP-{number}"
        parcel.tracking = tracking_number(rng, parcel.carrier, parcel.service, taken)
        parcel.events = [e for e in _events(rng, order, parcel) if e[0] < now]
        parcel.status = parcel.events[-1][1]
        if parcel.status != "delivered":
            parcel.delivered_at = None  # still on its way: the arrival is not history yet
        parcel.recorded_delivered_at = parcel.delivered_at
        seen = any(e[1] in ("exception", "returned_to_sender") for e in parcel.events)
        damaged = parcel.status == "delivered" and (parcel.exception or "").startswith("Damaged")
        if not (seen or damaged):
            parcel.exception = None  # the trouble lies ahead of today
    for order in orders:
        order.shipments = [p for p in order.shipments if p.id]


def plant_shipping_mess(
    rng: random.Random,
    orders: Sequence[Order],
    conflict_rate: float,
    missing_delivery_rate: float,
    ship_plus_days: int,
    now: dt.datetime,
) -> list[tuple[str, str, dict[str, Any]]]:
    """Date conflicts on `conflict_rate` of shipped orders and missing delivery records on some
    delivered ones; returns (kind, shipment id, detail) to plant. Orders with returns are left
    alone: their return windows were counted from the true delivery."""
    shipped = [o for o in orders if o.shipments]
    clean = [
        o
        for o in shipped
        if o.status == "delivered"
        and not o.returns
        and len(o.shipments) == 1
        and o.shipments[0].delivered_at is not None
        and o.shipments[0].exception is None
        and (now - o.shipments[0].delivered_at).days >= 3
    ]
    rng.shuffle(clean)
    n_conflict = min(len(clean), round(len(shipped) * conflict_rate))
    plants: list[tuple[str, str, dict[str, Any]]] = []
    variants = ("delivered_before_shipped", "delivered_before_order", "conflicts_with_history")
    for n, order in enumerate(clean[:n_conflict]):
        parcel = order.shipments[0]
        true = parcel.delivered_at
        assert true is not None
        variant = variants[n % len(variants)]
        if variant == "conflicts_with_history":
            recorded = true + dt.timedelta(days=rng.randint(6, 12), hours=rng.randint(-3, 3))
            if recorded >= now:
                variant = "delivered_before_shipped"
        if variant == "delivered_before_shipped":
            recorded = parcel.shipped_at - dt.timedelta(
                days=rng.randint(1, 3), hours=rng.randint(0, 8)
            )
        elif variant == "delivered_before_order":
            # A year keyed wrong: the scan reads a year early, before the order even existed.
            recorded = (
                true.replace(year=true.year - 1)
                if not (true.month == 2 and true.day == 29)
                else true - dt.timedelta(days=365)
            )
        parcel.recorded_delivered_at = recorded
        plants.append(
            (
                "shipping_date_conflict",
                parcel.id,
                {
                    "order_id": order.id,
                    "variant": variant,
                    "recorded_delivered_at": iso_ts(recorded),
                    "delivered_per_tracking": iso_ts(true),
                    "shipped_at": iso_ts(parcel.shipped_at),
                    "order_placed_at": iso_ts(order.placed_at),
                },
            )
        )
    delivered = [o for o in shipped if o.status == "delivered"]
    n_missing = round(len(delivered) * missing_delivery_rate)
    for order in clean[n_conflict : n_conflict + n_missing]:
        parcel = order.shipments[0]
        true = parcel.delivered_at
        assert true is not None
        parcel.recorded_delivered_at = None
        # The last scans never reached the record: it stops in transit.
        parcel.events = [e for e in parcel.events if e[1] not in ("out_for_delivery", "delivered")]
        parcel.status = parcel.events[-1][1]
        basis = parcel.shipped_at.date() + dt.timedelta(days=ship_plus_days)
        plants.append(
            (
                "missing_delivery_record",
                parcel.id,
                {
                    "order_id": order.id,
                    "shipped_at": iso_ts(parcel.shipped_at),
                    "return_window_counts_from": basis.isoformat(),
                    "actually_delivered_at": iso_ts(true),
                },
            )
        )
    return plants


def shipment_rows(orders: Sequence[Order]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    parcels = sorted((p for o in orders for p in o.shipments), key=lambda p: p.id)
    order_of = {p.id: o for o in orders for p in o.shipments}
    for parcel in parcels:
        order = order_of[parcel.id]
        records.append(
            {
                "id": parcel.id,
                "order_id": order.id,
                "carrier": parcel.carrier,
                "service_level": parcel.service,
                "tracking_number": parcel.tracking,
                "status": parcel.status,
                "weight_grams": sum(i.product.weight_grams * i.quantity for i in parcel.items),
                "shipped_at": iso_ts(parcel.shipped_at),
                "promised_date": parcel.promised_on.isoformat() if parcel.promised_on else None,
                "delivered_at": iso_ts(parcel.recorded_delivered_at)
                if parcel.recorded_delivered_at
                else None,
                "exception": parcel.exception,
                "warehouse": parcel.warehouse,
            }
        )
        events.extend(
            {
                "shipment_id": parcel.id,
                "at": iso_ts(at),
                "status": status,
                "location": where,
                "description": text,
            }
            for at, status, where, text in parcel.events
        )
    return records, events
