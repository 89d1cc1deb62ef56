"""Static catalogue data: graphics cards, as GPU chips times board partners' product lines."""

from __future__ import annotations

from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key

# chip key -> (maker, chip name, VRAM GB, memory, board power W, recommended PSU W, launch price $,
#              launch date, size tier, chip it replaces)
_ChipRow = tuple[str, str, int, str, int, int, float, str, str, str | None]

CHIPS: dict[str, _ChipRow] = {
    "4060": ("NVIDIA", "GeForce RTX 4060", 8, "GDDR6", 115, 550, 299, "2023-06-29", "small", None),
    "4060ti8": (
        "NVIDIA",
        "GeForce RTX 4060 Ti",
        8,
        "GDDR6",
        160,
        550,
        399,
        "2023-05-24",
        "small",
        None,
    ),
    "4060ti16": (
        "NVIDIA",
        "GeForce RTX 4060 Ti",
        16,
        "GDDR6",
        165,
        550,
        449,
        "2023-07-18",
        "small",
        None,
    ),
    "4070": ("NVIDIA", "GeForce RTX 4070", 12, "GDDR6X", 200, 650, 549, "2023-04-13", "mid", None),
    "4070s": (
        "NVIDIA",
        "GeForce RTX 4070 SUPER",
        12,
        "GDDR6X",
        220,
        650,
        599,
        "2024-01-17",
        "mid",
        None,
    ),
    "4070tis": (
        "NVIDIA",
        "GeForce RTX 4070 Ti SUPER",
        16,
        "GDDR6X",
        285,
        700,
        799,
        "2024-01-24",
        "high",
        None,
    ),
    "4080s": (
        "NVIDIA",
        "GeForce RTX 4080 SUPER",
        16,
        "GDDR6X",
        320,
        750,
        999,
        "2024-01-31",
        "high",
        None,
    ),
    "4090": (
        "NVIDIA",
        "GeForce RTX 4090",
        24,
        "GDDR6X",
        450,
        850,
        1599,
        "2022-10-12",
        "flagship",
        None,
    ),
    "5050": ("NVIDIA", "GeForce RTX 5050", 8, "GDDR6", 130, 550, 249, "2025-07-01", "small", None),
    "5060": (
        "NVIDIA",
        "GeForce RTX 5060",
        8,
        "GDDR7",
        145,
        550,
        299,
        "2025-05-19",
        "small",
        "4060",
    ),
    "5060ti8": (
        "NVIDIA",
        "GeForce RTX 5060 Ti",
        8,
        "GDDR7",
        180,
        600,
        379,
        "2025-04-16",
        "small",
        "4060ti8",
    ),
    "5060ti16": (
        "NVIDIA",
        "GeForce RTX 5060 Ti",
        16,
        "GDDR7",
        180,
        600,
        429,
        "2025-04-16",
        "small",
        "4060ti16",
    ),
    "5070": (
        "NVIDIA",
        "GeForce RTX 5070",
        12,
        "GDDR7",
        250,
        650,
        549,
        "2025-03-05",
        "mid",
        "4070s",
    ),
    "5070ti": (
        "NVIDIA",
        "GeForce RTX 5070 Ti",
        16,
        "GDDR7",
        300,
        750,
        749,
        "2025-02-20",
        "high",
        "4070tis",
    ),
    "5080": (
        "NVIDIA",
        "GeForce RTX 5080",
        16,
        "GDDR7",
        360,
        850,
        999,
        "2025-01-30",
        "high",
        "4080s",
    ),
    "5090": (
        "NVIDIA",
        "GeForce RTX 5090",
        32,
        "GDDR7",
        575,
        1000,
        1999,
        "2025-01-30",
        "flagship",
        "4090",
    ),
    "7600": ("AMD", "Radeon RX 7600", 8, "GDDR6", 165, 550, 269, "2023-05-25", "small", None),
    "7600xt": ("AMD", "Radeon RX 7600 XT", 16, "GDDR6", 190, 600, 329, "2024-01-24", "small", None),
    "7700xt": ("AMD", "Radeon RX 7700 XT", 12, "GDDR6", 245, 700, 419, "2023-09-06", "mid", None),
    "7800xt": ("AMD", "Radeon RX 7800 XT", 16, "GDDR6", 263, 700, 499, "2023-09-06", "mid", None),
    "7900gre": ("AMD", "Radeon RX 7900 GRE", 16, "GDDR6", 260, 700, 549, "2024-02-27", "mid", None),
    "7900xt": ("AMD", "Radeon RX 7900 XT", 20, "GDDR6", 315, 750, 699, "2022-12-13", "high", None),
    "7900xtx": (
        "AMD",
        "Radeon RX 7900 XTX",
        24,
        "GDDR6",
        355,
        800,
        949,
        "2022-12-13",
        "high",
        None,
    ),
    "9060xt8": (
        "AMD",
        "Radeon RX 9060 XT",
        8,
        "GDDR6",
        150,
        500,
        299,
        "2025-06-05",
        "small",
        "7600",
    ),
    "9060xt16": (
        "AMD",
        "Radeon RX 9060 XT",
        16,
        "GDDR6",
        160,
        550,
        349,
        "2025-06-05",
        "small",
        "7600xt",
    ),
    "9070": ("AMD", "Radeon RX 9070", 16, "GDDR6", 220, 650, 549, "2025-03-06", "mid", "7800xt"),
    "9070xt": (
        "AMD",
        "Radeon RX 9070 XT",
        16,
        "GDDR6",
        304,
        750,
        599,
        "2025-03-06",
        "high",
        "7900xt",
    ),
    "b580": ("Intel", "Arc B580", 12, "GDDR6", 190, 600, 249, "2024-12-13", "small", None),
}

