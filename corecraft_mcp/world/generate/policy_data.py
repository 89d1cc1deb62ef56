"""Stage 1: the policy tables (loyalty_tiers, slas, warranty_policies) from the definition."""

from __future__ import annotations

from typing import Any

from corecraft_mcp.world.definition import PRIORITY_ORDER, TIER_ORDER, Policy
from corecraft_mcp.world.generate.content_format import free_standard_phrase, plural
from corecraft_mcp.world.generate.content_values import WARRANTY_CATEGORIES
from corecraft_mcp.world.generate.context import GenContext
from corecraft_mcp.world.money import cents

# What each category's manufacturer warranty covers in practice, and what it does not.
_COVERAGE_NOTES: dict[str, str] = {
    "cpu": "Covers a processor that fails at stock settings; bent or damaged socket pins, "
    "delidding and physical damage are not covered.",
    "gpu": "Covers the card, its fans and its power connectors; physical damage, liquid damage, "
    "modified firmware and removed or broken warranty seals are not covered.",
    "motherboard": "Covers the board and its onboard components; bent CPU socket pins, "
    "physical damage and damage from a failed unofficial BIOS flash are not covered.",
    "memory": "Covers modules that fail at their rated (XMP/EXPO) speed and voltage; physical "
    "damage and modules run above their rated voltage are not covered.",
    "ssd": "Covers drives that fail within the warranty term or the rated write endurance (TBW), "
    "whichever comes first; lost data is never covered.",
    "hdd": "Covers drives that fail mechanically or electronically; lost data, drops and "
    "shock damage are not covered.",
    "psu": "Covers the power supply and its modular cables; opening the unit voids the "
    "warranty. Hardware damaged by a failing PSU is covered by the PSU maker's own terms.",
    "psu_premium": "Premium power-supply lines carry the maker's extended warranty; same "
    "terms as the standard PSU warranty, including the cables.",
    "case": "Covers case structure, included fans, I/O ports and tempered-glass panels that "
    "arrive cracked; glass broken after delivery and cosmetic wear are not covered.",
    "air_cooler": "Covers the heatsink and its fans; bent fins and damage during installation "
    "are not covered.",
    "liquid_cooler": "Covers pump failure, leaks and fans; many makers also cover hardware "
    "damaged by a coolant leak under their own leak policy.",
    "monitor": "Covers backlight, panel and electronics failure and pixel defects beyond the "
    "maker's published pixel policy; a cracked panel is physical damage and not covered.",
    "peripheral": "Covers keyboards, mice, headsets and other accessories against defects; "
    "worn keycaps, cables damaged by use and batteries that age normally are not covered.",
}


def generate_policy_tables(ctx: GenContext) -> None:
    policy = ctx.definition.policy
    ctx.insert_many("loyalty_tiers", _tier_rows(policy))
    ctx.insert_many("slas", _sla_rows(policy))
    ctx.insert_many("warranty_policies", _warranty_rows(policy))


def _tier_rows(policy: Policy) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for rank, tier in enumerate(TIER_ORDER):
        tp = policy.tiers[tier]
        first, _ = policy.sla.hours(tier, "urgent")
        pct = tp.restocking_fee_pct
        fee = f"{pct}% restocking fee" if pct else "no restocking fee"
        expedited = "; free expedited shipping" if tp.free_expedited else ""
        shipping = free_standard_phrase(tp.free_standard_over)
        rows.append(
            {
                "name": tier,
                "rank": rank,
                "min_lifetime_spend_cents": cents(tp.min_spend),
                "return_window_days": tp.return_window_days,
                "restocking_fee_pct": tp.restocking_fee_pct,
                "free_standard_shipping_over_cents": cents(tp.free_standard_over),
                "free_expedited_shipping": int(tp.free_expedited),
                "price_match_days": tp.price_match_days,
                "benefits": (
                    f"{tp.return_window_days}-day returns from delivery; {fee} on opened, "
                    f"non-defective returns; standard shipping {shipping}{expedited}; "
                    f"{tp.price_match_days}-day price match; urgent tickets answered "
                    f"within {plural(first, 'hour')}."
                ),
            }
        )
    return rows


def _sla_rows(policy: Policy) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for tier in TIER_ORDER:
        for priority in PRIORITY_ORDER:
            first, resolution = policy.sla.hours(tier, priority)
            rows.append(
                {
                    "id": f"SLA-{tier.upper()}-{priority.upper()}",
                    "tier": tier,
                    "priority": priority,
                    "first_response_hours": first,
                    "resolution_hours": resolution,
                }
            )
    return rows


