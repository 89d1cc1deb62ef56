"""The build-compatibility engine: products and the world's compatibility rules in, a report out.

Pure and synchronous. The generator uses it to prove its prebuilt builds, and the
`validate_build_compatibility` tool uses it on whatever the agent asks about. Each rule row names
a `kind` implemented here and carries its numbers in `parameters`, so the rules table stays the
single statement of what is compatible.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from corecraft_mcp.world.compatibility_checks import CHECKS, Build, Finding
from corecraft_mcp.world.compatibility_models import ProductSpec

__all__ = [
    "AsyncRows",
    "CompatibilityIssue",
    "CompatibilityReport",
    "CompatibilityRule",
    "ProductSpec",
    "UnknownProductError",
    "acheck_products",
    "aload_build_items",
    "aload_products",
    "aload_rules",
    "check_compatibility",
    "check_products_in_db",
    "load_build_items",
    "load_products",
    "load_rules",
]

Severity = Literal["error", "warning"]


class CompatibilityRule(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    code: str
    name: str = ""
    kind: str
    severity: Severity
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=dict)

    @field_validator("parameters", mode="before")
    @classmethod
    def _parse_json(cls, value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in CHECKS:
            known = ", ".join(sorted(CHECKS))
            raise ValueError(f"unknown rule kind '{value}'; implemented: {known}")
        return value


class CompatibilityIssue(BaseModel):
    rule_id: str
    code: str
    severity: Severity
    message: str
    product_ids: list[str]


class CompatibilityReport(BaseModel):
    compatible: bool = Field(description="true when no rule of severity 'error' is violated")
    errors: list[CompatibilityIssue]
    warnings: list[CompatibilityIssue]
    rules_checked: int
    product_ids: list[str]


ProductInput = ProductSpec | Mapping[str, Any]
RuleInput = CompatibilityRule | Mapping[str, Any]


def as_spec(product: ProductInput) -> ProductSpec:
    return product if isinstance(product, ProductSpec) else ProductSpec.model_validate(product)


def as_rule(rule: RuleInput) -> CompatibilityRule:
    return rule if isinstance(rule, CompatibilityRule) else CompatibilityRule.model_validate(rule)


def check_compatibility(
    products: Iterable[ProductInput], rules: Iterable[RuleInput]
) -> CompatibilityReport:
    """Check a set of products against every rule. A partial set (a GPU and a case) is checked
    for what it contains; rules about whole builds apply once CPU, motherboard and case are all
    present."""
    specs = [as_spec(p) for p in products]
    checked = [as_rule(r) for r in rules]
    build = Build(specs)
    errors: list[CompatibilityIssue] = []
    warnings: list[CompatibilityIssue] = []
    for rule in checked:
        check: Callable[[Build, Mapping[str, Any]], list[Finding]] = CHECKS[rule.kind]
        for message, ids in check(build, rule.parameters):
            issue = CompatibilityIssue(
                rule_id=rule.id,
                code=rule.code,
                severity=rule.severity,
                message=message,
                product_ids=ids,
            )
            (errors if rule.severity == "error" else warnings).append(issue)
    return CompatibilityReport(
        compatible=not errors,
        errors=errors,
        warnings=warnings,
        rules_checked=len(checked),
        product_ids=[s.id for s in specs],
    )


# -- loading from a world database -----------------------------------------------------------
# The SQL and the row handling are shared by the synchronous helpers (generator, tests) and the
# asynchronous ones (tools, over a WorldConnection or anything with the same `fetchall`).

SPEC_FIELDS: tuple[str, ...] = tuple(f for f in ProductSpec.model_fields if f != "quantity")
RULE_FIELDS: tuple[str, ...] = (
    "id",
    "code",
    "name",
    "kind",
    "severity",
    "description",
    "parameters",
)
RULE_COLUMNS = ", ".join(RULE_FIELDS)
RULES_SQL = f"SELECT {RULE_COLUMNS} FROM compatibility_rules ORDER BY id"
BUILD_ITEMS_SQL = "SELECT product_id, quantity FROM build_components WHERE build_id = ? ORDER BY id"


class UnknownProductError(LookupError):
    """Product ids that are not in the catalogue."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        super().__init__(f"unknown product id(s): {', '.join(self.missing)}")


ItemsInput = Mapping[str, int] | Sequence[str | tuple[str, int]]
Row = Sequence[Any] | Mapping[str, Any]


class AsyncRows(Protocol):
    """What the async helpers need of a connection (WorldConnection has it)."""

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]: ...


def normalise_items(items: ItemsInput) -> list[tuple[str, int]]:
    """Product ids with quantities, merged by id in first-seen order."""
    pairs: Iterable[tuple[str, int] | str] = items.items() if isinstance(items, Mapping) else items
    merged: dict[str, int] = {}
    for entry in pairs:
        product_id, quantity = (entry, 1) if isinstance(entry, str) else entry
        if quantity < 1:
            raise ValueError(f"quantity for {product_id} must be at least 1, got {quantity}")
        merged[product_id] = merged.get(product_id, 0) + quantity
    return list(merged.items())


