"""process_return, process_exchange and get_warranty_policy against the seed42 world.

Each rule of the returns, refunds, restocking-fee, exchanges and warranty policies is exercised
on a real order item, put into the exact situation the rule is about (delivery date, tier,
payment record ...) with direct updates of the episode's world, and every refused call is
checked to leave the world exactly as it was."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Awaitable
from typing import Any

import pytest

from corecraft_mcp.tools.delivery import delivery_basis
from corecraft_mcp.tools.exchanges import process_exchange
from corecraft_mcp.tools.order_data import load_order
from corecraft_mcp.tools.return_policy import add_months
from corecraft_mcp.tools.returns import TOOLS, ReturnResult, process_return
from corecraft_mcp.tools.warranty import get_warranty_policy
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from tests.conftest import refused

# A delivered, paid, untouched order line of merchandise that may be returned.
RETURNABLE = (
    "SELECT i.*, o.customer_id, o.captured_cents, p.category, p.price_cents "
    "FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id "
    "WHERE o.status = 'delivered' AND p.category <> 'service' AND i.final_sale = 0 "
    "AND i.build_id IS NULL AND o.payment_method = 'card' AND o.captured_cents IS NOT NULL "
    "AND o.refunded_cents = 0 AND o.discount_cents = 0 AND i.unit_price_cents > 0 "
    "AND NOT EXISTS (SELECT 1 FROM order_returns r WHERE r.order_id = o.id) "
    "AND (SELECT count(*) FROM shipping_records s WHERE s.order_id = o.id) = 1 "
)


async def arrange(db: WorldConnection, *steps: tuple[str, tuple[Any, ...]]) -> None:
    """Put the episode's world into the state a test needs (not a tool call)."""
    async with db.transaction():
        for sql, params in steps:
            await db.execute(sql, params)


def day(days_ago: int, db: WorldConnection) -> dt.date:
    return db.today - dt.timedelta(days=days_ago)


async def item(
    db: WorldConnection,
    *,
    tier: str = "Standard",
    delivered_days_ago: int = 3,
    where: str = "",
    params: tuple[Any, ...] = (),
    nth: int = 0,
) -> Row:
    """A returnable order line, its customer moved to `tier` and its parcel delivered
    `delivered_days_ago` days before today."""
    row = await db.fetchone(f"{RETURNABLE} {where} ORDER BY i.id LIMIT 1 OFFSET ?", (*params, nth))
    assert row is not None, f"seed42 has a returnable order line {where}"
    await arrange(db, ("UPDATE customers SET tier = ? WHERE id = ?", (tier, row["customer_id"])))
    await deliver(db, row["order_id"], f"{day(delivered_days_ago, db).isoformat()}T15:00:00Z")
    return row


async def deliver(db: WorldConnection, order_id: str, at: str | None) -> None:
    """Set an order's delivery, on its shipping record and in the carrier's scans (None: the
    record has no delivery date and the delivery scans are missing)."""
    parcels = "shipment_id IN (SELECT id FROM shipping_records WHERE order_id = ?)"
    await arrange(
        db,
        (
            "UPDATE shipping_records SET delivered_at = ?, status = ? WHERE order_id = ?",
            (at, "delivered" if at else "in_transit", order_id),
        ),
        (f"DELETE FROM shipping_events WHERE status = 'delivered' AND {parcels}", (order_id,)),
    )
    if at is not None:
        await arrange(
            db,
            (
                "INSERT INTO shipping_events (shipment_id, at, status, location, description) "
                "SELECT id, ?, 'delivered', 'Reno, NV', 'Delivered' FROM shipping_records "
                "WHERE order_id = ?",
                (at, order_id),
            ),
        )


async def tier_row(db: WorldConnection, tier: str) -> Row:
    row = await db.fetchone("SELECT * FROM loyalty_tiers WHERE name = ?", (tier,))
    assert row is not None
    return row


async def order(db: WorldConnection, order_id: str) -> Row:
    row = await db.fetchone("SELECT * FROM orders WHERE id = ?", (order_id,))
    assert row is not None
    return row


def test_tools_registered_in_design_order() -> None:
    assert [(s.name, s.kind) for s in TOOLS] == [
        ("process_return", "write"),
        ("process_exchange", "write"),
        ("get_warranty_policy", "read"),
    ]


# ----------------------------------------------------------------------------- process_return


