"""The compatibility engine: every rule of the world fires on a crafted incompatible set, stays
quiet on a compatible one, and every prebuilt CoreCraft sells passes."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from corecraft_mcp.world.compatibility import (
    CompatibilityRule,
    UnknownProductError,
    acheck_products,
    aload_build_items,
    aload_products,
    aload_rules,
    check_compatibility,
    check_products_in_db,
    load_build_items,
    load_products,
    load_rules,
)
from corecraft_mcp.world.definition import load_definition
from corecraft_mcp.world.generate.catalogue import generate_catalogue
from corecraft_mcp.world.generate.catalogue_rules import compatibility_rule_rows
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.schema import create_schema

RULES = compatibility_rule_rows()
Part = dict[str, Any]


def _baseline() -> dict[str, Part]:
    """A sound AM5 gaming build, by role."""
    return {
        "cpu": {
            "id": "P-CPU",
            "category": "cpu",
            "name": "AMD Ryzen 7 9800X3D",
            "model": "Ryzen 7 9800X3D",
            "socket": "AM5",
            "memory_type": "DDR5",
            "tdp_watts": 120,
        },
        "board": {
            "id": "P-MB",
            "category": "motherboard",
            "name": "Board X870E",
            "socket": "AM5",
            "chipset": "X870E",
            "form_factor": "ATX",
            "memory_type": "DDR5",
            "memory_slots": 4,
            "max_memory_gb": 256,
            "m2_slots": 4,
        },
        "memory": {
            "id": "P-MEM",
            "category": "memory",
            "memory_type": "DDR5",
            "memory_modules": 2,
            "capacity_gb": 32,
        },
        "ssd": {
            "id": "P-SSD",
            "category": "ssd",
            "capacity_gb": 2000,
            "interface": "NVMe PCIe 4.0",
            "storage_form_factor": "M.2 2280",
        },
        "gpu": {
            "id": "P-GPU",
            "category": "gpu",
            "tdp_watts": 300,
            "recommended_psu_watts": 750,
            "length_mm": 320,
        },
        "cooler": {
            "id": "P-AIR",
            "category": "air_cooler",
            "height_mm": 160,
            "supported_sockets": "AM4,AM5,LGA1700,LGA1851",
            "cooler_tdp_watts": 250,
        },
        "psu": {"id": "P-PSU", "category": "psu", "form_factor": "ATX", "wattage": 850},
        "case": {
            "id": "P-CASE",
            "category": "case",
            "form_factor": "ATX",
            "max_gpu_length_mm": 330,
            "max_cooler_height_mm": 170,
            "max_radiator_mm": 360,
            "psu_form_factor": "ATX",
        },
    }


def _codes(parts: list[Part]) -> set[str]:
    report = check_compatibility(parts, RULES)
    return {issue.code for issue in [*report.errors, *report.warnings]}


Mutation = Callable[[dict[str, Part]], list[Part]]


def _with(**changes: dict[str, Any]) -> Mutation:
    """The baseline with some roles' specs changed."""

    def mutate(build: dict[str, Part]) -> list[Part]:
        for role, specs in changes.items():
            build[role] = {**build[role], **specs}
        return list(build.values())

    return mutate


def _without(role: str, **changes: dict[str, Any]) -> Mutation:
    def mutate(build: dict[str, Part]) -> list[Part]:
        del build[role]
        return _with(**changes)(build)

    return mutate


def _swap(role: str, part: Part) -> Mutation:
    def mutate(build: dict[str, Part]) -> list[Part]:
        build[role] = part
        return list(build.values())

    return mutate


def _plus(extra: Part) -> Mutation:
    return lambda build: [*build.values(), extra]


def _only(*roles: str, **changes: dict[str, Any]) -> Mutation:
    """A partial set: just these roles of the (changed) baseline."""

    def mutate(build: dict[str, Part]) -> list[Part]:
        return [p for p in _with(**changes)(build) if p["id"] in {build[r]["id"] for r in roles}]

    return mutate


INTEL_14 = {
    "socket": "LGA1700",
    "memory_type": "DDR4,DDR5",
    "model": "Core i7-14700K",
    "tdp_watts": 125,
}

