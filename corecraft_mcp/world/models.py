"""Typed rows of every world entity table and child table, and the table -> model mapping.

One pydantic model per table of schema.sql, field for field. The catalogue and policy tables are
here; the customer-facing ones (customers, orders, builds, shipments, tickets) in
`models_commerce.py`, re-exported from this module.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.world.definition import Priority, TierName
from corecraft_mcp.world.models_commerce import (
    Build,
    BuildComponent,
    Condition,
    Customer,
    Flag,
    NonNegInt,
    Order,
    OrderItem,
    OrderReturn,
    OrderStatusEvent,
    PosInt,
    ShippingEvent,
    ShippingRecord,
    SupportTicket,
    TicketMessage,
    WorldRow,
)

__all__ = [
    "MODEL_FOR_TABLE",
    "Build",
    "BuildComponent",
    "CompanyPolicy",
    "CompatibilityRule",
    "Customer",
    "InventoryRow",
    "KbArticle",
    "LoyaltyTier",
    "Order",
    "OrderItem",
    "OrderReturn",
    "OrderStatusEvent",
    "Product",
    "Promotion",
    "PurchasedItem",
    "ShippingEvent",
    "ShippingRecord",
    "Sla",
    "SupportTicket",
    "TicketMessage",
    "WarrantyPolicy",
    "WorldRow",
]

ProductCategory = Literal[
    "cpu",
    "gpu",
    "motherboard",
    "memory",
    "ssd",
    "hdd",
    "psu",
    "case",
    "air_cooler",
    "liquid_cooler",
    "monitor",
    "peripheral",
    "prebuilt",
    "service",
]
PolicyStatus = Literal["current", "superseded"]
WarrantyProvider = Literal["manufacturer", "corecraft"]
Severity = Literal["error", "warning"]
DiscountType = Literal["percent", "fixed"]


class LoyaltyTier(WorldRow):
    """A loyalty tier: its lifetime-spend threshold and the benefits it grants."""

    name: TierName
    rank: Annotated[int, Field(ge=0, le=3)]
    min_lifetime_spend_cents: NonNegInt
    return_window_days: NonNegInt
    restocking_fee_pct: Annotated[int, Field(ge=0, le=100)]
    free_standard_shipping_over_cents: NonNegInt  # 0: standard shipping always free
    free_expedited_shipping: Flag
    price_match_days: NonNegInt
    benefits: str


class Sla(WorldRow):
    """First-response and resolution targets (hours) for one tier x priority."""

    id: str
    tier: TierName
    priority: Priority
    first_response_hours: PosInt
    resolution_hours: PosInt


class CompanyPolicy(WorldRow):
    """One version of a company policy, as markdown with its numbers as JSON parameters."""

    id: str
    slug: str
    title: str
    version: PosInt
    effective_date: str
    status: PolicyStatus
    superseded_by: str | None
    summary: str
    body: str
    parameters: str  # JSON object text


class WarrantyPolicy(WorldRow):
    """A warranty by category (None: any) and condition, with its duration and provider."""

    id: str
    name: str
    category: str | None
    condition: Condition
    premium_only: Flag
    duration_months: PosInt
    provider: WarrantyProvider
    coverage: str
    claim_process: str


class Product(WorldRow):
    """A catalogue product with the specs compatibility needs (None where they do not apply)."""

    id: str
    sku: str
    name: str
    brand: str
    model: str
    category: ProductCategory
    price_cents: PosInt
    weight_grams: NonNegInt
    release_date: str
    description: str
    socket: str | None
    chipset: str | None
    form_factor: str | None
    memory_type: str | None
    memory_slots: int | None
    max_memory_gb: int | None
    memory_modules: int | None
    capacity_gb: int | None
    m2_slots: int | None
    interface: str | None
    storage_form_factor: str | None
    tdp_watts: int | None
    wattage: int | None
    recommended_psu_watts: int | None
    length_mm: int | None
    max_gpu_length_mm: int | None
    height_mm: int | None
    max_cooler_height_mm: int | None
    radiator_mm: int | None
    max_radiator_mm: int | None
    supported_sockets: str | None  # comma-separated
    cooler_tdp_watts: int | None
    psu_form_factor: str | None
    efficiency: str | None
    premium_line: Flag
    final_sale: Flag
    discontinued: Flag
    superseded_by: str | None


class CompatibilityRule(WorldRow):
    """A machine-checkable compatibility rule, implemented in code by its kind."""

    id: str
    code: str
    name: str
    kind: str
    severity: Severity
    description: str
    parameters: str  # JSON object text


class InventoryRow(WorldRow):
    """Stock of one product in one warehouse."""

    id: int
    product_id: str
    warehouse: str
    on_hand: NonNegInt
    reserved: NonNegInt
    restock_date: str | None


class KbArticle(WorldRow):
    """A knowledge-base article (superseded_by set when a newer one replaces it)."""

    id: str
    slug: str
    title: str
    category: str
    tags: str
    body: str
    created_at: str
    updated_at: str
    superseded_by: str | None


class Promotion(WorldRow):
    """A promotion code with its discount, date window, eligibility and stacking rules."""

    id: str
    code: str
    description: str
    discount_type: DiscountType
    discount_value: PosInt  # percent points or cents, by discount_type
    max_discount_cents: int | None
    min_spend_cents: NonNegInt
    starts_on: str
    ends_on: str
    categories: str | None  # comma-separated product categories; None: all
    min_tier: TierName | None
    stackable: Flag
    one_per_customer: Flag
    active: Flag


class PurchasedItem(OrderItem):
    """An order line with the product it is for: the order_items row plus its products row (not
    a table of its own; how the tools and the generator hold an item a customer bought)."""

    product: Product


MODEL_FOR_TABLE: dict[str, type[BaseModel]] = {
    "customers": Customer,
    "orders": Order,
    "order_items": OrderItem,
    "order_status_history": OrderStatusEvent,
    "order_returns": OrderReturn,
    "products": Product,
    "builds": Build,
    "build_components": BuildComponent,
    "support_tickets": SupportTicket,
    "ticket_messages": TicketMessage,
    "slas": Sla,
    "shipping_records": ShippingRecord,
    "shipping_events": ShippingEvent,
    "compatibility_rules": CompatibilityRule,
    "warranty_policies": WarrantyPolicy,
    "loyalty_tiers": LoyaltyTier,
    "kb_articles": KbArticle,
    "promotions": Promotion,
    "inventory": InventoryRow,
    "company_policies": CompanyPolicy,
}