@pytest.mark.parametrize("tier", ["Standard", "Silver", "Gold", "Platinum"])
async def test_records_the_fee_the_agent_sets(db: WorldConnection, tier: str) -> None:
    """The tool charges the fee it is given (here the tier's, as the agent reads the policy):
    it computes no fee of its own."""
    line = await item(db, tier=tier)
    pct = (await tier_row(db, tier))["restocking_fee_pct"]
    assert pct == db.policy.tiers[tier].restocking_fee_pct  # type: ignore[index]
    value = line["unit_price_cents"] * line["quantity"]
    fee = value * pct // 100
    result = await process_return(
        db,
        line["order_id"],
        line["id"],
        "refund",
        "Changed my mind",
        opened=True,
        restocking_fee_usd=fee / 100,
        quantity=line["quantity"],
    )
    assert round(result.restocking_fee_usd * 100) == fee
    assert round(result.refund_usd * 100) == value - fee
    assert result.restocking_fee_pct_of_line == round(100 * fee / value, 2)
    rma = await db.fetchone("SELECT * FROM order_returns WHERE id = ?", (result.rma_id,))
    assert rma is not None
    assert (rma["kind"], rma["status"], rma["opened"], rma["doa"]) == ("refund", "approved", 1, 0)
    assert (rma["refund_cents"], rma["restocking_fee_cents"]) == (value - fee, fee)
    assert ("restocking fee" in rma["notes"]) and (f"{fee / 100:,.2f}" in rma["notes"]) == bool(fee)
    after = await order(db, line["order_id"])
    assert after["refunded_cents"] == value - fee
    assert result.money_arrives.startswith(f"within {db.policy.returns.refund_business_days}")
    assert result.window.window_days == db.policy.tiers[tier].return_window_days  # type: ignore[index]


async def test_a_waived_fee_and_a_wrong_fee_are_recorded_as_given(db: WorldConnection) -> None:
    """Whether a fee applies is the agent's decision: the tool records a waiver on an opened
    item and a fee on a DOA unit alike, and the rubric grades it."""
    waived = await item(db, tier="Standard", delivered_days_ago=10)
    result = await process_return(
        db, waived["order_id"], waived["id"], "refund", "Opened, works", opened=True,
        restocking_fee_usd=0,
    )  # fmt: skip
    assert result.restocking_fee_usd == 0
    assert round(result.refund_usd * 100) == waived["unit_price_cents"]
    doa = await item(db, tier="Standard", delivered_days_ago=10, nth=1)
    charged = await process_return(
        db, doa["order_id"], doa["id"], "refund", "Dead on arrival", opened=True,
        restocking_fee_usd=5, doa=True,
    )  # fmt: skip
    rma = await db.fetchone("SELECT * FROM order_returns WHERE id = ?", (charged.rma_id,))
    assert rma is not None and (rma["doa"], rma["restocking_fee_cents"]) == (1, 500)
    assert rma["notes"].startswith("Dead on arrival")
    assert round(charged.refund_usd * 100) == doa["unit_price_cents"] - 500


async def test_a_fee_above_the_units_value_is_refused(
    db: WorldConnection, episode: Episode
) -> None:
    line = await item(db)
    value = line["unit_price_cents"] * line["quantity"]
    message = await refused(
        episode,
        process_return(
            db, line["order_id"], line["id"], "refund", "x", opened=True,
            restocking_fee_usd=(value + 1) / 100, quantity=line["quantity"],
        ),
    )  # fmt: skip
    assert "restocking_fee_usd" in message and "worth" in message
    assert "two decimals" in await refused(
        episode,
        process_return(
            db, line["order_id"], line["id"], "refund", "x", opened=True, restocking_fee_usd=1.005
        ),
    )


async def test_the_window_is_reported_not_enforced(db: WorldConnection) -> None:
    """Whether a request is inside the return window is the agent's decision: a return after
    the window is recorded, with the window's dates as facts."""
    days = (await tier_row(db, "Silver"))["return_window_days"]
    last_day = await item(db, tier="Silver", delivered_days_ago=days)
    ok = await process_return(
        db, last_day["order_id"], last_day["id"], "refund", "x", opened=False, restocking_fee_usd=0
    )
    assert ok.window.ends_on == db.today.isoformat()
    late = await item(db, tier="Silver", delivered_days_ago=days + 1, nth=1)
    after = await process_return(
        db, late["order_id"], late["id"], "refund", "x", opened=False, restocking_fee_usd=0
    )
    assert after.rma_id and after.window.ends_on < db.today.isoformat()
    assert after.window.tier == "Silver" and after.window.window_days == days


