"""The 23 tools, in the order the design lists them (TOOL_NAMES; a test holds TOOLS to it)."""

from __future__ import annotations

from corecraft_mcp.tools import (
    customers,
    knowledge,
    orders,
    products,
    promotions,
    returns,
    shipping,
    support,
)
from corecraft_mcp.tools.base import ToolSpec

TOOLS: tuple[ToolSpec, ...] = (
    *customers.TOOLS,
    *orders.TOOLS,
    *shipping.TOOLS,
    *products.TOOLS,
    *support.TOOLS,
    *returns.TOOLS,
    *promotions.TOOLS,
    *knowledge.TOOLS,
)

TOOL_NAMES: tuple[str, ...] = (
    "search_customers",
    "get_customer_history",
    "create_customer",
    "update_customer",
    "get_loyalty_tier",
    "search_orders",
    "get_order_details",
    "update_order",
    "calculate_shipping",
    "get_shipping_status",
    "search_products",
    "get_product_details",
    "check_inventory",
    "validate_build_compatibility",
    "create_ticket",
    "update_ticket_status",
    "process_return",
    "process_exchange",
    "get_warranty_policy",
    "search_promotions",
    "apply_promotion",
    "search_knowledgebase",
    "get_knowledgebase_article",
)


def tool_by_name() -> dict[str, ToolSpec]:
    return {spec.name: spec for spec in TOOLS}
