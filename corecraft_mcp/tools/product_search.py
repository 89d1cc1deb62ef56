"""search_products: the catalogue by text, category, brand, price, stock and specifications."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from corecraft_mcp.tools.base import (
    MAX_QUERY,
    Page,
    PageInfo,
    PageSize,
    ToolInputError,
    like_pattern,
    offset,
    page_info,
)
from corecraft_mcp.tools.fts import FtsQuery, MatchMode
from corecraft_mcp.world.connection import WorldConnection
from corecraft_mcp.world.models import ProductCategory
from corecraft_mcp.world.money import cents, dollars

# bm25 column weights of products_fts (name, brand, model, category, description): the words of
# a product's name and model number identify it; its description only mentions things.
_BM25 = "bm25(products_fts, 10.0, 5.0, 8.0, 3.0, 1.0)"
# An exact SKU or id typed as the query ranks above any text match.
_EXACT_SCORE = -1e9

# The catalogue's closed spec vocabularies (the compatibility rules name the same values).
Socket = Literal["AM4", "AM5", "LGA1700", "LGA1851"]
MemoryType = Literal["DDR4", "DDR5"]
FormFactor = Literal["ATX", "Micro-ATX", "Mini-ITX", "E-ATX", "SFX"]
SortOrder = Literal["relevance", "price_low_to_high", "price_high_to_low", "newest", "name"]
_ORDER_BY: dict[SortOrder, str] = {
    "price_low_to_high": "p.price_cents, p.id",
    "price_high_to_low": "p.price_cents DESC, p.id",
    "newest": "p.release_date DESC, p.id",
    "name": "p.name, p.id",
}

_SOURCE = "FROM products p"
# Units available now, per product: summed for the products a query touches (through the
# inventory's product index), not for the whole inventory before every search.
_AVAILABLE = (
    "coalesce((SELECT sum(i.on_hand - i.reserved) FROM inventory i WHERE i.product_id = p.id), 0)"
)
# The text matches, and exact SKU or id matches ranked above them, best score per product.
_HITS = (
    f"WITH hits(rid, score) AS (SELECT rowid, {_BM25} FROM products_fts WHERE products_fts MATCH ? "
    "UNION ALL SELECT rowid, ? FROM products WHERE id = ? OR sku = ?)"
)
_RANKED = " JOIN (SELECT rid, min(score) AS score FROM hits GROUP BY rid) m ON m.rid = p.rowid"
_MAX_MM = 2000
_MAX_WATTS = 10_000


class ProductSummary(BaseModel):
    id: str
    sku: str
    name: str
    brand: str
    category: str
    price_usd: float
    in_stock_units: int = Field(description="Units available now over all warehouses.")
    final_sale: bool = Field(description="Clearance item: not returnable (warranty only).")
    discontinued: bool
    successor_id: str | None = Field(description="The product that replaces a discontinued one.")


class ProductSearchResult(PageInfo):
    match_mode: MatchMode | None = Field(
        description="all_terms: every word of the query matched; any_term: no product had every "
        "word, so products with any of them are ranked; null: no query."
    )
    note: str | None = None
    results: list[ProductSummary]


def _list_contains(column: str) -> str:
    """A condition: a comma-separated list column ('AM4, AM5') holds the parameter ',AM5,'."""
    return f"instr(',' || upper(replace({column}, ' ', '')) || ',', ?) > 0"


def _item(token: str) -> str:
    return f",{token.strip().upper().replace(' ', '')},"


def _given(text: str | None) -> str | None:
    """A text filter, or None when it is missing or blank (a blank filter filters nothing)."""
    return text.strip() if text is not None and text.strip() else None


class _Conditions:
    """The WHERE clause of a search, built one optional filter at a time."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[object] = []

    def add(self, clause: str, *values: object) -> None:
        """Add a condition; one whose value is None was not asked for and is skipped."""
        if any(v is None for v in values):
            return
        self.clauses.append(clause)
        self.params.extend(values)

    def sql(self) -> str:
        return " AND ".join(self.clauses) or "1"


