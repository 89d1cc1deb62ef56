"""The catalogue's static data, read from the CSV files in catalogue_data/ as typed rows.

One file per product family; a row type's fields are the file's columns, in order. An empty
cell is None in an optional column and "" in a text column; flags are "yes" or "no". Prices are
dollars as the maker lists them; the builders turn them into cents.
"""

from __future__ import annotations

import csv
import functools
import io
import types
from collections.abc import Callable
from importlib.resources import files
from typing import (
    Any,
    NamedTuple,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)


class CatalogueDataError(ValueError):
    """A catalogue data file that is missing, misshapen, or holds a value of the wrong kind."""


class CpuRow(NamedTuple):
    brand: str
    model: str
    socket: str
    memory_type: str
    tdp_watts: int
    price: float
    released: str
    cores: int
    threads: int
    boost_ghz: float
    boxed_cooler: bool
    integrated_graphics: bool
    replaces: str | None


class BoardRow(NamedTuple):
    brand: str
    model: str
    socket: str
    chipset: str
    form_factor: str
    memory_type: str
    memory_slots: int
    max_memory_gb: int
    m2_slots: int
    price: float
    released: str
    replaces: str | None


class MemoryKitRow(NamedTuple):
    """A kit's model name is derived from its line and figures (see memory_model)."""

    brand: str
    line: str
    memory_type: str
    speed_mts: int
    cas: int
    modules: int
    gb_per_module: int
    price: float
    released: str
    replaces: str | None


class GpuChipRow(NamedTuple):
    chip: str
    maker: str
    name: str
    vram_gb: int
    memory: str
    board_power_watts: int
    recommended_psu_watts: int
    launch_price: float
    released: str
    size_tier: str
    # the chip key this chip succeeds
    replaces: str | None


class GpuLineRow(NamedTuple):
    """A board partner's product line; a card's length depends on its chip's size tier (None: the
    line makes no card of that size)."""

    line: str
    brand: str
    prefix: str
    suffix: str
    price_premium: float
    weight_factor: float
    length_small_mm: int | None
    length_mid_mm: int | None
    length_high_mm: int | None
    length_flagship_mm: int | None


class GpuOfferingRow(NamedTuple):
    chip: str
    line: str


class DriveRow(NamedTuple):
    """One capacity of a drive line (the model is the line and the capacity)."""

    brand: str
    line: str
    interface: str
    form_factor: str
    capacity_gb: int
    price: float
    released: str
    # the line this one replaces
    replaces: str | None
    blurb: str


class PsuRow(NamedTuple):
    brand: str
    model: str
    form_factor: str
    wattage: int
    efficiency: str
    premium_line: bool
    price: float
    released: str
    replaces: str | None


class CaseRow(NamedTuple):
    brand: str
    model: str
    form_factor: str
    max_gpu_length_mm: int
    max_cooler_height_mm: int
    max_radiator_mm: int
    # comma-separated
    psu_form_factors: str
    weight_kg: float
    price: float
    released: str
    replaces: str | None


class AirCoolerRow(NamedTuple):
    brand: str
    model: str
    height_mm: int
    # comma-separated
    sockets: str
    rating_watts: int
    weight_grams: int
    price: float
    released: str
    replaces: str | None


class LiquidCoolerRow(NamedTuple):
    brand: str
    model: str
    radiator_mm: int
    # comma-separated
    sockets: str
    rating_watts: int
    weight_grams: int
    price: float
    released: str
    replaces: str | None


class MonitorRow(NamedTuple):
    brand: str
    model: str
    diagonal_in: float
    resolution: str
    refresh_hz: int
    panel: str
    weight_kg: float
    price: float
    released: str
    replaces: str | None


class PeripheralRow(NamedTuple):
    brand: str
    model: str
    description: str
    weight_grams: int
    price: float
    released: str
    replaces: str | None


class PrebuiltRow(NamedTuple):
    model: str
    pitch: str


class PrebuiltPartRow(NamedTuple):
    """One part of a prebuilt recipe, named as the catalogue names it (category, brand, model)."""

    prebuilt: str
    category: str
    brand: str
    model: str
    quantity: int


_Row = TypeVar("_Row", bound=tuple[Any, ...])
_FLAGS = {"yes": True, "no": False}


