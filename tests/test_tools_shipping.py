"""calculate_shipping and get_shipping_status against the seed42 world: prices and estimates
from the shipping policy and tier rules, tracking as stored, lateness and conflicting dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.pricing import business_days_between
from corecraft_mcp.tools.shipping import (
    TOOLS,
    ProductQuantity,
    calculate_shipping,
    get_shipping_status,
)
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.rules import add_business_days
from tests.conftest import one


def _cents(amount: float) -> int:
    return round(amount * 100)


def test_tool_names() -> None:
    assert [s.name for s in TOOLS] == ["calculate_shipping", "get_shipping_status"]
    assert all(s.kind == "read" for s in TOOLS)


def test_business_days_between_counts_weekdays_only() -> None:
    monday = dt.date(2026, 3, 16)
    for n in range(0, 25):
        later = add_business_days(monday, n)
        assert business_days_between(monday, later) == n
        assert business_days_between(later, monday) == -n
    friday = dt.date(2026, 3, 20)
    assert business_days_between(friday, friday + dt.timedelta(days=2)) == 0  # the weekend
    assert business_days_between(friday, friday + dt.timedelta(days=3)) == 1


# ---- calculate_shipping ------------------------------------------------------------------


async def test_quotes_all_three_services_from_policy(db: WorldConnection) -> None:
    policy = db.policy.shipping
    result = await calculate_shipping(db, weight_kg=2.0, tier="Standard", order_value_usd=50)
    assert [q.service for q in result.quotes] == ["standard", "expedited", "overnight"]
    for quote in result.quotes:
        rate = policy.rate(quote.service)
        assert quote.base_rate_usd == rate.price
        assert quote.cost_usd == rate.price  # under the threshold, light parcel
        assert quote.heavy_surcharge_usd == 0
        low, high = rate.business_days
        assert quote.estimated_delivery_earliest == add_business_days(db.today, low).isoformat()
        assert quote.estimated_delivery_latest == add_business_days(db.today, high).isoformat()
        for day in (quote.estimated_delivery_earliest, quote.estimated_delivery_latest):
            assert dt.date.fromisoformat(day).weekday() < 5
    assert result.ship_date == db.today.isoformat()


async def test_standard_tier_threshold_is_strict_and_after_discounts(db: WorldConnection) -> None:
    over = db.policy.tiers["Standard"].free_standard_over
    at = await calculate_shipping(
        db, service="standard", weight_kg=1, tier="Standard", order_value_usd=over
    )
    above = await calculate_shipping(
        db, service="standard", weight_kg=1, tier="Standard", order_value_usd=over + 0.01
    )
    assert at.quotes[0].cost_usd == db.policy.shipping.standard.price
    assert at.quotes[0].free_shipping_reason is None
    assert above.quotes[0].cost_usd == 0
    assert above.quotes[0].free_shipping_reason
    unknown = await calculate_shipping(db, service="standard", weight_kg=1, tier="Standard")
    assert unknown.quotes[0].cost_usd == db.policy.shipping.standard.price
    assert any("order_value_usd" in n for n in unknown.notes)


async def test_tier_free_shipping_rules(db: WorldConnection) -> None:
    policy = db.policy
    for tier, terms in policy.tiers.items():
        result = await calculate_shipping(db, weight_kg=1, tier=tier, order_value_usd=10)
        costs = {q.service: q.cost_usd for q in result.quotes}
        standard_free = terms.free_standard_over == 0 or terms.free_standard_over < 10
        assert costs["standard"] == (0 if standard_free else policy.shipping.standard.price)
        expected = 0 if terms.free_expedited else policy.shipping.expedited.price
        assert costs["expedited"] == expected
        assert costs["overnight"] == policy.shipping.overnight.price  # always paid


async def test_heavy_surcharge_per_kg_even_when_free(db: WorldConnection) -> None:
    shipping = db.policy.shipping
    weight = shipping.heavy_threshold_kg + 2.3
    result = await calculate_shipping(db, weight_kg=weight, tier="Platinum")
    surcharge = _cents(2.3 * shipping.heavy_surcharge_per_kg)  # pro rata, as the policy says
    for quote in result.quotes:
        assert _cents(quote.heavy_surcharge_usd) == surcharge
        assert _cents(quote.cost_usd) == _cents(quote.base_charged_usd) + surcharge
    standard = result.quotes[0]
    assert standard.base_charged_usd == 0 and standard.cost_usd > 0
    assert any("heavy" in n for n in result.notes)
    light = await calculate_shipping(db, weight_kg=shipping.heavy_threshold_kg, tier="Gold")
    assert all(q.heavy_surcharge_usd == 0 for q in light.quotes)


async def test_order_quote_sums_item_weights_and_uses_customer_tier(db: WorldConnection) -> None:
    order = await one(
        db,
        "SELECT o.*, c.tier FROM orders o JOIN customers c ON c.id = "
        "o.customer_id ORDER BY (SELECT count(*) FROM order_items i WHERE "
        "i.order_id = o.id) DESC, o.id LIMIT 1",
    )
    grams = await db.scalar(
        "SELECT sum(p.weight_grams * i.quantity) FROM order_items i JOIN products p "
        "ON p.id = i.product_id WHERE i.order_id = ?",
        (order["id"],),
    )
    result = await calculate_shipping(db, order_id=order["id"].lower())
    assert result.weight_kg == round(grams / 1000, 3)
    assert result.tier == order["tier"]
    assert result.destination_state == order["ship_state"]
    assert _cents(result.order_value_usd or 0) == order["subtotal_cents"] - order["discount_cents"]
    only = await calculate_shipping(db, order_id=order["id"], service="overnight")
    assert [q.service for q in only.quotes] == ["overnight"]


async def test_items_quote_and_customer_tier(db: WorldConnection) -> None:
    products = await db.fetchall(
        "SELECT * FROM products WHERE category <> 'service' ORDER BY weight_grams DESC LIMIT 2"
    )
    customer = await one(db, "SELECT * FROM customers WHERE tier = 'Gold' ORDER BY id LIMIT 1")
    result = await calculate_shipping(
        db,
        items=[ProductQuantity(product_id=p["sku"], quantity=2) for p in products],
        customer_id=customer["id"],
    )
    assert result.tier == "Gold"
    assert result.weight_kg == round(sum(p["weight_grams"] * 2 for p in products) / 1000, 3)
    assert _cents(result.order_value_usd or 0) == sum(p["price_cents"] * 2 for p in products)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"weight_kg": 1.0, "order_id": "ORD-1"},
        {"weight_kg": 1.0, "tier": "Gold", "customer_id": "CUS-1"},
        {"order_id": "NOPE-1"},
        {"order_id": "'; DROP TABLE orders; --"},
        {"weight_kg": 1.0, "customer_id": "CUS-0"},
        {"items": [ProductQuantity(product_id="NO-SUCH", quantity=1)]},
    ],
)
async def test_calculate_shipping_rejects_bad_input(
    db: WorldConnection, episode: Episode, args: dict[str, Any]
) -> None:
    with pytest.raises(ToolInputError):
        await calculate_shipping(db, **args)
    assert episode.diff().is_empty


# ---- get_shipping_status -----------------------------------------------------------------


async def test_status_by_order_and_by_tracking_number(db: WorldConnection) -> None:
    record = await one(
        db,
        "SELECT s.* FROM shipping_records s WHERE (SELECT count(*) FROM "
        "shipping_events e WHERE e.shipment_id = s.id) >= 2 ORDER BY s.id "
        "LIMIT 1",
    )
    by_order = await get_shipping_status(db, order_id=record["order_id"])
    stored = await db.fetchall(
        "SELECT id FROM shipping_records WHERE order_id = ?", (record["order_id"],)
    )
    assert {s.shipment_id for s in by_order.shipments} == {r["id"] for r in stored}
    spaced = " " + record["tracking_number"].lower() + " "
    by_tracking = await get_shipping_status(db, tracking_number=spaced)
    assert by_tracking.matched_tracking_number == record["tracking_number"]
    assert by_tracking.order_id == record["order_id"]
    shipment = next(s for s in by_tracking.shipments if s.shipment_id == record["id"])
    assert shipment.carrier == record["carrier"]
    assert shipment.delivered_at == record["delivered_at"]
    assert shipment.shipped_at == record["shipped_at"]
    times = [e.at for e in shipment.events]
    assert times == sorted(times) and len(times) >= 2


async def test_order_with_two_shipments(db: WorldConnection) -> None:
    row = await one(
        db,
        "SELECT order_id FROM shipping_records GROUP BY order_id "
        "HAVING count(*) >= 2 ORDER BY order_id LIMIT 1",
    )
    result = await get_shipping_status(db, order_id=row["order_id"])
    assert len(result.shipments) >= 2
    assert len({s.tracking_number for s in result.shipments}) == len(result.shipments)


async def test_lateness_is_business_days_past_the_promise(db: WorldConnection) -> None:
    """The tool counts business days between promised and recorded delivery, a fact; whether
    that is late enough for compensation is the late-delivery policy's and the agent's."""
    grace = db.policy.shipping.late_delivery_business_days
    records = await db.fetchall(
        "SELECT * FROM shipping_records WHERE delivered_at IS NOT NULL AND promised_date IS NOT "
        "NULL ORDER BY id"
    )
    late_seen = on_time_seen = 0
    for record in records[:300]:
        promised = dt.date.fromisoformat(record["promised_date"])
        delivered = dt.date.fromisoformat(record["delivered_at"][:10])
        expected = delivered > add_business_days(promised, grace)
        result = await get_shipping_status(db, tracking_number=record["tracking_number"])
        shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
        assert shipment.lateness is not None
        assert shipment.lateness.business_days_late == business_days_between(promised, delivered)
        assert (shipment.lateness.business_days_late > grace) == expected
        assert set(shipment.lateness.model_dump()) == {
            "promised_date",
            "delivered_on",
            "business_days_late",
        }
        assert "qualif" not in shipment.summary and "remedy" not in shipment.summary
        if expected:
            late_seen += 1
        else:
            on_time_seen += 1
    assert late_seen and on_time_seen, "seed42 has late and on-time deliveries"


async def test_no_delivery_record_gives_assumed_date(db: WorldConnection) -> None:
    """A delivered order whose parcel has no delivery record: the return window counts from the
    ship date plus the policy's allowance, and the tool says so (and does not call it late)."""
    record = await one(
        db,
        "SELECT s.* FROM shipping_records s JOIN orders o ON o.id = s.order_id WHERE "
        "s.delivered_at IS NULL AND s.shipped_at IS NOT NULL AND o.status = 'delivered' AND "
        "s.status <> 'returned_to_sender' ORDER BY s.id LIMIT 1",
    )
    result = await get_shipping_status(db, tracking_number=record["tracking_number"])
    shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
    days = db.policy.returns.no_delivery_record_ship_plus_days
    expected = dt.date.fromisoformat(record["shipped_at"][:10]) + dt.timedelta(days=days)
    assert not shipment.has_delivery_record
    assert shipment.assumed_delivery_date == expected.isoformat()
    assert "no delivery record" in shipment.summary
    assert shipment.lateness is None
    assert any(record["id"] in w and "no delivery record" in w for w in result.data_warnings)