async def search_products(
    db: WorldConnection,
    query: Annotated[
        str | None,
        Field(
            description="Words to find in names, brands, models and descriptions "
            "('RTX 4070', 'quiet 750W modular'), or an exact SKU or product id.",
            max_length=MAX_QUERY,
        ),
    ] = None,
    category: Annotated[ProductCategory | None, Field(description="Only this category.")] = None,
    brand: Annotated[
        str | None, Field(description="Only this brand, any case ('Corsair').", max_length=64)
    ] = None,
    min_price_usd: Annotated[
        float | None, Field(description="Lowest price in dollars.", ge=0, le=1_000_000)
    ] = None,
    max_price_usd: Annotated[
        float | None, Field(description="Highest price in dollars.", ge=0, le=1_000_000)
    ] = None,
    in_stock: Annotated[
        bool | None,
        Field(
            description="true: only products with units available (on hand minus reserved) in "
            "some warehouse; false: only products with none available."
        ),
    ] = None,
    include_discontinued: Annotated[
        bool, Field(description="Also list discontinued products (marked, with successor).")
    ] = True,
    socket: Annotated[
        Socket | None,
        Field(description="CPUs and motherboards with this socket, and coolers that support it."),
    ] = None,
    memory_type: Annotated[
        MemoryType | None,
        Field(description="Memory kits of this type, and CPUs and motherboards that take it."),
    ] = None,
    form_factor: Annotated[
        FormFactor | None,
        Field(
            description="Motherboard size, power-supply size (ATX or SFX), or for a case the "
            "largest motherboard it holds."
        ),
    ] = None,
    chipset: Annotated[
        str | None, Field(description="Motherboard chipset ('B650', 'Z790').", max_length=32)
    ] = None,
    min_wattage: Annotated[
        int | None,
        Field(description="Power supplies of at least this output (W).", ge=0, le=_MAX_WATTS),
    ] = None,
    max_length_mm: Annotated[
        int | None, Field(description="Graphics cards at most this long (mm).", ge=0, le=_MAX_MM)
    ] = None,
    min_gpu_clearance_mm: Annotated[
        int | None,
        Field(description="Cases that fit a graphics card this long (mm).", ge=0, le=_MAX_MM),
    ] = None,
    max_cooler_height_mm: Annotated[
        int | None, Field(description="Air coolers at most this tall (mm).", ge=0, le=_MAX_MM)
    ] = None,
    min_capacity_gb: Annotated[
        int | None,
        Field(
            description="Memory kits and drives of at least this capacity (GB).", ge=0, le=1_000_000
        ),
    ] = None,
    interface: Annotated[
        str | None,
        Field(
            description="Drive interface containing this ('NVMe', 'PCIe 4.0', 'SATA').",
            max_length=32,
        ),
    ] = None,
    sort: Annotated[
        SortOrder, Field(description="relevance (best text match; by name without a query).")
    ] = "relevance",
    page: Page = 1,
    page_size: PageSize = 10,
) -> ProductSearchResult:
    """Search the catalogue by text, category, brand, price range, stock and specifications
    (socket, memory type, form factor, PSU wattage, GPU length, case GPU clearance, cooler height,
    capacity, drive interface); every filter given must hold, and a spec filter keeps only
    products that have that spec. Each result has its price, units in stock now, and whether it
    is discontinued, with the id of its successor. Discontinued products are listed unless
    include_discontinued is false. Use get_product_details for full specs and warranty,
    check_inventory for stock per warehouse, validate_build_compatibility to check parts
    together."""
    if min_price_usd is not None and max_price_usd is not None and min_price_usd > max_price_usd:
        raise ToolInputError(
            f"min_price_usd ({min_price_usd}) is above max_price_usd ({max_price_usd}): "
            "give a range whose minimum is at most its maximum"
        )
    where = _Conditions()
    where.add("p.category = ?", category)
    where.add("p.brand = ? COLLATE NOCASE", _given(brand))
    where.add("p.price_cents >= ?", None if min_price_usd is None else cents(min_price_usd))
    where.add("p.price_cents <= ?", None if max_price_usd is None else cents(max_price_usd))
    if in_stock is not None:
        where.add(f"{_AVAILABLE} {'>' if in_stock else '<='} 0")
    if not include_discontinued:
        where.add("p.discontinued = 0")
    if socket is not None:
        where.add(
            f"(p.socket = ? OR {_list_contains('p.supported_sockets')})", socket, _item(socket)
        )
    where.add(_list_contains("p.memory_type"), None if memory_type is None else _item(memory_type))
    where.add("p.form_factor = ?", form_factor)
    where.add("p.chipset = ? COLLATE NOCASE", _given(chipset))
    where.add("p.wattage >= ?", min_wattage)
    where.add("p.length_mm <= ?", max_length_mm)
    where.add("p.max_gpu_length_mm >= ?", min_gpu_clearance_mm)
    where.add("p.height_mm <= ?", max_cooler_height_mm)
    where.add("p.capacity_gb >= ?", min_capacity_gb)
    wanted = _given(interface)
    where.add("p.interface LIKE ? ESCAPE '\\'", None if wanted is None else like_pattern(wanted))
    return await _run(db, where, query, sort, page, page_size)


