"""Formatting helpers for the written content: money, counts, dates and markdown tables."""

from __future__ import annotations

import datetime as dt

from corecraft_mcp.world.definition import ShippingRate
from corecraft_mcp.world.money import cents

Values = dict[str, str]

_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def money(amount: float) -> str:
    """Dollars as the texts print them: '$1,000', '$9.99', '$15'."""
    total = cents(amount)
    if total % 100 == 0:
        return f"${total // 100:,}"
    return f"${total // 100:,}.{total % 100:02d}"


def number(value: float) -> str:
    """A quantity without a needless '.0' (10.0 kg -> '10')."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def count_word(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def join_words(items: list[str], empty: str = "none") -> str:
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def day_label(day: dt.date) -> str:
    return f"{day.day} {day:%B}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def weekday_label(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def add_business_days(day: dt.date, n: int) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    # Clamp to the month's last day (31 January + 1 month = 28/29 February).
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def eta(rate: ShippingRate) -> str:
    low, high = rate.business_days
    if low == high:
        return plural(low, "business day")
    return f"{low}-{high} business days"


def free_standard_phrase(over: float) -> str:
    return "free on every order" if over == 0 else f"free on orders over {money(over)}"


def restock_phrase(pct: int) -> str:
    return f"{pct}%" if pct else "waived"


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
