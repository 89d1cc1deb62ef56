"""The business invariants a generated world holds, checked on its database.

`check_invariants(conn)` returns one specific message per violation (empty: all hold). The
planted mess is the documented exception: a shipping record planted as `shipping_date_conflict`
may have dates that contradict each other, and a ticket planted as `ticket_wrong_order_number`
cites an order of another customer. Everything else must hold exactly.

Tier at a moment: the highest tier whose minimum lifetime spend is reached by the customer's
legacy spend plus the net (paid - refunded) of their orders placed before that moment that were
not cancelled. The generator decides promotions and shipping with it; the final tier is the
same rule applied to every order on file.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable

from corecraft_mcp.world.basket_rules import PART_CATEGORIES, basket_rules
from corecraft_mcp.world.compatibility import check_compatibility, load_products, load_rules
from corecraft_mcp.world.models import LoyaltyTier, Promotion
from corecraft_mcp.world.rules import (
    PromoTerms,
    TierRule,
    promotion_discount_cents,
    promotion_problem,
    tier_for_spend,
)

Check = Callable[[sqlite3.Connection], list[str]]
# An order's net in lifetime spend: what was paid less what was refunded (the total where the
# payment record is missing). The schema's orders_settle_spend trigger applies the same rule to
# every write; for generated orders, paid is the total.
NET_PAID_SQL = "coalesce(o.captured_cents, o.total_cents) - o.refunded_cents"


def _money(cents: int) -> str:
    return f"${cents / 100:,.2f}"


def _rows(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row  # on this cursor only: the connection is the caller's
    return cursor.execute(sql).fetchall()


def _tiers(conn: sqlite3.Connection) -> list[TierRule]:
    return [
        TierRule.from_tier(LoyaltyTier.model_validate(dict(row)))
        for row in _rows(conn, "SELECT * FROM loyalty_tiers ORDER BY rank")
    ]


def _planted(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {
        row[0] for row in conn.execute("SELECT entity_id FROM planted_mess WHERE kind = ?", (kind,))
    }


def check_lifetime_spend(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT c.id, c.lifetime_spend_cents, c.legacy_spend_cents + coalesce(("
        f" SELECT sum({NET_PAID_SQL}) FROM orders o"
        " WHERE o.customer_id = c.id AND o.status <> 'cancelled'), 0)"
        " FROM customers c ORDER BY c.id"
    ).fetchall()
    return [
        f"customer {cid}: lifetime spend {_money(stored)} but legacy spend plus net orders "
        f"(paid less refunded, not cancelled) is {_money(expected)}"
        for cid, stored, expected in rows
        if stored != expected
    ]


def check_tiers(conn: sqlite3.Connection) -> list[str]:
    tiers = _tiers(conn)
    if not tiers:
        return ["loyalty_tiers is empty: tiers cannot be checked"]
    problems = []
    for cid, tier, spend in conn.execute(
        "SELECT id, tier, lifetime_spend_cents FROM customers ORDER BY id"
    ):
        expected = tier_for_spend(tiers, spend).name
        if tier != expected:
            problems.append(
                f"customer {cid}: tier {tier} but lifetime spend {_money(spend)} reaches {expected}"
            )
    return problems


def check_order_totals(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT o.id, o.subtotal_cents, o.discount_cents, o.shipping_cents, o.total_cents,"
        " (SELECT coalesce(sum(i.quantity * i.unit_price_cents), 0) FROM order_items i"
        "  WHERE i.order_id = o.id), (SELECT count(*) FROM order_items i WHERE i.order_id = o.id)"
        " FROM orders o ORDER BY o.id"
    ).fetchall()
    problems = []
    for oid, subtotal, discount, shipping, total, items_sum, n_items in rows:
        if n_items == 0:
            problems.append(f"order {oid}: has no items")
        if subtotal != items_sum:
            problems.append(
                f"order {oid}: subtotal {_money(subtotal)} but its items sum to {_money(items_sum)}"
            )
        if total != subtotal - discount + shipping:
            problems.append(
                f"order {oid}: total {_money(total)} is not subtotal - discount + shipping"
            )
        if discount > subtotal:
            problems.append(f"order {oid}: discount {_money(discount)} exceeds the subtotal")
    return problems


def check_shipping_dates(conn: sqlite3.Connection) -> list[str]:
    planted = _planted(conn, "shipping_date_conflict")
    problems = []
    for sid, oid, shipped, delivered, placed in conn.execute(
        "SELECT s.id, s.order_id, s.shipped_at, s.delivered_at, o.placed_at FROM shipping_records s"
        " JOIN orders o ON o.id = s.order_id ORDER BY s.id"
    ):
        if sid in planted:
            continue
        if shipped is not None and shipped < placed:
            problems.append(
                f"shipment {sid} (order {oid}): shipped {shipped} before the order "
                f"was placed {placed}"
            )
        if delivered is not None and shipped is not None and delivered < shipped:
            problems.append(
                f"shipment {sid} (order {oid}): delivered {delivered} before it "
                f"shipped {shipped}, and it is not planted as shipping_date_conflict"
            )
    return problems


def check_refunds(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for oid, captured, refunded, credited in conn.execute(
        "SELECT o.id, o.captured_cents, o.refunded_cents, (SELECT coalesce(sum(r.refund_cents), 0)"
        " FROM order_returns r WHERE r.order_id = o.id AND r.kind = 'store_credit'"
        " AND r.status <> 'rejected') FROM orders o ORDER BY o.id"
    ):
        if captured is None:
            continue
        if refunded > captured:
            problems.append(
                f"order {oid}: refunded {_money(refunded)} exceeds captured {_money(captured)}"
            )
        elif refunded + credited > captured:
            problems.append(
                f"order {oid}: refunds {_money(refunded)} plus store credit "
                f"{_money(credited)} exceed captured {_money(captured)}"
            )
    return problems


def check_returned_quantities(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for item_id, order_id, quantity, returned, orders_match in conn.execute(
        "SELECT i.id, i.order_id, i.quantity, sum(r.quantity), min(r.order_id = i.order_id)"
        " FROM order_items i JOIN order_returns r ON r.order_item_id = i.id"
        " WHERE r.status <> 'rejected' GROUP BY i.id ORDER BY i.id"
    ):
        if returned > quantity:
            problems.append(
                f"order item {item_id} (order {order_id}): {returned} units returned "
                f"of {quantity} bought"
            )
        if not orders_match:
            problems.append(f"order item {item_id}: a return names another order than {order_id}")
    return problems


def check_promotions(conn: sqlite3.Connection) -> list[str]:
    """Every code on an order was valid when it was placed, with the right discount."""
    tiers = _tiers(conn)
    ranks = {t.name: t.rank for t in tiers}
    promos = {
        str(row["code"]).lower(): PromoTerms.from_promotion(Promotion.model_validate(dict(row)))
        for row in _rows(conn, "SELECT * FROM promotions")
    }
    lines: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for oid, category, cents in conn.execute(
        "SELECT i.order_id, p.category, i.quantity * i.unit_price_cents FROM order_items i"
        " JOIN products p ON p.id = i.product_id ORDER BY i.id"
    ):
        lines[oid].append((category, cents))
    legacy: dict[str, int] = dict(
        conn.execute("SELECT id, legacy_spend_cents FROM customers").fetchall()
    )
    spent: dict[str, int] = {}
    used: set[tuple[str, str]] = set()
    problems = []
    # Walk the orders in time: each sees the spend of the ones placed before it.
    batch: list[tuple[str, str, str, int, str | None, int, int]] = []
    rows = conn.execute(
        "SELECT o.id, o.customer_id, o.placed_at, o.discount_cents, o.promotion_code,"
        f" {NET_PAID_SQL}, o.status = 'cancelled' FROM orders o ORDER BY o.placed_at, o.id"
    ).fetchall()
    for index, row in enumerate(rows):
        batch.append(row)
        if index + 1 < len(rows) and rows[index + 1][2] == row[2]:
            continue  # orders placed in the same second do not see each other
        for oid, cid, placed, discount, code, _, _ in batch:
            if code is None:
                if discount:
                    problems.append(f"order {oid}: discount {_money(discount)} without a code")
                continue
            terms = promos.get(code.lower())
            if terms is None:
                problems.append(f"order {oid}: promotion {code} does not exist")
                continue
            tier = tier_for_spend(tiers, spent.get(cid, legacy.get(cid, 0)))
            problem = promotion_problem(
                terms,
                on=placed[:10],
                lines=lines[oid],
                tier=tier,
                tier_ranks=ranks,
                used_before=(cid, code.lower()) in used,
            )
            if problem:
                problems.append(
                    f"order {oid}: promotion {code} was not valid when placed: {problem}"
                )
            expected = promotion_discount_cents(terms, lines[oid])
            if problem is None and discount != expected:
                problems.append(
                    f"order {oid}: discount {_money(discount)} but {code} gives {_money(expected)}"
                )
        for _, cid, _, _, code, net, cancelled in batch:
            if code is not None:
                used.add((cid, code.lower()))
            if not cancelled:
                spent[cid] = spent.get(cid, legacy.get(cid, 0)) + net
        batch = []
    return problems


def check_inventory(conn: sqlite3.Connection) -> list[str]:
    return [
        f"inventory {pid} at {wh}: reserved {reserved} exceeds on hand {on_hand}"
        for pid, wh, on_hand, reserved in conn.execute(
            "SELECT product_id, warehouse, on_hand, reserved FROM inventory"
            " WHERE reserved > on_hand OR reserved < 0 ORDER BY id"
        )
    ]


def check_ticket_orders(conn: sqlite3.Connection) -> list[str]:
    planted = _planted(conn, "ticket_wrong_order_number")
    return [
        f"ticket {tid}: order {oid} belongs to {owner}, not to the ticket's customer {cid}, and "
        "the ticket is not planted as ticket_wrong_order_number"
        for tid, cid, oid, owner in conn.execute(
            "SELECT t.id, t.customer_id, t.order_id, o.customer_id FROM support_tickets t"
            " JOIN orders o ON o.id = t.order_id WHERE t.customer_id IS NOT NULL"
            " AND o.customer_id <> t.customer_id ORDER BY t.id"
        )
        if tid not in planted
    ]


def check_status_history(conn: sqlite3.Connection) -> list[str]:
    """An order's status is the last one its history records."""
    return [
        f"order {oid}: status {status} but its history ends with {last}"
        for oid, status, last in conn.execute(
            "SELECT o.id, o.status, (SELECT h.status FROM order_status_history h"
            " WHERE h.order_id = o.id ORDER BY h.at DESC, h.id DESC LIMIT 1) FROM orders o"
            " ORDER BY o.id"
        )
        if status != last
    ]