async def _run(
    db: WorldConnection,
    where: _Conditions,
    query: str | None,
    sort: SortOrder,
    page: int,
    page_size: int,
) -> ProductSearchResult:
    """Count and fetch one page: ranked by text when there is a query, all terms first."""
    text = (query or "").strip()
    fts = FtsQuery.parse(text)
    if text and fts.empty:
        return ProductSearchResult(
            **page_info(page, page_size, 0).model_dump(),
            match_mode=None,
            note=f"the query {query!r} has no words to search for: use plain words or a SKU",
            results=[],
        )
    with_sql, source = "", _SOURCE
    order = _ORDER_BY.get(sort, "p.name, p.id")
    # (match mode, parameters of the text match): one attempt without a query, else all terms
    # and then, if nothing matched, any term.
    attempts: list[tuple[MatchMode | None, list[object]]] = [(None, [])]
    if text:
        with_sql = _HITS
        source += _RANKED
        if sort == "relevance":
            order = "m.score, p.id"
        exact = [_EXACT_SCORE, text.upper(), text.upper()]
        attempts = [(mode, [fts.expression(mode), *exact]) for mode in fts.modes()]
    where_sql, params = where.sql(), where.params
    total = 0
    for attempt in attempts:
        mode, head = attempt
        count_sql = f"{with_sql} SELECT count(*) {source} WHERE {where_sql}"
        total = int(await db.scalar(count_sql, [*head, *params]))
        if total:
            break
    rows = await db.fetchall(
        f"{with_sql} SELECT p.id, p.sku, p.name, p.brand, p.category, p.price_cents, "
        f"p.final_sale, p.discontinued, p.superseded_by, {_AVAILABLE} AS available "
        f"{source} WHERE {where_sql} ORDER BY {order} LIMIT ? OFFSET ?",
        [*head, *params, page_size, offset(page, page_size)],
    )
    return ProductSearchResult(
        **page_info(page, page_size, total).model_dump(),
        match_mode=mode,
        note=None if total else "no product matches every filter",
        results=[
            ProductSummary(
                id=r["id"],
                sku=r["sku"],
                name=r["name"],
                brand=r["brand"],
                category=r["category"],
                price_usd=dollars(r["price_cents"]) or 0.0,
                in_stock_units=r["available"],
                final_sale=bool(r["final_sale"]),
                discontinued=bool(r["discontinued"]),
                successor_id=r["superseded_by"],
            )
            for r in rows
        ],
    )
