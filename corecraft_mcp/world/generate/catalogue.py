"""Stage: the product catalogue, its compatibility rules, stock per warehouse and the prebuilt
builds (products, compatibility_rules, inventory, builds + build_components of kind prebuilt)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from corecraft_mcp.world.clock import iso_ts
from corecraft_mcp.world.compatibility import check_compatibility
from corecraft_mcp.world.generate.catalogue_items import (
    CATEGORIES,
    SKU_CODES,
    SPEC_COLUMNS,
    Item,
)
from corecraft_mcp.world.generate.catalogue_lineup import (
    component_items,
    pad_with_variants,
    prebuilt_items,
    service_items,
    successions,
)
from corecraft_mcp.world.generate.catalogue_rules import compatibility_rule_rows
from corecraft_mcp.world.generate.catalogue_stock import inventory_rows
from corecraft_mcp.world.generate.context import GenContext

STAGE = "catalogue"
# Share of products discontinued with no successor (plain end of life, sold off as clearance),
# and share on final-sale clearance in all.
_END_OF_LIFE_SHARE = 0.01
_FINAL_SALE_SHARE = 0.03
_NOT_DISCONTINUABLE = ("service", "prebuilt")


def generate_catalogue(ctx: GenContext) -> None:
    rng = ctx.rng(STAGE)
    today = ctx.definition.today_iso
    items = [
        item
        for item in [*component_items(), *service_items(ctx.definition)]
        if item.release_date < today
    ]
    prebuilts = prebuilt_items({item.key: item for item in items}, ctx.definition)
    items = pad_with_variants(items, ctx.definition.sizes.products - len(prebuilts), rng)
    catalogue = sorted(
        [*items, *(item for item, _ in prebuilts)],
        key=lambda i: (i.release_date, CATEGORIES.index(i.category), i.name),
    )
    ids = {item.key: f"PRD-{n:04d}" for n, item in enumerate(catalogue, start=1)}
    protected = {key for _, recipe in prebuilts for key, _ in recipe}
    protected |= {item.key for item in catalogue if item.category in _NOT_DISCONTINUABLE}

    target = round(len(catalogue) * ctx.definition.mess.discontinued_with_successor)
    superseded = _pick_successors(catalogue, protected, target, rng)
    end_of_life = _pick_end_of_life(catalogue, protected, superseded, today, rng)
    final_sale = _pick_final_sale(catalogue, protected, superseded, end_of_life, today, rng)

    rows = _product_rows(catalogue, ids, _skus(catalogue, rng), superseded, end_of_life, final_sale)
    ctx.insert_many("products", rows)
    for old, new in sorted(superseded.items(), key=lambda pair: ids[pair[0]]):
        ctx.plant("discontinued_with_successor", "products", ids[old], successor=ids[new])

    rules = compatibility_rule_rows()
    ctx.insert_many("compatibility_rules", rules)
    ctx.insert_many(
        "inventory", inventory_rows(rows, ctx.definition.sizes.warehouses, ctx.today, rng)
    )
    _write_prebuilt_builds(ctx, prebuilts, ids, {row["id"]: row for row in rows}, rules)


def _skus(catalogue: list[Item], rng: random.Random) -> dict[str, str]:
    """Five-digit SKU numbers per category, rising with the product id like a real range."""
    skus: dict[str, str] = {}
    for category in CATEGORIES:
        members = [item for item in catalogue if item.category == category]
        numbers = sorted(rng.sample(range(1000, 100_000), len(members)))
        for item, number in zip(members, numbers, strict=True):
            skus[item.key] = f"CC-{SKU_CODES[category]}-{number:05d}"
    return skus


def _pick_successors(
    catalogue: list[Item], protected: set[str], target: int, rng: random.Random
) -> dict[str, str]:
    """old key -> successor key. The makers' own line-up successions first, spread over
    categories; then, if a world needs more, the newest product of the same category."""
    category = {item.key: item.category for item in catalogue}
    chosen: dict[str, str] = {}

    def usable(old: str, new: str) -> bool:
        return (
            old not in protected
            and old not in chosen
            and old not in chosen.values()
            and new not in chosen
        )

    queues: dict[str, list[tuple[str, str]]] = {}
    for old, new in successions(catalogue):
        queues.setdefault(category[old], []).append((old, new))
    for queue in queues.values():
        rng.shuffle(queue)
    while len(chosen) < target and any(queues.values()):
        for name in sorted(queues):
            queue = queues[name]
            while queue and len(chosen) < target:
                old, new = queue.pop()
                if usable(old, new):
                    chosen[old] = new
                    break
    if len(chosen) < target:
        chosen.update(_generic_successors(catalogue, protected, chosen, target, rng))
    return chosen


def _generic_successors(
    catalogue: list[Item],
    protected: set[str],
    chosen: dict[str, str],
    target: int,
    rng: random.Random,
) -> dict[str, str]:
    """More successions than the makers' line-ups give (worlds with a high rate): an older
    product is succeeded by the newest current one of its category, of its brand if possible."""
    newest_first: dict[tuple[str, str | None], list[Item]] = {}
    for item in sorted(catalogue, key=lambda i: (i.release_date, i.key), reverse=True):
        newest_first.setdefault((item.category, item.brand), []).append(item)
        newest_first.setdefault((item.category, None), []).append(item)
    extra: dict[str, str] = {}
    taken = set(chosen) | set(chosen.values())
    olds = [i for i in catalogue if i.key not in protected and i.key not in taken]
    for old in sorted(rng.sample(olds, len(olds)), key=lambda i: i.release_date):
        if len(chosen) + len(extra) >= target:
            break
        if old.key in extra.values():
            continue
        for group in ((old.category, old.brand), (old.category, None)):
            successor = next(
                (
                    i
                    for i in newest_first[group]
                    if i.release_date > old.release_date
                    and i.key not in chosen
                    and i.key not in extra
                ),
                None,
            )
            if successor is not None:
                extra[old.key] = successor.key
                break
    return extra


def _pick_end_of_life(
    catalogue: list[Item],
    protected: set[str],
    superseded: dict[str, str],
    today: str,
    rng: random.Random,
) -> set[str]:
    cutoff = (dt.date.fromisoformat(today) - dt.timedelta(days=3 * 365)).isoformat()
    # A product whose maker names a successor is never a plain end of life.
    excluded = protected | set(superseded) | set(superseded.values())
    excluded |= {old for old, _ in successions(catalogue)}
    candidates = [
        item.key for item in catalogue if item.release_date < cutoff and item.key not in excluded
    ]
    count = min(len(candidates), max(2, round(len(catalogue) * _END_OF_LIFE_SHARE)))
    return set(rng.sample(candidates, count))


def _pick_final_sale(
    catalogue: list[Item],
    protected: set[str],
    superseded: dict[str, str],
    end_of_life: set[str],
    today: str,
    rng: random.Random,
) -> set[str]:
    """Clearance: the end-of-life stock, topped up with current products two years old or more."""
    cutoff = (dt.date.fromisoformat(today) - dt.timedelta(days=2 * 365)).isoformat()
    # Successors stay regular stock: they are what agents recommend instead.
    excluded = protected | set(superseded) | set(superseded.values()) | end_of_life
    candidates = [
        item.key for item in catalogue if item.release_date < cutoff and item.key not in excluded
    ]
    wanted = round(len(catalogue) * _FINAL_SALE_SHARE) - len(end_of_life)
    return end_of_life | set(rng.sample(candidates, max(0, min(wanted, len(candidates)))))


def _product_rows(
    catalogue: list[Item],
    ids: dict[str, str],
    skus: dict[str, str],
    superseded: dict[str, str],
    end_of_life: set[str],
    final_sale: set[str],
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for item in catalogue:
        successor = superseded.get(item.key)
        row: dict[str, Any] = {
            "id": ids[item.key],
            "sku": skus[item.key],
            "name": item.name,
            "brand": item.brand,
            "model": item.model,
            "category": item.category,
            "price_cents": item.price_cents,
            "weight_grams": item.weight_grams,
            "release_date": item.release_date,
            "description": item.description,
        }
        row.update({column: item.specs.get(column) for column in SPEC_COLUMNS})
        row["premium_line"] = int(item.premium_line)
        row["final_sale"] = int(item.key in final_sale)
        row["discontinued"] = int(successor is not None or item.key in end_of_life)
        row["superseded_by"] = ids[successor] if successor else None
        rows.append(row)
    return rows


def _write_prebuilt_builds(
    ctx: GenContext,
    prebuilts: list[tuple[Item, list[tuple[str, int]]]],
    ids: dict[str, str],
    rows_by_id: dict[str, dict[str, Any]],
    rules: list[dict[str, Any]],
) -> None:
    builds: list[dict[str, Any]] = []
    components: list[dict[str, Any]] = []
    for number, (item, recipe) in enumerate(prebuilts, start=1):
        build_id = f"BLD-{number:04d}"
        parts = [{**rows_by_id[ids[key]], "quantity": qty} for key, qty in recipe]
        report = check_compatibility(parts, rules)
        if not report.compatible:
            problems = "; ".join(issue.message for issue in report.errors)
            raise RuntimeError(f"prebuilt {item.name} is not compatible: {problems}")
        released = dt.datetime.combine(
            dt.date.fromisoformat(item.release_date), dt.time(10, 0), tzinfo=dt.UTC
        )
        builds.append(
            {
                "id": build_id,
                "name": item.name,
                "kind": "prebuilt",
                "customer_id": None,
                "product_id": ids[item.key],
                "order_id": None,
                "assembled": 1,
                "status": "assembled",
                "created_at": iso_ts(released - dt.timedelta(days=14)),
                "notes": "Reference configuration of a CoreCraft prebuilt SKU.",
            }
        )
        components.extend(
            {"build_id": build_id, "product_id": ids[key], "quantity": qty} for key, qty in recipe
        )
    ctx.insert_many("builds", builds)
    ctx.insert_many("build_components", components)