def check_basket_parts(conn: sqlite3.Connection) -> list[str]:
    """Parts bought in one order fit each other (by the basket rules), unless the order is
    planted as incompatible_parts_in_order."""
    planted = _planted(conn, "incompatible_parts_in_order")
    rules = basket_rules(load_rules(conn))
    specs = {
        spec.id: spec
        for spec in load_products(
            conn, [r[0] for r in conn.execute("SELECT id FROM products ORDER BY id")]
        )
    }
    marks = ", ".join("?" * len(PART_CATEGORIES))
    parts: dict[str, list[str]] = defaultdict(list)
    for oid, pid in conn.execute(
        "SELECT i.order_id, i.product_id FROM order_items i JOIN products p ON p.id ="
        f" i.product_id WHERE p.category IN ({marks}) ORDER BY i.id",
        sorted(PART_CATEGORIES),
    ):
        parts[oid].append(pid)
    problems = []
    for oid, ids in sorted(parts.items()):
        if len(ids) < 2 or oid in planted:
            continue
        report = check_compatibility([specs[i] for i in ids], rules)
        if not report.compatible:
            problems.append(
                f"order {oid}: its parts do not fit each other ("
                f"{', '.join(e.code for e in report.errors)}) and it is not planted as "
                "incompatible_parts_in_order"
            )
    return problems


