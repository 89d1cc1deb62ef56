"""The delivery date a return window counts from, found the way the returns policy says, with the
world's shipping records as they are (some lack a delivery scan, some carry wrong dates).

- A parcel's delivery date is the carrier's delivery scan (the 'delivered' tracking event of its
  shipping record); without a scan, the record's delivered_at, unless that date cannot be true
  (before the parcel shipped, or before the order was placed: a mis-keyed record). Where the
  record's date disagrees with the scan, the scan is used (the order's status history agrees
  with the carrier) and the explanation names the conflict.
- An order that came in several parcels counts from the latest delivery: the schema does not
  record which parcel carried which item, so every item gets the later, more generous date.
- No delivery record: the ship date plus the policy's allowance (the explanation says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.models_commerce import Order


def parse_date(stamp: str) -> dt.date:
    """The date of a stored timestamp ('2026-03-16T14:05:00Z') or date ('2026-03-16')."""
    return dt.date.fromisoformat(stamp[:10])


@dataclass(frozen=True)
class DeliveryBasis:
    """The date a return window counts from, and how it was found."""

    starts_on: dt.date
    from_delivery_record: bool
    explanation: str


def check_started(order: Order, action: str) -> None:
    """Raise for an order whose goods never left (pending, processing) or that was cancelled:
    nothing of it can be sent back."""
    status = order.status
    if status in ("pending", "processing"):
        raise ToolInputError(
            f"cannot {action} an item of order {order.id}: it is '{status}' and has not "
            "shipped; returns and exchanges are accepted for delivered orders only"
        )
    if status == "cancelled":
        raise ToolInputError(f"cannot {action} an item of order {order.id}: it was cancelled")


def _parcel_delivery(order: Order, parcel: Row) -> tuple[dt.date | None, str]:
    """A parcel's delivery date (see the module's rules) and what was noticed about it."""
    scan = parse_date(parcel["scan_at"]) if parcel["scan_at"] else None
    recorded = parse_date(parcel["delivered_at"]) if parcel["delivered_at"] else None
    where = f"shipping record {parcel['id']}"
    if scan is not None:
        if recorded is not None and recorded != scan:
            return scan, (
                f"{where} says delivered {recorded} but the carrier's delivery scan says {scan}: "
                "the scan is used"
            )
        return scan, ""
    if recorded is None:
        return None, ""
    shipped = parse_date(parcel["shipped_at"]) if parcel["shipped_at"] else None
    placed = parse_date(order.placed_at)
    if recorded < placed or (shipped is not None and recorded < shipped):
        when = (
            "before the order was placed" if recorded < placed else f"before it shipped ({shipped})"
        )
        return None, f"{where} says delivered {recorded}, {when}: not a usable delivery date"
    return recorded, ""


async def delivery_basis(db: WorldConnection, order: Order, action: str) -> DeliveryBasis:
    """The delivery date of a delivered order (see the module's rules), or why no return or
    exchange can start yet."""
    check_started(order, action)
    parcels = await db.fetchall(
        "SELECT s.id, s.shipped_at, s.delivered_at, (SELECT max(e.at) FROM shipping_events e "
        "WHERE e.shipment_id = s.id AND e.status = 'delivered') AS scan_at "
        "FROM shipping_records s WHERE s.order_id = ? ORDER BY s.id",
        (order.id,),
    )
    found = [(*_parcel_delivery(order, p), p) for p in parcels]
    remarks = [remark for _, remark, _ in found if remark]
    dated = [(day, p["id"]) for day, _, p in found if day is not None]
    if dated:
        day, parcel_id = max(dated)
        text = "; ".join([f"delivered {day} (shipping record {parcel_id})", *remarks])
        return DeliveryBasis(day, True, text)
    if order.status == "shipped":
        raise ToolInputError(
            f"cannot {action} an item of order {order.id}: it has shipped but has no "
            "delivery record yet; returns and exchanges are accepted for delivered orders only"
        )
    shipped = [parse_date(p["shipped_at"]) for p in parcels if p["shipped_at"]]
    if not shipped:
        history = await db.scalar(
            "SELECT min(at) FROM order_status_history WHERE order_id = ? AND status = 'shipped'",
            (order.id,),
        )
        shipped = [parse_date(history)] if history else []
    if not shipped:
        raise ToolInputError(
            f"cannot {action} an item of order {order.id}: it has neither a delivery record "
            "nor a ship date on file, so no delivery date can be recorded on the RMA"
        )
    extra = db.policy.returns.no_delivery_record_ship_plus_days
    ship_day = min(shipped)
    start = ship_day + dt.timedelta(days=extra)
    text = "; ".join(
        [
            f"no delivery record on file: the window counts from the ship date {ship_day} "
            f"+ {extra} days = {start} (the returns policy's allowance)",
            *remarks,
        ]
    )
    return DeliveryBasis(start, False, text)