CASES: dict[str, Mutation] = {
    "CPU_SOCKET_MISMATCH": _with(cpu={"socket": "LGA1851"}),
    "BOARD_MEMORY_TYPE": _with(
        cpu=INTEL_14, board={"socket": "LGA1700", "chipset": "Z790"}, memory={"memory_type": "DDR4"}
    ),
    "CPU_MEMORY_TYPE": _only(
        "cpu", "memory", cpu={"socket": "AM4", "memory_type": "DDR4", "model": "Ryzen 7 5700X"}
    ),
    "CPU_BOARD_MEMORY_TYPE": _only(
        "cpu", "board", board={"memory_type": "DDR4"}, cpu={"memory_type": "DDR5"}
    ),
    "MEMORY_SLOTS_EXCEEDED": _with(
        board={"memory_slots": 2}, memory={"memory_modules": 4, "capacity_gb": 64}
    ),
    "MEMORY_CAPACITY_EXCEEDED": _with(memory={"capacity_gb": 384}),
    "BOARD_FORM_FACTOR": _with(case={"form_factor": "Micro-ATX"}),
    "PSU_FORM_FACTOR": _with(case={"psu_form_factor": "SFX"}),
    "GPU_TOO_LONG": _with(gpu={"length_mm": 336}),
    "COOLER_TOO_TALL": _with(cooler={"height_mm": 175}),
    "RADIATOR_TOO_LARGE": _swap(
        "cooler",
        {
            "id": "P-AIO",
            "category": "liquid_cooler",
            "radiator_mm": 420,
            "supported_sockets": "AM5",
            "cooler_tdp_watts": 340,
        },
    ),
    "COOLER_SOCKET_UNSUPPORTED": _with(cooler={"supported_sockets": "LGA1700,LGA1851"}),
    "COOLER_UNDERRATED": _with(cooler={"cooler_tdp_watts": 95}),
    "PSU_BELOW_GPU_MINIMUM": _with(psu={"wattage": 700}),
    "PSU_HEADROOM": _with(psu={"wattage": 600}, gpu={"recommended_psu_watts": 550}),
    "M2_SLOTS_EXCEEDED": _with(ssd={"quantity": 5}),
    "ONE_CPU": _with(cpu={"quantity": 2}),
    "ONE_MOTHERBOARD": _with(board={"quantity": 2}),
    "ONE_CASE": _with(case={"quantity": 2}),
    "ONE_PSU": _with(psu={"quantity": 2}),
    "ONE_CPU_COOLER": _plus(
        {
            "id": "P-AIO",
            "category": "liquid_cooler",
            "radiator_mm": 240,
            "supported_sockets": "AM5",
            "cooler_tdp_watts": 250,
        }
    ),
    "NO_CPU_COOLER": _without("cooler"),
    "BIOS_AM5_RYZEN_9000": _with(board={"chipset": "B650"}),
    "BIOS_LGA1700_14TH_GEN": _with(cpu=INTEL_14, board={"socket": "LGA1700", "chipset": "Z690"}),
    "BIOS_AM4_5700X3D": _with(
        cpu={"socket": "AM4", "memory_type": "DDR4", "model": "Ryzen 7 5700X3D", "tdp_watts": 105},
        board={"socket": "AM4", "chipset": "B550", "memory_type": "DDR4", "max_memory_gb": 128},
        memory={"memory_type": "DDR4"},
    ),
    "PCIE5_SSD_SLOT": _only(
        "ssd", "board", ssd={"interface": "NVMe PCIe 5.0"}, board={"chipset": "B650"}
    ),
    "NO_DISPLAY_OUTPUT": _without("gpu", cpu={"model": "Ryzen 5 7500F"}),
    "MIXED_MEMORY_KITS": _with(memory={"quantity": 2}),
    "INCOMPLETE_BUILD": _without("memory"),
}


def test_baseline_is_clean() -> None:
    report = check_compatibility(list(_baseline().values()), RULES)
    assert report.compatible
    assert report.errors == [] and report.warnings == []
    assert report.rules_checked == len(RULES)


def test_every_rule_of_the_world_has_a_case() -> None:
    assert {rule["code"] for rule in RULES} == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fires_on_its_incompatible_set_only(code: str) -> None:
    parts = CASES[code](_baseline())
    assert _codes(parts) == {code}
    severity = next(rule["severity"] for rule in RULES if rule["code"] == code)
    report = check_compatibility(parts, RULES)
    assert report.compatible is (severity == "warning")


def test_messages_are_specific() -> None:
    report = check_compatibility(CASES["GPU_TOO_LONG"](_baseline()), RULES)
    (issue,) = report.errors
    assert "P-GPU" in issue.message and "336 mm" in issue.message
    assert "P-CASE" in issue.message and "330 mm" in issue.message
    assert issue.product_ids == ["P-GPU", "P-CASE"] and issue.rule_id.startswith("CR-")
    (headroom,) = check_compatibility(CASES["PSU_HEADROOM"](_baseline()), RULES).warnings
    # 120 W x 1.35 + 300 W + 75 W + 7 W per drive = 544 W; 20% headroom = 653 W
    assert "544 W" in headroom.message and "653 W" in headroom.message


