"""Point lookups by id, code or tracking number (in any case) use an index at every world size:
a scan would make them grow with the world."""

from __future__ import annotations

import pytest

from corecraft_mcp.world.world import World

LOOKUPS = [
    ("orders", "id"),
    ("customers", "id"),
    ("support_tickets", "id"),
    ("products", "id"),
    ("products", "sku"),
    ("promotions", "code"),
    ("kb_articles", "id"),
    ("kb_articles", "slug"),
    ("shipping_records", "tracking_number"),
]


@pytest.mark.parametrize(("table", "column"), LOOKUPS)
def test_case_insensitive_lookup_uses_an_index(world: World, table: str, column: str) -> None:
    plan = world.base.execute(
        f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = ? COLLATE NOCASE", ("x",)
    ).fetchall()
    details = " ".join(str(row[3]) for row in plan)
    assert "USING INDEX" in details and "SCAN" not in details, details


def test_lookups_in_any_case_still_find_the_row(world: World) -> None:
    order_id = world.base.execute("SELECT min(id) FROM orders").fetchone()[0]
    row = world.base.execute(
        "SELECT id FROM orders WHERE id = ? COLLATE NOCASE", (order_id.lower(),)
    ).fetchone()
    assert row[0] == order_id


@pytest.mark.parametrize(
    ("table", "prefix"),
    [("customers", "CUS"), ("support_tickets", "TKT"), ("order_returns", "RMA")],
)
async def test_new_ids_are_read_from_an_index(world: World, table: str, prefix: str) -> None:
    from corecraft_mcp.world.connection import WorldConnection

    conn = world.fork()
    db = await WorldConnection.open(conn, world.policy, world.today)
    highest = conn.execute(
        f"SELECT max(CAST(substr(id, {len(prefix) + 2}) AS INTEGER)) FROM {table}"
    ).fetchone()[0]
    assert await db.next_id(table, prefix, 5) == f"{prefix}-{highest + 1:05d}"
    number = f"CAST(substr(id, {len(prefix) + 2}) AS INTEGER)"
    plan = conn.execute(
        f"EXPLAIN QUERY PLAN SELECT {number} FROM {table} WHERE +id LIKE ? "
        f"ORDER BY {number} DESC LIMIT 1",
        (f"{prefix}-%",),
    ).fetchall()
    details = " ".join(str(row[3]) for row in plan)
    assert f"USING INDEX {table}_number" in details and "TEMP B-TREE" not in details, details
    await db.close()
