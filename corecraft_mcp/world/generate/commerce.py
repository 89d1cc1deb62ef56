"""The commerce stages: promotions, then the order history of the window before today.

`generate_orders` replays the window in order of purchase, so every decision uses the world as
it was at that moment: the customer's tier and store credit, the codes valid that day, the
shipping and returns policy versions in force. It writes orders with their items, status
history, shipping records and events, returns and custom builds, then settles every customer's
lifetime spend and tier and reserves stock for the orders still open.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from corecraft_mcp.world.compatibility import load_rules
from corecraft_mcp.world.generate.commerce_baskets import Shelf
from corecraft_mcp.world.generate.commerce_model import (
    Customer,
    Order,
    duplicate_pairs,
    load_customers,
    load_products,
    load_promotions,
    load_returns_eras,
    load_shipping_eras,
    load_tiers,
)
from corecraft_mcp.world.generate.commerce_orders import draft_orders, pay, price_order
from corecraft_mcp.world.generate.commerce_promotions import generate_promotions
from corecraft_mcp.world.generate.commerce_returns import plan_returns
from corecraft_mcp.world.generate.commerce_shipping import (
    finish_shipments,
    plant_shipping_mess,
    shipment_rows,
)
from corecraft_mcp.world.generate.commerce_timeline import run_timeline
from corecraft_mcp.world.generate.commerce_writer import (
    build_rows,
    order_rows,
    reserve_stock,
    return_rows,
)
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.rules import TierRule, tier_for_spend

__all__ = ["generate_orders", "generate_promotions"]

STAGE = "orders"


def _give_duplicates_orders(
    rng: random.Random,
    orders: Sequence[Order],
    customers: Sequence[Customer],
    pairs: Sequence[tuple[str, str]],
) -> None:
    """Both profiles of a duplicated customer have orders (that is how the mess shows): a profile
    without any takes over an order placed after it signed up from a customer with several."""
    by_id = {c.id: c for c in customers}
    counts: dict[str, int] = {}
    for order in orders:
        counts[order.customer.id] = counts.get(order.customer.id, 0) + 1
    involved = {cid for pair in pairs for cid in pair}
    # The orders that may be given, in order, with what the test needs: a given order goes to a
    # profile in `involved` and leaves the list (one pass per profile, not a walk of objects).
    givable = [o for o in orders if o.customer.id not in involved]
    placed = [o.placed_at for o in givable]
    owners = [o.customer.id for o in givable]
    for profile_id in sorted(involved):
        if counts.get(profile_id):
            continue
        profile = by_id[profile_id]
        after = profile.created_at + dt.timedelta(days=1)
        donors = [
            i
            for i, (when, owner) in enumerate(zip(placed, owners, strict=True))
            if when > after and counts[owner] > 1
        ]
        if not donors:
            continue
        index = rng.choice(donors)
        order = givable.pop(index)
        del placed[index], owners[index]
        counts[order.customer.id] -= 1
        counts[profile_id] = 1
        order.customer = profile
        order.ship_to = profile.address_at(order.placed_at)


def _plant_missing_payments(ctx: GenContext, rng: random.Random, orders: Sequence[Order]) -> None:
    """Orders whose receipt (payment record) is missing; the detail keeps what was paid."""
    candidates = [
        o
        for o in orders
        if o.status != "cancelled"
        and not o.returns
        and o.refunded_cents == 0
        and o.payment_method != "store_credit"
    ]
    count = min(len(candidates), round(len(orders) * ctx.definition.mess.missing_payment_record))
    for order in sorted(rng.sample(candidates, count), key=lambda o: o.id):
        ctx.plant(
            "missing_payment_record",
            "orders",
            order.id,
            actual_method=order.payment_method,
            card_last4=order.card_last4,
            amount_cents=order.captured_cents,
        )
        order.payment_method, order.card_last4, order.captured_cents = None, None, None


def _inventory(ctx: GenContext) -> tuple[dict[str, int], dict[str, str | None]]:
    """Units available (on hand less reserved) and the earliest restock date, per product."""
    available: dict[str, int] = {}
    restock: dict[str, str | None] = {}
    for product_id, units, when in ctx.conn.execute(
        "SELECT product_id, sum(on_hand - reserved), min(restock_date) FROM inventory "
        "GROUP BY product_id ORDER BY product_id"
    ):
        available[product_id], restock[product_id] = int(units), when
    return available, restock


def generate_orders(ctx: GenContext) -> None:
    definition, conn, now = ctx.definition, ctx.conn, ctx.now
    policy = definition.policy
    products = load_products(conn)
    shelf = Shelf(products, ctx.today)
    tiers = load_tiers(ctx)
    windows = dict(conn.execute("SELECT name, return_window_days FROM loyalty_tiers").fetchall())
    windows = windows or {n: t.return_window_days for n, t in policy.tiers.items()}
    customers = load_customers(conn)
    promotions = load_promotions(conn)
    shipping_eras, returns_eras = load_shipping_eras(conn), load_returns_eras(ctx)
    available, restock = _inventory(ctx)
    prebuilt = int(conn.execute("SELECT count(*) FROM builds").fetchone()[0])
    custom_builds = max(0, definition.sizes.builds - prebuilt)

    rng = ctx.rng(STAGE)
    orders = draft_orders(
        rng,
        now,
        definition.history_days,
        definition.sizes.orders,
        custom_builds,
        customers,
        shelf,
        load_rules(conn),
        definition.sizes.warehouses,
    )
    _give_duplicates_orders(rng, orders, customers, duplicate_pairs(conn))

    # Separate streams: a change in how returns are drawn never reshuffles shipping, and so on.
    money_rng, time_rng = ctx.rng(f"{STAGE}.money"), ctx.rng(f"{STAGE}.timeline")
    returns_rng = ctx.rng(f"{STAGE}.returns")
    for order in orders:
        price_order(money_rng, order, tiers, promotions, policy.shipping, shipping_eras)
        pay(money_rng, order)
        run_timeline(
            time_rng, order, now, policy.shipping, definition.sizes.warehouses, available, restock
        )
        plan_returns(returns_rng, order, now, shelf, windows, returns_eras)
        if order.status != "cancelled":
            # Spend as of each later purchase: this order's net, refunds included.
            order.customer.spend_cents += order.total_cents - order.refunded_cents

    ship_rng = ctx.rng(f"{STAGE}.shipping")
    finish_shipments(ship_rng, orders, now)
    shipping_plants = plant_shipping_mess(
        ship_rng,
        orders,
        definition.mess.shipping_date_conflict,
        definition.mess.missing_delivery_record,
        policy.returns.no_delivery_record_ship_plus_days,
        now,
    )
    _plant_missing_payments(ctx, ctx.rng(f"{STAGE}.payments"), orders)
    for kind, shipment_id, detail in shipping_plants:
        ctx.plant(kind, "shipping_records", shipment_id, **detail)

    builds, components = build_rows(ctx, ctx.rng(f"{STAGE}.builds"), orders)
    items, orders_table, history = order_rows(orders)
    ctx.insert_many("orders", orders_table)
    ctx.insert_many("order_items", items)
    ctx.insert_many("order_status_history", history)
    ctx.insert_many("builds", builds)
    ctx.insert_many("build_components", components)
    records, events = shipment_rows(orders)
    ctx.insert_many("shipping_records", records)
    ctx.insert_many("shipping_events", events)
    ctx.insert_many("order_returns", return_rows(orders))
    _settle_customers(ctx, customers, tiers)
    reserve_stock(ctx, orders)


def _settle_customers(
    ctx: GenContext, customers: Sequence[Customer], tiers: Sequence[TierRule]
) -> None:
    """Lifetime spend (legacy + net of the orders on file), the tier it reaches, and the store
    credit balance left after credits issued and spent."""
    ctx.conn.executemany(
        "UPDATE customers SET lifetime_spend_cents = ?, tier = ?, store_credit_cents = ? "
        "WHERE id = ?",
        [
            (
                c.spend_cents,
                tier_for_spend(tiers, c.spend_cents).name,
                max(0, sum(cents for _, cents in c.store_credit_events)),
                c.id,
            )
            for c in customers
        ],
    )
