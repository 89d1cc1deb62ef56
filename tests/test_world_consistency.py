"""The frozen seed42 world tells one consistent story: parts bought together fit, quoted refunds leave shipping out, SLA warnings come after their due time,
no template field is left empty, only older orders lack a payment record, returns charge the tier at the return, support threads do not
repeat themselves, and lifetime spend follows every refund and cancellation."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest

from corecraft_mcp.world.basket_rules import PART_CATEGORIES, basket_rules
from corecraft_mcp.world.compatibility import check_compatibility, load_products, load_rules
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.generate.commerce import MISSING_PAYMENT_MIN_AGE_DAYS
from corecraft_mcp.world.invariants import check_lifetime_spend, check_tiers
from corecraft_mcp.world.text_variety import repeated_sentences, sentence_spread
from corecraft_mcp.world.world import World

# The most tickets one sentence may appear in (threads, internal notes and resolutions).
SENTENCE_TICKETS_BOUND = 5


@pytest.fixture(scope="module")
def base(world: World) -> sqlite3.Connection:
    return world.base


def test_parts_bought_together_fit(base: sqlite3.Connection) -> None:
    rules = basket_rules(load_rules(base))
    marks = ",".join("?" * len(PART_CATEGORIES))
    unfit = []
    for (order_id,) in base.execute("SELECT id FROM orders ORDER BY id"):
        ids = [
            row[0]
            for row in base.execute(
                "SELECT i.product_id FROM order_items i JOIN products p ON p.id = i.product_id"
                f" WHERE i.order_id = ? AND p.category IN ({marks})",
                (order_id, *sorted(PART_CATEGORIES)),
            )
        ]
        if len(ids) > 1:
            report = check_compatibility(load_products(base, ids), rules)
            if not report.compatible:
                unfit.append((order_id, [e.code for e in report.errors]))
    assert unfit == []


def test_refund_escalations_quote_the_items_not_the_shipping(base: sqlite3.Connection) -> None:
    quoted = base.execute(
        "SELECT t.order_id, m.body FROM ticket_messages m JOIN support_tickets t"
        " ON t.id = m.ticket_id WHERE m.internal AND m.body LIKE '%supervisor threshold%'"
    ).fetchall()
    assert quoted
    for order_id, body in quoted:
        subtotal, discount, total = base.execute(
            "SELECT subtotal_cents, discount_cents, total_cents FROM orders WHERE id = ?",
            (order_id,),
        ).fetchone()
        amount = re.search(r"(?:Refund of|comes to) \$([\d,]+\.\d\d)", body)
        assert amount is not None, body
        cents = round(float(amount.group(1).replace(",", "")) * 100)
        assert cents == subtotal - discount
        assert cents > 100_000, f"{order_id}: the items alone do not need supervisor approval"
        assert cents != total or total == subtotal - discount


def test_sla_warnings_come_after_a_missed_due_time(base: sqlite3.Connection) -> None:
    wrong = base.execute(
        "SELECT m.ticket_id FROM ticket_messages m JOIN support_tickets t ON t.id = m.ticket_id"
        " WHERE m.body LIKE 'SLA warning%' AND (m.created_at <= t.first_response_due"
        " OR t.first_response_at <= t.first_response_due)"
    ).fetchall()
    assert wrong == []


def test_no_message_has_an_empty_field(base: sqlite3.Connection) -> None:
    empty = base.execute(
        "SELECT ticket_id, body FROM ticket_messages WHERE body LIKE '%()%'"
        " OR body LIKE '% ,%' OR body LIKE '%with  %' OR body LIKE '%[[%'"
        " UNION ALL SELECT id, resolution FROM support_tickets WHERE resolution LIKE '%  %'"
    ).fetchall()
    assert empty == []


def test_only_older_orders_lack_a_payment_record(base: sqlite3.Connection) -> None:
    today = dt.date.fromisoformat(
        base.execute("SELECT value FROM world_meta WHERE key = 'today'").fetchone()[0]
    )
    newest = base.execute(
        "SELECT max(placed_at) FROM orders WHERE captured_cents IS NULL"
    ).fetchone()[0]
    assert newest is not None
    age = today - dt.date.fromisoformat(newest[:10])
    assert age.days > MISSING_PAYMENT_MIN_AGE_DAYS


def test_returns_charge_the_tier_at_the_return(base: sqlite3.Connection) -> None:
    # ORD-100907 was its customer's first order and lifted them to Silver: an opened return
    # after it pays Silver's fee (10%), not Standard's at purchase (15%).
    fee, quantity, notes, price = base.execute(
        "SELECT r.restocking_fee_cents, r.quantity, r.notes, i.unit_price_cents FROM"
        " order_returns r JOIN order_items i ON i.id = r.order_item_id WHERE r.id = 'RMA-50107'"
    ).fetchone()
    assert fee == price * quantity * 10 // 100
    assert notes.startswith("10%")


def test_no_sentence_repeats_across_more_than_a_handful_of_tickets(
    base: sqlite3.Connection,
) -> None:
    assert len(sentence_spread(base)) > 1000  # threads were read at all
    assert repeated_sentences(base, more_than=SENTENCE_TICKETS_BOUND) == []


def test_sentence_measure_counts_tickets_not_messages() -> None:
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        "CREATE TABLE ticket_messages (ticket_id TEXT, author TEXT, internal INT, body TEXT);"
        "CREATE TABLE support_tickets (id TEXT, resolution TEXT);"
        "INSERT INTO ticket_messages VALUES ('T1', 'agent', 0, 'We will ship it today. Thanks!'),"
        " ('T1', 'agent', 0, 'We will  ship it today.'), ('T2', 'customer', 0, 'we will ship it"
        " today.'), ('T3', 'system', 0, 'We will ship it today.');"
        "INSERT INTO support_tickets VALUES ('T3', 'Done.');"
    )
    (top,) = [r for r in sentence_spread(conn) if r.sentence == "we will ship it today."]
    assert (top.tickets, top.sources) == (2, "agent,customer")
    assert repeated_sentences(conn, more_than=1) == [top]


async def test_a_refund_settles_lifetime_spend_and_tier(episode: Episode) -> None:
    conn = episode.db.conn
    # The customer with the most spend above a tier threshold, refunded just below it.
    row = conn.execute(
        "SELECT o.id, o.customer_id, c.lifetime_spend_cents, c.tier, t.min_lifetime_spend_cents,"
        " o.captured_cents - o.refunded_cents FROM orders o JOIN customers c ON c.id ="
        " o.customer_id JOIN loyalty_tiers t ON t.name = c.tier WHERE o.status = 'delivered'"
        " AND o.captured_cents IS NOT NULL AND t.rank > 0 AND o.captured_cents - o.refunded_cents"
        " > c.lifetime_spend_cents - t.min_lifetime_spend_cents ORDER BY o.id LIMIT 1"
    ).fetchone()
    order_id, customer_id, spend, tier, floor, refundable = row
    refund = spend - floor + 1
    assert refund <= refundable
    conn.execute(
        "UPDATE orders SET refunded_cents = refunded_cents + ? WHERE id = ?", (refund, order_id)
    )
    after_spend, after_tier = conn.execute(
        "SELECT lifetime_spend_cents, tier FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()
    assert after_spend == spend - refund
    assert after_tier != tier
    assert check_lifetime_spend(conn) == [] and check_tiers(conn) == []


async def test_a_cancellation_takes_the_order_out_of_lifetime_spend(episode: Episode) -> None:
    conn = episode.db.conn
    order_id, customer_id, paid = conn.execute(
        "SELECT id, customer_id, captured_cents FROM orders WHERE status = 'processing'"
        " AND captured_cents IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    spend = conn.execute(
        "SELECT lifetime_spend_cents FROM customers WHERE id = ?", (customer_id,)
    ).fetchone()[0]
    conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order_id,))
    assert (
        conn.execute(
            "SELECT lifetime_spend_cents FROM customers WHERE id = ?", (customer_id,)
        ).fetchone()[0]
        == spend - paid
    )
    assert check_lifetime_spend(conn) == [] and check_tiers(conn) == []
