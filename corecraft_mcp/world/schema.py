"""The world's SQLite schema and the names of its tables."""

from __future__ import annotations

import sqlite3
from importlib import resources

# The 14 entity types of the design, each with its top-level table.
ENTITY_TABLES: dict[str, str] = {
    "Customers": "customers",
    "Orders": "orders",
    "Products": "products",
    "Builds": "builds",
    "Support Tickets": "support_tickets",
    "SLAs": "slas",
    "Shipping Records": "shipping_records",
    "Compatibility Rules": "compatibility_rules",
    "Warranty Policies": "warranty_policies",
    "Loyalty Tiers": "loyalty_tiers",
    "Knowledgebase Articles": "kb_articles",
    "Promotions": "promotions",
    "Inventory": "inventory",
    "Company Policies": "company_policies",
}

CHILD_TABLES: tuple[str, ...] = (
    "order_items",
    "order_status_history",
    "order_returns",
    "build_components",
    "shipping_events",
    "ticket_messages",
)

BOOKKEEPING_TABLES: tuple[str, ...] = ("audit_log", "planted_mess", "world_meta")

# Every table whose rows are world content: what is hashed, frozen, forked and diffed.
DATA_TABLES: tuple[str, ...] = (
    *ENTITY_TABLES.values(),
    *CHILD_TABLES,
    *BOOKKEEPING_TABLES,
)

FTS_TABLES: tuple[str, ...] = ("kb_fts", "products_fts")


def schema_sql() -> str:
    return resources.files("corecraft_mcp.world").joinpath("schema.sql").read_text("utf-8")


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(schema_sql())


def rebuild_fts(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text indexes from their content tables."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