async def test_doa_is_recorded_with_the_doa_period_as_a_fact(db: WorldConnection) -> None:
    doa_days = db.policy.returns.doa_report_days
    line = await item(db, tier="Standard", delivered_days_ago=doa_days + 1)
    late = await process_return(
        db, line["order_id"], line["id"], "refund", "DOA", opened=True, restocking_fee_usd=0,
        doa=True,
    )  # fmt: skip
    start = dt.date.fromisoformat(late.window.starts_on)
    assert late.window.doa_period_ends_on == (start + dt.timedelta(days=doa_days)).isoformat()
    assert late.window.doa_period_ends_on < db.today.isoformat()
    rma = await db.fetchone("SELECT doa FROM order_returns WHERE id = ?", (late.rma_id,))
    assert rma is not None and rma["doa"] == 1


async def test_no_delivery_record_counts_from_ship_date_plus_allowance(db: WorldConnection) -> None:
    line = await item(db, tier="Standard")
    extra = db.policy.returns.no_delivery_record_ship_plus_days
    shipped = day(20, db)
    await deliver(db, line["order_id"], None)
    await arrange(
        db,
        (
            "UPDATE shipping_records SET shipped_at = ? WHERE order_id = ?",
            (f"{shipped.isoformat()}T10:00:00Z", line["order_id"]),
        ),
    )
    result = await process_return(
        db, line["order_id"], line["id"], "refund", "x", opened=False, restocking_fee_usd=0
    )
    assert not result.window.from_delivery_record
    assert result.window.starts_on == (shipped + dt.timedelta(days=extra)).isoformat()
    assert any("no delivery record" in note for note in result.notes)


async def test_order_states_that_cannot_return(db: WorldConnection, episode: Episode) -> None:
    line = await item(db)
    oid = line["order_id"]

    def call() -> Awaitable[ReturnResult]:
        return process_return(
            db, oid, line["id"], "refund", "x", opened=False, restocking_fee_usd=0
        )

    for status, expected in (("processing", "delivered orders only"), ("cancelled", "cancelled")):
        await arrange(db, ("UPDATE orders SET status = ? WHERE id = ?", (status, oid)))
        assert expected in await refused(episode, call())
    # Shipped with a delivery scan counts as delivered; without one, not yet.
    await arrange(db, ("UPDATE orders SET status = 'shipped' WHERE id = ?", (oid,)))
    await deliver(db, oid, None)
    assert "no delivery record yet" in await refused(episode, call())
    await deliver(db, oid, db.now_iso)
    assert (await call()).window.starts_on == db.today.isoformat()


async def test_final_sale_assembled_and_service_items_are_refused(
    db: WorldConnection, episode: Episode
) -> None:
    line = await item(db)

    def call() -> Awaitable[ReturnResult]:
        return process_return(
            db, line["order_id"], line["id"], "refund", "x", opened=True, restocking_fee_usd=0
        )

    await arrange(db, ("UPDATE order_items SET final_sale = 1 WHERE id = ?", (line["id"],)))
    assert "final sale" in (m := await refused(episode, call())) and "warranty" not in m
    build = await db.scalar("SELECT id FROM builds ORDER BY id LIMIT 1")
    await arrange(
        db,
        ("UPDATE order_items SET final_sale = 0, build_id = ? WHERE id = ?", (build, line["id"])),
        ("UPDATE builds SET assembled = 1 WHERE id = ?", (build,)),
    )
    assert "assembled" in (m := await refused(episode, call())) and "warranty" not in m
    await arrange(db, ("UPDATE builds SET assembled = 0 WHERE id = ?", (build,)))
    assert (await call()).rma_id  # an unassembled build's part is returnable
    service = await db.fetchone(
        "SELECT i.order_id, i.id FROM order_items i JOIN products p ON p.id = i.product_id "
        "JOIN orders o ON o.id = i.order_id "
        "WHERE p.category = 'service' AND o.status = 'delivered' LIMIT 1"
    )
    if service is not None:
        assert "service" in await refused(
            episode,
            process_return(
                db,
                service["order_id"],
                service["id"],
                "refund",
                "x",
                opened=True,
                restocking_fee_usd=0,
            ),
        )


async def test_world_final_sale_and_assembled_items_are_warranty_only(
    db: WorldConnection, episode: Episode
) -> None:
    """Every final-sale line and every part of an assembled build in the world is refused, for
    what it is (not for some other reason), stating the fact without a next step."""
    rows = await db.fetchall(
        "SELECT i.order_id, i.id, i.final_sale FROM order_items i "
        "JOIN orders o ON o.id = i.order_id LEFT JOIN builds b ON b.id = i.build_id "
        "JOIN products p ON p.id = i.product_id WHERE o.status IN ('delivered', 'shipped') "
        "AND p.category <> 'service' AND (i.final_sale = 1 OR b.assembled = 1)"
    )
    assert any(r["final_sale"] for r in rows) and any(not r["final_sale"] for r in rows)
    for row in rows:
        message = await refused(
            episode,
            process_return(
                db, row["order_id"], row["id"], "refund", "x", opened=False, restocking_fee_usd=0
            ),
        )
        assert "warranty" not in message
        assert ("final sale" if row["final_sale"] else "assembled") in message


