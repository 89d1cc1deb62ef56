"""Typed rows of the customer-facing tables: customers, orders, builds, shipments and tickets.

Also the base every row model shares (see `WorldRow`); the catalogue and policy tables, and the
table -> model mapping, are in `models.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from corecraft_mcp.world.definition import Priority, ShippingService, TierName


def _flag(value: object) -> object:
    # SQLite stores booleans as 0/1; anything else in a flag column is corrupt data, not truthy.
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ValueError(f"expected a 0/1 flag, got {value!r}")


Flag = Annotated[bool, BeforeValidator(_flag)]
NonNegInt = Annotated[int, Field(ge=0)]
PosInt = Annotated[int, Field(gt=0)]

Condition = Literal["new", "open_box", "refurbished"]
OrderStatus = Literal["pending", "processing", "shipped", "delivered", "cancelled", "returned"]
PaymentMethod = Literal["card", "paypal", "store_credit", "financing"]
ReturnKind = Literal["refund", "store_credit", "exchange"]
ReturnStatus = Literal["requested", "approved", "received", "refunded", "rejected"]
BuildKind = Literal["custom", "prebuilt"]
BuildStatus = Literal["draft", "ordered", "assembled", "shipped", "delivered"]
Carrier = Literal["UPS", "FedEx", "USPS", "DHL"]
ShipmentStatus = Literal[
    "label_created",
    "in_transit",
    "out_for_delivery",
    "delivered",
    "exception",
    "returned_to_sender",
]
Channel = Literal["email", "chat", "phone", "web_form", "social"]
TicketStatus = Literal["open", "pending_customer", "in_progress", "escalated", "resolved", "closed"]
TicketCategory = Literal[
    "order_status",
    "shipping",
    "return",
    "refund",
    "exchange",
    "warranty",
    "technical",
    "compatibility",
    "billing",
    "account",
    "promotion",
    "product_question",
    "complaint",
    "fraud",
]
Team = Literal["support", "billing", "technical", "logistics", "trust_safety", "escalations"]
MessageAuthor = Literal["customer", "agent", "system"]


class WorldRow(BaseModel):
    """One row of a world table, field for field (names and order are the table's columns)."""

    # Strict: SQLite is dynamically typed, so a '12' in an INTEGER column must fail, not coerce.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Customer(WorldRow):
    """A customer profile (duplicates with a typo'd name or second email are planted)."""

    id: str
    first_name: str
    last_name: str
    email: str
    alt_email: str | None
    phone: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str
    tier: TierName
    legacy_spend_cents: NonNegInt
    lifetime_spend_cents: NonNegInt
    store_credit_cents: NonNegInt
    notes: str
    created_at: str
    updated_at: str


class Order(WorldRow):
    """An order with its totals, shipping address and payment (None: receipt record missing)."""

    id: str
    customer_id: str
    status: OrderStatus
    placed_at: str
    subtotal_cents: NonNegInt
    discount_cents: NonNegInt
    shipping_cents: NonNegInt
    total_cents: NonNegInt
    promotion_code: str | None
    shipping_method: ShippingService
    ship_name: str
    ship_street: str
    ship_city: str
    ship_state: str
    ship_postal_code: str
    payment_method: PaymentMethod | None
    card_last4: str | None
    captured_cents: NonNegInt | None
    refunded_cents: NonNegInt
    notes: str
    updated_at: str


class OrderItem(WorldRow):
    """A line of an order (build_id set when it was assembled into a custom build)."""

    id: int
    order_id: str
    product_id: str
    quantity: PosInt
    unit_price_cents: NonNegInt
    condition: Condition
    final_sale: Flag
    build_id: str | None


class OrderStatusEvent(WorldRow):
    """One entry of an order's status history (table order_status_history)."""

    id: int
    order_id: str
    # Not CHECK-constrained in the schema, so kept open rather than narrowed to OrderStatus.
    status: str
    at: str
    note: str


class OrderReturn(WorldRow):
    """A return (RMA) of an order item: refund, store credit or exchange."""

    id: str
    order_id: str
    order_item_id: int
    quantity: PosInt
    kind: ReturnKind
    reason: str
    doa: Flag
    opened: Flag
    status: ReturnStatus
    refund_cents: NonNegInt
    restocking_fee_cents: NonNegInt
    exchange_product_id: str | None
    price_difference_cents: int  # >0 charged to the customer, <0 refunded
    created_at: str
    notes: str


class Build(WorldRow):
    """A customer's custom PC build or a prebuilt SKU, each a set of products."""

    id: str
    name: str
    kind: BuildKind
    customer_id: str | None
    product_id: str | None
    order_id: str | None
    assembled: Flag
    status: BuildStatus
    created_at: str
    notes: str


class BuildComponent(WorldRow):
    """A product (and how many of it) in a build."""

    id: int
    build_id: str
    product_id: str
    quantity: PosInt


class ShippingRecord(WorldRow):
    """A shipment of an order: carrier, tracking number, dates and any exception."""

    id: str
    order_id: str
    carrier: Carrier
    service_level: ShippingService
    tracking_number: str
    status: ShipmentStatus
    weight_grams: NonNegInt
    shipped_at: str | None
    promised_date: str | None
    delivered_at: str | None
    exception: str | None
    warehouse: str


class ShippingEvent(WorldRow):
    """One carrier tracking event of a shipment."""

    id: int
    shipment_id: str
    at: str
    status: str  # not CHECK-constrained in the schema
    location: str
    description: str


class SupportTicket(WorldRow):
    """A support ticket with its routing, SLA due times and resolution."""

    id: str
    customer_id: str | None
    order_id: str | None
    subject: str
    channel: Channel
    status: TicketStatus
    priority: Priority
    category: TicketCategory
    assigned_team: Team
    sla_id: str | None
    created_at: str
    updated_at: str
    first_response_due: str
    resolution_due: str
    first_response_at: str | None
    resolved_at: str | None
    resolution: str | None


class TicketMessage(WorldRow):
    """A message in a ticket's thread (internal: a note customers never see)."""

    id: int
    ticket_id: str
    author: MessageAuthor
    internal: Flag
    body: str
    created_at: str