async def test_parcel_in_transit_counts_to_today(db: WorldConnection) -> None:
    records = await db.fetchall(
        "SELECT s.* FROM shipping_records s JOIN orders o ON o.id = s.order_id WHERE "
        "s.delivered_at IS NULL AND s.shipped_at IS NOT NULL AND o.status = 'shipped' AND "
        "s.status <> 'returned_to_sender' ORDER BY s.id"
    )
    assert records, "seed42 has parcels on their way"
    for record in records:
        result = await get_shipping_status(db, tracking_number=record["tracking_number"])
        shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
        assert shipment.lateness is not None and shipment.lateness.delivered_on is None
        promised = dt.date.fromisoformat(record["promised_date"])
        assert shipment.lateness.business_days_late == business_days_between(promised, db.today)


async def test_parcel_on_its_way_is_not_assumed_delivered(db: WorldConnection) -> None:
    """Regression: a parcel of a shipped order still in transit has not arrived, so it gets no
    assumed delivery date (that is for delivered orders missing a scan) and its summary does
    not call it delivered."""
    records = await db.fetchall(
        "SELECT s.* FROM shipping_records s JOIN orders o ON o.id = s.order_id WHERE "
        "s.delivered_at IS NULL AND s.shipped_at IS NOT NULL AND o.status = 'shipped' AND "
        "s.status <> 'returned_to_sender' ORDER BY s.id"
    )
    assert records, "seed42 has parcels on their way"
    for record in records:
        result = await get_shipping_status(db, order_id=record["order_id"])
        shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
        assert shipment.assumed_delivery_date is None
        assert "assumed delivered" not in shipment.summary


