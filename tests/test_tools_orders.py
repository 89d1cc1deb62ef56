"""search_orders, get_order_details and update_order against the seed42 world."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ConfigDict, ValidationError, validate_call

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.order_change_args import ItemQuantity
from corecraft_mcp.tools.order_changes import update_order
from corecraft_mcp.tools.orders import TOOLS, get_order_details, search_orders
from corecraft_mcp.tools.promotions import apply_promotion
from corecraft_mcp.tools.shipping import calculate_shipping
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from tests.conftest import arrange, invariants_hold, one

OPEN = "status IN ('pending', 'processing')"
PAID = "payment_method IS NOT NULL AND captured_cents IS NOT NULL"
FULLY_PAID = f"{PAID} AND captured_cents - refunded_cents = total_cents"
NO_BUILD = (
    "NOT EXISTS (SELECT 1 FROM order_items b WHERE b.order_id = o.id AND b.build_id IS NOT NULL)"
)


async def _order(db: WorldConnection, order_id: str) -> Row:
    return await one(db, "SELECT * FROM orders WHERE id = ?", (order_id,))


async def _last_audit(db: WorldConnection) -> Row:
    return await one(db, "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")


async def _reserved(db: WorldConnection, product_id: str) -> int:
    return int(
        await db.scalar("SELECT sum(reserved) FROM inventory WHERE product_id = ?", (product_id,))
        or 0
    )


def _consistent(order: Row) -> None:
    assert order["total_cents"] == (
        order["subtotal_cents"] - order["discount_cents"] + order["shipping_cents"]
    )


def test_tool_names() -> None:
    assert [(s.name, s.kind) for s in TOOLS] == [
        ("search_orders", "read"),
        ("get_order_details", "read"),
        ("update_order", "write"),
    ]


# ---- search_orders -----------------------------------------------------------------------


async def test_search_by_customer_newest_first(db: WorldConnection) -> None:
    top = await one(
        db,
        "SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id "
        "ORDER BY n DESC, customer_id LIMIT 1",
    )
    result = await search_orders(db, customer_id=top["customer_id"].lower(), page_size=50)
    assert result.total == top["n"] and len(result.orders) == min(50, top["n"])
    assert {o.customer_id for o in result.orders} == {top["customer_id"]}
    keys = [(o.placed_at, o.order_id) for o in result.orders]
    assert keys == sorted(keys, reverse=True)
    first = result.orders[0]
    stored = await _order(db, first.order_id)
    units = await db.scalar(
        "SELECT sum(quantity) FROM order_items WHERE order_id = ?", (first.order_id,)
    )
    assert first.total_usd == stored["total_cents"] / 100 and first.item_count == units


async def test_search_by_status_and_date_range(db: WorldConnection) -> None:
    result = await search_orders(
        db, status="delivered", placed_from="2025-06-01", placed_to="2025-08-31", page_size=50
    )
    expected = await db.scalar(
        "SELECT count(*) FROM orders WHERE status = 'delivered' AND "
        "substr(placed_at, 1, 10) BETWEEN '2025-06-01' AND '2025-08-31'"
    )
    assert result.total == expected > 0
    for order in result.orders:
        assert order.status == "delivered" and "2025-06-01" <= order.placed_at[:10] <= "2025-08-31"


async def test_search_by_product_id_sku_and_name_words(db: WorldConnection) -> None:
    product = await one(
        db,
        "SELECT p.* FROM products p JOIN order_items i ON i.product_id = "
        "p.id GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1",
    )
    holding = {
        r["order_id"]
        for r in await db.fetchall(
            "SELECT DISTINCT order_id FROM order_items WHERE product_id = ?", (product["id"],)
        )
    }
    for key in (product["id"].lower(), product["sku"]):
        result = await search_orders(db, product=key, page_size=50)
        assert result.total == len(holding)
        assert {o.order_id for o in result.orders} <= holding
    words = product["name"].split()
    by_name = await search_orders(db, product=f"{words[-1]} {words[0]}".upper(), page_size=50)
    assert by_name.total >= len(holding)
    for order in by_name.orders:
        names = [
            r["name"].lower()
            for r in await db.fetchall(
                "SELECT p.name FROM order_items i JOIN products p ON p.id = i.product_id "
                "WHERE i.order_id = ?",
                (order.order_id,),
            )
        ]
        assert any(words[0].lower() in n and words[-1].lower() in n for n in names)


async def test_search_by_id_prefix_and_pages(db: WorldConnection) -> None:
    some = await one(db, "SELECT id FROM orders ORDER BY id LIMIT 1 OFFSET 20")
    prefix = some["id"][:-2]
    result = await search_orders(db, order_id_prefix=prefix.lower(), page_size=5)
    assert result.total >= 1 and all(o.order_id.startswith(prefix) for o in result.orders)
    everything = await search_orders(db, page_size=7)
    second = await search_orders(db, page=2, page_size=7)
    assert everything.total == await db.scalar("SELECT count(*) FROM orders")
    assert everything.has_more and not {o.order_id for o in everything.orders} & {
        o.order_id for o in second.orders
    }
    last = await search_orders(db, page=10_000, page_size=50)
    assert last.orders == [] and not last.has_more


@pytest.mark.parametrize("text", ["%", "_", "\\", "'; DROP TABLE orders; --", "日本語"])
async def test_search_hostile_text_is_literal(db: WorldConnection, text: str) -> None:
    assert (await search_orders(db, product=text)).total == 0
    assert (await search_orders(db, order_id_prefix=text)).total == 0


@pytest.mark.parametrize(
    "args",
    [
        {"placed_from": "2026-02-30"},
        {"placed_from": "2026-03-10", "placed_to": "2026-03-01"},
        {"customer_id": "CUS-NOPE"},
        {"product": "   "},
        {"order_id_prefix": "  "},
    ],
)
async def test_search_rejects_bad_input(db: WorldConnection, args: dict[str, Any]) -> None:
    with pytest.raises(ToolInputError):
        await search_orders(db, **args)


async def test_schema_rejects_values_outside_the_closed_sets(db: WorldConnection) -> None:
    config = ConfigDict(arbitrary_types_allowed=True)
    checked_search: Any = validate_call(config=config)(search_orders)
    checked_update: Any = validate_call(config=config)(update_order)
    bad: list[tuple[Any, dict[str, Any], str]] = [
        (checked_search, {"status": "lost"}, "status"),
        (checked_search, {"placed_from": "16/03/2026"}, "placed_from"),
        (checked_search, {"page_size": 500}, "page_size"),
        (checked_update, {"order_id": "ORD-1", "action": "refund", "reason": "x"}, "action"),
        (
            checked_update,
            {"order_id": "ORD-1", "action": "change_address", "reason": "x", "ship_state": "ZZ"},
            "ship_state",
        ),
        (
            checked_update,
            {
                "order_id": "ORD-1",
                "action": "change_items",
                "reason": "x",
                "items": [{"line_id": 1, "quantity": -1}],
            },
            "items",
        ),
    ]
    for fn, args, field in bad:
        with pytest.raises(ValidationError) as error:
            await fn(db, **args)
        assert field in str(error.value.errors()[0]["loc"])


# ---- get_order_details -------------------------------------------------------------------


async def test_details_of_a_delivered_order(db: WorldConnection) -> None:
    order = await one(
        db,
        "SELECT o.* FROM orders o WHERE EXISTS (SELECT 1 FROM order_returns "
        "r WHERE r.order_id = o.id) AND EXISTS (SELECT 1 FROM support_tickets "
        f"t WHERE t.order_id = o.id) AND {PAID} ORDER BY o.id LIMIT 1",
    )
    details = await get_order_details(db, order["id"].lower())
    assert details.order_id == order["id"] and not details.can_change
    items = await db.fetchall(
        "SELECT * FROM order_items WHERE order_id = ? ORDER BY id", (order["id"],)
    )
    assert [i.line_id for i in details.items] == [i["id"] for i in items]
    assert round(sum(i.line_total_usd for i in details.items), 2) == details.subtotal_usd
    assert details.total_usd == round(
        details.subtotal_usd - details.discount_usd + details.shipping_usd, 2
    )
    assert not details.payment.record_missing
    assert details.payment.captured_usd == order["captured_cents"] / 100
    returns = await db.fetchall("SELECT id FROM order_returns WHERE order_id = ?", (order["id"],))
    assert {r.rma_id for r in details.returns} == {r["id"] for r in returns}
    tickets = await db.fetchall("SELECT id FROM support_tickets WHERE order_id = ?", (order["id"],))
    assert {t.ticket_id for t in details.tickets} == {t["id"] for t in tickets}
    history = [h.at for h in details.status_history]
    assert history == sorted(history) and details.status_history
    shipped = await db.scalar(
        "SELECT count(*) FROM shipping_records WHERE order_id = ?", (order["id"],)
    )
    assert len(details.shipments) == shipped


async def test_details_say_when_payment_record_is_missing(db: WorldConnection) -> None:
    order = await one(
        db,
        "SELECT id FROM orders WHERE payment_method IS NULL OR "
        "captured_cents IS NULL ORDER BY id LIMIT 1",
    )
    details = await get_order_details(db, order["id"])
    assert details.payment.record_missing
    assert "missing" in details.payment.note


@pytest.mark.parametrize("order_id", ["ORD-0", " ", "'; DROP TABLE orders; --", "%"])
async def test_details_unknown_order(db: WorldConnection, order_id: str) -> None:
    with pytest.raises(ToolInputError, match="not found"):
        await get_order_details(db, order_id)


# ---- update_order ------------------------------------------------------------------------


async def test_change_address(db: WorldConnection, episode: Episode) -> None:
    order = await one(db, f"SELECT * FROM orders WHERE {OPEN} ORDER BY id LIMIT 1")
    result = await update_order(
        db,
        order["id"],
        "change_address",
        "customer moved",
        ship_street="12 Harbor Way",
        ship_postal_code="02110",
        ship_city="Boston",
        ship_state="MA",
    )
    after = await _order(db, order["id"])
    assert (
        after["ship_street"],
        after["ship_city"],
        after["ship_state"],
        after["ship_postal_code"],
    ) == ("12 Harbor Way", "Boston", "MA", "02110")
    assert after["ship_name"] == order["ship_name"]
    assert after["total_cents"] == order["total_cents"] and result.refund_usd == 0
    audit = await _last_audit(db)
    details = json.loads(audit["details"])
    assert (audit["tool"], audit["entity_id"], audit["action"]) == (
        "update_order",
        order["id"],
        "change_address",
    )
    assert details["old"]["ship_street"] == order["ship_street"]
    assert details["new"]["ship_street"] == "12 Harbor Way"
    assert details["reason"] == "customer moved"
    assert set(episode.diff().tables) == {"orders", "audit_log"}
    invariants_hold(episode)


async def test_change_method_reprices_like_calculate_shipping(
    db: WorldConnection, episode: Episode
) -> None:
    order = await one(
        db,
        f"SELECT * FROM orders WHERE {OPEN} AND {FULLY_PAID} AND "
        "shipping_method = 'standard' ORDER BY id LIMIT 1",
    )
    quote = await calculate_shipping(db, order_id=order["id"], service="overnight")
    result = await update_order(
        db, order["id"], "change_shipping_method", "needs it sooner", shipping_method="overnight"
    )
    after = await _order(db, order["id"])
    _consistent(after)
    assert after["shipping_method"] == "overnight"
    assert after["shipping_cents"] == round(quote.quotes[0].cost_usd * 100)
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    extra = after["total_cents"] - order["total_cents"]
    assert round(result.additional_charge_usd * 100) == extra > 0
    assert json.loads((await _last_audit(db))["details"])["charge_cents"] == extra
    invariants_hold(episode)


async def test_change_items_releases_stock_and_refunds(
    db: WorldConnection, episode: Episode
) -> None:
    order = await one(
        db,
        f"SELECT o.* FROM orders o WHERE {OPEN} AND {FULLY_PAID} AND "
        f"{NO_BUILD} AND (SELECT count(*) FROM order_items i WHERE "
        "i.order_id = o.id) >= 2 ORDER BY o.id LIMIT 1",
    )
    line = await one(
        db,
        "SELECT * FROM order_items WHERE order_id = ? ORDER BY unit_price_cents DESC LIMIT 1",
        (order["id"],),
    )
    reserved = await _reserved(db, line["product_id"])
    result = await update_order(
        db,
        order["id"],
        "change_items",
        "does not need it",
        items=[ItemQuantity(line_id=line["id"], quantity=0)],
    )
    after = await _order(db, order["id"])
    _consistent(after)
    assert await db.scalar("SELECT count(*) FROM order_items WHERE id = ?", (line["id"],)) == 0
    remaining = await db.scalar(
        "SELECT sum(quantity * unit_price_cents) FROM order_items WHERE order_id = ?",
        (order["id"],),
    )
    assert after["subtotal_cents"] == remaining
    assert await _reserved(db, line["product_id"]) == reserved - min(reserved, line["quantity"])
    refund = order["total_cents"] - after["total_cents"]
    assert round(result.refund_usd * 100) == refund > 0
    assert after["refunded_cents"] == order["refunded_cents"] + refund
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    invariants_hold(episode)


async def test_items_change_rechecks_and_drops_the_promotion(
    db: WorldConnection, episode: Episode
) -> None:
    order = await one(
        db,
        f"SELECT o.* FROM orders o WHERE {OPEN} AND {FULLY_PAID} AND "
        f"{NO_BUILD} AND (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) >= 2 "
        "ORDER BY o.id LIMIT 1",
    )
    await arrange(
        db,
        "INSERT INTO promotions (id, code, description, discount_type, "
        "discount_value, min_spend_cents, starts_on, ends_on) VALUES "
        "('PRM-T1', 'TESTALL5', 'test', 'percent', 5, ?, ?, ?)",
        (order["subtotal_cents"], "2026-01-01", "2026-12-31"),
    )
    await apply_promotion(db, order["id"], "testall5", replace_existing=True)
    assert (await _order(db, order["id"]))["promotion_code"] == "TESTALL5"
    line = await one(
        db, "SELECT * FROM order_items WHERE order_id = ? ORDER BY id LIMIT 1", (order["id"],)
    )
    result = await update_order(
        db,
        order["id"],
        "change_items",
        "one fewer line",
        items=[ItemQuantity(line_id=line["id"], quantity=0)],
    )
    after = await _order(db, order["id"])
    _consistent(after)
    assert after["promotion_code"] is None and after["discount_cents"] == 0
    assert result.promotion_code is None
    assert any("removed" in n and "short" in n for n in result.notes)
    invariants_hold(episode)


async def test_adding_units_beyond_stock_is_refused(db: WorldConnection, episode: Episode) -> None:
    order = await one(
        db, f"SELECT * FROM orders o WHERE {OPEN} AND {PAID} AND {NO_BUILD} ORDER BY id LIMIT 1"
    )
    line = await one(
        db,
        "SELECT i.* FROM order_items i JOIN products p ON p.id = i.product_id "
        "WHERE i.order_id = ? AND p.category <> 'service' LIMIT 1",
        (order["id"],),
    )
    await arrange(
        db, "UPDATE inventory SET reserved = on_hand WHERE product_id = ?", (line["product_id"],)
    )
    before = episode.diff()
    with pytest.raises(ToolInputError, match="available"):
        await update_order(
            db,
            order["id"],
            "change_items",
            "wants two more",
            items=[ItemQuantity(line_id=line["id"], quantity=line["quantity"] + 2)],
        )
    assert episode.diff() == before


async def test_assembled_build_parts_cannot_change(db: WorldConnection, episode: Episode) -> None:
    line = await one(
        db,
        f"SELECT i.* FROM order_items i JOIN orders o ON o.id = i.order_id "
        f"JOIN builds b ON b.id = i.build_id WHERE o.{OPEN} AND b.assembled = 1 "
        "ORDER BY i.id LIMIT 1",
    )
    await _refused(
        db,
        episode,
        "assembled",
        order_id=line["order_id"],
        action="change_items",
        reason="swap",
        items=[ItemQuantity(line_id=line["id"], quantity=0)],
    )


async def test_cancel_refunds_and_releases(db: WorldConnection, episode: Episode) -> None:
    order = await one(db, f"SELECT * FROM orders WHERE {OPEN} AND {PAID} ORDER BY id LIMIT 1")
    lines = await db.fetchall("SELECT * FROM order_items WHERE order_id = ?", (order["id"],))
    reserved = {x["product_id"]: await _reserved(db, x["product_id"]) for x in lines}
    result = await update_order(db, order["id"], "cancel", "ordered by mistake")
    after = await _order(db, order["id"])
    assert after["status"] == "cancelled" and result.status == "cancelled"
    assert after["refunded_cents"] == after["captured_cents"]
    assert round(result.refund_usd * 100) == order["captured_cents"] - order["refunded_cents"]
    if order["payment_method"] != "store_credit":
        # Refunds policy: nothing comes back on a cancellation, so the refund is sent at once.
        assert "now" in result.payment_note and "business days" not in result.payment_note
    _consistent(after)
    history = await one(
        db,
        "SELECT * FROM order_status_history WHERE order_id = ? ORDER BY id DESC LIMIT 1",
        (order["id"],),
    )
    assert history["status"] == "cancelled" and "ordered by mistake" in history["note"]
    units: dict[str, int] = {}
    for x in lines:
        units[x["product_id"]] = units.get(x["product_id"], 0) + x["quantity"]
    for product_id, n in units.items():
        held = reserved[product_id]
        assert await _reserved(db, product_id) == held - min(held, n)
    audit = await _last_audit(db)
    assert audit["action"] == "cancel"
    assert json.loads(audit["details"])["refund_cents"] == round(result.refund_usd * 100)
    invariants_hold(episode)


async def test_cancel_without_payment_record_says_so(db: WorldConnection, episode: Episode) -> None:
    order = await one(db, f"SELECT * FROM orders WHERE {OPEN} ORDER BY id LIMIT 1")
    await arrange(
        db,
        "UPDATE orders SET payment_method = NULL, card_last4 = NULL, "
        "captured_cents = NULL WHERE id = ?",
        (order["id"],),
    )
    result = await update_order(db, order["id"], "cancel", "customer request")
    assert result.refund_usd == 0 and "no payment record" in result.payment_note
    assert (await _order(db, order["id"]))["status"] == "cancelled"
    invariants_hold(episode)


async def _refused(db: WorldConnection, episode: Episode, match: str, **args: Any) -> None:
    before = episode.diff()
    with pytest.raises(ToolInputError, match=match):
        await update_order(db, **args)
    assert episode.diff() == before


async def test_closed_orders_cannot_change(db: WorldConnection, episode: Episode) -> None:
    for status in ("shipped", "delivered", "cancelled"):
        order = await one(db, "SELECT id FROM orders WHERE status = ? LIMIT 1", (status,))
        await _refused(
            db,
            episode,
            f"'{status}'.*pending or processing",
            order_id=order["id"],
            action="change_address",
            reason="moved",
            ship_city="Austin",
        )
        await _refused(
            db,
            episode,
            f"'{status}'",
            order_id=order["id"],
            action="cancel",
            reason="no longer wanted",
        )


async def test_update_rejects_bad_requests(db: WorldConnection, episode: Episode) -> None:
    order = await one(db, f"SELECT * FROM orders WHERE {OPEN} ORDER BY id LIMIT 1")
    other = await one(db, "SELECT id FROM order_items WHERE order_id <> ? LIMIT 1", (order["id"],))
    line = await one(db, "SELECT * FROM order_items WHERE order_id = ? LIMIT 1", (order["id"],))
    oid = order["id"]
    await _refused(db, episode, "reason", order_id=oid, action="cancel", reason="   ")
    await _refused(
        db,
        episode,
        "cannot be used",
        order_id=oid,
        action="cancel",
        reason="x",
        shipping_method="overnight",
    )
    await _refused(
        db, episode, "needs the new address", order_id=oid, action="change_address", reason="x"
    )
    await _refused(
        db,
        episode,
        "ZIP",
        order_id=oid,
        action="change_address",
        reason="x",
        ship_postal_code="ABCDE",
    )
    await _refused(
        db,
        episode,
        "already ships",
        order_id=oid,
        action="change_shipping_method",
        reason="x",
        shipping_method=order["shipping_method"],
    )
    await _refused(
        db,
        episode,
        "not on order",
        order_id=oid,
        action="change_items",
        reason="x",
        items=[ItemQuantity(line_id=other["id"], quantity=1)],
    )
    await _refused(
        db,
        episode,
        "twice",
        order_id=oid,
        action="change_items",
        reason="x",
        items=[
            ItemQuantity(line_id=line["id"], quantity=line["quantity"] + 1),
            ItemQuantity(line_id=line["id"], quantity=1),
        ],
    )
    everything = [
        ItemQuantity(line_id=r["id"], quantity=0)
        for r in await db.fetchall("SELECT id FROM order_items WHERE order_id = ?", (oid,))
    ]
    await _refused(
        db, episode, "cancel", order_id=oid, action="change_items", reason="x", items=everything
    )
    await _refused(db, episode, "not found", order_id="ORD-0", action="cancel", reason="x")


async def test_total_change_without_payment_record_is_refused(
    db: WorldConnection, episode: Episode
) -> None:
    order = await one(
        db,
        f"SELECT * FROM orders WHERE {OPEN} AND shipping_method <> 'overnight' ORDER BY id LIMIT 1",
    )
    await arrange(
        db,
        "UPDATE orders SET payment_method = NULL, captured_cents = NULL WHERE id = ?",
        (order["id"],),
    )
    await _refused(
        db,
        episode,
        "no payment record",
        order_id=order["id"],
        action="change_shipping_method",
        reason="x",
        shipping_method="overnight",
    )
