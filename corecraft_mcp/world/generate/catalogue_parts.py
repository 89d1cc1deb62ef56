"""Catalogue items around the core of a build: power supplies, cases, CPU coolers, monitors and
peripherals."""

from __future__ import annotations

from corecraft_mcp.world.generate import catalogue_rows as rows
from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key


def psu_items() -> list[Item]:
    items: list[Item] = []
    for psu in rows.psus():
        modular = "fully modular " if psu.price >= 90 else ""
        line = " Part of the maker's 10-year warranty line." if psu.premium_line else ""
        items.append(
            Item(
                key=make_key("psu", psu.brand, psu.model),
                category="psu",
                brand=psu.brand,
                model=psu.model,
                price_cents=cents(psu.price),
                weight_grams=(900 if psu.form_factor == "SFX" else 1500) + psu.wattage,
                release_date=psu.released,
                description=(
                    f"{psu.wattage} W {psu.efficiency} {modular}{psu.form_factor} power supply."
                    f"{line}"
                ),
                specs={
                    "form_factor": psu.form_factor,
                    "wattage": psu.wattage,
                    "efficiency": psu.efficiency,
                },
                premium_line=psu.premium_line,
                replaces=make_key("psu", psu.brand, psu.replaces) if psu.replaces else None,
            )
        )
    return items


def case_items() -> list[Item]:
    items: list[Item] = []
    for case in rows.cases():
        radiator = case.max_radiator_mm
        rad = f"radiators up to {radiator} mm" if radiator else "no radiator mounts"
        psu_text = case.psu_form_factors.replace(",", " or ")
        form = case.form_factor
        items.append(
            Item(
                key=make_key("case", case.brand, case.model),
                category="case",
                brand=case.brand,
                model=case.model,
                price_cents=cents(case.price),
                weight_grams=round(case.weight_kg * 1000),
                release_date=case.released,
                description=(
                    f"{form} case (fits boards up to {form}) with room for "
                    f"{case.max_gpu_length_mm} mm graphics cards, {case.max_cooler_height_mm} mm "
                    f"tower coolers and {rad}; takes {psu_text} power supplies."
                ),
                specs={
                    "form_factor": form,
                    "max_gpu_length_mm": case.max_gpu_length_mm,
                    "max_cooler_height_mm": case.max_cooler_height_mm,
                    "max_radiator_mm": radiator,
                    "psu_form_factor": case.psu_form_factors,
                },
                replaces=make_key("case", case.brand, case.replaces) if case.replaces else None,
            )
        )
    return items


def cooler_items() -> list[Item]:
    items: list[Item] = []
    for air in rows.air_coolers():
        items.append(
            Item(
                key=make_key("air_cooler", air.brand, air.model),
                category="air_cooler",
                brand=air.brand,
                model=air.model,
                price_cents=cents(air.price),
                weight_grams=air.weight_grams,
                release_date=air.released,
                description=(
                    f"{air.height_mm} mm tall air CPU cooler rated for {air.rating_watts} W, with "
                    f"mounts for {air.sockets.replace(',', ', ')}."
                ),
                specs={
                    "height_mm": air.height_mm,
                    "supported_sockets": air.sockets,
                    "cooler_tdp_watts": air.rating_watts,
                },
                replaces=make_key("air_cooler", air.brand, air.replaces) if air.replaces else None,
            )
        )
    for aio in rows.liquid_coolers():
        items.append(
            Item(
                key=make_key("liquid_cooler", aio.brand, aio.model),
                category="liquid_cooler",
                brand=aio.brand,
                model=aio.model,
                price_cents=cents(aio.price),
                weight_grams=aio.weight_grams,
                release_date=aio.released,
                description=(
                    f"All-in-one liquid CPU cooler with a {aio.radiator_mm} mm radiator, rated for "
                    f"{aio.rating_watts} W, with mounts for {aio.sockets.replace(',', ', ')}."
                ),
                specs={
                    "radiator_mm": aio.radiator_mm,
                    "supported_sockets": aio.sockets,
                    "cooler_tdp_watts": aio.rating_watts,
                },
                replaces=(
                    make_key("liquid_cooler", aio.brand, aio.replaces) if aio.replaces else None
                ),
            )
        )
    return items


def monitor_items() -> list[Item]:
    items: list[Item] = []
    for monitor in rows.monitors():
        items.append(
            Item(
                key=make_key("monitor", monitor.brand, monitor.model),
                category="monitor",
                brand=monitor.brand,
                model=monitor.model,
                price_cents=cents(monitor.price),
                weight_grams=round(monitor.weight_kg * 1000),
                release_date=monitor.released,
                description=(
                    f"{monitor.diagonal_in:g}-inch {monitor.resolution} {monitor.refresh_hz} Hz "
                    f"{monitor.panel} gaming monitor with adaptive sync and DisplayPort and HDMI "
                    "inputs."
                ),
                replaces=(
                    make_key("monitor", monitor.brand, monitor.replaces)
                    if monitor.replaces
                    else None
                ),
            )
        )
    return items


def peripheral_items() -> list[Item]:
    return [
        Item(
            key=make_key("peripheral", row.brand, row.model),
            category="peripheral",
            brand=row.brand,
            model=row.model,
            price_cents=cents(row.price),
            weight_grams=row.weight_grams,
            release_date=row.released,
            description=row.description,
            replaces=make_key("peripheral", row.brand, row.replaces) if row.replaces else None,
        )
        for row in rows.peripherals()
    ]