async def test_returned_to_sender_parcel(db: WorldConnection) -> None:
    record = await one(
        db, "SELECT * FROM shipping_records WHERE status = 'returned_to_sender' LIMIT 1"
    )
    result = await get_shipping_status(db, order_id=record["order_id"])
    shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
    assert shipment.lateness is None and shipment.assumed_delivery_date is None
    assert shipment.exception == record["exception"]
    assert len(result.shipments) >= 2  # it was shipped again


async def test_conflicting_dates_are_reported_not_fixed(db: WorldConnection) -> None:
    """Every planted date conflict (the generator's ground truth) is flagged, as stored."""
    planted = await db.fetchall(
        "SELECT s.* FROM planted_mess m JOIN shipping_records s ON s.id = m.entity_id "
        "WHERE m.kind = 'shipping_date_conflict' ORDER BY s.id"
    )
    assert planted, "seed42 plants shipping date conflicts"
    for record in planted:
        result = await get_shipping_status(db, order_id=record["order_id"])
        shipment = next(s for s in result.shipments if s.shipment_id == record["id"])
        assert shipment.delivered_at == record["delivered_at"]
        assert shipment.shipped_at == record["shipped_at"]
        assert any(w.startswith(f"{record['id']}:") for w in result.data_warnings)
        assert "data_warnings" in result.summary
        assert "logistics" not in result.summary and "tell" not in result.summary


