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
