"""The deterministic, seeded world generator: a definition in, a complete company out."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import corecraft_mcp.world.generate.catalogue as catalogue
import corecraft_mcp.world.generate.commerce as commerce
import corecraft_mcp.world.generate.content as content
import corecraft_mcp.world.generate.customers as customers
import corecraft_mcp.world.generate.policy_data as policy_data
import corecraft_mcp.world.generate.support as support
from corecraft_mcp.world.definition import WorldDefinition
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.schema import create_schema, rebuild_fts

Stage = Callable[[GenContext], None]

# Order matters: each stage reads what the stages before it wrote.
STAGES: tuple[Stage, ...] = (
    policy_data.generate_policy_tables,  # loyalty_tiers, slas, warranty_policies
    content.generate_company_policies,  # company_policies (markdown rendered from the definition)
    content.generate_kb_articles,  # kb_articles
    catalogue.generate_catalogue,  # products, compatibility_rules, inventory, prebuilt builds
    customers.generate_customers,  # customers (duplicates, stale addresses, notes)
    commerce.generate_promotions,  # promotions
    commerce.generate_orders,  # orders, items, history, shipping, returns, custom builds, tiers
    support.generate_tickets,  # support_tickets, ticket_messages
)


def build_world(
    definition: WorldDefinition, on_stage: Callable[[str], None] | None = None
) -> sqlite3.Connection:
    """Build the world a definition describes into a new in-memory database; `on_stage` hears
    the name of each generation stage as it finishes (for progress)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    create_schema(conn)
    # Stages insert in dependency order but some references are circular (builds <-> orders);
    # integrity is checked once at the end instead.
    conn.execute("PRAGMA foreign_keys = OFF")
    ctx = GenContext(definition=definition, conn=conn)
    with conn:
        for stage in STAGES:
            stage(ctx)
            if on_stage is not None:
                on_stage(stage.__name__.removeprefix("generate_"))
        conn.executemany(
            "INSERT INTO world_meta (key, value) VALUES (?, ?)",
            [
                ("name", definition.name),
                ("seed", str(definition.seed)),
                ("today", definition.today_iso),
            ],
        )
        rebuild_fts(conn)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"generator produced dangling references, first: {problems[0]}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn
