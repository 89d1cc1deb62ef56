"""Money: the world stores integer cents; definitions and tool output speak dollars.

The two directions are named for what they return, so `cents(19.99)` is 1999 and
`dollars(1999)` is 19.99, wherever they are called.
"""

from __future__ import annotations


def cents(amount: float) -> int:
    """Dollars (a definition's figure, a tool's argument) as integer cents."""
    return round(amount * 100)


def dollars(amount_cents: int | None) -> float | None:
    """Cents as dollars for output; None stays None (an amount not yet known)."""
    return None if amount_cents is None else round(amount_cents / 100, 2)
