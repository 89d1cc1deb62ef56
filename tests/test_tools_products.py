"""search_products, get_product_details, check_inventory and validate_build_compatibility
against the seed42 world."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ConfigDict, ValidationError, validate_call

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.build_check import BuildItem
from corecraft_mcp.tools.product_search import ProductSearchResult
from corecraft_mcp.tools.products import (
    TOOLS,
    check_inventory,
    get_product_details,
    search_products,
    validate_build_compatibility,
)
from corecraft_mcp.world.compatibility import check_products_in_db
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.episode import Episode
from corecraft_mcp.world.world import World

HOSTILE_QUERIES = [
    '"',
    "AND OR (",
    "NOT NEAR",
    "'; DROP TABLE products; --",
    "name: *",
    "x' OR '1'='1",
    "100% _off_ \\",
    "\x00",
    "日本語 ü",
    "9" * 200,
]

STOCK = (
    "SELECT p.*, coalesce(sum(i.on_hand - i.reserved), 0) AS available FROM products p "
    "LEFT JOIN inventory i ON i.product_id = p.id"
)


async def product(db: WorldConnection, where: str, params: tuple[Any, ...] = ()) -> Row:
    row = await db.fetchone(f"{STOCK} WHERE {where} GROUP BY p.id ORDER BY p.id LIMIT 1", params)
    assert row is not None, f"seed42 has a product where {where}"
    return row


async def all_results(db: WorldConnection, **filters: Any) -> ProductSearchResult:
    """Every match of a search (one big page: the catalogue has a few hundred products)."""
    first = await search_products(db, page_size=50, **filters)
    results = list(first.results)
    page = 2
    while len(results) < first.total:
        results += (await search_products(db, page=page, page_size=50, **filters)).results
        page += 1
    return first.model_copy(update={"results": results})


def test_tool_names() -> None:
    assert [spec.name for spec in TOOLS] == [
        "search_products",
        "get_product_details",
        "check_inventory",
        "validate_build_compatibility",
    ]
    assert all(spec.kind == "read" for spec in TOOLS)


# ---- search_products ---------------------------------------------------------------------


async def test_search_by_name_ranks_the_product_first(db: WorldConnection) -> None:
    row = await product(db, "p.discontinued = 0 AND p.category = 'gpu'")
    result = await search_products(db, query=row["name"])
    assert result.match_mode == "all_terms"
    assert result.results[0].name == row["name"]
    hit = result.results[0]
    if hit.id == row["id"]:
        assert (hit.sku, hit.brand, hit.category) == (row["sku"], row["brand"], "gpu")
        assert hit.price_usd == row["price_cents"] / 100
        assert hit.in_stock_units == row["available"]


async def test_exact_sku_or_id_comes_first(db: WorldConnection) -> None:
    row = await product(db, "p.category = 'psu'")
    for key in (row["sku"], row["sku"].lower(), row["id"]):
        result = await search_products(db, query=key)
        assert result.results[0].id == row["id"]


async def test_list_without_query_counts_everything(db: WorldConnection) -> None:
    result = await search_products(db)
    assert result.total == await db.scalar("SELECT count(*) FROM products")
    assert result.match_mode is None and result.has_more


async def test_pagination_is_disjoint_and_complete(db: WorldConnection) -> None:
    everything = await all_results(db, category="cpu")
    ids = [r.id for r in everything.results]
    assert len(ids) == len(set(ids)) == everything.total
    assert everything.total == await db.scalar("SELECT count(*) FROM products WHERE category='cpu'")
    last = await search_products(db, category="cpu", page=everything.total // 5 + 1, page_size=5)
    assert not last.has_more


async def test_category_brand_and_price(db: WorldConnection) -> None:
    brand = await db.scalar("SELECT brand FROM products WHERE category = 'psu' LIMIT 1")
    result = await all_results(
        db, category="psu", brand=brand.upper(), min_price_usd=50, max_price_usd=200
    )
    expected = await db.scalar(
        "SELECT count(*) FROM products WHERE category = 'psu' AND brand = ? "
        "AND price_cents BETWEEN 5000 AND 20000",
        (brand,),
    )
    assert result.total == expected
    for hit in result.results:
        assert hit.category == "psu" and hit.brand == brand and 50 <= hit.price_usd <= 200


async def test_price_range_must_be_ordered(db: WorldConnection, episode: Episode) -> None:
    with pytest.raises(ToolInputError, match="min_price_usd"):
        await search_products(db, min_price_usd=300, max_price_usd=100)
    assert episode.diff().is_empty


async def test_in_stock_filter(db: WorldConnection) -> None:
    stocked = await all_results(db, in_stock=True)
    empty = await all_results(db, in_stock=False)
    assert stocked.total + empty.total == await db.scalar("SELECT count(*) FROM products")
    assert stocked.total and all(r.in_stock_units > 0 for r in stocked.results)
    assert all(r.in_stock_units == 0 for r in empty.results)
    row = await product(db, "1")
    hit = (await search_products(db, query=row["sku"])).results[0]
    assert hit.in_stock_units == row["available"]


async def test_discontinued_are_marked_or_left_out(db: WorldConnection) -> None:
    row = await product(db, "p.superseded_by IS NOT NULL")
    everything = await all_results(db, category=row["category"])
    marked = {r.id: r for r in everything.results if r.discontinued}
    assert marked[row["id"]].successor_id == row["superseded_by"]
    current = await all_results(db, category=row["category"], include_discontinued=False)
    assert current.total == everything.total - len(marked)
    assert not any(r.discontinued for r in current.results)


async def test_socket_filter_covers_boards_cpus_and_coolers(db: WorldConnection) -> None:
    result = await all_results(db, socket="AM5")
    categories = {r.category for r in result.results}
    assert {"cpu", "motherboard"} <= categories
    assert categories & {"air_cooler", "liquid_cooler"}
    for hit in result.results:
        row = await db.fetchone(
            "SELECT socket, supported_sockets FROM products WHERE id = ?", (hit.id,)
        )
        assert row is not None
        sockets = [s.strip() for s in (row["supported_sockets"] or "").split(",")]
        assert row["socket"] == "AM5" or "AM5" in sockets


async def test_spec_filters(db: WorldConnection) -> None:
    checks: list[tuple[dict[str, Any], str]] = [
        ({"memory_type": "DDR5", "category": "memory"}, "memory_type LIKE '%DDR5%'"),
        ({"min_wattage": 850}, "wattage >= 850"),
        ({"max_length_mm": 300}, "length_mm <= 300"),
        ({"min_gpu_clearance_mm": 350}, "max_gpu_length_mm >= 350"),
        ({"max_cooler_height_mm": 160}, "height_mm <= 160"),
        ({"min_capacity_gb": 2000}, "capacity_gb >= 2000"),
        ({"interface": "nvme"}, "interface LIKE '%NVMe%'"),
        ({"form_factor": "Mini-ITX", "category": "motherboard"}, "form_factor = 'Mini-ITX'"),
    ]
    for filters, sql in checks:
        result = await all_results(db, **filters)
        category = filters.get("category")
        where = f"{sql} AND category = '{category}'" if category else sql
        expected = await db.fetchall(f"SELECT id FROM products WHERE {where} ORDER BY id")
        assert expected, f"seed42 has products with {sql}"
        assert sorted(r.id for r in result.results) == [r["id"] for r in expected], filters


async def test_any_term_fallback_and_no_match(db: WorldConnection) -> None:
    row = await product(db, "p.category = 'cpu'")
    fallback = await search_products(db, query=f"{row['model']} zzqxnotaword")
    assert fallback.match_mode == "any_term" and fallback.total >= 1
    nothing = await search_products(db, query="zzqxnotaword")
    assert nothing.total == 0 and nothing.note


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
async def test_hostile_queries_never_fail(
    db: WorldConnection, episode: Episode, query: str
) -> None:
    result = await search_products(db, query=query, category="cpu")
    assert all(r.category == "cpu" for r in result.results)
    assert episode.diff().is_empty
    assert await db.scalar("SELECT count(*) FROM products") > 0


async def test_sort_orders(db: WorldConnection) -> None:
    cheap = await all_results(db, category="gpu", sort="price_low_to_high")
    prices = [r.price_usd for r in cheap.results]
    assert prices == sorted(prices)
    dear = await search_products(db, category="gpu", sort="price_high_to_low")
    assert dear.results[0].price_usd == max(prices)


# ---- get_product_details -----------------------------------------------------------------


async def test_details_by_id_or_sku(db: WorldConnection) -> None:
    row = await product(db, "p.category = 'motherboard'")
    by_id = await get_product_details(db, row["id"])
    by_sku = await get_product_details(db, f" {row['sku'].lower()} ")
    assert by_id == by_sku
    assert by_id.price_usd == row["price_cents"] / 100
    assert (by_id.weight_grams, by_id.release_date) == (row["weight_grams"], row["release_date"])
    specs = {
        k: row[k]
        for k in ("socket", "chipset", "form_factor", "memory_type", "memory_slots", "m2_slots")
        if row[k] is not None
    }
    assert specs.items() <= by_id.specs.items()
    assert all(v is not None for v in by_id.specs.values())
    assert "price_cents" not in by_id.specs and "discontinued" not in by_id.specs
    assert by_id.stock.available == row["available"]


async def test_details_of_discontinued_product(db: WorldConnection) -> None:
    row = await product(db, "p.superseded_by IS NOT NULL")
    details = await get_product_details(db, row["id"])
    assert details.discontinued and details.successor is not None
    name = await db.scalar("SELECT name FROM products WHERE id = ?", (row["superseded_by"],))
    assert (details.successor.id, details.successor.name) == (row["superseded_by"], name)


async def test_warranty_of_new_units(db: WorldConnection) -> None:
    years = db.policy.warranty
    premium = await product(db, "p.category = 'psu' AND p.premium_line = 1")
    standard = await product(db, "p.category = 'psu' AND p.premium_line = 0")
    ssd = await product(db, "p.category = 'ssd'")
    for row, expected_years in (
        (premium, years.psu_premium),
        (standard, years.psu),
        (ssd, years.ssd),
    ):
        details = await get_product_details(db, row["id"])
        assert details.warranty is not None
        assert details.warranty.duration_months == 12 * expected_years, row["name"]
    service = await product(db, "p.category = 'service'")
    details = await get_product_details(db, service["id"])
    assert details.warranty is None and details.warranty_note


async def test_final_sale_is_shown(db: WorldConnection) -> None:
    row = await product(db, "p.final_sale = 1")
    assert (await get_product_details(db, row["id"])).final_sale
    hit = (await search_products(db, query=row["sku"])).results[0]
    assert hit.id == row["id"] and hit.final_sale


@pytest.mark.parametrize("key", ["PRD-99999", "", "   ", "'; DROP TABLE products; --", "%", "_"])
async def test_details_unknown_product(db: WorldConnection, episode: Episode, key: str) -> None:
    with pytest.raises(ToolInputError, match="not found"):
        await get_product_details(db, key)
    assert episode.diff().is_empty


# ---- check_inventory ---------------------------------------------------------------------


async def test_inventory_per_warehouse(db: WorldConnection) -> None:
    row = await product(db, "p.id IN (SELECT product_id FROM inventory WHERE reserved > 0)")
    result = await check_inventory(db, [row["id"]])
    [stock] = result.products
    stored = await db.fetchall(
        "SELECT warehouse, on_hand, reserved, restock_date FROM inventory WHERE product_id = ? "
        "ORDER BY warehouse",
        (row["id"],),
    )
    assert [(w.warehouse, w.on_hand, w.reserved, w.restock_date) for w in stock.warehouses] == [
        (r["warehouse"], r["on_hand"], r["reserved"], r["restock_date"]) for r in stored
    ]
    assert all(w.available == w.on_hand - w.reserved for w in stock.warehouses)
    assert stock.total_available == row["available"] == sum(w.available for w in stock.warehouses)
    assert stock.total_reserved == sum(r["reserved"] for r in stored) > 0
    assert stock.in_stock == (row["available"] > 0)


async def test_inventory_of_several_products(db: WorldConnection) -> None:
    rows = await db.fetchall("SELECT id, sku FROM products ORDER BY id LIMIT 3")
    keys = [rows[0]["id"], rows[1]["sku"].lower(), rows[2]["id"], rows[0]["sku"]]
    result = await check_inventory(db, keys)
    assert [p.product_id for p in result.products] == [r["id"] for r in rows]


async def test_discontinued_out_of_stock_points_at_successor(db: WorldConnection) -> None:
    row = await db.fetchone(
        f"{STOCK} WHERE p.superseded_by IS NOT NULL GROUP BY p.id "
        "ORDER BY available = 0 DESC, p.id LIMIT 1"
    )
    assert row is not None
    [stock] = (await check_inventory(db, [row["id"]])).products
    assert stock.successor is not None and stock.successor.id == row["superseded_by"]
    succ = (await check_inventory(db, [row["superseded_by"]])).products[0]
    assert stock.successor_available == succ.total_available
    assert stock.note is not None and row["superseded_by"] in stock.note


async def test_inventory_unknown_ids(db: WorldConnection, episode: Episode) -> None:
    known = await db.scalar("SELECT min(id) FROM products")
    with pytest.raises(ToolInputError, match=r"'NOPE-1', 'x'") as err:
        await check_inventory(db, [known, "NOPE-1", "x"])
    assert known not in str(err.value).split("not found")[0]
    assert episode.diff().is_empty


async def test_inventory_input_bounds(db: WorldConnection) -> None:
    validated = validate_call(config=ConfigDict(arbitrary_types_allowed=True))(check_inventory)
    with pytest.raises(ValidationError):
        await validated(db, product_ids=[])
    with pytest.raises(ValidationError):
        await validated(db, product_ids=["PRD-1"] * 26)


# ---- validate_build_compatibility --------------------------------------------------------


async def test_saved_build_matches_the_engine(db: WorldConnection, world: World) -> None:
    build = await db.fetchone(
        "SELECT b.id, b.name FROM builds b WHERE EXISTS "
        "(SELECT 1 FROM build_components c WHERE c.build_id = b.id) ORDER BY b.id LIMIT 1"
    )
    assert build is not None
    result = await validate_build_compatibility(db, build_id=build["id"].lower())
    assert (result.build_id, result.build_name) == (build["id"], build["name"])
    components = await db.fetchall(
        "SELECT product_id, sum(quantity) AS quantity FROM build_components WHERE build_id = ? "
        "GROUP BY product_id",
        (build["id"],),
    )
    assert {(p.id, p.quantity) for p in result.products} == {
        (c["product_id"], c["quantity"]) for c in components
    }
    # the engine's own loader, over the base world's sqlite3 connection, gives the same verdict
    sync = check_products_in_db(world.base, [(c["product_id"], c["quantity"]) for c in components])
    assert result.compatible == sync.compatible
    assert result.errors == sync.errors and result.warnings == sync.warnings


async def test_prebuilt_builds_are_compatible(db: WorldConnection) -> None:
    prebuilts = await db.fetchall("SELECT id FROM builds WHERE kind = 'prebuilt' ORDER BY id")
    assert prebuilts
    for build in prebuilts:
        result = await validate_build_compatibility(db, build_id=build["id"])
        assert result.compatible, (build["id"], result.errors)
        assert result.estimated_power_draw_watts


async def _part(db: WorldConnection, where: str, params: tuple[Any, ...] = ()) -> Row:
    row = await db.fetchone(f"SELECT * FROM products WHERE {where} ORDER BY id LIMIT 1", params)
    assert row is not None, where
    return row


async def test_socket_mismatch_is_an_error(db: WorldConnection) -> None:
    cpu = await _part(db, "category = 'cpu' AND socket = 'AM5'")
    board = await _part(db, "category = 'motherboard' AND socket = 'LGA1700'")
    result = await validate_build_compatibility(
        db, items=[BuildItem(product_id=cpu["sku"]), BuildItem(product_id=board["id"])]
    )
    assert not result.compatible
    codes = {e.code for e in result.errors}
    assert "CPU_SOCKET_MISMATCH" in codes
    issue = next(e for e in result.errors if e.code == "CPU_SOCKET_MISMATCH")
    assert {cpu["id"], board["id"]} <= set(issue.product_ids)
    assert issue.rule_id and issue.message
    assert "Not compatible" in result.summary


async def test_matching_pair_is_compatible(db: WorldConnection) -> None:
    cpu = await _part(db, "category = 'cpu' AND socket = 'AM5'")
    board = await _part(db, "category = 'motherboard' AND socket = 'AM5' AND memory_type = 'DDR5'")
    result = await validate_build_compatibility(
        db, items=[BuildItem(product_id=cpu["id"]), BuildItem(product_id=board["id"])]
    )
    assert result.compatible and not result.errors
    assert result.estimated_power_draw_watts is not None
    assert result.estimated_power_draw_watts >= cpu["tdp_watts"]


async def test_quantities_merge_and_count(db: WorldConnection) -> None:
    cpu = await _part(db, "category = 'cpu'")
    result = await validate_build_compatibility(
        db, items=[BuildItem(product_id=cpu["id"]), BuildItem(product_id=cpu["sku"], quantity=2)]
    )
    assert [(p.id, p.quantity) for p in result.products] == [(cpu["id"], 3)]
    assert "ONE_CPU" in {e.code for e in result.errors}


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"build_id": "BLD-1", "items": [BuildItem(product_id="x")]},
        {"build_id": "NO-SUCH-BUILD"},
        {"build_id": "'; DROP TABLE builds; --"},
        {"items": [BuildItem(product_id="NO-SUCH-PRODUCT")]},
    ],
)
async def test_build_check_bad_input(
    db: WorldConnection, episode: Episode, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ToolInputError):
        await validate_build_compatibility(db, **kwargs)
    assert episode.diff().is_empty


def test_build_item_rejects_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        BuildItem.model_validate({"product_id": "PRD-1", "qty": 2})
    with pytest.raises(ValidationError):
        BuildItem.model_validate({"product_id": "PRD-1", "quantity": 0})


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(
    text=st.one_of(st.none(), st.text(max_size=60), st.sampled_from(HOSTILE_QUERIES)),
    numbers=st.lists(st.one_of(st.none(), st.integers(0, 5000)), min_size=5, max_size=5),
    flags=st.lists(st.one_of(st.none(), st.booleans()), min_size=2, max_size=2),
    page=st.integers(1, 40),
)
async def test_search_never_fails_on_valid_arguments(
    db: WorldConnection,
    text: str | None,
    numbers: list[int | None],
    flags: list[bool | None],
    page: int,
) -> None:
    """Any text in every free-text filter, any in-range numbers: a result, never an exception
    (a reversed price range is the one input error)."""
    low, high = numbers[0], numbers[1]
    try:
        result = await search_products(
            db,
            query=text,
            brand=text,
            chipset=text,
            interface=text,
            min_price_usd=low,
            max_price_usd=high,
            min_wattage=numbers[2],
            max_length_mm=numbers[3],
            min_capacity_gb=numbers[4],
            in_stock=flags[0],
            include_discontinued=flags[1] is not False,
            page=page,
            page_size=5,
        )
    except ToolInputError:
        assert low is not None and high is not None and low > high
        return
    assert result.total >= len(result.results)
    assert result.has_more == (page * 5 < result.total)
