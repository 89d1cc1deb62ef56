"""Catalogue items for the core of a build: processors, motherboards, memory kits and drives."""

from __future__ import annotations

from corecraft_mcp.world.generate import catalogue_rows as rows
from corecraft_mcp.world.generate.catalogue_items import Item, cents, make_key
from corecraft_mcp.world.generate.catalogue_rows import DriveRow

_BOARD_WEIGHT = {"ATX": 1350, "Micro-ATX": 950, "Mini-ITX": 700}
_DRIVE_WEIGHT = {"M.2 2280": 9, "2.5in": 50, "3.5in": 650}


def cpu_items() -> list[Item]:
    items: list[Item] = []
    for cpu in rows.cpus():
        cooler = "Ships with a boxed cooler." if cpu.boxed_cooler else "No cooler included."
        graphics = (
            ""
            if cpu.integrated_graphics
            else " No integrated graphics: a graphics card is required."
        )
        memory_text = cpu.memory_type.replace(",", " or ")
        items.append(
            Item(
                key=make_key("cpu", cpu.brand, cpu.model),
                category="cpu",
                brand=cpu.brand,
                model=cpu.model,
                price_cents=cents(cpu.price),
                weight_grams=420 if cpu.boxed_cooler else 85,
                release_date=cpu.released,
                description=(
                    f"{cpu.cores}-core, {cpu.threads}-thread {cpu.socket} desktop processor "
                    f"boosting to {cpu.boost_ghz} GHz, {cpu.tdp_watts} W TDP, {memory_text} memory. "
                    f"{cooler}{graphics}"
                ),
                specs={
                    "socket": cpu.socket,
                    "memory_type": cpu.memory_type,
                    "tdp_watts": cpu.tdp_watts,
                },
                replaces=make_key("cpu", cpu.brand, cpu.replaces) if cpu.replaces else None,
            )
        )
    return items


def boxed_cooler_models() -> list[str]:
    return [cpu.model for cpu in rows.cpus() if cpu.boxed_cooler]


def no_igpu_models() -> list[str]:
    return [cpu.model for cpu in rows.cpus() if not cpu.integrated_graphics]


def cpu_models(predicate_prefixes: tuple[str, ...]) -> list[str]:
    """CPU models whose name starts with one of the prefixes (a generation, for BIOS rules)."""
    return [cpu.model for cpu in rows.cpus() if cpu.model.startswith(predicate_prefixes)]


def board_items() -> list[Item]:
    items: list[Item] = []
    for board in rows.motherboards():
        m2 = board.m2_slots
        items.append(
            Item(
                key=make_key("motherboard", board.brand, board.model),
                category="motherboard",
                brand=board.brand,
                model=board.model,
                price_cents=cents(board.price),
                weight_grams=_BOARD_WEIGHT[board.form_factor] + (250 if board.price > 400 else 0),
                release_date=board.released,
                description=(
                    f"{board.form_factor} {board.chipset} motherboard for {board.socket} processors "
                    f"with {board.memory_slots} {board.memory_type} slots "
                    f"(up to {board.max_memory_gb} GB) and {m2} M.2 slot{'s' if m2 > 1 else ''}."
                ),
                specs={
                    "socket": board.socket,
                    "chipset": board.chipset,
                    "form_factor": board.form_factor,
                    "memory_type": board.memory_type,
                    "memory_slots": board.memory_slots,
                    "max_memory_gb": board.max_memory_gb,
                    "m2_slots": m2,
                },
                replaces=(
                    make_key("motherboard", board.brand, board.replaces) if board.replaces else None
                ),
            )
        )
    return items


def memory_model(line: str, kind: str, speed: int, cas: int, modules: int, per: int) -> str:
    return f"{line} {modules * per}GB ({modules}x{per}GB) {kind}-{speed} CL{cas}"


def memory_items() -> list[Item]:
    items: list[Item] = []
    for kit in rows.memory_kits():
        kind, speed, modules = kit.memory_type, kit.speed_mts, kit.modules
        model = memory_model(kit.line, kind, speed, kit.cas, modules, kit.gb_per_module)
        total = modules * kit.gb_per_module
        profile = "EXPO/XMP" if kind == "DDR5" and speed >= 6000 else "XMP"
        items.append(
            Item(
                key=make_key("memory", kit.brand, model),
                category="memory",
                brand=kit.brand,
                model=model,
                price_cents=cents(kit.price),
                weight_grams=45 * modules + 40,
                release_date=kit.released,
                description=(
                    f"{total} GB {kind} desktop memory kit of {modules} module"
                    f"{'s' if modules > 1 else ''} rated {speed} MT/s CL{kit.cas} with {profile} "
                    "profiles."
                ),
                specs={"memory_type": kind, "memory_modules": modules, "capacity_gb": total},
                replaces=make_key("memory", kit.brand, kit.replaces) if kit.replaces else None,
            )
        )
    return items


def _capacity_label(gb: int) -> str:
    return f"{gb // 1000}TB" if gb >= 1000 else f"{gb}GB"


def _drive_items(category: str, drives: tuple[DriveRow, ...]) -> list[Item]:
    kind = "solid-state drive" if category == "ssd" else "hard drive"
    items: list[Item] = []
    for drive in drives:
        gb = drive.capacity_gb
        model = f"{drive.line} {_capacity_label(gb)}"
        older = f"{drive.replaces} {_capacity_label(gb)}" if drive.replaces else None
        weight = _DRIVE_WEIGHT[drive.form_factor]
        items.append(
            Item(
                key=make_key(category, drive.brand, model),
                category=category,
                brand=drive.brand,
                model=model,
                price_cents=cents(drive.price),
                weight_grams=weight if gb < 8000 else weight + 60,
                release_date=drive.released,
                description=(
                    f"{_capacity_label(gb)} {drive.form_factor} {drive.interface} {kind}, "
                    f"{drive.blurb}."
                ),
                specs={
                    "capacity_gb": gb,
                    "interface": drive.interface,
                    "storage_form_factor": drive.form_factor,
                },
                replaces=make_key(category, drive.brand, older) if older else None,
            )
        )
    return items


def ssd_items() -> list[Item]:
    items = _drive_items("ssd", rows.ssds())
    keys = {item.key for item in items}
    # A capacity the older line never came in replaces nothing.
    return [item if item.replaces in keys else _no_replace(item) for item in items]


def hdd_items() -> list[Item]:
    return _drive_items("hdd", rows.hdds())


def _no_replace(item: Item) -> Item:
    return Item(**{**item.__dict__, "replaces": None})
