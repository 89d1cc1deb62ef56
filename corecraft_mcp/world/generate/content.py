"""Stages 2 and 3: the company policies (versioned markdown) and the knowledge base.

Policy texts are templates under world/content/policies/, rendered with the numbers of the
world's definition; a file '<slug>.v1.md' is the older, superseded version of '<slug>.md'.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from corecraft_mcp.world.definition import TIER_ORDER, Policy
from corecraft_mcp.world.generate.content_examples import legacy_numbers
from corecraft_mcp.world.generate.content_kb import generate_kb_articles
from corecraft_mcp.world.generate.content_templates import Template, load_templates, render
from corecraft_mcp.world.generate.content_values import WARRANTY_CATEGORIES, template_values
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.money import cents

__all__ = ["POLICY_SLUGS", "generate_company_policies", "generate_kb_articles", "policy_id"]

POLICY_SLUGS: tuple[str, ...] = (
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
)


def policy_id(slug: str, version: int) -> str:
    return f"POL-{slug.upper()}-V{version}"


def generate_company_policies(ctx: GenContext) -> None:
    policy = ctx.definition.policy
    values = template_values(ctx.definition)
    templates = {t.name: t for t in load_templates("policies")}
    unknown = set(templates) - set(POLICY_SLUGS) - {f"{s}.v1" for s in POLICY_SLUGS}
    if unknown:
        raise ValueError(f"policy templates without a policy slug: {sorted(unknown)}")
    rng = ctx.rng("company_policies")
    current_rows: list[dict[str, Any]] = []
    older_rows: list[dict[str, Any]] = []
    effective_dates: dict[str, dt.date] = {}
    for slug in POLICY_SLUGS:
        template = templates[slug]
        older = templates.get(f"{slug}.v1")
        params = policy_parameters(slug, policy)
        # A policy written together with another one (late delivery with the shipping policy's
        # new version) takes effect on the same day, so no text contradicts one in force.
        companion = template.meta.get("effective_with")
        if older is None:
            effective = ctx.today - dt.timedelta(days=rng.randint(150, 600))
            if companion is not None:
                effective = effective_dates[companion]
            effective_dates[slug] = effective
            current_rows.append(_row(template, slug, 1, effective, values, params))
            continue
        effective = ctx.today - dt.timedelta(days=rng.randint(240, 480))
        effective_dates[slug] = effective
        current = _row(template, slug, 2, effective, values, params)
        old_effective = effective - dt.timedelta(days=rng.randint(365, 540))
        old = _row(older, slug, 1, old_effective, values, legacy_parameters(slug, policy))
        old.update(status="superseded", superseded_by=current["id"])
        current_rows.append(current)
        older_rows.append(old)
    # Current versions first: the older rows reference them.
    ctx.insert_many("company_policies", current_rows + older_rows)
    for old in older_rows:
        ctx.plant("superseded_policy", "company_policies", old["id"], current=old["superseded_by"])


def _row(
    template: Template,
    slug: str,
    version: int,
    effective: dt.date,
    values: dict[str, str],
    params: dict[str, Any],
) -> dict[str, Any]:
    source = f"policies/{template.name}.md"
    return {
        "id": policy_id(slug, version),
        "slug": slug,
        "title": render(template.field("title"), values, source),
        "version": version,
        "effective_date": effective.isoformat(),
        "status": "current",
        "superseded_by": None,
        "summary": render(template.field("summary"), values, source),
        "body": render(template.body, values, source),
        "parameters": json.dumps(params, sort_keys=True),
    }


def policy_parameters(slug: str, policy: Policy) -> dict[str, Any]:
    """The numbers a current policy states, as JSON for tools and task authors."""
    tiers, returns, shipping = policy.tiers, policy.returns, policy.shipping
    warranty, escalation = policy.warranty, policy.escalation
    windows = {t: tiers[t].return_window_days for t in TIER_ORDER}
    fees = {t: tiers[t].restocking_fee_pct for t in TIER_ORDER}
    supervisor = cents(escalation.refund_supervisor_over)
    teams = {
        "billing": escalation.billing_team,
        "fraud": escalation.fraud_team,
        "legal_press": escalation.legal_press_team,
    }
    params: dict[str, dict[str, Any]] = {
        "returns": {
            "return_window_days": windows,
            "restocking_fee_pct": fees,
            "doa_report_days": returns.doa_report_days,
            "no_delivery_record_ship_plus_days": returns.no_delivery_record_ship_plus_days,
            "refund_business_days": returns.refund_business_days,
            "nonreturnable": list(returns.nonreturnable),
        },
        "refunds": {
            "refund_business_days": returns.refund_business_days,
            "refund_supervisor_over_cents": supervisor,
            "escalate_to": escalation.billing_team,
        },
        "exchanges": {"return_window_days": windows, "doa_report_days": returns.doa_report_days},
        "restocking-fees": {"restocking_fee_pct": fees, "doa_report_days": returns.doa_report_days},
        "price-match": {
            "price_match_days": {t: tiers[t].price_match_days for t in TIER_ORDER},
            "competitors": list(policy.price_match.competitors),
        },
        "shipping": {
            "rates": {
                name: {
                    "price_cents": cents(shipping.rate(name).price),
                    "business_days": list(shipping.rate(name).business_days),
                }
                for name in ("standard", "expedited", "overnight")
            },
            "free_standard_over_cents": {t: cents(tiers[t].free_standard_over) for t in TIER_ORDER},
            "free_expedited": {t: tiers[t].free_expedited for t in TIER_ORDER},
            "heavy_threshold_kg": shipping.heavy_threshold_kg,
            "heavy_surcharge_per_kg_cents": cents(shipping.heavy_surcharge_per_kg),
            "late_delivery_business_days": shipping.late_delivery_business_days,
            "late_delivery_credit_cents": cents(shipping.late_delivery_credit),
        },
        "late-delivery": {
            "late_delivery_business_days": shipping.late_delivery_business_days,
            "late_delivery_credit_cents": cents(shipping.late_delivery_credit),
            "damage_report_days": returns.doa_report_days,
        },
        "warranty-claims": {
            "manufacturer_years": {
                **{c: getattr(warranty, c) for c, _ in WARRANTY_CATEGORIES},
                "psu_premium": warranty.psu_premium,
            },
            "prebuilt_years": warranty.prebuilt,
            "open_box_months": warranty.open_box_months,
            "refurbished_days": warranty.refurbished_days,
            "corecare_plus_extra_years": warranty.corecare_plus_extra_years,
            "corecraft_handles_claims_months": warranty.corecraft_handles_claims_months,
        },
        "escalation": {"refund_supervisor_over_cents": supervisor, "teams": teams},
        "identity-verification": {
            "requires": "email_on_file",
            "second_factors": list(policy.identity.second_factors),
        },
        "fraud-prevention": {"fraud_team": escalation.fraud_team},
        "promotions": {
            "codes_per_order": policy.promotions.codes_per_order,
            "price_adjustment_days": policy.promotions.price_adjustment_days,
        },
        "loyalty-program": {
            "tiers": {
                t: {
                    "min_lifetime_spend_cents": cents(tiers[t].min_spend),
                    "return_window_days": tiers[t].return_window_days,
                    "restocking_fee_pct": tiers[t].restocking_fee_pct,
                    "free_standard_over_cents": cents(tiers[t].free_standard_over),
                    "free_expedited": tiers[t].free_expedited,
                    "price_match_days": tiers[t].price_match_days,
                }
                for t in TIER_ORDER
            }
        },
        "order-changes": {"changeable_statuses": ["pending", "processing"]},
        "support-sla": {
            "urgent_hours": {t: list(policy.sla.urgent[t]) for t in TIER_ORDER},
            "priority_multiplier": dict(policy.sla.priority_multiplier),
        },
    }
    return params[slug]


def legacy_parameters(slug: str, policy: Policy) -> dict[str, Any]:
    """The numbers the superseded version of a policy stated."""
    legacy = legacy_numbers(policy)
    params: dict[str, dict[str, Any]] = {
        "returns": {
            "return_window_days": legacy["return_window_days"],
            "window_counts_from": "ship_date",
            "restocking_fee_pct": legacy["restocking_fee_pct"],
            "doa_report_days": legacy["doa_report_days"],
        },
        "price-match": {
            "price_match_days": legacy["price_match_days"],
            "competitors": legacy["competitors"],
            "paid_as": "store_credit",
        },
        "shipping": {
            "free_standard_over_cents": cents(legacy["free_standard_over"]),
            "late_delivery_business_days": legacy["late_delivery_business_days"],
            "late_delivery_compensation": "shipping_fee_refund",
        },
    }
    if slug not in params:
        raise KeyError(f"policies/{slug}.v1.md has no legacy parameters; add them here")
    return params[slug]
