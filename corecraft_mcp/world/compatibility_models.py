"""The product as the compatibility engine sees it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ProductSpec(BaseModel):
    """A product as the engine sees it: its identity, category and compatibility specs, and how
    many of it the build holds. Built from a products row (extra columns are ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    category: str
    name: str = ""
    brand: str = ""
    model: str = ""
    quantity: int = Field(default=1, ge=1)
    socket: str | None = None
    chipset: str | None = None
    form_factor: str | None = None
    memory_type: str | None = None
    memory_slots: int | None = None
    max_memory_gb: int | None = None
    memory_modules: int | None = None
    capacity_gb: int | None = None
    m2_slots: int | None = None
    interface: str | None = None
    storage_form_factor: str | None = None
    tdp_watts: int | None = None
    wattage: int | None = None
    recommended_psu_watts: int | None = None
    length_mm: int | None = None
    max_gpu_length_mm: int | None = None
    height_mm: int | None = None
    max_cooler_height_mm: int | None = None
    radiator_mm: int | None = None
    max_radiator_mm: int | None = None
    supported_sockets: str | None = None
    cooler_tdp_watts: int | None = None
    psu_form_factor: str | None = None

    @property
    def label(self) -> str:
        """How messages name the product: id and name, so the agent can quote either."""
        return f"{self.id} ({self.name})" if self.name else self.id