# line key -> (partner brand, prefix, suffix, price premium, weight factor,
#              length mm by size tier: small, mid, high, flagship)
_LineRow = tuple[str, str, str, float, float, tuple[int, int, int, int]]

LINES: dict[str, _LineRow] = {
    "asus-astral": ("ASUS", "ROG Astral", "OC Edition", 0.30, 1.35, (0, 0, 358, 358)),
    "asus-strix": ("ASUS", "ROG Strix", "OC Edition", 0.22, 1.25, (300, 336, 358, 358)),
    "asus-tuf": ("ASUS", "TUF Gaming", "OC Edition", 0.12, 1.15, (301, 301, 348, 348)),
    "asus-prime": ("ASUS", "Prime", "OC Edition", 0.04, 1.0, (268, 304, 304, 0)),
    "asus-dual": ("ASUS", "Dual", "OC Edition", 0.02, 0.9, (227, 267, 0, 0)),
    "msi-suprim": ("MSI", "", "SUPRIM X", 0.22, 1.3, (0, 338, 336, 359)),
    "msi-gaming": ("MSI", "", "GAMING TRIO OC", 0.10, 1.1, (247, 338, 338, 359)),
    "msi-ventus3": ("MSI", "", "VENTUS 3X OC", 0.02, 1.0, (0, 308, 322, 338)),
    "msi-ventus2": ("MSI", "", "VENTUS 2X OC", 0.0, 0.85, (199, 242, 0, 0)),
    "gb-master": ("Gigabyte", "AORUS", "MASTER", 0.25, 1.3, (0, 0, 357, 360)),
    "gb-gaming": ("Gigabyte", "", "GAMING OC", 0.08, 1.1, (282, 300, 342, 340)),
    "gb-windforce": ("Gigabyte", "", "WINDFORCE OC", 0.0, 0.95, (199, 261, 304, 342)),
    "zotac-amp": ("ZOTAC", "GAMING", "AMP Extreme AIRO", 0.18, 1.25, (0, 0, 355, 355)),
    "zotac-solid": ("ZOTAC", "GAMING", "SOLID OC", 0.05, 1.1, (0, 0, 329, 330)),
    "zotac-twin": ("ZOTAC", "GAMING", "Twin Edge OC", 0.0, 0.8, (220, 234, 0, 0)),
    "sapphire-nitro": ("Sapphire", "NITRO+ AMD", "", 0.15, 1.2, (0, 320, 320, 0)),
    "sapphire-pulse": ("Sapphire", "PULSE AMD", "", 0.03, 1.0, (240, 280, 313, 0)),
    "pc-devil": ("PowerColor", "Red Devil AMD", "", 0.14, 1.2, (0, 332, 340, 0)),
    "pc-hellhound": ("PowerColor", "Hellhound AMD", "", 0.05, 1.05, (240, 322, 332, 0)),
    "pc-reaper": ("PowerColor", "Reaper AMD", "", 0.0, 0.85, (200, 304, 0, 0)),
    "xfx-merc": ("XFX", "Speedster MERC 310 AMD", "", 0.10, 1.2, (0, 0, 344, 0)),
    "xfx-qick": ("XFX", "Speedster QICK 319 AMD", "", 0.05, 1.05, (0, 335, 335, 0)),
    "xfx-swift": ("XFX", "Swift AMD", "", 0.0, 0.95, (210, 290, 290, 0)),
    "asrock-challenger": ("ASRock", "Challenger", "OC", 0.0, 0.9, (250, 0, 0, 0)),
    "asrock-steel": ("ASRock", "Steel Legend", "", 0.06, 1.0, (290, 0, 0, 0)),
    "intel-le": ("Intel", "", "Limited Edition", 0.0, 0.8, (272, 0, 0, 0)),
    "sparkle-titan": ("SPARKLE", "", "TITAN OC", 0.04, 0.95, (286, 0, 0, 0)),
    "gb-gaming-amd": ("Gigabyte", "", "GAMING OC", 0.08, 1.1, (281, 288, 288, 0)),
    "asus-tuf-amd": ("ASUS", "TUF Gaming", "OC Edition", 0.12, 1.15, (0, 320, 331, 0)),
}

