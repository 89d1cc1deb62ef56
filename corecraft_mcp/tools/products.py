"""Product tools: one product in full and stock per warehouse; with catalogue search
(product_search) and build checks (build_check), the product domain's tools."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import ToolInputError, ToolSpec
from corecraft_mcp.tools.build_check import validate_build_compatibility
from corecraft_mcp.tools.product_lookup import ProductRef, get_product, get_products, successor_refs
from corecraft_mcp.tools.product_search import search_products
from corecraft_mcp.tools.return_policy import warranty_policy_row
from corecraft_mcp.world.connection import Row, WorldConnection
from corecraft_mcp.world.models import Product
from corecraft_mcp.world.money import dollars

__all__ = [
    "TOOLS",
    "check_inventory",
    "get_product_details",
    "search_products",
    "validate_build_compatibility",
]

# Columns of a product row that are not specifications: every other non-NULL column is one, so a
# spec column added to the schema shows up in get_product_details without a change here.
_NOT_SPECS = frozenset(
    {
        "id", "sku", "name", "brand", "model", "category", "price_cents", "weight_grams",
        "release_date", "description", "premium_line", "final_sale", "discontinued",
        "superseded_by",
    }
)  # fmt: skip


class WarrantyTerms(BaseModel):
    policy_id: str
    name: str
    duration_months: int
    provider: str = Field(description="manufacturer or corecraft")
    coverage: str
    claim_process: str


class StockSummary(BaseModel):
    on_hand: int
    reserved: int = Field(description="Units held for open orders.")
    available: int = Field(description="on_hand - reserved, over all warehouses.")
    warehouses_with_stock: list[str]
    next_restock_date: str | None = Field(description="Earliest restock date on file, if any.")


class ProductDetails(BaseModel):
    id: str
    sku: str
    name: str
    brand: str
    model: str
    category: str
    price_usd: float
    weight_grams: int
    release_date: str
    description: str
    specs: dict[str, str | int] = Field(description="Every specification on file (units in names).")
    premium_line: bool = Field(description="Power supply of a premium (longer-warranty) line.")
    final_sale: bool = Field(description="Clearance item: not returnable (warranty only).")
    discontinued: bool
    successor: ProductRef | None = Field(
        description="The product that replaces a discontinued one."
    )
    warranty: WarrantyTerms | None = Field(description="The warranty of a new unit.")
    warranty_note: str | None = None
    stock: StockSummary


class WarehouseStock(BaseModel):
    warehouse: str
    on_hand: int
    reserved: int
    available: int
    restock_date: str | None


class ProductStock(BaseModel):
    product_id: str
    sku: str
    name: str
    discontinued: bool
    warehouses: list[WarehouseStock]
    total_on_hand: int
    total_reserved: int
    total_available: int
    in_stock: bool
    next_restock_date: str | None
    successor: ProductRef | None
    successor_available: int | None = Field(description="Units of the successor available now.")
    note: str | None


class InventoryResult(BaseModel):
    products: list[ProductStock]


async def _stock_rows(db: WorldConnection, product_ids: list[str]) -> dict[str, list[Row]]:
    marks = ", ".join("?" for _ in product_ids)
    rows = await db.fetchall(
        "SELECT product_id, warehouse, on_hand, reserved, on_hand - reserved AS available, "
        f"restock_date FROM inventory WHERE product_id IN ({marks}) ORDER BY product_id, warehouse",
        product_ids,
    )
    by_product: dict[str, list[Row]] = {pid: [] for pid in product_ids}
    for row in rows:
        by_product[row["product_id"]].append(row)
    return by_product


def _next_restock(rows: list[Row]) -> str | None:
    return min((r["restock_date"] for r in rows if r["restock_date"]), default=None)


async def get_product_details(
    db: WorldConnection,
    product: Annotated[
        str,
        Field(
            description="The product's id or SKU, as search_products returns them.",
            min_length=1,
            max_length=64,
        ),
    ],
) -> ProductDetails:
    """Everything about one product: every specification on file, price, weight, release date,
    description, whether it is final sale (not returnable), whether it is discontinued and which
    product replaces it, the warranty a new unit carries (length, who provides it, what it
    covers, how to claim), and a stock summary. For stock per warehouse use check_inventory; for
    the warranty of a unit a customer bought (open-box, refurbished, CoreCare+, dates) use
    get_warranty_policy."""
    row = await get_product(db, product)
    successors = await successor_refs(db, [row])
    stock = (await _stock_rows(db, [row.id]))[row.id]
    warranty: WarrantyTerms | None = None
    warranty_note: str | None = None
    try:
        policy = await warranty_policy_row(db, row.category, row.premium_line, "new")
    except ToolInputError as exc:
        warranty_note = str(exc)
    else:
        warranty = WarrantyTerms(
            policy_id=policy.id,
            name=policy.name,
            duration_months=policy.duration_months,
            provider=policy.provider,
            coverage=policy.coverage,
            claim_process=policy.claim_process,
        )
    return ProductDetails(
        id=row.id,
        sku=row.sku,
        name=row.name,
        brand=row.brand,
        model=row.model,
        category=row.category,
        price_usd=dollars(row.price_cents) or 0.0,
        weight_grams=row.weight_grams,
        release_date=row.release_date,
        description=row.description,
        specs={k: v for k, v in vars(row).items() if k not in _NOT_SPECS and v is not None},
        premium_line=row.premium_line,
        final_sale=row.final_sale,
        discontinued=row.discontinued,
        successor=successors.get(row.id),
        warranty=warranty,
        warranty_note=warranty_note,
        stock=StockSummary(
            on_hand=sum(r["on_hand"] for r in stock),
            reserved=sum(r["reserved"] for r in stock),
            available=sum(r["available"] for r in stock),
            warehouses_with_stock=[r["warehouse"] for r in stock if r["available"] > 0],
            next_restock_date=_next_restock(stock),
        ),
    )


async def check_inventory(
    db: WorldConnection,
    product_ids: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=64)]],
        Field(
            description="Ids or SKUs of the products to check (1-25), as search_products "
            "returns them.",
            min_length=1,
            max_length=25,
        ),
    ],
) -> InventoryResult:
    """Stock of one or more products in each warehouse: units on hand, reserved for open orders,
    available (on hand minus reserved) and the expected restock date, with totals. For a
    discontinued product it names the successor and the successor's available units. Reads
    only; reserves nothing."""
    rows = await get_products(db, product_ids)
    rows = list({r.id: r for r in rows}.values())  # one product, however often it is named
    ids = [r.id for r in rows]
    refs = await successor_refs(db, rows)
    successors = [refs[r.id].id for r in rows if r.id in refs]
    stock = await _stock_rows(db, list(dict.fromkeys(ids + successors)))
    products = []
    for row in rows:
        lines = stock[row.id]
        available = sum(r["available"] for r in lines)
        successor = refs.get(row.id)
        succ_available = (
            None if successor is None else sum(r["available"] for r in stock[successor.id])
        )
        products.append(
            ProductStock(
                product_id=row.id,
                sku=row.sku,
                name=row.name,
                discontinued=row.discontinued,
                warehouses=[
                    WarehouseStock(
                        warehouse=r["warehouse"],
                        on_hand=r["on_hand"],
                        reserved=r["reserved"],
                        available=r["available"],
                        restock_date=r["restock_date"],
                    )
                    for r in lines
                ],
                total_on_hand=sum(r["on_hand"] for r in lines),
                total_reserved=sum(r["reserved"] for r in lines),
                total_available=available,
                in_stock=available > 0,
                next_restock_date=_next_restock(lines),
                successor=successor,
                successor_available=succ_available,
                note=_stock_note(
                    row, lines, available, _next_restock(lines), successor, succ_available
                ),
            )
        )
    return InventoryResult(products=products)


def _stock_note(
    row: Product,
    lines: list[Row],
    available: int,
    restock: str | None,
    successor: ProductRef | None,
    succ_available: int | None,
) -> str | None:
    if row.discontinued:
        stock = f"{available} unit(s) left" if available else "out of stock"
        if successor is None:
            return (
                f"Discontinued ({stock}) with no successor: use search_products for an alternative."
            )
        return (
            f"Discontinued ({stock}); its successor is {successor.id} {successor.name} "
            f"({succ_available} unit(s) available)."
        )
    if available > 0:
        return None
    if not lines:
        return "No inventory records: this product is not stocked in any warehouse."
    if restock:
        return f"Out of stock; restock expected {restock}."
    return "Out of stock with no restock date on file."


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(search_products, "read", "Search products"),
    ToolSpec(get_product_details, "read", "Get product details"),
    ToolSpec(check_inventory, "read", "Check inventory"),
    ToolSpec(validate_build_compatibility, "read", "Validate build compatibility"),
)
