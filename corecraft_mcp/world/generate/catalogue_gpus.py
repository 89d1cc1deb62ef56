"""Catalogue items for graphics cards: GPU chips times the board partners' product lines that sell
them, and which card replaces which in a partner's line-up."""

from __future__ import annotations

from corecraft_mcp.world.generate import catalogue_rows as rows
from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key
from corecraft_mcp.world.generate.catalogue_rows import GpuChipRow, GpuLineRow

_TIER_WEIGHT = {"small": 750, "mid": 1150, "high": 1550, "flagship": 2100}
_TIER_SLOTS = {"small": "2", "mid": "2.5", "high": "3", "flagship": "3.5"}


def _chips() -> dict[str, GpuChipRow]:
    return {chip.chip: chip for chip in rows.gpu_chips()}


def _lines() -> dict[str, GpuLineRow]:
    return {line.line: line for line in rows.gpu_lines()}


def _offerings() -> dict[str, list[str]]:
    """Chip key -> the partner lines selling it, in file order."""
    offered: dict[str, list[str]] = {}
    for row in rows.gpu_offerings():
        offered.setdefault(row.chip, []).append(row.line)
    return offered


def _length(line: GpuLineRow, tier: str) -> int | None:
    return {
        "small": line.length_small_mm,
        "mid": line.length_mid_mm,
        "high": line.length_high_mm,
        "flagship": line.length_flagship_mm,
    }[tier]


def _model(line: GpuLineRow, chip: GpuChipRow) -> str:
    parts = (line.prefix, chip.name, f"{chip.vram_gb}GB", line.suffix)
    return " ".join(part for part in parts if part)


def gpu_key(chip: str, line: str) -> str:
    partner = _lines()[line]
    return make_key("gpu", partner.brand, _model(partner, _chips()[chip]))


def _price(launch: float, premium: float) -> int:
    """Partner premium over the launch price, rounded to a shelf price ending in .99."""
    return cents(max(round(launch * (1 + premium) / 10) * 10 - 0.01, 9.99))


def _successor_line(old_chip: str, line: str) -> str | None:
    """The card that replaces `line`'s card on `old_chip`: the same partner line on the newer
    chip, else the partner's first line on it, else any line on it."""
    newer = [chip.chip for chip in rows.gpu_chips() if chip.replaces == old_chip]
    if not newer:
        return None
    offered = _offerings()[newer[0]]
    if line in offered:
        return gpu_key(newer[0], line)
    lines = _lines()
    brand = lines[line].brand
    same_brand = [candidate for candidate in offered if lines[candidate].brand == brand]
    return gpu_key(newer[0], (same_brand or offered)[0])


def gpu_successions() -> list[tuple[str, str]]:
    """(older card key, key of the newer card that replaces it in its partner's line-up)."""
    pairs: list[tuple[str, str]] = []
    for chip, lines in _offerings().items():
        for line in lines:
            successor = _successor_line(chip, line)
            if successor is not None:
                pairs.append((gpu_key(chip, line), successor))
    return pairs


def gpu_items() -> list[Item]:
    chips, lines = _chips(), _lines()
    items: list[Item] = []
    for chip_key, line_keys in _offerings().items():
        chip = chips[chip_key]
        tier = chip.size_tier
        for line_key in line_keys:
            line = lines[line_key]
            length = _length(line, tier)
            if length is None:
                raise ValueError(f"line {line_key} has no {tier} card length for {chip_key}")
            model = _model(line, chip)
            items.append(
                Item(
                    key=make_key("gpu", line.brand, model),
                    category="gpu",
                    brand=line.brand,
                    model=model,
                    price_cents=_price(chip.launch_price, line.price_premium),
                    weight_grams=round(_TIER_WEIGHT[tier] * line.weight_factor),
                    release_date=chip.released,
                    description=(
                        f"{chip.maker} {chip.name} graphics card with {chip.vram_gb} GB "
                        f"{chip.memory}, {chip.board_power_watts} W board power, {length} mm long, "
                        f"{_TIER_SLOTS[tier]}-slot cooler. A {chip.recommended_psu_watts} W or "
                        "larger power supply is recommended."
                    ),
                    specs={
                        "tdp_watts": chip.board_power_watts,
                        "recommended_psu_watts": chip.recommended_psu_watts,
                        "length_mm": length,
                    },
                )
            )
    return items
