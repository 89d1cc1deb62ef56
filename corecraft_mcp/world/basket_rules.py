"""Which compatibility rules hold for parts bought in one order (a basket), as opposed to a
whole build: the generator fits baskets by them and world/invariants checks them."""

from __future__ import annotations

from collections.abc import Sequence

from corecraft_mcp.world.compatibility import CompatibilityRule

# The categories the compatibility rules speak about (peripherals and monitors fit anything).
PART_CATEGORIES = frozenset(
    ("cpu", "motherboard", "memory", "gpu", "case", "air_cooler", "liquid_cooler", "psu", "ssd")
)
# A cart may hold parts for two machines (two coolers), or for a machine that has the rest (a
# CPU without graphics, for a PC with a card): how many of a kind, and a display output, are
# build rules, not basket ones.
BUILD_ONLY_KINDS = frozenset(("max_count", "display_output"))


def basket_rules(rules: Sequence[CompatibilityRule]) -> list[CompatibilityRule]:
    return [r for r in rules if r.kind not in BUILD_ONLY_KINDS]
