"""The rule kinds of the compatibility engine: one function per kind.

Each check reads its numbers from the rule's parameters and returns findings: a specific,
actionable message and the ids of the products involved. Severity is the rule row's business.
Checks skip what they cannot judge (a spec that is NULL, a component that is absent): a partial
set of products is checked only for what it contains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from corecraft_mcp.world.compatibility_models import ProductSpec

Finding = tuple[str, list[str]]
Params = Mapping[str, Any]

# How messages name a category.
LABELS: dict[str, str] = {
    "cpu": "CPU",
    "gpu": "GPU",
    "motherboard": "motherboard",
    "memory": "memory kit",
    "ssd": "SSD",
    "hdd": "hard drive",
    "psu": "PSU",
    "case": "case",
    "air_cooler": "air cooler",
    "liquid_cooler": "liquid cooler",
}
_DEFAULT_FULL_BUILD = ("cpu", "motherboard", "case")


class Build:
    """The products under check, grouped by category."""

    def __init__(self, products: Iterable[ProductSpec]) -> None:
        self.products = list(products)

    def of(self, *categories: str) -> list[ProductSpec]:
        return [p for p in self.products if p.category in categories]

    def count(self, *categories: str) -> int:
        return sum(p.quantity for p in self.of(*categories))

    def is_full(self, params: Params) -> bool:
        needed = params.get("applies_when_present", _DEFAULT_FULL_BUILD)
        return all(self.of(category) for category in needed)


def _label(product: ProductSpec) -> str:
    return f"{LABELS.get(product.category, product.category)} {product.label}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _ids(products: Sequence[ProductSpec]) -> str:
    return ", ".join(p.id for p in products)


def socket_match(build: Build, params: Params) -> list[Finding]:
    findings: list[Finding] = []
    for cpu in build.of("cpu"):
        for board in build.of("motherboard"):
            if cpu.socket and board.socket and cpu.socket != board.socket:
                findings.append(
                    (
                        f"CPU {cpu.label} uses socket {cpu.socket}; motherboard {board.label} has "
                        f"socket {board.socket}. Choose a CPU for socket {board.socket} or a "
                        f"motherboard for socket {cpu.socket}.",
                        [cpu.id, board.id],
                    )
                )
    return findings


def memory_type_match(build: Build, params: Params) -> list[Finding]:
    """The provider (board or CPU) must support the consumer's memory type."""
    findings: list[Finding] = []
    for provider in build.of(params["provider"]):
        supported = _split(provider.memory_type)
        for consumer in build.of(params["consumer"]):
            kind = consumer.memory_type
            if not supported or not kind or kind in supported:
                continue
            only = " or ".join(supported)
            findings.append(
                (
                    f"{_cap(_label(consumer))} is {kind}; {_label(provider)} supports {only} only. "
                    f"A {only} {LABELS.get(consumer.category, consumer.category)} would match.",
                    [consumer.id, provider.id],
                )
            )
    return findings


def memory_slots(build: Build, params: Params) -> list[Finding]:
    kits = [k for k in build.of("memory") if k.memory_modules]
    modules = sum((k.memory_modules or 0) * k.quantity for k in kits)
    findings: list[Finding] = []
    for board in build.of("motherboard"):
        if board.memory_slots is not None and modules > board.memory_slots:
            findings.append(
                (
                    f"The memory ({_ids(kits)}) is {modules} modules; motherboard {board.label} has "
                    f"only {board.memory_slots} memory slots. Choose a kit of at most "
                    f"{board.memory_slots} modules.",
                    [*(k.id for k in kits), board.id],
                )
            )
    return findings


def memory_capacity(build: Build, params: Params) -> list[Finding]:
    kits = [k for k in build.of("memory") if k.capacity_gb]
    total = sum((k.capacity_gb or 0) * k.quantity for k in kits)
    findings: list[Finding] = []
    for board in build.of("motherboard"):
        if board.max_memory_gb is not None and total > board.max_memory_gb:
            findings.append(
                (
                    f"The memory ({_ids(kits)}) totals {total} GB; motherboard {board.label} supports "
                    f"at most {board.max_memory_gb} GB.",
                    [*(k.id for k in kits), board.id],
                )
            )
    return findings


def board_form_factor(build: Build, params: Params) -> list[Finding]:
    order: list[str] = list(params["size_order"])
    findings: list[Finding] = []
    for board in build.of("motherboard"):
        for case in build.of("case"):
            if board.form_factor not in order or case.form_factor not in order:
                continue
            if order.index(board.form_factor) > order.index(case.form_factor):
                findings.append(
                    (
                        f"Motherboard {board.label} is {board.form_factor}; case {case.label} fits "
                        f"boards up to {case.form_factor}. Choose a case that takes "
                        f"{board.form_factor} or a smaller board.",
                        [board.id, case.id],
                    )
                )
    return findings


