"""The world's compatibility rules as rows: each names a kind the engine implements
(corecraft_mcp.world.compatibility_checks) and carries its numbers as parameters."""

from __future__ import annotations

import json
from typing import Any

from corecraft_mcp.world.generate.catalogue_core import (
    boxed_cooler_models,
    cpu_models,
    no_igpu_models,
)

_COOLERS = ["air_cooler", "liquid_cooler"]
_FULL_BUILD = ["cpu", "motherboard", "case"]

# (code, name, kind, severity, description, parameters)
_Rule = tuple[str, str, str, str, str, dict[str, Any]]


def _rules() -> list[_Rule]:
    return [
        (
            "CPU_SOCKET_MISMATCH",
            "CPU socket matches motherboard",
            "socket_match",
            "error",
            "The CPU's socket must be the motherboard's socket (AM4, AM5, LGA1700, LGA1851).",
            {},
        ),
        (
            "BOARD_MEMORY_TYPE",
            "Memory kit type matches motherboard",
            "memory_type_match",
            "error",
            "DDR4 and DDR5 modules are keyed differently: the kit must be the type the board takes.",
            {"provider": "motherboard", "consumer": "memory"},
        ),
        (
            "CPU_MEMORY_TYPE",
            "Memory kit type supported by CPU",
            "memory_type_match",
            "error",
            "The CPU's memory controller must support the kit's type (AM4 is DDR4 only, AM5 and "
            "LGA1851 are DDR5 only, LGA1700 takes either).",
            {"provider": "cpu", "consumer": "memory"},
        ),
        (
            "CPU_BOARD_MEMORY_TYPE",
            "Motherboard memory type supported by CPU",
            "memory_type_match",
            "error",
            "The board's memory type must be one the CPU's memory controller supports.",
            {"provider": "cpu", "consumer": "motherboard"},
        ),
        (
            "MEMORY_SLOTS_EXCEEDED",
            "Memory modules fit the board's slots",
            "memory_slots",
            "error",
            "The modules of all memory kits together must not exceed the board's memory slots.",
            {},
        ),
        (
            "MEMORY_CAPACITY_EXCEEDED",
            "Memory capacity within board maximum",
            "memory_capacity",
            "error",
            "Total memory must not exceed the board's maximum supported capacity.",
            {},
        ),
        (
            "BOARD_FORM_FACTOR",
            "Motherboard fits the case",
            "board_form_factor",
            "error",
            "The case must take the board's form factor; a case taking a larger form factor also "
            "takes the smaller ones.",
            {"size_order": ["Mini-ITX", "Micro-ATX", "ATX", "E-ATX"]},
        ),
        (
            "PSU_FORM_FACTOR",
            "Power supply fits the case",
            "psu_form_factor",
            "error",
            "The PSU's form factor (ATX or SFX) must be one the case accepts.",
            {},
        ),
        (
            "GPU_TOO_LONG",
            "Graphics card fits the case",
            "max_dimension",
            "error",
            "The graphics card's length must not exceed the case's maximum GPU length.",
            {
                "part_categories": ["gpu"],
                "part_field": "length_mm",
                "case_field": "max_gpu_length_mm",
                "phrase": "is {size} mm long",
            },
        ),
        (
            "COOLER_TOO_TALL",
            "Air cooler fits the case",
            "max_dimension",
            "error",
            "The air cooler's height must not exceed the case's maximum CPU cooler height.",
            {
                "part_categories": ["air_cooler"],
                "part_field": "height_mm",
                "case_field": "max_cooler_height_mm",
                "phrase": "is {size} mm tall",
            },
        ),
        (
            "RADIATOR_TOO_LARGE",
            "Radiator fits the case",
            "max_dimension",
            "error",
            "The liquid cooler's radiator must not exceed the largest radiator the case mounts.",
            {
                "part_categories": ["liquid_cooler"],
                "part_field": "radiator_mm",
                "case_field": "max_radiator_mm",
                "phrase": "has a {size} mm radiator",
            },
        ),
        (
            "COOLER_SOCKET_UNSUPPORTED",
            "Cooler supports the CPU socket",
            "cooler_socket",
            "error",
            "The cooler must ship with (or offer) a mounting kit for the CPU's socket.",
            {"cooler_categories": _COOLERS},
        ),
        (
            "COOLER_UNDERRATED",
            "Cooler rated for the CPU's TDP",
            "cooler_tdp",
            "warning",
            "A cooler rated below the CPU's TDP works but the CPU may throttle under sustained load.",
            {"cooler_categories": _COOLERS, "min_ratio": 1.0},
        ),
        (
            "PSU_BELOW_GPU_MINIMUM",
            "PSU meets the GPU's recommended wattage",
            "psu_gpu_minimum",
            "error",
            "The PSU must deliver at least the graphics card maker's recommended wattage.",
            {},
        ),
        (
            "PSU_HEADROOM",
            "PSU headroom over estimated draw",
            "psu_headroom",
            "warning",
            "The PSU should deliver 20% more than the build's estimated peak draw (CPU TDP x 1.35 "
            "for boost, GPU board power, 75 W for the rest of the system, 7 W per drive).",
            {
                "headroom": 1.2,
                "cpu_peak_factor": 1.35,
                "base_system_watts": 75,
                "per_drive_watts": 7,
            },
        ),
        (
            "M2_SLOTS_EXCEEDED",
            "M.2 drives fit the board's M.2 slots",
            "m2_slots",
            "error",
            "Each M.2 drive needs its own M.2 slot on the motherboard.",
            {"form_factor": "M.2 2280"},
        ),
        (
            "ONE_CPU",
            "Exactly one CPU",
            "max_count",
            "error",
            "A desktop build takes one CPU.",
            {"categories": ["cpu"], "max": 1, "label": "CPU"},
        ),
        (
            "ONE_MOTHERBOARD",
            "Exactly one motherboard",
            "max_count",
            "error",
            "A build has one motherboard.",
            {"categories": ["motherboard"], "max": 1, "label": "motherboard"},
        ),
        (
            "ONE_CASE",
            "Exactly one case",
            "max_count",
            "error",
            "A build has one case.",
            {"categories": ["case"], "max": 1, "label": "case"},
        ),
        (
            "ONE_PSU",
            "Exactly one power supply",
            "max_count",
            "error",
            "A build has one power supply.",
            {"categories": ["psu"], "max": 1, "label": "PSU"},
        ),
        (
            "ONE_CPU_COOLER",
            "At most one CPU cooler",
            "max_count",
            "error",
            "Only one cooler (air or liquid) can mount on the CPU.",
            {"categories": _COOLERS, "max": 1, "label": "CPU cooler"},
        ),
        (
            "NO_CPU_COOLER",
            "CPU without boxed cooler needs a cooler",
            "stock_cooler",
            "warning",
            "A full build whose CPU ships without a cooler needs an air or liquid cooler.",
            {
                "cooler_categories": _COOLERS,
                "applies_when_present": _FULL_BUILD,
                "boxed_cooler_models": boxed_cooler_models(),
            },
        ),
        (
            "BIOS_AM5_RYZEN_9000",
            "BIOS update for Ryzen 9000 on 600-series boards",
            "bios_update",
            "warning",
            "AM5 600-series boards made before mid-2024 need AGESA 1.2.0.0 or later for Ryzen 9000.",
            {
                "chipsets": ["A620", "B650", "B650E", "X670", "X670E"],
                "cpu_models": cpu_models(("Ryzen 5 9", "Ryzen 7 9", "Ryzen 9 9")),
                "generation": "Ryzen 9000",
                "minimum_bios": "AGESA ComboAM5PI 1.2.0.0",
            },
        ),
        (
            "BIOS_LGA1700_14TH_GEN",
            "BIOS update for 13th/14th Gen on 600-series boards",
            "bios_update",
            "warning",
            "Intel 600-series boards need a BIOS update before they can boot 13th or 14th Gen Core.",
            {
                "chipsets": ["H610", "B660", "H670", "Z690"],
                "cpu_models": cpu_models(
                    (
                        "Core i3-13",
                        "Core i5-13",
                        "Core i7-13",
                        "Core i9-13",
                        "Core i3-14",
                        "Core i5-14",
                        "Core i7-14",
                        "Core i9-14",
                    )
                ),
                "generation": "13th/14th Gen Core",
                "minimum_bios": "a BIOS with Intel microcode 0x12B",
            },
        ),
        (
            "BIOS_AM4_5700X3D",
            "BIOS update for Ryzen 7 5700X3D on AM4 boards",
            "bios_update",
            "warning",
            "AM4 boards need AGESA 1.2.0.7 or later before they can boot the 5700X3D.",
            {
                "chipsets": ["A520", "B550", "X570"],
                "cpu_models": ["Ryzen 7 5700X3D"],
                "generation": "Ryzen 5000X3D",
                "minimum_bios": "AGESA ComboV2PI 1.2.0.7",
            },
        ),
        (
            "PCIE5_SSD_SLOT",
            "PCIe 5.0 SSD on a board without PCIe 5.0 M.2",
            "pcie_downgrade",
            "warning",
            "A PCIe 5.0 NVMe drive works in a PCIe 4.0 M.2 slot at PCIe 4.0 speed.",
            {
                "interface": "NVMe PCIe 5.0",
                "fallback": "PCIe 4.0",
                "chipsets": ["B650E", "X670", "X670E", "B850", "X870", "X870E", "B860", "Z890"],
            },
        ),
        (
            "NO_DISPLAY_OUTPUT",
            "Display output available",
            "display_output",
            "error",
            "A full build whose CPU has no integrated graphics needs a graphics card.",
            {"applies_when_present": _FULL_BUILD, "cpu_models_without_igpu": no_igpu_models()},
        ),
        (
            "MIXED_MEMORY_KITS",
            "One memory kit per build",
            "memory_kit_mixing",
            "warning",
            "Memory kits are validated as sold; combining kits may not run at rated speed.",
            {"max_kits": 1},
        ),
        (
            "INCOMPLETE_BUILD",
            "Full build has every essential part",
            "required_components",
            "warning",
            "A build with a CPU, motherboard and case also needs memory, storage and a "
            "power supply.",
            {
                "applies_when_present": _FULL_BUILD,
                "required": [
                    {"categories": ["memory"], "label": "memory kit"},
                    {"categories": ["ssd", "hdd"], "label": "storage drive"},
                    {"categories": ["psu"], "label": "power supply"},
                ],
            },
        ),
    ]


def compatibility_rule_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": f"CR-{index:03d}",
            "code": code,
            "name": name,
            "kind": kind,
            "severity": severity,
            "description": description,
            "parameters": json.dumps(parameters, sort_keys=True),
        }
        for index, (code, name, kind, severity, description, parameters) in enumerate(
            _rules(), start=1
        )
    ]