async def test_clean_records_carry_no_warnings(db: WorldConnection) -> None:
    clean = await db.fetchall(
        "SELECT s.* FROM shipping_records s JOIN orders o ON o.id = s.order_id WHERE "
        "s.delivered_at IS NOT NULL AND s.id NOT IN (SELECT entity_id FROM planted_mess) "
        "ORDER BY s.id LIMIT 100"
    )
    for record in clean:
        result = await get_shipping_status(db, tracking_number=record["tracking_number"])
        assert not [w for w in result.data_warnings if w.startswith(f"{record['id']}:")]


async def test_unshipped_order_has_no_records(db: WorldConnection) -> None:
    order = await one(
        db,
        "SELECT id FROM orders o WHERE status IN ('pending', 'processing') AND NOT EXISTS "
        "(SELECT 1 FROM shipping_records s WHERE s.order_id = o.id) LIMIT 1",
    )
    result = await get_shipping_status(db, order_id=order["id"])
    assert result.shipments == [] and "not shipped" in result.summary


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"order_id": "ORD-1", "tracking_number": "1Z"},
        {"tracking_number": "NOPE"},
        {"tracking_number": "%"},
        {"order_id": " "},
        {"order_id": "x" * 40},
    ],
)
async def test_status_rejects_bad_input(
    db: WorldConnection, episode: Episode, args: dict[str, Any]
) -> None:
    with pytest.raises(ToolInputError):
        await get_shipping_status(db, **args)
    assert episode.diff().is_empty
