"""Worked examples and the rules of superseded texts, computed from the policy numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from corecraft_mcp.world.definition import TIER_ORDER, Policy
from corecraft_mcp.world.generate.content_format import (
    Values,
    add_business_days,
    add_months,
    count_word,
    day_label,
    join_words,
    long_date,
    money,
    number,
    weekday_label,
)

# Worked examples use a fixed, clearly illustrative calendar (a Monday), never the world's own
# dates, so that an example can never be mistaken for a real order.
_EXAMPLE_DAY = dt.date(2025, 6, 2)


def example_values(policy: Policy) -> Values:
    """Worked examples: results computed from the policy numbers for fixed example inputs."""
    tiers, shipping, warranty = policy.tiers, policy.shipping, policy.warranty
    day = _EXAMPLE_DAY
    values: Values = {"ex_day": day_label(day), "ex_weekday": weekday_label(day)}
    for tier in TIER_ORDER:
        tp = tiers[tier]
        key = tier.lower()
        values[f"ex_{key}_deadline"] = day_label(day + dt.timedelta(tp.return_window_days))
        values[f"ex_{key}_pm_deadline"] = day_label(day + dt.timedelta(tp.price_match_days))
        fee = 200 * tp.restocking_fee_pct / 100
        values[f"ex_{key}_fee_200"] = money(fee)
        values[f"ex_{key}_refund_200"] = money(200 - fee)
    values["ex_no_delivery_date"] = day_label(
        day + dt.timedelta(policy.returns.no_delivery_record_ship_plus_days)
    )
    values["ex_no_delivery_deadline"] = day_label(
        day
        + dt.timedelta(
            policy.returns.no_delivery_record_ship_plus_days + tiers["Standard"].return_window_days
        )
    )
    values["ex_doa_deadline"] = day_label(day + dt.timedelta(policy.returns.doa_report_days))
    values["ex_price_adjust_deadline"] = day_label(
        day + dt.timedelta(policy.promotions.price_adjustment_days)
    )
    late = shipping.late_delivery_business_days
    values["ex_late_last_ok"] = weekday_label(add_business_days(day, late))
    values["ex_late_first"] = weekday_label(add_business_days(day, late + 1))
    heavy_kg = shipping.heavy_threshold_kg + 4.5
    values["ex_heavy_kg"] = number(heavy_kg)
    values["ex_heavy_surcharge"] = money(4.5 * shipping.heavy_surcharge_per_kg)
    silver, gold = tiers["Silver"].min_spend, tiers["Gold"].min_spend
    values["ex_silver_spend"] = money(round((silver + gold) / 2))
    values["ex_to_gold"] = money(gold - round((silver + gold) / 2))
    # Three items of 40% of the limit each: each under it, together over it.
    values["ex_split_item"] = money(round(policy.escalation.refund_supervisor_over * 0.4, 2))
    values["ex_split_total"] = money(round(policy.escalation.refund_supervisor_over * 1.2, 2))
    values["ex_refund_over"] = money(policy.escalation.refund_supervisor_over + 249.99)
    values["ex_year"] = str(day.year)
    values["ex_gpu_warranty_end"] = long_date(add_months(day, 12 * warranty.gpu))
    values["ex_claims_end"] = long_date(add_months(day, warranty.corecraft_handles_claims_months))
    corecare_years = warranty.gpu + warranty.corecare_plus_extra_years
    values["ex_corecare_end"] = long_date(add_months(day, 12 * corecare_years))
    return values


def legacy_numbers(policy: Policy) -> dict[str, Any]:
    """The rules of the superseded policy versions and KB articles. They are derived from today's
    numbers (not stored separately) so that every world's older texts differ visibly and
    consistently from its current ones."""
    tiers = policy.tiers
    return {
        "return_window_days": max(round(tiers["Standard"].return_window_days * 0.7), 1),
        "restocking_fee_pct": max(tp.restocking_fee_pct for tp in tiers.values()),
        "doa_report_days": max(policy.returns.doa_report_days // 2, 1),
        "price_match_days": max(min(tp.price_match_days for tp in tiers.values()) // 2, 1),
        "competitors": list(policy.price_match.competitors[:3]),
        "late_delivery_business_days": policy.shipping.late_delivery_business_days + 2,
        "free_standard_over": max(tp.free_standard_over for tp in tiers.values()),
        "codes_per_order": policy.promotions.codes_per_order + 1,
    }


def legacy_values(policy: Policy) -> Values:
    legacy = legacy_numbers(policy)
    return {
        "legacy_return_days": str(legacy["return_window_days"]),
        "legacy_restock_pct": str(legacy["restocking_fee_pct"]),
        "legacy_doa_days": str(legacy["doa_report_days"]),
        "legacy_price_match_days": str(legacy["price_match_days"]),
        "legacy_competitors": join_words(legacy["competitors"]),
        "legacy_late_days": str(legacy["late_delivery_business_days"]),
        "legacy_free_over": money(legacy["free_standard_over"]),
        "legacy_codes_phrase": f"{count_word(legacy['codes_per_order'])} codes",
    }
