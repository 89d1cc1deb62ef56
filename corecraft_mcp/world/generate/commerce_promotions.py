"""The promotions stage: seasonal sales, category campaigns and tier perks over the history
window, some current on today, some ended, some about to start. Planted: recently expired or
switched-off codes customers still try, and non-stackable codes they try to combine."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from corecraft_mcp.world.definition import TIER_ORDER
from corecraft_mcp.world.generate.commerce_data import CATEGORY_WORDS, PROMO_THEMES, PromoTheme
from corecraft_mcp.world.generate.context import GenContext

STAGE = "promotions"
# Shares of the promotions current on today and starting soon; the rest have ended.
CURRENT_SHARE = 0.28
FUTURE_SHARE = 0.12
# Of the planted promotions, the share that are expired / switched off (the rest non-stacking).
PLANTED_EXPIRED_SHARE = 0.6


def _window(
    rng: random.Random, theme: PromoTheme, anchor: dt.date, phase: str
) -> tuple[dt.date, dt.date]:
    """Dates of one run of a theme: its yearly event in the year of `anchor`, or a campaign
    of a few weeks placed around `anchor`."""
    if theme.season is not None:
        month, day, length = theme.season
        start = dt.date(anchor.year, month, day)
        return start, start + dt.timedelta(days=length - 1)
    if theme.min_tier is not None or theme.one_per_customer:
        length = rng.randint(90, 365)  # standing perks run for months
    else:
        length = rng.randint(10, 42)
    # A current run started some days ago; any other starts on the anchor.
    start = anchor - dt.timedelta(days=rng.randint(1, length - 2)) if phase == "current" else anchor
    return start, start + dt.timedelta(days=length - 1)


def _describe(theme: PromoTheme, value: int, min_spend: int, cap: int | None, year: int) -> str:
    what = "everything"
    if theme.categories:
        words = [CATEGORY_WORDS.get(c, c) for c in theme.categories.split(",")]
        what = ", ".join(words[:-1]) + (" and " if len(words) > 1 else "") + words[-1]
    amount = f"{value}% off" if theme.discount_type == "percent" else f"${value} off"
    text = f"{theme.title} {year}: {amount} {what}"
    if min_spend:
        text += f" on orders of ${min_spend}+" if not theme.categories else f" (${min_spend}+)"
    if cap:
        text += f", up to ${cap} off"
    if theme.min_tier == TIER_ORDER[-1]:
        text += f"; {theme.min_tier} members only"
    elif theme.min_tier:
        text += f"; {theme.min_tier} members and above"
    if theme.one_per_customer:
        text += "; one use per customer"
    return text + "."


def _code(theme: PromoTheme, value: int, year: int, taken: set[str]) -> str:
    for code in (f"{theme.code}{value}", f"{theme.code}{value}Y{year % 100:02d}"):
        if code not in taken:
            return code
    n = 2
    while f"{theme.code}{value}-{n}" in taken:
        n += 1
    return f"{theme.code}{value}-{n}"


def _plan_runs(
    ctx: GenContext, rng: random.Random, total: int
) -> list[tuple[PromoTheme, dt.date, dt.date]]:
    """Which themes run when: `total` runs split into current, future and ended."""
    today = ctx.today
    window_start = today - dt.timedelta(days=ctx.definition.history_days)
    n_current = max(1, round(total * CURRENT_SHARE))
    n_future = max(1, round(total * FUTURE_SHARE))
    n_ended = total - n_current - n_future
    runs: list[tuple[PromoTheme, dt.date, dt.date]] = []
    seasonal = [t for t in PROMO_THEMES if t.season is not None]
    campaigns = [t for t in PROMO_THEMES if t.season is None]

    # Ended: every yearly event inside the window first, then campaigns at random dates.
    ended: list[tuple[PromoTheme, dt.date, dt.date]] = []
    for year in range(window_start.year, today.year + 1):
        for theme in seasonal:
            start, end = _window(rng, theme, dt.date(year, 1, 1), "ended")
            if start >= window_start - dt.timedelta(days=20) and end < today:
                ended.append((theme, start, end))
    rng.shuffle(ended)
    ended = ended[:n_ended]
    span = (today - window_start).days
    while len(ended) < n_ended:
        theme = rng.choice(campaigns)
        start, end = _window(
            rng,
            theme,
            window_start + dt.timedelta(days=rng.randint(0, max(1, span - 50))),
            "ended",
        )
        if end < today - dt.timedelta(days=1):
            ended.append((theme, start, end))
    runs += ended

    # Current: a yearly event on today if there is one, tier perks, campaigns.
    current_themes = []
    for theme in seasonal:
        start, end = _window(rng, theme, today, "current")
        if start <= today <= end:
            current_themes.append(theme)
    perks = [t for t in campaigns if t.min_tier is not None or t.one_per_customer]
    others = [t for t in campaigns if t not in perks]
    pool = current_themes + rng.sample(perks, len(perks)) + rng.sample(others, len(others))
    # A large world runs some campaigns twice at once (under distinct codes).
    pool += [rng.choice(others) for _ in range(n_current - len(pool))]
    for theme in pool[:n_current]:
        runs.append((theme, *_window(rng, theme, today, "current")))

    # Future: campaigns starting within the next two months.
    for theme in [rng.choice(others) for _ in range(n_future)]:
        start = today + dt.timedelta(days=rng.randint(3, 60))
        runs.append((theme, *_window(rng, theme, start, "future")))
    return runs


def generate_promotions(ctx: GenContext) -> None:
    rng = ctx.rng(STAGE)
    total = ctx.definition.sizes.promotions
    today = ctx.today
    runs = sorted(_plan_runs(ctx, rng, total), key=lambda r: (r[1], r[0].code))
    taken: set[str] = set()
    rows: list[dict[str, Any]] = []
    for number, (theme, start, end) in enumerate(runs, start=1):
        value = rng.choice(theme.values)
        min_spend = rng.choice(theme.min_spend)
        cap = rng.choice(theme.cap) if theme.cap and rng.random() < 0.85 else None
        code = _code(theme, value, start.year, taken)
        taken.add(code)
        rows.append(
            {
                "id": f"PRM-{number:03d}",
                "code": code,
                "description": _describe(theme, value, min_spend, cap, start.year),
                "discount_type": theme.discount_type,
                "discount_value": value if theme.discount_type == "percent" else value * 100,
                "max_discount_cents": cap * 100 if cap else None,
                "min_spend_cents": min_spend * 100,
                "starts_on": start.isoformat(),
                "ends_on": end.isoformat(),
                "categories": theme.categories,
                "min_tier": theme.min_tier,
                # Seasonal sales never combine with price matches; campaigns mostly do.
                "stackable": int(theme.season is None and rng.random() < 0.75),
                "one_per_customer": int(theme.one_per_customer),
                # Marketing switches some ended codes off; the dates alone govern the rest.
                "active": int(end >= today or rng.random() < 0.7),
            }
        )
    _plant(ctx, rng, rows)
    ctx.insert_many("promotions", rows)


def _plant(ctx: GenContext, rng: random.Random, rows: list[dict[str, Any]]) -> None:
    """Recently ended (or switched-off) codes customers still try, and current non-stackable
    codes they try to combine with a price match or a second code."""
    today = ctx.definition.today_iso
    count = round(len(rows) * ctx.definition.mess.expired_or_nonstacking_promo)
    n_expired = round(count * PLANTED_EXPIRED_SHARE)
    ended = sorted((r for r in rows if r["ends_on"] < today), key=lambda r: r["ends_on"])
    current = [r for r in rows if r["starts_on"] <= today <= r["ends_on"]]
    planted: list[tuple[dict[str, Any], dict[str, Any]]] = []
    # One current code switched off early: within its dates, yet not valid.
    if current and n_expired:
        pulled = rng.choice([r for r in current if r["min_tier"] is None] or current)
        pulled["active"] = 0
        planted.append((pulled, {"reason": "switched_off", "ends_on": pulled["ends_on"]}))
    for row in ended[::-1][: n_expired - len(planted)]:
        row["active"] = 1  # still listed, so a customer finds it and tries it
        days = (ctx.today - dt.date.fromisoformat(row["ends_on"])).days
        planted.append(
            (row, {"reason": "expired", "ended_on": row["ends_on"], "days_since_end": days})
        )
    others = [r for r in current if r["active"]]
    for row in rng.sample(others, min(len(others), count - len(planted))):
        row["stackable"] = 0
        partner = rng.choice([r for r in others if r is not row] or [row])
        planted.append(
            (
                row,
                {
                    "reason": "non_stackable",
                    "customer_may_combine_with": rng.choice(
                        ("a price match on another item", f"code {partner['code']}")
                    ),
                },
            )
        )
    for row, detail in planted:
        ctx.plant(
            "expired_or_nonstacking_promo", "promotions", row["id"], code=row["code"], **detail
        )