# Which partner lines sell which chip.
OFFERINGS: dict[str, tuple[str, ...]] = {
    "4060": ("msi-ventus2", "gb-windforce", "asus-dual", "zotac-twin"),
    "4060ti8": ("msi-ventus2", "asus-dual"),
    "4060ti16": ("gb-gaming",),
    "4070": ("asus-dual", "msi-ventus2"),
    "4070s": ("asus-tuf", "msi-ventus3", "gb-windforce", "zotac-twin", "asus-dual"),
    "4070tis": ("asus-tuf", "msi-gaming", "gb-gaming"),
    "4080s": ("asus-strix", "msi-suprim", "zotac-amp"),
    "4090": ("asus-strix", "msi-suprim", "gb-gaming", "zotac-amp"),
    "5050": ("msi-ventus2", "gb-windforce"),
    "5060": ("asus-dual", "msi-ventus2", "gb-windforce", "zotac-twin"),
    "5060ti8": ("msi-ventus2",),
    "5060ti16": ("asus-dual", "msi-gaming", "gb-gaming", "zotac-twin"),
    "5070": ("asus-prime", "msi-ventus2", "msi-gaming", "gb-windforce", "zotac-twin", "asus-tuf"),
    "5070ti": ("asus-tuf", "asus-prime", "msi-ventus3", "msi-gaming", "gb-gaming", "zotac-solid"),
    "5080": (
        "asus-astral",
        "asus-tuf",
        "msi-suprim",
        "msi-ventus3",
        "gb-master",
        "zotac-solid",
        "zotac-amp",
    ),
    "5090": ("asus-astral", "msi-suprim", "msi-gaming", "gb-master", "zotac-solid"),
    "7600": ("sapphire-pulse", "xfx-swift", "pc-reaper"),
    "7600xt": ("sapphire-pulse", "asrock-challenger"),
    "7700xt": ("sapphire-pulse", "xfx-qick"),
    "7800xt": ("sapphire-nitro", "sapphire-pulse", "pc-hellhound", "xfx-qick"),
    "7900gre": ("sapphire-pulse", "pc-hellhound"),
    "7900xt": ("sapphire-pulse", "xfx-merc"),
    "7900xtx": ("sapphire-nitro", "xfx-merc", "pc-devil"),
    "9060xt8": ("sapphire-pulse", "xfx-swift"),
    "9060xt16": ("sapphire-pulse", "pc-reaper", "gb-gaming-amd", "asrock-steel"),
    "9070": ("sapphire-pulse", "pc-hellhound", "xfx-swift", "asus-tuf-amd"),
    "9070xt": (
        "sapphire-nitro",
        "sapphire-pulse",
        "pc-devil",
        "pc-hellhound",
        "xfx-swift",
        "asus-tuf-amd",
        "gb-gaming-amd",
    ),
    "b580": ("intel-le", "asrock-challenger", "sparkle-titan"),
}