def test_partial_sets_are_checked_for_what_they_hold() -> None:
    base = _baseline()
    assert _codes([base["gpu"], base["case"]]) == set()
    assert _codes([{**base["gpu"], "length_mm": 400}, base["case"]]) == {"GPU_TOO_LONG"}
    assert _codes([base["cpu"]]) == set()  # no cooler warning outside a full build


def test_unknown_rule_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rule kind"):
        CompatibilityRule.model_validate({**RULES[0], "kind": "telepathy"})


@pytest.fixture(scope="module")
def world() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    conn.execute("PRAGMA foreign_keys = OFF")
    generate_catalogue(GenContext(definition=load_definition("seed42"), conn=conn))
    return conn


def test_every_prebuilt_is_compatible(world: sqlite3.Connection) -> None:
    builds = world.execute("SELECT id FROM builds WHERE kind = 'prebuilt'").fetchall()
    assert len(builds) >= 10
    for (build_id,) in builds:
        items = load_build_items(world, build_id)
        report = check_products_in_db(world, items)
        assert report.compatible, (build_id, report.errors)
        assert report.warnings == [], (build_id, report.warnings)
        categories = {p.category for p in load_products(world, items)}
        assert {"cpu", "motherboard", "memory", "psu", "case", "gpu"} <= categories


def test_rules_load_from_the_world(world: sqlite3.Connection) -> None:
    rules = load_rules(world)
    assert len(rules) >= 20
    assert [r.code for r in rules] == [r["code"] for r in RULES]
    assert all(isinstance(r.parameters, dict) for r in rules)


def test_load_products_with_quantities_and_unknown_ids(world: sqlite3.Connection) -> None:
    ssd = world.execute("SELECT id FROM products WHERE category = 'ssd' LIMIT 1").fetchone()[0]
    specs = load_products(world, [ssd, (ssd, 2)])
    assert len(specs) == 1 and specs[0].quantity == 3 and specs[0].interface
    with pytest.raises(UnknownProductError) as info:
        load_products(world, {ssd: 1, "PRD-9999": 1, "nope": 2})
    assert info.value.missing == ["PRD-9999", "nope"]


def test_real_catalogue_incompatibility(world: sqlite3.Connection) -> None:
    """An AM4 CPU on an AM5 board with a DDR4 kit, from the real catalogue."""

    def first(sql: str) -> str:
        return str(world.execute(sql).fetchone()[0])

    cpu = first("SELECT id FROM products WHERE category='cpu' AND socket='AM4' LIMIT 1")
    board = first("SELECT id FROM products WHERE category='motherboard' AND socket='AM5' LIMIT 1")
    kit = first("SELECT id FROM products WHERE category='memory' AND memory_type='DDR4' LIMIT 1")
    report = check_products_in_db(world, [cpu, board, kit])
    assert not report.compatible
    assert {i.code for i in report.errors} == {
        "CPU_SOCKET_MISMATCH",
        "BOARD_MEMORY_TYPE",
        "CPU_BOARD_MEMORY_TYPE",
    }


def test_prebuilt_sku_expands_to_its_components(world: sqlite3.Connection) -> None:
    product_id, build_id = world.execute(
        "SELECT product_id, id FROM builds WHERE kind = 'prebuilt' ORDER BY id LIMIT 1"
    ).fetchone()
    components = load_build_items(world, build_id)
    expanded = load_products(world, [(product_id, 2)], expand_prebuilts=True)
    assert [(p.id, p.quantity) for p in expanded] == [(pid, 2 * q) for pid, q in components]
    assert check_products_in_db(world, [product_id], expand_prebuilts=True).compatible
    doubled = check_products_in_db(world, {product_id: 2}, expand_prebuilts=True)
    assert "ONE_CPU" in {issue.code for issue in doubled.errors}
    (plain,) = load_products(world, [product_id])
    assert plain.category == "prebuilt"


class _AsyncDb:
    """The `fetchall` of a WorldConnection, over a plain sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.conn.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


async def test_async_helpers_match_sync(world: sqlite3.Connection) -> None:
    db = _AsyncDb(world)
    assert await aload_rules(db) == load_rules(world)
    (build_id,) = world.execute("SELECT id FROM builds ORDER BY id DESC LIMIT 1").fetchone()
    items = await aload_build_items(db, build_id)
    assert items == load_build_items(world, build_id)
    assert await acheck_products(db, items) == check_products_in_db(world, items)
    with pytest.raises(UnknownProductError):
        await aload_products(db, ["PRD-0000"], expand_prebuilts=True)
