"""The catalogue's building block: one product as static data, before ids, SKUs and stock."""

from __future__ import annotations

from dataclasses import dataclass, field

# The catalogue data modules price their rows through this name.
from corecraft_mcp.world.money import cents as cents

# Every spec column of the products table, in schema order (premium_line is a flag, not a spec).
SPEC_COLUMNS: tuple[str, ...] = (
    "socket",
    "chipset",
    "form_factor",
    "memory_type",
    "memory_slots",
    "max_memory_gb",
    "memory_modules",
    "capacity_gb",
    "m2_slots",
    "interface",
    "storage_form_factor",
    "tdp_watts",
    "wattage",
    "recommended_psu_watts",
    "length_mm",
    "max_gpu_length_mm",
    "height_mm",
    "max_cooler_height_mm",
    "radiator_mm",
    "max_radiator_mm",
    "supported_sockets",
    "cooler_tdp_watts",
    "psu_form_factor",
    "efficiency",
)

# The spec columns each category fills; every other spec column stays NULL for it.
CATEGORY_SPECS: dict[str, tuple[str, ...]] = {
    "cpu": ("socket", "memory_type", "tdp_watts"),
    "gpu": ("tdp_watts", "recommended_psu_watts", "length_mm"),
    "motherboard": (
        "socket",
        "chipset",
        "form_factor",
        "memory_type",
        "memory_slots",
        "max_memory_gb",
        "m2_slots",
    ),
    "memory": ("memory_type", "memory_modules", "capacity_gb"),
    "ssd": ("capacity_gb", "interface", "storage_form_factor"),
    "hdd": ("capacity_gb", "interface", "storage_form_factor"),
    "psu": ("form_factor", "wattage", "efficiency"),
    "case": (
        "form_factor",
        "max_gpu_length_mm",
        "max_cooler_height_mm",
        "max_radiator_mm",
        "psu_form_factor",
    ),
    "air_cooler": ("height_mm", "supported_sockets", "cooler_tdp_watts"),
    "liquid_cooler": ("radiator_mm", "supported_sockets", "cooler_tdp_watts"),
    "monitor": (),
    "peripheral": (),
    "prebuilt": (),
    "service": (),
}

CATEGORIES: tuple[str, ...] = tuple(CATEGORY_SPECS)

# SKU infix per category: CC-GPU-04071.
SKU_CODES: dict[str, str] = {
    "cpu": "CPU",
    "gpu": "GPU",
    "motherboard": "MBD",
    "memory": "MEM",
    "ssd": "SSD",
    "hdd": "HDD",
    "psu": "PSU",
    "case": "CSE",
    "air_cooler": "ACL",
    "liquid_cooler": "LCL",
    "monitor": "MON",
    "peripheral": "PER",
    "prebuilt": "PBT",
    "service": "SRV",
}


@dataclass(frozen=True)
class Item:
    """A catalogue product as static data. `key` is stable across worlds and is how prebuilt
    recipes and successions refer to a product before it has an id."""

    key: str
    category: str
    brand: str
    model: str
    price_cents: int
    weight_grams: int
    release_date: str
    description: str
    specs: dict[str, str | int] = field(default_factory=dict)
    premium_line: bool = False
    # key of the older product this one replaces in the maker's line-up
    replaces: str | None = None

    @property
    def name(self) -> str:
        return f"{self.brand} {self.model}"


def make_key(category: str, brand: str, model: str) -> str:
    slug = "".join(ch if ch.isalnum() else "-" for ch in f"{brand} {model}".lower())
    while "--" in slug:
        slug = slug.replace("--", "-")
    return f"{category}:{slug.strip('-')}"
