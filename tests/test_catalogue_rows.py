"""The catalogue's data files: every file reads into typed rows, and bad data is named clearly."""

from __future__ import annotations

import pytest

from corecraft_mcp.world.generate import catalogue_rows
from corecraft_mcp.world.generate.catalogue_lineup import component_items, prebuilt_recipes
from corecraft_mcp.world.generate.catalogue_rows import (
    CatalogueDataError,
    CpuRow,
    GpuLineRow,
    parse_rows,
)

_CPU_HEADER = ",".join(CpuRow._fields)


def test_every_file_reads_into_typed_rows() -> None:
    cpus = catalogue_rows.cpus()
    assert len(cpus) > 40
    first = cpus[0]
    assert isinstance(first.tdp_watts, int)
    assert isinstance(first.price, float)
    assert isinstance(first.boxed_cooler, bool)
    assert all(cpu.replaces is None or cpu.replaces for cpu in cpus)
    for reader in (
        catalogue_rows.motherboards,
        catalogue_rows.memory_kits,
        catalogue_rows.gpu_chips,
        catalogue_rows.gpu_lines,
        catalogue_rows.gpu_offerings,
        catalogue_rows.ssds,
        catalogue_rows.hdds,
        catalogue_rows.psus,
        catalogue_rows.cases,
        catalogue_rows.air_coolers,
        catalogue_rows.liquid_coolers,
        catalogue_rows.monitors,
        catalogue_rows.peripherals,
        catalogue_rows.prebuilts,
        catalogue_rows.prebuilt_parts,
    ):
        assert reader(), reader.__name__


def test_gpu_offerings_and_prebuilt_parts_name_known_entries() -> None:
    chips = {chip.chip for chip in catalogue_rows.gpu_chips()}
    lines = {line.line for line in catalogue_rows.gpu_lines()}
    for offering in catalogue_rows.gpu_offerings():
        assert offering.chip in chips and offering.line in lines
    keys = {item.key for item in component_items()}
    recipes = prebuilt_recipes()
    assert len(recipes) == len(catalogue_rows.prebuilts())
    for model, _pitch, parts in recipes:
        assert parts, model
        assert all(key in keys for key, _qty in parts), model


def test_empty_cell_is_none_in_an_optional_column_and_text_otherwise() -> None:
    text = ",".join(GpuLineRow._fields) + "\nasus-dual,ASUS,Dual,,0.02,0.9,227,267,,\n"
    (row,) = parse_rows("lines.csv", text, GpuLineRow)
    assert row.suffix == ""
    assert row.length_high_mm is None
    assert row.length_mid_mm == 267


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "AMD,R5,AM4,DDR4,65,119.99,2022-04-04,6,12,4.4,maybe,no,",
            "not a flag (accepted: yes, no)",
        ),
        ("AMD,R5,AM4,DDR4,sixty,119.99,2022-04-04,6,12,4.4,yes,no,", "column tdp_watts"),
        ("AMD,R5,AM4", "3 cells, expected 13"),
    ],
)
def test_bad_rows_name_the_file_line_and_column(body: str, message: str) -> None:
    with pytest.raises(CatalogueDataError, match=r"cpus\.csv line 2") as caught:
        parse_rows("cpus.csv", f"{_CPU_HEADER}\n{body}\n", CpuRow)
    assert message in str(caught.value)


def test_a_renamed_column_is_refused() -> None:
    header = _CPU_HEADER.replace("tdp_watts", "tdp")
    with pytest.raises(CatalogueDataError, match="expected brand, model, socket"):
        parse_rows("cpus.csv", header + "\n", CpuRow)
