"""validate_build_compatibility: a saved build or a parts list against the compatibility rules.

Every rule is the engine's (world/compatibility.py); this tool only resolves what the agent names
into product rows and the world's rule rows, read over the episode's async connection, and hands
them to the engine's pure check.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.tools.product_lookup import get_products
from corecraft_mcp.world.compatibility import (
    RULE_COLUMNS,
    CompatibilityIssue,
    CompatibilityRule,
    ProductSpec,
    check_compatibility,
)
from corecraft_mcp.world.compatibility_checks import Build, estimated_draw
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.models import Product

MAX_ITEMS = 40
MAX_QUANTITY = 16
# The rule kind whose parameters say how the engine estimates a build's peak power draw.
_POWER_RULE_KIND = "psu_headroom"


class BuildItem(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field must not be silently dropped

    product_id: Annotated[
        str, Field(description="A product id or SKU.", min_length=1, max_length=64)
    ]
    quantity: Annotated[int, Field(description="How many of it.", ge=1, le=MAX_QUANTITY)] = 1


class CheckedProduct(BaseModel):
    id: str
    sku: str
    name: str
    category: str
    quantity: int


class BuildCompatibilityResult(BaseModel):
    build_id: str | None = Field(description="The saved build checked, if one was named.")
    build_name: str | None
    compatible: bool = Field(description="true when no rule of severity 'error' is violated.")
    errors: list[CompatibilityIssue] = Field(description="Violations that stop the build working.")
    warnings: list[CompatibilityIssue] = Field(description="Works, but with a caveat to mention.")
    rules_checked: int
    products: list[CheckedProduct]
    estimated_power_draw_watts: int | None = Field(
        description="Estimated peak draw of the CPU, GPU and rest of the system, when the set "
        "has a CPU or GPU."
    )
    summary: str


async def validate_build_compatibility(
    db: WorldConnection,
    build_id: Annotated[
        str | None,
        Field(
            description="A saved build's id (a customer's custom build or a prebuilt), as "
            "get_customer_history shows it. Give this or items, not both.",
            max_length=64,
        ),
    ] = None,
    items: Annotated[
        list[BuildItem] | None,
        Field(
            description="Products to check together, each with a quantity (default 1). Give "
            "this or build_id, not both.",
            min_length=1,
            max_length=MAX_ITEMS,
        ),
    ] = None,
) -> BuildCompatibilityResult:
    """Check whether a set of PC parts works together: a saved build, or any list of products
    (a customer's planned build, a part they want to add). Runs every compatibility rule of the
    catalogue (CPU socket, memory type and slots, form factors, GPU length and cooler height
    against the case, cooler socket and rating, PSU wattage and headroom, M.2 slots, BIOS
    updates, missing parts) and returns errors (will not work) and warnings (works with a
    caveat), each naming the rule, the products involved and what to change, plus the estimated
    power draw. A partial list is checked for what it contains; rules about whole builds apply
    once a CPU, motherboard and case are all present. Reads only."""
    if (build_id is None) == (items is None):
        raise ToolInputError(
            "give either build_id (a saved build) or items (a list of product ids with "
            "quantities), not both and not neither"
        )
    build: Row | None = None
    if build_id is not None:
        build = await _build(db, build_id)
        pairs = [
            (r["product_id"], int(r["quantity"]))
            for r in await db.fetchall(
                "SELECT product_id, quantity FROM build_components WHERE build_id = ? ORDER BY id",
                (build["id"],),
            )
        ]
        if not pairs:
            raise ToolInputError(f"build {build['id']} has no components on file to check")
    else:
        pairs = [(item.product_id, item.quantity) for item in items or []]
    rows = await get_products(db, [key for key, _ in pairs])
    quantities: dict[str, int] = {}
    by_id: dict[str, Product] = {}
    for row, (_, quantity) in zip(rows, pairs, strict=True):
        quantities[row.id] = quantities.get(row.id, 0) + quantity
        by_id[row.id] = row
    # vars(): a flat model's fields as they are, without model_dump's copy (a third of the cost)
    specs = [
        ProductSpec.model_validate({**vars(by_id[pid]), "quantity": qty})
        for pid, qty in quantities.items()
    ]
    rules = [
        CompatibilityRule.model_validate(row)
        for row in await db.fetchall(f"SELECT {RULE_COLUMNS} FROM compatibility_rules ORDER BY id")
    ]
    report = check_compatibility(specs, rules)
    return BuildCompatibilityResult(
        build_id=None if build is None else build["id"],
        build_name=None if build is None else build["name"],
        compatible=report.compatible,
        errors=report.errors,
        warnings=report.warnings,
        rules_checked=report.rules_checked,
        products=[
            CheckedProduct(
                id=pid,
                sku=by_id[pid].sku,
                name=by_id[pid].name,
                category=by_id[pid].category,
                quantity=qty,
            )
            for pid, qty in quantities.items()
        ],
        estimated_power_draw_watts=_power_draw(specs, rules),
        summary=_summary(report.compatible, report.errors, report.warnings),
    )


async def _build(db: WorldConnection, build_id: str) -> Row:
    row = await db.fetchone("SELECT id, name FROM builds WHERE id = ?", (build_id.strip().upper(),))
    if row is None:
        example = await db.scalar("SELECT min(id) FROM builds")
        like = f" like {example}" if example else ""
        raise ToolInputError(
            f"build '{build_id}' not found: give a build id{like} (get_customer_history lists "
            "a customer's builds), or check a list of products with items instead"
        )
    return row


def _power_draw(specs: list[ProductSpec], rules: list[CompatibilityRule]) -> int | None:
    """The engine's own estimate, with the numbers of the world's power-headroom rule."""
    build = Build(specs)
    rule = next((r for r in rules if r.kind == _POWER_RULE_KIND), None)
    if rule is None or not build.of("cpu", "gpu"):
        return None
    return estimated_draw(build, rule.parameters)[0]


def _summary(
    compatible: bool, errors: list[CompatibilityIssue], warnings: list[CompatibilityIssue]
) -> str:
    def codes(issues: list[CompatibilityIssue]) -> str:
        return ", ".join(dict.fromkeys(i.code for i in issues))

    verdict = (
        "Compatible" if compatible else f"Not compatible: {len(errors)} error(s) ({codes(errors)})"
    )
    if warnings:
        return f"{verdict}; {len(warnings)} warning(s) ({codes(warnings)})."
    return f"{verdict}; no warnings."