def psu_form_factor(build: Build, params: Params) -> list[Finding]:
    findings: list[Finding] = []
    for psu in build.of("psu"):
        for case in build.of("case"):
            accepted = _split(case.psu_form_factor)
            if psu.form_factor and accepted and psu.form_factor not in accepted:
                findings.append(
                    (
                        f"PSU {psu.label} is {psu.form_factor}; case {case.label} takes "
                        f"{' or '.join(accepted)} power supplies only.",
                        [psu.id, case.id],
                    )
                )
    return findings


def max_dimension(build: Build, params: Params) -> list[Finding]:
    """A part's dimension against the case's limit (GPU length, cooler height, radiator)."""
    part_field: str = params["part_field"]
    case_field: str = params["case_field"]
    phrase: str = params["phrase"]  # e.g. "is {size} mm long"
    findings: list[Finding] = []
    for part in build.of(*params["part_categories"]):
        size = getattr(part, part_field)
        for case in build.of("case"):
            limit = getattr(case, case_field)
            if size is None or limit is None or size <= limit:
                continue
            room = f"fits at most {limit} mm" if limit else "has no room for one"
            findings.append(
                (
                    f"{_cap(_label(part))} {phrase.format(size=size)}; case {case.label} {room}. "
                    f"Choose a smaller {LABELS.get(part.category, part.category)} or a larger case.",
                    [part.id, case.id],
                )
            )
    return findings


def cooler_socket(build: Build, params: Params) -> list[Finding]:
    findings: list[Finding] = []
    for cooler in build.of(*params["cooler_categories"]):
        sockets = _split(cooler.supported_sockets)
        for cpu in build.of("cpu"):
            if cpu.socket and sockets and cpu.socket not in sockets:
                findings.append(
                    (
                        f"{_cap(_label(cooler))} mounts on {', '.join(sockets)}; CPU {cpu.label} is "
                        f"{cpu.socket}. Choose a cooler with a mounting kit for {cpu.socket}.",
                        [cooler.id, cpu.id],
                    )
                )
    return findings


def cooler_tdp(build: Build, params: Params) -> list[Finding]:
    ratio = float(params.get("min_ratio", 1.0))
    findings: list[Finding] = []
    for cooler in build.of(*params["cooler_categories"]):
        for cpu in build.of("cpu"):
            if cooler.cooler_tdp_watts is None or cpu.tdp_watts is None:
                continue
            if cooler.cooler_tdp_watts < cpu.tdp_watts * ratio:
                findings.append(
                    (
                        f"{_cap(_label(cooler))} is rated for {cooler.cooler_tdp_watts} W; CPU "
                        f"{cpu.label} has a {cpu.tdp_watts} W TDP and may throttle under sustained "
                        "load. The rule asks for a cooler rated for at least "
                        f"{round(cpu.tdp_watts * ratio)} W.",
                        [cooler.id, cpu.id],
                    )
                )
    return findings


def psu_gpu_minimum(build: Build, params: Params) -> list[Finding]:
    findings: list[Finding] = []
    for psu in build.of("psu"):
        for gpu in build.of("gpu"):
            needed = gpu.recommended_psu_watts
            if psu.wattage is not None and needed is not None and psu.wattage < needed:
                findings.append(
                    (
                        f"PSU {psu.label} delivers {psu.wattage} W; GPU {gpu.label} needs a {needed} W "
                        "or larger power supply.",
                        [psu.id, gpu.id],
                    )
                )
    return findings


def estimated_draw(build: Build, params: Params) -> tuple[int, int, int, int]:
    """(total, CPU, GPU, rest) estimated peak watts of the build's parts."""
    cpu = sum((p.tdp_watts or 0) * p.quantity for p in build.of("cpu"))
    cpu = round(cpu * float(params.get("cpu_peak_factor", 1.0)))
    gpu = sum((p.tdp_watts or 0) * p.quantity for p in build.of("gpu"))
    drives = build.count("ssd", "hdd")
    rest = int(params.get("base_system_watts", 0)) + drives * int(params.get("per_drive_watts", 0))
    return cpu + gpu + rest, cpu, gpu, rest


def psu_headroom(build: Build, params: Params) -> list[Finding]:
    if not build.of("cpu", "gpu"):
        return []
    total, cpu, gpu, rest = estimated_draw(build, params)
    headroom = float(params["headroom"])
    wanted = round(total * headroom)
    findings: list[Finding] = []
    for psu in build.of("psu"):
        if psu.wattage is not None and psu.wattage < wanted:
            findings.append(
                (
                    f"Estimated peak draw is {total} W (CPU {cpu} W, GPU {gpu} W, rest of system "
                    f"{rest} W); PSU {psu.label} delivers {psu.wattage} W, less than the "
                    f"{round((headroom - 1) * 100)}% headroom target of {wanted} W. Choose a PSU of "
                    f"at least {wanted} W.",
                    [psu.id, *(p.id for p in build.of("cpu", "gpu"))],
                )
            )
    return findings


