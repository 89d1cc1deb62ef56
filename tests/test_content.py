"""The policy tables, company policies and knowledge base: built from the definition, complete,
consistent, and free of hard-coded policy numbers."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from typing import Any

import pytest

import corecraft_mcp.world.generate.content as content
import corecraft_mcp.world.generate.policy_data as policy_data
from corecraft_mcp.world.clock import parse_ts
from corecraft_mcp.world.definition import TIER_ORDER, WorldDefinition, load_definition
from corecraft_mcp.world.generate.content_kb import KB_CATEGORIES
from corecraft_mcp.world.generate.content_templates import load_templates, render
from corecraft_mcp.world.generate.content_values import template_values
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.schema import create_schema

SLUGS = {
    "returns",
    "refunds",
    "exchanges",
    "restocking-fees",
    "price-match",
    "shipping",
    "late-delivery",
    "warranty-claims",
    "escalation",
    "identity-verification",
    "fraud-prevention",
    "promotions",
    "loyalty-program",
    "order-changes",
    "support-sla",
}
CONTENT_TABLES = ("loyalty_tiers", "slas", "warranty_policies", "company_policies", "kb_articles")


def build(definition: WorldDefinition) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    create_schema(conn)
    ctx = GenContext(definition=definition, conn=conn)
    policy_data.generate_policy_tables(ctx)
    content.generate_company_policies(ctx)
    content.generate_kb_articles(ctx)
    return conn


def modified(definition: WorldDefinition, **policy_changes: Any) -> WorldDefinition:
    """The definition with nested policy fields replaced: modified(d, tiers={'Gold': {...}})."""
    data = definition.model_dump(mode="json")
    for section, change in policy_changes.items():
        _merge(data["policy"][section], change)
    return WorldDefinition.model_validate(data)


def _merge(target: dict[str, Any], change: dict[str, Any]) -> None:
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def policy(conn: sqlite3.Connection, slug: str) -> str:
    row = conn.execute(
        "SELECT title || '\n' || summary || '\n' || body FROM company_policies "
        "WHERE slug = ? AND status = 'current'",
        (slug,),
    ).fetchone()
    return str(row[0])


def article(conn: sqlite3.Connection, slug: str) -> str:
    return str(conn.execute("SELECT body FROM kb_articles WHERE slug = ?", (slug,)).fetchone()[0])


@pytest.fixture(scope="module")
def seed42() -> WorldDefinition:
    return load_definition("seed42")


@pytest.fixture(scope="module")
def world(seed42: WorldDefinition) -> sqlite3.Connection:
    return build(seed42)


def test_policy_tables_follow_the_definition(world: sqlite3.Connection, seed42: WorldDefinition):
    pol = seed42.policy
    tiers = {
        r[0]: r
        for r in world.execute(
            "SELECT name, rank, min_lifetime_spend_cents, return_window_days, restocking_fee_pct, "
            "free_standard_shipping_over_cents, free_expedited_shipping, price_match_days, "
            "benefits FROM loyalty_tiers"
        )
    }
    assert set(tiers) == set(TIER_ORDER)
    for rank, name in enumerate(TIER_ORDER):
        tp = pol.tiers[name]
        assert tiers[name][1:8] == (
            rank,
            round(tp.min_spend * 100),
            tp.return_window_days,
            tp.restocking_fee_pct,
            round(tp.free_standard_over * 100),
            int(tp.free_expedited),
            tp.price_match_days,
        )
        assert f"{tp.return_window_days}-day returns" in tiers[name][8]

    slas = {
        r[0]: r[1:]
        for r in world.execute(
            "SELECT id, tier, priority, first_response_hours, resolution_hours FROM slas"
        )
    }
    assert len(slas) == 16
    assert slas["SLA-GOLD-URGENT"] == ("Gold", "urgent", *pol.sla.hours("Gold", "urgent"))
    assert slas["SLA-STANDARD-LOW"][2:] == pol.sla.hours("Standard", "low")

    wp = {
        r[0]: r[1:]
        for r in world.execute(
            "SELECT id, category, condition, premium_only, duration_months, provider "
            "FROM warranty_policies"
        )
    }
    assert len(wp) >= 15
    assert wp["WP-GPU-NEW"] == ("gpu", "new", 0, 12 * pol.warranty.gpu, "manufacturer")
    assert wp["WP-MEMORY-NEW"][3] == 12 * pol.warranty.memory
    assert wp["WP-PSU-PREMIUM-NEW"] == (
        "psu",
        "new",
        1,
        12 * pol.warranty.psu_premium,
        "manufacturer",
    )
    assert wp["WP-ANY-OPEN-BOX"] == (None, "open_box", 0, pol.warranty.open_box_months, "corecraft")
    assert wp["WP-ANY-REFURBISHED"][:2] == (None, "refurbished")
    assert wp["WP-PREBUILT-NEW"][0] == "prebuilt"
    assert wp["WP-CORECARE-PLUS"][0] == "service"
    assert wp["WP-CORECARE-PLUS"][3] == 12 * pol.warranty.corecare_plus_extra_years


def test_fifteen_current_policies(world: sqlite3.Connection, seed42: WorldDefinition):
    rows = world.execute(
        "SELECT id, slug, version, parameters FROM company_policies WHERE status = 'current'"
    ).fetchall()
    assert {r[1] for r in rows} == SLUGS and len(rows) == 15
    for pol_id, slug, version, _ in rows:
        assert pol_id == f"POL-{slug.upper()}-V{version}"
    params = {r[1]: json.loads(r[3]) for r in rows}
    returns = params["returns"]
    assert returns["return_window_days"]["Gold"] == seed42.policy.tiers["Gold"].return_window_days
    assert returns["doa_report_days"] == seed42.policy.returns.doa_report_days
    assert (
        returns["no_delivery_record_ship_plus_days"]
        == seed42.policy.returns.no_delivery_record_ship_plus_days
    )
    assert params["escalation"]["refund_supervisor_over_cents"] == 100_000
    assert all(p for p in params.values()), "every policy records the numbers it uses"


def test_policy_texts_state_the_definitions_numbers(world: sqlite3.Connection):
    returns = policy(world, "returns")
    # seed42: Gold 45 days, Platinum 60, DOA 14 days, no delivery record: ship date + 5 days.
    assert "| Gold | 45 days | waived |" in returns
    assert "| Platinum | 60 days | waived |" in returns
    assert "**14 days of delivery**" in returns
    assert "5 days after the ship date" in returns
    assert "escalate the ticket to billing" in returns
    shipping = policy(world, "shipping")
    assert "| Standard | 5-7 business days | $9.99 |" in shipping
    assert "| Overnight | 1 business day | $39.99 |" in shipping
    assert "**10 kg** carry a surcharge of **$1.50 per kg**" in shipping
    late = policy(world, "late-delivery")
    assert "more than 3 business days after the promised date" in late and "$15" in late
    escalation = policy(world, "escalation")
    assert "over $1,000" in escalation and "trust_safety" in escalation
    warranty = policy(world, "warranty-claims")
    assert "| Memory (RAM) | 10 years | manufacturer |" in warranty
    assert "| Any refurbished item | 90 days | CoreCraft |" in warranty
    assert "first 12 months" in warranty
    sla = policy(world, "support-sla")
    assert "| Platinum | 1 h / 8 h |" in sla and "| Standard | 8 h / 48 h |" in sla
    assert "within 7 days of purchase" in policy(world, "promotions")
    assert "Best Buy" in policy(world, "price-match")


def test_a_changed_definition_changes_the_text(seed42: WorldDefinition):
    changed = modified(
        seed42,
        tiers={"Gold": {"return_window_days": 52}},
        returns={"doa_report_days": 11},
        shipping={"standard": {"price": 8.49}, "late_delivery_credit": 17.25},
        warranty={"memory": 12},
        escalation={"refund_supervisor_over": 1500.0, "fraud_team": "fraud_ops"},
        promotions={"price_adjustment_days": 9},
    )
    conn = build(changed)
    returns = policy(conn, "returns")
    assert "| Gold | 52 days | waived |" in returns and "45 days" not in returns
    assert "**11 days of delivery**" in returns and "14 days" not in returns
    shipping = policy(conn, "shipping")
    assert "$8.49" in shipping and "$9.99" not in shipping
    assert "$17.25" in policy(conn, "late-delivery")
    assert "| Memory (RAM) | 12 years |" in policy(conn, "warranty-claims")
    escalation = policy(conn, "escalation")
    assert "$1,500" in escalation and "$1,000" not in escalation
    assert "fraud_ops" in escalation and "trust_safety" not in escalation
    assert "within 9 days of purchase" in policy(conn, "promotions")
    # The knowledge base and the policy tables follow too.
    assert "| Gold | 52 days |" in article(conn, "return-windows-by-tier")
    assert "**11 days of delivery**" in article(conn, "doa-procedure")
    gold = conn.execute("SELECT return_window_days FROM loyalty_tiers WHERE name = 'Gold'")
    assert gold.fetchone()[0] == 52


def test_superseded_policy_versions(world: sqlite3.Connection):
    old = world.execute(
        "SELECT o.id, o.slug, o.version, o.effective_date, o.body, n.id, n.version, "
        "n.effective_date, n.body FROM company_policies o "
        "JOIN company_policies n ON n.id = o.superseded_by WHERE o.status = 'superseded'"
    ).fetchall()
    assert len(old) == 3
    for old_id, slug, version, eff, body, new_id, new_version, new_eff, new_body in old:
        assert old_id == f"POL-{slug.upper()}-V1" and version == 1 < new_version
        assert new_id == f"POL-{slug.upper()}-V{new_version}"
        assert eff < new_eff and body != new_body
    assert "21 days from the ship date" in policy_version(world, "POL-RETURNS-V1")
    planted = world.execute(
        "SELECT entity_id, detail FROM planted_mess WHERE kind = 'superseded_policy'"
    ).fetchall()
    assert {(r[0], json.loads(r[1])["current"]) for r in planted} == {(r[0], r[5]) for r in old}


def policy_version(conn: sqlite3.Connection, pol_id: str) -> str:
    return str(
        conn.execute("SELECT body FROM company_policies WHERE id = ?", (pol_id,)).fetchone()[0]
    )


def test_eighty_kb_articles(world: sqlite3.Connection, seed42: WorldDefinition):
    rows = world.execute("SELECT id, slug, category, tags, body FROM kb_articles").fetchall()
    assert len(rows) == seed42.sizes.kb_articles == 80
    assert {r[0] for r in rows} == {f"KB-{1001 + i}" for i in range(80)}
    categories = {r[2] for r in rows}
    assert categories <= set(KB_CATEGORIES) and len(categories) == 7
    for kb_id, _, _, tags, body in rows:
        assert tags, kb_id
        assert 150 <= len(body.split()) <= 500, kb_id


def test_superseded_kb_articles(world: sqlite3.Connection, seed42: WorldDefinition):
    old = world.execute(
        "SELECT o.id, o.updated_at, n.id, n.created_at, n.superseded_by FROM kb_articles o "
        "LEFT JOIN kb_articles n ON n.id = o.superseded_by WHERE o.superseded_by IS NOT NULL"
    ).fetchall()
    assert len(old) == round(80 * seed42.mess.superseded_kb_article) == 8
    for old_id, old_updated, new_id, new_created, new_superseded in old:
        assert new_id is not None, f"{old_id} points at a missing article"
        assert new_superseded is None, "the newer article is itself current"
        assert old_updated < new_created, f"{new_id} must be newer than {old_id}"
    planted = world.execute(
        "SELECT entity_id, detail FROM planted_mess WHERE kind = 'superseded_kb_article'"
    ).fetchall()
    assert {(r[0], json.loads(r[1])["superseded_by"]) for r in planted} == {
        (r[0], r[2]) for r in old
    }


def test_a_superseded_kb_article_states_the_old_rule(world: sqlite3.Connection):
    # Whichever older versions the seed chose, each differs from the article that replaced it.
    pairs = world.execute(
        "SELECT o.body, n.body FROM kb_articles o JOIN kb_articles n ON n.id = o.superseded_by"
    ).fetchall()
    assert all(old != new for old, new in pairs)


def test_no_placeholder_left(world: sqlite3.Connection, seed42: WorldDefinition):
    for table in CONTENT_TABLES:
        cursor = world.execute(f"SELECT * FROM {table}")
        columns = [c[0] for c in cursor.description]
        for row in cursor:
            for column, value in zip(columns, row, strict=True):
                if column != "parameters":  # JSON, braces expected
                    assert not re.search(r"[{}]", str(value)), (table, row[0], column)
    # Every template renders, including older versions this seed did not choose.
    values = template_values(seed42)
    for kind in ("policies", "kb"):
        for template in load_templates(kind):
            for text in (template.body, *template.meta.values()):
                render(text, values, template.name)


def test_rendering_fails_loudly_on_a_bad_placeholder():
    with pytest.raises(KeyError, match="no_such_value"):
        render("Returns within {no_such_value} days", {}, "test")
    with pytest.raises(ValueError):
        render("A {Malformed} placeholder", {"Malformed": "x"}, "test")


def test_dates(world: sqlite3.Connection, seed42: WorldDefinition):
    now = dt.datetime.combine(seed42.today, dt.time(9, 0), tzinfo=dt.UTC)
    earliest = now - dt.timedelta(days=731)
    for kb_id, created, updated in world.execute(
        "SELECT id, created_at, updated_at FROM kb_articles"
    ):
        assert earliest <= parse_ts(created) <= parse_ts(updated) <= now, kb_id
    for pol_id, effective in world.execute("SELECT id, effective_date FROM company_policies"):
        assert effective < seed42.today_iso, pol_id
    # A KB article stating a policy's numbers was last updated after that policy took effect.
    effective = world.execute(
        "SELECT effective_date FROM company_policies WHERE slug = 'returns' AND status = 'current'"
    ).fetchone()[0]
    updated = world.execute(
        "SELECT updated_at FROM kb_articles WHERE slug = 'return-windows-by-tier'"
    ).fetchone()[0]
    assert updated[:10] >= effective


def test_smaller_world_and_impossible_world(seed42: WorldDefinition):
    data = seed42.model_dump(mode="json")
    data["sizes"]["kb_articles"] = 40
    conn = build(WorldDefinition.model_validate(data))
    assert conn.execute("SELECT count(*) FROM kb_articles").fetchone()[0] == 40
    superseded = conn.execute("SELECT count(*) FROM kb_articles WHERE superseded_by IS NOT NULL")
    assert superseded.fetchone()[0] == round(40 * seed42.mess.superseded_kb_article)
    data["sizes"]["kb_articles"] = 500
    with pytest.raises(ValueError, match="KB articles"):
        build(WorldDefinition.model_validate(data))


def test_deterministic(seed42: WorldDefinition):
    def dump(conn: sqlite3.Connection) -> list[list[tuple[Any, ...]]]:
        tables = (*CONTENT_TABLES, "planted_mess")
        return [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables]

    assert dump(build(seed42)) == dump(build(seed42))
    other = build(seed42.with_seed(7))
    assert dump(other) != dump(build(seed42)), "another seed dates and picks differently"