async def test_window_start_matches_the_planted_ground_truth(db: WorldConnection) -> None:
    """Shipping records without a delivery scan count from ship date + the allowance; records
    whose delivery date was planted wrong count from the carrier's real delivery scan."""
    planted = await db.fetchall(
        "SELECT kind, detail FROM planted_mess "
        "WHERE kind IN ('missing_delivery_record', 'shipping_date_conflict')"
    )
    assert {p["kind"] for p in planted} == {"missing_delivery_record", "shipping_date_conflict"}
    for row in planted:
        detail = json.loads(row["detail"])
        order_row = await load_order(db, detail["order_id"])
        basis = await delivery_basis(db, order_row, "return")
        if row["kind"] == "missing_delivery_record":
            assert not basis.from_delivery_record and "no delivery record" in basis.explanation
            assert basis.starts_on.isoformat() == detail["return_window_counts_from"]
        else:
            assert basis.starts_on.isoformat() == detail["delivered_per_tracking"][:10]
            assert detail["recorded_delivered_at"][:10] in basis.explanation


async def test_no_double_return(db: WorldConnection, episode: Episode) -> None:
    line = await item(db)
    await arrange(
        db,
        ("UPDATE order_items SET quantity = 3 WHERE id = ?", (line["id"],)),
        (
            "UPDATE orders SET captured_cents = captured_cents + ? WHERE id = ?",
            (3 * line["unit_price_cents"], line["order_id"]),
        ),
    )
    first = await process_return(
        db,
        line["order_id"],
        line["id"],
        "refund",
        "x",
        opened=False,
        restocking_fee_usd=0,
        quantity=2,
    )
    assert first.quantity == 2
    assert "at most 1" in await refused(
        episode,
        process_return(
            db,
            line["order_id"],
            line["id"],
            "refund",
            "x",
            opened=False,
            restocking_fee_usd=0,
            quantity=2,
        ),
    )
    await process_return(
        db, line["order_id"], line["id"], "store_credit", "x", opened=False, restocking_fee_usd=0
    )
    assert "already returned" in await refused(
        episode,
        process_return(
            db, line["order_id"], line["id"], "refund", "x", opened=False, restocking_fee_usd=0
        ),
    )


async def test_order_becomes_returned_when_every_item_is_back(db: WorldConnection) -> None:
    line = await item(
        db,
        where="AND (SELECT count(*) FROM order_items j JOIN products q ON q.id = j.product_id "
        "WHERE j.order_id = o.id AND q.category <> 'service') = 1",
    )
    result = await process_return(
        db,
        line["order_id"],
        line["id"],
        "refund",
        "x",
        opened=False,
        restocking_fee_usd=0,
        quantity=line["quantity"],
    )
    assert result.order_status == "returned"
    assert (await order(db, line["order_id"]))["status"] == "returned"
    history = await db.fetchone(
        "SELECT * FROM order_status_history WHERE order_id = ? ORDER BY id DESC LIMIT 1",
        (line["order_id"],),
    )
    assert history is not None and (history["status"], history["at"]) == ("returned", db.now_iso)


async def test_store_credit_is_issued_at_once(db: WorldConnection) -> None:
    line = await item(db, tier="Gold")
    before = await db.scalar(
        "SELECT store_credit_cents FROM customers WHERE id = ?", (line["customer_id"],)
    )
    result = await process_return(
        db, line["order_id"], line["id"], "store_credit", "x", opened=True, restocking_fee_usd=0
    )
    value = line["unit_price_cents"]
    assert (result.status, result.refund_to, round(result.refund_usd * 100)) == (
        "refunded",
        "store credit",
        value,
    )
    assert round(result.store_credit_balance_usd * 100) == before + value
    assert (await order(db, line["order_id"]))["refunded_cents"] == 0
    assert "at once" in result.money_arrives


async def test_order_paid_with_store_credit_is_refunded_as_store_credit(
    db: WorldConnection,
) -> None:
    line = await item(db, tier="Gold")
    await arrange(
        db,
        (
            "UPDATE orders SET payment_method = 'store_credit', card_last4 = NULL WHERE id = ?",
            (line["order_id"],),
        ),
    )
    before = await db.scalar(
        "SELECT store_credit_cents FROM customers WHERE id = ?", (line["customer_id"],)
    )
    result = await process_return(
        db, line["order_id"], line["id"], "refund", "x", opened=True, restocking_fee_usd=0
    )
    assert result.status == "refunded" and "store credit" in result.refund_to
    assert round(result.store_credit_balance_usd * 100) == before + line["unit_price_cents"]