_TIERS = ("small", "mid", "high", "flagship")
_TIER_WEIGHT = {"small": 750, "mid": 1150, "high": 1550, "flagship": 2100}
_TIER_SLOTS = {"small": "2", "mid": "2.5", "high": "3", "flagship": "3.5"}


def gpu_key(chip: str, line: str) -> str:
    _maker, chip_name, vram, *_ = CHIPS[chip]
    brand, prefix, suffix, *_ = LINES[line]
    return make_key("gpu", brand, _model(prefix, chip_name, vram, suffix))


def _model(prefix: str, chip_name: str, vram: int, suffix: str) -> str:
    return " ".join(part for part in (prefix, chip_name, f"{vram}GB", suffix) if part)


def _price(launch: float, premium: float) -> int:
    """Partner premium over the launch price, rounded to a shelf price ending in .99."""
    return cents(max(round(launch * (1 + premium) / 10) * 10 - 0.01, 9.99))


def _successor_line(old_chip: str, line: str) -> str | None:
    """The card that replaces `line`'s card on `old_chip`: the same partner line on the newer
    chip, else the partner's first line on it, else any line on it."""
    newer = [chip for chip, row in CHIPS.items() if row[9] == old_chip]
    if not newer:
        return None
    offered = OFFERINGS[newer[0]]
    if line in offered:
        return gpu_key(newer[0], line)
    brand = LINES[line][0]
    same_brand = [candidate for candidate in offered if LINES[candidate][0] == brand]
    return gpu_key(newer[0], (same_brand or list(offered))[0])


def gpu_successions() -> list[tuple[str, str]]:
    """(older card key, key of the newer card that replaces it in its partner's line-up)."""
    pairs: list[tuple[str, str]] = []
    for chip, lines in OFFERINGS.items():
        for line in lines:
            successor = _successor_line(chip, line)
            if successor is not None:
                pairs.append((gpu_key(chip, line), successor))
    return pairs


def gpu_items() -> list[Item]:
    items: list[Item] = []
    for chip, lines in OFFERINGS.items():
        maker, chip_name, vram, memory, power, psu, launch, released, tier, _ = CHIPS[chip]
        for line in lines:
            brand, prefix, suffix, premium, weight_factor, lengths = LINES[line]
            length = lengths[_TIERS.index(tier)]
            if length == 0:
                raise ValueError(f"line {line} has no {tier} card length for {chip}")
            model = _model(prefix, chip_name, vram, suffix)
            items.append(
                Item(
                    key=make_key("gpu", brand, model),
                    category="gpu",
                    brand=brand,
                    model=model,
                    price_cents=_price(launch, premium),
                    weight_grams=round(_TIER_WEIGHT[tier] * weight_factor),
                    release_date=released,
                    description=(
                        f"{maker} {chip_name} graphics card with {vram} GB {memory}, {power} W board "
                        f"power, {length} mm long, {_TIER_SLOTS[tier]}-slot cooler. "
                        f"A {psu} W or larger power supply is recommended."
                    ),
                    specs={"tdp_watts": power, "recommended_psu_watts": psu, "length_mm": length},
                )
            )
    return items
