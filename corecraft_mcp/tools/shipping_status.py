"""An order's shipments as get_shipping_status reports them: records, events, business days
between the promised date and the recorded delivery, the computed date when there is no delivery
record, and warnings about stored dates that contradict each other (reported, never corrected).
No verdict: whether a parcel is late enough for compensation, and what follows from conflicting
records, is the late-delivery policy's and the agent's."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from corecraft_mcp.tools.order_data import day_of
from corecraft_mcp.tools.pricing import business_days_between
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.models_commerce import Order, ShippingRecord
from corecraft_mcp.world.money import dollars


class TrackingEvent(BaseModel):
    at: str
    status: str
    location: str
    description: str


class LateDelivery(BaseModel):
    """The promised date against the recorded delivery: facts only. Whether a parcel is late
    enough for compensation, and what is due, is the late-delivery policy's and the agent's."""

    promised_date: str
    delivered_on: str | None = Field(description="Null: not delivered; counted to today.")
    business_days_late: int = Field(
        description="Business days (Monday to Friday) from the promised date to the recorded "
        "delivery (or to today when not delivered); 0 or less: not after the promised date."
    )


class Shipment(BaseModel):
    shipment_id: str
    tracking_number: str
    carrier: str
    service_level: str
    status: str
    warehouse: str
    weight_kg: float
    shipped_at: str | None
    promised_date: str | None
    delivered_at: str | None
    exception: str | None
    has_delivery_record: bool
    assumed_delivery_date: str | None = Field(
        description="No delivery record on an order marked delivered or returned: the ship date "
        "plus the returns policy's no-delivery-record allowance (a computed date, not a scan)."
    )
    lateness: LateDelivery | None = Field(
        description="Against the promised date: null when there is none, or it has not shipped."
    )
    events: list[TrackingEvent] = Field(description="Tracking scans in time order.")
    summary: str


class ShippingStatusResult(BaseModel):
    order_id: str
    order_status: str
    placed_at: str
    shipping_method: str
    shipping_paid_usd: float
    matched_tracking_number: str | None = Field(description="The number that was looked up.")
    shipments: list[Shipment]
    data_warnings: list[str] = Field(
        description="Stored dates or statuses that contradict each other, as found (not fixed)."
    )
    summary: str


def _lateness(db: WorldConnection, order: Order, record: ShippingRecord) -> LateDelivery | None:
    """Business days between the promised date and the recorded delivery (or today, for a
    parcel still on its way). A parcel returned to sender, or one without a delivery record on
    an order marked delivered, has no date to count to: None."""
    if not record.promised_date:
        return None
    if not record.delivered_at and (
        not record.shipped_at
        or record.status == "returned_to_sender"
        or order.status in ("delivered", "returned")
    ):
        return None
    promised = dt.date.fromisoformat(record.promised_date)
    delivered = day_of(record.delivered_at) if record.delivered_at else None
    return LateDelivery(
        promised_date=promised.isoformat(),
        delivered_on=delivered.isoformat() if delivered else None,
        business_days_late=business_days_between(promised, delivered or db.today),
    )


def _warnings(
    db: WorldConnection, order: Order, record: ShippingRecord, events: list[Row]
) -> list[str]:
    """Contradictions within the stored record, each naming the shipment."""
    sid = record.id
    shipped, delivered = record.shipped_at, record.delivered_at
    found: list[str] = []
    if shipped and delivered and delivered < shipped:
        found.append(f"{sid}: delivered_at {delivered} is before shipped_at {shipped}")
    if shipped and shipped < order.placed_at:
        found.append(
            f"{sid}: shipped_at {shipped} is before the order was placed ({order.placed_at})"
        )
    if delivered and delivered < order.placed_at:
        found.append(
            f"{sid}: delivered_at {delivered} is before the order was placed ({order.placed_at})"
        )
    if delivered and not shipped:
        found.append(f"{sid}: has a delivered date ({delivered}) but no ship date")
    if delivered and delivered > db.now_iso:
        found.append(f"{sid}: delivered_at {delivered} is after today ({db.today})")
    if shipped and record.promised_date and record.promised_date < shipped[:10]:
        found.append(f"{sid}: promised date {record.promised_date} is before it shipped")
    if record.status == "delivered" and not delivered:
        found.append(f"{sid}: status is 'delivered' but there is no delivered date")
    if delivered and record.status != "delivered":
        found.append(f"{sid}: has a delivered date but its status is '{record.status}'")
    if (
        not delivered
        and shipped
        and record.status != "returned_to_sender"
        and order.status in ("delivered", "returned")
    ):
        found.append(
            f"{sid}: order {order.id} is '{order.status}' but this parcel has no delivery "
            f"record (its tracking stops at '{record.status}')"
        )
    delivered_scans = [e["at"] for e in events if e["status"] == "delivered"]
    if delivered and delivered_scans and delivered_scans[-1][:10] != delivered[:10]:
        found.append(
            f"{sid}: the carrier's delivery scan ({delivered_scans[-1]}) and delivered_at "
            f"({delivered}) disagree"
        )
    return found


def _summary(record: ShippingRecord, assumed: dt.date | None, late: LateDelivery | None) -> str:
    text = f"{record.carrier} {record.service_level} {record.tracking_number}: "
    if record.delivered_at:
        text += f"delivered {record.delivered_at[:10]}"
    elif record.shipped_at:
        text += f"shipped {record.shipped_at[:10]}, status '{record.status}', no delivery record"
    else:
        return text + f"not shipped yet ({record.status})"
    if record.exception:
        text += f"; exception: {record.exception}"
    if late is not None:
        when = "after" if record.delivered_at else "past"
        if late.business_days_late > 0:
            text += f"; {late.business_days_late} business day(s) {when} the promised date"
        else:
            text += (
                "; not past the promised date"
                if not record.delivered_at
                else "; on or before the promised date"
            )
        text += f" ({late.promised_date})"
    if assumed is not None:
        text += f"; no delivery record, ship date + allowance = {assumed}"
    return text


async def shipping_status(
    db: WorldConnection, order: Order, matched: str | None
) -> ShippingStatusResult:
    records = [
        ShippingRecord.model_validate(row)
        for row in await db.fetchall(
            "SELECT * FROM shipping_records WHERE order_id = ? ORDER BY shipped_at IS NULL, "
            "shipped_at, id",
            (order.id,),
        )
    ]
    events_of: dict[str, list[Row]] = {r.id: [] for r in records}
    for event in await db.fetchall(
        "SELECT e.* FROM shipping_events e JOIN shipping_records s ON s.id = e.shipment_id "
        "WHERE s.order_id = ? ORDER BY e.at, e.id",
        (order.id,),
    ):
        events_of[event["shipment_id"]].append(event)
    allowance = dt.timedelta(days=db.policy.returns.no_delivery_record_ship_plus_days)
    warnings: list[str] = []
    shipments: list[Shipment] = []
    for record in records:
        events = events_of[record.id]
        warnings += _warnings(db, order, record, events)
        # Only an order that did arrive (delivered, or returned after it) can be assumed
        # delivered without a scan; a parcel of an order still on its way has not arrived, and
        # its return window opens on delivery (as process_return says).
        assumed = (
            day_of(record.shipped_at) + allowance
            if record.shipped_at
            and not record.delivered_at
            and record.status != "returned_to_sender"
            and order.status in ("delivered", "returned")
            else None
        )
        late = _lateness(db, order, record)
        shipments.append(
            Shipment(
                shipment_id=record.id,
                tracking_number=record.tracking_number,
                carrier=record.carrier,
                service_level=record.service_level,
                status=record.status,
                warehouse=record.warehouse,
                weight_kg=round(record.weight_grams / 1000, 3),
                shipped_at=record.shipped_at,
                promised_date=record.promised_date,
                delivered_at=record.delivered_at,
                exception=record.exception,
                has_delivery_record=record.delivered_at is not None,
                assumed_delivery_date=assumed.isoformat() if assumed else None,
                lateness=late,
                events=[
                    TrackingEvent(
                        at=e["at"],
                        status=e["status"],
                        location=e["location"],
                        description=e["description"],
                    )
                    for e in events
                ],
                summary=_summary(record, assumed, late),
            )
        )
    status = order.status
    if status in ("shipped", "delivered") and not records:
        warnings.append(f"order {order.id} is '{status}' but has no shipping record")
    if not records:
        summary = f"order {order.id} is '{status}' and has no shipping record" + (
            ": it has not shipped yet" if status in ("pending", "processing") else ""
        )
    else:
        summary = f"order {order.id} ({status}): " + " | ".join(s.summary for s in shipments)
    if warnings:
        summary += f" | {len(warnings)} stored date(s) or status(es) disagree (data_warnings)"
    return ShippingStatusResult(
        order_id=order.id,
        order_status=status,
        placed_at=order.placed_at,
        shipping_method=order.shipping_method,
        shipping_paid_usd=dollars(int(order.shipping_cents)) or 0.0,
        matched_tracking_number=matched,
        shipments=shipments,
        data_warnings=warnings,
        summary=summary,
    )