def _convert(text: str, kind: object, where: str) -> object:
    optional = get_origin(kind) in (Union, types.UnionType) and type(None) in get_args(kind)
    if optional:
        if text == "":
            return None
        (kind,) = [arg for arg in get_args(kind) if arg is not type(None)]
    if kind is str:
        return text
    if kind is bool:
        if text not in _FLAGS:
            raise CatalogueDataError(f"{where}: {text!r} is not a flag (accepted: yes, no)")
        return _FLAGS[text]
    if kind is int or kind is float:
        try:
            return kind(text)
        except ValueError:
            raise CatalogueDataError(
                f"{where}: {text!r} is not a number ({kind.__name__})"
            ) from None
    raise TypeError(f"{where}: no reader for column type {kind!r}")


def _read(name: str, row_type: type[_Row]) -> tuple[_Row, ...]:
    resource = files("corecraft_mcp.world.generate") / "catalogue_data" / f"{name}.csv"
    try:
        text = resource.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueDataError(f"catalogue data file {name}.csv: {exc}") from exc
    return parse_rows(f"{name}.csv", text, row_type)


def parse_rows(name: str, text: str, row_type: type[_Row]) -> tuple[_Row, ...]:
    """The rows of one CSV text; `name` is how errors refer to it."""
    hints = get_type_hints(row_type)
    # A NamedTuple's annotations are its fields, in order.
    fields = tuple(hints)
    make: Callable[..., _Row] = row_type
    reader = csv.reader(io.StringIO(text))
    header = tuple(next(reader, ()))
    if header != fields:
        raise CatalogueDataError(
            f"{name}: columns are {', '.join(header)}; expected {', '.join(fields)}"
        )
    rows: list[_Row] = []
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(fields):
            raise CatalogueDataError(
                f"{name} line {line}: {len(cells)} cells, expected {len(fields)}"
            )
        values = [
            _convert(cell, hints[field], f"{name} line {line}, column {field}")
            for cell, field in zip(cells, fields, strict=True)
        ]
        rows.append(make(*values))
    return tuple(rows)


# Each file is read once per process: the rows are immutable tuples.
@functools.cache
def cpus() -> tuple[CpuRow, ...]:
    return _read("cpus", CpuRow)


@functools.cache
def motherboards() -> tuple[BoardRow, ...]:
    return _read("motherboards", BoardRow)


@functools.cache
def memory_kits() -> tuple[MemoryKitRow, ...]:
    return _read("memory_kits", MemoryKitRow)


@functools.cache
def gpu_chips() -> tuple[GpuChipRow, ...]:
    return _read("gpu_chips", GpuChipRow)


@functools.cache
def gpu_lines() -> tuple[GpuLineRow, ...]:
    return _read("gpu_lines", GpuLineRow)


@functools.cache
def gpu_offerings() -> tuple[GpuOfferingRow, ...]:
    return _read("gpu_offerings", GpuOfferingRow)


@functools.cache
def ssds() -> tuple[DriveRow, ...]:
    return _read("ssds", DriveRow)


@functools.cache
def hdds() -> tuple[DriveRow, ...]:
    return _read("hdds", DriveRow)


@functools.cache
def psus() -> tuple[PsuRow, ...]:
    return _read("psus", PsuRow)


@functools.cache
def cases() -> tuple[CaseRow, ...]:
    return _read("cases", CaseRow)


@functools.cache
def air_coolers() -> tuple[AirCoolerRow, ...]:
    return _read("air_coolers", AirCoolerRow)


@functools.cache
def liquid_coolers() -> tuple[LiquidCoolerRow, ...]:
    return _read("liquid_coolers", LiquidCoolerRow)


@functools.cache
def monitors() -> tuple[MonitorRow, ...]:
    return _read("monitors", MonitorRow)


@functools.cache
def peripherals() -> tuple[PeripheralRow, ...]:
    return _read("peripherals", PeripheralRow)


@functools.cache
def prebuilts() -> tuple[PrebuiltRow, ...]:
    return _read("prebuilts", PrebuiltRow)


@functools.cache
def prebuilt_parts() -> tuple[PrebuiltPartRow, ...]:
    return _read("prebuilt_parts", PrebuiltPartRow)
