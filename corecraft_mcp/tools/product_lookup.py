"""Finding products and their stock: the lookups the product and build tools share."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from corecraft_mcp.tools.base import ToolInputError
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import Product

# Stock per product over every warehouse: what "available" means everywhere in the tools.
STOCK_CTE = (
    "stock AS (SELECT product_id, sum(on_hand) AS on_hand, sum(reserved) AS reserved, "
    "sum(on_hand - reserved) AS available FROM inventory GROUP BY product_id)"
)


class ProductRef(BaseModel):
    id: str
    sku: str
    name: str


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


async def get_products(db: WorldConnection, keys: list[str]) -> list[Product]:
    """The products for ids or SKUs (any case), in the order given, or one error naming every
    key that matches no product."""
    wanted = [k.strip().upper() for k in keys]
    marks = ", ".join("?" for _ in wanted)
    rows = await db.fetchall(
        f"SELECT * FROM products WHERE id IN ({marks}) OR sku IN ({marks})", [*wanted, *wanted]
    )
    products = {row["id"]: Product.model_validate(row) for row in rows}
    by_key = products | {p.sku: p for p in products.values()}
    missing = [k for k, w in zip(keys, wanted, strict=True) if w not in by_key]
    if missing:
        raise await product_not_found(db, missing)
    return [by_key[w] for w in wanted]


async def get_product(db: WorldConnection, key: str) -> Product:
    return (await get_products(db, [key]))[0]


async def successor_refs(db: WorldConnection, products: Iterable[Product]) -> dict[str, ProductRef]:
    """The product that replaces each discontinued product naming one, by the older one's id."""
    successor_of = {p.id: p.superseded_by for p in products if p.superseded_by is not None}
    if not successor_of:
        return {}
    ids = sorted(set(successor_of.values()))
    marks = ", ".join("?" for _ in ids)
    refs = {
        row["id"]: ProductRef(id=row["id"], sku=row["sku"], name=row["name"])
        for row in await db.fetchall(
            f"SELECT id, sku, name FROM products WHERE id IN ({marks})", ids
        )
    }
    return {old: refs[new] for old, new in successor_of.items() if new in refs}
