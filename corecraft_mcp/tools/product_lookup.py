"""Finding products and their stock: the lookups the product and build tools share."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.world.connection import Row, WorldConnection

# Stock per product over every warehouse: what "available" means everywhere in the tools.
STOCK_CTE = (
    "stock AS (SELECT product_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved, "
    "sum(on_hand - reserved) AS available FROM inventory GROUP BY product_id)"
)


class ProductRef(BaseModel):
    id: str
    sku: str
    name: str


def product_ref(row: Row, prefix: str = "") -> ProductRef:
    return ProductRef(id=row[f"{prefix}id"], sku=row[f"{prefix}sku"], name=row[f"{prefix}name"])


async def example_product_id(db: WorldConnection) -> str:
    return str(await db.scalar("SELECT min(id) FROM products") or "PRD-0001")


async def product_not_found(db: WorldConnection, keys: Iterable[str]) -> ToolInputError:
    listed = ", ".join(f"'{k}'" for k in keys)
    example = await db.fetchone("SELECT id, sku FROM products ORDER BY id LIMIT 1")
    like = f"like {example['id']} or a SKU like {example['sku']}" if example else "or SKU"
    return ToolInputError(
        f"product {listed} not found: give a product id {like}; "
        "use search_products to find one by name, brand or category"
    )


async def get_products(db: WorldConnection, keys: list[str]) -> list[Row]:
    """The product rows for ids or SKUs (any case), in the order given, or one error naming
    every key that matches no product. Each row has the successor's ref (succ_id, succ_sku,
    succ_name) joined in."""
    wanted = [k.strip().upper() for k in keys]
    marks = ", ".join("?" for _ in wanted)
    rows = await db.fetchall(
        "SELECT p.*, s.id AS succ_id, s.sku AS succ_sku, s.name AS succ_name FROM products p "
        f"LEFT JOIN products s ON s.id = p.superseded_by "
        f"WHERE p.id IN ({marks}) OR p.sku IN ({marks})",
        [*wanted, *wanted],
    )
    by_key = {row["id"]: row for row in rows} | {row["sku"]: row for row in rows}
    missing = [k for k, w in zip(keys, wanted, strict=True) if w not in by_key]
    if missing:
        raise await product_not_found(db, missing)
    return [by_key[w] for w in wanted]


async def get_product(db: WorldConnection, key: str) -> Row:
    return (await get_products(db, [key]))[0]


def successor_ref(row: Row) -> ProductRef | None:
    return None if row["succ_id"] is None else product_ref(row, "succ_")
