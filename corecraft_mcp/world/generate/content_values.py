"""The placeholder vocabulary of the policy and KB templates, computed from a world definition.

Every number a template states comes from here, so a world with other policy numbers gets other
text. Values are ready-to-print strings ("$9.99", "45", "3 years", a markdown table).
"""

from __future__ import annotations

from corecraft_mcp.world.definition import (
    PRIORITY_ORDER,
    TIER_ORDER,
    Policy,
    Priority,
    TierName,
    WorldDefinition,
)
from corecraft_mcp.world.generate.content_examples import example_values, legacy_values
from corecraft_mcp.world.generate.content_format import (
    Values,
    count_word,
    eta,
    free_standard_phrase,
    join_words,
    money,
    number,
    plural,
    restock_phrase,
    table,
)

# Warranty categories as the catalogue names them, with the label the texts use.
WARRANTY_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("cpu", "CPU"),
    ("gpu", "Graphics card"),
    ("motherboard", "Motherboard"),
    ("memory", "Memory (RAM)"),
    ("ssd", "SSD"),
    ("hdd", "Hard drive"),
    ("psu", "Power supply"),
    ("case", "Case"),
    ("air_cooler", "Air cooler"),
    ("liquid_cooler", "Liquid cooler (AIO)"),
    ("monitor", "Monitor"),
    ("peripheral", "Peripherals"),
)


def template_values(definition: WorldDefinition) -> Values:
    """Every placeholder the templates may use, rendered for this world."""
    policy = definition.policy
    values: Values = {}
    values.update(_tier_values(policy))
    values.update(_returns_values(policy))
    values.update(_shipping_values(policy))
    values.update(_warranty_values(policy))
    values.update(_support_values(policy))
    values.update(example_values(policy))
    values.update(legacy_values(policy))
    return values


def _tier_values(policy: Policy) -> Values:
    values: Values = {}
    tiers = policy.tiers
    for tier in TIER_ORDER:
        key, tp = tier.lower(), tiers[tier]
        values[f"{key}_min_spend"] = money(tp.min_spend)
        values[f"{key}_return_days"] = str(tp.return_window_days)
        values[f"{key}_restock_pct"] = str(tp.restocking_fee_pct)
        values[f"{key}_restock"] = restock_phrase(tp.restocking_fee_pct)
        values[f"{key}_free_standard"] = free_standard_phrase(tp.free_standard_over)
        values[f"{key}_free_expedited"] = "yes" if tp.free_expedited else "no"
        values[f"{key}_price_match_days"] = str(tp.price_match_days)
    waived = [t for t in TIER_ORDER if tiers[t].restocking_fee_pct == 0]
    charged = [f"{t} ({tiers[t].restocking_fee_pct}%)" for t in TIER_ORDER if t not in waived]
    values["restock_waived_tiers"] = join_words(list(waived), empty="no tier")
    values["restock_charged_tiers"] = join_words(charged, empty="no tier")
    always_free = [t for t in TIER_ORDER if tiers[t].free_standard_over == 0]
    values["always_free_standard_tiers"] = join_words(list(always_free), empty="no tier")
    free_exp = [t for t in TIER_ORDER if tiers[t].free_expedited]
    values["free_expedited_tiers"] = join_words(list(free_exp), empty="no tier")
    values["tier_table"] = table(
        (
            "Tier",
            "Lifetime spend",
            "Return window",
            "Restocking fee",
            "Standard shipping",
            "Free expedited",
            "Price match",
        ),
        [
            (
                t,
                f"{money(tiers[t].min_spend)}+",
                f"{tiers[t].return_window_days} days",
                restock_phrase(tiers[t].restocking_fee_pct),
                free_standard_phrase(tiers[t].free_standard_over),
                "yes" if tiers[t].free_expedited else "no",
                f"{tiers[t].price_match_days} days",
            )
            for t in TIER_ORDER
        ],
    )
    values["return_window_table"] = table(
        ("Tier", "Return window (from delivery)", "Restocking fee (opened, not defective)"),
        [
            (t, f"{tiers[t].return_window_days} days", restock_phrase(tiers[t].restocking_fee_pct))
            for t in TIER_ORDER
        ],
    )
    values["price_match_table"] = table(
        ("Tier", "Price-match window (from the order date)"),
        [(t, f"{tiers[t].price_match_days} days") for t in TIER_ORDER],
    )
    values["free_shipping_table"] = table(
        ("Tier", "Standard shipping", "Expedited shipping"),
        [
            (
                t,
                free_standard_phrase(tiers[t].free_standard_over),
                "free" if tiers[t].free_expedited else "paid",
            )
            for t in TIER_ORDER
        ],
    )
    return values


def _returns_values(policy: Policy) -> Values:
    returns = policy.returns
    return {
        "no_delivery_plus_days": str(returns.no_delivery_record_ship_plus_days),
        "doa_days": str(returns.doa_report_days),
        "refund_business_days": returns.refund_business_days,
    }


