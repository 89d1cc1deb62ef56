"""The delivery date a return window counts from, found the way the returns policy says, with the
world's shipping records as they are (some lack a delivery scan, some carry impossible dates).

- The delivery date on the shipping record is the start (the latest one when an order came in
  several parcels: the schema does not record which parcel carried which item, so every item
  gets the later, more generous date).
- A recorded delivery date that cannot be true (before the parcel shipped, or before the order
  was placed: a mis-keyed record) is not a delivery date: the carrier's delivery scan in the
  tracking events is used instead, and without one the parcel counts as having no record.
- No delivery record: the ship date plus the policy's allowance, which the agent must tell the
  customer (the explanation says so).
A recorded date that is possible but disagrees with the carrier's scan is kept (the policy
points to the record) and the explanation names the conflict, so the agent can raise it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.world.connection import Row, WorldConnection


def parse_date(stamp: str) -> dt.date:
    """The date of a stored timestamp ('2026-03-16T14:05:00Z') or date ('2026-03-16')."""
    return dt.date.fromisoformat(stamp[:10])


@dataclass(frozen=True)
class DeliveryBasis:
    """The date a return window counts from, and how it was found."""

    starts_on: dt.date
    from_delivery_record: bool
    explanation: str


def _not_started(order: Row, action: str) -> ToolInputError | None:
    status = order["status"]
    if status in ("pending", "processing"):
        return ToolInputError(
            f"cannot {action} an item of order {order['id']}: it is '{status}' and has not "
            "shipped; while an order is pending or processing, change or cancel it with "
            "update_order instead"
        )
    if status == "cancelled":
        return ToolInputError(f"cannot {action} an item of order {order['id']}: it was cancelled")
    return None


def _parcel_delivery(order: Row, parcel: Row) -> tuple[dt.date | None, str]:
    """A parcel's delivery date by its record (or its carrier scan when the record is
    impossible), and what was noticed about it."""
    scan = parse_date(parcel["scan_at"]) if parcel["scan_at"] else None
    if not parcel["delivered_at"]:
        return None, ""
    recorded = parse_date(parcel["delivered_at"])
    shipped = parse_date(parcel["shipped_at"]) if parcel["shipped_at"] else None
    placed = parse_date(order["placed_at"])
    if recorded < placed or (shipped is not None and recorded < shipped):
        when = (
            "before the order was placed" if recorded < placed else f"before it shipped ({shipped})"
        )
        if scan is None:
            return (
                None,
                f"shipping record {parcel['id']} says delivered {recorded}, {when}: not a "
                "usable delivery date",
            )
        return scan, (
            f"shipping record {parcel['id']} says delivered {recorded}, {when}, which cannot be "
            f"right; the carrier's delivery scan of {scan} is used (the record should be "
            "corrected by logistics)"
        )
    if scan is not None and scan != recorded:
        return recorded, (
            f"shipping record {parcel['id']} says delivered {recorded} but the carrier's "
            f"delivery scan says {scan}: the record's date is used; logistics can verify it"
        )
    return recorded, ""


async def delivery_basis(db: WorldConnection, order: Row, action: str) -> DeliveryBasis:
    """The delivery date of a delivered order (see the module's rules), or why no return or
    exchange can start yet."""
    refusal = _not_started(order, action)
    if refusal is not None:
        raise refusal
    parcels = await db.fetchall(
        "SELECT s.id, s.shipped_at, s.delivered_at, (SELECT max(e.at) FROM shipping_events e "
        "WHERE e.shipment_id = s.id AND e.status = 'delivered') AS scan_at "
        "FROM shipping_records s WHERE s.order_id = ? ORDER BY s.id",
        (order["id"],),
    )
    found = [(*_parcel_delivery(order, p), p) for p in parcels]
    remarks = [remark for _, remark, _ in found if remark]
    dated = [(day, p["id"]) for day, _, p in found if day is not None]
    if dated:
        day, parcel_id = max(dated)
        text = "; ".join([f"delivered {day} (shipping record {parcel_id})", *remarks])
        return DeliveryBasis(day, True, text)
    if order["status"] == "shipped":
        raise ToolInputError(
            f"cannot {action} an item of order {order['id']}: it has shipped but has no "
            "delivery record yet; the return window opens on delivery (check "
            "get_shipping_status)"
        )
    shipped = [parse_date(p["shipped_at"]) for p in parcels if p["shipped_at"]]
    if not shipped:
        history = await db.scalar(
            "SELECT min(at) FROM order_status_history WHERE order_id = ? AND status = 'shipped'",
            (order["id"],),
        )
        shipped = [parse_date(history)] if history else []
    if not shipped:
        raise ToolInputError(
            f"cannot {action} an item of order {order['id']}: it has neither a delivery record "
            "nor a ship date on file, so its return window cannot be dated; escalate the ticket "
            "to logistics (update_ticket_status assigned_team='logistics')"
        )
    extra = db.policy.returns.no_delivery_record_ship_plus_days
    ship_day = min(shipped)
    start = ship_day + dt.timedelta(days=extra)
    text = "; ".join(
        [
            f"no delivery record on file: the window counts from the ship date {ship_day} "
            f"+ {extra} days = {start}, as the returns policy states (tell the customer)",
            *remarks,
        ]
    )
    return DeliveryBasis(start, False, text)