async def test_missing_payment_record(db: WorldConnection, episode: Episode) -> None:
    line = await item(db)
    await arrange(
        db,
        (
            "UPDATE orders SET payment_method = NULL, card_last4 = NULL, "
            "captured_cents = NULL WHERE id = ?",
            (line["order_id"],),
        ),
    )
    message = await refused(
        episode,
        process_return(
            db, line["order_id"], line["id"], "refund", "x", opened=False, restocking_fee_usd=0
        ),
    )
    assert "no payment record" in message and db.policy.escalation.billing_team not in message
    # The refunds policy allows store credit instead, up to the order total.
    credit = await process_return(
        db, line["order_id"], line["id"], "store_credit", "x", opened=False, restocking_fee_usd=0
    )
    total = (await order(db, line["order_id"]))["total_cents"]
    assert 0 < round(credit.refund_usd * 100) <= total


async def test_refund_never_exceeds_what_is_left_of_the_payment(
    db: WorldConnection, episode: Episode
) -> None:
    line = await item(db, where="AND o.captured_cents > 2000")
    await arrange(
        db,
        (
            "UPDATE orders SET refunded_cents = captured_cents - 1000 WHERE id = ?",
            (line["order_id"],),
        ),
    )
    result = await process_return(
        db, line["order_id"], line["id"], "refund", "x", opened=False, restocking_fee_usd=0
    )
    assert round(result.refund_usd * 100) == min(1000, line["unit_price_cents"])
    after = await order(db, line["order_id"])
    assert after["refunded_cents"] <= after["captured_cents"]
    other = await db.fetchone(
        "SELECT id FROM order_items WHERE order_id = ? AND id <> ? AND "
        "product_id NOT IN (SELECT id FROM products WHERE category = 'service')",
        (line["order_id"], line["id"]),
    )
    if after["refunded_cents"] == after["captured_cents"] and other is not None:
        assert "refunded or credited in full" in await refused(
            episode,
            process_return(
                db, line["order_id"], other["id"], "refund", "x", opened=False, restocking_fee_usd=0
            ),
        )