def _shipping_values(policy: Policy) -> Values:
    shipping = policy.shipping
    values: Values = {}
    for service in ("standard", "expedited", "overnight"):
        rate = shipping.rate(service)
        values[f"{service}_price"] = money(rate.price)
        values[f"{service}_eta"] = eta(rate)
    values["heavy_threshold_kg"] = number(shipping.heavy_threshold_kg)
    values["heavy_surcharge"] = money(shipping.heavy_surcharge_per_kg)
    values["late_days"] = str(shipping.late_delivery_business_days)
    values["late_credit"] = money(shipping.late_delivery_credit)
    values["shipping_table"] = table(
        ("Service", "Transit time after shipment", "Price"),
        [
            (name.capitalize(), eta(shipping.rate(name)), money(shipping.rate(name).price))
            for name in ("standard", "expedited", "overnight")
        ],
    )
    return values


def _warranty_values(policy: Policy) -> Values:
    warranty = policy.warranty
    values: Values = {}
    rows: list[tuple[str, ...]] = []
    for category, label in WARRANTY_CATEGORIES:
        years: int = getattr(warranty, category)
        values[f"w_{category}"] = plural(years, "year")
        values[f"w_{category}_adj"] = f"{years}-year"
        rows.append((label, plural(years, "year"), "manufacturer"))
        if category == "psu":
            values["w_psu_premium"] = plural(warranty.psu_premium, "year")
            values["w_psu_premium_adj"] = f"{warranty.psu_premium}-year"
            rows.append(
                (
                    "Power supply, premium lines",
                    plural(warranty.psu_premium, "year"),
                    "manufacturer",
                )
            )
    values["w_prebuilt"] = plural(warranty.prebuilt, "year")
    values["w_prebuilt_adj"] = f"{warranty.prebuilt}-year"
    values["open_box_warranty_adj"] = f"{warranty.open_box_months}-month"
    values["refurb_warranty_adj"] = f"{warranty.refurbished_days}-day"
    values["open_box_warranty"] = plural(warranty.open_box_months, "month")
    values["refurb_warranty"] = plural(warranty.refurbished_days, "day")
    values["corecare_years"] = plural(warranty.corecare_plus_extra_years, "year")
    values["corecraft_claims"] = plural(warranty.corecraft_handles_claims_months, "month")
    rows += [
        ("CoreCraft prebuilt system", plural(warranty.prebuilt, "year"), "CoreCraft"),
        ("Any open-box item", plural(warranty.open_box_months, "month"), "CoreCraft"),
        ("Any refurbished item", plural(warranty.refurbished_days, "day"), "CoreCraft"),
        (
            "CoreCare+ extension",
            f"+{plural(warranty.corecare_plus_extra_years, 'year')}",
            "CoreCraft",
        ),
    ]
    values["warranty_table"] = table(("Product", "Warranty from purchase", "Provider"), rows)
    return values


def _support_values(policy: Policy) -> Values:
    esc, promos, sla = policy.escalation, policy.promotions, policy.sla
    competitors = policy.price_match.competitors
    factors = {
        "order_number": "the number of one of their orders",
        "phone_last4": "the last four digits of the phone number on file",
    }
    values: Values = {
        "refund_supervisor_over": money(esc.refund_supervisor_over),
        "fraud_team": esc.fraud_team,
        "billing_team": esc.billing_team,
        "legal_team": esc.legal_press_team,
        "codes_per_order": str(promos.codes_per_order),
        "codes_per_order_phrase": (
            f"{count_word(promos.codes_per_order)} promotion "
            f"code{'' if promos.codes_per_order == 1 else 's'}"
        ),
        "price_adjust_days": str(promos.price_adjustment_days),
        "competitors": join_words(list(competitors)),
        "first_competitor": competitors[0],
        "competitor_list": "\n".join(f"- {name}" for name in competitors),
        "second_factors": " or ".join(factors[f] for f in policy.identity.second_factors),
        "second_factor_list": "\n".join(
            f"   - {factors[f]}" for f in policy.identity.second_factors
        ),
    }
    for tier in TIER_ORDER:
        for priority in PRIORITY_ORDER:
            first, resolution = sla.hours(tier, priority)
            values[f"sla_{tier.lower()}_{priority}_first"] = plural(first, "hour")
            values[f"sla_{tier.lower()}_{priority}_resolution"] = plural(resolution, "hour")
    for priority in PRIORITY_ORDER:
        values[f"sla_mult_{priority}"] = str(sla.priority_multiplier[priority])
    values["sla_table"] = table(
        ("Tier", *(f"{p.capitalize()} (first / resolution)" for p in reversed(PRIORITY_ORDER))),
        [(t, *(_sla_cell(policy, t, p) for p in reversed(PRIORITY_ORDER))) for t in TIER_ORDER],
    )
    return values


def _sla_cell(policy: Policy, tier: TierName, priority: Priority) -> str:
    first, resolution = policy.sla.hours(tier, priority)
    return f"{first} h / {resolution} h"
