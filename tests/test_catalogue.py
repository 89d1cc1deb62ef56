"""The catalogue stage: products, compatibility rules, inventory and prebuilt builds."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import Any

import pytest

from corecraft_mcp.world.compatibility import check_products_in_db, load_build_items
from corecraft_mcp.world.definition import WorldDefinition, load_definition
from corecraft_mcp.world.generate.catalogue import generate_catalogue
from corecraft_mcp.world.generate.catalogue_items import CATEGORY_SPECS, SPEC_COLUMNS
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.schema import create_schema

TABLES = (
    "products",
    "compatibility_rules",
    "inventory",
    "builds",
    "build_components",
    "planted_mess",
)


def build(definition: WorldDefinition) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    create_schema(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    generate_catalogue(GenContext(definition=definition, conn=conn))
    return conn


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}


def products(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT * FROM products ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def seed42() -> WorldDefinition:
    return load_definition("seed42")


@pytest.fixture(scope="module")
def world(seed42: WorldDefinition) -> sqlite3.Connection:
    return build(seed42)


def test_counts(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    n = len(products(world))
    assert n >= seed42.sizes.products
    assert world.execute("SELECT COUNT(*) FROM compatibility_rules").fetchone()[0] >= 20
    inventory = world.execute("SELECT COUNT(*) FROM inventory").fetchone()[0]
    assert inventory == n * len(seed42.sizes.warehouses)
    prebuilt = world.execute("SELECT COUNT(*) FROM products WHERE category='prebuilt'").fetchone()
    assert 10 <= prebuilt[0] <= 15
    assert world.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_category_present(world: sqlite3.Connection) -> None:
    counts = dict(world.execute("SELECT category, COUNT(*) FROM products GROUP BY category"))
    assert set(counts) == set(CATEGORY_SPECS)
    assert counts["gpu"] >= 40 and counts["cpu"] >= 30 and counts["motherboard"] >= 30
    assert counts["service"] >= 5


def test_spec_columns_filled_by_category(world: sqlite3.Connection) -> None:
    assert set(CATEGORY_SPECS["gpu"]) == {"tdp_watts", "recommended_psu_watts", "length_mm"}
    for row in products(world):
        wanted = set(CATEGORY_SPECS[row["category"]])
        for column in SPEC_COLUMNS:
            assert (row[column] is not None) == (column in wanted), (row["id"], column)
        assert row["premium_line"] == 0 or row["category"] == "psu"


def test_identity_and_plausibility(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    rows = products(world)
    assert [r["id"] for r in rows] == [f"PRD-{n:04d}" for n in range(1, len(rows) + 1)]
    assert len({r["sku"] for r in rows}) == len(rows)
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert re.fullmatch(r"CC-[A-Z]{3}-\d{5}", r["sku"]), r["sku"]
        assert r["release_date"] < seed42.today_iso
        assert 1 <= r["description"].count(".") <= 4 and len(r["description"]) < 300
    grams: dict[str, list[int]] = {r["category"]: [] for r in rows}
    for r in rows:
        grams[r["category"]].append(r["weight_grams"])
    assert min(grams["gpu"]) >= 500 and max(grams["gpu"]) <= 3000
    assert min(grams["case"]) >= 3000 and max(grams["case"]) <= 15000
    assert set(grams["service"]) == {0}
    price = {r["name"]: r["price_cents"] for r in rows}
    assert 150_000 < price["ASUS ROG Astral GeForce RTX 5090 32GB OC Edition"] < 400_000
    assert 20_000 < price["AMD Ryzen 7 9800X3D"] < 60_000
    years = seed42.policy.warranty.corecare_plus_extra_years
    assert any(f"CoreCare+ {years}-Year" in r["name"] for r in rows)


def test_platforms_are_coherent(world: sqlite3.Connection) -> None:
    pairs = set(
        world.execute("SELECT socket, memory_type FROM products WHERE category='motherboard'")
    )
    assert {s for s, m in pairs if m == "DDR4"} == {"AM4", "LGA1700"}
    assert {s for s, m in pairs if m == "DDR5"} == {"AM5", "LGA1700", "LGA1851"}
    cpu_types = dict(
        world.execute("SELECT DISTINCT socket, memory_type FROM products WHERE category='cpu'")
    )
    assert cpu_types == {"AM4": "DDR4", "AM5": "DDR5", "LGA1700": "DDR4,DDR5", "LGA1851": "DDR5"}
    premium = world.execute("SELECT COUNT(*) FROM products WHERE premium_line=1").fetchone()[0]
    assert premium >= 5


def test_discontinued_with_successor(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    rows = {r["id"]: r for r in products(world)}
    planted = world.execute(
        "SELECT entity_id, json_extract(detail, '$.successor') FROM planted_mess "
        "WHERE kind='discontinued_with_successor'"
    ).fetchall()
    assert len(planted) == round(len(rows) * seed42.mess.discontinued_with_successor)
    superseded = {r["id"] for r in rows.values() if r["superseded_by"]}
    assert superseded == {entity for entity, _ in planted}
    for entity, successor in planted:
        old, new = rows[entity], rows[successor]
        assert old["discontinued"] == 1 and old["superseded_by"] == successor
        assert new["category"] == old["category"] and new["discontinued"] == 0
        assert new["release_date"] >= old["release_date"]
    categories = {rows[entity]["category"] for entity, _ in planted}
    assert len(categories) >= 6
    plain = [r for r in rows.values() if r["discontinued"] and not r["superseded_by"]]
    assert 1 <= len(plain) <= 10


def test_final_sale_share(world: sqlite3.Connection) -> None:
    rows = products(world)
    clearance = [r for r in rows if r["final_sale"]]
    assert 0.02 <= len(clearance) / len(rows) <= 0.04
    assert all(r["category"] not in ("service", "prebuilt") for r in clearance)
    successors = {r["superseded_by"] for r in rows if r["superseded_by"]}
    assert not successors & {r["id"] for r in clearance}


def test_inventory(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    today = seed42.today_iso
    per_product = world.execute(
        "SELECT product_id, COUNT(*), GROUP_CONCAT(warehouse) FROM inventory GROUP BY product_id"
    ).fetchall()
    assert all(count == len(seed42.sizes.warehouses) for _, count, _ in per_product)
    rows = world.execute(
        "SELECT i.*, p.discontinued, p.category FROM inventory i JOIN products p "
        "ON p.id = i.product_id"
    ).fetchall()
    assert all(0 <= r["reserved"] <= r["on_hand"] for r in rows)
    assert all(r["restock_date"] is None or r["restock_date"] > today for r in rows)
    current = [r for r in rows if not r["discontinued"] and r["category"] != "service"]
    in_stock = sum(r["on_hand"] > 0 for r in current) / len(current)
    assert 0.8 <= in_stock < 1.0
    sold_out = [r for r in current if r["on_hand"] == 0]
    assert sold_out and all(r["restock_date"] for r in sold_out)
    assert any(r["reserved"] > 0 for r in rows)
    for r in rows:
        if r["discontinued"]:
            assert r["on_hand"] <= 3 and r["restock_date"] is None


def test_prebuilt_builds(world: sqlite3.Connection) -> None:
    builds = world.execute("SELECT * FROM builds").fetchall()
    prebuilt_products = {
        r[0] for r in world.execute("SELECT id FROM products WHERE category='prebuilt'")
    }
    assert {b["product_id"] for b in builds} == prebuilt_products
    for b in builds:
        assert (b["kind"], b["status"], b["assembled"]) == ("prebuilt", "assembled", 1)
        assert b["customer_id"] is None and b["order_id"] is None
        items = load_build_items(world, b["id"])
        components = world.execute(
            f"SELECT category, discontinued FROM products WHERE id IN "
            f"({','.join('?' * len(items))})",
            [pid for pid, _ in items],
        ).fetchall()
        assert all(c["discontinued"] == 0 for c in components)
        assert check_products_in_db(world, items).compatible


def test_deterministic(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    assert dump(build(seed42)) == dump(world)


def test_other_seed_differs_but_holds(world: sqlite3.Connection, seed42: WorldDefinition) -> None:
    other = build(seed42.with_seed(7))
    assert dump(other)["inventory"] != dump(world)["inventory"]
    assert len(products(other)) == len(products(world))


def test_bigger_and_earlier_worlds(seed42: WorldDefinition) -> None:
    data = seed42.model_dump()
    data["sizes"]["products"] = 700
    big = build(WorldDefinition.model_validate(data))
    rows = products(big)
    assert len(rows) >= 700 and len({r["name"] for r in rows}) == len(rows)
    data["sizes"]["products"] = 350
    data["today"] = dt.date(2024, 6, 1)
    early = build(WorldDefinition.model_validate(data))
    assert all(r["release_date"] < "2024-06-01" for r in products(early))
    for (build_id,) in early.execute("SELECT id FROM builds"):
        assert check_products_in_db(early, load_build_items(early, build_id)).compatible
