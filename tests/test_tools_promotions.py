"""search_promotions and apply_promotion against the seed42 world: every rule of a code, the
price adjustment of a shipped order, and the money both leave behind."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.order_data import load_order
from corecraft_mcp.tools.pricing import tier_rule
from corecraft_mcp.tools.promotion_rules import check_dates, find_promotion
from corecraft_mcp.tools.promotions import TOOLS, apply_promotion, search_promotions
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.rules import shipping_cost_cents
from tests.conftest import arrange, invariants_hold, one

OPEN = "status IN ('pending', 'processing')"
FULLY_PAID = (
    "payment_method IS NOT NULL AND captured_cents IS NOT NULL AND "
    "captured_cents - refunded_cents = total_cents"
)


async def _order(db: WorldConnection, order_id: str) -> Row:
    return await one(db, "SELECT * FROM orders WHERE id = ?", (order_id,))


async def _promo(db: WorldConnection, code: str, **terms: Any) -> str:
    """A promotion of the test's own (seed42's codes have whatever terms the generator drew)."""
    row: dict[str, Any] = {
        "id": f"PRM-T{code}",
        "code": code,
        "description": "test",
        "discount_type": "percent",
        "discount_value": 10,
        "max_discount_cents": None,
        "min_spend_cents": 0,
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "categories": None,
        "min_tier": None,
        "stackable": 0,
        "one_per_customer": 0,
        "active": 1,
        **terms,
    }
    await arrange(
        db,
        f"INSERT INTO promotions ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        tuple(row.values()),
    )
    return code


async def _open_order(db: WorldConnection, where: str = "") -> Row:
    """An open, fully paid order, without a code (one it had is taken off, paid as it would
    have been without it), so each test starts from a clean order."""
    order = await one(
        db,
        f"SELECT o.* FROM orders o JOIN customers c ON c.id = o.customer_id "
        f"WHERE o.{OPEN} AND o.{FULLY_PAID} {where} ORDER BY o.promotion_code IS NOT NULL, o.id "
        "LIMIT 1",
    )
    if order["promotion_code"] is not None:
        await arrange(
            db,
            "UPDATE orders SET promotion_code = NULL, discount_cents = 0, total_cents = "
            "subtotal_cents + shipping_cents, captured_cents = subtotal_cents + shipping_cents "
            "+ refunded_cents WHERE id = ?",
            (order["id"],),
        )
        order = await _order(db, order["id"])
    return order


async def _refused(db: WorldConnection, episode: Episode, match: str, **args: Any) -> None:
    before = episode.diff()
    with pytest.raises(ToolInputError, match=match):
        await apply_promotion(db, **args)
    assert episode.diff() == before


def test_tool_names() -> None:
    assert [(s.name, s.kind) for s in TOOLS] == [
        ("search_promotions", "read"),
        ("apply_promotion", "write"),
    ]


# ---- search_promotions -------------------------------------------------------------------


async def test_default_search_lists_codes_valid_today(db: WorldConnection) -> None:
    today = db.today.isoformat()
    result = await search_promotions(db, page_size=50)
    expected = await db.scalar(
        "SELECT count(*) FROM promotions WHERE active = 1 AND starts_on <= ? AND ends_on >= ?",
        (today, today),
    )
    assert result.total == expected > 0
    assert all(p.valid_today and p.state == "valid" for p in result.promotions)
    every = await search_promotions(db, include_expired=True, page_size=50)
    assert every.total == await db.scalar("SELECT count(*) FROM promotions")
    assert {p.state for p in every.promotions} - {"valid"}, "seed42 has expired/inactive codes"


async def test_code_lookup_is_exact_and_any_case(db: WorldConnection) -> None:
    row = await one(
        db,
        "SELECT * FROM promotions WHERE ends_on < ? ORDER BY id LIMIT 1",
        (db.today.isoformat(),),
    )
    result = await search_promotions(db, code=row["code"].swapcase())
    assert result.total == 1
    promo = result.promotions[0]
    assert (
        promo.code == row["code"]
        and not promo.valid_today
        and promo.state in ("expired", "inactive")
    )
    assert promo.min_spend_usd == row["min_spend_cents"] / 100
    assert (await search_promotions(db, code=row["code"][:-1] + "#")).total == 0


async def test_category_tier_and_date_filters(db: WorldConnection) -> None:
    result = await search_promotions(db, category="gpu", include_expired=True, page_size=50)
    assert result.total > 0
    assert all(p.categories is None or "gpu" in p.categories for p in result.promotions)
    standard = await search_promotions(db, tier="Standard", include_expired=True, page_size=50)
    assert all(p.min_tier in (None, "Standard") for p in standard.promotions)
    past = (db.today - dt.timedelta(days=200)).isoformat()
    then = await search_promotions(db, valid_on=past, page_size=50)
    assert all(p.starts_on <= past <= p.ends_on and p.active for p in then.promotions)
    assert then.date == past
    with pytest.raises(ToolInputError):
        await search_promotions(db, valid_on="2026-13-01")


# ---- apply_promotion: orders not yet shipped ---------------------------------------------


async def test_apply_percent_code_to_open_order(db: WorldConnection, episode: Episode) -> None:
    order = await _open_order(db)
    code = await _promo(db, "TPCT", discount_value=15, max_discount_cents=2_500)
    result = await apply_promotion(db, order["id"], code.lower(), note="customer had the code")
    after = await _order(db, order["id"])
    discount = min(order["subtotal_cents"] * 15 // 100, 2_500)
    assert after["discount_cents"] == discount and after["promotion_code"] == code
    assert result.kind == "applied" and round(result.discount_usd * 100) == discount
    tier = await one(
        db,
        "SELECT * FROM loyalty_tiers l JOIN customers c ON c.tier = l.name WHERE c.id = ?",
        (order["customer_id"],),
    )
    grams = await db.scalar(
        "SELECT sum(p.weight_grams * i.quantity) FROM order_items i JOIN "
        "products p ON p.id = i.product_id WHERE i.order_id = ?",
        (order["id"],),
    )
    expected_shipping = shipping_cost_cents(
        db.policy.shipping,
        tier_rule(db.policy, tier["name"]),
        order["shipping_method"],
        order["subtotal_cents"] - discount,
        grams,
    )
    assert after["shipping_cents"] == expected_shipping
    assert after["total_cents"] == after["subtotal_cents"] - discount + expected_shipping
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    audit = await one(db, "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    details = json.loads(audit["details"])
    assert (audit["tool"], audit["action"], details["code"]) == ("apply_promotion", "applied", code)
    assert details["old"]["total_cents"] == order["total_cents"]
    assert details["new"]["total_cents"] == after["total_cents"]
    invariants_hold(episode)


async def test_fixed_code_only_on_qualifying_items(db: WorldConnection, episode: Episode) -> None:
    order = await _open_order(db)
    line = await one(
        db,
        "SELECT i.*, p.category FROM order_items i JOIN products p ON p.id = "
        "i.product_id WHERE i.order_id = ? ORDER BY i.id LIMIT 1",
        (order["id"],),
    )
    value = await db.scalar(
        "SELECT sum(i.quantity * i.unit_price_cents) FROM order_items i "
        "JOIN products p ON p.id = i.product_id WHERE i.order_id = ? AND "
        "p.category = ?",
        (order["id"], line["category"]),
    )
    code = await _promo(
        db, "TFIX", discount_type="fixed", discount_value=10_000_000, categories=line["category"]
    )
    result = await apply_promotion(db, order["id"], code)
    assert round(result.discount_usd * 100) == value  # never above the qualifying value
    assert {i.category for i in result.qualifying_items} == {line["category"]}
    invariants_hold(episode)


async def test_rule_failures_each_say_why(db: WorldConnection, episode: Episode) -> None:
    order = await _open_order(db, "AND c.tier <> 'Platinum'")
    oid = order["id"]
    tier = await db.scalar("SELECT tier FROM customers WHERE id = ?", (order["customer_id"],))
    categories = {
        r["category"]
        for r in await db.fetchall(
            "SELECT p.category FROM order_items i JOIN products p ON p.id = i.product_id "
            "WHERE i.order_id = ?",
            (oid,),
        )
    }
    missing = next(c for c in ("monitor", "hdd", "case", "psu", "cpu") if c not in categories)
    await _promo(db, "TOFF", active=0)
    await _promo(db, "TOLD", starts_on="2020-01-01", ends_on="2020-02-01")
    await _promo(db, "TSOON", starts_on="2027-01-01", ends_on="2027-02-01")
    await _promo(db, "TMIN", min_spend_cents=order["subtotal_cents"] + 100)
    await _promo(db, "TCAT", categories=missing)
    await _promo(db, "TPLAT", min_tier="Platinum")
    await _refused(db, episode, "does not exist", order_id=oid, code="NO-SUCH-CODE")
    await _refused(db, episode, "inactive", order_id=oid, code="TOFF")
    await _refused(db, episode, "not valid today", order_id=oid, code="TOLD")
    await _refused(db, episode, "not valid today", order_id=oid, code="TSOON")
    await _refused(db, episode, r"\$1\.00 short", order_id=oid, code="TMIN")
    await _refused(db, episode, f"only to {missing}.*its items are", order_id=oid, code="TCAT")
    await _refused(db, episode, f"Platinum tier.*is {tier}", order_id=oid, code="TPLAT")


async def test_one_code_per_order_and_switching(db: WorldConnection, episode: Episode) -> None:
    order = await _open_order(db)
    await _promo(db, "TFIRST", discount_value=5)
    await _promo(db, "TSECOND", discount_value=10)
    await apply_promotion(db, order["id"], "TFIRST")
    await _refused(
        db,
        episode,
        "already carries code TFIRST.*replace_existing",
        order_id=order["id"],
        code="TSECOND",
    )
    await _refused(db, episode, "already applied", order_id=order["id"], code="tfirst")
    result = await apply_promotion(db, order["id"], "TSECOND", replace_existing=True)
    after = await _order(db, order["id"])
    assert after["promotion_code"] == "TSECOND" and result.replaced_code == "TFIRST"
    assert after["discount_cents"] == order["subtotal_cents"] * 10 // 100
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    invariants_hold(episode)


async def test_one_per_customer(db: WorldConnection, episode: Episode) -> None:
    order = await _open_order(
        db,
        "AND EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = o.customer_id AND x.id <> o.id)",
    )
    other = await one(
        db,
        "SELECT id FROM orders WHERE customer_id = ? AND id <> ? LIMIT 1",
        (order["customer_id"], order["id"]),
    )
    await _promo(db, "TONCE", one_per_customer=1)
    await arrange(db, "UPDATE orders SET promotion_code = 'TONCE' WHERE id = ?", (other["id"],))
    await _refused(
        db, episode, f"one per customer.*{other['id']}", order_id=order["id"], code="TONCE"
    )


# ---- apply_promotion: shipped orders (price adjustment) ----------------------------------


async def _shipped_order(db: WorldConnection, within_days: bool) -> Row:
    """A shipped or delivered order, fully paid, without a code or returns, placed within (or
    before) the price-adjustment window."""
    start = db.today - dt.timedelta(days=db.policy.promotions.price_adjustment_days)
    return await one(
        db,
        f"SELECT * FROM orders WHERE status IN ('shipped', 'delivered') AND "
        f"promotion_code IS NULL AND {FULLY_PAID} AND NOT EXISTS (SELECT 1 "
        "FROM order_returns r WHERE r.order_id = orders.id) AND "
        f"substr(placed_at, 1, 10) {'>=' if within_days else '<'} ? "
        "ORDER BY placed_at DESC LIMIT 1",
        (start.isoformat(),),
    )


async def test_price_adjustment_refunds_the_discount(db: WorldConnection, episode: Episode) -> None:
    order = await _shipped_order(db, within_days=True)
    placed = order["placed_at"][:10]
    code = await _promo(db, "TADJ", discount_value=10, starts_on=placed, ends_on=placed)
    result = await apply_promotion(db, order["id"], code)
    after = await _order(db, order["id"])
    discount = order["subtotal_cents"] * 10 // 100
    assert result.kind == "price_adjustment"
    assert after["discount_cents"] == discount and after["promotion_code"] == code
    assert after["shipping_cents"] == order["shipping_cents"]  # shipping was charged as is
    assert after["refunded_cents"] == order["refunded_cents"] + discount
    assert round(result.refund_usd * 100) == discount
    assert after["total_cents"] == order["total_cents"] - discount
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    audit = await one(db, "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert audit["action"] == "price_adjustment"
    assert json.loads(audit["details"])["refund_cents"] == discount
    invariants_hold(episode)


async def test_price_adjustment_replacing_a_code(db: WorldConnection, episode: Episode) -> None:
    """Switching a shipped order to a better code refunds only the difference, and the order's
    discount becomes the new code's whole discount (regression: it was set to the difference)."""
    order = await _shipped_order(db, within_days=True)
    placed = order["placed_at"][:10]
    await _promo(db, "TOLD", discount_value=5, starts_on=placed, ends_on=placed)
    await _promo(db, "TBETTER", discount_value=12, starts_on=placed, ends_on=placed)
    await apply_promotion(db, order["id"], "TOLD")
    before = await _order(db, order["id"])
    result = await apply_promotion(db, order["id"], "TBETTER", replace_existing=True)
    after = await _order(db, order["id"])
    old, new = (order["subtotal_cents"] * pct // 100 for pct in (5, 12))
    assert before["discount_cents"] == old
    assert result.replaced_code == "TOLD" and after["promotion_code"] == "TBETTER"
    assert after["discount_cents"] == new and round(result.discount_total_usd * 100) == new
    assert round(result.refund_usd * 100) == new - old
    assert after["refunded_cents"] == before["refunded_cents"] + new - old
    assert after["total_cents"] == order["total_cents"] - new
    assert after["captured_cents"] - after["refunded_cents"] == after["total_cents"]
    invariants_hold(episode)


async def test_price_adjustment_limits(db: WorldConnection, episode: Episode) -> None:
    days = db.policy.promotions.price_adjustment_days
    order = await _shipped_order(db, within_days=False)
    placed = order["placed_at"][:10]
    await _promo(db, "TLATE", starts_on=placed, ends_on="2026-12-31")
    await _refused(db, episode, f"within {days} days", order_id=order["id"], code="TLATE")
    await _promo(db, "TNEW", starts_on=db.today.isoformat(), ends_on="2026-12-31")
    await _refused(
        db, episode, "active when the order was placed", order_id=order["id"], code="TNEW"
    )
    cancelled = await one(db, "SELECT id FROM orders WHERE status = 'cancelled' LIMIT 1")
    await _refused(db, episode, "'cancelled'", order_id=cancelled["id"], code="TNEW")


async def test_price_adjustment_window_boundary(db: WorldConnection) -> None:
    """Within N days of the purchase date means up to and including placed + N days."""
    days = db.policy.promotions.price_adjustment_days
    some_code = await one(db, "SELECT code FROM promotions ORDER BY id LIMIT 1")
    promo = (await find_promotion(db, some_code["code"])).model_copy(
        update={"code": "TB", "active": True, "starts_on": "2020-01-01", "ends_on": "2030-12-31"}
    )
    first = await one(db, "SELECT id FROM orders ORDER BY id LIMIT 1")
    any_order = await load_order(db, first["id"])
    for back, allowed in ((days, True), (days + 1, False)):
        placed = (db.today - dt.timedelta(days=back)).isoformat()
        order = any_order.model_copy(
            update={"status": "delivered", "placed_at": f"{placed}T23:59:00Z"}
        )
        if allowed:
            assert check_dates(db, order, promo) == "price_adjustment"
        else:
            with pytest.raises(ToolInputError, match=f"within {days} days"):
                check_dates(db, order, promo)
        open_order = order.model_copy(update={"status": "processing"})
        assert (
            check_dates(db, open_order, promo) == "applied"
        )  # valid today: an open order takes it