async def test_promotion_discount_is_shared_over_the_lines(db: WorldConnection) -> None:
    line = await item(db)
    lines = await db.fetchall(
        "SELECT quantity * unit_price_cents AS c FROM order_items WHERE order_id = ?",
        (line["order_id"],),
    )
    base = sum(r["c"] for r in lines)
    discount = base // 10
    await arrange(
        db,
        (
            "UPDATE orders SET discount_cents = ?, total_cents = total_cents - ?, "
            "promotion_code = NULL WHERE id = ?",
            (discount, discount, line["order_id"]),
        ),
    )
    result = await process_return(
        db, line["order_id"], line["id"], "refund", "x", opened=False, restocking_fee_usd=0
    )
    gross = line["unit_price_cents"]
    assert round(result.item_value_usd * 100) == gross - (gross * discount + base // 2) // base


async def test_refunds_over_the_supervisor_limit_are_neither_blocked_nor_judged(
    db: WorldConnection,
) -> None:
    """Escalating instead of refunding is the agent's decision: the tool reports what was paid
    back on the order in this conversation, a fact, and no flag."""
    threshold = round(db.policy.escalation.refund_supervisor_over * 100)
    line = await item(db, tier="Gold")
    await arrange(
        db,
        (
            "UPDATE order_items SET quantity = 2, unit_price_cents = ? WHERE id = ?",
            (threshold * 3 // 5, line["id"]),
        ),
        (
            "UPDATE orders SET captured_cents = captured_cents + ? WHERE id = ?",
            (threshold * 2, line["order_id"]),
        ),
    )
    first = await process_return(
        db, line["order_id"], line["id"], "refund", "x", opened=True, restocking_fee_usd=0
    )
    assert round(first.paid_back_on_order_now_usd * 100) == threshold * 3 // 5
    second = await process_return(
        db, line["order_id"], line["id"], "store_credit", "x", opened=True, restocking_fee_usd=0
    )
    assert second.rma_id and round(second.paid_back_on_order_now_usd * 100) == 2 * (
        threshold * 3 // 5
    )
    assert "requires_supervisor_approval" not in second.model_dump()


async def test_bad_ids_are_refused(db: WorldConnection, episode: Episode) -> None:
    line = await item(db)
    assert "search_orders" in await refused(
        episode, process_return(db, "ORD-0", 1, "refund", "x", opened=True, restocking_fee_usd=0)
    )
    assert "its items are" in await refused(
        episode,
        process_return(
            db, line["order_id"], 2_000_000_000, "refund", "x", opened=True, restocking_fee_usd=0
        ),
    )
    assert "reason is empty" in await refused(
        episode,
        process_return(
            db, line["order_id"], line["id"], "refund", "  ", opened=True, restocking_fee_usd=0
        ),
    )
    assert await refused(
        episode,
        process_return(
            db, "'; DELETE FROM orders; --", 1, "refund", "x", opened=True, restocking_fee_usd=0
        ),
    )


async def test_return_audit_row(db: WorldConnection, episode: Episode) -> None:
    line = await item(db, tier="Silver")
    result = await process_return(
        db, line["order_id"], line["id"], "refund", "Too loud", opened=True, restocking_fee_usd=0
    )
    audit = await db.fetchone("SELECT * FROM audit_log WHERE entity_id = ?", (result.rma_id,))
    assert audit is not None and (audit["tool"], audit["entity_type"], audit["action"]) == (
        "process_return",
        "order_returns",
        "create",
    )
    details = json.loads(audit["details"])
    assert details["refund_cents"] == round(result.refund_usd * 100)
    assert details["order_id"] == line["order_id"] and details["opened"] is True


# --------------------------------------------------------------------------- process_exchange


async def replacement(db: WorldConnection, line: Row, cmp: str) -> Row:
    row = await db.fetchone(
        "SELECT p.* FROM products p WHERE p.category NOT IN ('service') AND p.id <> ? "
        f"AND p.price_cents {cmp} ? AND (SELECT sum(on_hand - reserved) FROM inventory v "
        "WHERE v.product_id = p.id) > 0 ORDER BY p.id LIMIT 1",
        (line["product_id"], line["unit_price_cents"]),
    )
    assert row is not None
    return row


async def free_units(db: WorldConnection, product_id: str) -> int:
    return int(
        await db.scalar(
            "SELECT sum(on_hand - reserved) FROM inventory WHERE product_id = ?", (product_id,)
        )
    )


async def test_exchange_for_a_dearer_product_charges_the_difference(db: WorldConnection) -> None:
    line = await item(db, tier="Standard")
    new = await replacement(db, line, ">")
    free = await free_units(db, new["id"])
    result = await process_exchange(db, line["order_id"], line["id"], new["sku"], "Wants more VRAM")
    diff = new["price_cents"] - line["unit_price_cents"]
    assert round(result.price_difference_usd * 100) == diff and "charged" in result.settlement
    assert sum(result.reserved_from.values()) == 1 and await free_units(db, new["id"]) == free - 1
    rma = await db.fetchone("SELECT * FROM order_returns WHERE id = ?", (result.rma_id,))
    assert rma is not None
    assert (
        rma["kind"],
        rma["exchange_product_id"],
        rma["price_difference_cents"],
        rma["restocking_fee_cents"],
    ) == (
        "exchange",
        new["id"],
        diff,
        0,
    )
    after = await order(db, line["order_id"])
    assert after["captured_cents"] == line["captured_cents"] + diff
    audit = await db.fetchone("SELECT * FROM audit_log WHERE entity_id = ?", (result.rma_id,))
    assert audit is not None and audit["tool"] == "process_exchange"


async def test_exchange_for_a_cheaper_product_refunds_and_same_product_is_even(
    db: WorldConnection,
) -> None:
    line = await item(db, where="AND i.unit_price_cents > 5000")
    new = await replacement(db, line, "<")
    result = await process_exchange(db, line["order_id"], line["id"], new["id"], "Smaller case")
    diff = new["price_cents"] - line["unit_price_cents"]
    assert round(result.price_difference_usd * 100) == diff < 0 and "refunded" in result.settlement
    assert (await order(db, line["order_id"]))["refunded_cents"] == -diff
    same = await item(db, nth=1)
    if await free_units(db, same["product_id"]) > 0:
        even = await process_exchange(
            db, same["order_id"], same["id"], same["product_id"], "DOA", doa=True
        )
        assert even.price_difference_usd == 0 and "even" in even.settlement


async def test_exchange_out_of_stock_is_accepted_only_as_a_backorder(
    db: WorldConnection, episode: Episode
) -> None:
    line = await item(db)
    new = await replacement(db, line, ">")
    restock = (db.today + dt.timedelta(days=9)).isoformat()
    await arrange(
        db,
        (
            "UPDATE inventory SET reserved = on_hand, restock_date = ? WHERE product_id = ?",
            (restock, new["id"]),
        ),
    )
    message = await refused(
        episode, process_exchange(db, line["order_id"], line["id"], new["id"], "x")
    )
    assert "out of stock" in message and "backorder=true" in message and restock in message
    assert "refund" not in message  # what to offer instead is the agent's decision
    booked = await process_exchange(
        db, line["order_id"], line["id"], new["id"], "x", backorder=True
    )
    assert booked.backordered and booked.reserved_from == {} and booked.restock_date == restock


async def test_exchange_follows_the_return_rules(db: WorldConnection, episode: Episode) -> None:
    days = (await tier_row(db, "Gold"))["return_window_days"]
    line = await item(db, tier="Gold", delivered_days_ago=days + 1)
    new = await replacement(db, line, ">")
    late = await process_exchange(db, line["order_id"], line["id"], new["id"], "x")
    assert late.rma_id and late.window.ends_on < db.today.isoformat()  # the agent's call
    fresh = await item(db, nth=1)
    await arrange(db, ("UPDATE order_items SET final_sale = 1 WHERE id = ?", (fresh["id"],)))
    assert "final sale" in await refused(
        episode, process_exchange(db, fresh["order_id"], fresh["id"], new["id"], "x")
    )
    service = await db.scalar("SELECT id FROM products WHERE category = 'service' LIMIT 1")
    ok = await item(db, nth=2)
    assert "service" in await refused(
        episode, process_exchange(db, ok["order_id"], ok["id"], service, "x")
    )
    assert "search_products" in await refused(
        episode, process_exchange(db, ok["order_id"], ok["id"], "PRD-0000", "x")
    )
    await arrange(
        db,
        (
            "UPDATE orders SET payment_method = NULL, captured_cents = NULL WHERE id = ?",
            (ok["order_id"],),
        ),
    )
    assert "no payment record" in await refused(
        episode,
        process_exchange(db, ok["order_id"], ok["id"], (await replacement(db, ok, ">"))["id"], "x"),
    )


# ------------------------------------------------------------------------ get_warranty_policy


async def bought(db: WorldConnection, category: str, days_ago: int, condition: str = "new") -> Row:
    row = await db.fetchone(
        "SELECT i.*, p.premium_line FROM order_items i JOIN products p ON p.id = i.product_id "
        "JOIN orders o ON o.id = i.order_id WHERE p.category = ? AND o.status = 'delivered' "
        "ORDER BY i.id LIMIT 1",
        (category,),
    )
    assert row is not None, f"seed42 has a delivered {category}"
    placed = f"{day(days_ago, db).isoformat()}T12:00:00Z"
    await arrange(
        db,
        ("UPDATE orders SET placed_at = ? WHERE id = ?", (placed, row["order_id"])),
        ("UPDATE order_items SET condition = ? WHERE id = ?", (condition, row["id"])),
        (
            "DELETE FROM order_items WHERE order_id = ? AND product_id IN "
            "(SELECT id FROM products WHERE category = 'service')",
            (row["order_id"],),
        ),
    )
    return row


async def test_warranty_of_a_product(db: WorldConnection, episode: Episode) -> None:
    gpu = await db.fetchone("SELECT * FROM products WHERE category = 'gpu' ORDER BY id LIMIT 1")
    assert gpu is not None
    result = await get_warranty_policy(db, product_id=gpu["id"])
    assert (result.provider, result.duration) == ("manufacturer", f"{db.policy.warranty.gpu} years")
    assert result.claim_periods == [] and result.coverage_ends_on is None
    dated = await get_warranty_policy(
        db, product_id=gpu["sku"], purchase_date="2025-01-31", condition="open_box"
    )
    assert dated.provider == "corecraft" and dated.coverage_ends_on == "2026-01-31"
    assert [(p.handler, p.starts_on, p.ends_on) for p in dated.claim_periods] == [
        ("corecraft", "2025-01-31", "2026-01-31")
    ]
    assert dated.days_left == 0
    premium = await db.fetchone(
        "SELECT id FROM products WHERE category = 'psu' AND premium_line = 1 LIMIT 1"
    )
    plain = await db.fetchone(
        "SELECT id FROM products WHERE category = 'psu' AND premium_line = 0 LIMIT 1"
    )
    assert premium is not None and plain is not None
    assert (
        await get_warranty_policy(db, product_id=premium["id"])
    ).duration == f"{db.policy.warranty.psu_premium} years"
    assert (
        await get_warranty_policy(db, product_id=plain["id"])
    ).duration == f"{db.policy.warranty.psu} years"
    assert episode.diff().is_empty


@pytest.mark.parametrize("days_ago", [30, 500, 2000])
async def test_warranty_of_an_order_item(db: WorldConnection, days_ago: int) -> None:
    """The same terms and periods whatever today is: the periods are the policy's, and which
    one a claim falls in is the agent's reading."""
    line = await bought(db, "gpu", days_ago)
    result = await get_warranty_policy(db, order_id=line["order_id"], order_item_id=line["id"])
    purchase = day(days_ago, db)
    end = add_months(purchase, 12 * db.policy.warranty.gpu)
    assert (
        result.purchase_date == purchase.isoformat() and result.coverage_ends_on == end.isoformat()
    )
    months = db.policy.warranty.corecraft_handles_claims_months
    until = add_months(purchase, months)
    assert result.corecraft_handles_claims_until == until.isoformat()
    assert [(p.handler, p.starts_on, p.ends_on) for p in result.claim_periods] == [
        ("corecraft", purchase.isoformat(), until.isoformat()),
        ("manufacturer", (until + dt.timedelta(days=1)).isoformat(), end.isoformat()),
    ]
    assert result.days_left == max(0, (end - db.today).days)


async def test_corecare_plus_extends_and_corecraft_handles_the_extension(
    db: WorldConnection,
) -> None:
    years = db.policy.warranty.gpu
    line = await bought(db, "gpu", 365 * years + 30)
    plan = await db.scalar("SELECT id FROM products WHERE name LIKE '%CoreCare+%' LIMIT 1")
    await arrange(
        db,
        (
            "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) "
            "VALUES (?, ?, 1, 8999)",
            (line["order_id"], plan),
        ),
    )
    result = await get_warranty_policy(db, order_item_id=line["id"])  # the order is found
    extra = db.policy.warranty.corecare_plus_extra_years
    assert result.corecare_plus and result.corecare_plus_extra_years == extra
    purchase = dt.date.fromisoformat(result.purchase_date or "")
    end = add_months(purchase, 12 * (years + extra))
    assert result.coverage_ends_on == end.isoformat()
    base_end = dt.date.fromisoformat(result.base_coverage_ends_on or "")
    assert [p.handler for p in result.claim_periods] == ["corecraft", "manufacturer", "corecraft"]
    last = result.claim_periods[-1]
    assert (last.starts_on, last.ends_on) == (
        (base_end + dt.timedelta(days=1)).isoformat(),
        end.isoformat(),
    )


@pytest.mark.parametrize(
    ("condition", "days_ago", "covered"),
    [
        ("open_box", 300, True),
        ("open_box", 400, False),
        ("refurbished", 89, True),
        ("refurbished", 91, False),
    ],
)
async def test_open_box_and_refurbished_have_corecraft_warranties(
    db: WorldConnection, condition: str, days_ago: int, covered: bool
) -> None:
    line = await bought(db, "ssd", days_ago, condition)
    result = await get_warranty_policy(db, order_id=line["order_id"], order_item_id=line["id"])
    assert result.provider == "corecraft"
    assert (
        (result.coverage_ends_on or "") >= db.today.isoformat()
        if covered
        else ((result.coverage_ends_on or "") < db.today.isoformat())
    )
    w = db.policy.warranty
    months = w.open_box_months
    assert result.duration == (
        f"{w.refurbished_days} days"
        if condition == "refurbished"
        else f"{months} months"
        if months % 12
        else f"{months // 12} year{'s' if months > 12 else ''}"
    )
    assert [p.handler for p in result.claim_periods] == ["corecraft"]


async def test_warranty_refusals(db: WorldConnection, episode: Episode) -> None:
    line = await bought(db, "cpu", 10)
    assert "say what to look up" in await refused(episode, get_warranty_policy(db))
    assert "only for product_id" in await refused(
        episode,
        get_warranty_policy(
            db, order_id=line["order_id"], order_item_id=line["id"], condition="new"
        ),
    )
    assert "YYYY-MM-DD" in await refused(
        episode, get_warranty_policy(db, product_id=line["product_id"], purchase_date="03/01/2026")
    )
    assert "after today" in await refused(
        episode, get_warranty_policy(db, product_id=line["product_id"], purchase_date="2099-01-01")
    )
    service = await db.scalar("SELECT id FROM products WHERE category = 'service' LIMIT 1")
    assert "service" in await refused(episode, get_warranty_policy(db, product_id=service))
    plan = await db.fetchone(
        "SELECT i.order_id, i.id FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE p.name LIKE '%CoreCare+%' LIMIT 1"
    )
    assert plan is not None
    message = await refused(
        episode, get_warranty_policy(db, order_id=plan["order_id"], order_item_id=plan["id"])
    )
    assert "no warranty of its own" in message and "CoreCare+ adds" in message