def _claim_process(policy: Policy, years: int) -> str:
    months = policy.warranty.corecraft_handles_claims_months
    if 12 * years <= months:
        return (
            "CoreCraft handles the claim itself for the whole term: the agent verifies the "
            "customer, confirms the fault and opens an RMA for a repair or a replacement."
        )
    return (
        f"During the first {plural(months, 'month')} after purchase CoreCraft handles the claim "
        "itself: the agent verifies the customer, confirms the fault and opens an RMA for a "
        f"repair or a replacement. From then until the end of the {years}-year warranty the "
        "customer claims directly with the manufacturer, and the agent gives them the maker's "
        "RMA contact and the order number as proof of purchase."
    )


def _warranty_rows(policy: Policy) -> list[dict[str, Any]]:
    warranty = policy.warranty
    rows: list[dict[str, Any]] = []
    for category, label in WARRANTY_CATEGORIES:
        years: int = getattr(warranty, category)
        rows.append(_manufacturer_row(policy, category, label, years, premium=False))
        if category == "psu":
            rows.append(
                _manufacturer_row(
                    policy, "psu", "Power supply (premium line)", warranty.psu_premium, premium=True
                )
            )
    rows.append(
        {
            "id": "WP-PREBUILT-NEW",
            "name": "CoreCraft prebuilt system warranty",
            "category": "prebuilt",
            "condition": "new",
            "premium_only": 0,
            "duration_months": 12 * warranty.prebuilt,
            "provider": "corecraft",
            "coverage": (
                "CoreCraft covers the whole prebuilt system, parts and labour, for "
                f"{plural(warranty.prebuilt, 'year')} from purchase, including assembly faults "
                "such as loose cables. Damage from upgrades the customer installs is not covered."
            ),
            "claim_process": (
                "CoreCraft handles every claim for the full term: the agent runs the basic "
                "troubleshooting from the knowledge base, then opens an RMA; CoreCraft sends a "
                "prepaid shipping box, repairs or replaces the system and returns it."
            ),
        }
    )
    rows.append(
        _corecraft_row(
            "WP-ANY-OPEN-BOX",
            "CoreCraft open-box warranty",
            "open_box",
            warranty.open_box_months,
            f"Every open-box item carries a {warranty.open_box_months}-month CoreCraft "
            "warranty in place of the manufacturer's, against defects in normal use. Missing "
            "accessories listed on the open-box label are not a defect.",
        )
    )
    rows.append(
        _corecraft_row(
            "WP-ANY-REFURBISHED",
            "CoreCraft refurbished warranty",
            "refurbished",
            max(1, round(warranty.refurbished_days / 30)),
            f"Every refurbished item carries a {warranty.refurbished_days}-day CoreCraft "
            "warranty against defects in normal use; cosmetic marks described on the listing are "
            "not a defect.",
        )
    )
    rows.append(
        {
            "id": "WP-CORECARE-PLUS",
            "name": "CoreCare+ extended protection",
            "category": "service",
            "condition": "new",
            "premium_only": 0,
            "duration_months": 12 * warranty.corecare_plus_extra_years,
            "provider": "corecraft",
            "coverage": (
                "CoreCare+, sold as a line item, adds "
                f"{plural(warranty.corecare_plus_extra_years, 'year')} of CoreCraft coverage "
                "after the manufacturer's warranty ends, for the hardware bought on the same "
                "order. It covers the same defects as the manufacturer warranty."
            ),
            "claim_process": (
                "CoreCraft handles CoreCare+ claims for the whole extension: the agent confirms "
                "the CoreCare+ line item on the order and opens an RMA for repair or replacement."
            ),
        }
    )
    return rows


def _manufacturer_row(
    policy: Policy, category: str, label: str, years: int, *, premium: bool
) -> dict[str, Any]:
    note = _COVERAGE_NOTES["psu_premium" if premium else category]
    suffix = "PREMIUM-NEW" if premium else "NEW"
    return {
        "id": f"WP-{category.upper().replace('_', '-')}-{suffix}",
        "name": f"{label} manufacturer warranty",
        "category": category,
        "condition": "new",
        "premium_only": int(premium),
        "duration_months": 12 * years,
        "provider": "manufacturer",
        "coverage": f"{plural(years, 'year')} from the purchase date. {note}",
        "claim_process": _claim_process(policy, years),
    }


def _corecraft_row(
    wp_id: str, name: str, condition: str, months: int, coverage: str
) -> dict[str, Any]:
    return {
        "id": wp_id,
        "name": name,
        "category": None,
        "condition": condition,
        "premium_only": 0,
        "duration_months": months,
        "provider": "corecraft",
        "coverage": coverage,
        "claim_process": (
            "CoreCraft handles every claim for the full term: the agent verifies the customer, "
            "confirms the item's condition on the order and opens an RMA for a replacement of "
            "the same condition or, when none is available, a refund of the price paid."
        ),
    }