def m2_slots(build: Build, params: Params) -> list[Finding]:
    drives = [d for d in build.of("ssd", "hdd") if d.storage_form_factor == params["form_factor"]]
    count = sum(d.quantity for d in drives)
    findings: list[Finding] = []
    for board in build.of("motherboard"):
        if board.m2_slots is not None and count > board.m2_slots:
            findings.append(
                (
                    f"The build has {count} M.2 drives ({_ids(drives)}); motherboard {board.label} has "
                    f"{board.m2_slots} M.2 slot{'s' if board.m2_slots != 1 else ''}. Use a SATA drive "
                    "or a board with more M.2 slots.",
                    [*(d.id for d in drives), board.id],
                )
            )
    return findings


def max_count(build: Build, params: Params) -> list[Finding]:
    parts = build.of(*params["categories"])
    count = sum(p.quantity for p in parts)
    limit = int(params["max"])
    if count <= limit:
        return []
    label: str = params["label"]
    return [
        (
            f"The build has {count} {label}s ({_ids(parts)}); a build takes at most {limit}. "
            f"Remove the extra {label}.",
            [p.id for p in parts],
        )
    ]


def stock_cooler(build: Build, params: Params) -> list[Finding]:
    if not build.is_full(params) or build.of(*params["cooler_categories"]):
        return []
    boxed = set(params["boxed_cooler_models"])
    return [
        (
            f"CPU {cpu.label} ships without a cooler and the build has no CPU cooler. Add an air "
            "or liquid cooler that supports "
            f"{cpu.socket or 'its socket'}.",
            [cpu.id],
        )
        for cpu in build.of("cpu")
        if cpu.model not in boxed
    ]


def bios_update(build: Build, params: Params) -> list[Finding]:
    chipsets = set(params["chipsets"])
    models = set(params["cpu_models"])
    findings: list[Finding] = []
    for cpu in build.of("cpu"):
        if cpu.model not in models:
            continue
        for board in build.of("motherboard"):
            if board.chipset in chipsets and board.socket == cpu.socket:
                findings.append(
                    (
                        f"Motherboard {board.label} with the {board.chipset} chipset may need a BIOS "
                        "update to "
                        f"{params['minimum_bios']} or later before it can boot {params['generation']} "
                        f"CPU {cpu.label}. Update it first with BIOS Flashback or with an older "
                        "CPU the board already supports.",
                        [board.id, cpu.id],
                    )
                )
    return findings


def pcie_downgrade(build: Build, params: Params) -> list[Finding]:
    interface: str = params["interface"]
    capable = set(params["chipsets"])
    findings: list[Finding] = []
    for drive in build.of("ssd"):
        if drive.interface != interface:
            continue
        for board in build.of("motherboard"):
            if board.chipset and board.chipset not in capable:
                findings.append(
                    (
                        f"SSD {drive.label} is {interface}; motherboard {board.label} with the "
                        f"{board.chipset} chipset has no M.2 slot of that generation, so the drive "
                        f"will run at {params['fallback']} speed.",
                        [drive.id, board.id],
                    )
                )
    return findings


def display_output(build: Build, params: Params) -> list[Finding]:
    if not build.is_full(params) or build.of("gpu"):
        return []
    headless = set(params["cpu_models_without_igpu"])
    return [
        (
            f"CPU {cpu.label} has no integrated graphics and the build has no graphics card, so "
            "it has no display output. Add a graphics card or choose a CPU with integrated "
            "graphics.",
            [cpu.id],
        )
        for cpu in build.of("cpu")
        if cpu.model in headless
    ]


def memory_kit_mixing(build: Build, params: Params) -> list[Finding]:
    kits = build.of("memory")
    count = sum(k.quantity for k in kits)
    if count <= int(params.get("max_kits", 1)):
        return []
    return [
        (
            f"The build combines {count} memory kits ({_ids(kits)}); kits are only validated as "
            "sold and mixed kits may not run at their rated speed. Use one kit with the total "
            "capacity.",
            [k.id for k in kits],
        )
    ]


def required_components(build: Build, params: Params) -> list[Finding]:
    if not build.is_full(params):
        return []
    return [
        (f"The build has no {group['label']}; add one to complete it.", [])
        for group in params["required"]
        if not build.of(*group["categories"])
    ]


CHECKS: dict[str, Callable[[Build, Params], list[Finding]]] = {
    "socket_match": socket_match,
    "memory_type_match": memory_type_match,
    "memory_slots": memory_slots,
    "memory_capacity": memory_capacity,
    "board_form_factor": board_form_factor,
    "psu_form_factor": psu_form_factor,
    "max_dimension": max_dimension,
    "cooler_socket": cooler_socket,
    "cooler_tdp": cooler_tdp,
    "psu_gpu_minimum": psu_gpu_minimum,
    "psu_headroom": psu_headroom,
    "m2_slots": m2_slots,
    "max_count": max_count,
    "stock_cooler": stock_cooler,
    "bios_update": bios_update,
    "pcie_downgrade": pcie_downgrade,
    "display_output": display_output,
    "memory_kit_mixing": memory_kit_mixing,
    "required_components": required_components,
}
