"""The catalogue's line-up before ids: static products, services, prebuilts and, for worlds
larger than the static catalogue, edition variants."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from corecraft_mcp.world.definition import WorldDefinition
from corecraft_mcp.world.generate import catalogue_rows
from corecraft_mcp.world.generate.catalogue_core import (
    board_items,
    cpu_items,
    hdd_items,
    memory_items,
    ssd_items,
)
from corecraft_mcp.world.generate.catalogue_gpus import gpu_items, gpu_successions
from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key
from corecraft_mcp.world.generate.catalogue_parts import (
    case_items,
    cooler_items,
    monitor_items,
    peripheral_items,
    psu_items,
)

# CoreCare+ plans by the price band of the item they cover: (covers items up to $, plan price $).
CORECARE_BANDS: tuple[tuple[float, float], ...] = (
    (249.99, 29.99),
    (499.99, 49.99),
    (999.99, 89.99),
    (1999.99, 149.99),
    (4999.99, 249.99),
)
SERVICES_RELEASED = "2023-01-02"
PREBUILT_BRAND = "CoreCraft"
# Categories a larger world may add edition variants of (same specs, new finish).
_VARIANT_CATEGORIES = (
    "gpu",
    "memory",
    "case",
    "air_cooler",
    "liquid_cooler",
    "monitor",
    "peripheral",
)
_FINISHES = ("White", "Black", "Snow", "Frost", "Midnight", "Arctic", "Carbon", "Stealth")


def component_items() -> list[Item]:
    return [
        *cpu_items(),
        *gpu_items(),
        *board_items(),
        *memory_items(),
        *ssd_items(),
        *hdd_items(),
        *psu_items(),
        *case_items(),
        *cooler_items(),
        *monitor_items(),
        *peripheral_items(),
    ]


def service_items(definition: WorldDefinition) -> list[Item]:
    years = definition.policy.warranty.corecare_plus_extra_years
    items: list[Item] = []
    low = 0.0
    for up_to, price in CORECARE_BANDS:
        model = f"CoreCare+ {years}-Year Protection Plan (${low:,.0f}-${up_to:,.2f})"
        items.append(
            Item(
                key=make_key("service", "CoreCraft", model),
                category="service",
                brand="CoreCraft",
                model=model,
                price_cents=cents(price),
                weight_grams=0,
                release_date=SERVICES_RELEASED,
                description=(
                    f"Adds {years} years of CoreCraft protection on top of the manufacturer's warranty "
                    f"for one item priced ${low:,.0f} to ${up_to:,.2f}; buy it on the same order."
                ),
            )
        )
        low = round(up_to + 0.01, 2)
    for model, price, text in (
        (
            "Custom Build Assembly & Testing",
            149.99,
            "Our technicians assemble your custom build, route the cables, install drivers and "
            "run a 4-hour stress test before shipping.",
        ),
        (
            "Custom Build Assembly Premium",
            249.99,
            "Assembly with custom cable management, BIOS tuning (XMP/EXPO), Windows 11 setup and "
            "a 24-hour stress test.",
        ),
    ):
        items.append(
            Item(
                key=make_key("service", "CoreCraft", model),
                category="service",
                brand="CoreCraft",
                model=model,
                price_cents=cents(price),
                weight_grams=0,
                release_date=SERVICES_RELEASED,
                description=text,
            )
        )
    return items


def prebuilt_recipes() -> list[tuple[str, str, list[tuple[str, int]]]]:
    """CoreCraft's prebuilt line: (model, pitch, component keys with quantities). Every recipe
    must pass the compatibility engine with no errors; the generator checks."""
    parts: dict[str, list[tuple[str, int]]] = {}
    for part in catalogue_rows.prebuilt_parts():
        key = make_key(part.category, part.brand, part.model)
        parts.setdefault(part.prebuilt, []).append((key, part.quantity))
    return [(row.model, row.pitch, parts.get(row.model, [])) for row in catalogue_rows.prebuilts()]


def prebuilt_items(
    by_key: dict[str, Item], definition: WorldDefinition
) -> list[tuple[Item, list[tuple[str, int]]]]:
    """Prebuilt SKUs with their component keys; a recipe with a part the world lacks (a world
    dated before the part's release) is left out."""
    today = definition.today_iso
    years = definition.policy.warranty.prebuilt
    result: list[tuple[Item, list[tuple[str, int]]]] = []
    for model, pitch, recipe in prebuilt_recipes():
        if any(key not in by_key for key, _ in recipe):
            continue
        parts = [(by_key[key], qty) for key, qty in recipe]
        parts_cents = sum(item.price_cents * qty for item, qty in parts)
        # Priced near the parts' total: assembly is included and bundle pricing absorbs it.
        price = max(round(parts_cents * 1.06 / 1000) * 1000 - 1, 1)
        released = max(item.release_date for item, _ in parts)
        by_category = {item.category: item for item, _ in parts}
        summary = ", ".join(by_category[c].model for c in ("cpu", "gpu") if c in by_category)
        memory = sum(
            int(item.specs.get("capacity_gb", 0)) * qty
            for item, qty in parts
            if item.category == "memory"
        )
        storage = sum(
            int(item.specs.get("capacity_gb", 0)) * qty
            for item, qty in parts
            if item.category in ("ssd", "hdd")
        )
        item = Item(
            key=make_key("prebuilt", PREBUILT_BRAND, model),
            category="prebuilt",
            brand=PREBUILT_BRAND,
            model=model,
            price_cents=price,
            weight_grams=sum(i.weight_grams * q for i, q in parts) + 2500,
            release_date=_launch_after(released, today),
            description=(
                f"CoreCraft prebuilt gaming PC for {pitch}: {summary}, {memory} GB memory, "
                f"{storage // 1000} TB storage. Assembled and stress-tested by CoreCraft, with a "
                f"{years}-year CoreCraft system warranty."
            ),
        )
        result.append((item, [(key, qty) for key, qty in recipe]))
    return result


def _launch_after(parts_released: str, today: str) -> str:
    """A prebuilt launches about a month after its newest part, and before today."""
    launch = dt.date.fromisoformat(parts_released) + dt.timedelta(days=30)
    latest = dt.date.fromisoformat(today) - dt.timedelta(days=1)
    return min(launch, latest).isoformat()


def successions(items: list[Item]) -> list[tuple[str, str]]:
    """(older key, newer key) pairs of the makers' line-ups, for products both in the list."""
    keys = {item.key for item in items}
    pairs = [(item.replaces, item.key) for item in items if item.replaces]
    pairs += gpu_successions()
    return [(old, new) for old, new in pairs if old in keys and new in keys]


def _finishes() -> Iterator[str]:
    yield from _FINISHES
    revision = 2
    while True:
        for finish in _FINISHES:
            yield f"{finish} Rev. {revision}"
        revision += 1


def pad_with_variants(items: list[Item], target: int, rng: random.Random) -> list[Item]:
    """Edition variants (new finish, same specs) until the catalogue reaches `target`."""
    if len(items) >= target:
        return items
    bases = [item for item in items if item.category in _VARIANT_CATEGORIES]
    padded = list(items)
    for finish in _finishes():
        for base in rng.sample(bases, len(bases)):
            if len(padded) >= target:
                return padded
            model = f"{base.model} {finish} Edition"
            padded.append(
                Item(
                    key=make_key(base.category, base.brand, model),
                    category=base.category,
                    brand=base.brand,
                    model=model,
                    price_cents=base.price_cents + cents(5 if base.price_cents < 20000 else 20),
                    weight_grams=base.weight_grams,
                    release_date=base.release_date,
                    description=f"{base.description} {finish} edition.",
                    specs=dict(base.specs),
                    premium_line=base.premium_line,
                )
            )
    return padded