def check_clock(conn: sqlite3.Connection) -> list[str]:
    """Nothing in the commerce history happened after the world's today (promised dates may)."""
    row = conn.execute("SELECT value FROM world_meta WHERE key = 'today'").fetchone()
    if row is None:
        return []
    limit = f"{row[0]}T23:59:59Z"
    queries = {
        "orders placed": "SELECT id, placed_at FROM orders WHERE placed_at > ?",
        "status changes": "SELECT order_id, at FROM order_status_history WHERE at > ?",
        "shipments shipped": "SELECT id, shipped_at FROM shipping_records WHERE shipped_at > ?",
        "shipments delivered": "SELECT id, delivered_at FROM shipping_records WHERE delivered_at > ?",
        "tracking events": "SELECT shipment_id, at FROM shipping_events WHERE at > ?",
        "returns": "SELECT id, created_at FROM order_returns WHERE created_at > ?",
        "customers": "SELECT id, created_at FROM customers WHERE created_at > ?",
    }
    return [
        f"{what}: {entity} is dated {when}, after the world's today {row[0]}"
        for what, sql in queries.items()
        for entity, when in conn.execute(sql, (limit,))
    ]


CHECKS: tuple[Check, ...] = (
    check_tiers,
    check_lifetime_spend,
    check_order_totals,
    check_shipping_dates,
    check_refunds,
    check_returned_quantities,
    check_promotions,
    check_inventory,
    check_ticket_orders,
    check_status_history,
    check_basket_parts,
    check_clock,
)


def check_invariants(conn: sqlite3.Connection) -> list[str]:
    """Every violated invariant of the world, one specific message each (empty: all hold)."""
    problems: list[str] = []
    for check in CHECKS:
        problems.extend(check(conn))
    return problems