def _as_dict(row: Row, fields: Sequence[str]) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return {f: row[f] for f in fields}
    return dict(zip(fields, row, strict=True))


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def products_sql(count: int) -> str:
    return f"SELECT {', '.join(SPEC_FIELDS)} FROM products WHERE id IN ({_marks(count)})"


def expansion_sql(count: int) -> str:
    """Each asked-for id with the parts it stands for: a prebuilt SKU's build components, any
    other product itself."""
    return (
        "SELECT p.id AS asked, COALESCE(c.product_id, p.id) AS part, "
        "COALESCE(c.quantity, 1) AS per FROM products p "
        "LEFT JOIN builds b ON p.category = 'prebuilt' AND b.product_id = p.id "
        "AND b.kind = 'prebuilt' "
        "LEFT JOIN build_components c ON c.build_id = b.id "
        f"WHERE p.id IN ({_marks(count)}) ORDER BY p.id, c.id"
    )


def rules_from_rows(rows: Iterable[Row]) -> list[CompatibilityRule]:
    return [CompatibilityRule.model_validate(_as_dict(row, RULE_FIELDS)) for row in rows]


def specs_from_rows(wanted: Sequence[tuple[str, int]], rows: Iterable[Row]) -> list[ProductSpec]:
    by_id = {d["id"]: d for d in (_as_dict(row, SPEC_FIELDS) for row in rows)}
    missing = [product_id for product_id, _ in wanted if product_id not in by_id]
    if missing:
        raise UnknownProductError(missing)
    return [ProductSpec.model_validate({**by_id[pid], "quantity": qty}) for pid, qty in wanted]


def expand_from_rows(
    wanted: Sequence[tuple[str, int]], rows: Iterable[Row]
) -> list[tuple[str, int]]:
    parts: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        asked, part, per = _as_dict(row, ("asked", "part", "per")).values()
        parts.setdefault(str(asked), []).append((str(part), int(per)))
    missing = [product_id for product_id, _ in wanted if product_id not in parts]
    if missing:
        raise UnknownProductError(missing)
    return normalise_items([(part, per * qty) for pid, qty in wanted for part, per in parts[pid]])


def load_rules(conn: sqlite3.Connection) -> list[CompatibilityRule]:
    return rules_from_rows(conn.execute(RULES_SQL).fetchall())


def load_products(
    conn: sqlite3.Connection, items: ItemsInput, *, expand_prebuilts: bool = False
) -> list[ProductSpec]:
    """The products of `items` (ids, or ids with quantities) as specs, in the order given; with
    `expand_prebuilts`, a prebuilt SKU stands for its build's components. Raises
    UnknownProductError naming every id that is not in the catalogue."""
    wanted = normalise_items(items)
    if not wanted:
        return []
    ids = [product_id for product_id, _ in wanted]
    if expand_prebuilts:
        wanted = expand_from_rows(wanted, conn.execute(expansion_sql(len(ids)), ids).fetchall())
        ids = [product_id for product_id, _ in wanted]
    return specs_from_rows(wanted, conn.execute(products_sql(len(ids)), ids).fetchall())


def load_build_items(conn: sqlite3.Connection, build_id: str) -> list[tuple[str, int]]:
    """A build's components as (product id, quantity); empty when the build has none."""
    rows = conn.execute(BUILD_ITEMS_SQL, (build_id,)).fetchall()
    return normalise_items([(str(pid), int(qty)) for pid, qty in rows])


def check_products_in_db(
    conn: sqlite3.Connection, items: ItemsInput, *, expand_prebuilts: bool = False
) -> CompatibilityReport:
    """Load the products and the world's rules from a connection and check them."""
    products = load_products(conn, items, expand_prebuilts=expand_prebuilts)
    return check_compatibility(products, load_rules(conn))


async def aload_rules(db: AsyncRows) -> list[CompatibilityRule]:
    return rules_from_rows(await db.fetchall(RULES_SQL))


async def aload_products(
    db: AsyncRows, items: ItemsInput, *, expand_prebuilts: bool = False
) -> list[ProductSpec]:
    """`load_products` over an async connection."""
    wanted = normalise_items(items)
    if not wanted:
        return []
    ids = [product_id for product_id, _ in wanted]
    if expand_prebuilts:
        wanted = expand_from_rows(wanted, await db.fetchall(expansion_sql(len(ids)), ids))
        ids = [product_id for product_id, _ in wanted]
    return specs_from_rows(wanted, await db.fetchall(products_sql(len(ids)), ids))


async def aload_build_items(db: AsyncRows, build_id: str) -> list[tuple[str, int]]:
    rows = await db.fetchall(BUILD_ITEMS_SQL, (build_id,))
    return normalise_items([(str(r["product_id"]), int(r["quantity"])) for r in rows])


async def acheck_products(
    db: AsyncRows, items: ItemsInput, *, expand_prebuilts: bool = False
) -> CompatibilityReport:
    """`check_products_in_db` over an async connection."""
    products = await aload_products(db, items, expand_prebuilts=expand_prebuilts)
    return check_compatibility(products, await aload_rules(db))
