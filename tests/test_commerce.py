"""The customers and the commerce history of seed42: counts, planted mess at its rates, the
business invariants, and that the invariant checker catches what it is meant to catch."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from corecraft_mcp.world.compatibility import check_products_in_db
from corecraft_mcp.world.definition import TIER_ORDER, WorldDefinition, load_definition
from corecraft_mcp.world.generate import build_world
from corecraft_mcp.world.invariants import check_invariants
from corecraft_mcp.world.rules import add_business_days

# Tier shares a realistic loyalty base has (Standard, Silver, Gold, Platinum), and how far a
# world may stray from them.
TARGET_TIER_SHARES = (0.55, 0.25, 0.14, 0.06)
TIER_TOLERANCE = 0.05
_COMMERCE_TABLES = (
    "customers",
    "promotions",
    "orders",
    "order_items",
    "order_status_history",
    "order_returns",
    "shipping_records",
    "shipping_events",
    "builds",
    "build_components",
    "inventory",
)


@pytest.fixture(scope="module")
def definition() -> WorldDefinition:
    return load_definition("seed42")


@pytest.fixture(scope="module")
def conn(definition: WorldDefinition) -> Iterator[sqlite3.Connection]:
    world = build_world(definition)
    yield world
    world.close()


def rows(conn: sqlite3.Connection, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    return conn.execute(sql, args).fetchall()


def scalar(conn: sqlite3.Connection, sql: str, *args: Any) -> Any:
    return conn.execute(sql, args).fetchone()[0]


def planted(conn: sqlite3.Connection, kind: str) -> dict[str, dict[str, Any]]:
    return {
        e: json.loads(d)
        for e, d in rows(conn, "SELECT entity_id, detail FROM planted_mess WHERE kind = ?", kind)
    }


def copy_of(conn: sqlite3.Connection) -> sqlite3.Connection:
    twin = sqlite3.connect(":memory:")
    conn.backup(twin)
    return twin


# --- the world as a whole


def test_invariants_hold(conn: sqlite3.Connection) -> None:
    assert check_invariants(conn) == []


def test_invariants_hold_for_a_training_seed(definition: WorldDefinition) -> None:
    world = build_world(definition.with_seed(7))
    try:
        assert check_invariants(world) == []
    finally:
        world.close()


def test_referential_integrity(conn: sqlite3.Connection) -> None:
    assert rows(conn, "PRAGMA foreign_key_check") == []


def test_counts(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    sizes = definition.sizes
    assert scalar(conn, "SELECT count(*) FROM customers") == sizes.customers
    assert scalar(conn, "SELECT count(*) FROM promotions") == sizes.promotions
    assert scalar(conn, "SELECT count(*) FROM orders") >= sizes.orders
    assert scalar(conn, "SELECT count(*) FROM builds") == sizes.builds
    assert scalar(conn, "SELECT count(*) FROM shipping_records") >= 900  # design table, seed42
    assert scalar(conn, "SELECT count(*) FROM order_returns") >= 0.05 * sizes.orders


def test_ids_follow_their_formats(conn: sqlite3.Connection) -> None:
    ids = [r[0] for r in rows(conn, "SELECT id FROM customers ORDER BY created_at, id")]
    assert ids == [f"CUS-{n:05d}" for n in range(1, len(ids) + 1)]
    orders = [r[0] for r in rows(conn, "SELECT id FROM orders ORDER BY placed_at, id")]
    assert orders == [f"ORD-{100_001 + n}" for n in range(len(orders))]
    rmas = [r[0] for r in rows(conn, "SELECT id FROM order_returns ORDER BY created_at, id")]
    assert rmas == [f"RMA-{50_001 + n}" for n in range(len(rmas))]


def test_deterministic(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    again = build_world(definition)
    for table in _COMMERCE_TABLES:
        assert rows(again, f"SELECT * FROM {table} ORDER BY 1") == rows(
            conn, f"SELECT * FROM {table} ORDER BY 1"
        ), table
    assert rows(again, "SELECT * FROM planted_mess ORDER BY id") == rows(
        conn, "SELECT * FROM planted_mess ORDER BY id"
    )


# --- customers


def test_customer_profiles(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    emails = [r[0].lower() for r in rows(conn, "SELECT email FROM customers")]
    assert len(emails) == len(set(emails))
    phone = re.compile(r"^\(\d{3}\) \d{3}-\d{4}$")
    assert all(phone.match(r[0]) for r in rows(conn, "SELECT phone FROM customers"))
    today = definition.today_iso
    assert scalar(conn, "SELECT count(*) FROM customers WHERE created_at > ?", today) == 0
    assert scalar(conn, "SELECT count(*) FROM customers WHERE updated_at < created_at") == 0
    # Spend before the window only for customers who signed up before it.
    window = (definition.today - dt.timedelta(days=definition.history_days)).isoformat()
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM customers WHERE created_at > ? AND legacy_spend_cents > 0",
            window,
        )
        == 0
    )


def test_tier_distribution(conn: sqlite3.Connection) -> None:
    total = scalar(conn, "SELECT count(*) FROM customers")
    counts = dict(rows(conn, "SELECT tier, count(*) FROM customers GROUP BY tier"))
    for tier, target in zip(TIER_ORDER, TARGET_TIER_SHARES, strict=True):
        assert abs(counts.get(tier, 0) / total - target) <= TIER_TOLERANCE, (tier, counts)


def test_duplicate_profiles(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    dups = planted(conn, "duplicate_customer")
    assert len(dups) == round(definition.sizes.customers * definition.mess.duplicate_customer)
    for dup_id, detail in dups.items():
        dup = rows(
            conn,
            "SELECT email, phone, street, created_at, first_name, last_name "
            "FROM customers WHERE id = ?",
            dup_id,
        )[0]
        orig = rows(
            conn,
            "SELECT email, phone, street, created_at, first_name, last_name "
            "FROM customers WHERE id = ?",
            detail["original_id"],
        )[0]
        assert dup[0].lower() != orig[0].lower()
        assert (dup[1] == orig[1]) or (dup[2] == orig[2])
        assert dup[3] > orig[3]
        assert (dup[4], dup[5]) != (orig[4], orig[5])
        for profile in (dup_id, detail["original_id"]):
            assert scalar(conn, "SELECT count(*) FROM orders WHERE customer_id = ?", profile) > 0


def test_stale_addresses(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    stale = planted(conn, "stale_address")
    assert len(stale) == round(definition.sizes.customers * definition.mess.stale_address)
    for cid, detail in stale.items():
        street, notes = rows(conn, "SELECT street, notes FROM customers WHERE id = ?", cid)[0]
        assert street == detail["old_address"]["street"]
        assert street != detail["new_address"]["street"]
        if detail["mentioned_in"] == "notes":
            assert detail["new_address"]["street"] in notes


def test_free_text_notes(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    notes = planted(conn, "free_text_note")
    assert len(notes) == round(definition.sizes.customers * definition.mess.free_text_note)
    for cid, detail in notes.items():
        text = scalar(conn, "SELECT notes FROM customers WHERE id = ?", cid)
        assert all(note["text"] in text for note in detail["notes"])


# --- promotions


def test_promotion_windows_and_plants(
    conn: sqlite3.Connection, definition: WorldDefinition
) -> None:
    today = definition.today_iso
    current = scalar(
        conn, "SELECT count(*) FROM promotions WHERE starts_on <= ? AND ends_on >= ?", today, today
    )
    expired = scalar(conn, "SELECT count(*) FROM promotions WHERE ends_on < ?", today)
    future = scalar(conn, "SELECT count(*) FROM promotions WHERE starts_on > ?", today)
    assert current >= 5 and expired >= 10 and future >= 2
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM promotions WHERE discount_type = 'fixed' AND "
            "max_discount_cents IS NOT NULL",
        )
        == 0
    )
    plants = planted(conn, "expired_or_nonstacking_promo")
    assert len(plants) == round(
        definition.sizes.promotions * definition.mess.expired_or_nonstacking_promo
    )
    for promo_id, detail in plants.items():
        ends, stackable, active = rows(
            conn, "SELECT ends_on, stackable, active FROM promotions WHERE id = ?", promo_id
        )[0]
        if detail["reason"] == "expired":
            assert ends < today
        elif detail["reason"] == "non_stackable":
            assert ends >= today and stackable == 0
        else:
            assert detail["reason"] == "switched_off" and active == 0 and ends >= today


# --- orders


def test_orders_by_age(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    old = (definition.today - dt.timedelta(days=45)).isoformat()
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM orders WHERE placed_at < ? AND status IN "
            "('pending', 'processing', 'shipped')",
            old,
        )
        == 0
    )
    statuses = dict(rows(conn, "SELECT status, count(*) FROM orders GROUP BY status"))
    assert statuses["delivered"] > 0.8 * sum(statuses.values())
    assert statuses.get("processing", 0) + statuses.get("pending", 0) >= 5
    assert statuses["shipped"] >= 5 and statuses["cancelled"] >= 10 and statuses["returned"] >= 5


def test_items_per_order(conn: sqlite3.Connection) -> None:
    counts = rows(
        conn,
        "SELECT o.id, count(i.id), max(i.build_id IS NOT NULL) FROM orders o "
        "JOIN order_items i ON i.order_id = o.id GROUP BY o.id",
    )
    assert all(1 <= n <= 5 for _, n, build in counts if not build)


def test_cancelled_orders(conn: sqlite3.Connection) -> None:
    bad = rows(
        conn,
        "SELECT id FROM orders WHERE status = 'cancelled' AND (refunded_cents <> "
        "captured_cents OR id IN (SELECT order_id FROM shipping_records) OR id IN "
        "(SELECT order_id FROM order_status_history WHERE status = 'shipped'))",
    )
    assert bad == []


def test_missing_payment_records(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    plants = planted(conn, "missing_payment_record")
    orders = scalar(conn, "SELECT count(*) FROM orders")
    assert len(plants) == round(orders * definition.mess.missing_payment_record)
    missing = {r[0] for r in rows(conn, "SELECT id FROM orders WHERE payment_method IS NULL")}
    assert missing == set(plants)
    # Every order with a payment record was captured in full.
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM orders WHERE payment_method IS NOT NULL AND "
            "captured_cents <> total_cents",
        )
        == 0
    )
    assert all(d["amount_cents"] > 0 and d["actual_method"] for d in plants.values())


def test_promotions_on_orders(conn: sqlite3.Connection) -> None:
    used = scalar(conn, "SELECT count(*) FROM orders WHERE promotion_code IS NOT NULL")
    assert used >= 50
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM orders WHERE promotion_code IS NOT NULL AND discount_cents = 0",
        )
        == 0
    )


# --- shipping


def test_shipping_records(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    without = rows(
        conn,
        "SELECT id FROM orders WHERE status IN ('shipped', 'delivered', "
        "'returned') AND id NOT IN (SELECT order_id FROM shipping_records)",
    )
    assert without == []
    split = scalar(
        conn,
        "SELECT count(*) FROM (SELECT order_id FROM shipping_records "
        "GROUP BY order_id HAVING count(*) > 1)",
    )
    assert split >= 5
    formats = {
        "UPS": r"1Z[0-9A-Z]{6}0[123]\d{8}",
        "FedEx": r"\d{12}",
        "USPS": r"9400\d{18}",
        "DHL": r"\d{10}",
    }
    for carrier, number in rows(conn, "SELECT carrier, tracking_number FROM shipping_records"):
        assert re.fullmatch(formats[carrier], number), (carrier, number)
    policy = definition.policy.shipping
    for service, shipped, promised in rows(
        conn, "SELECT service_level, shipped_at, promised_date FROM shipping_records"
    ):
        expected = add_business_days(
            dt.date.fromisoformat(shipped[:10]), policy.rate(service).business_days[1]
        )
        assert promised == expected.isoformat()
    late = scalar(
        conn,
        "SELECT count(*) FROM shipping_records WHERE delivered_at IS NOT NULL "
        "AND substr(delivered_at, 1, 10) > date(promised_date, '+5 days')",
    )
    assert late >= 20  # late deliveries that qualify for compensation
    assert scalar(conn, "SELECT count(*) FROM shipping_records WHERE exception IS NOT NULL") >= 5


def test_tracking_events(conn: sqlite3.Connection) -> None:
    records = rows(
        conn,
        "SELECT s.id, s.status, s.delivered_at, (SELECT status FROM "
        "shipping_events e WHERE e.shipment_id = s.id ORDER BY at DESC, id DESC "
        "LIMIT 1), (SELECT min(at) FROM shipping_events e WHERE "
        "e.shipment_id = s.id) FROM shipping_records s",
    )
    conflicts = planted(conn, "shipping_date_conflict")
    for sid, status, delivered, last, first in records:
        assert last == status, sid
        assert first is not None
        if delivered and sid not in conflicts:
            assert (
                scalar(
                    conn,
                    "SELECT at FROM shipping_events WHERE shipment_id = ? AND status = 'delivered'",
                    sid,
                )
                == delivered
            )


def test_shipping_date_conflicts(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    plants = planted(conn, "shipping_date_conflict")
    shipped = scalar(conn, "SELECT count(DISTINCT order_id) FROM shipping_records")
    assert abs(len(plants) - shipped * definition.mess.shipping_date_conflict) <= 1
    for sid, detail in plants.items():
        shipped_at, delivered_at, placed = rows(
            conn,
            "SELECT s.shipped_at, s.delivered_at, o.placed_at FROM shipping_records s "
            "JOIN orders o ON o.id = s.order_id WHERE s.id = ?",
            sid,
        )[0]
        assert delivered_at == detail["recorded_delivered_at"] != detail["delivered_per_tracking"]
        if detail["variant"] == "delivered_before_shipped":
            assert delivered_at < shipped_at
        elif detail["variant"] == "delivered_before_order":
            assert delivered_at < placed
        else:
            assert delivered_at > detail["delivered_per_tracking"]


def test_missing_delivery_records(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    plants = planted(conn, "missing_delivery_record")
    delivered = rows(conn, "SELECT count(*) FROM orders WHERE status IN ('delivered', 'returned')")[
        0
    ][0]
    assert abs(len(plants) - delivered * definition.mess.missing_delivery_record) <= 2
    extra = definition.policy.returns.no_delivery_record_ship_plus_days
    for sid, detail in plants.items():
        delivered_at, status, shipped_at, order_status = rows(
            conn,
            "SELECT s.delivered_at, s.status, s.shipped_at, o.status FROM shipping_records "
            "s JOIN orders o ON o.id = s.order_id WHERE s.id = ?",
            sid,
        )[0]
        assert delivered_at is None and status == "in_transit" and order_status == "delivered"
        basis = dt.date.fromisoformat(shipped_at[:10]) + dt.timedelta(days=extra)
        assert detail["return_window_counts_from"] == basis.isoformat()


# --- returns and builds


def test_returns(conn: sqlite3.Connection) -> None:
    kinds = dict(rows(conn, "SELECT kind, count(*) FROM order_returns GROUP BY kind"))
    assert set(kinds) == {"refund", "store_credit", "exchange"}
    # Not returnable: final-sale items, assembled builds, services.
    assert (
        rows(
            conn,
            "SELECT r.id FROM order_returns r JOIN order_items i ON "
            "i.id = r.order_item_id JOIN products p ON p.id = i.product_id WHERE "
            "r.status <> 'rejected' AND (i.final_sale = 1 OR i.build_id IS NOT NULL OR "
            "p.category = 'service')",
        )
        == []
    )
    # No fee on DOA, defective or unopened items; returns follow their orders' delivery.
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM order_returns WHERE restocking_fee_cents > 0 AND "
            "(doa = 1 OR opened = 0 OR reason LIKE 'Defective%' OR "
            "reason LIKE 'Arrived damaged%')",
        )
        == 0
    )
    assert (
        scalar(
            conn,
            "SELECT count(*) FROM order_returns r JOIN order_status_history h ON "
            "h.order_id = r.order_id AND h.status = 'delivered' "
            "WHERE r.created_at <= h.at",
        )
        == 0
    )
    assert scalar(conn, "SELECT count(*) FROM order_returns WHERE doa = 1") >= 5
    assert scalar(conn, "SELECT count(*) FROM order_returns WHERE restocking_fee_cents > 0") >= 5


def test_custom_builds(conn: sqlite3.Connection, definition: WorldDefinition) -> None:
    custom = rows(conn, "SELECT id, order_id, customer_id FROM builds WHERE kind = 'custom'")
    assert len(custom) == definition.sizes.builds - scalar(
        conn, "SELECT count(*) FROM builds WHERE kind = 'prebuilt'"
    )
    for build_id, order_id, customer_id in custom:
        assert scalar(conn, "SELECT customer_id FROM orders WHERE id = ?", order_id) == customer_id
        items = rows(
            conn,
            "SELECT i.product_id, p.category, p.name FROM order_items i JOIN "
            "products p ON p.id = i.product_id WHERE i.build_id = ?",
            build_id,
        )
        assert any(cat == "service" and "Assembly" in name for _, cat, name in items)
        parts = [
            (r[0], 1)
            for r in rows(
                conn, "SELECT product_id FROM build_components WHERE build_id = ?", build_id
            )
        ]
        assert len(parts) == len(items) - 1
        assert check_products_in_db(conn, parts).compatible, build_id


def test_open_orders_reserve_stock(conn: sqlite3.Connection) -> None:
    assert scalar(conn, "SELECT count(*) FROM inventory WHERE reserved > on_hand") == 0
    open_units = scalar(
        conn,
        "SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN "
        "orders o ON o.id = i.order_id JOIN products p ON p.id = "
        "i.product_id WHERE o.status IN ('pending', 'processing') AND "
        "p.category <> 'service'",
    )
    assert open_units > 0


# --- the checker catches violations


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (
            "UPDATE customers SET tier = 'Platinum' WHERE id = (SELECT min(id) FROM customers "
            "WHERE tier = 'Standard')",
            "tier Platinum but lifetime spend",
        ),
        (
            "UPDATE customers SET lifetime_spend_cents = lifetime_spend_cents + 1 "
            "WHERE id = (SELECT customer_id FROM orders LIMIT 1)",
            "lifetime spend",
        ),
        (
            "UPDATE order_items SET unit_price_cents = unit_price_cents + 100 "
            "WHERE id = (SELECT min(id) FROM order_items)",
            "items sum to",
        ),
        (
            "UPDATE shipping_records SET delivered_at = '2000-01-01T00:00:00Z' WHERE id = "
            "(SELECT min(id) FROM shipping_records WHERE id NOT IN (SELECT entity_id FROM "
            "planted_mess))",
            "before it shipped",
        ),
        (
            "UPDATE order_returns SET quantity = quantity + 5 WHERE id = "
            "(SELECT min(id) FROM order_returns WHERE status <> 'rejected')",
            "units returned",
        ),
        (
            "UPDATE orders SET discount_cents = discount_cents + 1, total_cents = total_cents - 1 "
            "WHERE id = (SELECT min(id) FROM orders WHERE promotion_code IS NOT NULL)",
            "discount",
        ),
        (
            "UPDATE orders SET placed_at = '2020-01-01T00:00:00Z' WHERE id = "
            "(SELECT min(id) FROM orders WHERE promotion_code IS NOT NULL)",
            "not valid when placed",
        ),
        (
            "UPDATE support_tickets SET order_id = (SELECT id FROM orders WHERE customer_id <> "
            "support_tickets.customer_id LIMIT 1) WHERE id = (SELECT min(id) FROM support_tickets "
            "WHERE customer_id IS NOT NULL AND id NOT IN (SELECT entity_id FROM planted_mess))",
            "ticket_wrong_order_number",
        ),
        (
            "UPDATE orders SET status = 'shipped' WHERE id = (SELECT min(id) FROM orders WHERE "
            "status = 'delivered')",
            "history ends with delivered",
        ),
        (
            "UPDATE order_returns SET created_at = '2099-01-01T00:00:00Z' WHERE id = "
            "(SELECT min(id) FROM order_returns)",
            "after the world's today",
        ),
    ],
)
def test_checker_catches(conn: sqlite3.Connection, mutation: str, expected: str) -> None:
    twin = copy_of(conn)
    with twin:
        twin.execute("PRAGMA foreign_keys = OFF")
        assert twin.execute(mutation).rowcount == 1
    problems = check_invariants(twin)
    assert any(expected in p for p in problems), problems
